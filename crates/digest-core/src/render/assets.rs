//! The theme's static files, built into the binary, and the fingerprints that make their
//! URLs change whenever their bytes do.

use crate::customize::fingerprint;
use crate::model::Site;

/// The theme's static files, built into the binary: (site-relative path, bytes).
/// The layout of every page links the first four: stylesheet, script, icon, and the search
/// script that the search box loads on first use; the reading list's page links the fifth,
/// its own script.
pub const THEME_ASSETS: &[(&str, &[u8])] = &[
    (
        "assets/style.css",
        include_bytes!("../../themes/default/static/style.css"),
    ),
    (
        "assets/site.js",
        include_bytes!("../../themes/default/static/site.js"),
    ),
    (
        "assets/favicon.svg",
        include_bytes!("../../themes/default/static/favicon.svg"),
    ),
    (
        "assets/search.js",
        include_bytes!("../../themes/default/static/search.js"),
    ),
    (
        "assets/reading-list.js",
        include_bytes!("../../themes/default/static/reading-list.js"),
    ),
];

/// The fingerprint of each of [`THEME_ASSETS`], computed once (not once per page).
pub(super) fn asset_fingerprint(index: usize) -> &'static str {
    static FINGERPRINTS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    &FINGERPRINTS.get_or_init(|| THEME_ASSETS.iter().map(|(_, b)| fingerprint(b)).collect())[index]
}

/// The fingerprint in the URL of `site.js`, which also loads the search script: the pages
/// name only `site.js`, and it finds `search.js` beside itself with the same query
/// (`?v=…`), so the fingerprint is of both files and changes when either does.
pub(super) fn script_fingerprint(site: &Site) -> String {
    fingerprint(
        format!(
            "{} {}",
            site_asset_fingerprint(site, 1),
            site_asset_fingerprint(site, 3)
        )
        .as_bytes(),
    )
}

/// The fingerprint in the URL of theme asset `index` on `site`: of the site's own file
/// where it replaces the theme's (so a cached old file is never served), else the theme's.
pub(super) fn site_asset_fingerprint(site: &Site, index: usize) -> &str {
    match site.theme.replaced_assets.get(index) {
        Some(Some(own)) => own,
        _ => asset_fingerprint(index),
    }
}
