//! The tokenizer: the words of a text as index terms.
//!
//! The theme's `search.js` mirrors it to split queries (`queryTerms`, `fold`, `singular`,
//! `isUnspaced` there, and the same `MAX_WORD_CHARS`): the two must change together, or
//! queries stop finding what the index holds.
//!
//! Hand-written because the browser must split a query exactly as the index was split:
//! a small rule set of our own can be written twice, in Rust and in JavaScript, and kept
//! equal; a crate's tokenizer could not be mirrored in the browser. The rules: runs of
//! letters and digits are words (lower case, accents removed, English plurals made
//! singular; `2404.02424` stays one word); a TeX command is not a word; Chinese,
//! Japanese and Korean text, which has no spaces, is indexed as overlapping pairs of
//! characters (a query `稀疏注意力` looks for `稀疏`, `注意`, `意力`), plus the last
//! character of each run so a one-character query finds every paper with that character.
//! Pairs need no dictionary and find every word a dictionary would, in any of the three
//! languages.

/// Words longer than this are not indexed (hashes, long formulas run together).
const MAX_WORD_CHARS: usize = 40;

/// Chinese, Japanese and Korean characters: text without spaces between words.
fn is_unspaced(c: char) -> bool {
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
            // Characters are pushed one by one, here and in `fold_word`: these loops run
            // for every word of every paper, and `String::extend` is not always inlined
            // (in this module of its own it was not: 3% more work in the tokenizer).
            let mut pair = String::with_capacity(8);
            for two in run.windows(2) {
                pair.clear();
                pair.push(two[0]);
                pair.push(two[1]);
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
        for c in chars {
            out.push(c.to_ascii_lowercase());
        }
        singular(out);
        return;
    }
    for c in chars
        .iter()
        .copied()
        .nfd()
        .filter(|c| !is_combining_mark(*c))
    {
        for lower in c.to_lowercase() {
            out.push(lower);
        }
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
}
