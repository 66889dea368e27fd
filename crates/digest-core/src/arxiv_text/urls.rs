//! Addresses written out in arXiv text (`https://github.com/a/b`, `www.cs.x.edu/~user`):
//! where each one starts and ends, so the scanner keeps it as written and links it, instead
//! of reading its `~` as a tie and its `--` as a dash.
//!
//! Hand-written rather than with linkify: arXiv text ends an address where linkify does
//! not. A translation runs Chinese straight on (`见https://x.org/a上的代码，共563个`), where
//! linkify, even with IRIs off, reads on through the Chinese to the digits; and LaTeX
//! ends an address at a command, a group or math (`\url`'s argument `}`, `~\cite{}`, `$`),
//! while an escaped `\_` in it (authors copy addresses from their LaTeX) is still part of
//! the address. What is left is short: a start, the ASCII characters of an address, and
//! the trailing punctuation of the sentence given back.

/// One address of a text: its byte range in the text, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Url {
    pub(super) start: usize,
    pub(super) end: usize,
}

/// The characters LaTeX escapes that an address may hold (`lcr\_regularization`).
const ESCAPED: &[u8] = b"_%#&";

/// Every address of `text` that starts with `http://`, `https://` or `www.`, in order.
pub(super) fn find_urls(text: &str) -> Vec<Url> {
    let mut urls = Vec::new();
    // Most texts have none: two searches of the whole text, no walk.
    if !text.contains("http") && !text.contains("www.") {
        return urls;
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        let scheme = if rest.starts_with(b"https://") {
            8
        } else if rest.starts_with(b"http://") {
            7
        } else if rest.starts_with(b"www.") {
            0
        } else {
            i += 1;
            continue;
        };
        // A word that only ends in `http` or `www` (`xhttp://`, `awww.b`) is no address.
        let word_goes_on =
            i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || b"./@_-".contains(&bytes[i - 1]));
        match (!word_goes_on).then(|| url_end(bytes, i, scheme)).flatten() {
            Some(end) => {
                urls.push(Url { start: i, end });
                i = end;
            }
            None => i += 1,
        }
    }
    urls
}

/// The end of the address starting at `start` whose host starts `scheme` bytes later, or
/// `None` when what follows is no host.
fn url_end(bytes: &[u8], start: usize, scheme: usize) -> Option<usize> {
    let mut end = start + scheme;
    // Brackets the address opened: a closing one it did not open is the sentence's, as in
    // `(see https://x.org/a)` or Markdown's `[https://x.org](https://x.org)`, while
    // `https://en.wikipedia.org/wiki/A_(b)` keeps its own.
    let (mut round, mut square) = (0usize, 0usize);
    while end < bytes.len() {
        match bytes[end] {
            b'\\' if bytes.get(end + 1).is_some_and(|b| ESCAPED.contains(b)) => end += 2,
            // Whitespace, anything outside ASCII (Chinese runs on without a space), and what
            // ends an address in LaTeX or in HTML: a command, a group, math, markup.
            b if !b.is_ascii_graphic() => break,
            b'\\' | b'{' | b'}' | b'$' | b'<' | b'>' | b'"' | b'`' | b'|' | b'^' => break,
            b')' if round == 0 => break,
            b']' if square == 0 => break,
            b => {
                match b {
                    b'(' => round += 1,
                    b')' => round -= 1,
                    b'[' => square += 1,
                    b']' => square -= 1,
                    _ => {}
                }
                end += 1;
            }
        }
    }
    // The sentence's punctuation after the address is not part of it: a stop, a comma, a
    // closing quote, a tie before a citation (`https://x.org~\cite{x}`).
    while end > start + scheme
        && matches!(
            bytes[end - 1],
            b'.' | b',' | b':' | b';' | b'!' | b'?' | b'*' | b'\'' | b'~'
        )
    {
        end -= 1;
    }
    let host = &bytes[start + scheme..end];
    let host = &host[..host
        .iter()
        .position(|b| b"/?#:".contains(b))
        .unwrap_or(host.len())];
    let is_host = if scheme == 0 {
        // `www.` needs a name and a dot after it (`www.example.org`), unlike the word `www.`.
        host.len() > 4 && host[4..].contains(&b'.') && host.last() != Some(&b'.')
    } else {
        host.first().is_some_and(u8::is_ascii_alphanumeric)
    };
    is_host.then_some(end)
}

/// The address `written` (its range of the text) as it is meant: LaTeX's escapes
/// (`\_`) undone.
pub(super) fn unescaped(written: &str) -> std::borrow::Cow<'_, str> {
    if !written.contains('\\') {
        return std::borrow::Cow::Borrowed(written);
    }
    let mut out = String::with_capacity(written.len());
    let mut chars = written.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && chars
                .peek()
                .is_some_and(|n| n.is_ascii() && ESCAPED.contains(&(*n as u8)))
        {
            continue;
        }
        out.push(c);
    }
    std::borrow::Cow::Owned(out)
}

/// The `href` of an address: `www.` ones get the scheme a browser would assume.
pub(super) fn href(url: &str) -> std::borrow::Cow<'_, str> {
    if url.starts_with("www.") {
        std::borrow::Cow::Owned(format!("http://{url}"))
    } else {
        std::borrow::Cow::Borrowed(url)
    }
}
