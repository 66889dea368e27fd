//! The injected script in a real browser: headless Chromium loads a served page while the
//! site is broken and must draw the error overlay from the live reload, which goes once the
//! error is fixed. Many pages open at once all load, and each follows the
//! saves as it should: the pages that changed reload, stylesheets are swapped in place.
//!
//! Needs `chromium` (Debian: `apt-get install chromium`), and `chromedriver`
//! (`chromium-driver`) for the tests that drive tabs; fails when `CI` is set and is
//! skipped, and recorded as skipped, otherwise.

use std::time::Duration;

use fantoccini::wd::TimeoutConfiguration;
use test_support::webdriver::{Browser, ChromeDriver};

use crate::SUITE;
use crate::served::*;

/// A page opened while the site is broken shows the errors over the last good page (the
/// overlay is drawn from the live reload, in the page's shadow DOM), and once the error is
/// fixed the overlay goes.
#[test]
fn chromium_shows_the_overlay_while_the_site_is_broken() {
    let served = Served::start();
    let mut events = served.events();
    let good = std::fs::read_to_string(served.path(PAPER)).unwrap();
    std::fs::write(served.path(PAPER), good.replace("id: ", "id: [")).unwrap();
    events.expect("diagnostics");
    let Some((_driver, browser)) = browser_on(&served) else {
        return;
    };
    const OVERLAY: &str = "const host = document.querySelector('digest-site-overlay');\
        return host ? host.shadowRoot.textContent : '';";
    let checked = served.runtime.block_on(async {
        browser.goto("papers/2404.02424/").await?;
        browser
            .wait_for(OVERLAY, |text| {
                text.as_str()
                    .is_some_and(|t| t.contains("content/papers/2404.02424.md"))
            })
            .await
            .map_err(|e| format!("no overlay naming the broken file: {e}"))?;
        // The last good page is still there under the overlay.
        test_support::webdriver::expect_eq(
            browser
                .eval("return document.querySelector('h1 .l-en').textContent")
                .await?,
            serde_json::json!("Sparse VLMs"),
            "the page under the overlay",
        )?;
        std::fs::write(served.path(PAPER), &good).unwrap();
        browser
            .wait_for(OVERLAY, |text| text == "")
            .await
            .map_err(|e| format!("the overlay stayed once fixed: {e}"))?;
        Ok::<(), String>(())
    });
    served.runtime.block_on(async {
        let _ = browser.client.close().await;
    });
    if let Err(e) = checked {
        panic!("{e}");
    }
}

/// Chromium driven through chromedriver on the served site, pages loading for 15 s at
/// most; `None` (a skip) without the browser or its driver.
fn browser_on(served: &Served) -> Option<(ChromeDriver, Browser)> {
    let chromium = SUITE.chromium()?;
    let chromedriver = SUITE.program_on_path("chromedriver", "apt-get install chromium-driver")?;
    let driver = ChromeDriver::start(&chromedriver);
    let base = format!("http://{}/repo/", served.addr());
    let browser = served.runtime.block_on(async {
        let browser = Browser::open_at(&driver, &chromium, &base).await;
        let timeouts = TimeoutConfiguration::new(None, Some(Duration::from_secs(15)), None);
        browser.client.update_timeouts(timeouts).await.unwrap();
        browser
    });
    Some((driver, browser))
}

/// A value that lives until the page reloads.
const MARK: &str = "window.__unreloaded = true; return true;";
const MARKED: &str = "return window.__unreloaded === true;";

/// Each open page keeps its live reload open, and a browser opens six connections to a
/// host over HTTP/1.1: an event stream per page left a seventh page loading for ever. With
/// eight pages open, every one loads; then a save reloads the page it changed and leaves
/// the others as they are, and a stylesheet saved is swapped in place.
#[test]
fn eight_open_pages_all_load_and_follow_the_saves() {
    let served = Served::start();
    let Some((_driver, browser)) = browser_on(&served) else {
        return;
    };
    let pages = [
        "",
        "papers/2404.02424/",
        "papers/2403.19651/",
        "papers/2403.07332/",
        "papers/2402.10882/",
        "digests/2024-04-04/",
        "about/",
        "tags/vision/",
    ];
    let checked = served.runtime.block_on(async {
        let mut tabs = Vec::new();
        for (n, page) in pages.iter().enumerate() {
            if n > 0 {
                let tab = browser
                    .client
                    .new_window(true)
                    .await
                    .map_err(|e| e.to_string())?;
                browser
                    .client
                    .switch_to_window(tab.handle)
                    .await
                    .map_err(|e| e.to_string())?;
            }
            browser
                .goto(page)
                .await
                .map_err(|e| format!("page {} of {}: {e}", n + 1, pages.len()))?;
            browser.eval(MARK).await?;
            tabs.push(browser.client.window().await.map_err(|e| e.to_string())?);
        }
        // The live reload of each is open (the eighth's too).
        let text = std::fs::read_to_string(served.path(PAPER)).unwrap();
        std::fs::write(
            served.path(PAPER),
            text.replace("Sparse VLMs\"", "Sparse VLMs, renamed\""),
        )
        .unwrap();
        browser
            .client
            .switch_to_window(tabs[1].clone())
            .await
            .map_err(|e| e.to_string())?;
        browser
            .wait_for("return document.querySelector('h1').textContent", |title| {
                title
                    .as_str()
                    .is_some_and(|t| t.contains("Sparse VLMs, renamed"))
            })
            .await
            .map_err(|e| format!("the edited paper's page: {e}"))?;
        // A page that shows nothing of the edit stays where it is.
        browser
            .client
            .switch_to_window(tabs[2].clone())
            .await
            .map_err(|e| e.to_string())?;
        test_support::webdriver::expect(
            browser.eval(MARKED).await? == true,
            "another paper's page reloaded".into(),
        )?;
        // A stylesheet is swapped without a reload (in a page that lists no paper: it
        // did not reload for the edit either).
        browser
            .client
            .switch_to_window(tabs[6].clone())
            .await
            .map_err(|e| e.to_string())?;
        std::fs::write(served.path("static/custom.css"), "body { margin: 7px; }\n").unwrap();
        browser
            .wait_for(
                "return getComputedStyle(document.body).marginTop",
                |margin| margin == "7px",
            )
            .await
            .map_err(|e| format!("the swapped stylesheet: {e}"))?;
        test_support::webdriver::expect(
            browser.eval(MARKED).await? == true,
            "the page reloaded for a stylesheet".into(),
        )
    });
    served.runtime.block_on(async {
        let _ = browser.client.close().await;
    });
    if let Err(e) = checked {
        panic!("{e}");
    }
}

/// A page open across restarts of `serve`: started again while the site has errors, it
/// shows them over what it showed; fixed, it reloads; started again with another
/// `base_url`, it goes to the same page at the new address.
#[test]
fn a_page_open_across_restarts_follows_the_site() {
    let mut served = Served::start();
    let Some((_driver, browser)) = browser_on(&served) else {
        return;
    };
    let digest = served.path("content/digests/2024-04-04.md");
    let good = std::fs::read_to_string(&digest).unwrap();
    let checked = (|| -> Result<(), String> {
        let rt = &served.runtime;
        rt.block_on(browser.goto("papers/2404.02424/"))?;
        rt.block_on(browser.eval(MARK))?;
        write_file(
            &digest,
            &good.replace("date: 2024-04-04", "date: 2024-04-04: x"),
        );
        served.restart();
        let rt = &served.runtime;
        rt.block_on(browser.wait_for(
            "return !!document.querySelector('digest-site-overlay')",
            |shown| shown == true,
        ))
        .map_err(|e| format!("no overlay after a restart with errors: {e}"))?;
        test_support::webdriver::expect(
            rt.block_on(browser.eval(MARKED))? == true,
            "the page reloaded into the error page".into(),
        )?;
        write_file(&digest, &good);
        rt.block_on(browser.wait_for(MARKED, |marked| marked == false))
            .map_err(|e| format!("no reload once fixed: {e}"))?;
        rt.block_on(browser.wait_for(
            "return !document.querySelector('digest-site-overlay') && document.querySelector('h1').textContent",
            |title| title.as_str().is_some_and(|t| t.contains("Sparse VLMs")),
        ))
        .map_err(|e| format!("the page once fixed: {e}"))?;
        write_file(
            &served.path("site.yaml"),
            &SITE_YAML.replace("/repo/", "/moved/"),
        );
        served.restart();
        served
            .runtime
            .block_on(browser.wait_for("return location.pathname", |path| {
                path == "/moved/papers/2404.02424/"
            }))
            .map_err(|e| format!("not sent to the new base path: {e}"))?;
        Ok(())
    })();
    served.runtime.block_on(async {
        let _ = browser.client.close().await;
    });
    if let Err(e) = checked {
        panic!("{e}");
    }
}
