//! arXiv identifiers as they appear in imported text: `2404.02424v1`, `hep-th/9901001v2`,
//! `http://arxiv.org/abs/2401.14555`, `oai:arXiv.org:2508.13426v1`, and the paper id (file
//! name and URL slug) each becomes.

use crate::validate::is_arxiv_id;

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
            id: id.to_string(),
            version,
        })
    }

    /// The identifier at the end of an arXiv URL (`…/abs/<id>`, `…/pdf/<id>`) or an OAI
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
            .or_else(|| path.strip_prefix("pdf/"))?;
        ArxivRef::parse(rest.trim_end_matches(".pdf"))
    }

    /// The paper id: the arXiv id with `/` replaced by `-` (`hep-th/9901001` becomes
    /// `hep-th-9901001`), so that it is one URL path segment.
    pub fn paper_id(&self) -> String {
        paper_id_of(&self.id)
    }

    /// `2404.02424v1` (or the bare id when the version is unknown).
    pub fn versioned(&self) -> String {
        match self.version {
            Some(v) => format!("{}v{v}", self.id),
            None => self.id.clone(),
        }
    }
}

/// The paper id of an arXiv id (see [`ArxivRef::paper_id`]).
pub fn paper_id_of(arxiv_id: &str) -> String {
    arxiv_id.replace('/', "-")
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

/// The canonical abstract page of an arXiv id.
pub fn abs_url(arxiv_id: &str) -> String {
    format!("https://arxiv.org/abs/{arxiv_id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_new_and_old_style_ids() {
        let r = ArxivRef::parse("2404.02424v1").unwrap();
        assert_eq!((r.id.as_str(), r.version), ("2404.02424", Some(1)));
        let r = ArxivRef::parse("hep-th/9901001v12").unwrap();
        assert_eq!((r.id.as_str(), r.version), ("hep-th/9901001", Some(12)));
        assert_eq!(r.paper_id(), "hep-th-9901001");
        assert_eq!(r.versioned(), "hep-th/9901001v12");
        assert_eq!(ArxivRef::parse("2404.02424").unwrap().version, None);
        assert!(ArxivRef::parse("2404.024").is_none());
        assert!(ArxivRef::parse("v1").is_none());
        assert!(ArxivRef::parse("my-slug").is_none());
    }

    #[test]
    fn splits_announce_lines() {
        let line = parse_announce_line(
            "arXiv:2404.02424v1 Announce Type: new  Abstract: Vision $x$ models.",
        )
        .unwrap();
        assert_eq!(line.arxiv.versioned(), "2404.02424v1");
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
    fn finds_ids_in_links() {
        let id = |l: &str| ArxivRef::from_link(l).map(|r| r.versioned());
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
        assert_eq!(id("https://example.org/abs/2404.02424"), None);
        assert_eq!(id("not a url"), None);
    }
}
