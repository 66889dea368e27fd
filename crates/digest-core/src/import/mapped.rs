//! Paper files of another site (Jekyll, Hugo, a digest tool's own pages), read through a
//! mapping file that says where each of their fields goes.
//!
//! Such files keep a paper's texts in three kinds of place: front-matter keys
//! (`title: ...`), sections of the body (`## 📄 摘要（原文）` and the text under it) and label
//! lines (`**作者**: A, B`). The mapping names, for each place it knows, a field of
//! digest-site (`abstract.en`, `authors`, ...); what a file has that the mapping neither
//! places nor `ignore`s is reported for that file, so that nothing is dropped without a
//! word. The paper's id comes from a front-matter key or, by default, from the first arXiv
//! link of the file. With `digests: folder`, the papers of each dated folder become one
//! digest (`docs/cs-AI/2025-06-05/papers/*.md` → `2025-06-05-cs-ai`).
//!
//! Written by hand: no crate reads "a Markdown page whose fields are wherever its site put
//! them"; front matter and YAML go through the site's own readers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::naming::DigestIdentity;
use super::{ImportOptions, Imported, ImportedPaper, SourceFile, SourceKind};
use crate::arxiv::{ArxivRef, abs_url};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::frontmatter::{ArxivMeta, BilingualText, PaperFrontMatter};
use crate::load::split_front_matter;
use crate::rules::parse_date;
use crate::yaml::{closest, parse_yaml_all};

/// The fields a mapping can fill.
pub const FIELDS: &[&str] = &[
    "title.en",
    "title.zh",
    "summary.en",
    "summary.zh",
    "abstract.en",
    "abstract.zh",
    "authors",
    "date",
    "url",
    "tags",
    "arxiv.categories",
    "arxiv.comment",
    "arxiv.doi",
    "arxiv.journal_ref",
];

/// How papers become digests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DigestsBy {
    /// One digest per dated folder of paper files.
    Folder,
}

/// A mapping file: where another site keeps each field.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// The front-matter key that holds the paper's arXiv id or link; by default the first
    /// arXiv link of the file.
    #[serde(default)]
    pub id: Option<String>,
    /// Front-matter key → field.
    #[serde(default)]
    pub front_matter: BTreeMap<String, String>,
    /// Heading of a body section (`## ...`, emoji and spaces around it aside) → field.
    #[serde(default)]
    pub sections: BTreeMap<String, String>,
    /// Label of a `**label**: value` line → field.
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// Front-matter keys, headings and labels left out on purpose.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// File names left out of a folder's import (`index.md`: a site's list pages).
    #[serde(default)]
    pub exclude: Vec<String>,
    /// `folder`: the papers of each dated folder make one digest.
    #[serde(default)]
    pub digests: Option<DigestsBy>,
    /// Where the mapping was read from (for messages).
    #[serde(skip)]
    pub path: PathBuf,
}

impl Mapping {
    /// Whether a folder's file is left out by `exclude`.
    pub fn excludes(&self, path: &Path) -> bool {
        path.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|name| self.exclude.iter().any(|e| e == name))
    }

    /// Reads and checks a mapping file; `shown` is its path as messages show it.
    pub fn read(path: &Path, shown: &Path) -> Result<Mapping, Diagnostics> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Diagnostic::file_error(shown, format!("cannot read the mapping: {e}")))?;
        let (mapping, errors) = parse_yaml_all::<Mapping>(&text, 1);
        let mut problems = Diagnostics::new();
        for e in errors {
            let mut d = Diagnostic::error(shown, &text, e.line, e.column, e.message);
            d.hint = e.hint.map(Into::into);
            problems.push(d);
        }
        let Some(mut mapping) = mapping else {
            return Err(problems);
        };
        let fields: Vec<String> = FIELDS.iter().map(|f| f.to_string()).collect();
        for (key, field) in mapping
            .front_matter
            .iter()
            .chain(&mapping.sections)
            .chain(&mapping.labels)
        {
            if FIELDS.contains(&field.as_str()) {
                continue;
            }
            let (line, column) = text
                .lines()
                .enumerate()
                .find_map(|(i, l)| {
                    l.find(key.as_str())
                        .filter(|_| l.contains(field.as_str()))
                        .map(|c| (i + 1, c + 1))
                })
                .unwrap_or((1, 1));
            let hint = match closest(field, &fields) {
                Some(near) => format!("did you mean `{near}`? The fields: {}", FIELDS.join(", ")),
                None => format!("the fields: {}", FIELDS.join(", ")),
            };
            problems.push(
                Diagnostic::error(
                    shown,
                    &text,
                    line,
                    column,
                    format!("`{field}` is no field of a paper"),
                )
                .with_hint(hint),
            );
        }
        if problems.has_errors() {
            return Err(problems);
        }
        mapping.path = shown.to_path_buf();
        Ok(mapping)
    }
}

/// A heading or label as compared: without the emoji, marks and spaces around it.
fn normalized(text: &str) -> String {
    text.trim_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '(' | ')' | '（' | '）'))
        .trim()
        .to_string()
}

/// The texts a file gave each field, in the order found.
#[derive(Default)]
struct Found {
    values: BTreeMap<&'static str, String>,
    unplaced: Vec<String>,
}

impl Found {
    fn place(
        &mut self,
        mapping: &BTreeMap<String, String>,
        ignore: &[String],
        key: &str,
        value: String,
    ) {
        let key_n = normalized(key);
        let target = mapping
            .iter()
            .find(|(k, _)| normalized(k) == key_n)
            .and_then(|(_, field)| FIELDS.iter().find(|f| **f == field.as_str()));
        match target {
            Some(field) => {
                if !value.trim().is_empty() {
                    self.values.entry(field).or_insert(value);
                }
            }
            None if ignore.iter().any(|i| normalized(i) == key_n) => {}
            None => self.unplaced.push(key_n),
        }
    }
}

/// Reads one paper file through `mapping`.
pub fn parse_mapped(
    source: &SourceFile<'_>,
    mapping: &Mapping,
    options: &ImportOptions,
) -> Result<Imported, Diagnostics> {
    let (yaml, first_line, body) =
        split_front_matter(source.text).map_err(|(line, message, hint)| {
            Diagnostics::from(source.error(line, 1, message).with_hint(hint))
        })?;
    let (front, errors) = parse_yaml_all::<BTreeMap<String, yaml_serde::Value>>(yaml, first_line);
    if let Some(e) = errors.into_iter().next() {
        let mut d = source.error(e.line, e.column, e.message);
        d.hint = e.hint.map(Into::into);
        return Err(d.into());
    }
    let front = front.unwrap_or_default();
    let mut found = Found::default();
    let mut id_value = None;
    for (key, value) in &front {
        let text = match value {
            yaml_serde::Value::String(s) => s.clone(),
            yaml_serde::Value::Sequence(items) => items
                .iter()
                .filter_map(|i| {
                    i.as_str()
                        .map(str::to_string)
                        .or_else(|| i.as_i64().map(|n| n.to_string()))
                })
                .collect::<Vec<_>>()
                .join(", "),
            yaml_serde::Value::Null => String::new(),
            other => yaml_serde::to_string(other)
                .unwrap_or_default()
                .trim()
                .to_string(),
        };
        if mapping.id.as_deref() == Some(key.as_str()) {
            id_value = Some(text);
            continue;
        }
        found.place(&mapping.front_matter, &mapping.ignore, key, text);
    }
    read_body(body, mapping, &mut found);

    let first_arxiv_link = || {
        source
            .text
            .match_indices("arxiv.org/")
            .filter_map(|(at, _)| {
                let start = source.text[..at]
                    .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '<' | '['))
                    .map_or(0, |s| s + 1);
                let end = source.text[at..]
                    .find(|c: char| c.is_whitespace() || matches!(c, ')' | '"' | '>' | ']'))
                    .map_or(source.text.len(), |e| at + e);
                ArxivRef::from_link(source.text[start..end].trim_end_matches(".pdf"))
            })
            .next()
    };
    let arxiv = match &id_value {
        Some(value) => ArxivRef::parse(value).or_else(|| ArxivRef::from_link(value)),
        None => first_arxiv_link(),
    };
    let Some(arxiv) = arxiv else {
        let message = match (&mapping.id, id_value) {
            (Some(key), Some(value)) => format!("`{key}: {value}` is no arXiv id or link"),
            (Some(key), None) => format!("the front matter has no `{key}` (the mapping's `id`)"),
            _ => "the file has no arXiv link to take the paper's id from".to_string(),
        };
        return Err(source
            .error(1, 1, message)
            .with_hint(format!(
                "only paper files can be read through {}; name the paper files (not the site's index pages), or set `id:` in the mapping",
                mapping.path.display()
            ))
            .into());
    };

    let value = |field: &str| found.values.get(field).map(String::as_str);
    let list = |field: &str| -> Vec<String> {
        value(field)
            .map(|v| {
                v.split([',', '，', '、', ';', '；'])
                    .flat_map(|item| {
                        if field == "arxiv.categories" {
                            item.split_whitespace().collect::<Vec<_>>()
                        } else {
                            vec![item]
                        }
                    })
                    .map(|item| item.trim().trim_matches('`').trim().to_string())
                    .filter(|item| !item.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    };
    let date = value("date").and_then(|d| {
        (0..d.len())
            .filter_map(|i| d.get(i..i + 10))
            .find_map(parse_date)
            .map(|d| d.format("%Y-%m-%d").to_string())
    });
    let front = PaperFrontMatter {
        id: arxiv.paper_id(),
        title: BilingualText::from_pairs([("zh", value("title.zh")), ("en", value("title.en"))]),
        summary: BilingualText::from_pairs([
            ("zh", value("summary.zh")),
            ("en", value("summary.en")),
        ]),
        abstract_text: BilingualText::from_pairs([
            ("zh", value("abstract.zh")),
            ("en", value("abstract.en")),
        ]),
        url: Some(value("url").map_or_else(|| abs_url(&arxiv.id), str::to_string)),
        authors: list("authors"),
        date,
        arxiv: Some(ArxivMeta {
            id: arxiv.id.clone(),
            version: arxiv.version,
            categories: list("arxiv.categories"),
            comment: value("arxiv.comment").map(str::to_string),
            doi: value("arxiv.doi").map(str::to_string),
            journal_ref: value("arxiv.journal_ref").map(str::to_string),
            ..ArxivMeta::default()
        }),
        tags: list("tags"),
        ..PaperFrontMatter::default()
    };
    let mut warnings = Diagnostics::new();
    if !found.unplaced.is_empty() {
        found.unplaced.dedup();
        warnings.push(
            source
                .warning(
                    1,
                    1,
                    format!(
                        "not placed by the mapping: {}",
                        found
                            .unplaced
                            .iter()
                            .map(|u| format!("`{u}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
                .with_hint(format!(
                    "add them to `front_matter`, `sections` or `labels` of {}, or to its `ignore` list",
                    mapping.path.display()
                )),
        );
    }
    let digest = match mapping.digests {
        Some(DigestsBy::Folder) => {
            let identity = DigestIdentity::of_folder(source.path, options)?;
            Some((identity.slug(), identity.front(vec![front.id.clone()])))
        }
        None => None,
    };
    Ok(Imported {
        kind: SourceKind::MappedPaper,
        papers: vec![ImportedPaper {
            front,
            line: 1,
            body: String::new(),
        }],
        digest,
        digest_named_after_file: false,
        warnings,
        source: source.path.to_path_buf(),
        text: source.text.to_string(),
        plain_texts_in: None,
    })
}

/// Reads the body's sections and label lines into `found`.
fn read_body(body: &str, mapping: &Mapping, found: &mut Found) {
    let mut section: Option<(String, Vec<&str>)> = None;
    let finish = |section: Option<(String, Vec<&str>)>, found: &mut Found| {
        if let Some((heading, lines)) = section {
            let text = lines
                .iter()
                .map(|l| {
                    let l = l.trim();
                    l.strip_prefix('>').map_or(l, str::trim_start)
                })
                .collect::<Vec<_>>()
                .join("\n");
            let text = text.trim();
            // A one-line field takes the section's first paragraph (a highlighted
            // sentence, with keywords and the like after it).
            let heading_n = normalized(&heading);
            let one_line = mapping.sections.iter().any(|(k, f)| {
                normalized(k) == heading_n && (f.starts_with("summary.") || f.starts_with("title."))
            });
            let text = if one_line {
                // Bold marks anywhere in it (`**要点：** 文字`), not only around it.
                text.split("\n\n").next().unwrap_or("").replace("**", "")
            } else {
                text.to_string()
            };
            let text = text.trim().trim_matches('*').trim().to_string();
            found.place(&mapping.sections, &mapping.ignore, &heading, text);
        }
    };
    for line in body.lines() {
        let trimmed = line.trim_start();
        if let Some(heading) = trimmed
            .strip_prefix("## ")
            .or_else(|| trimmed.strip_prefix("### "))
        {
            finish(section.take(), found);
            section = Some((heading.to_string(), Vec::new()));
            continue;
        }
        if trimmed.starts_with("# ") {
            // The page's title: a heading of its own, not a section.
            finish(section.take(), found);
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("**")
            && let Some((label, value)) = rest.split_once("**")
            && let Some(value) = value.strip_prefix(':').or_else(|| value.strip_prefix('：'))
            && section.is_none()
        {
            found.place(
                &mapping.labels,
                &mapping.ignore,
                label,
                value.trim().to_string(),
            );
            continue;
        }
        if let Some((_, lines)) = &mut section {
            lines.push(line);
        }
    }
    finish(section, found);
}
