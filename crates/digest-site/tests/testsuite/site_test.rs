//! The suite's driver, [`SiteTest`]: a site in a temp folder, and the `digest-site` binary
//! run in it the way a user runs it, for what the user sees: the exit code, stdout, and
//! stderr (exactly, as a snapshot, with the site's folder shown as `[ROOT]`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A site (or an empty folder) in a temp folder.
pub struct SiteTest {
    dir: tempfile::TempDir,
}

impl SiteTest {
    /// An empty folder.
    pub fn empty() -> SiteTest {
        SiteTest {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A site of one paper, `a`.
    pub fn one_paper() -> SiteTest {
        let site = SiteTest::empty();
        site.write(
            "site.yaml",
            "title: { zh: 测试, en: Test }\nbase_url: https://example.org/\n",
        );
        site.write(
            "content/papers/a.md",
            "---\nid: a\ntitle: { en: Alpha }\n---\n",
        );
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// `relative` in the site.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.root().join(relative)
    }

    /// Writes `text` to `path` in the site, making its folders.
    pub fn write(&self, path: &str, text: &str) -> &Self {
        write(self.root(), path, text);
        self
    }

    /// Runs `digest-site` with `args` in the site's folder.
    pub fn run(&self, args: &[&str]) -> Output {
        digest_site(self.root(), args)
    }

    /// Runs `digest-site` with `args` in `folder` of the site.
    pub fn run_in(&self, folder: &str, args: &[&str]) -> Output {
        digest_site(&self.path(folder), args)
    }

    /// The stderr of `out` with the site's folder written `[ROOT]`.
    pub fn stderr(&self, out: &Output) -> String {
        let root = self.root().to_str().expect("a UTF-8 temp folder");
        stderr(out).replace(root, "[ROOT]")
    }

    /// Asserts that the stderr of `out` is exactly the snapshot `snapshots/<name>.snap`
    /// (the site's folder written `[ROOT]`). `INSTA_UPDATE=always` rewrites it.
    pub fn assert_stderr(&self, out: &Output, name: &str) {
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path("snapshots");
        settings.set_prepend_module_to_snapshot(false);
        settings.bind(|| insta::assert_snapshot!(name, self.stderr(out)));
    }
}

/// The `digest-site` binary to run in `dir`, without colour.
pub fn command(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_digest-site"));
    command.current_dir(dir).env("NO_COLOR", "1");
    command
}

/// Runs `digest-site` with `args` in `dir` and interrupts it (SIGINT, as Ctrl-C) 300 ms
/// after it started: what it said and how it ended.
#[cfg(unix)]
pub fn interrupted(dir: &Path, args: &[&str]) -> Output {
    let child = command(dir)
        .args(args)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    // SAFETY: a signal to the child this test started.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    child.wait_with_output().unwrap()
}

/// Runs `digest-site` with `args` in `dir`, without colour.
pub fn digest_site(dir: &Path, args: &[&str]) -> Output {
    command(dir).args(args).output().expect("run digest-site")
}

/// What `out` printed on stderr.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Writes `text` to `dir/path`, making its folders.
pub fn write(dir: &Path, path: &str, text: &str) {
    let p = dir.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}
