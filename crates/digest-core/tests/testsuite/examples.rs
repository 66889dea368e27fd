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
    assert_eq!(
        digest.attrs("#ref-1 .paper-title .title-line", "lang"),
        ["en", "zh-CN"]
    );
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
    // per_page: 3 gives two pages of papers.
    assert_eq!(home.count(".papers tbody tr"), 3);
    assert_eq!(built.html("page/2/index.html").count(".papers tbody tr"), 2);
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
