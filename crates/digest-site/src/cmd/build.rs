//! `digest-site build`: the whole pipeline, written atomically to the output folder.

use digest_core::{BuildOptions, build_site};

use crate::cli::BuildArgs;
use crate::report::{print_diagnostics, site_root};

pub fn run(args: BuildArgs) -> i32 {
    let root = match site_root(args.site.root) {
        Ok(r) => r,
        Err(d) => {
            print_diagnostics(&d);
            return 1;
        }
    };
    let options = BuildOptions {
        base_url: args.site.base_url,
        output_dir: args.output,
        drafts: args.site.drafts,
    };
    match build_site(&root, &options) {
        Ok(report) => {
            print_diagnostics(&report.warnings);
            eprintln!(
                "Built {} papers, {} digests: {} files ({} written, {} unchanged, {} removed) in {} in {:.0?}",
                report.papers,
                report.digests,
                report.stats.written + report.stats.unchanged,
                report.stats.written,
                report.stats.unchanged,
                report.stats.removed,
                report.output_dir.display(),
                report.elapsed
            );
            0
        }
        Err(diags) => {
            print_diagnostics(&diags);
            eprintln!("The build failed; the previous output was left as it was.");
            1
        }
    }
}
