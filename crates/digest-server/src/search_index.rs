//! The search bundle while serving: Pagefind's index of the paper pages, rebuilt in the
//! background after changes and served beside the site.
//!
//! Indexing every paper page takes about a second per thousand pages, far longer than a
//! rebuild, so it never delays one: it runs on its own thread once the site has been
//! quiet for [`QUIET`], and the previous bundle is served meanwhile (a search may miss
//! the latest edit for a moment). The bundle is the one `build` writes for the same pages.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

use axum::body::Bytes;
use digest_core::SiteConfig;
use digest_core::search::index_pages;

use crate::rebuild::Terminal;
use crate::store::{BuiltSite, SiteStore};

/// How long the site must stay unchanged before it is indexed.
pub const QUIET: Duration = Duration::from_millis(800);

/// A site to index, with the configuration it was built with.
pub struct SearchJob {
    pub site: Arc<BuiltSite>,
    pub config: Box<SiteConfig>,
}

/// Starts the indexing thread; it ends when every sender is gone.
pub fn spawn_search_indexer(
    store: Arc<SiteStore>,
    terminal: Terminal,
) -> std::io::Result<Sender<SearchJob>> {
    let (jobs, receiver) = channel();
    std::thread::Builder::new()
        .name("digest-site search index".into())
        .spawn(move || run_indexer(&receiver, &store, terminal))?;
    Ok(jobs)
}

fn run_indexer(jobs: &Receiver<SearchJob>, store: &SiteStore, terminal: Terminal) {
    while let Ok(mut job) = jobs.recv() {
        // Only the newest site is worth indexing.
        loop {
            match jobs.recv_timeout(QUIET) {
                Ok(newer) => job = newer,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        if !job.config.search {
            store.replace_search(Arc::new(HashMap::new()));
            continue;
        }
        match index_pages(&job.config, paper_pages(&job.site)) {
            Ok(files) => store.replace_search(Arc::new(
                files
                    .into_iter()
                    .map(|(path, bytes)| (path, Bytes::from(bytes)))
                    .collect(),
            )),
            Err(e) => terminal.line(&format!("warning: the search index was not rebuilt: {e}")),
        }
    }
}

/// The paper pages of a built site (what `build` indexes), in path order.
fn paper_pages(site: &BuiltSite) -> Vec<(&str, &[u8])> {
    let mut pages: Vec<(&str, &[u8])> = site
        .files
        .iter()
        .filter(|(path, _)| is_paper_page(path))
        .map(|(path, bytes)| (path.as_str(), bytes.as_ref()))
        .collect();
    pages.sort_unstable_by_key(|(path, _)| *path);
    pages
}

/// `papers/<id>/index.html`.
fn is_paper_page(path: &str) -> bool {
    path.strip_prefix("papers/")
        .and_then(|rest| rest.strip_suffix("/index.html"))
        .is_some_and(|id| !id.is_empty() && !id.contains('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paper_pages_are_indexed() {
        assert!(is_paper_page("papers/2404.02424/index.html"));
        assert!(!is_paper_page("papers/index.html"));
        assert!(!is_paper_page("papers/a/b/index.html"));
        assert!(!is_paper_page("digests/2024-04-04/index.html"));
        assert!(!is_paper_page("index.html"));
    }
}
