//! Backslash commands of arXiv text, for the scanner: math delimiters `\(` `\[`, escaped
//! characters, accents, and macros (looked up in the tables of `macros.rs`); an unknown
//! macro is shown as written.
//!
//! Hand-written with the scanner: no crate converts LaTeX text macros outside math.

use unicode_normalization::UnicodeNormalization;

use super::macros::{
    accent_mark, argument_element, is_citation, switch_element, symbol, unicode_argument,
};
use super::scanner::Scanner;

impl Scanner<'_, '_> {
    /// A backslash at `i`: math delimiters, escaped characters, accents and macros.
    pub(super) fn backslash(&mut self, s: &str, i: usize, depth: usize) -> usize {
        let bytes = s.as_bytes();
        let Some(&next) = bytes.get(i + 1) else {
            self.text_out("\\");
            return i + 1;
        };
        match next {
            b'(' | b'[' => {
                let (kind, display) = if next == b'(' { (2, false) } else { (3, true) };
                if let Some(end) = self.closing_delimiter(s, i + 2, kind) {
                    let delim = if display { "\\[" } else { "\\(" };
                    self.math(s, i, &s[i + 2..end], end + 2, display, delim);
                    return end + 2;
                }
                self.text_out(&s[i..i + 2]);
                i + 2
            }
            b'%' | b'&' | b'_' | b'#' | b'$' | b'{' | b'}' => {
                self.text_out(&s[i + 1..i + 2]);
                i + 2
            }
            b'\\' | b' ' | b'\n' | b'\t' | b'\r' => {
                self.space = true;
                i + 2
            }
            b',' => {
                self.text_out("\u{2009}");
                i + 2
            }
            b';' | b':' => {
                self.text_out(" ");
                i + 2
            }
            b'-' | b'@' | b'/' => i + 2,
            b'"' | b'\'' | b'`' | b'^' | b'~' | b'=' | b'.' => {
                let mark = accent_mark(&s[i + 1..i + 2]).unwrap_or('\u{0301}');
                self.accent(s, i, i + 2, mark)
            }
            c if c.is_ascii_alphabetic() => {
                let name_end = i
                    + 1
                    + bytes[i + 1..]
                        .iter()
                        .take_while(|b| b.is_ascii_alphabetic())
                        .count();
                self.command(s, i, &s[i + 1..name_end], name_end, depth)
            }
            _ => {
                self.text_out("\\");
                i + 1
            }
        }
    }

    /// A macro `\name` spanning `i..name_end` of `s`.
    fn command(&mut self, s: &str, i: usize, name: &str, name_end: usize, depth: usize) -> usize {
        if let Some(element) = switch_element(name) {
            // Acts to the end of the enclosing group: the rest of this slice.
            let rest = s[name_end..].trim_start();
            self.markup(element.open(), true);
            let rest_start = s.len() - rest.len();
            self.convert(&s[rest_start..], depth + 1);
            self.markup(element.close(), false);
            return s.len();
        }
        if let Some(element) = argument_element(name)
            && let Some((arg, end)) = self.argument(s, name_end)
        {
            self.markup(element.open(), true);
            self.convert(arg, depth + 1);
            self.markup(element.close(), false);
            return end;
        }
        if let Some(mark) = accent_mark(name)
            && name.len() == 1
        {
            return self.accent(s, i, name_end, mark);
        }
        if let Some(text) = symbol(name) {
            self.text_out(text);
            // `\ss{}`, `\LaTeX{}`: the empty group only ends the macro name.
            return if s[name_end..].starts_with("{}") {
                name_end + 2
            } else {
                name_end
            };
        }
        match name {
            "url" => {
                if let Some((arg, end)) = self.argument(s, name_end) {
                    self.link(arg.trim(), None, depth);
                    return end;
                }
            }
            "href" => {
                if let Some((url, mid)) = self.argument(s, name_end)
                    && let Some((label, end)) = self.argument(s, mid)
                {
                    self.link(url.trim(), Some(label), depth);
                    return end;
                }
            }
            "textcolor" | "colorbox" => {
                if let Some((_, mid)) = self.argument(s, name_end)
                    && let Some((arg, end)) = self.argument(s, mid)
                {
                    self.convert(arg, depth + 1);
                    return end;
                }
            }
            "footnote" => {
                if let Some((arg, end)) = self.argument(s, name_end) {
                    self.space = true;
                    self.text_out("(");
                    self.convert(arg, depth + 1);
                    self.text_out(")");
                    return end;
                }
            }
            "unicode" => {
                // MathJax's `\unicode{x2014}` (seen outside math in abstracts, too).
                if let Some((arg, end)) = self.argument(s, name_end)
                    && let Some(c) = unicode_argument(arg)
                {
                    let mut buf = [0u8; 4];
                    self.text_out(c.encode_utf8(&mut buf));
                    return end;
                }
            }
            _ if is_citation(name) => {
                if let Some((arg, end)) = self.argument(s, name_end) {
                    self.text_out("[");
                    let mut first = true;
                    for key in arg.split(',') {
                        if !first {
                            self.text_out(", ");
                        }
                        first = false;
                        self.text_out(key.trim());
                    }
                    self.text_out("]");
                    return end;
                }
            }
            _ => {}
        }
        // Unknown (or missing its argument): shown as written, braces of its arguments kept.
        self.text_out(&s[i..name_end]);
        let mut at = name_end;
        while s[at..].starts_with('{') {
            let Some(close) = self.closing_brace(s, at) else {
                break;
            };
            self.text_out("{");
            self.convert(&s[at + 1..close], depth + 1);
            self.text_out("}");
            at = close + 1;
        }
        at
    }

    /// `{...}`: a font switch at its start applies to all of it; otherwise the braces only
    /// group (`{T}ransformer`) and are dropped.
    pub(super) fn group(&mut self, inner: &str, depth: usize) {
        self.convert(inner, depth + 1);
    }

    /// An accent command from `i`, its letter (or `{letter}`) starting at `at`.
    fn accent(&mut self, s: &str, i: usize, at: usize, mark: char) -> usize {
        let (base, end) = match s[at..].chars().next() {
            Some('{') => match self.closing_brace(s, at) {
                Some(close) => {
                    let inner = s[at + 1..close].trim();
                    // `\"{\i}` is a dotless i with an accent: plain i.
                    let inner = if inner == "\\i" { "i" } else { inner };
                    let mut chars = inner.chars();
                    match (chars.next(), chars.next()) {
                        (Some(c), None) => (Some(c), close + 1),
                        (None, _) => (Some(' '), close + 1),
                        _ => (None, at),
                    }
                }
                None => (None, at),
            },
            Some(c) if c.is_alphabetic() => (Some(c), at + c.len_utf8()),
            _ => (None, at),
        };
        match base {
            Some(' ') => {
                // `\~{}`, `\^{}`: the accent alone, as the character written.
                let written = &s[i + 1..at];
                if written.len() == 1 && !written.as_bytes()[0].is_ascii_alphabetic() {
                    self.text_out(written);
                } else {
                    let mut buf = [0u8; 4];
                    self.text_out(mark.encode_utf8(&mut buf));
                }
                end
            }
            Some(base) => {
                let composed: String = [base, mark].into_iter().nfc().collect();
                self.text_out(&composed);
                end
            }
            None => {
                self.text_out(&s[i..at]);
                at
            }
        }
    }

    /// `\url{u}` and `\href{u}{label}`: a link when `u` is http(s), else the text.
    fn link(&mut self, url: &str, label: Option<&str>, depth: usize) {
        let linkable = url.starts_with("http://") || url.starts_with("https://");
        if linkable && self.html() {
            self.open_link(url);
        }
        match label {
            Some(label) => self.convert_unlinked(label, depth + 1),
            None => self.text_out(url),
        }
        if linkable && self.html() {
            self.out.push_str("</a>");
        }
    }
}
