"""Chapter 4 — Did 2023 deliver? The 2023 targets of the work report against the outcomes the sources give.

The outcomes come from the 2023 statistical bulletin, of which the book has only a secondary copy of
the opening sections; Jinhua's figures come from a secondary excerpt of the city's bulletin. Every
chart and sentence built here says so. A target is matched to an outcome only when both have the same
`metric`; a target whose metric differs only by a scope word (規上, "above designated size") is shown
as a *different measure*, never compared.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

import pandas as pd
import plotly.graph_objects as go

from jindong.content.chapters.targets import target_count_text, targets_2023
from jindong.content.charts import Chart
from jindong.content.charts.common import (
    CHART_ITEMS,
    cap,
    capped_rows,
    hover,
    in_money,
    label_above,
    layout,
    money,
    more_note,
    totals_beside,
    wrap,
)
from jindong.content.charts.style import KIND_COLOURS, OKABE_ITO, label_col, tint
from jindong.content.edition import lang
from jindong.content.format import amount, compact, in_words, round_derived
from jindong.content.htmltable import HtmlTable
from jindong.content.i18n import _, n_
from jindong.content.markup import Markup, bold, italic, lines, markup
from jindong.content.vocabulary import (
    BULLETIN_2023,
    CITY_BULLETIN_2023,
    REPORT_2023,
    REPORT_CARDS,
    fact,
    facts,
    indicator,
    quote,
    source_name,
    statements,
)
from jindong.dataset.data import load

YEAR = "2023"
PLAN = REPORT_2023  # the targets
BULLETIN = BULLETIN_2023  # Jindong's outcomes: a secondary copy
CITY = CITY_BULLETIN_2023  # Jinhua's: a secondary excerpt
CARDS = REPORT_CARDS
SECTORS = ("primary", "secondary", "tertiary")
FISCAL = ["fiscal_revenue_total", "general_budget_revenue", "fiscal_expenditure_total", "general_budget_expenditure"]
JOBS = ["new_urban_jobs", "unemployed_reemployed", "hard_to_employ_placed"]
GREY = "#999999"


def scopes() -> dict[str, str]:
    """Scope words in metric names, and what they cover: a target with one of these covers only part of
    what the outcome covers."""
    return {"_above_scale": _("firms above designated size (规上)")}


def sector_words() -> dict[str, str]:
    """The three sectors as a sentence names them: the code in English ('the tertiary sector'), the
    bulletin's own term in Chinese (第三产业, from the label of its value added)."""
    if lang() != "zh":
        return {s: s for s in SECTORS}
    return {s: bulletin(f"{s}_sector_value_added").label_zh.removesuffix("增加值") for s in SECTORS}


# A figure with its unit stays on one line (1.0个百分点, 320.88亿元); so do runs of Latin letters.
_TOKEN = re.compile(
    r"[0-9A-Za-z.,%≥>~→+\-]+(?:个百分点|亿美元|亿元|万元|万人次|万人|万亩|平方公里|公里|亩|人|家|个|项|年)?|\s+|."
)
_NO_LINE_START = set("，。、；：）」”%")
_NO_LINE_END = set("（「“")
_CLAUSE_END = set("，；、：")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _greedy(tokens: list[str], width: int, clauses: bool) -> list[str]:
    """Tokens filled into lines of at most `width` (a token wider than that gets a line of its own);
    with `clauses`, a full line is cut after its last comma if that falls in its second half."""
    out, line = [], []
    for tok in tokens:
        if line and _width("".join(line + [tok])) > width and tok[0] not in _NO_LINE_START and not tok.isspace():
            cut = len(line)
            if clauses:
                commas = [
                    i + 1
                    for i, t in enumerate(line)
                    if t in _CLAUSE_END and 2 * _width("".join(line[: i + 1])) >= width
                ]
                cut = commas[-1] if commas else cut
            while cut > 1 and line[cut - 1] in _NO_LINE_END:
                cut -= 1
            out.append("".join(line[:cut]).strip())
            line = line[cut:]
        if line or not tok.isspace():
            line.append(tok)
    out.append("".join(line).strip())
    return out


def _wrap(text, width: int = 26) -> Markup:
    """wrap(), which breaks at spaces. Chinese has none: in the Chinese edition a label is broken between
    characters, `width` counting a Chinese character as two (as wide as two Latin ones), into as few
    lines as it takes: after a comma where that costs no extra line, else into lines of even length;
    never inside a figure, before closing punctuation or after an opening one."""
    text = str(text)
    if lang() != "zh":
        return wrap(text, width)
    tokens = _TOKEN.findall(text)
    at_commas, even = _greedy(tokens, width, True), _greedy(tokens, width, False)
    if len(at_commas) <= len(even):
        return lines(at_commas)
    n = len(even)
    for w in range(-(-_width(text) // n), width):  # the narrowest width that needs no more lines
        shorter = _greedy(tokens, w, False)
        if len(shorter) == n:
            return lines(shorter)
    return lines(even)


# ---------------------------------------------------------------------------------------- the data
def targets() -> pd.DataFrame:
    """The 2023 targets of the work report (chapter 3's count, one definition), with their report card."""
    ds = load()
    ind = ds.indicators
    df = ind[ind.id.isin(targets_2023().id)]
    return df.merge(ds.sections[["indicator_id", "top_id"]], left_on="id", right_on="indicator_id", how="left")


def outcomes() -> pd.DataFrame:
    """Every reported 2023 outcome (actual or estimate) for Jindong in the sources."""
    ind = load().indicators
    return ind[(ind.period == YEAR) & ind.kind.isin(["actual", "estimate"]) & (ind.region == "金东区")]


def _unscoped(metric: str) -> tuple[str, str]:
    """The metric without its scope word, and the scope ('' when it has none)."""
    for word, scope in scopes().items():
        if word in metric:
            return metric.replace(word, ""), scope
    return metric, ""


def matches() -> pd.DataFrame:
    """Each 2023 target with its outcome: 'same' metric, a 'different' measure (scope word), or 'none'."""
    t = targets()
    out = outcomes().set_index("metric")
    status, outcome_id, scope = [], [], []
    for m in t.metric:
        base, sc = _unscoped(m)
        if m in out.index:
            status.append("same"), outcome_id.append(out.loc[m, "id"]), scope.append("")
        elif sc and base in out.index:
            status.append("different"), outcome_id.append(out.loc[base, "id"]), scope.append(sc)
        else:
            status.append("none"), outcome_id.append(""), scope.append("")
    return t.assign(status=status, outcome_id=outcome_id, scope=scope)


def bulletin(metric: str, source: str = BULLETIN) -> pd.Series:
    """One 2023 figure of a statistical bulletin (Jindong's; Jinhua's with source=CITY), as a row of
    indicators.csv: the charts and the toolbar's recipes (content/derivations.py) read the same row."""
    ind = load().indicators
    hit = ind[(ind.source_id == source) & (ind.period == YEAR) & (ind.metric == metric)]
    assert len(hit) == 1, f"{source}/{metric}/{YEAR}: {len(hit)} rows"
    return hit.iloc[0]


# ------------------------------------------------------------------------------- formatting, hover
def as_short(r) -> str:
    """A compact figure for a chart label, title or text alternative, as written (7.0%, not 7%): with the
    qualifier's sign in English (≥8%), in the quote's words in Chinese (8%以上)."""
    return compact(r.value_text, r.unit, r.qualifier, r.quote)


def _hover(df: pd.DataFrame) -> list[str]:
    """The book's bilingual hover, plus the source, flagged when it is a secondary copy."""
    src = load().sources.set_index("source_id")
    return [
        lines(
            [
                h,
                italic(
                    _("{source} — secondary copy", source=source_name(sid))
                    if src.loc[sid, "reliability"] == "secondary"
                    else source_name(sid)
                ),
            ]
        )
        for h, sid in zip(hover(df), df.source_id)
    ]


def _value_label(label: str, value: str, width: int = 26) -> Markup:
    return lines([_wrap(label, width), bold(value)])


def _named(r) -> str:
    """A figure's label inside a sentence: in English lower-case with the source's term beside it
    ('industrial value added growth (工业增加值增长)'); in Chinese the term alone."""
    if lang() == "zh":
        return r.label_zh
    return f"{r.label_en.lower()} ({r.label_zh})"


# --------------------------------------------------------------------------------- derived numbers
def coverage() -> dict[str, int]:
    """How many 2023 targets have an outcome of the same metric, of a different measure, or none."""
    counts = matches().status.value_counts()
    return {"targets": int(counts.sum()), **{s: int(counts.get(s, 0)) for s in ("same", "different", "none")}}


def gdp_growth_gap() -> float:
    """Derived: 2023 GDP growth minus its target, in percentage points."""
    m = matches().set_index("metric").loc["gdp_growth"]
    return round(indicator(m.outcome_id).value - m.value, 10)


def points(gap: float) -> str:
    """A gap in percentage points, in words: '1.0 percentage point', '1.5 percentage points' (1.0个百分点)."""
    size = f"{abs(gap):.1f}"
    return n_("{size} percentage point", "{size} percentage points", 1 if abs(gap) == 1 else 2, size=size)


def jinhua_share(metric: str) -> float:
    """Derived: Jindong's share of Jinhua city's figure for 2023, in per cent."""
    return 100 * bulletin(metric).value / bulletin(metric, CITY).value


def implied_gdp_2022() -> float:
    """Derived: the 2023 GDP level divided by 2023 real growth (not the 2022 level: see derived_text)."""
    return bulletin("gdp").value / (1 + bulletin("gdp_growth").value / 100)


def derived_text() -> dict[str, str]:
    """Every derived number the chapter states, formatted for prose."""
    c = coverage()
    gap = gdp_growth_gap()
    gdp22 = load().indicators.query("source_id == @PLAN and period == '2022' and metric == 'gdp'").iloc[0]
    gdp23 = bulletin("gdp")
    jobs22 = load().indicators.query("source_id == @PLAN and period == '2022' and metric == 'new_urban_jobs'").iloc[0]
    jobs23 = bulletin("new_urban_jobs")
    return {
        "n_targets": str(c["targets"]),
        "n_same": str(c["same"]),
        "n_different": str(c["different"]),
        "n_none": str(c["none"]),
        "share_none": f"{100 * c['none'] / c['targets']:.0f}%",
        "gdp_gap": points(gap),
        "gdp_gap_direction": _("short of") if gap < 0 else _("above"),
        "jinhua_gdp_share": f"{jinhua_share('gdp'):.1f}%",
        "jinhua_revenue_share": f"{jinhua_share('general_budget_revenue'):.1f}%",
        "implied_2022": amount(f"{implied_gdp_2022():.2f}", "亿元"),
        "nominal_bound": f"{round_derived(100 * (Decimal(str(gdp23.value)) / Decimal(str(gdp22.value)) - 1), 2, '<')}%",
        "jobs_gap": amount(f"{jobs22.value * jobs22.factor - jobs23.value * jobs23.factor:.0f}", "人"),
    }


# ---------------------------------------------------------------------------------------- charts
def target_vs_outcome() -> Chart:
    """Bullet chart: each 2023 target (its zone when it is 'at least' or 'more than') and its outcome.

    Rows are labelled above the plot line rather than on the y axis, so the scale keeps the full width
    of a phone screen.
    """
    m = matches()
    m = m[m.status != "none"].sort_values("status", key=lambda s: s != "same", kind="stable").reset_index(drop=True)
    every = m
    m, left_out = cap(m, CHART_ITEMS // 2)  # a row is 190 px tall: comparable pairs first
    ind = load().indicators.set_index("id")
    out = ind.loc[m.outcome_id].reset_index()
    assert set(m.unit) | set(out.unit) == {"%"}, "the bullet chart compares growth rates only"
    top = max(m.value.max(), out.value.max()) * 1.4
    y = [-2.5 * i for i in range(len(m))]  # 2.5 units a row: the label above, then the marks
    label = label_col()
    fig = go.Figure()
    open_ = [q in (">=", ">") for q in m.qualifier]
    fig.add_trace(
        go.Bar(  # the zone a target of 'at least' / 'more than' asks for
            y=[v for v, o in zip(y, open_) if o],
            base=[v for v, o in zip(m.value, open_) if o],
            x=[top - v for v, o in zip(m.value, open_) if o],
            orientation="h",
            width=0.6,
            name=_("Target zone (≥ or > the target)"),
            marker=dict(color=tint(KIND_COLOURS["target"], 0.25)),
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=m.value,
            y=y,
            mode="markers+text",
            name=_("Target (2023 work report)"),
            marker=dict(symbol="line-ns", size=26, line=dict(width=4, color=KIND_COLOURS["target"])),
            text=[as_short(t) for t in m.itertuples()],
            textposition="top center",
            hovertext=_hover(m),
            hoverinfo="text",
        )
    )
    for status, name, symbol in (
        ("same", _("Outcome (2023 bulletin, secondary copy)"), "circle"),
        ("different", _("Outcome of a different measure"), "circle-open"),
    ):
        keep = (m.status == status).to_numpy()
        if not keep.any():
            continue
        o = out[keep]
        fig.add_trace(
            go.Scatter(
                x=o.value,
                y=[v for v, k in zip(y, keep) if k],
                mode="markers+text",
                name=name,
                marker=dict(
                    symbol=symbol,
                    size=14,
                    color=KIND_COLOURS["actual"],
                    line=dict(width=2.5, color=KIND_COLOURS["actual"]),
                ),
                text=[as_short(r) for r in o.itertuples()],
                textposition="bottom center",
                hovertext=_hover(o),
                hoverinfo="text",
            )
        )
    shapes, notes = [], []  # set once below: adding them one by one copies the layout each time
    for t, o, v in zip(m.itertuples(), out.itertuples(), y):
        if t.status == "same":  # the shortfall or excess, drawn only between comparable figures
            shapes.append(
                dict(
                    type="line",
                    x0=o.value,
                    x1=t.value,
                    y0=v,
                    y1=v,
                    line=dict(color="#888", width=2, dash="dot"),
                    layer="below",
                )
            )
            gap = round(o.value - t.value, 10)
            note = _(
                "same measure ({label}): {gap} {side} the target's threshold (derived)",
                label=o.label_zh,
                gap=amount(f"{abs(gap):.1f}", "个百分点"),
                side=_("short of") if gap < 0 else _("above"),
            )
        else:
            note = _(
                "NOT the same measure: the target covers {scope} only; the outcome, {outcome}, covers all of them",
                scope=t.scope,
                outcome=_named(o),
            )
        notes.append(
            label_above(
                markup(
                    _("<b>{label}</b>: target {target}, outcome {outcome}<br>{note}"),
                    label=_wrap(getattr(t, label), 44),
                    target=as_short(t),
                    outcome=as_short(o),
                    note=markup("<span style='font-size:11px;color:#888'>{}</span>", _wrap(note, 46)),
                ),
                v + 0.6,
                xref="paper",
                size=None,
            )
        )
    fig.update_layout(barmode="overlay", shapes=shapes, annotations=notes)
    fig.update_yaxes(visible=False, range=[y[-1] - 0.9, 1.6])
    fig.update_xaxes(title=_("Growth in {year}, %", year=YEAR), range=[0, top])
    layout(fig, height=220 + 190 * len(m))
    gdp = every[every.metric == "gdp_growth"].iloc[0]
    gdp_out = ind.loc[gdp.outcome_id]
    n_same = int((every.status == "same").sum())
    only = n_("the only {year} target", "one of {n} {year} targets", n_same, year=YEAR)
    words = dict(growth=as_short(gdp_out), year=YEAR, target=fact(gdp.id), only=only)
    if gdp_growth_gap() < 0:
        title = _(
            "GDP grew {growth} in {year}, short of its target of {target} — "
            "{only} with an outcome of the same measure in the sources",
            **words,
        )
    else:
        title = _(
            "GDP grew {growth} in {year}, meeting its target of {target} — "
            "{only} with an outcome of the same measure in the sources",
            **words,
        )
    items = [
        _(
            "{label}: target {target}, outcome {outcome_label} {outcome}",
            label=getattr(t, label),
            target=as_short(t),
            outcome_label=getattr(o, label),
            outcome=as_short(o),
        )
        if t.status == "same"
        else _(
            "{label}: target {target}, outcome {outcome_label} {outcome} (a different measure)",
            label=getattr(t, label),
            target=as_short(t),
            outcome_label=getattr(o, label),
            outcome=as_short(o),
        )
        for t, o in zip(m.itertuples(), out.itertuples())
    ]
    return Chart(
        fig,
        "ch4-target-vs-outcome",
        sources=[PLAN, BULLETIN],
        title=title,
        subtitle=_(
            "The shaded band is what each target asks for (≥ means 'at least'). Outcomes are from a "
            "secondary copy of the 2023 bulletin; the open circle measures something else and is not compared."
        )
        + more_note(len(m), left_out, _("targets with an outcome (same measure first)")),
        alt=_(
            "Bullet chart of {year} growth targets against outcomes: {items}.",
            year=YEAR,
            items=_("; ").join(items),
        ),
    )


def target_coverage() -> Chart:
    """For each report card of 2023, how many of its targets have an outcome in the sources."""
    m = matches()
    cards = load().priorities
    cards = cards[(cards.framework == CARDS) & (cards.parent_id == "")].set_index("id")
    m["card"] = m.top_id.fillna("").replace("", "outside")
    order = (["outside"] if (m.card == "outside").any() else []) + list(cards.index)  # headline targets first
    names = {
        c: _wrap(cards.loc[c, label_col()], 30)
        if c in cards.index
        else _wrap(_("Headline targets, outside the eight cards (指标任务)"), 30)
        for c in order
    }
    counts = (
        m.groupby(["card", "status"])
        .size()
        .unstack(fill_value=0)
        .reindex(index=order, columns=["same", "different", "none"], fill_value=0)
    )
    styles = {
        "same": dict(name=_("Outcome reported (same measure)"), marker_color=KIND_COLOURS["actual"]),
        "different": dict(
            name=_("Only a different measure reported"),
            marker_color=KIND_COLOURS["estimate"],
            marker_pattern_shape="/",
        ),
        "none": dict(name=_("No outcome in the sources"), marker_color=GREY),
    }
    fig = go.Figure()
    for s, st in styles.items():
        fig.add_trace(
            go.Bar(
                y=[names[c] for c in order],
                x=counts[s],
                orientation="h",
                **st,
                hovertemplate=markup(_("%{{y}}<br>{name}: %{{x}} targets<extra></extra>"), name=st["name"]),
            )
        )
    totals = counts.sum(axis=1)
    fig.add_trace(totals_beside([names[c] for c in order], totals))
    fig.update_layout(
        barmode="stack",
        legend_traceorder="normal",
        yaxis=dict(categoryorder="array", categoryarray=[names[c] for c in reversed(order)]),
    )
    fig.update_xaxes(title=_("Targets (count)"), range=[0, totals.max() * 1.15])
    layout(fig, height=200 + 58 * len(order))
    c = coverage()
    return Chart(
        fig,
        "ch4-target-coverage",
        sources=[PLAN, BULLETIN],
        title=n_(
            "Only {n} of the {total} targets set for {year} has an outcome in these sources; {none} have none",
            "Only {n} of the {total} targets set for {year} have an outcome in these sources; {none} have none",
            c["same"],
            total=c["targets"],
            year=YEAR,
            none=c["none"],
        ),
        subtitle=_(
            "The 2023 targets of the work report under each of its eight report cards (八张“高质量报表”), "
            "by whether the 2023 bulletin's excerpt (a secondary copy) reports an outcome."
        ),
        alt=_(
            "Stacked bar chart of the {year} targets by report card: {items}.",
            year=YEAR,
            items=_("; ").join(
                _(
                    "{card}: {total} targets, {same} with an outcome",
                    card=cards.loc[k, label_col()] if k in cards.index else _("outside the cards"),
                    total=totals[k],
                    same=counts.loc[k, "same"],
                )
                for k in order
            ),
        ),
    )


def _sector_name(r) -> str:
    """'Primary sector' (第一产业): a sector's value-added label without 'value added'."""
    return r[label_col()].replace("-sector value added", " sector").removesuffix("增加值")


def sectors() -> Chart:
    """The three sectors of 2023 GDP: value added, stated share and growth; industry inside the secondary."""
    rows = {s: bulletin(f"{s}_sector_value_added") for s in SECTORS}
    shares = {s: bulletin(f"{s}_sector_share_of_gdp") for s in SECTORS}
    growth = {s: bulletin(f"{s}_sector_value_added_growth") for s in SECTORS}
    industry, industry_growth = bulletin("industrial_value_added"), bulletin("industrial_value_added_growth")
    gdp = bulletin("gdp")
    df = pd.DataFrame(list(rows.values()))
    names = [
        lines(
            [
                _wrap(_sector_name(r), 24),
                bold(f"{amount(r.value_text, r.unit)} · {as_short(shares[s])}"),
                _("growth +{rate}%", rate=growth[s].value_text),
            ]
        )
        for s, r in rows.items()
    ]
    fig = go.Figure(
        go.Bar(
            x=in_money(df),
            y=names,
            orientation="h",
            width=0.7,
            name=_("Sector value added (share of GDP)"),
            marker_color=KIND_COLOURS["actual"],
            hovertext=_hover(df),
            hoverinfo="text",
        )
    )
    ind_df = pd.DataFrame([industry])
    fig.add_trace(
        go.Bar(
            x=in_money(ind_df),
            y=[names[1]],
            orientation="h",
            width=0.3,
            name=_(
                "of which industry (工业): {amount}, +{rate}%",
                amount=amount(industry.value_text, industry.unit),
                rate=industry_growth.value_text,
            ),
            marker=dict(color="rgba(255,255,255,0.55)", line=dict(color="#333", width=1)),
            hovertext=_hover(ind_df),
            hoverinfo="text",
        )
    )
    fig.update_layout(barmode="overlay", yaxis=dict(categoryorder="array", categoryarray=list(reversed(names))))
    fig.update_xaxes(title=money().unit)
    layout(fig, height=380)
    big = max(SECTORS, key=lambda s: shares[s].value)
    second, third = sorted((s for s in SECTORS if s != big), key=lambda s: -shares[s].value)
    word = sector_words()
    return Chart(
        fig,
        "ch4-sectors",
        sources=[BULLETIN],
        title=_(
            "The {big} sector made up {big_share} of Jindong's {year} GDP of {gdp}; "
            "the {second} {second_share}, the {third} {third_share}",
            big=word[big],
            big_share=as_short(shares[big]),
            year=YEAR,
            gdp=amount(gdp.value_text, gdp.unit),
            second=word[second],
            second_share=as_short(shares[second]),
            third=word[third],
            third_share=as_short(shares[third]),
        ),
        subtitle=_(
            "Value added by sector, with the share of GDP and real growth the bulletin states (secondary "
            "copy). The inner bar is industry (工业), part of the secondary sector."
        ),
        alt=_(
            "Bar chart of Jindong's {year} GDP by sector: {items}; industry {industry} within the secondary sector.",
            year=YEAR,
            items=_("; ").join(
                _(
                    "{sector} {amount} ({share}% of GDP, growth {rate}%)",
                    sector=word[s],
                    amount=amount(rows[s].value_text, "亿元"),
                    share=shares[s].value_text,
                    rate=growth[s].value_text,
                )
                for s in SECTORS
            ),
            industry=amount(industry.value_text, "亿元"),
        ),
    )


def fiscal() -> Chart:
    """Fiscal revenue and expenditure in 2023, totals and their general-budget parts, with growth."""
    df = pd.DataFrame([bulletin(m) for m in FISCAL])
    growth = [bulletin(f"{m}_growth") for m in FISCAL]
    labels = [getattr(r, label_col()) for r in df.itertuples()]
    names = [
        lines(
            [
                _wrap(
                    _("of which: {label}", label=label[0].lower() + label[1:]) if m.startswith("general") else label, 22
                ),
                bold(amount(r.value_text, r.unit)),
                _("+{rate}% like-for-like", rate=g.value_text)
                if "同口径" in g.quote
                else _("+{rate}%", rate=g.value_text),
            ]
        )
        for m, label, r, g in zip(FISCAL, labels, df.itertuples(), growth)
    ]
    side = ["revenue" if "revenue" in m else "expenditure" for m in FISCAL]
    colours = {"revenue": OKABE_ITO[2], "expenditure": OKABE_ITO[5]}
    side_names = {"revenue": _("Revenue"), "expenditure": _("Expenditure")}
    fig = go.Figure()
    for s in ("revenue", "expenditure"):
        keep = [x == s for x in side]
        part = df[keep]
        fig.add_trace(
            go.Bar(
                x=in_money(part),
                y=[n for n, k in zip(names, keep) if k],
                orientation="h",
                name=side_names[s],
                marker=dict(
                    color=colours[s], pattern_shape=["/" if m.startswith("general") else "" for m in part.metric]
                ),
                hovertext=_hover(part),
                hoverinfo="text",
            )
        )
    fig.update_layout(yaxis=dict(categoryorder="array", categoryarray=list(reversed(names))))
    fig.update_xaxes(title=_("{year}, {unit}", year=YEAR, unit=money().unit))
    layout(fig, height=480)
    rev, exp = df.iloc[0], df.iloc[2]
    return Chart(
        fig,
        "ch4-fiscal",
        sources=[BULLETIN],
        title=_(
            "Total fiscal revenue rose {revenue_rate}% to {revenue} in {year}; "
            "total spending rose {spending_rate}% to {spending}",
            revenue_rate=growth[0].value_text,
            revenue=amount(rev.value_text, rev.unit),
            year=YEAR,
            spending_rate=growth[2].value_text,
            spending=amount(exp.value_text, exp.unit),
        ),
        subtitle=_(
            "Fiscal totals and their general public budget parts (hatched), with growth on 2022, from a "
            "secondary copy of the 2023 bulletin. 'Like-for-like' renders 同口径."
        ),
        alt=_(
            "Bar chart of Jindong's {year} public finances: {items}.",
            year=YEAR,
            items=_("; ").join(
                _(
                    "{label} {amount}, growth {rate}%",
                    label=label,
                    amount=amount(r.value_text, r.unit),
                    rate=g.value_text,
                )
                for label, r, g in zip(labels, df.itertuples(), growth)
            ),
        ),
    )


def jobs() -> Chart:
    """Jobs in 2023 (bulletin), beside the 2022 figure for new urban jobs (work report)."""
    ind = load().indicators
    df = pd.DataFrame([bulletin(m) for m in JOBS])
    prior = ind[(ind.source_id == PLAN) & (ind.period == "2022") & (ind.metric == "new_urban_jobs")]
    both = pd.concat([prior, df])
    people = both.value * both.factor
    label = label_col()

    def figure(r) -> str:
        return _("{value} people", value=as_short(r)) if r.unit in ("人", "万人") else as_short(r)

    names = [
        _value_label(_("{label} ({period})", label=getattr(r, label), period=r.period), figure(r), 28)
        for r in both.itertuples()
    ]
    fig = go.Figure(
        go.Bar(
            x=people,
            y=names,
            orientation="h",
            marker=dict(
                color=[GREY if p == "2022" else KIND_COLOURS["actual"] for p in both.period],
                pattern_shape=["/" if q != "=" else "" for q in both.qualifier],
            ),
            hovertext=_hover(both),
            hoverinfo="text",
            showlegend=False,
        )
    )
    fig.update_layout(yaxis=dict(categoryorder="array", categoryarray=list(reversed(names))))
    fig.update_xaxes(title=_("People"), tickformat=",d")
    layout(fig, height=400, legend=False)
    new, old = df.iloc[0], prior.iloc[0]
    fewer = new.value * new.factor < old.value * old.factor and old.qualifier in (">", ">=")
    words = dict(
        jobs=amount(new.value_text, new.unit),
        year=YEAR,
        before=in_words(old.value_text, old.unit, old.qualifier, old.quote),
        prior=old.period,
    )
    if fewer:
        title = _(
            "{jobs} new urban jobs in {year}, fewer than the “{before}” the work report gives for {prior}", **words
        )
    else:
        title = _("{jobs} new urban jobs in {year}, against the “{before}” the work report gives for {prior}", **words)
    return Chart(
        fig,
        "ch4-jobs",
        sources=[BULLETIN, PLAN],
        title=title,
        subtitle=_(
            "Jobs figures of the 2023 bulletin (secondary copy, blue) and the 2022 figure of the work "
            "report (grey; hatched: a lower bound, 'more than')."
        ),
        alt=_(
            "Bar chart of jobs: {items}.",
            items=_("; ").join(
                _("{label} {period}: {value}", label=getattr(r, label), period=r.period, value=as_short(r))
                for r in both.itertuples()
            ),
        ),
    )


def jinhua_share_chart() -> Chart:
    """Jindong's part of Jinhua city's 2023 GDP and budget revenue (derived shares).

    Row labels sit above the bars (not on the y axis) so the bars keep the width of a phone screen.
    """
    metrics = ["gdp", "general_budget_revenue"]
    jd = pd.DataFrame([bulletin(m) for m in metrics])
    jh = pd.DataFrame([bulletin(m, CITY) for m in metrics])
    shares = [jinhua_share(m) for m in metrics]
    y = [-1.2 * i for i in range(len(metrics))]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=shares,
            y=y,
            orientation="h",
            width=0.4,
            name=_("Jindong (金东区)"),
            marker_color=OKABE_ITO[0],
            hovertext=[
                lines([h, _("Derived share of Jinhua: {share}%", share=f"{s:.1f}")]) for h, s in zip(_hover(jd), shares)
            ],
            hoverinfo="text",
        )
    )
    fig.add_trace(
        go.Bar(
            x=[100 - s for s in shares],
            y=y,
            orientation="h",
            width=0.4,
            name=_("Rest of Jinhua city (derived)"),
            marker=dict(color="rgba(153,153,153,0.35)", line=dict(color="#999", width=1)),
            hovertext=[
                lines([h, _("Rest of the city (derived): {share}%", share=f"{100 - s:.1f}")])
                for h, s in zip(_hover(jh), shares)
            ],
            hoverinfo="text",
        )
    )
    fig.add_trace(
        go.Scatter(  # the derived share, written beside Jindong's slice
            x=shares,
            y=y,
            mode="text",
            text=[_("  <b>{share}%</b> Jindong", share=f"{s:.1f}") for s in shares],
            textposition="middle right",
            showlegend=False,
            hoverinfo="skip",
        )
    )
    for r, c, v in zip(jd.itertuples(), jh.itertuples(), y):
        fig.add_annotation(
            label_above(
                markup(
                    _("<b>{label}, {year}</b><br>Jindong {amount} of Jinhua's {city}"),
                    label=getattr(r, label_col()),
                    year=YEAR,
                    amount=amount(r.value_text, r.unit),
                    city=amount(c.value_text, c.unit),
                ),
                v + 0.25,
                xref="paper",
                size=None,
            )
        )
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    fig.update_yaxes(visible=False, range=[y[-1] - 0.4, 0.85])
    fig.update_xaxes(title=_("Share of Jinhua city, % (derived)"), range=[0, 100])
    layout(fig, height=360)
    return Chart(
        fig,
        "ch4-jinhua-share",
        sources=[BULLETIN, CITY],
        title=_(
            "Jindong produced {gdp_share}% of Jinhua's {year} GDP and raised {revenue_share}% of its "
            "general public budget revenue (derived)",
            gdp_share=f"{shares[0]:.1f}",
            year=YEAR,
            revenue_share=f"{shares[1]:.1f}",
        ),
        subtitle=_(
            "Jindong's figures divided by the city's, both from secondary copies of the 2023 bulletins. "
            "The shares are derived here, not stated by either source."
        ),
        alt=_(
            "Stacked bar chart of Jindong's share of Jinhua city in {year}: {items}.",
            year=YEAR,
            items=_("; ").join(
                _("{label} {share}%", label=getattr(r, label_col()), share=f"{s:.1f}")
                for r, s in zip(jd.itertuples(), shares)
            ),
        ),
    )


# ---------------------------------------------------------------------------------------- tables
def coverage_table(status: str) -> HtmlTable:
    """The 2023 targets with the given match status, with their outcome where there is one."""
    m = matches()
    m = m[m.status == status]
    ind = load().indicators.set_index("id")
    value = _("Value")
    columns = {
        _("Target"): m[label_col()].values,
        value: [as_short(r) for r in m.itertuples()],
        _("Outcome"): [
            _("{label}: {value}", label=ind.loc[o, label_col()], value=as_short(ind.loc[o])) if o else "—"
            for o in m.outcome_id
        ],
    }
    if lang() != "zh":  # the source's term beside the English label
        columns["中文"] = m.label_zh.values
    return HtmlTable(pd.DataFrame(columns), numeric=(value,))


def outcomes_table() -> HtmlTable:
    """Every 2023 outcome of the bulletin, as a table."""
    df = outcomes()
    value = _("Value")
    columns = {_("Outcome"): df[label_col()].values, value: [as_short(r) for r in df.itertuples()]}
    if lang() != "zh":  # the source's term beside the English label
        columns["中文"] = df.label_zh.values
    columns[_("Source")] = [
        _("{source} (secondary)", source=source_name(s)) if r == "secondary" else source_name(s)
        for s, r in zip(df.source_id, df.reliability)
    ]
    return HtmlTable(capped_rows(pd.DataFrame(columns), noun=_("outcomes")), numeric=(value,))


FACTS = {
    "gdp_target": "jd_gwr_2023-t002",
    "gdp_growth": "jd_bulletin_2023-a002",
    "gdp": "jd_bulletin_2023-a001",
    "ind_target": "jd_gwr_2023-t003",
    "ind_growth": "jd_bulletin_2023-a008",
    "ind_va": "jd_bulletin_2023-a007",
    "gdp_2022": "jd_gwr_2023-r001",
    "gbr": "jd_bulletin_2023-a016",
    "gbr_growth": "jd_bulletin_2023-a017",
    "fai_target": "jd_gwr_2023-t026",
    "fai_growth_target": "jd_gwr_2023-t027",
    "retail_target": "jd_gwr_2023-t020",
    "fdi_target": "jd_gwr_2023-t064",
    "hightech_target": "jd_gwr_2023-t051",
    "primary": "jd_bulletin_2023-a003",
    "secondary": "jd_bulletin_2023-a005",
    "tertiary": "jd_bulletin_2023-a009",
    "primary_share": "jd_bulletin_2023-a011",
    "secondary_share": "jd_bulletin_2023-a012",
    "tertiary_share": "jd_bulletin_2023-a013",
    "primary_growth": "jd_bulletin_2023-a004",
    "secondary_growth": "jd_bulletin_2023-a006",
    "tertiary_growth": "jd_bulletin_2023-a010",
    "farm": "jd_bulletin_2023-a025",
    "rev": "jd_bulletin_2023-a014",
    "rev_growth": "jd_bulletin_2023-a015",
    "exp": "jd_bulletin_2023-a018",
    "exp_growth": "jd_bulletin_2023-a019",
    "gbe": "jd_bulletin_2023-a020",
    "gbe_growth": "jd_bulletin_2023-a021",
    "jobs": "jd_bulletin_2023-a022",
    "reemployed": "jd_bulletin_2023-a023",
    "hard": "jd_bulletin_2023-a024",
    "jobs_2022": "jd_gwr_2023-r087",
    "jh_gdp": "jh_bulletin_2023-a001",
    "jh_growth": "jh_bulletin_2023-a002",
}
KEY_FIGURES = [
    "jd_gwr_2023-t002",
    "jd_bulletin_2023-a002",
    "jd_gwr_2023-t003",
    "jd_bulletin_2023-a008",
    "jd_bulletin_2023-a001",
    "jd_bulletin_2023-a014",
    "jd_bulletin_2023-a022",
    "jh_bulletin_2023-a001",
]
# The source's own words for the headline target and outcome, by their name in the prose.
QUOTES = {
    "q_gdp_target": "jd_gwr_2023-t002",
    "q_ind_target": "jd_gwr_2023-t003",
    "q_growth": "jd_bulletin_2023-a002",
    "q_ind": "jd_bulletin_2023-a008",
}


def prose() -> dict[str, str]:
    """Every number and phrase the chapter's prose shows, by name (the notebook glues them)."""
    return {
        **facts(FACTS),
        **derived_text(),
        **{name: quote("indicators", indicator_id) for name, indicator_id in QUOTES.items()},
        **statements({"in_step": "jd_gwr_2023-s02"}),
        "target_count": target_count_text(),
    }
