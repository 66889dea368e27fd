//! The controls `site.js` builds into every page, in Chromium (the pages carry only the
//! header's placeholder and `assets/labels.js` the words: see `reader::pages`): the
//! language and colour switches, the search box and its results panel, the keys' help and
//! the words of the buttons the script adds, as the page is once the script has run; in
//! the interface's language and swapped by the switch; on a site without search and on a
//! site of one language.

use scraper::Html;
use serde_json::json;
use test_support::static_server::{PREFIX, StaticServer};
use test_support::webdriver::{Browser, Check, expect, expect_eq};

use super::in_chromium;
use crate::SUITE;
use crate::site_test::{Page, SiteTest, copy_dir};

/// The site without search and the site of one language, served beside the demo site.
const NO_SEARCH: &str = "no-search/";
const ONE_LANGUAGE: &str = "one-language/";

/// The page at `path` as the browser has it once its scripts have run.
async fn built(b: &Browser, path: &str) -> Result<Page, String> {
    b.goto(path).await?;
    let html = b.eval("return document.documentElement.outerHTML;").await?;
    Ok(Page(Html::parse_document(
        html.as_str().unwrap_or_default(),
    )))
}

#[test]
fn the_script_builds_the_switches_the_search_box_and_the_keys_help_in_chromium() {
    let Some(tools) = SUITE.browser_tools() else {
        return;
    };
    let server = StaticServer::start();
    let origin = format!("{}{PREFIX}", server.origin());
    let demo = crate::reader::demo_site().base_url(&origin);
    let built_demo = demo.build();
    let no_search = crate::reader::demo_site().base_url(&format!("{origin}{NO_SEARCH}"));
    let yaml = std::fs::read_to_string(no_search.root().join("site.yaml")).unwrap();
    no_search.write("site.yaml", &format!("{yaml}search: false\n"));
    copy_dir(&no_search.build().out, &built_demo.out.join(NO_SEARCH));
    let single = SiteTest::new(
        "-- site.yaml --\ntitle: Papers\nlanguages: [en]\nbase_url: https://example.org/\n\
         -- content/papers/a.md --\n---\nid: a\ntitle: A paper\n---\n",
    )
    .base_url(&format!("{origin}{ONE_LANGUAGE}"));
    copy_dir(&single.build().out, &built_demo.out.join(ONE_LANGUAGE));
    server.serve(built_demo.out.clone());
    in_chromium(&tools, &server, async |b| {
        switches_and_search_box(b).await?;
        keys_help_and_words(b).await?;
        in_english(b).await?;
        without_search(b).await?;
        one_language(b).await?;
        first_frame(b).await
    });
}

/// Watches every frame drawn while the next pages load: how many were drawn with the
/// header's placeholder read, and how many of those showed it empty. A frame's animation
/// callbacks run after the page's scripts and mutation callbacks, just before it is
/// painted, so what they see is what the reader would see.
const WATCH_TOOLS: &str = "window.__header = 0; window.__empty = 0;\
     (function tick() {\
       requestAnimationFrame(function () {\
         const tools = document.querySelector('.site-tools');\
         if (tools) { window.__header++; if (!tools.querySelector('[data-switch=scheme]')) window.__empty++; }\
         if (document.readyState === 'loading') tick();\
       });\
     })();";

/// The header is never drawn without its tools: they are built as the parser adds the
/// placeholder, not when the whole page has been read.
async fn first_frame(b: &Browser) -> Check {
    b.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": WATCH_TOOLS }),
    )
    .await?;
    for lang in ["both", "en"] {
        b.goto(&format!("digests/2024-04-04/?lang={lang}")).await?;
        let seen = b.eval("return [window.__header, window.__empty];").await?;
        expect_eq(
            seen[1].clone(),
            json!(0),
            &format!("{lang}: frames of an empty header ({seen})"),
        )?;
    }
    b.goto("?lang=both").await
}

async fn switches_and_search_box(b: &Browser) -> Check {
    b.goto("?lang=both").await?;
    for path in [
        "",
        "papers/2404.02424/",
        "digests/2024-04-04/",
        "tags/",
        "404.html",
    ] {
        let page = built(b, path).await?;
        // Two groups in the header's tools, each named by a visible label and made of
        // toggle buttons, shown now that the script makes them work.
        for kind in ["lang", "scheme"] {
            let group = format!(".site-tools > [data-switch={kind}][role=group]");
            let label_id = page.attrs(&group, "aria-labelledby");
            expect_eq(label_id.len(), 1, &format!("{path}: one {kind} switch"))?;
            expect(
                !page.text(&format!("#{}", label_id[0])).is_empty(),
                format!("{path}: the {kind} switch's label"),
            )?;
            let pressed = page.attrs(&format!("{group} button[type=button]"), "aria-pressed");
            expect_eq(
                pressed.len(),
                3,
                &format!("{path}: {kind} has three choices"),
            )?;
            expect_eq(
                pressed.iter().filter(|p| *p == "true").count(),
                1,
                "one choice pressed",
            )?;
            expect_eq(page.count(&format!("{group}[hidden]")), 0, "shown")?;
        }
        expect_eq(
            page.texts("[data-switch=lang] button"),
            vec!["中文".to_string(), "English".into(), "双语".into()],
            "the language choices",
        )?;
        expect_eq(
            page.attrs("[data-switch=lang] button[lang]", "lang"),
            vec!["zh-CN".to_string(), "en".into()],
            "each language's name in itself",
        )?;
        expect_eq(
            page.attrs("[data-switch=lang] [aria-pressed=true]", "data-value"),
            vec!["both".to_string()],
            "the choice made",
        )?;
        // The search box first: a labelled input in a search landmark, pointing at the
        // bundle under the site's path prefix.
        expect_eq(
            page.attrs(
                ".site-tools > form.search[role=search]:first-child",
                "data-bundle",
            ),
            vec![format!("{PREFIX}search/")],
            &format!("{path}: the search box"),
        )?;
        let script = page.attrs("form.search", "data-script");
        expect(
            script.len() == 1 && script[0].starts_with(&format!("{PREFIX}assets/search.js?v=")),
            format!("the search script: {script:?}"),
        )?;
        expect_eq(
            page.attrs("form.search", "data-root"),
            vec![PREFIX.to_string()],
            "result links' root",
        )?;
        expect_eq(page.count("form.search[hidden]"), 0, "the box is shown")?;
        expect_eq(
            page.attrs("form.search > label", "for"),
            vec!["search-input".to_string()],
            "the box's label",
        )?;
        expect_eq(
            page.count("form.search input#search-input[type=search][aria-keyshortcuts='/']"),
            1,
            "the box",
        )?;
        expect_eq(
            page.attrs("#search-input", "placeholder"),
            vec!["标题、作者、arXiv 编号、标签".to_string()],
            "its hint",
        )?;
        // Its results panel starts hidden: a status, a labelled category menu (filled from
        // the index), a close button, the list.
        let panel = "form.search > .search-panel#search-panel[hidden]";
        expect_eq(page.count(&format!("{panel} [role=status]")), 1, "status")?;
        expect_eq(
            page.attrs(&format!("{panel} label"), "for"),
            vec!["search-category".to_string()],
            "the menu's label",
        )?;
        expect_eq(
            page.texts(&format!("{panel} select#search-category option")),
            vec!["全部分类".to_string()],
            "the menu",
        )?;
        expect_eq(
            page.texts(&format!("{panel} button.search-close[type=button]")),
            vec!["关闭".to_string()],
            "the close button",
        )?;
        expect_eq(
            page.count(&format!("{panel} ol.search-results")),
            1,
            "the list",
        )?;
        expect_eq(
            page.count(&format!("{panel} button.search-more[hidden]")),
            1,
            "more, hidden",
        )?;
        // One of each: built once, though the parser and the document's end both ask.
        expect_eq(page.count(".site-tools > *"), 3, "the tools")?;
    }
    Ok(())
}

async fn keys_help_and_words(b: &Browser) -> Check {
    for path in ["", "digests/2024-04-04/", "reading-list/"] {
        let page = built(b, path).await?;
        // A dialog at the end of the page, closed, named by its heading; every key with
        // what it does.
        expect_eq(
            page.count("body > dialog#keys-help:not([open]):last-of-type"),
            1,
            &format!("{path}: the keys' help"),
        )?;
        expect_eq(
            page.text(&format!(
                "#{}",
                page.attrs("#keys-help", "aria-labelledby")[0]
            )),
            "键盘快捷键".to_string(),
            "its heading",
        )?;
        expect_eq(
            page.texts("#keys-help kbd"),
            ["/", "Esc", "j", "k", "o", "?"].map(String::from).to_vec(),
            "its keys",
        )?;
        expect_eq(page.count("#keys-help dd"), 6, "what each does")?;
        expect_eq(
            page.texts("#keys-help form[method=dialog] button"),
            vec!["关闭".to_string()],
            "its close button",
        )?;
        // The words of what the script adds.
        let words = b.eval("return window.digestSite.tools.words;").await?;
        expect_eq(
            [&words["star"], &words["copyLink"], &words["copyBibtex"]],
            [
                &json!("保存到阅读列表"),
                &json!("复制链接"),
                &json!("复制 BibTeX"),
            ],
            "the tools' words",
        )?;
    }
    Ok(())
}

/// Built in the interface's language, and swapped by the switch both ways.
async fn in_english(b: &Browser) -> Check {
    let page = built(b, "digests/2024-04-04/?lang=en").await?;
    expect_eq(
        page.texts(
            ".search-close[lang=en], #lang-switch-label[lang=en], #keys-help-title[lang=en]",
        ),
        vec![
            "Close".to_string(),
            "Language".into(),
            "Keyboard shortcuts".into(),
        ],
        "built in English",
    )?;
    expect_eq(
        page.texts("[data-switch=lang] [aria-pressed=true]"),
        vec!["English".to_string()],
        "the choice made",
    )?;
    let star = b.eval("return window.digestSite.tools.words.star;").await?;
    expect_eq(star, json!("Save to the reading list"), "the star's words")?;
    b.click("[data-switch=lang] button[data-value=both]")
        .await?;
    let page = built_now(b).await?;
    expect_eq(
        page.texts("#lang-switch-label, #keys-help-title"),
        vec!["语言".to_string(), "键盘快捷键".into()],
        "swapped back",
    )?;
    let star = b.eval("return window.digestSite.tools.words.star;").await?;
    expect_eq(
        star,
        json!("保存到阅读列表"),
        "the star's words, swapped back",
    )
}

/// The page as it is now (after a click), without loading it again.
async fn built_now(b: &Browser) -> Result<Page, String> {
    let html = b.eval("return document.documentElement.outerHTML;").await?;
    Ok(Page(Html::parse_document(
        html.as_str().unwrap_or_default(),
    )))
}

async fn without_search(b: &Browser) -> Check {
    let page = built(b, NO_SEARCH).await?;
    expect_eq(page.count("form.search, #search-input"), 0, "no search box")?;
    // The switches stay, and the help leaves out the search key.
    expect_eq(page.count("[data-switch=lang]"), 1, "the language switch")?;
    expect_eq(page.count("[data-switch=scheme]"), 1, "the colour switch")?;
    expect_eq(
        page.texts("#keys-help kbd"),
        ["Esc", "j", "k", "o", "?"].map(String::from).to_vec(),
        "no search key",
    )
}

async fn one_language(b: &Browser) -> Check {
    let page = built(b, ONE_LANGUAGE).await?;
    expect_eq(page.count("[data-switch=lang]"), 0, "no language switch")?;
    expect_eq(page.count("[data-switch=scheme]"), 1, "the colour switch")?;
    expect_eq(
        page.texts("#scheme-switch-label"),
        vec!["Colours".to_string()],
        "in the site's language",
    )?;
    expect_eq(page.count("form.search"), 1, "the search box")?;
    expect_eq(
        page.texts("#keys-help-title"),
        vec!["Keyboard shortcuts".to_string()],
        "the keys' help",
    )?;
    // The switch works without a language switch beside it.
    b.click("[data-switch=scheme] button[data-value=dark]")
        .await?;
    let scheme = b
        .eval("return document.documentElement.getAttribute('data-scheme');")
        .await?;
    b.click("[data-switch=scheme] button[data-value=auto]")
        .await?;
    expect_eq(scheme, json!("dark"), "the colour switch sets the scheme")
}
