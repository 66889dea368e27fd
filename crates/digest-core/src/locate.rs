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

/// The line and column of the `index`-th entry (0-based), whose text is `value`, of the
/// list under the top-level `key` (flow `[a, b]` or block `- a` style).
pub fn list_item(yaml: &str, key: &str, value: &str, nth_same: usize) -> Option<(usize, usize)> {
    let lines: Vec<&str> = yaml.lines().collect();
    let start = key_line(yaml, key, 0, lines.len())?;
    let end = block_end(&lines, start);
    let mut seen = 0;
    for (i, line) in lines.iter().enumerate().take(end).skip(start) {
        // Skip the key itself on its own line.
        let search_from = if i == start {
            line.find(':').map_or(0, |n| n + 1)
        } else {
            0
        };
        let mut from = search_from;
        while let Some(pos) = line[from..].find(value) {
            let at = from + pos;
            let before = line[..at].chars().next_back();
            let after = line[at + value.len()..].chars().next();
            let bounded = |c: Option<char>| {
                c.is_none_or(|c| {
                    !(c.is_alphanumeric() || c == '.' || c == '-' || c == '_' || c == '/')
                })
            };
            if bounded(before) && bounded(after) {
                if seen == nth_same {
                    return Some((i + 1, line[..at].chars().count() + 1));
                }
                seen += 1;
            }
            from = at + value.len();
        }
    }
    Some((start + 1, 1))
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

    #[test]
    fn finds_nested_keys() {
        let yaml = "id: x\nlinks:\n  pdf: javascript:x\n";
        assert_eq!(nested_key(yaml, "links", "pdf"), Some((3, 3)));
        let flow = "links: { code: javascript:x }\n";
        assert_eq!(nested_key(flow, "links", "code"), Some((1, 10)));
    }
}
