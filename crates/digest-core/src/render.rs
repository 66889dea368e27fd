//! Rendering: the list of output files of a [`Site`] and the bytes of each.
//!
//! [`plan`] names every file the site consists of; [`render_output`] produces one of them.
//! Each output depends only on the `Site`, so outputs can be rendered in any order, in
//! parallel, or selectively (the dev server re-renders only what a change touches).
//! Templates are askama, compiled from `themes/default/templates`.

use askama::Template;

use crate::cite::{PaperCitation, paper_citation};
use crate::labels::{Labels, html_lang, labels_for, language_name};
use crate::markdown::render_markdown;
use crate::model::{Paper, Site, Texts, paths};
use crate::text::{plain, render_block, render_block_source_math, render_inline};

/// The theme's static files, built into the binary: (site-relative path, bytes).
/// `Context::layout` links the first four: stylesheet, script, icon, and the search
/// script that the search box loads on first use.
pub const THEME_ASSETS: &[(&str, &[u8])] = &[
    (
        "assets/style.css",
        include_bytes!("../../../themes/default/static/style.css"),
    ),
    (
        "assets/site.js",
        include_bytes!("../../../themes/default/static/site.js"),
    ),
    (
        "assets/favicon.svg",
        include_bytes!("../../../themes/default/static/favicon.svg"),
    ),
    (
        "assets/search.js",
        include_bytes!("../../../themes/default/static/search.js"),
    ),
];

/// Number of papers in the site-wide Atom feed.
pub const FEED_ENTRIES: usize = 50;
/// Number of digests listed on the home page.
pub const HOME_DIGESTS: usize = 10;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Output {
    /// The `n`-th page (1-based) of the paper table; page 1 is the home page.
    Index(usize),
    Paper(usize),
    Digest(usize),
    DigestList,
    /// A tag (index into `Site::tags`) and a 1-based page of its table.
    Tag(usize, usize),
    TagList,
    Page(usize),
    NotFound,
    Atom,
    Sitemap,
    Robots,
    NoJekyll,
    Cname,
    /// A paper's `cite.bib`.
    PaperBib(usize),
    /// A digest's `papers.bib`: the BibTeX of its papers.
    DigestBib(usize),
    /// A digest's Atom feed.
    DigestAtom(usize),
    /// A tag's Atom feed.
    TagAtom(usize),
    /// Index into [`THEME_ASSETS`].
    ThemeAsset(usize),
    /// A file of the site's `static/` folder, by path relative to it (`/`-separated).
    UserStatic(String),
}

/// Every output file of the site, in a stable order.
pub fn plan(site: &Site, user_static: &[String]) -> Vec<Output> {
    let mut out =
        Vec::with_capacity(site.papers.len() + site.index_page_count() + site.tags.len() + 16);
    out.extend((1..=site.index_page_count()).map(Output::Index));
    out.extend((0..site.papers.len()).map(Output::Paper));
    out.extend((0..site.digests.len()).map(Output::Digest));
    out.push(Output::DigestList);
    for (i, tag) in site.tags.iter().enumerate() {
        out.extend((1..=site.tag_page_count(tag)).map(|n| Output::Tag(i, n)));
    }
    out.push(Output::TagList);
    out.extend((0..site.pages.len()).map(Output::Page));
    out.extend([
        Output::NotFound,
        Output::Atom,
        Output::Sitemap,
        Output::Robots,
        Output::NoJekyll,
    ]);
    if site.config.cname.is_some() {
        out.push(Output::Cname);
    }
    out.extend((0..site.papers.len()).map(Output::PaperBib));
    out.extend((0..site.digests.len()).flat_map(|i| [Output::DigestBib(i), Output::DigestAtom(i)]));
    out.extend((0..site.tags.len()).map(Output::TagAtom));
    for (i, (path, _)) in THEME_ASSETS.iter().enumerate() {
        if !user_static.iter().any(|p| p == path) {
            out.push(Output::ThemeAsset(i));
        }
    }
    out.extend(user_static.iter().cloned().map(Output::UserStatic));
    out
}

/// The file an output is written to, relative to the output folder (`/`-separated).
pub fn output_path(site: &Site, output: &Output) -> String {
    match output {
        Output::Index(n) => paths::file_of(&paths::index(*n)),
        Output::Paper(i) => paths::file_of(&paths::paper(&site.papers[*i].id)),
        Output::Digest(i) => paths::file_of(&paths::digest(&site.digests[*i].slug)),
        Output::DigestList => paths::file_of(&paths::digests()),
        Output::Tag(i, n) => paths::file_of(&paths::tag(&site.tags[*i].slug, *n)),
        Output::TagList => paths::file_of(&paths::tags()),
        Output::Page(i) => paths::file_of(&paths::page(&site.pages[*i].slug)),
        Output::NotFound => "404.html".into(),
        Output::Atom => "atom.xml".into(),
        Output::Sitemap => "sitemap.xml".into(),
        Output::Robots => "robots.txt".into(),
        Output::NoJekyll => ".nojekyll".into(),
        Output::Cname => "CNAME".into(),
        Output::PaperBib(i) => format!(
            "{}{}",
            paths::paper(&site.papers[*i].id),
            crate::cite::PAPER_BIB
        ),
        Output::DigestBib(i) => format!(
            "{}{}",
            paths::digest(&site.digests[*i].slug),
            crate::cite::DIGEST_BIB
        ),
        Output::DigestAtom(i) => format!("{}atom.xml", paths::digest(&site.digests[*i].slug)),
        Output::TagAtom(i) => format!("{}atom.xml", paths::tag(&site.tags[*i].slug, 1)),
        Output::ThemeAsset(i) => THEME_ASSETS[*i].0.into(),
        Output::UserStatic(p) => p.clone(),
    }
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

/// The bytes of one output file.
pub fn render_output(site: &Site, output: &Output) -> Result<Vec<u8>, RenderError> {
    let ctx = Context::new(site);
    let html = match output {
        Output::Index(n) => ctx.index_page(*n).render().map(html_chars),
        Output::Paper(i) => ctx.paper_page(&site.papers[*i]).render().map(html_chars),
        Output::Digest(i) => ctx.digest_page(*i).render().map(html_chars),
        Output::DigestList => ctx.digest_list().render().map(html_chars),
        Output::Tag(i, n) => ctx.tag_page(*i, *n).render().map(html_chars),
        Output::TagList => ctx.tag_list().render().map(html_chars),
        Output::Page(i) => ctx.free_page(*i).render().map(html_chars),
        Output::NotFound => NotFoundTemplate {
            layout: ctx.layout(ctx.labels.not_found, "404.html", None),
        }
        .render()
        .map(html_chars),
        Output::Atom => ctx.atom().render().map(xml_chars),
        Output::DigestAtom(i) => ctx.digest_atom(*i).render().map(xml_chars),
        Output::TagAtom(i) => ctx.tag_atom(*i).render().map(xml_chars),
        Output::PaperBib(i) => Ok(crate::cite::paper_bib(site, &site.papers[*i])),
        Output::DigestBib(i) => Ok(crate::cite::digest_bib(site, &site.digests[*i])),
        Output::Sitemap => ctx.sitemap().render(),
        Output::Robots => Ok(format!(
            "User-agent: *\nAllow: /\nSitemap: {}\n",
            site.urls.absolute("sitemap.xml")
        )),
        Output::NoJekyll => Ok(String::new()),
        Output::Cname => Ok(format!(
            "{}\n",
            site.config.cname.as_deref().unwrap_or_default()
        )),
        Output::ThemeAsset(i) => return Ok(THEME_ASSETS[*i].1.to_vec()),
        Output::UserStatic(p) => {
            return std::fs::read(site.config.root.join("static").join(p)).map_err(|source| {
                RenderError::Static {
                    path: p.clone(),
                    source,
                }
            });
        }
    };
    html.map(String::into_bytes)
        .map_err(|source| RenderError::Template {
            path: output_path(site, output),
            source,
        })
}

/// The fingerprint of each of [`THEME_ASSETS`], computed once (not once per page).
fn asset_fingerprint(index: usize) -> &'static str {
    static FINGERPRINTS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    &FINGERPRINTS.get_or_init(|| THEME_ASSETS.iter().map(|(_, b)| fingerprint(b)).collect())[index]
}

/// A short, stable fingerprint (FNV-1a) for cache-busting asset URLs.
fn fingerprint(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf29ce484222325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x100000001b3);
    }
    format!("{:08x}", hash >> 32)
}

// ---------------------------------------------------------------------------------------
// View models: what the templates see. Every string here is either plain text (escaped
// by askama) or pre-rendered HTML in a field named `html` (inserted with `|safe`).

/// One language version of a text.
pub struct TextView {
    /// The site's language code (`zh`).
    pub code: String,
    /// The HTML `lang` value (`zh-CN`).
    pub lang: String,
    pub html: String,
}

pub struct NavItem {
    pub href: String,
    pub label: String,
    pub current: bool,
}

pub struct Layout {
    pub html_lang: String,
    pub page_title: String,
    pub description: String,
    pub canonical: String,
    pub css_href: String,
    /// The script of the switches and the search box.
    pub js_href: String,
    pub icon_href: String,
    /// The language switch (empty unless the site has exactly two languages).
    pub lang_choices: Vec<LangChoice>,
    /// The rules hiding the unchosen language, for the switch (empty without it).
    pub lang_css: String,
    /// The search box, unless `search: false`.
    pub search: Option<SearchBox>,
    pub atom_href: String,
    pub home_href: String,
    pub site_title: Vec<TextView>,
    pub site_title_plain: String,
    pub nav: Vec<NavItem>,
    pub labels: &'static Labels,
}

/// One choice of the language switch.
pub struct LangChoice {
    /// The site's language code (`zh`).
    pub code: String,
    /// The HTML `lang` of the label (`zh-CN`).
    pub lang: String,
    /// The language's own name (`中文`).
    pub label: String,
}

/// What the search script needs to find the index.
pub struct SearchBox {
    /// The folder of the search bundle (`/repo/search/`).
    pub bundle_href: String,
    /// The search script (`/repo/assets/search.js?v=…`), loaded when search is first used.
    pub script_href: String,
    /// The site's home (`/repo/`): result links are relative to it.
    pub root_href: String,
}

pub struct PaperRow {
    pub ref_label: String,
    pub ref_href: String,
    pub title_href: String,
    pub title: Vec<TextView>,
    pub summary: Vec<TextView>,
}

pub struct Pager {
    pub current: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
}

pub struct DigestLink {
    pub href: String,
    pub title: Vec<TextView>,
    pub date: Option<String>,
    pub count: usize,
}

pub struct PaperDetails {
    pub anchor: String,
    pub number: Option<usize>,
    pub title: Vec<TextView>,
    pub authors: String,
    pub url: Option<String>,
    pub summary: Vec<TextView>,
    pub abstracts: Vec<TextView>,
    pub announce: Option<String>,
    /// Whether an English abstract carries the announce line (else it stands alone).
    pub announce_shown: bool,
    pub page_href: Option<String>,
}

pub struct LinkView {
    pub href: String,
    pub label: String,
}

pub struct TagLink {
    pub href: String,
    pub label: String,
    pub count: usize,
}

pub struct SitemapUrl {
    pub loc: String,
    pub lastmod: Option<String>,
}

pub struct FeedEntry {
    pub title: String,
    /// The paper's page on this site.
    pub link: String,
    /// The paper's own page (arXiv), when it has one.
    pub related: Option<String>,
    /// The arXiv abstract URL (stable across sites and rebuilds), else the page URL.
    pub id: String,
    pub published: Option<String>,
    pub updated: String,
    pub authors: Vec<String>,
    pub categories: Vec<String>,
    /// One-line summaries and abstracts, one per language, as XHTML (math as LaTeX source).
    pub summaries: Vec<TextView>,
    pub abstracts: Vec<TextView>,
}

#[derive(Template)]
#[template(path = "index.html")]
pub struct IndexTemplate {
    pub layout: Layout,
    pub description: Vec<TextView>,
    pub latest_digests: Vec<DigestLink>,
    pub more_digests: bool,
    pub digests_href: String,
    pub rows: Vec<PaperRow>,
    pub pager: Pager,
}

#[derive(Template)]
#[template(path = "digest.html")]
pub struct DigestTemplate {
    pub layout: Layout,
    pub title: Vec<TextView>,
    pub date: Option<String>,
    pub description: Vec<TextView>,
    pub body_html: String,
    pub rows: Vec<PaperRow>,
    pub details: Vec<PaperDetails>,
    /// The digest's `papers.bib` and Atom feed.
    pub bib_href: String,
    pub feed_href: String,
}

#[derive(Template)]
#[template(path = "digests.html")]
pub struct DigestListTemplate {
    pub layout: Layout,
    pub digests: Vec<DigestLink>,
}

#[derive(Template)]
#[template(path = "paper.html")]
pub struct PaperTemplate {
    pub layout: Layout,
    pub title: Vec<TextView>,
    pub authors: String,
    pub date: Option<String>,
    pub arxiv_line: Option<String>,
    pub links: Vec<LinkView>,
    pub tags: Vec<LinkView>,
    pub digests: Vec<LinkView>,
    pub summary: Vec<TextView>,
    pub abstracts: Vec<TextView>,
    pub announce: Option<String>,
    pub body_html: String,
    pub cite: PaperCitation,
}

#[derive(Template)]
#[template(path = "tag.html")]
pub struct TagTemplate {
    pub layout: Layout,
    pub name: String,
    pub count_text: String,
    pub rows: Vec<PaperRow>,
    pub pager: Pager,
    /// The tag's Atom feed.
    pub feed_href: String,
}

#[derive(Template)]
#[template(path = "tags.html")]
pub struct TagListTemplate {
    pub layout: Layout,
    pub tags: Vec<TagLink>,
}

#[derive(Template)]
#[template(path = "page.html")]
pub struct FreePageTemplate {
    pub layout: Layout,
    pub title: Vec<TextView>,
    pub body_html: String,
}

#[derive(Template)]
#[template(path = "404.html")]
pub struct NotFoundTemplate {
    pub layout: Layout,
}

#[derive(Template)]
#[template(path = "atom.xml")]
pub struct AtomTemplate {
    pub lang: String,
    pub title: String,
    pub subtitle: String,
    pub self_url: String,
    pub alternate_url: String,
    pub id: String,
    pub updated: String,
    pub author: String,
    pub entries: Vec<FeedEntry>,
}

#[derive(Template)]
#[template(path = "sitemap.xml")]
pub struct SitemapTemplate {
    pub urls: Vec<SitemapUrl>,
}

/// What every page needs from the site, computed once per output.
struct Context<'a> {
    site: &'a Site,
    labels: &'static Labels,
    ui: &'a str,
}

impl<'a> Context<'a> {
    fn new(site: &'a Site) -> Self {
        let ui = site.config.ui_language();
        Context {
            site,
            labels: labels_for(ui),
            ui,
        }
    }

    fn texts(&self, texts: &Texts, render: fn(&str) -> String) -> Vec<TextView> {
        texts
            .0
            .iter()
            .map(|(code, text)| TextView {
                code: code.clone(),
                lang: html_lang(code).to_string(),
                html: render(text),
            })
            .collect()
    }

    /// [`Context::texts`] for a paper's texts, whose HTML is rendered once per paper and
    /// kept in `cache` (a paper's title shows on up to five pages).
    fn paper_texts(
        &self,
        texts: &Texts,
        cache: &std::sync::OnceLock<Vec<String>>,
        render: fn(&str) -> String,
    ) -> Vec<TextView> {
        let html = cache.get_or_init(|| texts.0.iter().map(|(_, t)| render(t)).collect());
        texts
            .0
            .iter()
            .zip(html)
            .map(|((code, _), html)| TextView {
                code: code.clone(),
                lang: html_lang(code).to_string(),
                html: html.clone(),
            })
            .collect()
    }

    fn link(&self, path: &str) -> String {
        self.site.urls.link(path)
    }

    fn layout(&self, title: &str, path: &str, description: Option<&str>) -> Layout {
        let site = self.site;
        let site_title = Texts::new(&site.config.title, &site.config);
        let site_title_plain = plain(site_title.prefer(self.ui));
        let page_title = if title.is_empty() || title == site_title_plain {
            site_title_plain.clone()
        } else {
            format!("{} · {}", plain(title), site_title_plain)
        };
        let css = THEME_ASSETS[0];
        let js = THEME_ASSETS[1];
        let lang_choices: Vec<LangChoice> = if site.config.languages.len() == 2 {
            site.config
                .languages
                .iter()
                .map(|code| LangChoice {
                    code: code.clone(),
                    lang: html_lang(code).to_string(),
                    label: language_name(code).to_string(),
                })
                .collect()
        } else {
            Vec::new()
        };
        let mut nav = vec![NavItem {
            href: self.link(""),
            label: self.labels.home.to_string(),
            current: path.is_empty() || path == "index.html",
        }];
        if !site.digests.is_empty() {
            nav.push(NavItem {
                href: self.link(&paths::digests()),
                label: self.labels.digests.to_string(),
                current: path.starts_with("digests/"),
            });
        }
        if !site.tags.is_empty() {
            nav.push(NavItem {
                href: self.link(&paths::tags()),
                label: self.labels.tags.to_string(),
                current: path.starts_with("tags/"),
            });
        }
        for page in site.pages.iter().filter(|p| p.menu.is_some()) {
            let p = paths::page(&page.slug);
            nav.push(NavItem {
                href: self.link(&p),
                label: plain(page.title.prefer(self.ui)),
                current: path == p,
            });
        }
        let description = description.map(plain).unwrap_or_else(|| {
            plain(Texts::new(&site.config.description, &site.config).prefer(self.ui))
        });
        Layout {
            html_lang: html_lang(self.ui).to_string(),
            page_title,
            description,
            canonical: site.urls.absolute(path),
            css_href: format!("{}?v={}", self.link(css.0), asset_fingerprint(0)),
            js_href: format!("{}?v={}", self.link(js.0), asset_fingerprint(1)),
            icon_href: self.link(THEME_ASSETS[2].0),
            lang_css: language_switch_css(&site.config.languages),
            lang_choices,
            search: site.config.search.then(|| SearchBox {
                bundle_href: self.link(&format!("{}/", crate::search::BUNDLE_DIR)),
                script_href: format!(
                    "{}?v={}",
                    self.link(THEME_ASSETS[3].0),
                    asset_fingerprint(3)
                ),
                root_href: self.link(""),
            }),
            atom_href: self.link("atom.xml"),
            home_href: self.link(""),
            site_title: self.texts(&site_title, render_inline),
            site_title_plain,
            nav,
            labels: self.labels,
        }
    }

    fn row(
        &self,
        paper: &Paper,
        ref_label: String,
        ref_href: String,
        title_href: String,
    ) -> PaperRow {
        PaperRow {
            ref_label,
            ref_href,
            title_href,
            title: self.paper_texts(&paper.title, &paper.html.title_inline, render_inline),
            summary: self.paper_texts(&paper.summary, &paper.html.summary_inline, render_inline),
        }
    }

    /// A row of an index or tag table: Ref is the paper id, both cells link to its page.
    fn index_row(&self, paper: &Paper) -> PaperRow {
        let href = self.link(&paths::paper(&paper.id));
        self.row(paper, paper.id.clone(), href.clone(), href)
    }

    fn pager(&self, current: usize, total: usize, path_of: impl Fn(usize) -> String) -> Pager {
        Pager {
            current,
            total,
            prev: (current > 1).then(|| self.link(&path_of(current - 1))),
            next: (current < total).then(|| self.link(&path_of(current + 1))),
        }
    }

    fn digest_link(&self, i: usize) -> DigestLink {
        let d = &self.site.digests[i];
        DigestLink {
            href: self.link(&paths::digest(&d.slug)),
            title: self.texts(&d.title, render_inline),
            date: d.date.map(|d| d.to_string()),
            count: d.papers.len(),
        }
    }

    fn index_page(&self, n: usize) -> IndexTemplate {
        let site = self.site;
        let per = site.config.per_page;
        let rows = site
            .papers
            .iter()
            .skip((n - 1) * per)
            .take(per)
            .map(|p| self.index_row(p))
            .collect();
        let title = if n > 1 {
            self.labels.page_n.replace("{n}", &n.to_string())
        } else {
            String::new()
        };
        IndexTemplate {
            layout: self.layout(&title, &paths::index(n), None),
            description: if n == 1 {
                self.texts(
                    &Texts::new(&site.config.description, &site.config),
                    render_inline,
                )
            } else {
                Vec::new()
            },
            latest_digests: if n == 1 {
                (0..site.digests.len().min(HOME_DIGESTS))
                    .map(|i| self.digest_link(i))
                    .collect()
            } else {
                Vec::new()
            },
            more_digests: n == 1 && site.digests.len() > HOME_DIGESTS,
            digests_href: self.link(&paths::digests()),
            rows,
            pager: self.pager(n, site.index_page_count(), paths::index),
        }
    }

    fn details(&self, paper: &Paper, number: Option<usize>, anchor: String) -> PaperDetails {
        let abstracts = self.texts(&paper.abstract_text, render_block);
        let announce = announce_line(paper);
        PaperDetails {
            anchor,
            number,
            title: self.paper_texts(&paper.title, &paper.html.title_inline, render_inline),
            authors: paper.authors.join(", "),
            url: paper.url.clone(),
            summary: self.paper_texts(&paper.summary, &paper.html.summary_block, render_block),
            announce_shown: announce.is_some() && abstracts.iter().any(|t| t.code == "en"),
            abstracts,
            announce,
            page_href: Some(self.link(&paths::paper(&paper.id))),
        }
    }

    fn digest_page(&self, i: usize) -> DigestTemplate {
        let site = self.site;
        let d = &site.digests[i];
        let mut rows = Vec::with_capacity(d.papers.len());
        let mut details = Vec::with_capacity(d.papers.len());
        for (k, &p) in d.papers.iter().enumerate() {
            let paper = &site.papers[p];
            let n = k + 1;
            let anchor = format!("ref-{n}");
            let title_href = paper
                .url
                .clone()
                .unwrap_or_else(|| self.link(&paths::paper(&paper.id)));
            rows.push(self.row(paper, format!("[{n}]"), format!("#{anchor}"), title_href));
            details.push(self.details(paper, Some(n), anchor));
        }
        let path = paths::digest(&d.slug);
        DigestTemplate {
            layout: self.layout(
                d.title.prefer(self.ui),
                &path,
                d.description.0.first().map(|(_, t)| t.as_str()),
            ),
            title: self.texts(&d.title, render_inline),
            date: d.date.map(|d| d.to_string()),
            description: self.texts(&d.description, render_block),
            body_html: render_markdown(&d.body, site.config.unsafe_html, &site.config.base_path),
            rows,
            details,
            bib_href: self.link(&format!("{path}{}", crate::cite::DIGEST_BIB)),
            feed_href: self.link(&format!("{path}atom.xml")),
        }
    }

    fn digest_list(&self) -> DigestListTemplate {
        DigestListTemplate {
            layout: self.layout(self.labels.digests, &paths::digests(), None),
            digests: (0..self.site.digests.len())
                .map(|i| self.digest_link(i))
                .collect(),
        }
    }

    fn paper_page(&self, paper: &Paper) -> PaperTemplate {
        let site = self.site;
        let mut links = Vec::new();
        if let Some(url) = &paper.url {
            links.push(LinkView {
                href: url.clone(),
                label: link_label(url),
            });
        }
        links.extend(paper.links.iter().map(|(name, href)| LinkView {
            href: href.clone(),
            label: name.clone(),
        }));
        PaperTemplate {
            layout: self.layout(
                paper.title.prefer(self.ui),
                &paths::paper(&paper.id),
                Some(paper.summary.prefer(self.ui)),
            ),
            title: self.paper_texts(&paper.title, &paper.html.title_inline, render_inline),
            authors: paper.authors.join(", "),
            date: paper.date.map(|d| d.to_string()),
            arxiv_line: paper.arxiv.as_ref().map(|a| {
                let mut line = a.id.clone();
                if let Some(v) = a.version {
                    line.push_str(&format!("v{v}"));
                }
                if !a.categories.is_empty() {
                    line.push_str(&format!(" [{}]", a.categories.join(", ")));
                }
                if let Some(t) = &a.announce {
                    line.push_str(&format!(" · {t}"));
                }
                line
            }),
            links,
            tags: paper
                .tags
                .iter()
                .map(|&t| LinkView {
                    href: self.link(&paths::tag(&site.tags[t].slug, 1)),
                    label: site.tags[t].name.clone(),
                })
                .collect(),
            digests: paper
                .digests
                .iter()
                .map(|&d| LinkView {
                    href: self.link(&paths::digest(&site.digests[d].slug)),
                    label: plain(site.digests[d].title.prefer(self.ui)),
                })
                .collect(),
            summary: self.paper_texts(&paper.summary, &paper.html.summary_block, render_block),
            abstracts: self.texts(&paper.abstract_text, render_block),
            announce: announce_line(paper),
            body_html: render_markdown(
                &paper.body,
                site.config.unsafe_html,
                &site.config.base_path,
            ),
            cite: paper_citation(site, paper, self.ui),
        }
    }

    fn tag_page(&self, i: usize, n: usize) -> TagTemplate {
        let site = self.site;
        let tag = &site.tags[i];
        let per = site.config.per_page;
        let rows = tag
            .papers
            .iter()
            .skip((n - 1) * per)
            .take(per)
            .map(|&p| self.index_row(&site.papers[p]))
            .collect();
        TagTemplate {
            layout: self.layout(&tag.name, &paths::tag(&tag.slug, n), None),
            name: tag.name.clone(),
            count_text: self
                .labels
                .paper_count
                .replace("{n}", &tag.papers.len().to_string()),
            rows,
            pager: self.pager(n, site.tag_page_count(tag), |k| paths::tag(&tag.slug, k)),
            feed_href: self.link(&format!("{}atom.xml", paths::tag(&tag.slug, 1))),
        }
    }

    fn tag_list(&self) -> TagListTemplate {
        TagListTemplate {
            layout: self.layout(self.labels.tags, &paths::tags(), None),
            tags: self
                .site
                .tags
                .iter()
                .map(|t| TagLink {
                    href: self.link(&paths::tag(&t.slug, 1)),
                    label: t.name.clone(),
                    count: t.papers.len(),
                })
                .collect(),
        }
    }

    fn free_page(&self, i: usize) -> FreePageTemplate {
        let page = &self.site.pages[i];
        FreePageTemplate {
            layout: self.layout(page.title.prefer(self.ui), &paths::page(&page.slug), None),
            title: self.texts(&page.title, render_inline),
            body_html: render_markdown(
                &page.body,
                self.site.config.unsafe_html,
                &self.site.config.base_path,
            ),
        }
    }

    /// The site's feed: the newest [`FEED_ENTRIES`] papers.
    fn atom(&self) -> AtomTemplate {
        let site = self.site;
        let title = Texts::new(&site.config.title, &site.config);
        self.feed(
            plain(title.prefer(self.ui)),
            plain(Texts::new(&site.config.description, &site.config).prefer(self.ui)),
            "",
            site.papers.iter().take(FEED_ENTRIES),
            None,
        )
    }

    /// A tag's feed: its newest [`FEED_ENTRIES`] papers.
    fn tag_atom(&self, i: usize) -> AtomTemplate {
        let site = self.site;
        let tag = &site.tags[i];
        self.feed(
            format!("{} · {}", tag.name, self.site_title_plain()),
            String::new(),
            &paths::tag(&tag.slug, 1),
            tag.papers
                .iter()
                .take(FEED_ENTRIES)
                .map(|&p| &site.papers[p]),
            None,
        )
    }

    /// A digest's feed: all its papers, in Ref order.
    fn digest_atom(&self, i: usize) -> AtomTemplate {
        let site = self.site;
        let d = &site.digests[i];
        self.feed(
            format!(
                "{} · {}",
                plain(d.title.prefer(self.ui)),
                self.site_title_plain()
            ),
            plain(d.description.prefer(self.ui)),
            &paths::digest(&d.slug),
            d.papers.iter().map(|&p| &site.papers[p]),
            d.date,
        )
    }

    fn site_title_plain(&self) -> String {
        plain(Texts::new(&self.site.config.title, &self.site.config).prefer(self.ui))
    }

    /// An Atom feed of `papers` for the page at `path` (its feed is `<path>atom.xml`).
    /// `updated` is the newest entry's date, or `date` (a digest's own date) when later.
    fn feed<'p>(
        &self,
        title: String,
        subtitle: String,
        path: &str,
        papers: impl Iterator<Item = &'p Paper>,
        date: Option<chrono::NaiveDate>,
    ) -> AtomTemplate {
        let site = self.site;
        let urls = &site.urls;
        let entries: Vec<FeedEntry> = papers.map(|p| self.feed_entry(p)).collect();
        let updated = entries
            .iter()
            .map(|e| e.updated.clone())
            .chain(date.map(|d| atom_date(Some(d))))
            .max()
            .unwrap_or_else(|| atom_date(self.latest_date()));
        AtomTemplate {
            lang: html_lang(self.ui).to_string(),
            title,
            subtitle,
            self_url: urls.absolute(&format!("{path}atom.xml")),
            alternate_url: urls.absolute(path),
            id: urls.absolute(path),
            updated,
            author: site
                .config
                .author
                .clone()
                .unwrap_or_else(|| self.site_title_plain()),
            entries,
        }
    }

    /// The newest date anywhere in the site: what a paper without any date is dated.
    fn latest_date(&self) -> Option<chrono::NaiveDate> {
        let site = self.site;
        site.papers
            .iter()
            .filter_map(|p| p.date)
            .chain(site.digests.iter().filter_map(|d| d.date))
            .max()
    }

    fn feed_entry(&self, p: &Paper) -> FeedEntry {
        let site = self.site;
        let link = site.urls.absolute(&paths::paper(&p.id));
        // A paper's date is the day it was listed; without one, the day of its first
        // digest; without that, the newest date of the site.
        let listed = p
            .date
            .or_else(|| p.digests.iter().filter_map(|&d| site.digests[d].date).min())
            .or_else(|| self.latest_date());
        let revised = p
            .arxiv
            .as_ref()
            .and_then(|a| a.updated.as_deref())
            .and_then(parse_feed_date);
        let published = crate::cite::published_date(p)
            .as_deref()
            .and_then(parse_feed_date)
            .or(listed);
        let updated = [listed, revised, published].into_iter().flatten().max();
        let mut categories: Vec<String> = p
            .arxiv
            .as_ref()
            .map(|a| a.categories.clone())
            .unwrap_or_default();
        for &t in &p.tags {
            let name = &site.tags[t].name;
            if !categories.contains(name) {
                categories.push(name.clone());
            }
        }
        FeedEntry {
            title: p
                .title
                .0
                .iter()
                .map(|(_, t)| plain(t))
                .collect::<Vec<_>>()
                .join(" / "),
            related: p.url.clone().filter(|u| *u != link),
            id: paper_feed_id(p, &link),
            link,
            published: published.map(|d| atom_date(Some(d))),
            updated: atom_date(updated),
            authors: p.authors.iter().map(|a| plain(a)).collect(),
            categories,
            summaries: self.texts(&p.summary, render_block_source_math),
            abstracts: self.texts(&p.abstract_text, render_block_source_math),
        }
    }

    fn sitemap(&self) -> SitemapTemplate {
        let site = self.site;
        let urls = &site.urls;
        let mut out = Vec::with_capacity(site.papers.len() + 64);
        for n in 1..=site.index_page_count() {
            out.push(SitemapUrl {
                loc: urls.absolute(&paths::index(n)),
                lastmod: None,
            });
        }
        for d in &site.digests {
            out.push(SitemapUrl {
                loc: urls.absolute(&paths::digest(&d.slug)),
                lastmod: d.date.map(|d| d.to_string()),
            });
        }
        if !site.digests.is_empty() {
            out.push(SitemapUrl {
                loc: urls.absolute(&paths::digests()),
                lastmod: None,
            });
        }
        for p in &site.papers {
            out.push(SitemapUrl {
                loc: urls.absolute(&paths::paper(&p.id)),
                lastmod: p.date.map(|d| d.to_string()),
            });
        }
        if !site.tags.is_empty() {
            out.push(SitemapUrl {
                loc: urls.absolute(&paths::tags()),
                lastmod: None,
            });
        }
        for t in &site.tags {
            for n in 1..=site.tag_page_count(t) {
                out.push(SitemapUrl {
                    loc: urls.absolute(&paths::tag(&t.slug, n)),
                    lastmod: None,
                });
            }
        }
        for p in &site.pages {
            out.push(SitemapUrl {
                loc: urls.absolute(&paths::page(&p.slug)),
                lastmod: None,
            });
        }
        SitemapTemplate { urls: out }
    }
}

/// The rules that show one language when the reader picks it (`<html data-lang="zh">`).
/// A text is hidden only when its other-language version is beside it, so a paper without
/// a translation never loses its only text. Empty unless the site has exactly two languages.
fn language_switch_css(languages: &[String]) -> String {
    let [a, b] = languages else {
        return String::new();
    };
    let hide = |shown: &str, hidden: &str| {
        format!(
            "[data-lang=\"{shown}\"] .l-{shown}~.l-{hidden},[data-lang=\"{shown}\"] .l-{hidden}:has(~.l-{shown})"
        )
    };
    format!("{},{}{{display:none}}", hide(a, b), hide(b, a))
}

/// `arXiv:2404.02424v1 Announce Type: new` (current style), or `arXiv:2401.14555v1 [cs.CV]`
/// (older style, no announce type).
pub fn announce_line(paper: &Paper) -> Option<String> {
    let a = paper.arxiv.as_ref()?;
    let mut line = format!("arXiv:{}", a.id);
    if let Some(v) = a.version {
        line.push_str(&format!("v{v}"));
    }
    match &a.announce {
        Some(t) => line.push_str(&format!(" Announce Type: {t}")),
        None => {
            if let Some(c) = a.categories.first() {
                line.push_str(&format!(" [{c}]"));
            }
        }
    }
    Some(line)
}

fn link_label(url: &str) -> String {
    if url.contains("arxiv.org/abs/") {
        "arXiv".to_string()
    } else {
        url.to_string()
    }
}

fn atom_date(date: Option<chrono::NaiveDate>) -> String {
    date.map_or_else(
        || "1970-01-01T00:00:00Z".to_string(),
        |d| format!("{d}T00:00:00Z"),
    )
}

/// `YYYY-MM-DD` (or a longer timestamp starting with it) as a date.
fn parse_feed_date(s: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

/// Replaces every NUL (which a YAML escape such as `"\0"` can put in a title) by U+FFFD, as
/// HTML parsers do: no page carries a NUL.
fn html_chars(html: String) -> String {
    if html.as_bytes().contains(&0) {
        html.replace('\0', "\u{fffd}")
    } else {
        html
    }
}

/// Drops the characters XML 1.0 forbids (C0 controls other than tab and line breaks, which
/// a YAML escape such as `"\x01"` can put in a text), so that every feed parses.
fn xml_chars(xml: String) -> String {
    let forbidden = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
    };
    // A byte scan first (U+FFFE/U+FFFF are EF BF BE/BF): feeds almost never hold any.
    let bytes = xml.as_bytes();
    let suspect = bytes.iter().enumerate().any(|(i, &b)| {
        (b < b' ' && !matches!(b, b'\t' | b'\n' | b'\r'))
            || (b == 0xEF && bytes.get(i + 1) == Some(&0xBF))
    });
    if suspect && xml.contains(forbidden) {
        xml.replace(forbidden, "")
    } else {
        xml
    }
}

fn paper_feed_id(paper: &Paper, page_url: &str) -> String {
    match &paper.arxiv {
        Some(a) => format!("https://arxiv.org/abs/{}", a.id),
        None => page_url.to_string(),
    }
}
