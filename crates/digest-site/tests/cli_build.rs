//! `digest-site build` and `check` as a user runs them: exit codes, what is printed, what is
//! written.

use std::path::Path;
use std::process::{Command, Output};

fn digest_site(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_digest-site"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run digest-site")
}

fn write(dir: &Path, path: &str, text: &str) {
    let p = dir.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn site() -> tempfile::TempDir {
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

#[test]
fn build_succeeds_from_a_subfolder_and_reports_what_it_did() {
    let dir = site();
    let out = digest_site(&dir.path().join("content/papers"), &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Built 1 papers"), "{stderr}");
    assert!(dir.path().join("public/papers/a/index.html").is_file());
}

#[test]
fn bad_input_exits_1_with_located_errors_and_keeps_the_output() {
    let dir = site();
    assert!(digest_site(dir.path(), &["build"]).status.success());
    let before = std::fs::read(dir.path().join("public/papers/a/index.html")).unwrap();
    write(
        dir.path(),
        "content/papers/b.md",
        "---\nid: b\ntitle: { en: Beta }\ndate: 2024-13-01\n---\n",
    );
    write(
        dir.path(),
        "content/digests/d.md",
        "---\npapers: [a, nope]\n---\n",
    );

    for command in ["build", "check"] {
        let out = digest_site(dir.path(), &[command]);
        assert_eq!(out.status.code(), Some(1), "{command}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        // Both problems, each with its place, its line and a hint; no colour codes.
        assert!(stderr.contains("--> content/papers/b.md:4:7"), "{stderr}");
        assert!(stderr.contains("4 | date: 2024-13-01"), "{stderr}");
        assert!(stderr.contains("--> content/digests/d.md:2:13"), "{stderr}");
        assert!(stderr.contains("= help:"), "{stderr}");
        assert!(stderr.contains("2 errors found"), "{stderr}");
        assert!(
            !stderr.contains('\u{1b}'),
            "colour codes without a terminal"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    assert_eq!(
        std::fs::read(dir.path().join("public/papers/a/index.html")).unwrap(),
        before
    );
}

#[test]
fn check_writes_nothing() {
    let dir = site();
    let out = digest_site(dir.path(), &["check"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!dir.path().join("public").exists());
}

#[test]
fn base_url_and_output_flags() {
    let dir = site();
    let out = digest_site(
        dir.path(),
        &[
            "build",
            "--base-url",
            "https://user.github.io/repo/",
            "--output",
            "dist",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let home = std::fs::read_to_string(dir.path().join("dist/index.html")).unwrap();
    assert!(home.contains("href=\"/repo/papers/a/\""), "{home}");
    assert!(!dir.path().join("public").exists());

    let out = digest_site(dir.path(), &["build", "--base-url", "javascript:alert(1)"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("must start with http:// or https://"));
}

#[test]
fn outside_a_site_says_how_to_start_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = digest_site(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no site.yaml"), "{stderr}");
    assert!(stderr.contains("digest-site init"), "{stderr}");
}
