//! Import: turning a file a user brings into content files of a site.
//!
//! Accepted inputs, told apart by their content (not their name):
//! - a Markdown digest in the seed's form ([`markdown_digest`]): one paper file per paper
//!   and one digest file listing them in table order;
//! - arXiv XML ([`arxiv_feed`]): an API response, an RSS 2.0 or an Atom announcement feed:
//!   one paper file per entry;
//! - cn-chat-arxiv's paper JSON ([`cn_chat_arxiv`]), one object or JSON Lines: one paper
//!   file per record;
//! - daily-arXiv-ai-enhanced's JSON Lines of a day ([`daily_arxiv`]): one paper file per
//!   record and one digest listing them, dated like a Markdown digest;
//! - digest-site's own JSON Lines, as `export jsonl` writes them ([`site_jsonl`]): one paper
//!   file per line, notes included.
//!
//! JSON is read as records ([`json`]); gzip-compressed inputs are read decompressed
//! ([`gzip`]).
//!
//! Importing is planned first and written after: [`plan_import`] parses the input, merges
//! it with the files already in the site ([`merge`]), and checks that every file it would
//! write loads and validates. Only a plan without errors is written, by [`apply_plan`],
//! each file atomically ([`write_atomically`]). An existing file is never
//! overwritten silently: missing fields are added, differing fields are reported and kept,
//! unless `force` asks for the imported version.

pub mod arxiv_feed;
pub mod cn_chat_arxiv;
pub mod daily_arxiv;
pub mod gzip;
pub mod json;
pub mod markdown_digest;
pub mod merge;
pub mod site_jsonl;
pub mod xml;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::config::SiteConfig;
use crate::content_file::{content_file, write_atomically};
use crate::diagnostic::{Diagnostic, Diagnostics, line_column};
use crate::frontmatter::{BilingualText, DigestFrontMatter, PaperFrontMatter};
use crate::load::{Document, load_content, parse_document};
use crate::rules::parse_date;
use crate::sources::CONTENT_DIR;
use crate::validate::validate_paper;

pub use arxiv_feed::FeedKind;

/// A text on one line: every run of whitespace (line breaks of wrapped feeds included)
/// becomes one space. Nothing else changes: LaTeX stays as written.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Choices of `digest-site import`.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Replace existing files' front matter instead of merging into it.
    pub force: bool,
    /// The date of an imported Markdown digest (`YYYY-MM-DD`); by default a date in the
    /// file's name, else today.
    pub date: Option<String>,
}

/// What kind of input a file was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    MarkdownDigest,
    Feed(FeedKind),
    /// cn-chat-arxiv's paper JSON (one object, or JSON Lines).
    CnChatArxiv,
    /// A daily-arXiv-ai-enhanced day (JSON Lines).
    DailyArxiv,
    /// digest-site's own JSON Lines (`export jsonl`).
    SiteJsonl,
}

impl SourceKind {
    pub fn describe(self) -> &'static str {
        match self {
            SourceKind::MarkdownDigest => "Markdown digest",
            SourceKind::Feed(kind) => kind.describe(),
            SourceKind::CnChatArxiv => "cn-chat-arxiv paper JSON",
            SourceKind::DailyArxiv => "daily-arXiv-ai-enhanced JSONL",
            SourceKind::SiteJsonl => "digest-site JSONL",
        }
    }
}

/// The input being imported: its path as shown and its text. Builds located diagnostics.
#[derive(Debug, Clone, Copy)]
pub struct SourceFile<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

impl SourceFile<'_> {
    pub fn error(&self, line: usize, column: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.path, self.text, line, column, message)
    }

    pub fn warning(&self, line: usize, column: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(self.path, self.text, line, column, message)
    }

    /// An error at a byte offset (as XML parsers report them).
    pub fn error_at_offset(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        let (line, column) = line_column(self.text, offset);
        self.error(line, column, message)
    }

    pub fn line_of(&self, offset: usize) -> usize {
        line_column(self.text, offset).0
    }
}

/// One paper read from the input, with the line it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedPaper {
    pub front: PaperFrontMatter,
    pub line: usize,
    /// The Markdown body (notes) of the paper's file, when it is new; empty from every
    /// input but digest-site JSONL. An existing file keeps its own.
    pub body: String,
}

/// Everything read from the input, before it meets the site.
#[derive(Debug, Clone)]
pub struct Imported {
    pub kind: SourceKind,
    pub papers: Vec<ImportedPaper>,
    /// The digest's slug (file name) and front matter, for Markdown digests.
    pub digest: Option<(String, DigestFrontMatter)>,
    pub warnings: Diagnostics,
}

/// Reads and parses the input file. `shown` is its path as diagnostics show it.
pub fn read_source(
    path: &Path,
    shown: &Path,
    options: &ImportOptions,
) -> Result<Imported, Diagnostics> {
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::file_error(shown, format!("cannot read the file: {e}")))?;
    parse_source(shown, bytes, options)
}

/// Parses the bytes of an input file (decompressed first when they are gzip), telling
/// Markdown digests, XML and the JSON of each tool apart by content.
pub fn parse_source(
    shown: &Path,
    bytes: Vec<u8>,
    options: &ImportOptions,
) -> Result<Imported, Diagnostics> {
    let bytes = gzip::decompressed(shown, bytes)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
        let valid = String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]).len();
        let (line, column) = line_column(&lossy, valid);
        Diagnostic::error(shown, &lossy, line, column, "the file is not valid UTF-8")
            .with_hint("arXiv feeds and digests are UTF-8; convert the file (e.g. with iconv) and import again")
    })?;
    let source = SourceFile {
        path: shown,
        text: &text,
    };
    let body = text.trim_start_matches('\u{feff}').trim_start();
    if body.starts_with('<') {
        let (kind, papers) = arxiv_feed::parse_feed(&source)?;
        let papers = check_unique(&source, papers)?;
        return Ok(Imported {
            kind: SourceKind::Feed(kind),
            papers,
            digest: None,
            warnings: Diagnostics::new(),
        });
    }
    if let Some(records) = json::read_records(&source) {
        let records = records?;
        if records
            .first()
            .is_some_and(|r| site_jsonl::is_record(&r.fields))
        {
            let papers = check_unique(&source, site_jsonl::parse_records(&records)?)?;
            return Ok(Imported {
                kind: SourceKind::SiteJsonl,
                papers,
                digest: None,
                warnings: Diagnostics::new(),
            });
        }
        if records
            .first()
            .is_some_and(|r| cn_chat_arxiv::is_record(&r.fields))
        {
            let (papers, warnings) = cn_chat_arxiv::parse_records(&records)?;
            let papers = check_unique(&source, papers)?;
            return Ok(Imported {
                kind: SourceKind::CnChatArxiv,
                papers,
                digest: None,
                warnings,
            });
        }
        if records
            .first()
            .is_some_and(|r| daily_arxiv::is_record(&r.fields))
        {
            let date = digest_date(shown, options)?;
            let (papers, warnings) = daily_arxiv::parse_records(&records, &date, shown)?;
            let papers = check_unique(&source, papers)?;
            let digest = digest_front(&date, papers.iter().map(|p| p.front.id.clone()).collect());
            return Ok(Imported {
                kind: SourceKind::DailyArxiv,
                papers,
                digest: Some((date, digest)),
                warnings,
            });
        }
    }
    if let Ok(json) = serde_json::from_str::<serde_json::Value>(body)
        .or_else(|_| serde_json::from_str(body.lines().next().unwrap_or_default()))
    {
        let recorded_xml = json
            .get("body")
            .and_then(|b| b.as_str())
            .is_some_and(|b| b.trim_start().starts_with('<'));
        let hint = if recorded_xml {
            "this is a recorded HTTP response; write its `body` string to an .xml file and import that"
        } else {
            "import cn-chat-arxiv paper JSON (an object with `title` and `abstract` or \
             `translated_title`), daily-arXiv-ai-enhanced JSONL (records with `id` and `AI`), \
             digest-site JSONL (`export jsonl`), a Markdown digest, or an arXiv API / RSS / Atom \
             XML file"
        };
        return Err(source
            .error(
                1,
                1,
                "this JSON is neither cn-chat-arxiv nor daily-arXiv-ai-enhanced records",
            )
            .with_hint(hint)
            .into());
    }
    let (papers, warnings) = markdown_digest::parse_digest(&source)?;
    let papers = check_unique(&source, papers)?;
    let date = digest_date(shown, options)?;
    let digest = digest_front(&date, papers.iter().map(|p| p.front.id.clone()).collect());
    Ok(Imported {
        kind: SourceKind::MarkdownDigest,
        papers,
        digest: Some((date, digest)),
        warnings,
    })
}

/// The front matter of an imported digest of `date` listing `papers` (Markdown digests and
/// daily-arXiv-ai-enhanced days).
fn digest_front(date: &str, papers: Vec<String>) -> DigestFrontMatter {
    DigestFrontMatter {
        title: BilingualText::Map(vec![
            ("zh".into(), format!("论文摘要 {date}")),
            ("en".into(), format!("Paper digest {date}")),
        ]),
        date: Some(date.to_string()),
        papers,
        ..DigestFrontMatter::default()
    }
}

/// Refuses an input that holds the same paper twice.
fn check_unique(
    source: &SourceFile<'_>,
    papers: Vec<ImportedPaper>,
) -> Result<Vec<ImportedPaper>, Diagnostics> {
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut errors = Diagnostics::new();
    for p in &papers {
        if let Some(line) = first.insert(p.front.id.as_str(), p.line) {
            errors.push(
                source
                    .error(p.line, 1, format!("paper `{}` appears twice", p.front.id))
                    .with_hint(format!("it appears first on line {line}; remove one")),
            );
        }
    }
    if errors.is_empty() {
        Ok(papers)
    } else {
        Err(errors)
    }
}

/// `--date`, else a date in the file name (`2024-04-04`, `20240404`), else today.
fn digest_date(shown: &Path, options: &ImportOptions) -> Result<String, Diagnostics> {
    if let Some(date) = &options.date {
        return Some(date.trim())
            .filter(|d| is_iso_date_shape(d.as_bytes()))
            .and_then(parse_date)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .ok_or_else(|| {
                Diagnostic::file_error(Path::new("--date"), format!("`{date}` is not a date"))
                    .with_hint("write the date as YYYY-MM-DD, e.g. --date 2024-04-04")
                    .into()
            });
    }
    let name = shown
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let from_name = date_in_name(name);
    Ok(from_name
        .unwrap_or_else(crate::scaffold::today)
        .format("%Y-%m-%d")
        .to_string())
}

/// A date in a file name, in ISO 8601's extended form (`2023-05-01`) or its basic form
/// (`20230501`, also as the start of a basic date-time such as `20230501T031037Z`); a basic
/// date is eight digits with no digit on either side, so an arXiv id is none.
fn date_in_name(name: &str) -> Option<chrono::NaiveDate> {
    let extended = (0..name.len())
        .filter_map(|i| name.get(i..i + 10))
        .filter(|s| is_iso_date_shape(s.as_bytes()))
        .find_map(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
    extended.or_else(|| {
        let bytes = name.as_bytes();
        (0..bytes.len().saturating_sub(7))
            .filter(|&i| {
                bytes[i..i + 8].iter().all(u8::is_ascii_digit)
                    && (i == 0 || !bytes[i - 1].is_ascii_digit())
                    && bytes.get(i + 8).is_none_or(|b| !b.is_ascii_digit())
            })
            .find_map(|i| chrono::NaiveDate::parse_from_str(&name[i..i + 8], "%Y%m%d").ok())
    })
}

/// `DDDD-DD-DD` in ASCII digits (chrono alone would also take `-2026-08-1`).
fn is_iso_date_shape(s: &[u8]) -> bool {
    s.len() == 10
        && s.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

/// What importing does to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileAction {
    Create,
    /// Merged: the listed fields were added.
    Update {
        added: Vec<String>,
    },
    /// `--force`: the front matter is replaced (the body is kept).
    Replace,
    Unchanged,
}

/// One file the import writes (or leaves alone).
#[derive(Debug, Clone)]
pub struct PlannedFile {
    /// Relative to the site root.
    pub path: PathBuf,
    pub action: FileAction,
    pub contents: String,
}

/// A checked import, ready to write.
#[derive(Debug, Clone)]
pub struct ImportPlan {
    pub kind: SourceKind,
    pub files: Vec<PlannedFile>,
    /// Differing fields kept from existing files, and notes about the input.
    pub warnings: Diagnostics,
}

impl ImportPlan {
    /// How many files each action concerns: (created, updated, replaced, unchanged).
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        let count = |f: fn(&FileAction) -> bool| self.files.iter().filter(|p| f(&p.action)).count();
        (
            count(|a| *a == FileAction::Create),
            count(|a| matches!(a, FileAction::Update { .. })),
            count(|a| *a == FileAction::Replace),
            count(|a| *a == FileAction::Unchanged),
        )
    }
}

/// Reads `file` and plans its import into the site of `config`.
pub fn import_file(
    config: &SiteConfig,
    file: &Path,
    shown: &Path,
    options: &ImportOptions,
) -> Result<ImportPlan, Diagnostics> {
    let imported = read_source(file, shown, options)?;
    plan_import(config, imported, options.force)
}

/// Merges what was read with the site's files and checks every file to be written.
pub fn plan_import(
    config: &SiteConfig,
    imported: Imported,
    force: bool,
) -> Result<ImportPlan, Diagnostics> {
    let (existing, load_errors) = load_content(config);
    let papers_by_id: HashMap<&str, &Document<PaperFrontMatter>> = existing
        .papers
        .iter()
        .map(|d| (d.front.id.as_str(), d))
        .collect();
    let digests_by_slug: HashMap<&str, &Document<DigestFrontMatter>> = existing
        .digests
        .iter()
        .map(|d| (d.stem.as_str(), d))
        .collect();
    let mut errors = Diagnostics::new();
    let mut warnings = imported.warnings;
    let mut files = Vec::new();

    let mut record = |planned: Result<(PlannedFile, Diagnostics), Diagnostics>| match planned {
        Ok((file, differences)) => {
            warnings.extend(differences);
            files.push(file);
        }
        Err(d) => errors.extend(d),
    };
    for paper in &imported.papers {
        let existing = papers_by_id.get(paper.front.id.as_str()).copied();
        let path = content_path("papers", &paper.front.id);
        record(plan_file(
            config,
            &path,
            existing,
            (&paper.front, &paper.body),
            force,
            &load_errors,
        ));
    }
    if let Some((slug, digest)) = &imported.digest {
        let mut digest = digest.clone();
        // Keep only the site's languages in the generated title.
        if let BilingualText::Map(entries) = &mut digest.title {
            entries.retain(|(l, _)| config.languages.contains(l));
        }
        let existing = digests_by_slug.get(slug.as_str()).copied();
        let path = content_path("digests", slug);
        record(plan_file(
            config,
            &path,
            existing,
            (&digest, ""),
            force,
            &load_errors,
        ));
    }
    if errors.has_errors() {
        errors.sort();
        return Err(errors);
    }
    Ok(ImportPlan {
        kind: imported.kind,
        files,
        warnings,
    })
}

/// `content/<folder>/<name>.md`, relative to the site root.
fn content_path(folder: &str, name: &str) -> PathBuf {
    Path::new(CONTENT_DIR)
        .join(folder)
        .join(format!("{name}.md"))
}

/// Front matter that import can write, and check once written.
trait Planned: serde::Serialize + serde::de::DeserializeOwned + PartialEq + Clone {
    fn check(config: &SiteConfig, doc: &Document<Self>) -> Diagnostics;
}

impl Planned for PaperFrontMatter {
    fn check(config: &SiteConfig, doc: &Document<Self>) -> Diagnostics {
        validate_paper(config, doc)
    }
}

impl Planned for DigestFrontMatter {
    fn check(_: &SiteConfig, _: &Document<Self>) -> Diagnostics {
        // The digest lists exactly the papers of the same import; the whole-site rules
        // (dangling ids) are those of `check`.
        Diagnostics::new()
    }
}

/// Plans one file: a new file (with the imported body), or a merge with (or `force`
/// replacement of) `existing`, whose body is kept.
fn plan_file<T: Planned>(
    config: &SiteConfig,
    default_path: &Path,
    existing: Option<&Document<T>>,
    (imported, new_body): (&T, &str),
    force: bool,
    load_errors: &Diagnostics,
) -> Result<(PlannedFile, Diagnostics), Diagnostics> {
    let mut warnings = Diagnostics::new();
    let (path, action, front, body) = match existing {
        None => {
            // A file at the target path that did not load (or holds another id) must not
            // be overwritten.
            if let Some(problem) = load_errors.errors().find(|d| d.path == default_path) {
                let mut d = problem.clone();
                d.hint = Some(
                    format!(
                        "{}; fix this file first: import does not overwrite a file it cannot read",
                        d.hint.unwrap_or_default()
                    )
                    .trim_start_matches("; ")
                    .to_string(),
                );
                return Err(d.into());
            }
            if config.root.join(default_path).exists() {
                return Err(Diagnostic::file_error(
                    default_path,
                    "the file exists but holds another paper",
                )
                .with_hint(
                    "rename the file after the id it holds, or move it away, then import again",
                )
                .into());
            }
            (
                default_path.to_path_buf(),
                FileAction::Create,
                imported.clone(),
                new_body.to_string(),
            )
        }
        Some(doc) if force => {
            // Replaced unless the file already reads exactly as the import would write it.
            let written = content_file(imported, &doc.body);
            let on_disk = std::fs::read_to_string(config.root.join(&doc.path)).unwrap_or_default();
            let action = if written == on_disk {
                FileAction::Unchanged
            } else {
                FileAction::Replace
            };
            (doc.path.clone(), action, imported.clone(), doc.body.clone())
        }
        Some(doc) => {
            let merged = merge::merge(&doc.front, imported)
                .map_err(|e| Diagnostic::file_error(&doc.path, format!("cannot merge: {e}")))?;
            for diff in &merged.differing {
                let key: Vec<&str> = diff.key.iter().map(String::as_str).collect();
                let pos = match key.as_slice() {
                    [top] => crate::locate::top_level_key(&doc.front_yaml, top),
                    [parent, child, ..] => {
                        crate::locate::nested_key(&doc.front_yaml, parent, child)
                    }
                    [] => None,
                }
                .unwrap_or((1, 1));
                let mut d = doc.error_at(
                    pos,
                    format!(
                        "`{}` differs from the imported value; the file's value is kept",
                        diff.dotted()
                    ),
                );
                d.severity = crate::diagnostic::Severity::Warning;
                warnings.push(d.with_hint(format!(
                    "the file has {}, the import has {}; import with --force to take the imported version",
                    diff.existing, diff.imported
                )));
            }
            let action = if merged.added.is_empty() {
                FileAction::Unchanged
            } else {
                FileAction::Update {
                    added: merged.added,
                }
            };
            (doc.path.clone(), action, merged.merged, doc.body.clone())
        }
    };
    let contents = content_file(&front, &body);
    // Whatever is written must read back as the same value and pass the checks.
    let doc: Document<T> = parse_document(&path, &contents)?;
    let problems = T::check(config, &doc);
    if problems.has_errors() {
        return Err(problems);
    }
    if doc.front != front {
        return Err(Diagnostic::file_error(
            &path,
            "the written front matter would not read back unchanged",
        )
        .into());
    }
    Ok((
        PlannedFile {
            path,
            action,
            contents,
        },
        warnings,
    ))
}

/// Writes the plan's new and changed files under `root`, each atomically.
pub fn apply_plan(root: &Path, plan: &ImportPlan) -> Result<(), Diagnostics> {
    for file in plan
        .files
        .iter()
        .filter(|f| f.action != FileAction::Unchanged)
    {
        write_atomically(&root.join(&file.path), file.contents.as_bytes()).map_err(|e| {
            Diagnostics::from(Diagnostic::file_error(
                &file.path,
                format!("cannot write: {e}"),
            ))
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_dates_come_from_the_option_or_the_file_name() {
        let date = |name: &str, option: Option<&str>| {
            let options = ImportOptions {
                force: false,
                date: option.map(str::to_string),
            };
            digest_date(Path::new(name), &options).map_err(|d| d.to_string())
        };
        assert_eq!(date("x.md", Some("2024-04-04")).unwrap(), "2024-04-04");
        assert!(date("x.md", Some("2024-4-4")).is_err());
        assert!(date("x.md", Some("-2024-04-04")).is_err());
        assert_eq!(date("again-2026-08-15.md", None).unwrap(), "2026-08-15");
        // ISO 8601's basic forms, as cn-chat-arxiv's history names its files.
        assert_eq!(date("20230501_cs.CL.md", None).unwrap(), "2023-05-01");
        assert_eq!(
            date("20230501T031037Z_cs.CL.md", None).unwrap(),
            "2023-05-01"
        );
        assert_eq!(date("cs.AI-20240408.md", None).unwrap(), "2024-04-08");
        assert_eq!(
            date("cn-2024-02-30-2024-03-01.md", None).unwrap(),
            "2024-03-01"
        );
        let today = crate::scaffold::today().format("%Y-%m-%d").to_string();
        assert_eq!(date("digest.md", None).unwrap(), today);
        // An arXiv id, nine digits or an impossible basic date is no date.
        assert_eq!(date("2404.02424.md", None).unwrap(), today);
        assert_eq!(date("123456789.md", None).unwrap(), today);
        assert_eq!(date("20231345.md", None).unwrap(), today);
    }
}
