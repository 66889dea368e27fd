//! The words of YAML errors: what went wrong and what to do, made from the parser's
//! error kinds and from the [`Tree`] where the library says too little (see the header of
//! the `yaml` module for each case).

use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::granit_parser::ErrorKind;
use serde_saphyr::{Error, ExternalMessageSource, Location, MessageFormatter, Spanned};

use super::tree::{Node, Place, Scalar, Tree};
use super::{MAX_NESTING, YamlError, duplicate_hint, unknown_field_hint, unknown_field_message};

/// A problem found by the YAML library, described.
pub(super) struct Found {
    /// With a line and column within the YAML text, and a hint.
    pub(super) error: YamlError,
    /// Whether that place is known (else it is 1:1).
    pub(super) located: bool,
    /// For an unknown top-level key, the valid keys.
    pub(super) valid_keys: Vec<String>,
    /// For a missing top-level field, its name.
    pub(super) missing: Option<String>,
}

/// The byte offset in `yaml` of a location of the library; `None` when it is unknown.
pub(super) fn byte_of(yaml: &str, location: &Location) -> Option<usize> {
    if *location == Location::UNKNOWN || location.line() == 0 {
        return None;
    }
    let span = location.span();
    match span.byte_offset() {
        Some(byte) => Some((byte as usize).min(yaml.len())),
        None => Some(
            yaml.char_indices()
                .nth(span.offset() as usize)
                .map_or(yaml.len(), |(i, _)| i),
        ),
    }
}

/// The error `err` of reading `yaml`; `tree` is `yaml` read as YAML, when it reads.
pub(super) fn describe(yaml: &str, tree: Option<&Tree<'_>>, err: &Error) -> Found {
    let err = err.without_snippet();
    let byte = err.location().and_then(|l| byte_of(yaml, &l));
    let place = match (tree, byte) {
        (Some(tree), Some(byte)) => tree.resolve(byte),
        _ => Place::default(),
    };
    // For a problem with a value: the field's path and the value; a place at a key means
    // its value.
    let (value_path, value) = match place.key {
        Some((key, value)) => (join_key(&place.path, key), Some(value)),
        None => (place.path.clone(), place.value),
    };
    let value_byte = value.and_then(|v| span_byte(yaml, v)).or(byte);
    let found = || value.map_or_else(|| "a value".to_string(), unexpected);
    let mut at = value_byte;
    let mut valid_keys = Vec::new();
    let mut missing = None;
    let mut path = value_path.as_str();
    let (message, hint) = match err {
        Error::SerdeUnknownField {
            field, expected, ..
        } => {
            let expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
            let hint = unknown_field_hint(field, &expected);
            // The key's place, in the map that holds it.
            at = byte;
            path = place.path.as_str();
            if path.is_empty() {
                valid_keys = expected;
            }
            (unknown_field_message(field), hint)
        }
        Error::SerdeMissingField { field, .. } => {
            at = byte;
            path = place.path.as_str();
            if value.is_some() && !value_path.is_empty() && place.key.is_none() {
                // At the start of the map it is missing from.
                path = value_path.as_str();
            }
            if path.is_empty() {
                missing = Some(field.to_string());
                // Missing from the whole document: said at its first key, not at the
                // last one, where serde finds out (it is no more wrong than the others).
                at = first_key_byte(yaml).or(at);
            }
            (
                format!("missing field `{field}`"),
                "add the field to the front matter".to_string(),
            )
        }
        Error::SerdeInvalidType {
            unexpected,
            expected,
            ..
        } => {
            let message = crate::diagnostic::serde_message(&format!(
                "invalid type: {unexpected}, expected {expected}"
            ));
            let hint = type_hint(path, &message);
            (message, hint)
        }
        Error::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => {
            let message = crate::diagnostic::serde_message(&format!(
                "invalid value: {unexpected}, expected {expected}"
            ));
            let hint = type_hint(path, &message);
            (message, hint)
        }
        Error::SerdeInvalidLength { len, expected, .. } => {
            let message = format!("invalid length {len}, expected {expected}");
            let hint = type_hint(path, &message);
            (message, hint)
        }
        Error::Unexpected { expected, .. } => {
            let expected = match *expected {
                "sequence start" => "a sequence",
                "mapping start" => "a map",
                "string scalar" | "string" => "a string",
                other => other,
            };
            let message = format!("invalid type: {}, expected {expected}", found());
            let hint = type_hint(path, &message);
            (message, hint)
        }
        Error::InvalidScalar { ty, .. } => {
            let message = crate::diagnostic::serde_message(&format!(
                "invalid type: {}, expected {ty}",
                found()
            ));
            let hint = type_hint(path, &message);
            (message, hint)
        }
        Error::InvalidBooleanStrict { .. } => {
            let message = format!("invalid type: {}, expected a boolean", found());
            let hint = type_hint(path, &message);
            (message, hint)
        }
        Error::NullIntoString { .. } => {
            let message = "invalid type: unit value, expected a string".to_string();
            let hint = type_hint(path, &message);
            (message, hint)
        }
        Error::Message { msg, .. } if duplicate_field(msg).is_some() => {
            let field = duplicate_field(msg).unwrap_or_default();
            // At the repetition, in the map that holds it: the parser places the error at
            // the start of a nested map (`arxiv:`'s first key), which is the map itself.
            path = place.path.as_str();
            at = [place.value, place.container, tree.map(|t| &t.root)]
                .into_iter()
                .flatten()
                .find_map(|m| repeated_key(m, field))
                .and_then(|k| span_byte(yaml, k))
                .or(byte);
            let message = match msg.starts_with("language ") {
                true => msg.clone(),
                false => format!("duplicate field `{field}`"),
            };
            (message, duplicate_hint(field))
        }
        Error::DuplicateMappingKey { key, .. } => {
            let key = key.clone().unwrap_or_default();
            at = byte;
            path = place.path.as_str();
            let hint = duplicate_hint(&key);
            (format!("duplicate field `{key}`"), hint)
        }
        Error::Message { msg, .. } => (msg.clone(), "check the value".to_string()),
        Error::ExternalMessage { source, .. } => {
            at = byte;
            path = "";
            match &**source {
                ExternalMessageSource::Parser(scan) => syntax(yaml, scan.kind(), &mut at),
                _ => {
                    let message = serde_saphyr::UserMessageFormatter
                        .format_message(err)
                        .into_owned();
                    let hint = syntax_hint(&message);
                    (message, hint)
                }
            }
        }
        Error::Budget { breach, .. } => {
            at = byte;
            path = "";
            match breach {
                BudgetBreach::Depth { .. } => (
                    format!("lists and maps nest more than {MAX_NESTING} levels deep here"),
                    "close the `[` and `{` that are open, or write the value on fewer levels"
                        .to_string(),
                ),
                // The other limits are of size: front matter of megabytes, hundreds of
                // thousands of values, aliases that multiply.
                _ => (
                    "the front matter is too large to be read: it passes a limit here (250,000 values, 64 MiB of text, or keys of 1,024 characters)".to_string(),
                    "front matter holds one paper's fields, a few kilobytes: move long texts into the Markdown body, or split the file"
                        .to_string(),
                ),
            }
        }
        Error::Eof { .. } => {
            at = byte;
            path = "";
            let message = "found unexpected end of stream".to_string();
            let hint = syntax_hint(&message);
            (message, hint)
        }
        other => {
            at = byte;
            path = "";
            let message = serde_saphyr::UserMessageFormatter
                .format_message(other)
                .into_owned();
            let hint = syntax_hint(&message);
            (message, hint)
        }
    };
    // A key with nothing after it (`links:` alone) is said so, not in serde's words
    // (`invalid type: unit value, expected a map`).
    let (message, path) = match no_value_message(path, &message) {
        Some(said) => (said, ""),
        None => (message, path),
    };
    let message = if path.is_empty() {
        message
    } else {
        format!("{path}: {message}")
    };
    let (line, column) = at.map_or((1, 1), |b| crate::diagnostic::line_column(yaml, b));
    Found {
        error: YamlError {
            line,
            column,
            message,
            hint: Some(hint),
        },
        located: at.is_some(),
        valid_keys,
        missing,
    }
}

/// A syntax error of the kind `kind`, found at `at` (moved where the hint points).
pub(super) fn syntax(yaml: &str, kind: &ErrorKind, at: &mut Option<usize>) -> (String, String) {
    let message = match kind {
        ErrorKind::UnknownQuotedScalarEscape => {
            // Reported at the opening quote: the hint is about the backslash.
            if let Some(b) = *at {
                *at = Some(bad_escape(yaml, b).unwrap_or(b));
            }
            let (line, column) = at.map_or((1, 1), |b| crate::diagnostic::line_column(yaml, b));
            let hint = escape_hint(yaml.lines().nth(line - 1).unwrap_or(""), column);
            return ("found unknown escape character".to_string(), hint);
        }
        ErrorKind::UnclosedQuotedScalar => {
            return (
                "this quote is not closed".to_string(),
                "end the text with the same quote it starts with; inside double quotes write a double quote as `\\\"`, inside single quotes a single quote as `''`".to_string(),
            );
        }
        ErrorKind::UnclosedFlowCollection { open } => {
            return (
                format!("this `{open}` is not closed"),
                format!(
                    "close it with `{}`, and check that the quotes inside it are closed",
                    if *open == '[' { ']' } else { '}' }
                ),
            );
        }
        ErrorKind::InvalidColonPlacement => {
            return (
                kind.to_string(),
                "check that brackets are closed, and quote values that contain `: `".to_string(),
            );
        }
        ErrorKind::MappingValueNotAllowed => {
            "mapping values are not allowed in this context".to_string()
        }
        ErrorKind::ExpectedFlowSequenceSeparator => "did not find expected ',' or ']'".to_string(),
        ErrorKind::ExpectedFlowMappingSeparator => "did not find expected ',' or '}'".to_string(),
        ErrorKind::ExpectedBlockMappingKey => "did not find expected key".to_string(),
        ErrorKind::ExpectedBlockSequenceEntry => "did not find expected '-' indicator".to_string(),
        ErrorKind::ExpectedNodeContent => "did not find expected node content".to_string(),
        ErrorKind::UnexpectedEof
        | ErrorKind::UnexpectedEofBlockMapping
        | ErrorKind::UnexpectedEofBlockSequence
        | ErrorKind::UnexpectedEofFlowMapping
        | ErrorKind::UnexpectedEofFlowSequence
        | ErrorKind::UnexpectedEofImplicitFlowMapping => {
            "found unexpected end of stream".to_string()
        }
        other => other.to_string(),
    };
    let hint = syntax_hint(&message);
    (message, hint)
}

/// The byte offset of the first backslash that starts no YAML escape in the double-quoted
/// text whose opening quote is at or after `from`.
pub(super) fn bad_escape(yaml: &str, from: usize) -> Option<usize> {
    let rest = yaml.get(from..)?;
    let open = rest.find('"')?;
    let mut chars = rest[open + 1..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return None,
            '\\' => match chars.next() {
                Some((
                    _,
                    '0' | 'a' | 'b' | 't' | '\t' | 'n' | 'v' | 'f' | 'r' | 'e' | ' ' | '"' | '/'
                    | '\\' | 'N' | '_' | 'L' | 'P' | 'x' | 'u' | 'U' | '\n' | '\r',
                )) => {}
                _ => return Some(from + open + 1 + i),
            },
            _ => {}
        }
    }
    None
}

/// The field of a "duplicate field" error.
pub(super) fn duplicate_field(message: &str) -> Option<&str> {
    message
        .strip_prefix("duplicate field `")
        .and_then(|r| r.strip_suffix('`'))
        // A text's language given twice (`title: { en: a, en: b }`).
        .or_else(|| {
            message
                .strip_prefix("language `")
                .and_then(|r| r.strip_suffix("` is given twice"))
        })
}

/// The second `key:` of the map `map`.
pub(super) fn repeated_key<'t>(map: &'t Spanned<Node>, key: &str) -> Option<&'t Spanned<String>> {
    match &map.value {
        Node::Map(entries) => entries
            .iter()
            .filter(|(k, _)| k.value == key)
            .nth(1)
            .map(|(k, _)| k),
        _ => None,
    }
}

/// The byte offset in `yaml` where the node `node` starts.
pub(super) fn span_byte<T>(yaml: &str, node: &Spanned<T>) -> Option<usize> {
    byte_of(yaml, &node.referenced)
}

/// `path.key`, as the old YAML reader (serde_yaml) wrote the path of a field.
pub(super) fn join_key(path: &str, key: &Spanned<String>) -> String {
    if path.is_empty() {
        key.value.clone()
    } else {
        format!("{path}.{}", key.value)
    }
}

/// The value `node` as serde names a value it did not expect (`integer `5``, `sequence`).
pub(super) fn unexpected(node: &Spanned<Node>) -> String {
    match &node.value {
        Node::Seq(_) => "sequence".to_string(),
        Node::Map(_) => "map".to_string(),
        Node::Scalar(Scalar::Null) => "unit value".to_string(),
        Node::Scalar(Scalar::Bool(b)) => format!("boolean `{b}`"),
        Node::Scalar(Scalar::Int(i)) => format!("integer `{i}`"),
        Node::Scalar(Scalar::Float(f)) => {
            let mut text = f.to_string();
            if f.is_finite() && !text.contains(['.', 'e']) {
                text.push_str(".0");
            }
            format!("floating point `{text}`")
        }
        Node::Scalar(Scalar::Str(s)) => format!("string {s:?}"),
    }
}

/// A backslash in a double-quoted string that starts no YAML escape: nearly always LaTeX.
/// Says to use single quotes, showing the line rewritten when that is simple.
pub(super) fn escape_hint(line: &str, column: usize) -> String {
    let keep = "write LaTeX in single quotes, which keep backslashes as written";
    let block = "or in a block scalar: `|`, then the text on the next lines, indented";
    // A line rewritten is shown only while it reads in one glance (a 20,000-character
    // description would be the whole hint).
    const SHOWN: usize = 160;
    match single_quoted(line, column).filter(|fixed| fixed.trim().chars().count() <= SHOWN) {
        Some(fixed) => format!(
            "a backslash in double quotes starts an escape such as `\\n`; {keep}: `{}` ({block})",
            fixed.trim()
        ),
        None => {
            format!("a backslash in double quotes starts an escape such as `\\n`; {keep} ({block})")
        }
    }
}

/// `line` with the double-quoted string that holds `column` (1-based, in characters)
/// written in single quotes instead; `None` when the string does not close on this line or
/// holds escapes that single quotes would change (`\\`, `\"`).
pub(super) fn single_quoted(line: &str, column: usize) -> Option<String> {
    let at = line.char_indices().nth(column.saturating_sub(1))?.0;
    // Find the quoted strings of the line, skipping single-quoted ones.
    let mut open: Option<(char, usize)> = None;
    let mut chars = line.char_indices();
    while let Some((i, c)) = chars.next() {
        match (open, c) {
            (None, '"' | '\'') => open = Some((c, i)),
            (Some(('"', _)), '\\') => {
                chars.next();
            }
            (Some((q, start)), c) if c == q => {
                if q == '"' && start < at && at < i {
                    let inner = &line[start + 1..i];
                    if inner.contains("\\\\") || inner.contains("\\\"") {
                        return None;
                    }
                    return Some(format!(
                        "{}'{}'{}",
                        &line[..start],
                        inner.replace('\'', "''"),
                        &line[i + 1..]
                    ));
                }
                open = None;
            }
            _ => {}
        }
    }
    None
}

/// Where the first line of `yaml` that is neither blank nor a comment begins.
fn first_key_byte(yaml: &str) -> Option<usize> {
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        let content = line.trim_start();
        if !content.is_empty() && !content.starts_with('#') {
            return Some(offset + line.len() - content.len());
        }
        offset += line.len();
    }
    None
}

pub(super) fn syntax_hint(message: &str) -> String {
    if message.contains("end of stream") {
        "a quote or bracket opened before this line is not closed".to_string()
    } else if message.contains("mapping values are not allowed") {
        "check the indentation, and quote values that contain `: `".to_string()
    } else if message.contains("tab") {
        "YAML indents with spaces, not tabs: replace the tab with spaces".to_string()
    } else if message.contains("did not find expected") {
        "check the indentation and that quotes and brackets are closed".to_string()
    } else {
        "check the YAML syntax of this line".to_string()
    }
}

/// `` `links` has no value: it takes a map `` for serde's "invalid type: unit value,
/// expected a map" of the field at `path`; `None` for any other message.
fn no_value_message(path: &str, message: &str) -> Option<String> {
    let expected = message.strip_prefix("invalid type: unit value, expected ")?;
    if path.is_empty() {
        return None;
    }
    let takes = match expected {
        "a sequence" => "a list",
        "a boolean" => "`true` or `false`",
        "a string" => "a text",
        other if other.starts_with("a map such as") => "a map",
        other => other,
    };
    Some(format!("`{path}` has no value: it takes {takes}"))
}

/// A value of the field at `path` (its last key) as written, for the hints of type errors:
/// the fields whose type a hint cannot say in a word.
fn example_of(path: &str) -> Option<&'static str> {
    let key = path.rsplit('.').next().unwrap_or(path);
    Some(match key {
        "links" => "links: { code: https://github.com/..., project: https://... }",
        "arxiv" => "arxiv: { id: \"2404.02424\", version: 1, categories: [cs.CV] }",
        "analysis" => "analysis: { tldr: ..., method: ... }",
        "generated" => "generated: { tool: cn-chat-arxiv, fields: [title.zh] }",
        "labels" if path == "labels" => "labels: { en: { home: Start } }",
        "authors" => "authors: [Ada Lovelace, Alan Turing]",
        "tags" => "tags: [pruning, vision-language]",
        "papers" => "papers: [\"2404.02424\", \"2403.19651\"]",
        "categories" => "categories: [cs.CV, cs.LG]",
        "aliases" => "aliases: [/2024/04/04/daily-arxiv.html]",
        "fields" => "fields: [title.zh, summary]",
        "languages" => "languages: [zh, en]",
        "nav" => "nav: [{ label: { zh: 归档, en: Archive }, url: /digests/ }]",
        _ => return None,
    })
}

/// What to write in place of a value of the wrong type, from the type error's `message`
/// for the field at `path`: the type in words a reader writes (`true` or `false`, a list),
/// with an example of the field where one helps.
pub(super) fn type_hint(path: &str, message: &str) -> String {
    let key = path.rsplit('.').next().unwrap_or(path);
    let no_value = message.contains("invalid type: unit value");
    let example = example_of(path);
    if message.contains("expected a boolean") {
        // `yes`, `no`, `on` and `off` are texts in YAML 1.2, as the files are read.
        let yes_no = ["\"yes\"", "\"no\"", "\"on\"", "\"off\"", "\"y\"", "\"n\""]
            .iter()
            .any(|word| {
                message
                    .to_ascii_lowercase()
                    .contains(&format!("string {word}"))
            });
        let why = if yes_no {
            " (`yes`, `no`, `on` and `off` are texts)"
        } else {
            ""
        };
        format!("write `{key}: true` or `{key}: false`{why}")
    } else if message.contains("expected a sequence") {
        match (example, no_value) {
            (Some(example), true) => {
                format!("write its entries, e.g. `{example}`, or remove the line")
            }
            (Some(example), false) => {
                format!("write a list, e.g. `{example}`, or one `- item` per line")
            }
            (None, true) => {
                "write its entries, e.g. `[a, b]` or one `- item` per line, or remove the line"
                    .to_string()
            }
            (None, false) => "write a list, e.g. `[a, b]` or one `- item` per line".to_string(),
        }
    } else if message.contains("expected a map") {
        let example = example.map_or_else(
            || format!("`{key}: {{ name: value }}`, or the names and values on the lines under it, indented"),
            |example| format!("`{example}`"),
        );
        match no_value {
            true => format!("write its keys and values, e.g. {example}, or remove the line"),
            false => format!("write a map of keys and values, e.g. {example}"),
        }
    } else if no_value && message.contains("expected a string") {
        format!("write the value after `{key}:`, or remove the line")
    } else if message.contains("invalid type: sequence") && message.contains("expected a string") {
        "write one text here, not a list".to_string()
    } else if message.contains("invalid type: map") && message.contains("expected a string") {
        "write one text here, not a map".to_string()
    } else if message.contains("expected a string") {
        "quote the value, e.g. \"2404.02424\"".to_string()
    } else if message.contains("expected a whole number") {
        "write the number alone, in digits, without quotes or letters (`2`, not `v2` or `two`)"
            .to_string()
    } else if message.contains("expected a number") {
        "write the number alone, in digits, without quotes or letters".to_string()
    } else if message.contains("language") {
        "write a text, or a map such as `{ zh: ..., en: ... }`".to_string()
    } else {
        "check the value's type".to_string()
    }
}
