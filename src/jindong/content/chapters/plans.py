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
from jindong.content.charts.style import (
    EMPHASIS,
    KIND_COLOURS,
    THEME_COLOURS,
    THEME_ORDER,
    bilingual,
    label_col,
    other_label_col,
)
from jindong.content.documents import source_date, source_title
from jindong.content.edition import lang
from jindong.content.format import date_text
from jindong.content.htmltable import HtmlTable, other_column
from jindong.content.i18n import _, n_, p_
from jindong.content.markup import Markup, bold, escape, italic, lines, markup, quoted, wrapped
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
    local,
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
# The task that also reaches a theme the tasks leave out: 打造共富样板 is filed under rural & common
# prosperity (one theme per item, as throughout the book), yet it also asks to speed up the Jinyi Lake and
# Jinman Lake city blocks. Chapter 6 says so where it names the themes no task is filed under.
CITY_BLOCKS_TASK = f"{TASKS}-06"
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
    """A 2025 list's short name, for tight spaces (the full title, from frameworks.csv, goes in hover)."""
    return {
        BREAKTHROUGHS: _("Three breakthroughs"),
        TASKS: _("Ten all-out tasks"),
        QUESTIONS: _("Four development questions"),
    }[framework]


def framework_title(framework: str) -> str:
    """A framework's full title in the edition's language (frameworks.csv)."""
    return load().frameworks.set_index("framework").loc[framework, local("title_en")]


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
    df["title"] = src[local("title_en")]
    df["date"] = [d or p for d, p in zip(src.delivered, src.published)]
    df["when"] = [source_date(r) for r in src.itertuples()]  # "undated (…)" for a text that gives no date
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
                    r[other] if bilingual() else None,
                    _("{framework} · {order}", framework=framework_title(r["framework"]), order=r["order"]),
                    _("Theme: {theme}", theme=theme_name(r["theme"])),
                    quoted(wrapped(r["quote"], 24)),
                ]
            )
        )
    return out


def theme_note(name: str) -> Markup:
    """A box's theme under its label: in italics in English; in small type in Chinese, which has no italic."""
    return italic(name) if lang() == "en" else markup("<span style='font-size:11px'>{}</span>", name)


def ink(fill: str) -> str:
    """Dark or white text, whichever reads better on a fill colour (relative luminance)."""
    r, g, b = (int(fill.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    lum = sum(
        w * (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
        for w, c in zip((0.2126, 0.7152, 0.0722), (r, g, b))
    )
    return "#222222" if lum > 0.22 else "#ffffff"


def date_words(source_id: str) -> str:
    """The day a source's meeting was held (or published), in words: '4 August 2023' (2023年8月4日)."""
    r = source(source_id)
    if lang() == "zh":
        return date_text(r.delivered or r.published)
    d = pd.Timestamp(r.delivered or r.published)
    return f"{d.day} {d:%B %Y}"


def fit(label: str, width: int, width_zh: int) -> Markup:
    """A label broken over lines (charts.common.wrap): at `width` characters in English, at `width_zh`
    Chinese characters in Chinese (each two columns wide), chosen so that the names a chart shows fit."""
    return wrap(label, width if lang() != "zh" else 2 * width_zh)


def theme_words(themes) -> str:
    """Theme names for a sentence: 'Urban development and Party & conduct'. In Chinese each name is in
    quotation marks, since names such as 党建与作风 hold a 与 of their own."""
    names = [theme_name(t) for t in themes]
    return join_words([f"“{n}”" for n in names] if lang() == "zh" else names)


def both_labels(main: str, other: str) -> str:
    """One item in a hover list: its label in the edition's language, the other in brackets."""
    return _("· {label} ({other})", label=main, other=other)


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
                hovertemplate=markup(
                    _("%{{customdata}}<br>%{{x}} {kind} figures<extra></extra>"), kind=kind_name(kind)
                ),
            )
        )
    for i, r in enumerate(df.itertuples()):
        mark = r.source_id == PLENUM_2023
        fig.add_annotation(
            label_above(
                markup(
                    _("{title} ({date})<br><b>{n} figures · {density} per 1,000 words</b>"),
                    title=fit(r.title, 46, 24),
                    date=r.when,
                    n=r.total,
                    density=f"{r.per_1000:.1f}",
                ),
                i + 0.26,
                xref="paper",
                color=EMPHASIS if mark else None,
            )
        )
    fig.update_layout(barmode="stack", legend=dict(traceorder="normal"))
    fig.update_yaxes(visible=False, range=[-0.4, n - 0.05])
    fig.update_xaxes(title=_("Figures written in digits (count)"), rangemode="tozero")
    layout(fig, height=150 + 105 * n)
    p = df.set_index("source_id")
    com, rep = p.loc[PLENUM_2023], p.loc[REPORT_2023]
    kinds = [k for k in KINDS if com[k]]
    what = _("all {kind}", kind=kind_name(kinds[0])) if len(kinds) == 1 else _("of {n} kinds", n=len(kinds))
    return Chart(
        fig,
        "ch5-figures-per-source",
        sources=list(df.source_id),
        title=_(
            "The August 2023 plenum report gives {n_com} figures ({what}); the 2023 work report gives {n_rep}",
            n_com=com.total,
            what=what,
            n_rep=rep.total,
        ),
        subtitle=_(
            "Figures in each primary text, by kind, and per 1,000 Chinese words (derived; words counted with "
            "the jieba segmenter); the August 2023 plenum report in orange. "
            "'{context}' figures describe (a count of attendees, an anniversary); they are neither outcomes nor targets.",
            context=kind_name("context", capital=True),
        ),
        alt=_(
            "Stacked bar chart of the number of figures in each primary source, by kind: {texts}.",
            texts=_("; ").join(
                _("{title}: {n} ({density} per 1,000 words)", title=t, n=n, density=f"{p:.1f}")
                for t, n, p in zip(df.title, df.total, df.per_1000)
            ),
        ),
    )


def _by_theme(framework: str, name: str, words: dict[str, str], sources: list[str]) -> Chart:
    """One row per theme; each item of the framework a segment, numbered as in the source.

    `words` are the chart's texts for its kind of item, with {placeholders} filled here: axis,
    title (all themes equal), title_one / title_many (one theme / several with the most), subtitle, alt."""
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
                    y=[fit(theme_name(theme), 16, 5)],
                    x=[1],
                    orientation="h",
                    **style,
                    showlegend=False,
                    marker_line=dict(color="white", width=2),
                    text=[fit(f"{r.order}. {getattr(r, label_col())}", 18, 9)],
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
        yaxis=dict(categoryorder="array", categoryarray=[fit(theme_name(t), 16, 5) for t in reversed(order)]),
    )
    fig.update_xaxes(title=words["axis"], dtick=1, range=[0, counts.max()])
    layout(fig, height=120 + 78 * len(order), legend=False)
    top = [t for t in order if counts[t] == counts.max()]
    title = words["title"] if len(top) == len(order) else words["title_one" if len(top) == 1 else "title_many"]
    return Chart(
        fig,
        name,
        sources=sources,
        title=title.format(n=len(df), n_themes=len(order), themes=theme_words(top), most=counts.max()),
        subtitle=words["subtitle"].format(framework=framework_title(framework)),
        alt=words["alt"].format(
            n=len(df),
            themes=_("; ").join(
                _("{theme}: {items}", theme=theme_name(t), items=_(", ").join(df[df.theme == t][label_col()]))
                for t in order
            ),
        ),
    )


def lead_example_by_theme() -> Chart:
    """The ten 'lead and set an example' areas, by theme."""
    words = dict(
        axis=_("Areas (count)"),
        title=_("The {n} areas span {n_themes} themes"),
        title_one=_("The {n} areas span {n_themes} themes; {themes} has {most}"),
        title_many=_("The {n} areas span {n_themes} themes; {themes} have {most} each"),
        subtitle=_(
            "{framework}: each box is one area, numbered as in the source, grouped by the theme this book gives it."
        ),
        alt=_("Stacked bar chart of the {n} areas by theme: {themes}."),
    )
    return _by_theme(LEAD, "ch5-ten-by-theme", words, [PLENUM_2023])


def areas_to_cards() -> Chart:
    """A matrix: the ten areas (rows) against the eight 2023 report cards (columns), by shared theme."""
    m = card_matches()
    areas, cards = items(LEAD), items(CARDS)
    main, other = label_col(), other_label_col()
    rows = [fit(f"{r.order}. {getattr(r, main)}", 22, 12) for r in areas.itertuples()]
    cols = [escape(f"{r.order} · {theme_name(r.theme)}") for r in cards.itertuples()]
    z = m.pivot(index="area_order", columns="card_order", values="n").loc[areas.order, cards.order]
    area_by_id, card_by_id = areas.set_index("order"), cards.set_index("order")
    hover = []
    for a in areas.order:
        line = []
        for c in cards.order:
            cell = m[(m.area_order == a) & (m.card_order == c)].iloc[0]
            ar, cr = area_by_id.loc[a], card_by_id.loc[c]
            labels = zip(cell[f"matched_{main[-2:]}"], cell[f"matched_{other[-2:]}"])
            matched = lines(both_labels(m_, o_) for m_, o_ in labels) or _("no item shares its theme")
            line.append(
                markup(
                    _(
                        "<b>Area {area}: {label}</b><br>{other}<br><b>{card}</b><br>{card_other}<br>Theme: {theme}<br>"
                        "{n} matching item(s):<br>{matched}"
                    ),
                    area=a,
                    label=ar[main],
                    other=ar[other],
                    card=cr[main],
                    card_other=cr[other],
                    theme=theme_name(ar.theme),
                    n=cell.n,
                    matched=matched,
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
        title=_("Report card · its theme"),
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
        tail = _("; every area has a counterpart")
    else:
        tail = n_(
            "; the {n} '{themes}' area match none",
            "; the {n} '{themes}' areas match none",
            len(none),
            themes=theme_words(none_themes),
        )
    return Chart(
        fig,
        "ch5-areas-to-cards",
        sources=[PLENUM_2023, REPORT_2023],
        title=_(
            "{matched} of the {n} areas share a theme with a 2023 report card{tail}",
            matched=(hit > 0).sum(),
            n=len(areas),
            tail=tail,
        ),
        subtitle=_(
            "Each cell counts the items of a report card (its heading and its {groups} groups of measures) "
            "with the same theme as the area. The match is this book's, by theme; the plenum report does not draw it.",
            groups=groups_per_card(),
        ),
        alt=_(
            "Matrix of the ten areas of August 2023 against the eight report cards of the 2023 work report: {rows}.",
            rows=_("; ").join(
                _(
                    "area {area}: {cards}",
                    area=a,
                    cards=_(", ").join(_("card {card} ({n})", card=c, n=n) for c, n in z.loc[a].items() if n)
                    or p_("table cell", "no card"),
                )
                for a in areas.order
            ),
        ),
    )


def areas_table() -> HtmlTable:
    df = items(LEAD)
    return HtmlTable(
        pd.DataFrame(
            {
                _("No."): df.order.values,
                _("Area"): df[label_col()].values,
                **other_column(df[other_label_col()].values),
                _("Theme"): [theme_name(t) for t in df.theme],
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
        title, other = local("title_en"), "title_zh" if lang() == "en" else "title_en"
        hovers.append(
            markup(
                _("<b>{title}</b><br>{other}<br>{n} items"), title=fws.loc[f, title], other=fws.loc[f, other], n=len(df)
            )
        )
        ids += list(df.id)
        labels += [fit(f"{r.order}. {getattr(r, label_col())}", 16, 8) for r in df.itertuples()]
        parents += [f] * len(df)
        values += [1] * len(df)
        colours += [THEME_COLOURS[t] for t in df.theme]
        inks += [ink(THEME_COLOURS[t]) for t in df.theme]
        notes += [theme_note(theme_name(t)) for t in df.theme]
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
        title=_(
            "The August 2025 plan in {n} items: {breakthroughs} breakthroughs, "
            "{tasks} all-out tasks and {questions} development questions",
            n=sum(n.values()),
            breakthroughs=n[BREAKTHROUGHS],
            tasks=n[TASKS],
            questions=n[QUESTIONS],
        ),
        subtitle=_(
            "The three lists of the August 2025 plenum; each box is one item, coloured by its theme "
            "(named in italics). Box sizes count items, not money or weight."
        ),
        alt=_(
            "Treemap of the August 2025 plenum's plan: {lists}.",
            lists=_("; ").join(
                _(
                    "{framework}: {items}",
                    framework=framework_title(f),
                    items=_(", ").join(items(f)[label_col()]),
                )
                for f in FRAMEWORKS_2025
            ),
        ),
    )


def tasks_by_theme() -> Chart:
    """The ten all-out tasks for the second half of 2025, by theme."""
    words = dict(
        axis=_("Tasks (count)"),
        title=_("The {n} tasks span {n_themes} themes"),
        title_one=_("The {n} tasks span {n_themes} themes; {themes} has {most}"),
        title_many=_("The {n} tasks span {n_themes} themes; {themes} have {most} each"),
        subtitle=_(
            "{framework}: each box is one task, numbered as in the source, grouped by the theme this book gives it."
        ),
        alt=_("Stacked bar chart of the {n} tasks by theme: {themes}."),
    )
    return _by_theme(TASKS, "ch6-tasks-by-theme", words, [PLENUM_2025])


def themes_across_2025() -> Chart:
    """Dot matrix: how many items of each 2025 framework fall under each theme."""
    counts = theme_counts(FRAMEWORKS_2025)
    short = {f: fit(short_title(f), 12, 5) for f in FRAMEWORKS_2025}
    main, other = label_col(), other_label_col()
    fig = go.Figure()
    for theme in counts.index:
        row = counts.loc[theme]
        row = row[row > 0]
        part = pd.concat([items(f) for f in row.index])
        part = part[part.theme == theme]
        tips = [
            markup(
                _("<b>{theme}</b> · {framework}: {n}<br>{items}"),
                theme=theme_name(theme),
                framework=framework_title(f),
                n=n,
                items=lines(
                    both_labels(m_, o_)
                    for m_, o_ in zip(part[part.framework == f][main], part[part.framework == f][other])
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
                y=[fit(theme_name(theme), 13, 5)] * len(row),
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
        categoryarray=[fit(theme_name(t), 13, 5) for t in reversed(counts.index)],
        showgrid=True,
    )
    layout(fig, height=110 + 50 * len(counts), legend=False)
    fig.update_layout(margin=dict(t=10, b=10))
    totals = counts.sum(axis=1)
    best = totals[totals == totals.max()].index
    everywhere = [t for t in counts.index if (counts.loc[t] > 0).all()]
    tail = (
        n_(
            "; {themes} appears in all three",
            "; {themes} appear in all three",
            len(everywhere),
            themes=theme_words(everywhere),
        )
        if everywhere
        else _("; no theme appears in all three")
    )
    return Chart(
        fig,
        "ch6-themes-across",
        sources=[PLENUM_2025],
        title=n_(
            "{themes} has the most items ({most} of {total}) across the three 2025 lists{tail}",
            "{themes} have the most items ({most} of {total}) across the three 2025 lists{tail}",
            len(best),
            themes=theme_words(best),
            most=totals.max(),
            total=int(totals.sum()),
            tail=tail,
        ),
        subtitle=_(
            "Number of items of each of the three lists of the August 2025 plenum under each theme; "
            "an empty cell means none."
        ),
        alt=_(
            "Dot matrix of themes against the three lists of the August 2025 plenum: {rows}.",
            rows=_("; ").join(
                _(
                    "{theme}: {counts}",
                    theme=theme_name(t),
                    counts=_(", ").join(
                        _("{n} in {list}", n=n, list=short_title(f)) for f, n in counts.loc[t].items() if n
                    ),
                )
                for t in counts.index
            ),
        ),
    )


def items_table(framework: str) -> HtmlTable:
    df = items(framework)
    as_written = _("As written")
    return HtmlTable(
        pd.DataFrame(
            {
                _("No."): df.order.values,
                _("Item"): df[label_col()].values,
                **other_column(df[other_label_col()].values),
                as_written: df.quote.values,
                _("Theme"): [theme_name(t) for t in df.theme],
            }
        ),
        numeric=(as_written,),  # the source's words set as the English edition sets them
    )


def places_2025() -> pd.DataFrame:
    terms = load().terms.set_index("term_id").loc[PLACES_2025]
    return terms.reset_index()


def places_table() -> HtmlTable:
    df = places_2025()
    name, other = local("en"), "zh" if lang() == "en" else "en"
    return HtmlTable(
        pd.DataFrame(
            {
                _("Place or project"): df[name].values,
                **other_column(df[other].values),
                _("Pinyin"): df.pinyin.values,
                _("Glossary note"): df[local("meaning")].values,
            }
        )
    )


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
        "unmatched": join_words(
            [
                _("{order} ({area})", order=o, area=areas.set_index("order").loc[o, label_col()])
                for o in hit[hit == 0].index
            ]
        ),
        "busiest_cards": join_words([str(o) for o in per_card[per_card == per_card.max()].index]),
        "busiest_card_n": str(per_card.max()),
        "cards_none": join_words(
            [_("{order} ({theme})", order=o, theme=theme_name(cards.loc[o, "theme"]).lower()) for o in lonely]
        )
        or _("none"),
        "com_targets": str(d.loc[PLENUM_2023, ["actual", "estimate", "target"]].sum()),
    }
    for key, sid in {"com": PLENUM_2023, "rep": REPORT_2023, "p25": PLENUM_2025}.items():
        words[f"{key}_n"] = str(d.loc[sid, "total"])
        # with its noun: glue would read "1,314" as a tuple
        words[f"{key}_words"] = _("{n:,} Chinese words", n=d.loc[sid, "words"])
        words[f"{key}_density"] = f"{d.loc[sid, 'per_1000']:.1f}"
    return words


def prose_2025() -> dict[str, str]:
    """Every number and phrase of chapter 6's prose (the August 2025 plenum), by name."""
    n = {f: len(items(f)) for f in FRAMEWORKS_2025}
    counts = theme_counts(FRAMEWORKS_2025)
    tasks = items(TASKS)
    top = counts.sum(axis=1)
    absent = [t for t in load().themes.theme if t not in tasks.theme.values]
    q_only = [t for t in counts.index if counts.loc[t].drop(QUESTIONS).sum() == 0]
    d = figure_density().set_index("source_id").loc[PLENUM_2025]
    city = tasks.set_index("id").loc[CITY_BLOCKS_TASK]
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
        "top_theme": theme_words(top[top == top.max()].index),
        "top_n": str(top.max()),
        "tasks_absent": theme_words(absent),
        "tasks_absent_verb": n_("is", "are", len(absent)),
        "questions_only": theme_words(q_only),
        "city_task": city[label_col()],
        "city_task_order": str(city.order),
        "n_figures": str(d.total),
        "n_words": _("{n:,} Chinese words", n=d.words),  # with its noun: glue would read "1,664" as a tuple
        "n_outcomes": str(d.actual),
        "n_places": str(len(places_2025())),
    }
