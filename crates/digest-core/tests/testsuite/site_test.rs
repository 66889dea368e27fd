//! The suite's driver: a site in a temp folder, built, checked or imported into, and read
//! back as a reader would see it (parsed HTML).
//!
//! A site is a fixture folder copied ([`SiteTest::copy_of`]), or written inline, Hugo-style,
//! as `-- path --` sections ([`SiteTest::new`]):
//!
//! ```text
//! -- site.yaml --
//! title: T
//! -- content/papers/a.md --
//! ---
//! id: a
//! ---
//! ```
//!
//! or file by file ([`SiteTest::write`]).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use digest_core::{BuildOptions, BuildReport, Diagnostics, build_site, check_site};
use scraper::{Html, Selector};

/// A site on disk in a temp folder.
pub struct SiteTest {
    dir: tempfile::TempDir,
    pub options: BuildOptions,
}

impl SiteTest {
    /// Writes every `-- path --` section of `spec` into a new temp folder.
    pub fn new(spec: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = SiteTest {
            dir,
            options: BuildOptions::default(),
        };
        for (path, text) in parse_sections(spec) {
            site.write(&path, &text);
        }
        site
    }

    /// Copies a folder (a fixture or an example) into a new temp folder.
    pub fn copy_of(source: &Path) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(source, dir.path());
        SiteTest {
            dir,
            options: BuildOptions::default(),
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn output_dir(&self) -> PathBuf {
        self.options
            .output_dir
            .clone()
            .unwrap_or_else(|| self.root().join("public"))
    }

    pub fn write(&self, path: &str, text: &str) -> &Self {
        self.write_bytes(path, text.as_bytes())
    }

    pub fn write_bytes(&self, path: &str, bytes: &[u8]) -> &Self {
        let p = self.root().join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
        self
    }

    pub fn remove(&self, path: &str) -> &Self {
        fs::remove_file(self.root().join(path)).unwrap();
        self
    }

    pub fn base_url(mut self, url: &str) -> Self {
        self.options.base_url = Some(url.to_string());
        self
    }

    /// Builds and panics with the rendered diagnostics if the build fails.
    pub fn build(&self) -> Built {
        match build_site(self.root(), &self.options) {
            Ok(report) => Built {
                out: self.output_dir(),
                report,
            },
            Err(d) => panic!("build failed:\n{}", d.render(false)),
        }
    }

    /// Builds and returns the diagnostics of the expected failure.
    pub fn build_err(&self) -> Diagnostics {
        match build_site(self.root(), &self.options) {
            Ok(_) => panic!("the build was expected to fail"),
            Err(d) => d,
        }
    }

    pub fn check(&self) -> Result<Diagnostics, Diagnostics> {
        check_site(self.root(), &self.options)
    }
}

/// A finished build.
pub struct Built {
    pub out: PathBuf,
    pub report: BuildReport,
}

impl Built {
    pub fn exists(&self, path: &str) -> bool {
        self.out.join(path).exists()
    }

    pub fn read(&self, path: &str) -> String {
        fs::read_to_string(self.out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    pub fn html(&self, path: &str) -> Page {
        Page(Html::parse_document(&self.read(path)))
    }

    /// Every file of the output and its bytes.
    pub fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        snapshot_dir(&self.out)
    }
}

/// A parsed page.
pub struct Page(pub Html);

impl Page {
    /// The visible text of every element matching `css`, whitespace collapsed.
    pub fn texts(&self, css: &str) -> Vec<String> {
        let sel = Selector::parse(css).unwrap_or_else(|_| panic!("bad selector {css}"));
        self.0
            .select(&sel)
            .map(|e| {
                e.text()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    pub fn text(&self, css: &str) -> String {
        let all = self.texts(css);
        assert!(!all.is_empty(), "nothing matches {css}");
        all[0].clone()
    }

    /// The values of `attr` on every element matching `css`.
    pub fn attrs(&self, css: &str, attr: &str) -> Vec<String> {
        let sel = Selector::parse(css).unwrap();
        self.0
            .select(&sel)
            .filter_map(|e| e.value().attr(attr).map(str::to_string))
            .collect()
    }

    pub fn count(&self, css: &str) -> usize {
        self.0.select(&Selector::parse(css).unwrap()).count()
    }
}

pub fn snapshot_dir(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, fs::read(entry.path()).unwrap());
        }
    }
    out
}

fn parse_sections(spec: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in spec.split_inclusive('\n') {
        let t = line.trim_end();
        if let Some(path) = t.strip_prefix("-- ").and_then(|r| r.strip_suffix(" --")) {
            out.push((path.to_string(), String::new()));
        } else if let Some(last) = out.last_mut() {
            last.1.push_str(line);
        }
    }
    out
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        // Outputs (with digest-site's older tree and lock beside them) are not sources.
        let output = rel
            .to_str()
            .is_some_and(|r| r.starts_with("public") || r.starts_with(".public."));
        if output || rel.starts_with("target") || rel.starts_with(".git") {
            continue;
        }
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// The repository root (for the demo site and examples).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// A minimal valid `site.yaml`.
pub const SITE_YAML: &str = "title: { zh: 测试, en: Test }\nbase_url: https://example.org/\n";

/// A paper file with the given id, English title and date.
pub fn paper(id: &str, title_en: &str, date: &str) -> String {
    format!(
        "---\nid: \"{id}\"\ntitle:\n  en: \"{title_en}\"\n  zh: 中文{id}\nsummary:\n  zh: 总结{id}\ndate: {date}\n---\n"
    )
}
