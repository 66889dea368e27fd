//! The whole corpus of both tools (`shared/corpus/`, beside the repository), imported into
//! one site as a user moving here would: the 62 days of daily-arXiv-ai-enhanced (12,303
//! records, 12,296 papers: some come back on a later day) and the three months of
//! cn-chat-arxiv (17,592 records), as the tools keep them (gzip-compressed JSON Lines).
//! Counted: a digest a day, a paper file per paper (the 41 papers of both tools once, with
//! both tools in `generated:`), and every translated title, abstract and summary kept.
//! Skipped without the shared folder.

use std::collections::{BTreeMap, HashSet};
use std::io::BufRead;
use std::path::PathBuf;

use super::*;

use digest_core::frontmatter::PaperFrontMatter;
use digest_core::import::{
    Imported, ImportedPaper, SourceKind, apply_plan, merge::merge, plan_import, read_source,
};
use serde_json::Value;

/// The files of one tool in the corpus, sorted; `None` without the shared folder.
fn corpus_files(folder: &str) -> Option<Vec<PathBuf>> {
    let dir = SUITE.shared_path(folder)?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".jsonl.gz"))
        .collect();
    files.sort();
    Some(files)
}

/// Every record of a file, as JSON.
fn records(path: &std::path::Path) -> Vec<Value> {
    let file = std::fs::File::open(path).unwrap();
    std::io::BufReader::new(flate2::read::MultiGzDecoder::new(file))
        .lines()
        .map(|l| serde_json::from_str(&l.unwrap()).unwrap())
        .collect()
}

/// The arXiv id at the end of an abstract link (`…/abs/1505.03481`).
fn id_of_link(link: &str) -> String {
    link.rsplit("/abs/").next().unwrap().to_string()
}

fn text<'a>(record: &'a Value, key: &str) -> Option<&'a str> {
    record[key]
        .as_str()
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

#[test]
fn both_tools_whole_corpus_into_one_site() {
    let (Some(days), Some(months)) = (
        corpus_files("corpus/daily-arXiv-ai-enhanced/data"),
        corpus_files("corpus/cn-chat-arxiv"),
    ) else {
        return;
    };
    assert_eq!((days.len(), months.len()), (62, 3));
    let site = empty_site();
    let config = digest_core::load_config(site.root()).unwrap();
    let options = ImportOptions::default();

    // daily-arXiv-ai-enhanced: each day read by the importer, a digest of its records in
    // file order, dated by its name.
    let mut day_records = 0;
    let mut returning = 0;
    let mut papers: Vec<ImportedPaper> = Vec::new();
    let mut position: BTreeMap<String, usize> = BTreeMap::new();
    let mut digests = Vec::new();
    for day in &days {
        let imported = read_source(day, day, &options).unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(imported.kind, SourceKind::DailyArxiv);
        assert!(imported.warnings.is_empty(), "{}", imported.warnings);
        let (slug, digest) = imported.digest.clone().expect("a digest a day");
        let name = day.file_name().unwrap().to_string_lossy();
        assert_eq!(slug, name[..10], "{name}");
        assert_eq!(digest.papers.len(), imported.papers.len());
        day_records += imported.papers.len();
        // A paper that comes back on a later day is merged into the first, as importing
        // the days one after the other does: its first day's texts (the LLM wrote new ones,
        // and arXiv's categories changed for some), date and provenance stay.
        for paper in imported.papers {
            match position.get(&paper.front.id) {
                Some(&at) => {
                    let merged = merge(&papers[at].front, &paper.front).unwrap();
                    let differing: Vec<String> =
                        merged.differing.iter().map(|d| d.dotted()).collect();
                    for kept in ["generated", "date"] {
                        assert!(differing.iter().any(|d| d == kept), "{differing:?}");
                    }
                    assert_eq!(merged.merged.date, papers[at].front.date);
                    assert_eq!(merged.merged.generated, papers[at].front.generated);
                    papers[at].front = merged.merged;
                    returning += 1;
                }
                None => {
                    position.insert(paper.front.id.clone(), papers.len());
                    papers.push(paper);
                }
            }
        }
        digests.push((slug, digest));
    }
    assert_eq!(day_records, 12_303);
    assert_eq!(returning, 7);
    assert_eq!(papers.len(), 12_296);
    // One plan for all the days' papers (one reading of the site, as one session of
    // several inputs makes), and the digests planned on their own, as new files (against
    // an empty site of the same configuration: planning them in the site would read its
    // twelve thousand papers again for each day), then written into the site.
    let blank = empty_site();
    let blank_config = digest_core::load_config(blank.root()).unwrap();
    let plan = plan_import(
        &config,
        Imported {
            kind: SourceKind::DailyArxiv,
            papers,
            digest: None,
            warnings: Diagnostics::new(),
        },
        false,
    )
    .unwrap_or_else(|d| panic!("{d}"));
    apply_plan(site.root(), &plan).unwrap();
    for digest in digests {
        let plan = plan_import(
            &blank_config,
            Imported {
                kind: SourceKind::DailyArxiv,
                papers: Vec::new(),
                digest: Some(digest),
                warnings: Diagnostics::new(),
            },
            false,
        )
        .unwrap();
        apply_plan(site.root(), &plan).unwrap();
    }

    // cn-chat-arxiv: the three months read by the importer, and planned onto the days in
    // one plan.
    let mut cn_records = Vec::new();
    let mut cn_papers = Vec::new();
    for month in &months {
        let imported = read_source(month, month, &options)
            .unwrap_or_else(|d| panic!("{}: {d}", month.display()));
        assert_eq!(imported.kind, SourceKind::CnChatArxiv);
        assert!(imported.digest.is_none());
        // The two keys the corpus adds to each record are named, nothing else.
        let unknown: Vec<&str> = imported
            .warnings
            .iter()
            .map(|d| d.message.split('`').nth(1).unwrap())
            .collect();
        assert_eq!(
            unknown,
            ["_added_at", "_source_path"],
            "{}",
            imported.warnings
        );
        cn_papers.extend(imported.papers);
        cn_records.extend(records(month));
    }
    let plan = plan_import(
        &config,
        Imported {
            kind: SourceKind::CnChatArxiv,
            papers: cn_papers,
            digest: None,
            warnings: Diagnostics::new(),
        },
        false,
    )
    .unwrap_or_else(|d| panic!("{d}"));
    // The papers of both tools: created by the days, updated by the months.
    assert_eq!(plan.counts(), (17_592 - 41, 41, 0, 0));
    apply_plan(site.root(), &plan).unwrap();
    assert_eq!(cn_records.len(), 17_592);
    let cn_ids: HashSet<String> = cn_records
        .iter()
        .map(|r| id_of_link(text(r, "link").unwrap()))
        .collect();
    assert_eq!(cn_ids.len(), 17_592, "no id repeats among the records");
    let both: HashSet<&String> = cn_ids
        .iter()
        .filter(|id| position.contains_key(id.as_str()))
        .collect();
    assert_eq!(both.len(), 41);

    let (content, problems) = digest_core::load::load_content(&config);
    assert!(!problems.has_errors(), "{problems}");
    assert_eq!(content.digests.len(), 62);
    assert_eq!(content.papers.len(), 12_296 + 17_592 - 41);
    let errors = digest_core::validate::validate(&config, &content);
    assert!(!errors.has_errors(), "{errors}");
    let by_id: BTreeMap<&str, &PaperFrontMatter> = content
        .papers
        .iter()
        .map(|d| (d.front.id.as_str(), &d.front))
        .collect();
    let mut translated = 0;
    for record in &cn_records {
        let id = id_of_link(text(record, "link").unwrap());
        let paper = by_id[id.as_str()];
        if let Some(title) = text(record, "translated_title") {
            assert_eq!(paper.title.get("zh"), Some(title), "{id}");
            translated += 1;
        }
        assert_eq!(
            paper.abstract_text.get("zh").is_some(),
            text(record, "translated_abstract").is_some(),
            "{id}"
        );
        let tools: Vec<&str> = paper
            .generated
            .iter()
            .flat_map(|g| &g.0)
            .map(|e| e.tool.as_str())
            .collect();
        if both.contains(&id) {
            assert_eq!(tools, ["daily-arXiv-ai-enhanced", "cn-chat-arxiv"], "{id}");
            assert!(paper.analysis.is_some(), "{id}");
        } else {
            assert_eq!(tools, ["cn-chat-arxiv"], "{id}");
            assert_eq!(paper.summary.get("zh"), text(record, "tldr"), "{id}");
        }
    }
    assert_eq!(translated, 17_585);
}
