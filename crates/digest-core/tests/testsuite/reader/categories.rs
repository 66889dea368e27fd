//! arXiv categories as a reader meets them: a digest's papers grouped by primary category
//! (contents with counts, a section per category, the filter chips), a page and a feed per
//! category, the list of them all, and a link from every paper's categories. (What the
//! chips do in a browser is in `browser/categories.rs`.)

use super::content::parse_xml;
use crate::site_test::{Built, SiteTest};

/// Six papers over two digests. The newer digest lists, in Ref order, a cs.LG paper, one of
/// cs.CV cross-listed in cs.LG, one without a category and another of cs.CV; the older one
/// a cs.LG paper and the cross-listed one again. One cs.LG paper, the newest by date, is in
/// no digest. Two papers to a table page.
pub const SITE: &str = r#"-- site.yaml --
title: { zh: 论文摘要, en: Paper Digest }
base_url: https://example.org/repo/
languages: [zh, en]
per_page: 2
-- content/papers/p1.md --
---
id: "2404.00001"
title: { en: Cross-listed, zh: 交叉 }
date: 2024-04-02
arxiv: { id: "2404.00001", categories: [cs.CV, cs.LG] }
---
-- content/papers/p2.md --
---
id: "2404.00002"
title: { en: Learning, zh: 学习 }
date: 2024-04-02
arxiv: { id: "2404.00002", categories: [cs.LG] }
---
-- content/papers/p3.md --
---
id: "2404.00003"
title: { en: Vision, zh: 视觉 }
date: 2024-04-02
arxiv: { id: "2404.00003", categories: [cs.CV] }
---
-- content/papers/p4.md --
---
id: notes-1
title: { en: Not on arXiv, zh: 非 arXiv }
date: 2024-04-02
---
-- content/papers/p5.md --
---
id: "2404.00005"
title: { en: Older learning, zh: 旧的学习 }
date: 2024-04-01
arxiv: { id: "2404.00005", categories: [cs.LG] }
---
-- content/papers/p6.md --
---
id: "2404.00006"
title: { en: Undigested, zh: 未收录 }
date: 2024-04-05
arxiv: { id: "2404.00006", categories: [cs.LG] }
---
-- content/digests/2024-04-02.md --
---
date: 2024-04-02
papers: ["2404.00002", "2404.00001", notes-1, "2404.00003"]
---
-- content/digests/2024-04-01.md --
---
date: 2024-04-01
papers: ["2404.00005", "2404.00001"]
---
"#;

fn built() -> (SiteTest, Built) {
    let site = SiteTest::new(SITE);
    let built = site.build();
    (site, built)
}

#[test]
fn a_digest_groups_its_papers_by_primary_category_keeping_its_refs() {
    let (_site, built) = built();
    let page = built.html("digests/2024-04-02/index.html");
    // One section per primary category, where its first paper is; the paper without a
    // category in a group of its own.
    assert_eq!(
        page.attrs(".digest-summary section.category-group", "id"),
        ["cat-cs.LG", "cat-cs.CV", "cat-other"]
    );
    assert_eq!(
        page.texts(".digest-summary .category-heading"),
        ["cs.LG (1)", "cs.CV (2)", "其他 (1)"]
    );
    // Each section's table keeps the digest's order and Ref numbers.
    let refs = |id: &str| page.texts(&format!("#{} td.ref", id.replace('.', "\\.")));
    assert_eq!(refs("cat-cs.LG"), ["[1]"]);
    assert_eq!(refs("cat-cs.CV"), ["[2]", "[4]"]);
    assert_eq!(refs("cat-other"), ["[3]"]);
    // The details follow the same groups, each paper at its Ref's anchor.
    assert_eq!(
        page.attrs(".digest-details .category-group", "data-category"),
        ["cs.LG", "cs.CV", "other"]
    );
    assert_eq!(
        page.attrs(".digest-details .paper-details", "id"),
        ["ref-1", "ref-2", "ref-4", "ref-3"]
    );
    assert_eq!(
        page.texts(".digest-details .category-heading"),
        ["cs.LG", "cs.CV", "其他"]
    );

    // The contents: a plain link to each section, with its count.
    assert_eq!(
        page.attrs("nav.category-contents a", "href"),
        ["#cat-cs.LG", "#cat-cs.CV", "#cat-other"]
    );
    assert_eq!(
        page.texts("nav.category-contents li"),
        ["cs.LG (1)", "cs.CV (2)", "其他 (1)"]
    );
    assert_eq!(
        page.attrs("nav.category-contents", "aria-label"),
        ["本期分类"]
    );
    // The chips: a labelled group of toggle buttons, hidden until the script runs, one
    // per section and one that shows them all (pressed at first).
    let chips = ".category-filter[role=group][hidden] button[type=button]";
    assert_eq!(
        page.attrs(chips, "data-category"),
        ["cs.LG", "cs.CV", "other", ""]
    );
    assert_eq!(
        page.attrs(chips, "aria-pressed"),
        ["false", "false", "false", "true"]
    );
    assert_eq!(page.texts(chips), ["cs.LG 1", "cs.CV 2", "其他 1", "全部"]);
    let label = page.attrs(".category-filter", "aria-labelledby");
    assert_eq!(page.text(&format!("#{}", label[0])), "按分类筛选");
    // Every chip's category has its sections, in the summary and in the details.
    for key in ["cs.LG", "cs.CV", "other"] {
        assert_eq!(
            page.count(&format!(".category-group[data-category=\"{key}\"]")),
            2,
            "{key}"
        );
    }

    // A paper is grouped by its primary category in every digest that lists it.
    let older = built.html("digests/2024-04-01/index.html");
    assert_eq!(
        older.attrs("section.category-group", "id"),
        ["cat-cs.LG", "cat-cs.CV"]
    );
    assert_eq!(older.texts("td.ref"), ["[1]", "[2]"]);
}

#[test]
fn every_paper_links_its_categories() {
    let (_site, built) = built();
    let paper = built.html("papers/2404.00001/index.html");
    assert_eq!(text_of(&paper, "dd.arxiv"), "2404.00001 [cs.CV, cs.LG]");
    assert_eq!(
        paper.attrs("dd.arxiv a", "href"),
        ["/repo/categories/cs.CV/", "/repo/categories/cs.LG/"]
    );
    // A digest names each category once: the group's heading is the primary one, the
    // details name those the paper is cross-listed in, the rows none.
    let digest = built.html("digests/2024-04-02/index.html");
    assert_eq!(digest.count(".digest-summary .row-categories"), 0);
    assert_eq!(digest.texts("#ref-2 .categories a"), ["cs.LG"]);
    assert_eq!(
        digest.attrs("#ref-2 .categories a", "href"),
        ["/repo/categories/cs.LG/"]
    );
    // The paper without a category shows none.
    assert_eq!(digest.count("#ref-3 .categories"), 0);
    assert_eq!(
        digest.attrs(".digest-summary .category-heading a", "href"),
        ["/repo/categories/cs.LG/", "/repo/categories/cs.CV/"]
    );
    // Every table shows them: the home page's and the tag and category pages'.
    // (The newest two papers by date: 2404.00006 and the one without a category.)
    let home = built.html("index.html");
    assert_eq!(home.texts("td.ref"), ["2404.00006", "notes-1"]);
    assert_eq!(home.texts(".row-categories"), ["cs.LG"]);
    let vision = built.html("categories/cs.CV/index.html");
    assert_eq!(vision.texts(".row-categories"), ["cs.CV cs.LG", "cs.CV"]);
    // And the menu lists the categories.
    assert_eq!(
        home.attrs(".site-nav a[href='/repo/categories/']", "href")
            .len(),
        1
    );
}

#[test]
fn each_category_has_a_page_newest_digest_first_and_a_list_of_all() {
    let (_site, built) = built();
    // cs.LG: the newer digest's papers in Ref order, then the older digest's, then the
    // paper in no digest (the newest by date, last); two to a page.
    let first = built.html("categories/cs.LG/index.html");
    assert_eq!(first.text("h1"), "分类: cs.LG");
    assert!(first.text("p.count").starts_with("共 4 篇论文"));
    assert_eq!(first.texts("td.ref"), ["2404.00002", "2404.00001"]);
    assert_eq!(
        first.attrs("head link[type='application/atom+xml']", "href"),
        ["/repo/atom.xml", "/repo/categories/cs.LG/atom.xml"]
    );
    // Pages are numbered from the oldest, as a tag's are: the older two are page 1.
    assert_eq!(
        first.attrs(".pager a[rel=next]", "href"),
        ["/repo/categories/cs.LG/page/1/"]
    );
    let second = built.html("categories/cs.LG/page/1/index.html");
    assert_eq!(second.texts("td.ref"), ["2404.00005", "2404.00006"]);
    // Cross-listed papers are on the page of each of their categories.
    let vision = built.html("categories/cs.CV/index.html");
    assert_eq!(vision.texts("td.ref"), ["2404.00001", "2404.00003"]);
    assert!(!built.exists("categories/other/index.html"));

    let list = built.html("categories/index.html");
    assert_eq!(list.text("h1"), "分类");
    assert_eq!(list.texts(".category-list li"), ["cs.CV (2)", "cs.LG (4)"]);
    assert_eq!(
        list.attrs(".category-list a", "href"),
        ["/repo/categories/cs.CV/", "/repo/categories/cs.LG/"]
    );

    // The sitemap lists the list and every page of every category (as a tag's: numbered
    // pages from the oldest, then the newest).
    let sitemap = parse_xml(&built.read("sitemap.xml"));
    let locs: Vec<String> = sitemap
        .all("url")
        .iter()
        .map(|u| u.one("loc").deep_text())
        .filter(|l| l.contains("/categories/"))
        .collect();
    assert_eq!(
        locs,
        [
            "https://example.org/repo/categories/",
            "https://example.org/repo/categories/cs.CV/",
            "https://example.org/repo/categories/cs.LG/page/1/",
            "https://example.org/repo/categories/cs.LG/",
        ]
    );
}

#[test]
fn each_category_has_an_atom_feed() {
    let (_site, built) = built();
    let feed = parse_xml(&built.read("categories/cs.LG/atom.xml"));
    assert_eq!(feed.name, "feed");
    assert_eq!(feed.attr("xmlns"), Some("http://www.w3.org/2005/Atom"));
    assert_eq!(feed.one("title").deep_text(), "cs.LG · 论文摘要");
    assert_eq!(
        feed.one("id").deep_text(),
        "https://example.org/repo/categories/cs.LG/"
    );
    let self_link: Vec<&str> = feed
        .all("link")
        .iter()
        .filter(|l| l.attr("rel") == Some("self"))
        .filter_map(|l| l.attr("href"))
        .collect();
    assert_eq!(
        self_link,
        ["https://example.org/repo/categories/cs.LG/atom.xml"]
    );
    // The entries of the page, in its order, with their arXiv ids.
    let ids: Vec<String> = feed
        .all("entry")
        .iter()
        .map(|e| e.one("id").deep_text())
        .collect();
    assert_eq!(
        ids,
        ["2404.00002", "2404.00001", "2404.00005", "2404.00006"]
            .map(|id| format!("https://arxiv.org/abs/{id}"))
    );
    // The newest entry dates the feed.
    assert_eq!(feed.one("updated").deep_text(), "2024-04-05T00:00:00Z");
}

#[test]
fn an_english_site_labels_the_groups_in_english() {
    let site = SiteTest::new(&SITE.replace("languages: [zh, en]", "languages: [en, zh]"));
    let built = site.build();
    let page = built.html("digests/2024-04-02/index.html");
    assert_eq!(
        page.texts(".digest-summary .category-heading"),
        ["cs.LG (1)", "cs.CV (2)", "Other (1)"]
    );
    assert_eq!(
        page.attrs("nav.category-contents", "aria-label"),
        ["Categories in this digest"]
    );
    assert_eq!(page.texts(".category-filter button:last-child"), ["All"]);
    assert_eq!(page.text("#category-filter-label"), "Filter by category");
    let list = built.html("categories/index.html");
    assert_eq!(list.text("h1"), "Categories");
    assert_eq!(
        built.html("categories/cs.CV/index.html").text("h1"),
        "Category: cs.CV"
    );
}

/// A category written in two cases is one category (its pages would be one folder on
/// macOS and Windows); one that is not a slug gets a tag's slug.
#[test]
fn categories_are_one_per_slug_ignoring_case() {
    let site = SiteTest::new(
        "-- site.yaml --\ntitle: T\nbase_url: https://example.org/\nlanguages: [en]\n\
         -- content/papers/a.md --\n---\nid: a\ntitle: A\ndate: 2024-01-02\narxiv: { id: \"2401.00001\", categories: [cs.CV] }\n---\n\
         -- content/papers/b.md --\n---\nid: b\ntitle: B\ndate: 2024-01-01\narxiv: { id: \"2401.00002\", categories: [cs.cv, Computer Vision] }\n---\n\
         -- content/digests/2024-01-02.md --\n---\ndate: 2024-01-02\npapers: [a, b]\n---\n",
    );
    let built = site.build();
    let list = built.html("categories/index.html");
    assert_eq!(
        list.texts(".category-list li"),
        ["Computer Vision (1)", "cs.CV (2)"]
    );
    assert_eq!(
        list.attrs(".category-list a", "href"),
        ["/categories/computer-vision/", "/categories/cs.CV/"]
    );
    assert_eq!(
        text_of(&built.html("papers/b/index.html"), "dd.arxiv"),
        "2401.00002 [cs.CV, Computer Vision]"
    );
    // A digest of one category has its one section, without contents, chips or heading.
    let digest = built.html("digests/2024-01-02/index.html");
    assert_eq!(digest.attrs("section.category-group", "id"), ["cat-cs.CV"]);
    assert_eq!(
        digest.count("nav.category-contents, .category-filter, .category-heading"),
        0
    );
    assert_eq!(digest.texts("td.ref"), ["[1]", "[2]"]);
}

/// The text of the first element matching `css`, as written (no space added between
/// its elements).
fn text_of(page: &crate::site_test::Page, css: &str) -> String {
    let sel = scraper::Selector::parse(css).unwrap();
    page.0.select(&sel).next().expect(css).text().collect()
}
