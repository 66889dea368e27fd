//! A broken site: its errors show as an overlay until fixed, and the last good site stays
//! served; a site with a broken link is not served.

use std::time::Duration;

use digest_core::BuildOptions;

use crate::served::*;

#[test]
fn errors_show_as_an_overlay_until_fixed() {
    let served = Served::start();
    let mut events = served.events();
    let good = std::fs::read_to_string(served.path(PAPER)).unwrap();
    let broken = good.replace("date: 2024-04-04", "date: [2024-04-04");
    std::fs::write(served.path(PAPER), &broken).unwrap();

    let event = events.expect("diagnostics");
    let overlay: serde_json::Value = serde_json::from_str(&event.data).unwrap();
    let error = &overlay["errors"][0];
    assert_eq!(error["file"], "content/papers/2404.02424.md");
    let line = error["line"].as_u64().unwrap() as usize;
    assert!(line > 0);
    assert!(error["column"].as_u64().unwrap() > 0);
    assert!(!error["message"].as_str().unwrap().is_empty());
    assert_eq!(
        error["source_line"].as_str().unwrap(),
        broken.lines().nth(line - 1).unwrap()
    );
    assert!(served.server().has_errors());

    // The last good site is still served, and a page opened now shows the errors too.
    let page = served.get("/repo/papers/2404.02424/").html();
    assert_eq!(
        texts(&page, "section.paper-summary .l-en"),
        ["Repairs pruned models."]
    );
    let mut late = served.events();
    assert_eq!(late.expect("diagnostics").data, event.data);

    // A dangling reference in a digest while the paper is broken: both are reported.
    std::fs::write(
        served.path("content/digests/2024-04-04.md"),
        "---\ndate: 2024-04-04\npapers:\n  - \"2404.02424\"\n  - \"2403.99999\"\n---\n",
    )
    .unwrap();
    let both = events.expect("diagnostics");
    assert!(
        both.data.contains("no paper has the id `2403.99999`"),
        "{}",
        both.data
    );

    // Fix both: the overlay goes away and the pages reload.
    std::fs::write(
        served.path("content/digests/2024-04-04.md"),
        "---\ndate: 2024-04-04\npapers:\n  - \"2404.02424\"\n---\n",
    )
    .unwrap();
    std::fs::write(served.path(PAPER), &good).unwrap();
    events.expect("fixed");
    events.expect("reload");
    assert!(!served.server().has_errors());
    let digest = served.get("/repo/digests/2024-04-04/").html();
    assert_eq!(texts(&digest, "td.ref"), ["[1]"]);
}

#[test]
fn a_site_broken_at_start_shows_its_errors_until_fixed() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path());
    write_file(
        &dir.path().join("site.yaml"),
        &SITE_YAML.replace("per_page: 2", "per_page: 0"),
    );
    let served = Served::start_in(dir);
    let page = served.get("/anything/");
    assert_eq!(page.status, 503);
    let script = scraper::Selector::parse("script#digest-site-live").unwrap();
    let html = page.html();
    let live = html.select(&script).next().expect("the live-reload script");
    let events_path = live.attr("data-events").unwrap().to_string();
    let mut events = EventStream::open(served.addr(), &events_path);
    events.expect("ready");
    let overlay = events.expect("diagnostics");
    assert!(overlay.data.contains("site.yaml"), "{}", overlay.data);

    write_file(&served.path("site.yaml"), SITE_YAML);
    events.expect("fixed");
    events.expect("reload");
    assert_eq!(served.get("/repo/").status, 200);
    // The address printed while nothing built had no base path: its pages lead there.
    let page = served.get("/papers/2404.02424/?lang=en");
    assert_eq!(page.status, 307);
    assert_eq!(
        page.header("location"),
        Some("/repo/papers/2404.02424/?lang=en")
    );
}

/// `base_url`'s path changed while serving: a page open at the old path (which reloads
/// there) is sent to the new one; a page the site does not have is still not found.
#[test]
fn a_page_at_the_old_base_path_is_sent_to_the_new_one() {
    let served = Served::start();
    assert_eq!(served.get("/repo/papers/2404.02424/").status, 200);
    let mut events = served.events();
    write_file(
        &served.path("site.yaml"),
        &SITE_YAML.replace("/repo/", "/moved/"),
    );
    // Every page reloads: one open at the old path is named by none of the new
    // addresses, and a reload of named pages left it where it was.
    let reload = events.expect("reload");
    assert_eq!(reload.data, "*", "{reload:?}");
    served.wait_for("/moved/", "the moved site", |page| page.status == 200);
    let page = served.get("/repo/papers/2404.02424/");
    assert_eq!(page.status, 307);
    assert_eq!(page.header("location"), Some("/moved/papers/2404.02424/"));
    assert_eq!(served.get("/repo/papers/nothing/").status, 404);
}

/// The errors of an overlay event, as (file, line, message).
fn overlay_errors(event: &LiveEvent) -> Vec<(String, u64, String)> {
    let overlay: serde_json::Value = serde_json::from_str(&event.data).unwrap();
    overlay["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["file"].as_str().unwrap().to_string(),
                e["line"].as_u64().unwrap(),
                e["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// `serve` refuses what `build` refuses: a site with a broken internal link is not served
/// at all, and the overlay shows exactly the errors `build` prints.
#[test]
fn a_site_with_a_broken_link_is_not_served() {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../digest-core/tests/fixtures/invalid/broken_link");
    let dir = tempfile::tempdir().unwrap();
    for file in walkdir(&fixture) {
        let text = std::fs::read_to_string(&file).unwrap();
        write_file(
            &dir.path().join(file.strip_prefix(&fixture).unwrap()),
            &text,
        );
    }
    let out = tempfile::tempdir().unwrap();
    let build = digest_core::build_site(
        dir.path(),
        &BuildOptions {
            output_dir: Some(out.path().join("public")),
            ..BuildOptions::default()
        },
    );
    let built_errors: Vec<(String, u64, String)> = build
        .expect_err("build refuses the fixture")
        .errors()
        .map(|d| {
            (
                d.path.display().to_string(),
                d.line as u64,
                d.message.clone(),
            )
        })
        .collect();
    assert!(!built_errors.is_empty());

    let served = Served::start_in(dir);
    assert!(served.server().has_errors());
    for path in ["/", "/papers/2404.02424/", "/about/", "/atom.xml"] {
        let page = served.get(path);
        assert_eq!(page.status, 503, "{path} was served");
        assert!(
            !page.text().contains("2404.02424"),
            "{path}: {}",
            page.text()
        );
    }
    let mut events = EventStream::open(served.addr(), "/__digest-site/events");
    events.expect("ready");
    let overlay = events.expect("diagnostics");
    assert_eq!(overlay_errors(&overlay), built_errors);
}

/// An edit that breaks a link is refused like any other error, on both rebuild paths: the
/// full rebuild (a page) and the in-place edit of a paper. Links to site.yaml's
/// `base_url` count as links into the site, as in `build`, though the preview is served
/// at another origin.
#[test]
fn an_edit_that_breaks_a_link_keeps_the_last_good_site() {
    let served = Served::start();
    let mut events = served.events();

    // A page: a full rebuild.
    let about = served.path("content/pages/about.md");
    let good_about = std::fs::read_to_string(&about).unwrap();
    std::fs::write(
        &about,
        good_about.replace(
            "About this site.",
            "About [this](/nowhere/) and [that](https://example.github.io/repo/nowhere-else/).",
        ),
    )
    .unwrap();
    let overlay = events.expect("diagnostics");
    let messages: Vec<String> = overlay_errors(&overlay).into_iter().map(|e| e.2).collect();
    assert_eq!(
        messages,
        [
            "the link `/nowhere/` points at no page of the site",
            "the link `https://example.github.io/repo/nowhere-else/` points at no page of the site",
        ]
    );
    let page = served.get("/repo/about/");
    assert_eq!(page.status, 200);
    assert!(
        !page.text().contains("nowhere"),
        "the broken page was served"
    );
    std::fs::write(&about, &good_about).unwrap();
    events.expect("fixed");
    // Put back as it was: the site is the one served, no page reloads.
    let after: Vec<String> = events
        .drain_for(std::time::Duration::from_millis(1500))
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert!(after.is_empty(), "{after:?}");

    // A paper's notes: the in-place path.
    let good_paper = std::fs::read_to_string(served.path(PAPER)).unwrap();
    std::fs::write(
        served.path(PAPER),
        good_paper.replace(
            "Notes on Sparse VLMs.",
            "Notes, see [the other](https://example.github.io/repo/papers/2499.00000/).",
        ),
    )
    .unwrap();
    let overlay = events.expect("diagnostics");
    let errors = overlay_errors(&overlay);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, PAPER);
    assert_eq!(errors[0].1, 13);
    assert!(errors[0].2.contains("points at no page"), "{errors:?}");
    let page = served.get("/repo/papers/2404.02424/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Notes on Sparse VLMs."));
    assert!(
        !page.text().contains("2499.00000"),
        "the broken paper was served"
    );

    // A link that reaches a page: the overlay goes and the page follows.
    std::fs::write(
        served.path(PAPER),
        good_paper.replace(
            "Notes on Sparse VLMs.",
            "Notes, see [the other](https://example.github.io/repo/papers/2403.19651/).",
        ),
    )
    .unwrap();
    events.expect("fixed");
    events.expect("reload");
    let page = served.get("/repo/papers/2404.02424/");
    assert!(page.text().contains("Notes, see"), "{}", page.text());
    assert!(!served.server().has_errors());
}

/// `serve` refuses a site whose output folder `build` refuses (here `output_dir:
/// content`, which would put the built site over the papers), with `build`'s error, and
/// serves it once the folder is fixed.
#[test]
fn a_site_whose_output_folder_build_refuses_is_not_served() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path());
    let site_yaml = dir.path().join("site.yaml");
    let good = std::fs::read_to_string(&site_yaml).unwrap();
    write_file(&site_yaml, &format!("{good}output_dir: content\n"));
    let build = digest_core::build_site(dir.path(), &BuildOptions::default());
    let built_errors: Vec<String> = build
        .expect_err("build refuses an output folder over content/")
        .errors()
        .map(|d| d.message.clone())
        .collect();
    assert!(built_errors[0].contains("content/"), "{built_errors:?}");

    let served = Served::start_in(dir);
    assert!(served.server().has_errors());
    let page = served.get("/repo/");
    assert_eq!(page.status, 503, "the site was served: {}", page.text());
    let mut events = EventStream::open(served.addr(), "/__digest-site/events");
    events.expect("ready");
    let overlay = events.expect("diagnostics");
    let shown: Vec<String> = overlay_errors(&overlay).into_iter().map(|e| e.2).collect();
    assert_eq!(shown, built_errors);

    atomic_write(&served.path("site.yaml"), &good);
    let home = served.wait_for("/repo/", "the fixed site", |page| page.status == 200);
    assert!(home.text().contains("Sparse VLMs"), "{}", home.text());
    assert!(!served.server().has_errors());
}

/// A page open when `serve` stopped, started again while the site has errors: its socket,
/// at the base path the page was served under, is answered (not with the error page); the
/// page keeps what it shows under the overlay, and reloads once the site builds.
#[test]
fn a_page_of_a_server_restarted_with_errors_shows_them_and_reloads_once_fixed() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path());
    let digest = dir.path().join("content/digests/2024-04-04.md");
    let good = std::fs::read_to_string(&digest).unwrap();
    write_file(
        &digest,
        &good.replace("date: 2024-04-04", "date: 2024-04-04: x"),
    );
    let served = Served::start_in(dir);
    assert!(served.server().has_errors());
    // A version of another run of the server.
    let mut events = EventStream::open(served.addr(), "/repo/__digest-site/events?v=0-3");
    events.expect("ready");
    events.expect("diagnostics");
    let before: Vec<String> = events
        .drain_for(Duration::from_millis(300))
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert!(!before.iter().any(|e| e == "reload"), "{before:?}");
    write_file(&digest, &good);
    events.expect("fixed");
    let reload = events.expect("reload");
    assert_eq!(
        (reload.data.as_str(), reload.base.as_deref()),
        ("*", Some("/repo/"))
    );
}

/// A page open when `serve` stopped, started again with another `base_url`: its socket at
/// the old base path is answered, and sends it to the new one.
#[test]
fn a_page_of_a_server_restarted_at_another_base_path_is_sent_there() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path());
    write_file(
        &dir.path().join("site.yaml"),
        &SITE_YAML.replace("/repo/", "/moved/"),
    );
    let served = Served::start_in(dir);
    let mut events = EventStream::open(served.addr(), "/repo/__digest-site/events?v=0-3");
    events.expect("ready");
    let reload = events.expect("reload");
    assert_eq!(
        (reload.data.as_str(), reload.base.as_deref()),
        ("*", Some("/moved/"))
    );
}
