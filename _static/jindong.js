/* Charts: each plot is a div holding its static pictures (light and dark, desktop and phone: the
   build's, publish/pictures.py) and followed by its figure as JSON (charts/output.py). The pictures are
   the first paint, shown as the page is parsed; plotly.min.js is deferred, and each chart is drawn
   over its picture when it comes near the screen (the first screen first, a chart named by the
   address's #fig-… before the rest, one a reader points at, taps or tabs into at once), already in the
   page's light or dark colours; the picture goes once the chart is drawn. Drawn charts are re-coloured
   whenever pydata-sphinx-theme switches <html data-theme>. The build draws the pictures with this very
   code (window.jdCharts.prepare), so picture and chart agree. */
(function () {
  function colours() {
    var dark = document.documentElement.dataset.theme === "dark";
    return {
      mode: dark ? "dark" : "light",
      text: dark ? "#e6e6e6" : "#333333",
      grid: dark ? "rgba(220,220,220,0.18)" : "rgba(128,128,128,0.25)",
      zero: dark ? "rgba(220,220,220,0.45)" : "rgba(128,128,128,0.5)"
    };
  }
  // Text in a colour of its own that cannot keep 4.5:1 on both pages: its light-page colour and its
  // dark-page twin (charts/style.py, EMPHASIS and EMPHASIS_DARK), swapped with the theme.
  var EMPHASIS = {light: "#ba5000", dark: "#d55e00"};
  var PHONE = "(max-width: 600px)";
  // The colour settings for a layout, as Plotly.relayout keys ("xaxis2.gridcolor": …).
  function update(layout) {
    var c = colours();
    var u = {"font.color": c.text, "legend.font.color": c.text};
    Object.keys(layout || {}).forEach(function (k) {
      if (/^[xy]axis\d*$/.test(k)) {
        u[k + ".gridcolor"] = c.grid;
        u[k + ".zerolinecolor"] = c.zero;
        u[k + ".color"] = c.text;
      }
    });
    ((layout || {}).annotations || []).forEach(function (a, i) {
      var own = ((a.font || {}).color || "").toLowerCase();
      if (own === EMPHASIS.light || own === EMPHASIS.dark) u["annotations[" + i + "].font.color"] = EMPHASIS[c.mode];
    });
    return u;
  }
  // Set "a.b[2].c" in a plain layout object, as Plotly.relayout would.
  function set(obj, path, value) {
    var keys = path.replace(/\[(\d+)\]/g, ".$1").split("."), o = obj;
    for (var i = 0; i < keys.length - 1; i++) o = o[keys[i]] = o[keys[i]] || {};
    o[keys[keys.length - 1]] = value;
  }
  // A table drawn in the chart (chapter 10's explorer) has its own fills, white for the light page: on
  // the dark page its cells take the page's colours, and back (the figure's own, kept at the first draw).
  var TABLE_KEYS = ["header.fill.color", "cells.fill.color", "header.font.color", "cells.font.color", "header.line.color", "cells.line.color"];
  var DARK_TABLE = ["rgba(255,255,255,0.08)", "rgba(0,0,0,0)", "#e6e6e6", "#e6e6e6", "rgba(220,220,220,0.25)", "rgba(220,220,220,0.25)"];
  function get(obj, path) { return path.split(".").reduce(function (o, k) { return o == null ? o : o[k]; }, obj); }
  function tableColours(el, data) {
    var idx = [], light = {};
    data.forEach(function (t, i) { if (t.type === "table") idx.push(i); });
    if (!idx.length) return null;
    if (!el.jdTableLight) {
      el.jdTableLight = {};
      TABLE_KEYS.forEach(function (k) { el.jdTableLight[k] = idx.map(function (i) { return get(data[i], k); }); });
    }
    var dark = colours().mode === "dark";
    TABLE_KEYS.forEach(function (k, n) {
      light[k] = dark ? idx.map(function () { return DARK_TABLE[n]; }) : el.jdTableLight[k];
    });
    return {update: light, traces: idx};
  }
  // The figure as this page draws it: in the page's colours, and with no mode bar on a phone, where it
  // stays on screen over the legend and its tools (drag to zoom, pan) fight the page's scrolling (the
  // chart's own toolbar below offers the pictures).
  function prepare(fig, el) {
    var u = update(fig.layout);
    Object.keys(u).forEach(function (k) { set(fig.layout, k, u[k]); });
    if (window.matchMedia(PHONE).matches) fig.config = Object.assign({}, fig.config, {displayModeBar: false});
    var t = tableColours(el || {}, fig.data);
    if (t) t.traces.forEach(function (i, n) {
      Object.keys(t.update).forEach(function (k) { set(fig.data[i], k, t.update[k][n]); });
    });
    return fig;
  }
  function figureOf(el) { return document.querySelector('script.jd-figure[data-for="' + el.id + '"]'); }
  // Draw one chart now (Plotly loaded); its picture goes once the chart is on screen, in its place.
  function draw(el) {
    if (!window.Plotly || !el || el.dataset.jdDrawn) return Promise.resolve();
    var s = figureOf(el);
    if (!s) return Promise.resolve();
    el.dataset.jdDrawn = "1";
    var fig = prepare(JSON.parse(s.textContent), el);
    return Plotly.newPlot(el, fig.data, fig.layout, fig.config).then(function () {
      el.querySelectorAll(".jd-static").forEach(function (p) { p.remove(); });
      el.dispatchEvent(new CustomEvent("jd-drawn", {bubbles: true}));
    });
  }
  // The charts waiting to be drawn: those near the screen, nearest first, one at a time, so that a
  // reader's scrolling and tapping are answered between two charts.
  var wanted = [], urgent = [], busy = false;
  function distance(el) {
    var r = el.getBoundingClientRect();
    return r.bottom < 0 ? -r.bottom : Math.max(0, r.top - window.innerHeight);
  }
  function pump() {
    if (busy || !window.Plotly) return;
    var next = urgent.shift();
    if (!next) {
      wanted = wanted.filter(function (el) { return !el.dataset.jdDrawn; });
      wanted.sort(function (a, b) { return distance(a) - distance(b); });
      next = wanted.shift();
    }
    if (!next) return;
    busy = true;
    draw(next).then(function () { busy = false; window.setTimeout(pump, 0); });
  }
  function want(el, now) {
    if (!el || el.dataset.jdDrawn) return;
    if (now) {
      if (urgent[0] === el) return;
      urgent = [el].concat(urgent.filter(function (u) { return u !== el; }));
    } else if (wanted.indexOf(el) < 0) wanted.push(el);
    pump();
  }
  // Every chart at once: for printing, and for scripts (the tests) that read every chart.
  function drawAll() {
    return Promise.all(Array.from(document.querySelectorAll(".jd-chart .jd-plot")).map(draw));
  }
  var near = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (e) { if (e.isIntersecting) { near.unobserve(e.target); want(e.target); } });
  }, {rootMargin: "50% 0px"}) : null;
  var started = false;
  function setup() {
    if (started) return;
    started = true;
    var plots = Array.from(document.querySelectorAll(".jd-chart .jd-plot"));
    var hash = decodeURIComponent(location.hash.slice(1)), named = hash && document.getElementById(hash);
    var first = named && (named.matches(".jd-plot") ? named : named.querySelector(".jd-plot"));
    if (first) want(first, true);
    plots.forEach(function (el) {
      if (!near) return want(el);
      near.observe(el);
      if (distance(el) === 0) want(el);  // on screen now: drawn at once, not at the observer's first report
    });
    pump();
  }
  // A reader reaching for a chart (pointing, tapping, tabbing into it) gets it first, even before
  // plotly.min.js has arrived: listened to on the document from the start, not on each chart once the
  // page is parsed (which waits for the deferred plotly.min.js).
  ["pointerover", "touchstart", "focusin"].forEach(function (type) {
    document.addEventListener(type, function (ev) {
      var chart = ev.target.closest && ev.target.closest(".jd-chart");
      if (chart) want(chart.querySelector(".jd-plot"), true);
    }, {passive: true, capture: true});
  });
  var scheme = colours().mode;  // the charts' colours now: the theme setting "auto" to "light" changes none
  function recolour() {
    if (!window.Plotly || colours().mode === scheme) return;
    scheme = colours().mode;
    document.querySelectorAll(".jd-chart .js-plotly-plot").forEach(function (el) {
      Plotly.relayout(el, update(el.layout));
      var t = tableColours(el, el.data || []);
      if (t) Plotly.restyle(el, t.update, t.traces);
    });
  }
  new MutationObserver(recolour).observe(document.documentElement, {attributes: true, attributeFilter: ["data-theme"]});
  // Printing: every chart drawn, at the paper's width, and back at the screen's after (a chart drawn
  // for the screen would be cut at the right margin).
  function fit() {
    if (!window.Plotly) return;
    drawAll();
    document.querySelectorAll(".jd-chart .js-plotly-plot").forEach(function (el) { Plotly.Plots.resize(el); });
  }
  window.matchMedia("print").addEventListener("change", fit);
  window.addEventListener("beforeprint", fit);
  window.addEventListener("afterprint", fit);
  // plotly.min.js is deferred: it runs once the page is parsed, so the charts on screen are drawn right
  // then, before the theme's own deferred scripts and DOMContentLoaded.
  var lib = document.querySelector('script[src*="plotly.min.js"]');
  if (lib && !window.Plotly) lib.addEventListener("load", function () { setup(); pump(); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup); else setup();
  window.jdCharts = {prepare: prepare, draw: draw, drawAll: drawAll};
})();

/* Accessibility of what the page draws and what the theme brings (checked by tests/test_accessibility.py). */
(function () {
  // Each chart's plot is a figure labelled with its text alternative (charts/output.py), and its numbers
  // are in the data table under it: the SVG Plotly draws (tick labels, legend, hover layer) is hidden
  // from assistive technology, so a screen reader reads the label, not hundreds of loose fragments.
  // Plotly's mode-bar buttons are left to the pointer: shown only while it is over the chart, they were
  // seven invisible stops for the keyboard before the chart's own toolbar (whose Download does what
  // the camera does), and zooming or panning by dragging needs a pointer anyway.
  function hideSvg(plot) {
    plot.querySelectorAll(".main-svg").forEach(function (svg) { svg.setAttribute("aria-hidden", "true"); });
    plot.querySelectorAll(".modebar-btn").forEach(function (b) { b.setAttribute("tabindex", "-1"); });
  }
  function charts() {
    document.querySelectorAll(".jd-chart .js-plotly-plot").forEach(function (plot) {
      hideSvg(plot);
      if (plot.on && !plot.dataset.jdA11y) {
        plot.dataset.jdA11y = "1";
        plot.on("plotly_afterplot", function () { hideSvg(plot); });
      }
    });
  }
  // pydata-sphinx-theme's search button is named "Search" but shows "Search Ctrl+K" (⌘ K on a Mac): a
  // name must contain the visible words (WCAG 2.5.3, axe label-content-name-mismatch), so name it by
  // what it shows. The colour-mode button is named "Color mode"; Font Awesome turns the title of its
  // icons ("Light", "Dark", "System Settings") into SVG text that would count as its visible label:
  // the icons are decorative inside a named button, so drop their titles and hide them.
  function theme() {
    document.querySelectorAll(".search-button__button").forEach(function (b) {
      var shown = b.textContent.replace(/\s+/g, " ").trim();
      if (shown && b.getAttribute("aria-label") !== shown) b.setAttribute("aria-label", shown);
    });
    document.querySelectorAll(".theme-switch-button").forEach(function (b) {
      b.querySelectorAll("[title]").forEach(function (i) { i.removeAttribute("title"); });
      b.querySelectorAll("svg title").forEach(function (t) { t.remove(); });
      b.querySelectorAll("i, svg").forEach(function (i) {
        if (i.hasAttribute("aria-labelledby")) i.removeAttribute("aria-labelledby");
        if (i.getAttribute("aria-hidden") !== "true") i.setAttribute("aria-hidden", "true");
        if (i.hasAttribute("role")) i.removeAttribute("role");
      });
      if (!b.dataset.jdA11y) {  // Font Awesome replaces the <i> icons with <svg> when it gets to them
        b.dataset.jdA11y = "1";
        new MutationObserver(theme).observe(b, {childList: true, subtree: true});
      }
    });
  }
  // A table wider than the column scrolls sideways in its .jd-table-wrap (a phone, a long label): a
  // keyboard user can only scroll it if the box takes focus (axe scrollable-region-focusable), and a
  // focusable box needs a name. The data tables under the charts have both in the HTML already; the
  // book's other tables (content/glue.py) get them here, only while they overflow.
  function heading(el) {
    var section = el.closest("section");
    var h = section && section.querySelector("h1, h2, h3, h4, h5, h6");
    return h ? h.textContent.replace(/[#¶]/g, "").replace(/\s+/g, " ").trim() : "";
  }
  function scrollers() {
    document.querySelectorAll(".jd-table-wrap").forEach(function (box) {
      if (box.closest(".jd-chart-data")) return;
      var wide = box.scrollWidth > box.clientWidth + 1;
      if (wide && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        var name = heading(box);
        box.setAttribute("aria-label", (name ? name + ": " : "") + "table, scrolls sideways");
        box.dataset.jdScroll = "1";
      } else if (!wide && box.dataset.jdScroll) {
        ["tabindex", "role", "aria-label", "data-jd-scroll"].forEach(function (a) { box.removeAttribute(a); });
      }
    });
  }
  function ready() { theme(); charts(); scrollers(); }
  document.addEventListener("jd-drawn", charts);  // a chart drawn as it came near the screen
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready); else ready();
  window.addEventListener("load", ready);
  var pending = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(scrollers, 150);
  });
})();

/* Data tables: each chart's "Data table" link (beside its source line) points at a collapsed
   <details id="jd-<name>-data"> under the plot (see charts/output.py). Following the link, or
   arriving with that #fragment in the address, opens it; focus moves to its summary. */
(function () {
  function dataTable(hash) {
    if (!hash || !/^#jd-.+-data$/.test(hash)) return null;
    var el = document.getElementById(decodeURIComponent(hash.slice(1)));
    return el && el.tagName === "DETAILS" ? el : null;
  }
  function open(el, focus) {
    el.open = true;
    if (focus) {
      var summary = el.querySelector("summary");
      if (summary) window.requestAnimationFrame(function () { summary.focus({preventScroll: true}); });
    }
  }
  document.addEventListener("click", function (ev) {
    var a = ev.target && ev.target.closest ? ev.target.closest("a.jd-chart-data-link") : null;
    var el = a && dataTable(a.getAttribute("href"));
    if (el) open(el, true);  // the browser then follows the link and scrolls to the open table
  });
  window.addEventListener("hashchange", function () {
    var el = dataTable(window.location.hash);
    if (el) open(el, false);
  });
  function atLoad() {
    var el = dataTable(window.location.hash);
    if (el) { open(el, false); el.scrollIntoView(); }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", atLoad); else atLoad();
})();

// The language switch (sphinxext.py puts it in the header of every page): it lands on the same
// page of the other edition, at the same figure or section. Both editions have the same figures
// (#fig-<name>) and the same sections in the same order, so a figure is carried by its id and a
// section by its position (#jd-section-3), which the other page turns back into its own anchor.
// Without JavaScript the link still opens the same page.
(function () {
  function sections() { return Array.from(document.querySelectorAll("main section[id]")); }
  // the reading line: the section or figure being read is the last to start above the upper third of
  // the window (the sticky header and the theme's scroll padding take its top)
  function line() { return Math.max(120, window.innerHeight / 3); }
  function here() {
    const hash = decodeURIComponent(location.hash.slice(1));
    const marked = /^(fig-|jd-)/.test(hash) && document.getElementById(hash);
    if (marked) {  // the figure the address names, while it is still in view
      const r = marked.getBoundingClientRect();
      if (r.bottom > 0 && r.top < window.innerHeight) return "#" + hash;
    }
    // the section: the last to start above the line; a figure below its start that is being read takes
    // its place, unless the section's own heading is still in view (the reader is at its start)
    let at = "", top = -Infinity;
    sections().forEach(function (s, i) {
      const t = s.getBoundingClientRect().top;
      if (t <= line()) { top = t; at = "#jd-section-" + i; }
    });
    if (top >= 0) return at;
    document.querySelectorAll("main figure[id^='fig-']").forEach(function (f) {
      const r = f.getBoundingClientRect();
      if (r.top <= line() && r.top > top && r.bottom > 0) { top = r.top; at = "#" + f.id; }
    });
    return at;
  }
  // Where the address points, kept in place while the page settles: the toolbars and menus under the
  // charts, drawn after the page is parsed, make the page longer above it, and a landing done once,
  // early, ended a section before the one asked for. Until the reader scrolls, it is put back.
  function land(target) {
    let moved = false;
    const stop = function () { moved = true; };
    ["wheel", "touchmove", "keydown", "mousedown"].forEach(function (e) { window.addEventListener(e, stop, {once: true, passive: true}); });
    const put = function () { if (!moved) target.scrollIntoView(); };
    put();
    window.setTimeout(put, 0);
    window.addEventListener("load", function () { put(); window.setTimeout(put, 400); });
  }
  // The article's header (the switch, download, full screen, colour mode) stays at the top of the window,
  // inside the theme's scroll padding: the browser took a button focused there for one hidden under a
  // header and scrolled the page (~460 px) to reveal what was in view all along. The page stays put.
  let y = null;
  document.addEventListener("keydown", function (ev) { if (ev.key === "Tab") y = window.scrollY; }, true);
  document.addEventListener("focusin", function (ev) {
    const keep = y;
    y = null;
    if (keep === null || !ev.target.closest || !ev.target.closest(".bd-header-article")) return;
    // the browser's scroll comes now or just after (smoothly, as the theme asks): undo it either way
    const back = function () { if (window.scrollY !== keep) window.scrollTo({top: keep, behavior: "instant"}); };
    back();
    window.addEventListener("scroll", back);
    window.setTimeout(function () { window.removeEventListener("scroll", back); back(); }, 250);
  }, true);
  function setup() {
    document.querySelectorAll("a.btn-jd-language").forEach(function (a) {
      a.removeAttribute("target");
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        location.href = a.getAttribute("href").split("#")[0] + here();
      });
    });
    const m = /^#jd-section-(\d+)$/.exec(location.hash);
    const target = m ? sections()[Number(m[1])] : document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (m && target) history.replaceState(null, "", "#" + target.id);
    if (target) land(target);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup); else setup();
})();

/* Every chart a reader's tool (issue 15): under each chart a toolbar — Download (the picture as PNG or
   SVG, Plotly's own export, offline; the CSV of the plotted numbers, a file of the site), Sources (each
   figure plotted with its value as written, its quote and its source, loaded from charts/<id>.js when
   first opened), Cite (a citation and a permalink, each with a copy button) and Enlarge (a full-screen
   view). Every word comes from the page (sphinxext.py writes them once, in the edition's language,
   into <script id="jd-tools">), so this script serves both editions. Every control is a native button,
   link or select: reachable and operable with the keyboard. Plotly's drop-down menus are drawn in SVG
   and take no focus: each gets a native <select> driving the same menu, shown when it has focus. */
(function () {
  var W;
  function words() {
    if (W === undefined) {
      var s = document.getElementById("jd-tools");
      W = s ? JSON.parse(s.textContent) : null;
    }
    return W;
  }
  // An element with attributes; `text` is set as text, never parsed: data stay data.
  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k];
      else if (attrs[k] !== null && attrs[k] !== undefined) e.setAttribute(k, attrs[k]);
    });
    (kids || []).forEach(function (k) { if (k) e.appendChild(typeof k === "string" ? document.createTextNode(k) : k); });
    return e;
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }
  // Text that is mostly Chinese says so (as sphinxext.py marks table cells): read in Chinese, set in a Chinese font.
  function zh(node) {
    var t = node.textContent, han = (t.match(/[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/g) || []).length;
    if (han && han >= (t.match(/[A-Za-z]/g) || []).length && !document.documentElement.lang.startsWith("zh")) node.setAttribute("lang", "zh");
    return node;
  }
  function text(node) { return node ? node.textContent.replace(/\s+/g, " ").trim() : ""; }
  // Small line icons, decorative: the buttons are named by their words.
  var ICONS = {
    download: "M8 1v9m-4-4 4 4 4-4M2 13h12",
    sources: "M3 2h10v12H3zM5.5 5h5m-5 3h5m-5 3h3",
    cite: "M3 9h3v4H2V8c0-3 1-5 4-6M10 9h3v4H9V8c0-3 1-5 4-6",
    enlarge: "M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4",
    table: "M2 3h12v10H2zM2 6.5h12M2 10h12M6 3v10"
  };
  function icon(name) {
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "jd-icon");
    var path = document.createElementNS("http://www.w3.org/2000/svg", "path");
    path.setAttribute("d", ICONS[name]);
    svg.appendChild(path);
    return svg;
  }

  // ---- the chart's address and its citation
  function anchor(chart) {
    var name = chart.id.slice(3);
    return document.getElementById("fig-" + name) ? "fig-" + name : chart.id;
  }
  function permalink(chart) {
    var w = words();
    return (w.page_url || location.href.split("#")[0]) + "#" + anchor(chart);
  }
  function figureNumber(chart) {
    var fig = document.getElementById("fig-" + chart.id.slice(3));
    return text(fig && fig.querySelector(".caption-number"));
  }
  function citation(chart) {
    var w = words(), title = text(chart.querySelector(".jd-chart-title"));
    return fill(w.cite_template, {
      authors: w.authors, figure: figureNumber(chart) || title, title: title, book: w.book,
      chapter: w.chapter, year: w.year, url: permalink(chart), licence: w.licence
    });
  }
  function sourceText(chart) {
    var line = chart.querySelector(".jd-chart-source");
    if (!line) return "";
    var copy = line.cloneNode(true);
    copy.querySelectorAll("a").forEach(function (a) { a.remove(); });
    return text(copy);
  }

  // ---- copying, with a word for what happened (a live region, read out by screen readers)
  function fallbackCopy(value) {
    var t = el("textarea", {readonly: "", "aria-hidden": "true", style: "position:fixed;top:0;left:0;opacity:0"});
    t.value = value;
    document.body.appendChild(t);
    t.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    t.remove();
    return ok;
  }
  function copy(value, button, status) {
    var w = words();
    function done(ok) {
      status.textContent = ok ? w.copied : w.copy_failed;
      button.focus();
      window.clearTimeout(status.jdTimer);
      status.jdTimer = window.setTimeout(function () { status.textContent = ""; }, 5000);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(value).then(function () { done(true); }, function () { done(fallbackCopy(value)); });
    } else {
      done(fallbackCopy(value));
    }
  }

  // ---- the picture: Plotly's own export of the chart as it is drawn now (legend, light or dark), with its
  // title above and its source and credit below, so a picture shared alone still says what and whence.
  // A menu is not drawn (in a picture it is a dead control): what it has chosen is the picture's subtitle.
  // A token longer than a line (an address has no space to break at) is cut into pieces that fit, after
  // a "/" where one is near.
  function pieces(t, units) {
    var out = [];
    while (t.length > units) {
      var cut = t.lastIndexOf("/", units - 1) + 1;
      if (cut < units / 2) cut = units;
      out.push(t.slice(0, cut));
      t = t.slice(cut);
    }
    return out.concat([t]);
  }
  function wrapText(value, units) {
    var wide = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/;
    var tokens = [];
    (value.match(/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+|\s+/g) || [])
      .forEach(function (t) { tokens = tokens.concat(t.length > units ? pieces(t, units) : [t]); });
    var lines = [], line = "", width = 0;
    tokens.forEach(function (t) {
      if (/^\s+$/.test(t)) { if (line) { line += " "; width += 1; } return; }
      var w = wide.test(t) ? 2 : t.length;
      if (width + w > units && line.trim()) { lines.push(line.trim()); line = ""; width = 0; }
      line += t; width += w;
    });
    if (line.trim()) lines.push(line.trim());
    return lines;
  }
  function esc(s) { return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"); }
  function background() {
    var bg = getComputedStyle(document.body).backgroundColor;
    return !bg || bg === "transparent" || /rgba\(.*,\s*0\)$/.test(bg) ? "#ffffff" : bg;
  }
  function picture(chart, plot, format) {
    if (!window.Plotly) return Promise.reject(new Error("plotly.js has not loaded"));
    if (!plot._fullLayout) {  // not drawn yet (it is drawn as it comes near the screen): drawn now
      return window.jdCharts.draw(plot).then(function () {
        return plot._fullLayout ? picture(chart, plot, format) : Promise.reject(new Error("not drawn"));
      });
    }
    // the margins as drawn (Plotly grew them for long tick labels and the legend), then room above and below
    var w = words(), full = plot._fullLayout, fm = full._size;
    var width = Math.round(plot.getBoundingClientRect().width) || full.width;
    var height = full.height;
    var menus = plot.layout.updatemenus || [], cut = 0;
    var chosen = menus.map(function (m) {
      var b = (m.buttons || [])[m.active || 0];
      return b && m.visible !== false ? decode(b.label) : "";
    }).filter(Boolean);
    // the band the menus took at the top (and the mode bar's above them) goes with them, when they stand
    // above the plot
    plot.querySelectorAll(".updatemenu-header-group").forEach(function (g) {
      var below = g.getBoundingClientRect().bottom - plot.getBoundingClientRect().top;
      if (below <= fm.t) cut = Math.max(cut, Math.round(below));
    });
    var title = wrapText(text(chart.querySelector(".jd-chart-title")), Math.floor((width - 24) / 8.5));
    // the subtitle says how to use the menu; the picture says what it shows
    var sub = wrapText(chosen.length ? chosen.join(" · ") : text(chart.querySelector(".jd-chart-subtitle")), Math.floor((width - 24) / 6.6));
    var credit = fill(w.credit_template, {book: w.book, url: permalink(chart), licence: w.licence});
    var foot = wrapText(sourceText(chart), Math.floor((width - 24) / 5.8)).concat(wrapText(credit, Math.floor((width - 24) / 5.8)));
    var top = 22 + 21 * title.length + 16 * sub.length, bottom = 8 + 15 * foot.length;
    var layout = JSON.parse(JSON.stringify(plot.layout));
    var colour = (full.font && full.font.color) || "#333333";
    layout.width = width;
    delete layout.updatemenus;
    layout.height = height - cut + top + bottom;
    layout.margin = {l: fm.l, r: fm.r, t: fm.t - cut + top, b: fm.b + bottom, pad: fm.p, autoexpand: false};
    layout.paper_bgcolor = background();
    if (!layout.plot_bgcolor || /rgba\(.*,\s*0\)$/.test(layout.plot_bgcolor)) layout.plot_bgcolor = layout.paper_bgcolor;
    layout.title = {
      text: title.map(function (t) { return "<b>" + esc(t) + "</b>"; }).concat(
        sub.map(function (t) { return "<span style='font-size:12px'>" + esc(t) + "</span>"; })).join("<br>"),
      x: 0, xref: "container", xanchor: "left", y: 1, yref: "container", yanchor: "top",
      pad: {t: 16, l: 12}, font: {size: 15, color: colour}
    };
    if (layout.legend && layout.legend.yref === "container") {  // it stays where it was, under the title
      var y = layout.legend.y === undefined ? 1 : layout.legend.y;
      layout.legend.y = (y * height + bottom) / layout.height;
    }
    layout.annotations = (layout.annotations || []).concat([{
      text: foot.map(esc).join("<br>"), showarrow: false, align: "left",
      xref: "paper", yref: "paper", x: 0, y: 0, xanchor: "left", yanchor: "top",
      xshift: 12 - fm.l, yshift: -fm.b - 2, font: {size: 11, color: colour}
    }]);
    return Plotly.toImage({data: plot.data, layout: layout, config: {displayModeBar: false}},
                          {format: format, width: width, height: layout.height, scale: format === "png" ? 2 : 1});
  }
  function save(url, filename) {
    var a = el("a", {href: url, download: filename, hidden: ""});
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  // ---- the panels
  function downloadPanel(chart, plot, panel) {
    // each edition's files have names of their own: a reader who saves both keeps both
    var w = words(), name = chart.id.slice(3) + (w.file_suffix || ""), status = el("span", {class: "jd-status", role: "status"});
    var csv = chart.querySelector("a.jd-chart-csv");
    function pictureButton(format, label) {
      var b = el("button", {type: "button", class: "jd-action", "data-format": format, text: label});
      b.addEventListener("click", function () {
        picture(chart, plot, format).then(function (url) { save(url, name + "." + format); status.textContent = ""; },
                                         function () { status.textContent = w.copy_failed; });
      });
      return b;
    }
    panel.append(
      el("p", {class: "jd-panel-row"}, [pictureButton("png", w.png), " ", pictureButton("svg", w.svg)]),
      el("p", {class: "jd-panel-note", text: w.picture_note}),
      el("p", {class: "jd-panel-row"}, [el("a", {class: "jd-action jd-csv", href: csv ? csv.getAttribute("href") : w.charts_url + chart.id.slice(3) + ".csv", download: name + ".csv", text: w.csv})]),
      el("p", {class: "jd-panel-note"}, [w.csv_note + " ", el("a", {href: w.dictionary_url + "#indicators", text: w.dictionary})]),
      status
    );
  }
  function loadData(chart, done, failed) {
    var w = words(), name = chart.id.slice(3);
    var have = window.jdChartData && window.jdChartData[name];
    if (have) { done(have); return; }
    var s = el("script", {src: w.charts_url + name + ".js", charset: "utf-8"});
    s.addEventListener("load", function () {
      var d = window.jdChartData && window.jdChartData[name];
      if (d) done(d); else failed();
    });
    s.addEventListener("error", failed);
    document.head.appendChild(s);
  }
  function sourcesPanel(chart, plot, panel) {
    var w = words(), note = el("p", {class: "jd-panel-note", text: w.loading});
    panel.appendChild(note);
    loadData(chart, function (d) {
      note.remove();
      var dictionary = function (table) { return w.dictionary_url + "#" + table; };
      d.sources.forEach(function (s) {
        var figures = d.figures.filter(function (f) { return f.source === s.id; });
        var head = el("p", {class: "jd-source"}, [
          zh(el("cite", {text: s.title})), " — ", zh(el("span", {text: s.publisher})),
          " · " + [s.date, s.reliability].filter(Boolean).join(" · ")
        ]);
        if (s.url) head.append(" · ", el("a", {href: s.url, text: s.url, class: "jd-source-url"}));
        head.append(" · ", el("a", {href: dictionary("sources"), class: "jd-id", text: s.id}));
        var box = el("div", {class: "jd-source-box", "data-source": s.id}, [head]);
        if (figures.length) {
          box.appendChild(el("ul", {class: "jd-figures"}, figures.map(function (f) {
            return el("li", {class: "jd-figure-item", "data-id": f.id}, [
              zh(el("span", {class: "jd-figure-label", text: f.label})),
              f.value ? zh(el("span", {class: "jd-figure-value", text: f.value})) : null,
              el("q", {class: "jd-quote", lang: "zh", text: f.quote}),
              el("a", {class: "jd-id", href: dictionary(f.table), text: f.id})
            ]);
          })));
        }
        panel.appendChild(box);
      });
      if (d.methods.length) {
        panel.append(el("p", {class: "jd-panel-sub", text: w.derived}),
                     el("ul", {class: "jd-methods"}, d.methods.map(function (m) { return el("li", {text: m}); })));
      }
      panel.appendChild(el("p", {class: "jd-panel-note"}, [el("a", {href: dictionary("indicators"), text: w.dictionary})]));
      panel.dataset.jdLoaded = "1";
    }, function () { note.textContent = w.failed; panel.dataset.jdLoaded = "failed"; });
  }
  function citePanel(chart, plot, panel) {
    var w = words(), status = el("span", {class: "jd-status", role: "status"});
    var cite = el("p", {class: "jd-citation", text: citation(chart)});
    var url = permalink(chart);
    var copyCite = el("button", {type: "button", class: "jd-action", text: w.copy_citation});
    var copyLink = el("button", {type: "button", class: "jd-action", text: w.copy_link});
    copyCite.addEventListener("click", function () { copy(cite.textContent, copyCite, status); });
    copyLink.addEventListener("click", function () { copy(url, copyLink, status); });
    // the chart alone on a page of its own (charts/<id>.html, publish/sharing.py), for another site's <iframe>
    var embed = el("code", {class: "jd-embed-code", text: embedCode(chart, plot)});
    var copyEmbed = el("button", {type: "button", class: "jd-action", text: w.copy_embed});
    copyEmbed.addEventListener("click", function () { copy(embed.textContent, copyEmbed, status); });
    panel.append(
      el("p", {class: "jd-panel-sub", text: w.citation}), cite, el("p", {class: "jd-panel-row"}, [copyCite]),
      el("p", {class: "jd-panel-sub", text: w.link}),
      el("p", {class: "jd-permalink-row"}, [el("a", {class: "jd-permalink", href: "#" + anchor(chart), text: url})]),
      el("p", {class: "jd-panel-row"}, [copyLink]),
      el("p", {class: "jd-panel-sub", text: w.embed}), el("p", {class: "jd-embed-row"}, [embed]),
      el("p", {class: "jd-panel-row"}, [copyEmbed]), status
    );
  }
  function embedCode(chart, plot) {
    var w = words(), name = chart.id.slice(3), title = text(chart.querySelector(".jd-chart-title"));
    var src = w.embed_url + name + ".html";
    if (!/^https?:/.test(src)) src = new URL(src, location.href).href;  // a site without a published address
    // room for the title, the source line and the link back under the plot as drawn here
    var height = Math.round((plot.getBoundingClientRect().height || 450) + 150);
    return '<iframe src="' + src + '" title="' + title.replace(/&/g, "&amp;").replace(/"/g, "&quot;") +
      '" width="100%" height="' + height + '" loading="lazy" style="border:0"></iframe>';
  }

  // ---- the full-screen view: the chart over the page, Escape or the same button to close
  var enlarged = null;
  function resize(plot) { if (window.Plotly && plot && plot._fullLayout) Plotly.Plots.resize(plot); }
  function setEnlarged(chart, plot, button, on) {
    var w = words();
    chart.classList.toggle("jd-enlarged", on);
    document.documentElement.classList.toggle("jd-has-enlarged", on);
    button.replaceChildren(icon("enlarge"), " " + (on ? w.shrink : w.enlarge));
    if (on) {
      chart.setAttribute("role", "dialog");
      chart.setAttribute("aria-modal", "true");
      chart.setAttribute("aria-labelledby", chart.id + "-title");
      enlarged = {chart: chart, plot: plot, button: button};
    } else {
      ["role", "aria-modal", "aria-labelledby"].forEach(function (a) { chart.removeAttribute(a); });
      enlarged = null;
    }
    resize(plot);
    button.focus();
    if (!on) chart.scrollIntoView({block: "nearest"});
  }
  document.addEventListener("keydown", function (ev) {
    if (!enlarged) return;
    if (ev.key === "Escape") { setEnlarged(enlarged.chart, enlarged.plot, enlarged.button, false); return; }
    if (ev.key !== "Tab") return;  // keep the focus inside the full-screen view
    var inside = Array.from(enlarged.chart.querySelectorAll("a[href], button, select, summary, [tabindex='0']"))
      .filter(function (e) {  // shown: not in a closed <details> or a hidden panel
        return (e.checkVisibility ? e.checkVisibility() : e.offsetParent !== null) && !e.closest("[hidden]");
      });
    if (!inside.length) return;
    var first = inside[0], last = inside[inside.length - 1];
    if (ev.shiftKey && document.activeElement === first) { last.focus(); ev.preventDefault(); }
    else if (!ev.shiftKey && document.activeElement === last) { first.focus(); ev.preventDefault(); }
  });
  window.addEventListener("resize", function () { if (enlarged) resize(enlarged.plot); });

  // ---- Plotly's menus, as native selects
  function decode(label) {
    return new DOMParser().parseFromString("<p>" + String(label) + "</p>", "text/html").body.textContent;
  }
  function menus(chart, plot) {
    var w = words(), script = chart.querySelector("script.jd-figure");
    if (!script) return;
    var layout = JSON.parse(script.textContent).layout || {};
    (layout.updatemenus || []).forEach(function (menu, m) {
      var buttons = (menu.buttons || []).filter(function (b) { return b.method !== "skip"; });
      if (buttons.length < 2) return;
      var id = chart.id + "-menu-" + m;
      var select = el("select", {id: id, class: "jd-menu-select"},
                      buttons.map(function (b, k) { return el("option", {value: String(k), text: decode(b.label)}); }));
      select.value = String(menu.active || 0);
      select.addEventListener("focus", function () {  // the reader may have used Plotly's own menu since
        var now = plot.layout && plot.layout.updatemenus && plot.layout.updatemenus[m];
        if (now && now.active !== undefined) select.value = String(now.active);
      });
      select.addEventListener("change", function () {
        if (!window.Plotly || !plot._fullLayout) return;
        var k = Number(select.value), b = buttons[k], a = b.args || [], done;
        if (b.method === "update") done = Plotly.update(plot, a[0] || {}, a[1] || {}, a[2]);
        else if (b.method === "restyle") done = Plotly.restyle(plot, a[0] || {}, a[1]);
        else if (b.method === "relayout") done = Plotly.relayout(plot, a[0] || {});
        else done = Promise.resolve();
        done.then(function () {
          var u = {};
          u["updatemenus[" + m + "].active"] = k;  // Plotly's own menu shows the same choice
          return Plotly.relayout(plot, u);
        });
      });
      var box = el("div", {class: "jd-menu"}, [el("label", {for: id, text: w.menu}), " ", select]);
      var where = chart.querySelector(".jd-chart-plot");
      where.parentNode.insertBefore(box, where);
    });
  }

  // ---- the toolbar
  function toolbar(chart) {
    var w = words();
    if (!w || chart.dataset.jdTools) return;
    chart.dataset.jdTools = "1";
    var plot = chart.querySelector(".jd-plot");
    var bar = el("div", {class: "jd-tools", role: "group", "aria-label": w.tools, "aria-describedby": chart.id + "-title"});
    var panels = el("div", {class: "jd-panels"});
    [["download", downloadPanel], ["sources", sourcesPanel], ["cite", citePanel]].forEach(function (t) {
      var key = t[0], id = chart.id + "-" + key;
      var panel = el("div", {class: "jd-panel jd-panel-" + key, id: id, hidden: ""});
      var button = el("button", {type: "button", class: "jd-tool", "data-tool": key, "aria-expanded": "false", "aria-controls": id},
                      [icon(key), " " + w[key]]);
      button.addEventListener("click", function () {
        var open = panel.hidden;
        if (open && !panel.dataset.jdBuilt) { panel.dataset.jdBuilt = "1"; t[1](chart, plot, panel); }
        panel.hidden = !open;
        button.setAttribute("aria-expanded", String(open));
      });
      // Escape on an open panel or its button closes it, the focus back on the button (and no further:
      // in the full-screen view a second Escape closes the view).
      [button, panel].forEach(function (target) {
        target.addEventListener("keydown", function (ev) {
          if (ev.key !== "Escape" || panel.hidden) return;
          panel.hidden = true;
          button.setAttribute("aria-expanded", "false");
          button.focus();
          ev.stopPropagation();
        });
      });
      bar.appendChild(button);
      panels.appendChild(panel);
    });
    // The data table under the chart (a <details>, open without JavaScript through its summary and the
    // source line's link) gets its button here, beside the others: one way to it, close to the chart,
    // and the source line's "Data table" and "CSV" links, which Download and this button repeat, go (CSS).
    var details = chart.querySelector("details.jd-chart-data");
    if (details) {
      var table = el("button", {type: "button", class: "jd-tool", "data-tool": "table", "aria-expanded": String(details.open), "aria-controls": details.id},
                     [icon("table"), " " + w.table]);
      var shown = function () { table.setAttribute("aria-expanded", String(details.open)); };
      table.addEventListener("click", function () { details.open = !details.open; shown(); });
      details.addEventListener("toggle", shown);  // opened by its #jd-…-data address too
      [table, details].forEach(function (target) {  // Escape closes it, as it does a panel
        target.addEventListener("keydown", function (ev) {
          if (ev.key !== "Escape" || !details.open) return;
          details.open = false;
          shown();
          table.focus();
          ev.stopPropagation();
        });
      });
      bar.appendChild(table);
    }
    var big = el("button", {type: "button", class: "jd-tool", "data-tool": "enlarge"}, [icon("enlarge"), " " + w.enlarge]);
    big.addEventListener("click", function () { setEnlarged(chart, plot, big, !chart.classList.contains("jd-enlarged")); });
    bar.appendChild(big);
    var line = chart.querySelector(".jd-chart-source");
    var after = line ? line.nextSibling : null;
    chart.insertBefore(bar, after);
    chart.insertBefore(panels, after);
    menus(chart, plot);
  }
  function setup() { document.querySelectorAll(".jd-chart").forEach(toolbar); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup); else setup();
  window.jdChartTools = {citation: citation, permalink: permalink};  // for the tests and for readers' scripts
})();
