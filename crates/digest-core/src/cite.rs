//! Citing papers: BibTeX entries (the block of each paper page, each digest's `papers.bib`)
//! and the metadata of a paper page that citation managers and crawlers read: Google
//! Scholar `citation_*` meta tags, OpenGraph tags and schema.org `ScholarlyArticle` JSON-LD.
//!
//! The head says what each consumer needs and nothing twice. Google Scholar needs the
//! title, the authors and the date in `citation_*` tags and reads the abstract from the
//! page, which shows it in every language; so the head carries no copy of it (a
//! `citation_abstract` was a kilobyte on every page). The PDF and the arXiv id are there
//! for Scholar and citation managers, whose arXiv importers fetch the full record. A
//! short description (at most [`DESCRIPTION_CHARS`] columns) is only in `description`:
//! what search results show, and what link previews read where `og:description` is
//! missing, as they read `<title>` for a missing `og:title` (Facebook's, Slack's, Discord's
//! and Telegram's do). The JSON-LD names the paper, its authors, dates and identifiers
//! and leaves the texts to the page, as search engines read them there. The page's own
//! URL is in `canonical`, `og:url` and the JSON-LD's `url`.
//!
//! Entries follow arXiv's own BibTeX export (`@misc` with `eprint`, `archivePrefix`,
//! `primaryClass`), keyed Google-Scholar style (`he2024ressa`). Titles stay LaTeX, which is
//! what BibTeX expects; the meta tags get plain text.

use std::collections::HashMap;

use serde_json::{Value, json};
use unicode_normalization::UnicodeNormalization;
use unicode_width::UnicodeWidthChar;

use crate::arxiv;
use crate::arxiv_text::plain;
use crate::labels::html_lang;
use crate::model::{Digest, Paper, Site, paths};

/// One `<meta>` tag: `name` (or `property` for OpenGraph) and `content`; both plain text,
/// escaped by the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaTag {
    pub name: String,
    pub content: String,
}

/// What a paper page shows and declares for citing it.
#[derive(Debug, Clone)]
pub struct PaperCitation {
    /// The BibTeX entry, as text (escaped by the template).
    pub bibtex: String,
    /// The name the page's download button saves the entry as (`he2024ressa.bib`).
    pub bib_filename: String,
    /// `<meta name=...>`: Google Scholar's `citation_*` and the Twitter card.
    pub named: Vec<MetaTag>,
    /// `<meta property=...>`: OpenGraph.
    pub properties: Vec<MetaTag>,
    /// schema.org JSON-LD, safe to put between `<script>` tags as is.
    pub json_ld: String,
}

/// Words that do not make a citation key.
const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "on", "of", "for", "in", "to", "and", "with", "towards", "toward", "via",
    "from", "by", "is", "are", "do", "does", "can", "what", "how", "why", "when", "at", "as",
];

/// Authors named in the page's meta tags and JSON-LD. Collaboration papers list hundreds;
/// all of them there would triple the page (the page and its BibTeX keep them all).
pub const META_AUTHORS: usize = 100;

/// The longest `description` of a page, in columns (a Chinese character takes two): what
/// search results and link previews show of it.
pub const DESCRIPTION_CHARS: usize = 160;

/// A digest's file name for the entries of its papers. A paper has no file of its own: its
/// entry is on its page (with a copy and a download button) and in its digests' files.
pub const DIGEST_BIB: &str = "papers.bib";

/// The BibTeX entry of one paper, as its page shows it.
pub fn paper_bib(site: &Site, paper: &Paper) -> String {
    bibtex_entry(site, paper, &bibtex_key(paper))
}

/// The `papers.bib` of a digest: its papers in Ref order, keys made unique (`b`, `c`, ...
/// appended to a repeated key).
pub fn digest_bib(site: &Site, digest: &Digest) -> String {
    let mut out = String::new();
    // Outside an entry BibTeX reads everything as a comment, but for `@`, which starts one
    // (`Papers @ NeurIPS` broke the file).
    let title = crate::escape::as_written(digest.title.prefer(site.config.ui_language()));
    out.push_str("% ");
    out.push_str(&title.replace('@', "(at)"));
    out.push_str("\n% ");
    out.push_str(&site.urls.absolute(&paths::digest(&digest.slug)));
    out.push_str("\n\n");
    let mut used: HashMap<String, usize> = HashMap::new();
    for (k, &p) in digest.papers.iter().enumerate() {
        let paper = &site.papers[p];
        let base = bibtex_key(paper);
        let n = used.entry(base.clone()).or_insert(0);
        let key = if *n == 0 {
            base.clone()
        } else {
            // 1 -> b, 2 -> c, ...; past z the count itself.
            match u8::try_from(*n).ok().filter(|n| *n < 26) {
                Some(n) => format!("{base}{}", char::from(b'a' + n)),
                None => format!("{base}-{n}"),
            }
        };
        *n += 1;
        if k > 0 {
            out.push('\n');
        }
        out.push_str(&bibtex_entry(site, paper, &key));
    }
    out
}

/// A key like `he2024ressa`: the first author's family name, the year, the first
/// significant word of the title, in ASCII. Falls back to the paper id.
pub fn bibtex_key(paper: &Paper) -> String {
    let surname = paper
        .authors
        .first()
        .map(|a| match a.split_once(',') {
            Some((family, _)) => family.to_string(),
            None => a.split_whitespace().last().unwrap_or("").to_string(),
        })
        .map(|s| ascii_word(&s))
        .unwrap_or_default();
    let word = paper
        .title
        .get("en")
        .unwrap_or_else(|| paper.title.prefer("en"))
        .split(|c: char| c.is_whitespace() || c == '-' || c == ':' || c == '/')
        .map(ascii_word)
        .find(|w| !w.is_empty() && !STOP_WORDS.contains(&w.as_str()))
        .unwrap_or_default();
    if surname.is_empty() && word.is_empty() {
        return paper
            .id
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'))
            .collect();
    }
    let year = year(paper).map(|y| y.to_string()).unwrap_or_default();
    format!("{surname}{year}{word}")
}

/// Lower-case ASCII letters of a word, accents folded (`Schrödinger` → `schrodinger`).
fn ascii_word(word: &str) -> String {
    word.nfd()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The year of first publication: arXiv's published date, else the year in a new-style
/// (`2404.02424`) or old-style (`hep-th/9901001`) id, else the paper's date.
pub fn year(paper: &Paper) -> Option<i32> {
    if let Some(a) = &paper.arxiv {
        if let Some(y) = a
            .published
            .as_deref()
            .and_then(|p| p.get(..4)?.parse().ok())
        {
            return Some(y);
        }
        if let Some(y) = arxiv::year_of_id(&a.id) {
            return Some(y);
        }
    }
    paper.date.map(|d| chrono::Datelike::year(&d))
}

/// The title in the site's source language (English for arXiv), else the first one.
fn source_title<'a>(site: &Site, paper: &'a Paper) -> &'a str {
    paper.title.prefer(&site.config.source_language)
}

/// One BibTeX entry.
pub fn bibtex_entry(site: &Site, paper: &Paper, key: &str) -> String {
    let mut fields: Vec<(&str, String)> = Vec::with_capacity(10);
    fields.push(("title", bib_text(source_title(site, paper))));
    if !paper.authors.is_empty() {
        fields.push(("author", bib_authors(&paper.authors)));
    }
    if let Some(y) = year(paper) {
        fields.push(("year", y.to_string()));
    }
    if let Some(a) = &paper.arxiv {
        fields.push(("eprint", bib_value(&a.id)));
        fields.push(("archivePrefix", "arXiv".to_string()));
        if let Some(c) = a.categories.first() {
            fields.push(("primaryClass", bib_value(c)));
        }
        if let Some(doi) = &a.doi {
            fields.push(("doi", bib_value(doi)));
        }
        if let Some(j) = &a.journal_ref {
            fields.push(("note", bib_text(j)));
        }
    }
    let url = paper
        .url
        .clone()
        .unwrap_or_else(|| site.urls.absolute(&paths::paper(&paper.id)));
    fields.push(("url", bib_value(&url)));
    let mut out = String::with_capacity(256);
    out.push_str("@misc{");
    out.push_str(key);
    out.push_str(",\n");
    for (name, value) in fields {
        out.push_str("  ");
        out.push_str(name);
        out.push_str(" = {");
        out.push_str(&value);
        out.push_str("},\n");
    }
    out.push_str("}\n");
    out
}

/// A field that LaTeX typesets (title, authors, note): [`bib_value`], with the characters
/// that stop LaTeX outside math (`&`, `%`, `#`, `_`) escaped where they are not already and
/// not inside `$...$`. ("Prediction & Recommendation" made LaTeX fail on a
/// "Misplaced alignment tab character".) Identifiers and links are left as they are.
fn bib_text(s: &str) -> String {
    let value = bib_value(s);
    if !value.contains(['&', '%', '#', '_']) {
        return value;
    }
    let math = crate::arxiv_text::math_spans(&value);
    let mut out = String::with_capacity(value.len() + 8);
    let mut escaped = false;
    for (i, c) in value.char_indices() {
        let in_math = math.iter().any(|m| (m.start..m.end).contains(&i));
        if !escaped && !in_math && matches!(c, '&' | '%' | '#' | '_') {
            out.push('\\');
        }
        escaped = !escaped && c == '\\';
        out.push(c);
    }
    out
}

/// A field value: whitespace collapsed; a brace that has no partner written as a LaTeX
/// command (`\textbraceright{}`), since BibTeX pairs every brace, a backslash before it or
/// not (`\}` ended the entry early as `}` does, and the file no longer parsed); a final
/// backslash kept from the closing brace.
fn bib_value(s: &str) -> String {
    let collapsed = crate::escape::as_written(s);
    let mut open: Vec<usize> = Vec::new();
    let mut lone: Vec<usize> = Vec::new();
    for (i, c) in collapsed.char_indices() {
        match c {
            '{' => open.push(i),
            '}' if open.pop().is_none() => lone.push(i),
            _ => {}
        }
    }
    lone.extend(open);
    lone.sort_unstable();
    let mut out = if lone.is_empty() {
        collapsed
    } else {
        let mut out = String::with_capacity(collapsed.len() + 16 * lone.len());
        for (i, c) in collapsed.char_indices() {
            if lone.binary_search(&i).is_ok() {
                // `\{` written for a brace: the command replaces both.
                if collapsed[..i].ends_with('\\') && !collapsed[..i].ends_with("\\\\") {
                    out.pop();
                }
                out.push_str(if c == '{' {
                    "\\textbraceleft{}"
                } else {
                    "\\textbraceright{}"
                });
            } else {
                out.push(c);
            }
        }
        out
    };
    let trailing = out.len() - out.trim_end_matches('\\').len();
    if trailing % 2 == 1 {
        // `title = {a\}` would give LaTeX `a\` and what follows the entry's brace.
        out.push(' ');
    }
    out
}

/// The authors of an entry, `and` between them: a name holding the word `and` (a company,
/// a collaboration) is braced, so that BibTeX does not split it in two.
fn bib_authors(authors: &[String]) -> String {
    authors
        .iter()
        .map(|a| {
            let name = bib_text(a);
            if name
                .split_whitespace()
                .any(|w| w.eq_ignore_ascii_case("and"))
            {
                format!("{{{name}}}")
            } else {
                name
            }
        })
        .collect::<Vec<_>>()
        .join(" and ")
}

/// The meta tags, JSON-LD and BibTeX of a paper page whose URL is `page_url`.
pub fn paper_citation(site: &Site, paper: &Paper, ui: &str) -> PaperCitation {
    let config = &site.config;
    let page_url = site.urls.absolute(&paths::paper(&paper.id));
    let source_lang = if paper.title.get(&config.source_language).is_some() {
        config.source_language.as_str()
    } else {
        paper.title.0.first().map_or("en", |(l, _)| l.as_str())
    };
    let title = plain(source_title(site, paper));
    let date = published_date(paper);
    let pdf = paper
        .links
        .iter()
        .find(|(name, _)| name == "pdf")
        .map(|(_, href)| href.clone());

    let mut named = Vec::with_capacity(paper.authors.len() + 8);
    let mut tag = |name: &str, content: String| {
        named.push(MetaTag {
            name: name.to_string(),
            content,
        })
    };
    tag("citation_title", title.clone());
    for a in paper.authors.iter().take(META_AUTHORS) {
        tag("citation_author", plain(a));
    }
    if let Some(d) = &date {
        tag("citation_publication_date", d.replace('-', "/"));
    }
    if let Some(a) = &paper.arxiv {
        tag("citation_arxiv_id", a.id.clone());
        if let Some(doi) = &a.doi {
            tag("citation_doi", doi.clone());
        }
    }
    if let Some(pdf) = &pdf {
        tag("citation_pdf_url", pdf.clone());
    }
    tag("citation_language", source_lang.to_string());
    tag("twitter:card", "summary".to_string());

    let mut properties = Vec::with_capacity(8 + paper.tags.len());
    let mut prop = |name: &str, content: String| {
        properties.push(MetaTag {
            name: name.to_string(),
            content,
        })
    };
    prop("og:type", "article".to_string());
    prop("og:url", page_url.clone());
    prop(
        "og:site_name",
        crate::escape::as_written(crate::model::Texts::new(&config.title, config).prefer(ui)),
    );
    prop("og:locale", og_locale(ui));
    for lang in &config.languages {
        if lang != ui {
            prop("og:locale:alternate", og_locale(lang));
        }
    }
    if let Some(d) = &date {
        prop("article:published_time", d.clone());
    }
    for &t in &paper.tags {
        prop("article:tag", site.tags[t].name.clone());
    }

    PaperCitation {
        bibtex: paper_bib(site, paper),
        bib_filename: format!("{}.bib", file_stem(&bibtex_key(paper))),
        named,
        properties,
        json_ld: json_for_script(&scholarly_article(
            site,
            paper,
            &page_url,
            source_lang,
            date.as_deref(),
        )),
    }
}

/// schema.org `ScholarlyArticle` of a paper.
fn scholarly_article(
    site: &Site,
    paper: &Paper,
    page_url: &str,
    source_lang: &str,
    date: Option<&str>,
) -> Value {
    let mut article = json!({
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "url": page_url,
        "headline": plain(source_title(site, paper)),
        "inLanguage": html_lang(source_lang),
    });
    let obj = article.as_object_mut().expect("a JSON object literal");
    // No `abstract`, `description` or translated title (`alternativeHeadline`): they are
    // the page's own texts (see the module's header); a copy would add up to a kilobyte
    // to every page.
    if !paper.authors.is_empty() {
        let authors: Vec<Value> = paper
            .authors
            .iter()
            .take(META_AUTHORS)
            .map(|a| json!({ "@type": "Person", "name": plain(a) }))
            .collect();
        obj.insert("author".into(), Value::Array(authors));
    }
    if let Some(d) = date {
        obj.insert("datePublished".into(), json!(d));
    }
    if let Some(updated) = paper.arxiv.as_ref().and_then(|a| a.updated.as_deref()) {
        obj.insert("dateModified".into(), json!(updated));
    }
    if !paper.tags.is_empty() {
        let keywords: Vec<&str> = paper
            .tags
            .iter()
            .map(|&t| site.tags[t].name.as_str())
            .collect();
        obj.insert("keywords".into(), json!(keywords));
    }
    if let Some(a) = &paper.arxiv {
        let mut ids = vec![json!({
            "@type": "PropertyValue",
            "propertyID": "arXiv",
            "value": a.id,
        })];
        if let Some(doi) = &a.doi {
            ids.push(json!({ "@type": "PropertyValue", "propertyID": "DOI", "value": doi }));
        }
        obj.insert("identifier".into(), Value::Array(ids));
    }
    if let Some(url) = &paper.url {
        obj.insert("sameAs".into(), json!(url));
    }
    // Machine-written texts (`generated:`) are credited in `creditText`, schema.org's free
    // text credit of a CreativeWork: the page's translations and summaries are not the
    // authors' words. `contributor` and `creator` would take the tool, but they are typed
    // Person or Organization, which a program is not, and `sdPublisher` says who made the
    // structured data, not the texts.
    if let Some(credit) = crate::provenance::credit_text(&paper.generated) {
        obj.insert("creditText".into(), json!(credit));
    }
    article
}

/// The text a paper's description is made of, as written: its summary in `lang` (else
/// another language), or its abstract when it has no summary.
pub fn description_source<'a>(paper: &'a Paper, lang: &str) -> &'a str {
    match paper.summary.prefer(lang) {
        "" => paper.abstract_text.prefer(lang),
        summary => summary,
    }
}

/// `text` with its white space collapsed, cut to at most [`DESCRIPTION_CHARS`] columns, a
/// Chinese character taking two (a result shows about 80 of them, or 160 Latin letters),
/// before the word when the cut falls inside a word of letters, with `…` at the end.
pub fn short_description(text: &str) -> String {
    // An indent of ideographic spaces is no part of a snippet.
    let collapsed = crate::escape::as_written(text);
    let collapsed = collapsed
        .trim_matches(crate::escape::IDEOGRAPHIC_SPACE)
        .to_string();
    let width = |c: char| UnicodeWidthChar::width(c).unwrap_or(0);
    if collapsed.chars().map(width).sum::<usize>() <= DESCRIPTION_CHARS {
        return collapsed;
    }
    // Room for the `…`.
    let mut columns = 0;
    let cut = collapsed
        .char_indices()
        .find(|&(_, c)| {
            columns += width(c);
            columns > DESCRIPTION_CHARS - 1
        })
        .map_or(collapsed.len(), |(i, _)| i);
    let head = &collapsed[..cut];
    // A cut inside a word of letters goes back to where the word begins: after a space in
    // English, after the character before it in Chinese (`分析STARLIN…` was a result's
    // text), unless the word is most of the last fifth.
    let letter = |c: char| c.is_alphanumeric() && width(c) == 1;
    let inside_word = head.chars().next_back().is_some_and(letter)
        && collapsed[cut..].chars().next().is_some_and(letter);
    let head = match head.char_indices().rev().find(|&(_, c)| !letter(c)) {
        Some((i, c)) if inside_word && head[i..].chars().count() < DESCRIPTION_CHARS / 5 => {
            &head[..i + c.len_utf8()]
        }
        _ => head,
    };
    format!(
        "{}…",
        head.trim_end_matches([' ', ',', ';', ':', '，', '、', '；', '：'])
    )
}

/// A BibTeX key as a file name: the characters a key may hold that no file system objects
/// to (a key such as `hep-th/9901001` keeps its letters, digits, `.`, `-` and `_`).
fn file_stem(key: &str) -> String {
    let stem: String = key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if stem.is_empty() {
        "citation".to_string()
    } else {
        stem
    }
}

/// JSON that can sit inside `<script>` as is: `<`, `>` and `&` become `\u003c` escapes,
/// so no text can close the element (`</script>`) or open a comment (`<!--`).
pub fn json_for_script(value: &Value) -> String {
    let json = value.to_string();
    // Most pages have none of these (U+2028 and U+2029 are E2 80 A8 and E2 80 A9).
    let bytes = json.as_bytes();
    let needs_escape = bytes.iter().enumerate().any(|(i, &b)| {
        matches!(b, b'<' | b'>' | b'&')
            || (b == 0xE2
                && bytes.get(i + 1) == Some(&0x80)
                && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)))
    });
    if !needs_escape {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out
}

/// The date of first publication as `YYYY-MM-DD`: arXiv's published date, else the paper's.
pub fn published_date(paper: &Paper) -> Option<String> {
    paper
        .arxiv
        .as_ref()
        .and_then(|a| a.published.as_deref())
        .and_then(|p| p.get(..10))
        .filter(|p| chrono::NaiveDate::parse_from_str(p, "%Y-%m-%d").is_ok())
        .map(str::to_string)
        .or_else(|| paper.date.map(|d| d.to_string()))
}

fn og_locale(lang: &str) -> String {
    match lang {
        "zh" => "zh_CN".to_string(),
        "en" => "en_US".to_string(),
        other => other.replace('-', "_"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latex_specials_in_typeset_fields_are_escaped_outside_math() {
        assert_eq!(
            bib_text("Rating prediction & Recommendation"),
            r"Rating prediction \& Recommendation"
        );
        assert_eq!(bib_text(r"Already \& escaped"), r"Already \& escaped");
        assert_eq!(
            bib_text("100% of #1 in snake_case, $x_1 \\& y$"),
            r"100\% of \#1 in snake\_case, $x_1 \& y$"
        );
        assert_eq!(bib_text("Plain title"), "Plain title");
    }

    #[test]
    fn values_with_unbalanced_braces_are_escaped() {
        assert_eq!(bib_value("The {BERT}\n  model"), "The {BERT} model");
        assert_eq!(
            bib_value("broken } brace {"),
            r"broken \textbraceright{} brace \textbraceleft{}"
        );
        // BibTeX pairs `\{` as it pairs `{`.
        assert_eq!(bib_value(r"a \{ b"), r"a \textbraceleft{} b");
        assert_eq!(bib_value(r"a \{b\} c"), r"a \{b\} c");
        assert_eq!(
            bib_value(r"x } {y} {"),
            r"x \textbraceright{} {y} \textbraceleft{}"
        );
        assert_eq!(bib_value(r"ends \"), r"ends \ ");
        assert_eq!(bib_value(r"ends \\"), r"ends \\");
        for hostile in ["}", "{{", "a}b{c", r"\}", "}{", "@misc{x, title={pwned}}"] {
            let value = bib_value(hostile);
            let mut depth = 0i32;
            for c in value.chars() {
                depth += match c {
                    '{' => 1,
                    '}' => -1,
                    _ => 0,
                };
                assert!(depth >= 0, "{hostile} -> {value}");
            }
            assert_eq!(depth, 0, "{hostile} -> {value}");
        }
    }

    #[test]
    fn an_author_named_with_and_is_one_author() {
        let authors = ["Barnes and Noble".to_string(), "A. Smith".to_string()];
        assert_eq!(bib_authors(&authors), "{Barnes and Noble} and A. Smith");
    }

    #[test]
    fn script_json_cannot_close_the_script() {
        let headline = "</script><script>alert(1)</script> & <!-- \u{2028}";
        let json = json_for_script(&json!({ "headline": headline }));
        assert!(!json.contains('<') && !json.contains('>'), "{json}");
        assert!(json.contains("\\u2028"), "{json}");
        let back: Value = serde_json::from_str(&json).expect("still JSON");
        assert_eq!(back["headline"], headline);
    }

    #[test]
    fn descriptions_are_cut_to_what_a_result_shows() {
        assert_eq!(
            short_description("  A short\n summary. "),
            "A short summary."
        );
        let long = "word ".repeat(60);
        let cut = short_description(&long);
        assert!(cut.chars().count() <= DESCRIPTION_CHARS, "{cut}");
        assert!(cut.ends_with("word…"), "{cut}");
        // A Chinese character is as wide as two letters.
        let chinese = "稀".repeat(200);
        let cut = short_description(&chinese);
        assert_eq!(cut.chars().count(), DESCRIPTION_CHARS / 2);
        assert!(cut.ends_with('…'));
        assert_eq!(short_description(&"稀".repeat(80)), "稀".repeat(80));
        // A cut inside an English word in Chinese text goes back to before the word.
        let mixed = format!("{}分析STARLINK星座的数据", "稀".repeat(76));
        assert_eq!(
            short_description(&mixed),
            format!("{}分析…", "稀".repeat(76))
        );
        // A cut just after a whole word keeps it.
        let words = format!("{} end. More", "a".repeat(154));
        assert_eq!(
            short_description(&words),
            format!("{} end.…", "a".repeat(154))
        );
        assert_eq!(file_stem("hep-th/9901001"), "hep-th-9901001");
    }

    #[test]
    fn keys_are_ascii() {
        assert_eq!(ascii_word("Schrödinger"), "schrodinger");
        assert_eq!(ascii_word("RESSA:"), "ressa");
    }
}
