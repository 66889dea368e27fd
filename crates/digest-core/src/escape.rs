//! HTML escaping of text and attribute values, for everything that writes HTML by hand
//! rather than through a template: the arXiv text scanner ([`crate::arxiv_text`]) and
//! Markdown bodies ([`crate::markdown`]).
//!
//! Hand-written because it is five replacements on a hot path: titles, summaries and
//! abstracts of every paper pass through it on every build, and most of them need no
//! escaping at all, which one table lookup per byte finds without copying.

/// Appends `s`, HTML-escaped (`&`, `<`, `>`, `"` and `'`: for text and attribute values),
/// to `out`.
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

/// A text on one line, as written: every run of whitespace (line breaks of wrapped feeds
/// included) becomes one space, and nothing else changes. So the site's own texts (its
/// title, description, footer, menu labels; digests' and pages' titles) are shown: they
/// are not arXiv text, and `--`, `~` and braces stay as typed
/// (`C++ {templates} -- see ~/notes`). Import compares and shows texts so, LaTeX as written.
/// The ideographic space (U+3000) is a character of Chinese text, typed as such (the
/// full-width space between two terms, the indent of a paragraph): it is kept.
pub fn as_written(text: &str) -> String {
    text.split(is_collapsed_space)
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The ideographic space, which Chinese text writes as a character of its own.
pub const IDEOGRAPHIC_SPACE: char = '\u{3000}';

/// Whether `c` is whitespace that a text's ends lose and a one-line text collapses: every
/// whitespace character but the ideographic space (see [`as_written`]).
pub fn is_collapsed_space(c: char) -> bool {
    c.is_whitespace() && c != IDEOGRAPHIC_SPACE
}

/// `text` without the whitespace at its ends, the ideographic spaces kept (the two that
/// indent a Chinese paragraph).
pub fn trim_keeping_ideographic(text: &str) -> &str {
    text.trim_matches(is_collapsed_space)
}

/// [`as_written`], escaped for HTML.
pub fn as_written_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, &as_written(text));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escape_html(s: &str) -> String {
        let mut out = String::new();
        escape_into(&mut out, s);
        out
    }

    #[test]
    fn the_five_characters_are_escaped_and_the_rest_is_kept() {
        assert_eq!(
            escape_html("<a href=\"x\">Tom & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"
        );
        assert_eq!(escape_html("稀疏注意力 — plain"), "稀疏注意力 — plain");
        let mut out = String::from("kept ");
        escape_into(&mut out, "&amp;");
        assert_eq!(out, "kept &amp;amp;");
    }
}
