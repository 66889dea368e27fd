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
    /// The offending line as it is in the file (empty when `line` is 0).
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
    /// An abstract that stops mid-sentence.
    CutAbstract,
}

impl WarningKind {
    /// The kind in words, as the line that counts them says it.
    pub fn describe(self) -> &'static str {
        match self {
            WarningKind::Math => "math that does not parse",
            WarningKind::LostDelimiters => {
                "translations that lost the math delimiters of their abstract"
            }
            WarningKind::CutAbstract => "abstracts that stop mid-sentence",
        }
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
        let source_line = if line == 0 {
            String::new()
        } else {
            source.lines().nth(line - 1).unwrap_or("").to_string()
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
        let path = self.path.display().to_string();
        let mut groups = Vec::new();
        let title = level.primary_title(self.message.as_str());
        if self.line == 0 {
            groups.push(Group::with_title(title).element(annotate_snippets::Origin::path(&path)));
        } else {
            // Point at the column, extending over the rest of the word there.
            let chars: Vec<(usize, char)> = self.source_line.char_indices().collect();
            let start_char = (self.column - 1).min(chars.len());
            let start = chars
                .get(start_char)
                .map_or(self.source_line.len(), |c| c.0);
            let end = self.source_line[start..]
                .find(char::is_whitespace)
                .map_or(self.source_line.len(), |n| start + n)
                .max(
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
            out.push_str(&format!("\n  = help: {hint}"));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)
    }
}

/// All diagnostics of one run, in a stable order (by file, then line).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Self(Vec::new())
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }

    /// The errors alone (what `--quiet` prints).
    pub fn without_warnings(&self) -> Diagnostics {
        Diagnostics(self.errors().cloned().collect())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| !d.is_error())
    }

    /// Sorts by file, line and column so that output does not depend on thread timing.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message))
        });
        self.0.dedup();
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
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let mut out = String::new();
        // Per kind: how many there are.
        let mut kinds: Vec<(WarningKind, usize)> = Vec::new();
        for d in &self.0 {
            if let Some(kind) = d.kind.filter(|_| !d.is_error()) {
                match kinds.iter_mut().find(|(k, _)| *k == kind) {
                    Some(seen) => {
                        seen.1 += 1;
                        if seen.1 > per_kind {
                            continue;
                        }
                    }
                    None => kinds.push((kind, 1)),
                }
            }
            out.push_str(&d.render_with(&renderer));
            out.push_str("\n\n");
        }
        for (kind, count) in kinds {
            if count > per_kind {
                let more = count - per_kind;
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
                out.push_str("\n  = help: `digest-site check` lists every one\n\n");
            }
        }
        let errors = self.errors().count();
        let warnings = self.warnings().count();
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
        Diagnostics(vec![d])
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

impl std::error::Error for Diagnostics {}

/// Line and column (both 1-based, column in characters) of byte `offset` in `text`.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}
