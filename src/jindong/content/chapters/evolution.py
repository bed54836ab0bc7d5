"""Chapter 9 — how the strategy evolved, 2023 → 2026: themes, slogans and plan items across the texts.

Three kinds of evidence, all from data/:
- theme weights: key-word counts per 10,000 words of each primary text (derived/theme_counts.csv,
  computed by `make derive` with jieba from the key words in theme_keywords.csv);
- slogans and programmes: which glossary term (terms.csv) is written in which text;
- plan items: the themes of the items of each plan structure (priorities.csv, frameworks.csv).
"""

from __future__ import annotations

import html
import itertools
import math
import re
import textwrap
from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go

from jindong.content.charts import Chart
from jindong.content.charts.common import label_above, layout, wrap
from jindong.content.charts.style import (
    OKABE_ITO,
    REGION_COLOURS,
    THEME_COLOURS,
    THEME_ORDER,
    bilingual,
    label_col,
    other_label_col,
)
from jindong.content.documents import documents, source_date
from jindong.content.edition import lang
from jindong.content.htmltable import HtmlTable, other_column
from jindong.content.i18n import _, n_
from jindong.content.markup import Markup, bold, both_names, escape, lines, markup, wrapped
from jindong.content.vocabulary import (
    BREAKTHROUGHS,
    DEPARTMENTS_2026,
    PLENUM_2023,
    facts,
    join_words,
    local,
    themes,
)
from jindong.dataset.data import load

# Term cohorts: where a glossary term stands between the 2023 texts and the 2025–26 texts; the glyph is the
# marker's symbol as text, for the term timeline's panel titles (its key).
CARRIED, NEW, EARLY_ONLY, ELSEWHERE = "carried", "new", "early_only", "elsewhere"
COHORTS = {
    CARRIED: dict(colour=OKABE_ITO[0], symbol="circle", glyph="●"),
    NEW: dict(colour=OKABE_ITO[5], symbol="diamond", glyph="◆"),
    EARLY_ONLY: dict(colour="#999999", symbol="circle-open", glyph="○"),
    ELSEWHERE: dict(colour=REGION_COLOURS["永康市"], symbol="square", glyph="■"),
}


def cohort_name(cohort: str) -> str:
    """What the legend calls a cohort, in the edition's language."""
    return {
        CARRIED: _("In 2023 and in 2025–26"),
        NEW: _("New in 2025–26"),
        EARLY_ONLY: _("2023 only"),
        ELSEWHERE: _("Yongkang only"),
    }[cohort]


# Chinese lines may break after these (a line never starts with them), or anywhere in a run without them.
BREAK_AFTER = "、，；：:）)” "


def _wrapped(text, en: int, zh: int) -> Markup:
    """Text on lines of at most `en` characters (English, at spaces) or `zh` characters (Chinese: a
    Chinese character is about twice as wide as a Latin one; lines break after punctuation)."""
    if lang() != "zh":
        return wrapped(text, en)
    pieces = re.findall(f"[^{BREAK_AFTER}]*[{BREAK_AFTER}]*", str(text))
    out = [""]
    for piece in filter(None, pieces):
        if out[-1] and len(out[-1]) + len(piece.rstrip()) > zh:
            out.append("")
        out[-1] += piece
        while len(out[-1].rstrip()) > zh:  # a run longer than a line: cut it
            out[-1:] = [out[-1][:zh], out[-1][zh:]]
    return lines(line.strip() for line in out)


def _width(en: int, zh: int) -> int:
    """A line width in characters: a Chinese character is about twice as wide as a Latin one."""
    return zh if lang() == "zh" else en


def _words(n: int) -> str:
    """A count of words: '5,505' in English, '5505' as Chinese texts write it."""
    return str(n) if lang() == "zh" else f"{n:,}"


def _shorten(text: str, width: int) -> str:
    """Text cut to `width` characters with '…': at a word in English, anywhere in Chinese (no spaces)."""
    if lang() != "zh":
        return textwrap.shorten(text, width, placeholder="…")
    return text if len(text) <= width else text[: width - 1] + "…"


# ---------------------------------------------------------------- text sizes on a phone

# A chart's width on a 375 px phone: the page keeps 24 px on each side (measured in Chromium).
PHONE_PLOT = 327
LINE = 1.3  # Plotly's line height, in em


def text_px(text: str, size: float) -> float:
    """The width in px of one line of chart text at `size` px, estimated at or just over what Chromium draws
    in the book's font (Noto Sans CJK SC; widths in em measured there, each group at its widest).

    The build has no browser: chapter 9 sizes its labels with this, and its tests check the fit with it.
    """
    from wcwidth import wcwidth

    return size * sum(1.0 if wcwidth(ch) == 2 else _EM.get(ch, 0.75) for ch in str(text))


# Widths in em of the Latin letters, digits and marks of the book's chart font, by group (each at its
# widest); other capitals and & 0.75 (text_px), a Han character 1.
_EM = {
    **dict.fromkeys(" ijlI.,;:'!|", 0.3),
    **dict.fromkeys("ft()-/r", 0.4),
    **dict.fromkeys("sz", 0.48),
    **dict.fromkeys("acegkvxyJYLF+–0123456789", 0.57),
    **dict.fromkeys("bdhnopquAVXESTZPR", 0.63),
    **dict.fromkeys("mwMW", 0.93),
    **dict.fromkeys("“”‘’…", 1.0),
}


def fit_lines(text: str, px: float, size: float) -> list[str]:
    """Text on lines no wider than `px` at `size` px, never cut short: English breaks at spaces, Chinese
    after punctuation (BREAK_AFTER), or between characters in a run too long for a line."""
    out = [""]
    for piece in filter(None, re.findall(f"[^{BREAK_AFTER}]*[{BREAK_AFTER}]*", str(text))):
        if out[-1] and text_px(out[-1] + piece.rstrip(), size) > px:
            out.append("")
        out[-1] += piece
        while text_px(out[-1].rstrip(), size) > px and len(out[-1].rstrip()) > 1:  # a run longer than a line
            cut = max((k for k in range(1, len(out[-1])) if text_px(out[-1][:k], size) <= px), default=1)
            out[-1:] = [out[-1][:cut], out[-1][cut:]]
    return [line.strip() for line in out if line.strip()]


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
    """The key words of each theme, as one string per theme (in themes.csv order). The Chinese edition
    quotes each (“习近平”、“八八战略”): they are words counted, not the book's own wording."""
    kw = load().theme_keywords
    mark = "“{}”" if lang() == "zh" else "{}"
    words = kw.groupby("theme", sort=False).word.apply(lambda s: "、".join(mark.format(w) for w in s))
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
    number = _("Number of key words")
    return HtmlTable(
        pd.DataFrame({_("Theme"): kw.label, _("Key words (counted in the simplified text)"): kw.words, number: kw.n}),
        numeric=(number,),
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
    """The key words behind one cell, most frequent first: "八八战略 ×15, 习近平 ×9, 干部 ×3 (27 in all)"; in
    Chinese each word in quotation marks (“习近平”×9: a counted word, not the name used alone).

    A rate can rest on one or two words (a slogan repeated); this says how concentrated it is.
    """
    part = _words_of(source_id, theme)
    if part.empty:
        return _("none")
    shown = _(", ").join(_("{word} ×{hits}", word=r.word, hits=r.hits) for r in part.head(top).itertuples())
    total = int(part.hits.sum())
    if len(part) > top:
        return _("{shown}, {more} more ({total} in all)", shown=shown, more=len(part) - top, total=total)
    return _("{shown} ({total} in all)", shown=shown, total=total)


def concentration(source_id: str, theme: str, top: int = 2) -> str:
    """How many of a cell's hits its `top` most frequent words make: "八八战略 (15) and 习近平 (9) make 24 of its 27";
    in Chinese each word in quotation marks, “八八战略”（15次）和“习近平”（9次）: counted words, not a name used alone."""
    every = _words_of(source_id, theme)
    part = every.head(top)
    words = [_("{word} ({hits})", word=r.word, hits=r.hits) for r in part.itertuples()]
    return _(
        "{words} make {part} of its {total} hits",
        words=join_words(words),
        part=int(part.hits.sum()),
        total=int(every.hits.sum()),
    )


# The heatmap's label sizes (px): its row labels leave a phone's width to five columns, whose labels fit them.
HEAT_ROW_SIZE, HEAT_HEADER_SIZE = 11, 10


def heat_row_label(label: str) -> Markup:
    """A theme's row label, on lines narrow enough to leave the columns a phone's width (a word of 11
    letters, five Chinese characters)."""
    return lines(fit_lines(label, _width(76, 56), HEAT_ROW_SIZE))


def heat_column_label(axis_label) -> Markup:
    """A text's column label ('Feb<br>2023<br>report'), each line narrower than a column on a phone: in
    Chinese the year and the month on lines of their own, and four characters on two lines
    ('2023年<br>2月<br>报告', '日期<br>不详<br>报道'), which ran into each other on one."""
    parts = [html.unescape(p) for p in str(axis_label).split("<br>")]
    if lang() == "zh":
        parts = [p for line in parts for p in re.findall(r"\d+[年月日]|\D{1,2}", line)]
    return lines(parts)


def theme_heatmap() -> Chart:
    """Heatmap: themes (rows) × primary texts in date order (columns), key words per 10,000 words."""
    w = theme_weights()
    docs = documents()
    th = themes()
    kw = keywords().set_index("theme")
    cols = [heat_column_label(a) for a in docs.axis]
    rows = [heat_row_label(th.loc[t, label_col()]) for t in th.index]
    z = w.pivot(index="theme", columns="source_id", values="per_10k").loc[th.index, docs.source_id]
    hits = w.pivot(index="theme", columns="source_id", values="hits").loc[th.index, docs.source_id]
    tokens = w.groupby("source_id").tokens.first()
    title_col = local("title_en")
    other_title = "title_en" if lang() == "zh" else "title_zh"
    hover = [
        [
            lines(
                [
                    both_names(th.loc[t, label_col()], th.loc[t, other_label_col()], bilingual()),
                    _wrapped(d[title_col], 40, 24),
                    d[other_title] if bilingual() else None,
                    source_date(d),
                    _(
                        "{hits} key words in {words} words = {rate} per 10,000",
                        hits=hits.loc[t, d.source_id],
                        words=_words(tokens[d.source_id]),
                        rate=f"{z.loc[t, d.source_id]:.1f}",
                    ),
                    markup(_("Counted: {words}"), words=_wrapped(words_behind(d.source_id, t), 30, 18)),
                    markup(_("Key words: {words}"), words=_wrapped(kw.loc[t, "words"], 30, 18)),
                ]
            )
            for _i, d in docs.iterrows()
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
                title=dict(text=_("per 10,000<br>words"), side="top"),
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
            x=[c for c, _r, _v in cells],
            y=[r for _c, r, _v in cells],
            mode="text",
            text=[f"{v:.1f}" for _c, _r, v in cells],
            textfont=dict(size=12, color=["#ffffff" if v > 0.5 * zmax else "#1a1a1a" for _c, _r, v in cells]),
            hoverinfo="skip",
            showlegend=False,
        )
    )
    fig.update_yaxes(autorange="reversed", title=None, tickfont=dict(size=HEAT_ROW_SIZE), showgrid=False)
    fig.update_xaxes(side="top", title=None, tickangle=0, tickfont=dict(size=HEAT_HEADER_SIZE), showgrid=False)
    layout(fig, height=150 + 46 * len(rows), legend=False)
    fig.update_layout(margin=dict(t=60, b=80, r=4))  # no right margin: the columns need a phone's every px
    home = w[w.home]
    peak = home.loc[home.per_10k.idxmax()]
    lead = leaders().set_index("source_id")
    last = docs[docs.home].iloc[-1]
    last_lead = lead.loc[last.source_id]
    title = _(
        "{theme} peaks in the {doc} at {rate} key words per 10,000 words; in the {last_doc}, {last_theme} leads "
        "with {last_rate}",
        theme=th.loc[peak.theme, label_col()],
        doc=peak.short,
        rate=f"{peak.per_10k:.1f}",
        last_doc=last.short,
        last_theme=last_lead.label.lower(),
        last_rate=f"{last_lead.per_10k:.1f}",
    )
    highest = _("; ").join(
        _("{doc}: highest {theme} ({rate})", doc=r.short, theme=r.label, rate=f"{r.per_10k:.1f}")
        for r in lead.itertuples()
    )
    return Chart(
        fig,
        "ch9-theme-heatmap",
        sources=list(docs.source_id),
        title=title,
        subtitle=_(
            "How often each theme's key words occur in each primary text, per 10,000 words "
            "(jieba segmentation). Texts in date order; Yongkang is a neighbouring city, for comparison."
        ),
        alt=_(
            "Heatmap of theme key-word frequency per 10,000 words in {n} texts: {cells}.", n=len(docs), cells=highest
        ),
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
        lines(
            [
                both_names(label, o, bilingual()),
                _("2023 texts: {rate}", rate=f"{a:.1f}"),
                _("2025–26 texts: {rate}", rate=f"{b:.1f}"),
                _("change: {change} (×{ratio}) per 10,000 words", change=f"{b - a:+.1f}", ratio=f"{r:.2f}"),
            ]
        )
        for label, o, a, b, r in zip(df.label, df.other, df.early, df.late, df.ratio)
    ]
    fig.add_trace(
        go.Scatter(
            x=df.early,
            y=names,
            mode="markers",
            name=_("2023 texts"),
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
            name=_("2025–26 texts"),
            hovertext=hover,
            hoverinfo="text",
            marker=dict(size=12, color=OKABE_ITO[5], symbol="diamond", line=dict(width=1, color="#333")),
        )
    )
    fig.update_yaxes(categoryorder="array", categoryarray=names, title=None, range=[-0.5, len(names) - 0.5])
    fig.update_xaxes(title=_("Key words per 10,000 words"), rangemode="tozero")
    layout(fig, height=170 + 40 * len(df))
    up, down = df.iloc[-1], df.iloc[0]
    title = _(
        "{up} rises from {up_early} to {up_late} key words per 10,000 words between the 2023 and the 2025–26 "
        "texts; {down} falls from {down_early} to {down_late}",
        up=up.label,
        up_early=f"{up.early:.1f}",
        up_late=f"{up.late:.1f}",
        down=down.label.lower(),
        down_early=f"{down.early:.1f}",
        down_late=f"{down.late:.1f}",
    )
    rates = _("; ").join(
        _("{theme} {early} to {late}", theme=label, early=f"{a:.1f}", late=f"{b:.1f}")
        for label, a, b in zip(df.label, df.early, df.late)
    )
    return Chart(
        fig,
        "ch9-theme-shift",
        sources=[s for s in documents().query("home").source_id],
        title=title,
        subtitle=_(
            "Derived: the key words of each theme in Jindong's 2023 texts ({early_docs}) and in its "
            "2025–26 texts ({late_docs}), each pair pooled, per 10,000 words.",
            early_docs=early_docs,
            late_docs=late_docs,
        ),
        alt=_(
            "Dumbbell chart of theme key-word rates in Jindong's 2023 texts against its 2025–26 texts: {rates}.",
            rates=rates,
        ),
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
                meaning=r[local("meaning")],  # in the edition's language (terms.csv meaning / meaning_zh)
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


# The term timeline's sizes (px): its labels are sized for a phone, where the chart is PHONE_PLOT wide.
TERM_SIZE, HEADER_SIZE, TITLE_SIZE = 11, 10, 13
HEADER_ANGLE = 35  # the texts' names slant down to their column, over the labels' column
COLUMN_PX = 26  # a column of dots on a phone, at least
ROW_GAP = 5  # between two rows' labels
MARGIN_R, MARGIN_B = 8, 8


class TimelineGeometry(NamedTuple):
    label_px: float  # the width of the terms' labels
    margin_l: int  # the left margin, which holds the labels


def timeline_geometry(n_cols: int, names) -> TimelineGeometry:
    """The term labels' column: as wide as the widest name, at most what a phone's width leaves beside
    `n_cols` columns of dots (the Chinese names are short: their columns get the rest)."""
    room = PHONE_PLOT - MARGIN_R - n_cols * COLUMN_PX - 10
    label_px = min(room, max(text_px(n, TERM_SIZE) for n in names))
    return TimelineGeometry(label_px, math.ceil(label_px) + 8)


def term_name(r) -> str:
    """A term's name on the timeline: its English without the parentheses (the hover gives it all), or the
    Chinese term in the zh edition."""
    if lang() == "zh":
        return r.zh
    return re.sub(r"\s*\([^)]*\)", "", r.en).strip() or r.en  # drop parentheses: "East China (International) …"


def term_lines(r, px: float) -> list[str]:
    """A term's name, whole, on lines of at most `px`."""
    return fit_lines(term_name(r), px, TERM_SIZE)


def row_px(n_lines: int) -> float:
    """The height of a timeline row whose label has `n_lines` lines: the lines and a gap."""
    return n_lines * TERM_SIZE * LINE + ROW_GAP


def slanted_px(text: str, size: float, angle: float) -> float:
    """The height a one-line label takes when slanted by `angle` degrees."""
    a = math.radians(angle)
    return text_px(text, size) * math.sin(a) + size * LINE * math.cos(a)


def term_timeline() -> Chart:
    """Dot timeline in small multiples: one panel per cohort, its glossary terms (rows) × the primary texts
    they are written in (columns, date order).

    80 terms in one grid were 2,200 px tall, with the texts named only at its top and the key only at its
    foot, and labels cut to two lines that still collided. Each panel now has its own title (the key: the
    cohort's mark and name) and column labels, and each row is as tall as its label's lines, so no label is
    cut or overlaps another. Rows are numeric positions named by annotations (the data table and the CSV
    read a row's name from them, datatable._Positions).
    """
    df = term_cohorts()
    docs = documents()
    names = dict(zip(docs.source_id, [escape(x) for x in docs.short]))  # one line each, slanted
    shorts = dict(zip(docs.source_id, docs.short))
    cols = list(names.values())
    geo = timeline_geometry(len(cols), [term_name(r) for r in df.itertuples()])
    df["label"] = [term_lines(r, geo.label_px) for r in df.itertuples()]
    header = TITLE_SIZE * LINE + 6 + max(slanted_px(x, HEADER_SIZE, HEADER_ANGLE) for x in docs.short) + 4
    panels = []
    for cohort in COHORTS:
        part = df[df.cohort == cohort]
        if part.empty:
            continue
        heights = [row_px(len(label)) for label in part.label]
        bottoms = list(itertools.accumulate(heights))
        centres = [b - h / 2 for b, h in zip(bottoms, heights)]
        panels.append((cohort, part, centres, bottoms[-1]))
    height = math.ceil(sum(header + rows for *_r, rows in panels)) + MARGIN_B
    plot_h = height - header - MARGIN_B  # the first panel's header is the top margin
    fig = go.Figure()
    top = 0.0  # px from the plot area's top
    for k, (cohort, part, centres, rows) in enumerate(panels):
        if k:
            top += header
        domain = [max(0.0, 1 - (top + rows) / plot_h), 1 - top / plot_h]
        top += rows
        xa, ya = ("x", "y") if k == 0 else (f"x{k + 1}", f"y{k + 1}")
        style = COHORTS[cohort]
        xs, ys = [], []
        for r, y in zip(part.itertuples(), centres):
            if r.n_texts > 1:
                xs += [names[r.texts[0]], names[r.texts[-1]], None]
                ys += [y, y, None]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line=dict(color="rgba(128,128,128,0.45)", width=2),
                hoverinfo="skip",
                showlegend=False,
                xaxis=xa,
                yaxis=ya,
            )
        )
        x, y, hover = [], [], []
        for r, centre in zip(part.itertuples(), centres):
            # the English edition names the term and gives the source's Chinese (and its pinyin) beside it;
            # the Chinese edition's hover is Chinese only
            names_ = [bold(r.zh)] if lang() == "zh" else [bold(r.en), f"{r.zh} · {r.pinyin}"]
            text = lines(
                [
                    *names_,
                    _wrapped(r.meaning, 40, 22),
                    _("In: {texts}", texts=_("; ").join(shorts[s] for s in r.texts)),
                ]
            )
            for sid in r.texts:
                x.append(names[sid])
                y.append(centre)
                hover.append(text)
        name = _("{cohort} ({n})", cohort=cohort_name(cohort), n=len(part))
        fig.add_trace(
            go.Scatter(
                x=x,
                y=y,
                mode="markers",
                name=name,
                hovertext=hover,
                hoverinfo="text",
                showlegend=False,
                xaxis=xa,
                yaxis=ya,
                marker=dict(
                    size=10, color=style["colour"], symbol=style["symbol"], line=dict(width=1.5, color=style["colour"])
                ),
            )
        )
        axis = "" if k == 0 else str(k + 1)
        fig.update_layout(
            {
                f"xaxis{axis}": dict(
                    anchor=ya,
                    domain=[0, 1],
                    categoryorder="array",
                    categoryarray=cols,
                    range=[-0.5, len(cols) - 0.5],
                    side="top",
                    title=None,
                    tickangle=HEADER_ANGLE,
                    tickfont=dict(size=HEADER_SIZE),
                    showgrid=True,
                    automargin=False,
                    fixedrange=True,
                ),
                f"yaxis{axis}": dict(
                    anchor=xa,
                    domain=domain,
                    range=[rows, 0],  # px from the panel's top, down
                    showticklabels=False,
                    showgrid=False,
                    zeroline=False,
                    title=None,
                    automargin=False,
                    fixedrange=True,
                ),
            }
        )
        # the panel's title is its key: the cohort's mark, in its colour, and its name
        fig.add_annotation(
            x=0,
            xref="paper",
            xanchor="left",
            xshift=2 - geo.margin_l,
            y=domain[1],
            yref="paper",
            yanchor="bottom",
            yshift=header - TITLE_SIZE * LINE - 4,
            text=markup('<span style="color:{}">{}</span> <b>{}</b>', style["colour"], style["glyph"], name),
            showarrow=False,
            font=dict(size=TITLE_SIZE),
        )
        for label, centre in zip(part.label, centres):
            fig.add_annotation(
                x=0,
                xref="paper",
                xanchor="left",
                xshift=2 - geo.margin_l,
                y=centre,
                yref=ya,
                yanchor="middle",
                text=lines(label),
                align="left",
                showarrow=False,
                font=dict(size=TERM_SIZE),
            )
    layout(fig, height=height, legend=False)
    fig.update_layout(margin=dict(l=geo.margin_l, r=MARGIN_R, t=header, b=MARGIN_B))
    counts = df.cohort.value_counts()
    title = _(
        "Of {n} glossary terms, {carried} run from the 2023 texts into 2025–26 and {new} first appear in "
        "2025–26; {early_only} are heard only in 2023",
        n=len(df),
        carried=counts.get(CARRIED, 0),
        new=counts.get(NEW, 0),
        early_only=counts.get(EARLY_ONLY, 0),
    )
    per_cohort = _("; ").join(_("{cohort}: {n}", cohort=cohort_name(c), n=counts.get(c, 0)) for c in COHORTS)
    return Chart(
        fig,
        "ch9-term-timeline",
        sources=list(docs.source_id),
        title=title,
        subtitle=_(
            "Each dot: the term is written (in Chinese) in that text; a grey line spans its first to "
            "its last appearance. Terms from the book's glossary; texts in date order."
        ),
        alt=_(
            "Dot timeline of {n} glossary terms across {n_texts} texts: {cohorts}.",
            n=len(df),
            n_texts=len(docs),
            cohorts=per_cohort,
        ),
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
        ("earlier", _("Also in an earlier Jindong text"), COHORTS[CARRIED]["colour"], ""),
        ("first", _("First written here"), COHORTS[NEW]["colour"], "/"),
    ):
        hover = []
        for r in df.itertuples():
            extra = ""
            if col == "first":
                listed = [term_label(t.loc[i], width=60, lines=1) for i in r.first_terms]
                extra = markup("<br>{}", _wrapped(_("; ").join(listed), 44, 24))
            share = _("{name}: {k} of {total} terms", name=name, k=getattr(r, col), total=r.total)
            hover.append(markup("<b>{}</b><br>{}{}", r.short, share, extra))
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
    fig.update_yaxes(title=_("Glossary terms (count)"))
    fig.update_xaxes(title=None, tickangle=0)
    layout(fig, height=420)
    last = df.iloc[-1]
    title = _(
        "{first} of the {total} glossary terms in the {doc} appear in no earlier Jindong text",
        first=last["first"],
        total=last.total,
        doc=last.short,
    )
    bars = _("; ").join(
        _("{doc}: {earlier} seen before, {first} first", doc=r.short, earlier=r.earlier, first=r.first)
        for r in df.itertuples()
    )
    return Chart(
        fig,
        "ch9-term-turnover",
        sources=list(df.source_id),
        title=title,
        subtitle=_(
            "Glossary terms written in each of Jindong's {n} primary texts, split by whether an earlier one "
            "already used them. Every term of the first text is 'first' by construction.",
            n=len(df),
        ),
        alt=_("Stacked bar chart of glossary terms per Jindong text: {bars}.", bars=bars),
    )


def persistent_terms(min_home: int = 3) -> HtmlTable:
    """The glossary terms written in at least `min_home` of Jindong's primary texts."""
    df = term_cohorts()
    n_home = int(documents().home.sum())
    df = df[df.n_home >= min_home].sort_values(["n_home", "first_rank"], ascending=[False, True])
    shorts = documents().set_index("source_id").short
    count = _("Jindong texts (of {n})", n=n_home)
    return HtmlTable(
        pd.DataFrame(
            {
                _("Term"): df[local("en")].values,
                **other_column(df[other_term()].values),
                _("Pinyin"): df.pinyin.values,
                count: df.n_home.values,
                _("Written in"): [_("; ").join(shorts[s] for s in ts) for ts in df.texts],
            }
        ),
        numeric=(count,),
    )


def other_term() -> str:
    """The column of a term's name in the other language: its Chinese in English, its English in Chinese."""
    return "en" if lang() == "zh" else "zh"


def new_terms() -> HtmlTable:
    """The glossary terms that first appear in Jindong's 2025–26 texts."""
    df = term_cohorts()
    df = df[df.cohort == NEW]
    shorts = documents().set_index("source_id").short
    return HtmlTable(
        pd.DataFrame(
            {
                _("Term"): df[local("en")].values,
                **other_column(df[other_term()].values),
                _("Written in"): [_("; ").join(shorts[s] for s in ts) for ts in df.texts],
                _("Meaning"): df.meaning.values,
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
    fw["short_title"] = [re.split("[:：]", t)[0] for t in fw[local("title_en")]]
    fw["name"] = [_("{doc}: {title}", doc=d, title=t) for d, t in zip(fw.doc, fw.short_title)]
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
    names = {
        r.framework: n_("{name} ({n} item)", "{name} ({n} items)", int(n[r.framework]), name=r.name)
        for r in fw.itertuples()
    }
    counts = items.groupby(["framework", "theme"]).agg(k=("id", "size"), labels=(label_col(), list)).reset_index()
    fig = go.Figure()
    for theme in th.index:
        part = counts[counts.theme == theme]
        if part.empty:
            continue
        share = [100 * k / n[f] for f, k in zip(part.framework, part.k)]
        hover = [
            markup(
                "<b>{}</b><br>{}<br>{}",
                names[f],
                _(
                    "{theme} · {other}: {k} of {n} items ({share}%)",
                    theme=th.loc[theme, label_col()],
                    other=th.loc[theme, other_label_col()],
                    k=k,
                    n=n[f],
                    share=f"{s:.0f}",
                ),
                lines("· " + _shorten(lb, _width(48, 26)) for lb in labels),
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
        fig.add_annotation(label_above(_wrapped(names[f], 46, 26), i - 0.24))
    fig.update_layout(barmode="stack", uniformtext=dict(minsize=9, mode="hide"), legend_traceorder="normal")
    fig.update_yaxes(range=[len(pos) - 0.6, -0.8], showticklabels=False, showgrid=False, zeroline=False, title=None)
    fig.update_xaxes(title=_("Share of the structure's items, %"), range=[0, 100], showgrid=False)
    layout(fig, height=230 + 86 * len(pos))
    br = items[items.framework == BREAKTHROUGHS]
    dept = items[items.framework == DEPARTMENTS_2026]
    econ = int(br.theme.isin({"industry_innovation", "investment_projects"}).sum())
    numbers = dict(n=len(br), econ=econ, pledges=len(dept), spread=dept.theme.nunique(), themes=len(th))
    if econ == len(br):
        title = _(
            "All {n} breakthroughs of 2025 concern industry or projects; the {pledges} department pledges of "
            "2026 spread over {spread} of {themes} themes",
            **numbers,
        )
    else:
        title = _(
            "{econ} of the {n} breakthroughs of 2025 concern industry or projects; the {pledges} department "
            "pledges of 2026 spread over {spread} of {themes} themes",
            **numbers,
        )
    return Chart(
        fig,
        "ch9-plan-themes",
        sources=list(dict.fromkeys(fw.source_id)),
        title=title,
        subtitle=_(
            "Items of each plan structure at their most detailed level, by theme; the numbers in the "
            "bars count items. Structures in date order; the first is a review of 2022, not a plan."
        ),
        alt=_(
            "Stacked bar chart of the theme shares of the items of {n} plan structures: {structures}.",
            n=len(pos),
            structures=_("; ").join(names[f] for f in pos),
        ),
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
        return _("{theme} ({early} → {late})", theme=r.label.lower(), early=f"{r.early:.1f}", late=f"{r.late:.1f}")

    def count_word(n: int) -> str:
        return {2: _("two"), 3: _("three"), 4: _("four"), 5: _("five")}.get(n, str(n))

    return {
        **facts(FACTS),
        "n_texts": str(len(docs)),
        "n_home": str(n_home),
        "n_themes": str(len(th)),
        "n_keywords": str(len(load().theme_keywords)),
        "shortest": _("{words} words in the {doc}", words=_words(tokens[shortest]), doc=label[shortest]),
        "longest": _("{words} in the {doc}", words=_words(tokens[longest]), doc=label[longest]),
        "one_hit": f"{10_000 / tokens[shortest]:.1f}",
        "leaders": _("; ").join(
            _("{theme} in the {doc} ({rate})", theme=r.label.lower(), doc=r.short, rate=f"{r.per_10k:.1f}")
            for r in lead.itertuples()
        ),
        "lead_words": _("; ").join(
            _("in the {doc}, {words}", doc=r.short, words=concentration(r.source_id, r.theme))
            for r in lead.itertuples()
        ),
        "p23_words": concentration(PLENUM_2023, lead.set_index("source_id").loc[PLENUM_2023, "theme"]),
        "peak": _(
            "{theme} in the {doc}, {rate} per 10,000 words",
            theme=th.loc[peak.theme, label_col()].lower(),
            doc=peak.short,
            rate=f"{peak.per_10k:.1f}",
        ),
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
        "in_all_home": join_words(f"“{e}”" for e in cohorts[cohorts.n_home == n_home][local("en")]),
        "n_home_words": count_word(n_home),
        "n_three": str(int((cohorts.n_home >= 3).sum())),
        "last_new": _("{first} of its {total}", first=turnover.iloc[-1]["first"], total=turnover.iloc[-1].total),
        "plenum25_new": _("{first} of {total}", first=turnover.iloc[-2]["first"], total=turnover.iloc[-2].total),
        "n_departments": str(
            int(((load().priorities.framework == DEPARTMENTS_2026) & (load().priorities.parent_id == "")).sum())
        ),
        "n_frameworks": str(items.framework.nunique()),
        "n_items": str(len(items)),
        "n_home_frameworks": str(
            int(fw[fw.source_id.isin(docs[docs.home].source_id)].framework.isin(items.framework).sum())
        ),
    }
