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
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = cli::Cli::parse();
    let ctx = report::Context::new(cli.global);
    let code = cmd::run(&ctx, cli.command);
    std::process::exit(code);
}
