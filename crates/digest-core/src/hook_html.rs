//! The two things a build does to the hooks' HTML (`templates/head.html`,
//! `templates/footer.html`), which are otherwise inserted as written: it finds a comment,
//! a `<script>` (or another element whose text runs to its end tag) or a tag left open,
//! which would swallow the rest of every page; and it puts the base path in front of the
//! site links of the hooks' tags (`href="/about/"` under `/repo/`), as Markdown links get it.
//!
//! Hand-written: an HTML parser (html5ever) would write the owner's HTML back in its own
//! form (their scripts, their spacing), and these two need only the tags, found in place.

use std::ops::Range;

/// Elements whose contents a browser reads as text up to their end tag: one left open
/// takes the rest of the page as its text.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "title",
    "textarea",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// Attributes whose value is one URL.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "xlink:href",
    "src",
    "action",
    "formaction",
    "poster",
    "cite",
    "data",
];

/// What a hook leaves open: where it starts (a byte offset), what it is (`<!--`,
/// `<script>`) and what would close it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOpen {
    pub offset: usize,
    pub opened: String,
    pub closer: String,
}

/// The first comment, raw-text element or tag that `html` leaves open.
pub fn left_open(html: &str) -> Option<LeftOpen> {
    walk(html, |_, _| {}).err()
}

/// `html` with `base_path` (`/repo/`) in front of the site links of its tags' URL
/// attributes: a value that starts with one `/` and not already with the base path.
/// Scripts, styles and comments are left as they are.
pub fn with_base_path(html: &str, base_path: &str) -> String {
    if base_path == "/" {
        return html.to_string();
    }
    let prefix = base_path.trim_end_matches('/');
    let mut inserts = Vec::new();
    // A hook left open is an error found before; its links are left as they are.
    let _ = walk(html, |name, value: Range<usize>| {
        let url = &html[value.clone()];
        // `/repo`, `/repo#top`, `/repo?q=x`: the base path already.
        let under_base = url
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '#', '?']));
        if URL_ATTRIBUTES.contains(&name)
            && url.starts_with('/')
            && !url.starts_with("//")
            && !under_base
        {
            inserts.push(value.start);
        }
    });
    let mut out = String::with_capacity(html.len() + inserts.len() * prefix.len());
    let mut from = 0;
    for at in inserts {
        out.push_str(&html[from..at]);
        out.push_str(prefix);
        from = at;
    }
    out.push_str(&html[from..]);
    out
}

/// Walks the tags of `html`, calling `attribute` with each attribute's lower-case name and
/// the byte range of its value; stops at the first thing left open.
fn walk(html: &str, mut attribute: impl FnMut(&str, Range<usize>)) -> Result<(), LeftOpen> {
    let bytes = html.as_bytes();
    let mut i = 0;
    // How many `<svg>` and `<math>` are open: inside them a `<style>` or `<title>` is an
    // element like any other, not text to its end tag.
    let mut foreign = 0usize;
    while let Some(found) = html[i..].find('<') {
        let start = i + found;
        let rest = &html[start..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            i = match comment_end(comment) {
                Some(end) => start + 4 + end,
                None => return Err(open(start, "<!--", "-->")),
            };
            continue;
        }
        if rest.starts_with("</") || rest.starts_with("<!") || rest.starts_with("<?") {
            // An end tag, a doctype: to their `>`.
            let Some(end) = rest.find('>') else {
                return Err(open(start, &rest[..2], ">"));
            };
            let closed = rest[2..end].trim().to_ascii_lowercase();
            if foreign > 0 && (closed == "svg" || closed == "math") {
                foreign -= 1;
            }
            i = start + end + 1;
            continue;
        }
        let name_len = rest[1..]
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
            .count();
        if name_len == 0 || !bytes[start + 1].is_ascii_alphabetic() {
            // A `<` that starts no tag is text.
            i = start + 1;
            continue;
        }
        let name = rest[1..1 + name_len].to_ascii_lowercase();
        let mut at = start + 1 + name_len;
        let mut self_closing = false;
        // The attributes, to the tag's `>`.
        loop {
            while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
                self_closing = bytes[at] == b'/';
                at += 1;
            }
            if at >= bytes.len() {
                return Err(open(start, &format!("<{name}"), ">"));
            }
            if bytes[at] == b'>' {
                at += 1;
                break;
            }
            self_closing = false;
            let name_start = at;
            while at < bytes.len() && !b"\t\n\x0c\r =>/".contains(&bytes[at]) {
                at += 1;
            }
            let attribute_name = html[name_start..at].to_ascii_lowercase();
            while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            if at < bytes.len() && bytes[at] == b'=' {
                at += 1;
                while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                    at += 1;
                }
                let value = match bytes.get(at) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        let Some(end) = html[at + 1..].find(quote as char) else {
                            let quote = (quote as char).to_string();
                            return Err(open(at, &quote, &quote));
                        };
                        let value = at + 1..at + 1 + end;
                        at = value.end + 1;
                        value
                    }
                    _ => {
                        let value_start = at;
                        while at < bytes.len()
                            && !bytes[at].is_ascii_whitespace()
                            && bytes[at] != b'>'
                        {
                            at += 1;
                        }
                        value_start..at
                    }
                };
                attribute(&attribute_name, value);
            }
        }
        i = at;
        if (name == "svg" || name == "math") && !self_closing {
            foreign += 1;
        }
        if foreign == 0 && RAW_TEXT.contains(&name.as_str()) {
            let left_open = || open(start, &format!("<{name}>"), &format!("</{name}>"));
            let end = match name.as_str() {
                "plaintext" => None,
                "script" => script_end(&html[i..]),
                _ => end_tag(&html[i..], &name),
            };
            let Some(end) = end else {
                return Err(left_open());
            };
            // `<noscript>`'s contents are the page's when scripts do not run: their tags
            // are read (and their links get the base path); the others' are text.
            if name != "noscript" {
                i += end;
            }
        }
    }
    Ok(())
}

/// Where the comment whose `<!--` was just read ends (after its `-->`, or the `>` of a
/// `<!-->`, `<!--->` or `--!>` that browsers take as its end); `None` when it does not.
fn comment_end(comment: &str) -> Option<usize> {
    for abrupt in [">", "->"] {
        if comment.starts_with(abrupt) {
            return Some(abrupt.len());
        }
    }
    ["-->", "--!>"]
        .iter()
        .filter_map(|close| comment.find(close).map(|at| at + close.len()))
        .min()
}

/// Whether `tag` (`</script`, `<script`, any case) is at `at` of `bytes`, followed by a
/// space, `/` or `>` (or the end), as a tag's name ends.
fn tag_at(bytes: &[u8], at: usize, tag: &str) -> bool {
    let rest = &bytes[at..];
    rest.len() >= tag.len()
        && rest[..tag.len()].eq_ignore_ascii_case(tag.as_bytes())
        && rest
            .get(tag.len())
            .is_none_or(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
}

/// Where the end tag `</name` starts in `text`; `None` when there is none. Read in place:
/// a page of many elements is read once.
fn end_tag(text: &str, name: &str) -> Option<usize> {
    text.match_indices("</")
        .map(|(at, _)| at)
        .find(|&at| tag_at(text.as_bytes(), at + 2, name))
}

/// Where a script's text ends (its `</script`), read as browsers read it: after `<!--`,
/// a `<script` makes the next `</script` end only that one ("double escaped"), until
/// `-->`.
fn script_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut escaped, mut double) = (false, false);
    let mut at = 0;
    while at < bytes.len() {
        if !escaped && bytes[at..].starts_with(b"<!--") {
            escaped = true;
            at += 4;
            continue;
        }
        if escaped && bytes[at..].starts_with(b"-->") {
            (escaped, double) = (false, false);
            at += 3;
            continue;
        }
        if escaped && !double && tag_at(bytes, at, "<script") {
            double = true;
        } else if tag_at(bytes, at, "</script") {
            if !double {
                return Some(at);
            }
            double = false;
        }
        at += 1;
    }
    None
}

fn open(offset: usize, opened: &str, closer: &str) -> LeftOpen {
    LeftOpen {
        offset,
        opened: opened.to_string(),
        closer: closer.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_left_open_is_found_where_it_opens() {
        let cases = [
            (
                "<meta name=a>\n<!-- analytics\n<script src=x></script>",
                14,
                "<!--",
            ),
            ("<script>\nvar a = '</scrip';\n", 0, "<script>"),
            ("<link rel=x><STYLE>body{}", 12, "<style>"),
            ("<title>My site", 0, "<title>"),
            ("<div class=\"a>\n<p>text</p>", 11, "\""),
            ("<meta name=a", 0, "<meta"),
            ("<p>ok</p><plaintext>", 9, "<plaintext>"),
            // After `<!--` in a script, a `<script>` in a string needs its own end tag.
            (
                "<script><!--\nvar tag = \"<script>\";\n</script>",
                0,
                "<script>",
            ),
        ];
        for (html, offset, opened) in cases {
            let found = left_open(html).unwrap_or_else(|| panic!("{html:?}"));
            assert_eq!(
                (found.offset, found.opened.as_str()),
                (offset, opened),
                "{html:?}"
            );
        }
        for html in [
            "",
            "<meta name=\"x\" content=\"1 < 2\">",
            "<!-- a --><script>if (a < b && c > d) { x = '<p>'; }</script >",
            "<style>a > b { }</style><p>a < b</p>",
            "<script>document.write('<\\/script>')</SCRIPT>",
            "<!DOCTYPE html><br/><input disabled>",
            "text with a < sign and <3",
            "<!--><p>x</p>",
            "<!---><p>x</p>",
            "<!-- a --!><p>x</p>",
            "<svg><style>a{}</svg><p>x</p>",
            "<svg><title>icon</title><use href=\"#i\"/></svg>",
            "<script><!--\nvar tag = \"<script>\";\n</script>\n--></script>",
            "<noscript><img src=\"/x.gif\"></noscript>",
        ] {
            assert_eq!(left_open(html), None, "{html:?}");
        }
    }

    /// Many elements are read in one pass (each had the rest of the hook copied again: a
    /// 2 MB sprite of icons took two seconds).
    #[test]
    fn a_hook_of_many_elements_is_read_once() {
        let sprite = "<style>a{}</style><title>t</title>".repeat(100_000);
        assert_eq!(left_open(&sprite), None);
    }

    #[test]
    fn site_links_of_tags_get_the_base_path() {
        let html = "<a href=\"/about/\">About</a> <img src='/logo.svg' alt=\"/x\">\
                    <a href=/repo/kept/>k</a><a href=\"//cdn.example/x\">c</a>\
                    <a href=\"https://x.org/\">x</a><a href=\"rel/\">r</a>\
                    <script>var u = \"/api\"; // <a href=\"/no\"></script><!-- <a href=\"/no\"> -->\
                    <form action=\"/search/\"></form><a HREF=\"/\">home</a>\
                    <a href=\"/repo#top\">t</a><a href=\"/repo?q=x\">q</a>\
                    <noscript><link href=\"/n.css\"></noscript><use xlink:href=\"/i.svg#s\"/>";
        assert_eq!(
            with_base_path(html, "/repo/"),
            "<a href=\"/repo/about/\">About</a> <img src='/repo/logo.svg' alt=\"/x\">\
             <a href=/repo/kept/>k</a><a href=\"//cdn.example/x\">c</a>\
             <a href=\"https://x.org/\">x</a><a href=\"rel/\">r</a>\
             <script>var u = \"/api\"; // <a href=\"/no\"></script><!-- <a href=\"/no\"> -->\
             <form action=\"/repo/search/\"></form><a HREF=\"/repo/\">home</a>\
             <a href=\"/repo#top\">t</a><a href=\"/repo?q=x\">q</a>\
             <noscript><link href=\"/repo/n.css\"></noscript><use xlink:href=\"/repo/i.svg#s\"/>"
        );
        assert_eq!(with_base_path(html, "/"), html);
    }
}
