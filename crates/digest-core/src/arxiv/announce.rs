//! The two text forms in which arXiv names a paper in its listings, written and parsed here
//! so that what the site writes is what the importer reads:
//!
//! - the announcement line of the current feeds: `arXiv:2404.02424v1 Announce Type: new
//!   Abstract: …` (the pages show its head, export writes it whole, import parses it);
//! - the old RSS listing's title suffix: `Title. (arXiv:2401.14555v1 [cs.CV] UPDATED)`
//!   (export writes it for papers without an announce type, import parses it).

use super::{ArxivRef, versioned};
use crate::frontmatter::ArxivMeta;

/// Announce types arXiv uses.
pub const ANNOUNCE_TYPES: &[&str] = &["new", "cross", "replace", "replace-cross"];

/// The markers of the old RSS listing and the announce types they mean.
pub const OLD_LISTING_MARKERS: &[(&str, &str)] =
    &[("UPDATED", "replace"), ("CROSS LISTED", "cross")];

/// `arXiv:2401.14555v1 [cs.CV]`, or `arXiv:2401.14555v1` without a category: the
/// reference as the old listings write it.
pub fn reference(versioned: &str, category: Option<&str>) -> String {
    match category {
        Some(c) => format!("arXiv:{versioned} [{c}]"),
        None => format!("arXiv:{versioned}"),
    }
}

/// The line a paper page shows: `arXiv:2404.02424v1 Announce Type: new` (current style),
/// or `arXiv:2401.14555v1 [cs.CV]` (older style, no announce type).
pub fn announce_line(meta: &ArxivMeta) -> String {
    let versioned = versioned(&meta.id, meta.version);
    match &meta.announce {
        Some(announce) => announce_head(&versioned, announce),
        None => reference(&versioned, meta.categories.first().map(String::as_str)),
    }
}

/// A whole announcement text, `arXiv:2404.02424v1 Announce Type: new  Abstract: …`, as
/// [`parse_announce_line`] reads it.
pub fn announcement(versioned: &str, announce: &str, abstract_text: &str) -> String {
    format!(
        "{}  Abstract: {abstract_text}",
        announce_head(versioned, announce)
    )
}

fn announce_head(versioned: &str, announce: &str) -> String {
    format!("arXiv:{versioned} Announce Type: {announce}")
}

/// The head of an arXiv announcement text: `arXiv:2404.02424v1 Announce Type: new  Abstract: …`
/// (RSS and Atom announcement feeds, and Markdown digests made from them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnounceLine<'a> {
    pub arxiv: ArxivRef,
    /// As written; the caller checks it against the known announce types.
    pub announce: &'a str,
    /// The abstract after `Abstract:`, trimmed.
    pub abstract_text: &'a str,
}

/// Splits an announcement text into its parts; `None` when it does not start that way.
pub fn parse_announce_line(text: &str) -> Option<AnnounceLine<'_>> {
    let rest = text.trim_start().strip_prefix("arXiv:")?;
    let (id, rest) = rest.split_once(char::is_whitespace)?;
    let rest = rest
        .trim_start()
        .strip_prefix("Announce Type:")?
        .trim_start();
    let (announce, rest) = rest.split_once(char::is_whitespace)?;
    let abstract_text = rest.trim_start().strip_prefix("Abstract:")?.trim();
    Some(AnnounceLine {
        arxiv: ArxivRef::parse(id)?,
        announce,
        abstract_text,
    })
}

/// The old RSS listing's title suffix: `Title. (arXiv:2401.14555v1 [cs.CV] UPDATED)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OldListing {
    pub arxiv: ArxivRef,
    pub category: Option<String>,
    /// `None`, `Some("replace")` for `UPDATED`, `Some("cross")` for `CROSS LISTED`.
    pub announce: Option<&'static str>,
}

/// `Title. (arXiv:2401.14555v1 [cs.CV])`: a title in the old listing's form (without a
/// marker), as [`split_old_listing_title`] reads it.
pub fn old_listing_title(title: &str, versioned: &str, category: Option<&str>) -> String {
    format!("{title}. ({})", reference(versioned, category))
}

/// Splits an old-listing title into the bare title and its suffix; the title unchanged
/// (and `None`) when it has no such suffix.
pub fn split_old_listing_title(title: &str) -> (&str, Option<OldListing>) {
    let title = title.trim();
    let Some(open) = title.rfind(" (arXiv:") else {
        return (title, None);
    };
    let Some(inner) = title[open + " (arXiv:".len()..].strip_suffix(')') else {
        return (title, None);
    };
    let (id, rest) = inner.split_once(' ').unwrap_or((inner, ""));
    let Some(arxiv) = ArxivRef::parse(id) else {
        return (title, None);
    };
    let rest = rest.trim();
    let (category, marker) = match rest.strip_prefix('[').and_then(|r| r.split_once(']')) {
        Some((category, marker)) => (Some(category.trim().to_string()), marker.trim()),
        None => (None, rest),
    };
    let announce = match OLD_LISTING_MARKERS.iter().find(|(m, _)| *m == marker) {
        Some((_, announce)) => Some(*announce),
        None if marker.is_empty() => None,
        None => return (title, None),
    };
    // The listing joins title and suffix with ". ": drop that one period.
    let bare = title[..open].strip_suffix('.').unwrap_or(&title[..open]);
    (
        bare,
        Some(OldListing {
            arxiv,
            category,
            announce,
        }),
    )
}

/// Why an announce line and an old listing title cannot both describe one paper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetaConflict {
    /// The announce line's type is none of [`ANNOUNCE_TYPES`].
    UnknownAnnounce(String),
    /// The title's suffix names another paper than the announce line.
    OtherPaper { title: String, announce: String },
}

/// What an announcement text's head and an old listing title's suffix, either or both,
/// say of a paper: its id, version, announce type and (from the title) category. The
/// importers of Markdown digests and cn-chat-arxiv records both meet the two forms, and
/// locate a conflict each in its own file.
pub fn meta_of(
    line: Option<&AnnounceLine<'_>>,
    listing: Option<&OldListing>,
) -> Result<Option<ArxivMeta>, MetaConflict> {
    let mut arxiv = match line {
        Some(line) if !ANNOUNCE_TYPES.contains(&line.announce) => {
            return Err(MetaConflict::UnknownAnnounce(line.announce.to_string()));
        }
        Some(line) => Some(ArxivMeta {
            id: line.arxiv.id.clone(),
            version: line.arxiv.version,
            announce: Some(line.announce.to_string()),
            ..ArxivMeta::default()
        }),
        None => None,
    };
    if let Some(listing) = listing {
        let meta = arxiv.get_or_insert_with(|| ArxivMeta {
            id: listing.arxiv.id.clone(),
            version: listing.arxiv.version,
            ..ArxivMeta::default()
        });
        if meta.id != listing.arxiv.id {
            return Err(MetaConflict::OtherPaper {
                title: listing.arxiv.id.clone(),
                announce: meta.id.clone(),
            });
        }
        meta.categories.extend(listing.category.clone());
        if meta.announce.is_none() {
            meta.announce = listing.announce.map(str::to_string);
        }
    }
    Ok(arxiv)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_announce_lines() {
        let line = parse_announce_line(
            "arXiv:2404.02424v1 Announce Type: new  Abstract: Vision $x$ models.",
        )
        .unwrap();
        assert_eq!(
            versioned(&line.arxiv.id, line.arxiv.version),
            "2404.02424v1"
        );
        assert_eq!(line.announce, "new");
        assert_eq!(line.abstract_text, "Vision $x$ models.");
        let rss =
            parse_announce_line("arXiv:2508.13426v1 Announce Type: replace-cross \nAbstract: A")
                .unwrap();
        assert_eq!((rss.announce, rss.abstract_text), ("replace-cross", "A"));
        assert!(parse_announce_line("Vision models").is_none());
        assert!(parse_announce_line("arXiv:2404.02424v1 Abstract: x").is_none());
    }

    #[test]
    fn written_announcements_parse_back() {
        let text = announcement("hep-th/9901001v2", "replace-cross", "Strings $x$.");
        assert_eq!(
            text,
            "arXiv:hep-th/9901001v2 Announce Type: replace-cross  Abstract: Strings $x$."
        );
        let line = parse_announce_line(&text).unwrap();
        assert_eq!(
            versioned(&line.arxiv.id, line.arxiv.version),
            "hep-th/9901001v2"
        );
        assert_eq!(
            (line.announce, line.abstract_text),
            ("replace-cross", "Strings $x$.")
        );
    }

    #[test]
    fn page_lines_name_the_announce_type_or_the_category() {
        let mut meta = ArxivMeta {
            id: "2404.02424".into(),
            version: Some(1),
            announce: Some("new".into()),
            categories: vec!["cs.CV".into(), "cs.LG".into()],
            ..ArxivMeta::default()
        };
        assert_eq!(
            announce_line(&meta),
            "arXiv:2404.02424v1 Announce Type: new"
        );
        meta.announce = None;
        assert_eq!(announce_line(&meta), "arXiv:2404.02424v1 [cs.CV]");
        meta.categories.clear();
        meta.version = None;
        assert_eq!(announce_line(&meta), "arXiv:2404.02424");
    }

    #[test]
    fn old_listing_titles() {
        let (title, listing) =
            split_old_listing_title("Revisiting Active Learning. (arXiv:2401.14555v1 [cs.CV])");
        assert_eq!(title, "Revisiting Active Learning");
        let listing = listing.unwrap();
        assert_eq!(
            versioned(&listing.arxiv.id, listing.arxiv.version),
            "2401.14555v1"
        );
        assert_eq!(listing.category.as_deref(), Some("cs.CV"));
        assert_eq!(listing.announce, None);
        let (_, l) = split_old_listing_title("X. (arXiv:1505.03481v3 [stat.ML] UPDATED)");
        assert_eq!(l.unwrap().announce, Some("replace"));
        let (_, l) = split_old_listing_title("Y?. (arXiv:hep-th/9901001v1 [hep-th] CROSS LISTED)");
        assert_eq!(l.unwrap().announce, Some("cross"));
        assert_eq!(split_old_listing_title("Plain (arXiv:bogus)").1, None);
        assert_eq!(split_old_listing_title("Plain title").0, "Plain title");
    }

    #[test]
    fn written_old_listing_titles_parse_back() {
        let title = old_listing_title("Revisiting Active Learning", "2401.14555v1", Some("cs.CV"));
        assert_eq!(
            title,
            "Revisiting Active Learning. (arXiv:2401.14555v1 [cs.CV])"
        );
        let (bare, listing) = split_old_listing_title(&title);
        assert_eq!(bare, "Revisiting Active Learning");
        let listing = listing.unwrap();
        assert_eq!(
            versioned(&listing.arxiv.id, listing.arxiv.version),
            "2401.14555v1"
        );
        assert_eq!(listing.category.as_deref(), Some("cs.CV"));
        let title = old_listing_title("T", "2401.14555", None);
        assert_eq!(title, "T. (arXiv:2401.14555)");
        let (bare, listing) = split_old_listing_title(&title);
        assert_eq!((bare, listing.unwrap().category), ("T", None));
    }
}
