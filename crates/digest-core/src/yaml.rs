//! The one place that reads YAML.
//!
//! Everything else calls [`parse_yaml`] (or [`parse_yaml_all`]), and finds where a key or a
//! value is written through a [`Tree`], so the YAML library can be swapped without touching
//! the pipeline. Errors come back as a [`YamlError`] with a line and column *in the file*
//! (the caller passes the line the YAML block starts on) and a hint where one helps.
//!
//! The reading is serde-saphyr's, whose errors are values (a kind, a location), and whose
//! `Spanned` gives the place of every key and value. What it cannot do is done here, each
//! kept small:
//!
//! - serde stops at the first problem: [`parse_yaml_all`] blanks the field in error and
//!   reads again, to report every field.
//! - A mismatch of a value against a typed field (a number where a list goes) is reported
//!   by the library as the YAML event it expected (`sequence start`), without the value it
//!   found or the field it is in; the message is made from the [`Tree`]: the field's path,
//!   the value found, what the field takes (`tags: invalid type: integer `5`, expected a
//!   sequence`). A struct-typed field is said to take "a map".
//! - An error raised by a type of our own while it reads a value (a text of the wrong
//!   shape) is placed by the library at the value's key: it is moved to the value.
//! - An unknown escape in double quotes is placed at the opening quote: it is moved to the
//!   backslash, which is what the hint is about.
//! - Control characters are found first, with their place (YAML allows none but tabs and
//!   line breaks).
//! - YAML also breaks lines at a lone CR, NEL, U+2028 and U+2029, the file (and its
//!   editor) only at LF: lines and columns are counted from byte offsets, as the file
//!   counts them.
//!
//! The wording of syntax errors is chosen from the parser's error kind.

use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::granit_parser::ErrorKind;
use serde_saphyr::{Error, ExternalMessageSource, Location, MessageFormatter, Spanned};

/// A YAML problem, located in the file the YAML came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
}

/// How YAML is read: as YAML 1.2 has it, and as the site's files have always been read.
fn options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    // `yes`, `no`, `on`, `off` are texts, not booleans.
    options.strict_booleans = true;
    // `~` in a list of texts is the text `~`.
    options.null_as_string = true;
    // Repeated keys go to the type read: a field given twice is an error of its own
    // (reported at the repetition), a map of links keeps the last value.
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::PassThrough;
    options.with_snippet = false;
    // Front matter nests a few levels at most. The parser and the reading recurse per
    // level, and content is read on rayon's threads (2 MiB of stack): a file of a few
    // hundred unclosed `[` must be an error, not a stack overflow.
    let mut budget = serde_saphyr::Budget::default();
    budget.flow_nesting_limit = MAX_NESTING;
    budget.max_depth = MAX_NESTING;
    options.budget = Some(budget);
    options
}

/// How deep collections may nest in front matter and `site.yaml`.
const MAX_NESTING: usize = 32;

fn read<T: DeserializeOwned>(yaml: &str) -> Result<T, Error> {
    serde_saphyr::from_str_with_options(yaml, options())
}

/// Parses `yaml` into `T`. `first_line` is the 1-based line of the file on which `yaml`
/// starts, so that reported lines are lines of the file, not of the YAML block. Only the
/// first problem is returned; [`parse_yaml_all`] finds them all.
pub fn parse_yaml<T: DeserializeOwned>(yaml: &str, first_line: usize) -> Result<T, YamlError> {
    match parse_yaml_all(yaml, first_line) {
        (Some(value), errors) if errors.is_empty() => Ok(value),
        (_, errors) => Err(errors
            .into_iter()
            .next()
            .expect("a failed parse has an error")),
    }
}

/// Parses `yaml` into `T` and reports every problem that can be found in one run: every
/// unknown top-level key and the first problem of each other top-level field (a value of
/// the wrong type, a key given twice, ...), or a syntax error (after an unknown key before
/// it, if any: nothing after a syntax error can be trusted).
///
/// serde stops at the first problem, so after each one the field it is in is blanked out
/// (its lines kept, empty, so that later lines and columns stay right) and the text is
/// read again; unknown keys and repeated keys are blanked all at once, so that the number
/// of readings is bounded by the number of valid keys, not of errors. The value is
/// returned too when what is left reads without error, so that the other fields can still
/// be checked; the errors, when there are any, must still fail the command.
pub fn parse_yaml_all<T: DeserializeOwned>(
    yaml: &str,
    first_line: usize,
) -> (Option<T>, Vec<YamlError>) {
    let err = match read::<T>(yaml) {
        Ok(value) => return (Some(value), Vec::new()),
        Err(err) => err,
    };
    let in_file = |mut e: YamlError| {
        e.line = first_line + e.line.saturating_sub(1);
        e
    };
    if let Some(e) = control_character(yaml) {
        return (None, vec![in_file(e)]);
    }
    let tree = match Tree::read(yaml) {
        Ok(tree) => tree,
        Err(syntax) => {
            // serde reads as it parses: an unknown key can come before a syntax error
            // further on, and is reported with it. Other errors before it may be its
            // effect (a value seen as a list where a bracket is not closed); nothing after
            // it can be trusted.
            let first = describe(yaml, None, &err);
            let syntax = describe(yaml, None, &syntax).error;
            let mut errors = Vec::new();
            if !first.valid_keys.is_empty() && first.error != syntax {
                errors.push(in_file(first.error));
            }
            errors.push(in_file(syntax));
            return (None, errors);
        }
    };
    let first = describe(yaml, Some(&tree), &err);
    // Going on is only sound for a mapping, and pointless after a missing field (serde
    // reports it once every field has been read).
    if !tree.is_map() || !first.located || first.missing.is_some() {
        return (None, vec![in_file(first.error)]);
    }
    let mut text = yaml.to_string();
    let mut tree = Some(tree);
    let mut blanked: Vec<String> = Vec::new();
    let mut errors = Vec::new();
    let mut current = first;
    loop {
        let line_count = text.lines().count();
        let keys = tree.as_ref().map(Tree::block_keys).unwrap_or_default();
        // The lines of the entry of key `i`: up to the next key.
        let block_of = |i: usize| {
            let end = keys.get(i + 1).map_or(line_count, |(_, l)| l - 1);
            (keys[i].1, end.max(keys[i].1))
        };
        let Some(at) = keys.iter().rposition(|(_, l)| *l <= current.error.line) else {
            errors.push(in_file(current.error));
            return (None, errors);
        };
        let mut drop = vec![at];
        if !current.valid_keys.is_empty() {
            // An unknown key: every other unknown key too.
            drop.extend(
                (0..keys.len())
                    .filter(|&i| i != at && !current.valid_keys.iter().any(|k| *k == keys[i].0)),
            );
        } else {
            // Every later repetition of the key goes too, each an error of its own: the
            // number of readings stays bounded by the number of valid keys.
            drop.extend((at + 1..keys.len()).filter(|&i| keys[i].0 == keys[at].0));
        }
        drop.sort_unstable();
        for &i in &drop {
            if i == at {
                errors.push(in_file(current.error.clone()));
            } else if current.valid_keys.is_empty() {
                errors.push(in_file(duplicate(&keys[i].0, keys[i].1)));
            } else {
                errors.push(in_file(unknown_field(
                    &keys[i].0,
                    &current.valid_keys,
                    keys[i].1,
                )));
            }
            blanked.push(keys[i].0.clone());
        }
        text = if drop.len() == keys.len() {
            // Nothing is left: read an empty mapping (a blank text is no mapping).
            "{}".to_string()
        } else {
            let lines: Vec<(usize, usize)> = drop.iter().map(|&i| block_of(i)).collect();
            blank_lines(&text, &lines)
        };
        let err = match read::<T>(&text) {
            Ok(value) => return (Some(value), errors),
            Err(err) => err,
        };
        tree = Tree::read(&text).ok().filter(Tree::is_map);
        let Some(now) = tree.as_ref() else {
            // Blanking broke the text (an entry this does not follow): stop here.
            return (None, errors);
        };
        let next = describe(&text, Some(now), &err);
        if let Some(field) = &next.missing {
            // A field blanked above is not missing from the file.
            if !blanked.iter().any(|b| b == field) {
                errors.push(in_file(next.error));
            }
            return (None, errors);
        }
        if !next.located {
            errors.push(in_file(next.error));
            return (None, errors);
        }
        current = next;
    }
}

/// The error for a repetition of the top-level key `field` on `line`.
fn duplicate(field: &str, line: usize) -> YamlError {
    YamlError {
        line,
        column: 1,
        message: format!("duplicate field `{field}`"),
        hint: Some(duplicate_hint(field)),
    }
}

fn duplicate_hint(field: &str) -> String {
    format!("`{field}` is given twice; keep one of them")
}

/// The error for the unknown top-level key `field` on `line`, naming the closest valid key.
fn unknown_field(field: &str, valid: &[String], line: usize) -> YamlError {
    YamlError {
        line,
        column: 1,
        message: format!("unknown field `{field}`"),
        hint: Some(unknown_field_hint(field, valid)),
    }
}

fn unknown_field_hint(field: &str, valid: &[String]) -> String {
    match closest(field, valid) {
        Some(best) => format!(
            "did you mean `{best}`? valid keys here: {}",
            valid.join(", ")
        ),
        None => format!("valid keys here: {}", valid.join(", ")),
    }
}

/// `text` with each range of lines (1-based, inclusive, in order) emptied, keeping their
/// line breaks.
fn blank_lines(text: &str, ranges: &[(usize, usize)]) -> String {
    let mut ranges = ranges.iter().peekable();
    text.split_inclusive('\n')
        .enumerate()
        .map(|(i, line)| {
            let n = i + 1;
            while ranges.peek().is_some_and(|r| r.1 < n) {
                ranges.next();
            }
            if ranges.peek().is_some_and(|r| r.0 <= n) {
                if line.ends_with('\n') { "\n" } else { "" }
            } else {
                line
            }
        })
        .collect()
}

/// The first character YAML does not allow (a control character other than tab and line
/// breaks, ...), located.
fn control_character(yaml: &str) -> Option<YamlError> {
    let (offset, c) = yaml.char_indices().find(|&(_, c)| {
        !matches!(c,
            '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}'
            | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
    })?;
    let (line, column) = crate::diagnostic::line_column(yaml, offset);
    Some(YamlError {
        line,
        column,
        message: format!("the control character U+{:04X} is not allowed here", c as u32),
        hint: Some(
            "delete it: it is invisible in most editors (it often comes from pasting text); YAML allows no control characters but tabs and line breaks"
                .to_string(),
        ),
    })
}

/// A problem found by the YAML library, described.
struct Found {
    /// With a line and column within the YAML text, and a hint.
    error: YamlError,
    /// Whether that place is known (else it is 1:1).
    located: bool,
    /// For an unknown top-level key, the valid keys.
    valid_keys: Vec<String>,
    /// For a missing top-level field, its name.
    missing: Option<String>,
}

/// The byte offset in `yaml` of a location of the library; `None` when it is unknown.
fn byte_of(yaml: &str, location: &Location) -> Option<usize> {
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
fn describe(yaml: &str, tree: Option<&Tree<'_>>, err: &Error) -> Found {
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
            (format!("unknown field `{field}`"), hint)
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
            let message = format!("invalid type: {unexpected}, expected {expected}");
            let hint = type_hint(&message);
            (message, hint)
        }
        Error::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => {
            let message = format!("invalid value: {unexpected}, expected {expected}");
            let hint = type_hint(&message);
            (message, hint)
        }
        Error::SerdeInvalidLength { len, expected, .. } => {
            let message = format!("invalid length {len}, expected {expected}");
            let hint = type_hint(&message);
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
            let hint = type_hint(&message);
            (message, hint)
        }
        Error::InvalidScalar { ty, .. } => {
            let message = format!("invalid type: {}, expected {ty}", found());
            let hint = type_hint(&message);
            (message, hint)
        }
        Error::InvalidBooleanStrict { .. } => {
            let message = format!("invalid type: {}, expected a boolean", found());
            let hint = type_hint(&message);
            (message, hint)
        }
        Error::NullIntoString { .. } => {
            let message = "invalid type: unit value, expected a string".to_string();
            let hint = type_hint(&message);
            (message, hint)
        }
        Error::Message { msg, .. } if duplicate_field(msg).is_some() => {
            let field = duplicate_field(msg).unwrap_or_default();
            // At the repetition, in the map that holds it.
            path = place.path.as_str();
            let map = place.container.or(tree.map(|t| &t.root));
            at = map
                .and_then(|m| repeated_key(m, field))
                .and_then(|k| span_byte(yaml, k))
                .or(byte);
            (format!("duplicate field `{field}`"), duplicate_hint(field))
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
        Error::Budget { .. } => {
            at = byte;
            path = "";
            (
                format!("lists and maps nest more than {MAX_NESTING} levels deep here"),
                "close the `[` and `{` that are open, or write the value on fewer levels"
                    .to_string(),
            )
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
fn syntax(yaml: &str, kind: &ErrorKind, at: &mut Option<usize>) -> (String, String) {
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
fn bad_escape(yaml: &str, from: usize) -> Option<usize> {
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
fn duplicate_field(message: &str) -> Option<&str> {
    message
        .strip_prefix("duplicate field `")
        .and_then(|r| r.strip_suffix('`'))
}

/// The second `key:` of the map `map`.
fn repeated_key<'t>(map: &'t Spanned<Node>, key: &str) -> Option<&'t Spanned<String>> {
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
fn span_byte<T>(yaml: &str, node: &Spanned<T>) -> Option<usize> {
    byte_of(yaml, &node.referenced)
}

/// `path.key`, as the old YAML reader (serde_yaml) wrote the path of a field.
fn join_key(path: &str, key: &Spanned<String>) -> String {
    if path.is_empty() {
        key.value.clone()
    } else {
        format!("{path}.{}", key.value)
    }
}

/// The value `node` as serde names a value it did not expect (`integer `5``, `sequence`).
fn unexpected(node: &Spanned<Node>) -> String {
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

/// A YAML value, its children located.
#[derive(Debug)]
enum Node {
    Scalar(Scalar),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<String>, Spanned<Node>)>),
}

/// A scalar as the YAML library resolves it when no type is asked for.
#[derive(Debug)]
enum Scalar {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
}

impl<'de> de::Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NodeVisitor;
        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
                Ok(Node::Scalar(Scalar::Bool(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
                Ok(Node::Scalar(Scalar::Int(v.into())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
                Ok(Node::Scalar(Scalar::Int(v.into())))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Node, E> {
                Ok(Node::Scalar(Scalar::Int(v)))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Node, E> {
                Ok(Node::Scalar(
                    i128::try_from(v).map_or_else(|_| Scalar::Str(v.to_string()), Scalar::Int),
                ))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
                Ok(Node::Scalar(Scalar::Float(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
                Ok(Node::Scalar(Scalar::Str(v.to_string())))
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Node, E> {
                Ok(Node::Scalar(Scalar::Str(
                    String::from_utf8_lossy(v).into_owned(),
                )))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Scalar(Scalar::Null))
            }
            fn visit_none<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Scalar(Scalar::Null))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Node::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key()? {
                    entries.push((key, map.next_value()?));
                }
                Ok(Node::Map(entries))
            }
        }
        deserializer.deserialize_any(NodeVisitor)
    }
}

/// Where a byte offset falls in a [`Tree`].
#[derive(Default)]
struct Place<'t> {
    /// The path (in the form serde_yaml gave it: `arxiv.version`, `authors[1]`) of the map or list
    /// holding the place.
    path: String,
    /// The map or list holding it.
    container: Option<&'t Spanned<Node>>,
    /// The entry whose key starts there.
    key: Option<(&'t Spanned<String>, &'t Spanned<Node>)>,
    /// Else the outermost value that starts there.
    value: Option<&'t Spanned<Node>>,
}

/// One entry of a list, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListItem<'a> {
    /// The entry's text, quotes and escapes removed.
    pub value: String,
    /// 1-based line and column (in characters) of the entry's first character (inside its
    /// quotes when it is quoted).
    pub line: usize,
    pub column: usize,
    /// The whole line the entry starts on.
    pub source_line: &'a str,
}

/// A YAML text read as a tree of located keys and values, for finding where something is
/// written. Lines and columns are 1-based and relative to the text (lines as the file
/// counts them: at LF).
pub struct Tree<'a> {
    text: &'a str,
    root: Spanned<Node>,
    /// The byte offset of each line's start.
    line_starts: Vec<usize>,
}

impl<'a> Tree<'a> {
    /// Reads `text`; the error is the library's, for a text that is not YAML.
    fn read(text: &'a str) -> Result<Tree<'a>, Error> {
        let root: Spanned<Node> = serde_saphyr::from_str_with_options(text, options())?;
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Ok(Tree {
            text,
            root,
            line_starts,
        })
    }

    /// `text` read, or `None` when it is not YAML.
    pub fn of(text: &'a str) -> Option<Tree<'a>> {
        Tree::read(text).ok()
    }

    fn is_map(&self) -> bool {
        matches!(self.root.value, Node::Map(_))
    }

    fn entries(&self) -> &[(Spanned<String>, Spanned<Node>)] {
        match &self.root.value {
            Node::Map(entries) => entries,
            _ => &[],
        }
    }

    /// Line and column of the byte offset `byte`.
    fn position(&self, byte: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&s| s <= byte).max(1);
        let start = self.line_starts[line - 1];
        let column = self
            .text
            .get(start..byte)
            .map_or(1, |t| t.chars().count() + 1);
        (line, column)
    }

    /// Line and column of where `node` starts.
    fn at<T>(&self, node: &Spanned<T>) -> Option<(usize, usize)> {
        span_byte(self.text, node).map(|b| self.position(b))
    }

    /// The text of line `line`.
    fn line(&self, line: usize) -> &'a str {
        let start = self
            .line_starts
            .get(line - 1)
            .copied()
            .unwrap_or(self.text.len());
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&e| e - 1);
        self.text[start..end.max(start)].trim_end_matches('\r')
    }

    /// Every top-level key with its line and column, in order (repetitions too).
    pub fn keys(&self) -> Vec<(String, usize, usize)> {
        self.entries()
            .iter()
            .filter_map(|(k, _)| self.at(k).map(|(l, c)| (k.value.clone(), l, c)))
            .collect()
    }

    /// The top-level keys with their lines, when each starts a line of its own (a block
    /// mapping); else none.
    fn block_keys(&self) -> Vec<(String, usize)> {
        let keys = self.keys();
        let own_lines =
            keys.iter().all(|(_, _, c)| *c == 1) && keys.windows(2).all(|w| w[0].1 < w[1].1);
        if own_lines {
            keys.into_iter().map(|(k, l, _)| (k, l)).collect()
        } else {
            Vec::new()
        }
    }

    /// The first entry of `key` in the map `map`.
    fn entry<'t>(
        map: &'t Spanned<Node>,
        key: &str,
    ) -> Option<&'t (Spanned<String>, Spanned<Node>)> {
        match &map.value {
            Node::Map(entries) => entries.iter().find(|(k, _)| k.value == key),
            _ => None,
        }
    }

    /// Line and column of the key at `path` (`["links", "pdf"]`): the first of its name.
    pub fn key(&self, path: &[&str]) -> Option<(usize, usize)> {
        let mut node = &self.root;
        let mut found = None;
        for key in path {
            let (k, v) = Tree::entry(node, key)?;
            found = Some(k);
            node = v;
        }
        self.at(found?)
    }

    /// Line and column of the value of the top-level `key`; the key's line and column 1
    /// when the value is not on the key's line (or is empty).
    pub fn value(&self, key: &str) -> Option<(usize, usize)> {
        let (k, v) = Tree::entry(&self.root, key)?;
        let key_at = self.at(k)?;
        let value_at = self.at(v)?;
        let empty = matches!(v.value, Node::Scalar(Scalar::Null)) && v.referenced.span().is_empty();
        if value_at.0 != key_at.0 || empty {
            Some((key_at.0, 1))
        } else {
            Some(value_at)
        }
    }

    /// Every entry of the list under the top-level `key`, in order; `None` when it is not
    /// a list of plain values.
    pub fn items(&self, key: &str) -> Option<Vec<ListItem<'a>>> {
        let (_, v) = Tree::entry(&self.root, key)?;
        let Node::Seq(items) = &v.value else {
            return None;
        };
        items
            .iter()
            .map(|item| {
                let Node::Scalar(scalar) = &item.value else {
                    return None;
                };
                let byte = span_byte(self.text, item)?;
                let quoted = self.text[byte..].starts_with(['"', '\'']);
                let value = match scalar {
                    Scalar::Str(s) if quoted => s.clone(),
                    _ => {
                        // A plain value is its text (what a list of texts reads).
                        let len = item.referenced.span().byte_len()? as usize;
                        self.text.get(byte..byte + len)?.to_string()
                    }
                };
                let (line, column) = self.position(byte);
                Some(ListItem {
                    value,
                    line,
                    column: column + usize::from(quoted),
                    source_line: self.line(line),
                })
            })
            .collect()
    }

    /// Where the byte offset `byte` falls.
    fn resolve(&self, byte: usize) -> Place<'_> {
        let mut place = Place::default();
        let mut node = &self.root;
        loop {
            match &node.value {
                Node::Map(entries) => {
                    let Some((k, v)) = entries
                        .iter()
                        .rev()
                        .find(|(k, _)| span_byte(self.text, k).is_some_and(|b| b <= byte))
                    else {
                        return place;
                    };
                    place.container = Some(node);
                    if span_byte(self.text, k) == Some(byte) {
                        place.key = Some((k, v));
                        return place;
                    }
                    place.path = join_key(&place.path, k);
                    if span_byte(self.text, v) == Some(byte) {
                        place.value = Some(v);
                        return place;
                    }
                    node = v;
                }
                Node::Seq(items) => {
                    let Some((i, v)) = items
                        .iter()
                        .enumerate()
                        .rev()
                        .find(|(_, v)| span_byte(self.text, v).is_some_and(|b| b <= byte))
                    else {
                        return place;
                    };
                    place.container = Some(node);
                    place.path = format!("{}[{i}]", place.path);
                    if span_byte(self.text, v) == Some(byte) {
                        place.value = Some(v);
                        return place;
                    }
                    node = v;
                }
                Node::Scalar(_) => return place,
            }
        }
    }
}

/// A backslash in a double-quoted string that starts no YAML escape: nearly always LaTeX.
/// Says to use single quotes, showing the line rewritten when that is simple.
fn escape_hint(line: &str, column: usize) -> String {
    let keep = "write LaTeX in single quotes, which keep backslashes as written";
    let block = "or in a block scalar: `|`, then the text on the next lines, indented";
    match single_quoted(line, column) {
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
fn single_quoted(line: &str, column: usize) -> Option<String> {
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

fn syntax_hint(message: &str) -> String {
    if message.contains("end of stream") {
        "a quote or bracket opened before this line is not closed".to_string()
    } else if message.contains("mapping values are not allowed") {
        "check the indentation, and quote values that contain `: `".to_string()
    } else if message.contains("did not find expected") {
        "check the indentation and that quotes and brackets are closed".to_string()
    } else {
        "check the YAML syntax of this line".to_string()
    }
}

fn type_hint(message: &str) -> String {
    if message.contains("expected a sequence") {
        "write a list, e.g. `[a, b]` or one `- item` per line".to_string()
    } else if message.contains("expected a string") {
        "quote the value, e.g. \"2404.02424\"".to_string()
    } else if message.contains("language") {
        "write a text, or a map such as `{ zh: ..., en: ... }`".to_string()
    } else {
        "check the value's type".to_string()
    }
}

/// The valid key closest to `field`, when it is close enough to be a likely typo.
pub fn closest<'a>(field: &str, valid: &'a [String]) -> Option<&'a str> {
    valid
        .iter()
        .map(|v| (strsim::damerau_levenshtein(field, v), v))
        .filter(|(d, v)| *d <= 2.max(v.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {

    /// Hundreds of unclosed `[` are an error at their place, also on a thread with rayon's
    /// 2 MiB of stack (a fuzz-found stack overflow).
    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let yaml = format!("id: a\ntitle: {}\n", "[k: ".repeat(400));
        let errors = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || parse_yaml_all::<crate::frontmatter::PaperFrontMatter>(&yaml, 2).1)
            .unwrap()
            .join()
            .expect("no stack overflow");
        let deep = errors
            .iter()
            .find(|e| e.message.contains("nest more than 32 levels"))
            .unwrap_or_else(|| panic!("{errors:?}"));
        assert_eq!(deep.line, 3);
    }
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Small {
        id: String,
        title: Option<String>,
    }

    #[test]
    fn unknown_field_names_closest_key_and_file_line() {
        let err = parse_yaml::<Small>("id: a\ntitel: x\n", 2).unwrap_err();
        assert_eq!((err.line, err.column), (3, 1));
        assert_eq!(err.message, "unknown field `titel`");
        assert!(err.hint.unwrap().starts_with("did you mean `title`?"));
    }

    #[test]
    fn duplicate_key_points_at_second_occurrence() {
        let err = parse_yaml::<Small>("id: a\ntitle: b\nid: c\n", 2).unwrap_err();
        assert_eq!((err.line, err.column), (4, 1));
    }

    fn places(errors: &[YamlError]) -> Vec<(usize, usize, &str)> {
        errors
            .iter()
            .map(|e| (e.line, e.column, e.message.as_str()))
            .collect()
    }

    #[test]
    fn every_field_error_is_reported_at_its_place() {
        let (value, errors) =
            parse_yaml_all::<Small>("id: a\ntitel: x\nsubtitle:\n  - y\ntitle: [1]\nid: b\n", 2);
        assert_eq!(
            places(&errors),
            vec![
                (3, 1, "unknown field `titel`"),
                (4, 1, "unknown field `subtitle`"),
                (6, 8, "title: invalid type: sequence, expected a string"),
                (7, 1, "duplicate field `id`"),
            ]
        );
        assert!(
            errors[1]
                .hint
                .as_deref()
                .unwrap()
                .contains("valid keys here")
        );
        // What is left reads, so that the other fields can be checked.
        assert_eq!(value.unwrap().id, "a");
    }

    #[test]
    fn many_unknown_and_repeated_keys_are_all_reported_in_few_readings() {
        let mut yaml = String::from("id: a\n");
        for i in 0..2_000 {
            yaml.push_str(&format!("key{i}:\n  x: 1\nid: b\ntitle: [x]\n"));
        }
        let (value, errors) = parse_yaml_all::<Small>(&yaml, 2);
        let unknown = errors
            .iter()
            .filter(|e| e.message.starts_with("unknown"))
            .count();
        let twice = errors
            .iter()
            .filter(|e| e.message.starts_with("duplicate"))
            .count();
        let wrong = errors
            .iter()
            .filter(|e| e.message.contains("invalid type"))
            .count();
        // The first `title` is of the wrong type; the others are repetitions.
        assert_eq!((unknown, twice, wrong), (2_000, 2 * 2_000 - 1, 1));
        assert_eq!(errors[0].line, 3);
        assert_eq!(
            errors[0].hint.as_deref(),
            Some("valid keys here: id, title")
        );
        assert!(
            errors
                .iter()
                .all(|e| e.column == if e.message.contains("invalid") { 8 } else { 1 })
        );
        assert_eq!(value.unwrap().id, "a");
    }

    #[test]
    fn a_nested_unknown_key_names_its_closest_valid_key() {
        #[derive(Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Outer {
            inner: Option<Small>,
        }
        let err = parse_yaml::<Outer>("inner:\n  id: a\n  titel: x\n", 2).unwrap_err();
        assert_eq!(err.message, "inner: unknown field `titel`");
        assert!(err.hint.unwrap().starts_with("did you mean `title`?"));
    }

    #[test]
    fn a_blanked_field_is_not_reported_missing_but_a_missing_one_is() {
        let (value, errors) = parse_yaml_all::<Small>("id: [1]\ntitel: x\n", 2);
        assert!(value.is_none());
        assert_eq!(
            places(&errors),
            vec![
                (2, 5, "id: invalid type: sequence, expected a string"),
                (3, 1, "unknown field `titel`"),
            ]
        );
        let (value, errors) = parse_yaml_all::<Small>("titel: x\n", 2);
        assert!(value.is_none());
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(errors[1].message, "missing field `id`");
    }

    #[test]
    fn a_syntax_error_ends_the_search() {
        let (value, errors) = parse_yaml_all::<Small>("titel: x\nid: [a\nsubtitle: x\n", 2);
        assert!(value.is_none());
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(errors[0].message, "unknown field `titel`");
        // At the `:` that the open bracket makes out of place.
        assert_eq!(
            places(&errors[1..]),
            vec![(4, 9, "illegal placement of ':' indicator")]
        );
        // A value read as a list because its bracket is not closed: only the syntax.
        let (_, errors) = parse_yaml_all::<Small>("id: [a\ntitel: x\n", 2);
        assert_eq!(
            places(&errors),
            vec![(3, 6, "illegal placement of ':' indicator")]
        );
        assert!(
            errors[0]
                .hint
                .as_deref()
                .unwrap()
                .contains("brackets are closed")
        );
    }

    #[test]
    fn control_characters_are_located() {
        let err = parse_yaml::<Small>("id: a\ntitle: \"x\u{0}y\"\n", 2).unwrap_err();
        assert_eq!((err.line, err.column), (3, 10));
        assert!(err.message.contains("U+0000"), "{}", err.message);
    }

    #[test]
    fn latex_in_double_quotes_gets_the_single_quoted_line() {
        let err = parse_yaml::<Small>("id: a\ntitle: \"$\\mathcal{O}(n)$ it's\"\n", 2).unwrap_err();
        assert_eq!(err.message, "found unknown escape character");
        let hint = err.hint.unwrap();
        assert!(
            hint.contains("`title: '$\\mathcal{O}(n)$ it''s'`"),
            "{hint}"
        );
        // Escapes that single quotes would change: no rewritten line, still the advice.
        let err = parse_yaml::<Small>("id: a\ntitle: \"\\\\ $\\mathcal$\"\n", 2).unwrap_err();
        let hint = err.hint.unwrap();
        assert!(hint.contains("single quotes"), "{hint}");
        assert!(!hint.contains("title: '"), "{hint}");
    }

    #[test]
    fn lines_are_counted_as_the_file_counts_them() {
        // YAML also breaks lines at a lone CR, NEL, U+2028 and U+2029; files (and editors)
        // break them at LF only. Found by the fuzz target `paper`.
        for odd in ["\r", "\u{85}", "\u{2028}", "\u{2029}"] {
            let yaml = format!("id: a\ntitle: \"x{odd}y\"\nbadkey: 1\n");
            let err = parse_yaml::<Small>(&yaml, 2).unwrap_err();
            assert_eq!((err.line, err.column), (4, 1), "{odd:?}: {err:?}");
        }
        // CRLF is one line break.
        let err = parse_yaml::<Small>("id: a\r\ntitle: [x]\r\n", 2).unwrap_err();
        assert_eq!((err.line, err.column), (3, 8), "{err:?}");
    }

    #[test]
    fn numeric_looking_ids_keep_their_text() {
        let s: Small = parse_yaml("id: 2404.02420\n", 2).unwrap();
        assert_eq!(s.id, "2404.02420");
    }
}
