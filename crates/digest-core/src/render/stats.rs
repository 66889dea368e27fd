//! The statistics page (`stats/`): papers per digest over time, papers per primary
//! category, and how many papers have each text (title, summary, abstract) in each
//! language. Each chart is an SVG drawn here, at build time, with the numbers it draws
//! in a table beside it; the page needs no script.
//!
//! Hand-written SVG: the charts are a few dozen rectangles and labels, and they must be
//! inline in the page (so the theme's colours, dark mode included, reach them through CSS
//! variables), carry a `<title>` per bar, be named by the page's heading
//! (`role="img"`, `aria-labelledby`), and be byte-identical from build to build. The SVG
//! chart crates seen (eb_bars, charming, ruviz, chartml) write whole SVG documents with
//! their own colours and fonts, or draw with a JavaScript runtime; none writes a fragment
//! like this.
//!
//! Numbers in the SVG are written with one decimal (`{:.1}`), from integer counts: the
//! same site gives the same bytes.

use std::fmt::Write as _;

use super::context::Context;
use super::templates::StatsTemplate;
use super::views::{StatsChart, StatsRow, StatsTable};
use crate::escape::escape_into;
use crate::labels::{html_lang, language_name};
use crate::model::{Paper, TablePage, Texts, paths};

/// One of a paper's texts (its titles, summaries or abstracts), by language.
type TextOf = fn(&Paper) -> &Texts;

/// The drawing's width in SVG units (it scales to the width of its column).
const WIDTH: f64 = 640.0;
/// Bars of the category chart; the categories after them share one bar.
const TOP_CATEGORIES: usize = 12;
/// Height of one bar's row in the horizontal charts.
const ROW: f64 = 24.0;
/// Room for the labels left of the horizontal charts' bars, and for the value after them.
const LABEL_WIDTH: f64 = 150.0;
const VALUE_WIDTH: f64 = 110.0;

impl Context<'_> {
    pub(super) fn stats_page(&self) -> StatsTemplate {
        let labels = self.labels;
        let site = self.site;
        let intro = labels
            .stats_intro
            .replace("{papers}", &site.papers.len().to_string())
            .replace("{digests}", &site.digests.len().to_string());
        StatsTemplate {
            layout: self.layout(|l, _| l.stats.to_string(), &paths::stats(), None),
            intro,
            charts: vec![self.per_digest(), self.per_category(), self.coverage()],
        }
    }

    /// Papers per digest, oldest first: a column per digest.
    fn per_digest(&self) -> StatsChart {
        let labels = self.labels;
        let digests: Vec<(String, String, usize)> = self
            .site
            .digests
            .iter()
            .rev()
            .map(|d| {
                let label = d
                    .date
                    .map_or_else(|| d.slug.clone(), |date| date.to_string());
                (label, self.link(&paths::digest(&d.slug)), d.papers.len())
            })
            .collect();
        let id = "stats-digests";
        let svg = (!digests.is_empty()).then(|| {
            let values: Vec<(&str, usize)> =
                digests.iter().map(|(l, _, n)| (l.as_str(), *n)).collect();
            columns(id, &values)
        });
        StatsChart {
            id,
            title: labels.stats_per_digest.to_string(),
            title_key: "stats_per_digest",
            svg,
            empty: labels.no_digests.to_string(),
            empty_key: "no_digests",
            table: StatsTable {
                head: vec![
                    (labels.stats_digest.to_string(), Some("stats_digest"), None),
                    (labels.papers.to_string(), Some("papers"), None),
                ],
                rows: digests
                    .into_iter()
                    .rev()
                    .map(|(label, href, n)| StatsRow {
                        label,
                        key: None,
                        href: Some(href),
                        cells: vec![n.to_string()],
                    })
                    .collect(),
            },
        }
    }

    /// Papers per primary category, most first; the table also counts cross-listings.
    fn per_category(&self) -> StatsChart {
        let labels = self.labels;
        let site = self.site;
        let mut primary = vec![0usize; site.categories.len()];
        let mut none = 0;
        for paper in &site.papers {
            match paper.categories.first() {
                Some(&c) => primary[c] += 1,
                None => none += 1,
            }
        }
        let mut order: Vec<usize> = (0..site.categories.len()).collect();
        // Most papers first; equal counts in the site's order of categories (by slug).
        order.sort_by(|&a, &b| primary[b].cmp(&primary[a]).then(a.cmp(&b)));
        let mut bars: Vec<(String, usize, Option<&'static str>)> = order
            .iter()
            .take(TOP_CATEGORIES)
            .filter(|&&c| primary[c] > 0)
            .map(|&c| (site.categories[c].name.clone(), primary[c], None))
            .collect();
        let rest: Vec<usize> = order
            .iter()
            .skip(TOP_CATEGORIES)
            .filter(|&&c| primary[c] > 0)
            .copied()
            .collect();
        if !rest.is_empty() {
            bars.push((
                labels
                    .stats_other_categories
                    .replace("{n}", &rest.len().to_string()),
                rest.iter().map(|&c| primary[c]).sum(),
                Some("stats_other_categories"),
            ));
        }
        if none > 0 {
            bars.push((
                labels.other_category.to_string(),
                none,
                Some("other_category"),
            ));
        }
        let id = "stats-categories";
        // A site without categories says so, rather than draw all its papers as "other".
        let svg = (!site.categories.is_empty()).then(|| {
            let values: Vec<Bar> = bars
                .iter()
                .map(|(l, n, key)| Bar {
                    label: l.as_str(),
                    language: None,
                    value: *n,
                    text: n.to_string(),
                    key: *key,
                })
                .collect();
            rows(id, &values, bars.iter().map(|b| b.1).max().unwrap_or(0))
        });
        let mut table_rows: Vec<StatsRow> = order
            .iter()
            .map(|&c| {
                let category = &site.categories[c];
                StatsRow {
                    label: category.name.clone(),
                    key: None,
                    href: Some(self.link(&paths::category(&category.slug, TablePage::Newest))),
                    cells: vec![primary[c].to_string(), category.papers.len().to_string()],
                }
            })
            .collect();
        if none > 0 {
            table_rows.push(StatsRow {
                label: labels.other_category.to_string(),
                key: Some("other_category"),
                href: None,
                cells: vec![none.to_string(), none.to_string()],
            });
        }
        StatsChart {
            id,
            title: labels.stats_per_category.to_string(),
            title_key: "stats_per_category",
            svg,
            empty: labels.no_categories.to_string(),
            empty_key: "no_categories",
            table: StatsTable {
                head: vec![
                    (
                        labels.search_category.to_string(),
                        Some("search_category"),
                        None,
                    ),
                    (
                        labels.stats_primary.to_string(),
                        Some("stats_primary"),
                        None,
                    ),
                    (labels.stats_listed.to_string(), Some("stats_listed"), None),
                ],
                rows: table_rows,
            },
        }
    }

    /// For each text and language, the papers that have it: bars out of all papers.
    fn coverage(&self) -> StatsChart {
        let labels = self.labels;
        let site = self.site;
        let total = site.papers.len();
        let languages = &site.config.languages;
        let texts: [(&str, &'static str, TextOf); 3] = [
            (&labels.stats_titles, "stats_titles", |p| &p.title),
            (&labels.stats_summaries, "stats_summaries", |p| &p.summary),
            (&labels.stats_abstracts, "stats_abstracts", |p| {
                &p.abstract_text
            }),
        ];
        let counts: Vec<Vec<usize>> = texts
            .iter()
            .map(|(_, _, text)| {
                languages
                    .iter()
                    .map(|lang| {
                        site.papers
                            .iter()
                            .filter(|p| has_text(text(p), lang))
                            .count()
                    })
                    .collect()
            })
            .collect();
        // Rounded to the nearest whole percent.
        let share = |n: usize| {
            let percent = (n * 100 + total / 2).checked_div(total).unwrap_or(0);
            format!("{percent}%")
        };
        let id = "stats-languages";
        let mut bars = Vec::new();
        for ((name, key, _), row) in texts.iter().zip(&counts) {
            for (lang, &n) in languages.iter().zip(row) {
                bars.push((
                    name.to_string(),
                    lang.as_str(),
                    n,
                    format!("{n} ({})", share(n)),
                    *key,
                ));
            }
        }
        let svg = (total > 0).then(|| {
            let values: Vec<Bar> = bars
                .iter()
                .map(|(l, lang, n, v, key)| Bar {
                    label: l.as_str(),
                    language: Some(lang),
                    value: *n,
                    text: v.clone(),
                    key: Some(*key),
                })
                .collect();
            rows(id, &values, total)
        });
        let mut head = vec![(labels.stats_text.to_string(), Some("stats_text"), None)];
        head.extend(languages.iter().map(|l| {
            (
                language_name(l).to_string(),
                None,
                Some(html_lang(l).to_string()),
            )
        }));
        StatsChart {
            id,
            title: labels.stats_coverage.to_string(),
            title_key: "stats_coverage",
            svg,
            empty: labels.no_papers.to_string(),
            empty_key: "no_papers",
            table: StatsTable {
                head,
                rows: texts
                    .iter()
                    .zip(&counts)
                    .map(|((name, key, _), row)| StatsRow {
                        label: name.to_string(),
                        key: Some(key),
                        href: None,
                        cells: row
                            .iter()
                            .map(|&n| format!("{n} / {total} ({})", share(n)))
                            .collect(),
                    })
                    .collect(),
            },
        }
    }
}

/// Opens a chart's `<svg>`, named by the heading `{id}-title`.
fn open_svg(out: &mut String, id: &str, height: f64) {
    let _ = write!(
        out,
        r#"<svg class="chart" role="img" aria-labelledby="{id}-title" viewBox="0 0 {WIDTH:.1} {height:.1}" xmlns="http://www.w3.org/2000/svg">"#
    );
}

/// `<title>` of a bar: its label and value; the label's key, when it is one of the
/// interface's, for the language switch (which swaps the words and keeps the numbers).
fn bar_title(out: &mut String, label: &str, key: Option<&str>, value: &str) {
    match key {
        Some(key) => {
            let _ = write!(out, r#"<title data-l="{key}">"#);
        }
        None => out.push_str("<title>"),
    }
    escape_into(out, label);
    out.push_str(": ");
    escape_into(out, value);
    out.push_str("</title>");
}

/// A column chart of `values` in order (left to right), with the largest value and zero on
/// the axis and the first and last labels under it.
fn columns(id: &str, values: &[(&str, usize)]) -> String {
    let (top, bottom, left, right) = (12.0, 28.0, 44.0, 8.0);
    let height = 220.0;
    let plot_w = WIDTH - left - right;
    let plot_h = height - top - bottom;
    let max = values.iter().map(|v| v.1).max().unwrap_or(0).max(1) as f64;
    let step = plot_w / values.len() as f64;
    let gap = if step > 4.0 { step * 0.2 } else { 0.0 };
    // A few digests make no wall of colour: bars are at most 40 units wide, centred.
    let bar = (step - gap).clamp(0.5, 40.0);
    let mut out = String::with_capacity(values.len() * 96 + 512);
    open_svg(&mut out, id, height);
    let base = top + plot_h;
    let _ = write!(
        out,
        r#"<g class="chart-axis"><line x1="{left:.1}" y1="{top:.1}" x2="{WIDTH:.1}" y2="{top:.1}"/><line x1="{left:.1}" y1="{base:.1}" x2="{WIDTH:.1}" y2="{base:.1}"/></g>"#
    );
    let _ = write!(
        out,
        r#"<g class="chart-text"><text x="{:.1}" y="{:.1}" text-anchor="end">{}</text><text x="{:.1}" y="{:.1}" text-anchor="end">0</text>"#,
        left - 6.0,
        top + 4.0,
        max as usize,
        left - 6.0,
        base + 4.0,
    );
    let first = values[0].0;
    let last = values[values.len() - 1].0;
    out.push_str(&format!(r#"<text x="{left:.1}" y="{:.1}">"#, height - 8.0));
    escape_into(&mut out, first);
    out.push_str("</text>");
    if values.len() > 1 {
        out.push_str(&format!(
            r#"<text x="{WIDTH:.1}" y="{:.1}" text-anchor="end">"#,
            height - 8.0
        ));
        escape_into(&mut out, last);
        out.push_str("</text>");
    }
    out.push_str("</g><g class=\"chart-bars\">");
    for (i, (label, n)) in values.iter().enumerate() {
        let h = plot_h * *n as f64 / max;
        let x = left + step * i as f64 + (step - bar) / 2.0;
        let _ = write!(
            out,
            r#"<rect x="{x:.1}" y="{:.1}" width="{bar:.1}" height="{h:.1}">"#,
            base - h,
        );
        bar_title(&mut out, label, None, &n.to_string());
        out.push_str("</rect>");
    }
    out.push_str("</g></svg>");
    out
}

/// One bar of [`rows`].
struct Bar<'a> {
    label: &'a str,
    /// A language the bar is about (its name follows the label, in that language).
    language: Option<&'a str>,
    value: usize,
    /// The value as written after the bar.
    text: String,
    /// The label's key, when the label is one of the interface's (the language switch
    /// swaps it).
    key: Option<&'static str>,
}

impl Bar<'_> {
    /// The label as plain text (a tooltip): with the language's name.
    fn plain_label(&self) -> String {
        match self.language {
            Some(lang) => format!("{} · {}", self.label, language_name(lang)),
            None => self.label.to_string(),
        }
    }
}

/// A bar chart with one row per value: its label at the left, the bar (out of `max`), the
/// value's text after it.
fn rows(id: &str, values: &[Bar<'_>], max: usize) -> String {
    let height = ROW * values.len() as f64 + 8.0;
    let plot_w = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
    let max = max.max(1) as f64;
    let mut out = String::with_capacity(values.len() * 200 + 256);
    open_svg(&mut out, id, height);
    out.push_str("<g class=\"chart-track\">");
    for i in 0..values.len() {
        let y = 4.0 + ROW * i as f64 + ROW * 0.15;
        let _ = write!(
            out,
            r#"<rect x="{LABEL_WIDTH:.1}" y="{y:.1}" width="{plot_w:.1}" height="{:.1}"/>"#,
            ROW * 0.7
        );
    }
    out.push_str("</g><g class=\"chart-bars\">");
    for (i, bar) in values.iter().enumerate() {
        let y = 4.0 + ROW * i as f64 + ROW * 0.15;
        let w = plot_w * bar.value as f64 / max;
        let _ = write!(
            out,
            r#"<rect x="{LABEL_WIDTH:.1}" y="{y:.1}" width="{w:.1}" height="{:.1}">"#,
            ROW * 0.7
        );
        bar_title(&mut out, &bar.plain_label(), bar.key, &bar.text);
        out.push_str("</rect>");
    }
    // The labels last, so that no track covers a value written over it.
    out.push_str("</g>");
    out.push_str("<g class=\"chart-text\">");
    for (i, bar) in values.iter().enumerate() {
        let y = 4.0 + ROW * i as f64 + ROW * 0.65;
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{y:.1}" text-anchor="end""#,
            LABEL_WIDTH - 8.0
        );
        if let Some(key) = bar.key {
            let _ = write!(out, r#" data-l="{key}""#);
        }
        out.push('>');
        escape_into(&mut out, bar.label);
        if let Some(lang) = bar.language {
            // A language is named in itself, as on the language switch.
            let _ = write!(
                out,
                r#" · <tspan class="language-name" lang="{}">"#,
                html_lang(lang)
            );
            escape_into(&mut out, language_name(lang));
            out.push_str("</tspan>");
        }
        out.push_str("</text>");
    }
    for (i, bar) in values.iter().enumerate() {
        let y = 4.0 + ROW * i as f64 + ROW * 0.65;
        let x = LABEL_WIDTH + plot_w * bar.value as f64 / max + 6.0;
        let _ = write!(out, r#"<text x="{x:.1}" y="{y:.1}">"#);
        escape_into(&mut out, &bar.text);
        out.push_str("</text>");
    }
    out.push_str("</g></svg>");
    out
}

/// Which texts `paper` has in each of `languages`, as the coverage chart counts them
/// (title, summary, abstract; language by language): an edit that keeps these keeps the
/// statistics page, whose other charts count papers per digest and per category.
pub(crate) fn coverage_of(paper: &Paper, languages: &[String]) -> Vec<bool> {
    [&paper.title, &paper.summary, &paper.abstract_text]
        .iter()
        .flat_map(|text| languages.iter().map(|lang| has_text(text, lang)))
        .collect()
}

fn has_text(text: &Texts, lang: &str) -> bool {
    text.get(lang).is_some_and(|t| !t.trim().is_empty())
}
