//! Writing: putting the rendered files on disk so that the output folder is always either
//! the previous complete site or the new complete site.
//!
//! The new site is assembled in a staging folder beside the output folder. A file whose
//! bytes equal the file already published is *hard-linked* from the old output instead of
//! written again: on these file systems rewriting (and deleting) thousands of unchanged
//! files is the dominant cost of a rebuild. Only when every file is in place is the staging
//! folder swapped in with two renames, and the old folder removed. A failed build removes
//! the staging folder and leaves the published output untouched.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// What a finished write did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Files written with new bytes.
    pub written: usize,
    /// Files whose bytes were unchanged (linked from the previous output).
    pub unchanged: usize,
}

/// A site being assembled beside `output_dir`.
pub struct StagedOutput {
    output_dir: PathBuf,
    staging: PathBuf,
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
        fs::create_dir_all(&staging)?;
        Ok(StagedOutput {
            output_dir: output_dir.to_path_buf(),
            staging,
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
        })
    }

    /// Puts one file (path relative to the output folder, `/`-separated) in place.
    /// Safe to call from many threads at once.
    pub fn put(&self, relative: &str, bytes: &[u8]) -> io::Result<()> {
        let target = self.staging.join(relative);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        let previous = self.output_dir.join(relative);
        if same_bytes(&previous, bytes) && fs::hard_link(&previous, &target).is_ok() {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        fs::write(&target, bytes)?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Swaps the staged site in and removes the previous one.
    pub fn commit(self) -> io::Result<WriteStats> {
        let old = sibling(&self.output_dir, "old");
        if old.exists() {
            fs::remove_dir_all(&old)?;
        }
        let had_output = self.output_dir.exists();
        if had_output {
            fs::rename(&self.output_dir, &old)?;
        }
        if let Err(e) = fs::rename(&self.staging, &self.output_dir) {
            // Put the previous site back before reporting.
            if had_output {
                let _ = fs::rename(&old, &self.output_dir);
            }
            return Err(e);
        }
        if had_output {
            fs::remove_dir_all(&old)?;
        }
        Ok(WriteStats {
            written: self.written.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
        })
    }

    /// Drops the staged files; the published output is untouched.
    pub fn abort(self) {
        let _ = fs::remove_dir_all(&self.staging);
    }
}

/// `.name.suffix` next to `dir` (same parent, so renames stay on one file system).
fn sibling(dir: &Path, suffix: &str) -> PathBuf {
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("public");
    dir.with_file_name(format!(".{name}.{suffix}"))
}

fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match fs::metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => {
            fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swaps_atomically_and_reuses_unchanged_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let stage = StagedOutput::begin(&out).unwrap();
        stage.put("a/index.html", b"one").unwrap();
        stage.put("gone.html", b"x").unwrap();
        assert_eq!(
            stage.commit().unwrap(),
            WriteStats {
                written: 2,
                unchanged: 0
            }
        );

        let stage = StagedOutput::begin(&out).unwrap();
        stage.put("a/index.html", b"one").unwrap();
        stage.put("b.html", b"two").unwrap();
        // Until commit, the published output is the old one.
        assert!(out.join("gone.html").exists());
        assert_eq!(
            stage.commit().unwrap(),
            WriteStats {
                written: 1,
                unchanged: 1
            }
        );
        assert!(!out.join("gone.html").exists());
        assert_eq!(fs::read(out.join("b.html")).unwrap(), b"two");

        let stage = StagedOutput::begin(&out).unwrap();
        stage.put("c.html", b"three").unwrap();
        stage.abort();
        assert!(out.join("b.html").exists());
        assert!(!out.join("c.html").exists());
    }
}
