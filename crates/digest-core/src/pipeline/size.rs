//! The size of a built site against what GitHub Pages takes: a published site of at most
//! 1 GB, and no file over 100 MiB (GitHub's limit for one file). `build` and `check` warn
//! before a site reaches either, while there is room to act (fewer papers per site, a
//! second site, `search: false`).

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::diagnostic::{Diagnostic, Diagnostics};

/// The largest published site GitHub Pages takes, in bytes (its documentation: 1 GB).
pub const SITE_LIMIT: u64 = 1_000_000_000;
/// The share of [`SITE_LIMIT`] past which `build` and `check` warn, in percent.
pub const SITE_WARNING_PERCENT: u64 = 80;
/// The largest file GitHub takes (100 MiB).
pub const FILE_LIMIT: u64 = 100 * 1024 * 1024;

/// The bytes of a site's files and its largest file, added up from many threads.
#[derive(Debug, Default)]
pub(super) struct SizeTally {
    total: AtomicU64,
    largest: AtomicU64,
    largest_path: Mutex<String>,
}

impl SizeTally {
    pub(super) fn add(&self, path: &str, size: u64) {
        self.total.fetch_add(size, Ordering::Relaxed);
        // Most files are not the largest: a lock-free look first.
        if size < self.largest.load(Ordering::Relaxed) {
            return;
        }
        let mut largest_path = self.largest_path.lock().unwrap_or_else(|e| e.into_inner());
        let previous = self.largest.load(Ordering::Relaxed);
        // Ties go to the path that sorts first, so the report does not depend on threads.
        if size > previous || (size == previous && path < largest_path.as_str()) {
            self.largest.store(size, Ordering::Relaxed);
            *largest_path = path.to_string();
        }
    }

    pub(super) fn total(&self) -> u64 {
        self.total.load(Ordering::Relaxed)
    }

    /// The largest file: its path (relative to the output folder) and size.
    pub(super) fn largest(&self) -> (String, u64) {
        let path = self
            .largest_path
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        (path, self.largest.load(Ordering::Relaxed))
    }
}

/// Warnings about a site of `total` bytes whose largest file is `largest`, to be written to
/// `output_dir`: past [`SITE_WARNING_PERCENT`] of [`SITE_LIMIT`], and a file past
/// [`FILE_LIMIT`].
pub(super) fn size_warnings(total: u64, largest: (&str, u64), output_dir: &Path) -> Diagnostics {
    let mut warnings = Diagnostics::new();
    if total * 100 > SITE_LIMIT * SITE_WARNING_PERCENT {
        warnings.push(
            Diagnostic::file_warning(
                output_dir,
                format!(
                    "the site is {} ({}% of the 1 GB GitHub Pages publishes)",
                    format_size(total),
                    total * 100 / SITE_LIMIT
                ),
            )
            .with_hint(
                "GitHub Pages refuses a site over 1 GB: split the digests over two sites, or set \
                 `search: false` (the search index is a few percent of a site)",
            ),
        );
    }
    let (path, size) = largest;
    if size > FILE_LIMIT {
        warnings.push(
            Diagnostic::file_warning(
                &output_dir.join(path),
                format!(
                    "this file is {}, over the 100 MiB GitHub takes in one file",
                    format_size(size)
                ),
            )
            .with_hint(
                "GitHub refuses files over 100 MiB: list fewer papers in one digest, or move \
                 the file out of `static/`",
            ),
        );
    }
    warnings
}

/// A size for people: `512 B`, `42.0 KB`, `197.1 MB`, `1.02 GB` (powers of 1000, as
/// GitHub states its limits).
pub fn format_size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..1_000_000 => format!("{:.1} KB", bytes as f64 / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", bytes as f64 / 1e6),
        _ => format!("{:.2} GB", bytes as f64 / 1e9),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(format_size(512), "512 B");
        assert_eq!(format_size(42_000), "42.0 KB");
        assert_eq!(format_size(197_123_456), "197.1 MB");
        assert_eq!(format_size(1_020_000_000), "1.02 GB");
    }

    #[test]
    fn warnings_come_past_eighty_percent_and_past_the_file_limit() {
        let out = Path::new("public");
        assert!(size_warnings(800_000_000, ("index.html", 10), out).is_empty());
        let site = size_warnings(800_000_001, ("index.html", 10), out);
        assert_eq!(site.len(), 1);
        assert!(site.list[0].message.contains("80% of the 1 GB"), "{site:?}");
        let file = size_warnings(
            FILE_LIMIT + 1,
            ("digests/big/index.html", FILE_LIMIT + 1),
            out,
        );
        assert_eq!(file.len(), 1);
        assert_eq!(file.list[0].path, out.join("digests/big/index.html"));
        assert!(!file.list[0].is_error());
        let tally = SizeTally::default();
        tally.add("b", 5);
        tally.add("a", 5);
        tally.add("c", 1);
        assert_eq!((tally.total(), tally.largest()), (11, ("a".to_string(), 5)));
    }
}
