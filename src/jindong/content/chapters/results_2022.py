"""Chapter 2 — 2022 in numbers: the results the 2023 work report gives for 2022."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from jindong.content.charts import Chart
from jindong.content.charts.common import (
    CHART_ITEMS,
    cap,
    capped_rows,
    capped_sections,
    hover,
    in_money,
    layout,
    money,
    more_note,
    theme_style,
    wrap,
)
from jindong.content.charts.style import KIND_COLOURS, label_col
from jindong.content.edition import lang
from jindong.content.format import amount, compact, short
from jindong.content.htmltable import HtmlTable
from jindong.content.i18n import _
from jindong.content.markup import bold, escape, lines, markup
from jindong.content.vocabulary import REPORT_2023, REVIEW_AREAS_2022, facts, kind_name, statements
from jindong.dataset.data import load

SOURCE = REPORT_2023
HEADLINE = [
    "gdp",
    "industrial_output_above_scale",
    "import_export_total",
    "retail_sales",
    "district_key_projects_investment",
    "fixed_asset_investment",
]
AREAS = REVIEW_AREAS_2022


def results_2022() -> pd.DataFrame:
    """Every 2022 figure of the work report, with the plan section it sits in."""
    ds = load()
    ind = ds.indicators
    ind = ind[(ind.source_id == SOURCE) & (ind.period == "2022")]
    return ind.merge(ds.sections[["indicator_id", "top_id"]], left_on="id", right_on="indicator_id", how="left")


def areas() -> pd.DataFrame:
    pri = load().priorities
    return pri[(pri.framework == AREAS) & (pri.parent_id == "")].sort_values("order")


def _estimate(label: str) -> str:
    """A label marked as an estimate, unless it says so already (年度进出口总额预计)."""
    if "estimate" in label.lower() or "预计" in label:
        return label
    return _("{label} (estimate)", label=label)


def headline_levels() -> Chart:
    """The year's big aggregates side by side, in ¥ billion (亿元 in Chinese), qualifiers and estimates visible."""
    df = results_2022().set_index("metric").loc[HEADLINE].reset_index()
    df["amount"] = in_money(df)
    df["text"] = [short(v, u, q) for v, u, q in zip(df.value_text, df.unit, df.qualifier)]
    # the value goes in the category label: it stays readable at any width, unlike text beside a bar
    df["name"] = [
        lines([wrap(label if k != "estimate" else _estimate(label), 24), bold(t)])
        for label, k, t in zip(df[label_col()], df.kind, df.text)
    ]
    gdp, fai = df.set_index("metric").loc["gdp"], df.set_index("metric").loc["fixed_asset_investment"]
    fig = go.Figure(
        go.Bar(
            x=df.amount,
            y=df.name,
            orientation="h",
            marker=dict(
                color=[KIND_COLOURS[k] for k in df.kind],
                pattern_shape=["/" if k == "estimate" else "" for k in df.kind],
            ),
            hovertext=hover(df),
            hoverinfo="text",
        )
    )
    fig.update_xaxes(title=money().unit, range=[0, df.amount.max() * 1.05])
    layout(fig, height=400, legend=False)
    return Chart(
        fig,
        "ch2-headline-levels",
        sources=[SOURCE],
        title=_(
            "2022: GDP of {gdp}, fixed-asset investment of {fai}",
            gdp=compact(gdp.value_text, gdp.unit, gdp.qualifier, gdp.quote),
            fai=amount(fai.value_text, fai.unit),
        ),
        subtitle=_("Jindong's main aggregates for 2022. Trade is an estimate (hatched); '>' means 'more than'."),
        alt=_(
            "Horizontal bar chart of Jindong's 2022 aggregates in billions of yuan: {items}.",
            items=_("; ").join(
                _("{label} {value}", label=r[label_col()], value=compact(r.value_text, r.unit, r.qualifier, r.quote))
                for _i, r in df.iterrows()
            ),
        ),
    )


def growth_rates() -> Chart:
    """Every 2022 growth rate of the report, sorted, coloured by theme; GDP's is the lowest."""
    every = results_2022()
    every = every[every.metric.str.endswith("_growth") & (every.unit == "%")].sort_values("value")
    is_gdp = every.metric == "gdp_growth"
    gdp = every[is_gdp].iloc[0]
    # GDP's rate, then the fastest: the title compares GDP with all of them, the chart shows at most CHART_ITEMS
    df, left_out = cap(pd.concat([every[is_gdp], every[~is_gdp][::-1]]), CHART_ITEMS)
    df = df.sort_values("value", kind="stable").copy()
    df["name"] = [wrap(label, 34) for label in df[label_col()]]
    fig = go.Figure()
    for theme, part in df.groupby("theme", sort=False):
        fig.add_trace(
            go.Bar(
                x=part.value,
                y=part.name,
                orientation="h",
                **theme_style(theme),
                text=[short(v, "%", q) for v, q in zip(part.value_text, part.qualifier)],
                textposition="outside",
                cliponaxis=False,
                hovertext=hover(part),
                hoverinfo="text",
            )
        )
    fig.update_layout(barmode="overlay", yaxis=dict(categoryorder="array", categoryarray=list(df.name)))
    fig.update_xaxes(title=_("Growth on 2021, %"), range=[0, df.value.max() * 1.2])
    layout(fig, height=160 + 44 * len(df))
    return Chart(
        fig,
        "ch2-growth-rates",
        sources=[SOURCE],
        title=_(
            "GDP grew {rate} in 2022, the slowest of the {n} growth rates the report gives",
            rate=short(gdp.value_text, "%"),
            n=len(every),
        ),
        subtitle=_("Every 2022 growth rate in the 2023 work report, coloured by theme; '≥' means 'at least'.")
        + more_note(len(df), left_out, _("rates (GDP's and the fastest)")),
        alt=_(
            "Bar chart of {n} growth rates for 2022, from GDP at {gdp}% to {label} at {top}%.",
            n=len(df),
            gdp=gdp.value_text,
            label=df.iloc[-1][label_col()],
            top=df.iloc[-1].value_text,
        ),
    )


def figures_by_area() -> Chart:
    """How many quantified results the report gives under each of its six areas of work, by theme."""
    df = results_2022()
    df = df[df.top_id.str.startswith(AREAS, na=False)]
    names = {r.id: wrap(f"{r.order}. {getattr(r, label_col())}", 28) for r in areas().itertuples()}
    counts = df.groupby(["top_id", "theme"]).size().rename("n").reset_index()
    fig = go.Figure()
    for theme, part in counts.groupby("theme"):
        fig.add_trace(
            go.Bar(
                y=[names[t] for t in part.top_id],
                x=part.n,
                orientation="h",
                **theme_style(theme),
                hovertemplate=markup(
                    _("%{{y}}<br>{theme}: %{{x}} figures<extra></extra>"), theme=theme_style(theme)["name"]
                ),
            )
        )
    fig.update_layout(barmode="stack", yaxis=dict(categoryorder="array", categoryarray=list(reversed(names.values()))))
    fig.update_xaxes(title=_("Figures given (count)"))
    layout(fig, height=560)
    totals = df.groupby("top_id").size()
    best = areas().set_index("id").loc[totals.idxmax()]
    return Chart(
        fig,
        "ch2-figures-by-area",
        sources=[SOURCE],
        title=_(
            "{n} figures back the six areas of work; area {order}, '{label}', has the most ({most})",
            n=len(df),
            order=best.order,
            label=best[label_col()],
            most=totals.max(),
        ),
        subtitle=_("Quantified 2022 results under each heading of the report's review, coloured by theme."),
        alt=_(
            "Stacked bar chart of the number of quantified 2022 results under each of the six areas of work: {items}.",
            items=_("; ").join(
                _("area {order}: {n}", order=o, n=totals.get(i, 0)) for i, o in zip(areas().id, areas().order)
            ),
        ),
    )


def area_heading(order: int) -> str:
    """An area's heading: 'English (中文)' in the English edition, the report's own words in the Chinese."""
    a = areas().set_index("order").loc[order]
    text = a.label_zh if lang() == "zh" else f"{a.label_en} ({a.label_zh})"
    return escape(text)  # Markdown: data are text, never HTML


def area_table(order: int) -> HtmlTable:
    """The figures of one area of work, as a readable table (in Chinese: the source's labels only)."""
    area = areas().set_index("order").loc[order]
    df = results_2022()
    df = df[df.top_id == area.id]
    values = [short(v, u, q) for v, u, q in zip(df.value_text, df.unit, df.qualifier)]
    if lang() == "zh":
        columns = {
            _("Figure"): df.label_zh.values,
            _("Value"): values,
            _("Kind"): [kind_name(k) for k in df.kind],
        }
    else:
        columns = {"Result": df.label_en.values, "Value": values, "中文": df.label_zh.values, "Kind": df.kind.values}
    return HtmlTable(capped_rows(pd.DataFrame(columns), noun=_("results")), numeric=(_("Value"),))


def area_sections() -> list[tuple[str, HtmlTable]]:
    """Each area of work of the review: its heading (Markdown) and the table of its figures."""
    return capped_sections(
        [(f"### {area_heading(order)}", area_table(order)) for order in areas().order], _("areas of work")
    )


FACTS = {
    "gdp": "jd_gwr_2023-r001",
    "gdp_growth": "jd_gwr_2023-r002",
    "output": "jd_gwr_2023-r003",
    "fai": "jd_gwr_2023-r007",
    "fai_growth": "jd_gwr_2023-r008",
    "retail": "jd_gwr_2023-r015",
    "trade": "jd_gwr_2023-r020",
    "transport_growth": "jd_gwr_2023-r067",
    "high_tech": "jd_gwr_2023-r030",
    "talent": "jd_gwr_2023-r039",
}
KEY_FIGURES = [
    "jd_gwr_2023-r001",
    "jd_gwr_2023-r002",
    "jd_gwr_2023-r003",
    "jd_gwr_2023-r007",
    "jd_gwr_2023-r008",
    "jd_gwr_2023-r015",
    "jd_gwr_2023-r020",
]


def prose() -> dict[str, str]:
    """Every number and phrase the chapter's prose shows, by name (the notebook glues them)."""
    return {
        **facts(FACTS),
        "n_results": str(len(results_2022())),
        **statements({"shortfall": "jd_gwr_2023-s01"}),
    }
