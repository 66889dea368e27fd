//! The one place that parses YAML.
//!
//! Everything else calls [`parse_yaml`], so the YAML library can be swapped without touching
//! the pipeline. Errors come back as a [`YamlError`] with a line and column *in the file*
//! (the caller passes the line the YAML block starts on) and a hint where one helps.

use serde::de::DeserializeOwned;

use crate::locate;

/// A YAML problem, located in the file the YAML came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
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
    let err = match serde_yaml::from_str::<T>(yaml) {
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
    let first = describe(yaml, &err);
    // serde reads as it parses: an unknown key can come before a syntax error further on,
    // and is reported with it. Other errors before it may be its effect (a value seen
    // as a list where a bracket is not closed); nothing after it can be trusted.
    if let Err(syntax) = serde_yaml::from_str::<serde::de::IgnoredAny>(yaml) {
        let syntax = describe(yaml, &syntax).error;
        let mut errors = Vec::new();
        if first.error.message.starts_with("unknown field") && first.error != syntax {
            errors.push(in_file(first.error));
        }
        errors.push(in_file(syntax));
        return (None, errors);
    }
    // Going on is only sound for a mapping, and pointless after a missing field (serde
    // reports it once every field has been read).
    let is_mapping = serde_yaml::from_str::<MappingShape>(yaml).is_ok();
    if !is_mapping || !first.located || is_missing_field(&first.error.message) {
        return (None, vec![in_file(first.error)]);
    }
    let mut text = yaml.to_string();
    let mut blanked: Vec<String> = Vec::new();
    let mut errors = Vec::new();
    let mut current = first;
    loop {
        let line_count = text.lines().count();
        let keys = locate::top_level_keys(&text);
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
        let err = match serde_yaml::from_str::<T>(&text) {
            Ok(value) => return (Some(value), errors),
            Err(err) => err,
        };
        if serde_yaml::from_str::<MappingShape>(&text).is_err() {
            // Blanking broke the text (an entry this does not follow): stop here.
            return (None, errors);
        }
        let next = describe(&text, &err);
        if is_missing_field(&next.error.message) {
            // A field blanked above is not missing from the file.
            let field = next.error.message.split('`').nth(1).unwrap_or_default();
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

/// The field of a top-level "duplicate field" error.
fn duplicate_field(message: &str) -> Option<&str> {
    message
        .strip_prefix("duplicate field `")
        .and_then(|r| r.strip_suffix('`'))
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

/// Reads only when the text is well-formed YAML whose top level is a mapping (keys given
/// twice and values of any type allowed).
struct MappingShape;

impl<'de> serde::Deserialize<'de> for MappingShape {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ShapeVisitor;
        impl<'de> serde::de::Visitor<'de> for ShapeVisitor {
            type Value = MappingShape;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<MappingShape, A::Error> {
                use serde::de::IgnoredAny;
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(MappingShape)
            }
        }
        deserializer.deserialize_map(ShapeVisitor)
    }
}

/// A top-level "missing field" error (a nested one is prefixed with its field's path).
fn is_missing_field(message: &str) -> bool {
    message.starts_with("missing field")
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
/// breaks, ...), located: the YAML library reports it without a place.
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

/// A problem found by serde, described.
struct Found {
    /// With a line and column within the YAML text, and a hint.
    error: YamlError,
    /// Whether that place is known (else it is 1:1).
    located: bool,
    /// For an unknown top-level key, the valid keys.
    valid_keys: Vec<String>,
}

/// The error `err` of reading `yaml`.
fn describe(yaml: &str, err: &serde_yaml::Error) -> Found {
    let mut located = err.location().is_some();
    // From the byte offset: YAML also breaks lines at a lone CR, NEL, U+2028 and U+2029,
    // the file (and its editor) only at LF.
    let (mut line, mut column) =
        err.location()
            .map_or((1, 1), |loc| match yaml.get(..loc.index()) {
                Some(_) => crate::diagnostic::line_column(yaml, loc.index()),
                None => (loc.line(), loc.column()),
            });
    let raw = err.to_string();
    // serde_yaml appends " at line L column C"; we report the location ourselves.
    let mut message = match raw.find(" at line ") {
        Some(n) => raw[..n].to_string(),
        None => raw.clone(),
    };
    let mut valid_keys = Vec::new();
    let hint = if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = split_unknown_field(rest);
        message = format!("unknown field `{field}`");
        let hint = unknown_field_hint(&field, &expected);
        valid_keys = expected;
        hint
    } else if let Some((path, rest)) = message.split_once("unknown field `") {
        // In a nested map (`arxiv: unknown field ...`).
        let (field, expected) = split_unknown_field(rest);
        message = format!("{path}unknown field `{field}`");
        unknown_field_hint(&field, &expected)
    } else if let Some(field) = duplicate_field(&message) {
        // serde_yaml reports duplicates at 1:1; find the second occurrence ourselves.
        located = false;
        if let Some((l, c)) = find_duplicate_key(yaml, field) {
            line = l;
            column = c;
            located = true;
        }
        duplicate_hint(field)
    } else if message.starts_with("missing field") {
        "add the field to the front matter".to_string()
    } else if message.contains("invalid type") {
        type_hint(&message)
    } else if message.contains("unknown escape character") {
        escape_hint(
            yaml.lines().nth(line.saturating_sub(1)).unwrap_or(""),
            column,
        )
    } else {
        syntax_hint(&message)
    };
    Found {
        error: YamlError {
            line,
            column,
            message,
            hint: Some(hint),
        },
        located,
        valid_keys,
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

/// Splits "titel`, expected one of `id`, `title`" into ("titel", ["id", "title"]).
fn split_unknown_field(rest: &str) -> (String, Vec<String>) {
    let field = rest.split('`').next().unwrap_or("").to_string();
    let expected = rest
        .split_once("expected ")
        .map(|(_, list)| {
            list.split('`')
                .enumerate()
                .filter(|(i, _)| i % 2 == 1)
                .map(|(_, s)| s.to_string())
                .collect()
        })
        .unwrap_or_default();
    (field, expected)
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

/// Line and column (1-based, within `yaml`) of the second top-level `key:`.
fn find_duplicate_key(yaml: &str, key: &str) -> Option<(usize, usize)> {
    let mut seen = false;
    for (i, line) in yaml.lines().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let bare = trimmed
            .strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with(':'));
        let quoted = trimmed
            .strip_prefix(&format!("\"{key}\""))
            .is_some_and(|r| r.trim_start().starts_with(':'));
        if (bare || quoted) && indent == 0 {
            if seen {
                return Some((i + 1, 1));
            }
            seen = true;
        }
    }
    None
}

#[cfg(test)]
mod tests {
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
        assert_eq!(errors[1].message, "did not find expected ',' or ']'");
        // A value read as a list because its bracket is not closed: only the syntax.
        let (_, errors) = parse_yaml_all::<Small>("id: [a\ntitel: x\n", 2);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].message, "did not find expected ',' or ']'");
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
