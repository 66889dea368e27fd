//! Scaffolding: `init` (a new site that builds at once, with a GitHub Pages workflow and a
//! README that says how to publish it) and `new` (a paper file skeleton).
//!
//! The files of a new site are templates under `src/scaffold/`, compiled into the binary;
//! `@NAME@` placeholders are filled in here. Nothing is written until every file is known,
//! and each file is written atomically.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::arxiv::{self, ArxivRef, abs_url};
use crate::config::CONFIG_FILE;
use crate::content_file::write_atomically;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::rules::is_slug;
use crate::sources::CONTENT_DIR;

const SITE_YAML: &str = include_str!("scaffold/site.yaml");
const EXAMPLE_PAPER: &str = include_str!("scaffold/paper.md");
const EXAMPLE_DIGEST: &str = include_str!("scaffold/digest.md");
const GITIGNORE: &str = include_str!("scaffold/gitignore");
const PAGES_WORKFLOW: &str = include_str!("scaffold/pages.yml");
const README: &str = include_str!("scaffold/readme.md");

/// Where `init` puts the GitHub Pages workflow, relative to the site.
pub const WORKFLOW_PATH: &str = ".github/workflows/pages.yml";

/// The new site's README, relative to the site: its commands and how to publish it.
pub const README_PATH: &str = "README.md";

/// Today's date on this machine: the date of new papers and example digests.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Choices of `digest-site init`.
#[derive(Debug, Clone, Copy, Default)]
pub struct InitOptions {
    /// Write into a folder that is not empty. A file that is there is never replaced: a
    /// `.gitignore` gets the lines of ours it lacks, and ours of any other file goes beside
    /// it, named `<name>.digest-site`.
    pub force: bool,
    /// Leave out the example paper and digest.
    pub empty: bool,
}

/// The example content of a new site, relative to the site: what `init --empty` leaves out
/// and what its notes say to delete.
pub fn example_files(today: NaiveDate) -> [PathBuf; 2] {
    [
        Path::new(CONTENT_DIR).join("papers/1706.03762.md"),
        Path::new(CONTENT_DIR).join(format!("digests/{}-example.md", today.format("%Y-%m-%d"))),
    ]
}

/// The files of a new site: (path relative to the site, contents). `title` is the folder's
/// name as written (the README's heading), `site_name` the name in its addresses; the
/// example paper and digest are among the files only `with_examples`, and the README
/// speaks of them only then.
pub(crate) fn site_files(
    title: &str,
    site_name: &str,
    today: NaiveDate,
    version: &str,
    with_examples: bool,
) -> Vec<(PathBuf, String)> {
    // A folder named `<user>.github.io` is a user site, published at the root of that
    // address; any other is a project site, published under `/<name>/`.
    let user = site_name
        .strip_suffix(".github.io")
        .filter(|u| !u.is_empty() && !u.contains('.'));
    let (base_url, base_path, pages_url) = match user {
        Some(user) => (
            format!("https://{user}.github.io/"),
            String::new(),
            format!("https://{user}.github.io/"),
        ),
        None => (
            format!("https://example.github.io/{site_name}/"),
            format!("{site_name}/"),
            format!("https://<user>.github.io/{site_name}/"),
        ),
    };
    let [example_paper, example_digest] = example_files(today);
    // What the README says of the content: the example files where they are written, else
    // how to bring in the first papers (it told the user to delete files `--empty` never
    // wrote).
    let examples = if with_examples {
        // With `/` on every system, as the README's other paths are.
        let shown = |path: &Path| path.to_string_lossy().replace('\\', "/");
        format!(
            "The example paper\n(`{}`) and digest (`{}`) can go once you have your own.",
            shown(&example_paper),
            shown(&example_digest)
        )
    } else {
        "`digest-site new` writes\na paper file, and `digest-site import digest.md` brings in a whole Markdown digest or an\narXiv feed.".to_string()
    };
    let fill = |template: &str| {
        template
            .replace("@EXAMPLES@", &examples)
            .replace("@TITLE@", title)
            .replace("@BASE_URL@", &base_url)
            .replace("@BASE_PATH@", &base_path)
            .replace("@PAGES_URL@", &pages_url)
            .replace("@SITE_NAME@", site_name)
            .replace("@DATE@", &today.format("%Y-%m-%d").to_string())
            .replace("@VERSION@", version)
            .replace("@REPOSITORY@", env!("CARGO_PKG_REPOSITORY"))
    };
    let mut files = vec![
        (PathBuf::from(CONFIG_FILE), fill(SITE_YAML)),
        (PathBuf::from(README_PATH), fill(README)),
        (PathBuf::from(GITIGNORE_PATH), GITIGNORE.to_string()),
        (PathBuf::from(WORKFLOW_PATH), fill(PAGES_WORKFLOW)),
    ];
    if with_examples {
        files.push((example_paper, fill(EXAMPLE_PAPER)));
        files.push((example_digest, fill(EXAMPLE_DIGEST)));
    }
    files
}

/// What `init` wrote of the site or found there: one of the site's files, and what was done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitFile {
    /// Relative to the site.
    pub path: PathBuf,
    pub done: InitDone,
}

/// What `init` did about one of the site's files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InitDone {
    /// It was not there: it is written.
    Created,
    /// A `.gitignore` was there: these lines of ours, which it lacked, are added at its end
    /// (with the comments that say why); the rest of it is as it was.
    Added(Vec<String>),
    /// It was there, and is left as it was.
    Kept(Ours),
}

/// Where `init` put its own version of a file that it kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ours {
    /// Nowhere: the file is the same as ours (a `.gitignore`: it has every line of ours).
    Same,
    /// Beside it, at this path (relative to the site), to compare: nothing reads it.
    Beside(PathBuf),
    /// Nowhere: the path beside it holds another file, which is not replaced either.
    BesideTaken(PathBuf),
    /// Nowhere: an example, which is written with the other or not at all.
    Example,
}

/// What `init` did.
#[derive(Debug, Clone, Default)]
pub struct InitReport {
    /// The site's files, in the order `init` writes them.
    pub files: Vec<InitFile>,
    /// Why the example paper and digest were left out without `--empty`.
    pub examples_left_out: Option<String>,
    /// Other workflows of the folder that publish to GitHub Pages.
    pub warnings: Diagnostics,
}

/// The suffix of the name under which `init --force` puts its own version of a file that
/// is there already (`README.md.digest-site`): no tool reads it (digest-site reads
/// content files ending in `.md`, GitHub workflows ending in `.yml`), and it sorts beside
/// the file it stands for.
pub const BESIDE_SUFFIX: &str = ".digest-site";

/// Creates a new site in `dir`. Refuses a folder that holds anything unless `force`; then
/// no file that is there is replaced (see [`InitOptions::force`]), and the example paper
/// and digest are left out where the folder has a `site.yaml` (a site, with content of
/// its own) or a file of theirs.
pub fn init_site(
    dir: &Path,
    options: &InitOptions,
    today: NaiveDate,
) -> Result<InitReport, Diagnostics> {
    let force = options.force;

    if dir.exists() {
        if !dir.is_dir() {
            return Err(Diagnostic::file_error(dir, "this is a file, not a folder")
                .with_hint("choose a new folder name: `digest-site init my-digest`")
                .into());
        }
        // A repository just cloned or made (`git init`) holds only its `.git`: that is an
        // empty folder for a new site.
        let mut held: Vec<String> = std::fs::read_dir(dir)
            .map_err(|e| cannot_write(dir, &e))?
            .filter_map(Result::ok)
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| !matches!(name.as_str(), ".git" | ".hg" | ".svn" | ".jj"))
            .collect();
        if !held.is_empty() && !force {
            held.sort();
            let shown = held.len().min(3);
            let more = held.len() - shown;
            return Err(Diagnostic::file_error(
                dir,
                format!(
                    "the folder is not empty: it holds {}{}",
                    held[..shown].join(", "),
                    if more > 0 { format!(" and {more} more") } else { String::new() }
                ),
            )
            .with_hint("choose a new folder, or pass --force to add the site's files here (no file of yours is replaced: ours of one that is there goes beside it, as <name>.digest-site)")
            .into());
        }
    }
    // A link that leads nowhere is there too: it is the user's, not a place to write.
    let there = |path: &Path| std::fs::symlink_metadata(dir.join(path)).is_ok();
    let examples = example_files(today);
    // An example added to a site that has content of its own would be published with it
    // (`init --force` run again in a site to get a newer workflow), and an example digest
    // beside a paper file of the user's would say to delete both.
    let examples_left_out = if options.empty {
        None
    } else if there(Path::new(CONFIG_FILE)) {
        Some(format!(
            "`{CONFIG_FILE}` is there already: the site has content of its own"
        ))
    } else {
        examples
            .iter()
            .find(|path| there(path))
            .map(|path| format!("`{}` is there already", path.display()))
    };
    let site_name = site_name_of(dir);
    let title = title_of(dir).unwrap_or_else(|| site_name.clone());
    let files = site_files(
        &title,
        &site_name,
        today,
        env!("CARGO_PKG_VERSION"),
        !options.empty && examples_left_out.is_none(),
    );
    // Every file's place is checked before the first is written: a file where a folder of
    // the site goes (`.github`), or a folder where a file goes, would stop the writing
    // half-way, after some of the files were written.
    let mut blocked = Diagnostics::new();
    let mut said = std::collections::HashSet::new();
    for (path, _) in &files {
        let target = dir.join(path);
        let mut folder = target.parent();
        while let Some(f) = folder.filter(|f| f.starts_with(dir) && *f != dir) {
            if f.exists() && !f.is_dir() && said.insert(f.to_path_buf()) {
                blocked.push(
                    Diagnostic::file_error(
                        f,
                        format!(
                            "is a file where the site's folder `{}` goes",
                            f.strip_prefix(dir).unwrap_or(f).display()
                        ),
                    )
                    .with_hint("rename or move it, then run init again"),
                );
            }
            folder = f.parent();
        }
        if target.is_dir() {
            blocked.push(
                Diagnostic::file_error(
                    &target,
                    format!(
                        "is a folder where the site's file `{}` goes",
                        path.display()
                    ),
                )
                .with_hint("rename or move it, then run init again"),
            );
        }
    }
    if !blocked.is_empty() {
        blocked.sort();
        return Err(blocked);
    }

    // What to do with each file is known (and every file that is there read) before the
    // first is written.
    let mut report = InitReport {
        files: Vec::new(),
        examples_left_out,
        warnings: other_pages_workflows(dir),
    };
    let mut writes: Vec<(PathBuf, String)> = Vec::new();
    let mut appends: Vec<(PathBuf, String)> = Vec::new();
    if report.examples_left_out.is_some() {
        for path in examples.iter().filter(|path| there(path)) {
            report.files.push(InitFile {
                path: path.clone(),
                done: InitDone::Kept(Ours::Example),
            });
        }
    }
    for (path, contents) in files {
        let done = if !there(&path) {
            writes.push((path.clone(), contents));
            InitDone::Created
        } else if path == Path::new(GITIGNORE_PATH) {
            // The user's `.gitignore` keeps what it keeps out of git (`.env`, keys): the
            // README's next step is `git add .`.
            let theirs =
                std::fs::read(dir.join(&path)).map_err(|e| cannot_read(&dir.join(&path), &e))?;
            match gitignore_additions(&String::from_utf8_lossy(&theirs)) {
                None => InitDone::Kept(Ours::Same),
                Some((lines, text)) => {
                    appends.push((path.clone(), text));
                    InitDone::Added(lines)
                }
            }
        } else if std::fs::read(dir.join(&path)).is_ok_and(|theirs| theirs == contents.as_bytes()) {
            InitDone::Kept(Ours::Same)
        } else {
            let mut name = path.file_name().unwrap_or_default().to_os_string();
            name.push(BESIDE_SUFFIX);
            let beside = path.with_file_name(name);
            if !there(&beside) {
                writes.push((beside.clone(), contents));
                InitDone::Kept(Ours::Beside(beside))
            } else if std::fs::read(dir.join(&beside)).is_ok_and(|b| b == contents.as_bytes()) {
                // Written by an earlier `init --force`, as it would be now.
                InitDone::Kept(Ours::Beside(beside))
            } else {
                InitDone::Kept(Ours::BesideTaken(beside))
            }
        };
        report.files.push(InitFile { path, done });
    }
    for (path, contents) in &writes {
        write_atomically(&dir.join(path), contents.as_bytes())
            .map_err(|e| cannot_write(&dir.join(path), &e))?;
    }
    for (path, text) in &appends {
        // Appended in place, not rewritten: a `.gitignore` that is a link stays one, and
        // what it held is never at risk.
        use std::io::Write;
        std::fs::OpenOptions::new()
            .append(true)
            .open(dir.join(path))
            .and_then(|mut file| file.write_all(text.as_bytes()))
            .map_err(|e| cannot_write(&dir.join(path), &e))?;
    }
    Ok(report)
}

/// The actions that publish a site to GitHub Pages, as `uses:` names them (in lower case).
const PAGES_ACTIONS: [&str; 3] = [
    "actions/deploy-pages",
    "peaceiris/actions-gh-pages",
    "jamesives/github-pages-deploy-action",
];

/// A warning for each workflow in `dir/.github/workflows/` other than ours that publishes
/// to GitHub Pages, at the line that says so: a repository has one Pages site, and two
/// workflows that publish it overwrite each other's at every push.
fn other_pages_workflows(dir: &Path) -> Diagnostics {
    let mut warnings = Diagnostics::new();
    let folder = dir.join(WORKFLOW_PATH);
    let Some(folder) = folder.parent() else {
        return warnings;
    };
    let Ok(entries) = std::fs::read_dir(folder) else {
        return warnings;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        // GitHub runs the `.yml` and `.yaml` files of the folder itself.
        .filter(|path| {
            path.extension().is_some_and(|e| e == "yml" || e == "yaml")
                && path.is_file()
                && *path != dir.join(WORKFLOW_PATH)
        })
        .collect();
    paths.sort();
    for path in paths {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        if let Some((line, column, how)) = publishes_to_pages(&text) {
            warnings.push(
                Diagnostic::warning(
                    &path,
                    &text,
                    line,
                    column,
                    format!(
                        "this workflow publishes to GitHub Pages too ({how}): it and digest-site's `{WORKFLOW_PATH}` would overwrite each other's site"
                    ),
                )
                .with_hint("keep one of the two: delete this file, or disable it (the Actions tab → the workflow → ⋯ → Disable workflow); or delete digest-site's"),
            );
        }
    }
    warnings
}

/// Where a workflow's text says it publishes to GitHub Pages: the line and column (from 1)
/// of a step that uses one of [`PAGES_ACTIONS`], or of a concurrency group named `pages`
/// (that of GitHub's own Pages workflows), and how it says so.
fn publishes_to_pages(text: &str) -> Option<(usize, usize, String)> {
    let column = |line: &str, at: usize| line[..at].chars().count() + 1;
    for (n, line) in text.lines().enumerate() {
        let code = without_comment(line).to_ascii_lowercase();
        for action in PAGES_ACTIONS {
            if let Some(at) = code.find(&format!("{action}@")) {
                let named = &line[at..at + action.len()];
                return Some((n + 1, column(line, at), format!("it uses `{named}`")));
            }
        }
        for key in ["group:", "concurrency:"] {
            if let Some(at) = code.find(key)
                && names_pages(&code[at + key.len()..])
            {
                return Some((
                    n + 1,
                    column(line, at),
                    "its concurrency group is `pages`, as GitHub's Pages workflows' is".to_string(),
                ));
            }
        }
    }
    None
}

/// Whether a YAML value begins `value` and is `pages` (quoted or not), ending there or at
/// the end of a flow mapping's entry (`{group: pages}`).
fn names_pages(value: &str) -> bool {
    let value = value.trim_start();
    let (quote, value) = match value.chars().next() {
        Some(q @ ('"' | '\'')) => (Some(q), &value[1..]),
        _ => (None, value),
    };
    let Some(rest) = value.strip_prefix("pages") else {
        return false;
    };
    match quote {
        Some(q) => rest.starts_with(q),
        None => rest
            .chars()
            .next()
            .is_none_or(|c| c.is_whitespace() || c == ',' || c == '}'),
    }
}

/// A YAML line without its comment: from a `#` at its start or after a space, outside
/// quotes.
fn without_comment(line: &str) -> &str {
    let mut quote = None;
    let mut after_space = true;
    for (at, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && after_space => return &line[..at],
            None => {}
        }
        after_space = c.is_whitespace();
    }
    line
}

/// Where `init` writes the `.gitignore`, relative to the site.
const GITIGNORE_PATH: &str = ".gitignore";

/// The lines of our `.gitignore` that `theirs` lacks (compared without the spaces around
/// them), and the text that adds them at its end: each with the comment that says why,
/// under a line that says where they come from. `None` when `theirs` has them all.
fn gitignore_additions(theirs: &str) -> Option<(Vec<String>, String)> {
    let has: std::collections::HashSet<&str> = theirs.lines().map(str::trim).collect();
    let mut lines = Vec::new();
    let mut text = String::new();
    // The comment lines before the patterns they speak of, said once before the first of
    // them that is added.
    let mut comments: Vec<&str> = Vec::new();
    let mut after_pattern = false;
    for line in GITIGNORE.lines() {
        if line.starts_with('#') {
            if after_pattern {
                comments.clear();
                after_pattern = false;
            }
            comments.push(line);
            continue;
        }
        after_pattern = true;
        if !line.trim().is_empty() && !has.contains(line.trim()) {
            for comment in comments.drain(..) {
                text.push_str(comment);
                text.push('\n');
            }
            text.push_str(line);
            text.push('\n');
            lines.push(line.to_string());
        }
    }
    if lines.is_empty() {
        return None;
    }
    let mut block = String::new();
    if !theirs.is_empty() && !theirs.ends_with('\n') {
        block.push('\n');
    }
    if !theirs.trim().is_empty() {
        block.push('\n');
    }
    block.push_str(
        "# Added by `digest-site init`: what digest-site writes that is not to be committed.\n",
    );
    block.push_str(&text);
    Some((lines, block))
}

/// The name of the folder `dir` names, as written (`.` is the current folder's).
fn folder_name_of(dir: &Path) -> Option<String> {
    let absolute = if dir.is_absolute() {
        dir.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(dir))
            .unwrap_or_else(|_| dir.to_path_buf())
    };
    absolute
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(n) => n.to_str(),
            _ => None,
        })
        .next_back()
        .map(str::to_string)
}

/// The README's heading: the folder's name as written (`论文 摘要`, `My Digest`), which its
/// URL name (`my-digest`) would lose; control characters, which would break the line, as
/// spaces.
fn title_of(dir: &Path) -> Option<String> {
    let name: String = folder_name_of(dir)?
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let name = name.trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// A URL-safe name for the site from its folder (`my-digest`), for the example base URL;
/// `<user>.github.io` as it is (the repository of a user site).
fn site_name_of(dir: &Path) -> String {
    let folder = folder_name_of(dir).unwrap_or_default().to_ascii_lowercase();
    if let Some(user) = folder.strip_suffix(".github.io")
        && !user.is_empty()
        && user.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return folder;
    }
    // A run of characters a URL does not take becomes one `-`, as GitHub names a
    // repository (`My Digest (2024)` → `my-digest-2024`).
    let mut name = String::with_capacity(folder.len());
    let mut replacing = false;
    for c in folder.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            name.push(c.to_ascii_lowercase());
            replacing = false;
        } else if !replacing {
            name.push('-');
            replacing = true;
        }
    }
    let name = name.trim_matches('-').to_string();
    if name.is_empty() {
        "my-digest".to_string()
    } else {
        name
    }
}

/// Four digits, a dot, digits (and perhaps a version): the shape of a new-style arXiv id.
fn looks_like_an_arxiv_id(name: &str) -> bool {
    let name = name.trim();
    let name = name.split_once('v').map_or(name, |(id, _)| id);
    name.split_once('.').is_some_and(|(yymm, number)| {
        yymm.len() == 4
            && !number.is_empty()
            && yymm
                .chars()
                .chain(number.chars())
                .all(|c| c.is_ascii_digit())
    })
}

/// The paper file skeleton for `name`: an arXiv id (`2404.02424`, `hep-th/9901001`,
/// `2404.02424v2`, `arXiv:2404.02424`, or an arXiv URL) or a slug for a paper that is not on arXiv, with a key
/// for each of the site's `languages` under the title, summary and abstract (the title
/// known so far, the arXiv reference or the slug's words, under `source_language`).
/// Returns the paper id and the file's text.
pub fn paper_skeleton(
    name: &str,
    today: NaiveDate,
    languages: &[String],
    source_language: &str,
) -> Result<(String, String), Diagnostics> {
    let (name, arxiv) = paper_name(name)?;
    let (id, title, url, arxiv_block) = match &arxiv {
        Some(arxiv) => {
            let version = arxiv
                .version
                .map(|v| format!("  version: {v}\n"))
                .unwrap_or_default();
            (
                arxiv.paper_id(),
                arxiv::reference(&arxiv.id, None),
                format!("url: {}\n", abs_url(&arxiv.id)),
                format!(
                    "arxiv:\n  id: \"{}\"\n{version}  categories: []\n",
                    arxiv.id
                ),
            )
        }
        None => (
            name.to_string(),
            title_of_slug(name),
            "# url: https://...\n".to_string(),
            String::new(),
        ),
    };
    let date = today.format("%Y-%m-%d");
    // One key per language; the title is a reference or a slug's words, with no quote or
    // backslash to escape.
    let keys = |known: &str| -> String {
        languages
            .iter()
            .map(|lang| {
                let text = if lang == source_language { known } else { "" };
                format!("  {lang}: \"{text}\"\n")
            })
            .collect()
    };
    let (title, empty) = (keys(&title), keys(""));
    let text = format!(
        "---\nid: \"{id}\"\ntitle:\n{title}summary:\n{empty}abstract:\n{empty}\
         {url}authors: []\ndate: {date}\n{arxiv_block}tags: []\n---\n\
         {SKELETON_BODY}"
    );
    Ok((id, text))
}

/// The values of a paper file that are still the placeholders `new` wrote, as key paths
/// and values for the import's `merge_filling`, which lets an import fill
/// them: the title `arXiv:<id>` of the file's own arXiv id (no one writes that as a
/// title), and the date, the day `new` ran, but only while the whole file is the
/// skeleton `new` wrote on that day (once anything else is written, the date may be
/// the user's too).
pub(crate) fn skeleton_placeholders(
    doc: &crate::load::Document<crate::frontmatter::PaperFrontMatter>,
    languages: &[String],
    source_language: &str,
) -> Vec<(Vec<String>, yaml_serde::Value)> {
    let Some(meta) = doc.front.arxiv.as_ref() else {
        return Vec::new();
    };
    let title = yaml_serde::Value::String(arxiv::reference(&meta.id, None));
    let mut placeholders = vec![
        (vec!["title".to_string()], title.clone()),
        (
            vec!["title".to_string(), source_language.to_string()],
            title,
        ),
    ];
    let skeleton = doc
        .front
        .date
        .as_deref()
        .and_then(crate::rules::parse_date)
        .and_then(|day| {
            let name = arxiv::versioned(&meta.id, meta.version);
            paper_skeleton(&name, day, languages, source_language).ok()
        })
        .and_then(|(_, text)| {
            let (yaml, _, body) = crate::load::split_front_matter(&text).ok()?;
            let (front, _) =
                crate::yaml::parse_yaml_all::<crate::frontmatter::PaperFrontMatter>(yaml, 1);
            Some((front?, body.to_string()))
        });
    if let (Some((front, body)), Some(date)) = (skeleton, &doc.front.date)
        && front == doc.front
        && body.trim() == doc.body.trim()
    {
        placeholders.push((
            vec!["date".to_string()],
            yaml_serde::Value::String(date.clone()),
        ));
    }
    placeholders
}

/// The paper `new` is given: an arXiv id (its reference read), or else a slug. A file's
/// name given for the paper (`2404.02424.md`, a path completed by the shell) is what it
/// names, not `2404.02424.md.md` (`hep-th/9901001` keeps its slash: only a name ending in
/// `.md` is a file's). Refused: what is neither.
fn paper_name(name: &str) -> Result<(&str, Option<ArxivRef>), Diagnostic> {
    let name = [".md", ".MD", ".markdown"]
        .iter()
        .find_map(|ext| name.strip_suffix(ext))
        .map(|path| path.rsplit('/').next().unwrap_or(path))
        .filter(|stem| !stem.is_empty())
        .unwrap_or(name);
    if let Some(arxiv) = ArxivRef::from_pasted(name) {
        return Ok((name, Some(arxiv)));
    }
    // `2404.0242`: digits, a dot and digits, as an arXiv id is written, but none.
    if looks_like_an_arxiv_id(arxiv::cited_id(name).unwrap_or(name)) {
        return Err(Diagnostic::file_error(
            Path::new(name),
            format!("`{name}` is written as an arXiv id but is none"),
        )
        .with_hint("an arXiv id is YYMM.NNNNN: five digits after the dot since 2015 (2404.02424), four before (1412.3555); check the digits"));
    }
    if is_slug(name) {
        return Ok((name, None));
    }
    Err(Diagnostic::file_error(
        Path::new(name),
        format!("`{name}` is neither an arXiv id nor a valid paper id"),
    )
    .with_hint(format!(
        "give an arXiv id such as 2404.02424 or hep-th/9901001, or a slug: {}",
        crate::rules::SLUG_RULE
    )))
}

/// Checks the paper `new` is given as [`new_paper`] reads it, for the command line to
/// refuse a malformed one as a usage error before anything is read: the problem and
/// what to write.
pub fn check_paper_name(name: &str) -> Result<(), String> {
    paper_name(name).map(|_| ()).map_err(|d| match d.hint {
        Some(hint) => format!("{}: {hint}", d.message),
        None => d.message,
    })
}

/// `my-great-paper` → `My great paper`.
fn title_of_slug(slug: &str) -> String {
    let words = slug.replace(['-', '_'], " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Writes the skeleton for `name` under `root/content/papers/`, in the languages of the
/// site's `site.yaml` (whose errors it returns). Refuses to replace an existing file. Returns the path written, relative to `root`.
/// The body `new` writes into a paper's skeleton, which [`crate::lint`] knows it by.
pub(crate) const SKELETON_BODY: &str = "Your notes on the paper (Markdown).\n";

pub fn new_paper(root: &Path, name: &str, today: NaiveDate) -> Result<PathBuf, Diagnostics> {
    let config = crate::config::load_config(root)?;
    let (id, text) = paper_skeleton(name, today, &config.languages, &config.source_language)?;
    let relative = Path::new(CONTENT_DIR)
        .join("papers")
        .join(format!("{id}.md"));
    // The paper may be in a file of another name (its id is what names it); and the file
    // of its name may hold another paper.
    let (content, _) = crate::load::load_content(&config);
    if let Some(doc) = content.papers.iter().find(|doc| doc.front.id == id) {
        return Err(Diagnostic::file_error(
            &doc.path,
            format!("the paper `{id}` is already in this file"),
        )
        .with_hint("edit it, or import a feed with the paper to merge new fields into it")
        .into());
    }
    // The same arXiv paper under another id (its arXiv id names the page `id` would), and
    // an id that differs only in case (one folder on macOS and Windows), are refused as
    // `check` would refuse them.
    let same_arxiv = content.papers.iter().find_map(|doc| {
        let arxiv = doc.front.arxiv.as_ref()?;
        // Canonical: a file named after `math.GT/0309136` holds `new math/0309136`.
        let canonical = crate::arxiv::canonical_id(&arxiv.id);
        (crate::arxiv::paper_id_of(&canonical) == id).then_some((doc, &arxiv.id))
    });
    if let Some((doc, arxiv)) = same_arxiv {
        return Err(Diagnostic::file_error(
            &doc.path,
            format!(
                "arXiv:{arxiv} is already the paper `{}` of this file",
                doc.front.id
            ),
        )
        .with_hint("edit it: a paper has one file, whatever its name")
        .into());
    }
    if let Some(doc) = content
        .papers
        .iter()
        .find(|doc| doc.front.id.eq_ignore_ascii_case(&id))
    {
        return Err(Diagnostic::file_error(
            &doc.path,
            format!(
                "the paper `{}` of this file differs from `{id}` only in case",
                doc.front.id
            ),
        )
        .with_hint("ids name pages' folders, which macOS and Windows do not tell apart by case: edit that paper, or choose another id")
        .into());
    }
    if let Some(link) = crate::content_file::linked_part(root, &relative) {
        return Err(crate::content_file::through_link(&link).into());
    }
    if root.join(&relative).exists() {
        let holds = content
            .papers
            .iter()
            .find(|doc| doc.path == relative)
            .map(|doc| format!(" (it holds the paper `{}`)", doc.front.id))
            .unwrap_or_default();
        return Err(Diagnostic::file_error(
            &relative,
            format!("the paper file already exists{holds}"),
        )
        .with_hint("edit it, or rename it after the paper it holds")
        .into());
    }
    write_atomically(&root.join(&relative), text.as_bytes())
        .map_err(|e| cannot_write(&relative, &e))?;
    Ok(relative)
}

/// A file at `path` that cannot be read, with what to do about it.
fn cannot_read(path: &Path, e: &std::io::Error) -> Diagnostics {
    Diagnostic::file_error(path, format!("cannot read: {e}"))
        .with_hint(match e.kind() {
            std::io::ErrorKind::PermissionDenied => "give yourself read permission on it (chmod u+r), then run init again",
            _ => "check that it is a file that can be read (not a link to nothing), then run init again",
        })
        .into()
}

/// A file at `path` that cannot be written, with what to do about it.
fn cannot_write(path: &Path, e: &std::io::Error) -> Diagnostics {
    Diagnostic::file_error(path, format!("cannot write: {e}"))
        .with_hint(write_hint(e))
        .into()
}

/// What to do about a file that cannot be written, for the cause the system gives.
fn write_hint(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => {
            "give yourself write permission on the file, if it may be replaced, and on its folder (chmod u+w), or run this where you can write"
        }
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
            "the disk is full: free some space and run this again"
        }
        std::io::ErrorKind::ReadOnlyFilesystem => {
            "the file system is read-only: run this in a copy of the site on a writable disk"
        }
        _ => "check that the folder is writable and the disk has room",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example base URL's name of a folder is what GitHub would name its repository.
    #[test]
    fn a_folder_s_name_becomes_a_url_name() {
        for (folder, name) in [
            ("My Digest (2024) 论文", "my-digest-2024"),
            ("papers--daily", "papers--daily"),
            ("论文", "my-digest"),
            ("Alice.github.io", "alice.github.io"),
            ("a b_c", "a-b_c"),
        ] {
            assert_eq!(
                site_name_of(&Path::new("/tmp").join(folder)),
                name,
                "{folder}"
            );
        }
    }

    /// A file where the site's folder goes, or a folder where its file goes, stops
    /// `init --force` before it writes anything.
    #[test]
    fn init_force_checks_every_place_before_writing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("README.md"), "mine").unwrap();
        std::fs::write(dir.path().join(".github"), "a file").unwrap();
        std::fs::create_dir(dir.path().join("site.yaml")).unwrap();
        let options = InitOptions {
            force: true,
            ..InitOptions::default()
        };
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let refused = init_site(dir.path(), &options, today)
            .unwrap_err()
            .render(false);
        assert!(
            refused.contains("is a file where the site's folder `.github` goes"),
            "{refused}"
        );
        assert!(
            refused.contains("is a folder where the site's file `site.yaml` goes"),
            "{refused}"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("README.md")).unwrap(),
            "mine"
        );
    }

    /// A workflow publishes to Pages by one of the actions that do, or by the concurrency
    /// group of GitHub's Pages workflows, in any form YAML writes them; not by a comment or
    /// a group of another name.
    #[test]
    fn a_workflow_that_publishes_to_pages_is_known_by_its_action_or_its_group() {
        for (text, at) in [
            (
                "jobs:\n  d:\n    steps:\n      - uses: actions/deploy-pages@v4\n",
                Some((4, 15)),
            ),
            (
                "      - uses: 'Peaceiris/Actions-GH-Pages@v3'\n",
                Some((1, 16)),
            ),
            (
                "      - uses: JamesIves/github-pages-deploy-action@v4",
                Some((1, 15)),
            ),
            ("concurrency: {group: pages}\n", Some((1, 15))),
            (
                "concurrency:\n  group: \"pages\"\n  cancel-in-progress: false\n",
                Some((2, 3)),
            ),
            ("concurrency: pages # one at a time\n", Some((1, 1))),
            (
                "concurrency: {group: 'pages', cancel-in-progress: true}",
                Some((1, 15)),
            ),
            ("concurrency:\n  group: pages-${{ github.ref }}\n", None),
            ("concurrency: {group: ci}\n", None),
            ("# like actions/deploy-pages@v4, group: pages\n", None),
            ("      - run: echo 'group: pages'\n", None),
            ("      - uses: actions/upload-pages-artifact@v3\n", None),
        ] {
            assert_eq!(
                publishes_to_pages(text).map(|(line, column, _)| (line, column)),
                at,
                "{text}"
            );
        }
    }

    #[test]
    fn a_file_that_cannot_be_written_says_what_to_do() {
        for (kind, says) in [
            (std::io::ErrorKind::PermissionDenied, "chmod u+w"),
            (std::io::ErrorKind::StorageFull, "the disk is full"),
            (std::io::ErrorKind::ReadOnlyFilesystem, "read-only"),
            (std::io::ErrorKind::Other, "writable"),
        ] {
            assert!(
                write_hint(&std::io::Error::from(kind)).contains(says),
                "{kind:?}"
            );
        }
    }
}
