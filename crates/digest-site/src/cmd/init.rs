//! `digest-site init [DIR] [--force]`: a new site that builds at once.

use digest_core::scaffold::init_site;

use crate::cli::InitArgs;
use crate::report::print_diagnostics;

pub fn run(args: InitArgs) -> i32 {
    let today = digest_core::scaffold::today();
    match init_site(&args.dir, args.force, today) {
        Ok(files) => {
            for file in &files {
                eprintln!("  create  {}", args.dir.join(file).display());
            }
            eprintln!(
                "Created a site in {}. Next: `cd {}`, `digest-site serve`; see docs/github-pages.md to publish it.",
                args.dir.display(),
                args.dir.display()
            );
            0
        }
        Err(d) => {
            print_diagnostics(&d);
            1
        }
    }
}
