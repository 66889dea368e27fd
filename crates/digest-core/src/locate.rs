//! Finding where a key or a value sits in YAML text, for diagnostics about values that
//! parsed fine but are wrong (a bad date, a dangling paper id). Lines and columns are
//! 1-based and relative to the text given. The text is read as YAML (see
//! [`crate::yaml::Tree`]); each function reads it once. A key under a top-level key is
//! first looked for in the lines of block-style YAML ([`block_child_key`]), which is how
//! tools and people write front matter: a site of 10,000 papers can have 7,000 warnings,
//! and reading each of those files as YAML again to place one took a sixth of a build.

pub use crate::yaml::ListItem;
use crate::yaml::Tree;

/// The line and column of the top-level `key:`.
pub fn top_level_key(yaml: &str, key: &str) -> Option<(usize, usize)> {
    Tree::of(yaml)?.key(&[key])
}

/// Whether the top-level `key:` holds something other than a list of plain values (a
/// text where a list goes): its reading was an error of its own.
pub fn top_level_is_not_a_list(yaml: &str, key: &str) -> bool {
    Tree::of(yaml).is_some_and(|tree| tree.value(key).is_some() && tree.items(key).is_none())
}

/// The line and column of the value of the top-level `key:` (the key itself when the value
/// is on later lines).
pub fn top_level_value(yaml: &str, key: &str) -> Option<(usize, usize)> {
    Tree::of(yaml)?.value(key)
}

/// The line and column of the key `child` of the map under the top-level `parent`; falls
/// back to the parent key.
pub fn nested_key(yaml: &str, parent: &str, child: &str) -> Option<(usize, usize)> {
    key_path(yaml, &[parent, child])
}

/// The line and column of the key at `path` (`["analysis", "method", "zh"]`; a number
/// steps into a list, see [`Tree::key`]); falls back to the deepest part of the path that
/// is found, at column 1 of its line.
pub fn key_path(yaml: &str, path: &[&str]) -> Option<(usize, usize)> {
    if let [parent, child] = path
        && child.parse::<usize>().is_err()
        && let Some(found) = block_child_key(yaml, parent, child)
    {
        return Some(found);
    }
    let tree = Tree::of(yaml)?;
    (1..=path.len()).rev().find_map(|n| {
        tree.key(&path[..n]).map(|(line, column)| {
            if n == path.len() {
                (line, column)
            } else {
                (line, 1)
            }
        })
    })
}

/// The line and column of `child:` in the block map under the top-level `parent:`, read
/// from the lines: `parent:` alone on a line at column 1, its keys indented under it, each
/// a plain `key:` on a line of its own; lines indented deeper are their values' lines.
/// `None` when the text is not of that shape (a flow map, a quoted or complex key, a
/// block scalar under `parent`) or has no such key: the caller then reads it as YAML.
fn block_child_key(yaml: &str, parent: &str, child: &str) -> Option<(usize, usize)> {
    let mut lines = yaml.lines().enumerate();
    lines.by_ref().find(|(_, line)| {
        line.strip_prefix(parent)
            .and_then(|rest| rest.strip_prefix(':'))
            .is_some_and(|rest| {
                let rest = rest.trim_start_matches(' ');
                rest.is_empty() || rest.starts_with('#')
            })
    })?;
    let mut key_depth = None;
    for (index, line) in lines {
        let text = line.trim_start_matches(' ');
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        let depth = line.len() - text.len();
        let keys_at = *key_depth.get_or_insert(depth);
        if depth == 0 || depth < keys_at || text.starts_with('\t') {
            return None;
        }
        if depth > keys_at {
            continue;
        }
        let (key, rest) = text.split_once(':')?;
        let plain = key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
            && !key.is_empty()
            && !key.starts_with('-');
        if !plain || !(rest.is_empty() || rest.starts_with(' ')) {
            return None;
        }
        if key == child {
            return Some((index + 1, depth + 1));
        }
    }
    None
}

/// Every entry of the list under the top-level `key`, in order. `None` when there is no
/// such list, or it holds lists or maps; callers then fall back to the key's position.
pub fn list_items<'a>(yaml: &'a str, key: &str) -> Option<Vec<ListItem<'a>>> {
    Tree::of(yaml)?.items(key)
}

/// Every top-level `key:` of `yaml` with its 1-based line.
pub fn top_level_keys(yaml: &str) -> Vec<(String, usize)> {
    Tree::of(yaml).map_or_else(Vec::new, |tree| {
        tree.keys().into_iter().map(|(k, l, _)| (k, l)).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines give the place reading the YAML gives, or nothing.
    #[test]
    fn a_block_key_is_found_where_the_yaml_has_it() {
        let shapes = [
            "id: x\nabstract:\n  zh: 中文\n  en: 'English text'\ntags: []\n",
            "abstract:   # the texts\n    en: one\n    zh: two\n",
            "abstract:\n  zh: >\n    folded\n    en: not a key\n  en: the key\n",
            "abstract:\n  zh: |\n    en: inside a block scalar\n\n  en: the key\n",
            "abstract:\n  zh: \"a quoted text\n    en: continued\"\n  en: the key\n",
            "abstract:\n\n  # a comment\n  en: after blank lines\n",
            "title: t\nabstract:\n  zh: only\nsummary:\n  en: elsewhere\n",
        ];
        for yaml in shapes {
            let read = Tree::of(yaml).unwrap().key(&["abstract", "en"]);
            assert_eq!(block_child_key(yaml, "abstract", "en"), read, "{yaml}");
        }
        // Shapes the lines do not read: the YAML is read instead.
        let others = [
            "abstract: { zh: a, en: b }\n",
            "abstract:\n  \"en\": quoted key\n",
            "abstract: >\n  en: a folded text\n",
            "abstract:\n  - en: in a list\n",
        ];
        for yaml in others {
            assert_eq!(block_child_key(yaml, "abstract", "en"), None, "{yaml}");
            assert_eq!(
                key_path(yaml, &["abstract", "en"]),
                Tree::of(yaml).and_then(|tree| {
                    tree.key(&["abstract", "en"])
                        .or_else(|| tree.key(&["abstract"]).map(|(line, _)| (line, 1)))
                }),
                "{yaml}"
            );
        }
    }

    #[test]
    fn finds_block_and_flow_list_items() {
        let block = "title: x\npapers:\n  - \"2404.02424\"\n  - 2403.19651\ntags: []\n";
        assert_eq!(places(block, "papers")[1], ("2403.19651".into(), 4, 5));
        let flow = "papers: [\"a1\", \"b2\"]\n";
        assert_eq!(places(flow, "papers")[1], ("b2".into(), 1, 17));
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
                "tags:\n  - \"C++ ]]>\"  # note\n  - ']]>'\n  -  x y\nid: a\n",
                "tags"
            ),
            vec![
                ("C++ ]]>".into(), 2, 6),
                ("]]>".into(), 3, 6),
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
    fn top_level_keys_are_listed_with_their_lines() {
        let yaml = "id: a\ntags:\n- x\n  # c\n- y\ntitle: t\n";
        assert_eq!(
            top_level_keys(yaml),
            vec![("id".into(), 1), ("tags".into(), 2), ("title".into(), 6)]
        );
        assert!(top_level_keys("- a\n").is_empty());
    }

    #[test]
    fn finds_keys_along_a_path() {
        let yaml = "analysis:\n  method:\n    zh: 方法\ngenerated:\n  - tool: a\n  - tool: b\n    date: x\n";
        assert_eq!(key_path(yaml, &["analysis", "method", "zh"]), Some((3, 5)));
        assert_eq!(key_path(yaml, &["analysis", "result", "zh"]), Some((1, 1)));
        assert_eq!(key_path(yaml, &["generated", "1", "date"]), Some((7, 5)));
        assert_eq!(key_path(yaml, &["generated", "1"]), Some((6, 5)));
        assert_eq!(key_path(yaml, &["nothing"]), None);
    }

    #[test]
    fn finds_nested_keys() {
        let yaml = "id: x\nlinks:\n  pdf: javascript:x\n";
        assert_eq!(nested_key(yaml, "links", "pdf"), Some((3, 3)));
        let flow = "links: { code: javascript:x }\n";
        assert_eq!(nested_key(flow, "links", "code"), Some((1, 10)));
    }
}
