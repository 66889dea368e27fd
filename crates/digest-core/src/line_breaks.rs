//! Which line breaks of a text are no space: a break between two characters of Chinese or
//! Japanese, which have no spaces between words.
//!
//! Texts arrive wrapped (arXiv wraps abstracts, translators and editors wrap lines), and a
//! browser shows every line break as a space: `注意力机制，\n完全摒弃` reads
//! "注意力机制， 完全摒弃". CSS Text 3 says to drop such a break (the segment break
//! transformation: both neighbours East Asian Wide, Fullwidth or Halfwidth, neither
//! Hangul), but browsers do not, so the build joins those lines itself. One rule,
//! [`joins_without_space`], is used wherever text becomes HTML or index terms: the arXiv
//! text scanner (titles, summaries, abstracts, in HTML, plain text and feeds), the soft
//! breaks of Markdown bodies, and the bodies the search index reads ([`join_lines`]).
//!
//! Korean keeps its spaces (it writes spaces between words), and so does a break between
//! Chinese and Latin text (`模型\nTransformer` stays `模型 Transformer`).

use std::borrow::Cow;

/// Whether a line break between `before` and `after` (the characters on either side of
/// the break and the spaces around it) is dropped rather than shown as a space.
pub(crate) fn joins_without_space(before: char, after: char) -> bool {
    (is_wide(before) && (is_wide(after) || is_cjk_punctuation(after)))
        || (is_cjk_punctuation(before) && is_wide(after))
}

/// Chinese and Japanese characters and the punctuation written at their width: East Asian
/// Wide, Fullwidth and Halfwidth, Hangul left out.
pub(crate) fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x2e80..=0x303f        // CJK radicals, Kangxi radicals, CJK symbols and punctuation (、。「」)
        | 0x3041..=0x312f      // Hiragana, Katakana, Bopomofo
        | 0x3190..=0x33ff      // Kanbun .. CJK compatibility (Hangul Jamo 3130–318F left out)
        | 0x3400..=0x4dbf      // CJK Extension A
        | 0x4e00..=0x9fff      // CJK Unified Ideographs
        | 0xa000..=0xa4cf      // Yi
        | 0xf900..=0xfaff      // CJK Compatibility Ideographs
        | 0xfe10..=0xfe1f      // vertical forms
        | 0xfe30..=0xfe6f      // CJK compatibility forms, small form variants
        | 0xff01..=0xff60      // fullwidth forms (，：；！？（）)
        | 0xff61..=0xff9f      // halfwidth CJK punctuation and Katakana
        | 0xffe0..=0xffe6      // fullwidth signs
        | 0x20000..=0x3fffd) // CJK Extensions B..
}

/// Punctuation that Chinese text writes with characters shared with Latin text (curly
/// quotes, the dash, the ellipsis, the middle dot): a break between it and a wide
/// character is within Chinese text (`他说：\n“你好”`).
fn is_cjk_punctuation(c: char) -> bool {
    matches!(
        c,
        '\u{2014}' | '\u{2026}' | '\u{2018}' | '\u{2019}' | '\u{201c}' | '\u{201d}' | '\u{b7}'
    )
}

/// `text` with every line break that [`joins_without_space`] drops removed, with the
/// spaces around it (for texts that are read as they are written, such as the Markdown
/// bodies the search index reads). Other whitespace is left as it is.
pub(crate) fn join_lines(text: &str) -> Cow<'_, str> {
    let mut breaks = droppable_breaks(text).peekable();
    // Most texts have no break to drop: copy only when one has.
    if breaks.peek().is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut kept = 0;
    for (start, end) in breaks {
        out.push_str(&text[kept..start]);
        kept = end;
    }
    out.push_str(&text[kept..]);
    Cow::Owned(out)
}

/// The byte ranges of the whitespace runs of `text` that hold a line break and that
/// [`joins_without_space`] drops.
fn droppable_breaks(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(k) = bytes[from..].iter().position(|&b| b == b'\n' || b == b'\r') {
            let at = from + k;
            let start = text[..at].trim_end_matches([' ', '\t']).len();
            let end = text.len() - text[at..].trim_start_matches(is_space).len();
            from = end.max(at + 1);
            let before = text[..start].chars().next_back();
            let after = text[end..].chars().next();
            // A blank line between the two is a paragraph break, never joined.
            let blank = text[start..end].matches('\n').count() > 1;
            if let (Some(b), Some(a), false) = (before, after, blank)
                && joins_without_space(b, a)
            {
                return Some((start, end));
            }
        }
        None
    })
}

/// The ASCII whitespace a line break is written with (and the spaces around it).
pub(crate) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_lines_join_and_latin_lines_keep_their_space() {
        // The shape of a translated abstract wrapped by its editor.
        assert_eq!(
            join_lines(
                "我们提出了一种新的网络架构Transformer，它完全基于注意力机制，\n完全摒弃了循环和卷积。"
            ),
            "我们提出了一种新的网络架构Transformer，它完全基于注意力机制，完全摒弃了循环和卷积。"
        );
        assert_eq!(
            join_lines("视觉-语言模型\n  (VLMs)"),
            "视觉-语言模型\n  (VLMs)"
        );
        assert_eq!(join_lines("注意\r\n力"), "注意力");
        assert_eq!(join_lines("注意  \n\t力"), "注意力");
        assert_eq!(join_lines("他说：\n“你好”"), "他说：“你好”");
        assert_eq!(join_lines("模型\nTransformer"), "模型\nTransformer");
        assert_eq!(
            join_lines("attention is\nall you need"),
            "attention is\nall you need"
        );
        // Japanese joins too; Korean writes spaces between words and keeps them.
        assert_eq!(join_lines("注意機構を\n用いる"), "注意機構を用いる");
        assert_eq!(join_lines("주의 집중\n메커니즘"), "주의 집중\n메커니즘");
        // A blank line is a paragraph break.
        assert_eq!(join_lines("第一段。\n\n第二段。"), "第一段。\n\n第二段。");
        assert!(matches!(join_lines("no break here"), Cow::Borrowed(_)));
        assert_eq!(join_lines("\n中\n"), "\n中\n");
        assert_eq!(join_lines("一\n二\n三 四\n五"), "一二三 四五");
    }
}
