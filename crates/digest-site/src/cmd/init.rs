//! `digest-site init [DIR] [--force] [--empty]`: a new site that builds at once.

use std::path::{Path, PathBuf};

use digest_core::scaffold::{BESIDE_SUFFIX, InitDone, InitOptions, Ours, README_PATH, init_site};

use crate::cli::InitArgs;
use crate::report::Context;

pub fn run(ctx: &Context, args: InitArgs) -> i32 {
    let today = digest_core::scaffold::today();
    let dir = args
        .dir
        .or_else(|| ctx.root.clone())
        .unwrap_or_else(|| PathBuf::from("."));
    let options = InitOptions {
        force: args.force,
        empty: args.empty,
    };
    let report = match init_site(&dir, &options, today) {
        Ok(report) => report,
        Err(d) => {
            ctx.diagnostics(&d);
            return 1;
        }
    };
    let shown = |path: &Path| dir.join(path).display().to_string();
    // Where the steps to publish are: our README, or ours beside the user's.
    let mut guide = None;
    let mut beside = false;
    for file in &report.files {
        let path = shown(&file.path);
        let line = match &file.done {
            InitDone::Created => format!("create  {path}"),
            InitDone::Added(lines) => format!(
                "add to  {path}: {} (the lines digest-site needs that it lacked)",
                lines.join(", ")
            ),
            InitDone::Kept(Ours::Same) if file.path == Path::new(".gitignore") => {
                format!("keep    {path}: it has every line digest-site needs")
            }
            InitDone::Kept(Ours::Same) => format!("keep    {path}: the same as ours"),
            InitDone::Kept(Ours::Beside(ours)) => {
                beside = true;
                format!("keep    {path}: yours; ours is beside it, {}", shown(ours))
            }
            InitDone::Kept(Ours::BesideTaken(taken)) => format!(
                "keep    {path}: yours; {} is there too, and is kept: move it away and run init --force again to get ours",
                shown(taken)
            ),
            InitDone::Kept(Ours::Example) => format!("keep    {path}: yours"),
        };
        ctx.status(&format!("  {line}"));
        if file.path == Path::new(README_PATH) {
            guide = match &file.done {
                InitDone::Created | InitDone::Kept(Ours::Same) => Some(shown(&file.path)),
                InitDone::Kept(Ours::Beside(ours)) => Some(shown(ours)),
                _ => None,
            };
        }
    }
    ctx.diagnostics(&report.warnings);
    if let Some(why) = &report.examples_left_out {
        ctx.status(&format!(
            "The example paper and digest are left out: {why}."
        ));
    }
    if beside {
        ctx.status(&format!(
            "Your files are kept. Ours are beside them, named `<name>{BESIDE_SUFFIX}`, which nothing reads: compare each with yours, then move it over yours or delete it, before you commit."
        ));
    }
    let next = if dir == Path::new(".") {
        "Next:".to_string()
    } else {
        format!("Next: `cd {}`,", shell_quoted(&dir.display().to_string()))
    };
    ctx.status(&format!(
        "Created a site in {}. {next} `digest-site serve`; {} says how to publish it on GitHub Pages.",
        if dir == Path::new(".") {
            "this folder".to_string()
        } else {
            dir.display().to_string()
        },
        guide.unwrap_or_else(|| format!(
            "{}/blob/main/docs/github-pages.md",
            env!("CARGO_PKG_REPOSITORY")
        ))
    ));
    0
}

/// `path` as a shell reads it back: as it is when it holds only characters no shell treats
/// specially, else in single quotes (a `'` in it closed, escaped and opened again), so that
/// the command shown can be pasted.
fn shell_quoted(path: &str) -> String {
    let plain = |c: char| {
        c.is_alphanumeric()
            || matches!(c, '/' | '.' | '-' | '_' | '~' | '+' | ',' | ':' | '@' | '%')
    };
    if !path.is_empty() && path.chars().all(plain) && !path.starts_with('~') {
        path.to_string()
    } else {
        format!("'{}'", path.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::shell_quoted;

    #[test]
    fn paths_are_quoted_where_a_shell_would_split_them() {
        assert_eq!(shell_quoted("my-digest"), "my-digest");
        assert_eq!(shell_quoted("论文/站点"), "论文/站点");
        assert_eq!(shell_quoted("sp ace/中文 目录"), "'sp ace/中文 目录'");
        assert_eq!(shell_quoted("it's"), "'it'\\''s'");
        assert_eq!(shell_quoted("a$b"), "'a$b'");
    }
}
