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


def setup(app):
    app.connect("builder-inited", _stage_plotly)
    app.add_js_file(PLOTLY_JS, priority=200)  # before the page's inline chart scripts run
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
