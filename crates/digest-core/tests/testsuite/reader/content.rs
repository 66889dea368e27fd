//! What a reader gets from the content of a built site: math as MathML, arXiv text macros
//! as HTML, escaping intact, citations (BibTeX block and files, Scholar / OpenGraph / JSON-LD
//! metadata), Atom feeds and the sitemap; and the warnings `check` gives about math.

use std::collections::BTreeSet;

use crate::site_test::{self, Page, SiteTest};
use quick_xml::events::Event;
use scraper::Selector;

/// A site whose texts hold every kind of math and macro seen in arXiv abstracts, a broken
/// formula, a translation that lost its delimiters, and text that tries to break out of
/// the HTML.
const SITE: &str = r#"-- site.yaml --
title: { zh: 论文摘要, en: Paper Digest }
base_url: https://user.github.io/repo/
languages: [zh, en]
-- content/papers/2501.00001.md --
---
id: "2501.00001"
title:
  en: 'Quadratic Wells: $\mathcal{O}(n^2)$ Attention for Schr\"odinger Bridges'
  zh: '二次势阱：$\mathcal{O}(n^2)$ 注意力'
authors: [Ada Lovelace, Grace Hopper]
tags: [toy-models]
summary:
  en: "Energy \\(x^2\\) in ``closed form'' --- fast."
  zh: "能量 \\(x^2\\) 的闭式解。"
abstract:
  en: |
    We study the \emph{energy} $E = \frac{1}{2} x^2$ of a \textbf{quadratic}
    well~\cite{smith2020} and reach 50\% fewer steps (Q\&A: see
    \url{https://github.com/example/wells}).

    $$\sum_{i=1}^{n} x_i$$ is all it takes; pages 3--5.
  zh: |
    我们研究二次势阱的\emph{能量} $E = \frac{1}{2} x^2$，步数减少 50\%。
date: 2025-01-02
arxiv:
  id: "2501.00001"
  version: 2
  categories: [cs.LG, math.OC]
  published: "2025-01-01"
  updated: "2025-01-20"
---
Notes: the energy $E = x^2$ is convex, and

$$\int_0^1 x^2 \, dx = \frac{1}{3}$$

In LaTeX's own delimiters: \(a_1 + a_2\) and

\[\lim_{n \to \infty} a_n\]

but not in code: `\(x\)`.
-- content/papers/2501.00002.md --
---
id: "2501.00002"
title:
  en: "Broken Formulas </script><script>alert(1)</script>"
  zh: "损坏的公式"
authors: ["<b>Eve</b> Hacker"]
abstract:
  en: 'A formula $\frac{a$ that never closes, and runs in $\mathcal{O}(n)$ time.'
  zh: "一个永不闭合的公式，运行时间为 \\mathcal{O}(n)。"
date: 2025-01-03
arxiv:
  id: "2501.00002"
  categories: [cs.CL]
tags: [toy-models]
---
Notes with \(\frac{b\) in them.
-- content/digests/2025-01-03.md --
---
title: { zh: 每日论文 2025-01-03, en: Daily papers 2025-01-03 }
date: 2025-01-03
papers: ["2501.00002", "2501.00001"]
---
"#;

fn site() -> SiteTest {
    SiteTest::new(SITE)
}

/// The MathML elements inside the elements matching `css`.
fn math_in(page: &Page, css: &str) -> usize {
    let sel = Selector::parse(&format!("{css} math")).unwrap();
    page.0.select(&sel).count()
}

#[test]
fn math_renders_as_mathml_in_titles_summaries_and_abstracts_of_both_languages() {
    // The site (its temp folder) lives as long as the test reads the output.
    let site = site();
    let built = site.build();
    let page = built.html("papers/2501.00001/index.html");
    assert_eq!(math_in(&page, "h1 [lang=en]"), 1);
    assert_eq!(math_in(&page, "h1 [lang=zh-CN]"), 1);
    assert_eq!(math_in(&page, ".paper-summary [lang=en]"), 1);
    assert_eq!(math_in(&page, ".paper-summary [lang=zh-CN]"), 1);
    // Inline and display math of the English abstract, inline math of the Chinese one.
    assert_eq!(math_in(&page, ".abstract [lang=en]"), 2);
    assert_eq!(page.count(".abstract [lang=en] math[display=block]"), 1);
    assert_eq!(math_in(&page, ".abstract [lang=zh-CN]"), 1);
    // The formula's pieces are MathML, not LaTeX source.
    assert!(page.count(".abstract [lang=en] math mfrac") == 1);
    let abstract_text = page.text(".abstract [lang=en]");
    assert!(!abstract_text.contains('$'), "{abstract_text}");
    assert!(!abstract_text.contains("\\frac"), "{abstract_text}");

    // Math in the Markdown notes too, inline and display, in `$` and in `\(` `\[`.
    assert_eq!(page.count(".notes math:not([display=block])"), 2);
    assert_eq!(page.count(".notes math[display=block]"), 2);
    // `a_1`, `a_2` and the subscript of the limit.
    assert_eq!(page.count(".notes math msub"), 3);
    assert!(!page.text(".notes").contains('$'));
    assert_eq!(page.text(".notes code"), "\\(x\\)");

    // The digest page and the paper tables render the same math.
    let digest = built.html("digests/2025-01-03/index.html");
    assert_eq!(math_in(&digest, ".paper-table td.title"), 2);
    assert_eq!(math_in(&digest, "#ref-2 .abstract [lang=en]"), 2);
    let home = built.html("index.html");
    assert_eq!(math_in(&home, ".paper-table td.title"), 2);
}

/// Texts wrapped inside Chinese sentences, as translators' and editors' tools write them.
#[test]
fn a_line_break_within_chinese_text_is_no_space() {
    let site = SiteTest::new(
        "-- site.yaml --\ntitle: T\nbase_url: https://example.org/\nlanguages: [zh, en]\n\
         -- content/papers/a.md --\n---\nid: a\ndate: 2025-01-02\n\
         title:\n  zh: |\n    注意力就是你\n    所需要的一切\n  en: |\n    Attention Is\n    All You Need\n\
         summary:\n  zh: |\n    完全基于注意力机制，\n    摒弃循环与卷积。\n\
         abstract:\n  zh: |\n    我们提出了一种新的简单网络架构Transformer，它完全基于注意力机制，\n    完全摒弃了循环和卷积。\n    Transformer 泛化良好。\n  \
         en: |\n    We propose a new simple network architecture,\n    the Transformer.\n---\n\
         笔记：编码器\n与解码器\nTransformer 之后。\n",
    );
    let built = site.build();
    let page = built.html("papers/a/index.html");
    assert_eq!(
        page.texts("h1 .l"),
        ["注意力就是你所需要的一切", "Attention Is All You Need"]
    );
    assert_eq!(
        page.text(".paper-summary .l-zh"),
        "完全基于注意力机制，摒弃循环与卷积。"
    );
    assert_eq!(
        page.text(".abstract .l-zh"),
        "我们提出了一种新的简单网络架构Transformer，它完全基于注意力机制，完全摒弃了循环和卷积。 Transformer 泛化良好。"
    );
    assert_eq!(
        page.text(".abstract .l-en"),
        "We propose a new simple network architecture, the Transformer."
    );
    assert_eq!(
        page.text(".notes p"),
        "笔记：编码器与解码器 Transformer 之后。"
    );
    // The feed and the search index read the joined text too.
    let feed = built.read("atom.xml");
    assert!(
        feed.contains("它完全基于注意力机制，完全摒弃了循环和卷积。"),
        "{feed}"
    );
    let cards: serde_json::Value = serde_json::from_str(&built.read("search/d/0.json")).unwrap();
    assert_eq!(cards[0]["t"][0][1], "注意力就是你所需要的一切");
    assert_eq!(cards[0]["s"][0][1], "完全基于注意力机制，摒弃循环与卷积。");
}

#[test]
fn text_macros_become_html() {
    let site = site();
    let built = site.build();
    let page = built.html("papers/2501.00001/index.html");
    assert_eq!(page.text(".abstract [lang=en] em"), "energy");
    assert_eq!(page.text(".abstract [lang=en] b"), "quadratic");
    assert_eq!(
        page.attrs(".abstract [lang=en] a", "href"),
        ["https://github.com/example/wells"]
    );
    let text = page.text(".abstract [lang=en]");
    // `~` is a no-break space (which the collapsed text above shows as a space).
    assert!(
        built
            .read("papers/2501.00001/index.html")
            .contains("well\u{a0}[smith2020]")
    );
    assert!(text.contains("50% fewer steps (Q&A: see"), "{text}");
    assert!(text.contains("pages 3–5"), "{text}");
    assert_eq!(
        page.count(".abstract [lang=en] p:not(.announce)"),
        2,
        "a blank line is a paragraph"
    );
    assert!(!text.contains('\\'), "no macro is left: {text}");
    let summary = page.text(".paper-summary [lang=en]");
    assert!(summary.contains("“closed form” — fast"), "{summary}");
    assert!(page.text("h1 [lang=en]").contains("Schrödinger"));
    assert_eq!(page.text(".abstract [lang=zh-CN] em"), "能量");
    // The `<title>` gets plain text: macros resolved, math as its source.
    let title = page.text("title");
    assert!(
        title.starts_with("二次势阱：$\\mathcal{O}(n^2)$ 注意力"),
        "{title}"
    );
}

#[test]
fn unparseable_math_is_shown_as_written_and_escaping_holds() {
    let site = site();
    let built = site.build();
    let page = built.html("papers/2501.00002/index.html");
    let text = page.text(".abstract [lang=en]");
    assert!(
        text.contains("A formula $\\frac{a$ that never closes"),
        "{text}"
    );
    // The rest of the text still renders.
    assert_eq!(math_in(&page, ".abstract [lang=en]"), 1);
    // The title's markup is text: the only scripts are the theme's and the JSON-LD.
    assert!(
        page.text("h1 [lang=en]")
            .contains("</script><script>alert(1)</script>")
    );
    assert_eq!(page.count("h1 script"), 0);
    for script in page.0.select(&Selector::parse("script").unwrap()) {
        let inline = script.text().collect::<String>();
        assert!(!inline.contains("alert(1)</"), "{inline}");
    }
    assert_eq!(page.text(".authors"), "<b>Eve</b> Hacker");
    assert_eq!(page.count(".authors b"), 0);
}

#[test]
fn check_warns_about_broken_math_and_lost_delimiters_without_failing() {
    let site = site();
    let warnings = site.check().expect("warnings do not fail check");
    let found: Vec<String> = warnings
        .iter()
        .map(|d| format!("{} {}", d.location(), d.message))
        .collect();
    assert_eq!(found.len(), 3, "{found:#?}");
    // The broken formula, at its line and column in the file.
    assert!(
        found[0].starts_with("content/papers/2501.00002.md:8:")
            && found[0].contains("does not parse"),
        "{found:#?}"
    );
    let d = warnings.iter().next().unwrap();
    let expected_column = d.source_line.find("$\\frac{a$").expect("the line shown") + 1;
    assert_eq!(d.column, expected_column, "{:?}", d.source_line);
    // The Chinese abstract that lost its `$`.
    assert!(
        found[1].starts_with("content/papers/2501.00002.md:9:3 ") && found[1].contains("`zh`"),
        "{found:#?}"
    );
    // Math of the Markdown notes, at its line and column in the file.
    assert!(
        found[2].starts_with("content/papers/2501.00002.md:16:12 ")
            && found[2].contains("does not parse"),
        "{found:#?}"
    );
    let body = warnings.iter().nth(2).unwrap();
    assert_eq!(body.source_line, "Notes with \\(\\frac{b\\) in them.");
    assert!(body.hint.as_deref().unwrap().contains("\\(\\frac{b\\)"));
    assert!(warnings.iter().all(|d| !d.is_error()));
    // And the build goes through, reporting the same warnings.
    let built = site.build();
    assert_eq!(built.report.warnings.len(), 3);
    // The notes show the broken math as written.
    let page = built.html("papers/2501.00002/index.html");
    assert!(page.text(".notes").contains("\\(\\frac{b\\)"));
}

#[test]
fn paper_pages_have_a_bibtex_block_to_copy_and_download() {
    let site = site();
    let built = site.build();
    let page = built.html("papers/2501.00001/index.html");
    let shown: String = page
        .0
        .select(&Selector::parse("pre#bibtex").unwrap())
        .next()
        .expect("a BibTeX block")
        .text()
        .collect();
    assert_eq!(
        shown,
        "@misc{lovelace2025quadratic,\n\
         \x20 title = {Quadratic Wells: $\\mathcal{O}(n^2)$ Attention for Schr\\\"odinger Bridges},\n\
         \x20 author = {Ada Lovelace and Grace Hopper},\n\
         \x20 year = {2025},\n\
         \x20 eprint = {2501.00001},\n\
         \x20 archivePrefix = {arXiv},\n\
         \x20 primaryClass = {cs.LG},\n\
         \x20 url = {https://arxiv.org/abs/2501.00001},\n\
         }\n"
    );
    // The copy and download buttons need the script, which adds them (browser::reader):
    // the page names the file the entry is saved as, and carries no file per paper.
    assert_eq!(
        page.attrs("pre#bibtex", "data-filename"),
        ["lovelace2025quadratic.bib"]
    );
    assert_eq!(
        page.count(".cite button"),
        0,
        "no button that would do nothing"
    );
    assert!(!built.exists("papers/2501.00001/cite.bib"));
    assert_eq!(
        page.count(".cite a"),
        0,
        "no link to a file that is not there"
    );
    // Without JavaScript the block is there to select, and the digest's papers.bib holds
    // the same entry.
    let digest_bib = built.read("digests/2025-01-03/papers.bib");
    assert!(digest_bib.contains(&shown), "{digest_bib}");
}

#[test]
fn digests_have_a_bib_of_their_papers_in_ref_order() {
    let site = site();
    let built = site.build();
    let bib = built.read("digests/2025-01-03/papers.bib");
    let keys: Vec<&str> = bib
        .lines()
        .filter_map(|l| l.strip_prefix("@misc{"))
        .map(|l| l.trim_end_matches(','))
        .collect();
    assert_eq!(keys, ["hacker2025broken", "lovelace2025quadratic"]);
    // Braces in a title stay balanced so the file parses.
    let opens = bib.matches('{').count() - bib.matches("\\{").count();
    let closes = bib.matches('}').count() - bib.matches("\\}").count();
    assert_eq!(opens, closes, "{bib}");
    let page = built.html("digests/2025-01-03/index.html");
    assert_eq!(
        page.attrs(".digest-links a", "href"),
        [
            "/repo/digests/2025-01-03/papers.bib",
            "/repo/digests/2025-01-03/atom.xml"
        ]
    );
}

fn meta(page: &Page, attr: &str, name: &str) -> Vec<String> {
    page.attrs(&format!("meta[{attr}=\"{name}\"]"), "content")
}

#[test]
fn paper_pages_carry_scholar_opengraph_and_json_ld_metadata() {
    let site = site();
    let built = site.build();
    let page = built.html("papers/2501.00001/index.html");
    assert_eq!(
        meta(&page, "name", "citation_title"),
        ["Quadratic Wells: $\\mathcal{O}(n^2)$ Attention for Schrödinger Bridges"]
    );
    assert_eq!(
        meta(&page, "name", "citation_author"),
        ["Ada Lovelace", "Grace Hopper"]
    );
    assert_eq!(
        meta(&page, "name", "citation_publication_date"),
        ["2025/01/01"]
    );
    assert_eq!(meta(&page, "name", "citation_arxiv_id"), ["2501.00001"]);
    assert_eq!(
        meta(&page, "name", "citation_pdf_url"),
        ["https://arxiv.org/pdf/2501.00001"]
    );
    assert_eq!(meta(&page, "property", "og:type"), ["article"]);
    assert_eq!(
        meta(&page, "property", "og:url"),
        ["https://user.github.io/repo/papers/2501.00001/"]
    );
    assert_eq!(meta(&page, "property", "og:locale"), ["zh_CN"]);
    assert_eq!(meta(&page, "property", "og:locale:alternate"), ["en_US"]);
    assert_eq!(meta(&page, "property", "article:tag"), ["toy-models"]);
    // Link previews take the page's `<title>`, which the head says once.
    assert!(meta(&page, "property", "og:title").is_empty());
    assert!(
        page.text("title").starts_with("二次势阱"),
        "{}",
        page.text("title")
    );

    let json: serde_json::Value = serde_json::from_str(&json_ld(&page)).expect("valid JSON-LD");
    assert_eq!(json["@context"], "https://schema.org");
    assert_eq!(json["@type"], "ScholarlyArticle");
    assert_eq!(
        json["headline"],
        "Quadratic Wells: $\\mathcal{O}(n^2)$ Attention for Schrödinger Bridges"
    );
    assert_eq!(json["author"][1]["name"], "Grace Hopper");
    assert_eq!(json["datePublished"], "2025-01-01");
    assert_eq!(json["dateModified"], "2025-01-20");
    assert_eq!(json["identifier"][0]["value"], "2501.00001");
    assert_eq!(json["inLanguage"], "en");
    assert!(
        json.get("alternativeHeadline").is_none(),
        "the translation is the page's"
    );
    assert_eq!(
        json["url"],
        "https://user.github.io/repo/papers/2501.00001/"
    );
    // The abstract is the page's, where Scholar and search engines read it: the head does
    // not repeat it, in no tag and not in the JSON-LD.
    assert!(meta(&page, "name", "citation_abstract").is_empty());
    assert!(json.get("abstract").is_none(), "{json}");
    let head = page
        .0
        .select(&Selector::parse("head").unwrap())
        .next()
        .unwrap()
        .html();
    assert!(!head.contains("We study the energy"), "{head}");
    // The description is said once: link previews read `description` where there is no
    // `og:description`, and the JSON-LD leaves it to the page.
    let description = meta(&page, "name", "description");
    assert_eq!(description.len(), 1);
    assert!(description[0].chars().count() <= 160, "{description:?}");
    assert!(meta(&page, "property", "og:description").is_empty());
    assert!(json.get("description").is_none(), "{json}");
    // A paper without a summary is described by the start of its abstract, not by the
    // site's description.
    let bare = built.html("papers/2501.00002/index.html");
    assert!(
        meta(&bare, "name", "description")[0].starts_with("一个永不闭合的公式"),
        "{:?}",
        meta(&bare, "name", "description")
    );
}

#[test]
fn metadata_of_collaboration_papers_names_the_first_hundred_authors() {
    let authors: Vec<String> = (1..=300).map(|n| format!("\"Author Number{n}\"")).collect();
    let site = SiteTest::new(&format!(
        "-- site.yaml --\n{}-- content/papers/2510.24081.md --\n---\nid: \"2510.24081\"\ntitle: {{ en: Global PIQA }}\nauthors: [{}]\n---\n",
        site_test::SITE_YAML,
        authors.join(", ")
    ));
    let built = site.build();
    let page = built.html("papers/2510.24081/index.html");
    let named = meta(&page, "name", "citation_author");
    assert_eq!(named.len(), 100);
    assert_eq!(named[99], "Author Number100");
    let json: serde_json::Value = serde_json::from_str(&json_ld(&page)).unwrap();
    assert_eq!(json["author"].as_array().unwrap().len(), 100);
    // The citation itself keeps every author.
    let bib = page.text("pre#bibtex");
    assert!(
        bib.contains("Author Number299 and Author Number300}"),
        "{bib}"
    );
    // 300 authors and a page well under the 60 KB of a paper page.
    let size = built.read("papers/2510.24081/index.html").len();
    assert!(size < 40_000, "{size} bytes");
}

/// The text of the page's JSON-LD script.
fn json_ld(page: &Page) -> String {
    let sel = Selector::parse("script[type=\"application/ld+json\"]").unwrap();
    let scripts: Vec<String> = page.0.select(&sel).map(|s| s.text().collect()).collect();
    assert_eq!(scripts.len(), 1);
    scripts[0].clone()
}

#[test]
fn json_ld_cannot_break_out_of_its_script() {
    let site = site();
    let built = site.build();
    let html = built.read("papers/2501.00002/index.html");
    let page = built.html("papers/2501.00002/index.html");
    let json = json_ld(&page);
    assert!(!json.contains('<'), "{json}");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        value["headline"],
        "Broken Formulas </script><script>alert(1)</script>"
    );
    assert_eq!(value["author"][0]["name"], "<b>Eve</b> Hacker");
    // The page has the theme's script and the JSON-LD, nothing from the title.
    assert!(!html.contains("<script>alert(1)"));
}

/// A parsed XML element: name, attributes, children, its own text and all text below it
/// (in document order).
#[derive(Debug, Default)]
pub(super) struct Element {
    pub(super) name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Element>,
    text: String,
    deep: String,
}

impl Element {
    pub(super) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub(super) fn all(&self, name: &str) -> Vec<&Element> {
        self.children.iter().filter(|c| c.name == name).collect()
    }

    pub(super) fn one(&self, name: &str) -> &Element {
        let found = self.all(name);
        assert_eq!(found.len(), 1, "one <{name}> in <{}>", self.name);
        found[0]
    }

    /// All text below this element.
    pub(super) fn deep_text(&self) -> String {
        self.deep.clone()
    }

    fn of(start: &quick_xml::events::BytesStart<'_>) -> Element {
        let mut el = Element {
            name: String::from_utf8(start.name().as_ref().to_vec()).unwrap(),
            ..Element::default()
        };
        for a in start.attributes() {
            let a = a.expect("a well-formed attribute");
            el.attrs.push((
                String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                    .expect("a valid attribute value")
                    .into_owned(),
            ));
        }
        el
    }
}

/// Text of the element on top of `stack`, and of every element around it.
fn push_text(stack: &mut [Element], text: &str) {
    if let Some(top) = stack.last_mut() {
        top.text.push_str(text);
    }
    for el in stack.iter_mut() {
        el.deep.push_str(text);
    }
}

/// Parses a whole XML document strictly (end names checked, only XML's own entities), or
/// panics saying why.
pub(super) fn parse_xml(xml: &str) -> Element {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("not well-formed at {}: {e}", reader.buffer_position()));
        match event {
            Event::Start(e) => stack.push(Element::of(&e)),
            Event::Empty(e) => stack.last_mut().unwrap().children.push(Element::of(&e)),
            Event::End(_) => {
                let el = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(el);
            }
            Event::Text(t) => {
                let text = t.decode().unwrap();
                assert!(
                    !text.chars().any(|c| c < ' ' && !"\t\n\r".contains(c)),
                    "a control character in {text:?}"
                );
                push_text(&mut stack, &text);
            }
            Event::GeneralRef(r) => {
                let c = if r.is_char_ref() {
                    r.resolve_char_ref().unwrap().expect("a character")
                } else {
                    match r.decode().unwrap().as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => panic!("&{other}; is not an XML entity"),
                    }
                };
                push_text(&mut stack, c.encode_utf8(&mut [0; 4]));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    let mut document = stack.pop().unwrap();
    assert_eq!(document.children.len(), 1, "one root element");
    assert!(document.text.trim().is_empty(), "text outside the root");
    document.children.pop().unwrap()
}

fn entry_ids(feed: &Element) -> Vec<String> {
    feed.all("entry")
        .iter()
        .map(|e| e.one("id").text.clone())
        .collect()
}

#[test]
fn feeds_are_well_formed_with_stable_ids_real_dates_and_both_languages() {
    let site = site();
    let built = site.build();
    let site_feed = parse_xml(&built.read("atom.xml"));
    assert_eq!(site_feed.name, "feed");
    assert_eq!(site_feed.attr("xmlns"), Some("http://www.w3.org/2005/Atom"));
    assert_eq!(site_feed.attr("xml:lang"), Some("zh-CN"));
    assert_eq!(site_feed.one("id").text, "https://user.github.io/repo/");
    // Newest first; ids are the arXiv URLs, not this site's.
    assert_eq!(
        entry_ids(&site_feed),
        [
            "https://arxiv.org/abs/2501.00002",
            "https://arxiv.org/abs/2501.00001"
        ]
    );
    // The revised paper is updated on its revision day; the feed on its newest entry's.
    let first = site_feed.all("entry")[1];
    assert_eq!(first.one("updated").text, "2025-01-20T00:00:00Z");
    assert_eq!(first.one("published").text, "2025-01-01T00:00:00Z");
    assert_eq!(site_feed.one("updated").text, "2025-01-20T00:00:00Z");
    let links: Vec<(&str, &str)> = first
        .all("link")
        .iter()
        .map(|l| (l.attr("rel").unwrap(), l.attr("href").unwrap()))
        .collect();
    assert_eq!(
        links,
        [
            (
                "alternate",
                "https://user.github.io/repo/papers/2501.00001/"
            ),
            ("related", "https://arxiv.org/abs/2501.00001")
        ]
    );
    let authors: Vec<String> = first
        .all("author")
        .iter()
        .map(|a| a.one("name").text.clone())
        .collect();
    assert_eq!(authors, ["Ada Lovelace", "Grace Hopper"]);
    // The summary in both languages, each marked with its language, as XHTML.
    let summary = first.one("summary");
    assert_eq!(summary.attr("type"), Some("xhtml"));
    let langs: Vec<&str> = summary
        .one("div")
        .all("div")
        .iter()
        .map(|d| d.attr("xml:lang").unwrap())
        .collect();
    assert_eq!(langs, ["zh-CN", "en"]);
    let en = summary.one("div").all("div")[1].deep_text();
    assert!(
        en.contains("Energy \\(x^2\\) in “closed form” — fast."),
        "{en}"
    );
    // The abstracts too (math as LaTeX source, which feed readers keep).
    let content = first.one("content").one("div");
    assert_eq!(content.all("div").len(), 2);
    assert!(content.deep_text().contains("$E = \\frac{1}{2} x^2$"));

    // The tag's feed and the digest's feed.
    let tag_feed = parse_xml(&built.read("tags/toy-models/atom.xml"));
    assert_eq!(tag_feed.attr("xml:lang"), Some("zh-CN"));
    assert_eq!(
        tag_feed.one("id").text,
        "https://user.github.io/repo/tags/toy-models/"
    );
    assert_eq!(entry_ids(&tag_feed).len(), 2);
    let digest_feed = parse_xml(&built.read("digests/2025-01-03/atom.xml"));
    assert_eq!(
        digest_feed.one("id").text,
        "https://user.github.io/repo/digests/2025-01-03/"
    );
    let self_link = digest_feed
        .all("link")
        .into_iter()
        .find(|l| l.attr("rel") == Some("self"))
        .unwrap();
    assert_eq!(
        self_link.attr("href"),
        Some("https://user.github.io/repo/digests/2025-01-03/atom.xml")
    );
    // Ref order, as in the digest.
    assert_eq!(
        entry_ids(&digest_feed),
        [
            "https://arxiv.org/abs/2501.00002",
            "https://arxiv.org/abs/2501.00001"
        ]
    );
    assert!(
        digest_feed
            .one("title")
            .text
            .starts_with("每日论文 2025-01-03")
    );
    // A digest's feed lists the digest: each entry with its summary, not its abstract
    // (its page shows that); the site's and the tag's feeds carry the abstract.
    let with_summary = digest_feed
        .all("entry")
        .into_iter()
        .find(|e| e.one("id").text.ends_with("2501.00001"))
        .unwrap();
    assert_eq!(with_summary.all("summary").len(), 1);
    assert!(with_summary.all("content").is_empty());
    assert!(
        tag_feed
            .all("entry")
            .iter()
            .all(|e| e.all("content").len() == 1)
    );
    // Pages announce their feeds.
    let announced = |path: &str| {
        built
            .html(path)
            .attrs("link[rel=alternate][type=\"application/atom+xml\"]", "href")
    };
    assert_eq!(
        announced("tags/toy-models/index.html"),
        ["/repo/atom.xml", "/repo/tags/toy-models/atom.xml"]
    );
    assert_eq!(
        announced("digests/2025-01-03/index.html"),
        ["/repo/atom.xml", "/repo/digests/2025-01-03/atom.xml"]
    );
    for feed in [&site_feed, &tag_feed, &digest_feed] {
        assert!(!feed.one("updated").text.starts_with("1970"));
    }
}

/// A day of more papers than a feed's fifty: the site's and the category's feeds list every
/// paper of the newest day, and no older one past the fifty newest; a paper without a
/// summary carries its abstract in the digest's feed.
#[test]
fn feeds_list_every_paper_of_the_newest_day() {
    let site = SiteTest::new(
        "-- site.yaml --\ntitle: T\nbase_url: https://user.github.io/repo/\nlanguages: [en]\n",
    );
    let paper = |id: &str, date: &str, summary: bool| {
        let summary = if summary {
            format!("summary: {{ en: Summary of {id}. }}\n")
        } else {
            String::new()
        };
        format!(
            "---\nid: \"{id}\"\ntitle: {{ en: Paper {id} }}\n{summary}abstract: {{ en: Abstract of {id}. }}\n\
             date: {date}\narxiv: {{ id: \"{id}\", categories: [cs.LG] }}\n---\n"
        )
    };
    let mut day = Vec::new();
    for i in 0..70 {
        let id = format!("2501.{:05}", i + 1);
        site.write(
            &format!("content/papers/{id}.md"),
            &paper(&id, "2025-01-02", true),
        );
        let older = format!("2412.{:05}", i + 1);
        site.write(
            &format!("content/papers/{older}.md"),
            &paper(&older, "2025-01-01", true),
        );
        day.push(id);
    }
    site.write(
        "content/papers/2501.09999.md",
        &paper("2501.09999", "2025-01-02", false),
    );
    day.push("2501.09999".to_string());
    let ids = day.iter().map(|id| format!("{id:?}")).collect::<Vec<_>>();
    site.write(
        "content/digests/2025-01-02.md",
        &format!(
            "---\ntitle: Day\ndate: 2025-01-02\npapers: [{}]\n---\n",
            ids.join(", ")
        ),
    );
    let built = site.build();
    let listed = |path: &str| -> BTreeSet<String> {
        entry_ids(&parse_xml(&built.read(path)))
            .into_iter()
            .collect()
    };
    let the_day: BTreeSet<String> = day
        .iter()
        .map(|id| format!("https://arxiv.org/abs/{id}"))
        .collect();
    assert_eq!(listed("atom.xml"), the_day);
    assert_eq!(listed("categories/cs.LG/atom.xml"), the_day);
    assert_eq!(listed("digests/2025-01-02/atom.xml"), the_day);
    let digest_feed = parse_xml(&built.read("digests/2025-01-02/atom.xml"));
    let without_summary = digest_feed
        .all("entry")
        .into_iter()
        .find(|e| e.one("id").text.ends_with("2501.09999"))
        .unwrap();
    assert!(without_summary.all("summary").is_empty());
    assert!(
        without_summary
            .one("content")
            .deep_text()
            .contains("Abstract of 2501.09999.")
    );

    // A quiet newest day: the fifty newest papers, reaching into the day before.
    site.remove("content/digests/2025-01-02.md");
    for id in &day[..60] {
        site.remove(&format!("content/papers/{id}.md"));
    }
    let built = site.build();
    assert_eq!(
        entry_ids(&parse_xml(&built.read("atom.xml"))).len(),
        50,
        "eleven papers of the newest day and 39 of the day before"
    );
}

/// Every page but the reading list, which shows nothing of its own (`noindex`).
#[test]
fn the_sitemap_lists_every_html_page_and_nothing_else() {
    let site = site();
    let built = site.build();
    let sitemap = parse_xml(&built.read("sitemap.xml"));
    let listed: BTreeSet<String> = sitemap
        .all("url")
        .iter()
        .map(|u| u.one("loc").text.clone())
        .collect();
    let pages: BTreeSet<String> = built
        .snapshot()
        .into_keys()
        .filter(|p| p.ends_with("index.html") && p != "reading-list/index.html")
        .map(|p| {
            format!(
                "https://user.github.io/repo/{}",
                p.trim_end_matches("index.html")
            )
        })
        .collect();
    assert_eq!(listed, pages);
    assert!(
        listed
            .iter()
            .all(|u| !u.ends_with(".bib") && !u.ends_with(".xml"))
    );
}
