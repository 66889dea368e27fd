//! The one place that parses YAML.
//!
//! Everything else calls [`parse_yaml`], so the YAML library can be swapped without touching
//! the pipeline. Errors come back as a [`YamlError`] with a line and column *in the file*
//! (the caller passes the line the YAML block starts on) and a hint where one helps.

use serde::de::DeserializeOwned;

/// A YAML problem, located in the file the YAML came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
}

/// Parses `yaml` into `T`. `first_line` is the 1-based line of the file on which `yaml`
/// starts, so that reported lines are lines of the file, not of the YAML block.
pub fn parse_yaml<T: DeserializeOwned>(yaml: &str, first_line: usize) -> Result<T, YamlError> {
    serde_yaml::from_str::<T>(yaml).map_err(|err| {
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
        let hint = if let Some(rest) = message.strip_prefix("unknown field `") {
            let (field, expected) = split_unknown_field(rest);
            message = format!("unknown field `{field}`");
            match closest(&field, &expected) {
                Some(best) => format!(
                    "did you mean `{best}`? valid keys here: {}",
                    expected.join(", ")
                ),
                None => format!("valid keys here: {}", expected.join(", ")),
            }
        } else if let Some(field) = message
            .strip_prefix("duplicate field `")
            .and_then(|r| r.strip_suffix('`'))
        {
            // serde_yaml reports duplicates at 1:1; find the second occurrence ourselves.
            if let Some((l, c)) = find_duplicate_key(yaml, field) {
                line = l;
                column = c;
            }
            format!("`{field}` is given twice; keep one of them")
        } else if message.starts_with("missing field") {
            "add the field to the front matter".to_string()
        } else if message.contains("invalid type") {
            type_hint(&message)
        } else {
            syntax_hint(&message)
        };
        YamlError {
            line: first_line + line.saturating_sub(1),
            column,
            message,
            hint: Some(hint),
        }
    })
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
