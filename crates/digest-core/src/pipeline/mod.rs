//! The pipeline, stage after stage: config → load → validate → model → render → write.
//!
//! Every command runs the same stages in the same function, `run`; only the destination
//! of the rendered files differs, as in Zola's `BuildMode`:
//!
//! | command | destination | entry |
//! |---|---|---|
//! | `build` | the output folder, staged and swapped in whole (module `write`) | [`build_site`] |
//! | `serve` | memory, rendered for the server's own origin | [`MemorySite`] |
//! | `check` | nowhere: every output is rendered and dropped | [`check_site`] |
//!
//! Every destination gets every check: the output folder stays clear of the site's
//! sources, the content is valid, internal links resolve (against the `base_url` the site
//! is published at, also when serving), every output renders. The dev server's in-place
//! edit of a paper ([`MemorySite::update`]) runs the same checks on the one paper it
//! reads again.
//!
//! `build` and `check` also measure what they make against GitHub Pages' limits (`size`):
//! `build` the files it publishes, `check` the files it renders and the search index it
//! would write.
//!
//! The pieces: `output_dir` (where a build may write), `sink` (where rendered files go),
//! `incremental` (applying an edit of one paper to a built site), `memory` (the served
//! site, kept up to date). A caller that shows progress passes a [`Progress`].

mod incremental;
mod memory;
mod output_dir;
pub(crate) use output_dir::resolve_path;
mod sink;
mod size;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

pub use crate::links::external::ExternalLinkCheck;
pub use crate::write::{RECORD_FILE, WriteStats};
pub use memory::{Files, MemorySite, SearchJob, SiteFiles, Update};
pub use size::{FILE_LIMIT, SITE_LIMIT, SITE_WARNING_PERCENT, format_size};

use crate::config::{SiteConfig, load_config};
use crate::customize::read_site_theme;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::files::relative_files;
use crate::links::external::check_external_links;
use crate::load::load_content_checked;
use crate::model::Site;
use crate::render::{
    HtmlCache, MadeFrom, Output, Renderer, SiteMakes, output_path, plan, static_conflicts,
};
use crate::search;
use crate::sources::{CONTENT_DIR, STATIC_DIR, TEMPLATES_DIR};
use crate::validate::{validate_across, validate_paper};
use crate::write::{Looked, OutputError, StagedOutput};
use output_dir::resolve_output_dir;
use sink::{Discard, MemorySink, Sink};
use size::{SizeTally, size_warnings};

/// Command-line overrides of `site.yaml`.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Replaces `base_url` (e.g. the URL GitHub Pages gives).
    pub base_url: Option<String>,
    /// Replaces `output_dir` (relative to the working directory, or absolute).
    pub output_dir: Option<PathBuf>,
    /// Builds drafts too.
    pub drafts: bool,
    /// Keeps at most this many warnings of each [kind](crate::WarningKind) in the report,
    /// the rest counted ([`Diagnostics::keep_per_kind`]), for a caller that shows no more
    /// of them (`build` without `--verbose`); `None` keeps every one.
    pub warnings_per_kind: Option<usize>,
}

/// A loaded, validated site and the warnings found on the way.
pub(crate) struct LoadedSite {
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

/// Told how far a build or check is (a progress bar; the default methods ignore it).
/// Called from many threads at once.
pub trait Progress: Sync {
    /// A stage begins: `"loading"`, `"rendering"` (with the number of outputs),
    /// `"indexing"` (the search index) or `"publishing"`.
    fn stage(&self, _name: &'static str, _total: Option<usize>) {}
    /// One more output of the current stage is done.
    fn advance(&self) {}
}

/// No progress shown.
pub struct NoProgress;

impl Progress for NoProgress {}

/// Reads the configuration and applies the command-line overrides.
pub(crate) fn load_site_config(
    root: &Path,
    options: &BuildOptions,
) -> Result<SiteConfig, Diagnostics> {
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
pub(crate) fn load_site(root: &Path, options: &BuildOptions) -> Result<LoadedSite, Diagnostics> {
    load_configured(load_site_config(root, options)?, options)
}

/// The site made of `files` (path relative to the site, text), in a folder of its own
/// that lives as long as the first of the two: the sites of the crate's unit tests.
#[cfg(test)]
pub(crate) fn site_of_files(files: &[(&str, &str)]) -> (tempfile::TempDir, Site) {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let site = load_site(dir.path(), &BuildOptions::default())
        .unwrap_or_else(|d| panic!("{d}"))
        .site;
    (dir, site)
}

/// Load, validate and model of a site whose configuration is read.
fn load_configured(config: SiteConfig, options: &BuildOptions) -> Result<LoadedSite, Diagnostics> {
    // `content/`, `static/` and `templates/` may be links to folders kept elsewhere, but not
    // into the system's own folders, whose files are the running system's.
    let into_the_system: Vec<Diagnostic> = [CONTENT_DIR, STATIC_DIR, TEMPLATES_DIR]
        .iter()
        .filter_map(|dir| {
            let target = crate::files::system_folder_behind(&config.root.join(dir))?;
            Some(
                Diagnostic::file_error(
                    Path::new(dir),
                    format!(
                        "`{dir}` is a symbolic link to `{}`, a folder of the system, not of the site",
                        target.display()
                    ),
                )
                .with_hint("make it a folder of the site's files, or a link to one"),
            )
        })
        .collect();
    if !into_the_system.is_empty() {
        return Err(into_the_system.into());
    }
    // Each paper file is checked on its own as it is read; then across files.
    let (content, mut diags) = load_content_checked(
        &config,
        &|doc| {
            let mut diags = validate_paper(&config, doc);
            diags.extend(crate::lint::lint_paper(&config, doc));
            diags
        },
        options.warnings_per_kind,
    );
    diags.extend(validate_across(&config, &content));
    if !options.drafts {
        diags.extend(crate::validate::drafts_in_digests(&content));
    }
    diags.extend(crate::lint::lint_digests_and_pages(&config, &content));
    // `static/` and the hooks are read whatever the content's errors: the report has the
    // errors of all of them at once.
    let (user_static, mut static_warnings) = match list_static(&config.root.join(STATIC_DIR)) {
        Ok(listed) => listed,
        Err(e) => {
            diags.push(e);
            Default::default()
        }
    };
    static_warnings.extend(config.warnings.clone());
    static_warnings.extend(crate::customize::unread_templates(&config.root));
    let theme = match read_site_theme(&config.root, &user_static, &config.base_path) {
        Ok((theme, warnings)) => {
            static_warnings.extend(warnings);
            theme
        }
        Err(errors) => {
            diags.extend(errors);
            Default::default()
        }
    };
    // (Not for the dev server's address, which is this machine's whatever the domain.)
    if let Some(warning) =
        crate::config::cname_warning(&config).filter(|_| !is_loopback(&config.base_url))
    {
        static_warnings.push(warning);
    }
    if let Some(warning) = crate::config::github_http_warning(&config) {
        static_warnings.push(warning);
    }
    diags.extend(static_warnings);
    diags.sort();
    if diags.has_errors() {
        return Err(diags);
    }
    if let Some(per_kind) = options.warnings_per_kind {
        diags.keep_per_kind(per_kind);
    }
    let mut site = Site::build(config, content, options.drafts);
    site.theme = theme;
    Ok(LoadedSite {
        site,
        warnings: diags,
        user_static,
    })
}

/// Checks a site without writing anything: every error `build` would report.
pub fn check_site(root: &Path, options: &BuildOptions) -> Result<Diagnostics, Diagnostics> {
    check_site_showing(root, options, &NoProgress, None)
}

/// [`check_site`], telling `progress` how far it is, and checking the external links of
/// the bodies too when `external_links` says how.
pub fn check_site_showing(
    root: &Path,
    options: &BuildOptions,
    progress: &dyn Progress,
    external_links: Option<&ExternalLinkCheck>,
) -> Result<Diagnostics, Diagnostics> {
    let built = run(root, options, Destination::Nowhere, progress)?;
    if let Some(external) = external_links {
        progress.stage("links", None);
        let broken = check_external_links(&built.site, external);
        if broken.has_errors() {
            let mut all = built.warnings;
            all.extend(broken);
            all.sort();
            return Err(all);
        }
    }
    Ok(built.warnings)
}

/// Builds the site into its output folder.
pub fn build_site(root: &Path, options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    build_site_showing(root, options, &NoProgress)
}

/// [`build_site`], telling `progress` how far it is.
pub fn build_site_showing(
    root: &Path,
    options: &BuildOptions,
    progress: &dyn Progress,
) -> Result<BuildReport, Diagnostics> {
    let start = Instant::now();
    let built = run(root, options, Destination::Disk, progress)?;
    let Written::Disk(stats) = built.written else {
        unreachable!("a build to disk reports what it wrote")
    };
    Ok(BuildReport {
        output_dir: built.site.config.output_dir.clone(),
        papers: built.site.papers.len(),
        digests: built.site.digests.len(),
        files: built.outputs,
        stats,
        warnings: built.warnings,
        elapsed: start.elapsed(),
    })
}

/// Told the site's path prefix and its first pages (see [`Destination::Memory`]).
type FirstPages<'a> = &'a dyn Fn(&str, &Files);

/// Where `run` puts the rendered files.
enum Destination<'a> {
    /// The output folder, with the search index.
    Disk,
    /// Memory, rendered for `origin` (scheme, host and port; the path of `base_url` is
    /// kept). The search index is the caller's to build ([`MemorySite::search_job`]).
    /// `first`, when given, gets the site's path prefix and the pages a reader opens
    /// first (see [`opened_first`]) as soon as they are rendered, before the rest.
    Memory {
        origin: &'a str,
        first: Option<FirstPages<'a>>,
        /// The files of the site served until now: a file rendered the same again is
        /// kept as those bytes, so that two sites are not in memory at once.
        previous: Option<&'a memory::SiteFiles>,
    },
    /// Nowhere.
    Nowhere,
}

/// A site the pipeline ran through, with what it produced.
struct Built {
    site: Site,
    /// The HTML of the papers' texts, as rendered.
    cache: HtmlCache,
    warnings: Diagnostics,
    /// `base_url` as published (`site.yaml`'s or `--base-url`): links to it are links
    /// into the site, also where the site is rendered for another origin.
    published_base_url: String,
    /// The number of output files (the search index not counted).
    outputs: usize,
    written: Written,
}

enum Written {
    Disk(WriteStats),
    Memory(Files),
    Nowhere,
}

/// Whether `base_url` names this machine (the default, `http://127.0.0.1:1111/`): a site
/// published with it links its readers' feeds and search engines to their own machine.
fn is_loopback(base_url: &str) -> bool {
    match url::Url::parse(base_url)
        .ok()
        .and_then(|u| u.host().map(|h| h.to_owned()))
    {
        Some(url::Host::Domain(name)) => name == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback() || ip.is_unspecified(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback() || ip.is_unspecified(),
        None => false,
    }
}

/// The one pipeline: config, load, validate, model, the link check, render, write.
fn run(
    root: &Path,
    options: &BuildOptions,
    destination: Destination,
    progress: &dyn Progress,
) -> Result<Built, Diagnostics> {
    progress.stage("loading", None);
    let mut config = load_site_config(root, options)?;
    let output_dir = resolve_output_dir(&config.root, &config.output_dir)
        .map_err(|refused| at_output_dir_key(&config.root, options, refused))?;
    let published_base_url = config.base_url.clone();
    // What `build` warns of `base_url` is said of the published address, not of the dev
    // server's, which the checks of `load_configured` see (and pass).
    let published_warnings: Vec<Diagnostic> = match destination {
        Destination::Memory { .. } => [
            crate::config::cname_warning(&config).filter(|_| !is_loopback(&published_base_url)),
            crate::config::github_http_warning(&config),
        ]
        .into_iter()
        .flatten()
        .collect(),
        _ => Vec::new(),
    };
    if let Destination::Memory { origin, .. } = destination {
        let served = format!("{origin}{}", config.base_path);
        config
            .set_base_url(&served)
            .map_err(|msg| Diagnostic::file_error(Path::new(&served), msg))?;
    }
    let loopback = !matches!(destination, Destination::Memory { .. })
        && options.base_url.is_none()
        && is_loopback(&published_base_url);
    // The output folder is locked and looked through while the site is read: the look
    // waits on the file system more than it computes, and loading keeps both cores busy.
    // Its error, when both fail, is the one reported, as when it came first.
    // The dev server writes no output, but says at its start what `build` would refuse
    // there (files of the user's in `public/`), so that the first build is no surprise.
    let to_disk = matches!(destination, Destination::Disk);
    let serve_start = matches!(destination, Destination::Memory { first: Some(_), .. });
    let (looked, loaded) = rayon::join(
        || -> Result<(Option<Looked>, Option<OutputError>), Diagnostics> {
            if to_disk {
                let looked =
                    StagedOutput::look(&output_dir).map_err(|e| output_error(e, &output_dir))?;
                Ok((Some(looked), None))
            } else if serve_start {
                Ok((None, crate::write::check_output_dir(&output_dir).err()))
            } else {
                Ok((None, None))
            }
        },
        || load_configured(config, options),
    );
    let (looked, refused_by_build) = looked?;
    let mut loaded = loaded?;
    if let Some(refused) = refused_by_build {
        for mut said in output_error(refused, &output_dir) {
            said.severity = crate::Severity::Warning;
            said.message = format!("`build` would stop here: {}", said.message);
            loaded.warnings.push(said);
        }
    }
    for warning in published_warnings {
        loaded.warnings.push(warning);
    }
    if loopback {
        loaded.warnings.push(
            Diagnostic::file_warning(
                Path::new(crate::config::CONFIG_FILE),
                format!("the site's address is {published_base_url}, this machine: the feeds, the sitemap and the pages' canonical links would point there"),
            )
            .with_hint("set `base_url` to the address the site is published at (https://user.github.io/repo/), or pass `build --base-url`; `serve` needs neither"),
        );
    }
    let site = &loaded.site;
    let (outputs, replaced_by_static) = plan(site, &loaded.user_static);
    let published: std::collections::HashSet<String> =
        outputs.iter().map(|o| output_path(site, o)).collect();
    refuse_static_conflicts(site, &published, &loaded.user_static)?;
    check_links_at(site, &published, &published_base_url)?;
    for path in replaced_by_static {
        let shown = Path::new(STATIC_DIR).join(&path);
        loaded.warnings.push(
            Diagnostic::file_warning(
                &shown,
                format!("replaces the file the site makes at `{path}`"),
            )
            .with_hint("a file of static/ is published as it is, in place of the site's own; if that is not meant, rename or remove it"),
        );
    }
    loaded
        .warnings
        .extend(case_clashes(&published, &loaded.user_static));
    if to_disk && let Some(warning) = unignored_older_tree(&site.config.root, &output_dir) {
        loaded.warnings.push(warning);
    }
    let mut cache = HtmlCache::new(site);
    let renderer = Renderer::new(site, &cache);
    progress.stage("rendering", Some(outputs.len()));
    let tally = SizeTally::default();
    let mut warnings = loaded.warnings;
    let written = match destination {
        Destination::Disk => {
            // Looked through above, before the site was read.
            let staged = looked
                .map_or_else(|| StagedOutput::begin(&output_dir), Looked::begin)
                .map_err(|e| output_error(e, &output_dir))?;
            // The pages of papers and digests whose inputs are those of the published
            // ones are kept as published, not rendered again (a new day renders its own).
            let made_from = MadeFrom::of(site);
            let rendered = render_into(
                renderer,
                made_from.as_ref(),
                &outputs,
                &staged,
                progress,
                &tally,
            );
            // The texts' HTML is not needed past the pages: freed before the search index
            // is built, it is not part of the build's peak memory.
            cache = HtmlCache::default();
            // Nor are the abstracts: the index frees each once it has read it (the site
            // this returns is without them).
            let abstracts = loaded.site.take_abstracts();
            let stats = index_and_publish(
                &loaded.site,
                abstracts,
                staged,
                rendered,
                &output_dir,
                progress,
                &tally,
            )?;
            // The published bytes (kept search files included); the largest file of those
            // rendered or indexed now (a kept search file is one of many small ones).
            let (path, size) = tally.largest();
            warnings.extend(size_warnings(stats.bytes, (&path, size), &output_dir));
            Written::Disk(stats)
        }
        Destination::Memory {
            first, previous, ..
        } => {
            let sink = MemorySink::with_capacity(outputs.len(), previous);
            match first {
                Some(first) => {
                    let (early, rest): (Vec<Output>, Vec<Output>) =
                        outputs.iter().cloned().partition(opened_first);
                    render_into(renderer, None, &early, &sink, progress, &tally)?;
                    first(&site.config.base_path, &sink.files());
                    render_into(renderer, None, &rest, &sink, progress, &tally)?;
                }
                None => render_into(renderer, None, &outputs, &sink, progress, &tally)?,
            }
            Written::Memory(sink.into_files())
        }
        Destination::Nowhere => {
            // What a build would refuse the output folder for, `check` reports too.
            crate::write::check_output_dir(&output_dir)
                .map_err(|e| output_error(e, &output_dir))?;
            render_into(renderer, None, &outputs, &Discard, progress, &tally)?;
            // What the build would publish besides: the search index, made as a build makes
            // it (about a second per 10,000 papers).
            if site.config.search {
                progress.stage("indexing", None);
                for (path, bytes) in search::build_bundle(search::SearchInput::of_site(site)) {
                    tally.add(&path, bytes.len() as u64);
                }
            }
            let (path, size) = tally.largest();
            warnings.extend(size_warnings(tally.total(), (&path, size), &output_dir));
            Written::Nowhere
        }
    };
    warnings.sort();
    Ok(Built {
        outputs: outputs.len(),
        site: loaded.site,
        cache,
        warnings,
        published_base_url,
        written,
    })
}

/// A refused output folder that `site.yaml` names (not `--output`): said at its value
/// there, with the folder it resolves to in the message.
fn at_output_dir_key(root: &Path, options: &BuildOptions, refused: Diagnostics) -> Diagnostics {
    if options.output_dir.is_some() {
        return refused;
    }
    let shown = Path::new(crate::config::CONFIG_FILE);
    let Ok(text) = std::fs::read_to_string(root.join(shown)) else {
        return refused;
    };
    let Some((line, column)) = crate::locate::top_level_value(&text, "output_dir") else {
        return refused;
    };
    refused
        .into_iter()
        .map(|d| {
            let mut at = Diagnostic::error(shown, &text, line, column, d.message);
            at.hint = d.hint;
            at
        })
        .collect::<Vec<_>>()
        .into()
}

/// A warning when the site is in a git repository that would take in the older tree kept
/// beside the output (`.public.previous/`, a whole second copy of the site): a
/// `.gitignore` written for Hugo or Zola ignores `public/` and nothing beside it, and
/// `git add -A` then commits the copy. Asked of `git check-ignore` at every build (a few
/// milliseconds; no git, or no repository, says nothing), until the lines are added.
fn unignored_older_tree(root: &Path, output_dir: &Path) -> Option<Diagnostic> {
    let older = crate::write::sibling(output_dir, "previous");
    let status = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["check-ignore", "-q", "--"])
        // With its `/`, read as a folder (`.*.previous/` matches only folders) whether it
        // is there yet or not.
        .arg(older.join(""))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .ok()?;
    // 0: ignored; 1: not ignored; 128: no repository, or a path outside it.
    if status.code() != Some(1) {
        return None;
    }
    let name = output_dir.file_name()?.to_string_lossy();
    let shown = older.strip_prefix(root).unwrap_or(&older);
    Some(
        Diagnostic::file_warning(
            shown,
            format!("git does not ignore `.{name}.previous/`, the build before, which digest-site keeps beside the output: `git add -A` would commit a second copy of the site"),
        )
        .with_hint(format!(
            "add these lines to .gitignore: `.{name}.previous/`, `.{name}.lock`, `.{name}.folders`, `.{name}.swap/` (or `.*.previous/` and the like, as `digest-site init` writes)"
        )),
    )
}

/// Why the output folder `output_dir` cannot be written, at the folder concerned.
fn output_error(e: OutputError, output_dir: &Path) -> Diagnostics {
    let older = crate::write::sibling(output_dir, "previous");
    let (path, hint) = match &e {
        // A folder of the user's where digest-site keeps the build before.
        OutputError::Foreign { folder, .. } if *folder == older => (
            folder.clone(),
            format!(
                "`{}` is the name of the folder beside the output where digest-site keeps the build before; it never deletes a file it did not write: rename or move that folder",
                older.file_name().unwrap_or_default().to_string_lossy()
            ),
        ),
        OutputError::Foreign { folder, .. } => (folder.clone(), e.hint(output_dir)),
        OutputError::Link(path) | OutputError::NotARecord { record: path, .. } => {
            (path.clone(), e.hint(output_dir))
        }
        // A file of the older tree that cannot be written (an output made read-only, then
        // swapped beside it by the next build): the tree is named, and what to do with it.
        // (A full disk or a mount point is said as such: no change to the tree mends it.)
        OutputError::Io(path, _)
            if path.starts_with(&older) && older.is_dir() && !e.is_the_disks() =>
        {
            (
                older.clone(),
                format!(
                    "`{}` is the build before, which digest-site keeps beside the output and updates; make it writable again (chmod -R u+w {}) or remove it: the next build writes it anew",
                    older.display(),
                    older.display()
                ),
            )
        }
        _ => (output_dir.to_path_buf(), e.hint(output_dir)),
    };
    Diagnostics::from(Diagnostic::file_error(&path, e.to_string()).with_hint(hint))
}

/// After the pages were rendered into `staged` (`rendered` says how that went): adds the
/// search index of `site`, whose papers' abstracts are `abstracts` (taken out of it), and
/// publishes the folder when everything is written.
fn index_and_publish(
    site: &Site,
    abstracts: Vec<crate::model::Texts>,
    staged: StagedOutput,
    rendered: Result<(), Diagnostics>,
    output_dir: &Path,
    progress: &dyn Progress,
    tally: &SizeTally,
) -> Result<WriteStats, Diagnostics> {
    let mut result = rendered;
    // The search index of the papers, into the same staged output (`search: false` skips
    // it). When the papers are those the published index was built from, the published
    // bundle is kept as it is.
    if result.is_ok() && site.config.search {
        progress.stage("indexing", None);
        let input = search::SearchInput::of_site_and_abstracts(site, abstracts);
        // The published bundle, or the older tree's after `rm -rf public`.
        let from = staged.kept_from().to_path_buf();
        let kept = search::previous_bundle(&from, input.fingerprint())
            .is_some_and(|files| files.iter().all(|f| staged.keep(f).unwrap_or(false)));
        if !kept {
            // The segments of the published bundle whose papers did not change stay as they
            // are (a new day indexes only the last one).
            // Each batch of files is written as it comes (the first error stops writing).
            search::build_bundle_over(
                input,
                |path| std::fs::read(from.join(path)).ok(),
                |path| staged.keep(path).unwrap_or(false),
                &mut |files| {
                    if result.is_ok() {
                        result = files
                            .into_par_iter()
                            .try_for_each(|(path, bytes)| {
                                tally.add(&path, bytes.len() as u64);
                                staged.put_file(&path, bytes, None)
                            })
                            .map_err(Diagnostics::from);
                    }
                },
            );
        }
    }
    if let Err(diags) = result {
        staged.abort();
        return Err(diags);
    }
    progress.stage("publishing", None);
    staged.commit().map_err(|e| {
        Diagnostics::from(
            Diagnostic::file_error(output_dir, e.to_string()).with_hint(e.hint(output_dir)),
        )
    })
}

/// Renders `outputs` in parallel into `sink`, adding their sizes to `tally`. Every output
/// that fails to render is reported (sorted); a file the sink cannot take stops the
/// rendering.
fn render_into(
    renderer: Renderer<'_>,
    made_from: Option<&MadeFrom>,
    outputs: &[Output],
    sink: &dyn Sink,
    progress: &dyn Progress,
    tally: &SizeTally,
) -> Result<(), Diagnostics> {
    let failed = std::sync::Mutex::new(Diagnostics::new());
    let render_one = |output: &&Output| {
        let path = output_path(renderer.site(), output);
        progress.advance();
        let made_from = made_from.and_then(|m| m.of_output(renderer.site(), output));
        if let Some(from) = made_from
            && let Some(size) = sink.keep_made_from(&path, from)?
        {
            tally.add(&path, size);
            return Ok(());
        }
        match renderer.render(output) {
            Ok(bytes) => {
                tally.add(&path, bytes.len() as u64);
                sink.put_file(&path, bytes, made_from)
            }
            Err(e) => {
                let error = Diagnostic::file_error(Path::new(&path), e.to_string());
                failed.lock().unwrap_or_else(|e| e.into_inner()).push(error);
                Ok(())
            }
        }
    };
    // The largest pages one after the other, from the start, beside the rest in
    // parallel. In the list's order the digests come after every paper: a digest of a
    // busy day (12 MB at 100,000 papers) kept one thread busy after the other was done,
    // and two of them made at once each held their papers' texts and their HTML.
    let (large, rest): (Vec<&Output>, Vec<&Output>) = outputs.iter().partition(|o| is_large(o));
    let (large, rest) = rayon::join(
        || large.iter().try_for_each(render_one),
        || rest.par_iter().try_for_each(render_one),
    );
    large.and(rest)?;
    let mut failed = failed.into_inner().unwrap_or_else(|e| e.into_inner());
    if failed.is_empty() {
        Ok(())
    } else {
        failed.sort();
        Err(failed)
    }
}

/// The outputs that grow with the papers of one page: a digest lists all of its papers
/// with their abstracts, the sitemap every page.
fn is_large(output: &Output) -> bool {
    matches!(
        output,
        Output::Digest(_) | Output::Sitemap | Output::SitemapPart(_)
    )
}

/// The outputs a reader opens first: the home page and what every page loads (the theme's
/// assets, the site's `static/` files), and the page for a missing one. The dev server
/// answers with these while it renders the rest, so that starting it on a large site
/// does not wait for every page.
fn opened_first(output: &Output) -> bool {
    matches!(
        output,
        Output::Index(crate::model::TablePage::Newest)
            | Output::NotFound
            | Output::ThemeAsset(_)
            | Output::UserStatic(_)
    )
}

/// Fails when a Markdown body links to a page the site does not have. Links that start
/// with `base_url` (the published one, whatever origin the site is rendered for) count as
/// links into the site.
fn check_links_at(
    site: &Site,
    files: &std::collections::HashSet<String>,
    base_url: &str,
) -> Result<(), Diagnostics> {
    let mut broken = crate::links::check_internal_links(site, files, base_url);
    broken.extend(crate::links::check_config_links(site, &|file| {
        files.contains(file)
    }));
    if broken.has_errors() {
        broken.sort();
        return Err(broken);
    }
    Ok(())
}

/// A warning for each file of `static/` whose path is one the site writes but for the case
/// of its letters (`static/About/index.html`, `about/index.html`): on the file systems of
/// macOS and Windows, which do not tell them apart, one would replace the other.
fn case_clashes(
    published: &std::collections::HashSet<String>,
    user_static: &[String],
) -> Diagnostics {
    let mut warnings = Diagnostics::new();
    if user_static.is_empty() {
        return warnings;
    }
    let statics: std::collections::HashMap<String, &str> = user_static
        .iter()
        .map(|p| (p.to_lowercase(), p.as_str()))
        .collect();
    let lengths: std::collections::HashSet<usize> = statics.keys().map(String::len).collect();
    let mut clashes: Vec<(&str, &str)> = published
        .iter()
        // Only paths of a static file's length are lowered (there are 117,000 at 100,000
        // papers); letters that change length in lower case are not compared.
        .filter(|path| lengths.contains(&path.len()))
        .filter_map(|path| {
            let file = statics.get(&path.to_lowercase())?;
            (file != path).then_some((*file, path.as_str()))
        })
        .collect();
    clashes.sort_unstable();
    for (file, path) in clashes {
        let shown = Path::new(STATIC_DIR).join(file);
        warnings.push(
            Diagnostic::file_warning(
                &shown,
                format!("differs from the file the site makes at `{path}` only in the case of its letters"),
            )
            .with_hint("on macOS and Windows, which do not tell the two names apart, one would replace the other: rename the file"),
        );
    }
    warnings
}

/// Fails when a file of `static/` stands where the site makes a folder of its own, inside
/// a path it makes as a file, or in the search index's folder (see [`static_conflicts`]).
fn refuse_static_conflicts(
    site: &Site,
    published: &std::collections::HashSet<String>,
    user_static: &[String],
) -> Result<(), Diagnostics> {
    let mut errors = Diagnostics::new();
    for conflict in static_conflicts(published, site.config.search, user_static) {
        let shown = Path::new(STATIC_DIR).join(&conflict.static_file);
        let (message, hint) = match &conflict.site_makes {
            SiteMakes::FolderAt(below) => (
                format!(
                    "the site makes a folder at `{}` (`{below}` is in it): this file would take the folder's place and drop the site's pages there",
                    conflict.static_file
                ),
                "rename or move the file: a file of static/ may replace one of the site's files, not a folder of them".to_string(),
            ),
            SiteMakes::FileAt(file) => (
                format!(
                    "the site writes `{file}` as a file: this file would need a folder of that name and drop the site's own"
                ),
                format!("rename or move the file out of `{file}/`"),
            ),
            SiteMakes::SearchIndex => (
                format!(
                    "`{}/` is where the site writes its search index",
                    crate::search::BUNDLE_DIR
                ),
                "move the file, or set `search: false` in site.yaml to publish a search/ folder of your own".to_string(),
            ),
            SiteMakes::Record => (
                format!(
                    "`{}` is the name of digest-site's record of the files it wrote",
                    crate::write::RECORD_FILE
                ),
                "rename the file: the build keeps its record of the output under this name".to_string(),
            ),
        };
        errors.push(Diagnostic::file_error(&shown, message).with_hint(hint));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Every file under `static/`, relative and `/`-separated, sorted; and a warning for each
/// symbolic link there, which is not published. An editor's swap, backup and lock files
/// (`.custom.css.swp`, `custom.css~`, `.#custom.css`) are not listed: a swap file holds
/// the text not yet saved, and the dev server, which does not watch them, would serve one
/// after it is gone.
fn list_static(dir: &Path) -> Result<(Vec<String>, Diagnostics), Diagnostic> {
    if !dir.is_dir() {
        return Ok((Vec::new(), Diagnostics::new()));
    }
    let listing = relative_files(dir).map_err(|e| {
        let error = Diagnostic::file_error(dir, format!("cannot read: {e}"));
        match e.kind() {
            std::io::ErrorKind::InvalidData => error.with_hint(
                "rename the file: every name under static/ becomes an output path, which must be UTF-8 without control characters",
            ),
            _ => error,
        }
    })?;
    let mut warnings = Diagnostics::new();
    // An editor's lock file (emacs' `.#custom.css`) is a link to nowhere: not published,
    // as every editor file is, and nothing to warn about.
    let links = listing.links.into_iter().filter(|link| {
        !crate::sources::is_editor_temporary(link.rsplit('/').next().unwrap_or(link))
    });
    for link in links {
        let shown = Path::new(STATIC_DIR).join(&link);
        warnings.push(
            Diagnostic::file_warning(
                &shown,
                format!("`{}` is a symbolic link; links are not followed, so it is not published", shown.display()),
            )
            .with_hint("copy the file (or folder) into static/ instead of linking to it: a link could point outside the site"),
        );
    }
    let files = listing
        .files
        .into_iter()
        .filter(|f| !crate::sources::is_editor_temporary(f.rsplit('/').next().unwrap_or(f)))
        .collect();
    Ok((files, warnings))
}
