//! Search: a static index of the papers, cut into small files that the browser fetches
//! only for the words of a query.
//!
//! The index is built from the papers themselves (not from rendered pages), so it costs a
//! fraction of a second even at tens of thousands of papers, and what one query transfers
//! does not grow with the site: a small manifest, the one or two term chunks that hold the
//! query's words, and the cards of the results shown.
//!
//! Hand-written: the bundle's format is ours, and the theme's `search.js` reads it and
//! splits queries into words by the same rules
//! ([`for_each_term`](tokenize::for_each_term)). No crate writes an index that a static
//! page queries by fetching only the chunks it needs (Pagefind, which indexes rendered
//! pages, was slower and transferred more: docs/performance.md).
//!
//! One way in: a [`SearchInput`] borrows the indexed fields of the papers, oldest first,
//! either from a [`Site`](crate::model::Site) in place (`build`: nothing copied) or from the
//! [`SearchDoc`]s that the dev server keeps between rebuilds (replacing only those of
//! edited papers). Its [`fingerprint`](SearchInput::fingerprint) says whether the bundle
//! already published can stay ([`previous_bundle`]); [`build_bundle`] makes the files; and
//! when papers changed, [`build_bundle_over`] keeps the segments of the bundle built
//! before whose papers did not change and indexes only the others.
//!
//! The bundle, in the output's `search/` folder:
//!
//! | file | holds |
//! |---|---|
//! | `index.json` | the manifest: paper count, the segments with the first term of every term chunk of each, the build id, the categories with their paper counts |
//! | `t/<s>/<k>.bin` | term chunk `k` of the segment whose papers begin at number `s`: terms in sorted order, each with the segment's papers that contain it (`#cs.cv`: the papers of a category) |
//! | `d/<k>.json` | result cards of papers `k·DOC_SHARD` ..: link, titles, summaries, id, date, categories, newest digest |
//! | `digest-site-input.txt` | the fingerprint of the input, then of each segment's papers ([`FINGERPRINT_FILE`](bundle::FINGERPRINT_FILE)) |
//!
//! Papers are numbered oldest first, so adding new papers (the daily case) leaves the
//! cards of older ones where they were; and the terms are indexed in segments of papers
//! cut by the paper count alone (`bundle::segments`), so it leaves the term chunks of
//! every segment but the last as they were too.
//!
//! | file | owns |
//! |---|---|
//! | `input.rs` | [`SearchDoc`], [`SearchInput`]: the papers' indexed fields, the card and terms of each, the fingerprint |
//! | `tokenize.rs` | [`for_each_term`](tokenize::for_each_term): words and pairs of CJK characters, folded (mirrored by `search.js`) |
//! | `term_table.rs` | `TermTable`: terms with a value each, kept in one string (a paper's terms, the postings) |
//! | `bundle.rs` | [`build_bundle`]: postings, term chunks, card files, the manifest |
//! | `previous.rs` | [`previous_bundle`]: whether the published bundle can be kept |

mod bundle;
mod input;
mod previous;
mod term_table;
mod tokenize;

pub use bundle::{BUNDLE_DIR, build_bundle};
pub use input::{SearchDoc, SearchInput};
pub use previous::{build_bundle_over, previous_bundle};
