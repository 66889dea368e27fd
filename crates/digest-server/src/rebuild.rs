//! Rebuilding: turning a batch of changed files into the next complete in-memory site.
//!
//! An edit of existing papers that keeps the site's structure is applied in place
//! ([`digest_core::incremental`]): the file is parsed again and only the outputs that show
//! the paper are rendered again. Everything else (digests, pages, `site.yaml`, `static/`,
//! added, renamed or removed files, or any edit while the site is broken) rebuilds the
//! whole site in memory. Either way the result is exactly what `build` would write, it is
//! refused where `build` refuses (including broken internal links, checked against
//! `site.yaml`'s `base_url` as `build` does), and it is published only when it is
//! complete; on errors the last good site stays.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use digest_core::incremental::{PaperEdit, reload_paper};
use digest_core::links::check_paper_links;
use digest_core::load::ContentKind;
use digest_core::pipeline::{
    BuildOptions, LoadedSite, check_links_at, load_site, load_site_config,
};
use digest_core::render::{HtmlCache, Output, Renderer, output_path, plan};
use digest_core::search::SearchDoc;
use digest_core::{Diagnostic, Diagnostics, Site};
use rayon::prelude::*;

use crate::live_reload::LiveReload;
use crate::overlay::Overlay;
use crate::search_index::SearchJob;
use crate::store::{BuiltSite, SiteStore};
use crate::watch::{ChangeSet, Source};

/// How long to wait for the rest of a save after a file disappeared: editors that save by
/// moving the old file away and writing a new one must not flash a "page gone" rebuild.
const MISSING_FILE_GRACE: Duration = Duration::from_millis(30);

/// What every rebuild needs to know.
#[derive(Debug, Clone)]
pub struct RebuildSettings {
    /// The site's folder, canonical.
    pub root: PathBuf,
    /// Scheme, host and port the site is served at (`http://127.0.0.1:1111`); the path of
    /// `site.yaml`'s `base_url` is appended to it.
    pub origin: String,
    pub drafts: bool,
}

/// How a rebuild went.
#[derive(Debug)]
pub enum Outcome {
    Rebuilt {
        site: Arc<BuiltSite>,
        /// `None` for a full rebuild, else the number of outputs rendered again.
        rerendered: Option<usize>,
        warnings: Diagnostics,
        elapsed: Duration,
    },
    /// The change does not change any output.
    Unchanged,
    Failed(Diagnostics),
}

struct CurrentSite {
    site: Site,
    /// `site.yaml`'s `base_url`: links to it are links into the site, as in `build`
    /// (the site itself is rendered for the server's origin).
    published_base_url: String,
    /// The HTML of the papers' texts, kept from one rebuild to the next.
    cache: HtmlCache,
    built: Arc<BuiltSite>,
    /// The search documents of the papers, oldest first (the index's order); `None` where
    /// a paper changed since they were last made.
    search_docs: Vec<Option<Arc<SearchDoc>>>,
}

/// The rebuilding state: the last good site, as a model and as files.
pub struct Rebuilder {
    settings: RebuildSettings,
    current: Option<CurrentSite>,
    /// Whether the last rebuild failed (then only a full rebuild can tell it is fixed).
    failing: bool,
}

impl Rebuilder {
    pub fn new(settings: RebuildSettings) -> Self {
        Rebuilder {
            settings,
            current: None,
            failing: false,
        }
    }

    /// Rebuilds after `changes`: in place when possible, else whole.
    pub fn apply(&mut self, changes: &ChangeSet) -> Outcome {
        if let Some(papers) = self.edited_papers(changes)
            && let Some(outcome) = self.rebuild_papers(&papers)
        {
            return outcome;
        }
        self.rebuild_all()
    }

    /// Loads and renders the whole site.
    pub fn rebuild_all(&mut self) -> Outcome {
        let start = Instant::now();
        match self.build_everything() {
            Ok((current, warnings)) => {
                let site = current.built.clone();
                self.current = Some(current);
                self.failing = false;
                Outcome::Rebuilt {
                    site,
                    rerendered: None,
                    warnings,
                    elapsed: start.elapsed(),
                }
            }
            Err(diags) => {
                self.failing = true;
                Outcome::Failed(diags)
            }
        }
    }

    fn build_everything(&self) -> Result<(CurrentSite, Diagnostics), Diagnostics> {
        let root = &self.settings.root;
        let config = load_site_config(root, &BuildOptions::default())?;
        let options = BuildOptions {
            base_url: Some(format!("{}{}", self.settings.origin, config.base_path)),
            output_dir: None,
            drafts: self.settings.drafts,
        };
        let LoadedSite {
            site,
            warnings,
            user_static,
        } = load_site(root, &options)?;
        let outputs = plan(&site, &user_static);
        // `build` refuses broken links before it renders; so does the server.
        check_links_at(&site, &outputs, &config.base_url)?;
        let cache = HtmlCache::new(&site);
        let files = render_outputs(Renderer::new(&site, &cache), &outputs)?
            .into_iter()
            .collect();
        let built = Arc::new(BuiltSite {
            base_path: site.config.base_path.clone(),
            files,
        });
        let search_docs = vec![None; site.papers.len()];
        Ok((
            CurrentSite {
                site,
                published_base_url: config.base_url,
                cache,
                built,
                search_docs,
            },
            warnings,
        ))
    }

    /// The changed files when they are all existing papers of a healthy site.
    fn edited_papers(&self, changes: &ChangeSet) -> Option<Vec<PathBuf>> {
        if self.failing || self.current.is_none() {
            return None;
        }
        changes
            .files
            .iter()
            .map(|(path, source)| {
                (*source == Source::Content(ContentKind::Paper) && path.is_file())
                    .then(|| path.clone())
            })
            .collect()
    }

    /// Applies paper edits in place; `None` when one of them needs a full rebuild.
    fn rebuild_papers(&mut self, papers: &[PathBuf]) -> Option<Outcome> {
        let start = Instant::now();
        let drafts = self.settings.drafts;
        let current = self.current.as_mut()?;
        let mut outputs: BTreeSet<Output> = BTreeSet::new();
        let mut warnings = Diagnostics::new();
        for path in papers {
            match reload_paper(&mut current.site, path, drafts) {
                Ok(PaperEdit::Updated {
                    paper,
                    outputs: touched,
                    warnings: w,
                }) => {
                    // The edit keeps the site's files and every other body, so the paper's
                    // own links are the only ones `build` could now refuse.
                    let files = &current.built.files;
                    let mut broken = check_paper_links(
                        &current.site,
                        paper,
                        &current.published_base_url,
                        &|file| files.contains_key(file),
                    );
                    if broken.has_errors() {
                        // The model holds the edit already; the next change rebuilds
                        // everything from the files.
                        self.failing = true;
                        broken.sort();
                        return Some(Outcome::Failed(broken));
                    }
                    let number = current.search_docs.len() - 1 - paper;
                    current.search_docs[number] = None;
                    current.cache.invalidate(paper);
                    outputs.extend(touched);
                    warnings.extend(w);
                }
                Ok(PaperEdit::Unchanged) => {}
                Ok(PaperEdit::NeedsFullRebuild) => return None,
                Err(diags) => {
                    // The model may hold earlier papers of this batch already; the next
                    // change rebuilds everything from the files.
                    self.failing = true;
                    return Some(Outcome::Failed(diags));
                }
            }
        }
        if outputs.is_empty() {
            return Some(Outcome::Unchanged);
        }
        let outputs: Vec<Output> = outputs.into_iter().collect();
        let renderer = Renderer::new(&current.site, &current.cache);
        let rendered = match render_outputs(renderer, &outputs) {
            Ok(r) => r,
            Err(diags) => {
                self.failing = true;
                return Some(Outcome::Failed(diags));
            }
        };
        let mut files = current.built.files.clone();
        files.extend(rendered);
        current.built = Arc::new(BuiltSite {
            base_path: current.built.base_path.clone(),
            files,
        });
        Some(Outcome::Rebuilt {
            site: current.built.clone(),
            rerendered: Some(outputs.len()),
            warnings,
            elapsed: start.elapsed(),
        })
    }
}

impl Rebuilder {
    /// What the search index of the current site is built from (papers changed since the
    /// last job are read again); `None` before the first good build.
    pub fn search_job(&mut self) -> Option<SearchJob> {
        let current = self.current.as_mut()?;
        let site = &current.site;
        let count = site.papers.len();
        current
            .search_docs
            .par_iter_mut()
            .enumerate()
            .filter(|(_, doc)| doc.is_none())
            .for_each(|(number, doc)| {
                *doc = Some(Arc::new(SearchDoc::of_paper(
                    site,
                    &site.papers[count - 1 - number],
                )));
            });
        Some(SearchJob {
            enabled: site.config.search,
            docs: current.search_docs.iter().flatten().cloned().collect(),
        })
    }
}

/// Renders `outputs` in parallel; every failure becomes a diagnostic.
fn render_outputs(
    renderer: Renderer<'_>,
    outputs: &[Output],
) -> Result<Vec<(String, Bytes)>, Diagnostics> {
    let results: Vec<Result<(String, Bytes), Diagnostic>> = outputs
        .par_iter()
        .map(|output| {
            let path = output_path(renderer.site(), output);
            match renderer.render(output) {
                Ok(bytes) => Ok((path, Bytes::from(bytes))),
                Err(e) => Err(Diagnostic::file_error(Path::new(&path), e.to_string())),
            }
        })
        .collect();
    let mut files = Vec::with_capacity(results.len());
    let mut errors = Diagnostics::new();
    for result in results {
        match result {
            Ok(file) => files.push(file),
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        errors.sort();
        Err(errors)
    }
}

/// Where rebuilds are reported on the terminal.
#[derive(Debug, Clone, Copy)]
pub struct Terminal {
    pub quiet: bool,
    pub color: bool,
}

impl Terminal {
    pub fn diagnostics(&self, diags: &Diagnostics) {
        if !self.quiet && !diags.is_empty() {
            eprint!("{}", diags.render(self.color));
        }
    }

    pub fn line(&self, text: &str) {
        if !self.quiet {
            eprintln!("{text}");
        }
    }
}

/// Where an outcome is published.
pub struct Publisher<'a> {
    pub store: &'a SiteStore,
    pub live: &'a LiveReload,
    pub search: &'a Sender<SearchJob>,
    pub terminal: Terminal,
}

/// Publishes an outcome: swaps the served site, tells the pages, has the search index
/// follow, prints what happened.
/// Returns whether a new site went out (the search index must then follow it: see
/// [`index_for_search`]).
pub fn publish(outcome: Outcome, to: &Publisher<'_>, only_css: bool) -> bool {
    let terminal = to.terminal;
    match outcome {
        Outcome::Rebuilt {
            site,
            rerendered,
            warnings,
            elapsed,
        } => {
            to.store.replace(site);
            to.live.site_changed(only_css);
            terminal.diagnostics(&warnings);
            match rerendered {
                Some(n) => terminal.line(&format!(
                    "Updated {n} page{} in {:.1?}",
                    if n == 1 { "" } else { "s" },
                    elapsed
                )),
                None => terminal.line(&format!("Built the site in {elapsed:.0?}")),
            }
            true
        }
        Outcome::Unchanged => false,
        Outcome::Failed(diags) => {
            terminal.diagnostics(&diags);
            terminal.line("The last good version of the site is still served.");
            to.live.show_errors(&Overlay::from_diagnostics(&diags));
            false
        }
    }
}

/// Has the search index follow the current site. Called after the pages are out: reading
/// the papers for the index must not delay them.
pub fn index_for_search(rebuilder: &mut Rebuilder, to: &Publisher<'_>) {
    if let Some(job) = rebuilder.search_job() {
        let _ = to.search.send(job);
    }
}

/// Rebuilds on every batch of changes until the sender is gone (the server stopped).
/// `index_first`: the site published before has no search index yet.
pub fn run_rebuilds(
    mut rebuilder: Rebuilder,
    changes: Receiver<ChangeSet>,
    to: &Publisher<'_>,
    index_first: bool,
) {
    if index_first {
        index_for_search(&mut rebuilder, to);
    }
    while let Ok(mut batch) = changes.recv() {
        // Everything that is already waiting belongs to the same rebuild.
        while let Ok(more) = changes.try_recv() {
            batch.merge(more);
        }
        if batch.has_missing_files() {
            loop {
                match changes.recv_timeout(MISSING_FILE_GRACE) {
                    Ok(more) => batch.merge(more),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
        }
        let only_css = batch.only_stylesheets();
        let outcome = rebuilder.apply(&batch);
        if publish(outcome, to, only_css) {
            index_for_search(&mut rebuilder, to);
        }
    }
}
