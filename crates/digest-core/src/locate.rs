//! Finding where a key or a value sits in YAML text, for diagnostics about values that
//! parsed fine but are wrong (a bad date, a dangling paper id). Lines and columns are
//! 1-based and relative to the text given.

/// The line and column of the top-level `key:`.
pub fn top_level_key(yaml: &str, key: &str) -> Option<(usize, usize)> {
    key_line(yaml, key, 0, yaml.lines().count()).map(|l| (l + 1, 1))
}

/// The line and column of the value of the top-level `key:` (the key itself when the value
/// is on later lines).
pub fn top_level_value(yaml: &str, key: &str) -> Option<(usize, usize)> {
    let (line, _) = top_level_key(yaml, key)?;
    let text = yaml.lines().nth(line - 1)?;
    let colon = text.find(':')?;
    let rest = &text[colon + 1..];
    let value = rest.trim_start();
    if value.is_empty() || value.starts_with('#') {
        return Some((line, 1));
    }
    Some((
        line,
        text[..colon + 1 + rest.len() - value.len()].chars().count() + 1,
    ))
}

/// The line and column of the value of `parent: { child: ... }` (or `parent:` then an
/// indented `child:`); falls back to the parent key.
pub fn nested_key(yaml: &str, parent: &str, child: &str) -> Option<(usize, usize)> {
    let lines: Vec<&str> = yaml.lines().collect();
    let start = key_line(yaml, parent, 0, lines.len())?;
    let end = block_end(&lines, start);
    for (i, line) in lines.iter().enumerate().take(end).skip(start) {
        if let Some(col) = find_key_in_line(line, child, i == start) {
            return Some((i + 1, col));
        }
    }
    Some((start + 1, 1))
}

/// The line and column of the `nth_same`-th entry (0-based, counting only entries equal to
/// `value`) of the list under the top-level `key`; falls back to the key.
pub fn list_item(yaml: &str, key: &str, value: &str, nth_same: usize) -> Option<(usize, usize)> {
    let start = key_line(yaml, key, 0, yaml.lines().count())?;
    list_items(yaml, key)
        .and_then(|items| {
            items
                .into_iter()
                .filter(|item| item.value == value)
                .nth(nth_same)
                .map(|item| (item.line, item.column))
        })
        .or(Some((start + 1, 1)))
}

/// One entry of a YAML list, as written.
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

/// Every entry of the list under the top-level `key`, in order, found in one pass over its
/// lines: flow style (`[a, "b"]`, over one or several lines) or block style (`- a`, one
/// entry a line). `None` when the list is written in a way this does not follow (nested
/// lists or maps, multi-line entries); callers then fall back to the key's position.
pub fn list_items<'a>(yaml: &'a str, key: &str) -> Option<Vec<ListItem<'a>>> {
    let lines: Vec<&str> = yaml.lines().collect();
    let start = key_line(yaml, key, 0, lines.len())?;
    let end = block_end(&lines, start);
    let first = lines[start];
    let colon = first.find(':')?;
    let after = &first[colon + 1..];
    let rest = after.trim_start();
    if rest.starts_with('[') {
        let from = colon + 1 + (after.len() - rest.len()) + 1;
        // A flow list may close at the start of a line: it runs past `end`.
        return flow_items(&lines, start, from);
    }
    if !(rest.is_empty() || rest.starts_with('#')) {
        return None;
    }
    let mut items = Vec::new();
    for (i, line) in lines.iter().enumerate().take(end).skip(start + 1) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let entry = trimmed.strip_prefix('-')?;
        if !(entry.is_empty() || entry.starts_with([' ', '\t'])) {
            return None;
        }
        let text = entry.trim_start();
        let at = line.len() - text.len();
        let (value, quoted, len) = match text.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let (value, len) = quoted_scalar(&text[1..], q)?;
                (value, true, len + 2)
            }
            Some('[' | '{' | '|' | '>' | '&' | '*' | '!') => return None,
            _ => {
                let plain = strip_comment(text).trim_end();
                (plain.to_string(), false, plain.len())
            }
        };
        let tail = strip_comment(&text[len..]).trim();
        if !tail.is_empty() {
            return None;
        }
        let column = line[..at].chars().count() + 1 + usize::from(quoted);
        items.push(ListItem {
            value,
            line: i + 1,
            column,
            source_line: line,
        });
    }
    Some(items)
}

/// The entries of a flow list that opens on line `start` just before byte `from`.
fn flow_items<'a>(lines: &[&'a str], start: usize, from: usize) -> Option<Vec<ListItem<'a>>> {
    let mut items = Vec::new();
    let mut line = start;
    let mut pos = from;
    // Whether an entry is expected next (after `[` or `,`), rather than `,` or `]`.
    let mut want_entry = true;
    loop {
        let text = *lines.get(line)?;
        let rest = &text[pos..];
        let trimmed = rest.trim_start();
        pos += rest.len() - trimmed.len();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            line += 1;
            pos = 0;
            continue;
        }
        let c = trimmed.chars().next()?;
        if !want_entry {
            match c {
                ',' => want_entry = true,
                ']' => return Some(items),
                _ => return None,
            }
            pos += 1;
            continue;
        }
        if c == ']' {
            return Some(items);
        }
        let column = text[..pos].chars().count() + 1;
        let (value, len, column) = match c {
            '"' | '\'' => {
                let (value, len) = quoted_scalar(&trimmed[1..], c)?;
                (value, len + 2, column + 1)
            }
            '[' | '{' | ',' => return None,
            _ => {
                let plain = trimmed.find([',', ']']).map_or(trimmed, |n| &trimmed[..n]);
                let plain = strip_comment(plain).trim_end();
                (plain.to_string(), plain.len(), column)
            }
        };
        items.push(ListItem {
            value,
            line: line + 1,
            column,
            source_line: text,
        });
        pos += len;
        want_entry = false;
    }
}

/// The value of a quoted scalar whose text (after the opening `quote`) starts `text`, and
/// the length of that text up to the closing quote; `None` when it does not close on this
/// line.
fn quoted_scalar(text: &str, quote: char) -> Option<(String, usize)> {
    let mut value = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == quote {
            if quote == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                chars.next();
                value.push('\'');
                continue;
            }
            return Some((value, i));
        }
        if c == '\\' && quote == '"' {
            let (_, escaped) = chars.next()?;
            value.push(match escaped {
                'n' => '\n',
                't' => '\t',
                other => other,
            });
            continue;
        }
        value.push(c);
    }
    None
}

/// `text` without a trailing ` # comment`.
fn strip_comment(text: &str) -> &str {
    match text.find(" #").or_else(|| text.find("\t#")) {
        Some(n) => &text[..n],
        None => text,
    }
}

/// Every top-level `key:` of `yaml` (quotes removed) with its 1-based line.
pub fn top_level_keys(yaml: &str) -> Vec<(String, usize)> {
    yaml.lines()
        .enumerate()
        .filter_map(|(i, line)| top_level_key_of(line).map(|k| (k.to_string(), i + 1)))
        .collect()
}

/// The 1-based lines (first and last, inclusive) of the top-level entry that holds `line`:
/// from its `key:` line to the line before the next top-level key. `None` when no key
/// starts at or before `line`.
pub fn top_level_block(yaml: &str, line: usize) -> Option<(usize, usize)> {
    let lines: Vec<&str> = yaml.lines().collect();
    let first = (0..line.min(lines.len()))
        .rev()
        .find(|&i| top_level_key_of(lines[i]).is_some())?;
    let last = (first + 1..lines.len())
        .find(|&i| top_level_key_of(lines[i]).is_some())
        .unwrap_or(lines.len());
    Some((first + 1, last))
}

/// The key of a line that starts a top-level `key: value` entry.
fn top_level_key_of(line: &str) -> Option<&str> {
    if line.starts_with([' ', '\t', '#', '-', '[', '{', ']', '}', ',', '?']) {
        return None;
    }
    let colon = line
        .char_indices()
        .find(|&(i, c)| c == ':' && line[i + 1..].chars().next().is_none_or(char::is_whitespace))?
        .0;
    let key = line[..colon].trim_end();
    let key = key
        .strip_prefix('"')
        .and_then(|k| k.strip_suffix('"'))
        .or_else(|| key.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')))
        .unwrap_or(key);
    (!key.is_empty()).then_some(key)
}

fn key_line(yaml: &str, key: &str, from: usize, to: usize) -> Option<usize> {
    yaml.lines()
        .enumerate()
        .skip(from)
        .take(to - from)
        .find(|(_, line)| {
            !line.starts_with([' ', '\t']) && find_key_in_line(line, key, false) == Some(1)
        })
        .map(|(i, _)| i)
}

/// The column of `key:` in `line` (as a key, quoted or not); `inline` also looks inside a
/// flow map on the same line as its parent.
fn find_key_in_line(line: &str, key: &str, inline: bool) -> Option<usize> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    for candidate in [key.to_string(), format!("\"{key}\""), format!("'{key}'")] {
        if let Some(rest) = trimmed.strip_prefix(&candidate)
            && rest.trim_start().starts_with(':')
        {
            return Some(indent + 1);
        }
        if inline {
            // `parent: { a: 1, key: 2 }`: the key follows `{` or `,` (and spaces).
            let mut from = 0;
            while let Some(pos) = line[from..].find(&candidate) {
                let at = from + pos;
                let before = line[..at].trim_end().chars().next_back();
                let after = line[at + candidate.len()..].trim_start();
                if matches!(before, Some('{') | Some(',')) && after.starts_with(':') {
                    return Some(line[..at].chars().count() + 1);
                }
                from = at + candidate.len();
            }
        }
    }
    None
}

/// The index one past the last line that belongs to the block starting at `start`.
fn block_end(lines: &[&str], start: usize) -> usize {
    lines
        .iter()
        .enumerate()
        .skip(start + 1)
        .find(|(_, l)| !l.trim().is_empty() && !l.starts_with([' ', '\t', '-']))
        .map_or(lines.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_block_and_flow_list_items() {
        let block = "title: x\npapers:\n  - \"2404.02424\"\n  - 2403.19651\ntags: []\n";
        assert_eq!(list_item(block, "papers", "2403.19651", 0), Some((4, 5)));
        let flow = "papers: [\"a1\", \"b2\"]\n";
        assert_eq!(list_item(flow, "papers", "b2", 0), Some((1, 17)));
    }

    fn places(yaml: &str, key: &str) -> Vec<(String, usize, usize)> {
        list_items(yaml, key)
            .unwrap()
            .into_iter()
            .map(|i| (i.value, i.line, i.column))
            .collect()
    }

    #[test]
    fn list_entries_are_read_as_yaml_not_searched_as_text() {
        // An earlier entry holding the text of a later one does not take its place.
        assert_eq!(
            places("tags: [\"C++]]>\", ']]>', plain]\n", "tags"),
            vec![
                ("C++]]>".into(), 1, 9),
                ("]]>".into(), 1, 19),
                ("plain".into(), 1, 25)
            ]
        );
        assert_eq!(
            places(
                "tags:\n  - \"C++ ]]>\"  # note\n- ']]>'\n  -  x y\nid: a\n",
                "tags"
            ),
            vec![
                ("C++ ]]>".into(), 2, 6),
                ("]]>".into(), 3, 4),
                ("x y".into(), 4, 6)
            ]
        );
        // Over several lines, with comments.
        assert_eq!(
            places("papers: [ a, # first\n  \"b\\\"c\",\n  d\n]\n", "papers"),
            vec![
                ("a".into(), 1, 11),
                ("b\"c".into(), 2, 4),
                ("d".into(), 3, 3)
            ]
        );
        assert_eq!(
            places(
                "papers:\n  - a\n  - \"2401.00000\"\n  - 2401.00001  # c\n",
                "papers"
            ),
            vec![
                ("a".into(), 2, 5),
                ("2401.00000".into(), 3, 6),
                ("2401.00001".into(), 4, 5)
            ]
        );
        assert_eq!(list_items("papers: [[a], b]\n", "papers"), None);
        assert_eq!(list_items("papers: a\n", "papers"), None);
    }

    #[test]
    fn top_level_blocks_run_to_the_next_key() {
        let yaml = "id: a\ntags:\n- x\n  # c\n- y\ntitle: t\n";
        assert_eq!(top_level_block(yaml, 4), Some((2, 5)));
        assert_eq!(top_level_block(yaml, 6), Some((6, 6)));
        assert_eq!(top_level_keys(yaml).len(), 3);
        assert_eq!(top_level_block("- a\n", 1), None);
    }

    #[test]
    fn finds_nested_keys() {
        let yaml = "id: x\nlinks:\n  pdf: javascript:x\n";
        assert_eq!(nested_key(yaml, "links", "pdf"), Some((3, 3)));
        let flow = "links: { code: javascript:x }\n";
        assert_eq!(nested_key(flow, "links", "code"), Some((1, 10)));
    }
}
