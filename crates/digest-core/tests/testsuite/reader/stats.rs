//! The statistics page as a reader meets it: linked from every page's footer; papers per
//! digest, per primary category and per text and language, each an SVG chart named by its
//! heading, a `<title>` on every bar, and a table of the same numbers beside it. (axe and
//! the page without scripts in a browser: `browser/stats.rs`.)

use crate::site_test::{Built, Page, SiteTest};

/// The categories' site (six papers, two digests) and a seventh paper, of cs.CL, in no
/// digest, whose title is only in Chinese and whose summary is in both languages.
pub fn site() -> SiteTest {
    let site = SiteTest::new(super::categories::SITE);
    site.write(
        "content/papers/p7.md",
        "---\nid: \"2404.00007\"\ntitle: { zh: 仅中文 }\nsummary: { zh: 总结, en: Summary }\n\
         date: 2024-04-03\narxiv: { id: \"2404.00007\", categories: [cs.CL] }\n---\n",
    );
    site
}

/// The built site (kept while its files are read), and its statistics page.
fn stats() -> (SiteTest, Built, Page) {
    let site = site();
    let built = site.build();
    let page = built.html("stats/index.html");
    (site, built, page)
}

/// The rows of the table under heading `id`: each row's cells, its heading first.
fn table(page: &Page, id: &str) -> Vec<Vec<String>> {
    let rows = page.count(&format!("[aria-labelledby={id}-title] tbody tr"));
    (1..=rows)
        .map(|n| {
            page.texts(&format!(
                "[aria-labelledby={id}-title] tbody tr:nth-child({n}) > *"
            ))
        })
        .collect()
}

fn strings(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect()
}

#[test]
fn the_stats_page_counts_digests_categories_and_languages() {
    let (_site, _built, page) = stats();
    assert_eq!(page.text("main h1"), "统计");
    assert_eq!(page.text("main h1 + p"), "共 7 篇论文，2 期摘要。");
    assert_eq!(
        page.texts("main h2"),
        ["每期论文数", "各主分类论文数", "各语言文本数"]
    );
    // Newest digest first in the table, each linked to its page.
    assert_eq!(
        table(&page, "stats-digests"),
        strings(&[&["2024-04-02", "4"], &["2024-04-01", "2"]])
    );
    assert_eq!(
        page.attrs("[aria-labelledby=stats-digests-title] tbody a", "href"),
        ["/repo/digests/2024-04-02/", "/repo/digests/2024-04-01/"]
    );
    // Most primary papers first; cross-listings counted apart; the paper without a
    // category last.
    assert_eq!(
        table(&page, "stats-categories"),
        strings(&[
            &["cs.LG", "3", "4"],
            &["cs.CV", "2", "2"],
            &["cs.CL", "1", "1"],
            &["其他", "1", "1"],
        ])
    );
    assert_eq!(
        table(&page, "stats-languages"),
        strings(&[
            &["标题", "7 / 7 (100%)", "6 / 7 (86%)"],
            &["一句话总结", "1 / 7 (14%)", "1 / 7 (14%)"],
            &["摘要", "0 / 7 (0%)", "0 / 7 (0%)"],
        ])
    );
}

#[test]
fn each_chart_is_an_svg_named_by_its_heading_with_a_title_per_bar() {
    let (_site, _built, page) = stats();
    for id in ["stats-digests", "stats-categories", "stats-languages"] {
        let heading = format!("{id}-title");
        assert_eq!(page.count(&format!("h2#{heading}")), 1, "{id}: its heading");
        let svg = format!("svg[role=img][aria-labelledby={heading}]");
        assert_eq!(page.count(&svg), 1, "{id}: one named chart");
        let bars = page.count(&format!("{svg} .chart-bars rect"));
        let titles = page.texts(&format!("{svg} .chart-bars rect > title"));
        assert!(bars > 0, "{id} draws bars");
        assert_eq!(titles.len(), bars, "{id}: every bar has a title");
        // The table beside it is a focusable region named by the same heading.
        assert_eq!(
            page.attrs(
                &format!("div[role=region][aria-labelledby={heading}]"),
                "tabindex"
            ),
            ["0"]
        );
    }
    assert_eq!(
        page.texts("svg[aria-labelledby=stats-digests-title] rect > title"),
        ["2024-04-01: 2", "2024-04-02: 4"],
        "oldest digest first, left to right"
    );
    assert_eq!(
        page.texts("svg[aria-labelledby=stats-categories-title] rect > title"),
        ["cs.LG: 3", "cs.CV: 2", "cs.CL: 1", "其他: 1"]
    );
    assert_eq!(
        page.texts("svg[aria-labelledby=stats-languages-title] rect > title")[1],
        "标题 · English: 6 (86%)"
    );
    // Colours come from the theme (dark mode included), not from the SVG; no script.
    let html = page.0.html();
    assert!(!html.contains("fill=\""), "no colour written into the SVG");
    assert_eq!(page.count("main script"), 0);
}

#[test]
fn every_page_links_the_stats_page_in_its_footer() {
    let (_site, built, _page) = stats();
    for path in [
        "index.html",
        "papers/2404.00001/index.html",
        "stats/index.html",
    ] {
        assert_eq!(
            built
                .html(path)
                .attrs(".site-footer a[href$='stats/']", "href"),
            ["/repo/stats/"],
            "{path}"
        );
    }
    assert!(
        built
            .read("sitemap.xml")
            .contains("<loc>https://example.org/repo/stats/</loc>")
    );
}

/// A site without digests or categories says so instead of drawing empty charts.
#[test]
fn empty_charts_say_there_is_nothing() {
    let site = SiteTest::new(
        "-- site.yaml --\ntitle: T\nlanguages: [en]\n-- content/papers/a.md --\n---\nid: a\ntitle: { en: A }\ndate: 2024-01-01\n---\n",
    );
    let built = site.build();
    let page = built.html("stats/index.html");
    assert_eq!(page.count("svg.chart"), 1, "only the languages are drawn");
    assert_eq!(page.texts("section.stats-chart > p").len(), 2);
}

/// On a site of Chinese and Japanese, the coverage chart's table and the language switch
/// name Japanese 日本語, in itself, not by its code `ja`.
#[test]
fn another_language_is_named_in_itself() {
    let site = SiteTest::new(
        "-- site.yaml --\ntitle: { zh: 标题, ja: タイトル }\nlanguages: [zh, ja]\n\
         -- content/papers/a.md --\n---\nid: a\ntitle: { zh: 甲, ja: 甲 }\ndate: 2024-01-01\n---\n",
    );
    let built = site.build();
    let page = built.html("stats/index.html");
    assert_eq!(
        page.texts("[aria-labelledby=stats-languages-title] thead th"),
        ["文本", "中文", "日本語"]
    );
    let labels = built.read("assets/labels.js");
    assert!(labels.contains(r#""name":"日本語""#), "{labels}");
    assert!(!labels.contains(r#""name":"ja""#), "{labels}");
}
