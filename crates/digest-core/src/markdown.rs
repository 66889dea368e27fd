//! Markdown bodies to HTML (pulldown-cmark), in one pass over the events.
//!
//! The pass adds what pulldown-cmark leaves to us: heading ids, math rendered at build time,
//! raw HTML escaped unless `unsafe_html`, and link schemes other than http(s), mailto and
//! relative links neutralised.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

use crate::text;

/// Renders a Markdown body. `unsafe_html` lets raw HTML through unchanged; site links
/// (`/papers/x/`) get `base_path` (`/repo/`) in front, so they work under a path prefix.
pub fn render_markdown(source: &str, unsafe_html: bool, base_path: &str) -> String {
    let latex = protect_latex_delimiters(source);
    let source = latex.as_ref().map_or(source, |(s, _)| s.as_str());
    let latex_spans = latex
        .as_ref()
        .map_or(&[][..], |(_, spans)| spans.as_slice());
    let mut events: Vec<Event<'_>> = Parser::new_ext(source, options()).collect();
    add_heading_ids(&mut events);
    let events = events.into_iter().map(|event| match event {
        Event::Text(text) if text.contains(MATH_OPEN) => {
            Event::InlineHtml(CowStr::from(restore_math(&text, latex_spans)))
        }
        Event::Html(raw) | Event::InlineHtml(raw) if !unsafe_html => Event::Text(raw),
        Event::InlineMath(latex) => {
            Event::InlineHtml(CowStr::from(text::render_math(&latex, false)))
        }
        Event::DisplayMath(latex) => {
            Event::InlineHtml(CowStr::from(text::render_math(&latex, true)))
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: with_base_path(safe_url(dest_url), base_path),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_MATH
}

/// Stands for the `n`-th LaTeX-delimited span while the Markdown is parsed:
/// `MATH_OPEN n MATH_CLOSE` (private-use characters, which text does not contain).
const MATH_OPEN: char = '\u{e000}';
const MATH_CLOSE: char = '\u{e001}';

/// A `\(…\)` (inline) or `\[…\]` (display) span of the source.
struct LatexSpan {
    latex: String,
    display: bool,
    /// Byte range in the source, delimiters included.
    range: Range<usize>,
}

/// Markdown reads `\(` and `\[` as escaped punctuation, so math in LaTeX's own delimiters
/// would lose them. They are replaced by placeholders before parsing, outside code, raw
/// HTML and `$` math, and rendered after ([`restore_math`]). `None` when there are none.
fn protect_latex_delimiters(source: &str) -> Option<(String, Vec<LatexSpan>)> {
    if !(source.contains("\\(") || source.contains("\\[")) || source.contains(MATH_OPEN) {
        return None;
    }
    // Where a backslash is literal: code, raw HTML, and math already.
    let literal: Vec<Range<usize>> = Parser::new_ext(source, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock)
            | Event::Code(_)
            | Event::Html(_)
            | Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => Some(range),
            _ => None,
        })
        .collect();
    let is_literal = |from: usize, to: usize| literal.iter().any(|r| r.start < to && from < r.end);
    let bytes = source.as_bytes();
    let mut out = String::with_capacity(source.len());
    let mut spans = Vec::new();
    let (mut i, mut copied) = (0, 0);
    while i + 1 < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        let close = match bytes[i + 1] {
            b'(' => "\\)",
            b'[' => "\\]",
            // Any other escape (`\\` included) is skipped whole.
            _ => {
                i += 2;
                continue;
            }
        };
        let end = source[i + 2..].find(close).map(|n| i + 2 + n);
        match end {
            Some(end) if !source[i + 2..end].contains("\n\n") && !is_literal(i, end + 2) => {
                out.push_str(&source[copied..i]);
                out.push(MATH_OPEN);
                out.push_str(&spans.len().to_string());
                out.push(MATH_CLOSE);
                spans.push(LatexSpan {
                    latex: source[i + 2..end].to_string(),
                    display: close == "\\]",
                    range: i..end + 2,
                });
                i = end + 2;
                copied = i;
            }
            _ => i += 2,
        }
    }
    if spans.is_empty() {
        return None;
    }
    out.push_str(&source[copied..]);
    Some((out, spans))
}

/// One math span of a Markdown body, in any of the four delimiters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyMath {
    /// Byte offset of the span in the body.
    pub offset: usize,
    /// The span as written, delimiters included.
    pub written: String,
    pub latex: String,
}

/// Every math span of a Markdown body, outside code and raw HTML, in source order.
pub fn body_math(source: &str) -> Vec<BodyMath> {
    let mut found: Vec<BodyMath> = Parser::new_ext(source, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::InlineMath(latex) | Event::DisplayMath(latex) => Some(BodyMath {
                offset: range.start,
                written: source[range].to_string(),
                latex: latex.to_string(),
            }),
            _ => None,
        })
        .collect();
    if let Some((_, spans)) = protect_latex_delimiters(source) {
        found.extend(spans.into_iter().map(|span| BodyMath {
            offset: span.range.start,
            written: source[span.range].to_string(),
            latex: span.latex,
        }));
    }
    found.sort_by_key(|m| m.offset);
    found
}

/// A text event's HTML with its placeholders replaced by the rendered math.
fn restore_math(text: &str, spans: &[LatexSpan]) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut rest = text;
    while let Some(open) = rest.find(MATH_OPEN) {
        text::escape_into(&mut out, &rest[..open]);
        let after = &rest[open + MATH_OPEN.len_utf8()..];
        let Some(close) = after.find(MATH_CLOSE) else {
            break;
        };
        match after[..close]
            .parse::<usize>()
            .ok()
            .and_then(|n| spans.get(n))
        {
            Some(span) => {
                let (open, close) = if span.display {
                    ("\\[", "\\]")
                } else {
                    ("\\(", "\\)")
                };
                out.push_str(&text::render_math_delimited(
                    &span.latex,
                    span.display,
                    open,
                    close,
                ));
            }
            None => text::escape_into(&mut out, &after[..close]),
        }
        rest = &after[close + MATH_CLOSE.len_utf8()..];
    }
    text::escape_into(&mut out, rest);
    out
}

/// `/x` becomes `/repo/x` under the base path `/repo/`; other links are unchanged.
fn with_base_path<'a>(url: CowStr<'a>, base_path: &str) -> CowStr<'a> {
    match url.strip_prefix('/') {
        Some(rest) if base_path != "/" && !rest.starts_with('/') => {
            CowStr::from(format!("{base_path}{rest}"))
        }
        _ => url,
    }
}

/// Relative links and http(s)/mailto pass; any other scheme (`javascript:`, `data:`, ...)
/// becomes `#`.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower = url.trim().to_ascii_lowercase();
    let scheme_end = lower.find(':');
    let has_scheme = scheme_end.is_some_and(|n| {
        let before = &lower[..n];
        !before.is_empty() && !before.contains(['/', '?', '#'])
    });
    if !has_scheme
        || lower.starts_with("http:")
        || lower.starts_with("https:")
        || lower.starts_with("mailto:")
    {
        url
    } else {
        CowStr::from("#")
    }
}

/// Gives every heading without an explicit `{#id}` an id made from its text, unique within
/// the body.
fn add_heading_ids(events: &mut [Event<'_>]) {
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { id: None, .. }) = &events[i] {
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            let mut slug = heading_slug(&text);
            if slug.is_empty() {
                slug = "section".to_string();
            }
            let n = used.entry(slug.clone()).or_insert(0);
            let id = if *n == 0 {
                slug.clone()
            } else {
                format!("{slug}-{n}")
            };
            *n += 1;
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
                *slot = Some(CowStr::from(id));
            }
            i = j;
        }
        i += 1;
    }
}

fn heading_slug(text: &str) -> String {
    crate::model::tag_slug(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_escaped_unless_allowed() {
        let html = render_markdown("Hi <script>alert(1)</script>\n", false, "/");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<script>"));
        let html = render_markdown("<b>x</b>\n", true, "/");
        assert!(html.contains("<b>x</b>"));
    }

    #[test]
    fn headings_get_unique_ids_and_bad_links_are_neutralised() {
        let html = render_markdown(
            "# Notes\n\n## Notes\n\n[x](javascript:alert(1)) [y](https://a.b/) [z](/papers/a/)\n",
            false,
            "/repo/",
        );
        assert!(html.contains(r#"<h1 id="notes">"#), "{html}");
        assert!(html.contains(r#"<h2 id="notes-1">"#), "{html}");
        assert!(html.contains(r##"href="#""##), "{html}");
        assert!(html.contains(r#"href="https://a.b/""#));
        assert!(html.contains(r#"href="/repo/papers/a/""#), "{html}");
    }

    #[test]
    fn latex_delimited_math_renders_outside_code() {
        let html = render_markdown(
            "Cost \\(O(n^2)\\) and\n\\[\\sum_i a_i\\]\n\n`\\(code\\)` \\\\(not math)\n\n    \\(block\\)\n",
            false,
            "/",
        );
        assert_eq!(html.matches("<math").count(), 2, "{html}");
        assert!(html.contains(r#"<math display="block""#), "{html}");
        assert!(html.contains("<msub>"), "{html}");
        assert!(html.contains("<code>\\(code\\)</code>"), "{html}");
        assert!(html.contains("\\(not math)"), "{html}");
        assert!(html.contains("\\(block\\)"), "{html}");
        assert!(!html.contains('\u{e000}'));
        // Text around the math is still escaped.
        let html = render_markdown("<b> \\(x\\) </b>\n", false, "/");
        assert!(html.contains("&lt;b&gt;"), "{html}");
    }

    #[test]
    fn body_math_lists_every_delimiter_outside_code() {
        let found = body_math("a $x$ b \\(y\\)\n\n$$z$$\n\n`$no$ \\(no\\)`\n");
        let written: Vec<&str> = found.iter().map(|m| m.written.as_str()).collect();
        assert_eq!(written, ["$x$", "\\(y\\)", "$$z$$"]);
        assert_eq!(found[1].offset, 8);
        assert_eq!(found[1].latex, "y");
    }

    #[test]
    fn tables_and_footnotes() {
        let html = render_markdown(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\nx[^n]\n\n[^n]: note\n",
            false,
            "/",
        );
        assert!(html.contains("<table>"));
        assert!(html.contains("footnote-definition"));
    }
}
