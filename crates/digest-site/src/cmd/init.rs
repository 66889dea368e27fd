//! `digest-site init [DIR] [--force] [--empty]`: a new site that builds at once.

use std::path::PathBuf;

use digest_core::scaffold::{InitOptions, README_PATH, init_paths, init_site};

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
    // What `--force` replaces is said as such, not as created.
    let there: Vec<PathBuf> = init_paths(&options, today)
        .into_iter()
        .filter(|p| dir.join(p).exists())
        .collect();
    match init_site(&dir, &options, today) {
        Ok(files) => {
            for file in &files {
                let action = if there.contains(file) {
                    "replace"
                } else {
                    "create"
                };
                ctx.status(&format!("  {action:<7} {}", dir.join(file).display()));
            }
            let next = if dir == std::path::Path::new(".") {
                "Next:".to_string()
            } else {
                format!("Next: `cd {}`,", shell_quoted(&dir.display().to_string()))
            };
            ctx.status(&format!(
                "Created a site in {}. {next} `digest-site serve`; {} says how to publish it on GitHub Pages.",
                if dir == std::path::Path::new(".") {
                    "this folder".to_string()
                } else {
                    dir.display().to_string()
                },
                dir.join(README_PATH).display()
            ));
            0
        }
        Err(d) => {
            ctx.diagnostics(&d);
            1
        }
    }
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
