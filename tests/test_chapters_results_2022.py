"""Chapter 2's figures are built from the data, and say what the data say."""

from __future__ import annotations

from jindong.content.chapters import results_2022 as perf
from jindong.dataset.data import load


def test_headline_levels_plot_the_reported_values_in_billions():
    chart = perf.headline_levels()
    ind = load().indicators.set_index("id")
    bars = chart.fig.data[0]
    assert sorted(bars.x) == sorted(
        ind.loc[f"jd_gwr_2023-r{n}"].value / 10 for n in ("001", "003", "007", "014", "015", "020")
    )
    assert ">¥30 billion" in chart.title and "¥21.73 billion" in chart.title
    assert any("(estimate)" in y for y in bars.y)  # trade is an estimate and says so


def test_growth_rates_title_names_gdp_growth_and_the_count():
    chart = perf.growth_rates()
    values = [v for trace in chart.fig.data for v in trace.x]
    assert min(values) == 0.8 and "0.8%" in chart.title
    assert f"the {len(values)} growth rates" in chart.title


def test_every_result_of_the_review_sits_in_one_of_six_areas_or_the_headline():
    res = perf.results_2022()
    assert set(res.top_id.dropna()) <= set(perf.areas().id) | {""}
    chart = perf.figures_by_area()
    assert sum(sum(t.x) for t in chart.fig.data) == res.top_id.str.startswith(perf.AREAS, na=False).sum()


def test_hover_and_tables_show_labels_as_text():
    for order in range(1, 7):
        html = perf.area_table(order)._repr_html_()
        assert "<script" not in html
    assert perf.area_heading(1).startswith("Steady growth")


def test_wrapped_labels_break_between_words_and_are_escaped():
    from jindong.content.charts.common import wrap

    assert wrap("Growth & breakthroughs in platforms", 12) == "Growth &amp;<br>breakthroughs<br>in platforms"
    assert wrap("<img src=x onerror=alert(1)>", 40) == "&lt;img src=x onerror=alert(1)&gt;"


def test_glued_prose_survives_myst_nb_unquoting():
    """{glue:text} literal_evals the glued text/plain: a number with a thousands comma must stay text."""
    from ast import literal_eval

    from jindong.content.vocabulary import Prose

    assert literal_eval(repr(Prose("1,314"))) == "1,314"


def test_headline_levels_in_chinese_word_each_figure_as_its_quote_does():
    from jindong.content.edition import language
    from jindong.content.format import in_words

    ind = load().indicators.set_index("id")
    gdp, trade = ind.loc["jd_gwr_2023-r001"], ind.loc["jd_gwr_2023-r020"]
    assert gdp.qualifier == ">" and "突破300" in gdp.quote and trade.qualifier == ">"
    with language("zh"):
        chart = perf.headline_levels()
        words = [in_words(r.value_text, r.unit, r.qualifier, r.quote) for r in (gdp, trade)]
    assert words[0] == "突破300亿元" and f"地区生产总值{words[0]}" in chart.title  # not 地区生产总值>300亿元
    assert all(w in chart.alt for w in words) and ">" not in chart.title + chart.alt
    assert ">¥30 billion" in perf.headline_levels().title  # the English keeps its sign
