//! The previous-bundle check: whether the bundle already published in the output was
//! built from the same input, so that `build` can keep its files instead of writing them
//! again; and, when the papers changed, which of its segments were built from the papers
//! they would hold now ([`published_segments`], then
//! [`reusable_segments`](super::bundle::reusable_segments)).
//!
//! Hand-written like the rest of the index: the fingerprint file is part of our bundle's
//! format ([`FINGERPRINT_FILE`]): the input's fingerprint on its first line, then a line
//! `segment <first paper> <fingerprint>` for each segment.

use std::path::Path;

use super::SearchInput;
use super::bundle::{
    BUNDLE_DIR, FINGERPRINT_FILE, FORMAT, MANIFEST_FILE, PublishedSegment, Segment,
    build_bundle_keeping, reusable_segments,
};

/// The files of the bundle published in `output_dir`, when it was built from the input
/// `fingerprint` (and so is exactly what indexing again would give).
pub fn previous_bundle(output_dir: &Path, fingerprint: &str) -> Option<Vec<String>> {
    let recorded = std::fs::read_to_string(output_dir.join(FINGERPRINT_FILE)).ok()?;
    if recorded.lines().next() != Some(fingerprint.trim_end()) {
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

/// The segments of the bundle published in `output_dir`, with what each was built from;
/// none when it has no bundle of this format.
pub fn published_segments(output_dir: &Path) -> Vec<PublishedSegment> {
    let read = |path: &str| std::fs::read(output_dir.join(path)).ok();
    match (read(FINGERPRINT_FILE), read(MANIFEST_FILE)) {
        (Some(recorded), Some(manifest)) => recorded_segments(&recorded, &manifest),
        _ => Vec::new(),
    }
}

/// [`build_bundle`](super::build_bundle) over a bundle built before, whose files `previous`
/// gives by output path (the dev server's, in memory): the files built, and the paths of
/// the previous files that belong to the new bundle as they are (the segments whose papers
/// did not change).
pub fn build_bundle_over<'p>(
    input: &SearchInput<'_>,
    previous: impl Fn(&str) -> Option<&'p [u8]>,
) -> (Vec<(String, Vec<u8>)>, Vec<String>) {
    let published = match (previous(FINGERPRINT_FILE), previous(MANIFEST_FILE)) {
        (Some(recorded), Some(manifest)) => recorded_segments(recorded, manifest),
        _ => Vec::new(),
    };
    let kept: Vec<PublishedSegment> = reusable_segments(input, published)
        .into_iter()
        .filter(|segment| segment.files().iter().all(|f| previous(f).is_some()))
        .collect();
    let files = build_bundle_keeping(input, &kept);
    (
        files,
        kept.iter().flat_map(PublishedSegment::files).collect(),
    )
}

/// The segments a bundle's fingerprint file and manifest name, with what each was built
/// from; none when the manifest is not of this format.
fn recorded_segments(recorded: &[u8], manifest: &[u8]) -> Vec<PublishedSegment> {
    #[derive(serde::Deserialize)]
    struct Manifest {
        format: u32,
        #[serde(default)]
        segs: Vec<Segment>,
    }
    let Ok(manifest) = serde_json::from_slice::<Manifest>(manifest) else {
        return Vec::new();
    };
    if manifest.format != FORMAT {
        return Vec::new();
    }
    let recorded = String::from_utf8_lossy(recorded);
    let fingerprints: Vec<&str> = recorded
        .lines()
        .filter_map(|l| l.strip_prefix("segment "))
        .collect();
    manifest
        .segs
        .into_iter()
        .filter_map(|entry| {
            let start = format!("{} ", entry.s);
            let fingerprint = fingerprints.iter().find(|f| f.starts_with(&start))?;
            Some(PublishedSegment {
                fingerprint: fingerprint.to_string(),
                entry,
            })
        })
        .collect()
}
