//! Writing content files: front matter serialized as YAML between `---` lines, then the
//! body, and putting a file on disk atomically.
//!
//! `content_file` is the one place that turns front matter into text (import writes every
//! paper and digest file with it), and every file it makes reads back through
//! [`crate::parse_document`] into the same value. [`write_atomically`] is how every
//! command that writes into a site puts a file there: import, `init` and `new`
//! ([`crate::scaffold`]), and `export -o`.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

/// A content file: `---`, the YAML of `front`, `---`, then `body` (if any).
pub(crate) fn content_file<T: Serialize>(front: &T, body: &str) -> String {
    // Serializing these plain structs cannot fail: every field is a string, a number, a
    // bool, a list or a map with string keys.
    let yaml = match yaml_serde::to_value(front) {
        Ok(mut value) if has_yaml_line_break(&value) => {
            yaml_serde::to_string(&unicode_breaks_as_newlines(&mut value)).unwrap_or_default()
        }
        _ => yaml_serde::to_string(front).unwrap_or_default(),
    };
    let mut out = String::with_capacity(yaml.len() + body.len() + 8);
    out.push_str("---\n");
    out.push_str(&yaml);
    if !yaml.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("---\n");
    if !body.trim().is_empty() {
        out.push_str(body.trim_start_matches('\n'));
        if !body.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// The characters YAML 1.1 (and the reader) takes as line breaks but the writer keeps raw
/// in quoted texts: NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR.
const UNICODE_BREAKS: [char; 3] = ['\u{85}', '\u{2028}', '\u{2029}'];

fn has_yaml_line_break(value: &yaml_serde::Value) -> bool {
    match value {
        yaml_serde::Value::String(s) => s.contains(UNICODE_BREAKS),
        yaml_serde::Value::Sequence(items) => items.iter().any(has_yaml_line_break),
        yaml_serde::Value::Mapping(map) => map
            .iter()
            .any(|(k, v)| has_yaml_line_break(k) || has_yaml_line_break(v)),
        _ => false,
    }
}

/// `value` with every NEL, LS and PS written as a line break: written raw, the reader would
/// fold them, so the file would not read back as written (a fuzz-found case: a summary
/// ending in U+2029).
fn unicode_breaks_as_newlines(value: &mut yaml_serde::Value) -> &yaml_serde::Value {
    match value {
        yaml_serde::Value::String(s) => *s = s.replace(UNICODE_BREAKS, "\n"),
        yaml_serde::Value::Sequence(items) => {
            for item in items {
                unicode_breaks_as_newlines(item);
            }
        }
        yaml_serde::Value::Mapping(map) => {
            for (_, v) in map.iter_mut() {
                unicode_breaks_as_newlines(v);
            }
        }
        _ => {}
    }
    value
}

/// Writes `bytes` to `path` so that readers see either the old file or the new one: a
/// temporary file in the same folder, then renamed over `path`. The readers that matter
/// are the dev server's watcher and a build running meanwhile; the file is not synced to
/// the disk one by one (that cost 7 ms a file, a second for a day's feed).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(dir) = dir {
        std::fs::create_dir_all(dir)?;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::{
        Analysis, ArxivMeta, BilingualText, Generated, PaperFrontMatter, Provenance,
    };
    use crate::load::{Document, parse_document};

    /// A text with a Unicode line or paragraph separator is written so that it reads back,
    /// and writing what was read gives the same file.
    #[test]
    fn unicode_separators_read_back_as_written() {
        let text = "---\nid: a\nsummary: { en: \"0\\P\" }\n---\n";
        let doc: Document<PaperFrontMatter> = parse_document(Path::new("a.md"), text).unwrap();
        let file = content_file(&doc.front, "");
        let again: Document<PaperFrontMatter> = parse_document(Path::new("a.md"), &file).unwrap();
        assert_eq!(content_file(&again.front, ""), file);
        assert!(!file.contains('\u{2029}'), "{file}");
    }

    #[test]
    fn front_matter_reads_back_unchanged() {
        let front = PaperFrontMatter {
            id: "2404.02424".into(),
            title: BilingualText::Map(vec![
                ("zh".into(), "通过稀疏跨模态适应：修复".into()),
                ("en".into(), "RESSA: Repair # not a comment".into()),
            ]),
            abstract_text: BilingualText::Map(vec![(
                "en".into(),
                "Bounds of $\\mathcal{O}(n^2)$, ``quoted'' -- and \\textit{x}~y: 'z' \"w\"".into(),
            )]),
            analysis: Some(Analysis {
                tldr: BilingualText::Map(vec![("zh".into(), "要点：$x$".into())]),
                method: BilingualText::Plain("Cyclic ablation: a # b".into()),
                ..Analysis::default()
            }),
            generated: Some(Generated(vec![
                Provenance {
                    tool: "cn-chat-arxiv".into(),
                    model: Some("gpt-4o".into()),
                    date: Some("2024-02-01".into()),
                    fields: vec!["title.zh".into(), "summary".into()],
                },
                Provenance {
                    tool: "daily-arXiv-ai-enhanced".into(),
                    fields: vec!["analysis".into()],
                    ..Provenance::default()
                },
            ])),
            date: Some("2024-04-04".into()),
            arxiv: Some(ArxivMeta {
                id: "hep-th/9901001".into(),
                version: Some(2),
                categories: vec!["hep-th".into()],
                ..ArxivMeta::default()
            }),
            ..PaperFrontMatter::default()
        };
        let text = content_file(&front, "Notes\n");
        let doc: Document<PaperFrontMatter> =
            parse_document(Path::new("p.md"), &text).expect("reads back");
        assert_eq!(doc.front, front);
        assert_eq!(doc.body, "Notes\n");
        assert!(text.starts_with("---\nid: '2404.02424'\n"), "{text}");
        // One entry of `generated:` is written as a map, and reads back.
        let mut one = front.clone();
        if let Some(g) = &mut one.generated {
            g.0.truncate(1);
        }
        let text = content_file(&one, "");
        assert!(
            text.contains("generated:\n  tool: cn-chat-arxiv\n"),
            "{text}"
        );
        let doc: Document<PaperFrontMatter> =
            parse_document(Path::new("p.md"), &text).expect("reads back");
        assert_eq!(doc.front, one);
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b.md");
        write_atomically(&path, b"one").unwrap();
        write_atomically(&path, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("a"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("b.md")]);
    }
}
