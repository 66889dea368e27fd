//! [`Context`]: what every page needs from the site, and the parts that pages share: texts
//! in each language, links, the layout around every page, table rows and pagers.

use super::assets::{THEME_ASSETS, script_fingerprint, site_asset_fingerprint};
use super::cache::{HtmlCache, PaperText};
use super::views::{
    DigestLink, LangChoice, Layout, MachineMark, NavItem, Pager, PagerItem, PaperRow, TextView,
};
use crate::escape::{as_written, as_written_html};
use crate::labels::{Labels, html_lang};
use crate::model::{Pagination, Site, TablePage, Texts, paths};

/// How many numbered pages either side of the current one a pager links.
pub(super) const PAGER_REACH: usize = 2;

/// What every page needs from the site, computed once per output.
pub(super) struct Context<'a> {
    pub(super) site: &'a Site,
    /// The HTML of the papers' texts, shared with the other outputs of the build.
    cache: &'a HtmlCache,
    pub(super) labels: &'a Labels,
    pub(super) ui: &'a str,
    /// The second language of a bilingual site and its labels: what the language switch
    /// swaps the interface to.
    pub(super) other: Option<(&'a str, &'a Labels)>,
}

impl<'a> Context<'a> {
    pub(super) fn new(site: &'a Site, cache: &'a HtmlCache) -> Self {
        let ui = site.config.ui_language();
        Context {
            site,
            cache,
            labels: &site.labels,
            ui,
            other: site
                .switch_labels
                .as_deref()
                .map(|s| (s.code.as_str(), &s.labels)),
        }
    }

    pub(super) fn texts(&self, texts: &Texts, render: fn(&str) -> String) -> Vec<TextView> {
        texts
            .0
            .iter()
            .map(|(code, text)| TextView {
                code: code.clone(),
                lang: html_lang(code).to_string(),
                html: render(text),
                mark: None,
                untranslated: self.untranslated(texts),
            })
            .collect()
    }

    /// Whether `texts` lacks a version in one of the two languages of the site: its one
    /// version then shows in both modes of the switch, marked in the other.
    fn untranslated(&self, texts: &Texts) -> bool {
        self.other.is_some() && texts.0.len() == 1
    }

    /// [`Context::texts`] for a text of paper `paper` (an index into `Site::papers`), whose
    /// HTML is rendered once per build and kept in the [`HtmlCache`] (a paper's title shows
    /// on up to five pages).
    pub(super) fn paper_texts(&self, paper: usize, text: PaperText) -> Vec<TextView> {
        let p = &self.site.papers[paper];
        let (texts, _) = text.of(p);
        let uncached;
        let html = match self.cache.slot(paper, text) {
            Some(slot) => slot.get_or_init(|| text.render(p)),
            None => {
                uncached = text.render(p);
                &uncached
            }
        };
        texts
            .0
            .iter()
            .enumerate()
            .map(|(i, (code, t))| TextView {
                code: code.clone(),
                lang: html_lang(code).to_string(),
                html: match html {
                    Some(html) => html[i].clone(),
                    None => text.plain(t),
                },
                mark: None,
                untranslated: self.untranslated(texts),
            })
            .collect()
    }

    /// `views` (of the text `field` of paper `paper`, one per language) with the mark of
    /// each that `generated:` says a machine wrote.
    pub(super) fn marked(
        &self,
        paper: usize,
        field: &str,
        mut views: Vec<TextView>,
    ) -> Vec<TextView> {
        let paper = &self.site.papers[paper];
        if paper.generated.is_empty() {
            return views;
        }
        for view in &mut views {
            if let Some(entry) = paper.provenance(&format!("{field}.{}", view.code)) {
                view.mark = Some(MachineMark {
                    label: self.labels.machine_mark.to_string(),
                    title: format!(
                        "{}: {}",
                        self.labels.machine_written,
                        crate::provenance::short_description(entry)
                    ),
                    provenance: crate::provenance::mark_value(entry),
                    lang: html_lang(self.ui).to_string(),
                });
            }
        }
        views
    }

    pub(super) fn link(&self, path: &str) -> String {
        self.site.urls.link(path)
    }

    /// A URL as written when it has a scheme (`https://…`), else a path within the site
    /// (`about/`, `/about/`, `logo.png`) as a link under the base path.
    fn site_or_absolute(&self, url: &str) -> String {
        // `#top` is a place on the page it is on, every page's own.
        if url.contains("://") || url.starts_with("mailto:") || url.starts_with('#') {
            url.to_string()
        } else {
            self.link(url.trim_start_matches('/'))
        }
    }

    /// The layout around the page at `path`, whose title `title` gives for a language's
    /// labels and code (for the UI language, and for the second one that the language
    /// switch shows).
    pub(super) fn layout(
        &self,
        title: impl Fn(&Labels, &str) -> String,
        path: &str,
        description: Option<&str>,
    ) -> Layout {
        let site = self.site;
        let site_title = Texts::new(&site.config.title, &site.config);
        let site_title_plain = as_written(site_title.prefer(self.ui));
        // `title` gives the page's title as shown (a paper's made plain by its caller).
        let page_title_in = |labels: &Labels, code: &str| {
            let site_title = as_written(site_title.prefer(code));
            let title = as_written(&title(labels, code));
            if title.is_empty() || title == site_title {
                site_title
            } else {
                format!("{title} · {site_title}")
            }
        };
        let page_title = page_title_in(self.labels, self.ui);
        let other_title = self
            .other
            .map(|(code, labels)| page_title_in(labels, code))
            .filter(|t| *t != page_title);
        let css = THEME_ASSETS[0];
        let js = THEME_ASSETS[1];
        let lang_choices: Vec<LangChoice> = if site.config.languages.len() == 2 {
            site.config
                .languages
                .iter()
                .map(|code| LangChoice { code: code.clone() })
                .collect()
        } else {
            Vec::new()
        };
        // A menu entry's name in the second language, when it has one of its own.
        let other_name = |texts: &Texts, label: &str| {
            self.other
                .map(|(code, _)| as_written(texts.prefer(code)))
                .filter(|other| other != label)
        };
        // `aria-current`: "page" on the link to the page shown, "true" on the link to the
        // section it is in (a digest's page marks the list of digests).
        let marked = |page: bool, section: bool| match (page, section) {
            (true, _) => Some("page"),
            (false, true) => Some("true"),
            (false, false) => None,
        };
        let mut nav = vec![NavItem {
            href: self.link(""),
            label: self.labels.home.to_string(),
            key: Some("home"),
            other: None,
            current: marked(path.is_empty() || path == "index.html", false),
        }];
        if !site.digests.is_empty() {
            nav.push(NavItem {
                href: self.link(&paths::digests()),
                label: self.labels.digests.to_string(),
                key: Some("digests"),
                other: None,
                current: marked(path == paths::digests(), path.starts_with("digests/")),
            });
        }
        if !site.tags.is_empty() {
            nav.push(NavItem {
                href: self.link(&paths::tags()),
                label: self.labels.tags.to_string(),
                key: Some("tags"),
                other: None,
                current: marked(path == paths::tags(), path.starts_with("tags/")),
            });
        }
        if !site.categories.is_empty() {
            nav.push(NavItem {
                href: self.link(&paths::categories()),
                label: self.labels.categories.to_string(),
                key: Some("categories"),
                other: None,
                current: marked(path == paths::categories(), path.starts_with("categories/")),
            });
        }
        nav.push(NavItem {
            href: self.link(&paths::reading_list()),
            label: self.labels.reading_list.to_string(),
            key: Some("reading_list"),
            other: None,
            current: marked(path == paths::reading_list(), false),
        });
        for page in site.pages.iter().filter(|p| p.menu.is_some()) {
            let p = paths::page(&page.slug);
            nav.push(NavItem {
                href: self.link(&p),
                label: as_written(page.title.prefer(self.ui)),
                key: None,
                other: other_name(&page.title, &as_written(page.title.prefer(self.ui))),
                current: marked(path == p, false),
            });
        }
        for link in &site.config.nav {
            let href = self.site_or_absolute(&link.url);
            let texts = Texts::new(&link.label, &site.config);
            let label = as_written(texts.prefer(self.ui));
            nav.push(NavItem {
                current: marked(href == self.link(path), false),
                href,
                other: other_name(&texts, &label),
                label,
                key: None,
            });
        }
        // Cut to what a search result or a link preview shows.
        let description =
            crate::cite::short_description(&description.map(as_written).unwrap_or_else(|| {
                as_written(Texts::new(&site.config.description, &site.config).prefer(self.ui))
            }));
        Layout {
            html_lang: html_lang(self.ui).to_string(),
            page_title,
            other_title,
            labels_js_href: format!(
                "{}?v={}",
                self.link(super::outputs::LABELS_SCRIPT),
                site.theme
                    .replaced_labels
                    .as_deref()
                    .unwrap_or(&site.labels_script.fingerprint)
            ),
            description,
            canonical: site.urls.absolute(path),
            css_href: format!("{}?v={}", self.link(css.0), site_asset_fingerprint(site, 0)),
            custom_css_href: site.theme.custom_css.as_ref().map(|fingerprint| {
                format!(
                    "{}?v={fingerprint}",
                    self.link(crate::customize::CUSTOM_CSS)
                )
            }),
            head_html: site.theme.head_html.clone(),
            footer_html: site.theme.footer_html.clone(),
            js_href: format!("{}?v={}", self.link(js.0), script_fingerprint(site)),
            icon_href: format!(
                "{}?v={}",
                self.link(THEME_ASSETS[2].0),
                site_asset_fingerprint(site, 2)
            ),
            lang_choices,
            search: site.config.search,
            atom_href: self.link("atom.xml"),
            stats_href: self.link(&paths::stats()),
            home_href: self.link(""),
            site_title: self.texts(&site_title, as_written_html),
            site_title_plain,
            nav,
            labels: self.site.labels.clone(),
            logo_href: site
                .config
                .logo
                .as_deref()
                .map(|logo| self.site_or_absolute(logo)),
            footer_text: self.texts(
                &Texts::new(&site.config.footer, &site.config),
                as_written_html,
            ),
            repository: site.config.repository.clone(),
            generator_href: env!("CARGO_PKG_REPOSITORY"),
        }
    }

    pub(super) fn row(
        &self,
        paper: usize,
        ref_label: String,
        ref_href: String,
        title_href: String,
    ) -> PaperRow {
        PaperRow {
            ref_label,
            ref_href,
            title_href,
            title: self.paper_texts(paper, PaperText::Title),
            authors: self.short_authors(&self.site.papers[paper].authors),
            categories: self.category_links(paper),
            summary: self.paper_texts(paper, PaperText::Summary),
        }
    }

    /// The first three of `authors`, and "et al." when there are more (the paper page
    /// lists them all).
    pub(super) fn short_authors(&self, authors: &[String]) -> String {
        const SHOWN: usize = 3;
        let mut shown = author_list(&authors[..authors.len().min(SHOWN)]);
        if authors.len() > SHOWN {
            shown.push(' ');
            shown.push_str(&self.labels.et_al);
        }
        shown
    }

    /// A row of an index or tag table for paper `paper` (an index into `Site::papers`): Ref
    /// is the paper id, both cells link to its page.
    pub(super) fn index_row(&self, paper: usize) -> PaperRow {
        let id = &self.site.papers[paper].id;
        let href = self.link(&paths::paper(id));
        self.row(paper, id.clone(), href.clone(), href)
    }

    /// The links from page `current` of a table cut as `pages` says, each page's path given
    /// by `path_of`.
    ///
    /// A numbered page links the newest page, page 1, and the pages up to [`PAGER_REACH`]
    /// either side of it; what it shows depends on how many pages there are only when it is
    /// within that reach of the newest ones. So when rows are added, only the newest page and
    /// the few numbered pages next to it change, never the whole table's pages.
    pub(super) fn pager(
        &self,
        current: TablePage,
        pages: Pagination,
        path_of: impl Fn(TablePage) -> String,
    ) -> Pager {
        let last = pages.numbered();
        // The number the newest page would have: the window around it is its neighbours.
        let at = match current {
            TablePage::Numbered(n) => n,
            TablePage::Newest => last + 1,
        };
        let mut numbers: Vec<usize> = (at.saturating_sub(PAGER_REACH).max(1)
            ..=(at + PAGER_REACH).min(last))
            .rev()
            .collect();
        if last >= 1 && numbers.last() != Some(&1) {
            numbers.push(1);
        }
        let item = |page: TablePage, label: String, gap_before: bool| PagerItem {
            label,
            href: self.link(&path_of(page)),
            current: page == current,
            gap_before,
        };
        let mut items = Vec::with_capacity(numbers.len() + 1);
        if last >= 1 {
            items.push(item(
                TablePage::Newest,
                self.labels.newest.to_string(),
                false,
            ));
        }
        let mut before = last + 1;
        for n in numbers {
            items.push(item(TablePage::Numbered(n), n.to_string(), before > n + 1));
            before = n;
        }
        let numbered = |n: usize| (1..=last).contains(&n).then_some(TablePage::Numbered(n));
        let (newer, older) = match current {
            TablePage::Newest => (None, numbered(last)),
            TablePage::Numbered(n) => (
                Some(numbered(n + 1).unwrap_or(TablePage::Newest)),
                n.checked_sub(1).and_then(numbered),
            ),
        };
        Pager {
            items,
            prev: newer.map(|p| self.link(&path_of(p))),
            next: older.map(|p| self.link(&path_of(p))),
        }
    }

    /// The page at a former address of the page at `to`: it sends the browser there (a
    /// refresh, which GitHub Pages allows where it allows no redirect), names it as the
    /// canonical address, and links it for a reader without the refresh.
    pub(super) fn alias_page(&self, to: &str) -> String {
        let escaped = |text: &str| {
            let mut out = String::new();
            crate::escape::escape_into(&mut out, text);
            out
        };
        let href = escaped(&self.link(to));
        let canonical = escaped(&self.site.urls.absolute(to));
        // The head hook too, as on every page: what it adds (analytics) counts the visits
        // of old addresses as well.
        let hook = self
            .site
            .theme
            .head_html
            .as_deref()
            .map(|hook| format!("{hook}\n"))
            .unwrap_or_default();
        format!(
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{href}</title>\n\
             <link rel=\"canonical\" href=\"{canonical}\">\n<meta name=\"robots\" content=\"noindex\">\n\
             <meta http-equiv=\"refresh\" content=\"0; url={href}\">\n{hook}</head>\n<body>\n<p><a href=\"{href}\">{href}</a></p>\n</body>\n</html>\n",
            html_lang(self.ui)
        )
    }

    /// The `<title>` part of a table page: "Page 3", nothing for the newest page.
    pub(super) fn page_title(&self, page: TablePage) -> String {
        page_title_in(self.labels, page)
    }

    /// [`Context::digest_link`] of digest `n` as digest `i`'s page links it: without its
    /// date when that is `i`'s too, so that the link shows its title.
    pub(super) fn neighbour_link(&self, i: usize, n: usize) -> DigestLink {
        let mut link = self.digest_link(n);
        if self.site.digests[n].date.is_some()
            && self.site.digests[n].date == self.site.digests[i].date
        {
            link.date = None;
        }
        link
    }

    pub(super) fn digest_link(&self, i: usize) -> DigestLink {
        let d = &self.site.digests[i];
        DigestLink {
            href: self.link(&paths::digest(&d.slug)),
            title: self.texts(&d.title, as_written_html),
            date: d.date.map(|d| d.to_string()),
            count: d.papers.len(),
        }
    }
}

/// [`Context::page_title`] in the language of `labels`.
pub(super) fn page_title_in(labels: &Labels, page: TablePage) -> String {
    match page {
        TablePage::Newest => String::new(),
        TablePage::Numbered(n) => labels.page_n.replace("{n}", &n.to_string()),
    }
}

/// The `<title>` part of a page of a tag's or a category's table: what it is and its name
/// (`分类: cs.LG`, as its heading: a tag and a category may share a name), then the page.
pub(super) fn table_title_in(labels: &Labels, kind: &str, name: &str, page: TablePage) -> String {
    match page {
        TablePage::Newest => format!("{kind}: {name}"),
        TablePage::Numbered(_) => {
            format!("{kind}: {name} · {}", page_title_in(labels, page))
        }
    }
}

impl Context<'_> {
    /// "12 papers", on a tag's or a category's own page only: a numbered page then says
    /// nothing that a new day changes, and stays as published.
    pub(super) fn table_count(&self, page: TablePage, papers: usize) -> String {
        match page {
            TablePage::Newest => self.labels.paper_count.replace("{n}", &papers.to_string()),
            TablePage::Numbered(_) => String::new(),
        }
    }
}

/// `authors` joined with commas, each name written right to left (Arabic, Hebrew) between
/// Unicode's isolates (U+2068, U+2069): the browser would otherwise lay out two such names
/// and the comma between them as one run of right-to-left text, the second name first.
/// Names without such letters are as written (no markup, and no bytes, for most lists).
/// The characters that set a direction by hand (U+202A–U+202E, U+2066–U+2069) are left
/// out of a name: one left open (`\u{202E}Evil`) turned every name after it around.
pub(super) fn author_list(authors: &[String]) -> String {
    let mut list = String::new();
    for (k, name) in authors.iter().enumerate() {
        if k > 0 {
            list.push_str(", ");
        }
        let name: std::borrow::Cow<'_, str> = if name.chars().any(is_direction_control) {
            name.chars().filter(|c| !is_direction_control(*c)).collect()
        } else {
            name.into()
        };
        if name.chars().any(is_right_to_left) {
            list.push('\u{2068}');
            list.push_str(&name);
            list.push('\u{2069}');
        } else {
            list.push_str(&name);
        }
    }
    list
}

/// A character that sets the direction of the text after it by hand: an embedding, an
/// override, an isolate or their ends.
fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A letter of a script written right to left: Hebrew, Arabic, Syriac, Thaana, N'Ko and
/// their presentation forms.
fn is_right_to_left(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08ff | 0xfb1d..=0xfdff | 0xfe70..=0xfeff)
}
