"""Explore the dataset's figures by source, theme and kind — live in JupyterLab, static on the website.

- `live_panel()`: an ipywidgets panel (source and theme dropdowns, kind checkboxes) driving a Plotly
  FigureWidget and a table of the matching figures. It needs a running kernel, so the book never
  displays it: the chapter calls it only when `interactive()` says a person is at the notebook.
- `static_explorer()`: the same exploration as an ordinary Chart, with Plotly's own controls (a
  dropdown over precomputed traces), so the static site has no dead widget and no widget state.
  The chart carries counts; the table under it lists, for one source at a time, only what a reader
  needs to read a figure (label, value as written, kind, year).
"""

from __future__ import annotations

import math
import os

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from jindong.content.charts import Chart
from jindong.content.charts.common import cap, label_above
from jindong.content.charts.style import KIND_COLOURS, TEMPLATE, bilingual, label_col, other_label_col
from jindong.content.edition import lang
from jindong.content.format import as_written, target_text
from jindong.content.htmltable import HtmlTable
from jindong.content.i18n import _, n_
from jindong.content.markup import _NO_LINE_START, Markup, _mostly_han, bold, escape, lines, markup, wrapped
from jindong.content.vocabulary import KINDS, kind_name, themes
from jindong.dataset.data import load

ALL = "all"
KIND_PATTERNS = {"actual": "", "estimate": "/", "target": "", "context": "."}
# The table lists a source's figures, at most this many (the largest source has 198): the menu's
# tables are all in the page, so more would make the page grow with the data (issue 6).
TABLE_ROWS = 200
INK, PAPER, RULE = "#333333", "#ffffff", "#dddddd"  # fixed colours for controls and table (legible in dark mode)


def kind_names() -> dict[str, str]:
    """Legend and menu words for the kinds, in the edition's language ('Outcome', '实绩')."""
    return {k: kind_name(k, capital=True) for k in KINDS}


def interactive() -> bool:
    """True when a person runs the notebook in Jupyter (the server names the session), not a batch executor.

    Jupyter Server sets JPY_SESSION_NAME for a notebook's kernel; nbclient (used by the book build,
    nbval and `make outputs`) does not. The book therefore never creates a widget, and no widget
    state reaches the pages (it would make myst-nb load require.js from a CDN).
    """
    return bool(os.environ.get("JPY_SESSION_NAME"))


def source_labels() -> dict[str, str]:
    """source_id -> a short label for a menu ('Aug 2025 plenum', '… (secondary)'), sources in date order."""
    from jindong.content.documents import documents

    docs = documents(primary_only=False)
    return {
        r.source_id: r.short + (_(" (secondary)") if r.reliability == "secondary" else "") for r in docs.itertuples()
    }


def figures(source: str = ALL, theme: str = ALL, kinds: list[str] | tuple[str, ...] = tuple(KINDS)) -> pd.DataFrame:
    """The figures (rows of indicators.csv) that match the filters."""
    ind = load().indicators
    keep = ind.kind.isin(kinds)
    if source != ALL:
        keep &= ind.source_id == source
    if theme != ALL:
        keep &= ind.theme == theme
    return ind[keep]


def counts(source: str = ALL, theme: str = ALL, kinds=tuple(KINDS)) -> pd.DataFrame:
    """Number of figures per theme (rows, in themes.csv order) and kind (columns)."""
    df = figures(source, theme, kinds)
    th = themes()
    table = df.groupby(["theme", "kind"]).size().unstack(fill_value=0)
    return table.reindex(index=th.index, columns=KINDS, fill_value=0)


def figure_rows(df: pd.DataFrame) -> pd.DataFrame:
    """The readable columns of figures, for a table: label, value as written, kind, year, source.

    Columns are named in the edition's language. In Chinese the value is already written as the source
    writes it (format.target_text gives '8%以上', '力争1家以上' there), so the 'As written' column, which would
    repeat it, is left out.
    """
    labels = source_labels()
    th = themes()
    names = kind_names()
    columns = {
        _("Figure"): df[label_col()].values,
        _("Value"): [target_text(r) for r in df.itertuples()],  # with a target's promise: '≥1 (stretch)', 力争1家以上
        _("As written"): [
            as_written(v, u, q, quote, firm)
            for v, u, q, quote, firm in zip(df.value_text, df.unit, df.qualifier, df.quote, df.firmness)
        ],
        _("Kind"): [names[k] for k in df.kind],
        _("Year"): df.period.values,
        _("Theme"): [th.loc[t, label_col()] for t in df.theme],
        _("Source"): [labels[s] for s in df.source_id],
    }
    if lang() == "zh":
        del columns[_("As written")]
    return pd.DataFrame(columns)


def figure_table(df: pd.DataFrame) -> HtmlTable:
    """figure_rows as a table of the book, its value columns set as numbers."""
    return HtmlTable(figure_rows(df), numeric=(_("Value"), _("As written")))


def source_summary() -> pd.DataFrame:
    """Figures per source (date order) and kind, with a total."""
    labels = source_labels()
    ind = load().indicators
    table = (
        ind.groupby(["source_id", "kind"])
        .size()
        .unstack(fill_value=0)
        .reindex(index=list(labels), columns=KINDS, fill_value=0)
    )
    table["total"] = table.sum(axis=1)
    return table


# ---------------------------------------------------------------- static (website)

# The explorer's geometry, px. A figure has one layout for every screen, so its table's cells are broken
# into lines here, for the narrowest screen (Plotly wraps a cell only at spaces: Chinese, which has none,
# was cut at the cell's edge), and so every height is known: each menu option sets the figure's height
# to fit its own table, and nothing is left blank under it (issue 26).
PHONE_PLOT = 327  # the chart's width on a 375 px phone (the page's margins taken)
MARGIN = dict(l=8, r=16, b=10)
# From the top: a band for Plotly's mode bar, the menu, the heading (two lines), the legend (one row, or
# two where its words do not fit one on a phone: _legend_rows), the bars.
MENU_Y, HEADING_SHIFT, LEGEND_ROW = 38, 30, 20
BAR_ROW = 40  # each theme: its name above its bar
GAP = 64  # under the bars: tick labels and the axis title, then the table
CELL, HEADER = 11, 12  # font sizes of the table's cells and header
PAD = 8  # Plotly's padding inside a table cell, each side
# A row's height as Plotly draws a cell of n lines (text in markup: its box and the padding), px,
# measured in Chromium with Noto Sans CJK: cells (11 px) 33, 47, 61, 75, 90; the header (12 px, bold) 33, 49.
LINE, HEAD_LINE, ROW_EXTRA, ROW = 14.3, 15.6, 18.5, 22
# A longer table scrolls inside its box, which shows this many rows (fewer if they would make the box
# taller than a phone's screen holds with the menu in view) and half the next.
VISIBLE_ROWS, MAX_BOX = 12, 660


def _fit(text, px: float, size: int = CELL) -> Markup:
    """Text broken into lines that fit px at a font size (escaped), as Plotly draws it: a Han character
    is one em wide, Latin letters about 0.58 em on average."""
    text = str(text)
    han = _mostly_han(text)
    if han:  # curly quotes count one column but are drawn one em wide in a Chinese font; and a line may
        # take one more character, punctuation that must not start the next line (，、）)
        px -= size / 2 * sum(text.count(q) for q in "“”‘’") + (size if set(text) & _NO_LINE_START else 0)
    per = size * (
        0.53 if han else 0.58
    )  # px per column of `wrapped` (digits in Chinese text are wider than half an em)
    # never inside a word: the columns are wide enough for the longest (Yiwu–Xinjiang–Europe), as the tests check
    return wrapped(text, max(2, int(px / per)), break_long_words=False)


def _cell(cell, px: float) -> Markup:
    """A table cell's text in lines that fit px (a tuple: a line each, each fitted, ending in the list's
    comma, so that read as one line — the data table, a screen reader — it is a list: 「实绩108项、目标74项」,
    not 「实绩108项目标74项」). Always as markup (a span): Plotly sets a cell of plain text a few pixels
    higher than one with lines, which would put a row's cells out of line."""
    parts = cell if isinstance(cell, tuple) else (cell,)
    comma = _(", ").rstrip()
    parts = [f"{p}{comma}" for p in parts[:-1]] + list(parts[-1:])
    return markup("<span>{}</span>", lines(_fit(p, px) for p in parts))


def _lines(cell) -> int:
    return str(cell).count("<br>") + 1


def _row_height(cells, line: float = LINE) -> float:
    """A table row's height as Plotly draws it: its tallest cell's lines and the padding."""
    return max(_lines(c) for c in cells) * line + ROW_EXTRA


def _legend_rows() -> int:
    """Rows the legend takes on a phone: each kind's swatch and gap (≈40 px) and its word (13 px)."""
    words = sum(40 + len(k) * 13 * (1 if _mostly_han(k) else 0.58) for k in kind_names().values())
    return 1 if words <= PHONE_PLOT - MARGIN["l"] - MARGIN["r"] else 2


def _shown(rows: list[float]) -> int:
    """How many rows a table's box shows whole: all (when they take little more than MAX_BOX: scrolling
    to hide one or two would not help), or VISIBLE_ROWS, or as many as MAX_BOX holds."""
    if len(rows) <= VISIBLE_ROWS and sum(rows) <= MAX_BOX + 2 * ROW:
        return len(rows)
    n, total = 0, 0.0
    while n < min(len(rows), VISIBLE_ROWS) and (n == 0 or total + rows[n] <= MAX_BOX):
        total += rows[n]
        n += 1
    return n


def _table(header: list[str], columns: list[list], px: list[float], visible: bool) -> tuple[go.Table, int]:
    """A table trace whose every cell fits its column on a phone (px: the columns' widths there, which
    Plotly scales to wider screens), and the height of its box: the header and the rows `_shown` gives,
    and half the next when there are more (a longer list scrolls inside; the half row says so)."""
    text = [[_cell(c, w - 2 * PAD) for c in col] for col, w in zip(columns, px)]
    head = [bold(_fit(h, w - 2 * PAD, HEADER)) for h, w in zip(header, px)]
    rows = [_row_height(r) for r in zip(*text)]
    n = _shown(rows)
    body = sum(rows[:n]) + (rows[n] / 2 if n < len(rows) else 0)
    trace = go.Table(
        header=dict(
            values=head, fill_color="#eef3f8", align="left", font=dict(color=INK, size=HEADER), line_color=RULE
        ),
        cells=dict(
            values=text, fill_color=PAPER, align="left", font=dict(color=INK, size=CELL), line_color=RULE, height=ROW
        ),
        columnwidth=px,
        visible=visible,
    )
    return trace, math.ceil(_row_height(head, HEAD_LINE) + body) + 2


def _kind_count(kind: str, n: int) -> str:
    """'74 targets' ('目标74项')."""
    if kind == "actual":
        return n_("{n} outcome", "{n} outcomes", n)
    if kind == "estimate":
        return n_("{n} estimate", "{n} estimates", n)
    if kind == "target":
        return n_("{n} target", "{n} targets", n)
    return n_("{n} context", "{n} context", n)


def _kinds_text(row) -> str:
    """'108 outcomes, 1 estimate, 74 targets, 15 context' — the kinds of a source's figures, in the legend's order."""
    return _(", ").join(_kind_count(k, int(v)) for v, k in _kinds(row))


def _kinds(row) -> list[tuple]:
    """(count, kind) of the kinds a row counts, in the legend's order (the reader matches them by it)."""
    return [(row[k], k) for k in KINDS if row[k]]


def _year(period) -> str:
    """'2024', in Chinese '2024年'."""
    return f"{period}年" if lang() == "zh" else str(period)


def heading(source: str = ALL) -> Markup:
    """What the chart shows now, above its legend, set by the menu: 'All 259 figures' or '198 of the 259
    figures', then their kinds. The page's title says what holds for the whole dataset; this line is
    the count of the option chosen, so what the reader sees after choosing is true."""
    ind = load().indicators
    mine = ind if source == ALL else ind[ind.source_id == source]
    n = len(mine)
    head = _("All {n} figures", n=n) if source == ALL else _("{n} of the {total} figures", n=n, total=len(ind))
    kinds = mine.kind.value_counts().reindex(KINDS, fill_value=0)
    width = PHONE_PLOT - MARGIN["l"]
    return lines([bold(_fit(head, width, 13)), markup("<span style='font-size:12px'>{}</span>", _kinds_text(kinds))])


def _source_table(labels: dict[str, str], visible: bool) -> tuple[go.Table, int]:
    """All sources: each with its number of figures and their kinds."""
    s = source_summary()
    columns = [
        [labels[i] for i in s.index],
        [str(n) for n in s.total],
        [tuple(_kind_count(k, int(v)) for v, k in _kinds(r)) for _, r in s.iterrows()],  # a line each
    ]
    return _table([_("Source"), _("Figures"), _("Of which")], columns, [120, 76, 107], visible)


def _figure_table(sid: str, visible: bool) -> tuple[go.Table, int]:
    """One source: each figure's label, value as written, and its kind and year (a line each)."""
    rows, left_out = cap(figure_rows(figures(sid)), TABLE_ROWS)
    columns = [
        list(rows[_("Figure")]),
        list(rows[_("Value")]),
        [(k, _year(y)) for k, y in zip(rows[_("Kind")], rows[_("Year")])],  # a line each
    ]
    if left_out:
        more = _("… and {n} more: see the downloads", n=f"{left_out:,}")
        columns = [c + [m] for c, m in zip(columns, [more, "", ""])]
    trace, height = _table(
        [_("Figure"), _("Value"), _("Kind, year")], columns, [130, 80, 93] if lang() == "zh" else [145, 78, 80], visible
    )
    return trace, height


def static_explorer() -> Chart:
    """Figures by theme and kind for one source at a time (a dropdown), with a table of that source's figures.

    Traces: for each menu option, one bar per kind (counts by theme) and one table; the menu switches
    which are visible, and sets the heading's count, the figure's height and the bars' and table's
    places for that option's table. Clicking a kind in the legend hides or shows it. Theme names stand
    above their bars (not as tick labels), so the bars and the table keep the full width on a phone.
    """
    labels = source_labels()
    th = themes()
    kinds = kind_names()
    options = [(ALL, _("All sources"))] + list(labels.items())
    names = [escape(th.loc[t, label_col()]) for t in th.index]
    other = [escape(th.loc[t, other_label_col()]) for t in th.index]
    pos = list(range(len(th)))
    bars = BAR_ROW * len(pos)
    shift = HEADING_SHIFT + LEGEND_ROW * (_legend_rows() - 1)  # the heading stands above the legend
    top = 120 + shift  # the top margin: mode bar, menu, heading, legend
    fig = make_subplots(rows=2, cols=1, specs=[[{"type": "xy"}], [{"type": "table"}]])
    groups, layouts = [], []  # per option: its traces, and its layout
    for n, (sid, name) in enumerate(options):
        idx = []
        table = counts(sid)
        for kind in KINDS:
            col = table[kind]
            fig.add_trace(
                go.Bar(
                    x=list(col.values),
                    y=pos,
                    orientation="h",
                    width=0.45,
                    name=kinds[kind],
                    legendgroup=kind,
                    visible=n == 0,
                    marker=dict(color=KIND_COLOURS[kind], pattern_shape=KIND_PATTERNS[kind]),
                    customdata=[[a, b] for a, b in zip(names, other)],
                    hovertemplate=(
                        "<b>%{customdata[0]}</b> · %{customdata[1]}<br>"
                        if bilingual()
                        else "<b>%{customdata[0]}</b><br>"
                    )
                    + _("{kind}: {count}", kind=kinds[kind], count="%{x}")
                    + f"<extra>{escape(name)}</extra>",
                ),
                row=1,
                col=1,
            )
            idx.append(len(fig.data) - 1)
        trace, box = _source_table(labels, n == 0) if sid == ALL else _figure_table(sid, n == 0)
        plot = bars + GAP + box  # the plot area's height: the bars, the gap, the table's box
        trace.domain = dict(x=[0, 1], y=[0, box / plot])
        fig.add_trace(trace)
        idx.append(len(fig.data) - 1)
        groups.append(idx)
        layouts.append(
            {
                "height": top + plot + MARGIN["b"],
                "yaxis.domain": [1 - bars / plot, 1],
                "updatemenus[0].y": 1 + (top - MENU_Y) / plot,  # the menu's place in px from the top, kept
            }
        )
    for i, label in zip(pos, names):
        fig.add_annotation(label_above(label, i - 0.26))
    fig.add_annotation(
        x=0,
        xref="paper",
        xanchor="left",
        y=1,
        yref="paper",
        yanchor="bottom",
        yshift=shift,
        text=heading(ALL),
        showarrow=False,
        align="left",
        font=dict(size=13),
    )
    head = len(fig.layout.annotations) - 1
    buttons = []
    for (sid, name), idx, layout in zip(options, groups, layouts):
        visible = [i in idx for i in range(len(fig.data))]
        layout = {**layout, f"annotations[{head}].text": heading(sid)}
        buttons.append(dict(label=escape(name), method="update", args=[{"visible": visible}, layout]))
    first = layouts[0]
    fig.update_layout(
        barmode="stack",
        height=first["height"],
        template=TEMPLATE,
        showlegend=True,
        legend=dict(orientation="h", y=1.0, yanchor="bottom", x=0, xanchor="left", title=None, traceorder="normal"),
        margin=dict(**MARGIN, t=top),
        updatemenus=[
            dict(
                buttons=buttons,
                direction="down",
                x=0,
                xanchor="left",
                yanchor="top",
                y=first["updatemenus[0].y"],
                showactive=True,
                active=0,
                bgcolor=PAPER,
                bordercolor="#999999",
                font=dict(color=INK, size=13),
                pad=dict(t=0, b=0),
            )
        ],
    )
    fig.update_xaxes(title=_("Figures (count)"), row=1, col=1, rangemode="tozero")
    fig.update_yaxes(
        domain=first["yaxis.domain"],
        range=[len(pos) - 0.6, -0.8],
        showticklabels=False,
        showgrid=False,
        zeroline=False,
        row=1,
        col=1,
    )
    ind = load().indicators
    top = ind.theme.value_counts()
    title = _(
        "{n} figures from {sources} sources; {theme} has the most ({top})",
        n=len(ind),
        sources=ind.source_id.nunique(),
        theme=th.loc[top.index[0], label_col()].lower(),
        top=top.iloc[0],
    )
    per_source = _("; ").join(_("{source}: {n}", source=labels[s], n=r.total) for s, r in source_summary().iterrows())
    return Chart(
        fig,
        "ch10-explorer",
        sources=list(labels),
        title=title,
        subtitle=_(
            "Choose a source in the menu to see its figures by theme and kind, and list them below; "
            "click a kind in the legend to hide or show it."
        ),
        alt=_(
            "Interactive bar chart of the {n} figures of the dataset by theme and kind, with a menu "
            "to pick one source and a table listing that source's figures: {counts}.",
            n=len(ind),
            counts=per_source,
        ),
    )


# ---------------------------------------------------------------- live (JupyterLab)


def live_panel():
    """An ipywidgets panel: source and theme dropdowns and kind checkboxes drive a chart and a table.

    Display it in JupyterLab (`live_panel()` as the last line of a cell). The book never shows it.
    """
    import ipywidgets as w

    labels = source_labels()
    th = themes()
    kinds = kind_names()
    source = w.Dropdown(
        options=[(_("All sources"), ALL)] + [(v, k) for k, v in labels.items()], value=ALL, description=_("Source")
    )
    theme = w.Dropdown(
        options=[(_("All themes"), ALL)] + [(th.loc[t, label_col()], t) for t in th.index],
        value=ALL,
        description=_("Theme"),
    )
    boxes = {
        k: w.Checkbox(value=True, description=kinds[k], indent=False, layout=w.Layout(width="auto")) for k in KINDS
    }
    y = [th.loc[t, label_col()] for t in th.index]
    chart = go.FigureWidget(
        data=[
            go.Bar(
                x=[0] * len(y),
                y=y,
                orientation="h",
                name=kinds[k],
                marker=dict(color=KIND_COLOURS[k], pattern_shape=KIND_PATTERNS[k]),
            )
            for k in KINDS
        ],
        layout=go.Layout(
            barmode="stack",
            template=TEMPLATE,
            height=440,
            margin=dict(l=8, r=16, t=40, b=40),
            xaxis=dict(title=_("Figures (count)")),
            yaxis=dict(autorange="reversed"),
            legend=dict(orientation="h", y=1.0, yanchor="bottom", x=0, traceorder="normal"),
        ),
    )
    table = w.HTML(layout=w.Layout(max_height="420px", overflow="auto"))
    status = w.HTML()

    def update(_=None):
        kinds = [k for k, b in boxes.items() if b.value]
        c = counts(source.value, theme.value, kinds)
        with chart.batch_update():
            for trace, kind in zip(chart.data, KINDS):
                trace.x = list(c[kind])
                trace.visible = kind in kinds
        df = figures(source.value, theme.value, kinds)
        status.value = n_("<b>{n}</b> figure matches.", "<b>{n}</b> figures match.", len(df))
        table.value = figure_table(df)._repr_html_()

    for control in [source, theme, *boxes.values()]:
        control.observe(update, names="value")
    update()
    panel = w.VBox([w.HBox([source, theme]), w.HBox(list(boxes.values())), status, chart, table])
    panel.controls = dict(source=source, theme=theme, kinds=boxes)  # for tests and for authors' scripts
    panel.chart, panel.table, panel.status, panel.refresh = chart, table, status, update
    return panel


def show_live_panel() -> None:
    """The live panel, only with a person at the notebook (see `interactive`): the book's build never
    creates a widget."""
    if interactive():
        from IPython.display import display

        display(live_panel())
