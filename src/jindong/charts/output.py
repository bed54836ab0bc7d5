"""How a chart leaves a notebook: a div for the website, Plotly JSON for JupyterLab.

myst-nb cannot render Plotly's own mime type, and Plotly's HTML renderers inline 4.8 MB of
plotly.js or load it from a CDN. A Chart therefore gives `text/html` holding only the chart's div
and its call to Plotly (plotly.js ships once from _static, see sphinxext.py), with a stable id so
two builds give the same bytes, and `application/vnd.plotly.v1+json` for a live JupyterLab.
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass, field

import plotly.graph_objects as go

from . import style

CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


@dataclass
class Chart:
    fig: go.Figure
    name: str  # stable, unique in the book: becomes the div id
    alt: str  # text alternative: what the chart shows, in one or two sentences
    data: list[dict] = field(default_factory=list)  # the plotted numbers, as a table for readers

    def __post_init__(self):
        self.fig.update_layout(template=style.TEMPLATE)

    def div(self) -> str:
        body = self.fig.to_html(full_html=False, include_plotlyjs=False, include_mathjax=False,
                                div_id=f"chart-{self.name}", config=CONFIG)
        return (f'<div class="jd-chart" role="img" aria-label="{html.escape(self.alt, quote=True)}">'
                f"{body}</div>")

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {
            "text/html": self.div(),
            "application/vnd.plotly.v1+json": json.loads(self.fig.to_json()),
            "text/plain": f"<Chart {self.name}: {self.alt}>",
        }
