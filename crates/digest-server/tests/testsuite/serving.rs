//! What the dev server serves: the site under the path of `base_url`, nothing outside it,
//! the same bytes as a clean build, and a free port when the asked one is busy.

use std::path::Path;

use digest_core::BuildOptions;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::served::*;

/// What a URL path segment must encode.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'.')
    .remove(b'-')
    .remove(b'_')
    .remove(b'~');

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
    assert!(
        live.attr("data-events")
            .unwrap()
            .starts_with("/repo/__digest-site/events?v="),
        "{:?}",
        live.attr("data-events")
    );

    let root = served.get("/");
    assert_eq!(root.status, 307);
    assert_eq!(root.header("location"), Some("/repo/"));
    let folder = served.get("/repo/papers/2404.02424");
    assert_eq!(folder.status, 307);
    assert_eq!(folder.header("location"), Some("/repo/papers/2404.02424/"));
    // A shared link's query goes along.
    let shared = served.get("/repo/papers/2404.02424?lang=en");
    assert_eq!(
        shared.header("location"),
        Some("/repo/papers/2404.02424/?lang=en")
    );
    let css = served.get("/repo/custom.css");
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").unwrap().starts_with("text/css"));
    assert_eq!(css.text(), "body { margin: 0; }\n");
    // Percent-encoded paths (Chinese tags have such URLs) reach their file.
    assert_eq!(served.get("/repo/tags/pruning/").status, 200);
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
        ..BuildOptions::default()
    };
    digest_core::build_site(served.dir.path(), &options).unwrap();
    let public = out.path().join("public");
    let mut compared = 0;
    for file in walkdir(&public) {
        let relative = file.strip_prefix(&public).unwrap();
        // The record of the files a build wrote belongs to the output folder, not the site.
        if relative == Path::new(digest_core::pipeline::RECORD_FILE) {
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

/// Byte ranges, as video players ask for them (Safari plays a video only from `206`
/// answers): one range is answered with that part, a range past the end with `416`, and
/// every file says it takes ranges.
#[test]
fn byte_ranges_are_answered() {
    let served = Served::start();
    let get = |range: &str| {
        http_raw(
            served.addr(),
            &format!("GET /repo/custom.css HTTP/1.0\r\nHost: localhost\r\nRange: {range}\r\n\r\n"),
        )
    };
    let whole = served.get("/repo/custom.css");
    assert_eq!(whole.status, 200);
    assert_eq!(whole.header("accept-ranges"), Some("bytes"));
    let length = whole.body.len();
    let part = get("bytes=0-3");
    assert_eq!(part.status, 206);
    assert_eq!(part.text(), "body");
    assert_eq!(
        part.header("content-range"),
        Some(format!("bytes 0-3/{length}").as_str())
    );
    let last = get("bytes=-3");
    assert_eq!(
        (last.status, last.body.as_slice()),
        (206, &whole.body[length - 3..])
    );
    let past = get(&format!("bytes={length}-"));
    assert_eq!(past.status, 416);
    assert_eq!(
        past.header("content-range"),
        Some(format!("bytes */{length}").as_str())
    );
    // Several ranges: the whole file, as a server may answer them.
    let several = get("bytes=0-1,4-5");
    assert_eq!((several.status, several.body), (200, whole.body));
}
