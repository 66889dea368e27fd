//! The files of the tools people publish digests with today, in samples written here in
//! their real shapes (not copied from the corpus): cn-chat-arxiv's paper JSON (one
//! pretty-printed object, or JSON Lines, plain or gzip), daily-arXiv-ai-enhanced's daily
//! JSON Lines. Each is imported, built, and read back as a reader sees it: the fields in
//! their places, the analysis section, the marks of machine-written text.

use std::io::Write;

use super::*;

use digest_core::import::{FileAction, ImportOptions, SourceKind};
use serde_json::json;

use crate::site_test::Page;

/// A cn-chat-arxiv paper file as the tool writes it (pretty-printed, one space indent): the
/// current listing's form, with a translation that kept the announcement's head.
fn cn_current() -> serde_json::Value {
    json!({
        "title": "On the convergence of optimistic policy iteration",
        "abstract": "arXiv:1808.08763v3 Announce Type: replace  Abstract: We prove convergence of $TD(\\lambda)$ methods.",
        "link": "https://arxiv.org/abs/1808.08763",
        "context": "Title: On the convergence of optimistic policy iteration\nAbstract: ...",
        "path": "papers/18/08/1808.08763.json",
        "total_tokens": 364,
        "translated_title": "关于乐观策略迭代的收敛性",
        "translated_abstract": "arXiv:1808.08763v3 公告类型：替换 摘要：我们证明了 $TD(\\lambda)$ 方法的收敛性。",
        "tldr": "本文证明了乐观策略迭代的收敛性。",
        "en_tdlr": "This paper proves convergence of optimistic policy iteration."
    })
}

/// The old RSS listing's form: id, version, category and marker in the title, a bare
/// abstract, an http link; `en_tldr` spelt right, as a few records do.
fn cn_old_listing() -> serde_json::Value {
    json!({
        "title": "Relations Between Adjacency and Modularity. (arXiv:1505.03481v3 [stat.ML] UPDATED)",
        "abstract": "This paper develops the exact linear relationship between eigenvectors.",
        "link": "http://arxiv.org/abs/1505.03481",
        "context": "Title: ...",
        "path": "papers/15/05/1505.03481.json",
        "total_tokens": 764,
        "translated_title": "邻接性和模块化之间的关系",
        "translated_abstract": "摘要：本文研究了特征向量之间的精确线性关系。",
        "tldr": "本文发现了精确线性关系。",
        "en_tldr": "The paper finds an exact linear relationship."
    })
}

/// The transition month's plain form: no suffix, no head, no English one-liner, no
/// translation of the abstract.
fn cn_plain() -> serde_json::Value {
    json!({
        "title": "Revisiting Active Learning in the Era of Foundation Models",
        "abstract": "Foundation models are changing active learning.",
        "link": "https://rss.arxiv.org/abs/2401.14555",
        "context": "Title: ...",
        "path": "papers/24/01/2401.14555.json",
        "total_tokens": 512,
        "translated_title": "重新审视基础模型时代的主动学习",
        "tldr": "基础模型改变了主动学习。",
        "mood": "curious"
    })
}

fn gzip(text: &str) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(text.as_bytes()).unwrap();
    encoder.finish().unwrap()
}

/// Each diagnostic as `place message`, the place from the site's folder.
fn located_messages(site: &SiteTest, diags: &digest_core::Diagnostics) -> Vec<String> {
    diags
        .iter()
        .map(|d| format!("{} {}", located(site, d), d.message))
        .collect()
}

fn jsonl(records: &[serde_json::Value]) -> String {
    records.iter().map(|r| format!("{r}\n")).collect()
}

/// The `data-provenance` of the mark inside the first element matching `css`, if any.
fn mark(page: &Page, css: &str) -> Option<String> {
    page.attrs(&format!("{css} abbr.provenance"), "data-provenance")
        .into_iter()
        .next()
}

#[test]
fn a_cn_chat_arxiv_paper_file_becomes_a_paper_with_its_translation_marked() {
    let site = empty_site();
    let input = site.root().join("1808.08763.json");
    std::fs::write(&input, serde_json::to_string_pretty(&cn_current()).unwrap()).unwrap();
    let plan = site
        .import(&input, &ImportOptions::default())
        .unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(plan.sources, [(SourceKind::CnChatArxiv.describe(), 1)]);
    assert_eq!(plan.files.len(), 1, "papers only, no digest");
    // The keys dropped on purpose are not warned about.
    assert!(plan.warnings.is_empty(), "{}", plan.warnings);

    let paper = site.read_paper("1808.08763").front;
    assert_eq!(
        paper.title.get("en"),
        Some("On the convergence of optimistic policy iteration")
    );
    assert_eq!(paper.title.get("zh"), Some("关于乐观策略迭代的收敛性"));
    assert_eq!(
        paper.abstract_text.get("en"),
        Some("We prove convergence of $TD(\\lambda)$ methods.")
    );
    assert_eq!(
        paper.abstract_text.get("zh"),
        Some("我们证明了 $TD(\\lambda)$ 方法的收敛性。"),
        "the translated head is removed"
    );
    assert_eq!(
        paper.summary.get("zh"),
        Some("本文证明了乐观策略迭代的收敛性。")
    );
    assert_eq!(
        paper.summary.get("en"),
        Some("This paper proves convergence of optimistic policy iteration.")
    );
    let arxiv = paper.arxiv.as_ref().unwrap();
    assert_eq!(
        (arxiv.id.as_str(), arxiv.version, arxiv.announce.as_deref()),
        ("1808.08763", Some(3), Some("replace"))
    );
    let generated = &paper.generated.as_ref().unwrap().0;
    assert_eq!(generated.len(), 1);
    assert_eq!(generated[0].tool, "cn-chat-arxiv");
    assert_eq!(generated[0].fields, ["title.zh", "abstract.zh", "summary"]);

    let page = site.build().html("papers/1808.08763/index.html");
    assert_eq!(
        page.texts("h1 .l"),
        [
            "关于乐观策略迭代的收敛性 AI",
            "On the convergence of optimistic policy iteration"
        ]
    );
    assert_eq!(
        page.attrs(".links a", "href")[0],
        "https://arxiv.org/abs/1808.08763"
    );
    // The announce type in the interface's words, named for the language switch.
    assert_eq!(page.text(".arxiv"), "1808.08763v3 · 新版本");
    assert_eq!(page.attrs(".arxiv span", "data-l"), ["announce_replace"]);
    // Marked: the Chinese title and abstract, both summaries; not the English texts.
    let cn = Some("tool: cn-chat-arxiv".to_string());
    assert_eq!(mark(&page, "h1 .l-zh"), cn);
    assert_eq!(mark(&page, "h1 .l-en"), None);
    assert_eq!(mark(&page, ".abstract .l-zh"), cn);
    assert_eq!(mark(&page, ".abstract .l-en"), None);
    assert_eq!(mark(&page, ".paper-summary .l-zh"), cn);
    assert_eq!(mark(&page, ".paper-summary .l-en"), cn);
    // The math of both abstracts renders.
    assert_eq!(page.count(".abstract math"), 2);
}

#[test]
fn cn_chat_arxiv_jsonl_gz_gives_every_form_of_record() {
    let site = empty_site();
    let input = site.root().join("papers_added_2024-02.jsonl.gz");
    let text = jsonl(&[cn_old_listing(), cn_plain(), cn_current()]);
    std::fs::write(&input, gzip(&text)).unwrap();
    let plan = site
        .import(&input, &ImportOptions::default())
        .unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(plan.sources, [(SourceKind::CnChatArxiv.describe(), 1)]);
    assert_eq!(plan.counts(), (3, 0, 0, 0));
    // The unknown key is named, once, at its record (line 2 of the decompressed text).
    let warnings = located_messages(&site, &plan.warnings);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].starts_with("papers_added_2024-02.jsonl.gz:2:")
            && warnings[0].ends_with(
                "`mood` (1 record) is not a field of cn-chat-arxiv records; it is not imported"
            ),
        "{warnings:#?}"
    );

    let old = site.read_paper("1505.03481").front;
    assert_eq!(
        old.title.get("en"),
        Some("Relations Between Adjacency and Modularity")
    );
    let arxiv = old.arxiv.as_ref().unwrap();
    assert_eq!(arxiv.categories, ["stat.ML"]);
    assert_eq!(
        (arxiv.version, arxiv.announce.as_deref()),
        (Some(3), Some("replace"))
    );
    assert_eq!(old.url.as_deref(), Some("http://arxiv.org/abs/1505.03481"));
    assert_eq!(
        old.abstract_text.get("zh"),
        Some("本文研究了特征向量之间的精确线性关系。")
    );
    assert_eq!(
        old.summary.get("en"),
        Some("The paper finds an exact linear relationship.")
    );

    let plain = site.read_paper("2401.14555").front;
    assert_eq!(plain.arxiv.as_ref().unwrap().announce, None);
    assert_eq!(plain.abstract_text.get("zh"), None);
    let fields = &plain.generated.as_ref().unwrap().0[0].fields;
    assert_eq!(fields, &["title.zh", "summary"], "only what the record has");

    let built = site.build();
    let page = built.html("papers/1505.03481/index.html");
    // The categories are links: their texts come apart, the words stay.
    assert_eq!(
        page.text(".arxiv").split_whitespace().collect::<String>(),
        "1505.03481v3[stat.ML]·新版本"
    );
    // The abstract, without the announce line that the arXiv line above says already.
    assert_eq!(
        page.text(".abstract .l-en"),
        "This paper develops the exact linear relationship between eigenvectors."
    );
    assert!(built.exists("papers/2401.14555/index.html"));
    assert!(!built.exists("digests/index.html") || built.report.digests == 0);
}

/// A link that is no web address, or an id that is no file name, is refused where the
/// input has it, not in a paper file the import has not written.
#[test]
fn bad_links_and_ids_are_refused_at_their_place_in_the_input() {
    let site = empty_site();
    let mut cn = cn_current();
    cn["link"] = json!("javascript:alert(1)");
    let mut daily = daily_records().remove(0);
    daily["abs"] = json!("ftp://arxiv.org/abs/2509.25220");
    let cases = [
        ("cn.jsonl", jsonl(&[cn]), "cn.jsonl:1:"),
        ("2025-08-01_AI_enhanced_Chinese.jsonl", jsonl(&[daily]), "2025-08-01_AI_enhanced_Chinese.jsonl:1:"),
        (
            "site.jsonl",
            "{\"format\":\"digest-site-paper-1\",\"paper\":{\"id\":\"../../evil\",\"title\":{\"en\":\"T\"}},\"body\":\"\"}\n".to_string(),
            "site.jsonl:1:",
        ),
    ];
    for (name, text, at) in cases {
        let input = site.root().join(name);
        std::fs::write(&input, text).unwrap();
        let errors = site.import(&input, &ImportOptions::default()).unwrap_err();
        let found = located_messages(&site, &errors);
        assert!(
            found.len() == 1 && found[0].starts_with(at) && !found[0].contains("content/"),
            "{name}: {found:#?}"
        );
    }
    assert!(
        !site.root().join("content/papers").exists()
            || std::fs::read_dir(site.root().join("content/papers"))
                .unwrap()
                .next()
                .is_none()
    );
}

#[test]
fn bad_cn_chat_arxiv_records_are_located_errors_and_nothing_is_written() {
    let site = empty_site();
    let input = site.root().join("bad.jsonl");
    let mut wrong_type = cn_plain();
    wrong_type["translated_title"] = json!(42);
    let mut other_paper = cn_current();
    other_paper["link"] = json!("https://arxiv.org/abs/2404.02424");
    let text = format!(
        "{}{}{}{{\"title\": \"cut off",
        jsonl(&[cn_old_listing()]),
        jsonl(&[wrong_type]),
        jsonl(&[other_paper]),
    );
    std::fs::write(&input, text).unwrap();
    let errors = site.import(&input, &ImportOptions::default()).unwrap_err();
    let found = located_messages(&site, &errors);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with("bad.jsonl:4:") && found[0].contains("this line is not valid JSON"),
        "{found:#?}"
    );
    std::fs::write(
        &input,
        jsonl(&[
            cn_old_listing(),
            {
                let mut r = cn_plain();
                r["translated_title"] = json!(42);
                r
            },
            {
                let mut r = cn_current();
                r["link"] = json!("https://arxiv.org/abs/2404.02424");
                r
            },
        ]),
    )
    .unwrap();
    let errors = site.import(&input, &ImportOptions::default()).unwrap_err();
    let found: Vec<(String, String)> = errors
        .iter()
        .map(|d| (located(&site, d), d.message.clone()))
        .collect();
    assert_eq!(found.len(), 2, "{found:#?}");
    let column_of = |line: &str, key: &str| {
        let byte = line.find(&format!("\"{key}\"")).unwrap();
        line[..byte].chars().count() + 1
    };
    let text = std::fs::read_to_string(&input).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        found[0],
        (
            format!("bad.jsonl:2:{}", column_of(lines[1], "translated_title")),
            "`translated_title` is a number, not a text".to_string()
        )
    );
    assert_eq!(
        found[1],
        (
            format!("bad.jsonl:3:{}", column_of(lines[2], "link")),
            "the link names arXiv:2404.02424 but the title or abstract names arXiv:1808.08763"
                .to_string()
        )
    );
    // The same paper twice.
    std::fs::write(&input, jsonl(&[cn_plain(), cn_current(), cn_plain()])).unwrap();
    let errors = site.import(&input, &ImportOptions::default()).unwrap_err();
    assert_eq!(
        located(&site, errors.iter().next().unwrap()),
        "bad.jsonl:3:1"
    );
    assert!(
        errors
            .to_string()
            .contains("paper `2401.14555` appears twice")
    );
    assert!(!site.root().join("content").exists(), "nothing was written");
}

/// A JSON array of records (what `jq -s`, or a script's `json.dump` of a list, makes of
/// them) reads as its records, each where it is written (it was refused as "neither
/// cn-chat-arxiv nor daily-arXiv-ai-enhanced records").
#[test]
fn a_json_array_of_records_reads_as_its_records() {
    let site = empty_site();
    let input = site.root().join("papers.json");
    let text =
        serde_json::to_string_pretty(&json!([cn_old_listing(), cn_plain(), cn_current()])).unwrap();
    std::fs::write(&input, &text).unwrap();
    let plan = site
        .import(&input, &ImportOptions::default())
        .unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(plan.sources, [(SourceKind::CnChatArxiv.describe(), 1)]);
    assert_eq!(plan.counts(), (3, 0, 0, 0));
    let line_of = |text: &str, key: &str, nth: usize| {
        text.lines()
            .enumerate()
            .filter(|(_, l)| l.contains(&format!("\"{key}\"")))
            .nth(nth)
            .unwrap()
            .0
            + 1
    };
    // The unknown key is named at its place in the second element.
    assert_eq!(
        located_messages(&site, &plan.warnings),
        [format!(
            "papers.json:{}:5 `mood` (1 record) is not a field of cn-chat-arxiv records; it is not imported",
            line_of(&text, "mood", 0)
        )]
    );
    let paper = site.read_paper("1808.08763").front;
    assert_eq!(
        paper.abstract_text.get("zh"),
        Some("我们证明了 $TD(\\lambda)$ 方法的收敛性。")
    );

    // An error is at its key in its element (the first and the third have the key too).
    let mut wrong_type = cn_plain();
    wrong_type["translated_title"] = json!(42);
    let text =
        serde_json::to_string_pretty(&json!([cn_old_listing(), wrong_type, cn_current()])).unwrap();
    std::fs::write(&input, &text).unwrap();
    let errors = site.import(&input, &ImportOptions::default()).unwrap_err();
    assert_eq!(
        located_messages(&site, &errors),
        [format!(
            "papers.json:{}:5 `translated_title` is a number, not a text",
            line_of(&text, "translated_title", 1)
        )]
    );
    // An element that is no object, after records, is an error at it.
    std::fs::write(&input, format!("[{},\n 42\n]", cn_plain())).unwrap();
    let errors = site.import(&input, &ImportOptions::default()).unwrap_err();
    assert_eq!(
        located_messages(&site, &errors),
        ["papers.json:2:2 this element of the array is a number, not a JSON object"]
    );
    // A truncated array is malformed where it stops, not read as something else.
    std::fs::write(&input, format!("[\n{},\n{{\"title\": \"cut", cn_plain())).unwrap();
    let errors = site.import(&input, &ImportOptions::default()).unwrap_err();
    let found = located_messages(&site, &errors);
    assert!(
        found.len() == 1
            && found[0].starts_with("papers.json:3:")
            && found[0].contains("the JSON is malformed"),
        "{found:#?}"
    );
    // A list of something else is JSON of another kind, as before.
    std::fs::write(&input, "[\"2402.00001\", \"2402.00002\"]").unwrap();
    let errors = site.import(&input, &ImportOptions::default()).unwrap_err();
    assert_eq!(
        located_messages(&site, &errors),
        ["papers.json:1:1 this JSON is neither cn-chat-arxiv nor daily-arXiv-ai-enhanced records"]
    );
    // An empty array holds no records (it was "neither ... records").
    std::fs::write(&input, "[ ]\n").unwrap();
    let errors = site.import(&input, &ImportOptions::default()).unwrap_err();
    assert_eq!(
        located_messages(&site, &errors),
        ["papers.json:1:1 the JSON array holds no records"]
    );

    // A day of daily-arXiv-ai-enhanced as an array is the day's digest, as its JSON Lines.
    let site = empty_site();
    let day = site.root().join("2025-09-05_AI_enhanced_Chinese.json");
    std::fs::write(&day, serde_json::to_string(&daily_records()).unwrap()).unwrap();
    let plan = site
        .import(&day, &ImportOptions::default())
        .unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(plan.sources, [(SourceKind::DailyArxiv.describe(), 1)]);
    assert_eq!(plan.counts(), (3, 0, 0, 0));
}

/// One day of daily-arXiv-ai-enhanced, as the tool writes it: arXiv's listing fields and
/// the LLM's `AI` object, the abstract hard-wrapped.
fn daily_records() -> Vec<serde_json::Value> {
    vec![
        json!({
            "id": "2509.25220",
            "categories": ["cs.CL", "cs.LG"],
            "pdf": "https://arxiv.org/pdf/2509.25220",
            "abs": "https://arxiv.org/abs/2509.25220",
            "authors": ["Eduard Kapelko"],
            "title": "Cyclic Ablation: Testing Concept Localization against Functional\n  Regeneration in AI",
            "comment": "Code is available at:\n  https://www.kaggle.com/code/kapedalex/cycleablationpublic/",
            "summary": "Safety and controllability are critical for large language models. A central\nquestion is whether undesirable behaviors like deception are localized\nfunctions that can be removed.",
            "AI": {
                "tldr": "通过循环消融测试欺骗概念，发现欺骗行为具有高度韧性。",
                "motivation": "探究不良行为是否是可以被移除的局部化功能。",
                "method": "结合稀疏自编码器、定向消融和对抗训练。",
                "result": "模型能通过对抗训练持续恢复欺骗行为。",
                "conclusion": "复杂概念是分布式和纠缠的。"
            }
        }),
        json!({
            "id": "2503.21813",
            "categories": ["cs.CL", "cs.AI", "cs.IR"],
            "pdf": "https://arxiv.org/pdf/2503.21813",
            "abs": "https://arxiv.org/abs/2503.21813",
            "authors": ["Zhangcheng Qiang", "Kerry Taylor", "Weiqing Wang", "Jing Jiang"],
            "title": "OAEI-LLM-T: A TBox Benchmark Dataset for Understanding LLM Hallucinations",
            "comment": null,
            "summary": "Hallucinations are often inevitable in downstream tasks using large language\nmodels (LLMs).",
            "AI": {
                "tldr": "论文介绍了新基准数据集OAEI-LLM-T。",
                "motivation": "解决LLM在ontology matching任务中的幻觉问题。",
                "method": "基于七个TBox数据集构建数据集。",
                "result": "数据集支持构建LLM leaderboard。",
                "conclusion": "数据集为幻觉问题提供了实用工具。"
            }
        }),
    ]
}

/// The tool's `data/` folder keeps, beside a day's enhanced file, the day's crawl without
/// the AI texts and its page of them: imported as a folder, the day is one digest, and the
/// other two are left out with a warning each.
#[test]
fn a_daily_arxiv_data_folder_imports_each_day_once() {
    let site = empty_site();
    let data = site.root().join("data");
    std::fs::create_dir(&data).unwrap();
    let records = daily_records();
    let crawl: Vec<serde_json::Value> = records
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r.as_object_mut().unwrap().remove("AI");
            r
        })
        .collect();
    std::fs::write(
        data.join("2025-08-05_AI_enhanced_Chinese.jsonl"),
        jsonl(&records),
    )
    .unwrap();
    std::fs::write(data.join("2025-08-05.jsonl"), jsonl(&crawl)).unwrap();
    std::fs::write(
        data.join("2025-08-05.md"),
        "<div id=toc></div>\n\n# cs.CL [[Back]](#toc)\n\n### [1] [Cyclic Ablation](https://arxiv.org/abs/2509.25220)\n",
    )
    .unwrap();
    let config = digest_core::load_config(site.root()).unwrap();
    let found = digest_core::import::inputs::expand(site.root(), &[PathBuf::from("data")]).unwrap();
    let plan = digest_core::import::import_inputs(
        &config,
        &found,
        &ImportOptions::default(),
        &digest_core::pipeline::NoProgress,
    )
    .unwrap_or_else(|d| panic!("{d}"));
    let left_out: Vec<String> = plan
        .warnings
        .iter()
        .filter(|w| {
            w.message
                .contains("holds the same day's papers with their AI texts")
        })
        .map(|w| w.path.display().to_string())
        .collect();
    assert_eq!(left_out, ["data/2025-08-05.jsonl", "data/2025-08-05.md"]);
    assert_eq!(plan.sources, [(SourceKind::DailyArxiv.describe(), 1)]);
    assert_eq!(plan.counts(), (3, 0, 0, 0));
}

#[test]
fn a_daily_arxiv_day_becomes_a_digest_with_the_analysis_of_each_paper() {
    let site = empty_site();
    let input = site.root().join("2025-08-01_AI_enhanced_Chinese.jsonl.gz");
    std::fs::write(&input, gzip(&jsonl(&daily_records()))).unwrap();
    let plan = site
        .import(&input, &ImportOptions::default())
        .unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(plan.sources, [(SourceKind::DailyArxiv.describe(), 1)]);
    assert_eq!(plan.counts(), (3, 0, 0, 0));
    assert!(plan.warnings.is_empty(), "{}", plan.warnings);

    let digest = site.read_digest("2025-08-01-ai-enhanced-chinese").front;
    assert_eq!(digest.date.as_deref(), Some("2025-08-01"));
    assert_eq!(digest.papers, ["2509.25220", "2503.21813"], "in file order");

    let paper = site.read_paper("2509.25220").front;
    assert_eq!(
        paper.title.get("en"),
        Some("Cyclic Ablation: Testing Concept Localization against Functional Regeneration in AI")
    );
    assert_eq!(
        paper.abstract_text.get("en"),
        Some(
            "Safety and controllability are critical for large language models. A central question is whether undesirable behaviors like deception are localized functions that can be removed."
        )
    );
    assert_eq!(paper.authors, ["Eduard Kapelko"]);
    assert_eq!(paper.date.as_deref(), Some("2025-08-01"));
    assert!(paper.links.is_empty(), "the PDF is the derived one");
    let arxiv = paper.arxiv.as_ref().unwrap();
    assert_eq!(arxiv.categories, ["cs.CL", "cs.LG"]);
    assert_eq!(
        arxiv.comment.as_deref(),
        Some("Code is available at: https://www.kaggle.com/code/kapedalex/cycleablationpublic/")
    );
    let analysis = paper.analysis.as_ref().unwrap();
    assert_eq!(
        analysis.method.get("zh"),
        Some("结合稀疏自编码器、定向消融和对抗训练。")
    );
    assert!(analysis.tldr.is_empty(), "the tldr is the summary");
    assert_eq!(
        paper.summary.get("zh"),
        Some("通过循环消融测试欺骗概念，发现欺骗行为具有高度韧性。")
    );
    let generated = &paper.generated.as_ref().unwrap().0[0];
    assert_eq!(
        (generated.tool.as_str(), generated.date.as_deref()),
        ("daily-arXiv-ai-enhanced", Some("2025-08-01"))
    );
    assert_eq!(generated.fields, ["summary.zh", "analysis"]);
    assert_eq!(
        site.read_paper("2503.21813").front.arxiv.unwrap().comment,
        None
    );

    let built = site.build();
    let page = built.html("papers/2509.25220/index.html");
    assert_eq!(page.text(".authors"), "Eduard Kapelko");
    assert_eq!(
        page.text(".arxiv").split_whitespace().collect::<String>(),
        "2509.25220[cs.CL,cs.LG]"
    );
    assert_eq!(
        page.texts("details.analysis h3"),
        ["研究动机", "方法", "结果", "结论"]
    );
    let daily = Some("tool: daily-arXiv-ai-enhanced; date: 2025-08-01".to_string());
    assert_eq!(mark(&page, ".paper-summary .l-zh"), daily);
    assert_eq!(mark(&page, ".analysis-method .l-zh"), daily);
    assert_eq!(mark(&page, "h1 .l-en"), None);
    assert_eq!(mark(&page, ".abstract .l-en"), None);
    let digest = built.html("digests/2025-08-01-ai-enhanced-chinese/index.html");
    assert_eq!(digest.count(".paper-details"), 2);
    assert_eq!(digest.count("#ref-2 details.analysis section"), 4);
    assert_eq!(mark(&digest, "#ref-2 .analysis-result .l-zh"), daily);
}

/// The tool's `categories` also list the papers' MSC and ACM subject classes; they do not
/// become arXiv categories (each would get a category page), and the import says so.
#[test]
fn subject_classes_in_daily_arxiv_categories_are_left_out_with_a_warning() {
    let site = empty_site();
    let input = site.root().join("2025-09-16_AI_enhanced_Chinese.jsonl");
    let mut records = daily_records();
    records[0]["categories"] = json!(["cs.CV", "68T45 (Primary), 68T07", "I.4.8"]);
    records[1]["categories"] = json!(["cs.CL", "math.OC", "hep-th", "cond-mat.mes-hall"]);
    std::fs::write(&input, jsonl(&records)).unwrap();
    let plan = site
        .import(&input, &ImportOptions::default())
        .unwrap_or_else(|d| panic!("{d}"));
    let warnings = plan.warnings.to_string();
    assert!(
        warnings.contains("`categories` of 1 record hold subject classes that are not arXiv categories (`68T45 (Primary), 68T07`, `I.4.8`)"),
        "{warnings}"
    );
    assert!(
        warnings.contains("2025-09-16_AI_enhanced_Chinese.jsonl:1:"),
        "{warnings}"
    );
    let arxiv = |id: &str| site.read_paper(id).front.arxiv.unwrap().categories;
    assert_eq!(arxiv("2509.25220"), ["cs.CV"]);
    assert_eq!(
        arxiv("2503.21813"),
        ["cs.CL", "math.OC", "hep-th", "cond-mat.mes-hall"]
    );
}

#[test]
fn daily_arxiv_repeats_and_returns() {
    let site = empty_site();
    // Twice in one file: refused at the second.
    let input = site.root().join("2025-08-04_AI_enhanced_Chinese.jsonl");
    let records = daily_records();
    std::fs::write(
        &input,
        jsonl(&[records[0].clone(), records[1].clone(), records[0].clone()]),
    )
    .unwrap();
    let errors = site.import(&input, &ImportOptions::default()).unwrap_err();
    assert_eq!(
        located(&site, errors.iter().next().unwrap()),
        "2025-08-04_AI_enhanced_Chinese.jsonl:3:1"
    );
    assert!(
        errors
            .to_string()
            .contains("paper `2509.25220` appears twice"),
        "{errors}"
    );

    // On two days: the second day's digest lists it too, the paper keeps its first day.
    std::fs::write(&input, jsonl(&records[..1])).unwrap();
    site.import(&input, &ImportOptions::default()).unwrap();
    let later = site.root().join("2025-08-05_AI_enhanced_Chinese.jsonl");
    std::fs::write(&later, jsonl(&records)).unwrap();
    let plan = site.import(&later, &ImportOptions::default()).unwrap();
    assert_eq!(
        site.read_digest("2025-08-05-ai-enhanced-chinese")
            .front
            .papers
            .len(),
        2
    );
    let paper = site.read_paper("2509.25220").front;
    assert_eq!(paper.date.as_deref(), Some("2025-08-04"));
    assert_eq!(paper.generated.unwrap().0.len(), 1, "one entry per tool");
    let differing: Vec<&str> = plan.warnings.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        differing,
        [
            "`generated` differs from the imported value; the file's value is kept",
            "`date` differs from the imported value; the file's value is kept",
        ]
    );
}

#[test]
fn a_paper_from_both_tools_names_both_in_generated() {
    let site = empty_site();
    let mut cn = cn_current();
    cn["link"] = json!("https://arxiv.org/abs/2509.25220");
    cn["abstract"] = json!("Safety and controllability are critical.");
    cn["translated_abstract"] = json!("安全性和可控性至关重要。");
    let first = site.root().join("2509.25220.json");
    std::fs::write(&first, cn.to_string()).unwrap();
    site.import(&first, &ImportOptions::default()).unwrap();
    let day = site.root().join("2025-10-01_AI_enhanced_Chinese.jsonl");
    std::fs::write(&day, jsonl(&daily_records()[..1])).unwrap();
    let plan = site.import(&day, &ImportOptions::default()).unwrap();
    let update = plan
        .files
        .iter()
        .find(|f| f.path.ends_with("2509.25220.md"))
        .unwrap();
    let FileAction::Update { added } = &update.action else {
        panic!("{:?}", update.action)
    };
    assert!(
        added.contains(&"analysis".to_string()) && added.contains(&"generated".to_string()),
        "{added:?}"
    );
    let paper = site.read_paper("2509.25220").front;
    let tools: Vec<String> = paper
        .generated
        .unwrap()
        .0
        .into_iter()
        .map(|e| e.tool)
        .collect();
    assert_eq!(tools, ["cn-chat-arxiv", "daily-arXiv-ai-enhanced"]);
    // Each text is marked with the tool that wrote it; cn-chat-arxiv's summary, kept, is
    // marked as cn-chat-arxiv's.
    let page = site.build().html("papers/2509.25220/index.html");
    assert_eq!(
        mark(&page, "h1 .l-zh"),
        Some("tool: cn-chat-arxiv".to_string())
    );
    assert_eq!(
        mark(&page, ".paper-summary .l-zh"),
        Some("tool: cn-chat-arxiv".to_string())
    );
    assert_eq!(
        mark(&page, ".analysis-method .l-zh"),
        Some("tool: daily-arXiv-ai-enhanced; date: 2025-10-01".to_string())
    );
}

/// cn-chat-arxiv cuts the abstract field at 1,000 characters, head included, mostly in the
/// middle of a word.
#[test]
fn an_abstract_cut_at_a_thousand_characters_is_warned_about_and_said_on_the_page() {
    let site = empty_site();
    let mut record = cn_current();
    let head = "arXiv:1808.08763v3 Announce Type: replace  Abstract: ";
    let sentence = "We prove convergence results for optimistic policy iteration. ";
    let full = format!("{head}{}", sentence.repeat(20));
    let cut: String = full.chars().take(1000).collect();
    assert!(!cut.ends_with(". "));
    record["abstract"] = json!(cut);
    let input = site.root().join("1808.08763.json");
    std::fs::write(&input, record.to_string()).unwrap();
    site.import(&input, &ImportOptions::default()).unwrap();

    let warnings = site.check().expect("a warning, not an error");
    let found: Vec<&str> = warnings.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("the `en` abstract stops mid-sentence (`…")
            && found[0].ends_with("`): it may have been cut short"),
        "{found:?}"
    );
    let page = site.build().html("papers/1808.08763/index.html");
    assert_eq!(
        page.text(".abstract .l-en .abstract-cut"),
        "此摘要在句中中断，可能被截短了。 完整摘要"
    );
    assert_eq!(
        page.attrs(".abstract-cut a", "href"),
        ["https://arxiv.org/abs/1808.08763"]
    );
    assert_eq!(
        page.count(".abstract .l-zh .abstract-cut"),
        0,
        "the translation ends well"
    );

    // A complete abstract has no notice.
    record["abstract"] = json!(format!("{head}{}", sentence.repeat(2)));
    std::fs::write(&input, record.to_string()).unwrap();
    site.import(
        &input,
        &ImportOptions {
            force: true,
            ..ImportOptions::default()
        },
    )
    .unwrap();
    let page = site.build().html("papers/1808.08763/index.html");
    assert_eq!(page.count(".abstract-cut"), 0);
}

/// An empty input, or one of blank lines, is said to be empty whatever its name.
#[test]
fn an_empty_input_is_said_to_be_empty() {
    let site = empty_site();
    for (name, text) in [
        ("day.jsonl", &b""[..]),
        ("feed.xml", b"\n  \n"),
        ("digest.md", "\u{feff}".as_bytes()),
        ("day.jsonl.gz", &gzip("")),
    ] {
        let input = site.root().join(name);
        std::fs::write(&input, text).unwrap();
        let errors = site.import(&input, &ImportOptions::default()).unwrap_err();
        // At its first line, as every error of an input is.
        assert_eq!(
            located_messages(&site, &errors),
            [format!("{name}:1:1 the file is empty")]
        );
    }
}

/// A key every record has, written as a number: the hint says to quote it, not to leave
/// it out (which would only be refused next).
#[test]
fn a_required_key_of_another_kind_is_not_offered_to_be_left_out() {
    let site = empty_site();
    let mut records = daily_records();
    records[0]["id"] = json!(2509.01234);
    let day = site.root().join("2025-09-05_AI_enhanced_Chinese.jsonl");
    std::fs::write(&day, jsonl(&records)).unwrap();
    let errors = site.import(&day, &ImportOptions::default()).unwrap_err();
    let d = errors.iter().next().unwrap();
    assert_eq!(d.message, "`id` is a number, not a text");
    assert_eq!(
        d.hint.as_deref(),
        Some("write it as a text, in quotes: `\"id\": \"2509.01234\"`")
    );

    let mut record = cn_plain();
    record["title"] = json!(42);
    let cn = site.root().join("cn.jsonl");
    std::fs::write(&cn, jsonl(&[record])).unwrap();
    let errors = site.import(&cn, &ImportOptions::default()).unwrap_err();
    let d = errors.iter().next().unwrap();
    assert_eq!(d.message, "`title` is a number, not a text");
    assert_eq!(
        d.hint.as_deref(),
        Some("write it as a text, in quotes: `\"title\": \"42\"`")
    );
    // An optional key may still be left out.
    let mut record = cn_plain();
    record["translated_title"] = json!(42);
    std::fs::write(&cn, jsonl(&[record])).unwrap();
    let errors = site.import(&cn, &ImportOptions::default()).unwrap_err();
    assert_eq!(
        errors.iter().next().unwrap().hint.as_deref(),
        Some("write `\"translated_title\": \"42\"`, or leave the key out")
    );
    assert!(!site.root().join("content").exists(), "nothing was written");
}

/// An old-style id written with its subject class (`math.GT/0309136`, as arXiv's listings
/// of cross-lists link it) is arXiv's `math/0309136`: one paper, however it is written,
/// for import, `new` and `check` alike.
#[test]
fn an_old_style_id_with_its_subject_class_is_the_id_without_it() {
    let site = empty_site();
    let record = |link: &str| {
        json!({
            "title": "Knot theory in three manifolds",
            "abstract": "A plain abstract.",
            "link": link,
            "translated_title": "三维流形中的纽结理论",
        })
        .to_string()
    };
    site.write(
        "in/a.jsonl",
        &record("http://arxiv.org/abs/math.GT/0309136"),
    );
    site.write(
        "in/b.jsonl",
        &record("https://arxiv.org/abs/math/0309136v2"),
    );
    for input in ["in/a.jsonl", "in/b.jsonl"] {
        site.import(&site.root().join(input), &ImportOptions::default())
            .unwrap_or_else(|d| panic!("{d}"));
    }
    let files: Vec<String> = std::fs::read_dir(site.root().join("content/papers"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, ["math-0309136.md"]);
    let paper = site.read_paper("math-0309136").front;
    assert_eq!(paper.arxiv.unwrap().id, "math/0309136");

    // A file an older import named after the subject class: `new` finds the paper in it,
    // and `check` says how arXiv writes the id.
    let site = empty_site();
    site.write(
        "content/papers/math.GT-0309136.md",
        "---\nid: math.GT-0309136\ntitle: Knot theory in three manifolds\nsummary: Knots.\nabstract: A plain abstract.\narxiv:\n  id: math.GT/0309136\n---\n",
    );
    let refused = digest_core::scaffold::new_paper(
        site.root(),
        "math/0309136",
        chrono::NaiveDate::from_ymd_opt(2026, 12, 8).unwrap(),
    )
    .unwrap_err();
    assert!(
        refused.iter().any(|d| d
            .message
            .starts_with("arXiv:math.GT/0309136 is already the paper `math.GT-0309136`")),
        "{refused}"
    );
    let warnings = site.check().unwrap_or_else(|d| panic!("{d}"));
    assert!(
        warnings.iter().any(|d| d.message
            == "arXiv writes the id `math.GT/0309136` as `math/0309136`"
            && d.line == 7),
        "{warnings}"
    );

    // The paper's id renamed to arXiv's, its `arxiv.id` not yet: one paper, not two.
    let site = empty_site();
    site.write(
        "content/papers/math-0309136.md",
        "---\nid: math-0309136\ntitle: Knot theory in three manifolds\nsummary: Knots.\nabstract: A plain abstract.\narxiv:\n  id: math.GT/0309136\n---\n",
    );
    let warnings = site.check().unwrap_or_else(|d| panic!("{d}"));
    assert!(
        !warnings
            .iter()
            .any(|d| d.message.contains("another arXiv paper")),
        "{warnings}"
    );
}
