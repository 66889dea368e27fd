//! Content warnings: things a build shows as well as it can, but that `check` points out.
//!
//! - Math that does not parse (it is shown as written, delimiters and all), in the front
//!   matter's texts and in Markdown bodies.
//! - Two `$` around Chinese or Japanese words, shown as written rather than as math: a `$`
//!   lost or added, mostly by a translation (`随机向量$Q\in \mathbb{R}^n。无偏……如果$Q$`).
//! - An abstract whose source text has math but whose translation lost the delimiters
//!   (the translation then shows bare LaTeX such as `\mathcal{O}(n)`).
//! - A Chinese text filed as English, or an English one as Chinese ([`crate::script`]).
//! - A text written without any text (`summary: { en: null }`), which is not shown.
//! - An abstract that stops mid-sentence ([`looks_cut`]): tools cut them at a length
//!   (cn-chat-arxiv at 1,000 characters); the page then says so and links the full one.
//!
//! Warnings never fail a build. Each carries the file, line and column of the math when it
//! can be found in the front matter as written, else of the field.

use std::ops::Range;

use crate::arxiv_text::{MathSpan, math_and_prose_spans};
use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Diagnostics, Severity, WarningKind, line_column};
use crate::frontmatter::{Analysis, BilingualText, PaperFrontMatter};
use crate::load::{Document, LoadedContent};
use crate::locate;

/// The warnings about one paper file, which are found in it alone.
pub fn lint_paper(config: &SiteConfig, doc: &Document<PaperFrontMatter>) -> Diagnostics {
    let mut out = Vec::new();
    let fm = &doc.front;
    for (key, text) in [
        ("title", &fm.title),
        ("summary", &fm.summary),
        ("abstract", &fm.abstract_text),
    ] {
        lint_field(config, doc, &[key], text, &mut out);
        lint_language(config, doc, &[key], text, &mut out);
    }
    if let Some(analysis) = &fm.analysis {
        lint_analysis(config, doc, analysis, &mut out);
        for (key, text) in analysis.fields() {
            lint_language(config, doc, &["analysis", key], text, &mut out);
        }
    }
    lint_lost_delimiters(config, doc, &fm.abstract_text, &mut out);
    lint_cut_abstract(config, doc, &fm.abstract_text, &mut out);
    lint_body(doc, &mut out);
    // The skeleton's empty summary and abstract are said once, by its own warning.
    if !lint_skeleton(doc, &mut out) {
        let texts = [("summary", &fm.summary), ("abstract", &fm.abstract_text)];
        lint_no_text(doc, &texts, "it is not shown", &mut out);
    }
    Diagnostics::from(out)
}

/// A text written without any text (`summary: { en: null, zh: ~ }`, `summary: ""`): it
/// is left out of the pages as if it were not there, which is most likely a mistake (an
/// importer's or a template's placeholder); a warning at its key, as an empty key of
/// `analysis:` gets. A text that was not read for an error of its type is that error's.
fn lint_no_text<T>(
    doc: &Document<T>,
    texts: &[(&str, &BilingualText)],
    shown: &str,
    out: &mut Vec<Diagnostic>,
) {
    // The front matter is read again only for a text that is empty and written (most
    // papers have both texts: a site of 100,000 reads none).
    let empty: Vec<&str> = texts
        .iter()
        .filter(|(key, text)| text.is_empty() && doc.front_yaml.contains(key))
        .map(|(key, _)| *key)
        .collect();
    if empty.is_empty() {
        return;
    }
    let Some(tree) = crate::yaml::Tree::of(&doc.front_yaml) else {
        return;
    };
    for key in empty {
        let Some(pos) = tree.key(&[key]).filter(|_| tree.is_written_as_texts(key)) else {
            continue;
        };
        out.push(
            warning(doc, pos, format!("`{key}` has no text; {shown}")).with_hint(format!(
                "write the text (`{key}: {{ zh: ..., en: ... }}`) or remove the key"
            )),
        );
    }
}

/// A paper file left as `new` wrote it (its body the skeleton's, its summary and abstract
/// empty) would be published as a page with nothing but an arXiv reference for a title.
/// Whether it is one.
fn lint_skeleton(doc: &Document<PaperFrontMatter>, out: &mut Vec<Diagnostic>) -> bool {
    let fm = &doc.front;
    if doc.body != crate::scaffold::SKELETON_BODY
        || !fm.summary.is_empty()
        || !fm.abstract_text.is_empty()
    {
        return false;
    }
    let at = locate::top_level_value(&doc.front_yaml, "title").unwrap_or((1, 1));
    let d = warning(
        doc,
        at,
        "the paper is still the skeleton `new` wrote: its summary and abstract are empty"
            .to_string(),
    );
    out.push(d.with_hint(
        "fill in the title, summary and abstract, or import a feed that has the paper to fill them (docs/import-export.md)",
    ));
    true
}

/// The warnings about the digests and the free pages (unsorted).
pub fn lint_digests_and_pages(config: &SiteConfig, content: &LoadedContent) -> Diagnostics {
    let mut out: Vec<Diagnostic> = Vec::new();
    for doc in &content.digests {
        let fm = &doc.front;
        lint_no_text(
            doc,
            &[("title", &fm.title)],
            "its date (or its file's name) is shown in its place",
            &mut out,
        );
        lint_no_text(
            doc,
            &[("description", &fm.description)],
            "it is not shown",
            &mut out,
        );
        lint_field(config, doc, &["title"], &doc.front.title, &mut out);
        lint_field(
            config,
            doc,
            &["description"],
            &doc.front.description,
            &mut out,
        );
        lint_language(config, doc, &["title"], &fm.title, &mut out);
        lint_language(config, doc, &["description"], &fm.description, &mut out);
        lint_body(doc, &mut out);
    }
    for doc in &content.pages {
        lint_body(doc, &mut out);
    }
    lint_repeated_digests(content, &mut out);
    lint_menu_twice(config, content, &mut out);
    Diagnostics::from(out)
}

/// A page with `menu:` that a `nav` link of site.yaml names too: the menu would show it
/// twice. Reported at the page's `menu:`.
fn lint_menu_twice(config: &SiteConfig, content: &LoadedContent, out: &mut Vec<Diagnostic>) {
    let in_nav = |slug: &str| {
        config.nav.iter().any(|link| {
            let url = link.url.split(['#', '?']).next().unwrap_or_default();
            let url = url.strip_prefix(config.base_path.as_str()).unwrap_or(url);
            !link.url.contains("://") && url.trim_matches('/') == slug
        })
    };
    for doc in content.pages.iter().filter(|d| d.front.menu.is_some()) {
        if !in_nav(&doc.stem) {
            continue;
        }
        let at = locate::top_level_key(&doc.front_yaml, "menu").unwrap_or((1, 1));
        out.push(
            warning(
                doc,
                at,
                format!(
                    "`{}/` is in the menu twice: by this `menu:` and by a `nav` link of site.yaml",
                    doc.stem
                ),
            )
            .with_hint("keep one of the two: remove `menu:` here, or the link from `nav`"),
        );
    }
}

/// A digest of the same date and the same papers, in the same order, as another: the same
/// day imported twice under two names (`2025-08-01_AI_enhanced_Chinese (1).jsonl`, a
/// browser's second download), which the digest list would show twice.
fn lint_repeated_digests(content: &LoadedContent, out: &mut Vec<Diagnostic>) {
    let mut first: std::collections::HashMap<(&str, &[String]), &std::path::Path> =
        std::collections::HashMap::new();
    for doc in &content.digests {
        let (Some(date), papers) = (doc.front.date.as_deref(), doc.front.papers.as_slice()) else {
            continue;
        };
        if papers.is_empty() {
            continue;
        }
        match first.entry((date, papers)) {
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(&doc.path);
            }
            std::collections::hash_map::Entry::Occupied(seen) => {
                let at = locate::top_level_key(&doc.front_yaml, "papers").unwrap_or((1, 1));
                out.push(
                    warning(
                        doc,
                        at,
                        format!(
                            "the digest lists the same {} papers, of the same date, as `{}`",
                            papers.len(),
                            seen.get().display()
                        ),
                    )
                    .with_hint(
                        "the same day imported twice under two names? Remove one of the two files",
                    ),
                );
            }
        }
    }
}

/// The texts of a bilingual field with the YAML key of each: `(language, key, text)`. A
/// plain string is the source language, under the field's own key.
fn field_texts<'a>(
    config: &'a SiteConfig,
    text: &'a BilingualText,
) -> Vec<(&'a str, Option<&'a str>, &'a str)> {
    match text {
        BilingualText::Empty => Vec::new(),
        BilingualText::Plain(t) => vec![(config.source_language.as_str(), None, t.as_str())],
        BilingualText::Map(entries) => entries
            .iter()
            .map(|(l, t)| (l.as_str(), Some(l.as_str()), t.as_str()))
            .collect(),
    }
}

/// A Chinese text filed as English, or an English one as Chinese: written under the other
/// key, the two swapped, or written as a plain string (the source language's) in the other
/// language. Pages would mark it with the wrong `lang` (a screen reader reads Chinese
/// with an English voice, the font is the other's), and the language switch would show it
/// as the other's text. The importers refile such texts themselves; a file written by hand
/// gets a warning at the text's key, whose hint says where it goes. The test is the
/// script's ([`crate::script`]), which allows for the Chinese words of an English text and
/// the Latin terms of a Chinese one.
fn lint_language<T>(
    config: &SiteConfig,
    doc: &Document<T>,
    path: &[&str],
    text: &BilingualText,
    out: &mut Vec<Diagnostic>,
) {
    use crate::script::{is_mostly_chinese, is_not_chinese};
    let primary = |lang: &str| lang.split(['-', '_']).next().unwrap_or(lang).to_string();
    let texts = field_texts(config, text);
    // An ASCII text is no Chinese one: most English texts are told so at once.
    let chinese_as_english = texts
        .iter()
        .find(|(lang, _, t)| primary(lang) == "en" && !t.is_ascii() && is_mostly_chinese(t));
    let english_as_chinese = texts
        .iter()
        .find(|(lang, _, t)| primary(lang) == "zh" && is_not_chinese(t));
    let field = path.join(".");
    let named = |key: Option<&str>| match key {
        Some(key) => format!("`{field}.{key}`"),
        None => format!("`{field}`"),
    };
    // The site's code of a language (`zh-TW` for `zh`), to write the text under.
    let code_of = |wanted: &str| {
        config
            .languages
            .iter()
            .find(|l| primary(l) == wanted)
            .cloned()
    };
    let plain = |lang: &str| format!("a plain text is in the site's `source_language` (`{lang}`)");
    let (at, message, hint) = match (chinese_as_english, english_as_chinese) {
        (Some(&(en, en_key, _)), Some(&(zh, zh_key, _))) => (
            en_key,
            format!(
                "{} reads as Chinese and {} holds no Chinese: they seem swapped",
                named(en_key),
                named(zh_key)
            ),
            format!(
                "swap the two keys: the Chinese text under `{zh}:`, the English one under `{en}:`"
            ),
        ),
        (Some(&(en, key, _)), None) => {
            let zh_text = texts.iter().find(|(l, _, _)| primary(l) == "zh");
            let hint = match (zh_text, code_of("zh")) {
                (Some((zh, _, _)), _) => format!(
                    "`{field}.{zh}` is Chinese too: write the English text under `{en}:`, or remove `{en}:`"
                ),
                (None, Some(zh)) if key.is_none() => format!(
                    "write it under `{zh}:` (`{field}: {{ {zh}: ... }}`): {}",
                    plain(en)
                ),
                (None, Some(zh)) => format!("write it under `{zh}:`, where Chinese goes"),
                // A site of one language has nowhere else for it: an English title
                // kept in a Chinese-only digest is no mistake.
                (None, None) => return,
            };
            (
                key,
                format!(
                    "{} reads as Chinese, but is filed as English (`{en}`)",
                    named(key)
                ),
                hint,
            )
        }
        (None, Some(&(zh, key, _))) => {
            let en_text = texts.iter().find(|(l, _, _)| primary(l) == "en");
            let hint = match (en_text, code_of("en")) {
                (Some((en, _, _)), _) => format!(
                    "`{field}.{en}` is not Chinese either: write the Chinese text under `{zh}:`, or remove `{zh}:`"
                ),
                (None, Some(en)) if key.is_none() => format!(
                    "write it under `{en}:` (`{field}: {{ {en}: ... }}`): {}",
                    plain(zh)
                ),
                (None, Some(en)) => format!("write it under `{en}:`, where English goes"),
                // A site of one language has nowhere else for it: an English title
                // kept in a Chinese-only digest is no mistake.
                (None, None) => return,
            };
            (
                key,
                format!(
                    "{} holds no Chinese, but is filed as Chinese (`{zh}`)",
                    named(key)
                ),
                hint,
            )
        }
        (None, None) => return,
    };
    let pos = locate_text(doc, path, at, "");
    out.push(warning(doc, pos, message).with_hint(hint));
}

/// Whether a text may hold math at all: the cheap test that spares scanning most texts.
fn may_have_math(text: &str) -> bool {
    text.contains('$') || text.contains("\\(") || text.contains("\\[")
}

/// The math spans of a text; none, without scanning, when it cannot hold math.
fn spans_of(text: &str) -> Vec<MathSpan> {
    math_and_prose_of(text).0
}

/// The math spans of a text and its pairs of `$` around prose
/// ([`math_and_prose_spans`]); none, without scanning, when it cannot hold math.
fn math_and_prose_of(text: &str) -> (Vec<MathSpan>, Vec<Range<usize>>) {
    if may_have_math(text) {
        math_and_prose_spans(text)
    } else {
        (Vec::new(), Vec::new())
    }
}

/// Math that does not parse in the text at `path` (`["title"]`, `["analysis", "method"]`),
/// and `$` around prose.
fn lint_field<T>(
    config: &SiteConfig,
    doc: &Document<T>,
    path: &[&str],
    text: &BilingualText,
    out: &mut Vec<Diagnostic>,
) {
    for (_, lang_key, value) in field_texts(config, text) {
        let (math, prose) = math_and_prose_of(value);
        lint_prose_in_dollars(doc, path, lang_key, value, &prose, out);
        for span in math {
            let Some(error) = &span.error else { continue };
            let written = &value[span.start..span.end];
            let pos = locate_text(doc, path, lang_key, written);
            out.push(
                warning(
                    doc,
                    pos,
                    format!("math that does not parse is shown as written: {error}"),
                )
                .with_hint(format!(
                    "check the braces and commands of `{}`; write `\\$` for a dollar sign",
                    shorten(written)
                ))
                .of_kind(WarningKind::Math),
            );
        }
    }
}

/// One warning for the pairs of `$` around prose of one text (`prose`, in order): at the
/// first, which is where the pairing went wrong (the others of a text often follow from it).
fn lint_prose_in_dollars<T>(
    doc: &Document<T>,
    path: &[&str],
    lang_key: Option<&str>,
    value: &str,
    prose: &[Range<usize>],
    out: &mut Vec<Diagnostic>,
) {
    let Some(first) = prose.first() else { return };
    let written = &value[first.clone()];
    let more = match prose.len() - 1 {
        0 => String::new(),
        1 => " (and 1 more pair in this text)".to_string(),
        n => format!(" (and {n} more pairs in this text)"),
    };
    out.push(
        warning(
            doc,
            locate_text(doc, path, lang_key, written),
            format!(
                "Chinese or Japanese words between two `$` are shown as written, not as math: `{}`{more}",
                shorten(written)
            ),
        )
        .with_hint(
            "a `$` is probably missing where a formula ends (translations lose them), or one is too many: compare with the other language's text and put each `$` back around its formula only; words inside a formula go in `\\text{...}`, and a dollar sign is written `\\$`",
        )
        .of_kind(WarningKind::ProseInDollars),
    );
}

/// The `analysis:` section: a key (or the whole section) written without any text shows
/// nothing, which is most likely a mistake; and math that does not parse.
fn lint_analysis<T>(
    config: &SiteConfig,
    doc: &Document<T>,
    analysis: &Analysis,
    out: &mut Vec<Diagnostic>,
) {
    let tree = crate::yaml::Tree::of(&doc.front_yaml);
    let mut empty_keys = 0;
    for (key, text) in analysis.fields() {
        let written = tree.as_ref().and_then(|t| t.key(&["analysis", key]));
        if let Some(pos) = written.filter(|_| text.is_empty()) {
            empty_keys += 1;
            out.push(
                warning(
                    doc,
                    pos,
                    format!("`analysis.{key}` has no text; it is not shown"),
                )
                .with_hint(format!(
                    "write the text (`{key}: {{ zh: ..., en: ... }}`) or remove the key"
                )),
            );
        }
        lint_field(config, doc, &["analysis", key], text, out);
    }
    if empty_keys == 0 && analysis.is_empty() {
        let pos = locate::top_level_key(&doc.front_yaml, "analysis").unwrap_or((1, 1));
        out.push(
            warning(
                doc,
                pos,
                "the `analysis:` section has no text; nothing of it is shown".to_string(),
            )
            .with_hint(format!(
                "give one of its keys ({}), or remove the section",
                Analysis::KEYS.join(", ")
            )),
        );
    }
}

/// Math of the Markdown body that does not parse, at its line and column in the file.
fn lint_body<T>(doc: &Document<T>, out: &mut Vec<Diagnostic>) {
    if !may_have_math(&doc.body) {
        return;
    }
    // The body starts on the line after the front matter's closing `---`.
    let body_first_line = doc.front_first_line + doc.front_yaml.matches('\n').count() + 1;
    for math in crate::markdown::body_math(&doc.body) {
        let Err(error) = crate::arxiv_text::check_math(&math.latex) else {
            continue;
        };
        let (line, column) = line_column(&doc.body, math.offset);
        let mut d = Diagnostic::warning(
            &doc.path,
            &doc.body,
            line,
            column,
            format!("math that does not parse is shown as written: {error}"),
        )
        .with_hint(format!(
            "check the braces and commands of `{}`; write `\\$` for a dollar sign",
            shorten(&math.written)
        ))
        .of_kind(WarningKind::Math);
        d.line += body_first_line - 1;
        out.push(d);
    }
}

/// The source-language abstract has math, another language's has none.
fn lint_lost_delimiters<T>(
    config: &SiteConfig,
    doc: &Document<T>,
    text: &BilingualText,
    out: &mut Vec<Diagnostic>,
) {
    let texts = field_texts(config, text);
    if texts.len() < 2 {
        return;
    }
    let source = texts
        .iter()
        .find(|(l, _, _)| *l == config.source_language)
        .or_else(|| texts.first());
    let Some(&(source_lang, _, source_text)) = source else {
        return;
    };
    let source_math = spans_of(source_text);
    let Some(first) = source_math.first() else {
        return;
    };
    for &(lang, lang_key, translated) in &texts {
        if lang == source_lang || !spans_of(translated).is_empty() {
            continue;
        }
        let pos = locate_text(doc, &["abstract"], lang_key, "");
        out.push(
            warning(
                doc,
                pos,
                format!(
                    "the `{source_lang}` abstract has {} math span(s) but the `{lang}` one has none",
                    source_math.len()
                ),
            )
            .with_hint(format!(
                "the translation probably lost its `$` delimiters (the `{source_lang}` text has `{}`); put them back so the math renders",
                shorten(&source_text[first.start..first.end])
            ))
            .of_kind(WarningKind::LostDelimiters),
        );
    }
}

/// Whether an abstract seems cut short: it is a paragraph long at least (tools cut at a
/// length of hundreds of characters; a line or two without a stop is a note), and it
/// stops without ending its sentence (no full stop, question or exclamation mark,
/// semicolon, closing bracket, quote or math delimiter), and not at a link (abstracts
/// often end with their code's address, without a stop). A tool that cuts abstracts at a
/// length (cn-chat-arxiv at 1,000 characters) leaves them so; about one complete abstract
/// in a hundred ends so too, which is why pages say "may".
pub fn looks_cut(text: &str) -> bool {
    /// Shorter texts are not taken for cut abstracts.
    const MIN_CHARS: usize = 200;
    let text = text.trim_end();
    if text.chars().count() < MIN_CHARS {
        return false;
    }
    let Some(last) = text.chars().last() else {
        return false;
    };
    if ".!?;)]}\"'$*`。！？；…”’」』）】".contains(last) {
        return false;
    }
    let word = text.rsplit(char::is_whitespace).next().unwrap_or(text);
    !is_link(word)
}

/// Whether the last word of a text is an address: a URL, a DOI, a host and path.
fn is_link(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    lower.contains("://")
        || lower.starts_with("www.")
        || lower.starts_with("doi:")
        || lower.starts_with("http")
        || (lower.contains('/') && lower.contains('.'))
        || [".com", ".org", ".io", ".net", ".html", ".edu"]
            .iter()
            .any(|tld| lower.trim_end_matches('/').ends_with(tld))
}

/// The source-language abstract stops mid-sentence (see [`looks_cut`]).
fn lint_cut_abstract<T>(
    config: &SiteConfig,
    doc: &Document<T>,
    text: &BilingualText,
    out: &mut Vec<Diagnostic>,
) {
    let Some((_, lang_key, abstract_text)) = field_texts(config, text)
        .into_iter()
        .find(|(l, _, _)| *l == config.source_language)
    else {
        return;
    };
    if !looks_cut(abstract_text) {
        return;
    }
    // The last 30 characters, found from the end (most abstracts that warn are long).
    let trimmed = abstract_text.trim_end();
    let from = trimmed.char_indices().rev().nth(29).map_or(0, |(i, _)| i);
    let tail = trimmed[from..].trim_start();
    let pos = locate_text(doc, &["abstract"], lang_key, "");
    out.push(
        warning(
            doc,
            pos,
            format!(
                "the `{}` abstract stops mid-sentence (`…{tail}`): it may have been cut short",
                config.source_language
            ),
        )
        .with_hint(
            "some tools cut abstracts at a length (cn-chat-arxiv at 1,000 characters): paste the full abstract from the paper's arXiv page; if it is complete, end it with a full stop. Until then its page says it may be shortened and links the full one",
        )
        .of_kind(WarningKind::CutAbstract),
    );
}

fn warning<T>(doc: &Document<T>, yaml_pos: (usize, usize), message: String) -> Diagnostic {
    let mut d = doc.error_at(yaml_pos, message);
    d.severity = Severity::Warning;
    d
}

/// Where `written` sits in the front matter, under `path` (and `lang_key`): the line and
/// column of the text itself when it is found as written (or with YAML's doubled
/// backslashes), else of the field's key.
fn locate_text<T>(
    doc: &Document<T>,
    path: &[&str],
    lang_key: Option<&str>,
    written: &str,
) -> (usize, usize) {
    let yaml = &doc.front_yaml;
    let mut at = path.to_vec();
    at.extend(lang_key);
    let field = locate::key_path(yaml, &at).unwrap_or((1, 1));
    let needle = written.lines().next().unwrap_or("").trim();
    if needle.is_empty() {
        return field;
    }
    let doubled = needle.replace('\\', "\\\\");
    let field_end = block_end(yaml, field.0);
    for (i, line) in yaml.lines().enumerate().take(field_end).skip(field.0 - 1) {
        for candidate in [needle, doubled.as_str()] {
            if let Some(at) = line.find(candidate) {
                return (i + 1, line[..at].chars().count() + 1);
            }
        }
    }
    field
}

/// One past the last line (1-based count) of the value that starts on `line` (1-based): up
/// to the next line indented no deeper than it.
fn block_end(yaml: &str, line: usize) -> usize {
    let lines: Vec<&str> = yaml.lines().collect();
    let Some(first) = lines.get(line - 1) else {
        return lines.len();
    };
    let indent = first.len() - first.trim_start().len();
    lines
        .iter()
        .enumerate()
        .skip(line)
        .find(|(_, l)| !l.trim().is_empty() && l.len() - l.trim_start().len() <= indent)
        .map_or(lines.len(), |(i, _)| i)
}

/// A snippet short enough for a hint.
fn shorten(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let cut: String = s.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load::{LoadedFile, parse_file};
    use crate::sources::ContentKind;

    fn lint_paper(text: &str) -> Diagnostics {
        lint_paper_in(&SiteConfig::with_defaults(Path::new(".")), text)
    }

    fn lint_paper_in(config: &SiteConfig, text: &str) -> Diagnostics {
        let file = parse_file(
            Path::new("content/papers/x.md"),
            text.as_bytes().to_vec(),
            ContentKind::Paper,
        )
        .unwrap_or_else(|d| panic!("{}", d.render(false)));
        let LoadedFile::Paper(doc) = file else {
            panic!("not a paper")
        };
        let mut diags = super::lint_paper(config, &doc);
        diags.sort();
        diags
    }

    /// A text written without any text is left out of the pages: a warning at its key,
    /// as an empty key of `analysis:` gets. A text with one language's text is fine, and so
    /// is a text not written; one left out for an error of its type is that error's.
    #[test]
    fn a_text_written_without_text_is_a_warning() {
        for (yaml, at) in [
            ("summary: { en: null, zh: ~ }\n", (4, 1)),
            ("summary: \"\"\n", (4, 1)),
            ("summary:\n", (4, 1)),
            ("abstract:\n  en: \"\"\n  zh:\n", (4, 1)),
        ] {
            let diags = lint_paper(&format!(
                "---\nid: x\ntitle: {{ en: A }}\n{yaml}---\nNotes.\n"
            ));
            assert_eq!(diags.list.len(), 1, "{yaml}: {diags:?}");
            let d = &diags.list[0];
            let key = yaml.split(':').next().unwrap();
            assert_eq!(d.severity, Severity::Warning);
            assert_eq!((d.line, d.column), at, "{yaml}");
            assert_eq!(d.message, format!("`{key}` has no text; it is not shown"));
            assert_eq!(
                d.hint.as_deref(),
                Some(
                    format!("write the text (`{key}: {{ zh: ..., en: ... }}`) or remove the key")
                        .as_str()
                )
            );
        }
        for yaml in ["summary: { en: A summary., zh: \"\" }\n", ""] {
            let diags = lint_paper(&format!(
                "---\nid: x\ntitle: {{ en: A }}\n{yaml}---\nNotes.\n"
            ));
            assert!(diags.list.is_empty(), "{yaml}: {diags:?}");
        }
    }

    /// A Chinese text filed as English (or the other way round) is a warning at its key
    /// that says where it goes; borrowings of either language are no such text.
    #[test]
    fn a_text_in_the_other_language_is_a_warning() {
        for (yaml, at, message, hint) in [
            (
                "title: 注意力就是你所需要的一切\n",
                (3, 1),
                "`title` reads as Chinese, but is filed as English (`en`)",
                "write it under `zh:` (`title: { zh: ... }`): a plain text is in the site's `source_language` (`en`)",
            ),
            (
                "title: { zh: \"Attention Is All You Need\", en: \"注意力就是你所需要的一切\" }\n",
                (3, 43),
                "`title.en` reads as Chinese and `title.zh` holds no Chinese: they seem swapped",
                "swap the two keys: the Chinese text under `zh:`, the English one under `en:`",
            ),
            (
                "title: { en: A }\nsummary:\n  en: 提出只用注意力机制的序列转换模型。\n",
                (5, 3),
                "`summary.en` reads as Chinese, but is filed as English (`en`)",
                "write it under `zh:`, where Chinese goes",
            ),
            (
                "title: { en: A }\nanalysis:\n  tldr: { zh: Cyclic ablation shows deception returns }\n",
                (5, 11),
                "`analysis.tldr.zh` holds no Chinese, but is filed as Chinese (`zh`)",
                "write it under `en:`, where English goes",
            ),
        ] {
            let diags = lint_paper(&format!("---\nid: x\n{yaml}---\nNotes.\n"));
            assert_eq!(diags.list.len(), 1, "{yaml}: {diags:?}");
            let d = &diags.list[0];
            assert_eq!(d.severity, Severity::Warning);
            assert_eq!(
                ((d.line, d.column), d.message.as_str()),
                (at, message),
                "{yaml}"
            );
            assert_eq!(d.hint.as_deref(), Some(hint), "{yaml}");
        }
        for yaml in [
            "title: A study of 注意力 in Transformer models\n",
            "title: { en: GPT-4V, zh: 基于 LLM 的 RAG 系统 for retrieval }\n",
            "title: { en: MagicLens, zh: \"MagicLens：自监督图像检索与开放式指令\" }\n",
            "title: { en: \"$O(n)$ sorting\", zh: \"$O(n)$\" }\n",
            "title: 大規模言語モデルを用いた日本語質問応答の評価\n",
        ] {
            let diags = lint_paper(&format!("---\nid: x\n{yaml}---\nNotes.\n"));
            assert!(diags.list.is_empty(), "{yaml}: {diags:?}");
        }
        // A site of one language has nowhere else for a text: nothing is said.
        let mut config = SiteConfig::with_defaults(Path::new("."));
        config.languages = vec!["zh".to_string()];
        config.source_language = "zh".to_string();
        let diags = lint_paper_in(
            &config,
            "---\nid: x\ntitle: Attention Is All You Need\n---\nNotes.\n",
        );
        assert!(diags.list.is_empty(), "{diags:?}");
    }

    #[test]
    fn broken_math_is_a_located_warning() {
        let diags = lint_paper(
            "---\nid: x\ntitle: { en: A }\nabstract:\n  en: |\n    Fine $x$ here.\n    Broken $\\frac{a$ there.\n---\n",
        );
        assert_eq!(diags.list.len(), 1, "{diags:?}");
        let d = &diags.list[0];
        assert_eq!(d.severity, Severity::Warning);
        assert_eq!((d.line, d.column), (7, 12), "{d:?}");
        assert!(d.message.contains("does not parse"), "{}", d.message);
        assert!(d.source_line.contains("\\frac{a$"));
    }

    #[test]
    fn quoted_yaml_is_found_with_doubled_backslashes() {
        let diags = lint_paper("---\nid: x\ntitle:\n  en: \"Bad $\\\\frac{a$ title\"\n---\n");
        assert_eq!(diags.list.len(), 1, "{diags:?}");
        assert_eq!((diags.list[0].line, diags.list[0].column), (4, 12));
    }

    #[test]
    fn abstracts_cut_mid_sentence_are_told_from_complete_ones() {
        let long = "We study attention in large models and what it says about them. ".repeat(4);
        for end in [
            "The model lea",
            "Results improve by 6.6% and 9.5%",
            "We propose three methods:",
            "A result, which",
        ] {
            assert!(looks_cut(&format!("{long}{end}")), "{end}");
        }
        for end in [
            "We study attention.",
            "Does it work?",
            "Runs in $O(n)$",
            "Code: https://github.com/a/b",
            "Code is at github.com/a/b",
            "See www.example.org",
            "(see the appendix)",
            "我们研究注意力。",
            "",
        ] {
            assert!(!looks_cut(&format!("{long}{end}")), "{end}");
        }
        // A short text without a stop is a note, not a cut abstract.
        assert!(!looks_cut("中文摘要"));
        assert!(!looks_cut("A one-line abstract without a stop"));
    }

    #[test]
    fn a_cut_source_abstract_is_a_warning_and_a_cut_translation_is_not() {
        let diags = lint_paper(&format!(
            "---\nid: x\ntitle: {{ en: A }}\nabstract:\n  zh: 我们研究了注意力机制\n  en: {}We study the attention of lar\n---\n",
            "We study attention in large models and what it says about them. ".repeat(4)
        ));
        assert_eq!(diags.list.len(), 1, "{diags:?}");
        let d = &diags.list[0];
        assert_eq!(d.severity, Severity::Warning);
        assert_eq!((d.line, d.column), (6, 3));
        assert_eq!(
            d.message,
            "the `en` abstract stops mid-sentence (`…We study the attention of lar`): it may have been cut short"
        );
    }

    #[test]
    fn dollars_around_chinese_words_are_a_located_warning() {
        // 2402.14925 (cn-chat-arxiv): the translation lost the `$` after `\mathbb{R}^n`.
        let diags = lint_paper(
            "---\nid: x\ntitle: { en: A }\nabstract:\n  en: 'A vector $p$ and $Q\\in \\mathbb{R}^n$ if $Q$ is.'\n  zh: '向量$p$和随机向量$Q\\in \\mathbb{R}^n。 如果$Q$在这个意义上，$m$个'\n---\n",
        );
        assert_eq!(diags.list.len(), 1, "{diags:?}");
        let d = &diags.list[0];
        assert_eq!(d.severity, Severity::Warning);
        assert_eq!(d.kind, Some(WarningKind::ProseInDollars));
        assert_eq!((d.line, d.column), (6, 18), "{d:?}");
        assert_eq!(
            d.message,
            "Chinese or Japanese words between two `$` are shown as written, not as math: `$Q\\in \\mathbb{R}^n。 如果$`"
        );
        let hint = d.hint.as_deref().unwrap_or_default();
        assert!(
            hint.contains("a `$` is probably missing") && hint.contains("`\\text{...}`"),
            "{hint}"
        );
        // A formula with its words in `\text{}` says nothing; several pairs of one text
        // are one warning, at the first.
        let diags = lint_paper(
            "---\nid: x\ntitle: { en: A }\nabstract:\n  zh: '$\\text{准确率}=0.9$，$恶意$ $查询$和$越狱$'\n---\n",
        );
        assert_eq!(diags.list.len(), 1, "{diags:?}");
        assert!(
            diags.list[0]
                .message
                .ends_with("`$恶意$` (and 3 more pairs in this text)"),
            "{}",
            diags.list[0].message
        );
    }

    #[test]
    fn a_translation_without_delimiters_is_reported() {
        let diags = lint_paper(
            "---\nid: x\ntitle: { en: A }\nabstract:\n  en: Runs in $\\mathcal{O}(n)$ time.\n  zh: 运行时间为 \\mathcal{O}(n)。\n---\n",
        );
        assert_eq!(diags.list.len(), 1, "{diags:?}");
        let d = &diags.list[0];
        assert_eq!(d.severity, Severity::Warning);
        assert_eq!((d.line, d.column), (6, 3));
        assert!(d.message.contains("`zh`"), "{}", d.message);
        // With delimiters in both, or math in neither, nothing is said.
        let diags = lint_paper(
            "---\nid: x\ntitle: { en: A }\nabstract:\n  en: Runs in $O(n)$.\n  zh: 运行时间为 $O(n)$。\n---\n",
        );
        assert!(diags.list.is_empty(), "{diags:?}");
        let diags = lint_paper(
            "---\nid: x\ntitle: { en: A }\nabstract:\n  en: Costs \\$5.\n  zh: 花费5美元。\n---\n",
        );
        assert!(diags.list.is_empty(), "{diags:?}");
    }
}
