//! LaTeX math → MathML (pulldown-latex), made safe and well-formed; checking math without
//! rendering it; the math spans of a text.
//!
//! pulldown-latex parses and renders the math; what is hand-written is around it: MathJax's
//! `\unicode{}` that it does not know, its output made well-formed XML, function names
//! that would carry markup refused, and math that does not parse, or that makes
//! pulldown-latex panic, shown as written.

use std::borrow::Cow;
use std::cell::Cell;
use std::error::Error as _;
use std::ops::Range;
use std::panic::AssertUnwindSafe;
use std::sync::Once;

use pulldown_latex::config::DisplayMode;
use pulldown_latex::event::Content;
use pulldown_latex::{Event, Parser, RenderConfig, Storage, push_mathml};

use super::macros::unicode_argument;
use super::scanner::{Mode, Scanner};
use crate::escape::escape_into;
use crate::line_breaks::is_wide;

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
    math_and_prose_spans(text).0
}

/// [`math_spans`], and the pairs of `$` around Chinese or Japanese words, which are shown
/// as written rather than as math (byte ranges in the text, both `$` included): a `$` lost
/// or added, mostly by a translation.
pub fn math_and_prose_spans(text: &str) -> (Vec<MathSpan>, Vec<Range<usize>>) {
    let mut out = String::new();
    let mut scanner = Scanner::new(text, Mode::Check, &mut out);
    scanner.run();
    let prose = scanner
        .prose
        .iter()
        .map(|&(start, end)| start..end)
        .collect();
    (scanner.spans, prose)
}

/// Whether the LaTeX math parses; the parser's message when it does not.
pub fn check_math(latex: &str) -> Result<(), String> {
    let latex = for_the_parser(latex)?;
    let storage = Storage::new();
    guarded(|| {
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
    })
    .unwrap_or_else(|| Err("the math parser cannot read this".to_string()))
}

/// A function name (`\operatorname{...}`, `\mathop{...}`) holding `<`, `>` or `&`:
/// pulldown-latex writes function names into the MathML as they are, so such math is not
/// rendered (it would put the user's markup into the page).
fn markup_in_function(event: &Event<'_>) -> bool {
    matches!(event, Event::Content(Content::Function(name)) if name.contains(['<', '>', '&']))
}

/// `mathml` without the attributes pulldown-latex writes that say what MathML assumes:
/// `display="inline"` (the default of `<math>`) and `symmetric="false"` beside
/// `stretchy="false"` (symmetry is only how an operator stretches). A 285-paper digest
/// wrote them 3 KB over; `None` when there are none.
fn without_defaults(mathml: &str) -> Option<String> {
    const INLINE: &str = "<math display=\"inline\">";
    const FIXED: &str = " symmetric=\"false\" stretchy=\"false\"";
    if !mathml.starts_with(INLINE) && !mathml.contains(FIXED) {
        return None;
    }
    let rest = mathml
        .strip_prefix(INLINE)
        .map_or(mathml.to_string(), |rest| format!("<math>{rest}"));
    Some(rest.replace(FIXED, " stretchy=\"false\""))
}

/// The text pulldown-latex 0.8 gives a control space or a tie (`\ `, `~`) is the entity
/// `&nbsp;`, which it then escapes as it escapes any text: the page showed `&nbsp;`
/// between the number and its unit of `$2.5 \ h/\rm{Mpc}$`. Such a text is always the
/// whole of its `mtext`.
const SPACE_ESCAPED_TWICE: &str = ">&amp;nbsp;</mtext>";

/// `mathml` with each space of [`SPACE_ESCAPED_TWICE`] a no-break space (the character,
/// not the entity, which XML does not know); `None` when there is none.
fn with_spaces_unescaped(mathml: &str) -> Option<String> {
    mathml
        .contains(SPACE_ESCAPED_TWICE)
        .then(|| mathml.replace(SPACE_ESCAPED_TWICE, ">\u{a0}</mtext>"))
}

/// The MathML that pulldown-latex wrote, made well-formed, or `None` when its tags do not
/// nest (it writes `<msub></mtd></mtr><mtr<mi>` for a subscript without a base after a row
/// break): then the math is shown as written. pulldown-latex also writes the characters of
/// operators and identifiers as they are (`$a<b$` gives `<mo><</mo>`): browsers cope, XML
/// does not, so each `<`, `>` and `&` that is not markup is escaped. (Function names with
/// these are never rendered: [`markup_in_function`].)
///
/// Three more mends of what pulldown-latex 0.8 writes, which browsers or validators read
/// wrong: a space it puts before an operator name that has a script (`\log^2 n`) inside the
/// script element, as a third child (`<msup><mspace/><mi>log</mi><mn>2</mn></msup>`: the
/// browser then shows no superscript), goes before it; attributes it writes without a space
/// between them (`stretchy="true"minsize=` of `\bigl(`) are spaced; and the `mrow` it gives
/// `displaystyle` (`\tfrac`) becomes the `mstyle` MathML 3 wants there. A space wider than
/// [`MAX_SPACE_EM`] (`\hspace{-500em}`, which would move the text over the rest of the
/// page) is cut to that width, and the spaces back (negative) of one formula, together,
/// to that much (forty `\hspace{-4em}` would do the same).
fn tidy_mathml(mathml: &str) -> Option<std::borrow::Cow<'_, str>> {
    let bytes = mathml.as_bytes();
    let mut fixed: Option<String> = None;
    let mut copied = 0;
    // Each open element: its name as pulldown-latex wrote it, and as it is written here.
    let mut open: Vec<(&str, &str)> = Vec::new();
    // How far back (in em) the formula's spaces may still go.
    let mut back = MAX_SPACE_EM;
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
                let mut written: Option<String> = None;
                let mut next = end + 1;
                if let Some(name) = tag.strip_prefix('/') {
                    let (opened, as_written) = open.pop()?;
                    if opened != name.trim_end() {
                        return None;
                    }
                    if as_written != opened {
                        written = Some(format!("</{as_written}>"));
                    }
                } else {
                    let name = tag
                        .split(|c: char| c.is_ascii_whitespace())
                        .next()
                        .unwrap_or(tag);
                    let mut mended = mended_tag(tag, &mut back);
                    let mut as_written = name;
                    if name == "mrow" && tag.contains(" displaystyle=") {
                        as_written = "mstyle";
                        let attributes = &mended.as_deref().unwrap_or(tag)["mrow".len()..];
                        mended = Some(format!("mstyle{attributes}"));
                    }
                    if !tag.ends_with('/') {
                        open.push((name, as_written));
                    }
                    let tag = mended.as_deref().unwrap_or(tag);
                    let space = &mathml[end + 1..];
                    if matches!(name, "msup" | "msub" | "msubsup")
                        && space.starts_with("<mspace ")
                        && let Some(space_end) = space.find("/>")
                        && !space[..space_end].contains('>')
                    {
                        let space_tag = &space[1..space_end + 1];
                        let space_tag =
                            mended_tag(space_tag, &mut back).unwrap_or(space_tag.to_string());
                        written = Some(format!("<{space_tag}><{tag}>"));
                        next = end + 1 + space_end + 2;
                    } else if mended.is_some() {
                        written = Some(format!("<{tag}>"));
                    }
                }
                if let Some(written) = written {
                    let f = fixed.get_or_insert_with(|| String::with_capacity(mathml.len() + 8));
                    f.push_str(&mathml[copied..i]);
                    f.push_str(&written);
                    copied = next;
                }
                i = next;
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

/// The widest space math may make, in em (either way): `\qquad` is 2.
const MAX_SPACE_EM: f64 = 4.0;

/// `tag` (the inside of a start tag, `mo stretchy="true"minsize="1em"`) mended, or `None`
/// when it needs nothing: a space between attributes that have none, and the width of an
/// `mspace` (and the margin pulldown-latex gives a negative one) cut to [`MAX_SPACE_EM`],
/// or, going back, to what is left of `back` (em), which it uses up.
fn mended_tag(tag: &str, back: &mut f64) -> Option<String> {
    // The ends of the attribute values that the next attribute follows without a space.
    let bytes = tag.as_bytes();
    let mut in_value = false;
    let mut unspaced = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'"' {
            in_value = !in_value;
            if !in_value
                && bytes
                    .get(i + 1)
                    .is_some_and(|n| !n.is_ascii_whitespace() && *n != b'/')
            {
                unspaced.push(i + 1);
            }
        }
    }
    let is_space = tag.starts_with("mspace ");
    // Most tags need nothing: nothing is copied for them (this runs for every tag of every
    // formula).
    if unspaced.is_empty() && !is_space {
        return None;
    }
    let mut out = String::with_capacity(tag.len() + unspaced.len());
    let mut from = 0;
    for at in &unspaced {
        out.push_str(&tag[from..*at]);
        out.push(' ');
        from = *at;
    }
    out.push_str(&tag[from..]);
    let mut changed = !unspaced.is_empty();
    if is_space {
        let value_of = |out: &str, attribute: &str| -> Option<(usize, usize)> {
            let at = out.find(attribute)? + attribute.len();
            let end = out[at..].find(['"', ';']).map_or(out.len(), |end| at + end);
            Some((at, end))
        };
        let length = value_of(&out, "width=\"").map(|(at, end)| out[at..end].to_string());
        // pulldown-latex writes a length in mu (`\mkern18mu`) already in em, with the unit
        // `mu`, which no browser reads (it drew no space at all).
        let in_mu = length.as_deref().is_some_and(|l| l.ends_with("mu"));
        let width = length.as_deref().and_then(em_of);
        if let Some(width) = width {
            let allowed = if width < 0.0 {
                let allowed = width.max(-*back);
                *back += allowed;
                allowed
            } else {
                width.min(MAX_SPACE_EM)
            };
            if allowed != width || in_mu {
                let written = format!("{}em", (allowed * 1e4).round() / 1e4);
                for attribute in ["width=\"", "margin-left: "] {
                    if let Some((at, end)) = value_of(&out, attribute) {
                        out.replace_range(at..end, &written);
                    }
                }
                changed = true;
            }
        }
    }
    changed.then_some(out)
}

/// `length` (`-500em`, `30cm`) in em, or `None` when it is not a length this knows.
fn em_of(length: &str) -> Option<f64> {
    let unit_at = length.find(|c: char| c.is_ascii_alphabetic())?;
    let value: f64 = length[..unit_at].parse().ok()?;
    // Ems in each unit, for a 10-point font (as TeX's em).
    let per_unit = match &length[unit_at..] {
        "em" => 1.0,
        "ex" => 0.43,
        // As pulldown-latex writes it: the number is in em already.
        "mu" => 1.0,
        "pt" | "bp" | "dd" => 0.1,
        "pc" | "cc" => 1.2,
        "px" => 0.075,
        "mm" => 0.285,
        "cm" => 2.85,
        "in" => 7.2,
        _ => return None,
    };
    Some(value * per_unit)
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
pub(super) fn push_math(out: &mut String, latex: &str, display: bool, open: &str, close: &str) {
    if latex.trim().is_empty() {
        push_math_source(out, open, latex, close);
        return;
    }
    let Ok(expanded) = for_the_parser(latex) else {
        push_math_source(out, open, latex, close);
        return;
    };
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
    let Some(written) = guarded(|| push_mathml(&mut *out, events, config)) else {
        out.truncate(before);
        push_math_source(out, open, latex, close);
        return;
    };
    // A character the parser made from a code (`\char1`) can be a control character,
    // which HTML may not carry: such math is shown as written.
    let controls = out[before..]
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'));
    // The MathML mended (`Some(Some(_))`), right as written (`Some(None)`), or not to be
    // shown (`None`: the source is shown instead).
    let mended = if failed || written.is_err() || controls {
        None
    } else {
        tidy_mathml(&out[before..]).map(|tidied| {
            let lighter = without_defaults(&tidied).map_or(tidied, Cow::Owned);
            match with_spaces_unescaped(&lighter) {
                Some(spaced) => Some(spaced),
                None => match lighter {
                    Cow::Borrowed(_) => None,
                    Cow::Owned(fixed) => Some(fixed),
                },
            }
        })
    };
    match mended {
        Some(None) => {}
        Some(Some(fixed)) => {
            out.truncate(before);
            out.push_str(&fixed);
        }
        None => {
            out.truncate(before);
            push_math_source(out, open, latex, close);
        }
    }
}

thread_local! {
    /// Whether a call to pulldown-latex is running on this thread, under [`guarded`].
    static GUARDED: Cell<bool> = const { Cell::new(false) };
}

/// `f` (a call to pulldown-latex), or `None` when it panics. pulldown-latex 0.8 panics on
/// some math that does not hold together (an array row with more cells than its columns,
/// found by the fuzz target `text`); such math is shown as written, like math that does
/// not parse, rather than stopping the build. The panic is not printed: the hook set
/// here once is quiet while a guarded call runs, and hands every other panic to the hook
/// before it.
fn guarded<T>(f: impl FnOnce() -> T) -> Option<T> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = GUARDED.with(|g| g.replace(true));
    let result = std::panic::catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(was));
    result.ok()
}

/// The math as pulldown-latex is given it: `\unicode{}` expanded ([`expand_unicode`]) and
/// whitespace outside ASCII (a no-break or ideographic space, a paragraph separator) made
/// a space; or why it cannot be given it. pulldown-latex 0.8 steps over the space after a
/// dimension (`\hspace{1em }`) and the character after `\char` as one byte, and panics
/// inside a character of more: `\char` before a character outside ASCII is refused here,
/// as the parser would refuse it had it not panicked.
/// `latex` with its operator names (`\operatorname{...}`, `\operatorname*{...}`,
/// `\mathop{...}`) in the form pulldown-latex reads, or `None` when it has none to change.
/// pulldown-latex 0.8 writes the name as it is, into one `<mi>`: `\operatorname*` gave the
/// rest of the formula as its name, `\operatorname{arg\,max}` the text `arg\,max`, and
/// `\operatorname{KL^{-1}}` the text `KL^{-1}`. So the star goes (it places the limits of
/// a display formula under the name: here they are its scripts), thin spaces become
/// spaces, scripts inside the name go after it, and a name with other commands in it
/// (`\operatorname{\mathbb{E}}`) becomes `\mathrm{...}`, which the parser reads as math.
fn operator_names_for_the_parser(latex: &str) -> Option<String> {
    const COMMANDS: [&str; 2] = ["\\operatorname", "\\mathop"];
    let mut out = String::with_capacity(latex.len());
    let mut changed = false;
    // Up to where `latex` is copied to `out`; each backslash is looked at once, so a
    // formula of many names is read in one pass.
    let mut copied = 0;
    let mut from = 0;
    while let Some(found) = latex[from..].find('\\') {
        let at = from + found;
        from = at + 1;
        let Some(command) = COMMANDS.iter().find(|c| latex[at..].starts_with(**c)) else {
            continue;
        };
        let after = &latex[at + command.len()..];
        if after.starts_with(|c: char| c.is_ascii_alphabetic()) {
            // Another command (`\operatornamewithlimits`): as it is.
            continue;
        }
        // TeX lets a space come before the star.
        let starred = after.trim_start().strip_prefix('*');
        let argument = starred.unwrap_or(after).trim_start();
        out.push_str(&latex[copied..at]);
        out.push_str(command);
        let Some(close) = argument.strip_prefix('{').and_then(group_end) else {
            // No braces (`\\operatorname*x`): TeX takes one token as the name, where
            // pulldown-latex took the rest of the formula; the token gets braces.
            let token_len = match argument.strip_prefix('\\') {
                Some(command) => {
                    1 + command
                        .find(|c: char| !c.is_ascii_alphabetic())
                        .unwrap_or(command.len())
                        .max(1)
                }
                None => argument.chars().next().map_or(0, char::len_utf8),
            };
            if token_len == 0 || !argument.is_char_boundary(token_len) {
                copied = latex.len() - argument.len();
                from = copied;
                continue;
            }
            out.push('{');
            out.push_str(&argument[..token_len]);
            out.push('}');
            changed = true;
            copied = latex.len() - argument.len() + token_len;
            from = copied;
            continue;
        };
        let name = &argument[1..1 + close];
        let mut rest = &argument[close + 2..];
        let (name, scripts) = split_scripts(name);
        let plain = plain_name(name);
        changed |= starred.is_some() || !scripts.is_empty() || plain.as_deref() != Some(name);
        match plain {
            Some(plain) => {
                out.push('{');
                out.push_str(&plain);
                out.push('}');
            }
            None => {
                changed = true;
                out.truncate(out.len() - command.len());
                out.push_str("\\mathrm{");
                out.push_str(name);
                out.push('}');
            }
        }
        out.push_str(scripts);
        // `\limits` and `\nolimits` place a display formula's scripts; pulldown-latex
        // reads them after no name (they stopped the formula from rendering).
        let trimmed = rest.trim_start();
        for placing in ["\\limits", "\\nolimits"] {
            if let Some(after) = trimmed.strip_prefix(placing)
                && !after.starts_with(|c: char| c.is_ascii_alphabetic())
            {
                rest = after;
                changed = true;
                break;
            }
        }
        copied = latex.len() - rest.len();
        from = copied;
    }
    out.push_str(&latex[copied..]);
    changed.then_some(out)
}

/// The length of the group whose `{` was just read from `text`, up to its `}`.
fn group_end(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '{' => depth += 1,
            '}' if depth == 0 => return Some(i),
            '}' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// An operator name and the scripts written inside it (`KL^{-1}_{x}` → `KL`, `^{-1}_{x}`):
/// from its first `^` or `_` outside braces.
fn split_scripts(name: &str) -> (&str, &str) {
    let mut depth = 0usize;
    for (i, c) in name.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            '^' | '_' if depth == 0 && i > 0 => return name.split_at(i),
            _ => {}
        }
    }
    (name, "")
}

/// An operator name as plain text (thin spaces as spaces, braces gone), or `None` when it
/// holds another command.
fn plain_name(name: &str) -> Option<String> {
    let mut plain = String::with_capacity(name.len());
    let mut chars = name.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                ',' | ';' | ':' | '>' | ' ' => plain.push(' '),
                '!' => {}
                _ => return None,
            },
            '{' | '}' => {}
            _ => plain.push(c),
        }
    }
    Some(plain)
}

fn for_the_parser(latex: &str) -> Result<std::borrow::Cow<'_, str>, String> {
    // pulldown-latex reads a group's content again for each group it is in: 40,000 nested
    // braces (a hostile record) took 17 s. Real formulas nest a few levels.
    if group_depth(latex) > MAX_GROUP_DEPTH {
        return Err(format!(
            "the math nests more than {MAX_GROUP_DEPTH} groups `{{...}}` in one another"
        ));
    }
    let mut text = expand_unicode(latex);
    if text.contains("\\text")
        && let Some(unbraced) = text_groups_unbraced(&text)
    {
        text = std::borrow::Cow::Owned(unbraced);
    }
    if text.chars().any(|c| c.is_whitespace() && !c.is_ascii()) {
        let spaced = text
            .chars()
            .map(|c| {
                if c.is_whitespace() && !c.is_ascii() {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        text = std::borrow::Cow::Owned(spaced);
    }
    if (text.contains("\\operatorname") || text.contains("\\mathop"))
        && let Some(names) = operator_names_for_the_parser(&text)
    {
        text = std::borrow::Cow::Owned(names);
    }
    let mut rest = text.as_ref();
    while let Some(at) = rest.find("\\char") {
        rest = &rest[at + "\\char".len()..];
        if rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let after = rest.trim_start_matches(' ');
        let after = after.strip_prefix(['\'', '"', '`']).unwrap_or(after);
        if after.starts_with(|c: char| !c.is_ascii()) {
            return Err("`\\char` takes a number".to_string());
        }
    }
    Ok(text)
}

/// The deepest math given to the parser, in groups one inside another.
const MAX_GROUP_DEPTH: usize = 64;

/// How deep `latex`'s groups nest (`{`, not `\{`), at most.
pub(super) fn group_depth(latex: &str) -> usize {
    let (mut depth, mut deepest, mut escaped) = (0usize, 0usize, false);
    for b in latex.bytes() {
        match b {
            _ if escaped => escaped = false,
            b'\\' => escaped = true,
            b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// The text commands of math, whose argument pulldown-latex shows as it is written.
const TEXT_COMMANDS: [&str; 6] = ["text", "textbf", "textit", "textrm", "textsf", "texttt"];

/// Whether math holds Chinese or Japanese words outside the arguments of the commands that
/// take words (`\text{准确率}`, `\mbox{}`, `\operatorname{}`, `\href{}{}`). No formula of the
/// corpus does, not even a single character; prose between two `$` that do not belong
/// together does (`$Q\in \mathbb{R}^n。 无偏稀疏化……如果$`, of a translation that lost a `$`).
/// Full-width punctuation is no word: translators write it in formulas (`$f：2^{[n]}$`).
pub(super) fn holds_prose(latex: &str) -> bool {
    if latex.is_ascii() {
        return false;
    }
    let mut i = 0;
    while i < latex.len() {
        let rest = &latex[i..];
        let Some(c) = rest.chars().next() else { break };
        if c != '\\' {
            if is_wide(c) && c.is_alphabetic() {
                return true;
            }
            i += c.len_utf8();
            continue;
        }
        let name_len = rest[1..]
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len() - 1);
        let name = &rest[1..1 + name_len];
        // Past the name, or past the one character a backslash escapes (`\{`).
        i += 1 + if name_len > 0 {
            name_len
        } else {
            rest[1..].chars().next().map_or(0, char::len_utf8)
        };
        if !takes_words(name) {
            continue;
        }
        // Every argument, as `\href{url}{words}` has two; one that never closes is none.
        loop {
            let arguments = &latex[i..];
            let spaces = arguments.len() - arguments.trim_start().len();
            let Some(inside) = arguments[spaces..].strip_prefix('{') else {
                break;
            };
            let Some(end) = group_end(inside) else { break };
            i += spaces + 1 + end + 1;
        }
    }
    false
}

/// The commands of math whose arguments are words, not math: [`TEXT_COMMANDS`] and those
/// that set words otherwise (a box, an upright name, a link).
fn takes_words(name: &str) -> bool {
    TEXT_COMMANDS.contains(&name)
        || matches!(
            name,
            "textup"
                | "textnormal"
                | "textsl"
                | "textmd"
                | "textsc"
                | "emph"
                | "mbox"
                | "hbox"
                | "mathrm"
                | "operatorname"
                | "href"
                | "url"
        )
}

/// `latex` with the groups inside the argument of a text command (`\textit{{certainty
/// equivalent}}`, `\text{a {b} c}`) ungrouped: in LaTeX they only group, but pulldown-latex
/// writes the argument out as it is, braces and all. A group that is a command's own
/// argument (`\text{\'{e}}`) is kept. And the commands that set the text in a font
/// (`\textit`, `\textbf`, ...) become `\text`: pulldown-latex writes their letters as
/// the mathematical alphabet's (𝑐𝑒𝑟𝑡), which screen readers spell one by one and which
/// a search or a copy of the words does not find. `None` when there is nothing to change.
fn text_groups_unbraced(latex: &str) -> Option<String> {
    let bytes = latex.as_bytes();
    let mut drop: Vec<usize> = Vec::new();
    let mut at = 0;
    while let Some(found) = latex[at..].find('\\') {
        let start = at + found + 1;
        let name_end = latex[start..]
            .find(|c: char| !c.is_ascii_alphabetic())
            .map_or(latex.len(), |n| start + n);
        // Past the command's name, or past the one character a backslash escapes
        // (which may take several bytes).
        at = if name_end > start {
            name_end
        } else {
            start + latex[start..].chars().next().map_or(0, char::len_utf8)
        };
        if !TEXT_COMMANDS.contains(&&latex[start..name_end]) || bytes.get(name_end) != Some(&b'{') {
            continue;
        }
        // The argument's braces; inside it, each group not right after a command.
        let mut open: Vec<Option<usize>> = Vec::new();
        let mut i = name_end;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => i += 1,
                b'{' => {
                    let after_command = i > name_end && {
                        let before = &latex[..i];
                        let letters = before.trim_end_matches(|c: char| c.is_ascii_alphabetic());
                        letters.len() < before.len() && letters.ends_with('\\')
                            || before.ends_with(['\'', '`', '^', '"', '~', '='])
                                && before[..before.len() - 1].ends_with('\\')
                    };
                    open.push((i > name_end && !after_command).then_some(i));
                }
                b'}' => match open.pop() {
                    Some(Some(opened)) => drop.extend([opened, i]),
                    Some(None) if open.is_empty() => break,
                    Some(None) => {}
                    None => break,
                },
                _ => {}
            }
            i += 1;
        }
        at = at.max(i.min(latex.len()));
    }
    let fonts = TEXT_COMMANDS[1..]
        .iter()
        .any(|name| latex.contains(&format!("\\{name}{{")));
    if drop.is_empty() && !fonts {
        return None;
    }
    drop.sort_unstable();
    let mut out = String::with_capacity(latex.len());
    let mut last = 0;
    for at in drop {
        out.push_str(&latex[last..at]);
        last = at + 1;
    }
    out.push_str(&latex[last..]);
    for name in &TEXT_COMMANDS[1..] {
        out = out.replace(&format!("\\{name}{{"), "\\text{");
    }
    Some(out)
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

pub(super) fn push_math_source(out: &mut String, open: &str, latex: &str, close: &str) {
    out.push_str("<span class=\"math-source\">");
    escape_into(out, open);
    escape_into(out, latex);
    escape_into(out, close);
    out.push_str("</span>");
}
