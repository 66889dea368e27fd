//! Link checking: every link in a Markdown body that points inside the site must reach a
//! page of the site; with `check --external-links`, every `http(s)` link must answer
//! ([`external`]).
//!
//! Runs after the model and the output plan exist (it needs the set of output files), and
//! reports a broken link at its line and column in the source file.

pub(crate) mod external;

use std::collections::HashSet;
use std::path::Path;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag};

use crate::diagnostic::{Diagnostic, Diagnostics, line_column};
use crate::model::{Paper, Site, paths};

/// One Markdown body and where its page lives.
struct Body<'a> {
    source: &'a Path,
    markdown: &'a str,
    /// Site-relative path of the page the body is shown on (`papers/x/`).
    page_path: String,
}

/// Checks the internal links of every body against `outputs` (site-relative file paths).
/// Links that start with `base_url` are links into the site too.
pub fn check_internal_links(site: &Site, outputs: &HashSet<String>, base_url: &str) -> Diagnostics {
    check_bodies(site, all_bodies(site), base_url, &|file| {
        outputs.contains(file)
    })
}

/// The paths within the site that `site.yaml` puts on every page (`logo`, the `nav` links
/// that are no web address): each must reach a file of the site, which `exists` tells,
/// else every page carries the broken link. Reported at the value in `site.yaml`.
pub fn check_config_links(site: &Site, exists: &dyn Fn(&str) -> bool) -> Diagnostics {
    let config = &site.config;
    let paths_within = (config.logo.iter().map(|logo| ("logo", logo.as_str())))
        .chain(config.nav.iter().map(|link| ("nav", link.url.as_str())))
        .filter(|(_, url)| !url.contains("://") && !url.starts_with("mailto:"));
    let mut diags = Diagnostics::new();
    let mut text: Option<String> = None;
    for (key, url) in paths_within {
        let path = url.split(['#', '?']).next().unwrap_or_default();
        if path.trim_start_matches('/').is_empty()
            || resolves(&normalize(path.trim_start_matches('/')), exists)
        {
            continue;
        }
        let shown = Path::new(crate::config::CONFIG_FILE);
        let text = text.get_or_insert_with(|| {
            std::fs::read_to_string(config.root.join(shown)).unwrap_or_default()
        });
        // The value as written, or else its key (a value written with escapes reads
        // otherwise than it is written).
        let (line, column) = text
            .find(url)
            .map(|offset| line_column(text, offset))
            .or_else(|| crate::locate::top_level_key(text, key))
            .unwrap_or((0, 0));
        diags.push(
            Diagnostic::error(
                shown,
                text,
                line,
                column,
                format!("`{key}`: `{url}` is no page or file of the site, and every page would link it"),
            )
            .with_hint(match key {
                "logo" => "put the image in `static/` (`logo: logo.svg` is `static/logo.svg`), or give its web address",
                _ => "a menu link within the site is a path from the site's root (`about/` for content/pages/about.md); check the spelling, or give a web address",
            }),
        );
    }
    diags
}

/// The Markdown bodies of the site: papers' notes, digests, pages.
fn all_bodies(site: &Site) -> Vec<Body<'_>> {
    let mut bodies: Vec<Body<'_>> = Vec::new();
    for p in site.papers.iter() {
        bodies.extend(paper_body(p));
    }
    for d in site.digests.iter().filter(|d| !d.body.trim().is_empty()) {
        bodies.push(Body {
            source: &d.source,
            markdown: &d.body,
            page_path: paths::digest(&d.slug),
        });
    }
    for p in site.pages.iter().filter(|p| !p.body.trim().is_empty()) {
        bodies.push(Body {
            source: &p.source,
            markdown: &p.body,
            page_path: paths::page(&p.slug),
        });
    }
    bodies
}

/// Checks the internal links of paper `index` alone, where `exists` tells which
/// site-relative files the site has: after an edit that changes neither the site's files
/// nor any other body (the dev server's in-place edit), the links of the edited paper are
/// the only ones whose verdict can change.
pub fn check_paper_links(
    site: &Site,
    index: usize,
    base_url: &str,
    exists: &dyn Fn(&str) -> bool,
) -> Diagnostics {
    let bodies = site.papers.get(index).and_then(paper_body);
    check_bodies(site, bodies.into_iter().collect(), base_url, exists)
}

fn paper_body(p: &Paper) -> Option<Body<'_>> {
    (!p.body.trim().is_empty()).then(|| Body {
        source: &p.source,
        markdown: &p.body,
        page_path: paths::paper(&p.id),
    })
}

fn check_bodies(
    site: &Site,
    bodies: Vec<Body<'_>>,
    base_url: &str,
    exists: &dyn Fn(&str) -> bool,
) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for body in bodies {
        for (dest, offset) in links_of(body.markdown) {
            let Some(target) = internal_target(&dest, &body.page_path, base_url) else {
                continue;
            };
            if !resolves(&target, exists) {
                diags.push(broken_link(site, &body, &dest, offset));
            }
        }
    }
    diags
}

/// Link and image destinations of a Markdown text, with their byte offsets. An email
/// autolink (`<jane@example.org>`, a `mailto:` link) is none.
fn links_of(markdown: &str) -> Vec<(String, usize)> {
    Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link {
                link_type: LinkType::Email,
                ..
            }) => None,
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                Some((dest_url.to_string(), range.start))
            }
            _ => None,
        })
        .collect()
}

/// The site-relative path a link points at, when it points inside the site.
fn internal_target(dest: &str, page_path: &str, base_url: &str) -> Option<String> {
    let dest = dest.split(['#', '?']).next().unwrap_or("");
    if dest.is_empty() {
        return None;
    }
    if let Some(rest) = dest.strip_prefix(base_url) {
        return Some(normalize(rest));
    }
    let has_scheme = dest.find(':').is_some_and(|n| !dest[..n].contains('/'));
    if has_scheme || dest.starts_with("//") {
        return None;
    }
    if let Some(rest) = dest.strip_prefix('/') {
        return Some(normalize(rest));
    }
    Some(normalize(&format!("{page_path}{dest}")))
}

/// Resolves `.` and `..` segments, keeping a trailing `/`.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if (path.ends_with('/') || path.is_empty()) && !out.is_empty() {
        out.push('/');
    }
    out
}

fn resolves(target: &str, exists: &dyn Fn(&str) -> bool) -> bool {
    let decoded = percent_encoding::percent_decode_str(target).decode_utf8_lossy();
    exists(&paths::file_of(&decoded))
        || exists(&format!("{decoded}/index.html"))
        || exists(decoded.as_ref())
}

fn broken_link(site: &Site, body: &Body<'_>, dest: &str, offset: usize) -> Diagnostic {
    let hint = match page_of_content_file(site, body, dest) {
        Some((what, page)) => format!(
            "`{dest}` is the file of {what}: link its page, `{page}` (site links start with `/`, and the base URL's path is added)"
        ),
        None => "site links start with `/` (the base URL's path is added) or are relative to the page; check the spelling".to_string(),
    };
    link_error(
        site,
        body,
        offset,
        format!("the link `{dest}` points at no page of the site"),
    )
    .with_hint(hint)
}

/// The page of the content file a link names, as a link to it is written (`/papers/q/`),
/// with what it is (`the paper `q``): a link to the source file, as Zola writes one
/// (`@/papers/q.md`, from `content/`) or as an editor completes one (`q.md`, from the
/// file's folder; `/content/papers/q.md`, from the site's). A paper's page is named by its
/// id, which need not be its file's name.
fn page_of_content_file(site: &Site, body: &Body<'_>, dest: &str) -> Option<(String, String)> {
    let (path, fragment) = match dest.find(['#', '?']) {
        Some(at) => (&dest[..at], &dest[at..]),
        None => (dest, ""),
    };
    let path = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    if !path.ends_with(".md") {
        return None;
    }
    let content = crate::sources::CONTENT_DIR;
    let file = if let Some(rest) = path.strip_prefix("@/") {
        format!("{content}/{rest}")
    } else if let Some(rest) = path.strip_prefix('/') {
        rest.to_string()
    } else {
        let folder = body.source.parent().unwrap_or(Path::new(""));
        format!("{}/{path}", folder.to_string_lossy().replace('\\', "/"))
    };
    let file = normalize(&file);
    let is = |source: &Path| source.to_string_lossy().replace('\\', "/") == file;
    let fragment = fragment.split('?').next().unwrap_or_default();
    let found = if let Some(p) = site.papers.iter().find(|p| is(&p.source)) {
        (format!("the paper `{}`", p.id), paths::paper(&p.id))
    } else if let Some(d) = site.digests.iter().find(|d| is(&d.source)) {
        (format!("the digest `{}`", d.slug), paths::digest(&d.slug))
    } else if let Some(p) = site.pages.iter().find(|p| is(&p.source)) {
        (format!("the page `{}`", p.slug), paths::page(&p.slug))
    } else {
        return None;
    };
    Some((found.0, format!("/{}{fragment}", found.1)))
}

/// An error at the link at `offset` of `body`.
fn link_error(site: &Site, body: &Body<'_>, offset: usize, message: String) -> Diagnostic {
    // The model keeps bodies, not files: find the body in its file for the line number.
    let file = std::fs::read_to_string(site.config.root.join(body.source)).unwrap_or_default();
    let body_start = file.find(body.markdown).unwrap_or(0);
    let (line, column) = line_column(&file, body_start + offset);
    Diagnostic::error(body.source, &file, line, column, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_autolinks_are_no_site_links() {
        let found = links_of("<jane@example.org> <https://a.b/> [x](/papers/a/)\n");
        let dests: Vec<&str> = found.iter().map(|(d, _)| d.as_str()).collect();
        assert_eq!(dests, ["https://a.b/", "/papers/a/"]);
    }

    #[test]
    fn targets_resolve_relative_absolute_and_base_url_links() {
        let base = "https://u.github.io/repo/";
        assert_eq!(
            internal_target("/papers/a/", "about/", base).as_deref(),
            Some("papers/a/")
        );
        assert_eq!(
            internal_target("../papers/a/#x", "about/", base).as_deref(),
            Some("papers/a/")
        );
        assert_eq!(
            internal_target("https://u.github.io/repo/tags/", "about/", base).as_deref(),
            Some("tags/")
        );
        assert_eq!(
            internal_target("https://arxiv.org/abs/1", "about/", base),
            None
        );
        assert_eq!(internal_target("mailto:a@b.c", "about/", base), None);
        assert_eq!(internal_target("#top", "about/", base), None);
        let outputs: HashSet<String> =
            ["papers/a/index.html".to_string(), "atom.xml".to_string()].into();
        let exists = |f: &str| outputs.contains(f);
        assert!(resolves("papers/a/", &exists));
        assert!(resolves("papers/a", &exists));
        assert!(resolves("atom.xml", &exists));
        assert!(!resolves("papers/b/", &exists));
        // Escapes decode (and a stray `%` before a multi-byte character is no escape).
        let outputs: HashSet<String> = ["tags/视觉/index.html".to_string()].into();
        let exists = |f: &str| outputs.contains(f);
        assert!(resolves("tags/%E8%A7%86%E8%A7%89/", &exists));
        assert!(!resolves("tags/%视觉/", &exists));
    }
}
