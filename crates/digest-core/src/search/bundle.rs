//! The bundle's files: the postings of every term in segments of papers, each cut into
//! term chunks, the result cards in files of [`DOC_SHARD`] papers, the manifest, and their
//! encoding, which `search.js` decodes.
//!
//! Hand-written: the format is ours (versioned by `FORMAT`, which `search.js` checks).
//! It is made for a static page that fetches only the chunks holding a query's words:
//! sorted terms in chunks of about 16 KB, postings as delta-encoded varints with the field
//! in two bits, or a bitmap for words in most papers.

use std::hash::Hasher;
use std::ops::Range;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::input::{PaperTerms, SearchInput};
use super::term_table::{TermEntry, TermTable};

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

/// The smallest step at which the index is cut into segments of papers (see
/// [`segments`]). The last segment, which a new day rewrites, holds fewer papers than
/// this: about a hundred term chunks at most.
const SEGMENT_STEP: usize = 2048;

/// Each larger step is this many times the one below. A query reads a chunk of every
/// segment, at most one more segment per factor: four at 100,000 papers.
const SEGMENT_FANOUT: usize = 4;

/// Version of the bundle's format, checked by `search.js`.
pub(super) const FORMAT: u32 = 3;

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
    /// The segments, oldest papers first.
    segs: Vec<Segment>,
    /// The categories with the most papers (primary or cross-listed), at most
    /// [`MENU_CATEGORIES`], most first: the menu that narrows results. (Any category can be
    /// narrowed to by its term; the menu is what a reader picks from.)
    cats: Vec<(&'a str, usize)>,
}

/// A segment of the index in the manifest: the papers `s .. s + n`, whose terms are in
/// the chunks `t/<s>/<k>.bin`. Short keys, like the cards'.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct Segment {
    /// The number of its first paper.
    pub(super) s: usize,
    /// Its papers.
    pub(super) n: usize,
    /// A fingerprint of its chunks: their URLs carry it, so a browser keeps the chunks of
    /// a segment that did not change.
    pub(super) v: String,
    /// The first term of each chunk after the first.
    pub(super) c: Vec<String>,
}

/// Papers tokenized at once (in parallel) before their terms join the index; bounds the
/// memory held by term lists (a few MiB for a batch of real papers: a batch of 1,024 held
/// 18 MiB at a clean build's peak). A whole number of card files.
const BATCH: usize = 32 * DOC_SHARD;
// A segment is whole batches, a batch whole files of cards: a kept segment's cards are
// whole files, kept as they are.
const _: () = assert!(SEGMENT_STEP.is_multiple_of(BATCH) && BATCH.is_multiple_of(DOC_SHARD));

/// The maps the postings are gathered in, in parallel, by the hash of their terms. Two:
/// on a two-core runner eight were no faster, and held 10 MiB more at the peak (each
/// worker's allocator keeps what the growing lists it fills give back).
const POSTING_SHARDS: usize = 2;

/// The postings of one term while they are gathered, in paper order: per paper,
/// `(number − previous number) << 2 | field` as a LEB128 varint (numbers from 0). About
/// 1.3 bytes a posting where a `u32` each took 4 (plus growth): 10,000 papers have three
/// million postings, most of the index's memory.
#[derive(Default)]
struct PostingList {
    bytes: Vec<u8>,
    last: u32,
}

impl PostingList {
    /// Adds paper `number` (larger than any before) with `field`.
    fn push(&mut self, number: u32, field: Field) {
        write_varint(
            &mut self.bytes,
            u64::from((number - self.last) << 2 | field as u32),
        );
        self.last = number;
    }

    /// The postings, `number << 2 | field`, into `out` (cleared first).
    fn decode_into(&self, out: &mut Vec<u32>) {
        out.clear();
        let (mut number, mut value, mut shift) = (0u32, 0u32, 0);
        for &byte in &self.bytes {
            value |= u32::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                number += value >> 2;
                out.push(number << 2 | (value & 3));
                (value, shift) = (0, 0);
            } else {
                shift += 7;
            }
        }
    }
}

/// Which of the [`POSTING_SHARDS`] tables holds the postings of a term of this hash.
fn posting_shard(hash: u64) -> usize {
    (hash >> 32) as usize % POSTING_SHARDS
}

/// One of the [`POSTING_SHARDS`] tables of postings.
type PostingShard = TermTable<PostingList>;

/// Every term of `shards` with its postings, in order: the shards' sorted terms merged (a
/// term is in one shard only).
fn merged_terms<'s>(
    shards: &'s [PostingShard],
    sorted: &'s [Vec<&'s TermEntry<PostingList>>],
) -> impl Iterator<Item = (&'s str, &'s PostingList)> {
    let mut next = vec![0; sorted.len()];
    std::iter::from_fn(move || {
        let (shard, gathered) = sorted
            .iter()
            .enumerate()
            .filter_map(|(shard, terms)| Some((shard, *terms.get(next[shard])?)))
            .min_by(|a, b| shards[a.0].term(a.1).cmp(shards[b.0].term(b.1)))?;
        next[shard] += 1;
        Some((shards[shard].term(gathered), &gathered.value))
    })
}

/// A segment of a published bundle: what it was built from, its entry in the manifest.
#[derive(Debug, Clone)]
pub(super) struct PublishedSegment {
    /// [`SearchInput::segment_fingerprint`] of its papers, as recorded.
    pub(super) fingerprint: String,
    pub(super) entry: Segment,
}

impl PublishedSegment {
    /// Its files (output paths): its term chunks and the cards of its papers. A segment
    /// starts and ends at a multiple of [`SEGMENT_STEP`], so its papers' cards fill whole
    /// card files of their own; its fingerprint covers what the cards show.
    pub(super) fn files(&self) -> Vec<String> {
        let cards = self.entry.s / DOC_SHARD..(self.entry.s + self.entry.n).div_ceil(DOC_SHARD);
        (0..=self.entry.c.len())
            .map(|k| chunk_path(self.entry.s, k))
            .chain(cards.map(card_path))
            .collect()
    }
}

/// The output path of the `k`th file of cards.
fn card_path(k: usize) -> String {
    format!("{BUNDLE_DIR}/d/{k}.json")
}

/// The segments of `published` that indexing `input` again would give byte for byte: the
/// same papers where the same cut puts a segment.
pub(super) fn reusable_segments(
    input: &SearchInput<'_>,
    published: Vec<PublishedSegment>,
) -> Vec<PublishedSegment> {
    let ranges = segments(input.papers.len());
    published
        .into_iter()
        .filter(|p| {
            let range = p.entry.s..p.entry.s + p.entry.n;
            ranges.contains(&range) && input.segment_fingerprint(range) == p.fingerprint
        })
        .collect()
}

/// Builds the bundle of `input`: (output path, bytes), the fingerprint file included.
pub fn build_bundle(mut input: SearchInput<'_>) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    build_bundle_keeping(&mut input, &[], &mut |batch| files.extend(batch));
    files
}

/// [`build_bundle`] without the segments `kept` (from [`reusable_segments`], whose files the
/// caller keeps as published): their papers are not indexed again and their chunks are not
/// in the result; the manifest lists them as before. A new day's build indexes only the
/// papers of the last segment this way.
///
/// The files go to `emit` as they are made, a batch at a time (the cards of each batch of
/// papers, each term chunk once it is full, then the manifest, the last chunks and the
/// fingerprint), always in the same order: a build writes them while the rest is indexed
/// instead of holding them all.
pub(super) fn build_bundle_keeping(
    input: &mut SearchInput<'_>,
    kept: &[PublishedSegment],
    emit: &mut dyn FnMut(Vec<(String, Vec<u8>)>),
) {
    let papers = input.papers.len();
    let ranges = segments(papers);
    let is_kept = |range: &Range<usize>| {
        kept.iter()
            .find(|k| k.entry.s == range.start && k.entry.n == range.len())
    };
    let kept_ranges: Vec<Range<usize>> = ranges
        .iter()
        .filter(|r| is_kept(r).is_some())
        .cloned()
        .collect();
    // Postings of each term: paper number << 2 | field, in paper order. The terms are
    // split by their hash into POSTING_SHARDS tables, filled in parallel, each in paper
    // order (one table filled paper by paper was half of the indexing time, on one core;
    // tables split by paper instead would each hold the common terms again).
    let mut postings: Vec<PostingShard> = (0..POSTING_SHARDS)
        .map(|_| PostingShard::default())
        .collect();
    for first in (0..papers).step_by(BATCH) {
        let in_batch = first..(first + BATCH).min(papers);
        // A batch of a kept segment (segments are whole batches): its cards are kept with
        // the segment's files, its terms are not needed.
        if kept_ranges
            .iter()
            .any(|r| r.start <= in_batch.start && in_batch.end <= r.end)
        {
            input.papers[in_batch]
                .iter_mut()
                .for_each(|p| p.let_go_of_abstracts());
            continue;
        }
        let batch = &input.papers[in_batch.clone()];
        let (cards, terms): (Vec<Card>, Vec<PaperTerms>) = batch
            .par_iter()
            .enumerate()
            .map(|(offset, d)| {
                let number = first + offset;
                if kept_ranges.iter().any(|r| r.contains(&number)) {
                    (d.card(), PaperTerms::default())
                } else {
                    d.card_and_terms()
                }
            })
            .unzip();
        let first_shard = first / DOC_SHARD;
        emit(
            cards
                .par_chunks(DOC_SHARD)
                .enumerate()
                .map(|(k, shard)| {
                    (
                        card_path(first_shard + k),
                        serde_json::to_vec(shard).expect("cards serialize"),
                    )
                })
                .collect(),
        );
        // Each table reads every paper's terms and takes its own, copying a term only the
        // first time it meets it.
        postings
            .par_iter_mut()
            .enumerate()
            .for_each(|(shard, postings)| {
                for (offset, doc_terms) in terms.iter().enumerate() {
                    let number = (first + offset) as u32;
                    for (term, hash, field) in doc_terms.iter() {
                        if posting_shard(hash) == shard {
                            postings
                                .value(term, hash, PostingList::default)
                                .push(number, field);
                        }
                    }
                }
            });
        // Read: owned abstracts (a build's) are freed as the index grows.
        input.papers[in_batch]
            .iter_mut()
            .for_each(|p| p.let_go_of_abstracts());
    }
    // The terms in order, borrowed from the tables (moving them out into one list would
    // hold both at once).
    let sorted: Vec<Vec<&TermEntry<PostingList>>> =
        postings.par_iter().map(PostingShard::sorted).collect();

    let mut cats: FxHashMap<&str, usize> = FxHashMap::default();
    let (docs, fingerprint) = (&input.papers, input.fingerprint());
    for doc in docs {
        for &c in doc.categories() {
            *cats.entry(c).or_default() += 1;
        }
    }
    let mut cats: Vec<(&str, usize)> = cats.into_iter().collect();
    cats.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    cats.truncate(MENU_CATEGORIES);

    let build = &fingerprint[..16];
    let mut segments: Vec<SegmentWriter> = ranges
        .iter()
        .map(|range| SegmentWriter::new(range.clone()))
        .collect();
    let mut list = Vec::new();
    for (term, gathered) in merged_terms(&postings, &sorted) {
        gathered.decode_into(&mut list);
        // Postings are in paper order: each segment's share is one run of the list.
        let mut rest = list.as_slice();
        for segment in &mut segments {
            let end = rest.partition_point(|p| ((p >> 2) as usize) < segment.range.end);
            if end > 0 {
                segment.push(term, &rest[..end]);
                // Full chunks are written as they fill, not held until the end.
                if !segment.full.is_empty() {
                    emit(std::mem::take(&mut segment.full));
                }
            }
            rest = &rest[end..];
        }
    }
    drop(sorted);
    drop(postings);
    let mut files = Vec::new();
    let mut manifest_segments = Vec::new();
    let mut recorded = fingerprint.to_string();
    for segment in segments {
        recorded.push_str(&format!(
            "segment {}\n",
            input.segment_fingerprint(segment.range.clone())
        ));
        if let Some(published) = is_kept(&segment.range) {
            manifest_segments.push(published.entry.clone());
            continue;
        }
        let (entry, chunks) = segment.finish();
        manifest_segments.push(entry);
        files.extend(chunks);
    }
    let manifest = Manifest {
        format: FORMAT,
        build,
        papers: docs.len(),
        shard: DOC_SHARD,
        segs: manifest_segments,
        cats,
    };
    let mut out = vec![(
        MANIFEST_FILE.to_string(),
        serde_json::to_vec(&manifest).expect("manifest serializes"),
    )];
    out.extend(files);
    out.push((FINGERPRINT_FILE.to_string(), recorded.into_bytes()));
    emit(out);
}

/// The papers of each segment of an index of `papers` papers: cut where a multiple of
/// each step lies below the paper count, steps of [`SEGMENT_STEP`] times powers of
/// [`SEGMENT_FANOUT`]. The cuts depend on the count alone, so a clean build and any
/// sequence of incremental ones cut alike. As papers are added, only the last segment
/// grows; each time the count passes a multiple of a step, the segments above that
/// multiple's step join into one (as the digits of a counter carry).
fn segments(papers: usize) -> Vec<Range<usize>> {
    let mut cuts = vec![0, papers];
    let mut step = SEGMENT_STEP;
    while step <= papers {
        cuts.push(papers / step * step);
        step *= SEGMENT_FANOUT;
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2).map(|w| w[0]..w[1]).collect()
}

/// The term chunks of one segment as its terms arrive in sorted order.
struct SegmentWriter {
    range: Range<usize>,
    /// Chunks closed so far.
    closed: usize,
    /// The fingerprint of the closed chunks.
    hasher: siphasher::sip::SipHasher13,
    first_terms: Vec<String>,
    chunk: Vec<u8>,
    /// Closed chunks not yet taken: (output path, bytes).
    full: Vec<(String, Vec<u8>)>,
}

impl SegmentWriter {
    fn new(range: Range<usize>) -> Self {
        Self {
            range,
            closed: 0,
            hasher: siphasher::sip::SipHasher13::new(),
            first_terms: Vec::new(),
            chunk: Vec::new(),
            full: Vec::new(),
        }
    }

    /// Adds `term` with its postings in this segment (global paper numbers).
    fn push(&mut self, term: &str, postings: &[u32]) {
        if self.chunk.len() >= CHUNK_BYTES {
            self.close_chunk();
            self.first_terms.push(term.to_string());
        }
        let start = self.range.start as u32;
        encode_term(
            &mut self.chunk,
            term,
            postings.iter().map(|&p| p - (start << 2)),
            self.range.len(),
        );
    }

    /// Closes the current chunk: into [`SegmentWriter::full`], and into the fingerprint.
    fn close_chunk(&mut self) {
        let chunk = std::mem::take(&mut self.chunk);
        self.hasher.write(&chunk);
        self.hasher.write_usize(chunk.len());
        self.full
            .push((chunk_path(self.range.start, self.closed), chunk));
        self.closed += 1;
    }

    /// The segment's entry in the manifest and its chunk files not yet taken.
    fn finish(mut self) -> (Segment, Vec<(String, Vec<u8>)>) {
        self.close_chunk();
        let entry = Segment {
            s: self.range.start,
            n: self.range.len(),
            v: format!("{:016x}", self.hasher.finish()),
            c: self.first_terms,
        };
        (entry, self.full)
    }
}

fn chunk_path(segment: usize, k: usize) -> String {
    format!("{BUNDLE_DIR}/t/{segment}/{k}.bin")
}

/// One term of a chunk: the term (length-prefixed UTF-8), the number of papers with it,
/// then its postings, whichever is smaller of
/// - a list (flag bit 0): per paper, `(number − previous number) << 2 | field`, as
///   LEB128 varints;
/// - a bitmap (flag bit 1): one bit per paper, fields left out (a word in most papers
///   says little about any of them).
///
/// The postings are preceded by `byte length << 1 | flag`.
fn encode_term(
    out: &mut Vec<u8>,
    term: &str,
    postings: impl ExactSizeIterator<Item = u32> + Clone,
    papers: usize,
) {
    write_varint(out, term.len() as u64);
    out.extend_from_slice(term.as_bytes());
    write_varint(out, postings.len() as u64);
    let mut list = Vec::with_capacity(postings.len() * 2);
    let mut previous = 0;
    for p in postings.clone() {
        let number = p >> 2;
        write_varint(&mut list, u64::from((number - previous) << 2 | (p & 3)));
        previous = number;
    }
    let bitmap_len = papers.div_ceil(8);
    if bitmap_len < list.len() {
        let mut bitmap = vec![0u8; bitmap_len];
        for p in postings {
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
        build_bundle(SearchInput::of_docs(docs))
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
    fn gathered_postings_read_back_as_they_were_added() {
        let added = [
            (0, Field::Heading),
            (1, Field::Text),
            (200, Field::Summary),
            (70_000, Field::RepeatedText),
            (u32::MAX >> 2, Field::Text),
        ];
        let mut list = PostingList::default();
        for (number, field) in added {
            list.push(number, field);
        }
        let mut read = vec![7];
        list.decode_into(&mut read);
        let expected: Vec<u32> = added.iter().map(|&(n, f)| n << 2 | f as u32).collect();
        assert_eq!(read, expected);
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
        assert_eq!(manifest["segs"].as_array().unwrap().len(), 1);
        assert_eq!(manifest["segs"][0]["c"].as_array().unwrap().len(), 0);
        let chunk = decode_chunk(&files["search/t/0/0.bin"], 2);
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
        let chunk = decode_chunk(&files["search/t/0/0.bin"], 2);
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
        let manifest: serde_json::Value =
            serde_json::from_slice(&files.iter().find(|(p, _)| p == MANIFEST_FILE).unwrap().1)
                .unwrap();
        // 3,000 papers: a segment of the first 2,048 and one of the rest.
        let segs = manifest["segs"].as_array().unwrap();
        let ranges: Vec<(u64, u64)> = segs
            .iter()
            .map(|s| (s["s"].as_u64().unwrap(), s["n"].as_u64().unwrap()))
            .collect();
        assert_eq!(ranges, [(0, 2048), (2048, 952)]);
        let mut all: HashMap<String, Vec<(u32, u32)>> = HashMap::new();
        for seg in segs {
            let (start, n) = (seg["s"].as_u64().unwrap(), seg["n"].as_u64().unwrap());
            let chunks: Vec<&(String, Vec<u8>)> = files
                .iter()
                .filter(|(p, _)| p.starts_with(&format!("search/t/{start}/")))
                .collect();
            assert!(chunks.len() > 1);
            assert_eq!(seg["c"].as_array().unwrap().len(), chunks.len() - 1);
            assert!(chunks.iter().all(|(_, b)| b.len() < CHUNK_BYTES + 4096));
            // Each segment's papers are numbered from its first; back to the site's.
            for (_, bytes) in chunks {
                for (term, list) in decode_chunk(bytes, n as usize) {
                    let list = list.into_iter().map(|(p, f)| (p + start as u32, f));
                    all.entry(term).or_default().extend(list);
                }
            }
        }
        // The menu lists the 50 categories with the most papers, most first.
        let cats = manifest["cats"].as_array().unwrap();
        assert_eq!(cats.len(), MENU_CATEGORIES);
        assert_eq!(cats[0], serde_json::json!(["c0", 31]));
        // Every category can still be narrowed to by its term.
        assert!(all.contains_key("#c96"));
        // A word in every paper: in both segments, all 3,000 papers.
        assert_eq!(all["common"].len(), 3000);
        assert_eq!(all["number42"], vec![(42, 3)]);
        assert_eq!(all["number2999"], vec![(2999, 3)]);
        // A word of both segments: its papers in each, numbered as in the site.
        assert_eq!(
            all["topic5"].iter().map(|(p, _)| *p).collect::<Vec<_>>(),
            (0..3000).filter(|i| i % 97 == 5).collect::<Vec<u32>>()
        );
        assert_eq!(
            files
                .iter()
                .filter(|(p, _)| p.starts_with("search/d/"))
                .count(),
            3000 / DOC_SHARD
        );
    }

    #[test]
    fn segments_are_cut_by_the_paper_count_alone() {
        assert_eq!(segments(0), Vec::<Range<usize>>::new());
        assert_eq!(segments(5), vec![0..5]);
        assert_eq!(segments(2048), vec![0..2048]);
        assert_eq!(segments(10_000), [0..8192, 8192..10_000]);
        assert_eq!(segments(10_300), [0..8192, 8192..10_240, 10_240..10_300]);
        assert_eq!(
            segments(100_000),
            [0..98_304, 98_304..100_000],
            "32,768 × 3, then 2,048 short of 100,000"
        );
        assert_eq!(
            segments(70_000),
            [0..65_536, 65_536..69_632, 69_632..70_000]
        );
        // A day of 300 papers keeps every segment up to the largest multiple of a step
        // that it does not move: all but the last, unless the count passes a multiple of
        // the smallest step.
        for papers in (1..200_000).step_by(997) {
            let cut = segments(papers);
            assert_eq!(cut.first().unwrap().start, 0);
            assert_eq!(cut.last().unwrap().end, papers);
            assert!(cut.windows(2).all(|w| w[0].end == w[1].start));
            assert!(cut.len() <= 5, "{papers}: {cut:?}");
            let next = segments(papers + 300);
            let mut step = SEGMENT_STEP;
            while papers / step != (papers + 300) / step {
                step *= SEGMENT_FANOUT;
            }
            let stays = papers / step * step;
            let kept: Vec<_> = cut.iter().filter(|r| next.contains(r)).collect();
            let below: Vec<_> = cut.iter().filter(|r| r.end <= stays).collect();
            assert_eq!(kept, below, "{papers}: {cut:?} then {next:?}");
            if step == SEGMENT_STEP {
                assert_eq!(kept.len(), cut.len() - 1, "{papers}: {cut:?} then {next:?}");
            }
        }
    }

    /// Paper `i` of the sites of the segment tests: a word of its own, words shared by some.
    fn numbered(i: usize) -> Arc<SearchDoc> {
        doc(
            &format!("p{i}"),
            &format!("paper number{i} about topic{}", i % 31),
            "模型",
            &format!("word{} common", i % 13),
        )
    }

    /// The bundle of the first `papers` numbered papers, by output path.
    fn numbered_bundle(papers: usize) -> HashMap<String, Vec<u8>> {
        bundle_of(&(0..papers).map(numbered).collect::<Vec<_>>())
            .into_iter()
            .collect()
    }

    /// A new day adds papers at the end: the chunks of every earlier segment are what they
    /// were, byte for byte, and only the last segment's are written again.
    #[test]
    fn adding_papers_rewrites_only_the_last_segment() {
        let before = numbered_bundle(5000);
        let after = numbered_bundle(5300);
        let changed: Vec<&String> = after
            .iter()
            .filter(|(path, bytes)| before.get(*path) != Some(bytes))
            .map(|(path, _)| path)
            .collect();
        assert!(
            before.keys().any(|p| p.starts_with("search/t/0/")),
            "a segment of the first 4,096 papers"
        );
        for path in &changed {
            assert!(
                path.starts_with("search/t/4096/")
                    || path.starts_with("search/d/")
                    || *path == MANIFEST_FILE
                    || *path == FINGERPRINT_FILE,
                "{path} was written again"
            );
        }
        let index = |files: &HashMap<String, Vec<u8>>| -> serde_json::Value {
            serde_json::from_slice(&files[MANIFEST_FILE]).unwrap()
        };
        // The first segment's version is unchanged, so a browser keeps its chunks.
        assert_eq!(index(&before)["segs"][0], index(&after)["segs"][0]);
        assert_ne!(
            index(&before)["segs"][1]["v"],
            index(&after)["segs"][1]["v"]
        );
    }

    /// A build over a published bundle indexes only the segments whose papers changed,
    /// and gives what a clean build gives: the kept segments' files as published, the rest
    /// as indexing from nothing writes them.
    #[test]
    fn a_bundle_built_over_a_published_one_equals_a_clean_one() {
        let write = |dir: &std::path::Path, files: &[(String, Vec<u8>)]| {
            for (path, bytes) in files {
                let target = dir.join(path);
                std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                std::fs::write(target, bytes).unwrap();
            }
        };
        let published = tempfile::tempdir().unwrap();
        write(
            published.path(),
            &bundle_of(&(0..5000).map(numbered).collect::<Vec<_>>()),
        );
        // A new day, and an edit of the first paper: the first segment changes too.
        for (docs, reused) in [
            ((0..5300).map(numbered).collect::<Vec<_>>(), vec![0]),
            (
                std::iter::once(doc("p0", "edited", "模型", "common"))
                    .chain((1..5300).map(numbered))
                    .collect(),
                vec![],
            ),
        ] {
            // The build's way: the published files on disk, kept where they are.
            let dir = published.path();
            let mut built = Vec::new();
            let kept = crate::search::build_bundle_over(
                SearchInput::of_docs(&docs),
                |p| std::fs::read(dir.join(p)).ok(),
                |p| dir.join(p).is_file(),
                &mut |files| built.extend(files),
            );
            let mut starts: Vec<usize> = kept
                .iter()
                .filter_map(|p| p.strip_prefix("search/t/")?.split('/').next()?.parse().ok())
                .collect();
            starts.dedup();
            assert_eq!(starts, reused);
            let mut built: HashMap<String, Vec<u8>> = built.into_iter().collect();
            for file in kept {
                assert!(!built.contains_key(&file), "{file} is kept, not built");
                built.insert(file.clone(), std::fs::read(dir.join(&file)).unwrap());
            }
            let clean: HashMap<String, Vec<u8>> = bundle_of(&docs).into_iter().collect();
            assert_eq!(built.len(), clean.len());
            for (path, bytes) in &clean {
                assert!(
                    built.get(path) == Some(bytes),
                    "{path} differs from a clean build"
                );
            }
        }
    }

    /// The dev server's way: a bundle built over the previous one in memory takes the
    /// files of unchanged segments from it, and is then what a clean build gives.
    #[test]
    fn a_bundle_built_over_one_in_memory_equals_a_clean_one() {
        let before = numbered_bundle(5000);
        let docs: Vec<_> = (0..5300).map(numbered).collect();
        let mut built = Vec::new();
        let kept = crate::search::build_bundle_over(
            SearchInput::of_docs(&docs),
            |p| before.get(p).cloned(),
            |p| before.contains_key(p),
            &mut |files| built.extend(files),
        );
        // The first segment's chunks, and the cards of its 4,096 papers.
        assert!(
            kept.iter().all(|p| p.starts_with("search/t/0/")
                || p.strip_prefix("search/d/")
                    .and_then(|n| n.strip_suffix(".json")?.parse::<usize>().ok())
                    .is_some_and(|n| n < 4096 / DOC_SHARD)),
            "{kept:?}"
        );
        assert!(kept.iter().filter(|p| p.starts_with("search/t/0/")).count() > 1);
        assert_eq!(
            kept.iter().filter(|p| p.starts_with("search/d/")).count(),
            4096 / DOC_SHARD
        );
        let mut all: HashMap<String, Vec<u8>> = built.into_iter().collect();
        for path in kept {
            assert!(
                all.insert(path.clone(), before[&path].clone()).is_none(),
                "{path}"
            );
        }
        let clean: HashMap<String, Vec<u8>> = bundle_of(&docs).into_iter().collect();
        assert!(all == clean, "the bundle equals a clean one");
    }
}
