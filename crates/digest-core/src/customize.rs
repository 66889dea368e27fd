//! What a site adds to the default theme without forking it: the head and footer hooks
//! (`templates/head.html`, `templates/footer.html`), `static/custom.css`, and the theme's
//! own assets a site replaces (`static/assets/style.css`, …).
//!
//! The theme's templates are compiled in (askama), so a site does not override them; it
//! adds to every page through the hooks, which are the owner's own HTML and are inserted
//! as they are. Read once per build, beside `static/`.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::render::THEME_ASSETS;
use crate::sources::TEMPLATES_DIR;

/// The hooks: the file under `templates/` and what it adds to every page.
pub const HOOKS: [(&str, &str); 2] = [
    ("head.html", "the end of every page's <head>"),
    ("footer.html", "every page's footer"),
];

/// The stylesheet a site adds after the theme's, relative to `static/`.
pub const CUSTOM_CSS: &str = "custom.css";

/// A site's additions to the theme.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteTheme {
    /// `templates/head.html`, as written (shared by every page that shows it).
    pub head_html: Option<Arc<str>>,
    /// `templates/footer.html`, as written.
    pub footer_html: Option<Arc<str>>,
    /// The fingerprint of `static/custom.css`, when the site has one.
    pub custom_css: Option<String>,
    /// For each of [`THEME_ASSETS`], the fingerprint of the site's file that replaces it
    /// (`None`: the theme's own is used).
    pub replaced_assets: Vec<Option<String>>,
    /// The fingerprint of the site's `static/assets/labels.js`, which replaces the
    /// interface's words the site writes there (`None`: the site's own are used).
    pub replaced_labels: Option<String>,
}

/// Reads a site's additions, and warnings of what it may not mean in them; `user_static`
/// lists its `static/` files (relative to it). The hooks' site links get `base_path`
/// ([`crate::hook_html::with_base_path`]).
pub fn read_site_theme(
    root: &Path,
    user_static: &[String],
    base_path: &str,
) -> Result<(SiteTheme, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::new();
    let mut read_hook = |name: &str| -> Option<Arc<str>> {
        let shown = Path::new(TEMPLATES_DIR).join(name);
        // A link is not followed, as in `content/` and `static/`: a hook that is one could
        // publish any file of the machine (`/proc/self/environ`) in every page
        // ([`unread_templates`] warns of it).
        if crate::files::is_link(&root.join(&shown)) {
            return None;
        }
        let bytes = match crate::files::read_bounded(&root.join(&shown)) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            Err(e) => {
                diags.push(
                    Diagnostic::file_error(&shown, format!("cannot read: {e}")).with_hint(
                        "the hook is a file of HTML: replace what is there with one, or remove it",
                    ),
                );
                return None;
            }
        };
        match String::from_utf8(bytes) {
            // A Windows editor's byte-order mark, inserted into `<head>`, would be text
            // there: the browser would end the head before the hook's tags.
            // Wherever it is: files that each had one, joined, hold one inside.
            Ok(text) => {
                let text = text.replace('\u{feff}', "");
                if let Some(open) = crate::hook_html::left_open(&text) {
                    diags.push(left_open_error(&shown, &text, &open));
                    return None;
                }
                if let Some(at) = template_syntax(&text) {
                    let (line, column) = crate::diagnostic::line_column(&text, at);
                    diags.push(
                        Diagnostic::warning(
                            &shown,
                            &text,
                            line,
                            column,
                            "a hook is HTML, not a template: this is published as written",
                        )
                        .with_hint(
                            "write the HTML itself (a site link such as `/about/` gets the base \
                             path); the site's title and settings are in site.yaml",
                        ),
                    );
                }
                Some(Arc::from(crate::hook_html::with_base_path(
                    &text, base_path,
                )))
            }
            Err(e) => {
                diags.push(crate::diagnostic::not_utf8(
                    &shown,
                    &e,
                    "save the file as UTF-8",
                ));
                None
            }
        }
    };
    let head_html = read_hook(HOOKS[0].0);
    let footer_html = read_hook(HOOKS[1].0);
    let static_dir = root.join(crate::sources::STATIC_DIR);
    let mut fingerprint_of = |relative: &str| -> Option<String> {
        if !user_static.iter().any(|p| p == relative) {
            return None;
        }
        match crate::files::read_bounded(&static_dir.join(relative)) {
            Ok(bytes) => Some(fingerprint(&bytes)),
            Err(e) => {
                let shown = Path::new(crate::sources::STATIC_DIR).join(relative);
                diags.push(Diagnostic::file_error(&shown, format!("cannot read: {e}")));
                None
            }
        }
    };
    let custom_css = fingerprint_of(CUSTOM_CSS);
    let replaced_assets = THEME_ASSETS
        .iter()
        .map(|(path, _)| fingerprint_of(path))
        .collect();
    let replaced_labels = fingerprint_of(crate::render::LABELS_SCRIPT);
    if diags.has_errors() {
        return Err(diags.without_warnings());
    }
    let theme = SiteTheme {
        head_html,
        footer_html,
        custom_css,
        replaced_assets,
        replaced_labels,
    };
    Ok((theme, diags))
}

/// The error for a hook that leaves `open` open: everything after it on every page would
/// be its text (a comment, a script's code) or its tag's, and the pages would show nothing.
fn left_open_error(shown: &Path, text: &str, open: &crate::hook_html::LeftOpen) -> Diagnostic {
    let (line, column) = crate::diagnostic::line_column(text, open.offset);
    Diagnostic::error(
        shown,
        text,
        line,
        column,
        format!(
            "`{}` is not closed: the rest of every page would be inside it, and show nothing",
            open.opened
        ),
    )
    .with_hint(format!("close it with `{}` in the hook", open.closer))
}

/// Where `html` has the syntax of another generator's templates (Hugo's `{{ .Site.Title }}`
/// and `{{ template "…" . }}`, Zola's and Jekyll's `{% if %}`, `{% seo %}` and
/// `{{ page.title }}`, a Liquid filter `{{ "/x" | relative_url }}`), which a hook would
/// publish as text; `None` when it has none. A script's `{{ message }}` (Vue) is not.
fn template_syntax(html: &str) -> Option<usize> {
    const VALUES: &[&str] = &[
        ".",
        "$",
        "site.",
        "page.",
        "config.",
        "section.",
        "get_url",
        "partial ",
        "relurl ",
        "absurl ",
        "block ",
        "template ",
        "with ",
        "range ",
        "if ",
        "else",
        "end",
        "define ",
    ];
    let after = |at: usize| -> String {
        let rest = html[at + 2..].trim_start_matches([' ', '-']);
        rest.chars()
            .take(12)
            .collect::<String>()
            .to_ascii_lowercase()
    };
    // A tag of Liquid, Jinja or Tera: `{%` and a word.
    let statement = html
        .match_indices("{%")
        .map(|(at, _)| at)
        .find(|&at| after(at).starts_with(|c: char| c.is_ascii_lowercase()));
    let value = html.match_indices("{{").map(|(at, _)| at).find(|&at| {
        VALUES.iter().any(|v| after(at).starts_with(v))
            // A quoted text through a filter: `{{ "/assets/main.css" | relative_url }}`
            // (read to its `}}` only when it starts with a quote).
            || (html[at + 2..].trim_start().starts_with(['"', '\''])
                && html[at + 2..].split("}}").next().is_some_and(|inner| inner.contains('|')))
    });
    statement.into_iter().chain(value).min()
}

/// Folders where other generators keep a site's layouts, which digest-site does not read,
/// each with what it says of one and its hint: Hugo keeps its templates and partials in
/// `layouts/`; Hugo and Zola a theme (its templates and its static files) in
/// `themes/<name>/`.
const OTHER_GENERATORS_FOLDERS: [(&str, &str, &str); 2] = [
    (
        "layouts",
        "`layouts/` is not read: the theme reads only templates/head.html and templates/footer.html",
        "put what the partials added to every page's head or footer into the two hooks (docs/customizing.md)",
    ),
    (
        "themes",
        "`themes/` is not read: the theme is built into digest-site, and a site adds to it without replacing it",
        "put what the theme added to every page's head or footer into templates/head.html and templates/footer.html, its styles into static/custom.css, and a replacement of one of the theme's assets in static/assets/ (style.css, site.js; docs/customizing.md)",
    ),
];

/// A warning for each file of `templates/` that is not one of the [`HOOKS`], and for a
/// folder of [`OTHER_GENERATORS_FOLDERS`]: the pages' layouts are the theme's, and a
/// `templates/index.html` or `base.html` of a Hugo or Zola site (or a misspelt hook), or
/// its `themes/`, would otherwise be left unread without a word.
pub fn unread_templates(root: &Path) -> Diagnostics {
    let mut warnings = Diagnostics::new();
    for (folder, message, hint) in OTHER_GENERATORS_FOLDERS {
        if root.join(folder).is_dir() {
            warnings.push(Diagnostic::file_warning(Path::new(folder), message).with_hint(hint));
        }
    }
    let Ok(listing) = crate::files::relative_files(&root.join(TEMPLATES_DIR)) else {
        return warnings;
    };
    for name in &listing.links {
        if HOOKS.iter().any(|(hook, _)| hook == name) {
            let shown = Path::new(TEMPLATES_DIR).join(name);
            warnings.push(
                Diagnostic::file_warning(
                    &shown,
                    format!(
                        "`{}` is a symbolic link; links are not followed, so it is not read",
                        shown.display()
                    ),
                )
                .with_hint("put the hook's HTML in the file itself (a link could put any file of the machine into every page)"),
            );
        }
    }
    for name in listing.files.iter().chain(&listing.links) {
        // Hidden files (`.DS_Store`, an editor's) and editors' backups are nobody's
        // templates.
        if HOOKS.iter().any(|(hook, _)| hook == name)
            || name
                .split('/')
                .any(|part| crate::sources::is_hidden(std::ffi::OsStr::new(part)))
            || crate::sources::is_editor_temporary(name.rsplit('/').next().unwrap_or(name))
        {
            continue;
        }
        let shown = Path::new(TEMPLATES_DIR).join(name);
        warnings.push(
            Diagnostic::file_warning(
                &shown,
                format!(
                    "`{}` is not read: the theme reads only templates/head.html and templates/footer.html",
                    shown.display()
                ),
            )
            .with_hint("the layouts of the pages cannot be replaced; add to them with the two hooks, `static/custom.css` or the labels (docs/customizing.md)"),
        );
    }
    warnings
}

/// A short, stable fingerprint (FNV-1a) for cache-busting asset URLs.
pub(crate) fn fingerprint(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf29ce484222325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x100000001b3);
    }
    format!("{:08x}", hash >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Other generators' templates as people paste them into a hook are found; a script's
    /// own braces are not.
    #[test]
    fn another_generator_s_template_syntax_is_found() {
        for html in [
            "<p>{{ .Site.Title }}</p>",
            "{{ template \"_internal/google_analytics.html\" . }}",
            "{{ with .Site.Params.x }}x{{ end }}",
            "{{ $s := resources.Get \"x\" }}",
            "<link href=\"{{ \"/assets/main.css\" | relative_url }}\">",
            "{% seo %}",
            "{% feed_meta %}",
            "{%- if page.math -%}x{% endif %}",
            "<title>{{ page.title }}</title>",
        ] {
            assert!(template_syntax(html).is_some(), "{html}");
        }
        for html in [
            "<div id=app>{{ message }}</div>",
            "<script>var o = {{a: 1}}.a; var u = '{%22x%22}';</script>",
            "<p x-text=\"{ open: false }\"></p>",
        ] {
            assert_eq!(template_syntax(html), None, "{html}");
        }
    }
}
