//! Which script a text is written in, for telling a Chinese text filed as English (or the
//! other way round): the importers refile such texts ([`crate::import`]), and `check`
//! warns of them in the files written by hand ([`crate::lint`]).
//!
//! The test is the script, not a language model: a Chinese text has a Han character, an
//! English one is not mostly Han. Both allow for what each language borrows from the
//! other: an English text may hold a few Chinese characters (`a study of 注意力`), a
//! Chinese one Latin terms (`基于 LLM 的 RAG 系统`); a formula or a name alone is no
//! language.

/// Whether `c` is a Han character (CJK ideographs, their extensions and compatibility
/// forms).
fn is_han(c: char) -> bool {
    matches!(u32::from(c),
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Whether `c` is of a script that writes Japanese or Korean with or without Han
/// characters: kana, Hangul.
fn is_kana_or_hangul(c: char) -> bool {
    // Not U+30FB and U+30FC (`・`, `ー`), which Chinese writes too (约翰・史密斯).
    matches!(u32::from(c), 0x3040..=0x309F | 0x30A0..=0x30FA | 0x31F0..=0x31FF | 0xAC00..=0xD7AF | 0x1100..=0x11FF)
}

/// Whether `text` reads as something other than Chinese: no Han character, and words of
/// Latin letters (three or more), so that a formula or a name alone is not judged.
pub(crate) fn is_not_chinese(text: &str) -> bool {
    !text.chars().any(|c| is_han(c) || is_kana_or_hangul(c))
        && text
            .split_whitespace()
            .filter(|w| w.chars().filter(char::is_ascii_alphabetic).count() >= 2)
            .count()
            >= 3
}

/// Whether `text` reads as Chinese rather than English: a third or more of its letters
/// are Han characters, and none is kana or Hangul (Japanese or Korean is neither).
pub(crate) fn is_mostly_chinese(text: &str) -> bool {
    if text.chars().any(is_kana_or_hangul) {
        return false;
    }
    let han = text.chars().filter(|c| is_han(*c)).count();
    let latin = text.chars().filter(char::is_ascii_alphabetic).count();
    han > 0 && han * 3 >= han + latin
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_english_are_told_by_their_script() {
        for chinese in [
            "注意力就是你所需要的一切",
            "基于 LLM 的 RAG 系统",
            "本文研究了约翰・史密斯提出的方法",
        ] {
            assert!(is_mostly_chinese(chinese), "{chinese}");
            assert!(!is_not_chinese(chinese), "{chinese}");
        }
        for english in [
            "Attention Is All You Need",
            "LoRA-based Refusal-training degrades safety alignment",
        ] {
            assert!(is_not_chinese(english), "{english}");
            assert!(!is_mostly_chinese(english), "{english}");
        }
        // Borrowings, names and formulas are no language's; Japanese is neither.
        assert!(!is_mostly_chinese(
            "A study of 注意力 in Transformer models for vision"
        ));
        assert!(!is_not_chinese("GPT-4V"));
        assert!(!is_not_chinese("$O(n \\log n)$"));
        assert!(!is_mostly_chinese(
            "大規模言語モデルを用いた日本語質問応答の評価"
        ));
        assert!(!is_not_chinese(
            "大規模言語モデルを用いた日本語質問応答の評価"
        ));
    }
}
