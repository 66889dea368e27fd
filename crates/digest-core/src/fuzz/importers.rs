//! The `markdown_digest` and `arxiv_feed` targets: `import::parse_source` on a Markdown
//! digest and on arXiv XML (API Atom, announcement RSS and Atom); what it returns is written
//! as content files, which load back and are written again identically.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::engine::Target;
use super::{check_diagnostics, outline};
use crate::content_file::content_file;
use crate::import::{ImportOptions, parse_source};
use crate::load::{Document, parse_document};

pub(super) static MARKDOWN_DIGEST: Target = Target {
    name: "markdown_digest",
    dictionary: &[
        "# 摘要\n\n",
        "# 详细\n\n",
        "| Ref | Title | Summary |\n",
        "| --- | --- | --- |\n",
        "|:---|:--:|---:|\n",
        "| [^1] | ",
        "| [^2] | ",
        "[^1]",
        "[^99]",
        "[^]",
        " | ",
        " |\n",
        "|",
        "\\|",
        "[English title](https://arxiv.org/abs/2404.02424)",
        "](",
        ")",
        "https://arxiv.org/abs/2404.02424",
        "https://arxiv.org/abs/2404.02424v3",
        "http://arxiv.org/abs/hep-th/9901001",
        "https://example.org/x",
        "[^1]: ",
        "[^2]: ",
        "\n    ",
        "    ",
        "\n\n",
        "\n",
        "[https://arxiv.org/abs/2404.02424](https://arxiv.org/abs/2404.02424)",
        "arXiv:2404.02424v1 Announce Type: new  Abstract: ",
        "arXiv:2404.02424v2 Announce Type: replace-cross \nAbstract: ",
        "Announce Type: ",
        "Abstract: ",
        "Title. (arXiv:2401.14555v1 [cs.CV] UPDATED)",
        " (arXiv:2401.14555v1 [cs.CV] CROSS LISTED)",
        "(arXiv:",
        " [cs.CV]",
        "UPDATED",
        "hep-th/9901001",
        "2404.02424",
        "v0",
        "v99999999999",
        "中文标题",
        "一句话总结",
        "$x^2$",
        "\\emph{x}",
        "*",
        "_",
        "`",
        "<b>",
        "&amp;",
        "\t",
        "\r\n",
        "\u{feff}",
        "<",
        "{",
        "---\n",
    ],
    max_len: 8000,
    run: markdown_digest_target,
};

pub(super) static ARXIV_FEED: Target = Target {
    name: "arxiv_feed",
    dictionary: &[
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:arxiv=\"http://arxiv.org/schemas/atom\" xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\">",
        "</feed>",
        "<entry>",
        "</entry>",
        "<id>",
        "</id>",
        "<title>",
        "</title>",
        "<summary>",
        "</summary>",
        "<author><name>",
        "</name></author>",
        "<published>",
        "</published>",
        "<updated>",
        "</updated>",
        "2024-04-03T17:59:58Z",
        "2024-04-03",
        "Wed, 03 Apr 2024 00:00:00 -0400",
        "<link href=\"http://arxiv.org/abs/2404.02424v1\" rel=\"alternate\" type=\"text/html\"/>",
        "<link title=\"pdf\" href=\"http://arxiv.org/pdf/2404.02424v1\" rel=\"related\"/>",
        "<arxiv:primary_category term=\"cs.CV\"/>",
        "<category term=\"cs.LG\"/>",
        "<arxiv:comment>",
        "</arxiv:comment>",
        "<arxiv:doi>",
        "</arxiv:doi>",
        "<arxiv:journal_ref>",
        "</arxiv:journal_ref>",
        "<arxiv:announce_type>",
        "</arxiv:announce_type>",
        "<opensearch:totalResults>",
        "</opensearch:totalResults>",
        "oai:arXiv.org:2404.02424v1",
        "http://arxiv.org/abs/2404.02424v1",
        "http://arxiv.org/api/errors#incorrect_id_format",
        "https://rss.arxiv.org/atom/cs.AI",
        "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:arxiv=\"http://arxiv.org/schemas/atom\" xmlns:atom=\"http://www.w3.org/2005/Atom\">",
        "</rss>",
        "<channel>",
        "</channel>",
        "<item>",
        "</item>",
        "<description>",
        "</description>",
        "<link>",
        "</link>",
        "<guid>",
        "</guid>",
        "<dc:creator>",
        "</dc:creator>",
        "<pubDate>",
        "</pubDate>",
        "<category>",
        "</category>",
        "arXiv:2404.02424v1 Announce Type: new \nAbstract: ",
        "Announce Type: replace-cross",
        "<![CDATA[",
        "]]>",
        "&amp;",
        "&lt;",
        "&#x3b1;",
        "&#0;",
        "&#xD800;",
        "&#1114112;",
        "&unknown;",
        "&",
        "<!-- x -->",
        "<!DOCTYPE feed [<!ENTITY a \"b\">]>",
        "<?pi x?>",
        " xmlns=\"\"",
        " xmlns:x=\"http://www.w3.org/2005/Atom\"",
        "<x:entry>",
        "</x:entry>",
        "<",
        ">",
        "/>",
        "\"",
        "'",
        "=",
        "\n",
        "hep-th/9901001",
        "2404.02424",
        "中文",
        "$x^2$",
    ],
    max_len: 12000,
    run: arxiv_feed_target,
};

fn markdown_digest_target(input: &[u8]) -> Result<String, String> {
    import_target(Path::new("digests/2024-04-04.md"), input)
}

fn arxiv_feed_target(input: &[u8]) -> Result<String, String> {
    import_target(Path::new("feeds/cs.AI.xml"), input)
}

fn import_target(shown: &Path, input: &[u8]) -> Result<String, String> {
    let text = String::from_utf8_lossy(input);
    let options = ImportOptions {
        date: Some("2024-04-04".into()),
        ..ImportOptions::default()
    };
    match parse_source(shown, input.to_vec(), &options) {
        Err(diags) => {
            check_diagnostics(shown, &text, &diags)?;
            Ok(format!("refused {}", outline(&diags)))
        }
        Ok(imported) => {
            check_diagnostics(shown, &text, &imported.warnings)?;
            let mut fields = BTreeSet::new();
            for paper in &imported.papers {
                reloads("paper", &paper.front)?;
                // Which fields the importer filled: a new combination is a new outcome.
                if let Ok(yaml_serde::Value::Mapping(map)) = yaml_serde::to_value(&paper.front) {
                    fields.extend(map.keys().filter_map(|k| k.as_str().map(str::to_string)));
                }
            }
            if let Some((_, digest)) = &imported.digest {
                reloads("digest", digest)?;
            }
            Ok(format!(
                "{:?} papers {} fields {fields:?} warnings {}",
                imported.kind,
                imported.papers.len().min(3),
                outline(&imported.warnings)
            ))
        }
    }
}

/// The content file an importer would write for `front` loads back, and writing what was
/// loaded gives the same file: nothing is lost or changed on the way.
fn reloads<T: Serialize + DeserializeOwned>(what: &str, front: &T) -> Result<(), String> {
    let file = content_file(front, "");
    let doc: Document<T> =
        parse_document(Path::new("content/papers/imported.md"), &file).map_err(|d| {
            format!(
                "reload: the imported {what} does not load back:\n{file}\n{}",
                d.render(false)
            )
        })?;
    let again = content_file(&doc.front, "");
    if again != file {
        return Err(format!(
            "rewrite: the imported {what} changes when loaded and written again:\n{file}\n-- becomes --\n{again}"
        ));
    }
    Ok(())
}
