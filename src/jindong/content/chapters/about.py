"""Chapter 1 — About this book: the sources on a timeline, how many figures each gives, how to read them."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from jindong.content.charts import Chart
from jindong.content.charts.common import kind_style, layout, totals_beside, wrap
from jindong.content.charts.style import OKABE_ITO
from jindong.content.documents import DOC_TYPES
from jindong.content.edition import lang
from jindong.content.format import QUALIFIER_SIGNS, in_words, short
from jindong.content.htmltable import HtmlTable
from jindong.content.markup import bold, lines, markup
from jindong.content.vocabulary import KINDS, facts, join_words, quote, term
from jindong.dataset.data import load

KIND_MEANING = {
    "actual": "A reported outcome: what the source says happened.",
    "estimate": "A result given before the year's statistics were final (预计, or an early report).",
    "target": "A goal for the future: what a plan promises, not what happened.",
    "context": "A description: an area, a count of items in a plan, a size threshold.",
}
# The words that carry each qualifier in the sources (data/CURATING.md); '=' has none.
QUALIFIER_WORDS_ZH = {
    ">=": "以上 · 不少于 · 不低于",
    ">": "超 · 超过 · 突破 · 逾",
    "~": "约 · 左右",
    "->": "向…迈进",
    "=": "—",
}
QUALIFIER_READING = {
    ">=": "at least",
    ">": "more than",
    "~": "about",
    "->": "towards: an aim, not a promised level",
    "=": "exactly as stated",
}
# One real figure of the data for each kind and each qualifier, used in the chapter's prose.
EXAMPLES = {
    "actual": "jd_gwr_2023-r001",  # GDP 2022, 突破300亿元: also the example of '>'
    "actual_secondary": "jd_bulletin_2023-a001",
    "estimate": "jd_gwr_2023-r020",  # trade 2022, 预计超500亿元
    "target": "jd_gwr_2023-t002",  # GDP growth 2023, 8%以上: also the example of '>='
    "context": "jd_plenum_2025_08-a004",  # area of the Jinyi Lake innovation hub
    ">=": "jd_gwr_2023-t002",
    ">": "jd_gwr_2023-r001",
    "~": "yk_plenum_2025_01-a005",
    "->": "jd_allout_2026-a002",  # village clinics 2026, 向95%迈进
    "=": "jd_gwr_2023-r007",  # fixed-asset investment 2022, 217.3亿元
}
RELIABILITY = {
    "primary": dict(name="Primary source", color=OKABE_ITO[0], symbol="circle"),
    "secondary": dict(name="Secondary excerpt", color=OKABE_ITO[5], symbol="diamond"),
}


def _date(text: str) -> tuple[pd.Timestamp, str]:
    """A date as sources.csv writes it ('2023-02-02', '2025-01' or '2024') and its precision."""
    precision = {10: "day", 7: "month", 4: "year"}[len(text)]
    return pd.Timestamp(text), precision


def sources() -> pd.DataFrame:
    """The eight sources with a short label, their date (delivered, else published) and its precision."""
    ds = load()
    src = ds.sources.copy()
    place = {r.zh: r.en.split()[0] for r in ds.terms.itertuples()}  # 金东区 -> Jindong
    src["date_text"] = [d or p for d, p in zip(src.delivered, src.published)]
    src["date"], src["precision"] = zip(*(_date(t) for t in src.date_text))
    src["short"] = [f"{place[r]} {DOC_TYPES[lang()][t]}" for r, t in zip(src.region, src.doc_type)]
    src["label"] = [
        markup(
            "{}<br><span style='font-size:11px;color:#888'>{}</span>",
            wrap(s, 22),
            i + (" · secondary" if rel == "secondary" else ""),
        )
        for s, i, rel in zip(src.short, src.source_id, src.reliability)
    ]
    return src.sort_values(["date", "source_id"]).reset_index(drop=True)


def _when(r) -> str:
    """A source's dates in words for hover."""
    parts = []
    if r.delivered:
        parts.append(f"delivered or held {r.delivered}")
    if r.published and r.published != r.delivered:
        parts.append(f"published {r.published}")
    if r.precision == "year":
        parts.append("only the year is known")
    return "; ".join(parts)


def _source_hover(df: pd.DataFrame) -> list[str]:
    return [
        lines(
            [
                bold(r.title_en[:60] + ("…" if len(r.title_en) > 60 else "")),
                r.title_zh[:30],
                r.publisher[:40],
                _when(r),
                f"{r.source_id} · {r.reliability}",
            ]
        )
        for r in df.itertuples()
    ]


def source_timeline() -> Chart:
    """The eight sources on a time line: when each was delivered or published, primary or secondary."""
    src = sources()
    fig = go.Figure()
    for rel, part in src.groupby("reliability"):
        st = RELIABILITY[rel]
        exact = part[part.precision != "year"]
        fig.add_trace(
            go.Scatter(
                x=exact.date,
                y=exact.label,
                mode="markers",
                name=st["name"],
                legendgroup=rel,
                marker=dict(color=st["color"], symbol=st["symbol"], size=13, line=dict(width=1, color="white")),
                hovertext=_source_hover(exact),
                hoverinfo="text",
            )
        )
        # a source dated only to the year: a band over that year, not a point that would claim a day
        yearly = part[part.precision == "year"]
        fig.add_trace(
            go.Bar(
                y=yearly.label,
                base=[d.strftime("%Y-%m-%d") for d in yearly.date],
                x=[(pd.Timestamp(year=d.year + 1, month=1, day=1) - d).total_seconds() * 1000 for d in yearly.date],
                orientation="h",
                width=0.45,
                name=f"{st['name']}, only the year known",
                legendgroup=rel,
                marker=dict(color=st["color"], opacity=0.45, line=dict(color=st["color"], width=2)),
                hovertext=_source_hover(yearly),
                hoverinfo="text",
            )
        )
    years = [d.year for d in src.date]
    fig.update_yaxes(categoryorder="array", categoryarray=list(src.label), autorange="reversed")
    fig.update_xaxes(
        title="Date",
        type="date",
        dtick="M12",
        tickformat="%Y",
        range=[f"{min(years) - 1}-11-01", f"{max(years) + 1}-01-31"],
    )
    layout(fig, height=150 + 62 * len(src))
    fig.update_layout(barmode="overlay")
    n_sec = (src.reliability == "secondary").sum()
    first = src.iloc[0]
    last = src.iloc[-1]
    last_when = last.date.strftime("%B %Y") if last.precision != "year" else str(last.date.year)
    return Chart(
        fig,
        "ch1-source-timeline",
        sources=list(src.source_id),
        title=f"{len(src)} sources, from {first.date:%B %Y} to {last_when}: "
        f"{len(src) - n_sec} primary texts and {n_sec} secondary excerpts",
        subtitle="When each source was delivered (a meeting) or published; a band spans the year when "
        "only the year is known.",
        alt="Timeline of the book's sources: "
        + "; ".join(
            f"{s} ({i}, {r}) {t}" for s, i, r, t in zip(src.short, src.source_id, src.reliability, src.date_text)
        )
        + ".",
    )


def figure_counts() -> pd.DataFrame:
    """How many figures of indicators.csv come from each source, by kind (a source × kind table)."""
    ind = load().indicators
    counts = ind.groupby(["source_id", "kind"]).size().unstack(fill_value=0)
    return counts.reindex(columns=KINDS, fill_value=0).reindex(sources().source_id, fill_value=0)


def figures_by_source() -> Chart:
    """A stacked bar per source: its figures, split into outcomes, estimates, targets and context."""
    src = sources().set_index("source_id")
    counts = figure_counts()
    fig = go.Figure()
    for kind in KINDS:
        st = kind_style(kind)
        fig.add_trace(
            go.Bar(
                y=src.loc[counts.index, "label"],
                x=counts[kind],
                orientation="h",
                **st,
                hovertemplate=markup("%{{y}}<br>{}: %{{x}} figures<extra></extra>", st["name"]),
            )
        )
    totals = counts.sum(axis=1)
    fig.add_trace(totals_beside(src.loc[counts.index, "label"], totals))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(categoryorder="array", categoryarray=list(src.loc[counts.index, "label"]), autorange="reversed")
    fig.update_xaxes(title="Figures (count)", range=[0, totals.max() * 1.12])
    layout(fig, height=150 + 62 * len(counts))
    total = counts.values.sum()
    top = counts.sum(axis=1).idxmax()
    n_top = counts.loc[top].sum()
    return Chart(
        fig,
        "ch1-figures-by-source",
        sources=list(counts.index),
        title=f"{total} figures in all; the {src.loc[top, 'short']} ({top}) alone gives "
        f"{n_top} of them ({100 * n_top / total:.0f}%)",
        subtitle="Every number written in digits in each source, by kind: outcomes, estimates, targets "
        "and context. The percentage is derived.",
        alt="Stacked bar chart of the number of figures each source gives, by kind: "
        + "; ".join(f"{i}: " + ", ".join(f"{counts.loc[i, k]} {k}" for k in KINDS) for i in counts.index)
        + ".",
    )


def kinds_table() -> HtmlTable:
    """The four kinds of figure, what each means, how many the data hold, and one example."""
    ind = load().indicators.set_index("id")
    counts = ind.kind.value_counts()
    rows = []
    for kind in KINDS:
        r = ind.loc[EXAMPLES[kind]]
        rows.append(
            {
                "Kind": kind,
                "What it means": KIND_MEANING[kind],
                "Figures": str(counts.get(kind, 0)),
                "Example": f"{r.label_en} · {r.period}: {short(r.value_text, r.unit, r.qualifier)}",
                "As written": r.quote,
            }
        )
    return HtmlTable(pd.DataFrame(rows), numeric=("Figures",))


def year_only_sources() -> str:
    """The sources the book can date only to a year, in words: "the Jinhua statistical bulletin (2024), …"."""
    src = sources()
    return join_words(f"the {r.short} ({r.date_text})" for r in src[src.precision == "year"].itertuples())


def qualifiers_table() -> HtmlTable:
    """The qualifiers: the source's words, the sign the charts show, how to read it, and one example."""
    ind = load().indicators.set_index("id")
    counts = ind.qualifier.value_counts()
    rows = []
    for q in (">=", ">", "~", "->", "="):
        r = ind.loc[EXAMPLES[q]]
        rows.append(
            {
                "Source words": QUALIFIER_WORDS_ZH[q],
                "Sign": QUALIFIER_SIGNS[q] or "(none)",
                "Read as": QUALIFIER_READING[q],
                "Figures": str(counts.get(q, 0)),
                "Example": f"{r.label_en}: {in_words(r.value_text, r.unit, r.qualifier)}",
                "As written": r.quote,
            }
        )
    return HtmlTable(pd.DataFrame(rows), numeric=("Figures",))


PLACES = ["jindong_district", "jinyi_new_area", "jinhua_city", "yongkang_city"]


def places_table() -> HtmlTable:
    """The places of the book, from the glossary (terms.csv)."""
    t = load().terms.set_index("term_id").loc[PLACES]
    return HtmlTable(
        pd.DataFrame(
            {"Place": t.en.values, "中文": t.zh.values, "Pinyin": t.pinyin.values, "What it is": t.meaning.values}
        )
    )


def sources_table() -> HtmlTable:
    """The eight sources in date order: id, titles, date as recorded, publisher, primary or secondary."""
    src = sources()
    return HtmlTable(
        pd.DataFrame(
            {
                "Source": src.source_id.values,
                "Title": src.title_en.values,
                "中文": src.title_zh.values,
                "Delivered": src.delivered.values,
                "Published": src.published.values,
                "Publisher": src.publisher.values,
                "Copy": src.reliability.values,
            }
        )
    )


def outcome_counts(region: str = "金东区") -> pd.Series:
    """How many outcomes (actual figures) the sources give about a region, by the period they are about."""
    ind = load().indicators
    return ind[(ind.region == region) & (ind.kind == "actual")].period.value_counts()


# Each figure the chapter's prose shows, by its name there.
FACTS = {
    "ex_actual": EXAMPLES["actual"],
    "ex_estimate": EXAMPLES["estimate"],
    "ex_target": EXAMPLES["target"],
    "ex_context": EXAMPLES["context"],
    "ex_secondary": EXAMPLES["actual_secondary"],
    "ex_about": EXAMPLES["~"],
    "ex_exact": EXAMPLES["="],
    "ex_towards": EXAMPLES["->"],
}
# The source's own words for each qualifier and kind, by their name in the prose.
QUOTES = {
    "q_ge": ">=",
    "q_gt": ">",
    "q_about": "~",
    "q_towards": "->",
    "q_exact": "=",
    "q_estimate": "estimate",
    "q_context": "context",
    "q_secondary": "actual_secondary",
}
KEY_FIGURES = [EXAMPLES[k] for k in ("actual", "estimate", "target", "~", "context", "actual_secondary")]


def prose() -> dict[str, str]:
    """Every number and phrase the chapter's prose shows, by name (the notebook glues them)."""
    src, counts, jd = sources(), figure_counts(), outcome_counts()
    words: dict[str, str] = {**facts(FACTS), **{name: quote("indicators", EXAMPLES[k]) for name, k in QUOTES.items()}}
    words |= {
        "n_sources": str(len(src)),
        "n_primary": str((src.reliability == "primary").sum()),
        "n_secondary": str((src.reliability == "secondary").sum()),
        "n_year_only": str((src.precision == "year").sum()),
        "year_only": year_only_sources(),
        "n_figures": str(counts.values.sum()),
        **{f"n_{kind}": str(counts[kind].sum()) for kind in KINDS},
        "n_jd_actual": str(jd.sum()),
        "n_jd_2022": str(jd["2022"]),
        "n_jd_2023": str(jd["2023"]),
        "jinyi_meaning": term("jinyi_new_area", "meaning"),
    }
    return words
