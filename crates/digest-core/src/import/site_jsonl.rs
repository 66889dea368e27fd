//! digest-site's own JSON Lines (what `export jsonl` writes, [`crate::export::jsonl`]): one
//! paper a line, its front matter under `paper` and its notes under `body`. Read back, a
//! line gives the paper file it was exported from; a new file gets the notes too, an
//! existing one keeps its own (as every import does).

use super::ImportedPaper;
use super::json::Record;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::export::jsonl::{FORMAT, PaperLine};

/// Whether a record is one of digest-site's: it names its `format`.
pub fn is_record(fields: &serde_json::Map<String, serde_json::Value>) -> bool {
    fields
        .get("format")
        .and_then(|f| f.as_str())
        .is_some_and(|f| f.starts_with("digest-site-paper"))
}

/// The papers of the lines, in order; every line that does not read is an error at its
/// place.
/// With them, the language of their plain texts: the first line's `source_language`.
pub fn parse_records(
    records: &[Record<'_>],
) -> Result<(Vec<ImportedPaper>, Option<String>), Diagnostics> {
    let mut papers = Vec::with_capacity(records.len());
    let mut language = None;
    let mut errors = Diagnostics::new();
    for record in records {
        match paper_of(record) {
            Ok((paper, written_in)) => {
                language = language.or(written_in);
                papers.push(paper);
            }
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        Ok((papers, language))
    } else {
        Err(errors)
    }
}

fn paper_of(record: &Record<'_>) -> Result<(ImportedPaper, Option<String>), Diagnostic> {
    let format = record.text("format")?.unwrap_or_default();
    if format != FORMAT {
        return Err(record
            .error("format", format!("`{format}` is not a format this digest-site reads"))
            .with_hint(format!(
                "this digest-site reads `{FORMAT}`; a newer digest-site wrote the file, or another tool: update, or export it again"
            )));
    }
    // The language of the plain texts, said at its key when it is no language code (the
    // whole line's error would point into `paper`).
    if let Some(language) = record.text("source_language")?
        && !crate::rules::is_slug(language)
    {
        return Err(record
            .error(
                "source_language",
                format!("`source_language` is `{language}`, which is no language code"),
            )
            .with_hint("the exporting site's source_language, such as \"en\" or \"zh\"; or leave the key out"));
    }
    // Read from the text, not from the parsed value: the texts' languages keep their order.
    let line: PaperLine = serde_json::from_str(record.raw()).map_err(|e| {
        record
            .error_at_offset(
                at_the_key(record, &e),
                format!(
                    "the paper does not read: {}",
                    crate::diagnostic::serde_message(&e.to_string())
                ),
            )
            .with_hint("the keys and values of `paper` are those of a paper's front matter (docs/content.md)")
    })?;
    Ok((
        ImportedPaper {
            line: record.line(),
            body: line.body,
            front: line.paper,
        },
        line.source_language,
    ))
}

/// The offset in the record of serde_json's error `e`, as it reports it, but at the key
/// itself for an unknown field: serde_json reports the end of the key.
fn at_the_key(record: &Record<'_>, e: &serde_json::Error) -> usize {
    let reported = record.offset(e.line(), e.column());
    let message = e.to_string();
    let key = message
        .split_once("unknown field `")
        .and_then(|(_, rest)| rest.split_once('`'))
        .map(|(key, _)| key);
    // (The place reported can be the key's closing quote.)
    let raw = record.raw();
    let upto = (reported + 1).min(raw.len());
    key.and_then(|key| raw.get(..upto)?.rfind(&format!("\"{key}\"")))
        .unwrap_or(reported)
}
