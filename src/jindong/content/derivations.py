"""How the charts' numbers that are not a figure of indicators.csv were made: counts of figures or plan
items, shares, key-word rates, the dates and terms of the sources. One recipe per chart, by its id.

A chart that plots figures with the book's hover (charts.common.hover) needs none: its points are
recognised by their hover (charts/plotted.py). The others plot numbers the book computed; a recipe gives
each point its `Origin` — the rows of data/ behind it and how the number was made — reading the same
data the chapter module reads (its own functions where it has them) and finding the point's place in
the data from the figure (a trace's legend group, a treemap's ids) or from the chart's order of traces.
plotted.py checks every number a recipe gives against the plotted one, so a chart and its recipe that
drift apart stop the build, naming the chart, instead of shipping a CSV that disagrees with the picture.
"""

from __future__ import annotations

import pandas as pd

from jindong.content.chapters import (
    about,
    allout2026,
    evolution,
    explorer,
    neighbour,
    outcomes,
    plans,
    results_2022,
    targets,
)
from jindong.content.charts.common import money_amount
from jindong.content.charts.datatable import plain
from jindong.content.charts.plotted import Origin, counted, recipe
from jindong.content.documents import documents
from jindong.content.i18n import _
from jindong.content.vocabulary import KINDS
from jindong.dataset.data import load


def _ids(df: pd.DataFrame, **where) -> list[str]:
    """The ids of the rows of df whose columns equal the given values."""
    keep = pd.Series(True, index=df.index)
    for column, value in where.items():
        keep &= df[column] == value
    return list(df.loc[keep, "id"])


def _figures_counted() -> str:
    return _("count of the figures of indicators.csv listed in from_ids")


def _items_counted() -> str:
    return _("count of the plan items of priorities.csv listed in from_ids")


def _terms_counted() -> str:
    return _("count of the glossary terms of terms.csv listed in from_ids")


def _one_item() -> str:
    """How a box or bar segment that is one plan item is plotted."""
    return _("one plan item, drawn as one box")


def _by_hover(points, hovers: dict[str, str], make) -> list:
    """Origins of points recognised by their hover text (hovers: text -> row id)."""
    return [make(hovers[p.hover]) if p.hover in hovers else None for p in points]


# ---------------------------------------------------------------- chapter 1


@recipe("ch1-source-timeline")
def _source_timeline(chart, points):

    src = about.sources()
    hovers = {str(h): s for h, s in zip(about.source_hover(src), src.source_id)}
    method = _("the source's date in sources.csv (delivered or held, else published)")
    return _by_hover(points, hovers, lambda s: Origin("sources", (s,), method))


@recipe("ch1-figures-by-source")
def _figures_by_source(chart, points):

    ind = load().indicators
    sources = list(about.figure_counts().index)
    return [
        counted("indicators", _ids(ind, source_id=sources[p.index], kind=KINDS[p.trace]), _figures_counted())
        for p in points
    ]


# ---------------------------------------------------------------- chapter 2


@recipe("ch2-figures-by-area")
def _figures_by_area(chart, points):

    df = results_2022.results_2022()
    df = df[df.top_id.str.startswith(results_2022.AREAS, na=False)]
    out = []
    for p in points:
        theme = chart.fig.data[p.trace].legendgroup
        areas = df[df.theme == theme].groupby("top_id").size().index  # the trace's bars, in the chart's order
        out.append(counted("indicators", _ids(df, theme=theme, top_id=areas[p.index]), _figures_counted()))
    return out


# ---------------------------------------------------------------- chapter 3


@recipe("ch3-targets-by-card")
def _targets_by_card(chart, points):

    df = targets.targets_2023()
    out = []
    for p in points:
        theme = chart.fig.data[p.trace].legendgroup
        cards = df[df.theme == theme].groupby("card").size().index
        out.append(counted("indicators", _ids(df, theme=theme, card=cards[p.index]), _figures_counted()))
    return out


@recipe("ch3-investment")
def _investment(chart, points):
    """The two implied numbers (hatched, the last bar of each panel): derived from the other figures;
    the hover states the formula, which is the method."""

    inv = targets.investment()
    implied = {
        0: (("base", "growth"), money_amount(inv["implied_level"], inv["base"].unit)),
        1: (("level", "base"), float(inv["implied_growth"])),
    }
    out = []
    for p in points:
        if p.index != 2:
            out.append(None)  # the 2022 result and the target: figures, recognised by their hover
            continue
        keys, value = implied[p.trace]
        ids = tuple(inv[k].name for k in keys)  # rows of indicators.csv indexed by id
        out.append(Origin("indicators", ids, plain(p.hover), derived=True, value=value))
    return out


# ---------------------------------------------------------------- chapter 4


@recipe("ch4-jinhua-share")
def _jinhua_share(chart, points):

    metrics = ["gdp", "general_budget_revenue"]
    out = []
    for p in points:
        m = metrics[p.index]
        jd, jh = outcomes.bulletin(m), outcomes.bulletin(m, outcomes.CITY)
        share = outcomes.jinhua_share(m)
        if p.trace == 0:
            method = _(
                "{jindong} ÷ {city} × 100: Jindong's figure as a per cent of Jinhua city's", jindong=jd.id, city=jh.id
            )
            out.append(Origin("indicators", (jd.id, jh.id), method, derived=True, value=share))
        else:
            method = _("100 − ({jindong} ÷ {city} × 100): the rest of Jinhua city", jindong=jd.id, city=jh.id)
            out.append(Origin("indicators", (jd.id, jh.id), method, derived=True, value=100 - share))
    return out


@recipe("ch4-target-coverage")
def _target_coverage(chart, points):

    m = outcomes.matches()
    m["card"] = m.top_id.fillna("").replace("", "outside")
    cards = load().priorities
    cards = cards[(cards.framework == outcomes.CARDS) & (cards.parent_id == "")]
    order = (["outside"] if (m.card == "outside").any() else []) + list(cards.id)
    status = ["same", "different", "none"]
    method = _("count of the 2023 targets of indicators.csv listed in from_ids")
    return [counted("indicators", _ids(m, card=order[p.index], status=status[p.trace]), method) for p in points]


# ---------------------------------------------------------------- chapters 5 and 6


def _item_hovers() -> dict[str, str]:

    pri = load().priorities
    return {str(h): i for h, i in zip(plans.item_hover(pri), pri.id)}


@recipe("ch5-figures-per-source")
def _figures_per_source(chart, points):

    df = plans.figure_density()
    kinds = [k for k in KINDS if df[k].sum() > 0]  # a trace per kind the primary texts have
    ind = load().indicators
    return [
        counted("indicators", _ids(ind, source_id=df.source_id[p.index], kind=kinds[p.trace]), _figures_counted())
        for p in points
    ]


@recipe("ch5-ten-by-theme")
@recipe("ch6-tasks-by-theme")
def _items_by_theme(chart, points):
    return _by_hover(points, _item_hovers(), lambda i: Origin("priorities", (i,), _one_item(), value=1.0))


@recipe("ch5-areas-to-cards")
def _areas_to_cards(chart, points):

    areas, cards, subs = plans.items(plans.LEAD), plans.items(plans.CARDS), plans.sub_items(plans.CARDS)
    method = _(
        "count of the items of the report card (its heading and its groups) with the area's theme, listed in from_ids"
    )
    out = []
    for p in points:
        r, c = p.index
        card = cards.iloc[c]
        members = pd.concat([cards[cards.id == card.id], subs[subs.parent_id == card.id]])
        out.append(counted("priorities", members[members.theme == areas.iloc[r].theme].id, method))
    return out


@recipe("ch6-plan-structure")
def _plan_structure(chart, points):

    ids = list(chart.fig.data[0].ids)
    out = []
    for p in points:
        box = ids[p.index]
        if box in plans.FRAMEWORKS_2025:  # a list's header: its items, counted
            out.append(counted("priorities", plans.items(box).id, _items_counted()))
        else:
            out.append(Origin("priorities", (box,), _one_item(), value=1.0))
    return out


@recipe("ch6-themes-across")
def _themes_across(chart, points):

    counts = plans.theme_counts(plans.FRAMEWORKS_2025)
    items = pd.concat([plans.items(f) for f in plans.FRAMEWORKS_2025])
    out = []
    for p in points:
        theme = chart.fig.data[p.trace].legendgroup
        frameworks = [f for f, n in counts.loc[theme].items() if n > 0]
        out.append(counted("priorities", _ids(items, theme=theme, framework=frameworks[p.index]), _items_counted()))
    return out


# ---------------------------------------------------------------- chapter 7


@recipe("ch7-commitments")
def _commitments(chart, points):

    df = allout2026.commitments()
    out = []
    for p in points:
        theme = chart.fig.data[p.trace].legendgroup
        departments = df[df.theme == theme].groupby("parent_id").size().index
        method = _("count of the department's commitments (priorities.csv) listed in from_ids")
        out.append(counted("priorities", _ids(df, theme=theme, parent_id=departments[p.index]), method))
    return out


@recipe("ch7-themes")
def _themes(chart, points):

    df = allout2026.commitments()
    method = _("number of departments that make at least one of the commitments (priorities.csv) listed in from_ids")
    out = []
    for p in points:
        part = df[df.theme == chart.fig.data[p.trace].legendgroup]
        out.append(Origin("priorities", tuple(part.id), method, derived=True, value=float(part.parent_id.nunique())))
    return out


# ---------------------------------------------------------------- chapter 8


@recipe("ch8-priorities")
def _priorities(chart, points):

    df = neighbour.plans()
    th = load().themes.theme
    themes = [t for t in th if t in set(df.theme)]  # the chart's rows
    frameworks = [neighbour.JD_PLAN, neighbour.YK_PLAN]  # its traces, in that order
    return [
        counted("priorities", _ids(df, framework=frameworks[p.trace], theme=themes[p.index]), _items_counted())
        for p in points
    ]


# ---------------------------------------------------------------- chapter 9


@recipe("ch9-plan-themes")
def _plan_themes(chart, points):

    items = evolution.plan_items()
    n = items.groupby("framework").size()
    themes = [t for t in load().themes.theme if (items.theme == t).any()]  # a trace per theme with items
    method = _("share of the structure's items under the theme: the items listed in from_ids ÷ all its items × 100")
    out = []
    for p in points:
        theme = themes[p.trace]
        frameworks = items[items.theme == theme].groupby("framework").size().index
        f = frameworks[p.index]
        ids = _ids(items, theme=theme, framework=f)
        out.append(Origin("priorities", tuple(ids), method, derived=True, value=100 * len(ids) / n[f]))
    return out


@recipe("ch9-term-timeline")
def _term_timeline(chart, points):

    df = evolution.term_cohorts()
    dots = []  # (term, text) in the order the chart draws them: by cohort, then term, then text
    for cohort in evolution.COHORTS:
        for r in df[df.cohort == cohort].itertuples():
            dots += [(r.term_id, sid) for sid in r.texts]
    method = _("the glossary term is written in this text: terms.csv lists it among the term's sources")
    texts = documents().set_index("source_id").short
    # a dot whose column is not the text the data put there has no origin (the build then stops)
    return [
        Origin("terms", (term_id,), method) if n < len(points) and points[n].category == texts[sid] else None
        for n, (term_id, sid) in enumerate(dots)
    ]


@recipe("ch9-term-turnover")
def _term_turnover(chart, points):

    docs = documents()
    docs = docs[docs.home].reset_index(drop=True)
    pres = evolution.term_presence()
    seen: set[str] = set()
    split = []
    for sid in docs.source_id:
        terms = set(pres[pres.home & (pres.source_id == sid)].term_id)
        split.append((sorted(terms & seen), sorted(terms - seen)))
        seen |= terms
    return [counted("terms", split[p.index][p.trace], _terms_counted()) for p in points]


def _rate_method() -> str:
    return _(
        "key words of the theme per 10,000 words of the text: hits × 10,000 ÷ words "
        "(derived/theme_counts.csv, counted with jieba)"
    )


@recipe("ch9-theme-heatmap")
def _theme_heatmap(chart, points):

    tc = load().theme_counts.set_index(["source_id", "theme"])
    themes, texts = list(load().themes.theme), list(documents().source_id)
    out = []
    for p in points:
        r, c = p.index
        key = (texts[c], themes[r])
        out.append(Origin("theme_counts", ("/".join(key),), _rate_method(), derived=True, value=tc.loc[key, "per_10k"]))
    return out


@recipe("ch9-theme-shift")
def _theme_shift(chart, points):

    df = evolution.theme_shift()
    w = evolution.theme_weights()
    w = w[w.home]
    method = _(
        "hits of the theme's key words in the texts of the period, pooled, × 10,000 ÷ their words "
        "(derived/theme_counts.csv rows listed in from_ids)"
    )
    out = []
    for p in points:
        late = p.trace == 2  # trace 0: the connectors; 1: the 2023 texts; 2: the 2025–26 texts
        r = df.iloc[p.index]
        rows = w[(w.late == late) & (w.theme == r.theme)]
        ids = tuple(f"{s}/{r.theme}" for s in rows.source_id)
        out.append(Origin("theme_counts", ids, method, derived=True, value=r.late if late else r.early))
    return out


# ---------------------------------------------------------------- chapter 10


@recipe("ch10-explorer")
def _explorer(chart, points):

    options = [explorer.ALL, *explorer.source_labels()]
    themes = list(load().themes.theme)
    per_option = len(KINDS) + 1  # a bar per kind, then the option's table
    out = []
    for p in points:
        option, kind = divmod(p.trace, per_option)
        rows = explorer.figures(options[option], themes[p.index], [KINDS[kind]])
        out.append(counted("indicators", rows.id, _figures_counted()))
    return out
