//! `cargo xtask history`: a git repository in the manner of cn-chat-arxiv, whose
//! `cs.AI.md` is rewritten every day with that day's digest of real papers, for timing
//! `digest-site import --git-history` on a long history.
//!
//! The commits are written with `git fast-import` (one process, thousands of commits in a
//! second) rather than one `git commit` each.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

use crate::corpus::Record;

/// One table cell: on one line, without the `|` that would end it.
fn cell(text: &str) -> String {
    one_line(text).replace('|', "\\|")
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A digest of `records` in the seed's Markdown form, as cn-chat-arxiv writes it.
pub fn digest_markdown(records: &[&Record]) -> String {
    let mut out = String::from("# 摘要\n\n| Ref | Title | Summary |\n| --- | --- | --- |\n");
    for (n, r) in records.iter().enumerate() {
        out += &format!(
            "| [^{}] | [{}]({}) | {} |\n",
            n + 1,
            cell(&r.title_en),
            r.url,
            cell(r.summary_zh.as_deref().unwrap_or(""))
        );
    }
    out += "\n# 详细\n\n";
    for (n, r) in records.iter().enumerate() {
        let zh_title = r.title_zh.as_deref().unwrap_or(&r.title_en);
        let paragraphs = [
            one_line(&r.title_en),
            format!("[{}]({})", r.url, r.url),
            one_line(r.summary_zh.as_deref().unwrap_or("")),
            String::new(),
            one_line(r.abstract_zh.as_deref().unwrap_or("")),
            format!(
                "arXiv:{}v1 Announce Type: {}  Abstract: {}",
                r.id,
                r.announce_type.as_deref().unwrap_or("new"),
                one_line(&r.abstract_en)
            ),
        ];
        out += &format!("[^{}]: {}\n\n", n + 1, one_line(zh_title));
        for (i, p) in paragraphs.iter().enumerate() {
            if p.is_empty() && i != 3 {
                continue;
            }
            out += &format!("    {p}\n");
            if i + 1 < paragraphs.len() {
                out.push('\n');
            }
        }
        out += "    \n";
    }
    out
}

/// Writes `dir` as a new git repository with `days` daily versions of `cs.AI.md`, each
/// listing `per_day` papers; a tenth of each day's papers were on the day before (a paper
/// listed again, as replacements are).
pub fn write_history(dir: &Path, records: &[Record], days: usize, per_day: usize) -> Result<()> {
    if dir.exists() {
        bail!("{} exists; choose a new folder", dir.display());
    }
    std::fs::create_dir_all(dir)?;
    let git = |args: &[&str]| Command::new("git").arg("-C").arg(dir).args(args).status();
    if !git(&["init", "-q", "-b", "main"])?.success() {
        bail!("git init failed");
    }
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .context("running git fast-import")?;
    let mut stdin = std::io::BufWriter::new(child.stdin.take().context("git's input")?);
    let new_per_day = per_day - per_day / 10;
    let start = 1_704_067_200_i64; // 2024-01-01T00:00:00Z
    for day in 0..days {
        let first = day * new_per_day;
        let chosen: Vec<&Record> = (0..per_day)
            .map(|i| &records[(first + i) % records.len()])
            .collect();
        let text = digest_markdown(&chosen);
        let time = start + day as i64 * 86_400 + 3 * 3600;
        let message = format!("cs.AI digest, day {day}");
        write!(
            stdin,
            "commit refs/heads/main\nauthor Digest Bot <bot@example.org> {time} +0000\ncommitter Digest Bot <bot@example.org> {time} +0000\ndata {}\n{message}\nM 100644 inline cs.AI.md\ndata {}\n{text}\n",
            message.len(),
            text.len()
        )?;
    }
    stdin.flush()?;
    drop(stdin);
    if !child.wait()?.success() {
        bail!("git fast-import failed");
    }
    if !git(&["checkout", "-q", "main"])?.success() {
        bail!("git checkout failed");
    }
    Ok(())
}
