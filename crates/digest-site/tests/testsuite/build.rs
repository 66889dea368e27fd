//! `digest-site build` and `check` as a user runs them: exit codes, what is printed, what is
//! written.

use std::path::Path;
use std::process::{Command, Output};

use crate::site_test::{SiteTest, command, stderr, write};

#[test]
fn build_succeeds_from_a_subfolder_and_reports_what_it_did() {
    let dir = SiteTest::one_paper();
    let out = dir.run_in("content/papers", &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Built 1 paper,"), "{stderr}");
    assert!(dir.root().join("public/papers/a/index.html").is_file());
    // The summary says how big the output is: the bytes of every file published.
    let bytes: u64 = walkdir::WalkDir::new(dir.root().join("public"))
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().unwrap().len())
        .sum();
    let shown = format!(" files, {:.1} KB (", bytes as f64 / 1e3);
    assert!(stderr.contains(&shown), "{shown} in {stderr}");
}

/// A second build keeps the pages of papers that did not change, and `-v` says how many;
/// an edit renders the paper's page again.
#[test]
fn build_verbose_says_how_many_pages_it_kept() {
    let dir = SiteTest::one_paper();
    assert!(dir.run(&["build"]).status.success());
    let out = dir.run(&["-v", "build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    assert!(
        said.contains("Kept 1 file of papers and digests as published"),
        "{said}"
    );
    // Without -v it is not said.
    let out = dir.run(&["build"]);
    assert!(!stderr(&out).contains("Kept"), "{}", stderr(&out));
    // An edit of the paper: nothing kept, the page shows the edit.
    let text = std::fs::read_to_string(dir.root().join("content/papers/a.md")).unwrap();
    dir.write(
        "content/papers/a.md",
        &text.replacen("---\n", "---\nauthors: [Ada Lovelace]\n", 1),
    );
    let out = dir.run(&["-v", "build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("Kept"), "{}", stderr(&out));
    let html = std::fs::read_to_string(dir.root().join("public/papers/a/index.html")).unwrap();
    assert!(html.contains("Ada Lovelace"));
}

#[test]
fn bad_input_exits_1_with_located_errors_and_keeps_the_output() {
    let dir = SiteTest::one_paper();
    assert!(dir.run(&["build"]).status.success());
    let before = std::fs::read(dir.root().join("public/papers/a/index.html")).unwrap();
    dir.write(
        "content/papers/b.md",
        "---\nid: b\ntitle: { en: Beta }\ndate: 2024-13-01\n---\n",
    );
    dir.write("content/digests/d.md", "---\npapers: [a, nope]\n---\n");

    for command in ["build", "check"] {
        let out = dir.run(&[command]);
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
        // And exactly, as a user reads it.
        dir.assert_stderr(&out, &format!("build__bad_input_{command}"));
    }
    assert_eq!(
        std::fs::read(dir.root().join("public/papers/a/index.html")).unwrap(),
        before
    );
}

/// An archive whose abstracts a tool cut at a length has a warning per paper: `build` shows
/// ten of the kind and counts the rest, `build -v` and `check` show every one.
#[test]
fn build_shows_a_few_warnings_of_a_kind_and_counts_the_rest() {
    let dir = SiteTest::one_paper();
    let cut = "Cut short at a length ".repeat(12);
    for i in 0..13 {
        dir.write(
            &format!("content/papers/cut{i}.md"),
            &format!(
                "---\nid: cut{i}\ntitle: {{ en: Cut {i} }}\nabstract: {{ en: {cut}and so on without an end }}\n---\n"
            ),
        );
    }
    let cut_warnings = |stderr: &str| stderr.matches("abstract stops mid-sentence").count();
    let out = dir.run(&["build"]);
    assert!(out.status.success());
    let brief = stderr(&out);
    assert_eq!(cut_warnings(&brief), 10, "{brief}");
    assert!(
        brief.contains("warning: 3 more warnings of this kind: abstracts that stop mid-sentence"),
        "{brief}"
    );
    assert!(
        brief.contains("`digest-site check` lists every one"),
        "{brief}"
    );
    for args in [&["build", "-v"][..], &["check"]] {
        let out = dir.run(args);
        assert!(out.status.success(), "{args:?}");
        let every = stderr(&out);
        assert_eq!(cut_warnings(&every), 13, "{args:?}: {every}");
        assert!(!every.contains("more warnings of this kind"), "{every}");
    }
}

#[test]
fn check_writes_nothing() {
    let dir = SiteTest::one_paper();
    let out = dir.run(&["check"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!dir.root().join("public").exists());
}

#[test]
fn base_url_and_output_flags() {
    let dir = SiteTest::one_paper();
    let out = dir.run(&[
        "build",
        "--base-url",
        "https://user.github.io/repo/",
        "--output",
        "dist",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let home = std::fs::read_to_string(dir.root().join("dist/index.html")).unwrap();
    assert!(home.contains("href=\"/repo/papers/a/\""), "{home}");
    assert!(!dir.root().join("public").exists());

    // A malformed value is a usage error, as docs/cli.md says: status 2.
    let out = dir.run(&["build", "--base-url", "javascript:alert(1)"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("must start with http:// or https://"));
    let out = dir.run(&["serve", "--base-url", "https://e.org//x/"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("an empty segment"));
}

/// A site without `base_url` (or with this machine's) builds, with a warning that its
/// feeds, sitemap and canonical links would point to the reader's own machine; naming the
/// address with `--base-url` says nothing.
#[test]
fn a_site_without_its_address_is_warned_of() {
    let dir = SiteTest::one_paper();
    dir.write("site.yaml", "title: Test\n");
    for args in [&["build"][..], &["check"]] {
        let out = dir.run(args);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("the site's address is http://127.0.0.1:1111/, this machine"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    let out = dir.run(&["build", "--base-url", "https://user.github.io/repo/"]);
    assert!(!stderr(&out).contains("this machine"), "{}", stderr(&out));
    dir.write(
        "site.yaml",
        "title: Test\nbase_url: http://localhost:8000/\n",
    );
    assert!(stderr(&dir.run(&["build"])).contains("http://localhost:8000/, this machine"));
}

#[test]
fn outside_a_site_says_how_to_start_one() {
    let dir = SiteTest::empty();
    let out = dir.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no site.yaml"), "{stderr}");
    assert!(stderr.contains("digest-site init"), "{stderr}");
    dir.assert_stderr(&out, "build__outside_a_site");
    // The settings under another name are named.
    dir.write("site.yml", "title: Test\n");
    let stderr = String::from_utf8_lossy(&dir.run(&["build"]).stderr).into_owned();
    assert!(
        stderr.contains("`site.yml` is here, but the settings are read from `site.yaml`"),
        "{stderr}"
    );
    // Another generator's site is named as one, with the way over.
    let hugo = SiteTest::empty();
    hugo.write("hugo.toml", "baseURL = 'https://example.org/'\n");
    let out = hugo.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("`hugo.toml` is here: this is a Hugo site")
            && stderr.contains("digest-site import"),
        "{stderr}"
    );
}

#[test]
fn a_site_yaml_with_a_byte_order_mark_builds() {
    let dir = SiteTest::one_paper();
    dir.write(
        "site.yaml",
        "\u{feff}title: { zh: 测试, en: Test }\nbase_url: https://example.org/\n",
    );
    let out = dir.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(dir.root().join("public/papers/a/index.html").is_file());
}

/// Runs `digest-site` as a user who is refused files that are not readable: tests may run
/// as root, whom permissions do not stop, so root runs it as `nobody`.
#[cfg(unix)]
fn digest_site_unprivileged(dir: &Path, args: &[&str]) -> Output {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let mut command = command(dir);
    command.args(args);
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        // The temp folder is the caller's alone; let `nobody` in.
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        command.uid(65534).gid(65534);
    }
    command.output().expect("run digest-site")
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_reported_with_what_to_do() {
    use std::os::unix::fs::PermissionsExt;
    let dir = SiteTest::one_paper();
    dir.write(
        "content/papers/locked.md",
        "---\nid: locked\ntitle: { en: Locked }\n---\n",
    );
    dir.write(
        "content/papers/private/e.md",
        "---\nid: e\ntitle: { en: Epsilon }\n---\n",
    );
    let locked = dir.root().join("content/papers/locked.md");
    let private = dir.root().join("content/papers/private");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o000)).unwrap();
    let out = digest_site_unprivileged(dir.root(), &["check"]);
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o755)).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    // Each with its path relative to the site, what went wrong and what to do.
    assert!(
        stderr.contains("error: cannot read the file: Permission denied"),
        "{stderr}"
    );
    assert!(stderr.contains("--> content/papers/locked.md"), "{stderr}");
    assert!(
        stderr.contains("error: cannot read: Permission denied"),
        "{stderr}"
    );
    assert!(stderr.contains("--> content/papers/private\n"), "{stderr}");
    assert_eq!(
        stderr.matches("= help: you may not read it").count(),
        2,
        "{stderr}"
    );
    assert!(stderr.contains("chmod u+r"), "{stderr}");
    assert!(stderr.contains("2 errors found"), "{stderr}");
    assert!(!stderr.contains(dir.root().to_str().unwrap()), "{stderr}");
    dir.assert_stderr(&out, "build__unreadable_files");
}

/// Waits for `child` at most a minute: a named pipe that is opened blocks for ever.
fn wait_briefly(mut child: std::process::Child) -> Output {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("digest-site hung");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
#[test]
fn entries_that_are_not_files_are_skipped_with_a_warning() {
    let dir = SiteTest::one_paper();
    let root = dir.root();
    write(
        root,
        "elsewhere/b.md",
        "---\nid: b\ntitle: { en: Beta }\n---\n",
    );
    write(
        root,
        "elsewhere/more/c.md",
        "---\nid: c\ntitle: { en: Gamma }\n---\n",
    );
    std::os::unix::fs::symlink(
        root.join("elsewhere/b.md"),
        root.join("content/papers/b.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        root.join("elsewhere/more"),
        root.join("content/papers/more"),
    )
    .unwrap();
    // A symbolic link to something that is not content says nothing.
    std::os::unix::fs::symlink(
        root.join("site.yaml"),
        root.join("content/papers/notes.txt"),
    )
    .unwrap();
    // A folder named like a file: its files are still read.
    write(
        root,
        "content/papers/folder.md/d.md",
        "---\nid: d\ntitle: { en: Delta }\n---\n",
    );
    let fifo = std::ffi::CString::new(
        root.join("content/papers/pipe.md")
            .to_str()
            .unwrap()
            .as_bytes(),
    )
    .unwrap();
    // SAFETY: a valid, NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);

    for command in ["check", "build"] {
        let child = Command::new(env!("CARGO_BIN_EXE_digest-site"))
            .arg(command)
            .current_dir(root)
            .env("NO_COLOR", "1")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let out = wait_briefly(child);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{command}: {stderr}");
        for (path, what) in [
            (
                "content/papers/b.md",
                "is a symbolic link; links are not followed",
            ),
            (
                "content/papers/more",
                "is a symbolic link; links are not followed",
            ),
            (
                "content/papers/folder.md",
                "is a folder, not a Markdown file",
            ),
            (
                "content/papers/pipe.md",
                "is not a regular file (a named pipe)",
            ),
        ] {
            assert!(
                stderr.contains(&format!("warning: `{path}` {what}")),
                "{command}: {path}: {stderr}"
            );
        }
        assert!(!stderr.contains("notes.txt"), "{stderr}");
        assert!(stderr.contains("= help: copy the file"), "{stderr}");
        assert_eq!(stderr.matches("warning:").count(), 4, "{stderr}");
    }
    assert!(root.join("public/papers/d/index.html").is_file());
    assert!(!root.join("public/papers/b").exists());
    assert!(!root.join("public/papers/c").exists());
}

#[test]
fn check_lists_translated_papers_without_generated_only_when_asked() {
    let site = SiteTest::one_paper();
    site.write(
        "content/papers/b.md",
        "---\nid: b\ntitle: { en: Beta, zh: 贝塔 }\n---\n",
    );
    site.write(
        "content/papers/c.md",
        "---\nid: c\ntitle: { en: Gamma, zh: 伽马 }\ngenerated: { tool: cn-chat-arxiv }\n---\n",
    );
    let out = site.run(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("generated"), "{}", stderr(&out));

    let out = site.run(&["check", "--list-unmarked"]);
    assert!(out.status.success(), "warnings only: {}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("warning: paper `b` has title.zh but no `generated:`")
            && err.contains("content/papers/b.md:3:"),
        "{err}"
    );
    assert!(
        !err.contains("paper `c`") && !err.contains("paper `a`"),
        "{err}"
    );
    assert!(
        err.contains("1 paper has translations or an analysis but no `generated:`."),
        "{err}"
    );

    let out = site.run(&["check", "--list-unmarked", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["warnings"], 1);
    assert_eq!(report["diagnostics"][0]["file"], "content/papers/b.md");
}

/// A report `check` cannot write (standard output on a full disk) fails the command: a
/// CI job would otherwise keep an empty report and pass.
#[cfg(target_os = "linux")]
#[test]
fn a_report_that_cannot_be_written_fails_check() {
    let dir = SiteTest::one_paper();
    // A warning, for the annotations of `github` to say.
    dir.write("content/notes.md", "---\nid: x\n---\n");
    for format in ["json", "github"] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = crate::site_test::command(dir.root())
            .args(["check", "--format", format])
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("cannot write to standard output"),
            "{format}"
        );
    }
    assert!(dir.run(&["check", "--format", "json"]).status.success());
}

/// A build stopped by Ctrl-C says so and exits 130; the published output is as it was,
/// and the next build ends where a whole one does.
#[cfg(unix)]
#[test]
fn a_build_stopped_by_ctrl_c_publishes_nothing() {
    let dir = SiteTest::one_paper();
    assert!(dir.run(&["build"]).status.success());
    let published = crate::output::snapshot(&dir.root().join("public"));
    // Enough papers that the build outlasts the moment the signal comes.
    let abstract_text = "An abstract long enough to take a while to render. ".repeat(20);
    for n in 0..4000 {
        dir.write(
            &format!("content/papers/p{n}.md"),
            &format!("---\nid: p{n}\ntitle: {{ en: Paper {n} }}\nabstract: {{ en: \"{abstract_text}\" }}\ndate: 2024-04-01\n---\n"),
        );
    }
    let out = crate::site_test::interrupted(dir.root(), &["build"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{said}");
    assert!(
        said.contains("Stopped: nothing was published; the output is as it was."),
        "{said}"
    );
    assert_eq!(
        crate::output::snapshot(&dir.root().join("public")),
        published
    );
}
