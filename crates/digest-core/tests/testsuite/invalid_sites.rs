//! Invalid fixture sites (`tests/fixtures/invalid/<case>/`): each must fail `check` and
//! `build` with exactly the diagnostics pinned in `snapshots/invalid_sites/<case>.snap`.

use std::path::Path;

use crate::site_test::SiteTest;

fn diagnostics_of(case: &str) -> String {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/invalid")
        .join(case);
    assert!(fixture.is_dir(), "no fixture {case}");
    let site = SiteTest::copy_of(&fixture);
    let checked = site.check().expect_err("check must fail");
    let built = site.build_err();
    assert_eq!(checked, built, "check and build disagree for {case}");
    assert!(
        !site.output_dir().exists(),
        "{case}: a failed build wrote output"
    );
    built.render(false)
}

/// Snapshots of this module are named after the case alone, in a folder of their own.
fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/invalid_sites");
    settings.set_prepend_module_to_snapshot(false);
    settings
}

macro_rules! invalid_case {
    ($($name:ident),* $(,)?) => {$(
        #[test]
        fn $name() {
            snapshot_settings().bind(|| {
                insta::assert_snapshot!(diagnostics_of(stringify!($name)));
            });
        }
    )*};
}

invalid_case!(
    yaml_syntax,
    wrong_type,
    missing_id,
    unknown_field,
    duplicate_id,
    dangling_reference,
    bad_date,
    bad_url,
    empty_front_matter,
    unterminated_front_matter,
    no_front_matter,
    unknown_language,
    bad_id,
    long_id,
    site_unknown_key,
    invalid_utf8,
    many_errors,
    broken_link,
    reserved_page,
    site_bom_many_errors,
    nul_byte,
    case_collision,
    all_field_errors,
    tag_column,
    latex_escape,
    category_without_letters,
);

/// A digest listing thousands of ids no paper has: every one is reported, each at its own
/// line and column (finding them must not take a scan of the file per id).
#[test]
fn every_missing_id_of_a_long_digest_is_reported_at_its_entry() {
    const N: usize = 5_000;
    let site = SiteTest::new(
        "-- site.yaml --\ntitle: T\n-- content/papers/a.md --\n---\nid: a\ntitle: { en: A }\n---\n",
    );
    let id = |i: usize| format!("2401.{i:05}");
    // Block style, quoted and not; then a flow list over several lines.
    let mut block = String::from("---\npapers:\n  - a\n");
    let mut flow = String::from("---\npapers: [a,\n");
    for i in 0..N {
        if i % 2 == 0 {
            block.push_str(&format!("  - \"{}\"\n", id(i)));
        } else {
            block.push_str(&format!("  - {}  # comment\n", id(i)));
        }
        flow.push_str(&format!("  {}, \"{}\",\n", id(i), id(i)));
    }
    block.push_str("---\n");
    flow.push_str("]\n---\n");
    site.write("content/digests/block.md", &block);
    site.write("content/digests/flow.md", &flow);

    let diags = site.check().expect_err("check must fail");
    let of = |file: &str| -> Vec<_> {
        diags
            .iter()
            .filter(|d| d.path.ends_with(file))
            .map(|d| (d.line, d.column, d.message.clone()))
            .collect()
    };
    let expected: Vec<_> = (0..N)
        .map(|i| {
            let column = if i % 2 == 0 { 6 } else { 5 };
            (4 + i, column, format!("no paper has the id `{}`", id(i)))
        })
        .collect();
    assert_eq!(of("block.md"), expected);
    let expected: Vec<_> = (0..N)
        .flat_map(|i| {
            let column = 3 + id(i).len() + 3;
            [
                (3 + i, 3, format!("no paper has the id `{}`", id(i))),
                (
                    3 + i,
                    column,
                    format!("paper `{}` is listed twice in this digest", id(i)),
                ),
            ]
        })
        .collect();
    assert_eq!(of("flow.md"), expected);
    assert_eq!(diags.len(), 3 * N, "nothing else is reported");
    // Each diagnostic shows its own line.
    let d = diags.iter().find(|d| d.line == 4 + 7).unwrap();
    assert_eq!(d.source_line, format!("  - {}  # comment", id(7)));
}

/// A field that does not read gets one error, at its place: not also "the title is
/// empty" for the value left out.
#[test]
fn a_title_that_does_not_read_is_one_error() {
    for title in ["123", "{ en: T, en: U }"] {
        let site = SiteTest::new(&format!(
            "-- site.yaml --\ntitle: T\n-- content/papers/x1.md --\n---\nid: x1\ntitle: {title}\n---\n"
        ));
        let errors = site.check().expect_err("refused");
        let messages: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 1, "{title}: {messages:?}");
        assert!(messages[0].starts_with("title: "), "{title}: {messages:?}");
    }
}

/// A digest or a category called `index.html` would be a folder where the site writes the
/// list of digests or of categories: both are refused at their places, by `check` as by
/// `build` (which wrote a broken site, or failed on a file it could not write).
#[test]
fn a_digest_or_category_in_the_place_of_a_list_is_refused() {
    let site = SiteTest::new(
        "-- site.yaml --\ntitle: T\n\
         -- content/papers/a.md --\n---\nid: '2401.00001'\ntitle: { en: A }\narxiv:\n  id: '2401.00001'\n  categories: [cs.CL, Index.html]\n---\n\
         -- content/digests/index.html.md --\n---\ndate: 2024-01-02\npapers: ['2401.00001']\n---\n",
    );
    let checked = site.check().expect_err("check must fail");
    let built = site.build_err();
    assert_eq!(checked, built);
    assert!(!site.output_dir().exists(), "nothing is built");
    let found: Vec<_> = built
        .iter()
        .map(|d| {
            let file = d.path.file_name().unwrap().to_string_lossy().into_owned();
            (file, d.line, d.message.clone())
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "index.html.md".to_string(),
                0,
                "a digest cannot be called `index.html`".to_string()
            ),
            (
                "a.md".to_string(),
                6,
                "a category cannot be called `Index.html`: categories/index.html is the site's list of categories".to_string()
            ),
        ]
    );
}

/// An entry written as a file's name or path (`a.md`, `papers/a.md`) is pointed at the
/// paper's id; the hint no longer says that an id is a file's name (a file's name is free,
/// its `id:` names the paper).
#[test]
fn an_entry_written_as_a_file_is_pointed_at_the_id() {
    let site = SiteTest::new(
        "-- site.yaml --\ntitle: T\n\
         -- content/papers/any-name.md --\n---\nid: a\ntitle: { en: A }\n---\n\
         -- content/digests/d.md --\n---\ndate: 2024-01-02\npapers: [a.md, papers/a.md, b.md]\n---\n",
    );
    let errors = site.check().expect_err("refused");
    let hints: Vec<_> = errors.iter().map(|d| d.hint.clone().unwrap()).collect();
    assert_eq!(
        hints,
        [
            "did you mean `a`? an entry is a paper's id (the `id:` of its file), without `.md`",
            "did you mean `a`? an entry is a paper's id (the `id:` of its file), not a file's path",
            "an entry is a paper's id (the `id:` of its file), without `.md`: write `b`, and add a paper with that id (`digest-site new b`)",
        ]
    );
}

/// An author entry without a name (a `-` line left alone, `""`, spaces) is an error at the
/// entry, as an empty tag is: the page listed `Alice, , Bob` and BibTeX `Alice and  and Bob`.
#[test]
fn an_author_without_a_name_is_refused_at_its_entry() {
    let site = SiteTest::new(
        "-- site.yaml --\ntitle: T\n\
         -- content/papers/a.md --\n---\nid: a\ntitle: { en: A }\nauthors:\n  - Alice\n  -\n  - Bob\n  - \"\"\n---\n\
         -- content/papers/b.md --\n---\nid: b\ntitle: { en: B }\nauthors: [Carol, \" \", Dan]\n---\n",
    );
    let errors = site.check().expect_err("refused");
    assert_eq!(errors, site.build_err(), "build refuses what check does");
    let found: Vec<_> = errors
        .iter()
        .map(|d| {
            let file = d.path.file_name().unwrap().to_string_lossy().into_owned();
            (file, d.line, d.column, d.message.clone())
        })
        .collect();
    assert_eq!(
        found,
        [
            // Where the name goes: after the `-`, inside the quotes.
            ("a.md".to_string(), 6, 4, "author 2 has no name".to_string()),
            ("a.md".to_string(), 8, 6, "author 4 has no name".to_string()),
            (
                "b.md".to_string(),
                4,
                19,
                "author 2 has no name".to_string()
            ),
        ]
    );
    assert_eq!(
        errors.iter().next().unwrap().hint.as_deref(),
        Some("write the author's name, or remove the entry")
    );
}

/// A text keyed by a country's code (`cn:` for the site's `zh`) is told the code meant.
#[test]
fn a_text_keyed_by_a_country_code_is_told_the_language_code() {
    let site = SiteTest::new(
        "-- site.yaml --\ntitle: T\nlanguages: [zh, en]\n\
         -- content/papers/a.md --\n---\nid: a\ntitle: { cn: 注意力, en: Attention }\n---\n",
    );
    let errors = site.check().expect_err("refused");
    let d = errors.iter().next().unwrap();
    assert_eq!((d.line, d.column), (3, 10));
    assert_eq!(d.message, "`cn` is not a language of this site");
    assert_eq!(
        d.hint.as_deref(),
        Some("did you mean `zh`? the site's languages (site.yaml `languages`) are: zh, en")
    );
}

/// A link to a content file, as Zola writes one (`@/papers/q.md`) or as an editor
/// completes one (`q.md`), is told the address of that file's page: a paper's is named by
/// its id, not by its file's name.
#[test]
fn a_link_to_a_content_file_is_told_its_page() {
    let site = SiteTest::new(
        "-- site.yaml --\ntitle: T\n\
         -- content/papers/p.md --\n---\nid: p\ntitle: { en: P }\n---\nSee [q](@/papers/q.md), [q](q.md#method), [about](../pages/about.md) and [r](r.md).\n\
         -- content/papers/q.md --\n---\nid: q2\ntitle: { en: Q }\n---\n\
         -- content/pages/about.md --\n---\ntitle: { en: About }\n---\nHello.\n",
    );
    let errors = site.check().expect_err("refused");
    let hints: Vec<_> = errors
        .iter()
        .map(|d| {
            (
                d.line,
                d.column,
                d.hint.clone().unwrap_or_default().into_owned(),
            )
        })
        .collect();
    let page = "(site links start with `/`, and the base URL's path is added)";
    assert_eq!(
        hints,
        [
            (5, 5, format!("`@/papers/q.md` is the file of the paper `q2`: link its page, `/papers/q2/` {page}")),
            (5, 25, format!("`q.md#method` is the file of the paper `q2`: link its page, `/papers/q2/#method` {page}")),
            (5, 43, format!("`../pages/about.md` is the file of the page `about`: link its page, `/about/` {page}")),
            (5, 74, "site links start with `/` (the base URL's path is added) or are relative to the page; check the spelling".to_string()),
        ]
    );
}
