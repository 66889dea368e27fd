//! Where the pipeline puts rendered files: the staged output folder (`build`), memory
//! (`serve`), or nowhere (`check`).

use std::collections::HashMap;
use std::sync::Mutex;

use bytes::Bytes;

use super::Files;
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

fn cannot_write(staged: &StagedOutput, path: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::file_error(
        &staged.output_dir().join(path),
        format!("cannot write: {e}"),
    )
}

/// The files of a site in memory.
pub(super) struct MemorySink(Mutex<Files>);

impl MemorySink {
    pub(super) fn with_capacity(files: usize) -> Self {
        MemorySink(Mutex::new(HashMap::with_capacity(files)))
    }

    /// The files put so far (each a shared handle to its bytes).
    pub(super) fn files(&self) -> Files {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub(super) fn into_files(self) -> Files {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for MemorySink {
    fn put_file(&self, path: &str, bytes: Vec<u8>, _: Option<u64>) -> Result<(), Diagnostic> {
        // A poisoned lock only means another thread panicked between two whole inserts.
        let mut files = self.0.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(path.to_string(), Bytes::from(bytes));
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
