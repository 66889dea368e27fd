//! Every real arXiv file in `shared/corpus/arxiv-feeds/`: imported with the right fields,
//! or refused with the message that says why. A refused file writes nothing. Without the
//! shared folder the tests of those files are skipped.

use std::collections::BTreeMap;
use std::path::Path;

use super::*;

use digest_core::Diagnostics;
use digest_core::frontmatter::PaperFrontMatter;
use digest_core::import::{FeedKind, ImportOptions, SourceKind};

/// What each file must give: a number of papers of a kind, or an error containing a text.
enum Expected {
    Papers(FeedKind, usize),
    Refused(&'static str),
}

fn expected() -> BTreeMap<&'static str, Expected> {
    use Expected::*;
    use FeedKind::*;
    BTreeMap::from([
        (
            "api-new_ai-weekly-radar_2026-07_cat-cs.AI-OR-cs.LG_50.xml",
            Papers(Api, 50),
        ),
        (
            "api-new_arxiv-digest_2026-07_all-nicotine_10.xml",
            Papers(Api, 10),
        ),
        (
            "api-new_arxivpy_2026-04_id_list-0000.0000_EMPTY.body.xml",
            Refused("the arXiv API response holds no papers (totalResults 0)"),
        ),
        (
            "api-new_arxivpy_2026-04_id_list-0000.0000_EMPTY.json",
            Refused("this JSON is neither cn-chat-arxiv nor daily-arXiv-ai-enhanced records"),
        ),
        ("api-new_haitun_2026-07_all-BIPV_3.xml", Papers(Api, 3)),
        (
            "api-new_python-fundamentals_2025-11_all-electron_10.xml",
            Papers(Api, 10),
        ),
        (
            "api-old_arxivpy_2016-10_au-del_maestro-AND-ti-quantum-criticality_2.xml",
            Papers(Api, 2),
        ),
        (
            "api-old_arxivpy_2016-10_au-del_maestro_10.xml",
            Papers(Api, 10),
        ),
        (
            "api-old_arxivpy_2016-10_id_list-1111.2011v2_1.xml",
            Papers(Api, 1),
        ),
        (
            "api-old_xiv_2025-10_cat-cs.RO-AND-neural_2.xml",
            Papers(Api, 2),
        ),
        (
            "atom-announce_cs.AI_2025-08-20_trimmed_7.xml",
            Papers(AnnounceAtom, 7),
        ),
        (
            "rss2_ERROR_bad-archive-astroph_2024-11-28.xml",
            Refused("arXiv answered with an error feed: Bad archive 'astroph'."),
        ),
        (
            "rss2_cs.AI_2026-04-27_trimmed_3.xml",
            Papers(AnnounceRss, 3),
        ),
        (
            "rss2_cs.CL_2026-08-01_weekend-EMPTY_0.xml",
            Refused(
                "the announcement feed holds no papers (cs.CL updates on arXiv.org, Sat, 01 Aug 2026 00:00:00 -0400)",
            ),
        ),
        (
            "rss2_cs.LG_2026-04-27_trimmed_3.xml",
            Papers(AnnounceRss, 3),
        ),
        (
            "rss2_stat_2024-03-26_full_123.xml",
            Papers(AnnounceRss, 123),
        ),
    ])
}

/// Imports the feed `name` of `feeds` into a fresh site; returns the site and the papers
/// written, in order.
fn import_feed(feeds: &Path, name: &str) -> (SiteTest, Vec<PaperFrontMatter>) {
    let site = empty_site();
    let plan = site
        .import(&feeds.join(name), &ImportOptions::default())
        .unwrap_or_else(|d| panic!("{name} imports:\n{d}"));
    let papers = plan
        .files
        .iter()
        .map(|f| {
            let id = f.path.file_stem().unwrap().to_str().unwrap();
            site.read_paper(id).front
        })
        .collect();
    (site, papers)
}

fn refusal(site: &SiteTest, feeds: &Path, name: &str) -> Diagnostics {
    match site.plan_import(&feeds.join(name), &ImportOptions::default()) {
        Ok(p) => panic!(
            "{name} should be refused, but plans {} files",
            p.files.len()
        ),
        Err(d) => d,
    }
}

#[test]
fn every_corpus_file_is_imported_or_refused_with_its_message() {
    let Some(feeds) = feeds_dir() else { return };
    let expected = expected();
    let mut names: Vec<String> = std::fs::read_dir(&feeds)
        .expect("the feed corpus beside the repository")
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n != "SOURCES.md")
        .collect();
    names.sort();
    let listed: Vec<&str> = expected.keys().copied().collect();
    assert_eq!(names, listed, "every corpus file has an expected outcome");

    let site = empty_site();
    for (name, outcome) in &expected {
        match outcome {
            Expected::Papers(kind, count) => {
                let plan = site
                    .plan_import(&feeds.join(name), &ImportOptions::default())
                    .unwrap_or_else(|d| panic!("{name}:\n{d}"));
                assert_eq!(
                    plan.sources,
                    [(SourceKind::Feed(*kind).describe(), 1)],
                    "{name}"
                );
                assert_eq!(plan.files.len(), *count, "{name}");
                assert!(
                    plan.files
                        .iter()
                        .all(|f| f.path.starts_with("content/papers"))
                );
            }
            Expected::Refused(message) => {
                let diags = refusal(&site, &feeds, name);
                let first = diags.iter().next().expect("a diagnostic");
                assert!(first.message.contains(message), "{name}: {}", first.message);
                assert!(first.hint.is_some(), "{name}: a refusal says what to do");
            }
        }
    }
    // Nothing was written by planning or by refusals.
    assert_eq!(snapshot(site.root()).len(), 1, "only site.yaml");
}

#[test]
fn refusals_point_at_the_place_in_the_file() {
    let Some(feeds) = feeds_dir() else { return };
    let site = empty_site();
    let weekend = refusal(&site, &feeds, "rss2_cs.CL_2026-08-01_weekend-EMPTY_0.xml");
    let d = weekend.iter().next().unwrap();
    assert_eq!((d.line, d.column), (3, 3), "the <channel> element");
    assert!(d.hint.as_deref().unwrap().contains("Saturdays, Sundays"));
    let error = refusal(
        &site,
        &feeds,
        "rss2_ERROR_bad-archive-astroph_2024-11-28.xml",
    );
    let d = error.iter().next().unwrap();
    assert_eq!(d.line, 4, "the error channel's <title>");
    assert!(d.hint.as_deref().unwrap().contains("not an empty day"));
    let json = refusal(
        &site,
        &feeds,
        "api-new_arxivpy_2026-04_id_list-0000.0000_EMPTY.json",
    );
    assert!(
        json.iter()
            .next()
            .unwrap()
            .hint
            .as_deref()
            .unwrap()
            .contains("`body`")
    );
}

#[test]
fn truncated_feeds_are_refused_with_a_position_and_nothing_is_written() {
    let Some(feeds) = feeds_dir() else { return };
    let whole = std::fs::read_to_string(feeds.join("rss2_cs.AI_2026-04-27_trimmed_3.xml")).unwrap();
    let site = empty_site();
    // Cut between elements, and in the middle of a tag.
    let between = whole.find("</item>").unwrap() + "</item>".len();
    let inside = whole.rfind("<category").unwrap() + 4;
    for cut in [between, inside] {
        let truncated = site.root().join("truncated.xml");
        std::fs::write(&truncated, &whole[..cut]).unwrap();
        let diags = site
            .plan_import(&truncated, &ImportOptions::default())
            .unwrap_err();
        let d = diags.iter().next().unwrap();
        assert!(d.line > 1 && d.column >= 1, "{d}");
        assert!(
            d.message.contains("truncated") || d.message.contains("malformed"),
            "{}",
            d.message
        );
        std::fs::remove_file(&truncated).unwrap();
    }
    assert_eq!(snapshot(site.root()).len(), 1);
}

#[test]
fn api_entry_fields_old_serializer() {
    let Some(feeds) = feeds_dir() else { return };
    let (_site, papers) = import_feed(&feeds, "api-old_arxivpy_2016-10_id_list-1111.2011v2_1.xml");
    let p = &papers[0];
    assert_eq!(p.id, "1111.2011");
    assert_eq!(
        p.title.get("en"),
        Some(
            "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit"
        )
    );
    assert_eq!(
        p.authors,
        ["James M. Murray", "Adrian Del Maestro", "Zlatko Tesanovic"]
    );
    assert_eq!(p.url.as_deref(), Some("https://arxiv.org/abs/1111.2011"));
    assert_eq!(p.date.as_deref(), Some("2011-11-08"));
    let a = p.arxiv.as_ref().unwrap();
    assert_eq!((a.id.as_str(), a.version), ("1111.2011", Some(2)));
    assert_eq!(a.categories, ["cond-mat.str-el", "cond-mat.stat-mech"]);
    assert_eq!(a.doi.as_deref(), Some("10.1103/PhysRevB.85.115117"));
    assert_eq!(
        a.journal_ref.as_deref(),
        Some("Phys. Rev. B 85, 115117 (2012)")
    );
    assert_eq!(
        a.comment.as_deref(),
        Some("8 pages, 3 figures. Published version")
    );
    assert_eq!(
        (a.published.as_deref(), a.updated.as_deref()),
        (Some("2011-11-08"), Some("2012-04-02"))
    );
    assert_eq!(a.announce, None);
    let en = p.abstract_text.get("en").unwrap();
    assert!(en.starts_with("Theoretical description of anisotropic systems, such as layered superconductors and coupled spin chains"), "{en}");
    assert!(en.ends_with(
        "similar to adding a single extra dimension to the theory describing a single node."
    ));
    assert!(
        !en.contains('\n') && !en.contains("  "),
        "hard wraps are joined: {en}"
    );
}

#[test]
fn api_entry_fields_new_serializer_and_old_style_ids() {
    let Some(feeds) = feeds_dir() else { return };
    let (site, papers) = import_feed(
        &feeds,
        "api-new_python-fundamentals_2025-11_all-electron_10.xml",
    );
    let p = &papers[0];
    assert_eq!(p.id, "cond-mat-0011267");
    assert!(
        site.root()
            .join("content/papers/cond-mat-0011267.md")
            .is_file()
    );
    let a = p.arxiv.as_ref().unwrap();
    assert_eq!((a.id.as_str(), a.version), ("cond-mat/0011267", Some(1)));
    assert_eq!(
        p.url.as_deref(),
        Some("https://arxiv.org/abs/cond-mat/0011267")
    );
    assert_eq!(a.categories, ["cond-mat.supr-con", "cond-mat.str-el"]);
    assert_eq!(
        a.journal_ref.as_deref(),
        Some("J. Electron Spectr. Relat. Phenom. 117-118, 203 (2001)")
    );
    assert!(
        p.abstract_text
            .get("en")
            .unwrap()
            .contains("Cu-O network (1D->2D)")
    );
    assert_eq!(
        papers
            .iter()
            .filter(|p| p.arxiv.as_ref().unwrap().doi.is_some())
            .count(),
        4
    );
    assert_eq!(
        papers
            .iter()
            .filter(|p| p.arxiv.as_ref().unwrap().journal_ref.is_some())
            .count(),
        10
    );
    assert_eq!(
        papers
            .iter()
            .filter(|p| p.arxiv.as_ref().unwrap().comment.is_some())
            .count(),
        9
    );
    let (_site, nicotine) = import_feed(&feeds, "api-new_arxiv-digest_2026-07_all-nicotine_10.xml");
    assert_eq!(
        nicotine
            .iter()
            .filter(|p| p.arxiv.as_ref().unwrap().doi.is_some())
            .count(),
        3
    );
    assert!(nicotine.iter().any(|p| p.id == "q-bio-0509018"));
}

#[test]
fn latex_in_feeds_is_kept_exactly() {
    let Some(feeds) = feeds_dir() else { return };
    let (_site, papers) = import_feed(
        &feeds,
        "api-new_ai-weekly-radar_2026-07_cat-cs.AI-OR-cs.LG_50.xml",
    );
    let raw = std::fs::read_to_string(
        feeds.join("api-new_ai-weekly-radar_2026-07_cat-cs.AI-OR-cs.LG_50.xml"),
    )
    .unwrap();
    let with_latex: Vec<&PaperFrontMatter> = papers
        .iter()
        .filter(|p| p.abstract_text.get("en").unwrap().contains('\\'))
        .collect();
    assert!(!with_latex.is_empty());
    assert!(
        papers
            .iter()
            .any(|p| p.title.get("en").unwrap().contains(" -- ")),
        "`--` in titles is kept"
    );
    for p in with_latex {
        let en = p.abstract_text.get("en").unwrap();
        // The new serializer writes one line; apart from XML escapes the text is the same.
        let escaped = en
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        assert!(raw.contains(&escaped), "{}: abstract not verbatim", p.id);
    }
}

#[test]
fn rss_items_fields() {
    let Some(feeds) = feeds_dir() else { return };
    let (_site, papers) = import_feed(&feeds, "rss2_stat_2024-03-26_full_123.xml");
    let mut announce: BTreeMap<String, usize> = BTreeMap::new();
    for p in &papers {
        *announce
            .entry(p.arxiv.as_ref().unwrap().announce.clone().unwrap())
            .or_default() += 1;
        // Early-2024 items have no <pubDate>: the channel's date is the announcement date.
        assert_eq!(p.date.as_deref(), Some("2024-03-26"), "{}", p.id);
    }
    assert_eq!(
        announce,
        BTreeMap::from([
            ("cross".into(), 27),
            ("new".into(), 35),
            ("replace".into(), 41),
            ("replace-cross".into(), 20)
        ])
    );
    let p = papers.iter().find(|p| p.id == "2304.04712").unwrap();
    let a = p.arxiv.as_ref().unwrap();
    assert_eq!(
        (a.version, a.announce.as_deref()),
        (Some(2), Some("replace"))
    );
    assert_eq!(a.doi.as_deref(), Some("10.1007/s00180-023-01445-2"));
    assert_eq!(
        a.journal_ref.as_deref(),
        Some("Computational Statistics, 2024")
    );
    assert_eq!(p.authors[2], "Eduardo Garc\\'ia-Portugu\\'es");
    assert!(
        p.abstract_text
            .get("en")
            .unwrap()
            .starts_with("A goodness-of-fit test for the Functional Linear Model")
    );
    let rr = papers.iter().find(|p| {
        p.abstract_text
            .get("en")
            .unwrap()
            .contains("$M \\in \\RR^{d_1\\times d_2}$")
    });
    assert!(rr.is_some(), "an unknown macro is kept as written");
    assert!(
        papers
            .iter()
            .any(|p| p.title.get("en") == Some("Optimal convex $M$-estimation via score matching")),
        "math in titles is kept as written"
    );

    let (_site, ai) = import_feed(&feeds, "rss2_cs.AI_2026-04-27_trimmed_3.xml");
    let p = &ai[1];
    assert_eq!(p.id, "2604.21936");
    assert_eq!(p.date.as_deref(), Some("2026-04-27"));
    assert_eq!(
        p.arxiv.as_ref().unwrap().categories,
        ["cs.AI", "cs.CV", "cs.MA"]
    );
    assert_eq!(p.authors.len(), 18);
    assert_eq!(
        p.authors.last().map(String::as_str),
        Some("Bennett A. Landman")
    );
    assert!(
        p.abstract_text
            .get("en")
            .unwrap()
            .contains("\\textbf{adaptability}")
    );
    assert!(
        p.abstract_text
            .get("en")
            .unwrap()
            .starts_with("Medical imaging research")
    );
}

#[test]
fn atom_announcement_entries_fields() {
    let Some(feeds) = feeds_dir() else { return };
    let (_site, papers) = import_feed(&feeds, "atom-announce_cs.AI_2025-08-20_trimmed_7.xml");
    let p = &papers[0];
    assert_eq!(p.id, "2508.13426");
    assert_eq!(
        p.title.get("en"),
        Some(
            "ALIGN: Word Association Learning for Cross-Cultural Generalization in Large Language Models"
        )
    );
    let a = p.arxiv.as_ref().unwrap();
    assert_eq!((a.version, a.announce.as_deref()), (Some(1), Some("cross")));
    assert_eq!(a.categories, ["cs.CL", "cs.AI"]);
    assert_eq!(p.date.as_deref(), Some("2025-08-20"));
    assert_eq!(
        p.authors,
        ["Chunhua Liu", "Kabir Manandhar Shrestha", "Sukai Huang"]
    );
    assert!(
        p.abstract_text
            .get("en")
            .unwrap()
            .starts_with("As large language models (LLMs) increasingly mediate")
    );
    let kinds: Vec<&str> = papers
        .iter()
        .map(|p| p.arxiv.as_ref().unwrap().announce.as_deref().unwrap())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "new").count(), 2);
    assert_eq!(kinds.iter().filter(|k| **k == "cross").count(), 5);
}

#[test]
fn all_importable_feeds_together_make_a_site_that_builds() {
    let Some(feeds) = feeds_dir() else { return };
    let site = empty_site();
    for (name, outcome) in expected() {
        if let Expected::Papers(..) = outcome {
            site.import(&feeds.join(name), &ImportOptions::default())
                .unwrap_or_else(|d| panic!("{name}:\n{d}"));
        }
    }
    // The same papers come in several API answers (del Maestro's); they are merged.
    let report = site.build().report;
    assert!(report.papers > 200, "{}", report.papers);
}

#[test]
fn xml_that_is_not_an_arxiv_feed_is_refused() {
    let site = empty_site();
    let page = site.root().join("page.xml");
    std::fs::write(
        &page,
        "<?xml version='1.0'?>\n<html><body>Not found</body></html>\n",
    )
    .unwrap();
    let diags = site
        .plan_import(&page, &ImportOptions::default())
        .unwrap_err();
    let d = diags.iter().next().unwrap();
    assert_eq!((d.line, d.column), (2, 1));
    assert!(
        d.message.starts_with("`<html>` is not an arXiv feed"),
        "{}",
        d.message
    );
}

#[test]
fn an_api_error_entry_is_refused_with_arxivs_words() {
    let site = empty_site();
    let answer = site.root().join("error.xml");
    std::fs::write(
        &answer,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  \
         <title type=\"html\">ArXiv Query: search_query=&amp;id_list=1234.12345</title>\n  <entry>\n    \
         <id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345</id>\n    <title>Error</title>\n    \
         <summary>incorrect id format for 1234.12345</summary>\n  </entry>\n</feed>\n",
    )
    .unwrap();
    let diags = site
        .plan_import(&answer, &ImportOptions::default())
        .unwrap_err();
    let d = diags.iter().next().unwrap();
    assert_eq!(
        d.message,
        "the arXiv API answered with an error: incorrect id format for 1234.12345"
    );
    assert_eq!((d.line, d.column), (4, 3));
}

/// An RSS feed whose dates another tool rewrote: an RFC 3339 or bare date is read, one
/// that is no date is refused at its line (the papers would otherwise go undated without
/// a word), and nothing is written.
#[test]
fn a_feed_date_is_read_in_either_form_or_refused_where_it_is() {
    let feed = |date: &str| {
        format!(
            "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>cs.AI updates</title>\n\
             <item><title>A paper</title><link>https://arxiv.org/abs/2604.00001</link>\n\
             <description>arXiv:2604.00001v1 Announce Type: new \nAbstract: Words.</description>\n\
             <pubDate>{date}</pubDate></item>\n</channel></rss>\n"
        )
    };
    for (date, dated) in [
        ("Mon, 27 Apr 2026 00:00:00 -0400", "2026-04-27"),
        ("2026-04-27T00:00:00Z", "2026-04-27"),
        ("2026-04-27", "2026-04-27"),
    ] {
        let site = empty_site();
        let input = site.root().join("cs.AI.xml");
        std::fs::write(&input, feed(date)).unwrap();
        site.import(&input, &ImportOptions::default()).unwrap();
        let paper = site.read_paper("2604.00001").front;
        assert_eq!(paper.date.as_deref(), Some(dated), "{date}");
    }
    for date in ["garbage", "Mon, 31 Feb 2026 00:00:00 -0400"] {
        let site = empty_site();
        let input = site.root().join("cs.AI.xml");
        std::fs::write(&input, feed(date)).unwrap();
        let errors = site.import(&input, &ImportOptions::default()).unwrap_err();
        let error = errors.iter().next().unwrap();
        assert_eq!(located(&site, error), "cs.AI.xml:6:1", "{date}");
        assert!(
            error.message.contains("which is not a date"),
            "{}",
            error.message
        );
        assert!(!site.root().join("content/papers/2604.00001.md").exists());
    }
}
