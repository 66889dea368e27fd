//! A digest's category filter in Chromium: a chip shows only its category's papers, a
//! second chip adds its own, "All" shows every paper again; without scripts the contents'
//! links jump to the sections; the chips fit a phone. axe-core finds nothing on the digest (filtered), category
//! and category-list pages, in light and dark.

use serde_json::json;
use test_support::static_server::{PREFIX, StaticServer};
use test_support::webdriver::{Browser, Check, err, expect, expect_eq};

use super::in_chromium;
use crate::SUITE;
use crate::site_test::SiteTest;

const DIGEST: &str = "digests/2024-04-02/";

#[test]
fn category_chips_filter_a_digest() {
    let Some(tools) = SUITE.browser_tools() else {
        return;
    };
    let server = StaticServer::start();
    let site = SiteTest::new(crate::reader::categories::SITE)
        .base_url(&format!("{}{PREFIX}", server.origin()));
    // One digest: the links to a neighbouring digest, at the top and at the bottom of the
    // page, are two navigation landmarks of one name, which axe reports (landmark-unique);
    // they are not what this test is about.
    site.remove("content/digests/2024-04-01.md");
    let built = site.build();
    server.serve(built.out.clone());
    in_chromium(&tools, &server, async |b| {
        chips(b).await?;
        contents_without_script(b).await?;
        accessibility(b, &tools.axe_source).await
    });
}

/// The Refs of the visible rows and the ids of the visible details, in page order.
async fn shown(b: &Browser) -> Result<(Vec<String>, Vec<String>), String> {
    let value = b
        .eval(
            "const seen = e => e.getClientRects().length > 0;\
             const all = css => [...document.querySelectorAll(css)].filter(seen);\
             return [all('.paper-table td.ref').map(e => e.textContent),\
                     all('.paper-details').map(e => e.id)];",
        )
        .await?;
    let strings = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .into_iter()
            .flatten()
            .map(|s| s.as_str().unwrap_or_default().to_string())
            .collect()
    };
    Ok((strings(&value[0]), strings(&value[1])))
}

fn refs(numbers: &[usize]) -> (Vec<String>, Vec<String>) {
    (
        numbers.iter().map(|n| format!("[{n}]")).collect(),
        numbers.iter().map(|n| format!("ref-{n}")).collect(),
    )
}

async fn pressed(b: &Browser) -> Result<serde_json::Value, String> {
    b.eval(
        "return [...document.querySelectorAll('.category-filter button')]\
         .map(e => e.getAttribute('data-category') + '=' + e.getAttribute('aria-pressed'));",
    )
    .await
}

async fn chips(b: &Browser) -> Check {
    b.goto(DIGEST).await?;
    expect_eq(
        b.visible(".category-filter").await?,
        1,
        "the chips are shown",
    )?;
    expect_eq(
        b.visible(".category-contents").await?,
        0,
        "the chips replace the contents",
    )?;
    // Groups in page order: cs.LG [1], cs.CV [2] [4], other [3].
    expect_eq(shown(b).await?, refs(&[1, 2, 4, 3]), "every paper at first")?;

    b.click(".category-filter button[data-category='cs.CV']")
        .await?;
    expect_eq(shown(b).await?, refs(&[2, 4]), "cs.CV only")?;
    expect_eq(
        pressed(b).await?,
        json!(["cs.LG=false", "cs.CV=true", "other=false", "=false"]),
        "the chip is pressed, All is not",
    )?;

    b.click(".category-filter button[data-category='other']")
        .await?;
    expect_eq(
        shown(b).await?,
        refs(&[2, 4, 3]),
        "a second chip adds its papers",
    )?;

    // Enter on a focused chip works like a click (they are buttons).
    b.client
        .execute(
            "document.querySelector(\".category-filter button[data-category='cs.CV']\").focus()",
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
        shown(b).await?,
        refs(&[3]),
        "pressing a chip again removes it",
    )?;

    b.click(".category-filter button[data-category='']").await?;
    expect_eq(
        shown(b).await?,
        refs(&[1, 2, 4, 3]),
        "All shows every paper",
    )?;
    expect_eq(
        pressed(b).await?,
        json!(["cs.LG=false", "cs.CV=false", "other=false", "=true"]),
        "only All is pressed",
    )?;

    // The chips wrap on a phone: nothing scrolls sideways.
    b.client.set_window_size(360, 800).await.map_err(err)?;
    let widths = b
        .eval("return [window.innerWidth, document.documentElement.scrollWidth];")
        .await?;
    b.client.set_window_size(1200, 900).await.map_err(err)?;
    expect(
        widths[1].as_i64() <= widths[0].as_i64(),
        format!("at 360 px the digest scrolls sideways: {widths}"),
    )
}

async fn contents_without_script(b: &Browser) -> Check {
    b.cdp(
        "Emulation.setScriptExecutionDisabled",
        json!({"value": true}),
    )
    .await?;
    // Shorter than the page, so that a jump scrolls.
    b.client.set_window_size(1000, 320).await.map_err(err)?;
    let outcome = async {
        b.goto(DIGEST).await?;
        expect_eq(b.visible(".category-contents a").await?, 3, "the contents")?;
        expect_eq(b.visible(".category-filter").await?, 0, "no chips")?;
        expect_eq(shown(b).await?, refs(&[1, 2, 4, 3]), "every paper")?;
        b.click(".category-contents a[href='#cat-other']").await?;
        let place = b
            .eval(
                "return [location.hash, window.scrollY,\
                 document.getElementById('cat-other').getBoundingClientRect().top];",
            )
            .await?;
        expect_eq(place[0].clone(), json!("#cat-other"), "the link's target")?;
        let (scrolled, top) = (
            place[1].as_f64().unwrap_or(0.0),
            place[2].as_f64().unwrap_or(f64::MAX),
        );
        expect(
            scrolled > 0.0 && top.abs() < 2.0,
            format!("the section is at the top of the window ({place})"),
        )
    }
    .await;
    b.client.set_window_size(1200, 900).await.map_err(err)?;
    b.cdp(
        "Emulation.setScriptExecutionDisabled",
        json!({"value": false}),
    )
    .await?;
    outcome
}

async fn accessibility(b: &Browser, axe: &str) -> Check {
    let mut failures = Vec::new();
    for scheme in ["light", "dark"] {
        b.set_scheme(scheme).await?;
        for path in [DIGEST, "categories/", "categories/cs.LG/"] {
            b.goto(path).await?;
            if path == DIGEST {
                // With a chip pressed, as a reader leaves it.
                b.click(".category-filter button[data-category='cs.CV']")
                    .await?;
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
    )
}
