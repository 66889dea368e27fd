//! How an imported digest is named: its date and the name of its source.
//!
//! Digest tools write one file per category and day (`cs.AI.md`, rewritten daily;
//! `20230501T031037Z_cs.CL.md`; `2025-08-01_AI_enhanced_Chinese.jsonl`). Two of them on one
//! day are two digests, so a digest's slug is its date *and* its source's name:
//! `cs.AI.md` imported for 2024-04-08 is `2024-04-08-cs-ai`, and importing the same source
//! for the same day again finds the same digest. The date is `--date`, else a date in the
//! file name (ISO 8601, extended or basic form, or year first without its zeros), else one
//! in the name of the nearest folder above it (or in folders of year, month and day), else
//! today (with a warning); the name is `--name`, else what the file's stem holds besides
//! the date.

use std::path::Path;

use chrono::NaiveDate;

use super::ImportOptions;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::frontmatter::{BilingualText, DigestFrontMatter};
use crate::rules::{date_in_name, is_iso_date_shape, parse_date, unpadded_shape};

/// The date and name of an imported digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestIdentity {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The source's name as written (`cs.AI`), if it has one.
    pub name: Option<String>,
    /// Nothing dated the digest (no `--date`, no date in the file's name or folders): it
    /// took today's date, which the import says.
    pub dated_today: bool,
}

/// The date of the nearest folders above `shown` that give one: a folder named with a
/// date (`archive/2024-04-08/cs.AI.md`), or three folders of year, month and day
/// (`archive/2024/04/08/cs.AI.md`).
fn date_of_folders(shown: &Path) -> Option<NaiveDate> {
    let folders: Vec<&str> = shown
        .parent()?
        .components()
        .filter_map(|c| c.as_os_str().to_str())
        .collect();
    let number = |s: &str, digits: std::ops::RangeInclusive<usize>| {
        (digits.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    (0..folders.len()).rev().find_map(|i| {
        if let Some((date, _)) = date_in_name(folders[i]) {
            return Some(date);
        }
        let [year, month, day] = folders.get(i.checked_sub(2)?..=i)? else {
            return None;
        };
        NaiveDate::from_ymd_opt(
            number(year, 4..=4)? as i32,
            number(month, 1..=2)?,
            number(day, 1..=2)?,
        )
    })
}

impl DigestIdentity {
    /// Reads the identity of a digest imported from the file `shown`.
    pub fn of_file(shown: &Path, options: &ImportOptions) -> Result<Self, Diagnostics> {
        let file_name = shown
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let stem = stem(file_name);
        let found = date_in_name(stem);
        if options.date.is_none() && found.is_none() {
            refuse_a_date_that_is_none(shown, stem)?;
        }
        let mut dated_today = false;
        let date = match &options.date {
            Some(date) => option_date(date)?,
            None => found
                .as_ref()
                .map(|(date, _)| *date)
                .or_else(|| date_of_folders(shown))
                .unwrap_or_else(|| {
                    dated_today = true;
                    crate::scaffold::today()
                }),
        };
        let name = match &options.name {
            Some(name) => name.trim().to_string(),
            // A pipe's name is a number of the shell's (`/dev/fd/63`): no name of the
            // digest's; it is named by its date.
            None if is_pipe(shown) => String::new(),
            None => match found {
                Some((_, range)) => name_beside(stem, range),
                None => stem.to_string(),
            },
        };
        let name = name.trim_matches(SEPARATORS);
        Ok(DigestIdentity {
            date: date.format("%Y-%m-%d").to_string(),
            name: (!name.is_empty()).then(|| name.to_string()),
            dated_today,
        })
    }

    /// The warning that a digest read from `shown` is dated today, when nothing dated it
    /// (see [`DigestIdentity::dated_today`]).
    pub fn dated_today_warning(&self, shown: &Path) -> Option<Diagnostic> {
        self.dated_today.then(|| {
            Diagnostic::file_warning(
                shown,
                format!(
                    "neither the file's name nor its folders hold a date: the digest is dated today ({})",
                    self.date
                ),
            )
            .with_hint("give the day it was published: --date YYYY-MM-DD, or a file name such as 2024-04-04_name.md")
        })
    }

    /// The date the file name of `shown` gives (`2025-08-01_AI_enhanced.jsonl`), if any,
    /// and the name left beside it: what `--date` overrides.
    pub(super) fn named_date(shown: &Path) -> Option<(NaiveDate, String)> {
        let file_name = shown.file_name()?.to_str()?;
        let stem = stem(file_name);
        let (date, range) = date_in_name(stem)?;
        Some((date, name_beside(stem, range)))
    }

    /// Reads the identity of the digest of a dated folder that `shown` is in
    /// (`docs/cs-AI/2025-06-05/papers/x.md` → 2025-06-05, `cs-AI`): the nearest folder
    /// with a date dates it; the rest of that folder's name, else the name of the folder
    /// above it, names it.
    pub fn of_folder(shown: &Path, options: &ImportOptions) -> Result<Self, Diagnostics> {
        let folders: Vec<&str> = shown
            .parent()
            .map(|p| {
                p.components()
                    .filter_map(|c| c.as_os_str().to_str())
                    .collect()
            })
            .unwrap_or_default();
        let dated = folders
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, folder)| date_in_name(folder).map(|(date, range)| (i, date, range)));
        let Some((at, date, range)) = dated else {
            return Err(Diagnostic::file_error(shown, "the file is in no folder named by a date")
                .with_hint("`digests: folder` makes one digest of each dated folder (docs/cs-AI/2025-06-05/...); without it, only papers are imported")
                .into());
        };
        let folder = folders[at];
        let rest = [&folder[..range.start], &folder[range.end..]]
            .map(|part| part.trim_matches(SEPARATORS))
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let name = match &options.name {
            Some(name) => name.trim().to_string(),
            None if !rest.is_empty() => rest,
            None => at
                .checked_sub(1)
                .map(|above| folders[above].trim_matches(SEPARATORS).to_string())
                .unwrap_or_default(),
        };
        let date = match &options.date {
            Some(given) => option_date(given)?,
            None => date,
        };
        Ok(DigestIdentity {
            date: date.format("%Y-%m-%d").to_string(),
            name: (!name.is_empty()).then_some(name),
            dated_today: false,
        })
    }

    /// The digest's slug, its file name: `2024-04-08-cs-ai`, or the date alone.
    pub fn slug(&self) -> String {
        match &self.name {
            None => self.date.clone(),
            Some(name) => format!("{}-{}", self.date, slug_of_name(name)),
        }
    }

    /// The digest's front matter, listing `papers`: a title naming the date and the source.
    pub fn front(&self, papers: Vec<String>) -> DigestFrontMatter {
        let suffix = self
            .name
            .as_ref()
            .map(|name| format!(" · {name}"))
            .unwrap_or_default();
        DigestFrontMatter {
            title: BilingualText::Map(vec![
                ("zh".into(), format!("论文摘要 {}{suffix}", self.date)),
                ("en".into(), format!("Paper digest {}{suffix}", self.date)),
            ]),
            date: Some(self.date.clone()),
            papers,
            ..DigestFrontMatter::default()
        }
    }
}

/// What separates a date from a name in a file name.
const SEPARATORS: &[char] = &[' ', '-', '_', '.', '+', '~'];

/// Extensions of importable files, dropped from a name (`.jsonl.gz` as a whole).
const EXTENSIONS: &[&str] = &[
    "md", "markdown", "txt", "xml", "rss", "atom", "json", "jsonl",
];

/// The file name without its importable extensions: `cs.AI.md` → `cs.AI`.
/// The parts of `stem` before and after its date at `range`, each without its separators,
/// joined by a space: the name of the source (`cs.AI` of `2024-04-08_cs.AI`).
fn name_beside(stem: &str, range: std::ops::Range<usize>) -> String {
    [&stem[..range.start], &stem[range.end..]]
        .map(|part| part.trim_matches(SEPARATORS))
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn stem(file_name: &str) -> &str {
    // `.gz` in any case (`2025-10-01.JSONL.GZ`), as the other extensions.
    let gz = file_name.len() > 3
        && file_name.is_char_boundary(file_name.len() - 3)
        && file_name[file_name.len() - 3..].eq_ignore_ascii_case(".gz");
    let mut stem = if gz {
        &file_name[..file_name.len() - 3]
    } else {
        file_name
    };
    if let Some((base, ext)) = stem.rsplit_once('.')
        && EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
        && !base.is_empty()
    {
        stem = base;
    }
    stem
}

/// A slug for a name: ASCII letters and digits in lower case, every other run of
/// characters one `-` (`cs.AI` → `cs-ai`). A name with letters or digits outside ASCII
/// (`机器学习`, `数学_Chinese`) gets a short stable code of the whole name as well, so that
/// `数学_Chinese` and `物理_Chinese` stay two digests.
fn slug_of_name(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let mut slug = slug.trim_end_matches('-');
    // The date, a `-`, the name and its code must make a slug (a file name of at most
    // MAX_SLUG_LEN bytes): a longer name is cut, and its code keeps two such names apart.
    let room = crate::rules::MAX_SLUG_LEN - "2024-04-08-".len() - "-n01234567".len();
    let cut = slug.len() > room;
    if cut {
        slug = slug[..room].trim_end_matches('-');
    }
    if name.chars().all(|c| c.is_ascii() || !c.is_alphanumeric()) && !slug.is_empty() && !cut {
        return slug.to_string();
    }
    // FNV-1a: fixed by its definition, so the code is the same on every run.
    let hash = name.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    if slug.is_empty() {
        format!("n{hash:08x}")
    } else {
        format!("{slug}-n{hash:08x}")
    }
}

/// A file name with something written as a date that is none (`2025-02-30_x.jsonl`,
/// `2025-13-45.md`) is refused: taking today's date instead would file the day wrongly.
fn refuse_a_date_that_is_none(shown: &Path, stem: &str) -> Result<(), Diagnostics> {
    let shaped = (0..stem.len())
        .filter_map(|i| stem.get(i..i + 10))
        .find(|s| is_iso_date_shape(s.as_bytes()) || is_day_first_shape(s.as_bytes()));
    if let Some(written) = shaped.filter(|s| is_day_first_shape(s.as_bytes())) {
        return Err(day_first(shown, written));
    }
    let shaped = shaped.or_else(|| unpadded_shape(stem).map(|(range, _)| &stem[range]));
    match shaped {
        Some(written) => Err(Diagnostic::file_error(
            shown,
            format!("the file's name holds `{written}`, which is not a date"),
        )
        .with_hint("rename the file with its digest's real date, or give it: --date YYYY-MM-DD")
        .into()),
        None => Ok(()),
    }
}

/// The refusal of a date written day or month first (`01-10-2025`): which one, import
/// does not guess. The hint gives the readings that are dates.
fn day_first(shown: &Path, written: &str) -> Diagnostics {
    let (a, b, year) = (&written[..2], &written[3..5], &written[6..]);
    let readings: Vec<String> = [(b, a), (a, b)]
        .iter()
        .filter_map(|(month, day)| parse_date(&format!("{year}-{month}-{day}")))
        .map(|d| d.format("%Y-%m-%d").to_string())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let readings = match readings.as_slice() {
        [] => String::new(),
        [one] => format!(" ({one})"),
        more => format!(" ({})", more.join(" or ")),
    };
    Diagnostic::file_error(
        shown,
        format!(
            "the file's name holds `{written}`, a date written with the day or the month first, which could be either"
        ),
    )
    .with_hint(format!(
        "rename the file with the date written year first, YYYY-MM-DD{readings}, or give it: --date YYYY-MM-DD"
    ))
    .into()
}

/// What `--date` is told when it is no date.
const DATE_OPTION_HINT: &str = "write the date as YYYY-MM-DD, e.g. --date 2024-04-04";

/// `--date`: `YYYY-MM-DD` only.
fn option_date(date: &str) -> Result<NaiveDate, Diagnostics> {
    date_option(date).ok_or_else(|| {
        Diagnostic::file_error(Path::new("--date"), format!("`{date}` is not a date"))
            .with_hint(DATE_OPTION_HINT)
            .into()
    })
}

fn date_option(date: &str) -> Option<NaiveDate> {
    Some(date.trim())
        .filter(|d| is_iso_date_shape(d.as_bytes()))
        .and_then(parse_date)
}

/// Checks a value of `--date` as the import reads it, for the command line to refuse a
/// malformed one as a usage error before anything is read: the problem and what to write.
pub fn check_date_option(date: &str) -> Result<(), String> {
    match date_option(date) {
        Some(_) => Ok(()),
        None => Err(format!("`{date}` is not a date: {DATE_OPTION_HINT}")),
    }
}

/// `DD-DD-DDDD` or `DD.DD.DDDD`: a date written day or month first (`01-10-2025`), which
/// could be either; refused rather than guessed.
fn is_day_first_shape(s: &[u8]) -> bool {
    s.len() == 10
        && (s[2] == b'-' && s[5] == b'-' || s[2] == b'.' && s[5] == b'.')
        && s.iter()
            .enumerate()
            .all(|(i, b)| i == 2 || i == 5 || b.is_ascii_digit())
}

/// Whether `shown` names a pipe of the shell's (`<(zcat day.gz)` is `/dev/fd/63`) or
/// standard input, whose names say nothing of what they hold.
fn is_pipe(shown: &Path) -> bool {
    shown == Path::new("/dev/stdin")
        || shown.starts_with("/dev/fd")
        || shown.starts_with("/proc/self/fd")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity(
        file: &str,
        date: Option<&str>,
        name: Option<&str>,
    ) -> Result<(String, String), String> {
        let options = ImportOptions {
            date: date.map(str::to_string),
            name: name.map(str::to_string),
            ..ImportOptions::default()
        };
        DigestIdentity::of_file(Path::new(file), &options)
            .map(|id| (id.date.clone(), id.slug()))
            .map_err(|d| d.to_string())
    }

    fn today() -> String {
        crate::scaffold::today().format("%Y-%m-%d").to_string()
    }

    /// A pipe names its digest by the date alone (not `2024-04-04-63`), or by `--name`.
    #[test]
    fn a_pipe_gives_its_digest_no_name() {
        for pipe in ["/dev/fd/63", "/dev/stdin", "/proc/self/fd/0"] {
            assert_eq!(
                identity(pipe, Some("2024-04-04"), None),
                Ok(("2024-04-04".to_string(), "2024-04-04".to_string())),
                "{pipe}"
            );
        }
        assert_eq!(
            identity("/dev/fd/63", Some("2024-04-04"), Some("cs.AI")).map(|i| i.1),
            Ok("2024-04-04-cs-ai".to_string())
        );
    }

    #[test]
    fn dates_come_from_the_option_or_the_file_name() {
        let date = |file: &str, option: Option<&str>| identity(file, option, None).map(|i| i.0);
        assert_eq!(date("x.md", Some("2024-04-04")).unwrap(), "2024-04-04");
        assert!(date("x.md", Some("2024-4-4")).is_err());
        assert!(date("x.md", Some("-2024-04-04")).is_err());
        assert_eq!(date("again-2026-08-15.md", None).unwrap(), "2026-08-15");
        // ISO 8601's basic forms, as cn-chat-arxiv's history names its files.
        assert_eq!(date("20230501_cs.CL.md", None).unwrap(), "2023-05-01");
        assert_eq!(
            date("20230501T031037Z_cs.CL.md", None).unwrap(),
            "2023-05-01"
        );
        assert_eq!(date("cs.AI-20240408.md", None).unwrap(), "2024-04-08");
        assert_eq!(
            date("cn-2024-02-30-2024-03-01.md", None).unwrap(),
            "2024-03-01"
        );
        assert_eq!(date("digest.md", None).unwrap(), today());
        // An arXiv id, nine digits or an impossible basic date is no date.
        assert_eq!(date("2404.02424.md", None).unwrap(), today());
        assert_eq!(date("123456789.md", None).unwrap(), today());
        assert_eq!(date("20231345.md", None).unwrap(), today());
    }

    /// Archives kept by day in folders: a dated folder or three of year, month and day,
    /// the nearest first; a digest dated by nothing says it took today's date.
    #[test]
    fn folders_date_a_file_named_without_a_date() {
        let of = |file: &str| {
            DigestIdentity::of_file(Path::new(file), &ImportOptions::default()).unwrap()
        };
        let dated = |file: &str| {
            let identity = of(file);
            assert!(!identity.dated_today, "{file}");
            assert!(identity.dated_today_warning(Path::new(file)).is_none());
            (identity.date.clone(), identity.slug())
        };
        assert_eq!(
            dated("a/2024/01/02/cs.LG.md"),
            ("2024-01-02".into(), "2024-01-02-cs-lg".into())
        );
        assert_eq!(dated("2024/1/2/cs.LG.md").0, "2024-01-02");
        assert_eq!(dated("2023-12-31/2024/01/02/cs.LG.md").0, "2024-01-02");
        assert_eq!(dated("2024/01/02/x/2023-12-31/cs.LG.md").0, "2023-12-31");
        for undated in [
            "2024/13/02/cs.LG.md",
            "2024/01/cs.LG.md",
            "x/024/01/02/cs.LG.md",
            "week-12.md",
        ] {
            let identity = of(undated);
            assert_eq!(identity.date, today(), "{undated}");
            let warning = identity
                .dated_today_warning(Path::new(undated))
                .expect(undated);
            assert!(
                warning.message.contains("dated today"),
                "{}",
                warning.message
            );
        }
    }

    /// A name too long for a file name is cut, and a code of the whole name keeps two such
    /// names apart; the slug stays one the site reads.
    #[test]
    fn a_long_name_is_cut_to_make_a_slug() {
        let long = "x".repeat(230);
        let slug = identity(&format!("2024-01-01_{long}.md"), None, None)
            .unwrap()
            .1;
        assert!(crate::rules::is_slug(&slug), "{slug}");
        assert_eq!(slug.len(), crate::rules::MAX_SLUG_LEN);
        let other = identity(&format!("2024-01-01_{long}y.md"), None, None)
            .unwrap()
            .1;
        assert_ne!(slug, other);
        assert_eq!(slug[..180], other[..180]);
    }

    #[test]
    fn a_date_without_its_zeros_is_read_and_gz_in_capitals_is_an_extension() {
        let slug = |file: &str| identity(file, None, None).unwrap().1;
        assert_eq!(
            slug("2025-8-1_AI_enhanced_Chinese.jsonl"),
            "2025-08-01-ai-enhanced-chinese"
        );
        assert_eq!(slug("2025.10.1.md"), "2025-10-01");
        assert_eq!(slug("2025-10-01.JSONL.GZ"), "2025-10-01");
        // An arXiv id is no date.
        assert_eq!(identity("2401.01234.json", None, None).unwrap().0, today());
    }

    #[test]
    fn a_date_in_the_name_that_is_none_is_refused() {
        for file in [
            "2025-02-30_x_Chinese.jsonl",
            "2025-13-45.md",
            "2025-2-30_x.jsonl",
        ] {
            let refused = identity(file, None, None).unwrap_err().to_string();
            assert!(refused.contains("which is not a date"), "{refused}");
            // `--date` says which day it is.
            assert!(identity(file, Some("2025-02-28"), None).is_ok());
        }
    }

    #[test]
    fn a_date_written_day_or_month_first_is_refused_as_either() {
        let refused = identity("01-10-2025_x.md", None, None).unwrap_err();
        assert!(
            refused.contains("the file's name holds `01-10-2025`, a date written with the day or the month first, which could be either"),
            "{refused}"
        );
        assert!(
            refused.contains("rename the file with the date written year first, YYYY-MM-DD (2025-01-10 or 2025-10-01), or give it: --date YYYY-MM-DD"),
            "{refused}"
        );
        let refused = identity("31.12.2025_AI_enhanced_Chinese.jsonl", None, None).unwrap_err();
        assert!(refused.contains("YYYY-MM-DD (2025-12-31), or"), "{refused}");
        assert!(identity("01-10-2025_x.md", Some("2025-10-01"), None).is_ok());
    }

    #[test]
    fn the_rest_of_the_stem_names_the_digest() {
        let slug = |file: &str, date: Option<&str>| identity(file, date, None).unwrap().1;
        assert_eq!(slug("cs.AI.md", Some("2024-04-08")), "2024-04-08-cs-ai");
        assert_eq!(slug("20230501T031037Z_cs.CL.md", None), "2023-05-01-cs-cl");
        assert_eq!(
            slug("2023-05-01T03-10-37Z_cs.CL.md", None),
            "2023-05-01-cs-cl"
        );
        assert_eq!(
            slug("2025-08-01_AI_enhanced_Chinese.jsonl.gz", None),
            "2025-08-01-ai-enhanced-chinese"
        );
        assert_eq!(slug("2024-04-04.md", None), "2024-04-04");
        assert_eq!(slug("digests/2024-04-04.md", None), "2024-04-04");
        // The nearest folder with a date dates a file without one.
        assert_eq!(
            slug("archive/2024-04-09/cs.AI.md", None),
            "2024-04-09-cs-ai"
        );
        assert_eq!(
            slug("2023/20240409T0300Z/x/cs.AI.md", None),
            "2024-04-09-cs-ai"
        );
        assert_eq!(
            slug("2024-04-01/cs.AI-2024-04-09.md", None),
            "2024-04-09-cs-ai"
        );
        assert_eq!(slug("cs.AI-20240408.md", None), "2024-04-08-cs-ai");
        // A time with its UTC offset is part of the date, not of the name.
        assert_eq!(
            slug("2024-04-04T23:30:00+08:00_cs.CL.md", None),
            "2024-04-04-cs-cl"
        );
        assert_eq!(
            slug("20240404T233000-0500_cs.AI.md", None),
            "2024-04-04-cs-ai"
        );
        assert_eq!(slug("digest.md", None), format!("{}-digest", today()));
        // Two categories of one day are two digests; one name on two days, two as well.
        assert_ne!(
            slug("cs.AI.md", Some("2024-04-08")),
            slug("cs.CL.md", Some("2024-04-08"))
        );
        // A name without ASCII letters still names one digest, the same on every run.
        let chinese = slug("机器学习.md", Some("2024-04-08"));
        assert!(
            chinese.starts_with("2024-04-08-n") && chinese.len() == 20,
            "{chinese}"
        );
        assert_eq!(chinese, slug("机器学习.md", Some("2024-04-08")));
        assert!(crate::rules::is_slug(&chinese));
        // Names that differ only outside ASCII are two digests too.
        let maths = slug("2025-08-01_数学_Chinese.jsonl", None);
        let physics = slug("2025-08-01_物理_Chinese.jsonl", None);
        assert!(maths.starts_with("2025-08-01-chinese-n"), "{maths}");
        assert_ne!(maths, physics);
        assert!(crate::rules::is_slug(&maths));
        assert_eq!(
            slug("2024-04-04_cs.AI_数学.md", None),
            slug("2024-04-04_cs.AI_数学.md", None)
        );
        assert_ne!(
            slug("2024-04-04_cs.AI_数学.md", None),
            slug("2024-04-04_cs.AI_物理.md", None)
        );
    }

    #[test]
    fn a_dated_folder_names_its_digest() {
        let of = |path: &str| {
            DigestIdentity::of_folder(Path::new(path), &ImportOptions::default())
                .map(|id| id.slug())
                .map_err(|d| d.to_string())
        };
        assert_eq!(
            of("docs/cs-AI/2025-06-05/papers/x.md").unwrap(),
            "2025-06-05-cs-ai"
        );
        assert_eq!(
            of("site/2025-06-05_cs.CV/x.md").unwrap(),
            "2025-06-05-cs-cv"
        );
        assert_eq!(of("2025-06-05/x.md").unwrap(), "2025-06-05");
        assert!(
            of("papers/x.md")
                .unwrap_err()
                .contains("no folder named by a date")
        );
    }

    #[test]
    fn the_name_option_replaces_the_file_s_name() {
        let slug =
            |file: &str, name: &str| identity(file, Some("2024-04-04"), Some(name)).unwrap().1;
        assert_eq!(slug("000_e6d854fc55a81dd5.txt", ""), "2024-04-04");
        assert_eq!(
            slug("000_e6d854fc55a81dd5.txt", "cs.CL"),
            "2024-04-04-cs-cl"
        );
        assert_eq!(
            slug("x.md", "  Robotics & Vision "),
            "2024-04-04-robotics-vision"
        );
    }

    #[test]
    fn the_title_names_the_source() {
        let options = ImportOptions {
            date: Some("2024-04-08".into()),
            ..ImportOptions::default()
        };
        let front = DigestIdentity::of_file(Path::new("cs.AI.md"), &options)
            .unwrap()
            .front(vec!["a".into()]);
        assert_eq!(
            front.title,
            BilingualText::Map(vec![
                ("zh".into(), "论文摘要 2024-04-08 · cs.AI".into()),
                ("en".into(), "Paper digest 2024-04-08 · cs.AI".into()),
            ])
        );
        assert_eq!(front.papers, ["a"]);
    }
}
