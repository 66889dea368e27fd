//! The error overlay's data: the diagnostics of a failed rebuild, as the browser shows them.
//!
//! The page's script draws the overlay from this JSON (with `textContent`, so nothing in a
//! message can become markup).

use digest_core::Diagnostics;
use serde::Serialize;

/// One diagnostic as the overlay shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct OverlayError {
    pub file: String,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub source_line: String,
    pub hint: Option<String>,
}

/// Everything the overlay shows.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Overlay {
    /// The first [`SHOWN_ERRORS`] errors.
    pub errors: Vec<OverlayError>,
    /// How many errors there are, those not shown included.
    pub total: usize,
}

/// The most errors the overlay carries: a one-line edit of `site.yaml` (a language taken
/// away) can make tens of thousands, which sent 31 MB to every open page and took the
/// browser 14 s to draw. `digest-site check` lists every one.
pub const SHOWN_ERRORS: usize = 100;

impl Overlay {
    /// The errors of `diags` (warnings are left to the terminal), the first
    /// [`SHOWN_ERRORS`] of them.
    pub fn from_diagnostics(diags: &Diagnostics) -> Self {
        let errors = diags
            .errors()
            .take(SHOWN_ERRORS)
            .map(|d| OverlayError {
                file: d.path.display().to_string(),
                line: d.line,
                column: d.column,
                message: d.message.clone(),
                source_line: d.source_line.clone(),
                hint: d.hint.as_deref().map(str::to_string),
            })
            .collect();
        Overlay {
            errors,
            total: diags.errors().count(),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{\"errors\":[],\"total\":0}".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use digest_core::Diagnostic;
    use std::path::Path;

    /// Thousands of errors (a language taken away from `site.yaml`) make an overlay of
    /// the first hundred and their count, and a terminal of as many and a line for the
    /// rest, not megabytes of each.
    #[test]
    fn many_errors_are_shown_in_part_and_counted() {
        let mut diags = Diagnostics::new();
        for n in 0..250 {
            diags.push(Diagnostic::file_error(
                Path::new(&format!("content/papers/{n:03}.md")),
                "the title has no `zh` text",
            ));
        }
        let overlay = Overlay::from_diagnostics(&diags);
        assert_eq!((overlay.errors.len(), overlay.total), (SHOWN_ERRORS, 250));
        assert_eq!(overlay.errors[0].file, "content/papers/000.md");
        let shown = diags.render_at_most(false, usize::MAX, SHOWN_ERRORS);
        assert_eq!(shown.matches("the title has no").count(), SHOWN_ERRORS);
        assert!(shown.contains("error: 150 more errors"), "{shown}");
        assert!(shown.ends_with("error: 250 errors found\n"), "{shown}");
    }
}
