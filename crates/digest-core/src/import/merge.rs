//! Merging an imported record into the one already on disk, field by field.
//!
//! Both sides are compared as YAML values, so the rule is the same for every front-matter
//! type: a field (or a language of a bilingual text, or a key of `arxiv:`) that the file
//! lacks is added; a field both have with equal values is left alone; a field both have
//! with different values keeps the file's value and is reported. Lists are compared whole.

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
    fn equal_records_merge_to_themselves() {
        let m = merge(&paper("X", 1), &paper("X", 1)).unwrap();
        assert!(m.added.is_empty() && m.differing.is_empty());
        assert_eq!(m.merged, paper("X", 1));
    }
}
