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

/// The bytes of [`THEME_ASSETS`] `index` as published: the scripts without their lines of
/// comment (a quarter of `site.js`, which every page loads; the comments are for who
/// reads the theme's source), the others as they are.
pub fn published_theme_asset(index: usize) -> &'static [u8] {
    static PUBLISHED: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    &PUBLISHED.get_or_init(|| {
        THEME_ASSETS
            .iter()
            .map(|(path, bytes)| match path.ends_with(".js") {
                true => without_comment_lines(bytes),
                false => bytes.to_vec(),
            })
            .collect()
    })[index]
}

/// `script` without the lines that hold only a `//` comment. Only whole lines: the theme's
/// scripts have no template literals, and a `//` inside a string or after code stays.
fn without_comment_lines(script: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(script);
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if !line.trim_start().starts_with("//") {
            out.push_str(line);
        }
    }
    out.into_bytes()
}

/// The fingerprint of each of [`THEME_ASSETS`] as published, computed once (not once per
/// page).
pub(super) fn asset_fingerprint(index: usize) -> &'static str {
    static FINGERPRINTS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    &FINGERPRINTS.get_or_init(|| {
        (0..THEME_ASSETS.len())
            .map(|i| fingerprint(published_theme_asset(i)))
            .collect()
    })[index]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_are_published_without_their_comment_lines() {
        let script = b"// Why.\n  // More.\nvar a = \"http://x\"; // kept\n\tif (a) b(); //x\n";
        assert_eq!(
            String::from_utf8(without_comment_lines(script)).unwrap(),
            "var a = \"http://x\"; // kept\n\tif (a) b(); //x\n"
        );
        for (i, (path, bytes)) in THEME_ASSETS.iter().enumerate() {
            let published = published_theme_asset(i);
            if path.ends_with(".js") {
                // The theme's scripts have no template literal a comment line could be in.
                assert!(!String::from_utf8_lossy(published).contains('`'), "{path}");
                assert!(published.len() < bytes.len(), "{path}");
            } else {
                assert_eq!(published, *bytes, "{path}");
            }
        }
    }
}
