//! [`TermTable`]: terms with a value each, the terms kept in one string.
//!
//! The index gathers terms twice: each paper's (with the strongest field each occurs in)
//! and all papers' (with their postings). A string per term made most of the index's
//! allocations; here a table keys its entries into one string of its own, and a term's
//! hash ([`term_hash`]) is computed once by the caller and kept. hashbrown's `HashTable`
//! takes the hash and the equality from the caller, which `std`'s `HashMap` does not.

use std::hash::Hasher;

use hashbrown::HashTable;
use hashbrown::hash_table::Entry;

/// The hash of a term in the index's tables. FxHash: the keys are our own terms, and
/// SipHash was a fifth of the indexing time.
pub(super) fn term_hash(term: &str) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(term.as_bytes());
    hasher.finish()
}

/// Terms, each once, with a value each.
#[derive(Debug)]
pub(super) struct TermTable<V> {
    text: String,
    table: HashTable<TermEntry<V>>,
}

impl<V> Default for TermTable<V> {
    fn default() -> Self {
        TermTable {
            text: String::new(),
            table: HashTable::new(),
        }
    }
}

/// A term of a [`TermTable`] (at `start..end` of its text), its hash and its value.
#[derive(Debug)]
pub(super) struct TermEntry<V> {
    pub(super) hash: u64,
    start: u32,
    end: u32,
    pub(super) value: V,
}

impl<V> TermEntry<V> {
    /// The term, in the text of the table it was gathered in.
    pub(super) fn term<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start as usize..self.end as usize]
    }

    /// The same term with its value changed by `f`.
    pub(super) fn map<W>(self, f: impl FnOnce(V) -> W) -> TermEntry<W> {
        TermEntry {
            hash: self.hash,
            start: self.start,
            end: self.end,
            value: f(self.value),
        }
    }
}

impl<V> TermTable<V> {
    /// The value of `term`, whose [`term_hash`] is `hash`; made by `make` the first time.
    pub(super) fn value(&mut self, term: &str, hash: u64, make: impl FnOnce() -> V) -> &mut V {
        let text = &mut self.text;
        let entry = match self.table.entry(hash, |e| e.term(text) == term, |e| e.hash) {
            Entry::Occupied(occupied) => occupied.into_mut(),
            Entry::Vacant(vacant) => {
                let start = text.len() as u32;
                text.push_str(term);
                vacant
                    .insert(TermEntry {
                        hash,
                        start,
                        end: text.len() as u32,
                        value: make(),
                    })
                    .into_mut()
            }
        };
        &mut entry.value
    }

    /// The term of `entry`, one of this table's.
    pub(super) fn term<'t>(&'t self, entry: &TermEntry<V>) -> &'t str {
        entry.term(&self.text)
    }

    /// The entries, in order of their terms (borrowed: moving them out into a list would
    /// hold both).
    pub(super) fn sorted(&self) -> Vec<&TermEntry<V>> {
        let mut entries: Vec<&TermEntry<V>> = self.table.iter().collect();
        entries.sort_unstable_by(|a, b| self.term(a).cmp(self.term(b)));
        entries
    }

    /// The text and the entries, in no order: a list instead of a table, to be kept.
    pub(super) fn into_parts(self) -> (String, Vec<TermEntry<V>>) {
        (self.text, self.table.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_term_once_with_its_value() {
        let mut table: TermTable<u32> = TermTable::default();
        for term in ["注意", "model", "注意", "#cs.cv", "model", "model"] {
            *table.value(term, term_hash(term), || 0) += 1;
        }
        let counts: Vec<(&str, u32)> = table
            .sorted()
            .into_iter()
            .map(|e| (table.term(e), e.value))
            .collect();
        assert_eq!(counts, [("#cs.cv", 1), ("model", 3), ("注意", 2)]);
        let (text, entries) = table.into_parts();
        assert_eq!(text, "注意model#cs.cv");
        assert_eq!(entries.len(), 3);
        assert!(entries.iter().all(|e| e.hash == term_hash(e.term(&text))));
    }
}
