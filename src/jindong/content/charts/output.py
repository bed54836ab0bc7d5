"""How a chart leaves a notebook: a div for the website, Plotly JSON for JupyterLab.

myst-nb cannot render Plotly's own mime type, and Plotly's HTML renderers inline 4.8 MB of
plotly.js or load it from a CDN. A Chart therefore gives `text/html` holding only the chart's div
and its call to Plotly (plotly.js ships once from _static, see sphinxext.py), with a stable id so
two builds give the same bytes, and `application/vnd.plotly.v1+json` for a live JupyterLab.

Title, subtitle and source line are HTML around the plot, not Plotly text: they wrap on a phone,
follow the page's dark mode, and are found by the site's search. Under the plot, a collapsed
<details> holds the plotted numbers as a table (datatable.py), opened by the "Data table" link on
the source line: the chart's text alternative in numbers, beside its aria-label in words.

Every chart is also a reader's tool (issue 15): the source line links its CSV, and jindong.js adds a
toolbar (download PNG, SVG and CSV; sources; citation and permalink; full-screen view). The CSV and
the Sources panel's data are the chart's plotted numbers with their rows of data/ (plotted.py); they
travel in one more output, CHART_FILES_MIME, which the build writes as files of the site
(charts/<id>.csv and charts/<id>.js, publish/sphinxext.py) instead of putting them in the page.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass, field

import plotly.graph_objects as go

from jindong.content.charts import datatable, style
from jindong.content.edition import PRINT_MIME, lang, site_url
from jindong.content.i18n import _
from jindong.content.markup import Markup, bold, lines, markup

# No "Share chart…" (sendChartToCloud): it uploads the chart to Plotly Cloud, which an offline book
# must not offer, in an English dialog plotly.js's locales do not translate.
CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "sendChartToCloud"],
}
# The chart's CSV rows and Sources panel data (plotted.chart_files), written as files by the build.
CHART_FILES_MIME = "application/vnd.jindong.chart-files+json"
# Where the site's root is, in a link of a chart's HTML: the build makes it relative to the page.
SITE_ROOT = "jd-site:"
CHART_FILES = "charts"  # the site's folder of the charts' CSV files (one per chart, in both editions)
# JupyterLab: characters per line of a chart's title and subtitle, and the pixels each line takes.
LAB_TITLE_CHARS, LAB_SUBTITLE_CHARS = 90, 120
LAB_TITLE_LINE, LAB_SUBTITLE_LINE = 20, 16


def _layout_args(button) -> dict:
    """The layout a menu button sets (an "update" button's second argument), or {}."""
    args = button.args or []
    return args[1] if button.method == "update" and len(args) > 1 and isinstance(args[1], dict) else {}


def plot_html(fig: go.Figure, div_id: str) -> str:
    """The plot's empty div, sized as it will be drawn, and its figure as JSON for jindong.js to draw.

    Not Plotly's own `to_html` snippet, which calls Plotly the moment the page is parsed: plotly.min.js
    is deferred (sphinxext.py), so nothing waits for it while the page is read, and jindong.js draws
    every chart when it has loaded, in the reader's light or dark colours from the start. The JSON is
    inert (`type="application/json"`, every "<" escaped by Plotly), and the template keeps only the
    defaults of the trace types the figure has: the rest (≈7 KB a chart) changes nothing drawn.
    """
    from plotly.io.json import to_json_plotly

    d = fig.to_dict()
    template = d.get("layout", {}).get("template")
    if template and "data" in template:
        used = {t.get("type", "scatter") for t in d.get("data", [])}
        template["data"] = {k: v for k, v in template["data"].items() if k in used}
    height = d.get("layout", {}).get("height") or (template or {}).get("layout", {}).get("height") or 450
    # Plotly's own words (mode-bar tooltips) in the edition's language: zh-CN is in the book's bundle
    config = {**CONFIG, "locale": "zh-CN"} if lang() == "zh" else CONFIG
    figure = to_json_plotly({"data": d.get("data", []), "layout": d.get("layout", {}), "config": config})
    # A menu that sets the figure's height (the explorer: each option as tall as its table): the div's
    # height holds the place until Plotly draws, then follows the figure (jindong.css, data-jd-fit).
    fit = " data-jd-fit" if any("height" in _layout_args(b) for m in fig.layout.updatemenus for b in m.buttons) else ""
    return (
        f'<div id="{div_id}" class="plotly-graph-div jd-plot"{fit} style="height:{height}px; width:100%;"></div>'
        f'<script type="application/json" class="jd-figure" data-for="{div_id}">{figure}</script>'
    )


def _pattern_over_colours(fig: go.Figure) -> None:
    """Hatching drawn over bars that have one colour each, as it looks by default, without the warning.

    By default plotly.js takes a pattern's background from the marker colour, and when that is a list
    (a colour per bar) it logs "Invalid color specifier: Array(n)" once per bar at every draw. Overlaying
    the hatch on the bar's own colour, on a transparent background, draws the same picture.
    """
    for trace in fig.data:
        if trace.type != "bar":
            continue
        marker = trace.marker
        if (
            marker.pattern.shape is not None
            and isinstance(marker.color, (list, tuple))
            and marker.pattern.bgcolor is None
        ):
            trace.update(marker_pattern=dict(fillmode="overlay", bgcolor="rgba(0,0,0,0)"))


@dataclass
class Chart:
    """One chart of the book: a Plotly figure and the words around it, made once by a chapter module.

    `name` is the chart's one id: the notebook glues it under that name, its caption is the
    ``{figure}`` named ``fig-<name>``, and the page's anchors derive from it (``jd-<name>``, the
    plot ``chart-<name>``, the data table ``jd-<name>-data``). The same object renders itself for
    each place a reader meets it: a div and its data table on the website (`div`), a Plotly figure
    in JupyterLab (`lab_figure`), a vector picture with title and source in the PDF
    (`print_output`) — see `_repr_mimebundle_`.
    """

    fig: go.Figure
    name: str  # stable, unique in the book: becomes the div id
    title: str  # the finding, in words
    alt: str  # text alternative: what the chart shows, in one or two sentences
    sources: list[str] = field(default_factory=list)  # source_ids, for the source line
    subtitle: str = ""

    def __post_init__(self):
        self.fig.update_layout(template=style.TEMPLATE)
        _pattern_over_colours(self.fig)

    def source_line(self) -> str:
        from jindong.content.charts.common import source_line

        return source_line(self.sources)

    def data_table(self) -> str:
        """The plotted numbers as escaped HTML tables (see datatable.py); '' if there are none."""
        return datatable.table_html(self.fig, caption=self.title)

    def div(self) -> str:
        plot = Markup(plot_html(self.fig, f"chart-{self.name}"))  # its JSON escaped by Plotly
        sub = markup('<p class="jd-chart-subtitle">{}</p>', self.subtitle) if self.subtitle else ""
        tables = self.data_table()
        data_id = f"jd-{self.name}-data"
        title_id = f"jd-{self.name}-title"
        # The plot is a labelled figure, not role="img": Plotly's mode bar holds real buttons, which an
        # img would hide from assistive technology while keyboard focus still reaches them (axe:
        # nested-interactive). jindong.js hides the drawn SVG itself, whose text the label and the
        # data table already give.
        # The data table: a link beside the source line opens it (jindong.js), and it stays collapsed
        # until then, so the page reads as before; the scroll box is focusable for keyboard users.
        link = (
            markup(
                ' <a class="jd-chart-data-link" href="#{}" aria-describedby="{}">{}</a>',
                data_id,
                title_id,
                _("Data table"),
            )
            if tables
            else ""
        )
        # the plotted numbers with their rows, a file of the site: linkable, citable, and there without JavaScript
        link += markup(
            ' <a class="jd-chart-csv" href="{}" download="{}" aria-describedby="{}">CSV</a>',
            f"{SITE_ROOT}{CHART_FILES}/{self.name}.csv",
            f"{self.name}-zh.csv" if lang() == "zh" else f"{self.name}.csv",  # both editions' files, side by side
            title_id,
        )
        details = (
            markup(
                '<details class="jd-chart-data" id="{}"><summary>{}</summary>'
                '<div class="jd-table-wrap" role="region" tabindex="0" aria-labelledby="{}">{}</div></details>',
                data_id,
                _("Data table"),
                title_id,
                Markup(tables),  # built escaped by datatable.render
            )
            if tables
            else ""
        )
        return str(
            markup(
                '<div class="jd-chart" id="jd-{name}"><p class="jd-chart-title" id="{title_id}">{title}</p>{sub}'
                '<div class="jd-chart-plot" role="figure" aria-label="{alt}">{plot}</div>'
                '<p class="jd-chart-source">{source}{link}</p>{details}</div>',
                name=self.name,
                title_id=title_id,
                title=self.title,
                sub=sub,
                alt=self.alt,
                plot=plot,
                source=self.source_line(),
                link=link,
                details=details,
            )
        )

    def interactive_only(self) -> bool:
        """A chart driven by menus or sliders: on paper it would show one state and hide the rest."""
        return bool(self.fig.layout.updatemenus or self.fig.layout.sliders)

    def print_output(self) -> dict:
        """What the PDF edition prints (print_edition.py): the figure to draw as a static image, with
        title and source line, or, for an interactive-only chart, a note pointing to the website."""
        if self.interactive_only():
            url = site_url()
            where = (
                _("the website edition of this book, {url}", url=url) if url else _("the website edition of this book")
            )
            what = _("a menu chooses what it shows")
            return {
                "kind": "interactive",
                "name": self.name,
                "title": self.title,
                "text": _(
                    "{title}: this part is interactive ({what}), so it is only in {where}.",
                    title=self.title,
                    what=what,
                    where=where,
                ),
            }
        fig = go.Figure(self.fig)
        fig.update_layout(paper_bgcolor="white", plot_bgcolor="white")
        return {
            "kind": "chart",
            "name": self.name,
            "title": self.title,
            "subtitle": self.subtitle,
            "source": self.source_line(),
            "alt": self.alt,
            # drawn as a picture by the PDF build (print_edition.py, one kaleido for the whole edition), so
            # the website's execution serves the PDF too and a notebook's run starts no browser
            "figure": json.loads(fig.to_json()),
        }

    def lab_figure(self) -> go.Figure:
        """The figure as JupyterLab draws it: title and subtitle inside the plot, in space made for them.

        On the website they are HTML around the plot; Lab draws only the Plotly figure, so they go in
        its title, wrapped, at the top of the container, with the top margin and the height grown by
        their lines, so that neither the plot nor a chart's menus (drawn just above the plot) cover them.
        """
        fig = go.Figure(self.fig)
        title = textwrap.wrap(self.title, LAB_TITLE_CHARS)
        sub = textwrap.wrap(self.subtitle, LAB_SUBTITLE_CHARS)
        text = lines([bold(t) for t in title] + [markup("<span style='font-size:12px'>{}</span>", s) for s in sub])
        extra = LAB_TITLE_LINE * len(title) + LAB_SUBTITLE_LINE * len(sub) + 12
        top = fig.layout.margin.t if fig.layout.margin.t is not None else 80
        height = fig.layout.height or 450
        fig.update_layout(
            title=dict(
                text=text,
                x=0,
                xref="container",
                xanchor="left",
                y=1,
                yref="container",
                yanchor="top",
                pad=dict(t=8, l=8),
                font=dict(size=15),
            ),
            margin=dict(t=top + extra),
            height=height + extra,
        )
        legend, default = fig.layout.legend, style.LEGEND
        orientation = legend.orientation or default["orientation"]
        y = legend.y if legend.y is not None else default["y"]
        if fig.layout.showlegend is not False and orientation == "h" and (legend.yref == "container" or y >= 1):
            # A legend in rows above the plot (made for a phone's width) would grow into the title: in
            # JupyterLab, on a desktop, it stands in a column beside the plot instead.
            fig.update_layout(
                legend=dict(orientation="v", xref="paper", yref="paper", x=1.02, xanchor="left", y=1, yanchor="top")
            )
        return fig

    def _repr_mimebundle_(self, include=None, exclude=None):
        from jindong.content.charts import plotted

        return {
            "text/html": self.div(),
            "application/vnd.plotly.v1+json": json.loads(self.lab_figure().to_json()),
            "text/plain": f"<Chart {self.name}: {self.title}>",
            CHART_FILES_MIME: plotted.chart_files(self),
            PRINT_MIME: self.print_output(),  # ranked first by the PDF's LaTeX builder only
        }
