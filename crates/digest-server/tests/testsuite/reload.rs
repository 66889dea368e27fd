//! Following edits: open pages reload with the new content, once per save; editor
//! temporary files are ignored; papers added, renamed and deleted; stylesheets swapped;
//! folders created while serving are watched.

use std::time::Duration;

use crate::served::*;

#[test]
fn an_edit_reloads_open_pages_with_the_new_content() {
    let served = Served::start();
    let mut events = served.events();
    let text = std::fs::read_to_string(served.path(PAPER)).unwrap();
    std::fs::write(
        served.path(PAPER),
        text.replace(
            "Repairs pruned models.",
            "Repairs pruned models, now faster.",
        ),
    )
    .unwrap();
    // The paper's own page first, and only it reloads; the pages that list the paper
    // follow, and they reload then.
    let own = events.expect("reload");
    assert_eq!(reloaded_pages(&own), ["/repo/papers/2404.02424/"]);
    let page = served.get("/repo/papers/2404.02424/").html();
    assert_eq!(
        texts(&page, "section.paper-summary .l-en"),
        ["Repairs pruned models, now faster."]
    );
    let listings = reloaded_pages(&events.expect("reload"));
    for listing in ["/repo/", "/repo/tags/pruning/", "/repo/digests/2024-04-04/"] {
        assert!(
            listings.iter().any(|p| p == listing),
            "{listing}: {listings:?}"
        );
    }
    assert!(
        !listings
            .iter()
            .any(|p| p == "/repo/papers/2404.02424/" || p == "/repo/papers/2403.19651/"),
        "{listings:?}"
    );
    // The tables that list the paper follow: home page, tag pages, the digest.
    for listing in ["/repo/", "/repo/tags/pruning/", "/repo/tags/vision/"] {
        let html = served.get(listing).html();
        assert!(
            texts(&html, "td.summary .l-en")
                .contains(&"Repairs pruned models, now faster.".to_string()),
            "{listing} still shows the old summary"
        );
    }
    // A digest shows the summary once, in its table.
    let digest = served.get("/repo/digests/2024-04-04/").html();
    assert_eq!(
        texts(&digest, ".digest-summary td.summary .l-en")[0],
        "Repairs pruned models, now faster."
    );
}

#[test]
fn an_atomic_save_is_one_rebuild_and_reading_sources_is_none() {
    let served = Served::start();
    let mut events = served.events();
    let text = std::fs::read_to_string(served.path(PAPER)).unwrap();
    atomic_write(
        &served.path(PAPER),
        &text.replace("Sparse VLMs\"", "Sparse VLMs, revised\""),
    );
    // One rebuild: the paper's page, then the pages that list it.
    events.expect_reload_of("/repo/papers/2404.02424/");
    events.expect_reload_of("/repo/digests/2024-04-04/");
    // Reading every source (as a rebuild does) must not cause another rebuild.
    for entry in walkdir(&served.path("content")) {
        let _ = std::fs::read(entry).unwrap();
    }
    let _ = std::fs::read(served.path("site.yaml")).unwrap();
    let more: Vec<String> = events
        .drain_for(Duration::from_millis(1500))
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert!(more.is_empty(), "more events after one save: {more:?}");
    let page = served.get("/repo/papers/2404.02424/").html();
    assert_eq!(texts(&page, "h1 .l-en"), ["Sparse VLMs, revised"]);
}

/// A save that truncates the file and writes it a moment later (a slow disk, a network
/// file system), or moves it away and writes a new one, shows no error in between.
#[test]
fn a_save_in_two_steps_shows_no_error_in_between() {
    let served = Served::start();
    let mut events = served.events();
    let path = served.path(PAPER);
    let text = std::fs::read_to_string(&path).unwrap();
    {
        use std::io::Write;
        let mut file = std::fs::File::create(&path).unwrap(); // truncated
        std::thread::sleep(Duration::from_millis(60));
        file.write_all(
            text.replace("Sparse VLMs\"", "Sparse VLMs, again\"")
                .as_bytes(),
        )
        .unwrap();
    }
    std::fs::rename(&path, served.path("content/papers/2404.02424.md.bak")).unwrap();
    std::thread::sleep(Duration::from_millis(60));
    std::fs::write(&path, text.replace("Sparse VLMs\"", "Sparse VLMs, third\"")).unwrap();
    std::fs::remove_file(served.path("content/papers/2404.02424.md.bak")).unwrap();
    served.wait_for("/repo/papers/2404.02424/", "the last save", |page| {
        page.text().contains("Sparse VLMs, third")
    });
    let names: Vec<String> = events
        .drain_for(Duration::from_millis(500))
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert!(
        !names.iter().any(|n| n == "diagnostics"),
        "an error was shown between the steps of a save: {names:?}"
    );
    assert!(!served.server().has_errors());
}

#[test]
fn editor_temporary_files_are_ignored() {
    let served = Served::start();
    let mut events = served.events();
    for name in [
        ".2404.02424.md.swp",
        "2404.02424.md~",
        ".#2404.02424.md",
        "4913",
    ] {
        write_file(
            &served.path(&format!("content/papers/{name}")),
            "not front matter",
        );
    }
    let got: Vec<String> = events
        .drain_for(Duration::from_millis(1500))
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert!(got.is_empty(), "temporary files caused events: {got:?}");
    assert!(!served.server().has_errors());
}

#[test]
fn added_renamed_and_deleted_papers_are_followed() {
    let served = Served::start();
    let mut events = served.events();

    // Add: a newest paper with a new tag.
    write_file(
        &served.path("content/papers/2405.00001.md"),
        &paper(
            "2405.00001",
            "2024-05-01",
            "Fresh Paper",
            "Brand new.",
            &["novelty"],
        ),
    );
    events.expect("reload");
    served.wait_for("/repo/papers/2405.00001/", "served", |r| r.status == 200);
    // Newest first; the home page holds fewer than twice per_page rows: all three.
    let home = served.get("/repo/").html();
    assert_eq!(
        texts(&home, "td.ref"),
        ["2405.00001", "2404.02424", "2403.19651"]
    );
    let tag = served.get("/repo/tags/novelty/").html();
    assert_eq!(texts(&tag, "td.ref"), ["2405.00001"]);

    // Rename the file: the paper (its id) stays, and its pages are as they were (seen as
    // one change, it reloads nothing; as a removal and an addition, what they changed).
    std::fs::rename(
        served.path("content/papers/2405.00001.md"),
        served.path("content/papers/fresh.md"),
    )
    .unwrap();
    served.wait_for("/repo/papers/2405.00001/", "served", |r| r.status == 200);

    // Delete it: its page, its tag and its table rows are gone.
    std::fs::remove_file(served.path("content/papers/fresh.md")).unwrap();
    events.expect_reload_of("/repo/papers/2405.00001/");
    // (A rename may be seen as two changes; wait for the state, not for an event count.)
    served.wait_for("/repo/papers/2405.00001/", "gone", |r| r.status == 404);
    assert_eq!(served.get("/repo/tags/novelty/").status, 404);
    let home = served.get("/repo/").html();
    assert_eq!(texts(&home, "td.ref"), ["2404.02424", "2403.19651"]);
    let tags = served.get("/repo/tags/").text();
    assert!(!tags.contains("novelty"));

    // Deleting a paper a digest lists is an error: the last good site stays.
    std::fs::remove_file(served.path("content/papers/2403.19651.md")).unwrap();
    let overlay = events.expect("diagnostics");
    assert!(
        overlay.data.contains("no paper has the id `2403.19651`"),
        "{}",
        overlay.data
    );
    assert_eq!(served.get("/repo/papers/2403.19651/").status, 200);
}

#[test]
fn a_stylesheet_change_swaps_stylesheets() {
    let served = Served::start();
    let mut events = served.events();
    std::fs::write(served.path("static/custom.css"), "body { margin: 1rem; }\n").unwrap();
    events.expect("css");
    assert_eq!(
        served.get("/repo/custom.css").text(),
        "body { margin: 1rem; }\n"
    );
}

/// A stylesheet removed or added changes every page's links: pages reload (swapping the
/// stylesheets a page has could not show it).
#[test]
fn a_stylesheet_removed_or_added_reloads_the_pages() {
    let served = Served::start();
    let mut events = served.events();
    std::fs::remove_file(served.path("static/custom.css")).unwrap();
    let reload = events.expect("reload");
    assert!(
        !served.get("/repo/").text().contains("custom.css"),
        "{reload:?}"
    );
    let _ = events.drain_for(std::time::Duration::from_millis(300));
    std::fs::write(served.path("static/custom.css"), "a { color: red; }\n").unwrap();
    let later = events.drain_for(std::time::Duration::from_secs(2));
    assert!(
        later.iter().any(|e| e.name == "reload") && !later.iter().any(|e| e.name == "css"),
        "{later:?}"
    );
    assert!(served.get("/repo/").text().contains("custom.css"));
}

/// `static/` and a content folder with a dot in its name, removed whole, take their files
/// with them.
#[test]
fn folders_removed_whole_take_their_files() {
    let served = Served::start();
    assert_eq!(served.get("/repo/custom.css").status, 200);
    std::fs::remove_dir_all(served.path("static")).unwrap();
    served.wait_for("/repo/custom.css", "the static folder gone", |r| {
        r.status == 404
    });
    let archive = served.path("content/papers/archive.2025");
    std::fs::create_dir(&archive).unwrap();
    std::fs::write(
        archive.join("2501.09999.md"),
        "---\nid: \"2501.09999\"\ntitle: { en: Archived }\n---\n",
    )
    .unwrap();
    served.wait_for("/repo/papers/2501.09999/", "the archived paper", |r| {
        r.status == 200
    });
    std::fs::remove_dir_all(&archive).unwrap();
    served.wait_for("/repo/papers/2501.09999/", "the folder gone", |r| {
        r.status == 404
    });
}

/// `static/` (or `content/`) created while serving is watched from then on.
#[test]
fn a_static_folder_created_while_serving_is_watched() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path());
    std::fs::remove_dir_all(dir.path().join("static")).unwrap();
    let served = Served::start_in(dir);
    let mut events = served.events();
    assert_eq!(served.get("/repo/custom.css").status, 404);
    std::fs::create_dir(served.path("static")).unwrap();
    std::fs::write(served.path("static/custom.css"), "a { color: red; }\n").unwrap();
    served.wait_for("/repo/custom.css", "the new static file", |r| {
        r.status == 200 && r.text() == "a { color: red; }\n"
    });
    // A later change in the new folder is seen too.
    let _ = events.drain_for(std::time::Duration::from_millis(300));
    std::fs::write(served.path("static/custom.css"), "a { color: blue; }\n").unwrap();
    events.expect("css");
    served.wait_for("/repo/custom.css", "the edited static file", |r| {
        r.text() == "a { color: blue; }\n"
    });
}

/// A head or footer hook added or changed while serving shows on the pages.
#[test]
fn template_hooks_are_followed() {
    let served = Served::start();
    assert_eq!(served.get("/repo/").status, 200);
    write_file(
        &served.path("templates/head.html"),
        "<meta name=\"hooked\" content=\"1\">\n",
    );
    served.wait_for("/repo/", "the head hook", |page| {
        page.text().contains("<meta name=\"hooked\" content=\"1\">")
    });
    atomic_write(
        &served.path("templates/footer.html"),
        "<p class=\"owner\">Owner</p>\n",
    );
    let page = served.wait_for("/repo/papers/2404.02424/", "the footer hook", |page| {
        page.text().contains("<p class=\"owner\">Owner</p>")
    });
    assert_eq!(
        page.html()
            .select(&scraper::Selector::parse("footer .owner").unwrap())
            .count(),
        1
    );
}

/// A save of site.yaml or a digest that changes no page (its bytes written again, or a
/// comment added) reloads nothing; one that changes some pages reloads those only.
#[test]
fn a_whole_rebuild_reloads_only_the_pages_it_changed() {
    let served = Served::start();
    let mut events = served.events();
    let config = std::fs::read_to_string(served.path("site.yaml")).unwrap();
    std::fs::write(served.path("site.yaml"), format!("{config}# a comment\n")).unwrap();
    let after: Vec<String> = events
        .drain_for(Duration::from_millis(2500))
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert!(
        after.is_empty(),
        "events after a save that changed no page: {after:?}"
    );

    // A digest's introduction edited: its page reloads, not the papers' pages.
    let digest = served.path("content/digests/2024-04-04.md");
    let text = std::fs::read_to_string(&digest).unwrap();
    let edited = text.replace("This week.", "This busy week.");
    assert_ne!(text, edited);
    std::fs::write(&digest, edited).unwrap();
    let event = events.expect("reload");
    let pages = reloaded_pages(&event);
    assert!(
        pages.iter().any(|p| p == "/repo/digests/2024-04-04/"),
        "{pages:?}"
    );
    assert!(
        !pages.iter().any(|p| p.starts_with("/repo/papers/")),
        "papers' pages that do not show the introduction: {pages:?}"
    );

    // Its papers listed in another order: its page, feed and BibTeX change, and the
    // pages that changed reload, not every page (a feed is loaded by no page).
    let text = std::fs::read_to_string(&digest).unwrap();
    let reordered = text.replace(
        "  - \"2404.02424\"\n  - \"2403.19651\"",
        "  - \"2403.19651\"\n  - \"2404.02424\"",
    );
    assert_ne!(text, reordered);
    std::fs::write(&digest, reordered).unwrap();
    let event = events.expect("reload");
    let pages = reloaded_pages(&event);
    assert!(
        event.data != "*" && pages.iter().any(|p| p == "/repo/digests/2024-04-04/"),
        "{event:?}"
    );
}

/// An edit of a paper reloads the pages whose bytes changed, not a listing that was
/// rendered again but shows nothing of what was edited (the notes are not on the home
/// page).
#[test]
fn a_paper_edit_reloads_only_the_pages_it_changed() {
    let served = Served::start();
    let mut events = served.events();
    let paper = served.path(PAPER);
    let text = std::fs::read_to_string(&paper).unwrap();
    let edited = text.replace("Notes on Sparse VLMs.", "Notes on Sparse VLMs, edited.");
    assert_ne!(text, edited, "{text}");
    atomic_write(&paper, &edited);
    // The paper's page first, then what lists it, of which nothing shows the notes.
    let mut reloaded = Vec::new();
    for event in events.drain_for(Duration::from_millis(2500)) {
        if event.name == "reload" {
            assert!(event.data != "*", "every page reloaded: {event:?}");
            reloaded.extend(reloaded_pages(&event));
        }
    }
    assert_eq!(reloaded, ["/repo/papers/2404.02424/"]);
}

/// Two saves close together: a page reloading from the first is served before the second
/// is published, and connects after. Its socket says the version it is, and it is sent
/// what changed since, so it reloads again and ends on the newest; a page served after
/// the saves, or one that the saves did not change, does not reload.
#[test]
fn a_page_served_before_a_save_it_missed_reloads_when_it_connects() {
    let served = Served::start();
    let own = "/repo/papers/2404.02424/";
    let loading = live_address(&served.get(own));
    let other = live_address(&served.get("/repo/papers/2402.10882/"));
    let text = std::fs::read_to_string(served.path(PAPER)).unwrap();
    std::fs::write(
        served.path(PAPER),
        text.replace("Sparse VLMs\"", "Sparse VLMs, second save\""),
    )
    .unwrap();
    // Published (the paper's page and the listings after it) before the page connects.
    served.wait_for(
        "/repo/digests/2024-04-04/",
        "the saved paper listed",
        |page| page.text().contains("Sparse VLMs, second save"),
    );
    let mut late = EventStream::open(served.addr(), &loading);
    late.expect("ready");
    late.expect_reload_of(own);

    // Up to date, or not changed by the save: nothing to reload.
    let fresh = live_address(&served.get(own));
    for (address, page) in [(fresh, own), (other, "/repo/papers/2402.10882/")] {
        let mut events = EventStream::open(served.addr(), &address);
        events.expect("ready");
        let reloads: Vec<LiveEvent> = events
            .drain_for(Duration::from_millis(500))
            .into_iter()
            .filter(|e| {
                e.name == "reload" && (e.data == "*" || reloaded_pages(e).iter().any(|p| p == page))
            })
            .collect();
        assert!(reloads.is_empty(), "{page}: {reloads:?}");
    }
}

/// A page of a server since restarted (another run: its versions mean nothing here)
/// reloads as soon as it connects.
#[test]
fn a_page_of_a_server_since_restarted_reloads_when_it_connects() {
    let served = Served::start();
    let address = live_address(&served.get("/repo/papers/2404.02424/"));
    let (path, version) = address.split_once("?v=").unwrap();
    let (_, generation) = version.split_once('-').unwrap();
    let mut events = EventStream::open(served.addr(), &format!("{path}?v=0-{generation}"));
    events.expect("ready");
    assert_eq!(events.expect("reload").data, "*");
}

/// `site.yaml` may be a link to a file kept elsewhere (as `content/` or `static/` may be
/// links to folders): a save of the file it links to rebuilds the site.
#[cfg(unix)]
#[test]
fn a_save_of_the_file_site_yaml_links_to_rebuilds() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path());
    let shared = tempfile::tempdir().unwrap();
    let linked = shared.path().join("site.yaml");
    std::fs::rename(dir.path().join("site.yaml"), &linked).unwrap();
    std::os::unix::fs::symlink(&linked, dir.path().join("site.yaml")).unwrap();
    let served = Served::start_in(dir);
    let mut events = served.events();
    atomic_write(&linked, &SITE_YAML.replace("Test Digest", "Renamed Digest"));
    events.expect("reload");
    served.wait_for("/repo/", "the new title", |page| {
        page.text().contains("Renamed Digest")
    });
}

/// A save that reaches the disk in two writes 100 ms apart (a slow or network disk,
/// `scp`): the half-written file reads as broken, but its errors are not shown (over
/// every open page, then taken away) when the rest follows; the save is served.
#[test]
fn a_save_written_in_two_steps_shows_no_error_in_between() {
    use std::io::Write;
    let served = Served::start();
    let mut events = served.events();
    let path = served.path(PAPER);
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("Sparse VLMs\"", "Sparse VLMs, in two steps\"");
    let (first, rest) = text.split_at(text.find("summary:").unwrap());
    let mut file = std::fs::File::create(&path).unwrap();
    file.write_all(first.as_bytes()).unwrap();
    file.flush().unwrap();
    std::thread::sleep(Duration::from_millis(100));
    file.write_all(rest.as_bytes()).unwrap();
    drop(file);
    served.wait_for("/repo/papers/2404.02424/", "the whole save", |page| {
        page.text().contains("Sparse VLMs, in two steps")
    });
    let names: Vec<String> = events
        .drain_for(Duration::from_millis(500))
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert!(
        !names.iter().any(|n| n == "diagnostics"),
        "the half-written file was shown as errors: {names:?}"
    );
}
