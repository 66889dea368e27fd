//! Machine-written text as a reader meets it: a paper's `analysis:` section, collapsed on
//! its page and in the digests that list it; the mark beside each text `generated:` covers,
//! and the JSON-LD credit; and what `check` says about either written wrong, and about
//! papers whose translations say nothing of where they came from.

use crate::site_test::{Page, SiteTest};

const SITE: &str = r#"-- site.yaml --
title: { zh: 论文摘要, en: Paper Digest }
base_url: https://user.github.io/repo/
languages: [zh, en]
-- content/papers/2509.25220.md --
---
id: "2509.25220"
title:
  en: "Cyclic Ablation: Testing Concept Localization"
  zh: 循环消融：测试概念定位
summary: { zh: 通过循环消融测试欺骗概念能否被移除。 }
abstract:
  en: Safety and controllability are critical for large language models.
analysis:
  tldr: { zh: 欺骗行为具有高度韧性。, en: "Deception regenerates after ablation." }
  motivation: { zh: 探究不良行为是否是可移除的局部功能。 }
  method: { zh: '结合稀疏自编码器与 $\ell_1$ 正则化。' }
  result: 'Perplexity rises with each ablation.'
  conclusion: { zh: 复杂概念是分布式和纠缠的。 }
date: 2025-10-01
---
-- content/papers/2501.00001.md --
---
id: "2501.00001"
title: { en: A paper without analysis }
date: 2025-10-01
---
-- content/digests/2025-10-01.md --
---
date: 2025-10-01
papers: ["2509.25220", "2501.00001"]
---
"#;

/// The headings and the texts of each key of the analysis under `css`, in order.
fn analysis(page: &Page, css: &str) -> Vec<(String, Vec<String>)> {
    let headings = page.texts(&format!("{css} details.analysis section > :first-child"));
    let keys = page.attrs(&format!("{css} details.analysis section"), "class");
    keys.iter()
        .zip(headings)
        .map(|(class, heading)| {
            let texts = page.texts(&format!("{css} details.analysis section.{class} .l"));
            (heading, texts)
        })
        .collect()
}

#[test]
fn the_analysis_is_shown_collapsed_on_the_paper_page_and_in_the_digest() {
    let site = SiteTest::new(SITE);
    let built = site.build();
    let page = built.html("papers/2509.25220/index.html");
    // Collapsed: a `<details>` without `open`, its summary the section's heading.
    assert_eq!(page.count("details.analysis"), 1);
    assert_eq!(page.count("details.analysis[open]"), 0);
    assert_eq!(page.text("details.analysis > summary > h2"), "分析");
    let expected = vec![
        (
            "要点".to_string(),
            vec![
                "欺骗行为具有高度韧性。".to_string(),
                "Deception regenerates after ablation.".to_string(),
            ],
        ),
        (
            "研究动机".to_string(),
            vec!["探究不良行为是否是可移除的局部功能。".to_string()],
        ),
        (
            "方法".to_string(),
            vec!["结合稀疏自编码器与 ℓ 1 正则化。".to_string()],
        ),
        (
            "结果".to_string(),
            vec!["Perplexity rises with each ablation.".to_string()],
        ),
        (
            "结论".to_string(),
            vec!["复杂概念是分布式和纠缠的。".to_string()],
        ),
    ];
    assert_eq!(analysis(&page, ".paper"), expected);
    // Each text in its language, as the language switch expects; math as MathML.
    assert_eq!(
        page.attrs("details.analysis .analysis-tldr .l", "lang"),
        ["zh-CN", "en"]
    );
    assert_eq!(page.count("details.analysis .analysis-method math"), 1);
    // A plain string is the source language (en).
    assert_eq!(
        page.attrs("details.analysis .analysis-result .l", "lang"),
        ["en"]
    );

    let digest = built.html("digests/2025-10-01/index.html");
    assert_eq!(digest.count("#ref-1 details.analysis"), 1);
    assert_eq!(digest.count("details.analysis[open]"), 0);
    assert_eq!(digest.text("#ref-1 details.analysis > summary"), "分析");
    assert_eq!(analysis(&digest, "#ref-1"), expected);
    assert_eq!(digest.count("#ref-1 details.analysis h4"), 5);
    // A paper without one has none.
    assert_eq!(digest.count("#ref-2 details.analysis"), 0);
    let other = built.html("papers/2501.00001/index.html");
    assert_eq!(other.count("details.analysis"), 0);
}

#[test]
fn english_first_sites_label_the_analysis_in_english() {
    let site = SiteTest::new(&SITE.replace("languages: [zh, en]", "languages: [en, zh]"));
    let page = site.build().html("papers/2509.25220/index.html");
    assert_eq!(page.text("details.analysis > summary"), "Analysis");
    assert_eq!(
        page.texts("details.analysis h3"),
        ["TL;DR", "Motivation", "Method", "Result", "Conclusion"]
    );
}

#[test]
fn a_misspelt_key_and_a_foreign_language_are_located_errors() {
    let site = SiteTest::new(SITE);
    site.write(
        "content/papers/2509.25220.md",
        "---\nid: \"2509.25220\"\ntitle: { en: T }\nanalysis:\n  tldr: { zh: 要点 }\n  motivaton: x\n---\n",
    );
    let errors = site.check().expect_err("an unknown key is an error");
    let e = errors.iter().next().unwrap();
    assert_eq!(e.location(), "content/papers/2509.25220.md:6:3");
    assert_eq!(e.message, "analysis: unknown field `motivaton`");
    assert!(
        e.hint
            .as_deref()
            .unwrap()
            .starts_with("did you mean `motivation`?"),
        "{e:?}"
    );

    site.write(
        "content/papers/2509.25220.md",
        "---\nid: \"2509.25220\"\ntitle: { en: T }\nanalysis:\n  method:\n    zh: 方法\n    fr: méthode\n---\n",
    );
    let errors = site.check().expect_err("a foreign language is an error");
    let found: Vec<String> = errors
        .iter()
        .map(|d| format!("{} {}", d.location(), d.message))
        .collect();
    assert_eq!(
        found,
        ["content/papers/2509.25220.md:7:5 `fr` is not a language of this site"]
    );
}

#[test]
fn empty_analysis_texts_and_broken_math_are_warnings() {
    let site = SiteTest::new(SITE);
    site.write(
        "content/papers/2509.25220.md",
        "---\nid: \"2509.25220\"\ntitle: { en: T }\nanalysis:\n  tldr: ''\n  method: { zh: '公式 $\\frac{a$ 未闭合' }\n---\n",
    );
    site.write(
        "content/papers/2501.00001.md",
        "---\nid: \"2501.00001\"\ntitle: { en: T }\nanalysis: {}\n---\n",
    );
    let warnings = site.check().expect("warnings only");
    let found: Vec<String> = warnings
        .iter()
        .map(|d| format!("{} {}", d.location(), d.message))
        .collect();
    assert_eq!(found.len(), 3, "{found:#?}");
    assert_eq!(
        found[0],
        "content/papers/2501.00001.md:4:1 the `analysis:` section has no text; nothing of it is shown"
    );
    assert_eq!(
        found[1],
        "content/papers/2509.25220.md:5:3 `analysis.tldr` has no text; it is not shown"
    );
    assert!(
        found[2].starts_with("content/papers/2509.25220.md:6:21 math that does not parse"),
        "{found:#?}"
    );
    // The build shows what there is: the method, its math as written.
    let page = site.build().html("papers/2509.25220/index.html");
    assert_eq!(page.count("details.analysis section"), 1);
    assert!(page.text(".analysis-method").contains("$\\frac{a$"));
    let other = site.build().html("papers/2501.00001/index.html");
    assert_eq!(other.count("details.analysis"), 0);
}

/// The paper of [`SITE`] with a `generated:` of two entries: cn-chat-arxiv wrote the
/// Chinese title and abstract and every summary, daily-arXiv-ai-enhanced the analysis.
const GENERATED: &str = r#"---
id: "2509.25220"
title:
  en: "Cyclic Ablation: Testing Concept Localization"
  zh: 循环消融：测试概念定位
summary: { zh: 通过循环消融测试欺骗概念能否被移除。, en: "Cyclic ablation fails to remove deception." }
abstract:
  en: Safety and controllability are critical for large language models.
  zh: 安全性和可控性对大型语言模型至关重要。
analysis:
  method: { zh: 结合稀疏自编码器、定向消融和对抗训练。 }
generated:
  - tool: cn-chat-arxiv
    model: gpt-4o-mini
    date: 2024-02-01
    fields: [title.zh, abstract.zh, summary]
  - tool: daily-arXiv-ai-enhanced
    date: 2025-10-01
    fields: [analysis]
date: 2025-10-01
---
"#;

/// The `data-provenance` of the mark in each element matching `css` (`-` for none).
fn marks(page: &Page, css: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(css).unwrap();
    let mark = scraper::Selector::parse("abbr.provenance").unwrap();
    page.0
        .select(&sel)
        .map(|e| {
            let found: Vec<&str> = e
                .select(&mark)
                .filter_map(|m| m.value().attr("data-provenance"))
                .collect();
            assert!(found.len() <= 1, "one mark per text: {found:?}");
            found.first().map_or("-".to_string(), |p| p.to_string())
        })
        .collect()
}

const CN: &str = "tool: cn-chat-arxiv; model: gpt-4o-mini; date: 2024-02-01";
const DAILY: &str = "tool: daily-arXiv-ai-enhanced; date: 2025-10-01";

#[test]
fn machine_written_texts_are_marked_on_the_paper_page_and_in_the_digest() {
    let site = SiteTest::new(SITE);
    site.write("content/papers/2509.25220.md", GENERATED);
    let built = site.build();
    let page = built.html("papers/2509.25220/index.html");
    assert_eq!(marks(&page, "h1 .l"), [CN, "-"]);
    assert_eq!(marks(&page, ".paper-summary .l"), [CN, CN]);
    assert_eq!(marks(&page, ".abstract .l"), [CN, "-"]);
    assert_eq!(marks(&page, "details.analysis .l"), [DAILY]);
    // What a reader sees: a short mark, with the details in its tooltip, in the UI's
    // language.
    assert_eq!(page.texts("h1 abbr.provenance"), ["AI"]);
    assert_eq!(
        page.attrs("h1 abbr.provenance", "title"),
        ["机器生成: cn-chat-arxiv · gpt-4o-mini · 2024-02-01"]
    );
    assert_eq!(page.attrs("h1 abbr.provenance", "lang"), ["zh-CN"]);
    // The JSON-LD credits the machine.
    let json: serde_json::Value =
        serde_json::from_str(&page.texts("script[type=\"application/ld+json\"]")[0]).unwrap();
    assert_eq!(
        json["creditText"],
        "Machine-written: title.zh, abstract.zh, summary (cn-chat-arxiv · gpt-4o-mini · 2024-02-01); analysis (daily-arXiv-ai-enhanced · 2025-10-01)"
    );

    let digest = built.html("digests/2025-10-01/index.html");
    assert_eq!(marks(&digest, "#ref-1 h3 .l"), [CN, "-"]);
    // The summary is in the table, once, with its marks.
    assert_eq!(
        marks(&digest, ".paper-table tr:first-child td.summary .l"),
        [CN, CN]
    );
    assert_eq!(marks(&digest, "#ref-1 .abstract .l"), [CN, "-"]);
    assert_eq!(marks(&digest, "#ref-1 details.analysis .l"), [DAILY]);
    // Not on the tables' titles, nor on papers without `generated:`.
    assert_eq!(digest.count(".paper-table td.title abbr.provenance"), 0);
    assert_eq!(digest.count("#ref-2 abbr.provenance"), 0);
    let other = built.html("papers/2501.00001/index.html");
    assert_eq!(other.count("abbr.provenance"), 0);
    assert!(
        !built
            .read("papers/2501.00001/index.html")
            .contains("creditText")
    );
}

#[test]
fn without_fields_every_text_is_covered() {
    let site = SiteTest::new(SITE);
    site.write(
        "content/papers/2509.25220.md",
        &GENERATED.replace(
            "generated:\n  - tool: cn-chat-arxiv\n    model: gpt-4o-mini\n    date: 2024-02-01\n    fields: [title.zh, abstract.zh, summary]\n  - tool: daily-arXiv-ai-enhanced\n    date: 2025-10-01\n    fields: [analysis]\n",
            "generated: { tool: my-pipeline }\n",
        ),
    );
    let page = site.build().html("papers/2509.25220/index.html");
    assert_eq!(page.count("abbr.provenance"), 7);
    assert_eq!(
        marks(&page, ".abstract .l"),
        ["tool: my-pipeline", "tool: my-pipeline"]
    );
}

#[test]
fn wrong_generated_entries_are_located_errors_with_hints() {
    let site = SiteTest::new(SITE);
    site.write(
        "content/papers/2509.25220.md",
        "---\nid: \"2509.25220\"\ntitle: { en: T, zh: 标题 }\ngenerated:\n  - tool: cn-chat-arxiv\n    date: 2024-13-01\n    fields: [title.zh, sumary, summary.fr]\n  - tool: ''\n---\n",
    );
    let errors = site.check().expect_err("wrong entries are errors");
    let found: Vec<(String, String, String)> = errors
        .iter()
        .map(|d| {
            (
                d.location(),
                d.message.clone(),
                d.hint.as_deref().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(found.len(), 4, "{found:#?}");
    assert_eq!(found[0].0, "content/papers/2509.25220.md:6:5");
    assert_eq!(found[0].1, "`2024-13-01` is not a date");
    assert_eq!(found[1].0, "content/papers/2509.25220.md:7:24");
    assert_eq!(found[1].1, "`sumary` is not a text of a paper");
    assert!(
        found[1].2.starts_with("did you mean `summary`?"),
        "{found:#?}"
    );
    assert_eq!(found[2].0, "content/papers/2509.25220.md:7:32");
    assert_eq!(
        found[2].1,
        "`summary.fr` names `fr`, which is not a language of this site"
    );
    assert_eq!(found[3].0, "content/papers/2509.25220.md:8:5");
    assert_eq!(found[3].1, "the tool of `generated:` is empty");

    site.write(
        "content/papers/2509.25220.md",
        "---\nid: \"2509.25220\"\ntitle: { en: T }\ngenerated:\n  tool: x\n  modle: y\n---\n",
    );
    let errors = site.check().expect_err("an unknown key is an error");
    let e = errors.iter().next().unwrap();
    assert_eq!(e.location(), "content/papers/2509.25220.md:6:3");
    assert_eq!(e.message, "generated: unknown field `modle`");
    assert!(
        e.hint
            .as_deref()
            .unwrap()
            .starts_with("did you mean `model`?")
    );
}

#[test]
fn papers_with_translations_but_no_generated_are_listed() {
    let site = SiteTest::new(SITE);
    site.write(
        "content/papers/2501.00003.md",
        "---\nid: \"2501.00003\"\ntitle: { en: Marked, zh: 有标记 }\ngenerated: { tool: t }\n---\n",
    );
    site.write(
        "content/papers/2501.00004.md",
        "---\nid: \"2501.00004\"\ntitle: { en: Draft, zh: 草稿 }\ndraft: true\n---\n",
    );
    let listed = digest_core::list_unmarked(site.root(), false).unwrap();
    let found: Vec<String> = listed
        .iter()
        .map(|d| format!("{} {}", d.location(), d.message))
        .collect();
    // The English-only paper, the marked one and the draft are not listed.
    assert_eq!(
        found,
        [
            "content/papers/2509.25220.md:5:3 paper `2509.25220` has title.zh, summary.zh, analysis.tldr.zh, analysis.tldr.en, analysis.motivation.zh, analysis.method.zh, analysis.result.en, analysis.conclusion.zh but no `generated:`"
        ]
    );
    assert!(listed.iter().all(|d| !d.is_error()));
    let with_drafts = digest_core::list_unmarked(site.root(), true).unwrap();
    assert_eq!(with_drafts.len(), 2);
}
