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
use digest_core::import::{FileAction, apply_plan, import_inputs, inputs};
use digest_core::parse_document;
use digest_core::pipeline::NoProgress;
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

    // Both tools' files as one import, as `digest-site import data/ cn-chat-arxiv/` makes
    // it: the days first (in date order), then the months.
    let all: Vec<PathBuf> = days.iter().chain(&months).cloned().collect();
    let found = inputs::expand(site.root(), &all).unwrap();
    let plan = import_inputs(&config, &found, &ImportOptions::default(), &NoProgress)
        .unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(
        plan.describe_sources(),
        "62 daily-arXiv-ai-enhanced days and 3 cn-chat-arxiv record files"
    );
    // A paper that comes back on a later day keeps its first day's texts, date and
    // provenance; the difference is reported once per field. The corpus's two added keys
    // are named, nothing else.
    let mut returning = HashSet::new();
    let mut unknown = Vec::new();
    // The days whose `categories` list MSC or ACM classes as well: one warning each.
    let mut days_with_classes = 0;
    let (mut failure_notes, mut escaped_twice, mut untranslated_titles, mut refiled) = (0, 0, 0, 0);
    // Texts that held a control character (one title of 2023-10 has a stray U+0008).
    let mut removed = Vec::new();
    for w in plan.warnings.iter() {
        if w.message.contains("held the control character") {
            removed.push(w.message.clone());
        } else if w
            .message
            .contains("differs from the value imported earlier")
        {
            returning.insert(w.message.split('`').nth(3).unwrap().to_string());
        } else if w
            .message
            .contains("hold subject classes that are not arXiv categories")
        {
            days_with_classes += 1;
        } else if w.message.contains("are the tool's notes that it failed") {
            failure_notes += 1;
        } else if w.message.contains("escaped twice") {
            escaped_twice += 1;
        } else if w.message.contains("`title.zh`") && w.message.contains("the English text again") {
            untranslated_titles += 1;
        } else if w.message.contains("is imported as `")
            || w.message.contains("does not seem to be in")
            || w.message.contains("text again: it is left out")
        {
            refiled += 1;
        } else {
            unknown.push(w.message.split('`').nth(1).unwrap().to_string());
        }
    }
    // The corpus's records of these kinds, each said once: the tool's notes that it
    // failed, texts escaped twice, the English title given as its translation, other
    // texts in the field of the other language. (Two of the English titles given as
    // their translation carried the old listing's suffix, which made them differ.)
    assert_eq!(
        (failure_notes, escaped_twice, untranslated_titles, refiled),
        (32, 3, 28, 37),
        "{}",
        plan.warnings
    );
    unknown.sort();
    unknown.dedup();
    assert_eq!(unknown, ["_added_at", "_source_path"], "{}", plan.warnings);
    assert_eq!(
        removed,
        ["`title.zh` of `2310.11366` held the control character U+0008, which is removed"]
    );
    assert!(
        (1..=62).contains(&days_with_classes),
        "{days_with_classes} days"
    );
    assert!(plan.files.iter().all(|f| f.action == FileAction::Create));
    apply_plan(site.root(), &plan).unwrap();

    let read = |folder: &str| -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(site.root().join("content").join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files
    };
    let digests = read("digests");
    assert_eq!(digests.len(), 62);
    for (digest, day) in digests.iter().zip(&days) {
        let date = &day.file_name().unwrap().to_string_lossy()[..10];
        assert_eq!(
            digest.file_stem().unwrap().to_string_lossy(),
            format!("{date}-ai-enhanced-chinese")
        );
    }
    let papers = read("papers");
    assert_eq!(papers.len(), 12_296 + 17_592 - 41);

    let mut cn_records = Vec::new();
    for month in &months {
        cn_records.extend(records(month));
    }
    let mut day_ids = HashSet::new();
    let mut day_records = 0;
    for day in &days {
        for record in records(day) {
            day_records += 1;
            day_ids.insert(record["id"].as_str().unwrap().to_string());
        }
    }
    assert_eq!((day_records, day_ids.len()), (12_303, 12_296));
    assert_eq!(cn_records.len(), 17_592);
    let cn_ids: HashSet<String> = cn_records
        .iter()
        .map(|r| id_of_link(text(r, "link").unwrap()))
        .collect();
    assert_eq!(cn_ids.len(), 17_592, "no id repeats among the records");
    let both: HashSet<&String> = cn_ids.iter().filter(|id| day_ids.contains(*id)).collect();
    assert_eq!(both.len(), 41);
    // The 7 papers that come back on a later day and the 41 that both tools give, each
    // with its own texts: reported as differing, the first input's kept.
    assert_eq!(returning.len(), 48, "{returning:?}");
    assert!(both.iter().all(|id| returning.contains(*id)));

    let content: Vec<(String, PaperFrontMatter)> = papers
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            let doc = parse_document::<PaperFrontMatter>(path, &text).unwrap();
            (doc.front.id.clone(), doc.front)
        })
        .collect();
    let by_id: BTreeMap<&str, &PaperFrontMatter> = content
        .iter()
        .map(|(id, front)| (id.as_str(), front))
        .collect();
    let mut translated = 0;
    // A text in Chinese has a Han character; one the tool filed as Chinese without any is
    // refiled (warned about above), so it is not where the record has it.
    let chinese = |t: &str| t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    for record in &cn_records {
        let id = id_of_link(text(record, "link").unwrap());
        let paper = by_id[id.as_str()];
        if let Some(title) = text(record, "translated_title") {
            // As written, but for a control character (removed, with a warning above).
            let shown: String = title.chars().filter(|c| !c.is_control()).collect();
            if chinese(&shown) {
                let kept = paper.title.get("zh").unwrap_or_default();
                if shown.contains("arXiv:") || shown.contains("arXiv：") {
                    // Without the old listing's suffix the translator kept: a part of
                    // what it wrote, without the id; nothing where the rest is the
                    // English title (its suffix alone was in Chinese).
                    let before = shown.split(['(', '（']).next().unwrap_or_default();
                    assert!(
                        (kept.is_empty() && !chinese(before))
                            || (shown.contains(kept) && !kept.contains("arXiv")),
                        "{id}: {kept}"
                    );
                } else {
                    assert_eq!(kept, shown, "{id}");
                }
                translated += 1;
            } else {
                // The English title again: left out (or kept, when it differs).
                assert!(paper.title.get("zh").is_none_or(|t| t == shown), "{id}");
            }
        }
        if let Some(abstract_zh) = text(record, "translated_abstract")
            && chinese(abstract_zh)
        {
            assert!(paper.abstract_text.get("zh").is_some(), "{id}");
        } else if text(record, "translated_abstract").is_none() {
            assert_eq!(paper.abstract_text.get("zh"), None, "{id}");
        }
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
            match text(record, "tldr") {
                Some(tldr) if !chinese(tldr) => assert!(
                    paper.summary.get("zh") == Some(tldr) || paper.summary.get("en") == Some(tldr),
                    "{id}"
                ),
                // Without the old listing's suffix a few kept at their end.
                tldr => assert_eq!(
                    paper.summary.get("zh"),
                    tldr.map(|t| t.split(" (arXiv:").next().unwrap_or(t)),
                    "{id}"
                ),
            }
        }
    }
    // 31 `translated_title`s are the English title again, or English.
    assert_eq!(translated, 17_585 - 31);
}
