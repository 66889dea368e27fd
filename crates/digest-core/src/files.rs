//! Listing a folder's files as the site names them: paths relative to the folder,
//! `/`-separated, in a stable order.
//!
//! The user's `static/` folder (the pipeline's `list_static`) and the published search
//! bundle ([`crate::search::previous_bundle`]) are listed this way. Walks with rules of their
//! own stay with their stage: `load` (hidden names pruned, symbolic links and other
//! non-files reported, every error collected) and `write` (every entry but folders counts
//! as a foreign file, and names need not be UTF-8 to be reported).
//!
//! The walk is [`walkdir`]'s; what is written here is only the choice of entries and their
//! names. Beside it, how a listed file is read ([`read_bounded`]: no further than its size),
//! whether a path is a link ([`is_link`]), and which links a site's folders may not be
//! ([`system_folder_behind`]).

use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The regular files under `dir`, relative to it and `/`-separated (`css/site.css`), and
/// the symbolic links found there, which are neither followed nor listed as files (`dir`
/// itself may be one: its files are listed).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Listing {
    pub files: Vec<String>,
    pub links: Vec<String>,
}

/// Lists `dir` ([`Listing`]), without version control folders (`.git`, `.hg`, `.svn`)
/// and the files file managers leave (`.DS_Store`, `Thumbs.db`, `desktop.ini`).
///
/// The order is the walk's: each folder's entries sorted by name, a folder's files listed
/// where the folder comes (`a/b.css` before `a-c.css`). A folder that cannot be read,
/// `dir` missing included, is an error naming the path (the caller decides what a missing
/// folder means); so is a name that is not UTF-8, which no output path can hold, and one
/// with a control character (a line break), which the output's record of its files, one
/// name a line, cannot hold either.
pub fn relative_files(dir: &Path) -> io::Result<Listing> {
    let mut listing = Listing::default();
    // A version control folder (a `static/` kept as a repository of its own, or a
    // submodule) would publish its history; a file manager's notes are nobody's page.
    let published = |entry: &walkdir::DirEntry| {
        entry.depth() == 0
            || !matches!(
                entry.file_name().to_str(),
                Some(".git" | ".hg" | ".svn" | ".DS_Store" | "Thumbs.db" | "desktop.ini")
            )
    };
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(published)
    {
        let entry = entry.map_err(io::Error::other)?;
        let file_type = entry.file_type();
        // `dir` itself may be a link (a `static/` kept elsewhere and linked into the site):
        // the owner chose the whole folder, which the walk reads through the link.
        if entry.depth() == 0 || (!file_type.is_file() && !file_type.is_symlink()) {
            continue;
        }
        let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let parts: Option<Vec<&str>> = relative.iter().map(|p| p.to_str()).collect();
        let Some(parts) = parts else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("the name of {} is not UTF-8", entry.path().display()),
            ));
        };
        let name = parts.join("/");
        if let Some(c) = name.chars().find(|c| c.is_control()) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "the name of {} holds the control character U+{:04X}",
                    entry.path().display(),
                    u32::from(c)
                ),
            ));
        }
        match file_type.is_symlink() {
            true => listing.links.push(name),
            false => listing.files.push(name),
        }
    }
    Ok(listing)
}

/// The bytes of the file at `path`, as many as its size says: a file of the system's
/// (`/proc/self/pagemap`, which says 0 and reads on for gigabytes) cannot fill the memory,
/// and gives nothing.
/// Anything but a regular file (a named pipe, which would block the read) is an error.
pub fn read_bounded(path: &Path) -> io::Result<Vec<u8>> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(size).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Whether `path` is a symbolic link itself (not followed).
pub fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_symlink())
}

/// Where `dir` leads when it is a symbolic link into the system's own folders (`/proc`,
/// `/sys`, `/dev`): their files are the running system's (its environment, its memory),
/// not a site's.
pub fn system_folder_behind(dir: &Path) -> Option<PathBuf> {
    if !is_link(dir) {
        return None;
    }
    let target = std::fs::canonicalize(dir).ok()?;
    ["/proc", "/sys", "/dev"]
        .iter()
        .any(|system| target.starts_with(system))
        .then_some(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(dir: &Path, path: &str) {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "x").unwrap();
    }

    #[test]
    fn lists_files_relative_and_slash_separated_in_walk_order() {
        let dir = tempfile::tempdir().unwrap();
        for path in ["b.txt", "a-c.css", "a/z/deep.js", "a/b.css", "剪枝.txt"] {
            touch(dir.path(), path);
        }
        std::fs::create_dir_all(dir.path().join("empty/inner")).unwrap();
        assert_eq!(
            relative_files(dir.path()).unwrap().files,
            ["a/b.css", "a/z/deep.js", "a-c.css", "b.txt", "剪枝.txt"]
        );
    }

    #[test]
    fn a_missing_folder_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing");
        let error = relative_files(&missing).unwrap_err();
        assert!(
            error.to_string().contains(&missing.display().to_string()),
            "{error}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_are_listed_apart_and_names_must_be_utf8() {
        use std::os::unix::ffi::OsStrExt;

        let dir = tempfile::tempdir().unwrap();
        touch(dir.path(), "real.txt");
        std::os::unix::fs::symlink(dir.path().join("real.txt"), dir.path().join("link.txt"))
            .unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
        let listing = relative_files(dir.path()).unwrap();
        assert_eq!(listing.files, ["real.txt"]);
        assert_eq!(listing.links, ["link.txt", "loop"]);

        let name = std::ffi::OsStr::from_bytes(b"bad-\xff.txt");
        std::fs::write(dir.path().join(name), "x").unwrap();
        let error = relative_files(dir.path()).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidData);
        assert!(error.to_string().contains("not UTF-8"), "{error}");
    }

    #[test]
    #[cfg(unix)]
    fn a_linked_folder_is_listed_through_its_link() {
        let dir = tempfile::tempdir().unwrap();
        touch(&dir.path().join("elsewhere"), "logo.svg");
        touch(&dir.path().join("elsewhere"), "css/custom.css");
        let linked = dir.path().join("static");
        std::os::unix::fs::symlink(dir.path().join("elsewhere"), &linked).unwrap();
        let listing = relative_files(&linked).unwrap();
        assert_eq!(listing.files, ["css/custom.css", "logo.svg"]);
        assert!(listing.links.is_empty(), "{:?}", listing.links);
    }

    #[test]
    fn version_control_folders_and_file_manager_notes_are_not_listed() {
        let dir = tempfile::tempdir().unwrap();
        for path in [
            ".git/config",
            "sub/.svn/entries",
            ".DS_Store",
            "img/Thumbs.db",
            ".well-known/security.txt",
            "img/a.png",
        ] {
            touch(dir.path(), path);
        }
        assert_eq!(
            relative_files(dir.path()).unwrap().files,
            [".well-known/security.txt", "img/a.png"]
        );
    }

    #[test]
    fn names_with_a_line_break_are_an_error() {
        let dir = tempfile::tempdir().unwrap();
        touch(dir.path(), "new\nline.txt");
        let error = relative_files(dir.path()).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidData);
        assert!(error.to_string().contains("U+000A"), "{error}");
    }
}
