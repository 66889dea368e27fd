//! Every committed version of one file, read from its git repository: the archive that a
//! tool rewriting `cs.AI.md` every day keeps without knowing it.
//!
//! A version is dated by its commit's author date where it was written (the date `git log` shows); of
//! several versions on one day the last one wins, as it replaced the others that day (the
//! importer adds the papers only they list, which were published too).
//!
//! This runs the `git` command line rather than a library (gix): the repository is one the
//! user cloned with git, so git is there; two processes do all the work (`git log` lists
//! the commits, one `git cat-file --batch` streams every version), which reads thousands
//! of versions in about a second; and a git library would add a large tree of crates to
//! every build of digest-site for one subcommand's option.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use chrono::NaiveDate;

use crate::diagnostic::{Diagnostic, Diagnostics};

/// One version of the file: the last commit of a day that changed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub commit: String,
    /// The commit's author date, the day where it was written.
    pub date: NaiveDate,
    /// The commits of the same day this version replaced, newest first.
    pub replaced: Vec<String>,
}

impl Version {
    /// The commit's first ten hex digits, as `git log --oneline` shows it (about).
    pub fn short(&self) -> &str {
        &self.commit[..self.commit.len().min(10)]
    }
}

/// The history of one file.
#[derive(Debug, Clone)]
pub struct History {
    /// The repository's top folder.
    pub repository: PathBuf,
    /// The file's path in the repository, `/`-separated.
    pub path: String,
    /// One version per day, oldest first.
    pub versions: Vec<Version>,
    /// Commits that changed the file (same-day ones included).
    pub commits: usize,
    /// What the import should say about the history: a file deleted where this one was
    /// added, which may be its former name.
    pub notes: Vec<Diagnostic>,
}

impl History {
    /// How a version is shown in diagnostics: git's `<commit>:<path>`, which `git show`
    /// takes as it is.
    pub fn shown(&self, version: &Version) -> PathBuf {
        self.shown_commit(&version.commit)
    }

    /// [`History::shown`] of the version of `commit`.
    pub fn shown_commit(&self, commit: &str) -> PathBuf {
        PathBuf::from(format!("{}:{}", &commit[..commit.len().min(10)], self.path))
    }
}

/// Reads the history of `file` (which need not exist in the working tree any more).
pub fn history(file: &Path) -> Result<History, Diagnostics> {
    if file.is_dir() {
        return Err(Diagnostic::file_error(
            file,
            "--git-history takes one file, whose committed versions are the days of a digest; this is a folder",
        )
        .with_hint("name the file a tool rewrites every day (`--git-history archive/cs.AI.md`); a folder of dated files is imported without --git-history")
        .into());
    }
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Diagnostic::file_error(file, "--git-history takes a file's path"))?;
    let folder = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !folder.is_dir() {
        return Err(
            Diagnostic::file_error(file, "the file's folder does not exist")
                .with_hint("name a file inside a git repository's working tree")
                .into(),
        );
    }
    let top = git(&folder, &["rev-parse", "--show-toplevel"], file)?;
    let prefix = git(&folder, &["rev-parse", "--show-prefix"], file)?;
    let repository = PathBuf::from(top.trim());
    let path = format!("{}{name}", prefix.trim());
    let log = git(
        &repository,
        &[
            "log",
            // The time and its zone as the author wrote them: the day `git log` shows
            // (a commit at 07:30 +0800 is that day's, not the day before in UTC).
            "--format=%H %at %aI",
            // Versions that add or change the file (a deletion has none to read).
            "--diff-filter=AMT",
            "--no-renames",
            "--",
            &format!(":(literal){path}"),
        ],
        file,
    )?;
    let mut dated = Vec::new();
    for line in log.lines().filter(|l| !l.is_empty()) {
        let parsed = line.split_once(' ').and_then(|(commit, rest)| {
            let (seconds, written) = rest.split_once(' ')?;
            let seconds: i64 = seconds.trim().parse().ok()?;
            let date = chrono::DateTime::parse_from_rfc3339(written.trim())
                .ok()?
                .date_naive();
            Some((commit.to_string(), seconds, date))
        });
        match parsed {
            Some(entry) => dated.push(entry),
            None => {
                return Err(Diagnostic::file_error(
                    file,
                    format!("git log printed a line this cannot read: `{line}`"),
                )
                .into());
            }
        }
    }
    if dated.is_empty() {
        return Err(
            Diagnostic::file_error(file, format!("no commit of `{path}` was found"))
                .with_hint("commit the file first, or name a file with a history (`git log -- FILE` lists it)")
                .into(),
        );
    }
    let commits = dated.len();
    let notes = former_names(&repository, &path, &dated[dated.len() - 1].0, file);
    // `git log` lists the newest commit first: of the commits of one day (by their author
    // time), the first listed is the version that replaced the others, even when a rebase
    // or a clock gave an earlier one a later time.
    let mut versions: Vec<Version> = Vec::new();
    let mut days = std::collections::HashMap::new();
    for (commit, _, date) in dated {
        match days.entry(date) {
            std::collections::hash_map::Entry::Vacant(day) => {
                day.insert(versions.len());
                versions.push(Version {
                    commit,
                    date,
                    replaced: Vec::new(),
                });
            }
            std::collections::hash_map::Entry::Occupied(day) => {
                versions[*day.get()].replaced.push(commit);
            }
        }
    }
    versions.sort_by_key(|v| v.date);
    Ok(History {
        repository,
        path,
        versions,
        commits,
        notes,
    })
}

/// A warning for each file of `path`'s folder and kind that the commit which first added
/// `path` (`first`) deleted: renamed with new contents (as a tool renaming the file it
/// rewrites every day does), it is the same file to the reader, but git's history of
/// `path` starts at that commit, and the days before are in the history of the old name.
fn former_names(repository: &Path, path: &str, first: &str, file: &Path) -> Vec<Diagnostic> {
    let Ok(changed) = git(
        repository,
        &["show", "--no-renames", "--name-status", "--format=", first],
        file,
    ) else {
        return Vec::new();
    };
    let folder = |p: &str| p.rsplit_once('/').map_or("", |(f, _)| f).to_string();
    let kind = |p: &str| Path::new(p).extension().map(|e| e.to_ascii_lowercase());
    changed
        .lines()
        .filter_map(|line| line.strip_prefix("D\t"))
        .filter(|deleted| folder(deleted) == folder(path) && kind(deleted) == kind(path))
        .map(|deleted| {
            let name = deleted.rsplit('/').next().unwrap_or(deleted);
            Diagnostic::file_warning(
                file,
                format!(
                    "the history of `{path}` starts at commit {}, which deleted `{deleted}`: if that was this file under its former name, the days before are in its history, which this import does not read",
                    &first[..first.len().min(10)]
                ),
            )
            .with_hint(format!(
                "import them too: `digest-site import --git-history {}` (git keeps its history though the file is gone)",
                file.with_file_name(name).display()
            ))
        })
        .collect()
}

/// Runs git in `dir`; its output, or an error about `file` that says what went wrong.
fn git(dir: &Path, args: &[&str], file: &Path) -> Result<String, Diagnostics> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| {
            Diagnostic::file_error(file, format!("cannot run git: {e}"))
                .with_hint("--git-history needs the git command line; install git")
        })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let not_a_repository = stderr.contains("not a git repository");
        let mut d = Diagnostic::file_error(
            file,
            if not_a_repository {
                "the file is not in a git repository".to_string()
            } else {
                format!("git {} failed: {}", args[0], stderr.trim())
            },
        );
        if not_a_repository {
            d = d.with_hint(
                "name a file inside the working tree of the repository that holds its history",
            );
        }
        return Err(d.into());
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Reads versions of the history's file, one after another, from one `git cat-file
/// --batch` process.
pub struct VersionReader {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
    path: String,
    file: PathBuf,
}

impl VersionReader {
    /// Starts reading the versions of `history`; `file` is the path diagnostics name.
    pub fn new(history: &History, file: &Path) -> Result<Self, Diagnostics> {
        let mut child = Command::new("git")
            .arg("-C")
            .arg(&history.repository)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| Diagnostic::file_error(file, format!("cannot run git: {e}")))?;
        let (Some(input), Some(output)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(Diagnostic::file_error(file, "cannot talk to git cat-file").into());
        };
        Ok(VersionReader {
            child,
            input,
            output: BufReader::new(output),
            path: history.path.clone(),
            file: file.to_path_buf(),
        })
    }

    /// The bytes of the file as `version` committed it.
    pub fn read(&mut self, version: &Version) -> Result<Vec<u8>, Diagnostics> {
        self.read_commit(&version.commit)
    }

    /// The bytes of the file as `commit` committed it.
    pub fn read_commit(&mut self, commit: &str) -> Result<Vec<u8>, Diagnostics> {
        let failed = |what: String| Diagnostics::from(Diagnostic::file_error(&self.file, what));
        let short = &commit[..commit.len().min(10)];
        writeln!(self.input, "{}:{}", commit, self.path)
            .and_then(|()| self.input.flush())
            .map_err(|e| failed(format!("cannot ask git for a version: {e}")))?;
        let mut header = String::new();
        self.output
            .read_line(&mut header)
            .map_err(|e| failed(format!("cannot read from git: {e}")))?;
        // `<object> blob <size>`, or `<name> missing`.
        let size = match header.split_whitespace().collect::<Vec<_>>().as_slice() {
            [_, "blob", size] => size.parse::<usize>().ok(),
            _ => None,
        }
        .ok_or_else(|| {
            failed(format!(
                "git has no file `{}` in commit {}: {}",
                self.path,
                short,
                header.trim()
            ))
        })?;
        let mut bytes = vec![0; size + 1];
        self.output
            .read_exact(&mut bytes)
            .map_err(|e| failed(format!("cannot read from git: {e}")))?;
        bytes.pop(); // The newline after the contents.
        Ok(bytes)
    }
}

impl Drop for VersionReader {
    fn drop(&mut self) {
        // Closing its input ends cat-file; wait so that no zombie is left.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
