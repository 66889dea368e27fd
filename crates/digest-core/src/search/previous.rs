//! The previous-bundle check: whether the bundle already published in the output was
//! built from the same input, so that `build` can keep its files instead of writing them
//! again.
//!
//! Hand-written like the rest of the index: the fingerprint file is part of our bundle's
//! format ([`FINGERPRINT_FILE`]).

use std::path::Path;

use super::bundle::{BUNDLE_DIR, FINGERPRINT_FILE};

/// The files of the bundle published in `output_dir`, when it was built from the input
/// `fingerprint` (and so is exactly what indexing again would give).
pub fn previous_bundle(output_dir: &Path, fingerprint: &str) -> Option<Vec<String>> {
    let recorded = std::fs::read_to_string(output_dir.join(FINGERPRINT_FILE)).ok()?;
    if recorded != fingerprint {
        return None;
    }
    let bundle = output_dir.join(BUNDLE_DIR);
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&bundle) {
        let entry = entry.ok()?;
        if entry.file_type().is_file() {
            let relative = entry.path().strip_prefix(&bundle).ok()?;
            let parts: Vec<&str> = relative.iter().map(|p| p.to_str()).collect::<Option<_>>()?;
            files.push(format!("{BUNDLE_DIR}/{}", parts.join("/")));
        }
    }
    Some(files)
}
