//! arXiv text as HTML: one-line texts (titles, summaries) inline, abstracts as
//! paragraphs, math as MathML or, for feeds, as its LaTeX source.
//!
//! Hand-written like the scanner it drives (no crate converts arXiv's text macros);
//! paragraphs follow arXiv's own layout: abstracts wrapped at a fixed width, blank lines
//! between paragraphs.

use super::scanner::{Mode, Scanner};

/// A one-line text (title, summary) as inline HTML: math as MathML, macros as HTML,
/// whitespace collapsed.
pub fn render_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    Scanner::new(text, Mode::Html, &mut out).run();
    out
}

/// A multi-paragraph text (abstract) as HTML paragraphs. Single line breaks (arXiv wraps
/// abstracts at fixed width) are joined, with a space or, within Chinese text, without
/// ([`crate::line_breaks`]); blank lines separate paragraphs.
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
        if rest.trim().is_empty() {
            return None;
        }
        // The blank lines before the paragraph go, and the spaces that begin it; the
        // ideographic spaces (U+3000) that indent a Chinese paragraph are its text.
        while let Some(blank) = rest
            .split_inclusive('\n')
            .next()
            .filter(|l| l.trim().is_empty())
        {
            rest = &rest[blank.len()..];
        }
        rest = rest.trim_start_matches(crate::escape::is_collapsed_space);
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
