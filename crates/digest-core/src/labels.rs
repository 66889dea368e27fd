//! The words of the user interface, in the site's UI language (the first of `languages`),
//! and in its second language for the reader who switches to it.
//!
//! The default theme has them in Chinese and English; any other language takes the English
//! ones. A site overrides any of them per language in `site.yaml`
//! (`labels: { en: { home: Start } }`; the keys are [`LABEL_KEYS`]).
//!
//! # How the interface follows the language switch
//!
//! Pages are written with the words of the UI language, so a page read without scripts,
//! or in "both" mode, shows the site's UI language. Every element that shows a label says
//! which (`data-l="home"` for its own text, `data-la="title=machine_written"` for an
//! attribute; `data-other` holds a whole text of the page in the second language, such as
//! the `<title>` or a menu entry from `site.yaml`). The build writes the words of the
//! site's languages (one or two) once per site, in `assets/labels.js` ([`switch_script`]),
//! loaded in `<head>` before `site.js`, which also builds from them the controls that
//! only work with it (the search box, the switches, the keys' help: they are not in the
//! pages). When the reader has chosen the second language, `site.js` swaps each
//! label as the parser adds its element: a `MutationObserver` started in `<head>`, whose
//! callbacks run before the browser paints, so the page is first painted in the chosen
//! language.
//!
//! The alternative, both languages written inline and one hidden by CSS, needs no script
//! but does not fit: it doubles every label on every page (a 285-paper digest repeats its
//! per-paper notices hundreds of times), and CSS cannot switch attributes (`aria-label`,
//! `title`, `placeholder`) nor the words a script shows (`data-*`). Swapping from data
//! written once costs each label a short attribute, and the data is one cached file.

use std::borrow::Cow;

/// Every UI label the default theme uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    pub summary_heading: Cow<'static, str>,
    pub details_heading: Cow<'static, str>,
    pub col_ref: Cow<'static, str>,
    pub col_title: Cow<'static, str>,
    pub col_summary: Cow<'static, str>,
    pub papers: Cow<'static, str>,
    pub digests: Cow<'static, str>,
    pub latest_digests: Cow<'static, str>,
    pub all_digests: Cow<'static, str>,
    pub tags: Cow<'static, str>,
    pub tag: Cow<'static, str>,
    pub home: Cow<'static, str>,
    pub previous: Cow<'static, str>,
    pub next: Cow<'static, str>,
    pub pagination: Cow<'static, str>,
    /// The pager's link to a table's newest page (the list's own URL).
    pub newest: Cow<'static, str>,
    pub authors: Cow<'static, str>,
    pub date: Cow<'static, str>,
    pub links: Cow<'static, str>,
    pub in_digests: Cow<'static, str>,
    /// arXiv's announce types on a paper page's arXiv line.
    pub announce_new: Cow<'static, str>,
    pub announce_cross: Cow<'static, str>,
    pub announce_replace: Cow<'static, str>,
    pub announce_replace_cross: Cow<'static, str>,
    pub one_line_summary: Cow<'static, str>,
    pub abstract_heading: Cow<'static, str>,
    pub notes: Cow<'static, str>,
    pub not_found: Cow<'static, str>,
    pub back_home: Cow<'static, str>,
    pub feed: Cow<'static, str>,
    pub generated_by: Cow<'static, str>,
    pub skip_to_content: Cow<'static, str>,
    pub site_navigation: Cow<'static, str>,
    pub no_papers: Cow<'static, str>,
    pub no_digests: Cow<'static, str>,
    pub no_tags: Cow<'static, str>,
    /// "Papers: {n}"; `{n}` is replaced. (The English labels with a number say it after
    /// a colon, so that one paper reads as well as many: labels have no plural forms.)
    pub paper_count: Cow<'static, str>,
    pub page_n: Cow<'static, str>,
    /// The language switch: its name and the choice showing every language.
    pub language: Cow<'static, str>,
    pub both_languages: Cow<'static, str>,
    /// The colour-scheme switch: its name and its three choices.
    pub colour_scheme: Cow<'static, str>,
    pub scheme_auto: Cow<'static, str>,
    pub scheme_light: Cow<'static, str>,
    pub scheme_dark: Cow<'static, str>,
    /// The search box: its label, hint, and the messages the script shows.
    pub search: Cow<'static, str>,
    pub search_placeholder: Cow<'static, str>,
    pub search_loading: Cow<'static, str>,
    pub search_none: Cow<'static, str>,
    /// "{n} results"; `{n}` is replaced by the script.
    pub search_count: Cow<'static, str>,
    pub search_failed: Cow<'static, str>,
    /// The button under the results that shows the next ones.
    pub search_more: Cow<'static, str>,
    /// The search panel's category menu, its close button, a card's digest link (`{d}`: its date) and star button.
    pub search_category: Cow<'static, str>,
    pub search_close: Cow<'static, str>,
    pub search_digest: Cow<'static, str>,
    /// The statistics page: its link and heading, what it counts, its charts, their tables' columns.
    pub stats: Cow<'static, str>,
    pub stats_intro: Cow<'static, str>,
    pub stats_per_digest: Cow<'static, str>,
    pub stats_per_category: Cow<'static, str>,
    pub stats_other_categories: Cow<'static, str>,
    pub stats_coverage: Cow<'static, str>,
    pub stats_text: Cow<'static, str>,
    pub stats_digest: Cow<'static, str>,
    pub stats_titles: Cow<'static, str>,
    pub stats_summaries: Cow<'static, str>,
    pub stats_abstracts: Cow<'static, str>,
    pub stats_primary: Cow<'static, str>,
    pub stats_listed: Cow<'static, str>,
    /// The citation block of a paper page: its heading, the copy button and its
    /// confirmation, the link to the `.bib` file.
    pub cite: Cow<'static, str>,
    pub copy: Cow<'static, str>,
    pub copied: Cow<'static, str>,
    pub bib_file: Cow<'static, str>,
    /// A digest's links to the BibTeX of its papers and to its own feed.
    pub digest_bib: Cow<'static, str>,
    pub digest_feed: Cow<'static, str>,
    /// The footer's link to `repository:` of `site.yaml`.
    pub source_repository: Cow<'static, str>,
    /// A digest's links to the digest before it and after it.
    pub previous_digest: Cow<'static, str>,
    pub next_digest: Cow<'static, str>,
    /// After the first three authors of a paper with more.
    pub et_al: Cow<'static, str>,
    /// The collapsed `analysis:` section of a paper, and the heading of each of its keys.
    pub analysis_heading: Cow<'static, str>,
    pub analysis_tldr: Cow<'static, str>,
    pub analysis_motivation: Cow<'static, str>,
    pub analysis_method: Cow<'static, str>,
    pub analysis_result: Cow<'static, str>,
    pub analysis_conclusion: Cow<'static, str>,
    /// The mark beside machine-written text (`generated:`), and the start of its tooltip.
    pub machine_mark: Cow<'static, str>,
    pub machine_written: Cow<'static, str>,
    /// The notice under an abstract that stops mid-sentence, and its link to the full one.
    pub abstract_cut: Cow<'static, str>,
    pub full_abstract: Cow<'static, str>,
    /// The site's arXiv categories: the menu link and the heading of their list.
    pub categories: Cow<'static, str>,
    /// Before a category's name on its page (`Category: cs.CV`).
    pub category: Cow<'static, str>,
    /// A category page's link to the list of all.
    pub all_categories: Cow<'static, str>,
    /// The list of categories of a site without any.
    pub no_categories: Cow<'static, str>,
    /// A digest's group of papers without a category.
    pub other_category: Cow<'static, str>,
    /// The contents of a digest page: its categories, with counts.
    pub digest_categories: Cow<'static, str>,
    /// The filter chips of a digest page and the one that shows every paper again.
    pub category_filter: Cow<'static, str>,
    pub show_all: Cow<'static, str>,
    /// The digest list's heading for digests without a date.
    pub undated: Cow<'static, str>,
    /// The reading list: the menu link, its page's title.
    pub reading_list: Cow<'static, str>,
    /// The reading list page's first paragraph.
    pub reading_list_intro: Cow<'static, str>,
    /// The reading list page without JavaScript.
    pub reading_list_needs_js: Cow<'static, str>,
    /// The reading list page with nothing saved.
    pub reading_list_empty: Cow<'static, str>,
    /// After a shared link added papers; `{n}` is replaced by the script.
    pub reading_list_added: Cow<'static, str>,
    /// After a paper is taken off the list.
    pub reading_list_removed: Cow<'static, str>,
    /// A saved paper whose page could not be read.
    pub paper_unavailable: Cow<'static, str>,
    /// The reading list's shareable link (a text field) and its copy button.
    pub share_link: Cow<'static, str>,
    /// The star of every paper (a toggle button): saves it in the reading list.
    pub star: Cow<'static, str>,
    /// A digest's per-paper actions: copy the link of its page, copy its BibTeX; and what a copy that failed says.
    pub copy_link: Cow<'static, str>,
    pub copy_bibtex: Cow<'static, str>,
    pub copy_failed: Cow<'static, str>,
    /// The keyboard help (`?`): its heading, each key's use, its close button.
    pub keys_heading: Cow<'static, str>,
    pub key_search: Cow<'static, str>,
    pub key_escape: Cow<'static, str>,
    pub key_next: Cow<'static, str>,
    pub key_previous: Cow<'static, str>,
    pub key_open: Cow<'static, str>,
    pub key_help: Cow<'static, str>,
    pub close: Cow<'static, str>,
    /// The link at the foot of a long page back to its start.
    pub back_to_top: Cow<'static, str>,
    /// The mark, in the language the reader chose, on a text that has no version in it.
    pub untranslated: Cow<'static, str>,
}

pub const ZH: Labels = Labels {
    summary_heading: Cow::Borrowed("摘要"),
    details_heading: Cow::Borrowed("详细"),
    // The columns are the seed's (Ref | Title | Summary), their names in the reader's
    // language like every label.
    col_ref: Cow::Borrowed("编号"),
    col_title: Cow::Borrowed("标题"),
    col_summary: Cow::Borrowed("总结"),
    papers: Cow::Borrowed("论文"),
    digests: Cow::Borrowed("每期摘要"),
    latest_digests: Cow::Borrowed("最新摘要"),
    all_digests: Cow::Borrowed("全部摘要"),
    tags: Cow::Borrowed("标签"),
    tag: Cow::Borrowed("标签"),
    home: Cow::Borrowed("首页"),
    previous: Cow::Borrowed("上一页"),
    next: Cow::Borrowed("下一页"),
    pagination: Cow::Borrowed("分页"),
    newest: Cow::Borrowed("最新"),
    authors: Cow::Borrowed("作者"),
    date: Cow::Borrowed("日期"),
    links: Cow::Borrowed("链接"),
    in_digests: Cow::Borrowed("收录于"),
    announce_new: Cow::Borrowed("新提交"),
    announce_cross: Cow::Borrowed("交叉列出"),
    announce_replace: Cow::Borrowed("新版本"),
    announce_replace_cross: Cow::Borrowed("交叉列出的新版本"),
    one_line_summary: Cow::Borrowed("总结"),
    abstract_heading: Cow::Borrowed("摘要"),
    notes: Cow::Borrowed("笔记"),
    not_found: Cow::Borrowed("页面不存在"),
    back_home: Cow::Borrowed("返回首页"),
    feed: Cow::Borrowed("订阅 (Atom)"),
    generated_by: Cow::Borrowed("生成工具"),
    skip_to_content: Cow::Borrowed("跳到正文"),
    site_navigation: Cow::Borrowed("站点导航"),
    no_papers: Cow::Borrowed("还没有论文。"),
    no_digests: Cow::Borrowed("还没有摘要。"),
    no_tags: Cow::Borrowed("还没有标签。"),
    paper_count: Cow::Borrowed("共 {n} 篇论文"),
    page_n: Cow::Borrowed("第 {n} 页"),
    language: Cow::Borrowed("语言"),
    both_languages: Cow::Borrowed("双语"),
    colour_scheme: Cow::Borrowed("配色"),
    scheme_auto: Cow::Borrowed("自动"),
    scheme_light: Cow::Borrowed("浅色"),
    scheme_dark: Cow::Borrowed("深色"),
    search: Cow::Borrowed("搜索"),
    search_placeholder: Cow::Borrowed("标题、作者、arXiv 编号、标签"),
    search_loading: Cow::Borrowed("正在载入索引…"),
    search_none: Cow::Borrowed("没有找到论文。"),
    search_count: Cow::Borrowed("找到 {n} 篇论文"),
    search_failed: Cow::Borrowed("搜索暂时不可用。"),
    search_more: Cow::Borrowed("显示更多"),
    search_category: Cow::Borrowed("分类"),
    search_close: Cow::Borrowed("关闭"),
    search_digest: Cow::Borrowed("{d} 期"),
    stats: Cow::Borrowed("统计"),
    stats_intro: Cow::Borrowed("共 {papers} 篇论文，{digests} 期摘要。"),
    stats_per_digest: Cow::Borrowed("每期论文数"),
    stats_per_category: Cow::Borrowed("各主分类论文数"),
    stats_other_categories: Cow::Borrowed("其余 {n} 个分类"),
    stats_coverage: Cow::Borrowed("各语言文本数"),
    stats_text: Cow::Borrowed("文本"),
    stats_digest: Cow::Borrowed("期"),
    stats_titles: Cow::Borrowed("标题"),
    stats_summaries: Cow::Borrowed("一句话总结"),
    stats_abstracts: Cow::Borrowed("摘要"),
    stats_primary: Cow::Borrowed("主分类"),
    stats_listed: Cow::Borrowed("全部列出（含交叉）"),
    cite: Cow::Borrowed("引用"),
    copy: Cow::Borrowed("复制"),
    copied: Cow::Borrowed("已复制"),
    bib_file: Cow::Borrowed("下载 BibTeX 文件"),
    digest_bib: Cow::Borrowed("本期全部论文的 BibTeX"),
    digest_feed: Cow::Borrowed("本期的 Atom 订阅"),
    source_repository: Cow::Borrowed("源代码"),
    previous_digest: Cow::Borrowed("上一期"),
    next_digest: Cow::Borrowed("下一期"),
    et_al: Cow::Borrowed("等"),
    analysis_heading: Cow::Borrowed("分析"),
    analysis_tldr: Cow::Borrowed("要点"),
    analysis_motivation: Cow::Borrowed("研究动机"),
    analysis_method: Cow::Borrowed("方法"),
    analysis_result: Cow::Borrowed("结果"),
    analysis_conclusion: Cow::Borrowed("结论"),
    machine_mark: Cow::Borrowed("AI"),
    machine_written: Cow::Borrowed("机器生成"),
    abstract_cut: Cow::Borrowed("此摘要在句中中断，可能被截短了。"),
    full_abstract: Cow::Borrowed("完整摘要"),
    categories: Cow::Borrowed("分类"),
    category: Cow::Borrowed("分类"),
    all_categories: Cow::Borrowed("全部分类"),
    no_categories: Cow::Borrowed("还没有分类。"),
    other_category: Cow::Borrowed("其他"),
    digest_categories: Cow::Borrowed("本期分类"),
    category_filter: Cow::Borrowed("按分类筛选"),
    show_all: Cow::Borrowed("全部"),
    undated: Cow::Borrowed("未注明日期"),
    reading_list: Cow::Borrowed("阅读列表"),
    reading_list_intro: Cow::Borrowed(
        "点论文旁的 ☆ 即可保存。列表只存在这个浏览器里，不会发送到任何地方。",
    ),
    reading_list_needs_js: Cow::Borrowed("阅读列表需要 JavaScript。"),
    reading_list_empty: Cow::Borrowed("还没有保存论文。"),
    reading_list_added: Cow::Borrowed("已从分享链接加入 {n} 篇论文。"),
    reading_list_removed: Cow::Borrowed("已移出阅读列表。"),
    paper_unavailable: Cow::Borrowed("无法载入这篇论文的页面。"),
    share_link: Cow::Borrowed("分享链接"),
    star: Cow::Borrowed("保存到阅读列表"),
    copy_link: Cow::Borrowed("复制链接"),
    copy_bibtex: Cow::Borrowed("复制 BibTeX"),
    copy_failed: Cow::Borrowed("复制失败"),
    keys_heading: Cow::Borrowed("键盘快捷键"),
    key_search: Cow::Borrowed("搜索"),
    key_escape: Cow::Borrowed("关闭搜索或此窗口"),
    key_next: Cow::Borrowed("下一篇论文"),
    key_previous: Cow::Borrowed("上一篇论文"),
    key_open: Cow::Borrowed("打开所选论文的页面"),
    key_help: Cow::Borrowed("显示这些快捷键"),
    close: Cow::Borrowed("关闭"),
    back_to_top: Cow::Borrowed("回到顶部"),
    untranslated: Cow::Borrowed("无中文版本"),
};

pub const EN: Labels = Labels {
    summary_heading: Cow::Borrowed("Summary"),
    details_heading: Cow::Borrowed("Details"),
    col_ref: Cow::Borrowed("Ref"),
    col_title: Cow::Borrowed("Title"),
    col_summary: Cow::Borrowed("Summary"),
    papers: Cow::Borrowed("Papers"),
    digests: Cow::Borrowed("Digests"),
    latest_digests: Cow::Borrowed("Latest digests"),
    all_digests: Cow::Borrowed("All digests"),
    tags: Cow::Borrowed("Tags"),
    tag: Cow::Borrowed("Tag"),
    home: Cow::Borrowed("Home"),
    previous: Cow::Borrowed("Previous"),
    next: Cow::Borrowed("Next"),
    pagination: Cow::Borrowed("Pagination"),
    newest: Cow::Borrowed("Newest"),
    authors: Cow::Borrowed("Authors"),
    date: Cow::Borrowed("Date"),
    links: Cow::Borrowed("Links"),
    in_digests: Cow::Borrowed("In digests"),
    announce_new: Cow::Borrowed("New submission"),
    announce_cross: Cow::Borrowed("Cross-list"),
    announce_replace: Cow::Borrowed("Replacement"),
    announce_replace_cross: Cow::Borrowed("Replacement of a cross-list"),
    one_line_summary: Cow::Borrowed("Summary"),
    abstract_heading: Cow::Borrowed("Abstract"),
    notes: Cow::Borrowed("Notes"),
    not_found: Cow::Borrowed("Page not found"),
    back_home: Cow::Borrowed("Back to the home page"),
    feed: Cow::Borrowed("Feed (Atom)"),
    generated_by: Cow::Borrowed("Built with"),
    skip_to_content: Cow::Borrowed("Skip to content"),
    site_navigation: Cow::Borrowed("Site navigation"),
    no_papers: Cow::Borrowed("No papers yet."),
    no_digests: Cow::Borrowed("No digests yet."),
    no_tags: Cow::Borrowed("No tags yet."),
    paper_count: Cow::Borrowed("Papers: {n}"),
    page_n: Cow::Borrowed("Page {n}"),
    language: Cow::Borrowed("Language"),
    both_languages: Cow::Borrowed("Both"),
    colour_scheme: Cow::Borrowed("Colours"),
    scheme_auto: Cow::Borrowed("Auto"),
    scheme_light: Cow::Borrowed("Light"),
    scheme_dark: Cow::Borrowed("Dark"),
    search: Cow::Borrowed("Search"),
    search_placeholder: Cow::Borrowed("Title, author, arXiv id, tag"),
    search_loading: Cow::Borrowed("Loading the index…"),
    search_none: Cow::Borrowed("No papers found."),
    search_count: Cow::Borrowed("Papers found: {n}"),
    search_failed: Cow::Borrowed("Search is unavailable right now."),
    search_more: Cow::Borrowed("Show more"),
    search_category: Cow::Borrowed("Category"),
    search_close: Cow::Borrowed("Close"),
    search_digest: Cow::Borrowed("Digest {d}"),
    stats: Cow::Borrowed("Statistics"),
    stats_intro: Cow::Borrowed("Papers: {papers}. Digests: {digests}."),
    stats_per_digest: Cow::Borrowed("Papers per digest"),
    stats_per_category: Cow::Borrowed("Papers per primary category"),
    stats_other_categories: Cow::Borrowed("Other categories: {n}"),
    stats_coverage: Cow::Borrowed("Texts in each language"),
    stats_text: Cow::Borrowed("Text"),
    stats_digest: Cow::Borrowed("Digest"),
    stats_titles: Cow::Borrowed("Titles"),
    stats_summaries: Cow::Borrowed("One-line summaries"),
    stats_abstracts: Cow::Borrowed("Abstracts"),
    stats_primary: Cow::Borrowed("Primary"),
    stats_listed: Cow::Borrowed("Listed (with cross-lists)"),
    cite: Cow::Borrowed("Cite"),
    copy: Cow::Borrowed("Copy"),
    copied: Cow::Borrowed("Copied"),
    bib_file: Cow::Borrowed("Download the BibTeX file"),
    digest_bib: Cow::Borrowed("BibTeX of all papers in this digest"),
    digest_feed: Cow::Borrowed("Atom feed of this digest"),
    source_repository: Cow::Borrowed("Source"),
    previous_digest: Cow::Borrowed("Previous digest"),
    next_digest: Cow::Borrowed("Next digest"),
    et_al: Cow::Borrowed("et al."),
    analysis_heading: Cow::Borrowed("Analysis"),
    analysis_tldr: Cow::Borrowed("TL;DR"),
    analysis_motivation: Cow::Borrowed("Motivation"),
    analysis_method: Cow::Borrowed("Method"),
    analysis_result: Cow::Borrowed("Result"),
    analysis_conclusion: Cow::Borrowed("Conclusion"),
    machine_mark: Cow::Borrowed("AI"),
    machine_written: Cow::Borrowed("Machine-written"),
    abstract_cut: Cow::Borrowed("This abstract stops mid-sentence: it may have been shortened."),
    full_abstract: Cow::Borrowed("Full abstract"),
    categories: Cow::Borrowed("Categories"),
    category: Cow::Borrowed("Category"),
    all_categories: Cow::Borrowed("All categories"),
    no_categories: Cow::Borrowed("No categories yet."),
    other_category: Cow::Borrowed("Other"),
    digest_categories: Cow::Borrowed("Categories in this digest"),
    category_filter: Cow::Borrowed("Filter by category"),
    show_all: Cow::Borrowed("All"),
    undated: Cow::Borrowed("Undated"),
    reading_list: Cow::Borrowed("Reading list"),
    reading_list_intro: Cow::Borrowed(
        "Save a paper with the ☆ beside it. The list is kept in this browser only and is sent nowhere.",
    ),
    reading_list_needs_js: Cow::Borrowed("The reading list needs JavaScript."),
    reading_list_empty: Cow::Borrowed("No papers saved yet."),
    reading_list_added: Cow::Borrowed("Papers added from the shared link: {n}."),
    reading_list_removed: Cow::Borrowed("Removed from the reading list."),
    paper_unavailable: Cow::Borrowed("This paper's page could not be loaded."),
    share_link: Cow::Borrowed("Share link"),
    star: Cow::Borrowed("Save to the reading list"),
    copy_link: Cow::Borrowed("Copy link"),
    copy_bibtex: Cow::Borrowed("Copy BibTeX"),
    copy_failed: Cow::Borrowed("Copy failed"),
    keys_heading: Cow::Borrowed("Keyboard shortcuts"),
    key_search: Cow::Borrowed("Search"),
    key_escape: Cow::Borrowed("Close the search or this window"),
    key_next: Cow::Borrowed("Next paper"),
    key_previous: Cow::Borrowed("Previous paper"),
    key_open: Cow::Borrowed("Open the chosen paper's page"),
    key_help: Cow::Borrowed("Show these keys"),
    close: Cow::Borrowed("Close"),
    back_to_top: Cow::Borrowed("Back to top"),
    untranslated: Cow::Borrowed("No English version"),
};

/// The labels for a UI language; English for languages without their own.
/// Every key of [`Labels`], as `site.yaml`'s `labels:` names them.
pub const LABEL_KEYS: &[&str] = &[
    "summary_heading",
    "details_heading",
    "col_ref",
    "col_title",
    "col_summary",
    "papers",
    "digests",
    "latest_digests",
    "all_digests",
    "tags",
    "tag",
    "home",
    "previous",
    "next",
    "pagination",
    "newest",
    "authors",
    "date",
    "links",
    "in_digests",
    "announce_new",
    "announce_cross",
    "announce_replace",
    "announce_replace_cross",
    "one_line_summary",
    "abstract_heading",
    "notes",
    "not_found",
    "back_home",
    "feed",
    "generated_by",
    "skip_to_content",
    "site_navigation",
    "no_papers",
    "no_digests",
    "no_tags",
    "paper_count",
    "page_n",
    "language",
    "both_languages",
    "colour_scheme",
    "scheme_auto",
    "scheme_light",
    "scheme_dark",
    "search",
    "search_placeholder",
    "search_loading",
    "search_none",
    "search_count",
    "search_failed",
    "search_more",
    "search_category",
    "search_close",
    "search_digest",
    "stats",
    "stats_intro",
    "stats_per_digest",
    "stats_per_category",
    "stats_other_categories",
    "stats_coverage",
    "stats_text",
    "stats_digest",
    "stats_titles",
    "stats_summaries",
    "stats_abstracts",
    "stats_primary",
    "stats_listed",
    "cite",
    "copy",
    "copied",
    "bib_file",
    "digest_bib",
    "digest_feed",
    "source_repository",
    "previous_digest",
    "next_digest",
    "et_al",
    "analysis_heading",
    "analysis_tldr",
    "analysis_motivation",
    "analysis_method",
    "analysis_result",
    "analysis_conclusion",
    "machine_mark",
    "machine_written",
    "abstract_cut",
    "full_abstract",
    "categories",
    "category",
    "all_categories",
    "no_categories",
    "other_category",
    "digest_categories",
    "category_filter",
    "show_all",
    "undated",
    "reading_list",
    "reading_list_intro",
    "reading_list_needs_js",
    "reading_list_empty",
    "reading_list_added",
    "reading_list_removed",
    "paper_unavailable",
    "share_link",
    "star",
    "copy_link",
    "copy_bibtex",
    "copy_failed",
    "keys_heading",
    "key_search",
    "key_escape",
    "key_next",
    "key_previous",
    "key_open",
    "key_help",
    "close",
    "back_to_top",
    "untranslated",
];

impl Labels {
    /// Replaces the label `key` by `value`; `false` when there is no such label.
    pub fn set(&mut self, key: &str, value: String) -> bool {
        match self.slot(key) {
            Some(field) => {
                *field = Cow::Owned(value);
                true
            }
            None => false,
        }
    }

    /// The label `key`; `None` when there is no such label.
    pub fn get(&self, key: &str) -> Option<String> {
        // One match of the keys (in `slot`) serves both ways; the copy is of borrowed
        // strings but for the site's own labels.
        self.clone().slot(key).map(|field| field.to_string())
    }

    fn slot(&mut self, key: &str) -> Option<&mut Cow<'static, str>> {
        Some(match key {
            "summary_heading" => &mut self.summary_heading,
            "details_heading" => &mut self.details_heading,
            "col_ref" => &mut self.col_ref,
            "col_title" => &mut self.col_title,
            "col_summary" => &mut self.col_summary,
            "papers" => &mut self.papers,
            "digests" => &mut self.digests,
            "latest_digests" => &mut self.latest_digests,
            "all_digests" => &mut self.all_digests,
            "tags" => &mut self.tags,
            "tag" => &mut self.tag,
            "home" => &mut self.home,
            "previous" => &mut self.previous,
            "next" => &mut self.next,
            "pagination" => &mut self.pagination,
            "newest" => &mut self.newest,
            "authors" => &mut self.authors,
            "date" => &mut self.date,
            "links" => &mut self.links,
            "in_digests" => &mut self.in_digests,
            "announce_new" => &mut self.announce_new,
            "announce_cross" => &mut self.announce_cross,
            "announce_replace" => &mut self.announce_replace,
            "announce_replace_cross" => &mut self.announce_replace_cross,
            "one_line_summary" => &mut self.one_line_summary,
            "abstract_heading" => &mut self.abstract_heading,
            "notes" => &mut self.notes,
            "not_found" => &mut self.not_found,
            "back_home" => &mut self.back_home,
            "feed" => &mut self.feed,
            "generated_by" => &mut self.generated_by,
            "skip_to_content" => &mut self.skip_to_content,
            "site_navigation" => &mut self.site_navigation,
            "no_papers" => &mut self.no_papers,
            "no_digests" => &mut self.no_digests,
            "no_tags" => &mut self.no_tags,
            "paper_count" => &mut self.paper_count,
            "page_n" => &mut self.page_n,
            "language" => &mut self.language,
            "both_languages" => &mut self.both_languages,
            "colour_scheme" => &mut self.colour_scheme,
            "scheme_auto" => &mut self.scheme_auto,
            "scheme_light" => &mut self.scheme_light,
            "scheme_dark" => &mut self.scheme_dark,
            "search" => &mut self.search,
            "search_placeholder" => &mut self.search_placeholder,
            "search_loading" => &mut self.search_loading,
            "search_none" => &mut self.search_none,
            "search_count" => &mut self.search_count,
            "search_failed" => &mut self.search_failed,
            "search_more" => &mut self.search_more,
            "search_category" => &mut self.search_category,
            "search_close" => &mut self.search_close,
            "search_digest" => &mut self.search_digest,
            "stats" => &mut self.stats,
            "stats_intro" => &mut self.stats_intro,
            "stats_per_digest" => &mut self.stats_per_digest,
            "stats_per_category" => &mut self.stats_per_category,
            "stats_other_categories" => &mut self.stats_other_categories,
            "stats_coverage" => &mut self.stats_coverage,
            "stats_text" => &mut self.stats_text,
            "stats_digest" => &mut self.stats_digest,
            "stats_titles" => &mut self.stats_titles,
            "stats_summaries" => &mut self.stats_summaries,
            "stats_abstracts" => &mut self.stats_abstracts,
            "stats_primary" => &mut self.stats_primary,
            "stats_listed" => &mut self.stats_listed,
            "cite" => &mut self.cite,
            "copy" => &mut self.copy,
            "copied" => &mut self.copied,
            "bib_file" => &mut self.bib_file,
            "digest_bib" => &mut self.digest_bib,
            "digest_feed" => &mut self.digest_feed,
            "source_repository" => &mut self.source_repository,
            "previous_digest" => &mut self.previous_digest,
            "next_digest" => &mut self.next_digest,
            "et_al" => &mut self.et_al,
            "analysis_heading" => &mut self.analysis_heading,
            "analysis_tldr" => &mut self.analysis_tldr,
            "analysis_motivation" => &mut self.analysis_motivation,
            "analysis_method" => &mut self.analysis_method,
            "analysis_result" => &mut self.analysis_result,
            "analysis_conclusion" => &mut self.analysis_conclusion,
            "machine_mark" => &mut self.machine_mark,
            "machine_written" => &mut self.machine_written,
            "abstract_cut" => &mut self.abstract_cut,
            "full_abstract" => &mut self.full_abstract,
            "categories" => &mut self.categories,
            "category" => &mut self.category,
            "all_categories" => &mut self.all_categories,
            "no_categories" => &mut self.no_categories,
            "other_category" => &mut self.other_category,
            "digest_categories" => &mut self.digest_categories,
            "category_filter" => &mut self.category_filter,
            "show_all" => &mut self.show_all,
            "undated" => &mut self.undated,
            "reading_list" => &mut self.reading_list,
            "reading_list_intro" => &mut self.reading_list_intro,
            "reading_list_needs_js" => &mut self.reading_list_needs_js,
            "reading_list_empty" => &mut self.reading_list_empty,
            "reading_list_added" => &mut self.reading_list_added,
            "reading_list_removed" => &mut self.reading_list_removed,
            "paper_unavailable" => &mut self.paper_unavailable,
            "share_link" => &mut self.share_link,
            "star" => &mut self.star,
            "copy_link" => &mut self.copy_link,
            "copy_bibtex" => &mut self.copy_bibtex,
            "copy_failed" => &mut self.copy_failed,
            "keys_heading" => &mut self.keys_heading,
            "key_search" => &mut self.key_search,
            "key_escape" => &mut self.key_escape,
            "key_next" => &mut self.key_next,
            "key_previous" => &mut self.key_previous,
            "key_open" => &mut self.key_open,
            "key_help" => &mut self.key_help,
            "close" => &mut self.close,
            "back_to_top" => &mut self.back_to_top,
            "untranslated" => &mut self.untranslated,
            _ => return None,
        })
    }
}

/// The mark of a text without a version in the reader's language, on a site whose language
/// the theme has no words for (English's "No English version" would be false there).
pub const NOT_TRANSLATED: &str = "Not translated";

/// The labels of `lang`, with the overrides `site.yaml` gives for it.
pub fn site_labels(
    lang: &str,
    overrides: Option<&std::collections::BTreeMap<String, String>>,
) -> Labels {
    let mut labels = labels_for(lang).clone();
    if !matches!(lang, "zh" | "en") {
        // The English words fit another language but this one, which names English: the
        // mark goes on a text without a version in *this* language.
        labels.untranslated = Cow::Borrowed(NOT_TRANSLATED);
    }
    for (key, value) in overrides.into_iter().flatten() {
        labels.set(key, value.clone());
    }
    labels
}

/// `assets/labels.js`: the words of the interface in the site's languages (`ui` and, on a
/// bilingual site, `other`, each with its `site.yaml` overrides), which `site.js` builds
/// the header's tools and the keys' help with, and swaps when the reader chooses a
/// language: `window.digestSiteLabels = {ui, langs: {zh: {lang, name, labels}}}`.
pub fn switch_script(ui: (&str, &Labels), other: Option<(&str, &Labels)>) -> String {
    let language = |(code, labels): (&str, &Labels)| {
        let words: serde_json::Map<String, serde_json::Value> = LABEL_KEYS
            .iter()
            .filter_map(|key| Some((key.to_string(), labels.get(key)?.into())))
            .collect();
        (
            code.to_string(),
            serde_json::json!({
                "lang": html_lang(code),
                "name": language_name(code),
                "labels": words,
            }),
        )
    };
    let data = serde_json::json!({
        "ui": ui.0,
        "langs": serde_json::Map::from_iter(std::iter::once(language(ui)).chain(other.map(language))),
    });
    // `<` written as `\u003c`: the data is also safe to inline in a page.
    let json = data.to_string().replace('<', "\\u003c");
    format!(
        "// The words of the interface in the site's languages (digest-site build).\n\
         window.digestSiteLabels = {json};\n"
    )
}

pub fn labels_for(lang: &str) -> &'static Labels {
    match lang {
        "zh" => &ZH,
        _ => &EN,
    }
}

/// Common languages' names, each in itself, by their code (ISO 639-1, lower case).
const LANGUAGE_NAMES: &[(&str, &str)] = &[
    ("zh", "中文"),
    ("en", "English"),
    ("ja", "日本語"),
    ("ko", "한국어"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("es", "Español"),
    ("pt", "Português"),
    ("it", "Italiano"),
    ("ru", "Русский"),
    ("uk", "Українська"),
    ("pl", "Polski"),
    ("nl", "Nederlands"),
    ("sv", "Svenska"),
    ("da", "Dansk"),
    ("nb", "Norsk bokmål"),
    ("no", "Norsk"),
    ("fi", "Suomi"),
    ("cs", "Čeština"),
    ("el", "Ελληνικά"),
    ("hu", "Magyar"),
    ("ro", "Română"),
    ("tr", "Türkçe"),
    ("ar", "العربية"),
    ("he", "עברית"),
    ("fa", "فارسی"),
    ("hi", "हिन्दी"),
    ("bn", "বাংলা"),
    ("th", "ไทย"),
    ("vi", "Tiếng Việt"),
    ("id", "Bahasa Indonesia"),
    ("ms", "Bahasa Melayu"),
];

/// A language's own name, for the language switch and the statistics page: `ja` is
/// 日本語, whichever language the interface is in (a reader looks for the language they
/// read). A code with a region or script (`pt-BR`, `en-GB`) is named by its language,
/// but Chinese in traditional or simplified characters (`zh-Hant`, `zh-TW`, `zh-HK`;
/// `zh-Hans`, `zh-CN`), which a site may have both of; a language not in the list is
/// shown by its code.
pub fn language_name(code: &str) -> &str {
    let mut subtags = code.split(['-', '_']);
    let primary = subtags.next().unwrap_or_default();
    if primary.eq_ignore_ascii_case("zh") {
        for subtag in subtags {
            match subtag.to_ascii_lowercase().as_str() {
                "hant" | "tw" | "hk" | "mo" => return "繁體中文",
                "hans" | "cn" | "sg" => return "简体中文",
                _ => {}
            }
        }
    }
    LANGUAGE_NAMES
        .iter()
        .find(|(known, _)| primary.eq_ignore_ascii_case(known))
        .map_or(code, |(_, name)| name)
}

/// The `lang` attribute value for a site language code.
pub fn html_lang(code: &str) -> &str {
    match code {
        "zh" => "zh-CN",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_can_be_set_and_is_documented() {
        let docs = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../docs/customizing.md"
        ))
        .unwrap();
        for key in LABEL_KEYS {
            let mut labels = EN.clone();
            assert!(labels.set(key, "changed".into()), "{key}");
            assert_ne!(labels, EN, "{key} sets nothing");
            assert!(
                docs.contains(&format!("| `{key}` |")),
                "{key} is not in docs/customizing.md"
            );
        }
        assert!(!EN.clone().set("no_such_label", String::new()));
    }

    /// A label no page or script shows would be documented and settable for nothing.
    #[test]
    fn every_label_is_shown_somewhere() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/");
        let mut theme = String::new();
        for dir in ["themes", "src/render", "src/search"] {
            for entry in walkdir::WalkDir::new(format!("{root}{dir}")) {
                let entry = entry.unwrap();
                if entry.file_type().is_file() {
                    theme.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
                }
            }
        }
        let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
        for key in LABEL_KEYS {
            let used = theme.match_indices(key).any(|(at, _)| {
                !theme[..at].ends_with(is_word) && !theme[at + key.len()..].starts_with(is_word)
            });
            assert!(used, "the label `{key}` is shown nowhere");
        }
    }

    #[test]
    fn another_language_marks_an_untranslated_text_without_naming_english() {
        assert_eq!(site_labels("ja", None).untranslated, NOT_TRANSLATED);
        assert_eq!(site_labels("en", None).untranslated, "No English version");
        let mut own = std::collections::BTreeMap::new();
        own.insert("untranslated".to_string(), "翻訳なし".to_string());
        assert_eq!(site_labels("ja", Some(&own)).untranslated, "翻訳なし");
    }

    /// A language other than Chinese and English is named in itself on the switch and
    /// the statistics page, not by its code.
    #[test]
    fn a_language_is_named_in_itself() {
        for (code, name) in [
            ("zh", "中文"),
            ("en", "English"),
            ("ja", "日本語"),
            ("ko", "한국어"),
            ("fr", "Français"),
            ("de", "Deutsch"),
            ("es", "Español"),
            ("ru", "Русский"),
            ("pt", "Português"),
            ("pt-BR", "Português"),
            ("it", "Italiano"),
            ("ar", "العربية"),
            ("vi", "Tiếng Việt"),
            ("en-GB", "English"),
            ("zh-TW", "繁體中文"),
            ("zh-Hant", "繁體中文"),
            ("zh-Hant-HK", "繁體中文"),
            ("zh-Hans", "简体中文"),
            ("zh-CN", "简体中文"),
            // Unknown: its code, as written.
            ("tlh", "tlh"),
        ] {
            assert_eq!(language_name(code), name, "{code}");
        }
        let script = switch_script(("zh", &ZH), Some(("ja", &EN)));
        assert!(script.contains("\"name\":\"日本語\""), "{script}");
    }

    #[test]
    fn every_label_can_be_read() {
        let mut labels = ZH.clone();
        labels.set("home", "起点".into());
        for key in LABEL_KEYS {
            assert!(labels.get(key).is_some(), "{key}");
        }
        assert_eq!(labels.get("home").as_deref(), Some("起点"));
        assert_eq!(labels.get("back_home").as_deref(), Some("返回首页"));
        assert_eq!(labels.get("no_such_label"), None);
    }

    #[test]
    fn the_switch_script_has_both_languages() {
        let mut en = EN.clone();
        en.set("home", "Start <here>".into());
        let script = switch_script(("zh", &ZH), Some(("en", &en)));
        let json = script
            .split_once(" = ")
            .unwrap()
            .1
            .trim_end()
            .trim_end_matches(';');
        let data: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(data["ui"], "zh");
        assert_eq!(data["langs"]["zh"]["lang"], "zh-CN");
        assert_eq!(data["langs"]["zh"]["name"], "中文");
        assert_eq!(data["langs"]["zh"]["labels"]["home"], "首页");
        assert_eq!(data["langs"]["en"]["labels"]["home"], "Start <here>");
        assert!(!script.contains('<'), "{script}");
        assert_eq!(
            data["langs"]["en"]["labels"].as_object().unwrap().len(),
            LABEL_KEYS.len()
        );
    }

    #[test]
    fn other_languages_take_english_labels_unless_given() {
        let mut english_but_the_mark = EN.clone();
        english_but_the_mark.untranslated = Cow::Borrowed(NOT_TRANSLATED);
        assert_eq!(site_labels("ja", None), english_but_the_mark);
        let overrides =
            std::collections::BTreeMap::from([("home".to_string(), "ホーム".to_string())]);
        let ja = site_labels("ja", Some(&overrides));
        assert_eq!(ja.home, "ホーム");
        assert_eq!(ja.digests, EN.digests);
    }
}
