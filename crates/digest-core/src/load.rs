//! Loading: walking `content/`, splitting front matter from Markdown bodies and parsing the
//! front matter into typed documents.
//!
//! Reading is parallel (rayon). Every problem becomes a [`Diagnostic`] with the line *in the
//! file*; a file that cannot be parsed is left out and the others are still loaded, so that
//! one run reports every broken file.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::frontmatter::{DigestFrontMatter, PageFrontMatter, PaperFrontMatter};
use crate::sources::{CONTENT_DIR, ContentKind, is_hidden};
use crate::yaml::{parse_yaml_all, read_simple};

/// One parsed content file.
#[derive(Debug, Clone)]
pub struct Document<T> {
    /// Path relative to the site root, as shown in diagnostics.
    pub path: PathBuf,
    /// The file's front matter, as written (for locating values in diagnostics).
    pub(crate) front_yaml: String,
    /// The 1-based line of the file on which `front_yaml` starts.
    pub(crate) front_first_line: usize,
    /// Whether `front_yaml` was let go (emptied) after the file's own checks, to be read
    /// again if a check across files has to place an error in it
    /// ([`Document::with_front_yaml`]).
    pub(crate) front_yaml_dropped: bool,
    pub front: T,
    /// The Markdown body after the front matter.
    pub body: String,
    /// The file stem: the slug of digests and pages.
    pub stem: String,
}

impl<T> Document<T> {
    /// Line and column in the file of something found at `(line, column)` of the YAML.
    pub(crate) fn file_position(&self, yaml_pos: (usize, usize)) -> (usize, usize) {
        (self.front_first_line + yaml_pos.0 - 1, yaml_pos.1)
    }

    /// A diagnostic at a position of the front matter.
    pub(crate) fn error_at(
        &self,
        yaml_pos: (usize, usize),
        message: impl Into<String>,
    ) -> Diagnostic {
        let yaml_pos = if self.front_yaml_dropped {
            yaml_pos
        } else {
            crate::yaml::on_its_lines(yaml_pos, self.front_yaml.lines().count())
        };
        let source_line = self.front_yaml.lines().nth(yaml_pos.0 - 1).unwrap_or("");
        self.error_on_line(yaml_pos, source_line, message)
    }

    /// [`Document::error_at`] when the caller already has the text of that line (which
    /// spares looking it up, for files with thousands of problems).
    pub(crate) fn error_on_line(
        &self,
        yaml_pos: (usize, usize),
        source_line: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        let (line, column) = self.file_position(yaml_pos);
        Diagnostic {
            severity: crate::diagnostic::Severity::Error,
            path: self.path.clone(),
            line,
            column: column.max(1),
            message: message.into(),
            source_line: crate::diagnostic::shown_line(source_line, column),
            hint: None,
            kind: None,
        }
    }

    /// This document with its front matter's text, read from its file again when it was let
    /// go after the file's own checks ([`load_content_checked`]); as it is otherwise. A
    /// file that cannot be read again leaves the text empty (places then fall back to the
    /// start of the file).
    pub(crate) fn with_front_yaml(&self, root: &Path) -> std::borrow::Cow<'_, Document<T>>
    where
        T: Clone,
    {
        if !self.front_yaml_dropped {
            return std::borrow::Cow::Borrowed(self);
        }
        let mut doc = self.clone();
        doc.front_yaml_dropped = false;
        if let Ok(text) = std::fs::read_to_string(root.join(&self.path))
            && let Ok((yaml, first_line, _)) = split_front_matter(&text)
        {
            doc.front_yaml = yaml.to_string();
            doc.front_first_line = first_line;
        }
        std::borrow::Cow::Owned(doc)
    }

    /// A diagnostic at the value of the top-level `key:` (or the start of the front matter).
    pub(crate) fn error_at_key(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        let pos = crate::locate::top_level_value(&self.front_yaml, key).unwrap_or((1, 1));
        self.error_at(pos, message)
    }
}

pub type PaperDocument = Document<PaperFrontMatter>;
pub type DigestDocument = Document<DigestFrontMatter>;
pub type PageDocument = Document<PageFrontMatter>;

/// Everything under `content/`, parsed.
#[derive(Debug, Clone, Default)]
pub struct LoadedContent {
    pub papers: Vec<PaperDocument>,
    pub digests: Vec<DigestDocument>,
    pub pages: Vec<PageDocument>,
    /// The names (without `.md`) of the paper files that did not read: a digest listing
    /// one by that id is not also told that no paper has it (the file's own error says
    /// what to mend).
    pub unread_papers: std::collections::HashSet<String>,
}

/// A content file read from disk, before parsing.
// Each value is built once and moved straight into its list: boxing the larger variant
// would only add an allocation per file.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum LoadedFile {
    Paper(PaperDocument),
    Digest(DigestDocument),
    Page(PageDocument),
}

/// Walks `content/` and parses every paper, digest and page. Files that fail to parse are
/// reported and left out.
pub fn load_content(config: &SiteConfig) -> (LoadedContent, Diagnostics) {
    load_all(config, false)
}

/// [`load_content`] for checking: a file whose front matter has errors in some fields is
/// kept too, without those fields, when the rest of it reads, so that its other fields are
/// checked in the same run. The diagnostics then hold errors: such content must only be
/// checked, never built or written back.
///
/// `check_paper` runs on each paper file as soon as it is read (on the reading threads),
/// and then the text of its front matter, which only diagnostics use, is let go: the
/// checks of a paper file on its own need it, the checks across files only to place an
/// error about an id, and they read the file again ([`Document::with_front_yaml`]). At
/// 100,000 papers the texts of all front matter were a third of the build's peak, held
/// at the end of loading beside the values read from them.
///
/// With `warnings_per_kind`, the diagnostics are what [`Diagnostics::keep_per_kind`]
/// keeps of all of them (sorted), the rest counted: the files are read in batches, and
/// each batch's warnings join the first ones kept before the next batch is read.
pub fn load_content_checked(
    config: &SiteConfig,
    check_paper: &(dyn Fn(&PaperDocument) -> Diagnostics + Sync),
    warnings_per_kind: Option<usize>,
) -> (LoadedContent, Diagnostics) {
    let keep = warnings_per_kind.map(|per_kind| (per_kind, READ_BATCH));
    load_all_with(config, true, Some(check_paper), keep)
}

fn load_all(config: &SiteConfig, keep_partial: bool) -> (LoadedContent, Diagnostics) {
    load_all_with(config, keep_partial, None, None)
}

/// Files read at once (in parallel) before their warnings join those kept (see
/// [`load_content_checked`]). A site of cn-chat-arxiv's papers has a warning for most
/// abstracts, each with its line: at 100,000 papers, held until the end of loading, they
/// were 50 MB of the build's peak, and the memory they left behind stayed in use.
const READ_BATCH: usize = 4096;

fn load_all_with(
    config: &SiteConfig,
    keep_partial: bool,
    check_paper: Option<&(dyn Fn(&PaperDocument) -> Diagnostics + Sync)>,
    // The warnings kept of each kind, and the files read before they are let go.
    keep: Option<(usize, usize)>,
) -> (LoadedContent, Diagnostics) {
    let content_dir = config.root.join(CONTENT_DIR);
    let mut files: Vec<(PathBuf, ContentKind)> = Vec::new();
    let mut diags = Diagnostics::new();
    let shown = |path: &Path| {
        path.strip_prefix(&config.root)
            .unwrap_or(path)
            .to_path_buf()
    };
    if let Some(problem) = content_folder_problem(&config.root) {
        diags.push(problem);
    }
    if content_dir.is_dir() {
        for entry in walkdir::WalkDir::new(&content_dir)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| !is_hidden(e.file_name()))
        {
            match entry {
                Ok(entry) => {
                    let rel = entry
                        .path()
                        .strip_prefix(&content_dir)
                        .unwrap_or(entry.path());
                    let kind = ContentKind::of(rel);
                    if entry.file_type().is_file() {
                        match kind {
                            Some(kind) => files.push((entry.path().to_path_buf(), kind)),
                            None => {
                                if let Some(warning) =
                                    unread_markdown(entry.path(), &shown(entry.path()), rel)
                                {
                                    diags.push(warning);
                                }
                            }
                        }
                    } else if entry.depth() > 0
                        && let Some(warning) =
                            skipped_entry(&shown(entry.path()), &entry, kind.is_some())
                    {
                        // `content/` itself may be a link (to content kept elsewhere): it
                        // is followed, as `--root` would be; links under it are not.
                        diags.push(warning);
                    }
                }
                Err(e) => {
                    let path = shown(e.path().unwrap_or(&content_dir));
                    // The I/O error alone: walkdir's own text repeats the absolute path.
                    let reason = e
                        .io_error()
                        .map_or_else(|| e.to_string(), ToString::to_string);
                    diags.push(
                        Diagnostic::file_error(&path, format!("cannot read: {reason}"))
                            .with_hint(read_hint(e.io_error().map(std::io::Error::kind))),
                    );
                }
            }
        }
    }
    let read = |(path, kind): &(PathBuf, ContentKind)| {
        let (mut file, mut diags) = read_file(&config.root, path, *kind);
        if let (Some(check), Some(LoadedFile::Paper(doc))) = (check_paper, &mut file)
            && (keep_partial || !diags.has_errors())
        {
            // A field that did not read is empty in the partial paper: the error that said
            // so is the one at its place (not also "the title is empty").
            let read_errors: Vec<(usize, usize, String)> = diags
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| (d.line, d.column, d.message.clone()))
                .collect();
            // Also where the error is inside the field (`title: language `en` is given
            // twice`, at the repetition): the check's error is at the field's key.
            let read_inside = |d: &Diagnostic| {
                let key = d
                    .source_line
                    .trim_start()
                    .split(':')
                    .next()
                    .unwrap_or_default();
                !key.is_empty()
                    && read_errors.iter().any(|(_, _, m)| {
                        m.strip_prefix(key)
                            .is_some_and(|r| r.starts_with([':', '.', '[']))
                    })
            };
            for d in check(doc) {
                let at_a_read_error = read_errors
                    .iter()
                    .any(|(l, c, _)| (*l, *c) == (d.line, d.column));
                let said_inside = d.is_error() && read_inside(&d);
                if !at_a_read_error && !said_inside {
                    diags.push(d);
                }
            }
            doc.front_yaml = String::new();
            doc.front_yaml_dropped = true;
        }
        (file, diags)
    };
    let mut results: Vec<(Option<LoadedFile>, Diagnostics)> = Vec::with_capacity(files.len());
    let mut content = LoadedContent::default();
    // Without a limit on warnings, in one batch.
    let batch = keep.map_or(files.len(), |(_, batch)| batch).max(1);
    for files in files.chunks(batch) {
        let start = results.len();
        results.par_extend(files.par_iter().map(read));
        for (file, file_diags) in &mut results[start..] {
            let keep = keep_partial || !file_diags.has_errors();
            diags.extend(std::mem::take(file_diags));
            // Papers stay where they are, to be taken below; digests and pages are few.
            match file.take_if(|f| !keep || !matches!(f, LoadedFile::Paper(_))) {
                Some(LoadedFile::Digest(d)) if keep => content.digests.push(d),
                Some(LoadedFile::Page(d)) if keep => content.pages.push(d),
                _ => {}
            }
        }
        // A warning let go here would be let go of the whole site's too: the ones kept
        // before it stay before it, whatever is added or let go later.
        if let Some((per_kind, _)) = keep {
            diags.sort();
            diags.keep_per_kind(per_kind);
        }
    }
    // Collected in the list they were read into (the standard library reuses its
    // allocation): a second list of every paper beside the first was 74 MB at 100,000
    // papers, at the peak of the build.
    content.unread_papers = files
        .iter()
        .zip(&results)
        .filter(|((_, kind), (file, _))| *kind == ContentKind::Paper && file.is_none())
        .filter_map(|((path, _), _)| Some(path.file_stem()?.to_str()?.to_string()))
        .collect();
    content.papers = results
        .into_iter()
        .filter_map(|(file, _)| match file {
            Some(LoadedFile::Paper(d)) => Some(d),
            _ => None,
        })
        .collect();
    (content, diags)
}

/// Whether two paths name one file (`x.MD` and `x.md` on a file system that ignores case).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        a.to_string_lossy()
            .eq_ignore_ascii_case(&b.to_string_lossy())
    }
}

/// A warning about a Markdown file under `content/` that is not read as content: outside
/// the three folders of content (`content/x.md`, `content/paper/x.md`, `content/Papers/`),
/// or named `.MD`, `.markdown` (`.mdown`, `.mkd`, `.mdx`...), `x.md.txt`, `x.md ` or a
/// `.txt` that starts with front matter. A paper there was skipped without a word, and a
/// digest listing it said only that no paper has its id. A `README.md` is taken as notes.
fn unread_markdown(path: &Path, shown: &Path, relative_to_content: &Path) -> Option<Diagnostic> {
    let name = relative_to_content.file_name()?.to_str()?;
    // `x.md ` and `x.md.` (a name typed with a space, which Windows cannot even open),
    // `x.md.txt` (what Notepad saves) are read as `x.md` would be.
    let meant = name.trim_end_matches([' ', '.']);
    let meant = meant
        .strip_suffix(".txt")
        .filter(|stem| stem.to_ascii_lowercase().ends_with(".md"))
        .unwrap_or(meant);
    let relative_to_content = &relative_to_content.with_file_name(meant);
    let extension = relative_to_content.extension()?.to_str()?;
    let markdown = matches!(
        extension.to_ascii_lowercase().as_str(),
        "md" | "markdown" | "mdown" | "mkd" | "mkdn" | "mdwn" | "mdx"
    );
    // A `.txt` file is another tool's notes unless it starts as a content file does.
    let front_matter = || {
        use std::io::Read;
        let mut start = [0u8; 6];
        let read = std::fs::File::open(path)
            .and_then(|mut f| f.read(&mut start))
            .unwrap_or(0);
        let start = &start[..read];
        start
            .strip_prefix("\u{feff}".as_bytes())
            .unwrap_or(start)
            .starts_with(b"---")
    };
    if !(markdown || meant != name || extension.eq_ignore_ascii_case("txt") && front_matter()) {
        return None;
    }
    let beside = path.with_file_name(relative_to_content.with_extension("md").file_name()?);
    let md_taken = beside != path && beside.is_file() && !same_file(&beside, path);
    if name.eq_ignore_ascii_case("readme.md") {
        return None;
    }
    let with_md = relative_to_content.with_extension("md");
    let (message, hint) = match ContentKind::of(&with_md) {
        Some(_) if md_taken => (
            format!("`{}` is not read: content files end in `.md`", shown.display()),
            format!(
                "`{}` is there too, and is read: keep one of the two (renaming this one would replace it)",
                with_md.file_name()?.to_string_lossy()
            ),
        ),
        Some(_) => (
            format!("`{}` is not read: content files end in `.md`", shown.display()),
            format!(
                "rename it to `{}`",
                with_md.file_name()?.to_string_lossy()
            ),
        ),
        None => (
            format!(
                "`{}` is not read: papers, digests and pages are in content/papers/, content/digests/ and content/pages/",
                shown.display()
            ),
            "move it into the folder of what it is (folder names are lower case): a paper into content/papers/, a digest into content/digests/, a page into content/pages/".to_string(),
        ),
    };
    Some(Diagnostic::file_warning(shown, message).with_hint(hint))
}

/// What is wrong with the site's `content/` folder as a whole, when a build would find
/// no content in it: a site built without its papers publishes an empty site over the
/// one before (its paper pages removed) and says "0 papers". `Content/` (a folder read on
/// macOS and Windows, not on Linux, where GitHub's runners build), a link to a checkout
/// that is not there, or a file are errors; a folder that is missing or empty (a new site,
/// or a git submodule not checked out) is a warning.
fn content_folder_problem(root: &Path) -> Option<Diagnostic> {
    let content = Path::new(CONTENT_DIR);
    let path = root.join(CONTENT_DIR);
    let submodule = std::fs::read_to_string(root.join(".gitmodules")).is_ok_and(|m| {
        m.lines()
            .any(|l| l.split('=').nth(1).is_some_and(|p| p.trim() == CONTENT_DIR))
    });
    let submodule_hint = "content/ is a git submodule: check it out (`git submodule update --init`; in a GitHub workflow, `submodules: true` in actions/checkout's `with:`)";
    match std::fs::symlink_metadata(&path) {
        Ok(meta) if meta.file_type().is_symlink() && !path.exists() => {
            let target = std::fs::read_link(&path).unwrap_or_default();
            Some(
                Diagnostic::file_error(
                    content,
                    format!(
                        "`content` is a link to `{}`, which does not exist: the site's content cannot be read",
                        target.display()
                    ),
                )
                .with_hint("check out (or mount) what the link points to, or make content/ a folder"),
            )
        }
        Ok(_) if !path.is_dir() => Some(
            Diagnostic::file_error(content, "`content` is a file, not a folder")
                .with_hint("the site's papers, digests and pages go in a folder named content/ (content/papers/, content/digests/, content/pages/)"),
        ),
        Ok(_) => {
            let empty = std::fs::read_dir(&path)
                .is_ok_and(|mut entries| entries.all(|e| e.is_ok_and(|e| is_hidden(&e.file_name()))));
            empty.then(|| {
                Diagnostic::file_warning(content, "content/ is empty: the site has no papers or digests")
                    .with_hint(if submodule {
                        submodule_hint
                    } else {
                        "add papers under content/papers/ and digests under content/digests/ (`digest-site new 2404.02424` makes one), or import them (`digest-site import`)"
                    })
            })
        }
        Err(_) => {
            let other_case = std::fs::read_dir(root).ok().and_then(|entries| {
                entries.filter_map(Result::ok).map(|e| e.file_name()).find(|name| {
                    name.to_str().is_some_and(|n| n != CONTENT_DIR && n.eq_ignore_ascii_case(CONTENT_DIR))
                })
            });
            Some(match other_case {
                Some(name) => Diagnostic::file_error(
                    Path::new(&name),
                    format!(
                        "the site's content is read from `content/`, and this folder is named `{}`",
                        name.to_string_lossy()
                    ),
                )
                .with_hint("rename it to content/: names differ by case on Linux (where GitHub's runners build), so a site built there would be empty"),
                None => Diagnostic::file_warning(content, "there is no content/ folder: the site has no papers or digests")
                    .with_hint(if submodule {
                        submodule_hint
                    } else {
                        "make content/papers/ and content/digests/ and add files there (`digest-site new 2404.02424` makes one), or import them (`digest-site import`)"
                    }),
            })
        }
    }
}

/// A warning about an entry of `content/` that is not a regular file and so is not read,
/// when it looks like content: a symbolic link (to a file or a folder), a folder named
/// like a Markdown file, a named pipe, a socket or a device named `*.md`. Nothing is
/// opened: a named pipe would block the read forever.
fn skipped_entry(
    shown: &Path,
    entry: &walkdir::DirEntry,
    named_like_content: bool,
) -> Option<Diagnostic> {
    let file_type = entry.file_type();
    let (message, hint) = if file_type.is_symlink() {
        // `metadata` follows the link without opening what it points to.
        let target_is_dir = std::fs::metadata(entry.path()).is_ok_and(|m| m.is_dir());
        if !named_like_content && !target_is_dir {
            return None;
        }
        (
            format!(
                "`{}` is a symbolic link; links are not followed, so it is skipped",
                shown.display()
            ),
            "copy the file (or folder) into content/ instead of linking to it: a link could point outside the site",
        )
    } else if file_type.is_dir() {
        if !named_like_content {
            return None;
        }
        (
            format!(
                "`{}` is a folder, not a Markdown file; it is not read as content (the files in it are)",
                shown.display()
            ),
            "rename the folder if it was meant to be a file",
        )
    } else {
        if !named_like_content {
            return None;
        }
        (
            format!(
                "`{}` is not a regular file ({}); it is skipped",
                shown.display(),
                special_kind(&file_type)
            ),
            "replace it with a regular file, or remove it",
        )
    };
    Some(Diagnostic::file_warning(shown, message).with_hint(hint))
}

#[cfg(unix)]
fn special_kind(file_type: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_fifo() {
        "a named pipe"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_block_device() || file_type.is_char_device() {
        "a device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "a special file"
}

/// What to do about a file or folder that cannot be read.
fn read_hint(kind: Option<std::io::ErrorKind>) -> String {
    match kind {
        Some(std::io::ErrorKind::PermissionDenied) => {
            "you may not read it: give yourself read permission (e.g. `chmod u+r` on the file, `chmod u+rx` on a folder), or move it out of content/"
                .to_string()
        }
        Some(std::io::ErrorKind::NotFound) => {
            "it was removed or renamed while the site was read: run the command again".to_string()
        }
        _ => "check that it can be read (permissions, the disk), or move it out of content/"
            .to_string(),
    }
}

/// Reads and parses one content file. `path` is absolute (or relative to the working
/// directory); diagnostics show it relative to `root`.
pub fn load_file(root: &Path, path: &Path, kind: ContentKind) -> Result<LoadedFile, Diagnostics> {
    complete(read_file(root, path, kind))
}

/// Reads one content file: what could be parsed of it and every problem found.
fn read_file(root: &Path, path: &Path, kind: ContentKind) -> (Option<LoadedFile>, Diagnostics) {
    let shown = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    match std::fs::read(path) {
        Ok(bytes) => read_bytes(&shown, bytes, kind),
        Err(e) => (
            None,
            Diagnostic::file_error(&shown, format!("cannot read the file: {e}"))
                .with_hint(read_hint(Some(e.kind())))
                .into(),
        ),
    }
}

/// A file read without errors, or its errors.
fn complete<T>((value, diags): (Option<T>, Diagnostics)) -> Result<T, Diagnostics> {
    match value {
        Some(value) if !diags.has_errors() => Ok(value),
        _ => Err(diags),
    }
}

/// Parses the bytes of a content file whose path (as shown) is `shown`: [`load_file`]
/// without the file, for the fuzz target of paper files and the tests.
#[cfg(test)]
pub(crate) fn parse_file(
    shown: &Path,
    bytes: Vec<u8>,
    kind: ContentKind,
) -> Result<LoadedFile, Diagnostics> {
    complete(read_bytes(shown, bytes, kind))
}

fn read_bytes(
    shown: &Path,
    bytes: Vec<u8>,
    kind: ContentKind,
) -> (Option<LoadedFile>, Diagnostics) {
    let text = match decode_utf8(shown, bytes) {
        Ok(text) => text,
        Err(d) => return (None, d.into()),
    };
    // A `README.md` without front matter is the archive's notes (a git repository of
    // digests has one in each folder), not a paper that does not read.
    let readme = shown
        .file_name()
        .is_some_and(|n| n.eq_ignore_ascii_case("readme.md"));
    if readme && split_front_matter(&text).is_err() {
        return (None, Diagnostics::new());
    }
    match kind {
        ContentKind::Paper => wrap(read_document(shown, &text), LoadedFile::Paper),
        ContentKind::Digest if split_front_matter(&text).is_err() && is_tool_digest(&text) => {
            // The digest tools' Markdown (the seed's shape) put where digest-site's own
            // digests go: it is imported, not written over with front matter.
            let d = Diagnostic::error(shown, &text, 1, 1, "this is a digest in the digest tools' Markdown (a `| Ref | Title | Summary |` table and `[^1]:` details), not a digest-site digest")
                .with_hint(format!(
                    "move it out of content/ and import it, which makes its papers and a digest of them: `mv {} .. && digest-site import ../{}`",
                    shown.display(),
                    shown.file_name().unwrap_or_default().to_string_lossy()
                ));
            (None, d.into())
        }
        ContentKind::Digest => wrap(read_document(shown, &text), LoadedFile::Digest),
        ContentKind::Page => wrap(read_document(shown, &text), LoadedFile::Page),
    }
}

/// Whether `text` has the shape of the digest tools' Markdown digests: a table headed
/// `Ref | Title` and footnote details (`[^1]:`).
fn is_tool_digest(text: &str) -> bool {
    let table = text.lines().any(|l| {
        let cells: Vec<String> = l
            .split('|')
            .map(|c| c.trim().to_ascii_lowercase())
            .filter(|c| !c.is_empty())
            .collect();
        cells.len() >= 2 && cells[0] == "ref" && cells[1] == "title"
    });
    table
        && text
            .lines()
            .any(|l| l.trim_start().starts_with("[^") && l.contains("]:"))
}

fn wrap<T>(
    (doc, diags): (Option<T>, Diagnostics),
    f: impl FnOnce(T) -> LoadedFile,
) -> (Option<LoadedFile>, Diagnostics) {
    (doc.map(f), diags)
}

fn decode_utf8(shown: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if let Some(utf16) = crate::diagnostic::utf16_file(shown, &bytes) {
        return Err(utf16);
    }
    String::from_utf8(bytes).map_err(|e| {
        crate::diagnostic::not_utf8(
            shown,
            &e,
            "save the file as UTF-8 (a byte here is not part of any UTF-8 character)",
        )
    })
}

/// Splits front matter from the body and parses it into `T`.
pub fn parse_document<T: DeserializeOwned>(
    shown: &Path,
    text: &str,
) -> Result<Document<T>, Diagnostics> {
    complete(read_document(shown, text))
}

/// [`parse_document`], returning every problem of the front matter and, when some fields
/// are wrong but the rest reads, the document without them (see [`parse_yaml_all`]).
fn read_document<T: DeserializeOwned>(
    shown: &Path,
    text: &str,
) -> (Option<Document<T>>, Diagnostics) {
    let (yaml, first_line, body) = match split_front_matter(text) {
        Ok(parts) => parts,
        Err((line, message, hint)) => {
            return (
                None,
                Diagnostic::error(shown, text, line, 1, message)
                    .with_hint(hint)
                    .into(),
            );
        }
    };
    // Most files are plain block YAML, which the quick reading takes; the rest, and every
    // error, are the full parser's.
    let (front, errors) = match read_simple::<T>(yaml) {
        Some(front) => (Some(front), Vec::new()),
        None => parse_yaml_all::<T>(yaml, first_line),
    };
    let diags = Diagnostics::from(
        errors
            .into_iter()
            .map(|e| {
                let mut d = Diagnostic::error(shown, text, e.line, e.column, e.message);
                d.hint = e.hint.map(Into::into);
                if e.line < first_line {
                    d.line = first_line.saturating_sub(1).max(1);
                }
                d
            })
            .collect::<Vec<_>>(),
    );
    let doc = front.map(|front| Document {
        path: shown.to_path_buf(),
        front_yaml: yaml.to_string(),
        front_first_line: first_line,
        front_yaml_dropped: false,
        front,
        body: body.to_string(),
        stem: shown
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string(),
    });
    (doc, diags)
}

/// Splits `---\n<yaml>\n---\n<body>`. Returns the YAML, the file line it starts on, and
/// the body; or the line, message and hint of what is wrong.
pub fn split_front_matter(text: &str) -> Result<(&str, usize, &str), (usize, String, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    // Hugo's and Zola's other form: told apart, since "start the file with `---`" alone
    // leaves the TOML under it, which then does not read as YAML.
    if first.trim_end() == "+++" {
        return Err((
            1,
            "the file starts with TOML front matter (`+++`), which is not read".to_string(),
            "convert it to YAML between two `---` lines: `id = \"2404.02424\"` becomes `id: \"2404.02424\"`, `title = { en = \"...\" }` becomes `title: { en: \"...\" }`, and a `[arxiv]` table becomes `arxiv:` with its keys indented under it".to_string(),
        ));
    }
    if first.trim_end() != "---" {
        return Err((
            1,
            "the file does not start with front matter".to_string(),
            "start the file with a line `---`, the YAML fields, then another `---`".to_string(),
        ));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for (index, line) in lines.enumerate() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let yaml = &text[yaml_start..offset];
            if yaml.trim().is_empty() {
                return Err((
                    1,
                    "the front matter is empty".to_string(),
                    "write the fields between the two `---` lines, e.g. `id: \"2404.02424\"`"
                        .to_string(),
                ));
            }
            let _ = index;
            return Ok((yaml, 2, &text[offset + line.len()..]));
        }
        offset += line.len();
    }
    Err((
        1,
        "the front matter is not terminated".to_string(),
        "close the front matter with a line `---` after the last field".to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Severity, WarningKind};

    /// Reading in batches and keeping a few warnings of each kind after each batch keeps
    /// and counts exactly what keeping them of the whole site does.
    #[test]
    fn warnings_kept_batch_by_batch_are_those_kept_of_all() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::write(
            root.join("site.yaml"),
            "title: T\nbase_url: https://example.org/\n",
        )
        .unwrap();
        std::fs::create_dir_all(root.join("content/papers/2024")).unwrap();
        std::fs::create_dir_all(root.join("content/digests")).unwrap();
        // Papers in two folders (a folder's files come before the files after it), one of
        // them unreadable (an error, always kept), and a digest.
        for (i, name) in [
            "2404.00001",
            "2404.00002",
            "2024/2404.00003",
            "2024/2404.00004",
            "2404.00005",
            "2404.00006",
            "2404.00007",
        ]
        .iter()
        .enumerate()
        {
            let id = name.rsplit('/').next().unwrap();
            std::fs::write(
                root.join(format!("content/papers/{name}.md")),
                format!("---\nid: \"{id}\"\ntitle: Paper {i}\n---\n"),
            )
            .unwrap();
        }
        std::fs::write(root.join("content/papers/2404.00008.md"), "no front matter").unwrap();
        std::fs::write(
            root.join("content/digests/2024-04-01.md"),
            "---\ndate: 2024-04-01\npapers: [\"2404.00001\"]\n---\n",
        )
        .unwrap();
        let config = crate::config::load_config(root).unwrap();
        // Two warnings of one kind per paper (the same one twice: one is a repetition),
        // one of another kind on every other paper.
        let check = |doc: &PaperDocument| {
            let warning = |line, kind| {
                let mut d = doc.error_at((line, 1), format!("{kind:?}")).of_kind(kind);
                d.severity = Severity::Warning;
                d
            };
            let mut diags = Diagnostics::from(vec![
                warning(1, WarningKind::CutAbstract),
                warning(1, WarningKind::CutAbstract),
                warning(2, WarningKind::CutAbstract),
            ]);
            if doc.front.id.ends_with(['1', '3', '5', '7']) {
                diags.push(warning(1, WarningKind::Math));
            }
            diags
        };
        let (_, mut all) = load_all_with(&config, true, Some(&check), None);
        all.sort();
        assert!(all.has_errors());
        assert_eq!(all.warning_count(), 18);
        all.keep_per_kind(3);
        for batch in [1, 2, 3, 100] {
            let (content, mut kept) = load_all_with(&config, true, Some(&check), Some((3, batch)));
            kept.sort();
            kept.keep_per_kind(3);
            assert_eq!(kept, all, "batches of {batch}");
            assert_eq!(content.papers.len(), 7);
            assert_eq!(content.digests.len(), 1);
        }
    }

    #[test]
    fn splits_front_matter_and_body() {
        let (yaml, line, body) = split_front_matter("---\nid: a\n---\nHello\n").unwrap();
        assert_eq!((yaml, line, body), ("id: a\n", 2, "Hello\n"));
        assert_eq!(
            split_front_matter("---\nid: a\n").unwrap_err().1,
            "the front matter is not terminated"
        );
        assert_eq!(
            split_front_matter("---\n\n---\n").unwrap_err().1,
            "the front matter is empty"
        );
        assert!(split_front_matter("id: a\n").is_err());
        // TOML front matter is named, and the hint says how to write it as YAML.
        let (line, message, hint) =
            split_front_matter("+++\nid = \"p\"\ntitle = { en = \"x\" }\n+++\n").unwrap_err();
        assert_eq!(line, 1);
        assert_eq!(
            message,
            "the file starts with TOML front matter (`+++`), which is not read"
        );
        assert!(
            hint.starts_with("convert it to YAML between two `---` lines"),
            "{hint}"
        );
    }

    #[test]
    fn kinds_follow_folders() {
        assert_eq!(
            ContentKind::of(Path::new("papers/x/a.md")),
            Some(ContentKind::Paper)
        );
        assert_eq!(
            ContentKind::of(Path::new("digests/a.md")),
            Some(ContentKind::Digest)
        );
        assert_eq!(ContentKind::of(Path::new("papers/a.txt")), None);
        assert_eq!(ContentKind::of(Path::new("other/a.md")), None);
    }
}
