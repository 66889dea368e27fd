//! Where machine-written text came from: the rules of a paper's `generated:`.
//!
//! - Which texts an entry covers ([`covers`]): the texts its `fields` name (`title.zh`,
//!   `summary`, `analysis.method`, ...), a name covering every text under it, or all of the
//!   paper's texts when it names none.
//! - What a valid entry is ([`validate`]): a tool, a date as YYYY-MM-DD, field names of
//!   the paper's texts in the site's languages; each problem located in the file.
//! - How readers are told ([`mark_value`], [`credit_text`]): the words of the mark beside
//!   each covered text and of the JSON-LD credit.
//! - Which papers look machine-translated but say nothing ([`unmarked`]): the list of
//!   `check --list-unmarked`.

use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostics, Severity};
use crate::frontmatter::{Analysis, PaperFrontMatter, Provenance};
use crate::load::Document;
use crate::locate;

/// The texts of a paper that `fields` can name, at the top.
pub const TEXT_FIELDS: [&str; 4] = ["title", "summary", "abstract", "analysis"];

/// Whether `entry` covers the text at `path` (`title.zh`, `analysis.method.zh`).
pub fn covers(entry: &Provenance, path: &str) -> bool {
    entry.fields.is_empty()
        || entry.fields.iter().any(|f| {
            path == f
                || path
                    .strip_prefix(f.as_str())
                    .is_some_and(|rest| rest.starts_with('.'))
        })
}

/// The first entry of `generated` that covers the text at `path`.
pub fn covering<'a>(generated: &'a [Provenance], path: &str) -> Option<&'a Provenance> {
    generated.iter().find(|e| covers(e, path))
}

/// What the mark's `data-provenance` says: `tool: cn-chat-arxiv; model: gpt-4o; date:
/// 2024-02-01` (the parts given).
pub fn mark_value(entry: &Provenance) -> String {
    let mut parts = vec![format!("tool: {}", entry.tool.trim())];
    if let Some(model) = entry.model.as_deref().filter(|m| !m.trim().is_empty()) {
        parts.push(format!("model: {}", model.trim()));
    }
    if let Some(date) = entry.date.as_deref().filter(|d| !d.trim().is_empty()) {
        parts.push(format!("date: {}", date.trim()));
    }
    parts.join("; ")
}

/// The tool, model and date of an entry, for people: `cn-chat-arxiv · gpt-4o · 2024-02-01`.
pub fn short_description(entry: &Provenance) -> String {
    [
        Some(entry.tool.as_str()),
        entry.model.as_deref(),
        entry.date.as_deref(),
    ]
    .into_iter()
    .flatten()
    .map(str::trim)
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(" · ")
}

/// The credit of a page's machine-written texts: `Machine-written: title.zh, summary
/// (cn-chat-arxiv · 2024-02-01); analysis (daily-arXiv-ai-enhanced)`; `None` without
/// `generated:`.
pub fn credit_text(generated: &[Provenance]) -> Option<String> {
    if generated.is_empty() {
        return None;
    }
    let entries: Vec<String> = generated
        .iter()
        .map(|e| {
            let fields = if e.fields.is_empty() {
                "all texts".to_string()
            } else {
                e.fields.join(", ")
            };
            format!("{fields} ({})", short_description(e))
        })
        .collect();
    Some(format!("Machine-written: {}", entries.join("; ")))
}

/// Every field name `fields` may hold on a site with `languages`: a text, a text in a
/// language, an analysis key, an analysis key in a language.
fn valid_fields(languages: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for text in TEXT_FIELDS {
        out.push(text.to_string());
        if text == "analysis" {
            for key in Analysis::KEYS {
                out.push(format!("analysis.{key}"));
                out.extend(languages.iter().map(|l| format!("analysis.{key}.{l}")));
            }
        } else {
            out.extend(languages.iter().map(|l| format!("{text}.{l}")));
        }
    }
    out
}

/// The checks of a paper's `generated:`: every entry names a tool, dates are YYYY-MM-DD,
/// every field name is one of the paper's texts in a language of the site.
pub fn validate(config: &SiteConfig, doc: &Document<PaperFrontMatter>, diags: &mut Diagnostics) {
    let Some(generated) = &doc.front.generated else {
        return;
    };
    let yaml = &doc.front_yaml;
    // The path of entry `i`: `generated` itself for a map, `generated.<i>` in a list.
    let is_list = crate::yaml::Tree::of(yaml)
        .and_then(|t| t.key(&["generated", "0"]))
        .is_some();
    if generated.0.is_empty() {
        diags.push(
            doc.error_at_key("generated", "`generated:` lists no entries")
                .with_hint("give the tool that wrote the texts, e.g. `generated: { tool: cn-chat-arxiv, fields: [title.zh, summary] }`, or remove the key"),
        );
    }
    let valid = valid_fields(&config.languages);
    for (i, entry) in generated.0.iter().enumerate() {
        let index = i.to_string();
        let at = |rest: &[&str]| {
            let mut path = vec!["generated"];
            if is_list {
                path.push(&index);
            }
            path.extend_from_slice(rest);
            locate::key_path(yaml, &path).unwrap_or((1, 1))
        };
        if entry.tool.trim().is_empty() {
            diags.push(
                doc.error_at(at(&["tool"]), "the tool of `generated:` is empty")
                    .with_hint("name the program that wrote the texts, e.g. `tool: cn-chat-arxiv`"),
            );
        }
        if let Some(date) = &entry.date
            && !is_date(date)
        {
            diags.push(
                doc.error_at(at(&["date"]), format!("`{date}` is not a date"))
                    .with_hint(
                        "write the date the texts were written as YYYY-MM-DD, e.g. 2024-04-04",
                    ),
            );
        }
        for (k, field) in entry.fields.iter().enumerate() {
            if valid.iter().any(|v| v == field) {
                continue;
            }
            let message = match field.split_once('.') {
                Some((text, rest)) if TEXT_FIELDS.contains(&text) => {
                    let lang = rest.rsplit('.').next().unwrap_or(rest);
                    if !config.languages.iter().any(|l| l == lang)
                        && (text != "analysis" || rest.contains('.'))
                    {
                        format!("`{field}` names `{lang}`, which is not a language of this site")
                    } else {
                        format!("`{field}` is not a text of a paper")
                    }
                }
                _ => format!("`{field}` is not a text of a paper"),
            };
            let suggestion = crate::yaml::closest(field, &valid)
                .map(|c| format!("did you mean `{c}`? "))
                .unwrap_or_default();
            diags.push(
                doc.error_at(at(&["fields", &k.to_string()]), message)
                    .with_hint(format!(
                        "{suggestion}fields are {}, each alone or with a language (`summary.{}`), and analysis keys (`analysis.method`)",
                        TEXT_FIELDS.join(", "),
                        config.languages.first().map_or("en", String::as_str),
                    )),
            );
        }
    }
}

/// `YYYY-MM-DD`, a real day.
fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
        && chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

/// The texts of a paper that may well be machine-written (a translation: a title,
/// summary or abstract in another language than the source language; and every text of
/// `analysis:`), as paths (`title.zh`).
pub fn machine_like_texts(config: &SiteConfig, front: &PaperFrontMatter) -> Vec<String> {
    let source = config.source_language.as_str();
    let mut out = Vec::new();
    // In the site's language order, as pages show them.
    let languages = |text: &crate::frontmatter::BilingualText| {
        config
            .languages
            .iter()
            .filter(|l| text.text(l, source).is_some())
            .cloned()
            .collect::<Vec<_>>()
    };
    for (key, text) in [
        ("title", &front.title),
        ("summary", &front.summary),
        ("abstract", &front.abstract_text),
    ] {
        for lang in languages(text) {
            if lang != source {
                out.push(format!("{key}.{lang}"));
            }
        }
    }
    for (key, text) in front.analysis.iter().flat_map(Analysis::fields) {
        for lang in languages(text) {
            out.push(format!("analysis.{key}.{lang}"));
        }
    }
    out
}

/// The papers with texts that look machine-written ([`machine_like_texts`]) but no
/// `generated:`, one warning each at the first such text.
pub fn unmarked(config: &SiteConfig, papers: &[Document<PaperFrontMatter>]) -> Diagnostics {
    let mut out = Diagnostics::new();
    for doc in papers.iter().filter(|d| d.front.generated.is_none()) {
        let texts = machine_like_texts(config, &doc.front);
        let Some(first) = texts.first() else {
            continue;
        };
        let path: Vec<&str> = first.split('.').collect();
        let pos = locate::key_path(&doc.front_yaml, &path).unwrap_or((1, 1));
        let mut d = doc.error_at(
            pos,
            format!(
                "paper `{}` has {} but no `generated:`",
                doc.front.id,
                texts.join(", ")
            ),
        );
        d.severity = Severity::Warning;
        out.push(d.with_hint(format!(
            "if a tool wrote them, say which: `generated: {{ tool: ..., model: ..., date: YYYY-MM-DD, fields: [{}] }}`; readers then see them marked",
            texts.join(", ")
        )));
    }
    out.sort();
    out
}

/// The papers with machine-like texts and no `generated:` (`unmarked`) of the site at `root` (drafts only with `drafts`); files that do not load
/// are left out (`check` reports them).
pub fn list_unmarked(root: &std::path::Path, drafts: bool) -> Result<Diagnostics, Diagnostics> {
    let config = crate::config::load_config(root)?;
    let (mut content, _) = crate::load::load_content(&config);
    content.papers.retain(|d| drafts || !d.front.draft);
    Ok(unmarked(&config, &content.papers))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(fields: &[&str]) -> Provenance {
        Provenance {
            tool: "cn-chat-arxiv".into(),
            model: Some("gpt-4o".into()),
            date: Some("2024-02-01".into()),
            fields: fields.iter().map(|f| f.to_string()).collect(),
        }
    }

    #[test]
    fn fields_cover_the_texts_under_them() {
        let e = entry(&["title.zh", "summary", "analysis"]);
        assert!(covers(&e, "title.zh"));
        assert!(!covers(&e, "title.en"));
        assert!(covers(&e, "summary.en"));
        assert!(covers(&e, "analysis.method.zh"));
        assert!(!covers(&e, "abstract.zh"));
        // `summary` does not cover a text whose name merely starts alike.
        assert!(!covers(&entry(&["sum"]), "summary.zh"));
        // No fields: every text.
        assert!(covers(&entry(&[]), "abstract.en"));
        let both = [entry(&["title.zh"]), entry(&[])];
        assert!(std::ptr::eq(covering(&both, "title.zh").unwrap(), &both[0]));
        assert!(std::ptr::eq(
            covering(&both, "summary.zh").unwrap(),
            &both[1]
        ));
    }

    #[test]
    fn marks_and_credits_name_tool_model_and_date() {
        let e = entry(&["title.zh", "summary"]);
        assert_eq!(
            mark_value(&e),
            "tool: cn-chat-arxiv; model: gpt-4o; date: 2024-02-01"
        );
        let bare = Provenance {
            tool: "x".into(),
            ..Provenance::default()
        };
        assert_eq!(mark_value(&bare), "tool: x");
        assert_eq!(
            credit_text(&[e, bare]).unwrap(),
            "Machine-written: title.zh, summary (cn-chat-arxiv · gpt-4o · 2024-02-01); all texts (x)"
        );
        assert_eq!(credit_text(&[]), None);
    }

    #[test]
    fn dates_are_iso_days() {
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2024-2-1"));
        assert!(!is_date("2024-02-01T00:00:00Z"));
    }
}
