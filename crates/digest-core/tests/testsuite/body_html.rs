//! What a Markdown body puts on its page: the same body in a paper, a digest and a free
//! page, built into a whole site and read back as parsed HTML.

use crate::site_test::{Page, SITE_YAML, SiteTest, paper};
use scraper::Selector;

/// The pages that show the body of [`site_with_body`].
const BODY_PAGES: [&str; 3] = [
    "papers/x/index.html",
    "digests/d/index.html",
    "about/index.html",
];

/// A site with `body` (ending in a newline) in a paper, a digest and a free page.
fn site_with_body(site_yaml: &str, body: &str) -> SiteTest {
    SiteTest::new(&format!(
        "-- site.yaml --\n{SITE_YAML}{site_yaml}\
         -- content/papers/x.md --\n{}{body}\
         -- content/digests/d.md --\n---\ntitle: D\npapers: [x]\n---\n{body}\
         -- content/pages/about.md --\n---\ntitle: About\n---\n{body}",
        paper("x", "X", "2024-01-01")
    ))
}

/// Every attribute named `on…` (an event handler) anywhere on the page, as `tag attr`.
fn event_handlers(page: &Page) -> Vec<String> {
    let all = Selector::parse("*").unwrap();
    page.0
        .select(&all)
        .flat_map(|e| {
            e.value()
                .attrs()
                .filter(|(name, _)| name.to_ascii_lowercase().starts_with("on"))
                .map(move |(name, _)| format!("{} {name}", e.value().name()))
        })
        .collect()
}

#[test]
fn heading_attributes_and_raw_html_carry_no_script() {
    let site = site_with_body(
        "",
        "# Focus {tabindex=1 autofocus=autofocus onfocus=alert(7)}\n\n\
         ## Kept {#kept .note}\n\n\
         Raw <img src=x onerror=alert(1)> and <script>alert(2)</script>.\n",
    );
    let built = site.build();
    for path in BODY_PAGES {
        let page = built.html(path);
        assert_eq!(event_handlers(&page), Vec::<String>::new(), "{path}");
        assert_eq!(page.count(".body script"), 0, "{path}");
        assert_eq!(page.count(".body img"), 0, "{path}");
        // The heading keeps its text and its id, and loses every other attribute.
        assert_eq!(page.text(".body h1#focus"), "Focus", "{path}");
        assert_eq!(
            page.count(".body h1[tabindex], .body h1[autofocus]"),
            0,
            "{path}"
        );
        assert_eq!(page.text(".body h2#kept.note"), "Kept", "{path}");
        // Raw HTML is shown as text.
        assert!(
            page.text(".body p")
                .contains("<img src=x onerror=alert(1)>"),
            "{path}"
        );
    }
}

#[test]
fn unsafe_html_lets_the_owners_html_through_verbatim() {
    let site = site_with_body(
        "unsafe_html: true\n",
        "# Focus {tabindex=1 data-x=y}\n\n<div class=\"own\" onclick=\"go()\"><mark>kept</mark></div>\n",
    );
    let built = site.build();
    for path in BODY_PAGES {
        let page = built.html(path);
        assert_eq!(page.text(".body div.own mark"), "kept", "{path}");
        assert_eq!(page.attrs(".body div.own", "onclick"), ["go()"], "{path}");
        assert_eq!(page.attrs(".body h1#focus", "data-x"), ["y"], "{path}");
    }
}

#[test]
fn nul_in_a_body_becomes_the_replacement_character() {
    let site = site_with_body("", "Before\0after and `co\0de`.\n");
    let built = site.build();
    // Every text output (the search index's `.bin` term files are binary by design).
    let texts = built
        .snapshot()
        .into_iter()
        .filter(|(p, _)| !p.ends_with(".bin"));
    for (path, bytes) in texts {
        assert!(!bytes.contains(&0), "{path} has a NUL");
    }
    for path in BODY_PAGES {
        let page = built.html(path);
        let text = page.text(".body p");
        assert!(text.contains("Before\u{fffd}after"), "{path}: {text:?}");
        assert_eq!(page.text(".body code"), "co\u{fffd}de", "{path}");
    }
}

#[test]
fn nul_in_a_title_reaches_no_page() {
    // A YAML escape is the one way to put a NUL in front matter: refused at its place,
    // whichever reading of the front matter reads the file.
    let site = SiteTest::new(&format!(
        "-- site.yaml --\n{SITE_YAML}-- content/papers/x.md --\n{}",
        paper("x", "Tit\\0le", "2024-01-01")
    ));
    let errors = site.build_err();
    let found: Vec<_> = errors.iter().map(|d| (d.line, d.message.clone())).collect();
    assert_eq!(
        found,
        [(
            4,
            "`\\0…` in double quotes is the control character U+0000, which is not allowed here"
                .to_string()
        )]
    );
    assert!(!site.output_dir().exists());
}

#[test]
fn email_autolinks_are_mailto_links() {
    let site = site_with_body("", "Write to <jane@example.org>.\n");
    let built = site.build();
    for path in BODY_PAGES {
        let page = built.html(path);
        assert_eq!(
            page.attrs(".body a", "href"),
            ["mailto:jane@example.org"],
            "{path}"
        );
        assert_eq!(page.text(".body a"), "jane@example.org", "{path}");
    }
}

/// The ids the theme gives elements: on every page of the tiny fixture site (each kind of
/// page, with a digest's rows and category groups, the digest list's months and the
/// statistics' charts), and in the scripts that add elements (the search panel, the
/// keys' help).
fn theme_ids() -> Vec<String> {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny");
    let site = SiteTest::copy_of(&fixture);
    let built = site.build();
    let any_id = Selector::parse("[id]").unwrap();
    let mut ids = Vec::new();
    for (path, bytes) in crate::site_test::snapshot_dir(&built.out) {
        if path.ends_with(".html") {
            let page = scraper::Html::parse_document(&String::from_utf8_lossy(&bytes));
            ids.extend(
                page.select(&any_id)
                    .filter_map(|e| e.value().id().map(String::from)),
            );
        }
    }
    let scripts = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static");
    for entry in std::fs::read_dir(scripts).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "js") {
            let js = std::fs::read_to_string(&path).unwrap();
            for after in js.split("id: ").skip(1) {
                match after.strip_prefix('"') {
                    Some(quoted) => ids.push(quoted.split('"').next().unwrap().to_string()),
                    // An id made of a variable and a literal (`kind + "-switch-label"`):
                    // one such id, with a word for the variable.
                    None => {
                        let expression = after.split([',', '}']).next().unwrap();
                        if let Some(literal) = expression.split('"').nth(1) {
                            ids.push(format!("lang{literal}"));
                        }
                    }
                }
            }
        }
    }
    ids.sort();
    ids.dedup();
    ids
}

/// A body's heading or footnote whose id is one of the theme's gets another: the page has
/// each id once, and the theme's links and buttons (the Ref column, Copy BibTeX, the keys'
/// help) find their own elements.
#[test]
fn bodies_leave_the_themes_ids_to_the_theme() {
    let ids = theme_ids();
    for expected in [
        "main",
        "bibtex",
        "ref-1",
        "search-panel",
        "keys-help",
        "lang-switch-label",
    ] {
        assert!(ids.iter().any(|id| id == expected), "{expected} in {ids:?}");
    }
    let body: String = ids
        .iter()
        .map(|id| format!("## Heading {{#{id}}}\n\nSee[^{id}].\n\n[^{id}]: A note.\n\n"))
        .collect();
    let site = site_with_body("", &body);
    let built = site.build();
    let any_id = Selector::parse("[id]").unwrap();
    for path in BODY_PAGES {
        let page = built.html(path);
        let mut on_page: Vec<&str> = page
            .0
            .select(&any_id)
            .filter_map(|e| e.value().id())
            .collect();
        // Renamed: `h-` (or `fn-`) in front, and a number after where that is the
        // theme's too (`h-lang-switch-label-1`).
        for id in &ids {
            for prefix in ["h-", "fn-"] {
                let renamed = format!("{prefix}{id}");
                assert!(
                    on_page.iter().any(|on| on
                        .strip_prefix(renamed.as_str())
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with('-'))),
                    "{path}: {renamed}"
                );
            }
        }
        on_page.sort_unstable();
        let twice: Vec<&&str> = on_page
            .windows(2)
            .filter(|w| w[0] == w[1])
            .map(|w| &w[0])
            .collect();
        assert!(twice.is_empty(), "{path}: ids given twice: {twice:?}");
    }
}
