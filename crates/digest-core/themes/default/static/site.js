// The reader's switches (language, colour scheme), the search box and its panel, a
// digest's category filter, and the reader's tools: stars and the reading list, the keys
// (j, k, o, ?) and their help, and a digest's per-paper copy actions.
//
// Loaded in <head> without `defer`: the saved choices are applied to <html> before the
// body is drawn, so a page never flashes the version the reader switched off, nor the
// interface in the other language. Everything else waits for the document. Without this
// script every page shows both languages of its texts and the interface in the site's UI
// language, in the system's colour scheme, with no switches and no search box.
//
// The controls that only work with this script are not in the pages (they would weigh
// about 3 KB on every page, hidden): the switches and the search box are built here
// into the header's placeholder (`<div class="site-tools">`, which carries the search
// bundle's and script's addresses) as soon as the parser adds it, so before the header
// is first painted, and the keys' help (`?`) at the end of <body> once the page is read.
// Their words are those of `assets/labels.js` (`window.digestSiteLabels`, written for
// every site), in the language the interface is in; each names its label (`data-l`,
// `data-la`), so the language switch swaps them as it swaps the page's own.
(function () {
  "use strict";
  var root = document.documentElement;
  // This script's own element, which carries the site's root (`/repo/`): read while the
  // script runs, the only time it is known.
  var self = document.currentScript;
  var siteRoot = (self && self.getAttribute("data-root")) || "/";
  // The search engine is beside this script, with its query (`?v=`, a fingerprint of
  // both): pages name only this one, and the placeholder says whether there is search.
  var searchScript = ((self && self.getAttribute("src")) || "").replace(/site\.js(?=[?#]|$)/, "search.js");
  var KEYS = { lang: "digest-site.lang", scheme: "digest-site.scheme" };
  var langs = (root.getAttribute("data-langs") || "").split(" ").filter(Boolean);
  var choices = { lang: langs.concat("both"), scheme: ["auto", "light", "dark"] };
  var DEFAULTS = { lang: "both", scheme: "auto" };

  // Storage can be missing or refuse writes (private windows, file:// pages).
  function load(kind) {
    try {
      return localStorage.getItem(KEYS[kind]);
    } catch (e) {
      return null;
    }
  }
  function save(kind, value) {
    try {
      localStorage.setItem(KEYS[kind], value);
    } catch (e) {
      /* the choice lasts for this page only */
    }
  }
  function valid(kind, value) {
    return choices[kind].indexOf(value) >= 0;
  }
  // The page's language as built (the interface's), for "both".
  var builtLang = root.getAttribute("lang");
  // The defaults ("both", "auto") remove the attribute: the page as built. One language
  // chosen is the page's language too: a screen reader reads the interface, in its words,
  // with that language's voice.
  function apply(kind, value) {
    var attribute = kind === "lang" ? "data-lang" : "data-scheme";
    if (value === DEFAULTS[kind]) root.removeAttribute(attribute);
    else root.setAttribute(attribute, value);
    if (kind === "lang" && builtLang) {
      var chosen = words && words.langs[value];
      root.setAttribute("lang", chosen ? chosen.lang : builtLang);
    }
  }
  function current(kind) {
    var value = load(kind);
    return valid(kind, value) ? value : DEFAULTS[kind];
  }

  // The rules that show one language when the reader picks it (`<html data-lang="zh">`),
  // made here rather than repeated in every page: only this script sets `data-lang`. A
  // text is hidden only when its other-language version is beside it, so a paper without a
  // translation never loses its only text. `!important`: a rule of the theme's that shows
  // a title's second line as a block (`.paper-details h3 .l + .l`) must not show it here.
  if (langs.length === 2) {
    var hide = function (shown, hidden) {
      var on = '[data-lang="' + shown + '"] ';
      return on + ".l-" + shown + "~.l-" + hidden + "," + on + ".l-" + hidden + ":has(~.l-" + shown + ")";
    };
    var rules = document.createElement("style");
    rules.textContent = hide(langs[0], langs[1]) + "," + hide(langs[1], langs[0]) + "{display:none!important}";
    document.head.appendChild(rules);
  }

  // The interface in the reader's language. Pages are written in the site's UI language;
  // `assets/labels.js`, loaded just before this script, holds the words of both languages
  // (`window.digestSiteLabels`). An element names the labels it shows (`data-l="home"`
  // for its own text, `data-la="aria-label=pagination"` for attributes) or carries its
  // whole text in the other language (`data-other`). When the reader has chosen the other
  // language, each such element is swapped as the parser adds it: mutation callbacks run
  // before the browser paints, so the page is first painted in the chosen language.
  // "Both" shows the interface in the UI language. The reasons for this design are in
  // the `labels` module of digest-core.
  var allWords = window.digestSiteLabels || null; // every site's, one language or two
  var words = langs.length === 2 && allWords;
  var shown = words ? words.ui : null; // the language the interface is in
  // The words of label `key` in the language the interface is in ("" without labels.js).
  function say(key) {
    var lang = allWords && allWords.langs[shown || allWords.ui];
    return (lang && lang.labels[key]) || "";
  }
  // The words of the buttons this script adds (stars, a digest's copy actions), kept in
  // the interface's language: the reading list's script reads them here too.
  var scriptWords = {};
  function sayTools() {
    scriptWords.star = say("star");
    scriptWords.copyLink = say("copy_link");
    scriptWords.copyBibtex = say("copy_bibtex");
    scriptWords.copied = say("copied");
    scriptWords.copyFailed = say("copy_failed");
  }
  sayTools();
  var SWAPPED = "[data-l],[data-la],[data-other]";

  function interfaceOf(choice) {
    return words && words.langs[choice] ? choice : words.ui;
  }
  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  // `text` with the words of label `key` in language `from` put in language `to`; a
  // label's numbers (`{n}`, `{papers}`) are kept.
  function swapWords(text, key, from, to) {
    var a = words.langs[from].labels[key];
    var b = words.langs[to].labels[key];
    if (a == null || b == null || a === b || !a) return text;
    var names = [];
    // A number or a date (what fills a label's slot in a text a script wrote), or the
    // placeholder itself in a template a script fills in (`data-count`).
    var source = escapeRegExp(a).replace(/\\\{(\w+)\\\}/g, function (match, name) {
      names.push(name);
      return "(\\S+|\\{" + name + "\\})";
    });
    if (!names.length) {
      return text.replace(a, function () {
        return b;
      });
    }
    return text.replace(new RegExp(source), function () {
      var found = arguments;
      var out = b;
      names.forEach(function (name, i) {
        out = out.replace("{" + name + "}", found[i + 1]);
      });
      return out;
    });
  }
  function swap(el, from, to) {
    var keys = (el.getAttribute("data-l") || "").split(" ").filter(Boolean);
    var changed = false;
    if (keys.length) {
      for (var c = el.firstChild; c; c = c.nextSibling) {
        if (c.nodeType !== 3) continue;
        var text = c.data;
        for (var k = 0; k < keys.length; k++) text = swapWords(text, keys[k], from, to);
        if (text !== c.data) {
          c.data = text;
          changed = true;
        }
      }
    }
    var pairs = (el.getAttribute("data-la") || "").split(" ").filter(Boolean);
    for (var p = 0; p < pairs.length; p++) {
      var at = pairs[p].indexOf("=");
      var name = pairs[p].slice(0, at);
      var value = el.getAttribute(name);
      if (value == null) continue;
      var swapped = swapWords(value, pairs[p].slice(at + 1), from, to);
      if (swapped !== value) el.setAttribute(name, swapped);
    }
    var other = el.getAttribute("data-other");
    if (other != null) {
      // The page's own text is kept to come back to.
      if (!el.hasAttribute("data-ui")) el.setAttribute("data-ui", el.textContent);
      var whole = to === words.ui ? el.getAttribute("data-ui") : other;
      if (el.textContent !== whole) el.textContent = whole;
      changed = true;
    }
    // The words now say which language they are in (screen readers, fonts).
    if (changed && el.tagName !== "TITLE") el.lang = words.langs[to].lang;
  }
  function swapAll(root, from, to) {
    if (root.matches && root.matches(SWAPPED)) swap(root, from, to);
    var all = root.querySelectorAll(SWAPPED);
    for (var i = 0; i < all.length; i++) swap(all[i], from, to);
  }
  // Puts the interface in `to` (a language code) on what is parsed so far and, while the
  // page is still loading, on everything the parser adds.
  function showInterface(to) {
    if (!words || to === shown) return;
    var from = shown;
    shown = to;
    sayTools();
    swapAll(document, from, to);
    if (document.readyState !== "loading" || !window.MutationObserver) return;
    // The parser adds elements one by one, each into the document: every element of the
    // page comes through here by itself, so none needs a search of its descendants. The
    // text the parser adds to a label's element afterwards comes as a record on it.
    function named(node) {
      return (
        node.nodeType === 1 &&
        (node.hasAttribute("data-l") || node.hasAttribute("data-la") || node.hasAttribute("data-other"))
      );
    }
    var observer = new MutationObserver(function (records) {
      if (shown !== to) return;
      for (var r = 0; r < records.length; r++) {
        var target = records[r].target;
        if (named(target)) swap(target, from, to);
        var added = records[r].addedNodes;
        for (var a = 0; a < added.length; a++) {
          if (named(added[a])) swap(added[a], from, to);
        }
      }
    });
    observer.observe(document.documentElement, { childList: true, subtree: true });
    document.addEventListener("DOMContentLoaded", function () {
      observer.disconnect();
      if (shown === to) swapAll(document, from, to);
    });
  }

  // A shared link's `?lang=` wins over the stored choice, and becomes it. Not an address
  // of the reader's own history (Back, Reload): it holds the choice of when it was left,
  // and the choice made since holds; the address is set to it.
  function revisited() {
    var entry = window.performance && performance.getEntriesByType &&
      performance.getEntriesByType("navigation")[0];
    return !!entry && (entry.type === "back_forward" || entry.type === "reload");
  }
  function addressSays(kind, value) {
    if (!history.replaceState) return;
    var url = new URL(location.href);
    if (url.searchParams.get(kind) === null || url.searchParams.get(kind) === value) return;
    url.searchParams.set(kind, value);
    history.replaceState(history.state, "", url);
  }
  if (langs.length === 2) {
    var wanted = new URLSearchParams(location.search).get("lang");
    if (valid("lang", wanted) && !(revisited() && valid("lang", load("lang")))) save("lang", wanted);
    addressSays("lang", current("lang"));
    apply("lang", current("lang"));
    if (words) showInterface(interfaceOf(current("lang")));
  }
  apply("scheme", current("scheme"));

  // A text without a version in the other language shows in both modes; where that
  // language is chosen, a mark in it says the text is untranslated.
  if (words) {
    var marks = "";
    for (var l = 0; l < langs.length; l++) {
      var label = words.langs[langs[l]] && words.langs[langs[l]].labels.untranslated;
      var otherLang = langs[1 - l];
      if (!label) continue;
      marks +=
        '[data-lang="' + langs[l] + '"] .l-' + otherLang + "[data-untranslated]::before{content:" +
        cssString(label) + "}";
    }
    var markRules = document.createElement("style");
    markRules.textContent = marks;
    document.head.appendChild(markRules);
  }
  function cssString(text) {
    return '"' + text.replace(/[\\"]/g, "\\$&").replace(/\n/g, "\\A ") + '"';
  }

  // An element of the controls this script builds: `attrs` as given; with `key`, the words
  // of that label as its text, named so the language switch swaps them (and in the
  // language they are in, as the switch would have said).
  function make(tag, attrs, key) {
    var node = document.createElement(tag);
    for (var name in attrs) node.setAttribute(name, attrs[name]);
    if (key) {
      node.setAttribute("data-l", key);
      node.textContent = say(key);
      if (words && shown !== words.ui) node.lang = words.langs[shown].lang;
    }
    return node;
  }
  // Attributes of `node` in words of labels (`placeholder=search_placeholder ...`), named
  // for the switch in `data-la`.
  function sayAttrs(node, pairs) {
    pairs.split(" ").forEach(function (pair) {
      var at = pair.indexOf("=");
      node.setAttribute(pair.slice(0, at), say(pair.slice(at + 1)));
    });
    node.setAttribute("data-la", pairs);
    return node;
  }
  function add(parent, children) {
    children.forEach(function (child) {
      parent.appendChild(child);
    });
    return parent;
  }

  // The search box and its results panel (hidden until wired): a labelled input in a
  // search landmark; the panel, a status, a labelled category menu (filled from the
  // index), a close button, the list and the button for more.
  function buildSearch() {
    var form = make("form", {
      class: "search",
      role: "search",
      action: "#",
      hidden: "",
      "data-bundle": siteRoot + "search/",
      "data-script": searchScript,
      "data-root": siteRoot
    });
    sayAttrs(
      form,
      "data-loading=search_loading data-none=search_none data-count=search_count data-failed=search_failed data-digest=search_digest"
    );
    var input = make("input", {
      id: "search-input",
      type: "search",
      name: "q",
      autocomplete: "off",
      spellcheck: "false",
      "aria-keyshortcuts": "/"
    });
    sayAttrs(input, "placeholder=search_placeholder");
    var select = make("select", { id: "search-category", name: "cat" });
    select.appendChild(make("option", { value: "" }, "all_categories"));
    var bar = add(make("div", { class: "search-bar" }), [
      make("p", { class: "search-status", role: "status" }),
      make("label", { for: "search-category" }, "search_category"),
      select,
      make("button", { type: "button", class: "search-close" }, "search_close")
    ]);
    var panel = add(make("div", { class: "search-panel", id: "search-panel", hidden: "" }), [
      bar,
      make("ol", { class: "search-results" }),
      make("button", { type: "button", class: "search-more", hidden: "" }, "search_more")
    ]);
    return add(form, [make("label", { for: "search-input" }, "search"), input, panel]);
  }

  // A switch (hidden until wired): a group named by its visible label, of toggle buttons.
  function buildSwitch(kind, labelKey, buttons) {
    var group = make("div", {
      class: "switch",
      role: "group",
      "aria-labelledby": kind + "-switch-label",
      "data-switch": kind,
      hidden: ""
    });
    group.appendChild(make("span", { id: kind + "-switch-label", class: "switch-label" }, labelKey));
    return add(group, buttons);
  }
  function choice(value, pressed, key) {
    return make("button", { type: "button", "data-value": value, "aria-pressed": pressed ? "true" : "false" }, key);
  }
  function buildLanguageSwitch() {
    var buttons = langs.map(function (code) {
      // Each language's name in itself.
      var button = make("button", {
        type: "button",
        "data-value": code,
        lang: allWords.langs[code] ? allWords.langs[code].lang : code,
        "aria-pressed": "false"
      });
      button.textContent = allWords.langs[code] ? allWords.langs[code].name : code;
      return button;
    });
    buttons.push(choice("both", true, "both_languages"));
    return buildSwitch("lang", "language", buttons);
  }
  function buildSchemeSwitch() {
    return buildSwitch("scheme", "colour_scheme", [
      choice("auto", true, "scheme_auto"),
      choice("light", false, "scheme_light"),
      choice("dark", false, "scheme_dark")
    ]);
  }

  // The header's tools, into its placeholder, once: the search box (unless the site has
  // none), the language switch (on a site of two languages), the colour switch.
  var toolsBuilt = false;
  function buildTools() {
    var tools = document.querySelector(".site-tools");
    if (toolsBuilt || !tools || !allWords) return;
    toolsBuilt = true;
    var form = tools.hasAttribute("data-search") ? buildSearch() : null;
    var groups = [];
    if (langs.length === 2) groups.push(buildLanguageSwitch());
    groups.push(buildSchemeSwitch());
    add(tools, (form ? [form] : []).concat(groups));
    groups.forEach(wireSwitch);
    if (form) wireSearch(form);
  }
  // Built as the parser adds the placeholder: mutation callbacks run before the browser
  // paints, so the header is never drawn without them.
  if (document.readyState === "loading" && window.MutationObserver) {
    var toolsWatch = new MutationObserver(function () {
      if (document.querySelector(".site-tools")) {
        toolsWatch.disconnect();
        buildTools();
      }
    });
    toolsWatch.observe(document.documentElement, { childList: true, subtree: true });
    document.addEventListener("DOMContentLoaded", function () {
      toolsWatch.disconnect();
    });
  }

  // The keys' help that `?` opens, closed (so not shown), at the end of <body>: a dialog
  // named by its heading, each key with what it does (`/` only with the search box).
  function buildKeysHelp() {
    if (!allWords || document.getElementById("keys-help")) return null;
    var list = make("dl", {});
    var keys = [
      ["Esc", "key_escape"],
      ["j", "key_next"],
      ["k", "key_previous"],
      ["o", "key_open"],
      ["?", "key_help"]
    ];
    if (document.querySelector("form.search[data-bundle]")) keys.unshift(["/", "key_search"]);
    keys.forEach(function (k) {
      var kbd = make("kbd", {});
      kbd.textContent = k[0];
      add(list, [add(make("dt", {}), [kbd]), make("dd", {}, k[1])]);
    });
    var help = add(make("dialog", { class: "keys-help", id: "keys-help", "aria-labelledby": "keys-help-title" }), [
      make("h2", { id: "keys-help-title" }, "keys_heading"),
      list,
      add(make("form", { method: "dialog" }), [make("button", {}, "close")])
    ]);
    return document.body.appendChild(help);
  }

  function wireSwitch(group) {
    var kind = group.getAttribute("data-switch");
    var buttons = group.querySelectorAll("button[data-value]");
    function show(value) {
      for (var i = 0; i < buttons.length; i++) {
        var on = buttons[i].getAttribute("data-value") === value;
        buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
      }
    }
    group.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-value]");
      if (!button) return;
      var value = button.getAttribute("data-value");
      save(kind, value);
      apply(kind, value);
      if (kind === "lang") showInterface(interfaceOf(value));
      show(value);
      if (kind === "lang" && history.replaceState) {
        // Keep the address shareable: it opens in the language the reader chose.
        var url = new URL(location.href);
        url.searchParams.set("lang", value);
        history.replaceState(history.state, "", url);
      }
    });
    show(current(kind));
    group.hidden = false;
    // A page the browser shows again from its cache (Back) is as it was left: a choice
    // made on another page since is put on it.
    window.addEventListener("pageshow", function (event) {
      if (!event.persisted) return;
      var value = current(kind);
      apply(kind, value);
      if (kind === "lang") {
        showInterface(interfaceOf(value));
        addressSays(kind, value);
      }
      show(value);
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // The search box. Results open in a panel below the header, over the page (which does
  // not move); the query and the category are kept in the address as they change, so the
  // address shares the search. `/` focuses the box, Escape clears it and closes the panel.
  // `/` far down a page brings the box to the top of the window instead of the page up
  // to the header, so the reader keeps their place.
  function wireSearch(form) {
    var input = form.querySelector("input[type=search]");
    var panel = form.querySelector(".search-panel");
    var status = form.querySelector(".search-status");
    var list = form.querySelector(".search-results");
    var more = form.querySelector(".search-more");
    var select = form.querySelector("select");
    var close = form.querySelector(".search-close");
    var root = form.getAttribute("data-root");
    // Language code → the `lang` of its texts (`zh` → `zh-CN`), from the language switch.
    var langOf = {};
    var switchButtons = document.querySelectorAll("[data-switch=lang] button[lang]");
    for (var b = 0; b < switchButtons.length; b++) {
      langOf[switchButtons[b].getAttribute("data-value")] = switchButtons[b].lang;
    }
    var index = null;
    var latest = 0;
    var timer = 0;
    // The papers found by the current query, best first, and how many are shown.
    var found = [];
    var shown = 0;
    var PAGE = 10;
    // The category asked for (by the address or the menu) before the menu has its options.
    var category = "";

    // The search script and the index are fetched on first use, never with the page.
    function indexReady() {
      if (!index) {
        index = import(form.getAttribute("data-script")).then(function (engine) {
          return engine.open(form.getAttribute("data-bundle")).then(function (opened) {
            fillCategories(opened.categories());
            return opened;
          });
        });
        // A failed load is tried again at the next query.
        index.catch(function () {
          index = null;
        });
      }
      return index;
    }

    // The menu's categories, from the manifest: "cs.CV (1234)", most papers first. A
    // category of the address that the menu leaves out (a rare one) is added to it.
    function fillCategories(categories) {
      if (select.options.length > 1) return;
      categories.forEach(function (c) {
        var option = element("option", "", c[0] + " (" + c[1] + ")");
        option.value = c[0];
        select.appendChild(option);
        // An address written by hand (`cat=cs.cv`) names the menu's category.
        if (c[0].toLowerCase() === category.toLowerCase()) category = c[0];
      });
      select.value = category;
      if (select.value !== category) {
        var extra = element("option", "", category);
        extra.value = category;
        select.appendChild(extra);
        select.value = category;
      }
    }

    function open() {
      panel.hidden = false;
    }

    // The box over the page, at the top of the window (`data-floating`), while a search
    // that `/` opened out of sight of the header lasts; and what had the focus before it.
    var tools = form.parentNode;
    var floating = false;
    var opener = null;
    function bringToWindow() {
      var box = input.getBoundingClientRect();
      if (box.top >= 0 && box.bottom <= window.innerHeight) return;
      // The header keeps its height without the box: the page under it does not move.
      tools.style.minHeight = tools.offsetHeight + "px";
      form.setAttribute("data-floating", "");
      floating = true;
    }
    function putBack() {
      if (!floating) return;
      floating = false;
      form.removeAttribute("data-floating");
      tools.style.minHeight = "";
    }
    function closePanel() {
      panel.hidden = true;
    }

    // The address says what is searched: `?q=稀疏&cat=cs.CV` (other parameters kept).
    function remember(query) {
      if (!history.replaceState) return;
      var url = new URL(location.href);
      if (query) url.searchParams.set("q", query);
      else url.searchParams.delete("q");
      if (query && category) url.searchParams.set("cat", category);
      else url.searchParams.delete("cat");
      if (url.href !== location.href) history.replaceState(history.state, "", url);
    }

    // The query's words marked in the results (a regular expression from the engine).
    var marks = null;

    // `text` into `node`, with what `marks` matches in <mark>.
    function fill(node, text) {
      var last = 0;
      if (marks) {
        marks.lastIndex = 0;
        for (var m = marks.exec(text); m; m = marks.exec(text)) {
          if (!m[0]) {
            marks.lastIndex++;
            continue;
          }
          node.appendChild(document.createTextNode(text.slice(last, m.index)));
          node.appendChild(element("mark", "", m[0]));
          last = m.index + m[0].length;
        }
      }
      node.appendChild(document.createTextNode(text.slice(last)));
    }

    // One line per language; the language switch hides the other one. A text with one
    // version on a site of two languages is marked untranslated, as the pages mark it.
    function texts(parent, pairs, className) {
      var untranslated = pairs.length === 1 && langs.length === 2;
      pairs.forEach(function (pair) {
        var span = element("span", "l l-" + pair[0] + " " + className);
        fill(span, pair[1]);
        span.lang = langOf[pair[0]] || pair[0];
        if (untranslated) span.setAttribute("data-untranslated", "");
        parent.appendChild(span);
      });
      return parent;
    }

    // A result card: titles (the link), date · categories · digest, summaries, and the
    // button that saves the paper (wired by whoever handles `.star` buttons).
    function card(c) {
      var item = element("li");
      var title = texts(element("a", "search-title"), c.t, "title-line");
      title.href = root + c.u;
      if (!c.t.length) title.textContent = c.k;
      item.appendChild(title);
      var meta = element("p", "search-meta");
      var parts = [];
      if (c.d) {
        var date = element("time", "", c.d);
        date.dateTime = c.d;
        parts.push(date);
      }
      if (c.c && c.c.length) parts.push(element("span", "search-categories", c.c.join(", ")));
      if (c.g) {
          var digest = element("a", "", form.getAttribute("data-digest").replace("{d}", c.g[1]));
        digest.setAttribute("data-l", "search_digest");
        digest.href = root + c.g[0];
        parts.push(digest);
      }
      parts.forEach(function (part, i) {
        if (i) meta.appendChild(document.createTextNode(" · "));
        meta.appendChild(part);
      });
      if (parts.length) item.appendChild(meta);
      if (c.s.length) item.appendChild(texts(element("p", "search-excerpt"), c.s, "summary-line"));
      var star = element("button", "star");
      star.type = "button";
      star.setAttribute("data-paper", c.k);
      star.setAttribute("data-href", root + c.u);
      star.setAttribute("aria-pressed", "false");
      item.appendChild(star);
      return item;
    }

    // Appends result cards to the list.
    function append(cards) {
      cards.forEach(function (c) {
        list.appendChild(card(c));
      });
      shown += cards.length;
      more.hidden = shown >= found.length;
      var site = window.digestSite;
      if (site && site.syncStars) site.syncStars(list);
    }

    function show(id, papers, cards) {
      if (id !== latest) return;
      list.textContent = "";
      found = papers;
      shown = 0;
      append(cards);
      status.textContent = papers.length
        ? form.getAttribute("data-count").replace("{n}", String(papers.length))
        : form.getAttribute("data-none");
      // Named, so that the language switch swaps it with the page's words.
      status.setAttribute("data-l", papers.length ? "search_count" : "search_none");
    }

    // The next page of results; focus moves to the first new one.
    more.addEventListener("click", function () {
      var id = latest;
      indexReady()
        .then(function (engine) {
          return engine.cards(found.slice(shown, shown + PAGE));
        })
        .then(function (cards) {
          if (id !== latest) return;
          var first = list.children.length;
          append(cards);
          var link = list.children[first] && list.children[first].querySelector("a");
          if (link) link.focus();
        })
        .catch(function () {
          status.textContent = form.getAttribute("data-failed");
        });
    });

    function run() {
      // Trailing space is kept: it tells the engine the last word is complete.
      var query = input.value.trim() ? input.value.replace(/^\s+/, "") : "";
      var id = ++latest;
      remember(query.trim());
      if (!query) {
        list.textContent = "";
        status.textContent = "";
        found = [];
        more.hidden = true;
        closePanel();
        return;
      }
      open();
      if (!list.firstChild) status.textContent = form.getAttribute("data-loading");
      indexReady()
        .then(function (engine) {
          return engine.search(query, category).then(function (papers) {
            if (id !== latest) return;
            marks = engine.highlighter(query);
            return engine.cards(papers.slice(0, PAGE)).then(function (cards) {
              show(id, papers, cards);
            });
          });
        })
        .catch(function () {
          if (id === latest) status.textContent = form.getAttribute("data-failed");
        });
    }

    // Clears the search (its category too, which the address then no longer shows),
    // closes the panel and leaves the focus in the box; a box `/` brought over the page
    // goes back to the header, out of sight, and the focus to where it was before.
    function reset() {
      input.value = "";
      category = "";
      select.value = "";
      run();
      if (!floating) {
        input.focus({ preventScroll: true });
        return;
      }
      putBack();
      if (opener && opener !== document.body && opener.focus) opener.focus({ preventScroll: true });
      else input.blur();
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 150);
    });
    // The box with a query reopens the panel a click elsewhere closed.
    input.addEventListener("focus", function () {
      if (input.value.trim() && list.firstChild) open();
    });
    select.addEventListener("change", function () {
      category = select.value;
      clearTimeout(timer);
      run();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      run();
    });
    close.addEventListener("click", reset);
    form.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && (input.value || !panel.hidden || floating)) {
        event.preventDefault();
        reset();
      }
    });
    // A click outside the box and the panel closes the panel (the query stays); not one on
    // the language or colour switch, which change the results as they are shown. A box `/`
    // brought over the page goes back to the header.
    document.addEventListener("click", function (event) {
      var target = event.target;
      if (form.contains(target)) return;
      if (target.closest && target.closest("[data-switch]")) return;
      putBack();
      closePanel();
    });
    // The focus gone elsewhere (Tab past the panel) takes the box back to the header.
    document.addEventListener("focusin", function (event) {
      if (floating && !form.contains(event.target)) putBack();
    });
    // `/` anywhere but in a field focuses the box.
    document.addEventListener("keydown", function (event) {
      if (event.key !== "/" || event.ctrlKey || event.altKey || event.metaKey) return;
      var t = event.target;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      event.preventDefault();
      if (!floating) {
        opener = document.activeElement;
        bringToWindow();
      }
      // Not scrolled to: in the header, or over the page when the header is out of sight.
      input.focus({ preventScroll: true });
      input.select();
    });
    form.hidden = false;
    // A shared search link (`?q=稀疏&cat=cs.CV`) opens with its results.
    var params = new URLSearchParams(location.search);
    var shared = params.get("q");
    category = params.get("cat") || "";
    if (shared) {
      input.value = shared;
      run();
    }
  }

  // Copy buttons (the BibTeX block): copy the target's text, confirm for two seconds.
  function wireCopy(button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    if (!target || !navigator.clipboard) return;
    var label = button.textContent;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.textContent).then(function () {
        button.textContent = button.getAttribute("data-copied") || label;
        setTimeout(function () {
          button.textContent = label;
        }, 2000);
      });
    });
    button.hidden = false;
  }

  // A digest page's filter chips: each shows or hides its category's papers (its table
  // and its details); several can be on at once; "All" turns them off. Without this
  // script the chips stay hidden and the contents above them link to each category.
  function wireCategoryFilter(group) {
    var buttons = group.querySelectorAll("button[data-category]");
    var sections = document.querySelectorAll(".category-group[data-category]");
    var chosen = [];
    function show() {
      for (var i = 0; i < buttons.length; i++) {
        var key = buttons[i].getAttribute("data-category");
        var on = key ? chosen.indexOf(key) >= 0 : chosen.length === 0;
        buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
      }
      for (var k = 0; k < sections.length; k++) {
        var shown = chosen.length === 0 || chosen.indexOf(sections[k].getAttribute("data-category")) >= 0;
        sections[k].hidden = !shown;
      }
    }
    group.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-category]");
      if (!button) return;
      var key = button.getAttribute("data-category");
      var at = chosen.indexOf(key);
      if (!key) chosen = [];
      else if (at >= 0) chosen.splice(at, 1);
      else chosen.push(key);
      show();
    });
    // The chips do what the contents' links did, and say how many papers each has.
    var contents = document.querySelector(".category-contents");
    if (contents) contents.hidden = true;
    group.hidden = false;
  }

  // Download buttons (the BibTeX block): save the target's text as a file. The entry is on
  // the page already, so the site carries no file of it; without scripts the block is
  // there to select and copy, and the digest's papers.bib holds it too.
  function wireDownload(button) {
    var target = document.getElementById(button.getAttribute("data-download-target"));
    if (!target || !window.Blob || !window.URL || !URL.createObjectURL) return;
    button.addEventListener("click", function () {
      saveBibtex(target.textContent, button.getAttribute("data-filename") || "citation.bib");
    });
    button.hidden = false;
  }
  // Saves BibTeX `text` as the file `filename` (a paper's entry, the reading list's).
  function saveBibtex(text, filename) {
    var blob = new Blob([text], { type: "application/x-bibtex" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () {
      URL.revokeObjectURL(link.href);
    }, 1000);
  }


  // ---- The reader's tools ------------------------------------------------------------
  //
  // Stars: `<button class="star" data-paper="ID" data-href="PAGE" aria-pressed>`, added
  // here to digest rows and details, tables and paper pages (no bytes in the pages); the
  // search results bring their own; one listener serves all. The reading list is the
  // papers' ids in saving order, in localStorage under a key of the site's root (two
  // sites on one github.io domain keep two lists). Nothing is sent anywhere. The list's
  // page has a script of its own (reading-list.js).
  var LIST_KEY = "digest-site.reading-list:" + siteRoot;
  var CACHE_KEY = "digest-site.reading-cache:" + siteRoot;
  // A paper id as the build allows it: a shared link can carry nothing else.
  var PAPER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
  var unsaved = null;

  function readJson(key, fallback) {
    try {
      var value = JSON.parse(localStorage.getItem(key));
      return value === null ? fallback : value;
    } catch (e) {
      return fallback;
    }
  }
  function writeJson(key, value) {
    try {
      localStorage.setItem(key, JSON.stringify(value));
      return true;
    } catch (e) {
      return false;
    }
  }
  function validIds(list) {
    var seen = {};
    return (Array.isArray(list) ? list : []).filter(function (id) {
      var ok = typeof id === "string" && PAPER_ID.test(id) && !seen[id];
      seen[id] = true;
      return ok;
    });
  }
  // Where storage refuses writes (some private windows) the list lasts for the page.
  function savedIds() {
    return unsaved || validIds(readJson(LIST_KEY, []));
  }
  // The list comes before the cache: when storage is full, the cache goes.
  function setSaved(ids) {
    var ok = writeJson(LIST_KEY, ids);
    if (!ok) {
      try {
        localStorage.removeItem(CACHE_KEY);
      } catch (e) {
        /* nothing to free */
      }
      ok = writeJson(LIST_KEY, ids);
    }
    unsaved = ok ? null : ids;
  }
  function pageOf(id) {
    return siteRoot + "papers/" + id + "/";
  }
  // The paper id of a link to a paper page of this site, else null.
  function paperIdOf(href) {
    var url;
    try {
      url = new URL(href, location.href);
    } catch (e) {
      return null;
    }
    if (url.origin !== location.origin || url.pathname.indexOf(siteRoot + "papers/") !== 0) return null;
    var id = /^([^/]+)\/(index\.html)?$/.exec(url.pathname.slice(siteRoot.length + 7));
    return id && PAPER_ID.test(id[1]) ? id[1] : null;
  }

  // A paper's BibTeX, read from its page (`<pre id="bibtex">`).
  function bibtexOf(id) {
    return fetch(pageOf(id))
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (text) {
        var pre = new DOMParser().parseFromString(text, "text/html").getElementById("bibtex");
        if (!pre) throw new Error("no BibTeX");
        return pre.textContent;
      });
  }

  function star(id) {
    var button = element("button", "star");
    button.type = "button";
    button.setAttribute("data-paper", id);
    button.setAttribute("data-href", pageOf(id));
    return button;
  }
  // A paper's buttons (its star, a digest's copy actions) are described by its title: a
  // screen reader's list of buttons otherwise holds hundreds of "Save to the reading
  // list" that say nothing of which paper each is for. The title's hidden language is
  // left out of the description, as it is of the page.
  var describedCount = 0;
  function describeByTitle(button) {
    if (button.hasAttribute("aria-describedby")) return;
    var paper = button.closest("tr, .paper-details, .reading-item, li, article.paper");
    var title = paper && paper.querySelector("td.title a, summary h3, .reading-title, .search-title, h1");
    if (!title) return;
    if (!title.id) title.id = "paper-title-" + ++describedCount;
    button.setAttribute("aria-describedby", title.id);
  }
  // Sets each star's state (and its words, for stars made by other scripts).
  function syncStars(container) {
    var ids = savedIds();
    var stars = (container || document).querySelectorAll(".star[data-paper]");
    for (var i = 0; i < stars.length; i++) {
      describeByTitle(stars[i]);
      var on = ids.indexOf(stars[i].getAttribute("data-paper")) >= 0;
      stars[i].setAttribute("aria-pressed", on ? "true" : "false");
      // A star without words (this script's) is named, for the language switch too; one
      // with its own keeps them.
      if (!stars[i].textContent.trim() && !stars[i].hasAttribute("aria-label") && scriptWords.star) {
        stars[i].setAttribute("aria-label", scriptWords.star);
        stars[i].title = scriptWords.star;
        stars[i].setAttribute("data-la", "aria-label=star title=star");
      }
    }
  }
  function toggleStar(button) {
    var id = button.getAttribute("data-paper");
    if (!PAPER_ID.test(id || "")) return;
    var ids = savedIds();
    var at = ids.indexOf(id);
    if (at >= 0) ids.splice(at, 1);
    else ids.push(id);
    setSaved(ids);
    syncStars(document);
    document.dispatchEvent(new CustomEvent("digest-site:saved", { detail: { id: id, saved: at < 0 } }));
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".star[data-paper]");
    if (button) toggleStar(button);
  });
  // A star pressed in another tab shows here too.
  window.addEventListener("storage", function (event) {
    if (event.key === LIST_KEY) syncStars(document);
  });
  // `syncStars` for the search results; `tools` for the reading list's own script.
  window.digestSite = {
    syncStars: syncStars,
    tools: {
      root: siteRoot,
      key: LIST_KEY,
      words: scriptWords,
      saveBibtex: saveBibtex,
      cacheKey: CACHE_KEY,
      load: readJson,
      store: writeJson,
      saved: savedIds,
      save: setSaved,
      validIds: validIds,
      pageOf: pageOf,
      star: star,
      element: element,
      // Puts labels added after the page loaded (the reading list's, read from papers'
      // pages, which are in the UI language) in the interface's language.
      relabel: function (root) {
        if (words && shown !== words.ui) swapAll(root, words.ui, shown);
      },
      // The `lang` of the words of the interface as it is now (`en`, `zh-CN`).
      lang: function () {
        return words ? words.langs[shown].lang : document.documentElement.lang;
      }
    }
  };

  // The link to a paper's page in a paper's details, a table row or a reading-list item:
  // its own, else that of the details its Ref leads to (a digest row whose title links
  // arXiv), else that of the row whose Ref leads to it (details without such a link).
  function ownPaperLink(node) {
    var links = node.querySelectorAll("a[href]");
    for (var i = 0; i < links.length; i++) {
      if (paperIdOf(links[i].href)) return links[i];
    }
    return null;
  }
  function paperLinkIn(node) {
    var own = ownPaperLink(node);
    if (own) return own;
    var ref = node.querySelector("a[href^='#']");
    var target = ref && document.getElementById(ref.getAttribute("href").slice(1));
    if (target && target !== node && (own = ownPaperLink(target))) return own;
    var from = node.id && document.querySelector("a[href='#" + node.id + "']");
    var row = from && from.closest("tr, li");
    return row ? ownPaperLink(row) : null;
  }

  // Stars for every paper shown on the page, and a digest's copy actions.
  function addStars() {
    var own = paperIdOf(location.href);
    var h1 = own && document.querySelector("article.paper > h1");
    if (h1) {
      var actions = element("p", "paper-actions");
      actions.appendChild(star(own));
      h1.parentNode.insertBefore(actions, h1.nextSibling);
    }
    var rows = document.querySelectorAll(".paper-table tbody tr");
    for (var r = 0; r < rows.length; r++) {
      var rowLink = paperLinkIn(rows[r]);
      var cell = rows[r].querySelector("td.ref") || rows[r].firstElementChild;
      if (rowLink && cell) cell.appendChild(star(paperIdOf(rowLink.href)));
    }
    var details = document.querySelectorAll(".paper-details");
    for (var d = 0; d < details.length; d++) {
      var link = paperLinkIn(details[d]);
      if (!link) continue;
      var id = paperIdOf(link.href);
      // On the line of the paper's links (or of the link to its page), else a line of
      // their own at the end.
      var line = details[d].querySelector(".paper-link");
      if (!line && details[d].contains(link)) line = link.parentNode;
      if (!line) line = details[d].appendChild(element("p", "paper-actions"));
      line.appendChild(document.createTextNode(" "));
      line.appendChild(star(id));
      if (navigator.clipboard) {
        if (!announcer) {
          announcer = element("p", "visually-hidden");
          announcer.setAttribute("role", "status");
          (document.querySelector("main") || document.body).appendChild(announcer);
        }
        describeByTitle(line.appendChild(copyButton("copy_link", "link", id)));
        describeByTitle(line.appendChild(copyButton("copy_bibtex", "bibtex", id)));
      }
    }
    syncStars(document);
  }

  // A digest's "Copy link" (the paper page's address) and "Copy BibTeX" (read from the
  // paper page). The button says "Copied" for two seconds, and so does a status line for
  // screen readers (made with the buttons: one made as it speaks is not heard by all).
  var announcer = null;
  function announce(text) {
    announcer.textContent = "";
    setTimeout(function () {
      announcer.textContent = text;
    }, 50);
  }
  // A copy button saying label `key` (named, so the language switch swaps it).
  function copyButton(key, what, id) {
    return make(
      "button",
      { type: "button", class: "copy-action", "data-copy": what, "data-paper": id },
      key
    );
  }
  // Copies `text` (a string, or a promise of one: the clipboard is asked at once, while
  // the click still counts as the reader's, where the browser allows that).
  function copyText(text) {
    var clip = navigator.clipboard;
    if (typeof text === "string") return clip.writeText(text);
    var later = function () {
      return text.then(function (t) {
        return clip.writeText(t);
      });
    };
    if (!window.ClipboardItem || !clip.write) return later();
    try {
      var blob = text.then(function (t) {
        return new Blob([t], { type: "text/plain" });
      });
      return clip.write([new ClipboardItem({ "text/plain": blob })]).catch(later);
    } catch (e) {
      return later();
    }
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.copy-action");
    if (!button) return;
    var id = button.getAttribute("data-paper");
    var text =
      button.getAttribute("data-copy") === "link"
        ? new URL(pageOf(id), location.href).href
        : bibtexOf(id);
    var label = button.textContent;
    // Back to its label afterwards, in the language the interface is in by then.
    var key = button.getAttribute("data-l");
    copyText(text).then(
      function () {
        button.textContent = scriptWords.copied || label;
        announce(scriptWords.copied || label);
      },
      function () {
        button.textContent = scriptWords.copyFailed || label;
        announce(scriptWords.copyFailed || label);
      }
    );
    setTimeout(function () {
      button.textContent = (key && say(key)) || label;
    }, 2000);
  });

  // Keys: `j` and `k` go to the next and previous paper (a digest's details, a reading
  // list's items, else a table's rows), `o` opens the chosen paper's page, `?` shows the
  // keys. `/` and Escape belong to the search box. None fires while typing or with Ctrl,
  // Alt or Meta held.
  var chosen = null;
  function papers() {
    var seen = function (e) {
      return e.getClientRects().length > 0;
    };
    var all = [].slice.call(document.querySelectorAll(".paper-details, .reading-item")).filter(seen);
    if (!all.length) all = [].slice.call(document.querySelectorAll(".paper-table tbody tr")).filter(seen);
    return all;
  }
  function choose(step) {
    var all = papers();
    if (!all.length) return;
    var at = all.indexOf(chosen);
    if (at >= 0) {
      // A chosen paper the reader has scrolled away from is where they were, not where
      // they are: the keys start from the window again.
      var box = chosen.getBoundingClientRect();
      if (box.bottom < 0 || box.top > window.innerHeight) at = -1;
    }
    if (at < 0) {
      // From where the reader is: the first paper below the top of the window (`j`), the
      // last above it (`k`).
      at = step > 0 ? -1 : all.length;
      for (var i = 0; i < all.length; i++) {
        var top = all[i].getBoundingClientRect().top;
        if (step > 0 && top < 1) at = i;
        if (step < 0 && top >= 1) {
          at = i;
          break;
        }
      }
    }
    var next = all[Math.max(0, Math.min(all.length - 1, at + step))];
    if (chosen) chosen.classList.remove("chosen");
    chosen = next;
    chosen.classList.add("chosen");
    // Focus lands on the paper's title, which is what a screen reader then reads (a
    // table row's: its link).
    var target = chosen.querySelector("summary, h2, h3, td.title a") || chosen;
    if (!target.hasAttribute("tabindex") && !target.matches("a, button, summary")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
    chosen.scrollIntoView({ block: "start" });
  }
  function typing(node) {
    return node && (node.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(node.tagName));
  }
  function wireKeys(help) {
    var opener = null;
    help.addEventListener("close", function () {
      if (opener && opener.focus) opener.focus();
    });
    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) return;
      if (typing(event.target) || help.open) return;
      if (event.key === "j" || event.key === "k") {
        event.preventDefault();
        choose(event.key === "j" ? 1 : -1);
      } else if (event.key === "o" && chosen && document.contains(chosen)) {
        var link = paperLinkIn(chosen);
        if (link) {
          event.preventDefault();
          location.href = link.href;
        }
      } else if (event.key === "?" && help.showModal) {
        event.preventDefault();
        opener = document.activeElement;
        help.showModal();
      }
    });
  }

  // A paper page's copy and download buttons for its BibTeX block (`<pre id="bibtex"
  // data-filename>`): they need this script, so it adds them and the page carries no
  // bytes of them; without scripts the block is there to select.
  function buildCiteActions() {
    var pre = document.getElementById("bibtex");
    if (!pre || !pre.hasAttribute("data-filename") || !pre.parentNode) return;
    var copy = sayAttrs(
      make("button", { type: "button", class: "copy", "data-copy-target": "bibtex", hidden: "" }, "copy"),
      "data-copied=copied"
    );
    var download = make(
      "button",
      {
        type: "button",
        class: "download",
        "data-download-target": "bibtex",
        "data-filename": pre.getAttribute("data-filename"),
        hidden: ""
      },
      "bib_file"
    );
    var actions = add(make("p", { class: "cite-actions" }), [copy, document.createTextNode(" "), download]);
    pre.parentNode.insertBefore(actions, pre.nextSibling);
  }

  function start() {
    buildTools();
    buildCiteActions();
    var copies = document.querySelectorAll("button[data-copy-target]");
    for (var k = 0; k < copies.length; k++) wireCopy(copies[k]);
    var downloads = document.querySelectorAll("button[data-download-target]");
    for (var d = 0; d < downloads.length; d++) wireDownload(downloads[d]);
    var filter = document.querySelector(".category-filter");
    if (filter) wireCategoryFilter(filter);
    addStars();
    var help = buildKeysHelp();
    if (help) wireKeys(help);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
