//! Merging an imported record into the one already on disk, field by field.
//!
//! Both sides are compared as YAML values, so the rule is the same for every front-matter
//! type: a field (or a language of a bilingual text, or a key of `arxiv:`) that the file
//! lacks is added; a field both have with equal values is left alone; a field both have
//! with different values keeps the file's value and is reported. Lists are compared whole.
//!
//! `generated:` is the exception: it lists who wrote which texts, so an imported entry of a
//! tool the file does not list yet joins the file's entries (cn-chat-arxiv wrote the
//! translation, daily-arXiv-ai-enhanced the analysis); an entry of a tool already listed is
//! compared as a value, except that one differing only in its `fields` (the same run, which
//! wrote texts in another language too) adds them.

use serde::Serialize;
use serde::de::DeserializeOwned;
use yaml_serde::Value;

/// A field whose value in the file differs from the imported one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// The key path, e.g. `["arxiv", "version"]` or `["title", "en"]`.
    pub key: Vec<String>,
    /// Both values, as short YAML.
    pub existing: String,
    pub imported: String,
}

impl Difference {
    /// `arxiv.version`.
    pub fn dotted(&self) -> String {
        self.key.join(".")
    }
}

/// The result of a merge.
#[derive(Debug, Clone)]
pub struct Merged<T> {
    pub merged: T,
    /// Dotted keys of the fields the file gained.
    pub added: Vec<String>,
    pub differing: Vec<Difference>,
}

/// Merges `imported` into `existing` (see the module comment).
pub fn merge<T: Serialize + DeserializeOwned>(
    existing: &T,
    imported: &T,
) -> Result<Merged<T>, String> {
    let mut merged = yaml_serde::to_value(existing).map_err(|e| e.to_string())?;
    let imported = yaml_serde::to_value(imported).map_err(|e| e.to_string())?;
    let mut added = Vec::new();
    let mut differing = Vec::new();
    merge_value(
        &mut Vec::new(),
        &mut merged,
        &imported,
        &mut added,
        &mut differing,
    );
    let merged = yaml_serde::from_value(merged).map_err(|e| e.to_string())?;
    Ok(Merged {
        merged,
        added,
        differing,
    })
}

fn merge_value(
    path: &mut Vec<String>,
    existing: &mut Value,
    imported: &Value,
    added: &mut Vec<String>,
    differing: &mut Vec<Difference>,
) {
    match (existing, imported) {
        (existing, imported) if path.len() == 1 && path[0] == GENERATED => {
            merge_generated(path, existing, imported, added, differing);
        }
        (Value::Mapping(existing), Value::Mapping(imported)) => {
            for (key, value) in imported {
                path.push(key_text(key));
                match existing.get_mut(key) {
                    Some(current) => merge_value(path, current, value, added, differing),
                    None => {
                        existing.insert(key.clone(), value.clone());
                        added.push(path.join("."));
                    }
                }
                path.pop();
            }
        }
        (current, imported) if *current == *imported || imported.is_null() => {}
        // An empty text, list or map in the file (a skeleton of `new`) is a field not yet
        // filled: the import fills it.
        (current, imported) if is_missing(current) => {
            *current = imported.clone();
            added.push(path.join("."));
        }
        (current, imported) => differing.push(Difference {
            key: path.clone(),
            existing: short(current),
            imported: short(imported),
        }),
    }
}

/// The key of a paper's provenance entries (see the module comment).
const GENERATED: &str = "generated";

/// Merges `generated:` (one entry or a list of them) entry by entry, by tool.
fn merge_generated(
    path: &[String],
    existing: &mut Value,
    imported: &Value,
    added: &mut Vec<String>,
    differing: &mut Vec<Difference>,
) {
    let entries_of = |v: &Value| match v {
        Value::Sequence(items) => items.clone(),
        Value::Null => Vec::new(),
        other => vec![other.clone()],
    };
    let tool = |v: &Value| v.get("tool").cloned();
    // An entry without its `fields`, to compare two entries of one tool and run.
    let without_fields = |v: &Value| {
        let mut v = v.clone();
        if let Value::Mapping(map) = &mut v {
            map.remove("fields");
        }
        v
    };
    let mut entries = entries_of(existing);
    let before = entries.len();
    let mut more_fields = false;
    for entry in entries_of(imported) {
        match entries.iter_mut().find(|e| tool(e) == tool(&entry)) {
            Some(e) if *e == entry => {}
            // The same run of the tool, which wrote more texts (the English file of a day
            // whose Chinese one was imported): the texts it adds are named as its too.
            Some(e) if without_fields(e) == without_fields(&entry) => {
                let fields = |v: &Value| match v.get("fields") {
                    Some(Value::Sequence(items)) => items.clone(),
                    _ => Vec::new(),
                };
                let mut union = fields(e);
                for field in fields(&entry) {
                    if !union.contains(&field) {
                        union.push(field);
                        more_fields = true;
                    }
                }
                if let Value::Mapping(map) = e {
                    map.insert(Value::String("fields".into()), Value::Sequence(union));
                }
            }
            Some(e) => differing.push(Difference {
                key: path.to_vec(),
                existing: short(e),
                imported: short(&entry),
            }),
            None => entries.push(entry),
        }
    }
    if entries.len() > before || more_fields {
        added.push(path.join("."));
        *existing = match <[Value; 1]>::try_from(entries) {
            Ok([one]) => one,
            Err(all) => Value::Sequence(all),
        };
    }
}

/// Whether a value of the file counts as missing: null, an empty (or blank) text, an empty
/// list or map.
fn is_missing(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Sequence(items) => items.is_empty(),
        Value::Mapping(map) => map.is_empty(),
        _ => false,
    }
}

fn key_text(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        other => short(other),
    }
}

/// A value as one line of YAML, cut to a readable length.
fn short(value: &Value) -> String {
    let text = yaml_serde::to_string(value).unwrap_or_default();
    let one_line = super::one_line(&text);
    if one_line.chars().count() > 60 {
        let cut: String = one_line.chars().take(57).collect();
        format!("{cut}...")
    } else {
        one_line
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::{ArxivMeta, BilingualText, PaperFrontMatter};

    fn paper(title_en: &str, version: u32) -> PaperFrontMatter {
        PaperFrontMatter {
            id: "2404.02424".into(),
            title: BilingualText::Map(vec![("en".into(), title_en.into())]),
            arxiv: Some(ArxivMeta {
                id: "2404.02424".into(),
                version: Some(version),
                ..ArxivMeta::default()
            }),
            ..PaperFrontMatter::default()
        }
    }

    #[test]
    fn adds_missing_fields_and_reports_differing_ones() {
        let existing = paper("RESSA", 1);
        let mut imported = paper("RESSA", 2);
        imported.title = BilingualText::Map(vec![
            ("en".into(), "RESSA".into()),
            ("zh".into(), "修复".into()),
        ]);
        imported.authors = vec!["A. Author".into()];
        let m = merge(&existing, &imported).unwrap();
        assert_eq!(m.added, vec!["title.zh", "authors"]);
        assert_eq!(m.differing.len(), 1);
        assert_eq!(m.differing[0].dotted(), "arxiv.version");
        assert_eq!(
            (
                m.differing[0].existing.as_str(),
                m.differing[0].imported.as_str()
            ),
            ("1", "2")
        );
        assert_eq!(m.merged.arxiv.unwrap().version, Some(1));
        assert_eq!(m.merged.title.get("zh"), Some("修复"));
        assert_eq!(m.merged.authors, vec!["A. Author"]);
    }

    /// A skeleton's empty title (as `new` writes it) is filled by the import, not kept.
    #[test]
    fn empty_fields_count_as_missing() {
        let existing = paper("", 1);
        let imported = paper("RESSA", 1);
        let m = merge(&existing, &imported).unwrap();
        assert_eq!(m.added, vec!["title"]);
        assert!(m.differing.is_empty(), "{:?}", m.differing);
        assert_eq!(m.merged.title.get("en"), Some("RESSA"));
        // A text the file does have is still the file's.
        let m = merge(&paper("Mine", 1), &imported).unwrap();
        assert_eq!(m.merged.title.get("en"), Some("Mine"));
        assert_eq!(m.differing.len(), 1);
    }

    #[test]
    fn generated_entries_of_another_tool_join_the_files() {
        use crate::frontmatter::{Generated, Provenance};
        let entry = |tool: &str, date: &str, fields: &[&str]| Provenance {
            tool: tool.into(),
            date: Some(date.into()),
            fields: fields.iter().map(|f| f.to_string()).collect(),
            ..Provenance::default()
        };
        let mut existing = paper("X", 1);
        existing.generated = Some(Generated(vec![entry(
            "cn-chat-arxiv",
            "2024-02-01",
            &["title.zh"],
        )]));
        let mut imported = paper("X", 1);
        imported.generated = Some(Generated(vec![entry(
            "daily-arXiv-ai-enhanced",
            "2025-08-01",
            &["analysis"],
        )]));
        let m = merge(&existing, &imported).unwrap();
        assert_eq!(m.added, vec!["generated"]);
        assert!(m.differing.is_empty(), "{:?}", m.differing);
        let tools: Vec<String> = m
            .merged
            .generated
            .unwrap()
            .0
            .into_iter()
            .map(|e| e.tool)
            .collect();
        assert_eq!(tools, ["cn-chat-arxiv", "daily-arXiv-ai-enhanced"]);
        // The same tool again, on a later day: the file's entry is kept, and reported.
        let mut again = paper("X", 1);
        again.generated = Some(Generated(vec![entry(
            "cn-chat-arxiv",
            "2024-02-05",
            &["title.zh"],
        )]));
        let m = merge(&existing, &again).unwrap();
        assert!(m.added.is_empty());
        assert_eq!(m.differing.len(), 1);
        assert_eq!(m.differing[0].dotted(), "generated");
        assert_eq!(m.merged.generated, existing.generated);
        // The same run, which wrote the English texts too (the day's `_English` file): its
        // fields join the entry's.
        let mut english = paper("X", 1);
        english.generated = Some(Generated(vec![entry(
            "cn-chat-arxiv",
            "2024-02-01",
            &["title.en", "title.zh"],
        )]));
        let m = merge(&existing, &english).unwrap();
        assert_eq!(m.added, vec!["generated"]);
        assert!(m.differing.is_empty(), "{:?}", m.differing);
        assert_eq!(
            m.merged.generated.unwrap().0[0].fields,
            ["title.zh", "title.en"]
        );
        // Into a file without one: added as it is.
        let m = merge(&paper("X", 1), &imported).unwrap();
        assert_eq!(m.added, vec!["generated"]);
        assert_eq!(m.merged.generated, imported.generated);
    }

    #[test]
    fn equal_records_merge_to_themselves() {
        let m = merge(&paper("X", 1), &paper("X", 1)).unwrap();
        assert!(m.added.is_empty() && m.differing.is_empty());
        assert_eq!(m.merged, paper("X", 1));
    }
}
