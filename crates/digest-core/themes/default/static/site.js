// The reader's switches (language, colour scheme), the search box and a digest's category
// filter.
//
// Loaded in <head> without `defer`: the saved choices are applied to <html> before the
// body is drawn, so a page never flashes the version the reader switched off, nor the
// interface in the other language. Everything else waits for the document. Without this
// script every page shows both languages of its texts and the interface in the site's UI
// language, in the system's colour scheme, and the switches and the search box stay
// hidden.
(function () {
  "use strict";
  var root = document.documentElement;
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
  // The defaults ("both", "auto") remove the attribute: the page as built.
  function apply(kind, value) {
    var attribute = kind === "lang" ? "data-lang" : "data-scheme";
    if (value === DEFAULTS[kind]) root.removeAttribute(attribute);
    else root.setAttribute(attribute, value);
  }
  function current(kind) {
    var value = load(kind);
    return valid(kind, value) ? value : DEFAULTS[kind];
  }

  // The rules that show one language when the reader picks it (`<html data-lang="zh">`),
  // made here rather than repeated in every page: only this script sets `data-lang`. A
  // text is hidden only when its other-language version is beside it, so a paper without a
  // translation never loses its only text.
  if (langs.length === 2) {
    var hide = function (shown, hidden) {
      var on = '[data-lang="' + shown + '"] ';
      return on + ".l-" + shown + "~.l-" + hidden + "," + on + ".l-" + hidden + ":has(~.l-" + shown + ")";
    };
    var rules = document.createElement("style");
    rules.textContent = hide(langs[0], langs[1]) + "," + hide(langs[1], langs[0]) + "{display:none}";
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
  var words = langs.length === 2 && window.digestSiteLabels;
  var shown = words ? words.ui : null; // the language the interface is in
  var SWAPPED = "[data-l],[data-la],[data-other]";

  function interfaceOf(choice) {
    return words && words.langs[choice] ? choice : words.ui;
  }
  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  // `text` with the words of label `key` in language `from` put in language `to`; a
  // label with `{n}` keeps its number.
  function swapWords(text, key, from, to) {
    var a = words.langs[from].labels[key];
    var b = words.langs[to].labels[key];
    if (a == null || b == null || a === b || !a) return text;
    if (a.indexOf("{n}") < 0) {
      return text.replace(a, function () {
        return b;
      });
    }
    // A number, or `{n}` itself in a template a script fills in (`data-count`).
    var pattern = new RegExp(escapeRegExp(a).replace("\\{n\\}", "(\\d+|\\{n\\})"));
    return text.replace(pattern, function (match, n) {
      return b.replace("{n}", n);
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

  // A shared link's `?lang=` wins over the stored choice, and becomes it.
  if (langs.length === 2) {
    var wanted = new URLSearchParams(location.search).get("lang");
    if (valid("lang", wanted)) save("lang", wanted);
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
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function wireSearch(form) {
    var input = form.querySelector("input[type=search]");
    var status = form.querySelector(".search-status");
    var list = form.querySelector(".search-results");
    var more = form.querySelector(".search-more");
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

    // The search script and the index are fetched on first use, never with the page.
    function indexReady() {
      if (!index) {
        index = import(form.getAttribute("data-script")).then(function (engine) {
          return engine.open(form.getAttribute("data-bundle"));
        });
        // A failed load is tried again at the next query.
        index.catch(function () {
          index = null;
        });
      }
      return index;
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

    // One line per language; the language switch hides the other one.
    function texts(parent, pairs, className) {
      pairs.forEach(function (pair) {
        var span = element("span", "l l-" + pair[0] + " " + className);
        fill(span, pair[1]);
        span.lang = langOf[pair[0]] || pair[0];
        parent.appendChild(span);
      });
      return parent;
    }

    // Appends result cards to the list.
    function append(cards) {
      cards.forEach(function (card) {
        var item = element("li");
        var title = texts(element("a", "search-title"), card.t, "title-line");
        title.href = root + card.u;
        if (!card.t.length) title.textContent = card.k;
        item.appendChild(title);
        if (card.s.length) item.appendChild(texts(element("p", "search-excerpt"), card.s, "summary-line"));
        list.appendChild(item);
      });
      shown += cards.length;
      more.hidden = shown >= found.length;
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
      if (!query) {
        list.textContent = "";
        status.textContent = "";
        found = [];
        more.hidden = true;
        return;
      }
      if (!list.firstChild) status.textContent = form.getAttribute("data-loading");
      indexReady()
        .then(function (engine) {
          return engine.search(query).then(function (papers) {
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

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 150);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      run();
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && input.value) {
        input.value = "";
        run();
      }
    });
    form.hidden = false;
    // A shared search link (`?q=稀疏`) opens with its results.
    var shared = new URLSearchParams(location.search).get("q");
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
      var blob = new Blob([target.textContent], { type: "application/x-bibtex" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = button.getAttribute("data-filename") || "citation.bib";
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () {
        URL.revokeObjectURL(link.href);
      }, 1000);
    });
    button.hidden = false;
  }

  function start() {
    var groups = document.querySelectorAll("[data-switch]");
    for (var i = 0; i < groups.length; i++) wireSwitch(groups[i]);
    var copies = document.querySelectorAll("button[data-copy-target]");
    for (var k = 0; k < copies.length; k++) wireCopy(copies[k]);
    var downloads = document.querySelectorAll("button[data-download-target]");
    for (var d = 0; d < downloads.length; d++) wireDownload(downloads[d]);
    var form = document.querySelector("form.search[data-bundle]");
    if (form) wireSearch(form);
    var filter = document.querySelector(".category-filter");
    if (filter) wireCategoryFilter(filter);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
