//! The shapes of the files a user writes: `site.yaml`'s sibling types for paper, digest and
//! free-page front matter (SPEC §2.2, §2.3).
//!
//! These are plain serde types, shared by loading (reading files) and by import/export
//! (writing them). Unknown keys are rejected so that a typo never goes unnoticed.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A text in one or more languages: `{ zh: ..., en: ... }`, or a plain string that means
/// the site's source language. Language keys keep the order they were written in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum BilingualText {
    /// Not given, or given as null.
    #[default]
    Empty,
    /// A plain string: the site's source language.
    Plain(String),
    /// Language code to text, in the order written.
    Map(Vec<(String, String)>),
}

impl BilingualText {
    /// The text in `lang` (a plain string is in `source_language`), unless empty.
    pub(crate) fn text(&self, lang: &str, source_language: &str) -> Option<&str> {
        match self {
            BilingualText::Empty => None,
            BilingualText::Plain(text) => (lang == source_language).then_some(text.as_str()),
            // A language is written once (reading refuses a second).
            BilingualText::Map(entries) => entries
                .iter()
                .find(|(l, _)| l == lang)
                .map(|(_, text)| text.as_str()),
        }
        .filter(|text| !text.trim().is_empty())
    }

    /// Builds a map from `(language, text)` pairs, skipping empty texts.
    pub(crate) fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
    ) -> Self {
        let entries: Vec<(String, String)> = pairs
            .into_iter()
            .filter_map(|(l, t)| {
                t.filter(|t| !t.trim().is_empty())
                    .map(|t| (l.to_string(), t.to_string()))
            })
            .collect();
        if entries.is_empty() {
            BilingualText::Empty
        } else {
            BilingualText::Map(entries)
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            BilingualText::Empty => true,
            BilingualText::Plain(t) => t.trim().is_empty(),
            BilingualText::Map(m) => m.iter().all(|(_, t)| t.trim().is_empty()),
        }
    }

    /// The text in `lang`, when written as a map entry.
    pub fn get(&self, lang: &str) -> Option<&str> {
        match self {
            BilingualText::Map(m) => m.iter().find(|(l, _)| l == lang).map(|(_, t)| t.as_str()),
            _ => None,
        }
    }

    /// Language codes written in the map (empty for a plain string).
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        let entries: &[(String, String)] = match self {
            BilingualText::Map(m) => m,
            _ => &[],
        };
        entries.iter().map(|(l, _)| l.as_str())
    }
}

impl<'de> Deserialize<'de> for BilingualText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = BilingualText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a text, or a map of language to text such as `{ zh: ..., en: ... }`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(BilingualText::Plain(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(BilingualText::Empty)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries: Vec<(String, String)> = Vec::new();
                while let Some((lang, text)) = map.next_entry::<String, Option<String>>()? {
                    if entries.iter().any(|(l, _)| *l == lang) {
                        return Err(de::Error::custom(format!(
                            "language `{lang}` is given twice"
                        )));
                    }
                    entries.push((lang, text.unwrap_or_default()));
                }
                Ok(BilingualText::Map(entries))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

impl Serialize for BilingualText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            BilingualText::Empty => serializer.serialize_none(),
            BilingualText::Plain(t) => serializer.serialize_str(t),
            BilingualText::Map(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (l, t) in entries {
                    map.serialize_entry(l, t)?;
                }
                map.end()
            }
        }
    }
}

/// arXiv metadata of a paper.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ArxivMeta {
    /// New-style (`2404.02424`) or old-style (`hep-th/9901001`) identifier, no version.
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    /// `new`, `cross`, `replace` or `replace-cross`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub announce: Option<String>,
    /// Primary category first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub journal_ref: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// First version's submission date, when known (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Latest version's date, when known (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
}

/// The `analysis:` section of a paper: what tools such as daily-arXiv-ai-enhanced write
/// about it (each key optional, each a bilingual text like `summary`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Analysis {
    #[serde(default, skip_serializing_if = "BilingualText::is_empty")]
    pub tldr: BilingualText,
    #[serde(default, skip_serializing_if = "BilingualText::is_empty")]
    pub motivation: BilingualText,
    #[serde(default, skip_serializing_if = "BilingualText::is_empty")]
    pub method: BilingualText,
    #[serde(default, skip_serializing_if = "BilingualText::is_empty")]
    pub result: BilingualText,
    #[serde(default, skip_serializing_if = "BilingualText::is_empty")]
    pub conclusion: BilingualText,
}

impl Analysis {
    /// The keys of the section, in the order pages show them.
    pub const KEYS: [&'static str; 5] = ["tldr", "motivation", "method", "result", "conclusion"];

    /// Every key with its text (empty ones too), in [`Analysis::KEYS`] order.
    pub fn fields(&self) -> [(&'static str, &BilingualText); 5] {
        [
            ("tldr", &self.tldr),
            ("motivation", &self.motivation),
            ("method", &self.method),
            ("result", &self.result),
            ("conclusion", &self.conclusion),
        ]
    }

    /// The text of `key` (one of [`Analysis::KEYS`]), to fill.
    pub fn field_mut(&mut self, key: &str) -> Option<&mut BilingualText> {
        Some(match key {
            "tldr" => &mut self.tldr,
            "motivation" => &mut self.motivation,
            "method" => &mut self.method,
            "result" => &mut self.result,
            "conclusion" => &mut self.conclusion,
            _ => return None,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.fields().iter().all(|(_, t)| t.is_empty())
    }
}

/// One entry of `generated:`: the tool (and model, and date) that wrote some of a paper's
/// texts; `fields` names them (`title.zh`, `summary`, `analysis`), all of them when empty.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    pub tool: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// YYYY-MM-DD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
}

/// `generated:` of a paper: one [`Provenance`] written as a map, or several as a list of
/// maps. Written back the same way: a map for one, a list for more.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Generated(pub Vec<Provenance>);

impl<'de> Deserialize<'de> for Generated {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct GeneratedVisitor;
        impl<'de> Visitor<'de> for GeneratedVisitor {
            type Value = Generated;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a map such as `{ tool: ..., model: ..., date: ... }`, or a list of them",
                )
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let one = Provenance::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Generated(vec![one]))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                let all =
                    Vec::<Provenance>::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
                Ok(Generated(all))
            }
        }
        deserializer.deserialize_any(GeneratedVisitor)
    }
}

impl Serialize for Generated {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.as_slice() {
            [one] => one.serialize(serializer),
            all => all.serialize(serializer),
        }
    }
}

/// Front matter of `content/papers/**/*.md`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PaperFrontMatter {
    pub id: String,
    #[serde(default, skip_serializing_if = "BilingualText::is_empty")]
    pub title: BilingualText,
    #[serde(default, skip_serializing_if = "BilingualText::is_empty")]
    pub summary: BilingualText,
    #[serde(
        default,
        rename = "abstract",
        skip_serializing_if = "BilingualText::is_empty"
    )]
    pub abstract_text: BilingualText,
    /// Machine-written analysis (tldr, motivation, method, result, conclusion).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analysis: Option<Analysis>,
    /// Which texts a machine wrote, and with what (`generated:`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<Generated>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arxiv: Option<ArxivMeta>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Each name once: a repeated one is an error at its repetition (serde's map kept the
    /// last without a word, and the first link was lost).
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "crate::yaml::unique_keys"
    )]
    pub links: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
}

impl PaperFrontMatter {
    /// Each text written as a plain string (the source language's) filed under `language`
    /// instead: a paper from a site of another source language.
    pub fn file_plain_texts_under(&mut self, language: &str) {
        let mut texts = vec![&mut self.title, &mut self.summary, &mut self.abstract_text];
        if let Some(analysis) = &mut self.analysis {
            texts.extend([
                &mut analysis.tldr,
                &mut analysis.motivation,
                &mut analysis.method,
                &mut analysis.result,
                &mut analysis.conclusion,
            ]);
        }
        for text in texts {
            if let BilingualText::Plain(plain) = text {
                *text = BilingualText::Map(vec![(language.to_string(), std::mem::take(plain))]);
            }
        }
    }
}

/// Front matter of `content/digests/**/*.md`. The slug is the file name.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DigestFrontMatter {
    #[serde(default, skip_serializing_if = "BilingualText::is_empty")]
    pub title: BilingualText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "BilingualText::is_empty")]
    pub description: BilingualText,
    /// Paper ids; the order gives the Ref numbers 1..n.
    #[serde(default)]
    pub papers: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    /// Former addresses of the digest (a moved site's, `/2024/02/05/daily-arxiv.html`):
    /// each gets a page that sends the browser on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

/// Front matter of `content/pages/**/*.md` (about, ...). The slug is the file name.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PageFrontMatter {
    #[serde(default, skip_serializing_if = "BilingualText::is_empty")]
    pub title: BilingualText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Position in the navigation bar (lower first); pages without it are not listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub menu: Option<i32>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    /// Former addresses of the page, as a digest's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}
