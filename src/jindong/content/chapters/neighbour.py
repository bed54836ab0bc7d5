"""Chapter 8 — The neighbour: Yongkang, beside Jindong and Jinhua city.

Yongkang (永康市) is a county-level city of Jinhua, not part of Jindong. Its city-wide 2024 figures were
published on 3 January 2025, before the year's statistics were final: estimates (预计). The same report
states Dachen village's 2024 figures without 预计: outcomes (kind `actual`). Jindong's latest
growth figures in the sources are for 2022 (work report) and 2023 (secondary bulletin), Jinhua's for
2023 and 2024 (secondary). No chart here puts two different years on one bar or one label.
"""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from jindong.content.chapters.plans import theme_words
from jindong.content.charts import Chart
from jindong.content.charts.common import hover, in_money, layout, money, wrap
from jindong.content.charts.style import KIND_COLOURS, REGION_COLOURS, label_col, other_label_col
from jindong.content.edition import lang
from jindong.content.format import amount, compact, date_text, short
from jindong.content.htmltable import HtmlTable, other_column
from jindong.content.i18n import _
from jindong.content.markup import bold, lines, markup
from jindong.content.vocabulary import (
    ALLOUT_TASKS_2025,
    CITY_REPORT_2025,
    YONGKANG_2025,
    YONGKANG_PRIORITIES,
    facts,
    join_words,
    kind_name,
    quote,
    statements,
    themes,
)
from jindong.dataset.data import load

SOURCE = YONGKANG_2025
CITY_2024 = CITY_REPORT_2025
YK_PLAN = YONGKANG_PRIORITIES
JD_PLAN = ALLOUT_TASKS_2025
GROWTH = ["gdp_growth", "fixed_asset_investment_growth", "exports_growth"]
YEARS = ["2022", "2023", "2024"]


def region_name(zh: str) -> str:
    """A region's name in the book's language, from the glossary: 金东区 -> 'Jindong'."""
    if lang() == "zh":
        return zh
    en = load().terms.set_index("zh").loc[zh, "en"]
    return re.sub(r"\s+(District|City)$", "", en)


def yongkang_2024() -> pd.DataFrame:
    """Yongkang's figures for 2024: the city's, estimates (预计), and Dachen village's, stated as outcomes."""
    ind = load().indicators
    return ind[(ind.source_id == SOURCE) & (ind.period == "2024")].sort_values("id")


def growth_rates() -> pd.DataFrame:
    """Every reported outcome or estimate of the comparable growth rates, for the three places.

    Targets are left out: a goal is not a result. Each row keeps its own year.
    """
    ds = load()
    ind = ds.indicators
    df = ind[ind.metric.isin(GROWTH) & ind.kind.isin(["actual", "estimate"]) & ind.period.isin(YEARS)].copy()
    df["place"] = [region_name(r) for r in df.region]
    df["secondary"] = df.reliability == "secondary"
    df["metric_order"] = df.metric.map(GROWTH.index)
    order = {r: i for i, r in enumerate(["金东区", "永康市", "金华市"])}
    df["region_order"] = df.region.map(order)
    return df.sort_values(["metric_order", "period", "region_order"]).reset_index(drop=True)


def _row_label(r) -> str:
    note = _("{kind}, secondary", kind=kind_name(r.kind)) if r.secondary else kind_name(r.kind)
    return markup("<b>{}</b> · {}<br><span style='font-size:11px'>{}</span>", r.period, r.place, note)


def growth_by_year() -> Chart:
    """The comparable growth rates, one panel per metric, one row per place *and* year."""
    df = growth_rates()
    yk_months = yongkang_2024().set_index("metric").loc["fixed_asset_investment_double_digit_growth_months"]
    panels = [m for m in GROWTH if (df.metric == m).any()]
    n_rows = [int((df.metric == m).sum()) + (m == "fixed_asset_investment_growth") for m in panels]
    titles = [df[df.metric == m].iloc[0][label_col()] for m in panels]
    row_px, gap_px = 62, 110
    height = 120 + row_px * sum(n_rows) + gap_px * len(panels)
    fig = make_subplots(
        rows=len(panels),
        cols=1,
        row_heights=n_rows,
        vertical_spacing=gap_px / height,
        subplot_titles=[bold(t) for t in titles],
    )
    xmax = df.value.max() * 1.65  # room for the value and year written beside each bar
    for i, m in enumerate(panels, start=1):
        part = df[df.metric == m].copy()
        part["ylab"] = [_row_label(r) for r in part.itertuples()]
        cats = [(r.period, r.region_order, r.ylab) for r in part.itertuples()]
        for region, sub in part.groupby("region", sort=False):
            fig.add_trace(
                go.Bar(
                    x=sub.value,
                    y=sub.ylab,
                    orientation="h",
                    name=region_name(region),
                    legendgroup=region,
                    showlegend=False,
                    marker_color=REGION_COLOURS[region],
                    marker_pattern_shape=["/" if k == "estimate" else "" for k in sub.kind],
                    text=[
                        _("<b>{rate}</b> ({year})", rate=short(v, u, q), year=p)
                        for v, u, q, p in zip(sub.value_text, sub.unit, sub.qualifier, sub.period)
                    ],
                    textposition="outside",
                    cliponaxis=False,
                    hovertext=hover(sub),
                    hoverinfo="text",
                ),
                row=i,
                col=1,
            )
        if m == "fixed_asset_investment_growth":  # Yongkang gives no rate, only a run of double-digit months
            lab = _row_label(
                pd.Series(
                    {
                        "kind": yk_months.kind,
                        "secondary": yk_months.reliability == "secondary",
                        "period": yk_months.period,
                        "place": region_name(yk_months.region),
                    }
                )
            )
            cats.append((yk_months.period, 1, lab))
            fig.add_trace(
                go.Scatter(
                    x=[0],
                    y=[lab],
                    mode="text",
                    showlegend=False,
                    textposition="middle right",
                    text=[
                        _(
                            "no rate given:<br>double-digit growth<br>{months} running",
                            months=short(yk_months.value_text, yk_months.unit, yk_months.qualifier),
                        )
                    ],
                    textfont=dict(color=REGION_COLOURS[yk_months.region]),
                    hovertext=hover(yk_months.to_frame().T),
                    hoverinfo="text",
                ),
                row=i,
                col=1,
            )
        fig.update_yaxes(categoryorder="array", categoryarray=[c[2] for c in sorted(cats, reverse=True)], row=i, col=1)
        fig.update_xaxes(range=[0, xmax], title_text=_("Growth, % on the year before"), row=i, col=1)
    fig.update_layout(barmode="overlay", bargap=0.3)
    fig.update_annotations(font_size=14)
    layout(fig, height=height, legend=False)
    fig.update_layout(margin_t=40)
    g = df[df.metric == "gdp_growth"]
    city = g[g.region == "金华市"].set_index("period")
    same = []  # comparisons within one year only
    for r in g[g.region != "金华市"].sort_values("period", ascending=False).itertuples():
        if r.period in city.index:
            c = city.loc[r.period]
            words = dict(
                place=r.place,
                est=_("estimated ") if r.kind == "estimate" else "",
                year=r.period,
                rate=short(r.value_text, r.unit, r.qualifier),
                city=short(c.value_text, c.unit, c.qualifier),
            )
            if r.value < c.value:
                same.append(_("{place}'s {est}{year} GDP growth ({rate}) was below Jinhua's ({city})", **words))
            elif r.value > c.value:
                same.append(_("{place}'s {est}{year} GDP growth ({rate}) was above Jinhua's ({city})", **words))
            else:
                same.append(_("{place}'s {est}{year} GDP growth ({rate}) was level with Jinhua's ({city})", **words))
    return Chart(
        fig,
        "ch8-growth-by-year",
        sources=[SOURCE, CITY_2024, "jd_gwr_2023", "jd_bulletin_2023", "jh_bulletin_2023"],
        title=_("Compared only within a year: {comparisons}", comparisons=_("; ").join(same)),
        subtitle=_(
            "Growth rates as reported, each labelled with its own year: Jindong's latest are for 2022 and "
            "2023, Yongkang's for 2024. Compare bars only within a year; hatched bars are estimates made "
            "before the year's statistics were final."
        ),
        alt=_(
            "Bar charts of growth rates by place and year: {rates}; "
            "Yongkang 2024: double-digit fixed-asset investment growth for {months} months running.",
            rates=_("; ").join(
                _(
                    "{label}, {place} {year} ({kind}): {rate}%",
                    label=getattr(r, label_col()),
                    place=r.place,
                    year=r.period,
                    kind=kind_name(r.kind),
                    rate=r.value_text,
                )
                for r in df.itertuples()
            ),
            months=yk_months.value_text,
        ),
    )


DACHEN = ["dachen_village_tourist_visits", "dachen_village_collective_income", "dachen_village_per_capita_income"]


def dachen() -> pd.DataFrame:
    """The three figures the chart is about, by name: another figure on the village is not a new panel."""
    ind = load().indicators
    return ind[(ind.source_id == SOURCE) & ind.metric.isin(DACHEN)].sort_values("id")


def dachen_village() -> Chart:
    """Dachen village's 2024 figures, one small panel each (their units differ), each bar styled by its
    kind: the source states them without 预计, so they are outcomes, not hatched like an estimate."""
    df = dachen()
    panel_px, gap_px = 110, 120
    height = 60 + (panel_px + gap_px) * len(df)
    fig = make_subplots(
        rows=len(df),
        cols=1,
        vertical_spacing=gap_px / height,
        subplot_titles=[f"<b>{wrap(label, 40)}</b>" for label in df[label_col()]],
    )
    for i, r in enumerate(df.itertuples(), start=1):
        base = r.value * r.factor
        title, per = _dachen_axis(r.unit, base)
        x = base / per
        fig.add_trace(
            go.Bar(
                x=[x],
                y=[""],
                orientation="h",
                marker_color=KIND_COLOURS[r.kind],
                marker_pattern_shape="/" if r.kind == "estimate" else "",
                width=0.45,
                text=[f"<b>{short(r.value_text, r.unit, r.qualifier)}</b>"],
                textposition="outside",
                cliponaxis=False,
                showlegend=False,
                hovertext=hover(df.iloc[[i - 1]]),
                hoverinfo="text",
            ),
            row=i,
            col=1,
        )
        fig.update_xaxes(title_text=title, range=[0, x * 1.5], row=i, col=1)
    fig.update_annotations(font_size=13)
    layout(fig, height=height, legend=False)
    fig.update_layout(margin_t=40)
    v, c, p = (
        df.set_index("metric").loc[f"dachen_village_{k}"]
        for k in ("tourist_visits", "collective_income", "per_capita_income")
    )
    f = lambda r: compact(r.value_text, r.unit, r.qualifier, r.quote)  # noqa: E731
    if (df.kind == "estimate").any():
        kinds = _("Hatched bars are estimates (预计), made before the year's statistics were final.")
    else:
        kinds = _("The source states them without 预计 (estimated): outcomes, not estimates.")
    return Chart(
        fig,
        "ch8-dachen",
        sources=[SOURCE],
        title=_(
            "Dachen village in 2024: {visits}, {collective} of collective income, {income} income per villager",
            visits=f(v),
            collective=f(c),
            income=f(p),
        ),
        subtitle=_(
            "The {n} figures the Yongkang report gives for Dachen village, which it names a site visited by "
            "the national on-site meeting on the Thousand Villages project (「{site}」); one panel each because "
            "their units differ. '~' means 'about'. {kinds}",
            n=len(df),
            site=quote("statements", f"{SOURCE}-s03"),
            kinds=kinds,
        ),
        alt=_(
            "{n} bar panels for Dachen village, 2024 ({kinds}): tourist visits {visits}, village collective "
            "income {collective}, per-capita income of villagers {income}.",
            n=len(df),
            kinds=join_words(kind_name(k) for k in dict.fromkeys(df.kind)),
            visits=f(v),
            collective=f(c),
            income=f(p),
        ),
    )


def _dachen_axis(unit: str, base: float) -> tuple[str, float]:
    """A Dachen panel's axis title and divisor: thousands and ¥ in English, 万人次 and 万元 as the source
    writes them in Chinese."""
    if lang() == "zh":
        return unit, 1e4  # 万人次, 万元
    if unit == "万人次":
        return _("Visits (thousands)"), 1e3
    return (_("¥ million"), 1e6) if base >= 1e6 else (_("¥ thousand"), 1e3)


def plans() -> pd.DataFrame:
    """Yongkang's eight priorities for 2025 and Jindong's ten all-out tasks for 2025, side by side."""
    ds = load()
    pri = ds.priorities
    df = pri[pri.framework.isin([YK_PLAN, JD_PLAN]) & (pri.parent_id == "")].copy()
    df["region"] = df.framework.map({YK_PLAN: "永康市", JD_PLAN: "金东区"})
    return df.sort_values(["framework", "order"]).reset_index(drop=True)


def _plan_name(framework: str) -> str:
    f = load().frameworks.set_index("framework").loc[framework]
    src = load().sources.set_index("source_id").loc[f.source_id]
    region = region_name(src.region)
    n = int((plans().framework == framework).sum())
    date = date_text(src.delivered or src.published)
    if framework == YK_PLAN:
        return _("{region}: {n} priorities ({date})", region=region, n=n, date=date)
    return _("{region}: {n} all-out tasks ({date})", region=region, n=n, date=date)


def priorities_by_theme() -> Chart:
    """How the two 2025 plans spread over the themes: Yongkang's eight, Jindong's ten."""
    th = themes()
    df = plans()
    counts = df.groupby(["framework", "theme"]).size().unstack(0, fill_value=0)
    counts = counts.reindex([t for t in th.index if t in counts.index])
    ylab = {t: wrap(th.loc[t, label_col()], 18) for t in counts.index}
    fig = go.Figure()
    for fw in (JD_PLAN, YK_PLAN):  # the last trace sits on top of each group: Yongkang first, as in the legend
        region = df[df.framework == fw].region.iloc[0]
        items = df[df.framework == fw].groupby("theme")[label_col()].apply(list)
        fig.add_trace(
            go.Bar(
                y=[ylab[t] for t in counts.index],
                x=counts[fw],
                orientation="h",
                name=_plan_name(fw),
                marker_color=REGION_COLOURS[region],
                text=[str(n) if n else "" for n in counts[fw]],
                textposition="outside",
                cliponaxis=False,
                hovertext=[
                    markup(
                        _("<b>{theme}</b> ({other})<br>{items}"),
                        theme=th.loc[t, label_col()],
                        other=th.loc[t, other_label_col()],
                        items=lines("· " + x for x in items[t]),
                    )
                    if t in items
                    else markup(_("{theme}: none"), theme=th.loc[t, label_col()])
                    for t in counts.index
                ],
                hoverinfo="text",
            )
        )
    fig.update_layout(
        barmode="group",
        bargap=0.25,
        legend_traceorder="reversed",
        yaxis=dict(categoryorder="array", categoryarray=[ylab[t] for t in counts.index][::-1]),
    )
    fig.update_xaxes(title=_("Items in the plan (count)"), dtick=1, range=[0, counts.values.max() + 0.6])
    layout(fig, height=190 + 58 * len(counts))
    both = counts[(counts[YK_PLAN] > 0) & (counts[JD_PLAN] > 0)].index
    only_jd = [t for t in counts.index if counts.loc[t, YK_PLAN] == 0]
    only_yk = [t for t in counts.index if counts.loc[t, JD_PLAN] == 0]
    n_yk, n_jd = int(counts[YK_PLAN].sum()), int(counts[JD_PLAN].sum())
    tail = []
    if only_jd:
        tail.append(_("only Jindong's plan names {themes}", themes=theme_words(only_jd)))
    if only_yk:
        tail.append(_("only Yongkang's plan names {themes}", themes=theme_words(only_yk)))
    shared = _(
        "Yongkang's {n_yk} priorities and Jindong's {n_jd} all-out tasks for 2025 share {n} themes",
        n_yk=n_yk,
        n_jd=n_jd,
        n=len(both),
    )
    return Chart(
        fig,
        "ch8-priorities",
        sources=[SOURCE, "jd_plenum_2025_08"],
        title=_("; ").join([shared, *tail]),
        subtitle=_(
            "Items of each plan by theme. Yongkang's plan covers the whole of 2025 (January); Jindong's "
            "covers its second half (August). Counts of headings, not of money or effort."
        ),
        alt=_(
            "Grouped bar chart of plan items by theme: {counts}.",
            counts=_("; ").join(
                _(
                    "{theme}: Yongkang {yk}, Jindong {jd}",
                    theme=th.loc[t, label_col()],
                    yk=counts.loc[t, YK_PLAN],
                    jd=counts.loc[t, JD_PLAN],
                )
                for t in counts.index
            ),
        ),
    )


def jinhua_2024() -> pd.DataFrame:
    ind = load().indicators
    return ind[ind.source_id == CITY_2024].set_index("metric")


def export_share_of_trade() -> float:
    """Derived: Jinhua's 2024 exports as a share of its total trade, in per cent."""
    j = jinhua_2024()
    exports, trade = j.loc["exports"], j.loc["import_export_total"]
    return float(exports.value * exports.factor / (trade.value * trade.factor) * 100)


def jindong_share_of_city_gdp_2023() -> float:
    """Derived: Jindong's 2023 GDP as a share of Jinhua's 2023 GDP, in per cent (both secondary)."""
    ind = load().indicators.set_index("id")
    jd, jh = ind.loc["jd_bulletin_2023-a001"], ind.loc["jh_bulletin_2023-a001"]
    assert jd.period == jh.period and jd.metric == jh.metric == "gdp"
    return float(jd.value * jd.factor / (jh.value * jh.factor) * 100)


def jinhua_context() -> Chart:
    """Jinhua city in 2024: GDP, trade and exports in ¥ billion, each with its growth rate."""
    j = jinhua_2024()
    levels = ["gdp", "import_export_total", "exports"]
    growth = {"gdp": "gdp_growth", "import_export_total": "import_export_growth", "exports": "exports_growth"}
    df = j.loc[levels].reset_index()
    df["amount"] = in_money(df)  # ¥ billion, or 亿元 in Chinese
    df["g"] = [short(j.loc[growth[m]].value_text, "%", j.loc[growth[m]].qualifier) for m in df.metric]
    df["name"] = [
        f"{wrap(label, 22)}<br><b>{amount(v, u)}</b>" for label, v, u in zip(df[label_col()], df.value_text, df.unit)
    ]
    fig = go.Figure(
        go.Bar(
            x=df.amount,
            y=df.name,
            orientation="h",
            marker_color=REGION_COLOURS["金华市"],
            width=0.55,
            text=[_("up {rate}", rate=g) for g in df.g],
            textposition="outside",
            cliponaxis=False,
            hovertext=hover(df),
            hoverinfo="text",
        )
    )
    fig.update_layout(yaxis=dict(categoryorder="array", categoryarray=list(df.name[::-1])))
    fig.update_xaxes(title=_("{unit} (2024)", unit=money().unit), range=[0, df.amount.max() * 1.4])
    layout(fig, height=340, legend=False)
    gdp, trade = df.set_index("metric").loc["gdp"], df.set_index("metric").loc["import_export_total"]
    words = dict(
        trade=amount(trade.value_text, trade.unit),
        gdp=amount(gdp.value_text, gdp.unit),
        share=f"{export_share_of_trade():.0f}",
    )
    if trade.amount > gdp.amount:
        title = _(
            "Jinhua city, 2024: trade of {trade} was larger than its GDP of {gdp}; "
            "exports were {share}% of trade (derived)",
            **words,
        )
    else:
        title = _(
            "Jinhua city, 2024: trade of {trade} was smaller than its GDP of {gdp}; "
            "exports were {share}% of trade (derived)",
            **words,
        )
    return Chart(
        fig,
        "ch8-jinhua",
        sources=[CITY_2024],
        title=title,
        subtitle=_(
            "The city's 2024 aggregates from its 2025 work report (secondary copy), with growth on 2023 as "
            "the report gives it ('up' = growth on 2023). GDP includes the revision of the fifth economic census."
        ),
        alt=_(
            "Bar chart of Jinhua's 2024 GDP, total trade and exports in billions of yuan: {figures}.",
            figures=_("; ").join(
                _("{label} {amount} (growth {rate})", label=label, amount=amount(v, u), rate=g)
                for label, v, u, g in zip(df[label_col()], df.value_text, df.unit, df.g)
            ),
        ),
    )


# ---------------------------------------------------------------- tables


def priorities_table() -> HtmlTable:
    """Yongkang's eight priorities for 2025, with their themes."""
    th = themes()
    df = plans()
    df = df[df.framework == YK_PLAN]
    return HtmlTable(
        pd.DataFrame(
            {
                _("No."): df.order.values,
                _("Priority"): df[label_col()].values,
                **other_column(df[other_label_col()].values),
                _("Theme"): [th.loc[t, label_col()] for t in df.theme],
            }
        )
    )


def derived_shares() -> dict[str, str]:
    """Derived percentages for prose, one decimal, each computed from two reported levels of one year."""
    return {
        "export_share": f"{export_share_of_trade():.1f}%",
        "jd_share_2023": f"{jindong_share_of_city_gdp_2023():.1f}%",
    }


FACTS = {
    "ch8_yk_gdp": "yk_plenum_2025_01-a001",
    "ch8_yk_industry": "yk_plenum_2025_01-a002",
    "ch8_yk_exports": "yk_plenum_2025_01-a003",
    "ch8_yk_fai_months": "yk_plenum_2025_01-a004",
    "ch8_dachen_visits": "yk_plenum_2025_01-a005",
    "ch8_dachen_collective": "yk_plenum_2025_01-a006",
    "ch8_dachen_income": "yk_plenum_2025_01-a007",
    "ch8_jd_gdp_2022": "jd_gwr_2023-r002",
    "ch8_jd_gdp_2023": "jd_bulletin_2023-a002",
    "ch8_jd_target_2023": "jd_gwr_2023-t002",
    "ch8_jd_fai_2022": "jd_gwr_2023-r008",
    "ch8_jd_industry_2023": "jd_bulletin_2023-a008",
    "ch8_jh_gdp_2023": "jh_bulletin_2023-a002",
    "ch8_jh_gdp_level_2023": "jh_bulletin_2023-a001",
    "ch8_jh_gdp_level": "jh_gwr_2025-a001",
    "ch8_jh_gdp": "jh_gwr_2025-a002",
    "ch8_jh_fai": "jh_gwr_2025-a003",
    "ch8_jh_fai_months": "jh_gwr_2025-a004",
    "ch8_jh_trade": "jh_gwr_2025-a005",
    "ch8_jh_trade_growth": "jh_gwr_2025-a006",
    "ch8_jh_exports": "jh_gwr_2025-a007",
    "ch8_jh_exports_growth": "jh_gwr_2025-a008",
    "ch8_jd_gdp_level_2023": "jd_bulletin_2023-a001",
}
KEY_FIGURES = [
    "yk_plenum_2025_01-a001",
    "yk_plenum_2025_01-a002",
    "yk_plenum_2025_01-a003",
    "yk_plenum_2025_01-a004",
    "yk_plenum_2025_01-a005",
    "yk_plenum_2025_01-a006",
    "yk_plenum_2025_01-a007",
    "jd_gwr_2023-r002",
    "jd_bulletin_2023-a002",
    "jh_gwr_2025-a002",
]


def prose() -> dict[str, str]:
    """Every number and phrase the chapter's prose shows, by name (the notebook glues them)."""
    pl = plans()
    return {
        **facts(FACTS),
        **{f"ch8_{name}": text for name, text in derived_shares().items()},
        "ch8_n_priorities": str(int((pl.framework == YK_PLAN).sum())),
        "ch8_jh_fai_rank_zh": quote("indicators", "jh_gwr_2025-a004"),
        "ch8_n_jd_tasks": str(int((pl.framework == JD_PLAN).sum())),
        **statements(
            {
                f"ch8_{name}": f"{SOURCE}-{sid}"
                for sid, name in [
                    ("s01", "in_step"),
                    ("s02", "dachen_change"),
                    ("s03", "dachen_site"),
                    ("s04", "closing_year"),
                ]
            }
        ),
    }
