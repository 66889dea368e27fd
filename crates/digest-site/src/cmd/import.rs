//! `digest-site import <FILE>`: a Markdown digest, an arXiv feed or a tool's JSON (see
//! `digest_core::import`) becomes content files.

use digest_core::import::{FileAction, ImportOptions, apply_plan, import_file};
use digest_core::load_config;

use crate::cli::ImportArgs;
use crate::report::Context;

pub fn run(ctx: &Context, args: ImportArgs) -> i32 {
    let config = match ctx.site_root().and_then(|root| load_config(&root)) {
        Ok(c) => c,
        Err(d) => {
            ctx.diagnostics(&d);
            return 1;
        }
    };
    let options = ImportOptions {
        force: args.force,
        date: args.date,
    };
    let plan = match import_file(&config, &args.file, &args.file, &options) {
        Ok(plan) => plan,
        Err(diags) => {
            ctx.diagnostics(&diags);
            ctx.status("Nothing was imported; no file was written.");
            return 1;
        }
    };
    ctx.diagnostics(&plan.warnings);
    let would = if args.dry_run { "would " } else { "" };
    for file in &plan.files {
        let path = file.path.display();
        match &file.action {
            FileAction::Create => ctx.status(&format!("  {would}create  {path}")),
            FileAction::Update { added } => ctx.status(&format!(
                "  {would}update  {path} (added: {})",
                added.join(", ")
            )),
            FileAction::Replace => ctx.status(&format!("  {would}replace {path}")),
            FileAction::Unchanged => ctx.detail(&format!("  unchanged {path}")),
        }
    }
    if !args.dry_run
        && let Err(diags) = apply_plan(&config.root, &plan)
    {
        ctx.diagnostics(&diags);
        return 1;
    }
    let (created, updated, replaced, unchanged) = plan.counts();
    ctx.status(&format!(
        "{} {} from the {}: {created} created, {updated} updated, {replaced} replaced, {unchanged} unchanged{}.",
        if args.dry_run {
            "Would import"
        } else {
            "Imported"
        },
        plural(plan.files.len(), "file"),
        plan.kind.describe(),
        if args.dry_run {
            " (dry run: nothing written)"
        } else {
            ""
        }
    ));
    0
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
