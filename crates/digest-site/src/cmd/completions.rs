//! `digest-site completions <shell>`: a completion script for the shell, on stdout.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};

pub fn run(args: CompletionsArgs) -> i32 {
    // Into memory first: clap_complete panics when its writer fails (`| head`).
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "digest-site", &mut script);
    if args.shell == clap_complete::Shell::Bash {
        script = bash_states_spelled_alike(&script);
    }
    match std::io::stdout().write_all(&script) {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            digest_server::rebuild::to_stderr(&format!(
                "error: cannot write the completion script: {e}\n"
            ));
            1
        }
    }
}

/// clap_complete 4.6's bash script (clap issue 6421) spells the state of a subcommand of a
/// program with a hyphen in its name two ways: `digest__site__subcmd__build` where it
/// walks the words typed, `digest__subcmd__site__subcmd__build` in the case that
/// completes its options, which then never matched (no option of a subcommand was
/// offered). The second is written as the first.
fn bash_states_spelled_alike(script: &[u8]) -> Vec<u8> {
    String::from_utf8_lossy(script)
        .replace("digest__subcmd__site", "digest__site")
        .into_bytes()
}
