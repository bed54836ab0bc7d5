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
