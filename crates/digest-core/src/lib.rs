//! `digest-core`: everything `digest-site` does except the command line and the server.
//!
//! The crate is a forward pipeline, one module per stage; data flows from top to bottom
//! and no stage reaches back:
//!
//! | stage | module | owns |
//! |---|---|---|
//! | config | [`config`] | `site.yaml`: finding, parsing, defaults |
//! | load | [`load`] (+ [`frontmatter`], [`yaml`]) | walking `content/`, splitting and parsing front matter |
//! | validate | [`validate`] (+ [`locate`]) | every content rule, as located diagnostics |
//! | lint | [`lint`] | warnings that never fail a build: math that does not parse, translations that lost their math |
//! | model | [`model`] | the site graph: papers, digests, tags, pages, URLs |
//! | links | [`links`] | internal links of Markdown bodies reach pages of the site |
//! | render | [`render`] (+ [`markdown`], [`arxiv_text`], [`cite`], [`labels`], [`escape`]) | output files and their bytes (askama templates from `themes/default/templates`); Markdown bodies, the arXiv text of front matter, citations, HTML escaping for what no template writes |
//! | search | [`search`] | the sharded search index of the papers (after render, into the same staged output) |
//! | write | [`write`](mod@write) | the output folder: two trees swapped atomically, the record of the files written, nothing else removed |
//!
//! Beside the pipeline: [`import`] turns Markdown digests and arXiv feeds into content
//! files, [`export`] writes a digest back in the seed's Markdown form, and [`scaffold`]
//! creates new sites (`init`) and paper skeletons (`new`).
//!
//! Used across stages, and so owned by none of them:
//!
//! | module | owns | used by |
//! |---|---|---|
//! | [`rules`] | what a slug is, how a date is read, how a tag becomes a URL segment | validate, model, incremental, import, scaffold, markdown, xtask |
//! | [`arxiv`] | arXiv ids and paper ids, abstract URLs, submission years, announce types; the announcement line and the old listing title, written and parsed in one place | validate, model, render, cite, import, export, scaffold |
//! | [`files`] | a folder's files as sorted `/`-separated relative paths | pipeline (`static/`), search (the published bundle) |
//! | [`content_file`] | a content file's text (front matter and body); writing a file atomically | import, scaffold, export |
//! | [`provenance`] | `generated:`: which texts an entry covers, its checks, the words of its marks, papers without one | validate, model, render, cite, `check --list-unmarked` |
//!
//! [`pipeline`] runs the stages, the same for every command: into the output folder
//! (`build`), into memory for the dev server (`serve`, with in-place edits of papers), or
//! nowhere (`check`). [`sources`] names the site's folders and which files in them count.
//! [`diagnostic`] is the one error type for content problems (file, line, column, message,
//! hint), rendered in rustc's style.

pub mod arxiv;
pub mod arxiv_text;
pub mod cite;
pub mod config;
pub mod content_file;
pub mod customize;
pub mod diagnostic;
pub mod escape;
pub mod export;
pub mod files;
pub mod frontmatter;
pub mod import;
pub mod labels;
pub mod links;
pub mod lint;
pub mod load;
pub mod locate;
pub mod markdown;
pub mod model;
pub mod pipeline;
pub mod provenance;
pub mod render;
pub mod rules;
pub mod scaffold;
pub mod search;
pub mod sources;
pub mod validate;
pub mod write;
pub mod yaml;

pub use config::{SiteConfig, find_site_root, load_config};
pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use model::Site;
pub use pipeline::{BuildOptions, BuildReport, LoadedSite, build_site, check_site, load_site};
