//! The reader's side in a real browser: headless Chromium, driven through chromedriver
//! (WebDriver), on the demo site served from `http://127.0.0.1:<port>/repo/` the way
//! GitHub Pages serves a project site.
//!
//! Checked: the language switch changes what is visible and the choice survives a
//! navigation and comes from `?lang=`; without scripts both languages show; the colour
//! switch and the system preference; Chinese, English, author, tag and arXiv-id queries
//! find the right paper and load only a few hundred kilobytes; math is MathML with a
//! size; pages fit 360 px; print hides the controls; no console errors; axe-core finds
//! no violations on the home, digest, paper and tag pages in light and dark.
//!
//! Needs `chromium` and `chromedriver` (Debian: `apt-get install chromium chromium-driver`)
//! and axe-core (`npm ci --prefix crates/test-support/browser`). Without them the tests
//! fail when `CI` is set and are skipped, and recorded as skipped, otherwise. The browser,
//! its driver and the static server are the workspace's (crates/test-support).
//!
//! Modules: `controls` (the switches, the search box and the keys' help, as the script
//! builds them), `reader` (the reader's features on the demo site), `search` (queries, more
//! results, the results panel, the budget at scale), `categories` (a digest's category
//! filter), `stats` (the statistics page), `tools` (stars and the reading list, the keys, a
//! digest's copy actions).

mod categories;
mod controls;
mod interface;
mod reader;
mod search;
mod stats;
mod tools;

use test_support::BrowserTools;
use test_support::static_server::StaticServer;
use test_support::webdriver::{Browser, Check, ChromeDriver};

/// Opens Chromium on the served site, runs `checks`, closes the browser, and fails the
/// test when a check failed or the page logged a console error.
pub fn in_chromium(
    tools: &BrowserTools,
    server: &StaticServer,
    checks: impl AsyncFnOnce(&Browser) -> Check,
) {
    let driver = ChromeDriver::start(&tools.chromedriver);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let browser = Browser::open(&driver, &tools.chromium, server).await;
        let outcome = checks(&browser).await;
        let console = browser.console_errors().await;
        browser.client.clone().close().await.ok();
        outcome.unwrap_or_else(|e| panic!("{e}"));
        assert!(
            console.is_empty(),
            "console errors:\n{}",
            console.join("\n")
        );
    });
}

/// axe-core on what `show` leaves in the browser, once in light and once in dark; each
/// violation is named `<scheme> <what>: …`, and the scheme is light again afterwards.
pub async fn axe_in_both_schemes(
    b: &Browser,
    axe: &str,
    what: &str,
    show: impl AsyncFn(&Browser) -> Check,
) -> Check {
    let mut failures = Vec::new();
    for scheme in ["light", "dark"] {
        b.set_scheme(scheme).await?;
        show(b).await?;
        failures.extend(
            b.axe(axe)
                .await?
                .into_iter()
                .map(|v| format!("{scheme} {what}: {v}")),
        );
    }
    b.set_scheme("light").await?;
    test_support::webdriver::expect(
        failures.is_empty(),
        format!("axe violations:\n{}", failures.join("\n")),
    )
}
