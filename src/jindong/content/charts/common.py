"""What every chart shares: a source line, phone-friendly layout, hover text in both languages."""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go

from jindong.content.charts import style
from jindong.content.documents import source_date
from jindong.content.edition import lang
from jindong.content.format import target_text
from jindong.content.i18n import _, n_
from jindong.content.markup import Markup, bold, escape, lines, quoted, wrapped
from jindong.content.vocabulary import kind_name
from jindong.dataset.data import load


def source_line(source_ids) -> str:
    """'Source: <document> (<date>)' for each source, secondary ones flagged."""
    src = load().sources.set_index("source_id")
    parts = []
    for sid in dict.fromkeys(source_ids):
        r = src.loc[sid]
        date = source_date(r)
        title = r.title_zh if lang() == "zh" else r.title_en
        flag = _("secondary copy") if r.reliability == "secondary" else ""
        parts.append(
            _("{title} ({date}) — {flag}", title=title, date=date, flag=flag)
            if flag
            else _("{title} ({date})", title=title, date=date)
        )
    return n_("Source: {sources}.", "Sources: {sources}.", len(parts), sources=_("; ").join(parts))


class Money(NamedTuple):
    """How the charts plot money: yuan in one unit of the money axis, and that unit's name."""

    per: int
    unit: str


def money() -> Money:
    """Every chart's money axis, chosen once: ¥ billion in English; in Chinese 亿元, as the sources
    write them (a Chinese reader compares 320.88 with the report, not 32.088 with nothing)."""
    return Money(10**8, "亿元") if lang() == "zh" else Money(10**9, _("¥ billion"))


def in_money(df: pd.DataFrame) -> pd.Series:
    """A table's amounts (value × factor, in yuan) in the money axis's unit."""
    return df.value * df.factor / money().per


def money_amount(value_text: str, unit: str) -> float:
    """One amount as written ("217.3", "亿元") in the money axis's unit, converted exactly (Decimal), so a
    derived figure shows no float dust."""
    factor = load().units.set_index("unit").loc[unit, "factor"]
    return float(Decimal(str(value_text)) * Decimal(str(factor)) / Decimal(money().per))


def wrap(label: str, width: int = 26) -> Markup:
    """Break a long category label over lines so the plot keeps its width on a phone."""
    return wrapped(label, width, break_long_words=False)


def label_above(
    text: str, y, *, xref: str = "x", yref: str = "y", yshift: int = 0, size: int | None = 12, color=None
) -> dict:
    """An annotation writing a row's label above its bar, left-aligned at the plot's left edge: the bar
    keeps the whole width of a phone screen instead of sharing it with a tick label beside it."""
    return dict(
        x=0,
        xref=xref,
        xanchor="left",
        y=y,
        yref=yref,
        yanchor="bottom",
        yshift=yshift,
        text=text,
        showarrow=False,
        align="left",
        font=dict(size=size, color=color),
    )


def totals_beside(y, totals) -> go.Scatter:
    """The total written just past the end of each stacked bar: a bar of a handful stays readable."""
    return go.Scatter(
        y=list(y),
        x=list(totals),
        mode="text",
        text=[f" {n}" for n in totals],
        textposition="middle right",
        cliponaxis=False,
        showlegend=False,
        hoverinfo="skip",
    )


def layout(fig: go.Figure, *, height: int = 420, legend: bool = True) -> go.Figure:
    fig.update_layout(
        height=height, showlegend=legend, template=style.TEMPLATE, margin=dict(l=8, r=24, t=40 if legend else 10, b=50)
    )
    return fig


def hover(df: pd.DataFrame) -> pd.Series:
    """Hover text for figures: both labels, the value as written, kind, period and the quote.

    Labels and quotes are escaped: the data are shown as text, never interpreted as HTML.
    """
    main, other = style.label_col(), style.other_label_col()
    both = style.bilingual()
    # English hover keeps the dataset's code (actual, target…); Chinese names it (实绩, 目标…)
    kind = (lambda k: k) if lang() == "en" else kind_name

    def one(r) -> Markup:
        return lines(
            [
                bold(r[main]),
                r[other] if both else None,
                " · ".join([target_text(r), kind(r["kind"]), str(r["period"])]),
                quoted(wrapped(r["quote"], 24)),
            ]
        )

    return df.apply(one, axis=1)


def theme_style(theme: str) -> dict:
    """Trace settings for one theme: its name, colour and legend position (as in themes.csv)."""
    label = load().themes.set_index("theme").loc[theme, style.label_col()]
    return dict(
        name=escape(label),
        marker_color=style.THEME_COLOURS[theme],
        legendrank=style.THEME_ORDER[theme],
        legendgroup=theme,
    )


def kind_style(kind: str) -> dict:
    """Trace settings for one kind of figure (actual, estimate, target, context)."""
    return dict(name=kind_name(kind, capital=True), marker_color=style.KIND_COLOURS[kind], legendgroup=kind)


# A chart or table shows items, not rows: at 100× the data a page must stay about as light and as
# readable (issue 6). Charts drawing one mark per figure and tables listing figures show at most these
# many, most telling first, and say how many more the downloads hold. The real data stay under both.
CHART_ITEMS = 24
TABLE_ROWS = 40
SECTIONS = 12  # sub-sections of a chapter listed one after another (report cards, departments)


def cap(df: pd.DataFrame, limit: int) -> tuple[pd.DataFrame, int]:
    """The first `limit` rows of df (order it first: most telling on top) and how many were left out."""
    return df.head(limit), max(0, len(df) - limit)


def more_note(shown: int, left_out: int, noun: str | None = None) -> str:
    """' Showing 24 of 800 figures; all are in the downloads (Data and methods).' or '' when none was left out."""
    if not left_out:
        return ""
    noun = noun or _("figures")
    return _(
        " Showing {shown} of {total} {noun}; all are in the downloads (Data and methods).",
        shown=shown,
        total=f"{shown + left_out:,}",
        noun=noun,
    )


def capped_rows(df: pd.DataFrame, limit: int = TABLE_ROWS, noun: str | None = None) -> pd.DataFrame:
    """A table's rows, at most `limit`, then one row that says how many more the downloads hold."""
    shown, left_out = cap(df, limit)
    if not left_out:
        return df
    noun = noun or _("figures")
    last = {c: "" for c in df.columns}
    last[df.columns[0]] = _("… and {n} more {noun}: see the downloads (Data and methods)", n=f"{left_out:,}", noun=noun)
    return pd.concat([shown, pd.DataFrame([last])], ignore_index=True)


def capped_sections(sections: list, noun: str) -> list:
    """At most SECTIONS (heading, table) pairs, then a line that says how many more the downloads hold."""
    left_out = len(sections) - SECTIONS
    if left_out <= 0:
        return sections
    more = _("… and {n} more {noun}: see the downloads (Data and methods).", n=f"{left_out:,}", noun=noun)
    return [*sections[:SECTIONS], (more, None)]
