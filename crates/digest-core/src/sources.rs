//! The site's folders, and which files under them are its sources.
//!
//! Loading reads `content/` by these rules and rendering copies `static/`; the dev
//! server's watcher asks [`classify`] which changed files matter, so that a file the build
//! ignores never triggers a rebuild and a file it reads always does.

use std::path::Path;

use crate::config::CONFIG_FILE;

/// The content folder, relative to the site root.
pub const CONTENT_DIR: &str = "content";

/// The folder of files copied into the site as they are, relative to the site root.
pub const STATIC_DIR: &str = "static";

/// The folder of the site's template hooks (`head.html`, `footer.html`).
pub const TEMPLATES_DIR: &str = "templates";

/// The folders of a site that hold its sources: an output folder must stay clear of them.
pub(crate) const SOURCE_DIRS: [&str; 4] = [CONTENT_DIR, STATIC_DIR, TEMPLATES_DIR, "themes"];

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
    pub(crate) fn of(relative_to_content: &Path) -> Option<ContentKind> {
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

/// What a file of the site's folder is to the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// `site.yaml`.
    Config,
    /// A paper, digest or page under `content/`.
    Content(ContentKind),
    /// A folder under `content/` (moved or removed whole: the files in it are gone too).
    ContentFolder,
    /// A file under `static/`.
    Static,
    /// A hook under `templates/` (`head.html`, `footer.html`).
    Template,
}

/// What `path` (absolute, under `root`) is to the site, or `None` when the site does not
/// read it: files outside `site.yaml`, `content/`, `static/` and the hooks of
/// `templates/`, hidden files and folders
/// of `content/` (loading skips them), and files there that are not content (a path there
/// that is gone counts as a folder unless it was a Markdown file: it may have been one).
pub fn classify(root: &Path, path: &Path) -> Option<Source> {
    let relative = path.strip_prefix(root).ok()?;
    let mut parts = relative.components();
    let first = parts.next()?.as_os_str().to_str()?;
    let rest = parts.as_path();
    match first {
        CONFIG_FILE if rest.as_os_str().is_empty() => Some(Source::Config),
        CONTENT_DIR => {
            if rest.components().any(|c| is_hidden(c.as_os_str())) {
                return None;
            }
            match ContentKind::of(rest) {
                Some(kind) => Some(Source::Content(kind)),
                None if rest.extension().is_none() => Some(Source::ContentFolder),
                // A name with a dot is a folder too when it is one, or when it is gone (a
                // folder `archive.2025` removed): only a file there is nothing.
                None if !path.is_file() && rest.extension().is_none_or(|e| e != "md") => {
                    Some(Source::ContentFolder)
                }
                None => None,
            }
        }
        // The folder itself too: removed or moved away, its files are gone with it.
        STATIC_DIR => Some(Source::Static),
        // Every file: a hook, or one the build warns is not read (a misspelt hook, a
        // Hugo site's `index.html`), which the dev server says as soon as it is saved.
        TEMPLATES_DIR => Some(Source::Template),
        _ => None,
    }
}

/// Whether `file_name` is a swap, backup, lock or probe file of vim, emacs or another
/// editor (`.a.md.swp`, `a.md~`, `#a.md#`, `4913`), which is nobody's source.
pub fn is_editor_temporary(file_name: &str) -> bool {
    file_name.ends_with(".swp")
        || file_name.ends_with(".swx")
        || file_name.ends_with(".swo")
        || file_name.ends_with('~')
        || file_name.starts_with(".#")
        || (file_name.starts_with('#') && file_name.ends_with('#'))
        || file_name == "4913"
}

/// Whether loading skips a file or folder of `content/`: its name starts with a dot.
pub(crate) fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with('.') && n != "." && n != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_the_build_reads_counts() {
        let root = Path::new("/site");
        let c = |p: &str| classify(root, &root.join(p));
        assert_eq!(c("site.yaml"), Some(Source::Config));
        assert_eq!(
            c("content/papers/2404.02424.md"),
            Some(Source::Content(ContentKind::Paper))
        );
        assert_eq!(
            c("content/digests/2024-04-04.md"),
            Some(Source::Content(ContentKind::Digest))
        );
        assert_eq!(
            c("content/pages/about.md"),
            Some(Source::Content(ContentKind::Page))
        );
        assert_eq!(c("static/assets/style.css"), Some(Source::Static));
        assert_eq!(c("content/papers/2024"), Some(Source::ContentFolder));
        assert_eq!(c("templates/head.html"), Some(Source::Template));
        assert_eq!(c("templates/footer.html"), Some(Source::Template));
        // Not read, but warned about: a save is a rebuild that says so.
        assert_eq!(c("templates/base.html"), Some(Source::Template));
        assert_eq!(c("templates/partials/x.html"), Some(Source::Template));
        // The folders themselves, removed or moved away; a folder with a dot in its name,
        // gone.
        assert_eq!(c("static"), Some(Source::Static));
        assert_eq!(c("templates"), Some(Source::Template));
        assert_eq!(
            c("content/papers/archive.2025"),
            Some(Source::ContentFolder)
        );
        for ignored in [
            "content/papers/.hidden.md",
            "content/.drafts/a.md",
            "public/index.html",
            ".git/index",
            "target/debug/x",
            "README.md",
            "site.yaml/x",
        ] {
            assert_eq!(c(ignored), None, "{ignored}");
        }
        assert_eq!(classify(root, Path::new("/elsewhere/site.yaml")), None);
        // A file of content/ that is not content is nothing; gone, it may have been a
        // folder, and counts as one.
        let dir = tempfile::tempdir().unwrap();
        let notes = dir.path().join("content/papers/notes.txt");
        std::fs::create_dir_all(notes.parent().unwrap()).unwrap();
        std::fs::write(&notes, "mine").unwrap();
        assert_eq!(classify(dir.path(), &notes), None);
        std::fs::remove_file(&notes).unwrap();
        assert_eq!(classify(dir.path(), &notes), Some(Source::ContentFolder));
    }
}
