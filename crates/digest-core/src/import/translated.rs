//! What cn-chat-arxiv's LLM kept of arXiv's listing in the texts it translated: the
//! announcement's head before a translated abstract (`arXiv:2402.17311v1 公告类型：新 摘要：…`)
//! and the old listing's suffix in a translated title or summary (`mGPT: 少样本学习者走向多语言
//! （arXiv:2204.07580v2 [cs.CL] 更新）`). The tool's JSON records ([`super::cn_chat_arxiv`])
//! and the Markdown digests made from them ([`super::markdown_digest`]) hold the same
//! translations, so both read them here, alike.

use crate::arxiv::ArxivRef;

/// A translated abstract without the head its translator kept from the announcement
/// (`arXiv:2402.17311v1 公告类型：新 摘要：…`), written in the many ways the LLM translated
/// it: the label as `公告类型`, `通告类型`, `发布类型`, `声明类型`, `类型公告`, …; the type as
/// `新`, `交叉`, `替换-交叉`, `跨版本替换`, `replace-cross`, …; the id in `《…》`; then
/// `摘要：`, `。摘要：`, `公告摘要：`, `抽象：`, `Abstract:`, or (after a plain type) no
/// `摘要` at all. A translated `摘要：` alone (the `Abstract:`) goes too, however many heads
/// the text starts with. A text that starts otherwise is kept as it is (trimmed).
pub(super) fn strip_translated_head(text: &str) -> &str {
    let mut text = text.trim();
    while let Some(rest) = strip_one_head(text) {
        text = rest;
    }
    text
}

/// `t` after a colon (and spaces), if it starts with one.
fn after_colon(t: &str) -> Option<&str> {
    t.trim_start()
        .strip_prefix([':', '：'])
        .map(str::trim_start)
}

/// [`strip_translated_head`] of one head; `None` when the text starts with none.
fn strip_one_head(text: &str) -> Option<&str> {
    if let Some(rest) = text.strip_prefix("摘要").and_then(after_colon) {
        return Some(rest);
    }
    let rest = text.strip_prefix('《').unwrap_or(text);
    // `论文编号：arXiv:…` (the translation's words for "paper number").
    let rest = rest
        .strip_prefix("论文编号")
        .and_then(after_colon)
        .unwrap_or(rest);
    let rest = after_colon(rest.strip_prefix("arXiv")?)?;
    let id_end = rest
        .find(|c: char| c.is_whitespace() || !c.is_ascii())
        .unwrap_or(rest.len());
    ArxivRef::parse(&rest[..id_end])?;
    let rest = &rest[id_end..];
    // The label and the type take a few words (`Announce Type: replace-cross`, `公告类型：
    // 跨版本替换`); the word for the abstract ends them.
    const HEAD_CHARS: usize = 40;
    let window = rest
        .char_indices()
        .nth(HEAD_CHARS)
        .map_or(rest.len(), |(i, _)| i);
    let head = &rest[..window];
    let abstract_word = ["摘要", "抽象", "简介", "概要", "Abstract"]
        .iter()
        .filter_map(|word| head.find(word).map(|at| (at, *word)))
        .min();
    if let Some((at, word)) = abstract_word
        && rest[..at].chars().filter(|c| !c.is_ascii()).count() <= 12
    {
        let after = &rest[at + word.len()..];
        match after_colon(after) {
            Some(after) => return Some(after),
            None if word == "摘要" => return Some(after.trim_start()),
            None => {}
        }
    }
    // A plain announce type and a stop, then the text: `公告类型：替换。文本……`. The type
    // must read as one, not as the start of the text.
    let rest = rest.trim_start();
    let rest = rest.strip_prefix('》').unwrap_or(rest).trim_start();
    let rest = after_colon(
        ["公告类型", "通告类型", "公告类别", "公告類型"]
            .iter()
            .find_map(|label| rest.strip_prefix(label))?,
    )?;
    let at = rest.find(['。', ' ', '\u{3000}'])?;
    let is_type = rest[..at].chars().all(|c| {
        c.is_ascii_alphanumeric()
            || c == '-'
            || "新的交叉替换代跨领域界越学科版论文公告".contains(c)
    });
    if !is_type || rest[..at].chars().count() > 13 {
        return None;
    }
    let stop = rest[at..].chars().next().map_or(1, char::len_utf8);
    Some(rest[at + stop..].trim_start())
}

/// A translated text (title, summary) without the old listing's suffix that the tool's
/// LLM translated with it (`mGPT: 少样本学习者走向多语言（arXiv:2204.07580v2 [cs.CL] 更新）`):
/// the English title's is taken off as it is read; this one is in half- or full-width
/// brackets, with `arXiv:` or `arXiv：`, and its marker in either language. Where the
/// LLM wrote the English title, the suffix and then the translation (`TimeGPT-1.
/// (arXiv:2310.03589v1 [cs.LG]) - 时间序列的基础模型`), the translation is kept.
pub(super) fn without_translated_listing(text: &str) -> &str {
    let Some((open, close)) = listing_span(text) else {
        return text;
    };
    let before = text[..open].trim_end();
    let mut after = text[close..]
        .trim_start_matches(|c: char| c.is_whitespace() || "-–—:：".contains(c))
        .trim_end();
    if let Some(rest) = after.strip_prefix("的翻译标题") {
        after = rest.trim_start_matches(|c: char| c.is_whitespace() || ":：".contains(c));
    }
    if let Some(inner) = after
        .strip_prefix(['(', '（'])
        .and_then(|a| a.strip_suffix([')', '）']))
    {
        after = inner.trim();
    }
    if after.chars().any(|c| matches!(c as u32, 0x3400..=0x9fff)) {
        after
    } else if after.is_empty() && !before.is_empty() {
        before
    } else {
        text
    }
}

/// Where the listing's `(arXiv:ID …)` is in `text`: from its bracket to after its end.
fn listing_span(text: &str) -> Option<(usize, usize)> {
    text.match_indices("arXiv").find_map(|(at, _)| {
        let open = text[..at].trim_end_matches(' ');
        let bracket = open
            .chars()
            .next_back()
            .filter(|c| matches!(c, '(' | '（'))?;
        let rest = text[at + "arXiv".len()..].strip_prefix([':', '：'])?;
        if !rest
            .trim_start()
            .starts_with(|c: char| c.is_ascii_alphanumeric())
        {
            return None;
        }
        let close = text[at..].find([')', '）'])? + at;
        let closing = text[close..].chars().next()?;
        Some((open.len() - bracket.len_utf8(), close + closing.len_utf8()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The translated titles of the old listing, as the tool's LLM wrote them (the
    /// cn-chat-arxiv records of 2023-10 and 2024-02 have 42 such).
    #[test]
    fn a_translated_title_loses_the_listing_s_suffix() {
        for (written, kept) in [
            (
                "mGPT: 少样本学习者走向多语言（arXiv:2204.07580v2 [cs.CL] 更新）",
                "mGPT: 少样本学习者走向多语言",
            ),
            (
                "DIT4BEARs智能道路实习（arXiv：2107.06755v2 [cs.LG]更新）",
                "DIT4BEARs智能道路实习",
            ),
            (
                "教科书是你需要的全部。 (arXiv:2306.11644v2 [cs.CL] UPDATED)",
                "教科书是你需要的全部。",
            ),
            (
                "谁的正确理由是正确的？（arXiv:2306.00639v2 [cs.CL] 已更新） ",
                "谁的正确理由是正确的？",
            ),
            // Brackets of the title itself stay.
            ("基于大模型的推荐（综述）", "基于大模型的推荐（综述）"),
            (
                "arXiv 论文的分类 (arXiv dataset)",
                "arXiv 论文的分类 (arXiv dataset)",
            ),
            (
                "(arXiv:2306.00639v2 [cs.CL] UPDATED)",
                "(arXiv:2306.00639v2 [cs.CL] UPDATED)",
            ),
            // The English title, the suffix, then the translation.
            (
                "TimeGPT-1. (arXiv:2310.03589v1 [cs.LG]) - 时间序列的基础模型",
                "时间序列的基础模型",
            ),
            (
                "Metacognitive threshold. (arXiv:2310.13005v1 [cs.OH])的翻译标题: 元认知阈值：一个计算模型。",
                "元认知阈值：一个计算模型。",
            ),
            (
                "Lie Group Decompositions. (arXiv:2310.11366v1 [cs.LG]) (等变神经网络的Lie群分解)",
                "等变神经网络的Lie群分解",
            ),
            // A summary with the suffix.
            (
                "本论文提出了一种新的方法。 (arXiv:2310.05549v1 [stat.ML])",
                "本论文提出了一种新的方法。",
            ),
        ] {
            assert_eq!(without_translated_listing(written), kept, "{written}");
        }
    }

    #[test]
    fn translated_announcement_heads_are_removed() {
        for (written, kept) in [
            (
                "arXiv:2402.17311v1 公告类型：新 摘要：科学文本摘要。",
                "科学文本摘要。",
            ),
            // The translator's word for the abstract varies (2402.09631).
            (
                "arXiv:2402.09631v1 公告类型：交叉学科 简介：本文研究。",
                "本文研究。",
            ),
            (
                "arXiv:2402.14776v1 公告类型：新  摘要：常见方法。",
                "常见方法。",
            ),
            (
                "arXiv:2401.07468v4 公告类型：替换交叉 摘要：提出的模型。",
                "提出的模型。",
            ),
            (
                "arXiv:2408.11629v2 公告类型：替换。摘要：我们提出了。",
                "我们提出了。",
            ),
            (
                "arXiv:2402.09052v1 公告类型：新摘要：基于扩散的。",
                "基于扩散的。",
            ),
            (
                "arXiv:2608.13521v1 公告类型：交叉 公告摘要：量子技术。",
                "量子技术。",
            ),
            (
                "arXiv:2402.11456v1 公告类型: 新的 摘要: 利用LLMs。",
                "利用LLMs。",
            ),
            (
                "arXiv: 2311.12573v2 公告类型: replace-cross 摘要: AI开发。",
                "AI开发。",
            ),
            (
                "arXiv:2311.09832v2 公告类型：替换。文本水印技术。",
                "文本水印技术。",
            ),
            ("摘要：变压器中的前馈网络。", "变压器中的前馈网络。"),
            (
                "摘要：arXiv:2212.03931v4 公告类型：替换 摘要：选择过载。",
                "选择过载。",
            ),
            (
                "《arXiv:2402.10168v1 公告类型: 交叉》 摘要：印度古典音乐。",
                "印度古典音乐。",
            ),
            (
                "《arXiv：2402.13498v1》公告类型：新的摘要：自动化的。",
                "自动化的。",
            ),
            (
                "arXiv:2311.16503v2 通告类型：替换-交叉 摘要：扩散模型。",
                "扩散模型。",
            ),
            (
                "arXiv:2402.14318v1 公告类型：新抽象：检索增强生成。",
                "检索增强生成。",
            ),
            (
                "arXiv:2402.10980v1 类型公告：跨领域 摘要：发现新的催化剂。",
                "发现新的催化剂。",
            ),
            (
                "arXiv：2402.11495v1 发表类型：跨领域摘要：URL在理解。",
                "URL在理解。",
            ),
            (
                "arXiv:2402.15636v1 Announce Type: new  Abstract: 时空建模。",
                "时空建模。",
            ),
            ("arXiv:2402.16014v1\n公告类型：新\n摘要：我们。", "我们。"),
            (
                "arXiv:2608.11790v1 公告類型：新  摘要：基於全球導航。",
                "基於全球導航。",
            ),
            (
                "arXiv:2402.14940v1 发表类型：新的 摘要：背景：摩洛哥。",
                "背景：摩洛哥。",
            ),
            (
                "论文编号：arXiv:2608.12720v1 公告类型：交叉 摘要：虽然大型语言模型。",
                "虽然大型语言模型。",
            ),
            ("论文编号是一个词。", "论文编号是一个词。"),
            // The type runs into the text: there is no telling where it ends.
            (
                "arXiv:2402.12738v1 公告类型：交叉心理健康护理。",
                "arXiv:2402.12738v1 公告类型：交叉心理健康护理。",
            ),
            // Nothing to remove.
            ("本文证明了收敛性。", "本文证明了收敛性。"),
            ("arXiv 上的论文摘要：很多。", "arXiv 上的论文摘要：很多。"),
            ("摘要生成是一个任务。", "摘要生成是一个任务。"),
        ] {
            assert_eq!(strip_translated_head(written), kept, "{written}");
        }
    }
}
