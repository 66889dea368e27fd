//! Finding where a key or a value sits in YAML text, for diagnostics about values that
//! parsed fine but are wrong (a bad date, a dangling paper id). Lines and columns are
//! 1-based and relative to the text given. The text is read as YAML (see
//! [`crate::yaml::Tree`]); each function reads it once.

pub use crate::yaml::ListItem;
use crate::yaml::Tree;

/// The line and column of the top-level `key:`.
pub fn top_level_key(yaml: &str, key: &str) -> Option<(usize, usize)> {
    Tree::of(yaml)?.key(&[key])
}

/// The line and column of the value of the top-level `key:` (the key itself when the value
/// is on later lines).
pub fn top_level_value(yaml: &str, key: &str) -> Option<(usize, usize)> {
    Tree::of(yaml)?.value(key)
}

/// The line and column of the key `child` of the map under the top-level `parent`; falls
/// back to the parent key.
pub fn nested_key(yaml: &str, parent: &str, child: &str) -> Option<(usize, usize)> {
    let tree = Tree::of(yaml)?;
    tree.key(&[parent, child])
        .or_else(|| tree.key(&[parent]).map(|(line, _)| (line, 1)))
}

/// The line and column of the key at `path` (`["analysis", "method", "zh"]`; a number
/// steps into a list, see [`Tree::key`]); falls back to the deepest part of the path that
/// is found, at column 1 of its line.
pub fn key_path(yaml: &str, path: &[&str]) -> Option<(usize, usize)> {
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
