//! `digest-site check`: every validation of a build, writing nothing; the problems as
//! rustc-style text, as GitHub Actions annotations, or as JSON; with `--list-unmarked`,
//! also the papers whose translations say nothing of who wrote them.

use std::path::{Path, PathBuf};
use std::time::Duration;

use digest_core::pipeline::{ExternalLinkCheck, check_site_showing};
use digest_core::{BuildOptions, Diagnostic, Diagnostics, Severity};

use crate::cli::{CheckArgs, CheckFormat};
use crate::progress::TerminalProgress;
use crate::report::Context;

/// Past this many warnings, the human report says its errors again at its end.
const ERRORS_AGAIN_PAST: usize = 20;

/// Annotations of one kind of warning (`--format github`): GitHub shows ten of a step's.
const ANNOTATIONS_PER_KIND: usize = 10;

pub fn run(ctx: &Context, args: CheckArgs) -> i32 {
    let format = args.format.unwrap_or_else(|| {
        if std::env::var_os("GITHUB_ACTIONS").is_some_and(|v| v == "true") {
            CheckFormat::Github
        } else {
            CheckFormat::Human
        }
    });
    let root = ctx.site_root();
    let checked = root.as_ref().map_err(Clone::clone).and_then(|root| {
        let options = BuildOptions {
            base_url: args.site.base_url,
            output_dir: None,
            drafts: args.site.drafts,
            // `check` lists every warning.
            warnings_per_kind: None,
        };
        let external = args.external_links.then(|| ExternalLinkCheck {
            timeout: Duration::from_secs(args.link_timeout),
            cache: !args.no_link_cache,
            ..ExternalLinkCheck::default()
        });
        let progress = TerminalProgress::on_stderr(ctx.quiet);
        let checked = check_site_showing(root, &options, &progress, external.as_ref());
        progress.finish();
        ctx.detail(&format!("Stages: {}", progress.timings()));
        checked
    });
    let (mut diags, mut code) = match checked {
        Ok(warnings) => (warnings, 0),
        Err(errors) => (errors, 1),
    };
    let mut unmarked = None;
    if args.list_unmarked
        && let Ok(root) = &root
        && let Ok(found) = digest_core::list_unmarked(root, args.site.drafts)
    {
        unmarked = Some(found.len());
        diags.extend(found);
        diags.sort();
    }
    // Paths in diagnostics are relative to the site's folder; tools want them relative to
    // where they run (the repository, for GitHub).
    let site_dir = root.ok().unwrap_or_default();
    match format {
        CheckFormat::Human => {
            ctx.every_diagnostic(&diags);
            // Among thousands of warnings, the errors are said again at the end, where
            // a reader of the terminal or a log looks; `--quiet` printed no warnings, so
            // the errors are already at the end.
            let errors = diags.without_warnings();
            if !ctx.quiet && !errors.is_empty() && diags.warning_count() > ERRORS_AGAIN_PAST {
                ctx.status(&format!(
                    "The {} again, after the {} warnings:\n",
                    if errors.len() == 1 {
                        "error".to_string()
                    } else {
                        format!("{} errors", errors.len())
                    },
                    diags.warning_count()
                ));
                ctx.every_diagnostic(&errors);
            }
        }
        CheckFormat::Github => {
            // The log gets the warnings folded by kind, as `build` prints them; the
            // annotations every error and, of each kind of warning, as many as GitHub
            // shows, with a notice counting the rest.
            ctx.diagnostics(&diags);
            // `--quiet` is errors only, in the annotations as in the log.
            let mut annotated = if ctx.quiet {
                diags.without_warnings()
            } else {
                diags.clone()
            };
            annotated.keep_per_kind(ANNOTATIONS_PER_KIND);
            let here = FromHere::new(&site_dir);
            let mut out = String::new();
            for d in annotated.iter() {
                out.push_str(&github_annotation(d, &here));
                out.push('\n');
            }
            for (kind, more) in annotated.left_out() {
                out.push_str(&format!(
                    "::notice title=digest-site check::{more} more warnings of this kind: {} (digest-site check lists every one)\n",
                    kind.describe()
                ));
            }
            if !to_stdout(ctx, &out) {
                code = 1;
            }
        }
        CheckFormat::Json => {
            let report = format!("{}\n", json_report(&diags, &FromHere::new(&site_dir)));
            if !to_stdout(ctx, &report) {
                code = 1;
            }
        }
    }
    if let Some(n) = unmarked {
        ctx.status(&format!(
            "{n} {} translations or an analysis but no `generated:`.",
            if n == 1 { "paper has" } else { "papers have" }
        ));
    }
    if code == 0 {
        ctx.status(&format!(
            "No errors found ({}).",
            crate::report::plural(diags.warnings().count(), "warning")
        ));
    }
    code
}

/// [`crate::report::to_stdout`]; another failure than a reader that stopped early is said
/// on standard error, and is a failure of the command (a CI job would keep an empty
/// report and pass): `false`.
fn to_stdout(ctx: &Context, text: &str) -> bool {
    match crate::report::to_stdout(text) {
        Ok(()) => true,
        Err(e) => {
            let _ = ctx;
            digest_server::rebuild::to_stderr(&format!(
                "error: cannot write to standard output: {e}\n"
            ));
            false
        }
    }
}

/// The site's folder and the working folder, read once for every diagnostic of a report.
struct FromHere<'a> {
    site_dir: &'a Path,
    cwd: PathBuf,
}

impl<'a> FromHere<'a> {
    fn new(site_dir: &'a Path) -> Self {
        FromHere {
            site_dir,
            cwd: std::env::current_dir().unwrap_or_default(),
        }
    }

    /// Where a diagnostic's file is, from the working folder.
    fn path_of(&self, d: &Diagnostic) -> PathBuf {
        let path = if d.path.is_absolute() {
            d.path.clone()
        } else {
            self.site_dir.join(&d.path)
        };
        let path = relative_to(&path, &self.cwd).unwrap_or(path);
        path.strip_prefix(".")
            .map_or(path.clone(), Path::to_path_buf)
    }
}

/// `path` from `from`, with `..` for each folder to go up (`content/digests` →
/// `../papers/a.md`); `None` when they share no folder (another drive, `/tmp`), or one is
/// relative and the other not.
fn relative_to(path: &Path, from: &Path) -> Option<PathBuf> {
    use std::path::Component;
    if path.is_absolute() != from.is_absolute() {
        return None;
    }
    let (path, from): (Vec<Component>, Vec<Component>) =
        (path.components().collect(), from.components().collect());
    let common = path.iter().zip(&from).take_while(|(a, b)| a == b).count();
    // Only the root in common: the whole path reads better than a climb to it.
    let roots = path
        .iter()
        .take_while(|c| !matches!(c, Component::Normal(_)))
        .count();
    if common <= roots
        || from[common..]
            .iter()
            .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    out.extend(&path[common..]);
    Some(out)
}

/// One workflow command GitHub Actions turns into an annotation on the file:
/// `::error file=…,line=…,col=…,title=…::message`.
fn github_annotation(d: &Diagnostic, here: &FromHere<'_>) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut properties = format!(
        "file={}",
        escape_property(&here.path_of(d).to_string_lossy())
    );
    if d.line > 0 {
        properties.push_str(&format!(",line={},col={}", d.line, d.column));
    }
    properties.push_str(",title=digest-site check");
    let mut message = d.message.clone();
    if let Some(hint) = &d.hint {
        message.push_str("\nhint: ");
        message.push_str(hint);
    }
    format!("::{level} {properties}::{}", escape_data(&message))
}

/// The escaping of a workflow command's message (as `@actions/core` does it).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// The escaping of a workflow command's property value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Every diagnostic as one JSON document.
fn json_report(diags: &Diagnostics, here: &FromHere<'_>) -> String {
    let list: Vec<serde_json::Value> = diags
        .iter()
        .map(|d| {
            let at_line = d.line > 0;
            serde_json::json!({
                "severity": match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                "file": here.path_of(d).to_string_lossy(),
                "line": at_line.then_some(d.line),
                "column": at_line.then_some(d.column),
                "message": d.message,
                "hint": d.hint,
                "source_line": at_line.then_some(&d.source_line),
            })
        })
        .collect();
    serde_json::json!({
        "errors": diags.errors().count(),
        "warnings": diags.warnings().count(),
        "diagnostics": list,
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_shown_from_the_working_folder() {
        let site = Path::new("/srv/u/site");
        for (from, shown) in [
            ("/srv/u/site", "content/papers/a.md"),
            ("/srv/u/site/content/digests", "../papers/a.md"),
            ("/srv/u", "site/content/papers/a.md"),
        ] {
            assert_eq!(
                relative_to(&site.join("content/papers/a.md"), Path::new(from)),
                Some(PathBuf::from(shown)),
                "{from}"
            );
        }
        assert_eq!(relative_to(&site.join("a.md"), Path::new("/tmp")), None);
    }

    #[test]
    fn annotations_escape_what_github_reads_as_syntax() {
        let d = Diagnostic::error(
            Path::new("content/papers/a,b:c.md"),
            "x\n",
            1,
            2,
            "100% wrong\nsecond line",
        )
        .with_hint("fix it");
        assert_eq!(
            github_annotation(&d, &FromHere::new(Path::new("site"))),
            "::error file=site/content/papers/a%2Cb%3Ac.md,line=1,col=2,title=digest-site check::100%25 wrong%0Asecond line%0Ahint: fix it"
        );
        let whole_file = Diagnostic::file_warning(Path::new("site.yaml"), "odd");
        assert_eq!(
            github_annotation(&whole_file, &FromHere::new(Path::new("."))),
            "::warning file=site.yaml,title=digest-site check::odd"
        );
    }
}
