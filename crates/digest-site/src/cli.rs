//! The command-line interface: one clap-derive enum, one variant per subcommand.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "digest-site",
    version,
    about = "Static site generator for bilingual research-paper digests"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options of every subcommand, given before or after its name.
#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// The site's folder (default: the folder holding site.yaml, from here upwards).
    #[arg(long, short = 'r', value_name = "DIR", global = true)]
    pub root: Option<PathBuf>,
    /// Print errors only.
    #[arg(long, short = 'q', global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more: the site's folder, each stage's time (build, check), every warning
    /// (build, serve, import) and every file an import writes or leaves unchanged.
    #[arg(long, short = 'v', global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into its output folder (default: public/).
    Build(BuildArgs),
    /// Validate content and internal links; write nothing.
    Check(CheckArgs),
    /// Serve the site locally, rebuilding on every save and reloading open pages.
    Serve(ServeArgs),
    /// Import a Markdown digest, an arXiv API / RSS / Atom file, cn-chat-arxiv JSON or a
    /// daily-arXiv-ai-enhanced day (JSONL; gzip too) as content files.
    Import(ImportArgs),
    /// Write site content out in another format.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Create a paper file skeleton: `new 2404.02424` or `new my-slug`.
    New(NewArgs),
    /// Create a new site, with an example paper and a GitHub Pages workflow.
    Init(InitArgs),
    /// Print a completion script for a shell: `digest-site completions bash > ...`.
    Completions(CompletionsArgs),
}

/// Where the site is and the overrides every building command shares.
#[derive(Debug, Args, Clone)]
pub struct SiteArgs {
    /// Base URL to build for, e.g. https://user.github.io/repo/ (overrides site.yaml).
    #[arg(long, value_name = "URL", value_parser = base_url)]
    pub base_url: Option<String>,
    /// Include drafts.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output folder (overrides site.yaml's output_dir).
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// How to print problems: `human` (default), `github` (GitHub Actions annotations, the
    /// default when GITHUB_ACTIONS=true) or `json` (one document on stdout).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<CheckFormat>,
    /// Also check that every http(s) link of the Markdown bodies answers (needs the network).
    #[arg(long)]
    pub external_links: bool,
    /// Seconds each external link may take (1 to 3600).
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 10,
        value_parser = clap::value_parser!(u64).range(1..=3600),
        requires = "external_links"
    )]
    pub link_timeout: u64,
    /// Ask every external link again, ignoring the cache of links that answered.
    #[arg(long, requires = "external_links")]
    pub no_link_cache: bool,
    /// Also list, as warnings, the papers with translations or an analysis (texts a tool
    /// may have written) but no `generated:` saying so.
    #[arg(long)]
    pub list_unmarked: bool,
}

/// The output forms of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// rustc-style diagnostics on stderr.
    Human,
    /// `::error file=…,line=…,col=…::…` lines on stdout (and the human form on stderr).
    Github,
    /// A JSON document on stdout.
    Json,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on; 127.0.0.1 keeps the site private to this machine.
    #[arg(long, value_name = "IP", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Port to listen on (the next free one is taken when it is busy).
    #[arg(long, short = 'p', default_value_t = 1111)]
    pub port: u16,
    /// The base URL the site is published at, if not site.yaml's (links to it count as
    /// links into the site; the preview itself is served from this server).
    #[arg(long, value_name = "URL", value_parser = base_url)]
    pub base_url: Option<String>,
    /// Open the site in a browser.
    #[arg(long)]
    pub open: bool,
    /// Include drafts.
    #[arg(long)]
    pub drafts: bool,
    /// Also answer requests for this host name (repeatable): `example.com`, `.example.com`
    /// (or `*.example.com`) for it and every name under it, or `all`. localhost, names under .localhost and IP
    /// addresses are always answered.
    #[arg(long = "allowed-host", value_name = "NAME")]
    pub allowed_hosts: Vec<digest_server::AllowedHost>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Files to import (Markdown digests; arXiv XML: API responses, RSS or Atom feeds;
    /// cn-chat-arxiv paper JSON or JSONL; daily-arXiv-ai-enhanced JSONL; digest-site JSONL;
    /// `.gz` is read decompressed) and folders of them.
    #[arg(required_unless_present = "git_history", value_name = "PATH")]
    pub files: Vec<PathBuf>,
    /// Import every committed version of FILE, one digest per day, dated by its commit.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["files", "date"])]
    pub git_history: Option<PathBuf>,
    /// With --git-history: leave out each version that cannot be read, with a warning
    /// naming its commit, instead of stopping the import.
    // `requires` alone lets it pass beside files (a conflict of theirs with --git-history
    // lifts the requirement): it conflicts with them too.
    #[arg(long, requires = "git_history", conflicts_with = "files")]
    pub skip_unreadable: bool,
    /// Replace existing files' front matter with the imported one (the body is kept).
    #[arg(long)]
    pub force: bool,
    /// Show what would be written; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Date of an imported digest, YYYY-MM-DD (default: a date in the file name, else today).
    #[arg(long, value_name = "DATE", value_parser = date)]
    pub date: Option<String>,
    /// Name of an imported digest's source, e.g. cs.AI (default: the file name without its
    /// date; "" names the digest by its date alone).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Read the inputs as another site's paper files (Jekyll, Hugo, ...), through this
    /// mapping of their fields (docs/import-export.md).
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// A digest in the seed's Markdown form (summary table, then details).
    Markdown(ExportMarkdownArgs),
    /// Every paper as one JSON line in digest-site's schema (`import` reads it back).
    Jsonl(ExportJsonlArgs),
}

#[derive(Debug, Args)]
pub struct ExportJsonlArgs {
    /// Write to this file instead of standard output (a new file, unless --force).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the file `-o` names when it exists.
    #[arg(long, requires = "output")]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ExportMarkdownArgs {
    /// The digest's slug or file (default: the latest digest).
    pub digest: Option<String>,
    /// Write to this file instead of standard output (a new file, unless --force).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the file `-o` names when it exists.
    #[arg(long, requires = "output")]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// An arXiv id (2404.02424, hep-th/9901001) or a slug for a paper not on arXiv.
    #[arg(value_parser = paper_name)]
    pub name: String,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the site in (default: `--root`, else the current folder).
    pub dir: Option<PathBuf>,
    /// Write into a folder that is not empty: no file there is replaced (a `.gitignore` gets
    /// the lines it lacks; ours of another file goes beside it, as `<name>.digest-site`).
    #[arg(long)]
    pub force: bool,
    /// Leave out the example paper and digest.
    #[arg(long)]
    pub empty: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// A `--base-url` value, checked as `base_url` of site.yaml is: a malformed one is a usage
/// error (status 2), told before anything is read.
fn base_url(value: &str) -> Result<String, String> {
    digest_core::config::check_base_url(value).map(|()| value.to_string())
}

/// An `import --date` value, checked as the import reads it: a malformed one is a usage
/// error (status 2), told before anything is read.
fn date(value: &str) -> Result<String, String> {
    digest_core::import::check_date_option(value).map(|()| value.to_string())
}

/// The paper `new` is given, checked as `new` reads it: one that is neither an arXiv id
/// nor a slug is a usage error (status 2), told before the site is read.
fn paper_name(value: &str) -> Result<String, String> {
    digest_core::scaffold::check_paper_name(value).map(|()| value.to_string())
}
