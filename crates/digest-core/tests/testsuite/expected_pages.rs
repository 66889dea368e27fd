//! Whole pages: a tiny fixture site (`tests/fixtures/tiny/`: two papers, one digest) is
//! built and a handful of its pages are compared byte for byte with the files checked in
//! under `expected/tiny/`. The selector checks of the other modules say what a page must
//! have; these say that nothing else changed unnoticed.
//!
//! After an intended change of the output, `DIGEST_SITE_BLESS=1` rewrites the expected
//! files from the build (review them with `git diff`): docs/testing.md.

use std::path::{Path, PathBuf};

use similar::TextDiff;

use crate::site_test::{Built, SiteTest};

/// The variable that rewrites the expected files instead of comparing with them.
const BLESS: &str = "DIGEST_SITE_BLESS";

/// The pages of the tiny site that are checked whole: one of each kind, and the feed and
/// the sitemap.
const TINY_PAGES: [&str; 7] = [
    "index.html",
    "papers/2501.00001/index.html",
    "digests/2025-01-03/index.html",
    "categories/cs.LG/index.html",
    "stats/index.html",
    "atom.xml",
    "sitemap.xml",
];

#[test]
fn the_tiny_site_builds_into_the_expected_pages() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny");
    let site = SiteTest::copy_of(&fixture);
    let built = site.build();
    assert_eq!((built.report.papers, built.report.digests), (2, 1));
    built.assert_expected("tiny", &TINY_PAGES);
}

/// A build in another folder gives the same pages, which name none of the folders: the
/// expected files hold nothing of the machine they were made on.
#[test]
fn the_expected_pages_do_not_depend_on_the_folder() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny");
    let first = SiteTest::copy_of(&fixture);
    let second = SiteTest::copy_of(&fixture);
    let (a, b) = (first.build(), second.build());
    for page in TINY_PAGES {
        let text = a.read(page);
        assert_eq!(text, b.read(page), "{page}");
        for folder in [first.root(), second.root(), fixture.as_path()] {
            let folder = folder.to_str().unwrap();
            assert!(!text.contains(folder), "{page} names the folder {folder}");
        }
    }
}

impl Built {
    /// Compares each of `pages` of the output with `expected/<name>/<page>` byte for byte,
    /// failing with a line diff of every page that differs; with `DIGEST_SITE_BLESS=1`,
    /// writes the expected files instead. Expected files that no page is compared with fail
    /// too (a page the test stopped checking).
    pub fn assert_expected(&self, name: &str, pages: &[&str]) {
        let dir = expected_dir(name);
        let bless = std::env::var_os(BLESS).is_some_and(|v| v == "1");
        let mut failures = Vec::new();
        for page in pages {
            let actual = std::fs::read(self.out.join(page))
                .unwrap_or_else(|e| panic!("{page} was not built: {e}"));
            let path = dir.join(page);
            if bless {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &actual).unwrap();
                eprintln!("blessed {}", path.display());
                continue;
            }
            let expected = std::fs::read(&path).unwrap_or_else(|e| {
                panic!(
                    "no expected file {} ({e}): run with {BLESS}=1 to write it",
                    path.display()
                )
            });
            if actual != expected {
                failures.push(format!(
                    "{page} differs from {}:\n{}",
                    path.display(),
                    diff(&expected, &actual)
                ));
            }
        }
        let extra: Vec<String> = files_under(&dir)
            .into_iter()
            .filter(|f| !pages.contains(&f.as_str()))
            .collect();
        assert!(
            extra.is_empty(),
            "expected files that no page is compared with, in {}: {extra:?}; delete them",
            dir.display()
        );
        assert!(
            failures.is_empty(),
            "{}\nIf the change is intended, run with {BLESS}=1 and review the expected files.",
            failures.join("\n")
        );
    }
}

/// `expected/<name>/` beside this file.
fn expected_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/testsuite/expected")
        .join(name)
}

/// A unified diff of two texts (`-` expected, `+` built), three lines of context.
fn diff(expected: &[u8], actual: &[u8]) -> String {
    let (expected, actual) = (
        String::from_utf8_lossy(expected),
        String::from_utf8_lossy(actual),
    );
    if expected == actual {
        return "(the bytes differ, the text does not: an invalid UTF-8 sequence)".into();
    }
    TextDiff::from_lines(&expected, &actual)
        .unified_diff()
        .context_radius(3)
        .header("expected", "built")
        .to_string()
}

/// The files under `dir`, relative, with `/` between folders.
fn files_under(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}
