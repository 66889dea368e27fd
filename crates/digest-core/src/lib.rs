//! `digest-core`: everything `digest-site` does except the command line and the server.
//!
//! The crate is a forward pipeline, one module per stage; data flows from top to bottom
//! and no stage reaches back. Module names written as code (`load`) are the crate's own;
//! the linked ones are public (see *The public face* below).
//!
//! | stage | module | owns |
//! |---|---|---|
//! | config | [`config`] | `site.yaml`: finding, parsing, defaults |
//! | load | `load` (+ [`frontmatter`], `yaml`) | walking `content/`, splitting and parsing front matter |
//! | validate | `validate` (+ `locate`) | every content rule, as located diagnostics |
//! | lint | `lint` | warnings that never fail a build: math that does not parse, translations that lost their math |
//! | model | `model` | the site graph: papers, digests, tags, pages, URLs |
//! | links | `links` | internal links of Markdown bodies reach pages of the site |
//! | render | `render` (+ `markdown`, `arxiv_text`, `cite`, `labels`, `escape`) | output files and their bytes (askama templates from `themes/default/templates`); Markdown bodies, the arXiv text of front matter, citations, HTML escaping for what no template writes |
//! | search | `search` | the sharded search index of the papers (after render, into the same staged output) |
//! | write | `write` | the output folder: two trees swapped atomically, the record of the files written, nothing else removed |
//!
//! Beside the pipeline: [`import`] turns Markdown digests and arXiv feeds into content
//! files, [`export`] writes a digest back in the seed's Markdown form, and [`scaffold`]
//! creates new sites (`init`) and paper skeletons (`new`).
//!
//! Used across stages, and so owned by none of them:
//!
//! | module | owns | used by |
//! |---|---|---|
//! | `rules` | what a slug is, how a date is read, how a tag or a category becomes a URL segment | validate, model, incremental, import, scaffold, markdown, xtask ([`is_slug`]) |
//! | `arxiv` | arXiv ids and paper ids, abstract URLs, submission years, announce types; the announcement line and the old listing title, written and parsed in one place | validate, model, render, cite, import, export, scaffold |
//! | `files` | a folder's files as sorted `/`-separated relative paths | pipeline (`static/`), search (the published bundle) |
//! | `line_breaks` | which line breaks are no space (between Chinese or Japanese characters) | arxiv_text, markdown, search |
//! | `script` | whether a text reads as Chinese or as English (a Chinese text filed as English) | import, lint |
//! | [`content_file`] | a content file's text (front matter and body); writing a file atomically | import, scaffold, export, the `export` command |
//! | `provenance` | `generated:`: which texts an entry covers, its checks, the words of its marks, papers without one | validate, model, render, cite, `check --list-unmarked` ([`list_unmarked`]) |
//!
//! [`pipeline`] runs the stages, the same for every command: into the output folder
//! (`build`), into memory for the dev server (`serve`, with in-place edits of papers), or
//! nowhere (`check`). [`sources`] names the site's folders and which files in them count.
//! [`Diagnostic`] (module `diagnostic`) is the one error type for content problems (file,
//! line, column, message, hint), rendered in rustc's style.
//!
//! # The public face
//!
//! What the command line (`digest-site`), the dev server (`digest-server`), xtask and the
//! test suites use, and nothing else; every other module is the crate's own, so that its
//! stages can change without a change to another crate.
//!
//! - [`pipeline`]: [`build_site`], [`check_site`] and their `_showing` forms, the
//!   [`MemorySite`](pipeline::MemorySite) that the dev server serves and updates, and the
//!   types they take and give ([`BuildOptions`], [`BuildReport`], `Progress`, …);
//! - [`config`]: [`load_config`], [`find_site_root`], [`SiteConfig`];
//! - [`sources`]: the site's folders and what a changed file is to the site (the watcher);
//! - [`import`], [`export`], [`scaffold`]: the `import`, `export`, `init` and `new`
//!   commands; [`content_file::write_atomically`] for what `export` writes;
//! - [`frontmatter`] and [`parse_document`]: the content files' types, and reading one back;
//! - [`Diagnostic`], [`Diagnostics`], [`Severity`]: every problem, located;
//! - [`is_slug`]: what a slug is (xtask names the papers of its benchmark sites with it).

pub mod config;
pub mod content_file;
pub mod export;
pub mod frontmatter;
pub mod import;
pub mod pipeline;
pub mod scaffold;
pub mod sources;

mod arxiv;
mod arxiv_text;
mod cite;
mod customize;
mod diagnostic;
mod escape;
mod files;
#[cfg(test)]
mod fuzz;
mod hook_html;
mod labels;
mod line_breaks;
mod links;
mod lint;
mod load;
mod locate;
mod markdown;
mod model;
mod provenance;
mod render;
mod rules;
mod script;
mod search;
mod validate;
mod write;
mod yaml;

pub use config::{SiteConfig, find_site_root, load_config};
pub use diagnostic::{Diagnostic, Diagnostics, Severity, WarningKind};
pub use load::{Document, parse_document};
pub use pipeline::{BuildOptions, BuildReport, build_site, check_site};
pub use provenance::list_unmarked;
pub use rules::is_slug;
