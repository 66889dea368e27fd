//! Search: the Pagefind index of the paper pages, written into the site beside them.
//!
//! After the pages are rendered, [`index_site`] hands every paper page, in site order, to
//! a [`SearchIndexer`]; Pagefind reads the part marked `data-pagefind-body` (the paper's
//! article) and [`SearchIndexer::finish`] returns the bundle: the search script, its
//! WebAssembly, and the index in shards that the browser fetches only for the words of a
//! query. Nothing is loaded until a reader types into the search box (see the theme's
//! `site.js`).
//!
//! Pagefind keeps one index per page language. Every page is indexed as one language
//! ([`index_language`]) so a single index answers queries in both: Chinese text is split
//! into words at build time (Pagefind's `extended` feature), and the search script splits
//! Chinese queries the same way in the browser.

use std::path::Path;
use std::sync::Mutex;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::config::SiteConfig;
use crate::model::Site;
use crate::render::{Output, output_path, render_output};

/// The folder of the search bundle inside the output.
pub const BUNDLE_DIR: &str = "pagefind";

/// Pagefind's own search interfaces: the theme has its own labelled search box, so these
/// are left out of the output.
const UNUSED_BUNDLE_FILES: &[&str] = &[
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
];

/// Languages whose words are not separated by spaces: an index in one of them splits
/// text into words by dictionary.
const SEGMENTED_LANGUAGES: &[&str] = &["zh", "ja", "th"];

/// The language every page is indexed as: the first site language that needs word
/// splitting (so Chinese is split into words), else the UI language.
pub fn index_language(config: &SiteConfig) -> &str {
    config
        .languages
        .iter()
        .find(|code| {
            let primary = code.split('-').next().unwrap_or(code);
            SEGMENTED_LANGUAGES.contains(&primary)
        })
        .unwrap_or(&config.languages[0])
}

/// A failure of the search indexer (Pagefind reports these as free text).
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("cannot start the search indexer: {0}")]
    Start(String),
    #[error("cannot index {path} for search: {message}")]
    Page { path: String, message: String },
    #[error("cannot write the search index: {0}")]
    Finish(String),
}

/// Collects rendered paper pages and builds the Pagefind bundle from them.
/// `add_page` may be called from many threads; pages are indexed one at a time.
pub struct SearchIndexer {
    runtime: tokio::runtime::Runtime,
    index: Mutex<PagefindIndex>,
}

impl SearchIndexer {
    pub fn new(config: &SiteConfig) -> Result<Self, SearchError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .map_err(|e| SearchError::Start(e.to_string()))?;
        let options = PagefindServiceConfig::builder()
            .force_language(index_language(config).to_string())
            .build();
        let index =
            PagefindIndex::new(Some(options)).map_err(|e| SearchError::Start(e.to_string()))?;
        Ok(SearchIndexer {
            runtime,
            index: Mutex::new(index),
        })
    }

    /// Indexes one rendered page; `path` is its output path (`papers/2404.02424/index.html`).
    pub fn add_page(&self, path: &str, html: &[u8]) -> Result<(), SearchError> {
        let page_error = |message: String| SearchError::Page {
            path: path.to_string(),
            message,
        };
        let html = String::from_utf8(html.to_vec()).map_err(|e| page_error(e.to_string()))?;
        let url = page_url(path);
        let mut index = self
            .index
            .lock()
            .map_err(|_| page_error("an earlier page failed".into()))?;
        self.runtime
            .block_on(index.add_html_file(None, Some(url), html))
            .map_err(|e| page_error(e.to_string()))?;
        Ok(())
    }

    /// Builds the index; returns the bundle's files as (output path, bytes).
    pub fn finish(self) -> Result<Vec<(String, Vec<u8>)>, SearchError> {
        let mut index = self
            .index
            .into_inner()
            .map_err(|_| SearchError::Finish("a page failed to index".into()))?;
        let files = self
            .runtime
            .block_on(index.get_files())
            .map_err(|e| SearchError::Finish(e.to_string()))?;
        let mut out = Vec::with_capacity(files.len());
        for file in files {
            // Pagefind names the files relative to the bundle folder.
            let relative = bundle_relative(&file.filename).ok_or_else(|| {
                SearchError::Finish(format!(
                    "unexpected bundle file {}",
                    file.filename.display()
                ))
            })?;
            if UNUSED_BUNDLE_FILES.contains(&relative.as_str())
                || relative.starts_with("playground/")
            {
                continue;
            }
            out.push((format!("{BUNDLE_DIR}/{relative}"), file.contents));
        }
        Ok(out)
    }
}

/// The file in the bundle that records what the index was built from.
pub const FINGERPRINT_FILE: &str = "pagefind/digest-site-input.txt";

/// A hash of one indexed page's HTML.
pub fn page_hash(html: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    html.hash(&mut hasher);
    hasher.finish()
}

/// What the search bundle is a function of: the indexed pages (their hashes, in site
/// order), the index language, and this program's version (which fixes Pagefind's).
pub fn input_fingerprint(config: &SiteConfig, page_hashes: &[u64]) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    index_language(config).hash(&mut hasher);
    page_hashes.hash(&mut hasher);
    format!("{:016x}-{}\n", hasher.finish(), page_hashes.len())
}

/// The files of the bundle published in `output_dir`, when it was built from the input
/// `fingerprint` (and so is exactly what indexing again would give). Indexing is by far
/// the most expensive step of a build, and most rebuilds do not change the papers.
pub fn previous_bundle(output_dir: &Path, fingerprint: &str) -> Option<Vec<String>> {
    let recorded = std::fs::read_to_string(output_dir.join(FINGERPRINT_FILE)).ok()?;
    if recorded != fingerprint {
        return None;
    }
    let bundle = output_dir.join(BUNDLE_DIR);
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&bundle) {
        let entry = entry.ok()?;
        if entry.file_type().is_file() {
            let relative = bundle_relative(entry.path().strip_prefix(&bundle).ok()?)?;
            files.push(format!("{BUNDLE_DIR}/{relative}"));
        }
    }
    Some(files)
}

/// Paper pages rendered at once while the previous batch is indexed.
const BATCH: usize = 64;

/// The bundle for a site: its paper pages are rendered again (in parallel, batch by
/// batch) and indexed in site order, because Pagefind numbers pages in the order they are
/// added and the same site must give the same files on every build.
pub fn index_site(site: &Site) -> Result<Vec<(String, Vec<u8>)>, SearchError> {
    let indexer = SearchIndexer::new(&site.config)?;
    let render_batch = |start: usize| -> Result<Vec<(String, Vec<u8>)>, SearchError> {
        use rayon::prelude::*;
        (start..(start + BATCH).min(site.papers.len()))
            .into_par_iter()
            .map(|i| {
                let output = Output::Paper(i);
                let path = output_path(site, &output);
                match render_output(site, &output) {
                    Ok(bytes) => Ok((path, bytes)),
                    Err(e) => Err(SearchError::Page {
                        path,
                        message: e.to_string(),
                    }),
                }
            })
            .collect()
    };
    let mut batch = render_batch(0)?;
    let mut next = BATCH;
    while !batch.is_empty() {
        let (rendered, indexed) = rayon::join(
            || render_batch(next),
            || {
                batch
                    .iter()
                    .try_for_each(|(path, html)| indexer.add_page(path, html))
            },
        );
        indexed?;
        batch = rendered?;
        next += BATCH;
    }
    indexer.finish()
}

/// The bundle for pages rendered already (the dev server keeps its site in memory):
/// `pages` are (output path, HTML) of the paper pages.
pub fn index_pages<'a>(
    config: &SiteConfig,
    pages: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> Result<Vec<(String, Vec<u8>)>, SearchError> {
    let indexer = SearchIndexer::new(config)?;
    for (path, html) in pages {
        indexer.add_page(path, html)?;
    }
    indexer.finish()
}

/// The URL Pagefind stores for a page, relative to the site's base (`/papers/x/`); the
/// search script's base URL (the bundle's parent folder) is put in front of it.
fn page_url(path: &str) -> String {
    format!("/{}", path.strip_suffix("index.html").unwrap_or(path))
}

/// A bundle file's path inside the bundle folder, `/`-separated (`None` if not relative).
fn bundle_relative(filename: &Path) -> Option<String> {
    if !filename.is_relative() {
        return None;
    }
    let parts: Vec<&str> = filename.iter().map(|p| p.to_str()).collect::<Option<_>>()?;
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_language_prefers_a_segmented_language() {
        let mut config = SiteConfig::with_defaults(Path::new("."));
        config.languages = vec!["en".into(), "zh".into()];
        assert_eq!(index_language(&config), "zh");
        config.languages = vec!["en".into(), "de".into()];
        assert_eq!(index_language(&config), "en");
    }

    #[test]
    fn pages_are_stored_by_folder_url() {
        assert_eq!(
            page_url("papers/2404.02424/index.html"),
            "/papers/2404.02424/"
        );
        assert_eq!(page_url("404.html"), "/404.html");
    }

    #[test]
    fn indexes_only_the_marked_article_and_drops_the_stock_interfaces() {
        let config = SiteConfig::with_defaults(Path::new("."));
        let indexer = SearchIndexer::new(&config).unwrap();
        let page = |title: &str, body: &str| {
            format!(
                "<html lang=\"zh-CN\"><body><nav>导航 navigation</nav>\
                 <article data-pagefind-body><h1>{title}</h1><p>{body}</p></article></body></html>"
            )
        };
        indexer
            .add_page(
                "papers/a/index.html",
                page("稀疏视觉语言模型", "sparse models repair").as_bytes(),
            )
            .unwrap();
        indexer
            .add_page(
                "papers/b/index.html",
                page("扩散模型", "diffusion").as_bytes(),
            )
            .unwrap();
        let files = indexer.finish().unwrap();
        let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert!(names.contains(&"pagefind/pagefind.js"), "{names:?}");
        assert!(names.contains(&"pagefind/pagefind-entry.json"));
        assert!(names.iter().any(|n| n.starts_with("pagefind/index/")));
        assert!(names.iter().any(|n| n.starts_with("pagefind/fragment/")));
        assert!(!names.iter().any(|n| n.contains("-ui.")), "{names:?}");
        let entry = &files
            .iter()
            .find(|(p, _)| p == "pagefind/pagefind-entry.json")
            .unwrap()
            .1;
        let entry: serde_json::Value = serde_json::from_slice(entry).unwrap();
        // One index, in the forced language, holding both pages.
        let languages = entry["languages"].as_object().unwrap();
        assert_eq!(languages.keys().collect::<Vec<_>>(), ["zh"]);
        assert_eq!(languages["zh"]["page_count"], 2);
    }
}
