//! Content diagnostics: one error type for every problem found in a site's files.
//!
//! Every stage that reads user input reports problems as [`Diagnostic`]s carrying the
//! file, the 1-based line and column, a message and a hint. They are collected into
//! [`Diagnostics`] so that one run reports every problem at once, and rendered once, in
//! rustc's style, by [`Diagnostics::render`].

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// How bad a diagnostic is. Errors fail the command; warnings are only reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one place of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, as shown to the user (relative to the site root where possible).
    pub path: PathBuf,
    /// 1-based line in the file; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column (in characters) on that line.
    pub column: usize,
    pub message: String,
    /// The offending line as it is in the file (empty when `line` is 0); a long line is
    /// cut 200 characters past the column and ended with `…`.
    pub source_line: String,
    /// What to do. Borrowed when it is a fixed text: a site can have thousands of one
    /// warning, each with the same hint.
    pub hint: Option<Cow<'static, str>>,
    /// The kind of a warning that a site can have by the thousand, so that `build` and
    /// `serve` show a few of each kind and count the rest ([`Diagnostics::render_brief`]);
    /// `None` for the others.
    pub kind: Option<WarningKind>,
}

/// A kind of warning a site can have by the thousand: every abstract a tool cut at a
/// length, every translation that lost its math delimiters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum WarningKind {
    /// Math that does not parse (it is shown as written).
    Math,
    /// A translated abstract without the math its source has.
    LostDelimiters,
    /// Two `$` around Chinese or Japanese words (a `$` lost or added), shown as written.
    ProseInDollars,
    /// An abstract that stops mid-sentence.
    CutAbstract,
    /// A value an import brings that differs from the one kept (a site's file, an
    /// earlier input): a tool's run of a whole archive can have one per paper.
    ImportDifference,
}

impl WarningKind {
    /// The kind in words, as the line that counts them says it.
    pub fn describe(self) -> &'static str {
        match self {
            WarningKind::Math => "math that does not parse",
            WarningKind::LostDelimiters => {
                "translations that lost the math delimiters of their abstract"
            }
            WarningKind::ProseInDollars => "`$` around Chinese or Japanese words",
            WarningKind::CutAbstract => "abstracts that stop mid-sentence",
            WarningKind::ImportDifference => "imported values that differ from the ones kept",
        }
    }
}

/// Adds `n` to the count of `kind` in `counts` (kinds in the order first counted) and
/// returns its new count.
fn add_count(counts: &mut Vec<(WarningKind, usize)>, kind: WarningKind, n: usize) -> usize {
    match counts.iter_mut().find(|(k, _)| *k == kind) {
        Some(seen) => {
            seen.1 += n;
            seen.1
        }
        None => {
            counts.push((kind, n));
            n
        }
    }
}

/// Characters underlined at most, from the column on.
const UNDERLINED: usize = 40;

/// Characters of a diagnostic's line kept past its column. A terminal shows about 140
/// characters of a line around the column; an editor has the file. Kept whole, the lines
/// cost memory by the thousand: a site of cn-chat-arxiv's papers has a warning for most of
/// its abstracts (each cut at 1,000 characters), and each warning's line is that
/// abstract (at 100,000 papers the build's peak was 30 MB higher with whole lines).
pub(crate) const SHOWN_PAST_COLUMN: usize = 200;

/// The column past which a diagnostic's line is shown around the column instead of from
/// its start.
const FAR_COLUMN: usize = 120;

/// `line` as a diagnostic at `column` (1-based, in characters) keeps it: whole when it
/// ends within [`SHOWN_PAST_COLUMN`] characters of the column, else cut there and ended
/// with `…`.
pub(crate) fn shown_line(line: &str, column: usize) -> String {
    let keep = column.max(1) - 1 + SHOWN_PAST_COLUMN;
    match line.char_indices().nth(keep) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_string(),
    }
}

impl Diagnostic {
    /// An error at `line`:`column` of `path`, whose text is `source` (the whole file).
    pub fn error(
        path: &Path,
        source: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Self::at(Severity::Error, path, source, line, column, message)
    }

    /// A warning at `line`:`column` of `path`, whose text is `source`.
    pub(crate) fn warning(
        path: &Path,
        source: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Self::at(Severity::Warning, path, source, line, column, message)
    }

    fn at(
        severity: Severity,
        path: &Path,
        source: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        let (source_line, column) = if line == 0 {
            (String::new(), column)
        } else {
            let whole = source.lines().nth(line - 1).unwrap_or("");
            // A parser's column past the line's end (its `\r`, its end of input) is the
            // place after the last character, where the caret is drawn.
            let column = column.min(whole.chars().count() + 1);
            (shown_line(whole, column), column)
        };
        Diagnostic {
            severity,
            path: path.to_path_buf(),
            line,
            column: column.max(1),
            message: message.into(),
            source_line,
            hint: None,
            kind: None,
        }
    }

    /// An error about a whole file (unreadable, not UTF-8, ...).
    pub fn file_error(path: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.to_path_buf(),
            line: 0,
            column: 0,
            message: message.into(),
            source_line: String::new(),
            hint: None,
            kind: None,
        }
    }

    /// A warning about a whole file (skipped, ...).
    pub fn file_warning(path: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Self::file_error(path, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<Cow<'static, str>>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Names the kind of warning this is (see [`Diagnostic::kind`]).
    pub(crate) fn of_kind(mut self, kind: WarningKind) -> Self {
        self.kind = Some(kind);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:column`, the location a user can paste into an editor.
    pub fn location(&self) -> String {
        if self.line == 0 {
            self.path.display().to_string()
        } else {
            format!("{}:{}:{}", self.path.display(), self.line, self.column)
        }
    }

    fn render_with(&self, renderer: &Renderer) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path = one_line(&self.path.display().to_string()).into_owned();
        let message = one_line(&self.message);
        let mut groups = Vec::new();
        let title = level.primary_title(message.as_ref());
        if self.line == 0 {
            groups.push(Group::with_title(title).element(annotate_snippets::Origin::path(&path)));
        } else {
            // Point at the column, extending over the rest of the word there.
            let chars: Vec<(usize, char)> = self.source_line.char_indices().collect();
            let start_char = (self.column - 1).min(chars.len());
            let start = chars
                .get(start_char)
                .map_or(self.source_line.len(), |c| c.0);
            // A word of more than [`UNDERLINED`] characters (a formula, a URL) is underlined
            // that far: the caret says where, the line says the rest.
            // A quoted value (`"April 4, 2024"`) is one word, to its closing quote.
            let rest = &self.source_line[start..];
            let quoted = rest
                .chars()
                .next()
                .filter(|q| matches!(q, '"' | '\''))
                .and_then(|q| rest[1..].find(q).map(|n| start + 1 + n + 1));
            let word_end = quoted.unwrap_or_else(|| {
                rest.find(char::is_whitespace)
                    .map_or(self.source_line.len(), |n| start + n)
            });
            let at_most = self.source_line[start..]
                .char_indices()
                .nth(UNDERLINED)
                .map_or(self.source_line.len(), |(n, _)| start + n);
            let end = word_end.min(at_most).max(
                start
                    + self.source_line[start..]
                        .chars()
                        .next()
                        .map_or(0, char::len_utf8),
            );
            groups.push(
                Group::with_title(title).element(
                    Snippet::source(self.source_line.as_str())
                        .line_start(self.line)
                        .path(&path)
                        .annotation(AnnotationKind::Primary.span(start..end)),
                ),
            );
        }
        let mut out = renderer.render(&groups).to_string();
        // The column is part of the contract (`path:line:column`); annotate-snippets
        // prints `path:line:col` of the span start, which is the same place.
        if let Some(hint) = &self.hint {
            out.push_str(&format!("\n  = help: {}", one_line(hint)));
        }
        out
    }
}

/// `text` (a message, a hint, a path) on one line: each line break in it shown as `␤`. A
/// text quoted from content can hold them (a formula over two lines), and a line of it
/// that began with `::` was a command to the GitHub Actions runner reading the log
/// (`::error file=…::`, `::stop-commands::`), not a line of the message.
fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(['\n', '\r']) {
        text.replace("\r\n", "␤").replace(['\n', '\r'], "␤").into()
    } else {
        text.into()
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)
    }
}

/// All diagnostics of one run, in a stable order (by file, then line).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    pub(crate) list: Vec<Diagnostic>,
    /// How many warnings of each kind were let go, past the first few
    /// ([`Diagnostics::keep_per_kind`]).
    left_out: Vec<(WarningKind, usize)>,
}

/// A message of serde's, for a user: Rust's type names said in words (`expected u32` →
/// `expected a whole number`), and the position serde_json appends (` at line 1 column
/// 189`) left out, the diagnostic's own place being the one to show.
pub(crate) fn serde_message(message: &str) -> String {
    let message = match message.rfind(" at line ") {
        Some(at) if message[at..].contains(" column ") => &message[..at],
        _ => message,
    };
    let mut out = message.to_string();
    for (rust, words) in [
        ("usize", "a whole number"),
        ("isize", "a whole number"),
        ("u64", "a whole number"),
        ("u32", "a whole number"),
        ("u16", "a whole number"),
        ("u8", "a whole number"),
        ("i64", "a whole number"),
        ("i32", "a whole number"),
        ("f64", "a number"),
        ("f32", "a number"),
    ] {
        out = out.replace(&format!("expected {rust}"), &format!("expected {words}"));
    }
    out
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.list.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.list.extend(other.list);
        for (kind, count) in other.left_out {
            add_count(&mut self.left_out, kind, count);
        }
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(Diagnostic::is_error)
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The diagnostics kept (the warnings let go by [`Diagnostics::keep_per_kind`] are
    /// only counted, in [`Diagnostics::warning_count`]).
    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter()
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter().filter(|d| d.is_error())
    }

    /// The errors alone (what `--quiet` prints).
    pub fn without_warnings(&self) -> Diagnostics {
        Diagnostics::from(self.errors().cloned().collect::<Vec<_>>())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter().filter(|d| !d.is_error())
    }

    /// How many warnings were found: those kept and those let go.
    pub fn warning_count(&self) -> usize {
        self.warnings().count() + self.left_out.iter().map(|(_, n)| n).sum::<usize>()
    }

    /// Sorts by file, line and column so that output does not depend on thread timing.
    pub fn sort(&mut self) {
        self.list.sort_by(|a, b| {
            (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message))
        });
        self.list.dedup();
    }

    /// Keeps the first `per_kind` warnings of each [kind](Diagnostic::kind) (in the order
    /// they are in: sort first) and only counts the rest, which is all a report made with
    /// [`Diagnostics::render_brief`] shows of them. A site of cn-chat-arxiv's papers has a
    /// warning for most of its abstracts: about 30 MB of them at 100,000 papers, held for
    /// the whole build.
    pub fn keep_per_kind(&mut self, per_kind: usize) {
        let mut seen = Vec::new();
        let left_out = &mut self.left_out;
        self.list
            .retain(|d| match d.kind.filter(|_| !d.is_error()) {
                Some(kind) if add_count(&mut seen, kind, 1) > per_kind => {
                    add_count(left_out, kind, 1);
                    false
                }
                _ => true,
            });
    }

    /// How many warnings of each kind [`Diagnostics::keep_per_kind`] let go, kinds in the
    /// order first let go.
    pub fn left_out(&self) -> &[(WarningKind, usize)] {
        &self.left_out
    }

    /// Renders every diagnostic in rustc's style, followed by a one-line summary.
    /// `color` selects ANSI colours (only for terminals that want them).
    pub fn render(&self, color: bool) -> String {
        self.render_brief(color, usize::MAX)
    }

    /// [`Diagnostics::render`], showing at most `per_kind` warnings of each
    /// [kind](Diagnostic::kind) and counting the rest in a line of their own: a site
    /// imported from a tool that cut every abstract has thousands of one warning, and a
    /// build's log (a CI run's) would be tens of thousands of lines of it. `check` lists
    /// them all.
    pub fn render_brief(&self, color: bool, per_kind: usize) -> String {
        self.render_at_most(color, per_kind, usize::MAX)
    }

    /// [`Diagnostics::render_brief`], showing at most `errors_shown` errors and counting
    /// the rest: the dev server's terminal, where one edit of `site.yaml` (a language
    /// taken away) made 43,000 errors, 13 MB of them.
    pub fn render_at_most(&self, color: bool, per_kind: usize, errors_shown: usize) -> String {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        // The line is already cut where it should be (`source_line`: 200 characters past
        // the column, with `…`); the renderer's own cut at 140 columns would cut it again,
        // with `...`.
        let renderer = renderer.term_width(usize::MAX / 2);
        // A line whose column is far to the right (a key near the end of a JSON record of
        // thousands of characters) is shown around the column, as the renderer cuts it
        // (`...` either side), not from its start.
        let around_the_column = renderer.clone().term_width(FAR_COLUMN + 40);
        let mut out = String::new();
        // Per kind: how many there are.
        let mut kinds = Vec::new();
        let mut errors_seen = 0;
        for d in &self.list {
            if let Some(kind) = d.kind.filter(|_| !d.is_error())
                && add_count(&mut kinds, kind, 1) > per_kind
            {
                continue;
            }
            if d.is_error() {
                errors_seen += 1;
                if errors_seen > errors_shown {
                    continue;
                }
            }
            out.push_str(&d.render_with(if d.column > FAR_COLUMN {
                &around_the_column
            } else {
                &renderer
            }));
            out.push_str("\n\n");
        }
        if errors_seen > errors_shown {
            let more = errors_seen - errors_shown;
            let title = format!("{more} more error{}", if more == 1 { "" } else { "s" });
            out.push_str(
                &renderer
                    .render(&[Group::with_title(
                        Level::ERROR.primary_title(title.as_str()),
                    )])
                    .to_string(),
            );
            out.push_str("\n  = help: `digest-site check` lists every one\n\n");
        }
        // Per kind: how many are not shown, those let go before included.
        let mut not_shown: Vec<(WarningKind, usize)> = kinds
            .into_iter()
            .map(|(kind, count)| (kind, count.saturating_sub(per_kind)))
            .collect();
        for &(kind, count) in &self.left_out {
            add_count(&mut not_shown, kind, count);
        }
        for (kind, more) in not_shown {
            if more > 0 {
                let title = format!(
                    "{more} more warning{} of this kind: {}",
                    if more == 1 { "" } else { "s" },
                    kind.describe()
                );
                out.push_str(
                    &renderer
                        .render(&[Group::with_title(
                            Level::WARNING.primary_title(title.as_str()),
                        )])
                        .to_string(),
                );
                out.push_str(match kind {
                    WarningKind::ImportDifference => {
                        "\n  = help: `digest-site import --verbose` lists every one\n\n"
                    }
                    _ => "\n  = help: `digest-site check` lists every one\n\n",
                });
            }
        }
        let errors = self.errors().count();
        let warnings = self.warning_count();
        if errors > 0 {
            out.push_str(&format!(
                "error: {errors} error{} found{}\n",
                if errors == 1 { "" } else { "s" },
                if warnings > 0 {
                    format!(
                        ", {warnings} warning{}",
                        if warnings == 1 { "" } else { "s" }
                    )
                } else {
                    String::new()
                }
            ));
        }
        out
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics::from(vec![d])
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(list: Vec<Diagnostic>) -> Self {
        Diagnostics {
            list,
            left_out: Vec::new(),
        }
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.into_iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

impl std::error::Error for Diagnostics {}

/// The error for a file `shown` that is not UTF-8 (`e`), at its first bad byte, showing
/// the line up to there.
pub(crate) fn not_utf8(shown: &Path, e: &std::string::FromUtf8Error, hint: &str) -> Diagnostic {
    // A whole file in UTF-16 (as Windows tools save "Unicode" text) is said as such: its
    // first line, read as UTF-8, is a row of replacement characters and NULs.
    if let Some(utf16) = utf16_file(shown, e.as_bytes()) {
        return utf16;
    }
    // The text before the first bad byte is the file's: it places and shows the line.
    let lossy = String::from_utf8_lossy(e.as_bytes());
    let (line, column) = line_column(&lossy, e.utf8_error().valid_up_to());
    Diagnostic::error(shown, &lossy, line, column, "the file is not valid UTF-8")
        .with_hint(hint.to_string())
}

/// The error for a whole file in UTF-16 (as Windows tools save "Unicode" text), when
/// `bytes` are one: a byte order mark of UTF-16, or a NUL in every other byte of its start
/// (UTF-16 without a mark, which is valid UTF-8 as far as NULs go: its first line showed
/// as `␀-␀-␀-`, "no front matter").
pub(crate) fn utf16_file(shown: &Path, bytes: &[u8]) -> Option<Diagnostic> {
    let head = &bytes[..bytes.len().min(400)];
    let nuls = head.iter().filter(|&&b| b == 0).count();
    let utf16 = bytes.starts_with(&[0xff, 0xfe])
        || bytes.starts_with(&[0xfe, 0xff])
        || (!head.is_empty() && nuls * 4 >= head.len());
    utf16.then(|| {
        Diagnostic::file_error(shown, "the file is in UTF-16, not UTF-8")
            .with_hint("save it as UTF-8 (in most editors: save with encoding, UTF-8)")
    })
}

/// Line and column (both 1-based, column in characters) of byte `offset` in `text`. An
/// offset inside a character (a parser's, counted past a byte order mark it skipped) is
/// the character's; one at the `\n` of a `\r\n` line end is the `\r`'s, the line's end as
/// the line is shown.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = text.floor_char_boundary(offset);
    if text[offset..].starts_with('\n') && text[..offset].ends_with('\r') {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_are_said_in_words_without_a_second_place() {
        assert_eq!(
            serde_message("invalid type: string \"2\", expected u32 at line 1 column 189"),
            "invalid type: string \"2\", expected a whole number"
        );
        assert_eq!(serde_message("missing field `id`"), "missing field `id`");
    }

    /// A message, a hint or a path holding line breaks (a formula over two lines, quoted)
    /// is shown on one line: no line of the output starts with what the message holds,
    /// such as a `::error::` command to the GitHub Actions runner reading the log.
    #[test]
    fn what_a_diagnostic_quotes_stays_on_its_line() {
        let d = Diagnostic::file_warning(
            Path::new("content/papers/a\nb.md"),
            "math that does not parse: `$\\frac{a\n::error file=site.yaml::INJECTED$`",
        )
        .with_hint("check `x\r\n::stop-commands::y`");
        for color in [false, true] {
            let shown = Diagnostics::from(d.clone()).render(color);
            assert!(
                shown.lines().all(|l| !l.trim_start().starts_with("::")),
                "{shown}"
            );
            assert!(shown.contains("\\frac{a␤::error"), "{shown}");
            assert!(shown.contains("x␤::stop-commands::y"), "{shown}");
            assert!(shown.contains("a␤b.md"), "{shown}");
        }
    }

    /// A file in UTF-16 is said to be, not shown as a line of replacement characters.
    #[test]
    fn a_file_in_utf16_is_named_so() {
        let utf16: Vec<u8> = "\u{feff}---\nid: a\n---\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let e = String::from_utf8(utf16).unwrap_err();
        let d = not_utf8(Path::new("a.md"), &e, "save the file as UTF-8");
        assert_eq!(d.message, "the file is in UTF-16, not UTF-8");
        // One hint, not two glued.
        assert_eq!(
            d.hint.as_deref(),
            Some("save it as UTF-8 (in most editors: save with encoding, UTF-8)")
        );
        // Without a byte order mark, big-endian: valid UTF-8 as far as its NULs go.
        let big_endian: Vec<u8> = "---\nid: a\n---\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        let d = utf16_file(Path::new("a.md"), &big_endian).expect("named UTF-16");
        assert_eq!(d.message, "the file is in UTF-16, not UTF-8");
        assert!(utf16_file(Path::new("a.md"), b"---\nid: a\n---\n").is_none());
        assert!(utf16_file(Path::new("a.md"), b"").is_none());
        let latin1 = String::from_utf8(b"---\ntitle: caf\xe9\n---\n".to_vec()).unwrap_err();
        let d = not_utf8(Path::new("a.md"), &latin1, "save the file as UTF-8");
        assert_eq!(
            (d.message.as_str(), d.line, d.column),
            ("the file is not valid UTF-8", 2, 11)
        );
    }

    /// A byte offset inside a character, or past the end, places at that character or the
    /// end, and never panics (a fuzzed arXiv feed of a byte order mark and `<`).
    #[test]
    fn an_offset_inside_a_character_is_the_characters() {
        let text = "\u{feff}\u{b}<";
        assert_eq!(line_column(text, 1), (1, 1));
        assert_eq!(line_column(text, 3), (1, 2));
        assert_eq!(line_column("a\n中", 3), (2, 1));
        assert_eq!(line_column("a\n中", 99), (2, 2));
        // The `\n` of a `\r\n` is the end of the line as shown, one past its last character.
        assert_eq!(line_column("\u{feff}\r\n\n\u{b}<", 4), (1, 2));
        assert_eq!(line_column("ab\r\nc", 3), (1, 3));
    }

    fn cut_warning(file: usize) -> Diagnostic {
        let path = PathBuf::from(format!("content/papers/{file:03}.md"));
        Diagnostic::warning(&path, "id: x\nabstract: { en: Cut at a }\n", 2, 13, "cut")
            .of_kind(WarningKind::CutAbstract)
    }

    /// What `build` keeps of thousands of warnings of a kind prints as all of them would.
    #[test]
    fn warnings_kept_per_kind_report_as_all_of_them() {
        let mut all = Diagnostics::new();
        for file in 0..25 {
            all.push(cut_warning(file));
        }
        all.push(Diagnostic::warning(
            Path::new("content/papers/007.md"),
            "a\nb\n",
            1,
            1,
            "of no kind",
        ));
        all.push(
            Diagnostic::warning(Path::new("content/papers/030.md"), "$x\n", 1, 1, "math")
                .of_kind(WarningKind::Math),
        );
        all.sort();
        let mut kept = all.clone();
        kept.keep_per_kind(10);
        assert_eq!(
            kept.len(),
            12,
            "ten cut abstracts, the math, the one of no kind"
        );
        assert_eq!(kept.warning_count(), all.warning_count());
        assert_eq!(kept.warning_count(), 27);
        for color in [false, true] {
            assert_eq!(kept.render_brief(color, 10), all.render_brief(color, 10));
        }
        assert!(
            kept.render_brief(false, 10)
                .contains("15 more warnings of this kind")
        );
        // Counted on when merged with more.
        let mut merged = Diagnostics::from(Diagnostic::error(
            Path::new("site.yaml"),
            "x\n",
            1,
            1,
            "bad",
        ));
        merged.extend(kept);
        assert_eq!(merged.warning_count(), 27);
        assert!(
            merged
                .render_brief(false, 10)
                .contains("error: 1 error found, 27 warnings")
        );
    }

    /// An import's differing values fold like the site's kinds of warnings, and the line
    /// that counts them says how to see them all.
    #[test]
    fn import_differences_fold_and_say_how_to_list_them() {
        let mut all = Diagnostics::new();
        for n in 0..12 {
            all.push(
                Diagnostic::warning(Path::new("day.jsonl"), "{}\n", 1, 1, format!("differs {n}"))
                    .of_kind(WarningKind::ImportDifference),
            );
        }
        let shown = all.render_brief(false, 10);
        assert!(
            shown.contains("2 more warnings of this kind: imported values that differ"),
            "{shown}"
        );
        assert!(
            shown.contains("`digest-site import --verbose` lists every one"),
            "{shown}"
        );
    }

    /// The caret covers the word at the column, or a quoted value to its closing quote.
    #[test]
    fn a_quoted_value_is_underlined_whole() {
        let caret = |line: &str, column: usize| {
            let text = format!("{line}\n");
            let shown = Diagnostics::from(Diagnostic::error(
                Path::new("a.md"),
                &text,
                1,
                column,
                "bad",
            ))
            .render(false);
            shown
                .lines()
                .find(|l| l.contains('^'))
                .map(|l| l.matches('^').count())
                .unwrap_or_default()
        };
        assert_eq!(caret("date: \"April 4, 2024\"", 7), 15);
        assert_eq!(caret("cname: 'a b.org'", 8), 9);
        assert_eq!(caret("date: April 4", 7), 5);
        assert_eq!(caret("date: \"open", 7), 5);
    }

    #[test]
    fn a_long_line_is_kept_to_some_way_past_its_column() {
        assert_eq!(shown_line("short: line", 3), "short: line");
        let long = format!("  en: {}", "注意力".repeat(200));
        let shown = shown_line(&long, 3);
        assert_eq!(shown.chars().count(), 2 + SHOWN_PAST_COLUMN + 1);
        assert!(shown.ends_with('…') && long.starts_with(shown.trim_end_matches('…')));
        // Far into a line, the column is still on the line shown.
        let shown = shown_line(&long, 400);
        assert_eq!(shown.chars().count(), 399 + SHOWN_PAST_COLUMN + 1);
        // A line that ends within reach is whole.
        let exact: String = "x".repeat(SHOWN_PAST_COLUMN);
        assert_eq!(shown_line(&exact, 1), exact);
    }

    /// A line whose column is far to the right (a key at the end of a JSON record) is
    /// shown around the column, not from its start; the location says the column.
    #[test]
    fn a_far_column_is_shown_with_the_line_around_it() {
        let record = format!(
            "{{\"abstract\": \"{}\", \"_added_at\": \"2026-08-21\"}}",
            "word ".repeat(700)
        );
        let column = record.find("_added_at").unwrap() + 1;
        let d = Diagnostic::warning(Path::new("a.jsonl"), &record, 1, column, "not a field");
        let shown = Diagnostics::from(d).render(false);
        assert!(shown.contains(&format!("a.jsonl:1:{column}")), "{shown}");
        assert!(shown.contains("_added_at"), "{shown}");
        let longest = shown.lines().map(|l| l.chars().count()).max().unwrap();
        assert!(longest < 300, "{longest}: {shown}");
    }

    /// The terminal shows the line as `source_line` has it, not cut again at 140 columns.
    #[test]
    fn the_terminal_shows_the_line_as_cut_once() {
        let long = format!("  en: {}", "word ".repeat(100));
        let d = Diagnostic::warning(Path::new("a.md"), &long, 1, 3, "long");
        let shown = Diagnostics::from(d.clone()).render(false);
        assert!(shown.contains(d.source_line.as_str()), "{shown}");
        assert!(
            d.source_line.ends_with('…') && !shown.contains("..."),
            "{shown}"
        );
    }
}
