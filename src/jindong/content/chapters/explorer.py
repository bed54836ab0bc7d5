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
from jindong.content.markup import bold, escape
from jindong.content.vocabulary import KINDS, kind_name, themes
from jindong.dataset.data import load

ALL = "all"
KIND_PATTERNS = {"actual": "", "estimate": "/", "target": "", "context": "."}
# The table lists a source's figures, at most this many (the largest source has 198): the menu's
# tables are all in the page, so more would make the page grow with the data (issue 6).
TABLE_ROWS = 200
HEIGHT, TOP = 1040, 120  # static explorer: figure height and top margin, px
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


def _table_trace(header: list[str], columns: list[list], widths: list[float], visible: bool) -> go.Table:
    return go.Table(
        header=dict(
            values=[bold(h) for h in header],
            fill_color="#eef3f8",
            align="left",
            font=dict(color=INK, size=12),
            line_color=RULE,
        ),
        cells=dict(
            values=columns, fill_color=PAPER, align="left", font=dict(color=INK, size=11), line_color=RULE, height=22
        ),
        columnwidth=widths,
        visible=visible,
    )


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
    """'108 outcomes, 74 targets, 15 context, 1 estimate' — the kinds of a source's figures, largest first."""
    parts = sorted(((row[k], k) for k in KINDS if row[k]), reverse=True)
    return _(", ").join(_kind_count(k, int(v)) for v, k in parts)


def static_explorer() -> Chart:
    """Figures by theme and kind for one source at a time (a dropdown), with a table of that source's figures.

    Traces: for each menu option, one bar per kind (counts by theme) and one table; the menu switches
    which are visible. Clicking a kind in the legend hides or shows it. Theme names stand above their
    bars (not as tick labels), so the bars and the table keep the full width on a phone.
    """
    labels = source_labels()
    th = themes()
    kinds = kind_names()
    options = [(ALL, _("All sources"))] + list(labels.items())
    names = [escape(th.loc[t, label_col()]) for t in th.index]
    other = [escape(th.loc[t, other_label_col()]) for t in th.index]
    pos = list(range(len(th)))
    fig = make_subplots(
        rows=2, cols=1, specs=[[{"type": "xy"}], [{"type": "table"}]], row_heights=[0.6, 0.4], vertical_spacing=0.06
    )
    groups = []  # trace indices per option
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
        if sid == ALL:
            s = source_summary()
            header = [_("Source"), _("Figures"), _("Of which")]
            columns = [
                [escape(labels[i]) for i in s.index],
                list(s.total),
                [_kinds_text(r) for _, r in s.iterrows()],
            ]
            widths = [2, 1.15, 2.9]
        else:
            rows, left_out = cap(figure_rows(figures(sid)), TABLE_ROWS)
            header = [_("Figure"), _("Value"), _("Kind, year")]
            columns = [
                [escape(x) for x in rows[_("Figure")]],
                [escape(x) for x in rows[_("Value")]],
                [_("{kind}, {year}", kind=k, year=y) for k, y in zip(rows[_("Kind")], rows[_("Year")])],
            ]
            if left_out:
                more = _("… and {n} more: see the downloads", n=f"{left_out:,}")
                columns = [c + [m] for c, m in zip(columns, [more, "", ""])]
            widths = [3.2, 1.4, 1.4]
        fig.add_trace(_table_trace(header, columns, widths, n == 0), row=2, col=1)
        idx.append(len(fig.data) - 1)
        groups.append(idx)
    for i, label in zip(pos, names):
        fig.add_annotation(label_above(label, i - 0.26))
    buttons = []
    for (_sid, name), idx in zip(options, groups):
        visible = [i in idx for i in range(len(fig.data))]
        buttons.append(dict(label=escape(name), method="update", args=[{"visible": visible}]))
    fig.update_layout(
        barmode="stack",
        height=HEIGHT,
        template=TEMPLATE,
        showlegend=True,
        legend=dict(orientation="h", y=1.0, yanchor="bottom", x=0, xanchor="left", title=None, traceorder="normal"),
        # From the top: a free band for Plotly's mode bar (it would cover the menu on a phone), the menu, the legend.
        margin=dict(l=8, r=16, t=TOP, b=10),
        updatemenus=[
            dict(
                buttons=buttons,
                direction="down",
                x=0,
                xanchor="left",
                yanchor="top",
                y=1 + (TOP - 38) / (HEIGHT - TOP - 10),
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
    fig.update_yaxes(range=[len(pos) - 0.6, -0.8], showticklabels=False, showgrid=False, zeroline=False, row=1, col=1)
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
