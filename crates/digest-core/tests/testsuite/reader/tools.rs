//! The reader's tools as built into the pages: each paper's links (arXiv, PDF, HTML,
//! `links:`), the reading-list page, the keys' help and the words of the buttons the
//! script adds. (What they do in a browser is tested in `browser/tools.rs`.)

use super::demo_site;
use crate::site_test::SiteTest;

const SITE: &str = r#"
-- site.yaml --
title: { zh: 测试, en: Test }
base_url: https://user.github.io/repo/
-- content/papers/new.md --
---
id: "2404.00001"
title: { en: New }
arxiv: { id: "2404.00001", version: 3 }
links: { code: "https://example.org/code" }
---
-- content/papers/old.md --
---
id: "2301.00001"
title: { en: Old }
url: https://arxiv.org/abs/2301.00001
arxiv: { id: "2301.00001" }
---
-- content/papers/own.md --
---
id: own-html
title: { en: Own }
url: https://example.org/paper
arxiv: { id: "2405.00001" }
links: { html: "https://example.org/paper.html", pdf: "https://example.org/paper.pdf" }
---
-- content/digests/d.md --
---
title: { en: D }
date: 2024-04-05
papers: ["2404.00001", "2301.00001", own-html]
---
"#;

#[test]
fn papers_link_arxiv_the_pdf_and_the_html_version() {
    let site = SiteTest::new(SITE);
    let built = site.build();
    let links = |path: &str, css: &str| {
        let page = built.html(path);
        page.texts(css)
            .into_iter()
            .zip(page.attrs(css, "href"))
            .collect::<Vec<_>>()
    };
    let pair = |label: &str, href: &str| (label.to_string(), href.to_string());
    // arXiv's page when there is no `url:`; HTML of the version given; `links:` after.
    let new = [
        pair("arXiv", "https://arxiv.org/abs/2404.00001"),
        pair("PDF", "https://arxiv.org/pdf/2404.00001"),
        pair("HTML", "https://arxiv.org/html/2404.00001v3"),
        pair("code", "https://example.org/code"),
    ];
    assert_eq!(links("papers/2404.00001/index.html", ".meta .links a"), new);
    assert_eq!(
        links("digests/d/index.html", "#ref-1 .paper-link a"),
        new,
        "a digest's details link the same"
    );
    // No HTML before December 2023, when arXiv began making it.
    assert_eq!(
        links("digests/d/index.html", "#ref-2 .paper-link a"),
        [
            pair("arXiv", "https://arxiv.org/abs/2301.00001"),
            pair("PDF", "https://arxiv.org/pdf/2301.00001"),
        ]
    );
    // The front matter's own PDF and HTML win over the derived ones.
    assert_eq!(
        links("digests/d/index.html", "#ref-3 .paper-link a"),
        [
            pair("https://example.org/paper", "https://example.org/paper"),
            pair("PDF", "https://example.org/paper.pdf"),
            pair("HTML", "https://example.org/paper.html"),
        ]
    );
}

#[test]
fn the_reading_list_is_a_page_of_its_own_that_needs_scripts() {
    let site = demo_site();
    let built = site.build();
    let page = built.html("reading-list/index.html");
    assert_eq!(page.text("main h1"), "阅读列表");
    assert_eq!(page.attrs("meta[name=robots]", "content"), ["noindex"]);
    assert!(
        page.text("main noscript")
            .contains("阅读列表需要 JavaScript。")
    );
    // What the script fills and shows: hidden, and empty, as built.
    assert_eq!(page.count(".reading-tools[hidden]"), 1);
    assert_eq!(page.count(".reading-items > *"), 0);
    assert_eq!(
        page.attrs(".reading-share label", "for"),
        ["reading-share-link"]
    );
    assert_eq!(page.count("#reading-share-link[readonly]"), 1);
    assert_eq!(page.count(".reading-status[role=status]"), 1);
    // Every page links it from the menu; only its own marks it current.
    for path in ["index.html", "papers/2404.02424/index.html", "404.html"] {
        let page = built.html(path);
        assert_eq!(
            page.attrs(
                ".site-nav a[href='/digest-site/reading-list/']",
                "aria-current"
            ),
            Vec::<String>::new(),
            "{path}"
        );
        assert_eq!(
            page.count(".site-nav a[href='/digest-site/reading-list/']"),
            1
        );
    }
    assert_eq!(
        page.attrs(".site-nav a[aria-current=page]", "href"),
        ["/digest-site/reading-list/"]
    );
    assert!(!built.read("sitemap.xml").contains("reading-list"));
    // A digest's page is in the section of the list of digests: the menu marks that link
    // as the section's (`true`), not as the page shown; the list's own page as the page.
    let current = |path: &str| {
        let page = built.html(path);
        (
            page.attrs(".site-nav a[aria-current]", "href"),
            page.attrs(".site-nav a[aria-current]", "aria-current"),
        )
    };
    let digests = vec!["/digest-site/digests/".to_string()];
    assert_eq!(
        current("digests/2024-04-04/index.html"),
        (digests.clone(), vec!["true".to_string()])
    );
    assert_eq!(
        current("digests/index.html"),
        (digests, vec!["page".to_string()])
    );
}

#[test]
fn the_keys_help_and_the_words_of_the_tools_come_with_the_script() {
    let site = demo_site();
    let built = site.build();
    for path in [
        "index.html",
        "digests/2024-04-04/index.html",
        "reading-list/index.html",
    ] {
        let page = built.html(path);
        // The keys' help is the script's (checked, with and without search, in
        // `browser::controls`): a page without it has no dialog to open.
        assert_eq!(page.count("dialog, #keys-help"), 0, "{path}");
        // The script knows the site's root; the words of what it adds are in labels.js.
        let script = "script[src*='assets/site.js']";
        assert_eq!(page.attrs(script, "data-root"), ["/digest-site/"]);
    }
    let words = super::pages::labels_js(&built);
    let zh = &words["langs"]["zh"]["labels"];
    assert_eq!(zh["star"], "保存到阅读列表");
    assert_eq!(zh["copy_link"], "复制链接");
    assert_eq!(zh["copy_bibtex"], "复制 BibTeX");
    assert_eq!(zh["keys_heading"], "键盘快捷键");
    // Stars and copy buttons are the script's: no page is built with one.
    let digest = built.html("digests/2024-04-04/index.html");
    assert_eq!(digest.count(".star, .copy-action"), 0);
}
