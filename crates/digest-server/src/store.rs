//! The site being served: every file of one complete build, in memory, replaced whole.
//!
//! Requests read the current [`BuiltSite`] through an `Arc`; a rebuild prepares the next
//! one on the side and swaps the pointer, so a request sees either the old site or the
//! new one, never a mix, and never waits for a rebuild.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use axum::body::Bytes;

/// One complete build: output path (`/`-separated, as `render::output_path` names it) to
/// the file's bytes.
#[derive(Debug, Clone, Default)]
pub struct BuiltSite {
    /// The path prefix the site lives under (`/` or `/repo/`).
    pub base_path: String,
    pub files: Files,
}

impl BuiltSite {
    /// A site with no files yet (the first build failed): every request gets a page that
    /// shows the errors.
    pub fn empty() -> Self {
        BuiltSite {
            base_path: "/".to_string(),
            files: HashMap::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// Output path to bytes.
pub type Files = HashMap<String, Bytes>;

/// The currently served site, and the search bundle beside it (indexed in the background,
/// so it is replaced on its own).
#[derive(Debug, Default)]
pub struct SiteStore {
    current: RwLock<Arc<BuiltSite>>,
    search: RwLock<Arc<Files>>,
}

impl SiteStore {
    pub fn new(site: Arc<BuiltSite>) -> Self {
        SiteStore {
            current: RwLock::new(site),
            search: RwLock::new(Arc::new(Files::new())),
        }
    }

    /// The site as it is now; it stays valid however long the caller holds it.
    pub fn current(&self) -> Arc<BuiltSite> {
        // A poisoned lock only means a writer panicked between two whole values.
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Serves `site` from now on.
    pub fn replace(&self, site: Arc<BuiltSite>) {
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = site;
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
    }
}
