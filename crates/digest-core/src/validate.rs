//! Validation: every rule a loaded site must satisfy before it is modelled (SPEC §2, §4).
//!
//! Checks are per file (ids, dates, URLs, languages) and across files (duplicate ids,
//! digests listing papers that do not exist). Nothing here changes the content: the
//! result is a list of diagnostics, and the build stops when it holds an error.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::arxiv::{ANNOUNCE_TYPES, is_arxiv_id};
use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::frontmatter::BilingualText;
use crate::load::{Document, LoadedContent};
use crate::locate;
use crate::rules::{alias_file, category_slug, is_slug, parse_date, tag_slug};

/// Folder names the site's own pages use, and names of the files it writes at the top of
/// the output (a page there would be a folder in their place); a free page cannot take them.
pub const RESERVED_PAGE_SLUGS: &[&str] = &[
    "index.html",
    "404.html",
    "atom.xml",
    "sitemap.xml",
    "robots.txt",
    "CNAME",
    "papers",
    "digests",
    "tags",
    "categories",
    "stats",
    "page",
    "assets",
    "search",
    "reading-list",
];

/// The papers digests list that are drafts, which a build without `--drafts` leaves out
/// of them: a warning at each entry, so that a paper is not missing from a digest unsaid.
pub fn drafts_in_digests(content: &LoadedContent) -> Diagnostics {
    let drafts: std::collections::HashSet<&str> = content
        .papers
        .iter()
        .filter(|p| p.front.draft)
        .map(|p| p.front.id.as_str())
        .collect();
    let mut diags = Diagnostics::new();
    if drafts.is_empty() {
        return diags;
    }
    for doc in &content.digests {
        let entries = Entries::new(doc, "papers", &doc.front.papers);
        for (index, id) in doc.front.papers.iter().enumerate() {
            if drafts.contains(id.as_str()) {
                let mut d = entries
                    .error(index, format!("paper `{id}` is a draft: the digest leaves it out"))
                    .with_hint("set `draft: false` in the paper to publish it, or build with --drafts to see it");
                d.severity = Severity::Warning;
                diags.push(d);
            }
        }
    }
    diags
}

/// Runs every check over the loaded content.
pub fn validate(config: &SiteConfig, content: &LoadedContent) -> Diagnostics {
    let per_paper: Vec<Diagnostics> = content
        .papers
        .par_iter()
        .map(|doc| validate_paper(config, doc))
        .collect();
    let mut diags = validate_across(config, content);
    for d in per_paper {
        diags.extend(d);
    }
    diags.sort();
    diags
}

/// Every check but those of each paper file on its own ([`validate_paper`]): ids across
/// papers, and the digests and free pages. A paper whose front matter was let go after its
/// own checks (see `load`) is read again to place an error about its id.
pub fn validate_across(config: &SiteConfig, content: &LoadedContent) -> Diagnostics {
    let mut diags = Diagnostics::new();

    // Duplicate ids: name both files.
    let root = &config.root;
    let mut first_by_id: HashMap<&str, &Document<_>> = HashMap::with_capacity(content.papers.len());
    for doc in &content.papers {
        if let Some(first) = first_by_id.get(doc.front.id.as_str()) {
            let (first, doc) = (first.with_front_yaml(root), doc.with_front_yaml(root));
            let first_line = first
                .file_position(locate::top_level_key(&first.front_yaml, "id").unwrap_or((1, 1)));
            diags.push(
                doc.error_at_key("id", format!("duplicate paper id `{}`", doc.front.id))
                    .with_hint(format!(
                        "`{}` is already the id of {}:{}:{}; ids must be unique",
                        doc.front.id,
                        first.path.display(),
                        first_line.0,
                        first_line.1
                    )),
            );
        } else {
            first_by_id.insert(doc.front.id.as_str(), doc);
        }
    }
    // Ids that differ only in case: their pages would be one folder on file systems that
    // ignore case (macOS, Windows).
    let mut first_by_folded: HashMap<String, &crate::load::PaperDocument> = HashMap::new();
    for doc in &content.papers {
        let id = doc.front.id.as_str();
        match first_by_folded.get(&id.to_lowercase()) {
            Some(first) if first.front.id != id => {
                let (first, doc) = (first.with_front_yaml(root), doc.with_front_yaml(root));
                let first_line = first.file_position(
                    locate::top_level_key(&first.front_yaml, "id").unwrap_or((1, 1)),
                );
                diags.push(
                    doc.error_at_key(
                        "id",
                        format!("paper id `{id}` differs from `{}` only in case", first.front.id),
                    )
                    .with_hint(format!(
                        "`{}` is the id of {}:{}:{}; on macOS and Windows, which ignore case in file names, papers/{}/ and papers/{id}/ would be one folder: change one of the ids",
                        first.front.id,
                        first.path.display(),
                        first_line.0,
                        first_line.1,
                        first.front.id,
                    )),
                );
            }
            Some(_) => {}
            None => {
                first_by_folded.insert(id.to_lowercase(), doc);
            }
        }
    }

    // Two papers of one arXiv paper (`1706.03762` and `1706.03762v2` as ids): their feed
    // entries, whose ids are the arXiv address, would read as one.
    // The first few are located; past them (a generated site that repeats papers) they
    // are counted.
    const LOCATED_REPEATS: usize = 20;
    let mut repeats = 0;
    // By the canonical id: `math.GT/0309136` and `math/0309136` are one paper.
    let mut first_by_arxiv: HashMap<String, &Document<_>> = HashMap::new();
    for doc in &content.papers {
        let Some(arxiv) = doc.front.arxiv.as_ref().filter(|a| !a.id.is_empty()) else {
            continue;
        };
        let canonical = crate::arxiv::canonical_id(&arxiv.id);
        match first_by_arxiv.get(&canonical) {
            Some(_) if repeats >= LOCATED_REPEATS => repeats += 1,
            Some(first) => {
                repeats += 1;
                let doc = doc.with_front_yaml(root);
                let mut d = doc
                    .error_at_key(
                        "arxiv",
                        format!("arXiv:{} is also the paper of {}", arxiv.id, first.path.display()),
                    )
                    .with_hint(
                        "keep one file per arXiv paper (its versions are one paper): feeds and search would show the two as one",
                    );
                d.severity = Severity::Warning;
                diags.push(d);
            }
            None => {
                first_by_arxiv.insert(canonical, doc);
            }
        }
    }
    if repeats > LOCATED_REPEATS {
        diags.push(Diagnostic::file_warning(
            &std::path::Path::new(crate::sources::CONTENT_DIR).join("papers"),
            format!(
                "{} more papers are of an arXiv paper that another file has too",
                repeats - LOCATED_REPEATS
            ),
        ));
    }

    check_aliases(&mut diags, content);
    let near_ids = std::cell::OnceCell::new();
    let mut digest_slugs: HashMap<String, &Document<_>> = HashMap::new();
    for doc in &content.digests {
        if takes_the_lists_place(&doc.stem) {
            diags.push(
                Diagnostic::file_error(
                    &doc.path,
                    format!("a digest cannot be called `{}`", doc.stem),
                )
                .with_hint(format!(
                    "digests/{NAME_BESIDE_FOLDERS} is the site's list of digests; rename the file (the digest's date is a good name: 2024-04-04.md)"
                )),
            );
        } else {
            check_slug(&mut diags, doc, "digest");
        }
        check_unique_slug(&mut diags, &mut digest_slugs, doc, "digest", "digests/");
        check_date(&mut diags, doc, "date", doc.front.date.as_deref());
        check_languages(&mut diags, config, doc, "title", &doc.front.title);
        check_languages(
            &mut diags,
            config,
            doc,
            "description",
            &doc.front.description,
        );
        check_tags(&mut diags, doc, &doc.front.tags);
        // A `papers:` that is not a list was an error where it was read.
        if doc.front.papers.is_empty()
            && !misspelled_key(doc, "papers")
            && !locate::top_level_is_not_a_list(&doc.front_yaml, "papers")
        {
            diags.push(
                doc.error_at_key("papers", "the digest lists no papers")
                    .with_hint("list paper ids, e.g. `papers: [\"2404.02424\"]`"),
            );
        }
        // The entries' places are found once, in one pass, when the first is reported.
        let entries = Entries::new(doc, "papers", &doc.front.papers);
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (index, id) in doc.front.papers.iter().enumerate() {
            let nth = seen.entry(id.as_str()).or_insert(0);
            if *nth > 0 {
                diags.push(
                    entries
                        .error(
                            index,
                            format!("paper `{id}` is listed twice in this digest"),
                        )
                        .with_hint("remove the second entry"),
                );
            } else if !first_by_id.contains_key(id.as_str())
                && !content.unread_papers.contains(id.as_str())
            {
                // An entry copied the arXiv way (`arXiv:2404.02424`, `2404.02424v2`, its
                // abs or pdf link) names the paper whose id is the bare arXiv id.
                let pasted = crate::arxiv::ArxivRef::from_pasted(id);
                // The site's paper of that arXiv id, whatever its file calls it
                // (`hep-th_9901001` for `hep-th/9901001`).
                let of_arxiv = pasted
                    .as_ref()
                    .and_then(|r| Some((first_by_arxiv.get(r.id.as_str())?, r.id.clone())))
                    .map(|(doc, arxiv_id)| (doc.front.id.as_str(), arxiv_id))
                    .filter(|(paper_id, _)| paper_id != id);
                let arxiv = pasted
                    .map(|r| r.paper_id())
                    .filter(|paper_id| paper_id != id);
                let hint = match arxiv {
                    Some(paper_id) if first_by_id.contains_key(paper_id.as_str()) => format!(
                        "did you mean `{paper_id}`? an entry is a paper's id, without `arXiv:`, a version or a link"
                    ),
                    Some(_) if let Some((paper_id, arxiv_id)) = of_arxiv => format!(
                        "did you mean `{paper_id}`, the id of the site's paper of arXiv:{arxiv_id}? an entry is a paper's id (the `id:` of its file)"
                    ),
                    Some(paper_id) => format!(
                        "an entry is a paper's id: write `{paper_id}`, and add content/papers/{paper_id}.md (`digest-site new {paper_id}`)"
                    ),
                    None if !is_slug(id) => {
                        // `papers/x.md`, `x.md`: the file's path where its id goes.
                        let stem = id
                            .rsplit('/')
                            .next()
                            .unwrap_or(id)
                            .trim_end_matches(".md")
                            .trim_end_matches(".MD");
                        if stem != id && first_by_id.contains_key(stem) {
                            format!(
                                "did you mean `{stem}`? an entry is a paper's id (the `id:` of its file), not a file's path"
                            )
                        } else {
                            "an entry is a paper's id (the `id:` of its file in content/papers/): fix it or remove it".to_string()
                        }
                    }
                    None if id.ends_with(".md") => {
                        let stem = id.trim_end_matches(".md");
                        if first_by_id.contains_key(stem) {
                            format!(
                                "did you mean `{stem}`? an entry is a paper's id (the `id:` of its file), without `.md`"
                            )
                        } else {
                            format!(
                                "an entry is a paper's id (the `id:` of its file), without `.md`: write `{stem}`, and add a paper with that id (`digest-site new {stem}`)"
                            )
                        }
                    }
                    None => {
                        let suggestion = near_ids
                            .get_or_init(|| NearIds::new(first_by_id.keys().copied()))
                            .closest(id)
                            .map(|s| format!("did you mean `{s}`? "));
                        format!(
                            "{}add content/papers/{id}.md or remove the entry",
                            suggestion.unwrap_or_default()
                        )
                    }
                };
                diags.push(
                    entries
                        .error(index, format!("no paper has the id `{id}`"))
                        .with_hint(hint),
                );
            }
            *nth += 1;
        }
    }

    let mut page_slugs: HashMap<String, &Document<_>> = HashMap::new();
    for doc in &content.pages {
        check_slug(&mut diags, doc, "page");
        // Case too: `Papers/` is the site's `papers/` on macOS and Windows.
        if let Some(reserved) = RESERVED_PAGE_SLUGS
            .iter()
            .find(|r| r.eq_ignore_ascii_case(&doc.stem))
        {
            let case = if *reserved == doc.stem {
                String::new()
            } else {
                format!(
                    "on macOS and Windows, which ignore case in file names, {}/ would be the site's {reserved}/; ",
                    doc.stem
                )
            };
            diags.push(
                Diagnostic::file_error(
                    &doc.path,
                    format!("a page cannot be called `{}`", doc.stem),
                )
                .with_hint(format!(
                    "{case}these names are used by the site itself: {}; rename the file",
                    RESERVED_PAGE_SLUGS.join(", ")
                )),
            );
        }
        check_date(&mut diags, doc, "date", doc.front.date.as_deref());
        check_languages(&mut diags, config, doc, "title", &doc.front.title);
        if doc.front.title.is_empty() && !misspelled_key(doc, "title") {
            diags.push(
                doc.error_at((1, 1), "the page has no title")
                    .with_hint("add `title: { zh: 关于, en: About }`"),
            );
        }
        check_unique_slug(&mut diags, &mut page_slugs, doc, "page", "");
    }
    diags
}

/// The checks of one paper file on its own.
pub fn validate_paper(
    config: &SiteConfig,
    doc: &Document<crate::frontmatter::PaperFrontMatter>,
) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let fm = &doc.front;
    if !is_slug(&fm.id) {
        diags.push(
            doc.error_at_key("id", match fm.id.len() > crate::rules::MAX_SLUG_LEN {
                true => format!("the paper id is {} characters long, too long to name its page's folder", fm.id.chars().count()),
                false => format!("`{}` is not a valid paper id{}", fm.id, first_not_in_slug(&fm.id)),
            }).with_hint(
                format!("an id is the URL of the paper's page: {} (write old arXiv ids such as hep-th/9901001 as hep-th-9901001)", crate::rules::SLUG_RULE),
            ),
        );
    }
    // A misspelt `title:` is reported as an unknown field that names `title`.
    if fm.title.is_empty() && !misspelled_key(doc, "title") {
        let d = if locate::top_level_key(&doc.front_yaml, "title").is_some() {
            doc.error_at_key("title", "the title is empty")
        } else {
            doc.error_at((1, 1), "missing field `title`")
        };
        diags.push(d.with_hint("give at least one language, e.g. `title: { en: ..., zh: ... }`"));
    }
    check_languages(&mut diags, config, doc, "title", &fm.title);
    check_languages(&mut diags, config, doc, "summary", &fm.summary);
    check_languages(&mut diags, config, doc, "abstract", &fm.abstract_text);
    for (key, text) in fm.analysis.iter().flat_map(|a| a.fields()) {
        check_languages_at(&mut diags, config, doc, &["analysis", key], text);
    }
    check_date(&mut diags, doc, "date", fm.date.as_deref());
    if let Some(url) = &fm.url
        && let Err(msg) = check_link(url, false)
    {
        diags.push(
            doc.error_at_key("url", msg)
                .with_hint("write an absolute http:// or https:// URL"),
        );
    }
    for (name, url) in &fm.links {
        if let Err(msg) = check_link(url, true) {
            let pos = locate::nested_key(&doc.front_yaml, "links", name).unwrap_or((1, 1));
            diags.push(
                doc.error_at(pos, msg)
                    .with_hint("links must be http://, https:// or mailto: URLs"),
            );
        }
    }
    if let Some(arxiv) = &fm.arxiv {
        if let Some(announce) = &arxiv.announce
            && !ANNOUNCE_TYPES.contains(&announce.as_str())
        {
            let pos = locate::nested_key(&doc.front_yaml, "arxiv", "announce").unwrap_or((1, 1));
            diags.push(
                doc.error_at(pos, format!("unknown announce type `{announce}`"))
                    .with_hint("use one of: new, cross, replace, replace-cross"),
            );
        }
        if !is_arxiv_id(&arxiv.id) {
            let pos = locate::nested_key(&doc.front_yaml, "arxiv", "id").unwrap_or((1, 1));
            diags.push(
                doc.error_at(pos, format!("`{}` is not an arXiv identifier", arxiv.id))
                    .with_hint("write a new-style id such as 2404.02424 or an old-style one such as hep-th/9901001, without the version"),
            );
        } else if crate::arxiv::canonical_id(&arxiv.id) != arxiv.id {
            let canonical = crate::arxiv::canonical_id(&arxiv.id);
            // `math.GT/0309136` (a subject class, as arXiv's cross-list listings write
            // it) or `HEP-TH/…`: the paper is the same as `math/0309136`, which an import
            // or `new` of it names, so this file would be a second one.
            let pos = locate::nested_key(&doc.front_yaml, "arxiv", "id").unwrap_or((1, 1));
            let mut d = doc
                .error_at(
                    pos,
                    format!("arXiv writes the id `{}` as `{canonical}`", arxiv.id),
                )
                .with_hint(format!(
                    "write `id: {canonical}` under `arxiv:` (and, if the paper's id is `{}`, make it `{}`, the file's name too); a subject class belongs in `arxiv.categories`",
                    crate::arxiv::paper_id_of(&arxiv.id),
                    crate::arxiv::paper_id_of(&canonical)
                ));
            d.severity = Severity::Warning;
            diags.push(d);
        }
        for (key, value) in [("published", &arxiv.published), ("updated", &arxiv.updated)] {
            if let Some(v) = value
                && parse_date(v).is_none()
            {
                let pos = locate::nested_key(&doc.front_yaml, "arxiv", key).unwrap_or((1, 1));
                diags.push(
                    doc.error_at(pos, format!("`{v}` is not a date"))
                        .with_hint(crate::rules::DATE_RULE),
                );
            }
        }
        // A category names a page (`categories/<slug>/`) and a digest's section.
        for category in &arxiv.categories {
            let slug = category_slug(category);
            if slug.is_empty() || takes_the_lists_place(&slug) {
                let pos =
                    locate::nested_key(&doc.front_yaml, "arxiv", "categories").unwrap_or((1, 1));
                let message = if slug.is_empty() {
                    format!("the category `{category}` has no letters or digits")
                } else {
                    format!(
                        "a category cannot be called `{category}`: categories/{NAME_BESIDE_FOLDERS} is the site's list of categories"
                    )
                };
                diags.push(
                    doc.error_at(pos, message)
                        .with_hint("write arXiv categories as arXiv does, e.g. cs.CV or hep-th"),
                );
            }
        }
    }
    check_tags(&mut diags, doc, &fm.tags);
    check_id_agrees(&mut diags, doc);
    check_authors(&mut diags, doc, &fm.authors);
    crate::provenance::validate(config, doc, &mut diags);
    diags
}

/// A warning when a paper's id is an arXiv id and its `arxiv.id` another (a copied file
/// whose `id:` or `arxiv.id` was left as it was): its page and digests would say one paper,
/// its links, BibTeX and feeds the other. An id that is a slug of its own
/// (`attention-is-all-you-need`) with an arXiv id beside it is meant; so is a file named
/// otherwise than its id (the id, not the name, is the paper's: the contract's).
fn check_id_agrees(diags: &mut Diagnostics, doc: &Document<crate::frontmatter::PaperFrontMatter>) {
    let fm = &doc.front;
    if let Some(arxiv) = fm.arxiv.as_ref().filter(|a| is_arxiv_id(&a.id)) {
        let of_arxiv = crate::arxiv::paper_id_of(&arxiv.id);
        // `math.GT/0309136` is `math/0309136`: either paper id names it (the warning
        // about how the id is written is `validate_paper`'s).
        let of_canonical = crate::arxiv::paper_id_of(&crate::arxiv::canonical_id(&arxiv.id));
        // `2404.02424`, or an old-style id as a paper id writes it (`hep-th-9901001`).
        let old_style = fm
            .id
            .rsplit_once('-')
            .map(|(archive, number)| format!("{archive}/{number}"));
        let id_is_arxiv = is_arxiv_id(&fm.id) || old_style.as_deref().is_some_and(is_arxiv_id);
        if id_is_arxiv && of_arxiv != fm.id && of_canonical != fm.id {
            let pos = locate::nested_key(&doc.front_yaml, "arxiv", "id").unwrap_or((1, 1));
            let mut d = doc
                .error_at(
                    pos,
                    format!(
                        "`arxiv.id` is {} but the paper's id is `{}`, another arXiv paper",
                        arxiv.id, fm.id
                    ),
                )
                .with_hint("make the two the same paper: its links, BibTeX and feeds take `arxiv.id`, its page and digests the id");
            d.severity = Severity::Warning;
            diags.push(d);
        }
    }
}

/// What makes `id` no slug, when it is a character a reader could miss: `: it holds
/// U+200B, an invisible character`, `: it holds a space`.
fn first_not_in_slug(id: &str) -> String {
    let Some(c) = id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
    else {
        return String::new();
    };
    match c {
        ' ' => ": it holds a space".to_string(),
        c if c.is_whitespace() || c.is_control() || !c.is_ascii() && unicode_invisible(c) => {
            format!(": it holds U+{:04X}, an invisible character", u32::from(c))
        }
        _ => String::new(),
    }
}

/// Characters that show as nothing and are no whitespace: zero-width spaces and joiners,
/// the byte order mark, soft hyphens, directional marks.
fn unicode_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{ad}' | '\u{202a}'..='\u{202e}')
}

/// The file the site writes in the folder of digests and in that of categories, beside
/// their folders (`digests/index.html` lists the digests): a digest or a category of that
/// name would be a folder in its place. Case is ignored, as macOS and Windows ignore it.
pub const NAME_BESIDE_FOLDERS: &str = "index.html";

/// Whether a digest or a category called `name` would take the place of the list of its
/// folder (see [`NAME_BESIDE_FOLDERS`]).
fn takes_the_lists_place(name: &str) -> bool {
    name.eq_ignore_ascii_case(NAME_BESIDE_FOLDERS)
}

/// The `aliases:` of digests and pages: each a path of the site ([`alias_file`]), none in
/// a place the site writes its own files (`papers/`, `atom.xml`, a page's folder), none
/// twice; each refused at its entry.
fn check_aliases(diags: &mut Diagnostics, content: &LoadedContent) {
    let pages: HashSet<&str> = content.pages.iter().map(|p| p.stem.as_str()).collect();
    let mut taken: HashMap<String, PathBuf> = HashMap::new();
    let mut problem = |doc_path: &Path, alias: &str| -> Option<(String, String)> {
        let file = match alias_file(alias) {
            Ok(file) => file,
            Err(why) => {
                return Some((
                    format!("the alias `{alias}` {why}"),
                    "an alias is a former address of this site, such as /2024/02/05/daily-arxiv.html".into(),
                ));
            }
        };
        let first = file.split('/').next().unwrap_or_default();
        let sites = RESERVED_PAGE_SLUGS
            .iter()
            .any(|r| r.eq_ignore_ascii_case(first))
            || pages.contains(first)
            || (first.starts_with("sitemap") && first.ends_with(".xml"));
        if sites {
            return Some((
                format!("the alias `{alias}` is in the place of the site's own `{first}`"),
                "an alias is a former address, outside the site's own folders and files (papers/, digests/, tags/, categories/, page/, assets/, search/, a page's folder, atom.xml ...)".into(),
            ));
        }
        match taken.get(&file.to_ascii_lowercase()) {
            Some(first) => Some((
                format!("the alias `{alias}` is given twice"),
                format!("{} gives it too; keep one", first.display()),
            )),
            None => {
                taken.insert(file.to_ascii_lowercase(), doc_path.to_path_buf());
                None
            }
        }
    };
    for doc in &content.digests {
        refuse_aliases(diags, doc, &doc.front.aliases, &mut problem);
    }
    for doc in &content.pages {
        refuse_aliases(diags, doc, &doc.front.aliases, &mut problem);
    }
}

/// What is wrong with an alias of the file at a path: its message and hint.
type AliasProblem<'a> = dyn FnMut(&Path, &str) -> Option<(String, String)> + 'a;

/// The errors of the `aliases` of `doc` that `problem` refuses, each at its entry's line
/// and column (found only when one is refused: a search of the front matter per entry
/// made 10,000 aliases take 85 s).
fn refuse_aliases<T>(
    diags: &mut Diagnostics,
    doc: &Document<T>,
    aliases: &[String],
    problem: &mut AliasProblem<'_>,
) {
    let mut items = None;
    for (n, alias) in aliases.iter().enumerate() {
        let Some((message, hint)) = problem(&doc.path, alias) else {
            continue;
        };
        let items =
            items.get_or_insert_with(|| crate::locate::list_items(&doc.front_yaml, "aliases"));
        let at = match items.as_ref().and_then(|items| items.get(n)) {
            Some(item) => doc.error_at((item.line, item.column), message),
            None => doc.error_at_key("aliases", message),
        };
        diags.push(at.with_hint(hint));
    }
}

fn check_slug<T>(diags: &mut Diagnostics, doc: &Document<T>, what: &str) {
    if !is_slug(&doc.stem) {
        diags.push(
            Diagnostic::file_error(
                &doc.path,
                format!("`{}` is not a valid {what} file name", doc.stem),
            )
            .with_hint(format!(
                "the file name is the page's URL: {}",
                crate::rules::SLUG_RULE
            )),
        );
    }
}

/// Reports a file name already taken by another digest (or page), exactly or but for case:
/// on macOS and Windows, which ignore case in file names, both would be one folder.
fn check_unique_slug<'a, T>(
    diags: &mut Diagnostics,
    seen: &mut HashMap<String, &'a Document<T>>,
    doc: &'a Document<T>,
    what: &str,
    folder: &str,
) {
    let folded = doc.stem.to_lowercase();
    match seen.get(&folded) {
        Some(first) if first.stem == doc.stem => diags.push(
            Diagnostic::file_error(&doc.path, format!("duplicate {what} slug `{}`", doc.stem))
                .with_hint(format!(
                    "{} has the same file name; rename one",
                    first.path.display()
                )),
        ),
        Some(first) => diags.push(
            Diagnostic::file_error(
                &doc.path,
                format!(
                    "{what} slug `{}` differs from `{}` only in case",
                    doc.stem, first.stem
                ),
            )
            .with_hint(format!(
                "{} has the same file name but for case; on macOS and Windows, which ignore case in file names, {folder}{}/ and {folder}{}/ would be one folder: rename one of the files",
                first.path.display(),
                first.stem,
                doc.stem
            )),
        ),
        None => {
            seen.insert(folded, doc);
        }
    }
}

/// Whether the front matter has a top-level key that is not `key` but close enough to be
/// a typo of it: that key is already reported as an unknown field naming `key`, so a
/// missing `key` need not be reported again.
fn misspelled_key<T>(doc: &Document<T>, key: &str) -> bool {
    let valid = [key.to_string()];
    locate::top_level_keys(&doc.front_yaml)
        .iter()
        .any(|(k, _)| k != key && crate::yaml::closest(k, &valid).is_some())
}

/// The entries of a top-level list of a document, located in one pass over the front
/// matter when the first of them is reported.
struct Entries<'a, T> {
    doc: &'a Document<T>,
    key: &'a str,
    values: &'a [String],
    items: std::cell::OnceCell<Option<Vec<locate::ListItem<'a>>>>,
}

impl<'a, T> Entries<'a, T> {
    fn new(doc: &'a Document<T>, key: &'a str, values: &'a [String]) -> Self {
        Entries {
            doc,
            key,
            values,
            items: std::cell::OnceCell::new(),
        }
    }

    /// An error at the `index`-th entry (at the list's key when the entries as written
    /// cannot be matched with the values read).
    fn error(&self, index: usize, message: String) -> Diagnostic {
        let items = self.items.get_or_init(|| {
            locate::list_items(&self.doc.front_yaml, self.key).filter(|items| {
                items.len() == self.values.len()
                    && items.iter().zip(self.values).all(|(i, v)| i.value == *v)
            })
        });
        match items.as_ref().and_then(|items| items.get(index)) {
            Some(item) => {
                self.doc
                    .error_on_line((item.line, item.column), item.source_line, message)
            }
            None => self.doc.error_at(
                locate::top_level_key(&self.doc.front_yaml, self.key).unwrap_or((1, 1)),
                message,
            ),
        }
    }
}

fn check_date<T>(diags: &mut Diagnostics, doc: &Document<T>, key: &str, value: Option<&str>) {
    if let Some(v) = value
        && parse_date(v).is_none()
    {
        diags.push(
            doc.error_at_key(key, format!("`{v}` is not a valid date"))
                .with_hint(crate::rules::DATE_RULE),
        );
    }
}

fn check_languages<T>(
    diags: &mut Diagnostics,
    config: &SiteConfig,
    doc: &Document<T>,
    key: &str,
    text: &BilingualText,
) {
    check_languages_at(diags, config, doc, &[key], text);
}

/// [`check_languages`] of the text at `path` (`["analysis", "method"]`).
fn check_languages_at<T>(
    diags: &mut Diagnostics,
    config: &SiteConfig,
    doc: &Document<T>,
    path: &[&str],
    text: &BilingualText,
) {
    for lang in text.languages() {
        if !config.languages.iter().any(|l| l == lang) {
            let mut at = path.to_vec();
            at.push(lang);
            let pos = locate::key_path(&doc.front_yaml, &at).unwrap_or((1, 1));
            // `cn:` for the site's `zh`: a country's code written for the language.
            let meant = crate::config::meant_language(lang)
                .filter(|meant| config.languages.contains(meant))
                .map(|meant| format!("did you mean `{meant}`? "));
            diags.push(
                doc.error_at(pos, format!("`{lang}` is not a language of this site"))
                    .with_hint(format!(
                        "{}the site's languages (site.yaml `languages`) are: {}",
                        meant.unwrap_or_default(),
                        config.languages.join(", ")
                    )),
            );
        }
    }
}

fn check_tags<T>(diags: &mut Diagnostics, doc: &Document<T>, tags: &[String]) {
    let entries = Entries::new(doc, "tags", tags);
    for (index, tag) in tags.iter().enumerate() {
        if tag_slug(tag).is_empty() {
            diags.push(
                entries
                    .error(index, format!("the tag `{tag}` has no letters or digits"))
                    .with_hint("a tag names a page: give it at least one letter or digit"),
            );
        }
    }
}

/// An author entry without a name (`""`, or a `-` line left alone, which reads as an empty
/// text): pages would list `Alice, , Bob` and BibTeX `Alice and  and Bob`, which reference
/// managers refuse. An error at the entry, as an empty tag is.
fn check_authors<T>(diags: &mut Diagnostics, doc: &Document<T>, authors: &[String]) {
    let entries = Entries::new(doc, "authors", authors);
    for (index, author) in authors.iter().enumerate() {
        if author.trim().is_empty() {
            diags.push(
                entries
                    .error(index, format!("author {} has no name", index + 1))
                    .with_hint("write the author's name, or remove the entry"),
            );
        }
    }
}

/// The site's paper ids, indexed to suggest the one nearest a dangling reference in time
/// that does not grow with the number of ids: every id is filed under itself and under
/// each string one character shorter, so that ids one wrong, missing, extra or swapped
/// character apart share an entry. Built when the first dangling reference is met.
struct NearIds<'a> {
    ids: Vec<&'a str>,
    /// (hash of a variant, index in `ids`), sorted.
    variants: Vec<(u64, u32)>,
}

impl<'a> NearIds<'a> {
    fn new(ids: impl Iterator<Item = &'a str>) -> Self {
        let mut ids: Vec<&str> = ids.collect();
        ids.sort_unstable();
        let mut variants = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            for_each_variant(id, |h| variants.push((h, i)));
        }
        variants.sort_unstable();
        variants.dedup();
        NearIds { ids, variants }
    }

    /// The nearest id (by edit distance, at most 2; the first in sort order on a tie).
    fn closest(&self, id: &str) -> Option<&'a str> {
        let mut best: Option<(usize, u32)> = None;
        for_each_variant(id, |h| {
            let from = self.variants.partition_point(|&(v, _)| v < h);
            for &(v, i) in &self.variants[from..] {
                if v != h {
                    break;
                }
                let d = strsim::levenshtein(id, self.ids[i as usize]);
                if d <= 2 && best.is_none_or(|b| (d, i) < b) {
                    best = Some((d, i));
                }
            }
        });
        best.map(|(_, i)| self.ids[i as usize])
    }
}

/// Calls `f` with the hash of `s` and of each string made by deleting one character of it.
fn for_each_variant(s: &str, mut f: impl FnMut(u64)) {
    use std::hash::{Hash, Hasher};
    let hash = |v: &str| {
        let mut h = std::hash::DefaultHasher::new();
        v.hash(&mut h);
        h.finish()
    };
    f(hash(s));
    let mut variant = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        variant.clear();
        variant.push_str(&s[..i]);
        variant.push_str(&s[i + c.len_utf8()..]);
        f(hash(&variant));
    }
}

/// Accepts absolute http(s) URLs (and mailto: where `allow_mailto`); rejects every other
/// scheme, `javascript:` first of all.
pub fn check_link(url: &str, allow_mailto: bool) -> Result<(), String> {
    let written = url.trim();
    // The URL parser forgives what a page would publish as written: a line break or a
    // space inside (`https://e.org/\n<script>`), a backslash for a slash, a missing `//`
    // (`https:evil.example`).
    if let Some(c) = written
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || *c == '\\')
    {
        let what = match c {
            '\\' => "a backslash".to_string(),
            ' ' => "a space".to_string(),
            c => format!("U+{:04X}", u32::from(c)),
        };
        return Err(format!(
            "`{}` holds {what}, which a URL cannot (write a space as %20)",
            written.escape_debug()
        ));
    }
    let lower = written.to_ascii_lowercase();
    if lower.starts_with("http:") || lower.starts_with("https:") {
        let rest = &written[written.find(':').map_or(0, |i| i + 1)..];
        if !rest.starts_with("//") {
            return Err(format!(
                "`{written}` is not a valid absolute URL (`//` and a host come after `{}`)",
                &written[..written.len() - rest.len()]
            ));
        }
    }
    match url::Url::parse(written) {
        Ok(u) if u.scheme() == "http" || u.scheme() == "https" => Ok(()),
        Ok(u) if allow_mailto && u.scheme() == "mailto" => Ok(()),
        Ok(u) => Err(format!(
            "the URL scheme `{}:` is not allowed: `{url}`",
            u.scheme()
        )),
        Err(e) => Err(format!("`{url}` is not a valid absolute URL ({e})")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_must_be_http_or_mailto() {
        assert!(check_link("javascript:alert(1)", true).is_err());
        assert!(check_link("JavaScript:alert(1)", false).is_err());
        assert!(check_link("mailto:a@b.c", true).is_ok());
        assert!(check_link("mailto:a@b.c", false).is_err());
    }

    /// What the URL parser forgives but a page would publish as written is refused.
    #[test]
    fn links_that_the_parser_would_mend_are_refused() {
        for bad in [
            "https://e.org/\n<script>",
            "https://e.org/ x",
            "https:/\\evil.example",
            "https:evil.example",
            "http:/e.org/",
            "https://e.org/\tx",
        ] {
            assert!(check_link(bad, false).is_err(), "{bad:?}");
        }
        for good in [
            " https://e.org/ ",
            "https://e.org/a%20b?q=1#x",
            "HTTPS://E.org/",
            "mailto:a@b.c",
        ] {
            assert!(check_link(good, true).is_ok(), "{good:?}");
        }
    }

    #[test]
    fn near_ids_are_one_character_away() {
        let near = NearIds::new(["2404.02424", "2404.02442", "hep-th-9901001", "b"].into_iter());
        // A wrong, a missing, an extra and two swapped characters.
        assert_eq!(near.closest("2404.02425"), Some("2404.02424"));
        assert_eq!(near.closest("2404.0242"), Some("2404.02424"));
        assert_eq!(near.closest("2404.024244"), Some("2404.02424"));
        assert_eq!(near.closest("2404.04224"), Some("2404.02424"));
        assert_eq!(near.closest("hep-th-9910001"), Some("hep-th-9901001"));
        // The nearest wins, then the first in order.
        assert_eq!(near.closest("2404.02444"), Some("2404.02424"));
        assert_eq!(near.closest("2404.02442"), Some("2404.02442"));
        assert_eq!(near.closest("9999.99999"), None);
        assert_eq!(near.closest("c"), Some("b"));
        assert_eq!(NearIds::new(std::iter::empty()).closest("a"), None);
    }
}
