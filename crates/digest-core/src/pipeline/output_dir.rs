//! The output folder, checked before anything is built: a build replaces the folder's
//! files and removes stale ones, so it must never be pointed at the site's own sources.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::sources::SOURCE_DIRS;

/// The output folder with `..` and symbolic links resolved, once it is known not to be,
/// contain or lie inside the site's sources (its folder, `content/`, `static/`,
/// `templates/`, `themes/`): a build replaces the folder's files and removes stale ones, so
/// it must never be pointed at the user's own.
pub(super) fn resolve_output_dir(root: &Path, output_dir: &Path) -> Result<PathBuf, Diagnostics> {
    let refuse = |what: String| {
        Diagnostics::from(Diagnostic::file_error(output_dir, what).with_hint(
            "choose a separate folder for `output_dir` or `--output` (the default is `public`)",
        ))
    };
    let resolved = resolve_path(output_dir)
        .map_err(|e| refuse(format!("cannot resolve the output folder: {e}")))?;
    let root =
        resolve_path(root).map_err(|e| refuse(format!("cannot resolve the site folder: {e}")))?;
    if root.starts_with(&resolved) {
        return Err(refuse(format!(
            "the output folder `{}` is the site's folder or holds it: building there would replace the site's own files",
            resolved.display()
        )));
    }
    for source in SOURCE_DIRS {
        let source_dir = resolve_path(&root.join(source)).unwrap_or_else(|_| root.join(source));
        if resolved.starts_with(&source_dir) || source_dir.starts_with(&resolved) {
            return Err(refuse(format!(
                "the output folder `{}` is, holds or lies inside the site's `{source}/`: building there would replace the site's own files",
                resolved.display()
            )));
        }
    }
    Ok(resolved)
}

/// `path` made absolute with `..` and symbolic links resolved, also where its last parts do
/// not exist yet (the longest existing part is canonicalized, the rest is joined without
/// `..`).
pub(crate) fn resolve_path(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut resolved = PathBuf::new();
    let mut exists = true;
    for component in absolute.components() {
        match component {
            std::path::Component::ParentDir => {
                resolved.pop();
                exists = exists || resolved.exists();
            }
            std::path::Component::CurDir => {}
            other => {
                resolved.push(other);
                if exists {
                    match resolved.canonicalize() {
                        Ok(real) => resolved = real,
                        Err(_) => exists = false,
                    }
                }
            }
        }
    }
    Ok(resolved)
}
