"""Chapter 9 — how the strategy evolved, 2023 → 2026: themes, slogans and plan items across the texts.

Three kinds of evidence, all from data/:
- theme weights: key-word counts per 10,000 words of each primary text (derived/theme_counts.csv,
  computed by `make derive` with jieba from the key words in theme_keywords.csv);
- slogans and programmes: which glossary term (terms.csv) is written in which text;
- plan items: the themes of the items of each plan structure (priorities.csv, frameworks.csv).
"""

from __future__ import annotations

import re
import textwrap

import pandas as pd
import plotly.graph_objects as go

from jindong.content.charts import Chart
from jindong.content.charts.common import label_above, layout, wrap
from jindong.content.charts.style import (
    OKABE_ITO,
    REGION_COLOURS,
    THEME_COLOURS,
    THEME_ORDER,
    label_col,
    other_label_col,
)
from jindong.content.documents import documents
from jindong.content.edition import lang
from jindong.content.htmltable import HtmlTable
from jindong.content.markup import bold, escape, lines, markup, wrapped
from jindong.content.vocabulary import BREAKTHROUGHS, DEPARTMENTS_2026, PLENUM_2023, facts, join_words, themes
from jindong.dataset.data import load

# Term cohorts: where a glossary term stands between the 2023 texts and the 2025–26 texts.
CARRIED, NEW, EARLY_ONLY, ELSEWHERE = "carried", "new", "early_only", "elsewhere"
COHORTS = {
    CARRIED: dict(name="In 2023 and in 2025–26", colour=OKABE_ITO[0], symbol="circle"),
    NEW: dict(name="New in 2025–26", colour=OKABE_ITO[5], symbol="diamond"),
    EARLY_ONLY: dict(name="2023 only", colour="#999999", symbol="circle-open"),
    ELSEWHERE: dict(name="Yongkang only", colour=REGION_COLOURS["永康市"], symbol="square"),
}


# ---------------------------------------------------------------- documents


# ---------------------------------------------------------------- theme weights


def theme_weights() -> pd.DataFrame:
    """Key-word counts per primary text and theme (derived/theme_counts.csv), documents in date order."""
    docs = documents()
    counts = load().theme_counts.merge(
        docs[["source_id", "short", "date", "home", "late", "title_en", "title_zh"]], on="source_id"
    )
    order = {sid: i for i, sid in enumerate(docs.source_id)}
    counts["doc_rank"] = counts.source_id.map(order)
    counts["theme_rank"] = counts.theme.map(THEME_ORDER)
    return counts.sort_values(["doc_rank", "theme_rank"]).reset_index(drop=True)


def keywords() -> pd.DataFrame:
    """The key words of each theme, as one string per theme (in themes.csv order)."""
    kw = load().theme_keywords
    words = kw.groupby("theme", sort=False).word.apply(lambda s: "、".join(s))
    th = themes()
    return pd.DataFrame(
        {
            "theme": th.index,
            "label": th[label_col()].values,
            "words": [words.get(t, "") for t in th.index],
            "n": [int((kw.theme == t).sum()) for t in th.index],
        }
    )


def keyword_table() -> HtmlTable:
    kw = keywords()
    return HtmlTable(
        pd.DataFrame(
            {"Theme": kw.label, "Key words (counted in the simplified text)": kw.words, "Number of key words": kw.n}
        ),
        numeric=("Number of key words",),
    )


def leaders() -> pd.DataFrame:
    """For each primary text, the theme whose key words are densest in it."""
    w = theme_weights()
    top = w.loc[w.groupby("source_id", sort=False).per_10k.idxmax()]
    th = themes()
    top = top.assign(label=[th.loc[t, label_col()] for t in top.theme])
    return top.sort_values("doc_rank").reset_index(drop=True)


def _words_of(source_id: str, theme: str) -> pd.DataFrame:
    """The key words counted in one cell (text × theme), most frequent first."""
    kc = load().keyword_counts
    return kc[(kc.source_id == source_id) & (kc.theme == theme)].sort_values("hits", ascending=False, kind="stable")


def words_behind(source_id: str, theme: str, top: int = 3) -> str:
    """The key words behind one cell, most frequent first: "八八战略 ×15, 习近平 ×9, 干部 ×3 (27 in all)".

    A rate can rest on one or two words (a slogan repeated); this says how concentrated it is.
    """
    part = _words_of(source_id, theme)
    if part.empty:
        return "none"
    shown = ", ".join(f"{r.word} ×{r.hits}" for r in part.head(top).itertuples())
    more = f", {len(part) - top} more" if len(part) > top else ""
    return f"{shown}{more} ({part.hits.sum()} in all)"


def concentration(source_id: str, theme: str, top: int = 2) -> str:
    """How many of a cell's hits its `top` most frequent words make: "八八战略 (15) and 习近平 (9) make 24 of its 27"."""
    every = _words_of(source_id, theme)
    part = every.head(top)
    words = [f"{r.word} ({r.hits})" for r in part.itertuples()]
    return f"{join_words(words)} make {int(part.hits.sum())} of its {int(every.hits.sum())} hits"


def theme_heatmap() -> Chart:
    """Heatmap: themes (rows) × primary texts in date order (columns), key words per 10,000 words."""
    w = theme_weights()
    docs = documents()
    th = themes()
    kw = keywords().set_index("theme")
    cols = list(docs.axis)
    rows = [wrap(th.loc[t, label_col()], 16) for t in th.index]
    z = w.pivot(index="theme", columns="source_id", values="per_10k").loc[th.index, docs.source_id]
    hits = w.pivot(index="theme", columns="source_id", values="hits").loc[th.index, docs.source_id]
    tokens = w.groupby("source_id").tokens.first()
    title_col = "title_zh" if lang() == "zh" else "title_en"
    other_title = "title_en" if lang() == "zh" else "title_zh"
    hover = [
        [
            lines(
                [
                    markup("<b>{}</b> · {}", th.loc[t, label_col()], th.loc[t, other_label_col()]),
                    wrapped(d[title_col], 40),
                    d[other_title],
                    d.date,
                    f"{hits.loc[t, d.source_id]} key words in {tokens[d.source_id]:,} words "
                    f"= {z.loc[t, d.source_id]:.1f} per 10,000",
                    markup("Counted: {}", wrapped(words_behind(d.source_id, t), 30)),
                    markup("Key words: {}", wrapped(kw.loc[t, "words"], 30)),
                ]
            )
            for _, d in docs.iterrows()
        ]
        for t in th.index
    ]
    zmax = float(z.values.max())
    fig = go.Figure(
        go.Heatmap(
            z=z.values,
            x=cols,
            y=rows,
            colorscale="Blues",
            zmin=0,
            zmax=zmax,
            xgap=2,
            ygap=2,
            hovertext=hover,
            hoverinfo="text",
            colorbar=dict(
                title=dict(text="per 10,000<br>words", side="top"),
                orientation="h",
                y=-0.02,
                yanchor="top",
                x=0,
                xanchor="left",
                len=1,
                thickness=10,
            ),
        )
    )
    # Cell values as a text layer with a fixed colour per cell (dark on pale cells, white on deep ones), so they
    # stay legible when the page switches to dark mode and re-colours the chart's own text.
    cells = [(c, r, v) for r, row in zip(rows, z.values) for c, v in zip(cols, row)]
    fig.add_trace(
        go.Scatter(
            x=[c for c, _, _ in cells],
            y=[r for _, r, _ in cells],
            mode="text",
            text=[f"{v:.1f}" for _, _, v in cells],
            textfont=dict(size=12, color=["#ffffff" if v > 0.5 * zmax else "#1a1a1a" for _, _, v in cells]),
            hoverinfo="skip",
            showlegend=False,
        )
    )
    fig.update_yaxes(autorange="reversed", title=None, tickfont=dict(size=12), showgrid=False)
    fig.update_xaxes(side="top", title=None, tickangle=0, tickfont=dict(size=10), showgrid=False)
    layout(fig, height=150 + 46 * len(rows), legend=False)
    fig.update_layout(margin=dict(t=60, b=80))
    home = w[w.home]
    peak = home.loc[home.per_10k.idxmax()]
    lead = leaders().set_index("source_id")
    last = docs[docs.home].iloc[-1]
    last_lead = lead.loc[last.source_id]
    title = (
        f"{th.loc[peak.theme, label_col()]} peaks in the {peak.short} at {peak.per_10k:.1f} key words per 10,000 words; "
        f"in the {last.short}, {last_lead.label.lower()} leads with {last_lead.per_10k:.1f}"
    )
    return Chart(
        fig,
        "ch9-theme-heatmap",
        sources=list(docs.source_id),
        title=title,
        subtitle="How often each theme's key words occur in each primary text, per 10,000 words "
        "(jieba segmentation). Texts in date order; Yongkang is a neighbouring city, for comparison.",
        alt=f"Heatmap of theme key-word frequency per 10,000 words in {len(docs)} texts: "
        + "; ".join(f"{r.short}: highest {r.label} ({r.per_10k:.1f})" for r in lead.itertuples())
        + ".",
    )


def theme_shift() -> pd.DataFrame:
    """Derived: each theme's key words per 10,000 words in Jindong's 2023 texts pooled, and in its 2025–26 texts pooled."""
    w = theme_weights()
    w = w[w.home]
    out = []
    for late, part in w.groupby("late"):
        tokens = part.drop_duplicates("source_id").tokens.sum()
        per = part.groupby("theme").hits.sum() * 10_000 / tokens
        out.append(per.rename("late" if late else "early"))
    df = pd.concat(out, axis=1).reset_index()
    df["change"] = df.late - df.early
    df["ratio"] = df.late / df.early
    th = themes()
    df["label"] = [th.loc[t, label_col()] for t in df.theme]
    df["other"] = [th.loc[t, other_label_col()] for t in df.theme]
    return df.sort_values("change").reset_index(drop=True)


def period_docs(late: bool) -> str:
    docs = documents()
    docs = docs[docs.home & (docs.late == late)]
    return join_words(docs.short)


def theme_shift_chart() -> Chart:
    """Dumbbell: the pooled 2023 rate against the pooled 2025–26 rate of each theme, sorted by change."""
    df = theme_shift()
    names = [wrap(label, 18) for label in df.label]
    early_docs, late_docs = period_docs(False), period_docs(True)
    fig = go.Figure()
    xs, ys = [], []
    for n, a, b in zip(names, df.early, df.late):
        xs += [a, b, None]
        ys += [n, n, None]
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            line=dict(color="rgba(128,128,128,0.6)", width=3),
            hoverinfo="skip",
            showlegend=False,
        )
    )
    hover = [
        markup(
            "<b>{}</b> · {}<br>2023 texts: {:.1f}<br>2025–26 texts: {:.1f}<br>change: {:+.1f} (×{:.2f}) per 10,000 words",
            label,
            o,
            a,
            b,
            b - a,
            r,
        )
        for label, o, a, b, r in zip(df.label, df.other, df.early, df.late, df.ratio)
    ]
    fig.add_trace(
        go.Scatter(
            x=df.early,
            y=names,
            mode="markers",
            name="2023 texts",
            hovertext=hover,
            hoverinfo="text",
            marker=dict(size=12, color=OKABE_ITO[4], symbol="circle", line=dict(width=1, color="#333")),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=df.late,
            y=names,
            mode="markers",
            name="2025–26 texts",
            hovertext=hover,
            hoverinfo="text",
            marker=dict(size=12, color=OKABE_ITO[5], symbol="diamond", line=dict(width=1, color="#333")),
        )
    )
    fig.update_yaxes(categoryorder="array", categoryarray=names, title=None, range=[-0.5, len(names) - 0.5])
    fig.update_xaxes(title="Key words per 10,000 words", rangemode="tozero")
    layout(fig, height=170 + 40 * len(df))
    up, down = df.iloc[-1], df.iloc[0]
    title = (
        f"{up.label} rises from {up.early:.1f} to {up.late:.1f} key words per 10,000 words between the 2023 "
        f"and the 2025–26 texts; {down.label.lower()} falls from {down.early:.1f} to {down.late:.1f}"
    )
    return Chart(
        fig,
        "ch9-theme-shift",
        sources=[s for s in documents().query("home").source_id],
        title=title,
        subtitle=f"Derived: the key words of each theme in Jindong's 2023 texts ({early_docs}) and in its "
        f"2025–26 texts ({late_docs}), each pair pooled, per 10,000 words.",
        alt="Dumbbell chart of theme key-word rates in Jindong's 2023 texts against its 2025–26 texts: "
        + "; ".join(f"{label} {a:.1f} to {b:.1f}" for label, a, b in zip(df.label, df.early, df.late))
        + ".",
    )


# ---------------------------------------------------------------- slogans and programmes


def term_presence() -> pd.DataFrame:
    """One row per glossary term and primary text it is written in (terms.csv × sources)."""
    docs = documents().set_index("source_id")
    t = load().terms
    rows = [(r.term_id, sid) for r in t.itertuples() for sid in r.sources.split(";") if sid in docs.index]
    df = pd.DataFrame(rows, columns=["term_id", "source_id"])
    return df.merge(docs[["short", "date", "home", "late"]], left_on="source_id", right_index=True)


def term_cohorts() -> pd.DataFrame:
    """Each glossary term with the primary texts it is written in, its first text and its cohort.

    Cohorts: in a 2023 text of Jindong and in a 2025–26 one (carried); in a 2025–26 text of Jindong but in no
    2023 one (new); in a 2023 text only (early_only); in no Jindong text (elsewhere: Yongkang only).
    """
    docs = documents()
    rank = {sid: i for i, sid in enumerate(docs.source_id)}
    pres = term_presence()
    t = load().terms.set_index("term_id")
    out = []
    for term_id, part in pres.groupby("term_id", sort=False):
        home = part[part.home]
        early, late = (~home.late).any(), home.late.any()
        cohort = CARRIED if early and late else NEW if late else EARLY_ONLY if early else ELSEWHERE
        ids = sorted(part.source_id, key=rank.get)
        r = t.loc[term_id]
        out.append(
            dict(
                term_id=term_id,
                zh=r.zh,
                pinyin=r.pinyin,
                en=r.en,
                meaning=r.meaning,
                cohort=cohort,
                texts=ids,
                n_texts=len(ids),
                n_home=len(home),
                first=ids[0],
                first_rank=rank[ids[0]],
                last_rank=rank[ids[-1]],
            )
        )
    df = pd.DataFrame(out)
    df["cohort_rank"] = df.cohort.map({c: i for i, c in enumerate(COHORTS)})
    return df.sort_values(
        ["cohort_rank", "first_rank", "n_texts", "last_rank", "en"], ascending=[True, True, False, False, True]
    ).reset_index(drop=True)


def term_label(r, width: int = 21, lines: int = 2) -> str:
    """A term's label for an axis (plain text): English without parentheses, on at most `lines` lines of
    `width` characters (cut with '…' beyond); the Chinese term in the zh edition."""
    if lang() == "zh":
        return r.zh
    name = re.sub(r"\s*\([^)]*\)", "", r.en).strip() or r.en  # drop parentheses: "East China (International) …"
    parts = textwrap.wrap(name, width)
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: width - 1].rstrip(" ,;") + "…"
    return "\n".join(parts)


def term_timeline() -> Chart:
    """Dot timeline: every glossary term (rows) × the primary texts it is written in (columns, date order)."""
    df = term_cohorts()
    docs = documents()
    names = dict(zip(docs.source_id, [escape(x) for x in docs.short]))  # one line each, slanted: fits a phone
    shorts = dict(zip(docs.source_id, docs.short))
    df["label"] = [lines(term_label(r).split("\n")) for r in df.itertuples()]
    if df.label.duplicated().any():  # two terms cut to the same label: tell them apart by their Chinese
        dup = df.label.duplicated(keep=False)
        df.loc[dup, "label"] = df.loc[dup, "label"] + " " + df.loc[dup, "zh"]
    fig = go.Figure()
    xs, ys = [], []
    for r in df[df.n_texts > 1].itertuples():
        xs += [names[r.texts[0]], names[r.texts[-1]], None]
        ys += [r.label, r.label, None]
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            line=dict(color="rgba(128,128,128,0.45)", width=2),
            hoverinfo="skip",
            showlegend=False,
        )
    )
    for cohort, style in COHORTS.items():
        part = df[df.cohort == cohort]
        if part.empty:
            continue
        x, y, hover = [], [], []
        for r in part.itertuples():
            text = lines(
                [
                    bold(r.en),
                    f"{r.zh} · {r.pinyin}",
                    wrapped(r.meaning, 40),
                    "In: " + "; ".join(shorts[s] for s in r.texts),
                ]
            )
            for sid in r.texts:
                x.append(names[sid])
                y.append(r.label)
                hover.append(text)
        fig.add_trace(
            go.Scatter(
                x=x,
                y=y,
                mode="markers",
                name=f"{style['name']} ({len(part)})",
                hovertext=hover,
                hoverinfo="text",
                marker=dict(
                    size=10, color=style["colour"], symbol=style["symbol"], line=dict(width=1.5, color=style["colour"])
                ),
            )
        )
    fig.update_xaxes(
        categoryorder="array",
        categoryarray=list(names.values()),
        side="top",
        title=None,
        tickangle=-60,
        tickfont=dict(size=10),
        showgrid=True,
    )
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=list(df.label),
        range=[len(df) - 0.5, -0.5],
        title=None,
        tickfont=dict(size=10),
        showgrid=False,
    )  # a fixed range: autorange would pad 5% above and below
    layout(fig, height=200 + 25 * len(df))
    fig.update_layout(legend=dict(y=-0.005, yanchor="top"), margin=dict(t=50, b=10))
    counts = df.cohort.value_counts()
    title = (
        f"Of {len(df)} glossary terms, {counts.get(CARRIED, 0)} run from the 2023 texts into 2025–26 and "
        f"{counts.get(NEW, 0)} first appear in 2025–26; {counts.get(EARLY_ONLY, 0)} are heard only in 2023"
    )
    return Chart(
        fig,
        "ch9-term-timeline",
        sources=list(docs.source_id),
        title=title,
        subtitle="Each dot: the term is written (in Chinese) in that text; a grey line spans its first to "
        "its last appearance. Terms from the book's glossary; texts in date order.",
        alt=f"Dot timeline of {len(df)} glossary terms across {len(docs)} texts: "
        + "; ".join(f"{COHORTS[c]['name']}: {counts.get(c, 0)}" for c in COHORTS)
        + ".",
    )


def term_turnover() -> pd.DataFrame:
    """For each Jindong primary text: its glossary terms already written in an earlier Jindong text, and the rest."""
    docs = documents()
    docs = docs[docs.home].reset_index(drop=True)
    pres = term_presence()
    pres = pres[pres.home]
    seen: set[str] = set()
    out = []
    for d in docs.itertuples():
        terms = set(pres[pres.source_id == d.source_id].term_id)
        out.append(
            dict(
                source_id=d.source_id,
                short=d.short,
                total=len(terms),
                earlier=len(terms & seen),
                first=len(terms - seen),
                first_terms=sorted(terms - seen),
            )
        )
        seen |= terms
    return pd.DataFrame(out)


def term_turnover_chart() -> Chart:
    """Stacked bars: each Jindong text's glossary terms, split into those seen before and those new."""
    df = term_turnover()
    t = load().terms.set_index("term_id")
    docs = documents().set_index("source_id")
    names = [docs.loc[s, "axis"] for s in df.source_id]
    fig = go.Figure()
    for col, name, colour, pattern in (
        ("earlier", "Also in an earlier Jindong text", COHORTS[CARRIED]["colour"], ""),
        ("first", "First written here", COHORTS[NEW]["colour"], "/"),
    ):
        hover = []
        for r in df.itertuples():
            extra = ""
            if col == "first":
                listed = [term_label(t.loc[i], width=60, lines=1) for i in r.first_terms]
                extra = markup("<br>{}", wrapped("; ".join(listed), 44))
            hover.append(markup("<b>{}</b><br>{}: {} of {} terms{}", r.short, name, getattr(r, col), r.total, extra))
        fig.add_trace(
            go.Bar(
                x=names,
                y=df[col],
                name=name,
                marker=dict(color=colour, pattern_shape=pattern),
                text=df[col],
                textposition="inside",
                hovertext=hover,
                hoverinfo="text",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title="Glossary terms (count)")
    fig.update_xaxes(title=None, tickangle=0)
    layout(fig, height=420)
    last = df.iloc[-1]
    title = f"{last.first} of the {last.total} glossary terms in the {last.short} appear in no earlier Jindong text"
    return Chart(
        fig,
        "ch9-term-turnover",
        sources=list(df.source_id),
        title=title,
        subtitle=f"Glossary terms written in each of Jindong's {len(df)} primary texts, split by whether "
        "an earlier one already used them. Every term of the first text is 'first' by construction.",
        alt="Stacked bar chart of glossary terms per Jindong text: "
        + "; ".join(f"{r.short}: {r.earlier} seen before, {r.first} first" for r in df.itertuples())
        + ".",
    )


def persistent_terms(min_home: int = 3) -> HtmlTable:
    """The glossary terms written in at least `min_home` of Jindong's primary texts."""
    df = term_cohorts()
    n_home = int(documents().home.sum())
    df = df[df.n_home >= min_home].sort_values(["n_home", "first_rank"], ascending=[False, True])
    shorts = documents().set_index("source_id").short
    return HtmlTable(
        pd.DataFrame(
            {
                "Term": df.en.values,
                "中文": df.zh.values,
                "Pinyin": df.pinyin.values,
                f"Jindong texts (of {n_home})": df.n_home.values,
                "Written in": ["; ".join(shorts[s] for s in ts) for ts in df.texts],
            }
        ),
        numeric=(f"Jindong texts (of {n_home})",),
    )


def new_terms() -> HtmlTable:
    """The glossary terms that first appear in Jindong's 2025–26 texts."""
    df = term_cohorts()
    df = df[df.cohort == NEW]
    shorts = documents().set_index("source_id").short
    return HtmlTable(
        pd.DataFrame(
            {
                "Term": df.en.values,
                "中文": df.zh.values,
                "Written in": ["; ".join(shorts[s] for s in ts) for ts in df.texts],
                "Meaning": df.meaning.values,
            }
        )
    )


# ---------------------------------------------------------------- plan items


def plan_items() -> pd.DataFrame:
    """The items of every plan structure at their most detailed level (items with no sub-items)."""
    ds = load()
    pri = ds.priorities
    leaves = pri[~pri.id.isin(set(pri.parent_id))].copy()
    fw = frameworks()
    return leaves.merge(fw[["framework", "rank", "name", "short_title"]], on="framework").sort_values(["rank", "order"])


def frameworks() -> pd.DataFrame:
    """The plan structures in date order (of their source, then their period), with a short axis label."""
    docs = documents().set_index("source_id")
    fw = load().frameworks.copy()
    fw["date"] = [docs.loc[s, "date"] for s in fw.source_id]
    fw["pos"] = range(len(fw))
    fw = fw.sort_values(["date", "period", "pos"]).reset_index(drop=True)
    fw["rank"] = range(len(fw))
    fw["doc"] = [docs.loc[s, "short"] for s in fw.source_id]
    fw["short_title"] = [t.split(":")[0] for t in fw.title_en]
    fw["name"] = [f"{d}: {t}" for d, t in zip(fw.doc, fw.short_title)]
    return fw


def plan_themes() -> Chart:
    """100% stacked bars: for each plan structure (date order), the share of its items under each theme.

    Each bar's name stands above it (not as a tick label), so the bars keep the full width on a phone.
    """
    items = plan_items()
    fw = frameworks()
    th = themes()
    n = items.groupby("framework").size()
    fw = fw[fw.framework.isin(n.index)].reset_index(drop=True)
    pos = {r.framework: i for i, r in enumerate(fw.itertuples())}
    names = {r.framework: f"{r.name} ({n[r.framework]} items)" for r in fw.itertuples()}
    counts = items.groupby(["framework", "theme"]).agg(k=("id", "size"), labels=("label_en", list)).reset_index()
    fig = go.Figure()
    for theme in th.index:
        part = counts[counts.theme == theme]
        if part.empty:
            continue
        share = [100 * k / n[f] for f, k in zip(part.framework, part.k)]
        hover = [
            markup(
                "<b>{}</b><br>{} · {}: {} of {} items ({:.0f}%)<br>{}",
                names[f],
                th.loc[theme, label_col()],
                th.loc[theme, other_label_col()],
                k,
                n[f],
                s,
                lines("· " + textwrap.shorten(lb, 48, placeholder="…") for lb in labels),
            )
            for f, k, s, labels in zip(part.framework, part.k, share, part.labels)
        ]
        fig.add_trace(
            go.Bar(
                x=share,
                y=[pos[f] for f in part.framework],
                orientation="h",
                width=0.42,
                name=escape(th.loc[theme, label_col()]),  # Plotly reads a trace name as markup
                marker_color=THEME_COLOURS[theme],
                legendrank=THEME_ORDER[theme],
                text=list(part.k),
                textposition="inside",
                insidetextanchor="middle",
                hovertext=hover,
                hoverinfo="text",
            )
        )
    for f, i in pos.items():
        fig.add_annotation(label_above(wrapped(names[f], 46), i - 0.24))
    fig.update_layout(barmode="stack", uniformtext=dict(minsize=9, mode="hide"), legend_traceorder="normal")
    fig.update_yaxes(range=[len(pos) - 0.6, -0.8], showticklabels=False, showgrid=False, zeroline=False, title=None)
    fig.update_xaxes(title="Share of the structure's items, %", range=[0, 100], showgrid=False)
    layout(fig, height=230 + 86 * len(pos))
    br = items[items.framework == BREAKTHROUGHS]
    dept = items[items.framework == DEPARTMENTS_2026]
    econ = int(br.theme.isin({"industry_innovation", "investment_projects"}).sum())
    share = f"All {len(br)}" if econ == len(br) else f"{econ} of the {len(br)}"
    title = (
        f"{share} breakthroughs of 2025 concern industry or projects; "
        f"the {len(dept)} department pledges of 2026 spread over {dept.theme.nunique()} of {len(th)} themes"
    )
    return Chart(
        fig,
        "ch9-plan-themes",
        sources=list(dict.fromkeys(fw.source_id)),
        title=title,
        subtitle="Items of each plan structure at their most detailed level, by theme; the numbers in the "
        "bars count items. Structures in date order; the first is a review of 2022, not a plan.",
        alt=f"Stacked bar chart of the theme shares of the items of {len(pos)} plan structures: "
        + "; ".join(f"{names[f]}" for f in pos)
        + ".",
    )


# ---------------------------------------------------------------- numbers for the prose


FACTS = {
    "gdp_growth_target": "jd_gwr_2023-t002",
    "fai_target": "jd_gwr_2023-t026",
    "hub_area": "jd_plenum_2025_08-a004",
    "chains": "jd_allout_2026-a001",
    "culture_investment": "jd_allout_2026-a005",
    "lakes_order": "jd_allout_2026-a003",
    "anniversary": "jd_plenum_2023_08-a003",
}
KEY_FIGURES = [
    "jd_gwr_2023-t002",
    "jd_gwr_2023-t026",
    "jd_plenum_2025_08-a004",
    "jd_allout_2026-a001",
    "jd_allout_2026-a003",
    "jd_allout_2026-a005",
]


def prose() -> dict[str, str]:
    """Every number and phrase the chapter's prose shows, by name (the notebook glues them)."""
    docs = documents()
    w = theme_weights()
    tokens = w.drop_duplicates("source_id").set_index("source_id").tokens
    shortest, longest = tokens.idxmin(), tokens.idxmax()
    label = docs.set_index("source_id").short
    lead = leaders()
    shift = theme_shift()
    cohorts = term_cohorts()
    counts = cohorts.cohort.value_counts()
    n_home = int(docs.home.sum())
    turnover = term_turnover()
    items = plan_items()
    fw = frameworks()
    peak = w[w.home].loc[w[w.home].per_10k.idxmax()]
    th = themes()

    def rate(r) -> str:
        return f"{r.label.lower()} ({r.early:.1f} → {r.late:.1f})"

    return {
        **facts(FACTS),
        "n_texts": str(len(docs)),
        "n_home": str(n_home),
        "n_themes": str(len(th)),
        "n_keywords": str(len(load().theme_keywords)),
        "shortest": f"{tokens[shortest]:,} words in the {label[shortest]}",
        "longest": f"{tokens[longest]:,} in the {label[longest]}",
        "one_hit": f"{10_000 / tokens[shortest]:.1f}",
        "leaders": "; ".join(f"{r.label.lower()} in the {r.short} ({r.per_10k:.1f})" for r in lead.itertuples()),
        "lead_words": "; ".join(f"in the {r.short}, {concentration(r.source_id, r.theme)}" for r in lead.itertuples()),
        "p23_words": concentration(PLENUM_2023, lead.set_index("source_id").loc[PLENUM_2023, "theme"]),
        "peak": f"{th.loc[peak.theme, label_col()].lower()} in the {peak.short}, {peak.per_10k:.1f} per 10,000 words",
        "rise_1": rate(shift.iloc[-1]),
        "rise_2": rate(shift.iloc[-2]),
        "fall_1": rate(shift.iloc[0]),
        "fall_2": rate(shift.iloc[1]),
        "early_docs": period_docs(False),
        "late_docs": period_docs(True),
        "n_terms": str(len(cohorts)),
        "n_carried": str(counts.get(CARRIED, 0)),
        "n_new": str(counts.get(NEW, 0)),
        "n_early_only": str(counts.get(EARLY_ONLY, 0)),
        "n_elsewhere": str(counts.get(ELSEWHERE, 0)),
        "in_all_home": join_words(f"“{e}”" for e in cohorts[cohorts.n_home == n_home].en),
        "n_home_words": {2: "two", 3: "three", 4: "four", 5: "five"}.get(n_home, str(n_home)),
        "n_three": str(int((cohorts.n_home >= 3).sum())),
        "last_new": f"{turnover.iloc[-1]['first']} of its {turnover.iloc[-1].total}",
        "plenum25_new": f"{turnover.iloc[-2]['first']} of {turnover.iloc[-2].total}",
        "n_departments": str(
            int(((load().priorities.framework == DEPARTMENTS_2026) & (load().priorities.parent_id == "")).sum())
        ),
        "n_frameworks": str(items.framework.nunique()),
        "n_items": str(len(items)),
        "n_home_frameworks": str(
            int(fw[fw.source_id.isin(docs[docs.home].source_id)].framework.isin(items.framework).sum())
        ),
    }
