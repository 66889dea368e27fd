//! [`MadeFrom`]: what the page of a paper and the page of a digest are made from, as one
//! number each, so that a build can keep the published page instead of rendering it again
//! when that number is the one recorded with it.
//!
//! A new day adds a few hundred papers to a site of thousands: every other paper's page,
//! and every older digest's, comes out byte for byte as published. Rendering them again
//! was two thirds of a rebuild's rendering (0.26 s of 0.45 at 10,000 papers).
//!
//! The number of a page hashes everything the page shows, in three parts:
//! - the site's part, the same for every page: digest-site's version and executable (a new
//!   build of the templates changes it), `site.yaml` as read, the labels, the theme's
//!   additions, and the page the site answers a missing page with (its layout: the header,
//!   the menu, the footer and the assets' fingerprints every page links);
//! - the paper's every field, each taken apart by name, so that a field added to
//!   [`Paper`] does not compile until it is said here;
//! - what the paper's page shows of other things: the names of its tags and categories and
//!   the titles of its digests (not their places in the site's lists, which a new day
//!   shifts).
//!
//! A digest's page, its feed and its BibTeX hash its own fields, its papers' numbers and
//! what the page shows of the digests before and after it (and, for a feed that dates a
//! paper by it, the site's newest date). A numbered page of a table (the home's, a tag's,
//! a category's: numbered from the oldest, so a new day leaves them as they were) hashes
//! its table, its number, what its pager shows and its rows' papers' numbers. The other
//! outputs show the whole site (the newest pages of the tables, feeds, the sitemap): they
//! are rendered at every build.

use std::hash::{Hash, Hasher};

use rayon::prelude::*;
use xxhash_rust::xxh3::Xxh3;

use super::context::PAGER_REACH;
use super::{HtmlCache, Output, Renderer};
use crate::model::{Digest, Pagination, Paper, Site, TablePage};

/// The number of every paper's and digest's page of one site, made before rendering, and
/// what makes the number of a numbered page of a table.
#[derive(Debug)]
pub struct MadeFrom {
    papers: Vec<u64>,
    digests: Vec<u64>,
    site_part: u64,
}

impl MadeFrom {
    /// The numbers of `site`'s pages; `None` when digest-site cannot say which executable
    /// it is (then no page is kept unrendered).
    pub fn of(site: &Site) -> Option<MadeFrom> {
        let site_part = site_part(site)?;
        let papers: Vec<u64> = site
            .papers
            .par_iter()
            .enumerate()
            .map(|(index, paper)| paper_part(site, index, paper, site_part))
            .collect();
        let digests = (0..site.digests.len())
            .map(|i| digest_part(site, i, &papers, site_part))
            .collect();
        Some(MadeFrom {
            papers,
            digests,
            site_part,
        })
    }

    /// The number of `output` of `site`, for the outputs that have one.
    pub fn of_output(&self, site: &Site, output: &Output) -> Option<u64> {
        match output {
            Output::Paper(i) => self.papers.get(*i).copied(),
            // A digest's feed and BibTeX show less of it than its page: its number will do.
            Output::Digest(i) | Output::DigestAtom(i) | Output::DigestBib(i) => {
                self.digests.get(*i).copied()
            }
            Output::Index(TablePage::Numbered(n)) => {
                let pages = site.index_pages();
                Some(self.table_part(("", ""), pages, *n, pages.rows(TablePage::Numbered(*n))))
            }
            Output::Tag(i, TablePage::Numbered(n)) => {
                let tag = site.tags.get(*i)?;
                let pages = site.tag_pages(tag);
                let rows = tag.papers.get(pages.rows(TablePage::Numbered(*n)))?;
                Some(self.table_part(("tag", &tag.slug), pages, *n, rows.iter().copied()))
            }
            Output::Category(i, TablePage::Numbered(n)) => {
                let category = site.categories.get(*i)?;
                let pages = site.category_pages(category);
                let rows = category.papers.get(pages.rows(TablePage::Numbered(*n)))?;
                Some(self.table_part(
                    ("category", &category.slug),
                    pages,
                    *n,
                    rows.iter().copied(),
                ))
            }
            _ => None,
        }
    }

    /// The number of numbered page `n` of a table: the site's part, the table (its kind
    /// and slug; a slug's name is in its papers' numbers), the page, what its pager shows
    /// (the number of pages matters only within its reach of the newest), and the
    /// numbers of its rows' papers, which hash every field a row shows.
    fn table_part(
        &self,
        table: (&str, &str),
        pages: Pagination,
        n: usize,
        rows: impl Iterator<Item = usize>,
    ) -> u64 {
        let mut h = hasher();
        self.site_part.hash(&mut h);
        table.hash(&mut h);
        n.hash(&mut h);
        pages.numbered().min(n + PAGER_REACH + 1).hash(&mut h);
        for p in rows {
            self.papers.get(p).hash(&mut h);
        }
        h.finish()
    }
}

fn hasher() -> Xxh3 {
    Xxh3::with_seed(0x6d61_6465_6672_6f6d)
}

/// What every page of the site is made from besides its own content.
fn site_part(site: &Site) -> Option<u64> {
    let exe = std::env::current_exe().ok()?;
    let meta = std::fs::metadata(&exe).ok()?;
    let mut h = hasher();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    meta.len().hash(&mut h);
    meta.modified().ok()?.hash(&mut h);
    // The layout of every page, as rendered (no paper's text: an empty cache will do).
    let cache = HtmlCache::default();
    Renderer::new(site, &cache)
        .render(&Output::NotFound)
        .ok()?
        .hash(&mut h);
    // Where the site and its output are is not what its pages show (a site moved to
    // another folder renders the same pages).
    let config = crate::config::SiteConfig {
        root: Default::default(),
        output_dir: Default::default(),
        warnings: Default::default(),
        ..site.config.clone()
    };
    // Small, and each `Debug` in a fixed order (`site.yaml`'s maps are `BTreeMap`s).
    format!(
        "{config:?}{:?}{:?}{:?}{:?}",
        site.labels, site.switch_labels, site.theme, site.urls
    )
    .hash(&mut h);
    Some(h.finish())
}

fn paper_part(site: &Site, index: usize, paper: &Paper, site_part: u64) -> u64 {
    let Paper {
        id,
        title,
        summary,
        abstract_text,
        abstract_cut,
        analysis,
        generated,
        url,
        authors,
        date,
        arxiv,
        tags,
        categories,
        links,
        body,
        // Where the file is: no page shows it.
        source: _,
        digests,
    } = paper;
    let mut h = hasher();
    site_part.hash(&mut h);
    (id, title, summary, abstract_text, abstract_cut, analysis).hash(&mut h);
    (generated, url, authors, date, arxiv, links, body).hash(&mut h);
    // Each list after its length, so that no two lists hash alike.
    tags.len().hash(&mut h);
    for &t in tags {
        (&site.tags[t].name, &site.tags[t].slug).hash(&mut h);
    }
    categories.len().hash(&mut h);
    for &c in categories {
        (&site.categories[c].name, &site.categories[c].slug).hash(&mut h);
    }
    digests.len().hash(&mut h);
    for &d in digests {
        let digest = &site.digests[d];
        // Its Ref there too: the page links the paper's details in the digest.
        let anchor = digest.anchor_of(index);
        (&digest.slug, &digest.title, digest.date, anchor).hash(&mut h);
    }
    h.finish()
}

fn digest_part(site: &Site, index: usize, papers: &[u64], site_part: u64) -> u64 {
    let Digest {
        slug,
        title,
        date,
        description,
        papers: listed,
        body,
        source: _,
        // Its former addresses show nothing on its page (they are pages of their own).
        aliases: _,
    } = &site.digests[index];
    let mut h = hasher();
    site_part.hash(&mut h);
    (slug, title, date, description, body, listed.len()).hash(&mut h);
    for &p in listed {
        papers[p].hash(&mut h);
    }
    // Its feed dates a paper without a date of its own or of a dated digest, and the
    // feed itself when it has no entry and no date, by the newest date of the site.
    let undated = |p: &usize| {
        let paper = &site.papers[*p];
        paper.date.is_none()
            && paper
                .digests
                .iter()
                .all(|&d| site.digests[d].date.is_none())
    };
    if (listed.is_empty() && date.is_none()) || listed.iter().any(undated) {
        let newest = (site.papers.iter().filter_map(|p| p.date))
            .chain(site.digests.iter().filter_map(|d| d.date))
            .max();
        newest.hash(&mut h);
    }
    // The links to the digests either side: what `Context::digest_link` shows.
    for neighbour in [index.checked_sub(1), index.checked_add(1)] {
        match neighbour.and_then(|n| site.digests.get(n)) {
            Some(d) => (true, &d.slug, &d.title, d.date, d.papers.len()).hash(&mut h),
            None => false.hash(&mut h),
        }
    }
    h.finish()
}
