//! Texts a tool filed under the wrong language. The tools name a text's language by the
//! field it writes it in (`translated_title`, `en_tdlr`, a `_Chinese` file's `AI`), and
//! sometimes write there what they did not translate: cn-chat-arxiv's `translated_title`
//! that is the English title again (with arXiv's listing suffix), an `en_tdlr` in Chinese,
//! a `_Chinese` file's analysis in English. Imported as they are, they would be shown with
//! the wrong `lang` (a screen reader's voice, the font), and the language switch would
//! show an English "translation" to a Chinese reader.
//!
//! The test is the script ([`crate::script`]: a Chinese text has a Han character, an
//! English one is not mostly Han), which `check` applies to the files written by hand
//! too. A text that fails it moves to the other language when that one is empty,
//! is left out when it is the other's text again, and is kept with a warning otherwise.

use crate::diagnostic::Diagnostics;
use crate::frontmatter::{Analysis, BilingualText, PaperFrontMatter};
use crate::script::{is_mostly_chinese, is_not_chinese};

use super::{Imported, SourceFile};

/// The words of `text`, for telling whether two texts are the same: lower case, letters
/// and digits only, without arXiv's listing suffix (`(arXiv:2309.17116v1 [cs.LG])`).
fn words(text: &str) -> String {
    let text = match text.rfind("(arXiv:") {
        Some(at) => &text[..at],
        None => text,
    };
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// What was done to one text.
enum Refiled {
    Moved {
        from: &'static str,
        to: &'static str,
    },
    Dropped {
        lang: &'static str,
    },
    Doubtful {
        lang: &'static str,
    },
}

/// Refiles the texts of `text` (a `zh` text without Chinese, an `en` one in Chinese).
fn refile(text: &mut BilingualText) -> Option<Refiled> {
    let BilingualText::Map(entries) = text else {
        return None;
    };
    let get = |entries: &[(String, String)], lang: &str| {
        entries
            .iter()
            .position(|(l, t)| l == lang && !t.trim().is_empty())
    };
    let (zh, en) = (get(entries, "zh"), get(entries, "en"));
    let wrong = match (zh, en) {
        (Some(z), _) if is_not_chinese(&entries[z].1) => ("zh", "en", z, en),
        (_, Some(e)) if is_mostly_chinese(&entries[e].1) => ("en", "zh", e, zh),
        _ => return None,
    };
    let (lang, other, at, other_at) = wrong;
    match other_at {
        None => {
            entries[at].0 = other.to_string();
            Some(Refiled::Moved {
                from: lang,
                to: other,
            })
        }
        Some(o) if words(&entries[o].1) == words(&entries[at].1) => {
            entries.remove(at);
            Some(Refiled::Dropped { lang })
        }
        Some(_) => Some(Refiled::Doubtful { lang }),
    }
}

/// Refiles the texts of every paper of `imported`, each change with a warning at the
/// paper's line, and the `generated:` fields that name a moved or dropped text with it.
pub(super) fn refile_languages(imported: &mut Imported) {
    let mut warnings = Diagnostics::new();
    let source = SourceFile {
        path: &imported.source,
        text: &imported.text,
    };
    for paper in &mut imported.papers {
        let front = &mut paper.front;
        let mut done = Vec::new();
        for (field, text) in texts_of(front) {
            if let Some(refiled) = refile(text) {
                done.push((field, refiled));
            }
        }
        for (field, refiled) in done {
            let message = match &refiled {
                Refiled::Moved { from, to } => {
                    rename_generated(
                        front,
                        &format!("{field}.{from}"),
                        Some(&format!("{field}.{to}")),
                    );
                    format!(
                        "`{field}.{from}` of `{}` is not in {}: it is imported as `{field}.{to}`",
                        front.id,
                        language_name(from)
                    )
                }
                Refiled::Dropped { lang } => {
                    rename_generated(front, &format!("{field}.{lang}"), None);
                    format!(
                        "`{field}.{lang}` of `{}` is not in {}, but the {} text again: it is left out",
                        front.id,
                        language_name(lang),
                        language_name(other(lang))
                    )
                }
                Refiled::Doubtful { lang } => format!(
                    "`{field}.{lang}` of `{}` does not seem to be in {}: it is imported as it is",
                    front.id,
                    language_name(lang)
                ),
            };
            warnings.push(
                source
                    .warning(paper.line, 1, message)
                    .with_hint("the tool wrote the text in the field of the other language; check it in the paper's file after the import"),
            );
        }
    }
    imported.warnings.extend(warnings);
}

fn other(lang: &str) -> &'static str {
    if lang == "zh" { "en" } else { "zh" }
}

fn language_name(lang: &str) -> &'static str {
    if lang == "zh" { "Chinese" } else { "English" }
}

/// The texts of a paper a tool may have filed wrongly, with their field names.
fn texts_of(front: &mut PaperFrontMatter) -> Vec<(String, &mut BilingualText)> {
    let mut texts: Vec<(String, &mut BilingualText)> = vec![
        ("title".to_string(), &mut front.title),
        ("summary".to_string(), &mut front.summary),
        ("abstract".to_string(), &mut front.abstract_text),
    ];
    if let Some(analysis) = front.analysis.as_mut() {
        let Analysis {
            tldr,
            motivation,
            method,
            result,
            conclusion,
        } = analysis;
        for (key, text) in Analysis::KEYS
            .iter()
            .zip([tldr, motivation, method, result, conclusion])
        {
            texts.push((format!("analysis.{key}"), text));
        }
    }
    texts
}

/// Renames (or with `None` removes) `field` in the paper's `generated:` fields.
fn rename_generated(front: &mut PaperFrontMatter, field: &str, to: Option<&str>) {
    let Some(generated) = front.generated.as_mut() else {
        return;
    };
    for provenance in &mut generated.0 {
        provenance.fields.retain_mut(|f| {
            if f != field {
                return true;
            }
            match to {
                Some(to) => {
                    *f = to.to_string();
                    true
                }
                None => false,
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BilingualText {
        BilingualText::Map(
            pairs
                .iter()
                .map(|(l, t)| (l.to_string(), t.to_string()))
                .collect(),
        )
    }

    #[test]
    fn texts_in_the_wrong_language_are_refiled() {
        // The English title again, with the listing's suffix, as the translation: left out.
        let mut title = map(&[
            ("en", "Sheaf Hypergraph Networks"),
            (
                "zh",
                "Sheaf Hypergraph Networks. (arXiv:2309.17116v1 [cs.LG])",
            ),
        ]);
        assert!(matches!(
            refile(&mut title),
            Some(Refiled::Dropped { lang: "zh" })
        ));
        assert_eq!(title, map(&[("en", "Sheaf Hypergraph Networks")]));
        // The katakana middle dot is Chinese punctuation too.
        let mut named = map(&[("en", "本文研究了约翰・史密斯提出的方法")]);
        assert!(matches!(
            refile(&mut named),
            Some(Refiled::Moved {
                from: "en",
                to: "zh"
            })
        ));
        // A Chinese summary in the English field, the Chinese one empty: moved.
        let mut summary = map(&[("en", "要从视频文本中提取关键信息，本文提出了一种方法")]);
        assert!(matches!(
            refile(&mut summary),
            Some(Refiled::Moved {
                from: "en",
                to: "zh"
            })
        ));
        assert_eq!(
            summary,
            map(&[("zh", "要从视频文本中提取关键信息，本文提出了一种方法")])
        );
        // An English text in a Chinese file's field: moved.
        let mut tldr = map(&[(
            "zh",
            "LoRA-based Refusal-training degrades safety alignment",
        )]);
        assert!(matches!(
            refile(&mut tldr),
            Some(Refiled::Moved {
                from: "zh",
                to: "en"
            })
        ));
        // Both given and different: kept, and said.
        let mut both = map(&[
            ("zh", "An English sentence of some words"),
            ("en", "Another English sentence entirely"),
        ]);
        assert!(matches!(
            refile(&mut both),
            Some(Refiled::Doubtful { lang: "zh" })
        ));
        assert_eq!(both.get("zh"), Some("An English sentence of some words"));
    }

    #[test]
    fn texts_in_their_language_stay() {
        for pairs in [
            &[
                ("zh", "MagicLens：自监督图像检索与开放式指令"),
                ("en", "MagicLens"),
            ][..],
            &[(
                "zh",
                "基于 LLM 的 RAG 系统 for retrieval augmented generation",
            )],
            // A formula or a name alone is no language.
            &[("zh", "$O(n \\log n)$")],
            &[("zh", "GPT-4V")],
            &[("en", "A study of 注意力 in Transformer models for vision")],
            // Japanese (kana beside its Han characters) is not Chinese.
            &[("en", "大規模言語モデルを用いた日本語質問応答の評価")],
        ] {
            let mut text = map(pairs);
            assert!(refile(&mut text).is_none(), "{pairs:?}");
            assert_eq!(text, map(pairs));
        }
    }
}
