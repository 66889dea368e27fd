//! Fuzz targets for what digest-site reads from users and from arXiv: a paper file (front
//! matter, then validation), a Markdown digest to import, an arXiv XML feed to import, and
//! the arXiv text scanner (LaTeX-ish text to HTML and MathML).
//!
//! `cargo test` runs each target for a few seconds (`FUZZ_SECONDS`, default 2.5): every seed
//! of `tests/fuzz/corpus/<target>/`, then mutants of them. A longer run, a replay of a
//! saved input, and adding seeds: docs/fuzzing.md. The engine, and why it is our own:
//! `engine.rs`.
//!
//! Every target checks that nothing panics, and cheap invariants besides:
//! - diagnostics point into the file: a line that exists (or just past the end), a column
//!   from 1, the line shown is that line of the file, and the rendered message names
//!   `path:line:column`;
//! - what an importer returns loads back and is written again identically;
//! - the text scanner's HTML is well-formed, has only the elements it knows (no `<script>`,
//!   no event attributes, links only to http(s)), no control characters of its own, and its math spans
//!   are ranges of the text.

mod engine;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use digest_core::content_file::content_file;
use digest_core::import::{ImportOptions, parse_source};
use digest_core::load::{Document, LoadedContent, LoadedFile, parse_document, parse_file};
use digest_core::sources::ContentKind;
use digest_core::{Diagnostics, SiteConfig, arxiv_text, validate};
use serde::Serialize;
use serde::de::DeserializeOwned;

use engine::{Settings, Target};

fn corpus_dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz/corpus")
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
            if message == "planted" && location.contains("main.rs")),
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
// Paper files

static PAPER: Target = Target {
    name: "paper",
    dictionary: &[
        "---\n",
        "...\n",
        "\n",
        "id: ",
        "\"2404.02424\"",
        "'2404.02424'",
        "hep-th-9901001",
        "title:",
        "title: ",
        "summary:",
        "abstract:",
        "\n  en: ",
        "\n  zh: ",
        "\n  fr: ",
        "en: ",
        "zh: ",
        "url: ",
        "authors: [",
        "authors:\n  - ",
        "date: ",
        "2024-04-04",
        "2024-02-30",
        "arxiv:",
        "\n  id: ",
        "\n  version: ",
        "\n  announce: ",
        "new",
        "cross",
        "replace-cross",
        "\n  categories: [cs.CV, cs.LG]",
        "\n  doi: ",
        "\n  journal_ref: ",
        "\n  comment: ",
        "\n  published: ",
        "\n  updated: ",
        "tags: [",
        "tags:\n  - ",
        "links:\n  code: ",
        "https://github.com/a/b",
        "http://",
        "mailto:a@b.c",
        "javascript:alert(1)",
        "draft: true",
        "draft: yes",
        "{ ",
        " }",
        "[",
        "]",
        ", ",
        ": ",
        "\"",
        "'",
        "|\n  ",
        ">-\n  ",
        "&a ",
        "*a",
        "!!binary ",
        "!!str ",
        "!!map ",
        "? ",
        "- ",
        "~",
        "null",
        "\"\\0\"",
        "\"\\u0001\"",
        "\"\\x85\"",
        "\\",
        "#",
        "%YAML 1.2\n",
        "<<: ",
        "  ",
        "\t",
        "\r\n",
        "\u{feff}",
        "$x^2$",
        "中文",
        "键: ",
    ],
    max_len: 6000,
    run: paper_target,
};

fn site_config() -> &'static SiteConfig {
    static CONFIG: OnceLock<SiteConfig> = OnceLock::new();
    CONFIG.get_or_init(|| SiteConfig::with_defaults(Path::new("site")))
}

fn paper_target(input: &[u8]) -> Result<String, String> {
    let shown = Path::new("content/papers/fuzz.md");
    let text = String::from_utf8_lossy(input);
    match parse_file(shown, input.to_vec(), ContentKind::Paper) {
        Err(diags) => {
            check_diagnostics(shown, &text, &diags)?;
            Ok(format!("load {}", outline(&diags)))
        }
        Ok(LoadedFile::Paper(doc)) => {
            let content = LoadedContent {
                papers: vec![doc],
                ..LoadedContent::default()
            };
            let diags = validate::validate(site_config(), &content);
            check_diagnostics(shown, &text, &diags)?;
            Ok(format!("validate {}", outline(&diags)))
        }
        Ok(_) => Err("kind: a paper file did not load as a paper".into()),
    }
}

// ---------------------------------------------------------------------------------------
// Importers

static MARKDOWN_DIGEST: Target = Target {
    name: "markdown_digest",
    dictionary: &[
        "# 摘要\n\n",
        "# 详细\n\n",
        "| Ref | Title | Summary |\n",
        "| --- | --- | --- |\n",
        "|:---|:--:|---:|\n",
        "| [^1] | ",
        "| [^2] | ",
        "[^1]",
        "[^99]",
        "[^]",
        " | ",
        " |\n",
        "|",
        "\\|",
        "[English title](https://arxiv.org/abs/2404.02424)",
        "](",
        ")",
        "https://arxiv.org/abs/2404.02424",
        "https://arxiv.org/abs/2404.02424v3",
        "http://arxiv.org/abs/hep-th/9901001",
        "https://example.org/x",
        "[^1]: ",
        "[^2]: ",
        "\n    ",
        "    ",
        "\n\n",
        "\n",
        "[https://arxiv.org/abs/2404.02424](https://arxiv.org/abs/2404.02424)",
        "arXiv:2404.02424v1 Announce Type: new  Abstract: ",
        "arXiv:2404.02424v2 Announce Type: replace-cross \nAbstract: ",
        "Announce Type: ",
        "Abstract: ",
        "Title. (arXiv:2401.14555v1 [cs.CV] UPDATED)",
        " (arXiv:2401.14555v1 [cs.CV] CROSS LISTED)",
        "(arXiv:",
        " [cs.CV]",
        "UPDATED",
        "hep-th/9901001",
        "2404.02424",
        "v0",
        "v99999999999",
        "中文标题",
        "一句话总结",
        "$x^2$",
        "\\emph{x}",
        "*",
        "_",
        "`",
        "<b>",
        "&amp;",
        "\t",
        "\r\n",
        "\u{feff}",
        "<",
        "{",
        "---\n",
    ],
    max_len: 8000,
    run: markdown_digest_target,
};

static ARXIV_FEED: Target = Target {
    name: "arxiv_feed",
    dictionary: &[
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:arxiv=\"http://arxiv.org/schemas/atom\" xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\">",
        "</feed>",
        "<entry>",
        "</entry>",
        "<id>",
        "</id>",
        "<title>",
        "</title>",
        "<summary>",
        "</summary>",
        "<author><name>",
        "</name></author>",
        "<published>",
        "</published>",
        "<updated>",
        "</updated>",
        "2024-04-03T17:59:58Z",
        "2024-04-03",
        "Wed, 03 Apr 2024 00:00:00 -0400",
        "<link href=\"http://arxiv.org/abs/2404.02424v1\" rel=\"alternate\" type=\"text/html\"/>",
        "<link title=\"pdf\" href=\"http://arxiv.org/pdf/2404.02424v1\" rel=\"related\"/>",
        "<arxiv:primary_category term=\"cs.CV\"/>",
        "<category term=\"cs.LG\"/>",
        "<arxiv:comment>",
        "</arxiv:comment>",
        "<arxiv:doi>",
        "</arxiv:doi>",
        "<arxiv:journal_ref>",
        "</arxiv:journal_ref>",
        "<arxiv:announce_type>",
        "</arxiv:announce_type>",
        "<opensearch:totalResults>",
        "</opensearch:totalResults>",
        "oai:arXiv.org:2404.02424v1",
        "http://arxiv.org/abs/2404.02424v1",
        "http://arxiv.org/api/errors#incorrect_id_format",
        "https://rss.arxiv.org/atom/cs.AI",
        "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:arxiv=\"http://arxiv.org/schemas/atom\" xmlns:atom=\"http://www.w3.org/2005/Atom\">",
        "</rss>",
        "<channel>",
        "</channel>",
        "<item>",
        "</item>",
        "<description>",
        "</description>",
        "<link>",
        "</link>",
        "<guid>",
        "</guid>",
        "<dc:creator>",
        "</dc:creator>",
        "<pubDate>",
        "</pubDate>",
        "<category>",
        "</category>",
        "arXiv:2404.02424v1 Announce Type: new \nAbstract: ",
        "Announce Type: replace-cross",
        "<![CDATA[",
        "]]>",
        "&amp;",
        "&lt;",
        "&#x3b1;",
        "&#0;",
        "&#xD800;",
        "&#1114112;",
        "&unknown;",
        "&",
        "<!-- x -->",
        "<!DOCTYPE feed [<!ENTITY a \"b\">]>",
        "<?pi x?>",
        " xmlns=\"\"",
        " xmlns:x=\"http://www.w3.org/2005/Atom\"",
        "<x:entry>",
        "</x:entry>",
        "<",
        ">",
        "/>",
        "\"",
        "'",
        "=",
        "\n",
        "hep-th/9901001",
        "2404.02424",
        "中文",
        "$x^2$",
    ],
    max_len: 12000,
    run: arxiv_feed_target,
};

fn markdown_digest_target(input: &[u8]) -> Result<String, String> {
    import_target(Path::new("digests/2024-04-04.md"), input)
}

fn arxiv_feed_target(input: &[u8]) -> Result<String, String> {
    import_target(Path::new("feeds/cs.AI.xml"), input)
}

fn import_target(shown: &Path, input: &[u8]) -> Result<String, String> {
    let text = String::from_utf8_lossy(input);
    let options = ImportOptions {
        date: Some("2024-04-04".into()),
        ..ImportOptions::default()
    };
    match parse_source(shown, input.to_vec(), &options) {
        Err(diags) => {
            check_diagnostics(shown, &text, &diags)?;
            Ok(format!("refused {}", outline(&diags)))
        }
        Ok(imported) => {
            check_diagnostics(shown, &text, &imported.warnings)?;
            let mut fields = BTreeSet::new();
            for paper in &imported.papers {
                reloads("paper", &paper.front)?;
                // Which fields the importer filled: a new combination is a new outcome.
                if let Ok(yaml_serde::Value::Mapping(map)) = yaml_serde::to_value(&paper.front) {
                    fields.extend(map.keys().filter_map(|k| k.as_str().map(str::to_string)));
                }
            }
            if let Some((_, digest)) = &imported.digest {
                reloads("digest", digest)?;
            }
            Ok(format!(
                "{:?} papers {} fields {fields:?} warnings {}",
                imported.kind,
                imported.papers.len().min(3),
                outline(&imported.warnings)
            ))
        }
    }
}

/// The content file an importer would write for `front` loads back, and writing what was
/// loaded gives the same file: nothing is lost or changed on the way.
fn reloads<T: Serialize + DeserializeOwned>(what: &str, front: &T) -> Result<(), String> {
    let file = content_file(front, "");
    let doc: Document<T> =
        parse_document(Path::new("content/papers/imported.md"), &file).map_err(|d| {
            format!(
                "reload: the imported {what} does not load back:\n{file}\n{}",
                d.render(false)
            )
        })?;
    let again = content_file(&doc.front, "");
    if again != file {
        return Err(format!(
            "rewrite: the imported {what} changes when loaded and written again:\n{file}\n-- becomes --\n{again}"
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Text

static TEXT: Target = Target {
    name: "text",
    dictionary: &[
        "$",
        "$$",
        "\\(",
        "\\)",
        "\\[",
        "\\]",
        "{",
        "}",
        "{}",
        "\\",
        "\\\\",
        "\\emph{",
        "\\textbf{",
        "\\textit{",
        "\\texttt{",
        "\\textsc{",
        "\\text{",
        "\\mathrm{",
        "{\\em ",
        "{\\bf ",
        "{\\it ",
        "\\frac{a}{b}",
        "\\frac{",
        "\\sqrt{",
        "\\sqrt[3]{",
        "^",
        "_",
        "^{",
        "_{",
        "\\url{",
        "\\url{https://example.org/a?b=1&c=\"d\"}",
        "\\href{",
        "\\href{https://example.org/}{",
        "\\href{javascript:alert(1)}{x}",
        "\\href{http://a\"onmouseover=\"x}{y}",
        "\\cite{",
        "\\citep{a, b}",
        "\\ref{",
        "\\footnote{",
        "\\textcolor{red}{",
        "\\colorbox{",
        "\\unicode{x2014}",
        "\\unicode{",
        "\\unicode{xD800}",
        "\\unicode{999999999}",
        "\\\"o",
        "\\'{e}",
        "\\`a",
        "\\^{}",
        "\\~{}",
        "\\c{c}",
        "\\v{s}",
        "\\H{o}",
        "\\\"{\\i}",
        "\\ss{}",
        "\\LaTeX{}",
        "\\ldots",
        "~",
        "--",
        "---",
        "``",
        "''",
        "`",
        "'",
        "\\%",
        "\\&",
        "\\_",
        "\\#",
        "\\$",
        "\\,",
        "\\;",
        "\\ ",
        "<script>alert(1)</script>",
        "<SCRIPT",
        "</p>",
        "<",
        ">",
        "&",
        "&amp;",
        "\"",
        "\n",
        "\n\n",
        " ",
        "\t",
        "\\begin{array}{cc} a & b \\\\ c & d \\end{array}",
        "\\begin{pmatrix}",
        "\\end{pmatrix}",
        "\\begin{",
        "\\end{",
        "&",
        "\\left(",
        "\\right)",
        "\\left.",
        "\\mathbb{R}",
        "\\mathcal{O}",
        "\\operatorname{",
        "\\operatorname*{arg\\,max}",
        "\\displaystyle",
        "\\limits",
        "\\sum_{i=1}^{n}",
        "\\int_0^1",
        "\\alpha",
        "\\mathbf{x}",
        "\\boldsymbol{\\theta}",
        "\\overline{",
        "\\hat{",
        "\\tilde{",
        "\\mathrm{d}",
        "\\{",
        "\\}",
        "\\|",
        "\\lvert",
        "\\rangle",
        "\\not",
        "\\color{red}",
        "\\newcommand",
        "\\def",
        "\\verb|x|",
        "\\label{",
        "\\tag{1}",
        "\\\\[2pt]",
        "\\hspace{1em}",
        "\\kern",
        "#1",
        "%",
        "\\i",
        "\\o",
        "\\S",
        "中文",
        "é",
        "\u{301}",
    ],
    max_len: 4000,
    run: text_target,
};

fn text_target(input: &[u8]) -> Result<String, String> {
    let source = String::from_utf8_lossy(input);
    let s = source.as_ref();
    let mut elements = BTreeSet::new();
    check_html(
        "render_inline",
        s,
        &arxiv_text::render_inline(s),
        &mut elements,
    )?;
    check_html(
        "render_block",
        s,
        &arxiv_text::render_block(s),
        &mut elements,
    )?;
    check_html(
        "render_block_source_math",
        s,
        &arxiv_text::render_block_source_math(s),
        &mut elements,
    )?;
    let plain = arxiv_text::plain(s);
    if plain.contains("\u{0}") && !s.contains('\0') {
        return Err("plain: a NUL that the text does not have".into());
    }
    let mut errors = BTreeSet::new();
    for span in arxiv_text::math_spans(s) {
        let range = span.start..span.end;
        let inside = s.get(range.clone()).ok_or_else(|| {
            format!(
                "span: math span {range:?} is not a range of the text ({} bytes)",
                s.len()
            )
        })?;
        let delimited = (inside.starts_with('$') && inside.ends_with('$') && inside.len() >= 2)
            || (inside.starts_with("\\(") && inside.ends_with("\\)") && inside.len() >= 4)
            || (inside.starts_with("\\[") && inside.ends_with("\\]") && inside.len() >= 4);
        if !delimited {
            return Err(format!(
                "span: math span {range:?} is {inside:?}, not delimited math"
            ));
        }
        if let Some(error) = span.error {
            errors.insert(normalize(&error));
        }
    }
    Ok(format!("{elements:?} {errors:?}"))
}

/// HTML elements the scanner writes; MathML elements are the `m*` ones and these.
const HTML_ELEMENTS: &[&str] = &["p", "em", "i", "b", "code", "u", "sup", "sub", "span", "a"];
const MATHML_OTHERS: &[&str] = &["semantics", "annotation", "annotation-xml", "none"];

/// The scanner's HTML (from `function`) is well-formed, with known elements and safe
/// attributes only, and no control characters that `source` does not have. Adds the elements seen to `elements`.
fn check_html(
    function: &str,
    source: &str,
    html: &str,
    elements: &mut BTreeSet<String>,
) -> Result<(), String> {
    use quick_xml::events::{BytesStart, Event};
    // Control characters pass through as written (the feeds drop them, see render.rs), but
    // the scanner must not make any of its own.
    if let Some(c) = html
        .chars()
        .find(|&c| c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r') && !source.contains(c))
    {
        return Err(format!(
            "control: {function} writes the control character {c:?}, which the text does not have: {html:?}"
        ));
    }
    let check_element = |e: &BytesStart<'_>, elements: &mut BTreeSet<String>| {
        let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
        let known = HTML_ELEMENTS.contains(&name.as_str())
            || MATHML_OTHERS.contains(&name.as_str())
            || name.starts_with('m');
        if !known {
            return Err(format!("element: {function} writes <{name}>: {html:?}"));
        }
        for attribute in e.attributes() {
            let attribute = attribute.map_err(|err| {
                format!("malformed: {function} writes a bad attribute ({err}): {html:?}")
            })?;
            let key = String::from_utf8_lossy(attribute.key.as_ref()).to_ascii_lowercase();
            let value = String::from_utf8_lossy(&attribute.value).into_owned();
            if key.starts_with("on") || key == "style" && value.contains("url(") {
                return Err(format!(
                    "attribute: {function} writes {key}={value:?}: {html:?}"
                ));
            }
            if key == "href" && !(value.starts_with("http://") || value.starts_with("https://")) {
                return Err(format!("href: {function} links to {value:?}: {html:?}"));
            }
        }
        elements.insert(name);
        Ok(())
    };
    let wrapped = format!("<root>{html}</root>");
    let mut reader = quick_xml::Reader::from_str(&wrapped);
    let mut depth = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                depth += 1;
                if depth > 1 {
                    check_element(&e, elements)?;
                }
            }
            Ok(Event::Empty(e)) => check_element(&e, elements)?,
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Eof) => break,
            Ok(Event::Text(_) | Event::GeneralRef(_)) => {}
            Ok(other) => {
                return Err(format!("markup: {function} writes {other:?}: {html:?}"));
            }
            Err(e) => {
                return Err(format!(
                    "malformed: {function} writes HTML that is not well-formed ({e} at byte {}): {html:?}",
                    reader.error_position()
                ));
            }
        }
    }
    if depth != 0 {
        return Err(format!(
            "malformed: {function} leaves elements open: {html:?}"
        ));
    }
    Ok(())
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
        if d.source_line != actual {
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
