//! arXiv XML: API responses (`/api/query`, Atom, old and new serializer), announcement RSS
//! 2.0 feeds (`rss.arxiv.org/rss/<cat>`) and announcement Atom feeds
//! (`rss.arxiv.org/atom/<cat>`), each turned into English paper front matter.
//!
//! What arXiv sends instead of papers is refused with its own message: the RSS error
//! channel for an unknown archive, a weekend feed without items, an API answer with no
//! results or an API error entry. A truncated or malformed file is refused with the
//! position quick-xml stopped at.

use chrono::DateTime;

use super::xml::{self, ARXIV, ATOM, DUBLIN_CORE, Element, OPENSEARCH};
use super::{ImportedPaper, SourceFile, one_line};
use crate::arxiv::{ANNOUNCE_TYPES, ArxivRef, abs_url, parse_announce_line};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::frontmatter::{ArxivMeta, BilingualText, PaperFrontMatter};

/// Which kind of arXiv XML a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedKind {
    /// An `/api/query` response.
    Api,
    /// An announcement feed in RSS 2.0.
    AnnounceRss,
    /// An announcement feed in Atom.
    AnnounceAtom,
}

impl FeedKind {
    pub fn describe(self) -> &'static str {
        match self {
            FeedKind::Api => "arXiv API response",
            FeedKind::AnnounceRss => "arXiv RSS announcement feed",
            FeedKind::AnnounceAtom => "arXiv Atom announcement feed",
        }
    }
}

/// Reads the papers of an arXiv XML document.
pub fn parse_feed(source: &SourceFile<'_>) -> Result<(FeedKind, Vec<ImportedPaper>), Diagnostics> {
    let root = xml::parse(source.text).map_err(|e| {
        let message = if e.message.contains("truncated") {
            e.message
        } else {
            format!("the XML is malformed: {}", e.message)
        };
        source
            .error_at_offset(e.offset, message)
            .with_hint("download the feed again; the file must be a complete XML document")
    })?;
    if root.is(ATOM, "feed") {
        let is_announce = root
            .child_text(ATOM, "id")
            .is_some_and(|id| id.contains("rss.arxiv.org"))
            || root.children_named(ATOM, "entry").any(|e| {
                e.child_text(ATOM, "id")
                    .is_some_and(|i| i.starts_with("oai:"))
            });
        if is_announce {
            let entries: Vec<&Element> = root.children_named(ATOM, "entry").collect();
            if entries.is_empty() {
                return Err(empty_announcement(
                    source,
                    &root,
                    root.child_text(ATOM, "updated"),
                ));
            }
            let papers = collect(entries, |e| announce_atom_entry(source, e))?;
            Ok((FeedKind::AnnounceAtom, papers))
        } else {
            Ok((FeedKind::Api, api_feed(source, &root)?))
        }
    } else if root.namespace.is_empty() && root.name == "rss" {
        Ok((FeedKind::AnnounceRss, rss_feed(source, &root)?))
    } else {
        Err(source
            .error_at_offset(
                root.offset,
                format!(
                    "`<{}>` is not an arXiv feed: expected an Atom `<feed>` or an RSS `<rss>`",
                    root.written_name
                ),
            )
            .with_hint(
                "import an arXiv API response (export.arxiv.org/api/query?...) or an announcement \
                 feed (rss.arxiv.org/rss/<category> or rss.arxiv.org/atom/<category>)",
            )
            .into())
    }
}

/// Runs `read` over every entry, gathering all errors rather than stopping at the first.
fn collect<'e>(
    entries: Vec<&'e Element>,
    read: impl Fn(&'e Element) -> Result<ImportedPaper, Diagnostic>,
) -> Result<Vec<ImportedPaper>, Diagnostics> {
    let mut papers = Vec::with_capacity(entries.len());
    let mut errors = Diagnostics::new();
    for entry in entries {
        match read(entry) {
            Ok(p) => papers.push(p),
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        Ok(papers)
    } else {
        Err(errors)
    }
}

fn api_feed(source: &SourceFile<'_>, root: &Element) -> Result<Vec<ImportedPaper>, Diagnostics> {
    let entries: Vec<&Element> = root.children_named(ATOM, "entry").collect();
    // The API reports a bad query as a single entry whose id is an error URL.
    if let Some(error) = entries.iter().find(|e| {
        e.child_text(ATOM, "id")
            .is_some_and(|id| id.contains("/api/errors"))
    }) {
        let detail = error
            .child_text(ATOM, "summary")
            .unwrap_or("no detail given");
        return Err(source
            .error_at_offset(
                error.offset,
                format!("the arXiv API answered with an error: {detail}"),
            )
            .with_hint("fix the query and fetch the response again")
            .into());
    }
    if entries.is_empty() {
        let total = root
            .child_text(OPENSEARCH, "totalResults")
            .unwrap_or("0")
            .to_string();
        let query = root
            .child_text(ATOM, "title")
            .map(one_line)
            .unwrap_or_default();
        return Err(source
            .error_at_offset(
                root.offset,
                format!("the arXiv API response holds no papers (totalResults {total})"),
            )
            .with_hint(format!(
                "nothing was found for `{query}`; check the ids or the search terms and fetch again"
            ))
            .into());
    }
    collect(entries, |e| api_entry(source, e))
}

fn api_entry(source: &SourceFile<'_>, entry: &Element) -> Result<ImportedPaper, Diagnostic> {
    let id_text = entry.child_text(ATOM, "id").unwrap_or_default();
    let arxiv = ArxivRef::from_link(id_text).ok_or_else(|| {
        source
            .error_at_offset(
                entry.offset,
                format!("the entry's id `{id_text}` is not an arXiv abstract link"),
            )
            .with_hint("an API entry's <id> looks like http://arxiv.org/abs/2404.02424v1")
    })?;
    let mut categories: Vec<String> = entry
        .child(ARXIV, "primary_category")
        .and_then(|c| c.attribute("term"))
        .map(|t| vec![t.to_string()])
        .unwrap_or_default();
    for term in entry
        .children_named(ATOM, "category")
        .filter_map(|c| c.attribute("term"))
    {
        push_unique(&mut categories, term);
    }
    let published = date_child(source, entry, ATOM, "published")?;
    let updated = date_child(source, entry, ATOM, "updated")?;
    let meta = ArxivMeta {
        version: arxiv.version,
        categories,
        doi: entry.child_text(ARXIV, "doi").map(one_line),
        journal_ref: entry.child_text(ARXIV, "journal_ref").map(one_line),
        comment: entry.child_text(ARXIV, "comment").map(one_line),
        published: published.clone(),
        updated,
        announce: None,
        id: arxiv.id.clone(),
    };
    let authors = entry
        .children_named(ATOM, "author")
        .filter_map(|a| a.child_text(ATOM, "name"))
        .map(one_line)
        .collect();
    Ok(paper(
        source,
        entry,
        &arxiv,
        entry.child_text(ATOM, "title"),
        entry.child_text(ATOM, "summary").map(unwrap_lines),
        authors,
        published,
        meta,
    ))
}

fn rss_feed(source: &SourceFile<'_>, rss: &Element) -> Result<Vec<ImportedPaper>, Diagnostics> {
    let Some(channel) = rss.child("", "channel") else {
        return Err(source
            .error_at_offset(rss.offset, "the RSS feed has no `<channel>`")
            .into());
    };
    let title = channel.child_text("", "title").unwrap_or_default();
    if title.starts_with("Feed error") {
        let detail = channel
            .child_text("", "description")
            .unwrap_or("no detail given");
        let at = channel
            .child("", "title")
            .map_or(channel.offset, |t| t.offset);
        return Err(source
            .error_at_offset(at, format!("arXiv answered with an error feed: {detail}"))
            .with_hint(format!(
                "this is not an empty day: the feed address is wrong ({})",
                channel.child_text("", "link").unwrap_or(title)
            ))
            .into());
    }
    let items: Vec<&Element> = channel.children_named("", "item").collect();
    let channel_date = date_child(source, channel, "", "pubDate")?;
    if items.is_empty() {
        return Err(empty_announcement(
            source,
            channel,
            channel.child_text("", "pubDate"),
        ));
    }
    collect(items, |item| {
        rss_item(source, item, channel_date.as_deref())
    })
}

fn rss_item(
    source: &SourceFile<'_>,
    item: &Element,
    channel_date: Option<&str>,
) -> Result<ImportedPaper, Diagnostic> {
    let categories = item
        .children_named("", "category")
        .map(|c| c.text.trim())
        .collect();
    let date =
        date_child(source, item, "", "pubDate")?.or_else(|| channel_date.map(str::to_string));
    announcement(
        source,
        item,
        item.child_text("", "guid")
            .or_else(|| item.child_text("", "link")),
        item.child_text("", "title"),
        item.child_text("", "description"),
        categories,
        date,
        (
            item.child_text(ARXIV, "DOI"),
            item.child_text(ARXIV, "journal_reference"),
        ),
    )
}

fn announce_atom_entry(
    source: &SourceFile<'_>,
    entry: &Element,
) -> Result<ImportedPaper, Diagnostic> {
    let categories = entry
        .children_named(ATOM, "category")
        .filter_map(|c| c.attribute("term"))
        .collect();
    announcement(
        source,
        entry,
        entry.child_text(ATOM, "id"),
        entry.child_text(ATOM, "title"),
        entry.child_text(ATOM, "summary"),
        categories,
        date_child(source, entry, ATOM, "published")?,
        (
            entry
                .child_text(ARXIV, "DOI")
                .or(entry.child_text(ARXIV, "doi")),
            entry
                .child_text(ARXIV, "journal_reference")
                .or(entry.child_text(ARXIV, "journal_ref")),
        ),
    )
}

/// An RSS item or an announcement Atom entry: the same fields under different names.
#[allow(clippy::too_many_arguments)]
fn announcement(
    source: &SourceFile<'_>,
    element: &Element,
    identifier: Option<&str>,
    title: Option<&str>,
    description: Option<&str>,
    raw_categories: Vec<&str>,
    date: Option<String>,
    (doi, journal_ref): (Option<&str>, Option<&str>),
) -> Result<ImportedPaper, Diagnostic> {
    let description = description.unwrap_or_default();
    let line = parse_announce_line(description);
    let arxiv = line
        .as_ref()
        .map(|l| l.arxiv.clone())
        .or_else(|| identifier.and_then(ArxivRef::from_link))
        .ok_or_else(|| {
            source
                .error_at_offset(element.offset, "the item names no arXiv id")
                .with_hint("an announcement item has `<guid>oai:arXiv.org:2404.02424v1</guid>`")
        })?;
    let announce = match element
        .child_text(ARXIV, "announce_type")
        .or(line.as_ref().map(|l| l.announce))
    {
        Some(a) if ANNOUNCE_TYPES.contains(&a) => Some(a.to_string()),
        Some(other) => {
            return Err(source
                .error_at_offset(element.offset, format!("unknown announce type `{other}`"))
                .with_hint("arXiv's announce types are new, cross, replace and replace-cross"));
        }
        None => None,
    };
    let mut categories = Vec::new();
    for c in raw_categories {
        push_unique(&mut categories, c);
    }
    let abstract_text = match &line {
        Some(l) => Some(l.abstract_text.to_string()),
        None => Some(description.trim().to_string()),
    };
    let meta = ArxivMeta {
        id: arxiv.id.clone(),
        version: arxiv.version,
        announce,
        categories,
        doi: doi.map(one_line),
        journal_ref: journal_ref.map(one_line),
        ..ArxivMeta::default()
    };
    let authors = element
        .child_text(DUBLIN_CORE, "creator")
        .map(|c| {
            c.split(", ")
                .map(one_line)
                .filter(|a| !a.is_empty())
                .collect()
        })
        .unwrap_or_default();
    Ok(paper(
        source,
        element,
        &arxiv,
        title,
        abstract_text,
        authors,
        date,
        meta,
    ))
}

#[allow(clippy::too_many_arguments)]
fn paper(
    source: &SourceFile<'_>,
    element: &Element,
    arxiv: &ArxivRef,
    title: Option<&str>,
    abstract_text: Option<String>,
    authors: Vec<String>,
    date: Option<String>,
    meta: ArxivMeta,
) -> ImportedPaper {
    let title = title.map(one_line);
    ImportedPaper {
        line: source.line_of(element.offset),
        body: String::new(),
        front: PaperFrontMatter {
            id: arxiv.paper_id(),
            title: BilingualText::from_pairs([("en", title.as_deref())]),
            abstract_text: BilingualText::from_pairs([("en", abstract_text.as_deref())]),
            url: Some(abs_url(&arxiv.id)),
            authors,
            date,
            arxiv: Some(meta),
            ..PaperFrontMatter::default()
        },
    }
}

/// An announcement feed without papers: arXiv's weekend (and holiday) answer.
fn empty_announcement(source: &SourceFile<'_>, at: &Element, dated: Option<&str>) -> Diagnostics {
    let title = at
        .child_text("", "title")
        .or(at.child_text(ATOM, "title"))
        .unwrap_or("the feed");
    source
        .error_at_offset(
            at.offset,
            format!(
                "the announcement feed holds no papers ({title}{})",
                dated.map(|d| format!(", {d}")).unwrap_or_default()
            ),
        )
        .with_hint(
            "arXiv announces nothing on Saturdays, Sundays and holidays; fetch the feed on a \
             weekday, or import an API response instead",
        )
        .into()
}

/// The hard-wrapped text of the old API serializer as one line: each line trimmed and
/// joined with a space. Characters other than line breaks and indentation are kept.
fn unwrap_lines(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn push_unique(list: &mut Vec<String>, item: &str) {
    let item = item.trim();
    if !item.is_empty() && !list.iter().any(|c| c == item) {
        list.push(item.to_string());
    }
}

/// The date written in `element`'s child `namespace:name`: `None` when there is none, an
/// error at it when it is written but is no date (left out, the paper would go undated
/// without a word). RSS writes RFC 2822 and Atom RFC 3339; either is read in either place,
/// and a bare `YYYY-MM-DD` too, as some tools write them.
fn date_child(
    source: &SourceFile<'_>,
    element: &Element,
    namespace: &str,
    name: &str,
) -> Result<Option<String>, Diagnostic> {
    let Some(child) = element.child(namespace, name) else {
        return Ok(None);
    };
    let text = child.text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    rfc2822_date(text)
        .or_else(|| iso_date(text))
        .map(Some)
        .ok_or_else(|| {
            source
                .error_at_offset(child.offset, format!("`<{name}>` holds `{text}`, which is not a date"))
                .with_hint("write it as RSS does (Mon, 27 Apr 2026 00:00:00 -0400) or as Atom does (2026-04-27T00:00:00Z), or remove the element")
        })
}

/// `2011-11-08T18:48:36Z`, `2025-08-20T00:00:00-04:00` or `2011-11-08` → `2011-11-08`
/// (the date as written, in the feed's own time zone), by the rule of every date of the
/// site ([`parse_date`](crate::rules::parse_date): four digits of year, two of month and
/// of day).
fn iso_date(text: &str) -> Option<String> {
    crate::rules::parse_date(text).map(|d| d.format("%Y-%m-%d").to_string())
}

/// `Mon, 27 Apr 2026 00:00:00 -0400` → `2026-04-27`.
fn rfc2822_date(text: &str) -> Option<String> {
    DateTime::parse_from_rfc2822(text.trim())
        .ok()
        .map(|d| d.date_naive().format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_wrapped_text() {
        assert_eq!(
            iso_date("2011-11-08T18:48:36Z").as_deref(),
            Some("2011-11-08")
        );
        assert_eq!(
            iso_date("2025-08-20T04:00:19.899254+00:00").as_deref(),
            Some("2025-08-20")
        );
        assert_eq!(
            rfc2822_date("Mon, 27 Apr 2026 00:00:00 -0400").as_deref(),
            Some("2026-04-27")
        );
        assert_eq!(
            unwrap_lines("  Theoretical $\\delta$\nsuperconductors and\n  more.\n"),
            "Theoretical $\\delta$ superconductors and more."
        );
    }
}
