//! One module per subcommand; each returns the process exit code.

mod build;
mod check;
mod export;
mod import;
mod init;
mod new;
mod serve;

use crate::cli::Command;

pub fn run(command: Command) -> i32 {
    match command {
        Command::Build(args) => build::run(args),
        Command::Check(args) => check::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Import(args) => import::run(args),
        Command::Export(command) => export::run(command),
        Command::New(args) => new::run(args),
        Command::Init(args) => init::run(args),
    }
}
