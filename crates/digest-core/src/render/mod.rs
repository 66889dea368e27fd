//! Rendering: the list of output files of a [`Site`] and the bytes of each.
//!
//! [`plan`] names every file the site consists of; a [`Renderer`] produces each of them.
//! Each output depends only on the `Site`, so outputs can be rendered in any order, in
//! parallel, or selectively (the dev server re-renders only what a change touches).
//! Templates are askama, compiled from `themes/default/templates`.
//!
//! The HTML of the papers' texts is rendered once per build, however many pages show it:
//! a [`Renderer`] renders with an [`HtmlCache`] that every output of the build shares. The
//! model carries no rendered text; a caller that keeps a cache beside a site it edits in
//! place drops the edited papers from it ([`HtmlCache::invalidate`]).
//!
//! The pieces, in the order a page is made:
//! - `outputs`: [`Output`], one file of the built site; [`plan`] lists a site's outputs
//!   and [`output_path`] names the file of each.
//! - `assets`: the theme's static files built into the binary ([`THEME_ASSETS`]) and the
//!   fingerprints that bust caches in their URLs.
//! - `cache`: [`HtmlCache`], the HTML of each paper's texts, filled on first use.
//! - `context`: `Context`, what every page needs from the site (its labels, the interface
//!   language), and the parts pages share: texts, links, the layout, table rows, pagers.
//! - `pages`, `categories`, `stats` and `feeds`: one method of `Context` per kind of output, each
//!   filling a template struct: the HTML pages in `pages`; the category pages, and the
//!   grouping of a digest's papers by category, in `categories`; the Atom feeds and the
//!   sitemap in `feeds`; the statistics page and its SVG charts in `stats`.
//! - `views` and `templates`: what the templates see (view structs of plain text or
//!   pre-rendered HTML) and the askama template structs themselves.
//! - `made_from`: [`MadeFrom`], a number per page of a paper or a digest made of all the
//!   page shows, with which a build keeps a published page instead of rendering it again.
//!
//! This module ties them together: [`Renderer::render`] picks the method for an output and
//! renders its template; BibTeX, `robots.txt`, static files and `assets/labels.js` (the
//! interface's words in the site's languages, for the language switch and the controls
//! `site.js` builds: see the `labels` module) need no template.

mod assets;
mod cache;
mod categories;
mod context;
mod feeds;
mod made_from;
mod outputs;
mod pages;
mod stats;
pub(crate) use stats::coverage_of;
mod templates;
mod views;

use askama::Template;

pub use assets::THEME_ASSETS;
pub use cache::HtmlCache;
pub use feeds::{list_feed_length, site_feed_length};
pub use made_from::MadeFrom;
pub use outputs::{LABELS_SCRIPT, Output, SiteMakes, output_path, plan, static_conflicts};

use crate::model::Site;
use context::Context;
use feeds::xml_chars;
use pages::html_chars;

/// `template` rendered into a string made with room for `room` bytes. The pages of
/// thousands of papers (a digest of a busy day at 100,000 papers is 12 MB, the sitemap
/// 10 MB) grew by doubling from the template's few kilobytes: the last step held the old
/// buffer and a new one twice its size at once, 24 MB for a page of 12.
fn render_sized(template: &impl Template, room: usize) -> askama::Result<String> {
    let mut out = String::with_capacity(room);
    template.render_into(&mut out)?;
    Ok(out)
}

/// About the size of the HTML of digest `index`, a little more rather than less (a page
/// past its room grows by doubling again): its papers' texts (the titles twice, in the
/// table and in the details), a quarter more for escaping and the markup of the texts,
/// and the markup of each paper's row and details (under 1 KB). On the benchmark's sites
/// this is 1.18 to 1.22 times the pages of more than a hundred papers.
fn digest_page_room(site: &Site, index: usize) -> usize {
    let bytes = |texts: &crate::model::Texts| texts.0.iter().map(|(_, t)| t.len()).sum::<usize>();
    let papers = &site.digests[index].papers;
    let texts: usize = papers
        .iter()
        .map(|&i| {
            let p = &site.papers[i];
            2 * bytes(&p.title)
                + bytes(&p.summary)
                + bytes(&p.abstract_text)
                + p.authors.iter().map(String::len).sum::<usize>()
        })
        .sum();
    texts + texts / 4 + papers.len() * 1024 + 16 * 1024
}

/// A failure to produce an output (a template error or an unreadable static file).
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("rendering {path}: {source}")]
    Template { path: String, source: askama::Error },
    #[error("reading static/{path}: {source}")]
    Static {
        path: String,
        source: std::io::Error,
    },
}

/// Renders the outputs of one site, all sharing one [`HtmlCache`] (from any number of
/// threads at once).
#[derive(Debug, Clone, Copy)]
pub struct Renderer<'a> {
    site: &'a Site,
    cache: &'a HtmlCache,
}

impl<'a> Renderer<'a> {
    /// A renderer of `site` with `cache`, made for it by [`HtmlCache::new`].
    pub fn new(site: &'a Site, cache: &'a HtmlCache) -> Self {
        Renderer { site, cache }
    }

    /// The site this renders.
    pub fn site(&self) -> &'a Site {
        self.site
    }

    /// The bytes of one output file.
    pub fn render(&self, output: &Output) -> Result<Vec<u8>, RenderError> {
        let site = self.site;
        let ctx = Context::new(site, self.cache);
        let html = match output {
            Output::Index(n) => ctx.index_page(*n).render().map(html_chars),
            Output::Paper(i) => ctx.paper_page(*i).render().map(html_chars),
            Output::Digest(i) => {
                let room = digest_page_room(site, *i);
                render_sized(&ctx.digest_page(*i), room).map(html_chars)
            }
            Output::DigestList => ctx.digest_list().render().map(html_chars),
            Output::Tag(i, n) => ctx.tag_page(*i, *n).render().map(html_chars),
            Output::TagList => ctx.tag_list().render().map(html_chars),
            Output::Category(i, n) => ctx.category_page(*i, *n).render().map(html_chars),
            Output::CategoryList => ctx.category_list().render().map(html_chars),
            Output::ReadingList => ctx.reading_list().render().map(html_chars),
            Output::Stats => ctx.stats_page().render().map(html_chars),
            Output::Page(i) => ctx.free_page(*i).render().map(html_chars),
            Output::Alias(_, to) => Ok(ctx.alias_page(to)),
            Output::NotFound => ctx.not_found_page().render().map(html_chars),
            Output::Atom => ctx.atom().render().map(xml_chars),
            Output::DigestAtom(i) => ctx.digest_atom(*i).render().map(xml_chars),
            Output::TagAtom(i) => ctx.tag_atom(*i).render().map(xml_chars),
            Output::CategoryAtom(i) => ctx.category_atom(*i).render().map(xml_chars),
            Output::DigestBib(i) => Ok(crate::cite::digest_bib(site, &site.digests[*i])),
            Output::Sitemap => match ctx.sitemap() {
                feeds::SitemapFile::Whole(sitemap) => render_sized(&sitemap, sitemap.room()),
                feeds::SitemapFile::Index(index) => index.render(),
            },
            Output::SitemapPart(k) => {
                let part = ctx.sitemap_part(*k);
                render_sized(&part, part.room())
            }
            Output::Robots => Ok(format!(
                "User-agent: *\nAllow: /\nSitemap: {}\n",
                site.urls.absolute("sitemap.xml")
            )),
            Output::NoJekyll => Ok(String::new()),
            Output::Cname => Ok(format!(
                "{}\n",
                site.config.cname.as_deref().unwrap_or_default()
            )),
            Output::ThemeAsset(i) => return Ok(assets::published_theme_asset(*i).to_vec()),
            Output::Labels => Ok(site.labels_script.script.clone()),
            Output::UserStatic(p) => {
                return crate::files::read_bounded(
                    &site.config.root.join(crate::sources::STATIC_DIR).join(p),
                )
                .map_err(|source| RenderError::Static {
                    path: p.clone(),
                    source,
                });
            }
        };
        html.map(String::into_bytes)
            .map_err(|source| RenderError::Template {
                path: output_path(site, output),
                source,
            })
    }
}
