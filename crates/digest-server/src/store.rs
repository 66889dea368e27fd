//! The site being served: every file of one complete build, in memory, replaced whole.
//!
//! Requests read the current [`SiteFiles`] through an `Arc`; a rebuild prepares the next
//! one on the side and swaps the pointer, so a request sees either the old site or the
//! new one, never a mix, and never waits for a rebuild.
//!
//! The one exception is the start: the first site is served as soon as the pages a reader
//! opens first are rendered (an incomplete site, see [`SiteFiles::is_complete`]); a
//! request for a file that site does not have yet waits for the next one
//! ([`SiteStore::replaced`]).

use std::sync::{Arc, RwLock};

pub use digest_core::pipeline::{Files, SiteFiles};
use tokio::sync::watch;

/// The currently served site, and the search bundle beside it (indexed in the background,
/// so it is replaced on its own).
#[derive(Debug)]
pub struct SiteStore {
    /// The site, and its generation: how many sites were served before it (a page says
    /// which it was served from, see [`crate::live_reload`]).
    current: RwLock<(Arc<SiteFiles>, u64)>,
    /// The base paths of sites served before under another one (`base_url` changed in
    /// site.yaml while serving): a page open at one of them is sent to the new place.
    former_bases: RwLock<Vec<String>>,
    search: RwLock<Arc<Files>>,
    /// Told each time the site is replaced.
    replaced: watch::Sender<()>,
    /// Told each time the search bundle is replaced.
    search_replaced: watch::Sender<()>,
}

impl SiteStore {
    pub fn new(site: Arc<SiteFiles>) -> Self {
        SiteStore {
            current: RwLock::new((site, 0)),
            former_bases: RwLock::new(Vec::new()),
            search: RwLock::new(Arc::new(Files::new())),
            replaced: watch::Sender::new(()),
            search_replaced: watch::Sender::new(()),
        }
    }

    /// A receiver that is told of every site replaced after this call (subscribe before
    /// reading [`current`](Self::current), so that no replacement is missed).
    pub fn replaced(&self) -> watch::Receiver<()> {
        self.replaced.subscribe()
    }

    /// The site as it is now; it stays valid however long the caller holds it.
    pub fn current(&self) -> Arc<SiteFiles> {
        self.current_with_generation().0
    }

    /// The site as it is now, and its generation (read together: a page served from it
    /// is of that generation).
    pub fn current_with_generation(&self) -> (Arc<SiteFiles>, u64) {
        // A poisoned lock only means a writer panicked between two whole values.
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Serves `site` from now on; returns its generation.
    pub fn replace(&self, site: Arc<SiteFiles>) -> u64 {
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        let (served, generation) = &*current;
        if served.base_path != site.base_path && !served.is_empty() {
            let mut former = self.former_bases.write().unwrap_or_else(|e| e.into_inner());
            former.retain(|base| *base != served.base_path && *base != site.base_path);
            former.push(served.base_path.clone());
        }
        let generation = generation + 1;
        *current = (site, generation);
        drop(current);
        self.replaced.send_replace(());
        generation
    }

    /// The base paths served before the current one, most recent last.
    pub fn former_bases(&self) -> Vec<String> {
        self.former_bases
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The search bundle as it is now (empty until the first index is built).
    pub fn search(&self) -> Arc<Files> {
        self.search
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Serves `bundle` as the search bundle from now on.
    pub fn replace_search(&self, bundle: Arc<Files>) {
        *self.search.write().unwrap_or_else(|e| e.into_inner()) = bundle;
        self.search_replaced.send_replace(());
    }

    /// A receiver that is told of every search bundle replaced after this call.
    pub fn search_replaced(&self) -> watch::Receiver<()> {
        self.search_replaced.subscribe()
    }
}
