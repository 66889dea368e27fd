//! Incremental rebuilds: applying an edit of one paper file to an existing [`Site`] and
//! naming the outputs that edit touches.
//!
//! Only edits that leave the site's structure alone are applied in place: the paper keeps
//! its id, date, tags (with their spelling), arXiv categories and draft state, so the
//! order of papers, the pagination of every table and the set of pages stay as they were. Anything else is
//! reported as [`PaperEdit::NeedsFullRebuild`] and the caller rebuilds the whole site.
//! The outputs named here re-render to exactly the bytes a clean build would give; every
//! other output is unchanged by construction.

use std::path::Path;

use crate::diagnostic::Diagnostics;
use crate::lint::lint_paper;
use crate::load::{LoadedContent, LoadedFile, load_file};
use crate::model::{Pagination, Site, TablePage};
use crate::render::{Output, coverage_of, list_feed_length, site_feed_length};
use crate::rules::{parse_date, tag_slug};
use crate::sources::ContentKind;
use crate::validate::validate_paper;

/// What an edit of one paper file did to the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PaperEdit {
    /// The paper was updated in place; these outputs must be rendered again.
    Updated {
        /// Index of the paper in `Site::papers`.
        paper: usize,
        outputs: Vec<Output>,
        warnings: Diagnostics,
    },
    /// The file parses to exactly the paper the site already has.
    Unchanged,
    /// The edit changes the site's structure (or the file is not a paper of this site).
    NeedsFullRebuild,
}

/// Re-reads the paper file at `path` (absolute, under the site root) and, when the edit is
/// safe to apply in place, updates `site` and names the outputs to render again.
///
/// Errors are the file's own diagnostics (parse and per-file validation); `site` is left
/// untouched then. Cross-file rules cannot be broken by an in-place edit, because the id,
/// which they are about, must stay the same. The warnings are those a full load gives
/// about the file (validation and lint). The links of the paper's notes are the caller's
/// to check ([`crate::links::check_paper_links`]): they need the site's files.
pub(crate) fn reload_paper(
    site: &mut Site,
    path: &Path,
    drafts: bool,
) -> Result<PaperEdit, Diagnostics> {
    let root = site.config.root.clone();
    let doc = match load_file(&root, path, ContentKind::Paper)? {
        LoadedFile::Paper(doc) => doc,
        LoadedFile::Digest(_) | LoadedFile::Page(_) => return Ok(PaperEdit::NeedsFullRebuild),
    };
    let mut warnings = validate_paper(&site.config, &doc);
    if warnings.has_errors() {
        return Err(warnings);
    }
    let Some(&index) = site.paper_index.get(&doc.front.id) else {
        return Ok(PaperEdit::NeedsFullRebuild);
    };
    let old = &site.papers[index];
    if old.source != doc.path
        || (doc.front.draft && !drafts)
        || doc.front.date.as_deref().and_then(parse_date) != old.date
    {
        return Ok(PaperEdit::NeedsFullRebuild);
    }
    let Some(tags) = same_tags(site, &doc.front.tags, &old.tags) else {
        return Ok(PaperEdit::NeedsFullRebuild);
    };
    // Categories group the digests' papers and name pages: a change rebuilds all.
    let categories_of = |a: Option<&crate::frontmatter::ArxivMeta>| {
        a.map(|a| a.categories.clone()).unwrap_or_default()
    };
    if categories_of(doc.front.arxiv.as_ref()) != categories_of(old.arxiv.as_ref()) {
        return Ok(PaperEdit::NeedsFullRebuild);
    }
    let categories = old.categories.clone();
    let digests = old.digests.clone();

    // The warnings a full build would give about this paper.
    warnings.extend(lint_paper(&site.config, &doc));
    warnings.sort();
    let content = LoadedContent {
        papers: vec![doc],
        ..LoadedContent::default()
    };

    // The model's own conversion, on a one-paper site, so that the paper is built exactly
    // as a full build would build it; only the links into the whole site are carried over.
    let single = Site::build(site.config.clone(), content, true);
    let Some(mut paper) = single.papers.into_iter().next() else {
        return Ok(PaperEdit::NeedsFullRebuild);
    };
    paper.tags = tags;
    paper.categories = categories;
    paper.digests = digests;
    if paper == site.papers[index] {
        return Ok(PaperEdit::Unchanged);
    }
    let languages = &site.config.languages;
    let coverage_kept =
        coverage_of(&paper, languages) == coverage_of(&site.papers[index], languages);
    site.papers[index] = paper;
    let mut outputs = outputs_showing_paper(site, index);
    if coverage_kept {
        outputs.retain(|o| *o != Output::Stats);
    }
    Ok(PaperEdit::Updated {
        paper: index,
        outputs,
        warnings,
    })
}

/// The tag indices of `new_tags` when they name the same tags, spelled as the site spells
/// them, in the same order as `old_tags`; `None` when the tags changed in any way that
/// could change a tag page, the tag list or a tag's name.
fn same_tags(site: &Site, new_tags: &[String], old_tags: &[usize]) -> Option<Vec<usize>> {
    let mut indices: Vec<usize> = Vec::with_capacity(new_tags.len());
    for name in new_tags {
        let slug = tag_slug(name);
        let t = site
            .tags
            .binary_search_by(|tag| tag.slug.as_str().cmp(slug.as_str()))
            .ok()?;
        if site.tags[t].name != *name {
            return None;
        }
        if !indices.contains(&t) {
            indices.push(t);
        }
    }
    (indices == old_tags).then_some(indices)
}

/// Every output that shows something of paper `index` (the statistics page among them: it
/// counts the paper's texts), named directly: filtering the whole plan took 7–12 ms of
/// every edit at 100,000 papers. `shows_paper` says the same of each output of the plan,
/// and a test holds the two together.
pub(crate) fn outputs_showing_paper(site: &Site, index: usize) -> Vec<Output> {
    let places = places_of(site, index);
    let paper = &site.papers[index];
    let mut outputs = vec![
        Output::Paper(index),
        Output::Index(site.index_pages().page_of(index)),
        Output::Stats,
    ];
    if in_site_feed(site, index) {
        outputs.push(Output::Atom);
    }
    for &(t, page, in_feed) in &places.tags {
        outputs.push(Output::Tag(t, page));
        if in_feed {
            outputs.push(Output::TagAtom(t));
        }
    }
    for &(c, page, in_feed) in &places.categories {
        outputs.push(Output::Category(c, page));
        if in_feed {
            outputs.push(Output::CategoryAtom(c));
        }
    }
    for &d in &paper.digests {
        outputs.extend([
            Output::Digest(d),
            Output::DigestBib(d),
            Output::DigestAtom(d),
        ]);
    }
    outputs.sort_unstable();
    outputs.dedup();
    outputs
}

/// [`outputs_showing_paper`] the slow way, from the whole plan: what the test compares it
/// with.
#[cfg(test)]
fn outputs_showing_paper_by_plan(site: &Site, index: usize) -> Vec<Output> {
    let places = places_of(site, index);
    // Static files show no paper, so they need not be listed.
    let mut outputs: Vec<Output> = crate::render::plan(site, &[])
        .0
        .into_iter()
        .filter(|output| shows_paper(site, output, index, &places))
        .collect();
    outputs.sort_unstable();
    outputs
}

/// Whether the site's feed lists paper `index` (papers are ordered newest first).
fn in_site_feed(site: &Site, index: usize) -> bool {
    index < site_feed_length(site)
}

fn places_of(site: &Site, index: usize) -> Places {
    let paper = &site.papers[index];
    // Where the paper stands in each of its tags' and categories' lists, found once: a
    // category of a large site lists tens of thousands of papers on hundreds of pages, and
    // looking the paper up again for each page took most of an edit's time at 100,000
    // papers. A place in one list: the list's index, the paper's table page there,
    // whether the list's feed names it (tags and categories are paged and fed alike).
    let place = |list: usize, papers: &[usize]| {
        let position = papers.iter().position(|&p| p == index)?;
        Some((
            list,
            Pagination::new(papers.len(), site.config.per_page).page_of(position),
            position < list_feed_length(site, papers),
        ))
    };
    Places {
        tags: paper
            .tags
            .iter()
            .filter_map(|&t| place(t, &site.tags[t].papers))
            .collect(),
        categories: paper
            .categories
            .iter()
            .filter_map(|&c| place(c, &site.categories[c].papers))
            .collect(),
    }
}

/// The paper's place in each of its tags and categories: the list's index, the table page
/// it is on, whether the list's feed names it.
struct Places {
    tags: Vec<(usize, TablePage, bool)>,
    categories: Vec<(usize, TablePage, bool)>,
}

#[cfg(test)]
impl Places {
    fn on_page(list: &[(usize, TablePage, bool)], of: usize, page: &TablePage) -> bool {
        list.iter().any(|(i, p, _)| *i == of && p == page)
    }

    fn in_feed(list: &[(usize, TablePage, bool)], of: usize) -> bool {
        list.iter().any(|(i, _, in_feed)| *i == of && *in_feed)
    }
}

/// Whether `output` may show something of paper `index` that an in-place edit can change
/// (text, authors, links; not its id, date, tags or categories, which an in-place edit
/// keeps).
///
/// Every kind of output is named, so a new one needs a decision here (when in doubt,
/// `true`: rendered again after every edit, never stale, only slower).
#[cfg(test)]
fn shows_paper(site: &Site, output: &Output, index: usize, places: &Places) -> bool {
    match output {
        Output::Paper(i) => *i == index,
        Output::Index(n) => *n == site.index_pages().page_of(index),
        Output::Tag(t, n) => Places::on_page(&places.tags, *t, n),
        Output::Category(c, n) => Places::on_page(&places.categories, *c, n),
        Output::CategoryAtom(c) => Places::in_feed(&places.categories, *c),
        Output::Digest(d) | Output::DigestBib(d) | Output::DigestAtom(d) => {
            site.digests[*d].papers.contains(&index)
        }
        Output::Atom => in_site_feed(site, index),
        Output::TagAtom(t) => Places::in_feed(&places.tags, *t),
        // The statistics page counts which texts each paper has (the caller drops it when
        // an edit keeps them).
        Output::Stats => true,
        // Lists of digests, tags and categories show titles, dates and counts; the sitemap
        // shows ids and dates; the theme's files are the theme's; the rest (the reading
        // list's script reads the paper pages) shows no paper at all.
        Output::DigestList
        | Output::TagList
        | Output::CategoryList
        | Output::ReadingList
        | Output::Sitemap
        | Output::SitemapPart(_)
        | Output::Page(_)
        | Output::Alias(..)
        | Output::NotFound
        | Output::Robots
        | Output::NoJekyll
        | Output::Labels
        | Output::ThemeAsset(_)
        | Output::UserStatic(_)
        | Output::Cname => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TablePage;
    use crate::pipeline::{BuildOptions, load_site};

    fn paper(id: &str, date: &str, summary: &str, tags: &str) -> String {
        format!(
            "---\nid: \"{id}\"\ntitle: {{ en: Paper {id} }}\nsummary: {{ en: \"{summary}\" }}\ndate: {date}\ntags: {tags}\n---\nNotes.\n"
        )
    }

    /// A site of three papers (per_page 1) and a digest listing the newest one.
    fn site() -> (tempfile::TempDir, Site) {
        crate::pipeline::site_of_files(&[
            ("site.yaml", "title: T\nper_page: 1\nlanguages: [en]\n"),
            (
                "content/papers/a.md",
                &paper("2401.00001", "2024-01-01", "A", "[LLM, vision]"),
            ),
            (
                "content/papers/b.md",
                &paper("2401.00002", "2024-01-02", "B", "[LLM]"),
            ),
            (
                "content/papers/c.md",
                &paper("2401.00003", "2024-01-03", "C", "[vision]"),
            ),
            (
                "content/digests/d.md",
                "---\ndate: 2024-01-03\npapers: [\"2401.00003\", \"2401.00001\"]\n---\n",
            ),
        ])
    }

    #[test]
    fn a_text_edit_is_applied_in_place_with_the_pages_that_show_it() {
        let (dir, mut site) = site();
        let path = dir.path().join("content/papers/a.md");
        std::fs::write(
            &path,
            paper("2401.00001", "2024-01-01", "A2", "[LLM, vision]"),
        )
        .unwrap();
        let edit = reload_paper(&mut site, &path, false).unwrap();
        // Newest first: a is the third paper, the oldest, on page 1 of the table (pages are
        // numbered from the oldest; the home page shows the newest); second of `llm` and of
        // `vision`, so on page 1 of each; listed by the only digest.
        let PaperEdit::Updated { paper, outputs, .. } = edit else {
            panic!("expected an in-place update, got {edit:?}");
        };
        assert_eq!(paper, 2);
        assert_eq!(site.papers[2].summary.get("en"), Some("A2"));
        let llm = site.tags.iter().position(|t| t.slug == "llm").unwrap();
        let vision = site.tags.iter().position(|t| t.slug == "vision").unwrap();
        for expected in [
            Output::Paper(2),
            Output::Index(TablePage::Numbered(1)),
            Output::Tag(llm, TablePage::Numbered(1)),
            Output::Tag(vision, TablePage::Numbered(1)),
            Output::Digest(0),
            Output::Atom,
            Output::DigestBib(0),
            Output::DigestAtom(0),
            Output::TagAtom(llm),
            Output::TagAtom(vision),
        ] {
            assert!(
                outputs.contains(&expected),
                "{expected:?} missing from {outputs:?}"
            );
        }
        for untouched in [
            // The summary changed and no text came or went: the statistics are the same.
            Output::Stats,
            Output::ThemeAsset(0),
            Output::Paper(0),
            Output::Paper(1),
            Output::Index(TablePage::Newest),
            Output::Index(TablePage::Numbered(2)),
            Output::Tag(llm, TablePage::Newest),
            Output::DigestList,
            Output::TagList,
            Output::Sitemap,
            Output::NotFound,
        ] {
            assert!(
                !outputs.contains(&untouched),
                "{untouched:?} rendered again"
            );
        }
        assert_eq!(
            reload_paper(&mut site, &path, false).unwrap(),
            PaperEdit::Unchanged
        );
    }

    #[test]
    fn an_edit_that_adds_or_removes_a_text_renders_the_statistics_again() {
        let (dir, mut site) = site();
        let path = dir.path().join("content/papers/a.md");
        let without_summary = paper("2401.00001", "2024-01-01", "A", "[LLM, vision]")
            .replace("summary: { en: \"A\" }\n", "");
        std::fs::write(&path, &without_summary).unwrap();
        let PaperEdit::Updated { outputs, .. } = reload_paper(&mut site, &path, false).unwrap()
        else {
            panic!("expected an in-place update");
        };
        assert!(outputs.contains(&Output::Stats), "{outputs:?}");
    }

    /// The outputs named directly are those the whole plan has that show the paper.
    #[test]
    fn the_outputs_named_are_the_plans_that_show_the_paper() {
        // The three papers above (tags, table pages of one row), and the repository's
        // demo site (arXiv categories, a digest of seven papers).
        let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let demo = load_site(&demo, &BuildOptions::default()).unwrap().site;
        let (_dir, small) = site();
        for site in [small, demo] {
            assert!(!site.papers.is_empty());
            for index in 0..site.papers.len() {
                assert_eq!(
                    outputs_showing_paper(&site, index),
                    outputs_showing_paper_by_plan(&site, index),
                    "paper {index}"
                );
            }
        }
    }

    #[test]
    fn an_in_place_edit_has_the_warnings_of_a_full_load() {
        let (dir, mut site) = site();
        let path = dir.path().join("content/papers/a.md");
        let text = paper(
            "2401.00001",
            "2024-01-01",
            "Broken $\\\\frac{a$ math",
            "[LLM, vision]",
        );
        std::fs::write(&path, &text).unwrap();
        let full = load_site(dir.path(), &BuildOptions::default())
            .unwrap()
            .warnings;
        assert_eq!(full.len(), 1, "{full:?}");
        let edit = reload_paper(&mut site, &path, false).unwrap();
        let PaperEdit::Updated { warnings, .. } = edit else {
            panic!("expected an in-place update, got {edit:?}");
        };
        assert_eq!(warnings, full);
    }

    #[test]
    fn structural_edits_need_a_full_rebuild() {
        let (dir, mut site) = site();
        let path = dir.path().join("content/papers/a.md");
        for text in [
            paper("2401.00001", "2024-01-05", "A", "[LLM, vision]"), // date: order changes
            paper("2401.00001", "2024-01-01", "A", "[LLM]"),         // a tag less
            paper("2401.00001", "2024-01-01", "A", "[llm, vision]"), // the tag's name could change
            paper("2401.00001", "2024-01-01", "A", "[vision, LLM]"), // tag order on the page
            paper("2401.00009", "2024-01-01", "A", "[LLM, vision]"), // another id
            // A category: it groups the digest's papers and has a page.
            paper("2401.00001", "2024-01-01", "A", "[LLM, vision]").replace(
                "tags:",
                "arxiv: { id: \"2401.00001\", categories: [cs.CV] }\ntags:",
            ),
        ] {
            std::fs::write(&path, &text).unwrap();
            assert_eq!(
                reload_paper(&mut site, &path, false).unwrap(),
                PaperEdit::NeedsFullRebuild,
                "{text}"
            );
        }
        std::fs::write(&path, "---\nid: [\n---\n").unwrap();
        assert!(reload_paper(&mut site, &path, false).is_err());
        assert_eq!(site.papers[2].summary.get("en"), Some("A"));
    }
}
