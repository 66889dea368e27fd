//! The files of a built site: [`Output`] names each kind, [`plan`] lists those of a site in
//! a stable order and [`output_path`] says where each is written.

use std::collections::HashSet;

use super::assets::THEME_ASSETS;
use crate::model::{Site, TablePage, paths};

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Output {
    /// A page of the paper table; its newest page is the home page.
    Index(TablePage),
    Paper(usize),
    Digest(usize),
    DigestList,
    /// A tag (index into `Site::tags`) and a page of its table.
    Tag(usize, TablePage),
    TagList,
    /// A category (index into `Site::categories`) and a 1-based page of its table.
    Category(usize, TablePage),
    CategoryList,
    /// `reading-list/`: the papers saved in the reader's browser, listed by its script.
    ReadingList,
    /// The statistics page.
    Stats,
    Page(usize),
    /// A former address of a digest or a page (its file, relative to the output) and the
    /// path of that page: a page that sends the browser on.
    Alias(String, String),
    NotFound,
    Atom,
    Sitemap,
    /// Part `k` (from 1) of the sitemap of a site of more pages than one sitemap may list.
    SitemapPart(usize),
    Robots,
    NoJekyll,
    Cname,
    /// A digest's `papers.bib`: the BibTeX of its papers.
    DigestBib(usize),
    /// A digest's Atom feed.
    DigestAtom(usize),
    /// A tag's Atom feed.
    TagAtom(usize),
    /// A category's Atom feed.
    CategoryAtom(usize),
    /// Index into [`THEME_ASSETS`].
    ThemeAsset(usize),
    /// `assets/labels.js`: the interface's words in the site's languages.
    Labels,
    /// A file of the site's `static/` folder, by path relative to it (`/`-separated).
    UserStatic(String),
}

/// Where [`Output::Labels`] is written.
pub const LABELS_SCRIPT: &str = "assets/labels.js";

/// Every output file of the site, in a stable order; and the files of `static/` (paths
/// in `user_static`) published in place of one the site makes itself (a page, a feed,
/// `robots.txt`; not a theme asset, which is meant to be replaced), sorted, for a warning.
pub fn plan(site: &Site, user_static: &[String]) -> (Vec<Output>, Vec<String>) {
    let index = site.index_pages();
    let mut out = Vec::with_capacity(site.papers.len() + index.numbered() + site.tags.len() + 16);
    out.extend(index.pages().map(Output::Index));
    out.extend((0..site.papers.len()).map(Output::Paper));
    out.extend((0..site.digests.len()).map(Output::Digest));
    out.push(Output::DigestList);
    for (i, tag) in site.tags.iter().enumerate() {
        out.extend(site.tag_pages(tag).pages().map(|n| Output::Tag(i, n)));
    }
    out.push(Output::TagList);
    for (i, category) in site.categories.iter().enumerate() {
        out.extend(
            site.category_pages(category)
                .pages()
                .map(|n| Output::Category(i, n)),
        );
    }
    out.push(Output::CategoryList);
    out.push(Output::ReadingList);
    out.push(Output::Stats);
    out.extend((0..site.pages.len()).map(Output::Page));
    for digest in &site.digests {
        let to = paths::digest(&digest.slug);
        out.extend(
            digest
                .aliases
                .iter()
                .map(|file| Output::Alias(file.clone(), to.clone())),
        );
    }
    for page in &site.pages {
        let to = paths::page(&page.slug);
        out.extend(
            page.aliases
                .iter()
                .map(|file| Output::Alias(file.clone(), to.clone())),
        );
    }
    out.extend([
        Output::NotFound,
        Output::Atom,
        Output::Sitemap,
        Output::Robots,
        Output::NoJekyll,
    ]);
    out.extend((1..=super::feeds::sitemap_parts(site)).map(Output::SitemapPart));
    if site.config.cname.is_some() {
        out.push(Output::Cname);
    }
    out.extend((0..site.digests.len()).flat_map(|i| [Output::DigestBib(i), Output::DigestAtom(i)]));
    out.extend((0..site.tags.len()).map(Output::TagAtom));
    out.extend((0..site.categories.len()).map(Output::CategoryAtom));
    out.push(Output::Labels);
    for (i, (path, _)) in THEME_ASSETS.iter().enumerate() {
        if !user_static.iter().any(|p| p == path) {
            out.push(Output::ThemeAsset(i));
        }
    }
    // A file of `static/` where the site writes one of its own replaces it, as it replaces
    // a theme asset: the user's file is published as it is.
    let mine = could_be_the_sites(user_static);
    let mut replaced = Vec::new();
    if !mine.is_empty() {
        // Theme assets a file of `static/` replaces are not in `out` (above).
        out.retain(|o| {
            let path = output_path(site, o);
            let kept = !mine.contains(path.as_str());
            if !kept {
                replaced.push(path);
            }
            kept
        });
        replaced.sort();
    }
    out.extend(user_static.iter().cloned().map(Output::UserStatic));
    (out, replaced)
}

/// The files of `static/` that could be where the site writes one of its own: pages,
/// feeds, BibTeX, assets and the files at its top. Only those are looked for among the
/// site's (whose paths are made for the purpose: 117,000 of them at 100,000 papers).
fn could_be_the_sites(user_static: &[String]) -> HashSet<&str> {
    user_static
        .iter()
        .map(String::as_str)
        .filter(|p| {
            p.ends_with(".html")
                || p.ends_with(".xml")
                || p.ends_with(".bib")
                || p.starts_with("assets/")
                || matches!(*p, "robots.txt" | "CNAME" | ".nojekyll")
        })
        .collect()
}

/// A file of `static/` that cannot be published beside the site's own files: one file
/// would have to be a folder, or the reverse, and the output could hold only one of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticConflict {
    /// The file of `static/`, relative to it.
    pub static_file: String,
    /// What the site makes there.
    pub site_makes: SiteMakes,
}

/// What the site makes where a [`StaticConflict`]'s file would go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SiteMakes {
    /// A folder of its files at the static file's path (one of them named).
    FolderAt(String),
    /// A file at a folder of the static file's path (named).
    FileAt(String),
    /// Its search index: `search/` is the index's when the site has one.
    SearchIndex,
    /// The record of the files it wrote ([`crate::write::RECORD_FILE`]), which a file of
    /// the site's would take the place of: its next build could not tell its own files.
    Record,
}

/// The files of `static/` that would stand where the site makes a folder of its own, or
/// inside a path the site makes as a file (`static/atom.xml/a`), or in the search index's
/// folder (`search`: the site has one). `published` is the path of every output of the
/// [`plan`], the static files' included (no file of a folder tree is another's folder, so
/// they meet only the site's own). A file of `static/` may replace one of the site's files
/// (see [`plan`]), but not a folder of them: publishing it would drop every page under it
/// without a word.
pub fn static_conflicts(
    published: &HashSet<String>,
    search: bool,
    user_static: &[String],
) -> Vec<StaticConflict> {
    if user_static.is_empty() {
        return Vec::new();
    }
    let statics: HashSet<&str> = user_static.iter().map(String::as_str).collect();
    // A static file where the site makes a folder: some file of the site lies below it
    // (the first by name, as the set holds them in no order).
    let mut folder_at: std::collections::BTreeMap<&str, &str> = Default::default();
    for path in published {
        for folder in folders_of(path) {
            if let Some(file) = statics.get(folder) {
                let below = folder_at.entry(file).or_insert(path);
                *below = (*below).min(path.as_str());
            }
        }
    }
    let mut conflicts: Vec<StaticConflict> = folder_at
        .into_iter()
        .map(|(file, below)| StaticConflict {
            static_file: file.to_string(),
            site_makes: SiteMakes::FolderAt(below.to_string()),
        })
        .collect();
    let bundle = crate::search::BUNDLE_DIR;
    for file in user_static {
        let file_at = folders_of(file).find(|folder| published.contains(*folder));
        let site_makes = if let Some(folder) = file_at {
            SiteMakes::FileAt(folder.to_string())
        } else if search
            && (file == bundle
                || file
                    .strip_prefix(bundle)
                    .is_some_and(|r| r.starts_with('/')))
        {
            SiteMakes::SearchIndex
        } else if file.starts_with(crate::write::RECORD_FILE) {
            SiteMakes::Record
        } else {
            continue;
        };
        conflicts.push(StaticConflict {
            static_file: file.clone(),
            site_makes,
        });
    }
    conflicts.sort_by(|a, b| a.static_file.cmp(&b.static_file));
    conflicts
}

/// The folders a path is in, outermost first: `a` and `a/b` of `a/b/c.html`.
fn folders_of(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/')
        .map(move |(slash, _)| &path[..slash])
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
        Output::Category(i, n) => paths::file_of(&paths::category(&site.categories[*i].slug, *n)),
        Output::CategoryList => paths::file_of(&paths::categories()),
        Output::ReadingList => paths::file_of(&paths::reading_list()),
        Output::Stats => paths::file_of(&paths::stats()),
        Output::Page(i) => paths::file_of(&paths::page(&site.pages[*i].slug)),
        Output::Alias(file, _) => file.clone(),
        Output::NotFound => "404.html".into(),
        Output::Atom => "atom.xml".into(),
        Output::Sitemap => "sitemap.xml".into(),
        Output::SitemapPart(k) => super::feeds::sitemap_part_path(*k),
        Output::Robots => "robots.txt".into(),
        Output::NoJekyll => ".nojekyll".into(),
        Output::Cname => "CNAME".into(),
        Output::DigestBib(i) => format!(
            "{}{}",
            paths::digest(&site.digests[*i].slug),
            crate::cite::DIGEST_BIB
        ),
        Output::DigestAtom(i) => format!("{}atom.xml", paths::digest(&site.digests[*i].slug)),
        Output::TagAtom(i) => format!(
            "{}atom.xml",
            paths::tag(&site.tags[*i].slug, TablePage::Newest)
        ),
        Output::CategoryAtom(i) => format!(
            "{}atom.xml",
            paths::category(&site.categories[*i].slug, TablePage::Newest)
        ),
        Output::ThemeAsset(i) => THEME_ASSETS[*i].0.into(),
        Output::Labels => LABELS_SCRIPT.into(),
        Output::UserStatic(p) => p.clone(),
    }
}
