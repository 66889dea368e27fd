//! The search bundle while serving: the index of the papers, rebuilt in the background
//! after changes and served beside the site.
//!
//! Indexing never delays a rebuild: it runs on its own thread once the site has been
//! quiet for [`QUIET`], and the previous bundle is served meanwhile (a search may miss the
//! latest edit for a moment). The bundle is the one `build` writes for the same papers.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

use axum::body::Bytes;
use digest_core::search::{SearchDoc, build_index};

use crate::store::SiteStore;

/// How long the site must stay unchanged before it is indexed.
pub const QUIET: Duration = Duration::from_millis(300);

/// The papers to index, oldest first.
pub struct SearchJob {
    /// `search:` of `site.yaml`: without it the bundle is empty.
    pub enabled: bool,
    pub docs: Vec<Arc<SearchDoc>>,
}

/// Starts the indexing thread; it ends when every sender is gone.
pub fn spawn_search_indexer(store: Arc<SiteStore>) -> std::io::Result<Sender<SearchJob>> {
    let (jobs, receiver) = channel();
    std::thread::Builder::new()
        .name("digest-site search index".into())
        .spawn(move || run_indexer(&receiver, &store))?;
    Ok(jobs)
}

fn run_indexer(jobs: &Receiver<SearchJob>, store: &SiteStore) {
    while let Ok(mut job) = jobs.recv() {
        // Only the newest site is worth indexing.
        loop {
            match jobs.recv_timeout(QUIET) {
                Ok(newer) => job = newer,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        let files = if job.enabled {
            build_index(&job.docs)
                .into_iter()
                .map(|(path, bytes)| (path, Bytes::from(bytes)))
                .collect()
        } else {
            HashMap::new()
        };
        store.replace_search(Arc::new(files));
    }
}
