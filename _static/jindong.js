/* Charts follow the page's light/dark theme: Plotly text and grid colours are set per chart, so
   re-colour them whenever pydata-sphinx-theme switches <html data-theme>. */
(function () {
  function colours() {
    var dark = document.documentElement.dataset.theme === "dark";
    return {
      text: dark ? "#e6e6e6" : "#333333",
      grid: dark ? "rgba(220,220,220,0.18)" : "rgba(128,128,128,0.25)",
      zero: dark ? "rgba(220,220,220,0.45)" : "rgba(128,128,128,0.5)"
    };
  }
  function apply() {
    if (!window.Plotly) return;
    var c = colours();
    document.querySelectorAll(".jd-chart .js-plotly-plot").forEach(function (el) {
      var update = {"font.color": c.text, "legend.font.color": c.text};
      Object.keys(el.layout || {}).forEach(function (k) {
        if (/^[xy]axis\d*$/.test(k)) {
          update[k + ".gridcolor"] = c.grid;
          update[k + ".zerolinecolor"] = c.zero;
          update[k + ".color"] = c.text;
        }
      });
      Plotly.relayout(el, update);
    });
  }
  new MutationObserver(apply).observe(document.documentElement, {attributes: true, attributeFilter: ["data-theme"]});
  if (document.readyState === "complete") apply(); else window.addEventListener("load", apply);
})();
