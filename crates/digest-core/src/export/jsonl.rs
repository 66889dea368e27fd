//! `export jsonl`: every paper of a site as one JSON line in digest-site's own schema, for
//! other tools to read (the schema: `docs/paper.schema.json`), and for import to read back
//! (`import::site_jsonl`) into the same files.
//!
//! A line is `{"format": "digest-site-paper-1", "paper": {…}, "body": "…"}`: `paper` is the
//! front matter as the file has it (the keys of docs/content.md, texts as written: a plain
//! string or a map of language to text, in the file's order), `body` the Markdown notes
//! (left out when there are none). Papers come in id order, drafts included; two exports
//! of the same site are byte-identical.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostics;
use crate::frontmatter::PaperFrontMatter;

/// The `format` of every line: the schema and its version.
pub const FORMAT: &str = "digest-site-paper-1";

/// One line of the export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaperLine {
    /// [`FORMAT`].
    pub format: String,
    /// The exporting site's `source_language`: the language of the texts written as plain
    /// strings, which a site of another source language files under it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_language: Option<String>,
    pub paper: PaperFrontMatter,
    /// The Markdown body of the paper's file: the notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub body: String,
}

/// Loads the site at `root` and writes its papers as JSON lines. A site with errors is not
/// exported (the errors are returned).
pub fn export_jsonl(root: &Path) -> Result<String, Diagnostics> {
    let config = crate::config::load_config(root)?;
    let (content, mut problems) = crate::load::load_content(&config);
    problems.extend(crate::validate::validate(&config, &content));
    if problems.has_errors() {
        problems.sort();
        return Err(problems);
    }
    let mut papers: Vec<_> = content.papers.iter().collect();
    papers.sort_by(|a, b| a.front.id.cmp(&b.front.id));
    let mut out = String::new();
    for doc in papers {
        let line = PaperLine {
            format: FORMAT.to_string(),
            source_language: Some(config.source_language.clone()),
            paper: doc.front.clone(),
            body: doc.body.clone(),
        };
        // Plain strings, lists and maps of them: writing cannot fail.
        out.push_str(&serde_json::to_string(&line).unwrap_or_default());
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::frontmatter::{Analysis, ArxivMeta, BilingualText, Generated, Provenance};

    fn keys(value: &serde_json::Value) -> BTreeSet<String> {
        value
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// docs/paper.schema.json names every key a line, a paper, its `arxiv:`, `analysis:`
    /// and `generated:` can have, and no other.
    #[test]
    fn the_json_schema_names_every_key() {
        let schema: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../docs/paper.schema.json"
            ))
            .unwrap(),
        )
        .unwrap();
        let text = BilingualText::Plain("x".into());
        let full = PaperLine {
            format: FORMAT.into(),
            source_language: Some("en".into()),
            paper: PaperFrontMatter {
                id: "a".into(),
                title: text.clone(),
                summary: text.clone(),
                abstract_text: text.clone(),
                analysis: Some(Analysis {
                    tldr: text.clone(),
                    motivation: text.clone(),
                    method: text.clone(),
                    result: text.clone(),
                    conclusion: text,
                }),
                generated: Some(Generated(vec![Provenance {
                    tool: "t".into(),
                    model: Some("m".into()),
                    date: Some("2024-01-01".into()),
                    fields: vec!["title".into()],
                }])),
                url: Some("https://x".into()),
                authors: vec!["A".into()],
                date: Some("2024-01-01".into()),
                arxiv: Some(ArxivMeta {
                    id: "2401.00001".into(),
                    version: Some(1),
                    announce: Some("new".into()),
                    categories: vec!["cs.AI".into()],
                    doi: Some("d".into()),
                    journal_ref: Some("j".into()),
                    comment: Some("c".into()),
                    published: Some("2024-01-01".into()),
                    updated: Some("2024-01-02".into()),
                }),
                tags: vec!["t".into()],
                links: [("code".to_string(), "https://x".to_string())].into(),
                draft: true,
            },
            body: "notes".into(),
        };
        let written = serde_json::to_value(&full).unwrap();
        assert_eq!(keys(&written), keys(&schema["properties"]));
        assert_eq!(schema["properties"]["format"]["const"], FORMAT);
        let paper = &schema["$defs"]["paper"]["properties"];
        assert_eq!(keys(&written["paper"]), keys(paper));
        assert_eq!(
            keys(&written["paper"]["arxiv"]),
            keys(&paper["arxiv"]["properties"])
        );
        assert_eq!(
            keys(&written["paper"]["analysis"]),
            keys(&paper["analysis"]["properties"])
        );
        assert_eq!(
            keys(&written["paper"]["generated"]),
            keys(&schema["$defs"]["provenance"]["properties"])
        );
    }
}
