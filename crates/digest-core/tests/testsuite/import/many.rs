//! One import of many inputs: papers met in several inputs merge with each other (the
//! first value wins, a differing later one is reported once, at its line), `--force` takes
//! the last input's, and one refused input stops the whole import.

use std::path::PathBuf;

use digest_core::Severity;
use digest_core::import::{ImportOptions, import_inputs, inputs};
use digest_core::load_config;
use digest_core::pipeline::NoProgress;

use super::empty_site;

/// A digest of `(id, English title)` papers in the seed's Markdown form.
fn digest(papers: &[(&str, &str)]) -> String {
    let mut out = String::from("# 摘要\n\n| Ref | Title | Summary |\n| --- | --- | --- |\n");
    for (n, (id, title)) in papers.iter().enumerate() {
        out += &format!(
            "| [^{}] | [{title}](https://arxiv.org/abs/{id}) | 总结 {id} |\n",
            n + 1
        );
    }
    out += "\n# 详细\n\n";
    for (n, (id, title)) in papers.iter().enumerate() {
        let link = format!("https://arxiv.org/abs/{id}");
        out += &format!(
            "[^{}]: 标题 {id}\n\n    {title}\n\n    [{link}]({link})\n\n    总结 {id}\n\n    \n\n    摘要 {id}\n\n    arXiv:{id}v1 Announce Type: new  Abstract: Abstract of {id}.\n    \n",
            n + 1
        );
    }
    out
}

#[test]
fn a_paper_in_two_inputs_keeps_the_first_value_and_reports_the_later_one_at_its_line() {
    let site = empty_site();
    site.write(
        "in/2024-04-08_cs.CL.md",
        &digest(&[("2404.00001", "First title")]),
    );
    site.write(
        "in/2024-04-08_cs.AI.md",
        &digest(&[("2404.00002", "Other"), ("2404.00001", "Second title")]),
    );
    let config = load_config(site.root()).unwrap();
    let found = inputs::expand(site.root(), &[PathBuf::from("in")]).unwrap();
    // File-name order: cs.AI comes first.
    let plan = import_inputs(&config, &found, &ImportOptions::default(), &NoProgress).unwrap();
    assert_eq!(plan.describe_sources(), "2 Markdown digests");
    let warnings: Vec<_> = plan
        .warnings
        .iter()
        .filter(|d| {
            d.message
                .contains("differs from the value imported earlier")
        })
        .collect();
    assert_eq!(warnings.len(), 1, "{}", plan.warnings);
    let w = warnings[0];
    assert_eq!(w.severity, Severity::Warning);
    assert_eq!(w.path, PathBuf::from("in/2024-04-08_cs.CL.md"));
    assert_eq!(w.line, 5, "the table row of the paper in the later input");
    assert!(
        w.message.starts_with("`title.en` of `2404.00001`"),
        "{}",
        w.message
    );
    assert!(
        w.hint
            .as_deref()
            .unwrap()
            .starts_with("in/2024-04-08_cs.AI.md:"),
        "{:?}",
        w.hint
    );
    digest_core::import::apply_plan(site.root(), &plan).unwrap();
    assert_eq!(
        site.read_paper("2404.00001").front.title.get("en"),
        Some("Second title"),
        "cs.AI.md was read first"
    );
    assert_eq!(
        site.read_digest("2024-04-08-cs-cl").front.papers,
        ["2404.00001"]
    );

    // --force: the last input's value.
    let force = ImportOptions {
        force: true,
        ..ImportOptions::default()
    };
    let plan = import_inputs(&config, &found, &force, &NoProgress).unwrap();
    digest_core::import::apply_plan(site.root(), &plan).unwrap();
    assert_eq!(
        site.read_paper("2404.00001").front.title.get("en"),
        Some("First title")
    );
}

#[test]
fn one_refused_input_stops_the_import_and_every_refusal_is_reported() {
    let site = empty_site();
    site.write("in/a.md", &digest(&[("2404.00001", "Fine")]));
    site.write("in/b.md", "# 摘要\n\nno table here\n");
    site.write("in/c.xml", "<rss version=\"2.0\"><channel>");
    let config = load_config(site.root()).unwrap();
    let found = inputs::expand(site.root(), &[PathBuf::from("in")]).unwrap();
    let problems =
        import_inputs(&config, &found, &ImportOptions::default(), &NoProgress).unwrap_err();
    let paths: Vec<_> = problems.errors().map(|d| d.path.clone()).collect();
    assert!(paths.contains(&PathBuf::from("in/c.xml")), "{problems}");
    assert!(!site.root().join("content").exists(), "nothing was written");
    // Named itself, a digest without a table is refused too (in a folder it is left out,
    // with a warning, as a README would be).
    let named = inputs::expand(
        site.root(),
        &[PathBuf::from("in/b.md"), PathBuf::from("in/c.xml")],
    )
    .unwrap();
    let problems =
        import_inputs(&config, &named, &ImportOptions::default(), &NoProgress).unwrap_err();
    let paths: Vec<_> = problems.errors().map(|d| d.path.clone()).collect();
    assert_eq!(
        paths,
        [PathBuf::from("in/b.md"), PathBuf::from("in/c.xml")],
        "{problems}"
    );
}

/// A folder of digests cloned from a tool's repository also holds its licence: a file of
/// the folder that lists no papers is left out with a warning naming it; named itself, it
/// is refused as before.
#[test]
fn a_file_of_a_folder_that_lists_no_papers_is_left_out_with_a_warning() {
    let site = empty_site();
    site.write("in/2024-04-08_cs.CL.md", &digest(&[("2404.00001", "Fine")]));
    site.write(
        "in/LICENSE.txt",
        "MIT License\n\nCopyright (c) 2025 Someone\n",
    );
    // Notes with a table of their own, which is no digest's.
    site.write(
        "in/SOURCES.md",
        "# Sources\n\n| file | what |\n| --- | --- |\n| **API, old serializer** | feeds |\n",
    );
    let config = load_config(site.root()).unwrap();
    let found = inputs::expand(site.root(), &[PathBuf::from("in")]).unwrap();
    let plan = import_inputs(&config, &found, &ImportOptions::default(), &NoProgress).unwrap();
    assert_eq!(plan.describe_sources(), "1 Markdown digest");
    for file in ["in/LICENSE.txt", "in/SOURCES.md"] {
        let left_out: Vec<_> = plan
            .warnings
            .iter()
            .filter(|d| d.path == std::path::Path::new(file))
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            left_out,
            ["lists no papers: left out of the import"],
            "{file}"
        );
    }

    let named = inputs::expand(site.root(), &[PathBuf::from("in/LICENSE.txt")]).unwrap();
    let problems =
        import_inputs(&config, &named, &ImportOptions::default(), &NoProgress).unwrap_err();
    assert_eq!(
        problems
            .errors()
            .map(|d| d.path.clone())
            .collect::<Vec<_>>(),
        [PathBuf::from("in/LICENSE.txt")]
    );
}

/// A tool's repository holds its settings beside its papers (`config.json` beside
/// cn-chat-arxiv's `papers/`): JSON that holds no records is left out of a folder with a
/// warning naming it, as a README is; named itself, it is refused.
#[test]
fn a_json_file_of_another_kind_in_a_folder_is_left_out_with_a_warning() {
    let site = empty_site();
    site.write(
        "repo/papers/24/02/2402.00001.json",
        "{\n \"title\": \"First Paper\",\n \"abstract\": \"The abstract.\",\n \"link\": \"https://arxiv.org/abs/2402.00001\",\n \"translated_title\": \"论文\",\n \"translated_abstract\": \"摘要。\"\n}",
    );
    site.write(
        "repo/config.json",
        "{\"model\": \"gpt-3.5\", \"max_tokens\": 1000}",
    );
    let config = load_config(site.root()).unwrap();
    let found = inputs::expand(site.root(), &[PathBuf::from("repo")]).unwrap();
    let plan = import_inputs(&config, &found, &ImportOptions::default(), &NoProgress).unwrap();
    assert_eq!(plan.describe_sources(), "1 cn-chat-arxiv record file");
    assert!(
        plan.files
            .iter()
            .any(|f| f.path.ends_with("content/papers/2402.00001.md"))
    );
    let left_out: Vec<_> = plan
        .warnings
        .iter()
        .filter(|d| d.path == std::path::Path::new("repo/config.json"))
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        left_out,
        ["is JSON of another kind (no paper records): left out of the import"]
    );

    let named = inputs::expand(site.root(), &[PathBuf::from("repo/config.json")]).unwrap();
    let problems =
        import_inputs(&config, &named, &ImportOptions::default(), &NoProgress).unwrap_err();
    let errors: Vec<_> = problems.errors().map(|d| d.path.clone()).collect();
    assert_eq!(errors, [PathBuf::from("repo/config.json")]);
}

/// An archive kept in a folder per category names its files by date alone: two sources of
/// one day would become one digest. That is refused, naming both files; with a name of
/// its own, each folder imports as its own digest.
#[test]
fn two_sources_named_alike_are_not_merged() {
    let site = empty_site();
    site.write("arch/cs.AI/2024-01-01.md", &digest(&[("2401.00001", "A")]));
    site.write("arch/cs.CL/2024-01-01.md", &digest(&[("2401.00002", "B")]));
    let config = load_config(site.root()).unwrap();
    let found = inputs::expand(site.root(), &[PathBuf::from("arch")]).unwrap();
    let problems =
        import_inputs(&config, &found, &ImportOptions::default(), &NoProgress).unwrap_err();
    let errors: Vec<_> = problems
        .errors()
        .map(|d| (d.path.clone(), d.message.clone()))
        .collect();
    assert_eq!(
        errors,
        [(
            PathBuf::from("arch/cs.CL/2024-01-01.md"),
            "this file and arch/cs.AI/2024-01-01.md would both become the digest `2024-01-01`"
                .to_string()
        )]
    );
    let hint = problems.errors().next().unwrap().hint.clone().unwrap();
    assert!(
        hint.contains("digest-site import arch/cs.CL --name cs.CL"),
        "{hint}"
    );

    for folder in ["cs.AI", "cs.CL"] {
        let found = inputs::expand(site.root(), &[PathBuf::from("arch").join(folder)]).unwrap();
        let options = ImportOptions {
            name: Some(folder.to_string()),
            ..ImportOptions::default()
        };
        let plan = import_inputs(&config, &found, &options, &NoProgress).unwrap();
        let digests: Vec<_> = plan
            .files
            .iter()
            .map(|f| f.path.to_string_lossy().into_owned())
            .filter(|p| p.contains("digests"))
            .collect();
        let slug = folder.to_lowercase().replace('.', "-");
        assert_eq!(digests, [format!("content/digests/2024-01-01-{slug}.md")]);
    }
}

/// A file of a folder that lists no papers as a digest does, but links papers on arXiv (a
/// post of a table without `[^n]`), is refused as a named file is: it was left out as a
/// folder's README would be, and the import said it imported nothing, with status 0. A
/// README that links one paper (a tool's own) and a day's empty file are still left out.
#[test]
fn a_days_papers_that_do_not_read_are_refused_not_left_out() {
    let site = empty_site();
    site.write(
        "in/2024-02-05-daily-arxiv.md",
        "# 今日论文\n\n| 序号 | 标题 | 一句话总结 |\n|:---:|---|---|\n\
         | 1 | [Attention](https://arxiv.org/abs/1706.03762) | 提出Transformer。 |\n",
    );
    site.write(
        "in/links.md",
        "- [A](https://arxiv.org/abs/1706.03762)\n- [B](https://arxiv.org/pdf/1810.04805v2)\n",
    );
    site.write(
        "in/README.md",
        "# The tool\n\nSee [our paper](https://arxiv.org/abs/2401.00001).\n",
    );
    site.write("in/2024-02-06.md", "");
    site.write("in/2024-02-07_cs.CL.md", &digest(&[("2404.00001", "Fine")]));
    let config = load_config(site.root()).unwrap();
    let found = inputs::expand(site.root(), &[PathBuf::from("in")]).unwrap();
    let problems =
        import_inputs(&config, &found, &ImportOptions::default(), &NoProgress).unwrap_err();
    let refused: Vec<_> = problems.errors().map(|d| d.path.clone()).collect();
    assert_eq!(
        refused,
        [
            PathBuf::from("in/2024-02-05-daily-arxiv.md"),
            PathBuf::from("in/links.md")
        ],
        "{problems}"
    );
    assert!(
        problems.errors().all(|d| d
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("it is not left out as a README would be"))),
        "{problems}"
    );
}

/// A post's own `date:` (Jekyll's, Hugo's) dates its digest, as those tools date it: the
/// day as written, whatever the zone; over a date in the file's name (a post moved to
/// another day); `--date` over both. Without it, a Hugo archive all landed on today.
#[test]
fn a_posts_own_date_dates_its_digest() {
    let site = empty_site();
    let post = |date: &str, id: &str| {
        format!(
            "---\ntitle: Daily\ndate: {date}\n---\n\n{}",
            digest(&[(id, "Fine")])
        )
    };
    site.write(
        "posts/daily.md",
        &post("2024-02-02T00:30:00+08:00", "2404.00001"),
    );
    site.write(
        "posts/2024-02-09-moved.md",
        &post("'2024-02-05 08:00:00 +0800'", "2404.00002"),
    );
    // Hugo's TOML front matter, after a byte order mark.
    site.write(
        "posts/hugo.md",
        &format!(
            "\u{feff}+++\ntitle = \"Daily\"\ndate = 2024-02-07T09:00:00+08:00\ndraft = false\n+++\n\n{}",
            digest(&[("2404.00003", "Fine")])
        ),
    );
    let config = load_config(site.root()).unwrap();
    let found = inputs::expand(site.root(), &[PathBuf::from("posts")]).unwrap();
    let plan = import_inputs(&config, &found, &ImportOptions::default(), &NoProgress)
        .unwrap_or_else(|d| panic!("{d}"));
    let mut digests: Vec<_> = plan
        .files
        .iter()
        .map(|f| f.path.to_string_lossy().into_owned())
        .filter(|p| p.contains("digests"))
        .collect();
    digests.sort();
    assert_eq!(
        digests,
        [
            "content/digests/2024-02-02-daily.md",
            "content/digests/2024-02-05-moved.md",
            "content/digests/2024-02-07-hugo.md"
        ]
    );
    assert!(
        plan.warnings
            .iter()
            .all(|w| !w.message.contains("dated today") && !w.message.contains("`date`")),
        "{}",
        plan.warnings
    );
    // The rest of the front matter is named, TOML's too, and no line of it is called
    // text outside the table.
    let hugo: Vec<_> = plan
        .warnings
        .iter()
        .filter(|w| w.path.ends_with("hugo.md"))
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(
        hugo,
        ["the front matter (`title`, `draft`) is not imported"]
    );
    let options = ImportOptions {
        date: Some("2024-03-01".into()),
        ..ImportOptions::default()
    };
    // A `date:` that is no date is refused at its line, not dated today.
    site.write("bad/post.md", &post("2024-02-30", "2404.00004"));
    let found = inputs::expand(site.root(), &[PathBuf::from("bad/post.md")]).unwrap();
    let problems =
        import_inputs(&config, &found, &ImportOptions::default(), &NoProgress).unwrap_err();
    let refused: Vec<_> = problems
        .errors()
        .map(|d| (d.line, d.message.clone()))
        .collect();
    assert_eq!(
        refused,
        [(
            3,
            "the post's `date` is `2024-02-30`, which is not a date".to_string()
        )]
    );
    let found = inputs::expand(site.root(), &[PathBuf::from("posts/daily.md")]).unwrap();
    let plan = import_inputs(&config, &found, &options, &NoProgress).unwrap();
    assert!(
        plan.files
            .iter()
            .any(|f| f.path.ends_with("2024-03-01-daily.md"))
    );
}

/// A control character in a Markdown digest is removed with a warning at the line that
/// holds it (it was the paper's table row), naming the field.
#[test]
fn a_control_character_is_warned_of_at_its_line() {
    let site = empty_site();
    let text = digest(&[("2404.00005", "Five"), ("2404.00006", "Six")])
        .replace("Abstract of 2404.00006.", "Abstract \u{1} of 2404.00006.");
    let line = text.lines().position(|l| l.contains('\u{1}')).unwrap() + 1;
    site.write("in/2024-04-08_cs.CL.md", &text);
    let config = load_config(site.root()).unwrap();
    let found = inputs::expand(site.root(), &[PathBuf::from("in")]).unwrap();
    let plan = import_inputs(&config, &found, &ImportOptions::default(), &NoProgress)
        .unwrap_or_else(|d| panic!("{d}"));
    let warned: Vec<_> = plan
        .warnings
        .iter()
        .filter(|w| w.message.contains("control character"))
        .map(|w| (w.line, w.message.clone()))
        .collect();
    assert_eq!(
        warned,
        [(
            line,
            "`abstract.en` of `2404.00006` held the control character U+0001, which is removed"
                .to_string()
        )]
    );
}
