//! Where the pipeline puts rendered files: the staged output folder (`build`), memory
//! (`serve`), or nowhere (`check`).

use std::collections::HashMap;
use std::sync::Mutex;

use bytes::Bytes;

use super::Files;
use super::memory::SiteFiles;
use crate::diagnostic::Diagnostic;
use crate::write::StagedOutput;

/// A destination of rendered files, written to from many threads at once.
pub(super) trait Sink: Sync {
    /// Takes the file at `path` (`/`-separated, relative to the site's root), with the
    /// number of what it was made from ([`MadeFrom`](crate::render::MadeFrom)) when it has
    /// one, for a sink that records it.
    fn put_file(
        &self,
        path: &str,
        bytes: Vec<u8>,
        made_from: Option<u64>,
    ) -> Result<(), Diagnostic>;

    /// Keeps the file at `path` that the sink already holds, when it was made from
    /// `made_from`: its size then (the file need not be rendered), else `None`.
    fn keep_made_from(&self, _path: &str, _made_from: u64) -> Result<Option<u64>, Diagnostic> {
        Ok(None)
    }
}

impl Sink for StagedOutput {
    fn put_file(
        &self,
        path: &str,
        bytes: Vec<u8>,
        made_from: Option<u64>,
    ) -> Result<(), Diagnostic> {
        self.put(path, &bytes, made_from)
            .map_err(|e| cannot_write(self, path, e))
    }

    fn keep_made_from(&self, path: &str, made_from: u64) -> Result<Option<u64>, Diagnostic> {
        StagedOutput::keep_made_from(self, path, made_from).map_err(|e| cannot_write(self, path, e))
    }
}

/// A file of the build that could not be written: named where it was being written (the
/// older tree beside the output, which becomes the output when the build is done: the
/// published output is not touched), with what to do for the cause.
fn cannot_write(staged: &StagedOutput, path: &str, e: std::io::Error) -> Diagnostic {
    let output_dir = staged.output_dir();
    let hint =
        crate::write::OutputError::Io(output_dir.to_path_buf(), e.kind().into()).hint(output_dir);
    Diagnostic::file_error(
        &staged.staging_dir().join(path),
        format!("cannot write: {e} (the build being made; the published output is as it was)"),
    )
    .with_hint(hint)
}

/// The files of a site in memory.
pub(super) struct MemorySink<'a> {
    files: Mutex<Files>,
    /// The files served until now (see `Destination::Memory`).
    previous: Option<&'a SiteFiles>,
}

impl<'a> MemorySink<'a> {
    pub(super) fn with_capacity(files: usize, previous: Option<&'a SiteFiles>) -> Self {
        MemorySink {
            files: Mutex::new(HashMap::with_capacity(files)),
            previous,
        }
    }

    /// The files put so far (each a shared handle to its bytes).
    pub(super) fn files(&self) -> Files {
        self.files.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub(super) fn into_files(self) -> Files {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for MemorySink<'_> {
    fn put_file(&self, path: &str, bytes: Vec<u8>, _: Option<u64>) -> Result<(), Diagnostic> {
        // The same bytes as the file served: that file, shared (the new copy is let go).
        let bytes = match self.previous.and_then(|site| site.get(path)) {
            Some(served) if served[..] == bytes[..] => served.clone(),
            _ => Bytes::from(bytes),
        };
        // A poisoned lock only means another thread panicked between two whole inserts.
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(path.to_string(), bytes);
        Ok(())
    }
}

/// Drops every file (rendering is the check).
pub(super) struct Discard;

impl Sink for Discard {
    fn put_file(&self, _: &str, _: Vec<u8>, _: Option<u64>) -> Result<(), Diagnostic> {
        Ok(())
    }
}
