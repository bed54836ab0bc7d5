"""Static images of charts for the PDF edition: the same Plotly figure, drawn by kaleido in Chromium.

Vector PDF, so the print is sharp at any zoom and the chart's Chinese labels stay text (Chromium
embeds the Noto CJK glyphs). Kaleido's page would fetch plotly.js and MathJax from CDNs by
default; here it gets the plotly.min.js of the installed plotly package and no MathJax, so an
export never waits on the network. One kaleido server per process: the PDF build's charts (drawn by
publish/print_edition.py as Sphinx writes the edition) share one browser, about 0.3 s a chart
instead of a browser start each.
"""

from __future__ import annotations

import atexit
import os
import shutil
from pathlib import Path

import plotly.graph_objects as go

# Drawn at a web-like width and scaled down to the text width of the page (about 15 cm), so the
# 13 px chart text prints at about 8 pt.
WIDTH = 720
HEIGHT = 450
FORMAT = "pdf"
# A picture taller than 1.2 times its width would not fit an A4 page with its caption and source
# line: a tall chart (one row per term) is drawn wider instead, so it prints smaller as a whole.
MAX_ASPECT = 1.2


def plotly_js() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def page_scripts() -> list[str]:
    """What kaleido's page loads: every entry must be a local file (tested)."""
    from kaleido import PageGenerator

    return [
        s[0] if isinstance(s, tuple) else str(s) for s in PageGenerator(plotly=str(plotly_js()), mathjax=False)._scripts
    ]


def browser() -> str | None:
    """Debian's Chromium (kaleido's own search finds nothing else on a machine without Chrome)."""
    return os.environ.get("BROWSER_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


_started = False


def _server() -> None:
    global _started
    if _started:
        return
    import kaleido

    path = browser()
    if not path:
        raise RuntimeError("static chart export needs Chromium (Debian: apt-get install chromium; or set BROWSER_PATH)")
    os.environ["BROWSER_PATH"] = path
    kaleido.start_sync_server(plotlyjs=str(plotly_js()), mathjax=False, silence_warnings=True)
    atexit.register(kaleido.stop_sync_server, silence_warnings=True)
    _started = True


def export(fig: go.Figure, fmt: str = FORMAT) -> bytes:
    """The figure as a PDF (or png/svg) at print size; its own height when it sets one."""
    height = fig.layout.height or HEIGHT
    return export_at(fig, fmt, max(WIDTH, round(height / MAX_ASPECT)), height, scale=3 if fmt == "png" else 1)


def export_at(fig: go.Figure, fmt: str, width: int, height: int, scale: float = 1) -> bytes:
    """The figure as a picture of this size (a link preview's, publish/sharing.py)."""
    import kaleido

    _server()
    return kaleido.calc_fig_sync(fig, opts={"format": fmt, "width": width, "height": height, "scale": scale})
