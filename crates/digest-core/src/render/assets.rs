//! The theme's static files, built into the binary, and the fingerprints that make their
//! URLs change whenever their bytes do.

/// The theme's static files, built into the binary: (site-relative path, bytes).
/// The layout of every page links the first four: stylesheet, script, icon, and the search
/// script that the search box loads on first use.
pub const THEME_ASSETS: &[(&str, &[u8])] = &[
    (
        "assets/style.css",
        include_bytes!("../../../../themes/default/static/style.css"),
    ),
    (
        "assets/site.js",
        include_bytes!("../../../../themes/default/static/site.js"),
    ),
    (
        "assets/favicon.svg",
        include_bytes!("../../../../themes/default/static/favicon.svg"),
    ),
    (
        "assets/search.js",
        include_bytes!("../../../../themes/default/static/search.js"),
    ),
];

/// The fingerprint of each of [`THEME_ASSETS`], computed once (not once per page).
pub(super) fn asset_fingerprint(index: usize) -> &'static str {
    static FINGERPRINTS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    &FINGERPRINTS.get_or_init(|| THEME_ASSETS.iter().map(|(_, b)| fingerprint(b)).collect())[index]
}

/// A short, stable fingerprint (FNV-1a) for cache-busting asset URLs.
fn fingerprint(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf29ce484222325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x100000001b3);
    }
    format!("{:08x}", hash >> 32)
}
