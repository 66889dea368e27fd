//! A quick reading of the plain block YAML that content files are made of.
//!
//! Reading the front matter of 10,000 paper files with serde-saphyr took a third of a
//! rebuild's CPU time (and of `serve`'s start-up): it is a full YAML 1.2 parser, with the
//! places of every event and the budget checks that users' hand-written files need. Almost
//! every paper file is one that digest-site or another tool wrote: block mappings of
//! texts, one per line, quoted where YAML needs it, a list of categories. This reads that
//! shape, and only that shape, about ten times faster; no YAML crate offers such a subset.
//!
//! It is a fast path, never the judge: [`read_simple`] returns `None` for anything it does
//! not fully understand (flow mappings, folded or multi-line scalars, anchors, tags,
//! comments after a value, tabs, a key given twice, a plain scalar that YAML would read as
//! a number, a boolean or null where a text goes, a value its type does not take, ...),
//! and the caller then reads the text with serde-saphyr, which also reports every error.
//! When it returns a value, that value is the one serde-saphyr reads: the `paper` fuzz
//! target and the tests below check exactly that.

use std::borrow::Cow;

use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};

/// `yaml` read as `T`, when it is plain block YAML that reads without error; otherwise
/// `None` (read it with the full parser).
pub(crate) fn read_simple<T: DeserializeOwned>(yaml: &str) -> Option<T> {
    if yaml.len() > MAX_BYTES || !all_allowed(yaml) {
        return None;
    }
    let mut reader = Reader {
        lines: yaml.split('\n').collect(),
        at: 0,
        nodes: 0,
    };
    let root = reader.mapping(0, 0)?;
    reader.skip_blank();
    if reader.at < reader.lines.len() {
        return None;
    }
    T::deserialize(Node::Map(root)).ok()
}

/// The characters this reads, one by one (`all_allowed` reads them from their bytes, and
/// is tested against this): YAML's printable ones but tabs, carriage returns, BOMs and
/// the line breaks YAML has besides LF (NEL, U+2028, U+2029), which a line-based reading
/// would miss.
#[cfg(test)]
fn allowed(c: char) -> bool {
    super::printable(c)
        && !matches!(
            c,
            '\t' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}'
        )
}

/// Whether every character of `text` is one YAML allows but for tabs, carriage returns,
/// BOMs and the line breaks besides LF (`allowed`, in the tests), read from its UTF-8 bytes: the
/// characters refused beyond ASCII are each told by their first two bytes, so a Chinese
/// character (three bytes) costs one comparison. Decoding every character
/// (`chars().all(allowed)`) was a sixth of the time of reading a paper's front matter.
fn all_allowed(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&first) = bytes.get(at) {
        let second = bytes.get(at + 1).copied().unwrap_or(0);
        let third = bytes.get(at + 2).copied().unwrap_or(0);
        let refused = match first {
            b'\n' | b' '..=b'~' => false,
            0x00..=0x7f => true,
            // U+0080 to U+009F (C1 controls, NEL among them).
            0xc2 => second < 0xa0,
            // U+2028 and U+2029.
            0xe2 => second == 0x80 && matches!(third, 0xa8 | 0xa9),
            // U+FEFF, U+FFFE and U+FFFF.
            0xef => (second == 0xbb && third == 0xbf) || (second == 0xbf && third >= 0xbe),
            _ => false,
        };
        if refused {
            return false;
        }
        // A `str` holds whole characters: the first byte says how many bytes follow.
        at += match first {
            0x00..=0x7f => 1,
            0xc0..=0xdf => 2,
            0xe0..=0xef => 3,
            _ => 4,
        };
    }
    true
}

/// Mappings nested deeper than this are left to the full parser (a hostile file must not
/// overflow the stack of a reading thread).
const MAX_DEPTH: usize = 8;

/// Front matter larger than this, with more values or with a longer key, is left to the
/// full parser, whose limits (serde-saphyr's `Budget`: 64 MiB of scalars, 250,000 values,
/// keys of 1,024 characters) make such a file an error: the quick reading must not accept
/// what the parser refuses. A paper's front matter is a few kilobytes.
const MAX_BYTES: usize = 256 * 1024;
const MAX_NODES: usize = 10_000;
const MAX_KEY_BYTES: usize = 128;

/// A value read.
#[derive(Debug)]
enum Node<'a> {
    /// A key with nothing after it.
    Empty,
    /// A scalar; `plain` when unquoted (YAML resolves plain scalars to types).
    Scalar {
        text: Cow<'a, str>,
        plain: bool,
    },
    Seq(Vec<Node<'a>>),
    Map(Vec<(&'a str, Node<'a>)>),
}

struct Reader<'a> {
    lines: Vec<&'a str>,
    at: usize,
    /// Values read so far.
    nodes: usize,
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank_or_comment(line: &str) -> bool {
    let content = line.trim_start_matches(' ');
    content.is_empty() || content.starts_with('#')
}

fn is_item(content: &str) -> bool {
    content == "-" || content.starts_with("- ")
}

impl<'a> Reader<'a> {
    fn skip_blank(&mut self) {
        while self.at < self.lines.len() && is_blank_or_comment(self.lines[self.at]) {
            self.at += 1;
        }
    }

    /// The next line that holds something, with its indentation, without moving on.
    fn peek(&mut self) -> Option<(usize, &'a str)> {
        self.skip_blank();
        let line = *self.lines.get(self.at)?;
        let indent = indent_of(line);
        Some((indent, &line[indent..]))
    }

    /// Counts `n` more values; `None` past [`MAX_NODES`].
    fn count(&mut self, n: usize) -> Option<()> {
        self.nodes += n;
        (self.nodes <= MAX_NODES).then_some(())
    }

    /// A block mapping whose keys stand at `indent`.
    fn mapping(&mut self, indent: usize, depth: usize) -> Option<Vec<(&'a str, Node<'a>)>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut entries: Vec<(&'a str, Node<'a>)> = Vec::new();
        while let Some((at, content)) = self.peek() {
            if at < indent {
                break;
            }
            if at > indent || is_item(content) {
                return None;
            }
            let colon = content.find(':')?;
            let key = &content[..colon];
            let rest = &content[colon + 1..];
            let simple_key = !key.is_empty()
                && key.len() <= MAX_KEY_BYTES
                && key
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
                && !key.starts_with('-');
            if !simple_key
                || resolves_to_non_text(key)
                || !(rest.is_empty() || rest.starts_with(' '))
                || entries.iter().any(|(k, _)| *k == key)
            {
                return None;
            }
            self.at += 1;
            let rest = rest.trim_start_matches(' ');
            let value = if rest.is_empty() {
                self.nested(indent, depth)?
            } else {
                self.inline(rest, indent)?
            };
            entries.push((key, value));
        }
        Some(entries)
    }

    /// The value of a key at `indent` written on the lines after it: a mapping or a list
    /// indented further, a list at the key's own indentation, or nothing.
    fn nested(&mut self, indent: usize, depth: usize) -> Option<Node<'a>> {
        self.count(1)?;
        let Some((at, content)) = self.peek() else {
            return Some(Node::Empty);
        };
        if is_item(content) && at >= indent {
            self.sequence(at)
        } else if at > indent {
            self.mapping(at, depth + 1).map(Node::Map)
        } else {
            Some(Node::Empty)
        }
    }

    /// A block list of scalars whose dashes stand at `indent`.
    fn sequence(&mut self, indent: usize) -> Option<Node<'a>> {
        let mut items = Vec::new();
        while let Some((at, content)) = self.peek() {
            if at != indent || !is_item(content) {
                if at > indent {
                    return None;
                }
                break;
            }
            self.at += 1;
            let item = content[1..].trim_start_matches(' ');
            // A nested collection or a block scalar in a list is left to the full parser.
            if item.is_empty() || item.starts_with(['|', '>', '[', '{']) {
                return None;
            }
            items.push(self.inline(item, indent)?);
        }
        Some(Node::Seq(items))
    }

    /// A value written after its key (or dash) on the line; a block scalar goes on over
    /// the lines indented further than `indent`.
    fn inline(&mut self, text: &'a str, indent: usize) -> Option<Node<'a>> {
        self.count(1)?;
        let text = text.trim_end_matches(' ');
        match text.as_bytes()[0] {
            b'\'' => single_quoted(text),
            b'"' => double_quoted(text),
            b'|' => self.literal(text, indent),
            b'[' => {
                let list = flow_sequence(text)?;
                if let Node::Seq(items) = &list {
                    self.count(items.len())?;
                }
                Some(list)
            }
            _ => plain(text),
        }
    }

    /// A literal block scalar (`|` or `|-`) of the lines after a key at `indent`.
    fn literal(&mut self, header: &str, indent: usize) -> Option<Node<'a>> {
        let strip = match header {
            "|" => false,
            "|-" => true,
            _ => return None,
        };
        let first = *self.lines.get(self.at)?;
        let block_indent = indent_of(first);
        // Leading blank lines (whose indentation rules are subtle) are left to the parser.
        if first.trim_start_matches(' ').is_empty() || block_indent <= indent {
            return None;
        }
        let mut text = String::new();
        let mut end = self.at;
        let mut last_content = self.at;
        while let Some(line) = self.lines.get(end) {
            let spaces = indent_of(line);
            if spaces == line.len() {
                // Spaces past the block's indentation are the text's own: left to the parser.
                if spaces > block_indent {
                    return None;
                }
                // A blank line belongs to the block if the block goes on after it.
                end += 1;
                continue;
            }
            if spaces < block_indent {
                if spaces > indent {
                    return None;
                }
                break;
            }
            for _ in last_content..end {
                text.push('\n');
            }
            if end > self.at {
                text.push('\n');
            }
            text.push_str(&line[block_indent..]);
            last_content = end + 1;
            end += 1;
        }
        // Blank lines after the block's last line are the block's (chomped) or the next
        // key's: either way nothing of them is read.
        self.at = last_content;
        if !strip {
            text.push('\n');
        }
        Some(Node::Scalar {
            text: Cow::Owned(text),
            plain: false,
        })
    }
}

/// YAML's indicators: a plain scalar does not start with one (but `-` before a
/// non-space), and a word of a flow list here has none.
const INDICATORS: &str = "-?:,[]{}#&*!|>'\"%@`";

/// A plain scalar on one line, when YAML reads it as such (no comment, no `: `, not
/// starting with an indicator).
fn plain(text: &str) -> Option<Node<'_>> {
    let first = text.chars().next()?;
    let starts_with_indicator = INDICATORS.contains(first)
        && !(first == '-' && text.len() > 1 && !text[1..].starts_with(' '));
    if starts_with_indicator || text.contains(": ") || text.ends_with(':') || text.contains(" #") {
        return None;
    }
    Some(Node::Scalar {
        text: Cow::Borrowed(text),
        plain: true,
    })
}

/// `'...'` on one line (`''` is a quote).
fn single_quoted(text: &str) -> Option<Node<'_>> {
    let body = text.strip_prefix('\'')?.strip_suffix('\'')?;
    // A lone quote inside ends the scalar early: what follows is not this shape.
    if body.replace("''", "").contains('\'') {
        return None;
    }
    let text = if body.contains("''") {
        Cow::Owned(body.replace("''", "'"))
    } else {
        Cow::Borrowed(body)
    };
    Some(Node::Scalar { text, plain: false })
}

/// `"..."` on one line, with YAML's escapes.
fn double_quoted(text: &str) -> Option<Node<'_>> {
    let body = text.strip_prefix('"')?.strip_suffix('"')?;
    if !body.contains('\\') {
        if body.contains('"') {
            return None;
        }
        return Some(Node::Scalar {
            text: Cow::Borrowed(body),
            plain: false,
        });
    }
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return None,
            '\\' => {
                let escaped = match chars.next()? {
                    '0' => '\0',
                    'a' => '\u{7}',
                    'b' => '\u{8}',
                    't' => '\t',
                    'n' => '\n',
                    'v' => '\u{b}',
                    'f' => '\u{c}',
                    'r' => '\r',
                    'e' => '\u{1b}',
                    ' ' => ' ',
                    '"' => '"',
                    '/' => '/',
                    '\\' => '\\',
                    'N' => '\u{85}',
                    '_' => '\u{a0}',
                    'L' => '\u{2028}',
                    'P' => '\u{2029}',
                    kind @ ('x' | 'u' | 'U') => {
                        let digits = match kind {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let hex: String = chars.by_ref().take(digits).collect();
                        if hex.len() != digits || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                            return None;
                        }
                        char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?
                    }
                    _ => return None,
                };
                // A control character written as an escape is refused by the full
                // reading, with its place (`escaped_control_character`).
                if !super::printable(escaped) {
                    return None;
                }
                out.push(escaped);
            }
            c => out.push(c),
        }
    }
    Some(Node::Scalar {
        text: Cow::Owned(out),
        plain: false,
    })
}

/// `[a, b]` of plain words on one line (a list of tags or categories).
fn flow_sequence(text: &str) -> Option<Node<'_>> {
    let body = text.strip_prefix('[')?.strip_suffix(']')?.trim_matches(' ');
    if body.is_empty() {
        return Some(Node::Seq(Vec::new()));
    }
    body.split(',')
        .map(|item| {
            let item = item.trim_matches(' ');
            let word = !item.is_empty()
                && !item.starts_with('-')
                && !item.contains(|c: char| c != '-' && INDICATORS.contains(c));
            word.then_some(Node::Scalar {
                text: Cow::Borrowed(item),
                plain: true,
            })
        })
        .collect::<Option<Vec<_>>>()
        .map(Node::Seq)
}

/// Whether YAML could read the plain scalar `text` as something other than a text: null,
/// a boolean or a number (in YAML 1.2 or 1.1 forms, to be safe: the full parser decides
/// those).
fn resolves_to_non_text(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", ".inf", ".nan", "inf",
        "nan", "infinity",
    ];
    // The words are short: a long text is not one (and is not copied to be lowered).
    if text.len() <= 9 {
        let lower = text.to_ascii_lowercase();
        let unsigned = lower.trim_start_matches(['+', '-']);
        if text.is_empty() || WORDS.contains(&lower.as_str()) || WORDS.contains(&unsigned) {
            return true;
        }
    }
    let unsigned = text.trim_start_matches(['+', '-']);
    let lower_prefix = unsigned.get(..2).map(str::to_ascii_lowercase);
    if matches!(lower_prefix.as_deref(), Some("0x" | "0o" | "0b")) {
        return true;
    }
    // Decimal and float forms, with `_` and 1.1's sexagesimal `:` counted as digits.
    let mut digits = 0;
    let mut rest = unsigned;
    let mut seen_dot = false;
    while let Some(c) = rest.chars().next() {
        match c {
            '0'..='9' => digits += 1,
            '_' | ':' => {}
            '.' if !seen_dot => seen_dot = true,
            'e' | 'E' if digits > 0 => {
                let exponent = rest[1..].trim_start_matches(['+', '-']);
                return !exponent.is_empty() && exponent.bytes().all(|b| b.is_ascii_digit());
            }
            _ => return false,
        }
        rest = &rest[c.len_utf8()..];
    }
    digits > 0 || seen_dot
}

type Error = de::value::Error;

fn refuse<T>() -> Result<T, Error> {
    Err(de::Error::custom("left to the full parser"))
}

impl<'de, 'a> IntoDeserializer<'de, Error> for Node<'a> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'a> Node<'a> {
    /// The text of a scalar that YAML reads as a text.
    fn text(self) -> Result<Cow<'a, str>, Error> {
        match self {
            Node::Scalar { text, plain } if !plain || !resolves_to_non_text(&text) => Ok(text),
            _ => refuse(),
        }
    }

    /// The digits of a plain integer without a leading zero (`-` allowed when `signed`).
    fn integer(self, signed: bool) -> Result<Cow<'a, str>, Error> {
        match self {
            Node::Scalar { text, plain: true } => {
                let digits = if signed {
                    text.strip_prefix('-').unwrap_or(&text)
                } else {
                    &text
                };
                let canonical = !digits.is_empty()
                    && digits.bytes().all(|b| b.is_ascii_digit())
                    && (digits == "0" || !digits.starts_with('0'));
                if canonical { Ok(text) } else { refuse() }
            }
            _ => refuse(),
        }
    }
}

macro_rules! integers {
    ($($method:ident $visit:ident $ty:ty, $signed:expr;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let text = self.integer($signed)?;
            match text.parse::<$ty>() {
                Ok(n) => visitor.$visit(n),
                Err(_) => refuse(),
            }
        }
    )*};
}

impl<'de, 'a> de::Deserializer<'de> for Node<'a> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            // What an empty value is to a type that takes anything is the parser's to say.
            Node::Empty => refuse(),
            Node::Seq(items) => {
                let mut seq = SeqDeserializer::new(items.into_iter());
                let value = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(value)
            }
            Node::Map(entries) => {
                let mut map = MapDeserializer::new(entries.into_iter());
                let value = visitor.visit_map(&mut map)?;
                map.end()?;
                Ok(value)
            }
            scalar => visitor.visit_str(&scalar.text()?),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.text()? {
            Cow::Borrowed(text) => visitor.visit_str(text),
            Cow::Owned(text) => visitor.visit_string(text),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Node::Empty => visitor.visit_none(),
            Node::Scalar {
                ref text,
                plain: true,
            } if matches!(text.as_ref(), "~" | "null" | "Null" | "NULL") => refuse(),
            node => visitor.visit_some(node),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Node::Scalar { text, plain: true } if text == "true" => visitor.visit_bool(true),
            Node::Scalar { text, plain: true } if text == "false" => visitor.visit_bool(false),
            _ => refuse(),
        }
    }

    integers! {
        deserialize_u8 visit_u8 u8, false;
        deserialize_u16 visit_u16 u16, false;
        deserialize_u32 visit_u32 u32, false;
        deserialize_u64 visit_u64 u64, false;
        deserialize_i8 visit_i8 i8, true;
        deserialize_i16 visit_i16 i16, true;
        deserialize_i32 visit_i32 i32, true;
        deserialize_i64 visit_i64 i64, true;
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Node::Seq(_) => self.deserialize_any(visitor),
            _ => refuse(),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Node::Map(_) => self.deserialize_any(visitor),
            _ => refuse(),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        drop(self);
        visitor.visit_unit()
    }

    // Content files' types have none of these; whatever they are, they get a text, a
    // list or a map, never a value the parser would have given another type.
    serde::forward_to_deserialize_any! {
        f32 f64 char bytes byte_buf unit unit_struct newtype_struct tuple tuple_struct enum
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::{DigestFrontMatter, PageFrontMatter, PaperFrontMatter};
    use serde::de::DeserializeOwned;
    use std::fmt::Debug;

    /// The quick reading of `yaml`, after checking that it is the parser's when it reads.
    fn agreed<T: DeserializeOwned + PartialEq + Debug>(yaml: &str) -> Option<T> {
        super::super::read_simple_checked(yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"))
    }

    /// The byte-level check agrees with the character rule on every character, alone and
    /// between others.
    #[test]
    fn allowed_bytes_agree_with_the_character_rule() {
        for c in (0..=0x10ffffu32).filter_map(char::from_u32) {
            for text in [c.to_string(), format!("a{c}b"), format!("中{c}")] {
                assert_eq!(
                    all_allowed(&text),
                    text.chars().all(allowed),
                    "U+{:04X}",
                    c as u32
                );
            }
        }
    }

    /// A paper file as digest-site's import writes one, with every field.
    const WRITTEN: &str = "id: '2404.02424'
title:
  zh: 通过稀疏跨模态适应修复稀疏视觉-语言模型
  en: 'RESSA: Repair Sparse Vision-Language Models'
summary:
  zh: 探索了VLM修剪中的两个主要问题。
  en: \"A text with a tab\\there, a quote \\\" and \\u00e9\"
abstract:
  zh: |-
    第一段。

    第二段，# 不是注释。
  en: |
    First line: with a colon.
      Indented more.
    Last line.
analysis:
  tldr:
    en: It's short.
generated:
  tool: cn-chat-arxiv
  model: gpt-4
  fields:
  - summary
  - title.zh
url: https://arxiv.org/abs/2404.02424
authors:
- Ada Lovelace
- Charles Babbage
date: 2024-04-04
arxiv:
  id: '2404.02424'
  version: 2
  announce: new
  categories:
    - cs.CV
    - cs.LG
  doi: 10.1000/xyz
tags: [vision, pruning]
links:
  code: https://github.com/a/b
  project-page: https://example.org/
draft: false
";

    #[test]
    fn a_written_paper_file_is_read_quickly_as_the_parser_reads_it() {
        let paper: PaperFrontMatter = agreed(WRITTEN).expect("read quickly");
        assert_eq!(paper.id, "2404.02424");
        assert_eq!(
            paper.abstract_text.get("zh"),
            Some("第一段。\n\n第二段，# 不是注释。")
        );
        assert_eq!(
            paper.abstract_text.get("en"),
            Some("First line: with a colon.\n  Indented more.\nLast line.\n")
        );
        assert_eq!(paper.arxiv.as_ref().unwrap().version, Some(2));
        assert_eq!(paper.tags, ["vision", "pruning"]);
        // With comments and blank lines between entries, and a last line without a break.
        let commented = format!(
            "# a comment\n{}\n\n# the end\ndraft: true",
            WRITTEN.replace("draft: false\n", "")
        );
        assert!(agreed::<PaperFrontMatter>(&commented).unwrap().draft);
    }

    #[test]
    fn digests_and_pages_are_read_quickly_too() {
        let digest: DigestFrontMatter = agreed(
            "title:\n  zh: 每日论文 2024-04-04\n  en: Daily papers 2024-04-04\ndate: 2024-04-04\npapers:\n- '2404.02424'\n- hep-th/9901001\n",
        )
        .expect("read quickly");
        assert_eq!(digest.papers, ["2404.02424", "hep-th/9901001"]);
        let page: PageFrontMatter = agreed("title: About\nmenu: -3\n").expect("read quickly");
        assert_eq!(page.menu, Some(-3));
    }

    /// Every variation here is either read quickly as the parser reads it, or left to the
    /// parser; the ones marked `true` must be read quickly.
    #[test]
    fn what_is_read_quickly_is_what_the_parser_reads() {
        let cases: &[(&str, bool)] = &[
            // Plain scalars YAML reads as something else than a text.
            ("id: 2404.02424\n", false),
            ("id: '2404.02424'\ntitle: 1e5\n", false),
            ("id: a\ntitle: null\n", false),
            ("id: a\ntitle: ~\n", false),
            ("id: a\ntitle: yes\n", false),
            ("id: a\ntitle: TRUE\n", false),
            ("id: a\ntitle: .inf\n", false),
            ("id: a\ntitle: 0x1F\n", false),
            ("id: a\ntitle: 1_000\n", false),
            ("id: a\ntitle: '12:30'\n", true),
            ("id: a\ntitle: 12:30\n", false),
            ("id: a\ntitle: 2024-04-04\n", true),
            ("id: a\ntitle: 1.2.3\n", true),
            ("id: a\ntitle: +\n", true),
            ("id: a\ntitle: -x\n", true),
            ("id: a\ntitle: C# and F#\n", true),
            ("id: a\ntitle: a, b [c] {d}\n", true),
            ("id: a\ntitle: 50%\n", true),
            // Empty values.
            ("id: a\ntitle:\n", false),
            ("id: a\nurl:\n", true),
            ("id: a\ntitle:\n  zh:\n  en: x\n", true),
            ("id:\n", false),
            ("id: a\ntags:\n", false),
            ("id: a\ntags: []\n", true),
            ("id: a\nurl: ~\n", false),
            // Comments, indicators, the shapes left to the parser.
            ("id: a # the id\n", false),
            ("id: a\ntitle: x #1\n", false),
            ("id: a\ntitle: x#1\n", true),
            ("id: a\ntitle: { zh: 标题, en: Title }\n", false),
            ("id: a\ntitle: >-\n  folded\n  text\n", false),
            ("id: a\ntitle: plain\n  continued\n", false),
            ("id: a\ntitle: 'quoted\n  continued'\n", false),
            ("id: a\ntitle: \"a \\q\"\n", false),
            ("id: a\ntitle: \"a \\x41\\U0001F600\\N\\_\"\n", true),
            ("id: a\ntitle: 'it''s'\n", true),
            ("id: a\ntitle: 'it's'\n", false),
            ("id: &x a\n", false),
            ("id: !!str a\n", false),
            ("id: a\ntitle: *x\n", false),
            ("id: a\nid: b\n", false),
            ("id: a\ntitle:\n  en: x\n  en: y\n", false),
            ("id: a\n\ttitle: x\n", false),
            ("id: a\r\ntitle: x\r\n", false),
            ("\u{feff}id: a\n", false),
            ("id: a\ntitle: a\u{2028}b\n", false),
            ("  id: a\n", false),
            ("id: a\n  title: x\n", false),
            ("id: a\n- x\n", false),
            ("id: a\ntitle: a: b\n", false),
            ("id: a\ntitle: 'a' b\n", false),
            ("id: a\nunknown: x\n", false),
            ("id: a\ndraft: yes\n", false),
            ("id: a\ndraft: true\n", true),
            ("id: a\narxiv:\n  id: a\n  version: 02\n", false),
            ("id: a\narxiv:\n  id: a\n  version: -1\n", false),
            ("id: a\narxiv:\n  id: a\n  version: 99999999999\n", false),
            ("id: a\ntags: [a, 'b']\n", false),
            ("id: a\ntags: [a, b,]\n", false),
            ("id: a\ntags: [a\n", false),
            ("id: a\ntags:\n- a\n  - b\n", false),
            ("id: a\ntags:\n  - a\n - b\n", false),
            ("id: a\ntags:\n- - a\n", false),
            ("id: a\ntags:\n- |\n  a\n", false),
            ("id: a\nauthors:\n- a: b\n", false),
            ("id: a\ngenerated:\n- tool: x\n", false),
            // Literal blocks.
            ("id: a\ntitle: |+\n  kept\n\n", false),
            ("id: a\ntitle: |2\n  x\n", false),
            ("id: a\ntitle: |\n\n  after a blank line\n", false),
            ("id: a\ntitle: |\n  a\n     \n  b\n", false),
            ("id: a\ntitle: |\n    a\n  b\n", false),
            ("id: a\ntitle: |\n  a\n\n\nurl: x\n", true),
            ("id: a\ntitle: |-\n  a\n\n  b\n\n", true),
            ("id: a\ntitle: |\n  # not a comment\n", true),
            ("id: a\ntitle: |\nurl: x\n", false),
        ];
        let mut failures = Vec::new();
        for &(yaml, quick) in cases {
            let read = agreed::<PaperFrontMatter>(yaml).is_some();
            if quick && !read {
                failures.push(yaml);
            }
        }
        assert!(failures.is_empty(), "not read quickly: {failures:#?}");
    }

    /// A third of the shared corpus's papers (about 10,000), written as import writes them,
    /// are read quickly and as the parser reads them: real texts with colons, quotes,
    /// LaTeX, Chinese punctuation and line breaks, in the shapes the writer chooses for them.
    #[test]
    fn the_corpus_written_as_import_writes_it_is_read_quickly() {
        use crate::frontmatter::{ArxivMeta, BilingualText};
        use rayon::prelude::*;
        use std::io::BufRead;
        const SUITE: test_support::Suite = test_support::Suite {
            package: "digest-core",
            target_tmpdir: concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/tmp"),
        };
        let Some(path) = SUITE.shared_path("corpus/normalized/papers.normalized.jsonl.gz") else {
            return;
        };
        let file = std::fs::File::open(path).unwrap();
        let lines: Vec<String> = std::io::BufReader::new(flate2::read::GzDecoder::new(file))
            .lines()
            .step_by(3)
            .map(Result::unwrap)
            .collect();
        let texts = |record: &serde_json::Value, key: &str| {
            BilingualText::from_pairs(
                ["zh", "en"].map(|lang| (lang, record[format!("{key}_{lang}")].as_str())),
            )
        };
        let strings = |value: &serde_json::Value| -> Vec<String> {
            value
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        };
        let quick: usize = lines
            .par_iter()
            .map(|line| {
                let record: serde_json::Value = serde_json::from_str(line).unwrap();
                let id = record["id"].as_str().unwrap().to_string();
                let front = PaperFrontMatter {
                    title: texts(&record, "title"),
                    summary: texts(&record, "summary"),
                    abstract_text: texts(&record, "abstract"),
                    url: record["url"].as_str().map(String::from),
                    date: record["date"].as_str().map(String::from),
                    authors: strings(&record["authors"]),
                    arxiv: Some(ArxivMeta {
                        id: id.clone(),
                        announce: record["announce_type"].as_str().map(String::from),
                        categories: strings(&record["categories"]),
                        ..ArxivMeta::default()
                    }),
                    id,
                    ..PaperFrontMatter::default()
                };
                let text = crate::content_file::content_file(&front, "");
                let (yaml, _, _) = crate::load::split_front_matter(&text).unwrap();
                usize::from(agreed::<PaperFrontMatter>(yaml) == Some(front))
            })
            .sum();
        eprintln!("{quick} of {} corpus papers read quickly", lines.len());
        assert!(
            quick * 1000 >= lines.len() * 999,
            "{quick} of {}",
            lines.len()
        );
    }

    /// What is past the parser's limits is left to it, which refuses it (found by a
    /// differential test of the binaries and by the fuzzer): a key of over 1,024
    /// characters, 250,000 values, 64 MiB of text.
    #[test]
    fn what_the_parser_refuses_for_its_size_is_left_to_it() {
        let long_key = format!("id: a\nlinks:\n  {}: https://a.org/\n", "k".repeat(1025));
        let many_items = format!("id: a\ntags:\n{}", "- a\n".repeat(250_000));
        let many_words = format!("id: a\ntags: [{}]\n", vec!["a"; 250_010].join(", "));
        let long_text = format!("id: a\nsummary: {}end\n", "word ".repeat(300_000));
        for yaml in [long_key, many_items, many_words, long_text] {
            assert!(
                read_simple::<PaperFrontMatter>(&yaml).is_none(),
                "{}",
                &yaml[..60]
            );
        }
        // A key of 1,024 characters and 100 links are the parser's to accept, as the
        // quick reading does.
        let links: String = (0..100)
            .map(|i| format!("  l{i}: https://a.org/{i}\n"))
            .collect();
        assert!(agreed::<PaperFrontMatter>(&format!("id: a\nlinks:\n{links}")).is_some());
    }

    /// A control character written as an escape in double quotes (`\a`, `\e`, `\x01`,
    /// `\u0000`) is left to the full reading, which refuses it at its place: the quick
    /// reading let it into the pages when the text was in a block mapping.
    #[test]
    fn escaped_control_characters_are_left_to_the_parser() {
        for escape in [
            r"\a",
            r"\e[31m",
            r"\0",
            r"\x01",
            r"\u0007",
            r"\U0000001b",
            r"\b",
        ] {
            let yaml = format!("id: a\ntitle:\n  en: \"T{escape} x\"\n");
            assert!(read_simple::<PaperFrontMatter>(&yaml).is_none(), "{escape}");
        }
        // Tabs, line breaks and NEL are text.
        for escape in [r"\t", r"\n", r"\r", r"\N", r"\x41"] {
            let yaml = format!("id: a\ntitle:\n  en: \"T{escape} x\"\n");
            assert!(agreed::<PaperFrontMatter>(&yaml).is_some(), "{escape}");
        }
    }

    /// Hundreds of nested mappings are left to the parser, not read on the stack.
    #[test]
    fn deep_nesting_is_left_to_the_parser() {
        let yaml: String = (0..500).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
        assert!(read_simple::<PaperFrontMatter>(&yaml).is_none());
    }

    /// The share of a site's paper files read quickly, and that each agrees with the parser:
    /// `DIGEST_QUICK_SITE=<site> cargo test -p digest-core --lib yaml::simple::tests::site -- --ignored --nocapture`.
    #[test]
    #[ignore = "names a site in DIGEST_QUICK_SITE"]
    fn site() {
        let root = std::path::PathBuf::from(std::env::var("DIGEST_QUICK_SITE").expect("a site"));
        let (mut quick, mut all) = (0, 0);
        let mut left: Vec<String> = Vec::new();
        for entry in walkdir::WalkDir::new(root.join("content/papers")) {
            let entry = entry.unwrap();
            if !entry.file_type().is_file() {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let Ok((yaml, _, _)) = crate::load::split_front_matter(&text) else {
                continue;
            };
            all += 1;
            if agreed::<PaperFrontMatter>(yaml).is_some() {
                quick += 1;
            } else if left.len() < 5 {
                left.push(entry.path().display().to_string());
            }
        }
        eprintln!("{quick} of {all} paper files read quickly; some of the rest: {left:#?}");
    }
}
