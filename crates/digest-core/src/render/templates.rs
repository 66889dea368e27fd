//! The askama templates, one struct per kind of page or feed (the templates themselves are
//! in `themes/default/templates`; `askama.toml` names the folder).

use askama::Template;

use super::views::{
    AnalysisView, ArxivLine, CategoryGroup, CutNotice, DigestLink, DigestMonth, FeedEntry, Layout,
    LinkView, NamedLink, Pager, PaperRow, SitemapUrl, StatsChart, TagLink, TextView,
};
use crate::cite::PaperCitation;

#[derive(Template)]
#[template(path = "index.html")]
pub(super) struct IndexTemplate {
    pub(super) layout: Layout,
    /// "Page 3" on a numbered page, empty on the home page.
    pub(super) page_label: String,
    pub(super) description: Vec<TextView>,
    pub(super) latest_digests: Vec<DigestLink>,
    pub(super) more_digests: bool,
    pub(super) digests_href: String,
    pub(super) rows: Vec<PaperRow>,
    pub(super) pager: Pager,
}

#[derive(Template)]
#[template(path = "digest.html")]
pub(super) struct DigestTemplate {
    pub(super) layout: Layout,
    pub(super) title: Vec<TextView>,
    pub(super) date: Option<String>,
    pub(super) description: Vec<TextView>,
    pub(super) body_html: String,
    /// The papers by primary category, each group in Ref order.
    pub(super) groups: Vec<CategoryGroup>,
    /// The digest's `papers.bib` and Atom feed.
    pub(super) bib_href: String,
    pub(super) feed_href: String,
    /// The digest before this one (older) and after it (newer).
    pub(super) previous: Option<DigestLink>,
    pub(super) next: Option<DigestLink>,
}

#[derive(Template)]
#[template(path = "digests.html")]
pub(super) struct DigestListTemplate {
    pub(super) layout: Layout,
    pub(super) months: Vec<DigestMonth>,
}

#[derive(Template)]
#[template(path = "paper.html")]
pub(super) struct PaperTemplate {
    pub(super) layout: Layout,
    pub(super) title: Vec<TextView>,
    pub(super) authors: String,
    pub(super) date: Option<String>,
    pub(super) arxiv_line: Option<ArxivLine>,
    pub(super) links: Vec<LinkView>,
    pub(super) tags: Vec<LinkView>,
    pub(super) digests: Vec<NamedLink>,
    pub(super) summary: Vec<TextView>,
    pub(super) abstracts: Vec<TextView>,
    pub(super) abstract_cut: Option<CutNotice>,
    pub(super) analysis: Vec<AnalysisView>,
    pub(super) body_html: String,
    pub(super) cite: PaperCitation,
}

#[derive(Template)]
#[template(path = "tag.html")]
pub(super) struct TagTemplate {
    pub(super) layout: Layout,
    /// "Page 3" on a numbered page, empty on the tag's own page.
    pub(super) page_label: String,
    pub(super) name: String,
    /// "12 papers", on the tag's own page only: a numbered page says nothing that changes
    /// when papers are added, so it stays as it was.
    pub(super) count_text: String,
    pub(super) rows: Vec<PaperRow>,
    pub(super) pager: Pager,
    /// The tag's Atom feed.
    pub(super) feed_href: String,
}

#[derive(Template)]
#[template(path = "tags.html")]
pub(super) struct TagListTemplate {
    pub(super) layout: Layout,
    pub(super) tags: Vec<TagLink>,
}

#[derive(Template)]
#[template(path = "category.html")]
pub(super) struct CategoryTemplate {
    pub(super) layout: Layout,
    /// "Page 3" on a numbered page, empty on the category's own page.
    pub(super) page_label: String,
    pub(super) name: String,
    /// "12 papers", on the category's own page only, as on a tag's: a numbered page then
    /// says nothing that a new day changes, and stays as published.
    pub(super) count_text: String,
    pub(super) rows: Vec<PaperRow>,
    pub(super) pager: Pager,
    /// The category's Atom feed, and the list of all categories.
    pub(super) feed_href: String,
    pub(super) all_href: String,
}

#[derive(Template)]
#[template(path = "categories.html")]
pub(super) struct CategoryListTemplate {
    pub(super) layout: Layout,
    pub(super) categories: Vec<TagLink>,
}

/// The reading list: a frame the script fills from the reader's browser storage.
#[derive(Template)]
#[template(path = "reading-list.html")]
pub(super) struct ReadingListTemplate {
    pub(super) layout: Layout,
    /// `assets/reading-list.js`, which only this page loads.
    pub(super) script_href: String,
}

#[derive(Template)]
#[template(path = "stats.html")]
pub(super) struct StatsTemplate {
    pub(super) layout: Layout,
    pub(super) intro: String,
    pub(super) charts: Vec<StatsChart>,
}

#[derive(Template)]
#[template(path = "page.html")]
pub(super) struct FreePageTemplate {
    pub(super) layout: Layout,
    pub(super) title: Vec<TextView>,
    pub(super) body_html: String,
}

#[derive(Template)]
#[template(path = "404.html")]
pub(super) struct NotFoundTemplate {
    pub(super) layout: Layout,
}

#[derive(Template)]
#[template(path = "atom.xml")]
pub(super) struct AtomTemplate {
    pub(super) lang: String,
    pub(super) title: String,
    pub(super) subtitle: String,
    pub(super) self_url: String,
    pub(super) alternate_url: String,
    pub(super) id: String,
    pub(super) updated: String,
    pub(super) author: String,
    pub(super) entries: Vec<FeedEntry>,
}

#[derive(Template)]
#[template(path = "sitemap.xml")]
pub(super) struct SitemapTemplate {
    pub(super) urls: Vec<SitemapUrl>,
}

/// `sitemap.xml` of a site whose pages are listed in parts: the addresses of the parts.
#[derive(Template)]
#[template(path = "sitemap_index.xml")]
pub(super) struct SitemapIndexTemplate {
    pub(super) parts: Vec<String>,
}

impl SitemapTemplate {
    /// The size of the sitemap, a little more where addresses are escaped: each `url`
    /// element is its address and date in 42 bytes of markup.
    pub(super) fn room(&self) -> usize {
        let urls: usize = self
            .urls
            .iter()
            .map(|u| 42 + u.loc.len() + u.lastmod.as_ref().map_or(0, String::len))
            .sum();
        urls + urls / 16 + 256
    }
}
