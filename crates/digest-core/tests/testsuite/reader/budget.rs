//! The bytes a reader loads against the texts a page shows. The aims: a digest page's HTML
//! at most 1.3 times the bytes of its texts, a paper page at most 5 KB of HTML beyond its
//! own; [`DIGEST_RATIO`], [`PAPER_OVERHEAD`] and [`PAPER_HEAVIEST`] say where pages stand
//! and hold it.
//! Measured on a digest of 285 papers from the shared corpus (a recorded skip without it)
//! and on a synthetic one of the same size and shape, which always runs; the figures are
//! printed (`-- --nocapture`).
//!
//! A page's texts are what it shows of its papers, each once: every language version of
//! each title, one-line summary and abstract (and, on a paper page, of each analysis
//! field and the notes), as the HTML inside its element (its paragraphs, and math as
//! MathML, count as text; an abstract's announce line and notices and the marks of
//! machine-written text do not), and the authors as listed.

use std::io::{BufRead, BufReader};

use scraper::{ElementRef, Node, Selector};

use crate::SUITE;
use crate::site_test::{Page, SiteTest};

/// Papers in the digest measured: the corpus's largest day.
const PAPERS: usize = 285;
/// A digest page's HTML over its texts. The aim is 1.3; a page of the seed's shape (each
/// title in the table and again in its details, in both languages, each text in its own
/// element with its language) is at 1.36 on the synthetic digest and 1.47 on the corpus's
/// today, and this holds what is reached (see docs/reading.md).
const DIGEST_RATIO: f64 = 1.5;
/// A paper page's HTML beyond its texts, on the median page of the corpus sample: the aim,
/// 5 KB, is met (5,070 bytes). The head says each thing once for its consumer (no copy of
/// the abstract, the description or the translated title: see `cite.rs`), and what only
/// works with the script (the header's controls, the BibTeX buttons, the stars) is built
/// by it.
const PAPER_OVERHEAD: usize = 5 * 1024;
/// The heaviest page of the sample beyond its texts (5,376 bytes): a long title is said
/// again by `<title>` in both languages, `citation_title`, the JSON-LD headline and the
/// BibTeX entry, each for its own reader.
const PAPER_HEAVIEST: usize = 5 * 1024 + 512;

/// The bytes of the HTML inside `element`, less what matches `leave_out`.
fn inner_bytes(element: ElementRef<'_>, leave_out: &Selector) -> usize {
    element
        .children()
        .map(|child| match child.value() {
            Node::Text(text) => text.len(),
            Node::Element(_) => {
                let child = ElementRef::wrap(child).unwrap();
                if leave_out.matches(&child) {
                    0
                } else {
                    child.html().len()
                }
            }
            _ => 0,
        })
        .sum()
}

fn sum(page: &Page, css: &str) -> usize {
    let leave_out = Selector::parse(".announce, .abstract-cut, abbr.provenance").unwrap();
    page.0
        .select(&Selector::parse(css).unwrap())
        .map(|e| inner_bytes(e, &leave_out))
        .sum()
}

/// The bytes of the texts a digest page shows: titles (in the details), summaries (in the
/// table), abstracts and authors (in the details).
fn digest_texts(page: &Page) -> usize {
    sum(page, ".paper-details h3 .l")
        + sum(page, ".digest-summary td.summary .l")
        + sum(page, ".paper-details .abstract > .l")
        + sum(page, ".paper-details .authors")
}

/// The bytes of the texts a paper page shows.
fn paper_texts(page: &Page) -> usize {
    sum(page, "article.paper h1 .l")
        + sum(page, ".paper-summary .l")
        + sum(page, "section.abstract > .l")
        + sum(page, "details.analysis section > .l")
        + sum(page, ".notes .body")
        + sum(page, "dd.authors")
}

/// HTML bytes over text bytes of `path`, with both.
fn digest_ratio(html: &str) -> (f64, usize, usize) {
    let page = Page(scraper::Html::parse_document(html));
    let texts = digest_texts(&page);
    assert!(texts > 0, "no texts found");
    (html.len() as f64 / texts as f64, html.len(), texts)
}

const SITE: &str = "-- site.yaml --\ntitle: { zh: 论文摘要, en: Paper Digest }\n\
    description: { zh: 每日 arXiv 论文的中英双语摘要。, en: Bilingual summaries of daily arXiv papers. }\n\
    base_url: https://example.github.io/bench/\nlanguages: [zh, en]\nper_page: 100\n";

/// A number from `seed`, the same on every run (no clock, no randomness).
fn pick(seed: usize, n: usize) -> usize {
    (seed.wrapping_mul(2_654_435_761) >> 7) % n
}

/// Words in the length of real texts: titles of about 90 characters (35 in Chinese),
/// summaries of 250 (100), abstracts of about 1,200 (450), four authors, math in some,
/// most abstracts cut mid-sentence as cn-chat-arxiv's are, ten primary categories.
fn synthetic_paper(i: usize) -> String {
    const EN: &[&str] = &[
        "sparse",
        "attention",
        "models",
        "language",
        "vision",
        "training",
        "we",
        "propose",
        "a",
        "method",
        "for",
        "robust",
        "learning",
        "with",
        "large",
        "data",
        "results",
        "show",
        "that",
        "our",
        "approach",
        "improves",
        "over",
        "baselines",
        "on",
        "tasks",
    ];
    const ZH: &[&str] = &[
        "稀疏",
        "注意力",
        "模型",
        "语言",
        "视觉",
        "训练",
        "我们",
        "提出",
        "一种",
        "方法",
        "鲁棒",
        "学习",
        "大规模",
        "数据",
        "结果",
        "表明",
        "改进",
        "基线",
        "任务",
        "的",
    ];
    let words = |list: &[&str], seed: usize, count: usize, sep: &str| {
        (0..count)
            .map(|k| list[pick(seed * 131 + k, list.len())])
            .collect::<Vec<_>>()
            .join(sep)
    };
    let math = if i.is_multiple_of(4) {
        " with $\\\\mathcal{O}(n^2)$ cost"
    } else {
        ""
    };
    let end = if i % 5 < 4 { "" } else { "." };
    let categories = [
        "cs.LG", "cs.CV", "cs.CL", "cs.AI", "stat.ML", "cs.RO", "cs.IR", "eess.IV", "math.OC",
        "q-bio.NC",
    ];
    let primary = categories[pick(i, 4) + if i.is_multiple_of(7) { pick(i, 6) } else { 0 }];
    format!(
        "---\nid: \"2310.{i:05}\"\ntitle:\n  en: \"{}\"\n  zh: \"{}\"\nsummary:\n  en: \"{}.\"\n  zh: \"{}。\"\n\
         abstract:\n  en: \"{}{math}. {}{end}\"\n  zh: \"{}。{}\"\nauthors: [{}]\nurl: https://arxiv.org/abs/2310.{i:05}\n\
         date: 2023-10-05\narxiv:\n  id: \"2310.{i:05}\"\n  announce: new\n  categories: [{primary}]\n---\n",
        words(EN, i, 12, " "),
        words(ZH, i, 12, ""),
        words(EN, i + 1, 40, " "),
        words(ZH, i + 1, 40, ""),
        words(EN, i + 2, 90, " "),
        words(EN, i + 3, 90, " "),
        words(ZH, i + 2, 90, ""),
        words(ZH, i + 3, 80, ""),
        (0..4)
            .map(|k| format!("Author{} Name{}", pick(i + k, 500), pick(i * 3 + k, 500)))
            .collect::<Vec<_>>()
            .join(", "),
    )
}

fn digest_of(site: &SiteTest, ids: &[String]) {
    site.write(
        "content/digests/2023-10-05.md",
        &format!(
            "---\ntitle: {{ zh: 每日论文 2023-10-05, en: Daily papers 2023-10-05 }}\ndate: 2023-10-05\npapers: [{}]\n---\n",
            ids.iter()
                .map(|id| format!("{id:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
}

#[test]
fn a_synthetic_digest_of_285_papers_keeps_to_its_budget() {
    let site = SiteTest::new(SITE);
    let ids: Vec<String> = (0..PAPERS).map(|i| format!("2310.{i:05}")).collect();
    for (i, id) in ids.iter().enumerate() {
        site.write(&format!("content/papers/{id}.md"), &synthetic_paper(i));
    }
    digest_of(&site, &ids);
    let built = site.build();
    let html = built.read("digests/2023-10-05/index.html");
    let page = built.html("digests/2023-10-05/index.html");
    assert_eq!(page.count(".paper-details"), PAPERS);
    let (ratio, bytes, texts) = digest_ratio(&html);
    eprintln!(
        "synthetic digest of {PAPERS} papers: {bytes} bytes of HTML, {texts} of texts, ratio {ratio:.3}"
    );
    assert!(
        ratio <= DIGEST_RATIO,
        "{bytes} bytes of HTML for {texts} of texts: {ratio:.3}"
    );
    for id in ids.iter().step_by(40) {
        let html = built.read(&format!("papers/{id}/index.html"));
        let texts = paper_texts(&Page(scraper::Html::parse_document(&html)));
        assert!(
            html.len() <= texts + PAPER_HEAVIEST,
            "papers/{id}/: {} bytes of HTML, {texts} of texts",
            html.len()
        );
    }
}

#[test]
fn a_corpus_digest_of_285_papers_keeps_to_its_budget() {
    let Some(path) = SUITE.shared_path("corpus/normalized/papers.normalized.jsonl.gz") else {
        return;
    };
    let reader = BufReader::new(flate2::read::GzDecoder::new(
        std::fs::File::open(path).unwrap(),
    ));
    let site = SiteTest::new(SITE);
    let mut ids = Vec::new();
    // Papers with texts in both languages, spread over the corpus, as a daily digest of
    // a bilingual site has them.
    for line in reader.lines().step_by(7) {
        let record: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        let both = ["title_en", "title_zh", "abstract_en", "abstract_zh"]
            .iter()
            .all(|k| record[k].as_str().is_some_and(|t| !t.trim().is_empty()));
        let id = record["id"].as_str().unwrap_or_default().to_string();
        if !both || ids.contains(&id) {
            continue;
        }
        site.write(
            &format!("content/papers/{id}.md"),
            &crate::corpus_smoke::paper_file(&record),
        );
        ids.push(id);
        if ids.len() == PAPERS {
            break;
        }
    }
    digest_of(&site, &ids);
    let built = site.build();
    let html = built.read("digests/2023-10-05/index.html");
    let (ratio, bytes, texts) = digest_ratio(&html);
    eprintln!(
        "corpus digest of {PAPERS} papers: {bytes} bytes of HTML, {texts} of texts, ratio {ratio:.3}"
    );
    assert!(
        ratio <= DIGEST_RATIO,
        "{bytes} bytes of HTML for {texts} of texts: {ratio:.3}"
    );
    let mut worst = (0, String::new());
    let mut all = Vec::new();
    for id in &ids {
        let html = built.read(&format!("papers/{id}/index.html"));
        let texts = paper_texts(&Page(scraper::Html::parse_document(&html)));
        let beyond = html.len().saturating_sub(texts);
        all.push(beyond);
        if beyond > worst.0 {
            worst = (beyond, id.clone());
        }
    }
    all.sort_unstable();
    let median = all[all.len() / 2];
    eprintln!("paper pages beyond their texts: median {median} bytes");
    assert!(
        median <= PAPER_OVERHEAD,
        "the median paper page carries {median} bytes beyond its texts"
    );
    eprintln!(
        "heaviest paper page beyond its texts: {} bytes (papers/{}/)",
        worst.0, worst.1
    );
    assert!(
        worst.0 <= PAPER_HEAVIEST,
        "papers/{}/ carries {} bytes beyond its texts",
        worst.1,
        worst.0
    );
}

/// The figures of a digest page already built, such as the 285-paper digest of the
/// benchmark site (`cargo xtask sites --size 3000 --dir DIR`, built with
/// `digest-site build`): `DIGEST_BUDGET_PAGE=DIR/digest-site/public/digests/2023-10-05/index.html
/// cargo test -p digest-core --test testsuite -- reader::budget::a_built_digest_page --ignored --nocapture`.
#[test]
#[ignore = "measures a page named by DIGEST_BUDGET_PAGE"]
fn a_built_digest_page() {
    let path = std::env::var("DIGEST_BUDGET_PAGE").expect("DIGEST_BUDGET_PAGE names a digest page");
    let html = std::fs::read_to_string(&path).unwrap();
    let (ratio, bytes, texts) = digest_ratio(&html);
    eprintln!("{path}: {bytes} bytes of HTML, {texts} of texts, ratio {ratio:.3}");
    assert!(ratio <= DIGEST_RATIO, "{ratio:.3}");
}
