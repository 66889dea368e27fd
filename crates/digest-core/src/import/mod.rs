//! Import: turning a file a user brings into content files of a site.
//!
//! Accepted inputs, told apart by their content (not their name):
//! - a Markdown digest in the seed's form (`markdown_digest`): one paper file per paper
//!   and one digest file listing them in table order;
//! - arXiv XML (`arxiv_feed`): an API response, an RSS 2.0 or an Atom announcement feed:
//!   one paper file per entry;
//! - cn-chat-arxiv's paper JSON (`cn_chat_arxiv`), one object or JSON Lines: one paper
//!   file per record;
//! - daily-arXiv-ai-enhanced's JSON Lines of a day (`daily_arxiv`): one paper file per
//!   record and one digest listing them, dated like a Markdown digest;
//! - digest-site's own JSON Lines, as `export jsonl` writes them (`site_jsonl`): one paper
//!   file per line, notes included.
//!
//! JSON is read as records (`json`); gzip-compressed inputs are read decompressed
//! (`gzip`).
//!
//! Inputs are files, folders of them ([`inputs`]) or every committed version of one file
//! (`git_history`). A digest's slug comes from its date and its source's name
//! (`naming`).
//!
//! Importing is planned first and written after: an `ImportSession` parses the inputs,
//! merges them with each other and with the files already in the site (`merge`), and
//! checks that every file it would write loads and validates. Only a plan without errors
//! is written, by [`apply_plan`], all files or none ([`write_all_or_none`]). An existing
//! file is never overwritten silently: missing fields are added, differing fields are
//! reported and kept, unless `force` asks for the imported version.

mod arxiv_feed;
mod cn_chat_arxiv;
mod daily_arxiv;
mod git_history;
mod gzip;
pub mod inputs;
mod json;
mod languages;
mod mapped;
mod markdown_digest;
mod merge;
mod naming;
mod session;
mod site_jsonl;
mod translated;
mod xml;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::content_file::write_all_or_none;
use crate::diagnostic::{Diagnostic, Diagnostics, line_column};
use crate::frontmatter::{DigestFrontMatter, PaperFrontMatter};
use crate::pipeline::Progress;
use crate::sources::CONTENT_DIR;

pub use arxiv_feed::FeedKind;
pub use git_history::{History, Version};
pub use mapped::{FIELDS as MAPPED_FIELDS, Mapping};
pub(crate) use markdown_digest::slug_of as paper_id_of_title;
use naming::DigestIdentity;
pub use naming::check_date_option;
use session::ImportSession;

/// A text on one line, as the importers take titles, authors and summaries: the one
/// rule of the crate for it ([`crate::escape::as_written`]).
pub(crate) use crate::escape::as_written as one_line;

/// Choices of `digest-site import`.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Replace existing files' front matter instead of merging into it.
    pub force: bool,
    /// The date of an imported Markdown digest (`YYYY-MM-DD`); by default a date in the
    /// file's name, else today.
    pub date: Option<String>,
    /// The name of an imported digest's source (`cs.AI`); by default what the file's stem
    /// holds besides a date. Empty: the digest is named by its date alone.
    pub name: Option<String>,
    /// Read every input as another site's paper file, through this mapping.
    pub mapping: Option<std::sync::Arc<Mapping>>,
    /// With a git history: a version that import refuses gives its day no digest, with a
    /// warning naming its commit, rather than stopping the import (a past commit cannot be
    /// mended).
    pub skip_unreadable: bool,
}

/// What kind of input a file was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    MarkdownDigest,
    /// Another site's paper file, read through a [`Mapping`].
    MappedPaper,
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
            SourceKind::MappedPaper => "mapped paper file",
            SourceKind::Feed(kind) => kind.describe(),
            SourceKind::CnChatArxiv => "cn-chat-arxiv record file",
            SourceKind::DailyArxiv => "daily-arXiv-ai-enhanced day",
            SourceKind::SiteJsonl => "digest-site JSONL file",
        }
    }
}

/// The input being imported: its path as shown and its text. Builds located diagnostics.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SourceFile<'a> {
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
pub(crate) struct ImportedPaper {
    pub front: PaperFrontMatter,
    pub line: usize,
    /// The Markdown body (notes) of the paper's file, when it is new; empty from every
    /// input but digest-site JSONL. An existing file keeps its own.
    pub body: String,
}

/// Everything read from the input, before it meets the site.
#[derive(Debug, Clone)]
pub(crate) struct Imported {
    pub kind: SourceKind,
    pub papers: Vec<ImportedPaper>,
    /// The digest's slug (file name) and front matter, for Markdown digests.
    pub digest: Option<(String, DigestFrontMatter)>,
    /// The digest is this one input, named after its file (and folders) rather than by
    /// `--name`: another input of the same import named alike is another source, which
    /// must not be merged into it.
    pub digest_named_after_file: bool,
    pub warnings: Diagnostics,
    /// The input as diagnostics show it, and its text (for the lines they quote).
    pub source: PathBuf,
    pub text: String,
    /// The language of the texts written as plain strings, where the input says it
    /// (digest-site JSONL, from the exporting site's `source_language`): a site of another
    /// source language files them under it.
    pub plain_texts_in: Option<String>,
}

/// What an input of blank lines is refused with.
const EMPTY_FILE: &str = "the file is empty";
/// What a JSON array without an element (`[]`) is refused with.
const EMPTY_ARRAY: &str = "the JSON array holds no records";
/// The message of a JSON file that holds no records import reads (a tool's
/// `config.json`).
const OTHER_JSON: &str = "this JSON is neither cn-chat-arxiv nor daily-arXiv-ai-enhanced records";

/// Reads and parses the input file. `shown` is its path as diagnostics show it.
pub(crate) fn read_source(
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
pub(crate) fn parse_source(
    shown: &Path,
    bytes: Vec<u8>,
    options: &ImportOptions,
) -> Result<Imported, Diagnostics> {
    let mut imported = parse_source_as_written(shown, bytes, options)?;
    without_control_characters(&mut imported);
    // digest-site's own export is the site's texts as their owner filed them.
    if !matches!(imported.kind, SourceKind::SiteJsonl) {
        languages::refile_languages(&mut imported);
    }
    Ok(imported)
}

/// Removes from the papers read the control characters a content file cannot hold (a
/// stray byte, a terminal's colour code a tool kept; they would be written as escapes the
/// reader refuses), each with a warning at its paper's line that names the field.
fn without_control_characters(imported: &mut Imported) {
    let source = SourceFile {
        path: &imported.source,
        text: &imported.text,
    };
    for paper in &mut imported.papers {
        let Some((clean, found)) = crate::content_file::without_control_characters(&paper.front)
        else {
            continue;
        };
        for (field, c) in found {
            // The line that holds the character, when the input holds it as it is (a
            // Markdown digest's); a JSON record escapes it on the record's own line.
            let line = written_at(source.text, paper.line, c).unwrap_or(paper.line);
            imported.warnings.push(
                source
                    .warning(
                        line,
                        1,
                        format!(
                            "`{field}` of `{}` held the control character U+{:04X}, which is removed",
                            paper.front.id,
                            u32::from(c)
                        ),
                    )
                    .with_hint("a content file cannot hold it; if it stood for something, write that in the paper's file after the import"),
            );
        }
        paper.front = clean;
    }
}

/// The line of the first `c` of `text` on line `from` or after it.
fn written_at(text: &str, from: usize, c: char) -> Option<usize> {
    let start: usize = text
        .split_inclusive('\n')
        .take(from.saturating_sub(1))
        .map(str::len)
        .sum();
    let at = start + text.get(start..)?.find(c)?;
    Some(text[..at].matches('\n').count() + 1)
}

/// [`parse_source`], the texts as the input has them.
fn parse_source_as_written(
    shown: &Path,
    bytes: Vec<u8>,
    options: &ImportOptions,
) -> Result<Imported, Diagnostics> {
    let bytes = gzip::decompressed(shown, bytes)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        crate::diagnostic::not_utf8(
            shown,
            &e,
            "arXiv feeds and digests are UTF-8; convert the file (e.g. with iconv) and import again",
        )
    })?;
    let source = SourceFile {
        path: shown,
        text: &text,
    };
    if let Some(mapping) = &options.mapping {
        return mapped::parse_mapped(&source, mapping, options);
    }
    let body = text.trim_start_matches('\u{feff}').trim_start();
    if body.is_empty() {
        return Err(source
            .error(1, 1, EMPTY_FILE)
            .with_hint(
                "there is nothing to import in it: download or export it again, or leave it out",
            )
            .into());
    }
    if looks_like_a_feed(body) {
        let (kind, papers) = arxiv_feed::parse_feed(&source)?;
        let papers = check_unique(&source, papers)?;
        return Ok(Imported {
            kind: SourceKind::Feed(kind),
            papers,
            digest: None,
            digest_named_after_file: false,
            warnings: Diagnostics::new(),
            source: shown.to_path_buf(),
            text,
            plain_texts_in: None,
        });
    }
    if let Some(records) = json::read_records(&source) {
        let records = records?;
        if records.is_empty() && body.starts_with('[') {
            return Err(source
                .error(1, 1, EMPTY_ARRAY)
                .with_hint(
                    "there is nothing to import in it: download or export it again, or leave it out",
                )
                .into());
        }
        if records
            .first()
            .is_some_and(|r| site_jsonl::is_record(&r.fields))
        {
            let (papers, plain_texts_in) = site_jsonl::parse_records(&records)?;
            let papers = check_unique(&source, papers)?;
            return Ok(Imported {
                kind: SourceKind::SiteJsonl,
                papers,
                digest: None,
                digest_named_after_file: false,
                warnings: Diagnostics::new(),
                source: shown.to_path_buf(),
                text: text.clone(),
                plain_texts_in,
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
                digest_named_after_file: false,
                warnings,
                source: shown.to_path_buf(),
                text: text.clone(),
                plain_texts_in: None,
            });
        }
        if records
            .first()
            .is_some_and(|r| daily_arxiv::is_record(&r.fields))
        {
            let identity = DigestIdentity::of_file(shown, options)?;
            let (papers, mut warnings) =
                daily_arxiv::parse_records(&records, &identity.date, shown)?;
            if let Some(warning) = identity.dated_today_warning(shown) {
                warnings.push(warning);
            }
            let papers = check_unique(&source, papers)?;
            let digest = identity.front(papers.iter().map(|p| p.front.id.clone()).collect());
            return Ok(Imported {
                kind: SourceKind::DailyArxiv,
                papers,
                digest: Some((identity.slug(), digest)),
                digest_named_after_file: options.name.is_none(),
                warnings,
                source: shown.to_path_buf(),
                text: text.clone(),
                plain_texts_in: None,
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
        return Err(source.error(1, 1, OTHER_JSON).with_hint(hint).into());
    }
    let (papers, mut warnings) = markdown_digest::parse_digest(&source)?;
    let papers = check_unique(&source, papers)?;
    // A post's own `date:` (Jekyll's, Hugo's) dates it, as those tools date it, unless
    // `--date` is given: the day as written (`2024-02-02T00:30:00+08:00` is the 2nd).
    let identity = match markdown_digest::front_matter_date(source.text) {
        // A `date:` that is none is refused rather than the digest dated otherwise.
        Some(Err((line, written))) if options.date.is_none() => {
            return Err(source
                .error(line, 1, format!("the post's `date` is `{written}`, which is not a date"))
                .with_hint("write it as YYYY-MM-DD (a time after it is read too), or give the digest's date: --date YYYY-MM-DD")
                .into());
        }
        Some(Ok(date)) if options.date.is_none() => DigestIdentity::of_file(
            shown,
            &ImportOptions {
                date: Some(date.format("%Y-%m-%d").to_string()),
                ..options.clone()
            },
        )?,
        _ => DigestIdentity::of_file(shown, options)?,
    };
    if let Some(warning) = identity.dated_today_warning(shown) {
        warnings.push(warning);
    }
    let digest = identity.front(papers.iter().map(|p| p.front.id.clone()).collect());
    Ok(Imported {
        kind: SourceKind::MarkdownDigest,
        papers,
        digest: Some((identity.slug(), digest)),
        digest_named_after_file: options.name.is_none(),
        warnings,
        source: shown.to_path_buf(),
        text,
        plain_texts_in: None,
    })
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
    /// The text to write; empty for a file left [`FileAction::Unchanged`] by a merge.
    pub contents: String,
}

/// A checked import, ready to write.
#[derive(Debug, Clone)]
pub struct ImportPlan {
    /// How many inputs of each kind ([`SourceKind::describe`]) were read.
    pub sources: Vec<(&'static str, usize)>,
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

    /// The inputs read, in words: `26 Markdown digests`, `1 Markdown digest and 2 arXiv
    /// RSS feeds`.
    pub fn describe_sources(&self) -> String {
        let parts: Vec<String> = self
            .sources
            .iter()
            .map(|(kind, n)| format!("{n} {kind}{}", if *n == 1 { "" } else { "s" }))
            .collect();
        match parts.as_slice() {
            [] => "no input".to_string(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        }
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

/// Merges what was read from one input with the site's files and checks every file to be
/// written.
pub(crate) fn plan_import(
    config: &SiteConfig,
    imported: Imported,
    force: bool,
) -> Result<ImportPlan, Diagnostics> {
    let mut session = ImportSession::new(config, force);
    session.add(imported);
    session.finish()
}

/// How many inputs are read at once (in parallel) before they join the plan in order: a
/// bound on the texts held in memory.
const BATCH: usize = 64;

/// Plans the import of `inputs` (files, as found by [`inputs::expand`]) in their order,
/// reporting each one read to `progress`.
pub fn import_inputs(
    config: &SiteConfig,
    inputs: &[inputs::Input],
    options: &ImportOptions,
    progress: &dyn Progress,
) -> Result<ImportPlan, Diagnostics> {
    let mut session = ImportSession::new(config, options.force);
    let inputs: Vec<&inputs::Input> = inputs
        .iter()
        .filter(|i| {
            options
                .mapping
                .as_ref()
                .is_none_or(|m| !m.excludes(&i.shown))
        })
        .collect();
    refuse_one_date_for_many_days(&inputs, options)?;
    let (inputs, other_forms) = without_other_forms_of_a_day(inputs);
    for warning in other_forms {
        session.warn(warning);
    }
    progress.stage("importing", Some(inputs.len()));
    for batch in inputs.chunks(BATCH) {
        let read: Vec<_> = batch
            .par_iter()
            .map(|input| {
                let read = read_source(&input.path, &input.shown, options);
                progress.advance();
                read
            })
            .collect();
        for (input, imported) in batch.iter().zip(read) {
            match imported {
                Ok(imported) => session.add(imported),
                Err(problems)
                    if input.in_folder
                        && (holds_no_papers(&problems) || is_json_of_another_kind(&problems))
                        && !looks_like_a_days_papers(&input.path) =>
                {
                    let message = if holds_no_papers(&problems) {
                        "lists no papers: left out of the import"
                    } else {
                        "is JSON of another kind (no paper records): left out of the import"
                    };
                    session.warn(
                        Diagnostic::file_warning(&input.shown, message).with_hint(
                            "a folder's README, licence or settings file is left out so; name a file to import it whatever it holds",
                        ),
                    );
                }
                // A day's papers in a shape import does not read: said so, and how to
                // leave the file out if it is notes after all.
                Err(problems) if input.in_folder && holds_no_papers(&problems) => {
                    let mut said = Diagnostics::new();
                    for mut problem in problems {
                        let hint = problem.hint.take().unwrap_or_default();
                        problem.hint = Some(format!("{hint}; this file of the folder links papers on arXiv, so it is not left out as a README would be: if it is notes, move it out of the folder").into());
                        said.push(problem);
                    }
                    session.fail(said);
                }
                Err(problems) => session.fail(problems),
            }
        }
    }
    session.finish()
}

/// The inputs without the other forms of a day that daily-arXiv-ai-enhanced keeps beside
/// its `<date>_AI_enhanced_<Language>.jsonl` in its `data/` folder: `<date>.jsonl`, the
/// day's crawl before the AI texts, and `<date>.md`, its page of them. They hold the same
/// papers with less, and would make a second digest of the day: each is left out with a
/// warning. Only in a folder named: a file named by itself is read.
fn without_other_forms_of_a_day(inputs: Vec<&inputs::Input>) -> (Vec<&inputs::Input>, Diagnostics) {
    let name_of = |input: &inputs::Input| {
        input
            .path
            .file_name()
            .and_then(|n| n.to_str())
            .map(str::to_string)
            .unwrap_or_default()
    };
    let enhanced: std::collections::HashMap<(PathBuf, String), String> = inputs
        .iter()
        .filter(|i| i.in_folder)
        .filter_map(|i| {
            let name = name_of(i);
            let (day, _) = name.split_once("_AI_enhanced_")?;
            let folder = i.path.parent()?.to_path_buf();
            Some(((folder, day.to_string()), name))
        })
        .collect();
    let mut warnings = Diagnostics::new();
    let kept = inputs
        .into_iter()
        .filter(|i| {
            if !i.in_folder {
                return true;
            }
            let name = name_of(i);
            let day = ["jsonl.gz", "jsonl", "md"]
                .iter()
                .find_map(|ext| name.strip_suffix(&format!(".{ext}")));
            let Some(day) = day.filter(|d| crate::import::naming::DigestIdentity::named_date(Path::new(d)).is_some()) else {
                return true;
            };
            let Some(folder) = i.path.parent() else {
                return true;
            };
            let Some(enhanced) = enhanced.get(&(folder.to_path_buf(), day.to_string())) else {
                return true;
            };
            warnings.push(
                Diagnostic::file_warning(
                    &i.shown,
                    format!("left out: `{enhanced}` beside it holds the same day's papers with their AI texts, and is imported"),
                )
                .with_hint("daily-arXiv-ai-enhanced keeps the day's crawl (.jsonl) and its page (.md) beside the enhanced file; name this file to import it by itself"),
            );
            false
        })
        .collect();
    (kept, warnings)
}

/// Refuses `--date` (with no `--name`) given to inputs of one source that their file
/// names date on different days (a folder of a tool's daily files): they would all become
/// one digest of that date, without a word.
fn refuse_one_date_for_many_days(
    inputs: &[&inputs::Input],
    options: &ImportOptions,
) -> Result<(), Diagnostics> {
    let Some(given) = &options.date else {
        return Ok(());
    };
    if options.name.is_some() {
        return Ok(());
    }
    type Days<'a> = (&'a Path, std::collections::BTreeSet<chrono::NaiveDate>);
    let mut days: std::collections::BTreeMap<String, Days> = Default::default();
    for input in inputs {
        if let Some((date, name)) = DigestIdentity::named_date(&input.shown) {
            let entry = days
                .entry(name)
                .or_insert_with(|| (&input.shown, Default::default()));
            entry.1.insert(date);
        }
    }
    let Some((name, (first_input, dates))) =
        days.into_iter().find(|(_, (_, dates))| dates.len() > 1)
    else {
        return Ok(());
    };
    let name = if name.is_empty() {
        "the inputs".to_string()
    } else {
        format!("`{name}`")
    };
    let (first, last) = (dates.first().copied(), dates.last().copied());
    let span = match (first, last) {
        (Some(first), Some(last)) => format!("{first} to {last}"),
        _ => String::new(),
    };
    Err(Diagnostic::file_error(
        first_input,
        format!(
            "`--date {given}` would make one digest of {} days of {name} that their file names date ({span})",
            dates.len()
        ),
    )
    .with_hint("leave out --date to import each day as its own digest, or import one file at a time with --date")
    .into())
}

/// Plans the import of every committed version of `file`: one digest per day, dated by
/// its commit and named after the file (see [`History`]). A version that is a feed
/// becomes a digest too. Returns the plan and the history read.
pub fn import_git_history(
    config: &SiteConfig,
    file: &Path,
    options: &ImportOptions,
    progress: &dyn Progress,
) -> Result<(ImportPlan, git_history::History), Diagnostics> {
    let history = git_history::history(file)?;
    let mut reader = git_history::VersionReader::new(&history, file)?;
    // The digests are named after the file (not after `<commit>:<path>`).
    let name = match &options.name {
        Some(name) => name.clone(),
        None => DigestIdentity::of_file(file, &ImportOptions::default())?
            .name
            .unwrap_or_default(),
    };
    let mut session = ImportSession::new(config, options.force);
    for note in &history.notes {
        session.warn(note.clone());
    }
    progress.stage("importing", Some(history.versions.len()));
    // The papers of the versions that won their day, and the versions they replaced.
    let mut published = std::collections::HashSet::new();
    let mut replaced = Vec::new();
    for batch in history.versions.chunks(BATCH) {
        let mut read = Vec::with_capacity(batch.len());
        for version in batch {
            let mut replaced = Vec::with_capacity(version.replaced.len());
            for commit in &version.replaced {
                replaced.push((commit, reader.read_commit(commit)?));
            }
            read.push((version, reader.read(version)?, replaced));
        }
        let parsed: Vec<_> = read
            .into_par_iter()
            .map(|(version, bytes, replaced)| {
                let options = ImportOptions {
                    date: Some(version.date.format("%Y-%m-%d").to_string()),
                    name: Some(name.clone()),
                    ..options.clone()
                };
                let mut shown = history.shown(version);
                let mut replaced = replaced;
                let mut parsed = parse_source(&shown, bytes, &options);
                // A last version of the day that lists no papers (a failed run that
                // emptied the file): the newest before it that lists some is the day's.
                let mut notes = Vec::new();
                while matches!(&parsed, Err(problems) if holds_no_papers(problems))
                    && !replaced.is_empty()
                {
                    let (commit, bytes) = replaced.remove(0);
                    let earlier = history.shown_commit(commit);
                    match read_replaced(&earlier, bytes, version, &options) {
                        None => {}
                        Some(Err(unreadable)) => notes.push(unreadable),
                        Some(Ok(imported)) => {
                            notes.push(Diagnostic::file_warning(
                                &shown,
                                format!(
                                    "the last version of {} lists no papers: the version before it that does, {}, is that day's digest",
                                    version.date,
                                    earlier.display()
                                ),
                            ));
                            shown = earlier;
                            parsed = Ok(imported);
                        }
                    }
                }
                let parsed = parsed.map(|mut imported| {
                    imported.warnings.extend(Diagnostics::from(std::mem::take(&mut notes)));
                    imported
                });
                let parsed = parsed.map_err(|problems| {
                    if holds_no_papers(&problems) {
                        // A day the tool wrote no paper (a holiday's empty feed): that day
                        // has no digest, and the history goes on.
                        notes.push(Diagnostic::file_warning(
                            &shown,
                            format!(
                                "this version lists no papers: {} gets no digest",
                                version.date
                            ),
                        ));
                        Unread::Empty(std::mem::take(&mut notes))
                    } else {
                        Unread::Refused(problems)
                    }
                });
                let parsed = parsed.and_then(|mut imported| {
                    if imported.digest.is_none() {
                        let identity =
                            DigestIdentity::of_file(&shown, &options).map_err(Unread::Refused)?;
                        let ids = imported.papers.iter().map(|p| p.front.id.clone()).collect();
                        imported.digest = Some((identity.slug(), identity.front(ids)));
                    }
                    let earlier =
                        replaced_papers(&mut imported, version, &history, replaced, &options);
                    Ok((imported, version, earlier))
                });
                progress.advance();
                parsed
            })
            .collect();
        for (read, imported) in batch.iter().zip(parsed) {
            match imported {
                Ok((imported, version, earlier)) => {
                    published.extend(imported.papers.iter().map(|p| p.front.id.clone()));
                    if !earlier.is_empty() {
                        replaced.push((version, imported.digest.clone(), earlier));
                    }
                    session.add(imported);
                }
                Err(Unread::Empty(warnings)) => warnings.into_iter().for_each(|w| session.warn(w)),
                Err(Unread::Refused(problems)) => {
                    let shown = history.shown(read);
                    if options.skip_unreadable {
                        session.warn(
                            Diagnostic::file_warning(
                                &shown,
                                format!(
                                    "this version cannot be read ({}): {} gets no digest (--skip-unreadable)",
                                    problems.iter().next().map(|d| d.message.clone()).unwrap_or_default(),
                                    read.date
                                ),
                            )
                            .with_hint(format!(
                                "`git show {}` shows it; import it by itself to see every problem",
                                shown.display()
                            )),
                        );
                    } else {
                        // A committed version cannot be mended as a file can: the hint says
                        // how to go past it.
                        let mut said = Diagnostics::new();
                        for mut problem in problems {
                            let hint = problem
                                .hint
                                .take()
                                .map(|h| format!("{h}; "))
                                .unwrap_or_default();
                            problem.hint = Some(format!(
                                "{hint}this is the version of {} committed on {}, which cannot be changed: import the history with --skip-unreadable to leave such versions out, each with a warning",
                                read.short(),
                                read.date
                            ).into());
                            said.push(problem);
                        }
                        session.fail(said);
                    }
                }
            }
        }
    }
    // A paper only a replaced version listed was published, if only for some hours, and
    // would be in no file of the site: it joins the digest of the day it was listed.
    for (version, digest, earlier) in replaced {
        let mut earlier: Vec<Imported> = earlier
            .into_iter()
            .filter_map(|mut earlier| {
                earlier
                    .papers
                    .retain(|p| published.insert(p.front.id.clone()));
                (!earlier.papers.is_empty()).then_some(earlier)
            })
            .collect();
        // The day's whole list, its own papers and all of these, goes with the last of
        // them: what `--force` puts in place, and a plain import adds to.
        let day = digest.map(|(slug, mut front)| {
            front.papers.extend(
                earlier
                    .iter()
                    .flat_map(|e| &e.papers)
                    .map(|p| p.front.id.clone()),
            );
            (slug, front)
        });
        if let Some(last) = earlier.last_mut() {
            last.digest = day;
        }
        for mut earlier in earlier {
            let ids: Vec<String> = earlier.papers.iter().map(|p| p.front.id.clone()).collect();
            let shown_ids = match ids.len() {
                n if n > 5 => format!("{}, …", ids[..5].join(", ")),
                _ => ids.join(", "),
            };
            earlier.warnings.push(Diagnostic::file_warning(
                &earlier.source,
                format!(
                    "this version was replaced on {} by {}, and {} of its papers are in no other version ({shown_ids}): they are added to that day's digest, after its own",
                    version.date,
                    version.short(),
                    ids.len(),
                ),
            ));
            session.add_uncounted(earlier);
        }
    }
    Ok((session.finish()?, history))
}

/// The versions `version` replaced that day (`replaced`: their commits and bytes, newest
/// first), each with only the papers that `imported` (the day's last version) and the
/// newer of them do not list, and no digest; its lines are its own. A replaced version
/// that cannot be read is a warning in `imported`.
fn replaced_papers(
    imported: &mut Imported,
    version: &git_history::Version,
    history: &git_history::History,
    replaced: Vec<(&String, Vec<u8>)>,
    options: &ImportOptions,
) -> Vec<Imported> {
    let mut listed: std::collections::HashSet<String> =
        imported.papers.iter().map(|p| p.front.id.clone()).collect();
    let mut inputs = Vec::new();
    for (commit, bytes) in replaced {
        let shown = history.shown_commit(commit);
        let mut earlier = match read_replaced(&shown, bytes, version, options) {
            None => continue,
            Some(Err(unreadable)) => {
                imported.warnings.push(unreadable);
                continue;
            }
            Some(Ok(earlier)) => earlier,
        };
        earlier.papers.retain(|p| listed.insert(p.front.id.clone()));
        if earlier.papers.is_empty() {
            continue;
        }
        earlier.digest = None;
        earlier.digest_named_after_file = false;
        inputs.push(earlier);
    }
    inputs
}

/// A version of the file that `version` replaced that day, shown as `shown`, read: `None`
/// when it lists no papers and links none (nothing is lost without it), a warning when it
/// cannot be read (the papers only it lists are not imported).
fn read_replaced(
    shown: &Path,
    bytes: Vec<u8>,
    version: &git_history::Version,
    options: &ImportOptions,
) -> Option<Result<Imported, Diagnostic>> {
    let links = links_papers(&bytes, 1);
    match parse_source(shown, bytes, options) {
        Ok(imported) => Some(Ok(imported)),
        Err(problems) if holds_no_papers(&problems) && !links => None,
        Err(problems) => Some(Err(Diagnostic::file_warning(
            shown,
            format!(
                "this version, replaced on {} by {}, cannot be read ({}): the papers only it lists are not imported",
                version.date,
                version.short(),
                problems.iter().next().map(|d| d.message.clone()).unwrap_or_default()
            ),
        )
        .with_hint(format!(
            "`git show {}` shows it; import it by itself to see every problem",
            shown.display()
        )))),
    }
}

/// Whether `body` (the text from its first character that is not blank) is an XML feed
/// rather than a Markdown digest that opens with HTML (a comment, `<div id=toc></div>`, a
/// logo in `<p align="center">`): an XML declaration or a feed's root element (`rss`,
/// `feed`, `RDF`, in any case and with any prefix), after any comments, processing
/// instructions and doctype (whose internal subset may hold `>`).
fn looks_like_a_feed(body: &str) -> bool {
    let mut rest = body;
    loop {
        rest = rest.trim_start_matches('\u{feff}').trim_start();
        let lower = rest.get(..9).unwrap_or(rest).to_ascii_lowercase();
        let end = if lower.starts_with("<?xml") {
            return true;
        } else if lower.starts_with("<!--") {
            rest.find("-->").map(|e| e + 3)
        } else if lower.starts_with("<?") {
            rest.find("?>").map(|e| e + 2)
        } else if lower.starts_with("<!doctype") {
            let subset = rest
                .find('[')
                .filter(|&b| rest.find('>').is_none_or(|g| b < g));
            match subset {
                Some(_) => rest.find("]>").map(|e| e + 2),
                None => rest.find('>').map(|e| e + 1),
            }
        } else {
            break;
        };
        match end {
            Some(end) => rest = &rest[end..],
            None => return false,
        }
    }
    let Some(tag) = rest.strip_prefix('<') else {
        return false;
    };
    let name: String = tag
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, '>' | '/'))
        .collect();
    let local = name
        .rsplit(':')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    matches!(local.as_str(), "rss" | "feed" | "rdf")
}

/// A version of a history that gives no digest.
enum Unread {
    /// Well formed, with no paper.
    Empty(Vec<Diagnostic>),
    Refused(Diagnostics),
}

/// Whether the file at `path` looks like a day's list of papers that import could not
/// read as a digest (a post of a list of links, a table without `[^n]`), rather than a
/// folder's README or licence (which may link the paper of a tool) or a holiday's empty
/// file: it links two papers on arXiv or more, or one and is named by a date. Such a file
/// is refused as a named file is, not left out.
fn looks_like_a_days_papers(path: &Path) -> bool {
    let needed = if naming::DigestIdentity::named_date(path).is_some() {
        1
    } else {
        2
    };
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    links_papers(&gzip::decompressed(path, bytes).unwrap_or_default(), needed)
}

/// Whether `bytes` link `needed` papers on arXiv or more.
fn links_papers(bytes: &[u8], needed: usize) -> bool {
    let text = String::from_utf8_lossy(bytes);
    let mut ids = std::collections::HashSet::new();
    for (at, _) in text.match_indices("arxiv.org/") {
        let link: String = text[at..]
            .chars()
            .take_while(|c| {
                !c.is_whitespace() && !matches!(c, ')' | ']' | '"' | '\'' | '<' | '>' | '|')
            })
            .collect();
        if let Some(arxiv) = crate::arxiv::ArxivRef::from_link(&format!("https://{link}")) {
            ids.insert(arxiv.id);
            if ids.len() >= needed {
                return true;
            }
        }
    }
    false
}

/// Whether an input was refused only for listing no paper.
fn holds_no_papers(problems: &Diagnostics) -> bool {
    const NO_PAPERS: [&str; 5] = [
        EMPTY_FILE,
        EMPTY_ARRAY,
        "the digest lists no papers",
        "the announcement feed holds no papers",
        "the arXiv API response holds no papers",
    ];
    problems.len() == 1
        && problems
            .iter()
            .all(|d| NO_PAPERS.iter().any(|m| d.message.starts_with(m)))
}

/// Whether an input was refused only for being JSON that holds no records import reads
/// (a tool's `config.json` beside its `papers/`): in a folder, as good as a README.
fn is_json_of_another_kind(problems: &Diagnostics) -> bool {
    problems.len() == 1 && problems.iter().all(|d| d.message == OTHER_JSON)
}

/// `content/<folder>/<name>.md`, relative to the site root.
fn content_path(folder: &str, name: &str) -> PathBuf {
    Path::new(CONTENT_DIR)
        .join(folder)
        .join(format!("{name}.md"))
}

/// An error for each symbolic link below `content/` that a file of the plan would be
/// written through ([`crate::content_file::linked_part`]); `None` when there is none.
/// [`apply_plan`] writes nothing then, and a dry run says so too.
pub fn links_in_the_way(root: &Path, plan: &ImportPlan) -> Option<Diagnostics> {
    let links: std::collections::BTreeSet<PathBuf> = plan
        .files
        .iter()
        .filter(|f| f.action != FileAction::Unchanged)
        .filter_map(|f| crate::content_file::linked_part(root, &f.path))
        .collect();
    (!links.is_empty()).then(|| {
        links
            .iter()
            .map(|link| crate::content_file::through_link(link))
            .collect::<Vec<Diagnostic>>()
            .into()
    })
}

/// Writes the plan's new and changed files under `root`: all of them, or, when one cannot
/// be written, none (the site's files are left as they were).
pub fn apply_plan(root: &Path, plan: &ImportPlan) -> Result<(), Diagnostics> {
    let writes: Vec<&PlannedFile> = plan
        .files
        .iter()
        .filter(|f| f.action != FileAction::Unchanged)
        .collect();
    // Nothing is written when one of the files would be written through a link.
    if let Some(refused) = links_in_the_way(root, plan) {
        return Err(refused);
    }
    let paths: Vec<PathBuf> = writes.iter().map(|f| root.join(&f.path)).collect();
    let files: Vec<(&Path, &[u8])> = paths
        .iter()
        .zip(&writes)
        .map(|(path, f)| (path.as_path(), f.contents.as_bytes()))
        .collect();
    write_all_or_none(&files).map_err(|(n, e)| {
        if e.kind() == std::io::ErrorKind::Interrupted {
            return Diagnostics::from(
                Diagnostic::file_error(Path::new(crate::sources::CONTENT_DIR), "the import was stopped before it wrote anything")
                    .with_hint("nothing was imported: every file of the site is as it was; import again to import"),
            );
        }
        let what_to_do = match e.kind() {
            std::io::ErrorKind::InvalidFilename => {
                "the name is too long for the file system: give the digest a shorter one with \
                 `--name`, or rename the input"
            }
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
                "free some space on the disk"
            }
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                "allow writing the file (chmod u+w), if it may be replaced, or into the site's \
                 content folder"
            }
            _ => "mend what the message says",
        };
        Diagnostics::from(
            Diagnostic::file_error(&writes[n].path, format!("cannot write: {e}")).with_hint(
                format!(
                    "nothing was imported: every file of the site is as it was. Then {what_to_do}, \
                     and import again"
                ),
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feeds_are_told_from_markdown_that_opens_with_html() {
        for feed in [
            "<?xml version=\"1.0\"?><rss>",
            "<?XML version=\"1.0\"?><rss>",
            "<!-- saved --><?xml version=\"1.0\"?><feed>",
            "\u{feff}  <rss version=\"2.0\">",
            "<!DOCTYPE rss [ <!ENTITY nbsp \"&#160;\"> ]>\n<rss>",
            "<!DOCTYPE rss>\n<RSS>",
            "<?xml-stylesheet href=\"a.xsl\"?><atom:feed xmlns:atom=\"x\">",
            "<rdf:RDF xmlns:rdf=\"x\">",
        ] {
            assert!(looks_like_a_feed(feed), "{feed}");
        }
        for markdown in [
            "<!-- generated -->\n\n# 摘要",
            "<div id=toc></div>\n\n# cs.CL",
            "<p align=\"center\"><img src=\"logo.png\"></p>",
            "# 摘要\n\n| Ref | Title | Summary |",
            "<!-- never closed",
        ] {
            assert!(!looks_like_a_feed(markdown), "{markdown}");
        }
    }
}
