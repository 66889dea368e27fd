//! Fuzz targets for what digest-site reads from users and from arXiv: a paper file (front
//! matter, then validation), a Markdown digest to import, an arXiv XML feed to import, and
//! the arXiv text scanner (LaTeX-ish text to HTML and MathML).
//!
//! Unit tests of the crate (`fuzz::paper`, `fuzz::markdown_digest`, `fuzz::arxiv_feed`,
//! `fuzz::text`), because what they call is the crate's own and not its public face. Each
//! target runs for a set time rather than to an assertion. The engine installs a
//! process-wide panic hook (to catch and shrink panics) that only records the panics of its
//! own fuzzing thread and hands every other panic to the hook it replaced, so the crate's
//! other unit tests, which share the process, report their panics as usual.
//!
//! `cargo test` runs each target for a few seconds (`FUZZ_SECONDS`, default 2.5): every seed
//! of `src/fuzz/corpus/<target>/`, then mutants of them. A longer run, a replay of a
//! saved input, and adding seeds: docs/fuzzing.md. The engine, and why it is our own:
//! `engine.rs`; its mutations: `mutate.rs`.
//!
//! Every target checks that nothing panics, and cheap invariants besides:
//! - diagnostics point into the file: a line that exists (or just past the end), a column
//!   from 1, the line shown is that line of the file, and the rendered message names
//!   `path:line:column`;
//! - the quick reading of plain front matter (`yaml::read_simple`), when it reads a paper's
//!   front matter, reads what the full YAML parser reads;
//! - what an importer returns loads back and is written again identically;
//! - the text scanner's HTML is well-formed, has only the elements it knows (no `<script>`,
//!   no event attributes, links only to http(s)), no control characters of its own, and its math spans
//!   are ranges of the text.
//!
//! | file | holds |
//! |---|---|
//! | `paper_file.rs` | the `paper` target: a paper file loaded and validated |
//! | `importers.rs` | the `markdown_digest` and `arxiv_feed` targets: `import::parse_source`, and what it returns written and loaded back |
//! | `text_scanner.rs` | the `text` target: the arXiv text scanner's HTML, plain text and math spans |
//! | `engine.rs`, `mutate.rs` | the engine: seeds, the mutation loop, shrinking, saving, replaying |

mod engine;
mod importers;
mod mutate;
mod paper_file;
mod text_scanner;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostics;
use engine::{Settings, Target};
use importers::{ARXIV_FEED, MARKDOWN_DIGEST};
use paper_file::PAPER;
use text_scanner::TEXT;

fn corpus_dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src/fuzz/corpus")
        .join(target)
}

/// Fuzzes `target` (or replays `FUZZ_REPLAY`), prints the summary, fails on a failure.
fn run(target: &'static Target) {
    if let Ok(path) = std::env::var("FUZZ_REPLAY") {
        // `cargo test` runs tests in the crate's folder: a relative path may also be meant
        // from the workspace root.
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let root = root.canonicalize().unwrap_or(root);
        let path = [Path::new(&path).to_path_buf(), root.join(&path)]
            .into_iter()
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("FUZZ_REPLAY={path}: no such file or folder"));
        let results = engine::replay(target, &path);
        let mut failed = 0;
        for (file, result) in &results {
            match result {
                Ok(outcome) => {
                    engine::announce(&format!("replay {}: ok ({outcome})", file.display()))
                }
                Err(failure) => {
                    failed += 1;
                    engine::announce(&format!("replay {}: {failure}", file.display()));
                }
            }
        }
        assert!(
            failed == 0,
            "{failed} of {} replayed inputs fail",
            results.len()
        );
        return;
    }
    let settings = Settings::from_env();
    let seeds: Vec<Vec<u8>> = engine::read_corpus(&corpus_dir(target.name))
        .into_iter()
        .map(|(_, bytes)| bytes)
        .collect();
    let dir = corpus_dir(target.name);
    assert!(!seeds.is_empty(), "no seeds in {}", dir.display());
    // First, so that a crash that ends the process still leaves the seed that reproduces it.
    engine::announce(&format!(
        "fuzz {}: {} seeds, up to {} s, FUZZ_SEED={}",
        target.name,
        seeds.len(),
        settings.seconds,
        settings.seed
    ));
    let report = engine::fuzz(target, seeds, &settings);
    engine::announce(&report.summary());
    if let Some(failure) = report.failure_text() {
        panic!("{failure}");
    }
}

#[test]
fn paper() {
    run(&PAPER);
}

#[test]
fn markdown_digest() {
    run(&MARKDOWN_DIGEST);
}

#[test]
fn arxiv_feed() {
    run(&ARXIV_FEED);
}

#[test]
fn text() {
    run(&TEXT);
}

/// The engine itself: from a seed it finds a planted panic (an inserted token), shrinks the
/// input to what triggers it, saves it, and the saved file replays to the same failure.
#[test]
fn harness_finds_shrinks_and_replays_a_planted_panic() {
    fn planted(input: &[u8]) -> Result<String, String> {
        if input.len() > 3 && input.windows(3).any(|w| w == b"<b>") {
            panic!("planted");
        }
        Ok(String::new())
    }
    static PLANTED: Target = Target {
        name: "planted",
        dictionary: &["<b>"],
        max_len: 256,
        run: planted,
    };
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        seconds: 30.0,
        runs: None,
        seed: 1,
        max_len: None,
        timeout: std::time::Duration::from_secs(10),
        failure_dir: dir.path().to_path_buf(),
        trace: false,
    };
    let report = engine::fuzz(
        &PLANTED,
        vec![b"a seed without the token".to_vec()],
        &settings,
    );
    let (input, failure, path) = report.failure.expect("the planted panic is found");
    assert!(
        matches!(&failure, engine::Failure::Panic { message, location }
            if message == "planted" && location.contains("mod.rs")),
        "{failure:?}"
    );
    assert_eq!(
        input.len(),
        4,
        "shrunk to the token and one byte: {input:?}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), input);
    let replayed = engine::replay(&PLANTED, &path);
    assert!(
        matches!(replayed.as_slice(), [(p, Err(engine::Failure::Panic { .. }))] if *p == path),
        "{replayed:?}"
    );
    // A run that finds nothing stops at its budget and keeps mutants with new outcomes.
    static LENGTHS: Target = Target {
        name: "lengths",
        dictionary: &["x"],
        max_len: 256,
        run: |input| Ok(input.len().to_string()),
    };
    let settings = Settings {
        runs: Some(50),
        ..settings
    };
    let report = engine::fuzz(&LENGTHS, vec![b"abc".to_vec()], &settings);
    assert!(report.failure.is_none());
    assert_eq!(report.executions, 50, "{report:?}");
    assert!(report.kept > 0, "{report:?}");
}

// ---------------------------------------------------------------------------------------
// Diagnostics

/// The diagnostics about `text` (shown as `shown`) point into it, and render with their
/// location.
fn check_diagnostics(shown: &Path, text: &str, diags: &Diagnostics) -> Result<(), String> {
    let lines: Vec<&str> = text.lines().collect();
    for (n, d) in diags.iter().enumerate() {
        if d.message.trim().is_empty() {
            return Err(format!("message: a diagnostic without a message: {d:?}"));
        }
        // Rendering is the slow part: the first few diagnostics of an input are enough.
        let rendered = if n < 20 {
            Diagnostics::from(d.clone()).render(false)
        } else {
            String::new()
        };
        if d.line == 0 {
            continue;
        }
        if d.path != shown {
            continue;
        }
        if d.column == 0 {
            return Err(format!("column: column 0 in {d:?}"));
        }
        if d.line > lines.len() + 1 {
            return Err(format!(
                "line: line {} of a file of {} lines: {d:?}",
                d.line,
                lines.len()
            ));
        }
        let actual = lines.get(d.line - 1).copied().unwrap_or("");
        if d.source_line != crate::diagnostic::shown_line(actual, d.column) {
            return Err(format!(
                "source line: the diagnostic at line {} shows {:?}, the file has {:?}: {d:?}",
                d.line, d.source_line, actual
            ));
        }
        let location = format!("{}:{}:{}", shown.display(), d.line, d.column);
        if n < 20 && !rendered.contains(&location) {
            return Err(format!(
                "rendered location: {location} is not in the rendered diagnostic:\n{rendered}"
            ));
        }
    }
    Ok(())
}

/// The messages of `diags`, without the values in them (digits, quoted parts): the outcome
/// class that decides whether a mutant is kept.
fn outline(diags: &Diagnostics) -> String {
    let messages: BTreeSet<String> = diags.iter().map(|d| normalize(&d.message)).collect();
    format!("{messages:?}")
}

fn normalize(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut quoted = false;
    for c in message.chars() {
        match c {
            '`' => {
                quoted = !quoted;
                out.push('`');
            }
            _ if quoted => {}
            c if c.is_ascii_digit() => {
                if !out.ends_with('0') {
                    out.push('0');
                }
            }
            c => out.push(c),
        }
    }
    out
}
