//! Measuring one run of a command: wall time (our own clock) and peak memory (GNU time's
//! "Maximum resident set size"), and the size of what it wrote.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use serde::Serialize;

/// GNU time: its `-v` report carries the peak resident set size of the command.
const GNU_TIME: &str = "/usr/bin/time";

/// One measured run.
#[derive(Debug, Clone)]
pub struct Run {
    pub seconds: f64,
    /// User plus system CPU time: less sensitive than wall time to a busy machine.
    pub cpu_seconds: f64,
    pub peak_rss_mib: f64,
    /// What the command printed (stdout, then stderr without GNU time's report).
    pub printed: String,
}

impl Run {
    /// The files a `digest-site build` wrote, from its summary line (`... (12 written, ...`).
    pub fn files_written(&self) -> Option<usize> {
        let before = self.printed.split(" written, ").next()?;
        before.rsplit('(').next()?.trim().parse().ok()
    }
}

/// Runs `program args` in `dir` under GNU time; fails when the command fails.
pub fn run_measured(dir: &Path, program: &Path, args: &[&str]) -> Result<Run> {
    let start = Instant::now();
    let output = Command::new(GNU_TIME)
        .arg("-v")
        .arg(program)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .with_context(|| format!("running {GNU_TIME} (install GNU time: apt-get install time)"))?;
    let seconds = start.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        bail!(
            "`{} {}` failed in {}:\n{}{stderr}",
            program.display(),
            args.join(" "),
            dir.display(),
            String::from_utf8_lossy(&output.stdout)
        );
    }
    let field = |name: &str| -> Result<f64> {
        stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix(name)?.strip_prefix(':'))
            .and_then(|v| v.trim().parse().ok())
            .with_context(|| format!("GNU time printed no \"{name}\""))
    };
    // GNU time's report follows the command's own output, from the line naming it.
    let own = stderr
        .find("\tCommand being timed:")
        .map_or(stderr.as_ref(), |at| &stderr[..at]);
    Ok(Run {
        seconds,
        cpu_seconds: field("User time (seconds)")? + field("System time (seconds)")?,
        peak_rss_mib: field("Maximum resident set size (kbytes)")? / 1024.0,
        printed: format!("{}{own}", String::from_utf8_lossy(&output.stdout)),
    })
}

/// Median, minimum and maximum of a series.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Summary {
    pub median: f64,
    pub min: f64,
    pub max: f64,
}

impl Summary {
    pub fn of(values: &[f64]) -> Summary {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        let median = if n == 0 {
            f64::NAN
        } else if n % 2 == 1 {
            sorted[n / 2]
        } else {
            (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
        };
        Summary {
            median,
            min: sorted.first().copied().unwrap_or(f64::NAN),
            max: sorted.last().copied().unwrap_or(f64::NAN),
        }
    }
}

/// Files under `dir` and their total size in bytes.
pub fn tree_size(dir: &Path) -> Result<(usize, u64)> {
    let mut files = 0;
    let mut bytes = 0;
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry?;
        if entry.file_type().is_file() {
            files += 1;
            bytes += entry.metadata()?.len();
        }
    }
    Ok((files, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_line_says_how_many_files_were_written() {
        let run = Run {
            seconds: 0.0,
            cpu_seconds: 0.0,
            peak_rss_mib: 0.0,
            printed: "warning: x (3 of them)\nBuilt 2 papers, 1 digest: 40 files, 1.0 MB (12 written, 28 unchanged, 0 removed) in public in 1s\n".into(),
        };
        assert_eq!(run.files_written(), Some(12));
    }

    #[test]
    fn summary_takes_the_middle_value() {
        let s = Summary::of(&[3.0, 1.0, 2.0]);
        assert_eq!((s.median, s.min, s.max), (2.0, 1.0, 3.0));
        assert_eq!(Summary::of(&[4.0, 1.0, 2.0, 3.0]).median, 2.5);
    }
}
