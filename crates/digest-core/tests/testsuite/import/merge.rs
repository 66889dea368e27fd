//! Importing into a site that already has the files: merging, `force`, and refusing
//! without writing anything. Also the Markdown digest's own errors and older forms.

use super::*;

use digest_core::Severity;
use digest_core::import::{FileAction, ImportOptions};

fn force() -> ImportOptions {
    ImportOptions {
        force: true,
        ..seed_options()
    }
}

#[test]
fn reimport_adds_missing_fields_reports_differing_ones_and_keeps_the_file() {
    let Some(seed) = seed_path() else { return };
    let site = empty_site();
    site.import(&seed, &seed_options()).unwrap();
    let path = site.root().join("content/papers/2404.02424.md");
    let original = std::fs::read_to_string(&path).unwrap();
    // The author edits the English title, drops the summary and writes notes.
    let edited = original
        .replace(
            "en: 'RESSA: Repair Sparse Vision-Language Models via Sparse Cross-Modality Adaptation'",
            "en: 'RESSA, my own title'",
        )
        .replace(
            "summary:\n  zh: 通过稀疏跨模态适应修复稀疏视觉-语言模型，探索了VLM修剪中的两个主要问题，提出稀疏比率对性能的影响，展示了修复稀疏VLMs性能所需的专门技术。\n",
            "",
        )
        + "My notes.\n";
    assert_ne!(
        edited.matches("RESSA, my own title").count(),
        0,
        "{original}"
    );
    assert!(!edited.contains("summary:"), "{original}");
    std::fs::write(&path, &edited).unwrap();

    let plan = site.import(&seed, &seed_options()).unwrap();
    let file = plan
        .files
        .iter()
        .find(|f| f.path.ends_with("2404.02424.md"))
        .unwrap();
    assert_eq!(
        file.action,
        FileAction::Update {
            added: vec!["summary".into()]
        }
    );
    let warning = plan
        .warnings
        .iter()
        .next()
        .expect("the differing title is reported");
    assert_eq!(warning.severity, Severity::Warning);
    assert!(
        warning.message.contains("`title.en` differs"),
        "{}",
        warning.message
    );
    assert_eq!(
        warning.path,
        std::path::Path::new("content/papers/2404.02424.md")
    );
    assert!(
        warning.source_line.contains("RESSA, my own title"),
        "{warning:?}"
    );
    assert!(warning.hint.as_deref().unwrap().contains("--force"));

    let paper = site.read_paper("2404.02424");
    assert_eq!(paper.front.title.get("en"), Some("RESSA, my own title"));
    assert!(
        paper
            .front
            .summary
            .get("zh")
            .unwrap()
            .starts_with("通过稀疏跨模态适应")
    );
    assert_eq!(paper.body, "My notes.\n");
    assert_eq!(
        plan.files
            .iter()
            .filter(|f| f.action == FileAction::Unchanged)
            .count(),
        7
    );
}

#[test]
fn force_replaces_the_front_matter_and_keeps_the_notes() {
    let Some(seed) = seed_path() else { return };
    let site = empty_site();
    site.import(&seed, &seed_options()).unwrap();
    let path = site.root().join("content/papers/2401.14555.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("version: 1", "version: 7") + "Notes kept.\n",
    )
    .unwrap();
    let plan = site.import(&seed, &force()).unwrap();
    let file = plan
        .files
        .iter()
        .find(|f| f.path.ends_with("2401.14555.md"))
        .unwrap();
    assert_eq!(file.action, FileAction::Replace);
    let paper = site.read_paper("2401.14555");
    assert_eq!(paper.front.arxiv.unwrap().version, Some(1));
    assert_eq!(paper.body, "Notes kept.\n");
}

#[test]
fn a_feed_adds_authors_and_categories_to_a_digest_paper() {
    let Some(seed) = seed_path() else { return };
    let site = empty_site();
    site.import(&seed, &seed_options()).unwrap();
    let plan = site
        .import(&fixture("api_2404.02424v2.xml"), &ImportOptions::default())
        .unwrap();
    assert_eq!(plan.files.len(), 1);
    let FileAction::Update { added } = &plan.files[0].action else {
        panic!("{:?}", plan.files[0].action)
    };
    assert_eq!(
        added,
        &[
            "authors",
            "date",
            "arxiv.categories",
            "arxiv.published",
            "arxiv.updated"
        ]
    );
    let differing: Vec<&str> = plan.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(
        differing,
        [
            "`abstract.en` differs from the imported value; the file's value is kept",
            "`arxiv.version` differs from the imported value; the file's value is kept",
        ]
    );
    let paper = site.read_paper("2404.02424").front;
    assert_eq!(paper.authors, ["First Author", "Second Author"]);
    let arxiv = paper.arxiv.unwrap();
    assert_eq!(arxiv.categories, ["cs.CV", "cs.CL"]);
    assert_eq!(
        (arxiv.version, arxiv.announce.as_deref()),
        (Some(1), Some("new"))
    );
    assert!(
        paper.abstract_text.get("zh").is_some(),
        "the Chinese abstract stays"
    );
}

#[test]
fn files_that_cannot_be_merged_stop_the_whole_import() {
    let Some(seed) = seed_path() else { return };
    let site = empty_site();
    let papers = site.root().join("content/papers");
    std::fs::create_dir_all(&papers).unwrap();
    // Broken YAML where a paper would go.
    std::fs::write(papers.join("2403.19651.md"), "---\nid: [\n---\n").unwrap();
    let before = snapshot(site.root());
    let diags = site.plan_import(&seed, &seed_options()).unwrap_err();
    let d = diags.iter().next().unwrap();
    assert_eq!(d.path, std::path::Path::new("content/papers/2403.19651.md"));
    assert!(d.line >= 2, "{d}");
    assert!(
        d.hint
            .as_deref()
            .unwrap()
            .contains("import does not overwrite")
    );

    // A file named after one id that holds another.
    std::fs::write(
        papers.join("2403.19651.md"),
        "---\nid: other-paper\ntitle: Other\n---\n",
    )
    .unwrap();
    let diags = site.plan_import(&seed, &seed_options()).unwrap_err();
    assert!(
        diags
            .iter()
            .next()
            .unwrap()
            .message
            .contains("holds another paper")
    );
    let _ = before;
    assert_eq!(
        snapshot(site.root()).len(),
        2,
        "site.yaml and the one paper, nothing more"
    );
}

#[test]
fn digest_errors_name_the_lines_and_write_nothing() {
    let site = empty_site();
    let cases = [
        (
            "digest_row_without_details.md",
            6,
            "the table row `[^2]` has no details",
        ),
        (
            "digest_details_without_row.md",
            19,
            "`[^2]` has details but no table row",
        ),
        ("digest_empty.md", 3, "the digest lists no papers"),
    ];
    for (name, line, message) in cases {
        let diags = site
            .plan_import(&fixture(name), &seed_options())
            .unwrap_err();
        let d = diags.iter().next().unwrap();
        assert_eq!((d.line, d.message.as_str()), (line, message), "{name}");
        assert!(d.path.ends_with(name));
        assert!(d.hint.is_some());
    }
    let not_a_digest = site.root().join("notes.md");
    std::fs::write(&not_a_digest, "# My notes\n\nNothing tabular here.\n").unwrap();
    let diags = site
        .plan_import(&not_a_digest, &seed_options())
        .unwrap_err();
    assert_eq!(
        diags.iter().next().unwrap().message,
        "the digest lists no papers"
    );
    std::fs::remove_file(&not_a_digest).unwrap();
    assert_eq!(snapshot(site.root()).len(), 1);
}

/// A Markdown digest that opens with HTML (a comment a generator leaves, a table of
/// contents, a centred logo) is a digest, not a feed read as malformed XML.
#[test]
fn a_markdown_digest_that_opens_with_html_is_a_digest() {
    let digest = std::fs::read_to_string(fixture("digest_old_listing_2023-10-02.md")).unwrap();
    for opening in [
        "<!-- generated by a tool -->\n\n",
        "<div id=toc></div>\n\n",
        "<p align=\"center\"><img src=\"logo.png\"></p>\n\n",
    ] {
        let site = empty_site();
        site.write("2023-10-02-digest.md", &format!("{opening}{digest}"));
        let plan = site.import(
            &site.root().join("2023-10-02-digest.md"),
            &ImportOptions::default(),
        );
        let plan = plan.unwrap_or_else(|d| panic!("{opening}: {}", d.render(false)));
        // What is outside the table and the details is said to be left out, as any text.
        assert!(
            plan.warnings
                .iter()
                .all(|w| w.message.contains("outside the table and the details")),
            "{}",
            plan.warnings
        );
        assert_eq!(
            site.read_digest("2023-10-02-digest").front.papers,
            ["hep-th-9901001", "1505.03481", "2310.00003"],
            "{opening}"
        );
    }
}

#[test]
fn older_listing_markers_old_style_ids_and_latex() {
    let site = empty_site();
    let plan = site
        .import(
            &fixture("digest_old_listing_2023-10-02.md"),
            &ImportOptions::default(),
        )
        .unwrap();
    assert!(plan.warnings.is_empty(), "{}", plan.warnings);
    let digest = site.read_digest("2023-10-02-digest-old-listing");
    assert_eq!(
        digest.front.papers,
        ["hep-th-9901001", "1505.03481", "2310.00003"]
    );

    let strings = site.read_paper("hep-th-9901001").front;
    assert_eq!(
        strings.title.get("en"),
        Some("Strings | Branes on a Lattice")
    );
    let a = strings.arxiv.unwrap();
    assert_eq!(
        (a.id.as_str(), a.version, a.announce),
        ("hep-th/9901001", Some(2), None)
    );
    assert_eq!(a.categories, ["hep-th"]);
    assert_eq!(
        strings.abstract_text.get("en"),
        Some("We study strings on a lattice with $\\mathcal{N}=2$ and \\textit{branes}~here.")
    );

    let updated = site.read_paper("1505.03481").front.arxiv.unwrap();
    assert_eq!(
        (updated.announce.as_deref(), updated.categories.as_slice()),
        (Some("replace"), &["stat.ML".to_string()][..])
    );
    let cross = site.read_paper("2310.00003").front;
    assert_eq!(cross.arxiv.unwrap().announce.as_deref(), Some("cross"));
    assert_eq!(
        cross.title.get("en"),
        Some("Bounds for $\\mathcal{O}(n^2)$ ``Sorting'' -- Revisited?")
    );
    assert_eq!(
        cross.abstract_text.get("en"),
        Some("We revisit $\\{a_i\\}$ sorting bounds -- with broken braces \\emph{here.")
    );
    site.build();
}

#[test]
fn a_paper_not_on_arxiv_survives_export_and_import() {
    let site = empty_site();
    site.write(
        "content/papers/my-great-paper.md",
        "---\nid: my-great-paper\ntitle: { zh: 我的论文, en: My great paper }\nsummary: { zh: 一句话。 }\n\
         abstract: { en: \"Text with $x^2$ and a | bar.\" }\n---\nNotes are not exported.\n",
    );
    site.write(
        "content/digests/2024-05-01.md",
        "---\ntitle: { zh: 论文摘要 2024-05-01, en: Paper digest 2024-05-01 }\ndate: 2024-05-01\npapers: [my-great-paper]\n---\n",
    );
    let exported = digest_core::export::export_markdown(site.root(), None).unwrap();
    assert!(
        exported.contains("| [^1] | My great paper | 一句话。 |"),
        "{exported}"
    );
    let second = empty_site();
    let input = second.root().join("2024-05-01.md");
    std::fs::write(&input, &exported).unwrap();
    second
        .import(&input, &ImportOptions::default())
        .unwrap_or_else(|d| panic!("{d}"));
    let paper = second.read_paper("my-great-paper").front;
    let original = site.read_paper("my-great-paper").front;
    assert_eq!(paper, original);
    assert_eq!(
        second.read_digest("2024-05-01").front.papers,
        ["my-great-paper"]
    );
}

/// Exporting a digest whose papers have what the Markdown form cannot carry (an id import
/// would not give back, a second summary, arXiv categories in the current form) warns
/// of each, naming the papers; a paper the form carries whole gets no warning.
#[test]
fn export_warns_of_what_importing_it_would_not_give_back() {
    let site = empty_site();
    site.write(
        "content/papers/my-workshop.md",
        "---\nid: my-workshop\ntitle: { en: Workshop paper }\nsummary: { zh: 一句话。, en: One line. }\n---\n",
    );
    site.write(
        "content/papers/2404.02424.md",
        "---\nid: \"2404.02424\"\ntitle: { en: RESSA }\nsummary: { zh: 一句话。 }\n\
         arxiv: { id: \"2404.02424\", version: 1, announce: new, categories: [cs.CV] }\n---\n",
    );
    site.write(
        "content/papers/my-great-paper.md",
        "---\nid: my-great-paper\ntitle: { en: My great paper }\nsummary: { zh: 一句话。 }\n---\n",
    );
    // What `new 2404.02425v4` writes: a version, neither an announce type nor a category.
    site.write(
        "content/papers/2404.02425.md",
        "---\nid: \"2404.02425\"\ntitle: { en: Versioned }\nsummary: { zh: 一句话。 }\n\
         arxiv: { id: \"2404.02425\", version: 4 }\n---\n",
    );
    site.write(
        "content/digests/2024-05-01.md",
        "---\ntitle: D\ndate: 2024-05-01\npapers: [my-workshop, \"2404.02424\", my-great-paper, \"2404.02425\"]\n---\n",
    );
    let (_, losses) =
        digest_core::export::export_markdown_noting_losses(site.root(), None).unwrap();
    let messages: Vec<&str> = losses.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(messages.len(), 4, "{messages:#?}");
    assert!(messages[3].starts_with("1 of its papers (2404.02425) have an arXiv version"));
    assert!(messages[0].starts_with("1 of its papers (my-workshop) would get other ids"));
    assert!(messages[1].starts_with("1 of its papers (my-workshop) have a summary in more"));
    assert!(messages[2].starts_with("1 of its papers (2404.02424) have arXiv categories"));
    assert!(
        losses
            .iter()
            .all(|w| w.path.ends_with("content/digests/2024-05-01.md"))
    );
}

/// A title of two lines is exported on one line, with a warning that says so, and the
/// export imports back whole: the second line was lost on import, or (a line such as
/// `# 摘要` or `- x`) made the import refuse the file.
#[test]
fn a_title_of_two_lines_is_exported_on_one() {
    let site = empty_site();
    site.write(
        "content/papers/b.md",
        "---\nid: \"2404.00002\"\ntitle:\n  en: \"Second\\n- part\"\n  zh: \"第二\\n# 摘要\"\nsummary: {zh: s}\nabstract: {en: abs.}\n\
         url: https://arxiv.org/abs/2404.00002\narxiv: {id: \"2404.00002\", version: 2, announce: new}\n---\n",
    );
    site.write(
        "content/digests/2024-04-04.md",
        "---\ndate: 2024-04-04\npapers: [\"2404.00002\"]\n---\n",
    );
    let (text, losses) =
        digest_core::export::export_markdown_noting_losses(site.root(), None).unwrap();
    let messages: Vec<&str> = losses.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "1 of its papers (2404.00002) have a title of several lines, which the form writes on one line"
        ]
    );
    let second = empty_site();
    let input = second.root().join("d.md");
    std::fs::write(&input, &text).unwrap();
    let options = ImportOptions {
        date: Some("2024-04-04".into()),
        name: Some(String::new()),
        ..ImportOptions::default()
    };
    second
        .import(&input, &options)
        .unwrap_or_else(|d| panic!("{d}\n{text}"));
    let paper = second.read_paper("2404.00002");
    assert_eq!(paper.front.title.get("zh"), Some("第二 # 摘要"));
    assert_eq!(paper.front.title.get("en"), Some("Second - part"));
}

#[test]
fn a_paper_the_site_holds_under_an_id_of_its_own_is_merged_into_its_file() {
    let Some(seed) = seed_path() else { return };
    let site = empty_site();
    site.write(
        "content/papers/my-ressa.md",
        "---\nid: my-ressa\ntitle: My own\nurl: https://arxiv.org/abs/2404.02424\narxiv:\n  id: \"2404.02424\"\n---\nMy notes.\n",
    );
    let plan = site.import(&seed, &seed_options()).unwrap();
    assert!(
        !site.root().join("content/papers/2404.02424.md").exists(),
        "no second file for arXiv:2404.02424"
    );
    let file = plan
        .files
        .iter()
        .find(|f| f.path.ends_with("my-ressa.md"))
        .expect("the site's file is in the plan");
    assert!(
        matches!(&file.action, FileAction::Update { added } if added.contains(&"summary".to_string())),
        "{:?}",
        file.action
    );
    let paper = site.read_paper("my-ressa");
    assert_eq!(paper.front.id, "my-ressa");
    assert!(
        paper
            .front
            .summary
            .get("zh")
            .unwrap()
            .starts_with("通过稀疏跨模态适应")
    );
    assert_eq!(paper.body, "My notes.\n");
    // The digest lists the paper by the site's id, and the site checks clean of it.
    let digest = site.read_digest("2024-04-04");
    assert_eq!(digest.front.papers[0], "my-ressa");
    assert!(!digest.front.papers.iter().any(|p| p == "2404.02424"));
    let diags = site.check().unwrap();
    assert!(
        !diags
            .iter()
            .any(|d| d.message.contains("is also the paper of")),
        "{diags:?}"
    );
    // Imported again: the same file, unchanged.
    let again = site.import(&seed, &seed_options()).unwrap();
    assert!(
        again
            .files
            .iter()
            .all(|f| f.action == FileAction::Unchanged)
    );
}

/// The older listing form names a paper's primary category only (`(arXiv:ID [cs.CL])`):
/// the site's own export imported back into it finds the first of the file's categories,
/// which is no difference (its hint would have sent the user to `--force`, which cuts the
/// list to one).
#[test]
fn an_export_imported_back_finds_no_difference_in_the_categories() {
    let site = empty_site();
    site.write(
        "content/papers/2509.25220.md",
        "---\nid: \"2509.25220\"\ntitle: { en: Cyclic Ablation, zh: 循环消融 }\nsummary: { zh: 一句话。 }\n\
         abstract: { en: The abstract., zh: 摘要。 }\nurl: https://arxiv.org/abs/2509.25220\n\
         authors: [Eduard Kapelko]\narxiv: { id: \"2509.25220\", categories: [cs.CL, cs.LG] }\n---\n",
    );
    site.write(
        "content/digests/2025-09-05.md",
        "---\ntitle: D\ndate: 2025-09-05\npapers: [\"2509.25220\"]\n---\n",
    );
    let (text, _) = digest_core::export::export_markdown_noting_losses(site.root(), None).unwrap();
    assert!(text.contains("[cs.CL]"), "{text}");
    let input = site.root().join("e.md");
    std::fs::write(&input, &text).unwrap();
    let options = ImportOptions {
        date: Some("2025-09-05".into()),
        name: Some(String::new()),
        ..ImportOptions::default()
    };
    let plan = site
        .import(&input, &options)
        .unwrap_or_else(|d| panic!("{d}\n{text}"));
    let warnings: Vec<&str> = plan.warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert!(plan.files.iter().all(|f| f.action == FileAction::Unchanged));
    let paper = site.read_paper("2509.25220");
    assert_eq!(paper.front.arxiv.unwrap().categories, ["cs.CL", "cs.LG"]);

    // A list that is not the first of the file's is still a difference.
    let other = text.replace("[cs.CL]", "[cs.AI]");
    std::fs::write(&input, &other).unwrap();
    let plan = site.plan_import(&input, &options).unwrap();
    assert!(
        plan.warnings
            .iter()
            .any(|w| w.message.contains("`arxiv.categories` differs")),
        "{:?}",
        plan.warnings
    );
}

#[test]
fn importing_a_paper_fills_the_placeholders_of_its_new_skeleton() {
    let feed = fixture("api_2404.02424v2.xml");
    let title = "RESSA: Repair Sparse Vision-Language Models via Sparse Cross-Modality Adaptation";
    let site = empty_site();
    let made = chrono::NaiveDate::from_ymd_opt(2026, 12, 8).unwrap();
    digest_core::scaffold::new_paper(site.root(), "2404.02424", made).unwrap();
    let plan = site.import(&feed, &ImportOptions::default()).unwrap();
    let file = plan
        .files
        .iter()
        .find(|f| f.path.ends_with("2404.02424.md"))
        .unwrap();
    let FileAction::Update { added } = &file.action else {
        panic!("{:?}", file.action)
    };
    assert!(added.iter().any(|a| a == "title.en"), "{added:?}");
    assert!(added.iter().any(|a| a == "date"), "{added:?}");
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
    let paper = site.read_paper("2404.02424").front;
    assert_eq!(paper.title.get("en"), Some(title));
    let imported = paper.date.clone().unwrap();
    assert_ne!(imported, "2026-12-08");

    // A skeleton the user has begun: the placeholder title is still filled, but the date
    // may be theirs and stays, with the usual warning.
    let site = empty_site();
    digest_core::scaffold::new_paper(site.root(), "2404.02424", made).unwrap();
    let path = site.root().join("content/papers/2404.02424.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("tags: []", "tags: [mine]")).unwrap();
    let plan = site.import(&feed, &ImportOptions::default()).unwrap();
    let paper = site.read_paper("2404.02424").front;
    assert_eq!(paper.title.get("en"), Some(title));
    assert_eq!(paper.date.as_deref(), Some("2026-12-08"));
    assert!(
        plan.warnings
            .iter()
            .any(|w| w.message.starts_with("`date` differs")),
        "{:?}",
        plan.warnings
    );
}
