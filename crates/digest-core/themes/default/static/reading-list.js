// The reading-list page (`reading-list/`): loaded by that page only, after site.js, whose
// tools it uses (`window.digestSite.tools`: the saved ids, storage, the stars).
//
// The page needs each paper's titles, summaries and BibTeX, also for papers saved on
// other pages or received as a shared link, which carries ids only. So it reads them from
// the paper's own page (`papers/<id>/`, same origin: the `h1`, the `.paper-summary` and
// `<pre id="bibtex">`), and keeps what it read in a second key, so the list shows at once
// next time and without a network; each visit reads the pages again (the browser's cache
// makes that cheap), so an edited paper shows as edited. Storing the texts at star time
// instead would miss the BibTeX (not on a digest page) and the shared lists, and would
// freeze the texts.
(function () {
  "use strict";
  var t = window.digestSite && window.digestSite.tools;
  var page = document.querySelector(".reading-list");
  if (!t || !page) return;

  // What the reading list shows of a paper, read from its page: { t: the h1's HTML (a
  // line per language), s: the summary blocks' HTML, b: the BibTeX }.
  function readPaper(doc) {
    var article = doc.querySelector("article.paper");
    if (!article) return null;
    var title = article.querySelector("h1");
    var summary = article.querySelectorAll(".paper-summary > .l");
    var bib = doc.getElementById("bibtex");
    var html = "";
    for (var i = 0; i < summary.length; i++) html += summary[i].outerHTML;
    return { t: title ? title.innerHTML : "", s: html, b: bib ? bib.textContent : "" };
  }
  function cached(id) {
    var all = t.load(t.cacheKey, {});
    return all && typeof all === "object" ? all[id] || null : null;
  }
  function cache(id, paper) {
    var all = t.load(t.cacheKey, {});
    if (!all || typeof all !== "object") all = {};
    if (paper) all[id] = paper;
    else delete all[id];
    t.store(t.cacheKey, all);
  }
  var reads = {};
  // The paper `id` read from its page (fetched once per page view), or null.
  function read(id) {
    if (!reads[id]) {
      reads[id] = fetch(t.pageOf(id))
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.text();
        })
        .then(function (text) {
          var paper = readPaper(new DOMParser().parseFromString(text, "text/html"));
          if (paper && t.saved().indexOf(id) >= 0) cache(id, paper);
          return paper;
        })
        .catch(function () {
          return null;
        });
    }
    return reads[id];
  }

  // The reading-list page: the saved papers, newest first, each with its titles, its
  // summaries and a star (pressed; unpressing takes it off the list but leaves it shown
  // until the page is left, so a slip can be undone); the BibTeX of all as one file; a
  // link that gives the list to someone else.
  function wireReadingList(page) {
    var list = page.querySelector(".reading-items");
    var status = page.querySelector(".reading-status");
    var empty = page.querySelector(".reading-empty");
    var tools = page.querySelector(".reading-tools");
    var share = page.querySelector("#reading-share-link");
    // The label behind each status (named, so that the language switch swaps it).
    var LABELS = {
      papers: "paper_count",
      added: "reading_list_added",
      removed: "reading_list_removed",
      unavailable: "paper_unavailable"
    };
    var say = function (key, n) {
      status.textContent = (page.getAttribute("data-" + key) || "").replace("{n}", String(n));
      status.setAttribute("data-l", LABELS[key] || "");
      status.lang = t.lang();
    };

    // A shared link (`reading-list/?papers=a,b`) adds its papers to this browser's list;
    // the address then loses the parameter, so a reload adds nothing again.
    var params = new URLSearchParams(location.search);
    var added = 0;
    if (params.has("papers")) {
      var ids = t.saved();
      t.validIds(params.get("papers").split(",")).forEach(function (id) {
        if (ids.indexOf(id) < 0) {
          ids.push(id);
          added++;
        }
      });
      t.save(ids);
      params.delete("papers");
      if (history.replaceState) {
        var query = params.toString();
        history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
      }
    }

    function fill(item, paper) {
      var link = item.querySelector(".reading-title a");
      var summary = item.querySelector(".reading-summary");
      if (paper) {
        link.innerHTML = paper.t || link.textContent;
        summary.innerHTML = paper.s;
        t.relabel(item);
        item.removeAttribute("data-unavailable");
      } else if (!item.querySelector(".reading-summary *")) {
        summary.textContent = page.getAttribute("data-unavailable");
        item.setAttribute("data-unavailable", "");
      }
    }
    function render() {
      var ids = t.saved().slice().reverse();
      list.textContent = "";
      ids.forEach(function (id) {
        list.appendChild(itemOf(id));
      });
      window.digestSite.syncStars(list);
      update();
    }
    // One paper of the list, filled from the cache and then from its page.
    function itemOf(id) {
      var item = t.element("li", "reading-item");
      item.setAttribute("data-paper", id);
      var heading = t.element("h2", "reading-title");
      var link = t.element("a", "", id);
      link.href = t.pageOf(id);
      heading.appendChild(link);
      item.appendChild(heading);
      item.appendChild(t.element("div", "reading-summary"));
      var actions = t.element("p", "reading-actions");
      actions.appendChild(t.star(id));
      item.appendChild(actions);
      var known = cached(id);
      if (known) fill(item, known);
      read(id).then(function (paper) {
        fill(item, paper);
      });
      return item;
    }
    // The count, the share link and the tools follow the list as stars are pressed.
    function update() {
      var ids = t.saved();
      empty.hidden = ids.length > 0;
      tools.hidden = ids.length === 0;
      share.value = new URL(t.root + "reading-list/?papers=" + ids.join(","), location.href).href;
    }

    // Papers saved since the list was made (in another tab, or with a star of the search
    // results on this page) join it at its top.
    function addNewlySaved() {
      var listed = {};
      list.querySelectorAll(".reading-item").forEach(function (item) {
        listed[item.getAttribute("data-paper")] = true;
      });
      t.saved().forEach(function (id) {
        if (!listed[id]) list.insertBefore(itemOf(id), list.firstChild);
      });
      window.digestSite.syncStars(list);
    }
    document.addEventListener("digest-site:saved", function (event) {
      if (!event.detail.saved) cache(event.detail.id, null);
      else addNewlySaved();
      update();
      if (!event.detail.saved) say("removed", 0);
      else status.textContent = "";
    });
    // A star pressed in another tab: a paper saved there joins the list at its top; one
    // taken off stays listed, unpressed, as one taken off here does, until the page is
    // left; the count follows.
    window.addEventListener("storage", function (event) {
      if (event.key !== t.key) return;
      addNewlySaved();
      update();
      if (t.saved().length) say("papers", t.saved().length);
      else status.textContent = "";
    });
    page.querySelector(".reading-share-copy").addEventListener("click", function () {
      share.select();
      var done = function () {
        status.textContent = t.words.copied || "";
        status.setAttribute("data-l", "copied");
        status.lang = t.lang();
      };
      if (navigator.clipboard) navigator.clipboard.writeText(share.value).then(done, function () {});
    });
    var bib = page.querySelector(".reading-bib");
    bib.addEventListener("click", function () {
      var ids = t.saved();
      Promise.all(
        ids.map(function (id) {
          return read(id).then(function (paper) {
            paper = paper || cached(id);
            return paper && paper.b ? paper.b.replace(/\s+$/, "") + "\n" : "";
          });
        })
      ).then(function (entries) {
        t.saveBibtex(entries.filter(Boolean).join("\n"), bib.getAttribute("data-filename") || "reading-list.bib");
      });
    });
    render();
    if (added) say("added", added);
    else if (t.saved().length) say("papers", t.saved().length);
  }

  wireReadingList(page);
})();
