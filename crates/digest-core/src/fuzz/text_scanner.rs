//! The `text` target: the arXiv text scanner of titles, summaries and abstracts, whose HTML
//! must be well-formed and safe, and whose math spans (and `$` pairs around prose) must be
//! ranges of the text.

use std::collections::BTreeSet;

use super::engine::Target;
use super::normalize;
use crate::arxiv_text;

pub(super) static TEXT: Target = Target {
    name: "text",
    dictionary: &[
        "$",
        "$$",
        "\\(",
        "\\)",
        "\\[",
        "\\]",
        "{",
        "}",
        "{}",
        "\\",
        "\\\\",
        "\\emph{",
        "\\textbf{",
        "\\textit{",
        "\\texttt{",
        "\\textsc{",
        "\\text{",
        "\\mathrm{",
        "{\\em ",
        "{\\bf ",
        "{\\it ",
        "\\frac{a}{b}",
        "\\frac{",
        "\\sqrt{",
        "\\sqrt[3]{",
        "^",
        "_",
        "^{",
        "_{",
        "\\url{",
        "\\url{https://example.org/a?b=1&c=\"d\"}",
        "\\href{",
        "\\href{https://example.org/}{",
        "\\href{javascript:alert(1)}{x}",
        "\\href{http://a\"onmouseover=\"x}{y}",
        "\\cite{",
        "\\citep{a, b}",
        "\\ref{",
        "\\footnote{",
        "\\textcolor{red}{",
        "\\colorbox{",
        "\\unicode{x2014}",
        "\\unicode{",
        "\\unicode{xD800}",
        "\\unicode{999999999}",
        "\\\"o",
        "\\'{e}",
        "\\`a",
        "\\^{}",
        "\\~{}",
        "\\c{c}",
        "\\v{s}",
        "\\H{o}",
        "\\\"{\\i}",
        "\\ss{}",
        "\\LaTeX{}",
        "\\ldots",
        "~",
        "--",
        "---",
        "``",
        "''",
        "`",
        "'",
        "\\%",
        "\\&",
        "\\_",
        "\\#",
        "\\$",
        "\\,",
        "\\;",
        "\\ ",
        "<script>alert(1)</script>",
        "<SCRIPT",
        "</p>",
        "<",
        ">",
        "&",
        "&amp;",
        "\"",
        "\n",
        "\n\n",
        " ",
        "\t",
        "\\begin{array}{cc} a & b \\\\ c & d \\end{array}",
        "\\begin{pmatrix}",
        "\\end{pmatrix}",
        "\\begin{",
        "\\end{",
        "&",
        "\\left(",
        "\\right)",
        "\\left.",
        "\\mathbb{R}",
        "\\mathcal{O}",
        "\\operatorname{",
        "\\operatorname*{arg\\,max}",
        "\\displaystyle",
        "\\limits",
        "\\sum_{i=1}^{n}",
        "\\int_0^1",
        "\\alpha",
        "\\mathbf{x}",
        "\\boldsymbol{\\theta}",
        "\\overline{",
        "\\hat{",
        "\\tilde{",
        "\\mathrm{d}",
        "\\{",
        "\\}",
        "\\|",
        "\\lvert",
        "\\rangle",
        "\\not",
        "\\color{red}",
        "\\newcommand",
        "\\def",
        "\\verb|x|",
        "\\label{",
        "\\tag{1}",
        "\\\\[2pt]",
        "\\hspace{1em}",
        "\\kern",
        "#1",
        "%",
        "\\i",
        "\\o",
        "\\S",
        "中文",
        "$ ",
        "$恶意$",
        "https://",
        "http://x.org/~a--b_(c).",
        "www.x.org/",
        "`code`",
        "é",
        "\u{301}",
    ],
    max_len: 4000,
    run: text_target,
};

fn text_target(input: &[u8]) -> Result<String, String> {
    let source = String::from_utf8_lossy(input);
    let s = source.as_ref();
    let mut elements = BTreeSet::new();
    check_html(
        "render_inline",
        s,
        &arxiv_text::render_inline(s),
        &mut elements,
    )?;
    check_html(
        "render_block",
        s,
        &arxiv_text::render_block(s),
        &mut elements,
    )?;
    check_html(
        "render_block_source_math",
        s,
        &arxiv_text::render_block_source_math(s),
        &mut elements,
    )?;
    let plain = arxiv_text::plain(s);
    if plain.contains("\u{0}") && !s.contains('\0') {
        return Err("plain: a NUL that the text does not have".into());
    }
    let mut errors = BTreeSet::new();
    let (math, prose) = arxiv_text::math_and_prose_spans(s);
    for range in prose {
        let inside = s.get(range.clone()).unwrap_or_default();
        if inside.len() < 2 || !inside.starts_with('$') || !inside.ends_with('$') {
            return Err(format!(
                "prose: `$` around prose {range:?} is {inside:?}, not a pair of `$` of the text"
            ));
        }
    }
    for span in math {
        let range = span.start..span.end;
        let inside = s.get(range.clone()).ok_or_else(|| {
            format!(
                "span: math span {range:?} is not a range of the text ({} bytes)",
                s.len()
            )
        })?;
        let delimited = (inside.starts_with('$') && inside.ends_with('$') && inside.len() >= 2)
            || (inside.starts_with("\\(") && inside.ends_with("\\)") && inside.len() >= 4)
            || (inside.starts_with("\\[") && inside.ends_with("\\]") && inside.len() >= 4);
        if !delimited {
            return Err(format!(
                "span: math span {range:?} is {inside:?}, not delimited math"
            ));
        }
        if let Some(error) = span.error {
            errors.insert(normalize(&error));
        }
    }
    Ok(format!("{elements:?} {errors:?}"))
}

/// HTML elements the scanner writes; MathML elements are the `m*` ones and these.
const HTML_ELEMENTS: &[&str] = &["p", "em", "i", "b", "code", "u", "sup", "sub", "span", "a"];
const MATHML_OTHERS: &[&str] = &["semantics", "annotation", "annotation-xml", "none"];

/// The scanner's HTML (from `function`) is well-formed, with known elements and safe
/// attributes only, and no control characters that `source` does not have. Adds the elements seen to `elements`.
fn check_html(
    function: &str,
    source: &str,
    html: &str,
    elements: &mut BTreeSet<String>,
) -> Result<(), String> {
    use quick_xml::events::{BytesStart, Event};
    // Control characters pass through as written (the feeds drop them, see render.rs), but
    // the scanner must not make any of its own.
    if let Some(c) = html
        .chars()
        .find(|&c| c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r') && !source.contains(c))
    {
        return Err(format!(
            "control: {function} writes the control character {c:?}, which the text does not have: {html:?}"
        ));
    }
    let check_element = |e: &BytesStart<'_>, elements: &mut BTreeSet<String>| {
        let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
        let known = HTML_ELEMENTS.contains(&name.as_str())
            || MATHML_OTHERS.contains(&name.as_str())
            || name.starts_with('m');
        if !known {
            return Err(format!("element: {function} writes <{name}>: {html:?}"));
        }
        for attribute in e.attributes() {
            let attribute = attribute.map_err(|err| {
                format!("malformed: {function} writes a bad attribute ({err}): {html:?}")
            })?;
            let key = String::from_utf8_lossy(attribute.key.as_ref()).to_ascii_lowercase();
            let value = String::from_utf8_lossy(&attribute.value).into_owned();
            if key.starts_with("on") || key == "style" && value.contains("url(") {
                return Err(format!(
                    "attribute: {function} writes {key}={value:?}: {html:?}"
                ));
            }
            if key == "href" && !(value.starts_with("http://") || value.starts_with("https://")) {
                return Err(format!("href: {function} links to {value:?}: {html:?}"));
            }
        }
        elements.insert(name);
        Ok(())
    };
    let wrapped = format!("<root>{html}</root>");
    let mut reader = quick_xml::Reader::from_str(&wrapped);
    let mut depth = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                depth += 1;
                if depth > 1 {
                    check_element(&e, elements)?;
                }
            }
            Ok(Event::Empty(e)) => check_element(&e, elements)?,
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Eof) => break,
            Ok(Event::Text(_) | Event::GeneralRef(_)) => {}
            Ok(other) => {
                return Err(format!("markup: {function} writes {other:?}: {html:?}"));
            }
            Err(e) => {
                return Err(format!(
                    "malformed: {function} writes HTML that is not well-formed ({e} at byte {}): {html:?}",
                    reader.error_position()
                ));
            }
        }
    }
    if depth != 0 {
        return Err(format!(
            "malformed: {function} leaves elements open: {html:?}"
        ));
    }
    Ok(())
}
