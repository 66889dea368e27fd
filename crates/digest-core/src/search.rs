//! Search: a static index of the papers, cut into small files that the browser fetches
//! only for the words of a query.
//!
//! The index is built from the papers themselves (not from rendered pages), so it costs a
//! fraction of a second even at tens of thousands of papers, and what one query transfers
//! does not grow with the site: a small manifest, the one or two term chunks that hold the
//! query's words, and the cards of the results shown.
//!
//! The bundle, in the output's [`BUNDLE_DIR`]:
//!
//! | file | holds |
//! |---|---|
//! | `index.json` | the manifest: paper count, the first term of every term chunk, the build id |
//! | `t/<k>.bin` | term chunk `k`: terms in sorted order, each with the papers that contain it |
//! | `d/<k>.json` | result cards of papers `k·DOC_SHARD` ..: link, titles, summaries, id |
//!
//! Words are split the same way at build time ([`for_each_term`]) and in the browser (the
//! theme's `search.js`): runs of letters and digits are words (lower case, accents
//! removed; `2404.02424` stays one word); Chinese, Japanese and Korean text, which has no
//! spaces, is indexed as overlapping pairs of characters (a query `稀疏注意力` looks for
//! `稀疏`, `注意`, `意力`), plus the last character of each run so a one-character query
//! finds every paper with that character. Pairs need no dictionary and find every word
//! a dictionary would, in any of the three languages.
//!
//! Papers are numbered oldest first, so adding new papers (the daily case) leaves the
//! cards of older ones where they were.

use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::arxiv_text::plain;
use crate::model::{Paper, Site, paths};

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

/// Words longer than this are not indexed (hashes, long formulas run together).
const MAX_WORD_CHARS: usize = 40;

/// Version of the bundle's format, checked by `search.js`.
const FORMAT: u32 = 1;

/// How much a term says about a paper, by where it occurs (stored with every posting in
/// two bits; `search.js` turns it into a ranking weight).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Field {
    /// The abstract or the notes.
    Text = 0,
    /// The abstract, three times or more.
    RepeatedText = 1,
    /// The one-line summary.
    Summary = 2,
    /// Title, authors, tags or id.
    Heading = 3,
}

/// What the index knows of one paper: the texts it searches and what a result shows.
/// Built from a [`Paper`] by [`SearchDoc::of_paper`]; the dev server keeps one per paper
/// and replaces only those of edited papers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    /// The arXiv id or the slug.
    pub key: String,
    pub date: Option<String>,
    /// (language code, text), in the site's language order.
    pub titles: Vec<(String, String)>,
    pub summaries: Vec<(String, String)>,
    pub abstracts: Vec<(String, String)>,
    pub authors: Vec<String>,
    pub tags: Vec<String>,
    pub body: String,
}

impl SearchDoc {
    pub fn of_paper(site: &Site, paper: &Paper) -> SearchDoc {
        let input = IndexInput::of_paper(site, paper);
        SearchDoc {
            key: paper.id.clone(),
            date: input.date,
            titles: input.titles.to_vec(),
            summaries: input.summaries.to_vec(),
            abstracts: input.abstracts.to_vec(),
            authors: input.authors.to_vec(),
            tags: input.tags.iter().map(|t| t.to_string()).collect(),
            body: paper.body.clone(),
        }
    }
}

/// A result card as stored in `d/<k>.json` (short keys: thousands of these are fetched).
#[derive(Serialize)]
struct Card<'a> {
    u: String,
    k: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    d: Option<&'a str>,
    t: Vec<(String, String)>,
    s: Vec<(String, String)>,
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
}

/// The documents of a site's papers, oldest first (the order of the index).
pub fn site_docs(site: &Site) -> Vec<Arc<SearchDoc>> {
    site.papers
        .par_iter()
        .rev()
        .map(|p| Arc::new(SearchDoc::of_paper(site, p)))
        .collect()
}

/// The fields of a paper the index is made from, borrowed: what the fingerprint hashes,
/// the same from a [`Paper`] of the site as from a [`SearchDoc`].
#[derive(Hash)]
struct IndexInput<'a> {
    key: &'a str,
    date: Option<String>,
    titles: &'a [(String, String)],
    summaries: &'a [(String, String)],
    abstracts: &'a [(String, String)],
    authors: &'a [String],
    tags: Vec<&'a str>,
    body: &'a str,
}

impl<'a> IndexInput<'a> {
    fn of_paper(site: &'a Site, paper: &'a Paper) -> Self {
        IndexInput {
            key: &paper.id,
            date: paper.date.map(|d| d.to_string()),
            titles: &paper.title.0,
            summaries: &paper.summary.0,
            abstracts: &paper.abstract_text.0,
            authors: &paper.authors,
            tags: paper
                .tags
                .iter()
                .map(|&t| site.tags[t].name.as_str())
                .collect(),
            body: &paper.body,
        }
    }

    fn of_doc(doc: &'a SearchDoc) -> Self {
        IndexInput {
            key: &doc.key,
            date: doc.date.clone(),
            titles: &doc.titles,
            summaries: &doc.summaries,
            abstracts: &doc.abstracts,
            authors: &doc.authors,
            tags: doc.tags.iter().map(String::as_str).collect(),
            body: &doc.body,
        }
    }

    /// The paper's result card, and its terms with the strongest field each occurs in
    /// (the card's plain titles and summaries are the texts searched).
    fn card_and_terms(&self) -> (Card<'_>, Vec<(String, Field)>) {
        let card = self.card();
        let terms = self.terms(&card);
        (card, terms)
    }

    fn terms(&self, card: &Card<'_>) -> Vec<(String, Field)> {
        let mut found: FxHashMap<String, (Field, u32)> = FxHashMap::default();
        let mut add = |text: &str, field: Field| {
            for_each_term(text, |term| {
                let counted = u32::from(field == Field::Text);
                match found.get_mut(term) {
                    Some(entry) => {
                        entry.0 = entry.0.max(field);
                        entry.1 += counted;
                    }
                    None => {
                        found.insert(term.to_string(), (field, counted));
                    }
                }
            });
        };
        add(self.key, Field::Heading);
        for (_, t) in &card.t {
            add(t, Field::Heading);
        }
        for a in self.authors {
            add(a, Field::Heading);
        }
        for t in &self.tags {
            add(t, Field::Heading);
        }
        for (_, s) in &card.s {
            add(s, Field::Summary);
        }
        for (_, a) in self.abstracts {
            add(&plain(a), Field::Text);
        }
        add(self.body, Field::Text);
        found
            .into_iter()
            .map(|(term, (field, count))| {
                let field = if field == Field::Text && count >= 3 {
                    Field::RepeatedText
                } else {
                    field
                };
                (term, field)
            })
            .collect()
    }

    /// What a search result shows of the paper.
    fn card(&self) -> Card<'_> {
        let plain_texts = |t: &[(String, String)]| -> Vec<(String, String)> {
            t.iter().map(|(l, s)| (l.clone(), plain(s))).collect()
        };
        Card {
            u: paths::paper(self.key),
            k: self.key,
            d: self.date.as_deref(),
            t: plain_texts(self.titles),
            s: plain_texts(self.summaries),
        }
    }

    fn hash_value(&self) -> u64 {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.hash(&mut hasher);
        hasher.finish()
    }
}

/// What the bundle is a function of: the papers' hashes (oldest first) and this
/// program's version.
fn fingerprint_of(hashes: &[u64]) -> String {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    FORMAT.hash(&mut hasher);
    hashes.hash(&mut hasher);
    format!("{:016x}-{}\n", hasher.finish(), hashes.len())
}

/// The fingerprint of the index of `docs`.
pub fn input_fingerprint(docs: &[Arc<SearchDoc>]) -> String {
    let hashes: Vec<u64> = docs
        .par_iter()
        .map(|d| IndexInput::of_doc(d).hash_value())
        .collect();
    fingerprint_of(&hashes)
}

/// The fingerprint of the index of a site's papers, without making their documents:
/// equal to `input_fingerprint(&site_docs(site))`.
pub fn site_fingerprint(site: &Site) -> String {
    let hashes: Vec<u64> = site
        .papers
        .par_iter()
        .rev()
        .map(|p| IndexInput::of_paper(site, p).hash_value())
        .collect();
    fingerprint_of(&hashes)
}

/// The files of the bundle published in `output_dir`, when it was built from the input
/// `fingerprint` (and so is exactly what indexing again would give).
pub fn previous_bundle(output_dir: &Path, fingerprint: &str) -> Option<Vec<String>> {
    let recorded = std::fs::read_to_string(output_dir.join(FINGERPRINT_FILE)).ok()?;
    if recorded != fingerprint {
        return None;
    }
    let bundle = output_dir.join(BUNDLE_DIR);
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&bundle) {
        let entry = entry.ok()?;
        if entry.file_type().is_file() {
            let relative = entry.path().strip_prefix(&bundle).ok()?;
            let parts: Vec<&str> = relative.iter().map(|p| p.to_str()).collect::<Option<_>>()?;
            files.push(format!("{BUNDLE_DIR}/{}", parts.join("/")));
        }
    }
    Some(files)
}

/// Papers tokenized at once (in parallel) before their terms join the index; bounds the
/// memory held by term lists. A whole number of card files.
const BATCH: usize = 128 * DOC_SHARD;

/// Builds the bundle for `docs` (oldest first): (output path, bytes), the fingerprint
/// file included.
pub fn build_index(docs: &[Arc<SearchDoc>]) -> Vec<(String, Vec<u8>)> {
    let inputs: Vec<IndexInput> = docs.iter().map(|d| IndexInput::of_doc(d)).collect();
    index_inputs(&inputs, input_fingerprint(docs))
}

/// The bundle for a site's papers, read in place; `fingerprint` is [`site_fingerprint`].
/// Exactly what [`build_index`] gives for [`site_docs`].
pub fn build_site_index(site: &Site, fingerprint: String) -> Vec<(String, Vec<u8>)> {
    let inputs: Vec<IndexInput> = site
        .papers
        .iter()
        .rev()
        .map(|p| IndexInput::of_paper(site, p))
        .collect();
    index_inputs(&inputs, fingerprint)
}

fn index_inputs(docs: &[IndexInput<'_>], fingerprint: String) -> Vec<(String, Vec<u8>)> {
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
    };
    out.push((
        MANIFEST_FILE.to_string(),
        serde_json::to_vec(&manifest).expect("manifest serializes"),
    ));
    out.extend(files);
    out.push((FINGERPRINT_FILE.to_string(), fingerprint.into_bytes()));
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

/// Chinese, Japanese and Korean characters: text without spaces between words.
pub fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30ff        // Hiragana, Katakana
        | 0x3400..=0x4dbf      // CJK Extension A
        | 0x4e00..=0x9fff      // CJK Unified Ideographs
        | 0xac00..=0xd7af      // Hangul syllables
        | 0xf900..=0xfaff      // CJK Compatibility Ideographs
        | 0x20000..=0x2ffff) // CJK Extensions B..
}

/// Calls `emit` with every index term of `text`, in order (repeats included). The
/// theme's `search.js` splits queries by the same rules; the two must change together.
pub fn for_each_term(text: &str, mut emit: impl FnMut(&str)) {
    let chars: Vec<char> = text.chars().collect();
    let mut word = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_unspaced(c) {
            let start = i;
            while i < chars.len() && is_unspaced(chars[i]) {
                i += 1;
            }
            let run = &chars[start..i];
            let mut pair = String::with_capacity(8);
            for two in run.windows(2) {
                pair.clear();
                pair.extend(two);
                emit(&pair);
            }
            pair.clear();
            pair.push(run[run.len() - 1]);
            emit(&pair);
        } else if c == '\\' && chars.get(i + 1).is_some_and(char::is_ascii_alphabetic) {
            // A TeX command (`\mathcal`) is markup, not a word of the text.
            i += 1;
            while i < chars.len() && chars[i].is_ascii_alphabetic() {
                i += 1;
            }
        } else if c.is_alphanumeric() {
            let start = i;
            while i < chars.len() {
                let d = chars[i];
                let in_number = d == '.'
                    && chars[i - 1].is_ascii_digit()
                    && chars.get(i + 1).is_some_and(char::is_ascii_digit);
                if !(in_number || (d.is_alphanumeric() && !is_unspaced(d))) {
                    break;
                }
                i += 1;
            }
            if i - start <= MAX_WORD_CHARS {
                fold_word(&chars[start..i], &mut word);
                if !word.is_empty() {
                    emit(&word);
                }
            }
        } else {
            i += 1;
        }
    }
}

/// Lower case without accents, English plurals made singular: `Schrödinger` →
/// `schrodinger`, `Transformers` → `transformer`.
fn fold_word(chars: &[char], out: &mut String) {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    out.clear();
    if chars.iter().all(char::is_ascii) {
        out.extend(chars.iter().map(char::to_ascii_lowercase));
        singular(out);
        return;
    }
    for c in chars
        .iter()
        .copied()
        .nfd()
        .filter(|c| !is_combining_mark(*c))
    {
        out.extend(c.to_lowercase());
    }
}

/// Harman's "S" stemmer, for words of four or more ASCII letters: `-ies` → `-y` (not
/// `-eies`, `-aies`), else a final `-s` goes (not in `-us`, `-ss`; Harman's `-es` → `-e`
/// rule comes to the same). It only merges a plural with its singular, so it rarely
/// surprises.
fn singular(word: &mut String) {
    if word.len() < 4 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return;
    }
    if word.ends_with("ies") && !word.ends_with("eies") && !word.ends_with("aies") {
        word.truncate(word.len() - 3);
        word.push('y');
    } else if word.ends_with('s') && !word.ends_with("us") && !word.ends_with("ss") {
        word.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn terms(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_term(text, |t| out.push(t.to_string()));
        out
    }

    #[test]
    fn words_are_folded_and_ids_stay_whole() {
        assert_eq!(
            terms("Schrödinger BRIDGE, arXiv:2404.02424v1 (e.g. 3.5x)"),
            [
                "schrodinger",
                "bridge",
                "arxiv",
                "2404.02424v1",
                "e",
                "g",
                "3.5x"
            ]
        );
        assert_eq!(terms("hep-th/9901001"), ["hep", "th", "9901001"]);
        // Plurals are folded into their singular (Harman's S stemmer).
        assert_eq!(
            terms("Transformers studies images process corpus analysis gas LLMs"),
            [
                "transformer",
                "study",
                "image",
                "process",
                "corpus",
                "analysi",
                "gas",
                "llm"
            ]
        );
    }

    #[test]
    fn unspaced_text_becomes_pairs_and_the_last_character() {
        assert_eq!(terms("稀疏注意力"), ["稀疏", "疏注", "注意", "意力", "力"]);
        assert_eq!(terms("用 RESSA 修复"), ["用", "ressa", "修复", "复"]);
        assert_eq!(terms("视觉-语言"), ["视觉", "觉", "语言", "言"]);
    }

    #[test]
    fn tex_commands_are_not_words() {
        assert_eq!(
            terms(r"cost $\mathcal{O}(n\log n)$"),
            ["cost", "o", "n", "n"]
        );
    }

    fn doc(key: &str, title: &str, summary: &str, abstract_text: &str) -> Arc<SearchDoc> {
        Arc::new(SearchDoc {
            key: key.into(),
            date: Some("2024-04-04".into()),
            titles: vec![("en".into(), title.into())],
            summaries: vec![("zh".into(), summary.into())],
            abstracts: vec![("en".into(), abstract_text.into())],
            authors: vec!["Ada Lovelace".into()],
            tags: vec!["toy-models".into()],
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
        let files: HashMap<String, Vec<u8>> = build_index(&docs).into_iter().collect();
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
        // Terms are sorted by their bytes, the order the browser's binary search assumes.
        let terms: Vec<&String> = chunk.iter().map(|(t, _)| t).collect();
        assert!(terms.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn large_sites_are_cut_into_chunks_and_use_bitmaps_for_common_words() {
        let docs: Vec<Arc<SearchDoc>> = (0..3000)
            .map(|i| {
                doc(
                    &format!("p{i}"),
                    &format!("paper number{i} about topic{}", i % 97),
                    "模型",
                    &format!("word{} word{} common", i % 13, i * 7),
                )
            })
            .collect();
        let files = build_index(&docs);
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
