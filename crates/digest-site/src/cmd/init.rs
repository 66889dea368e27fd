//! `digest-site init [DIR] [--force] [--empty]`: a new site that builds at once.

use std::path::PathBuf;

use digest_core::scaffold::{InitOptions, README_PATH, init_paths, init_site};

use crate::cli::InitArgs;
use crate::report::Context;

pub fn run(ctx: &Context, args: InitArgs) -> i32 {
    let today = digest_core::scaffold::today();
    let dir = args
        .dir
        .or_else(|| ctx.root.clone())
        .unwrap_or_else(|| PathBuf::from("."));
    let options = InitOptions {
        force: args.force,
        empty: args.empty,
    };
    // What `--force` replaces is said as such, not as created.
    let there: Vec<PathBuf> = init_paths(&options, today)
        .into_iter()
        .filter(|p| dir.join(p).exists())
        .collect();
    match init_site(&dir, &options, today) {
        Ok(files) => {
            for file in &files {
                let action = if there.contains(file) {
                    "replace"
                } else {
                    "create"
                };
                ctx.status(&format!("  {action:<7} {}", dir.join(file).display()));
            }
            let next = if dir == std::path::Path::new(".") {
                "Next:".to_string()
            } else {
                format!("Next: `cd {}`,", dir.display())
            };
            ctx.status(&format!(
                "Created a site in {}. {next} `digest-site serve`; {} says how to publish it on GitHub Pages.",
                if dir == std::path::Path::new(".") {
                    "this folder".to_string()
                } else {
                    dir.display().to_string()
                },
                dir.join(README_PATH).display()
            ));
            0
        }
        Err(d) => {
            ctx.diagnostics(&d);
            1
        }
    }
}
