//! The HTML pages: the paper table (home and its later pages), digests and their list,
//! papers, tags and their list, the reading list, free pages and the 404 page.

use super::assets::{THEME_ASSETS, site_asset_fingerprint};
use super::cache::PaperText;
use super::context::{Context, page_title_in, table_title_in};
use super::templates::{
    DigestListTemplate, DigestTemplate, FreePageTemplate, IndexTemplate, NotFoundTemplate,
    PaperTemplate, ReadingListTemplate, TagListTemplate, TagTemplate,
};
use super::views::{
    AnalysisView, ArxivLine, CutNotice, DigestMonth, LinkView, NamedLink, PaperDetails, TagLink,
};
use crate::arxiv::{announce_line, is_abs_url, versioned};
use crate::arxiv_text::{plain, render_block};
use crate::cite::paper_citation;
use crate::escape::{as_written, as_written_html};
use crate::labels::Labels;
use crate::markdown::render_markdown;
use crate::model::{Digest, TablePage, Texts, paths};

/// Number of digests listed on the home page.
pub const HOME_DIGESTS: usize = 10;

impl Context<'_> {
    /// arXiv's announce type (`replace`) in the words of the interface, with the key of
    /// its label; a type arXiv does not list is shown as written.
    pub(super) fn announce_words(&self, announce: &str) -> (Option<&'static str>, String) {
        let labels = self.labels;
        let (key, words) = match announce {
            "new" => ("announce_new", &labels.announce_new),
            "cross" => ("announce_cross", &labels.announce_cross),
            "replace" => ("announce_replace", &labels.announce_replace),
            "replace-cross" => ("announce_replace_cross", &labels.announce_replace_cross),
            other => return (None, other.to_string()),
        };
        (Some(key), words.to_string())
    }

    pub(super) fn index_page(&self, n: TablePage) -> IndexTemplate {
        let site = self.site;
        let pages = site.index_pages();
        let rows = pages.rows(n).map(|p| self.index_row(p)).collect();
        let home = n == TablePage::Newest;
        IndexTemplate {
            layout: self.layout(|l, _| page_title_in(l, n), &paths::index(n), None),
            page_label: self.page_title(n),
            description: if home {
                self.texts(
                    &Texts::new(&site.config.description, &site.config),
                    as_written_html,
                )
            } else {
                Vec::new()
            },
            latest_digests: if home {
                (0..site.digests.len().min(HOME_DIGESTS))
                    .map(|i| self.digest_link(i))
                    .collect()
            } else {
                Vec::new()
            },
            more_digests: home && site.digests.len() > HOME_DIGESTS,
            digests_href: self.link(&paths::digests()),
            rows,
            pager: self.pager(n, pages, paths::index),
        }
    }

    /// The details of paper `index` (into `Site::papers`) on a digest page.
    fn details(&self, index: usize, number: Option<usize>, anchor: String) -> PaperDetails {
        let paper = &self.site.papers[index];
        let abstracts = self.marked(
            index,
            "abstract",
            self.texts(&paper.abstract_text, render_block),
        );
        let announce = paper.arxiv.as_ref().map(announce_line);
        PaperDetails {
            anchor,
            number,
            title: self.marked(index, "title", self.paper_texts(index, PaperText::Title)),
            authors: self.short_authors(&paper.authors),
            categories: self.category_links(index),
            links: self.paper_links(index),
            announce_shown: announce.is_some() && abstracts.iter().any(|t| t.code == "en"),
            abstracts,
            announce,
            // The paper's link is just above: the notice needs no second one.
            abstract_cut: self.cut_notice(index).map(|notice| CutNotice {
                href: None,
                ..notice
            }),
            analysis: self.analysis(index),
        }
    }

    /// The notice of paper `index`'s abstract, when it seems cut short: the full one is on
    /// arXiv (or at the paper's link).
    fn cut_notice(&self, index: usize) -> Option<CutNotice> {
        let paper = &self.site.papers[index];
        paper.abstract_cut.then(|| CutNotice {
            lang: self.site.config.source_language.clone(),
            ui_lang: crate::labels::html_lang(self.ui).to_string(),
            href: paper
                .arxiv
                .as_ref()
                .map(|a| crate::arxiv::abs_url(&a.id))
                .or_else(|| paper.url.clone()),
        })
    }

    /// The `analysis:` section of paper `index`, each key under its label.
    fn analysis(&self, index: usize) -> Vec<AnalysisView> {
        let labels = self.labels;
        self.site.papers[index]
            .analysis
            .iter()
            .map(|(key, texts)| {
                let (label_key, heading) = match *key {
                    "tldr" => ("analysis_tldr", &labels.analysis_tldr),
                    "motivation" => ("analysis_motivation", &labels.analysis_motivation),
                    "method" => ("analysis_method", &labels.analysis_method),
                    "result" => ("analysis_result", &labels.analysis_result),
                    _ => ("analysis_conclusion", &labels.analysis_conclusion),
                };
                AnalysisView {
                    key,
                    label_key,
                    heading: heading.to_string(),
                    texts: self.marked(
                        index,
                        &format!("analysis.{key}"),
                        self.texts(texts, render_block),
                    ),
                }
            })
            .collect()
    }

    pub(super) fn digest_page(&self, i: usize) -> DigestTemplate {
        let site = self.site;
        let d = &site.digests[i];
        let mut papers = Vec::with_capacity(d.papers.len());
        for (k, &p) in d.papers.iter().enumerate() {
            let paper = &site.papers[p];
            let n = k + 1;
            let anchor = Digest::anchor(n);
            // The title leads to the paper's page, as in every table; the arXiv link is in
            // the details below.
            let title_href = self.link(&paths::paper(&paper.id));
            let mut row = self.row(p, format!("[{n}]"), format!("#{anchor}"), title_href);
            // The summary is said once on a digest page, here, with its mark; the
            // categories are the group's heading and in the details below. The first
            // authors are in every listing, rows and details.
            row.summary = self.marked(p, "summary", row.summary);
            row.categories.clear();
            papers.push((p, row, self.details(p, Some(n), anchor)));
        }
        let path = paths::digest(&d.slug);
        DigestTemplate {
            layout: self.layout(
                |_, code| d.title.prefer(code).to_string(),
                &path,
                d.description.0.first().map(|(_, t)| t.as_str()),
            ),
            title: self.texts(&d.title, as_written_html),
            date: d.date.map(|d| d.to_string()),
            description: self.texts(&d.description, render_block),
            body_html: render_markdown(&d.body, site.config.unsafe_html, &site.config.base_path),
            groups: self.category_groups(papers),
            bib_href: self.link(&format!("{path}{}", crate::cite::DIGEST_BIB)),
            feed_href: self.link(&format!("{path}atom.xml")),
            // Digests are newest first: the previous one is older, the next one newer. A
            // neighbour of the same date is shown by its title (its date would be this
            // page's own).
            previous: (i + 1 < site.digests.len()).then(|| self.neighbour_link(i, i + 1)),
            next: i.checked_sub(1).map(|n| self.neighbour_link(i, n)),
        }
    }

    /// Every digest, newest first, under a heading per month (digests without a date
    /// last, under their own).
    pub(super) fn digest_list(&self) -> DigestListTemplate {
        let mut months: Vec<DigestMonth> = Vec::new();
        for (i, d) in self.site.digests.iter().enumerate() {
            let month = d.date.map(|date| date.format("%Y-%m").to_string());
            if months.last().is_none_or(|m| m.month != month) {
                months.push(DigestMonth {
                    id: format!("month-{}", month.as_deref().unwrap_or("undated")),
                    label: month
                        .clone()
                        .unwrap_or_else(|| self.labels.undated.to_string()),
                    month,
                    digests: Vec::new(),
                });
            }
            if let Some(m) = months.last_mut() {
                m.digests.push(self.digest_link(i));
            }
        }
        DigestListTemplate {
            layout: self.layout(|l, _| l.digests.to_string(), &paths::digests(), None),
            months,
        }
    }

    /// The page of paper `index` (into `Site::papers`).
    pub(super) fn paper_page(&self, index: usize) -> PaperTemplate {
        let site = self.site;
        let paper = &site.papers[index];
        let links = self.paper_links(index);
        PaperTemplate {
            layout: self.layout(
                |_, code| plain(paper.title.prefer(code)),
                &paths::paper(&paper.id),
                Some(&plain(crate::cite::description_source(paper, self.ui))),
            ),
            title: self.marked(index, "title", self.paper_texts(index, PaperText::Title)),
            authors: super::context::author_list(&paper.authors),
            date: paper.date.map(|d| d.to_string()),
            arxiv_line: paper.arxiv.as_ref().map(|a| ArxivLine {
                id: versioned(&a.id, a.version),
                categories: self.category_links(index),
                announce: a.announce.as_deref().map(|t| self.announce_words(t)),
            }),
            links,
            tags: paper
                .tags
                .iter()
                .map(|&t| LinkView {
                    href: self.link(&paths::tag(&site.tags[t].slug, TablePage::Newest)),
                    label: site.tags[t].name.clone(),
                })
                .collect(),
            digests: paper
                .digests
                .iter()
                .map(|&d| {
                    let title = &site.digests[d].title;
                    let label = as_written(title.prefer(self.ui));
                    let digest = &site.digests[d];
                    // To the paper's own details, not the top of a page of 300.
                    let fragment = digest.anchor_of(index).map(|a| format!("#{a}"));
                    NamedLink {
                        href: self.link(&paths::digest(&digest.slug))
                            + fragment.as_deref().unwrap_or(""),
                        other: self
                            .other
                            .map(|(code, _)| as_written(title.prefer(code)))
                            .filter(|other| *other != label),
                        label,
                    }
                })
                .collect(),
            summary: self.marked(
                index,
                "summary",
                self.paper_texts(index, PaperText::SummaryBlock),
            ),
            abstracts: self.marked(
                index,
                "abstract",
                self.texts(&paper.abstract_text, render_block),
            ),
            abstract_cut: self.cut_notice(index),
            analysis: self.analysis(index),
            body_html: render_markdown(
                &paper.body,
                site.config.unsafe_html,
                &site.config.base_path,
            ),
            cite: paper_citation(site, paper, self.ui),
        }
    }

    pub(super) fn tag_page(&self, i: usize, n: TablePage) -> TagTemplate {
        let site = self.site;
        let tag = &site.tags[i];
        let pages = site.tag_pages(tag);
        let rows = tag.papers[pages.rows(n)]
            .iter()
            .map(|&p| self.index_row(p))
            .collect();
        let title = |labels: &Labels, _: &str| table_title_in(labels, &labels.tag, &tag.name, n);
        TagTemplate {
            layout: self.layout(title, &paths::tag(&tag.slug, n), None),
            page_label: self.page_title(n),
            name: tag.name.clone(),
            count_text: self.table_count(n, tag.papers.len()),
            rows,
            pager: self.pager(n, pages, |k| paths::tag(&tag.slug, k)),
            feed_href: self.link(&format!(
                "{}atom.xml",
                paths::tag(&tag.slug, TablePage::Newest)
            )),
        }
    }

    pub(super) fn tag_list(&self) -> TagListTemplate {
        TagListTemplate {
            layout: self.layout(|l, _| l.tags.to_string(), &paths::tags(), None),
            tags: self
                .site
                .tags
                .iter()
                .map(|t| TagLink {
                    href: self.link(&paths::tag(&t.slug, TablePage::Newest)),
                    label: t.name.clone(),
                    count: t.papers.len(),
                })
                .collect(),
        }
    }

    pub(super) fn free_page(&self, i: usize) -> FreePageTemplate {
        let page = &self.site.pages[i];
        FreePageTemplate {
            layout: self.layout(
                |_, code| page.title.prefer(code).to_string(),
                &paths::page(&page.slug),
                None,
            ),
            title: self.texts(&page.title, as_written_html),
            body_html: render_markdown(
                &page.body,
                self.site.config.unsafe_html,
                &self.site.config.base_path,
            ),
        }
    }

    /// The reading list's page: the same for every site and reader; its script lists the
    /// papers saved in the browser, reading each one's page.
    pub(super) fn reading_list(&self) -> ReadingListTemplate {
        const SCRIPT: usize = 4;
        ReadingListTemplate {
            layout: self.layout(
                |l, _| l.reading_list.to_string(),
                &paths::reading_list(),
                None,
            ),
            script_href: format!(
                "{}?v={}",
                self.link(THEME_ASSETS[SCRIPT].0),
                site_asset_fingerprint(self.site, SCRIPT)
            ),
        }
    }

    pub(super) fn not_found_page(&self) -> NotFoundTemplate {
        let mut layout = self.layout(|l, _| l.not_found.to_string(), "404.html", None);
        // Served at every missing address: no address of its own to name, nothing to index.
        layout.canonical = String::new();
        NotFoundTemplate { layout }
    }
}

impl Context<'_> {
    /// The links of paper `index`, on its page and in a digest's details: its `url:`
    /// ("arXiv" when that is its abstract page; the abstract page when it has an arXiv id
    /// and no `url:`), the PDF, arXiv's HTML version, then the other `links:` by name.
    /// `links.pdf` and `links.html` replace the derived ones.
    fn paper_links(&self, index: usize) -> Vec<LinkView> {
        let paper = &self.site.papers[index];
        let mut links = Vec::with_capacity(paper.links.len() + 2);
        let abs = paper
            .url
            .clone()
            .or_else(|| paper.arxiv.as_ref().map(|a| crate::arxiv::abs_url(&a.id)));
        if let Some(url) = abs {
            links.push(LinkView {
                label: link_label(&url),
                href: url,
            });
        }
        let named = |name: &str| paper.links.iter().find(|(n, _)| n == name).map(|(_, h)| h);
        if let Some(pdf) = named("pdf") {
            links.push(LinkView {
                href: pdf.clone(),
                label: "PDF".into(),
            });
        }
        let html = named("html").cloned().or_else(|| {
            let a = paper.arxiv.as_ref()?;
            crate::arxiv::html_url(&a.id, a.version)
        });
        if let Some(html) = html {
            links.push(LinkView {
                href: html,
                label: "HTML".into(),
            });
        }
        links.extend(
            paper
                .links
                .iter()
                .filter(|(name, _)| name != "pdf" && name != "html")
                .map(|(name, href)| LinkView {
                    href: href.clone(),
                    label: name.clone(),
                }),
        );
        links
    }
}

fn link_label(url: &str) -> String {
    if is_abs_url(url) {
        "arXiv".to_string()
    } else {
        url.to_string()
    }
}

/// Replaces every NUL (which a YAML escape such as `"\0"` can put in a title) by U+FFFD, as
/// HTML parsers do: no page carries a NUL.
pub(super) fn html_chars(html: String) -> String {
    if html.as_bytes().contains(&0) {
        html.replace('\0', "\u{fffd}")
    } else {
        html
    }
}
