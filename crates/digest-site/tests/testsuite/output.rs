//! The output folder as a user can get it wrong: pointed at the site's own folders, at a
//! folder of their files, or killed in the middle of a publish. digest-site must never delete
//! a file it did not write, and the published output is always one whole build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Instant;

use crate::site_test::{SiteTest, digest_site, write};

fn paper(id: &str, title: &str) -> String {
    format!(
        "---\nid: \"{id}\"\ntitle: {{ en: \"{title}\", zh: 论文 {id} }}\nsummary: {{ zh: 一句话 {id} }}\nabstract: {{ en: \"About {title}.\" }}\ndate: 2024-04-01\n---\n"
    )
}

/// The one-paper site with a digest and a static file.
fn site() -> SiteTest {
    let dir = SiteTest::one_paper();
    dir.write("content/papers/a.md", &paper("a", "Alpha"));
    dir.write(
        "content/digests/d.md",
        "---\ntitle: { en: Day }\ndate: 2024-04-01\npapers: [a]\n---\n",
    );
    dir.write("static/logo.txt", "logo");
    dir
}

/// Every file under `dir` with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let bytes = std::fs::read(e.path()).unwrap();
            (e.path().strip_prefix(dir).unwrap().to_path_buf(), bytes)
        })
        .collect()
}

fn assert_refused(out: &Output, expected: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(expected), "{stderr}");
    assert!(stderr.contains("help:"), "no hint: {stderr}");
}

#[test]
fn an_output_folder_that_is_or_holds_the_sources_is_refused() {
    let dir = site();
    let sources = snapshot(dir.root());
    for output in [
        "static/..",
        "public/..",
        ".",
        "content",
        "content/papers",
        "content/digests",
        "static",
        "static/sub",
        "public/../content/papers/",
    ] {
        let out = dir.run(&["build", "--output", output]);
        assert_refused(&out, "would replace the site's own files");
        assert_eq!(
            snapshot(dir.root()),
            sources,
            "--output {output} changed the site"
        );
    }

    // The same in site.yaml.
    dir.write(
        "site.yaml",
        "title: { zh: 测试, en: Test }\nbase_url: https://example.org/\noutput_dir: public/..\n",
    );
    let sources = snapshot(dir.root());
    let out = dir.run(&["build"]);
    assert_refused(&out, "is the site's folder or holds it");
    // Said at the value in site.yaml.
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--> site.yaml:3:13"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(snapshot(dir.root()), sources);
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_into_the_sources_is_seen_through() {
    let dir = site();
    std::os::unix::fs::symlink(dir.root().join("content/papers"), dir.root().join("out")).unwrap();
    let sources = snapshot(&dir.root().join("content"));
    let out = dir.run(&["build", "--output", "out"]);
    assert_refused(&out, "lies inside the site's `content/`");
    assert_eq!(snapshot(&dir.root().join("content")), sources);
}

#[test]
fn a_folder_of_the_users_files_is_refused_and_kept() {
    let dir = site();
    dir.write("D/notes.txt", "my notes");
    dir.write("D/photos/a.jpg", "jpeg");
    let before = snapshot(&dir.root().join("D"));
    let out = dir.run(&["build", "--output", "D"]);
    assert_refused(&out, "holds 2 files that digest-site did not write");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("notes.txt"), "{stderr}");
    assert_eq!(snapshot(&dir.root().join("D")), before);
    // Nothing is left beside it either (the lock file the build took was left before).
    let beside: Vec<String> = std::fs::read_dir(dir.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".D."))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");

    // A file put by hand into a built output stops the next build, and stays.
    let out = dir.run(&["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir.write("public/google123.html", "verification");
    // `check` refuses what `build` would refuse.
    let out = dir.run(&["check"]);
    assert_refused(&out, "google123.html");
    let out = dir.run(&["build"]);
    assert_refused(&out, "google123.html");
    assert!(String::from_utf8_lossy(&out.stderr).contains("static/"));
    assert_eq!(
        std::fs::read_to_string(dir.root().join("public/google123.html")).unwrap(),
        "verification"
    );
    // Moved into static/, as the hint says, it is published.
    std::fs::remove_file(dir.root().join("public/google123.html")).unwrap();
    dir.write("static/google123.html", "verification");
    let out = dir.run(&["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.root().join("public/google123.html").is_file());
}

#[test]
fn pages_whose_source_is_gone_are_removed_from_both_trees() {
    let dir = site();
    dir.write("content/papers/b.md", &paper("b", "Beta"));
    for _ in 0..2 {
        let out = dir.run(&["build"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(dir.root().join("public/papers/b/index.html").is_file());
    std::fs::remove_file(dir.root().join("content/papers/b.md")).unwrap();
    for _ in 0..2 {
        let out = dir.run(&["build"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!dir.root().join("public/papers/b").exists());
    }
    assert_eq!(
        snapshot(&dir.root().join("public")),
        snapshot(&dir.root().join(".public.previous"))
    );
}

/// A site of `n` papers and one digest; every other paper's title and the digest's carry `mark`.
fn big_site(dir: &Path, n: usize, mark: &str) {
    write(
        dir,
        "site.yaml",
        "title: { zh: 测试, en: Test }\nbase_url: https://example.org/\nper_page: 50\n",
    );
    let mut ids = Vec::new();
    for i in 0..n {
        let id = format!("p{i:05}");
        // Half of the papers change between the two sites.
        let title = if i % 2 == 0 {
            format!("Paper {i}")
        } else {
            format!("Paper {i} {mark}")
        };
        write(dir, &format!("content/papers/{id}.md"), &paper(&id, &title));
        ids.push(format!("\"{id}\""));
    }
    write(
        dir,
        "content/digests/day.md",
        &format!(
            "---\ntitle: {{ en: Day {mark} }}\ndate: 2024-04-01\npapers: [{}]\n---\n",
            ids.join(", ")
        ),
    );
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_previous_or_the_new_output() {
    let work = tempfile::tempdir().unwrap();
    let (old_site, new_site) = (work.path().join("old"), work.path().join("new"));
    big_site(&old_site, 400, "old");
    big_site(&new_site, 400, "new");
    let out = work.path().join("public");
    let out_arg = out.to_str().unwrap();
    let build = |site: &Path| {
        let result = digest_site(site, &["build", "--output", out_arg]);
        assert!(
            result.status.success(),
            "{}",
            String::from_utf8_lossy(&result.stderr)
        );
    };

    build(&new_site);
    let new = snapshot(&out);
    let started = Instant::now();
    build(&old_site);
    let duration = started.elapsed();
    let old = snapshot(&out);
    let changed = new.iter().filter(|(k, v)| old.get(*k) != Some(*v)).count();
    assert!(
        changed > new.len() / 3,
        "{changed} of {} files change",
        new.len()
    );

    let (mut saw_old, mut saw_new) = (0, 0);
    for step in 1..=6u32 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_digest-site"))
            .args(["build", "--output", out_arg])
            .current_dir(&new_site)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(duration * step / 6);
        // SIGKILL: no chance to clean up.
        let _ = child.kill();
        child.wait().unwrap();
        let now = snapshot(&out);
        if now == old {
            saw_old += 1;
        } else if now == new {
            saw_new += 1;
        } else {
            let mixed = now.iter().filter(|(k, v)| new.get(*k) == Some(*v)).count();
            panic!(
                "after a kill at {:?} the output mixes two builds: {mixed} of {} files new",
                duration * step / 6,
                now.len()
            );
        }
        // Back to the old site for the next kill.
        build(&old_site);
        assert_eq!(snapshot(&out), old);
    }
    eprintln!(
        "a build took {duration:?}; kills: {saw_old} left the previous output, {saw_new} the new one"
    );
    // A build after the kills publishes exactly the new site, and leaves no staging behind.
    build(&new_site);
    assert_eq!(snapshot(&out), new);
    let mut beside: Vec<String> = std::fs::read_dir(work.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(
        beside,
        [
            ".public.folders",
            ".public.lock",
            ".public.previous",
            "new",
            "old",
            "public"
        ]
    );
}
