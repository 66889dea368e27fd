//! What arXiv text becomes, through the public face of the module: examples from real
//! abstracts (arXiv ids in the comments) and from the fuzz target `text`.

use super::*;

#[test]
fn escapes_everything() {
    assert_eq!(
        render_inline("<script>a & b</script>"),
        "&lt;script&gt;a &amp; b&lt;/script&gt;"
    );
    assert_eq!(render_block("a\nb\n\nc"), "<p>a b</p><p>c</p>");
    assert_eq!(render_block("a\n  \nb"), "<p>a</p><p>b</p>");
    assert_eq!(render_inline("\"x\" 'y'"), "&quot;x&quot; &#39;y&#39;");
}

#[test]
fn inline_math_becomes_mathml() {
    // 1808.08763 (cn-chat-arxiv 2026-08).
    let html = render_inline("Monte Carlo and $TD(\\lambda)$ methods");
    assert!(html.starts_with("Monte Carlo and <math>"), "{html}");
    // What MathML assumes is not written: inline display, the symmetry of a bracket that
    // does not stretch.
    assert!(
        !html.contains("display=") && !html.contains("symmetric"),
        "{html}"
    );
    assert!(html.contains("<mo stretchy=\"false\">(</mo>"), "{html}");
    assert!(html.contains("λ"), "{html}");
    assert!(html.ends_with("</math> methods"), "{html}");
    assert!(!html.contains('$'));
}

#[test]
fn every_delimiter_kind_is_math() {
    for (text, math) in [
        ("a $\\mathcal{O}(n^2)$ b", "<math>"),
        ("a \\(\\frac{a}{b}\\) b", "<math>"),
        ("a $$x^2$$ b", "<math display=\"block\">"),
        ("a \\[\\sum_i x_i\\] b", "<math display=\"block\">"),
    ] {
        let html = render_inline(text);
        assert!(html.contains(math), "{text}: {html}");
        assert!(
            html.starts_with("a <math") && html.ends_with("</math> b"),
            "{html}"
        );
    }
}

#[test]
fn chinese_translations_keep_math() {
    let html = render_block("我们考虑了$TD(\\lambda)$方法的收敛性。");
    assert!(html.starts_with("<p>我们考虑了<math"), "{html}");
    assert!(html.ends_with("</math>方法的收敛性。</p>"), "{html}");
}

#[test]
fn prices_and_escaped_dollars_are_text() {
    // 2310.09373: `\$902.91`; a plain "$5 and $10" is not math either.
    assert_eq!(
        render_inline("initially at \\$902.91, since"),
        "initially at $902.91, since"
    );
    assert_eq!(render_inline("costs $5 and $10"), "costs $5 and $10");
    // 2310.12760: math holding an escaped dollar.
    let html = render_inline("around $\\$$80/tCO$_2$");
    assert!(html.matches("<math").count() == 2, "{html}");
}

#[test]
fn text_macros_become_html() {
    assert_eq!(
        render_inline("\\textit{a} \\emph{b} \\textbf{c} \\texttt{d}"),
        "<i>a</i> <em>b</em> <b>c</b> <code>d</code>"
    );
    assert_eq!(
        render_inline("``quoted'' `single' 1--2 a---b x~y"),
        "“quoted” ‘single’ 1–2 a—b x\u{a0}y"
    );
    assert_eq!(
        render_inline("50\\% Q\\&A snake\\_case \\#1"),
        "50% Q&amp;A snake_case #1"
    );
    // 2310.00692: old-style switches.
    assert_eq!(
        render_inline("mentioned {\\em noise geometry} for"),
        "mentioned <em>noise geometry</em> for"
    );
    assert_eq!(
        render_inline("{\\bf Bold} {T}ransformer"),
        "<b>Bold</b> Transformer"
    );
    // What real abstracts mean by braces and tildes outside math: a set, a subscript,
    // "about" before a number; a tie before a number after a word stays one.
    assert_eq!(
        render_inline("ternary {-1, 0, 1} weights and V={v1，...，vn}"),
        "ternary {-1, 0, 1} weights and V={v1，...，vn}"
    );
    assert_eq!(
        render_inline("λ_{t+1}(c) and {BERT}"),
        "λ_{t+1}(c) and BERT"
    );
    // Grouping braces of real abstracts stay unseen: a thousands separator, protected
    // case, an emphasis, a sentence.
    assert_eq!(
        render_inline("22{,}879 images, {3D} Gaussian, {1}-shot, {Smith, J.}"),
        "22,879 images, 3D Gaussian, 1-shot, Smith, J."
    );
    assert_eq!(
        render_inline("{\\em Transformers, RNNs and CNNs} {In contrast to DMs, ours is 2x}"),
        "<em>Transformers, RNNs and CNNs</em> In contrast to DMs, ours is 2x"
    );
    assert_eq!(
        render_inline("Graph-Skeleton: ~1% Nodes, (~10x), 14~32%, 10%~20% and Fig.~2"),
        "Graph-Skeleton: ~1% Nodes, (~10x), 14~32%, 10%~20% and Fig.\u{a0}2"
    );
    assert_eq!(
        render_inline(
            "We find ~ 10% of (r ~ 0.5), 0 ~ 9, g(X) ~= X, (350M~66B) and Table~1 of Smith et al.~\\cite{a}"
        ),
        "We find ~ 10% of (r ~ 0.5), 0 ~ 9, g(X) ~= X, (350M~66B) and Table\u{a0}1 of Smith et al.\u{a0}[a]"
    );
    // Ties of real abstracts: before a citation, after a number, math or a bracket, after
    // a comma; and Chinese, which writes `~` for a range or "about".
    assert_eq!(
        render_inline("Phi-4~\\cite{p} at 2.16~dB, $d$~inputs, (a)~clusters, e.g.,~by 32~GiB"),
        "Phi-4\u{a0}[p] at 2.16\u{a0}dB, <math><mi>d</mi></math>\u{a0}inputs, (a)\u{a0}clusters, e.g.,\u{a0}by 32\u{a0}GiB"
    );
    assert_eq!(
        render_inline("周一~周五开放，仅为~3天"),
        "周一~周五开放，仅为~3天"
    );
    assert_eq!(
        render_inline("\\textsc{GraphCare}"),
        "<span class=\"smallcaps\">GraphCare</span>"
    );
}

#[test]
fn urls_become_links_and_other_schemes_do_not() {
    // 2310.00036.
    assert_eq!(
        render_inline("available at \\url{https://github.com/vwxyzjn/cleanba}."),
        "available at <a href=\"https://github.com/vwxyzjn/cleanba\">https://github.com/vwxyzjn/cleanba</a>."
    );
    assert_eq!(
        render_inline("\\href{https://github.com/a/b}{GitHub~repo}"),
        "<a href=\"https://github.com/a/b\">GitHub\u{a0}repo</a>"
    );
    assert_eq!(
        render_inline("\\url{javascript:alert(1)}"),
        "javascript:alert(1)"
    );
    assert_eq!(
        render_inline("\\url{https://a.b/\"><script>}"),
        "<a href=\"https://a.b/&quot;&gt;&lt;script&gt;\">https://a.b/&quot;&gt;&lt;script&gt;</a>"
    );
}

#[test]
fn accents_compose() {
    // 2310.00604, 2309.16742, 2310.01032.
    assert_eq!(
        render_inline("Schr\\\"odinger Schr\\\"{o}dinger"),
        "Schrödinger Schrödinger"
    );
    assert_eq!(
        render_inline("Cram\\'er-Rao na\\\"ive \\c{c}a"),
        "Cramér-Rao naïve ça"
    );
    assert_eq!(render_inline("\\L{}ojasiewicz"), "Łojasiewicz");
}

#[test]
fn broken_input_is_shown_as_written() {
    assert_eq!(
        render_inline("\\textbf{never closed"),
        "\\textbf{never closed"
    );
    assert_eq!(render_inline("stray } brace {"), "stray } brace {");
    assert_eq!(render_inline("a $b"), "a $b");
    assert_eq!(
        render_inline("\\ours{} beats \\method"),
        "\\ours{} beats \\method"
    );
    assert_eq!(render_inline("\\(unclosed"), "\\(unclosed");
    // Math that does not parse: the source, escaped, in place.
    let html = render_inline("x $\\frac{a$ y <b>");
    assert_eq!(
        html,
        "x <span class=\"math-source\">$\\frac{a$</span> y &lt;b&gt;"
    );
    // Deep nesting does not overflow the stack.
    let deep = "{".repeat(100_000) + &"}".repeat(100_000);
    let _ = render_inline(&deep);
    let open = "\\textbf{".repeat(10_000);
    assert!(render_inline(&open).starts_with("\\textbf{"));
}

#[test]
fn unicode_macros_in_math_become_characters() {
    // 2310.05742: `distance$\\unicode{x2014}$a measure`.
    let html = render_inline("distance$\\unicode{x2014}$a measure");
    assert!(html.contains("<math") && html.contains('—'), "{html}");
    assert!(check_math("\\unicode{x2013}").is_ok());
    assert!(check_math("\\unicode{zz}").is_err());
}

#[test]
fn math_inside_macros_and_macros_inside_math() {
    // 2310.03234: `$\underline{\bf n}$on-`.
    let html = render_inline("$\\underline{\\bf n}$on-$\\underline{\\bf s}$mooth");
    assert_eq!(html.matches("<math").count(), 2, "{html}");
    let html = render_inline("\\textbf{$x$ wins}");
    assert!(html.starts_with("<b><math"), "{html}");
}

#[test]
fn citations_and_footnotes() {
    assert_eq!(
        render_inline("of~\\cite{gradu2020non, b}"),
        "of\u{a0}[gradu2020non, b]"
    );
    assert_eq!(
        render_inline("results\\footnote{Code at \\url{https://x.y}} here"),
        "results (Code at <a href=\"https://x.y\">https://x.y</a>) here"
    );
}

#[test]
fn plain_text_resolves_macros_and_keeps_math_source() {
    assert_eq!(
        plain("The \\emph{Schr\\\"odinger}  bridge\n for $\\mathcal{O}(n)$ --- fast"),
        "The Schrödinger bridge for $\\mathcal{O}(n)$ — fast"
    );
    assert_eq!(plain("<a & b>"), "<a & b>");
}

#[test]
fn feed_html_keeps_math_as_source() {
    assert_eq!(
        render_block_source_math("a $x<1$ \\emph{b}"),
        "<p>a <span class=\"math-source\">$x&lt;1$</span> <em>b</em></p>"
    );
}

#[test]
fn math_spans_are_located_and_checked() {
    let text = "ok $x$ and \\(\\frac{a\\) and $$y$$";
    let spans = math_spans(text);
    assert_eq!(spans.len(), 3);
    assert_eq!(&text[spans[0].start..spans[0].end], "$x$");
    assert!(spans[0].error.is_none());
    assert_eq!(&text[spans[1].start..spans[1].end], "\\(\\frac{a\\)");
    assert!(spans[1].error.is_some());
    assert_eq!(&text[spans[2].start..spans[2].end], "$$y$$");
    // Inside a macro argument the offset is still relative to the whole text.
    let text = "\\textbf{see $\\frac{$}";
    let spans = math_spans(text);
    assert_eq!(&text[spans[0].start..spans[0].end], "$\\frac{$");
}

#[test]
fn math_cannot_inject_markup() {
    // pulldown-latex writes `\operatorname{}` arguments as they are. Found by the fuzz
    // target `text`: this made an HTML element (and an event handler) from a title.
    for text in [
        "$\\operatorname{<img src=x onerror=alert(1)>}$",
        "$\\operatorname{<script>alert(1)</script>}$",
        "$\\mathop{<b>}$",
        "$\\operatorname{a&b}$",
    ] {
        let html = render_inline(text);
        assert!(
            html.starts_with("<span class=\"math-source\">$") && !html.contains("<math"),
            "{text}: {html}"
        );
        assert!(!html.contains("<img") && !html.contains("<script") && !html.contains("<b>"));
    }
    assert_eq!(
        check_math("\\operatorname{<b>}").unwrap_err(),
        "markup in a function name"
    );
}

#[test]
fn math_operators_are_escaped() {
    // `<mo><</mo>` is what pulldown-latex writes for `<`; browsers cope, XML does not.
    let html = render_inline("$p<0.05$ and ${<}$ and $\\&$ and $a>b$");
    assert!(html.contains("<mo>&lt;</mo>"), "{html}");
    assert!(
        html.contains("<mi>&amp;</mi>") || html.contains("<mo>&amp;</mo>"),
        "{html}"
    );
    assert!(!html.contains("><<") && !html.contains(">&<"), "{html}");
    assert!(html.contains("<mo>&gt;</mo>"), "{html}");
}

#[test]
fn math_that_renders_to_broken_markup_is_shown_as_written() {
    // Found by the fuzz target `text`: pulldown-latex writes `<msub></mtd></mtr><mtr<mi>`
    // for a subscript without a base after a row break.
    let text = "$\\begin{pmatrix}\\\\_c\\end{pmatrix}$";
    assert_eq!(
        render_inline(text),
        "<span class=\"math-source\">$\\begin{pmatrix}\\\\_c\\end{pmatrix}$</span>"
    );
    // The same matrix with a base renders.
    assert!(render_inline("$\\begin{pmatrix}a\\\\b_c\\end{pmatrix}$").starts_with("<math"));
}

#[test]
fn whitespace_is_collapsed_around_markup() {
    assert_eq!(render_inline("  a \n  \\emph{ b }  c  "), "a <em>b</em> c");
    assert_eq!(render_inline("x\\~{}user"), "x~user");
}

#[test]
fn a_line_break_within_chinese_is_no_space() {
    // The shape of a translated abstract wrapped at a fixed width, as translators' tools
    // write it: the breaks after `，` and between two characters join, the break before
    // the Latin `Transformer` and those of the English text stay spaces.
    let zh = "我们提出了一种新的简单网络架构Transformer，它完全基于注意力机制，\n完全摒弃了循环和卷积。在两个机器翻译任务上的实验表\n明，这些模型在质量上更优，\nTransformer 的训练时间也\n显著更少。";
    assert_eq!(
        render_block(zh),
        "<p>我们提出了一种新的简单网络架构Transformer，它完全基于注意力机制，完全摒弃了循环和卷积。\
         在两个机器翻译任务上的实验表明，这些模型在质量上更优， Transformer 的训练时间也显著更少。</p>"
    );
    assert_eq!(
        render_block(
            "The dominant sequence transduction models are based\non complex recurrent\n  networks."
        ),
        "<p>The dominant sequence transduction models are based on complex recurrent networks.</p>"
    );
    // Titles and summaries (inline), plain text (search, <title>) and feeds alike.
    assert_eq!(render_inline("稀疏跨模态\n适应"), "稀疏跨模态适应");
    assert_eq!(
        plain("稀疏跨模态\r\n适应：\n“修复”"),
        "稀疏跨模态适应：“修复”"
    );
    assert_eq!(
        render_block_source_math("能量为 $x^2$ 的\n玩具模型"),
        "<p>能量为 <span class=\"math-source\">$x^2$</span> 的玩具模型</p>"
    );
    // Math or a macro beside the break is not a character: the space stays.
    assert!(render_inline("能量\n$x$").starts_with("能量 <math"));
    assert_eq!(render_inline("\\emph{注意}\n力"), "<em>注意</em> 力");
    // A space the author wrote between two characters is not a line break: it stays.
    assert_eq!(render_inline("中文 中文"), "中文 中文");
    assert_eq!(
        render_block("第一段。\n\n第二段。"),
        "<p>第一段。</p><p>第二段。</p>"
    );
}

/// Math the parser would panic on (a space outside ASCII after a dimension, a character
/// outside ASCII after `\char`; found by the fuzz target `text`) renders or is shown as
/// written, and checking it says whether it parses.
#[test]
fn spaces_and_characters_outside_ascii_in_math_do_not_stop_the_build() {
    for space in ["\u{a0}", "\u{3000}", "\u{2029}"] {
        for dimension in [
            "\\hspace{1em_}",
            "\\kern1em_",
            "\\mkern1mu_",
            "\\hskip 1em_",
        ] {
            let latex = dimension.replace('_', space);
            assert!(check_math(&latex).is_ok(), "{latex:?}");
            assert!(render_math(&latex, false).starts_with("<math"), "{latex:?}");
        }
    }
    for latex in ["\\char 中", "\\char α", "\\char'\u{3000}", "\\char\"\u{a0}"] {
        let _ = check_math(latex);
        let shown = render_math(latex, false);
        assert!(!shown.is_empty(), "{latex:?}");
    }
    assert!(check_math("\\char 中").is_err());
    assert!(render_math("\\char 中", false).contains("math-source"));
    // A code that makes a control character (found by the fuzz target `text` too).
    let shown = render_math("\\char1", false);
    assert!(
        shown.contains("math-source") && !shown.contains('\u{1}'),
        "{shown:?}"
    );
    assert!(render_math("\\char65", false).starts_with("<math"));
    // An array row with more cells than columns panicked the renderer.
    let array = "\\begin{array}{cc}&\\\\_c&\\end{array}";
    assert!(render_math(array, false).contains("math-source"));
    let _ = check_math(array);
}

/// A control space and a tie are spaces in the formula, not the text `&nbsp;`
/// (pulldown-latex escapes the entity it writes for them).
#[test]
fn a_control_space_in_math_is_a_space() {
    for latex in ["2.5 \\ h/\\rm{Mpc}", "a~b", "\\mathrm{a\\ b}", "x \\ "] {
        let shown = render_math(latex, false);
        assert!(shown.starts_with("<math"), "{latex:?}: {shown}");
        assert!(!shown.contains("&amp;"), "{latex:?}: {shown}");
        assert!(
            shown.contains("<mtext>\u{a0}</mtext>"),
            "{latex:?}: {shown}"
        );
    }
    // Other text keeps its `&` escaped.
    let shown = render_math("\\text{a&b}", false);
    assert!(
        !shown.contains('\u{a0}') && !shown.contains("&b"),
        "{shown}"
    );
}

/// The argument of a text command is text: groups inside it only group (`\textit{{a b}}`
/// reads "a b", not "{a b}"), while a group that is a command's argument stays one.
#[test]
fn groups_inside_text_commands_are_not_shown_as_braces() {
    let shown = |latex: &str| {
        let mathml = render_math(latex, false);
        assert!(!mathml.contains("math-source"), "{latex}: {mathml}");
        mathml
    };
    for latex in [
        "\\textit{{certainty equivalent control}}",
        "x = \\text{a {b} c}",
        "\\textrm{{A}} + \\textbf{{{B}}}",
    ] {
        let mathml = shown(latex);
        assert!(
            !mathml.contains('{') && !mathml.contains('}'),
            "{latex}: {mathml}"
        );
    }
    // In letters a reader, a screen reader and a search read as words.
    let italic = shown("\\textit{{certainty equivalent control}}");
    assert!(italic.contains("certainty equivalent control"), "{italic}");
    // Outside text commands, and escaped braces, nothing changes.
    assert_eq!(
        render_math("\\frac{{a}}{b}", false),
        render_math("\\frac{{a}}{b}", false)
    );
    assert!(shown("\\text{\\{x\\}}").contains('{'));
    // A backslash before a character of several bytes (found by the fuzz target `text`).
    let _ = render_math("\\\u{fffd}\\text", false);
    let _ = render_math("\\text{\\é}", false);
}

/// Math nested deeper than real formulas are is not given to the parser, whose time grows
/// with the square of the depth (40,000 nested groups took 17 s): it is shown as written,
/// with the reason; math of ordinary depth renders, and so do escaped braces.
#[test]
fn math_nested_too_deeply_is_shown_as_written() {
    let deep = format!("{}x{}", "{".repeat(40_000), "}".repeat(40_000));
    let started = std::time::Instant::now();
    let error = check_math(&deep).unwrap_err();
    assert!(error.contains("nests more than 64 groups"), "{error}");
    let html = render_inline(&format!("a ${deep}$ b"));
    assert!(!html.contains("<math"), "shown as written");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    let fine = format!("{}x{}", "{".repeat(64), "}".repeat(64));
    assert!(check_math(&fine).is_ok());
    // Escaped braces are no groups.
    assert_eq!(super::math::group_depth(&"\\{".repeat(500)), 0);
}

/// What pulldown-latex writes wrong, mended: an operator name with a script keeps its
/// script (the space before it goes before the script element, not into it: 2303.10599's
/// `\log^{2}`), `\bigl(`'s attributes are spaced (2403.16828), `\tfrac`'s style is an
/// `mstyle` (2608.11760), and a space cannot push the text off the page.
#[test]
fn math_is_mended_where_the_parser_writes_it_wrong() {
    let page = |latex: &str| scraper::Html::parse_fragment(&render_math(latex, false));
    let count = |page: &scraper::Html, css: &str| {
        page.select(&scraper::Selector::parse(css).unwrap()).count()
    };
    for (latex, script) in [
        ("n\\log^{2} n", "msup"),
        ("a\\log_2 n", "msub"),
        ("x\\sin_a^2 y", "msubsup"),
    ] {
        let html = render_math(latex, false);
        let page = page(latex);
        let children = page
            .select(&scraper::Selector::parse(script).unwrap())
            .next()
            .unwrap_or_else(|| panic!("{latex}: {html}"))
            .children()
            .filter(|c| c.value().is_element())
            .count();
        assert_eq!(
            children,
            if script == "msubsup" { 3 } else { 2 },
            "{latex}: {html}"
        );
        assert_eq!(
            count(&page, &format!("{script} > mi:first-child")),
            1,
            "{html}"
        );
        assert_eq!(count(&page, "mspace"), 2, "{html}");
    }
    let html = render_math("\\bigl( x \\Bigr]", false);
    assert!(!html.contains("\"minsize"), "{html}");
    assert_eq!(html.matches(" minsize=").count(), 2, "{html}");
    let html = render_math("\\tfrac{1}{2}", false);
    assert!(
        html.starts_with("<math><mstyle displaystyle=\"false\""),
        "{html}"
    );
    assert!(html.ends_with("</mstyle></math>"), "{html}");
    assert!(!html.contains("mrow displaystyle"), "{html}");
    let html = render_math("\\hspace{-500em}w \\hspace{30cm}v \\!u \\qquad t", false);
    assert!(
        html.contains(r#"<mspace width="-4em" style="margin-left: -4em" />"#),
        "{html}"
    );
    assert!(html.contains(r#"<mspace width="4em" />"#), "{html}");
    assert!(!html.contains("500") && !html.contains("30cm"), "{html}");
    // The spaces back of one formula, together, go no further than one may.
    let html = render_math(&format!("{}w", "\\hspace{-3em}".repeat(40)), false);
    let back: f64 = html
        .split("margin-left: ")
        .skip(1)
        .map(|rest| rest.split("em").next().unwrap().parse::<f64>().unwrap())
        .sum();
    assert!((-4.0..0.0).contains(&back), "{back}: {html}");
    // A length in mu (18 to the em) is written in em, which browsers read.
    let html = render_math("a\\mkern18mu b\\mkern-9mu c\\mkern-1000mu d", false);
    assert!(html.contains(r#"<mspace width="1em" />"#), "{html}");
    assert!(
        html.contains(r#"<mspace width="-0.5em" style="margin-left: -0.5em" />"#),
        "{html}"
    );
    assert!(!html.contains("mu\""), "{html}");
    // Spaces that TeX writes stay as they are.
    let html = render_math("a\\!b\\,c\\quad d", false);
    assert!(
        html.contains(r#"width="-0.16666667em""#) && html.contains(r#"width="1em""#),
        "{html}"
    );
}

/// Operator names as arXiv abstracts write them render as names: pulldown-latex writes the
/// name it is given as it is, and gave the rest of the formula as the name of
/// `\operatorname*`, the text `arg\,max`, and `KL^{-1}` with its scripts as letters.
#[test]
fn operator_names_render_as_names() {
    for (latex, name, rest) in [
        (
            r"\operatorname*{arg\,max}_{x\in\mathbb{R}} f(x)",
            "<mi>arg max</mi>",
            "<mo>∈</mo>",
        ),
        (
            r"\operatorname{arg\,max}_{x} f(x)",
            "<mi>arg max</mi>",
            "<mi>f</mi>",
        ),
        (
            r"\operatorname*{argmin}_x",
            "<msub><mi>argmin</mi><mi>x</mi></msub>",
            "",
        ),
        (
            r"\operatorname{KL^{-1}_{inf}}",
            "<msubsup><mi>KL</mi>",
            "<mn>1</mn>",
        ),
        (r"\operatorname {Tr} A", "<mi>Tr</mi>", "<mi>A</mi>"),
        (r"\mathop{\mathrm{sgn}} x", ">s</mi>", "<mi>x</mi>"),
        (r"\operatorname{\mathbb{E}} f", "<mi>𝔼</mi>", "<mi>f</mi>"),
        // A space before the star, a star without braces, limits after the name.
        (
            r"\operatorname *{argmax}_x f(x)",
            "<mi>argmax</mi>",
            "<mi>f</mi>",
        ),
        (
            r"\operatorname*x + y",
            "<mi mathvariant=\"normal\">x</mi>",
            "<mi>y</mi>",
        ),
        (
            r"\mathop{\mathrm{arg\,min}}\limits_{\theta} L",
            ">g</mi>",
            "<mi>L</mi>",
        ),
        (r"\mathop{\sum}\limits_{i=1}^n a_i", "∑", "<mi>n</mi>"),
    ] {
        let html = super::math::render_math(latex, false);
        assert!(
            html.contains(name) && html.contains(rest),
            "{latex}: {html}"
        );
        assert!(
            !html.contains('\\') && !html.contains('*'),
            "{latex}: {html}"
        );
    }
    // Many names in one formula are read in one pass (each had the rest of the formula
    // searched again: 40,000 names took eight seconds).
    let many = r"\operatorname{a}x".repeat(40_000);
    assert_eq!(
        super::math::render_math(&many, false)
            .matches("<mo>⁡</mo>")
            .count(),
        40_000
    );
    // A name that would carry markup is still not rendered.
    for latex in [
        r"\operatorname*{<b>x</b>}",
        r"\operatorname{a\,<img src=x>}",
    ] {
        let html = super::math::render_math(latex, false);
        assert!(
            !html.contains("<b>") && !html.contains("<img"),
            "{latex}: {html}"
        );
    }
}

/// What a reader sees of some HTML: its text outside math (formulas as `[math]`), and the
/// text of each formula, in order.
fn seen(html: &str) -> (String, Vec<String>) {
    fn walk(element: scraper::ElementRef<'_>, text: &mut String, math: &mut Vec<String>) {
        for child in element.children() {
            if let scraper::Node::Text(t) = child.value() {
                text.push_str(t);
            } else if let Some(child) = scraper::ElementRef::wrap(child) {
                if child.value().name() == "math" {
                    text.push_str("[math]");
                    math.push(child.text().collect());
                } else {
                    walk(child, text, math);
                }
            }
        }
    }
    let page = scraper::Html::parse_fragment(html);
    let (mut text, mut math) = (String::new(), Vec::new());
    walk(page.root_element(), &mut text, &mut math);
    (text, math)
}

/// Dollars pair as LaTeX (and MathJax on arXiv) pairs them, in order, spaces inside or
/// not: 2110.09722's translation writes `$ \log T $`, which was refused as an opening
/// `$`, so that the `$` after a formula opened math around the prose up to the next one.
#[test]
fn dollars_pair_in_order_with_spaces_inside() {
    let (text, math) = seen(&render_block(
        "遗憾率为$ \\mathcal{O}(\\sqrt{T}) $，仅使用$ \\log T $批次。",
    ));
    assert_eq!(text, "遗憾率为[math]，仅使用[math]批次。");
    assert_eq!(math, ["𝒪(T)", "log\u{2061}T"]);
    let (text, math) = seen(&render_inline(
        "regret $ \\mathcal{O}(\\sqrt{T}) $ using only $ \\log T $ batches",
    ));
    assert_eq!(text, "regret [math] using only [math] batches");
    assert_eq!(math.len(), 2);
    // 2310.13474: `$ k $-means`, and a space on one side only (2402.08813).
    let (text, _) = seen(&render_inline(
        "也被称为$ k $-means ++，其中$ \\alpha = 2 $ and $\\hat{\\pi}^\\star $ when used in $\\mathcal{M}$",
    ));
    assert_eq!(
        text,
        "也被称为[math]-means ++，其中[math] and [math] when used in [math]"
    );
    // Amounts stay text, with or without a space before the second `$`; so does a `$`
    // that the next one does not close but opens math of its own (a summary that lost
    // two: `$B ... $A`).
    for prices in [
        "costs $5 and $10",
        "from $5 to $ 10",
        "between $1.5M and $3M a year",
        "fine-tuning $B being more effective than fine-tuning $A.",
    ] {
        assert_eq!(render_inline(prices), prices);
    }
    let (text, math) = seen(&render_inline("costs $5 while $x$ is free"));
    assert_eq!(
        (text.as_str(), math),
        ("costs $5 while [math] is free", vec!["x".to_string()])
    );
    // Two `$` with nothing between them are no math either.
    assert_eq!(render_inline("a $ $ b"), "a $ $ b");
}

/// Prose is never math: two `$` around Chinese or Japanese words do not belong together
/// (a translation lost one or added one), so the first is shown as written and the second
/// may open math of its own, which finds the formulas after a lost `$` again.
#[test]
fn dollars_around_prose_are_shown_as_written() {
    // 2402.14925 (cn-chat-arxiv): the translation lost the `$` after `\mathbb{R}^n`.
    let zh = "的随机向量$Q\\in \\mathbb{R}^n。 无偏稀疏化可以压缩原始向量。 如果$Q$在这个意义上是最优的，$m$-稀疏化";
    let (text, math) = seen(&render_block(zh));
    assert_eq!(
        text,
        "的随机向量$Q\\in \\mathbb{R}^n。 无偏稀疏化可以压缩原始向量。 如果[math]在这个意义上是最优的，[math]-稀疏化"
    );
    assert_eq!(math, ["Q", "m"]);
    let (spans, prose) = math_and_prose_spans(zh);
    assert_eq!(prose.len(), 1);
    assert!(zh[prose[0].clone()].starts_with("$Q\\in") && zh[prose[0].clone()].ends_with("如果$"));
    assert_eq!(spans.len(), 2);
    assert_eq!(math_spans(zh), spans);
    // 2402.10753: Chinese words put between `$` by a translation; a single character is
    // prose too (`$和$`, what the pairs between them make).
    let zh = "输入阶段的$恶意$ $查询$和$越狱$ $攻击$，";
    assert_eq!(seen(&render_inline(zh)), (zh.to_string(), vec![]));
    assert!(math_spans(zh).is_empty());
    // Words inside a text command are the formula's own, and full-width punctuation is
    // written in formulas by translators.
    for formula in [
        "$\\text{准确率} = 0.9$",
        "$\\textit{{确定性等价控制}}$",
        "$f：2^{[n]} \\rightarrow [0,1]$",
        "$A，B$",
    ] {
        let (text, math) = seen(&render_inline(formula));
        assert_eq!((text.as_str(), math.len()), ("[math]", 1), "{formula}");
    }
    for formula in ["$\\mbox{最小} x$", "$\\href{https://x.org}{此存储库}$"] {
        let (spans, prose) = math_and_prose_spans(formula);
        assert_eq!((spans.len(), prose.len()), (1, 0), "{formula}");
    }
}

/// Addresses are kept as written and linked: LaTeX's typography would make a no-break
/// space of the `~` of 2508.05857's `https://www3.cs.stonybrook.edu/~cvl/...` and a dash of
/// `--`; the sentence's punctuation around an address is not part of it.
#[test]
fn addresses_are_kept_as_written_and_linked() {
    let links = |html: &str| -> Vec<(String, String)> {
        let page = scraper::Html::parse_fragment(html);
        let a = scraper::Selector::parse("a").unwrap();
        page.select(&a)
            .map(|a| (a.attr("href").unwrap().to_string(), a.text().collect()))
            .collect()
    };
    let link = |href: &str, shown: &str| (href.to_string(), shown.to_string());
    let html = render_block(
        "at https://www3.cs.stonybrook.edu/~cvl/multiview_gte.html and https://x.org/a--b. See\nwww.cs.x.edu/~user/proj, (https://en.wikipedia.org/wiki/A_(b)) and (https://x.org/c).",
    );
    assert_eq!(
        links(&html),
        [
            link(
                "https://www3.cs.stonybrook.edu/~cvl/multiview_gte.html",
                "https://www3.cs.stonybrook.edu/~cvl/multiview_gte.html"
            ),
            link("https://x.org/a--b", "https://x.org/a--b"),
            link("http://www.cs.x.edu/~user/proj", "www.cs.x.edu/~user/proj"),
            link(
                "https://en.wikipedia.org/wiki/A_(b)",
                "https://en.wikipedia.org/wiki/A_(b)"
            ),
            link("https://x.org/c", "https://x.org/c"),
        ]
    );
    assert_eq!(
        seen(&html).0,
        "at https://www3.cs.stonybrook.edu/~cvl/multiview_gte.html and https://x.org/a--b. See www.cs.x.edu/~user/proj, (https://en.wikipedia.org/wiki/A_(b)) and (https://x.org/c)."
    );
    // Chinese runs on after an address without a space; LaTeX ends one at a command, a
    // group or math, and an escaped `\_` in it is the address's (2508.13880).
    let html = render_inline(
        "代码可在https://github.com/a/b上获得，共563个（见https://x.org/c）。{https://x.org/d}~\\cite{k}, https://github.com/a/lcr\\_reg and https://x.org/e$x$",
    );
    assert_eq!(
        links(&html),
        [
            link("https://github.com/a/b", "https://github.com/a/b"),
            link("https://x.org/c", "https://x.org/c"),
            link("https://x.org/d", "https://x.org/d"),
            link(
                "https://github.com/a/lcr_reg",
                "https://github.com/a/lcr_reg"
            ),
            link("https://x.org/e", "https://x.org/e"),
        ]
    );
    assert!(
        html.ends_with("https://x.org/e</a><math><mi>x</mi></math>"),
        "{html}"
    );
    assert!(html.contains("</a>\u{a0}[k]"), "{html}");
    // Nothing gets out of the attribute, a link's label holds no second link, and words
    // that only look like addresses (`www.`, `xhttp://`) are text.
    let html = render_inline("https://a.b/x?y=1&z=\"><script>alert(1)</script>");
    assert_eq!(
        links(&html),
        [link("https://a.b/x?y=1&z=", "https://a.b/x?y=1&z=")]
    );
    assert!(!html.contains("<script"), "{html}");
    assert_eq!(
        links(&render_inline("\\href{https://a.b/c}{https://a.b/c}")),
        [link("https://a.b/c", "https://a.b/c")]
    );
    assert!(
        links(&render_inline(
            "the www. prefix, xhttp://a.b, https:// and ftp://a.b"
        ))
        .is_empty()
    );
    // Plain text (titles of feeds, the search index) keeps the address as written too.
    assert_eq!(
        plain("see https://x.org/~u/a--b and www.x.org/~v."),
        "see https://x.org/~u/a--b and www.x.org/~v."
    );
}

/// A backquote that a backquote closes is Markdown's code (2402.11594's `` `spotRiver` ``
/// showed as ‘spotRiver‘); LaTeX's quotes, which a `'` closes, stay quotes.
#[test]
fn backquoted_code_is_code_and_latex_quotes_stay_quotes() {
    assert_eq!(
        render_inline("The `spotRiver` package and `river`."),
        "The <code>spotRiver</code> package and <code>river</code>."
    );
    assert_eq!(
        render_inline("包`spotRiverGUI`是`a--b~c $x$`的"),
        "包<code>spotRiverGUI</code>是<code>a--b~c $x$</code>的"
    );
    assert_eq!(plain("the `spotRiver` package"), "the spotRiver package");
    assert_eq!(
        render_inline("``quoted'' and `single' and `don't`"),
        "“quoted” and ‘single’ and <code>don&#39;t</code>"
    );
    // A backquote written for an apostrophe (2310.16231: `Lorenz `63 ... Lorenz `63`) is
    // no code: code hugs its backquotes.
    assert_eq!(
        render_inline("the Lorenz `63 equation and the Lorenz `63 one"),
        "the Lorenz ‘63 equation and the Lorenz ‘63 one"
    );
    assert_eq!(render_inline("a ` b ` c"), "a ‘ b ‘ c");
}
