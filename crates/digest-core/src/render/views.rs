//! View models: what the templates see. Every string here is either plain text (escaped
//! by askama) or pre-rendered HTML in a field named `html` (inserted with `|safe`).

use std::sync::Arc;

use crate::labels::Labels;

/// One language version of a text.
pub(super) struct TextView {
    /// The site's language code (`zh`).
    pub(super) code: String,
    /// The HTML `lang` value (`zh-CN`).
    pub(super) lang: String,
    pub(super) html: String,
    /// The mark of a machine-written text (`generated:` covers it).
    pub(super) mark: Option<MachineMark>,
    /// The text has no version in the site's other language (`data-untranslated`).
    pub(super) untranslated: bool,
}

/// The small mark beside a machine-written text: its visible label, its tooltip, and what
/// tool, model and date wrote it (`data-provenance`).
pub(super) struct MachineMark {
    /// `machine_mark` of the labels (`AI`).
    pub(super) label: String,
    /// `Machine-written: cn-chat-arxiv · gpt-4o · 2024-02-01`.
    pub(super) title: String,
    /// `tool: cn-chat-arxiv; model: gpt-4o; date: 2024-02-01`.
    pub(super) provenance: String,
    /// The HTML `lang` of the UI language, which the label and tooltip are in.
    pub(super) lang: String,
}

/// The notice under an abstract that stops mid-sentence: in which language's abstract, and
/// where the full one is.
pub(super) struct CutNotice {
    /// The site's code of the abstract's language (`en`).
    pub(super) lang: String,
    pub(super) href: Option<String>,
    /// The HTML `lang` of the UI language, which the notice is in.
    pub(super) ui_lang: String,
}

/// One key of a paper's `analysis:` section: its heading (a label) and its texts.
pub(super) struct AnalysisView {
    /// `tldr`, `motivation`, ...: the class of its block.
    pub(super) key: &'static str,
    /// The key of its heading's label (`analysis_tldr`).
    pub(super) label_key: &'static str,
    pub(super) heading: String,
    pub(super) texts: Vec<TextView>,
}

pub(super) struct NavItem {
    pub(super) href: String,
    pub(super) label: String,
    /// The label's key, when it is one of the theme's (`home`), for the language switch.
    pub(super) key: Option<&'static str>,
    /// Else the entry in the site's second language (`data-other`), when it has one.
    pub(super) other: Option<String>,
    /// Its `aria-current`: `page` when it links the page shown, `true` when the page shown
    /// is in its section.
    pub(super) current: Option<&'static str>,
}

pub(super) struct Layout {
    pub(super) html_lang: String,
    pub(super) page_title: String,
    /// The page's title in the site's second language (`data-other` of `<title>`), when
    /// it differs.
    pub(super) other_title: Option<String>,
    /// `assets/labels.js`: the words of the interface, which `site.js` builds the
    /// header's tools with and swaps the interface by.
    pub(super) labels_js_href: String,
    pub(super) description: String,
    /// The page's address, for `rel="canonical"`; empty on the page answering a missing
    /// one, which asks not to be indexed instead.
    pub(super) canonical: String,
    pub(super) css_href: String,
    /// `static/custom.css`, linked after the theme's stylesheet, when the site has one.
    pub(super) custom_css_href: Option<String>,
    /// The site's `templates/head.html` and `templates/footer.html`, inserted as they are.
    pub(super) head_html: Option<Arc<str>>,
    pub(super) footer_html: Option<Arc<str>>,
    /// The script of the switches and the search box.
    pub(super) js_href: String,
    pub(super) icon_href: String,
    /// The choices of the language switch, in `<html data-langs>` (empty unless the site
    /// has exactly two languages); `site.js` builds the switch from them.
    pub(super) lang_choices: Vec<LangChoice>,
    /// The search box, unless `search: false`.
    pub(super) search: bool,
    pub(super) atom_href: String,
    pub(super) home_href: String,
    pub(super) site_title: Vec<TextView>,
    pub(super) site_title_plain: String,
    pub(super) nav: Vec<NavItem>,
    pub(super) labels: Arc<Labels>,
    /// `logo:` of `site.yaml`, shown in the header.
    pub(super) logo_href: Option<String>,
    /// `footer:` of `site.yaml`, one entry per language (empty without it).
    pub(super) footer_text: Vec<TextView>,
    /// `repository:` of `site.yaml`, linked in the footer.
    pub(super) repository: Option<String>,
    /// The statistics page, linked in the footer.
    pub(super) stats_href: String,
    /// The repository of digest-site itself (the crate's metadata), linked from the
    /// footer's "digest-site".
    pub(super) generator_href: &'static str,
}

/// One choice of the language switch (its `lang` and name are in `assets/labels.js`).
pub(super) struct LangChoice {
    /// The site's language code (`zh`).
    pub(super) code: String,
}

pub(super) struct PaperRow {
    pub(super) ref_label: String,
    pub(super) ref_href: String,
    pub(super) title_href: String,
    pub(super) title: Vec<TextView>,
    /// The first three authors, then "et al." (empty without authors).
    pub(super) authors: String,
    /// The paper's categories, linking their pages.
    pub(super) categories: Vec<LinkView>,
    pub(super) summary: Vec<TextView>,
}

/// The links between the pages of a table, in reading order: the newest page first.
pub(super) struct Pager {
    /// The pages linked by number (and the newest page), newest first.
    pub(super) items: Vec<PagerItem>,
    /// The newer page (`rel="prev"`: the table reads from the newest row down).
    pub(super) prev: Option<String>,
    /// The older page (`rel="next"`).
    pub(super) next: Option<String>,
}

pub(super) struct PagerItem {
    /// The page's number, or the label of the newest page.
    pub(super) label: String,
    pub(super) href: String,
    /// The page shown (marked `aria-current="page"`).
    pub(super) current: bool,
    /// Whether pages are left out between this one and the one before it (an ellipsis).
    pub(super) gap_before: bool,
}

pub(super) struct DigestLink {
    pub(super) href: String,
    pub(super) title: Vec<TextView>,
    pub(super) date: Option<String>,
    pub(super) count: usize,
}

/// The digests of one month in the digest list, newest first.
pub(super) struct DigestMonth {
    /// The heading's id: `month-2024-04`, `month-undated`.
    pub(super) id: String,
    /// `2024-04`; `None` for the digests without a date.
    pub(super) month: Option<String>,
    pub(super) label: String,
    pub(super) digests: Vec<DigestLink>,
}

/// A paper's details on a digest page. Its summary is not among them: the table above
/// shows it, and a page says each text once.
pub(super) struct PaperDetails {
    pub(super) anchor: String,
    pub(super) number: Option<usize>,
    pub(super) title: Vec<TextView>,
    pub(super) authors: String,
    pub(super) categories: Vec<LinkView>,
    /// Its page on arXiv, the PDF, arXiv's HTML, `links:`.
    pub(super) links: Vec<LinkView>,
    pub(super) abstracts: Vec<TextView>,
    pub(super) announce: Option<String>,
    /// Whether an English abstract carries the announce line (else it stands alone).
    pub(super) announce_shown: bool,
    /// The abstract seems cut short.
    pub(super) abstract_cut: Option<CutNotice>,
    /// The `analysis:` section (empty without one), shown collapsed.
    pub(super) analysis: Vec<AnalysisView>,
}

/// The papers of one primary category on a digest page: a section of the summary (its
/// table) and a block of the details.
pub(super) struct CategoryGroup {
    /// The section's id: `cat-<slug>` (`cat-cs.CV`), `cat-other` for papers without one.
    pub(super) id: String,
    /// What the filter chips match (`data-category`): the slug, or `other`.
    pub(super) key: String,
    pub(super) label: String,
    /// The category's page (none for papers without a category).
    pub(super) href: Option<String>,
    pub(super) rows: Vec<PaperRow>,
    pub(super) details: Vec<PaperDetails>,
}

/// A paper page's arXiv line: `2404.02424v1 [cs.CV, cs.LG] · new`, the categories linked.
pub(super) struct ArxivLine {
    pub(super) id: String,
    pub(super) categories: Vec<LinkView>,
    /// arXiv's announce type, in words: the label's key (none for a type arXiv does not
    /// list, shown as written) and its words in the interface's language.
    pub(super) announce: Option<(Option<&'static str>, String)>,
}

pub(super) struct LinkView {
    pub(super) href: String,
    pub(super) label: String,
}

/// A link named by a text of the site (a digest's title) in its UI language, with the
/// name in its second language for the language switch (`data-other`).
pub(super) struct NamedLink {
    pub(super) href: String,
    pub(super) label: String,
    pub(super) other: Option<String>,
}

pub(super) struct TagLink {
    pub(super) href: String,
    pub(super) label: String,
    pub(super) count: usize,
}

pub(super) struct SitemapUrl {
    pub(super) loc: String,
    pub(super) lastmod: Option<String>,
}

pub(super) struct FeedEntry {
    pub(super) title: String,
    /// The paper's page on this site.
    pub(super) link: String,
    /// The paper's own page (arXiv), when it has one.
    pub(super) related: Option<String>,
    /// The arXiv abstract URL (stable across sites and rebuilds), else the page URL.
    pub(super) id: String,
    pub(super) published: Option<String>,
    pub(super) updated: String,
    pub(super) authors: Vec<String>,
    pub(super) categories: Vec<String>,
    /// One-line summaries and abstracts, one per language, as XHTML (math as LaTeX source).
    pub(super) summaries: Vec<TextView>,
    pub(super) abstracts: Vec<TextView>,
}

/// One chart of the statistics page: its heading (which names the SVG), the SVG drawn at
/// build time (`None` when there is nothing to draw: then `empty` says so), and its table.
pub(super) struct StatsChart {
    pub(super) id: &'static str,
    pub(super) title: String,
    /// The labels of the title and of `empty` (the language switch swaps them).
    pub(super) title_key: &'static str,
    pub(super) empty_key: &'static str,
    pub(super) svg: Option<String>,
    pub(super) empty: String,
    pub(super) table: StatsTable,
}

/// The numbers a chart draws: column headings, then one row per bar (or per item).
pub(super) struct StatsTable {
    /// Each heading, its label, and the language it is in when it names a language (in
    /// that language).
    pub(super) head: Vec<(String, Option<&'static str>, Option<String>)>,
    pub(super) rows: Vec<StatsRow>,
}

/// A row of a statistics table: what it counts (linked to its page when it has one), and
/// its numbers.
pub(super) struct StatsRow {
    pub(super) label: String,
    /// The label `label` is, when it is one (not a digest's date or a category's name).
    pub(super) key: Option<&'static str>,
    pub(super) href: Option<String>,
    pub(super) cells: Vec<String>,
}
