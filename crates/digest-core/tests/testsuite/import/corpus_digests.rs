//! Real cn-chat-arxiv records (the three months of `shared/corpus/cn-chat-arxiv/`: the old
//! RSS listing with `UPDATED` / `CROSS LISTED`, the February 2024 transition, and the
//! current announcement form) written as Markdown digests the way that tool writes them,
//! then imported: every field arrives as the record has it (the translations as the
//! tool's JSON of the record gives them), the site builds, and the export reads back the
//! same. Skipped without the shared folder.

use std::io::BufRead;

use super::*;

use digest_core::export::export_markdown;
use digest_core::import::ImportOptions;
use serde_json::Value;

/// Every `step`-th record of a month, in file order; `None` without the shared folder.
fn records(month: &str, step: usize) -> Option<Vec<Value>> {
    let path = SUITE.shared_path(&format!(
        "corpus/cn-chat-arxiv/papers_added_{month}.jsonl.gz"
    ))?;
    let file = std::fs::File::open(&path).expect("the corpus beside the repository");
    let records = std::io::BufReader::new(flate2::read::GzDecoder::new(file))
        .lines()
        .step_by(step)
        .map(|l| serde_json::from_str(&l.expect("line")).expect("JSON"))
        .collect();
    Some(records)
}

fn field<'a>(record: &'a Value, key: &str) -> Option<&'a str> {
    record[key].as_str()
}

/// The records as a digest in the seed's form.
fn digest_of(records: &[Value]) -> String {
    let cell = |t: &str| t.replace('|', "\\|");
    let mut out = String::from("# 摘要\n\n| Ref | Title | Summary |\n| --- | --- | --- |\n");
    for (n, r) in records.iter().enumerate() {
        let title = field(r, "title").unwrap();
        let table_title = title.split(" (arXiv:").next().unwrap();
        out += &format!(
            "| [^{}] | [{}]({}) | {} |\n",
            n + 1,
            cell(table_title),
            field(r, "link").unwrap(),
            cell(field(r, "tldr").unwrap_or(""))
        );
    }
    out += "\n# 详细\n\n";
    for (n, r) in records.iter().enumerate() {
        let link = field(r, "link").unwrap();
        out += &format!(
            "[^{}]: {}\n\n",
            n + 1,
            field(r, "translated_title").unwrap_or("")
        );
        let paragraphs = [
            field(r, "title").unwrap().to_string(),
            format!("[{link}]({link})"),
            field(r, "tldr").unwrap_or("").to_string(),
            String::new(),
            field(r, "translated_abstract").unwrap_or("").to_string(),
            field(r, "abstract").unwrap().to_string(),
        ];
        for (i, p) in paragraphs.iter().enumerate() {
            if p.is_empty() && i != 3 {
                continue;
            }
            out += &format!("    {p}\n");
            if i + 1 < paragraphs.len() {
                out.push('\n');
            }
        }
        out += "    \n";
    }
    out + "\n"
}

/// A site of the records imported as the tool's JSON (Lines): the translations a
/// digest of them must give too, the head of the announcement a translated abstract kept
/// and the listing's suffix of a translated title left out alike.
fn imported_as_json(records: &[Value]) -> SiteTest {
    let site = empty_site();
    let input = site.root().join("records.jsonl");
    let lines: String = records.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(&input, lines).unwrap();
    site.import(&input, &ImportOptions::default())
        .unwrap_or_else(|d| panic!("{d}"));
    site
}

/// The records with their translations as `site` (the records imported as JSON) has
/// them: what a digest of the records is exported as.
fn as_translated(records: &[Value], site: &SiteTest) -> Vec<Value> {
    records
        .iter()
        .map(|r| {
            let link = field(r, "link").unwrap();
            let id = link.rsplit('/').next().unwrap();
            let paper = site.read_paper(id).front;
            let mut r = r.clone();
            if let Some(zh) = paper.abstract_text.get("zh") {
                r["translated_abstract"] = Value::from(zh);
            }
            if let Some(zh) = paper.title.get("zh") {
                r["translated_title"] = Value::from(zh);
            }
            r
        })
        .collect()
}

/// Imports the month's records as a digest; checks each paper against its record. `None`
/// without the shared folder. The digest's text, the records' as their JSON is imported.
fn import_month(month: &str, step: usize) -> Option<(SiteTest, String)> {
    let records = records(month, step)?;
    assert!(records.len() > 20, "{month}: {}", records.len());
    let markdown = digest_of(&records);
    let json = imported_as_json(&records);
    let site = empty_site();
    let input = site.root().join(format!("cn-chat-arxiv-{month}.md"));
    std::fs::write(&input, &markdown).unwrap();
    let options = ImportOptions {
        force: false,
        date: Some(format!("{month}-15")),
        name: Some(String::new()),
        ..ImportOptions::default()
    };
    site.import(&input, &options)
        .unwrap_or_else(|d| panic!("{month}:\n{d}"));
    std::fs::remove_file(&input).unwrap();

    let digest = site.read_digest(&format!("{month}-15")).front;
    assert_eq!(digest.papers.len(), records.len());
    for (record, id) in records.iter().zip(&digest.papers) {
        let paper = site.read_paper(id).front;
        let link = field(record, "link").unwrap();
        assert_eq!(paper.url.as_deref(), Some(link));
        let arxiv = paper.arxiv.as_ref().expect("arXiv metadata");
        assert!(link.ends_with(&arxiv.id), "{link} vs {}", arxiv.id);
        let title = field(record, "title").unwrap();
        let bare_title = match title.rfind(" (arXiv:") {
            Some(at) => title[..at].strip_suffix('.').unwrap_or(&title[..at]),
            None => title,
        };
        assert_eq!(paper.title.get("en"), Some(bare_title), "{id}");
        // A text filed as Chinese without a Han character is refiled (the English title
        // again is left out, an English summary moves to `en`), with a warning.
        let chinese = |t: &&str| t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        let translated = field(record, "translated_title")
            .filter(|t| !t.trim().is_empty())
            .map(str::trim);
        let from_json = json.read_paper(id).front;
        match translated {
            Some(t) if !chinese(&t) => {
                assert!(paper.title.get("zh").is_none_or(|zh| zh == t), "{id}")
            }
            _ => {
                assert_eq!(paper.title.get("zh"), from_json.title.get("zh"), "{id}");
                assert!(
                    paper
                        .title
                        .get("zh")
                        .is_none_or(|zh| translated.is_some_and(|t| t.contains(zh))),
                    "{id}"
                );
            }
        }
        let tldr = field(record, "tldr").filter(|t| !t.is_empty());
        match tldr {
            Some(t) if !chinese(&t) => assert!(
                paper.summary.get("zh") == Some(t) || paper.summary.get("en") == Some(t),
                "{id}"
            ),
            _ => assert_eq!(paper.summary.get("zh"), tldr, "{id}"),
        }
        assert_eq!(
            paper.abstract_text.get("zh"),
            from_json.abstract_text.get("zh"),
            "{id}"
        );
        if let Some(zh) = paper.abstract_text.get("zh") {
            let translated = field(record, "translated_abstract").unwrap();
            assert!(translated.trim().ends_with(zh), "{id}");
        }
        let abstract_en = field(record, "abstract").unwrap();
        let abstract_en = match abstract_en.split_once("Abstract:") {
            Some((head, rest)) if head.starts_with("arXiv:") => rest.trim(),
            _ => abstract_en.trim(),
        };
        assert_eq!(paper.abstract_text.get("en"), Some(abstract_en), "{id}");
        if title.ends_with("UPDATED)") {
            assert_eq!(arxiv.announce.as_deref(), Some("replace"), "{id}");
        }
        if title.ends_with("CROSS LISTED)") {
            assert_eq!(arxiv.announce.as_deref(), Some("cross"), "{id}");
        }
        if title.contains(" (arXiv:") {
            assert_eq!(arxiv.categories.len(), 1, "{id}");
        }
    }
    site.build();
    Some((site, digest_of(&as_translated(&records, &json))))
}

/// Exports the month's digest and imports it into a second site: the same files.
fn round_trip(site: &SiteTest, month: &str) -> String {
    let exported = export_markdown(site.root(), None).expect("export");
    let second = empty_site();
    let input = second.root().join(format!("{month}-15.md"));
    std::fs::write(&input, &exported).unwrap();
    second
        .import(&input, &ImportOptions::default())
        .unwrap_or_else(|d| panic!("{d}"));
    std::fs::remove_file(&input).unwrap();
    assert_same_files(&site.root().join("content"), &second.root().join("content"));
    exported
}

#[test]
fn old_rss_listing_month_with_updated_and_cross_listed_markers() {
    let Some((site, markdown)) = import_month("2023-10", 25) else {
        return;
    };
    assert!(
        markdown.contains(" UPDATED)"),
        "the sample has UPDATED markers"
    );
    // Papers with UPDATED / CROSS LISTED come back in the current form, without category.
    let exported = export_markdown(site.root(), None).unwrap();
    let plain_listings = markdown
        .lines()
        .filter(|l| l.contains(" (arXiv:") && l.ends_with("])"))
        .count();
    assert_eq!(
        exported
            .lines()
            .filter(|l| l.contains(" (arXiv:") && l.ends_with("])"))
            .count(),
        plain_listings
    );
}

#[test]
fn transition_month_with_both_forms_and_plain_titles() {
    let Some((site, markdown)) = import_month("2024-02", 30) else {
        return;
    };
    assert!(
        markdown.contains("Announce Type:")
            && markdown
                .lines()
                .any(|l| l.starts_with("    ") && !l.contains("arXiv"))
    );
    let exported = round_trip(&site, "2024-02");
    assert_eq!(squash(&exported), squash(&markdown));
}

#[test]
fn current_announcement_month() {
    let Some((site, markdown)) = import_month("2026-08", 20) else {
        return;
    };
    let exported = round_trip(&site, "2026-08");
    assert_eq!(squash(&exported), squash(&markdown));
}
