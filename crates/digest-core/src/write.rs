//! Writing: putting the rendered files on disk so that a failed build never touches the
//! published output, and a rebuild costs only the files whose bytes changed.
//!
//! Two cases:
//!
//! - **No output folder yet**: the site is written into a staging folder beside it, which
//!   is renamed into place once every file is there: the folder appears complete or not at
//!   all.
//! - **An output folder exists**: each rendered file is compared with the published one.
//!   Unchanged files are left alone (no write, no link, no delete). Changed and new files
//!   are written into the staging folder while the build runs. Only when every file has
//!   rendered is anything published: each staged file is renamed over its target (every
//!   file is replaced whole, never seen half-written), then files the site no longer has
//!   are removed.
//!
//! Why not stage a whole new tree and swap folders every time: on file systems mounted
//! with `discard` (as on the machines this was measured on) deleting a file costs
//! milliseconds, so removing the previous tree of a 10,000-paper site took over 40 s, and
//! hard-linking the unchanged files into the new tree cost seconds more. Leaving unchanged
//! files where they are makes a rebuild cost what changed. The published output is always
//! the truth: files are compared with what is on disk, never with a record of it, so an
//! interrupted publish (a crash while renaming) is repaired by the next build.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What a finished write did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Files written with new bytes.
    pub written: usize,
    /// Files whose bytes were unchanged (left in place).
    pub unchanged: usize,
    /// Files of the previous output that the site no longer has (removed).
    pub removed: usize,
}

/// A site being assembled for `output_dir`.
pub struct StagedOutput {
    output_dir: PathBuf,
    staging: PathBuf,
    /// Whether a previous output exists (and is updated in place).
    update: bool,
    /// Update: staged file name and site-relative path of every changed file.
    changed: Mutex<Vec<(String, String)>>,
    /// Update: every site-relative path put (to find the files the site no longer has).
    produced: Mutex<Vec<String>>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
}

impl StagedOutput {
    /// Starts a new staging folder (removing one left over by an interrupted build).
    pub fn begin(output_dir: &Path) -> io::Result<Self> {
        let staging = sibling(output_dir, "staging");
        if staging.exists() {
            fs::remove_dir_all(&staging)?;
        }
        // Left by versions that swapped whole folders.
        let old = sibling(output_dir, "old");
        if old.exists() {
            fs::remove_dir_all(&old)?;
        }
        fs::create_dir_all(&staging)?;
        Ok(StagedOutput {
            output_dir: output_dir.to_path_buf(),
            staging,
            update: output_dir.is_dir(),
            changed: Mutex::new(Vec::new()),
            produced: Mutex::new(Vec::new()),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
        })
    }

    /// Puts one file (path relative to the output folder, `/`-separated) in place.
    /// Safe to call from many threads at once; nothing is published before [`commit`].
    ///
    /// [`commit`]: StagedOutput::commit
    pub fn put(&self, relative: &str, bytes: &[u8]) -> io::Result<()> {
        if !self.update {
            let target = self.staging.join(relative);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(&target, bytes)?;
            self.written.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        lock(&self.produced).push(relative.to_string());
        if same_bytes(&self.output_dir.join(relative), bytes) {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        // Staged flat under a number: no folders to create (and delete) in the staging area.
        let name = self.written.fetch_add(1, Ordering::Relaxed).to_string();
        fs::write(self.staging.join(&name), bytes)?;
        lock(&self.changed).push((name, relative.to_string()));
        Ok(())
    }

    /// Keeps the published file at `relative` as it is, without reading it: the caller
    /// knows its bytes are still right (the search bundle of unchanged pages). Returns
    /// `false`, keeping nothing, when there is no published file there.
    pub fn keep(&self, relative: &str) -> bool {
        if !self.update || !self.output_dir.join(relative).is_file() {
            return false;
        }
        lock(&self.produced).push(relative.to_string());
        self.unchanged.fetch_add(1, Ordering::Relaxed);
        true
    }

    /// Publishes the staged files and removes the files the site no longer has.
    pub fn commit(self) -> io::Result<WriteStats> {
        let mut removed = 0;
        if !self.update {
            fs::rename(&self.staging, &self.output_dir)?;
        } else {
            let mut changed = self.changed.into_inner().unwrap_or_else(|e| e.into_inner());
            changed.sort_by(|a, b| a.1.cmp(&b.1));
            let mut made: HashSet<PathBuf> = HashSet::new();
            for (name, relative) in &changed {
                let target = self.output_dir.join(relative);
                if let Some(parent) = target.parent()
                    && !made.contains(parent)
                {
                    make_parent_dirs(&self.output_dir, parent)?;
                    made.insert(parent.to_path_buf());
                }
                if target.is_dir() {
                    // A folder where the site now has a file.
                    fs::remove_dir_all(&target)?;
                }
                fs::rename(self.staging.join(name), &target)?;
            }
            let produced: HashSet<String> = self
                .produced
                .into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .into_iter()
                .collect();
            removed = remove_stale(&self.output_dir, &produced)?;
            fs::remove_dir_all(&self.staging)?;
        }
        Ok(WriteStats {
            written: self.written.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
            removed,
        })
    }

    /// Drops the staged files; the published output is untouched.
    pub fn abort(self) {
        let _ = fs::remove_dir_all(&self.staging);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Creates `dir` (under `root`), replacing any *file* that stands where a folder must be.
fn make_parent_dirs(root: &Path, dir: &Path) -> io::Result<()> {
    match fs::create_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) => {
            // A file of the previous output where the site now has a folder.
            let mut blocking = dir;
            while blocking != root {
                if blocking.is_file() {
                    fs::remove_file(blocking)?;
                    return fs::create_dir_all(dir);
                }
                match blocking.parent() {
                    Some(p) => blocking = p,
                    None => break,
                }
            }
            Err(e)
        }
    }
}

/// Removes every file under `root` that is not in `produced` (site-relative, `/`-separated)
/// and the folders that become empty. Returns the number of files removed.
fn remove_stale(root: &Path, produced: &HashSet<String>) -> io::Result<usize> {
    let mut removed = 0;
    let mut emptied: Vec<PathBuf> = Vec::new();
    for entry in walkdir::WalkDir::new(root).min_depth(1) {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_dir() {
            continue;
        }
        let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let key: Vec<&str> = relative.iter().filter_map(|p| p.to_str()).collect();
        if !produced.contains(&key.join("/")) {
            fs::remove_file(entry.path())?;
            removed += 1;
            if let Some(parent) = entry.path().parent() {
                emptied.push(parent.to_path_buf());
            }
        }
    }
    // Deepest first, so that a folder's emptied sub-folders are gone before it is tried.
    emptied.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    emptied.dedup();
    for mut dir in emptied {
        while dir != root && dir.starts_with(root) {
            // Fails (and stops) at the first folder that still has something in it.
            if fs::remove_dir(&dir).is_err() {
                break;
            }
            match dir.parent() {
                Some(p) => dir = p.to_path_buf(),
                None => break,
            }
        }
    }
    Ok(removed)
}

/// `.name.suffix` next to `dir` (same parent, so renames stay on one file system).
fn sibling(dir: &Path, suffix: &str) -> PathBuf {
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("public");
    dir.with_file_name(format!(".{name}.{suffix}"))
}

/// Whether the file at `path` holds exactly `bytes` (read only when the sizes agree).
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    let Ok(mut file) = File::open(path) else {
        return false;
    };
    match file.metadata() {
        Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => {}
        _ => return false,
    }
    // The sizes agree: read exactly that many bytes (no further read to find the end).
    let mut old = vec![0; bytes.len()];
    file.read_exact(&mut old).is_ok() && old == bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(written: usize, unchanged: usize, removed: usize) -> WriteStats {
        WriteStats {
            written,
            unchanged,
            removed,
        }
    }

    #[test]
    fn publishes_only_on_commit_and_reuses_unchanged_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let stage = StagedOutput::begin(&out).unwrap();
        stage.put("a/index.html", b"one").unwrap();
        stage.put("gone/index.html", b"x").unwrap();
        assert!(!out.exists(), "nothing is published before commit");
        assert_eq!(stage.commit().unwrap(), stats(2, 0, 0));
        let unchanged_inode = fs::metadata(out.join("a/index.html")).unwrap();

        let stage = StagedOutput::begin(&out).unwrap();
        stage.put("a/index.html", b"one").unwrap();
        stage.put("b.html", b"two").unwrap();
        // Until commit, the published output is the old one.
        assert!(out.join("gone/index.html").exists());
        assert!(!out.join("b.html").exists());
        assert_eq!(stage.commit().unwrap(), stats(1, 1, 1));
        assert!(!out.join("gone").exists(), "emptied folders are removed");
        assert_eq!(fs::read(out.join("b.html")).unwrap(), b"two");
        // The unchanged file was not touched.
        let after = fs::metadata(out.join("a/index.html")).unwrap();
        assert_eq!(
            after.modified().unwrap(),
            unchanged_inode.modified().unwrap()
        );

        let stage = StagedOutput::begin(&out).unwrap();
        stage.put("c.html", b"three").unwrap();
        stage.put("a/index.html", b"changed").unwrap();
        stage.abort();
        assert!(out.join("b.html").exists());
        assert!(!out.join("c.html").exists());
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"one");
        assert!(!sibling(&out, "staging").exists());
    }

    #[test]
    fn a_file_and_a_folder_may_trade_places() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let stage = StagedOutput::begin(&out).unwrap();
        stage.put("x", b"file").unwrap();
        stage.put("y/index.html", b"in a folder").unwrap();
        stage.commit().unwrap();

        let stage = StagedOutput::begin(&out).unwrap();
        stage.put("x/index.html", b"now a folder").unwrap();
        stage.put("y", b"now a file").unwrap();
        assert_eq!(stage.commit().unwrap(), stats(2, 0, 0));
        assert_eq!(fs::read(out.join("x/index.html")).unwrap(), b"now a folder");
        assert_eq!(fs::read(out.join("y")).unwrap(), b"now a file");
    }

    #[test]
    fn files_changed_by_hand_are_repaired() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let stage = StagedOutput::begin(&out).unwrap();
        stage.put("a.html", b"site").unwrap();
        stage.put("b.html", b"site").unwrap();
        stage.commit().unwrap();
        fs::write(out.join("a.html"), b"edited").unwrap();
        fs::remove_file(out.join("b.html")).unwrap();
        fs::write(out.join("stray.html"), b"not ours").unwrap();

        let stage = StagedOutput::begin(&out).unwrap();
        stage.put("a.html", b"site").unwrap();
        stage.put("b.html", b"site").unwrap();
        assert_eq!(stage.commit().unwrap(), stats(2, 0, 1));
        assert_eq!(fs::read(out.join("a.html")).unwrap(), b"site");
        assert_eq!(fs::read(out.join("b.html")).unwrap(), b"site");
        assert!(!out.join("stray.html").exists());
    }
}
