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
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into its output folder (default: public/).
    Build(BuildArgs),
    /// Validate content and internal links; write nothing.
    Check(CheckArgs),
    /// Serve the site locally, rebuilding on every save and reloading open pages.
    Serve(ServeArgs),
}

/// Where the site is and the overrides every building command shares.
#[derive(Debug, Args, Clone)]
pub struct SiteArgs {
    /// The site's folder (default: the folder holding site.yaml, from here upwards).
    #[arg(long, short = 'r', value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Base URL to build for, e.g. https://user.github.io/repo/ (overrides site.yaml).
    #[arg(long, value_name = "URL")]
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
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site's folder (default: the folder holding site.yaml, from here upwards).
    #[arg(long, short = 'r', value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Address to listen on; 127.0.0.1 keeps the site private to this machine.
    #[arg(long, value_name = "IP", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Port to listen on (the next free one is taken when it is busy).
    #[arg(long, short = 'p', default_value_t = 1111)]
    pub port: u16,
    /// Open the site in a browser.
    #[arg(long)]
    pub open: bool,
    /// Include drafts.
    #[arg(long)]
    pub drafts: bool,
}
