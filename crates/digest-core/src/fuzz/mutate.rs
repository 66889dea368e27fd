//! The engine's mutations of an input: a token of the format, odd characters, deletions,
//! copies and repetitions of a piece, a piece of another input, numbers, whole lines, a
//! shorter input, a raw byte. Mostly kept valid UTF-8: the formats are text.

/// Characters that break parsers: NUL and other controls, a BOM, line and paragraph
/// separators, a combining mark, CJK, an emoji, a lone surrogate's replacement.
const ODD_CHARS: &[&str] = &[
    "\0",
    "\u{1}",
    "\u{7f}",
    "\r",
    "\r\n",
    "\t",
    "\u{b}",
    "\u{c}",
    "\u{85}",
    "\u{a0}",
    "\u{feff}",
    "\u{2028}",
    "\u{2029}",
    "\u{301}",
    "\u{200b}",
    "中",
    "文",
    "é",
    "😀",
    "\u{fffd}",
    "\u{10ffff}",
];

const NUMBERS: &[&str] = &[
    "0",
    "00",
    "1",
    "-1",
    "9",
    "10",
    "13",
    "29",
    "31",
    "32",
    "99",
    "255",
    "256",
    "65535",
    "2147483647",
    "2147483648",
    "4294967295",
    "4294967296",
    "9223372036854775807",
    "18446744073709551616",
    "99999999999999999999999",
    "1e400",
    "0x10",
    "-0",
    ".5",
];

/// Moves `i` forward to the start of a UTF-8 character.
fn boundary(buf: &[u8], mut i: usize) -> usize {
    while i < buf.len() && (buf[i] & 0xC0) == 0x80 {
        i += 1;
    }
    i
}

fn position(rng: &mut fastrand::Rng, buf: &[u8]) -> usize {
    boundary(buf, rng.usize(..=buf.len()))
}

/// A range of at most `max` bytes (at least one when the buffer is not empty).
fn range(rng: &mut fastrand::Rng, buf: &[u8], max: usize) -> (usize, usize) {
    if buf.is_empty() {
        return (0, 0);
    }
    let start = boundary(buf, rng.usize(..buf.len()));
    let len = rng.usize(1..=max.max(1));
    let end = boundary(buf, (start + len).min(buf.len()));
    (start, end)
}

/// Line spans (start, end including the `\n`).
fn lines(buf: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &b) in buf.iter().enumerate() {
        if b == b'\n' {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < buf.len() {
        out.push((start, buf.len()));
    }
    out
}

/// One mutation of `buf`, mostly keeping it valid UTF-8 (the formats are text).
pub(super) fn mutate(
    rng: &mut fastrand::Rng,
    buf: &mut Vec<u8>,
    pool: &[Vec<u8>],
    dictionary: &[&str],
    max_len: usize,
) {
    match rng.u8(..14) {
        // A token of the format.
        0..=3 if !dictionary.is_empty() => {
            let token = dictionary[rng.usize(..dictionary.len())];
            let at = position(rng, buf);
            buf.splice(at..at, token.bytes());
        }
        4 => {
            let odd = ODD_CHARS[rng.usize(..ODD_CHARS.len())];
            let at = position(rng, buf);
            buf.splice(at..at, odd.bytes());
        }
        5 => {
            let (a, b) = range(rng, buf, 8);
            buf.drain(a..b);
        }
        6 => {
            let (a, b) = range(rng, buf, buf.len() / 2);
            buf.drain(a..b);
        }
        // Copy a piece elsewhere.
        7 => {
            let (a, b) = range(rng, buf, 64);
            let piece = buf[a..b].to_vec();
            let at = position(rng, buf);
            buf.splice(at..at, piece);
        }
        // Repeat a piece many times: nesting, long runs, quadratic paths.
        8 => {
            let (a, b) = range(rng, buf, 16);
            let piece = buf[a..b].to_vec();
            let times = [2, 3, 10, 50, 200, 1000][rng.usize(..6)];
            let repeated: Vec<u8> = piece
                .iter()
                .copied()
                .cycle()
                .take((piece.len() * times).min(max_len))
                .collect();
            buf.splice(b..b, repeated);
        }
        // Splice in a piece of another input.
        9 if !pool.is_empty() => {
            let other = &pool[rng.usize(..pool.len())];
            let (oa, ob) = range(rng, other, 256);
            let piece = other[oa..ob].to_vec();
            let (a, b) = range(rng, buf, 32);
            let b = if rng.bool() { a } else { b };
            buf.splice(a..b, piece);
        }
        // A number where there was a digit, or anywhere.
        10 => {
            let number = NUMBERS[rng.usize(..NUMBERS.len())];
            let digits: Vec<usize> = (0..buf.len())
                .filter(|&i| buf[i].is_ascii_digit())
                .collect();
            if digits.is_empty() {
                let at = position(rng, buf);
                buf.splice(at..at, number.bytes());
            } else {
                let start = digits[rng.usize(..digits.len())];
                let end = start
                    + buf[start..]
                        .iter()
                        .take_while(|b| b.is_ascii_digit())
                        .count();
                buf.splice(start..end, number.bytes());
            }
        }
        // Whole lines: delete, duplicate or swap.
        11 => {
            let spans = lines(buf);
            if spans.is_empty() {
                return;
            }
            let (a, b) = spans[rng.usize(..spans.len())];
            match rng.u8(..3) {
                0 => {
                    buf.drain(a..b);
                }
                1 => {
                    let line = buf[a..b].to_vec();
                    buf.splice(a..a, line);
                }
                _ => {
                    let (c, d) = spans[rng.usize(..spans.len())];
                    if b <= c {
                        let (first, second) = (buf[a..b].to_vec(), buf[c..d].to_vec());
                        buf.splice(c..d, first);
                        buf.splice(a..b, second);
                    }
                }
            }
        }
        // Cut the input short.
        12 => {
            let at = position(rng, buf);
            buf.truncate(at);
        }
        // A raw byte change (may break UTF-8).
        _ => {
            if buf.is_empty() {
                buf.push(rng.u8(..));
            } else {
                let i = rng.usize(..buf.len());
                if rng.bool() {
                    buf[i] ^= 1 << rng.u8(..8);
                } else {
                    buf[i] = rng.u8(..);
                }
            }
        }
    }
    if buf.len() > max_len {
        buf.truncate(max_len);
    }
}
