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
use crate::diagnostic::{Diagnostic, Diagnostics, line_column};
use crate::frontmatter::{DigestFrontMatter, PageFrontMatter, PaperFrontMatter};
use crate::yaml::parse_yaml;

/// The content folder, relative to the site root.
pub const CONTENT_DIR: &str = "content";

/// What a file under `content/` is, from the folder it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContentKind {
    Paper,
    Digest,
    Page,
}

impl ContentKind {
    /// The kind of a file from its path relative to `content/`; `None` for files that are
    /// not content (not Markdown, or outside the three folders).
    pub fn of(relative_to_content: &Path) -> Option<ContentKind> {
        if relative_to_content.extension().and_then(|e| e.to_str()) != Some("md") {
            return None;
        }
        let first = relative_to_content
            .components()
            .next()?
            .as_os_str()
            .to_str()?;
        match first {
            "papers" => Some(ContentKind::Paper),
            "digests" => Some(ContentKind::Digest),
            "pages" => Some(ContentKind::Page),
            _ => None,
        }
    }
}

/// One parsed content file.
#[derive(Debug, Clone)]
pub struct Document<T> {
    /// Path relative to the site root, as shown in diagnostics.
    pub path: PathBuf,
    /// The file's front matter, as written (for locating values in diagnostics).
    pub front_yaml: String,
    /// The 1-based line of the file on which `front_yaml` starts.
    pub front_first_line: usize,
    pub front: T,
    /// The Markdown body after the front matter.
    pub body: String,
    /// The file stem: the slug of digests and pages.
    pub stem: String,
}

impl<T> Document<T> {
    /// Line and column in the file of something found at `(line, column)` of the YAML.
    pub fn file_position(&self, yaml_pos: (usize, usize)) -> (usize, usize) {
        (self.front_first_line + yaml_pos.0 - 1, yaml_pos.1)
    }

    /// A diagnostic at a position of the front matter.
    pub fn error_at(&self, yaml_pos: (usize, usize), message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.file_position(yaml_pos);
        Diagnostic {
            severity: crate::diagnostic::Severity::Error,
            path: self.path.clone(),
            line,
            column,
            message: message.into(),
            source_line: self
                .front_yaml
                .lines()
                .nth(yaml_pos.0 - 1)
                .unwrap_or("")
                .to_string(),
            hint: None,
        }
    }

    /// A diagnostic at the value of the top-level `key:` (or the start of the front matter).
    pub fn error_at_key(&self, key: &str, message: impl Into<String>) -> Diagnostic {
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
    let content_dir = config.root.join(CONTENT_DIR);
    let mut files: Vec<(PathBuf, ContentKind)> = Vec::new();
    let mut diags = Diagnostics::new();
    if content_dir.is_dir() {
        for entry in walkdir::WalkDir::new(&content_dir)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| !is_hidden(e.file_name()))
        {
            match entry {
                Ok(entry) if entry.file_type().is_file() => {
                    let rel = entry
                        .path()
                        .strip_prefix(&content_dir)
                        .unwrap_or(entry.path());
                    if let Some(kind) = ContentKind::of(rel) {
                        files.push((entry.path().to_path_buf(), kind));
                    }
                }
                Ok(_) => {}
                Err(e) => diags.push(Diagnostic::file_error(
                    e.path().unwrap_or(&content_dir),
                    format!("cannot read: {e}"),
                )),
            }
        }
    }
    let results: Vec<Result<LoadedFile, Diagnostics>> = files
        .par_iter()
        .map(|(path, kind)| load_file(&config.root, path, *kind))
        .collect();
    let mut content = LoadedContent::default();
    for result in results {
        match result {
            Ok(LoadedFile::Paper(d)) => content.papers.push(d),
            Ok(LoadedFile::Digest(d)) => content.digests.push(d),
            Ok(LoadedFile::Page(d)) => content.pages.push(d),
            Err(d) => diags.extend(d),
        }
    }
    (content, diags)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with('.') && n != "." && n != "..")
}

/// Reads and parses one content file. `path` is absolute (or relative to the working
/// directory); diagnostics show it relative to `root`.
pub fn load_file(root: &Path, path: &Path, kind: ContentKind) -> Result<LoadedFile, Diagnostics> {
    let shown = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::file_error(&shown, format!("cannot read the file: {e}")))?;
    parse_file(&shown, bytes, kind)
}

/// Parses the bytes of a content file whose path (as shown) is `shown`.
pub fn parse_file(
    shown: &Path,
    bytes: Vec<u8>,
    kind: ContentKind,
) -> Result<LoadedFile, Diagnostics> {
    let text = decode_utf8(shown, bytes)?;
    Ok(match kind {
        ContentKind::Paper => LoadedFile::Paper(parse_document(shown, &text)?),
        ContentKind::Digest => LoadedFile::Digest(parse_document(shown, &text)?),
        ContentKind::Page => LoadedFile::Page(parse_document(shown, &text)?),
    })
}

fn decode_utf8(shown: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        let (line, column) = line_column(&prefix, prefix.len());
        Diagnostic::error(shown, &lossy, line, column, "the file is not valid UTF-8")
            .with_hint("save the file as UTF-8 (a byte here is not part of any UTF-8 character)")
    })
}

/// Splits front matter from the body and parses it into `T`.
pub fn parse_document<T: DeserializeOwned>(
    shown: &Path,
    text: &str,
) -> Result<Document<T>, Diagnostics> {
    let (yaml, first_line, body) = split_front_matter(text).map_err(|(line, message, hint)| {
        Diagnostic::error(shown, text, line, 1, message).with_hint(hint)
    })?;
    let front: T = parse_yaml(yaml, first_line).map_err(|e| {
        let mut d = Diagnostic::error(shown, text, e.line, e.column, e.message);
        d.hint = e.hint;
        if e.line < first_line {
            d.line = first_line.saturating_sub(1).max(1);
        }
        d
    })?;
    Ok(Document {
        path: shown.to_path_buf(),
        front_yaml: yaml.to_string(),
        front_first_line: first_line,
        front,
        body: body.to_string(),
        stem: shown
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string(),
    })
}

/// Splits `---\n<yaml>\n---\n<body>`. Returns the YAML, the file line it starts on, and
/// the body; or the line, message and hint of what is wrong.
pub fn split_front_matter(text: &str) -> Result<(&str, usize, &str), (usize, String, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
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
