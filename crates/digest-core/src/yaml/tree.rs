//! [`Tree`]: the YAML read into nodes, each with its line and column (serde-saphyr's
//! `Spanned`), to find where a key or a value is written and what a value is.

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Error, Spanned};

use super::messages::{join_key, span_byte};
use super::options;

/// A YAML value, its children located.
#[derive(Debug)]
pub(super) enum Node {
    Scalar(Scalar),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<String>, Spanned<Node>)>),
}

/// A scalar as the YAML library resolves it when no type is asked for.
#[derive(Debug)]
pub(super) enum Scalar {
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
pub(super) struct Place<'t> {
    /// The path (in the form serde_yaml gave it: `arxiv.version`, `authors[1]`) of the map or list
    /// holding the place.
    pub(super) path: String,
    /// The map or list holding it.
    pub(super) container: Option<&'t Spanned<Node>>,
    /// The entry whose key starts there.
    pub(super) key: Option<(&'t Spanned<String>, &'t Spanned<Node>)>,
    /// Else the outermost value that starts there.
    pub(super) value: Option<&'t Spanned<Node>>,
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
    pub(super) text: &'a str,
    pub(super) root: Spanned<Node>,
    /// The byte offset of each line's start.
    pub(super) line_starts: Vec<usize>,
}

impl<'a> Tree<'a> {
    /// Reads `text`; the error is the library's, for a text that is not YAML.
    pub(super) fn read(text: &'a str) -> Result<Tree<'a>, Error> {
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

    pub(super) fn is_map(&self) -> bool {
        matches!(self.root.value, Node::Map(_))
    }

    pub(super) fn entries(&self) -> &[(Spanned<String>, Spanned<Node>)] {
        match &self.root.value {
            Node::Map(entries) => entries,
            _ => &[],
        }
    }

    /// Line and column of the byte offset `byte`.
    pub(super) fn position(&self, byte: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&s| s <= byte).max(1);
        let start = self.line_starts[line - 1];
        let column = self
            .text
            .get(start..byte)
            .map_or(1, |t| t.chars().count() + 1);
        (line, column)
    }

    /// Line and column of where `node` starts.
    pub(super) fn at<T>(&self, node: &Spanned<T>) -> Option<(usize, usize)> {
        span_byte(self.text, node).map(|b| self.position(b))
    }

    /// The text of line `line`.
    pub(super) fn line(&self, line: usize) -> &'a str {
        let start = self
            .line_starts
            .get(line - 1)
            .copied()
            .unwrap_or(self.text.len());
        let next = self.line_starts.get(line);
        let end = next.map_or(self.text.len(), |&e| e - 1);
        let whole = &self.text[start..end.max(start)];
        // As `str::lines` has it (and files, and diagnostics): one `\r` before the `\n`
        // ends the line, another is the line's, and so is one at the end of the text.
        match next {
            Some(_) => whole.strip_suffix('\r').unwrap_or(whole),
            None => whole,
        }
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
    pub(super) fn block_keys(&self) -> Vec<(String, usize)> {
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
    pub(super) fn entry<'t>(
        map: &'t Spanned<Node>,
        key: &str,
    ) -> Option<&'t (Spanned<String>, Spanned<Node>)> {
        match &map.value {
            Node::Map(entries) => entries.iter().find(|(k, _)| k.value == key),
            _ => None,
        }
    }

    /// Line and column of the key at `path` (`["links", "pdf"]`): the first of its name. A
    /// number steps into a list (`["generated", "1", "date"]`: the `date` of its second
    /// entry; `["generated", "1"]`: that entry).
    pub fn key(&self, path: &[&str]) -> Option<(usize, usize)> {
        let mut node = &self.root;
        let mut found = None;
        for key in path {
            match (&node.value, key.parse::<usize>()) {
                (Node::Seq(items), Ok(index)) => {
                    node = items.get(index)?;
                    found = Some(self.at(node)?);
                }
                _ => {
                    let (k, v) = Tree::entry(node, key)?;
                    found = Some(self.at(k)?);
                    node = v;
                }
            }
        }
        found
    }

    /// Whether the value of the top-level `key` is written as a text or a map of texts,
    /// each a text or nothing (`{ en: null, zh: ~ }`): the shape of a bilingual text, so
    /// that one read as empty was written without text, and was not left out for an error
    /// of its type (`summary: [a]`).
    pub fn is_written_as_texts(&self, key: &str) -> bool {
        let scalar_text = |node: &Node| matches!(node, Node::Scalar(Scalar::Null | Scalar::Str(_)));
        Tree::entry(&self.root, key).is_some_and(|(_, v)| match &v.value {
            Node::Map(entries) => entries.iter().all(|(_, t)| scalar_text(&t.value)),
            other => scalar_text(other),
        })
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
    pub(super) fn resolve(&self, byte: usize) -> Place<'_> {
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
