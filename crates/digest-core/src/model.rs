//! The site graph: papers, digests, tags, arXiv categories and free pages, in their display
//! order, with the links between them and the URL of every page.
//!
//! [`Site::build`] turns validated documents into this graph. It is cheap to rebuild
//! (sorting and indexing, no text processing), which is what the dev server relies on:
//! after a change it builds a new `Site` and renders only the pages that differ.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::arxiv::abs_url;
use crate::config::SiteConfig;
use crate::frontmatter::{ArxivMeta, BilingualText, Provenance};
use crate::load::{LoadedContent, PaperDocument};
use crate::rules::{category_slug, date_in_name, parse_date, tag_slug};

/// A text in the site's languages, in display order (`languages` of `site.yaml`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Texts(pub Vec<(String, String)>);

impl Texts {
    pub fn new(text: &BilingualText, config: &SiteConfig) -> Self {
        // With room for exactly the site's languages: collected from a filter, a list
        // would start at four entries, 29 MB never used at 100,000 papers.
        let mut texts = Vec::with_capacity(config.languages.len());
        for lang in &config.languages {
            if let Some(text) = text.text(lang, &config.source_language) {
                // An indent of ideographic spaces is the text's (a Chinese paragraph's).
                let text = crate::escape::trim_keeping_ideographic(text);
                texts.push((lang.clone(), text.to_string()));
            }
        }
        Texts(texts)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, lang: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(l, _)| l == lang)
            .map(|(_, t)| t.as_str())
    }

    /// The text in `lang`, or else in the first language that has one.
    pub fn prefer(&self, lang: &str) -> &str {
        self.get(lang)
            .or_else(|| self.0.first().map(|(_, t)| t.as_str()))
            .unwrap_or("")
    }
}

/// One paper.
#[derive(Debug, Clone, PartialEq)]
pub struct Paper {
    pub id: String,
    pub title: Texts,
    pub summary: Texts,
    pub abstract_text: Texts,
    /// Whether the source-language abstract stops mid-sentence, as abstracts cut short by
    /// a tool do ([`crate::lint::looks_cut`]).
    pub abstract_cut: bool,
    /// The texts of `analysis:` that are given, by key in [`Analysis::KEYS`](crate::frontmatter::Analysis::KEYS) order.
    pub analysis: Vec<(&'static str, Texts)>,
    /// `generated:`: which of the texts a machine wrote (see [`crate::provenance`]).
    pub generated: Vec<Provenance>,
    pub url: Option<String>,
    pub authors: Vec<String>,
    pub date: Option<NaiveDate>,
    pub arxiv: Option<ArxivMeta>,
    /// Indices into [`Site::tags`].
    pub tags: Vec<usize>,
    /// Indices into [`Site::categories`] of `arxiv.categories`, the primary first.
    pub categories: Vec<usize>,
    /// Named links (pdf, code, html, ...), the PDF derived for arXiv papers.
    pub links: Vec<(String, String)>,
    /// The Markdown body: the author's notes.
    pub body: String,
    pub source: PathBuf,
    /// Indices into [`Site::digests`] of the digests that list this paper.
    pub digests: Vec<usize>,
}

impl Paper {
    /// The entry of `generated:` that covers the text at `path` (`title.zh`,
    /// `analysis.method.en`), if a machine wrote it.
    pub fn provenance(&self, path: &str) -> Option<&Provenance> {
        crate::provenance::covering(&self.generated, path)
    }
}

/// One digest (a dated issue listing papers).
#[derive(Debug, Clone, PartialEq)]
pub struct Digest {
    pub slug: String,
    pub title: Texts,
    pub date: Option<NaiveDate>,
    pub description: Texts,
    /// Indices into [`Site::papers`], in Ref order.
    pub papers: Vec<usize>,
    pub body: String,
    pub source: PathBuf,
    /// The files of its former addresses ([`crate::rules::alias_file`]), each a page
    /// that sends the browser to the digest.
    pub aliases: Vec<String>,
}

impl Digest {
    /// The anchor of the paper of Ref number `number` (from 1) on a digest's page,
    /// `ref-<n>`: its details there, which its row, its paper's page and search link.
    pub fn anchor(number: usize) -> String {
        format!("ref-{number}")
    }

    /// The anchor of paper `paper` (an index into [`Site::papers`]) on the digest's page
    /// ([`Digest::anchor`] of its Ref number: its first, if listed twice).
    pub fn anchor_of(&self, paper: usize) -> Option<String> {
        let at = self.papers.iter().position(|&p| p == paper)?;
        Some(Digest::anchor(at + 1))
    }

    /// [`Digest::anchor_of`] the paper whose id is `id`, one of `papers` (the site's).
    pub fn anchor_of_id(&self, papers: &[Paper], id: &str) -> Option<String> {
        let at = self.papers.iter().position(|&p| papers[p].id == id)?;
        Some(Digest::anchor(at + 1))
    }
}

/// A tag and the papers that carry it (in the site's paper order).
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    pub name: String,
    pub slug: String,
    pub papers: Vec<usize>,
}

/// An arXiv category (`cs.CV`) and the papers that list it, primary or cross-listed.
#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    /// As the first paper (in the site's order) that lists it writes it.
    pub name: String,
    /// Its page is `categories/<slug>/`: the name when it is a slug (`cs.CV`), else as a
    /// tag's ([`tag_slug`]).
    pub slug: String,
    /// Newest digest first: by the newest digest that lists the paper, in its Ref order;
    /// papers in no digest last, in the site's order.
    pub papers: Vec<usize>,
}

/// A free page (about, ...).
#[derive(Debug, Clone, PartialEq)]
pub struct FreePage {
    pub slug: String,
    pub title: Texts,
    pub menu: Option<i32>,
    pub body: String,
    pub source: PathBuf,
    /// As a digest's [`Digest::aliases`].
    pub aliases: Vec<String>,
}

/// The files of `aliases` (validation refused the ones that are none).
fn alias_files(aliases: &[String]) -> Vec<String> {
    aliases
        .iter()
        .filter_map(|a| crate::rules::alias_file(a).ok())
        .collect()
}

/// The whole site, ready to render.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    /// Newest first (by date, then id).
    pub papers: Vec<Paper>,
    pub paper_index: HashMap<String, usize>,
    /// Newest first (by date, then slug).
    pub digests: Vec<Digest>,
    /// By slug.
    pub tags: Vec<Tag>,
    /// By slug, ignoring case.
    pub categories: Vec<Category>,
    /// By menu position, then slug.
    pub pages: Vec<FreePage>,
    pub urls: Urls,
    /// What the site adds to the theme (hooks, `custom.css`, replaced assets).
    pub theme: crate::customize::SiteTheme,
    /// The UI labels of the site's UI language, with `site.yaml`'s overrides.
    pub labels: std::sync::Arc<crate::labels::Labels>,
    /// On a site of two languages: the labels of the second (with its overrides).
    pub switch_labels: Option<std::sync::Arc<SwitchLabels>>,
    /// `assets/labels.js`: the words of the site's languages, which `site.js` builds the
    /// header's tools and the keys' help with and swaps the interface by.
    pub labels_script: std::sync::Arc<LabelsScript>,
}

/// The text of `assets/labels.js` and its fingerprint, in the URL pages load it by.
#[derive(Debug)]
pub struct LabelsScript {
    pub script: String,
    pub fingerprint: String,
}

/// What the language switch swaps the interface's words with (see the `labels` module).
#[derive(Debug)]
pub struct SwitchLabels {
    /// The second language's code (`en`).
    pub code: String,
    pub labels: crate::labels::Labels,
}

impl Site {
    /// Builds the graph from validated content. Drafts are left out unless `drafts`.
    pub fn build(config: SiteConfig, content: LoadedContent, drafts: bool) -> Site {
        // Each paper on its own (in parallel: a tenth of loading 10,000 papers), then the
        // tags' names in file order, the first spelling of each.
        let converted: Vec<(Paper, Vec<(String, String)>)> = content
            .papers
            .into_par_iter()
            .filter(|doc| drafts || !doc.front.draft)
            .map(|doc| paper_of(doc, &config))
            .collect();
        let mut papers: Vec<Paper> = Vec::with_capacity(converted.len());
        let mut tag_names: BTreeMap<String, String> = BTreeMap::new();
        let mut paper_tag_slugs: Vec<Vec<String>> = Vec::with_capacity(converted.len());
        for (paper, tags) in converted {
            let mut slugs = Vec::new();
            for (slug, tag) in tags {
                if !slugs.contains(&slug) {
                    tag_names.entry(slug.clone()).or_insert(tag);
                    slugs.push(slug);
                }
            }
            paper_tag_slugs.push(slugs);
            papers.push(paper);
        }
        // Newest first; ties by id, descending, so that later arXiv ids come first.
        let mut order: Vec<usize> = (0..papers.len()).collect();
        order.sort_by(|&a, &b| {
            (papers[b].date, &papers[b].id).cmp(&(papers[a].date, &papers[a].id))
        });
        let mut slots: Vec<Option<(Paper, Vec<String>)>> =
            papers.into_iter().zip(paper_tag_slugs).map(Some).collect();
        let mut papers = Vec::with_capacity(slots.len());
        let mut paper_tag_slugs = Vec::with_capacity(slots.len());
        for i in order {
            let (p, t) = slots[i].take().expect("each paper is taken once");
            papers.push(p);
            paper_tag_slugs.push(t);
        }
        let paper_index: HashMap<String, usize> = papers
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();

        let tag_position: HashMap<&str, usize> = tag_names
            .keys()
            .enumerate()
            .map(|(i, s)| (s.as_str(), i))
            .collect();
        let mut tags: Vec<Tag> = tag_names
            .iter()
            .map(|(slug, name)| Tag {
                name: name.clone(),
                slug: slug.clone(),
                papers: Vec::new(),
            })
            .collect();
        for (i, slugs) in paper_tag_slugs.iter().enumerate() {
            for slug in slugs {
                let t = tag_position[slug.as_str()];
                tags[t].papers.push(i);
                papers[i].tags.push(t);
            }
        }
        // Tag names come only from papers that are built: a tag used only by drafts has
        // no page.

        let mut digests: Vec<Digest> = content
            .digests
            .into_iter()
            .filter(|d| drafts || !d.front.draft)
            .map(|doc| {
                let fm = doc.front;
                // Without `date:`, the date its file is named by (`2024-04-04.md`,
                // `2024-3-1.md`, `20240301.md`), as Zola and Jekyll read a post's.
                let date = match fm.date.as_deref() {
                    Some(written) => parse_date(written),
                    None => date_in_name(&doc.stem).map(|(date, _)| date),
                };
                let mut title = Texts::new(&fm.title, &config);
                if title.is_empty() {
                    title = Texts(vec![(
                        config.ui_language().to_string(),
                        date.map_or_else(|| doc.stem.clone(), |d| d.to_string()),
                    )]);
                }
                Digest {
                    slug: doc.stem,
                    title,
                    date,
                    description: Texts::new(&fm.description, &config),
                    papers: fm
                        .papers
                        .iter()
                        .filter_map(|id| paper_index.get(id).copied())
                        .collect(),
                    body: doc.body,
                    source: doc.path,
                    aliases: alias_files(&fm.aliases),
                }
            })
            .collect();
        digests.sort_by(|a, b| (b.date, &b.slug).cmp(&(a.date, &a.slug)));
        for (d, digest) in digests.iter().enumerate() {
            for &p in &digest.papers {
                papers[p].digests.push(d);
            }
        }

        let categories = categories_of(&mut papers, &digests);

        let mut pages: Vec<FreePage> = content
            .pages
            .into_iter()
            .filter(|d| drafts || !d.front.draft)
            .map(|doc| FreePage {
                title: Texts::new(&doc.front.title, &config),
                menu: doc.front.menu,
                aliases: alias_files(&doc.front.aliases),
                slug: doc.stem,
                body: doc.body,
                source: doc.path,
            })
            .collect();
        pages.sort_by(|a, b| {
            (a.menu.is_none(), a.menu, &a.slug).cmp(&(b.menu.is_none(), b.menu, &b.slug))
        });

        let urls = Urls::new(&config.base_url, &config.base_path);
        let ui = config.ui_language();
        let labels = crate::labels::site_labels(ui, config.labels.get(ui));
        let switch_labels = match config.languages.as_slice() {
            [_, other] => {
                let other_labels = crate::labels::site_labels(other, config.labels.get(other));
                Some(std::sync::Arc::new(SwitchLabels {
                    code: other.clone(),
                    labels: other_labels,
                }))
            }
            _ => None,
        };
        let script = crate::labels::switch_script(
            (ui, &labels),
            switch_labels
                .as_deref()
                .map(|s| (s.code.as_str(), &s.labels)),
        );
        let labels_script = std::sync::Arc::new(LabelsScript {
            fingerprint: crate::customize::fingerprint(script.as_bytes()),
            script,
        });
        Site {
            config,
            papers,
            paper_index,
            digests,
            tags,
            categories,
            pages,
            urls,
            theme: crate::customize::SiteTheme::default(),
            labels: std::sync::Arc::new(labels),
            switch_labels,
            labels_script,
        }
    }

    /// Takes every paper's abstracts out, in the order of [`Site::papers`], leaving each
    /// paper without: for the search index, the last to read them in a build
    /// ([`SearchInput::of_site_and_abstracts`](crate::search::SearchInput::of_site_and_abstracts)).
    pub fn take_abstracts(&mut self) -> Vec<Texts> {
        self.papers
            .iter_mut()
            .map(|p| std::mem::take(&mut p.abstract_text))
            .collect()
    }

    /// The pages of the paper table (the home page and the numbered pages of older papers).
    pub fn index_pages(&self) -> Pagination {
        Pagination::new(self.papers.len(), self.config.per_page)
    }

    /// The pages of a tag's table.
    pub fn tag_pages(&self, tag: &Tag) -> Pagination {
        Pagination::new(tag.papers.len(), self.config.per_page)
    }

    /// The pages of a category's table, numbered like a tag's.
    pub fn category_pages(&self, category: &Category) -> Pagination {
        Pagination::new(category.papers.len(), self.config.per_page)
    }
}

/// The paper of a loaded file, and its tags as (slug, name as written), in file order.
fn paper_of(doc: PaperDocument, config: &SiteConfig) -> (Paper, Vec<(String, String)>) {
    let fm = doc.front;
    let mut links: Vec<(String, String)> = fm.links.into_iter().collect();
    if let Some(arxiv) = &fm.arxiv
        && !links.iter().any(|(k, _)| k == "pdf")
    {
        links.push(("pdf".into(), format!("https://arxiv.org/pdf/{}", arxiv.id)));
        links.sort();
    }
    let tags = fm
        .tags
        .into_iter()
        .map(|tag| (tag_slug(&tag), tag))
        .collect();
    let abstract_text = Texts::new(&fm.abstract_text, config);
    let paper = Paper {
        abstract_cut: abstract_text
            .get(&config.source_language)
            .is_some_and(crate::lint::looks_cut),
        title: Texts::new(&fm.title, config),
        summary: Texts::new(&fm.summary, config),
        abstract_text,
        analysis: fm
            .analysis
            .as_ref()
            .map(|a| {
                a.fields()
                    .into_iter()
                    .map(|(key, text)| (key, Texts::new(text, config)))
                    .filter(|(_, texts)| !texts.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
        generated: fm.generated.map(|g| g.0).unwrap_or_default(),
        url: fm.url.or_else(|| fm.arxiv.as_ref().map(|a| abs_url(&a.id))),
        authors: fm.authors,
        date: fm.date.as_deref().and_then(parse_date),
        arxiv: fm.arxiv,
        tags: Vec::new(),
        categories: Vec::new(),
        links,
        body: doc.body,
        source: doc.path,
        digests: Vec::new(),
        id: fm.id,
    };
    (paper, tags)
}

/// One page of a paginated table (the paper table, a tag's): the list's own page, which
/// shows the newest rows, or a numbered page of older ones. Pages are numbered from the
/// oldest, so a page keeps its rows (and its address) when rows are added at the top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TablePage {
    /// The list's own URL (`/`, `tags/<tag>/`): the newest rows.
    Newest,
    /// `page/<n>/`: the `n`-th full page counted from the oldest row (1-based).
    Numbered(usize),
}

/// How a table of `len` rows, newest first, is cut into pages of `per` rows.
///
/// The numbered pages are full: page 1 holds the `per` oldest rows, page 2 the next, and so
/// on. The list's own page holds the rest, the newest: at least `per` rows (all of them
/// when there are fewer) and fewer than `2 × per`, so it is never nearly empty. Adding
/// rows at the top changes only the list's own page until it would hold `2 × per`; then
/// its oldest `per` rows become the next numbered page, and no other page's rows change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pagination {
    len: usize,
    per: usize,
}

impl Pagination {
    pub fn new(len: usize, per: usize) -> Self {
        Pagination {
            len,
            per: per.max(1),
        }
    }

    /// How many numbered pages there are (0 when every row fits on the list's own page).
    pub fn numbered(&self) -> usize {
        (self.len / self.per).saturating_sub(1)
    }

    /// Every page: the numbered ones from the oldest, then the list's own.
    pub fn pages(&self) -> impl Iterator<Item = TablePage> + use<> {
        (1..=self.numbered())
            .map(TablePage::Numbered)
            .chain(std::iter::once(TablePage::Newest))
    }

    /// The rows of `page`, as positions in the newest-first table (empty for a page that
    /// does not exist).
    pub fn rows(&self, page: TablePage) -> std::ops::Range<usize> {
        let numbered = self.numbered();
        match page {
            TablePage::Newest => 0..self.len - numbered * self.per,
            TablePage::Numbered(n) if (1..=numbered).contains(&n) => {
                self.len - n * self.per..self.len - (n - 1) * self.per
            }
            TablePage::Numbered(_) => 0..0,
        }
    }

    /// The page that shows the row at `position` of the newest-first table.
    pub fn page_of(&self, position: usize) -> TablePage {
        let from_oldest = self.len.saturating_sub(position + 1);
        let n = from_oldest / self.per + 1;
        if n <= self.numbered() {
            TablePage::Numbered(n)
        } else {
            TablePage::Newest
        }
    }
}

/// The categories of `papers` (in the site's order), by slug ignoring case, and each
/// paper's indices into them. Names that differ only in case are one category (on macOS
/// and Windows their pages would be one folder), named as the first paper writes it.
fn categories_of(papers: &mut [Paper], digests: &[Digest]) -> Vec<Category> {
    let mut names: BTreeMap<String, (String, String)> = BTreeMap::new();
    for paper in papers.iter() {
        for name in paper.arxiv.iter().flat_map(|a| &a.categories) {
            let slug = category_slug(name);
            if !slug.is_empty() {
                names
                    .entry(slug.to_lowercase())
                    .or_insert_with(|| (name.clone(), slug));
            }
        }
    }
    let position: HashMap<&str, usize> = names
        .keys()
        .enumerate()
        .map(|(i, key)| (key.as_str(), i))
        .collect();
    let mut categories: Vec<Category> = names
        .values()
        .map(|(name, slug)| Category {
            name: name.clone(),
            slug: slug.clone(),
            papers: Vec::new(),
        })
        .collect();
    for (i, paper) in papers.iter_mut().enumerate() {
        let mut indices = Vec::new();
        for name in paper.arxiv.iter().flat_map(|a| &a.categories) {
            let slug = category_slug(name);
            if let Some(&c) = position.get(slug.to_lowercase().as_str())
                && !indices.contains(&c)
            {
                indices.push(c);
                categories[c].papers.push(i);
            }
        }
        paper.categories = indices;
    }
    // Newest digest first (digests are newest first), each in its Ref order.
    let mut place: Vec<(usize, usize)> = vec![(usize::MAX, 0); papers.len()];
    for (d, digest) in digests.iter().enumerate() {
        for (k, &p) in digest.papers.iter().enumerate() {
            if place[p].0 == usize::MAX {
                place[p] = (d, k);
            }
        }
    }
    for category in &mut categories {
        category.papers.sort_by_key(|&p| (place[p], p));
    }
    categories
}

/// URLs of every page, under the base path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Urls {
    /// Absolute base URL ending in `/`.
    pub base_url: String,
    /// Path prefix of every link, `/` or `/repo/`.
    pub base_path: String,
}

impl Urls {
    pub fn new(base_url: &str, base_path: &str) -> Self {
        Urls {
            base_url: base_url.to_string(),
            base_path: base_path.to_string(),
        }
    }

    /// A site-relative path (no leading `/`) as a link: the prefix plus the path,
    /// percent-encoded where needed.
    pub fn link(&self, path: &str) -> String {
        let mut out = self.base_path.clone();
        for c in path.chars() {
            if c.is_ascii_alphanumeric() || "-._~/!$&'()*+,;=:@?#%".contains(c) {
                out.push(c);
            } else {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
        out
    }

    /// The absolute URL of a site-relative path (for feeds and the sitemap).
    pub fn absolute(&self, path: &str) -> String {
        let link = self.link(path);
        let origin = self
            .base_url
            .strip_suffix(&self.base_path)
            .unwrap_or(&self.base_url);
        format!("{origin}{link}")
    }
}

/// Site-relative output paths of every kind of page.
pub mod paths {
    use super::TablePage;

    /// A page of the paper table: the home page, or `page/<n>/`.
    pub fn index(page: TablePage) -> String {
        match page {
            TablePage::Newest => String::new(),
            TablePage::Numbered(n) => format!("page/{n}/"),
        }
    }
    pub fn paper(id: &str) -> String {
        format!("papers/{id}/")
    }
    pub fn digest(slug: &str) -> String {
        format!("digests/{slug}/")
    }
    pub fn digests() -> String {
        "digests/".to_string()
    }
    /// A page of a tag's table: `tags/<tag>/`, or `tags/<tag>/page/<n>/`.
    pub fn tag(slug: &str, page: TablePage) -> String {
        match page {
            TablePage::Newest => format!("tags/{slug}/"),
            TablePage::Numbered(n) => format!("tags/{slug}/page/{n}/"),
        }
    }
    pub fn tags() -> String {
        "tags/".to_string()
    }
    /// A page of a category's table: `categories/<category>/`, or
    /// `categories/<category>/page/<n>/`.
    pub fn category(slug: &str, page: TablePage) -> String {
        match page {
            TablePage::Newest => format!("categories/{slug}/"),
            TablePage::Numbered(n) => format!("categories/{slug}/page/{n}/"),
        }
    }
    pub fn stats() -> String {
        "stats/".to_string()
    }
    pub fn categories() -> String {
        "categories/".to_string()
    }
    /// The reading list: the papers this browser saved (filled in by the page's script).
    pub fn reading_list() -> String {
        "reading-list/".to_string()
    }
    pub fn page(slug: &str) -> String {
        format!("{slug}/")
    }
    /// The file that serves a directory-style path.
    pub fn file_of(path: &str) -> String {
        if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        }
    }

    /// The path a file is read at, the inverse of [`file_of`]: `papers/x/index.html` is
    /// read at `papers/x/`, `atom.xml` at itself.
    pub fn served_at(file: &str) -> &str {
        match file.strip_suffix("index.html") {
            Some(folder) if folder.is_empty() || folder.ends_with('/') => folder,
            _ => file,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_served_at_the_path_it_is_the_file_of() {
        for path in ["", "papers/2404.02424/", "atom.xml", "digests/d/papers.bib"] {
            assert_eq!(paths::served_at(&paths::file_of(path)), path);
        }
        assert_eq!(paths::served_at("notindex.html"), "notindex.html");
    }

    #[test]
    fn pages_are_numbered_from_the_oldest_and_keep_their_rows() {
        // Each page's rows as (start, end) positions of the newest-first table.
        let rows = |p: Pagination| {
            p.pages()
                .map(|page| p.rows(page))
                .map(|r| (r.start, r.end))
                .collect::<Vec<_>>()
        };
        // Fewer than two pages' worth: everything on the list's own page.
        assert_eq!(rows(Pagination::new(0, 10)), vec![(0, 0)]);
        assert_eq!(rows(Pagination::new(19, 10)), vec![(0, 19)]);
        // 25 rows: page 1 holds the 10 oldest (positions 15..25), the list's own the 15 newest.
        assert_eq!(rows(Pagination::new(25, 10)), vec![(15, 25), (0, 15)]);
        // Rows added at the top: numbered pages keep the same rows, counted from the end.
        let before = Pagination::new(25, 10);
        let after = Pagination::new(31, 10);
        assert_eq!(after.numbered(), 2);
        let oldest = |p: Pagination, page| {
            let r = p.rows(page);
            (p.len - r.end)..(p.len - r.start)
        };
        assert_eq!(
            oldest(before, TablePage::Numbered(1)),
            oldest(after, TablePage::Numbered(1))
        );
        assert_eq!(after.rows(TablePage::Newest), 0..11);
        for p in [
            before,
            after,
            Pagination::new(100, 10),
            Pagination::new(7, 3),
        ] {
            for position in 0..p.len {
                assert!(
                    p.rows(p.page_of(position)).contains(&position),
                    "{p:?} {position}"
                );
            }
        }
        assert_eq!(Pagination::new(25, 10).rows(TablePage::Numbered(2)), 0..0);
    }

    #[test]
    fn links_carry_the_prefix_and_encode() {
        let urls = Urls::new("https://u.github.io/repo/", "/repo/");
        assert_eq!(urls.link("papers/2404.02424/"), "/repo/papers/2404.02424/");
        assert_eq!(urls.link("tags/剪枝/"), "/repo/tags/%E5%89%AA%E6%9E%9D/");
        assert_eq!(
            urls.absolute("atom.xml"),
            "https://u.github.io/repo/atom.xml"
        );
    }
}
