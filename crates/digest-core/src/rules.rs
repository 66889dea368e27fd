//! Rules that more than one stage applies, so that they are written once: what a slug is,
//! how a date is read (in a field, and in a file's name), how a tag, an arXiv category (or a heading) becomes a URL segment.
//!
//! [`validate`](crate::validate) checks content against them; [`model`](crate::model),
//! [`pipeline`](crate::pipeline) (its in-place edits), [`import`](crate::import), [`scaffold`](crate::scaffold)
//! and [`markdown`](crate::markdown) apply them. They depend on nothing else in the crate.
//! arXiv's own rules (identifiers, announce types) live in [`arxiv`](crate::arxiv).

/// The longest slug, in bytes: a slug names a folder of the output (`papers/<id>/`), and
/// file systems allow names of 255 bytes; the rest is room for what is added (`.md`).
pub const MAX_SLUG_LEN: usize = 200;

/// What a slug is, in words, for the hints of errors that refuse one.
pub const SLUG_RULE: &str = "ASCII letters (a-z, A-Z), digits, `.`, `_` and `-`, starting with a letter or digit, at most 200 characters";

/// `[A-Za-z0-9][A-Za-z0-9._-]*`, at most 200 bytes long: a string that can be used
/// as one URL path segment and one file name.
pub fn is_slug(s: &str) -> bool {
    if s.len() > MAX_SLUG_LEN {
        return false;
    }
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// The file an alias (a former address of a digest or a page, `/2024/02/05/daily.html`,
/// `/archive/2024-02-05/`) is written to, relative to the output: an address ending in
/// `.html` or `.htm` is that file, any other the `index.html` of that folder. Or why it
/// cannot be one: not a path within the site (a scheme, `..`, `?`, `#`, a backslash, a
/// name beginning with `.`), or the home page. Percent-encoding is decoded, as a server
/// decodes the address a browser asks for.
pub fn alias_file(alias: &str) -> Result<String, String> {
    let written = alias.trim();
    if written.contains("://") || written.starts_with("//") {
        return Err("is an address on another site: an alias is a path of this one, such as /2024/02/05/daily.html".into());
    }
    // An address as a browser sends it (`/old%20post.html`) names the file it decodes to.
    let decoded = percent_encoding::percent_decode_str(written)
        .decode_utf8()
        .map_err(|_| "is percent-encoded bytes that are no UTF-8 text".to_string())?;
    if decoded.matches('/').count() != written.matches('/').count() {
        return Err("has a `/` written as %2F".into());
    }
    if let Some(c) = decoded
        .chars()
        .find(|c| c.is_control() || matches!(c, '\\' | '?' | '#' | ':'))
    {
        return Err(format!(
            "holds `{}`, which an alias cannot: write the path alone, such as /2024/02/05/daily.html",
            c.escape_debug()
        ));
    }
    let path = decoded.trim_start_matches('/');
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    if path.is_empty() {
        return Err("is the home page, which is the site's own".into());
    }
    if segments
        .iter()
        .any(|s| s.trim().is_empty() || *s == "." || *s == "..")
    {
        return Err("has an empty, `.` or `..` segment".into());
    }
    // Names beginning with `.` are the output's own (its record of files, `.nojekyll`) or
    // a server's (`.git`, `.well-known`).
    if segments.iter().any(|s| s.starts_with('.')) {
        return Err("has a segment beginning with `.`, which names the site's own files (.nojekyll) or a server's".into());
    }
    // A file system names a file or folder in at most 255 bytes.
    if let Some(long) = segments.iter().find(|s| s.len() > 255) {
        return Err(format!(
            "has a segment of {} bytes (`{}…`): a file or folder name has at most 255",
            long.len(),
            long.chars().take(40).collect::<String>()
        ));
    }
    let last = segments.last().copied().unwrap_or_default();
    let is_file = !path.ends_with('/')
        && [".html", ".htm"]
            .iter()
            .any(|ext| last.len() > ext.len() && last.to_ascii_lowercase().ends_with(ext));
    Ok(if is_file {
        path.to_string()
    } else {
        format!("{}/index.html", path.trim_end_matches('/'))
    })
}

/// The shapes of a date [`parse_date`] reads, for the hints of errors that refuse one.
pub const DATE_RULE: &str = "write dates as YYYY-MM-DD, e.g. 2024-04-04; a date and time as Hugo, Zola or Jekyll write it (2024-04-04T10:00:00, 2024-04-04T10:00:00+08:00, 2024-04-04 10:00:00 +0800) is read as its date";

/// Parses `YYYY-MM-DD`, or a date and time that starts with it, keeping the date as
/// written: RFC 3339 (`2024-04-04T10:00:00Z`, `…+08:00`), a local date-time as Hugo and
/// Zola write it (`2024-04-04T10:00:00`, `2024-04-04 10:00`), or Jekyll's
/// `2024-04-04 10:00:00 +0800`. The day is the one written, in the time zone it was
/// written in (no conversion to UTC, which would move a Chinese evening to the day
/// before), as the import of a Jekyll digest reads it.
pub fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    let s = s.trim();
    // Four digits of year, two of month and of day: chrono alone also reads `-2024-01-01`,
    // `+2024-01-01` and `2024-4-4`, which feeds and sitemaps could not carry.
    let digits = |r: std::ops::Range<usize>| {
        s.as_bytes()
            .get(r)
            .is_some_and(|b| b.iter().all(u8::is_ascii_digit))
    };
    let shaped = digits(0..4)
        && s.as_bytes().get(4) == Some(&b'-')
        && digits(5..7)
        && s.as_bytes().get(7) == Some(&b'-')
        && digits(8..10);
    if !shaped {
        return None;
    }
    // The ten bytes are ASCII: the split is at a character.
    let (day, time) = s.split_at(10);
    let date = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
    (time.is_empty() || is_time_of_day(time)).then_some(date)
}

/// Whether `rest`, what follows a date, is a time of day: `T` or a space, `HH:MM`, an
/// optional `:SS` and fraction, and an optional zone (`Z`, `+08:00`, `+0800`, `-05`),
/// after a space too (Jekyll's `10:00:00 +0800`). Anything else is no date: a date with a
/// word after it is a mistake, not a day.
fn is_time_of_day(rest: &str) -> bool {
    let Some(rest) = rest
        .strip_prefix(['T', 't', ' '])
        .map(|r| r.trim_start_matches(' '))
    else {
        return false;
    };
    let b = rest.as_bytes();
    let two = |at: usize, max: u8| {
        b.get(at..at + 2).is_some_and(|d| {
            d.iter().all(u8::is_ascii_digit) && (d[0] - b'0') * 10 + (d[1] - b'0') <= max
        })
    };
    if !(two(0, 23) && b.get(2) == Some(&b':') && two(3, 59)) {
        return false;
    }
    let mut at = 5;
    if b.get(at) == Some(&b':') {
        // 60: a leap second, which RFC 3339 allows.
        if !two(at + 1, 60) {
            return false;
        }
        at += 3;
        if b.get(at) == Some(&b'.') {
            let digits = b[at + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if digits == 0 {
                return false;
            }
            at += 1 + digits;
        }
    }
    let zone = rest[at..].trim_start_matches(' ');
    if zone.is_empty() || zone.eq_ignore_ascii_case("z") {
        return true;
    }
    let Some(offset) = zone.strip_prefix(['+', '-']) else {
        return false;
    };
    let o = offset.as_bytes();
    let hours = o.len() >= 2
        && o[..2].iter().all(u8::is_ascii_digit)
        && (o[0] - b'0') * 10 + (o[1] - b'0') <= 23;
    let minutes = |m: &[u8]| {
        m.len() == 2 && m.iter().all(u8::is_ascii_digit) && (m[0] - b'0') * 10 + (m[1] - b'0') <= 59
    };
    hours
        && match &o[2..] {
            [] => true,
            [b':', m @ ..] => minutes(m),
            m => minutes(m),
        }
}

/// A date in a file name and the bytes it takes, in ISO 8601's extended form
/// (`2023-05-01`) or its basic form (`20230501`), with the time of a date-time
/// (`20230501T031037Z`, `2023-05-01T03-10-37`) taken along. A basic date is eight digits
/// with no digit on either side, so an arXiv id is none.
pub fn date_in_name(name: &str) -> Option<(chrono::NaiveDate, std::ops::Range<usize>)> {
    let bytes = name.as_bytes();
    let extended = (0..name.len())
        .filter_map(|i| name.get(i..i + 10).map(|s| (i, s)))
        .filter(|(_, s)| is_iso_date_shape(s.as_bytes()))
        .find_map(|(i, s)| {
            chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .map(|d| (d, i..i + 10))
        });
    let (date, range) = extended.or_else(|| unpadded_date(name)).or_else(|| {
        (0..bytes.len().saturating_sub(7))
            .filter(|&i| {
                bytes[i..i + 8].iter().all(u8::is_ascii_digit)
                    && (i == 0 || !bytes[i - 1].is_ascii_digit())
                    && bytes.get(i + 8).is_none_or(|b| !b.is_ascii_digit())
            })
            .find_map(|i| {
                chrono::NaiveDate::parse_from_str(&name[i..i + 8], "%Y%m%d")
                    .ok()
                    .map(|d| (d, i..i + 8))
            })
    })?;
    Some((
        date,
        range.start..range.end + time_after(&bytes[range.end..]),
    ))
}

/// A date written year first without its zeros (`2025-8-1`, `2025.10.1`, `2025_8_01`):
/// four digits, then month and day of one or two digits, one separator (`-`, `.` or `_`)
/// between them, and no digit on either side.
fn unpadded_date(name: &str) -> Option<(chrono::NaiveDate, std::ops::Range<usize>)> {
    let (range, [year, month, day]) = unpadded_shape(name)?;
    Some((
        chrono::NaiveDate::from_ymd_opt(year as i32, month, day)?,
        range,
    ))
}

/// Where the first date written as [`unpadded_date`] reads them is, and its three numbers
/// (whether they make a date or not).
pub(crate) fn unpadded_shape(name: &str) -> Option<(std::ops::Range<usize>, [u32; 3])> {
    let bytes = name.as_bytes();
    let digits = |from: usize| {
        bytes.get(from..).map_or(0, |rest| {
            rest.iter().take_while(|b| b.is_ascii_digit()).count()
        })
    };
    (0..bytes.len()).find_map(|i| {
        if i > 0 && bytes[i - 1].is_ascii_digit() || digits(i) != 4 {
            return None;
        }
        let sep = *bytes
            .get(i + 4)
            .filter(|b| matches!(b, b'-' | b'.' | b'_'))?;
        let month = digits(i + 5);
        let after_month = i + 5 + month;
        if !(1..=2).contains(&month) || bytes.get(after_month) != Some(&sep) {
            return None;
        }
        let day = digits(after_month + 1);
        if !(1..=2).contains(&day) {
            return None;
        }
        let end = after_month + 1 + day;
        let number = |r: std::ops::Range<usize>| name[r].parse::<u32>().ok();
        Some((
            i..end,
            [
                number(i..i + 4)?,
                number(i + 5..after_month)?,
                number(after_month + 1..end)?,
            ],
        ))
    })
}

/// The length of a time right after a date: `T` and digits, `-`, `:` or `+` between them
/// (a UTC offset: `T23:30:00+08:00`), an optional `Z`; zero when there is none.
fn time_after(rest: &[u8]) -> usize {
    if rest.first() != Some(&b'T') {
        return 0;
    }
    let digits = rest[1..]
        .iter()
        .take_while(|b| b.is_ascii_digit() || matches!(b, b'-' | b':' | b'+'))
        .count();
    if digits < 4 {
        return 0;
    }
    1 + digits + usize::from(rest.get(1 + digits) == Some(&b'Z'))
}

/// `DDDD-DD-DD` in ASCII digits (chrono alone would also take `-2026-08-1`).
pub(crate) fn is_iso_date_shape(s: &[u8]) -> bool {
    s.len() == 10
        && s.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

/// The slug of a tag: lower case, runs of anything but letters and digits become `-`.
/// Letters of any script are kept, so Chinese tags get Chinese URLs. Cut to at most
/// [`MAX_SLUG_LEN`] bytes, at a character.
pub fn tag_slug(tag: &str) -> String {
    let mut slug = full_tag_slug(tag);
    if slug.len() > MAX_SLUG_LEN {
        let mut end = MAX_SLUG_LEN;
        while !slug.is_char_boundary(end) {
            end -= 1;
        }
        slug.truncate(end);
        slug.truncate(slug.trim_end_matches('-').len());
    }
    slug
}

/// Whether the mark at `i` is one of a run of `+` or `#` that follows a letter or digit
/// and ends a word (nothing after it but marks other than letters and digits).
fn ends_a_word(chars: &[char], i: usize) -> bool {
    let start = chars[..i]
        .iter()
        .rposition(|c| !matches!(c, '+' | '#'))
        .map_or(0, |p| p + 1);
    let after = chars[i + 1..].iter().find(|c| !matches!(c, '+' | '#'));
    start > 0 && chars[start - 1].is_alphanumeric() && !after.is_some_and(|c| c.is_alphanumeric())
}

fn full_tag_slug(tag: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut slug = String::with_capacity(tag.len());
    let mut dash = false;
    // Composed first: `Gröbner` typed on one machine and copied from a PDF on another
    // (`o` and a combining diaeresis) is one tag, not `gröbner` and `gro-bner`.
    let chars: Vec<char> = tag.trim().nfc().collect();
    let word = |slug: &mut String, dash: &mut bool, text: &str| {
        if *dash && !slug.is_empty() {
            slug.push('-');
        }
        *dash = false;
        slug.push_str(text);
    };
    for (i, &c) in chars.iter().enumerate() {
        if c.is_alphanumeric() {
            word(&mut slug, &mut dash, &c.to_lowercase().to_string());
        } else if matches!(c, '+' | '#') && ends_a_word(&chars, i) {
            // `C++`, `C#`, `F#`, `A+`: the marks at a word's end are the name (all three
            // were `c`, one tag). A leading `#` (`#nlp`) and a joining `+` (`vision+language`)
            // are separators as other marks are.
            dash = true;
            word(
                &mut slug,
                &mut dash,
                if c == '+' { "plus" } else { "sharp" },
            );
            dash = true;
        } else {
            dash = true;
        }
    }
    slug
}

/// The slug of a category: its name when that is a slug (`cs.CV`, `hep-th`), else made
/// as a tag's (`Computer Vision` → `computer-vision`).
pub(crate) fn category_slug(name: &str) -> String {
    if is_slug(name) {
        name.to_string()
    } else {
        tag_slug(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_one_path_segment() {
        assert!(is_slug("2404.02424"));
        assert!(is_slug("hep-th-9901001"));
        assert!(!is_slug("hep-th/9901001"));
        assert!(is_slug(&"a".repeat(MAX_SLUG_LEN)));
        assert!(!is_slug(&"a".repeat(MAX_SLUG_LEN + 1)));
        let long = tag_slug(&"深度学习 ".repeat(100));
        assert!(long.len() <= MAX_SLUG_LEN && !long.ends_with('-'), "{long}");
        assert!(!is_slug("-x"));
    }

    #[test]
    fn dates_are_calendar_dates() {
        assert!(parse_date("2024-02-30").is_none());
        assert!(parse_date("2024-02-29").is_some());
        // Written as YYYY-MM-DD, or a date-time that starts so.
        for not_shaped in [
            "-2024-01-01",
            "+2024-01-01",
            "2024-4-4",
            "24-01-01",
            "20240101",
        ] {
            assert!(parse_date(not_shaped).is_none(), "{not_shaped}");
        }
        assert!(parse_date("2024-04-04T10:00:00Z").is_some());
    }

    /// A date and time as Hugo, Zola and Jekyll write it is its date as written, in the
    /// zone it was written in: no conversion to UTC (an evening east of it stays its day).
    #[test]
    fn date_times_are_their_date_as_written() {
        let day = chrono::NaiveDate::from_ymd_opt(2024, 4, 4);
        for written in [
            "2024-04-04",
            "2024-04-04T10:00:00Z",
            "2024-04-04T23:30:00-05:00",
            "2024-04-04T01:30:00+08:00",
            "2024-04-04T10:00:00",
            "2024-04-04T10:00:00.123",
            "2024-04-04t10:00z",
            "2024-04-04 10:00:00",
            "2024-04-04 10:00",
            "2024-04-04 10:00:00 +0800",
            "2024-04-04 23:59:60 -0500",
            "2024-04-04 10:00:00+08",
            " 2024-04-04 10:00:00 +08:00 ",
        ] {
            assert_eq!(parse_date(written), day, "{written:?}");
        }
        for bad in [
            "2024-04-04T",
            "2024-04-04T25:00:00",
            "2024-04-04T10:60",
            "2024-04-04T10",
            "2024-04-04 10:00:00 +2500",
            "2024-04-04 10:00:00 CST",
            "2024-04-04 10:00:00.",
            "2024-04-04x",
            "2024-04-04 morning",
            "2024-04-04T10:00:00+0",
            "2024-02-30 10:00:00",
        ] {
            assert_eq!(parse_date(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn aliases_are_paths_within_the_site() {
        assert_eq!(
            alias_file("/2024/02/05/daily.html").unwrap(),
            "2024/02/05/daily.html"
        );
        assert_eq!(
            alias_file("/archive/2024-02-05/").unwrap(),
            "archive/2024-02-05/index.html"
        );
        assert_eq!(alias_file("old/about").unwrap(), "old/about/index.html");
        assert_eq!(alias_file("/x/Page.HTM").unwrap(), "x/Page.HTM");
        // As a browser sends it: percent-encoded, the file it names.
        assert_eq!(alias_file("/old%20post.html").unwrap(), "old post.html");
        assert_eq!(alias_file("/%E6%97%A5/x.html").unwrap(), "日/x.html");
        assert_eq!(alias_file("/old post.html").unwrap(), "old post.html");
        for bad in [
            "/a/ /b",
            "/%2e%2e/evil.html",
            "/a%2Fb.html",
            "/%ff.html",
            "/.digest-site-files/",
            "/.nojekyll/",
            "/x/.git/a.html",
        ] {
            assert!(alias_file(bad).is_err(), "{bad:?}");
        }
        // A name longer than a file system takes (found when the build wrote it).
        let long = format!("/{}.html", "日".repeat(90));
        assert!(alias_file(&long).unwrap_err().contains("at most 255"));
        assert!(alias_file(&format!("/{}.html", "a".repeat(250))).is_ok());
        for bad in [
            "/",
            "",
            "https://e.org/x/",
            "//e.org/x",
            "/a/../b/",
            "/a//b/",
            "/a?b",
            "/a#b",
            "javascript:alert(1)",
            "/a\\b",
            "/./a",
        ] {
            assert!(alias_file(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn tag_slugs_are_composed() {
        assert_eq!(tag_slug("Gr\u{f6}bner"), tag_slug("Gro\u{308}bner"));
        assert_eq!(tag_slug("Gro\u{308}bner"), "gr\u{f6}bner");
    }

    #[test]
    fn tag_slugs_keep_letters_of_any_script() {
        assert_eq!(tag_slug("Vision-Language Models"), "vision-language-models");
        assert_eq!(tag_slug("  剪枝 "), "剪枝");
        // The marks that end a name are part of it: three languages, three tags.
        assert_eq!(tag_slug("C++"), "c-plus-plus");
        assert_eq!(tag_slug("C#"), "c-sharp");
        assert_eq!(tag_slug("C"), "c");
        assert_eq!(tag_slug("c++ "), "c-plus-plus");
        assert_eq!(tag_slug("Notepad++ tips"), "notepad-plus-plus-tips");
        // A leading `#` and a joining `+` separate, as other marks do.
        assert_eq!(tag_slug("#NLP"), "nlp");
        assert_eq!(tag_slug("vision+language"), "vision-language");
        assert_eq!(tag_slug("+++"), "");
        assert_eq!(tag_slug("---"), "");
    }
}
