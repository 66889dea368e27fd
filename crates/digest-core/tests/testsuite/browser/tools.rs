//! The reader's tools in Chromium, on the demo site: the reading list across two pages and
//! a reload (stars, titles and summaries, unstarring, the BibTeX file, the shared link in a
//! fresh storage), the keys (`j`, `k`, `o`, `?` and its help), a digest's copy-link and
//! copy-BibTeX, the reading list without scripts, and axe-core on the new page and dialog
//! in light and dark.

use serde_json::{Value, json};
use test_support::static_server::{PREFIX, StaticServer};
use test_support::webdriver::{Browser, Check, err, expect, expect_eq};

use super::{axe_in_both_schemes, in_chromium};
use crate::SUITE;

const DIGEST: &str = "digests/2024-04-04/";
/// The first paper of the digest (Ref 1) and the second (Ref 2).
const FIRST: &str = "2404.02424";
const SECOND: &str = "2403.19651";
const ESCAPE: char = '\u{E00C}';

#[test]
fn reader_tools_work_in_chromium() {
    let Some(tools) = SUITE.browser_tools() else {
        return;
    };
    let server = StaticServer::start();
    let site = crate::reader::demo_site().base_url(&format!("{}{PREFIX}", server.origin()));
    let built = site.build();
    write_row_linked_digest(&built.out);
    server.serve(built.out.clone());
    let origin = server.origin();
    in_chromium(&tools, &server, async |b| {
        row_linked_digest(b).await?;
        reading_list(b, &origin).await?;
        shared_links_carry_only_ids(b).await?;
        keys(b, &tools.axe_source).await?;
        copy_actions(b, &origin).await?;
        switch_relabels_the_tools(b).await?;
        without_script(b).await?;
        accessibility(b, &tools.axe_source).await
    });
}

/// The digest page as a theme may also write it: the rows' titles link the paper pages and
/// the details do not (no "Paper page" line).
const ROW_LINKED: &str = "digests/row-linked/";

fn write_row_linked_digest(out: &std::path::Path) {
    let page = std::fs::read_to_string(out.join(DIGEST).join("index.html")).unwrap();
    // The default theme writes its digests this way already; the copy keeps the test's
    // page should the theme change.
    assert!(
        !page.contains("<p class=\"more\">"),
        "the details link no paper page: the rows do"
    );
    for id in [FIRST, SECOND] {
        assert!(
            page.contains(&format!(
                "<td class=\"title\"><a href=\"{PREFIX}papers/{id}/\">"
            )),
            "the row of {id} links its page"
        );
    }
    let dir = out.join(ROW_LINKED);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), page).unwrap();
}

/// Details that do not link their paper's page get their star and copy actions from the
/// row whose Ref leads to them, and `o` opens the page.
async fn row_linked_digest(b: &Browser) -> Check {
    b.goto(ROW_LINKED).await?;
    expect_eq(
        strings(
            b,
            "return [...document.querySelectorAll('#ref-1 .star, #ref-2 .star')].map(e => e.dataset.paper);",
        )
        .await?,
        vec![FIRST.to_string(), SECOND.to_string()],
        "the details' stars",
    )?;
    expect_eq(
        b.visible("#ref-2 .copy-action").await?,
        2,
        "and copy actions",
    )?;
    b.press('j').await?;
    b.press('j').await?;
    b.press('o').await?;
    b.wait_for("return location.pathname;", |v| {
        v == &json!(format!("{PREFIX}papers/{SECOND}/"))
    })
    .await?;
    Ok(())
}

/// `script`'s value as strings.
async fn strings(b: &Browser, script: &str) -> Result<Vec<String>, String> {
    let value = b.eval(script).await?;
    Ok(value
        .as_array()
        .into_iter()
        .flatten()
        .map(|v| v.as_str().unwrap_or_default().to_string())
        .collect())
}

/// The reading list's items, in page order: (id, visible title lines, summary text),
/// once every item has been read from its page (or found missing).
async fn items(b: &Browser) -> Result<Value, String> {
    const READ: &str = "const items = [...document.querySelectorAll('.reading-item')];\
        const seen = e => e.getClientRects().length > 0;\
        if (items.some(i => !i.querySelector('.reading-summary *') && !i.hasAttribute('data-unavailable'))) return null;\
        return items.map(i => [i.dataset.paper,\
          [...i.querySelectorAll('.reading-title .l')].filter(seen).map(e => e.textContent),\
          i.querySelector('.reading-summary').textContent.trim()]);";
    let start = std::time::Instant::now();
    loop {
        let value = b.eval(READ).await?;
        if !value.is_null() {
            return Ok(value);
        }
        if start.elapsed().as_secs() > 10 {
            return Err("the reading list's items were not read from their pages".into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

async fn pressed(b: &Browser, css: &str) -> Result<Vec<String>, String> {
    strings(
        b,
        &format!(
            "return [...document.querySelectorAll({css:?})].map(e => e.getAttribute('aria-pressed'));"
        ),
    )
    .await
}

async fn reading_list(b: &Browser, origin: &str) -> Check {
    b.goto(DIGEST).await?;
    b.eval("localStorage.clear();").await?;
    b.goto(DIGEST).await?;
    // A star in every row and in every paper's details, none pressed, each named.
    expect_eq(b.visible(".paper-table .star").await?, 7, "a star per row")?;
    expect_eq(
        b.visible(".paper-details .star").await?,
        7,
        "a star per paper's details",
    )?;
    expect_eq(
        b.attr("#ref-1 .star", "aria-label").await?,
        "保存到阅读列表".into(),
        "the star's name",
    )?;
    expect_eq(
        pressed(b, ".star[aria-pressed=true]").await?.len(),
        0,
        "nothing saved yet",
    )?;

    // A star in the details saves the paper: its row's star shows it too.
    b.click("#ref-1 .star").await?;
    let first = format!(".star[data-paper='{FIRST}']");
    expect_eq(
        pressed(b, &first).await?,
        vec!["true".to_string(); 2],
        "both stars of the paper are pressed",
    )?;

    // A star on a paper page, then a reload.
    b.goto(&format!("papers/{SECOND}/")).await?;
    expect_eq(
        b.visible("article.paper .paper-actions .star").await?,
        1,
        "the paper page has a star",
    )?;
    b.click("article.paper .paper-actions .star").await?;
    b.client.refresh().await.map_err(err)?;
    expect_eq(
        pressed(b, "article.paper .star").await?,
        vec!["true".to_string()],
        "the star holds after a reload",
    )?;
    b.goto(DIGEST).await?;
    expect_eq(
        pressed(b, &first).await?,
        vec!["true".to_string(); 2],
        "and on the digest",
    )?;

    // The list: both papers, newest first, with their titles and summaries.
    b.goto("reading-list/").await?;
    let listed = items(b).await?;
    expect_eq(
        listed[0][0].clone(),
        json!(SECOND),
        "the paper saved last first",
    )?;
    expect_eq(listed[1][0].clone(), json!(FIRST), "then the other")?;
    expect_eq(
        listed[1][1].clone(),
        json!([
            "通过稀疏跨模态适应修复稀疏视觉-语言模型",
            "RESSA: Repair Sparse Vision-Language Models via Sparse Cross-Modality Adaptation"
        ]),
        "both titles of the paper",
    )?;
    for item in listed.as_array().into_iter().flatten() {
        let summary = item[2].as_str().unwrap_or_default();
        expect(
            summary.chars().count() > 20,
            format!("{} has its summary: {summary:?}", item[0]),
        )?;
    }
    expect_eq(
        b.attr(".reading-title a", "href").await?,
        format!("{PREFIX}papers/{SECOND}/"),
        "titles link the paper pages",
    )?;
    // The titles follow the language switch.
    b.click("[data-switch=lang] button[data-value=en]").await?;
    expect_eq(
        b.visible(".reading-title .l-zh").await?,
        0,
        "English only: no Chinese titles",
    )?;
    expect_eq(
        b.visible(".reading-title .l-en").await?,
        2,
        "English only: the English ones",
    )?;
    b.click("[data-switch=lang] button[data-value=both]")
        .await?;

    // A star of the search results on the list's own page: the paper joins the list.
    let third = "2403.07332";
    b.client
        .find(test_support::webdriver::Locator::Css("#search-input"))
        .await
        .map_err(err)?
        .send_keys(third)
        .await
        .map_err(err)?;
    b.wait_for(
        "return document.querySelectorAll('.search-panel li .star').length;",
        |v| v.as_u64() == Some(1),
    )
    .await?;
    b.click(".search-panel li .star").await?;
    expect_eq(
        items(b).await?[0][0].clone(),
        json!(third),
        "a paper starred in the search results joins the list at its top",
    )?;
    b.click(".search-panel li .star").await?;
    b.goto("reading-list/").await?;

    // One BibTeX file of both papers: the entries of their pages.
    b.eval(
        "window.bib = null;\
         const make = URL.createObjectURL;\
         URL.createObjectURL = blob => { window.bib = blob; return make.call(URL, blob); };\
         HTMLAnchorElement.prototype.click = function () { window.bibName = this.download; };",
    )
    .await?;
    b.click(".reading-bib").await?;
    b.wait_for("return window.bib !== null;", |v| v == &json!(true))
        .await?;
    let bib = b
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; window.bib.text().then(done);",
            vec![],
        )
        .await
        .map_err(err)?;
    let bib = bib.as_str().unwrap_or_default().to_string();
    expect_eq(
        bib.matches("\n@").count() + usize::from(bib.starts_with('@')),
        2,
        "two entries",
    )?;
    expect(
        bib.contains("title = {MagicLens:") && bib.contains("title = {RESSA:"),
        format!("the entries of both papers:\n{bib}"),
    )?;
    expect_eq(
        b.eval("return window.bibName;").await?,
        json!("reading-list.bib"),
        "the file's name",
    )?;

    // The shared link names both papers.
    let share = b
        .eval("return document.querySelector('#reading-share-link').value;")
        .await?;
    let link = format!("{origin}{PREFIX}reading-list/?papers={FIRST},{SECOND}");
    expect_eq(share, json!(link), "the shared link")?;

    // Unstarring takes a paper off the list; it stays shown until the page is left.
    b.click(&format!(".reading-item[data-paper='{FIRST}'] .star"))
        .await?;
    expect_eq(
        b.eval("return document.querySelector('.reading-status').textContent;")
            .await?,
        json!("已移出阅读列表。"),
        "the removal is announced",
    )?;
    expect_eq(
        b.eval("return document.querySelector('#reading-share-link').value;")
            .await?,
        json!(format!("{origin}{PREFIX}reading-list/?papers={SECOND}")),
        "the shared link follows",
    )?;
    // Another tab takes the other paper off, then saves the first again: both stay listed,
    // each star as that tab left it, and the count follows.
    let other_tab = |ids: &str| {
        format!(
            "const key = window.digestSite.tools.key;\
             const before = localStorage.getItem(key);\
             localStorage.setItem(key, JSON.stringify({ids}));\
             window.dispatchEvent(new StorageEvent('storage', {{ key, oldValue: before, newValue: localStorage.getItem(key) }}));"
        )
    };
    b.eval(&other_tab("[]")).await?;
    expect_eq(
        items(b).await?.as_array().map(Vec::len),
        Some(2),
        "a paper taken off in another tab stays listed",
    )?;
    expect_eq(
        pressed(b, ".reading-item .star").await?,
        vec!["false".to_string(); 2],
        "unpressed",
    )?;
    b.eval(&other_tab(&format!("['{FIRST}']"))).await?;
    expect_eq(
        pressed(b, &format!(".reading-item[data-paper='{FIRST}'] .star")).await?,
        vec!["true".to_string()],
        "saved again in another tab",
    )?;
    expect_eq(
        b.eval("return document.querySelector('.reading-status').textContent;")
            .await?,
        json!("共 1 篇论文"),
        "the count follows",
    )?;
    b.eval(&other_tab(&format!("['{SECOND}']"))).await?;
    b.client.refresh().await.map_err(err)?;
    let listed = items(b).await?;
    expect_eq(
        listed.as_array().map(Vec::len),
        Some(1),
        "one paper after a reload",
    )?;

    // The shared link restores the whole list in a browser that has none.
    b.eval("localStorage.clear();").await?;
    b.client.goto(&link).await.map_err(err)?;
    let listed = items(b).await?;
    expect_eq(
        [listed[0][0].clone(), listed[1][0].clone()],
        [json!(SECOND), json!(FIRST)],
        "the shared papers are listed",
    )?;
    expect_eq(
        b.eval("return document.querySelector('.reading-status').textContent;")
            .await?,
        json!("已从分享链接加入 2 篇论文。"),
        "and announced",
    )?;
    let url = b.client.current_url().await.map_err(err)?;
    expect_eq(url.query(), None, "the address loses the ids")?;
    b.goto(DIGEST).await?;
    expect_eq(
        pressed(b, &first).await?,
        vec!["true".to_string(); 2],
        "the restored list stars the digest",
    )
}

/// A shared link's ids are checked: what is no paper id is dropped, and a paper the site no
/// longer has is listed by its id with a notice.
async fn shared_links_carry_only_ids(b: &Browser) -> Check {
    b.eval("localStorage.clear();").await?;
    b.goto("reading-list/?papers=..%2Fassets,%3Cb%3E,9999.99999")
        .await?;
    let listed = items(b).await?;
    expect_eq(
        listed,
        json!([["9999.99999", [], "无法载入这篇论文的页面。"]]),
        "only the paper id is kept, and its page is missing",
    )?;
    // The one console error is the browser's report of that page's 404.
    let console = b.console_errors().await;
    expect(
        console.len() == 1
            && console[0].contains("papers/9999.99999/")
            && console[0].contains("404"),
        format!("console: {console:?}"),
    )?;
    b.eval("localStorage.clear();").await?;
    Ok(())
}

async fn keys(b: &Browser, axe: &str) -> Check {
    const CHOSEN: &str = "return [...document.querySelectorAll('.chosen')].map(e => e.id)\
        .concat(document.activeElement.closest('.paper-details')?.id || 'focus elsewhere');";
    b.goto(DIGEST).await?;
    // Every star and copy action is described by its paper's title, in the language shown.
    const UNDESCRIBED: &str = "return [...document.querySelectorAll('.star, .copy-action')]\
        .filter(e => { const t = document.getElementById(e.getAttribute('aria-describedby'));\
            const paper = e.closest('tr, .paper-details');\
            return !t || !paper || !paper.contains(t) || !t.textContent.trim(); })\
        .map(e => e.className + ' ' + (e.closest('[id]') || {}).id);";
    let buttons = b.visible(".star, .copy-action").await?;
    expect(
        buttons >= 14,
        format!("the digest's stars and copy actions ({buttons})"),
    )?;
    expect_eq(
        strings(b, UNDESCRIBED).await?,
        Vec::<String>::new(),
        "buttons without their paper's title as description",
    )?;
    b.press('j').await?;
    expect_eq(
        strings(b, CHOSEN).await?,
        vec!["ref-1".to_string(), "ref-1".into()],
        "j: the first paper is chosen and focused",
    )?;
    b.press('j').await?;
    b.press('j').await?;
    b.press('k').await?;
    expect_eq(
        strings(b, CHOSEN).await?,
        vec!["ref-2".to_string(), "ref-2".into()],
        "j, j, k: the second",
    )?;
    let top = b
        .eval("return document.querySelector('#ref-2').getBoundingClientRect().top;")
        .await?;
    expect(
        top.as_f64().is_some_and(|t| t.abs() < 2.0),
        format!("the chosen paper is scrolled to the top ({top})"),
    )?;
    // Scrolled away from the chosen paper, `j` starts from the window: the first paper
    // below its top, not the one after the chosen.
    const AFTER_THE_TOP: &str = "window.scrollTo(0, document.body.scrollHeight);\
        const off = document.querySelector('#ref-2').getBoundingClientRect().bottom < 0;\
        const all = [...document.querySelectorAll('.paper-details')];\
        const below = all.find(e => e.getBoundingClientRect().top >= 1) || all[all.length - 1];\
        return [off ? 'off screen' : 'still shown', below.id];";
    let before = strings(b, AFTER_THE_TOP).await?;
    expect_eq(
        before[0].as_str(),
        "off screen",
        "the chosen paper is scrolled away",
    )?;
    b.press('j').await?;
    expect_eq(
        strings(b, CHOSEN).await?[0].clone(),
        before[1].clone(),
        "j after scrolling away: the first paper below the window's top",
    )?;
    b.eval("document.querySelector('#ref-2').scrollIntoView({block: 'start'});")
        .await?;
    // The chosen paper is off the window: `k` starts from it, and chooses the second again.
    b.press('k').await?;
    b.press('o').await?;
    b.wait_for("return location.pathname;", |v| {
        v == &json!(format!("{PREFIX}papers/{SECOND}/"))
    })
    .await?;
    // On a table (the home's), the chosen row's title gets the focus, not the whole row.
    b.goto("").await?;
    b.press('j').await?;
    expect_eq(
        b.eval("return document.activeElement.closest('td.title') !== null && document.activeElement.tagName;")
            .await?,
        json!("A"),
        "j on a table: the first row's title link is focused",
    )?;

    // No key fires while typing.
    b.goto(DIGEST).await?;
    b.eval("document.querySelector('#search-input').focus();")
        .await?;
    b.press('j').await?;
    b.press('?').await?;
    expect_eq(
        b.visible(".chosen, #keys-help[open]").await?,
        0,
        "typing j and ? in the search box",
    )?;
    expect_eq(
        b.eval("return document.querySelector('#search-input').value;")
            .await?,
        json!("j?"),
        "the letters went into the box",
    )?;

    // `?` opens the help, a modal dialog that lists every key; Escape closes it.
    b.eval("document.activeElement.blur(); document.querySelector('#search-input').value = '';")
        .await?;
    b.press('?').await?;
    expect_eq(b.visible("#keys-help[open]").await?, 1, "? opens the help")?;
    expect_eq(
        strings(
            b,
            "return [...document.querySelectorAll('#keys-help kbd')].map(e => e.textContent);",
        )
        .await?,
        ["/", "Esc", "j", "k", "o", "?"].map(String::from).to_vec(),
        "the help lists every key",
    )?;
    expect_eq(
        b.eval("return document.querySelector('#keys-help').contains(document.activeElement);")
            .await?,
        json!(true),
        "the focus is in the help",
    )?;
    axe_in_both_schemes(b, axe, "keys help", async |_| Ok(())).await?;
    b.press(ESCAPE).await?;
    expect_eq(b.visible("#keys-help").await?, 0, "Escape closes the help")
}

async fn copy_actions(b: &Browser, origin: &str) -> Check {
    b.allow_clipboard().await?;
    b.goto(DIGEST).await?;
    let link = "#ref-2 .copy-action[data-copy=link]";
    expect_eq(
        b.eval(&format!(
            "return document.querySelector({link:?}).textContent;"
        ))
        .await?,
        json!("复制链接"),
        "the copy-link button",
    )?;
    b.click(link).await?;
    b.wait_for(
        &format!("return document.querySelector({link:?}).textContent;"),
        |v| v == &json!("已复制"),
    )
    .await?;
    expect_eq(
        b.clipboard().await?,
        format!("{origin}{PREFIX}papers/{SECOND}/"),
        "the paper page's address is on the clipboard",
    )?;

    let bib = "#ref-2 .copy-action[data-copy=bibtex]";
    b.click(bib).await?;
    b.wait_for(
        &format!("return document.querySelector({bib:?}).textContent;"),
        |v| v == &json!("已复制"),
    )
    .await?;
    let copied = b.clipboard().await?;
    b.goto(&format!("papers/{SECOND}/")).await?;
    let entry = b
        .eval("return document.querySelector('#bibtex').textContent;")
        .await?;
    expect_eq(
        json!(copied),
        entry,
        "the paper page's BibTeX is on the clipboard",
    )
}

/// The buttons the script made (a digest's copy actions, the stars) follow the language
/// switch as the page's own words do, and say which language they are in.
async fn switch_relabels_the_tools(b: &Browser) -> Check {
    b.goto(DIGEST).await?;
    let words = "const copy = document.querySelector('#ref-2 .copy-action[data-copy=link]');\
                 const bib = document.querySelector('#ref-2 .copy-action[data-copy=bibtex]');\
                 const star = document.querySelector('#ref-2 .star');\
                 return [copy.textContent, bib.textContent, star.getAttribute('aria-label'), star.title, copy.lang];";
    b.click("[data-switch=lang] button[data-value=en]").await?;
    expect_eq(
        b.eval(words).await?,
        json!([
            "Copy link",
            "Copy BibTeX",
            "Save to the reading list",
            "Save to the reading list",
            "en"
        ]),
        "the tools in English",
    )?;
    b.click("[data-switch=lang] button[data-value=zh]").await?;
    let back = b.eval(words).await?;
    b.click("[data-switch=lang] button[data-value=both]")
        .await?;
    expect_eq(
        back,
        json!([
            "复制链接",
            "复制 BibTeX",
            "保存到阅读列表",
            "保存到阅读列表",
            "zh-CN"
        ]),
        "and in Chinese again",
    )
}

async fn without_script(b: &Browser) -> Check {
    b.cdp(
        "Emulation.setScriptExecutionDisabled",
        json!({"value": true}),
    )
    .await?;
    b.goto("reading-list/").await?;
    let notice = b
        .eval("return [...document.querySelectorAll('noscript')].length;")
        .await?;
    let shown = b.visible(".reading-tools, .reading-item").await?;
    let text = b
        .eval("return document.querySelector('main').innerText;")
        .await?;
    b.goto(DIGEST).await?;
    let stars = b.visible(".star, .copy-action").await?;
    let links = b.visible("#ref-1 .paper-link a").await?;
    b.cdp(
        "Emulation.setScriptExecutionDisabled",
        json!({"value": false}),
    )
    .await?;
    expect_eq(notice, json!(1), "the page has a notice for no scripts")?;
    expect(
        text.as_str()
            .is_some_and(|t| t.contains("阅读列表需要 JavaScript。")),
        format!("without scripts the page says it needs them: {text}"),
    )?;
    expect_eq(shown, 0, "and shows no tools")?;
    expect_eq(stars, 0, "no stars or copy buttons without scripts")?;
    expect_eq(links, 3, "the links of a paper are plain links")
}

async fn accessibility(b: &Browser, axe: &str) -> Check {
    let mut failures = Vec::new();
    for scheme in ["light", "dark"] {
        b.set_scheme(scheme).await?;
        for path in ["reading-list/", DIGEST, "papers/2404.02424/"] {
            b.goto(path).await?;
            if path == "reading-list/" {
                items(b).await?;
            }
            failures.extend(
                b.axe(axe)
                    .await?
                    .into_iter()
                    .map(|v| format!("{scheme} {PREFIX}{path}: {v}")),
            );
        }
    }
    b.set_scheme("light").await?;
    expect(
        failures.is_empty(),
        format!("axe violations:\n{}", failures.join("\n")),
    )?;
    b.eval("localStorage.clear();").await?;
    axe_in_both_schemes(b, axe, "empty reading list", async |b| {
        b.goto("reading-list/").await?;
        expect_eq(
            b.visible(".reading-empty").await?,
            1,
            "an empty list says so",
        )
    })
    .await
}
