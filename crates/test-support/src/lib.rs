//! What the test suites of the workspace's crates share (each crate has one suite,
//! `tests/testsuite/`, and integration tests of two crates cannot share modules):
//!
//! - [`Suite`]: the suite that runs, for what needs its name and folders: the shared data
//!   folder beside the repository ([`Suite::shared_path`]), programs from outside the
//!   repository ([`Suite::program_on_path`]) and the browser tools ([`Suite::chromium`],
//!   [`Suite::browser_tools`]), which are skipped, and recorded as
//!   skipped, when missing, except in CI, where they fail;
//! - [`webdriver`]: chromedriver and a client of it with the commands the browser tests use;
//! - [`static_server`]: a static file server of a built site under `/repo/`, as GitHub Pages
//!   serves a project site.
//!
//! A suite names itself once, in its `main.rs`:
//!
//! ```text
//! const SUITE: test_support::Suite = test_support::suite!();
//! ```

pub mod static_server;
mod tools;
pub mod webdriver;

use std::path::{Path, PathBuf};

pub use tools::BrowserTools;

/// The test suite that runs: its package and the folder Cargo gives it for temporary files.
/// Made by [`suite!`], which reads them where the suite is compiled.
#[derive(Debug, Clone, Copy)]
pub struct Suite {
    /// The package the suite tests (`digest-core`, ...).
    pub package: &'static str,
    /// `CARGO_TARGET_TMPDIR` of the suite: `<target>/tmp`.
    pub target_tmpdir: &'static str,
}

/// The [`Suite`] of the integration test this is expanded in.
#[macro_export]
macro_rules! suite {
    () => {
        $crate::Suite {
            package: env!("CARGO_PKG_NAME"),
            target_tmpdir: env!("CARGO_TARGET_TMPDIR"),
        }
    };
}

impl Suite {
    /// `relative` in the shared data folder beside the repository (`../shared`: the seed
    /// digest and the corpus; its licence forbids copying it into the repository), or in
    /// `$DIGEST_SITE_SHARED`. When it is missing: `None` after recording the current test as
    /// skipped, or, in CI, a panic.
    pub fn shared_path(&self, relative: &str) -> Option<PathBuf> {
        let base = match std::env::var_os("DIGEST_SITE_SHARED") {
            Some(dir) if !dir.is_empty() => PathBuf::from(dir),
            _ => repository_root()
                .parent()
                .expect("the repository has a folder above it")
                .join("shared"),
        };
        let path = base.join(relative);
        if path.exists() {
            return Some(path);
        }
        self.skip(
            &format!(
                "needs the shared data folder: {} is missing",
                path.display()
            ),
            "put it beside the repository, or set DIGEST_SITE_SHARED to its path",
        )
    }

    /// The program `name` (`actionlint`) as found on `PATH`; `None` after recording a skip
    /// when it is missing, or, in CI, a panic that says how to install it (`install`).
    pub fn program_on_path(&self, name: &str, install: &str) -> Option<PathBuf> {
        let file = format!("{name}{}", std::env::consts::EXE_SUFFIX);
        match tools::which(&[file.as_str()]) {
            Some(path) => Some(path),
            None => self.skip(
                &format!("needs `{name}` on PATH, which is missing"),
                install,
            ),
        }
    }

    /// Headless Chromium (`chromium`, `chromium-browser` or `google-chrome` on `PATH`);
    /// `None` after recording a skip when it is missing, a panic in CI.
    pub fn chromium(&self) -> Option<PathBuf> {
        match tools::chromium() {
            Some(path) => Some(path),
            None => self.skip(
                "needs chromium, which is missing",
                "apt-get install chromium",
            ),
        }
    }

    /// Chromium, chromedriver and axe-core for the tests that drive a browser; `None` after
    /// recording a skip when one is missing, a panic in CI.
    pub fn browser_tools(&self) -> Option<BrowserTools> {
        match BrowserTools::find() {
            Ok(tools) => Some(tools),
            Err(missing) => self.skip(
                &format!("needs the browser tools, missing: {missing}"),
                "scripts/test.sh installs them",
            ),
        }
    }

    /// Records the current test as skipped for `reason` and returns `None`; in CI, panics
    /// instead, saying `how` to provide what is missing.
    pub fn skip<T>(&self, reason: &str, how: &str) -> Option<T> {
        if in_ci() {
            panic!("{reason}: CI (the variable `CI` is set) runs every test; {how}");
        }
        self.record_skip(&format!("{reason} ({how})"));
        None
    }

    /// Writes `<target>/tmp/skipped/<package>.<test>` holding `reason`, and says so loudly
    /// on stderr. scripts/test-summary.sh lists these files (a dot stands for `::`).
    fn record_skip(&self, reason: &str) {
        let thread = std::thread::current();
        let test = thread.name().unwrap_or("unnamed");
        let name = format!("{}::{test}", self.package);
        // Rust names have no dots: `::` becomes `.` in the file name, and back in the summary.
        let dir = Path::new(self.target_tmpdir).join("skipped");
        let file = dir.join(name.replace("::", "."));
        if let Err(e) = std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::write(&file, format!("{reason}\n")))
        {
            eprintln!("warning: cannot record the skip in {}: {e}", file.display());
        }
        eprintln!("\n!!!!!!!!!! SKIPPED {name}: {reason} !!!!!!!!!!\n");
    }
}

/// Whether the tests run in CI: `CI` set to anything but `false` or nothing.
pub fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false")
}

/// The repository's root folder.
pub fn repository_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}
