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
///
/// It walks the text's bytes in place (no list of its characters): a pair of CJK
/// characters is a slice of `text` itself, and only words are copied, to be folded. This
/// runs over every text of every paper at each clean build.
pub fn for_each_term(text: &str, mut emit: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut word = String::new();
    let mut i = 0;
    while i < text.len() {
        let c = char_at(text, i);
        if is_unspaced(c) {
            // Each pair is the slice from the start of one character to the end of the
            // next; then the run's last character alone.
            let (mut first, mut end) = (i, i + c.len_utf8());
            while end < text.len() {
                let d = char_at(text, end);
                if !is_unspaced(d) {
                    break;
                }
                let next_end = end + d.len_utf8();
                emit(&text[first..next_end]);
                (first, end) = (end, next_end);
            }
            emit(&text[first..end]);
            i = end;
        } else if c == '\\' && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            // A TeX command (`\mathcal`) is markup, not a word of the text.
            i += 1;
            while bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
                i += 1;
            }
        } else if c.is_alphanumeric() {
            let start = i;
            let (mut previous, mut chars) = (c, 1);
            i += c.len_utf8();
            while i < text.len() {
                let d = char_at(text, i);
                let in_number = d == '.'
                    && previous.is_ascii_digit()
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
                if !(in_number || (d.is_alphanumeric() && !is_unspaced(d))) {
                    break;
                }
                (previous, chars) = (d, chars + 1);
                i += d.len_utf8();
            }
            if chars <= MAX_WORD_CHARS {
                fold_word(&text[start..i], &mut word);
                if !word.is_empty() {
                    emit(&word);
                }
            }
        } else {
            i += c.len_utf8();
        }
    }
}

/// The character that starts at byte `i` of `text` (a character boundary).
fn char_at(text: &str, i: usize) -> char {
    match text.as_bytes()[i] {
        b if b.is_ascii() => b as char,
        _ => text[i..].chars().next().unwrap_or_default(),
    }
}

/// Lower case without accents, English plurals made singular: `Schrödinger` →
/// `schrodinger`, `Transformers` → `transformer`.
fn fold_word(word: &str, out: &mut String) {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    out.clear();
    if word.is_ascii() {
        for b in word.bytes() {
            out.push(b.to_ascii_lowercase() as char);
        }
        singular(out);
        return;
    }
    for c in word.nfd().filter(|c| !is_combining_mark(*c)) {
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
    fn edges_of_words_numbers_and_runs() {
        // A number's dots stay inside it, not at its end; a lone backslash is no command.
        assert_eq!(terms("v1.2.3. x\\"), ["v1.2.3", "x"]);
        assert_eq!(terms("\\1 É"), ["1", "e"]);
        // Words over MAX_WORD_CHARS characters are left out, counted in characters.
        assert_eq!(terms(&"é".repeat(40)), ["e".repeat(40)]);
        assert!(terms(&"é".repeat(41)).is_empty());
        // A run of one CJK character, at the end of the text.
        assert_eq!(terms("GPT 模"), ["gpt", "模"]);
    }

    #[test]
    fn tex_commands_are_not_words() {
        assert_eq!(
            terms(r"cost $\mathcal{O}(n\log n)$"),
            ["cost", "o", "n", "n"]
        );
    }
}
