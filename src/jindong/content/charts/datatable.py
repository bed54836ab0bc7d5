"""A chart's text alternative in numbers: the plotted values as an HTML table, read from its traces.

Every Chart gets one (charts/output.py puts it in a collapsed <details> under the plot), built
generically from the Plotly figure, so a chapter never writes it by hand:

- bar and scatter traces: one row per plotted point — series (the trace's name), the category or
  position, the value, and the trace's text where it has one. Traces on one pair of axes share a
  table; each subplot gets its own, captioned with the subplot's title when it has one.
- heatmap: z as a grid, with the x labels as columns and the y labels as rows.
- treemap, sunburst, icicle: label, parent and value of every box.
- pie: label and value; table traces: their own header and cells.

What the chart shows, not the dataset behind it: traces hidden at first (visible=False, e.g. the
other options of a drop-down menu) and traces whose hover is switched off (hoverinfo "skip" or
"none": connector lines, zones, labels that repeat a value already in the table) are left out.
(`tables(fig, hidden=True)` keeps the hidden ones: the chart's CSV, plotted.py, holds every option.)

Each table also says where each row comes from (`origins`: the trace's index in the figure and the
point's index in the trace) and what each column holds (`roles`), so plotted.py can give every
plotted number its row of the dataset without reading the table's words.

Labels in Plotly are pseudo-HTML (<b>, <br>, entities, wrapped and escaped by charts.common.wrap):
they are reduced to the plain text the reader sees, and every cell is escaped again on the way out,
so a label holding markup is shown as text, never run.

Where a chart puts its category names above the bars as annotations and hides the axis's own
tick labels, the row takes its name from the nearest annotation on that axis (within half the
spacing of the positions), as the reader of the chart would; an axis with tickvals/ticktext maps
its values to that text.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from dataclasses import dataclass, field
from numbers import Number

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from jindong.content.format import date_text
from jindong.content.i18n import _
from jindong.content.markup import Markup, escape, markup

# ----------------------------------------------------------------------------- text and numbers

_BREAK = re.compile(r"<br\s*/?>", re.I)
_HYPHEN_BREAK = re.compile(r"(?<=\w[-‐])<br\s*/?>", re.I)  # "whole-<br>process" (wrapped at a hyphen) is one word
# the tags Plotly understands in text (anything else is shown by Plotly as written)
_PLOTLY_TAG = re.compile(r"</?(?:b|i|em|strong|sup|sub|span|a|s|u)(?:\s[^<>]*)?>", re.I)
_SPACE = re.compile(r"\s+")


# a line break inside Chinese, where a label was wrapped (「大陈村村集体经济收<br>入」, 「金华统计公报（<br>2023年）」,
# 「600<br>亿元」): Chinese is written without spaces, so the label joins up again without one. A break
# before Latin letters or a sign (「报告<br>jd_gwr_2023」, 「总值<br>>300亿元」) keeps its space: there
# it parted two things.
_HAN = "[\u2018-\u201f\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]"
_HAN_BREAK = re.compile(rf"(?<={_HAN})<br\s*/?>(?=[0-9()]|{_HAN})|(?<=[0-9()])<br\s*/?>(?={_HAN})", re.I)


def plain(value) -> str:
    """The text a reader sees for a Plotly label: line breaks as spaces (none after a hyphen where a
    word was wrapped), Plotly's tags dropped, entities decoded. Not escaped: `render` escapes every cell."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return cell(value)
    s = _BREAK.sub(" ", _HAN_BREAK.sub("", _HYPHEN_BREAK.sub("", value)))
    s = _PLOTLY_TAG.sub("", s)
    s = html.unescape(s)
    return _SPACE.sub(" ", s).strip()


def _is_missing(v) -> bool:
    """None, NaN or NaT: a gap, shown as an empty cell (or a point left out when both x and y are)."""
    if v is None or v is pd.NaT:
        return True
    if isinstance(v, (float, np.floating)):
        return math.isnan(v)
    if isinstance(v, np.datetime64):
        return bool(np.isnat(v))
    return False


def number(v) -> str:
    """A number as plotted, without float noise: 12.5, 217.3, 1200000000, -0.25."""
    if isinstance(v, (bool, np.bool_)):
        return str(bool(v))
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    f = float(v)
    if not math.isfinite(f):
        return ""
    if f.is_integer() and abs(f) < 1e15:
        return str(int(f))
    # as a reader needs it, without float noise (0.30000000000000004) or a derived ratio's 10 digits:
    # three decimals from 1 up, four significant digits below
    f = round(f, 3) if abs(f) >= 1 else float(f"{f:.4g}")
    return np.format_float_positional(f, trim="-")


def _date(v) -> str | None:
    if isinstance(v, np.datetime64):
        v = v.astype("datetime64[us]").item()
    if hasattr(v, "to_pydatetime"):  # pandas Timestamp
        v = v.to_pydatetime()
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time(0) else v.isoformat(sep=" ", timespec="minutes")
    if isinstance(v, dt.date):
        return v.isoformat()
    return None


def cell(v) -> str:
    """Any plotted value as text (not escaped)."""
    if _is_missing(v):
        return ""
    if isinstance(v, str):
        return plain(v)
    d = _date(v)
    if d is not None:
        return d
    if isinstance(v, (Number, np.number, np.bool_)):
        return number(v)
    return plain(str(v))


def _is_numeric(v) -> bool:
    return isinstance(v, (Number, np.number)) and not isinstance(v, (bool, np.bool_))


def _seq(values, n: int | None = None) -> list:
    """A trace attribute as a list of length n: arrays as they are, a scalar repeated, None → [None]*n."""
    if values is None:
        return [None] * (n or 0)
    if isinstance(values, (str, Number, np.number)):
        return [values] * (n or 1)
    if isinstance(values, np.ndarray):
        values = values.tolist() if values.dtype.kind not in "mM" else list(values)
    return list(values)


# ----------------------------------------------------------------------------- tables


@dataclass
class DataTable:
    """One table: a caption, column headers, rows of plain-text cells (escaped when rendered).

    `numeric` marks the columns whose cells are numbers (right-aligned); `row_headers` makes the
    first cell of each row a <th scope="row"> (heatmaps, where the first column names the row).
    `origins[n]` is (trace index, point index) of row n — for a heatmap (trace index, row index),
    its cells being the row's points; `roles` names each column: "series", "category", "value",
    "text", "row" (the y of a grid of words), "parent" or "cells" (a heatmap's columns)."""

    header: list[str]
    rows: list[list[str]]
    caption: str = ""
    numeric: set[int] = field(default_factory=set)
    row_headers: bool = False
    origins: list[tuple[int, int]] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    value_axis: str = ""  # "x" or "y": the axis an xy table's value column is read on
    # columns read on a date axis: ISO in the rows (and the chart's CSV), as the edition writes a day on
    # the page (2023年2月2日 in Chinese; render)
    dates: set[int] = field(default_factory=set)


def _shown(trace, hidden: bool = False) -> bool:
    """A trace the table holds: drawn (or, with `hidden`, drawn by another option of a menu), with hover."""
    if trace.visible is False and not hidden:
        return False
    hoverinfo = getattr(trace, "hoverinfo", None)
    return hoverinfo not in ("skip", "none")


def _axis(fig: go.Figure, ref: str | None, letter: str):
    ref = ref or letter
    name = f"{letter}axis{ref[1:]}"
    try:
        return fig.layout[name]
    except (KeyError, ValueError):
        return None


def _title(axis) -> str:
    if axis is None or axis.title is None:
        return ""
    return plain(axis.title.text)


def _hidden(axis) -> bool:
    return axis is not None and (axis.visible is False or axis.showticklabels is False)


def _tick_map(axis) -> dict:
    if axis is None or axis.tickvals is None or axis.ticktext is None:
        return {}
    return {_key(v): plain(t) for v, t in zip(axis.tickvals, axis.ticktext)}


def _key(v):
    """A hashable, comparable key for an axis value (numbers by value, 1 == 1.0)."""
    if _is_numeric(v):
        return float(v)
    return v if isinstance(v, str) else cell(v)


def _panel_titles(fig: go.Figure) -> dict[tuple[str, str], str]:
    """Subplot titles as make_subplots places them: paper annotations centred over a subplot's x
    domain, at the top of its y domain."""
    titles = {}
    panels = {(t.xaxis or "x", t.yaxis or "y") for t in fig.data if hasattr(t, "xaxis")}
    for xref, yref in panels:
        xa, ya = _axis(fig, xref, "x"), _axis(fig, yref, "y")
        if xa is None or ya is None:
            continue
        xd, yd = xa.domain or (0, 1), ya.domain or (0, 1)
        for a in fig.layout.annotations:
            if (
                a.xref == "paper"
                and a.yref == "paper"
                and a.x is not None
                and a.y is not None
                and xd[0] - 1e-6 <= a.x <= xd[1] + 1e-6
                and abs(a.y - yd[1]) < 1e-3
                and a.text
            ):
                titles[(xref, yref)] = plain(a.text)
                break
    return titles


class _Positions:
    """Names for the positions on an axis that hides its tick labels: the annotations placed there."""

    def __init__(self, fig: go.Figure, letter: str, ref: str, values: list):
        self.letter = letter
        axis = _axis(fig, ref, letter)
        # category order: as given, else as the traces first name them (Plotly's default)
        order: list = []
        if axis is not None and axis.categoryarray is not None and axis.categoryorder in (None, "array", "trace"):
            order = [_key(c) for c in axis.categoryarray]
        for v in values:
            if isinstance(v, str) and v not in order:
                order.append(v)
        self.index = {c: i for i, c in enumerate(order)}
        positions = sorted({p for p in (self.pos(v) for v in values) if p is not None})
        gaps = [b - a for a, b in zip(positions, positions[1:]) if b - a > 0]
        self.reach = (min(gaps) if gaps else 1.0) / 2
        self.notes = []
        for a in fig.layout.annotations:
            if (getattr(a, f"{letter}ref") or letter) != ref or not a.text:
                continue
            p = self.pos(getattr(a, letter))
            if p is not None:
                self.notes.append((p, plain(a.text)))

    def pos(self, v) -> float | None:
        if _is_numeric(v):
            return float(v)
        if isinstance(v, str):
            if v in self.index:
                return float(self.index[v])
            try:
                return float(v)
            except ValueError:
                return None
        return None

    def name(self, v) -> str | None:
        p = self.pos(v)
        if p is None or not self.notes:
            return None
        d, text = min(((abs(q - p), t) for q, t in self.notes), key=lambda x: x[0])
        return text if d < self.reach else None


def _xy_tables(fig: go.Figure, traces: list, index: dict[int, int]) -> list[DataTable]:
    panels: dict[tuple[str, str], list] = {}
    for t in traces:
        panels.setdefault((t.xaxis or "x", t.yaxis or "y"), []).append(t)
    titles = _panel_titles(fig) if len(panels) > 1 else {}
    tables = []
    for n, ((xref, yref), group) in enumerate(panels.items(), 1):
        table = _xy_table(fig, xref, yref, group, index)
        if table is None:
            continue
        if len(panels) > 1:
            table.caption = titles.get((xref, yref)) or _("Panel {n} of {total}", n=n, total=len(panels))
        tables.append(table)
    return tables


def _points(t) -> list[tuple]:
    """(x, y, text, index) for each point of a bar or scatter trace; a bar's base makes its value a span."""
    xs, ys = t.x, t.y
    n = max(len(_seq(xs)), len(_seq(ys)))
    if xs is None:  # Plotly numbers the points when one coordinate is missing
        xs = [t.x0 + i * t.dx if t.x0 is not None else i for i in range(n)]
    if ys is None:
        ys = [t.y0 + i * t.dy if t.y0 is not None else i for i in range(n)]
    xs, ys = _seq(xs, n), _seq(ys, n)
    texts = _seq(t.text, n) if t.text is not None else [None] * n
    if len(texts) < n:
        texts += [None] * (n - len(texts))
    return [(x, y, s, i) for i, (x, y, s) in enumerate(zip(xs, ys, texts)) if not (_is_missing(x) and _is_missing(y))]


def _span(base, length, axis) -> str:
    """A bar drawn from `base`, `length` long: 'base – end' (dates on a date axis: length in ms)."""
    if _is_missing(base):
        return cell(length)
    if axis is not None and axis.type == "date":
        start = pd.Timestamp(base)
        end = start + pd.Timedelta(milliseconds=float(length))
        return f"{cell(start)} – {cell(end)}"
    if _is_numeric(base) and _is_numeric(length):
        return f"{number(base)} – {number(float(base) + float(length))}"
    return f"{cell(base)} – {cell(length)}"


def _xy_table(fig: go.Figure, xref: str, yref: str, traces: list, index: dict[int, int]) -> DataTable | None:
    xa, ya = _axis(fig, xref, "x"), _axis(fig, yref, "y")
    points = {id(t): _points(t) for t in traces}
    every = [p for ps in points.values() for p in ps]
    if not every:
        return None
    # which axis holds the categories (first column): y for horizontal bars, or where the values are words
    axes = {"x": xa, "y": ya}
    refs = {"x": xref, "y": yref}
    ticks = {k: _tick_map(axes[k]) for k in "xy"}
    named = {}
    for k in "xy":
        if _hidden(axes[k]):
            values = [p[0 if k == "x" else 1] for p in every]
            named[k] = _Positions(fig, k, refs[k], values)
            if not named[k].notes:
                del named[k]
    words = {k: any(isinstance(p[0 if k == "x" else 1], str) for p in every) or k in named for k in "xy"}
    bars = [t for t in traces if t.type == "bar"]
    if bars:
        horizontal = all(getattr(t, "orientation", None) == "h" for t in bars)
    else:
        horizontal = words["y"] and not words["x"]
    first, second = ("y", "x") if horizontal else ("x", "y")
    both_words = words["x"] and words["y"] and not bars

    def label(k: str, v) -> str:
        if k in named:
            found = named[k].name(v)
            if found is not None:
                return found
        if ticks[k] and _key(v) in ticks[k]:
            return ticks[k][_key(v)]
        return cell(v)

    def heading(k: str, role: str) -> str:
        title = _title(axes[k])
        if title:
            return title
        if k in named:
            return _("Label")
        if both_words:  # a grid of words (e.g. plan × theme): columns along x, rows along y
            return _("Column") if k == "x" else _("Row")
        if role == "category":
            return _("Category") if words[k] else k
        return _("Value")

    series = [plain(t.name) if t.name else "" for t in traces]
    has_series = len(traces) > 1 and any(series)
    has_text = any(s is not None and plain(s) for ps in points.values() for _, _, s, _ in ps)
    header = ([_("Series")] if has_series else []) + [heading(first, "category"), heading(second, "value")]
    if has_text:
        header.append(_("Text"))
    roles = (["series"] if has_series else []) + (["category", "row"] if both_words else ["category", "value"])
    roles += ["text"] if has_text else []
    rows, num_cols, origins = [], set(), []
    off = 1 if has_series else 0
    value_numeric = True
    for t, name in zip(traces, series):
        base = _seq(t.base, len(points[id(t)])) if t.type == "bar" and t.base is not None else None
        for i, (x, y, s, n) in enumerate(points[id(t)]):
            v = {"x": x, "y": y}
            value = v[second]
            if base is not None:
                shown = _span(base[i] if i < len(base) else None, value, axes[second])
                value_numeric = False
            elif t.type == "scatter" and t.mode == "text":  # a note set on the chart: where it stands is no value
                shown = ""  # (chapter 8's "no rate given" stood at 0, read as a growth of 0)
            else:
                shown = label(second, value)
                value_numeric &= _is_numeric(value) or _is_missing(value)
            row = ([name] if has_series else []) + [label(first, v[first]), shown]
            if has_text:
                row.append(plain(s) if s is not None else "")
            rows.append(row)
            origins.append((index[id(t)], n))
    if value_numeric and not ticks[second] and not both_words:
        num_cols.add(off + 1)
    dates = {off + j for j, k in enumerate((first, second)) if getattr(axes[k], "type", None) == "date"}
    return _drop_empty(
        DataTable(
            header=header, rows=rows, numeric=num_cols, origins=origins, roles=roles, value_axis=second, dates=dates
        )
    )


def _drop_empty(table: DataTable) -> DataTable:
    """Leave out a column with nothing in it (e.g. the category of a one-bar panel)."""
    keep = [i for i in range(len(table.header)) if any(r[i] for r in table.rows)]
    if len(keep) == len(table.header) or not keep:
        return table
    table.header = [table.header[i] for i in keep]
    table.rows = [[r[i] for i in keep] for r in table.rows]
    table.roles = [table.roles[i] for i in keep] if table.roles else []
    table.numeric = {n for n, i in enumerate(keep) if i in table.numeric}
    table.dates = {n for n, i in enumerate(keep) if i in table.dates}
    return table


def _heatmap_table(fig: go.Figure, t, n: int = 0) -> DataTable | None:
    z = t.z
    if z is None:
        return None
    z = [list(r) for r in (z.tolist() if isinstance(z, np.ndarray) else z)]
    if not z:
        return None
    n_cols = max(len(r) for r in z)
    xa, ya = _axis(fig, t.xaxis, "x"), _axis(fig, t.yaxis, "y")
    xs = _seq(t.x, n_cols) if t.x is not None else list(range(n_cols))
    ys = _seq(t.y, len(z)) if t.y is not None else list(range(len(z)))
    xt, yt = _tick_map(xa), _tick_map(ya)
    xl = [xt.get(_key(v), cell(v)) for v in xs]
    yl = [yt.get(_key(v), cell(v)) for v in ys]
    corner = _title(ya) or _("Category")
    header = [corner] + xl[:n_cols]
    rows = [[yl[i] if i < len(yl) else ""] + [cell(v) for v in r] + [""] * (n_cols - len(r)) for i, r in enumerate(z)]
    return DataTable(
        header=header,
        rows=rows,
        numeric=set(range(1, n_cols + 1)),
        row_headers=True,
        caption=_title(xa),
        origins=[(n, i) for i in range(len(rows))],
        roles=["row"] + ["cells"] * n_cols,
    )


def _hierarchy_table(t, n_trace: int = 0) -> DataTable | None:
    labels = _seq(t.labels)
    if not labels:
        return None
    n = len(labels)
    ids = _seq(t.ids, n) if t.ids is not None else None
    parents = _seq(t.parents, n) if t.parents is not None else [""] * n
    by_id = {i: plain(label) for i, label in zip(ids, labels)} if ids else {}
    values = _seq(t.values, n) if t.values is not None else None
    header = [_("Label"), _("Parent")] + ([_("Value")] if values else [])
    rows = []
    for i in range(n):
        p = parents[i] if i < len(parents) else ""
        row = [plain(labels[i]), by_id.get(p, plain(p)) if p else ""]
        if values:
            row.append(cell(values[i] if i < len(values) else None))
        rows.append(row)
    return DataTable(
        header=header,
        rows=rows,
        numeric={2} if values else set(),
        origins=[(n_trace, i) for i in range(n)],
        roles=["category", "parent"] + (["value"] if values else []),
    )


def _pie_table(t, n: int = 0) -> DataTable | None:
    labels = _seq(t.labels)
    values = _seq(t.values, len(labels)) if t.values is not None else None
    if not labels or values is None:
        return None
    return DataTable(
        header=[_("Label"), _("Value")],
        rows=[[plain(label), cell(v)] for label, v in zip(labels, values)],
        numeric={1},
        origins=[(n, i) for i in range(len(labels))],
        roles=["category", "value"],
    )


def _table_trace(t) -> DataTable | None:
    cols = [_seq(c) for c in (t.cells.values or [])]
    if not cols:
        return None
    header = [plain(h) for h in _seq(t.header.values)] if t.header and t.header.values is not None else []
    n = max(len(c) for c in cols)
    rows = [[cell(c[i]) if i < len(c) else "" for c in cols] for i in range(n)]
    header = (header + [""] * len(cols))[: len(cols)]
    return DataTable(header=header, rows=rows)


def tables(fig: go.Figure, hidden: bool = False) -> list[DataTable]:
    """The data tables of a figure, in trace order by kind (xy first, then the others); with `hidden`,
    the traces a menu hides at first too."""
    index = {id(t): n for n, t in enumerate(fig.data)}
    shown = [t for t in fig.data if _shown(t, hidden)]
    out = _xy_tables(fig, [t for t in shown if t.type in ("bar", "scatter", "scattergl")], index)
    for t in shown:
        if t.type == "heatmap":
            table = _heatmap_table(fig, t, index[id(t)])
        elif t.type in ("treemap", "sunburst", "icicle"):
            table = _hierarchy_table(t, index[id(t)])
        elif t.type == "pie":
            table = _pie_table(t, index[id(t)])
        elif t.type == "table":
            table = _table_trace(t)
        else:
            continue
        if table is not None:
            out.append(table)
    return out


_WHOLE_YEAR = re.compile(r"(\d{4})-01-01 – (\d{4})-01-01")
_ISO_DAY_SPLIT = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")  # split() keeps the days at odd positions


def render(table: DataTable, caption: str = "") -> str:
    """A DataTable as HTML: every cell escaped."""
    cap = table.caption or caption
    head = Markup().join(
        markup('<th scope="col" class="num">{}</th>' if i in table.numeric else '<th scope="col">{}</th>', h)
        for i, h in enumerate(table.header)
    )
    body = []
    for row in table.rows:
        cells = []
        for i, c in enumerate(row):
            whole_year = _WHOLE_YEAR.fullmatch(c) if i in table.dates else None
            if whole_year and int(whole_year[2]) == int(whole_year[1]) + 1:
                c = date_text(whole_year[1])  # a band over one year (a source dated to the year): 2024, 2024年
            elif i in table.dates:  # each day kept on one line: a phone breaks 2023年2月2日 before 日 otherwise
                c = Markup().join(
                    markup('<span class="jd-day">{}</span>', date_text(part)) if n % 2 else escape(part)
                    for n, part in enumerate(_ISO_DAY_SPLIT.split(c))
                )
            if i == 0 and table.row_headers:
                cells.append(markup('<th scope="row">{}</th>', c))
            else:
                cells.append(markup('<td class="num">{}</td>' if i in table.numeric else "<td>{}</td>", c))
        body.append(markup("<tr>{}</tr>", Markup().join(cells)))
    return str(
        markup(
            '<table class="jd-table jd-data-table">{}<thead><tr>{}</tr></thead><tbody>{}</tbody></table>',
            markup("<caption>{}</caption>", cap) if cap else "",
            head,
            Markup().join(body),
        )
    )


def table_html(fig: go.Figure, caption: str = "") -> str:
    """Every data table of a figure as HTML ('' when it plots nothing a table could hold)."""
    ts = tables(fig)
    return "".join(render(t, caption if len(ts) == 1 else "") for t in ts)
