//! The scanner of arXiv text: one pass over a text that writes HTML, plain text, or only
//! the list of its math spans ([`Mode`]).
//!
//! Hand-written: no crate reads arXiv's mix of prose, LaTeX math and LaTeX text macros
//! (pulldown-latex takes math only, pulldown-cmark Markdown only).
//!
//! It runs over every title, summary and abstract of every build (tens of thousands of
//! texts), so it copies runs of ordinary bytes at once, finds the special ASCII bytes
//! through a lookup table (multi-byte UTF-8 never contains them), and allocates only its
//! output. Backslash commands are handled in `commands.rs`; the macros it knows are the
//! tables of `macros.rs`.

use super::math::{MathSpan, check_math, holds_prose, push_math, push_math_source};
use super::urls::{Url, find_urls, href, unescaped};
use crate::escape::escape_into;
use crate::line_breaks::{is_space, joins_without_space};

/// What the scanner writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
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

/// The single-pass converter. `text` is the whole input (for span offsets); each call of
/// [`Scanner::convert`] handles one slice of it (the whole, or the inside of a group).
pub(super) struct Scanner<'t, 'o> {
    text: &'t str,
    mode: Mode,
    pub(super) out: &'o mut String,
    /// A space is owed before the next visible output (whitespace is collapsed).
    pub(super) space: bool,
    /// Nothing visible has been written yet (no leading space).
    at_start: bool,
    /// A single opening quote (`` ` ``) waits for its `'`.
    single_quote_open: bool,
    /// The last output was an opening tag: a space owed now was written before it.
    after_open_tag: bool,
    /// Math spans found ([`Mode::Check`] only).
    pub(super) spans: Vec<MathSpan>,
    /// Pairs of `$` around prose, shown as text: where they start and end in `text`
    /// ([`Mode::Check`] only).
    pub(super) prose: Vec<(usize, usize)>,
    /// The addresses written out in `text` ([`find_urls`]).
    urls: Vec<Url>,
    /// Addresses become links; not inside a link's own label (`\href{u}{https://...}`).
    autolinks: bool,
    /// Pairs of brace positions in `text` (open, close), by open; computed on first use.
    braces: Option<Vec<(usize, usize)>>,
    /// Per closing delimiter (`$`, `$$`, `\)`, `\]`): a scan from this position (in `text`)
    /// to this slice end found none, so later scans to the same end need not look. Keeps
    /// texts full of lone `$` linear.
    unclosed: [(usize, usize); 4],
}

impl<'t, 'o> Scanner<'t, 'o> {
    pub(super) fn new(text: &'t str, mode: Mode, out: &'o mut String) -> Self {
        Scanner {
            text,
            mode,
            out,
            space: false,
            at_start: true,
            single_quote_open: false,
            after_open_tag: false,
            spans: Vec::new(),
            prose: Vec::new(),
            urls: find_urls(text),
            autolinks: true,
            braces: None,
            unclosed: [(usize::MAX, usize::MAX); 4],
        }
    }

    pub(super) fn run(&mut self) {
        let text = self.text;
        self.convert(text, 0);
    }

    pub(super) fn html(&self) -> bool {
        matches!(self.mode, Mode::Html | Mode::HtmlSourceMath)
    }

    /// Writes an owed space, if any, before visible output.
    pub(super) fn flush_space(&mut self) {
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
    pub(super) fn text_out(&mut self, s: &str) {
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
    pub(super) fn markup(&mut self, tag: &str, opening: bool) {
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
    pub(super) fn closing_brace(&mut self, s: &str, open: usize) -> Option<usize> {
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
    pub(super) fn argument<'s>(&mut self, s: &'s str, at: usize) -> Option<(&'s str, usize)> {
        let skipped = s[at..].len() - s[at..].trim_start_matches([' ', '\t']).len();
        let open = at + skipped;
        if !s[open..].starts_with('{') {
            return None;
        }
        let close = self.closing_brace(s, open)?;
        Some((&s[open + 1..close], close + 1))
    }

    /// The closing delimiter `kind` (0 `$`, 1 `$$`, 2 `\)`, 3 `\]`) of math whose inside
    /// starts at `from` of `s`: the next one, as LaTeX pairs them.
    pub(super) fn closing_delimiter(&mut self, s: &str, from: usize, kind: usize) -> Option<usize> {
        let base = self.offset(s);
        let end = base + s.len();
        let (failed_from, failed_end) = self.unclosed[kind];
        if failed_end == end && base + from >= failed_from {
            return None;
        }
        let (found, reached_end) = match kind {
            0 => find_closing(s, from, "$"),
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

    pub(super) fn convert(&mut self, s: &str, depth: usize) {
        if depth > MAX_DEPTH {
            self.literal_collapsed(s);
            return;
        }
        let bytes = s.as_bytes();
        let mut i = 0;
        let mut run_start = 0;
        let mut next_url = self.next_url(s, 0);
        while i < bytes.len() {
            if i == next_url {
                self.text_out(&s[run_start..i]);
                i = self.url(s, i);
                run_start = i;
                next_url = self.next_url(s, i);
                continue;
            }
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
            // An address that started inside what was just read (math, `\url{}`, code) is
            // part of it.
            if next_url < i {
                next_url = self.next_url(s, i);
            }
        }
        self.text_out(&s[run_start..]);
    }

    /// The index in `s` of the first address that starts at or after `from` of `s` and
    /// ends within it; `usize::MAX` when there is none (or addresses are not linked here).
    fn next_url(&self, s: &str, from: usize) -> usize {
        if self.urls.is_empty() || !self.autolinks {
            return usize::MAX;
        }
        let base = self.offset(s);
        let k = self.urls.partition_point(|u| u.start < base + from);
        match self.urls.get(k) {
            Some(url) if url.end <= base + s.len() => url.start - base,
            _ => usize::MAX,
        }
    }

    /// The address starting at `i` of `s`, as written (LaTeX's `\_` undone) and, in HTML,
    /// a link. Returns the index after it.
    fn url(&mut self, s: &str, i: usize) -> usize {
        let base = self.offset(s);
        let k = self.urls.partition_point(|u| u.start < base + i);
        let end = self.urls[k].end - base;
        let url = unescaped(&s[i..end]);
        if self.html() {
            self.open_link(&href(&url));
            self.text_out(&url);
            self.out.push_str("</a>");
        } else {
            self.text_out(&url);
        }
        end
    }

    /// `<a href="...">`, `href` escaped; the caller checked it is http(s).
    pub(super) fn open_link(&mut self, href: &str) {
        self.flush_space();
        self.out.push_str("<a href=\"");
        escape_into(self.out, href);
        self.out.push_str("\">");
    }

    /// Converts `s` with addresses as text: the label of a link (a link cannot hold one).
    pub(super) fn convert_unlinked(&mut self, s: &str, depth: usize) {
        let autolinks = std::mem::replace(&mut self.autolinks, false);
        self.convert(s, depth);
        self.autolinks = autolinks;
    }

    /// Handles the special byte at `i`; returns where scanning resumes.
    fn special(&mut self, s: &str, i: usize, depth: usize) -> usize {
        let bytes = s.as_bytes();
        let next = bytes.get(i + 1).copied();
        match bytes[i] {
            b' ' | b'\t' | b'\n' | b'\r' => self.whitespace(s, i),
            b'$' => self.dollar(s, i),
            b'\\' => self.backslash(s, i, depth),
            b'{' => match self.closing_brace(s, i) {
                Some(close) if braces_are_text(s, i, &s[i + 1..close]) => {
                    self.text_out("{");
                    self.group(&s[i + 1..close], depth);
                    self.text_out("}");
                    close + 1
                }
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
            // A tie (`Fig.~2`, `Table~1`, `et al.~\cite`) joins a word to what follows;
            // anywhere else a tilde in an abstract is text: "about" (`~1%`, `~ 10%`,
            // `~$O(n)$`, `r ~ 0.5`, `~=`) or a range (`14~32%`, `350M~66B`).
            b'~' if !is_tie(s, i) => {
                self.text_out("~");
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
                } else if let Some(close) = code_end(s, i) {
                    self.markup("<code>", true);
                    self.literal_collapsed(&s[i + 1..close]);
                    self.markup("</code>", false);
                    close + 1
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

    /// The run of whitespace starting at `i`: one space owed, or none for a line break
    /// within Chinese or Japanese text (`注意力机制，\n完全摒弃`), which has no spaces
    /// between words ([`joins_without_space`]). Returns the index after the run.
    fn whitespace(&mut self, s: &str, i: usize) -> usize {
        let rest = &s[i..];
        let end = i + rest.len() - rest.trim_start_matches(is_space).len();
        let run = &s[i..end];
        let joined = !self.space
            && run.contains(['\n', '\r'])
            && run.matches('\n').count() < 2
            && s[..i]
                .chars()
                .next_back()
                .zip(s[end..].chars().next())
                .is_some_and(|(before, after)| joins_without_space(before, after));
        if !joined {
            self.space = true;
        }
        end
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
        let Some(end) = self.closing_delimiter(s, i + 1, 0) else {
            self.text_out("$");
            return i + 1;
        };
        match dollar_pair(s, i, end) {
            Pair::Math => {
                self.math(s, i, &s[i + 1..end], end + 1, false, "$");
                end + 1
            }
            pair => {
                if pair == Pair::Prose && self.mode == Mode::Check {
                    let base = self.offset(s);
                    self.prose.push((base + i, base + end + 1));
                }
                // The first `$` is a dollar sign; the second may open math of its own.
                self.text_out("$");
                i + 1
            }
        }
    }

    /// A math span from `start` to `end` of `s` whose inside is `latex`.
    pub(super) fn math(
        &mut self,
        s: &str,
        start: usize,
        latex: &str,
        end: usize,
        display: bool,
        delim: &str,
    ) {
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

/// What a `$` and the next one hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pair {
    Math,
    /// Dollar signs: amounts, or a first `$` that the second does not close.
    Text,
    /// Prose ([`holds_prose`]): a `$` lost or added, mostly by a translation.
    Prose,
}

/// What the `$` at `open` of `s` and the next one, at `close`, hold. LaTeX (and MathJax,
/// on arXiv's pages) pairs them in order, and spaces inside are fine (`$ \log T $`, as
/// abstracts and their translations write them), so the pair is math unless:
/// - nothing is between them;
/// - it is an amount, as Pandoc tells them (`$5 and $10`, `$5 and $ 10`): the inside
///   starts with a digit, and the second `$` follows a space or is followed by a digit;
/// - the second `$` opens math rather than closing it (`fine-tuning $B more than
///   fine-tuning $A`, a summary that lost two): it follows a space and is followed by a
///   letter, a digit or a command, while the first is followed by no space;
/// - it holds Chinese or Japanese words: prose between two `$` that do not belong
///   together ([`Pair::Prose`]).
///
/// Then the first `$` is a dollar sign and the second may open math of its own, which
/// finds the formula after a lost `$` again.
fn dollar_pair(s: &str, open: usize, close: usize) -> Pair {
    let inside = &s[open + 1..close];
    let Some(first) = inside.bytes().find(|&b| !is_space(char::from(b))) else {
        return Pair::Text;
    };
    let tight_open = !inside.starts_with(is_space);
    let loose_close = inside.ends_with(is_space);
    let after = s.as_bytes().get(close + 1).copied();
    let amount = tight_open
        && first.is_ascii_digit()
        && (loose_close || after.is_some_and(|b| b.is_ascii_digit()));
    let opens_next =
        tight_open && loose_close && after.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'\\');
    if amount || opens_next {
        Pair::Text
    } else if holds_prose(inside) {
        Pair::Prose
    } else {
        Pair::Math
    }
}

/// The closing backquote of Markdown's code (`` `spotRiver` ``) opened by the backquote at
/// `open` of `s`, or `None` for LaTeX's opening quote (`` `word' ``): a backquote closes
/// code, a `'` the quote, whichever comes first. An apostrophe (a `'` before a letter, as
/// in `` `don't` ``) closes nothing. Code hugs its backquotes, as words hug quotes: no
/// space inside either, and no letter or digit after the closing one; else the backquote
/// is the quote, or an apostrophe written so (`Lorenz `63 ... Lorenz `63`). Nor is a
/// double backquote (LaTeX's opening quote ``` `` ```) a closing one.
fn code_end(s: &str, open: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    if bytes.get(open + 1).is_none_or(|&b| is_space(char::from(b))) {
        return None;
    }
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'`' => {
                let hugs = !is_space(char::from(bytes[i - 1]))
                    && !bytes
                        .get(i + 1)
                        .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'`');
                return hugs.then_some(i);
            }
            b'\'' if !bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) => return None,
            _ => i += 1,
        }
    }
    None
}

/// Whether the braces of the group `inner`, opened at `open` in `s`, are text a reader
/// must see rather than TeX's grouping: a set of numbers or symbols (`{-1, 0, 1}`,
/// `{v1，...，vn}`: two or more items, none with a space, one with a digit or an
/// ellipsis) or a subscript or superscript written outside math (`λ_{t+1}`). Grouping
/// braces (`{T}ransformer`, `{3D}`, `22{,}879`, `{\em a, b and c}`, a sentence in
/// braces) are not shown.
fn braces_are_text(s: &str, open: usize, inner: &str) -> bool {
    let after_script = open > 0 && matches!(s.as_bytes()[open - 1], b'_' | b'^');
    let items: Vec<&str> = inner.split([',', '，']).map(str::trim).collect();
    let a_set = items.len() >= 2
        && items.iter().all(|item| {
            !item.is_empty() && !item.contains(char::is_whitespace) && !item.starts_with('\\')
        })
        && items.iter().any(|item| {
            item.contains(|c: char| c.is_ascii_digit())
                || item.contains("...")
                || item.contains('…')
        });
    after_script || a_set
}

/// Whether the `~` at `at` in `s` is TeX's tie, which joins what is before it to what
/// follows: before a command (`~\cite{x}`), or after a word, a number, math or a bracket
/// and before a word (`Fig.~2`, `2.16~dB`, `$d$~inputs`, `(a)~clusters`). Not after a
/// space or `(` ("about": `~1%`, `(~10x)`), not between numbers (a range: `14~32%`,
/// `350M~66B`), not before a space or `=` (`r ~ 0.5`, `~=`), and never beside Chinese,
/// which writes `~` for a range or "about" (`周一~周五`).
fn is_tie(s: &str, at: usize) -> bool {
    let (Some(prev), Some(next)) = (s[..at].chars().next_back(), s[at + 1..].chars().next()) else {
        return false;
    };
    // Chinese and Japanese as the line breaks' rule knows them.
    let wide = crate::line_breaks::is_wide;
    if wide(prev) || wide(next) || next.is_whitespace() || matches!(next, '=' | '~') {
        return false;
    }
    if next == '\\' {
        return true;
    }
    if prev.is_whitespace() || prev == '(' {
        return false;
    }
    if next.is_ascii_digit() {
        // A number after a word (`Fig.~2`) is a tie; after a number, a range.
        let before = s[..at]
            .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '[' | '{' | '$'))
            .next()
            .unwrap_or("");
        return !before.is_empty()
            && !before.contains(|c: char| c.is_ascii_digit() || c == '%')
            && before
                .chars()
                .last()
                .is_some_and(|c| c.is_alphabetic() || c == '.');
    }
    true
}
