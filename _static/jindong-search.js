/* The search page (only it loads this; publish/search.py). Sphinx looks a query up word by word
   (「高质量发展」 is 高质量 + 发展) and lists whole pages, ranked by where the words stand. A reader who
   types a phrase wants the places that say it: so the sections whose text holds the whole query as
   written (window.jdSearchSections: every section's text, written by the build) come first, each linked
   to its heading with the text around the phrase, and then Sphinx's other pages. Sphinx's summaries of
   those pages are read from the article only, not from the page's navigation and buttons.
   Every text shown is inserted as text, never as HTML: the book's labels are data. */
(function () {
  var data = window.jdSearchSections;
  if (!data || typeof Search === "undefined") return;
  var W = data.words || {};
  var SHOWN = 10, AT_ONCE = 15; // more than AT_ONCE sections: the first SHOWN, and "Show all"
  var BEFORE = 30, LENGTH = 80; // a snippet: about 80 characters, the phrase 30 in
  var WORD = /[\p{L}\p{N}_]/u;
  var LATIN = /[A-Za-z0-9]/;

  function fill(template, fields) {
    return String(template || "").replace(/\{(\w+)\}/g, function (m, k) { return k in fields ? fields[k] : m; });
  }
  // A query as the build wrote the text (search.py, plain_text): one space for any white space. A query
  // in straight double quotes is a phrase, as search engines take it: the quotes are not part of it.
  function phrase(query) {
    var q = String(query || "").replace(/\s+/g, " ").trim();
    var quoted = /^"(.+)"$/.exec(q);
    return quoted ? quoted[1].trim() : q;
  }
  function lower(text) {
    var l = text.toLowerCase();
    return l.length === text.length ? l : text; // positions must match the text's
  }
  // Where the phrase stands in a text: a phrase beginning with a Latin letter or digit begins a word
  // ("rate" is not found in "accurate"), as a reader means it; Chinese has no word boundaries to keep.
  function positions(text, q) {
    var t = lower(text), out = [], at = t.indexOf(q), latin = LATIN.test(q.charAt(0));
    while (at !== -1) {
      if (!latin || at === 0 || !WORD.test(t.charAt(at - 1))) {
        out.push(at);
        at = t.indexOf(q, at + q.length);
      } else {
        at = t.indexOf(q, at + 1);
      }
    }
    return out;
  }
  // The sections holding the phrase: those with it in their title first, then by how often they say it,
  // then in the book's order.
  function exactHits(q) {
    var hits = [];
    data.sections.forEach(function (s, order) {
      var inText = positions(s[3], q), inTitle = positions(s[2], q).length > 0;
      if (inText.length || inTitle) hits.push({section: s, at: inText, title: inTitle, order: order});
    });
    hits.sort(function (a, b) {
      return (b.title - a.title) || (b.at.length - a.at.length) || (a.order - b.order);
    });
    return hits;
  }
  // Text with each occurrence of the phrase in <mark>, as nodes.
  function marked(parent, text, q) {
    var from = 0;
    positions(text, q).forEach(function (at) {
      parent.appendChild(document.createTextNode(text.slice(from, at)));
      parent.appendChild(document.createElement("mark")).textContent = text.slice(at, at + q.length);
      from = at + q.length;
    });
    parent.appendChild(document.createTextNode(text.slice(from)));
    return parent;
  }
  // About LENGTH characters around the first occurrence, not cutting a Latin word in two.
  function snippet(text, at, q) {
    if (at === undefined) at = 0;
    var start = Math.max(0, at - BEFORE), end = Math.min(text.length, Math.max(at + q.length, start + LENGTH));
    if (start > 0 && WORD.test(text.charAt(start - 1)) && LATIN.test(text.charAt(start))) {
      var space = text.indexOf(" ", start);
      if (space !== -1 && space < at) start = space + 1;
    }
    if (end < text.length && WORD.test(text.charAt(end)) && LATIN.test(text.charAt(end - 1))) {
      var back = text.lastIndexOf(" ", end);
      if (back > at + q.length) end = back;
    }
    return (start > 0 ? "…" : "") + text.slice(start, end).trim() + (end < text.length ? "…" : "");
  }
  function link(docname, anchor) {
    var suffix = (window.DOCUMENTATION_OPTIONS && DOCUMENTATION_OPTIONS.LINK_SUFFIX) || ".html";
    return encodeURI(docname + suffix) + (anchor ? "#" + encodeURIComponent(anchor) : "");
  }
  function item(hit, q) {
    var s = hit.section, page = data.pages[s[0]];
    var li = document.createElement("li");
    var a = li.appendChild(document.createElement("a"));
    a.href = link(page[0], s[1]);
    a.textContent = s[2] && s[2] !== page[1] ? page[1] + " › " + s[2] : page[1]; // the page, then the section
    var p = li.appendChild(document.createElement("p"));
    p.className = "context";
    marked(p, snippet(s[3], hit.at[0], q), q.toLowerCase());
    return li;
  }
  // The block of exact matches, put before Sphinx's own results; their pages are left out of those.
  var exactPages = new Set(), otherHeading = null;
  function showExact(query) {
    var q = phrase(query);
    if (!q || !Search.status) return;
    var hits = exactHits(q.toLowerCase());
    if (!hits.length) return;
    hits.forEach(function (h) { exactPages.add(data.pages[h.section[0]][0]); });
    var block = document.createElement("section");
    block.className = "jd-exact";
    block.setAttribute("aria-labelledby", "jd-exact-title");
    var h = block.appendChild(document.createElement("h2"));
    h.id = "jd-exact-title";
    h.textContent = W.exact || "Exact matches";
    block.appendChild(document.createElement("p")).textContent = fill(W.exact_summary, {query: q, n: hits.length});
    block.lastChild.className = "search-summary";
    var list = block.appendChild(document.createElement("ul"));
    list.className = "search jd-exact-list";
    hits.forEach(function (hit, i) {
      var li = list.appendChild(item(hit, q));
      if (hits.length > AT_ONCE && i >= SHOWN) li.hidden = true;
    });
    if (hits.length > AT_ONCE) {
      var more = block.appendChild(document.createElement("button"));
      more.type = "button";
      more.className = "jd-exact-more";
      more.textContent = fill(W.show_all, {n: hits.length});
      more.addEventListener("click", function () {
        var first = list.children[SHOWN];
        Array.prototype.forEach.call(list.children, function (li) { li.hidden = false; });
        more.remove();
        if (first) first.querySelector("a").focus();
      });
    }
    Search.status.parentNode.insertBefore(block, Search.status);
    otherHeading = document.createElement("h2");
    otherHeading.className = "jd-other-title";
    otherHeading.textContent = W.other || "Other pages";
    Search.status.parentNode.insertBefore(otherHeading, Search.status);
  }

  var query = Search.query;
  Search.query = function (q) {
    try { showExact(q); } catch (e) { console.warn("jindong-search:", e); }
    return query.apply(this, arguments);
  };
  var perform = Search._performSearch;
  Search._performSearch = function () {
    var results = perform.apply(this, arguments);
    return exactPages.size ? results.filter(function (r) { return !exactPages.has(r[0]); }) : results;
  };
  // Sphinx says "found 0 pages" when every page it found is among the exact matches: say nothing then.
  var stop = Search.stopPulse;
  Search.stopPulse = function () {
    var r = stop.apply(this, arguments);
    setTimeout(function () {
      if (otherHeading && Search.output && !Search.output.children.length) {
        otherHeading.hidden = true;
        Search.status.hidden = true;
      }
    }, 0);
    return r;
  };
  // Sphinx's summaries: the article's text (Sphinx takes the whole <main>, with the page's table of
  // contents and buttons, and so showed 「目录 会议及其所述成绩 …」 for a word of a section title).
  var SKIP = "script, style, nav, button, .headerlink, .jd-chart-data-link, .jd-chart-csv, .toctree-wrapper, details.jd-chart-data > summary";
  var htmlToText = Search.htmlToText;
  Search.htmlToText = function (htmlString, anchor) {
    var doc = new DOMParser().parseFromString(htmlString, "text/html");
    var article = doc.querySelector("article.bd-article");
    if (!article) return htmlToText.apply(this, arguments);
    article.querySelectorAll(SKIP).forEach(function (el) { el.remove(); });
    var part = anchor ? doc.getElementById(anchor.replace(/^#/, "")) : null;
    return ((part && article.contains(part)) ? part : article).textContent.replace(/\s+/g, " ");
  };
})();
