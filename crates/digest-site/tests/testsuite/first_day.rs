//! A user's first day, end to end through the binary: `init` → `import` (one digest, the
//! digests of several categories of one day, a folder, a git history) → `build` → `export`,
//! with nothing dropped and nothing written twice.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use scraper::{Html, Selector};

use crate::SUITE;
use crate::site_test::{SiteTest, stderr};

/// A paper of a test digest: its id and texts.
struct Entry {
    id: &'static str,
    title: &'static str,
}

impl Entry {
    fn zh_title(&self) -> String {
        format!("中文标题 {}", self.id)
    }
}

const A: Entry = Entry {
    id: "2404.00001",
    title: "Attention for Robots",
};
const B: Entry = Entry {
    id: "2404.00002",
    title: "Language Models Read Tables",
};
const C: Entry = Entry {
    id: "2404.00003",
    title: "Sparse Vision Transformers",
};
const D: Entry = Entry {
    id: "2404.00004",
    title: "Graph Diffusion at Scale",
};
const E: Entry = Entry {
    id: "2404.00005",
    title: "Robust Speech from Noise",
};
const F: Entry = Entry {
    id: "2404.00006",
    title: "Federated Tables",
};
const G: Entry = Entry {
    id: "2404.00007",
    title: "Graphs of Thought",
};

/// A digest in the seed's Markdown form (summary table, then details), as cn-chat-arxiv
/// writes its `<category>.md`.
fn digest(entries: &[&Entry]) -> String {
    let mut out = String::from("# 摘要\n\n| Ref | Title | Summary |\n| --- | --- | --- |\n");
    for (n, e) in entries.iter().enumerate() {
        out += &format!(
            "| [^{}] | [{}](https://arxiv.org/abs/{}) | 一句话总结 {}。 |\n",
            n + 1,
            e.title,
            e.id,
            e.id
        );
    }
    out += "\n# 详细\n\n";
    for (n, e) in entries.iter().enumerate() {
        let link = format!("https://arxiv.org/abs/{}", e.id);
        out += &format!(
            "[^{}]: {}\n\n    {}\n\n    [{link}]({link})\n\n    一句话总结 {}。\n\n    \n\n    中文摘要 {}。\n\n    arXiv:{}v1 Announce Type: new  Abstract: The English abstract of {}.\n    \n",
            n + 1,
            e.zh_title(),
            e.title,
            e.id,
            e.id,
            e.id,
            e.id
        );
    }
    out
}

/// A site made by `init`, with its example content.
fn initialized() -> SiteTest {
    let site = SiteTest::empty();
    let out = site.run(&["init"]);
    assert!(out.status.success(), "{}", stderr(&out));
    site
}

fn digest_papers(site: &SiteTest, slug: &str) -> Vec<String> {
    let path = site.path(&format!("content/digests/{slug}.md"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let front = text.split("---\n").nth(1).expect("front matter");
    let value: yaml_serde::Value = yaml_serde::from_str(front).expect("YAML");
    value["papers"]
        .as_sequence()
        .expect("papers")
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

fn digest_slugs(site: &SiteTest) -> Vec<String> {
    let mut slugs: Vec<String> = std::fs::read_dir(site.path("content/digests"))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    slugs.sort();
    slugs
}

/// The arXiv ids a built digest page lists in its table, in order.
fn listed_on_page(site: &SiteTest, slug: &str) -> Vec<String> {
    let page = std::fs::read_to_string(site.path(&format!("public/digests/{slug}/index.html")))
        .expect("the digest page is built");
    let html = Html::parse_document(&page);
    let rows = Selector::parse("table.paper-table tbody td.title > a").unwrap();
    html.select(&rows)
        .filter_map(|a| a.value().attr("href"))
        .map(|href| {
            href.trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap()
                .to_string()
        })
        .collect()
}

/// Every file under `dir` with its bytes and modification time.
fn state(dir: &Path) -> Vec<(PathBuf, Vec<u8>, SystemTime)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
                e.metadata().unwrap().modified().unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn init_then_the_seed_gives_seven_papers_in_one_digest_that_builds_and_exports_as_the_seed() {
    let Some(seed) = SUITE.shared_path("seeds/000_e6d854fc55a81dd5.txt") else {
        return;
    };
    let site = initialized();
    let sample = digest_slugs(&site);
    assert_eq!(sample.len(), 1, "{sample:?}");
    // Dated today, as init's example digest is: the two must stay apart.
    let out = site.run(&["import", seed.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    // One warning: nothing in the file's name dates it, so it is dated today.
    assert_eq!(
        stderr(&out).matches("warning").count(),
        1,
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("neither the file's name nor its folders hold a date"),
        "{}",
        stderr(&out)
    );
    let slugs = digest_slugs(&site);
    assert_eq!(slugs.len(), 2, "{slugs:?}");
    let imported = slugs.iter().find(|s| !sample.contains(s)).unwrap();
    assert!(imported.ends_with("-000-e6d854fc55a81dd5"), "{imported}");
    let papers = digest_papers(&site, imported);
    assert_eq!(papers.len(), 7, "{papers:?}");
    assert_eq!(digest_papers(&site, &sample[0]), ["1706.03762"]);

    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(listed_on_page(&site, imported), papers);
    let out = site.run(&["export", "markdown", imported]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        std::fs::read_to_string(&seed).unwrap()
    );
}

#[test]
fn digests_of_one_day_in_different_categories_are_each_their_own_digest() {
    let site = initialized();
    site.write("in/cs.CL.md", &digest(&[&A, &B]));
    site.write("in/cs.AI.md", &digest(&[&B, &C]));
    // One at a time, both dated the same day (and the day of init's example).
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    for file in ["in/cs.CL.md", "in/cs.AI.md"] {
        let out = site.run(&["import", file, "--date", &today]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let cl = format!("{today}-cs-cl");
    let ai = format!("{today}-cs-ai");
    assert_eq!(digest_papers(&site, &cl), [A.id, B.id]);
    assert_eq!(digest_papers(&site, &ai), [B.id, C.id]);
    let title = std::fs::read_to_string(site.path(&format!("content/digests/{ai}.md"))).unwrap();
    assert!(
        title.contains(&format!("Paper digest {today} · cs.AI")),
        "{title}"
    );

    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(listed_on_page(&site, &cl), [A.id, B.id]);
    assert_eq!(listed_on_page(&site, &ai), [B.id, C.id]);
    assert_eq!(digest_slugs(&site).len(), 3, "the example digest is kept");

    // Importing a source again for its day updates its digest: a paper added to the
    // source joins it; nothing else changes.
    site.write("in/cs.AI.md", &digest(&[&B, &C, &D]));
    let out = site.run(&["import", "in/cs.AI.md", "--date", &today]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("update  content/digests/{ai}.md (added: papers)")),
        "{}",
        stderr(&out)
    );
    assert_eq!(digest_papers(&site, &ai), [B.id, C.id, D.id]);
    assert_eq!(digest_papers(&site, &cl), [A.id, B.id]);
}

#[test]
fn a_folder_of_digests_imports_at_once_and_twice_writes_nothing_the_second_time() {
    let site = initialized();
    site.write("archive/20240408T031037Z_cs.CL.md", &digest(&[&A, &B]));
    site.write("archive/20240408T031037Z_cs.AI.md", &digest(&[&B, &C]));
    site.write("archive/2024-04-09/cs.AI.md", &digest(&[&C, &D]));
    site.write(
        "archive/notes.png",
        "not imported: not a digest's extension",
    );

    let out = site.run(&["import", "archive", "--dry-run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("nothing written"), "{}", stderr(&out));

    let out = site.run(&["import", "archive"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(
            "Imported 3 Markdown digests: 7 files: 7 created, 0 updated, 0 replaced, 0 unchanged."
        ),
        "{err}"
    );
    assert_eq!(digest_papers(&site, "2024-04-08-cs-cl"), [A.id, B.id]);
    assert_eq!(digest_papers(&site, "2024-04-08-cs-ai"), [B.id, C.id]);
    // A file without a date takes its folder's.
    assert_eq!(digest_papers(&site, "2024-04-09-cs-ai"), [C.id, D.id]);

    let before = state(&site.path("content"));
    let out = site.run(&["import", "archive"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("7 files: 0 created, 0 updated, 0 replaced, 7 unchanged."),
        "{}",
        stderr(&out)
    );
    assert_eq!(state(&site.path("content")), before, "nothing was written");
}

/// `git` in `repo` with fixed identities and dates; panics when it fails.
fn git(repo: &Path, args: &[&str], date: Option<&str>) {
    let mut command = Command::new("git");
    command
        .current_dir(repo)
        .args([
            "-c",
            "user.name=Digest Bot",
            "-c",
            "user.email=bot@example.org",
        ])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE");
    if let Some(date) = date {
        command
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date);
    }
    let out = command.output().expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
}

/// A site made by `init` and an empty git repository `cn-chat-arxiv` in it; `None` without
/// git (a recorded skip; a failure in CI).
fn site_with_repository() -> Option<(SiteTest, std::path::PathBuf)> {
    SUITE.program_on_path("git", "install git (apt-get install git)")?;
    let site = initialized();
    let repo = site.path("cn-chat-arxiv");
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q"], None);
    Some((site, repo))
}

/// A day's version that links papers but cannot be read, replaced the same day by an empty
/// one: the import says the papers it links are not imported, rather than nothing.
#[test]
fn a_replaced_version_that_links_papers_it_cannot_read_is_said() {
    let Some((site, repo)) = site_with_repository() else {
        return;
    };
    std::fs::write(repo.join("cs.AI.md"), digest(&[&A])).unwrap();
    git(&repo, &["add", "-A"], None);
    git(
        &repo,
        &["commit", "-q", "-m", "1"],
        Some("2024-04-01T10:00:00+00:00"),
    );
    for (text, date) in [
        (
            "| [^1] | [broken](https://arxiv.org/abs/2404.00003 |\n",
            "2024-04-02T08:00:00+00:00",
        ),
        ("", "2024-04-02T20:00:00+00:00"),
    ] {
        std::fs::write(repo.join("cs.AI.md"), text).unwrap();
        git(&repo, &["commit", "-q", "-am", "day"], Some(date));
    }
    let out = site.run(&["import", "--git-history", "cn-chat-arxiv/cs.AI.md"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("replaced on 2024-04-02") && err.contains("cannot be read"),
        "{err}"
    );
}

/// A file renamed with new contents (a tool that renamed the file it rewrites): its history
/// in git starts at the rename, and the import says where the days before are.
#[test]
fn a_history_that_starts_at_a_rename_says_where_the_days_before_are() {
    let Some((site, repo)) = site_with_repository() else {
        return;
    };
    std::fs::write(repo.join("cs_AI.md"), digest(&[&A])).unwrap();
    git(&repo, &["add", "-A"], None);
    git(
        &repo,
        &["commit", "-q", "-m", "day 1"],
        Some("2024-03-01T10:00:00+00:00"),
    );
    std::fs::remove_file(repo.join("cs_AI.md")).unwrap();
    std::fs::write(repo.join("cs.AI.md"), digest(&[&B])).unwrap();
    git(&repo, &["add", "-A"], None);
    git(
        &repo,
        &["commit", "-q", "-m", "day 2"],
        Some("2024-03-02T10:00:00+00:00"),
    );
    let out = site.run(&["import", "--git-history", "cn-chat-arxiv/cs.AI.md"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("which deleted `cs_AI.md`")
            && err.contains("--git-history cn-chat-arxiv/cs_AI.md"),
        "{err}"
    );
    // The days before, from the old name's history.
    let out = site.run(&["import", "--git-history", "cn-chat-arxiv/cs_AI.md"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(site.path(&format!("content/papers/{}.md", A.id)).exists());
}

#[test]
fn a_git_history_becomes_one_digest_per_day_dated_by_its_commits() {
    let Some((site, repo)) = site_with_repository() else {
        return;
    };
    let versions: [(&str, Vec<&Entry>); 9] = [
        ("2024-04-08T09:00:00+00:00", vec![&A]),
        // Three versions on the 9th: the evening one replaced the morning ones (the
        // second's author time, after a rebase, is the latest of all: the commit order
        // decides). E and F, which only the morning's list, were published all the same:
        // they join the day.
        ("2024-04-09T07:00:00+00:00", vec![&A, &F]),
        ("2024-04-09T08:00:00+00:00", vec![&A, &E, &B]),
        ("2024-04-09T20:00:00+00:00", vec![&B, &C]),
        // 23:30 in New York is the 11th in UTC, but the 10th where it was written, the
        // day `git log` shows.
        ("2024-04-10T23:30:00-04:00", vec![&C, &D]),
        // A run that emptied the file at the end of the 11th: the morning's is the day's.
        ("2024-04-11T09:00:00+00:00", vec![&G]),
        ("2024-04-11T21:00:00+00:00", vec![]),
        ("2024-04-12T10:00:00+00:00", vec![&D]),
        // A day the tool wrote an empty file: no digest, a warning.
        ("2024-04-13T10:00:00+00:00", vec![]),
    ];
    for (date, entries) in &versions {
        let text = if entries.is_empty() {
            String::new()
        } else {
            digest(entries)
        };
        std::fs::write(repo.join("cs.AI.md"), text).unwrap();
        std::fs::write(repo.join("other.md"), date).unwrap();
        git(&repo, &["add", "-A"], None);
        if *date == "2024-04-09T08:00:00+00:00" {
            let rebased = "--date=2024-04-09T21:00:00+00:00";
            git(
                &repo,
                &["commit", "-q", "-m", "update", rebased],
                Some(date),
            );
        } else {
            git(&repo, &["commit", "-q", "-m", "update"], Some(date));
        }
    }
    // A commit that changes only another file is no version of this one.
    std::fs::write(repo.join("other.md"), "later").unwrap();
    git(
        &repo,
        &["commit", "-q", "-am", "other"],
        Some("2024-04-14T10:00:00+00:00"),
    );

    let out = site.run(&["import", "--git-history", "cn-chat-arxiv/cs.AI.md"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(
            "Imported 6 days of cs.AI.md (5 Markdown digests from 9 commits): 12 files: 12 created"
        ),
        "{err}"
    );
    for paper in ["2404.00005", "2404.00006"] {
        assert!(
            err.contains(&format!("and 1 of its papers are in no other version ({paper}): they are added to that day's digest")),
            "{err}"
        );
    }
    assert!(
        err.contains(
            "the last version of 2024-04-11 lists no papers: the version before it that does"
        ),
        "{err}"
    );
    assert!(
        err.contains("warning: this version lists no papers: 2024-04-13 gets no digest"),
        "{err}"
    );
    for (slug, papers) in [
        ("2024-04-08-cs-ai", vec![A.id]),
        ("2024-04-09-cs-ai", vec![B.id, C.id, E.id, F.id]),
        ("2024-04-10-cs-ai", vec![C.id, D.id]),
        ("2024-04-11-cs-ai", vec![G.id]),
        ("2024-04-12-cs-ai", vec![D.id]),
    ] {
        assert_eq!(digest_papers(&site, slug), papers, "{slug}");
    }
    let day = std::fs::read_to_string(site.path("content/digests/2024-04-10-cs-ai.md")).unwrap();
    assert!(day.contains("date: 2024-04-10"), "{day}");

    // The same history again: nothing written.
    let before = state(&site.path("content"));
    let out = site.run(&["import", "--git-history", "cn-chat-arxiv/cs.AI.md"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("0 created, 0 updated, 0 replaced, 12 unchanged"),
        "{}",
        stderr(&out)
    );
    assert_eq!(state(&site.path("content")), before, "nothing was written");
    // With --force, the history's own values again: the same files.
    let out = site.run(&[
        "import",
        "--force",
        "--git-history",
        "cn-chat-arxiv/cs.AI.md",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        state(&site.path("content")),
        before,
        "--force wrote the same"
    );

    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        listed_on_page(&site, "2024-04-09-cs-ai"),
        [B.id, C.id, E.id, F.id]
    );

    // A file git never saw, and one outside any repository: errors, nothing written.
    let out = site.run(&["import", "--git-history", "cn-chat-arxiv/never.md"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no commit of `never.md` was found"),
        "{}",
        stderr(&out)
    );
    site.write("loose/cs.AI.md", &digest(&[&A]));
    let out = site.run(&["import", "--git-history", "loose/cs.AI.md"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("the file is not in a git repository"),
        "{}",
        stderr(&out)
    );
    // A folder, not a file: said so (git's own words were shown).
    let out = site.run(&["import", "--git-history", "cn-chat-arxiv"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("--git-history takes one file"),
        "{}",
        stderr(&out)
    );
    assert_eq!(state(&site.path("content")), before);
}

/// A paper page of a Jekyll site in the manner of shiyibihua/arxiv-daily (written here, in
/// its shape).
fn jekyll_paper(id: &str, title: &str, extra_section: &str) -> String {
    format!(
        "---\nlayout: default\ntitle: {title}\n---\n\n# {title}\n\n<div class=\"paper-toolbar\">\n  <a href=\"https://arxiv.org/abs/{id}\" class=\"toolbar-btn\">📄 arXiv: {id}v2</a>\n  <a href=\"https://arxiv.org/pdf/{id}.pdf\" class=\"toolbar-btn\">📥 PDF</a>\n</div>\n\n**作者**: Ada Lovelace, Alan Turing\n\n**分类**: cs.AI cs.LG\n\n**发布日期**: 2025-06-05 (更新: 2025-07-04)\n\n**备注**: 10 pages, 1 figure\n\n---\n\n## 💡 一句话要点\n\n**提出{id}以**解决**一个问题**\n\n**关键词**: `农业` `智能`\n\n## 📋 核心要点\n\n1. 现有系统不足。\n\n## 📝 摘要（中文）\n\n中文摘要第一句。\n中文摘要第二句。\n\n{extra_section}## 📄 摘要（原文）\n\n> The English abstract of {id}.\n"
    )
}

#[test]
fn a_jekyll_site_imports_through_a_mapping_with_a_digest_per_dated_folder() {
    let site = initialized();
    let day = "old/docs/cs-AI/2025-06-05";
    site.write(
        &format!("{day}/index.md"),
        "---\nlayout: default\ntitle: cs.AI 2025-06-05\n---\n\n[a paper](./papers/x.html)\n",
    );
    site.write(
        &format!("{day}/papers/250604571v2-first.md"),
        &jekyll_paper("2506.04571", "First Paper", ""),
    );
    site.write(
        &format!("{day}/papers/250604594v1-second.md"),
        &jekyll_paper("2506.04594", "Second Paper", "## ⭐ 推荐指数\n\n五星\n\n"),
    );
    let mapping = test_support::repository_root().join("docs/mappings/shiyibihua-arxiv-daily.yaml");
    let mapping = mapping.to_str().unwrap();
    let out = site.run(&["import", "old/docs", "--mapping", mapping]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("Imported 2 mapped paper files: 3 files: 3 created"),
        "{err}"
    );
    // What the mapping does not place is said, for the file that has it.
    assert_eq!(err.matches("not placed by the mapping").count(), 1, "{err}");
    assert!(
        err.contains("not placed by the mapping: `推荐指数`"),
        "{err}"
    );
    assert!(err.contains("250604594v1-second.md:1:1"), "{err}");

    assert_eq!(
        digest_papers(&site, "2025-06-05-cs-ai"),
        ["2506.04571", "2506.04594"]
    );
    let paper = std::fs::read_to_string(site.path("content/papers/2506.04571.md")).unwrap();
    let front: yaml_serde::Value =
        yaml_serde::from_str(paper.split("---\n").nth(1).unwrap()).unwrap();
    assert_eq!(front["title"]["en"].as_str(), Some("First Paper"));
    assert_eq!(
        front["summary"]["zh"].as_str(),
        Some("提出2506.04571以解决一个问题")
    );
    assert_eq!(
        front["abstract"]["zh"].as_str(),
        Some("中文摘要第一句。\n中文摘要第二句。")
    );
    assert_eq!(
        front["abstract"]["en"].as_str(),
        Some("The English abstract of 2506.04571.")
    );
    assert_eq!(front["authors"][1].as_str(), Some("Alan Turing"));
    assert_eq!(front["date"].as_str(), Some("2025-06-05"));
    assert_eq!(front["arxiv"]["categories"][1].as_str(), Some("cs.LG"));
    assert_eq!(
        front["arxiv"]["comment"].as_str(),
        Some("10 pages, 1 figure")
    );

    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        listed_on_page(&site, "2025-06-05-cs-ai"),
        ["2506.04571", "2506.04594"]
    );
    let page = std::fs::read_to_string(site.path("public/papers/2506.04571/index.html")).unwrap();
    let text: String = Html::parse_document(&page).root_element().text().collect();
    assert!(
        text.contains("The English abstract of 2506.04571."),
        "{text}"
    );
    assert!(text.contains("Alan Turing"), "{text}");

    // Out as JSON lines and into another site: the same paper files.
    let out = site.run(&["export", "jsonl", "-o", "papers.jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let other = initialized();
    let exported = site.path("papers.jsonl");
    let out = other.run(&["import", exported.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    for id in ["2506.04571", "2506.04594"] {
        let path = format!("content/papers/{id}.md");
        assert_eq!(
            std::fs::read_to_string(other.path(&path)).unwrap(),
            std::fs::read_to_string(site.path(&path)).unwrap()
        );
    }

    // A mapping that names no field of a paper: located, with the closest field.
    site.write("bad.yaml", "sections:\n  摘要: abstract.fr\n");
    let out = site.run(&["import", "old/docs", "--mapping", "bad.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("bad.yaml:2:3"), "{err}");
    assert!(
        err.contains("`abstract.fr` is no field of a paper"),
        "{err}"
    );
    assert!(err.contains("did you mean `abstract.en`?"), "{err}");
}

#[test]
fn a_cn_chat_arxiv_papers_tree_imports_as_a_folder() {
    let site = initialized();
    for (id, title) in [("2402.00001", "First"), ("2402.00002", "Second")] {
        site.write(
            &format!("cn-chat-arxiv/papers/24/02/{id}.json"),
            &format!(
                "{{\n \"title\": \"{title} Paper\",\n \"abstract\": \"arXiv:{id}v1 Announce Type: new  Abstract: The abstract of {id}.\",\n \"link\": \"https://arxiv.org/abs/{id}\",\n \"translated_title\": \"论文 {id}\",\n \"translated_abstract\": \"摘要 {id}。\",\n \"tldr\": \"总结 {id}。\"\n}}"
            ),
        );
    }
    site.write("cn-chat-arxiv/README.md", "# cn-chat-arxiv\n");
    let out = site.run(&["import", "cn-chat-arxiv/papers"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Imported 2 cn-chat-arxiv record files: 2 files: 2 created"),
        "{}",
        stderr(&out)
    );
    let paper = std::fs::read_to_string(site.path("content/papers/2402.00002.md")).unwrap();
    let front: yaml_serde::Value =
        yaml_serde::from_str(paper.split("---\n").nth(1).unwrap()).unwrap();
    assert_eq!(front["title"]["zh"].as_str(), Some("论文 2402.00002"));
    assert_eq!(front["arxiv"]["announce"].as_str(), Some("new"));
    assert_eq!(
        front["generated"]["tool"]
            .as_str()
            .or(front["generated"][0]["tool"].as_str()),
        Some("cn-chat-arxiv")
    );
}

/// A past version that cannot be read (a table row without its details) cannot be mended:
/// the error names its commit and says how to go past it, and --skip-unreadable leaves it
/// out with a warning naming the commit, the other days imported.
#[test]
fn a_git_history_version_that_cannot_be_read_can_be_skipped() {
    let Some((site, repo)) = site_with_repository() else {
        return;
    };
    for (text, date) in [
        (digest(&[&A]), "2024-04-01T10:00:00+00:00"),
        (
            // A row whose details the tool never wrote.
            digest(&[&B]).replacen(
                "\n# 详细",
                "| [^3] | [C](https://arxiv.org/abs/2404.00009) | c |\n\n# 详细",
                1,
            ),
            "2024-04-02T10:00:00+00:00",
        ),
        (digest(&[&C]), "2024-04-03T10:00:00+00:00"),
    ] {
        std::fs::write(repo.join("cs.AI.md"), text).unwrap();
        git(&repo, &["add", "-A"], None);
        git(&repo, &["commit", "-q", "-m", "day"], Some(date));
    }
    let before = state(&site.path("content"));
    let out = site.run(&["import", "--git-history", "cn-chat-arxiv/cs.AI.md"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("has no details"), "{err}");
    assert!(
        err.contains("committed on 2024-04-02, which cannot be changed: import the history with --skip-unreadable"),
        "{err}"
    );
    assert_eq!(state(&site.path("content")), before, "nothing was written");

    let out = site.run(&[
        "import",
        "--skip-unreadable",
        "--git-history",
        "cn-chat-arxiv/cs.AI.md",
    ]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("cannot be read (the table row `[^3]` has no details")
            && err.contains("2024-04-02 gets no digest (--skip-unreadable)"),
        "{err}"
    );
    assert_eq!(digest_papers(&site, "2024-04-01-cs-ai"), [A.id]);
    assert_eq!(digest_papers(&site, "2024-04-03-cs-ai"), [C.id]);
    assert!(!site.path("content/digests/2024-04-02-cs-ai.md").exists());
    // It is the history's option: with files, refused.
    let out = site.run(&["import", "--skip-unreadable", "cn-chat-arxiv/cs.AI.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot be used with"),
        "{}",
        stderr(&out)
    );
}
