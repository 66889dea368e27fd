//! Measuring one site size with every tool, and the results as a table and as JSON.

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::Result;
use serde::Serialize;

use crate::corpus::Record;
use crate::measure::{Summary, run_measured, tree_size};
use crate::serve::{self, ServeCase, ServeFigures};
use crate::sites;
use crate::{BenchArgs, SearchMode};

/// What was measured of one tool on one site.
#[derive(Debug, Clone, Serialize)]
pub struct ToolFigures {
    /// Seconds per build into an existing output folder (the usual rebuild).
    pub build_s: Summary,
    /// CPU seconds (user + system) per build into an existing output folder.
    pub build_cpu_s: Summary,
    /// Seconds per build into an empty folder (the output moved away, not timed).
    pub clean_build_s: Option<Summary>,
    /// Seconds per build right after the output was deleted (`rm -rf public && build`; the
    /// delete not timed), and the seconds the deletes took.
    pub rm_clean_build_s: Option<Summary>,
    pub rm_s: Option<Summary>,
    /// A new day of papers and its digest added, then built: seconds, and files written
    /// (digest-site's summary line; `None` for Hugo, which writes every file).
    pub day_s: Option<Summary>,
    pub day_files_written: Option<Summary>,
    /// Peak resident memory over all timed builds.
    pub peak_rss_mib: Summary,
    pub output_files: usize,
    pub output_bytes: u64,
    /// Output bytes over the site's papers.
    pub bytes_per_paper: f64,
    pub serve: Option<ServeFigures>,
    /// Why `serve` is missing, when it is.
    pub serve_note: Option<String>,
}

/// Everything measured on one site size.
#[derive(Debug, Clone, Serialize)]
pub struct SizeResult {
    pub papers: usize,
    pub digests: usize,
    /// digest-site in each configuration measured: ("digest-site" for the defaults,
    /// "digest-site, search: false"), with its figures.
    pub digest_site: Vec<(String, ToolFigures)>,
    pub hugo: Option<ToolFigures>,
}

/// A whole benchmark run.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub date: String,
    pub commit: String,
    pub cpus: usize,
    pub runs: usize,
    pub edits: usize,
    pub hugo_version: Option<String>,
    pub sizes: Vec<SizeResult>,
    /// How digest-site's median build time grows between consecutive sizes.
    pub scaling: Vec<Scaling>,
}

/// digest-site's median build times at `to` papers over those at `from` papers.
#[derive(Debug, Clone, Serialize)]
pub struct Scaling {
    pub tool: String,
    pub from: usize,
    pub to: usize,
    pub build_ratio: f64,
    /// Clean builds into an empty folder.
    pub clean_ratio: Option<f64>,
    /// Clean builds right after deleting the output.
    pub rm_clean_ratio: Option<f64>,
}

/// How one tool builds and serves a site.
struct Tool<'a> {
    name: &'a str,
    /// The output folder, relative to the site.
    output: &'a str,
    program: &'a Path,
    build_args: &'a [&'a str],
    serve_args: &'a [&'a str],
    site_dir: &'a Path,
    paper_file: &'a dyn Fn(&Record, &str) -> Result<String>,
    /// Whether the site is the Hugo twin (for writing a new day).
    hugo: bool,
}

fn measure_tool(
    args: &BenchArgs,
    tool: &Tool<'_>,
    records: &[Record],
    days: &[Vec<Record>],
    serve_available: Result<(), String>,
) -> Result<ToolFigures> {
    let output = tool.site_dir.join(tool.output);
    eprintln!("{} papers, {}: warm-up build", records.len(), tool.name);
    run_measured(tool.site_dir, tool.program, tool.build_args)?;
    let mut times = Vec::new();
    let mut cpu = Vec::new();
    let mut memory = Vec::new();
    for run in 1..=args.runs {
        let r = run_measured(tool.site_dir, tool.program, tool.build_args)?;
        eprintln!(
            "  build {run}: {:.3} s ({:.3} s CPU), {:.0} MiB",
            r.seconds, r.cpu_seconds, r.peak_rss_mib
        );
        times.push(r.seconds);
        cpu.push(r.cpu_seconds);
        memory.push(r.peak_rss_mib);
    }
    let clean_build_s = if args.clean_runs == 0 {
        None
    } else {
        let mut clean = Vec::new();
        // Moved aside rather than deleted: deleting thousands of files is slow on some file
        // systems and would disturb the next build; the whole work folder goes at the end.
        let trash = tool.site_dir.join("trash");
        std::fs::create_dir_all(&trash)?;
        for run in 1..=args.clean_runs {
            std::fs::rename(&output, trash.join(format!("{}-{run}", tool.output)))?;
            // digest-site's older tree beside the output, so that nothing is reused.
            let previous = tool.site_dir.join(format!(".{}.previous", tool.output));
            if previous.exists() {
                std::fs::rename(
                    &previous,
                    trash.join(format!("{}-{run}.previous", tool.output)),
                )?;
            }
            let r = run_measured(tool.site_dir, tool.program, tool.build_args)?;
            eprintln!(
                "  clean build {run}: {:.3} s, {:.0} MiB",
                r.seconds, r.peak_rss_mib
            );
            clean.push(r.seconds);
            memory.push(r.peak_rss_mib);
        }
        Some(Summary::of(&clean))
    };
    let previous = tool.site_dir.join(format!(".{}.previous", tool.output));
    let (rm_clean_build_s, rm_s) = if args.rm_clean_runs == 0 {
        (None, None)
    } else {
        let (mut builds, mut removals) = (Vec::new(), Vec::new());
        for run in 1..=args.rm_clean_runs {
            let start = Instant::now();
            std::fs::remove_dir_all(&output)?;
            if previous.exists() {
                std::fs::remove_dir_all(&previous)?;
            }
            let removed = start.elapsed().as_secs_f64();
            let r = run_measured(tool.site_dir, tool.program, tool.build_args)?;
            eprintln!(
                "  clean build {run} after rm -rf ({removed:.1} s): {:.3} s, {:.0} MiB",
                r.seconds, r.peak_rss_mib
            );
            builds.push(r.seconds);
            removals.push(removed);
            memory.push(r.peak_rss_mib);
        }
        (Some(Summary::of(&builds)), Some(Summary::of(&removals)))
    };
    let (output_files, output_bytes) = tree_size(&output)?;
    let (serve, serve_note) = match serve_available {
        Err(note) => (None, Some(note)),
        Ok(()) if args.no_serve => (None, Some("not measured (--no-serve)".to_string())),
        Ok(()) => {
            // A paper of the newest day: on the home page, in its digest and on its tags.
            let record = records
                .iter()
                .max_by_key(|r| r.date.as_str())
                .expect("a site has papers");
            let slug = sites::paper_slug(record);
            let edited = |marker: &str| (tool.paper_file)(record, marker);
            let case = ServeCase {
                program: tool.program,
                args: tool.serve_args,
                site_dir: tool.site_dir,
                paper_file: tool.site_dir.join(format!("content/papers/{slug}.md")),
                paper_page: format!("papers/{slug}/"),
                edited_text: &edited,
                log: tool.site_dir.join("serve.log"),
            };
            eprintln!("  serve: {} starts, {} edits", args.starts, args.edits);
            match serve::measure(&case, args.starts, args.edits) {
                Ok(figures) => (Some(figures), None),
                Err(e) => (None, Some(format!("failed: {e:#}"))),
            }
        }
    };
    let (day_s, day_files_written) = if days.is_empty() {
        (None, None)
    } else {
        // A rebuild first, so that both of digest-site's trees hold this site (as on a day
        // after a day without changes), then one new day after the other.
        run_measured(tool.site_dir, tool.program, tool.build_args)?;
        let (mut seconds, mut written, mut added) = (Vec::new(), Vec::new(), Vec::new());
        for (k, day) in days.iter().enumerate() {
            added.extend(sites::add_day(tool.site_dir, day, tool.hugo)?);
            let r = run_measured(tool.site_dir, tool.program, tool.build_args)?;
            let files = r.files_written();
            eprintln!(
                "  new day {} ({} papers): {:.3} s, {} files written, {:.0} MiB",
                k + 1,
                day.len(),
                r.seconds,
                files.map_or("?".to_string(), |f| f.to_string()),
                r.peak_rss_mib
            );
            seconds.push(r.seconds);
            written.extend(files.map(|f| f as f64));
            memory.push(r.peak_rss_mib);
        }
        // The next configuration starts from the same papers.
        sites::remove_files(&added)?;
        let written = (!written.is_empty()).then(|| Summary::of(&written));
        (Some(Summary::of(&seconds)), written)
    };
    Ok(ToolFigures {
        build_s: Summary::of(&times),
        build_cpu_s: Summary::of(&cpu),
        clean_build_s,
        rm_clean_build_s,
        rm_s,
        day_s,
        day_files_written,
        peak_rss_mib: Summary::of(&memory),
        output_files,
        output_bytes,
        bytes_per_paper: output_bytes as f64 / records.len().max(1) as f64,
        serve,
        serve_note,
    })
}

/// Whether this digest-site has a `serve` command.
fn digest_site_serves(program: &Path) -> Result<(), String> {
    let ok = Command::new(program)
        .args(["serve", "--help"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        Ok(())
    } else {
        Err("not available (this build has no `serve` command)".to_string())
    }
}

/// The folder the sites are written in: removed at the end unless `--keep` was given.
pub enum Workspace {
    Temporary(tempfile::TempDir),
    Kept(std::path::PathBuf),
}

impl Workspace {
    fn path(&self) -> &Path {
        match self {
            Workspace::Temporary(t) => t.path(),
            Workspace::Kept(p) => p,
        }
    }

    /// Removes the folder (or says where it was kept).
    pub fn finish(self) {
        match self {
            Workspace::Temporary(t) => {
                eprintln!(
                    "removing {} (slow where deleting files is slow)",
                    t.path().display()
                );
                drop(t);
            }
            Workspace::Kept(p) => eprintln!("kept: {}", p.display()),
        }
    }
}

/// Writes both sites for `records` and measures every tool on them. Returns the results
/// and the work folder (to be finished once every size is measured).
pub fn measure_size(
    args: &BenchArgs,
    records: &[Record],
    days: &[Vec<Record>],
    digest_site: &Path,
    hugo: Option<&Path>,
) -> Result<(SizeResult, Workspace)> {
    let mut builder = tempfile::Builder::new();
    builder.prefix("digest-bench-");
    let work = match &args.work_dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)?;
            builder.tempdir_in(dir)?
        }
        None => builder.tempdir()?,
    };
    let work = if args.keep {
        Workspace::Kept(work.keep())
    } else {
        Workspace::Temporary(work)
    };
    let ours_dir = work.path().join("digest-site");
    eprintln!(
        "{} papers: writing the sites in {}",
        records.len(),
        work.path().display()
    );
    sites::write_digest_site(&ours_dir, records)?;
    let digests = std::fs::read_dir(ours_dir.join("content/digests"))?.count();
    let mut ours = Vec::new();
    for mode in &args.search {
        let (name, output) = match mode {
            SearchMode::On => ("digest-site", "public"),
            SearchMode::Off => ("digest-site, search: false", "public-no-search"),
        };
        sites::write_site_config(&ours_dir, *mode == SearchMode::On, output)?;
        let figures = measure_tool(
            args,
            &Tool {
                name,
                output,
                program: digest_site,
                build_args: &["build"],
                serve_args: &["serve", "--port", "{port}"],
                site_dir: &ours_dir,
                paper_file: &sites::paper_file,
                hugo: false,
            },
            records,
            days,
            digest_site_serves(digest_site),
        )?;
        ours.push((name.to_string(), figures));
    }
    let theirs = match hugo {
        None => None,
        Some(program) => {
            let hugo_dir = work.path().join("hugo");
            sites::write_hugo_site(&hugo_dir, records)?;
            Some(measure_tool(
                args,
                &Tool {
                    name: "hugo",
                    output: "public",
                    program,
                    build_args: &["--quiet"],
                    serve_args: &["server", "--bind", "127.0.0.1", "--port", "{port}"],
                    site_dir: &hugo_dir,
                    paper_file: &sites::hugo_paper_file,
                    hugo: true,
                },
                records,
                days,
                Ok(()),
            )?)
        }
    };
    let result = SizeResult {
        papers: records.len(),
        digests,
        digest_site: ours,
        hugo: theirs,
    };
    Ok((result, work))
}

fn git_commit() -> String {
    Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(crate::repo_root())
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

/// `median [min–max]` with `decimals` places; empty when nothing was measured (no edits
/// asked for, say), where the figures would read `NaN`.
fn range(s: &Summary, decimals: usize) -> String {
    if s.median.is_nan() {
        return String::new();
    }
    format!(
        "{:.decimals$} [{:.decimals$}–{:.decimals$}]",
        s.median, s.min, s.max
    )
}

fn seconds(s: &Summary) -> String {
    range(s, 3)
}

/// Files, MiB: whole numbers.
fn count(s: &Summary) -> String {
    range(s, 0)
}

impl Report {
    pub fn new(args: &BenchArgs, sizes: Vec<SizeResult>, hugo_version: Option<String>) -> Self {
        let ratio = |big: &Option<Summary>, small: &Option<Summary>| match (big, small) {
            (Some(b), Some(s)) => Some(b.median / s.median),
            _ => None,
        };
        let scaling = sizes
            .windows(2)
            .flat_map(|w| {
                w[1].digest_site.iter().filter_map(move |(name, big)| {
                    let (_, small) = w[0].digest_site.iter().find(|(n, _)| n == name)?;
                    Some(Scaling {
                        tool: name.clone(),
                        from: w[0].papers,
                        to: w[1].papers,
                        build_ratio: big.build_s.median / small.build_s.median,
                        clean_ratio: ratio(&big.clean_build_s, &small.clean_build_s),
                        rm_clean_ratio: ratio(&big.rm_clean_build_s, &small.rm_clean_build_s),
                    })
                })
            })
            .collect();
        Report {
            date: chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string(),
            commit: git_commit(),
            cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
            runs: args.runs,
            edits: args.edits,
            hugo_version,
            sizes,
            scaling,
        }
    }

    /// The results as a Markdown table (medians with [min–max]).
    pub fn table(&self) -> String {
        let mut t = String::new();
        let _ = writeln!(
            t,
            "{} CPUs, commit {}, {}; {} timed runs after a warm-up, {} edits; medians [min–max]\n",
            self.cpus, self.commit, self.date, self.runs, self.edits
        );
        let _ = writeln!(
            t,
            "| papers | tool | build (s) | build CPU (s) | clean build, empty folder (s) | clean build after rm -rf (s) | peak memory (MiB) | output | bytes / paper | new day (s) | new day: files written | serve: start-up (s) | serve: save → served (ms) |"
        );
        let _ = writeln!(t, "|---:|---|---|---|---|---|---|---|---:|---|---|---|---|");
        let optional = |s: &Option<Summary>| s.as_ref().map(seconds).unwrap_or_default();
        for size in &self.sizes {
            let tools = size
                .digest_site
                .iter()
                .map(|(name, f)| (name.as_str(), f))
                .chain(size.hugo.as_ref().map(|h| ("hugo", h)));
            for (name, f) in tools {
                let (start, edit) = match &f.serve {
                    Some(s) => (seconds(&s.startup_s), seconds(&s.save_to_served_ms)),
                    None => {
                        let note = f.serve_note.clone().unwrap_or_default();
                        let note = note.lines().next().unwrap_or_default().to_string();
                        (note, String::new())
                    }
                };
                let rm_clean = match (&f.rm_clean_build_s, &f.rm_s) {
                    (Some(b), Some(rm)) => format!("{} (rm: {:.1})", seconds(b), rm.median),
                    _ => String::new(),
                };
                let _ = writeln!(
                    t,
                    "| {} | {name} | {} | {} | {} | {rm_clean} | {} | {} files, {:.1} MiB | {:.0} | {} | {} | {start} | {edit} |",
                    size.papers,
                    seconds(&f.build_s),
                    seconds(&f.build_cpu_s),
                    optional(&f.clean_build_s),
                    count(&f.peak_rss_mib),
                    f.output_files,
                    f.output_bytes as f64 / (1024.0 * 1024.0),
                    f.bytes_per_paper,
                    optional(&f.day_s),
                    f.day_files_written.as_ref().map(count).unwrap_or_default(),
                );
            }
            let Some(hugo) = &size.hugo else { continue };
            for (name, f) in &size.digest_site {
                let ratio = |ours: &Option<Summary>, theirs: &Option<Summary>| match (ours, theirs)
                {
                    (Some(o), Some(h)) => format!("{:.3}", o.median / h.median),
                    _ => String::new(),
                };
                let some = |s: &Summary| Some(*s);
                let _ = writeln!(
                    t,
                    "| {} | {name} / hugo | {} | {} | {} | {} | {} | {:.3} | {:.3} | {} | | | |",
                    size.papers,
                    ratio(&some(&f.build_s), &some(&hugo.build_s)),
                    ratio(&some(&f.build_cpu_s), &some(&hugo.build_cpu_s)),
                    ratio(&f.clean_build_s, &hugo.clean_build_s),
                    ratio(&f.rm_clean_build_s, &hugo.rm_clean_build_s),
                    ratio(&some(&f.peak_rss_mib), &some(&hugo.peak_rss_mib)),
                    f.output_bytes as f64 / hugo.output_bytes as f64,
                    f.bytes_per_paper / hugo.bytes_per_paper,
                    ratio(&f.day_s, &hugo.day_s),
                );
            }
        }
        t.push('\n');
        for s in &self.scaling {
            let times = |r: Option<f64>| r.map_or("–".to_string(), |r| format!("{r:.2}×"));
            let _ = writeln!(
                t,
                "{}: {} papers / {} papers: build {:.2}×, clean build {}, clean build after rm -rf {}",
                s.tool,
                s.to,
                s.from,
                s.build_ratio,
                times(s.clean_ratio),
                times(s.rm_clean_ratio)
            );
        }
        t
    }
}
