//! A smoke test over real data: a few hundred records of the shared corpus
//! (`../shared/corpus/normalized/papers.normalized.jsonl.gz`, beside the repository) become
//! paper files and are built: real titles with colons, LaTeX, CJK and missing fields.
//! Skipped without the shared folder.

use std::io::{BufRead, BufReader};

use crate::SUITE;
use crate::site_test::SiteTest;
use serde_json::Value;

const RECORDS: usize = 400;

/// A JSON string is a valid YAML double-quoted scalar: quote every value that way.
fn quoted(v: &Value) -> String {
    serde_json::to_string(v.as_str().unwrap_or_default()).unwrap()
}

pub(crate) fn paper_file(record: &Value) -> String {
    let mut out = String::from("---\n");
    out.push_str(&format!("id: {}\n", quoted(&record["id"])));
    for (key, en, zh) in [
        ("title", "title_en", "title_zh"),
        ("summary", "summary_en", "summary_zh"),
        ("abstract", "abstract_en", "abstract_zh"),
    ] {
        let (en, zh) = (&record[en], &record[zh]);
        if en.is_string() || zh.is_string() {
            out.push_str(&format!("{key}:\n"));
            if en.is_string() {
                out.push_str(&format!("  en: {}\n", quoted(en)));
            }
            if zh.is_string() {
                out.push_str(&format!("  zh: {}\n", quoted(zh)));
            }
        }
    }
    out.push_str(&format!("url: {}\n", quoted(&record["url"])));
    out.push_str(&format!("date: {}\n", quoted(&record["date"])));
    if let Some(authors) = record["authors"].as_array() {
        out.push_str(&format!(
            "authors: {}\n",
            serde_json::to_string(authors).unwrap()
        ));
    }
    out.push_str(&format!("arxiv:\n  id: {}\n", quoted(&record["id"])));
    if record["announce_type"].is_string() {
        out.push_str(&format!(
            "  announce: {}\n",
            quoted(&record["announce_type"])
        ));
    }
    if let Some(cats) = record["categories"].as_array() {
        out.push_str(&format!(
            "  categories: {}\n",
            serde_json::to_string(cats).unwrap()
        ));
        out.push_str(&format!(
            "tags: {}\n",
            serde_json::to_string(&cats[..cats.len().min(1)]).unwrap()
        ));
    }
    out.push_str("---\n");
    out
}

#[test]
fn real_records_build_into_a_site() {
    let Some(path) = SUITE.shared_path("corpus/normalized/papers.normalized.jsonl.gz") else {
        return;
    };
    let reader = BufReader::new(flate2::read::GzDecoder::new(
        std::fs::File::open(path).unwrap(),
    ));
    let site = SiteTest::new(
        "-- site.yaml --\ntitle: { zh: 语料, en: Corpus }\nbase_url: https://u.github.io/repo/\nper_page: 50\n",
    );
    let mut records = Vec::new();
    // Every 50th line, so the sample spans both sources and all months.
    for line in reader.lines().step_by(50).take(RECORDS) {
        let record: Value = serde_json::from_str(&line.unwrap()).unwrap();
        site.write(
            &format!("content/papers/{}.md", record["id"].as_str().unwrap()),
            &paper_file(&record),
        );
        records.push(record);
    }
    let ids: Vec<String> = records
        .iter()
        .take(20)
        .map(|r| format!("{:?}", r["id"].as_str().unwrap()))
        .collect();
    site.write(
        "content/digests/sample.md",
        &format!("---\ntitle: Sample\npapers: [{}]\n---\n", ids.join(", ")),
    );

    let built = site.build();
    assert_eq!(built.report.papers, records.len());
    assert_eq!(built.html("index.html").count(".papers tbody tr"), 50);
    for record in &records {
        let id = record["id"].as_str().unwrap();
        let page = built.html(&format!("papers/{id}/index.html"));
        let title = page.text("h1 .l-en");
        let expected: String = record["title_en"]
            .as_str()
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        // Titles are shown as written; LaTeX (math, macros, `--`, `~`, ``quotes'') is
        // rendered, so compare the titles that have none.
        let has_latex = ["$", "\\", "--", "~", "``", "''"]
            .iter()
            .any(|m| expected.contains(m));
        if !has_latex {
            assert_eq!(title, expected, "{id}");
        }
        if let Some(zh) = record["title_zh"].as_str().filter(|t| !t.trim().is_empty()) {
            assert!(
                !page.text("h1 .l-zh").is_empty(),
                "{id}: zh title {zh} missing"
            );
        }
    }
    let digest = built.html("digests/sample/index.html");
    assert_eq!(digest.count(".digest-summary tbody tr"), 20);
    assert_eq!(digest.count(".digest-details .paper-details"), 20);
}
