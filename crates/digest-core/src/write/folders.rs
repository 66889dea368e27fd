//! Looking through an output tree for files that digest-site did not write, reading again
//! only the folders whose entries may have changed since the build before looked.
//!
//! Every build looks through both trees (the output and the older tree beside it) before
//! it writes anything: a file that is not in a tree's record is the user's, and stops the
//! build. At 10,000 papers the trees hold 10,000 folders each (`papers/<id>/`), and reading
//! all 20,000 took 0.2 s of CPU time in every build, more than rendering a new day.
//!
//! A folder's entries cannot change without its change time (`ctime`) changing: adding,
//! removing or renaming an entry sets it to the current time, and no program can set it
//! back. So each look saves, beside the output (`.public.folders`), every folder it saw
//! with its inode and change time; the next look reads again only the folders whose inode
//! or change time differ, and takes the others' sub-folders from what was saved. This is
//! how Git's index skips unchanged files, with the same care for "racy" times: a change
//! within one tick of the file system's clock after the look can leave the time as it
//! was, so a folder changed shortly before it was read ([`RACY`], or [`RACY_COARSE`] on a
//! file system whose clock counts in milliseconds or coarser) is saved without its time
//! and read again next time.
//!
//! What is saved is only ever a reason to skip a read: a folder it does not describe, a
//! time that differs, a file that cannot be read or is not digest-site's, a tree that is
//! not the one it was saved for (the trees are known by their root's device and inode,
//! which stay with them when they swap names) all fall back to reading. Elsewhere than on
//! Unix nothing is saved and every folder is read, as before.
//!
//! Hand-written: `walkdir` reads every folder; skipping folders by a saved time is ours.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The first line of the file of saved folders.
const HEADER: &str = "digest-site output folders 1";
/// Its last line: a file cut short by a crash lacks it, and is not used.
const END: &str = "end";

/// How long before a look a folder must have changed for its time to be saved: longer
/// than a tick of the kernel's clock that dates changes (at most 10 ms).
const RACY: Duration = Duration::from_millis(100);
/// The same on a file system whose times count whole milliseconds or coarser (FAT and
/// exFAT count 10 ms or 2 s, ext3 whole seconds).
const RACY_COARSE: Duration = Duration::from_secs(3);

/// How many files not of digest-site's an error names.
const FOREIGN_EXAMPLES: usize = 5;

/// The files under a folder that are not digest-site's: how many, and the first few by
/// name (whatever order the folder's entries are read in).
#[derive(Debug, Default)]
pub(super) struct Foreign {
    pub(super) count: usize,
    /// Relative and `/`-separated, sorted, at most [`FOREIGN_EXAMPLES`].
    pub(super) examples: Vec<String>,
}

impl Foreign {
    fn add(&mut self, key: &str) {
        self.count += 1;
        self.examples.push(key.to_string());
        self.examples.sort();
        self.examples.truncate(FOREIGN_EXAMPLES);
    }
}

/// A folder as a look saw it: its inode and change time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    inode: u64,
    seconds: i64,
    nanoseconds: i64,
}

impl Stamp {
    #[cfg(unix)]
    fn of(meta: &fs::Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        Some(Stamp {
            inode: meta.ino(),
            seconds: meta.ctime(),
            nanoseconds: meta.ctime_nsec(),
        })
    }

    #[cfg(not(unix))]
    fn of(_: &fs::Metadata) -> Option<Stamp> {
        None
    }

    /// This stamp, when its folder changed long enough before `looked` (the time the look
    /// began) that a change after the look cannot leave the same time.
    fn settled(self, looked: SystemTime) -> Option<Stamp> {
        let racy = if self.nanoseconds % 1_000_000 == 0 {
            RACY_COARSE
        } else {
            RACY
        };
        let changed = u64::try_from(self.seconds)
            .ok()
            .and_then(|s| SystemTime::UNIX_EPOCH.checked_add(Duration::new(s, 0)))?
            .checked_add(Duration::from_nanos(u64::try_from(self.nanoseconds).ok()?))?;
        (changed + racy < looked).then_some(self)
    }

    fn parse(text: &str) -> Option<Stamp> {
        let mut parts = text.split('.');
        let stamp = Stamp {
            inode: parts.next()?.parse().ok()?,
            seconds: parts.next()?.parse().ok()?,
            nanoseconds: parts.next()?.parse().ok()?,
        };
        parts.next().is_none().then_some(stamp)
    }
}

/// A tree's root: its device and inode.
type TreeId = (u64, u64);

#[cfg(unix)]
fn tree_id(meta: &fs::Metadata) -> Option<TreeId> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn tree_id(_: &fs::Metadata) -> Option<TreeId> {
    None
}

/// What the last look saved of the trees beside one output folder: the file's text, read
/// for each tree when it is looked through ([`SavedTree`]). One string, not a map of
/// strings: at 100,000 papers the looks save 200,000 folders, and their many small
/// strings stayed in the build's memory after they were freed (20 MB more at its peak).
#[derive(Debug, Default)]
pub(super) struct Saved {
    text: String,
    /// Whether the file is digest-site's (or absent), so that it may be written.
    writable: bool,
}

impl Saved {
    /// Reads what was saved beside `output_dir`; nothing when there is no such file, or it
    /// is not whole.
    pub(super) fn read(output_dir: &Path) -> Saved {
        let path = file_of(output_dir);
        // A link there is not written through (nor read): saving would write where it
        // points.
        if crate::files::is_link(&path) {
            return Saved::default();
        }
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Saved {
                    writable: true,
                    ..Saved::default()
                };
            }
            Err(_) => return Saved::default(),
        };
        let ours = text.lines().next() == Some(HEADER);
        let whole = text.lines().next_back() == Some(END);
        Saved {
            text: if ours && whole { text } else { String::new() },
            writable: ours,
        }
    }

    /// The folders saved of the tree `id`, when they are there and read as they should.
    fn tree(&self, id: TreeId) -> Option<SavedTree<'_>> {
        let header = format!("tree {} {}", id.0, id.1);
        let mut lines = self.text.lines().skip_while(|l| *l != header).skip(1);
        let mut tree = SavedTree::default();
        // The folders whose sub-folders may still follow, innermost last.
        let mut open: Vec<usize> = Vec::new();
        for line in lines.by_ref() {
            if line == END || line.starts_with("tree ") {
                break;
            }
            let (stamp, key) = line.split_once(' ')?;
            let stamp = match stamp {
                "-" => None,
                s => Some(Stamp::parse(s)?),
            };
            let parent = key.rsplit_once('/').map_or("", |(parent, _)| parent);
            // Saved parents first, each with all of its sub-folders right after it.
            while let Some(&top) = open.last() {
                if tree.folders[top].key == parent {
                    break;
                }
                tree.folders[top].end = tree.folders.len();
                open.pop();
            }
            if open.is_empty() && !parent.is_empty() {
                return None;
            }
            let at = tree.folders.len();
            tree.index.insert(key, at);
            tree.folders.push(SavedFolder {
                key,
                stamp,
                end: at + 1,
            });
            open.push(at);
        }
        let len = tree.folders.len();
        for top in open {
            tree.folders[top].end = len;
        }
        Some(tree)
    }
}

/// The folders saved of one tree, each followed by its sub-folders and theirs.
#[derive(Debug, Default)]
struct SavedTree<'t> {
    folders: Vec<SavedFolder<'t>>,
    index: HashMap<&'t str, usize>,
}

#[derive(Debug)]
struct SavedFolder<'t> {
    key: &'t str,
    stamp: Option<Stamp>,
    /// Where the folders below it end in [`SavedTree::folders`].
    end: usize,
}

impl SavedTree<'_> {
    /// The sub-folders of folder `at`, as positions.
    fn sub_folders(&self, at: usize) -> impl Iterator<Item = usize> + '_ {
        let end = self.folders[at].end;
        // (`successors` asks for the next position as it gives one: `get`, not `[]`.)
        std::iter::successors(Some(at + 1), move |&j| self.folders.get(j).map(|f| f.end))
            .take_while(move |&j| j < end)
    }
}

/// What one look saw of a tree's folders, as the lines of the file that saves it (parents
/// before their sub-folders).
#[derive(Debug, Default)]
pub(super) struct Seen {
    id: Option<TreeId>,
    lines: String,
    /// A folder whose name a line cannot hold as it is (a line break): the tree is then
    /// not saved.
    unsaveable: bool,
    /// How many folders were read (the root included).
    read: usize,
}

impl Seen {
    fn add(&mut self, key: &str, stamp: Option<Stamp>) {
        use std::fmt::Write as _;
        match stamp {
            Some(s) => {
                let _ = writeln!(
                    self.lines,
                    "{}.{}.{} {key}",
                    s.inode, s.seconds, s.nanoseconds
                );
            }
            None => {
                let _ = writeln!(self.lines, "- {key}");
            }
        }
    }
}

/// The files under `dir` for which `own` is false, given their `/`-separated path in the
/// tree; links are not followed. Reads the folders that `saved` does not say are as they
/// were; returns what it saw, for the next look.
///
/// One tree is read on one thread (`begin` reads the two at once): reading each folder on
/// a thread of its own was no faster on two cores, and at 100,000 papers the memory each
/// thread kept of the reading added 80 MB to the peak.
pub(super) fn foreign_files(
    dir: &Path,
    own: &dyn Fn(&str) -> bool,
    saved: &Saved,
) -> io::Result<(Foreign, Seen)> {
    foreign_files_at(dir, own, saved, SystemTime::now())
}

/// [`foreign_files`] as if looking at the time `looked`.
fn foreign_files_at(
    dir: &Path,
    own: &dyn Fn(&str) -> bool,
    saved: &Saved,
    looked: SystemTime,
) -> io::Result<(Foreign, Seen)> {
    let root = fs::symlink_metadata(dir)?;
    let mut seen = Seen {
        id: tree_id(&root),
        ..Seen::default()
    };
    let known = seen.id.and_then(|id| saved.tree(id));
    let mut foreign = Foreign::default();
    // Folders to look at: found by reading their parent, or saved below an unchanged one.
    enum Next {
        Found(String),
        Saved(usize),
    }
    let mut pending = vec![Next::Found(String::new())];
    while let Some(next) = pending.pop() {
        let key = match &next {
            Next::Found(key) => key.as_str(),
            Next::Saved(at) => known.as_ref().map_or("", |k| k.folders[*at].key),
        };
        let path = if key.is_empty() {
            dir.to_path_buf()
        } else {
            dir.join(key)
        };
        if !key.is_empty() {
            let meta = match fs::symlink_metadata(&path) {
                Ok(meta) if meta.is_dir() => meta,
                // A folder that was saved as a sub-folder of one whose time did not change
                // is gone, or is no folder: the times are not to be trusted here (a file
                // system that does not keep them). Everything is read.
                _ if matches!(next, Next::Saved(_)) => {
                    return foreign_files_at(dir, own, &Saved::default(), looked);
                }
                Ok(_) => continue,
                Err(e) => return Err(e),
            };
            let stamp = Stamp::of(&meta);
            let at = match &next {
                Next::Saved(at) => Some(*at),
                Next::Found(key) => known
                    .as_ref()
                    .and_then(|k| k.index.get(key.as_str()).copied()),
            };
            if let (Some(known), Some(at)) = (&known, at)
                && stamp.is_some()
                && known.folders[at].stamp == stamp
            {
                // Its entries are those the look that saved it read.
                pending.extend(known.sub_folders(at).map(Next::Saved));
                seen.add(key, stamp);
                continue;
            }
            seen.add(key, stamp.and_then(|s| s.settled(looked)));
        }
        seen.read += 1;
        for entry in fs::read_dir(&path)? {
            let entry = entry?;
            let name = entry.file_name();
            let name_text = name.to_string_lossy();
            let child = if key.is_empty() {
                name_text.into_owned()
            } else {
                format!("{key}/{name_text}")
            };
            let kind = entry.file_type()?;
            if kind.is_dir() && name.to_str().is_some() {
                seen.unsaveable |= child.contains(['\n', '\r']);
                pending.push(Next::Found(child));
            } else if kind.is_symlink() || !own(&child) {
                // digest-site writes no links: one in a tree is not its own, whatever the
                // record says (writing to its path would write where it points).
                // A folder whose name is not UTF-8 is not digest-site's either (its paths
                // are): named as it reads, not entered.
                foreign.add(&child);
            }
        }
    }
    Ok((foreign, seen))
}

/// Saves what the looks at the trees beside `output_dir` saw, for the next (when the file
/// is digest-site's or absent; a failure only costs the next look its speed).
pub(super) fn save(output_dir: &Path, saved: &Saved, seen: &[&Seen]) {
    if !saved.writable {
        return;
    }
    let mut text = String::with_capacity(seen.iter().map(|s| s.lines.len() + 64).sum());
    text.push_str(HEADER);
    text.push('\n');
    for tree in seen {
        let Some((dev, ino)) = tree.id.filter(|_| !tree.unsaveable) else {
            continue;
        };
        text.push_str(&format!("tree {dev} {ino}\n"));
        text.push_str(&tree.lines);
    }
    text.push_str(END);
    text.push('\n');
    // Written anew, not in place (a hard link there would carry the write elsewhere).
    let _ = super::create_new(&file_of(output_dir))
        .and_then(|mut file| io::Write::write_all(&mut file, text.as_bytes()));
}

/// The file beside `output_dir` that holds what was saved.
fn file_of(output_dir: &Path) -> PathBuf {
    super::sibling(output_dir, "folders")
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// A tree of pages in folders of their own, as a build writes them.
    fn pages(root: &Path) -> PathBuf {
        let out = root.join("public");
        for page in ["index.html", "papers/a/index.html", "papers/b/index.html"] {
            let path = out.join(page);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "page").unwrap();
        }
        out
    }

    fn ours(key: &str) -> bool {
        !key.contains("mine")
    }

    /// One look at `out` at `looked`, saved as a build saves it; what it found and read.
    fn look(out: &Path, looked: SystemTime) -> (Foreign, Seen) {
        let saved = Saved::read(out);
        let (foreign, seen) = foreign_files_at(out, &ours, &saved, looked).unwrap();
        save(out, &saved, &[&seen]);
        (foreign, seen)
    }

    /// How many folders a look saw (the root left out), and how many with their time.
    fn counted(seen: &Seen) -> (usize, usize) {
        let lines = seen.lines.lines();
        let all = lines.clone().count();
        (all, lines.filter(|l| !l.starts_with("- ")).count())
    }

    fn later() -> SystemTime {
        SystemTime::now() + Duration::from_secs(10)
    }

    #[test]
    fn a_folder_is_read_again_only_when_it_changed() {
        let dir = tempfile::tempdir().unwrap();
        let out = pages(dir.path());
        // Just written: every folder is read, and saved without its time, which a change
        // within the same tick of the clock could leave as it is.
        let (foreign, seen) = look(&out, SystemTime::now());
        assert_eq!((foreign.count, seen.read), (0, 4));
        assert_eq!(counted(&seen), (3, 0));
        // Looked at later: read again, now saved with their times.
        let (_, seen) = look(&out, later());
        assert_eq!(seen.read, 4);
        assert_eq!(counted(&seen), (3, 3));
        // Unchanged since: only the root is read.
        let (foreign, seen) = look(&out, later());
        assert_eq!((foreign.count, seen.read), (0, 1));
        assert_eq!(counted(&seen), (3, 3));

        // A file added by hand changes its folder's time: that folder is read, the file
        // found; the others are not read.
        std::thread::sleep(Duration::from_millis(20));
        fs::write(out.join("papers/b/mine.txt"), "mine").unwrap();
        let (foreign, seen) = look(&out, later());
        assert_eq!(foreign.examples, ["papers/b/mine.txt"]);
        assert_eq!(seen.read, 2, "the root and papers/b");
        // So is a new folder of files, below a folder that changed by getting it.
        fs::remove_file(out.join("papers/b/mine.txt")).unwrap();
        fs::create_dir_all(out.join("papers/a/photos")).unwrap();
        fs::write(out.join("papers/a/photos/mine.jpg"), "jpeg").unwrap();
        let (foreign, _) = look(&out, later());
        assert_eq!(foreign.examples, ["papers/a/photos/mine.jpg"]);
    }

    #[test]
    fn what_was_saved_of_another_tree_or_cut_short_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let out = pages(dir.path());
        look(&out, later());
        look(&out, later());
        assert_eq!(look(&out, later()).1.read, 1);
        // The same folders in a new tree (`rm -rf public` and a build): all read.
        let moved = dir.path().join("moved");
        fs::rename(&out, &moved).unwrap();
        let out = pages(dir.path());
        assert_eq!(look(&out, later()).1.read, 4);
        // A file cut short (no last line) is read as nothing saved, and written again.
        look(&out, later());
        let text = fs::read_to_string(file_of(&out)).unwrap();
        fs::write(file_of(&out), text.trim_end().trim_end_matches(END)).unwrap();
        assert_eq!(look(&out, later()).1.read, 4);
        assert_eq!(look(&out, later()).1.read, 1);
        // A folder saved below one whose time is unchanged, and gone (a file system that
        // does not keep the times): everything is read, nothing fails.
        let text = fs::read_to_string(file_of(&out)).unwrap();
        let ghost = text.replace(&format!("{END}\n"), &format!("- papers/ghost\n{END}\n"));
        fs::write(file_of(&out), ghost).unwrap();
        let (foreign, seen) = look(&out, later());
        assert_eq!((foreign.count, seen.read), (0, 4));
    }

    /// A folder whose name is not UTF-8 is not digest-site's: named, not entered, and the
    /// look does not fail; one with a line break in its name keeps its tree unsaved.
    #[test]
    fn folders_with_names_a_line_cannot_hold() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let out = pages(dir.path());
        let odd = out.join(std::ffi::OsStr::from_bytes(b"mine\xff"));
        fs::create_dir(&odd).unwrap();
        fs::write(odd.join("x.html"), "x").unwrap();
        let (foreign, _) = look(&out, later());
        assert_eq!(foreign.examples, ["mine\u{fffd}"]);
        fs::remove_dir_all(&odd).unwrap();
        fs::create_dir(out.join("two\nlines")).unwrap();
        let (foreign, seen) = look(&out, later());
        assert_eq!((foreign.count, seen.unsaveable), (0, true));
        assert_eq!(
            look(&out, later()).1.read,
            5,
            "nothing of the tree was saved"
        );
    }

    /// The saved folders of a tree, each followed by its sub-folders: read back with where
    /// each one's sub-folders end; a folder saved before its parent is not read at all.
    #[test]
    fn saved_folders_are_read_with_their_sub_folders() {
        let saved = |lines: &str| Saved {
            text: format!("{HEADER}\ntree 1 2\n{lines}tree 3 4\n- x\n{END}\n"),
            writable: true,
        };
        let text = saved("- e\n1.2.3 a\n- a/d\n- a/b\n- a/b/c\n");
        let tree = text.tree((1, 2)).unwrap();
        let keys = |at: usize| -> Vec<&str> {
            tree.sub_folders(at).map(|j| tree.folders[j].key).collect()
        };
        assert_eq!(tree.folders.len(), 5);
        assert_eq!(keys(tree.index["a"]), ["a/d", "a/b"]);
        assert_eq!(keys(tree.index["a/b"]), ["a/b/c"]);
        assert!(keys(tree.index["a/b/c"]).is_empty() && keys(tree.index["e"]).is_empty());
        assert_eq!(tree.folders[tree.index["a"]].stamp.unwrap().inode, 1);
        assert_eq!(text.tree((3, 4)).unwrap().folders.len(), 1);
        assert!(text.tree((5, 6)).is_none_or(|t| t.folders.is_empty()));
        assert!(saved("- a/b\n- a\n").tree((1, 2)).is_none());
        assert!(saved("x a\n").tree((1, 2)).is_none());
    }

    #[test]
    fn a_file_of_that_name_that_is_not_digest_sites_is_left_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let out = pages(dir.path());
        fs::write(file_of(&out), "my notes\n").unwrap();
        for _ in 0..3 {
            assert_eq!(look(&out, later()).1.read, 4);
        }
        assert_eq!(fs::read_to_string(file_of(&out)).unwrap(), "my notes\n");
    }
}
