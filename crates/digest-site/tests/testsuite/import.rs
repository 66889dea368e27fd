//! The import, export, new and init commands as a user runs them: exit codes, what is
//! printed, and what is (not) written. The import tests read the shared folder beside the
//! repository and are skipped without it.

use std::path::{Path, PathBuf};

use crate::SUITE;
use crate::site_test::{SiteTest, command, stderr};

/// The reference digest; `None` (the test is skipped) without the shared folder.
fn seed() -> Option<PathBuf> {
    SUITE.shared_path("seeds/000_e6d854fc55a81dd5.txt")
}

/// A real arXiv feed file; `None` without the shared folder.
fn feed(name: &str) -> Option<PathBuf> {
    SUITE.shared_path(&format!("corpus/arxiv-feeds/{name}"))
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// A fresh site made by `init`, with its example content removed.
fn site() -> SiteTest {
    let dir = SiteTest::empty();
    let out = dir.run(&["init"]);
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::remove_dir_all(dir.path("content")).unwrap();
    dir
}

#[test]
fn import_dry_run_writes_nothing_then_import_writes_and_export_gives_the_seed_back() {
    let Some(seed) = seed() else { return };
    let dir = site();
    let seed = seed.to_str().unwrap();
    let before = files_under(dir.root());
    let out = dir.run(&[
        "import",
        seed,
        "--date",
        "2024-04-04",
        "--name",
        "cs.CV",
        "--dry-run",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("would create  content/papers/2404.02424.md"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("dry run: nothing written"));
    assert_eq!(files_under(dir.root()), before);

    let out = dir.run(&["import", seed, "--date", "2024-04-04", "--name", "cs.CV"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Imported 1 Markdown digest: 8 files: 8 created"),
        "{}",
        stderr(&out)
    );

    let out = dir.run(&["export", "markdown"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        std::fs::read_to_string(seed).unwrap()
    );

    let out = dir.run(&["export", "markdown", "2024-04-04-cs-cv", "-o", "out.md"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(dir.root().join("out.md")).unwrap(),
        std::fs::read_to_string(seed).unwrap()
    );
    let out = dir.run(&["export", "markdown", "1999-01-01"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no digest is named `1999-01-01`"),
        "{}",
        stderr(&out)
    );
    // A name with a dot is the name, not a stem and an extension; the digests are listed.
    let out = dir.run(&["export", "markdown", "2401.00001"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no digest is named `2401.00001`")
            && stderr(&out).contains("the site's digests are: 2024-04-04-cs-cv"),
        "{}",
        stderr(&out)
    );
    // Its file names it too.
    let out = dir.run(&["export", "markdown", "content/digests/2024-04-04-cs-cv.md"]);
    assert!(out.status.success(), "{}", stderr(&out));

    let out = dir.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn refused_inputs_exit_1_with_a_located_message_and_write_nothing() {
    let Some(weekend) = feed("rss2_cs.CL_2026-08-01_weekend-EMPTY_0.xml") else {
        return;
    };
    let dir = site();
    let before = files_under(dir.root());
    let out = dir.run(&["import", weekend.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("rss2_cs.CL_2026-08-01_weekend-EMPTY_0.xml:3:3"),
        "{err}"
    );
    assert!(
        err.contains("the announcement feed holds no papers"),
        "{err}"
    );
    assert!(
        err.contains("help: arXiv announces nothing on Saturdays"),
        "{err}"
    );
    assert!(err.contains("Nothing was imported"), "{err}");

    std::fs::write(dir.root().join("broken.md"), "# 摘要\n\n| Ref | Title | Summary |\n| --- | --- | --- |\n| [^1] | [T](https://arxiv.org/abs/2404.00001) | s |\n").unwrap();
    let out = dir.run(&["import", "broken.md"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("broken.md:5:1"), "{}", stderr(&out));
    assert!(stderr(&out).contains("the table row `[^1]` has no details"));
    std::fs::remove_file(dir.root().join("broken.md")).unwrap();
    assert_eq!(files_under(dir.root()), before);
}

#[test]
fn reimport_reports_differences_and_force_replaces() {
    let Some(feed) = feed("rss2_cs.LG_2026-04-27_trimmed_3.xml") else {
        return;
    };
    let dir = site();
    let feed = feed.to_str().unwrap();
    assert!(dir.run(&["import", feed]).status.success());
    let paper = files_under(&dir.root().join("content/papers")).remove(0);
    let text = std::fs::read_to_string(&paper).unwrap();
    std::fs::write(&paper, text.replacen("version: 1", "version: 9", 1)).unwrap();

    let out = dir.run(&["import", feed]);
    assert!(out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("warning: `arxiv.version` differs from the imported value"),
        "{err}"
    );
    assert!(err.contains("3 unchanged"), "{err}");
    assert!(
        std::fs::read_to_string(&paper)
            .unwrap()
            .contains("version: 9")
    );

    let out = dir.run(&["import", feed, "--force"]);
    assert!(out.status.success());
    assert!(stderr(&out).contains("1 replaced"), "{}", stderr(&out));
    assert!(
        std::fs::read_to_string(&paper)
            .unwrap()
            .contains("version: 1")
    );
}

#[test]
fn new_and_init_from_the_command_line() {
    let dir = site();
    let out = dir.run(&["new", "2404.02424"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(dir.root().join("content/papers/2404.02424.md").is_file());
    let out = dir.run(&["new", "2404.02424"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("is already in this file"));
    // A name that is neither an arXiv id nor a slug is a malformed value: a usage error.
    let out = dir.run(&["new", "bad slug!"]);
    assert_eq!(out.status.code(), Some(2));
    // The same arXiv paper in a file of another name, and an id that differs only in
    // case: refused as `check` would refuse them, nothing written.
    dir.write(
        "content/papers/x.md",
        "---\nid: x\ntitle: { en: X }\narxiv: { id: \"2405.00004\" }\n---\n",
    );
    let out = dir.run(&["new", "2405.00004"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("arXiv:2405.00004 is already the paper `x`"),
        "{}",
        stderr(&out)
    );
    let out = dir.run(&["new", "X"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("differs from `X` only in case"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.root().join("content/papers/2405.00004.md").exists());
    assert!(!dir.root().join("content/papers/X.md").exists());
    assert!(dir.run(&["build"]).status.success());

    let parent = SiteTest::empty();
    let out = parent.run(&["init", "my-digest"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The closing message points at the publishing steps, in a file the new site has.
    let readme = std::path::Path::new("my-digest").join("README.md");
    assert!(
        stderr(&out).contains(&format!(
            "{} says how to publish it on GitHub Pages.",
            readme.display()
        )),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("docs/github-pages.md"));
    assert!(parent.root().join(&readme).is_file());
    let out = parent.run_in("my-digest", &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = parent.run(&["init", "my-digest"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("the folder is not empty"));
    let workflow =
        std::fs::read_to_string(parent.root().join("my-digest/.github/workflows/pages.yml"))
            .unwrap();
    let parsed: yaml_serde::Value = yaml_serde::from_str(&workflow).expect("valid YAML");
    assert!(parsed["jobs"]["deploy"].is_mapping());
}

/// `init <user>.github.io` makes a user site, published at the root of its address; and
/// `init --force` keeps the folder's files, and says where ours went.
#[test]
fn init_knows_a_user_site_and_keeps_the_folder_s_files() {
    let parent = SiteTest::empty();
    let out = parent.run(&["init", "Alice.github.io"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let site = parent.root().join("Alice.github.io");
    let config = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    assert!(
        config.contains("base_url: https://alice.github.io/\n"),
        "{config}"
    );
    let readme = std::fs::read_to_string(site.join("README.md")).unwrap();
    assert!(readme.contains("http://127.0.0.1:1111/ while"), "{readme}");
    assert!(readme.contains("`https://alice.github.io/`"), "{readme}");
    let out = parent.run_in("Alice.github.io", &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(
        home.contains("href=\"/assets/style.css"),
        "links from the root"
    );

    std::fs::create_dir(parent.root().join("mine")).unwrap();
    std::fs::write(parent.root().join("mine/README.md"), "# mine\n").unwrap();
    let out = parent.run_in("mine", &["init", ".", "--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(
        said.contains("  keep    ./README.md: yours; ours is beside it, ./README.md.digest-site\n"),
        "{said}"
    );
    assert_eq!(
        std::fs::read_to_string(parent.root().join("mine/README.md")).unwrap(),
        "# mine\n"
    );
    assert!(said.contains("  create  ./site.yaml"), "{said}");
    assert!(
        said.contains("Ours are beside them, named `<name>.digest-site`"),
        "{said}"
    );
    assert!(
        said.contains("Created a site in this folder. Next: `digest-site serve`; ./README.md.digest-site says how to publish it on GitHub Pages."),
        "{said}"
    );
    assert!(!said.contains("warning"), "{said}");
    // Another workflow that publishes to Pages: a warning that says to keep one.
    std::fs::create_dir_all(parent.root().join("mine/.github/workflows")).unwrap();
    std::fs::write(
        parent.root().join("mine/.github/workflows/hugo.yml"),
        "jobs:\n  deploy:\n    steps:\n      - uses: actions/deploy-pages@v4\n",
    )
    .unwrap();
    // A `.gitignore` that is there gets the lines it lacks, and says which.
    std::fs::write(parent.root().join("mine/.gitignore"), ".env\npublic/\n").unwrap();
    let out = parent.run_in("mine", &["init", ".", "--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(
        said.contains("  add to  ./.gitignore: .*.previous/, .*.lock, .*.folders, .*.swap/, .digest-site-cache/, .digest-site-*.tmp (the lines digest-site needs that it lacked)\n"),
        "{said}"
    );
    assert!(
        said.contains("  keep    ./site.yaml: the same as ours\n"),
        "{said}"
    );
    for says in [
        "./.github/workflows/hugo.yml:4:15",
        "this workflow publishes to GitHub Pages too (it uses `actions/deploy-pages`): it and digest-site's `.github/workflows/pages.yml` would overwrite each other's site",
        "keep one of the two: delete this file, or disable it",
    ] {
        assert!(said.contains(says), "{says}\n{said}");
    }
    assert!(
        said.contains("The example paper and digest are left out: `site.yaml` is there already: the site has content of its own."),
        "{said}"
    );
}

#[test]
fn the_tools_json_imports_from_the_command_line_marked_as_machine_written() {
    let dir = site();
    // A day of daily-arXiv-ai-enhanced, one record, written here in the tool's shape.
    let day = r#"{"id": "2509.25220", "categories": ["cs.CL"], "pdf": "https://arxiv.org/pdf/2509.25220", "abs": "https://arxiv.org/abs/2509.25220", "authors": ["Eduard Kapelko"], "title": "Cyclic Ablation", "comment": null, "summary": "Safety and controllability are\ncritical.", "AI": {"tldr": "欺骗行为具有韧性。", "motivation": "探究不良行为。", "method": "循环消融。", "result": "行为恢复。", "conclusion": "概念是纠缠的。"}}
"#;
    std::fs::write(dir.root().join("2025-10-01_AI_enhanced_Chinese.jsonl"), day).unwrap();
    let out = dir.run(&["import", "2025-10-01_AI_enhanced_Chinese.jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Imported 1 daily-arXiv-ai-enhanced day: 2 files: 2 created"),
        "{}",
        stderr(&out)
    );
    // A cn-chat-arxiv paper file of another paper.
    let paper = r#"{
 "title": "Relations Between Adjacency and Modularity. (arXiv:1505.03481v3 [stat.ML] UPDATED)",
 "abstract": "This paper develops the exact linear relationship.",
 "link": "http://arxiv.org/abs/1505.03481",
 "translated_title": "邻接性和模块化之间的关系",
 "translated_abstract": "本文研究了精确线性关系。",
 "tldr": "本文发现了精确线性关系。"
}"#;
    std::fs::write(dir.root().join("1505.03481.json"), paper).unwrap();
    let out = dir.run(&["import", "1505.03481.json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Imported 1 cn-chat-arxiv record file: 1 file: 1 created"),
        "{}",
        stderr(&out)
    );
    let out = dir.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page =
        std::fs::read_to_string(dir.root().join("public/papers/2509.25220/index.html")).unwrap();
    assert!(
        page.contains(r#"data-provenance="tool: daily-arXiv-ai-enhanced; date: 2025-10-01""#),
        "{page}"
    );
    assert!(page.contains(r#"<details class="analysis">"#));
    // Both say where their machine text came from: nothing to list.
    let out = dir.run(&["check", "--list-unmarked"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("0 papers have translations or an analysis but no `generated:`."),
        "{}",
        stderr(&out)
    );
    // The papers out as JSON lines, and into another site: the same paper files.
    let out = dir.run(&["export", "jsonl", "-o", "papers.jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let other = site();
    let exported = dir.root().join("papers.jsonl");
    let out = other.run(&["import", exported.to_str().unwrap()]);
    assert!(
        stderr(&out).contains("Imported 1 digest-site JSONL file: 2 files: 2 created"),
        "{}",
        stderr(&out)
    );
    for paper in ["2509.25220", "1505.03481"] {
        let path = format!("content/papers/{paper}.md");
        assert_eq!(
            std::fs::read_to_string(other.root().join(&path)).unwrap(),
            std::fs::read_to_string(dir.root().join(&path)).unwrap()
        );
    }
    let out = dir.run(&["export", "jsonl"]);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        std::fs::read_to_string(&exported).unwrap()
    );
    // JSON of another kind is refused, and says what import reads.
    std::fs::write(dir.root().join("other.json"), r#"{"items": []}"#).unwrap();
    let out = dir.run(&["import", "other.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .contains("this JSON is neither cn-chat-arxiv nor daily-arXiv-ai-enhanced records"),
        "{}",
        stderr(&out)
    );
}

/// `export -o` never writes over the site's own sources: a paper file, a new file in
/// `content/` (which would be read as content), or `site.yaml`.
#[test]
fn export_refuses_to_write_over_the_site_s_sources() {
    let dir = SiteTest::empty();
    let out = dir.run(&["init"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let paper = dir.path("content/papers/1706.03762.md");
    let before = std::fs::read(&paper).unwrap();
    let config = std::fs::read(dir.path("site.yaml")).unwrap();
    for target in [
        "content/papers/1706.03762.md",
        "content/papers/new.md",
        "content/digests/../x.jsonl",
        "site.yaml",
    ] {
        let out = dir.run(&["export", "jsonl", "-o", target]);
        assert_eq!(out.status.code(), Some(1), "{target}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("the export would replace or add to the site's own sources"),
            "{target}: {}",
            stderr(&out)
        );
    }
    assert_eq!(std::fs::read(&paper).unwrap(), before);
    assert!(!dir.path("content/papers/new.md").exists());
    assert_eq!(std::fs::read(dir.path("site.yaml")).unwrap(), config);
    // Beside them, it writes.
    let out = dir.run(&["export", "jsonl", "-o", "papers.jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(dir.path("papers.jsonl").is_file());
    // Over a file that is there (the site's README, the last export) only when told.
    let readme = std::fs::read(dir.path("README.md")).unwrap();
    for target in ["README.md", "papers.jsonl"] {
        let out = dir.run(&["export", "jsonl", "-o", target]);
        assert_eq!(out.status.code(), Some(1), "{target}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("pass --force to replace"),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(std::fs::read(dir.path("README.md")).unwrap(), readme);
    let out = dir.run(&["export", "jsonl", "-o", "papers.jsonl", "--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Not into the output folder, which holds only what a build writes; not a folder; not
    // over a link; `-` is standard output.
    assert!(dir.run(&["build"]).status.success());
    std::fs::create_dir(dir.path("exports")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("/nonexistent", dir.path("link.jsonl")).unwrap();
    for (target, says) in [
        ("public/x.jsonl", "in the site's output folder"),
        ("exports", "is a folder"),
        #[cfg(unix)]
        ("link.jsonl", "exists: the export would replace it"),
    ] {
        let out = dir.run(&["export", "jsonl", "-o", target]);
        assert_eq!(out.status.code(), Some(1), "{target}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{target}: {}", stderr(&out));
    }
    assert!(!dir.path("public/x.jsonl").exists());
    let out = dir.run(&["export", "jsonl", "-o", "-"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("digest-site-paper-1"));
    assert!(!dir.path("-").exists());
}

/// An import stopped by Ctrl-C writes nothing, leaves nothing behind, and says so (exit
/// 130); temporary files that an import killed outright left in `content/` are removed by
/// the next one, which says how many.
#[cfg(unix)]
#[test]
fn an_import_stopped_by_ctrl_c_writes_nothing_and_leaves_nothing() {
    use std::io::Write as _;

    let dir = SiteTest::empty();
    dir.write("site.yaml", "title: Test\nbase_url: https://example.org/\n");
    // Enough papers that reading them outlasts the moment the signal comes.
    let input = dir.path("many.jsonl");
    let mut lines = std::io::BufWriter::new(std::fs::File::create(&input).unwrap());
    for n in 0..60_000 {
        writeln!(
            lines,
            r#"{{"format":"digest-site-paper-1","paper":{{"id":"p{n}","title":{{"en":"Paper {n}"}},"abstract":{{"en":"An abstract of paper {n}, long enough to take a while to read and check."}}}}}}"#
        )
        .unwrap();
    }
    lines.flush().unwrap();
    drop(lines);
    let out = crate::site_test::interrupted(dir.root(), &["import", "many.jsonl"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{said}");
    assert!(said.contains("nothing was imported"), "{said}");
    let content = dir.path("content");
    assert!(
        !content.exists() || files_under(&content).is_empty(),
        "{:?}",
        files_under(&content)
    );

    // What an import killed between writing and renaming its files left is removed.
    dir.write("content/papers/.digest-site-999999999-0.tmp", "left\n");
    dir.write("content/papers/sub/.digest-site-999999999-7.tmp", "left\n");
    dir.write("content/papers/.digest-site-notes.tmp", "not ours\n");
    dir.write(
        "one.jsonl",
        r#"{"format":"digest-site-paper-1","paper":{"id":"a","title":"A"}}"#,
    );
    let out = dir.run(&["import", "one.jsonl"]);
    let said = stderr(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("Removed 2 temporary files left in content/ by an import that was stopped."),
        "{said}"
    );
    let left: Vec<PathBuf> = files_under(&content.join("papers"));
    assert_eq!(
        left,
        [
            content.join("papers/.digest-site-notes.tmp"),
            content.join("papers/a.md")
        ]
    );
}

/// `--date` given to a tool's daily files, which their names date on different days, is
/// refused: they would all become one digest of that date without a word. One file with
/// `--date` is imported as asked.
#[test]
fn one_date_for_many_dated_days_is_refused() {
    let dir = SiteTest::empty();
    dir.write("site.yaml", "title: Test\nbase_url: https://example.org/\n");
    for (day, id) in [("2025-08-01", "2507.22910"), ("2025-08-02", "2507.22911")] {
        dir.write(
            &format!("days/{day}_AI_enhanced_Chinese.jsonl"),
            &format!(
                "{{\"id\": \"{id}\", \"categories\": [\"cs.CL\"], \"abs\": \"https://arxiv.org/abs/{id}\", \"authors\": [\"A\"], \"title\": \"Paper {id}\", \"summary\": \"An abstract.\", \"AI\": {{\"tldr\": \"One line.\"}}}}\n"
            ),
        );
    }
    let out = dir.run(&["import", "days", "--date", "2025-12-01"]);
    let said = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("`--date 2025-12-01` would make one digest of 2 days of `AI_enhanced_Chinese` that their file names date (2025-08-01 to 2025-08-02)"),
        "{said}"
    );
    assert!(!dir.path("content").exists());
    let out = dir.run(&[
        "import",
        "days/2025-08-02_AI_enhanced_Chinese.jsonl",
        "--date",
        "2025-12-01",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        dir.path("content/digests/2025-12-01-ai-enhanced-chinese.md")
            .is_file()
    );
}

/// `import` and `new` write no file through a link below `content/` (the build would not
/// read it there, and it would land outside the site): they say which part is a link, and
/// nothing is written.
#[cfg(unix)]
#[test]
fn content_is_not_written_through_a_link() {
    let dir = site();
    let elsewhere = dir.root().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::create_dir_all(dir.path("content")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, dir.path("content/papers")).unwrap();
    let paper = r#"{"title": "Relations Between Adjacency and Modularity", "abstract": "This paper develops the exact linear relationship.", "link": "http://arxiv.org/abs/1505.03481", "translated_title": "邻接性和模块化之间的关系", "tldr": "本文发现了精确线性关系。"}"#;
    std::fs::write(dir.root().join("1505.03481.json"), paper).unwrap();
    for args in [
        &["import", "1505.03481.json", "--dry-run"][..],
        &["import", "1505.03481.json"],
        &["new", "2401.00001"],
    ] {
        let out = dir.run(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(
                "`content/papers` is a symbolic link: files are not written through links"
            ),
            "{args:?}: {}",
            stderr(&out)
        );
        assert_eq!(
            std::fs::read_dir(&elsewhere).unwrap().count(),
            0,
            "{args:?}"
        );
    }

    // `content/` may be a link, but one that leads nowhere is said as such.
    std::fs::remove_dir_all(dir.path("content")).unwrap();
    std::os::unix::fs::symlink(dir.root().join("gone"), dir.path("content")).unwrap();
    let out = dir.run(&["new", "2401.00001"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("`content` is a symbolic link to a folder that is not there"),
        "{}",
        stderr(&out)
    );
}

/// `export -o` a device or a named pipe is refused even with `--force` (the export is
/// renamed into place, which would put a file where `/dev/null` was); to standard output,
/// a reader that stops early (`| head`) is no error.
#[cfg(unix)]
#[test]
fn export_writes_no_file_over_a_device_and_stops_quietly_for_head() {
    let dir = SiteTest::one_paper();
    let fifo = dir.path("pipe");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    std::os::unix::fs::symlink("/dev/null", dir.path("null")).unwrap();
    for target in ["pipe", "null"] {
        let out = dir.run(&["export", "jsonl", "-o", target, "--force"]);
        assert_eq!(out.status.code(), Some(1), "{target}: {}", stderr(&out));
        assert!(stderr(&out).contains("is not a file"), "{}", stderr(&out));
    }
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    assert!(
        std::fs::symlink_metadata(dir.path("null"))
            .unwrap()
            .file_type()
            .is_symlink()
    );

    // A reader that closes the pipe at once.
    let mut child = crate::site_test::command(dir.root())
        .args(["export", "jsonl"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("error"));
}

/// An import that stops at a file it may not replace (read-only) writes nothing, and lists
/// none of the files as if they were written; its error says what to do.
#[cfg(unix)]
#[test]
fn a_failed_import_lists_no_file_it_did_not_write() {
    use std::os::unix::fs::PermissionsExt;
    let dir = site();
    let paper = r#"{"title": "Relations Between Adjacency and Modularity", "abstract": "This paper develops the exact linear relationship.", "link": "http://arxiv.org/abs/1505.03481", "translated_title": "邻接性和模块化之间的关系", "tldr": "本文发现了精确线性关系。"}"#;
    std::fs::write(dir.root().join("1505.03481.json"), paper).unwrap();
    assert!(dir.run(&["import", "1505.03481.json"]).status.success());
    let file = dir.path("content/papers/1505.03481.md");
    let before = std::fs::read(&file).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::write(
        dir.root().join("1505.03481.json"),
        paper.replace("exact linear", "exact and linear"),
    )
    .unwrap();
    let out = dir.run(&["import", "--force", "1505.03481.json"]);
    let said = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("the file is read-only"), "{said}");
    assert!(!said.contains("replace content/papers"), "{said}");
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

/// A pipe is read as a file, once and in full (`cat f | digest-site import /dev/stdin`,
/// the shell's `<(...)`): the path exists, though it is no regular file.
#[cfg(unix)]
#[test]
fn a_pipe_is_imported_as_a_file() {
    use std::io::Write;
    let dir = site();
    let paper = r#"{"title": "Relations Between Adjacency and Modularity", "abstract": "This paper develops the exact linear relationship.", "link": "http://arxiv.org/abs/1505.03481", "translated_title": "邻接性和模块化之间的关系", "tldr": "本文发现了精确线性关系。"}"#;
    let mut child = command(dir.root())
        .args(["import", "/dev/stdin"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(paper.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let said = stderr(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("1 created"), "{said}");
    let written = std::fs::read_to_string(dir.path("content/papers/1505.03481.md")).unwrap();
    assert!(written.contains("邻接性和模块化之间的关系"), "{written}");
}
