//! `export jsonl` and its import: a site's papers out as JSON lines, and back in as the
//! same files (front matter as written, notes included); lines that do not read are
//! located errors.

use super::*;

use digest_core::export::jsonl::export_jsonl;
use digest_core::import::{ImportOptions, SourceKind};

/// Papers with what a line must carry: texts plain and bilingual (Chinese first), an
/// analysis, two `generated:` entries, notes, an old-style arXiv id, links, a draft;
/// written in the form import writes, so that the files compare byte for byte.
const PAPERS: &str = r#"-- content/papers/2509.25220.md --
---
id: '2509.25220'
title:
  zh: 循环消融
  en: 'Cyclic Ablation: Testing Concept Localization'
summary:
  zh: 欺骗行为具有韧性。
abstract:
  en: Runs in $\mathcal{O}(n)$ time, "quoted".
analysis:
  method:
    zh: 循环消融。
generated:
- tool: cn-chat-arxiv
  fields:
  - title.zh
- tool: daily-arXiv-ai-enhanced
  date: 2025-10-01
  fields:
  - summary.zh
  - analysis
url: https://arxiv.org/abs/2509.25220
authors:
- Eduard Kapelko
date: 2025-10-01
arxiv:
  id: '2509.25220'
  version: 2
  categories:
  - cs.CL
tags:
- ablation
links:
  code: https://github.com/example/ablation
---
My notes, with **Markdown**.

- and a list
-- content/papers/hep-th-9901001.md --
---
id: hep-th-9901001
title: A plain title
arxiv:
  id: hep-th/9901001
draft: true
---
-- content/digests/2025-10-01.md --
---
date: 2025-10-01
papers: ["2509.25220"]
---
"#;

#[test]
fn exported_papers_import_back_into_the_same_files() {
    let first = SiteTest::new(&format!("-- site.yaml --\n{SITE_YAML}{PAPERS}"));
    let exported = export_jsonl(first.root()).unwrap_or_else(|d| panic!("{d}"));
    let lines: Vec<serde_json::Value> = exported
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "every paper, the draft too, no digest");
    assert_eq!(lines[0]["format"], "digest-site-paper-1");
    assert_eq!(lines[0]["paper"]["id"], "2509.25220");
    assert_eq!(lines[0]["paper"]["analysis"]["method"]["zh"], "循环消融。");
    assert_eq!(
        lines[0]["paper"]["generated"][1]["tool"],
        "daily-arXiv-ai-enhanced"
    );
    assert_eq!(
        lines[0]["body"],
        "My notes, with **Markdown**.\n\n- and a list\n"
    );
    assert_eq!(lines[1]["paper"]["title"], "A plain title");
    assert_eq!(lines[1]["paper"]["draft"], true);
    assert!(lines[1].get("body").is_none());
    // The languages keep the file's order (Chinese first).
    assert!(
        exported.contains(r#""title":{"zh":"循环消融","en":"#),
        "{exported}"
    );
    assert_eq!(
        export_jsonl(first.root()).unwrap(),
        exported,
        "deterministic"
    );

    let second = empty_site();
    let plan = import_lines(&second, &exported).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(plan.sources, [(SourceKind::SiteJsonl.describe(), 1)]);
    assert_eq!(plan.counts(), (2, 0, 0, 0));
    assert_same_files(
        &first.root().join("content/papers"),
        &second.root().join("content/papers"),
    );
    assert_eq!(export_jsonl(second.root()).unwrap(), exported);
    // Again into the same site: nothing changes, and the notes stay the file's, which is
    // said.
    let plan = import_lines(&second, &exported.replace("My notes", "Other notes")).unwrap();
    assert_eq!(plan.counts(), (0, 0, 0, 2));
    assert!(second.read_paper("2509.25220").body.starts_with("My notes"));
    assert!(
        plan.warnings.iter().any(|w| w
            .message
            .contains("the notes imported for `2509.25220` differ")),
        "{}",
        plan.warnings
    );
    // Into a file without notes, the export's are added.
    let third = empty_site();
    let paper =
        std::fs::read_to_string(second.root().join("content/papers/2509.25220.md")).unwrap();
    let without_notes = format!("---{}---\n", paper.split("---").nth(1).unwrap());
    third.write("content/papers/2509.25220.md", &without_notes);
    import_lines(&third, &exported).unwrap_or_else(|d| panic!("{d}"));
    assert!(third.read_paper("2509.25220").body.starts_with("My notes"));
    // `new`'s placeholder notes are no one's: the export's take their place.
    let fourth = empty_site();
    fourth.write(
        "content/papers/2509.25220.md",
        &format!("{without_notes}Your notes on the paper (Markdown).\n"),
    );
    let plan = import_lines(&fourth, &exported).unwrap_or_else(|d| panic!("{d}"));
    assert!(fourth.read_paper("2509.25220").body.starts_with("My notes"));
    assert!(
        !plan
            .warnings
            .iter()
            .any(|w| w.message.contains("notes imported")),
        "{}",
        plan.warnings
    );
}

/// `lines` written to `papers.jsonl` in `site` and imported.
fn import_lines(site: &SiteTest, lines: &str) -> Result<ImportPlan, Diagnostics> {
    let input = site.root().join("papers.jsonl");
    std::fs::write(&input, lines).unwrap();
    let imported = site.import(&input, &ImportOptions::default());
    std::fs::remove_file(&input).unwrap();
    imported
}

/// `lines` imported as `papers.jsonl` into an empty site, which refuses them: the site
/// and the errors.
fn import_refused(lines: &str) -> (SiteTest, Diagnostics) {
    let site = empty_site();
    let errors = import_lines(&site, lines).unwrap_err();
    (site, errors)
}

#[test]
fn lines_that_do_not_read_are_located_errors() {
    let (site, errors) = import_refused(concat!(
        r#"{"format": "digest-site-paper-1", "paper": {"id": "a", "title": "A"}}"#,
        "\n",
        r#"{"format": "digest-site-paper-1", "paper": {"id": "b", "titel": "B"}}"#,
        "\n",
        r#"{"format": "digest-site-paper-9", "paper": {"id": "c"}}"#,
        "\n",
    ));
    let root = format!("{}/", site.root().display());
    let found: Vec<String> = errors
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d.location().trim_start_matches(root.as_str()),
                d.message
            )
        })
        .collect();
    assert_eq!(found.len(), 2, "{found:#?}");
    // At the key itself (serde_json reports the place after it).
    let column = r#"{"format": "digest-site-paper-1", "paper": {"id": "b", "#.len() + 1;
    assert!(
        found[0].starts_with(&format!("papers.jsonl:2:{column} "))
            && found[0].contains("unknown field `titel`"),
        "{found:#?}"
    );
    assert_eq!(
        found[1],
        "papers.jsonl:3:2 `digest-site-paper-9` is not a format this digest-site reads"
    );
    assert!(!site.root().join("content").exists());
}

/// A value that reads but breaks a rule of the site (an unpadded date) is reported in the
/// file the import would write, which does not exist yet: the message says so and names
/// the input's line.
#[test]
fn a_rule_broken_in_a_line_names_the_line() {
    let (site, errors) = import_refused(concat!(
        r#"{"format": "digest-site-paper-1", "paper": {"id": "a", "title": "A"}}"#,
        "\n",
        r#"{"format": "digest-site-paper-1", "paper": {"id": "b", "title": "B", "date": "2024-4-4"}}"#,
        "\n",
    ));
    let error = errors.errors().next().expect("an error");
    assert!(
        error.message.starts_with("`2024-4-4` is not a valid date")
            && error
                .message
                .contains("(in the file this import would write, from ")
            && error.message.ends_with("papers.jsonl:2)"),
        "{}",
        error.message
    );
    assert!(!site.root().join("content").exists());
}

/// A control character in a line (a stray byte, a terminal's colour code a tool kept) is
/// removed, with a warning at the line naming its field: a content file could not hold it
/// (its escape is refused when read), and the import said only that the file "would not
/// read back". (cn-chat-arxiv has a title with a stray U+0008.)
#[test]
fn a_control_character_is_removed_with_a_warning_at_its_line() {
    let site = empty_site();
    let plan = import_lines(
        &site,
        concat!(
            r#"{"format": "digest-site-paper-1", "paper": {"id": "a", "title": "A"}}"#,
            "\n",
            r#"{"format": "digest-site-paper-1", "paper": {"id": "b", "title": "B\b(x)", "authors": ["C", "D\u001b[31m"]}}"#,
            "\n",
        ),
    )
    .unwrap_or_else(|d| panic!("{d}"));
    let warned: Vec<(usize, String)> = plan
        .warnings
        .iter()
        .map(|d| (d.line, d.message.clone()))
        .collect();
    assert_eq!(
        warned,
        [
            (
                2,
                "`title` of `b` held the control character U+0008, which is removed".to_string()
            ),
            (
                2,
                "`authors.2` of `b` held the control character U+001B, which is removed"
                    .to_string()
            ),
        ]
    );
    let paper = site.read_paper("b");
    assert_eq!(paper.front.authors, ["C", "D[31m"]);
    assert!(format!("{:?}", paper.front.title).contains("B(x)"));
    site.build();
}

/// Texts holding the line breaks YAML reads besides LF (U+2028, U+2029, NEL), which a
/// site can hold, are exported and imported back: written as line breaks, as a page shows
/// them, not refused as a file that "would not read back".
#[test]
fn unicode_line_breaks_make_the_round_trip() {
    let first = SiteTest::new(&format!(
        "-- site.yaml --\n{SITE_YAML}-- content/papers/a.md --\n---\nid: a\ntitle: \"Line\\Lsep\"\nsummary: {{ en: \"One\\Ptwo\\Nthree\" }}\n---\n"
    ));
    let exported = export_jsonl(first.root()).unwrap_or_else(|d| panic!("{d}"));
    assert!(exported.contains("Line\u{2028}sep"), "{exported}");
    let second = empty_site();
    let plan = import_lines(&second, &exported).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(plan.counts(), (1, 0, 0, 0));
    let paper = second.read_paper("a");
    let title = format!("{:?}", paper.front.title);
    assert!(title.contains(r"Line\nsep"), "{title}");
}

/// A text written as a plain string is the exporting site's source language: imported
/// into a site of another source language, it is filed under that language (not taken for
/// the importing site's); into a site of the same one, it stays as written.
#[test]
fn plain_texts_keep_the_language_of_the_site_they_came_from() {
    let english = SiteTest::new(&format!("-- site.yaml --\n{SITE_YAML}{PAPERS}"));
    let exported = export_jsonl(english.root()).unwrap_or_else(|d| panic!("{d}"));
    assert!(exported.contains(r#""source_language":"en""#), "{exported}");

    let mut chinese = SiteTest::new(&format!(
        "-- site.yaml --\n{SITE_YAML}source_language: zh\n"
    ));
    import_lines(&chinese, &exported).unwrap_or_else(|d| panic!("{d}"));
    let file =
        std::fs::read_to_string(chinese.root().join("content/papers/hep-th-9901001.md")).unwrap();
    assert!(file.contains("title:\n  en: A plain title\n"), "{file}");
    // (The paper is a draft.)
    chinese.options.drafts = true;
    let built = chinese.build();
    let title = built.html("papers/hep-th-9901001/index.html");
    assert_eq!(title.attrs("h1 .l[lang=en]", "lang"), ["en"]);

    let same = empty_site();
    import_lines(&same, &exported).unwrap_or_else(|d| panic!("{d}"));
    let file =
        std::fs::read_to_string(same.root().join("content/papers/hep-th-9901001.md")).unwrap();
    assert!(file.contains("title: A plain title\n"), "{file}");
}

/// A `source_language` that is no language code is an error at that key (not one of
/// `paper`'s).
#[test]
fn a_source_language_that_is_no_language_code_is_an_error_at_its_key() {
    for value in ["5", r#"["zh"]"#, r#""zh cn""#] {
        let (_, errors) = import_refused(&format!(
            "{{\"format\": \"digest-site-paper-1\", \"source_language\": {value}, \"paper\": {{\"id\": \"a\", \"title\": \"A\"}}}}\n"
        ));
        let error = errors.iter().next().unwrap();
        assert!(
            error.message.contains("`source_language`"),
            "{value}: {}",
            error.message
        );
        assert_eq!((error.line, error.column), (1, 35), "{value}");
    }
}
