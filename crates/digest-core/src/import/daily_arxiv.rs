//! daily-arXiv-ai-enhanced's daily files (`data/2025-08-01_AI_enhanced_Chinese.jsonl`, plain
//! or gzip-compressed): JSON Lines, one paper of that day's arXiv listing per line, with
//! what the tool's LLM wrote about it under `AI`.
//!
//! ```text
//! {"id": "2509.25220", "categories": ["cs.CL", "cs.LG"],
//!  "pdf": "https://arxiv.org/pdf/2509.25220", "abs": "https://arxiv.org/abs/2509.25220",
//!  "authors": ["Eduard Kapelko"], "title": "Cyclic Ablation: …",
//!  "comment": "Code is available at:\n  https://…",
//!  "summary": "Safety and controllability are critical for large language models. A\ncentral…",
//!  "AI": {"tldr": "通过循环消融……", "motivation": "…", "method": "…", "result": "…",
//!         "conclusion": "…"}}
//! ```
//!
//! A file is a day: its papers and one digest listing them in file order, dated (and named)
//! from the file name by the same rules as Markdown digests. `summary` is arXiv's abstract
//! hard-wrapped at 80 columns; its lines are joined, as are those of the title and the
//! comment. `AI.tldr` becomes the one-line summary and the other four keys `analysis:`, in
//! the language the file name ends in (`Chinese` → `zh`); `generated:` says the tool wrote
//! them, on the file's day. `pdf` is the PDF every arXiv paper is given; one elsewhere is
//! kept in `links.pdf`.

use super::json::{Record, unknown_keys};
use super::{ImportedPaper, one_line};
use crate::arxiv::{ArxivRef, paper_id_of};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::frontmatter::{
    Analysis, ArxivMeta, BilingualText, Generated, PaperFrontMatter, Provenance,
};

/// The tool, as `generated:` names it.
pub const TOOL: &str = "daily-arXiv-ai-enhanced";

/// The keys of a record.
const KEYS: &[&str] = &[
    "id",
    "categories",
    "pdf",
    "abs",
    "authors",
    "title",
    "comment",
    "summary",
    "AI",
];
/// The keys of its `AI` object.
const AI_KEYS: &[&str] = &["tldr", "motivation", "method", "result", "conclusion"];

/// Languages the tool writes in, as its file names end (`…_AI_enhanced_Chinese.jsonl`),
/// and their codes.
const LANGUAGES: &[(&str, &str)] = &[
    ("Chinese", "zh"),
    ("English", "en"),
    ("Japanese", "ja"),
    ("Korean", "ko"),
    ("French", "fr"),
    ("German", "de"),
    ("Spanish", "es"),
    ("Russian", "ru"),
];

/// Whether a record looks like daily-arXiv-ai-enhanced's: an `id` and an `AI` object.
pub fn is_record(fields: &serde_json::Map<String, serde_json::Value>) -> bool {
    fields.contains_key("id") && fields.contains_key("AI")
}

/// The language of the `AI` texts from the file's name (`Chinese` → `zh`); Chinese, with a
/// warning, when the name says none the importer knows.
fn ai_language(
    file_name: &str,
    warnings: &mut Diagnostics,
    shown: &std::path::Path,
) -> &'static str {
    let stem = file_name
        .trim_end_matches(".gz")
        .trim_end_matches(".jsonl")
        .trim_end_matches(".json");
    let named = stem.rsplit('_').next().unwrap_or_default();
    if let Some((_, code)) = LANGUAGES
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(named))
    {
        return code;
    }
    warnings.push(
        Diagnostic::file_warning(
            shown,
            format!("the file name does not say the language of the AI texts (`_{named}`); they are imported as Chinese (`zh`)"),
        )
        .with_hint("the tool names its files `<date>_AI_enhanced_<Language>.jsonl`, e.g. `2025-08-01_AI_enhanced_Chinese.jsonl`"),
    );
    "zh"
}

/// The papers of one day's records, dated `date` (YYYY-MM-DD), in file order; and warnings
/// (keys without a place). `shown` is the file, whose name gives the language.
pub fn parse_records(
    records: &[Record<'_>],
    date: &str,
    shown: &std::path::Path,
) -> Result<(Vec<ImportedPaper>, Diagnostics), Diagnostics> {
    let mut warnings = Diagnostics::new();
    let name = shown
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let language = ai_language(name, &mut warnings, shown);
    let mut papers = Vec::with_capacity(records.len());
    let mut errors = Diagnostics::new();
    for record in records {
        match paper_of(record, date, language, &mut warnings) {
            Ok(paper) => papers.push(paper),
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    warnings.extend(unknown_keys(records, KEYS, TOOL));
    warnings.extend(unknown_ai_keys(records));
    warnings.extend(subject_classes(records));
    Ok((papers, warnings))
}

fn paper_of(
    record: &Record<'_>,
    date: &str,
    language: &str,
    warnings: &mut Diagnostics,
) -> Result<ImportedPaper, Diagnostic> {
    let id = record.required_text("id")?.ok_or_else(|| {
        record.error("id", "the record has no `id`").with_hint(
            "every record of the tool has the paper's arXiv id, e.g. `\"id\": \"2509.25220\"`",
        )
    })?;
    let arxiv_ref = ArxivRef::parse(id).ok_or_else(|| {
        record
            .error("id", format!("`{id}` is not an arXiv identifier"))
            .with_hint("the tool writes new-style ids such as 2509.25220")
    })?;
    let url = record.url("abs")?;
    if let Some(abs) = url
        && let Some(found) = ArxivRef::from_link(abs)
        && found.id != arxiv_ref.id
    {
        return Err(record
            .error(
                "abs",
                format!("`abs` names arXiv:{} but `id` is {id}", found.id),
            )
            .with_hint("both must name the same paper"));
    }
    let title = record
        .required_text("title")?
        .map(one_line)
        .ok_or_else(|| {
            record
                .error("title", "the record has no `title`")
                .with_hint("every record of the tool has the paper's English title")
        })?;
    let mut links = std::collections::BTreeMap::new();
    if let Some(pdf) = record.url("pdf")?
        && !is_derived_pdf(pdf, &arxiv_ref.id)
    {
        links.insert("pdf".to_string(), pdf.to_string());
    }

    let ai = record.object("AI")?;
    // The keys whose text is the tool's note that it failed, and those whose text was
    // escaped twice (`\u8fd9` for 这), each said once for the record.
    let (mut failed, mut unescaped) = (Vec::new(), Vec::new());
    let mut ai_text = |key: &'static str| -> Result<Option<String>, Diagnostic> {
        match ai.and_then(|m| m.get(key)) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(s)) => {
                let text = s.trim();
                if text.is_empty() {
                    Ok(None)
                } else if is_failure_note(text) {
                    failed.push(format!("`{key}`: \"{text}\""));
                    Ok(None)
                } else if let Some(text) = without_unicode_escapes(text) {
                    unescaped.push(key);
                    Ok(Some(text))
                } else {
                    Ok(Some(text.to_string()))
                }
            }
            Some(other) => Err(record
                .error(
                    key,
                    format!("`AI.{key}` is {}, not a text", super::json::kind(other)),
                )
                .with_hint(format!("write `\"{key}\": \"...\"`, or leave the key out"))),
        }
    };
    let in_language =
        |text: Option<String>| BilingualText::from_pairs([(language, text.as_deref())]);
    let mut analysis = Analysis::default();
    for key in ["motivation", "method", "result", "conclusion"] {
        let text = ai_text(key)?;
        if let Some(slot) = analysis.field_mut(key) {
            *slot = in_language(text);
        }
    }
    let summary = in_language(ai_text("tldr")?);
    if !failed.is_empty() {
        warnings.push(
            record
                .warning("AI", format!(
                    "the AI texts of {} are the tool's notes that it failed ({}): they are left out",
                    record.text("id").ok().flatten().unwrap_or_default(),
                    failed.join(", ")
                ))
                .with_hint("run the tool again for this paper, or write the texts into its file once it is imported"),
        );
    }
    if !unescaped.is_empty() {
        warnings.push(record.warning(
            "AI",
            format!(
                "the AI texts {} of {} were written with their characters escaped twice (`\\u8fd9` for 这): they are imported as the characters",
                unescaped.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "),
                record.text("id").ok().flatten().unwrap_or_default(),
            ),
        ));
    }
    let mut fields = Vec::new();
    if !summary.is_empty() {
        fields.push(format!("summary.{language}"));
    }
    if !analysis.is_empty() {
        fields.push("analysis".to_string());
    }
    let generated = (!fields.is_empty()).then(|| {
        Generated(vec![Provenance {
            tool: TOOL.to_string(),
            date: Some(date.to_string()),
            fields,
            ..Provenance::default()
        }])
    });

    Ok(ImportedPaper {
        line: record.line(),
        body: String::new(),
        front: PaperFrontMatter {
            id: paper_id_of(&arxiv_ref.id),
            title: BilingualText::from_pairs([("en", Some(title.as_str()))]),
            summary,
            abstract_text: BilingualText::from_pairs([(
                "en",
                record.text("summary")?.map(one_line).as_deref(),
            )]),
            analysis: (!analysis.is_empty()).then_some(analysis),
            generated,
            url: url.map(str::to_string),
            authors: record.texts("authors")?.into_iter().map(one_line).collect(),
            date: Some(date.to_string()),
            arxiv: Some(ArxivMeta {
                id: arxiv_ref.id.clone(),
                version: arxiv_ref.version,
                categories: record
                    .texts("categories")?
                    .into_iter()
                    .filter(|c| is_arxiv_category(c))
                    .map(str::to_string)
                    .collect(),
                comment: record.text("comment")?.map(one_line),
                ..ArxivMeta::default()
            }),
            links,
            ..PaperFrontMatter::default()
        },
    })
}

/// Whether `text` is what the tool writes in place of a text it failed to make: "Error",
/// or its key and a failure ("Summary generation failed", "Method extraction failed",
/// "Result analysis unavailable"), whatever the language of the file. A sentence that
/// ends so ("All five baselines failed.") is a text.
fn is_failure_note(text: &str) -> bool {
    let lower = text.trim().trim_end_matches('.').to_ascii_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    match words.as_slice() {
        ["error"] => true,
        [key, .., last] if words.len() <= 3 => {
            matches!(
                *key,
                "summary" | "tldr" | "motivation" | "method" | "result" | "conclusion" | "analysis"
            ) && matches!(*last, "failed" | "unavailable" | "error")
        }
        _ => false,
    }
}

/// `text` with its `\uXXXX` escapes read as the characters they stand for, when it holds
/// any (a tool that wrote JSON into a JSON string); `None` when it has none, or one that
/// names no character.
fn without_unicode_escapes(text: &str) -> Option<String> {
    if !text.contains("\\u") {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut any = false;
    while let Some(at) = rest.find("\\u") {
        out.push_str(&rest[..at]);
        let code = |from: &str| {
            from.get(..4)
                .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
        };
        let Some(unit) = code(&rest[at + 2..]) else {
            out.push_str("\\u");
            rest = &rest[at + 2..];
            continue;
        };
        let mut used = 6;
        let c = if (0xD800..0xDC00).contains(&unit) {
            // A surrogate pair: the second half follows as another escape.
            let low = rest[at + 6..]
                .strip_prefix("\\u")
                .and_then(code)
                .filter(|low| (0xDC00..0xE000).contains(low));
            low.and_then(|low| {
                used = 12;
                char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
            })
        } else {
            char::from_u32(unit)
        };
        let c = c?;
        out.push(c);
        any = true;
        rest = &rest[at + used..];
    }
    out.push_str(rest);
    any.then_some(out)
}

/// Whether `pdf` is the PDF link the site derives for every arXiv paper.
fn is_derived_pdf(pdf: &str, id: &str) -> bool {
    let pdf = pdf.trim().trim_end_matches(".pdf");
    pdf == format!("https://arxiv.org/pdf/{id}") || pdf == format!("http://arxiv.org/pdf/{id}")
}

/// Whether `name` is written as an arXiv category is (`cs.CV`, `hep-th`,
/// `cond-mat.mes-hall`): letters, `-` and `.`, starting with a lower-case letter. The
/// tool's `categories` also carry the papers' MSC and ACM subject classes (`68T45
/// (Primary), 68T07`, `I.2.6`), which are not.
fn is_arxiv_category(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '-' || c == '.')
}

/// One warning for the subject classes (MSC, ACM) among the records' `categories`, which
/// are left out of the papers' arXiv categories: they would each become a category page.
fn subject_classes(records: &[Record<'_>]) -> Diagnostics {
    let mut first = None;
    let mut count = 0;
    let mut examples: Vec<&str> = Vec::new();
    for record in records {
        let Some(serde_json::Value::Array(values)) = record.fields.get("categories") else {
            continue;
        };
        let classes: Vec<&str> = values
            .iter()
            .filter_map(|v| v.as_str())
            .filter(|c| !is_arxiv_category(c))
            .collect();
        if classes.is_empty() {
            continue;
        }
        count += 1;
        first.get_or_insert(record);
        for class in classes {
            if examples.len() < 3 && !examples.contains(&class) {
                examples.push(class);
            }
        }
    }
    let Some(first) = first else {
        return Diagnostics::new();
    };
    Diagnostics::from(
        first
            .warning(
                "categories",
                format!(
                    "`categories` of {count} record{} hold subject classes that are not arXiv categories ({}); they are not imported",
                    if count == 1 { "" } else { "s" },
                    examples.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
                ),
            )
            .with_hint("these are MSC or ACM classes from the papers' metadata; add them to a paper's `tags:` by hand if you want them shown"),
    )
}

/// A warning per key of the records' `AI` objects that has no place.
fn unknown_ai_keys(records: &[Record<'_>]) -> Diagnostics {
    let mut found: std::collections::BTreeMap<&str, (usize, &Record<'_>)> = Default::default();
    for record in records {
        let Some(serde_json::Value::Object(ai)) = record.fields.get("AI") else {
            continue;
        };
        for key in ai.keys() {
            if !AI_KEYS.contains(&key.as_str()) {
                found.entry(key.as_str()).or_insert((0, record)).0 += 1;
            }
        }
    }
    let warnings: Vec<Diagnostic> = found
        .into_iter()
        .map(|(key, (count, first))| {
            first
                .warning(
                    key,
                    format!(
                        "`AI.{key}` ({count} record{}) has no place in a paper; it is not imported",
                        if count == 1 { "" } else { "s" }
                    ),
                )
                .with_hint(format!(
                    "the keys of `AI` imported are: {}",
                    AI_KEYS.join(", ")
                ))
        })
        .collect();
    Diagnostics::from(warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tools_failure_notes_are_told_from_texts() {
        for note in [
            "Error",
            "Summary generation failed",
            "Motivation analysis unavailable",
            "Method extraction failed",
            "Result analysis unavailable",
            "Conclusion extraction failed",
            "TLDR failed.",
        ] {
            assert!(is_failure_note(note), "{note}");
        }
        // Sentences of an English file's texts, and the Chinese of a Chinese file's.
        for text in [
            "未在摘要中明确说明",
            "All five baselines failed.",
            "We show why prior jailbreak defenses failed.",
            "Data for low-resource languages remains unavailable.",
            "Error: models hallucinate APIs",
            "Training failed",
            "An error analysis of sparse attention",
        ] {
            assert!(!is_failure_note(text), "{text}");
        }
    }

    #[test]
    fn text_escaped_twice_is_read_as_its_characters() {
        assert_eq!(
            without_unicode_escapes("\\u8fd9\\u7bc7\\u8bba\\u6587 LLM").as_deref(),
            Some("这篇论文 LLM")
        );
        assert_eq!(
            without_unicode_escapes("emoji \\ud83d\\ude00!").as_deref(),
            Some("emoji 😀!")
        );
        // No escape, or one that names no character: the text as it is.
        assert_eq!(without_unicode_escapes("plain 中文"), None);
        assert_eq!(without_unicode_escapes("\\ud83d alone"), None);
        assert_eq!(
            without_unicode_escapes("a path C:\\users and \\u4e2d").as_deref(),
            Some("a path C:\\users and 中")
        );
    }
}
