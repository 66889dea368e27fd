//! The command line's habits: `--root` before or after the subcommand, `--quiet` and
//! `--verbose`, exit codes, colour as `CLICOLOR_FORCE` asks, completion scripts, and
//! `check`'s formats for CI.

use std::path::Path;
use std::process::Command;

use crate::site_test::{SiteTest, digest_site, write};

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The site of `SiteTest::one_paper` in `dir/site`, with the paper broken: line 4 holds a
/// front matter field of the wrong type.
fn broken_site(dir: &Path) {
    write(
        dir,
        "site/site.yaml",
        "title: { zh: 测试, en: Test }\nbase_url: https://example.org/\n",
    );
    write(
        dir,
        "site/content/papers/a.md",
        "---\nid: a\ntitle: { en: Alpha }\ntags: 5\n---\n",
    );
}

#[test]
fn root_is_taken_before_and_after_the_subcommand() {
    let dir = SiteTest::one_paper();
    let parent = dir.root().parent().unwrap();
    let name = dir.root().file_name().unwrap().to_str().unwrap();
    for args in [
        vec!["--root", name, "check"],
        vec!["-r", name, "check"],
        vec!["check", "--root", name],
        vec!["check", "-r", name],
    ] {
        let out = digest_site(parent, &args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("No errors found"), "{args:?}");
    }
    let out = digest_site(parent, &["-r", name, "build", "-o", &format!("{name}-out")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        parent
            .join(format!("{name}-out/papers/a/index.html"))
            .is_file()
    );
    std::fs::remove_dir_all(parent.join(format!("{name}-out"))).unwrap();
    // A root that is not there, or holds no site, is said so by its name.
    for (root, says) in [
        (format!("{name}/no-such-folder"), "error: no such folder"),
        (
            format!("{name}/content"),
            "error: the folder holds no site.yaml",
        ),
    ] {
        let out = digest_site(parent, &["-r", &root, "build"]);
        assert_eq!(out.status.code(), Some(1), "{root}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{root}: {}", stderr(&out));
        assert!(stderr(&out).contains(&root), "{root}: {}", stderr(&out));
    }
    // The settings' file given for the site's folder: said so, and its folder named.
    let file = format!("{name}/site.yaml");
    let out = digest_site(parent, &["-r", &file, "check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("error: this is a file, not a folder")
            && stderr(&out).contains(&format!("give its folder, `-r {name}`")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn quiet_prints_errors_only_and_verbose_says_where() {
    let dir = SiteTest::one_paper();
    let out = digest_site(dir.root(), &["-q", "build"]);
    assert!(out.status.success());
    assert_eq!(stderr(&out), "", "quiet build printed");
    // Off a terminal there is no progress bar, however long the build: one line.
    let out = digest_site(dir.root(), &["build"]);
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("Built 1 paper,"),
        "{}",
        stderr(&out)
    );
    let out = digest_site(dir.root(), &["check", "--verbose"]);
    let text = stderr(&out);
    assert!(text.contains("Site: "), "{text}");
    assert!(text.contains("No errors found"), "{text}");

    let broken = tempfile::tempdir().unwrap();
    broken_site(broken.path());
    let out = digest_site(broken.path(), &["--quiet", "-r", "site", "build"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(text.contains("content/papers/a.md:4:"), "{text}");
    assert!(
        !text.contains("The build failed"),
        "a status line in quiet mode: {text}"
    );

    let out = digest_site(dir.root(), &["-q", "-v", "check"]);
    assert_eq!(out.status.code(), Some(2), "quiet and verbose together");
}

#[test]
fn exit_codes_are_0_1_and_2() {
    let dir = SiteTest::one_paper();
    assert_eq!(digest_site(dir.root(), &["check"]).status.code(), Some(0));
    let broken = tempfile::tempdir().unwrap();
    broken_site(broken.path());
    assert_eq!(
        digest_site(broken.path(), &["check", "-r", "site"])
            .status
            .code(),
        Some(1)
    );
    for usage in [
        &["--no-such-flag"][..],
        &["build", "--output"],
        &["frobnicate"],
        // A timeout no link can answer within, and one past any clock's reach.
        &["check", "--external-links", "--link-timeout", "0"],
        &[
            "check",
            "--external-links",
            "--link-timeout",
            "18446744073709551615",
        ],
    ] {
        let out = digest_site(dir.root(), usage);
        assert_eq!(out.status.code(), Some(2), "{usage:?}: {}", stderr(&out));
    }
    // A malformed value is one too, told with what to write, and nothing is written.
    fn files(dir: &Path) -> Vec<std::path::PathBuf> {
        let mut all = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            match entry.path() {
                path if path.is_dir() => all.extend(files(&path)),
                path => all.push(path),
            }
        }
        all.sort();
        all
    }
    let before = files(dir.root());
    for (usage, says) in [
        (
            &["import", "--date", "today", "x.md"][..],
            "`today` is not a date: write the date as YYYY-MM-DD",
        ),
        (
            &["import", "--date", "2024-02-30", "x.md"],
            "`2024-02-30` is not a date",
        ),
        (
            &["new", "my slug"],
            "`my slug` is neither an arXiv id nor a valid paper id: give an arXiv id",
        ),
        (
            &["new", "2404.0242"],
            "`2404.0242` is written as an arXiv id but is none",
        ),
    ] {
        let out = digest_site(dir.root(), usage);
        assert_eq!(out.status.code(), Some(2), "{usage:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{usage:?}: {}", stderr(&out));
    }
    assert_eq!(files(dir.root()), before, "nothing is written");
}

#[test]
fn clicolor_force_colours_diagnostics_off_a_terminal() {
    let broken = tempfile::tempdir().unwrap();
    broken_site(broken.path());
    let run = |vars: &[(&str, &str)]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_digest-site"));
        command
            .args(["check", "-r", "site"])
            .current_dir(broken.path())
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("CLICOLOR");
        for (k, v) in vars {
            command.env(k, v);
        }
        stderr(&command.output().unwrap())
    };
    assert!(!run(&[]).contains('\u{1b}'), "colour on a pipe");
    assert!(
        run(&[("CLICOLOR_FORCE", "1")]).contains("\u{1b}["),
        "no colour"
    );
    assert!(
        !run(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]).contains('\u{1b}'),
        "NO_COLOR wins over CLICOLOR_FORCE"
    );
}

#[test]
fn completion_scripts_name_the_subcommands() {
    let dir = SiteTest::one_paper();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = digest_site(dir.root(), &["completions", shell]);
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        for word in ["build", "serve", "import", "completions", "root"] {
            assert!(script.contains(word), "{shell} script lacks {word}");
        }
    }
    let out = digest_site(dir.root(), &["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
}

/// In bash, a subcommand's options complete (`digest-site build --b` offers `--base-url`),
/// as bash runs the script: clap_complete's own script offered none.
#[cfg(unix)]
#[test]
fn bash_completes_a_subcommands_options() {
    let dir = SiteTest::one_paper();
    let out = digest_site(dir.root(), &["completions", "bash"]);
    let script = dir.root().join("digest-site.bash");
    std::fs::write(&script, &out.stdout).unwrap();
    let offered = |words: &str, current: &str, previous: &str| {
        let out = Command::new("bash")
            .arg("-c")
            .arg(format!(
                "source {}; COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); \
                 _digest__site digest-site '{current}' '{previous}'; echo \"${{COMPREPLY[*]}}\"",
                script.display()
            ))
            .output()
            .expect("bash runs");
        stdout(&out).trim().to_string()
    };
    assert_eq!(
        offered("digest-site build --b", "--b", "build"),
        "--base-url"
    );
    assert!(offered("digest-site import --f", "--f", "import").contains("--force"));
    assert!(offered("digest-site bu", "bu", "digest-site").contains("build"));
}

#[test]
fn check_prints_github_annotations_for_a_broken_site() {
    let broken = tempfile::tempdir().unwrap();
    broken_site(broken.path());
    write(
        broken.path(),
        "site/content/papers/b.md",
        "---\nid: b\ntitle: { en: Beta }\ndate: 2024-13-45\n---\n",
    );
    let out = digest_site(
        broken.path(),
        &["check", "--root", "site", "--format", "github"],
    );
    assert_eq!(out.status.code(), Some(1));
    let annotations: Vec<String> = stdout(&out).lines().map(str::to_string).collect();
    assert_eq!(annotations.len(), 2, "{annotations:?}");
    for (file, line) in [
        ("site/content/papers/a.md", 4),
        ("site/content/papers/b.md", 4),
    ] {
        let prefix = format!("::error file={file},line={line},col=");
        let found = annotations
            .iter()
            .find(|a| a.starts_with(&prefix))
            .unwrap_or_else(|| panic!("no annotation {prefix}…: {annotations:?}"));
        let (_, message) = found.split_once(",title=digest-site check::").unwrap();
        assert!(!message.is_empty() && !message.contains('\n'), "{found}");
    }
    // The human form stays on stderr for the log.
    assert!(stderr(&out).contains("content/papers/a.md:4:"));

    // GitHub Actions gets annotations without asking.
    let out = Command::new(env!("CARGO_BIN_EXE_digest-site"))
        .args(["check", "-r", "site"])
        .current_dir(broken.path())
        .env("GITHUB_ACTIONS", "true")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(stdout(&out).lines().count(), 2, "{}", stdout(&out));
    assert!(stdout(&out).starts_with("::error file=site/content/papers/"));
}

#[test]
fn check_prints_json_for_other_tools() {
    let broken = tempfile::tempdir().unwrap();
    broken_site(broken.path());
    let out = digest_site(broken.path(), &["check", "-r", "site", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(report["errors"], 1);
    let d = &report["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "site/content/papers/a.md");
    assert_eq!(d["line"], 4);
    assert_eq!(d["source_line"], "tags: 5");
    assert!(d["message"].as_str().is_some_and(|m| !m.is_empty()));

    let dir = SiteTest::one_paper();
    let out = digest_site(dir.root(), &["check", "--format", "json"]);
    assert!(out.status.success());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["errors"], 0);
    assert_eq!(report["diagnostics"], serde_json::json!([]));
}

/// A site with an error among many warnings of one kind: the human report says the error
/// again after the warnings; the GitHub annotations carry the error and ten warnings of
/// the kind with a notice counting the rest, and the log folds them.
#[test]
fn check_keeps_an_error_in_sight_among_many_warnings() {
    let dir = error_among_many_warnings();
    let out = digest_site(dir.path(), &["check", "--root", "site"]);
    assert_eq!(out.status.code(), Some(1));
    let said = stderr(&out);
    let again = said
        .find("The error again, after the 25 warnings:")
        .unwrap_or_else(|| panic!("{said}"));
    assert!(said[again..].contains("content/papers/a.md:4:"), "{said}");

    let out = digest_site(
        dir.path(),
        &["check", "--root", "site", "--format", "github"],
    );
    assert_eq!(out.status.code(), Some(1));
    let annotations: Vec<String> = stdout(&out).lines().map(str::to_string).collect();
    let count = |prefix: &str| annotations.iter().filter(|a| a.starts_with(prefix)).count();
    assert_eq!(
        (count("::error "), count("::warning "), count("::notice ")),
        (1, 10, 1),
        "{annotations:#?}"
    );
    assert!(
        annotations
            .last()
            .unwrap()
            .contains("15 more warnings of this kind")
    );
    assert!(stderr(&out).contains("15 more warnings of this kind"));
}

/// The site of [`broken_site`] (one error) with 25 papers whose abstracts stop
/// mid-sentence (25 warnings of one kind).
fn error_among_many_warnings() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    broken_site(dir.path());
    for n in 0..25 {
        write(
            dir.path(),
            &format!("site/content/papers/cut{n}.md"),
            &format!(
                "---\nid: cut{n}\ntitle: {{ en: Cut {n} }}\nabstract: {{ en: \"{}A long abstract that a tool cut at a length stops in the middle of a wor\" }}\n---\n",
                "Words of a long abstract. ".repeat(8)
            ),
        );
    }
    dir
}

/// `check -q` prints errors only: the error once (no recap of errors "after the
/// warnings" it did not print), and in the GitHub format no warning annotation and no
/// notice counting warnings.
#[test]
fn quiet_check_prints_the_error_once_and_no_warnings() {
    let dir = error_among_many_warnings();
    let out = digest_site(dir.path(), &["-q", "check", "--root", "site"]);
    assert_eq!(out.status.code(), Some(1));
    let said = stderr(&out);
    assert_eq!(said.matches("content/papers/a.md:4:").count(), 1, "{said}");
    assert!(!said.contains("again"), "{said}");
    assert!(!said.contains("warning"), "{said}");

    let out = digest_site(
        dir.path(),
        &["-q", "check", "--root", "site", "--format", "github"],
    );
    assert_eq!(out.status.code(), Some(1));
    let annotations: Vec<String> = stdout(&out).lines().map(str::to_string).collect();
    assert_eq!(annotations.len(), 1, "{annotations:#?}");
    assert!(
        annotations[0].starts_with("::error file=site/content/papers/a.md,line=4,"),
        "{annotations:#?}"
    );
    let said = stderr(&out);
    assert_eq!(said.matches("content/papers/a.md:4:").count(), 1, "{said}");
    assert!(!said.contains("warning"), "{said}");
}

/// `check`'s machine formats read by a program that stops early (`| head`) end without a
/// panic: the reader's leaving is no error of the check's.
#[test]
fn a_reader_that_stops_early_is_no_panic() {
    use std::io::Read as _;
    let dir = SiteTest::one_paper();
    let cut = "Words of a long abstract that a tool cut. ".repeat(6);
    for i in 0..400 {
        dir.write(
            &format!("content/papers/p{i}.md"),
            &format!("---\nid: p{i}\ntitle: {{ en: Paper {i} }}\nabstract: {{ en: \"{cut}and it stops in the middle of a wor\" }}\n---\n"),
        );
    }
    for format in ["json", "github"] {
        let mut child = crate::site_test::command(dir.root())
            .args(["check", "--format", format])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 10];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        // The pipe is closed here, long before the report's end.
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_ne!(out.status.code(), Some(101), "{format}: {err}");
        assert!(!err.contains("panicked"), "{format}: {err}");
    }
    // The same of what goes to standard error (`2>&1 | head`), every warning with -v.
    for args in [&["build", "-v"][..], &["check", "-v"]] {
        let mut child = crate::site_test::command(dir.root())
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 10];
        child.stderr.take().unwrap().read_exact(&mut first).unwrap();
        let status = child.wait().unwrap();
        assert_ne!(status.code(), Some(101), "{args:?}");
    }
}
