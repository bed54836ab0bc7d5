"""Chapter 9's figures (how the strategy evolved) are built from the data, and say what the data say."""

from __future__ import annotations

import pytest

from jindong.content.chapters import evolution as ev
from jindong.dataset.data import load
from jindong.dataset.sources import source_texts
from jindong.dataset.tables import read_table
from jindong.paths import DATA_DIR


def test_documents_are_the_primary_texts_in_date_order():
    docs = ev.documents()
    src = load().sources
    assert set(docs.source_id) == set(src[src.reliability == "primary"].source_id)
    assert list(docs.date) == sorted(docs.date)
    assert docs.set_index("source_id").loc["yk_plenum_2025_01", "home"] == False  # noqa: E712 - a neighbour
    assert docs.short.is_unique and docs.axis.is_unique


def test_heatmap_plots_every_rate_of_theme_counts():
    chart = ev.theme_heatmap()
    heat = chart.fig.data[0]
    counts = load().theme_counts
    docs = ev.documents()
    assert [len(row) for row in heat.z] == [len(docs)] * len(load().themes)
    plotted = sorted(v for row in heat.z for v in row)
    assert plotted == sorted(counts.per_10k)
    home = counts[counts.source_id.isin(docs[docs.home].source_id)]
    assert f"{home.per_10k.max():.1f}" in chart.title
    labels = chart.fig.data[1].text  # the value layer writes each cell's rate
    assert sorted(float(t) for t in labels) == plotted


def test_theme_shift_is_the_pooled_rate_of_each_period():
    df = ev.theme_shift().set_index("theme")
    c = load().theme_counts
    early = c[c.source_id.isin(["jd_gwr_2023", "jd_plenum_2023_08"])]
    late = c[c.source_id.isin(["jd_plenum_2025_08", "jd_allout_2026"])]
    for theme in df.index:
        e, late_row = early[early.theme == theme], late[late.theme == theme]
        assert df.loc[theme, "early"] == pytest.approx(10_000 * e.hits.sum() / e.tokens.sum())
        assert df.loc[theme, "late"] == pytest.approx(10_000 * late_row.hits.sum() / late_row.tokens.sum())
    chart = ev.theme_shift_chart()
    top = ev.theme_shift().iloc[-1]
    assert f"{top.early:.1f}" in chart.title and f"{top.late:.1f}" in chart.title
    assert sorted(chart.fig.data[1].x) == sorted(df.early) and sorted(chart.fig.data[2].x) == sorted(df.late)


def test_term_timeline_has_a_dot_for_every_term_in_every_primary_text():
    chart = ev.term_timeline()
    primary = set(ev.documents().source_id)
    pairs = sum(len(set(s.split(";")) & primary) for s in load().terms.sources)
    dots = sum(len(t.x) for t in chart.fig.data if t.mode == "markers")
    assert dots == pairs
    cohorts = ev.term_cohorts()
    assert len(cohorts) == len(load().terms)
    assert f"Of {len(cohorts)} glossary terms" in chart.title
    assert f"{(cohorts.cohort == ev.NEW).sum()} first appear in 2025–26" in chart.title


def test_cohorts_follow_their_definition():
    docs = ev.documents().set_index("source_id")
    for r in ev.term_cohorts().itertuples():
        home = [s for s in r.texts if docs.loc[s, "home"]]
        early = any(not docs.loc[s, "late"] for s in home)
        late = any(docs.loc[s, "late"] for s in home)
        expected = ev.CARRIED if early and late else ev.NEW if late else ev.EARLY_ONLY if early else ev.ELSEWHERE
        assert r.cohort == expected, r.term_id


def test_term_turnover_bars_add_up_to_the_terms_of_each_text():
    chart = ev.term_turnover_chart()
    df = ev.term_turnover()
    terms = load().terms
    for i, sid in enumerate(df.source_id):
        listed = sum(sid in s.split(";") for s in terms.sources)
        assert chart.fig.data[0].y[i] + chart.fig.data[1].y[i] == listed
    assert df.iloc[0].earlier == 0  # nothing comes before the first text
    last = df.iloc[-1]
    assert chart.title.startswith(f"{last['first']} of the {last.total} glossary terms")


def test_plan_themes_shares_and_counts_match_the_plan_items():
    chart = ev.plan_themes()
    items = ev.plan_items()
    pri = load().priorities
    assert len(items) == (~pri.id.isin(set(pri.parent_id))).sum()  # every item at its most detailed level
    totals, counts = {}, {}
    for trace in chart.fig.data:
        for y, x, k in zip(trace.y, trace.x, trace.text):
            totals[y] = totals.get(y, 0) + x
            counts[y] = counts.get(y, 0) + int(k)
    assert all(t == pytest.approx(100) for t in totals.values())
    assert sum(counts.values()) == len(items)
    br = items[items.framework == "jd2025_breakthroughs"]
    assert str(len(br)) in chart.title


def test_facts_are_text_and_tables_are_escaped():
    facts = ev.prose()
    assert facts["n_terms"] == str(len(load().terms))
    assert facts["in_all_home"]  # at least the district's own name
    for table in (ev.keyword_table(), ev.persistent_terms(), ev.new_terms()):
        assert "<script" not in table._repr_html_()
    for chart in (ev.theme_heatmap(), ev.term_timeline(), ev.plan_themes()):
        assert "<script>alert" not in chart.div()


def test_glossary_lists_every_primary_text_that_uses_a_term(sources):
    """The chapter reads terms × sources as 'where a term is written': the lists must be complete."""
    texts = source_texts(read_table(DATA_DIR / "sources.csv").rows, sources)
    primary = set(ev.documents().source_id)
    missing = []
    for r in load().terms.itertuples():
        listed = set(r.sources.split(";"))
        found = {sid for sid in primary if r.zh in texts[sid].simplified}
        if found - listed:
            missing.append(f"{r.term_id}: also in {sorted(found - listed)}")
    assert missing == []


def test_the_words_behind_each_theme_count_add_up_and_show_in_the_hover():
    ds = load()
    by_word = ds.keyword_counts.groupby(["source_id", "theme"]).hits.sum()
    for r in ds.theme_counts.itertuples():
        assert by_word.get((r.source_id, r.theme), 0) == r.hits, (r.source_id, r.theme)
    # the August 2023 plenum's lead rests on two words, and the chart and prose say so
    assert ev.concentration("jd_plenum_2023_08", "party_conduct").startswith(
        "八八战略 (15) and 习近平 (9) make 24 of its 27"
    )
    hovers = [h for t in ev.theme_heatmap().fig.data if t.type == "heatmap" for row in t.hovertext for h in row]
    assert any("Counted: 八八战略 ×15, 习近平 ×9" in h for h in hovers)


def test_counted_key_words_are_quoted_in_chinese():
    from jindong.content.edition import language

    kc = load().keyword_counts
    top = kc[(kc.source_id == "jd_plenum_2023_08") & (kc.theme == "party_conduct")].nlargest(2, "hits")
    with language("zh"):
        text = ev.concentration("jd_plenum_2023_08", "party_conduct")
        hovers = [h for t in ev.theme_heatmap().fig.data if t.type == "heatmap" for row in t.hovertext for h in row]
        prose = ev.prose()
    words = [f"“{r.word}”（{r.hits}次）" for r in top.itertuples()]
    assert words == ["“八八战略”（15次）", "“习近平”（9次）"]  # counted words, not the name used alone
    assert text.startswith("和".join(words))
    assert "和".join(words) in prose["p23_words"]
    assert any("“八八战略”×15" in h and "“习近平”×9" in h for h in hovers)


def test_term_hovers_are_in_the_editions_language():
    from jindong.content.edition import language

    terms = load().terms

    def hovers():
        import html

        return [html.unescape(h) for t in ev.term_timeline().fig.data if t.mode == "markers" for h in t.hovertext]

    english = " ".join(hovers())
    assert all(r.pinyin in english for r in terms.itertuples())  # the English keeps the source's Chinese
    with language("zh"):
        chinese = hovers()
    assert len(chinese) == len(hovers())
    for r in terms.itertuples():
        mine = [h for h in chinese if h.startswith(f"<b>{r.zh}</b><br>")]
        assert mine, r.zh
        assert not [h for h in mine if r.pinyin in h or r.en in h], r.zh  # no pinyin, no English name


# ---------------------------------------------------------------- on a phone (issue 26)


def _lines(label) -> list[str]:
    """The lines of a Plotly label as a reader sees them."""
    import html

    return [html.unescape(line) for line in str(label).split("<br>")]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_heatmap_labels_fit_their_columns_and_rows_on_a_phone(lang):
    """Figure 9.1's column labels ran together on a 375 px phone (「2023年2月2023年8月…」): each line of a
    column's label must be narrower than its column there, beside the row labels, with a gap to its
    neighbours', and each row label must fit its row's height."""
    from jindong.content.edition import language

    with language(lang):
        fig = ev.theme_heatmap().fig
    heat, m = fig.data[0], fig.layout.margin
    row_size, col_size = fig.layout.yaxis.tickfont.size, fig.layout.xaxis.tickfont.size
    row_labels = max(ev.text_px(line, row_size) for label in heat.y for line in _lines(label))
    plot = ev.PHONE_PLOT - max(m.l, row_labels + 4) - m.r  # Plotly widens the left margin to the labels
    column = plot / len(heat.x)
    widths = [max(ev.text_px(line, col_size) for line in _lines(label)) for label in heat.x]
    assert max(widths) <= column, (heat.x, round(column))
    for a, b in zip(widths, widths[1:]):  # centred over their columns: neighbours keep a gap
        assert (a + b) / 2 + 4 <= column, (heat.x, round(column))
    pitch = (fig.layout.height - m.t - m.b) / len(heat.y)
    assert max(len(_lines(label)) for label in heat.y) * row_size * ev.LINE <= pitch


def _panels(fig):
    """The term timeline's panels: (y axis name, its layout, its row annotations, its title annotation)."""
    out = []
    for trace in fig.data:
        if trace.mode != "markers":
            continue
        ya = trace.yaxis or "y"
        axis = fig.layout["yaxis" + ya[1:]]
        rows = sorted((a for a in fig.layout.annotations if a.yref == ya), key=lambda a: a.y)
        titles = [a for a in fig.layout.annotations if a.yref == "paper" and a.y == pytest.approx(axis.domain[1])]
        out.append((ya, axis, rows, titles))
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_term_timeline_rows_are_whole_and_never_overlap(lang):
    """Figure 9.3 cut its row labels with '…' and its two-line labels collided: every term is named whole
    (as the chart's data table and CSV name its row), and each row is as tall as its label's lines, so no
    two labels overlap."""
    from jindong.content.charts.datatable import plain
    from jindong.content.charts.plotted import COLUMNS, chart_files
    from jindong.content.edition import language

    with language(lang):
        chart = ev.term_timeline()
        names = {ev.term_name(r) for r in ev.term_cohorts().itertuples()}
        rows = {dict(zip(COLUMNS, r))["series"] for r in chart_files(chart)["csv"][1:]}
    assert not [r for r in rows if "…" in r]
    assert rows == names
    fig = chart.fig
    m = fig.layout.margin
    plot_h = fig.layout.height - m.t - m.b
    shown = set()
    for _ya, axis, labels, _titles in _panels(fig):
        assert labels, "each row is named by a label as tall as its lines"
        px = (axis.domain[1] - axis.domain[0]) * plot_h / abs(axis.range[0] - axis.range[1])
        assert px == pytest.approx(1, abs=0.01)  # the y axis counts px
        edges = [min(axis.range), *[a.y for a in labels], max(axis.range)]
        heights = [0, *[len(_lines(a.text)) * a.font.size * ev.LINE for a in labels], 0]
        for (y0, h0), (y1, h1) in zip(zip(edges, heights), zip(edges[1:], heights[1:])):
            assert (y1 - y0) * px >= (h0 + h1) / 2 + 2, [plain(a.text) for a in labels]
        shown |= {plain(a.text) for a in labels}
    assert shown == names


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_term_timeline_has_its_key_and_column_labels_in_every_panel(lang):
    """Figure 9.3 was one grid 2,200 px tall, its texts named at the top and its key at the foot: each
    cohort is a panel, short enough for a phone's screen, under a title that is its key (the mark and the
    cohort) and the texts' names, slanted so they neither overlap nor leave the chart on a phone."""
    import math

    from jindong.content.edition import language

    with language(lang):
        chart = ev.term_timeline()
        cohorts = ev.term_cohorts()
        docs = ev.documents()
        keys = [(ev.COHORTS[c]["glyph"], ev.cohort_name(c)) for c in ev.COHORTS if (cohorts.cohort == c).any()]
    fig = chart.fig
    m = fig.layout.margin
    plot_h = fig.layout.height - m.t - m.b
    panels = _panels(fig)
    assert len(panels) == len(keys)
    for (_ya, axis, _rows, titles), (glyph, name) in zip(panels, keys):
        assert len(titles) == 1 and glyph in titles[0].text and name in titles[0].text
        assert m.t + (axis.domain[1] - axis.domain[0]) * plot_h <= 800  # a panel and its header fit a phone screen
        xaxis = fig.layout["xaxis" + axis.anchor[1:]]
        assert xaxis.side == "top" and xaxis.showticklabels is not False
        assert list(xaxis.categoryarray) == list(docs.short)
        # on a phone: the slanted names are a line apart, and the first stays inside the chart
        column = (ev.PHONE_PLOT - m.l - m.r) / len(docs)
        size, angle = xaxis.tickfont.size, math.radians(xaxis.tickangle)
        assert column * math.sin(angle) >= size * ev.LINE
        assert m.l + column / 2 >= max(ev.text_px(s, size) for s in docs.short) * math.cos(angle)
    assert not fig.layout.showlegend  # the titles are the key


def test_term_timeline_csv_names_the_term_of_each_dot():
    """Rows are positions named by their label: the CSV's row of each dot is the term the data put there."""
    from jindong.content.charts.plotted import COLUMNS, chart_files

    terms = load().terms.set_index("term_id")
    rows = [dict(zip(COLUMNS, r)) for r in chart_files(ev.term_timeline())["csv"][1:]]
    assert rows and all(r["series"] == ev.term_name(terms.loc[r["from_ids"]]) for r in rows)
