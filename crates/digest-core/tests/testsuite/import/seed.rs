//! The reference digest: importing it gives the seven papers with their exact fields, the
//! digest lists them in table order, and exporting gives the seed back.

use super::*;

use digest_core::export::export_markdown;
use digest_core::frontmatter::PaperFrontMatter;
use digest_core::import::{FileAction, SourceKind};

/// One paper of the seed, as its file must read.
struct SeedPaper {
    id: &'static str,
    version: u32,
    announce: Option<&'static str>,
    categories: &'static [&'static str],
    url: &'static str,
    title_en: &'static str,
    title_zh: &'static str,
}

/// The seed's papers in table order.
const SEED: [SeedPaper; 7] = [
    SeedPaper {
        id: "2404.02424",
        version: 1,
        announce: Some("new"),
        categories: &[],
        url: "https://arxiv.org/abs/2404.02424",
        title_en: "RESSA: Repair Sparse Vision-Language Models via Sparse Cross-Modality Adaptation",
        title_zh: "通过稀疏跨模态适应修复稀疏视觉-语言模型",
    },
    SeedPaper {
        id: "2403.19651",
        version: 1,
        announce: Some("cross"),
        categories: &[],
        url: "https://arxiv.org/abs/2403.19651",
        title_en: "MagicLens: Self-Supervised Image Retrieval with Open-Ended Instructions",
        title_zh: "MagicLens：自监督图像检索与开放式指令",
    },
    SeedPaper {
        id: "2403.07332",
        version: 1,
        announce: Some("cross"),
        categories: &[],
        url: "https://arxiv.org/abs/2403.07332",
        title_en: "Large Window-based Mamba UNet for Medical Image Segmentation: Beyond Convolution and Self-attention",
        title_zh: "基于大窗口的Mamba UNet用于医学图像分割：超越卷积和自注意力",
    },
    SeedPaper {
        id: "2402.10882",
        version: 1,
        announce: Some("cross"),
        categories: &[],
        url: "https://arxiv.org/abs/2402.10882",
        title_en: "Universal Prompt Optimizer for Safe Text-to-Image Generation",
        title_zh: "通用提示优化器用于安全文本到图像生成",
    },
    SeedPaper {
        id: "2401.14555",
        version: 1,
        announce: None,
        categories: &["cs.CV"],
        url: "http://arxiv.org/abs/2401.14555",
        title_en: "Revisiting Active Learning in the Era of Vision Foundation Models",
        title_zh: "在视觉基础模型时代重新审视主动学习",
    },
    SeedPaper {
        id: "2401.04364",
        version: 1,
        announce: None,
        categories: &["cs.CV"],
        url: "http://arxiv.org/abs/2401.04364",
        title_en: "SoK: Facial Deepfake Detectors",
        title_zh: "SoK：面部深度伪造检测器",
    },
    SeedPaper {
        id: "2308.12143",
        version: 1,
        announce: None,
        categories: &["cs.LG"],
        url: "http://arxiv.org/abs/2308.12143",
        title_en: "A Probabilistic Fluctuation based Membership Inference Attack for Generative Models",
        title_zh: "一种基于概率波动的生成模型成员推断攻击方法",
    },
];

/// The seed imported into a fresh site, with its papers in table order; `None` (the test
/// is skipped) without the shared folder.
fn imported_seed() -> Option<(SiteTest, Vec<PaperFrontMatter>)> {
    let seed = seed_path()?;
    let site = empty_site();
    let plan = site
        .import(&seed, &seed_options())
        .expect("the seed imports");
    assert_eq!(plan.sources, [(SourceKind::MarkdownDigest.describe(), 1)]);
    assert_eq!(plan.files.len(), 8, "seven papers and one digest");
    assert!(plan.files.iter().all(|f| f.action == FileAction::Create));
    assert!(plan.warnings.is_empty(), "{}", plan.warnings);
    let papers = SEED.iter().map(|s| site.read_paper(s.id).front).collect();
    Some((site, papers))
}

#[test]
fn seed_gives_seven_papers_with_their_exact_fields() {
    let Some((_site, papers)) = imported_seed() else {
        return;
    };
    for (paper, seed) in papers.iter().zip(SEED) {
        let SeedPaper {
            id,
            version,
            announce,
            categories,
            url,
            title_en: en,
            title_zh: zh,
        } = seed;
        assert_eq!(paper.id, id);
        assert_eq!(paper.title.get("en"), Some(en), "{id}");
        assert_eq!(paper.title.get("zh"), Some(zh), "{id}");
        assert_eq!(paper.title.languages().collect::<Vec<_>>(), ["zh", "en"]);
        assert_eq!(paper.url.as_deref(), Some(url), "{id}");
        let arxiv = paper.arxiv.as_ref().expect("arXiv metadata");
        assert_eq!(arxiv.id, id);
        assert_eq!(arxiv.version, Some(version), "{id}");
        assert_eq!(arxiv.announce.as_deref(), announce, "{id}");
        assert_eq!(arxiv.categories, categories, "{id}");
        assert!(
            paper.summary.get("zh").is_some_and(|s| !s.is_empty()),
            "{id}"
        );
        assert_eq!(
            paper.summary.get("en"),
            None,
            "{id}: the seed has no English summary"
        );
        let zh = paper.abstract_text.get("zh").expect("Chinese abstract");
        let en = paper.abstract_text.get("en").expect("English abstract");
        assert!(
            !zh.contains("Abstract") && !en.starts_with("arXiv:"),
            "{id}: {en}"
        );
        assert!(paper.authors.is_empty() && paper.date.is_none() && paper.tags.is_empty());
    }
}

#[test]
fn seed_texts_are_kept_character_for_character() {
    let Some((_site, papers)) = imported_seed() else {
        return;
    };
    let ressa = &papers[0];
    assert_eq!(
        ressa.summary.get("zh"),
        Some(
            "通过稀疏跨模态适应修复稀疏视觉-语言模型，探索了VLM修剪中的两个主要问题，提出稀疏比率对性能的影响，展示了修复稀疏VLMs性能所需的专门技术。"
        )
    );
    let en = ressa.abstract_text.get("en").unwrap();
    assert!(en.starts_with(
        "Vision-Language Models (VLMs), integrating diverse information from multiple modalities,"
    ));
    assert!(en.ends_with(
        "sparse VLMs involve cross-modality interactions, requiring specialized techniques"
    ));
    assert_eq!(en.chars().count(), 951);
    let zh = ressa.abstract_text.get("zh").unwrap();
    assert!(zh.starts_with("视觉-语言模型(VLMs)整合了来自多个模态的不同信息"));
    assert!(zh.ends_with("稀疏VLMs涉及跨模态交互，需要专门的技术。"));

    // An old-listing paper: the bare abstract, not the title's suffix.
    let pfami = &papers[6];
    let en = pfami.abstract_text.get("en").unwrap();
    assert!(en.starts_with("Membership Inference Attack (MIA) identifies whether a record exists"));
    assert_eq!(
        pfami.summary.get("zh"),
        Some(
            "本研究针对生成模型提出了一种概率波动评估成员推断攻击方法(PFAMI)，通过检测概率分布的波动性来推断模型中是否存在某条训练记录的成员身份。"
        )
    );

    // Every text of the seed appears in it exactly as imported.
    let seed = std::fs::read_to_string(seed_path().unwrap()).unwrap();
    for paper in &papers {
        for text in [&paper.summary, &paper.abstract_text, &paper.title] {
            for lang in ["zh", "en"] {
                if let Some(t) = text.get(lang) {
                    assert!(
                        seed.contains(t),
                        "{}: {lang} text not verbatim in the seed",
                        paper.id
                    );
                }
            }
        }
    }
}

#[test]
fn digest_lists_the_papers_in_table_order_and_the_site_builds() {
    let Some((site, _)) = imported_seed() else {
        return;
    };
    let digest = site.read_digest("2024-04-04");
    let ids: Vec<&str> = SEED.iter().map(|s| s.id).collect();
    assert_eq!(digest.front.papers, ids);
    assert_eq!(digest.front.date.as_deref(), Some("2024-04-04"));
    assert_eq!(digest.front.title.get("zh"), Some("论文摘要 2024-04-04"));
    assert_eq!(
        digest.front.title.get("en"),
        Some("Paper digest 2024-04-04")
    );
    let out = site.root().join("public");
    let report = site.build().report;
    assert_eq!((report.papers, report.digests), (7, 1));
    let page = std::fs::read_to_string(out.join("digests/2024-04-04/index.html")).unwrap();
    let html = scraper::Html::parse_document(&page);
    let link = scraper::Selector::parse("table a[href]").unwrap();
    let text: String = html
        .select(&link)
        .map(|a| a.text().collect::<String>())
        .collect();
    assert!(
        text.contains("RESSA: Repair Sparse Vision-Language Models"),
        "{text}"
    );
}

#[test]
fn export_of_the_imported_seed_is_the_seed() {
    let Some((site, _)) = imported_seed() else {
        return;
    };
    let exported = export_markdown(site.root(), None).expect("export");
    let seed = std::fs::read_to_string(seed_path().unwrap()).unwrap();
    assert_eq!(squash(&exported), squash(&seed));
    // Not only modulo whitespace: the same bytes.
    assert_eq!(exported, seed);
}

#[test]
fn seed_to_files_to_markdown_to_files_gives_the_same_files() {
    let Some((first, _)) = imported_seed() else {
        return;
    };
    let exported = export_markdown(first.root(), Some("2024-04-04")).expect("export");
    let second = empty_site();
    let markdown = second.root().join("2024-04-04.md");
    std::fs::write(&markdown, &exported).unwrap();
    second
        .import(&markdown, &Default::default())
        .expect("the export imports");
    std::fs::remove_file(&markdown).unwrap();
    assert_same_files(
        &first.root().join("content"),
        &second.root().join("content"),
    );
}

#[test]
fn importing_the_seed_twice_changes_nothing() {
    let Some((site, _)) = imported_seed() else {
        return;
    };
    let before = snapshot(site.root());
    let plan = site
        .import(&seed_path().unwrap(), &seed_options())
        .expect("second import");
    assert!(plan.files.iter().all(|f| f.action == FileAction::Unchanged));
    assert!(plan.warnings.is_empty(), "{}", plan.warnings);
    assert_eq!(snapshot(site.root()), before);
}

#[test]
fn the_repository_demo_content_is_this_import_of_the_seed() {
    // docs/import-export.md: `digest-site import ../shared/seeds/000_e6d854fc55a81dd5.txt
    // --date 2024-04-04 --force`, run at the repository root, wrote content/.
    let Some((site, _)) = imported_seed() else {
        return;
    };
    let demo = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../content"));
    for folder in ["papers", "digests"] {
        assert_same_files(
            &demo.join(folder),
            &site.root().join("content").join(folder),
        );
    }
}

/// Papers the seed's form has less room for come back from their export as they were:
/// texts of several paragraphs, a `\|` in a table cell, an English-only paper from a feed,
/// a paper without a summary and one whose only summary is English.
/// An address with a `|` (OpenReview's) is escaped in the table, where it would end the
/// cell, and comes back as it was.
#[test]
fn an_address_with_a_bar_comes_back_from_its_export() {
    let first = empty_site();
    let url = "https://openreview.net/forum?id=abc|def";
    first.write(
        "content/papers/2401.00020.md",
        &format!("---\nid: '2401.00020'\ntitle: {{zh: 标题, en: Title}}\nabstract: {{zh: 摘要。, en: Abstract.}}\nurl: '{url}'\narxiv: {{id: '2401.00020', version: 1, announce: new}}\n---\n"),
    );
    first.write(
        "content/digests/2024-01-05-x.md",
        "---\ntitle: {zh: t, en: t}\ndate: 2024-01-05\npapers: ['2401.00020']\n---\n",
    );
    let exported = export_markdown(first.root(), None).expect("export");
    let second = empty_site();
    let markdown = second.root().join("2024-01-05_x.md");
    std::fs::write(&markdown, &exported).unwrap();
    second
        .import(&markdown, &Default::default())
        .unwrap_or_else(|d| panic!("{d}\n{exported}"));
    assert_eq!(
        second.read_paper("2401.00020").front.url.as_deref(),
        Some(url),
        "{exported}"
    );
    // A paper of the older listing names its first category only: the others are said lost.
    first.write(
        "content/papers/2401.00021.md",
        "---\nid: '2401.00021'\ntitle: {en: Two categories}\nabstract: {en: A.}\narxiv: {id: '2401.00021', version: 1, categories: [cs.CL, cs.AI]}\n---\n",
    );
    first.write(
        "content/digests/2024-01-05-x.md",
        "---\ntitle: {zh: t, en: t}\ndate: 2024-01-05\npapers: ['2401.00020', '2401.00021']\n---\n",
    );
    let (_, losses) =
        digest_core::export::export_markdown_noting_losses(first.root(), None).expect("export");
    let said = losses.render(false);
    assert!(
        said.contains("the older listing only the first") && said.contains("2401.00021"),
        "{said}"
    );
}

#[test]
fn papers_of_every_shape_come_back_from_their_export() {
    let first = empty_site();
    let papers = [
        (
            "2404.02424",
            "title: {zh: 中文标题, en: English title}\nsummary:\n  zh: |-\n    一句话。\n\n    第二段。\nabstract:\n  zh: |-\n    中文摘要。\n\n    中文第二段。\n  en: |-\n    First paragraph.\n\n    Second paragraph.\n",
        ),
        (
            "2401.00011",
            "title: {zh: 范数的界, en: 'Bounds on $\\|A\\|_F$'}\nsummary: {zh: '证明了$\\|A\\|_F \\le 1$。'}\nabstract: {zh: 摘要。, en: Abstract.}\n",
        ),
        (
            "2604.21935",
            "title: {en: English-only paper}\nabstract: {en: English abstract.}\n",
        ),
        (
            "2401.00012",
            "title: {zh: 无总结, en: No summary}\nabstract: {zh: 中文摘要。, en: English abstract.}\n",
        ),
        (
            "2401.00015",
            "title: {zh: 英文总结, en: English summary only}\nsummary: {en: English one-liner.}\nabstract: {zh: 甲。, en: A.}\n",
        ),
    ];
    for (id, texts) in papers {
        first.write(
            &format!("content/papers/{id}.md"),
            &format!("---\nid: '{id}'\n{texts}url: https://arxiv.org/abs/{id}\narxiv: {{id: '{id}', version: 2, announce: new}}\n---\n"),
        );
    }
    let ids: Vec<String> = papers.iter().map(|(id, _)| format!("'{id}'")).collect();
    first.write(
        "content/digests/2024-01-05-x.md",
        &format!(
            "---\ntitle: {{zh: t, en: t}}\ndate: 2024-01-05\npapers: [{}]\n---\n",
            ids.join(", ")
        ),
    );
    let exported = export_markdown(first.root(), None).expect("export");
    let second = empty_site();
    let markdown = second.root().join("2024-01-05_x.md");
    std::fs::write(&markdown, &exported).unwrap();
    let plan = second
        .import(&markdown, &Default::default())
        .unwrap_or_else(|d| panic!("{d}\n{exported}"));
    assert!(plan.warnings.is_empty(), "{}", plan.warnings);
    for (id, _) in papers {
        let (before, after) = (first.read_paper(id).front, second.read_paper(id).front);
        assert_eq!(after.title, before.title, "{id}\n{exported}");
        assert_eq!(after.summary, before.summary, "{id}\n{exported}");
        assert_eq!(
            after.abstract_text, before.abstract_text,
            "{id}\n{exported}"
        );
        assert_eq!(after.arxiv, before.arxiv, "{id}\n{exported}");
    }
}
