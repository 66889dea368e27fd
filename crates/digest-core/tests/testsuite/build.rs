//! Whole-site builds: the demo site, output shape, determinism, atomicity, stale pages,
//! the base-URL prefix and escaping.

use crate::site_test::{self, Built, SITE_YAML, SiteTest, paper, repo_root};

/// The seven papers of the seed digest, in table order.
const SEED_ORDER: [&str; 7] = [
    "2404.02424",
    "2403.19651",
    "2403.07332",
    "2402.10882",
    "2401.14555",
    "2401.04364",
    "2308.12143",
];

#[test]
fn demo_site_has_the_seed_digest_in_order() {
    let site = SiteTest::copy_of(&repo_root());
    let built = site.build();
    assert_eq!(built.report.papers, 7);

    let digests = std::fs::read_dir(built.out.join("digests"))
        .unwrap()
        .filter_map(|e| {
            let e = e.unwrap();
            e.file_type()
                .unwrap()
                .is_dir()
                .then(|| e.file_name().to_string_lossy().into_owned())
        });
    let digests: Vec<String> = digests.collect();
    assert_eq!(digests.len(), 1, "{digests:?}");
    let page = built.html(&format!("digests/{}/index.html", digests[0]));

    // The summary tables: 摘要, Ref | Title | Summary (named in the UI language), seven
    // rows in the seed's order, in one table per primary category (the seed's first four
    // papers have none).
    assert_eq!(page.text("#summary"), "摘要");
    assert_eq!(
        page.attrs(".digest-summary section.category-group", "id"),
        ["cat-other", "cat-cs.CV", "cat-cs.LG"]
    );
    let headers = page.texts(".digest-summary thead th");
    assert_eq!(headers.len(), 9);
    for header in headers.chunks(3) {
        assert_eq!(header, ["编号", "标题", "总结"]);
    }
    let refs = page.texts(".digest-summary tbody td.ref");
    assert_eq!(refs, (1..=7).map(|n| format!("[{n}]")).collect::<Vec<_>>());
    let ref_targets = page.attrs(".digest-summary tbody td.ref a", "href");
    assert_eq!(
        ref_targets,
        (1..=7).map(|n| format!("#ref-{n}")).collect::<Vec<_>>()
    );
    let titles = page.texts(".digest-summary tbody td.title .l-en");
    assert_eq!(
        titles[0],
        "RESSA: Repair Sparse Vision-Language Models via Sparse Cross-Modality Adaptation"
    );
    assert_eq!(
        titles[4],
        "Revisiting Active Learning in the Era of Vision Foundation Models"
    );
    assert_eq!(titles.len(), 7);
    // A title leads to the paper's page; its arXiv link is in the details.
    let title_links = page.attrs(".digest-summary tbody td.title > a", "href");
    let expected_links: Vec<String> = SEED_ORDER
        .iter()
        .map(|id| format!("/digest-site/papers/{id}/"))
        .collect();
    assert_eq!(title_links, expected_links);
    // The first of each paper's links is its arXiv page (PDF and HTML follow).
    let arxiv_links = page.attrs(".digest-details .paper-link a:first-child", "href");
    let expected_links: Vec<String> = SEED_ORDER
        .iter()
        .enumerate()
        .map(|(i, id)| {
            // The seed's older entries (from 2401 on) use http:// links.
            let scheme = if i >= 4 { "http" } else { "https" };
            format!("{scheme}://arxiv.org/abs/{id}")
        })
        .collect();
    assert_eq!(arxiv_links, expected_links);
    assert!(
        page.texts(".digest-summary tbody td.summary")[0]
            .starts_with("通过稀疏跨模态适应修复稀疏视觉-语言模型")
    );

    // The details: 详细, one section per paper, each Ref target present, in order.
    assert_eq!(page.text("#details"), "详细");
    let anchors = page.attrs(".digest-details details.paper-details", "id");
    assert_eq!(
        anchors,
        (1..=7).map(|n| format!("ref-{n}")).collect::<Vec<_>>()
    );
    let first_zh = page.text("#ref-1 h3 .l-zh");
    assert_eq!(first_zh, "通过稀疏跨模态适应修复稀疏视觉-语言模型");
    // Its links: arXiv's page, the PDF, arXiv's HTML (of the version given).
    assert_eq!(page.texts("#ref-1 .paper-link a"), ["arXiv", "PDF", "HTML"]);
    assert_eq!(
        page.attrs("#ref-1 .paper-link a", "href"),
        [
            "https://arxiv.org/abs/2404.02424",
            "https://arxiv.org/pdf/2404.02424",
            "https://arxiv.org/html/2404.02424v1"
        ]
    );
    let en_abstract = page.text("#ref-1 .abstract .l-en");
    assert!(
        en_abstract
            .starts_with("arXiv:2404.02424v1 Announce Type: new Vision-Language Models (VLMs)"),
        "{en_abstract}"
    );
    assert!(
        page.text("#ref-1 .abstract .l-zh")
            .starts_with("视觉-语言模型(VLMs)整合了")
    );
    // The older arXiv style: no announce type, the category instead.
    assert!(
        page.text("#ref-5 .abstract .l-en")
            .starts_with("arXiv:2401.14555v1 [cs.CV] Foundation vision")
    );

    // Every paper has its own page, with both titles. Its arXiv line says what the
    // digest's announce line says (id, category or announce type), so the abstract does
    // not repeat it there.
    for id in SEED_ORDER {
        let p = built.html(&format!("papers/{id}/index.html"));
        assert_eq!(p.count("article.paper h1 .title-line"), 2, "{id}");
        assert_eq!(p.count(".announce"), 0, "{id}");
        assert!(
            p.text("dd.arxiv").starts_with(id),
            "{id}: {}",
            p.text("dd.arxiv")
        );
    }
    assert!(
        built
            .html("papers/2404.02424/index.html")
            .text("dd.arxiv")
            .ends_with("· 新提交")
    );
    // The home page lists all seven papers and links the digest.
    let home = built.html("index.html");
    assert_eq!(home.count(".papers tbody tr"), 7);
    assert_eq!(home.count(".latest-digests li"), 1);
}

#[test]
fn output_has_every_kind_of_file() {
    let site = SiteTest::new(&format!(
        "-- site.yaml --\n{SITE_YAML}cname: digest.example.org\nper_page: 1\n\
         -- content/papers/a.md --\n{}\
         -- content/papers/b.md --\n{}\
         -- content/papers/c.md --\n{}\
         -- content/digests/2024-04-04.md --\n---\ndate: 2024-04-04\npapers: [a, c]\n---\nIntro *text*.\n\
         -- content/pages/about.md --\n---\ntitle: {{ zh: 关于, en: About }}\nmenu: 1\n---\n# Hello\n\
         -- static/img/logo.txt --\nlogo\n",
        paper("a", "Alpha", "2024-04-01")
            .replace("---\n\n", "")
            .replace(
                "date: 2024-04-01\n",
                "date: 2024-04-01\ntags: [Pruning, 视觉]\n"
            ),
        paper("b", "Beta", "2024-04-02"),
        paper("c", "Gamma", "2024-04-03")
            .replace("date: 2024-04-03\n", "date: 2024-04-03\ntags: [pruning]\n"),
    ));
    let built = site.build();
    for path in [
        "index.html",
        "page/1/index.html",
        "page/2/index.html",
        "papers/a/index.html",
        "digests/2024-04-04/index.html",
        "digests/index.html",
        "tags/index.html",
        "tags/pruning/index.html",
        "tags/pruning/page/1/index.html",
        "tags/视觉/index.html",
        "about/index.html",
        "404.html",
        "atom.xml",
        "sitemap.xml",
        "robots.txt",
        ".nojekyll",
        "CNAME",
        "img/logo.txt",
    ] {
        assert!(built.exists(path), "missing {path}");
    }
    assert!(!built.exists("page/3/index.html"));
    assert_eq!(built.read("CNAME").trim(), "digest.example.org");

    // Pages numbered from the oldest: a on page 1, b on page 2, the newest (c) at home;
    // "next" reads on down the table, to older papers.
    let home = built.html("index.html");
    assert_eq!(home.texts(".papers tbody td.ref"), ["c"]);
    assert_eq!(home.attrs("a[rel=next]", "href"), ["/page/2/"]);
    for (page, rows) in [("page/2/index.html", ["b"]), ("page/1/index.html", ["a"])] {
        assert_eq!(built.html(page).texts(".papers tbody td.ref"), rows);
    }

    // Tags gather papers case-insensitively; a Chinese tag has its own page.
    let tag = built.html("tags/pruning/index.html");
    assert_eq!(tag.texts("tbody td.ref"), ["c"]);
    assert_eq!(
        built
            .html("tags/pruning/page/1/index.html")
            .texts("tbody td.ref"),
        ["a"]
    );
    assert_eq!(built.html("tags/index.html").count(".tag-list li"), 2);

    // The digest's Markdown introduction is rendered.
    let digest = built.html("digests/2024-04-04/index.html");
    assert_eq!(digest.text(".body em"), "text");
    assert_eq!(digest.texts(".digest-summary td.ref"), ["[1]", "[2]"]);

    // The free page is in the navigation and its heading has an id.
    assert!(home.texts(".site-nav a").contains(&"关于".to_string()));
    assert_eq!(
        built.html("about/index.html").attrs("h1#hello", "id"),
        ["hello"]
    );

    // UI labels follow the first language (zh).
    assert_eq!(home.attrs("html", "lang"), ["zh-CN"]);
    assert_eq!(
        home.text(".papers h2").split_whitespace().next(),
        Some("论文")
    );

    // Feeds and sitemap use absolute URLs.
    let sitemap = built.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/papers/a/</loc>"));
    assert!(sitemap.contains("<loc>https://example.org/about/</loc>"));
    let atom = built.read("atom.xml");
    assert!(atom.contains(
        "<link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/papers/c/\"/>"
    ));
    assert!(
        built
            .read("robots.txt")
            .contains("Sitemap: https://example.org/sitemap.xml")
    );
}

#[cfg(unix)]
#[test]
fn a_static_file_named_in_non_utf8_is_refused_by_name() {
    use std::os::unix::ffi::OsStrExt;

    let site = SiteTest::new(&format!(
        "-- site.yaml --\n{SITE_YAML}-- content/papers/a.md --\n{}",
        paper("a", "Alpha", "2024-04-01")
    ));
    let img = site.root().join("static/img");
    std::fs::create_dir_all(&img).unwrap();
    std::fs::write(img.join(std::ffi::OsStr::from_bytes(b"logo-\xff.png")), "x").unwrap();
    let rendered = site.build_err().render(false);
    assert!(
        rendered.contains("img/logo-\u{fffd}.png") && rendered.contains("is not UTF-8"),
        "{rendered}"
    );
    assert!(rendered.contains("rename the file"), "no hint: {rendered}");
    assert!(!site.output_dir().exists(), "nothing is published");
}

#[test]
fn english_first_site_uses_english_labels() {
    let site = SiteTest::new(&format!(
        "-- site.yaml --\ntitle: Digest\nlanguages: [en, zh]\n-- content/papers/a.md --\n{}\
         -- content/digests/d1.md --\n---\ntitle: Issue one\npapers: [a]\n---\n",
        paper("a", "Alpha", "2024-04-01")
    ));
    let built = site.build();
    let digest = built.html("digests/d1/index.html");
    assert_eq!(digest.text("#summary"), "Summary");
    assert_eq!(digest.text("#details"), "Details");
    assert_eq!(digest.attrs("html", "lang"), ["en"]);
    // Languages are shown in the site's order: English title first.
    let order: Vec<String> = digest.attrs("#ref-1 h3 .l", "lang");
    assert_eq!(order, ["en", "zh-CN"]);
}

#[test]
fn two_builds_are_byte_identical() {
    let site = SiteTest::copy_of(&repo_root());
    let first = site.build().snapshot();
    let other = SiteTest::copy_of(&repo_root());
    let second = other.build().snapshot();
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(second[path] == *bytes, "{path} differs between builds");
    }
    // Rebuilding over an existing output changes nothing either.
    let again = site.build();
    assert_eq!(
        again.report.stats.written, 0,
        "unchanged files are not rewritten"
    );
    assert_eq!(again.snapshot(), first);
}

#[test]
fn search_index_follows_the_papers_and_is_kept_when_they_do_not_change() {
    let site = SiteTest::new(&format!(
        "-- site.yaml --\n{SITE_YAML}-- content/papers/a.md --\n{}-- content/papers/b.md --\n{}",
        paper("a", "Alpha", "2024-04-01"),
        paper("b", "Beta", "2024-04-02")
    ));
    let first = site.build().snapshot();
    let fingerprint = "search/digest-site-input.txt";
    assert!(first.contains_key(fingerprint));
    assert!(first.keys().any(|k| k.starts_with("search/t/")));
    // Unchanged papers: the same bundle, nothing written.
    let again = site.build();
    assert_eq!(again.report.stats.written, 0);
    assert_eq!(again.snapshot(), first);
    // A changed paper: a new index, exactly what a clean build gives.
    site.write(
        "content/papers/b.md",
        &paper("b", "Beta reloaded", "2024-04-02"),
    );
    let changed = site.build().snapshot();
    assert_ne!(changed[fingerprint], first[fingerprint]);
    let clean = SiteTest::copy_of(site.root());
    assert_eq!(clean.build().snapshot(), changed);
}

/// Past 2,048 papers the index is in segments: a new day keeps the first segment's files
/// as published (`search::bundle`'s tests check that they are not indexed again), an edit
/// of an old paper changes its segment, and after either the output is byte for byte what
/// a clean build gives.
#[test]
fn a_new_day_keeps_the_search_segments_of_older_papers() {
    let mut files = format!("-- site.yaml --\n{SITE_YAML}");
    for i in 0..2100 {
        files.push_str(&format!(
            "-- content/papers/p{i}.md --\n{}",
            paper(
                &format!("p{i:04}"),
                &format!("Paper {i} on topic{}", i % 17),
                "2024-04-01"
            )
        ));
    }
    let site = SiteTest::new(&files);
    let first = site.build().snapshot();
    let first_segment = |snapshot: &std::collections::BTreeMap<String, Vec<u8>>| {
        snapshot
            .iter()
            .filter(|(k, _)| k.starts_with("search/t/0/"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect::<Vec<_>>()
    };
    assert!(first.contains_key("search/t/2048/0.bin"), "two segments");
    for i in 2100..2200 {
        site.write(
            &format!("content/papers/p{i}.md"),
            &paper(
                &format!("p{i:04}"),
                &format!("Paper {i} on topic{}", i % 17),
                "2024-04-02",
            ),
        );
    }
    let after_day = site.build().snapshot();
    assert_eq!(first_segment(&after_day), first_segment(&first));
    let clean = SiteTest::copy_of(site.root());
    assert_eq!(
        clean.build().snapshot(),
        after_day,
        "a new day equals a clean build"
    );
    // An edit of the first paper: its segment is indexed again.
    site.write(
        "content/papers/p0.md",
        &paper("p0000", "Paper zero rewritten", "2024-04-01"),
    );
    let edited = site.build().snapshot();
    assert_ne!(first_segment(&edited), first_segment(&after_day));
    let clean = SiteTest::copy_of(site.root());
    assert_eq!(
        clean.build().snapshot(),
        edited,
        "an edit equals a clean build"
    );
}

#[test]
fn failed_build_leaves_previous_output_intact() {
    let site = SiteTest::new(&format!(
        "-- site.yaml --\n{SITE_YAML}-- content/papers/a.md --\n{}",
        paper("a", "Alpha", "2024-04-01")
    ));
    let before = site.build().snapshot();
    site.write(
        "content/papers/b.md",
        "---\nid: b\ntitle: [unterminated\n---\n",
    );
    let diags = site.build_err();
    assert!(diags.has_errors());
    let after = site_test::snapshot_dir(&site.output_dir());
    assert_eq!(
        before, after,
        "the published output changed after a failed build"
    );
    // Beside the output only digest-site's older tree, lock and folder times, no staging
    // folder.
    let beside: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.starts_with(".public")
                && ![".public.lock", ".public.previous", ".public.folders"].contains(&n.as_str())
        })
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
    // The next good build publishes over the interrupted one.
    site.remove("content/papers/b.md");
    assert_eq!(site.build().snapshot(), before);
}

#[test]
fn pages_whose_source_is_gone_disappear() {
    let site = SiteTest::new(&format!(
        "-- site.yaml --\n{SITE_YAML}-- content/papers/a.md --\n{}-- content/papers/b.md --\n{}",
        paper("a", "Alpha", "2024-04-01").replace("date:", "tags: [old]\ndate:"),
        paper("b", "Beta", "2024-04-02")
    ));
    let built = site.build();
    assert!(built.exists("papers/a/index.html"));
    assert!(built.exists("tags/old/index.html"));
    site.remove("content/papers/a.md");
    let built = site.build();
    assert!(!built.exists("papers/a/index.html"));
    assert!(!built.exists("papers/a"));
    assert!(!built.exists("tags/old/index.html"));
    assert!(built.exists("papers/b/index.html"));
    assert_eq!(built.html("index.html").texts(".papers td.ref"), ["b"]);
}

#[test]
fn every_internal_link_stays_under_the_base_url_prefix() {
    let site = SiteTest::copy_of(&repo_root()).base_url("https://user.github.io/repo/");
    site.write(
        "content/pages/about.md",
        "---\ntitle: About\nmenu: 1\n---\nSee [the home page](https://user.github.io/repo/) and [a paper](/papers/2404.02424/).\n",
    );
    let built = site.build();
    let files = built.snapshot();
    let mut checked = 0;
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        let page = site_test::Page(scraper::Html::parse_document(
            std::str::from_utf8(bytes).unwrap(),
        ));
        let mut links = page.attrs("a[href]", "href");
        links.extend(page.attrs("link[href]", "href"));
        links.extend(page.attrs("script[src]", "src"));
        links.extend(page.attrs("img[src]", "src"));
        for link in links {
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with('#')
                || link.starts_with("mailto:")
            {
                continue;
            }
            assert!(
                link.starts_with("/repo/"),
                "{path}: link {link} escapes the prefix"
            );
            // It resolves to a file of the output.
            let target = link
                .trim_start_matches("/repo/")
                .split(['?', '#'])
                .next()
                .unwrap();
            let target = percent_decode(target);
            let file = if target.is_empty() || target.ends_with('/') {
                format!("{target}index.html")
            } else {
                target
            };
            assert!(
                files.contains_key(&file),
                "{path}: link {link} points at nothing ({file})"
            );
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} links checked");
    let home = built.html("index.html");
    assert_eq!(
        home.attrs("link[rel=canonical]", "href"),
        ["https://user.github.io/repo/"]
    );
    assert_eq!(home.count("meta[name=robots]"), 0);
    // The page served at every missing address names no address of its own, and asks
    // not to be indexed.
    let missing = built.html("404.html");
    assert_eq!(missing.count("link[rel=canonical]"), 0);
    assert_eq!(missing.attrs("meta[name=robots]", "content"), ["noindex"]);
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .unwrap()
        .into_owned()
}

#[test]
fn text_from_content_is_escaped() {
    let site = SiteTest::new(&format!(
        "-- site.yaml --\n{SITE_YAML}-- content/papers/x.md --\n---\nid: x\ntitle:\n  en: \"<script>alert('t')</script> & more\"\nsummary:\n  zh: \"<img src=x onerror=alert(1)>\"\ntags: [\"<b>tag</b>\"]\n---\nBody <script>alert(2)</script>\n\
         -- content/digests/d.md --\n---\ntitle: \"<i>d</i>\"\npapers: [x]\n---\n"
    ));
    let built = site.build();
    for path in [
        "papers/x/index.html",
        "index.html",
        "digests/d/index.html",
        "tags/b-tag-b/index.html",
    ] {
        let html = built.read(path);
        assert!(!html.contains("<script>alert"), "{path} has a live script");
        assert!(!html.contains("<img src=x"), "{path} has a live img");
        let page = built.html(path);
        // The only inline scripts are structured data (JSON-LD), never content as code.
        let inline = page.count("script:not([src]):not([type=\"application/ld+json\"])");
        assert_eq!(inline, 0, "{path}: inline script from content");
    }
    let page = built.html("papers/x/index.html");
    assert_eq!(page.text("h1 .l-en"), "<script>alert('t')</script> & more");
    assert!(
        page.text(".notes .body")
            .contains("<script>alert(2)</script>")
    );
    let atom = built.read("atom.xml");
    assert!(!atom.contains("<script>"));
}

#[test]
fn unsafe_html_lets_raw_html_through() {
    let site = SiteTest::new(&format!(
        "-- site.yaml --\n{SITE_YAML}unsafe_html: true\n-- content/papers/x.md --\n{}<mark>kept</mark>\n",
        paper("x", "X", "2024-01-01")
    ));
    let built = site.build();
    assert_eq!(
        built.html("papers/x/index.html").text(".notes mark"),
        "kept"
    );
}

#[test]
fn drafts_are_built_only_when_asked() {
    let mut site = SiteTest::new(&format!(
        "-- site.yaml --\n{SITE_YAML}-- content/papers/a.md --\n{}-- content/papers/b.md --\n{}",
        paper("a", "A", "2024-01-01"),
        paper("b", "B", "2024-01-02").replace("date:", "draft: true\ndate:")
    ));
    site.write(
        "content/digests/d.md",
        "---\ntitle: { en: D }\ndate: 2024-01-02\npapers:\n  - a\n  - b\n---\n",
    );
    let built = site.build();
    assert!(!built.exists("papers/b/index.html"));
    // The digest lists the draft: it is left out of it, and `check` says so at its entry.
    assert_eq!(
        built.html("digests/d/index.html").count(".paper-details"),
        1
    );
    let warned = site.check().expect("warnings").render(false);
    assert!(
        warned.contains("paper `b` is a draft: the digest leaves it out")
            && warned.contains("content/digests/d.md:6:5"),
        "{warned}"
    );
    site.options.drafts = true;
    assert!(site.build().exists("papers/b/index.html"));
    assert!(
        !site
            .check()
            .expect("no errors")
            .render(false)
            .contains("is a draft"),
        "with drafts, the digest shows it"
    );
}

#[test]
fn plain_string_fields_mean_the_source_language() {
    let site = SiteTest::new(&format!(
        "-- site.yaml --\n{SITE_YAML}source_language: zh\n-- content/papers/a.md --\n---\nid: a\ntitle: 纯文本标题\nabstract: 中文摘要\n---\n"
    ));
    let page = site.build().html("papers/a/index.html");
    assert_eq!(page.text("h1 .l-zh"), "纯文本标题");
    assert_eq!(page.count("h1 .l-en"), 0);
    assert_eq!(page.text(".abstract .l-zh"), "中文摘要");
}

/// Writes papers `p<from>` to `p<to>`, one a day (a later number is a newer paper), each
/// tagged `t` and in the arXiv category `cs.LG`.
fn write_daily_papers(site: &SiteTest, from: usize, to: usize) {
    for n in from..=to {
        let id = format!("p{n:02}");
        let day = format!("2024-03-{n:02}");
        let text = paper(&id, &format!("Paper {n}"), &day).replace(
            &format!("date: {day}\n"),
            &format!(
                "date: {day}\ntags: [t]\narxiv:\n  id: \"2403.000{n:02}\"\n  categories: [cs.LG]\n"
            ),
        );
        site.write(&format!("content/papers/{id}.md"), &text);
    }
}

#[test]
fn table_pages_are_numbered_from_the_oldest_and_stay_when_papers_are_added() {
    let site = SiteTest::new(&format!("-- site.yaml --\n{SITE_YAML}per_page: 2\n"));
    write_daily_papers(&site, 1, 12);
    let built = site.build();
    let before = built.snapshot();
    // Page 1 holds the two oldest; the home page the newest, at least per_page of them.
    let refs = |path: &str| built.html(path).texts(".papers tbody td.ref");
    assert_eq!(refs("page/1/index.html"), ["p02", "p01"]);
    assert_eq!(refs("page/5/index.html"), ["p10", "p09"]);
    assert_eq!(refs("index.html"), ["p12", "p11"]);
    assert!(!built.exists("page/6/index.html"));

    // Numbered links, newest first, the current one marked, gaps where pages are left out.
    let page2 = built.html("page/2/index.html");
    assert_eq!(page2.texts(".pager-pages a"), ["最新", "4", "3", "2", "1"]);
    assert_eq!(
        page2.attrs(".pager-pages a[aria-current=page]", "href"),
        ["/page/2/"]
    );
    assert_eq!(page2.count(".pager-gap"), 1);
    assert_eq!(page2.attrs(".pager a[rel=prev]", "href"), ["/page/3/"]);
    assert_eq!(page2.attrs(".pager a[rel=next]", "href"), ["/page/1/"]);
    let home = built.html("index.html");
    assert_eq!(home.texts(".pager-pages a"), ["最新", "5", "4", "1"]);
    assert_eq!(
        home.attrs(".pager-pages a[aria-current=page]", "href"),
        ["/"]
    );
    assert_eq!(home.attrs(".pager a[rel=next]", "href"), ["/page/5/"]);
    assert_eq!(home.count(".pager a[rel=prev]"), 0);
    assert_eq!(
        built.html("page/1/index.html").count(".pager a[rel=next]"),
        0
    );
    // The head says the same to crawlers.
    assert_eq!(page2.attrs("head link[rel=prev]", "href"), ["/page/3/"]);
    assert_eq!(page2.attrs("head link[rel=next]", "href"), ["/page/1/"]);
    assert_eq!(home.attrs("head link[rel=next]", "href"), ["/page/5/"]);
    assert_eq!(home.count("head link[rel=prev]"), 0);
    assert_eq!(
        built
            .html("tags/t/index.html")
            .attrs("head link[rel=next]", "href"),
        built
            .html("tags/t/index.html")
            .attrs(".pager a[rel=next]", "href")
    );
    // The tag's table is cut the same way, under its own address.
    assert_eq!(
        built.html("tags/t/page/1/index.html").texts("tbody td.ref"),
        ["p02", "p01"]
    );

    // Six new days: three more numbered pages. The pages more than two away from the
    // newest stay byte for byte as they were (their readers' links still show the same
    // papers); only those within the pager's reach of the newest gain links.
    write_daily_papers(&site, 13, 18);
    let built = site.build();
    let after = built.snapshot();
    assert_eq!(refs("page/8/index.html"), ["p16", "p15"]);
    assert_eq!(refs("index.html"), ["p18", "p17"]);
    for n in 1..=5 {
        let page = format!("page/{n}/index.html");
        assert_eq!(after[&page] != before[&page], n >= 3, "{page}");
    }
    // So do a tag's and a category's: their paper count is on their own page only.
    for table in ["tags/t", "categories/cs.LG"] {
        let page = format!("{table}/page/2/index.html");
        assert!(after[&page] == before[&page], "{page}");
        let own = built.html(&format!("{table}/index.html"));
        assert_eq!(own.text(".count").split(" · ").next(), Some("共 18 篇论文"));
        let numbered = built.html(&format!("{table}/page/8/index.html"));
        assert!(!numbered.text("main").contains("18"), "{table}");
        assert!(numbered.text("h1").ends_with("(第 8 页)"), "{table}");
    }
    // A tag and a category may share a name: their pages' titles say which is which.
    let title = |path: &str| built.html(path).text("title");
    assert!(title("tags/t/index.html").starts_with("标签: t · "));
    assert!(title("categories/cs.LG/page/2/index.html").starts_with("分类: cs.LG · 第 2 页 · "));
}

#[test]
fn check_warns_about_a_file_github_would_refuse() {
    let site = SiteTest::new(&format!(
        "-- site.yaml --\n{SITE_YAML}-- content/papers/a.md --\n{}",
        paper("a", "Alpha", "2024-04-01")
    ));
    // A sparse file just over GitHub's 100 MiB: nothing on disk, its size all the same.
    let big = site.root().join("static/video.bin");
    std::fs::create_dir_all(big.parent().unwrap()).unwrap();
    std::fs::File::create(&big)
        .unwrap()
        .set_len(100 * 1024 * 1024 + 1)
        .unwrap();
    let warnings = site.check().expect("a warning, not an error");
    let about: Vec<_> = warnings
        .iter()
        .filter(|d| d.path.ends_with("video.bin"))
        .collect();
    assert_eq!(about.len(), 1, "{warnings:?}");
    assert!(!about[0].is_error());
    assert!(
        about[0].message.contains("over the 100 MiB"),
        "{}",
        about[0].message
    );
    // 100 MiB is far from the 800 MB past which the whole site is reported.
    assert!(
        !warnings
            .iter()
            .any(|d| d.message.contains("GitHub Pages publishes")),
        "{warnings:?}"
    );
}

/// A digest of the papers `p<from>` to `p<to>`, dated the day of the last.
fn write_day_digest(site: &SiteTest, from: usize, to: usize) {
    let ids: Vec<String> = (from..=to).map(|n| format!("\"p{n:02}\"")).collect();
    site.write(
        &format!("content/digests/2024-03-{to:02}.md"),
        &format!(
            "---\ndate: 2024-03-{to:02}\npapers: [{}]\n---\nThe day's papers.\n",
            ids.join(", ")
        ),
    );
}

/// A change to a site's sources.
type Step = dyn Fn(&SiteTest);

/// Pages and feeds do not depend on the builds before: after every step of a sequence of
/// builds into the same output (new days, an edit, a removal, a retagging), the output is
/// byte for byte what a clean build of the same sources gives.
#[test]
fn a_sequence_of_builds_ends_where_a_clean_build_starts() {
    let site = SiteTest::new(&format!("-- site.yaml --\n{SITE_YAML}per_page: 2\n"));
    let steps: [(&str, &Step); 12] = [
        ("a first day", &|s| {
            write_daily_papers(s, 1, 5);
            write_day_digest(s, 1, 5);
        }),
        ("a second day, a new numbered page", &|s| {
            write_daily_papers(s, 6, 9);
            write_day_digest(s, 6, 9);
        }),
        ("an edit in place", &|s| {
            s.write(
                "content/papers/p03.md",
                &paper("p03", "Paper 3, revised", "2024-03-03"),
            );
        }),
        ("a paper removed, and from its digest", &|s| {
            s.remove("content/papers/p07.md");
            let digest = s.root().join("content/digests/2024-03-09.md");
            let text = std::fs::read_to_string(&digest)
                .unwrap()
                .replace("\"p07\", ", "");
            s.write("content/digests/2024-03-09.md", &text);
        }),
        ("a retagged paper and a free page", &|s| {
            let text = paper("p02", "Paper 2", "2024-03-02")
                .replace("date: 2024-03-02\n", "date: 2024-03-02\ntags: [t, u]\n");
            s.write("content/papers/p02.md", &text);
            s.write(
                "content/pages/about.md",
                "---\ntitle: About\nmenu: 1\n---\nHello.\n",
            );
        }),
        ("a third day", &|s| {
            write_daily_papers(s, 10, 14);
            write_day_digest(s, 10, 14);
        }),
        // The pages of papers and digests are kept when what they show is unchanged: what
        // they show of other files, and of site.yaml, must count.
        ("a digest retitled", &|s| {
            let path = "content/digests/2024-03-05.md";
            let text = std::fs::read_to_string(s.root().join(path)).unwrap();
            s.write(
                path,
                &text.replacen("---\n", "---\ntitle: The first day\n", 1),
            );
        }),
        ("the site retitled and a label replaced", &|s| {
            s.write(
                "site.yaml",
                &format!(
                    "{}per_page: 2\nlabels: {{ zh: {{ abstract_heading: 内容提要 }} }}\n",
                    SITE_YAML.replace("测试", "试验")
                ),
            );
        }),
        ("a head hook added", &|s| {
            s.write(
                "templates/head.html",
                "<meta name=\"x-hook\" content=\"1\">\n",
            );
        }),
        ("a stylesheet added", &|s| {
            s.write("static/custom.css", "body { color: #123; }\n");
        }),
        // A paper's page links its details in each digest (`#ref-<n>`): a new order of a
        // digest's papers changes it.
        ("a digest's papers reordered", &|s| {
            let path = "content/digests/2024-03-05.md";
            let text = std::fs::read_to_string(s.root().join(path)).unwrap();
            assert!(text.contains("\"p01\", \"p02\""), "{text}");
            s.write(path, &text.replace("\"p01\", \"p02\"", "\"p02\", \"p01\""));
        }),
        ("a tag's first spelling changed", &|s| {
            let text = paper("p01", "Paper 1", "2024-03-01")
                .replace("date: 2024-03-01\n", "date: 2024-03-01\ntags: [T]\n");
            s.write("content/papers/p01.md", &text);
        }),
    ];
    for (step, change) in steps {
        change(&site);
        let incremental = site.build().snapshot();
        let clean = SiteTest::copy_of(site.root());
        let fresh = clean.build().snapshot();
        assert_eq!(
            incremental.keys().collect::<Vec<_>>(),
            fresh.keys().collect::<Vec<_>>(),
            "after {step}: the same files"
        );
        for (path, bytes) in &fresh {
            assert!(incremental[path] == *bytes, "after {step}: {path} differs");
        }
        assert!(fresh.contains_key("atom.xml") && fresh.contains_key("search/index.json"));
    }
}

/// A page changed by hand in the output (or by another program) is not taken for what the
/// build wrote there: the next builds make it again, in the output and in the older tree
/// beside it that the build after swaps in, and the output stays what a clean build gives.
#[test]
fn a_page_edited_in_the_output_is_made_again() {
    let site = SiteTest::new(&format!("-- site.yaml --\n{SITE_YAML}"));
    write_daily_papers(&site, 1, 3);
    write_day_digest(&site, 1, 3);
    site.build();
    // Two builds: each tree has been written once and is recorded.
    site.build();
    let clean = site.build().snapshot();
    let edited = [
        "papers/p02/index.html",
        "digests/2024-03-03/index.html",
        "index.html",
    ];
    // The record's time: `touch` of every file gives the edited ones that time too.
    let record_time = std::fs::metadata(site.root().join("public/.digest-site-files"))
        .and_then(|m| m.modified())
        .unwrap();
    for path in edited {
        let file = site.root().join("public").join(path);
        let mut text = std::fs::read_to_string(&file).unwrap();
        text.push_str("<p>edited</p>\n");
        std::fs::write(&file, text).unwrap();
        if path == "index.html" {
            std::fs::File::options()
                .write(true)
                .open(&file)
                .and_then(|f| f.set_modified(record_time))
                .unwrap();
        }
    }
    for round in 0..3 {
        let after = site.build().snapshot();
        for path in edited {
            assert!(
                after[path] == clean[path],
                "build {round} after the edit: {path} is not what the build makes"
            );
        }
        let older = site.root().join(".public.previous");
        if round > 0 {
            for path in edited {
                let text = std::fs::read_to_string(older.join(path)).unwrap();
                assert!(
                    !text.contains("edited"),
                    "build {round}: the older tree's {path}"
                );
            }
        }
    }
}

/// A new day renders its own papers' pages and its digest, and the pages that list the
/// whole site; the pages of the papers and digests before it come out as they were, and are
/// kept as published instead of made again.
#[test]
fn a_new_day_renders_the_pages_of_its_papers_and_keeps_the_others() {
    let site = SiteTest::new(&format!("-- site.yaml --\n{SITE_YAML}per_page: 2\n"));
    write_daily_papers(&site, 1, 5);
    write_day_digest(&site, 1, 5);
    assert_eq!(site.build().report.stats.kept, 0, "nothing to keep yet");
    // Five papers, the digest's page, feed and BibTeX, and the one numbered page of each
    // table (the home's, the tag's and the category's).
    assert_eq!(site.build().report.stats.kept, 5 + 3 + 3);

    write_daily_papers(&site, 6, 9);
    write_day_digest(&site, 6, 9);
    let built = site.build();
    // The older digest's page links the new one (its "next"): made again, with its feed
    // and BibTeX; the five older papers' pages are kept. Each table's page 1 now links
    // pages 2 and 3: made again.
    assert_eq!(built.report.stats.kept, 5);
    let digest = built.html("digests/2024-03-05/index.html");
    assert!(
        !digest
            .attrs("a[href$='/digests/2024-03-09/']", "href")
            .is_empty(),
        "the older digest links the new one"
    );

    // An edit of an old paper makes its page again, and its digest's.
    site.write(
        "content/papers/p02.md",
        &paper("p02", "Paper 2, revised", "2024-03-02")
            .replace("date: 2024-03-02\n", "date: 2024-03-02\ntags: [t]\n"),
    );
    let built = site.build();
    // The other papers, the other digest, the home's and the tag's pages 2 and 3, which
    // do not show it, and the category's page 1: the paper left the category (its file no
    // longer says so), whose table, in its digests' order, still begins with p04 and p05.
    assert_eq!(built.report.stats.kept, 9 - 1 + 3 + 2 + 2 + 1);
    assert_eq!(
        built.html("papers/p02/index.html").text("h1 .l-en"),
        "Paper 2, revised"
    );
}

/// `rm -rf public && build`: the tree of the build before stays beside the output, and its
/// pages of papers and digests are kept as they are; the output is what a clean build of
/// the same sources gives.
#[test]
fn a_build_after_the_output_was_removed_keeps_the_older_trees_pages() {
    let site = SiteTest::new(&format!("-- site.yaml --\n{SITE_YAML}"));
    write_daily_papers(&site, 1, 4);
    write_day_digest(&site, 1, 4);
    site.build();
    let before = site.build().snapshot();
    std::fs::remove_dir_all(site.output_dir()).unwrap();
    let built = site.build();
    assert_eq!(built.report.stats.kept, 4 + 3);
    assert_eq!(built.snapshot(), before);
    let clean = SiteTest::copy_of(site.root());
    for built in [clean.output_dir(), clean.root().join(".public.previous")] {
        if built.exists() {
            std::fs::remove_dir_all(built).unwrap();
        }
    }
    assert_eq!(clean.build().snapshot(), before);
}

/// A file of `static/` where the site writes one of its own (its home page, its feed)
/// is published in its place, whichever file it is, and the build says so.
#[test]
fn a_static_file_in_place_of_the_sites_own_is_published_and_reported() {
    let site = SiteTest::new(&format!("-- site.yaml --\n{SITE_YAML}"));
    write_daily_papers(&site, 1, 2);
    site.write("static/index.html", "MINE\n");
    site.write("static/atom.xml", "<feed>mine</feed>\n");
    site.write("static/custom.css", "body { color: #123; }\n");
    for _ in 0..2 {
        let built = site.build();
        assert_eq!(built.read("index.html"), "MINE\n");
        assert_eq!(built.read("atom.xml"), "<feed>mine</feed>\n");
        assert_eq!(
            warned_paths(&built, "replaces the file the site makes"),
            ["static/atom.xml", "static/index.html"]
        );
    }
}

/// An editor's swap, backup and lock files in `static/` (the text not yet saved) are not
/// published; dot-files of the user's are.
#[test]
fn editors_files_in_static_are_not_published() {
    let site = SiteTest::new(&format!("-- site.yaml --\n{SITE_YAML}"));
    for name in [
        "custom.css",
        ".custom.css.swp",
        "custom.css~",
        ".#custom.css",
        "css/#a.css#",
        ".well-known/x",
    ] {
        site.write(&format!("static/{name}"), "body {}\n");
    }
    let built = site.build();
    for name in [
        ".custom.css.swp",
        "custom.css~",
        ".#custom.css",
        "css/#a.css#",
    ] {
        assert!(!built.exists(name), "{name}");
    }
    assert!(built.exists("custom.css") && built.exists(".well-known/x"));
}

/// A file of `static/` named as one of the site's but for the case of its letters is
/// published, with a warning: on macOS and Windows one would replace the other.
#[test]
fn a_static_file_named_like_the_sites_but_for_case_is_reported() {
    let site = SiteTest::new(&format!("-- site.yaml --\n{SITE_YAML}"));
    write_daily_papers(&site, 1, 2);
    site.write("static/Robots.txt", "mine\n");
    site.write("static/Digests/index.html", "mine\n");
    site.write("static/robots.md", "fine\n");
    let built = site.build();
    assert_eq!(
        warned_paths(&built, "only in the case of its letters"),
        ["static/Digests/index.html", "static/Robots.txt"]
    );
    assert_eq!(built.read("Robots.txt"), "mine\n");
    assert!(built.read("robots.txt").contains("Sitemap"));
}

/// A file of `static/` may replace a file of the site, not a folder of them: a file where
/// the site makes a folder (its digests, a paper's page), one inside a path the site
/// writes as a file, one in the search index's folder are refused by name, with what to
/// do, and nothing is published. Before, the build said nothing and the pages under them
/// were not published.
#[test]
fn a_static_file_in_place_of_a_folder_of_the_sites_is_refused() {
    let site = SiteTest::new(&format!("-- site.yaml --\n{SITE_YAML}"));
    write_daily_papers(&site, 1, 2);
    let paper = std::fs::read_dir(site.root().join("content/papers"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .unwrap();
    let id = paper.file_stem().unwrap().to_str().unwrap().to_string();
    site.write("static/digests", "mine\n");
    site.write(&format!("static/papers/{id}"), "mine\n");
    site.write("static/atom.xml/a.txt", "mine\n");
    site.write("static/search/index.json", "{}\n");
    site.write("static/.digest-site-files", "mine\n");
    site.write("static/papers/not-a-paper/notes.txt", "fine\n");
    let diags = site.build_err();
    let errors: Vec<(String, String)> = diags
        .errors()
        .map(|e| {
            (
                e.path.display().to_string(),
                e.hint.as_deref().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let paths: Vec<&str> = errors.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "static/.digest-site-files".to_string(),
            "static/atom.xml/a.txt".to_string(),
            "static/digests".to_string(),
            format!("static/papers/{id}"),
            "static/search/index.json".to_string(),
        ]
    );
    assert!(
        errors.iter().all(|(_, hint)| !hint.is_empty()),
        "{errors:?}"
    );
    let shown = diags.render(false);
    assert!(shown.contains("`digests/index.html` is in it"), "{shown}");
    assert!(shown.contains("set `search: false`"), "{shown}");
    assert!(
        shown.contains("digest-site's record of the files it wrote"),
        "{shown}"
    );
    assert!(!site.output_dir().exists(), "nothing is published");
    std::fs::remove_file(site.root().join("static/.digest-site-files")).unwrap();

    // Without the search index, a search/ folder of one's own is published.
    std::fs::remove_file(site.root().join("static/digests")).unwrap();
    std::fs::remove_file(site.root().join(format!("static/papers/{id}"))).unwrap();
    std::fs::remove_dir_all(site.root().join("static/atom.xml")).unwrap();
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{yaml}search: false\n"));
    let built = site.build();
    assert_eq!(built.read("search/index.json"), "{}\n");
    assert_eq!(built.read("papers/not-a-paper/notes.txt"), "fine\n");
    assert!(built.read("digests/index.html").contains("<html"));
}

/// The paths of the warnings of a build whose message holds `says`.
fn warned_paths(built: &Built, says: &str) -> Vec<String> {
    built
        .report
        .warnings
        .iter()
        .filter(|w| w.message.contains(says))
        .map(|w| w.path.display().to_string())
        .collect()
}

/// The files warned of as not read, each with the hint that says what to do.
fn unread_with_hints(warnings: &digest_core::Diagnostics) -> Vec<String> {
    warnings
        .iter()
        .filter(|w| w.message.contains("is not read"))
        .map(|w| {
            format!(
                "{} {}",
                w.path.display(),
                w.hint.as_deref().unwrap_or_default()
            )
        })
        .collect()
}

/// A site of one paper, `a`.
fn one_paper_site() -> SiteTest {
    SiteTest::new(&format!(
        "-- site.yaml --\n{SITE_YAML}-- content/papers/a.md --\n{}",
        paper("a", "Alpha", "2024-04-01")
    ))
}

/// Markdown files under `content/` that are not read as content (outside the three
/// folders, in a misspelt or capitalised one, or named `.MD` or `.markdown`) are each
/// reported with where they go; a `README.md` is notes and is not.
#[test]
fn markdown_files_that_are_not_read_are_reported() {
    let site = one_paper_site();
    for path in [
        "content/x.md",
        "content/paper/b.md",
        "content/Papers/c.md",
        "content/papers/d.MD",
        "content/papers/e.markdown",
        "content/README.md",
        "content/papers/notes.txt",
    ] {
        site.write(path, &paper("b", "Beta", "2024-04-02"));
    }
    // Notes that do not start with front matter are not content.
    site.write("content/papers/notes.txt", "To read next week.\n");
    let warnings = site.check().expect("warnings, not errors");
    let unread = unread_with_hints(&warnings);
    assert_eq!(unread.len(), 5, "{unread:#?}");
    assert!(
        unread[0].starts_with("content/Papers/c.md move it into"),
        "{unread:#?}"
    );
    assert!(
        unread[2].starts_with("content/papers/d.MD rename it to `d.md`"),
        "{unread:#?}"
    );
    assert!(unread[3].starts_with("content/papers/e.markdown rename it to `e.md`"));
    assert!(unread[4].starts_with("content/x.md move it into"));

    // Beside a file of the name it would take, renaming would replace that file.
    site.write("content/papers/d.md", &paper("d", "Delta", "2024-04-03"));
    let warnings = site.check().expect("warnings, not errors");
    let hint = warnings
        .iter()
        .find(|w| w.path.ends_with("d.MD"))
        .and_then(|w| w.hint.clone())
        .unwrap();
    assert_eq!(
        hint,
        "`d.md` is there too, and is read: keep one of the two (renaming this one would replace it)"
    );
}

/// The notes of an archive, a `README.md` in each folder of content, are not read as
/// papers when they have no front matter (they were errors); one with front matter is a
/// paper as any file.
#[test]
fn a_readme_without_front_matter_in_a_content_folder_is_notes() {
    let site = one_paper_site();
    site.write(
        "content/papers/README.md",
        "# My archive\n\nOne file per paper.\n",
    );
    site.write("content/digests/readme.md", "Digests, one per day.\n");
    site.write(
        "content/papers/2024/README.md",
        &paper("b", "Beta", "2024-04-02"),
    );
    let built = site.build();
    assert!(
        built.report.warnings.is_empty(),
        "{:?}",
        built.report.warnings
    );
    assert!(built.out.join("papers/b/index.html").is_file());
    assert!(built.out.join("papers/a/index.html").is_file());
    assert!(!built.out.join("digests/readme").exists());
}

/// `content/` itself may be a link to a folder elsewhere (content kept in another
/// repository): it is read, without the warning that a link under it is skipped.
#[cfg(unix)]
#[test]
fn a_content_folder_that_is_a_link_is_read_without_a_warning() {
    let site = one_paper_site();
    let elsewhere = site.root().join("kept-elsewhere");
    std::fs::rename(site.root().join("content"), &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, site.root().join("content")).unwrap();
    let built = site.build();
    assert!(built.out.join("papers/a/index.html").is_file());
    assert_eq!(warned_paths(&built, "symbolic link"), Vec::<String>::new());
}

/// A digest entry copied the arXiv way (with `arXiv:`, a version, as its abs link) is
/// refused with the paper's id to write; one that is no id at all is not told to become a
/// file name.
#[test]
fn digest_entries_written_as_arxiv_references_suggest_the_papers_id() {
    let site = SiteTest::new(&format!(
        "-- site.yaml --\n{SITE_YAML}-- content/papers/1706.03762.md --\n{}\
         -- content/digests/d.md --\n---\ntitle: D\npapers: [\"1706.03762v1\", \"arXiv:1706.03762\", \"https://arxiv.org/abs/1706.03762\", \"arXiv:2404.02424\", \"a/b:c\"]\n---\n",
        paper("1706.03762", "Attention", "2024-04-01")
    ));
    let errors = site.check().expect_err("the entries are errors");
    let hints: Vec<&str> = errors
        .errors()
        .map(|e| e.hint.as_deref().unwrap_or_default())
        .collect();
    assert_eq!(hints.len(), 5, "{hints:#?}");
    for hint in &hints[..3] {
        assert!(hint.starts_with("did you mean `1706.03762`?"), "{hint}");
    }
    assert!(hints[3].contains("write `2404.02424`"), "{}", hints[3]);
    assert!(
        !hints[4].contains("content/papers/a/b:c.md"),
        "{}",
        hints[4]
    );
}

/// Files of `templates/` other than the two hooks (a Hugo or Zola user's layouts, a
/// misspelt hook) are reported as not read; hidden files are not.
#[test]
fn templates_that_are_not_read_are_reported() {
    let site = one_paper_site();
    for path in [
        "templates/head.html",
        "templates/index.html",
        "templates/partials/header.html",
        "templates/footer.htm",
        "templates/.DS_Store",
        "templates/head.html~",
        "templates/#head.html#",
    ] {
        site.write(path, "<p>x</p>\n");
    }
    let built = site.build();
    assert_eq!(
        warned_paths(&built, "is not read: the theme reads only"),
        [
            "templates/footer.htm",
            "templates/index.html",
            "templates/partials/header.html"
        ]
    );
}

/// A hook saved with a byte-order mark (a Windows editor's) puts its tags in `<head>`: the
/// mark, as text there, would end the head before them.
#[test]
fn a_hook_with_a_byte_order_mark_stays_in_the_head() {
    let site = one_paper_site();
    site.write(
        "templates/head.html",
        "\u{feff}\u{feff}<meta name=\"x-hook\" content=\"1\">\n\u{feff}<meta name=\"x-hook2\">\n",
    );
    let built = site.build();
    assert!(!built.read("index.html").contains('\u{feff}'));
    assert_eq!(
        built
            .html("index.html")
            .attrs("head meta[name=x-hook]", "content"),
        ["1"]
    );
    // One where two files were joined, inside: the rest of the hook stays in the head.
    assert_eq!(built.html("index.html").count("head meta[name=x-hook2]"), 1);
}

/// `static/` and `templates/` linked from elsewhere (shared by several sites) are read
/// through their links, without a warning that they are not.
#[test]
#[cfg(unix)]
fn linked_static_and_templates_folders_are_read() {
    let site = one_paper_site();
    site.write(
        "shared/static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
    );
    site.write(
        "shared/templates/head.html",
        "<meta name=\"x-hook\" content=\"1\">\n",
    );
    for folder in ["static", "templates"] {
        std::os::unix::fs::symlink(
            site.root().join("shared").join(folder),
            site.root().join(folder),
        )
        .unwrap();
    }
    let built = site.build();
    assert!(built.exists("logo.svg"));
    assert_eq!(
        built
            .html("index.html")
            .attrs("head meta[name=x-hook]", "content"),
        ["1"]
    );
    let warnings: Vec<_> = built.report.warnings.iter().map(|w| &w.message).collect();
    assert!(
        !warnings
            .iter()
            .any(|m| m.contains("symbolic link") || m.contains("is not read")),
        "{warnings:?}"
    );
}

/// A hook that is a link to a file (`/proc/self/environ`, a secret of the machine) is not
/// read, as links in `content/` and `static/` are not: the build says so.
#[test]
#[cfg(unix)]
fn a_hook_that_is_a_link_is_not_read() {
    let site = one_paper_site();
    site.write(
        "elsewhere/secret.txt",
        "<meta name=\"x-secret\" content=\"1\">\n",
    );
    std::fs::create_dir_all(site.root().join("templates")).unwrap();
    for hook in ["head.html", "footer.html"] {
        std::os::unix::fs::symlink(
            site.root().join("elsewhere/secret.txt"),
            site.root().join("templates").join(hook),
        )
        .unwrap();
    }
    let built = site.build();
    for page in ["index.html", "papers/a/index.html"] {
        assert!(!built.read(page).contains("x-secret"), "{page}");
    }
    for hook in ["head.html", "footer.html"] {
        assert!(
            built.report.warnings.iter().any(|w| w.message
                == format!("`templates/{hook}` is a symbolic link; links are not followed, so it is not read")),
            "{:?}",
            built.report.warnings
        );
    }
}

/// `static/`, `templates/` or `content/` may be links to folders kept elsewhere, but not
/// into the system's own (`/proc/self`, whose files are the build's environment and
/// memory): the build stops at once, naming the link, instead of reading them.
#[test]
#[cfg(target_os = "linux")]
fn a_source_folder_that_links_into_the_system_is_refused() {
    for folder in ["static", "templates", "content"] {
        let site = one_paper_site();
        let _ = std::fs::remove_dir_all(site.root().join(folder));
        std::os::unix::fs::symlink("/proc/self", site.root().join(folder)).unwrap();
        let shown = site.build_err().render(false);
        assert!(
            shown.contains(&format!("`{folder}` is a symbolic link to `/proc/")),
            "{folder}: {shown}"
        );
        assert!(!site.output_dir().exists(), "{folder}");
    }
}

/// A hook that is a named pipe is an error, not a build that waits for ever.
#[test]
#[cfg(unix)]
fn a_hook_that_is_a_named_pipe_is_an_error() {
    let site = one_paper_site();
    std::fs::create_dir_all(site.root().join("templates")).unwrap();
    let fifo = site.root().join("templates/head.html");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let shown = site.build_err().render(false);
    assert!(shown.contains("templates/head.html"), "{shown}");
    assert!(shown.contains("not a regular file"), "{shown}");
}

/// A hook that leaves a comment, a script or a tag open would make every page after it
/// its text: the build stops at where it opens, and the output is left as it was.
#[test]
fn a_hook_left_open_is_an_error_at_where_it_opens() {
    let site = one_paper_site();
    let before = site.build().snapshot();
    for (hook, html, at, opened) in [
        (
            "head.html",
            "<meta name=\"a\">\n<!-- analytics\n<script src=\"x.js\"></script>\n",
            "2:1",
            "`<!--` is not closed",
        ),
        (
            "footer.html",
            "<p>Hi</p>\n  <script>\n  var a = 1;\n",
            "2:3",
            "`<script>` is not closed",
        ),
        (
            "head.html",
            "<style>\nbody { color: red }\n",
            "1:1",
            "`<style>` is not closed",
        ),
    ] {
        site.write(&format!("templates/{hook}"), html);
        let errors = site.build_err();
        let shown = errors.render(false);
        assert!(shown.contains(&format!("templates/{hook}:{at}")), "{shown}");
        assert!(shown.contains(opened), "{shown}");
        assert!(shown.contains("help: close it with"), "{shown}");
        assert_eq!(
            crate::site_test::snapshot_dir(&site.output_dir()),
            before,
            "the output is as it was"
        );
        std::fs::remove_file(site.root().join("templates").join(hook)).unwrap();
    }
}

/// A hook is HTML: another generator's template syntax in it is published as written, and
/// the build says so; the site links of its tags get the base path, as Markdown links do.
#[test]
fn a_hook_gets_the_base_path_and_a_warning_for_template_syntax() {
    let site = one_paper_site().base_url("https://user.github.io/repo/");
    site.write(
        "templates/footer.html",
        "<a href=\"/about/\">About</a> <a href=\"/repo/papers/a/\">A</a>\n<img src=\"/logo.svg\" alt=\"\">\n<p>{{ .Site.Title }}</p>\n",
    );
    let built = site.build();
    let page = built.html("papers/a/index.html");
    assert_eq!(
        page.attrs(
            "footer a[href$='about/'], footer a[href$='papers/a/']",
            "href"
        ),
        ["/repo/about/", "/repo/papers/a/"]
    );
    assert_eq!(page.attrs("footer img", "src"), ["/repo/logo.svg"]);
    let warning = built
        .report
        .warnings
        .iter()
        .find(|w| w.message.contains("a hook is HTML, not a template"))
        .expect("a warning for the template syntax");
    assert_eq!(warning.location(), "templates/footer.html:3:4");
}

/// Errors of the content and of the hooks come in one report: a site with both is not
/// fixed one build at a time.
#[test]
fn errors_of_the_content_and_of_a_hook_are_reported_together() {
    let site = one_paper_site();
    site.write("content/papers/b.md", "---\nid: b\ntitle: [\n---\n");
    site.write("templates/head.html", "<!-- open\n");
    let shown = site.build_err().render(false);
    assert!(shown.contains("content/papers/b.md"), "{shown}");
    assert!(shown.contains("templates/head.html:1:1"), "{shown}");
}

/// A page in the menu by its `menu:` and by a `nav` link is warned of at its `menu:`; a
/// `nav` link to a place on the page (`#top`) stays that.
#[test]
fn a_page_in_the_menu_twice_is_warned_of() {
    let site = SiteTest::new(&format!(
        "-- site.yaml --\n{SITE_YAML}nav:\n  - {{ label: About, url: about/ }}\n  - {{ label: Top, url: \"#top\" }}\n-- content/pages/about.md --\n---\ntitle: About\nmenu: 1\n---\nHi.\n"
    ));
    let built = site.build();
    let warned: Vec<String> = built
        .report
        .warnings
        .iter()
        .filter(|w| w.message.contains("is in the menu twice"))
        .map(|w| w.location())
        .collect();
    assert_eq!(warned, ["content/pages/about.md:3:1"]);
    let page = built.html("index.html");
    assert_eq!(page.attrs("nav.site-nav a[href='#top']", "href"), ["#top"]);
}

/// Where the build's errors in the file named `name` are, and what they say.
fn errors_of(site: &SiteTest, name: &str) -> Vec<(String, String)> {
    site.build_err()
        .iter()
        .filter(|d| d.path.ends_with(name))
        .map(|d| (d.location(), d.message.clone()))
        .collect()
}

/// A text's language given twice is one error, at the repetition (not at the text's
/// first language, and not also "the title is empty").
#[test]
fn a_language_given_twice_is_one_error_at_the_repetition() {
    let site = one_paper_site();
    site.write(
        "content/papers/b.md",
        "---\nid: b\ntitle:\n  zh: 标题\n  en: Title\n  en: again\n---\n",
    );
    let shown = errors_of(&site, "b.md");
    assert_eq!(
        shown,
        [(
            "content/papers/b.md:6:3".to_string(),
            "title: language `en` is given twice".to_string()
        )]
    );
}

/// The digest tools' Markdown put in content/digests/ (the seed's shape) is an error that
/// says to import it, not "start the file with `---`".
#[test]
fn a_tool_digest_in_the_digests_folder_is_pointed_at_import() {
    let site = one_paper_site();
    site.write(
        "content/digests/2024-04-04.md",
        "# 摘要\n\n| Ref | Title | Summary |\n| --- | --- | --- |\n| [^1] | [A](https://arxiv.org/abs/2404.02424) | 总结 |\n\n# 详细\n\n[^1]: 标题\n\n    A\n",
    );
    let errors = site.check().expect_err("not a digest-site digest");
    let error = errors.errors().next().unwrap();
    assert_eq!(error.location(), "content/digests/2024-04-04.md:1:1");
    assert!(
        error.message.contains("digest tools' Markdown"),
        "{error:?}"
    );
    assert!(
        error
            .hint
            .as_deref()
            .unwrap_or_default()
            .contains("digest-site import ../2024-04-04.md"),
        "{error:?}"
    );
}

/// A paper whose arXiv id of an id disagrees with its `arxiv.id` (a copied file whose
/// `id:` was left as it was) is warned of, and a file named otherwise than its id is not;
/// a digest entry of an arXiv id that the site has under another id names that id.
#[test]
fn ids_that_disagree_are_warned_of() {
    let site = one_paper_site();
    site.write(
        "content/papers/2401.00008.md",
        "---\nid: \"2401.00009\"\ntitle: { en: Copied }\n---\n",
    );
    site.write(
        "content/papers/2401.00010.md",
        "---\nid: \"2401.00010\"\ntitle: { en: Other }\narxiv: { id: \"2401.00011\" }\n---\n",
    );
    site.write(
        "content/papers/hep-th-9901001.md",
        "---\nid: hep-th-9901001\ntitle: { en: Old }\narxiv: { id: hep-th/9901001 }\n---\n",
    );
    site.write(
        "content/papers/attention.md",
        "---\nid: attention\ntitle: { en: Attention }\narxiv: { id: \"1706.03762\" }\n---\n",
    );
    let warnings = site.check().expect("warnings, not errors");
    let said: Vec<String> = warnings
        .iter()
        .filter(|w| {
            w.message.contains("but its id is") || w.message.contains("but the paper's id is")
        })
        .map(|w| w.location())
        .collect();
    assert_eq!(said, ["content/papers/2401.00010.md:4:10"]);

    site.write(
        "content/papers/hep-th_9901002.md",
        "---\nid: hep-th_9901002\ntitle: { en: Old }\narxiv: { id: hep-th/9901002 }\n---\n",
    );
    site.write(
        "content/digests/2024-05-01.md",
        "---\ndate: 2024-05-01\npapers: [\"hep-th/9901002\"]\n---\n",
    );
    let errors = site.check().expect_err("an unknown id");
    let hint = errors
        .errors()
        .find_map(|e| e.hint.as_deref())
        .unwrap_or_default()
        .to_string();
    assert!(hint.starts_with("did you mean `hep-th_9901002`"), "{hint}");
}

/// In a git repository whose `.gitignore` ignores `public/` alone (as Hugo's and Zola's
/// do), the build says that the older tree beside it would be committed, until it is
/// ignored too.
#[test]
fn an_older_tree_that_git_would_commit_is_warned_of() {
    let site = one_paper_site();
    let git = std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(site.root())
        .status()
        .expect("git runs (the repository is a git clone)");
    assert!(git.success());
    site.write(".gitignore", "public/\n");
    let said = |built: &Built| warned_paths(built, "git does not ignore");
    assert_eq!(said(&site.build()), [".public.previous"]);
    assert_eq!(said(&site.build()), [".public.previous"]);
    site.write(".gitignore", "public/\n.*.previous/\n");
    assert!(said(&site.build()).is_empty());
}

/// A paper saved under another extension (`.md.txt` by Notepad, `.mdown`, `.mkd`, `.mdx`,
/// a name typed with a space after `.md`, a `.txt` that starts with front matter) is
/// reported with the name to give it; a backup (`.md.bak`) and other notes are not.
#[test]
fn content_files_under_other_extensions_are_reported() {
    let site = one_paper_site();
    for name in [
        "b.md.txt", "c.txt", "d.mdown", "e.mkd", "f.mdx", "g.md ", "h.md.bak", "i.md~",
    ] {
        site.write(
            &format!("content/papers/{name}"),
            &paper("z", "Z", "2024-04-02"),
        );
    }
    site.write("content/papers/list.txt", "2401.00001\n");
    let warnings = site.check().expect("warnings, not errors");
    let unread = unread_with_hints(&warnings);
    assert_eq!(
        unread,
        [
            "content/papers/b.md.txt rename it to `b.md`",
            "content/papers/c.txt rename it to `c.md`",
            "content/papers/d.mdown rename it to `d.md`",
            "content/papers/e.mkd rename it to `e.md`",
            "content/papers/f.mdx rename it to `f.md`",
            "content/papers/g.md  rename it to `g.md`",
        ]
    );
}

/// A digest without `date:` is dated by its file's name, in the shapes people name files
/// (`2024-3-1.md`, `20240301.md`, `2024_03_02.md`): listed under its month, newest first.
#[test]
fn a_digest_without_a_date_is_dated_by_its_name() {
    let site = one_paper_site();
    for name in [
        "2024-3-1",
        "2024-10-1",
        "2024-9-30",
        "20240302",
        "2024_03_03",
        "notes",
    ] {
        site.write(
            &format!("content/digests/{name}.md"),
            "---\npapers: [a]\n---\n",
        );
    }
    let built = site.build();
    let page = built.html("digests/index.html");
    let listed: Vec<String> = page
        .attrs("main a[href*='/digests/']", "href")
        .into_iter()
        .filter_map(|h| {
            h.split("/digests/")
                .nth(1)
                .map(|s| s.trim_end_matches('/').to_string())
        })
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(
        listed,
        [
            "2024-10-1",
            "2024-9-30",
            "2024_03_03",
            "20240302",
            "2024-3-1",
            "notes"
        ]
    );
    let digest = built.html("digests/2024-9-30/index.html");
    assert_eq!(digest.attrs("p.date time", "datetime"), ["2024-09-30"]);
}

/// A site whose content cannot be read is not built empty over the published one:
/// `Content/` (read on macOS, not on Linux's runners) and a link to a missing checkout are
/// errors that leave the output as it was; an empty or missing folder is a warning.
#[test]
fn a_content_folder_that_cannot_be_read_is_reported() {
    let site = one_paper_site();
    let built = site.build();
    assert!(built.exists("papers/a/index.html"));
    let content = site.root().join("content");
    let renamed = site.root().join("Content");
    std::fs::rename(&content, &renamed).unwrap();
    let errors = site.build_err();
    let said: Vec<String> = errors.iter().map(|d| d.location()).collect();
    assert_eq!(said, ["Content"], "{errors:?}");
    assert!(errors.iter().all(|d| d.message.contains("named `Content`")));
    assert!(
        built.exists("papers/a/index.html"),
        "the published site was kept"
    );

    std::os::unix::fs::symlink(site.root().join("checkout/content"), &content).unwrap();
    std::fs::remove_dir_all(&renamed).unwrap();
    let errors = site.build_err();
    assert!(
        errors
            .iter()
            .any(|d| d.message.contains("which does not exist")),
        "{errors:?}"
    );
    assert!(built.exists("papers/a/index.html"));

    std::fs::remove_file(&content).unwrap();
    std::fs::create_dir(&content).unwrap();
    site.write(
        ".gitmodules",
        "[submodule \"content\"]\n\tpath = content\n\turl = ../c\n",
    );
    let built = site.build();
    let warned: Vec<&str> = built
        .report
        .warnings
        .iter()
        .filter(|w| w.message.contains("content/ is empty"))
        .filter_map(|w| w.hint.as_deref())
        .collect();
    assert_eq!(warned.len(), 1, "{:?}", built.report.warnings);
    assert!(warned[0].contains("submodules: true"), "{warned:?}");
}

/// A name given twice in `links:` is an error at the repetition (the first link was
/// dropped without a word).
#[test]
fn a_link_name_given_twice_is_an_error_at_the_repetition() {
    let site = one_paper_site();
    site.write(
        "content/papers/b.md",
        "---\nid: b\ntitle: { en: Title }\nlinks:\n  code: https://a.example/\n  code: https://b.example/\n---\n",
    );
    let shown = errors_of(&site, "b.md");
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(shown[0].0, "content/papers/b.md:6:3");
    assert!(shown[0].1.contains("code"), "{shown:?}");
}

/// Hugo keeps its templates in `layouts/`: the build says that folder is not read.
#[test]
fn a_hugo_layouts_folder_is_reported_as_not_read() {
    let site = one_paper_site();
    site.write("layouts/partials/head.html", "<meta name=\"x\">\n");
    let built = site.build();
    assert_eq!(warned_paths(&built, "`layouts/` is not read"), ["layouts"]);
}

/// Zola and Hugo keep a theme in `themes/<name>/` (its templates and static files): the
/// build and the check say that folder is not read, and what to use instead.
#[test]
fn a_themes_folder_is_reported_as_not_read() {
    let site = one_paper_site();
    site.write(
        "themes/default/templates/base.html",
        "<html>{% block content %}{% endblock %}</html>\n",
    );
    site.write("themes/default/static/style.css", "body { color: red; }\n");
    let built = site.build();
    assert_eq!(warned_paths(&built, "`themes/` is not read"), ["themes"]);
    let checked = site.check().expect("a site with only warnings");
    let warned: Vec<_> = checked
        .iter()
        .filter(|w| w.message.contains("`themes/` is not read"))
        .collect();
    assert_eq!(warned.len(), 1, "{}", checked.render(false));
    let hint = warned[0].hint.as_deref().unwrap_or_default();
    for meant in ["templates/head.html", "static/custom.css", "static/assets/"] {
        assert!(hint.contains(meant), "{hint}");
    }
}

/// An id that is no slug because of a character a reader cannot see says which.
#[test]
fn an_id_with_an_invisible_character_names_it() {
    let site = SiteTest::new(&format!("-- site.yaml --\n{SITE_YAML}"));
    site.write(
        "content/papers/a.md",
        "---\nid: \"2405.00003\u{200b}\"\ntitle: { en: T }\n---\n",
    );
    site.write(
        "content/papers/b.md",
        "---\nid: \"my paper\"\ntitle: { en: T }\n---\n",
    );
    let shown = site.check().expect_err("errors").render(false);
    assert!(
        shown.contains("it holds U+200B, an invisible character"),
        "{shown}"
    );
    assert!(
        shown.contains("`my paper` is not a valid paper id: it holds a space"),
        "{shown}"
    );
}

/// A value of the wrong type is one error, at its place, with a hint for that type: not
/// also the error of the field left empty (`the digest lists no papers`).
#[test]
fn a_value_of_the_wrong_type_is_one_error() {
    let site = one_paper_site();
    site.write(
        "content/digests/d.md",
        "---\ntitle: D\npapers: \"a\"\n---\n",
    );
    let messages = |site: &SiteTest| -> Vec<String> {
        let errors = site.check().expect_err("an error");
        errors.errors().map(|e| e.message.clone()).collect()
    };
    assert_eq!(
        messages(&site),
        ["papers: invalid type: string \"a\", expected a sequence"]
    );
    site.write("content/digests/d.md", "---\ntitle: D\npapers: []\n---\n");
    assert_eq!(messages(&site), ["the digest lists no papers"]);
    site.write(
        "content/papers/a.md",
        "---\nid: a\ntitle: A\nauthors: [[x, y]]\n---\n",
    );
    let errors = site.check().expect_err("an error");
    let hints: Vec<&str> = errors.errors().filter_map(|e| e.hint.as_deref()).collect();
    assert!(
        hints.contains(&"write one text here, not a list"),
        "{hints:?}"
    );
}

/// A paper file that does not read is one error: a digest that lists it is not also told
/// that no paper has its id (with a guess at another paper).
#[test]
fn a_paper_that_does_not_read_is_not_also_missing_from_its_digest() {
    let site = one_paper_site();
    site.write("content/papers/b.md", "---\nid: b\ntitle: \"Beta\n---\n");
    site.write(
        "content/digests/d.md",
        "---\ntitle: D\npapers: [a, b]\n---\n",
    );
    for errors in [site.check().expect_err("errors"), site.build_err()] {
        let messages: Vec<String> = errors
            .errors()
            .map(|e| format!("{} {}", e.path.display(), e.message))
            .collect();
        assert_eq!(messages.len(), 1, "{messages:#?}");
        assert!(
            messages[0].starts_with("content/papers/b.md "),
            "{messages:#?}"
        );
    }
}

/// A name under `static/` with a line break is refused before anything is written: the
/// output's record of its files, a name a line, could not hold it, and every build after
/// the first failed until the output was removed by hand.
#[cfg(unix)]
#[test]
fn a_static_file_named_with_a_line_break_is_refused() {
    let site = one_paper_site();
    site.write("static/new\nline.txt", "x\n");
    let rendered = site.build_err().render(false);
    assert!(rendered.contains("control character U+000A"), "{rendered}");
    assert!(rendered.contains("rename the file"), "{rendered}");
    assert!(!site.output_dir().exists(), "nothing is published");
}

/// A symbolic link under `static/` is not published, and the build says so.
#[cfg(unix)]
#[test]
fn a_symbolic_link_in_static_is_reported() {
    let site = one_paper_site();
    site.write("static/real.txt", "x\n");
    std::os::unix::fs::symlink(
        site.root().join("static/real.txt"),
        site.root().join("static/link.txt"),
    )
    .unwrap();
    let built = site.build();
    assert_eq!(built.read("real.txt"), "x\n");
    assert!(!site.output_dir().join("link.txt").exists());
    assert_eq!(
        warned_paths(&built, "is a symbolic link"),
        ["static/link.txt"]
    );
}

/// A `labels.js` of the site's own, in `static/assets/`, is linked by its own
/// fingerprint: a browser does not keep the theme's (or an older one) from its cache.
#[test]
fn a_labels_script_of_the_sites_own_is_linked_by_its_fingerprint() {
    let site = one_paper_site();
    let linked = |site: &SiteTest| {
        let built = site.build();
        built
            .html("index.html")
            .attrs("script[src*='labels.js']", "src")
    };
    let theirs = linked(&site);
    site.write("static/assets/labels.js", "window.digestSiteLabels = {};\n");
    let first = linked(&site);
    site.write(
        "static/assets/labels.js",
        "window.digestSiteLabels = { zh: {} };\n",
    );
    let second = linked(&site);
    assert_eq!(theirs.len(), 1);
    assert_ne!(first, theirs);
    assert_ne!(second, first);
}

/// Two files of one arXiv paper (an id with its version, and one without) are reported:
/// their feed entries would read as one.
#[test]
fn two_files_of_one_arxiv_paper_are_reported() {
    let site = SiteTest::new(&format!("-- site.yaml --\n{SITE_YAML}"));
    site.write(
        "content/papers/1706.03762.md",
        "---\nid: \"1706.03762\"\ntitle: { en: V1 }\narxiv: { id: \"1706.03762\" }\n---\n",
    );
    site.write(
        "content/papers/v2.md",
        "---\nid: \"1706.03762v2\"\ntitle: { en: V2 }\narxiv: { id: \"1706.03762\", version: 2 }\n---\n",
    );
    let warnings = site.check().expect("a warning, not an error");
    let shown = warnings.render(false);
    assert!(
        shown.contains("arXiv:1706.03762 is also the paper of content/papers/1706.03762.md")
            && shown.contains("content/papers/v2.md:4:8"),
        "{shown}"
    );
}

/// A build that cannot write the older tree beside the output (made read-only by hand and
/// swapped beside it by the next build; here a folder where its record's new copy goes,
/// which stops any user) names that tree and says what to do with it.
#[test]
fn an_older_tree_that_cannot_be_written_is_named_with_what_to_do() {
    let site = SiteTest::new(&format!(
        "-- site.yaml --\n{SITE_YAML}-- content/papers/a.md --\n{}",
        paper("a", "Alpha", "2024-04-01")
    ));
    site.build();
    site.build();
    let older = site.root().join(".public.previous");
    std::fs::create_dir(older.join(".digest-site-files.new")).unwrap();
    let diags = site.build_err();
    let error = diags.errors().next().expect("an error");
    assert_eq!(error.path, older, "{error:?}");
    let hint = error.hint.as_deref().unwrap_or_default();
    assert!(hint.contains("is the build before"), "{hint}");
    assert!(hint.contains("or remove it"), "{hint}");
}

/// A folder of the user's named as the one beside the output where the build before is
/// kept is refused with what to do about it, not taken for the output.
#[test]
fn a_users_folder_named_like_the_older_tree_is_refused_with_what_to_do() {
    let site = SiteTest::new(&format!(
        "-- site.yaml --\n{SITE_YAML}-- content/papers/a.md --\n{}",
        paper("a", "Alpha", "2024-04-01")
    ));
    site.write(".public.previous/keep.txt", "mine\n");
    let diags = site.build_err();
    let error = diags.errors().next().expect("an error");
    assert_eq!(
        error.path,
        site.root().join(".public.previous"),
        "{error:?}"
    );
    let hint = error.hint.as_deref().unwrap_or_default();
    assert!(
        hint.contains("where digest-site keeps the build before"),
        "{hint}"
    );
    assert!(hint.contains("rename or move that folder"), "{hint}");
    let kept = std::fs::read_to_string(site.root().join(".public.previous/keep.txt")).unwrap();
    assert_eq!(kept, "mine\n");
}

/// `site.yaml`'s logo and menu links within the site are on every page: one that reaches
/// no file of the site is an error at its value; with the file there, the site builds.
#[test]
fn a_logo_or_menu_link_that_reaches_nothing_is_an_error_at_its_value() {
    let config = format!(
        "{SITE_YAML}logo: logo.svg\nnav:\n  - label: About\n    url: about/\n  - label: Code\n    url: https://example.org/code\n"
    );
    let site = SiteTest::new(&format!(
        "-- site.yaml --\n{config}-- content/papers/a.md --\n{}",
        paper("a", "Alpha", "2024-04-01")
    ));
    let diags = site.build_err();
    let located: Vec<String> = diags
        .errors()
        .map(|d| format!("{}:{}:{} {}", d.path.display(), d.line, d.column, d.message))
        .collect();
    let line_of = |needle: &str| config.lines().position(|l| l.contains(needle)).unwrap() + 1;
    assert_eq!(
        located,
        [
            format!(
                "site.yaml:{}:7 `logo`: `logo.svg` is no page or file of the site, and every page would link it",
                line_of("logo:")
            ),
            format!(
                "site.yaml:{}:10 `nav`: `about/` is no page or file of the site, and every page would link it",
                line_of("url: about/")
            ),
        ]
    );
    // A value written with escapes, which reads otherwise than it is written, is placed
    // at its key (it had no line).
    site.write(
        "site.yaml",
        &format!("{SITE_YAML}nav: [{{label: X, url: \"\\\\evil.example\\\\x\"}}]\n"),
    );
    let escaped = site.build_err();
    let error = escaped.errors().next().expect("an error");
    assert_eq!(
        (error.line, error.column),
        (SITE_YAML.lines().count() + 1, 1),
        "{error:?}"
    );
    site.write("site.yaml", &config);
    site.write(
        "static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write("content/pages/about.md", "---\ntitle: About\n---\nHello.\n");
    let built = site.build();
    assert_eq!(
        built
            .html("index.html")
            .attrs(".site-nav a[href='/about/']", "href"),
        ["/about/"]
    );
}

/// A digest's `papers.bib` parses as BibTeX whatever its texts hold: a lone brace in a
/// title (BibTeX pairs `\}` as it pairs `}`), an `@` in the digest's title (which, in the
/// comment at the top, started an entry), an author named with `and`.
#[test]
fn a_digests_bibtex_parses_whatever_its_texts_hold() {
    let site = SiteTest::new(&format!(
        "-- site.yaml --\n{SITE_YAML}\
         -- content/papers/a.md --\n---\nid: a\ntitle: {{ en: 'Bounds for x }} y {{' }}\nauthors: ['Barnes and Noble', 'C }} {{ and']\n---\n\
         -- content/digests/d.md --\n---\ntitle: {{ en: 'Papers @ NeurIPS @misc{{x, title={{pwned}}}}' }}\ndate: 2024-04-04\npapers: [a]\n---\n"
    ));
    let built = site.build();
    let bib = built.read("digests/d/papers.bib");
    // Entries start with `@` at depth 0, and each closes what it opens.
    let (mut depth, mut entries) = (0i32, Vec::new());
    for (i, c) in bib.char_indices() {
        match c {
            '@' if depth == 0 => entries.push(i),
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        assert!(depth >= 0, "{bib}");
    }
    assert_eq!(depth, 0, "{bib}");
    assert_eq!(entries.len(), 1, "one paper, one entry:\n{bib}");
    assert!(
        bib.contains(r"title = {Bounds for x \textbraceright{} y \textbraceleft{}},"),
        "{bib}"
    );
    assert!(
        bib.contains(
            "author = {{Barnes and Noble} and {C \\textbraceright{} \\textbraceleft{} and}},"
        ),
        "{bib}"
    );
    assert!(bib.starts_with("% Papers (at) NeurIPS (at)misc"), "{bib}");
}

/// The site's own texts and a digest's title are shown as written: they are not arXiv
/// text, whose `--`, `~` and braces are typesetting (`C++ {templates} -- see ~/notes \o/`
/// came out as "C++ templates – see  /notes ø/"). A paper's title still is arXiv text.
#[test]
fn the_sites_texts_and_digest_titles_are_shown_as_written() {
    let site = SiteTest::new(
        "-- site.yaml --\ntitle: 'C++ {templates} -- see ~/notes \\o/'\nfooter: 'Mirror of {{ repo }} -- 50% off'\nbase_url: https://example.org/\nlanguages: [en]\n\
         -- content/papers/a.md --\n---\nid: a\ntitle: 'Bounds -- in $O(n)$ time'\n---\n\
         -- content/digests/d.md --\n---\ntitle: 'Week {1} --> ~done'\ndate: 2024-04-04\npapers: [a]\n---\n",
    );
    let built = site.build();
    let site_title = "C++ {templates} -- see ~/notes \\o/";
    let digest = built.html("digests/d/index.html");
    assert_eq!(
        digest.text("title"),
        format!("Week {{1}} --> ~done · {site_title}")
    );
    assert_eq!(digest.text("h1"), "Week {1} --> ~done");
    assert_eq!(digest.text(".site-title"), site_title);
    assert!(
        digest
            .text(".site-footer")
            .contains("Mirror of {{ repo }} -- 50% off")
    );
    let feed = built.read("atom.xml");
    assert!(
        feed.contains(&format!("<title>{site_title}</title>")),
        "{feed}"
    );
    let paper = built.html("papers/a/index.html");
    assert!(
        paper.text("title").starts_with("Bounds – in"),
        "{}",
        paper.text("title")
    );
    assert_eq!(paper.texts(".in-digests a"), ["Week {1} --> ~done"]);
}

/// `aliases:` of a digest and of a page keep a moved site's addresses: each is a page that
/// sends the browser on (under the base path), names the new page canonical and links it.
/// An alias that is no path of the site, or in the place of the site's own files, or
/// given twice, is refused at its key.
#[test]
fn aliases_send_former_addresses_on() {
    let site = SiteTest::new(&format!(
        "-- site.yaml --\ntitle: T\nbase_url: https://you.github.io/repo/\n\
         -- content/papers/a.md --\n{}\
         -- content/digests/2024-02-05.md --\n---\ndate: 2024-02-05\npapers: [a]\n\
         aliases: [/2024/02/05/daily-arxiv.html, /archive/2024-02-05/]\n---\n\
         -- content/pages/about.md --\n---\ntitle: About\naliases: [/about.html]\n---\nAbout.\n",
        paper("a", "Alpha", "2024-02-05")
    ));
    let built = site.build();
    for (file, to) in [
        ("2024/02/05/daily-arxiv.html", "/repo/digests/2024-02-05/"),
        ("archive/2024-02-05/index.html", "/repo/digests/2024-02-05/"),
        ("about.html", "/repo/about/"),
    ] {
        let page = built.html(file);
        assert_eq!(
            page.attrs("meta[http-equiv=refresh]", "content"),
            [format!("0; url={to}")],
            "{file}"
        );
        assert_eq!(
            page.attrs("link[rel=canonical]", "href"),
            [format!("https://you.github.io{to}")],
            "{file}"
        );
        assert_eq!(page.attrs("a", "href"), [to.to_string()], "{file}");
    }
    let sitemap = built.read("sitemap.xml");
    assert!(
        !sitemap.contains("daily-arxiv"),
        "an alias is no page of the sitemap"
    );
    // The head hook is on the old addresses too (analytics counts their visits).
    site.write(
        "templates/head.html",
        "<meta name=\"x-hook\" content=\"1\">\n",
    );
    let built = site.build();
    assert_eq!(
        built
            .html("about.html")
            .attrs("head meta[name=x-hook]", "content"),
        ["1"]
    );
    site.remove("templates/head.html");

    site.write(
        "content/digests/2024-02-06.md",
        "---\ndate: 2024-02-06\npapers: [a]\naliases:\n  - /papers/a/\n  - 'https://e.org/x/'\n  - /about.html\n\
         \x20 - /about/x/\n  - /ok/\n  - /.digest-site-files/\n  - /%2e%2e/x.html\n---\n",
    );
    let errors = site.check().expect_err("refused");
    let found: Vec<_> = errors
        .iter()
        .map(|d| (d.line, d.column, d.message.clone()))
        .collect();
    assert_eq!(
        found,
        [
            (5, 5, "the alias `/papers/a/` is in the place of the site's own `papers`".to_string()),
            (6, 6, "the alias `https://e.org/x/` is an address on another site: an alias is a path of this one, such as /2024/02/05/daily.html".to_string()),
            (8, 5, "the alias `/about/x/` is in the place of the site's own `about`".to_string()),
            (10, 5, "the alias `/.digest-site-files/` has a segment beginning with `.`, which names the site's own files (.nojekyll) or a server's".to_string()),
            (11, 5, "the alias `/%2e%2e/x.html` has an empty, `.` or `..` segment".to_string()),
            // The page's, met after the digest's.
            (3, 11, "the alias `/about.html` is given twice".to_string()),
        ]
    );
}

/// A digest of the same date and papers as another (the same day imported twice under two
/// file names) is a warning at the second; the same papers on another day, or in another
/// order, are not.
#[test]
fn the_same_day_twice_is_a_warning() {
    let digest = |date: &str, papers: &str| {
        format!("---\ntitle: D\ndate: {date}\npapers: [{papers}]\n---\n")
    };
    let site = SiteTest::new(&format!(
        "-- site.yaml --\n{SITE_YAML}-- content/papers/a.md --\n{}-- content/papers/b.md --\n{}\
         -- content/digests/2025-08-01-day.md --\n{}-- content/digests/2025-08-01-day-1.md --\n{}\
         -- content/digests/2025-08-01-other.md --\n{}-- content/digests/2025-08-02-day.md --\n{}",
        paper("a", "Alpha", "2025-08-01"),
        paper("b", "Beta", "2025-08-01"),
        digest("2025-08-01", "a, b"),
        digest("2025-08-01", "a, b"),
        digest("2025-08-01", "b, a"),
        digest("2025-08-02", "a, b"),
    ));
    let built = site.build();
    assert_eq!(
        warned_paths(
            &built,
            "the digest lists the same 2 papers, of the same date, as"
        ),
        ["content/digests/2025-08-01-day.md"]
    );
}

/// A digest's title or description written without any text is left out of its page (the
/// title for its date): a warning at its key, and the build goes on.
#[test]
fn a_digest_text_written_without_text_is_a_warning() {
    let site = SiteTest::new(
        "-- site.yaml --\ntitle: T\nbase_url: https://example.org/\n\
         -- content/papers/a.md --\n---\nid: a\ntitle: { en: A }\nsummary: { en: A. }\n---\n\
         -- content/digests/d.md --\n---\ntitle: { en: null, zh: ~ }\ndate: 2024-01-02\ndescription: \"\"\npapers: [a]\n---\n",
    );
    let warnings = site.check().expect("warnings, not errors");
    let found: Vec<_> = warnings
        .iter()
        .map(|d| (d.line, d.column, d.message.clone()))
        .collect();
    assert_eq!(
        found,
        [
            (
                2,
                1,
                "`title` has no text; its date (or its file's name) is shown in its place"
                    .to_string()
            ),
            (
                4,
                1,
                "`description` has no text; it is not shown".to_string()
            ),
        ]
    );
    site.build();
}

/// The ideographic space (U+3000) is a character of Chinese text: the two that indent a
/// Chinese paragraph are kept on the page, in the digest's feed and in `export markdown`,
/// and one between two words of a title stays itself in `<title>`.
#[test]
fn ideographic_spaces_are_kept_as_written() {
    let site = SiteTest::new(
        "-- site.yaml --\ntitle: { zh: 论文摘要, en: Digest }\nbase_url: https://example.org/\n\
         -- content/papers/2401.00001.md --\n---\nid: \"2401.00001\"\n\
         title: { zh: \"全角\u{3000}空格的标题\", en: \"Ideographic space\" }\n\
         abstract:\n  zh: \"\u{3000}\u{3000}首行缩进两个全角空格的段落。\\n\\n\u{3000}\u{3000}第二段。\"\n  en: \"An abstract.\"\n\
         arxiv: { id: \"2401.00001\", version: 1, announce: new }\n---\n\
         -- content/digests/d.md --\n---\ndate: 2024-01-01\npapers: [\"2401.00001\"]\n---\n",
    );
    let built = site.build();
    let page = std::fs::read_to_string(built.out.join("papers/2401.00001/index.html")).unwrap();
    assert!(
        page.contains(
            "<p>\u{3000}\u{3000}首行缩进两个全角空格的段落。</p><p>\u{3000}\u{3000}第二段。</p>"
        ),
        "{page}"
    );
    assert!(
        page.contains(">全角\u{3000}空格的标题 · 论文摘要</title>"),
        "{page}"
    );
    let exported = digest_core::export::export_markdown(site.root(), None).unwrap();
    assert!(
        exported.contains("    \u{3000}\u{3000}首行缩进两个全角空格的段落。\n"),
        "{exported}"
    );
    // Other whitespace at a text's ends still goes.
    assert!(!page.contains("<p> "), "{page}");
}
