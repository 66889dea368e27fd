//! Watching the site's sources: which files count, which events count, and batching the
//! events of one save into one [`ChangeSet`].
//!
//! Only `site.yaml`, `content/`, `static/` and `templates/` are watched (not the whole
//! site folder, which may hold `target/`, `.git/` or the output folder), and the file
//! `site.yaml` links to, if it is a link; a watched folder created while serving is
//! watched from then on. Reads are not asked for: the kernel
//! would report every file a build opens (10,000 events at the start of a 10,000-paper
//! site, whose handling took a tenth of a second from the first build on two cores), and
//! acting on them would make every rebuild, which reads the sources, trigger the next one.
//! Only creations, content changes, renames and removals count (also where a backend
//! reports reads anyway).
//! Editors' temporary and backup files are ignored, so an atomic save (write a temporary
//! file, rename it over the original) is seen as one change of the original.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use digest_core::config::CONFIG_FILE;
use digest_core::sources::{self, CONTENT_DIR, STATIC_DIR, Source, TEMPLATES_DIR};
use notify::event::{EventKind, ModifyKind};
use notify::{Config, EventKindMask};
use notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer_opt};

/// The folders of the site that are watched (with `site.yaml`).
const WATCHED_DIRS: [&str; 3] = [CONTENT_DIR, STATIC_DIR, TEMPLATES_DIR];

/// How long a file must be quiet before its events are delivered. Editors write a save
/// within a millisecond or two; this is short enough to keep save-to-reload fast.
pub const DEBOUNCE: Duration = Duration::from_millis(10);

/// The files changed since the last rebuild (absolute paths).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeSet {
    pub files: BTreeMap<PathBuf, Source>,
}

impl ChangeSet {
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn merge(&mut self, other: ChangeSet) {
        self.files.extend(other.files);
    }

    /// Whether a changed file is gone (a removal, a rename away, or the first half of an
    /// editor's backup-and-rewrite save), or is a content file or `site.yaml` left empty
    /// (the first half of a save that truncates the file, then writes it).
    pub fn has_missing_or_empty_files(&self) -> bool {
        self.files
            .iter()
            .any(|(path, source)| match std::fs::metadata(path) {
                Err(_) => true,
                Ok(meta) => {
                    meta.is_file()
                        && meta.len() == 0
                        && matches!(source, Source::Content(_) | Source::Config)
                }
            })
    }

    /// Whether only stylesheets of `static/` changed (the page can swap them in place).
    pub fn only_stylesheets(&self) -> bool {
        !self.files.is_empty()
            && self.files.iter().all(|(path, source)| {
                *source == Source::Static && path.extension().is_some_and(|e| e == "css")
            })
    }
}

/// What `path` (absolute, under `root`) is to the site ([`sources::classify`]), or `None`
/// when its changes do not matter: files the site does not read, and editors' temporary
/// and backup files.
pub fn classify(root: &Path, path: &Path) -> Option<Source> {
    // A name that is not UTF-8 still counts: the build reads such a paper (and refuses
    // such a static file), so its changes must show.
    let file_name = path.file_name()?.to_string_lossy();
    if is_editor_temporary(&file_name) {
        return None;
    }
    sources::classify(root, path)
}

pub use digest_core::sources::is_editor_temporary;

/// Whether an event can change what a file holds. Reads (`Access`) and metadata changes
/// (permissions, access times) cannot.
pub fn is_content_event(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Any => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Other => false,
    }
}

type SharedDebouncer = Arc<Mutex<Option<Debouncer<RecommendedWatcher, RecommendedCache>>>>;

/// The running watcher; dropping it stops watching.
pub struct SourceWatcher {
    debouncer: SharedDebouncer,
}

impl SourceWatcher {
    /// Stops watching and waits until no more changes can be sent.
    pub fn stop(self) {
        let debouncer = self
            .debouncer
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some(debouncer) = debouncer {
            debouncer.stop();
        }
    }
}

/// Starts watching the site at `root` (canonical). Every batch of relevant changes is sent
/// to `changes`; errors of the watcher itself go to `on_error`.
pub fn watch_sources(
    root: &Path,
    changes: Sender<ChangeSet>,
    on_error: impl Fn(String) + Send + 'static,
) -> notify::Result<SourceWatcher> {
    let handler_root = root.to_path_buf();
    // `site.yaml` may be a link to a file kept elsewhere (a folder of shared settings), as
    // the watched folders may be: the file it links to is watched too (its folder, so
    // that a save that replaces the file is seen), and its changes are `site.yaml`'s.
    let config = root.join(CONFIG_FILE);
    let linked_config = config
        .symlink_metadata()
        .is_ok_and(|meta| meta.file_type().is_symlink())
        .then(|| config.canonicalize().ok())
        .flatten();
    let handler_linked_config = linked_config.clone();
    // Folders to watch that appeared after the start. The event handler cannot add a
    // watch itself (it runs on the watcher's own thread), so a helper thread does.
    let (new_folders, appeared) = channel::<PathBuf>();
    let folder_changes = changes.clone();
    // Creations, removals and changes of content, names and metadata: no reads.
    let config = notify_debouncer_full::Config::default()
        .with_timeout(DEBOUNCE)
        .with_notify_config(Config::default().with_event_kinds(EventKindMask::CORE));
    let mut debouncer = new_debouncer_opt::<_, RecommendedWatcher, RecommendedCache>(
        config,
        move |result: DebounceEventResult| match result {
            Ok(events) => {
                let mut set = ChangeSet::default();
                for event in events.iter().filter(|e| is_content_event(&e.kind)) {
                    for path in &event.paths {
                        if is_new_source_folder(&handler_root, path, &event.kind) {
                            let _ = new_folders.send(path.clone());
                        }
                        if let Some(source) = classify(&handler_root, path) {
                            set.files.insert(path.clone(), source);
                        } else if handler_linked_config.as_ref() == Some(path) {
                            set.files
                                .insert(handler_root.join(CONFIG_FILE), Source::Config);
                        }
                    }
                }
                if !set.is_empty() {
                    let _ = changes.send(set);
                }
            }
            Err(errs) => {
                for e in errs {
                    on_error(e.to_string());
                }
            }
        },
        RecommendedCache::new(),
    )
    .map_err(|e| notify::Error::generic(&e.to_string()))?;
    // The root itself only for `site.yaml` and for `content/` or `static/` appearing.
    debouncer.watch(root, RecursiveMode::NonRecursive)?;
    for dir in WATCHED_DIRS {
        let dir = root.join(dir);
        if dir.is_dir() {
            debouncer.watch(&dir, RecursiveMode::Recursive)?;
        }
    }
    if let Some(folder) = linked_config.as_deref().and_then(Path::parent) {
        debouncer.watch(folder, RecursiveMode::NonRecursive)?;
    }
    let debouncer: SharedDebouncer = Arc::new(Mutex::new(Some(debouncer)));
    let shared = Arc::downgrade(&debouncer);
    // Ends when the watcher is stopped (the handler, which holds the sender, is dropped).
    std::thread::Builder::new()
        .name("digest-site watch folders".into())
        .spawn(move || {
            while let Ok(dir) = appeared.recv() {
                let Some(debouncer) = shared.upgrade() else {
                    return;
                };
                let mut guard = debouncer.lock().unwrap_or_else(|e| e.into_inner());
                if let Some(debouncer) = guard.as_mut() {
                    // Watching twice is harmless; a folder gone again is not an error.
                    let _ = debouncer.watch(&dir, RecursiveMode::Recursive);
                }
                drop(guard);
                // Files written into the folder before it was watched: a full rebuild,
                // now that it is, reads them.
                let source = if dir.ends_with(STATIC_DIR) {
                    Source::Static
                } else if dir.ends_with(TEMPLATES_DIR) {
                    Source::Template
                } else {
                    Source::ContentFolder
                };
                let _ = folder_changes.send(ChangeSet {
                    files: BTreeMap::from([(dir, source)]),
                });
            }
        })
        .map_err(|e| notify::Error::generic(&e.to_string()))?;
    Ok(SourceWatcher { debouncer })
}

/// A watched folder created (or moved in) right under the root.
fn is_new_source_folder(root: &Path, path: &Path, kind: &EventKind) -> bool {
    let created = matches!(
        kind,
        EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(_)) | EventKind::Any
    );
    created
        && path.parent() == Some(root)
        && path
            .file_name()
            .is_some_and(|name| WATCHED_DIRS.iter().any(|dir| name == *dir))
        && path.is_dir()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_do_not_count() {
        // What the build reads is `digest_core::sources::classify`'s to say (and test);
        // the watcher only adds editors' files, which can look like sources.
        let root = Path::new("/site");
        let c = |p: &str| classify(root, &root.join(p));
        assert_eq!(c("static/logo.png"), Some(Source::Static));
        // A name that is not UTF-8 is a file like any other.
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let name = std::ffi::OsStr::from_bytes(b"p\xff.md");
            let paper = root.join("content/papers").join(name);
            assert_eq!(
                classify(root, &paper),
                Some(Source::Content(digest_core::sources::ContentKind::Paper))
            );
        }
        for ignored in [
            "content/papers/.2404.02424.md.swp",
            "content/papers/2404.02424.md~",
            "content/papers/.#2404.02424.md",
            "content/papers/4913",
            "content/papers/#2404.02424.md#",
            "static/logo.png.swp",
            "static/logo.png~",
            "static/#logo.png#",
        ] {
            assert_eq!(c(ignored), None, "{ignored}");
        }
    }

    #[test]
    fn reads_and_metadata_do_not_count() {
        use notify::event::{AccessKind, AccessMode, CreateKind, DataChange, MetadataKind};
        assert!(!is_content_event(&EventKind::Access(AccessKind::Read)));
        assert!(!is_content_event(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(!is_content_event(&EventKind::Modify(ModifyKind::Metadata(
            MetadataKind::AccessTime
        ))));
        assert!(is_content_event(&EventKind::Modify(ModifyKind::Data(
            DataChange::Content
        ))));
        assert!(is_content_event(&EventKind::Create(CreateKind::File)));
    }
}
