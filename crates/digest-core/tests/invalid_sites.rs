//! Invalid fixture sites (`tests/fixtures/invalid/<case>/`): each must fail `check` and
//! `build` with exactly the diagnostics pinned in `tests/snapshots/`.

mod common;

use std::path::Path;

use common::TestSite;

fn diagnostics_of(case: &str) -> String {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/invalid")
        .join(case);
    assert!(fixture.is_dir(), "no fixture {case}");
    let site = TestSite::copy_of(&fixture);
    let checked = site.check().expect_err("check must fail");
    let built = site.build_err();
    assert_eq!(checked, built, "check and build disagree for {case}");
    assert!(
        !site.output_dir().exists(),
        "{case}: a failed build wrote output"
    );
    built.render(false)
}

macro_rules! invalid_case {
    ($($name:ident),* $(,)?) => {$(
        #[test]
        fn $name() {
            insta::assert_snapshot!(diagnostics_of(stringify!($name)));
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
    site_unknown_key,
    invalid_utf8,
    many_errors,
    broken_link,
    reserved_page,
);
