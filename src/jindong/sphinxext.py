"""Sphinx extension: ship the installed plotly.min.js once, from _static, to every page.

Charts are emitted as divs without plotly.js (see charts.output); this gives them the library
without any CDN and without committing a 4.8 MB file: it is copied from the installed package.
"""
from __future__ import annotations

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


def setup(app):
    app.connect("builder-inited", _stage_plotly)
    app.connect("html-page-context", _drop_thebe)
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
