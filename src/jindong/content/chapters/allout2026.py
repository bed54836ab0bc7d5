"""Chapter 7 — 2026: Go all out. Departments' commitments after the "Go all out in 2026" meeting.

Everything here is a commitment (a target or a plan), not an outcome: the source is an undated
newspaper round-up (its headline, 大干2026, and its "first year of the 15th Five-Year Plan" point to 2026;
when it was published is not known), part 4 of a series whose other parts are not among the sources.
"""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from jindong.content.chapters.plans import theme_words
from jindong.content.charts import Chart
from jindong.content.charts.common import (
    CHART_ITEMS,
    cap,
    capped_sections,
    hover,
    in_money,
    label_above,
    layout,
    money,
    more_note,
    theme_style,
    wrap,
)
from jindong.content.charts.style import label_col, other_label_col
from jindong.content.edition import lang
from jindong.content.format import amount, in_words, target_text
from jindong.content.htmltable import HtmlTable, other_column
from jindong.content.i18n import _, n_
from jindong.content.markup import bold, escape, lines, markup
from jindong.content.vocabulary import (
    ALLOUT_2026,
    CORE_TASKS_2026,
    DEPARTMENTS_2026,
    facts,
    local,
    quote,
    statements,
    themes,
)
from jindong.dataset.data import load

SOURCE = ALLOUT_2026
CORE = CORE_TASKS_2026
DEPTS = DEPARTMENTS_2026


def _short_dept(label: str) -> str:
    """'District Health Bureau' -> 'Health Bureau': every department is a district one."""
    return re.sub(r"^District\s+", "", label)


def departments() -> pd.DataFrame:
    """The 11 departments of the round-up, in the newspaper's order.

    `short` is the name charts use: the English without 'District', or the Chinese as the source
    writes it (区卫健局)."""
    pri = load().priorities
    df = pri[(pri.framework == DEPTS) & (pri.parent_id == "")].sort_values("order").copy()
    df["short"] = list(df.label_zh) if lang() == "zh" else [_short_dept(label) for label in df.label_en]
    return df.reset_index(drop=True)


def commitments() -> pd.DataFrame:
    """Every headed commitment of every department, with its department's labels and order."""
    pri = load().priorities
    kids = pri[(pri.framework == DEPTS) & (pri.parent_id != "")]
    d = departments()[["id", "order", "label_en", "label_zh", "short", "theme"]].rename(
        columns={
            "id": "parent_id",
            "order": "dept_order",
            "label_en": "dept_en",
            "label_zh": "dept_zh",
            "short": "dept_short",
            "theme": "dept_theme",
        }
    )
    return kids.merge(d, on="parent_id").sort_values(["dept_order", "order"]).reset_index(drop=True)


def core_tasks() -> pd.DataFrame:
    """The core tasks in the source's order, each sub-item (the three lakes) under its parent."""
    pri = load().priorities
    df = pri[pri.framework == CORE].copy()
    top = df.set_index("id").order
    df["key"] = [(top[p], o) if p else (o, 0) for p, o in zip(df.parent_id, df.order)]
    return df.sort_values("key").drop(columns="key")


def targets() -> pd.DataFrame:
    """The numeric targets of the round-up, each with the department whose section holds it."""
    ds = load()
    ind = ds.indicators[ds.indicators.source_id == SOURCE]
    df = ind.merge(
        ds.sections[["indicator_id", "priority_id", "top_id"]], left_on="id", right_on="indicator_id", how="left"
    )
    d = departments().set_index("id")
    df["dept_short"] = [d.loc[t, "short"] for t in df.top_id]
    df["dept_zh"] = [d.loc[t, "label_zh"] for t in df.top_id]
    df["dept_order"] = [d.loc[t, "order"] for t in df.top_id]
    df["towards"] = df.qualifier == "->"  # 向95%迈进: an aim, not a level the text promises to reach
    df["shown"] = [
        in_words(r.value_text, r.unit, r.qualifier, r.quote) if r.towards else target_text(r) for r in df.itertuples()
    ]
    return df.sort_values(["dept_order", "id"]).reset_index(drop=True)


# ---------------------------------------------------------------- charts


def _full_width_legend(fig: go.Figure) -> None:
    """Let the legend start at the chart's left edge, not the plot's: on a phone the long category
    labels take half the width, and a legend confined to the rest shows one entry per line."""
    fig.update_layout(legend=dict(xref="container", yref="container", x=0, y=1, xanchor="left", yanchor="top"))


def commitments_by_department() -> Chart:
    """How many headed commitments each department makes, coloured by the theme of each."""
    th = themes()
    df = commitments()
    names = {r.id: wrap(r.short, 20) for r in departments().itertuples()}
    counts = df.groupby(["parent_id", "theme"]).size().rename("n").reset_index()
    listing = df.groupby(["parent_id", "theme"]).apply(
        lambda g: lines("· " + label for label in g[label_col()]), include_groups=False
    )
    fig = go.Figure()
    for theme, part in counts.groupby("theme"):
        fig.add_trace(
            go.Bar(
                y=[names[p] for p in part.parent_id],
                x=part.n,
                orientation="h",
                **theme_style(theme),
                hovertext=[
                    markup(
                        _("<b>{department}</b><br>{theme} ({other}): {n}<br>{items}"),
                        department=names[p],
                        theme=th.loc[theme, label_col()],
                        other=th.loc[theme, other_label_col()],
                        n=n,
                        items=listing[(p, theme)],
                    )
                    for p, n in zip(part.parent_id, part.n)
                ],
                hoverinfo="text",
            )
        )
    fig.update_layout(barmode="stack", yaxis=dict(categoryorder="array", categoryarray=list(reversed(names.values()))))
    totals = df.groupby("parent_id").size()
    fig.update_xaxes(title=_("Commitments (count)"), dtick=1, range=[0, totals.max() + 0.3])
    layout(fig, height=290 + 56 * len(names))  # room for a legend of one entry per line on a phone
    _full_width_legend(fig)
    top = departments().set_index("id").loc[totals.idxmax()]
    n_themes = df.theme.nunique()
    return Chart(
        fig,
        "ch7-commitments",
        sources=[SOURCE],
        title=_(
            "{n_departments} departments make {n_commitments} commitments across {n_themes} themes; "
            "the {top} sets out the most ({most})",
            n_departments=len(names),
            n_commitments=len(df),
            n_themes=n_themes,
            top=top.short,
            most=totals.max(),
        ),
        subtitle=_(
            "Headed points of each department's response to the 'Go all out in 2026' meeting, "
            "coloured by the theme of each point. These are pledges for 2026, not results."
        ),
        alt=_(
            "Stacked bar chart of the number of commitments each of the 11 departments makes, by theme: {counts}.",
            counts=_("; ").join(
                _("{department} {n}", department=r.short, n=totals[r.id]) for r in departments().itertuples()
            ),
        ),
    )


def targets_by_department() -> Chart:
    """The five numeric targets, one panel per unit, with each qualifier written on its bar.

    Each bar's label (department: target) sits above it across the full width, so the bars keep
    their length on a phone instead of sharing it with a long label.
    """
    every = targets()
    df, left_out = cap(every, CHART_ITEMS)  # in the round-up's order (department, then id)
    df = df.copy()
    df["ylab"] = [f"t{i}" for i in range(len(df))]
    df["head"] = [lines([bold(wrap(d, 44)), wrap(label, 44)]) for d, label in zip(df.dept_short, df[label_col()])]
    n_lines = max(h.count("<br>") + 1 for h in df["head"])
    groups = [("%", _("Per cent")), ("亿元", money().unit), ("条", _("Industry chains (count)"))]
    groups = [(u, t) for u, t in groups if (df.unit == u).any()] + [
        (u, u) for u in df.unit.unique() if u not in {g[0] for g in groups}
    ]
    rows = [df[df.unit == u] for u, _ in groups]
    per_bar = 44 + 17 * n_lines  # px: a bar and the lines of its label
    heights = [per_bar * len(r) + 30 for r in rows]
    fig = make_subplots(rows=len(groups), cols=1, row_heights=heights, vertical_spacing=60 / sum(heights))
    seen, heads = set(), []
    for i, ((unit, axis), part) in enumerate(zip(groups, rows), start=1):
        x = in_money(part) if unit == "亿元" else part.value * part.factor
        part = part.assign(x=x)
        for theme, sub in part.groupby("theme", sort=False):
            fig.add_trace(
                go.Bar(
                    x=sub.x,
                    y=sub.ylab,
                    orientation="h",
                    **theme_style(theme),
                    showlegend=theme not in seen,
                    width=26 / per_bar,
                    marker_pattern_shape=["." if t else "" for t in sub.towards],
                    text=[bold(s) for s in sub.shown],
                    textposition="outside",
                    cliponaxis=False,
                    hovertext=hover(sub),
                    hoverinfo="text",
                ),
                row=i,
                col=1,
            )
            seen.add(theme)
        axes = fig.get_subplot(i, 1)
        xref, yref = (a.plotly_name.replace("axis", "") for a in (axes.xaxis, axes.yaxis))
        heads += [label_above(r.head, r.ylab, xref=xref, yref=yref, yshift=16) for r in part.itertuples()]
        end = 100 if unit == "%" else float(x.max())
        fig.update_xaxes(title_text=axis, range=[0, end * 1.38], tickvals=_ticks(end), showgrid=False, row=i, col=1)
        fig.update_yaxes(
            showticklabels=False,
            categoryorder="array",
            categoryarray=list(part.ylab[::-1]),
            range=[-0.4, len(part) - 0.1],
            row=i,
            col=1,
        )
    fig.update_layout(barmode="overlay", annotations=heads)  # at once: adding one by one copies the layout each time
    layout(fig, height=sum(heights) + 60 * len(groups) + 60)
    _full_width_legend(fig)
    amounts = every[every.unit.isin(["亿元", "万元"])]
    # the largest amount, and the title says whether it is the only one
    money_row = amounts.loc[(amounts.value * amounts.factor).idxmax()]
    what = money_row[label_col()]
    n_dept = every.top_id.nunique()
    words = dict(
        n_with=n_dept,
        n_departments=len(departments()),
        n_targets=len(every),
        amount=money_row.shown,
        what=what[0].lower() + what[1:],
    )
    return Chart(
        fig,
        "ch7-targets",
        sources=[SOURCE],
        title=_(
            "Only {n_with} of {n_departments} departments put numbers on their pledges: "
            "{n_targets} targets for 2026, the only amount {amount} ({what})",
            **words,
        )
        if len(amounts) == 1
        else _(
            "Only {n_with} of {n_departments} departments put numbers on their pledges: "
            "{n_targets} targets for 2026, the largest amount {amount} ({what})",
            **words,
        ),
        subtitle=_(
            "Every numeric target in the round-up, by department, one panel per unit. '≥' means "
            "'at least'; 'towards' (dotted) marks a level the department will move towards (向…迈进), "
            "not one it promises to reach. Targets, not outcomes."
        )
        + more_note(len(df), left_out, _("targets")),
        alt=_(
            "Bar chart of the round-up's numeric targets: {targets}.",
            targets=_("; ").join(
                _("{department}: {label} {target}", department=d, label=label, target=s)
                for d, label, s in zip(df.dept_short, df[label_col()], df.shown)
            ),
        ),
    )


def _ticks(end: float) -> list[float]:
    """Round ticks from zero up to `end` (the axis runs on, to leave room for the bar's text)."""
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50) if end / s <= 5)
    n = int(end // step)
    return [k * step for k in range(n + 1)]


def themes_across_departments() -> Chart:
    """For each theme, how many departments make at least one commitment in it."""
    th = themes()
    df = commitments()
    n_dept = len(departments())
    by = (
        df.groupby("theme")
        .agg(depts=("parent_id", "nunique"), n=("id", "size"), names=("dept_short", lambda s: list(dict.fromkeys(s))))
        .reset_index()
    )
    by["order"] = by.theme.map(lambda t: list(th.index).index(t))
    by = by.sort_values(["depts", "n", "order"], ascending=[True, True, False])
    by["ylab"] = [
        markup(
            "{}<br><span style='font-size:11px'>{}</span>",
            wrap(th.loc[t, label_col()], 20),
            n_("{n} commitment", "{n} commitments", n),
        )
        for t, n in zip(by.theme, by.n)
    ]
    fig = go.Figure()
    for r in by.itertuples():
        fig.add_trace(
            go.Bar(
                x=[r.depts],
                y=[r.ylab],
                orientation="h",
                **theme_style(r.theme),
                showlegend=False,
                text=[_("{n} of {total}", n=r.depts, total=n_dept)],
                textposition="outside",
                cliponaxis=False,
                hovertext=[
                    markup(
                        _(
                            "<b>{theme}</b> ({other})<br>{n_departments} departments, {n_commitments} commitments:<br>{names}"
                        ),
                        theme=th.loc[r.theme, label_col()],
                        other=th.loc[r.theme, other_label_col()],
                        n_departments=r.depts,
                        n_commitments=r.n,
                        names=lines("· " + n for n in r.names),
                    )
                ],
                hoverinfo="text",
            )
        )
    fig.update_layout(barmode="overlay", yaxis=dict(categoryorder="array", categoryarray=list(by.ylab)))
    fig.update_xaxes(
        title=_("Departments (of {n})", n=n_dept),
        range=[0, n_dept + 0.5],
        tickangle=0,
        tickvals=list(range(0, n_dept + 1, 2 if n_dept > 6 else 1)),
    )
    layout(fig, height=160 + 52 * len(by), legend=False)
    best = by[by.depts == by.depts.max()]
    lead = theme_words(best.theme[::-1])
    own = df[df.theme == df.dept_theme].shape[0]
    return Chart(
        fig,
        "ch7-themes",
        sources=[SOURCE],
        title=n_(
            "{themes} reaches the most departments: {most} of {total}",
            "{themes} each reach the most departments: {most} of {total}",
            len(best),
            themes=lead,
            most=best.depts.max(),
            total=n_dept,
        ),
        subtitle=_(
            "For each theme, the departments with at least one commitment in it (bars) and the number "
            "of commitments (under each label). Of the {n} commitments, {own} of them share their "
            "department's own theme; the rest reach beyond it, such as pledges on conduct and discipline.",
            n=len(df),
            own=own,
        ),
        alt=_(
            "Bar chart of how many of the 11 departments make at least one commitment in each theme: {counts}.",
            counts=_("; ").join(
                _("{theme} {n}", theme=th.loc[r.theme, label_col()], n=r.depts) for r in by[::-1].itertuples()
            ),
        ),
    )


# ---------------------------------------------------------------- tables and prose helpers


def core_tasks_table() -> HtmlTable:
    df = core_tasks()
    parents = df.set_index("id")
    main, other, group = label_col(), other_label_col(), local("group_en")
    return HtmlTable(
        pd.DataFrame(
            {
                _("Core task"): [("— " if p else "") + label for p, label in zip(df.parent_id, df[main])],
                **other_column(df[other].values),
                _("Part of"): [parents.loc[p, main] if p else r for p, r in zip(df.parent_id, df[group])],
            }
        )
    )


def commitments_table(order: int) -> HtmlTable:
    """One department's commitments, with any numeric target it attaches."""
    d = departments().set_index("order").loc[order]
    df = commitments()
    df = df[df.parent_id == d.id]
    t = targets()
    th = themes()
    per = {
        p: _("; ").join(_("{label}: {target}", label=label, target=s) for label, s in zip(g[label_col()], g.shown))
        for p, g in t.groupby("priority_id")
    }
    return HtmlTable(
        pd.DataFrame(
            {
                _("Commitment"): df[label_col()].values,
                **other_column(df[other_label_col()].values),
                _("Theme"): [th.loc[x, label_col()] for x in df.theme],
                _("Numeric target"): [per.get(i, "—") for i in df.id],
            }
        )
    )


def department_heading(order: int) -> str:
    d = departments().set_index("order").loc[order]
    name = d.label_zh if lang() == "zh" else f"{d.short} ({d.label_zh})"  # the source's name, in Chinese alone
    return escape(name)  # Markdown: data are text, never HTML


def counts() -> dict[str, str]:
    """Counts for prose, computed from the data."""
    c, t = commitments(), targets()
    every = themes()
    per_dept = c.groupby("parent_id").size()
    reach = c.groupby("theme").parent_id.nunique()
    top = [x for x in every.index if reach.get(x, 0) == reach.max()]
    return {
        "min_per_department": str(per_dept.min()),
        "max_per_department": str(per_dept.max()),
        "n_all_themes": str(len(every)),
        "top_themes": theme_words(top),
        "top_themes_reach": str(reach.max()),
        "n_departments": str(len(departments())),
        "n_commitments": str(len(c)),
        "n_targets": str(len(t)),
        "n_target_departments": str(t.top_id.nunique()),
        "n_no_target_departments": str(len(departments()) - t.top_id.nunique()),
        "n_themes": str(c.theme.nunique()),
    }


def money_target_billion() -> str:
    r = targets().query("unit == '亿元'").iloc[0]
    return amount(r.value_text, r.unit)


def department_sections() -> list[tuple[str, HtmlTable]]:
    """Each department of the round-up: its heading and the table of its commitments."""
    return capped_sections(
        [(f"### {department_heading(order)}", commitments_table(order)) for order in departments().order],
        _("departments"),
    )


FACTS = {
    "ch7_chains": "jd_allout_2026-a001",
    "ch7_clinics": "jd_allout_2026-a002",
    "ch7_lakes_order": "jd_allout_2026-a003",
    "ch7_inspections": "jd_allout_2026-a004",
    "ch7_tourism_inv": "jd_allout_2026-a005",
}
KEY_FIGURES = [
    "jd_allout_2026-a001",
    "jd_allout_2026-a002",
    "jd_allout_2026-a003",
    "jd_allout_2026-a004",
    "jd_allout_2026-a005",
]


def prose() -> dict[str, str]:
    """Every number and phrase the chapter's prose shows, by name (the notebook glues them)."""
    return {
        **facts(FACTS),
        **{f"ch7_{name}": text for name, text in counts().items()},
        **statements(
            {
                "ch7_first_year": "jd_allout_2026-s01",
                "ch7_achievement": "jd_allout_2026-s02",
                "ch7_motto": "jd_allout_2026-s03",
            }
        ),
        "ch7_clinics_zh": quote("indicators", "jd_allout_2026-a002"),
    }
