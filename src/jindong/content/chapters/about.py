"""Chapter 1 — About this book: the sources on a timeline, how many figures each gives, how to read them."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from jindong.content.charts import Chart
from jindong.content.charts.common import kind_style, layout, totals_beside, wrap
from jindong.content.charts.style import OKABE_ITO, label_col, tint
from jindong.content.documents import DOC_TYPES, source_date
from jindong.content.edition import lang
from jindong.content.format import (
    QUALIFIER_SIGNS,
    WORDS_AFTER,
    WORDS_BEFORE,
    compact,
    date_text,
    in_words,
    target_text,
)
from jindong.content.htmltable import HtmlTable, other_column
from jindong.content.i18n import _
from jindong.content.markup import bold, lines, markup, wrapped
from jindong.content.vocabulary import KINDS, facts, firmness_counts, join_words, kind_name, local, quote, term
from jindong.dataset.data import load


def kind_meaning(kind: str) -> str:
    """What a kind of figure means, for the kinds table."""
    return {
        "actual": _("A reported outcome: what the source says happened."),
        "estimate": _("A result its source calls 预计 (expected), given before the year's statistics were final."),
        "target": _("A goal for the future: what a plan promises, not what happened."),
        "context": _("A description: an area, a count of items in a plan, a size threshold."),
    }[kind]


def kind_word(kind: str) -> str:
    """A kind as the kinds table and the alt text name it: the dataset's code in English ('actual', as the
    prose introduces it), the book's name for it in Chinese."""
    return kind if lang() == "en" else kind_name(kind)


# The words that carry each qualifier in the sources (data/CURATING.md); '=' has none.
QUALIFIER_WORDS_ZH = {
    ">=": "以上 · 不少于 · 不低于",
    ">": "超 · 超过 · 突破 · 逾",
    "~": "约 · 左右",
    "->": "向…迈进",
    "=": "—",
}


def qualifier_reading(qualifier: str) -> str:
    """How to read a qualifier, for the qualifiers table."""
    return {
        ">=": _("at least"),
        ">": _("more than"),
        "~": _("about"),
        "->": _("towards: an aim, not a promised level"),
        "=": _("exactly as stated"),
    }[qualifier]


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


def reliability_style(reliability: str) -> dict:
    """A legend entry of the timeline: primary sources and secondary excerpts."""
    return {
        "primary": dict(name=_("Primary source"), color=OKABE_ITO[0], symbol="circle"),
        "secondary": dict(name=_("Secondary excerpt"), color=OKABE_ITO[5], symbol="diamond"),
    }[reliability]


def tagged(source_id: str, reliability: str) -> str:
    """'jd_gwr_2023 · primary': a source's id with its kind of copy."""
    if reliability == "secondary":
        return _("{id} · secondary", id=source_id)
    return _("{id} · primary", id=source_id)


def copy_word(reliability: str) -> str:
    """A source's kind of copy for the sources table: the dataset's code in English ('primary',
    'secondary'), words in Chinese."""
    if lang() == "en":
        return reliability
    return _("primary source") if reliability == "primary" else _("secondary copy")


def month_year(d: pd.Timestamp) -> str:
    """'February 2023', or 2023年2月 in Chinese."""
    return d.strftime("%B %Y") if lang() == "en" else date_text(d.strftime("%Y-%m"))


def _date(text: str) -> tuple[pd.Timestamp, str]:
    """A date as sources.csv writes it ('2023-02-02', '2025-01' or '2024') and its precision."""
    precision = {10: "day", 7: "month", 4: "year"}[len(text)]
    return pd.Timestamp(text), precision


def sources() -> pd.DataFrame:
    """The eight sources with a short label, their date (delivered, else published) and its precision."""
    ds = load()
    src = ds.sources.copy()
    # 金东区 -> Jindong in English; the region as the data write it in Chinese
    place = {r.zh: r.en.split()[0] if lang() == "en" else r.zh for r in ds.terms.itertuples()}
    src["date_text"] = [d or p for d, p in zip(src.delivered, src.published)]
    src["date"], src["precision"] = zip(*(_date(t) for t in src.date_text))
    src.loc[src.undated == "yes", "precision"] = "undated"  # the year its content points to, not a date it gives
    src["short"] = [
        _("{place} {document}", place=place[r], document=DOC_TYPES[lang()][t]) for r, t in zip(src.region, src.doc_type)
    ]
    src["label"] = [
        markup(
            "{}<br><span style='font-size:11px;color:#888'>{}</span>",
            wrap(s, 22),
            _("{id} · secondary", id=i) if rel == "secondary" else i,
        )
        for s, i, rel in zip(src.short, src.source_id, src.reliability)
    ]
    return src.sort_values(["date", "source_id"]).reset_index(drop=True)


def _when(r) -> str:
    """A source's dates in words for hover."""
    if r.precision == "undated":
        return source_date(r)
    parts = []
    if r.delivered:
        parts.append(_("delivered or held {date}", date=date_text(r.delivered)))
    if r.published and r.published != r.delivered:
        parts.append(_("published {date}", date=date_text(r.published)))
    if r.precision == "year":
        parts.append(_("only the year is known"))
    return _("; ").join(parts)


def _cut(text: str, n: int) -> str:
    return text[:n] + ("…" if len(text) > n else "")


def source_hover(df: pd.DataFrame) -> list[str]:
    """The title in the edition's language (in English with the source's Chinese title under it), the
    publisher, the dates, id and copy.

    The Chinese edition gives the source's headline whole, wrapped, and no English: a Chinese page is Chinese."""
    if lang() == "en":
        heads = [(bold(_cut(r.title_en, 60)), r.title_zh[:30], r.publisher[:40]) for r in df.itertuples()]
    else:
        heads = [(bold(wrapped(r.title_zh, 40)), wrapped(r.publisher_zh, 40)) for r in df.itertuples()]
    return [lines([*head, _when(r), tagged(r.source_id, r.reliability)]) for head, r in zip(heads, df.itertuples())]


def source_timeline() -> Chart:
    """The eight sources on a time line: when each was delivered or published, primary or secondary."""
    src = sources()
    fig = go.Figure()
    for rel, part in src.groupby("reliability"):
        st = reliability_style(rel)
        exact = part[~part.precision.isin(["year", "undated"])]
        fig.add_trace(
            go.Scatter(
                x=exact.date,
                y=exact.label,
                mode="markers",
                name=st["name"],
                legendgroup=rel,
                marker=dict(color=st["color"], symbol=st["symbol"], size=13, line=dict(width=1, color="white")),
                hovertext=source_hover(exact),
                hoverinfo="text",
            )
        )
        # a source dated only to the year: a band over that year, not a point that would claim a day; an
        # undated text, a band over the year its content points to, named so in the legend and data table
        for precision, name in (
            ("year", _("{name}, only the year known", name=st["name"])),
            ("undated", _("{name}, undated (placed in the year its content points to)", name=st["name"])),
        ):
            yearly = part[part.precision == precision]
            if yearly.empty:
                continue
            fig.add_trace(
                go.Bar(
                    y=yearly.label,
                    base=[d.strftime("%Y-%m-%d") for d in yearly.date],
                    x=[(pd.Timestamp(year=d.year + 1, month=1, day=1) - d).total_seconds() * 1000 for d in yearly.date],
                    orientation="h",
                    width=0.45,
                    name=name,
                    legendgroup=rel,
                    marker=dict(
                        color=tint(st["color"], 0.45),  # pale as a colour: the legend's swatch too
                        line=dict(color=st["color"], width=2),
                        pattern=dict(shape="." if precision == "undated" else "", fgcolor=st["color"]),
                    ),
                    hovertext=source_hover(yearly),
                    hoverinfo="text",
                )
            )
    years = [d.year for d in src.date]
    fig.update_yaxes(categoryorder="array", categoryarray=list(src.label), autorange="reversed")
    fig.update_xaxes(
        title=_("Date"),
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
    last_when = {
        "year": date_text(str(last.date.year)),
        "undated": _("{year} (undated)", year=date_text(str(last.date.year))),
    }.get(last.precision) or month_year(last.date)
    return Chart(
        fig,
        "ch1-source-timeline",
        sources=list(src.source_id),
        title=_(
            "{n} sources, from {first} to {last}: {n_primary} primary texts and {n_secondary} secondary excerpts",
            n=len(src),
            first=month_year(first.date),
            last=last_when,
            n_primary=len(src) - n_sec,
            n_secondary=n_sec,
        ),
        subtitle=_(
            "When each source was delivered (a meeting) or published; a band spans the year when "
            "only the year is known, or, for an undated text, the year its content points to."
        ),
        alt=_(
            "Timeline of the book's sources: {sources}.",
            sources=_("; ").join(
                _("{source} ({id}, secondary) {date}", source=r.short, id=r.source_id, date=source_date(r))
                if r.reliability == "secondary"
                else _("{source} ({id}, primary) {date}", source=r.short, id=r.source_id, date=source_date(r))
                for r in src.itertuples()
            ),
        ),
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
                hovertemplate=markup(
                    "%{{y}}<br>{}<extra></extra>", _("{kind}: {count} figures", kind=st["name"], count="%{x}")
                ),
            )
        )
    totals = counts.sum(axis=1)
    fig.add_trace(totals_beside(src.loc[counts.index, "label"], totals))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(categoryorder="array", categoryarray=list(src.loc[counts.index, "label"]), autorange="reversed")
    fig.update_xaxes(title=_("Figures (count)"), range=[0, totals.max() * 1.12])
    layout(fig, height=150 + 62 * len(counts))
    total = counts.values.sum()
    top = counts.sum(axis=1).idxmax()
    n_top = counts.loc[top].sum()
    return Chart(
        fig,
        "ch1-figures-by-source",
        sources=list(counts.index),
        title=_(
            "{total} figures in all; the {source} ({id}) alone gives {n} of them ({share}%)",
            total=total,
            source=src.loc[top, "short"],
            id=top,
            n=n_top,
            share=f"{100 * n_top / total:.0f}",
        ),
        subtitle=_(
            "Every number written in digits in each source, by kind: outcomes, estimates, targets "
            "and context. The percentage is derived."
        ),
        alt=_(
            "Stacked bar chart of the number of figures each source gives, by kind: {sources}.",
            sources=_("; ").join(
                _(
                    "{id}: {counts}",
                    id=i,
                    counts=_(", ").join(_("{n} {kind}", n=counts.loc[i, k], kind=kind_word(k)) for k in KINDS),
                )
                for i in counts.index
            ),
        ),
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
                _("Kind"): kind_word(kind),
                _("What it means"): kind_meaning(kind),
                _("Figures"): str(counts.get(kind, 0)),
                _("Example"): _(
                    "{label} · {period}: {value}",
                    label=r[label_col()],
                    period=r.period,
                    value=compact(r.value_text, r.unit, r.qualifier, r.quote),
                ),
                _("As written"): r.quote,
            }
        )
    return HtmlTable(pd.DataFrame(rows), numeric=(_("Figures"),))


def year_only_sources() -> str:
    """The sources the book can date only to a year, in words: "the Jinhua statistical bulletin (2024), …"."""
    src = sources()
    return join_words(
        _("the {source} ({date})", source=r.short, date=date_text(r.date_text))
        for r in src[src.precision == "year"].itertuples()
    )


def qualifiers_table() -> HtmlTable:
    """The qualifiers: the source's words, the sign the charts show, how to read it, and one example."""
    ind = load().indicators.set_index("id")
    counts = ind.qualifier.value_counts()
    rows = []
    for q in (">=", ">", "~", "->", "="):
        r = ind.loc[EXAMPLES[q]]
        rows.append(
            {
                _("Source words"): source_words(q),
                _("Sign"): QUALIFIER_SIGNS[q] or _("(none)"),
                _("Read as"): qualifier_reading(q),
                _("Figures"): str(counts.get(q, 0)),
                _("Example"): _(
                    "{label}: {value}", label=r[label_col()], value=in_words(r.value_text, r.unit, r.qualifier, r.quote)
                ),
                _("As written"): r.quote,
            }
        )
    return HtmlTable(pd.DataFrame(rows), numeric=(_("Figures"),))


def source_words(qualifier: str) -> str:
    """The words the sources use for a qualifier, as the checks know them: 以上、不少于、不低于、至少."""
    words = [*WORDS_AFTER.get(qualifier, ()), *WORDS_BEFORE.get(qualifier, ())]
    if qualifier == "->":
        return "向……迈进"
    return "、".join(words) if words else _("(none)")


# One target of each promise, used in the firmness table: 确保升规企业40家以上, 力争招引…各1家以上, 争取培育…1家.
FIRMNESS_EXAMPLES = {
    "确保": "jd_gwr_2023-t012",
    "力争": "jd_gwr_2023-t037",
    "争取": "jd_gwr_2023-t046",
    "": "jd_gwr_2023-t002",
}


def firmness_reading(firmness: str) -> str:
    """How to read a target's promise, for the firmness table."""
    return {
        "确保": _("ensure: a firm commitment"),
        "力争": _("strive for: a stretch goal"),
        "争取": _("strive for: a stretch goal"),
        "": _("no such word: a plain target"),
    }[firmness]


def firmness_table() -> HtmlTable:
    """How the sources commit to their targets: the word, how to read it, how many targets, one example."""
    ind = load().indicators
    targets = ind[ind.kind == "target"]
    counts = targets.firmness.value_counts()
    rows = []
    for word, row_id in FIRMNESS_EXAMPLES.items():
        r = ind.set_index("id").loc[row_id]
        rows.append(
            {
                _("Source word"): word or _("(none)"),
                _("Read as"): firmness_reading(word),
                _("Targets"): str(counts.get(word, 0)),
                _("Example"): _("{label}: {value}", label=r[label_col()], value=target_text(r)),
                _("As written"): r.quote,
            }
        )
    return HtmlTable(pd.DataFrame(rows), numeric=(_("Targets"),))


PLACES = ["jindong_district", "jinyi_new_area", "jinhua_city", "yongkang_city"]


def places_table() -> HtmlTable:
    """The places of the book, from the glossary (terms.csv): the name in the edition's language, then
    in the other."""
    t = load().terms.set_index("term_id").loc[PLACES]
    other = "zh" if lang() == "en" else "en"
    return HtmlTable(
        pd.DataFrame(
            {
                _("Place"): t[local("en")].values,
                **other_column(t[other].values),
                _("Pinyin"): t.pinyin.values,
                _("What it is"): t[local("meaning")].values,
            }
        )
    )


def sources_table() -> HtmlTable:
    """The eight sources in date order: id, titles, date as recorded, publisher, primary or secondary."""
    src = sources()
    other = "title_zh" if lang() == "en" else "title_en"
    return HtmlTable(
        pd.DataFrame(
            {
                _("Source"): src.source_id.values,
                _("Title"): src[local("title_en")].values,
                **other_column(src[other].values),
                _("Delivered"): [date_text(d) for d in src.delivered],
                _("Published"): [source_date(r) if r.undated else date_text(r.published) for r in src.itertuples()],
                _("Publisher"): src[local("publisher")].values,
                _("Copy"): [copy_word(r) for r in src.reliability],
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
        **firmness_counts(load().indicators),
    }
    return words
