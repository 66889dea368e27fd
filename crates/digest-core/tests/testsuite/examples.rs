//! The example sites under `examples/` build, and show what they are meant to show.

use crate::site_test::{SiteTest, repo_root};

#[test]
fn english_first_example() {
    let site = SiteTest::copy_of(&repo_root().join("examples/english-first"));
    let built = site.build();
    assert_eq!(built.report.papers, 3);
    let digest = built.html("digests/week-18/index.html");
    assert_eq!(digest.attrs("html", "lang"), ["en"]);
    assert_eq!(digest.text("#summary"), "Summary");
    assert_eq!(digest.text("#details"), "Details");
    assert_eq!(
        digest.texts(".digest-summary td.ref"),
        ["[1]", "[2]", "[3]"]
    );
    // English first, then Chinese, in every bilingual text.
    assert_eq!(digest.attrs("#ref-1 h3 .l", "lang"), ["en", "zh-CN"]);
    // A paper that is not on arXiv links to its own URL and has no announce line.
    assert_eq!(
        digest.text("#ref-3 .paper-link a"),
        "https://example.org/notes/evaluation"
    );
    assert_eq!(digest.count("#ref-3 .announce"), 0);
    // Links live under the site's path.
    assert!(
        built
            .html("index.html")
            .attrs(".papers td.ref a", "href")
            .iter()
            .all(|h| h.starts_with("/reading-list/papers/"))
    );
    assert!(built.exists("tags/transformers/index.html"));
}

#[test]
fn daily_digests_example() {
    let site = SiteTest::copy_of(&repo_root().join("examples/daily-digests"));
    let built = site.build();
    assert_eq!(built.report.papers, 5);
    assert_eq!(built.report.digests, 3);
    // Newest digest first on the home page.
    let home = built.html("index.html");
    assert_eq!(
        home.texts(".latest-digests time"),
        ["2024-04-04", "2024-04-03", "2024-04-02"]
    );
    // per_page: 2 gives a numbered page of the two oldest papers; the home page keeps
    // the three newest (never fewer than per_page).
    assert_eq!(home.count(".papers tbody tr"), 3);
    assert_eq!(built.html("page/1/index.html").count(".papers tbody tr"), 2);
    assert!(!built.exists("page/2/index.html"));
    // Tags, a Chinese one included, and the free page in the navigation.
    assert_eq!(
        built
            .html("tags/vision-language/index.html")
            .texts("tbody td.ref"),
        ["2404.02424", "2403.19651"]
    );
    assert!(built.exists("tags/医学图像/index.html"));
    assert!(home.texts(".site-nav a").contains(&"关于".to_string()));
    assert_eq!(
        built.html("about/index.html").text("h1#关于本站"),
        "关于本站"
    );
    assert_eq!(built.read("CNAME").trim(), "digest.example.org");
    assert_eq!(built.read("humans.txt"), "Maintainers: the digest team\n");
    let paper = built.html("papers/2403.19651/index.html");
    assert_eq!(paper.texts(".in-digests a"), ["每日论文 2024-04-04"]);
}

/// `examples/customized` uses every way a site makes the theme its own; each shows on
/// every page.
#[test]
fn customized_example() {
    let site = SiteTest::copy_of(&repo_root().join("examples/customized"));
    let built = site.build();
    for page in [
        "index.html",
        "papers/1512.03385/index.html",
        "about/index.html",
        "tags/index.html",
        "404.html",
    ] {
        let html = built.html(page);
        // The head hook, at the end of <head>, as written.
        assert_eq!(
            html.attrs("head meta[name=group-site]", "content"),
            ["customized example"],
            "{page}"
        );
        assert_eq!(html.count("head link[rel=preconnect]"), 1, "{page}");
        // The footer hook, inside the footer.
        assert_eq!(
            html.text("footer.site-footer .group-footer a"),
            "group@example.org",
            "{page}"
        );
        // custom.css right after the theme's stylesheet, with its own fingerprint.
        let sheets = html.attrs("head link[rel=stylesheet]", "href");
        assert_eq!(sheets.len(), 2, "{page}: {sheets:?}");
        assert!(
            sheets[0].starts_with("/group/assets/style.css?v="),
            "{sheets:?}"
        );
        assert!(sheets[1].starts_with("/group/custom.css?v="), "{sheets:?}");
        // The logo in the header.
        assert_eq!(
            html.attrs("header .site-title img.site-logo", "src"),
            ["/group/logo.svg"],
            "{page}"
        );
        // The label overrides of the UI language (zh), the extra menu links, the footer
        // text and the repository link.
        let menu = html.texts(".site-nav a");
        assert_eq!(menu[0], "论文总览", "{page}: {menu:?}");
        assert!(menu.contains(&"关于".to_string()) && menu.contains(&"arXiv cs.CL".to_string()));
        assert_eq!(
            html.attrs(".site-nav a", "href").last().map(String::as_str),
            Some("https://arxiv.org/list/cs.CL/recent")
        );
        assert!(
            html.text("footer.site-footer").contains("RSS 订阅"),
            "{page}"
        );
        assert_eq!(
            html.attrs("footer a.site-repository", "href"),
            ["https://github.com/example/group-papers"]
        );
        assert_eq!(
            html.texts("footer .site-footer-text .l"),
            ["本站由课题组维护。", "Kept by the group."]
        );
    }
    // The replaced theme icon is published, and linked with its own fingerprint, not the
    // theme's (a browser never keeps the theme's cached icon).
    assert!(built.read("assets/favicon.svg").contains("#7a1f5c"));
    let icon = built.html("index.html").attrs("link[rel=icon]", "href");
    let theme_site = SiteTest::copy_of(&repo_root().join("examples/english-first"));
    let theme_icon = theme_site
        .build()
        .html("index.html")
        .attrs("link[rel=icon]", "href");
    let fingerprint = |href: &str| href.rsplit_once("?v=").map(|(_, v)| v.to_string());
    assert!(fingerprint(&icon[0]).is_some());
    assert_ne!(fingerprint(&icon[0]), fingerprint(&theme_icon[0]));
}

/// A label key the theme does not have is an error that names the closest key.
#[test]
fn an_unknown_label_key_is_refused() {
    let site = SiteTest::copy_of(&repo_root().join("examples/customized"));
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    std::fs::write(
        site.root().join("site.yaml"),
        yaml.replace("en: { home: Overview }", "en: { hmoe: Overview }"),
    )
    .unwrap();
    let errors = site.check().expect_err("an unknown label key");
    let rendered = errors.render(false);
    assert!(
        rendered.contains("`labels.en.hmoe` is not a label"),
        "{rendered}"
    );
    assert!(rendered.contains("did you mean `home`?"), "{rendered}");
}
