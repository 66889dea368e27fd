//! One import of many inputs: every input is merged into what the inputs before it
//! planned, and the site is read once.
//!
//! A history of digests holds each paper many times (a paper is listed by `cs.AI` and
//! `cs.CL`, an updated abstract comes a day later). Planning input by input against the
//! files on disk would lose all but the last one's fields and read the whole site once per
//! input; a session keeps one pending file per paper and per digest instead. Each input's
//! papers are merged into the pending file by the rule of [`merge`]: the first value of a
//! field wins, and a later one that differs is reported once (or, with `force`, the last
//! input wins). A digest listing other papers than its file gains the missing ones at the
//! end of its list: a digest imported again never loses a paper, and no imported paper is
//! left in no digest. Nothing is written here: [`ImportSession::finish`] checks every file
//! the import would write and returns the plan.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;

use super::{FileAction, ImportPlan, Imported, PlannedFile, SourceFile, content_path, merge};
use crate::config::SiteConfig;
use crate::content_file::content_file;
use crate::diagnostic::{Diagnostic, Diagnostics, Severity, WarningKind};
use crate::frontmatter::{DigestFrontMatter, PaperFrontMatter};
use crate::load::{Document, LoadedContent, load_content, parse_document};
use crate::validate::validate_paper;

/// Front matter that import can write, and check once written.
pub(super) trait Planned:
    serde::Serialize + serde::de::DeserializeOwned + PartialEq + Clone + Send + Sync
{
    /// The content folder of such files.
    const FOLDER: &'static str;
    fn check(config: &SiteConfig, doc: &Document<Self>) -> Diagnostics;
    /// Values of the file that `new` wrote as placeholders and that an import fills (see
    /// [`merge::merge_filling`]).
    fn placeholders(_: &SiteConfig, _: &Document<Self>) -> Vec<(Vec<String>, yaml_serde::Value)> {
        Vec::new()
    }
}

impl Planned for PaperFrontMatter {
    const FOLDER: &'static str = "papers";
    fn check(config: &SiteConfig, doc: &Document<Self>) -> Diagnostics {
        validate_paper(config, doc)
    }
    fn placeholders(
        config: &SiteConfig,
        doc: &Document<Self>,
    ) -> Vec<(Vec<String>, yaml_serde::Value)> {
        crate::scaffold::skeleton_placeholders(doc, &config.languages, &config.source_language)
    }
}

impl Planned for DigestFrontMatter {
    const FOLDER: &'static str = "digests";
    fn check(_: &SiteConfig, _: &Document<Self>) -> Diagnostics {
        // The digest lists the papers of the same import (and those it listed before); the
        // whole-site rules (dangling ids) are those of `check`.
        Diagnostics::new()
    }
}

/// A file the import will write (or find unchanged).
struct Pending<T> {
    path: PathBuf,
    /// The file on disk it came from, if any (an index into the loaded site).
    existing: Option<usize>,
    front: T,
    /// Fields the file on disk gained.
    added: Vec<String>,
    /// `force` replaced the file's front matter.
    replaced: bool,
    /// Where the pending value came from first, for messages: `path:line`.
    first_from: String,
    /// The Markdown body of a new file (an export's notes); a file on disk keeps its own.
    new_body: String,
}

/// The pending files of one kind, in the order the inputs first named them (the order the
/// plan lists them in), found by id or slug.
struct Table<T> {
    index: HashMap<String, usize>,
    files: Vec<Pending<T>>,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table {
            index: HashMap::new(),
            files: Vec::new(),
        }
    }
}

impl<T> Table<T> {
    fn get_mut(&mut self, key: &str) -> Option<&mut Pending<T>> {
        self.index.get(key).map(|&i| &mut self.files[i])
    }

    fn insert(&mut self, key: String, pending: Pending<T>) {
        self.index.insert(key, self.files.len());
        self.files.push(pending);
    }
}

/// A file met on disk: its pending version, the warnings about fields that differ, and
/// those fields (reported once).
type FromDisk<T> = (Pending<T>, Diagnostics, Vec<(PathBuf, String)>);

/// An import in progress: the site as loaded, and the files planned so far.
pub struct ImportSession<'a> {
    config: &'a SiteConfig,
    force: bool,
    site: LoadedContent,
    load_errors: Diagnostics,
    paper_on_disk: HashMap<String, usize>,
    /// The site's papers by arXiv id (the first file of each, as `check` takes it): a
    /// paper the site holds under an id of its own (`my-ressa`) is still the paper of
    /// that arXiv id.
    paper_on_disk_by_arxiv: HashMap<String, usize>,
    /// Imported paper ids that are another id in the site (`2404.02424` → `my-ressa`),
    /// for the digests that list them.
    site_ids: HashMap<String, String>,
    digest_on_disk: HashMap<String, usize>,
    papers: Table<PaperFrontMatter>,
    digests: Table<DigestFrontMatter>,
    /// The input each digest named after its file came from (see
    /// [`Imported::digest_named_after_file`]), by slug.
    digests_named_after_files: HashMap<String, PathBuf>,
    /// Differences already reported, as (file, field): a history repeats them.
    reported: HashSet<(PathBuf, String)>,
    /// How many inputs of each kind, in the order they first came.
    sources: Vec<(&'static str, usize)>,
    errors: Diagnostics,
    warnings: Diagnostics,
}

impl<'a> ImportSession<'a> {
    /// The site's languages, for merging texts written as plain strings.
    fn text_languages(&self) -> merge::TextLanguages<'a> {
        merge::TextLanguages {
            source: &self.config.source_language,
            all: &self.config.languages,
        }
    }

    /// Reads the site's content once.
    pub fn new(config: &'a SiteConfig, force: bool) -> Self {
        let (site, load_errors) = load_content(config);
        let paper_on_disk = site
            .papers
            .iter()
            .enumerate()
            .map(|(i, d)| (d.front.id.clone(), i))
            .collect();
        let mut paper_on_disk_by_arxiv = HashMap::new();
        for (i, doc) in site.papers.iter().enumerate() {
            if let Some(arxiv) = doc.front.arxiv.as_ref().filter(|a| !a.id.is_empty()) {
                // By the canonical id: a file an older import named after
                // `math.GT/0309136` holds the paper `math/0309136`.
                paper_on_disk_by_arxiv
                    .entry(crate::arxiv::canonical_id(&arxiv.id))
                    .or_insert(i);
            }
        }
        let digest_on_disk = site
            .digests
            .iter()
            .enumerate()
            .map(|(i, d)| (d.stem.clone(), i))
            .collect();
        ImportSession {
            config,
            force,
            site,
            load_errors,
            paper_on_disk,
            paper_on_disk_by_arxiv,
            site_ids: HashMap::new(),
            digest_on_disk,
            papers: Table::default(),
            digests: Table::default(),
            digests_named_after_files: HashMap::new(),
            reported: HashSet::new(),
            sources: Vec::new(),
            errors: Diagnostics::new(),
            warnings: Diagnostics::new(),
        }
    }

    /// Records an input that could not be read: the import goes on collecting problems,
    /// and [`finish`](Self::finish) fails.
    pub fn fail(&mut self, problems: Diagnostics) {
        self.errors.extend(problems);
    }

    /// Reports something about an input that is no reason to stop.
    pub fn warn(&mut self, warning: Diagnostic) {
        self.warnings.push(warning);
    }

    /// Merges one input into the plan.
    pub fn add(&mut self, imported: Imported) {
        let describe = imported.kind.describe();
        match self.sources.iter_mut().find(|(k, _)| *k == describe) {
            Some((_, n)) => *n += 1,
            None => self.sources.push((describe, 1)),
        }
        self.add_uncounted(imported);
    }

    /// Merges into the plan an input that is part of one already counted (the papers of a
    /// version a history's day replaced).
    pub fn add_uncounted(&mut self, imported: Imported) {
        let Imported {
            kind: _,
            papers,
            digest,
            digest_named_after_file,
            warnings,
            source,
            text,
            plain_texts_in,
        } = imported;
        self.warnings.extend(warnings);
        // Texts written as plain strings in a site of another source language are that
        // language's, not this site's.
        let mut papers = papers;
        if let Some(language) = plain_texts_in.filter(|l| *l != self.config.source_language) {
            for paper in &mut papers {
                paper.front.file_plain_texts_under(&language);
            }
        }
        let source = SourceFile {
            path: &source,
            text: &text,
        };
        for paper in papers {
            let id = paper.front.id.clone();
            self.add_paper(&source, paper.line, id, paper.front, paper.body);
        }
        if let Some((slug, mut front)) = digest {
            for id in &mut front.papers {
                if let Some(site_id) = self.site_ids.get(id) {
                    id.clone_from(site_id);
                }
            }
            if digest_named_after_file && !self.first_named_after_file(&source, &slug) {
                return;
            }
            // Keep only the site's languages in the generated title.
            if let crate::frontmatter::BilingualText::Map(entries) = &mut front.title {
                entries.retain(|(l, _)| self.config.languages.contains(l));
            }
            self.add_digest(&source, slug, front);
        }
    }

    fn add_paper(
        &mut self,
        source: &SourceFile<'_>,
        line: usize,
        id: String,
        mut front: PaperFrontMatter,
        body: String,
    ) {
        // The id names the file written (`content/papers/<id>.md`): one that is no slug
        // (`../../x`, a space) is refused where the input has it.
        if !crate::rules::is_slug(&id) {
            self.errors.push(
                source
                    .error(line, 1, format!("`{id}` is not a valid paper id"))
                    .with_hint(format!(
                        "an id is the URL of the paper's page: {}",
                        crate::rules::SLUG_RULE
                    )),
            );
            return;
        }
        let id = self.site_id_of(id, &mut front);
        let from = format!("{}:{line}", source.path.display());
        let languages = self.text_languages();
        if let Some(pending) = self.papers.get_mut(&id) {
            if pending.front == front {
                return;
            }
            if self.force {
                pending.front = front;
                pending.replaced = pending.existing.is_some();
                return;
            }
            match merge::merge(&pending.front, &front, languages) {
                Ok(merged) => {
                    pending.front = merged.merged;
                    if pending.existing.is_some() {
                        extend_unique(&mut pending.added, merged.added);
                    }
                    for diff in merged.differing {
                        if !self.reported.insert((pending.path.clone(), diff.dotted())) {
                            continue;
                        }
                        self.warnings.push(
                            source
                                .warning(
                                    line,
                                    1,
                                    format!(
                                        "`{}` of `{id}` differs from the value imported earlier; the first value is kept",
                                        diff.dotted()
                                    ),
                                )
                                .with_hint(format!(
                                    "{} has {}, this input has {}; import with --force to take the last input's value",
                                    pending.first_from, diff.existing, diff.imported
                                ))
                                .of_kind(WarningKind::ImportDifference),
                        );
                    }
                }
                Err(e) => {
                    self.errors
                        .push(source.error(line, 1, format!("cannot merge `{id}`: {e}")))
                }
            }
            return;
        }
        let on_disk = self.paper_on_disk.get(&id).copied();
        let pending = match on_disk {
            Some(i) => self.pending_from_disk(&self.site.papers[i], i, front, from),
            None => self
                .pending_new(&id, front, from, body.clone())
                .map(no_warnings),
        };
        if let Some(mut pending) = self.record(pending) {
            // An export's notes for a file on disk: added where the file has none, else
            // said not kept, not dropped without a word. A file's own notes are never
            // replaced, `--force` or not (it replaces the front matter).
            if let Some(i) = on_disk
                && !body.trim().is_empty()
            {
                let own = self.site.papers[i].body.trim();
                // `new`'s placeholder is no notes of the owner's.
                if own.is_empty() || own == crate::scaffold::SKELETON_BODY.trim() {
                    pending.new_body = body;
                    extend_unique(&mut pending.added, vec!["notes".to_string()]);
                } else if own != body.trim() {
                    self.warnings.push(
                        source
                            .warning(
                                line,
                                1,
                                format!("the notes imported for `{id}` differ from those of its file, which are kept"),
                            )
                            .with_hint(format!(
                                "{} has notes of its own, which import never replaces: copy what you want of the imported ones into it",
                                pending.path.display()
                            )),
                    );
                }
            }
            self.papers.insert(id, pending);
        }
    }

    /// The id the site has for an imported paper: its own, or that of the file the site
    /// holds the same arXiv paper in under another name (`my-ressa.md`), which the
    /// import then merges into, as `new` refuses a second file for one arXiv paper.
    fn site_id_of(&mut self, id: String, front: &mut PaperFrontMatter) -> String {
        if self.paper_on_disk.contains_key(&id) {
            return id;
        }
        let on_disk = front
            .arxiv
            .as_ref()
            .and_then(|a| self.paper_on_disk_by_arxiv.get(&a.id));
        let Some(&i) = on_disk else {
            return id;
        };
        let site_id = self.site.papers[i].front.id.clone();
        front.id.clone_from(&site_id);
        self.site_ids.insert(id, site_id.clone());
        site_id
    }

    /// Whether `source`, a digest named `slug` after its file, is the first input to be
    /// named so (or that input again); if another was, two sources of one day (a folder
    /// per category, `cs.AI/2024-04-04.md` and `cs.CL/2024-04-04.md`) would have become one
    /// digest without a word, and the input is refused.
    fn first_named_after_file(&mut self, source: &SourceFile<'_>, slug: &str) -> bool {
        let Some(first) = self.digests_named_after_files.get(slug) else {
            self.digests_named_after_files
                .insert(slug.to_string(), source.path.to_path_buf());
            return true;
        };
        if first == source.path {
            return true;
        }
        let folder = source.path.parent().filter(|p| !p.as_os_str().is_empty());
        let name = folder
            .and_then(|f| f.file_name())
            .map_or("NAME".into(), |n| n.to_string_lossy());
        let folder = folder.map_or(".".into(), |f| f.display().to_string());
        self.errors.push(
            Diagnostic::file_error(
                source.path,
                format!(
                    "this file and {} would both become the digest `{slug}`",
                    first.display()
                ),
            )
            .with_hint(format!(
                "their names give the same date and name, so two sources would be merged into one digest; import each folder with a name of its own (`digest-site import {folder} --name {name}`), or rename the files (`{slug}_{name}.md`)"
            )),
        );
        false
    }

    fn add_digest(&mut self, source: &SourceFile<'_>, slug: String, front: DigestFrontMatter) {
        let from = source.path.display().to_string();
        if let Some(pending) = self.digests.get_mut(&slug) {
            if self.force {
                pending.front = front;
                pending.replaced = pending.existing.is_some();
            } else {
                let gained = extend_unique(&mut pending.front.papers, front.papers);
                if gained > 0 && pending.existing.is_some() {
                    extend_unique(&mut pending.added, vec!["papers".to_string()]);
                }
            }
            return;
        }
        let pending = match self.digest_on_disk.get(&slug).copied() {
            Some(i) if self.force => self.pending_from_disk(&self.site.digests[i], i, front, from),
            Some(i) => {
                let doc = &self.site.digests[i];
                // The title and date import writes are defaults, not data: the file's own
                // win without a word. The papers it lacks are added.
                let mut merged = doc.front.clone();
                let mut added = Vec::new();
                if merged.date.is_none() {
                    merged.date = front.date.clone();
                    added.push("date".to_string());
                }
                if merged.title.is_empty() {
                    merged.title = front.title.clone();
                    added.push("title".to_string());
                }
                if extend_unique(&mut merged.papers, front.papers) > 0 {
                    added.push("papers".to_string());
                }
                Ok(no_warnings(Pending {
                    path: doc.path.clone(),
                    existing: Some(i),
                    front: merged,
                    added,
                    replaced: false,
                    first_from: from,
                    new_body: String::new(),
                }))
            }
            None => self
                .pending_new(&slug, front, from, String::new())
                .map(no_warnings),
        };
        if let Some(pending) = self.record(pending) {
            self.digests.insert(slug, pending);
        }
    }

    /// Keeps the warnings (or errors) of a file met for the first time.
    fn record<T>(&mut self, pending: Result<FromDisk<T>, Diagnostics>) -> Option<Pending<T>> {
        match pending {
            Ok((pending, warnings, reported)) => {
                self.warnings.extend(warnings);
                self.reported.extend(reported);
                Some(pending)
            }
            Err(problems) => {
                self.errors.extend(problems);
                None
            }
        }
    }

    /// The first import of a file that exists: merged into it (or replacing it).
    fn pending_from_disk<T: Planned>(
        &self,
        doc: &Document<T>,
        index: usize,
        front: T,
        from: String,
    ) -> Result<FromDisk<T>, Diagnostics> {
        if self.force {
            let pending = Pending {
                path: doc.path.clone(),
                existing: Some(index),
                front,
                added: Vec::new(),
                replaced: true,
                first_from: from,
                new_body: String::new(),
            };
            return Ok((pending, Diagnostics::new(), Vec::new()));
        }
        if doc.front == front {
            // Imported as the file has it: nothing to merge (an import repeated).
            return Ok(no_warnings(Pending {
                path: doc.path.clone(),
                existing: Some(index),
                front,
                added: Vec::new(),
                replaced: false,
                first_from: from,
                new_body: String::new(),
            }));
        }
        let placeholders = T::placeholders(self.config, doc);
        let merged = merge::merge_filling(&doc.front, &front, self.text_languages(), &placeholders)
            .map_err(|e| Diagnostic::file_error(&doc.path, format!("cannot merge: {e}")))?;
        let mut warnings = Diagnostics::new();
        for diff in &merged.differing {
            if self.reported.contains(&(doc.path.clone(), diff.dotted())) {
                continue;
            }
            let key: Vec<&str> = diff.key.iter().map(String::as_str).collect();
            let pos = match key.as_slice() {
                [top] => crate::locate::top_level_key(&doc.front_yaml, top),
                [parent, child, ..] => crate::locate::nested_key(&doc.front_yaml, parent, child),
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
            d.severity = Severity::Warning;
            warnings.push(
                d.with_hint(format!(
                    "the file has {}, the import has {}; import with --force to take the imported version",
                    diff.existing, diff.imported
                ))
                .of_kind(WarningKind::ImportDifference),
            );
        }
        // In the order of the file's lines (the texts are merged before `generated:`).
        warnings.sort();
        let reported = merged
            .differing
            .iter()
            .map(|diff| (doc.path.clone(), diff.dotted()))
            .collect();
        Ok((
            Pending {
                path: doc.path.clone(),
                existing: Some(index),
                front: merged.merged,
                added: merged.added,
                replaced: false,
                first_from: from,
                new_body: String::new(),
            },
            warnings,
            reported,
        ))
    }

    /// The first import of a file that does not exist yet.
    fn pending_new<T: Planned>(
        &self,
        name: &str,
        front: T,
        from: String,
        new_body: String,
    ) -> Result<Pending<T>, Diagnostics> {
        let path = content_path(T::FOLDER, name);
        // A file at the target path that did not load (or holds another id) must not
        // be overwritten.
        if let Some(problem) = self.load_errors.errors().find(|d| d.path == path) {
            let mut d = problem.clone();
            d.hint = Some(
                format!(
                    "{}; fix this file first: import does not overwrite a file it cannot read",
                    d.hint.unwrap_or_default()
                )
                .trim_start_matches("; ")
                .to_string()
                .into(),
            );
            return Err(d.into());
        }
        if self.config.root.join(&path).exists() {
            return Err(
                Diagnostic::file_error(&path, "the file exists but holds another paper")
                    .with_hint(
                        "rename the file after the id it holds, or move it away, then import again",
                    )
                    .into(),
            );
        }
        Ok(Pending {
            path,
            existing: None,
            front,
            added: Vec::new(),
            replaced: false,
            first_from: from,
            new_body,
        })
    }

    /// Checks every file the import would write and returns the plan, or every problem.
    pub fn finish(self) -> Result<ImportPlan, Diagnostics> {
        let ImportSession {
            config,
            site,
            papers,
            digests,
            sources,
            mut errors,
            warnings,
            ..
        } = self;
        let (papers, digests) = (papers.files, digests.files);
        let mut files = Vec::with_capacity(papers.len() + digests.len());
        for planned in papers
            .par_iter()
            .map(|p| plan_file(config, &site.papers, p))
            .collect::<Vec<_>>()
            .into_iter()
            .chain(
                digests
                    .par_iter()
                    .map(|p| plan_file(config, &site.digests, p))
                    .collect::<Vec<_>>(),
            )
        {
            match planned {
                Ok(file) => files.push(file),
                Err(problems) => errors.extend(problems),
            }
        }
        if errors.has_errors() {
            errors.sort();
            return Err(errors);
        }
        Ok(ImportPlan {
            sources,
            files,
            warnings,
        })
    }
}

fn no_warnings<T>(pending: Pending<T>) -> FromDisk<T> {
    (pending, Diagnostics::new(), Vec::new())
}

/// Appends the items of `more` that `list` lacks; returns how many.
fn extend_unique(list: &mut Vec<String>, more: Vec<String>) -> usize {
    let mut seen: HashSet<String> = list.iter().cloned().collect();
    let before = list.len();
    list.extend(more.into_iter().filter(|item| seen.insert(item.clone())));
    list.len() - before
}

/// The text of one pending file, its action, and the check that it reads back.
fn plan_file<T: Planned>(
    config: &SiteConfig,
    on_disk: &[Document<T>],
    pending: &Pending<T>,
) -> Result<PlannedFile, Diagnostics> {
    let existing = pending.existing.map(|i| &on_disk[i]);
    if existing.is_some() && !pending.replaced && pending.added.is_empty() {
        // Merged without gaining a field: the file stays as it is (the common case of an
        // import repeated, not worth writing out).
        return Ok(PlannedFile {
            path: pending.path.clone(),
            action: FileAction::Unchanged,
            contents: String::new(),
        });
    }
    // A file's own notes, unless the import brings notes it takes (see `add_paper`).
    let body = match existing {
        Some(doc) if pending.new_body.is_empty() => doc.body.as_str(),
        _ => pending.new_body.as_str(),
    };
    let contents = content_file(&pending.front, body);
    let action = match existing {
        None => FileAction::Create,
        Some(doc) if pending.replaced => {
            // Replaced unless the file already reads exactly as the import would write it.
            let file = std::fs::read_to_string(config.root.join(&doc.path)).unwrap_or_default();
            if file == contents {
                FileAction::Unchanged
            } else {
                FileAction::Replace
            }
        }
        Some(_) => FileAction::Update {
            added: pending.added.clone(),
        },
    };
    if action != FileAction::Unchanged {
        // Whatever is written must read back as the same value and pass the checks.
        let doc: Document<T> = parse_document(&pending.path, &contents)?;
        let problems = T::check(config, &doc);
        if problems.has_errors() {
            // Placed in the file not yet written: the message says so, and which input
            // line it comes from.
            let mut errors = Diagnostics::new();
            for mut problem in problems.iter().filter(|d| d.is_error()).cloned() {
                problem.message = format!(
                    "{} (in the file this import would write, from {})",
                    problem.message, pending.first_from
                );
                errors.push(problem);
            }
            return Err(errors);
        }
        if doc.front != pending.front
            && !crate::content_file::reads_back_as(&doc.front, &pending.front)
        {
            return Err(Diagnostic::file_error(
                &pending.path,
                "the written front matter would not read back unchanged",
            )
            .into());
        }
    }
    Ok(PlannedFile {
        path: pending.path.clone(),
        action,
        contents,
    })
}
