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
        let text = std::fs::read_to_string(path).map_err(|e| {
            let hint = if path.is_dir() {
                "this is a folder: give the mapping's YAML file, e.g. --mapping mapping.yaml (the folder to import is the path before it)"
            } else {
                "give the mapping's YAML file, readable by you, e.g. --mapping mapping.yaml"
            };
            Diagnostic::file_error(shown, format!("cannot read the mapping: {e}")).with_hint(hint)
        })?;
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

/// What a file gave a field: a text, or the items of a YAML list, each kept as it is (an
/// author written `Smith, John` is one author).
enum Value {
    Text(String),
    List(Vec<String>),
}

impl Value {
    fn is_empty(&self) -> bool {
        match self {
            Value::Text(text) => text.trim().is_empty(),
            Value::List(items) => items.iter().all(|i| i.trim().is_empty()),
        }
    }
}

/// The values a file gave each field, in the order found.
#[derive(Default)]
struct Found {
    values: BTreeMap<&'static str, Value>,
    unplaced: Vec<String>,
}

impl Found {
    /// Gives `value` to the field `key` is mapped to; whether the key is mapped to one.
    fn place(
        &mut self,
        mapping: &BTreeMap<String, String>,
        ignore: &[String],
        key: &str,
        value: Value,
    ) -> bool {
        let key_n = normalized(key);
        let target = mapping
            .iter()
            .find(|(k, _)| normalized(k) == key_n)
            .and_then(|(_, field)| FIELDS.iter().find(|f| **f == field.as_str()));
        match target {
            Some(field) => {
                if !value.is_empty() {
                    self.values.entry(field).or_insert(value);
                }
                true
            }
            None if ignore.iter().any(|i| normalized(i) == key_n) => false,
            None => {
                self.unplaced.push(key_n);
                false
            }
        }
    }
}

/// The items of the front-matter list `key`, each as the file writes it (`1e5`, `true`,
/// `97E50` are texts here, not numbers), and a warning for each item that is no text at
/// all (a map such as `Primary: 97U50` in a `[...]` list, an empty item), which is left
/// out. `yaml` is the front matter, which starts on line `first_line` of the file.
fn written_items(
    source: &SourceFile<'_>,
    yaml: &str,
    first_line: usize,
    key: &str,
    items: &[yaml_serde::Value],
) -> (Vec<String>, Diagnostics) {
    let mut texts = Vec::new();
    let mut warnings = Diagnostics::new();
    let place = |i: usize| {
        crate::locate::key_path(yaml, &[key, &i.to_string()])
            .map_or((first_line, 1), |(line, column)| {
                (first_line + line - 1, column)
            })
    };
    for (i, item) in items.iter().enumerate() {
        let kind = match item {
            yaml_serde::Value::String(text) => {
                texts.push(text.clone());
                continue;
            }
            yaml_serde::Value::Number(_) | yaml_serde::Value::Bool(_) => {
                // Written plain (quoted, it would be a text): up to what ends a plain
                // value in a list.
                let (line, column) = place(i);
                let written = source
                    .text
                    .lines()
                    .nth(line - 1)
                    .and_then(|l| l.char_indices().nth(column - 1).map(|(at, _)| &l[at..]))
                    .map(|rest| {
                        let end = rest.find([',', ']', '}']).unwrap_or(rest.len());
                        let rest = &rest[..end];
                        rest[..rest.find(" #").unwrap_or(rest.len())].trim()
                    })
                    .filter(|w| !w.is_empty());
                let text = written.map_or_else(
                    || {
                        yaml_serde::to_string(item)
                            .unwrap_or_default()
                            .trim()
                            .to_string()
                    },
                    str::to_string,
                );
                texts.push(text);
                continue;
            }
            yaml_serde::Value::Null => "an empty item",
            yaml_serde::Value::Mapping(_) => "a map",
            yaml_serde::Value::Sequence(_) => "a list",
            yaml_serde::Value::Tagged(_) => "a tagged value",
        };
        let shown = yaml_serde::to_string(item)
            .unwrap_or_default()
            .trim()
            .lines()
            .collect::<Vec<_>>()
            .join(", ");
        let (line, column) = place(i);
        let message = if matches!(item, yaml_serde::Value::Null) {
            format!("item {} of `{key}` is empty: it is left out", i + 1)
        } else {
            format!(
                "item {} of `{key}`, `{shown}`, is {kind}, not a text: it is left out",
                i + 1
            )
        };
        let hint = if matches!(item, yaml_serde::Value::Null) {
            "write the item, or remove it".to_string()
        } else {
            format!("to keep it as a text, quote it (\"{shown}\"); or remove it")
        };
        warnings.push(source.warning(line, column, message).with_hint(hint));
    }
    (texts, warnings)
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
    let mut warnings = Diagnostics::new();
    let mut id_value = None;
    for (key, value) in &front {
        let value = match value {
            yaml_serde::Value::String(s) => Value::Text(s.clone()),
            yaml_serde::Value::Sequence(items) => {
                let (items, item_warnings) = written_items(source, yaml, first_line, key, items);
                if mapping.id.as_deref() == Some(key.as_str()) {
                    id_value = Some(items.join(", "));
                    continue;
                }
                if found.place(
                    &mapping.front_matter,
                    &mapping.ignore,
                    key,
                    Value::List(items),
                ) {
                    warnings.extend(item_warnings);
                }
                continue;
            }
            yaml_serde::Value::Null => Value::Text(String::new()),
            other => Value::Text(
                yaml_serde::to_string(other)
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
            ),
        };
        if mapping.id.as_deref() == Some(key.as_str()) {
            let Value::Text(text) = value else { continue };
            id_value = Some(text);
            continue;
        }
        found.place(&mapping.front_matter, &mapping.ignore, key, value);
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

    let joined: BTreeMap<&str, String> = found
        .values
        .iter()
        .filter_map(|(field, value)| match value {
            Value::List(items) => Some((*field, items.join(", "))),
            Value::Text(_) => None,
        })
        .collect();
    let value = |field: &str| match found.values.get(field) {
        Some(Value::Text(text)) => Some(text.as_str()),
        Some(Value::List(_)) => joined.get(field).map(String::as_str),
        None => None,
    };
    // A YAML list's items are the list's; only a text is split (`A, B`, categories
    // `cs.AI cs.LG`).
    let list = |field: &str| -> Vec<String> {
        let items: Vec<String> = match found.values.get(field) {
            Some(Value::List(items)) => items.clone(),
            Some(Value::Text(text)) => text
                .split([',', '，', '、', ';', '；'])
                .flat_map(|item| {
                    if field == "arxiv.categories" {
                        item.split_whitespace().collect::<Vec<_>>()
                    } else {
                        vec![item]
                    }
                })
                .map(str::to_string)
                .collect(),
            None => Vec::new(),
        };
        items
            .iter()
            .map(|item| item.trim().trim_matches('`').trim().to_string())
            .filter(|item| !item.is_empty())
            .collect()
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

/// Whether `line` (trimmed) starts a Markdown block of its own rather than continuing the
/// paragraph above it: a heading, a list item, a quote, a fence, a rule, an HTML block, a
/// label.
fn starts_a_block(line: &str) -> bool {
    line.starts_with('#')
        || line.starts_with('>')
        || line.starts_with("```")
        || line.starts_with("~~~")
        || line.starts_with("**")
        || ["- ", "* ", "+ ", "1. ", "1) "].iter().any(|m| line.starts_with(m))
        // An HTML block (`<details>`, `<!-- -->`), which interrupts a paragraph too.
        || line
            .strip_prefix('<')
            .and_then(|rest| rest.chars().next())
            .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '!' | '/'))
        || (line.len() >= 3 && line.chars().all(|c| c == '-' || c == '*' || c == '_'))
}

/// `text` and the line `next` joined as Markdown joins the lines of a paragraph: with a
/// space, or none between two Chinese characters (a break that the build drops too).
fn join_line(text: &mut String, next: &str) {
    let (Some(before), Some(after)) = (text.chars().next_back(), next.chars().next()) else {
        text.push_str(next);
        return;
    };
    if !crate::line_breaks::joins_without_space(before, after) {
        text.push(' ');
    }
    text.push_str(next);
}

/// Reads the body's sections and label lines into `found`.
fn read_body(body: &str, mapping: &Mapping, found: &mut Found) {
    let mut section: Option<(String, Vec<&str>)> = None;
    // A label's value is its whole paragraph: a tool wraps a long one (an authors' list,
    // an arXiv comment) onto the next lines, which were dropped when only the label's
    // own line was read.
    let mut label: Option<(&str, String)> = None;
    let finish_label = |label: Option<(&str, String)>, found: &mut Found| {
        if let Some((label, value)) = label {
            found.place(&mapping.labels, &mapping.ignore, label, Value::Text(value));
        }
    };
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
            found.place(
                &mapping.sections,
                &mapping.ignore,
                &heading,
                Value::Text(text),
            );
        }
    };
    for line in body.lines() {
        let trimmed = line.trim_start();
        if label.is_some() {
            let next = line.trim();
            if !next.is_empty() && !starts_a_block(next) {
                if let Some((_, value)) = &mut label {
                    join_line(value, next);
                }
                continue;
            }
            finish_label(label.take(), found);
        }
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
            && let Some((label_text, value)) = rest.split_once("**")
            && let Some(value) = value.strip_prefix(':').or_else(|| value.strip_prefix('：'))
            && section.is_none()
        {
            label = Some((label_text, value.trim().to_string()));
            continue;
        }
        if let Some((_, lines)) = &mut section {
            lines.push(line);
        }
    }
    finish_label(label, found);
    finish(section, found);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping(front_matter: &[(&str, &str)]) -> Mapping {
        Mapping {
            front_matter: front_matter
                .iter()
                .map(|(k, f)| (k.to_string(), f.to_string()))
                .collect(),
            ignore: vec!["layout".into(), "title".into(), "arxiv".into()],
            path: PathBuf::from("map.yaml"),
            ..Mapping::default()
        }
    }

    fn read(text: &str, mapping: &Mapping) -> Imported {
        let source = SourceFile {
            path: Path::new("_posts/2024-03-06-p.md"),
            text,
        };
        parse_mapped(&source, mapping, &ImportOptions::default()).unwrap()
    }

    #[test]
    fn a_label_s_value_wrapped_onto_the_next_lines_is_read_whole() {
        let mapping = Mapping {
            labels: [
                ("作者", "authors"),
                ("备注", "arxiv.comment"),
                ("摘要", "abstract.zh"),
                ("分类", "arxiv.categories"),
            ]
            .iter()
            .map(|(k, f)| (k.to_string(), f.to_string()))
            .collect(),
            ignore: vec!["layout".into(), "title".into(), "链接".into()],
            path: PathBuf::from("map.yaml"),
            ..Mapping::default()
        };
        let imported = read(
            "---\nlayout: paper\n---\n\n**作者**: Sergio Di Meglio, Aniello Somma,\nFabio Scippacercola, Sergio Di Martino\n\n**备注**: Accepted to the International Conference on Software\n  Engineering (SEKE) 2025\n**摘要**: 论文研究了第三方\n数据源的不一致性。\n**链接**: [arXiv](https://arxiv.org/abs/2507.22910)\n\nNot a label's.\n\n**分类**: cs.SE\n<details>\n1. not the categories'\n</details>\n",
            &mapping,
        );
        let front = &imported.papers[0].front;
        assert_eq!(
            front.authors,
            [
                "Sergio Di Meglio",
                "Aniello Somma",
                "Fabio Scippacercola",
                "Sergio Di Martino"
            ]
        );
        let arxiv = front.arxiv.as_ref().unwrap();
        assert_eq!(
            arxiv.comment.as_deref(),
            Some("Accepted to the International Conference on Software Engineering (SEKE) 2025")
        );
        // No space between two Chinese characters, as the build joins such lines.
        assert_eq!(
            front.abstract_text.get("zh"),
            Some("论文研究了第三方数据源的不一致性。")
        );
        // An HTML block or a list after a label is no part of its value.
        assert_eq!(arxiv.categories, ["cs.SE"]);
        assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    }

    #[test]
    fn a_folder_given_as_the_mapping_is_said_to_be_one() {
        let dir = tempfile::tempdir().unwrap();
        let problems = Mapping::read(dir.path(), Path::new("old-site")).unwrap_err();
        let d = problems.iter().next().unwrap();
        assert!(d.message.starts_with("cannot read the mapping"), "{d}");
        assert!(
            d.hint
                .as_deref()
                .unwrap()
                .starts_with("this is a folder: give the mapping's YAML file"),
            "{d}"
        );
    }

    #[test]
    fn a_yaml_list_keeps_its_items_and_a_text_is_split_at_commas() {
        let mapping = mapping(&[("authors", "authors"), ("tags", "tags"), ("by", "authors")]);
        let imported = read(
            "---\ntitle: T\ntags: [\"C++, Rust\", LLM]\narxiv: https://arxiv.org/abs/2403.00002\nauthors: [\"Smith, John\", \"Doe, Jane\"]\n---\n",
            &mapping,
        );
        let front = &imported.papers[0].front;
        assert_eq!(front.authors, ["Smith, John", "Doe, Jane"]);
        assert_eq!(front.tags, ["C++, Rust", "LLM"]);
        assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);

        let imported = read(
            "---\narxiv: https://arxiv.org/abs/2403.00002\nauthors: Ada Lovelace, Alan Turing\n---\n",
            &mapping,
        );
        assert_eq!(
            imported.papers[0].front.authors,
            ["Ada Lovelace", "Alan Turing"]
        );
    }

    #[test]
    fn list_items_are_kept_as_written_and_those_that_are_no_text_are_reported() {
        let mapping = mapping(&[("tags", "tags"), ("categories", "arxiv.categories")]);
        let text = "---\nlayout: post\ntags: [2024, LLM, 3D, true, 1e5, {a: b}, null]\narxiv: https://arxiv.org/abs/2509.13570\ncategories: [cs.AI, math.HO, Primary: 97U50, 97D40, 97E50]\n---\n";
        let imported = read(text, &mapping);
        let front = &imported.papers[0].front;
        assert_eq!(front.tags, ["2024", "LLM", "3D", "true", "1e5"]);
        assert_eq!(
            front.arxiv.as_ref().unwrap().categories,
            ["cs.AI", "math.HO", "97D40", "97E50"]
        );
        let warnings: Vec<String> = imported
            .warnings
            .iter()
            .map(|d| {
                format!(
                    "{}:{}: {} ({})",
                    d.line,
                    d.column,
                    d.message,
                    d.hint.as_deref().unwrap_or("")
                )
            })
            .collect();
        assert_eq!(
            warnings,
            [
                "5:30: item 3 of `categories`, `Primary: 97U50`, is a map, not a text: it is left out (to keep it as a text, quote it (\"Primary: 97U50\"); or remove it)",
                "3:34: item 6 of `tags`, `a: b`, is a map, not a text: it is left out (to keep it as a text, quote it (\"a: b\"); or remove it)",
                "3:42: item 7 of `tags` is empty: it is left out (write the item, or remove it)",
            ]
        );
        assert!(
            imported
                .warnings
                .iter()
                .all(|d| d.path == Path::new("_posts/2024-03-06-p.md")),
        );
    }
}
