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
    pub errors: Vec<OverlayError>,
    /// The diagnostics as the terminal shows them (without colour).
    pub text: String,
}

impl Overlay {
    /// The errors of `diags` (warnings are left to the terminal).
    pub fn from_diagnostics(diags: &Diagnostics) -> Self {
        let errors = diags
            .errors()
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
            text: diags.render(false),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{\"errors\":[],\"text\":\"\"}".into())
    }
}
