//! The `paper` target: a paper file as an author writes it, loaded (UTF-8, the front matter
//! split off, YAML) and then validated; every diagnostic on the way points into the file.

use std::path::Path;
use std::sync::OnceLock;

use super::engine::Target;
use super::{check_diagnostics, outline};
use crate::config::SiteConfig;
use crate::load::{LoadedContent, LoadedFile, parse_file};
use crate::sources::ContentKind;
use crate::validate;

pub(super) static PAPER: Target = Target {
    name: "paper",
    dictionary: &[
        "---\n",
        "...\n",
        "\n",
        "id: ",
        "\"2404.02424\"",
        "'2404.02424'",
        "hep-th-9901001",
        "title:",
        "title: ",
        "summary:",
        "abstract:",
        "\n  en: ",
        "\n  zh: ",
        "\n  fr: ",
        "en: ",
        "zh: ",
        "url: ",
        "authors: [",
        "authors:\n  - ",
        "date: ",
        "2024-04-04",
        "2024-02-30",
        "arxiv:",
        "\n  id: ",
        "\n  version: ",
        "\n  announce: ",
        "new",
        "cross",
        "replace-cross",
        "\n  categories: [cs.CV, cs.LG]",
        "\n  doi: ",
        "\n  journal_ref: ",
        "\n  comment: ",
        "\n  published: ",
        "\n  updated: ",
        "tags: [",
        "tags:\n  - ",
        "links:\n  code: ",
        "https://github.com/a/b",
        "http://",
        "mailto:a@b.c",
        "javascript:alert(1)",
        "draft: true",
        "draft: yes",
        "{ ",
        " }",
        "[",
        "]",
        ", ",
        ": ",
        "\"",
        "'",
        "|\n  ",
        "|-\n    ",
        "\n    - ",
        "\n  version: 2",
        ">-\n  ",
        "&a ",
        "*a",
        "!!binary ",
        "!!str ",
        "!!map ",
        "? ",
        "- ",
        "~",
        "null",
        "\"\\0\"",
        "\"\\u0001\"",
        "\"\\x85\"",
        "\\",
        "#",
        "%YAML 1.2\n",
        "<<: ",
        "  ",
        "\t",
        "\r\n",
        "\u{feff}",
        "$x^2$",
        "中文",
        "键: ",
    ],
    max_len: 6000,
    run: paper_target,
};

fn site_config() -> &'static SiteConfig {
    static CONFIG: OnceLock<SiteConfig> = OnceLock::new();
    CONFIG.get_or_init(|| SiteConfig::with_defaults(Path::new("site")))
}

fn paper_target(input: &[u8]) -> Result<String, String> {
    let shown = Path::new("content/papers/fuzz.md");
    let text = String::from_utf8_lossy(input);
    crate::yaml::quick_reading_agrees(&text)?;
    match parse_file(shown, input.to_vec(), ContentKind::Paper) {
        Err(diags) => {
            check_diagnostics(shown, &text, &diags)?;
            Ok(format!("load {}", outline(&diags)))
        }
        Ok(LoadedFile::Paper(doc)) => {
            let content = LoadedContent {
                papers: vec![doc],
                ..LoadedContent::default()
            };
            let diags = validate::validate(site_config(), &content);
            check_diagnostics(shown, &text, &diags)?;
            Ok(format!("validate {}", outline(&diags)))
        }
        Ok(_) => Err("kind: a paper file did not load as a paper".into()),
    }
}
