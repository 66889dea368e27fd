//! Writing: putting the rendered files on disk so that the published output is always one
//! whole build (never a mix of two), a rebuild costs only what changed, and no file that
//! digest-site did not write is ever removed or replaced.
//!
//! One file of about 600 lines (and its tests) on purpose: the two trees, the record and
//! the staged output are one protocol whose invariants (what is recorded before it is
//! written, what may be removed, when the trees swap) are read together. How the trees
//! are looked through for files that are not digest-site's is apart, in `folders.rs`.
//!
//! **Two trees.** Beside the output folder `public/` digest-site keeps the tree of the build
//! before it, `.public.previous/`. A build brings that older tree up to date (writing only
//! the files whose bytes differ from what it holds, removing only the files it recorded and
//! the site no longer has), then exchanges the two folders with one atomic rename
//! (`renameat2(RENAME_EXCHANGE)` on Linux, `renamex_np(RENAME_SWAP)` on macOS). A reader, or
//! a crash at any moment, sees the previous build or the new one, whole. Where the exchange
//! is not available (other systems, or a file system that refuses it) the swap is three
//! plain renames through `.public.swap`; a crash between them leaves the output folder
//! missing, never mixed, and the next build puts it back.
//!
//! **The record.** Each tree holds `.digest-site-files`: every file digest-site wrote there,
//! with a hash of its bytes. It is what makes the rules hold:
//! - a tree holding a file that is not in its record is refused (it is the user's: digest-site
//!   neither deletes nor swaps it away), and so is a non-empty folder without a record;
//! - removal takes only recorded files;
//! - the hashes say which files are unchanged without reading them;
//! - a file recorded with the number of what it was made from (the pages of papers and
//!   digests, the numbered pages of tables: see `render::MadeFrom`) is kept as published,
//!   not made again, by a build that makes the same number for it.
//!
//! While the older tree is being brought up to date its record is marked incomplete and
//! every path about to be written is appended to it first, so a build killed half-way leaves
//! a tree whose record still covers every file in it; the next build then compares with the
//! bytes on disk instead of the hashes, and repairs it.
//!
//! Why not a fresh tree for every build: on file systems mounted with `discard` (as on the
//! machines this was measured on) deleting a file costs milliseconds, so removing a whole
//! previous tree of a 10,000-paper site took over 40 s. Keeping the older tree and updating
//! it costs what changed in the last two builds.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs::{self, File};
use std::hash::Hasher;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

mod folders;

/// How long a build waits for the output's lock before it says another build holds it,
/// and how often it tries meanwhile.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_millis(500);
const LOCK_RETRY: std::time::Duration = std::time::Duration::from_millis(20);

/// The record of the files digest-site wrote, inside each output tree.
pub const RECORD_FILE: &str = ".digest-site-files";

const RECORD_HEADER: &str = "digest-site output record 1";
const INCOMPLETE: &str = " incomplete";
/// Stands for a hash in a record line whose file is being written.
const NO_HASH: &str = "-";
/// Joins a file's hash and the number of what it was made from in a record line
/// (`<hash>+<made from> <path>`; see [`StagedOutput::keep_made_from`]). A version of
/// digest-site that does not know the second number reads no hash there, and compares
/// the file's bytes instead.
const MADE_FROM: char = '+';

/// What a finished write did, compared with the output that was published before.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Files that are new or whose bytes changed.
    pub written: usize,
    /// Files whose bytes were unchanged.
    pub unchanged: usize,
    /// Files of the previous output that the site no longer has.
    pub removed: usize,
    /// Files kept as published without being made again, because what they are made from
    /// did not change (`StagedOutput::keep_made_from`); among the unchanged.
    pub kept: usize,
    /// Bytes of every file of the new output, the record included (what a host such as
    /// GitHub Pages counts).
    pub bytes: u64,
}

/// Why an output folder cannot be written.
#[derive(Debug)]
pub enum OutputError {
    /// The folder (or digest-site's older tree beside it) holds files digest-site did not
    /// write: some of them, and how many there are in all.
    Foreign {
        folder: PathBuf,
        examples: Vec<PathBuf>,
        count: usize,
        /// Whether the folder has no record at all (written by hand, by another tool, or by
        /// a digest-site older than the record).
        unrecorded: bool,
    },
    /// Another build is writing the same output folder.
    Busy(PathBuf),
    /// The output path exists and is not a folder.
    NotAFolder(PathBuf),
    /// A path where digest-site keeps a tree, a lock or a file of its own, or a file in
    /// one of its trees, is a symbolic link: writing through it would write where it
    /// points, outside the trees.
    Link(PathBuf),
    /// A tree's record is not one digest-site wrote: it names a path outside its folder,
    /// or does not begin as a record does. Trusted, it could have files removed or written
    /// anywhere.
    NotARecord {
        record: PathBuf,
        why: String,
    },
    Io(PathBuf, io::Error),
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputError::Foreign {
                folder,
                examples,
                count,
                ..
            } => {
                write!(
                    f,
                    "`{}` holds {count} file{} that digest-site did not write: ",
                    folder.display(),
                    if *count == 1 { "" } else { "s" }
                )?;
                let names: Vec<String> = examples.iter().map(|p| p.display().to_string()).collect();
                f.write_str(&names.join(", "))?;
                if *count > examples.len() {
                    write!(f, " and {} more", count - examples.len())?;
                }
                Ok(())
            }
            OutputError::Busy(dir) => write!(
                f,
                "another digest-site build is writing `{}` right now",
                dir.display()
            ),
            OutputError::NotAFolder(dir) => {
                write!(f, "`{}` exists and is not a folder", dir.display())
            }
            OutputError::Link(path) => write!(
                f,
                "`{}` is a symbolic link: digest-site writes into folders and files of its own, never through a link",
                path.display()
            ),
            OutputError::NotARecord { record, why } => write!(
                f,
                "`{}` is not a record digest-site wrote: {why}",
                record.display()
            ),
            OutputError::Io(path, e) => write!(f, "cannot write `{}`: {e}", path.display()),
        }
    }
}

impl OutputError {
    /// Whether the system refused the write for the disk's sake (full, read-only, the
    /// output a mount point), which no change to the files mends.
    pub fn is_the_disks(&self) -> bool {
        matches!(self, OutputError::Io(_, e) if matches!(
            e.kind(),
            io::ErrorKind::StorageFull
                | io::ErrorKind::QuotaExceeded
                | io::ErrorKind::ResourceBusy
                | io::ErrorKind::CrossesDevices
                | io::ErrorKind::ReadOnlyFilesystem
        ))
    }

    /// What the user can do about it, for the output folder `output_dir` (whose name the
    /// folders kept beside it take: `.public.previous`, `.public.lock`).
    pub fn hint(&self, output_dir: &Path) -> String {
        let name = output_dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("public");
        self.hint_for_public()
            .replace(".public.", &format!(".{name}."))
    }

    /// [`hint`](OutputError::hint) with the output folder named `public`.
    fn hint_for_public(&self) -> &'static str {
        match self {
            OutputError::Foreign {
                unrecorded: true, ..
            } => {
                "digest-site writes only into an empty folder or one it wrote itself, and never \
                 deletes a file it did not write: choose another `output_dir` (or `--output`), or \
                 move those files away (a folder built by an older digest-site can be removed \
                 whole and built again)"
            }
            OutputError::Foreign { .. } => {
                "digest-site never deletes or replaces a file it did not write: move those files \
                 out of the output folder (put files meant for the site in `static/`), then build \
                 again"
            }
            OutputError::Busy(_) => "wait for the other build to finish, then build again",
            OutputError::NotAFolder(_) => "choose another `output_dir` (or `--output`)",
            OutputError::Link(_) => {
                "remove the link (what it points to is left as it is): the next build makes a \
                 folder or file of its own in its place"
            }
            OutputError::NotARecord { .. } => {
                "digest-site reads this record to know which files of the folder are its own, \
                 and never deletes a file it did not write: a record made or edited by hand could \
                 name any file. Move the folder away (or remove it, if it is yours to remove): \
                 the next build writes it anew"
            }
            OutputError::Io(_, e) => match e.kind() {
                io::ErrorKind::ResourceBusy | io::ErrorKind::CrossesDevices => {
                    "the output folder is a mount point (a volume, another disk): a build is \
                     published by exchanging it with the build before, which a mount point \
                     cannot be; set `output_dir` (or `--output`) to a folder inside the mount, \
                     such as `public/site`, or mount one level up"
                }
                io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
                    "the disk is full: free some space and build again; the published output \
                     is as it was, and `.public.previous` beside it (the build before, which the \
                     next build updates) may be removed to make room"
                }
                io::ErrorKind::ReadOnlyFilesystem => {
                    "the file system is read-only: build onto a writable disk (`--output DIR`)"
                }
                io::ErrorKind::PermissionDenied => {
                    "give yourself write permission (chmod u+w) on the site's folder and the \
                     output: beside the output digest-site keeps the build before \
                     (`.public.previous`) and a lock (`.public.lock`)"
                }
                _ => "check that the folder is writable and the disk has room",
            },
        }
    }
}

fn io_at(path: &Path) -> impl Fn(io::Error) -> OutputError + '_ {
    move |e| OutputError::Io(path.to_path_buf(), e)
}

/// The files a tree's record lists.
#[derive(Debug, Default)]
struct Record {
    /// Path (`/`-separated, relative) → what the record says of the file.
    files: HashMap<String, Recorded>,
    /// Whether the hashes can be trusted (the tree was written to the end).
    complete: bool,
    /// When the record was written: after every file of its tree.
    written: Option<std::time::SystemTime>,
}

/// What a record says of one file.
#[derive(Debug, Clone, Copy, Default)]
struct Recorded {
    /// The hash of its bytes; `None` where it is not known.
    hash: Option<u64>,
    /// The number of what it was made from, for the files that have one.
    made_from: Option<u64>,
}

impl Record {
    /// The record of the tree `dir`; `None` when it has none. A record that names a path
    /// outside the tree (`../x`, `/x`) is refused whole: digest-site writes only paths
    /// inside it, so someone else wrote this one.
    fn read(dir: &Path) -> Result<Option<Record>, OutputError> {
        let path = dir.join(RECORD_FILE);
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(OutputError::Io(dir.to_path_buf(), e)),
        };
        let not_a_record = |why: String| OutputError::NotARecord {
            record: path.clone(),
            why,
        };
        let mut lines = text.lines();
        let complete = match lines.next() {
            Some(RECORD_HEADER) => true,
            Some(h) if h.strip_suffix(INCOMPLETE) == Some(RECORD_HEADER) => false,
            _ => {
                return Err(not_a_record(format!(
                    "its first line is not `{RECORD_HEADER}`"
                )));
            }
        };
        let mut files: HashMap<String, Recorded> = HashMap::new();
        for (number, line) in lines.enumerate() {
            let Some((hash, path)) = line.split_once(' ') else {
                continue;
            };
            if !is_inside(path) {
                return Err(not_a_record(format!(
                    "line {} names `{path}`, which is not a path inside its folder",
                    number + 2
                )));
            }
            let (hash, made_from) = match hash.split_once(MADE_FROM) {
                Some((hash, from)) => (hash, u64::from_str_radix(from, 16).ok()),
                None => (hash, None),
            };
            let hash = u64::from_str_radix(hash, 16).ok();
            // A path appended by an interrupted build after its first hash: keep the hash.
            let entry = files.entry(path.to_string()).or_default();
            if hash.is_some() {
                *entry = Recorded { hash, made_from };
            }
        }
        // Read after the text: a record replaced in between is only taken as newer.
        let written = fs::metadata(&path).and_then(|m| m.modified()).ok();
        Ok(Some(Record {
            files,
            complete,
            written,
        }))
    }

    /// Whether the file at `path`, in this record's tree, is one and was not changed after
    /// the record was written.
    fn unchanged(&self, path: &Path) -> bool {
        fs::metadata(path).is_ok_and(|meta| meta.is_file() && !self.changed_since(&meta))
    }

    /// Whether the file of `meta`, in this record's tree, was changed after the record was
    /// written, which is after every file the build wrote: by hand or by another program.
    /// A file of the same time is taken as changed (`touch` gives the files it names one
    /// time): the build then compares its bytes or makes it again, which costs only time.
    fn changed_since(&self, meta: &fs::Metadata) -> bool {
        match (self.written, meta.modified()) {
            (Some(written), Ok(modified)) => modified >= written,
            // No times to compare: not trusted.
            _ => true,
        }
    }

    /// The hash of `relative`, when it can be trusted.
    fn trusted_hash(&self, relative: &str) -> Option<u64> {
        if self.complete {
            self.files.get(relative).and_then(|r| r.hash)
        } else {
            None
        }
    }

    /// What `relative` was made from, when its record says and can be trusted.
    fn trusted_made_from(&self, relative: &str) -> Option<u64> {
        if self.complete {
            self.files.get(relative).and_then(|r| r.made_from)
        } else {
            None
        }
    }
}

/// Whether `path` (a record's, `/`-separated) names a file inside the tree as digest-site
/// writes its paths: relative, each part a name (no `..`, `.` or empty part, which
/// `Path` would drop: `a/./b` is not the key `a/b` the build makes, and would have it
/// remove `a/b`), and, on Windows, no drive.
fn is_inside(path: &str) -> bool {
    use std::path::Component;
    !path.is_empty()
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// Removes the file at `path`, if there is one.
fn remove_if_there(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// A new file at `path`, for writing: a file there is removed first, never written in
/// place. A tree's file is written only this way: one that is a hard link to a file
/// elsewhere (a tree restored from a cache, planted) would carry the write there.
fn create_new(path: &Path) -> io::Result<File> {
    remove_if_there(path)?;
    open_new(path)
}

/// A new file at `path`, where no file is: it fails rather than open one that is there.
fn open_new(path: &Path) -> io::Result<File> {
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

/// What a build produced at one path: the hash of its bytes, and the number of what it
/// was made from when it has one.
type Produced = (u64, Option<u64>);

/// Writes a complete record of `files` into `dir` (whole: a temporary file renamed over);
/// returns its size.
fn write_complete_record(dir: &Path, files: &HashMap<String, Produced>) -> io::Result<u64> {
    let mut sorted: Vec<(&String, &Produced)> = files.iter().collect();
    sorted.sort();
    let temporary = dir.join(format!("{RECORD_FILE}.new"));
    // Written as it is made: at 100,000 papers the text is 9 MB, at the end of a build,
    // when its memory is at its peak.
    let mut out = io::BufWriter::new(create_new(&temporary)?);
    writeln!(out, "{RECORD_HEADER}")?;
    for (path, (hash, made_from)) in sorted {
        match made_from {
            Some(from) => writeln!(out, "{hash:016x}{MADE_FROM}{from:016x} {path}")?,
            None => writeln!(out, "{hash:016x} {path}")?,
        }
    }
    let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
    // Its time, to the nanosecond, is after every file's of the tree: the system stamps
    // files with a clock that may lag by a tick, and a file of the record's own time is
    // taken as changed since ([`Record::changed_since`]).
    file.set_modified(std::time::SystemTime::now())?;
    let size = file.metadata()?.len();
    fs::rename(&temporary, dir.join(RECORD_FILE))?;
    Ok(size)
}

/// A site being assembled for `output_dir`.
pub struct StagedOutput {
    output_dir: PathBuf,
    /// The older tree, brought up to date and then swapped in.
    next: PathBuf,
    /// The published tree's record (empty when nothing is published yet).
    published: Record,
    /// Whether there is a published tree (not so after `rm -rf public`).
    published_exists: bool,
    /// The older tree's record as it was when the build began.
    previous: Record,
    /// The older tree's record file, open for appending the paths about to be written.
    journal: Mutex<File>,
    /// Every file of the new build: path → hash, and what it was made from.
    produced: Mutex<HashMap<String, Produced>>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    kept: AtomicUsize,
    /// Bytes of the files of the new build.
    bytes: AtomicU64,
    /// Held until the build ends: one build at a time per output folder.
    _lock: File,
}

impl StagedOutput {
    /// Prepares to write a build for `output_dir` (best given resolved: its parent
    /// canonical). Fails, writing nothing, when the folder or the older tree beside it holds
    /// files digest-site did not write, or when another build is writing the same folder.
    /// [`look`](StagedOutput::look), then [`Looked::begin`].
    pub fn begin(output_dir: &Path) -> Result<Self, OutputError> {
        Self::look(output_dir)?.begin()
    }

    /// The first half of [`begin`](StagedOutput::begin), which writes nothing into the
    /// trees: takes the output folder's lock and looks through both trees for files
    /// digest-site did not write. A build does it before it reads the site, so that what
    /// the look holds while it reads the trees' folders is freed before the site is in
    /// memory (at 100,000 papers, 40 MB).
    pub fn look(output_dir: &Path) -> Result<Looked, OutputError> {
        let next = sibling(output_dir, "previous");
        if let Some(parent) = output_dir.parent()
            && !parent.as_os_str().is_empty()
        {
            fs::create_dir_all(parent).map_err(io_at(parent))?;
        }
        // An output path that is a file stops the build before anything is made beside it.
        if fs::symlink_metadata(output_dir).is_ok_and(|meta| !meta.is_dir()) {
            return Err(OutputError::NotAFolder(output_dir.to_path_buf()));
        }
        let lock_path = sibling(output_dir, "lock");
        let lock_meta = fs::symlink_metadata(&lock_path);
        if lock_meta
            .as_ref()
            .is_ok_and(|meta| meta.file_type().is_symlink())
        {
            return Err(OutputError::Link(lock_path));
        }
        let lock_existed = lock_meta.is_ok();
        // Opened, not created anew: a file of that name is left with what it holds.
        let lock = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io_at(&lock_path))?;
        // A lock held for a moment is waited for: a process that starts a program (the
        // build asks `git`, a test harness builds many sites at once) holds a copy of every
        // open file of its own until that program starts, the lock of a build that just
        // ended included. Another build holds it for seconds.
        let mut waited = std::time::Duration::ZERO;
        loop {
            match lock.try_lock() {
                Ok(()) => break,
                Err(fs::TryLockError::WouldBlock) if waited < LOCK_WAIT => {
                    std::thread::sleep(LOCK_RETRY);
                    waited += LOCK_RETRY;
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(OutputError::Busy(output_dir.to_path_buf()));
                }
                Err(fs::TryLockError::Error(e)) => return Err(OutputError::Io(lock_path, e)),
            }
        }
        recover_interrupted_swap(output_dir, &next)?;
        // Folders named `.public.staging` and `.public.old` (left by versions that staged a
        // tree beside the output, or a backup the user copied from it) are not removed:
        // nothing tells one from the other, and a folder left over costs only its room.

        let saved = folders::Saved::read(output_dir);
        let (published, previous) = match owned_trees(output_dir, &next, &saved) {
            Ok(trees) => trees,
            Err(refused) => {
                // An output folder refused (it holds files digest-site did not write) is
                // left as it was found: without the lock file beside it, when this look
                // made it.
                drop(lock);
                if !lock_existed {
                    let _ = fs::remove_file(&lock_path);
                }
                return Err(refused);
            }
        };
        let (published_exists, next_is_dir) = (published.is_some(), previous.is_some());
        let (seen_published, seen_previous) =
            (published.unwrap_or_default(), previous.unwrap_or_default());
        // What was seen of the trees' folders is true whatever this build does next: what
        // it writes changes the folders' times, and they are read again.
        folders::save(output_dir, &saved, &[&seen_published, &seen_previous]);
        // The records are read again by `begin`, once the site is read: held from here,
        // they would be in memory beside the site as it is read, the build's peak.
        Ok(Looked {
            output_dir: output_dir.to_path_buf(),
            next,
            published_exists,
            next_is_dir,
            lock,
        })
    }
}

/// An output folder looked through and locked, not yet written to: what
/// [`StagedOutput::look`] found. Dropped, it releases the lock, nothing written.
pub struct Looked {
    output_dir: PathBuf,
    next: PathBuf,
    published_exists: bool,
    next_is_dir: bool,
    lock: File,
}

impl Looked {
    /// The second half of [`StagedOutput::begin`]: from here on the older tree is written.
    pub fn begin(self) -> Result<StagedOutput, OutputError> {
        let Looked {
            output_dir,
            next,
            published_exists,
            next_is_dir,
            lock,
        } = self;
        // The records the look checked the trees against (it held the lock since).
        let record = |dir: &Path, exists: bool| -> Result<Record, OutputError> {
            Ok(match exists {
                true => Record::read(dir)?.unwrap_or_default(),
                false => Record::default(),
            })
        };
        let published = record(&output_dir, published_exists)?;
        let previous = record(&next, next_is_dir)?;
        if !next_is_dir {
            fs::create_dir(&next).map_err(io_at(&next))?;
        }

        // From here on the older tree is being changed: its record says so, and lists every
        // file the tree may hold.
        let journal_path = next.join(RECORD_FILE);
        let mut text = format!("{RECORD_HEADER}{INCOMPLETE}\n");
        for (path, recorded) in &previous.files {
            match recorded.hash {
                Some(h) => text.push_str(&format!("{h:016x} {path}\n")),
                None => text.push_str(&format!("{NO_HASH} {path}\n")),
            }
        }
        let temporary = next.join(format!("{RECORD_FILE}.new"));
        create_new(&temporary)
            .and_then(|mut file| file.write_all(text.as_bytes()))
            .map_err(io_at(&temporary))?;
        fs::rename(&temporary, &journal_path).map_err(io_at(&journal_path))?;
        let journal = fs::OpenOptions::new()
            .append(true)
            .open(&journal_path)
            .map_err(io_at(&journal_path))?;

        Ok(StagedOutput {
            output_dir,
            next,
            published,
            published_exists,
            previous,
            journal: Mutex::new(journal),
            produced: Mutex::new(HashMap::new()),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            kept: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            _lock: lock,
        })
    }
}

impl StagedOutput {
    /// The published output folder.
    pub fn output_dir(&self) -> &Path {
        &self.output_dir
    }

    /// Puts one file (path relative to the output folder, `/`-separated) in place,
    /// recording with it the number of what it was made from when it has one (see
    /// [`keep_made_from`](StagedOutput::keep_made_from)). Safe to call from many threads at
    /// once; nothing is published before [`commit`].
    ///
    /// [`commit`]: StagedOutput::commit
    pub fn put(&self, relative: &str, bytes: &[u8], made_from: Option<u64>) -> io::Result<()> {
        let hash = hash_bytes(bytes);
        let target = self.next.join(relative);
        let current = match self.previous.trusted_hash(relative) {
            Some(h) if h != hash => false,
            // The record says the file holds these bytes, unless it was changed since.
            Some(_) => self.previous.unchanged(&target) || same_bytes(&target, bytes),
            None => self.previous.files.contains_key(relative) && same_bytes(&target, bytes),
        };
        if !current {
            self.note_written(relative)?;
            prepare_target(&self.next, &target)?;
            self.clear_for(relative, &target)?;
            open_new(&target)?.write_all(bytes)?;
        }
        self.produce(relative, (hash, made_from), bytes.len() as u64);
        Ok(())
    }

    /// Keeps the published file at `relative` as it is: the caller knows its bytes are still
    /// right (the search bundle of unchanged papers), so it is not rendered again. Returns
    /// `false`, keeping nothing, when the published output has no such file.
    ///
    /// Without a published output (`rm -rf public`), the older tree's file is kept where
    /// it is, if its record knows it: the caller read it from [`kept_from`].
    ///
    /// [`kept_from`]: StagedOutput::kept_from
    pub fn keep(&self, relative: &str) -> io::Result<bool> {
        Ok(match self.published_exists {
            true => self.keep_as(relative, None)?,
            false => self.keep_in_older_tree(relative, None),
        }
        .is_some())
    }

    /// The folder the build is written into before it is published: the older tree
    /// (`.public.previous`), which the swap then publishes.
    pub fn staging_dir(&self) -> &Path {
        &self.next
    }

    /// Where the files that [`keep`](StagedOutput::keep) keeps are read: the published
    /// output, or the older tree when nothing is published.
    pub fn kept_from(&self) -> &Path {
        match self.published_exists {
            true => &self.output_dir,
            false => &self.next,
        }
    }

    /// Keeps the published file at `relative` as it is when the published record says it
    /// was made from `made_from` (a number the caller makes of everything the file shows):
    /// the caller then need not render it. Returns its size, or `None`, keeping nothing,
    /// when the published file was made from something else, or is not there.
    ///
    /// The older tree's file is kept the same way when it was made from `made_from`: after
    /// `rm -rf public`, or when a change is undone.
    pub fn keep_made_from(&self, relative: &str, made_from: u64) -> io::Result<Option<u64>> {
        let kept = if self.published.trusted_made_from(relative) == Some(made_from) {
            self.keep_as(relative, Some(made_from))?
        } else if self.previous.trusted_made_from(relative) == Some(made_from) {
            self.keep_in_older_tree(relative, Some(made_from))
        } else {
            None
        };
        if kept.is_some() {
            self.kept.fetch_add(1, Ordering::Relaxed);
        }
        Ok(kept)
    }

    /// Keeps the older tree's file at `relative` where it is, recorded as made from
    /// `made_from`, when the tree's record knows its bytes; its size.
    fn keep_in_older_tree(&self, relative: &str, made_from: Option<u64>) -> Option<u64> {
        let hash = self.previous.trusted_hash(relative)?;
        match fs::metadata(self.next.join(relative)) {
            Ok(meta) if meta.is_file() && !self.previous.changed_since(&meta) => {
                self.produce(relative, (hash, made_from), meta.len());
                Some(meta.len())
            }
            _ => None,
        }
    }

    /// Removes the older tree's file at `relative` (`target`) before a new one is written
    /// there (never in place: see [`create_new`]). Only where its record lists one: the
    /// tree holds nothing it does not list (it was checked), so at every other path there
    /// is nothing to remove, and a clean build tries no removal per file.
    fn clear_for(&self, relative: &str, target: &Path) -> io::Result<()> {
        if self.previous.files.contains_key(relative) {
            remove_if_there(target)?;
        }
        Ok(())
    }

    /// Keeps the published file at `relative`, recorded as made from `made_from`; its size.
    fn keep_as(&self, relative: &str, made_from: Option<u64>) -> io::Result<Option<u64>> {
        let Some(hash) = self.published.trusted_hash(relative) else {
            return Ok(None);
        };
        let source = self.output_dir.join(relative);
        let size = match fs::metadata(&source) {
            // A page edited in the published tree after the build that wrote it is made
            // again: the output stays what a clean build gives.
            Ok(meta) if meta.is_file() && !self.published.changed_since(&meta) => meta.len(),
            _ => return Ok(None),
        };
        let target = self.next.join(relative);
        if self.previous.trusted_hash(relative) != Some(hash) || !self.previous.unchanged(&target) {
            self.note_written(relative)?;
            prepare_target(&self.next, &target)?;
            self.clear_for(relative, &target)?;
            fs::copy(&source, &target)?;
        }
        self.produce(relative, (hash, made_from), size);
        Ok(Some(size))
    }

    /// Removes what the site no longer has from the new tree, records it, and swaps it in.
    pub fn commit(self) -> Result<WriteStats, OutputError> {
        let produced = self
            .produced
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        let stale: Vec<&String> = self
            .previous
            .files
            .keys()
            .filter(|p| !produced.contains_key(*p))
            .collect();
        remove_files(&self.next, &stale).map_err(io_at(&self.next))?;
        let record = write_complete_record(&self.next, &produced).map_err(io_at(&self.next))?;
        if self.output_dir.exists() {
            swap(&self.next, &self.output_dir)?;
        } else {
            fs::rename(&self.next, &self.output_dir).map_err(io_at(&self.output_dir))?;
        }
        let removed = self
            .published
            .files
            .keys()
            .filter(|p| !produced.contains_key(*p))
            .count();
        Ok(WriteStats {
            written: self.written.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
            removed,
            kept: self.kept.load(Ordering::Relaxed),
            // The record is published too: a host counts it.
            bytes: self.bytes.load(Ordering::Relaxed) + record,
        })
    }

    /// Ends the build without publishing: the published output is untouched (the older tree
    /// keeps what was written into it, and says so in its record).
    pub fn abort(self) {}

    /// Adds `relative` (of `size` bytes) to the new build, counted as changed or unchanged
    /// for the reader.
    fn produce(&self, relative: &str, produced: Produced, size: u64) {
        let hash = produced.0;
        if lock(&self.produced)
            .insert(relative.to_string(), produced)
            .is_some()
        {
            return;
        }
        self.bytes.fetch_add(size, Ordering::Relaxed);
        if self.published.trusted_hash(relative) == Some(hash) {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
        } else {
            self.written.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Appends `relative` to the older tree's record before it is written there (once).
    fn note_written(&self, relative: &str) -> io::Result<()> {
        if self.previous.files.contains_key(relative) {
            return Ok(());
        }
        let line = format!("{NO_HASH} {relative}\n");
        lock(&self.journal).write_all(line.as_bytes())
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// What [`StagedOutput::begin`] would refuse `output_dir` for, found without writing
/// anything (for `check`): files digest-site did not write in it or in the older tree
/// beside it, or an output path that is a file.
pub fn check_output_dir(output_dir: &Path) -> Result<(), OutputError> {
    let saved = folders::Saved::read(output_dir);
    owned_trees(output_dir, &sibling(output_dir, "previous"), &saved).map(|_| ())
}

/// What looks through the output folder and the older tree `next` beside it (`None` for
/// one that is not there) for files digest-site did not write ([`owned_tree`]) saw of
/// their folders. The two trees are looked through at once: each holds every file of a
/// build (at 10,000 papers, 12,000 files in 10,000 folders each).
fn owned_trees(
    output_dir: &Path,
    next: &Path,
    saved: &folders::Saved,
) -> Result<(Option<folders::Seen>, Option<folders::Seen>), OutputError> {
    let published_is_dir = match fs::symlink_metadata(output_dir) {
        Ok(meta) if meta.is_dir() => true,
        Ok(_) => return Err(OutputError::NotAFolder(output_dir.to_path_buf())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(OutputError::Io(output_dir.to_path_buf(), e)),
    };
    // The older tree is written into: a link there would have the build write where it
    // points.
    let next_is_dir = match fs::symlink_metadata(next) {
        Ok(meta) if meta.file_type().is_symlink() => {
            return Err(OutputError::Link(next.to_path_buf()));
        }
        Ok(meta) => meta.is_dir(),
        Err(_) => false,
    };
    let (published, previous) = rayon::join(
        || {
            published_is_dir
                .then(|| owned_tree(output_dir, saved))
                .transpose()
        },
        || next_is_dir.then(|| owned_tree(next, saved)).transpose(),
    );
    Ok((published?, previous?))
}

/// Reads a tree's record and checks that the tree holds nothing else, reading again only
/// the folders that changed since `saved` (all of them when the tree has no record: then
/// every file in it is reported).
fn owned_tree(dir: &Path, saved: &folders::Saved) -> Result<folders::Seen, OutputError> {
    holds_only(dir, Record::read(dir)?.as_ref(), saved)
}

/// [`owned_tree`] with the tree's record read already (`None`: it has none).
fn holds_only(
    dir: &Path,
    record: Option<&Record>,
    saved: &folders::Saved,
) -> Result<folders::Seen, OutputError> {
    let unrecorded = record.is_none();
    let own = |key: &str| {
        record.is_some_and(|r| r.files.contains_key(key))
            || key == RECORD_FILE
            || key == format!("{RECORD_FILE}.new")
    };
    let nothing_saved = folders::Saved::default();
    let saved = if unrecorded { &nothing_saved } else { saved };
    let (foreign, seen) = folders::foreign_files(dir, &own, saved).map_err(io_at(dir))?;
    if foreign.count > 0 {
        return Err(OutputError::Foreign {
            folder: dir.to_path_buf(),
            examples: foreign.examples.iter().map(|key| dir.join(key)).collect(),
            count: foreign.count,
            unrecorded,
        });
    }
    Ok(seen)
}

/// Makes room for a file at `target` in a tree of digest-site's own: creates its folders,
/// replacing a recorded file that stands where a folder must be, and removes a folder that
/// stands where the file must be.
fn prepare_target(root: &Path, target: &Path) -> io::Result<()> {
    if let Some(parent) = target.parent()
        && let Err(e) = fs::create_dir_all(parent)
    {
        let mut blocking = parent;
        loop {
            if blocking == root || !blocking.starts_with(root) {
                return Err(e);
            }
            if blocking.is_file() {
                fs::remove_file(blocking)?;
                break;
            }
            match blocking.parent() {
                Some(p) => blocking = p,
                None => return Err(e),
            }
        }
        fs::create_dir_all(parent)?;
    }
    if fs::symlink_metadata(target).is_ok_and(|m| m.is_dir()) {
        // Every file below it is recorded (the tree was checked): the site had pages there.
        fs::remove_dir_all(target)?;
    }
    Ok(())
}

/// Removes the recorded files `stale` from the tree at `root`, and the folders that become
/// empty.
fn remove_files(root: &Path, stale: &[&String]) -> io::Result<()> {
    let mut emptied: HashSet<PathBuf> = HashSet::new();
    for relative in stale {
        let path = root.join(relative);
        match fs::symlink_metadata(&path) {
            Ok(meta) if !meta.is_dir() => fs::remove_file(&path)?,
            // Gone, or a folder of the new build stands there now.
            _ => continue,
        }
        if let Some(parent) = path.parent() {
            emptied.insert(parent.to_path_buf());
        }
    }
    let mut emptied: Vec<PathBuf> = emptied.into_iter().collect();
    // Deepest first, so that a folder's emptied sub-folders are gone before it is tried.
    emptied.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
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
    Ok(())
}

/// Whether `dir` is a tree digest-site wrote, as it wrote it: it holds the record of what
/// was written there, no file the record does not list, and each file it lists with the
/// bytes it recorded (a copy the user made and edited is theirs). It reads every file:
/// only for a folder found where a crash may have left one.
fn is_wholly_ours(dir: &Path) -> bool {
    if fs::symlink_metadata(dir).map_or(true, |m| !m.is_dir()) {
        return false;
    }
    let Ok(Some(record)) = Record::read(dir) else {
        return false;
    };
    holds_only(dir, Some(&record), &folders::Saved::default()).is_ok()
        && record.files.iter().all(|(path, recorded)| {
            recorded.hash.is_some()
                && fs::read(dir.join(path))
                    .is_ok_and(|bytes| Some(hash_bytes(&bytes)) == recorded.hash)
        })
}

/// Exchanges the folders `a` and `b` (both exist), atomically where the system can.
fn swap(a: &Path, b: &Path) -> Result<(), OutputError> {
    match exchange(a, b) {
        Ok(()) => Ok(()),
        Err(_) => {
            // Three renames; `recover_interrupted_swap` repairs a crash between them.
            let aside = sibling(b, "swap");
            fs::rename(b, &aside).map_err(io_at(b))?;
            fs::rename(a, b).map_err(io_at(b))?;
            fs::rename(&aside, a).map_err(io_at(a))
        }
    }
}

/// After a crash inside the three-rename swap: puts the output folder back when it is
/// missing, and the older tree in its place.
/// A folder of the user's that happens to have the name is not digest-site's tree (it holds
/// a file its record does not list, or has no record) and is left where it is.
fn recover_interrupted_swap(output_dir: &Path, next: &Path) -> Result<(), OutputError> {
    let aside = sibling(output_dir, "swap");
    if !is_wholly_ours(&aside) {
        return Ok(());
    }
    if !output_dir.exists() {
        // The crash came after the published tree was moved aside: it is whole; publish it.
        fs::rename(&aside, output_dir).map_err(io_at(output_dir))
    } else if !next.exists() {
        fs::rename(&aside, next).map_err(io_at(next))
    } else {
        Ok(())
    }
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are NUL-terminated C strings that live across the call.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(target_os = "macos")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are NUL-terminated C strings that live across the call.
    let rc = unsafe { libc::renamex_np(a.as_ptr(), b.as_ptr(), libc::RENAME_SWAP) };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(any(target_os = "linux", target_os = "macos")))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// `.name.suffix` next to `dir` (same parent, so renames stay on one file system).
pub fn sibling(dir: &Path, suffix: &str) -> PathBuf {
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("public");
    dir.with_file_name(format!(".{name}.{suffix}"))
}

/// A hash of a file's bytes that stays the same across versions and machines (SipHash-1-3
/// with fixed keys), so records written by one build can be read by the next.
fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hasher = siphasher::sip::SipHasher13::new_with_keys(0x6469_6765_7374, 0x7369_7465);
    hasher.write(bytes);
    hasher.write_usize(bytes.len());
    hasher.finish()
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

    /// Files written, unchanged and removed.
    fn counts(stats: WriteStats) -> (usize, usize, usize) {
        (stats.written, stats.unchanged, stats.removed)
    }

    fn build(out: &Path, files: &[(&str, &str)]) -> WriteStats {
        let stage = StagedOutput::begin(out).unwrap();
        for (path, bytes) in files {
            stage.put(path, bytes.as_bytes(), None).unwrap();
        }
        stage.commit().unwrap()
    }

    /// `path` relative to `root`, `/`-separated.
    fn relative_key(root: &Path, path: &Path) -> String {
        let relative = path.strip_prefix(root).unwrap_or(path);
        let parts: Vec<String> = relative
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        parts.join("/")
    }

    /// `public/` in `dir` after two builds of one file, `bytes` one after the other: the
    /// older tree holds the first.
    fn built_twice(dir: &Path, path: &str, bytes: [&str; 2]) -> PathBuf {
        let out = dir.join("public");
        for b in bytes {
            build(&out, &[(path, b)]);
        }
        out
    }

    fn tree(dir: &Path) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    relative_key(dir, e.path()),
                    fs::read_to_string(e.path()).unwrap(),
                )
            })
            .filter(|(k, _)| k != RECORD_FILE)
            .collect();
        files.sort();
        files
    }

    /// An output path that is a file is refused before anything is made beside it, and a
    /// file where the lock goes keeps what it holds.
    #[test]
    fn the_lock_neither_empties_a_file_nor_is_made_beside_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let notes = dir.path().join("notes");
        fs::write(&notes, "note").unwrap();
        fs::write(sibling(&notes, "lock"), "mine").unwrap();
        assert!(matches!(
            StagedOutput::begin(&notes),
            Err(OutputError::NotAFolder(_))
        ));
        assert_eq!(fs::read_to_string(sibling(&notes, "lock")).unwrap(), "mine");
        let config = dir.path().join("site.yaml");
        fs::write(&config, "title: T\n").unwrap();
        assert!(StagedOutput::begin(&config).is_err());
        assert!(!sibling(&config, "lock").exists());
        // A build beside a file of the lock's name leaves it as it was.
        let out = dir.path().join("public");
        fs::write(sibling(&out, "lock"), "mine too").unwrap();
        let stage = StagedOutput::begin(&out).unwrap();
        stage.put("a.html", b"a", None).unwrap();
        stage.commit().unwrap();
        assert_eq!(
            fs::read_to_string(sibling(&out, "lock")).unwrap(),
            "mine too"
        );
    }

    /// A file recorded with what it was made from is kept, not made again, while that
    /// stays the same; a different number, a file recorded without one, a missing file or
    /// a record left incomplete by an interrupted build make the caller make it again.
    #[test]
    fn a_file_is_kept_while_what_it_was_made_from_stays_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let stage = StagedOutput::begin(&out).unwrap();
        stage.put("p.html", b"paper", Some(7)).unwrap();
        stage.put("gone.html", b"gone", Some(9)).unwrap();
        stage.put("q.html", b"table", None).unwrap();
        stage.commit().unwrap();
        let record = fs::read_to_string(out.join(RECORD_FILE)).unwrap();
        assert!(record.contains("+0000000000000007 p.html\n"), "{record}");

        let stage = StagedOutput::begin(&out).unwrap();
        assert_eq!(stage.keep_made_from("p.html", 8).unwrap(), None);
        assert_eq!(stage.keep_made_from("q.html", 7).unwrap(), None);
        fs::remove_file(out.join("gone.html")).unwrap();
        assert_eq!(stage.keep_made_from("gone.html", 9).unwrap(), None);
        assert_eq!(stage.keep_made_from("p.html", 7).unwrap(), Some(5));
        stage.put("q.html", b"table", None).unwrap();
        let stats = stage.commit().unwrap();
        assert_eq!((stats.kept, counts(stats)), (1, (0, 2, 1)));
        assert_eq!(
            tree(&out),
            [
                ("p.html".into(), "paper".into()),
                ("q.html".into(), "table".into())
            ]
        );
        // Kept, it keeps its number for the next build.
        let stage = StagedOutput::begin(&out).unwrap();
        assert_eq!(stage.keep_made_from("p.html", 7).unwrap(), Some(5));
        stage.abort();

        // Made from something else, then from the first again: the older tree's file is
        // kept, as it is after the published output is removed.
        let stage = StagedOutput::begin(&out).unwrap();
        stage.put("p.html", b"other", Some(8)).unwrap();
        stage.commit().unwrap();
        let stage = StagedOutput::begin(&out).unwrap();
        assert_eq!(stage.keep_made_from("p.html", 7).unwrap(), Some(5));
        let stats = stage.commit().unwrap();
        assert_eq!((stats.kept, stats.written), (1, 1));
        assert_eq!(tree(&out), [("p.html".into(), "paper".into())]);
        // The published output removed (`rm -rf public`): the older tree's is kept.
        fs::remove_dir_all(&out).unwrap();
        let stage = StagedOutput::begin(&out).unwrap();
        assert_eq!(stage.keep_made_from("p.html", 8).unwrap(), Some(5));
        assert_eq!(stage.commit().unwrap().kept, 1);
        assert_eq!(tree(&out), [("p.html".into(), "other".into())]);

        // An interrupted build leaves the older tree's record incomplete: nothing in it is
        // trusted, and the next build makes the file again.
        let stage = StagedOutput::begin(&out).unwrap();
        stage.put("p.html", b"paper", Some(7)).unwrap();
        stage.commit().unwrap();
        let stage = StagedOutput::begin(&out).unwrap();
        stage.abort();
        fs::rename(&out, dir.path().join("elsewhere")).unwrap();
        fs::rename(sibling(&out, "previous"), &out).unwrap();
        let stage = StagedOutput::begin(&out).unwrap();
        assert_eq!(stage.keep_made_from("p.html", 7).unwrap(), None);
    }

    /// After `rm -rf public` the files the caller keeps are the older tree's, read there.
    #[test]
    fn without_a_published_output_the_older_trees_files_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let out = built_twice(dir.path(), "search/a.json", ["one", "two"]);
        // The older tree holds the first build's file, with a complete record.
        fs::remove_dir_all(&out).unwrap();
        let stage = StagedOutput::begin(&out).unwrap();
        assert_eq!(stage.kept_from(), sibling(&out, "previous"));
        assert!(stage.keep("search/a.json").unwrap());
        assert!(!stage.keep("search/b.json").unwrap());
        let stats = stage.commit().unwrap();
        assert_eq!(counts(stats), (1, 0, 0));
        assert_eq!(tree(&out), [("search/a.json".into(), "one".into())]);
    }

    #[test]
    fn publishes_only_on_commit_and_counts_against_the_published_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let stage = StagedOutput::begin(&out).unwrap();
        stage.put("a/index.html", b"one", None).unwrap();
        stage.put("gone/index.html", b"x", None).unwrap();
        assert!(!out.exists(), "nothing is published before commit");
        assert_eq!(counts(stage.commit().unwrap()), (2, 0, 0));

        let stage = StagedOutput::begin(&out).unwrap();
        stage.put("a/index.html", b"one", None).unwrap();
        stage.put("b.html", b"two", None).unwrap();
        // Until commit, the published output is the old one.
        assert!(out.join("gone/index.html").exists());
        assert!(!out.join("b.html").exists());
        assert_eq!(counts(stage.commit().unwrap()), (1, 1, 1));
        assert!(!out.join("gone").exists(), "emptied folders are removed");
        assert_eq!(fs::read(out.join("b.html")).unwrap(), b"two");

        let stage = StagedOutput::begin(&out).unwrap();
        stage.put("c.html", b"three", None).unwrap();
        stage.put("a/index.html", b"changed", None).unwrap();
        stage.abort();
        assert_eq!(
            tree(&out),
            [
                ("a/index.html".into(), "one".into()),
                ("b.html".into(), "two".into())
            ]
        );
        // The interrupted tree is repaired by the next build.
        build(&out, &[("a/index.html", "one"), ("b.html", "two")]);
        assert_eq!(
            tree(&out),
            [
                ("a/index.html".into(), "one".into()),
                ("b.html".into(), "two".into())
            ]
        );
        assert_eq!(
            tree(&sibling(&out, "previous")),
            [
                ("a/index.html".into(), "one".into()),
                ("b.html".into(), "two".into())
            ]
        );
    }

    #[test]
    fn the_older_tree_catches_up_and_an_unchanged_rebuild_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build(&out, &[("a.html", "1"), ("b.html", "1")]);
        build(&out, &[("a.html", "2"), ("b.html", "1")]);
        build(&out, &[("a.html", "2"), ("b.html", "1")]);
        let before = fs::metadata(sibling(&out, "previous").join("b.html"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(
            counts(build(&out, &[("a.html", "2"), ("b.html", "1")])),
            (0, 2, 0)
        );
        let after = fs::metadata(out.join("b.html"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(before, after, "an unchanged file is not written again");
        assert_eq!(tree(&out), tree(&sibling(&out, "previous")));
    }

    /// A record that names files outside its tree is refused whole, before anything is
    /// removed or written: the files it names stay.
    #[test]
    fn a_record_naming_paths_outside_its_tree_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let theirs = dir.path().join("theirs.txt");
        fs::create_dir_all(dir.path().join("site")).unwrap();
        let out = dir.path().join("site/public");
        for (tree, named) in [
            (sibling(&out, "previous"), "../theirs.txt".to_string()),
            (sibling(&out, "previous"), theirs.display().to_string()),
            (out.clone(), "a/../../../theirs.txt".to_string()),
        ] {
            fs::write(&theirs, b"theirs").unwrap();
            let _ = fs::remove_dir_all(&out);
            let _ = fs::remove_dir_all(sibling(&out, "previous"));
            fs::create_dir_all(&tree).unwrap();
            fs::write(
                tree.join(RECORD_FILE),
                format!("{RECORD_HEADER}\n0000000000000000 {named}\n"),
            )
            .unwrap();
            let Err(error) = StagedOutput::begin(&out) else {
                panic!("a record naming {named} was trusted");
            };
            assert!(
                matches!(&error, OutputError::NotARecord { record, .. } if *record == tree.join(RECORD_FILE)),
                "{error}"
            );
            assert!(error.to_string().contains(&named), "{error}");
            assert_eq!(fs::read(&theirs).unwrap(), b"theirs", "{named}");
        }
    }

    /// Links are not written through: one in a tree (even when its record lists it), the
    /// older tree itself, the lock, the file of folders seen.
    #[cfg(unix)]
    #[test]
    fn nothing_is_written_through_a_link() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere");
        let out = dir.path().join("site/public");
        let previous = sibling(&out, "previous");
        let reset = || {
            for path in [&out, &previous, &elsewhere] {
                let _ = fs::remove_dir_all(path);
                let _ = fs::remove_file(path);
            }
            for name in ["lock", "folders"] {
                let _ = fs::remove_file(sibling(&out, name));
            }
            fs::create_dir_all(&elsewhere).unwrap();
            fs::write(elsewhere.join("a.html"), b"theirs").unwrap();
        };
        let untouched = || {
            let names: Vec<String> = fs::read_dir(&elsewhere)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            assert_eq!(names, ["a.html"]);
            assert_eq!(fs::read(elsewhere.join("a.html")).unwrap(), b"theirs");
        };

        // A link in the older tree, listed by its record.
        reset();
        fs::create_dir_all(&previous).unwrap();
        symlink(&elsewhere, previous.join("h")).unwrap();
        fs::write(
            previous.join(RECORD_FILE),
            format!("{RECORD_HEADER}\n0000000000000000 h\n"),
        )
        .unwrap();
        let Err(error) = StagedOutput::begin(&out) else {
            panic!("a link in the older tree was written through");
        };
        assert!(
            matches!(error, OutputError::Foreign { count: 1, .. }),
            "{error}"
        );
        untouched();

        // The older tree, a lock or the folders' file that is a link.
        for (link, target) in [
            (previous.clone(), elsewhere.clone()),
            (sibling(&out, "lock"), elsewhere.join("lock")),
        ] {
            reset();
            fs::create_dir_all(out.parent().unwrap()).unwrap();
            symlink(&target, &link).unwrap();
            let Err(error) = StagedOutput::begin(&out) else {
                panic!("{} was written through", link.display());
            };
            assert!(
                matches!(&error, OutputError::Link(at) if *at == link),
                "{error}"
            );
            untouched();
        }
        reset();
        fs::create_dir_all(out.parent().unwrap()).unwrap();
        symlink(elsewhere.join("folders"), sibling(&out, "folders")).unwrap();
        build(&out, &[("a.html", "ours")]);
        build(&out, &[("a.html", "ours")]);
        untouched();

        // Hard links to a file elsewhere, where the older tree has a recorded file and
        // where the record is written anew, and beside the output: written anew, not in
        // place.
        for planted in [
            previous.join("a.html"),
            previous.join(format!("{RECORD_FILE}.new")),
            sibling(&out, "folders"),
        ] {
            reset();
            build(&out, &[("a.html", "ours")]);
            build(&out, &[("a.html", "ours")]);
            let _ = fs::remove_file(&planted);
            fs::hard_link(elsewhere.join("a.html"), &planted).unwrap();
            fs::write(
                previous.join(RECORD_FILE),
                format!("{RECORD_HEADER}\n0000000000000000 a.html\n"),
            )
            .unwrap();
            build(&out, &[("a.html", "ours, again")]);
            assert_eq!(fs::read(out.join("a.html")).unwrap(), b"ours, again");
            untouched();
        }
    }

    /// A record path with a `.` or an empty part is not one the build makes (it would have
    /// the build remove the file that path names): refused.
    #[test]
    fn a_record_path_with_a_dot_or_an_empty_part_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        for named in [
            "assets/./style.css",
            "assets//site.js",
            "a.html/",
            "./a.html",
        ] {
            let _ = fs::remove_dir_all(&out);
            build(&out, &[("a.html", "ours")]);
            fs::write(
                out.join(RECORD_FILE),
                format!("{RECORD_HEADER}\n0000000000000000 a.html\n0000000000000000 {named}\n"),
            )
            .unwrap();
            assert!(
                matches!(
                    StagedOutput::begin(&out),
                    Err(OutputError::NotARecord { .. })
                ),
                "{named}"
            );
        }
    }

    #[test]
    fn a_file_and_a_folder_may_trade_places() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = [("x", "file"), ("y/index.html", "in a folder")];
        let second = [("x/index.html", "now a folder"), ("y", "now a file")];
        build(&out, &first);
        assert_eq!(counts(build(&out, &second)), (2, 0, 2));
        assert_eq!(fs::read(out.join("x/index.html")).unwrap(), b"now a folder");
        assert_eq!(fs::read(out.join("y")).unwrap(), b"now a file");
        // And back, through the older tree.
        build(&out, &first);
        build(&out, &second);
        assert_eq!(fs::read(out.join("y")).unwrap(), b"now a file");
    }

    #[test]
    fn files_it_did_not_write_are_never_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(out.join("photos")).unwrap();
        fs::write(out.join("notes.txt"), b"mine").unwrap();
        fs::write(out.join("photos/a.jpg"), b"jpeg").unwrap();
        let Err(error) = StagedOutput::begin(&out) else {
            panic!("a folder of the user's files was accepted");
        };
        assert!(matches!(
            error,
            OutputError::Foreign {
                count: 2,
                unrecorded: true,
                ..
            }
        ));
        assert!(error.to_string().contains("notes.txt"), "{error}");
        assert_eq!(fs::read(out.join("notes.txt")).unwrap(), b"mine");

        // A file added by hand to a built output stops the next build too.
        let out = dir.path().join("site");
        build(&out, &[("a.html", "site")]);
        fs::write(out.join("stray.html"), b"not ours").unwrap();
        assert!(matches!(
            StagedOutput::begin(&out),
            Err(OutputError::Foreign {
                count: 1,
                unrecorded: false,
                ..
            })
        ));
        assert_eq!(fs::read(out.join("stray.html")).unwrap(), b"not ours");
        // Many, in folders at any depth (looked through in parallel): all counted, the
        // first five by name shown, whatever order the folders were read in; a recorded
        // file is not one of them, nor is the record.
        for name in [
            "z/9.txt",
            "a/b/c/1.txt",
            "a/2.txt",
            "m/m/3.txt",
            "b/4.txt",
            "c/5.txt",
        ] {
            let path = out.join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, b"not ours").unwrap();
        }
        let Err(OutputError::Foreign {
            count, examples, ..
        }) = StagedOutput::begin(&out)
        else {
            panic!("stray files were accepted");
        };
        assert_eq!(count, 7);
        let shown: Vec<String> = examples.iter().map(|p| relative_key(&out, p)).collect();
        assert_eq!(
            shown,
            ["a/2.txt", "a/b/c/1.txt", "b/4.txt", "c/5.txt", "m/m/3.txt"]
        );
        // An empty folder is fine.
        let empty = dir.path().join("empty");
        fs::create_dir(&empty).unwrap();
        assert_eq!(counts(build(&empty, &[("a.html", "1")])), (1, 0, 0));
    }

    #[test]
    fn one_build_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = StagedOutput::begin(&out).unwrap();
        assert!(matches!(
            StagedOutput::begin(&out),
            Err(OutputError::Busy(_))
        ));
        first.abort();
        assert!(StagedOutput::begin(&out).is_ok());
    }

    #[test]
    fn an_interrupted_plain_swap_is_put_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = built_twice(dir.path(), "a.html", ["1", "2"]);
        // The crash came after the published tree was moved aside.
        fs::rename(&out, sibling(&out, "swap")).unwrap();
        assert_eq!(counts(build(&out, &[("a.html", "3")])), (1, 0, 0));
        assert_eq!(tree(&out), [("a.html".into(), "3".into())]);
        assert!(!sibling(&out, "swap").exists());
    }

    /// What the system refuses a write for says what to do about it.
    #[test]
    fn a_refused_write_says_what_to_do_for_its_cause() {
        for (kind, says) in [
            (io::ErrorKind::ResourceBusy, "mount point"),
            (io::ErrorKind::CrossesDevices, "mount point"),
            (io::ErrorKind::StorageFull, "the disk is full"),
            (io::ErrorKind::ReadOnlyFilesystem, "read-only"),
            (io::ErrorKind::PermissionDenied, "chmod u+w"),
            (io::ErrorKind::Other, "writable and the disk has room"),
        ] {
            let error = OutputError::Io(PathBuf::from("public"), io::Error::from(kind));
            let hint = error.hint(Path::new("site/public"));
            assert!(hint.contains(says), "{kind:?}: {hint}");
        }
        // The folders beside the output are named after it.
        let full = OutputError::Io(
            PathBuf::from("out"),
            io::Error::from(io::ErrorKind::StorageFull),
        );
        let hint = full.hint(Path::new("site/out"));
        assert!(
            hint.contains("`.out.previous`") && !hint.contains(".public."),
            "{hint}"
        );
    }

    #[test]
    fn folders_of_the_users_named_like_ours_stay_where_they_are() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        for suffix in ["swap", "staging", "old"] {
            let theirs = sibling(&out, suffix);
            fs::create_dir(&theirs).unwrap();
            fs::write(theirs.join("keep.txt"), "mine").unwrap();
        }
        assert_eq!(counts(build(&out, &[("a.html", "1")])), (1, 0, 0));
        assert_eq!(tree(&out), [("a.html".into(), "1".into())]);
        for suffix in ["swap", "staging", "old"] {
            let kept = sibling(&out, suffix).join("keep.txt");
            assert_eq!(
                fs::read_to_string(&kept).unwrap(),
                "mine",
                "{}",
                kept.display()
            );
        }
        // A backup copied from the output holds the record, and the user's files with it,
        // or the output's files edited: it stays.
        for suffix in ["swap", "staging", "old"] {
            fs::copy(
                out.join(RECORD_FILE),
                sibling(&out, suffix).join(RECORD_FILE),
            )
            .unwrap();
        }
        fs::remove_dir_all(&out).unwrap();
        build(&out, &[("a.html", "2")]);
        for suffix in ["swap", "staging", "old"] {
            let theirs = sibling(&out, suffix);
            let kept = theirs.join("keep.txt");
            assert_eq!(
                fs::read_to_string(&kept).unwrap(),
                "mine",
                "{}",
                kept.display()
            );
            fs::remove_file(kept).unwrap();
            fs::copy(out.join(RECORD_FILE), theirs.join(RECORD_FILE)).unwrap();
            fs::write(theirs.join("a.html"), "2, edited").unwrap();
        }
        fs::remove_dir_all(&out).unwrap();
        build(&out, &[("a.html", "3")]);
        assert_eq!(tree(&out), [("a.html".into(), "3".into())]);
        for suffix in ["swap", "staging", "old"] {
            let edited = sibling(&out, suffix).join("a.html");
            assert_eq!(
                fs::read_to_string(&edited).unwrap(),
                "2, edited",
                "{suffix}"
            );
        }
    }
}
