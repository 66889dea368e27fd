//! `digest-site build`: the whole pipeline, written atomically to the output folder.

use digest_core::BuildOptions;
use digest_core::pipeline::{build_site_showing, format_size};

use crate::cli::BuildArgs;
use crate::progress::TerminalProgress;
use crate::report::{Context, plural};

pub fn run(ctx: &Context, args: BuildArgs) -> i32 {
    let root = match ctx.site_root() {
        Ok(r) => r,
        Err(d) => {
            ctx.diagnostics(&d);
            return 1;
        }
    };
    let options = BuildOptions {
        base_url: args.site.base_url,
        output_dir: args.output,
        drafts: args.site.drafts,
        // What the report shows of the warnings (`--verbose` shows every one).
        warnings_per_kind: (!ctx.verbose).then_some(digest_server::rebuild::WARNINGS_OF_A_KIND),
    };
    // Ctrl-C (or SIGTERM, SIGHUP): the build stops where it is. It writes only into the
    // tree beside the output until the one rename that publishes it, so the published
    // output is as it was, and the next build repairs the tree it was writing.
    let _ = ctrlc::set_handler(|| {
        digest_server::rebuild::to_stderr(
            "\nStopped: nothing was published; the output is as it was.\n",
        );
        std::process::exit(130);
    });
    let progress = TerminalProgress::on_stderr(ctx.quiet);
    let built = build_site_showing(&root, &options, &progress);
    progress.finish();
    ctx.detail(&format!("Stages: {}", progress.timings()));
    match built {
        Ok(report) => {
            if report.stats.kept > 0 {
                let kept = report.stats.kept;
                ctx.detail(&format!(
                    "Kept {kept} file{} of papers and digests as published: what they show did not change",
                    if kept == 1 { "" } else { "s" }
                ));
            }
            ctx.diagnostics(&report.warnings);
            ctx.status(&format!(
                "Built {}, {}: {} files, {} ({} written, {} unchanged, {} removed) in {} in {:.0?}",
                plural(report.papers, "paper"),
                plural(report.digests, "digest"),
                report.stats.written + report.stats.unchanged,
                format_size(report.stats.bytes),
                report.stats.written,
                report.stats.unchanged,
                report.stats.removed,
                report.output_dir.display(),
                report.elapsed
            ));
            0
        }
        Err(diags) => {
            ctx.diagnostics(&diags);
            ctx.status("The build failed; the previous output was left as it was.");
            1
        }
    }
}
