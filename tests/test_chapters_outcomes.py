"""Chapters 1 and 4: the charts are built from the data, say what the data say, and mark secondary copies."""

from __future__ import annotations

import pandas as pd
import pytest

from jindong.content.chapters import about
from jindong.content.chapters import outcomes as out
from jindong.content.documents import doc_label
from jindong.content.edition import language
from jindong.content.htmltable import key_figures
from jindong.content.i18n import _
from jindong.content.vocabulary import fact, kind_name
from jindong.dataset.data import load


def ind() -> pd.DataFrame:
    return load().indicators.set_index("id")


def values(chart, name: str) -> list:
    trace = next(t for t in chart.fig.data if t.name == name)
    return list(trace.x)


# ------------------------------------------------------------------------------------ chapter 1
def test_timeline_places_every_source_at_its_recorded_date():
    chart = about.source_timeline()
    src = load().sources
    n_sec = (src.reliability == "secondary").sum()
    assert chart.fig.data and f"{len(src)} sources" in chart.title and f"{n_sec} secondary" in chart.title
    points = {y: x for t in chart.fig.data if t.type == "scatter" for x, y in zip(t.x, t.y)}
    bands = {y: b for t in chart.fig.data if t.type == "bar" for b, y in zip(t.base, t.y)}
    assert len(points) + len(bands) == len(src)
    table = about.sources().set_index("source_id")
    for r in src.itertuples():
        label = table.loc[r.source_id, "label"]
        written = r.delivered or r.published
        if len(written) == 4:  # only the year: a band from 1 January
            assert bands[label] == f"{written}-01-01"
        else:
            assert pd.Timestamp(points[label]) == pd.Timestamp(written)
        assert ("secondary" in label) == (r.reliability == "secondary")


def test_figures_by_source_counts_every_row_by_kind():
    chart = about.figures_by_source()
    rows = load().indicators
    assert sum(sum(t.x) for t in chart.fig.data if t.type == "bar") == len(rows)
    for kind in about.KINDS:
        name = {"actual": "Outcome", "estimate": "Estimate", "target": "Target", "context": "Context"}[kind]
        assert sum(values(chart, name)) == (rows.kind == kind).sum()
    top = rows.source_id.value_counts()
    assert f"{len(rows)} figures" in chart.title and f"gives {top.iloc[0]} of them" in chart.title


def test_examples_have_the_kind_and_qualifier_they_illustrate():
    table = ind()
    for key, indicator_id in about.EXAMPLES.items():
        r = table.loc[indicator_id]
        if key in about.KINDS:
            assert r.kind == key
        elif key in (">=", ">", "~", "="):
            assert r.qualifier == key
    assert table.loc[about.EXAMPLES["actual_secondary"]].reliability == "secondary"
    for t in (about.kinds_table(), about.qualifiers_table(), about.places_table(), about.sources_table()):
        assert "<script" not in t._repr_html_()


# ------------------------------------------------------------------------------------ chapter 4
def test_targets_match_outcomes_only_on_the_same_metric():
    m = out.matches().set_index("metric")
    assert m.loc["gdp_growth", "status"] == "same"
    assert m.loc["gdp_growth", "outcome_id"] == "jd_bulletin_2023-a002"
    # 规上 industry is a different measure from all industry: never 'same'
    assert m.loc["industrial_value_added_above_scale_growth", "status"] == "different"
    c = out.coverage()
    # chapter 4 counts the same targets as chapter 3 (one definition), including the one set for 2023-2025
    targets = load().indicators.query(
        "source_id == 'jd_gwr_2023' and period.str.startswith('2023') and kind == 'target'"
    )
    assert c["targets"] == len(targets) and c["same"] + c["different"] + c["none"] == c["targets"]
    assert c["same"] == (m.status == "same").sum()


def test_target_vs_outcome_plots_the_rows_and_draws_a_gap_only_between_like_measures():
    chart = out.target_vs_outcome()
    t = ind()
    assert "7.0%" in chart.title and "at least 8%" in chart.title and "short of" in chart.title
    assert values(chart, "Target (2023 work report)") == [
        t.loc["jd_gwr_2023-t002"].value,
        t.loc["jd_gwr_2023-t003"].value,
    ]
    assert values(chart, "Outcome (2023 bulletin, secondary copy)") == [t.loc["jd_bulletin_2023-a002"].value]
    assert values(chart, "Outcome of a different measure") == [t.loc["jd_bulletin_2023-a008"].value]
    assert len(chart.fig.layout.shapes) == out.coverage()["same"]
    assert all(
        "secondary copy" in h for h in next(d for d in chart.fig.data if d.name.startswith("Outcome (")).hovertext
    )
    assert out.gdp_growth_gap() == pytest.approx(7.0 - 8)


def test_target_coverage_counts_every_2023_target():
    chart = out.target_coverage()
    c = out.coverage()
    assert sum(sum(tr.x) for tr in chart.fig.data if tr.type == "bar") == c["targets"]
    assert f"Only {c['same']} of the {c['targets']} targets" in chart.title
    assert sum(values(chart, "No outcome in the sources")) == c["none"]


def test_sectors_plot_the_bulletin_values_in_billions():
    chart = out.sectors()
    t = ind()
    expected = [t.loc[f"jd_bulletin_2023-a{n}"].value / 10 for n in ("003", "005", "009")]
    assert values(chart, "Sector value added (share of GDP)") == pytest.approx(expected)
    assert "52.2%" in chart.title and "¥32.088 billion" in chart.title
    assert "secondary copy" in chart.source_line()


def test_fiscal_and_jobs_plot_the_bulletin_values():
    t = ind()
    fiscal = out.fiscal()
    plotted = values(fiscal, "Revenue") + values(fiscal, "Expenditure")
    assert plotted == pytest.approx([t.loc[f"jd_bulletin_2023-a{n}"].value / 10 for n in ("014", "016", "018", "020")])
    assert "15.8%" in fiscal.title and "¥4.481 billion" in fiscal.title
    jobs = out.jobs()
    rows = [t.loc["jd_gwr_2023-r087"]] + [t.loc[f"jd_bulletin_2023-a0{n}"] for n in (22, 23, 24)]
    assert list(jobs.fig.data[0].x) == pytest.approx([r.value * r.factor for r in rows])
    assert "10,474" in jobs.title and "fewer than" in jobs.title


def test_jinhua_share_is_derived_from_both_bulletins():
    chart = out.jinhua_share_chart()
    t = ind()
    share = 100 * t.loc["jd_bulletin_2023-a001"].value / t.loc["jh_bulletin_2023-a001"].value
    assert values(chart, "Jindong (金东区)")[0] == pytest.approx(share)
    assert f"{share:.1f}%" in chart.title and "derived" in chart.title
    d = out.derived_text()
    assert d["jinhua_gdp_share"] == f"{share:.1f}%"
    growth = t.loc["jd_bulletin_2023-a002"].value
    assert out.implied_gdp_2022() == pytest.approx(t.loc["jd_bulletin_2023-a001"].value / (1 + growth / 100))
    assert out.implied_gdp_2022() < t.loc["jd_gwr_2023-r001"].value  # the documented real-vs-nominal exception


def test_percentages_keep_the_digits_as_written():
    assert fact("jd_bulletin_2023-a002") == "7.0%"
    assert fact("jd_gwr_2023-t002") == "at least 8%"
    assert "<script" not in out.outcomes_table()._repr_html_()


def _hovers(chart) -> list[str]:
    return [h for t in chart.fig.data if t.hovertext is not None for h in t.hovertext if isinstance(h, str)]


def test_chinese_figures_and_sources_are_in_the_sources_words():
    from jindong.content.edition import language

    sources = load().sources.set_index("source_id")
    charts = [out.target_vs_outcome, out.sectors, out.fiscal, out.jobs, out.jinhua_share_chart]
    ids = set(sources.index)
    english = [h for build in charts for h in _hovers(build())]
    assert any("jd_bulletin_2023" in h for h in english)  # the English edition keeps the id
    with language("zh"):
        built = [build() for build in charts]
        table = out.outcomes_table()._repr_html_()
        target = out.target_vs_outcome()
    hovers = [h for chart in built for h in _hovers(chart)]
    assert hovers and not [h for h in hovers if any(i in h for i in ids)]  # no code of the data on a Chinese page
    assert any(sources.loc["jd_bulletin_2023", "title_zh"] in h for h in hovers)
    assert any(sources.loc["jd_gwr_2023", "title_zh"] in h for h in hovers)
    assert not [i for i in ids if i in table] and sources.loc["jd_bulletin_2023", "title_zh"] in table
    # figures in the alt texts as the quotes word them: 目标8%以上, 超1.1万人; no sign
    assert "目标8%以上" in target.alt and "目标15%以上" in target.alt and "≥" not in target.alt
    jobs = built[charts.index(out.jobs)]
    assert "超1.1万人" in jobs.alt and ">" not in jobs.alt


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_headline_table_says_target_or_outcome_before_the_value(lang):
    """On a phone chapter 4's headline table scrolls sideways: "GDP growth ≥8%" and "GDP growth 7.0%"
    looked like contradicting rows, with Kind, Year and Source off-screen, and sources shown as ids
    (issue 26). Year and kind come right after the figure's name; sources by the book's names."""
    with language(lang):
        df = key_figures(out.KEY_FIGURES).df
        columns = [str(c) for c in df.columns]
        assert columns[1:4] == [_("Year"), _("Kind"), _("Value")], columns
        rows = load().indicators.set_index("id").loc[out.KEY_FIGURES]
        assert list(df[_("Kind")]) == [kind_name(k) for k in rows.kind]
        for shown, sid in zip(df[_("Source")], rows.source_id):
            assert shown.startswith(doc_label(sid)) and sid not in shown, shown
