//! `digest-site`: the command line. Each subcommand lives in `cmd/<name>.rs`; all the work
//! is done by `digest-core` (and `digest-server` for `serve`).

mod cli;
mod cmd;
mod report;

use clap::Parser;

/// A build allocates many small strings on every thread; mimalloc serves them faster than
/// the system allocator (measured: docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = cli::Cli::parse();
    let code = cmd::run(cli.command);
    std::process::exit(code);
}
