//! `site.yaml`: finding it, reading it, and the settings every later stage reads.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::frontmatter::BilingualText;
use crate::yaml::{UniqueKeys, parse_yaml_all};

/// The name of the configuration file that marks a site's root.
pub const CONFIG_FILE: &str = "site.yaml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: BilingualText,
    #[serde(default)]
    description: BilingualText,
    #[serde(default)]
    base_url: Option<String>,
    #[serde(default)]
    languages: Option<Vec<String>>,
    #[serde(default)]
    source_language: Option<String>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    per_page: Option<usize>,
    #[serde(default)]
    output_dir: Option<String>,
    #[serde(default)]
    cname: Option<String>,
    #[serde(default)]
    unsafe_html: bool,
    #[serde(default)]
    author: Option<String>,
    /// Build the search index and show the search box (default: yes).
    #[serde(default)]
    search: Option<bool>,
    /// An image shown in the header, a path under `static/` or a URL.
    #[serde(default)]
    logo: Option<String>,
    /// Extra links of the menu.
    #[serde(default)]
    nav: Vec<NavLink>,
    /// UI labels replaced, per language (`None`: written as null, `~`, which is empty).
    #[serde(default)]
    labels: UniqueKeys<UniqueKeys<Option<String>>>,
    /// A text in every page's footer.
    #[serde(default)]
    footer: BilingualText,
    /// The site's source repository, linked in the footer.
    #[serde(default)]
    repository: Option<String>,
}

/// One extra link of the menu (`nav:` of `site.yaml`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NavLink {
    /// What the menu shows, in one language or several.
    pub label: BilingualText,
    /// A URL, or a path within the site (`about/`, `/repo/about/`).
    pub url: String,
}

/// The site's settings, resolved and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteConfig {
    /// The folder holding `site.yaml`.
    pub root: PathBuf,
    pub title: BilingualText,
    pub description: BilingualText,
    /// Absolute base URL, always ending in `/`.
    pub base_url: String,
    /// The path part of `base_url` (`/` or `/repo/`): the prefix of every link.
    pub base_path: String,
    /// Display order; the first is the UI language.
    pub languages: Vec<String>,
    /// The language of plain-string texts.
    pub source_language: String,
    pub theme: String,
    pub per_page: usize,
    pub output_dir: PathBuf,
    pub cname: Option<String>,
    pub unsafe_html: bool,
    pub author: Option<String>,
    /// Whether to build the search index and show the search box.
    pub search: bool,
    /// An image shown in the header: a path within the site or a URL.
    pub logo: Option<String>,
    /// Extra links of the menu, after the theme's own.
    pub nav: Vec<NavLink>,
    /// UI labels replaced, per language code, by label key (the keys of docs/customizing.md).
    pub labels: BTreeMap<String, BTreeMap<String, String>>,
    /// A text shown in every page's footer.
    pub footer: BilingualText,
    /// The site's source repository (a URL), linked in the footer.
    pub repository: Option<String>,
    /// What `site.yaml` may not mean, found as it was read (a build reports them).
    pub warnings: Diagnostics,
}

impl SiteConfig {
    /// The UI language: the first of `languages`.
    pub(crate) fn ui_language(&self) -> &str {
        &self.languages[0]
    }

    /// Replaces the base URL (from `--base-url`).
    pub(crate) fn set_base_url(&mut self, base_url: &str) -> Result<(), String> {
        let (url, path) = normalize_base_url(base_url)?;
        self.base_url = url;
        self.base_path = path;
        Ok(())
    }

    /// A configuration for tests that have no file: defaults everywhere.
    #[cfg(test)]
    pub(crate) fn with_defaults(root: &Path) -> Self {
        SiteConfig {
            root: root.to_path_buf(),
            title: BilingualText::Plain("Paper Digest".into()),
            description: BilingualText::Empty,
            base_url: "http://127.0.0.1:1111/".into(),
            base_path: "/".into(),
            languages: vec!["zh".into(), "en".into()],
            source_language: "en".into(),
            theme: "default".into(),
            per_page: 100,
            output_dir: root.join("public"),
            cname: None,
            unsafe_html: false,
            author: None,
            search: true,
            logo: None,
            nav: Vec::new(),
            labels: BTreeMap::new(),
            footer: BilingualText::Empty,
            repository: None,
            warnings: Diagnostics::new(),
        }
    }
}

/// Finds the site root: the first folder from `start` upwards that holds `site.yaml`.
pub fn find_site_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(CONFIG_FILE).is_file())
        .map(Path::to_path_buf)
}

/// Reads and checks `root/site.yaml`.
pub fn load_config(root: &Path) -> Result<SiteConfig, Diagnostics> {
    let path = root.join(CONFIG_FILE);
    let shown = PathBuf::from(CONFIG_FILE);
    let bytes = std::fs::read(&path).map_err(|e| {
        Diagnostic::file_error(&shown, format!("cannot read the site configuration: {e}"))
            .with_hint("run `digest-site init` to create a site, or run from inside one")
    })?;
    let text = String::from_utf8(bytes)
        .map_err(|e| crate::diagnostic::not_utf8(&shown, &e, "save the file as UTF-8"))?;
    parse_config(root, &shown, &text)
}

/// Parses the text of a `site.yaml`; `shown` is the path used in diagnostics.
pub(crate) fn parse_config(
    root: &Path,
    shown: &Path,
    text: &str,
) -> Result<SiteConfig, Diagnostics> {
    // A byte-order mark (which some Windows editors write) is not part of the text.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Empty, or comments only: the YAML reader's "end of stream" would not say so.
    let blank = text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
    if blank {
        return Err(Diagnostic::error(shown, text, 1, 1, "site.yaml holds no settings")
            .with_hint("a site needs at least its title: `title: { zh: 论文摘要, en: Paper Digest }` (`digest-site init` writes a complete site.yaml)")
            .into());
    }
    let (raw, errors) = parse_yaml_all::<RawConfig>(text, 1);
    let mut diags = Diagnostics::from(
        errors
            .into_iter()
            .map(|e| {
                // The YAML reader's messages and hints speak of a content file's front matter.
                let too_large = e.message.starts_with("the front matter is too large");
                let message = e.message.replace("the front matter", "site.yaml");
                let mut d = Diagnostic::error(shown, text, e.line, e.column, message);
                d.hint = match too_large {
                    true => Some("site.yaml holds the site's settings, a few kilobytes: remove what was pasted or generated into it".into()),
                    false => e.hint.map(|h| h.replace("the front matter", "site.yaml").into()),
                };
                d
            })
            .collect::<Vec<_>>(),
    );
    // With some keys wrong, the others are still checked.
    let Some(raw) = raw else {
        return Err(diags);
    };
    let locate = |key: &str| crate::locate::top_level_key(text, key).unwrap_or((1, 1));
    // A wrong value is pointed at where it is written.
    let locate_value =
        |key: &str| crate::locate::top_level_value(text, key).unwrap_or_else(|| locate(key));
    // A part of a key's value (a menu link's address, a label's name) is pointed at where
    // it is first written after the key, or else at the key.
    let line_start = |line: usize| -> usize {
        text.split_inclusive('\n')
            .take(line - 1)
            .map(str::len)
            .sum()
    };
    let locate_in = |key: &str, needle: &str| {
        let (line, column) = locate(key);
        let start = line_start(line);
        text[start..].find(needle).map_or((line, column), |offset| {
            crate::diagnostic::line_column(text, start + offset)
        })
    };
    // A label's key, within its language's labels.
    let locate_label = |lang: &str, key: &str| {
        let (line, column) = locate("labels");
        let start = line_start(line);
        find_key(text, start, lang)
            .and_then(|at| match key {
                "" => Some(at),
                _ => find_key(text, at + lang.len(), key),
            })
            .map_or((line, column), |at| {
                crate::diagnostic::line_column(text, at)
            })
    };

    let languages = raw
        .languages
        .unwrap_or_else(|| vec!["zh".to_string(), "en".to_string()]);
    if languages.is_empty() {
        let (l, c) = locate("languages");
        diags.push(
            Diagnostic::error(shown, text, l, c, "`languages` is empty")
                .with_hint("list at least one language, e.g. `languages: [zh, en]`"),
        );
    }
    let mut warnings = Diagnostics::new();
    for lang in &languages {
        // `zh-CN` is not `zh` to the theme's labels: its interface would be in English
        // (warned where the code's primary language has labels it does not get).
        let primary = lang.split(['-', '_']).next().unwrap_or_default();
        if lang != primary
            && !std::ptr::eq(
                crate::labels::labels_for(primary),
                crate::labels::labels_for(lang),
            )
            && !raw.labels.0.contains_key(lang.as_str())
        {
            let (l, c) = locate_in("languages", lang);
            warnings.push(
                Diagnostic::warning(
                    shown,
                    text,
                    l,
                    c,
                    format!("`{lang}` has no interface labels of the theme's: its menus and headings will be in English"),
                )
                .with_hint(format!(
                    "the theme's labels are under `{primary}`: write `{primary}` in `languages` and as the key of the texts, or give `labels: {{ {lang}: {{ … }} }}`"
                )),
            );
        }
        // `EN` is not `en` to the texts' and labels' keys: one would lose the other.
        let primary = lang.split('-').next().unwrap_or_default();
        if is_language_code(lang)
            && primary.chars().any(|c| c.is_ascii_uppercase())
            && meant_language(lang).is_none()
        {
            let (l, c) = locate_in("languages", lang);
            diags.push(
                Diagnostic::error(
                    shown,
                    text,
                    l,
                    c,
                    format!("`{lang}`: language codes are written in lower case"),
                )
                .with_hint(format!(
                    "write `{}`, as the texts and labels write it",
                    primary.to_ascii_lowercase() + &lang[primary.len()..]
                )),
            );
        }
        // `cn` for Chinese is a country's code, which no browser, screen reader or font
        // takes for a language: `lang="cn"` pages with an English interface.
        if let Some(meant) = meant_language(lang) {
            let (l, c) = locate_in("languages", lang);
            diags.push(
                Diagnostic::error(
                    shown,
                    text,
                    l,
                    c,
                    format!("`{lang}` is a country's code, not a language's"),
                )
                .with_hint(format!(
                    "did you mean `{meant}`? Write it in `languages` and as the key of the texts (`title: {{ {meant}: ... }}`)"
                )),
            );
        } else if !is_language_code(lang) {
            let (l, c) = locate_in("languages", lang);
            diags.push(
                Diagnostic::error(
                    shown,
                    text,
                    l,
                    c,
                    format!("`{lang}` is not a language code"),
                )
                .with_hint("use codes such as `zh` and `en`"),
            );
        }
    }
    let mut seen = HashSet::new();
    for lang in languages.iter().filter(|l| !seen.insert(l.as_str())) {
        let (l, c) = locate("languages");
        diags.push(
            Diagnostic::error(
                shown,
                text,
                l,
                c,
                format!("`{lang}` is listed twice in `languages`"),
            )
            .with_hint("list each language once, e.g. `languages: [zh, en]`"),
        );
    }
    // Plain-string texts are in this language; one the site does not show would leave
    // them empty on every page.
    let source_language = match raw.source_language {
        Some(given) => {
            if !languages.contains(&given) {
                let (l, c) = locate_value("source_language");
                diags.push(
                    Diagnostic::error(
                        shown,
                        text,
                        l,
                        c,
                        format!(
                            "`source_language` is `{given}`, which is not one of `languages` ({})",
                            languages.join(", ")
                        ),
                    )
                    .with_hint(
                        "texts written as a plain string are taken to be in `source_language`: name one of the site's languages",
                    ),
                );
            }
            given
        }
        None if languages.iter().any(|l| l == "en") || languages.is_empty() => "en".to_string(),
        None => languages[0].clone(),
    };
    let per_page = raw.per_page.unwrap_or(100);
    if per_page == 0 {
        let (l, c) = locate_value("per_page");
        diags.push(
            Diagnostic::error(shown, text, l, c, "`per_page` must be at least 1")
                .with_hint("the default is 100"),
        );
    }
    let theme = raw.theme.unwrap_or_else(|| "default".to_string());
    if theme != "default" {
        let (l, c) = locate_value("theme");
        diags.push(
            Diagnostic::error(shown, text, l, c, format!("unknown theme `{theme}`"))
                .with_hint("the built-in theme is `default`"),
        );
    }
    let (base_url, base_path) = match raw.base_url.as_deref() {
        None => ("http://127.0.0.1:1111/".to_string(), "/".to_string()),
        Some(u) => match normalize_base_url(u) {
            Ok(v) => v,
            Err(msg) => {
                let (l, c) = locate_value("base_url");
                diags.push(
                    Diagnostic::error(shown, text, l, c, msg)
                        .with_hint("write an absolute URL such as https://user.github.io/repo/"),
                );
                (String::new(), "/".to_string())
            }
        },
    };
    if raw.title.is_empty() {
        let (l, c) = locate("title");
        diags.push(
            Diagnostic::error(shown, text, l, c, "`title` is empty").with_hint(
                "give the site a title, e.g. `title: { zh: 论文摘要, en: Paper Digest }`",
            ),
        );
    }
    let site_languages = &languages;
    // A text under a code the site does not show would be dropped without a word, as a
    // paper's would (`cn:` for `zh:`): an error at that code. `path` is where the text is
    // in site.yaml, `shown_path` how the message names it.
    let foreign_languages =
        |path: &[&str], shown_path: &str, bilingual: &BilingualText| -> Diagnostics {
            let key = path.last().copied().unwrap_or_default();
            let foreign = bilingual
                .languages()
                .filter(|lang| !site_languages.iter().any(|l| l == lang));
            foreign
                .map(|lang| {
                    let at: Vec<&str> = path.iter().copied().chain([lang]).collect();
                    let (l, c) = crate::locate::key_path(text, &at).unwrap_or((1, 1));
                    Diagnostic::error(
                    shown,
                    text,
                    l,
                    c,
                    format!(
                        "`{shown_path}.{lang}`: `{lang}` is not one of the site's languages ({})",
                        site_languages.join(", ")
                    ),
                )
                .with_hint(format!(
                    "write the text under a code of `languages`, e.g. `{key}: {{ {} }}`",
                    site_languages
                        .iter()
                        .map(|l| format!("{l}: …"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
                })
                .collect::<Vec<_>>()
                .into()
        };
    for (key, bilingual) in [
        ("title", &raw.title),
        ("description", &raw.description),
        ("footer", &raw.footer),
    ] {
        diags.extend(foreign_languages(&[key], key, bilingual));
    }
    for (i, link) in raw.nav.iter().enumerate() {
        let index = i.to_string();
        let path = ["nav", index.as_str(), "label"];
        let shown_path = format!("nav[{i}].label");
        diags.extend(foreign_languages(&path, &shown_path, &link.label));
        // A menu link without words would show nothing.
        if link.label.is_empty() {
            let (l, c) = crate::locate::key_path(text, &path).unwrap_or((1, 1));
            diags.push(
                Diagnostic::error(shown, text, l, c, format!("`{shown_path}` is empty")).with_hint(
                    "give the menu link its words, e.g. `label: { zh: 关于, en: About }`",
                ),
            );
        }
    }
    for (lang, labels) in &raw.labels.0 {
        // Labels of a language the site does not show would be lost without a word: a
        // typo (`cn`, `EN`) of one of its own.
        if !site_languages.contains(lang) {
            let (l, c) = locate_label(lang, "");
            diags.push(
                Diagnostic::error(
                    shown,
                    text,
                    l,
                    c,
                    format!(
                        "`labels.{lang}`: `{lang}` is not one of the site's languages ({})",
                        site_languages.join(", ")
                    ),
                )
                .with_hint(format!(
                    "write the labels under a code of `languages`, e.g. `labels: {{ {}: {{ home: … }} }}`",
                    site_languages.first().map_or("en", String::as_str)
                )),
            );
        }
        for (key, value) in &labels.0 {
            let theme_label = crate::labels::labels_for(lang).get(key);
            let value = value.as_deref().unwrap_or_default();
            if value.trim().is_empty() {
                let (l, c) = locate_label(lang, key);
                diags.push(
                    Diagnostic::error(shown, text, l, c, format!("`labels.{lang}.{key}` is empty"))
                        .with_hint(
                            "give the label a text, or leave the key out to keep the theme's",
                        ),
                );
            } else if let Some(theme_label) = &theme_label {
                // A slot the theme fills in other labels (`{n}` where this one has no
                // number) would reach readers as written; other braces are the owner's text.
                for slot in placeholders(value)
                    .filter(|p| !theme_label.contains(p) && theme_slots().contains(*p))
                {
                    let (l, c) = locate_label(lang, key);
                    let hint = match placeholders(theme_label).next() {
                        Some(_) => format!(
                            "the theme's label is `{theme_label}`: use only its `{{…}}`, or write the braces' text out"
                        ),
                        None => format!(
                            "the theme's label (`{theme_label}`) has no number or name to fill in: write the text out"
                        ),
                    };
                    diags.push(
                        Diagnostic::error(
                            shown,
                            text,
                            l,
                            c,
                            format!("`labels.{lang}.{key}` has `{slot}`, which the theme does not fill in"),
                        )
                        .with_hint(hint),
                    );
                }
                // A number or a name the label is made with, which it would not show.
                for slot in placeholders(theme_label).filter(|p| !value.contains(p)) {
                    let (l, c) = locate_label(lang, key);
                    diags.push(
                        Diagnostic::error(
                            shown,
                            text,
                            l,
                            c,
                            format!("`labels.{lang}.{key}` has no `{slot}`, where the theme puts a number or a name"),
                        )
                        .with_hint(format!("write `{slot}` where it goes, as in the theme's label: `{theme_label}`")),
                    );
                }
            }
            if theme_label.is_none() {
                let (l, c) = locate_label(lang, key);
                let closest = crate::labels::LABEL_KEYS
                    .iter()
                    .min_by(|a, b| strsim::levenshtein(a, key).cmp(&strsim::levenshtein(b, key)))
                    .unwrap_or(&"home");
                diags.push(
                    Diagnostic::error(
                        shown,
                        text,
                        l,
                        c,
                        format!("`labels.{lang}.{key}` is not a label of the theme"),
                    )
                    .with_hint(format!(
                        "did you mean `{closest}`? docs/customizing.md lists every label key"
                    )),
                );
            }
        }
    }
    for (what, url) in [("repository", &raw.repository), ("logo", &raw.logo)] {
        if url.as_deref().is_some_and(|u| u.trim().is_empty()) {
            let (l, c) = locate(what);
            diags.push(
                Diagnostic::error(shown, text, l, c, format!("`{what}` is empty"))
                    .with_hint("give a URL, or leave the key out"),
            );
        }
    }
    // Links every page carries: web addresses, or (logo, menu) paths within the site;
    // never `javascript:` or `data:`.
    let links = [
        ("repository", raw.repository.as_deref(), false),
        ("logo", raw.logo.as_deref(), true),
    ]
    .into_iter()
    .chain(raw.nav.iter().map(|n| ("nav", Some(n.url.as_str()), true)));
    for (what, url, path_allowed) in links {
        let Some(url) = url.filter(|u| !u.trim().is_empty()) else {
            continue;
        };
        if let Some(problem) = link_problem(url.trim(), path_allowed) {
            let (l, c) = if what == "nav" {
                locate_in(what, url)
            } else {
                locate_value(what)
            };
            diags.push(
                Diagnostic::error(shown, text, l, c, format!("`{what}`: `{url}` {problem}"))
                    .with_hint(if path_allowed {
                        "write an http:// or https:// address, or a path within the site such as `about/`"
                    } else {
                        "write an http:// or https:// address, e.g. https://github.com/you/digest"
                    }),
            );
        }
    }
    if let Some(cname) = raw
        .cname
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        && !is_host_name(cname)
    {
        let (l, c) = locate_value("cname");
        diags.push(
            Diagnostic::error(shown, text, l, c, format!("`cname` `{cname}` is not a domain name"))
                .with_hint("GitHub Pages reads a bare domain from CNAME: write `cname: digest.example.org`, without https:// or a path"),
        );
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let output_dir = root.join(raw.output_dir.unwrap_or_else(|| "public".to_string()));
    Ok(SiteConfig {
        root: root.to_path_buf(),
        title: raw.title,
        description: raw.description,
        base_url,
        base_path,
        languages,
        source_language,
        theme,
        per_page,
        output_dir,
        cname: raw.cname.filter(|c| !c.trim().is_empty()),
        unsafe_html: raw.unsafe_html,
        author: raw.author,
        search: raw.search.unwrap_or(true),
        logo: raw.logo,
        nav: raw.nav,
        labels: raw
            .labels
            .0
            .into_iter()
            .map(|(lang, labels)| {
                let labels = labels
                    .0
                    .into_iter()
                    .map(|(key, value)| (key, value.unwrap_or_default()))
                    .collect();
                (lang, labels)
            })
            .collect(),
        footer: raw.footer,
        repository: raw.repository,
        warnings,
    })
}

/// Where `key` is first written as a key at or after `from` (a whole word followed by
/// `:`).
fn find_key(text: &str, from: usize, key: &str) -> Option<usize> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    text[from..]
        .match_indices(key)
        .map(|(at, _)| from + at)
        .find(|&at| {
            let before = text[..at].chars().next_back();
            let after = text[at + key.len()..].trim_start_matches([' ', '"', '\'']);
            !before.is_some_and(is_word) && after.starts_with(':')
        })
}

/// Every `{…}` the theme fills in some label (`{n}`, `{d}`, `{papers}`, …).
fn theme_slots() -> &'static std::collections::BTreeSet<String> {
    static SLOTS: std::sync::OnceLock<std::collections::BTreeSet<String>> =
        std::sync::OnceLock::new();
    SLOTS.get_or_init(|| {
        ["zh", "en"]
            .iter()
            .flat_map(|lang| {
                let labels = crate::labels::labels_for(lang);
                crate::labels::LABEL_KEYS
                    .iter()
                    .filter_map(|key| labels.get(key))
                    .flat_map(|label| placeholders(&label).map(str::to_string).collect::<Vec<_>>())
                    .collect::<Vec<_>>()
            })
            .collect()
    })
}

/// The `{…}` slots of a label, which the theme fills in (`{n}`, `{d}`).
fn placeholders(label: &str) -> impl Iterator<Item = &str> {
    label.match_indices('{').filter_map(|(start, _)| {
        let end = label[start..].find('}')?;
        Some(&label[start..=start + end])
    })
}

/// What is wrong with a link of `site.yaml`, if anything: not a web address as a paper's
/// links must be ([`crate::validate::check_link`]), unless `path_allowed` and it is a path.
fn link_problem(url: &str, path_allowed: bool) -> Option<&'static str> {
    let is_path = matches!(
        url::Url::parse(url),
        Err(url::ParseError::RelativeUrlWithoutBase)
    );
    if path_allowed && is_path {
        // Written after the site's path as it is: `../about/` would leave the site's
        // folder (`/repo/../about/` is `/about/`), which the check of the site's files
        // cannot see.
        let segments = url.split(['?', '#']).next().unwrap_or_default();
        if segments.split(['/', '\\']).any(|s| s == "." || s == "..") {
            return Some("has a `.` or `..` segment: paths of the site are written from its root");
        }
        return None;
    }
    crate::validate::check_link(url, false)
        .err()
        .map(|_| "is not an http:// or https:// address")
}

/// A domain name as CNAME holds it: labels of ASCII letters, digits and `-`, dot-separated.
fn is_host_name(name: &str) -> bool {
    name.len() <= 253
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

/// The language code meant by `code` when it is a country's code that is no language's
/// (ISO 639) but is often written for one: `cn` for Chinese, `jp` for Japanese. `zh-cn`
/// and `en-us` are fine (the country after the language); a country's code that is a
/// language's too (`tw` is Twi, `se` Northern Sami) is taken as written.
pub(crate) fn meant_language(code: &str) -> Option<String> {
    const COUNTRIES: &[(&str, &str)] = &[
        ("cn", "zh"),
        ("hk", "zh-HK"),
        ("jp", "ja"),
        ("cz", "cs"),
        ("dk", "da"),
        ("gr", "el"),
        ("ua", "uk"),
        ("vn", "vi"),
        ("us", "en"),
        ("gb", "en"),
    ];
    let (primary, rest) = code.split_at(code.find(['-', '_']).unwrap_or(code.len()));
    COUNTRIES
        .iter()
        .find(|(country, _)| primary.eq_ignore_ascii_case(country))
        .map(|(_, language)| match rest {
            // `cn-TW`: the language, and the region written.
            "" => language.to_string(),
            rest => format!(
                "{}-{}",
                language.split('-').next().unwrap_or(language),
                &rest[1..]
            ),
        })
}

fn is_language_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 12
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Whether `input` can be a site's `base_url` (what is wrong with it, if not): for the
/// command line's `--base-url`, checked before anything is read.
pub fn check_base_url(input: &str) -> Result<(), String> {
    normalize_base_url(input).map(|_| ())
}

/// Checks an absolute http(s) base URL; returns it with a trailing `/` and its path.
pub(crate) fn normalize_base_url(input: &str) -> Result<(String, String), String> {
    let parsed = url::Url::parse(input.trim())
        .map_err(|e| format!("`{input}` is not a valid absolute URL ({e})"))?;
    if parsed.scheme() != "http" && parsed.scheme() != "https" {
        return Err(format!(
            "base_url `{input}` must start with http:// or https://"
        ));
    }
    // Every link of the site is this address and a path: a query or a fragment would end
    // up in the middle of them, a user name and password in every page.
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(format!(
            "base_url `{input}` has a query (`?`) or a fragment (`#`); the site's address ends with its path"
        ));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(format!(
            "base_url `{input}` holds a user name or password, which every page would publish"
        ));
    }
    // Links are written as the path and what follows: a path with an empty segment
    // (`https://e.org//x/`) would make them begin with `//`, which a browser reads as the
    // address of another host (`//x/assets/site.js`).
    if parsed.path().contains("//") {
        return Err(format!(
            "base_url `{input}` has an empty segment (`//`) in its path: every link would begin with `//`, which a browser reads as another host"
        ));
    }
    // The address of a page (`…/repo/index.html`) is not the site's: every link would
    // go below it (`…/index.html/assets/…`).
    let last = parsed.path().rsplit('/').next().unwrap_or_default();
    if let Some((_, extension)) = last.rsplit_once('.')
        && ["html", "htm", "xhtml", "php", "xml"].contains(&extension.to_ascii_lowercase().as_str())
    {
        return Err(format!(
            "base_url `{input}` is the address of a page (`{last}`); the site's address is the folder it is in"
        ));
    }
    let mut url = parsed.to_string();
    if !url.ends_with('/') {
        url.push('/');
    }
    let mut path = parsed.path().to_string();
    if !path.ends_with('/') {
        path.push('/');
    }
    Ok((url, path))
}

/// A warning when `cname` names another host than `base_url` (as given, or by
/// `--base-url`): the pages would be built for the one and served from the other, every
/// link and stylesheet missing.
pub(crate) fn cname_warning(config: &SiteConfig) -> Option<Diagnostic> {
    let cname = config.cname.as_deref()?.trim().trim_end_matches('.');
    let host = url::Url::parse(&config.base_url)
        .ok()?
        .host_str()?
        .to_ascii_lowercase();
    if host == cname.to_ascii_lowercase() {
        return None;
    }
    Some(
        Diagnostic::file_warning(
            Path::new(CONFIG_FILE),
            format!(
                "`cname` is {cname}, but the site is built for {host} (`base_url` {})",
                config.base_url
            ),
        )
        .with_hint(format!(
            "served from {cname}, its links would lead nowhere: set `base_url: https://{cname}/` (the Pages workflow builds with the address Pages gives, once the custom domain is set there)"
        )),
    )
}

/// A warning when the site is built for `http://` on `github.io`, which GitHub Pages serves
/// over HTTPS only: every canonical link, feed entry and sitemap address would be a
/// redirect.
pub(crate) fn github_http_warning(config: &SiteConfig) -> Option<Diagnostic> {
    let url = url::Url::parse(&config.base_url).ok()?;
    let host = url.host_str()?.to_ascii_lowercase();
    if url.scheme() != "http" || !(host == "github.io" || host.ends_with(".github.io")) {
        return None;
    }
    Some(
        Diagnostic::file_warning(
            Path::new(CONFIG_FILE),
            format!(
                "the site is built for {}, but GitHub Pages serves {host} over HTTPS only",
                config.base_url
            ),
        )
        .with_hint(format!(
            "use `https://` in `base_url` (or `--base-url`): https://{host}{}",
            url.path()
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_path_becomes_prefix() {
        let (url, path) = normalize_base_url("https://user.github.io/repo").unwrap();
        assert_eq!(url, "https://user.github.io/repo/");
        assert_eq!(path, "/repo/");
        assert!(normalize_base_url("javascript:alert(1)").is_err());
        assert!(normalize_base_url("/repo/").is_err());
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_text() {
        let config = parse_config(
            Path::new("."),
            Path::new("site.yaml"),
            "\u{feff}title: T\nper_page: 3\n",
        )
        .unwrap_or_else(|d| panic!("{}", d.render(false)));
        assert_eq!(config.per_page, 3);
        assert_eq!(config.title, BilingualText::Plain("T".into()));
    }

    #[test]
    fn unknown_key_names_closest() {
        let err = parse_config(
            Path::new("."),
            Path::new("site.yaml"),
            "title: T\nper_pag: 3\n",
        )
        .unwrap_err();
        let d = &err.list[0];
        assert_eq!((d.line, d.column), (2, 1));
        assert!(d.hint.as_deref().unwrap().contains("`per_page`"));
    }

    /// A key missing from the whole file is said at its first key, not at its last one,
    /// which is no more wrong than the others.
    #[test]
    fn a_missing_title_is_said_at_the_first_key() {
        let err = parse_config(
            Path::new("."),
            Path::new("site.yaml"),
            "# my digest\n\nbase_url: https://u.github.io/repo/\nper_page: 50\noutput_dir: public\n",
        )
        .unwrap_err();
        let d = &err.list[0];
        assert_eq!(d.message, "missing field `title`");
        assert_eq!((d.line, d.column), (3, 1));
    }

    fn refused(yaml: &str) -> String {
        let text = format!("title: T\n{yaml}");
        parse_config(Path::new("."), Path::new("site.yaml"), &text)
            .map(|_| panic!("accepted: {yaml}"))
            .unwrap_err()
            .render(false)
    }

    /// Settings that would publish something broken or unsafe on every page, or lose
    /// texts, are refused at their key.
    #[test]
    fn settings_that_would_break_every_page_are_refused() {
        for (yaml, says) in [
            ("languages: [en, en]\n", "`en` is listed twice"),
            (
                "languages: [zh, EN]\n",
                "`EN`: language codes are written in lower case",
            ),
            ("source_language: fr\n", "not one of `languages` (zh, en)"),
            ("base_url: 'https://e.com/x/?q=1'\n", "has a query"),
            ("base_url: 'https://e.com/x/#top'\n", "a fragment"),
            ("base_url: 'https://e.com//'\n", "an empty segment (`//`)"),
            (
                "base_url: 'https://u.github.io//evil.example/'\n",
                "an empty segment (`//`)",
            ),
            (
                "base_url: 'https://u.github.io/repo/index.html'\n",
                "is the address of a page (`index.html`)",
            ),
            (
                "base_url: 'https://me:pw@e.com/x/'\n",
                "user name or password",
            ),
            (
                "repository: 'javascript:alert(2)'\n",
                "`repository`: `javascript:alert(2)` is not an http",
            ),
            ("repository: github.com/you/x\n", "is not an http"),
            (
                "nav: [{label: x, url: 'javascript:alert(3)'}]\n",
                "`nav`: `javascript:alert(3)`",
            ),
            ("logo: 'data:image/svg+xml,<svg/>'\n", "`logo`: `data:"),
            (
                "logo: ../logo.svg\n",
                "`logo`: `../logo.svg` has a `.` or `..` segment",
            ),
            (
                "nav: [{label: x, url: ../about/}]\n",
                "`nav`: `../about/` has a `.` or `..` segment",
            ),
            ("cname: 'https://x.org/path'\n", "is not a domain name"),
            ("cname: 'a b'\n", "is not a domain name"),
            // Texts under a code the site does not show, which no page would show.
            (
                "footer: { cn: 本站由课题组维护。, en: Kept }\n",
                "site.yaml:2:11\n",
            ),
            (
                "description:\n  EN: Daily papers\n",
                "`description.EN`: `EN` is not one of the site's languages (zh, en)",
            ),
            (
                "nav:\n  - label: { en: About }\n    url: about/\n  - label: { fr: A }\n    url: b/\n",
                "`nav[1].label.fr`: `fr` is not one",
            ),
            (
                "nav: [{label: '', url: about/}]\n",
                "`nav[0].label` is empty",
            ),
            // A label written as null is empty, not the word "null" or "~".
            ("labels: { en: { feed: ~ } }\n", "`labels.en.feed` is empty"),
            (
                "labels: { zh: { feed: null } }\n",
                "`labels.zh.feed` is empty",
            ),
            // A slot the theme does not fill would be shown as written.
            (
                "labels: { en: { tags: 'Tags {n}' } }\n",
                "`labels.en.tags` has `{n}`, which the theme does not fill in",
            ),
            (
                "labels: { en: { home: 'Home {n}' } }\n",
                "`labels.en.home` has `{n}`",
            ),
        ] {
            let shown = refused(yaml);
            assert!(shown.contains(says), "{yaml}: {shown}");
            assert!(shown.contains("site.yaml:"), "{yaml}: located: {shown}");
        }
        // What is fine stays fine: paths within the site, web addresses, a domain.
        let config = parse_config(
            Path::new("."),
            Path::new("site.yaml"),
            "title: T\nlogo: logo.svg\nnav: [{label: x, url: about/}, {label: y, url: 'https://arxiv.org/'}]\n\
             repository: https://github.com/you/x\ncname: digest.example.org\n",
        )
        .unwrap_or_else(|d| panic!("{}", d.render(false)));
        assert_eq!(config.cname.as_deref(), Some("digest.example.org"));
        // Braces the theme fills nowhere are the owner's text.
        let config = parse_config(
            Path::new("."),
            Path::new("site.yaml"),
            "title: T\nlabels: { en: { home: 'Home {beta}' } }\n",
        )
        .unwrap_or_else(|d| panic!("{}", d.render(false)));
        assert_eq!(config.labels["en"]["home"], "Home {beta}");
        // The example of a text in the site's languages names those.
        let shown = parse_config(
            Path::new("."),
            Path::new("site.yaml"),
            "title: { zh: 标题, en: T }\nlanguages: [en]\n",
        )
        .unwrap_err()
        .render(false);
        assert!(shown.contains("e.g. `title: { en: … }`"), "{shown}");
    }

    /// `cname` and `base_url` naming different hosts is a warning (the pages would be
    /// built for the one and served from the other); the same host, in any case, is not.
    #[test]
    fn a_cname_that_is_not_the_base_urls_host_is_a_warning() {
        let config = |yaml: &str| {
            parse_config(Path::new("."), Path::new("site.yaml"), yaml)
                .unwrap_or_else(|d| panic!("{}", d.render(false)))
        };
        let warned = cname_warning(&config(
            "title: T\nbase_url: https://you.github.io/x/\ncname: digest.example.org\n",
        ))
        .expect("a warning");
        assert_eq!(
            warned.message,
            "`cname` is digest.example.org, but the site is built for you.github.io (`base_url` https://you.github.io/x/)"
        );
        assert!(
            warned
                .hint
                .unwrap()
                .contains("base_url: https://digest.example.org/")
        );
        for fine in [
            "title: T\nbase_url: https://Digest.Example.org/\ncname: digest.example.org\n",
            "title: T\nbase_url: https://you.github.io/x/\n",
        ] {
            assert!(cname_warning(&config(fine)).is_none(), "{fine}");
        }
    }

    /// `http://` on github.io, which Pages serves over HTTPS only, is a warning; HTTPS, or
    /// another host, is not.
    #[test]
    fn http_on_github_io_is_a_warning() {
        let config = |yaml: &str| {
            parse_config(Path::new("."), Path::new("site.yaml"), yaml)
                .unwrap_or_else(|d| panic!("{}", d.render(false)))
        };
        let warned = github_http_warning(&config("title: T\nbase_url: http://you.github.io/x/\n"))
            .expect("a warning");
        assert!(
            warned.message.contains("over HTTPS only"),
            "{}",
            warned.message
        );
        assert!(warned.hint.unwrap().contains("https://you.github.io/x/"));
        for fine in [
            "title: T\nbase_url: https://you.github.io/x/\n",
            "title: T\nbase_url: http://example.org/\n",
            "title: T\nbase_url: http://notgithub.io/\n",
        ] {
            assert!(github_http_warning(&config(fine)).is_none(), "{fine}");
        }
    }

    /// Labels that would be lost or show nothing are refused where they are written: a
    /// language the site does not have, an empty label, one without the number it shows.
    #[test]
    fn labels_that_would_be_lost_or_empty_are_refused_at_their_key() {
        let shown = refused(
            "labels:\n  cn: { home: 论文总览 }\n  zh: { paper_count: 没有数字, home: '' }\n  en: { hom: X, page_n: 'Page {n}' }\n",
        );
        for (says, at) in [
            (
                "`labels.cn`: `cn` is not one of the site's languages (zh, en)",
                "site.yaml:3:3",
            ),
            ("`labels.zh.paper_count` has no `{n}`", "site.yaml:4:9"),
            ("`labels.zh.home` is empty", "site.yaml:4:28"),
            (
                "`labels.en.hom` is not a label of the theme",
                "site.yaml:5:9",
            ),
        ] {
            let error = shown
                .split("\n\n")
                .find(|e| e.contains(says))
                .unwrap_or_else(|| panic!("{says}: {shown}"));
            assert!(error.contains(at), "{says} at {at}: {error}");
        }
        assert!(shown.contains("4 errors"), "{shown}");
        assert!(
            shown.contains("as in the theme's label: `共 {n} 篇论文`"),
            "{shown}"
        );
    }

    /// A variant of a language the theme has labels in (`zh-CN`) takes the English labels,
    /// which the build warns of at the code; `en-US`, whose labels are English anyway, not.
    #[test]
    fn a_variant_of_a_language_of_the_theme_is_warned_of() {
        let config = |languages: &str| {
            let text = format!("title: T\nlanguages: {languages}\n");
            parse_config(Path::new("."), Path::new("site.yaml"), &text).unwrap()
        };
        let warned = config("[zh-CN, en]").warnings.render(false);
        assert!(warned.contains("site.yaml:2:13"), "{warned}");
        assert!(
            warned.contains("`zh-CN` has no interface labels"),
            "{warned}"
        );
        assert!(warned.contains("write `zh` in `languages`"), "{warned}");
        assert!(config("[zh, en-US]").warnings.is_empty());
        assert!(
            config("[zh-Hant, en]\nlabels: { zh-Hant: { home: 首頁 } }")
                .warnings
                .is_empty()
        );
    }

    /// A country's code written for a language (`cn` for Chinese) is refused with the code
    /// meant: pages said `lang="cn"`, which is no language, and the interface was English.
    /// A language the theme has no labels of (`ja`) is taken, as are region subtags.
    #[test]
    fn a_country_code_for_a_language_is_refused_with_the_code_meant() {
        for (languages, at, says, hint) in [
            (
                "[cn, en]",
                "site.yaml:2:13",
                "`cn` is a country's code",
                "did you mean `zh`?",
            ),
            (
                "[zh, JP]",
                "site.yaml:2:17",
                "`JP` is a country's code",
                "did you mean `ja`?",
            ),
            (
                "[cn-TW, en]",
                "site.yaml:2:13",
                "`cn-TW` is a country's code",
                "did you mean `zh-TW`?",
            ),
        ] {
            let shown = refused(&format!("languages: {languages}\n"));
            assert!(
                shown.contains(at) && shown.contains(says) && shown.contains(hint),
                "{languages}: {shown}"
            );
            assert!(shown.contains("1 error"), "one error only: {shown}");
        }
        for fine in ["[zh, ja]", "[zh-cn, en-us]", "[en, tw]"] {
            let text = format!("title: T\nlanguages: {fine}\n");
            assert!(
                parse_config(Path::new("."), Path::new("site.yaml"), &text).is_ok(),
                "{fine}"
            );
        }
    }

    /// A language or a label given twice is an error at the repetition: serde's maps kept
    /// the last, and lost a whole block of labels without a word.
    #[test]
    fn labels_given_twice_are_refused_at_the_repetition() {
        for (labels, says, at) in [
            (
                "labels:\n  zh: { home: 论文总览 }\n  zh: { digests: 期 }\n",
                "labels: duplicate field `zh`",
                "site.yaml:4:3",
            ),
            (
                "labels:\n  en: { home: Overview, home: Again }\n",
                "labels.en: duplicate field `home`",
                "site.yaml:3:25",
            ),
        ] {
            let shown = refused(labels);
            assert!(
                shown.contains(says) && shown.contains(at),
                "{says} at {at}: {shown}"
            );
        }
    }

    /// Plain-string texts are in English by default, or in the site's first language when
    /// English is not one of its languages (they would show nowhere otherwise).
    #[test]
    fn plain_texts_are_in_a_language_the_site_shows() {
        let source = |yaml: &str| {
            parse_config(
                Path::new("."),
                Path::new("site.yaml"),
                &format!("title: T\n{yaml}"),
            )
            .unwrap()
            .source_language
        };
        assert_eq!(source(""), "en");
        assert_eq!(source("languages: [zh, en]\n"), "en");
        assert_eq!(source("languages: [zh]\n"), "zh");
        assert_eq!(source("languages: [zh, en]\nsource_language: zh\n"), "zh");
    }

    #[test]
    fn an_empty_site_yaml_and_a_missing_title_say_what_to_write() {
        for text in ["", "# only a comment\n", "\u{feff}\n\n"] {
            let shown = parse_config(Path::new("."), Path::new("site.yaml"), text)
                .unwrap_err()
                .render(false);
            assert!(
                shown.contains("site.yaml holds no settings") && shown.contains("title:"),
                "{shown}"
            );
        }
        let missing = parse_config(
            Path::new("."),
            Path::new("site.yaml"),
            "base_url: https://x.org/\n",
        )
        .unwrap_err()
        .render(false);
        assert!(
            missing.contains("missing field `title`")
                && missing.contains("add the field to site.yaml"),
            "{missing}"
        );
    }

    /// A byte that is not UTF-8 is placed at its line and column, with the line shown.
    #[test]
    fn a_site_yaml_that_is_not_utf8_is_placed_at_its_byte() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(CONFIG_FILE),
            b"base_url: https://x.org/\ntitle: \"Caf\xe9\"\n",
        )
        .unwrap();
        let errors = load_config(dir.path()).unwrap_err();
        let d = errors.iter().next().unwrap();
        assert_eq!((d.line, d.column), (2, 12), "{d:?}");
        assert!(d.source_line.starts_with("title: \"Caf"), "{d:?}");
    }
}
