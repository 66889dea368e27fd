//! Markdown bodies to HTML (pulldown-cmark), in one pass over the events.
//!
//! The pass adds what pulldown-cmark leaves to us: heading ids, math rendered at build time,
//! no space for a line break within Chinese text, raw HTML escaped unless `unsafe_html`,
//! and link schemes other than http(s), mailto and relative links neutralised. Unless
//! `unsafe_html`, the HTML then goes through a sanitizer (ammonia) that keeps only what the
//! renderer itself writes.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

use crate::arxiv_text;
use crate::escape::escape_into;

/// Renders a Markdown body. `unsafe_html` lets raw HTML (and every heading attribute)
/// through unchanged; without it, raw HTML is shown as text, headings keep only their id
/// and classes, and the result is sanitized. Site links (`/papers/x/`) get `base_path`
/// (`/repo/`) in front, so they work under a path prefix. A NUL becomes U+FFFD, as
/// CommonMark asks.
pub fn render_markdown(source: &str, unsafe_html: bool, base_path: &str) -> String {
    let html = render_unsanitized(&without_nul(source), unsafe_html, base_path);
    if unsafe_html { html } else { sanitize(&html) }
}

/// `source` with every U+0000 replaced by U+FFFD.
fn without_nul(source: &str) -> Cow<'_, str> {
    if source.contains('\0') {
        Cow::Owned(source.replace('\0', "\u{fffd}"))
    } else {
        Cow::Borrowed(source)
    }
}

fn render_unsanitized(source: &str, unsafe_html: bool, base_path: &str) -> String {
    let latex = protect_latex_delimiters(source);
    let source = latex.as_ref().map_or(source, |(s, _)| s.as_str());
    let latex_spans = latex
        .as_ref()
        .map_or(&[][..], |(_, spans)| spans.as_slice());
    let mut events: Vec<Event<'_>> = Parser::new_ext(source, options()).collect();
    flatten_deep_nesting(&mut events);
    add_heading_ids(&mut events);
    keep_clear_of_theme_ids(&mut events);
    join_cjk_soft_breaks(&mut events);
    let events = events.into_iter().map(|event| match event {
        Event::Text(text) if text.contains(MATH_OPEN) => {
            Event::InlineHtml(CowStr::from(restore_math(&text, latex_spans)))
        }
        Event::Html(raw) | Event::InlineHtml(raw) if !unsafe_html => Event::Text(raw),
        // `# Title {#id .class key=value}`: only the id and the classes, unless unsafe_html.
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) if !unsafe_html && !attrs.is_empty() => Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs: Vec::new(),
        }),
        Event::InlineMath(latex) => {
            Event::InlineHtml(CowStr::from(arxiv_text::render_math(&latex, false)))
        }
        Event::DisplayMath(latex) => {
            Event::InlineHtml(CowStr::from(arxiv_text::render_math(&latex, true)))
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
            // An image of the site (`/images/fig.png`) is under the base path, as links are.
            dest_url: with_base_path(safe_url(dest_url), base_path),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut out, events);
    // A table scrolls sideways where it is wider than the page (the theme's `.body table`):
    // it takes the focus, so that a keyboard can scroll it.
    if out.contains("<table>") {
        out = out.replace("<table>", "<table tabindex=\"0\">");
    }
    out
}

/// HTML elements a body may keep, with their attributes: what pulldown-cmark writes for
/// headings, paragraphs, lists, quotes, code, tables, footnotes, links and images, and the
/// `<span class="math-source">` of math that does not parse.
const HTML_ALLOWED: &[(&str, &[&str])] = &[
    ("h1", &["id", "class"]),
    ("h2", &["id", "class"]),
    ("h3", &["id", "class"]),
    ("h4", &["id", "class"]),
    ("h5", &["id", "class"]),
    ("h6", &["id", "class"]),
    ("p", &[]),
    ("br", &[]),
    ("hr", &[]),
    ("blockquote", &[]),
    ("pre", &[]),
    ("code", &["class"]),
    ("ol", &["start"]),
    ("ul", &[]),
    ("li", &[]),
    ("em", &[]),
    ("strong", &[]),
    ("del", &[]),
    ("a", &["href", "title"]),
    ("img", &["src", "alt", "title"]),
    ("table", &["tabindex"]),
    ("thead", &[]),
    ("tbody", &[]),
    ("tr", &[]),
    ("th", &["style"]),
    ("td", &["style"]),
    ("sup", &["class"]),
    ("div", &["id", "class"]),
    ("span", &["class"]),
];

/// MathML elements a body may keep: those pulldown-latex writes, and MathML's other
/// presentation elements.
const MATHML_TAGS: &[&str] = &[
    "math",
    "semantics",
    "annotation",
    "mrow",
    "mi",
    "mn",
    "mo",
    "ms",
    "mtext",
    "mspace",
    "msub",
    "msup",
    "msubsup",
    "munder",
    "mover",
    "munderover",
    "mmultiscripts",
    "mprescripts",
    "none",
    "mfrac",
    "msqrt",
    "mroot",
    "mtable",
    "mtr",
    "mtd",
    "mstyle",
    "mpadded",
    "mphantom",
    "menclose",
    "merror",
];

/// Attributes any of [`MATHML_TAGS`] may keep (presentation only: no links).
const MATHML_ATTRIBUTES: &[&str] = &[
    "display",
    "displaystyle",
    "scriptlevel",
    "mathvariant",
    "dir",
    "class",
    "style",
    "stretchy",
    "symmetric",
    "largeop",
    "movablelimits",
    "minsize",
    "maxsize",
    "lspace",
    "rspace",
    "form",
    "fence",
    "separator",
    "accent",
    "accentunder",
    "linethickness",
    "width",
    "height",
    "depth",
    "voffset",
    "columnalign",
    "rowalign",
    "columnspan",
    "rowspan",
    "notation",
    "encoding",
];

/// CSS properties a `style` attribute (table cells, MathML) may keep: table alignment, and
/// what pulldown-latex writes for colours, negative space and row spacing.
const STYLE_PROPERTIES: &[&str] = &[
    "text-align",
    "color",
    "background-color",
    "border",
    "border-color",
    "margin-left",
    "height",
];

/// URL schemes links and images may keep (relative URLs pass as they are).
const URL_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// The sanitizer of bodies, built once: the allow-lists above and nothing else; no `rel`
/// added to links, ids kept as they are (footnote and heading links point at them).
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut tags: HashSet<&str> = HTML_ALLOWED.iter().map(|(tag, _)| *tag).collect();
    tags.extend(MATHML_TAGS);
    let mut attributes: HashMap<&str, HashSet<&str>> = HTML_ALLOWED
        .iter()
        .map(|(tag, attrs)| (*tag, attrs.iter().copied().collect()))
        .collect();
    for tag in MATHML_TAGS {
        attributes.insert(tag, MATHML_ATTRIBUTES.iter().copied().collect());
    }
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(tags)
        .tag_attributes(attributes)
        .generic_attributes(HashSet::new())
        .url_schemes(URL_SCHEMES.iter().copied().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None)
        .id_prefix(None)
        .strip_comments(true)
        .filter_style_properties(STYLE_PROPERTIES.iter().copied().collect());
    builder
});

/// Keeps only the allowed elements, attributes, URL schemes and style properties of
/// `html`; the text of a dropped element stays (of `<script>` and `<style>`, nothing does).
fn sanitize(html: &str) -> String {
    SANITIZER.clean(html).to_string()
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
        escape_into(&mut out, &rest[..open]);
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
                out.push_str(&arxiv_text::render_math_delimited(
                    &span.latex,
                    span.display,
                    open,
                    close,
                ));
            }
            None => escape_into(&mut out, &after[..close]),
        }
        rest = &after[close + MATH_CLOSE.len_utf8()..];
    }
    escape_into(&mut out, rest);
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

/// Quotes, lists and list items nested deeper than this are shown at this depth.
const MAX_NESTING: usize = 32;

/// Keeps the contents of quotes, lists and items nested deeper than [`MAX_NESTING`] but not
/// their own start and end. Nobody reads a quote 32 levels deep, but a body of 50,000 `>`
/// took the sanitizer's HTML parser six seconds (its time grows with the square of the
/// depth): a file in a pull request could stall the site's build.
fn flatten_deep_nesting(events: &mut Vec<Event<'_>>) {
    let is_container_start = |e: &Event<'_>| {
        matches!(
            e,
            Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::Item)
        )
    };
    let is_container_end = |e: &Event<'_>| {
        matches!(
            e,
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item)
        )
    };
    if events.iter().filter(|e| is_container_start(e)).count() <= MAX_NESTING {
        return;
    }
    // Whether each open container is shown, and how many are; events come well nested.
    let mut open: Vec<bool> = Vec::new();
    let mut shown_depth = 0;
    events.retain(|e| {
        if matches!(e, Event::Start(Tag::Item)) {
            // An item is shown with its list, and adds no depth of its own: a list kept
            // without its items would hold text directly.
            let shown = open.last().copied().unwrap_or(true);
            open.push(shown);
            shown
        } else if is_container_start(e) {
            let shown = shown_depth < MAX_NESTING;
            shown_depth += usize::from(shown);
            open.push(shown);
            shown
        } else if is_container_end(e) {
            let shown = open.pop().unwrap_or(true);
            if !matches!(e, Event::End(TagEnd::Item)) {
                shown_depth -= usize::from(shown);
            }
            shown
        } else {
            true
        }
    });
}

/// Drops the soft line breaks (a single line break inside a paragraph) between two
/// characters of Chinese or Japanese text, which a browser would show as a space
/// ([`crate::line_breaks`]); other soft breaks stay line breaks, shown as spaces.
fn join_cjk_soft_breaks(events: &mut [Event<'_>]) {
    for k in 1..events.len().saturating_sub(1) {
        if !matches!(events[k], Event::SoftBreak) {
            continue;
        }
        let (Event::Text(before), Event::Text(after)) = (&events[k - 1], &events[k + 1]) else {
            continue;
        };
        if let (Some(b), Some(a)) = (before.chars().next_back(), after.chars().next())
            && crate::line_breaks::joins_without_space(b, a)
        {
            events[k] = Event::Text(CowStr::Borrowed(""));
        }
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

/// Ids the theme gives elements of its pages, or their beginnings: the page's parts
/// (`main`, `details`, the `bibtex` block its buttons copy), a digest's rows (`ref-3`) and
/// category groups (`cat-cs.CV`), the digest list's months, the statistics' charts, and
/// what the scripts add (the search panel, the keys' help, the switches' labels). A test
/// builds pages and reads the scripts to keep this list whole.
const THEME_IDS: &[&str] = &[
    "main",
    "summary",
    "details",
    "bibtex",
    "cite-heading",
    "category-filter-label",
    "reading-share-link",
];
const THEME_ID_PREFIXES: &[&str] = &["ref-", "cat-", "month-", "stats-", "search-", "keys-"];
const THEME_ID_SUFFIXES: &[&str] = &["-switch-label"];

/// Whether `id` is one the theme may give an element of a page.
pub fn is_theme_id(id: &str) -> bool {
    THEME_IDS.contains(&id)
        || THEME_ID_PREFIXES.iter().any(|p| id.starts_with(p))
        || THEME_ID_SUFFIXES.iter().any(|s| id.ends_with(s))
}

/// Renames the ids of a body's headings and footnotes that are the theme's own: a heading
/// `## Summary` (or `{#bibtex}`, `[^ref-1]`) would otherwise be a second element of that
/// id on the page, and the theme's links and buttons (the Ref column, Copy BibTeX) would
/// find the body's element instead of theirs. Such a heading id gets `h-` in front, a
/// footnote `fn-` (and a number after, `h-summary-1`, where the body has that id already);
/// the body's own links to it follow. Other ids stay as written, so links to them keep
/// working.
fn keep_clear_of_theme_ids(events: &mut [Event<'_>]) {
    // Most bodies give no theme id: nothing is gathered for them.
    let ids = || {
        events.iter().filter_map(|event| match event {
            Event::Start(Tag::Heading { id: Some(id), .. })
            | Event::Start(Tag::FootnoteDefinition(id))
            | Event::FootnoteReference(id) => Some(id.as_ref()),
            _ => None,
        })
    };
    if !ids().any(is_theme_id) {
        return;
    }
    let mut taken: HashSet<String> = ids().map(str::to_string).collect();
    let mut fresh = |id: &str, prefix: &str| {
        let mut new = format!("{prefix}{id}");
        let mut n = 0;
        while taken.contains(&new) || is_theme_id(&new) {
            n += 1;
            new = format!("{prefix}{id}-{n}");
        }
        taken.insert(new.clone());
        new
    };
    // Links and footnote references go to the first element renamed from an id.
    let mut renamed: HashMap<String, String> = HashMap::new();
    let mut footnotes: HashMap<String, String> = HashMap::new();
    for event in events.iter_mut() {
        match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) if is_theme_id(id) => {
                let new = fresh(id, "h-");
                renamed.entry(id.to_string()).or_insert_with(|| new.clone());
                *id = CowStr::from(new);
            }
            Event::Start(Tag::FootnoteDefinition(label)) | Event::FootnoteReference(label)
                if is_theme_id(label) =>
            {
                let new = footnotes
                    .entry(label.to_string())
                    .or_insert_with(|| fresh(label, "fn-"))
                    .clone();
                renamed
                    .entry(label.to_string())
                    .or_insert_with(|| new.clone());
                *label = CowStr::from(new);
            }
            _ => {}
        }
    }
    for event in events.iter_mut() {
        if let Event::Start(Tag::Link { dest_url, .. }) = event
            && let Some(new) = dest_url.strip_prefix('#').and_then(|id| renamed.get(id))
        {
            *dest_url = CowStr::from(format!("#{new}"));
        }
    }
}

fn heading_slug(text: &str) -> String {
    crate::rules::tag_slug(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree of an HTML fragment as text: elements with their attributes in order of
    /// name (style values without spaces), and text.
    fn tree(html: &str) -> String {
        fn walk(el: scraper::ElementRef<'_>, out: &mut String) {
            let mut attrs: Vec<(String, String)> = el
                .value()
                .attrs()
                .map(|(k, v)| {
                    let v = if k == "style" {
                        v.replace(' ', "")
                    } else {
                        v.to_string()
                    };
                    (k.to_string(), v)
                })
                .collect();
            attrs.sort();
            out.push_str(&format!("<{}{attrs:?}>", el.value().name()));
            for child in el.children() {
                if let Some(text) = child.value().as_text() {
                    out.push_str(text);
                } else if let Some(child) = scraper::ElementRef::wrap(child) {
                    walk(child, out);
                }
            }
            out.push_str(&format!("</{}>", el.value().name()));
        }
        let mut out = String::new();
        walk(scraper::Html::parse_fragment(html).root_element(), &mut out);
        out
    }

    #[test]
    fn a_line_break_within_chinese_is_no_space() {
        // A translator's notes, wrapped by the editor: the break after `，` and the one
        // inside `注意\n力` join; a break before Latin text and inside English stays a
        // line break (shown as a space); code keeps its lines; a hard break stays.
        let body = "本文提出了一种基于注意力机制，\n完全摒弃循环的模型\nTransformer。\n\n\
            Attention is\nall you need. *注意*\n力\n\n```\n代码\n第二行\n```\n\n硬换行  \n之后\n";
        let html = render_markdown(body, false, "/");
        assert!(
            html.contains("<p>本文提出了一种基于注意力机制，完全摒弃循环的模型\nTransformer。</p>"),
            "{html}"
        );
        assert!(html.contains("Attention is\nall you need."), "{html}");
        // After `</em>` the text before the break is markup, not a character: it stays.
        assert!(html.contains("<em>注意</em>\n力"), "{html}");
        assert!(html.contains("<code>代码\n第二行\n</code>"), "{html}");
        assert!(html.contains("硬换行<br>\n之后"), "{html}");
    }

    #[test]
    fn sanitizing_keeps_everything_the_renderer_writes() {
        let body = "# Notes {#custom .klass}\n\n## Second \"q\" & 'single'\n\n\
            `code` *em* **strong** ~~del~~ [link](https://a.b/ \"T 'q'\") [site](/papers/x/) \
            [rel](../x/#top) <jane@example.org> <https://a.b/?x=1&y=2> \
            ![img](https://a.b/i.png \"t\") &nbsp; &copy; a footnote[^n] and hard  \nbreak.\n\n\
            | l | c | r | n |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n\n\
            ```rust\nfn main() {}\n```\n\n    indented\n\n> quote\n\n3. three\n4. four\n\n- a\n\n---\n\n\
            $\\frac{a}{b}$ $x^2_i$ \\(\\sqrt[3]{x}\\) $$\\sum_{i=0}^n i$$ \\[\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}\\] \
            $\\mathbf{v} \\, \\not= \\lim_{x\\to 0} \\overline{ab} \\hat x \\text{t} \\mathrm{d}x \\left( \\frac12 \\right)$ \
            $\\begin{cases} a & b \\\\ c \\end{cases}$ $\\begin{array}{c|l} 1 & 2 \\\\ \\hline 3 & 4 \\end{array}$ \
            $\\begin{aligned} a &= b \\\\[2em] &= c \\end{aligned}$ $\\color{red} x$ $\\colorbox{yellow}{y}$ \
            $\\big( \\dfrac{1}{2} \\binom{n}{k} \\hspace{-1em} \\overset{a}{b} \\underbrace{xyz} \\not\\subset$ \
            bad $\\frac{a$ and \\(\\frac{b\\).\n\n[^n]: The note.\n";
        let raw = render_unsanitized(body, false, "/repo/");
        for part in [
            "<math",
            "<mtable",
            "<mspace",
            "style=",
            "<th style",
            "<sup class",
            "<img",
        ] {
            assert!(raw.contains(part), "the body should make {part}: {raw}");
        }
        let clean = sanitize(&raw);
        assert_eq!(tree(&clean), tree(&raw), "{clean}");
        // Nothing is added to links, and ids stay as they are.
        assert!(!clean.contains("rel="), "{clean}");
        assert!(
            clean.contains(r#"<h1 id="custom" class="klass">"#),
            "{clean}"
        );
        assert!(clean.contains(r#"href="/repo/papers/x/""#), "{clean}");
    }

    #[test]
    fn math_is_mathml_after_sanitizing() {
        let html = render_markdown("$\\frac{a}{b}$ and \\(x^2\\)\n", false, "/");
        assert_eq!(html.matches("<math").count(), 2, "{html}");
        assert!(html.contains("<mfrac>"), "{html}");
        assert!(html.contains("<msup>"), "{html}");
        let doc = scraper::Html::parse_fragment(&html);
        let sel = scraper::Selector::parse("math mfrac mi, math msup mn").unwrap();
        let texts: Vec<String> = doc.select(&sel).map(|e| e.text().collect()).collect();
        assert_eq!(texts, ["a", "b", "2"]);
    }

    #[test]
    fn the_sanitizer_drops_what_the_renderer_never_writes() {
        let html = sanitize(
            "<h1 id=a onfocus=alert(1) tabindex=1>t</h1><script>x()</script><style>p{}</style>\
             <a href=javascript:x() onclick=y>l</a><img src=x onerror=z><iframe src=/></iframe>\
             <math><mi href=/x onclick=y>v</mi><maction actiontype=statusline>m</maction></math>\
             <table><tr><td style=\"text-align: left; background: url(x)\">c</td></tr></table>\
             <!-- c -->",
        );
        assert_eq!(
            html,
            "<h1 id=\"a\">t</h1><a>l</a><img src=\"x\">\
             <math><mi>v</mi>m</math>\
             <table><tbody><tr><td style=\"text-align:left\">c</td></tr></tbody></table>"
        );
    }

    #[test]
    fn headings_keep_only_id_and_classes() {
        let html = render_markdown("# Focus {#f .c tabindex=1 onfocus=alert(7)}\n", false, "/");
        assert_eq!(html, "<h1 id=\"f\" class=\"c\">Focus</h1>\n");
    }

    #[test]
    fn unsafe_html_lets_everything_through_verbatim() {
        let body = "# Focus {tabindex=1 onfocus=go()}\n\n<div onclick=\"go()\"><script>go()</script></div>\n";
        let html = render_markdown(body, true, "/");
        assert_eq!(
            html,
            "<h1 id=\"focus\" tabindex=\"1\" onfocus=\"go()\">Focus</h1>\n\
             <div onclick=\"go()\"><script>go()</script></div>\n"
        );
    }

    #[test]
    fn deep_nesting_is_shown_at_the_deepest_kept_level() {
        let deep = format!("{} deep\n\n- a\n  - b\n", ">".repeat(50_000));
        let html = render_markdown(&deep, false, "/");
        assert_eq!(html.matches("<blockquote>").count(), MAX_NESTING);
        assert_eq!(html.matches("</blockquote>").count(), MAX_NESTING);
        assert!(html.contains("deep"));
        // Lists after it are whole.
        assert_eq!(html.matches("<li>").count(), 2);
        let lists = format!("{}x\n", "- ".repeat(200));
        let html = render_markdown(&lists, false, "/");
        assert_eq!(html.matches("<ul>").count(), MAX_NESTING);
        assert_eq!(html.matches("<li>").count(), MAX_NESTING);
        assert!(html.contains('x'));
        // Quotes and lists in turn: every kept list keeps its items.
        let mixed = format!("{}x\n", "> - ".repeat(25_000));
        let html = render_markdown(&mixed, false, "/");
        assert_eq!(html.matches("<ul>").count(), html.matches("<li>").count());
        assert!(!html.contains("<ul>x") && !html.contains("<ul>\nx"));
    }

    #[test]
    fn nul_becomes_the_replacement_character() {
        for unsafe_html in [false, true] {
            let html = render_markdown("a\0b `c\0d`\n", unsafe_html, "/");
            assert_eq!(html, "<p>a\u{fffd}b <code>c\u{fffd}d</code></p>\n");
        }
    }

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

    /// An image of the site is under the base path as a link is; one elsewhere is not.
    #[test]
    fn site_images_get_the_base_path() {
        let html = render_markdown(
            "![fig](/images/fig.png) ![far](https://a.b/x.png) ![rel](fig.png)\n",
            false,
            "/repo/",
        );
        assert!(html.contains(r#"src="/repo/images/fig.png""#), "{html}");
        assert!(html.contains(r#"src="https://a.b/x.png""#), "{html}");
        assert!(html.contains(r#"src="fig.png""#), "{html}");
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
    fn ids_of_the_theme_are_left_to_the_theme() {
        let html = render_markdown(
            "## Summary\n\n## Method {#bibtex}\n\n## Notes {#ref-1}\n\n[back](#bibtex) [row](#ref-2) [own](#notes)\n\nx[^details] y[^1]\n\n[^details]: a\n[^1]: b\n",
            false,
            "/",
        );
        let page = scraper::Html::parse_fragment(&html);
        let ids: Vec<&str> = page
            .select(&scraper::Selector::parse("[id]").unwrap())
            .filter_map(|e| e.value().id())
            .collect();
        assert_eq!(
            ids,
            ["h-summary", "h-bibtex", "h-ref-1", "fn-details", "1"],
            "{html}"
        );
        // The body's links to its own renamed ids follow them; a link to a row of the
        // digest (an id the body does not give) stays.
        assert!(html.contains(r##"href="#h-bibtex""##), "{html}");
        assert!(html.contains(r##"href="#ref-2""##), "{html}");
        assert!(html.contains(r##"href="#fn-details""##), "{html}");
        assert!(html.contains(r##"href="#1""##), "{html}");
        assert!(!ids.iter().any(|id| is_theme_id(id)));

        // A renamed id the body has already gets a number; each id is given once.
        let html = render_markdown(
            "## Summary\n\n## h-summary\n\nx[^h-details] y[^details]\n\n## Details\n\n## Lang switch label\n\n[^h-details]: a\n[^details]: b\n",
            false,
            "/",
        );
        let page = scraper::Html::parse_fragment(&html);
        let mut ids: Vec<&str> = page
            .select(&scraper::Selector::parse("[id]").unwrap())
            .filter_map(|e| e.value().id())
            .collect();
        for id in [
            "h-summary-1",
            "h-details-1",
            "fn-details",
            "h-lang-switch-label-1",
        ] {
            assert!(ids.contains(&id), "{id}: {html}");
        }
        assert!(html.contains(r##"href="#h-details""##), "{html}");
        assert!(html.contains(r##"href="#fn-details""##), "{html}");
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), before, "{html}");
    }

    #[test]
    fn tables_and_footnotes() {
        let html = render_markdown(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\nx[^n]\n\n[^n]: note\n",
            false,
            "/",
        );
        assert!(html.contains(r#"<table tabindex="0">"#), "{html}");
        assert!(html.contains("footnote-definition"));
    }
}
