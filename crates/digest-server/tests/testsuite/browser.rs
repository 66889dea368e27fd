//! The injected script in a real browser: headless Chromium loads a served page while the
//! site is broken and must draw the error overlay from the event stream; once the error is
//! fixed a fresh load has none.
//!
//! Needs `chromium` (Debian: `apt-get install chromium`); fails when `CI` is set and is
//! skipped, and recorded as skipped, otherwise.

use std::path::Path;
use std::process::Command;

use crate::SUITE;
use crate::served::*;

#[test]
fn chromium_shows_the_overlay_while_the_site_is_broken() {
    let Some(chromium) = SUITE.chromium() else {
        return;
    };
    let served = Served::start();
    let mut events = served.events();
    let good = std::fs::read_to_string(served.path(PAPER)).unwrap();
    std::fs::write(served.path(PAPER), good.replace("id: ", "id: [")).unwrap();
    events.expect("diagnostics");

    let url = format!("http://{}/repo/papers/2404.02424/", served.addr());
    // A cold Chromium on a loaded machine can take most of the dump's time budget to
    // start, so a page without the overlay is loaded again (at most three times).
    let mut broken = dump_dom(&chromium, &url);
    for _ in 0..2 {
        if broken.contains("<digest-site-overlay") {
            break;
        }
        broken = dump_dom(&chromium, &url);
    }
    assert!(
        broken.contains("<digest-site-overlay"),
        "no overlay in the page:\n{broken}"
    );
    // The last good page is still there under the overlay.
    let html = scraper::Html::parse_document(&broken);
    assert_eq!(texts(&html, "h1 .l-en"), ["Sparse VLMs"]);

    std::fs::write(served.path(PAPER), &good).unwrap();
    events.expect("fixed");
    let fixed = dump_dom(&chromium, &url);
    assert!(
        fixed.contains("Sparse VLMs"),
        "the page did not load:\n{fixed}"
    );
    assert!(
        !fixed.contains("<digest-site-overlay"),
        "the overlay is still shown"
    );
}

/// The DOM of `url` a few seconds after it loaded (scripts ran, events arrived).
fn dump_dom(chromium: &Path, url: &str) -> String {
    let output = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--timeout=6000",
            "--dump-dom",
            url,
        ])
        .output()
        .expect("chromium runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}
