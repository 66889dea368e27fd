//! Writing the benchmark sites: the same papers as a digest-site site and as its Hugo twin.
//!
//! Both sites have one file per paper and one digest per announcement day listing that
//! day's papers. Tags come from the arXiv categories, so tag pages exist on both sides.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;
use serde_json::json;

use crate::corpus::Record;

/// The base URL both sites are built for (a project site, so links carry a prefix).
const BASE_URL: &str = "https://example.github.io/bench/";

/// The Hugo twin's configuration and layouts: (path in the site, contents).
const HUGO_FILES: &[(&str, &str)] = &[
    ("hugo.toml", include_str!("../hugo/hugo.toml")),
    (
        "layouts/baseof.html",
        include_str!("../hugo/layouts/baseof.html"),
    ),
    (
        "layouts/home.html",
        include_str!("../hugo/layouts/home.html"),
    ),
    (
        "layouts/home.atom.xml",
        include_str!("../hugo/layouts/home.atom.xml"),
    ),
    (
        "layouts/page.html",
        include_str!("../hugo/layouts/page.html"),
    ),
    (
        "layouts/section.html",
        include_str!("../hugo/layouts/section.html"),
    ),
    (
        "layouts/taxonomy.html",
        include_str!("../hugo/layouts/taxonomy.html"),
    ),
    (
        "layouts/term.html",
        include_str!("../hugo/layouts/term.html"),
    ),
    ("layouts/404.html", include_str!("../hugo/layouts/404.html")),
    (
        "layouts/digests/page.html",
        include_str!("../hugo/layouts/digests/page.html"),
    ),
    (
        "layouts/digests/section.html",
        include_str!("../hugo/layouts/digests/section.html"),
    ),
    (
        "layouts/_partials/table.html",
        include_str!("../hugo/layouts/_partials/table.html"),
    ),
    (
        "layouts/_partials/pager.html",
        include_str!("../hugo/layouts/_partials/pager.html"),
    ),
    (
        "layouts/_partials/details.html",
        include_str!("../hugo/layouts/_partials/details.html"),
    ),
];

/// A text in the site's languages (`{ zh: ..., en: ... }`); missing languages are left out.
#[derive(Serialize)]
struct Bilingual<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    zh: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    en: Option<&'a str>,
}

/// `arxiv:` of a paper's front matter.
#[derive(Serialize)]
struct Arxiv<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    announce: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    categories: &'a [String],
}

/// A paper's front matter, as an author would write it (SPEC §2.2).
#[derive(Serialize)]
struct PaperFront<'a> {
    id: String,
    title: Bilingual<'a>,
    summary: Bilingual<'a>,
    #[serde(rename = "abstract")]
    abstract_text: Bilingual<'a>,
    url: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    authors: &'a [String],
    date: &'a str,
    arxiv: Arxiv<'a>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tags: &'a [String],
}

/// A digest's front matter (SPEC §2.3).
#[derive(Serialize)]
struct DigestFront<'a> {
    title: Bilingual<'a>,
    date: &'a str,
    papers: Vec<String>,
}

/// A paper's URL slug: its id with anything outside `[A-Za-z0-9._-]` made a `-`.
pub fn paper_slug(record: &Record) -> String {
    let slug: String = record
        .site_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    // The product's own rule for ids that can be paths.
    if digest_core::is_slug(&slug) {
        slug
    } else {
        format!("p{slug}")
    }
}

/// Papers grouped by announcement day, days in order, papers in corpus order.
fn papers_by_day(records: &[Record]) -> BTreeMap<&str, Vec<&Record>> {
    let mut days: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
    for record in records {
        days.entry(record.date.as_str()).or_default().push(record);
    }
    days
}

fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

fn non_empty(text: &Option<String>) -> Option<&str> {
    text.as_deref().filter(|t| !t.trim().is_empty())
}

/// The text of a digest-site paper file. `title_suffix` is appended to the English title
/// (the serve benchmark's edit).
pub fn paper_file(record: &Record, title_suffix: &str) -> Result<String> {
    let title_en = format!("{}{title_suffix}", record.title_en);
    let categories = record.categories.as_deref().unwrap_or_default();
    let front = PaperFront {
        id: paper_slug(record),
        title: Bilingual {
            zh: non_empty(&record.title_zh),
            en: Some(&title_en),
        },
        summary: Bilingual {
            zh: non_empty(&record.summary_zh),
            en: non_empty(&record.summary_en),
        },
        abstract_text: Bilingual {
            zh: non_empty(&record.abstract_zh),
            en: Some(&record.abstract_en),
        },
        url: &record.url,
        authors: record.authors.as_deref().unwrap_or_default(),
        date: &record.date,
        arxiv: Arxiv {
            id: &record.id,
            announce: record.announce_type.as_deref(),
            categories,
        },
        // The arXiv categories give the papers their category pages; tags are a site's own
        // words. Copying the categories into tags too would give every paper the same
        // listings twice, where Hugo's twin has one taxonomy (its tags hold the categories).
        tags: &[],
    };
    Ok(format!("---\n{}---\n", yaml_serde::to_string(&front)?))
}

/// Writes the digest-site configuration: the defaults, or with the search index turned off
/// (`search: false`); the output folder is `output_dir`.
pub fn write_site_config(dir: &Path, search: bool, output_dir: &str) -> Result<()> {
    let search = if search { "" } else { "search: false\n" };
    write(
        &dir.join("site.yaml"),
        &format!(
            "title: {{ zh: 论文摘要, en: Paper Digest }}\n\
             description: {{ zh: 每日 arXiv 论文的中英双语摘要。, en: Bilingual summaries of daily arXiv papers. }}\n\
             base_url: {BASE_URL}\n\
             languages: [zh, en]\n\
             per_page: 100\n\
             output_dir: {output_dir}\n\
             {search}"
        ),
    )
}

/// Writes the digest-site site into `dir` (which is created), with the default
/// configuration.
pub fn write_digest_site(dir: &Path, records: &[Record]) -> Result<()> {
    write_site_config(dir, true, "public")?;
    for record in records {
        let path = dir
            .join("content/papers")
            .join(format!("{}.md", paper_slug(record)));
        write(&path, &paper_file(record, "")?)?;
    }
    for (day, papers) in papers_by_day(records) {
        write_digest(dir, day, &papers)?;
    }
    Ok(())
}

/// Writes a digest-site digest of `papers` for `day`.
fn write_digest(dir: &Path, day: &str, papers: &[&Record]) -> Result<()> {
    let (zh, en) = (format!("每日论文 {day}"), format!("Daily papers {day}"));
    let front = DigestFront {
        title: Bilingual {
            zh: Some(&zh),
            en: Some(&en),
        },
        date: day,
        papers: papers.iter().map(|r| paper_slug(r)).collect(),
    };
    let text = format!("---\n{}---\n", yaml_serde::to_string(&front)?);
    write(
        &dir.join("content/digests").join(format!("{day}.md")),
        &text,
    )
}

/// A new day of `papers` (their dates set to `day`) for the daily-increment measurement.
pub fn new_day(papers: &[Record], day: &str) -> Vec<Record> {
    papers
        .iter()
        .cloned()
        .map(|mut r| {
            r.date = day.to_string();
            r
        })
        .collect()
}

/// The day after the newest day of `records`.
pub fn day_after(records: &[Record]) -> Result<String> {
    let newest = records
        .iter()
        .map(|r| r.date.as_str())
        .max()
        .context("no papers")?;
    let date = chrono::NaiveDate::parse_from_str(newest, "%Y-%m-%d")
        .with_context(|| format!("not a date: {newest}"))?;
    Ok((date + chrono::Days::new(1)).to_string())
}

/// Adds one day of papers (all of one date) and its digest to a site written by
/// [`write_digest_site`] (`hugo: false`) or [`write_hugo_site`]; returns the files written,
/// for [`remove_files`].
pub fn add_day(dir: &Path, day: &[Record], hugo: bool) -> Result<Vec<std::path::PathBuf>> {
    let date = day
        .first()
        .map(|r| r.date.as_str())
        .context("an empty day")?;
    let mut files = Vec::with_capacity(day.len() + 1);
    for record in day {
        let path = dir
            .join("content/papers")
            .join(format!("{}.md", paper_slug(record)));
        let text = if hugo {
            hugo_paper_file(record, "")?
        } else {
            paper_file(record, "")?
        };
        write(&path, &text)?;
        files.push(path);
    }
    let papers: Vec<&Record> = day.iter().collect();
    if hugo {
        write_hugo_digest(dir, date, &papers)?;
    } else {
        write_digest(dir, date, &papers)?;
    }
    files.push(dir.join("content/digests").join(format!("{date}.md")));
    Ok(files)
}

/// Removes the files [`add_day`] wrote.
pub fn remove_files(files: &[std::path::PathBuf]) -> Result<()> {
    for f in files {
        fs::remove_file(f).with_context(|| format!("removing {}", f.display()))?;
    }
    Ok(())
}

/// The text of a Hugo paper file (JSON front matter, the abstracts as the Markdown body,
/// which Hugo renders once and reuses on digest pages).
pub fn hugo_paper_file(record: &Record, title_suffix: &str) -> Result<String> {
    let front = json!({
        "title": format!("{}{title_suffix}", record.title_en),
        "date": record.date,
        "tags": record.categories.clone().unwrap_or_default(),
        "digest": record.date,
        "title_zh": non_empty(&record.title_zh),
        "summary_zh": non_empty(&record.summary_zh),
        "summary_en": non_empty(&record.summary_en),
        "authors": record.authors,
        "arxiv_url": record.url,
        "pdf": format!("https://arxiv.org/pdf/{}", record.id),
        "arxiv": record.id,
    });
    let mut text = serde_json::to_string_pretty(&front)?;
    text.push_str("\n\n");
    text.push_str(&record.abstract_en);
    if let Some(zh) = non_empty(&record.abstract_zh) {
        text.push_str("\n\n");
        text.push_str(zh);
    }
    text.push('\n');
    Ok(text)
}

/// Writes the Hugo twin of the site into `dir` (which is created).
pub fn write_hugo_site(dir: &Path, records: &[Record]) -> Result<()> {
    for (path, text) in HUGO_FILES {
        write(&dir.join(path), text)?;
    }
    for record in records {
        let path = dir
            .join("content/papers")
            .join(format!("{}.md", paper_slug(record)));
        write(&path, &hugo_paper_file(record, "")?)?;
    }
    for (day, papers) in papers_by_day(records) {
        write_hugo_digest(dir, day, &papers)?;
    }
    Ok(())
}

/// Writes a Hugo digest of `papers` for `day`.
fn write_hugo_digest(dir: &Path, day: &str, papers: &[&Record]) -> Result<()> {
    let front = json!({
        "title": format!("每日论文 {day} · Daily papers {day}"),
        "date": day,
        "papers": papers.iter().map(|r| paper_slug(r)).collect::<Vec<_>>(),
    });
    let text = format!("{}\n", serde_json::to_string_pretty(&front)?);
    write(
        &dir.join("content/digests").join(format!("{day}.md")),
        &text,
    )
}
