//! The Markdown digest form of the reference seed (as written by tools such as
//! cn-chat-arxiv): a summary table, then one footnote-style details entry per paper.
//!
//! ```text
//! # 摘要
//!
//! | Ref | Title | Summary |
//! | --- | --- | --- |
//! | [^1] | [English title](https://arxiv.org/abs/2404.02424) | 中文一句话总结 |
//!
//! # 详细
//!
//! [^1]: 中文标题
//!
//!     English title                         (older digests: `Title. (arXiv:ID [cat])`)
//!
//!     [https://arxiv.org/abs/2404.02424](https://arxiv.org/abs/2404.02424)
//!
//!     中文一句话总结
//!
//!     中文摘要
//!
//!     arXiv:2404.02424v1 Announce Type: new  Abstract: English abstract
//!                                           (older digests: the bare abstract)
//! ```
//!
//! The format is line-oriented and generated, so it is read line by line: this keeps every
//! character of the abstracts (LaTeX, backslashes, `*`, `_`) exactly as written, which a
//! Markdown parser would not. The table gives the order (Ref 1..n); the details give the
//! fields. A row without details, details without a row, or a digest without papers is an
//! error at the line concerned. A text of several paragraphs keeps an indented blank line
//! between them (as `export markdown` writes it); the English abstract starts at arXiv's
//! announcement line and takes every paragraph after it.

use std::collections::HashMap;

use super::translated::{strip_translated_head, without_translated_listing};
use super::{ImportedPaper, SourceFile};
use crate::arxiv::{
    ArxivRef, MetaConflict, meta_of, paper_id_of, parse_announce_line, split_old_listing_title,
};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::frontmatter::{ArxivMeta, BilingualText, PaperFrontMatter};
use crate::script::is_mostly_chinese;

/// The language of the translated fields (title line, summary, translated abstract).
const TRANSLATION_LANGUAGE: &str = "zh";

/// One row of the summary table.
struct Row<'a> {
    line: usize,
    label: &'a str,
    title: String,
    link: Option<String>,
    summary: String,
}

/// One details entry: `[^label]: translated title` and its indented paragraphs.
struct Details {
    line: usize,
    label: String,
    translated_title: String,
    /// (first line, text) of each paragraph, indentation removed.
    paragraphs: Vec<(usize, String)>,
}

/// Reads a Markdown digest: its papers in table order, and warnings (fields that the table
/// and the details give differently).
pub fn parse_digest(
    source: &SourceFile<'_>,
) -> Result<(Vec<ImportedPaper>, Diagnostics), Diagnostics> {
    // A byte-order mark (Notepad saves one) is not the first line's text: `\u{feff}# 摘要`
    // was a line outside the table and details.
    let lines: Vec<&str> = source
        .text
        .strip_prefix('\u{feff}')
        .unwrap_or(source.text)
        .lines()
        .collect();
    let mut errors = Diagnostics::new();
    let (table_line, rows, table_lines) = read_tables(source, &lines, &mut errors);
    let (details, details_lines) = read_details(&lines);
    // No paper read and no reference anywhere: a file of notes with a table of its own (a
    // tool's README or SOURCES.md), not a digest whose rows are wrong.
    if rows.is_empty() && details.is_empty() && (errors.is_empty() || !source.text.contains("[^")) {
        let line = table_line.unwrap_or(1);
        return Err(source
            .error(line, 1, "the digest lists no papers")
            .with_hint(
                "a digest has a table `| Ref | Title | Summary |` with one row per paper, and a \
                 `[^1]: ...` details entry for each row",
            )
            .into());
    }

    let mut details_by_label: HashMap<&str, &Details> = HashMap::new();
    for d in &details {
        if let Some(first) = details_by_label.insert(d.label.as_str(), d) {
            errors.push(
                source
                    .error(d.line, 1, format!("`[^{}]` has details twice", d.label))
                    .with_hint(format!("the first is on line {}; keep one", first.line)),
            );
        }
    }
    let mut rows_by_label: HashMap<&str, &Row<'_>> = HashMap::new();
    for row in &rows {
        if let Some(first) = rows_by_label.insert(row.label, row) {
            errors.push(
                source
                    .error(
                        row.line,
                        1,
                        format!("`[^{}]` has two table rows", row.label),
                    )
                    .with_hint(format!("the first is on line {}; keep one", first.line)),
            );
        }
    }
    for d in &details {
        if !rows_by_label.contains_key(d.label.as_str()) {
            errors.push(
                source
                    .error(d.line, 1, format!("`[^{}]` has details but no table row", d.label))
                    .with_hint(format!(
                        "add a row `| [^{}] | [title](link) | summary |` to the table, or remove these details",
                        d.label
                    )),
            );
        }
    }

    let mut papers: Vec<ImportedPaper> = Vec::with_capacity(rows.len());
    let mut read = table_lines;
    read.push(details_lines);
    let mut warnings = unread_parts(source, &lines, &read);
    let mut line_of_id: HashMap<String, usize> = HashMap::new();
    for row in &rows {
        let Some(d) = details_by_label.get(row.label) else {
            errors.push(
                source
                    .error(row.line, 1, format!("the table row `[^{}]` has no details", row.label))
                    .with_hint(format!(
                        "add a details entry `[^{}]: <Chinese title>` with the paper's paragraphs under `# 详细`",
                        row.label
                    )),
            );
            continue;
        };
        match paper_of(source, row, d, &mut warnings) {
            Ok(paper) => {
                if let Some(first) = line_of_id.insert(paper.front.id.clone(), row.line) {
                    errors.push(
                        source
                            .error(
                                row.line,
                                1,
                                format!("paper `{}` is listed twice", paper.front.id),
                            )
                            .with_hint(format!("it is already the row on line {first}")),
                    );
                }
                papers.push(paper);
            }
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        Ok((papers, warnings))
    } else {
        errors.sort();
        Err(errors)
    }
}

/// The summary tables, before the first details entry (a post may have one per category,
/// under its heading): the line of the first one's header, every row, and the lines of
/// each table.
fn read_tables<'a>(
    source: &SourceFile<'_>,
    lines: &[&'a str],
    errors: &mut Diagnostics,
) -> (Option<usize>, Vec<Row<'a>>, Vec<std::ops::Range<usize>>) {
    let details_start = lines
        .iter()
        .position(|l| l.starts_with("[^") && l.contains("]:"))
        .unwrap_or(lines.len());
    let (mut first, mut rows, mut ranges) = (None, Vec::new(), Vec::new());
    let mut from = 0;
    while from < details_start {
        // After the first, only a table of the same kind is read (its first row a `[^n]`
        // reference); another (a post's table of counts) is text outside the table.
        if first.is_some() && !digest_table_follows(&lines[from..details_start]) {
            break;
        }
        let (header, mut more, range) = read_table(source, &lines[..details_start], from, errors);
        let Some(header) = header else { break };
        first.get_or_insert(header);
        rows.append(&mut more);
        from = range.end.max(from + 1);
        ranges.push(range);
    }
    (first, rows, ranges)
}

/// Whether the next table of `lines` is a summary table: three columns, and its first row
/// after the header (and delimiter) refers to details (`| [^1] |`).
fn digest_table_follows(lines: &[&str]) -> bool {
    let Some(header) = table_header(lines, 0) else {
        return false;
    };
    split_row(lines[header]).len() == 3
        && lines[header + 1..]
            .iter()
            .find(|l| !is_delimiter_row(l))
            .is_some_and(|row| {
                row.trim_start()
                    .trim_start_matches('|')
                    .trim_start()
                    .starts_with("[^")
            })
}

/// The index of the first table's header at or after `from`: a line that starts with `|`,
/// or one with a `|` in it above a delimiter row (GitHub's tables may leave out the outer
/// pipes: `Ref | Title | Summary` over `--- | --- | ---`).
fn table_header(lines: &[&str], from: usize) -> Option<usize> {
    (from..lines.len()).find(|&at| {
        let line = lines[at].trim_start();
        line.starts_with('|')
            || (has_separator(line) && lines.get(at + 1).is_some_and(|l| is_delimiter_row(l)))
    })
}

/// Whether `line` is a table's delimiter row (`| --- | :-: |`, `---|---`).
fn is_delimiter_row(line: &str) -> bool {
    line.contains('-') && line.contains('|') && line.chars().all(|c| "|-: \t".contains(c))
}

/// Whether `line` has a `|` that separates cells (not one escaped as `\|`).
fn has_separator(line: &str) -> bool {
    split_row(line).len() > 1
}

/// One summary table, the first at or after line index `from`: the line of its header and
/// its rows.
fn read_table<'a>(
    source: &SourceFile<'_>,
    lines: &[&'a str],
    from: usize,
    errors: &mut Diagnostics,
) -> (Option<usize>, Vec<Row<'a>>, std::ops::Range<usize>) {
    let Some(header) = table_header(lines, from) else {
        return (None, Vec::new(), 0..0);
    };
    let mut rows = Vec::new();
    let mut index = header + 1;
    // The delimiter row `| --- | --- | --- |`.
    if lines.get(index).is_some_and(|l| is_delimiter_row(l)) {
        index += 1;
    }
    // A row starts with `|`, or has one between its cells; a blank line ends the table.
    while let Some(line) = lines
        .get(index)
        .filter(|l| l.trim_start().starts_with('|') || has_separator(l))
    {
        let number = index + 1;
        index += 1;
        let cells = split_row(line);
        if cells.len() != 3 {
            errors.push(
                source
                    .error(number, 1, format!("a table row has {} cells, not 3", cells.len()))
                    .with_hint("rows read `| [^1] | [title](link) | summary |`; write `|` inside a cell as `\\|`"),
            );
            continue;
        }
        let (label_column, label_cell) = cells[0];
        let Some(label) = label_cell
            .strip_prefix("[^")
            .and_then(|l| l.strip_suffix(']'))
            .filter(|l| !l.is_empty())
        else {
            errors.push(
                source
                    .error(
                        number,
                        label_column,
                        format!("`{label_cell}` is not a reference like `[^1]`"),
                    )
                    .with_hint("the first cell links the row to its details: `[^1]`"),
            );
            continue;
        };
        let (title, link) = match split_link(cells[1].1) {
            Some((text, target)) => (
                unescape_link_text(&unescape_cell(text)),
                Some(target.to_string()),
            ),
            None => (unescape_cell(cells[1].1), None),
        };
        rows.push(Row {
            line: number,
            label,
            title,
            link,
            summary: unescape_cell(cells[2].1),
        });
    }
    (Some(header + 1), rows, header..index)
}

/// The cells of a table row with the column (1-based, in characters) each starts at.
/// `\|` inside a cell is text, not a separator. The outer pipes may be left out, as
/// GitHub's tables allow: `a | b | c` has three cells.
fn split_row(line: &str) -> Vec<(usize, &str)> {
    let body = line.trim_end();
    let trimmed_start = body.len() - body.trim_start().len();
    let mut cells: Vec<(usize, &str)> = Vec::new();
    let cell_at = |from: usize, to: usize| {
        let cell: &str = &body[from..to];
        let lead = cell.len() - cell.trim_start().len();
        (body[..from + lead].chars().count() + 1, cell.trim())
    };
    // Where the cell being read starts; a row that does not start with `|` starts with a
    // cell.
    let mut start = (!body[trimmed_start..].starts_with('|')).then_some(trimmed_start);
    // As in GitHub's tables, a `|` right after a backslash is in the cell, whatever comes
    // before that backslash: `$\|x\|$` is written `$\\|x\\|$`.
    let mut after_backslash = false;
    for (at, c) in body.char_indices().skip_while(|(i, _)| *i < trimmed_start) {
        if c == '|' && !after_backslash {
            if let Some(s) = start {
                cells.push(cell_at(s, at));
            }
            start = Some(at + 1);
        }
        after_backslash = c == '\\';
    }
    // A row that does not end with `|` ends with a cell (one with a separator before it).
    if let Some(s) = start.filter(|&s| s < body.len() && !cells.is_empty()) {
        cells.push(cell_at(s, body.len()));
    }
    cells
}

fn unescape_cell(text: &str) -> String {
    text.replace("\\|", "|")
}

/// A link's text as read: `\[` and `\]`, the brackets a link text escapes
/// (`[\[v2\] Title](…)`), are brackets. Other backslashes are the title's (LaTeX).
fn unescape_link_text(text: &str) -> String {
    text.replace("\\[", "[").replace("\\]", "]")
}

/// `[text](target)` → (text, target); the target is the part inside the last `](…)`.
fn split_link(cell: &str) -> Option<(&str, &str)> {
    let inner = cell.trim().strip_prefix('[')?.strip_suffix(')')?;
    let split = inner.rfind("](")?;
    Some((&inner[..split], inner[split + 2..].trim()))
}

/// The `date:` of the front matter a digest starts with (a Jekyll or Hugo post's), as
/// written: its first ten characters, `YYYY-MM-DD` (`2024-02-05 08:00:00 +0800` is the
/// 5th, the day where it was written); or, when it is no date, its line and what it says.
pub(super) fn front_matter_date(text: &str) -> Option<Result<chrono::NaiveDate, (usize, String)>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines();
    // YAML between `---` lines, or TOML between `+++` lines (Hugo's).
    let fence = lines.next()?.trim_end();
    let key = match fence {
        "---" => "date:",
        "+++" => "date =",
        _ => return None,
    };
    lines
        .take_while(|l| l.trim_end() != fence)
        .enumerate()
        .find_map(|(n, l)| l.strip_prefix(key).map(|value| (n + 2, value)))
        .map(|(line, value)| {
            let value = value.trim().trim_matches(['"', '\'']);
            value
                .get(..10)
                .and_then(|day| chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok())
                .ok_or_else(|| (line, value.to_string()))
        })
}

/// Warnings for what a digest holds besides its table and details, which no file keeps: a
/// front matter (a Jekyll post's), and lines of text (an introduction, a footer).
/// Headings and rules are not counted.
fn unread_parts(
    source: &SourceFile<'_>,
    lines: &[&str],
    read: &[std::ops::Range<usize>],
) -> Diagnostics {
    let mut warnings = Diagnostics::new();
    let mut skip = 0..0;
    let fence = lines
        .first()
        .map(|l| l.trim_start_matches('\u{feff}').trim_end())
        .filter(|l| matches!(*l, "---" | "+++"));
    if let Some(fence) = fence
        && let Some(end) = lines.iter().skip(1).position(|l| l.trim_end() == fence)
    {
        skip = 0..end + 2;
        let dated = matches!(front_matter_date(source.text), Some(Ok(_)));
        let separator = if fence == "+++" { '=' } else { ':' };
        let keys: Vec<String> = lines[1..=end]
            .iter()
            .filter(|l| !l.starts_with([' ', '\t', '#', '-', '[']))
            .filter_map(|l| l.split_once(separator).map(|(key, _)| key.trim()))
            // A date that reads dates the digest (unless --date): it is not lost.
            .filter(|key| !(dated && *key == "date"))
            .map(|key| format!("`{key}`"))
            .collect();
        if !keys.is_empty() {
            warnings.push(
            source
                .warning(1, 1, format!("the front matter ({}) is not imported", keys.join(", ")))
                .with_hint("the digest is named by the file's name (or --name) and dated by its `date:`, else by the file's name (or --date); give it a title or tags in its file under content/digests/ after the import"),
        );
        }
    }
    let unread: Vec<usize> = (0..lines.len())
        .filter(|i| !skip.contains(i) && !read.iter().any(|r| r.contains(i)))
        .filter(|&i| {
            let line = lines[i].trim();
            let heading = line.starts_with('#');
            let rule = line.len() >= 3 && line.chars().all(|c| matches!(c, '-' | '*' | '_' | ' '));
            !(line.is_empty() || heading || rule)
        })
        .collect();
    if let Some(&first) = unread.first() {
        warnings.push(
            source
                .warning(
                    first + 1,
                    1,
                    format!(
                        "{} line{} outside the table and the details {} not imported (an introduction, a footer)",
                        unread.len(),
                        if unread.len() == 1 { "" } else { "s" },
                        if unread.len() == 1 { "is" } else { "are" }
                    ),
                )
                .with_hint("only papers are imported from a digest; write such text into the digest's file under content/digests/, after its front matter, once it is imported"),
        );
    }
    warnings
}

/// Every `[^label]: title` entry and the indented paragraphs under it, and the lines
/// they take (from the first entry to the line that ends the last).
fn read_details(lines: &[&str]) -> (Vec<Details>, std::ops::Range<usize>) {
    let mut first = None;
    let mut end = lines.len();
    let mut details: Vec<Details> = Vec::new();
    let mut paragraph: Option<(usize, Vec<&str>)> = None;
    // The current entry's indentation: that of its first indented line.
    let mut indent: Option<usize> = None;
    let flush = |details: &mut Vec<Details>, paragraph: &mut Option<(usize, Vec<&str>)>| {
        if let (Some(d), Some((line, mut text))) = (details.last_mut(), paragraph.take()) {
            while text.last().is_some_and(|l| l.is_empty()) {
                text.pop();
            }
            d.paragraphs.push((line, text.join("\n")));
        }
    };
    for (index, line) in lines.iter().enumerate() {
        if let Some((label, title)) = definition(line) {
            first.get_or_insert(index);
            flush(&mut details, &mut paragraph);
            indent = None;
            details.push(Details {
                line: index + 1,
                label: label.to_string(),
                translated_title: title.trim().to_string(),
                paragraphs: Vec::new(),
            });
        } else if line.trim().is_empty() {
            // An indented blank line inside a paragraph is a paragraph break of one text
            // (an abstract of two paragraphs, as `export markdown` writes it); an empty line
            // ends the paragraph, and an indented blank one between empty lines is the
            // seed's empty paragraph before the abstracts (kept as an empty one).
            let indented = indentation(line).is_some_and(|n| n >= indent.unwrap_or(4));
            match (&mut paragraph, details.last_mut()) {
                (Some((_, text)), _) if indented => text.push(""),
                (None, Some(d)) if indented => d.paragraphs.push((index + 1, String::new())),
                _ => flush(&mut details, &mut paragraph),
            }
        } else if let Some(width) = indentation(line) {
            if !details.is_empty() {
                let text = &line[width.min(*indent.get_or_insert(width))..];
                paragraph
                    .get_or_insert((index + 1, Vec::new()))
                    .1
                    .push(text);
            }
        } else {
            // Anything unindented (a heading, the table) ends the current entry.
            flush(&mut details, &mut paragraph);
            if !details.is_empty() && !line.starts_with('#') {
                end = index;
                break;
            }
        }
    }
    flush(&mut details, &mut paragraph);
    let taken = first.map_or(0..0, |first| first..end);
    (details, taken)
}

/// The column where the text of a details paragraph starts on `line`: after its
/// indentation.
fn text_column(source: &SourceFile<'_>, line: usize) -> usize {
    let text = source
        .text
        .lines()
        .nth(line.saturating_sub(1))
        .unwrap_or("");
    indentation(text).unwrap_or(0) + 1
}

/// How far a line of details is indented, in bytes: a tab, or two to four spaces (the
/// seed indents by four; some editors and tools by two, as Markdown lists do). `None`:
/// not indented. Spaces past the fourth are the text's.
fn indentation(line: &str) -> Option<usize> {
    if line.starts_with('\t') {
        return Some(1);
    }
    let spaces = line.len() - line.trim_start_matches(' ').len();
    (spaces >= 2).then_some(spaces.min(4))
}

/// `[^label]: rest` at the start of a line.
fn definition(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix("[^")?;
    let (label, rest) = rest.split_once("]:")?;
    (!label.is_empty() && !label.contains(char::is_whitespace)).then_some((label, rest))
}

/// Builds one paper from its table row and details.
fn paper_of(
    source: &SourceFile<'_>,
    row: &Row<'_>,
    details: &Details,
    warnings: &mut Diagnostics,
) -> Result<ImportedPaper, Diagnostic> {
    // The seed's empty paragraph (an indented blank line between empty ones) ends the
    // summary: what comes before it after the link is the summary (or nothing), what
    // comes after it the abstracts. Without it, the summary is one paragraph.
    let paragraphs: Vec<(usize, String)> = details
        .paragraphs
        .iter()
        .filter(|(_, t)| !t.is_empty())
        .cloned()
        .collect();
    let summary_paragraphs = details
        .paragraphs
        .iter()
        .position(|(_, t)| t.is_empty())
        .map(|marker| {
            details.paragraphs[..marker]
                .iter()
                .filter(|(_, t)| !t.is_empty())
                .count()
                .saturating_sub(2)
        });
    let missing = |what: &str| {
        source
            .error(
                details.line,
                1,
                format!("the details of `[^{}]` have no {what}", details.label),
            )
            .with_hint(
                "details read: the English title, the link `[url](url)`, the summary, the \
                 translated abstract and the English abstract, each an indented paragraph",
            )
    };
    let (title_line, raw_title) = paragraphs.first().ok_or_else(|| missing("English title"))?;
    let (title, old_listing) = split_old_listing_title(raw_title);
    let (link_line, link_text) = paragraphs.get(1).ok_or_else(|| missing("link"))?;
    let link = split_link(link_text).map(|(_, target)| target.to_string()).ok_or_else(|| {
        source
            .error(*link_line, text_column(source, *link_line), "expected the paper's link, `[https://arxiv.org/abs/…](https://arxiv.org/abs/…)`")
            .with_hint("the second paragraph of the details is the link")
    })?;
    // An empty link (`[]()`) is a paper without one, as `export markdown` writes it.
    if !link.is_empty()
        && let Err(problem) = crate::validate::check_link(&link, false)
    {
        return Err(source
            .error(*link_line, text_column(source, *link_line), problem)
            .with_hint("the link is the paper's http:// or https:// address, such as https://arxiv.org/abs/2404.02424"));
    }
    let rest = &paragraphs[2..];
    // Trimmed as the English abstract is: a line's trailing spaces (a Markdown line
    // break) are no part of the text, and `export markdown` would not give them back.
    let joined = |paragraphs: &[(usize, String)]| {
        paragraphs
            .iter()
            .map(|(_, t)| t.trim())
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    // Without the empty paragraph, the summary is the one paragraph after the link; but
    // details of a title, a link and two paragraphs that are not the table's summary are
    // the two abstracts of a post that leaves the summary to the table (the Chinese
    // abstract was read as the summary, and the table's summary lost).
    let abstracts_only = summary_paragraphs.is_none()
        && rest.len() == 2
        && !row.summary.trim().is_empty()
        && unescaped(&row.summary) != unescaped(&rest[0].1);
    let n = if abstracts_only {
        0
    } else {
        summary_paragraphs.unwrap_or(1).min(rest.len())
    };
    let (summary, abstracts) = ((n > 0).then(|| joined(&rest[..n])), &rest[n..]);
    let summary = summary.as_deref();
    // The English abstract starts at arXiv's announcement line and takes every paragraph
    // after it; without that line (older digests), it is the last paragraph. A translated
    // abstract may keep the line's head (`arXiv:… Announce Type: new  Abstract: 视觉-语言…`,
    // or translated, `arXiv:… 公告类型：新 摘要：…`): that paragraph is the Chinese abstract,
    // not the start of the English one (which took the Chinese text, and lost
    // `abstract.zh`).
    let english_announcement = |text: &str| {
        parse_announce_line(text).is_some_and(|line| !is_mostly_chinese(line.abstract_text))
    };
    let has_head = |text: &str| strip_translated_head(text).len() != text.trim().len();
    let english_from = (0..abstracts.len())
        .rev()
        .find(|&k| english_announcement(&abstracts[k].1))
        .or_else(|| {
            abstracts
                .len()
                .checked_sub(1)
                .filter(|&last| !has_head(&abstracts[last].1))
        });
    let english_abstract = english_from.map(|k| &abstracts[k]);
    let translated = &abstracts[..english_from.unwrap_or(abstracts.len())];
    let translated_abstract = translated
        .split_first()
        .map(|((_, first), more)| {
            std::iter::once(strip_translated_head(first))
                .chain(more.iter().map(|(_, t)| t.trim()))
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join("\n\n")
        })
        .filter(|t| !t.is_empty());
    // The announcement says which paper and version this is, and how it was announced:
    // the English abstract's, else the one the translation kept in arXiv's words.
    let announce = english_abstract
        .into_iter()
        .chain(translated.first())
        .find_map(|(line, text)| Some((*line, parse_announce_line(text)?)));
    let after_the_first = english_from.map_or(&[][..], |k| &abstracts[k + 1..]);
    let abstract_en = english_abstract.map(|(line, first)| {
        let first = match &announce {
            Some((announce_line, announce)) if announce_line == line => announce.abstract_text,
            _ => first.trim(),
        };
        std::iter::once(first)
            .chain(after_the_first.iter().map(|(_, t)| t.trim()))
            .collect::<Vec<_>>()
            .join("\n\n")
    });
    let mut arxiv =
        meta_of(announce.as_ref().map(|(_, a)| a), old_listing.as_ref()).map_err(|conflict| {
            match conflict {
                MetaConflict::UnknownAnnounce(type_) => {
                    let line = announce.as_ref().map_or(1, |(line, _)| *line);
                    source
                        .error(
                            line,
                            text_column(source, line),
                            format!("unknown announce type `{type_}`"),
                        )
                        .with_hint(
                            "arXiv's announce types are new, cross, replace and replace-cross",
                        )
                }
                MetaConflict::OtherPaper { title, announce } => source
                    .error(
                        *title_line,
                        text_column(source, *title_line),
                        format!(
                            "the title names arXiv:{title} but the abstract names arXiv:{announce}"
                        ),
                    )
                    .with_hint("both must name the same paper"),
            }
        })?;
    if arxiv.is_none()
        && let Some(found) = ArxivRef::from_link(&link)
    {
        arxiv = Some(ArxivMeta {
            id: found.id,
            version: found.version,
            ..ArxivMeta::default()
        });
    }
    let id = match &arxiv {
        Some(meta) => paper_id_of(&meta.id),
        None => slug_of(title).ok_or_else(|| {
            source
                .error(*title_line, text_column(source, *title_line), "cannot make a paper id: the link is not an arXiv link and the title has no letters")
                .with_hint("link the paper's arXiv page, e.g. https://arxiv.org/abs/2404.02424")
        })?,
    };

    let table_title = row.title.trim();
    let table_title = table_title
        .strip_suffix('.')
        .filter(|_| old_listing.is_some())
        .unwrap_or(table_title);
    if !table_title.is_empty() && unescaped(table_title) != unescaped(title) {
        warnings.push(
            source
                .warning(
                    row.line,
                    1,
                    format!(
                        "the table's title of `[^{}]` differs from its details' title",
                        row.label
                    ),
                )
                .with_hint(format!("the details' title is kept: {title}")),
        );
    }
    if let Some(s) = summary
        && unescaped(&row.summary) != unescaped(s)
    {
        warnings.push(
            source
                .warning(
                    row.line,
                    1,
                    format!(
                        "the table's summary of `[^{}]` differs from its details' summary",
                        row.label
                    ),
                )
                .with_hint("the details' summary is kept"),
        );
    }
    // The row's link names another arXiv paper than its details (versions aside): the
    // details, which hold the texts, are imported; the row's paper is not.
    if let Some(row_paper) = row.link.as_deref().and_then(ArxivRef::from_link)
        && let Some(meta) = &arxiv
        && paper_id_of(&row_paper.id) != id
    {
        warnings.push(
            source
                .warning(
                    row.line,
                    1,
                    format!(
                        "the table's row `[^{}]` links arXiv:{} but its details are of arXiv:{}",
                        row.label, row_paper.id, meta.id
                    ),
                )
                .with_hint(format!(
                    "the details' paper `{id}` is imported, not arXiv:{}; mend the row's link or its details",
                    row_paper.id
                )),
        );
    }
    let title_en = if title.is_empty() { table_title } else { title };
    // Without a summary in the details, the table's is taken, in the language it is
    // written in (an English summary is not relabelled Chinese). A Chinese one loses the
    // old listing's suffix its translator may have kept, as the tool's JSON does.
    let (summary_language, summary) = match summary {
        Some(s) => (
            TRANSLATION_LANGUAGE,
            Some(without_translated_listing(s).to_string()),
        ),
        None if row.summary.chars().any(crate::line_breaks::is_wide) => (
            TRANSLATION_LANGUAGE,
            Some(without_translated_listing(&row.summary).to_string()),
        ),
        None => ("en", Some(row.summary.clone())),
    };
    Ok(ImportedPaper {
        line: row.line,
        body: String::new(),
        front: PaperFrontMatter {
            id,
            title: BilingualText::from_pairs([
                // Old records' translation may repeat the English title with the
                // listing's suffix (`SoK: … Detectors. (arXiv:2401.04364v1 [cs.CV])
                // (面部深度伪造检测器)`): the translation is the Chinese part.
                (
                    TRANSLATION_LANGUAGE,
                    Some(without_translated_listing(&details.translated_title)),
                ),
                ("en", Some(title_en)),
            ]),
            summary: BilingualText::from_pairs([(summary_language, summary.as_deref())]),
            abstract_text: BilingualText::from_pairs([
                (TRANSLATION_LANGUAGE, translated_abstract.as_deref()),
                ("en", abstract_en.as_deref()),
            ]),
            url: Some(link)
                .filter(|l| !l.is_empty())
                .or_else(|| row.link.clone().filter(|l| !l.is_empty())),
            arxiv,
            ..PaperFrontMatter::default()
        },
    })
}

fn collapse(text: &str) -> String {
    super::one_line(text)
}

/// A title or summary on one line without Markdown's backslash escapes (`\*`, `\_`, `\#`:
/// a backslash before ASCII punctuation), for comparing the table's text with the
/// details': a table escapes what its Markdown would read (`GPT\*`, `a\_b`) where the
/// details may not.
fn unescaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let text = collapse(text);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(char::is_ascii_punctuation) {
            continue;
        }
        out.push(c);
    }
    out
}

/// A lowercase ASCII slug of a title: letters and digits, words joined by `-`.
pub(crate) fn slug_of(title: &str) -> Option<String> {
    let words: Vec<String> = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .map(str::to_ascii_lowercase)
        .collect();
    (!words.is_empty()).then(|| words.join("-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` read as the digest `d.md`.
    fn parse(text: &str) -> Result<(Vec<ImportedPaper>, Diagnostics), Diagnostics> {
        parse_digest(&SourceFile {
            path: std::path::Path::new("d.md"),
            text,
        })
    }

    #[test]
    fn table_rows_keep_escaped_bars_and_columns() {
        let cells = split_row("| [^1] | [A \\| B](http://x) | 总结 |");
        let texts: Vec<&str> = cells.iter().map(|c| c.1).collect();
        assert_eq!(texts, vec!["[^1]", "[A \\| B](http://x)", "总结"]);
        assert_eq!(cells[1].0, 10);
        assert_eq!(
            split_link("[A [B] C](http://x/y)"),
            Some(("A [B] C", "http://x/y"))
        );
        assert_eq!(slug_of("Hello, World 2!").as_deref(), Some("hello-world-2"));
        assert_eq!(
            unescape_link_text("[MagicLens] Self-Supervised \\[v2\\] Retrieval $\\{x\\}$"),
            "[MagicLens] Self-Supervised [v2] Retrieval $\\{x\\}$"
        );
        assert_eq!(slug_of("中文"), None);
    }

    /// A digest saved with a byte-order mark (as Notepad saves UTF-8) reads as without.
    #[test]
    fn a_byte_order_mark_is_no_text() {
        let text = "\u{feff}# 摘要\n\n| Ref | Title | Summary |\n| --- | --- | --- |\n| [^1] | [T](https://arxiv.org/abs/2403.19651) | 总结。 |\n\n# 详细\n\n[^1]: 标题\n\n    T\n\n    [https://arxiv.org/abs/2403.19651](https://arxiv.org/abs/2403.19651)\n\n    总结。\n\n    \n\n    中文摘要。\n";
        let (papers, warnings) = parse(text).unwrap();
        assert_eq!(papers.len(), 1);
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    /// A table escapes what its Markdown would read (`\*`, `\_`); the details' title
    /// without the escapes is the same title, and a title that differs still warns.
    #[test]
    fn escapes_in_the_table_s_title_do_not_make_it_differ() {
        let digest = |table: &str, details: &str| {
            format!(
                "| Ref | Title | Summary |\n| --- | --- | --- |\n| [^1] | [{table}](https://arxiv.org/abs/2403.19651) | 总结。 |\n\n[^1]: 标题\n\n    {details}\n\n    [https://arxiv.org/abs/2403.19651](https://arxiv.org/abs/2403.19651)\n\n    总结。\n\n    \n\n    中文摘要。\n"
            )
        };
        let warnings_of = |text: &str| parse(text).unwrap().1;
        let same = digest("GPT\\*-4 on a\\_b \\#1 \\(new\\)", "GPT*-4 on a_b #1 (new)");
        assert!(warnings_of(&same).is_empty(), "{:?}", warnings_of(&same));
        let other = digest("GPT\\*-4 on a\\_b", "GPT-5 on c");
        let warned = warnings_of(&other);
        assert_eq!(warned.len(), 1, "{warned:?}");
        assert!(warned.list[0].message.contains("differs"), "{warned:?}");
    }

    #[test]
    fn escaped_brackets_in_the_table_s_title_are_brackets() {
        let text = "| Ref | Title | Summary |\n| --- | --- | --- |\n| [^1] | [[MagicLens] Self-Supervised \\[v2\\] Retrieval](https://arxiv.org/abs/2403.19651) | 总结。 |\n\n[^1]: 标题\n\n    [MagicLens] Self-Supervised [v2] Retrieval\n\n    [https://arxiv.org/abs/2403.19651](https://arxiv.org/abs/2403.19651)\n\n    总结。\n\n    \n\n    中文摘要。\n\n    arXiv:2403.19651v1 Announce Type: new  Abstract: The abstract.\n";
        let (papers, warnings) = parse(text).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            papers[0].front.title.get("en"),
            Some("[MagicLens] Self-Supervised [v2] Retrieval")
        );
    }

    #[test]
    fn a_table_without_outer_pipes_is_read() {
        // GitHub's tables may leave out the pipes at both ends of a line, or at one.
        let details = "[^1]: 标题\n\n    A Title\n\n    [https://arxiv.org/abs/2404.02424](https://arxiv.org/abs/2404.02424)\n\n    中文摘要。\n\n    The abstract.\n\n[^2]: 标题二\n\n    B Title\n\n    [https://arxiv.org/abs/2404.02425](https://arxiv.org/abs/2404.02425)\n\n    中文摘要二。\n\n    Another abstract.\n";
        for table in [
            "Ref | Title | Summary\n--- | --- | ---\n[^1] | [A Title](https://arxiv.org/abs/2404.02424) | 总结 \\| 一。\n[^2] | [B Title](https://arxiv.org/abs/2404.02425) | 总结二。\n",
            "| Ref | Title | Summary\n|---|---|---\n| [^1] | [A Title](https://arxiv.org/abs/2404.02424) | 总结 \\| 一。\n| [^2] | [B Title](https://arxiv.org/abs/2404.02425) | 总结二。\n",
            "Ref | Title | Summary |\n:-- | :-: | --: |\n[^1] | [A Title](https://arxiv.org/abs/2404.02424) | 总结 \\| 一。 |\n[^2] | [B Title](https://arxiv.org/abs/2404.02425) | 总结二。 |\n",
        ] {
            let text = format!("# 摘要\n\n{table}\n# 详细\n\n{details}");
            let (papers, _) = parse(&text).unwrap_or_else(|e| panic!("{table}: {e:?}"));
            assert_eq!(papers.len(), 2, "{table}");
            assert_eq!(
                papers[0].front.summary.get("zh"),
                Some("总结 | 一。"),
                "{table}"
            );
            assert_eq!(
                papers[1].front.summary.get("zh"),
                Some("总结二。"),
                "{table}"
            );
            assert_eq!(papers[1].front.title.get("en"), Some("B Title"), "{table}");
        }
        // A line of text with a `|` in it, under no delimiter row, is no table.
        assert!(table_header(&["a | b", "text"], 0).is_none());
        assert!(split_row("a \\| b").is_empty());
        assert_eq!(split_row("a | b"), vec![(1, "a"), (5, "b")]);
        assert_eq!(split_row("   "), Vec::<(usize, &str)>::new());
    }

    #[test]
    fn trailing_spaces_are_no_part_of_any_text() {
        let digest = "| Ref | Title | Summary |\n| --- | --- | --- |\n| [^1] | [A Title](https://arxiv.org/abs/2404.02424) | 总结。 |\n\n[^1]: 标题\n\n    A Title\n\n    [https://arxiv.org/abs/2404.02424](https://arxiv.org/abs/2404.02424)\n\n    总结。\n\n    \n\n    中文摘要。\n\n    arXiv:2404.02424v1 Announce Type: new  Abstract: The abstract.\n";
        // Two spaces at the end of every line, as some editors keep them.
        let text: String = digest.lines().map(|l| format!("{l}  \n")).collect();
        let (papers, _) = parse(&text).unwrap();
        let front = &papers[0].front;
        assert_eq!(front.title.get("en"), Some("A Title"));
        assert_eq!(front.title.get("zh"), Some("标题"));
        assert_eq!(front.summary.get("zh"), Some("总结。"));
        assert_eq!(front.abstract_text.get("zh"), Some("中文摘要。"));
        assert_eq!(front.abstract_text.get("en"), Some("The abstract."));
    }

    #[test]
    fn details_indented_by_two_spaces_read_as_by_four() {
        let seed = "| Ref | Title | Summary |\n| --- | --- | --- |\n| [^1] | [A Title](https://arxiv.org/abs/2404.02424) | 总结。 |\n\n[^1]: 标题\n\n    A Title\n\n    [https://arxiv.org/abs/2404.02424](https://arxiv.org/abs/2404.02424)\n\n    总结。\n\n    \n\n    中文摘要。\n    \n    第二段。\n\n    arXiv:2404.02424v1 Announce Type: new  Abstract: The abstract.\n";
        let read = |text: &str| parse(text).unwrap().0.remove(0).front;
        let by_two = seed.replace("    ", "  ");
        let front = read(&by_two);
        assert_eq!(front, read(seed));
        assert_eq!(
            front.abstract_text.get("zh"),
            Some("中文摘要。\n\n第二段。")
        );
        assert_eq!(front.summary.get("zh"), Some("总结。"));
    }

    #[test]
    fn errors_in_tab_indented_details_point_at_the_text() {
        // Found by the fuzz target `markdown_digest`: the column assumed four spaces.
        for (indent, column) in [("    ", 5), ("\t", 2), ("  ", 3)] {
            let text = format!(
                "| Ref | Title | Summary |\n| --- | --- | --- |\n| [^1] | [T](https://arxiv.org/abs/2404.02424) | s |\n\n[^1]: 标题\n\n{indent}T\n\n{indent}not a link\n"
            );
            let errors = parse(&text).unwrap_err();
            let e = errors.iter().next().unwrap();
            assert_eq!((e.line, e.column), (9, column), "{indent:?}: {e:?}");
        }
    }

    /// A row that links another paper than its details is imported as its details say,
    /// with a warning at the row that names both.
    #[test]
    fn a_row_linking_another_paper_than_its_details_is_reported() {
        let text = "| Ref | Title | Summary |\n| --- | --- | --- |\n\
            | [^1] | [T](https://arxiv.org/abs/2401.99999) | s |\n\n[^1]: 标题\n\n    T\n\n\
            [https://arxiv.org/abs/2404.02424v2](https://arxiv.org/abs/2404.02424v2)\n\n    s\n\n    中文\n\n    English.\n";
        let text = text.replace("\n[https", "\n    [https");
        let (papers, warnings) = parse(&text).unwrap();
        assert_eq!(papers[0].front.id, "2404.02424");
        let shown = warnings.to_string();
        assert!(
            shown.contains("d.md:3:1")
                && shown.contains("links arXiv:2401.99999 but its details are of arXiv:2404.02424"),
            "{shown}"
        );
        // Another version of the same paper is the same paper.
        let same = text.replace("2401.99999", "2404.02424v1");
        assert!(parse(&same).unwrap().1.is_empty());
    }

    /// A post with one table per category, under its heading, and the details of all:
    /// every table is read (the second one's rows were said to be missing); a table of
    /// another kind after them is text outside the tables.
    #[test]
    fn a_table_per_category_is_read() {
        let entry = |n: u32, id: &str| {
            format!(
                "[^{n}]: 标题{n}\n\n    Title {n}\n\n    [https://arxiv.org/abs/{id}](https://arxiv.org/abs/{id})\n\n    总结{n}\n\n    \n\n    中文{n}\n\n    English {n}.\n\n"
            )
        };
        let text = format!(
            "## cs.CL\n\n| Ref | Title | Summary |\n| --- | --- | --- |\n| [^1] | [Title 1](https://arxiv.org/abs/2404.00001) | 总结1 |\n\n\
             ## cs.LG\n\n| Ref | Title | Summary |\n| --- | --- | --- |\n| [^2] | [Title 2](https://arxiv.org/abs/2404.00002) | 总结2 |\n\n\
             | category | papers |\n| --- | --- |\n| cs.CL | 1 |\n\n# 详细\n\n{}{}",
            entry(1, "2404.00001"),
            entry(2, "2404.00002")
        );
        let (papers, warnings) = parse(&text).unwrap_or_else(|d| panic!("{d}"));
        let ids: Vec<_> = papers.iter().map(|p| p.front.id.as_str()).collect();
        assert_eq!(ids, ["2404.00001", "2404.00002"]);
        let shown = warnings.to_string();
        assert!(
            shown.contains("d.md:13:1"),
            "the table of counts is text: {shown}"
        );
    }

    /// Details of a title, a link and two abstracts, the summary left to the table: the
    /// table's summary is the summary and the two paragraphs the abstracts (the Chinese
    /// abstract was taken for the summary, and the table's summary lost).
    #[test]
    fn details_without_a_summary_take_the_tables() {
        let text = "| Ref | Title | Summary |\n| --- | --- | --- |\n\
            | [^1] | [Attention Is All You Need](https://arxiv.org/abs/1706.03762) | 提出Transformer。 |\n\n\
            [^1]: 注意力\n\n    Attention Is All You Need\n\n    \
            [https://arxiv.org/abs/1706.03762](https://arxiv.org/abs/1706.03762)\n\n    \
            主流的序列转换模型基于循环网络。\n\n    The dominant models are recurrent.\n";
        let (papers, warnings) = parse(text).unwrap();
        let front = &papers[0].front;
        assert_eq!(front.summary.get("zh"), Some("提出Transformer。"));
        assert_eq!(
            front.abstract_text.get("zh"),
            Some("主流的序列转换模型基于循环网络。")
        );
        assert_eq!(
            front.abstract_text.get("en"),
            Some("The dominant models are recurrent.")
        );
        assert!(warnings.is_empty(), "{warnings}");
    }

    /// A Chinese summary that kept the old listing's suffix loses it, in the details as in
    /// the table, as the tool's JSON `tldr` does.
    #[test]
    fn a_chinese_summary_loses_the_listing_s_suffix() {
        let suffixed = "本文提出了一种新方法。 (arXiv:2310.05549v1 [stat.ML])";
        for (table, details) in [
            (suffixed, format!("    {suffixed}\n\n    \n\n")),
            (suffixed, String::new()),
        ] {
            let text = format!(
                "| Ref | Title | Summary |\n| --- | --- | --- |\n| [^1] | [A Title](https://arxiv.org/abs/2310.05549) | {table} |\n\n[^1]: 标题\n\n    A Title\n\n    [https://arxiv.org/abs/2310.05549](https://arxiv.org/abs/2310.05549)\n\n{details}    中文摘要。\n\n    The abstract.\n"
            );
            let (mut papers, warnings) = parse(&text).unwrap_or_else(|e| panic!("{e}"));
            let front = papers.remove(0).front;
            assert_eq!(
                front.summary.get("zh"),
                Some("本文提出了一种新方法。"),
                "{details:?}"
            );
            assert!(warnings.is_empty(), "{warnings}");
        }
    }

    /// A Chinese abstract that kept the announcement's head, in arXiv's words or
    /// translated, is the Chinese abstract without it; the English abstract starts at the
    /// announcement followed by English (the Chinese text was taken for the start of the
    /// English abstract, and `abstract.zh` lost).
    #[test]
    fn a_chinese_abstract_with_the_announcement_s_head_is_the_chinese_abstract() {
        let digest = |abstracts: &str| {
            format!(
                "| Ref | Title | Summary |\n| --- | --- | --- |\n| [^1] | [A Title](https://arxiv.org/abs/2404.02424) | 总结。 |\n\n[^1]: 标题\n\n    A Title\n\n    [https://arxiv.org/abs/2404.02424](https://arxiv.org/abs/2404.02424)\n\n    总结。\n\n    \n\n{abstracts}"
            )
        };
        let read = |text: &str| {
            parse(text)
                .unwrap_or_else(|e| panic!("{e}"))
                .0
                .remove(0)
                .front
        };
        let english = "    arXiv:2404.02424v1 Announce Type: new  Abstract: Vision-Language Models integrate.\n\n    A second paragraph.\n";
        for head in [
            "arXiv:2404.02424v1 Announce Type: new  Abstract: ",
            "arXiv:2404.02424v1 公告类型：新 摘要：",
        ] {
            let text = digest(&format!(
                "    {head}视觉-语言模型整合了信息。\n\n    第二段。\n\n{english}"
            ));
            let front = read(&text);
            assert_eq!(
                front.abstract_text.get("zh"),
                Some("视觉-语言模型整合了信息。\n\n第二段。"),
                "{head}"
            );
            assert_eq!(
                front.abstract_text.get("en"),
                Some("Vision-Language Models integrate.\n\nA second paragraph."),
                "{head}"
            );
            let arxiv = front.arxiv.unwrap();
            assert_eq!(
                (arxiv.version, arxiv.announce.as_deref()),
                (Some(1), Some("new"))
            );
        }
        // The English abstract without its line (an older digest's): the Chinese one's
        // line says how the paper was announced.
        let front = read(&digest(
            "    arXiv:2404.02424v2 Announce Type: replace  Abstract: 视觉-语言模型。\n\n    Vision-Language Models.\n",
        ));
        assert_eq!(front.abstract_text.get("zh"), Some("视觉-语言模型。"));
        assert_eq!(
            front.abstract_text.get("en"),
            Some("Vision-Language Models.")
        );
        let arxiv = front.arxiv.unwrap();
        assert_eq!(
            (arxiv.version, arxiv.announce.as_deref()),
            (Some(2), Some("replace"))
        );
        // The Chinese abstract alone is not taken for the English one.
        let front = read(&digest(
            "    arXiv:2404.02424v1 公告类型：新 摘要：视觉-语言模型。\n",
        ));
        assert_eq!(front.abstract_text.get("zh"), Some("视觉-语言模型。"));
        assert_eq!(front.abstract_text.get("en"), None);
    }

    /// An old record's translated title that repeats the English title with the
    /// listing's suffix is the Chinese part, as in the tool's JSON (it was kept whole).
    #[test]
    fn a_translated_title_with_the_listing_s_suffix_is_its_chinese_part() {
        let text = "| Ref | Title | Summary |\n| --- | --- | --- |\n| [^6] | [SoK: Facial Deepfake Detectors](https://arxiv.org/abs/2401.04364) | 总结。 |\n\n[^6]: SoK: Facial Deepfake Detectors. (arXiv:2401.04364v1 [cs.CV]) (面部深度伪造检测器)\n\n    SoK: Facial Deepfake Detectors. (arXiv:2401.04364v1 [cs.CV])\n\n    [https://arxiv.org/abs/2401.04364](https://arxiv.org/abs/2401.04364)\n\n    总结。\n\n    \n\n    中文摘要。\n\n    The abstract.\n";
        let (papers, warnings) = parse(text).unwrap_or_else(|e| panic!("{e}"));
        let front = &papers[0].front;
        assert_eq!(front.title.get("zh"), Some("面部深度伪造检测器"));
        assert_eq!(
            front.title.get("en"),
            Some("SoK: Facial Deepfake Detectors")
        );
        assert!(warnings.is_empty(), "{warnings}");
    }

    /// A Jekyll post's front matter and the text around the table and the details are
    /// named in warnings, not dropped unsaid; headings and rules are not text.
    #[test]
    fn what_a_digest_holds_besides_its_papers_is_reported() {
        let body = "# 摘要\n\n| Ref | Title | Summary |\n| --- | --- | --- |\n\
            | [^1] | [T](https://arxiv.org/abs/2404.60001) | 总结 |\n\n# 详细\n\n[^1]: 标题\n\n    T\n\n\
            [https://arxiv.org/abs/2404.60001](https://arxiv.org/abs/2404.60001)\n\n    总结\n\n    \n\n    摘要\n\n\
            arXiv:2404.60001v1 Announce Type: new  Abstract: A.\n";
        let body = body
            .replace("\n[https", "\n    [https")
            .replace("\narXiv:", "\n    arXiv:");
        let post = format!(
            "---\nlayout: post\ntitle: \"今日论文\"\ntags: [llm]\n---\n\n今天的论文都很有意思。\n\n{body}\n---\n*本期由 bot 生成。*\n"
        );
        let source = SourceFile {
            path: std::path::Path::new("2024-04-06-daily.md"),
            text: &post,
        };
        let (papers, warnings) = parse_digest(&source).unwrap();
        assert_eq!(papers.len(), 1);
        let found: Vec<(usize, String)> = warnings
            .iter()
            .map(|d| (d.line, d.message.clone()))
            .collect();
        assert_eq!(
            found,
            [
                (1, "the front matter (`layout`, `title`, `tags`) is not imported".to_string()),
                (7, "2 lines outside the table and the details are not imported (an introduction, a footer)".to_string()),
            ]
        );
        assert!(parse(&body).unwrap().1.is_empty());
    }
}
