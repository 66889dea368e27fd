//! The previous-bundle check: whether the bundle already published in the output was
//! built from the same input, so that `build` can keep its files instead of writing them
//! again; and, when the papers changed, which of its segments were built from the papers
//! they would hold now, so that only the others are indexed ([`build_bundle_over`]).
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

/// [`build_bundle`](super::build_bundle) over a bundle built before: `read` gives its
/// files by output path (the published output's, or the dev server's in memory), and
/// `keep` keeps one of them as it is, or says it cannot. The segments whose papers did not
/// change, and all of whose files are kept, are not indexed again. The files built go to
/// `emit` as they are made (see `build_bundle_keeping`); returns the paths of those kept.
pub fn build_bundle_over(
    mut input: SearchInput<'_>,
    read: impl Fn(&str) -> Option<Vec<u8>>,
    keep: impl Fn(&str) -> bool,
    emit: &mut dyn FnMut(Vec<(String, Vec<u8>)>),
) -> Vec<String> {
    let published = match (read(FINGERPRINT_FILE), read(MANIFEST_FILE)) {
        (Some(recorded), Some(manifest)) => recorded_segments(&recorded, &manifest),
        _ => Vec::new(),
    };
    // A segment one of whose files cannot be kept is indexed again, and its files are
    // written over those already kept.
    let kept: Vec<PublishedSegment> = reusable_segments(&input, published)
        .into_iter()
        .filter(|segment| segment.files().iter().all(|f| keep(f)))
        .collect();
    build_bundle_keeping(&mut input, &kept, emit);
    kept.iter().flat_map(PublishedSegment::files).collect()
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
