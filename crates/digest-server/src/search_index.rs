//! The search bundle while serving: the index of the papers, rebuilt in the background
//! after changes and served beside the site.
//!
//! Indexing never delays a rebuild: it runs once the site has been quiet for [`QUIET`],
//! on one thread of its own at low priority (not on the pool that renders pages), and the
//! previous bundle is served meanwhile (a search may miss the latest edit for a moment).
//! The bundle is the one `build` writes for the same papers.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

use digest_core::pipeline::SearchJob;

use crate::store::SiteStore;

/// How long the site must stay unchanged before it is indexed.
pub const QUIET: Duration = Duration::from_millis(800);

/// Starts the indexing thread; it ends when every sender is gone.
pub fn spawn_search_indexer(store: Arc<SiteStore>) -> std::io::Result<Sender<SearchJob>> {
    let (jobs, receiver) = channel();
    // One worker: the index of 10,000 papers takes about a second of one core, and the
    // other cores stay free for the rebuild of the next save.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .thread_name(|_| "digest-site search index".into())
        .start_handler(|_| lower_priority())
        .build()
        .map_err(std::io::Error::other)?;
    std::thread::Builder::new()
        .name("digest-site search jobs".into())
        .spawn(move || run_indexer(&receiver, &store, &pool))?;
    Ok(jobs)
}

/// Lets every other thread of the machine go first (Linux sets priority per thread).
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only reads its arguments; `0` names the calling thread.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

fn run_indexer(jobs: &Receiver<SearchJob>, store: &SiteStore, pool: &rayon::ThreadPool) {
    while let Ok(mut job) = jobs.recv() {
        // Only the newest site is worth indexing.
        loop {
            match jobs.recv_timeout(QUIET) {
                Ok(newer) => job = newer,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        // Only the segments of the edited papers are indexed again; the others' files are
        // those served until now.
        let previous = store.search();
        let files = pool.install(|| job.bundle_over(&previous));
        store.replace_search(Arc::new(files));
    }
}
