//! [`HtmlCache`]: the HTML of each paper's texts, rendered on first use and shared by every
//! output that shows the paper (its own page, its digests, an index page, each of its tags).
//!
//! Most titles and summaries have no math and no TeX: their HTML is the text escaped
//! ([`PaperText::plain`]). For those the cache keeps only that fact, and the escaped text
//! is made again at each use (a copy, as taking it from the cache was).

use std::sync::OnceLock;

use crate::arxiv_text::{render_block, render_inline};
use crate::escape::escape_into;
use crate::model::{Paper, Site, Texts};

/// The HTML of the papers' texts, one slot per paper of a [`Site`] (by index into
/// `Site::papers`), each filled on first use from any rendering thread.
///
/// Make one per build with [`HtmlCache::new`] and render every output with it through a
/// [`Renderer`](super::Renderer): each text is then rendered to HTML once, however many
/// pages show it. A cache kept beside a site whose papers are edited in place must be told
/// of each edited paper with [`HtmlCache::invalidate`]: until then it shows the HTML kept of
/// its old texts, or, where it kept only that the old texts were plain, escapes the new
/// ones.
#[derive(Debug, Default)]
pub struct HtmlCache {
    papers: Vec<PaperHtml>,
}

/// HTML of one paper's texts.
#[derive(Debug, Default)]
struct PaperHtml {
    title_inline: OnceLock<Rendered>,
    summary_inline: OnceLock<Rendered>,
    summary_block: OnceLock<Rendered>,
}

/// The HTML of one text, one entry per language in the order of its [`Texts`]; `None` when
/// each is what [`PaperText::plain`] makes of its text.
pub(super) type Rendered = Option<Vec<String>>;

/// One of a paper's texts, rendered one way.
#[derive(Debug, Clone, Copy)]
pub(super) enum PaperText {
    /// The title, inline (tables, headings).
    Title,
    /// The one-line summary, inline (a table cell).
    Summary,
    /// The summary as a block (the paper's page, a digest's details).
    SummaryBlock,
}

impl PaperText {
    /// The text of `paper` this names, and how it is rendered.
    pub(super) fn of(self, paper: &Paper) -> (&Texts, fn(&str) -> String) {
        match self {
            PaperText::Title => (&paper.title, render_inline),
            PaperText::Summary => (&paper.summary, render_inline),
            PaperText::SummaryBlock => (&paper.summary, render_block),
        }
    }

    /// The HTML of a text without math or TeX: the text escaped (in a paragraph, for a
    /// block). A text is rendered this way only where the cache found that its rendering
    /// gives exactly this.
    pub(super) fn plain(self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 7);
        match self {
            PaperText::Title | PaperText::Summary => escape_into(&mut out, text),
            PaperText::SummaryBlock => {
                out.push_str("<p>");
                escape_into(&mut out, text);
                out.push_str("</p>");
            }
        }
        out
    }

    /// The HTML of this text of `paper`, in each language: what the cache keeps of it.
    pub(super) fn render(self, paper: &Paper) -> Rendered {
        let (texts, render) = self.of(paper);
        let html: Vec<String> = texts.0.iter().map(|(_, t)| render(t)).collect();
        let plain = html
            .iter()
            .zip(&texts.0)
            .all(|(html, (_, text))| *html == self.plain(text));
        (!plain).then_some(html)
    }
}

impl HtmlCache {
    /// An empty cache for the papers of `site`.
    pub fn new(site: &Site) -> Self {
        HtmlCache {
            papers: (0..site.papers.len())
                .map(|_| PaperHtml::default())
                .collect(),
        }
    }

    /// Forgets the HTML of paper `paper` (an index into `Site::papers`): to call once its
    /// texts have changed in place, before outputs showing it are rendered again.
    pub fn invalidate(&mut self, paper: usize) {
        if let Some(html) = self.papers.get_mut(paper) {
            *html = PaperHtml::default();
        }
    }

    /// The slot of one text of paper `paper`; `None` for a paper the cache was not made
    /// for (its HTML is then rendered without being kept).
    pub(super) fn slot(&self, paper: usize, text: PaperText) -> Option<&OnceLock<Rendered>> {
        let html = self.papers.get(paper)?;
        Some(match text {
            PaperText::Title => &html.title_inline,
            PaperText::Summary => &html.summary_inline,
            PaperText::SummaryBlock => &html.summary_block,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{BuildOptions, load_site};
    use crate::render::{Output, Renderer};

    /// A site of one paper whose title is `Old $x$ title` (with math: its HTML is kept).
    fn site() -> (tempfile::TempDir, Site) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.yaml"), "title: T\nlanguages: [en]\n").unwrap();
        std::fs::create_dir_all(dir.path().join("content/papers")).unwrap();
        std::fs::write(
            dir.path().join("content/papers/a.md"),
            "---\nid: \"2401.00001\"\ntitle: { en: Old $x$ title }\nsummary: { en: \"One line.\" }\ndate: 2024-01-01\n---\n",
        )
        .unwrap();
        let site = load_site(dir.path(), &BuildOptions::default())
            .unwrap()
            .site;
        (dir, site)
    }

    /// The `<h1>` of the paper's page, rendered with `cache`, and the whole page.
    fn page(site: &Site, cache: &HtmlCache) -> (String, String) {
        let bytes = Renderer::new(site, cache)
            .render(&Output::Paper(0))
            .unwrap();
        let html = String::from_utf8(bytes).unwrap();
        let doc = scraper::Html::parse_document(&html);
        let h1 = scraper::Selector::parse("h1").unwrap();
        let heading = doc.select(&h1).next().unwrap().text().collect();
        (heading, html)
    }

    #[test]
    fn an_invalidated_paper_is_rendered_again() {
        let (_dir, mut site) = site();
        let mut cache = HtmlCache::new(&site);
        assert_eq!(page(&site, &cache).0, "Old x title");
        site.papers[0].title = Texts(vec![("en".into(), "New title".into())]);
        // The cache answers for the paper as it was until it is told otherwise.
        assert_eq!(page(&site, &cache).0, "Old x title");
        cache.invalidate(0);
        let (heading, html) = page(&site, &cache);
        assert_eq!(heading, "New title");
        assert_eq!(html, page(&site, &HtmlCache::new(&site)).1);
    }

    #[test]
    fn only_html_that_is_not_the_text_escaped_is_kept() {
        let (_dir, site) = site();
        let cache = HtmlCache::new(&site);
        page(&site, &cache);
        let kept = |text| cache.slot(0, text).unwrap().get().cloned();
        // The title has math: its MathML is kept.
        let title = kept(PaperText::Title).expect("the title was rendered");
        assert!(title.unwrap()[0].contains("<math"));
        // The summary is plain: only that is kept, and its HTML is what rendering gives.
        assert_eq!(kept(PaperText::SummaryBlock), Some(None));
        for (text, html) in [
            ("One line.", "<p>One line.</p>"),
            (
                "A & B <c> \"d\" 'e'",
                "<p>A &amp; B &lt;c&gt; &quot;d&quot; &#39;e&#39;</p>",
            ),
        ] {
            assert_eq!(PaperText::SummaryBlock.plain(text), html);
            assert_eq!(render_block(text), html);
        }
    }

    #[test]
    fn a_cache_made_for_fewer_papers_renders_without_keeping() {
        let (_dir, site) = site();
        let empty = HtmlCache::default();
        assert_eq!(page(&site, &empty), page(&site, &HtmlCache::new(&site)));
        assert!(empty.slot(0, PaperText::Title).is_none());
    }
}
