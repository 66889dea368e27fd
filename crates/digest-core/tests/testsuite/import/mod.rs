//! Importing into a site: the reference digest (`seed`), files that are already there
//! (`merge`), every real arXiv feed (`feeds`), real cn-chat-arxiv months (`corpus_digests`),
//! the JSON of cn-chat-arxiv and daily-arXiv-ai-enhanced (`tools`, and the whole corpus of
//! both in `corpus_tools`), and `init` / `new` (`scaffold`). Here: temporary sites, the seed and the feed corpus by
//! path (skipped without the shared folder), and [`SiteTest`] running an import the way the
//! command line does.

mod corpus_digests;
mod corpus_tools;
mod feeds;
mod jsonl;
mod many;
mod merge;
mod scaffold;
mod seed;
mod tools;

use std::path::{Path, PathBuf};

use digest_core::frontmatter::{DigestFrontMatter, PaperFrontMatter};
use digest_core::import::{ImportOptions, ImportPlan, apply_plan, import_file};
use digest_core::{Diagnostics, Document, parse_document};

use crate::SUITE;
use crate::site_test::SiteTest;

/// The reference digest (shared data beside the repository, never copied into it); `None`
/// when the shared folder is missing (the test is then skipped).
pub fn seed_path() -> Option<PathBuf> {
    SUITE.shared_path("seeds/000_e6d854fc55a81dd5.txt")
}

/// The program `name` on PATH; `None` when it is missing (the test is then skipped, or in
/// CI fails).
pub fn program_on_path(name: &str, install: &str) -> Option<PathBuf> {
    SUITE.program_on_path(name, install)
}

/// The real arXiv feed files; `None` when the shared folder is missing.
pub fn feeds_dir() -> Option<PathBuf> {
    SUITE.shared_path("corpus/arxiv-feeds")
}

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/import"
    ))
    .join(name)
}

pub const SITE_YAML: &str = "title: { zh: 论文摘要, en: Paper Digest }\n\
    base_url: https://user.github.io/repo/\nlanguages: [zh, en]\n";

/// Where a diagnostic is, from the site's folder (the inputs are written there).
pub fn located(site: &SiteTest, d: &digest_core::Diagnostic) -> String {
    let root = format!("{}/", site.root().display());
    d.location().trim_start_matches(root.as_str()).to_string()
}

/// An empty site: `site.yaml` and nothing else.
pub fn empty_site() -> SiteTest {
    let site = SiteTest::new("");
    site.write("site.yaml", SITE_YAML);
    site
}

/// The options of importing the seed as the demo digest of 2024-04-04 (named by its date
/// alone, as the demo site's digest is).
pub fn seed_options() -> ImportOptions {
    ImportOptions {
        force: false,
        date: Some("2024-04-04".into()),
        name: Some(String::new()),
        ..ImportOptions::default()
    }
}

impl SiteTest {
    /// Plans the import of `file` into the site.
    pub fn plan_import(
        &self,
        file: &Path,
        options: &ImportOptions,
    ) -> Result<ImportPlan, Diagnostics> {
        let config = digest_core::load_config(self.root())?;
        import_file(&config, file, file, options)
    }

    /// Imports `file` into the site and writes the files.
    pub fn import(&self, file: &Path, options: &ImportOptions) -> Result<ImportPlan, Diagnostics> {
        let plan = self.plan_import(file, options)?;
        apply_plan(self.root(), &plan)?;
        Ok(plan)
    }

    pub fn read_paper(&self, id: &str) -> Document<PaperFrontMatter> {
        let path = Path::new("content/papers").join(format!("{id}.md"));
        let text = std::fs::read_to_string(self.root().join(&path)).expect("paper file");
        parse_document(&path, &text).expect("paper parses")
    }

    pub fn read_digest(&self, slug: &str) -> Document<DigestFrontMatter> {
        let path = Path::new("content/digests").join(format!("{slug}.md"));
        let text = std::fs::read_to_string(self.root().join(&path)).expect("digest file");
        parse_document(&path, &text).expect("digest parses")
    }
}

/// Every file under `dir`, relative, with its bytes, sorted.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let bytes = std::fs::read(e.path()).expect("read");
            (
                e.path().strip_prefix(dir).expect("under dir").to_path_buf(),
                bytes,
            )
        })
        .collect()
}

/// Asserts that two folders hold the same files with the same bytes, naming the first
/// file that differs.
pub fn assert_same_files(left: &Path, right: &Path) {
    let (a, b) = (snapshot(left), snapshot(right));
    let names = |s: &[(PathBuf, Vec<u8>)]| s.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "the same file names");
    for ((path, x), (_, y)) in a.iter().zip(&b) {
        assert_eq!(
            String::from_utf8_lossy(x),
            String::from_utf8_lossy(y),
            "{} differs",
            path.display()
        );
    }
}

/// Whitespace-insensitive form of a text: every run of whitespace becomes one space.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
