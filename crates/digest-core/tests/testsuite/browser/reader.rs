//! The reader's features on the demo site in Chromium: languages, colours, search, math,
//! narrow screens and print, accessibility, and no console errors.

use serde_json::json;
use test_support::static_server::{PREFIX, StaticServer};
use test_support::webdriver::{Browser, Check, err, expect, expect_eq};

use super::in_chromium;
use super::search::{query, search};
use crate::SUITE;

#[test]
fn reader_features_work_in_chromium() {
    let Some(tools) = SUITE.browser_tools() else {
        return;
    };
    let server = StaticServer::start();
    let site = crate::reader::demo_site().base_url(&format!("{}{PREFIX}", server.origin()));
    let built = site.build();
    server.serve(built.out.clone());
    in_chromium(&tools, &server, async |browser| {
        run_checks(browser, &tools.axe_source).await
    });
}

async fn run_checks(b: &Browser, axe: &str) -> Check {
    language_switch(b).await?;
    no_script_shows_both(b).await?;
    colour_scheme(b).await?;
    search(b).await?;
    math(b).await?;
    narrow_and_print(b).await?;
    accessibility(b, axe).await?;
    Ok(())
}

async fn language_switch(b: &Browser) -> Check {
    b.goto("").await?;
    let zh_titles = ".paper-table td.title .l-zh";
    let en_titles = ".paper-table td.title .l-en";
    let rows = b.visible(".paper-table tbody tr").await?;
    expect(rows >= 8, format!("home lists the papers ({rows})"))?;
    expect_eq(
        b.visible(zh_titles).await?,
        rows,
        "zh titles shown by default",
    )?;
    expect_eq(
        b.visible(en_titles).await?,
        rows,
        "en titles shown by default",
    )?;
    expect_eq(
        b.visible("[data-switch=lang]").await?,
        1,
        "the switch is shown",
    )?;

    b.click("[data-switch=lang] button[data-value=en]").await?;
    expect_eq(
        b.visible(zh_titles).await?,
        0,
        "English only: zh titles hidden",
    )?;
    expect_eq(
        b.visible(en_titles).await?,
        rows,
        "English only: en titles shown",
    )?;
    // A summary that has only Chinese stays: no text loses its only version.
    let zh_only = b
        .visible(".paper-table td.summary .l-zh:only-child")
        .await?;
    expect(zh_only > 0, "Chinese-only summaries stay visible".into())?;
    expect_eq(
        b.attr("[data-switch=lang] button[data-value=en]", "aria-pressed")
            .await?,
        "true".into(),
        "the chosen button is pressed",
    )?;
    let url = b.client.current_url().await.map_err(err)?;
    expect(
        url.query() == Some("lang=en"),
        format!("the address carries the choice: {url}"),
    )?;

    // The choice survives a navigation to a page without the parameter.
    b.goto("papers/2404.02424/").await?;
    expect_eq(
        b.visible("h1 .l-zh").await?,
        0,
        "paper page: zh title hidden",
    )?;
    expect_eq(
        b.visible("h1 .l-en").await?,
        1,
        "paper page: en title shown",
    )?;
    expect_eq(
        b.attr("[data-switch=lang] button[data-value=en]", "aria-pressed")
            .await?,
        "true".into(),
        "the switch shows the stored choice",
    )?;

    one_language_on_every_kind_of_page(b, "en", "zh").await?;

    // A shared link's ?lang= wins, and is remembered.
    b.goto("papers/2404.02424/?lang=zh").await?;
    expect_eq(b.visible("h1 .l-en").await?, 0, "?lang=zh hides English")?;
    one_language_on_every_kind_of_page(b, "zh", "en").await?;
    b.goto("").await?;
    expect_eq(b.visible(en_titles).await?, 0, "?lang=zh persisted")?;
    expect_eq(
        b.visible(zh_titles).await?,
        rows,
        "zh titles after ?lang=zh",
    )?;

    // Keyboard: the buttons are reachable and work with Enter.
    b.client
        .execute(
            "document.querySelector('[data-switch=lang] button[data-value=both]').focus()",
            vec![],
        )
        .await
        .map_err(err)?;
    b.client
        .active_element()
        .await
        .map_err(err)?
        .send_keys("\u{E007}")
        .await
        .map_err(err)?;
    expect_eq(
        b.visible(en_titles).await?,
        rows,
        "Enter on Both shows English again",
    )?;
    expect_eq(b.visible(zh_titles).await?, rows, "and Chinese")?;

    // Back (and Reload) to an address of the reader's own history that says another
    // language: the choice made since holds, and the address is set to it.
    b.goto("papers/2404.02424/?lang=zh").await?;
    b.goto("stats/").await?;
    b.click("[data-switch=lang] button[data-value=en]").await?;
    for how in ["Back", "Reload"] {
        match how {
            "Back" => b.client.back().await.map_err(err)?,
            _ => b.client.refresh().await.map_err(err)?,
        }
        b.wait_for("return document.readyState", |v| v == "complete")
            .await?;
        expect_eq(
            b.visible("h1 .l-zh").await?,
            0,
            &format!("{how}: zh title hidden"),
        )?;
        let url = b.client.current_url().await.map_err(err)?;
        expect(
            url.query() == Some("lang=en"),
            format!("{how}: the address says the choice: {url}"),
        )?;
    }
    Ok(())
}

/// With `shown` chosen, no text of the `hidden` language is rendered beside its version in
/// `shown`, on any kind of page (whatever the theme's rules for each place of a title).
async fn one_language_on_every_kind_of_page(b: &Browser, shown: &str, hidden: &str) -> Check {
    const BESIDE_ITS_VERSION: &str = "const [shown, hidden] = [arguments[0], arguments[1]];
        return [...document.querySelectorAll('.l-' + hidden)]
            .filter(e => [...e.parentElement.children].some(s => s.classList.contains('l-' + shown)))
            .filter(e => e.getClientRects().length > 0)
            .map(e => e.parentElement.tagName + ' ' + e.parentElement.className + ': ' + e.textContent.slice(0, 40));";
    for page in [
        "",
        "digests/2024-04-04/",
        "papers/2404.02424/",
        "digests/",
        "categories/cs.CV/",
        "tags/",
        "reading-list/",
        "stats/",
    ] {
        b.goto(page).await?;
        let shown_too = b
            .client
            .execute(BESIDE_ITS_VERSION, vec![json!(shown), json!(hidden)])
            .await
            .map_err(err)?;
        expect(
            shown_too.as_array().is_some_and(Vec::is_empty),
            format!("{page:?} in `{shown}` shows `{hidden}` texts too: {shown_too}"),
        )?;
    }
    Ok(())
}

async fn no_script_shows_both(b: &Browser) -> Check {
    b.goto("").await?;
    b.click("[data-switch=lang] button[data-value=en]").await?;
    b.cdp(
        "Emulation.setScriptExecutionDisabled",
        json!({"value": true}),
    )
    .await?;
    b.goto("papers/2404.02424/").await?;
    let both = (b.visible("h1 .l-zh").await?, b.visible("h1 .l-en").await?);
    let controls = b.visible(".switch, form.search").await?;
    b.cdp(
        "Emulation.setScriptExecutionDisabled",
        json!({"value": false}),
    )
    .await?;
    expect_eq(both, (1, 1), "without scripts both titles show")?;
    expect_eq(controls, 0, "without scripts the controls stay hidden")?;
    b.goto("").await?;
    b.click("[data-switch=lang] button[data-value=both]")
        .await?;
    Ok(())
}

async fn colour_scheme(b: &Browser) -> Check {
    const BG: &str = "return getComputedStyle(document.body).backgroundColor;";
    let light = "rgb(255, 255, 255)".to_string();
    let dark = "rgb(22, 24, 28)".to_string();
    b.set_scheme("light").await?;
    b.goto("").await?;
    expect_eq(b.eval(BG).await?, json!(light), "light by default")?;
    b.click("[data-switch=scheme] button[data-value=dark]")
        .await?;
    expect_eq(b.eval(BG).await?, json!(dark), "the switch turns dark")?;
    b.goto("tags/").await?;
    expect_eq(b.eval(BG).await?, json!(dark), "dark persists across pages")?;
    b.click("[data-switch=scheme] button[data-value=auto]")
        .await?;
    expect_eq(
        b.eval(BG).await?,
        json!(light),
        "auto follows the light system",
    )?;
    b.set_scheme("dark").await?;
    expect_eq(
        b.eval(BG).await?,
        json!(dark),
        "auto follows the dark system",
    )?;
    b.set_scheme("light").await?;
    Ok(())
}

async fn math(b: &Browser) -> Check {
    b.goto("papers/2501.00001/").await?;
    let size = b
        .eval(
            "const m = document.querySelector('article math'); if (!m) return null;\
             const r = m.getBoundingClientRect(); return [r.width, r.height];",
        )
        .await?;
    let [w, h] = [&size[0], &size[1]].map(|v| v.as_f64().unwrap_or(0.0));
    expect(
        w > 0.0 && h > 0.0,
        format!("the abstract's $x^2$ is MathML with a size (got {size})"),
    )?;
    // Display math is laid out as math, its parts side by side (the theme's `display:
    // block` once stacked them, one a line).
    let lefts = b
        .eval(
            "const m = document.querySelector('math[display=block]'); if (!m) return null;\
             return [...m.children].map(c => Math.round(c.getBoundingClientRect().left));",
        )
        .await?;
    let lefts: Vec<i64> = lefts
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_i64()).collect())
        .unwrap_or_default();
    expect(
        lefts.len() >= 3 && lefts.windows(2).all(|w| w[0] < w[1]),
        format!("the notes' $$E = \\frac{{1}}{{2}} k x^2$$ reads left to right (lefts {lefts:?})"),
    )?;
    // The BibTeX copy and download buttons need the script, which adds them, in words,
    // saving the entry under its key.
    let buttons = b
        .eval(
            "return [...document.querySelectorAll('.cite-actions button')]\
             .map(x => [x.className, x.textContent.trim() !== '', x.getAttribute('data-filename')]);",
        )
        .await?;
    expect_eq(
        buttons,
        serde_json::json!([
            ["copy", true, null],
            ["download", true, "lovelace2025quadratic.bib"]
        ]),
        "the copy and download buttons, with words and the entry's file name",
    )?;
    expect_eq(
        b.visible(".cite button.copy").await?,
        1,
        "the copy button is shown",
    )?;
    expect_eq(
        b.visible(".cite button.download").await?,
        1,
        "the download button is shown",
    )
}

/// One page of each kind: home, digest, paper, tag.
const READER_PAGES: [&str; 4] = [
    "",
    "digests/2024-04-04/",
    "papers/2404.02424/",
    "tags/toy-models/",
];

async fn narrow_and_print(b: &Browser) -> Check {
    b.client.set_window_size(360, 800).await.map_err(err)?;
    for path in READER_PAGES {
        b.goto(path).await?;
        let widths = b
            .eval("return [window.innerWidth, document.documentElement.scrollWidth];")
            .await?;
        let (inner, scroll) = (widths[0].as_i64().unwrap(), widths[1].as_i64().unwrap());
        expect(inner <= 360, format!("viewport is phone-sized ({inner})"))?;
        expect(
            scroll <= inner,
            format!("{path:?} at {inner}px scrolls sideways ({scroll}px wide)"),
        )?;
    }
    b.client.set_window_size(1200, 900).await.map_err(err)?;
    b.cdp("Emulation.setEmulatedMedia", json!({"media": "print"}))
        .await?;
    b.goto("papers/2404.02424/").await?;
    let tools = b.visible(".site-tools, .site-nav").await?;
    let text = b.visible("article h1").await?;
    b.cdp("Emulation.setEmulatedMedia", json!({"media": ""}))
        .await?;
    expect_eq(tools, 0, "print hides the controls")?;
    expect_eq(text, 1, "print keeps the paper")
}

async fn accessibility(b: &Browser, axe: &str) -> Check {
    // The checker itself: an input without a label must be reported.
    b.goto("").await?;
    b.eval("document.querySelector('main').append(document.createElement('input'));")
        .await?;
    let planted = b.axe(axe).await?;
    expect(
        planted.iter().any(|v| v.starts_with("label ")),
        format!("axe reports an unlabelled input: {planted:?}"),
    )?;
    let mut failures = Vec::new();
    for scheme in ["light", "dark"] {
        b.set_scheme(scheme).await?;
        for path in READER_PAGES {
            b.goto(path).await?;
            failures.extend(
                b.axe(axe)
                    .await?
                    .into_iter()
                    .map(|v| format!("{scheme} {PREFIX}{path}: {v}")),
            );
        }
        // The search box with results open.
        query(b, "sparse").await?;
        failures.extend(
            b.axe(axe)
                .await?
                .into_iter()
                .map(|v| format!("{scheme} search results: {v}")),
        );
    }
    b.set_scheme("light").await?;
    expect(
        failures.is_empty(),
        format!("axe violations:\n{}", failures.join("\n")),
    )
}
