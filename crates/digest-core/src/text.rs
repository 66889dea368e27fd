//! Texts from front matter (titles, summaries, abstracts) to HTML, plain text, and the
//! list of their math spans.
//!
//! These texts are arXiv text: prose with LaTeX math (`$...$`, `$$...$$`, `\(...\)`,
//! `\[...\]`) and LaTeX text macros (`\emph{}`, ``` ``quotes'' ```, `~`, `--`, `\%`, ...).
//! One hand-written scanner serves every output: math becomes MathML at build time
//! (pulldown-latex), known text macros become HTML, and anything it does not understand
//! (an unknown macro, a brace that never closes, math that does not parse) is shown as
//! written. Everything from the text is HTML-escaped; nothing is ever dropped.
//!
//! The scanner runs over every title, summary and abstract of every build (tens of
//! thousands of texts), so it copies runs of ordinary bytes at once, finds the special
//! ASCII bytes through a lookup table (multi-byte UTF-8 never contains them), and
//! allocates only its output.

use std::error::Error as _;

use pulldown_latex::config::DisplayMode;
use pulldown_latex::event::Content;
use pulldown_latex::{Event, Parser, RenderConfig, Storage, push_mathml};
use unicode_normalization::UnicodeNormalization;

/// Escapes `&`, `<`, `>`, `"` and `'` for HTML text and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    escape_into(&mut out, s);
    out
}

/// Appends `s`, HTML-escaped, to `out`.
pub fn escape_into(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    if !bytes.iter().any(|&b| NEEDS_ESCAPE[b as usize]) {
        out.push_str(s);
        return;
    }
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&s[start..]);
}

/// Bytes that HTML escaping replaces.
const NEEDS_ESCAPE: [bool; 256] = {
    let mut t = [false; 256];
    t[b'&' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\'' as usize] = true;
    t
};

/// A one-line text (title, summary) as inline HTML: math as MathML, macros as HTML,
/// whitespace collapsed.
pub fn render_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    Scanner::new(text, Mode::Html, &mut out).run();
    out
}

/// A multi-paragraph text (abstract) as HTML paragraphs. Single line breaks (arXiv wraps
/// abstracts at fixed width) are joined; blank lines separate paragraphs.
pub fn render_block(text: &str) -> String {
    render_paragraphs(text, Mode::Html)
}

/// Like [`render_block`], but math stays LaTeX source (escaped). For feeds: feed readers
/// commonly strip MathML, and readers of arXiv text know its LaTeX.
pub fn render_block_source_math(text: &str) -> String {
    render_paragraphs(text, Mode::HtmlSourceMath)
}

fn render_paragraphs(text: &str, mode: Mode) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4 + 16);
    for para in paragraphs(text) {
        out.push_str("<p>");
        Scanner::new(para, mode, &mut out).run();
        out.push_str("</p>");
    }
    out
}

/// The paragraphs of a text: runs of lines separated by blank (or whitespace-only) lines.
fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        rest = rest.trim_start();
        if rest.is_empty() {
            return None;
        }
        // The first line is not blank (just trimmed): the paragraph ends at the first
        // blank line after it.
        let mut end = rest.len();
        let mut pos = 0;
        for line in rest.split_inclusive('\n') {
            if pos > 0 && line.trim().is_empty() {
                end = pos;
                break;
            }
            pos += line.len();
        }
        let para = rest[..end].trim_end();
        rest = &rest[end..];
        Some(para)
    })
}

/// LaTeX math as MathML (`display`: block math). Math that does not parse is shown as
/// written, with its delimiters, escaped.
pub fn render_math(latex: &str, display: bool) -> String {
    let mut out = String::with_capacity(latex.len() * 8 + 32);
    let (open, close) = if display { ("$$", "$$") } else { ("$", "$") };
    push_math(&mut out, latex, display, open, close);
    out
}

/// [`render_math`] for math written between `open` and `close` (`\\(` and `\\)`): what
/// does not parse is shown with those delimiters.
pub fn render_math_delimited(latex: &str, display: bool, open: &str, close: &str) -> String {
    let mut out = String::with_capacity(latex.len() * 8 + 32);
    push_math(&mut out, latex, display, open, close);
    out
}

/// A plain-text version (for `<title>`, meta tags, feed titles, BibTeX notes): text macros
/// resolved to characters, math kept as its LaTeX source, whitespace collapsed. Not escaped.
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    Scanner::new(text, Mode::Plain, &mut out).run();
    out
}

/// One math span of a text, as found by the same scanner that renders it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MathSpan {
    /// Byte range of the span in the text, delimiters included.
    pub start: usize,
    pub end: usize,
    /// Why the math does not parse; `None` when it renders.
    pub error: Option<String>,
}

/// Every math span of a text, each checked with the math parser (no rendering).
pub fn math_spans(text: &str) -> Vec<MathSpan> {
    let mut out = String::new();
    let mut scanner = Scanner::new(text, Mode::Check, &mut out);
    scanner.run();
    scanner.spans
}

/// Whether the LaTeX math parses; the parser's message when it does not.
pub fn check_math(latex: &str) -> Result<(), String> {
    let latex = expand_unicode(latex);
    let storage = Storage::new();
    for event in Parser::new(&latex, &storage) {
        match event {
            Err(e) => return Err(parser_message(&e)),
            Ok(event) if markup_in_function(&event) => {
                return Err("markup in a function name".to_string());
            }
            Ok(_) => {}
        }
    }
    Ok(())
}

/// A function name (`\operatorname{...}`, `\mathop{...}`) holding `<`, `>` or `&`:
/// pulldown-latex writes function names into the MathML as they are, so such math is not
/// rendered (it would put the user's markup into the page).
fn markup_in_function(event: &Event<'_>) -> bool {
    matches!(event, Event::Content(Content::Function(name)) if name.contains(['<', '>', '&']))
}

/// The MathML that pulldown-latex wrote, made well-formed, or `None` when its tags do not
/// nest (it writes `<msub></mtd></mtr><mtr<mi>` for a subscript without a base after a row
/// break): then the math is shown as written. pulldown-latex also writes the characters of
/// operators and identifiers as they are (`$a<b$` gives `<mo><</mo>`): browsers cope, XML
/// does not, so each `<`, `>` and `&` that is not markup is escaped. (Function names with
/// these are never rendered: [`markup_in_function`].)
fn tidy_mathml(mathml: &str) -> Option<std::borrow::Cow<'_, str>> {
    let bytes = mathml.as_bytes();
    let mut fixed: Option<String> = None;
    let mut copied = 0;
    let mut open: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let replacement = match bytes[i] {
            b'<' if bytes
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphabetic() || *n == b'/') =>
            {
                let end = i + mathml[i..].find('>')?;
                let tag = &mathml[i + 1..end];
                if tag.contains('<') {
                    return None;
                }
                if let Some(name) = tag.strip_prefix('/') {
                    if open.pop() != Some(name.trim_end()) {
                        return None;
                    }
                } else if !tag.ends_with('/') {
                    open.push(
                        tag.split(|c: char| c.is_ascii_whitespace())
                            .next()
                            .unwrap_or(tag),
                    );
                }
                i = end + 1;
                continue;
            }
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' if !starts_entity(&bytes[i + 1..]) => "&amp;",
            _ => {
                i += 1;
                continue;
            }
        };
        let f = fixed.get_or_insert_with(|| String::with_capacity(mathml.len() + 8));
        f.push_str(&mathml[copied..i]);
        f.push_str(replacement);
        i += 1;
        copied = i;
    }
    if !open.is_empty() {
        return None;
    }
    Some(match fixed {
        Some(mut f) => {
            f.push_str(&mathml[copied..]);
            std::borrow::Cow::Owned(f)
        }
        None => std::borrow::Cow::Borrowed(mathml),
    })
}

/// `name;` or `#123;` at the start of `rest` (what follows an `&`).
fn starts_entity(rest: &[u8]) -> bool {
    let name = rest
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'#')
        .count();
    name > 0 && rest.get(name) == Some(&b';')
}

fn parser_message(e: &pulldown_latex::ParserError) -> String {
    e.source().map_or_else(
        || e.to_string().lines().next().unwrap_or_default().to_string(),
        |kind| kind.to_string(),
    )
}

/// Renders math into `out`; on a parse error, writes the source as written instead.
fn push_math(out: &mut String, latex: &str, display: bool, open: &str, close: &str) {
    if latex.trim().is_empty() {
        push_math_source(out, open, latex, close);
        return;
    }
    let expanded = expand_unicode(latex);
    let storage = Storage::new();
    let mut failed = false;
    // Render straight from the parser and stop at the first error; the half-written MathML
    // is then cut off again. This avoids buffering the events of every span.
    let events = Parser::new(&expanded, &storage).map_while(|e| match e {
        Ok(event) if !markup_in_function(&event) => Some(Ok::<_, std::convert::Infallible>(event)),
        _ => {
            failed = true;
            None
        }
    });
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        ..RenderConfig::default()
    };
    let before = out.len();
    let written = push_mathml(out, events, config);
    let tidied = if failed || written.is_err() {
        None
    } else {
        match tidy_mathml(&out[before..]) {
            Some(std::borrow::Cow::Borrowed(_)) => return,
            Some(std::borrow::Cow::Owned(fixed)) => Some(fixed),
            None => None,
        }
    };
    out.truncate(before);
    match tidied {
        Some(fixed) => out.push_str(&fixed),
        None => push_math_source(out, open, latex, close),
    }
}

/// MathJax's `\unicode{x2014}` (common in arXiv abstracts, unknown to the math parser)
/// replaced by its character.
fn expand_unicode(latex: &str) -> std::borrow::Cow<'_, str> {
    const MACRO: &str = "\\unicode{";
    if !latex.contains(MACRO) {
        return std::borrow::Cow::Borrowed(latex);
    }
    let mut out = String::with_capacity(latex.len());
    let mut rest = latex;
    while let Some(at) = rest.find(MACRO) {
        let after = &rest[at + MACRO.len()..];
        match after
            .find('}')
            .and_then(|end| Some((unicode_argument(&after[..end])?, end)))
        {
            Some((c, end)) => {
                out.push_str(&rest[..at]);
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[..at + MACRO.len()]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

fn push_math_source(out: &mut String, open: &str, latex: &str, close: &str) {
    out.push_str("<span class=\"math-source\">");
    escape_into(out, open);
    escape_into(out, latex);
    escape_into(out, close);
    out.push_str("</span>");
}

/// What the scanner writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// HTML, math as MathML.
    Html,
    /// HTML, math as escaped LaTeX source.
    HtmlSourceMath,
    /// Plain text, math as LaTeX source, not escaped.
    Plain,
    /// Nothing: only the math spans are collected and checked.
    Check,
}

/// Deepest brace nesting the scanner follows; deeper text is shown as written. It bounds
/// the recursion on hostile input like ten thousand `{`.
const MAX_DEPTH: usize = 48;

/// Bytes that need a look: everything else is copied as is.
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let bytes = b"\\${}~-`'<>&\" \t\n\r";
    let mut i = 0;
    while i < bytes.len() {
        t[bytes[i] as usize] = true;
        i += 1;
    }
    t
};

/// An HTML element a macro becomes.
#[derive(Debug, Clone, Copy)]
enum Element {
    Em,
    I,
    B,
    Code,
    U,
    Sup,
    Sub,
    SmallCaps,
    /// No element: the contents only.
    None,
}

impl Element {
    fn open(self) -> &'static str {
        match self {
            Element::Em => "<em>",
            Element::I => "<i>",
            Element::B => "<b>",
            Element::Code => "<code>",
            Element::U => "<u>",
            Element::Sup => "<sup>",
            Element::Sub => "<sub>",
            Element::SmallCaps => "<span class=\"smallcaps\">",
            Element::None => "",
        }
    }

    fn close(self) -> &'static str {
        match self {
            Element::Em => "</em>",
            Element::I => "</i>",
            Element::B => "</b>",
            Element::Code => "</code>",
            Element::U => "</u>",
            Element::Sup => "</sup>",
            Element::Sub => "</sub>",
            Element::SmallCaps => "</span>",
            Element::None => "",
        }
    }
}

/// Text macros with one argument that become an element around it.
fn argument_element(name: &str) -> Option<Element> {
    Some(match name {
        "emph" => Element::Em,
        "textit" | "textsl" | "mathit" => Element::I,
        "textbf" | "mathbf" | "bm" | "boldsymbol" => Element::B,
        "texttt" | "mathtt" => Element::Code,
        "underline" | "uline" => Element::U,
        "textsuperscript" => Element::Sup,
        "textsubscript" => Element::Sub,
        "textsc" => Element::SmallCaps,
        "text" | "textrm" | "textnormal" | "textsf" | "textup" | "textmd" | "mbox" | "hbox"
        | "mathrm" | "mathsf" | "mathnormal" => Element::None,
        _ => return None,
    })
}

/// Old-style font switches (`{\em ...}`, `{\bf ...}`): they act up to the end of the group.
fn switch_element(name: &str) -> Option<Element> {
    Some(match name {
        "em" => Element::Em,
        "it" | "sl" | "itshape" | "slshape" => Element::I,
        "bf" | "bfseries" => Element::B,
        "tt" | "ttfamily" => Element::Code,
        "sc" | "scshape" => Element::SmallCaps,
        "rm" | "sf" | "normalfont" | "rmfamily" | "sffamily" | "upshape" | "mdseries" | "tiny"
        | "scriptsize" | "footnotesize" | "small" | "normalsize" | "large" | "Large" | "LARGE"
        | "huge" | "Huge" => Element::None,
        _ => return None,
    })
}

/// Text macros without an argument that stand for characters.
fn symbol(name: &str) -> Option<&'static str> {
    Some(match name {
        "ldots" | "dots" | "textellipsis" => "…",
        "textendash" => "–",
        "textemdash" => "—",
        "textbackslash" => "\\",
        "textasciitilde" => "~",
        "textasciicircum" => "^",
        "textless" => "<",
        "textgreater" => ">",
        "textbar" => "|",
        "textquoteleft" => "‘",
        "textquoteright" => "’",
        "textquotedblleft" => "“",
        "textquotedblright" => "”",
        "textbullet" => "•",
        "textdegree" => "°",
        "textregistered" => "®",
        "texttrademark" => "™",
        "textcopyright" | "copyright" => "©",
        "textsection" | "S" => "§",
        "textparagraph" | "P" => "¶",
        "dag" | "textdagger" => "†",
        "ddag" | "textdaggerdbl" => "‡",
        "pounds" | "textsterling" => "£",
        "euro" | "texteuro" => "€",
        "LaTeX" => "LaTeX",
        "TeX" => "TeX",
        "BibTeX" => "BibTeX",
        "ss" => "ß",
        "o" => "ø",
        "O" => "Ø",
        "ae" => "æ",
        "AE" => "Æ",
        "oe" => "œ",
        "OE" => "Œ",
        "aa" => "å",
        "AA" => "Å",
        "l" => "ł",
        "L" => "Ł",
        "i" => "ı",
        "j" => "ȷ",
        "slash" => "/",
        "quad" | "qquad" | "enspace" | "space" => " ",
        "newline" | "linebreak" | "par" | "noindent" | "xspace" | "relax" | "/" => "",
        _ => return None,
    })
}

/// The combining mark of an accent command (`\"o`, `\'e`, `\c{c}`, `\v{s}`, ...).
fn accent_mark(name: &str) -> Option<char> {
    Some(match name {
        "\"" => '\u{0308}',
        "'" => '\u{0301}',
        "`" => '\u{0300}',
        "^" => '\u{0302}',
        "~" => '\u{0303}',
        "=" => '\u{0304}',
        "." => '\u{0307}',
        "c" => '\u{0327}',
        "v" => '\u{030C}',
        "u" => '\u{0306}',
        "H" => '\u{030B}',
        "r" => '\u{030A}',
        "k" => '\u{0328}',
        "d" => '\u{0323}',
        "b" => '\u{0331}',
        _ => return None,
    })
}

/// Citation-like macros: shown as `[key]`, since the key is all an abstract has.
fn is_citation(name: &str) -> bool {
    matches!(
        name,
        "cite" | "citet" | "citep" | "citealp" | "citealt" | "citeauthor" | "ref" | "eqref"
    )
}

/// The single-pass converter. `text` is the whole input (for span offsets); each call of
/// [`Scanner::convert`] handles one slice of it (the whole, or the inside of a group).
struct Scanner<'t, 'o> {
    text: &'t str,
    mode: Mode,
    out: &'o mut String,
    /// A space is owed before the next visible output (whitespace is collapsed).
    space: bool,
    /// Nothing visible has been written yet (no leading space).
    at_start: bool,
    /// A single opening quote (`` ` ``) waits for its `'`.
    single_quote_open: bool,
    /// The last output was an opening tag: a space owed now was written before it.
    after_open_tag: bool,
    /// Math spans found ([`Mode::Check`] only).
    spans: Vec<MathSpan>,
    /// Pairs of brace positions in `text` (open, close), by open; computed on first use.
    braces: Option<Vec<(usize, usize)>>,
    /// Per closing delimiter (`$`, `$$`, `\)`, `\]`): a scan from this position (in `text`)
    /// to this slice end found none, so later scans to the same end need not look. Keeps
    /// texts full of lone `$` linear.
    unclosed: [(usize, usize); 4],
}

impl<'t, 'o> Scanner<'t, 'o> {
    fn new(text: &'t str, mode: Mode, out: &'o mut String) -> Self {
        Scanner {
            text,
            mode,
            out,
            space: false,
            at_start: true,
            single_quote_open: false,
            after_open_tag: false,
            spans: Vec::new(),
            braces: None,
            unclosed: [(usize::MAX, usize::MAX); 4],
        }
    }

    fn run(&mut self) {
        let text = self.text;
        self.convert(text, 0);
    }

    fn html(&self) -> bool {
        matches!(self.mode, Mode::Html | Mode::HtmlSourceMath)
    }

    /// Writes an owed space, if any, before visible output.
    fn flush_space(&mut self) {
        if self.space {
            if !self.at_start && !self.after_open_tag && self.mode != Mode::Check {
                self.out.push(' ');
            }
            self.space = false;
        }
        self.at_start = false;
        self.after_open_tag = false;
    }

    /// Visible text from the input, escaped for HTML.
    fn text_out(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        self.flush_space();
        match self.mode {
            Mode::Html | Mode::HtmlSourceMath => escape_into(self.out, s),
            Mode::Plain => self.out.push_str(s),
            Mode::Check => {}
        }
    }

    /// Markup (HTML modes only). Opening tags take the owed space before them; closing
    /// tags leave it for after them.
    fn markup(&mut self, tag: &str, opening: bool) {
        if tag.is_empty() || !self.html() {
            return;
        }
        if opening {
            self.flush_space();
            self.after_open_tag = true;
        }
        self.out.push_str(tag);
    }

    /// The index in `s` of the `}` closing the `{` at `open` of `s`.
    fn closing_brace(&mut self, s: &str, open: usize) -> Option<usize> {
        let base = self.offset(s);
        let text = self.text;
        let pairs = self.braces.get_or_insert_with(|| brace_pairs(text));
        let k = pairs
            .binary_search_by_key(&(base + open), |&(o, _)| o)
            .ok()?;
        Some(pairs[k].1 - base)
    }

    /// A macro argument `{...}` at `at` of `s` (after optional spaces): its inside and the
    /// index after its `}`.
    fn argument<'s>(&mut self, s: &'s str, at: usize) -> Option<(&'s str, usize)> {
        let skipped = s[at..].len() - s[at..].trim_start_matches([' ', '\t']).len();
        let open = at + skipped;
        if !s[open..].starts_with('{') {
            return None;
        }
        let close = self.closing_brace(s, open)?;
        Some((&s[open + 1..close], close + 1))
    }

    /// The closing delimiter `kind` (0 `$`, 1 `$$`, 2 `\)`, 3 `\]`) of math whose inside
    /// starts at `from` of `s`.
    fn closing_delimiter(&mut self, s: &str, from: usize, kind: usize) -> Option<usize> {
        let base = self.offset(s);
        let end = base + s.len();
        let (failed_from, failed_end) = self.unclosed[kind];
        if failed_end == end && base + from >= failed_from {
            return None;
        }
        let (found, reached_end) = match kind {
            0 => find_inline_dollar(s, from),
            1 => find_closing(s, from, "$$"),
            2 => find_closing(s, from, "\\)"),
            _ => find_closing(s, from, "\\]"),
        };
        if reached_end {
            self.unclosed[kind] = (base + from, end);
        }
        found
    }

    fn offset(&self, s: &str) -> usize {
        s.as_ptr() as usize - self.text.as_ptr() as usize
    }

    fn convert(&mut self, s: &str, depth: usize) {
        if depth > MAX_DEPTH {
            self.literal_collapsed(s);
            return;
        }
        let bytes = s.as_bytes();
        let mut i = 0;
        let mut run_start = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if !SPECIAL[b as usize] {
                i += 1;
                continue;
            }
            // A single space between two words needs no collapsing: it stays in the run,
            // which keeps prose to one copy per run instead of one per word.
            if b == b' '
                && i > run_start
                && bytes
                    .get(i + 1)
                    .is_some_and(|&n| !matches!(n, b' ' | b'\t' | b'\n' | b'\r'))
            {
                i += 1;
                continue;
            }
            self.text_out(&s[run_start..i]);
            i = self.special(s, i, depth);
            run_start = i;
        }
        self.text_out(&s[run_start..]);
    }

    /// Handles the special byte at `i`; returns where scanning resumes.
    fn special(&mut self, s: &str, i: usize, depth: usize) -> usize {
        let bytes = s.as_bytes();
        let next = bytes.get(i + 1).copied();
        match bytes[i] {
            b' ' | b'\t' | b'\n' | b'\r' => {
                self.space = true;
                i + 1
            }
            b'$' => self.dollar(s, i),
            b'\\' => self.backslash(s, i, depth),
            b'{' => match self.closing_brace(s, i) {
                Some(close) => {
                    self.group(&s[i + 1..close], depth);
                    close + 1
                }
                None => {
                    self.text_out("{");
                    i + 1
                }
            },
            b'}' => {
                self.text_out("}");
                i + 1
            }
            b'~' => {
                self.text_out("\u{a0}");
                i + 1
            }
            b'-' => {
                if s[i..].starts_with("---") {
                    self.text_out("—");
                    i + 3
                } else if next == Some(b'-') {
                    self.text_out("–");
                    i + 2
                } else {
                    self.text_out("-");
                    i + 1
                }
            }
            b'`' => {
                if next == Some(b'`') {
                    self.text_out("“");
                    i + 2
                } else {
                    self.single_quote_open = true;
                    self.text_out("‘");
                    i + 1
                }
            }
            b'\'' => {
                if next == Some(b'\'') {
                    self.text_out("”");
                    i + 2
                } else if self.single_quote_open {
                    self.single_quote_open = false;
                    self.text_out("’");
                    i + 1
                } else {
                    self.text_out("'");
                    i + 1
                }
            }
            // `<`, `>`, `&`, `"`: ordinary text that needs escaping.
            _ => {
                self.text_out(&s[i..i + 1]);
                i + 1
            }
        }
    }

    /// `$...$` or `$$...$$` at `i`; a `$` that opens nothing is a dollar sign.
    fn dollar(&mut self, s: &str, i: usize) -> usize {
        let bytes = s.as_bytes();
        if bytes.get(i + 1) == Some(&b'$') {
            if let Some(end) = self.closing_delimiter(s, i + 2, 1) {
                self.math(s, i, &s[i + 2..end], end + 2, true, "$$");
                return end + 2;
            }
            self.text_out("$$");
            return i + 2;
        }
        match self.closing_delimiter(s, i + 1, 0) {
            Some(end) => {
                self.math(s, i, &s[i + 1..end], end + 1, false, "$");
                end + 1
            }
            None => {
                self.text_out("$");
                i + 1
            }
        }
    }

    /// A math span from `start` to `end` of `s` whose inside is `latex`.
    fn math(&mut self, s: &str, start: usize, latex: &str, end: usize, display: bool, delim: &str) {
        let close = match delim {
            "\\(" => "\\)",
            "\\[" => "\\]",
            other => other,
        };
        match self.mode {
            Mode::Html => {
                self.flush_space();
                push_math(self.out, latex, display, delim, close);
            }
            Mode::HtmlSourceMath => {
                self.flush_space();
                push_math_source(self.out, delim, latex, close);
            }
            Mode::Plain => {
                self.flush_space();
                self.out.push_str(&s[start..end]);
            }
            Mode::Check => {
                let error = if latex.trim().is_empty() {
                    Some("empty math".to_string())
                } else {
                    check_math(latex).err()
                };
                let base = self.offset(s);
                self.spans.push(MathSpan {
                    start: base + start,
                    end: base + end,
                    error,
                });
            }
        }
    }

    /// A backslash at `i`: math delimiters, escaped characters, accents and macros.
    fn backslash(&mut self, s: &str, i: usize, depth: usize) -> usize {
        let bytes = s.as_bytes();
        let Some(&next) = bytes.get(i + 1) else {
            self.text_out("\\");
            return i + 1;
        };
        match next {
            b'(' | b'[' => {
                let (kind, display) = if next == b'(' { (2, false) } else { (3, true) };
                if let Some(end) = self.closing_delimiter(s, i + 2, kind) {
                    let delim = if display { "\\[" } else { "\\(" };
                    self.math(s, i, &s[i + 2..end], end + 2, display, delim);
                    return end + 2;
                }
                self.text_out(&s[i..i + 2]);
                i + 2
            }
            b'%' | b'&' | b'_' | b'#' | b'$' | b'{' | b'}' => {
                self.text_out(&s[i + 1..i + 2]);
                i + 2
            }
            b'\\' | b' ' | b'\n' | b'\t' | b'\r' => {
                self.space = true;
                i + 2
            }
            b',' => {
                self.text_out("\u{2009}");
                i + 2
            }
            b';' | b':' => {
                self.text_out(" ");
                i + 2
            }
            b'-' | b'@' | b'/' => i + 2,
            b'"' | b'\'' | b'`' | b'^' | b'~' | b'=' | b'.' => {
                let mark = accent_mark(&s[i + 1..i + 2]).unwrap_or('\u{0301}');
                self.accent(s, i, i + 2, mark)
            }
            c if c.is_ascii_alphabetic() => {
                let name_end = i
                    + 1
                    + bytes[i + 1..]
                        .iter()
                        .take_while(|b| b.is_ascii_alphabetic())
                        .count();
                self.command(s, i, &s[i + 1..name_end], name_end, depth)
            }
            _ => {
                self.text_out("\\");
                i + 1
            }
        }
    }

    /// A macro `\name` spanning `i..name_end` of `s`.
    fn command(&mut self, s: &str, i: usize, name: &str, name_end: usize, depth: usize) -> usize {
        if let Some(element) = switch_element(name) {
            // Acts to the end of the enclosing group: the rest of this slice.
            let rest = s[name_end..].trim_start();
            self.markup(element.open(), true);
            let rest_start = s.len() - rest.len();
            self.convert(&s[rest_start..], depth + 1);
            self.markup(element.close(), false);
            return s.len();
        }
        if let Some(element) = argument_element(name)
            && let Some((arg, end)) = self.argument(s, name_end)
        {
            self.markup(element.open(), true);
            self.convert(arg, depth + 1);
            self.markup(element.close(), false);
            return end;
        }
        if let Some(mark) = accent_mark(name)
            && name.len() == 1
        {
            return self.accent(s, i, name_end, mark);
        }
        if let Some(text) = symbol(name) {
            self.text_out(text);
            // `\ss{}`, `\LaTeX{}`: the empty group only ends the macro name.
            return if s[name_end..].starts_with("{}") {
                name_end + 2
            } else {
                name_end
            };
        }
        match name {
            "url" => {
                if let Some((arg, end)) = self.argument(s, name_end) {
                    self.link(arg.trim(), None, depth);
                    return end;
                }
            }
            "href" => {
                if let Some((url, mid)) = self.argument(s, name_end)
                    && let Some((label, end)) = self.argument(s, mid)
                {
                    self.link(url.trim(), Some(label), depth);
                    return end;
                }
            }
            "textcolor" | "colorbox" => {
                if let Some((_, mid)) = self.argument(s, name_end)
                    && let Some((arg, end)) = self.argument(s, mid)
                {
                    self.convert(arg, depth + 1);
                    return end;
                }
            }
            "footnote" => {
                if let Some((arg, end)) = self.argument(s, name_end) {
                    self.space = true;
                    self.text_out("(");
                    self.convert(arg, depth + 1);
                    self.text_out(")");
                    return end;
                }
            }
            "unicode" => {
                // MathJax's `\unicode{x2014}` (seen outside math in abstracts, too).
                if let Some((arg, end)) = self.argument(s, name_end)
                    && let Some(c) = unicode_argument(arg)
                {
                    let mut buf = [0u8; 4];
                    self.text_out(c.encode_utf8(&mut buf));
                    return end;
                }
            }
            _ if is_citation(name) => {
                if let Some((arg, end)) = self.argument(s, name_end) {
                    self.text_out("[");
                    let mut first = true;
                    for key in arg.split(',') {
                        if !first {
                            self.text_out(", ");
                        }
                        first = false;
                        self.text_out(key.trim());
                    }
                    self.text_out("]");
                    return end;
                }
            }
            _ => {}
        }
        // Unknown (or missing its argument): shown as written, braces of its arguments kept.
        self.text_out(&s[i..name_end]);
        let mut at = name_end;
        while s[at..].starts_with('{') {
            let Some(close) = self.closing_brace(s, at) else {
                break;
            };
            self.text_out("{");
            self.convert(&s[at + 1..close], depth + 1);
            self.text_out("}");
            at = close + 1;
        }
        at
    }

    /// `{...}`: a font switch at its start applies to all of it; otherwise the braces only
    /// group (`{T}ransformer`) and are dropped.
    fn group(&mut self, inner: &str, depth: usize) {
        self.convert(inner, depth + 1);
    }

    /// An accent command from `i`, its letter (or `{letter}`) starting at `at`.
    fn accent(&mut self, s: &str, i: usize, at: usize, mark: char) -> usize {
        let (base, end) = match s[at..].chars().next() {
            Some('{') => match self.closing_brace(s, at) {
                Some(close) => {
                    let inner = s[at + 1..close].trim();
                    // `\"{\i}` is a dotless i with an accent: plain i.
                    let inner = if inner == "\\i" { "i" } else { inner };
                    let mut chars = inner.chars();
                    match (chars.next(), chars.next()) {
                        (Some(c), None) => (Some(c), close + 1),
                        (None, _) => (Some(' '), close + 1),
                        _ => (None, at),
                    }
                }
                None => (None, at),
            },
            Some(c) if c.is_alphabetic() => (Some(c), at + c.len_utf8()),
            _ => (None, at),
        };
        match base {
            Some(' ') => {
                // `\~{}`, `\^{}`: the accent alone, as the character written.
                let written = &s[i + 1..at];
                if written.len() == 1 && !written.as_bytes()[0].is_ascii_alphabetic() {
                    self.text_out(written);
                } else {
                    let mut buf = [0u8; 4];
                    self.text_out(mark.encode_utf8(&mut buf));
                }
                end
            }
            Some(base) => {
                let composed: String = [base, mark].into_iter().nfc().collect();
                self.text_out(&composed);
                end
            }
            None => {
                self.text_out(&s[i..at]);
                at
            }
        }
    }

    /// `\url{u}` and `\href{u}{label}`: a link when `u` is http(s), else the text.
    fn link(&mut self, url: &str, label: Option<&str>, depth: usize) {
        let linkable = url.starts_with("http://") || url.starts_with("https://");
        if linkable && self.html() {
            self.flush_space();
            self.out.push_str("<a href=\"");
            escape_into(self.out, url);
            self.out.push_str("\">");
        }
        match label {
            Some(label) => self.convert(label, depth + 1),
            None => self.text_out(url),
        }
        if linkable && self.html() {
            self.out.push_str("</a>");
        }
    }

    /// Text shown exactly as written, whitespace still collapsed.
    fn literal_collapsed(&mut self, s: &str) {
        for (k, word) in s.split_ascii_whitespace().enumerate() {
            if k > 0 || s.starts_with(|c: char| c.is_ascii_whitespace()) {
                self.space = true;
            }
            self.text_out(word);
        }
        if s.ends_with(|c: char| c.is_ascii_whitespace()) {
            self.space = true;
        }
    }
}

/// Every matched pair of braces of `text` (open, close), sorted by the open position.
/// Escaped braces (`\{`) do not count; unmatched ones are left out.
fn brace_pairs(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut pairs = Vec::new();
    let mut open = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'{' => open.push(i),
            b'}' => {
                if let Some(o) = open.pop() {
                    pairs.push((o, i));
                }
            }
            _ => {}
        }
        i += 1;
    }
    pairs.sort_unstable();
    pairs
}

/// The start of `close` at or after `from`, skipping backslash escapes (`\$` is not a `$`,
/// `\\` is not the start of `\)`); and whether the scan reached the end of `s`.
fn find_closing(s: &str, from: usize, close: &str) -> (Option<usize>, bool) {
    let bytes = s.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        if bytes[i..].starts_with(close.as_bytes()) {
            return (Some(i), false);
        }
        i += if bytes[i] == b'\\' { 2 } else { 1 };
    }
    (None, true)
}

/// The closing `$` of inline math whose inside starts at `from`, by Pandoc's rule, which
/// keeps prices like "$5 and $10" text: the inside does not start with a space, the closing
/// `$` does not follow a space, and when the inside starts with a digit the closing `$` is
/// not followed by one (narrower than Pandoc, for `$\$$80`). Also whether the scan
/// reached the end of `s`.
fn find_inline_dollar(s: &str, from: usize) -> (Option<usize>, bool) {
    let bytes = s.as_bytes();
    match bytes.get(from) {
        None | Some(b' ' | b'\t' | b'\n' | b'\r' | b'$') => return (None, false),
        _ => {}
    }
    let starts_with_digit = bytes[from].is_ascii_digit();
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'$' => {
                let after_space = matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'\r');
                let digit_follows =
                    starts_with_digit && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
                if !after_space && !digit_follows {
                    return (Some(i), false);
                }
                if bytes.get(i + 1) == Some(&b'$') {
                    // `$$` inside inline math cannot close it cleanly; give up.
                    return (None, false);
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    (None, true)
}

/// `x2014` or `2014` or `8212` (MathJax `\unicode` argument) as a character.
fn unicode_argument(arg: &str) -> Option<char> {
    let arg = arg.trim();
    let code = match arg.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => arg.parse().ok()?,
    };
    char::from_u32(code).filter(|c| !c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything() {
        assert_eq!(
            render_inline("<script>a & b</script>"),
            "&lt;script&gt;a &amp; b&lt;/script&gt;"
        );
        assert_eq!(render_block("a\nb\n\nc"), "<p>a b</p><p>c</p>");
        assert_eq!(render_block("a\n  \nb"), "<p>a</p><p>b</p>");
        assert_eq!(render_inline("\"x\" 'y'"), "&quot;x&quot; &#39;y&#39;");
    }

    #[test]
    fn inline_math_becomes_mathml() {
        // 1808.08763 (cn-chat-arxiv 2026-08).
        let html = render_inline("Monte Carlo and $TD(\\lambda)$ methods");
        assert!(
            html.starts_with("Monte Carlo and <math display=\"inline\">"),
            "{html}"
        );
        assert!(html.contains("λ"), "{html}");
        assert!(html.ends_with("</math> methods"), "{html}");
        assert!(!html.contains('$'));
    }

    #[test]
    fn every_delimiter_kind_is_math() {
        for (text, display) in [
            ("a $\\mathcal{O}(n^2)$ b", "inline"),
            ("a \\(\\frac{a}{b}\\) b", "inline"),
            ("a $$x^2$$ b", "block"),
            ("a \\[\\sum_i x_i\\] b", "block"),
        ] {
            let html = render_inline(text);
            assert!(
                html.contains(&format!("<math display=\"{display}\">")),
                "{text}: {html}"
            );
            assert!(
                html.starts_with("a <math") && html.ends_with("</math> b"),
                "{html}"
            );
        }
    }

    #[test]
    fn chinese_translations_keep_math() {
        let html = render_block("我们考虑了$TD(\\lambda)$方法的收敛性。");
        assert!(html.starts_with("<p>我们考虑了<math"), "{html}");
        assert!(html.ends_with("</math>方法的收敛性。</p>"), "{html}");
    }

    #[test]
    fn prices_and_escaped_dollars_are_text() {
        // 2310.09373: `\$902.91`; a plain "$5 and $10" is not math either.
        assert_eq!(
            render_inline("initially at \\$902.91, since"),
            "initially at $902.91, since"
        );
        assert_eq!(render_inline("costs $5 and $10"), "costs $5 and $10");
        // 2310.12760: math holding an escaped dollar.
        let html = render_inline("around $\\$$80/tCO$_2$");
        assert!(html.matches("<math").count() == 2, "{html}");
    }

    #[test]
    fn text_macros_become_html() {
        assert_eq!(
            render_inline("\\textit{a} \\emph{b} \\textbf{c} \\texttt{d}"),
            "<i>a</i> <em>b</em> <b>c</b> <code>d</code>"
        );
        assert_eq!(
            render_inline("``quoted'' `single' 1--2 a---b x~y"),
            "“quoted” ‘single’ 1–2 a—b x\u{a0}y"
        );
        assert_eq!(
            render_inline("50\\% Q\\&A snake\\_case \\#1"),
            "50% Q&amp;A snake_case #1"
        );
        // 2310.00692: old-style switches.
        assert_eq!(
            render_inline("mentioned {\\em noise geometry} for"),
            "mentioned <em>noise geometry</em> for"
        );
        assert_eq!(
            render_inline("{\\bf Bold} {T}ransformer"),
            "<b>Bold</b> Transformer"
        );
        assert_eq!(
            render_inline("\\textsc{GraphCare}"),
            "<span class=\"smallcaps\">GraphCare</span>"
        );
    }

    #[test]
    fn urls_become_links_and_other_schemes_do_not() {
        // 2310.00036.
        assert_eq!(
            render_inline("available at \\url{https://github.com/vwxyzjn/cleanba}."),
            "available at <a href=\"https://github.com/vwxyzjn/cleanba\">https://github.com/vwxyzjn/cleanba</a>."
        );
        assert_eq!(
            render_inline("\\href{https://github.com/a/b}{GitHub~repo}"),
            "<a href=\"https://github.com/a/b\">GitHub\u{a0}repo</a>"
        );
        assert_eq!(
            render_inline("\\url{javascript:alert(1)}"),
            "javascript:alert(1)"
        );
        assert_eq!(
            render_inline("\\url{https://a.b/\"><script>}"),
            "<a href=\"https://a.b/&quot;&gt;&lt;script&gt;\">https://a.b/&quot;&gt;&lt;script&gt;</a>"
        );
    }

    #[test]
    fn accents_compose() {
        // 2310.00604, 2309.16742, 2310.01032.
        assert_eq!(
            render_inline("Schr\\\"odinger Schr\\\"{o}dinger"),
            "Schrödinger Schrödinger"
        );
        assert_eq!(
            render_inline("Cram\\'er-Rao na\\\"ive \\c{c}a"),
            "Cramér-Rao naïve ça"
        );
        assert_eq!(render_inline("\\L{}ojasiewicz"), "Łojasiewicz");
    }

    #[test]
    fn broken_input_is_shown_as_written() {
        assert_eq!(
            render_inline("\\textbf{never closed"),
            "\\textbf{never closed"
        );
        assert_eq!(render_inline("stray } brace {"), "stray } brace {");
        assert_eq!(render_inline("a $b"), "a $b");
        assert_eq!(
            render_inline("\\ours{} beats \\method"),
            "\\ours{} beats \\method"
        );
        assert_eq!(render_inline("\\(unclosed"), "\\(unclosed");
        // Math that does not parse: the source, escaped, in place.
        let html = render_inline("x $\\frac{a$ y <b>");
        assert_eq!(
            html,
            "x <span class=\"math-source\">$\\frac{a$</span> y &lt;b&gt;"
        );
        // Deep nesting does not overflow the stack.
        let deep = "{".repeat(100_000) + &"}".repeat(100_000);
        let _ = render_inline(&deep);
        let open = "\\textbf{".repeat(10_000);
        assert!(render_inline(&open).starts_with("\\textbf{"));
    }

    #[test]
    fn unicode_macros_in_math_become_characters() {
        // 2310.05742: `distance$\\unicode{x2014}$a measure`.
        let html = render_inline("distance$\\unicode{x2014}$a measure");
        assert!(html.contains("<math") && html.contains('—'), "{html}");
        assert!(check_math("\\unicode{x2013}").is_ok());
        assert!(check_math("\\unicode{zz}").is_err());
    }

    #[test]
    fn math_inside_macros_and_macros_inside_math() {
        // 2310.03234: `$\underline{\bf n}$on-`.
        let html = render_inline("$\\underline{\\bf n}$on-$\\underline{\\bf s}$mooth");
        assert_eq!(html.matches("<math").count(), 2, "{html}");
        let html = render_inline("\\textbf{$x$ wins}");
        assert!(html.starts_with("<b><math"), "{html}");
    }

    #[test]
    fn citations_and_footnotes() {
        assert_eq!(
            render_inline("of~\\cite{gradu2020non, b}"),
            "of\u{a0}[gradu2020non, b]"
        );
        assert_eq!(
            render_inline("results\\footnote{Code at \\url{https://x.y}} here"),
            "results (Code at <a href=\"https://x.y\">https://x.y</a>) here"
        );
    }

    #[test]
    fn plain_text_resolves_macros_and_keeps_math_source() {
        assert_eq!(
            plain("The \\emph{Schr\\\"odinger}  bridge\n for $\\mathcal{O}(n)$ --- fast"),
            "The Schrödinger bridge for $\\mathcal{O}(n)$ — fast"
        );
        assert_eq!(plain("<a & b>"), "<a & b>");
    }

    #[test]
    fn feed_html_keeps_math_as_source() {
        assert_eq!(
            render_block_source_math("a $x<1$ \\emph{b}"),
            "<p>a <span class=\"math-source\">$x&lt;1$</span> <em>b</em></p>"
        );
    }

    #[test]
    fn math_spans_are_located_and_checked() {
        let text = "ok $x$ and \\(\\frac{a\\) and $$y$$";
        let spans = math_spans(text);
        assert_eq!(spans.len(), 3);
        assert_eq!(&text[spans[0].start..spans[0].end], "$x$");
        assert!(spans[0].error.is_none());
        assert_eq!(&text[spans[1].start..spans[1].end], "\\(\\frac{a\\)");
        assert!(spans[1].error.is_some());
        assert_eq!(&text[spans[2].start..spans[2].end], "$$y$$");
        // Inside a macro argument the offset is still relative to the whole text.
        let text = "\\textbf{see $\\frac{$}";
        let spans = math_spans(text);
        assert_eq!(&text[spans[0].start..spans[0].end], "$\\frac{$");
    }

    #[test]
    fn math_cannot_inject_markup() {
        // pulldown-latex writes `\operatorname{}` arguments as they are. Found by the fuzz
        // target `text`: this made an HTML element (and an event handler) from a title.
        for text in [
            "$\\operatorname{<img src=x onerror=alert(1)>}$",
            "$\\operatorname{<script>alert(1)</script>}$",
            "$\\mathop{<b>}$",
            "$\\operatorname{a&b}$",
        ] {
            let html = render_inline(text);
            assert!(
                html.starts_with("<span class=\"math-source\">$") && !html.contains("<math"),
                "{text}: {html}"
            );
            assert!(!html.contains("<img") && !html.contains("<script") && !html.contains("<b>"));
        }
        assert_eq!(
            check_math("\\operatorname{<b>}").unwrap_err(),
            "markup in a function name"
        );
    }

    #[test]
    fn math_operators_are_escaped() {
        // `<mo><</mo>` is what pulldown-latex writes for `<`; browsers cope, XML does not.
        let html = render_inline("$p<0.05$ and ${<}$ and $\\&$ and $a>b$");
        assert!(html.contains("<mo>&lt;</mo>"), "{html}");
        assert!(
            html.contains("<mi>&amp;</mi>") || html.contains("<mo>&amp;</mo>"),
            "{html}"
        );
        assert!(!html.contains("><<") && !html.contains(">&<"), "{html}");
        assert!(html.contains("<mo>&gt;</mo>"), "{html}");
    }

    #[test]
    fn math_that_renders_to_broken_markup_is_shown_as_written() {
        // Found by the fuzz target `text`: pulldown-latex writes `<msub></mtd></mtr><mtr<mi>`
        // for a subscript without a base after a row break.
        let text = "$\\begin{pmatrix}\\\\_c\\end{pmatrix}$";
        assert_eq!(
            render_inline(text),
            "<span class=\"math-source\">$\\begin{pmatrix}\\\\_c\\end{pmatrix}$</span>"
        );
        // The same matrix with a base renders.
        assert!(render_inline("$\\begin{pmatrix}a\\\\b_c\\end{pmatrix}$").starts_with("<math"));
    }

    #[test]
    fn whitespace_is_collapsed_around_markup() {
        assert_eq!(render_inline("  a \n  \\emph{ b }  c  "), "a <em>b</em> c");
        assert_eq!(render_inline("x\\~{}user"), "x~user");
    }
}
