//! The progress bar of `build` and `check` on a terminal (indicatif).
//!
//! It shows only once a command has run for [`SHOW_AFTER`], so that the everyday build of
//! a few hundred milliseconds prints its one line and nothing else; it never shows when
//! stderr is not a terminal (a CI log, a pipe) or with `--quiet`.

use std::io::IsTerminal;
use std::sync::OnceLock;
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
}

impl Progress for TerminalProgress {
    fn stage(&self, name: &'static str, total: Option<usize>) {
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
}
