//! `digest-site`: the command line. Each subcommand lives in `cmd/<name>.rs`; all the work
//! is done by `digest-core` (and `digest-server` for `serve`).

// The doc comments of the argument structs are `--help` text, read in a terminal: a URL or
// a `<placeholder>` there is meant as written, not as rustdoc markup.
#![allow(rustdoc::bare_urls, rustdoc::invalid_html_tags)]

mod cli;
mod cmd;
mod progress;
mod report;

use clap::Parser;

/// A build allocates many small strings on every thread; mimalloc serves them faster than
/// the system allocator (measured: docs/performance.md).
///
/// Tuned for memory: no transparent huge pages (the `no_thp` feature), and memory freed
/// is given back to the system after 10 ms instead of mimalloc 3's 1 s ([`PURGE_DELAY`]).
/// A build's stages free most of what the stage before them made, and with both defaults
/// the process kept it: a rebuild of 10,000 papers peaked at 143 MiB, 98 MiB so, for about
/// 4% more time (8% on a clean build); docs/performance.md has the figures.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `purge_delay` in milliseconds.
const PURGE_DELAY: std::ffi::c_long = 10;

fn main() {
    tune_allocator();
    let cli = cli::Cli::parse();
    let ctx = report::Context::new(cli.global);
    let code = cmd::run(&ctx, cli.command);
    std::process::exit(code);
}

/// Sets mimalloc's `purge_delay` ([`PURGE_DELAY`]) unless `MIMALLOC_PURGE_DELAY` says
/// otherwise. mimalloc reads its environment before `main`, so the option is set through
/// its C interface, which names options by number: `mi_option_purge_delay` is the 16th of
/// `mi_option_e` in mimalloc 2 and 3. It is set only when that option holds mimalloc 3's
/// default (1,000 ms): another version, whose 16th option may be another, is left as it is.
fn tune_allocator() {
    const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    const MIMALLOC_3_DEFAULT: std::ffi::c_long = 1000;
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // SAFETY: reading and setting an option of the allocator in use, before any other
    // thread starts.
    unsafe {
        if libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) == MIMALLOC_3_DEFAULT {
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY);
        }
    }
}
