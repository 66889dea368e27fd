//! The dev server end to end: a temporary site served on an ephemeral port, edited on disk
//! while a page listens to the live-reload stream.

mod common;

use std::path::Path;
use std::time::Duration;

use common::*;
use digest_core::BuildOptions;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// What a URL path segment must encode.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'.')
    .remove(b'-')
    .remove(b'_')
    .remove(b'~');

const PAPER: &str = "content/papers/2404.02424.md";

#[test]
fn serves_the_site_under_the_path_of_base_url() {
    let served = Served::start();
    let url = served.server().url();
    assert_eq!(url, format!("http://{}/repo/", served.addr()));

    let home = served.get("/repo/");
    assert_eq!(home.status, 200);
    assert!(
        home.header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    let html = home.html();
    assert_eq!(
        texts(&html, "table.paper-table td.ref"),
        ["2404.02424", "2403.19651"]
    );
    // Links work locally: they carry the prefix.
    let hrefs: Vec<String> = html
        .select(&scraper::Selector::parse("td.ref a").unwrap())
        .map(|a| a.attr("href").unwrap().to_string())
        .collect();
    assert_eq!(
        hrefs,
        ["/repo/papers/2404.02424/", "/repo/papers/2403.19651/"]
    );
    // The page listens for changes at the same prefix.
    let script = scraper::Selector::parse("script#digest-site-live").unwrap();
    let live = html.select(&script).next().expect("the live-reload script");
    assert_eq!(live.attr("data-events"), Some("/repo/__digest-site/events"));

    let root = served.get("/");
    assert_eq!(root.status, 307);
    assert_eq!(root.header("location"), Some("/repo/"));
    let folder = served.get("/repo/papers/2404.02424");
    assert_eq!(folder.status, 307);
    assert_eq!(folder.header("location"), Some("/repo/papers/2404.02424/"));
    let css = served.get("/repo/custom.css");
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").unwrap().starts_with("text/css"));
    assert_eq!(css.text(), "body { margin: 0; }\n");
    // Percent-encoded paths (Chinese tags have such URLs) reach their file.
    assert_eq!(served.get("/repo/tags/pruning/").status, 200);
}

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
    events.expect("reload");

    let page = served.get("/repo/papers/2404.02424/").html();
    assert_eq!(
        texts(&page, "section.paper-summary .l-en"),
        ["Repairs pruned models, now faster."]
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
    let digest = served.get("/repo/digests/2024-04-04/").html();
    assert_eq!(
        texts(&digest, "#ref-1 .summary-block .l-en"),
        ["Repairs pruned models, now faster."]
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
    events.expect("reload");
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
    let home = served.get("/repo/").html();
    assert_eq!(texts(&home, "td.ref"), ["2405.00001", "2404.02424"]);
    let tag = served.get("/repo/tags/novelty/").html();
    assert_eq!(texts(&tag, "td.ref"), ["2405.00001"]);

    // Rename the file: the paper (its id) stays.
    std::fs::rename(
        served.path("content/papers/2405.00001.md"),
        served.path("content/papers/fresh.md"),
    )
    .unwrap();
    events.expect("reload");
    served.wait_for("/repo/papers/2405.00001/", "served", |r| r.status == 200);

    // Delete it: its page, its tag and its table rows are gone.
    std::fs::remove_file(served.path("content/papers/fresh.md")).unwrap();
    events.expect("reload");
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

#[test]
fn traversal_attempts_get_404() {
    let served = Served::start();
    // Files that exist in the site folder but are not part of the built site.
    for path in [
        "/repo/../site.yaml",
        "/repo/%2e%2e/site.yaml",
        "/repo/%2E%2E/site.yaml",
        "/repo/..%2fsite.yaml",
        "/repo/papers/..%2F..%2Fsite.yaml",
        "/repo/papers/%2e%2e/%2e%2e/site.yaml",
        "/repo/..\\site.yaml",
        "/repo/papers\\..\\index.html",
        "/repo/papers%5c..%5cindex.html",
        "/repo//etc/passwd",
        "/repo/%2fetc/passwd",
        "/etc/passwd",
        "/repo/C:/Windows/win.ini",
        "/repo/content/papers/2404.02424.md",
        "/repo/site.yaml",
        "/repo/./index.html",
    ] {
        let response = served.get(path);
        assert_eq!(response.status, 404, "{path}");
        assert!(
            !response.text().contains("base_url"),
            "{path} leaked site.yaml"
        );
    }
    // No directory listings: a folder without index.html is not found.
    assert_eq!(served.get("/repo/papers/").status, 404);
    assert_eq!(served.get("/repo/assets/").status, 404);
    // Only GET and HEAD.
    let mut stream = std::net::TcpStream::connect(served.addr()).unwrap();
    use std::io::{Read, Write};
    write!(stream, "DELETE /repo/ HTTP/1.0\r\n\r\n").unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    assert!(reply.starts_with("HTTP/1.0 405"), "{reply}");
}

#[test]
fn served_pages_equal_a_clean_build() {
    let served = Served::start();
    let mut events = served.events();
    // A structural change (a full rebuild), then in-place edits of papers that digests,
    // tags, pages of the table and the feed show: the last word is the incremental path.
    write_file(
        &served.path("content/papers/2401.00002.md"),
        &paper(
            "2401.00002",
            "2024-01-02",
            "Older Paper",
            "An old one.",
            &["vision"],
        ),
    );
    events.expect("reload");
    let text = std::fs::read_to_string(served.path(PAPER)).unwrap();
    std::fs::write(
        served.path(PAPER),
        text.replace("Notes on", "Fresh notes on")
            .replace("Repairs pruned models.", "Repairs <pruned> & models."),
    )
    .unwrap();
    events.expect("reload");
    let text = std::fs::read_to_string(served.path("content/papers/2403.07332.md")).unwrap();
    std::fs::write(
        served.path("content/papers/2403.07332.md"),
        text.replace("Kernels for everyone.", "Kernels for all of us."),
    )
    .unwrap();
    events.expect("reload");
    let page = served
        .wait_for("/repo/papers/2403.07332/", "updated", |r| {
            r.text().contains("Kernels for all of us.")
        })
        .html();
    assert_eq!(
        texts(&page, "section.paper-summary .l-en"),
        ["Kernels for all of us."]
    );

    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        base_url: Some(served.server().url()),
        output_dir: Some(out.path().join("public")),
        drafts: false,
    };
    digest_core::build_site(served.dir.path(), &options).unwrap();
    let public = out.path().join("public");
    let mut compared = 0;
    for file in walkdir(&public) {
        let relative = file.strip_prefix(&public).unwrap();
        // The record of the files a build wrote belongs to the output folder, not the site.
        if relative == Path::new(digest_core::write::RECORD_FILE) {
            continue;
        }
        let url_path: Vec<String> = relative
            .iter()
            .map(|c| utf8_percent_encode(c.to_str().unwrap(), PATH_SEGMENT).to_string())
            .collect();
        let url = format!("/repo/{}", url_path.join("/"));
        let built = std::fs::read(&file).unwrap();
        let response = if relative.starts_with("search") {
            // The search bundle follows the site in the background.
            served.wait_for(&url, "the built bundle file", |r| r.body == built)
        } else {
            served.get(&url)
        };
        assert_eq!(response.status, 200, "{url}");
        if file.extension().is_some_and(|e| e == "html") {
            let built = String::from_utf8(built).unwrap();
            assert!(
                !built.contains("digest-site-live"),
                "{url}: the build has the live script"
            );
            assert_eq!(strip_live_reload(&response.text()), built, "{url}");
        } else {
            assert!(
                response.body == built,
                "{url}: {} bytes served, {} built",
                response.body.len(),
                built.len()
            );
        }
        compared += 1;
    }
    assert!(compared > 15, "only {compared} files compared");
    assert!(public.join("search/index.json").is_file());
}

#[test]
fn a_busy_port_is_skipped() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let busy = taken.local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mut options = digest_server::ServeOptions::new(dir.path());
    options.port = busy;
    options.terminal.quiet = true;
    let server = runtime
        .block_on(digest_server::Server::start(options))
        .unwrap();
    assert_eq!(server.busy_port(), Some(busy));
    assert_ne!(server.local_addr().port(), busy);
    assert_eq!(http_get(server.local_addr(), "/repo/").status, 200);
    runtime.block_on(server.shutdown()).unwrap();
}

/// A GET of `path` for `host` (no `Host` header when `None`), over HTTP/1.0.
fn get_for_host(served: &Served, path: &str, host: Option<&str>) -> HttpResponse {
    let host = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
    http_raw(served.addr(), &format!("GET {path} HTTP/1.0\r\n{host}\r\n"))
}

/// DNS rebinding: a page of another site that points its name at 127.0.0.1 must not be
/// able to read the preview. Its requests carry its own name in `Host`.
#[test]
fn requests_for_other_hosts_are_refused() {
    let served = Served::start();
    let port = served.addr().port();
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("EVIL.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.evil.example:{port}"),
    ] {
        for path in [
            "/repo/",
            "/repo/custom.css",
            "/repo/__digest-site/events",
            "/",
        ] {
            let response = get_for_host(&served, path, Some(&host));
            assert_eq!(response.status, 403, "{host} {path}");
            assert!(
                response
                    .header("content-type")
                    .unwrap()
                    .starts_with("text/plain"),
                "{host} {path}"
            );
            let text = response.text();
            let name = host.split(':').next().unwrap().to_ascii_lowercase();
            assert!(
                text.contains(&format!("\"{name}\"")) && text.contains("--allowed-host"),
                "{host} {path}: {text}"
            );
            for leak in ["<html", "margin", "event:", "Sparse VLMs", "/repo/"] {
                assert!(
                    !text.contains(leak),
                    "{host} {path} leaked {leak:?}: {text}"
                );
            }
        }
    }
    // Two `Host` headers, or a request target naming another host, are refused too.
    let two = http_raw(
        served.addr(),
        &format!(
            "GET /repo/ HTTP/1.1\r\nHost: localhost:{port}\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
        ),
    );
    assert!(two.status >= 400, "{}", two.status);
    assert!(!two.text().contains("Sparse VLMs"));
    let absolute = http_raw(
        served.addr(),
        &format!(
            "GET http://evil.example/repo/ HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n"
        ),
    );
    assert_eq!(absolute.status, 403);
    assert!(!absolute.text().contains("Sparse VLMs"));
}

#[test]
fn loopback_names_and_ip_addresses_are_answered() {
    let served = Served::start();
    let port = served.addr().port();
    for host in [
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        format!("preview.localhost:{port}"),
        "localhost".to_string(),
        // Any IP address: the address of a LAN interface when bound to 0.0.0.0.
        format!("192.168.1.20:{port}"),
    ] {
        let response = get_for_host(&served, "/repo/", Some(&host));
        assert_eq!(response.status, 200, "{host}");
        assert_eq!(
            texts(&response.html(), "table.paper-table td.ref"),
            ["2404.02424", "2403.19651"],
            "{host}"
        );
    }
    // HTTP/1.0 without a host, as Vite answers it: browsers always send one.
    assert_eq!(get_for_host(&served, "/repo/", None).status, 200);
    // The live-reload stream, for a loopback name.
    let mut events = EventStream::open(served.addr(), "/repo/__digest-site/events");
    events.expect("ready");
}

#[test]
fn allowed_hosts_are_answered() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path());
    let mut options = quiet_options(dir.path());
    options.allowed_hosts = vec![
        "preview.example".parse().unwrap(),
        ".team.example".parse().unwrap(),
    ];
    let served = Served::start_with(dir, options);
    let port = served.addr().port();
    for host in [
        format!("preview.example:{port}"),
        format!("Preview.Example:{port}"),
        format!("team.example:{port}"),
        format!("alice.team.example:{port}"),
    ] {
        let response = get_for_host(&served, "/repo/", Some(&host));
        assert_eq!(response.status, 200, "{host}");
        EventStream::open_as(served.addr(), "/repo/__digest-site/events", &host).expect("ready");
    }
    for host in ["other.example", "x.preview.example", "evilteam.example"] {
        assert_eq!(
            get_for_host(&served, "/repo/", Some(host)).status,
            403,
            "{host}"
        );
    }
}

/// Serving with a short request-head timeout, so that the timeout tests take a second.
fn start_with_head_timeout(timeout: Duration) -> Served {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path());
    let mut options = quiet_options(dir.path());
    options.request_head_timeout = timeout;
    Served::start_with(dir, options)
}

const HEAD_TIMEOUT: Duration = Duration::from_secs(1);

/// Slowloris: a client that sends its request head a byte at a time, or stops halfway,
/// is cut off once the head timeout has passed.
#[test]
fn a_slow_or_stalled_request_head_is_cut_off() {
    use std::io::Write;
    let served = start_with_head_timeout(HEAD_TIMEOUT);
    let head = format!(
        "GET /repo/ HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n",
        served.addr().port()
    );

    // Stalled after part of the head.
    let mut stalled = std::net::TcpStream::connect(served.addr()).unwrap();
    stalled.set_read_timeout(Some(PATIENCE)).unwrap();
    stalled.write_all(head.as_bytes()).unwrap();
    let open = time_until_closed(&mut stalled);
    assert!(open >= HEAD_TIMEOUT / 2, "closed after {open:?}");
    assert!(open < HEAD_TIMEOUT * 5, "closed after {open:?}");

    // A byte every 100 ms: the head never ends in time.
    let mut slow = std::net::TcpStream::connect(served.addr()).unwrap();
    slow.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut writer = slow.try_clone().unwrap();
    let trickle = std::thread::spawn(move || {
        for byte in format!("{head}X-Slow: {}", "a".repeat(200)).bytes() {
            if writer.write_all(&[byte]).is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    });
    let open = time_until_closed(&mut slow);
    assert!(open < HEAD_TIMEOUT * 5, "closed after {open:?}");
    trickle.join().unwrap();

    // A connection that sends nothing at all.
    let mut silent = std::net::TcpStream::connect(served.addr()).unwrap();
    silent.set_read_timeout(Some(PATIENCE)).unwrap();
    let open = time_until_closed(&mut silent);
    assert!(open < HEAD_TIMEOUT * 5, "closed after {open:?}");
}

#[test]
fn an_idle_kept_alive_connection_is_closed() {
    use std::io::Write;
    let served = start_with_head_timeout(HEAD_TIMEOUT);
    let stream = std::net::TcpStream::connect(served.addr()).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut writer = stream.try_clone().unwrap();
    let mut reader = std::io::BufReader::new(stream);
    let request = format!(
        "GET /repo/custom.css HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
        served.addr().port()
    );
    // Kept alive: two requests, one after the other, on the same connection.
    for _ in 0..2 {
        writer.write_all(request.as_bytes()).unwrap();
        let response = read_response(&mut reader);
        assert_eq!(response.status, 200);
        assert_eq!(response.text(), "body { margin: 0; }\n");
    }
    // Then idle: closed.
    let open = time_until_closed(&mut reader);
    assert!(open >= HEAD_TIMEOUT / 2, "closed after {open:?}");
    assert!(open < HEAD_TIMEOUT * 5, "closed after {open:?}");
}

/// The live-reload stream is one long response: the head timeout does not cut it.
#[test]
fn the_live_reload_stream_outlasts_the_head_timeout() {
    let served = start_with_head_timeout(HEAD_TIMEOUT);
    let mut events = served.events();
    assert_eq!(events.drain_for(HEAD_TIMEOUT * 3), []);
    let text = std::fs::read_to_string(served.path(PAPER)).unwrap();
    std::fs::write(
        served.path(PAPER),
        text.replace("Repairs pruned models.", "Repairs pruned models, later."),
    )
    .unwrap();
    events.expect("reload");
}

/// Stopping the server closes kept-alive and silent connections and ends the event
/// streams at once, without waiting for the head timeout.
#[test]
fn stopping_closes_every_connection() {
    use std::io::Write;
    let mut served = start_with_head_timeout(Duration::from_secs(60));
    let mut events = served.events();
    let idle = std::net::TcpStream::connect(served.addr()).unwrap();
    idle.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut writer = idle.try_clone().unwrap();
    let mut idle = std::io::BufReader::new(idle);
    writer
        .write_all(
            format!(
                "GET /repo/custom.css HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
                served.addr().port()
            )
            .as_bytes(),
        )
        .unwrap();
    assert_eq!(read_response(&mut idle).status, 200);
    let mut silent = std::net::TcpStream::connect(served.addr()).unwrap();
    silent.set_read_timeout(Some(PATIENCE)).unwrap();
    std::thread::sleep(Duration::from_millis(100));

    let addr = served.addr();
    let server = served.server.take().unwrap();
    let start = std::time::Instant::now();
    served
        .runtime
        .block_on(async { tokio::time::timeout(PATIENCE, server.shutdown()).await })
        .expect("stopped")
        .unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "stopping took {:?}",
        start.elapsed()
    );
    assert!(time_until_closed(&mut idle) < Duration::from_secs(1));
    assert!(time_until_closed(&mut silent) < Duration::from_secs(1));
    assert_eq!(events.drain_for(Duration::from_millis(200)), []);
    assert!(std::net::TcpStream::connect(addr).is_err());
}

/// The errors of an overlay event, as (file, line, message).
fn overlay_errors(event: &SseEvent) -> Vec<(String, u64, String)> {
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

/// `serve --base-url` serves the site under that URL's path, as `build --base-url` builds
/// it.
#[test]
fn base_url_replaces_the_one_of_site_yaml() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path());
    let mut options = quiet_options(dir.path());
    options.base_url = Some("https://papers.example.org/daily/".into());
    let served = Served::start_with(dir, options);
    assert!(
        served.server().url().ends_with("/daily/"),
        "{}",
        served.server().url()
    );
    let home = served.get("/daily/");
    assert_eq!(home.status, 200);
    assert!(home.text().contains("Sparse VLMs"));
    assert_eq!(served.get("/repo/").status, 404);
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
    events.expect("reload");

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

fn walkdir(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}
