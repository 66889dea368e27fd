//! Shared by the import tests: temporary sites, the seed and the feed corpus by path
//! (support/shared.rs: skipped without the shared folder), and running an import the way
//! the command line does.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use digest_core::Diagnostics;
use digest_core::frontmatter::{DigestFrontMatter, PaperFrontMatter};
use digest_core::import::{ImportOptions, ImportPlan, apply_plan, import_file};
use digest_core::load::{Document, parse_document};
use tempfile::TempDir;

#[path = "../support/shared.rs"]
mod shared;
pub use shared::shared_path;

/// The reference digest (shared data beside the repository, never copied into it); `None`
/// when the shared folder is missing (the test is then skipped).
pub fn seed_path() -> Option<PathBuf> {
    shared_path("seeds/000_e6d854fc55a81dd5.txt")
}

/// The program `name` on PATH; `None` when it is missing (the test is then skipped, or in
/// CI fails).
pub fn program_on_path(name: &str, install: &str) -> Option<PathBuf> {
    shared::program_on_path(name, install)
}

/// The real arXiv feed files; `None` when the shared folder is missing.
pub fn feeds_dir() -> Option<PathBuf> {
    shared_path("corpus/arxiv-feeds")
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

/// An empty site: `site.yaml` and nothing else.
pub fn empty_site() -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("site.yaml"), SITE_YAML).expect("site.yaml");
    dir
}

/// Plans the import of `file` into the site at `root`.
pub fn plan(root: &Path, file: &Path, options: &ImportOptions) -> Result<ImportPlan, Diagnostics> {
    let config = digest_core::load_config(root)?;
    import_file(&config, file, file, options)
}

/// Imports `file` into the site at `root` and writes the files.
pub fn import(
    root: &Path,
    file: &Path,
    options: &ImportOptions,
) -> Result<ImportPlan, Diagnostics> {
    let plan = plan(root, file, options)?;
    apply_plan(root, &plan)?;
    Ok(plan)
}

/// The options of importing the seed as the demo digest of 2024-04-04.
pub fn seed_options() -> ImportOptions {
    ImportOptions {
        force: false,
        date: Some("2024-04-04".into()),
    }
}

pub fn read_paper(root: &Path, id: &str) -> Document<PaperFrontMatter> {
    let path = Path::new("content/papers").join(format!("{id}.md"));
    let text = std::fs::read_to_string(root.join(&path)).expect("paper file");
    parse_document(&path, &text).expect("paper parses")
}

pub fn read_digest(root: &Path, slug: &str) -> Document<DigestFrontMatter> {
    let path = Path::new("content/digests").join(format!("{slug}.md"));
    let text = std::fs::read_to_string(root.join(&path)).expect("digest file");
    parse_document(&path, &text).expect("digest parses")
}

/// Builds the site at `root` into `root/public`; panics with the diagnostics if it fails.
pub fn build(root: &Path) -> digest_core::BuildReport {
    let options = digest_core::BuildOptions {
        output_dir: Some(root.join("public")),
        ..Default::default()
    };
    digest_core::build_site(root, &options)
        .unwrap_or_else(|d| panic!("{} does not build:\n{d}", root.display()))
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
