//! The Atom feeds (the site's, each digest's, each tag's and each category's) and the
//! sitemap, with the date and XML helpers they need.
//!
//! A feed is read by a feed reader that polls it, most often once a day: the site's, a
//! tag's and a category's feed list their [`FEED_ENTRIES`] newest papers and, past them,
//! every other paper of the newest paper's day up to [`FEED_MOST`] ([`feed_length`]), so
//! that a reader who polls daily misses none of a 300-paper day. A digest's feed lists the digest, whose
//! papers its page shows in full: each entry carries the title and the one-line summary,
//! not the abstract (the site's, tags' and categories' feeds carry that).

use crate::escape::as_written;
use chrono::NaiveDate;

use super::context::Context;
use super::templates::{AtomTemplate, SitemapIndexTemplate, SitemapTemplate};
use super::views::{FeedEntry, SitemapUrl};
use crate::arxiv::abs_url;
use crate::arxiv_text::{plain, render_block_source_math};
use crate::labels::html_lang;
use crate::model::{Paper, Site, TablePage, Texts, paths};

/// The fewest papers in the site's, a tag's or a category's feed (when it has as many).
pub(crate) const FEED_ENTRIES: usize = 50;

/// The most papers in the site's, a tag's or a category's feed: a day imported whole from
/// an archive can date thousands of papers alike, and feed readers refuse feeds of many
/// megabytes (an entry with its abstract is about 3 KB).
pub(crate) const FEED_MOST: usize = 500;

/// How many of the site's papers its own feed lists (the papers are newest first).
pub fn site_feed_length(site: &Site) -> usize {
    feed_length(site.papers.iter().map(|p| p.date))
}

/// How many papers of `list` (indices into the site's papers, newest first: a tag's or a
/// category's) its feed lists.
pub fn list_feed_length(site: &Site, list: &[usize]) -> usize {
    feed_length(list.iter().map(|&p| site.papers[p].date))
}

/// How many papers of a list ordered newest first (given by their dates) a feed lists:
/// the first [`FEED_ENTRIES`], and after them every paper dated the day of the first one,
/// up to [`FEED_MOST`]. The list is read only as far as that.
fn feed_length(dates: impl IntoIterator<Item = Option<NaiveDate>>) -> usize {
    let mut newest = None;
    let mut length = 0;
    for (i, date) in dates.into_iter().enumerate() {
        if i == 0 {
            newest = date;
        }
        if i == FEED_MOST || (i >= FEED_ENTRIES && (date.is_none() || date != newest)) {
            break;
        }
        length += 1;
    }
    length
}

/// Whether a feed's entries carry the abstract (`<content>`) besides the summary; an entry
/// without a summary carries it either way.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Abstracts {
    Carried,
    Left,
}

impl Context<'_> {
    /// The site's feed: its newest papers ([`site_feed_length`]).
    pub(super) fn atom(&self) -> AtomTemplate {
        let site = self.site;
        let title = Texts::new(&site.config.title, &site.config);
        let length = site_feed_length(site);
        self.feed(
            as_written(title.prefer(self.ui)),
            as_written(Texts::new(&site.config.description, &site.config).prefer(self.ui)),
            "",
            site.papers.iter().take(length),
            None,
            Abstracts::Carried,
        )
    }

    /// A tag's feed: its newest papers ([`list_feed_length`]).
    pub(super) fn tag_atom(&self, i: usize) -> AtomTemplate {
        let site = self.site;
        let tag = &site.tags[i];
        let length = list_feed_length(site, &tag.papers);
        self.feed(
            format!("{} · {}", tag.name, self.site_title_plain()),
            String::new(),
            &paths::tag(&tag.slug, TablePage::Newest),
            tag.papers.iter().take(length).map(|&p| &site.papers[p]),
            None,
            Abstracts::Carried,
        )
    }

    /// A category's feed: the first papers of its page (newest digest first;
    /// [`list_feed_length`]).
    pub(super) fn category_atom(&self, i: usize) -> AtomTemplate {
        let site = self.site;
        let category = &site.categories[i];
        let length = list_feed_length(site, &category.papers);
        self.feed(
            format!("{} · {}", category.name, self.site_title_plain()),
            String::new(),
            &paths::category(&category.slug, TablePage::Newest),
            category
                .papers
                .iter()
                .take(length)
                .map(|&p| &site.papers[p]),
            None,
            Abstracts::Carried,
        )
    }

    /// A digest's feed: all its papers, in Ref order, with their summaries.
    pub(super) fn digest_atom(&self, i: usize) -> AtomTemplate {
        let site = self.site;
        let d = &site.digests[i];
        self.feed(
            format!(
                "{} · {}",
                as_written(d.title.prefer(self.ui)),
                self.site_title_plain()
            ),
            as_written(d.description.prefer(self.ui)),
            &paths::digest(&d.slug),
            d.papers.iter().map(|&p| &site.papers[p]),
            d.date,
            Abstracts::Left,
        )
    }

    fn site_title_plain(&self) -> String {
        as_written(Texts::new(&self.site.config.title, &self.site.config).prefer(self.ui))
    }

    /// An Atom feed of `papers` for the page at `path` (its feed is `<path>atom.xml`).
    /// `updated` is the newest entry's date, or `date` (a digest's own date) when later.
    fn feed<'p>(
        &self,
        title: String,
        subtitle: String,
        path: &str,
        papers: impl Iterator<Item = &'p Paper>,
        date: Option<NaiveDate>,
        abstracts: Abstracts,
    ) -> AtomTemplate {
        let site = self.site;
        let urls = &site.urls;
        let entries: Vec<FeedEntry> = papers.map(|p| self.feed_entry(p, abstracts)).collect();
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
    fn latest_date(&self) -> Option<NaiveDate> {
        let site = self.site;
        site.papers
            .iter()
            .filter_map(|p| p.date)
            .chain(site.digests.iter().filter_map(|d| d.date))
            .max()
    }

    fn feed_entry(&self, p: &Paper, abstracts: Abstracts) -> FeedEntry {
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
        let summaries = self.texts(&p.summary, render_block_source_math);
        // A paper without a summary is read by its abstract, in every feed.
        let abstracts = if abstracts == Abstracts::Carried || summaries.is_empty() {
            self.texts(&p.abstract_text, render_block_source_math)
        } else {
            Vec::new()
        };
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
            summaries,
            abstracts,
        }
    }

    /// `sitemap.xml`: every page of the site, or, past [`SITEMAP_MOST`] pages, the index
    /// of the parts that list them ([`Context::sitemap_part`]).
    pub(super) fn sitemap(&self) -> SitemapFile {
        let parts = sitemap_parts(self.site);
        if parts == 0 {
            return SitemapFile::Whole(SitemapTemplate {
                urls: self.sitemap_urls(),
            });
        }
        SitemapFile::Index(SitemapIndexTemplate {
            parts: (1..=parts)
                .map(|k| self.site.urls.absolute(&sitemap_part_path(k)))
                .collect(),
        })
    }

    /// Part `k` (from 1) of a sitemap of more than [`SITEMAP_MOST`] pages.
    pub(super) fn sitemap_part(&self, k: usize) -> SitemapTemplate {
        self.sitemap_part_of(k, SITEMAP_MOST)
    }

    /// Part `k` (from 1) of the sitemap cut every `most` pages.
    fn sitemap_part_of(&self, k: usize, most: usize) -> SitemapTemplate {
        let urls = self
            .sitemap_urls()
            .into_iter()
            .skip((k - 1) * most)
            .take(most)
            .collect();
        SitemapTemplate { urls }
    }

    /// Every page of the site, in the sitemap's order ([`sitemap_len`] counts them).
    fn sitemap_urls(&self) -> Vec<SitemapUrl> {
        let site = self.site;
        let urls = &site.urls;
        let mut out = Vec::with_capacity(site.papers.len() + 64);
        for n in site.index_pages().pages() {
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
            for n in site.tag_pages(t).pages() {
                out.push(SitemapUrl {
                    loc: urls.absolute(&paths::tag(&t.slug, n)),
                    lastmod: None,
                });
            }
        }
        if !site.categories.is_empty() {
            out.push(SitemapUrl {
                loc: urls.absolute(&paths::categories()),
                lastmod: None,
            });
        }
        out.push(SitemapUrl {
            loc: urls.absolute(&paths::stats()),
            lastmod: None,
        });
        for c in &site.categories {
            for n in site.category_pages(c).pages() {
                out.push(SitemapUrl {
                    loc: urls.absolute(&paths::category(&c.slug, n)),
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
        out
    }
}

/// What `sitemap.xml` is.
pub(super) enum SitemapFile {
    /// Every page of the site.
    Whole(SitemapTemplate),
    /// The index of the parts of a site of more than [`SITEMAP_MOST`] pages.
    Index(SitemapIndexTemplate),
}

/// The most addresses one sitemap file may list (the protocol's limit; it is 50 MB too,
/// which 50,000 addresses of a site are far from). A site of more pages has a sitemap
/// index, `sitemap.xml`, and parts (`sitemap-1.xml`, ...).
pub const SITEMAP_MOST: usize = 50_000;

/// How many parts the sitemap of `site` is cut into: none when one file holds every page.
pub fn sitemap_parts(site: &Site) -> usize {
    parts_of(sitemap_len(site), SITEMAP_MOST)
}

/// How many parts of at most `most` addresses hold `len`: none when one file holds them.
fn parts_of(len: usize, most: usize) -> usize {
    if len <= most { 0 } else { len.div_ceil(most) }
}

/// Where part `k` of the sitemap is written.
pub fn sitemap_part_path(k: usize) -> String {
    format!("sitemap-{k}.xml")
}

/// How many pages the sitemap of `site` lists, counted without making their addresses
/// (the plan of every build asks): as [`Context::sitemap_urls`] lists them.
fn sitemap_len(site: &Site) -> usize {
    let some = |list_is_there: bool| usize::from(list_is_there);
    site.index_pages().pages().count()
        + site.digests.len()
        + some(!site.digests.is_empty())
        + site.papers.len()
        + some(!site.tags.is_empty())
        + site
            .tags
            .iter()
            .map(|t| site.tag_pages(t).pages().count())
            .sum::<usize>()
        + some(!site.categories.is_empty())
        + 1
        + site
            .categories
            .iter()
            .map(|c| site.category_pages(c).pages().count())
            .sum::<usize>()
        + site.pages.len()
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

/// Drops the characters XML 1.0 forbids (C0 controls other than tab and line breaks, which
/// a YAML escape such as `"\x01"` can put in a text), so that every feed parses.
pub(super) fn xml_chars(xml: String) -> String {
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
        Some(a) => abs_url(&a.id),
        None => page_url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use askama::Template;

    /// The sitemap's parts list every page of the site once, in order, and the count the
    /// plan takes (without making the addresses) is that of the list.
    #[test]
    fn the_sitemap_parts_list_every_page_once() {
        let papers: Vec<(String, String)> = [(1, "[a, b]"), (2, "[a]"), (3, "[]")]
            .into_iter()
            .map(|(n, tags)| {
                (
                    format!("content/papers/{n}.md"),
                    format!(
                        "---\nid: '2401.0000{n}'\ntitle: {{ en: P{n} }}\ndate: 2024-01-0{n}\ntags: {tags}\narxiv: {{ id: '2401.0000{n}', categories: [cs.CL] }}\n---\n"
                    ),
                )
            })
            .collect();
        let mut files = vec![
            ("site.yaml", "title: T\nper_page: 1\nlanguages: [en]\n"),
            (
                "content/digests/d.md",
                "---\ndate: 2024-01-03\npapers: ['2401.00003']\n---\n",
            ),
            ("content/pages/about.md", "---\ntitle: { en: About }\n---\n"),
        ];
        files.extend(papers.iter().map(|(p, t)| (p.as_str(), t.as_str())));
        let (_dir, site) = crate::pipeline::site_of_files(&files);
        let cache = crate::render::HtmlCache::new(&site);
        let ctx = Context::new(&site, &cache);
        let every: Vec<String> = ctx.sitemap_urls().into_iter().map(|u| u.loc).collect();
        assert_eq!(sitemap_len(&site), every.len());
        assert!(every.len() > 10, "{every:#?}");
        assert_eq!(sitemap_parts(&site), 0, "one file holds a small site's");

        let parts = parts_of(every.len(), 4);
        assert_eq!(parts, every.len().div_ceil(4));
        let joined: Vec<String> = (1..=parts)
            .flat_map(|k| ctx.sitemap_part_of(k, 4).urls.into_iter().map(|u| u.loc))
            .collect();
        assert_eq!(joined, every);
        assert_eq!(parts_of(SITEMAP_MOST, SITEMAP_MOST), 0);
        assert_eq!(parts_of(SITEMAP_MOST + 1, SITEMAP_MOST), 2);

        // The index names each part by its address, in XML a sitemap reader takes.
        let index = SitemapIndexTemplate {
            parts: (1..=2)
                .map(|k| site.urls.absolute(&sitemap_part_path(k)))
                .collect(),
        }
        .render()
        .unwrap();
        let mut reader = quick_xml::Reader::from_str(&index);
        let mut locs = Vec::new();
        let mut in_loc = false;
        loop {
            match reader.read_event().unwrap() {
                quick_xml::events::Event::Start(e) => in_loc = e.name().as_ref() == b"loc",
                quick_xml::events::Event::End(_) => in_loc = false,
                quick_xml::events::Event::Text(t) if in_loc => {
                    locs.push(t.decode().unwrap().into_owned())
                }
                quick_xml::events::Event::Eof => break,
                _ => {}
            }
        }
        assert!(
            index.contains("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">")
        );
        assert_eq!(
            locs,
            [
                site.urls.absolute("sitemap-1.xml"),
                site.urls.absolute("sitemap-2.xml")
            ]
        );
    }

    #[test]
    fn a_feed_holds_its_newest_day_within_bounds() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2025, 1, d);
        // A quiet day: fifty papers, into the day before.
        let quiet = [day(2)].repeat(10).into_iter().chain([day(1)].repeat(100));
        assert_eq!(feed_length(quiet), FEED_ENTRIES);
        // A busy day: all of it, and nothing of the day before.
        let busy = [day(2)].repeat(300).into_iter().chain([day(1)].repeat(100));
        assert_eq!(feed_length(busy), 300);
        // An archive dated alike: the most a feed holds.
        assert_eq!(feed_length([day(2)].repeat(5000)), FEED_MOST);
        // Papers without a date: fifty.
        assert_eq!(feed_length([None].repeat(100)), FEED_ENTRIES);
        assert_eq!(feed_length([day(2)].repeat(3)), 3);
    }
}
