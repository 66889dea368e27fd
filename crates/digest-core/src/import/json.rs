//! JSON inputs, read as records: one JSON object (a pretty-printed file, as cn-chat-arxiv
//! keeps one per paper), JSON Lines (one object per line, as daily-arXiv-ai-enhanced
//! writes a day), or a JSON array of objects (what `jq -s` or a script's `json.dump` of a
//! list makes of those). Each record keeps where it is in the file, so that a field of the wrong
//! type, or a record that does not parse, is reported at its line and column.
//!
//! What the records mean is for the importers of each tool ([`super::cn_chat_arxiv`],
//! [`super::daily_arxiv`], and digest-site's own [`super::site_jsonl`]); which tool wrote them is told by their keys
//! ([`super::parse_source`]).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::SourceFile;
use crate::diagnostic::{Diagnostic, Diagnostics, line_column};

/// One JSON object of the input.
#[derive(Debug)]
pub struct Record<'a> {
    source: SourceFile<'a>,
    /// The byte range of the object in the input.
    start: usize,
    end: usize,
    /// The line it starts on (counted once: a file holds thousands of records).
    line: usize,
    pub fields: Map<String, Value>,
}

impl<'a> Record<'a> {
    /// The line the record starts on.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The record as written.
    pub fn raw(&self) -> &'a str {
        &self.source.text[self.start..self.end]
    }

    /// The byte offset in [`Record::raw`] of a place given as serde_json reports it
    /// (1-based line and byte column within the record), at a character's start.
    pub fn offset(&self, line: usize, column: usize) -> usize {
        let raw = self.raw();
        let offset = raw
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum::<usize>()
            + column.saturating_sub(1);
        (0..=offset.min(raw.len()))
            .rev()
            .find(|&i| raw.is_char_boundary(i))
            .unwrap_or(0)
    }

    /// An error at byte `offset` of [`Record::raw`] (such as [`Record::offset`] gives).
    pub fn error_at_offset(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        let (line, column) = line_column(self.source.text, self.start + offset);
        self.source.error(line, column, message)
    }

    /// Where `key` is written in the record (the start of the record when it is not).
    fn position(&self, key: &str) -> (usize, usize) {
        let quoted = format!("\"{key}\"");
        let at = self.source.text[self.start..self.end]
            .find(&quoted)
            .map_or(self.start, |i| self.start + i);
        line_column(self.source.text, at)
    }

    /// An error at `key` of the record.
    pub fn error(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.position(key);
        self.source.error(line, column, message)
    }

    /// A warning at `key` of the record.
    pub fn warning(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.position(key);
        self.source.warning(line, column, message)
    }

    /// The text of `key`, trimmed; `None` when the key is missing, null or blank. Any other
    /// value than a string is an error.
    pub fn text(&self, key: &str) -> Result<Option<&str>, Diagnostic> {
        self.text_of(key, false)
    }

    /// [`Record::text`] of a key every record has (the caller says what its absence is):
    /// a value of another kind is not to be left out, but written as a text.
    pub fn required_text(&self, key: &str) -> Result<Option<&str>, Diagnostic> {
        self.text_of(key, true)
    }

    fn text_of(&self, key: &str, required: bool) -> Result<Option<&str>, Diagnostic> {
        match self.fields.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim()).filter(|s| !s.is_empty())),
            Some(other) => {
                // A number or a boolean is the text it would be in quotes (an arXiv id
                // written as a number loses a last 0: quoted, it keeps it).
                let written = match other {
                    Value::Number(_) | Value::Bool(_) => other.to_string(),
                    _ => "...".to_string(),
                };
                let hint = if required {
                    format!("write it as a text, in quotes: `\"{key}\": \"{written}\"`")
                } else {
                    format!("write `\"{key}\": \"{written}\"`, or leave the key out")
                };
                Err(self
                    .error(key, format!("`{key}` is {}, not a text", kind(other)))
                    .with_hint(hint))
            }
        }
    }

    /// [`Record::text`] for a web address: one that is not http(s) (`javascript:`, a
    /// relative path) is an error at the key, where the input has it, rather than in the
    /// paper file the import would write.
    pub fn url(&self, key: &str) -> Result<Option<&str>, Diagnostic> {
        let url = self.text(key)?;
        if let Some(u) = url
            && let Err(problem) = crate::validate::check_link(u, false)
        {
            return Err(self
                .error(key, format!("`{key}`: {problem}"))
                .with_hint("a paper's links are http:// or https:// addresses, such as https://arxiv.org/abs/2404.02424"));
        }
        Ok(url)
    }

    /// The texts of the list `key`, each trimmed, blank ones left out; empty when the key
    /// is missing or null.
    pub fn texts(&self, key: &str) -> Result<Vec<&str>, Diagnostic> {
        let wrong = |found: &Value| {
            self.error(
                key,
                format!("`{key}` is {}, not a list of texts", kind(found)),
            )
            .with_hint(format!("write `\"{key}\": [\"...\", \"...\"]`"))
        };
        match self.fields.get(key) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|item| match item {
                    Value::String(s) => Some(Ok(s.trim())).filter(|s| !matches!(s, Ok(""))),
                    Value::Null => None,
                    other => Some(Err(wrong(other))),
                })
                .collect(),
            Some(other) => Err(wrong(other)),
        }
    }

    /// The object under `key`; `None` when the key is missing or null.
    pub fn object(&self, key: &str) -> Result<Option<&Map<String, Value>>, Diagnostic> {
        match self.fields.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(map)) => Ok(Some(map)),
            Some(other) => Err(self
                .error(key, format!("`{key}` is {}, not an object", kind(other)))
                .with_hint(format!("write `\"{key}\": {{ ... }}`"))),
        }
    }
}

/// `a number`, `a list`, ... for messages.
pub fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The records of `source`, a JSON object, JSON Lines or a JSON array of objects; `None`
/// when it is none of them (the caller then tries the other formats). Lines (elements)
/// that are not JSON objects are errors, once the first has shown the file to be JSON
/// Lines (an array of records).
pub fn read_records<'a>(source: &SourceFile<'a>) -> Option<Result<Vec<Record<'a>>, Diagnostics>> {
    let text = source.text;
    let body_start = text.len() - text.trim_start_matches('\u{feff}').trim_start().len();
    if text[body_start..].starts_with('[') {
        return array_records(source, body_start);
    }
    if !text[body_start..].starts_with('{') {
        return None;
    }
    // One object (pretty-printed or not) filling the file.
    if let Ok(Value::Object(fields)) = serde_json::from_str::<Value>(&text[body_start..]) {
        let end = text.trim_end().len();
        return Some(Ok(vec![Record {
            source: *source,
            start: body_start,
            end,
            line: line_column(text, body_start).0,
            fields,
        }]));
    }
    // JSON Lines: the first line must be an object by itself.
    let mut records = Vec::new();
    let mut errors = Diagnostics::new();
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        let line_number = index + 1;
        let trimmed = line.trim_start_matches('\u{feff}').trim();
        if trimmed.is_empty() {
            continue;
        }
        let lead = line.len() - line.trim_start_matches('\u{feff}').trim_start().len();
        match serde_json::from_str::<Value>(trimmed) {
            Ok(Value::Object(fields)) => records.push(Record {
                source: *source,
                start: start + lead,
                end: start + lead + trimmed.len(),
                line: line_number,
                fields,
            }),
            Ok(other) if !records.is_empty() || !errors.is_empty() => errors.push(
                source
                    .error_at_offset(
                        start + lead,
                        format!("this line is {}, not a JSON object", kind(&other)),
                    )
                    .with_hint("JSON Lines hold one object `{ ... }` per line"),
            ),
            Err(e) if !records.is_empty() || !errors.is_empty() => {
                let column = lead + e.column().max(1);
                let column = text[start..]
                    .get(..column.saturating_sub(1))
                    .map_or(column, |t| t.chars().count() + 1);
                errors.push(
                    source
                        .error(line_number, column, format!("this line is not valid JSON: {e}"))
                        .with_hint(
                            "JSON Lines hold one complete object per line; a truncated file ends mid-line",
                        ),
                );
            }
            // The first line is no object: not JSON Lines (a JSON file that is no object,
            // or a JSON object spread over lines that does not parse).
            _ => return json_error(source, body_start),
        }
    }
    if errors.is_empty() {
        Some(Ok(records))
    } else {
        Some(Err(errors))
    }
}

/// The records of a JSON array of objects (`[{…}, {…}]`), one per element, each where
/// it is written, as a line of JSON Lines is; `None` when the file is no array of objects
/// (a list of texts; a Markdown file that starts with a link), for the caller to refuse or
/// read otherwise. `body_start` is where the `[` is.
fn array_records<'a>(
    source: &SourceFile<'a>,
    body_start: usize,
) -> Option<Result<Vec<Record<'a>>, Diagnostics>> {
    let text = source.text;
    // Read whole first, without keeping it: a malformed or truncated array of objects is
    // an error where the parser stopped; what follows can then read element by element.
    if serde_json::from_str::<serde::de::IgnoredAny>(&text[body_start..]).is_err() {
        let first = text[body_start + 1..].trim_start();
        return if first.starts_with('{') {
            json_error(source, body_start)
        } else {
            None
        };
    }
    let mut records = Vec::new();
    let mut errors = Diagnostics::new();
    let mut at = body_start + 1;
    // The line of `at`, counted on as the elements are read (a file holds thousands).
    let (mut line, mut counted) = (line_column(text, body_start).0, body_start);
    loop {
        // Between elements, the array (valid JSON) has only JSON's whitespace and commas.
        let rest = &text[at..];
        at += rest.len() - rest.trim_start_matches([' ', '\t', '\n', '\r', ',']).len();
        if text[at..].starts_with(']') {
            break;
        }
        let mut element = serde_json::Deserializer::from_str(&text[at..]).into_iter::<Value>();
        let value = element.next()?.ok()?;
        let end = at + element.byte_offset();
        line += text[counted..at].matches('\n').count();
        counted = at;
        match value {
            Value::Object(fields) => records.push(Record {
                source: *source,
                start: at,
                end,
                line,
                fields,
            }),
            // The first element is no object: a list of something else.
            _ if records.is_empty() && errors.is_empty() => return None,
            other => errors.push(
                source
                    .error_at_offset(
                        at,
                        format!(
                            "this element of the array is {}, not a JSON object",
                            kind(&other)
                        ),
                    )
                    .with_hint("an array of records holds one object `{ ... }` per record"),
            ),
        }
        at = end;
    }
    if errors.is_empty() {
        Some(Ok(records))
    } else {
        Some(Err(errors))
    }
}

/// The error of a file that starts like JSON but reads neither as one object nor as JSON
/// Lines: where the JSON parser stopped.
fn json_error<'a>(
    source: &SourceFile<'a>,
    body_start: usize,
) -> Option<Result<Vec<Record<'a>>, Diagnostics>> {
    let text = &source.text[body_start..];
    let e = match serde_json::from_str::<Value>(text) {
        Err(e) => e,
        // A valid JSON document that is no object: for the caller to refuse.
        Ok(_) => return None,
    };
    let (line, column) = line_column(source.text, body_start);
    let line = line + e.line().saturating_sub(1);
    let column = if e.line() <= 1 {
        column + e.column().saturating_sub(1)
    } else {
        e.column()
    };
    Some(Err(source
        .error(line, column.max(1), format!("the JSON is malformed: {e}"))
        .with_hint("the file must be one complete JSON object, an array of objects `[{ ... }, { ... }]`, or one object per line (JSON Lines)")
        .into()))
}

/// Warns once per key of `records` that `known` does not hold: the key, how many records
/// have it, at the first of them. `what` names the format (`cn-chat-arxiv`).
pub fn unknown_keys(records: &[Record<'_>], known: &[&str], what: &str) -> Diagnostics {
    let mut found: BTreeMap<&str, (usize, &Record<'_>)> = BTreeMap::new();
    for record in records {
        for key in record.fields.keys() {
            if !known.contains(&key.as_str()) {
                found.entry(key.as_str()).or_insert((0, record)).0 += 1;
            }
        }
    }
    let mut out = Diagnostics::new();
    for (key, (count, first)) in found {
        let records = if count == 1 {
            "1 record".to_string()
        } else {
            format!("{count} records")
        };
        out.push(
            first
                .warning(
                    key,
                    format!(
                        "`{key}` ({records}) is not a field of {what} records; it is not imported"
                    ),
                )
                .with_hint(format!(
                    "the fields of {what} records are: {}",
                    known.join(", ")
                )),
        );
    }
    out
}
