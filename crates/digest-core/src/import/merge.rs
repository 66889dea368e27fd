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

/// The site's languages, as a merge needs them: a text written as a plain string is in the
/// source language.
#[derive(Debug, Clone, Copy)]
pub struct TextLanguages<'a> {
    pub source: &'a str,
    pub all: &'a [String],
}

/// Merges `imported` into `existing` (see the module comment).
///
/// The texts first, then `generated:`: an imported entry names only the texts the file
/// took from the import (or already had as imported), so that a text the file kept, the
/// user's own, is not marked as a machine's.
pub fn merge<T: Serialize + DeserializeOwned>(
    existing: &T,
    imported: &T,
    languages: TextLanguages,
) -> Result<Merged<T>, String> {
    merge_filling(existing, imported, languages, &[])
}

/// [`merge`], where a value of the file at one of the key paths of `placeholders` and
/// equal to the value given there counts as missing: a placeholder `new` wrote in a
/// skeleton (its title `arXiv:<id>`), which the import fills and reports as filled.
pub fn merge_filling<T: Serialize + DeserializeOwned>(
    existing: &T,
    imported: &T,
    languages: TextLanguages,
    placeholders: &[(Vec<String>, Value)],
) -> Result<Merged<T>, String> {
    let mut merged = yaml_serde::to_value(existing).map_err(|e| e.to_string())?;
    let before = merged.clone();
    let mut imported = yaml_serde::to_value(imported).map_err(|e| e.to_string())?;
    let generated = match &mut imported {
        Value::Mapping(map) => map.remove(GENERATED),
        _ => None,
    };
    let mut merging = Merging {
        languages,
        placeholders,
        path: Vec::new(),
        added: Vec::new(),
        differing: Vec::new(),
    };
    merging.value(&mut merged, &imported);
    if let Some(generated) = generated {
        let added = &merging.added;
        let taken = |field: &str| {
            added
                .iter()
                .any(|a| field == a || field.starts_with(&format!("{a}.")))
                || text_at(&before, field, languages.source).is_some_and(|existing| {
                    text_at(&imported, field, languages.source) == Some(existing)
                })
        };
        if let Some(generated) = only_taken(&generated, &merged, languages.source, &taken) {
            let mut wrapper = yaml_serde::Mapping::new();
            wrapper.insert(Value::String(GENERATED.into()), generated);
            merging.value(&mut merged, &Value::Mapping(wrapper));
        }
    }
    let merged = yaml_serde::from_value(merged).map_err(|e| e.to_string())?;
    Ok(Merged {
        merged,
        added: merging.added,
        differing: merging.differing,
    })
}

/// One merge under way: where it is, and what it found.
struct Merging<'a> {
    languages: TextLanguages<'a>,
    placeholders: &'a [(Vec<String>, Value)],
    path: Vec<String>,
    added: Vec<String>,
    differing: Vec<Difference>,
}

impl Merging<'_> {
    fn value(&mut self, existing: &mut Value, imported: &Value) {
        match (existing, imported) {
            (existing, imported) if self.path.len() == 1 && self.path[0] == GENERATED => {
                merge_generated(
                    &self.path,
                    existing,
                    imported,
                    &mut self.added,
                    &mut self.differing,
                );
            }
            (Value::Mapping(existing), Value::Mapping(imported)) => {
                for (key, value) in imported {
                    self.path.push(key_text(key));
                    match existing.get_mut(key) {
                        Some(current) => self.value(current, value),
                        None => {
                            existing.insert(key.clone(), value.clone());
                            self.added.push(self.path.join("."));
                        }
                    }
                    self.path.pop();
                }
            }
            (current, imported) if *current == *imported || imported.is_null() => {}
            // Categories that are the first of the file's: a form that names fewer (an
            // older listing's title names the primary one) says nothing against the rest.
            (Value::Sequence(current), Value::Sequence(imported))
                if self.path == [ARXIV, CATEGORIES]
                    && !imported.is_empty()
                    && current.starts_with(imported) => {}
            // Texts that differ only in their whitespace (a line broken where the other
            // has spaces) are one text: the file's stays, and no warning shows two texts
            // that look alike.
            (Value::String(a), Value::String(b)) if same_words(a, b) => {}
            // An empty text, list or map in the file (a skeleton of `new`) is a field not
            // yet filled: the import fills it.
            (current, imported) if is_missing(current) || self.is_placeholder(current) => {
                *current = imported.clone();
                self.added.push(self.path.join("."));
            }
            // A text the file writes as a plain string (its source-language version) and
            // the import as a map of languages, or the other way round: compared language
            // by language, so a translation the file lacks is added beside its own text.
            (current @ Value::String(_), Value::Mapping(map)) if self.all_languages(map) => {
                let mut as_map = self.source_text(current.clone());
                let before = self.added.len();
                self.value(&mut as_map, imported);
                if self.added.len() > before {
                    *current = as_map;
                }
            }
            (Value::Mapping(map), imported @ Value::String(_)) if self.all_languages(map) => {
                let imported = self.source_text(imported.clone());
                let mut current = Value::Mapping(std::mem::take(map));
                self.value(&mut current, &imported);
                if let Value::Mapping(merged) = current {
                    *map = merged;
                }
            }
            // An abstract the file has cut short (a tool that stops at 1,000 characters)
            // and the import has whole: the same text, completed.
            (Value::String(current), Value::String(whole))
                if self.path.first().is_some_and(|k| k == ABSTRACT)
                    && is_cut_of(current, whole) =>
            {
                *current = whole.clone();
                self.added.push(self.path.join("."));
            }
            (Value::String(a), Value::String(b)) => {
                let (existing, imported) = where_they_differ(a, b);
                self.differing.push(Difference {
                    key: self.path.clone(),
                    existing,
                    imported,
                });
            }
            (current, imported) => self.differing.push(Difference {
                key: self.path.clone(),
                existing: short(current),
                imported: short(imported),
            }),
        }
    }

    /// Whether `value`, where the merge is, is a placeholder still as it was written.
    fn is_placeholder(&self, value: &Value) -> bool {
        self.placeholders
            .iter()
            .any(|(path, placeholder)| *path == self.path && placeholder == value)
    }

    /// Whether every key of `map` is one of the site's languages (a bilingual text).
    fn all_languages(&self, map: &yaml_serde::Mapping) -> bool {
        !map.is_empty()
            && map.keys().all(|key| {
                key.as_str()
                    .is_some_and(|k| self.languages.all.iter().any(|l| l == k))
            })
    }

    /// `{<source language>: text}`.
    fn source_text(&self, text: Value) -> Value {
        let mut map = yaml_serde::Mapping::new();
        map.insert(Value::String(self.languages.source.into()), text);
        Value::Mapping(map)
    }
}

/// The value at the dotted `field` (`title.zh`, `analysis.method.en`) of a front matter, a
/// plain string standing for its source-language version.
fn text_at<'a>(front: &'a Value, field: &str, source: &str) -> Option<&'a Value> {
    let mut value = front;
    for key in field.split('.') {
        value = match value {
            Value::Mapping(map) => map.get(key)?,
            Value::String(_) if key == source => value,
            _ => return None,
        };
    }
    Some(value)
}

/// The texts one of the `fields` of `generated:` names in `front`, each in its languages
/// (`summary` → `summary.zh`, `summary.en`): the dotted keys of its strings.
fn texts_named(front: &Value, field: &str, source: &str) -> Vec<String> {
    fn leaves(value: &Value, key: String, source: &str, out: &mut Vec<String>) {
        match value {
            Value::Mapping(map) => {
                for (k, v) in map {
                    leaves(v, format!("{key}.{}", key_text(k)), source, out);
                }
            }
            Value::String(_) if !key.contains('.') => out.push(format!("{key}.{source}")),
            Value::String(_) => out.push(key),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Some(value) = text_at(front, field, source) {
        leaves(value, field.to_string(), source, &mut out);
    }
    out
}

/// The texts an entry of `generated:` covers when it has no `fields`.
const EVERY_TEXT: [&str; 4] = ["title", "summary", "abstract", "analysis"];

/// The imported `generated:` (an entry or a list of them) with each entry's `fields` cut
/// to the texts `taken`; an entry left without any is dropped, and `None` when none is
/// left. A field all of whose texts in the merged front matter `merged` were taken stays
/// as written (`summary`), the others give the texts taken (`summary.zh`).
fn only_taken(
    generated: &Value,
    merged: &Value,
    source: &str,
    taken: &dyn Fn(&str) -> bool,
) -> Option<Value> {
    let mut kept_entries = Vec::new();
    for mut entry in entries_of(generated) {
        let Value::Mapping(map) = &mut entry else {
            kept_entries.push(entry);
            continue;
        };
        let fields_key = Value::String("fields".into());
        let written: Option<Vec<String>> = match map.get(&fields_key) {
            Some(Value::Sequence(items)) => Some(
                items
                    .iter()
                    .filter_map(|f| f.as_str().map(String::from))
                    .collect(),
            ),
            _ => None,
        };
        let named: Vec<String> = written
            .clone()
            .unwrap_or_else(|| EVERY_TEXT.iter().map(|f| f.to_string()).collect());
        let mut fields = Vec::new();
        let mut all = true;
        for field in &named {
            let texts = texts_named(merged, field, source);
            let kept: Vec<String> = texts.iter().filter(|t| taken(t)).cloned().collect();
            if !texts.is_empty() && kept.len() == texts.len() {
                fields.push(field.clone());
            } else {
                all = false;
                fields.extend(kept);
            }
        }
        if fields.is_empty() {
            continue;
        }
        if written.is_some() || !all {
            map.insert(
                fields_key,
                Value::Sequence(fields.into_iter().map(Value::String).collect()),
            );
        }
        kept_entries.push(entry);
    }
    (!kept_entries.is_empty()).then(|| one_or_list(kept_entries))
}

/// The entries of `generated:`, written as one map or a list of them.
fn entries_of(generated: &Value) -> Vec<Value> {
    match generated {
        Value::Sequence(items) => items.clone(),
        Value::Null => Vec::new(),
        other => vec![other.clone()],
    }
}

/// Entries of `generated:` as the file writes them: one alone as its map, else a list.
fn one_or_list(entries: Vec<Value>) -> Value {
    match <[Value; 1]>::try_from(entries) {
        Ok([one]) => one,
        Err(all) => Value::Sequence(all),
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
        *existing = one_or_list(entries);
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
/// The front matter's key of abstracts.
const ABSTRACT: &str = "abstract";
/// The keys of a paper's arXiv categories, `arxiv.categories`.
const ARXIV: &str = "arxiv";
const CATEGORIES: &str = "categories";

/// Whether `cut` is `whole` cut short: its start, of some length (200 characters: a short
/// text that starts another is not a cut of it), without the `...` or `…` a tool may end
/// a cut with.
/// Whether two texts are the same words with other whitespace between them.
fn same_words(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

fn is_cut_of(cut: &str, whole: &str) -> bool {
    let start = cut.trim_end().trim_end_matches(['…', '.']).trim_end();
    whole.len() > cut.len() && start.chars().count() >= 200 && whole.starts_with(start)
}

/// Two texts as a message shows them: from a little before where they first differ, so
/// that two long texts with one start do not read the same (`…ficiency. We propose …`).
fn where_they_differ(a: &str, b: &str) -> (String, String) {
    let same = a
        .char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((at, _), _)| at);
    if same < 40 {
        return (
            short(&Value::String(a.into())),
            short(&Value::String(b.into())),
        );
    }
    let from = a[..same]
        .char_indices()
        .rev()
        .nth(20)
        .map_or(0, |(at, _)| at);
    let excerpt = |text: &str| {
        let rest: String = super::one_line(&text[from..]).chars().take(50).collect();
        let more = if text[from..].chars().count() > 50 {
            "..."
        } else {
            ""
        };
        format!("'...{rest}{more}'")
    };
    (excerpt(a), excerpt(b))
}

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

    static SITE_LANGUAGES: std::sync::LazyLock<Vec<String>> =
        std::sync::LazyLock::new(|| vec!["zh".to_string(), "en".to_string()]);
    fn languages() -> TextLanguages<'static> {
        TextLanguages {
            source: "en",
            all: &SITE_LANGUAGES,
        }
    }

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

    /// An abstract the file has cut short is completed by one the import has whole; two
    /// abstracts that differ after a long common start are shown from where they differ.
    #[test]
    fn a_cut_abstract_is_completed_and_differences_are_shown_where_they_are() {
        let whole = format!(
            "{} And the end of it.",
            "Vision-language models do well. ".repeat(10)
        );
        let cut = format!("{}...", &whole[..250]);
        let with_abstract = |text: &str| PaperFrontMatter {
            abstract_text: BilingualText::Map(vec![("en".into(), text.into())]),
            ..paper("RESSA", 1)
        };
        let m = merge(&with_abstract(&cut), &with_abstract(&whole), languages()).unwrap();
        assert_eq!(m.added, ["abstract.en"]);
        assert_eq!(m.merged.abstract_text.get("en"), Some(whole.as_str()));
        assert!(m.differing.is_empty());
        // The whole one in the file stays; the cut one imported is no difference to report
        // either way but the file's.
        let m = merge(&with_abstract(&whole), &with_abstract(&cut), languages()).unwrap();
        assert_eq!(m.merged.abstract_text.get("en"), Some(whole.as_str()));

        let other = whole.replace("And the end of it.", "But another end.");
        let m = merge(&with_abstract(&whole), &with_abstract(&other), languages()).unwrap();
        assert_eq!(m.differing.len(), 1);
        let d = &m.differing[0];
        assert!(d.existing.contains("And the end"), "{d:?}");
        assert!(d.imported.contains("But another"), "{d:?}");
    }

    /// Texts that differ only in whitespace are one text: no difference is reported (the
    /// warning showed two texts that looked alike), and the file's stays.
    #[test]
    fn whitespace_alone_is_no_difference() {
        let with_abstract = |text: &str| PaperFrontMatter {
            abstract_text: BilingualText::Map(vec![("en".into(), text.into())]),
            ..paper("RESSA", 1)
        };
        let file = with_abstract("integrated.   To address this gap");
        let imported = with_abstract("integrated.\n  To address this gap");
        let m = merge(&file, &imported, languages()).unwrap();
        assert!(m.differing.is_empty(), "{:?}", m.differing);
        assert_eq!(
            m.merged.abstract_text.get("en"),
            Some("integrated.   To address this gap")
        );
        let other = with_abstract("integrated. To address this hole");
        assert_eq!(
            merge(&file, &other, languages()).unwrap().differing.len(),
            1
        );
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
        let m = merge(&existing, &imported, languages()).unwrap();
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
        let m = merge(&existing, &imported, languages()).unwrap();
        assert_eq!(m.added, vec!["title"]);
        assert!(m.differing.is_empty(), "{:?}", m.differing);
        assert_eq!(m.merged.title.get("en"), Some("RESSA"));
        // A text the file does have is still the file's.
        let m = merge(&paper("Mine", 1), &imported, languages()).unwrap();
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
        // Papers whose title cn-chat-arxiv translated.
        let paper = |title: &str, version| {
            let mut p = paper(title, version);
            p.title = BilingualText::Map(vec![
                ("en".into(), title.into()),
                ("zh".into(), "修复".into()),
            ]);
            p
        };
        let mut existing = paper("X", 1);
        existing.generated = Some(Generated(vec![entry(
            "cn-chat-arxiv",
            "2024-02-01",
            &["title.zh"],
        )]));
        let mut imported = paper("X", 1);
        imported.analysis = Some(crate::frontmatter::Analysis {
            tldr: BilingualText::Map(vec![("zh".into(), "要点".into())]),
            ..Default::default()
        });
        imported.generated = Some(Generated(vec![entry(
            "daily-arXiv-ai-enhanced",
            "2025-08-01",
            &["analysis"],
        )]));
        let m = merge(&existing, &imported, languages()).unwrap();
        assert_eq!(m.added, vec!["analysis", "generated"]);
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
        let m = merge(&existing, &again, languages()).unwrap();
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
        let m = merge(&existing, &english, languages()).unwrap();
        assert_eq!(m.added, vec!["generated"]);
        assert!(m.differing.is_empty(), "{:?}", m.differing);
        assert_eq!(
            m.merged.generated.unwrap().0[0].fields,
            ["title.zh", "title.en"]
        );
        // Into a file without one: added as it is.
        let m = merge(&paper("X", 1), &imported, languages()).unwrap();
        assert_eq!(m.added, vec!["analysis", "generated"]);
        assert_eq!(m.merged.generated, imported.generated);
    }

    /// A hand-written paper with plain-string texts (its source language), and a record of
    /// cn-chat-arxiv with the translation and a Chinese summary: the translations join the
    /// file's texts, the file's own summary is kept, and `generated:` names only what was
    /// taken, so the user's summary is not marked as a machine's.
    #[test]
    fn plain_texts_gain_translations_and_only_taken_texts_are_marked() {
        use crate::frontmatter::{Generated, Provenance};
        let mut existing = paper("X", 1);
        existing.title = BilingualText::Plain("Active Regression".into());
        existing.summary = BilingualText::Plain("My own summary.".into());
        let mut imported = paper("X", 1);
        imported.title = BilingualText::Map(vec![
            ("en".into(), "Active Regression".into()),
            ("zh".into(), "主动回归".into()),
        ]);
        imported.summary = BilingualText::Map(vec![("zh".into(), "机器写的总结".into())]);
        imported.abstract_text = BilingualText::Map(vec![("en".into(), "An abstract.".into())]);
        imported.generated = Some(Generated(vec![Provenance {
            tool: "cn-chat-arxiv".into(),
            fields: vec!["title.zh".into(), "summary".into(), "abstract".into()],
            ..Provenance::default()
        }]));
        let m = merge(&existing, &imported, languages()).unwrap();
        assert!(m.differing.is_empty(), "{:?}", m.differing);
        assert_eq!(m.added, ["title.zh", "summary.zh", "abstract", "generated"]);
        assert_eq!(m.merged.title.get("en"), Some("Active Regression"));
        assert_eq!(m.merged.title.get("zh"), Some("主动回归"));
        assert_eq!(m.merged.summary.get("en"), Some("My own summary."));
        assert_eq!(m.merged.summary.get("zh"), Some("机器写的总结"));
        // `summary` becomes `summary.zh`: the English summary is the user's.
        assert_eq!(
            m.merged.generated.unwrap().0[0].fields,
            ["title.zh", "summary.zh", "abstract"]
        );

        // A file whose title differs in its own language: reported at `title.en`, the
        // translation still added, and nothing of the title marked.
        existing.title = BilingualText::Plain("My title".into());
        imported.generated = Some(Generated(vec![Provenance {
            tool: "cn-chat-arxiv".into(),
            fields: vec!["title.en".into()],
            ..Provenance::default()
        }]));
        let m = merge(&existing, &imported, languages()).unwrap();
        let differing: Vec<String> = m.differing.iter().map(Difference::dotted).collect();
        assert_eq!(differing, ["title.en"]);
        assert_eq!(m.merged.title.get("zh"), Some("主动回归"));
        assert_eq!(m.merged.generated, None, "nothing it names was taken");
    }

    #[test]
    fn equal_records_merge_to_themselves() {
        let m = merge(&paper("X", 1), &paper("X", 1), languages()).unwrap();
        assert!(m.added.is_empty() && m.differing.is_empty());
        assert_eq!(m.merged, paper("X", 1));
    }
}
