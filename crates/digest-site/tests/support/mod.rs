//! Shared by the command-line tests: running the `digest-site` binary, and writing the
//! files of a site. Each test binary uses a part of it.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// Runs `digest-site` with `args` in `dir`, without colour.
pub fn digest_site(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_digest-site"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run digest-site")
}

/// Writes `text` to `dir/path`, making its folders.
pub fn write(dir: &Path, path: &str, text: &str) {
    let p = dir.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// A site of one paper, `a`.
pub fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "site.yaml",
        "title: { zh: 测试, en: Test }\nbase_url: https://example.org/\n",
    );
    write(
        dir.path(),
        "content/papers/a.md",
        "---\nid: a\ntitle: { en: Alpha }\n---\n",
    );
    dir
}
