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
pub(super) const FOREIGN_EXAMPLES: usize = 5;

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

/// What the last look saved of the trees beside one output folder.
#[derive(Debug, Default)]
pub(super) struct Saved {
    trees: HashMap<TreeId, HashMap<String, SavedFolder>>,
    /// Whether the file is digest-site's (or absent), so that it may be written.
    writable: bool,
}

#[derive(Debug, Default)]
struct SavedFolder {
    stamp: Option<Stamp>,
    /// Its sub-folders, as keys.
    folders: Vec<String>,
}

impl Saved {
    /// Reads what was saved beside `output_dir`; nothing when there is no such file, or it
    /// is not whole.
    pub(super) fn read(output_dir: &Path) -> Saved {
        let path = file_of(output_dir);
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
        match ours.then(|| parse(&text)).flatten() {
            Some(trees) => Saved {
                trees,
                writable: true,
            },
            None => Saved {
                writable: ours,
                ..Saved::default()
            },
        }
    }
}

fn parse(text: &str) -> Option<HashMap<TreeId, HashMap<String, SavedFolder>>> {
    let mut trees = HashMap::new();
    let mut lines = text.lines().skip(1);
    let mut tree: Option<(TreeId, HashMap<String, SavedFolder>)> = None;
    for line in lines.by_ref() {
        if line == END {
            trees.extend(tree);
            return Some(trees);
        }
        if let Some(id) = line.strip_prefix("tree ") {
            trees.extend(tree.take());
            let (dev, ino) = id.split_once(' ')?;
            let mut folders = HashMap::new();
            folders.insert(String::new(), SavedFolder::default());
            tree = Some(((dev.parse().ok()?, ino.parse().ok()?), folders));
            continue;
        }
        let (_, folders) = tree.as_mut()?;
        let (stamp, key) = line.split_once(' ')?;
        let stamp = match stamp {
            "-" => None,
            s => Some(Stamp::parse(s)?),
        };
        let parent = key.rsplit_once('/').map_or("", |(parent, _)| parent);
        folders.get_mut(parent)?.folders.push(key.to_string());
        folders.insert(
            key.to_string(),
            SavedFolder {
                stamp,
                folders: Vec::new(),
            },
        );
    }
    None
}

/// What one look saw of a tree's folders, parents before their sub-folders.
#[derive(Debug, Default)]
pub(super) struct Seen {
    id: Option<TreeId>,
    folders: Vec<(String, Option<Stamp>)>,
    /// A folder whose name a line cannot hold as it is (a line break): the tree is then
    /// not saved.
    unsaveable: bool,
    /// How many folders were read (the root included).
    read: usize,
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
    let known = seen.id.and_then(|id| saved.trees.get(&id));
    let mut foreign = Foreign::default();
    let mut pending = vec![String::new()];
    while let Some(key) = pending.pop() {
        let path = if key.is_empty() {
            dir.to_path_buf()
        } else {
            dir.join(&key)
        };
        if !key.is_empty() {
            let meta = match fs::symlink_metadata(&path) {
                Ok(meta) if meta.is_dir() => meta,
                // A folder that was saved as a sub-folder of one whose time did not change
                // is gone, or is no folder: the times are not to be trusted here (a file
                // system that does not keep them). Everything is read.
                _ if known.is_some() => {
                    return foreign_files_at(dir, own, &Saved::default(), looked);
                }
                Ok(_) => continue,
                Err(e) => return Err(e),
            };
            let stamp = Stamp::of(&meta);
            if let Some(folder) = known.and_then(|k| k.get(&key))
                && folder.stamp.is_some()
                && folder.stamp == stamp
            {
                // Its entries are those the look that saved it read.
                pending.extend(folder.folders.iter().cloned());
                seen.folders.push((key, stamp));
                continue;
            }
            seen.folders
                .push((key.clone(), stamp.and_then(|s| s.settled(looked))));
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
            if entry.file_type()?.is_dir() && name.to_str().is_some() {
                seen.unsaveable |= child.contains(['\n', '\r']);
                pending.push(child);
            } else if !own(&child) {
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
    let mut text = format!("{HEADER}\n");
    for tree in seen {
        let Some((dev, ino)) = tree.id.filter(|_| !tree.unsaveable) else {
            continue;
        };
        text.push_str(&format!("tree {dev} {ino}\n"));
        for (key, stamp) in &tree.folders {
            match stamp {
                Some(s) => text.push_str(&format!(
                    "{}.{}.{} {key}\n",
                    s.inode, s.seconds, s.nanoseconds
                )),
                None => text.push_str(&format!("- {key}\n")),
            }
        }
    }
    text.push_str(END);
    text.push('\n');
    let _ = fs::write(file_of(output_dir), text);
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
        assert!(seen.folders.iter().all(|(_, stamp)| stamp.is_none()));
        // Looked at later: read again, now saved with their times.
        let (_, seen) = look(&out, later());
        assert_eq!(seen.read, 4);
        assert!(seen.folders.iter().all(|(_, stamp)| stamp.is_some()));
        // Unchanged since: only the root is read.
        let (foreign, seen) = look(&out, later());
        assert_eq!((foreign.count, seen.read), (0, 1));
        assert_eq!(seen.folders.len(), 3);

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
