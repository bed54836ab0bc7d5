"""Chapter 8's figures are built from the data, keep each figure's year, and say what the data say."""

from __future__ import annotations

from jindong.content.chapters import neighbour as n
from jindong.dataset.data import load


def _ind():
    return load().indicators.set_index("id")


def test_growth_chart_plots_each_rate_and_labels_each_bar_with_its_year():
    chart = n.growth_by_year()
    df = n.growth_rates()
    bars = [t for t in chart.fig.data if t.type == "bar"]
    assert sorted(x for t in bars for x in t.x) == sorted(df.value)
    for t in bars:
        for y, text in zip(t.y, t.text):
            year = y.split("</b>")[0].removeprefix("<b>")
            assert year in {"2022", "2023", "2024"} and f"({year})" in text  # year on the label and on the bar
    assert set(df.kind) <= {"actual", "estimate"}  # targets are not results
    ind = _ind()
    assert "(6%)" in chart.title and "(6.3%)" in chart.title and "(7.0%)" in chart.title
    assert ind.loc["yk_plenum_2025_01-a001", "period"] == ind.loc["jh_gwr_2025-a002", "period"] == "2024"


def test_growth_chart_never_compares_across_years_in_its_title():
    title = n.growth_by_year().title
    assert "2024 GDP growth (6%) was below Jinhua's (6.3%)" in title
    assert "2023 GDP growth (7.0%) was above Jinhua's (6.8%)" in title
    assert "2022" not in title  # Jindong's 2022 has no same-year partner


def test_dachen_plots_the_three_village_figures():
    chart = n.dachen_village()
    ind = _ind()
    got = [t.x[0] for t in chart.fig.data]
    assert got == [ind.loc["yk_plenum_2025_01-a005"].value * 1e4 / 1e3, 251 * 1e4 / 1e6, 5 * 1e4 / 1e3]
    assert "~400,000 visits" in chart.title and "¥2.51 million" in chart.title and "~¥50,000" in chart.title


def test_priorities_by_theme_counts_both_plans():
    chart = n.priorities_by_theme()
    sums = {t.name.split(":")[0]: sum(t.x) for t in chart.fig.data}
    assert sums == {"Yongkang": 8, "Jindong": 10}
    assert "share 7 themes" in chart.title and "Culture & tourism" in chart.title


def test_jinhua_context_plots_levels_in_billions_and_derives_the_export_share():
    chart = n.jinhua_context()
    ind = _ind()
    assert sorted(chart.fig.data[0].x) == sorted(ind.loc[[f"jh_gwr_2025-a00{k}" for k in (1, 5, 7)]].value / 10)
    assert "¥879.49 billion" in chart.title and "¥692.55 billion" in chart.title and "88%" in chart.title
    assert abs(n.export_share_of_trade() - 7719.2 / 8794.9 * 100) < 1e-9
    assert n.derived_shares() == {"export_share": "87.8%", "jd_share_2023": "5.3%"}
    assert "<script" not in n.priorities_table()._repr_html_()


def test_prose_keeps_the_decimals_the_source_wrote():
    from jindong.content.vocabulary import fact

    assert fact("jd_bulletin_2023-a002") == "7.0%"
    assert fact("jd_gwr_2023-t002") == "at least 8%"
    assert fact("yk_plenum_2025_01-a005") == "about 400,000 visits"
    assert fact("yk_plenum_2025_01-a004") == "40 months"
    assert fact("yk_plenum_2025_01-a006") == "¥2.51 million"


def test_dachen_bars_are_styled_by_their_kind_and_the_subtitle_says_what_the_source_says():
    from jindong.content.vocabulary import quote

    df = n.dachen()
    chart = n.dachen_village()
    for t, kind in zip(chart.fig.data, df.kind):  # hatched only where the source says 预计
        assert (t.marker.pattern.shape == "/") == (kind == "estimate"), (t.name, kind)
    assert set(df.kind) == {"actual"}  # stated without 预计: no bar is hatched, and no words say one is
    assert "Hatched" not in chart.subtitle and "without 预计" in chart.subtitle and "outcome" in chart.alt
    site = quote("statements", "yk_plenum_2025_01-s03")  # …现场推进会考察点: the source's claim, not 'model'
    assert "考察点" in site and site in chart.subtitle and "model" not in chart.subtitle.lower()
    assert "Three" not in chart.alt and f"{len(df)} bar panels" in chart.alt


def test_dachen_hatches_an_estimate_if_the_data_call_one_so(monkeypatch):
    df = n.dachen().copy()
    df.loc[df.index[0], "kind"] = "estimate"
    monkeypatch.setattr(n, "dachen", lambda: df)
    chart = n.dachen_village()
    assert [t.marker.pattern.shape for t in chart.fig.data] == ["/", "", ""]
    assert "Hatched bars are estimates" in chart.subtitle


def test_dachen_in_chinese_reads_the_sources_words():
    from jindong.content.edition import language

    with language("zh"):
        chart = n.dachen_village()
    assert "约40万人次" in chart.title and "约5万元" in chart.title and "约40万人次" in chart.alt
    assert "~" not in chart.title and "~" not in chart.alt
    assert "考察点" in chart.subtitle and "样板" not in chart.subtitle and "实绩" in chart.alt


def test_themes_named_together_are_quoted_in_chinese():
    from jindong.content.edition import language
    from jindong.content.vocabulary import themes

    df = n.plans()
    only_jd = sorted(set(df[df.framework == n.JD_PLAN].theme) - set(df[df.framework == n.YK_PLAN].theme))
    assert len(only_jd) > 1  # the title names several themes, each with its own 与
    with language("zh"):
        title = n.priorities_by_theme().title
        names = [themes().loc[t, "label_zh"] for t in only_jd]
    assert all(f"“{name}”" in title for name in names)
    assert "”和“" in title  # “生态与能源”和“文化与旅游”, not 生态与能源和文化与旅游


def test_priorities_table_numbers_its_rows_in_words_of_the_edition():
    from jindong.content.edition import language

    assert "<th>No.</th>" in n.priorities_table()._repr_html_()
    with language("zh"):
        html = n.priorities_table()._repr_html_()
    assert "<th>序号</th>" in html and "<th>#</th>" not in html


def test_key_figures_as_written_keep_the_measure_word_of_the_source():
    from jindong.content.htmltable import key_figures

    html = key_figures(n.KEY_FIGURES)._repr_html_()
    months = _ind().loc["yk_plenum_2025_01-a004"]
    assert months.unit == "月" and "40个月" in months.quote
    assert "40 个月" in html and "40 月<" not in html  # the source writes 40个月
