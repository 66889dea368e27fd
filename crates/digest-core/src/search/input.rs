//! What the index is built from: the indexed fields of every paper (titles, summaries,
//! abstracts, the texts of `analysis:`, authors, tags, notes; its categories and newest
//! digest, which its card shows and results are narrowed by), borrowed either from
//! the site's papers in place or from the dev server's [`SearchDoc`]s, the fingerprint of
//! them all, and what each paper gives the index (its result card and its terms).
//!
//! Hand-written like the rest of the index: which fields are searched, and how much a
//! word in each counts, is our format's choice (`search.js` turns the field into a
//! ranking weight).

use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use super::bundle::{Card, FORMAT, Field};
use super::term_table::{TermEntry, TermTable, term_hash};
use super::tokenize::for_each_term;
use crate::arxiv_text::plain;
use crate::line_breaks::join_lines;
use crate::model::{Paper, Site, Texts, paths};

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
    /// The texts of `analysis:` (language code, text), key by key.
    pub analysis: Vec<(String, String)>,
    pub authors: Vec<String>,
    pub tags: Vec<String>,
    /// The paper's arXiv categories as the site names them, the primary first.
    pub categories: Vec<String>,
    /// The newest digest that lists the paper: (its page's path, its date or slug).
    pub digest: Option<(String, String)>,
    pub body: String,
}

impl SearchDoc {
    pub fn of_paper(site: &Site, paper: &Paper) -> SearchDoc {
        let input = PaperInput::of_paper(site, paper);
        SearchDoc {
            key: paper.id.clone(),
            date: input.date,
            titles: input.titles.to_vec(),
            summaries: input.summaries.to_vec(),
            abstracts: input.abstracts.to_vec(),
            analysis: input.analysis.into_iter().cloned().collect(),
            authors: input.authors.to_vec(),
            tags: input.tags.iter().map(|t| t.to_string()).collect(),
            categories: input.categories.iter().map(|c| c.to_string()).collect(),
            digest: input.digest,
            body: paper.body.clone(),
        }
    }
}

/// The papers to index, oldest first (the order of the index), borrowed; and the
/// fingerprint of their indexed fields. Made from a site ([`SearchInput::of_site`]) or
/// from search documents ([`SearchInput::of_docs`]); the same papers give the same input
/// either way, and [`build_bundle`](super::build_bundle) the same bundle.
pub struct SearchInput<'a> {
    pub(super) papers: Vec<PaperInput<'a>>,
    /// The hash of each paper's indexed fields, in the same order.
    hashes: Vec<u64>,
    fingerprint: String,
}

impl<'a> SearchInput<'a> {
    /// A site's papers, read in place (nothing is copied).
    pub fn of_site(site: &'a Site) -> Self {
        SearchInput::new(
            site.papers
                .par_iter()
                .rev()
                .map(|p| PaperInput::of_paper(site, p)),
        )
    }

    /// [`SearchInput::of_site`] with the papers' abstracts given, in the site's order of
    /// papers, taken out of it ([`Site::take_abstracts`]): the index lets go of each as
    /// soon as it has read it (what `build` does, which needs them for nothing else by
    /// then: at 100,000 papers they are 160 MB, and the index grows by about 100 MB as it
    /// reads them).
    pub fn of_site_and_abstracts(site: &'a Site, abstracts: Vec<Texts>) -> Self {
        SearchInput::new(
            site.papers
                .par_iter()
                .zip(abstracts.into_par_iter())
                .rev()
                .map(|(p, abstracts)| PaperInput {
                    abstracts: Cow::Owned(abstracts.0),
                    ..PaperInput::of_paper(site, p)
                }),
        )
    }

    /// Search documents, oldest first (what the dev server keeps between rebuilds). For the
    /// documents of a site's papers, equal to [`SearchInput::of_site`] of it.
    pub fn of_docs(docs: &'a [Arc<SearchDoc>]) -> Self {
        SearchInput::new(docs.par_iter().map(|d| PaperInput::of_doc(d)))
    }

    fn new(papers: impl IndexedParallelIterator<Item = PaperInput<'a>>) -> Self {
        let mut inputs = Vec::new();
        let mut hashes = Vec::new();
        papers
            .map(|p| {
                let hash = p.hash_value();
                (p, hash)
            })
            .unzip_into_vecs(&mut inputs, &mut hashes);
        SearchInput {
            papers: inputs,
            fingerprint: fingerprint_of(&hashes),
            hashes,
        }
    }

    /// What the bundle is a function of: the hashes of the papers' indexed fields (oldest
    /// first) and this program's version. The bundle records it (in
    /// [`FINGERPRINT_FILE`](super::bundle::FINGERPRINT_FILE)), so that a build can tell whether
    /// the published bundle is still what indexing again would give.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// What the segment of the papers `range` is a function of: where it starts and the
    /// fingerprint of its papers (a segment's chunks depend on nothing else).
    pub(super) fn segment_fingerprint(&self, range: std::ops::Range<usize>) -> String {
        let start = range.start;
        format!("{start} {}", fingerprint_of(&self.hashes[range]).trim_end())
    }
}

/// The fields of a paper the index is made from, borrowed: what the fingerprint hashes,
/// the same from a [`Paper`] of the site as from a [`SearchDoc`].
#[derive(Hash)]
pub(super) struct PaperInput<'a> {
    key: &'a str,
    date: Option<String>,
    titles: &'a [(String, String)],
    summaries: &'a [(String, String)],
    /// Let go of once read when owned ([`PaperInput::let_go_of_abstracts`]).
    abstracts: Cow<'a, [(String, String)]>,
    analysis: Vec<&'a (String, String)>,
    authors: &'a [String],
    tags: Vec<&'a str>,
    categories: Vec<&'a str>,
    digest: Option<(String, String)>,
    body: &'a str,
}

impl<'a> PaperInput<'a> {
    fn of_paper(site: &'a Site, paper: &'a Paper) -> Self {
        PaperInput {
            key: &paper.id,
            date: paper.date.map(|d| d.to_string()),
            titles: &paper.title.0,
            summaries: &paper.summary.0,
            abstracts: Cow::Borrowed(&paper.abstract_text.0),
            analysis: paper.analysis.iter().flat_map(|(_, t)| &t.0).collect(),
            authors: &paper.authors,
            tags: paper
                .tags
                .iter()
                .map(|&t| site.tags[t].name.as_str())
                .collect(),
            categories: paper
                .categories
                .iter()
                .map(|&c| site.categories[c].name.as_str())
                .collect(),
            // Digests are newest first, so the smallest index is the newest digest.
            digest: paper.digests.iter().min().map(|&d| {
                let digest = &site.digests[d];
                let label = match digest.date {
                    Some(date) => date.to_string(),
                    None => digest.slug.clone(),
                };
                // To the paper's details there, not the top of the digest.
                let fragment = digest
                    .anchor_of_id(&site.papers, &paper.id)
                    .map(|a| format!("#{a}"));
                (
                    paths::digest(&digest.slug) + fragment.as_deref().unwrap_or(""),
                    label,
                )
            }),
            body: &paper.body,
        }
    }

    fn of_doc(doc: &'a SearchDoc) -> Self {
        PaperInput {
            key: &doc.key,
            date: doc.date.clone(),
            titles: &doc.titles,
            summaries: &doc.summaries,
            abstracts: Cow::Borrowed(&doc.abstracts),
            analysis: doc.analysis.iter().collect(),
            authors: &doc.authors,
            tags: doc.tags.iter().map(String::as_str).collect(),
            categories: doc.categories.iter().map(String::as_str).collect(),
            digest: doc.digest.clone(),
            body: &doc.body,
        }
    }

    /// The paper's result card, and its terms with the strongest field each occurs in
    /// (the card's plain titles and summaries are the texts searched).
    pub(super) fn card_and_terms(&self) -> (Card<'_>, PaperTerms) {
        let card = self.card();
        let terms = self.terms(&card);
        (card, terms)
    }

    fn terms(&self, card: &Card<'_>) -> PaperTerms {
        // Each term once: the strongest field it occurs in, and how often it occurs in the
        // abstracts and notes.
        let mut found: TermTable<(Field, u32)> = TermTable::default();
        let mut add_term = |term: &str, field: Field, counted: u32| {
            let (strongest, count) = found.value(term, term_hash(term), || (field, 0));
            *strongest = (*strongest).max(field);
            *count += counted;
        };
        let mut add = |source: &str, field: Field| {
            let counted = u32::from(field == Field::Text);
            for_each_term(source, |term| add_term(term, field, counted));
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
        for (_, a) in self.abstracts.iter() {
            add(&plain(a), Field::Text);
        }
        for (_, a) in &self.analysis {
            add(&plain(a), Field::Text);
        }
        // Bodies are indexed as written, so a line break within Chinese text is joined
        // here, as the Markdown renderer joins it on the page.
        add(&join_lines(self.body), Field::Text);
        // Category terms start with `#`, which no query word has: they are found only by
        // narrowing the results to a category.
        for c in &self.categories {
            let term = category_term(c);
            add_term(&term, Field::Heading, 0);
        }
        let (text, terms) = found.into_parts();
        let terms = terms
            .into_iter()
            .map(|e| {
                e.map(|(field, count)| {
                    if field == Field::Text && count >= 3 {
                        Field::RepeatedText
                    } else {
                        field
                    }
                })
            })
            .collect();
        PaperTerms { text, terms }
    }

    /// What a search result shows of the paper.
    pub(super) fn card(&self) -> Card<'_> {
        let plain_texts = |t: &[(String, String)]| -> Vec<(String, String)> {
            t.iter().map(|(l, s)| (l.clone(), plain(s))).collect()
        };
        Card {
            u: paths::paper(self.key),
            k: self.key,
            d: self.date.as_deref(),
            t: plain_texts(self.titles),
            s: plain_texts(self.summaries),
            c: &self.categories,
            g: self
                .digest
                .as_ref()
                .map(|(path, label)| (path.as_str(), label.as_str())),
        }
    }

    /// Frees the abstracts when they are owned (the index has made the paper's terms; the
    /// fingerprint was taken when the input was made).
    pub(super) fn let_go_of_abstracts(&mut self) {
        self.abstracts = Cow::Borrowed(&[]);
    }

    /// The paper's categories (what the manifest counts).
    pub(super) fn categories(&self) -> &[&'a str] {
        &self.categories
    }

    fn hash_value(&self) -> u64 {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        self.hash(&mut hasher);
        hasher.finish()
    }
}

/// A paper's index terms, each once with the strongest field it occurs in, in one string
/// ([`TermTable`]), each with its hash, which the index's tables use too.
#[derive(Debug, Default)]
pub(super) struct PaperTerms {
    text: String,
    terms: Vec<TermEntry<Field>>,
}

impl PaperTerms {
    /// Each term with its hash and field.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&str, u64, Field)> {
        self.terms
            .iter()
            .map(|e| (e.term(&self.text), e.hash, e.value))
    }
}

/// The index's term for the papers of category `name` (`#cs.cv`): `search.js` makes the
/// same term to narrow results. `#` sorts before letters and digits, so these terms are
/// together at the start of the first chunk.
pub(super) fn category_term(name: &str) -> String {
    format!("#{}", name.to_lowercase())
}

/// What the bundle is a function of: the papers' hashes (oldest first) and this
/// program's version.
fn fingerprint_of(hashes: &[u64]) -> String {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    FORMAT.hash(&mut hasher);
    hashes.hash(&mut hasher);
    format!("{:016x}-{}\n", hasher.finish(), hashes.len())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::pipeline::{BuildOptions, load_site};
    use crate::search::build_bundle;

    /// The index `build` makes from the site's papers in place is the one the dev server
    /// makes from its copies of them (the repository's demo site, read where it is).
    #[test]
    fn the_index_from_the_site_equals_the_one_from_search_documents() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let loaded = load_site(&root, &BuildOptions::default()).unwrap();
        // Oldest first, as the dev server keeps them.
        let site = &loaded.site;
        let docs: Vec<Arc<SearchDoc>> = site
            .papers
            .iter()
            .rev()
            .map(|p| Arc::new(SearchDoc::of_paper(site, p)))
            .collect();
        assert_eq!(docs.len(), 7);
        let from_site = SearchInput::of_site(&loaded.site);
        let from_docs = SearchInput::of_docs(&docs);
        assert_eq!(from_site.fingerprint(), from_docs.fingerprint());
        let bundle = build_bundle(from_site);
        assert_eq!(bundle, build_bundle(from_docs));
        // And from the abstracts taken out of the site, as `build` indexes it.
        let mut site = loaded.site;
        let abstracts = site.take_abstracts();
        assert!(site.papers.iter().all(|p| p.abstract_text.is_empty()));
        assert!(abstracts.iter().all(|a| !a.is_empty()));
        let taken = SearchInput::of_site_and_abstracts(&site, abstracts);
        assert_eq!(build_bundle(taken), bundle);
    }

    /// A line break within Chinese text is no word boundary: the pair of characters
    /// across it is a term, in titles, summaries, abstracts and bodies alike.
    #[test]
    fn terms_join_chinese_lines() {
        let texts = |t: &str| vec![("zh".to_string(), t.to_string())];
        let (titles, summaries, abstracts) = (
            texts("稀疏跨模态\n适应"),
            texts("修剪之后\n的修复"),
            texts("完全基于注意\n力机制"),
        );
        let paper = PaperInput {
            key: "2501.00002",
            date: None,
            titles: &titles,
            summaries: &summaries,
            abstracts: Cow::Borrowed(&abstracts),
            authors: &[],
            tags: Vec::new(),
            categories: Vec::new(),
            digest: None,
            analysis: Vec::new(),
            body: "笔记：模型\n剪枝",
        };
        let (card, terms) = paper.card_and_terms();
        assert_eq!(card.t[0].1, "稀疏跨模态适应");
        let has = |term: &str| terms.iter().any(|(t, _, _)| t == term);
        for pair in ["态适", "后的", "意力", "型剪"] {
            assert!(has(pair), "{pair} is not a term: {terms:?}");
        }
    }
}
