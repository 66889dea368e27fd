//! The served site: every file of one complete build in memory, kept up to date as the
//! sources change.
//!
//! An edit of existing papers that keeps the site's structure is applied in place
//! (`incremental`): the file is read again, checked as a full load checks it (validation,
//! lint, the links of its notes), and only the outputs that show the paper are rendered
//! again. Everything else (digests, pages, `site.yaml`, `static/`, added, renamed or
//! removed files, or any edit while the site is broken) runs the whole pipeline again,
//! into memory. Either way the result is exactly what `build` would write for the same
//! origin, it is refused where `build` refuses, and it replaces the last one only when it
//! is complete; on errors the last good site stays.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use rayon::prelude::*;

use super::incremental::{PaperEdit, reload_paper};
use super::sink::MemorySink;
use super::{BuildOptions, Destination, NoProgress, Written, render_into, run};
use crate::diagnostic::Diagnostics;
use crate::links::check_paper_links;
use crate::model::{Site, paths};
use crate::render::{HtmlCache, Output, Renderer};
use crate::search::{SearchDoc, SearchInput, build_bundle, build_bundle_over};
use crate::sources::ContentKind;
use crate::sources::Source;

/// Output path (`/`-separated, as render's `output_path` names it) to the file's bytes.
pub type Files = HashMap<String, Bytes>;

/// One complete build in memory.
///
/// The files of the last whole build are shared by every version made from it by edits:
/// an edit's version holds only the files rendered again since that build, so making it
/// costs the few files an edit renders, not a copy of a map of every file of the site
/// (at 100,000 papers, copying the map took most of the time from a save to its page).
#[derive(Debug, Clone, Default)]
pub struct SiteFiles {
    /// The path prefix the site lives under (`/` or `/repo/`).
    pub base_path: String,
    /// The files of the last whole build.
    whole: Arc<Files>,
    /// Files rendered again since, which replace those of `whole`.
    edited: Files,
    /// False while only the pages opened first are rendered (see
    /// [`MemorySite::rebuild_all_showing_first`]): a file missing from such a site may
    /// still come.
    complete: bool,
}

impl SiteFiles {
    /// The address `file` (a path in the site) is read at: `papers/x/index.html` of a
    /// site under `/repo/` at `/repo/papers/x/`.
    pub fn address_of(&self, file: &str) -> String {
        format!("{}{}", self.base_path, paths::served_at(file))
    }

    /// A site of `files`, living under `base_path`.
    pub fn new(base_path: String, files: Files) -> Self {
        SiteFiles {
            base_path,
            whole: Arc::new(files),
            edited: Files::new(),
            complete: true,
        }
    }

    /// Whether every file of the site is here (not only the pages opened first).
    pub fn is_complete(&self) -> bool {
        self.complete
    }

    /// This site, taken as complete: the files it lacks are missing.
    pub fn completed(&self) -> SiteFiles {
        SiteFiles {
            complete: true,
            ..self.clone()
        }
    }

    /// A site of its first pages only ([`MemorySite::rebuild_all_showing_first`]): more
    /// files are coming.
    pub fn first_pages(base_path: String, files: Files) -> Self {
        SiteFiles {
            complete: false,
            ..SiteFiles::new(base_path, files)
        }
    }

    /// A site with no files yet (the first build failed).
    pub fn empty() -> Self {
        SiteFiles::new("/".to_string(), Files::new())
    }

    /// The bytes of the file at `path` (an output path, `/`-separated).
    pub fn get(&self, path: &str) -> Option<&Bytes> {
        self.edited.get(path).or_else(|| self.whole.get(path))
    }

    pub fn contains(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    /// Every path of the site.
    fn paths(&self) -> impl Iterator<Item = &String> {
        let whole = &self.whole;
        whole
            .keys()
            .chain(self.edited.keys().filter(move |k| !whole.contains_key(*k)))
    }

    /// The paths whose bytes differ between this site and `newer`: changed, added or
    /// removed (what a whole rebuild changed, to reload only the pages that show it).
    pub fn changed_paths(&self, newer: &SiteFiles) -> Vec<String> {
        // A file rendered the same again is the same bytes (see `MemorySink`): no need to
        // compare them.
        let same = |a: Option<&Bytes>, b: Option<&Bytes>| match (a, b) {
            (Some(a), Some(b)) => (a.as_ptr() == b.as_ptr() && a.len() == b.len()) || a == b,
            (a, b) => a == b,
        };
        let mut changed: Vec<String> = newer
            .paths()
            .filter(|path| !same(self.get(path), newer.get(path)))
            .chain(self.paths().filter(|path| !newer.contains(path)))
            .cloned()
            .collect();
        changed.sort();
        changed
    }

    pub fn is_empty(&self) -> bool {
        self.whole.is_empty() && self.edited.is_empty()
    }

    /// This site with `rendered` replacing (or adding) files. The edits made since the
    /// whole build are folded into a new whole once they are a quarter of it, so a long
    /// session of edits never looks a file up in a large second map.
    fn with(&self, rendered: Files) -> SiteFiles {
        let mut edited = self.edited.clone();
        edited.extend(rendered);
        if edited.len() * 4 > self.whole.len() {
            let mut whole = (*self.whole).clone();
            whole.extend(edited);
            return SiteFiles::new(self.base_path.clone(), whole);
        }
        SiteFiles {
            base_path: self.base_path.clone(),
            whole: self.whole.clone(),
            edited,
            complete: self.complete,
        }
    }
}

/// What an update of the served site did.
#[derive(Debug)]
pub enum Update {
    Rebuilt {
        files: Arc<SiteFiles>,
        /// `None` for a full rebuild, else the outputs rendered again (paths in the site,
        /// `papers/2404.02424/index.html`).
        rerendered: Option<Vec<String>>,
        warnings: Diagnostics,
        elapsed: Duration,
    },
    /// The change does not change any output.
    Unchanged,
    Failed(Diagnostics),
}

/// The papers to index for search, oldest first; made on the caller's thread, built
/// wherever the caller likes (indexing must not delay the pages).
pub struct SearchJob {
    /// `search:` of `site.yaml`: without it the bundle is empty.
    enabled: bool,
    docs: Vec<Arc<SearchDoc>>,
}

impl SearchJob {
    /// The search bundle `build` writes for the same papers: (output path, bytes).
    pub fn bundle(&self) -> Vec<(String, Vec<u8>)> {
        if self.enabled {
            build_bundle(SearchInput::of_docs(&self.docs))
        } else {
            Vec::new()
        }
    }

    /// [`SearchJob::bundle`] over the bundle `previous` (the one served until now): every
    /// file of the bundle, those of segments whose papers did not change taken from
    /// `previous` as they are (so only the edited papers' segments are indexed again).
    pub fn bundle_over(&self, previous: &Files) -> Files {
        if !self.enabled {
            return Files::new();
        }
        let mut files = Files::new();
        let kept = build_bundle_over(
            SearchInput::of_docs(&self.docs),
            |path| previous.get(path).map(|b| b.to_vec()),
            |path| previous.contains_key(path),
            &mut |built| {
                files.extend(
                    built
                        .into_iter()
                        .map(|(path, bytes)| (path, Bytes::from(bytes))),
                )
            },
        );
        for path in kept {
            if let Some(bytes) = previous.get(&path) {
                files.insert(path, bytes.clone());
            }
        }
        files
    }
}

impl Current {
    /// Renders `outputs` over the current files; the paths whose bytes changed, sorted (a
    /// listing rendered again for an edit it does not show, an abstract on the home page,
    /// is the same file: its page need not reload).
    fn render_wave(&mut self, outputs: &[Output]) -> Result<Vec<String>, Diagnostics> {
        let sink = MemorySink::with_capacity(outputs.len(), None);
        let renderer = Renderer::new(&self.site, &self.cache);
        let tally = super::size::SizeTally::default();
        render_into(renderer, None, outputs, &sink, &NoProgress, &tally)?;
        let mut rendered = sink.into_files();
        rendered.retain(|path, bytes| self.files.get(path) != Some(&*bytes));
        let mut written: Vec<String> = rendered.keys().cloned().collect();
        written.sort_unstable();
        self.files = Arc::new(self.files.with(rendered));
        Ok(written)
    }
}

struct Current {
    site: Site,
    /// `base_url` as published: links to it are links into the site, as in `build` (the
    /// site itself is rendered for the server's origin).
    published_base_url: String,
    /// The HTML of the papers' texts, kept from one update to the next.
    cache: HtmlCache,
    files: Arc<SiteFiles>,
    /// The search documents of the papers, oldest first (the index's order); `None` where
    /// a paper changed since they were last made.
    search_docs: Vec<Option<Arc<SearchDoc>>>,
}

/// A site built into memory for a server, and kept up to date.
pub struct MemorySite {
    root: PathBuf,
    options: BuildOptions,
    origin: String,
    current: Option<Current>,
    /// Whether the last update failed (then only a full rebuild can tell it is fixed).
    failing: bool,
}

impl MemorySite {
    /// The site at `root`, to be rendered for `origin` (scheme, host and port, e.g.
    /// `http://127.0.0.1:1111`; the path of `base_url` is appended). Nothing is built
    /// before [`MemorySite::rebuild_all`].
    pub fn new(root: PathBuf, options: BuildOptions, origin: String) -> Self {
        MemorySite {
            root,
            options,
            origin,
            current: None,
            failing: false,
        }
    }

    /// Updates the site after `changes` (absolute paths and what they are to the site):
    /// in place when possible, else whole.
    pub fn update(&mut self, changes: &[(PathBuf, Source)]) -> Update {
        self.update_showing_first(changes, &|_| {})
    }

    /// [`update`](Self::update), giving `first` the edited papers' own pages as soon as
    /// they are rendered, when papers are edited in place and other pages show them too:
    /// a paper's page takes a fraction of a millisecond, while its digest's page and feed
    /// (a thousand papers on a large site) take most of a hundred. The site `first` gets
    /// is whole and consistent but for those listings, which the returned update brings.
    pub fn update_showing_first(
        &mut self,
        changes: &[(PathBuf, Source)],
        first: &dyn Fn(Update),
    ) -> Update {
        if let Some(papers) = self.edited_papers(changes)
            && let Some(update) = self.update_papers(&papers, first)
        {
            return update;
        }
        self.rebuild_all()
    }

    /// Runs the whole pipeline again, into memory.
    pub fn rebuild_all(&mut self) -> Update {
        self.rebuild(None)
    }

    /// [`rebuild_all`](Self::rebuild_all), giving `first` the pages a reader opens first
    /// (the home page, the assets, the page for a missing one) as an incomplete site as
    /// soon as they are rendered, when the site has loaded and passed its checks. A
    /// server starts answering with them while the rest renders: on a large site that is
    /// most of the start-up.
    pub fn rebuild_all_showing_first(&mut self, first: &dyn Fn(Arc<SiteFiles>)) -> Update {
        self.rebuild(Some(first))
    }

    fn rebuild(&mut self, first: Option<&dyn Fn(Arc<SiteFiles>)>) -> Update {
        let start = Instant::now();
        // The site served until now: its model is let go before the new one is read (two
        // models of a large site at once were the server's peak), its files are kept to
        // share the bytes of every file rendered the same again.
        let previous = self.current.take().map(|current| current.files);
        let early = |base_path: &str, files: &Files| {
            if let Some(first) = first {
                first(Arc::new(SiteFiles::first_pages(
                    base_path.to_string(),
                    files.clone(),
                )));
            }
        };
        let destination = Destination::Memory {
            origin: &self.origin,
            first: first.map(|_| &early as &dyn Fn(&str, &Files)),
            previous: previous.as_deref(),
        };
        let built = match run(&self.root, &self.options, destination, &NoProgress) {
            Ok(built) => built,
            Err(diags) => {
                self.failing = true;
                return Update::Failed(diags);
            }
        };
        let Written::Memory(files) = built.written else {
            unreachable!("a build into memory gives its files")
        };
        let files = Arc::new(SiteFiles::new(built.site.config.base_path.clone(), files));
        self.current = Some(Current {
            search_docs: vec![None; built.site.papers.len()],
            site: built.site,
            published_base_url: built.published_base_url,
            cache: built.cache,
            files: files.clone(),
        });
        self.failing = false;
        Update::Rebuilt {
            files,
            rerendered: None,
            warnings: built.warnings,
            elapsed: start.elapsed(),
        }
    }

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

    /// The changed files when they are all existing papers of a healthy site.
    fn edited_papers(&self, changes: &[(PathBuf, Source)]) -> Option<Vec<PathBuf>> {
        if self.failing || self.current.is_none() {
            return None;
        }
        changes
            .iter()
            .map(|(path, source)| {
                (*source == Source::Content(ContentKind::Paper) && path.is_file())
                    .then(|| path.clone())
            })
            .collect()
    }

    /// Applies paper edits in place; `None` when one of them needs a full rebuild.
    fn update_papers(&mut self, papers: &[PathBuf], first: &dyn Fn(Update)) -> Option<Update> {
        let start = Instant::now();
        let drafts = self.options.drafts;
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
                    let files = &current.files;
                    let mut broken = check_paper_links(
                        &current.site,
                        paper,
                        &current.published_base_url,
                        &|file| files.contains(file),
                    );
                    if broken.has_errors() {
                        // The model holds the edit already; the next change rebuilds
                        // everything from the files.
                        self.failing = true;
                        broken.sort();
                        return Some(Update::Failed(broken));
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
                    return Some(Update::Failed(diags));
                }
            }
        }
        if outputs.is_empty() {
            return Some(Update::Unchanged);
        }
        let (own, listings): (Vec<Output>, Vec<Output>) = outputs
            .into_iter()
            .partition(|output| matches!(output, Output::Paper(_)));
        let mut waves = vec![own, listings];
        waves.retain(|wave| !wave.is_empty());
        let last = waves.len().checked_sub(1)?;
        for (number, wave) in waves.iter().enumerate() {
            let rendered = match current.render_wave(wave) {
                Ok(rendered) => rendered,
                Err(diags) => {
                    self.failing = true;
                    return Some(Update::Failed(diags));
                }
            };
            let update = Update::Rebuilt {
                files: current.files.clone(),
                rerendered: Some(rendered),
                // The edit's warnings, once, with the update that completes it.
                warnings: if number == last {
                    std::mem::take(&mut warnings)
                } else {
                    Diagnostics::new()
                },
                elapsed: start.elapsed(),
            };
            if number == last {
                return Some(update);
            }
            first(update);
        }
        // Not reached: some output changed, so there is a last wave (`None` would rebuild
        // the whole site).
        None
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Mutex;

    use super::*;

    /// The repository's own site: the seed digest.
    fn seed_site() -> MemorySite {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        MemorySite::new(
            root,
            BuildOptions::default(),
            "http://127.0.0.1:1111".to_string(),
        )
    }

    fn files_of(update: Update) -> Arc<SiteFiles> {
        match update {
            Update::Rebuilt { files, .. } => files,
            other => panic!("not built: {other:?}"),
        }
    }

    #[test]
    fn the_first_pages_come_first_and_the_whole_site_is_the_same() {
        let first = Mutex::new(Vec::new());
        let whole = files_of(seed_site().rebuild_all_showing_first(&|pages| {
            first.lock().unwrap().push(pages);
        }));
        let first = first.into_inner().unwrap();
        assert_eq!(first.len(), 1, "told once");
        let pages = &first[0];
        assert!(!pages.is_complete());
        assert!(pages.get("index.html").is_some(), "the home page");
        assert!(pages.get("404.html").is_some());
        assert!(
            pages.whole.keys().any(|p| p.starts_with("assets/")),
            "the theme's assets"
        );
        assert!(
            pages.get("papers/2404.02424/index.html").is_none(),
            "a paper page is not among the first"
        );
        for (path, bytes) in pages.whole.iter() {
            assert_eq!(whole.get(path), Some(bytes), "{path} changed afterwards");
        }

        assert!(whole.is_complete());
        let plain = files_of(seed_site().rebuild_all());
        assert_eq!(*whole.whole, *plain.whole, "the same site as rebuild_all");
    }

    /// A whole rebuild keeps, for every file rendered the same again, the bytes already
    /// served (one copy of the site in memory, not two), and lets go of the model it
    /// served before reading the site again.
    #[test]
    fn a_whole_rebuild_shares_the_bytes_of_files_that_did_not_change() {
        let mut site = seed_site();
        let before = files_of(site.rebuild_all());
        let after = files_of(site.rebuild_all());
        assert_eq!(*before.whole, *after.whole);
        for (path, bytes) in before.whole.iter() {
            let again = after.get(path).unwrap();
            assert_eq!(bytes.as_ptr(), again.as_ptr(), "{path} is a second copy");
        }
        assert!(before.changed_paths(&after).is_empty());
    }

    #[test]
    fn an_edited_paper_page_comes_before_its_listings() {
        let dir = tempfile::tempdir().unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        for entry in walkdir::WalkDir::new(root.join("content"))
            .into_iter()
            .flatten()
        {
            let to = dir.path().join(entry.path().strip_prefix(&root).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        std::fs::copy(root.join("site.yaml"), dir.path().join("site.yaml")).unwrap();
        let mut site = MemorySite::new(
            dir.path().to_path_buf(),
            BuildOptions::default(),
            "http://127.0.0.1:1111".to_string(),
        );
        files_of(site.rebuild_all());
        let paper = dir.path().join("content/papers/2404.02424.md");
        let text = std::fs::read_to_string(&paper).unwrap();
        std::fs::write(
            &paper,
            text.replacen("summary:\n  zh: ", "summary:\n  zh: 新", 1),
        )
        .unwrap();

        let first = Mutex::new(Vec::new());
        let update = site.update_showing_first(
            &[(paper.clone(), Source::Content(ContentKind::Paper))],
            &|update| first.lock().unwrap().push(update),
        );
        let first = first.into_inner().unwrap();
        let [
            Update::Rebuilt {
                rerendered: Some(own),
                files: early,
                ..
            },
        ] = &first[..]
        else {
            panic!("one early update: {first:?}");
        };
        assert_eq!(own, &["papers/2404.02424/index.html"]);
        let page = early.get("papers/2404.02424/index.html").unwrap();
        assert!(String::from_utf8_lossy(page).contains("新"));
        let Update::Rebuilt {
            rerendered: Some(listings),
            files,
            ..
        } = update
        else {
            panic!("an update in place: {update:?}");
        };
        assert!(
            listings.contains(&"digests/2024-04-04/index.html".to_string()),
            "{listings:?}"
        );
        assert!(!listings.contains(&"papers/2404.02424/index.html".to_string()));
        // The same site as a whole rebuild.
        let whole = files_of(site.rebuild_all());
        for (path, bytes) in whole.whole.iter() {
            assert_eq!(files.get(path), Some(bytes), "{path}");
        }
    }

    #[test]
    fn edits_are_laid_over_the_whole_build() {
        let a = |s: &'static str| Bytes::from_static(s.as_bytes());
        let site = SiteFiles::new(
            "/".to_string(),
            (0..8).map(|i| (format!("p{i}"), a("old"))).collect(),
        );
        let edited = site.with([("p1".to_string(), a("new"))].into());
        assert_eq!(edited.get("p1"), Some(&a("new")));
        assert_eq!(edited.get("p2"), Some(&a("old")));
        assert!(
            Arc::ptr_eq(&site.whole, &edited.whole),
            "the whole build is shared"
        );
        assert_eq!(site.get("p1"), Some(&a("old")), "the older version is kept");

        // Past a quarter of the site, the edits are folded into a new whole.
        let folded =
            edited.with([("p2".to_string(), a("new")), ("p9".to_string(), a("added"))].into());
        assert!(folded.edited.is_empty());
        assert_eq!(folded.get("p1"), Some(&a("new")));
        assert_eq!(folded.get("p9"), Some(&a("added")));
        assert_eq!(folded.whole.len(), 9);
    }
}
