//! `init` and `new`: a new site builds at once and its workflow publishes to GitHub Pages;
//! paper skeletons load and validate.

use chrono::NaiveDate;
use digest_core::frontmatter::PaperFrontMatter;
use digest_core::load::{Document, parse_document};
use digest_core::scaffold::{WORKFLOW_PATH, init_site, new_paper, paper_skeleton};
use digest_core::{BuildOptions, build_site, load_config};
use yaml_serde::Value;

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

#[test]
fn init_then_build_succeeds() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("my-digest");
    let files = init_site(&dir, false, day()).expect("init");
    for expected in [
        "site.yaml",
        ".gitignore",
        WORKFLOW_PATH,
        "content/papers/1706.03762.md",
        "content/digests/2026-11-27.md",
    ] {
        assert!(
            files.iter().any(|f| f.to_str() == Some(expected)),
            "{expected}"
        );
        assert!(dir.join(expected).is_file(), "{expected}");
    }
    assert_eq!(
        std::fs::read_to_string(dir.join(".gitignore")).unwrap(),
        "public/\n.public.*\n# What `check --external-links` remembers of links that answered.\n.digest-site-cache/\n"
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
fn init_refuses_a_folder_that_is_not_empty_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let diags = init_site(dir.path(), false, day()).unwrap_err();
    let d = diags.iter().next().unwrap();
    assert_eq!(d.message, "the folder is not empty");
    assert!(d.hint.as_deref().unwrap().contains("--force"));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "nothing written"
    );
    init_site(dir.path(), true, day()).expect("forced");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "mine"
    );
    assert!(dir.path().join("site.yaml").is_file());
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

#[test]
fn workflow_is_valid_yaml_with_the_official_pages_actions() {
    let dir = tempfile::tempdir().unwrap();
    init_site(dir.path(), false, day()).unwrap();
    let text = std::fs::read_to_string(dir.path().join(WORKFLOW_PATH)).unwrap();
    let workflow: Value = yaml_serde::from_str(&text).expect("valid YAML");
    assert_eq!(workflow["permissions"]["pages"].as_str(), Some("write"));
    assert_eq!(workflow["permissions"]["id-token"].as_str(), Some("write"));
    assert!(workflow["on"]["push"]["branches"].as_sequence().is_some());

    let build = steps(&workflow, "build");
    let position = |action: &str| {
        build
            .iter()
            .position(|s| uses(s).starts_with(action))
            .unwrap_or_else(|| panic!("no {action} step"))
    };
    let configure = position("actions/configure-pages@");
    let upload = position("actions/upload-pages-artifact@");
    let install = build
        .iter()
        .position(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.contains("cargo install") && r.contains("digest-site"))
        })
        .expect("digest-site is installed");
    let build_step = build
        .iter()
        .position(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.starts_with("digest-site build"))
        })
        .expect("a build step");
    let run = build[build_step]["run"].as_str().unwrap();
    let pages_id = build[configure]["id"]
        .as_str()
        .expect("configure-pages has an id");
    assert!(
        run.contains(&format!(
            "--base-url \"${{{{ steps.{pages_id}.outputs.base_url }}}}\""
        )),
        "{run}"
    );
    assert!(configure < build_step && install < build_step && build_step < upload);
    assert_eq!(build[upload]["with"]["path"].as_str(), Some("public"));
    assert!(run.contains("--output public"));
    assert!(text.contains(&format!(
        "DIGEST_SITE_VERSION: \"{}\"",
        env!("CARGO_PKG_VERSION")
    )));

    let deploy = steps(&workflow, "deploy");
    assert!(
        deploy
            .iter()
            .any(|s| uses(s).starts_with("actions/deploy-pages@"))
    );
    assert_eq!(workflow["jobs"]["deploy"]["needs"].as_str(), Some("build"));
    assert_eq!(
        workflow["jobs"]["deploy"]["environment"]["name"].as_str(),
        Some("github-pages")
    );
}

fn skeleton(name: &str) -> Document<PaperFrontMatter> {
    let (id, text) = paper_skeleton(name, day()).unwrap_or_else(|d| panic!("{d}"));
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

    let slug = skeleton("my-great-paper");
    assert_eq!(slug.front.title.get("en"), Some("My great paper"));
    assert!(slug.front.arxiv.is_none() && slug.front.url.is_none());

    assert!(paper_skeleton("not a slug!", day()).is_err());

    // In a site: the new files build; a second `new` refuses to overwrite.
    let site = super::empty_site();
    new_paper(site.root(), "2404.02424", day()).unwrap();
    new_paper(site.root(), "my-great-paper", day()).unwrap();
    let again = new_paper(site.root(), "2404.02424", day()).unwrap_err();
    assert!(
        again
            .iter()
            .next()
            .unwrap()
            .message
            .contains("already exists")
    );
    site.build();
}
