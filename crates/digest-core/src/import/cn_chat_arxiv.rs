//! cn-chat-arxiv's paper records: the JSON file it keeps per paper
//! (`papers/<YY>/<MM>/<id>.json`, one pretty-printed object), or JSON Lines of them.
//!
//! ```text
//! {
//!  "title": "Relations Between … Partitioning. (arXiv:1505.03481v3 [stat.ML] UPDATED)",
//!  "abstract": "arXiv:1808.08763v3 Announce Type: replace  Abstract: In this paper, …",
//!  "link": "http://arxiv.org/abs/1505.03481",
//!  "context": "Title: …\nAbstract: …",   "path": "papers/15/05/1505.03481.json",
//!  "total_tokens": 764,
//!  "translated_title": "邻接性和模块化图分割之间的关系",
//!  "translated_abstract": "arXiv:1808.08763v3 公告类型：替换 摘要：本文……",
//!  "tldr": "本文发现了……",
//!  "en_tdlr": "This paper establishes …"
//! }
//! ```
//!
//! The title of the old RSS listing carries the id, version, primary category and marker
//! (`UPDATED` → `replace`, `CROSS LISTED` → `cross`), the current listing's abstract the id,
//! version and announce type: both are read by [`crate::arxiv`], as for Markdown digests.
//! The translation of such an abstract sometimes keeps a translated head (`arXiv:… 公告类型：
//! 替换 摘要：`), which is removed ([`strip_translated_head`]). The Chinese title, abstract and
//! both summaries are the tool's LLM output: `generated:` says so.
//!
//! `context` (the prompt: title and abstract again), `path` (the file's place in the tool's
//! repository) and `total_tokens` (the LLM's bill) say nothing about the paper and are not
//! imported. Any other key is named in a warning.

use super::ImportedPaper;
use super::json::{Record, unknown_keys};
use super::translated::{strip_translated_head, without_translated_listing};
use crate::arxiv::{
    ArxivRef, MetaConflict, meta_of, paper_id_of, parse_announce_line, split_old_listing_title,
};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::frontmatter::{ArxivMeta, BilingualText, Generated, PaperFrontMatter, Provenance};

/// The tool, as `generated:` names it.
pub const TOOL: &str = "cn-chat-arxiv";

/// The keys a record has, imported or not.
const IMPORTED: &[&str] = &[
    "title",
    "abstract",
    "link",
    "translated_title",
    "translated_abstract",
    "tldr",
    "en_tdlr",
    "en_tldr",
];
/// Keys left out on purpose (see the module comment).
const DROPPED: &[&str] = &["context", "path", "total_tokens"];

/// Whether a record looks like cn-chat-arxiv's: a `title` and an `abstract` or a
/// `translated_title`.
pub fn is_record(fields: &serde_json::Map<String, serde_json::Value>) -> bool {
    fields.contains_key("title")
        && (fields.contains_key("abstract") || fields.contains_key("translated_title"))
}

/// The papers of the records, and warnings (keys that have no place, summaries given
/// twice).
pub fn parse_records(
    records: &[Record<'_>],
) -> Result<(Vec<ImportedPaper>, Diagnostics), Diagnostics> {
    let mut papers = Vec::with_capacity(records.len());
    let mut errors = Diagnostics::new();
    let mut warnings = Diagnostics::new();
    for record in records {
        match paper_of(record, &mut warnings) {
            Ok(paper) => papers.push(paper),
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let known: Vec<&str> = IMPORTED.iter().chain(DROPPED).copied().collect();
    warnings.extend(unknown_keys(records, &known, TOOL));
    Ok((papers, warnings))
}

fn paper_of(record: &Record<'_>, warnings: &mut Diagnostics) -> Result<ImportedPaper, Diagnostic> {
    let raw_title = record.required_text("title")?.ok_or_else(|| {
        record
            .error("title", "the record has no `title`")
            .with_hint("every cn-chat-arxiv record has the paper's English title")
    })?;
    let (title, listing) = split_old_listing_title(raw_title);
    let link = record.url("link")?;
    let raw_abstract = record.text("abstract")?;

    let line = raw_abstract.and_then(parse_announce_line);
    let abstract_en = match &line {
        Some(line) => Some(line.abstract_text).filter(|t| !t.is_empty()),
        None => raw_abstract,
    };
    let mut arxiv =
        meta_of(line.as_ref(), listing.as_ref()).map_err(|conflict| match conflict {
            MetaConflict::UnknownAnnounce(announce) => record
                .error("abstract", format!("unknown announce type `{announce}`"))
                .with_hint("arXiv's announce types are new, cross, replace and replace-cross"),
            MetaConflict::OtherPaper { title, announce } => record
                .error(
                    "title",
                    format!(
                        "the title names arXiv:{title} but the abstract names arXiv:{announce}"
                    ),
                )
                .with_hint("both must name the same paper"),
        })?;
    if let Some(found) = link.and_then(ArxivRef::from_link) {
        match &mut arxiv {
            None => {
                arxiv = Some(ArxivMeta {
                    id: found.id,
                    version: found.version,
                    ..ArxivMeta::default()
                })
            }
            Some(meta) if meta.id != found.id => {
                return Err(record
                    .error(
                        "link",
                        format!(
                            "the link names arXiv:{} but the title or abstract names arXiv:{}",
                            found.id, meta.id
                        ),
                    )
                    .with_hint("all of them must name the same paper"));
            }
            Some(meta) => {
                meta.version = meta.version.or(found.version);
            }
        }
    }
    let Some(arxiv) = arxiv else {
        return Err(record
            .error(
                if link.is_some() { "link" } else { "title" },
                "cannot tell which arXiv paper this is",
            )
            .with_hint(
                "a record names its paper in `link` (https://arxiv.org/abs/<id>), in the title's `(arXiv:<id> …)` or in the abstract's `arXiv:<id> Announce Type:`",
            ));
    };

    let translated_title = record
        .text("translated_title")?
        .map(without_translated_listing);
    let translated_abstract = record
        .text("translated_abstract")?
        .map(strip_translated_head)
        .filter(|t| !t.is_empty());
    let summary_zh = record.text("tldr")?.map(without_translated_listing);
    let summary_en = match (record.text("en_tdlr")?, record.text("en_tldr")?) {
        (Some(a), Some(b)) if a != b => {
            warnings.push(
                record
                    .warning(
                        "en_tldr",
                        "`en_tdlr` and `en_tldr` differ; `en_tdlr` is imported",
                    )
                    .with_hint("the tool writes one of them (mostly `en_tdlr`, sic)"),
            );
            Some(a)
        }
        (a, b) => a.or(b),
    };

    // What the tool's LLM wrote, of what the record has.
    let mut fields = Vec::new();
    if translated_title.is_some() {
        fields.push("title.zh".to_string());
    }
    if translated_abstract.is_some() {
        fields.push("abstract.zh".to_string());
    }
    if summary_zh.is_some() || summary_en.is_some() {
        fields.push("summary".to_string());
    }
    let generated = (!fields.is_empty()).then(|| {
        Generated(vec![Provenance {
            tool: TOOL.to_string(),
            fields,
            ..Provenance::default()
        }])
    });

    Ok(ImportedPaper {
        line: record.line(),
        body: String::new(),
        front: PaperFrontMatter {
            id: paper_id_of(&arxiv.id),
            title: BilingualText::from_pairs([("zh", translated_title), ("en", Some(title))]),
            summary: BilingualText::from_pairs([("zh", summary_zh), ("en", summary_en)]),
            abstract_text: BilingualText::from_pairs([
                ("zh", translated_abstract),
                ("en", abstract_en),
            ]),
            generated,
            url: link.map(str::to_string),
            arxiv: Some(arxiv),
            ..PaperFrontMatter::default()
        },
    })
}
