//! `digest-site init [DIR] [--force] [--empty]`: a new site that builds at once.

use std::path::PathBuf;

use digest_core::scaffold::{InitOptions, README_PATH, init_site};

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
    match init_site(&dir, &options, today) {
        Ok(files) => {
            for file in &files {
                ctx.status(&format!("  create  {}", dir.join(file).display()));
            }
            ctx.status(&format!(
                "Created a site in {}. Next: `cd {}`, `digest-site serve`; {} says how to publish it on GitHub Pages.",
                dir.display(),
                dir.display(),
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
