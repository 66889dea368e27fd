//! arXiv text: the prose of front matter (titles, summaries, abstracts) as arXiv writes
//! it, to HTML, to plain text, and to the list of its math spans.
//!
//! The name says what the input is. These texts are not Markdown (that is
//! [`crate::markdown`], for bodies) but arXiv's own mix: prose with LaTeX math (`$...$`,
//! `$$...$$`, `\(...\)`, `\[...\]`) and LaTeX text macros (`\emph{}`,
//! ``` ``quotes'' ```, `~`, `--`, `\%`, ...), in the original and in translations; and
//! what authors write as in plain text or Markdown: addresses (`https://...`, kept as
//! written and linked) and code in backquotes (`` `spotRiver` ``).
//!
//! Hand-written, because no crate converts arXiv's text macros (pulldown-latex does the
//! math, and only the math). One scanner serves every output: math becomes MathML at
//! build time, known text macros become HTML, and anything it does not understand (an
//! unknown macro, a brace that never closes, math that does not parse) is shown as
//! written. Everything from the text is HTML-escaped ([`crate::escape`]); nothing is ever
//! dropped.
//!
//! | file | owns |
//! |---|---|
//! | `html.rs` | [`render_inline`], [`render_block`], [`render_block_source_math`]: HTML, and paragraphs |
//! | `plain.rs` | [`plain()`]: plain text |
//! | `math.rs` | math → MathML ([`render_math`]), [`check_math`], [`math_spans`], [`math_and_prose_spans`], and which math holds prose |
//! | `scanner.rs` | the one-pass scanner: runs of text, whitespace, quotes, code, dashes, `$` and which pairs are math, braces |
//! | `urls.rs` | where the addresses written out in a text start and end |
//! | `commands.rs` | the scanner's backslash commands: escapes, accents, macros, links |
//! | `macros.rs` | the tables of the text macros known |

mod commands;
mod html;
mod macros;
mod math;
mod plain;
mod scanner;
#[cfg(test)]
mod tests;
mod urls;

pub use html::{render_block, render_block_source_math, render_inline};
pub use math::{
    MathSpan, check_math, math_and_prose_spans, math_spans, render_math, render_math_delimited,
};
pub use plain::plain;
