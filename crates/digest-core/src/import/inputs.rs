//! The files an import reads: the files named, and the importable files of the folders
//! named (`digest-site import old-site/`).
//!
//! A folder is walked in file-name order, hidden files and folders left out (`.git`), and
//! only files that import can read are taken, by their extension: a folder of digests also
//! holds a README or images. Each file is shown as the folder named joined with its path
//! inside it, so diagnostics point where the user looks.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics};

/// Extensions import reads in a folder (a file named explicitly is read whatever its name).
pub const IMPORTABLE: &[&str] = &[
    "md", "markdown", "txt", "xml", "rss", "atom", "json", "jsonl", "gz",
];

/// One file to import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Where to read it.
    pub path: PathBuf,
    /// How diagnostics show it.
    pub shown: PathBuf,
    /// Found in a folder named, rather than named itself: such a file that lists no
    /// papers (a README or a licence beside the digests) is left out with a warning
    /// instead of stopping the import.
    pub in_folder: bool,
}

/// The files to import for the paths given on the command line (relative to `base`, the
/// working folder), in order, each once: a file given twice, under two spellings
/// (`seed.md`, `../m/seed.md`) or through a linked folder, is read once. A path that is
/// no folder is read as a file, whatever it is: a pipe (`<(zcat day.jsonl.gz)`,
/// `/dev/stdin`) is read once, in full. A path that does not exist, or a folder without an
/// importable file, is an error.
pub fn expand(base: &Path, paths: &[PathBuf]) -> Result<Vec<Input>, Diagnostics> {
    let mut inputs = Vec::new();
    let mut seen = HashSet::new();
    let mut errors = Diagnostics::new();
    for given in paths {
        let path = base.join(given);
        let metadata = match std::fs::metadata(&path) {
            Ok(metadata) => metadata,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                errors.push(
                    Diagnostic::file_error(given, "no such file or folder")
                        .with_hint("name a digest, a feed or a folder of them"),
                );
                continue;
            }
            Err(e) => {
                errors.push(Diagnostic::file_error(given, format!("cannot read: {e}")));
                continue;
            }
        };
        if is_device(&metadata) {
            // A device (`/dev/zero`, a terminal) would be read for ever, or wait.
            errors.push(
                Diagnostic::file_error(given, "this is a device, not a file")
                    .with_hint("save what it gives to a file, and import that file"),
            );
            continue;
        }
        if !metadata.is_dir() {
            if seen.insert(same_file(&path)) {
                inputs.push(Input {
                    path,
                    shown: given.clone(),
                    in_folder: false,
                });
            }
            continue;
        }
        // The files of a folder are below its real path (the walk follows no link).
        let real = same_file(&path);
        let mut importable = 0;
        let walk = walkdir::WalkDir::new(&path)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !crate::sources::is_hidden(e.file_name()));
        for entry in walk {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let at = e.path().unwrap_or(&path).to_path_buf();
                    errors.push(Diagnostic::file_error(&at, format!("cannot read: {e}")));
                    continue;
                }
            };
            if !entry.file_type().is_file() || !is_importable(entry.path()) {
                continue;
            }
            importable += 1;
            let inside = entry.path().strip_prefix(&path).unwrap_or(entry.path());
            if seen.insert(real.join(inside)) {
                inputs.push(Input {
                    path: entry.path().to_path_buf(),
                    shown: given.join(inside),
                    in_folder: true,
                });
            }
        }
        if importable == 0 {
            errors.push(
                Diagnostic::file_error(given, "the folder holds no file import reads").with_hint(
                    format!(
                        "import reads files ending in .{} in a folder",
                        IMPORTABLE.join(", .")
                    ),
                ),
            );
        }
    }
    if errors.has_errors() {
        Err(errors)
    } else {
        Ok(inputs)
    }
}

/// Whether `metadata` is a device's (a character or block device).
fn is_device(metadata: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = metadata.file_type();
        kind.is_char_device() || kind.is_block_device()
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        false
    }
}

/// What a path names, however it is spelled: its real path, or the path itself when it
/// has none (a pipe of the shell's, `/dev/fd/63`).
fn same_file(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

fn is_importable(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| IMPORTABLE.contains(&e.to_ascii_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_give_their_importable_files_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for file in [
            "old/2024-04-02.md",
            "old/2024-04-01.md",
            "old/README.txt",
            "old/logo.png",
            "old/.git/HEAD.md",
            "old/nested/feed.xml",
            "one.md",
        ] {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let shown = |inputs: Vec<Input>| -> Vec<String> {
            inputs
                .iter()
                .map(|i| i.shown.to_string_lossy().replace('\\', "/"))
                .collect()
        };
        let found = expand(root, &["one.md".into(), "old".into(), "one.md".into()]).unwrap();
        assert_eq!(
            shown(found),
            [
                "one.md",
                "old/2024-04-01.md",
                "old/2024-04-02.md",
                "old/README.txt",
                "old/nested/feed.xml"
            ]
        );
        // The same files under other spellings, and through a linked folder: read once.
        let again = expand(
            &root.join("old"),
            &[
                "../one.md".into(),
                "../old/nested".into(),
                "nested/../../one.md".into(),
            ],
        )
        .unwrap();
        assert_eq!(shown(again), ["../one.md", "../old/nested/feed.xml"]);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("old"), root.join("linked")).unwrap();
            let found = expand(
                root,
                &["old".into(), "linked".into(), "linked/2024-04-01.md".into()],
            )
            .unwrap();
            assert_eq!(found.len(), 4, "{found:?}");
            assert!(
                found.iter().all(|i| i.shown.starts_with("old")),
                "{found:?}"
            );
        }
        #[cfg(target_os = "linux")]
        {
            let refused = expand(root, &["/dev/zero".into()])
                .unwrap_err()
                .render(false);
            assert!(
                refused.contains("this is a device, not a file"),
                "{refused}"
            );
        }
        std::fs::create_dir(root.join("empty")).unwrap();
        let problems = expand(root, &["empty".into(), "missing.md".into()]).unwrap_err();
        let found: Vec<(String, String)> = problems
            .iter()
            .map(|d| (d.path.display().to_string(), d.message.clone()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "empty".into(),
                    "the folder holds no file import reads".into()
                ),
                ("missing.md".into(), "no such file or folder".into())
            ]
        );
    }
}
