//! `digest-site import <PATH>... | --git-history FILE`: digests, feeds and tools' JSON
//! (see `digest_core::import`) become content files, planned as one import and written
//! only when every input reads.

use digest_core::content_file::StopAnswer;
use digest_core::import::{
    FileAction, ImportOptions, ImportPlan, Mapping, apply_plan, import_git_history, import_inputs,
    inputs, links_in_the_way,
};
use digest_core::{Diagnostics, load_config};

use crate::cli::ImportArgs;
use crate::progress::TerminalProgress;
use crate::report::{Context, plural};

/// Up to this many written files are listed one per line; more are only counted (a
/// history writes thousands), unless `--verbose` asks for every one.
const LISTED: usize = 50;

pub fn run(ctx: &Context, args: ImportArgs) -> i32 {
    let config = match ctx.site_root().and_then(|root| load_config(&root)) {
        Ok(c) => c,
        Err(d) => {
            ctx.diagnostics(&d);
            return 1;
        }
    };
    // Ctrl-C (or SIGTERM, SIGHUP) while the import runs: nothing more is written and what
    // was staged is removed, so the site is as it was; once the files are being renamed
    // into place, they all are (the import then ends as it would have). A second one
    // quits at once.
    let asked = std::sync::atomic::AtomicBool::new(false);
    let _ = ctrlc::set_handler(move || {
        if asked.swap(true, std::sync::atomic::Ordering::SeqCst) {
            std::process::exit(130);
        }
        let said = match digest_core::content_file::request_stop() {
            StopAnswer::NothingWritten => {
                "Stopping: nothing will be written (press Ctrl-C again to quit at once).\n"
            }
            StopAnswer::Finishing => {
                "Finishing: the files are being put in place, and stopping now would leave only some of them (press Ctrl-C again to quit at once all the same).\n"
            }
        };
        digest_server::rebuild::to_stderr(said);
    });
    // Files an import stopped by force left (killed between writing and renaming them).
    let left = digest_core::content_file::remove_left_temps(&config.root.join("content"));
    if !left.is_empty() {
        ctx.status(&format!(
            "Removed {} left in content/ by an import that was stopped.",
            plural(left.len(), "temporary file")
        ));
    }
    let mapping = match &args.mapping {
        Some(file) => match Mapping::read(file, file) {
            Ok(mapping) => Some(std::sync::Arc::new(mapping)),
            Err(d) => {
                ctx.diagnostics(&d);
                ctx.status("Nothing was imported; no file was written.");
                return 1;
            }
        },
        None => None,
    };
    let options = ImportOptions {
        force: args.force,
        date: args.date,
        name: args.name,
        mapping,
        skip_unreadable: args.skip_unreadable,
    };
    let progress = TerminalProgress::on_stderr(ctx.quiet);
    let planned: Result<(ImportPlan, String), Diagnostics> = match &args.git_history {
        Some(file) => {
            import_git_history(&config, file, &options, &progress).map(|(plan, history)| {
                let what = format!(
                    "{} of {} ({} from {} commits)",
                    plural(history.versions.len(), "day"),
                    history.path,
                    plan.describe_sources(),
                    history.commits
                );
                (plan, what)
            })
        }
        None => std::env::current_dir()
            .map_err(|e| {
                Diagnostics::from(digest_core::Diagnostic::file_error(
                    std::path::Path::new("."),
                    format!("cannot read the working folder: {e}"),
                ))
            })
            .and_then(|cwd| inputs::expand(&cwd, &args.files))
            .and_then(|found| import_inputs(&config, &found, &options, &progress))
            .map(|plan| {
                let what = plan.describe_sources();
                (plan, what)
            }),
    };
    progress.finish();
    let (plan, what) = match planned {
        Ok(planned) => planned,
        Err(diags) => {
            ctx.diagnostics(&diags);
            ctx.status("Nothing was imported; no file was written.");
            return 1;
        }
    };
    if digest_core::content_file::stop_requested() {
        ctx.status("Stopped: nothing was imported; no file was written.");
        return 130;
    }
    ctx.diagnostics(&plan.warnings);
    let would = if args.dry_run { "would " } else { "" };
    let changed = plan
        .files
        .iter()
        .filter(|f| f.action != FileAction::Unchanged)
        .count();
    let list = |line: &str| {
        if changed <= LISTED {
            ctx.status(line)
        } else {
            ctx.detail(line)
        }
    };
    // A dry run says what the import would stop at.
    if args.dry_run
        && let Some(diags) = links_in_the_way(&config.root, &plan)
    {
        ctx.diagnostics(&diags);
        return 1;
    }
    if !args.dry_run
        && let Err(diags) = apply_plan(&config.root, &plan)
    {
        // Stopped while the files were being staged: a stop, not an error.
        if digest_core::content_file::stop_requested() {
            ctx.status("Stopped: nothing was imported; no file was written.");
            return 130;
        }
        ctx.diagnostics(&diags);
        return 1;
    }
    // The files are listed once they are written (or, in a dry run, once nothing stops
    // the import): a failed import lists none of the files it did not write.
    for file in &plan.files {
        let path = file.path.display();
        match &file.action {
            FileAction::Create => list(&format!("  {would}create  {path}")),
            FileAction::Update { added } => list(&format!(
                "  {would}update  {path} (added: {})",
                added.join(", ")
            )),
            FileAction::Replace => list(&format!("  {would}replace {path}")),
            FileAction::Unchanged => ctx.detail(&format!("  unchanged {path}")),
        }
    }
    let (created, updated, replaced, unchanged) = plan.counts();
    ctx.status(&format!(
        "{} {what}: {}: {created} created, {updated} updated, {replaced} replaced, {unchanged} unchanged{}{}.",
        if args.dry_run {
            "Would import"
        } else {
            "Imported"
        },
        plural(plan.files.len(), "file"),
        if changed > LISTED {
            " (-v lists them)"
        } else {
            ""
        },
        if args.dry_run {
            " (dry run: nothing written)"
        } else {
            ""
        }
    ));
    0
}
