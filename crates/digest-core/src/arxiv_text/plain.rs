//! arXiv text as plain text, for where HTML cannot go: `<title>`, meta tags, feed
//! titles, BibTeX notes, the search index.
//!
//! Hand-written: the same scanner as the HTML (no crate resolves arXiv's text macros to
//! characters), so a title reads the same in a browser tab as on the page.

use super::scanner::{Mode, Scanner};

/// A plain-text version (for `<title>`, meta tags, feed titles, BibTeX notes): text macros
/// resolved to characters, math kept as its LaTeX source, whitespace collapsed. Not escaped.
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    Scanner::new(text, Mode::Plain, &mut out).run();
    out
}
