"""Every chart's plotted numbers, each with the rows of data/ it comes from: the chart's CSV and the
figures, quotes and sources of its Sources panel (the toolbar, see output.py and jindong.js).

A reader who wants the numbers behind a chart needs more than the picture: which figure of
indicators.csv each number is, the value as the source wrote it, its quote and source, and for a number
the book computed (a count, a share, a rate) how. Two steps:

- `points(fig)` reads every plotted number from the figure itself, as the data table under the chart
  reads it (datatable.py), the options of a drop-down menu included: what is drawn, never a copy of it.
- `origins(chart)` gives each point its `Origin`. A point whose hover is the book's hover of a figure
  (common.hover, alone or followed by more lines) *is* that figure: plotted as written, or converted
  into the axis's unit (300 亿元 → 30 ¥ billion). Any other point takes its origin from the chart's
  recipe (content/derivations.py, by chart name), which names the rows a count counts or a share
  divides, and how.

Nothing is taken on trust: a point with no origin, a figure plotted at another value than its own, a
count that is not the number of its rows, or a recipe's number that is not the plotted one raises
`ChartDataError` naming the chart, so the build stops rather than ship a number without its rows.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from jindong.content.charts import datatable
from jindong.content.charts.datatable import plain
from jindong.content.documents import source_date
from jindong.content.edition import lang
from jindong.content.i18n import _

# The CSV's columns, the same in both editions (the dataset's own field names where they are its fields).
COLUMNS = [
    "chart",  # the chart's id: fig-<chart> is its anchor on the page
    "panel",  # the subplot, or the menu option, that shows the number ('' when the chart has one)
    "series",  # the trace (legend entry), or the row of a grid
    "category",  # the bar's or point's label, or the column of a grid
    "plotted",  # the number as plotted ('' for a mark that plots no number)
    "axis",  # the axis (or colour scale) the number is read on: its unit
    "indicator_id",  # the figure of indicators.csv, when the number is one figure
    "label_en",
    "label_zh",
    "value",  # as written in the source (300 for 突破300亿元)
    "unit",
    "qualifier",
    "period",
    "kind",
    "source_id",
    "quote",
    "derived",  # yes: computed by the book (a count, a share, a rate), not written in a source
    "method",  # how the plotted number was made from the rows
    "from_table",  # the table of data/ the rows are in
    "from_ids",  # those rows (a theme_counts row is named source_id/theme)
]
QUOTED = ("indicators", "priorities")  # tables whose rows carry a verbatim quote
# A number derived from at most this many rows lists them in the Sources panel (a share: its two
# figures); one made from more (a count) says how, and the CSV names its rows.
FEW = 4


class ChartDataError(ValueError):
    """A chart's plotted number without rows of the data behind it, or with rows that do not give it."""


@dataclass(frozen=True)
class Origin:
    """Where one plotted number comes from: rows of a table of data/ and, if computed, how.

    `value` is the number a recipe computed from the rows, checked against the plotted one; a
    `count` is checked to be the number of its rows."""

    table: str
    ids: tuple[str, ...]
    method: str = ""
    derived: bool = False
    value: float | None = None
    count: bool = False


def figure(indicator_id: str) -> Origin:
    """One figure of indicators.csv (origins() says how it is plotted: as written or converted)."""
    return Origin("indicators", (indicator_id,))


def counted(table: str, ids, method: str) -> Origin:
    """A count of rows of `table`: the plotted number must be how many `ids` there are."""
    ids = tuple(ids)
    return Origin(table, ids, method, derived=True, value=float(len(ids)), count=True)


@dataclass
class Point:
    """One plotted number (or mark) of a figure, as the reader sees it, and where it is in the figure."""

    trace: int  # index in fig.data
    index: int | tuple[int, int]  # the point in its trace; (row, column) in a heatmap
    panel: str
    series: str
    category: str
    plotted: str  # the number as plotted, without float noise ('' for a mark that plots none)
    number: float | None  # the same as a number, when it is one
    axis: str
    hover: str  # the point's hover text as the figure holds it (markup), '' without one
    note: bool = False  # text written on the chart (a mode="text" trace): a note, not a plotted value


def exact(v) -> str:
    """A plotted number as text: ten significant digits at most, so 30.000000000000004 reads 30."""
    f = float(v)
    if f.is_integer() and abs(f) < 1e15:
        return str(int(f))
    return np.format_float_positional(float(f"{f:.10g}"), trim="-")


_MIDNIGHT = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]00:00(?::00(?:\.0+)?)?")


def _day(text: str) -> str:
    """A date as the data table writes it: '2023-02-02', also when the figure's JSON says 2023-02-02T00:00:00."""
    return _MIDNIGHT.sub(r"\1", text)


def _number(v) -> float | None:
    if isinstance(v, (bool, np.bool_)) or v is None:
        return None
    if isinstance(v, (int, float, np.integer, np.floating)):
        return None if isinstance(v, (float, np.floating)) and math.isnan(v) else float(v)
    if isinstance(v, str):
        try:
            return float(plain(v).replace(",", ""))
        except ValueError:
            return None
    return None


def _at(values, index):
    """values[index] for a trace attribute that may be a scalar, a list or a grid (index (r, c))."""
    if values is None:
        return None
    if isinstance(values, str):
        return values
    if isinstance(index, tuple):
        r, c = index
        return _at(_at(values, r), c)
    seq = list(values)
    return seq[index] if index < len(seq) else None


def _views(fig) -> dict[int, str]:
    """Trace index -> the option of the chart's menu that shows it ({} without a menu)."""
    out: dict[int, str] = {}
    for menu in fig.layout.updatemenus or ():
        for button in menu.buttons or ():
            args = button.args or []
            visible = args[0].get("visible") if args and isinstance(args[0], dict) else None
            if isinstance(visible, (list, tuple)):
                for n, v in enumerate(visible):
                    if v is True and n not in out:
                        out[n] = plain(button.label)
    return out


def points(fig) -> list[Point]:
    """Every number the figure plots, in the data table's order (the menu's other options included)."""
    views = _views(fig)
    tables = [t for t in datatable.tables(fig, hidden=True) if t.roles]  # a table trace's cells are text
    out: list[Point] = []
    for table in tables:
        panel = table.caption if len(tables) > 1 else ""
        if "cells" in table.roles:  # a heatmap: every cell a point, row by row
            for row, (n, r) in zip(table.rows, table.origins):
                trace = fig.data[n]
                title = plain(trace.colorbar.title.text) if trace.colorbar and trace.colorbar.title else ""
                for c, header in enumerate(table.header[1:]):
                    z = _at(trace.z, (r, c))
                    if _number(z) is None:
                        continue  # a blank cell plots nothing
                    hover = str(_at(trace.hovertext, (r, c)) or "")
                    out.append(
                        Point(
                            trace=n,
                            index=(r, c),
                            panel=views.get(n, panel),
                            series=row[0],
                            category=header,
                            plotted=exact(z),
                            number=_number(z),
                            axis=title,
                            hover=hover,
                        )
                    )
            continue
        value_head = table.header[table.roles.index("value")] if "value" in table.roles else ""
        for row, (n, i) in zip(table.rows, table.origins):
            trace = fig.data[n]
            cells = dict(zip(table.roles, row))
            hover = _at(getattr(trace, "hovertext", None), i)
            note = trace.type == "scatter" and (trace.mode or "") == "text"
            if "row" in cells:  # a grid of words (x and y both labels): the number, if any, is its text
                series, category = cells["row"], cells["category"]
                number = _number(cells.get("text", ""))
                shown = exact(number) if number is not None else ""
            elif "parent" in cells:  # a treemap's box
                series, category = cells["parent"], cells["category"]
                number = _number(_at(trace.values, i))
                shown = exact(number) if number is not None else cells.get("value", "")
            else:
                series, category = cells.get("series", ""), cells.get("category", "")
                raw = _at(getattr(trace, table.value_axis, None), i) if table.value_axis else None
                number = None if getattr(trace, "base", None) is not None else _number(raw)
                shown = exact(number) if number is not None else cells.get("value", "")
            shown = _day(shown)
            if note:
                number, shown = None, ""
            out.append(
                Point(
                    trace=n,
                    index=i,
                    panel=views.get(n, panel),
                    series=series,
                    category=category,
                    plotted=shown,
                    number=number,
                    axis=value_head,
                    hover=str(hover or ""),
                    note=note,
                )
            )
    return out


# ---------------------------------------------------------------- origins

# Recipes by chart name (content/derivations.py registers them): the origin of each point, or None
# for a point the hover gives.
Recipe = Callable[[object, list[Point]], list[Origin | None]]
RECIPES: dict[str, Recipe] = {}


def recipe(name: str) -> Callable[[Recipe], Recipe]:
    def register(fn: Recipe) -> Recipe:
        RECIPES[name] = fn
        return fn

    return register


@functools.cache
def _hover_index(language: str) -> dict[str, str]:
    """The book's hover of every figure (common.hover, in the edition's language) -> its id. Two figures
    with the same hover would be the same words, value and quote: the first is named."""
    from jindong.content.charts.common import hover
    from jindong.dataset.data import load

    ind = load().indicators
    out: dict[str, str] = {}
    for i, h in zip(ind.id, hover(ind)):
        out.setdefault(str(h), i)
    return out


def hovered_figure(text: str) -> str | None:
    """The figure whose hover `text` is, or begins with (a chart may add lines: the source, a share)."""
    index = _hover_index(lang())
    if text in index:
        return index[text]
    parts = text.split("<br>")
    for k in range(len(parts) - 1, 0, -1):
        found = index.get("<br>".join(parts[:k]))
        if found:
            return found
    return None


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _as_plotted(point: Point, origin: Origin) -> Origin | str:
    """A figure's origin with how it is plotted: as written, or converted to the axis's unit (a power of
    ten of its base unit); a problem (str) when the plotted number is neither."""
    from jindong.dataset.data import load

    r = load().indicators.set_index("id").loc[origin.ids[0]]
    if point.note:
        return Origin(origin.table, origin.ids, _("written on the chart as a note; it plots no number"))
    if point.number is None:
        return f"{point.category!r}: plots no number, but is the figure {origin.ids[0]}"
    if _close(point.number, float(r.value)):
        return Origin(origin.table, origin.ids, _("as written"), value=float(r.value))
    base = float(r.value) * float(r.factor)
    for k in range(0, 13):
        if _close(point.number, base / 10**k):
            method = _(
                "{value} {unit} × {factor} = {plotted} ({axis})",
                value=r.value_text,
                unit=r.unit,
                factor=exact(float(r.factor) / 10**k),
                plotted=point.plotted,
                axis=point.axis or "—",
            )
            return Origin(origin.table, origin.ids, method, value=base / 10**k)
    return f"{point.category!r}: plotted {point.plotted}, but the figure {origin.ids[0]} is {r.value_text} {r.unit}"


def origins(chart) -> tuple[list[Point], list[Origin]]:
    """The chart's points and the origin of each; raises ChartDataError if any point lacks one or is
    not what its rows give."""
    import jindong.content.derivations  # noqa: F401  (registers the recipes)

    pts = points(chart.fig)
    fn = RECIPES.get(chart.name)
    given = fn(chart, pts) if fn else [None] * len(pts)
    if len(given) != len(pts):
        raise ChartDataError(f"chart {chart.name}: its recipe gives {len(given)} origins for {len(pts)} points")
    out, problems = [], []
    for p, o in zip(pts, given):
        if o is None:
            found = hovered_figure(p.hover) if p.hover else None
            o = figure(found) if found else None
        if o is None:
            problems.append(f"{p.series} {p.category!r} = {p.plotted!r}: no origin")
            continue
        if o.table == "indicators" and len(o.ids) == 1 and not o.method:
            o = _as_plotted(p, o)
            if isinstance(o, str):
                problems.append(o)
                continue
        elif o.value is not None and not p.note and (p.number is None or not _close(p.number, o.value)):
            problems.append(f"{p.series} {p.category!r}: plotted {p.plotted!r}, but its rows give {exact(o.value)}")
        out.append(o)
    if problems:
        raise ChartDataError(
            f"chart {chart.name}: {len(problems)} plotted number(s) without the rows that give them "
            f"(plot figures with charts.common.hover, or give the chart a recipe in content/derivations.py): "
            + "; ".join(problems[:8])
        )
    return pts, out


# ---------------------------------------------------------------- the CSV and the Sources panel


def _row_fields(table: str, row_id: str) -> dict[str, str]:
    """The dataset's own fields of one row, as the CSV names them."""
    from jindong.dataset.data import load

    ds = load()
    if table == "indicators":
        r = ds.indicators.set_index("id").loc[row_id]
        return {
            "indicator_id": row_id,
            "label_en": r.label_en,
            "label_zh": r.label_zh,
            "value": r.value_text,
            "unit": r.unit,
            "qualifier": r.qualifier,
            "period": str(r.period),
            "kind": r.kind,
            "source_id": r.source_id,
            "quote": r.quote,
        }
    if table == "priorities":
        r = ds.priorities.set_index("id").loc[row_id]
        return {"label_en": r.label_en, "label_zh": r.label_zh, "source_id": r.source_id, "quote": r.quote}
    if table == "terms":
        r = ds.terms.set_index("term_id").loc[row_id]
        return {"label_en": r.en, "label_zh": r.zh}
    if table == "sources":
        r = ds.sources.set_index("source_id").loc[row_id]
        return {"label_en": r.title_en, "label_zh": r.title_zh, "source_id": row_id}
    if table == "theme_counts":
        return {"source_id": row_id.split("/")[0]}
    return {}


def csv_rows(chart, pts: list[Point], found: list[Origin]) -> list[list[str]]:
    """The chart's CSV: a header (COLUMNS), then one row per plotted number, in the data table's order."""
    rows = [list(COLUMNS)]
    for p, o in zip(pts, found):
        row = dict.fromkeys(COLUMNS, "")
        row.update(chart=chart.name, panel=p.panel, series=p.series, category=p.category, plotted=p.plotted)
        row.update(axis=p.axis, derived="yes" if o.derived else "no", method=o.method, from_table=o.table)
        row["from_ids"] = " ".join(o.ids)
        if len(o.ids) == 1 and not o.count:
            row.update(_row_fields(o.table, o.ids[0]))
        rows.append([str(row[c]) for c in COLUMNS])
    return rows


def _source_entry(source_id: str) -> dict:
    from jindong.dataset.data import load

    r = load().sources.set_index("source_id").loc[source_id]
    return {
        "id": source_id,
        "title": r.title_zh if lang() == "zh" else r.title_en,
        "publisher": r.publisher_zh if lang() == "zh" else r.publisher,
        "date": source_date(r),
        "reliability": _("primary source") if r.reliability == "primary" else _("secondary copy"),
        "url": r.url or "",
    }


def panel_data(chart, found: list[Origin]) -> dict:
    """What the Sources panel lists: every figure (or plan item) a number is, or is computed from a few of,
    with its label, value as written and quote; how derived numbers were computed; the sources."""
    from jindong.content.charts.style import label_col
    from jindong.content.format import as_written
    from jindong.dataset.data import load

    ds = load()
    ind, pri = ds.indicators.set_index("id"), ds.priorities.set_index("id")
    listed: dict[tuple[str, str], dict] = {}
    methods: list[str] = []
    for o in found:
        if o.derived and o.method not in methods:
            methods.append(o.method)
        if o.table not in QUOTED or o.count or len(o.ids) > FEW:
            continue
        for row_id in o.ids:
            if (o.table, row_id) in listed:
                continue
            r = ind.loc[row_id] if o.table == "indicators" else pri.loc[row_id]
            value = (
                as_written(r.value_text, r.unit, r.qualifier, r.quote, r.firmness) if o.table == "indicators" else ""
            )
            listed[(o.table, row_id)] = {
                "id": row_id,
                "table": o.table,
                "label": r[label_col()],
                "value": value,
                "quote": r.quote,
                "source": r.source_id,
            }
    figures = list(listed.values())
    sources = list(dict.fromkeys([*chart.sources, *(f["source"] for f in figures)]))
    return {
        "chart": chart.name,
        "figures": figures,
        "methods": methods,
        "sources": [_source_entry(s) for s in sources],
    }


def chart_files(chart) -> dict:
    """What the build writes for the chart (publish/sphinxext.py): its CSV rows and its panel's data."""
    pts, found = origins(chart)
    return {"name": chart.name, "csv": csv_rows(chart, pts, found), "panel": panel_data(chart, found)}
