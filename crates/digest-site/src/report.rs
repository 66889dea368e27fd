//! Printing diagnostics and resolving the site root, shared by the subcommands.

use std::io::IsTerminal;
use std::path::PathBuf;

use digest_core::{Diagnostic, Diagnostics};

/// Whether to colour diagnostics: only on a terminal, and never with `NO_COLOR`.
pub fn use_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Prints diagnostics to stderr.
pub fn print_diagnostics(diags: &Diagnostics) {
    if !diags.is_empty() {
        eprint!("{}", diags.render(use_color()));
    }
}

/// The site root: `--root`, or the nearest folder upwards holding `site.yaml`.
pub fn site_root(root: Option<PathBuf>) -> Result<PathBuf, Diagnostics> {
    if let Some(root) = root {
        return Ok(root);
    }
    let cwd = std::env::current_dir().map_err(|e| {
        Diagnostics::from(Diagnostic::file_error(
            &PathBuf::from("."),
            format!("cannot read the working directory: {e}"),
        ))
    })?;
    digest_core::find_site_root(&cwd).ok_or_else(|| {
        Diagnostics::from(
            Diagnostic::file_error(
                &PathBuf::from(digest_core::config::CONFIG_FILE),
                "no site.yaml here or in any parent folder",
            )
            .with_hint("run inside a site, pass --root DIR, or create one with `digest-site init`"),
        )
    })
}
