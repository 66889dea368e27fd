//! The progress bar of `build` and `check` on a terminal (indicatif).
//!
//! It shows only once a command has run for [`SHOW_AFTER`], so that the everyday build of
//! a few hundred milliseconds prints its one line and nothing else; it never shows when
//! stderr is not a terminal (a CI log, a pipe) or with `--quiet`.

use std::io::IsTerminal;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use digest_core::pipeline::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a command runs before its progress shows.
pub const SHOW_AFTER: Duration = Duration::from_secs(1);

/// A progress bar that appears after a delay.
pub struct TerminalProgress {
    bar: ProgressBar,
    started: Instant,
    show_after: Duration,
    /// Set once the bar is drawn.
    shown: OnceLock<()>,
    enabled: bool,
    /// When each stage began, in order (for `--verbose`'s timings).
    stages: Mutex<Vec<(&'static str, Instant)>>,
}

impl TerminalProgress {
    /// A bar on stderr when it is a terminal and `quiet` is off.
    pub fn on_stderr(quiet: bool) -> Self {
        Self::new(!quiet && std::io::stderr().is_terminal(), SHOW_AFTER)
    }

    fn new(enabled: bool, show_after: Duration) -> Self {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        TerminalProgress {
            bar,
            started: Instant::now(),
            show_after,
            shown: OnceLock::new(),
            enabled,
            stages: Mutex::new(Vec::new()),
        }
    }

    /// Draws the bar from now on, once the delay is over.
    fn show_when_due(&self) {
        if self.enabled && self.shown.get().is_none() && self.started.elapsed() >= self.show_after {
            self.shown.get_or_init(|| {
                self.bar.set_draw_target(ProgressDrawTarget::stderr());
                self.bar.enable_steady_tick(Duration::from_millis(120));
            });
        }
    }

    /// Removes the bar (before the command prints its result).
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }

    /// How long each stage took, up to now: `loading 0.41 s · rendering 0.62 s · …`
    /// (what `--verbose` prints, to say where a slow build spends its time).
    pub fn timings(&self) -> String {
        let stages = self.stages.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        stages
            .iter()
            .enumerate()
            .map(|(i, (name, began))| {
                let ended = stages.get(i + 1).map_or(now, |(_, next)| *next);
                format!("{name} {:.2} s", (ended - *began).as_secs_f64())
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

impl Progress for TerminalProgress {
    fn stage(&self, name: &'static str, total: Option<usize>) {
        self.stages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((name, Instant::now()));
        let style = match total {
            Some(_) => ProgressStyle::with_template("{spinner} {msg:>10} [{bar:30}] {pos}/{len}")
                .map(|s| s.progress_chars("=> ")),
            None => ProgressStyle::with_template("{spinner} {msg:>10} …"),
        };
        if let Ok(style) = style {
            self.bar.set_style(style);
        }
        self.bar.set_message(name);
        self.bar.set_position(0);
        self.bar.set_length(total.unwrap_or(0) as u64);
        self.show_when_due();
    }

    fn advance(&self) {
        self.bar.inc(1);
        self.show_when_due();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_outputs_and_stays_hidden_until_due() {
        let progress = TerminalProgress::new(true, Duration::from_secs(3600));
        progress.stage("rendering", Some(3));
        progress.advance();
        progress.advance();
        assert_eq!(progress.bar.position(), 2);
        assert_eq!(progress.bar.length(), Some(3));
        assert!(progress.shown.get().is_none(), "shown before its time");

        let disabled = TerminalProgress::new(false, Duration::ZERO);
        disabled.stage("rendering", Some(1));
        disabled.advance();
        assert!(disabled.shown.get().is_none(), "shown off a terminal");

        let due = TerminalProgress::new(true, Duration::ZERO);
        due.stage("loading", None);
        assert!(due.shown.get().is_some(), "not shown when due");
        due.finish();
    }

    #[test]
    fn times_every_stage_in_order() {
        let progress = TerminalProgress::new(false, Duration::ZERO);
        assert_eq!(progress.timings(), "");
        progress.stage("loading", None);
        progress.stage("rendering", Some(1));
        let timings = progress.timings();
        let names: Vec<&str> = timings
            .split(" · ")
            .map(|t| t.split(' ').next().unwrap())
            .collect();
        assert_eq!(names, ["loading", "rendering"], "{timings}");
        assert!(timings.ends_with(" s"), "{timings}");
    }
}
