//! arXiv's conventions, in one place: what an arXiv identifier is, the paper id each
//! becomes, the abstract page it has, the year it was submitted, and (in [`announce`]) the
//! announcement line and the old listing title that name it.
//!
//! Every stage that knows something about arXiv asks here: [`validate`](crate::validate)
//! checks `arxiv.id` with [`is_arxiv_id`], [`model`](crate::model) and the feeds link
//! [`abs_url`], [`cite`](crate::cite) dates a paper by [`year_of_id`], the pages and
//! [`export`](crate::export) write the announcement line that [`import`](crate::import)
//! parses. [`ANNOUNCE_TYPES`] lives here rather than in [`rules`](crate::rules): it is
//! arXiv's vocabulary, not a rule of this site.
//!
//! Hand-written: the identifier grammar and the two text forms are a few fixed patterns
//! (arXiv documents them at <https://info.arxiv.org/help/arxiv_identifier.html>); no crate
//! covers them, and a grammar library would be larger than the code.

mod announce;

pub use announce::{
    ANNOUNCE_TYPES, MetaConflict, announce_line, announcement, meta_of, old_listing_title,
    parse_announce_line, reference, split_old_listing_title,
};

/// An arXiv identifier split into the bare id and its version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArxivRef {
    /// `2404.02424` or `hep-th/9901001`: no version.
    pub id: String,
    pub version: Option<u32>,
}

impl ArxivRef {
    /// Parses `2404.02424`, `2404.02424v1` or `hep-th/9901001v2`; `None` for anything else.
    pub fn parse(text: &str) -> Option<ArxivRef> {
        let text = text.trim();
        let (id, version) = match text.rfind('v') {
            Some(at)
                if at + 1 < text.len() && text[at + 1..].chars().all(|c| c.is_ascii_digit()) =>
            {
                (&text[..at], Some(text[at + 1..].parse().ok()?))
            }
            _ => (text, None),
        };
        is_arxiv_id(id).then(|| ArxivRef {
            id: with_archive_in_lower_case(id),
            version,
        })
    }

    /// The identifier at the end of an arXiv URL (`…/abs/<id>`, `…/pdf/<id>`, `…/html/<id>`) or an OAI
    /// identifier (`oai:arXiv.org:<id>`).
    pub fn from_link(link: &str) -> Option<ArxivRef> {
        let link = link.trim();
        if let Some(rest) = link.strip_prefix("oai:arXiv.org:") {
            return ArxivRef::parse(rest);
        }
        let url = url::Url::parse(link).ok()?;
        if !url.host_str()?.ends_with("arxiv.org") {
            return None;
        }
        let path = url.path().trim_start_matches('/');
        let rest = path
            .strip_prefix("abs/")
            .or_else(|| path.strip_prefix("pdf/"))
            .or_else(|| path.strip_prefix("html/"))?;
        ArxivRef::parse(rest.trim_end_matches('/').trim_end_matches(".pdf"))
    }

    /// An arXiv reference as people paste one: an id ([`ArxivRef::parse`]), a link
    /// ([`ArxivRef::from_link`]), or an id after `arXiv:` as papers cite it
    /// (`arXiv:2404.02424`, in any case).
    pub fn from_pasted(text: &str) -> Option<ArxivRef> {
        let text = text.trim();
        ArxivRef::parse(text)
            .or_else(|| ArxivRef::from_link(text))
            .or_else(|| ArxivRef::parse(cited_id(text)?))
    }

    /// The paper id: the arXiv id with `/` replaced by `-` (`hep-th/9901001` becomes
    /// `hep-th-9901001`), so that it is one URL path segment.
    pub fn paper_id(&self) -> String {
        paper_id_of(&self.id)
    }
}

/// What follows `arXiv:` (in any case) in `text`, trimmed: the id a paper cites.
pub fn cited_id(text: &str) -> Option<&str> {
    text.get(..6)
        .filter(|prefix| prefix.eq_ignore_ascii_case("arxiv:"))
        .map(|_| text[6..].trim())
}

/// An old-style id as arXiv writes it: its archive alone, in lower case (`HEP-TH/9901001`
/// is `hep-th/9901001`). The archive is the part before the first `.`: the subject class
/// after it (`math.GT/0309136`, as arXiv's listings of cross-lists and some tools write
/// it) is no part of the id, which is `math/0309136`; kept, it made a second paper of the
/// same one. Any other id as it is.
fn with_archive_in_lower_case(id: &str) -> String {
    match id.split_once('/') {
        Some((archive, number)) => {
            let base = archive.split_once('.').map_or(archive, |(base, _)| base);
            format!("{}/{number}", base.to_ascii_lowercase())
        }
        None => id.to_string(),
    }
}

/// The canonical form of an arXiv id as a file may write it (`math.GT/0309136` is
/// `math/0309136`, see [`ArxivRef::parse`]); what is no arXiv id, as it is.
pub fn canonical_id(id: &str) -> String {
    ArxivRef::parse(id).map_or_else(|| id.to_string(), |r| r.id)
}

/// New-style (`2404.02424`, `0704.0001`) or old-style (`hep-th/9901001`) arXiv id, without
/// a version.
pub fn is_arxiv_id(s: &str) -> bool {
    if let Some((archive, number)) = s.split_once('/') {
        return !archive.is_empty()
            && archive
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-' || c == '.' || c.is_ascii_uppercase())
            && number.len() == 7
            && number.chars().all(|c| c.is_ascii_digit());
    }
    match s.split_once('.') {
        Some((yymm, num)) => {
            // Four digits after the dot until the end of 2014, five since 2015 (arXiv's
            // identifier scheme); the month is a month.
            let (Ok(yy), Ok(mm)) = (
                yymm.get(..2).unwrap_or_default().parse::<u32>(),
                yymm.get(2..).unwrap_or_default().parse::<u32>(),
            ) else {
                return false;
            };
            let digits = if yy >= 15 { 5 } else { 4 };
            yymm.len() == 4
                && yymm.chars().all(|c| c.is_ascii_digit())
                && (1..=12).contains(&mm)
                && num.len() == digits
                && num.chars().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

/// `2404.02424v1` for an id and a version; the bare id when the version is unknown.
pub fn versioned(id: &str, version: Option<u32>) -> String {
    match version {
        Some(v) => format!("{id}v{v}"),
        None => id.to_string(),
    }
}

/// The paper id of an arXiv id (see [`ArxivRef::paper_id`]).
pub fn paper_id_of(arxiv_id: &str) -> String {
    arxiv_id.replace('/', "-")
}

/// The canonical abstract page of an arXiv id.
pub fn abs_url(arxiv_id: &str) -> String {
    format!("https://arxiv.org/abs/{arxiv_id}")
}

/// arXiv's HTML version of a paper (`https://arxiv.org/html/2404.02424v1`, the version when
/// known). arXiv makes HTML from the LaTeX of papers submitted since December 2023, so
/// older ids (and old-style ones) have none: `None`.
pub fn html_url(arxiv_id: &str, version: Option<u32>) -> Option<String> {
    let (yymm, _) = arxiv_id.split_once('.')?;
    let yymm: u32 = yymm.parse().ok().filter(|_| yymm.len() == 4)?;
    (yymm >= 2312).then(|| format!("https://arxiv.org/html/{}", versioned(arxiv_id, version)))
}

/// Whether a URL is (or looks like) an arXiv abstract page, which pages label "arXiv".
pub fn is_abs_url(url: &str) -> bool {
    url.contains("arxiv.org/abs/")
}

/// The year an arXiv id was submitted in, from its `YYMM` (new style, `2404.02424`) or
/// the `YY` of its number (old style, `hep-th/9901001`, or the paper id `hep-th-9901001`);
/// `None` for anything else.
pub fn year_of_id(id: &str) -> Option<i32> {
    let digits = match id.rsplit_once(['/', '-']) {
        // Old style: `hep-th/9901001` (or written `hep-th-9901001`).
        Some((_, number)) if number.len() == 7 => number,
        Some(_) => return None,
        None => {
            let (yymm, number) = id.split_once('.')?;
            if yymm.len() != 4 || !(4..=5).contains(&number.len()) {
                return None;
            }
            yymm
        }
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let yy: i32 = digits.get(..2)?.parse().ok()?;
    Some(if yy >= 91 { 1900 + yy } else { 2000 + yy })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_versions_exist_from_december_2023() {
        assert_eq!(
            html_url("2404.02424", Some(2)).as_deref(),
            Some("https://arxiv.org/html/2404.02424v2")
        );
        assert_eq!(
            html_url("2312.00001", None).as_deref(),
            Some("https://arxiv.org/html/2312.00001")
        );
        assert_eq!(html_url("2311.99999", Some(1)), None);
        assert_eq!(html_url("hep-th/9901001", None), None);
    }

    #[test]
    fn checks_new_and_old_style_ids() {
        assert!(is_arxiv_id("hep-th/9901001"));
        assert!(is_arxiv_id("2404.02424"));
        assert!(is_arxiv_id("0704.0001"));
        assert!(!is_arxiv_id("2404.2"));
        assert!(!is_arxiv_id("2404.02424v1"));
        assert!(!is_arxiv_id("hep-th-9901001"));
        // Four digits after the dot until 2014, five since 2015; a month of 1 to 12.
        assert!(!is_arxiv_id("2404.2424"));
        assert!(!is_arxiv_id("1401.02424"));
        assert!(is_arxiv_id("1412.3555"));
        assert!(!is_arxiv_id("2413.02424"));
    }

    #[test]
    fn parses_new_and_old_style_ids() {
        let r = ArxivRef::parse("2404.02424v1").unwrap();
        assert_eq!((r.id.as_str(), r.version), ("2404.02424", Some(1)));
        let r = ArxivRef::parse("hep-th/9901001v12").unwrap();
        assert_eq!((r.id.as_str(), r.version), ("hep-th/9901001", Some(12)));
        assert_eq!(r.paper_id(), "hep-th-9901001");
        assert_eq!(versioned(&r.id, r.version), "hep-th/9901001v12");
        assert_eq!(ArxivRef::parse("2404.02424").unwrap().version, None);
        assert!(ArxivRef::parse("2404.024").is_none());
        assert!(ArxivRef::parse("v1").is_none());
        assert!(ArxivRef::parse("my-slug").is_none());
        // arXiv writes an archive in lower case.
        assert_eq!(
            ArxivRef::parse("HEP-TH/9901002").unwrap().id,
            "hep-th/9901002"
        );
    }

    #[test]
    fn an_old_style_id_s_subject_class_is_no_part_of_it() {
        let r = ArxivRef::parse("Math.GT/0309136v2").unwrap();
        assert_eq!((r.id.as_str(), r.version), ("math/0309136", Some(2)));
        assert_eq!(r.paper_id(), "math-0309136");
        assert_eq!(
            ArxivRef::from_link("http://arxiv.org/abs/math.GT/0309136")
                .unwrap()
                .id,
            "math/0309136"
        );
        assert_eq!(canonical_id("math.GT/0309136"), "math/0309136");
        assert_eq!(canonical_id("cond-mat.str-el/0011267"), "cond-mat/0011267");
        assert_eq!(canonical_id("2404.02424"), "2404.02424");
        assert_eq!(canonical_id("my-notes"), "my-notes");
    }

    #[test]
    fn finds_ids_in_links() {
        let id = |l: &str| ArxivRef::from_link(l).map(|r| versioned(&r.id, r.version));
        assert_eq!(
            id("http://arxiv.org/abs/2401.14555"),
            Some("2401.14555".into())
        );
        assert_eq!(
            id("https://arxiv.org/abs/cond-mat/0011267v1"),
            Some("cond-mat/0011267v1".into())
        );
        assert_eq!(
            id("oai:arXiv.org:2508.13426v1"),
            Some("2508.13426v1".into())
        );
        assert_eq!(
            id("https://arxiv.org/pdf/2404.02424v2.pdf"),
            Some("2404.02424v2".into())
        );
        // arXiv's HTML rendering names the paper too (a link to it made a second paper).
        assert_eq!(
            id("https://arxiv.org/html/1706.03762v7"),
            Some("1706.03762v7".into())
        );
        assert_eq!(
            id("https://arxiv.org/abs/2404.02424/"),
            Some("2404.02424".into())
        );
        assert_eq!(id("https://example.org/abs/2404.02424"), None);
        assert_eq!(id("not a url"), None);
    }

    #[test]
    fn abstract_pages() {
        assert_eq!(
            abs_url("hep-th/9901001"),
            "https://arxiv.org/abs/hep-th/9901001"
        );
        assert!(is_abs_url(&abs_url("2404.02424")));
        assert!(is_abs_url("http://arxiv.org/abs/2404.02424v2"));
        assert!(!is_abs_url("https://arxiv.org/pdf/2404.02424"));
        assert!(!is_abs_url("https://example.org/paper"));
    }

    #[test]
    fn years_come_from_arxiv_ids() {
        assert_eq!(year_of_id("2404.02424"), Some(2024));
        assert_eq!(year_of_id("1808.08763"), Some(2018));
        assert_eq!(year_of_id("hep-th/9901001"), Some(1999));
        assert_eq!(year_of_id("hep-th-0101001"), Some(2001));
        assert_eq!(year_of_id("my-notes"), None);
    }
}
