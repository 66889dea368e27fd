//! What the subcommands print, and the site root they share.
//!
//! Problems go to stderr as rustc-style diagnostics; status lines go to stderr too, so that
//! stdout carries only what a command produces (an export, a completion script, `check`'s
//! machine-readable formats). `--quiet` keeps errors only; `--verbose` adds details.

use std::path::PathBuf;

use digest_core::{Diagnostic, Diagnostics};
use digest_server::rebuild::Terminal;

use crate::cli::GlobalArgs;

/// The global options every subcommand runs with.
#[derive(Debug, Clone)]
pub struct Context {
    /// `--root`, when given.
    pub root: Option<PathBuf>,
    pub quiet: bool,
    pub verbose: bool,
    /// Whether stderr gets colour.
    pub color: bool,
}

impl Context {
    pub fn new(global: GlobalArgs) -> Self {
        Context {
            root: global.root,
            quiet: global.quiet,
            verbose: global.verbose,
            color: use_color(),
        }
    }

    /// Prints diagnostics to stderr; with `--quiet`, the errors among them only (as the dev
    /// server prints them); without `--verbose`, a few warnings of each kind a site can
    /// have by the thousand, and the count of the rest.
    pub fn diagnostics(&self, diags: &Diagnostics) {
        self.terminal().diagnostics(diags);
    }

    /// [`Context::diagnostics`] with every warning (what `check` is for).
    pub fn every_diagnostic(&self, diags: &Diagnostics) {
        Terminal {
            every_warning: true,
            ..self.terminal()
        }
        .diagnostics(diags);
    }

    /// Where the dev server reports, with these options.
    pub fn terminal(&self) -> Terminal {
        Terminal {
            quiet: self.quiet,
            color: self.color,
            every_warning: self.verbose,
        }
    }

    /// A status line on stderr, unless `--quiet`.
    pub fn status(&self, line: &str) {
        if !self.quiet {
            digest_server::rebuild::to_stderr(&format!("{line}\n"));
        }
    }

    /// A detail line on stderr, with `--verbose` only.
    pub fn detail(&self, line: &str) {
        if self.verbose {
            digest_server::rebuild::to_stderr(&format!("{line}\n"));
        }
    }

    /// The site root: `--root`, or the nearest folder upwards holding `site.yaml`.
    pub fn site_root(&self) -> Result<PathBuf, Diagnostics> {
        let root = self.find_site_root()?;
        self.detail(&format!("Site: {}", root.display()));
        Ok(root)
    }

    fn find_site_root(&self) -> Result<PathBuf, Diagnostics> {
        if let Some(root) = &self.root {
            // `--root DIR`: a folder that is not there, or holds no site.yaml, is said so
            // by its name (not as a site.yaml that cannot be read).
            let config = root.join(digest_core::config::CONFIG_FILE);
            // `-r site/site.yaml`: the settings named where their folder goes.
            if root.is_file() {
                let folder = root
                    .parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(std::path::Path::new("."));
                return Err(Diagnostics::from(
                    Diagnostic::file_error(root, "this is a file, not a folder")
                        .with_hint(format!(
                            "--root names the folder of a site (the one with site.yaml): give its folder, `-r {}`",
                            folder.display()
                        )),
                ));
            }
            if !root.is_dir() {
                return Err(Diagnostics::from(
                    Diagnostic::file_error(root, "no such folder")
                        .with_hint("--root names the folder of a site (the one with site.yaml)"),
                ));
            }
            if !config.is_file() {
                return Err(Diagnostics::from(
                    Diagnostic::file_error(&config, "the folder holds no site.yaml")
                        .with_hint(misnamed_config(root).unwrap_or_else(|| "--root names the folder of a site; create one there with `digest-site init DIR`".to_string())),
                ));
            }
            return Ok(root.clone());
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
                .with_hint(misnamed_config(&cwd).unwrap_or_else(|| {
                    "run inside a site, pass --root DIR, or create one with `digest-site init`"
                        .to_string()
                })),
            )
        })
    }
}

/// A hint when `dir` holds the settings under another name (`site.yml`, `Site.yaml`,
/// `site.yaml.txt` as some editors save it), which is not read, or is another generator's
/// site (Hugo's `hugo.toml`, Zola's `config.toml`, Jekyll's `_config.yml`).
fn misnamed_config(dir: &std::path::Path) -> Option<String> {
    const OTHER_GENERATORS: &[(&str, &str)] = &[
        ("hugo.toml", "Hugo"),
        ("hugo.yaml", "Hugo"),
        ("hugo.json", "Hugo"),
        ("config.toml", "Hugo or Zola"),
        ("zola.toml", "Zola"),
        ("_config.yml", "Jekyll"),
        ("book.toml", "mdBook"),
    ];
    if let Some((file, generator)) = OTHER_GENERATORS
        .iter()
        .find(|(file, _)| dir.join(file).is_file())
    {
        return Some(format!(
            "`{file}` is here: this is a {generator} site, whose settings digest-site does not read. Make a digest-site site beside it (`digest-site init digest`), and bring your papers and digests over with `digest-site import` (docs/import-export.md)"
        ));
    }
    let found = std::fs::read_dir(dir).ok()?.flatten().find_map(|entry| {
        let name = entry.file_name().into_string().ok()?;
        let lower = name.to_ascii_lowercase();
        matches!(
            lower.as_str(),
            "site.yml" | "site.yaml" | "site.yaml.txt" | "site.yml.txt"
        )
        .then_some(name)
    })?;
    Some(format!(
        "`{found}` is here, but the settings are read from `site.yaml` (that name exactly): rename it, or write a site.yaml (`digest-site init --help`)"
    ))
}

/// Whether to colour stderr: as the terminal allows and `NO_COLOR`, `CLICOLOR` and
/// `CLICOLOR_FORCE` ask (anstream reads them as every clap program does).
fn use_color() -> bool {
    anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never
}

/// Writes `text` to standard output. A reader that stopped reading (`| head`) is no error:
/// what it asked for is out.
pub fn to_stdout(text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        written => written,
    }
}

/// `n` and `word`, in the plural unless `n` is 1: `1 paper`, `7 papers`.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
