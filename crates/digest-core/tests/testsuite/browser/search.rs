//! Searching in Chromium: what queries find and what they load, "Show more", an English-first
//! site, the results panel (over the page, the address, category narrowing, cards, keys),
//! and the budget at the corpus's scale.

use std::path::PathBuf;
use std::time::Instant;

use serde_json::{Value, json};
use test_support::static_server::{PREFIX, StaticServer};
use test_support::webdriver::{Browser, Check, ChromeDriver, Locator, err, expect, expect_eq};

use super::{axe_in_both_schemes, in_chromium};
use crate::SUITE;
use crate::site_test::{self, SiteTest};

/// A site whose UI is English (`<html lang="en">`) finds Chinese queries as well: the
/// index splits Chinese text whatever the UI language.
#[test]
fn english_first_site_finds_chinese_queries() {
    let Some(tools) = SUITE.browser_tools() else {
        return;
    };
    let server = StaticServer::start();
    let site = SiteTest::copy_of(&site_test::repo_root().join("examples/english-first"))
        .base_url(&format!("{}{PREFIX}", server.origin()));
    let built = site.build();
    server.serve(built.out.clone());
    in_chromium(&tools, &server, async |browser| {
        let mut outcome = Ok(());
        for text in ["注意力机制", "attention"] {
            outcome = outcome.and(match query(browser, text).await {
                Ok((links, _)) => expect(
                    links.first().map(String::as_str) == Some("/repo/papers/1706.03762/"),
                    format!("{text:?} finds the Transformer paper: {links:?}"),
                ),
                Err(e) => Err(e),
            });
        }
        outcome
    });
}

/// Past ten results, "Show more" adds the next ten (and moves focus to the first of them)
/// until all are shown.
#[test]
fn show_more_adds_the_next_results() {
    let Some(tools) = SUITE.browser_tools() else {
        return;
    };
    let server = StaticServer::start();
    let mut files = format!("-- site.yaml --\n{}", site_test::SITE_YAML);
    for i in 1..=23 {
        let id = format!("2501.{i:05}");
        files.push_str(&format!(
            "-- content/papers/{id}.md --\n{}",
            site_test::paper(&id, &format!("Widget study {i}"), "2025-01-02")
        ));
    }
    let site = SiteTest::new(&files).base_url(&format!("{}{PREFIX}", server.origin()));
    let built = site.build();
    server.serve(built.out.clone());
    in_chromium(&tools, &server, async |b| {
        let (links, _) = query(b, "widget").await?;
        expect_eq(links.len(), 10, "the first page of results")?;
        let shown = "return [document.querySelectorAll('.search-results .search-title').length, \
                     !document.querySelector('.search-more').hidden, \
                     document.activeElement.getAttribute('href')];";
        expect_eq(
            b.eval(shown).await?[1].clone(),
            json!(true),
            "more is offered",
        )?;
        for (count, more) in [(20, true), (23, false)] {
            b.click(".search-more").await?;
            b.wait_for(shown, |v| v[0].as_u64() == Some(count))
                .await
                .map_err(|e| format!("{count} results after show more: {e}"))?;
            let state = b.eval(shown).await?;
            expect_eq(
                state[1].clone(),
                json!(more),
                "show more while results remain",
            )?;
            expect(
                state[2]
                    .as_str()
                    .is_some_and(|h| h.starts_with(&format!("{PREFIX}papers/"))),
                format!("focus is on the first new result: {state}"),
            )?;
        }
        Ok(())
    });
}

/// A site past 2,048 papers has an index of two segments: a query finds papers in both,
/// ranks them as one index would (equal scores: the newest first), and a word still being
/// typed matches in both.
#[test]
fn an_index_in_segments_finds_papers_in_every_segment() {
    let Some(tools) = SUITE.browser_tools() else {
        return;
    };
    let server = StaticServer::start();
    let mut files = format!("-- site.yaml --\n{}", site_test::SITE_YAML);
    let id = |i: usize| format!("2501.{i:05}");
    for i in 0..2300 {
        let title = match i {
            7 | 2200 => format!("Gadgetry study {i}"),
            _ => format!("Widget study w{i}"),
        };
        files.push_str(&format!(
            "-- content/papers/{}.md --\n{}",
            id(i),
            site_test::paper(&id(i), &title, "2025-01-02")
        ));
    }
    let site = SiteTest::new(&files).base_url(&format!("{}{PREFIX}", server.origin()));
    let built = site.build();
    let manifest: Value = serde_json::from_str(&built.read("search/index.json")).unwrap();
    let cuts: Vec<(u64, u64)> = manifest["segs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["s"].as_u64().unwrap(), s["n"].as_u64().unwrap()))
        .collect();
    assert_eq!(cuts, [(0, 2048), (2048, 252)]);
    server.serve(built.out.clone());
    let page = |i: usize| format!("{PREFIX}papers/{}/", id(i));
    in_chromium(&tools, &server, async |b| {
        for text in ["gadgetry", "Gadg"] {
            let (links, _) = query(b, text).await?;
            expect_eq(links, vec![page(2200), page(7)], &format!("{text:?}"))?;
        }
        for i in [3, 2047, 2048, 2299] {
            let (links, _) = query(b, &format!("w{i}")).await?;
            expect_eq(links.first().cloned(), Some(page(i)), &format!("w{i}"))?;
        }
        // A word of every paper: the first ten, newest first, across the cut.
        let (links, _) = query(b, "study").await?;
        expect_eq(
            links,
            (2290..2300).rev().map(page).collect::<Vec<_>>(),
            "study",
        )?;
        Ok(())
    });
}

/// The search budget at the corpus's scale (about 30,000 papers): no search file over
/// 1 MB, at most 300 KB fetched for one query. Needs a site of that size, so it runs on
/// request: `SEARCH_SCALE_SITE=<folder> cargo test -p digest-core --test browser --
/// --ignored --nocapture`, where the folder is a site (it is built first) or a site built
/// already with `--base-url http://127.0.0.1/repo/` (docs/reading.md says how the measured
/// site was made).
#[test]
#[ignore = "measurement on a large site: set SEARCH_SCALE_SITE and pass --ignored"]
fn search_budget_at_scale() {
    let root = PathBuf::from(
        std::env::var_os("SEARCH_SCALE_SITE").expect("SEARCH_SCALE_SITE names a site folder"),
    );
    let tools = SUITE
        .browser_tools()
        .expect("the measurement needs the browser tools");
    let server = StaticServer::start();
    let out = tempfile::tempdir().unwrap();
    let public = if root.join("search").is_dir() {
        root.clone()
    } else {
        let options = digest_core::BuildOptions {
            base_url: Some(format!("{}{}", server.origin(), PREFIX)),
            output_dir: Some(out.path().join("public")),
            ..digest_core::BuildOptions::default()
        };
        let start = Instant::now();
        let report = digest_core::build_site(&root, &options)
            .unwrap_or_else(|d| panic!("build failed:\n{}", d.render(false)));
        eprintln!("built {} papers in {:.1?}", report.papers, start.elapsed());
        out.path().join("public")
    };
    let files = site_test::snapshot_dir(&public.join("search"));
    let (largest, size) = files
        .iter()
        .map(|(name, bytes)| (name.clone(), bytes.len()))
        .max_by_key(|(_, n)| *n)
        .unwrap();
    let total: usize = files.values().map(Vec::len).sum();
    eprintln!(
        "search bundle: {} files, {total} bytes; largest {largest} ({size} bytes)",
        files.len()
    );
    assert!(size <= 1 << 20, "{largest} is {size} bytes");
    server.serve(public.clone());

    let driver = ChromeDriver::start(&tools.chromedriver);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let browser = Browser::open(&driver, &tools.chromium, &server).await;
        // Every check runs before the browser is closed, so a failure leaves no browser.
        let measured = async {
            let mut worst = 0;
            for text in [
                "稀疏",
                "扩散模型",
                "diffusion",
                "large language model",
                "Transformer",
                "a",
            ] {
                let (links, files) = query_files(&browser, text).await?;
                expect(!links.is_empty(), format!("{text:?} finds papers"))?;
                for (path, n) in &files {
                    eprintln!("    {n:>8} {path}");
                }
                worst = worst.max(files.iter().map(|(_, n)| n).sum());
            }
            // An arXiv id finds its paper first. (A paper from the middle of the site: the
            // 30,000-paper benchmark site repeats its oldest papers under suffixed ids.)
            let shards = std::fs::read_dir(public.join("search/d"))
                .map_err(err)?
                .count();
            let middle = public.join(format!("search/d/{}.json", shards / 2));
            let cards: Value =
                serde_json::from_slice(&std::fs::read(middle).map_err(err)?).map_err(err)?;
            let key = cards[0]["k"].as_str().unwrap_or_default();
            let (links, files) = query_files(&browser, key).await?;
            expect_eq(
                links.first().cloned(),
                Some(format!("{PREFIX}papers/{key}/")),
                "an arXiv id finds its paper first",
            )?;
            worst = worst.max(files.iter().map(|(_, n)| n).sum());
            Ok::<u64, String>(worst)
        }
        .await;
        browser.client.clone().close().await.ok();
        let worst = measured.unwrap_or_else(|e| panic!("{e}"));
        eprintln!("most bytes fetched for one query: {worst}");
        assert!(worst <= 300 * 1024, "{worst} bytes for one query");
    });
}

/// Types a query and returns the result links and the search bytes it loaded.
pub async fn query(b: &Browser, text: &str) -> Result<(Vec<String>, u64), String> {
    let (links, files) = query_files(b, text).await?;
    Ok((links, files.iter().map(|(_, n)| n).sum()))
}

/// Types a query and returns the result links and each search file it loaded.
async fn query_files(b: &Browser, text: &str) -> Result<(Vec<String>, Vec<(String, u64)>), String> {
    b.goto("").await?;
    b.server_log.lock().unwrap().clear();
    let input = b
        .client
        .find(Locator::Css("#search-input"))
        .await
        .map_err(err)?;
    input.send_keys(text).await.map_err(err)?;
    // Done when the status shows a count or "nothing found" (not "loading").
    let status = b
        .wait_for(
            "const form = document.querySelector('form.search');\
             const text = form.querySelector('.search-status').textContent;\
             return text && text !== form.dataset.loading ? text : '';",
            |v| v.as_str().is_some_and(|s| !s.is_empty()),
        )
        .await
        .map_err(|e| format!("query {text:?}: {e}"))?;
    let links = b
        .eval("return [...document.querySelectorAll('.search-results .search-title')].map(a => a.getAttribute('href'));")
        .await?;
    let links = links
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_string())
        .collect();
    let files: Vec<(String, u64)> = b
        .server_log
        .lock()
        .unwrap()
        .iter()
        .filter(|(path, _)| is_search_file(path))
        .cloned()
        .collect();
    let bytes: u64 = files.iter().map(|(_, n)| n).sum();
    eprintln!("query {text:?}: {status} → {links:?}, {bytes} bytes of search files");
    Ok((links, files))
}

/// The search script and the files of the index: what a query may fetch.
fn is_search_file(path: &str) -> bool {
    path.starts_with(&format!("{PREFIX}search/"))
        || path.starts_with(&format!("{PREFIX}assets/search.js"))
}

pub async fn search(b: &Browser) -> Check {
    // Nothing of the index is loaded with a page.
    b.server_log.lock().unwrap().clear();
    b.goto("").await?;
    expect(
        !b.server_log
            .lock()
            .unwrap()
            .iter()
            .any(|(p, _)| is_search_file(p)),
        "the index loads only when searching".into(),
    )?;
    let ressa = format!("{PREFIX}papers/2404.02424/");
    let fixture = format!("{PREFIX}papers/2501.00001/");
    for (text, want) in [
        ("稀疏", &ressa),
        ("sparse cross-modality", &ressa),
        ("MagicLens", &format!("{PREFIX}papers/2403.19651/")),
        ("Lovelace", &fixture),
        ("toy-models", &fixture),
        ("2501.00001", &fixture),
        ("玩具模型", &fixture),
        // Plurals find singulars: the fixture's title has "Toy Model of Attention".
        ("toys attentions", &fixture),
    ] {
        let (links, bytes) = query(b, text).await?;
        expect(
            links.first() == Some(want),
            format!("query {text:?} should find {want} first, found {links:?}"),
        )?;
        expect(
            bytes < 300 * 1024,
            format!("query {text:?} loaded {bytes} bytes"),
        )?;
    }
    let (links, _) = query(b, "zzzqqqxxy").await?;
    expect(
        links.is_empty(),
        format!("nonsense finds nothing: {links:?}"),
    )?;
    // The query's words are marked in the results, in either language, as written.
    let marked =
        "return [...document.querySelectorAll('.search-results mark')].map(m => m.textContent);";
    for (text, want) in [("稀疏", "稀疏"), ("sparse models", "Sparse")] {
        query(b, text).await?;
        let marks = b.eval(marked).await?;
        expect(
            marks
                .as_array()
                .is_some_and(|m| m.iter().any(|v| v == want)),
            format!("{text:?} marks {want:?} in the results: {marks}"),
        )?;
    }
    // A summary with one version is marked untranslated in the cards, as on the pages; a
    // title with both is not.
    query(b, "稀疏").await?;
    let marked = b
        .eval(
            "const card = document.querySelector('.search-results li');\
             return [card.querySelectorAll('.search-title [data-untranslated]').length,\
                     card.querySelectorAll('[data-untranslated][lang=zh-CN]').length];",
        )
        .await?;
    expect_eq(
        marked,
        json!([0, 1]),
        "the first card of 稀疏: untranslated title spans, then Chinese-only texts",
    )?;
    // A shared search link opens with its query and results.
    b.goto("tags/toy-models/?q=%E5%8A%BF%E9%98%B1%20Lovelace")
        .await?;
    b.wait_for(
        "return document.querySelectorAll('.search-results .search-title').length;",
        |v| v.as_u64() == Some(1),
    )
    .await
    .map_err(|e| format!("a ?q= link shows its results: {e}"))?;
    expect_eq(
        b.eval("return document.querySelector('#search-input').value;")
            .await?,
        json!("势阱 Lovelace"),
        "the query of a ?q= link is in the box",
    )?;
    Ok(())
}

/// The results panel on a site of several categories: it opens over the page without
/// moving the header or the page; the query and the category go into the address as they
/// change, and an address with them opens the panel with their results; the category menu
/// narrows the results; cards show date, categories, digest and a star button (and hand
/// the list to `window.digestSite.syncStars` when a script provides it); Escape clears
/// and closes; `/` focuses the box from the page but types itself in a field. axe-core
/// finds nothing on the open, narrowed panel in light and dark, and it fits 360 px.
#[test]
fn results_open_in_a_panel_over_the_page() {
    let Some(tools) = SUITE.browser_tools() else {
        return;
    };
    let server = StaticServer::start();
    let site = SiteTest::new(crate::reader::categories::SITE)
        .base_url(&format!("{}{PREFIX}", server.origin()));
    let built = site.build();
    server.serve(built.out.clone());
    in_chromium(&tools, &server, async |b| {
        panel(b).await?;
        shared_address_and_keys(b).await?;
        slash_far_down_keeps_the_place(b).await?;
        panel_accessibility(b, &tools.axe_source).await
    });
}

/// Where the header and the main content are, and whether the panel is shown.
const LAYOUT: &str = "const top = css => Math.round(document.querySelector(css).getBoundingClientRect().top);\
    const panel = document.querySelector('.search-panel');\
    return [top('.site-header'), top('main'), panel.getClientRects().length > 0,\
            Math.round(panel.getBoundingClientRect().bottom)];";

/// The result links shown, in order.
const LINKS: &str = "return [...document.querySelectorAll('.search-results .search-title')].map(a => a.getAttribute('href'));";

async fn panel(b: &Browser) -> Check {
    b.goto("digests/2024-04-02/").await?;
    // A stand-in for the script that wires star buttons: it is told of new cards.
    b.eval("window.digestSite = { syncStars: list => { window.synced = list.querySelectorAll('.star').length; } };")
        .await?;
    let before = b.eval(LAYOUT).await?;
    expect_eq(before[2].clone(), json!(false), "the panel starts closed")?;
    let input = b
        .client
        .find(Locator::Css("#search-input"))
        .await
        .map_err(err)?;
    // Every arXiv id begins with 2404: all five arXiv papers, newest first among equals.
    input.send_keys("2404").await.map_err(err)?;
    b.wait_for(LINKS, |v| v.as_array().is_some_and(|a| a.len() == 5))
        .await
        .map_err(|e| format!("results of 2404: {e}"))?;
    let after = b.eval(LAYOUT).await?;
    expect_eq(after[2].clone(), json!(true), "the panel is open")?;
    expect_eq(
        (after[0].clone(), after[1].clone()),
        (before[0].clone(), before[1].clone()),
        "the header and the main content stay where they were",
    )?;
    expect(
        after[3].as_i64() > before[1].as_i64(),
        format!("the panel lies over the main content: {after} vs {before}"),
    )?;
    expect_eq(
        b.eval("return location.search;").await?,
        json!("?q=2404"),
        "the query is in the address",
    )?;
    // The card of the cross-listed paper: date, both categories, its newest digest.
    let card = b
        .eval(
            "const a = document.querySelector('.search-results a[href$=\"papers/2404.00001/\"]');\
             const li = a.closest('li');\
             const star = li.querySelector('button.star');\
             return [li.querySelector('time').getAttribute('datetime'),\
                     li.querySelector('.search-categories').textContent,\
                     li.querySelector('.search-meta a').getAttribute('href'),\
                     li.querySelector('.search-meta a').textContent,\
                     star.dataset.paper, star.dataset.href, star.getAttribute('aria-pressed'),\
                     star.type, window.synced];",
        )
        .await?;
    expect_eq(
        card,
        json!([
            "2024-04-02",
            "cs.CV, cs.LG",
            // To the paper's details there (its Ref is 2).
            format!("{PREFIX}digests/2024-04-02/#ref-2"),
            "2024-04-02 期",
            "2404.00001",
            format!("{PREFIX}papers/2404.00001/"),
            "false",
            "button",
            5
        ]),
        "the card's date, categories, digest and star button",
    )?;
    // The menu lists the categories, most papers first, and narrows the results.
    let options = b
        .eval("return [...document.querySelectorAll('#search-category option')].map(o => o.value);")
        .await?;
    expect_eq(options, json!(["", "cs.LG", "cs.CV"]), "the category menu")?;
    b.eval("const s = document.querySelector('#search-category'); s.value = 'cs.CV'; s.dispatchEvent(new Event('change'));")
        .await?;
    b.wait_for(LINKS, |v| v.as_array().is_some_and(|a| a.len() == 2))
        .await
        .map_err(|e| format!("results narrowed to cs.CV: {e}"))?;
    expect_eq(
        b.eval(LINKS).await?,
        json!([
            format!("{PREFIX}papers/2404.00003/"),
            format!("{PREFIX}papers/2404.00001/")
        ]),
        "cs.CV's papers (the cross-listed one too)",
    )?;
    expect_eq(
        b.eval("return location.search;").await?,
        json!("?q=2404&cat=cs.CV"),
        "the category is in the address",
    )?;
    let narrowed = b.eval(LAYOUT).await?;
    expect_eq(
        (narrowed[0].clone(), narrowed[1].clone()),
        (before[0].clone(), before[1].clone()),
        "narrowing moves nothing either",
    )?;
    // The language switch changes the results where they are: the panel stays open.
    if b.visible("[data-switch=lang]").await? == 1 {
        b.click("[data-switch=lang] button[data-value=en]").await?;
        expect_eq(
            b.eval("return document.querySelector('.search-panel').hidden;")
                .await?,
            json!(false),
            "the panel stays open when the language is switched",
        )?;
        b.click("[data-switch=lang] button[data-value=both]")
            .await?;
        // (The address forgets the switch's `lang`, to be checked alone below.)
        b.eval("const u = new URL(location.href); u.searchParams.delete('lang'); history.replaceState(history.state, '', u);")
            .await?;
        input.click().await.map_err(err)?;
    }
    // Escape clears the query and closes the panel; the address forgets the search.
    input.send_keys("\u{e00c}").await.map_err(err)?;
    let closed = b
        .eval("return [document.querySelector('.search-panel').hidden, document.querySelector('#search-input').value, location.search, document.activeElement.id];")
        .await?;
    expect_eq(
        closed,
        json!([true, "", "", "search-input"]),
        "Escape closes the panel",
    )?;
    // ... and forgets the category too: the next query is not narrowed without a word.
    expect_eq(
        b.eval("return document.querySelector('#search-category').value;")
            .await?,
        json!(""),
        "Escape resets the category",
    )?;
    // An arXiv id as readers paste it: with `arXiv:`, a version, or as its address.
    for pasted in [
        "arXiv:2404.00002",
        "2404.00002v2",
        "https://arxiv.org/abs/2404.00002v1",
    ] {
        b.eval("const i = document.querySelector('#search-input'); i.value = ''; i.dispatchEvent(new Event('input'));")
            .await?;
        input.send_keys(pasted).await.map_err(err)?;
        b.wait_for(LINKS, |v| {
            v.as_array().is_some_and(|a| {
                a.len() == 1 && a[0] == json!(format!("{PREFIX}papers/2404.00002/"))
            })
        })
        .await
        .map_err(|e| format!("{pasted} finds its paper: {e}"))?;
    }
    // The panel follows the language switch: its count and its cards' digest links, in
    // English and back in Chinese.
    for (lang, words) in [
        ("en", ["Papers found: 1", "Digest 2024-04-02"]),
        ("zh", ["找到 1 篇论文", "2024-04-02 期"]),
    ] {
        b.click(&format!("[data-switch=lang] button[data-value={lang}]"))
            .await?;
        let shown = b
            .eval("return [document.querySelector('.search-status').textContent, document.querySelector('.search-meta a').textContent];")
            .await?;
        expect_eq(shown, json!(words), &format!("the panel's words in {lang}"))?;
    }
    input.send_keys("\u{e00c}").await.map_err(err)?;
    Ok(())
}

async fn shared_address_and_keys(b: &Browser) -> Check {
    // An address with a query and a category opens with them (a category written in
    // another case, by hand, is the menu's).
    b.goto("tags/?q=2404&cat=cs.cv").await?;
    b.wait_for(LINKS, |v| v.as_array().is_some_and(|a| a.len() == 2))
        .await
        .map_err(|e| format!("a shared address shows its results: {e}"))?;
    expect_eq(
        b.eval("return [document.querySelector('#search-input').value, document.querySelector('#search-category').value];")
            .await?,
        json!(["2404", "cs.CV"]),
        "the shared query and category are in the form",
    )?;
    expect_eq(
        b.eval("return [...document.querySelectorAll('#search-category option')].filter(o => o.value.toLowerCase() === 'cs.cv').length;")
            .await?,
        json!(1),
        "the category once in the menu",
    )?;
    // Escape from a result closes the panel too, and returns to the box.
    b.eval("document.querySelector('.search-results a').focus();")
        .await?;
    let active = b.client.active_element().await.map_err(err)?;
    active.send_keys("\u{e00c}").await.map_err(err)?;
    expect_eq(
        b.eval(
            "return [document.querySelector('.search-panel').hidden, document.activeElement.id];",
        )
        .await?,
        json!([true, "search-input"]),
        "Escape from a result",
    )?;
    // `/` on the page focuses the box (and is not typed into it); in the box it is typed.
    b.goto("").await?;
    b.eval("document.querySelector('main a').focus();").await?;
    let link = b.client.active_element().await.map_err(err)?;
    link.send_keys("/").await.map_err(err)?;
    expect_eq(
        b.eval(
            "return [document.activeElement.id, document.querySelector('#search-input').value];",
        )
        .await?,
        json!(["search-input", ""]),
        "/ focuses the search",
    )?;
    let input = b.client.active_element().await.map_err(err)?;
    input.send_keys("a/b").await.map_err(err)?;
    expect_eq(
        b.eval("return document.querySelector('#search-input').value;")
            .await?,
        json!("a/b"),
        "/ in the box is typed",
    )
}

/// Where the window is scrolled to, where the box is in it, whether the panel shows, and
/// what has the focus.
const PLACE: &str = "const box = document.querySelector('#search-input').getBoundingClientRect();\
    return [Math.round(scrollY), Math.round(box.top), Math.round(box.bottom) <= innerHeight,\
            !document.querySelector('.search-panel').hidden, document.activeElement.id || document.activeElement.tagName];";

/// `/` far down a long page (the header, not sticky, out of sight) brings the box to the
/// top of the window: the page does not move while the reader types and reads the
/// results, and Escape leaves them where they were, the box back in the header.
async fn slash_far_down_keeps_the_place(b: &Browser) -> Check {
    b.goto("digests/2024-04-02/").await?;
    // A digest of hundreds of papers, as long as a few screens.
    b.eval("document.querySelector('main').style.minHeight = '5000px'; window.scrollTo(0, 1500);")
        .await?;
    expect_eq(
        b.eval(PLACE).await?[0].clone(),
        json!(1500),
        "scrolled down",
    )?;
    let body = b.client.find(Locator::Css("body")).await.map_err(err)?;
    body.send_keys("/").await.map_err(err)?;
    let place = b.eval(PLACE).await?;
    expect_eq(place[0].clone(), json!(1500), "/ scrolls nothing")?;
    expect(
        place[1].as_i64().is_some_and(|top| top >= 0) && place[2] == json!(true),
        format!("the box is in the window: {place}"),
    )?;
    expect_eq(place[4].clone(), json!("search-input"), "/ focuses the box")?;
    let input = b.client.active_element().await.map_err(err)?;
    input.send_keys("2404").await.map_err(err)?;
    b.wait_for(LINKS, |v| v.as_array().is_some_and(|a| a.len() == 5))
        .await
        .map_err(|e| format!("results far down the page: {e}"))?;
    let place = b.eval(PLACE).await?;
    expect_eq(
        (place[0].clone(), place[3].clone()),
        (json!(1500), json!(true)),
        "the results open where the reader is",
    )?;
    input.send_keys("\u{e00c}").await.map_err(err)?;
    let place = b.eval(PLACE).await?;
    expect_eq(
        place[0].clone(),
        json!(1500),
        "Escape leaves the reader where they were",
    )?;
    expect(
        place[1].as_i64().is_some_and(|top| top < 0) && place[3] == json!(false),
        format!("the box is back in the header and the panel closed: {place}"),
    )?;
    expect_eq(place[4].clone(), json!("BODY"), "the focus where it was")
}

async fn panel_accessibility(b: &Browser, axe: &str) -> Check {
    axe_in_both_schemes(b, axe, "open search panel", async |b| {
        b.goto("digests/2024-04-02/?q=2404&cat=cs.LG").await?;
        b.wait_for(LINKS, |v| v.as_array().is_some_and(|a| a.len() == 4))
            .await
            .map_err(|e| format!("results narrowed to cs.LG: {e}"))?;
        Ok(())
    })
    .await?;
    b.client.set_window_size(360, 800).await.map_err(err)?;
    b.goto("digests/2024-04-02/?q=2404").await?;
    b.wait_for(LINKS, |v| v.as_array().is_some_and(|a| a.len() == 5))
        .await?;
    let widths = b
        .eval("return [window.innerWidth, document.documentElement.scrollWidth];")
        .await?;
    b.client.set_window_size(1200, 900).await.map_err(err)?;
    expect(
        widths[1].as_i64() <= widths[0].as_i64(),
        format!("the open panel at 360 px scrolls sideways: {widths}"),
    )
}
