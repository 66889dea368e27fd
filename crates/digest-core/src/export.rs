//! Export: a digest written back in the seed's Markdown form (the inverse of
//! [`crate::import`]'s reading of Markdown digests); every paper as JSON lines in
//! `jsonl`.
//!
//! The summary table (`# 摘要`: Ref | Title | Summary) comes first, then the details
//! (`# 详细`), one `[^n]:` entry per paper with its indented paragraphs. A paper with an
//! announce type gets arXiv's current announcement line (`arXiv:ID Announce Type: new
//! Abstract: …`); an arXiv paper without one but with a category gets the older listing
//! form, the category in the title (`Title. (arXiv:IDvN [cs.CV])`) and the bare abstract;
//! any other paper gets its plain title and abstract. Importing the result gives back the
//! same paper and digest files.

pub mod jsonl;

use std::fmt::Write;
use std::path::Path;

use crate::arxiv;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Digest, Paper, Site};
use crate::pipeline::{BuildOptions, load_site};

/// Refuses to write an export at `target` when that would replace a source of the site at
/// `root`: its `site.yaml`, or a file in `content/` (an export written over a paper file
/// replaced it with a digest, and a new one there would be read as content).
pub fn check_export_target(root: &Path, target: &Path) -> Result<(), Diagnostics> {
    let resolved = |path: &Path| crate::pipeline::resolve_path(path).ok();
    let (Some(target_resolved), Some(root)) = (resolved(target), resolved(root)) else {
        return Ok(());
    };
    let content = root.join(crate::sources::CONTENT_DIR);
    let inside = if target_resolved == root.join(crate::config::CONFIG_FILE) {
        Some(crate::config::CONFIG_FILE.to_string())
    } else if target_resolved.starts_with(&content) {
        Some(format!("{}/", crate::sources::CONTENT_DIR))
    } else {
        None
    };
    // The output folder (and the older tree beside it) holds only what a build wrote: a
    // file exported there would stop the next build.
    if inside.is_none()
        && let Ok(config) = crate::config::load_config(&root)
        && let Some(output) = resolved(&config.output_dir)
    {
        let older = crate::write::sibling(&output, "previous");
        if target_resolved.starts_with(&output) || target_resolved.starts_with(&older) {
            return Err(Diagnostic::file_error(
                target,
                format!(
                    "`{}` is in the site's output folder, which holds only what a build writes",
                    target.display()
                ),
            )
            .with_hint("write the export elsewhere; a file meant to be published goes in static/")
            .into());
        }
    }
    match inside {
        Some(source) => Err(Diagnostic::file_error(
            target,
            format!(
                "`{}` is {}the site's `{source}`: the export would replace or add to the site's own sources",
                target.display(),
                // `site.yaml` is the file; `content/` a folder the file is in.
                if source.ends_with('/') { "in " } else { "" }
            ),
        )
        .with_hint("write the export outside `content/` (for example `-o digest.md`), or to standard output without `-o`")
        .into()),
        None => Ok(()),
    }
}

/// The language of the translated fields in the seed's form.
const TRANSLATION_LANGUAGE: &str = "zh";

/// Loads the site at `root` and exports the digest named `name` (a slug or a path to the
/// digest file), or the latest digest.
pub fn export_markdown(root: &Path, name: Option<&str>) -> Result<String, Diagnostics> {
    export_markdown_noting_losses(root, name).map(|(text, _)| text)
}

/// [`export_markdown`], with a warning for each kind of text the form has no place for
/// that the digest's papers have, and that importing the export would not give back.
pub fn export_markdown_noting_losses(
    root: &Path,
    name: Option<&str>,
) -> Result<(String, Diagnostics), Diagnostics> {
    let options = BuildOptions {
        drafts: true,
        ..BuildOptions::default()
    };
    let loaded = load_site(root, &options)?;
    let digest = find_digest(&loaded.site, name)?;
    Ok((
        digest_markdown(&loaded.site, digest),
        losses(&loaded.site, digest),
    ))
}

/// What importing the Markdown of `digest` would not give back, a warning per kind, each
/// naming the first few papers: the id of a paper (import names it by its arXiv id or its
/// title: one named otherwise gets another id), a summary in a second language (the form holds one), and the categories of a
/// paper in arXiv's current form (which does not write them), a title of several lines, and
/// the arXiv version of a paper written in the plain form.
fn losses(site: &Site, digest: &Digest) -> Diagnostics {
    let mut kinds: [(Vec<&str>, &str); 5] = [
        (
            Vec::new(),
            "would get other ids from importing the export, which names a paper by its arXiv id or else by its English title: their pages' addresses would change",
        ),
        (
            Vec::new(),
            "have a summary in more than one language: the form holds one (the Chinese one), the others are not exported",
        ),
        (
            Vec::new(),
            "have arXiv categories the form does not write (arXiv's current form writes none, the older listing only the first): importing the export leaves them out",
        ),
        (
            Vec::new(),
            "have a title of several lines, which the form writes on one line",
        ),
        (
            Vec::new(),
            "have an arXiv version the form does not write (with neither an announce type nor a category, a paper is written with its plain title): importing the export leaves it out",
        ),
    ];
    for paper in digest.papers.iter().map(|&i| &site.papers[i]) {
        let imported_id = match &paper.arxiv {
            Some(meta) => Some(arxiv::paper_id_of(&meta.id)),
            None => crate::import::paper_id_of_title(&english_title(paper)),
        };
        if imported_id.as_deref() != Some(paper.id.as_str()) {
            kinds[0].0.push(&paper.id);
        }
        if paper.summary.0.len() > 1 {
            kinds[1].0.push(&paper.id);
        }
        let categories = paper.arxiv.as_ref().map_or(0, |a| a.categories.len());
        let written = match ListingForm::of(paper) {
            ListingForm::Announced { .. } => 0,
            ListingForm::OldListing { .. } => 1,
            ListingForm::Plain => categories,
        };
        if categories > written {
            kinds[2].0.push(&paper.id);
        }
        if title_of_lines(paper) {
            kinds[3].0.push(&paper.id);
        }
        if matches!(ListingForm::of(paper), ListingForm::Plain)
            && paper.arxiv.as_ref().is_some_and(|a| a.version.is_some())
        {
            kinds[4].0.push(&paper.id);
        }
    }
    let mut warnings = Diagnostics::new();
    for (ids, what) in kinds.into_iter().filter(|(ids, _)| !ids.is_empty()) {
        let shown: Vec<&str> = ids.iter().take(3).copied().collect();
        let more = match ids.len() - shown.len() {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        warnings.push(
            Diagnostic::file_warning(
                &digest.source,
                format!("{} of its papers ({}{more}) {what}", ids.len(), shown.join(", ")),
            )
            .with_hint("the paper files keep everything: `export jsonl` writes every field, and importing it gives back the same files"),
        );
    }
    warnings
}

/// The digest `name` (slug, or a path whose file stem is the slug), or the latest one.
pub(crate) fn find_digest<'a>(
    site: &'a Site,
    name: Option<&str>,
) -> Result<&'a Digest, Diagnostics> {
    let Some(name) = name else {
        return site.digests.first().ok_or_else(|| {
            Diagnostic::file_error(Path::new("content/digests"), "the site has no digests")
                .with_hint("import a Markdown digest, or write content/digests/<slug>.md listing paper ids")
                .into()
        });
    };
    // A slug as written (`2401.00001` has a dot, not an extension), else a file's stem.
    let is_file = name.ends_with(".md") || name.contains(['/', '\\']);
    let slug = match is_file {
        true => Path::new(name)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or(name),
        false => name,
    };
    site.digests.iter().find(|d| d.slug == slug).ok_or_else(|| {
        let known: Vec<&str> = site.digests.iter().map(|d| d.slug.as_str()).collect();
        let shown = known
            .iter()
            .take(10)
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        Diagnostic::file_error(Path::new(name), format!("no digest is named `{name}`"))
            .with_hint(match known.len() {
                0 => "the site has no digests".to_string(),
                n if n > 10 => format!(
                    "the site's digests are {shown} and {} more (content/digests/ lists them)",
                    n - 10
                ),
                _ => format!("the site's digests are: {shown}"),
            })
            .into()
    })
}

/// The digest in the seed's Markdown form.
pub(crate) fn digest_markdown(site: &Site, digest: &Digest) -> String {
    let papers: Vec<&Paper> = digest.papers.iter().map(|&i| &site.papers[i]).collect();
    let mut out = String::new();
    out.push_str("# 摘要\n\n| Ref | Title | Summary |\n| --- | --- | --- |\n");
    for (n, paper) in papers.iter().enumerate() {
        let form = ListingForm::of(paper);
        let title = table_cell(&form.table_title(&english_title(paper)));
        // A `|` of the address would end the cell: escaped as in the title.
        let title = match &paper.url {
            Some(url) => format!("[{title}]({})", url.replace('|', "\\|")),
            None => title,
        };
        let _ = writeln!(
            out,
            "| [^{}] | {title} | {} |",
            n + 1,
            table_cell(summary(paper))
        );
    }
    out.push_str("\n# 详细\n\n");
    for (n, paper) in papers.iter().enumerate() {
        let form = ListingForm::of(paper);
        let translated_title = lines_joined(paper.title.get(TRANSLATION_LANGUAGE).unwrap_or(""));
        let _ = writeln!(out, "[^{}]: {translated_title}", n + 1);
        out.push('\n');
        let url = paper.url.as_deref().unwrap_or("");
        let english = paper.abstract_text.get("en").unwrap_or("");
        let paragraphs = [
            form.details_title(&english_title(paper)),
            format!("[{url}]({url})"),
            // The details' summary is the translated one; without it the paragraph is left
            // out (the table's summary says the other, and import reads its language).
            paper
                .summary
                .get(TRANSLATION_LANGUAGE)
                .unwrap_or("")
                .to_string(),
            // The seed keeps an empty paragraph between the summary and the abstracts.
            String::new(),
            paper
                .abstract_text
                .get(TRANSLATION_LANGUAGE)
                .unwrap_or("")
                .to_string(),
            form.abstract_line(english),
        ];
        for (i, paragraph) in paragraphs.iter().enumerate() {
            if paragraph.is_empty() && i != 3 {
                continue;
            }
            for line in paragraph.split('\n') {
                let _ = writeln!(out, "    {line}");
            }
            if i + 1 < paragraphs.len() {
                out.push('\n');
            }
        }
        out.push_str("    \n");
    }
    out.push('\n');
    out
}

fn english_title(paper: &Paper) -> std::borrow::Cow<'_, str> {
    lines_joined(paper.title.get("en").unwrap_or(""))
}

/// A title on one line, as the form holds it: its lines joined by a space (a title of two
/// lines lost its second on import, or made the import refuse the file).
fn lines_joined(title: &str) -> std::borrow::Cow<'_, str> {
    if title.contains(['\n', '\r']) {
        title
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
            .into()
    } else {
        title.into()
    }
}

/// Whether a paper's title is of several lines, which the form writes on one.
fn title_of_lines(paper: &Paper) -> bool {
    paper
        .title
        .0
        .iter()
        .any(|(_, t)| t.trim().contains(['\n', '\r']))
}

fn summary(paper: &Paper) -> &str {
    paper
        .summary
        .get(TRANSLATION_LANGUAGE)
        .or_else(|| paper.summary.0.first().map(|(_, t)| t.as_str()))
        .unwrap_or("")
}

/// `|` would end a table cell, and a line break would end the row.
fn table_cell(text: &str) -> String {
    crate::import::one_line(text).replace('|', "\\|")
}

/// How arXiv listed a paper: with an announce type (the current form) or without (the
/// older listing, with the category in the title).
enum ListingForm<'a> {
    Announced {
        versioned: String,
        announce: &'a str,
    },
    OldListing {
        versioned: String,
        category: Option<&'a str>,
    },
    /// Not on arXiv, or on arXiv with neither an announce type nor a category.
    Plain,
}

impl<'a> ListingForm<'a> {
    fn of(paper: &'a Paper) -> Self {
        let Some(arxiv) = &paper.arxiv else {
            return ListingForm::Plain;
        };
        let versioned = arxiv::versioned(&arxiv.id, arxiv.version);
        match arxiv.announce.as_deref() {
            Some(announce) => ListingForm::Announced {
                versioned,
                announce,
            },
            // Nothing to list: the plain title and the bare abstract.
            None if arxiv.categories.is_empty() => ListingForm::Plain,
            None => ListingForm::OldListing {
                versioned,
                category: arxiv.categories.first().map(String::as_str),
            },
        }
    }

    fn table_title(&self, title: &str) -> String {
        match self {
            ListingForm::OldListing { .. } => format!("{title}."),
            _ => title.to_string(),
        }
    }

    fn details_title(&self, title: &str) -> String {
        match self {
            ListingForm::OldListing {
                versioned,
                category,
            } => arxiv::old_listing_title(title, versioned, *category),
            _ => title.to_string(),
        }
    }

    fn abstract_line(&self, text: &str) -> String {
        match self {
            ListingForm::Announced {
                versioned,
                announce,
            } => arxiv::announcement(versioned, announce, text),
            _ => text.to_string(),
        }
    }
}
