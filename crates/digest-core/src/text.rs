//! Texts from front matter (titles, summaries, abstracts) to HTML.
//!
//! These texts are arXiv text: plain prose with LaTeX math and text macros. Everything is
//! HTML-escaped; math is rendered at build time; nothing is ever dropped.

/// Escapes `&`, `<`, `>`, `"` and `'` for HTML text and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    escape_into(&mut out, s);
    out
}

/// Appends `s`, HTML-escaped, to `out`.
pub fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// A one-line text (title, summary) as inline HTML.
pub fn render_inline(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    escape_html(&joined)
}

/// A multi-paragraph text (abstract) as HTML paragraphs. Single line breaks (arXiv wraps
/// abstracts at fixed width) are joined; blank lines separate paragraphs.
pub fn render_block(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        out.push_str("<p>");
        out.push_str(&render_inline(para));
        out.push_str("</p>");
    }
    out
}

/// LaTeX math as HTML. `display` is block math.
pub fn render_math(latex: &str, display: bool) -> String {
    let delim = if display { "$$" } else { "$" };
    let mut out = String::from("<span class=\"math-source\">");
    escape_into(&mut out, &format!("{delim}{latex}{delim}"));
    out.push_str("</span>");
    out
}

/// A plain-text version (for `<title>`, meta tags and feeds): whitespace collapsed.
pub fn plain(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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
    }
}
