//! Save-to-served latency of the dev server: edits one paper file of a site repeatedly and
//! measures, for each save, the time until the paper's page is served with the change.
//!
//! ```text
//! cargo run --release -p digest-server --example serve_latency -- <site dir> [edits] [paper file]
//! ```
//!
//! The paper file (default: the first one under `content/papers/`) is restored at the end.

// The test suite's HTTP client; this uses a part of its module.
#[path = "../tests/testsuite/served.rs"]
#[allow(dead_code)]
mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use digest_server::Server;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next().map(PathBuf::from) else {
        eprintln!("usage: serve_latency <site dir> [edits, default 20] [paper file]");
        std::process::exit(2);
    };
    let edits: usize = args
        .next()
        .map_or(20, |n| n.parse().expect("edits: a number"));
    let paper = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| first_paper(&root));
    let original = std::fs::read_to_string(&paper).expect("the paper file");
    let id = original
        .lines()
        .find_map(|l| l.strip_prefix("id:"))
        .map(|v| v.trim().trim_matches(['"', '\'']).to_string())
        .expect("an `id:` line");

    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let started = Instant::now();
    let server = runtime
        .block_on(Server::start(common::quiet_options(&root)))
        .expect("the server starts");
    let first_build = started.elapsed();
    let addr = server.local_addr();
    let page = format!("{}papers/{id}/", url_path(&server.url()));
    assert_eq!(
        common::http_get(addr, &page).status,
        200,
        "{page} is served"
    );

    // Measure edits, not the first search index, which is built in the background.
    let config = digest_core::load_config(&root).expect("site.yaml");
    if config.search {
        let bundle = format!("{}search/index.json", url_path(&server.url()));
        let deadline = Instant::now() + Duration::from_secs(300);
        while common::http_get(addr, &bundle).status != 200 {
            assert!(Instant::now() < deadline, "no search index after 300 s");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    let mut times = Vec::with_capacity(edits);
    for i in 0..edits {
        let marker = format!("latency-marker-{i}-{}", std::process::id());
        let saved = Instant::now();
        std::fs::write(&paper, format!("{original}\n{marker}\n")).expect("saving the paper");
        let deadline = saved + Duration::from_secs(30);
        loop {
            if common::http_get(addr, &page).text().contains(&marker) {
                times.push(saved.elapsed());
                break;
            }
            assert!(Instant::now() < deadline, "edit {i} not served within 30 s");
            std::thread::sleep(Duration::from_micros(500));
        }
        // Separate saves, as a person makes them.
        std::thread::sleep(Duration::from_millis(150));
    }
    std::fs::write(&paper, &original).expect("restoring the paper");
    std::thread::sleep(Duration::from_millis(200));
    runtime
        .block_on(server.shutdown())
        .expect("the server stops");

    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{} edits of {}: median {:.1} ms, min {:.1} ms, max {:.1} ms (first full build {:.0} ms)",
        times.len(),
        paper.display(),
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1]),
        ms(first_build),
    );
}

fn first_paper(root: &Path) -> PathBuf {
    let mut papers: Vec<PathBuf> = std::fs::read_dir(root.join("content/papers"))
        .expect("content/papers")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    papers.sort();
    papers.into_iter().next().expect("a paper file")
}

/// The path of a URL (`http://127.0.0.1:1111/repo/` → `/repo/`).
fn url_path(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
}
