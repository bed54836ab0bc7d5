"""Sphinx extension: ship the installed plotly.min.js once, from _static, to every page.

Charts are emitted as divs without plotly.js (see charts.output); this gives them the library
without any CDN and without committing a 4.8 MB file: it is copied from the installed package.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import plotly

PLOTLY_JS = "plotly.min.js"


def _stage_plotly(app) -> None:
    staged = Path(app.doctreedir).parent / "_plotly_static"
    staged.mkdir(parents=True, exist_ok=True)
    src = Path(plotly.__file__).parent / "package_data" / PLOTLY_JS
    dst = staged / PLOTLY_JS
    if not dst.exists() or dst.stat().st_size != src.stat().st_size:
        shutil.copyfile(src, dst)
    app.config.html_static_path.append(str(staged))


def _drop_thebe(app, pagename, templatename, context, doctree) -> None:
    """Live code (thebe) is off, yet sphinx-thebe adds its config script twice (a console error,
    "Identifier 'THEBE_JS_URL' has already been declared") pointing at a CDN. Drop its assets."""
    def keep(asset) -> bool:
        name = str(getattr(asset, "filename", "") or "")
        body = getattr(asset, "attributes", {}).get("body", "") or ""
        return "thebe" not in name and "THEBE_JS_URL" not in body

    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [a for a in context[key] if keep(a)]


# The browser splits a query into words before looking them up. Chinese has no spaces, so
# "金义新区建设" would be looked up whole and found nowhere: split runs of Han characters into
# the longest words the index knows (forward maximum matching), other text as Sphinx does.
SPLIT_QUERY_JS = r"""
function splitQuery(query) {
  const parts = query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu).filter(t => t);
  const terms = (typeof Search !== "undefined" && Search._index) ? Search._index.terms : {};
  const out = [];
  for (const part of parts) {
    if (!/\p{Script=Han}/u.test(part)) { out.push(part); continue; }
    let i = 0;
    while (i < part.length) {
      let j = Math.min(part.length, i + 12);
      while (j > i + 1 && !Object.prototype.hasOwnProperty.call(terms, part.slice(i, j))) j--;
      out.push(part.slice(i, j));
      i = j;
    }
  }
  return out;
}
"""


def _search_language_class():
    from sphinx.search.zh import SearchChinese

    class SearchChineseSegmented(SearchChinese):
        """Chinese search (jieba) that also segments unspaced multi-word queries in the browser."""

        js_splitter_code = SPLIT_QUERY_JS

    return SearchChineseSegmented


def _user_dictionary(app, config) -> None:
    """Give jieba the book's own words (places, slogans, programmes) so the index holds them whole."""
    if (config.html_search_language or "") != "zh":
        return
    from .data import load

    words = set()
    for zh in load().terms.zh:
        for part in re.split(r"[、，,\s“”\"()（）]+", zh):
            if len(part) > 1:
                words.add(part)
    path = Path(app.doctreedir).parent / "jieba_userdict.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{w} 100000\n" for w in sorted(words)), encoding="utf-8")
    config.html_search_options = {**(config.html_search_options or {}), "dict": str(path)}


def setup(app):
    app.connect("builder-inited", _stage_plotly)
    app.connect("html-page-context", _drop_thebe)
    app.connect("config-inited", _user_dictionary)
    app.add_search_language(_search_language_class())
    app.add_js_file(PLOTLY_JS, priority=200)  # before the page's inline chart scripts run
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


class PlotlyJsonForLabOnly:
    """myst-nb mime renderer: Plotly's JSON output is for live JupyterLab, not for the book.

    A Chart's bundle carries both `text/html` (the book renders it) and Plotly's JSON (JupyterLab
    renders it). myst-nb renders every mime type of an output while parsing and warns on one it
    does not know; this plugin tells it the JSON renders to nothing, so builds stay warning-free.
    """

    mime_priority_overrides = ()

    @staticmethod
    def handle_mime(renderer, data, inline):
        return [] if data.mime_type == "application/vnd.plotly.v1+json" else None
