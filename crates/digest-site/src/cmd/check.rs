//! `digest-site check`: every validation of a build, writing nothing.

use digest_core::{BuildOptions, check_site};

use crate::cli::CheckArgs;
use crate::report::{print_diagnostics, site_root};

pub fn run(args: CheckArgs) -> i32 {
    let root = match site_root(args.site.root) {
        Ok(r) => r,
        Err(d) => {
            print_diagnostics(&d);
            return 1;
        }
    };
    let options = BuildOptions {
        base_url: args.site.base_url,
        output_dir: None,
        drafts: args.site.drafts,
    };
    match check_site(&root, &options) {
        Ok(warnings) => {
            print_diagnostics(&warnings);
            eprintln!(
                "No errors found ({} warnings).",
                warnings.warnings().count()
            );
            0
        }
        Err(diags) => {
            print_diagnostics(&diags);
            1
        }
    }
}
