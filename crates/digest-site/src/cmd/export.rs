//! `digest-site export markdown [DIGEST] [-o FILE]`: a digest in the seed's Markdown form;
//! `digest-site export jsonl [-o FILE]`: every paper as a JSON line.

use digest_core::Diagnostic;
use digest_core::content_file::write_atomically;
use digest_core::export::jsonl::export_jsonl;
use digest_core::export::{check_export_target, export_markdown_noting_losses};

use crate::cli::ExportCommand;
use crate::report::Context;

pub fn run(ctx: &Context, command: ExportCommand) -> i32 {
    let (exported, output, force) = match command {
        ExportCommand::Markdown(args) => (
            ctx.site_root()
                .and_then(|root| export_markdown_noting_losses(&root, args.digest.as_deref())),
            args.output,
            args.force,
        ),
        ExportCommand::Jsonl(args) => (
            ctx.site_root()
                .and_then(|root| export_jsonl(&root))
                .map(|text| (text, digest_core::Diagnostics::new())),
            args.output,
            args.force,
        ),
    };
    // `-o -` is standard output, as for most tools.
    let output = output.filter(|path| path.as_os_str() != "-");
    // Never over the site's own sources (`-o content/papers/x.md`) or its output, nor over
    // a file that is there unless told (`-o README.md`, a workflow, a link).
    let checked = match (&output, ctx.site_root()) {
        (Some(path), Ok(root)) => {
            check_export_target(&root, path).and_then(|()| match std::fs::symlink_metadata(path) {
                Ok(meta) if meta.is_dir() => Err(Diagnostic::file_error(
                    path,
                    format!("`{}` is a folder", path.display()),
                )
                .with_hint("name a file for the export, such as `-o digest.md`")
                .into()),
                // A device, a named pipe or a socket (`/dev/null`, `/dev/stdout` and the
                // links to them) is not replaced, even with --force: the export is written
                // beside its path and renamed over it, which would put a file in its place.
                Ok(_) if std::fs::metadata(path).is_ok_and(|meta| !meta.is_file()) => Err(
                    Diagnostic::file_error(
                        path,
                        format!("`{}` is not a file (a device, a pipe or a link to one)", path.display()),
                    )
                    .with_hint("leave out `-o` (or write `-o -`) to export to standard output, and redirect that")
                    .into(),
                ),
                Ok(_) if !force => Err(Diagnostic::file_error(
                    path,
                    format!("`{}` exists: the export would replace it", path.display()),
                )
                .with_hint("name a new file, or pass --force to replace this one")
                .into()),
                _ => Ok(()),
            })
        }
        _ => Ok(()),
    };
    let text = match checked.and(exported) {
        Ok((text, losses)) => {
            if !losses.is_empty() {
                ctx.diagnostics(&losses);
            }
            text
        }
        Err(d) => {
            ctx.diagnostics(&d);
            return 1;
        }
    };
    let written = match &output {
        Some(path) => write_atomically(path, text.as_bytes())
            .map_err(|e| Diagnostic::file_error(path, format!("cannot write: {e}"))),
        None => crate::report::to_stdout(&text).map_err(|e| {
            Diagnostic::file_error(
                std::path::Path::new("<stdout>"),
                format!("cannot write: {e}"),
            )
        }),
    };
    match written {
        Ok(()) => 0,
        Err(d) => {
            ctx.diagnostics(&d.into());
            1
        }
    }
}
