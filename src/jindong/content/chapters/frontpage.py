"""The home page — the book's story in thirty seconds: headline cards, one chart, and its limits.

Every number is read from the data: the figures of the cards are rows of indicators.csv (chosen
here by id, as a chapter's notebook does), the 2025 and 2026 cards are items of priorities.csv, and
the counts of what the sources cannot tell come from chapter 4's matching (outcomes.coverage) and
sources.csv. Cards are escaped HTML (no script), with a plain table for the PDF edition. Words
around the data go through `_()` (content/i18n.py; their Chinese is in frontpage.po), so the Chinese
edition calls the same functions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from jindong.content.chapters import outcomes
from jindong.content.charts import Chart
from jindong.content.charts.common import hover, layout
from jindong.content.charts.style import KIND_COLOURS, bilingual, label_col, other_label_col, tint
from jindong.content.edition import lang
from jindong.content.format import as_written, compact, in_words, short, target_text
from jindong.content.htmltable import HtmlTable
from jindong.content.i18n import _, n_
from jindong.content.markup import Markup, escape, italic, lines, markup
from jindong.content.vocabulary import (
    BREAKTHROUGHS,
    CORE_TASKS_2026,
    Prose,
    fact,
    indicator,
    kind_name,
    local,
    source_name,
)
from jindong.dataset.data import load

GDP_2022 = "jd_gwr_2023-r001"  # 突破300亿元
GROWTH_2022 = "jd_gwr_2023-r002"  # 增长0.8%
TARGET_2023 = "jd_gwr_2023-t002"  # 增长8%以上
OUTCOME_2023 = "jd_bulletin_2023-a002"  # 同比增长7.0% (secondary copy)
CORE_TASKS = CORE_TASKS_2026


def card_heading(key: str) -> str:
    return {
        "2022": _("2022 in numbers"),
        "2023": _("2023: target and outcome"),
        "2025": _("2025: the plan"),
        "2026": _("2026: the commitments"),
    }[key]


def table_columns() -> list[str]:
    """The cards table's header (PDF edition, plain text)."""
    return [_("Figure"), _("Value"), _("As written"), _("Year"), _("Kind"), _("Source"), _("See")]


def plan_kind() -> str:
    """The kind line of a plan card."""
    return _("items listed without figures")


@dataclass
class Card:
    """One headline card: its figures (indicator rows) or plan items, period, kind and where it comes from."""

    key: str
    heading: str
    period: str
    chapter: str  # notebook stem, e.g. "04-did-2023-deliver"
    anchor: str  # a figure's :name: or a section's id on that chapter's page
    figures: list[pd.Series] = field(default_factory=list)
    items: list[str] = field(default_factory=list)  # plan items, in the book's language
    items_other: list[str] = field(default_factory=list)  # the same in the other language
    group: str = ""  # the plan's own name for the list, in the book's language
    group_zh: str = ""  # ... and in Chinese as the source writes it
    note: str = ""  # a derived comparison, labelled as such
    source_ids: list[str] = field(default_factory=list)

    @property
    def href(self) -> str:
        return f"chapters/{self.chapter}.html#{self.anchor}"


# ---------------------------------------------------------------------------------------- the data
def row(indicator_id: str) -> pd.Series:
    return indicator(indicator_id).rename(indicator_id)


def secondary(source_id: str) -> bool:
    return load().sources.set_index("source_id").loc[source_id, "reliability"] == "secondary"


def plan_items(framework: str) -> pd.DataFrame:
    """The top-level items of a plan that share its first item's heading (the 2026 meeting's slogan,
    listed under another heading, is not one of the core tasks)."""
    p = load().priorities
    top = p[(p.framework == framework) & (p.parent_id == "")].sort_values("order")
    return top[top.group_zh == top.iloc[0].group_zh]


def gap_note(gap: str, side: str) -> str:
    """The card's derived comparison of the outcome with the target's floor."""
    if side == "short":
        return _("{gap} short of the target's floor (derived)", gap=gap)
    return _("{gap} above the target's floor (derived)", gap=gap)


def growth_gap() -> tuple[str, str]:
    """The 2023 outcome against the target's floor: ('1.0 percentage point', 'short') — derived in chapter 4."""
    gap = outcomes.gdp_growth_gap()
    return outcomes.points(gap), ("short" if gap < 0 else "above")


def _plan_card(key: str, framework: str, chapter: str, anchor: str) -> Card:
    f = load().frameworks.set_index("framework").loc[framework]
    items = plan_items(framework)
    return Card(
        key,
        card_heading(key),
        f.period,
        chapter,
        anchor,
        items=list(items[label_col()]),
        items_other=list(items[other_label_col()]),
        group=items.iloc[0][label_col().replace("label", "group")],
        group_zh=items.iloc[0].group_zh,
        source_ids=[f.source_id],
    )


def cards() -> list[Card]:
    """The four headline cards: 2022's GDP and growth, 2023's growth target against its outcome,
    the three breakthroughs of 2025 and the core tasks of 2026."""
    gap, side = growth_gap()
    return [
        Card(
            "2022",
            card_heading("2022"),
            row(GDP_2022).period,
            "02-2022-in-numbers",
            "fig-ch2-headline-levels",
            figures=[row(GDP_2022), row(GROWTH_2022)],
            source_ids=[row(GDP_2022).source_id],
        ),
        Card(
            "2023",
            card_heading("2023"),
            row(TARGET_2023).period,
            "04-did-2023-deliver",
            "fig-ch4-target-vs-outcome",
            figures=[row(TARGET_2023), row(OUTCOME_2023)],
            note=gap_note(gap, side),
            source_ids=[row(TARGET_2023).source_id, row(OUTCOME_2023).source_id],
        ),
        _plan_card("2025", BREAKTHROUGHS, "06-2025-three-breakthroughs", "fig-ch6-plan-structure"),
        _plan_card("2026", CORE_TASKS, "07-2026-go-all-out", "ch7-frame"),
    ]


# ---------------------------------------------------------------------------------------- the cards
def value_text(r: pd.Series) -> str:
    """The figure in the card's large type: '>¥30 billion' (English) or '>300 亿元' (Chinese edition)."""
    return short(r.value_text, r.unit, r.qualifier) if lang() == "en" else target_text(r)


def kind_text(r: pd.Series) -> str:
    """'target', 'outcome · secondary copy', …"""
    if secondary(r.source_id):
        return _("{kind} · secondary copy", kind=kind_name(r.kind))
    return kind_name(r.kind)


def dated(period: str, kind: str) -> str:
    """A card's kind line: '2023 · target'."""
    return _("{period} · {kind}", period=period, kind=kind)


def _figure_html(r: pd.Series) -> str:
    shown = value_text(r)
    written = as_written(r.value_text, r.unit, r.qualifier, r.quote)
    spelled = in_words(r.value_text, r.unit, r.qualifier) if lang() == "en" else ""
    detail = ([spelled] if spelled and spelled != shown else []) + (
        [_("as written {value}", value=written)] if written.replace(" ", "") != shown else []
    )
    kind_class = "jd-card-kind" + (" jd-card-secondary" if secondary(r.source_id) else "")
    return markup(
        '<div class="jd-card-figure"><p class="jd-card-label">{}{}</p>'
        '<p class="jd-card-value">{}</p>{}<p class="{}">{}</p></div>',
        r[label_col()],
        _other(r[other_label_col()]),
        shown,
        markup('<p class="jd-card-detail">{}</p>', " · ".join(detail)) if detail else "",
        kind_class,
        dated(r.period, kind_text(r)),
    )


def _other(name: str) -> Markup:
    """The source's Chinese beside an English label (the English edition only: a Chinese card is Chinese)."""
    return markup(' <span class="jd-card-other" lang="zh">{}</span>', name) if bilingual() else Markup()


def card_html(c: Card) -> Markup:
    """One card as escaped HTML: no script, readable without CSS."""
    body = Markup().join(_figure_html(r) for r in c.figures)
    if c.items:
        body += markup(
            '<p class="jd-card-group">{}{}</p><ol class="jd-card-items">{}</ol><p class="jd-card-kind">{}</p>',
            c.group,
            _other(c.group_zh),
            Markup().join(markup("<li>{}{}</li>", a, _other(b)) for a, b in zip(c.items, c.items_other)),
            dated(c.period, plan_kind()),
        )
    if c.note:
        body += markup('<p class="jd-card-note">{}</p>', c.note)
    number = int(c.chapter[:2])
    link = markup('<p class="jd-card-link"><a href="{}">{}</a></p>', c.href, _("See chapter {n} →", n=number))
    return markup(
        '<li class="jd-card" id="jd-card-{}"><p class="jd-card-heading">{}</p>{}{}</li>', c.key, c.heading, body, link
    )


def cards_table(cs: list[Card]) -> pd.DataFrame:
    """The cards as rows (one per figure or plan), for the PDF edition and the plain-text output."""
    rows = []
    for c in cs:
        see = _("ch. {n}", n=int(c.chapter[:2]))
        for r in c.figures:
            rows.append(
                [
                    r[label_col()],
                    value_text(r),
                    as_written(r.value_text, r.unit, r.qualifier, r.quote),
                    r.period,
                    kind_text(r),
                    r.source_id,
                    see,
                ]
            )
        if c.items:
            rows.append(
                [
                    _("{group}: {items}", group=c.group, items=_("; ").join(c.items)),
                    "",
                    "",
                    c.period,
                    plan_kind(),
                    ", ".join(c.source_ids),
                    see,
                ]
            )
    return pd.DataFrame(rows, columns=table_columns())


class Cards:
    """The headline cards: an HTML list on the website, a table in the PDF edition."""

    def __init__(self, cs: list[Card]):
        self.cards = cs
        self.table = HtmlTable(cards_table(cs), numeric=(_("Value"),))

    def _repr_html_(self) -> str:
        return str(
            markup(
                '<ul class="jd-cards" aria-label="{}">{}</ul>',
                _("Key figures"),
                Markup().join(card_html(c) for c in self.cards),
            )
        )

    def __repr__(self) -> str:
        return repr(self.table)

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.table._repr_mimebundle_()
        bundle["text/html"] = self._repr_html_()
        return bundle


def key_cards() -> Cards:
    return Cards(cards())


# ------------------------------------------------------------------------ what the book can tell
def prose() -> dict[str, Prose]:
    """The page's numbers in words: the story's figures, and what the sources can and cannot tell."""
    c = outcomes.coverage()
    src = load().sources
    n_sec = int((src.reliability == "secondary").sum())
    matched = outcomes.matches()
    same = matched[matched.status == "same"]
    outs = outcomes.outcomes()
    gap, side = growth_gap()
    ind = load().indicators
    later = ind[
        (ind.region == "金东区") & (ind.metric == row(OUTCOME_2023).metric) & (ind.period > row(OUTCOME_2023).period)
    ]
    return {
        k: Prose(v)
        for k, v in {
            "gdp_2022": fact(GDP_2022),
            "growth_2022": fact(GROWTH_2022),
            "later_growth": (
                _("none of the later texts gives a growth figure")
                if later.empty
                else n_("the later texts give {n} growth figure", "the later texts give {n} growth figures", len(later))
            ),
            "n_targets": str(c["targets"]),
            "n_same": n_("only one", "only {n}", c["same"]),
            "n_none": str(c["none"]),
            "same_targets": _("; ").join(same[label_col()]),
            "target": _("; ").join(in_words(r.value_text, r.unit, r.qualifier, r.quote) for r in same.itertuples()),
            "outcome": _("; ").join(
                in_words(r.value_text, r.unit, r.qualifier, r.quote)
                for r in load().indicators.set_index("id").loc[same.outcome_id].itertuples()
            ),
            "outcome_gap": _("{gap} short of", gap=gap) if side == "short" else _("{gap} above", gap=gap),
            # "like every … comes from a secondary copy": one copy, for all of Jindong's 2023 outcomes
            "jindong_outcomes": (
                _("every 2023 outcome for Jindong")
                if (outs.reliability == "secondary").all() and outs.source_id.nunique() == 1
                else _("some of the 2023 outcomes for Jindong")
            ),
            "n_secondary": str(n_sec),
            "n_sources": str(len(src)),
        }.items()
    }


# ---------------------------------------------------------------------------------------- the chart
def growth_arc() -> Chart:
    """GDP growth through the book's story: 2022's result, 2023's target (with the zone 'at least'
    allows) and the 2023 outcome of the secondary bulletin."""
    rows = [row(GROWTH_2022), row(TARGET_2023), row(OUTCOME_2023)]
    df = pd.DataFrame(rows).reset_index(names="id")
    src = load().sources.set_index("source_id")
    names = [_("{period}<br>{kind}", period=r.period, kind=kind_name(r.kind)) for r in df.itertuples()]

    def title(source_id: str) -> str:
        t = src.loc[source_id, local("title_en")]
        return _("{title} — secondary copy", title=t) if secondary(source_id) else t

    hovers = [lines([h, italic(title(r.source_id))]) for h, r in zip(hover(df), df.itertuples())]
    top = max(df.value) * 1.45
    fig = go.Figure()
    t = df.iloc[1]
    if t.qualifier in (">=", ">"):  # what a floor allows: everything above it
        fig.add_trace(
            go.Bar(
                x=[names[1]],
                y=[top - t.value],
                base=[t.value],
                width=0.6,
                hoverinfo="skip",
                name=_("Target zone (≥ or > the target)"),
                marker=dict(color=tint(KIND_COLOURS["target"], 0.25)),
            )
        )
    for i, r in enumerate(df.itertuples()):
        sec = secondary(r.source_id)
        # the source line names the documents
        kind = kind_name(r.kind, capital=True)
        legend = _("{kind}, secondary copy", kind=kind) if sec else kind
        fig.add_trace(
            go.Bar(
                x=[names[i]],
                y=[r.value],
                width=0.6,
                name=escape(legend),
                marker=dict(
                    color=KIND_COLOURS[r.kind],
                    pattern_shape="/" if sec else "",
                    line=dict(color=KIND_COLOURS[r.kind], width=1.5),
                ),
                text=[escape(short(r.value_text, r.unit, r.qualifier))],
                textposition="outside",
                cliponaxis=False,
                hovertext=[hovers[i]],
                hoverinfo="text",
            )
        )
    gap, side = growth_gap()
    fig.update_layout(barmode="overlay", bargap=0.3)
    fig.update_yaxes(title=_("GDP growth, %"), range=[0, top], ticksuffix="%")
    fig.update_xaxes(categoryorder="array", categoryarray=names)
    layout(fig, height=420)
    g22, t23, o23 = (in_words(r.value_text, r.unit, r.qualifier, r.quote) for r in df.itertuples())
    fields = dict(g22=g22, y22=df.period[0], y23=df.period[1], t23=t23, o23=o23, gap=gap)
    return Chart(
        fig,
        "front-gdp-growth",
        sources=list(dict.fromkeys(df.source_id)),
        title=_(
            "GDP grew {g22} in {y22}; the target for {y23} was {t23}, and the bulletin's secondary copy "
            "reports {o23} — {gap} short of that floor",
            **fields,
        )
        if side == "short"
        else _(
            "GDP grew {g22} in {y22}; the target for {y23} was {t23}, and the bulletin's secondary copy "
            "reports {o23} — {gap} above that floor",
            **fields,
        ),
        subtitle=_(
            "GDP growth of Jindong as the sources state it (the 2023 bulletin at comparable prices; the "
            "2022 report does not say). The shaded band is what the target "
            "asks for (≥ means 'at least'); the hatched bar comes from a secondary copy of the 2023 "
            "statistical bulletin. The gap is derived."
        ),
        alt=_(
            "Bar chart of Jindong's GDP growth: {bars}.",
            bars=_("; ").join(
                _(
                    "{name}: {value} ({id}, secondary copy)",
                    name=_("{period} {kind}", period=r.period, kind=kind_name(r.kind)),
                    value=compact(r.value_text, r.unit, r.qualifier, r.quote),
                    id=source_name(r.source_id),
                )
                if secondary(r.source_id)
                else _(
                    "{name}: {value} ({id})",
                    name=_("{period} {kind}", period=r.period, kind=kind_name(r.kind)),
                    value=compact(r.value_text, r.unit, r.qualifier, r.quote),
                    id=source_name(r.source_id),
                )
                for r in df.itertuples()
            ),
        ),
    )
