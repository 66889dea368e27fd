//! The one place that reads YAML.
//!
//! Everything else calls [`parse_yaml_all`], and finds where a key or a
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

mod messages;
mod simple;
mod tree;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_saphyr::Error;

use messages::*;
pub(crate) use simple::read_simple;
pub use tree::{ListItem, Tree};

/// A map whose keys are each given once, for the maps of a file read into a
/// `BTreeMap` (`labels:`): serde's maps keep the last of a repeated key without a word,
/// which lost the whole first `zh:` block of labels given twice. A repetition is the error
/// "duplicate field", which is reported at it, as a field's is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UniqueKeys<V>(pub std::collections::BTreeMap<String, V>);

impl<V> Default for UniqueKeys<V> {
    fn default() -> Self {
        UniqueKeys(std::collections::BTreeMap::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for UniqueKeys<V> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for MapVisitor<V> {
            type Value = UniqueKeys<V>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut entries = std::collections::BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    if entries.contains_key(&key) {
                        return Err(serde::de::Error::custom(format_args!(
                            "duplicate field `{key}`"
                        )));
                    }
                    let value = map.next_value()?;
                    entries.insert(key, value);
                }
                Ok(UniqueKeys(entries))
            }
        }
        deserializer.deserialize_map(MapVisitor(std::marker::PhantomData))
    }
}

/// A map field read as [`UniqueKeys`] (`#[serde(deserialize_with = "...")]`): a key
/// given twice is an error at the repetition.
pub fn unique_keys<'de, D, V>(
    deserializer: D,
) -> Result<std::collections::BTreeMap<String, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: Deserialize<'de>,
{
    UniqueKeys::deserialize(deserializer).map(|keys| keys.0)
}

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

/// The quick reading of `yaml` (`None` when it leaves it to the parser), checked to be
/// what the full parser reads: the check of the tests and of the `paper` fuzz target.
#[cfg(test)]
pub(crate) fn read_simple_checked<T: DeserializeOwned + PartialEq + std::fmt::Debug>(
    yaml: &str,
) -> Result<Option<T>, String> {
    let Some(quick) = read_simple::<T>(yaml) else {
        return Ok(None);
    };
    if let Some(e) = escaped_control_character(yaml) {
        return Err(format!(
            "the loader refuses what was read quickly ({}): {quick:?}",
            e.message
        ));
    }
    match read::<T>(yaml) {
        Ok(full) if full == quick => Ok(Some(quick)),
        Ok(full) => Err(format!(
            "the quick reading differs from the parser's: {quick:?}, the parser's {full:?}"
        )),
        Err(e) => Err(format!(
            "the parser refuses what was read quickly ({e}): {quick:?}"
        )),
    }
}

/// [`read_simple_checked`] of the front matter of the paper file `text`.
#[cfg(test)]
pub(crate) fn quick_reading_agrees(text: &str) -> Result<(), String> {
    match crate::load::split_front_matter(text) {
        Ok((yaml, _, _)) => {
            read_simple_checked::<crate::frontmatter::PaperFrontMatter>(yaml).map(drop)
        }
        Err(_) => Ok(()),
    }
}

/// `place` (line and column) in YAML of `lines` lines, on one of them: a key with no name
/// (`?` alone) on the last line is placed by the parser on the line after it, past the
/// YAML (in a file, the closing `---`); it is shown at the start of the last line.
pub(crate) fn on_its_lines(place: (usize, usize), lines: usize) -> (usize, usize) {
    if lines > 0 && place.0 > lines {
        (lines, 1)
    } else {
        place
    }
}

/// How deep collections may nest in front matter and `site.yaml`.
const MAX_NESTING: usize = 32;

fn read<T: DeserializeOwned>(yaml: &str) -> Result<T, Error> {
    serde_saphyr::from_str_with_options(yaml, options())
}

/// Parses `yaml` into `T` and reports every problem that can be found in one run: every
/// unknown top-level key and the first problem of each other top-level field (a value of
/// the wrong type, a key given twice, ...), or a syntax error (after an unknown key before
/// it, if any: nothing after a syntax error can be trusted). `first_line` is the 1-based
/// line of the file on which `yaml` starts, so that reported lines are lines of the file,
/// not of the YAML block.
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
    // Only a key with no name is moved onto the YAML's lines: the end of the stream is
    // rightly shown on the line after them (the closing `---`).
    let (yaml_lines, nameless) = (yaml.lines().count(), unknown_field_message(""));
    let in_file = |mut e: YamlError| {
        if e.message == nameless {
            (e.line, e.column) = on_its_lines((e.line, e.column), yaml_lines);
        }
        e.line = first_line + e.line.saturating_sub(1);
        e
    };
    let err = match read::<T>(yaml) {
        Ok(value) => {
            return match escaped_control_character(yaml) {
                None => (Some(value), Vec::new()),
                Some(e) => (None, vec![in_file(e)]),
            };
        }
        Err(err) => err,
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
            let mut syntax = describe(yaml, None, &syntax).error;
            at_the_tab(&mut syntax, yaml);
            let mut errors = Vec::new();
            if !first.valid_keys.is_empty() && first.error != syntax {
                errors.push(in_file(first.error));
            }
            errors.push(in_file(syntax));
            return (None, errors);
        }
    };
    let mut first = describe(yaml, Some(&tree), &err);
    at_the_tab(&mut first.error, yaml);
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
        let blanked_text = if drop.len() == keys.len() {
            // Nothing is left: read an empty mapping (a blank text is no mapping).
            "{}".to_string()
        } else {
            let lines: Vec<(usize, usize)> = drop.iter().map(|&i| block_of(i)).collect();
            blank_lines(&text, &lines)
        };
        // A key placed past its lines (an empty `?` key on the last line is placed on the
        // line after it) blanks nothing: reading the same text again would loop forever.
        if blanked_text == text {
            return (None, errors);
        }
        text = blanked_text;
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
        message: unknown_field_message(field),
        hint: Some(unknown_field_hint(field, valid)),
    }
}

/// What is said of the unknown key `field`; a key with no name (`?` alone, or `: x`) is
/// said to be one.
fn unknown_field_message(field: &str) -> String {
    if field.is_empty() {
        "a key with no name (a `?` or a `:` with nothing before it)".to_string()
    } else {
        format!("unknown field `{field}`")
    }
}

fn unknown_field_hint(field: &str, valid: &[String]) -> String {
    if field.is_empty() {
        return format!(
            "write the key's name before its `:`, or remove the line; valid keys here: {}",
            valid.join(", ")
        );
    }
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

/// The parser places a tab where it finds the indentation wrong (often a value of the line
/// before); the tab is where the reader must look.
fn at_the_tab(error: &mut YamlError, yaml: &str) {
    if error.message.contains("tab")
        && let Some(at) = tab_in_indentation(yaml)
    {
        (error.line, error.column) = at;
    }
}

/// The line and column of the first tab in a line's indentation.
fn tab_in_indentation(yaml: &str) -> Option<(usize, usize)> {
    yaml.lines().enumerate().find_map(|(i, line)| {
        let indent = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
        indent
            .find('\t')
            .map(|at| (i + 1, indent[..at].chars().count() + 1))
    })
}

/// Whether YAML allows `c` (its printable characters: no control characters but tab and
/// line breaks).
pub(crate) fn printable(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}'
        | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// The first character YAML does not allow (a control character other than tab and line
/// breaks, ...), located.
fn control_character(yaml: &str) -> Option<YamlError> {
    let (offset, c) = yaml.char_indices().find(|&(_, c)| !printable(c))?;
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

/// The first escape of a double-quoted scalar that YAML reads as a character it does not
/// allow written (`"\\e[31m"`, `"\\x01"`, `"\\uFFFE"`; `"\\alpha"`, LaTeX in double quotes,
/// is a bell and `lpha`), located. Read as they are, they would reach the pages and the
/// BibTeX as invisible bytes.
///
/// Hand-written: the YAML readers give the value, not where each of its characters was
/// written. This scan follows the scalars a front matter holds (plain, quoted, block,
/// flow lists and maps, comments) only as far as telling a double-quoted scalar's
/// backslashes from literal ones.
fn escaped_control_character(yaml: &str) -> Option<YamlError> {
    if !yaml.contains('\\') || !yaml.contains('"') {
        return None;
    }
    let mut flow_depth = 0usize;
    // Lines more indented than this one are a block scalar's (`|`, `>`), read as written.
    let mut block_indent: Option<usize> = None;
    let mut quoted: Option<char> = None;
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(block) = block_indent {
            if line.trim().is_empty() || indent > block {
                continue;
            }
            block_indent = None;
        }
        let mut value_start = quoted.is_none();
        let mut chars = line.char_indices().peekable();
        let mut previous = ' ';
        while let Some((i, c)) = chars.next() {
            match quoted {
                Some('"') => match c {
                    '"' => quoted = None,
                    '\\' => {
                        let Some((_, kind)) = chars.next() else {
                            continue;
                        };
                        let decoded = match kind {
                            '0' => Some('\0'),
                            'a' => Some('\u{7}'),
                            'b' => Some('\u{8}'),
                            'v' => Some('\u{b}'),
                            'f' => Some('\u{c}'),
                            'e' => Some('\u{1b}'),
                            'x' | 'u' | 'U' => {
                                let digits = match kind {
                                    'x' => 2,
                                    'u' => 4,
                                    _ => 8,
                                };
                                let hex: String = (0..digits)
                                    .filter_map(|_| chars.next().map(|(_, h)| h))
                                    .collect();
                                u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)
                            }
                            _ => None,
                        };
                        if let Some(decoded) = decoded.filter(|d| !printable(*d)) {
                            let (line, column) = crate::diagnostic::line_column(yaml, start + i);
                            return Some(YamlError {
                                line,
                                column,
                                message: format!(
                                    "`\\{kind}…` in double quotes is the control character U+{:04X}, which is not allowed here",
                                    decoded as u32
                                ),
                                hint: Some(
                                    "in double quotes a backslash starts an escape: write `\\\\` for a backslash (`\\\\alpha`), or put the text in single quotes or a `|` block, where backslashes are kept"
                                        .to_string(),
                                ),
                            });
                        }
                    }
                    _ => {}
                },
                Some(_) => {
                    if c == '\'' {
                        if chars.peek().is_some_and(|&(_, n)| n == '\'') {
                            chars.next();
                        } else {
                            quoted = None;
                        }
                    }
                }
                None => {
                    if c == '#' && previous.is_whitespace() {
                        break;
                    }
                    if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
                        previous = c;
                        continue;
                    }
                    if value_start {
                        match c {
                            '"' | '\'' => quoted = Some(c),
                            '|' | '>' => block_indent = Some(indent),
                            '[' | '{' => flow_depth += 1,
                            '-' | '?' => {}
                            _ => value_start = false,
                        }
                        if matches!(c, '"' | '\'' | '|' | '>') {
                            value_start = false;
                        }
                    } else {
                        match c {
                            ':' if chars.peek().is_none_or(|&(_, n)| n.is_whitespace()) => {
                                value_start = true;
                            }
                            ',' if flow_depth > 0 => value_start = true,
                            '[' | '{' if flow_depth > 0 => {
                                flow_depth += 1;
                                value_start = true;
                            }
                            ']' | '}' if flow_depth > 0 => flow_depth -= 1,
                            _ => {}
                        }
                    }
                }
            }
            previous = c;
        }
    }
    None
}

/// The valid key closest to `field`, when it is close enough to be a likely typo. Case and
/// separators count for nothing: `baseURL` (Hugo's), `outputDir` and `base-url` are
/// `base_url` written in another generator's or language's habit, however many letters
/// they differ in.
pub fn closest<'a>(field: &str, valid: &'a [String]) -> Option<&'a str> {
    let fold = |key: &str| -> String {
        key.chars()
            .filter(|c| !matches!(c, '_' | '-' | ' '))
            .flat_map(char::to_lowercase)
            .collect()
    };
    let folded = fold(field);
    valid
        .iter()
        .map(|v| {
            let distance = strsim::damerau_levenshtein(field, v)
                .min(strsim::damerau_levenshtein(&folded, &fold(v)));
            (distance, v)
        })
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

    /// A value of the wrong type is told what to write, in a reader's words and with an
    /// example where the field's shape takes one; a key with no value is said so, not as
    /// serde's "unit value".
    #[test]
    fn type_errors_say_what_to_write() {
        use crate::frontmatter::{DigestFrontMatter, PaperFrontMatter};
        let paper = |yaml: &str| {
            let (_, errors) = parse_yaml_all::<PaperFrontMatter>(&format!("id: p\n{yaml}"), 2);
            assert_eq!(errors.len(), 1, "{yaml}: {errors:?}");
            let e = &errors[0];
            (e.message.clone(), e.hint.clone().unwrap_or_default())
        };
        let links = "`links: { code: https://github.com/..., project: https://... }`";
        for (yaml, message, hint) in [
            (
                "links:\n",
                "`links` has no value: it takes a map".to_string(),
                format!("write its keys and values, e.g. {links}, or remove the line"),
            ),
            (
                "links: [a]\n",
                "links: invalid type: sequence, expected a map".to_string(),
                format!("write a map of keys and values, e.g. {links}"),
            ),
            (
                "draft: yes\n",
                "draft: invalid type: string \"yes\", expected a boolean".to_string(),
                "write `draft: true` or `draft: false` (`yes`, `no`, `on` and `off` are texts)"
                    .to_string(),
            ),
            (
                "draft: 1\n",
                "draft: invalid type: integer `1`, expected a boolean".to_string(),
                "write `draft: true` or `draft: false`".to_string(),
            ),
            (
                "arxiv: 2404.02424\n",
                "arxiv: invalid type: floating point `2404.02424`, expected a map".to_string(),
                "write a map of keys and values, e.g. `arxiv: { id: \"2404.02424\", version: 1, categories: [cs.CV] }`".to_string(),
            ),
            (
                "tags:\n",
                "`tags` has no value: it takes a list".to_string(),
                "write its entries, e.g. `tags: [pruning, vision-language]`, or remove the line"
                    .to_string(),
            ),
            (
                "authors: Ada Lovelace\n",
                "authors: invalid type: string \"Ada Lovelace\", expected a sequence".to_string(),
                "write a list, e.g. `authors: [Ada Lovelace, Alan Turing]`, or one `- item` per line".to_string(),
            ),
        ] {
            assert_eq!(paper(yaml), (message, hint), "{yaml}");
        }
        let (_, errors) = parse_yaml_all::<DigestFrontMatter>("draft: no\n", 2);
        assert_eq!(
            errors[0].hint.as_deref(),
            Some("write `draft: true` or `draft: false` (`yes`, `no`, `on` and `off` are texts)")
        );
        for (_, hint) in [
            "links: x\n",
            "analysis: x\n",
            "generated: x\n",
            "url: [a]\n",
        ]
        .map(|yaml| {
            let (_, errors) = parse_yaml_all::<PaperFrontMatter>(&format!("id: p\n{yaml}"), 2);
            (yaml, errors[0].hint.clone().unwrap_or_default())
        }) {
            assert_ne!(hint, "check the value's type");
        }
    }

    /// Keys written in another generator's habit are the key they mean, whatever their
    /// case and separators; a plain typo still is too.
    #[test]
    fn the_closest_key_ignores_case_and_separators() {
        let valid: Vec<String> = ["base_url", "output_dir", "per_page", "title"]
            .map(String::from)
            .to_vec();
        for (written, meant) in [
            ("baseURL", Some("base_url")),
            ("BaseUrl", Some("base_url")),
            ("base-url", Some("base_url")),
            ("baseurl", Some("base_url")),
            ("outputDir", Some("output_dir")),
            ("per_pag", Some("per_page")),
            ("paginate", None),
        ] {
            assert_eq!(closest(written, &valid), meant, "{written}");
        }
    }

    /// An empty explicit key (`?`) on the last line is an error, not a reading that never
    /// ends (found by the fuzzer: the key is placed on the line after the text, and
    /// blanking that line changed nothing).
    #[test]
    fn an_empty_explicit_key_at_the_end_is_an_error() {
        for yaml in [
            "id: a\n?\n",
            "id: a\n?",
            "id: a\n?\n: v",
            "id: a\ntitle: x\n?  # c\n",
        ] {
            let (tx, rx) = std::sync::mpsc::channel();
            let owned = yaml.to_string();
            std::thread::spawn(move || {
                let _ =
                    tx.send(parse_yaml_all::<crate::frontmatter::PaperFrontMatter>(&owned, 2).1);
            });
            let errors = rx
                .recv_timeout(std::time::Duration::from_secs(20))
                .unwrap_or_else(|_| panic!("{yaml:?} is still being read"));
            assert!(
                // Shown on a line of the YAML (which starts on line 2), not the one after.
                errors
                    .iter()
                    .any(|e| e.message.starts_with("a key with no name")
                        && e.line <= 1 + yaml.lines().count()),
                "{yaml:?}: {errors:?}"
            );
        }
    }

    /// A file past the parser's size limits says so, not that it nests too deep.
    #[test]
    fn a_file_too_large_to_read_says_so() {
        let yaml = format!("id: a\ntags:\n{}", "- a\n".repeat(250_001));
        let errors = parse_yaml_all::<crate::frontmatter::PaperFrontMatter>(&yaml, 2).1;
        assert!(
            errors
                .iter()
                .any(|e| e.message.contains("too large to be read")),
            "{errors:?}"
        );
        assert!(
            !errors.iter().any(|e| e.message.contains("nest")),
            "{errors:?}"
        );
    }

    /// The value, or the first problem of [`parse_yaml_all`].
    fn parse_yaml<T: DeserializeOwned>(yaml: &str, first_line: usize) -> Result<T, YamlError> {
        match parse_yaml_all(yaml, first_line) {
            (Some(value), errors) if errors.is_empty() => Ok(value),
            (_, errors) => Err(errors
                .into_iter()
                .next()
                .expect("a failed parse has an error")),
        }
    }

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

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Outer {
        id: String,
        inner: Small,
        items: Vec<Small>,
    }

    /// In a nested map or a list's map, the parser places the error at the map's first
    /// key: the error is at the repetition all the same.
    #[test]
    fn a_duplicate_key_of_a_nested_map_points_at_its_second_occurrence() {
        let yaml = "id: a\ninner:\n  id: b\n  title: c\n  title: d\nitems: []\n";
        let err = parse_yaml::<Outer>(yaml, 2).unwrap_err();
        assert_eq!((err.line, err.column), (6, 3), "{}", err.message);
        let yaml = "id: a\ninner: { id: b }\nitems:\n  - id: c\n    title: x\n    id: d\n";
        let err = parse_yaml::<Outer>(yaml, 2).unwrap_err();
        assert_eq!((err.line, err.column), (7, 5), "{}", err.message);
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

    /// Control characters written as escapes in double quotes (`\e`, `\x01`, `\uFFFE`, a
    /// LaTeX `\alpha`'s bell) are refused at the backslash, as when written as they are;
    /// backslashes that YAML keeps as written (single quotes, plain, blocks, comments) and
    /// the escapes of allowed characters are not.
    #[test]
    fn control_characters_written_as_escapes_are_located() {
        for (title, column, code) in [
            ("\"Esc\\e[31mRED\"", 12, "U+001B"),
            ("\"a \\x01\"", 11, "U+0001"),
            ("\"not \\uFFFE\"", 13, "U+FFFE"),
            ("\"$\\alpha$ and x\"", 10, "U+0007"),
        ] {
            let yaml = format!("id: a\ntitle: {title}\n");
            let err = parse_yaml::<Small>(&yaml, 2).unwrap_err();
            assert_eq!((err.line, err.column), (3, column), "{title}: {err:?}");
            assert!(err.message.contains(code), "{title}: {}", err.message);
            assert!(err.hint.unwrap().contains("single quotes"));
        }
        let yaml = "id: a\ntitle: T\ntags: [\"ok\", \"\\0\"]\n";
        let (_, errors) = parse_yaml_all::<crate::frontmatter::PaperFrontMatter>(yaml, 2);
        assert_eq!((errors[0].line, errors[0].column), (4, 15), "{errors:?}");
        for title in [
            "'$\\alpha$ \\e'",
            "$\\alpha$ \"\\e\"",
            "\"tab\\t, line\\n, backslash \\\\e, \\u00e9\"",
            "|\n  \"\\e\"\n",
            "x # \"\\e\"",
        ] {
            let yaml = format!("id: a\ntitle: {title}\n");
            assert!(parse_yaml::<Small>(&yaml, 2).is_ok(), "{title}");
        }
    }

    /// A tab that indents is pointed at, not the end of the line before it.
    #[test]
    fn a_tab_in_the_indentation_is_pointed_at() {
        for yaml in [
            "id: a\ntitle: b\n\tother: c\n",
            "id: a\ntitle: https://e.org/x/\n\tother: c\n",
        ] {
            let errors = parse_yaml_all::<Small>(yaml, 2).1;
            assert_eq!((errors[0].line, errors[0].column), (4, 1), "{errors:?}");
            assert!(errors[0].hint.as_deref().unwrap().contains("not tabs"));
        }
    }

    /// A number written with letters (`version: v2`) is told in words, with what to write.
    #[test]
    fn a_number_with_letters_is_told_in_words() {
        let yaml = "id: a\ntitle: T\narxiv: { id: \"2405.00003\", version: v2 }\n";
        let (_, errors) = parse_yaml_all::<crate::frontmatter::PaperFrontMatter>(yaml, 2);
        assert_eq!(
            errors[0].message,
            "arxiv.version: invalid type: string \"v2\", expected a whole number"
        );
        assert!(
            errors[0]
                .hint
                .as_deref()
                .unwrap()
                .contains("(`2`, not `v2` or `two`)")
        );
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
        // A long line is not written again in the hint: only the advice.
        let long = format!("id: a\ntitle: \"{} \\q\"\n", "word ".repeat(4_000));
        let hint = parse_yaml::<Small>(&long, 2).unwrap_err().hint.unwrap();
        assert!(
            hint.len() < 300 && hint.contains("single quotes"),
            "{}",
            hint.len()
        );
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
