//! The bundle's files: the postings of every term cut into term chunks, the result cards
//! in files of [`DOC_SHARD`] papers, the manifest, and their encoding, which `search.js`
//! decodes.
//!
//! Hand-written: the format is ours (versioned by `FORMAT`, which `search.js` checks).
//! It is made for a static page that fetches only the chunks holding a query's words:
//! sorted terms in chunks of about 16 KB, postings as delta-encoded varints with the field
//! in two bits, or a bitmap for words in most papers.

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::input::SearchInput;

/// The folder of the search bundle inside the output.
pub const BUNDLE_DIR: &str = "search";

/// The manifest, which the browser fetches first.
pub const MANIFEST_FILE: &str = "search/index.json";

/// The file in the bundle that records what the index was built from.
pub const FINGERPRINT_FILE: &str = "search/digest-site-input.txt";

/// A term chunk is closed once it reaches this size. Small chunks keep a query's download
/// small; the manifest lists one term per chunk, so they must not be tiny either.
const CHUNK_BYTES: usize = 16 * 1024;

/// Papers per file of result cards. A page of ten results fetches at most ten of them.
pub const DOC_SHARD: usize = 8;

/// Categories in the manifest's menu. A site of 30,000 arXiv papers lists nearly 300
/// (most with a handful of papers); the manifest, fetched by every first query, stays
/// small, and a menu of 50 can be read.
const MENU_CATEGORIES: usize = 50;

/// Version of the bundle's format, checked by `search.js`.
pub(super) const FORMAT: u32 = 2;

/// How much a term says about a paper, by where it occurs (stored with every posting in
/// two bits; `search.js` turns it into a ranking weight).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub(super) enum Field {
    /// The abstract or the notes.
    Text = 0,
    /// The abstract, three times or more.
    RepeatedText = 1,
    /// The one-line summary.
    Summary = 2,
    /// Title, authors, tags or id.
    Heading = 3,
}

/// A result card as stored in `d/<k>.json` (short keys: thousands of these are fetched).
#[derive(Serialize)]
pub(super) struct Card<'a> {
    pub(super) u: String,
    pub(super) k: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) d: Option<&'a str>,
    pub(super) t: Vec<(String, String)>,
    pub(super) s: Vec<(String, String)>,
    /// The categories, the primary first.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub(super) c: &'a [&'a str],
    /// The newest digest listing the paper: (path, date or slug).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) g: Option<(&'a str, &'a str)>,
}

/// The manifest, `index.json`.
#[derive(Serialize)]
struct Manifest<'a> {
    format: u32,
    /// Changes whenever the index does; chunk and card URLs carry it so a browser never
    /// mixes files of two builds.
    build: &'a str,
    papers: usize,
    shard: usize,
    /// The first term of each chunk after the first.
    chunks: Vec<&'a str>,
    /// The categories with the most papers (primary or cross-listed), at most
    /// [`MENU_CATEGORIES`], most first: the menu that narrows results. (Any category can be
    /// narrowed to by its term; the menu is what a reader picks from.)
    cats: Vec<(&'a str, usize)>,
}

/// Papers tokenized at once (in parallel) before their terms join the index; bounds the
/// memory held by term lists. A whole number of card files.
const BATCH: usize = 128 * DOC_SHARD;

/// Builds the bundle of `input`: (output path, bytes), the fingerprint file included.
pub fn build_bundle(input: &SearchInput<'_>) -> Vec<(String, Vec<u8>)> {
    let docs = &input.papers;
    let fingerprint = input.fingerprint();
    // Postings of each term: paper number << 2 | field, in paper order.
    // FxHash: the keys are our own terms, and SipHash was a fifth of the indexing time.
    let mut postings: FxHashMap<String, Vec<u32>> = FxHashMap::default();
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    for (batch_number, batch) in docs.chunks(BATCH).enumerate() {
        let (cards, terms): (Vec<Card>, Vec<Vec<(String, Field)>>) =
            batch.par_iter().map(|d| d.card_and_terms()).unzip();
        let first_shard = batch_number * BATCH / DOC_SHARD;
        out.par_extend(cards.par_chunks(DOC_SHARD).enumerate().map(|(k, shard)| {
            (
                format!("{BUNDLE_DIR}/d/{}.json", first_shard + k),
                serde_json::to_vec(shard).expect("cards serialize"),
            )
        }));
        for (offset, doc_terms) in terms.into_iter().enumerate() {
            let number = (batch_number * BATCH + offset) as u32;
            for (term, field) in doc_terms {
                postings
                    .entry(term)
                    .or_default()
                    .push(number << 2 | field as u32);
            }
        }
    }
    let mut terms: Vec<(String, Vec<u32>)> = postings.into_iter().collect();
    terms.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));

    let mut cats: FxHashMap<&str, usize> = FxHashMap::default();
    for doc in docs {
        for &c in doc.categories() {
            *cats.entry(c).or_default() += 1;
        }
    }
    let mut cats: Vec<(&str, usize)> = cats.into_iter().collect();
    cats.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    cats.truncate(MENU_CATEGORIES);

    let build = &fingerprint[..16];
    let mut files = Vec::new();
    let mut first_terms = Vec::new();
    let mut chunk = Vec::new();
    for (i, (term, list)) in terms.iter().enumerate() {
        if i > 0 && chunk.len() >= CHUNK_BYTES {
            files.push((chunk_path(first_terms.len()), std::mem::take(&mut chunk)));
            first_terms.push(term.as_str());
        }
        encode_term(&mut chunk, term, list, docs.len());
    }
    files.push((chunk_path(first_terms.len()), chunk));
    let manifest = Manifest {
        format: FORMAT,
        build,
        papers: docs.len(),
        shard: DOC_SHARD,
        chunks: first_terms,
        cats,
    };
    out.push((
        MANIFEST_FILE.to_string(),
        serde_json::to_vec(&manifest).expect("manifest serializes"),
    ));
    out.extend(files);
    out.push((
        FINGERPRINT_FILE.to_string(),
        fingerprint.as_bytes().to_vec(),
    ));
    out
}

fn chunk_path(k: usize) -> String {
    format!("{BUNDLE_DIR}/t/{k}.bin")
}

/// One term of a chunk: the term (length-prefixed UTF-8), the number of papers with it,
/// then its postings, whichever is smaller of
/// - a list (flag bit 0): per paper, `(number − previous number) << 2 | field`, as
///   LEB128 varints;
/// - a bitmap (flag bit 1): one bit per paper, fields left out (a word in most papers
///   says little about any of them).
///
/// The postings are preceded by `byte length << 1 | flag`.
fn encode_term(out: &mut Vec<u8>, term: &str, postings: &[u32], papers: usize) {
    write_varint(out, term.len() as u64);
    out.extend_from_slice(term.as_bytes());
    write_varint(out, postings.len() as u64);
    let mut list = Vec::with_capacity(postings.len() * 2);
    let mut previous = 0;
    for &p in postings {
        let number = p >> 2;
        write_varint(&mut list, u64::from((number - previous) << 2 | (p & 3)));
        previous = number;
    }
    let bitmap_len = papers.div_ceil(8);
    if bitmap_len < list.len() {
        let mut bitmap = vec![0u8; bitmap_len];
        for &p in postings {
            let number = (p >> 2) as usize;
            bitmap[number / 8] |= 1 << (number % 8);
        }
        write_varint(out, (bitmap_len as u64) << 1 | 1);
        out.extend_from_slice(&bitmap);
    } else {
        write_varint(out, (list.len() as u64) << 1);
        out.extend_from_slice(&list);
    }
}

fn write_varint(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::Arc;

    use super::*;
    use crate::search::SearchDoc;

    fn bundle_of(docs: &[Arc<SearchDoc>]) -> Vec<(String, Vec<u8>)> {
        build_bundle(&SearchInput::of_docs(docs))
    }

    fn doc(key: &str, title: &str, summary: &str, abstract_text: &str) -> Arc<SearchDoc> {
        Arc::new(SearchDoc {
            key: key.into(),
            date: Some("2024-04-04".into()),
            titles: vec![("en".into(), title.into())],
            summaries: vec![("zh".into(), summary.into())],
            abstracts: vec![("en".into(), abstract_text.into())],
            analysis: Vec::new(),
            authors: vec!["Ada Lovelace".into()],
            tags: vec!["toy-models".into()],
            categories: vec!["cs.CV".into()],
            digest: Some(("digests/2024-04-04/".into(), "2024-04-04".into())),
            body: String::new(),
        })
    }

    /// Reads one chunk back: term → (paper count, postings as (paper, field)).
    fn decode_chunk(bytes: &[u8], papers: usize) -> Vec<(String, Vec<(u32, u32)>)> {
        fn varint(bytes: &[u8], at: &mut usize) -> u64 {
            let (mut value, mut shift) = (0u64, 0);
            loop {
                let b = bytes[*at];
                *at += 1;
                value |= u64::from(b & 0x7f) << shift;
                if b < 0x80 {
                    return value;
                }
                shift += 7;
            }
        }
        let mut at = 0;
        let mut out = Vec::new();
        while at < bytes.len() {
            let len = varint(bytes, &mut at) as usize;
            let term = std::str::from_utf8(&bytes[at..at + len])
                .unwrap()
                .to_string();
            at += len;
            let count = varint(bytes, &mut at) as usize;
            let header = varint(bytes, &mut at) as usize;
            let end = at + (header >> 1);
            let mut list = Vec::new();
            if header & 1 == 1 {
                for n in 0..papers {
                    if bytes[at + n / 8] & (1 << (n % 8)) != 0 {
                        list.push((n as u32, 0));
                    }
                }
            } else {
                let mut number = 0;
                while at < end {
                    let v = varint(bytes, &mut at) as u32;
                    number += v >> 2;
                    list.push((number, v & 3));
                }
            }
            at = end;
            assert_eq!(list.len(), count, "{term}");
            out.push((term, list));
        }
        out
    }

    #[test]
    fn the_bundle_finds_each_paper_by_its_terms() {
        let docs = vec![
            doc(
                "2404.02424",
                "RESSA: sparse repair",
                "稀疏视觉语言模型",
                "Sparse models.",
            ),
            doc(
                "2501.00001",
                "Toy models",
                "玩具模型",
                "models models models",
            ),
        ];
        let files: HashMap<String, Vec<u8>> = bundle_of(&docs).into_iter().collect();
        let manifest: serde_json::Value =
            serde_json::from_slice(&files["search/index.json"]).unwrap();
        assert_eq!(manifest["papers"], 2);
        assert_eq!(manifest["chunks"].as_array().unwrap().len(), 0);
        let chunk = decode_chunk(&files["search/t/0.bin"], 2);
        let find = |t: &str| {
            chunk
                .iter()
                .find(|(term, _)| term == t)
                .map(|e| e.1.clone())
        };
        assert_eq!(find("ressa"), Some(vec![(0, 3)]));
        assert_eq!(find("稀疏"), Some(vec![(0, 2)]));
        assert_eq!(find("2501.00001"), Some(vec![(1, 3)]));
        // In every paper: a bitmap (one byte) is smaller than the list, and has no fields.
        assert_eq!(find("lovelace"), Some(vec![(0, 0), (1, 0)]));
        // `models` (indexed as `model`) is in both papers: in the first one's abstract, in
        // the second one's title and three times in its abstract.
        assert_eq!(find("model").unwrap().len(), 2);
        assert_eq!(find("models"), None);
        assert_eq!(find("zzz"), None);
        let cards: serde_json::Value = serde_json::from_slice(&files["search/d/0.json"]).unwrap();
        assert_eq!(cards[1]["u"], "papers/2501.00001/");
        assert_eq!(
            cards[0]["t"][0],
            serde_json::json!(["en", "RESSA: sparse repair"])
        );
        // Cards show the categories and the newest digest; the manifest lists the
        // categories to narrow to, and the category's term finds its papers.
        assert_eq!(cards[1]["c"], serde_json::json!(["cs.CV"]));
        assert_eq!(
            cards[1]["g"],
            serde_json::json!(["digests/2024-04-04/", "2024-04-04"])
        );
        assert_eq!(manifest["cats"], serde_json::json!([["cs.CV", 2]]));
        assert_eq!(find("#cs.cv").map(|p| p.len()), Some(2));
        // Terms are sorted by their bytes, the order the browser's binary search assumes.
        let terms: Vec<&String> = chunk.iter().map(|(t, _)| t).collect();
        assert!(terms.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn the_texts_of_analysis_are_searched() {
        let mut with = doc("2509.25220", "Cyclic ablation", "消融", "Ablation.");
        Arc::make_mut(&mut with).analysis = vec![
            ("zh".into(), "欺骗行为具有高度韧性".into()),
            ("en".into(), "Regeneration after ablation".into()),
        ];
        let docs = vec![doc("2404.02424", "Other", "其他", "Other."), with];
        let files: HashMap<String, Vec<u8>> = bundle_of(&docs).into_iter().collect();
        let chunk = decode_chunk(&files["search/t/0.bin"], 2);
        let papers_of = |t: &str| {
            chunk
                .iter()
                .find(|(term, _)| term == t)
                .map(|e| e.1.iter().map(|(p, _)| *p).collect::<Vec<_>>())
        };
        assert_eq!(papers_of("韧性"), Some(vec![1]));
        assert_eq!(papers_of("regeneration"), Some(vec![1]));
    }

    #[test]
    fn large_sites_are_cut_into_chunks_and_use_bitmaps_for_common_words() {
        let docs: Vec<Arc<SearchDoc>> = (0..3000)
            .map(|i| {
                let mut d = doc(
                    &format!("p{i}"),
                    &format!("paper number{i} about topic{}", i % 97),
                    "模型",
                    &format!("word{} word{} common", i % 13, i * 7),
                );
                // 97 categories: c0 has 31 papers, the others 30 or 31, named apart.
                Arc::make_mut(&mut d).categories = vec![format!("c{}", i % 97)];
                d
            })
            .collect();
        let files = bundle_of(&docs);
        let chunks: Vec<&(String, Vec<u8>)> = files
            .iter()
            .filter(|(p, _)| p.starts_with("search/t/"))
            .collect();
        assert!(chunks.len() > 1);
        assert!(chunks.iter().all(|(_, b)| b.len() < CHUNK_BYTES + 4096));
        let manifest: serde_json::Value =
            serde_json::from_slice(&files.iter().find(|(p, _)| p == MANIFEST_FILE).unwrap().1)
                .unwrap();
        assert_eq!(
            manifest["chunks"].as_array().unwrap().len(),
            chunks.len() - 1
        );
        let all: Vec<(String, Vec<(u32, u32)>)> = chunks
            .iter()
            .flat_map(|(_, b)| decode_chunk(b, docs.len()))
            .collect();
        // The menu lists the 50 categories with the most papers, most first.
        let cats = manifest["cats"].as_array().unwrap();
        assert_eq!(cats.len(), MENU_CATEGORIES);
        assert_eq!(cats[0], serde_json::json!(["c0", 31]));
        // Every category can still be narrowed to by its term.
        assert!(all.iter().any(|(t, _)| t == "#c96"));
        let common = &all.iter().find(|(t, _)| t == "common").unwrap().1;
        assert_eq!(common.len(), 3000);
        let rare = &all.iter().find(|(t, _)| t == "number42").unwrap().1;
        assert_eq!(rare, &vec![(42, 3)]);
        assert_eq!(
            files
                .iter()
                .filter(|(p, _)| p.starts_with("search/d/"))
                .count(),
            3000 / DOC_SHARD
        );
    }
}
