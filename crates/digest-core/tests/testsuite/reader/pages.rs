//! The reader's controls as built into the pages: the language and colour switches, the
//! search box and its index, and the weight of a paper page. (What they do in a browser
//! is tested in `browser/`.)

use std::fs;

use super::demo_site;
use crate::site_test::{self, Built, SiteTest};

/// The bytes of the assets whose names start with `prefix`, one after the other.
fn asset_bytes(built: &Built, prefix: &str) -> Vec<u8> {
    let dir = built.out.join("assets");
    let mut names: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .collect();
    names.sort();
    names.iter().flat_map(|p| fs::read(p).unwrap()).collect()
}

/// The words of `assets/labels.js` (`window.digestSiteLabels`).
pub fn labels_js(built: &Built) -> serde_json::Value {
    let script = built.read("assets/labels.js");
    let json = script.split_once(" = ").unwrap().1.trim_end();
    serde_json::from_str(json.trim_end_matches(';')).unwrap()
}

#[test]
fn every_page_has_the_placeholder_of_the_switches_and_the_search_box() {
    let site = demo_site();
    let built = site.build();
    for path in [
        "index.html",
        "papers/2404.02424/index.html",
        "digests/2024-04-04/index.html",
        "tags/index.html",
        "404.html",
    ] {
        let page = built.html(path);
        assert_eq!(page.attrs("html", "data-langs"), ["zh en"], "{path}");
        // The switches and the search box are built by the script (checked in
        // `browser::controls`) into the header's placeholder, which says that the site
        // has search. Without the script the page has none of them, as they were hidden
        // then.
        assert_eq!(
            page.count(".site-header > .site-tools[data-search]:empty"),
            1,
            "{path}"
        );
        assert_eq!(
            page.count("[data-switch], form.search, #search-input, dialog"),
            0,
            "{path}"
        );
        // The script is the theme's, loaded in <head>, after the words it builds them with.
        assert_eq!(
            page.count("head script[src^='/digest-site/assets/labels.js?v='] + script[src^='/digest-site/assets/site.js?v=']"),
            1
        );
        // Data blocks (JSON-LD) aside, no inline scripts.
        assert_eq!(
            page.count("script:not([src]):not([type=\"application/ld+json\"])"),
            0,
            "{path}: no inline scripts"
        );
        // The rules that hide the unchosen language are made by that script from the
        // page's languages (it alone sets `data-lang`), not repeated in every page; the
        // browser tests check that the switch hides what it should.
        assert_eq!(page.count("head style"), 0, "{path}");
    }
    // The words and the languages' names and `lang` the switch is built with.
    let words = labels_js(&built);
    assert_eq!(words["langs"]["zh"]["name"], "中文");
    assert_eq!(words["langs"]["en"]["name"], "English");
    assert_eq!(words["langs"]["en"]["lang"], "en");
    assert_eq!(words["langs"]["zh"]["labels"]["both_languages"], "双语");
}

#[test]
fn without_the_script_both_languages_are_in_the_page() {
    let site = demo_site();
    let built = site.build();
    let page = built.html("papers/2404.02424/index.html");
    let zh = page.texts("h1 .l-zh[lang=zh-CN]");
    let en = page.texts("h1 .l-en[lang=en]");
    assert_eq!(zh, ["通过稀疏跨模态适应修复稀疏视觉-语言模型"]);
    assert!(en[0].starts_with("RESSA"));
    // Nothing is hidden by the markup itself: hiding needs <html data-lang>, set by site.js.
    assert_eq!(page.attrs("html", "data-lang"), Vec::<String>::new());
    assert_eq!(page.count(".l[hidden]"), 0);
}

#[test]
fn every_paper_has_a_result_card_and_the_bundle_is_sharded() {
    let site = demo_site();
    let built = site.build();
    let manifest: serde_json::Value =
        serde_json::from_str(&built.read("search/index.json")).unwrap();
    assert_eq!(
        manifest["papers"], 8,
        "the seven demo papers and the fixture"
    );
    let shard = manifest["shard"].as_u64().unwrap() as usize;
    // Cards, oldest paper first: the fixture (2501.00001) is the newest, so the last.
    let cards: Vec<serde_json::Value> = (0..8usize.div_ceil(shard))
        .flat_map(|k| {
            let file: Vec<serde_json::Value> =
                serde_json::from_str(&built.read(&format!("search/d/{k}.json"))).unwrap();
            file
        })
        .collect();
    assert_eq!(cards.len(), 8);
    let fixture = &cards[7];
    assert_eq!(fixture["u"], "papers/2501.00001/");
    assert_eq!(fixture["k"], "2501.00001");
    // Titles and summaries in both languages, as plain text in the site's language order.
    let title_langs: Vec<&str> = fixture["t"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| pair[0].as_str().unwrap())
        .collect();
    assert_eq!(title_langs, ["zh", "en"]);
    let ressa = cards.iter().find(|c| c["k"] == "2404.02424").unwrap();
    assert_eq!(ressa["t"][0][1], "通过稀疏跨模态适应修复稀疏视觉-语言模型");

    let files = site_test::snapshot_dir(&built.out.join("search"));
    assert!(files.keys().any(|f| f.starts_with("t/")));
    let largest = files.values().map(Vec::len).max().unwrap();
    assert!(largest < 1 << 20, "largest search file {largest} bytes");
    // The engine is a theme asset beside site.js, which loads it on first use with its
    // own query: the fingerprint of both files (browser::search runs it).
    let page = built.html("index.html");
    let script = page.attrs("script[src*='site.js']", "src");
    assert!(
        script[0].starts_with("/digest-site/assets/site.js?v="),
        "{script:?}"
    );
    assert!(built.exists("assets/search.js"));
    assert_eq!(page.count("script[src*='search.js']"), 0);
}

/// Pages name only `site.js`, which loads `search.js` with its own query: replacing the
/// search engine alone must still change that query, or readers keep the old engine.
#[test]
fn a_replaced_search_script_changes_the_scripts_query() {
    let site = demo_site();
    let src = |site: &SiteTest| {
        site.build()
            .html("index.html")
            .attrs("script[src*='site.js']", "src")
    };
    let theirs = src(&site);
    site.write("static/assets/search.js", "export function open() {}\n");
    let ours = src(&site);
    assert_ne!(theirs, ours);
    assert!(
        ours[0].starts_with("/digest-site/assets/site.js?v="),
        "{ours:?}"
    );
}

#[test]
fn search_false_builds_no_index_and_shows_no_box() {
    let site = demo_site();
    let yaml = fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{yaml}search: false\n"));
    let built = site.build();
    assert!(!built.exists("search"));
    let page = built.html("index.html");
    // The placeholder says there is no search: the script builds no search box (and the
    // switches stay; see `browser::controls`).
    assert_eq!(page.count(".site-tools"), 1);
    assert_eq!(page.count("[data-search]"), 0);
}

#[test]
fn a_one_language_site_has_no_language_switch() {
    let site = SiteTest::new(
        "-- site.yaml --\ntitle: Papers\nlanguages: [en]\nbase_url: https://example.org/\n\
         -- content/papers/a.md --\n---\nid: a\ntitle: A paper\n---\n",
    );
    let built = site.build();
    let page = built.html("index.html");
    assert_eq!(page.count("head style"), 0);
    // No languages to choose from: the script builds the colour switch alone (see
    // `browser::controls`), with the words of the site's one language, written for it.
    assert_eq!(page.attrs("html", "data-langs"), Vec::<String>::new());
    assert_eq!(page.count("head script[src^='/assets/labels.js?v=']"), 1);
    let words = labels_js(&built);
    assert_eq!(words["ui"], "en");
    assert_eq!(words["langs"].as_object().unwrap().len(), 1);
    assert_eq!(words["langs"]["en"]["labels"]["colour_scheme"], "Colours");
}

/// A paper page and everything it loads before search is opened stays under 30 KB as a
/// reader receives it (GitHub Pages sends HTML, CSS and scripts gzip-compressed; the
/// stylesheet and scripts are cached from one page to the next) and under 80 KB as written.
#[test]
fn paper_pages_weigh_at_most_30_kb_compressed() {
    use std::io::Write;
    let gzipped = |bytes: &[u8]| {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap().len() as u64
    };
    let site = demo_site();
    let built = site.build();
    let assets: Vec<Vec<u8>> = ["style.css", "site.js", "labels.js"]
        .iter()
        .map(|name| asset_bytes(&built, name))
        .collect();
    let written_assets: u64 = assets.iter().map(|a| a.len() as u64).sum();
    let sent_assets: u64 = assets.iter().map(|a| gzipped(a)).sum();
    let mut heaviest = (Vec::new(), String::new());
    for entry in fs::read_dir(built.out.join("papers")).unwrap() {
        let page = entry.unwrap().path().join("index.html");
        let bytes = fs::read(&page).unwrap();
        if bytes.len() > heaviest.0.len() {
            heaviest = (bytes, page.display().to_string());
        }
    }
    let written = heaviest.0.len() as u64 + written_assets;
    let sent = gzipped(&heaviest.0) + sent_assets;
    eprintln!(
        "heaviest paper page ({}): {} bytes HTML + {written_assets} bytes CSS and JS = {written} bytes; compressed {sent} bytes",
        heaviest.1,
        heaviest.0.len()
    );
    assert!(sent <= 30 * 1024, "{sent} bytes compressed");
    assert!(written <= 80 * 1024, "{written} bytes");
}

/// Each digest links the one before and after it (visibly and in the head); listings show
/// the first three authors and "et al.", the paper page all of them.
#[test]
fn digests_link_their_neighbours_and_listings_show_authors() {
    let site = SiteTest::new(
        "-- site.yaml --\ntitle: Papers\nlanguages: [en]\nbase_url: https://example.org/d/\n\
         -- content/papers/a.md --\n---\nid: a\ntitle: A paper\ndate: 2024-04-01\nauthors: [Ada, Bo, Cy, Di, Ed]\n---\n\
         -- content/papers/b.md --\n---\nid: b\ntitle: B paper\ndate: 2024-04-02\nauthors: [Fay, Gus]\n---\n\
         -- content/digests/2024-04-01.md --\n---\ntitle: First\ndate: 2024-04-01\npapers: [a]\n---\n\
         -- content/digests/2024-04-02.md --\n---\ntitle: Second\ndate: 2024-04-02\npapers: [a, b]\n---\n\
         -- content/digests/2024-04-03.md --\n---\ntitle: Third\ndate: 2024-04-03\npapers: [b]\n---\n",
    );
    let built = site.build();
    let middle = built.html("digests/2024-04-02/index.html");
    assert_eq!(
        middle.attrs("head link[rel=prev]", "href"),
        ["/d/digests/2024-04-01/"]
    );
    assert_eq!(
        middle.attrs("head link[rel=next]", "href"),
        ["/d/digests/2024-04-03/"]
    );
    // At the top and at the bottom of the page.
    assert_eq!(
        middle.attrs(".digest-nav a.digest-prev", "href"),
        ["/d/digests/2024-04-01/", "/d/digests/2024-04-01/"]
    );
    assert_eq!(
        middle.texts(".digest-nav a.digest-next time"),
        ["2024-04-03", "2024-04-03"]
    );
    // One navigation landmark of that name: the links below are the same links.
    assert_eq!(middle.count("nav.digest-nav"), 1);
    let first = built.html("digests/2024-04-01/index.html");
    assert_eq!(first.count("head link[rel=prev]"), 0);
    assert_eq!(first.count(".digest-prev"), 0);
    assert_eq!(
        first.attrs("head link[rel=next]", "href"),
        ["/d/digests/2024-04-02/"]
    );
    let last = built.html("digests/2024-04-03/index.html");
    assert_eq!(last.count("head link[rel=next]"), 0);

    // Every listing names the first three authors: a digest's rows and details, and the
    // other tables' rows.
    assert_eq!(
        middle.texts(".paper-table .row-authors"),
        ["Ada, Bo, Cy et al.", "Fay, Gus"]
    );
    assert_eq!(
        middle.texts(".paper-details .authors"),
        ["Ada, Bo, Cy et al.", "Fay, Gus"]
    );
    assert_eq!(
        built.html("index.html").texts(".paper-table .row-authors"),
        ["Fay, Gus", "Ada, Bo, Cy et al."]
    );
    assert!(
        built
            .html("papers/a/index.html")
            .text("main")
            .contains("Ada, Bo, Cy, Di, Ed")
    );
}

/// The footer's "digest-site" links the project's repository, as the crate's metadata
/// names it, on every page.
#[test]
fn the_footer_links_the_project_repository() {
    let repository = env!("CARGO_PKG_REPOSITORY");
    // An address with a path (an owner and a name), not a host alone.
    let path = repository.strip_prefix("https://").unwrap_or_default();
    assert!(path.trim_end_matches('/').contains('/'), "{repository}");
    let site = demo_site();
    let built = site.build();
    for path in [
        "index.html",
        "papers/2404.02424/index.html",
        "digests/2024-04-04/index.html",
        "404.html",
    ] {
        let page = built.html(path);
        assert_eq!(
            page.texts("footer.site-footer a.site-generator"),
            ["digest-site"],
            "{path}"
        );
        assert_eq!(
            page.attrs("footer.site-footer a.site-generator", "href"),
            [repository],
            "{path}"
        );
    }
}

/// The digest list has a heading per month, newest first, with the number of its digests;
/// digests without a date come last, under their own heading.
#[test]
fn the_digest_list_is_grouped_by_month() {
    let site = SiteTest::new(
        "-- site.yaml --\ntitle: Papers\nlanguages: [zh, en]\nbase_url: https://example.org/\n\
         -- content/papers/a.md --\n---\nid: a\ntitle: A paper\n---\n\
         -- content/digests/2024-04-02.md --\n---\ndate: 2024-04-02\npapers: [a]\n---\n\
         -- content/digests/2024-04-01.md --\n---\ndate: 2024-04-01\npapers: [a]\n---\n\
         -- content/digests/2024-03-29.md --\n---\ndate: 2024-03-29\npapers: [a]\n---\n\
         -- content/digests/2023-12-31.md --\n---\ndate: 2023-12-31\npapers: [a]\n---\n\
         -- content/digests/special.md --\n---\ntitle: Special issue\npapers: [a]\n---\n",
    );
    let built = site.build();
    let page = built.html("digests/index.html");
    assert_eq!(
        page.texts("section.digest-month > h2"),
        [
            "2024-04 (2)",
            "2024-03 (1)",
            "2023-12 (1)",
            "未注明日期 (1)"
        ]
    );
    assert_eq!(
        page.attrs("section.digest-month", "aria-labelledby"),
        [
            "month-2024-04",
            "month-2024-03",
            "month-2023-12",
            "month-undated"
        ]
    );
    assert_eq!(
        page.attrs("section.digest-month > h2 time", "datetime"),
        ["2024-04", "2024-03", "2023-12"]
    );
    // Each month's digests, newest first, each with its number of papers.
    assert_eq!(
        page.texts("#month-2024-04 + ul li"),
        ["2024-04-02 2024-04-02 (1)", "2024-04-01 2024-04-01 (1)"]
    );
    assert_eq!(
        page.attrs("section.digest-month li a", "href"),
        [
            "/digests/2024-04-02/",
            "/digests/2024-04-01/",
            "/digests/2024-03-29/",
            "/digests/2023-12-31/",
            "/digests/special/",
        ]
    );
    assert_eq!(page.texts("#month-undated + ul li a"), ["Special issue"]);
}

/// Names written right to left (Arabic, Hebrew) are isolated in the lists of authors, so
/// that two of them and the comma between keep their order; other names are as written.
#[test]
fn right_to_left_authors_keep_their_order() {
    let site = SiteTest::new(&format!(
        "-- site.yaml --\n{}-- content/papers/a.md --\n---\nid: a\ntitle: {{ en: A }}\nauthors: [\"محمد علي\", \"דוד כהן\", Ada Lovelace]\ndate: 2024-04-01\n---\n-- content/digests/d.md --\n---\ntitle: D\ndate: 2024-04-01\npapers: [a]\n---\n",
        site_test::SITE_YAML
    ));
    let built = site.build();
    let expected = "\u{2068}محمد علي\u{2069}, \u{2068}דוד כהן\u{2069}, Ada Lovelace";
    assert_eq!(
        built.html("papers/a/index.html").text("dd.authors"),
        expected
    );
    assert_eq!(
        built.html("digests/d/index.html").text("p.authors"),
        expected
    );

    // A direction set by hand and left open does not turn the names after it around.
    site.write(
        "content/papers/a.md",
        "---\nid: a\ntitle: { en: A }\nauthors: [\"\\u202EEvil\", Ada Lovelace]\ndate: 2024-04-01\n---\n",
    );
    let built = site.build();
    assert_eq!(
        built.html("papers/a/index.html").text("dd.authors"),
        "Evil, Ada Lovelace"
    );
}

/// A neighbour of the same date as the digest is shown by its title, not by the date the
/// page has itself; one of another date by its date.
#[test]
fn a_neighbour_of_the_same_date_is_shown_by_its_title() {
    let site = SiteTest::new(
        "-- site.yaml --\ntitle: Papers\nlanguages: [en]\nbase_url: https://example.org/\n\
         -- content/papers/a.md --\n---\nid: a\ntitle: A paper\ndate: 2024-04-01\n---\n\
         -- content/digests/2024-04-01.md --\n---\ntitle: Before\ndate: 2024-04-01\npapers: [a]\n---\n\
         -- content/digests/2024-04-02-cs-ai.md --\n---\ntitle: AI papers\ndate: 2024-04-02\npapers: [a]\n---\n\
         -- content/digests/2024-04-02-cs-cl.md --\n---\ntitle: CL papers\ndate: 2024-04-02\npapers: [a]\n---\n",
    );
    let built = site.build();
    // What each of the two digests of 2024-04-02 shows of its neighbours.
    let mut shown = Vec::new();
    for (page, other) in [
        ("2024-04-02-cs-ai", "CL papers"),
        ("2024-04-02-cs-cl", "AI papers"),
    ] {
        let html = built.html(&format!("digests/{page}/index.html"));
        for text in html.texts("nav.digest-nav a") {
            assert!(
                !text.contains("2024-04-02"),
                "{page}: {text:?} shows the page's own date"
            );
            shown.push((page, text.contains(other), text.contains("2024-04-01")));
        }
    }
    // Each links the other by its title; the older one links the day before by its date.
    for page in ["2024-04-02-cs-ai", "2024-04-02-cs-cl"] {
        assert!(
            shown.iter().any(|(p, by_title, _)| *p == page && *by_title),
            "{shown:?}"
        );
    }
    assert!(shown.iter().any(|(_, _, by_date)| *by_date), "{shown:?}");
}
