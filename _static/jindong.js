/* Charts: each plot is an empty div followed by its figure as JSON (charts/output.py); plotly.min.js
   is deferred and only on pages that have a chart (sphinxext.py). Draw every chart once the page is
   parsed and Plotly has loaded, already in the page's light or dark colours (no second drawing), and
   re-colour the drawn charts whenever pydata-sphinx-theme switches <html data-theme>. */
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
  function draw() {
    if (!window.Plotly) return;
    document.querySelectorAll("script.jd-figure").forEach(function (s) {
      var el = document.getElementById(s.dataset.for);
      if (!el || el.dataset.jdDrawn) return;
      el.dataset.jdDrawn = "1";
      var fig = JSON.parse(s.textContent), u = update(fig.layout);
      Object.keys(u).forEach(function (k) { set(fig.layout, k, u[k]); });
      Plotly.newPlot(el, fig.data, fig.layout, fig.config);
    });
  }
  function recolour() {
    if (!window.Plotly) return;
    document.querySelectorAll(".jd-chart .js-plotly-plot").forEach(function (el) {
      Plotly.relayout(el, update(el.layout));
    });
  }
  new MutationObserver(recolour).observe(document.documentElement, {attributes: true, attributeFilter: ["data-theme"]});
  // Draw the moment plotly.min.js has run: a deferred script runs once the page is parsed, and the
  // theme's deferred scripts after it, so the charts need not wait for them. DOMContentLoaded is the
  // fallback (draw() skips what is drawn).
  var lib = document.querySelector('script[src*="plotly.min.js"]');
  if (lib && !window.Plotly) lib.addEventListener("load", draw);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();

/* Accessibility of what the page draws and what the theme brings (checked by tests/test_accessibility.py). */
(function () {
  // Each chart's plot is a figure labelled with its text alternative (charts/output.py), and its numbers
  // are in the data table under it: the SVG Plotly draws (tick labels, legend, hover layer) is hidden
  // from assistive technology, so a screen reader reads the label, not hundreds of loose fragments.
  // Plotly's mode-bar buttons stay reachable: they are HTML buttons with their own labels.
  function hideSvg(plot) {
    plot.querySelectorAll(".main-svg").forEach(function (svg) { svg.setAttribute("aria-hidden", "true"); });
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
// page of the other edition, at the same figure or section. Both editions have the same sections in
// the same order, so a section is carried by its position (#jd-section-3), which the other page turns
// back into its own anchor. Without JavaScript the link still opens the same page.
(function () {
  function sections() { return Array.from(document.querySelectorAll("main section[id]")); }
  function here() {
    const hash = decodeURIComponent(location.hash.slice(1));
    if (/^(fig-|jd-)/.test(hash) && document.getElementById(hash)) return "#" + hash;
    const list = sections();
    let at = -1;
    // the section being read: the last to start above the upper third of the window (the header and the
    // theme's scroll padding take its top)
    const line = Math.max(120, window.innerHeight / 3);
    list.forEach(function (s, i) { if (s.getBoundingClientRect().top <= line) at = i; });
    return at >= 0 ? "#jd-section-" + at : "";
  }
  function setup() {
    document.querySelectorAll("a.btn-jd-language").forEach(function (a) {
      a.removeAttribute("target");
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        location.href = a.getAttribute("href").split("#")[0] + here();
      });
    });
    const m = /^#jd-section-(\d+)$/.exec(location.hash);
    const target = m && sections()[Number(m[1])];
    if (target) {
      history.replaceState(null, "", "#" + target.id);
      target.scrollIntoView();
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup); else setup();
})();
