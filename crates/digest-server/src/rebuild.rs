//! Rebuilding: turning each batch of changed files into the next served site.
//!
//! The site itself is [`digest_core::pipeline::MemorySite`]'s to update: in place for an
//! edit of papers, by the whole pipeline otherwise, with every check `build` makes. This
//! module batches the changes of one save, publishes each result (the served files, the
//! pages' live reload, the terminal) and has the search index follow.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use digest_core::Diagnostics;
use digest_core::pipeline::{MemorySite, SearchJob, SiteFiles, Update};

use crate::live_reload::LiveReload;
use crate::overlay::Overlay;
use crate::store::SiteStore;
use crate::watch::ChangeSet;

/// How long to wait for the rest of a save after a file disappeared or was left empty:
/// editors that save by moving the old file away and writing a new one, or by truncating
/// it and writing it (on a slow disk, a network file system: 50 ms apart was seen), must
/// not flash a "page gone" or "no front matter" rebuild. A save that writes the file
/// whole is not delayed.
const MISSING_FILE_GRACE: Duration = Duration::from_millis(150);

/// How long after a save whose files do not read the rest of it may still come: a file
/// written in two steps (a slow or network disk, `scp`, a tool that writes as it goes: 100
/// ms apart was seen) reads as broken between them. Its errors are shown only once the
/// file has been quiet this long, and a save that builds is not delayed at all.
const UNFINISHED_SAVE_GRACE: Duration = Duration::from_millis(300);

/// Where rebuilds are reported on the terminal.
#[derive(Debug, Clone, Copy)]
pub struct Terminal {
    /// Errors only.
    pub quiet: bool,
    pub color: bool,
    /// Every warning; otherwise [`WARNINGS_OF_A_KIND`] of each kind and the count of the
    /// rest ([`Diagnostics::render_brief`]).
    pub every_warning: bool,
}

/// The warnings of one kind shown in full before the rest are counted, when a site has
/// thousands of them (an archive whose abstracts a tool cut short).
pub const WARNINGS_OF_A_KIND: usize = 10;

/// Writes `text` to standard error as it is. A reader that has gone (`2>&1 | head`) is no
/// error of the program's: `eprint!` would panic there, this says nothing.
pub fn to_stderr(text: &str) {
    use std::io::Write as _;
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

impl Terminal {
    /// Prints diagnostics; when quiet, the errors among them only.
    pub fn diagnostics(&self, diags: &Diagnostics) {
        to_stderr(&self.rendered(diags));
    }

    /// What [`Terminal::diagnostics`] prints.
    fn rendered(&self, diags: &Diagnostics) -> String {
        let errors;
        let shown = if self.quiet {
            errors = diags.without_warnings();
            &errors
        } else {
            diags
        };
        if shown.is_empty() {
            String::new()
        } else if self.every_warning {
            shown.render_at_most(self.color, usize::MAX, crate::overlay::SHOWN_ERRORS)
        } else {
            shown.render_at_most(self.color, WARNINGS_OF_A_KIND, crate::overlay::SHOWN_ERRORS)
        }
    }

    pub fn line(&self, text: &str) {
        if !self.quiet {
            to_stderr(&format!("{text}\n"));
        }
    }
}

/// Where an outcome is published.
pub struct Publisher<'a> {
    pub store: &'a SiteStore,
    pub live: &'a LiveReload,
    pub search: &'a Sender<SearchJob>,
    pub terminal: Terminal,
    /// The server's scheme, host and port (`http://127.0.0.1:1111`), for the line that
    /// says where the site is served when its base path changes.
    pub origin: String,
    /// The warnings printed after the last rebuild, as printed: the same again after an
    /// edit are counted in a line, not printed again (a site of cut abstracts has
    /// hundreds of lines of them).
    pub last_warnings: std::cell::RefCell<String>,
}

impl Publisher<'_> {
    /// Prints a rebuild's warnings, or one line when they are those a whole rebuild
    /// printed last. An edit in place (`whole` false) prints the warnings of the files
    /// edited, which say how the edit went, and leaves what the site's were as it was.
    fn warnings(&self, warnings: &Diagnostics, whole: bool) {
        let shown = self.terminal.rendered(warnings);
        if !whole {
            to_stderr(&shown);
            return;
        }
        let mut last = self.last_warnings.borrow_mut();
        if !shown.is_empty() && shown == *last {
            self.terminal.line(&format!(
                "{} warning{}, as before",
                warnings.warning_count(),
                if warnings.warning_count() == 1 {
                    ""
                } else {
                    "s"
                }
            ));
            return;
        }
        to_stderr(&shown);
        *last = shown;
    }
}

/// Whether a changed file is one no page loads as it is shown: a page (reloaded itself),
/// a feed, a BibTeX file, the sitemap, `robots.txt`, the search index (fetched for a
/// query, not at load) or the record of the files.
fn loaded_by_no_page(path: &str) -> bool {
    path.ends_with(".html")
        || [".xml", ".bib", ".txt"]
            .iter()
            .any(|ext| path.ends_with(ext))
        || path.starts_with("search/")
        || path == ".digest-site-files"
}

/// Publishes an update: swaps the served site, tells the pages, prints what happened.
/// Returns whether a new site went out (the search index must then follow it: see
/// [`index_for_search`]).
/// The stylesheets the site's pages link (read from its 404 page), without their
/// fingerprints (`?v=`).
fn stylesheets_of(site: &SiteFiles) -> Vec<String> {
    const LINK: &str = "<link rel=\"stylesheet\" href=\"";
    let Some(page) = site.get("404.html") else {
        return Vec::new();
    };
    let html = String::from_utf8_lossy(page);
    html.match_indices(LINK)
        .map(|(at, _)| {
            let href = &html[at + LINK.len()..];
            href[..href.find(['"', '?']).unwrap_or(href.len())].to_string()
        })
        .collect()
}

pub fn publish(update: Update, to: &Publisher<'_>, only_css: bool) -> bool {
    let terminal = to.terminal;
    match update {
        Update::Rebuilt {
            files,
            rerendered,
            warnings,
            elapsed,
        } => {
            // The whole first site after its first pages changes none of those pages:
            // the pages open need no reload.
            let completes_first = !to.store.current().is_complete();
            // The pages to reload: those rendered again, by their address. After a whole
            // rebuild (a save of site.yaml, a digest, a template), those whose bytes
            // changed: none for a save that changed nothing, every page when a file that
            // is no page changed (a script, the labels), which every page loads.
            let whole_changes = match (&rerendered, completes_first) {
                (None, false) => Some(to.store.current().changed_paths(&files)),
                _ => None,
            };
            if whole_changes.as_ref().is_some_and(Vec::is_empty) && !only_css {
                // Errors shown before (a file broken, then put back as it was) are fixed.
                to.live.clear_errors();
                to.warnings(&warnings, true);
                terminal.line(&format!(
                    "Rebuilt the site in {elapsed:.0?}: no page changed"
                ));
                return false;
            }
            // Reloading the pages that changed is enough unless a file every page loads
            // changed too (a script, a stylesheet, an image); feeds, BibTeX, the sitemap
            // and the search index are loaded by no page as it is shown.
            let pages = match (&rerendered, &whole_changes) {
                (Some(paths), _) => Some(paths.clone()),
                (None, Some(changed)) if changed.iter().all(|p| loaded_by_no_page(p)) => Some(
                    changed
                        .iter()
                        .filter(|p| p.ends_with(".html"))
                        .cloned()
                        .collect(),
                ),
                _ => None,
            }
            .map(|paths| {
                paths
                    .iter()
                    .map(|path| files.address_of(path))
                    .collect::<Vec<_>>()
            });
            // A stylesheet added or removed (`static/custom.css`) changes the links of every
            // page, which swapping the stylesheets a page has cannot show: it reloads.
            let only_css =
                only_css && stylesheets_of(&to.store.current()) == stylesheets_of(&files);
            // The site served at a new address, or served at all after a start that did
            // not build, whose address was announced without the site's path.
            let (moved, first_served) = {
                let current = to.store.current();
                let served = !current.is_empty();
                (
                    (served && current.base_path != files.base_path)
                        .then(|| format!("{}{}", to.origin, files.base_path)),
                    (!served && to.live.has_errors())
                        .then(|| format!("{}{}", to.origin, files.base_path)),
                )
            };
            let base = files.base_path.clone();
            let generation = to.store.replace(files);
            if let Some(url) = &moved {
                // Pages open at the old address are sent to the new one (see `http`).
                terminal.line(&format!("The site's path changed: serving it at {url}"));
            }
            if let Some(url) = &first_served {
                terminal.line(&format!("The site builds: serving it at {url}"));
            }
            if !completes_first {
                // Pages open at the old path are named by none of the new addresses: every
                // page reloads, and one at the old path is sent to the new (see `http`).
                let pages = if moved.is_some() { None } else { pages };
                to.live.site_changed(
                    generation,
                    &base,
                    only_css && moved.is_none(),
                    pages.as_deref(),
                );
            }
            to.warnings(&warnings, rerendered.is_none());
            match rerendered.map(|paths| paths.len()) {
                Some(n) => terminal.line(&format!(
                    "Updated {n} page{} in {:.1?}",
                    if n == 1 { "" } else { "s" },
                    elapsed
                )),
                None => terminal.line(&format!("Built the site in {elapsed:.0?}")),
            }
            true
        }
        Update::Unchanged => false,
        Update::Failed(diags) => {
            // A first site that failed after its first pages stays what is served, and
            // what it lacks is missing (no request keeps waiting for it).
            let current = to.store.current();
            if !current.is_complete() {
                to.store.replace(Arc::new(current.completed()));
            }
            terminal.diagnostics(&diags);
            terminal.line(if current.is_empty() {
                "Nothing is served until the site builds: every page shows these errors."
            } else {
                "The last good version of the site is still served."
            });
            to.live.show_errors(&Overlay::from_diagnostics(&diags));
            false
        }
    }
}

/// Has the search index follow the current site. Called after the pages are out: reading
/// the papers for the index must not delay them.
pub fn index_for_search(site: &mut MemorySite, to: &Publisher<'_>) {
    if let Some(job) = site.search_job() {
        let _ = to.search.send(job);
    }
}

/// Rebuilds on every batch of changes until the sender is gone (the server stopped).
/// `index_first`: the site published before has no search index yet.
pub fn run_rebuilds(
    mut site: MemorySite,
    changes: Receiver<ChangeSet>,
    to: &Publisher<'_>,
    index_first: bool,
) {
    if index_first {
        index_for_search(&mut site, to);
    }
    while let Ok(mut batch) = changes.recv() {
        // Everything that is already waiting belongs to the same rebuild.
        while let Ok(more) = changes.try_recv() {
            batch.merge(more);
        }
        if batch.has_missing_or_empty_files() {
            loop {
                match changes.recv_timeout(MISSING_FILE_GRACE) {
                    Ok(more) => batch.merge(more),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
        }
        let saved = Instant::now();
        let mut waited = false;
        loop {
            let only_css = batch.only_stylesheets();
            let files: Vec<_> = batch.files.clone().into_iter().collect();
            // The edited papers' own pages go out first, their listings after them.
            let update = site.update_showing_first(&files, &|first| {
                publish(first, to, only_css);
            });
            // Errors in the files just saved: the rest of the save may be on its way.
            if let Update::Failed(diags) = &update
                && !waited
                && errors_in(diags, &batch)
            {
                waited = true;
                let left = UNFINISHED_SAVE_GRACE.saturating_sub(saved.elapsed());
                match changes.recv_timeout(left) {
                    Ok(more) => {
                        batch.merge(more);
                        while let Ok(more) = changes.try_recv() {
                            batch.merge(more);
                        }
                        continue;
                    }
                    Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            if publish(update, to, only_css) {
                index_for_search(&mut site, to);
            }
            break;
        }
    }
}

/// Whether an error of `diags` is in a file of `batch` (whose paths are absolute, the
/// diagnostics' relative to the site).
fn errors_in(diags: &Diagnostics, batch: &ChangeSet) -> bool {
    diags.errors().any(|error| {
        !error.path.as_os_str().is_empty()
            && batch
                .files
                .keys()
                .any(|changed| changed.ends_with(&error.path))
    })
}
