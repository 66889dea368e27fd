//! The statistics page in Chromium: each chart is drawn (it has a size), is named by its
//! heading and has its table beside it, with scripts and without; the page fits 360 px;
//! axe-core finds nothing on it in light and dark.

use serde_json::json;
use test_support::static_server::{PREFIX, StaticServer};
use test_support::webdriver::{Browser, Check, err, expect, expect_eq};

use super::{axe_in_both_schemes, in_chromium};
use crate::SUITE;

#[test]
fn the_stats_page_draws_its_charts_without_scripts() {
    let Some(tools) = SUITE.browser_tools() else {
        return;
    };
    let server = StaticServer::start();
    let site = crate::reader::stats::site().base_url(&format!("{}{PREFIX}", server.origin()));
    let built = site.build();
    server.serve(built.out.clone());
    in_chromium(&tools, &server, async |b| {
        charts(b, "with scripts").await?;
        b.cdp(
            "Emulation.setScriptExecutionDisabled",
            json!({"value": true}),
        )
        .await?;
        let without = charts(b, "without scripts").await;
        b.cdp(
            "Emulation.setScriptExecutionDisabled",
            json!({"value": false}),
        )
        .await?;
        without?;
        narrow(b).await?;
        tooltips_in_english(b).await?;
        accessibility(b, &tools.axe_source).await
    });
}

/// With English chosen, the bars' tooltips (`<title>`) are in English too: no Chinese but
/// the name of the Chinese language, written in itself as on the switch.
async fn tooltips_in_english(b: &Browser) -> Check {
    b.goto("stats/?lang=en").await?;
    let tooltips = b
        .eval("return [...document.querySelectorAll('svg title')].map(t => t.textContent);")
        .await?;
    b.goto("stats/?lang=both").await?;
    let all: Vec<String> = serde_json::from_value(tooltips).map_err(err)?;
    let chinese: Vec<&String> = all
        .iter()
        .filter(|t| {
            t.replace("中文", "")
                .chars()
                .any(|c| ('\u{3400}'..='\u{9fff}').contains(&c))
        })
        .collect();
    expect(
        !all.is_empty() && chinese.is_empty(),
        format!("tooltips in Chinese with English chosen: {chinese:?} (of {all:?})"),
    )
}

/// Per chart: its heading, whether its SVG is drawn with a size and named by the heading,
/// and how many rows its table shows.
const CHARTS: &str = "return [...document.querySelectorAll('section.stats-chart')].map(s => {\
    const svg = s.querySelector('svg[role=img]');\
    const box = svg.getBoundingClientRect();\
    const name = document.getElementById(svg.getAttribute('aria-labelledby'));\
    return [s.querySelector('h2').textContent, box.width > 100 && box.height > 20,\
            name === s.querySelector('h2'), s.querySelectorAll('tbody tr').length,\
            s.querySelectorAll('.chart-bars rect').length === s.querySelectorAll('.chart-bars rect > title').length];\
  });";

async fn charts(b: &Browser, when: &str) -> Check {
    b.goto("stats/").await?;
    expect_eq(
        b.eval(CHARTS).await?,
        json!([
            ["每期论文数", true, true, 2, true],
            ["各主分类论文数", true, true, 4, true],
            ["各语言文本数", true, true, 3, true]
        ]),
        &format!("the charts and their tables {when}"),
    )
}

async fn narrow(b: &Browser) -> Check {
    b.client.set_window_size(360, 800).await.map_err(err)?;
    b.goto("stats/").await?;
    let widths = b
        .eval("return [window.innerWidth, document.documentElement.scrollWidth];")
        .await?;
    b.client.set_window_size(1200, 900).await.map_err(err)?;
    expect(
        widths[1].as_i64() <= widths[0].as_i64(),
        format!("stats/ at 360 px scrolls sideways: {widths}"),
    )
}

async fn accessibility(b: &Browser, axe: &str) -> Check {
    axe_in_both_schemes(b, axe, "stats/", async |b| b.goto("stats/").await).await
}
