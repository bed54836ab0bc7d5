"""Chapters 5 and 6 — the district Party plenums of August 2023 and August 2025: their plan structures.

The two plenum reports are almost free of figures; what they give is structure (lists of areas, tasks,
questions). The charts here map that structure: by theme, against the 2023 report cards, as a tree.
Matching an item to a report card "by theme" uses the theme the dataset gives each item: it is this
book's reading, not the source's.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from jindong.content.charts import Chart
from jindong.content.charts.common import label_above, layout, theme_style, wrap
from jindong.content.charts.style import EMPHASIS, KIND_COLOURS, THEME_COLOURS, THEME_ORDER, label_col, other_label_col
from jindong.content.htmltable import HtmlTable
from jindong.content.markup import bold, escape, italic, lines, markup, wrapped
from jindong.content.vocabulary import (
    ALLOUT_TASKS_2025,
    BREAKTHROUGHS,
    FOUR_QUESTIONS,
    KINDS,
    LEAD_EXAMPLE,
    PLENUM_2023,
    PLENUM_2025,
    REPORT_2023,
    REPORT_CARDS,
    facts,
    join_words,
    kind_name,
    source,
    statements,
    term,
    theme_name,
)
from jindong.dataset.data import load

LEAD = LEAD_EXAMPLE
CARDS = REPORT_CARDS
TASKS = ALLOUT_TASKS_2025
QUESTIONS = FOUR_QUESTIONS
FRAMEWORKS_2025 = [BREAKTHROUGHS, TASKS, QUESTIONS]  # in the order the plenum report sets them out
# Short names of the 2025 lists for tight spaces (full titles, from frameworks.csv, go in hover)
SHORT_EN = {BREAKTHROUGHS: "Three breakthroughs", TASKS: "Ten all-out tasks", QUESTIONS: "Four development questions"}
# Places, platforms and projects the August 2025 plenum report names (term ids in terms.csv)
PLACES_2025 = [
    "jinyi_lake",
    "jinman_lake",
    "jinyi_development_axis",
    "ring_jidao_mountain_prosperity_circle",
    "youyou_beishan_prosperity_belt",
    "donghu_water_hub",
    "china_europe_rail_hub",
    "leapmotor",
]


# ---------------------------------------------------------------- data


def items(framework: str) -> pd.DataFrame:
    """The top-level items of one plan framework, in the source's order."""
    pri = load().priorities
    return pri[(pri.framework == framework) & (pri.parent_id == "")].sort_values("order").reset_index(drop=True)


def sub_items(framework: str) -> pd.DataFrame:
    pri = load().priorities
    return pri[(pri.framework == framework) & (pri.parent_id != "")].sort_values(["parent_id", "order"])


def short_title(framework: str) -> str:
    return SHORT_EN[framework] if label_col() == "label_en" else framework_title(framework)


def framework_title(framework: str, lang: str | None = None) -> str:
    col = lang or ("title_zh" if label_col() == "label_zh" else "title_en")
    return load().frameworks.set_index("framework").loc[framework, col]


def figure_density() -> pd.DataFrame:
    """Figures per primary text, by kind, with the text's length in Chinese words (derived per 1,000 words)."""
    ds = load()
    src = ds.sources[ds.sources.reliability == "primary"].set_index("source_id")
    words = ds.theme_counts.groupby("source_id").tokens.first()
    counts = (
        ds.indicators.groupby(["source_id", "kind"]).size().unstack(fill_value=0).reindex(columns=KINDS, fill_value=0)
    )
    df = counts.loc[src.index].copy()
    df["total"] = df[KINDS].sum(axis=1)
    df["words"] = words.reindex(src.index)
    df["per_1000"] = df.total / df.words * 1000  # derived
    df["title"] = src.title_en
    df["date"] = [d or p for d, p in zip(src.delivered, src.published)]
    return df.sort_values("per_1000").reset_index()


def card_matches() -> pd.DataFrame:
    """For each of the ten areas and each 2023 report card: the card's items (heading and its three
    groups) that share the area's theme. The match is by theme, this book's reading."""
    areas, cards, subs = items(LEAD), items(CARDS), sub_items(CARDS)
    rows = []
    for a in areas.itertuples():
        for c in cards.itertuples():
            members = pd.concat([cards[cards.id == c.id], subs[subs.parent_id == c.id]])
            hit = members[members.theme == a.theme]
            rows.append(
                dict(
                    area_id=a.id,
                    area_order=a.order,
                    card_id=c.id,
                    card_order=c.order,
                    theme=a.theme,
                    n=len(hit),
                    matched_en=list(hit.label_en),
                    matched_zh=list(hit.label_zh),
                )
            )
    return pd.DataFrame(rows)


def theme_counts(frameworks: list[str]) -> pd.DataFrame:
    """Items per theme in each framework (themes in themes.csv order, only those used)."""
    df = pd.concat([items(f) for f in frameworks])
    counts = df.groupby(["theme", "framework"]).size().unstack(fill_value=0).reindex(columns=frameworks, fill_value=0)
    return counts.loc[sorted(counts.index, key=THEME_ORDER.get)]


# ---------------------------------------------------------------- hover and labels


def item_hover(df: pd.DataFrame) -> list[str]:
    """Escaped bilingual hover for plan items: both labels, framework and position, theme, the quote."""
    main, other = label_col(), other_label_col()
    out = []
    for r in df.itertuples():
        r = r._asdict()
        out.append(
            lines(
                [
                    bold(r[main]),
                    r[other],
                    f"{framework_title(r['framework'])} · {r['order']}",
                    f"Theme: {theme_name(r['theme'])}",
                    markup("“{}”", wrapped(r["quote"], 24)),
                ]
            )
        )
    return out


def ink(fill: str) -> str:
    """Dark or white text, whichever reads better on a fill colour (relative luminance)."""
    r, g, b = (int(fill.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    lum = sum(
        w * (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
        for w, c in zip((0.2126, 0.7152, 0.0722), (r, g, b))
    )
    return "#222222" if lum > 0.22 else "#ffffff"


def date_words(source_id: str) -> str:
    """The day a source's meeting was held (or published), in words: '4 August 2023'."""
    r = source(source_id)
    d = pd.Timestamp(r.delivered or r.published)
    return f"{d.day} {d:%B %Y}"


# ---------------------------------------------------------------- chapter 5


def figures_per_source() -> Chart:
    """How many figures each primary text gives, by kind, and per 1,000 words: the August 2023 plenum report has almost none."""
    df = figure_density()
    n = len(df)
    fig = go.Figure()
    for kind in KINDS:
        if df[kind].sum() == 0:
            continue
        fig.add_trace(
            go.Bar(
                y=list(range(n)),
                x=df[kind],
                orientation="h",
                name=kind_name(kind, capital=True),
                marker_color=KIND_COLOURS[kind],
                width=0.42,
                customdata=[escape(t) for t in df.title],
                hovertemplate=markup("%{{customdata}}<br>%{{x}} {} figures<extra></extra>", kind_name(kind)),
            )
        )
    for i, r in enumerate(df.itertuples()):
        mark = r.source_id == PLENUM_2023
        fig.add_annotation(
            label_above(
                markup(
                    "{} ({})<br><b>{} figures · {:.1f} per 1,000 words</b>",
                    wrap(r.title, 46),
                    r.date,
                    r.total,
                    r.per_1000,
                ),
                i + 0.26,
                xref="paper",
                color=EMPHASIS if mark else None,
            )
        )
    fig.update_layout(barmode="stack", legend=dict(traceorder="normal"))
    fig.update_yaxes(visible=False, range=[-0.4, n - 0.05])
    fig.update_xaxes(title="Figures written in digits (count)", rangemode="tozero")
    layout(fig, height=150 + 105 * n)
    p = df.set_index("source_id")
    com, rep = p.loc[PLENUM_2023], p.loc[REPORT_2023]
    kinds = [k for k in KINDS if com[k]]
    what = f"all {kind_name(kinds[0])}" if len(kinds) == 1 else "of " + str(len(kinds)) + " kinds"
    return Chart(
        fig,
        "ch5-figures-per-source",
        sources=list(df.source_id),
        title=f"The August 2023 plenum report gives {com.total} figures ({what}); the 2023 work report gives {rep.total}",
        subtitle="Figures in each primary text, by kind, and per 1,000 Chinese words (derived; words counted with "
        "the jieba segmenter); the August 2023 plenum report in orange. "
        "'Context' figures describe (a count of attendees, an anniversary); they are neither outcomes nor targets.",
        alt="Stacked bar chart of the number of figures in each primary source, by kind: "
        + "; ".join(f"{t}: {n} ({p:.1f} per 1,000 words)" for t, n, p in zip(df.title, df.total, df.per_1000))
        + ".",
    )


def _by_theme(framework: str, name: str, noun: str, sources: list[str]) -> Chart:
    """One row per theme; each item of the framework a segment, numbered as in the source."""
    df = items(framework)
    counts = df.groupby("theme").size()
    order = sorted(counts.index, key=lambda t: (-counts[t], THEME_ORDER[t]))
    fig = go.Figure()
    for theme in order:
        part = df[df.theme == theme]
        style = theme_style(theme)
        style.pop("name")
        for r, h in zip(part.itertuples(), item_hover(part)):
            fig.add_trace(
                go.Bar(
                    y=[wrap(theme_name(theme), 16)],
                    x=[1],
                    orientation="h",
                    **style,
                    showlegend=False,
                    marker_line=dict(color="white", width=2),
                    text=[wrap(f"{r.order}. {getattr(r, label_col())}", 18)],
                    textposition="inside",
                    insidetextanchor="middle",
                    textfont=dict(size=11, color=ink(THEME_COLOURS[theme])),
                    hovertext=[h],
                    hoverinfo="text",
                )
            )
    fig.update_layout(
        barmode="stack",
        uniformtext=dict(minsize=10, mode="show"),
        yaxis=dict(categoryorder="array", categoryarray=[wrap(theme_name(t), 16) for t in reversed(order)]),
    )
    fig.update_xaxes(title=f"{noun.capitalize()} (count)", dtick=1, range=[0, counts.max()])
    layout(fig, height=120 + 78 * len(order), legend=False)
    top = [t for t in order if counts[t] == counts.max()]
    rest = (
        ""
        if len(top) == len(order)
        else f"; {join_words([theme_name(t) for t in top])} {'has' if len(top) == 1 else 'have'} {counts.max()}"
        + (" each" if len(top) > 1 else "")
    )
    return Chart(
        fig,
        name,
        sources=sources,
        title=f"The {len(df)} {noun} span {len(order)} themes{rest}",
        subtitle=f"{framework_title(framework)}: each box is one {noun[:-1]}, numbered as in the source, "
        "grouped by the theme this book gives it.",
        alt=f"Stacked bar chart of the {len(df)} {noun} by theme: "
        + "; ".join(f"{theme_name(t)}: " + ", ".join(df[df.theme == t].label_en) for t in order)
        + ".",
    )


def lead_example_by_theme() -> Chart:
    """The ten 'lead and set an example' areas, by theme."""
    return _by_theme(LEAD, "ch5-ten-by-theme", "areas", [PLENUM_2023])


def areas_to_cards() -> Chart:
    """A matrix: the ten areas (rows) against the eight 2023 report cards (columns), by shared theme."""
    m = card_matches()
    areas, cards = items(LEAD), items(CARDS)
    rows = [wrap(f"{r.order}. {getattr(r, label_col())}", 22) for r in areas.itertuples()]
    cols = [escape(f"{r.order} · {theme_name(r.theme)}") for r in cards.itertuples()]
    z = m.pivot(index="area_order", columns="card_order", values="n").loc[areas.order, cards.order]
    area_by_id, card_by_id = areas.set_index("order"), cards.set_index("order")
    hover = []
    for a in areas.order:
        line = []
        for c in cards.order:
            cell = m[(m.area_order == a) & (m.card_order == c)].iloc[0]
            ar, cr = area_by_id.loc[a], card_by_id.loc[c]
            matched = (
                lines(f"· {e} ({zh})" for e, zh in zip(cell.matched_en, cell.matched_zh)) or "no item shares its theme"
            )
            line.append(
                markup(
                    "<b>Area {}: {}</b><br>{}<br><b>{}</b><br>{}<br>Theme: {}<br>{} matching item(s):<br>{}",
                    a,
                    ar.label_en,
                    ar.label_zh,
                    cr.label_en,
                    cr.label_zh,
                    theme_name(ar.theme),
                    cell.n,
                    matched,
                )
            )
        hover.append(line)
    zs = z.where(z > 0)  # empty cells stay blank
    low, high = "#9ECAE1", "#08519C"
    fig = go.Figure(
        go.Heatmap(
            z=zs.values,
            x=cols,
            y=rows,
            colorscale=[[0, low], [1, high]],
            zmin=1,
            zmax=max(2, z.values.max()),
            showscale=False,
            xgap=3,
            ygap=3,
            hovertext=hover,
            hoverinfo="text",
        )
    )
    top = z.values.max()
    for i, row in enumerate(rows):
        for j, col in enumerate(cols):
            v = int(z.values[i, j])
            if v:
                fig.add_annotation(
                    x=col,
                    y=row,
                    text=str(v),
                    showarrow=False,
                    font=dict(size=13, color=ink(low) if v < (top + 1) / 2 else "#ffffff"),
                )
    fig.update_xaxes(
        title="Report card · its theme",
        tickangle=-90,
        tickmode="array",
        tickvals=cols,
        ticktext=cols,
        tickfont=dict(size=11),
        showgrid=False,
    )
    fig.update_yaxes(autorange="reversed", showgrid=False, tickfont=dict(size=11))
    layout(fig, height=180 + 48 * len(rows), legend=False)
    fig.update_layout(margin=dict(b=10))
    hit = m.groupby("area_order").n.sum()
    none = areas.set_index("order").loc[hit[hit == 0].index]
    none_themes = sorted(set(none.theme))
    if len(none) == 0:
        tail = "; every area has a counterpart"
    else:
        tail = f"; the {len(none)} '{join_words([theme_name(t) for t in none_themes])}' area{'s' if len(none) > 1 else ''} match none"
    return Chart(
        fig,
        "ch5-areas-to-cards",
        sources=[PLENUM_2023, REPORT_2023],
        title=f"{(hit > 0).sum()} of the {len(areas)} areas share a theme with a 2023 report card{tail}",
        subtitle=f"Each cell counts the items of a report card (its heading and its {groups_per_card()} groups of measures) "
        "with the same theme as the area. The match is this book's, by theme; the plenum report does not draw it.",
        alt="Matrix of the ten areas of August 2023 against the eight report cards of the 2023 work report: "
        + "; ".join(
            f"area {a}: " + (", ".join(f"card {c} ({n})" for c, n in z.loc[a].items() if n) or "no card")
            for a in areas.order
        )
        + ".",
    )


def areas_table() -> HtmlTable:
    df = items(LEAD)
    return HtmlTable(
        pd.DataFrame(
            {
                "No.": df.order.values,
                "Area": df.label_en.values,
                "中文": df.label_zh.values,
                "Theme": [theme_name(t) for t in df.theme],
            }
        )
    )


# ---------------------------------------------------------------- chapter 6

HEADER_INK = "#222222"  # a framework's name on its pale header


def plan_structure() -> Chart:
    """Treemap of the August 2025 plan: three frameworks and their items, coloured by theme."""
    fws = load().frameworks.set_index("framework")
    ids, labels, parents, values, colours, hovers, notes, inks = [], [], [], [], [], [], [], []
    for f in FRAMEWORKS_2025:
        df = items(f)
        ids.append(f)
        labels.append(bold(short_title(f)))
        notes.append("")
        inks.append(HEADER_INK)
        parents.append("")
        values.append(len(df))
        colours.append("#e8e8e8")
        hovers.append(markup("<b>{}</b><br>{}<br>{} items", fws.loc[f, "title_en"], fws.loc[f, "title_zh"], len(df)))
        ids += list(df.id)
        labels += [wrap(f"{r.order}. {getattr(r, label_col())}", 16) for r in df.itertuples()]
        parents += [f] * len(df)
        values += [1] * len(df)
        colours += [THEME_COLOURS[t] for t in df.theme]
        inks += [ink(THEME_COLOURS[t]) for t in df.theme]
        notes += [italic(theme_name(t)) for t in df.theme]
        hovers += item_hover(df)
    fig = go.Figure(
        go.Treemap(
            ids=ids,
            labels=labels,
            parents=parents,
            values=values,
            branchvalues="total",
            sort=False,
            marker=dict(colors=colours, line=dict(color="white", width=2)),
            hovertext=hovers,
            hoverinfo="text",
            customdata=notes,
            texttemplate="%{label}<br><span style='font-size:10px'>%{customdata}</span>",
            textfont=dict(size=12, color=inks),
            tiling=dict(pad=3),
            pathbar=dict(visible=False),
            root_color="rgba(0,0,0,0)",
            # the headers' ink said once more as one colour: plotly.js cannot read it from the per-box list
            # for text drawn outside the boxes, and logs "Invalid color specifier" at every draw
            outsidetextfont=dict(size=12, color=HEADER_INK),
        )
    )
    n = {f: len(items(f)) for f in FRAMEWORKS_2025}
    layout(fig, height=620, legend=False)
    fig.update_layout(margin=dict(l=4, r=4, t=4, b=4))
    return Chart(
        fig,
        "ch6-plan-structure",
        sources=[PLENUM_2025],
        title=f"The August 2025 plan in {sum(n.values())} items: {n[BREAKTHROUGHS]} breakthroughs, "
        f"{n[TASKS]} all-out tasks and {n[QUESTIONS]} development questions",
        subtitle="The three lists of the August 2025 plenum; each box is one item, coloured by its theme "
        "(named in italics). Box sizes count items, not money or weight.",
        alt="Treemap of the August 2025 plenum's plan: "
        + "; ".join(f"{fws.loc[f, 'title_en']}: " + ", ".join(items(f).label_en) for f in FRAMEWORKS_2025)
        + ".",
    )


def tasks_by_theme() -> Chart:
    """The ten all-out tasks for the second half of 2025, by theme."""
    return _by_theme(TASKS, "ch6-tasks-by-theme", "tasks", [PLENUM_2025])


def themes_across_2025() -> Chart:
    """Dot matrix: how many items of each 2025 framework fall under each theme."""
    counts = theme_counts(FRAMEWORKS_2025)
    short = {f: wrap(short_title(f), 12) for f in FRAMEWORKS_2025}
    fig = go.Figure()
    for theme in counts.index:
        row = counts.loc[theme]
        row = row[row > 0]
        part = pd.concat([items(f) for f in row.index])
        part = part[part.theme == theme]
        tips = [
            markup(
                "<b>{}</b> · {}: {}<br>{}",
                theme_name(theme),
                framework_title(f),
                n,
                lines(
                    f"· {e} ({z})"
                    for e, z in zip(part[part.framework == f].label_en, part[part.framework == f].label_zh)
                ),
            )
            for f, n in row.items()
        ]
        style = theme_style(theme)
        colour = style.pop("marker_color")
        style.pop("name")
        fig.add_trace(
            go.Scatter(
                x=[short[f] for f in row.index],
                y=[wrap(theme_name(theme), 13)] * len(row),
                mode="markers+text",
                marker=dict(
                    size=[16 + 12 * n for n in row.values], color=colour, opacity=1, line=dict(color="white", width=1)
                ),
                text=[str(n) for n in row.values],
                textfont=dict(color=ink(colour), size=13),
                showlegend=False,
                hovertext=tips,
                hoverinfo="text",
                legendgroup=style["legendgroup"],
            )
        )
    fig.update_xaxes(
        title=None,
        categoryorder="array",
        categoryarray=list(short.values()),
        side="top",
        showgrid=True,
        tickangle=0,
        tickfont=dict(size=11),
        range=[-0.6, len(short) - 0.4],
    )
    fig.update_yaxes(
        title=None,
        categoryorder="array",
        categoryarray=[wrap(theme_name(t), 13) for t in reversed(counts.index)],
        showgrid=True,
    )
    layout(fig, height=110 + 50 * len(counts), legend=False)
    fig.update_layout(margin=dict(t=10, b=10))
    totals = counts.sum(axis=1)
    best = totals[totals == totals.max()].index
    everywhere = [t for t in counts.index if (counts.loc[t] > 0).all()]
    tail = (
        f"; {join_words([theme_name(t) for t in everywhere])} appear{'s' if len(everywhere) == 1 else ''} in all three"
        if everywhere
        else "; no theme appears in all three"
    )
    return Chart(
        fig,
        "ch6-themes-across",
        sources=[PLENUM_2025],
        title=f"{join_words([theme_name(t) for t in best])} {'has' if len(best) == 1 else 'have'} the most items "
        f"({totals.max()} of {int(totals.sum())}) across the three 2025 lists{tail}",
        subtitle="Number of items of each of the three lists of the August 2025 plenum under each theme; "
        "an empty cell means none.",
        alt="Dot matrix of themes against the three lists of the August 2025 plenum: "
        + "; ".join(
            f"{theme_name(t)}: "
            + ", ".join(f"{n} in {short[f].replace('<br>', ' ')}" for f, n in counts.loc[t].items() if n)
            for t in counts.index
        )
        + ".",
    )


def items_table(framework: str) -> HtmlTable:
    df = items(framework)
    return HtmlTable(
        pd.DataFrame(
            {
                "No.": df.order.values,
                "Item": df.label_en.values,
                "中文": df.label_zh.values,
                "As written": df.quote.values,
                "Theme": [theme_name(t) for t in df.theme],
            }
        )
    )


def places_2025() -> pd.DataFrame:
    terms = load().terms.set_index("term_id").loc[PLACES_2025]
    return terms.reset_index()


def places_table() -> HtmlTable:
    df = places_2025()
    return HtmlTable(
        pd.DataFrame(
            {
                "Place or project": df.en.values,
                "中文": df.zh.values,
                "Pinyin": df.pinyin.values,
                "Glossary note": df.meaning.values,
            }
        )
    )


def source_title(source_id: str) -> str:
    return load().sources.set_index("source_id").loc[source_id, "title_en"]


def groups_per_card() -> str:
    """How many groups of measures each report card has ('3', or a range if they differ)."""
    n = sub_items(CARDS).groupby("parent_id").size()
    return str(n.iloc[0]) if n.nunique() == 1 else f"{n.min()}–{n.max()}"


# ---------------------------------------------------------------- the chapters' prose

FACTS_2023 = {
    "anniversary": "jd_plenum_2023_08-a003",
    "years_practised": "jd_plenum_2023_08-a004",
    "members": "jd_plenum_2023_08-a001",
    "alternates": "jd_plenum_2023_08-a002",
}
KEY_FIGURES_2023 = [
    "jd_plenum_2023_08-a001",
    "jd_plenum_2023_08-a002",
    "jd_plenum_2023_08-a003",
    "jd_plenum_2023_08-a004",
    "jd_plenum_2023_08-a005",
]
FACTS_2025 = {
    "members": "jd_plenum_2025_08-a001",
    "alternates": "jd_plenum_2025_08-a002",
    "safe_years": "jd_plenum_2025_08-a003",
    "jinyi_area": "jd_plenum_2025_08-a004",
}
KEY_FIGURES_2025 = [
    "jd_plenum_2025_08-a001",
    "jd_plenum_2025_08-a002",
    "jd_plenum_2025_08-a003",
    "jd_plenum_2025_08-a004",
]


def _by_id(ids: list[str]) -> dict[str, str]:
    """Statements glued under their own ids (the prose of chapters 5 and 6 names them so)."""
    return {sid: sid for sid in ids}


def prose_2023() -> dict[str, str]:
    """Every number and phrase of chapter 5's prose (the August 2023 plenum), by name."""
    areas = items(LEAD)
    m = card_matches()
    hit = m.groupby("area_order").n.sum()
    per_card = m[m.n > 0].groupby("card_order").area_order.nunique()
    cards = items(CARDS).set_index("order")
    lonely = [o for o in cards.index if o not in per_card.index]
    d = figure_density().set_index("source_id")
    words = {
        **facts(FACTS_2023),
        "held": date_words(PLENUM_2023),
        "com_title": source_title(PLENUM_2023),
        "rep_title": source_title(REPORT_2023),
        "n_themes": str(len(load().themes)),
        "n_groups": groups_per_card(),
        "report_date": date_words(REPORT_2023),
        **statements(_by_id(["jd_plenum_2023_08-s01", "jd_plenum_2023_08-s02", "jd_plenum_2023_08-s03"])),
        "n_areas": str(len(areas)),
        "n_area_themes": str(areas.theme.nunique()),
        "n_cards": str(len(items(CARDS))),
        "n_matched": str((hit > 0).sum()),
        "n_unmatched": str((hit == 0).sum()),
        "unmatched": join_words([f"{o} ({areas.set_index('order').loc[o, 'label_en']})" for o in hit[hit == 0].index]),
        "busiest_cards": join_words([str(o) for o in per_card[per_card == per_card.max()].index]),
        "busiest_card_n": str(per_card.max()),
        "cards_none": join_words([f"{o} ({theme_name(cards.loc[o, 'theme']).lower()})" for o in lonely]) or "none",
        "com_targets": str(d.loc[PLENUM_2023, ["actual", "estimate", "target"]].sum()),
    }
    for key, sid in {"com": PLENUM_2023, "rep": REPORT_2023, "p25": PLENUM_2025}.items():
        words[f"{key}_n"] = str(d.loc[sid, "total"])
        words[f"{key}_words"] = (
            f"{d.loc[sid, 'words']:,} Chinese words"  # with its noun: glue would read "1,314" as a tuple
        )
        words[f"{key}_density"] = f"{d.loc[sid, 'per_1000']:.1f}"
    return words


def prose_2025() -> dict[str, str]:
    """Every number and phrase of chapter 6's prose (the August 2025 plenum), by name."""
    n = {f: len(items(f)) for f in FRAMEWORKS_2025}
    counts = theme_counts(FRAMEWORKS_2025)
    tasks = items(TASKS)
    top = counts.sum(axis=1)
    absent = [theme_name(t) for t in load().themes.theme if t not in tasks.theme.values]
    q_only = [theme_name(t) for t in counts.index if counts.loc[t].drop(QUESTIONS).sum() == 0]
    d = figure_density().set_index("source_id").loc[PLENUM_2025]
    return {
        **facts(FACTS_2025),
        "held": date_words(PLENUM_2025),
        "title": source_title(PLENUM_2025),
        "plenum_2023": source_title(PLENUM_2023),
        "fyp": term("fourteenth_five_year_plan"),
        **statements(_by_id(["jd_plenum_2025_08-s01", "jd_plenum_2025_08-s02", "jd_plenum_2025_08-s03"])),
        "n_items": str(sum(n.values())),
        "n_tasks": str(n[TASKS]),
        "task_themes": str(tasks.theme.nunique()),
        "top_theme": join_words([theme_name(t) for t in top[top == top.max()].index]),
        "top_n": str(top.max()),
        "tasks_absent": join_words(absent),
        "tasks_absent_verb": "is" if len(absent) == 1 else "are",
        "questions_only": join_words(q_only),
        "n_figures": str(d.total),
        "n_words": f"{d.words:,} Chinese words",  # with its noun: glue would read "1,664" as a tuple
        "n_outcomes": str(d.actual),
        "n_places": str(len(places_2025())),
    }
