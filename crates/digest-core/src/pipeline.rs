//! The pipeline, stage after stage: config → load → validate → model → render → write.
//!
//! [`load_site`] runs the stages up to the model (what `check` and the dev server need);
//! [`build_site`] renders every output in parallel and writes the site atomically.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{SiteConfig, load_config};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::load_content_for_check;
use crate::model::Site;
use crate::render::{HtmlCache, Output, Renderer, output_path, plan};
use crate::search;
use crate::validate::validate;
use crate::write::{OutputError, StagedOutput, WriteStats};

/// Command-line overrides of `site.yaml`.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Replaces `base_url` (e.g. the URL GitHub Pages gives).
    pub base_url: Option<String>,
    /// Replaces `output_dir` (relative to the working directory, or absolute).
    pub output_dir: Option<PathBuf>,
    /// Builds drafts too.
    pub drafts: bool,
}

/// A loaded, validated site and the warnings found on the way.
pub struct LoadedSite {
    pub site: Site,
    pub warnings: Diagnostics,
    /// Files of `static/`, relative to it, `/`-separated, sorted.
    pub user_static: Vec<String>,
}

/// What a build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub output_dir: PathBuf,
    pub papers: usize,
    pub digests: usize,
    pub files: usize,
    pub stats: WriteStats,
    pub warnings: Diagnostics,
    pub elapsed: Duration,
}

/// Reads the configuration and applies the command-line overrides.
pub fn load_site_config(root: &Path, options: &BuildOptions) -> Result<SiteConfig, Diagnostics> {
    let mut config = load_config(root)?;
    if let Some(url) = &options.base_url {
        config.set_base_url(url).map_err(|msg| {
            Diagnostic::file_error(Path::new("--base-url"), msg)
                .with_hint("pass an absolute URL such as https://user.github.io/repo/")
        })?;
    }
    if let Some(dir) = &options.output_dir {
        config.output_dir = if dir.is_absolute() {
            dir.clone()
        } else {
            std::env::current_dir()
                .map(|d| d.join(dir))
                .unwrap_or_else(|_| dir.clone())
        };
    }
    Ok(config)
}

/// Config, load, validate and model: everything but rendering.
pub fn load_site(root: &Path, options: &BuildOptions) -> Result<LoadedSite, Diagnostics> {
    let config = load_site_config(root, options)?;
    let (content, mut diags) = load_content_for_check(&config);
    diags.extend(validate(&config, &content));
    diags.extend(crate::lint::lint(&config, &content));
    diags.sort();
    if diags.has_errors() {
        return Err(diags);
    }
    let user_static = list_static(&config.root.join("static")).map_err(Diagnostics::from)?;
    let site = Site::build(config, content, options.drafts);
    Ok(LoadedSite {
        site,
        warnings: diags,
        user_static,
    })
}

/// Checks a site without writing anything: every error `build` would report.
pub fn check_site(root: &Path, options: &BuildOptions) -> Result<Diagnostics, Diagnostics> {
    let loaded = load_site(root, options)?;
    // Render everything (discarding the bytes) so template and static-file errors show too.
    let outputs = plan(&loaded.site, &loaded.user_static);
    check_links(&loaded.site, &outputs)?;
    let cache = HtmlCache::new(&loaded.site);
    let renderer = Renderer::new(&loaded.site, &cache);
    let errors: Vec<Diagnostic> = outputs
        .par_iter()
        .filter_map(|o| {
            let error = renderer.render(o).err()?;
            Some(Diagnostic::file_error(
                Path::new(&output_path(&loaded.site, o)),
                error.to_string(),
            ))
        })
        .collect();
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    Ok(loaded.warnings)
}

/// Builds the site into its output folder.
pub fn build_site(root: &Path, options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let start = Instant::now();
    let loaded = load_site(root, options)?;
    let site = &loaded.site;
    let output_dir = resolve_output_dir(&site.config.root, &site.config.output_dir)?;
    let outputs = plan(site, &loaded.user_static);
    check_links(site, &outputs)?;
    let staged = StagedOutput::begin(&output_dir).map_err(|e| {
        let path = match &e {
            OutputError::Foreign { folder, .. } => folder.clone(),
            _ => output_dir.clone(),
        };
        Diagnostics::from(Diagnostic::file_error(&path, e.to_string()).with_hint(e.hint()))
    })?;
    let cache = HtmlCache::new(site);
    let renderer = Renderer::new(site, &cache);
    let mut result: Result<(), Diagnostic> = outputs.par_iter().try_for_each(|output| {
        let path = output_path(site, output);
        let bytes = renderer
            .render(output)
            .map_err(|e| Diagnostic::file_error(Path::new(&path), e.to_string()))?;
        staged.put(&path, &bytes).map_err(|e| {
            Diagnostic::file_error(&output_dir.join(&path), format!("cannot write: {e}"))
        })
    });
    // The search index of the papers, into the same staged output (`search: false` skips
    // it). When the papers are those the published index was built from, the published
    // bundle is kept as it is.
    if result.is_ok() && site.config.search {
        let input = search::SearchInput::of_site(site);
        let kept = search::previous_bundle(&output_dir, input.fingerprint())
            .is_some_and(|files| files.iter().all(|f| staged.keep(f).unwrap_or(false)));
        if !kept {
            result = search::build_bundle(&input)
                .par_iter()
                .try_for_each(|(path, bytes)| {
                    staged.put(path, bytes).map_err(|e| {
                        Diagnostic::file_error(&output_dir.join(path), format!("cannot write: {e}"))
                    })
                });
        }
    }
    if let Err(d) = result {
        staged.abort();
        return Err(d.into());
    }
    let stats = staged.commit().map_err(|e| {
        Diagnostics::from(Diagnostic::file_error(&output_dir, e.to_string()).with_hint(e.hint()))
    })?;
    Ok(BuildReport {
        output_dir: site.config.output_dir.clone(),
        papers: site.papers.len(),
        digests: site.digests.len(),
        files: outputs.len(),
        stats,
        warnings: loaded.warnings,
        elapsed: start.elapsed(),
    })
}

/// Fails when a Markdown body links to a page the site does not have.
fn check_links(site: &Site, outputs: &[Output]) -> Result<(), Diagnostics> {
    check_links_at(site, outputs, &site.urls.base_url)
}

/// `build`'s link check, with links that start with `base_url` counted as links into the
/// site. The dev server, which renders for its own origin, passes `site.yaml`'s
/// `base_url`, so that it refuses exactly the links `build` refuses.
pub fn check_links_at(site: &Site, outputs: &[Output], base_url: &str) -> Result<(), Diagnostics> {
    let files: std::collections::HashSet<String> =
        outputs.iter().map(|o| output_path(site, o)).collect();
    let mut broken = crate::links::check_internal_links(site, &files, base_url);
    if broken.has_errors() {
        broken.sort();
        return Err(broken);
    }
    Ok(())
}

/// The output folder with `..` and symbolic links resolved, once it is known not to be,
/// contain or lie inside the site's sources (its folder, `content/`, `static/`,
/// `templates/`, `themes/`): a build replaces the folder's files and removes stale ones, so
/// it must never be pointed at the user's own.
fn resolve_output_dir(root: &Path, output_dir: &Path) -> Result<PathBuf, Diagnostics> {
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

/// The folders of a site that hold its sources.
const SOURCE_DIRS: [&str; 4] = ["content", "static", "templates", "themes"];

/// `path` made absolute with `..` and symbolic links resolved, also where its last parts do
/// not exist yet (the longest existing part is canonicalized, the rest is joined without
/// `..`).
fn resolve_path(path: &Path) -> std::io::Result<PathBuf> {
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

/// Every file under `static/`, relative and `/`-separated, sorted.
pub fn list_static(dir: &Path) -> Result<Vec<String>, Diagnostic> {
    let mut files = Vec::new();
    if !dir.is_dir() {
        return Ok(files);
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Diagnostic::file_error(dir, format!("cannot read: {e}")))?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
            files.push(parts.join("/"));
        }
    }
    Ok(files)
}
