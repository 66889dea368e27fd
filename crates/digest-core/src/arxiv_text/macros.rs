//! The tables of LaTeX text macros the scanner knows: those that become an HTML element
//! around their argument, old-style font switches, macros that stand for a character,
//! accents, citations; and MathJax's `\unicode{}` argument.
//!
//! Our own tables, since no crate maps LaTeX text macros to HTML and characters. A macro
//! not listed here is shown as written: adding one is adding a line to a table.

/// An HTML element a macro becomes.
#[derive(Debug, Clone, Copy)]
pub(super) enum Element {
    Em,
    I,
    B,
    Code,
    U,
    Sup,
    Sub,
    SmallCaps,
    /// No element: the contents only.
    None,
}

impl Element {
    pub(super) fn open(self) -> &'static str {
        match self {
            Element::Em => "<em>",
            Element::I => "<i>",
            Element::B => "<b>",
            Element::Code => "<code>",
            Element::U => "<u>",
            Element::Sup => "<sup>",
            Element::Sub => "<sub>",
            Element::SmallCaps => "<span class=\"smallcaps\">",
            Element::None => "",
        }
    }

    pub(super) fn close(self) -> &'static str {
        match self {
            Element::Em => "</em>",
            Element::I => "</i>",
            Element::B => "</b>",
            Element::Code => "</code>",
            Element::U => "</u>",
            Element::Sup => "</sup>",
            Element::Sub => "</sub>",
            Element::SmallCaps => "</span>",
            Element::None => "",
        }
    }
}

/// Text macros with one argument that become an element around it.
pub(super) fn argument_element(name: &str) -> Option<Element> {
    Some(match name {
        "emph" => Element::Em,
        "textit" | "textsl" | "mathit" => Element::I,
        "textbf" | "mathbf" | "bm" | "boldsymbol" => Element::B,
        "texttt" | "mathtt" => Element::Code,
        "underline" | "uline" => Element::U,
        "textsuperscript" => Element::Sup,
        "textsubscript" => Element::Sub,
        "textsc" => Element::SmallCaps,
        "text" | "textrm" | "textnormal" | "textsf" | "textup" | "textmd" | "mbox" | "hbox"
        | "mathrm" | "mathsf" | "mathnormal" => Element::None,
        _ => return None,
    })
}

/// Old-style font switches (`{\em ...}`, `{\bf ...}`): they act up to the end of the group.
pub(super) fn switch_element(name: &str) -> Option<Element> {
    Some(match name {
        "em" => Element::Em,
        "it" | "sl" | "itshape" | "slshape" => Element::I,
        "bf" | "bfseries" => Element::B,
        "tt" | "ttfamily" => Element::Code,
        "sc" | "scshape" => Element::SmallCaps,
        "rm" | "sf" | "normalfont" | "rmfamily" | "sffamily" | "upshape" | "mdseries" | "tiny"
        | "scriptsize" | "footnotesize" | "small" | "normalsize" | "large" | "Large" | "LARGE"
        | "huge" | "Huge" => Element::None,
        _ => return None,
    })
}

/// Text macros without an argument that stand for characters.
pub(super) fn symbol(name: &str) -> Option<&'static str> {
    Some(match name {
        "ldots" | "dots" | "textellipsis" => "…",
        "textendash" => "–",
        "textemdash" => "—",
        "textbackslash" => "\\",
        "textasciitilde" => "~",
        "textasciicircum" => "^",
        "textless" => "<",
        "textgreater" => ">",
        "textbar" => "|",
        "textquoteleft" => "‘",
        "textquoteright" => "’",
        "textquotedblleft" => "“",
        "textquotedblright" => "”",
        "textbullet" => "•",
        "textdegree" => "°",
        "textregistered" => "®",
        "texttrademark" => "™",
        "textcopyright" | "copyright" => "©",
        "textsection" | "S" => "§",
        "textparagraph" | "P" => "¶",
        "dag" | "textdagger" => "†",
        "ddag" | "textdaggerdbl" => "‡",
        "pounds" | "textsterling" => "£",
        "euro" | "texteuro" => "€",
        "LaTeX" => "LaTeX",
        "TeX" => "TeX",
        "BibTeX" => "BibTeX",
        "ss" => "ß",
        "o" => "ø",
        "O" => "Ø",
        "ae" => "æ",
        "AE" => "Æ",
        "oe" => "œ",
        "OE" => "Œ",
        "aa" => "å",
        "AA" => "Å",
        "l" => "ł",
        "L" => "Ł",
        "i" => "ı",
        "j" => "ȷ",
        "slash" => "/",
        "quad" | "qquad" | "enspace" | "space" => " ",
        "newline" | "linebreak" | "par" | "noindent" | "xspace" | "relax" | "/" => "",
        _ => return None,
    })
}

/// The combining mark of an accent command (`\"o`, `\'e`, `\c{c}`, `\v{s}`, ...).
pub(super) fn accent_mark(name: &str) -> Option<char> {
    Some(match name {
        "\"" => '\u{0308}',
        "'" => '\u{0301}',
        "`" => '\u{0300}',
        "^" => '\u{0302}',
        "~" => '\u{0303}',
        "=" => '\u{0304}',
        "." => '\u{0307}',
        "c" => '\u{0327}',
        "v" => '\u{030C}',
        "u" => '\u{0306}',
        "H" => '\u{030B}',
        "r" => '\u{030A}',
        "k" => '\u{0328}',
        "d" => '\u{0323}',
        "b" => '\u{0331}',
        _ => return None,
    })
}

/// Citation-like macros: shown as `[key]`, since the key is all an abstract has.
pub(super) fn is_citation(name: &str) -> bool {
    matches!(
        name,
        "cite" | "citet" | "citep" | "citealp" | "citealt" | "citeauthor" | "ref" | "eqref"
    )
}

/// `x2014` or `2014` or `8212` (MathJax `\unicode` argument) as a character.
pub(super) fn unicode_argument(arg: &str) -> Option<char> {
    let arg = arg.trim();
    let code = match arg.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => arg.parse().ok()?,
    };
    char::from_u32(code).filter(|c| !c.is_control())
}
