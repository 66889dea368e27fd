//! One module per subcommand; each returns the process exit code: 0 on success, 1 when the
//! site or an input has problems (clap exits with 2 on a usage error before any of them
//! runs).

mod build;
mod check;
mod completions;
mod export;
mod import;
mod init;
mod new;
mod serve;

use crate::cli::Command;
use crate::report::Context;

pub fn run(ctx: &Context, command: Command) -> i32 {
    match command {
        Command::Build(args) => build::run(ctx, args),
        Command::Check(args) => check::run(ctx, args),
        Command::Serve(args) => serve::run(ctx, args),
        Command::Import(args) => import::run(ctx, args),
        Command::Export(command) => export::run(ctx, command),
        Command::New(args) => new::run(ctx, args),
        Command::Init(args) => init::run(ctx, args),
        Command::Completions(args) => completions::run(args),
    }
}
