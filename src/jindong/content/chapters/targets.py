"""Chapter 3 — the 2023 targets: what the 2023 work report set out to achieve, and from where.

Part 2 of the 2023 government work report sets two headline targets, then hands out eight
"high-quality report cards" (八张“高质量报表”), each with quantified targets. Everything here is read
from the dataset; the few derived numbers (an implied growth rate, an implied level) are computed
below and named as derived wherever they are shown.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from jindong.content.charts import Chart
from jindong.content.charts.common import (
    CHART_ITEMS,
    cap,
    capped_rows,
    capped_sections,
    hover,
    label_above,
    layout,
    money,
    money_amount,
    more_note,
    theme_style,
    totals_beside,
    wrap,
)
from jindong.content.charts.style import KIND_COLOURS, OKABE_ITO, label_col
from jindong.content.edition import lang
from jindong.content.format import amount, compact, in_words, round_derived, target_text
from jindong.content.htmltable import HtmlTable
from jindong.content.i18n import _, n_
from jindong.content.markup import escape, markup
from jindong.content.vocabulary import (
    REPORT_2023,
    REPORT_CARDS,
    facts,
    firmness_counts,
    join_words,
    kind_name,
    quote,
    statements,
)
from jindong.dataset.data import load

SOURCE = REPORT_2023
CARDS = REPORT_CARDS
HEADLINE = "headline"  # the `card` of the targets set before card 1


# The manufacturing projects to attract, by size: (threshold row's metric, count row's metric).
TIERS = [
    ("manufacturing_projects_tier1_threshold", "new_manufacturing_projects_over_10bn"),
    ("manufacturing_projects_tier2_threshold", "new_manufacturing_projects_over_5bn"),
    ("manufacturing_projects_tier3_threshold", "new_manufacturing_projects_over_1bn"),
]

# Targets set below their 2022 result because the number left to reach full coverage is smaller, by metric:
# the statement in which the report says so (建成健康鄉鎮2個，實現全覆蓋).
COMPLETES_COVERAGE = {"healthy_towns_built": "jd_gwr_2023-s04"}

BELOW_COLOUR = OKABE_ITO[5]  # vermilion: a target set below the 2022 result
ABOVE_COLOUR = KIND_COLOURS["context"]  # neutral grey: a target above it


def _lc(label: str) -> str:
    """A label inside a sentence: first letter lower-case, unless it starts an acronym (GDP, R&D)."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def _text(r) -> str:
    return target_text(r)


def _both(en: str, zh: str) -> str:
    """A name in the English edition with the source's Chinese beside it, 'X (中文)'; the Chinese alone in
    the Chinese edition."""
    return zh if lang() == "zh" else f"{en} ({zh})"


def cards() -> pd.DataFrame:
    """The eight report cards (top level of the framework), in the report's order."""
    pri = load().priorities
    return pri[(pri.framework == CARDS) & (pri.parent_id == "")].sort_values("order")


def plan_2023() -> pd.DataFrame:
    """Every figure of Part 2 of the report (period 2023 or a span from 2023), with its report card.

    `card` is the report card's id, or "headline" for the figures set before card 1.
    """
    ds = load()
    ind = ds.indicators
    ind = ind[(ind.source_id == SOURCE) & ind.period.str.startswith("2023")]
    sec = ds.sections.set_index("indicator_id")
    df = ind.copy()
    df["priority_id"] = [sec.priority_id.get(i, "") for i in df.id]
    parents = ds.priorities.set_index("id").parent_id
    df["card"] = [(parents.get(p) or p) if p else HEADLINE for p in df.priority_id]
    order = {HEADLINE: 0, **dict(zip(cards().id, cards().order))}
    df["card_order"] = df.card.map(order)
    return df.sort_values(["card_order", "id"], kind="stable").reset_index(drop=True)


def targets_2023() -> pd.DataFrame:
    """The quantified targets of Part 2 (kind `target`; context rows such as thresholds left out).

    This is the book's one count of "the 2023 targets", in chapter 3 and chapter 4 alike. It includes
    the few targets set in Part 2 for a span starting in 2023 (確保3年投入30億元), which
    `target_count_text` names wherever the count is stated.
    """
    df = plan_2023()
    return df[df.kind == "target"].reset_index(drop=True)


def target_count_text() -> str:
    """How many quantified targets the 2023 plan sets, and how many of them reach beyond 2023, with their quotes.

    Chapters state the count only through this, so chapter 3 and chapter 4 cannot disagree.
    """
    t = targets_2023()
    span = t[t.period != "2023"]
    text = _("{n} quantified targets", n=len(t))
    if len(span):
        which = _("; ").join(
            _(
                "{label}, 「{quote}」, for {period}",
                label=_lc(r[label_col()]),
                quote=r.quote,
                period=r.period.replace("-", "—" if lang() == "zh" else "–"),  # 2023—2025年; 2023–2025
            )
            for _i, r in span.iterrows()
        )
        text += n_(
            " — {k} for 2023 itself and one that reaches further ({which})",
            " — {k} for 2023 itself and {n} that reach further ({which})",
            len(span),
            k=len(t) - len(span),
            which=which,
        )
    return text


def headline_targets() -> pd.DataFrame:
    """The targets the report sets before its eight report cards (2023年指标任务)."""
    df = targets_2023()
    return df[df.card == HEADLINE].reset_index(drop=True)


def baselines() -> pd.DataFrame:
    """Each 2023 target whose metric the same report also gives as a 2022 result, side by side.

    Columns: the target's columns, plus `base_*` for the 2022 row, and `direction` (above/below/equal).
    """
    ind = load().indicators
    base = ind[(ind.source_id == SOURCE) & (ind.period == "2022") & ind.kind.isin(["actual", "estimate"])]
    t = targets_2023()
    t = t[t.period == "2023"]
    df = t.merge(base.add_prefix("base_"), left_on="metric", right_on="base_metric", how="inner")
    df = df[df.unit == df.base_unit]  # only like with like
    df["scaled"] = df.value * df.factor
    df["base_scaled"] = df.base_value * df.base_factor
    df["direction"] = ["above" if a > b else "below" if a < b else "equal" for a, b in zip(df.scaled, df.base_scaled)]
    return df.reset_index(drop=True)


def _exact(x: Decimal) -> str:
    """A derived number in a formula: three decimals at most, and no trailing zeros (282.49, 28.854)."""
    return format(Decimal(round_derived(x, 3)).normalize(), "f")


def investment() -> dict:
    """The 2023 investment targets against the 2022 level, and what each implies (derived).

    - `implied_growth`: growth on 2022 that the level target ("more than 280亿元") implies, in %;
    - `implied_level`: the 2023 level (亿元) that the growth target ("30% or more") implies.
    Both are derived here (never stored), as strings rounded to one decimal, and so is `agree`, the
    dataset's consistency rule `fai_2023_target_vs_2022`: the growth target's level is at least the
    level target and within 5% of it.
    """
    ind = load().indicators.set_index("id")
    rows = {}
    for key, (period, metric) in {
        "base": ("2022", "fixed_asset_investment"),
        "base_growth": ("2022", "fixed_asset_investment_growth"),
        "level": ("2023", "fixed_asset_investment"),
        "growth": ("2023", "fixed_asset_investment_growth"),
    }.items():
        hit = ind[(ind.source_id == SOURCE) & (ind.period == period) & (ind.metric == metric)]
        rows[key] = hit.iloc[0]
    base, level, growth = (Decimal(str(rows[k].value_text)) for k in ("base", "level", "growth"))
    implied_growth = (level / base - 1) * 100
    implied_level = base * (1 + growth / 100)
    agree = implied_level >= level and abs(implied_level - level) <= Decimal("0.05") * max(implied_level, level)
    # each implied figure is a bound of the same kind as the target it comes from: rounded inwards
    return {
        **rows,
        "implied_growth": round_derived(implied_growth, 1, rows["level"].qualifier),
        "implied_level": round_derived(implied_level, 1, rows["growth"].qualifier),
        "implied_growth_exact": implied_growth,
        "implied_level_exact": implied_level,
        "agree": bool(agree),
    }


def gdp() -> dict:
    """GDP growth: the 2022 result, the 2023 target, and the derived gap (percentage points) and ratio."""
    b = baselines().set_index("metric").loc["gdp_growth"]
    base, target = Decimal(str(b.base_value_text)), Decimal(str(b.value_text))
    return {
        "base": b.base_id,
        "target": b.id,
        "gap_pp": round_derived(target - base, 1),
        "ratio": format((target / base).normalize(), "f"),
    }


# ---------------------------------------------------------------- charts

LINE_PX = 16  # height of one line of a row label
BAR = 0.45  # bar thickness, in rows


def _rows(labels: list[str], *, width: int = 44) -> list[str]:
    """Row labels, escaped and wrapped for a phone (the plot keeps the full width: labels sit above)."""
    return [wrap(label, width) for label in labels]


def _row_px(labels: list[str]) -> int:
    """Pixel height of one row: the bar (or dumbbell) and its label above it."""
    lines = max(line.count("<br>") + 1 for line in labels)
    return 36 + LINE_PX * lines


def _label_rows(fig: go.Figure, labels: list[str], *, row: int | None = None, bold: list[bool] | None = None) -> None:
    """Write each row's label above its bar, left-aligned, instead of as a tick label beside it.

    Rows are numbered 0, 1, … from the top (the y axis is numeric and reversed).
    """
    n, px = len(labels), _row_px(labels)
    first = (labels[0].count("<br>") + 1) * LINE_PX + 6
    kw = {} if row is None else dict(row=row, col=1)
    fig.update_yaxes(
        range=[n - 1 + BAR / 2 + 0.15, -BAR / 2 - first / px],
        showticklabels=False,
        showgrid=False,
        zeroline=False,
        fixedrange=True,
        **kw,
    )
    suffix = "" if row in (None, 1) else str(row)
    for i, lab in enumerate(labels):
        text = f"<b>{lab}</b>" if bold and bold[i] else lab
        fig.add_annotation(label_above(text, i - BAR / 2, xref=f"x{suffix} domain", yref=f"y{suffix}", yshift=1))


def growth_targets() -> Chart:
    """Every growth-rate target of 2023, sorted; the two headline targets stand out."""
    df = targets_2023()
    df = df[df.metric.str.endswith("_growth") & (df.unit == "%")]
    df = df.sort_values(["value", "card_order"], ascending=[False, True]).reset_index(drop=True)
    df["pos"] = range(len(df))
    labels = _rows(list(df[label_col()]))
    head = df[df.card == HEADLINE].sort_values("id")  # in the report's order
    fig = go.Figure()
    for theme, part in df.groupby("theme", sort=False):
        fig.add_trace(
            go.Bar(
                x=part.value,
                y=part.pos,
                orientation="h",
                width=BAR,
                **theme_style(theme),
                marker_line=dict(color=["#333" if c == HEADLINE else "rgba(0,0,0,0)" for c in part.card], width=2),
                text=[_text(r) for r in part.itertuples()],
                textposition="outside",
                cliponaxis=False,
                hovertext=hover(part),
                hoverinfo="text",
            )
        )
    _label_rows(fig, labels, bold=list(df.card == HEADLINE))
    fig.update_layout(barmode="overlay")
    fig.update_xaxes(title=_("Target growth on 2022, % (at least)"), range=[0, df.value.max() * 1.18])
    layout(fig, height=150 + _row_px(labels) * len(df))
    fig.update_layout(margin=dict(t=70))
    words = join_words(_("{label} {value}", label=_lc(r[label_col()]), value=_text(r)) for _i, r in head.iterrows())
    return Chart(
        fig,
        "ch3-growth-targets",
        sources=[SOURCE],
        title=_(
            "The headline targets are {words}; the {n} growth targets range from {low} to {high}",
            words=words,
            n=len(df),
            low=_text(df.iloc[-1]),
            high=_text(df.iloc[0]),
        ),
        subtitle=_(
            "Every growth-rate target the 2023 work report sets, coloured by theme; the headline "
            "targets are in bold and outlined. '≥' means 'at least': each bar is a floor."
        ),
        alt=_(
            "Bar chart of {n} growth-rate targets for 2023: {items}.",
            n=len(df),
            items=_("; ").join(_("{label} {value}", label=r[label_col()], value=_text(r)) for _i, r in df.iterrows()),
        ),
    )


def _base_text(r) -> str:
    return compact(r.base_value_text, r.base_unit, r.base_qualifier, r.base_quote)


def _base_rows(df: pd.DataFrame) -> pd.DataFrame:
    """The 2022 side of `baselines()`, with the plain column names hover() expects."""
    return df[[c for c in df.columns if c.startswith("base_")]].rename(columns=lambda c: c[len("base_") :])


UNIT_GROUPS = ["%", "亿元", "count_large", "count_small"]


def _group_title(group: str) -> str:
    """The x-axis title of a panel of `target_vs_2022`."""
    return {"%": _("Growth rate, %"), "亿元": money().unit}.get(group) or _("Number")


SMALL_COUNT = 20  # counts below this go to their own panel, so 3 against 4 stays readable


def _group(r) -> str:
    if r.unit in ("%", "亿元"):
        return r.unit
    return "count_small" if max(r.scaled, r.base_scaled) < SMALL_COUNT else "count_large"


def _ticks(lo: float, hi: float) -> list[float]:
    """Round tick values from lo to hi (never below zero): steps of 1, 2 or 5 times a power of ten."""
    span = hi - lo
    step = next(m * 10**e for e in range(-2, 6) for m in (1, 2, 5) if span / (m * 10**e) <= 6)
    first = max(0.0, step * -(-lo // step))
    return [round(first + i * step, 6) for i in range(int((hi - first) // step) + 1)]


def _panels(sizes: list[int], px: int, *, gap: int = 70, top: int = 0) -> tuple[int, list[float], float]:
    """Height, row heights and spacing for stacked panels of `sizes` rows of `px` pixels each."""
    heights = [n * px + 20 for n in sizes]
    plot = sum(heights) + gap * (len(sizes) - 1)
    return plot + top + 60, heights, gap / plot


def target_vs_2022(example: str = "healthy_towns_built") -> Chart:
    """Dumbbells: each 2023 target against the 2022 result for the same metric, one panel per unit."""
    every = baselines()
    # Most telling first: targets set below their 2022 result, then the largest change either way.
    gap = (every.scaled / every.base_scaled.where(every.base_scaled != 0) - 1).abs().fillna(0)
    df, left_out = cap(
        every.assign(_below=every.direction != "below", _gap=-gap).sort_values(["_below", "_gap"], kind="stable"),
        CHART_ITEMS,
    )
    df = df.drop(columns=["_below", "_gap"]).copy()
    df["group"] = [_group(r) for r in df.itertuples()]
    groups = [(g, _group_title(g)) for g in UNIT_GROUPS if (df.group == g).any()]
    px = _row_px(_rows(list(df[label_col()])))
    height, heights, spacing = _panels([int((df.group == g).sum()) for g, _ in groups], px, top=90)
    fig = make_subplots(rows=len(groups), cols=1, row_heights=heights, vertical_spacing=spacing)
    shown = set()

    def first(key: str) -> bool:
        new = key not in shown
        shown.add(key)
        return new

    for row, (g, title) in enumerate(groups, start=1):
        part = df[df.group == g].sort_values("scaled", ascending=False)
        k = money().per if g == "亿元" else 1
        pos = list(range(len(part)))
        for below in (True, False):  # the arrows: one trace of segments per side, None between segments
            keep = [(r, y) for r, y in zip(part.itertuples(), pos) if (r.direction == "below") == below]
            if not keep:
                continue
            key = "below" if below else "above"
            fig.add_trace(
                go.Scatter(
                    x=[v for r, _ in keep for v in (r.base_scaled / k, r.scaled / k, None)],
                    y=[v for _, y in keep for v in (y, y, None)],
                    mode="lines",
                    line=dict(color=BELOW_COLOUR if below else ABOVE_COLOUR, width=5, dash="solid" if below else "dot"),
                    name=_("Target below the 2022 result") if below else _("Target above the 2022 result"),
                    legendgroup=key,
                    showlegend=first(key),
                    legendrank=3 if below else 4,
                    hoverinfo="skip",
                ),
                row=row,
                col=1,
            )
        up = list(part.scaled >= part.base_scaled)
        fig.add_trace(
            go.Scatter(
                x=part.base_scaled / k,
                y=pos,
                mode="markers+text",
                name=_("2022 result"),
                legendgroup="base",
                legendrank=1,
                showlegend=first("base"),
                marker=dict(color=KIND_COLOURS["actual"], size=12),
                text=[_base_text(r) for r in part.itertuples()],
                textposition=["middle left" if u else "middle right" for u in up],
                cliponaxis=False,
                hovertext=hover(_base_rows(part)),
                hoverinfo="text",
            ),
            row=row,
            col=1,
        )
        fig.add_trace(
            go.Scatter(
                x=part.scaled / k,
                y=pos,
                mode="markers+text",
                name=_("2023 target"),
                legendgroup="target",
                legendrank=2,
                showlegend=first("target"),
                marker=dict(
                    color=KIND_COLOURS["target"],
                    size=14,
                    line=dict(color="#333", width=1),
                    symbol=["triangle-right" if q in (">", ">=") else "diamond" for q in part.qualifier],
                ),
                text=[_text(r) for r in part.itertuples()],
                textposition=["middle right" if u else "middle left" for u in up],
                cliponaxis=False,
                hovertext=hover(part),
                hoverinfo="text",
            ),
            row=row,
            col=1,
        )
        _label_rows(fig, _rows(list(part[label_col()])), row=row)
        lo = min(part.base_scaled.min(), part.scaled.min()) / k
        hi = max(part.base_scaled.max(), part.scaled.max()) / k
        left = 0 if g != "亿元" else max(0.0, lo - (hi - lo) * 1.5)
        if g.startswith("count") and (part.unit == "家").all() and (part.base_unit == "家").all():
            title = _("Number of firms")
        span = hi - left
        fig.update_xaxes(
            range=[left - span * 0.25, hi + span * 0.45],
            row=row,
            col=1,
            title=title,
            title_standoff=2,
            zeroline=False,
            tickmode="array",
            tickvals=_ticks(left, hi * 1.4),
        )
    layout(fig, height=height)
    fig.update_layout(margin=dict(t=90))
    df = every
    below = df[df.direction == "below"]
    pick = below[below.metric == example]
    ex = pick.iloc[0] if len(pick) else below.iloc[0] if len(below) else None
    title = _("{below} of the {n} targets that have a 2022 result are set below it", below=len(below), n=len(df))
    if ex is not None and ex.metric in COMPLETES_COVERAGE:  # a lower number that finishes the job, as the report says
        title += _(
            ", among them {label}: {target} against {base} in 2022, which the report says completes coverage "
            "(「{quote}」)",
            label=_lc(ex[label_col()]),
            target=_text(ex),
            base=_base_text(ex),
            quote=quote("statements", COMPLETES_COVERAGE[ex.metric]),
        )
    elif ex is not None:
        title += _(
            ", among them {label}: {target} against {base} in 2022",
            label=_lc(ex[label_col()]),
            target=_text(ex),
            base=_base_text(ex),
        )
    return Chart(
        fig,
        "ch3-target-vs-2022",
        sources=[SOURCE],
        title=title,
        subtitle=_(
            "Each 2023 target (orange) against the 2022 result the same report gives for the same measure "
            "(blue), one panel per unit. A triangle marks a floor (≥ at least, > more than); a diamond an exact number."
        )
        + more_note(CHART_ITEMS, left_out, _("targets (those set below their 2022 result first)")),
        alt=_(
            "Dumbbell chart of {n} 2023 targets against their 2022 results: {items}.",
            n=len(df),
            items=_("; ").join(
                _("{label}: {base} in 2022, target {target}", label=r[label_col()], base=_base_text(r), target=_text(r))
                for _i, r in df.iterrows()
            ),
        ),
    )


def investment_check() -> Chart:
    """Bullet-style bars: 2022 investment, the two 2023 targets, and what each implies (derived)."""
    inv = investment()
    base, bg, level, growth = inv["base"], inv["base_growth"], inv["level"], inv["growth"]
    # derived bounds: no quote words them, so in Chinese the plain words (282.4亿元以上, 超过28.8%)
    lvl_text = compact(inv["implied_level"], level.unit, growth.qualifier)
    gr_text = compact(inv["implied_growth"], "%", level.qualifier)
    formula_level = escape(
        _(
            "Derived: {base} {unit} × (1 + {growth}%) = {result} {unit}",
            base=base.value_text,
            unit=base.unit,
            growth=growth.value_text,
            result=_exact(inv["implied_level_exact"]),
        )
    )
    formula_growth = escape(
        _(
            "Derived: {level} ÷ {base} − 1 = {result}%",
            level=level.value_text,
            base=base.value_text,
            result=_exact(inv["implied_growth_exact"]),
        )
    )
    one = lambda r: hover(r.to_frame().T).iloc[0]  # noqa: E731
    rows = [  # (panel, name, value, text, kind, derived, hover)
        (1, _("2022 result"), money_amount(base.value_text, base.unit), _text(base), "actual", False, one(base)),
        (1, _("2023 target"), money_amount(level.value_text, level.unit), _text(level), "target", False, one(level)),
        (
            1,
            _("Implied by the {target} growth target (derived)", target=_text(growth)),
            money_amount(inv["implied_level"], base.unit),
            lvl_text,
            "target",
            True,
            formula_level,
        ),
        (2, _("2022 result"), float(bg.value), _text(bg), "actual", False, one(bg)),
        (2, _("2023 target"), float(growth.value), _text(growth), "target", False, one(growth)),
        (
            2,
            _("Implied by the {target} level target (derived)", target=_text(level)),
            float(inv["implied_growth"]),
            gr_text,
            "target",
            True,
            formula_growth,
        ),
    ]
    px = _row_px(_rows([r[1] for r in rows]))
    height, heights, spacing = _panels([3, 3], px)
    fig = make_subplots(rows=2, cols=1, row_heights=heights, vertical_spacing=spacing)
    for panel in (1, 2):
        part = [r for r in rows if r[0] == panel]
        fig.add_trace(
            go.Bar(
                x=[r[2] for r in part],
                y=list(range(len(part))),
                orientation="h",
                width=BAR,
                marker=dict(
                    color=[KIND_COLOURS[r[4]] for r in part],
                    pattern_shape=["/" if r[5] else "" for r in part],
                    pattern_fgcolor="#333",
                    line=dict(color="#333", width=[1 if r[5] else 0 for r in part]),
                ),
                text=[r[3] for r in part],
                textposition="outside",
                cliponaxis=False,
                showlegend=False,
                hovertext=[r[6] for r in part],
                hoverinfo="text",
            ),
            row=panel,
            col=1,
        )
        _label_rows(fig, _rows([r[1] for r in part]), row=panel)
        fig.update_xaxes(
            range=[0, max(r[2] for r in part) * 1.4],
            row=panel,
            col=1,
            title=_("Fixed-asset investment, {unit}", unit=money().unit)
            if panel == 1
            else _("Growth on the year before, %"),
        )
    layout(fig, height=height, legend=False)
    verdict = _("the two targets agree") if inv["agree"] else _("the two targets do not agree")
    return Chart(
        fig,
        "ch3-investment",
        sources=[SOURCE],
        title=_(
            "Growing {growth} on 2022's {base} gives {implied} (derived), just above the {level} level target: {verdict}",
            growth=_text(growth),
            base=amount(base.value_text, base.unit),
            implied=lvl_text,
            level=_text(level),
            verdict=verdict,
        ),
        subtitle=_(
            "Fixed-asset investment (固定资产投资): the 2022 result, the 2023 targets for its level and growth, "
            "and what each target implies for the other (hatched, derived here)."
        ),
        alt=_(
            "Two bar charts. Level: {base} in 2022, target {level}, {implied_level} implied by the growth target "
            "(derived). Growth: {base_growth} in 2022, target {growth}, {implied_growth} implied by the level target "
            "(derived).",
            base=_text(base),
            level=_text(level),
            implied_level=lvl_text,
            base_growth=_text(bg),
            growth=_text(growth),
            implied_growth=gr_text,
        ),
    )


def project_tiers() -> pd.DataFrame:
    """The manufacturing projects to attract in 2023 by size tier: threshold (context) and count (target)."""
    df = plan_2023().set_index("metric")
    out = []
    for threshold, count in TIERS:
        t, c = df.loc[threshold], df.loc[count]
        out.append(
            {
                "tier": _("{threshold} per project", threshold=_text(t)),
                "threshold": _text(t),
                "threshold_amount": money_amount(t.value_text, t.unit),
                **c.to_dict(),
                "metric": count,
            }
        )
    return pd.DataFrame(out)


def project_tiers_chart() -> Chart:
    """Number of manufacturing projects to attract in 2023, by size tier, qualifiers shown."""
    df = project_tiers()
    fig = go.Figure(
        go.Bar(
            x=df.value,
            y=[wrap(t, 18) for t in df.threshold],
            orientation="h",
            width=0.6,
            marker=dict(
                color=KIND_COLOURS["target"],
                line=dict(color="#333", width=[1 if q != "=" else 0 for q in df.qualifier]),
            ),
            text=[n_("{value} project", "{value} projects", r.value, value=_text(r)) for r in df.itertuples()],
            textposition="outside",
            cliponaxis=False,
            hovertext=hover(df),
            hoverinfo="text",
        )
    )
    fig.update_yaxes(autorange="reversed", title=_("Investment per project"), fixedrange=True)
    fig.update_xaxes(
        title=_("Projects to attract (number)"),
        range=[0, df.value.max() * 1.6],
        tickvals=_ticks(0, df.value.max() * 1.6),
    )
    layout(fig, height=300, legend=False)
    words = _(", ").join(_("{count} of {threshold}", count=_text(r), threshold=r.threshold) for r in df.itertuples())
    return Chart(
        fig,
        "ch3-project-tiers",
        sources=[SOURCE],
        title=_("Manufacturing projects to attract in 2023: {words}", words=words),
        subtitle=_(
            "Targets by size tier (招大引强). '≥' before an amount means 'or more'; '>' before a count means "
            "'more than'. The report does not say whether the tiers overlap, so the counts are not added up."
        ),
        alt=_(
            "Bar chart of the number of manufacturing projects the district aims to attract in 2023, by investment "
            "per project: {items}.",
            items=_("; ").join(
                _("{threshold}: {count}", threshold=r.threshold, count=_text(r)) for r in df.itertuples()
            ),
        ),
    )


def _card_name(card: pd.Series) -> str:
    """A card's name with its number: the data's 'Card 1: …' in English; in Chinese the report's heading,
    numbered the same way (its Chinese label carries no number)."""
    if lang() == "en":
        return card.label_en
    return _("Card {order}: {label}", order=card.order, label=card.label_zh)


def _card_names() -> dict[str, str]:
    names = {HEADLINE: _both("Headline targets", "指标任务")}
    names.update({c.id: _card_name(c) for _i, c in cards().iterrows()})
    return names


def targets_by_card() -> Chart:
    """Number of quantified targets in the headline and under each report card, stacked by theme."""
    themes = load().themes.set_index("theme")
    df = targets_2023()
    names = _card_names()
    order = list(names)
    pos = {c: i for i, c in enumerate(order)}
    labels = _rows([names[c] for c in order])
    counts = df.groupby(["card", "theme"]).size().rename("n").reset_index()
    fig = go.Figure()
    for theme, part in counts.groupby("theme"):
        fig.add_trace(
            go.Bar(
                y=[pos[c] for c in part.card],
                x=part.n,
                orientation="h",
                width=BAR,
                **theme_style(theme),
                customdata=[escape(names[c]) for c in part.card],  # card labels are data: escaped like every label
                hovertemplate=markup(
                    _("%{{customdata}}<br>{theme}: %{{x}} targets<extra></extra>"), theme=themes.loc[theme, label_col()]
                ),
            )
        )
    totals = df.groupby("card").size().reindex(order, fill_value=0)
    fig.add_trace(totals_beside([pos[c] for c in order], totals.values))
    _label_rows(fig, labels)
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title=_("Quantified targets (count)"), range=[0, totals.max() * 1.12])
    # The legend grows to six lines on a phone and takes its room from the plot: budget for that.
    layout(fig, height=290 + _row_px(labels) * len(order))
    fig.update_layout(margin=dict(t=60))
    cs = cards().set_index("id")
    ranked = totals.drop(HEADLINE)
    best = cs.loc[ranked.idxmax()]
    none = [cs.loc[c] for c, n in ranked.items() if n == 0]
    title = _(
        "{n} quantified targets: card {order}, '{label}', has the most ({most})",
        n=len(df),
        order=best.order,
        label=_card_label(best),
        most=ranked.max(),
    )
    if none:
        cards_none = _(" and ").join(_("card {order}, '{label}',", order=c.order, label=_card_label(c)) for c in none)
        title += _("; ") + n_("{cards} has none", "{cards} have none", len(none), cards=cards_none)
    by_theme = df.groupby("theme").size().sort_values(ascending=False)
    fw = load().frameworks.set_index("framework").loc[CARDS]
    return Chart(
        fig,
        "ch3-targets-by-card",
        sources=[SOURCE],
        title=title,
        subtitle=_(
            "Number of quantified 2023 targets set before the report cards (headline) and under each card "
            "of the {framework}, coloured by theme. Thresholds and other context figures are not counted.",
            framework=_both(f"'{fw.title_en}'", fw.title_zh),
        ),
        alt=_(
            "Stacked bar chart of the number of quantified 2023 targets: {cards}. By theme: {themes}.",
            cards=_("; ").join(_("{name}: {n}", name=names[c], n=totals[c]) for c in order),
            themes=_("; ").join(
                _("{label} {value}", label=themes.loc[t, label_col()], value=n) for t, n in by_theme.items()
            ),
        ),
    )


def _card_label(card: pd.Series) -> str:
    """A card's name without its number ('Card 1: ' is said by the sentence around it)."""
    return card[label_col()].split(": ", 1)[-1]


# ---------------------------------------------------------------- tables and words


def card_heading(card: str) -> str:
    if card == HEADLINE:
        return _both("Headline targets", "2023年指标任务")
    c = cards().set_index("id").loc[card]
    name = _card_name(c) if lang() == "zh" else _both(c.label_en, c.label_zh)
    return escape(name)  # Markdown: data are text, never HTML


def card_table(card: str):
    """The figures of one report card (targets, and context figures such as thresholds), as a table
    (in Chinese: the source's labels only, the kinds named)."""
    df = plan_2023()
    df = df[df.card == card]
    if df.empty:
        from IPython.display import Markdown

        return Markdown(_("The report gives no quantified figure under this card."))
    values = [_text(r) for r in df.itertuples()]
    if lang() == "zh":
        columns = {
            _("Figure"): df.label_zh.values,
            _("Value"): values,
            _("Year"): df.period.values,
            _("Kind"): [kind_name(k) for k in df.kind],
        }
    else:
        columns = {
            "Figure": df[label_col()].values,
            "Value": values,
            "中文": df.label_zh.values,
            "Year": df.period.values,
            "Kind": df.kind.values,
        }
    return HtmlTable(capped_rows(pd.DataFrame(columns)), numeric=(_("Value"),))


def card_ids() -> list[str]:
    return [HEADLINE] + list(cards().id)


def below_words() -> str:
    """The targets set below their 2022 result, in words: 'new high-tech enterprises (≥45 after 54), …'."""
    df = baselines()
    df = df[df.direction == "below"]
    return _("; ").join(
        _(
            "{label} ({target} in 2023 after {base} in 2022)",
            label=_lc(r[label_col()]),
            target=_text(r),
            base=_base_text(r),
        )
        for _i, r in df.iterrows()
    )


def card_sections() -> list[tuple[str, object]]:
    """The headline targets, then each report card: its heading and the table of its targets."""
    return capped_sections([(f"### {card_heading(card)}", card_table(card)) for card in card_ids()], _("report cards"))


FACTS = {
    "gdp_target": "jd_gwr_2023-t002",
    "ind_target": "jd_gwr_2023-t003",
    "gdp_2022": "jd_gwr_2023-r002",
    "fai_2022": "jd_gwr_2023-r007",
    "fai_growth_2022": "jd_gwr_2023-r008",
    "fai_target": "jd_gwr_2023-t026",
    "fai_growth_target": "jd_gwr_2023-t027",
    "mfg_growth_target": "jd_gwr_2023-t028",
    "private_growth_target": "jd_gwr_2023-t029",
    "landmark_projects": "jd_gwr_2023-t025",
    "retail_growth_target": "jd_gwr_2023-t020",
    "ht_target": "jd_gwr_2023-t051",
    "ht_2022": "jd_gwr_2023-r030",
    "sme_target": "jd_gwr_2023-t052",
    "sme_2022": "jd_gwr_2023-r032",
    "lg_target": "jd_gwr_2023-t049",
    "lg_2022": "jd_gwr_2023-r026",
    "lg_key_target": "jd_gwr_2023-t048",
    "healthy_target": "jd_gwr_2023-t082",
    "healthy_2022": "jd_gwr_2023-r108",
    "fv_target": "jd_gwr_2023-t077",
    "fv_2022": "jd_gwr_2023-r100",
    "tier1": "jd_gwr_2023-t030",
    "tier1_n": "jd_gwr_2023-t031",
    "tier2": "jd_gwr_2023-t032",
    "tier2_n": "jd_gwr_2023-t033",
    "tier3": "jd_gwr_2023-t034",
    "tier3_n": "jd_gwr_2023-t035",
    "funds_growth": "jd_gwr_2023-t036",
    "f500": "jd_gwr_2023-t037",
    "overseas": "jd_gwr_2023-t038",
    "listed": "jd_gwr_2023-t039",
    "proj_2022_threshold": "jd_gwr_2023-r010",
    "proj_2022": "jd_gwr_2023-r011",
    "gdp_level_2022": "jd_gwr_2023-r001",
    "anniversary": "jd_gwr_2023-t001",
}
KEY_FIGURES = ["jd_gwr_2023-t002", "jd_gwr_2023-t003"]


def exact_words(n: int, exact: int) -> str:
    """How many of the n targets set below 2022 are written as exact numbers, in words that read well when
    all are: "Both are written as exact numbers, with no “or more” or the like: they are not floors"
    (这两项都写作确数，原文没有“以上”一类的字样，不是下限), else "1 of the 2 …". A plain figure does not
    forbid doing better, so the words say what the text lacks, not what it rules out."""
    if exact == n == 2:
        return _("Both are written as exact numbers, with no “or more” or the like: they are not floors")
    if exact == n:
        return _("All {n} are written as exact numbers, with no “or more” or the like: they are not floors", n=n)
    return _(
        "{exact} of the {n} are written as exact numbers, with no “or more” or the like: they are not floors",
        exact=exact,
        n=n,
    )


def prose() -> dict[str, str]:
    """Every number and phrase the chapter's prose shows, by name (the notebook glues them)."""
    inv, growth, base, every = investment(), gdp(), baselines(), targets_2023()
    below = base.direction == "below"
    per_card = every.groupby("card").size().reindex(card_ids(), fill_value=0).drop(HEADLINE)
    by_id = cards().set_index("id")
    empty = [
        _("card {order} ({label})", order=by_id.loc[c, "order"], label=_card_label(by_id.loc[c]))
        for c in per_card[per_card == 0].index
    ]
    return {
        **facts(FACTS),
        **firmness_counts(every),
        "fai_implied_growth": in_words(inv["implied_growth"], "%", inv["level"].qualifier),
        "fai_implied_level": in_words(inv["implied_level"], "亿元", inv["growth"].qualifier),
        "fai_agree": _("agree") if inv["agree"] else _("do not agree"),
        "gdp_gap": amount(growth["gap_pp"], "个百分点"),
        "gdp_ratio": growth["ratio"],
        "n_targets": str(len(every)),
        "target_count": target_count_text(),
        "n_context": str(int((plan_2023().kind == "context").sum())),
        "n_cards": str(len(cards())),
        "n_headline": str(len(headline_targets())),
        "n_floor": str(int(every.qualifier.isin([">", ">="]).sum())),
        "n_base": str(len(base)),
        "n_below": str(int(below.sum())),
        "n_growth": str(int(every.metric.str.endswith("_growth").sum())),
        "top_card": _("card {order}", order=by_id.loc[per_card.idxmax(), "order"]),
        "top_card_n": str(per_card.max()),
        "empty_cards": join_words(empty) if empty else _("no card"),
        "n_below_exact": str(int((below & (base.qualifier == "=")).sum())),
        "below_exact": exact_words(int(below.sum()), int((below & (base.qualifier == "=")).sum())),
        **statements(
            {
                "in_step": "jd_gwr_2023-s02",
                "speed": "jd_gwr_2023-s03",
                "speed_race": "jd_gwr_2023-s05",
                "coverage": "jd_gwr_2023-s04",
                "shortfall": "jd_gwr_2023-s01",
            }
        ),
    }
