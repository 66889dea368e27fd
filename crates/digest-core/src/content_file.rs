//! Writing content files: front matter serialized as YAML between `---` lines, then the
//! body, and putting a file on disk atomically.
//!
//! `content_file` is the one place that turns front matter into text (import writes every
//! paper and digest file with it), and every file it makes reads back through
//! [`crate::parse_document`] into the same value. [`write_atomically`] is how every
//! command that writes into a site puts a file there: import, `init` and `new`
//! ([`crate::scaffold`]), and `export -o`.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// A content file: `---`, the YAML of `front`, `---`, then `body` (if any).
pub(crate) fn content_file<T: Serialize>(front: &T, body: &str) -> String {
    // Serializing these plain structs cannot fail: every field is a string, a number, a
    // bool, a list or a map with string keys.
    let yaml = match yaml_serde::to_value(front) {
        Ok(mut value) if has_yaml_line_break(&value) => {
            yaml_serde::to_string(&unicode_breaks_as_newlines(&mut value)).unwrap_or_default()
        }
        _ => yaml_serde::to_string(front).unwrap_or_default(),
    };
    let mut out = String::with_capacity(yaml.len() + body.len() + 8);
    out.push_str("---\n");
    out.push_str(&yaml);
    if !yaml.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("---\n");
    if !body.trim().is_empty() {
        out.push_str(body.trim_start_matches('\n'));
        if !body.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// The characters YAML 1.1 (and the reader) takes as line breaks but the writer keeps raw
/// in quoted texts: NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR.
const UNICODE_BREAKS: [char; 3] = ['\u{85}', '\u{2028}', '\u{2029}'];

fn has_yaml_line_break(value: &yaml_serde::Value) -> bool {
    match value {
        yaml_serde::Value::String(s) => s.contains(UNICODE_BREAKS),
        yaml_serde::Value::Sequence(items) => items.iter().any(has_yaml_line_break),
        yaml_serde::Value::Mapping(map) => map
            .iter()
            .any(|(k, v)| has_yaml_line_break(k) || has_yaml_line_break(v)),
        _ => false,
    }
}

/// `front` without the characters a content file cannot hold (control characters but tab
/// and line breaks, which would be written as escapes the reader refuses), and where they
/// were: the dotted name of each field (`title.en`, `authors.2`) and its first such
/// character. `None` when it holds none (the common case, read without a copy).
pub(crate) fn without_control_characters<T: Serialize + serde::de::DeserializeOwned>(
    front: &T,
) -> Option<(T, Vec<(String, char)>)> {
    fn clean(value: &mut yaml_serde::Value, at: &mut Vec<String>, found: &mut Vec<(String, char)>) {
        match value {
            yaml_serde::Value::String(s) => {
                if let Some(c) = s.chars().find(|&c| !crate::yaml::printable(c)) {
                    found.push((at.join("."), c));
                    s.retain(crate::yaml::printable);
                }
            }
            yaml_serde::Value::Sequence(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    at.push((i + 1).to_string());
                    clean(item, at, found);
                    at.pop();
                }
            }
            yaml_serde::Value::Mapping(map) => {
                for (k, v) in map.iter_mut() {
                    at.push(k.as_str().unwrap_or_default().to_string());
                    clean(v, at, found);
                    at.pop();
                }
            }
            _ => {}
        }
    }
    let mut value = yaml_serde::to_value(front).ok()?;
    let mut found = Vec::new();
    clean(&mut value, &mut Vec::new(), &mut found);
    if found.is_empty() {
        return None;
    }
    Some((yaml_serde::from_value(value).ok()?, found))
}

/// Whether `written` is `front` as [`content_file`] writes it: its NEL, LS and PS as line
/// breaks (see [`unicode_breaks_as_newlines`]).
pub(crate) fn reads_back_as<T: Serialize>(written: &T, front: &T) -> bool {
    match (yaml_serde::to_value(written), yaml_serde::to_value(front)) {
        (Ok(written), Ok(mut front)) => written == *unicode_breaks_as_newlines(&mut front),
        _ => false,
    }
}

/// `value` with every NEL, LS and PS written as a line break: written raw, the reader would
/// fold them, so the file would not read back as written (a fuzz-found case: a summary
/// ending in U+2029).
fn unicode_breaks_as_newlines(value: &mut yaml_serde::Value) -> &yaml_serde::Value {
    match value {
        yaml_serde::Value::String(s) => *s = s.replace(UNICODE_BREAKS, "\n"),
        yaml_serde::Value::Sequence(items) => {
            for item in items {
                unicode_breaks_as_newlines(item);
            }
        }
        yaml_serde::Value::Mapping(map) => {
            for (_, v) in map.iter_mut() {
                unicode_breaks_as_newlines(v);
            }
        }
        _ => {}
    }
    value
}

/// Writes `bytes` to `path` so that readers see either the old file or the new one: a
/// temporary file in the same folder, then renamed over `path`. The readers that matter
/// are the dev server's watcher and a build running meanwhile; the file is not synced to
/// the disk one by one (that cost 7 ms a file, a second for a day's feed).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_all_or_none(&[(path, bytes)]).map_err(|(_, e)| e)
}

/// The first part of `relative` (a content file's path from the site root, such as
/// `content/papers/x.md`) that is a symbolic link, below its first part: `content/` itself
/// may be a link (content kept in another repository), which the build reads through, but
/// it follows no link below it, so a file written through one would be written outside
/// the site and never read. The first part counts only when its link leads nowhere.
pub fn linked_part(root: &Path, relative: &Path) -> Option<PathBuf> {
    let mut at = PathBuf::new();
    for (k, part) in relative.components().enumerate() {
        at.push(part);
        // `content/` may be a link, but not one that leads nowhere.
        let leads_nowhere = || std::fs::metadata(root.join(&at)).is_err();
        if crate::files::is_link(&root.join(&at)) && (k > 0 || leads_nowhere()) {
            return Some(at);
        }
    }
    None
}

/// A diagnostic for a content file that is not written because `link`, a part of its
/// path, is a symbolic link.
pub fn through_link(link: &Path) -> crate::Diagnostic {
    // The first part (`content`) is refused only when it leads nowhere.
    if link.components().count() == 1 {
        return crate::Diagnostic::file_error(
            link,
            format!(
                "`{}` is a symbolic link to a folder that is not there",
                link.display()
            ),
        )
        .with_hint("make the folder it points to, or replace the link with a folder, then run the command again");
    }
    crate::Diagnostic::file_error(
        link,
        format!(
            "`{}` is a symbolic link: files are not written through links (the build does not read through them either)",
            link.display()
        ),
    )
    .with_hint("replace the link with the folder or file itself (move what it points to into the site), then run the command again")
}

/// Where a command that writes content files stands, for its Ctrl-C handler: asked to
/// stop before [`write_all_or_none`] starts renaming its files into place, it writes
/// nothing; asked once the renames began, it finishes them (stopping half-way would
/// leave only some of the files imported).
static STOP: StopState = StopState::new();

/// What [`request_stop`] made of the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopAnswer {
    /// Nothing will be written: what was staged is removed.
    NothingWritten,
    /// The files are being (or have been) put in place: the command finishes.
    Finishing,
}

/// The states of [`STOP`]: one atomic value, so that a stop asked while the renames
/// start is either before them (nothing written) or after (finished), never said to be
/// one and done as the other.
struct StopState(std::sync::atomic::AtomicU8);

impl StopState {
    const RUNNING: u8 = 0;
    const STOPPING: u8 = 1;
    const RENAMING: u8 = 2;

    const fn new() -> Self {
        Self(std::sync::atomic::AtomicU8::new(Self::RUNNING))
    }

    fn request(&self) -> StopAnswer {
        use std::sync::atomic::Ordering::SeqCst;
        match self
            .0
            .compare_exchange(Self::RUNNING, Self::STOPPING, SeqCst, SeqCst)
        {
            Ok(_) => StopAnswer::NothingWritten,
            Err(Self::STOPPING) => StopAnswer::NothingWritten,
            Err(_) => StopAnswer::Finishing,
        }
    }

    fn stopping(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::SeqCst) == Self::STOPPING
    }

    /// Marks the renames begun; `false` when a stop was asked first.
    fn begin_renaming(&self) -> bool {
        use std::sync::atomic::Ordering::SeqCst;
        self.0
            .compare_exchange(Self::RUNNING, Self::RENAMING, SeqCst, SeqCst)
            .is_ok()
            || self.0.load(SeqCst) == Self::RENAMING
    }

    /// The renames are over: a later write starts as the first did.
    fn end_renaming(&self) {
        use std::sync::atomic::Ordering::SeqCst;
        let _ = self
            .0
            .compare_exchange(Self::RENAMING, Self::RUNNING, SeqCst, SeqCst);
    }
}

/// Asks [`write_all_or_none`] to stop (a command's Ctrl-C handler calls it), and says
/// what will happen: before the renames, files not yet renamed into place are not, and
/// every path stays as it was; once they began, they are finished.
pub fn request_stop() -> StopAnswer {
    STOP.request()
}

/// Whether [`request_stop`] was called before the files were put in place (the command
/// then writes nothing).
pub fn stop_requested() -> bool {
    STOP.stopping()
}

/// The name of a temporary file of [`write_all_or_none`]'s: `.digest-site-<pid>-<n>.tmp`.
fn temp_name(n: usize) -> String {
    format!(".digest-site-{}-{n}.tmp", std::process::id())
}

/// Removes the temporary files that a write of another process left under `dir` (it was
/// killed between writing them and renaming them into place), and returns their paths.
/// A file is left while its process runs (on Linux, where that can be seen; elsewhere
/// until it is an hour old).
pub fn remove_left_temps(dir: &Path) -> Vec<PathBuf> {
    let own = std::process::id();
    let mut removed = Vec::new();
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|name| name.strip_prefix(".digest-site-")?.strip_suffix(".tmp"))
            .and_then(|rest| rest.split_once('-'))
            .filter(|(_, n)| n.chars().all(|c| c.is_ascii_digit()))
            .and_then(|(pid, _)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid == own || !entry.file_type().is_file() {
            continue;
        }
        let running = if cfg!(target_os = "linux") {
            Path::new("/proc").join(pid.to_string()).exists()
        } else {
            entry
                .metadata()
                .ok()
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.elapsed().ok())
                .is_none_or(|age| age.as_secs() < 3600)
        };
        if !running && std::fs::remove_file(entry.path()).is_ok() {
            removed.push(entry.path().to_path_buf());
        }
    }
    removed
}

/// Writes every `(path, bytes)` of `files`, or none of them: each first to a temporary
/// file beside it, then all renamed over their paths. A file that cannot be written (a
/// full disk, a name too long, a folder without permission) leaves every path as it was:
/// the temporary files and the folders made for them are removed, and a rename that fails
/// puts back what the renames before it replaced. The error comes with the index of the
/// file it is about.
pub fn write_all_or_none(files: &[(&Path, &[u8])]) -> Result<(), (usize, std::io::Error)> {
    let mut made_dirs = Vec::new();
    let mut temps: Vec<PathBuf> = Vec::with_capacity(files.len());
    let interrupted = || std::io::Error::new(std::io::ErrorKind::Interrupted, "asked to stop");
    let staged = files.iter().enumerate().try_for_each(|(n, (path, bytes))| {
        if stop_requested() {
            return Err((n, interrupted()));
        }
        let temp = stage_beside(path, bytes, n, &mut made_dirs).map_err(|e| (n, e))?;
        temps.push(temp);
        Ok(())
    });
    let undo = |temps: &[PathBuf], made_dirs: &[PathBuf]| {
        for temp in temps {
            let _ = std::fs::remove_file(temp);
        }
        // Deepest first; `remove_dir` leaves a folder that is not empty.
        for dir in made_dirs.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    };
    if let Err(e) = staged {
        undo(&temps, &made_dirs);
        return Err(e);
    }
    // Past this point every file is renamed into place (quickly, and never only some).
    if !STOP.begin_renaming() {
        undo(&temps, &made_dirs);
        return Err((0, interrupted()));
    }
    let renamed = rename_all_or_none(files, &temps);
    STOP.end_renaming();
    if let Err((n, e)) = renamed {
        undo(&temps[n..], &made_dirs);
        return Err((n, e));
    }
    Ok(())
}

/// Renames each of `temps` over its path of `files`; when one fails, puts back what the
/// renames before it replaced, and fails with its index.
fn rename_all_or_none(
    files: &[(&Path, &[u8])],
    temps: &[PathBuf],
) -> Result<(), (usize, std::io::Error)> {
    // What each path held before, to put back if a later rename fails.
    // (Regular files only: reading a named pipe would wait for a writer.)
    let before: Vec<Option<Vec<u8>>> = files
        .iter()
        .map(|(p, _)| {
            std::fs::symlink_metadata(p)
                .is_ok_and(|meta| meta.is_file())
                .then(|| crate::files::read_bounded(p).ok())
                .flatten()
        })
        .collect();
    for (n, ((path, _), temp)) in files.iter().zip(temps).enumerate() {
        if let Err(e) = std::fs::rename(temp, path) {
            for ((done, _), old) in files[..n].iter().zip(&before) {
                let _ = match old {
                    Some(old) => std::fs::write(done, old),
                    None => std::fs::remove_file(done),
                };
            }
            return Err((n, e));
        }
    }
    Ok(())
}

/// Writes `bytes` into a new temporary file in `path`'s folder (made if missing, and
/// added to `made_dirs`). The name is short and fixed in length, so that a path whose
/// own name is near the file system's limit (255 bytes) still gets one.
fn stage_beside(
    path: &Path,
    bytes: &[u8],
    n: usize,
    made_dirs: &mut Vec<PathBuf>,
) -> std::io::Result<PathBuf> {
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        let mut missing: Vec<&Path> = dir.ancestors().take_while(|d| !d.exists()).collect();
        std::fs::create_dir_all(dir)?;
        missing.reverse();
        made_dirs.extend(missing.into_iter().map(Path::to_path_buf));
    }
    // A file that is there already is replaced only if whoever runs this may write it (a
    // rename needs only the folder's permission: it would replace a read-only file, or
    // another user's), and the new one gets its permissions, owner and group (the rename
    // would otherwise make a private file readable by all, or another user's file root's).
    let existing = std::fs::metadata(path).ok().filter(|meta| meta.is_file());
    if let Some(meta) = &existing
        && (meta.permissions().readonly()
            || std::fs::OpenOptions::new().write(true).open(path).is_err())
    {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "the file is read-only (or not yours to write), and is not replaced",
        ));
    }
    let temp = path.with_file_name(temp_name(n));
    let written = std::fs::File::create(&temp)
        .and_then(|mut file| file.write_all(bytes))
        .and_then(|()| match &existing {
            Some(meta) => {
                keep_owner(&temp, meta);
                std::fs::set_permissions(&temp, meta.permissions())
            }
            None => Ok(()),
        });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    Ok(temp)
}

/// Gives the file at `path` the owner and group of `was`, as far as the system lets this
/// process (root may; a user may give a group it belongs to, as a setgid folder's files
/// would otherwise take the folder's). Best effort: the file is written either way.
#[cfg(unix)]
fn keep_owner(path: &Path, was: &std::fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    if std::os::unix::fs::chown(path, Some(was.uid()), Some(was.gid())).is_err() {
        let _ = std::os::unix::fs::chown(path, None, Some(was.gid()));
    }
}

#[cfg(not(unix))]
fn keep_owner(_: &Path, _: &std::fs::Metadata) {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::{
        Analysis, ArxivMeta, BilingualText, Generated, PaperFrontMatter, Provenance,
    };
    use crate::load::{Document, parse_document};

    /// A stop asked before the renames writes nothing; one asked once they began says
    /// they are finished (the import said "nothing will be written", then wrote 29,847
    /// files); a write after the renames starts afresh.
    #[test]
    fn a_stop_is_told_whether_the_files_are_being_put_in_place() {
        let state = StopState::new();
        assert!(state.begin_renaming());
        assert_eq!(state.request(), StopAnswer::Finishing);
        assert!(!state.stopping());
        state.end_renaming();
        assert_eq!(state.request(), StopAnswer::NothingWritten);
        assert!(state.stopping());
        assert!(!state.begin_renaming());
        assert_eq!(state.request(), StopAnswer::NothingWritten);
    }

    /// A text with a Unicode line or paragraph separator is written so that it reads back,
    /// and writing what was read gives the same file.
    /// A file replaced keeps its permissions; a read-only one is not replaced, and
    /// nothing of the write is done.
    #[cfg(unix)]
    #[test]
    fn replaced_files_keep_their_permissions_and_read_only_ones_stay() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let (private, locked, new) = (
            dir.path().join("private.md"),
            dir.path().join("locked.md"),
            dir.path().join("new.md"),
        );
        std::fs::write(&private, "old").unwrap();
        std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&private, b"new").unwrap();
        assert_eq!(std::fs::read(&private).unwrap(), b"new");
        let mode = std::fs::metadata(&private).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);

        std::fs::write(&locked, "old").unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).unwrap();
        let refused = write_all_or_none(&[(&new, b"a"), (&locked, b"b")]);
        assert!(
            matches!(refused, Err((1, ref e)) if e.kind() == std::io::ErrorKind::PermissionDenied)
        );
        assert_eq!(std::fs::read(&locked).unwrap(), b"old");
        assert!(!new.exists());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");

        // The owner and group stay too, where this process may give them (root may: the
        // file of another user stays theirs).
        use std::os::unix::fs::MetadataExt;
        let theirs = dir.path().join("theirs.md");
        std::fs::write(&theirs, "old").unwrap();
        if std::os::unix::fs::chown(&theirs, Some(65534), Some(65534)).is_ok() {
            write_atomically(&theirs, b"new").unwrap();
            let meta = std::fs::metadata(&theirs).unwrap();
            assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
        }
    }

    #[test]
    fn unicode_separators_read_back_as_written() {
        let text = "---\nid: a\nsummary: { en: \"0\\P\" }\n---\n";
        let doc: Document<PaperFrontMatter> = parse_document(Path::new("a.md"), text).unwrap();
        let file = content_file(&doc.front, "");
        let again: Document<PaperFrontMatter> = parse_document(Path::new("a.md"), &file).unwrap();
        assert_eq!(content_file(&again.front, ""), file);
        assert!(!file.contains('\u{2029}'), "{file}");
    }

    #[test]
    fn front_matter_reads_back_unchanged() {
        let front = PaperFrontMatter {
            id: "2404.02424".into(),
            title: BilingualText::Map(vec![
                ("zh".into(), "通过稀疏跨模态适应：修复".into()),
                ("en".into(), "RESSA: Repair # not a comment".into()),
            ]),
            abstract_text: BilingualText::Map(vec![(
                "en".into(),
                "Bounds of $\\mathcal{O}(n^2)$, ``quoted'' -- and \\textit{x}~y: 'z' \"w\"".into(),
            )]),
            analysis: Some(Analysis {
                tldr: BilingualText::Map(vec![("zh".into(), "要点：$x$".into())]),
                method: BilingualText::Plain("Cyclic ablation: a # b".into()),
                ..Analysis::default()
            }),
            generated: Some(Generated(vec![
                Provenance {
                    tool: "cn-chat-arxiv".into(),
                    model: Some("gpt-4o".into()),
                    date: Some("2024-02-01".into()),
                    fields: vec!["title.zh".into(), "summary".into()],
                },
                Provenance {
                    tool: "daily-arXiv-ai-enhanced".into(),
                    fields: vec!["analysis".into()],
                    ..Provenance::default()
                },
            ])),
            date: Some("2024-04-04".into()),
            arxiv: Some(ArxivMeta {
                id: "hep-th/9901001".into(),
                version: Some(2),
                categories: vec!["hep-th".into()],
                ..ArxivMeta::default()
            }),
            ..PaperFrontMatter::default()
        };
        let text = content_file(&front, "Notes\n");
        let doc: Document<PaperFrontMatter> =
            parse_document(Path::new("p.md"), &text).expect("reads back");
        assert_eq!(doc.front, front);
        assert_eq!(doc.body, "Notes\n");
        assert!(text.starts_with("---\nid: '2404.02424'\n"), "{text}");
        // One entry of `generated:` is written as a map, and reads back.
        let mut one = front.clone();
        if let Some(g) = &mut one.generated {
            g.0.truncate(1);
        }
        let text = content_file(&one, "");
        assert!(
            text.contains("generated:\n  tool: cn-chat-arxiv\n"),
            "{text}"
        );
        let doc: Document<PaperFrontMatter> =
            parse_document(Path::new("p.md"), &text).expect("reads back");
        assert_eq!(doc.front, one);
    }

    /// A file that cannot be written leaves every file as it was: the one written before
    /// it, the folder made for it, no temporary file. A name near the file system's limit
    /// (a digest named after a long input) is written: the temporary name is short.
    #[test]
    fn files_are_written_all_or_none() {
        let dir = tempfile::tempdir().unwrap();
        let kept = dir.path().join("content/papers/a.md");
        std::fs::create_dir_all(kept.parent().unwrap()).unwrap();
        std::fs::write(&kept, "mine").unwrap();
        std::fs::write(dir.path().join("content/not-a-folder"), "x").unwrap();
        let new = dir.path().join("content/digests/2025-01-01.md");
        let blocked = dir.path().join("content/not-a-folder/b.md");
        let files: [(&Path, &[u8]); 3] = [(&kept, b"new"), (&new, b"d"), (&blocked, b"b")];
        let (n, _) = write_all_or_none(&files).unwrap_err();
        assert_eq!(n, 2);
        assert_eq!(std::fs::read_to_string(&kept).unwrap(), "mine");
        assert!(!dir.path().join("content/digests").exists());
        let mut names: Vec<_> = walkdir::WalkDir::new(dir.path())
            .into_iter()
            .map(|e| {
                e.unwrap()
                    .path()
                    .strip_prefix(dir.path())
                    .unwrap()
                    .to_path_buf()
            })
            .collect();
        names.sort();
        let expected: Vec<PathBuf> = [
            "",
            "content",
            "content/not-a-folder",
            "content/papers",
            "content/papers/a.md",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        assert_eq!(names, expected);

        let long = dir
            .path()
            .join(format!("content/papers/{}.md", "x".repeat(250)));
        write_all_or_none(&[(&long, b"long" as &[u8]), (&kept, b"new")]).unwrap();
        assert_eq!(std::fs::read_to_string(&long).unwrap(), "long");
        assert_eq!(std::fs::read_to_string(&kept).unwrap(), "new");
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b.md");
        write_atomically(&path, b"one").unwrap();
        write_atomically(&path, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("a"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("b.md")]);
    }
}
