"""Chapter 3's figures: each chart has data, a title with its key number, and plots the data's values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jindong.content.chapters import targets as targ
from jindong.content.charts import Chart
from jindong.content.format import short
from jindong.dataset import consistency
from jindong.dataset.data import load
from jindong.dataset.tables import read_table
from jindong.paths import DATA_DIR


def row(metric: str, period: str = "2023"):
    ind = load().indicators
    hit = ind[(ind.source_id == targ.SOURCE) & (ind.metric == metric) & (ind.period == period)]
    assert len(hit) == 1, (metric, period)
    return hit.iloc[0]


CHARTS = [
    targ.growth_targets,
    targ.target_vs_2022,
    targ.investment_check,
    targ.project_tiers_chart,
    targ.targets_by_card,
]


@pytest.mark.parametrize("build", CHARTS, ids=lambda f: f.__name__)
def test_every_chart_has_data_a_source_and_a_unique_name(build):
    chart = build()
    assert isinstance(chart, Chart)
    assert chart.fig.data and any(len(t.x) for t in chart.fig.data)
    assert chart.sources == [targ.SOURCE]
    assert chart.name.startswith("ch3-") and chart.title and chart.alt
    assert "<script" not in chart.title


def test_chart_names_are_unique():
    names = [f().name for f in CHARTS]
    assert len(set(names)) == len(names)


def test_headline_targets_are_the_ones_before_card_1():
    head = targ.headline_targets()
    assert list(head.metric) == ["gdp_growth", "industrial_value_added_above_scale_growth"]
    assert list(head.qualifier) == [">=", ">="]


def test_growth_targets_plot_every_growth_target_with_its_qualifier():
    chart = targ.growth_targets()
    gdp = row("gdp_growth")
    assert short(gdp.value_text, gdp.unit, gdp.qualifier) in chart.title  # "≥8%"
    expected = targ.targets_2023()
    expected = expected[expected.metric.str.endswith("_growth") & (expected.unit == "%")]
    plotted = sorted(v for t in chart.fig.data for v in t.x)
    assert plotted == sorted(expected.value)
    texts = [s for t in chart.fig.data for s in t.text]
    assert all(s.startswith(("≥", ">")) for s in texts)


def test_target_vs_2022_pairs_like_with_like_and_plots_both_values():
    df = targ.baselines()
    assert set(df.metric) >= {"gdp_growth", "fixed_asset_investment", "healthy_towns_built"}
    # measures worded differently are different metrics, never paired: 凈增 vs 新增, 入庫 vs 省…, 省級 vs unnamed level
    assert not set(df.metric) & {"new_high_tech_enterprises", "new_provincial_tech_smes", "future_villages_built"}
    assert (df.unit == df.base_unit).all() and (df.base_period == "2022").all() and (df.period == "2023").all()
    chart = targ.target_vs_2022()
    below = df[df.direction == "below"]
    assert chart.title.startswith(f"{len(below)} of the {len(df)} ")
    ht = df.set_index("metric").loc["healthy_towns_built"]
    assert ht.value < ht.base_value and ht.id in set(df.id)
    assert f": {ht.value_text} against {ht.base_value_text} in 2022" in chart.title
    targets = sorted(v for t in chart.fig.data if t.name == "2023 target" for v in t.x)
    results = sorted(v for t in chart.fig.data if t.name == "2022 result" for v in t.x)
    k = [1e9 if u == "亿元" else 1 for u in df.unit]
    assert targets == pytest.approx(sorted(v * f / kk for v, f, kk in zip(df.value, df.factor, k)))
    assert results == pytest.approx(sorted(v * f / kk for v, f, kk in zip(df.base_value, df.base_factor, k)))


def test_investment_derivations_match_the_data_and_the_consistency_rule():
    inv = targ.investment()
    base, level, growth = (
        row("fixed_asset_investment", "2022"),
        row("fixed_asset_investment"),
        row("fixed_asset_investment_growth"),
    )
    exact_level = Decimal(str(base.value)) * (1 + Decimal(str(growth.value)) / 100)
    exact_growth = (Decimal(str(level.value)) / Decimal(str(base.value)) - 1) * 100
    # both are lower bounds (the targets are "at least" / "more than"): rounded down, never past the bound
    assert exact_level - Decimal("0.1") < Decimal(inv["implied_level"]) <= exact_level
    assert exact_growth - Decimal("0.1") < Decimal(inv["implied_growth"]) <= exact_growth
    rule = next(
        o
        for o in consistency.evaluate(read_table(DATA_DIR / "indicators.csv"))
        if o.rule.name == "fai_2023_target_vs_2022"
    )
    assert rule.holds is inv["agree"] is True
    chart = targ.investment_check()
    assert f"≥¥{Decimal(inv['implied_level']) / 10} billion (derived)" in chart.title
    bars = [v for t in chart.fig.data for v in t.x]
    assert bars == pytest.approx(
        [
            base.value / 10,
            level.value / 10,
            float(inv["implied_level"]) / 10,
            row("fixed_asset_investment_growth", "2022").value,
            growth.value,
            float(inv["implied_growth"]),
        ]
    )


def test_gdp_gap_is_derived_from_the_two_rows():
    g = targ.gdp()
    assert Decimal(g["gap_pp"]) == Decimal(str(row("gdp_growth").value_text)) - Decimal(
        str(row("gdp_growth", "2022").value_text)
    )


def test_project_tiers_use_threshold_context_rows_and_target_counts():
    df = targ.project_tiers()
    assert list(df.kind) == ["target"] * 3
    for threshold, _ in targ.TIERS:
        assert row(threshold).kind == "context"
    chart = targ.project_tiers_chart()
    assert list(chart.fig.data[0].x) == list(df.value)
    assert ">10" in chart.title and "≥¥10 billion" in chart.title


def test_targets_by_card_counts_every_target_once():
    df = targ.targets_2023()
    chart = targ.targets_by_card()
    bars = [t for t in chart.fig.data if t.type == "bar"]
    assert sum(sum(t.x) for t in bars) == len(df)
    assert chart.title.startswith(f"{len(df)} quantified targets")
    counts = df.groupby("card").size()
    top = counts.drop(targ.HEADLINE).max()
    assert f"has the most ({top})" in chart.title
    assert set(df.card) <= set(targ.card_ids())


def test_a_target_quoted_twice_sits_under_its_report_card():
    """The reposting lead repeats the solar target before the report begins; it still belongs to card 6."""
    assert targ.plan_2023().set_index("id").loc["jd_gwr_2023-t081", "card"] == "jd2023_report_cards-06"


def test_investment_check_in_chinese_words_its_derived_bounds_without_signs():
    from jindong.content.edition import language
    from jindong.content.format import QUALIFIER_WORDS_ZH

    inv = targ.investment()
    level, growth = row("fixed_asset_investment"), row("fixed_asset_investment_growth")
    with language("zh"):
        chart = targ.investment_check()
    # a derived bound has no quote: the plain words of its qualifier (282.4亿元以上, 超过28.8%)
    implied_level = QUALIFIER_WORDS_ZH[growth.qualifier].format(f"{inv['implied_level']}亿元")
    implied_growth = QUALIFIER_WORDS_ZH[level.qualifier].format(f"{inv['implied_growth']}%")
    assert implied_level == "282.4亿元以上" and implied_growth == "超过28.8%"
    assert implied_level in chart.title and implied_level in chart.alt and implied_growth in chart.alt
    assert not set("≥>") & set(chart.title + chart.alt)
    assert implied_level in [s for t in chart.fig.data for s in t.text]


def test_a_span_of_years_is_written_with_the_editions_dash(monkeypatch):
    """No 2023 target of the data spans years now (the report gives no start or end for 確保3年投入30億元,
    so its period is the report's year); a target that did would be written 2023—2025年 / 2023–2025."""
    from jindong.content.edition import language

    real = targ.targets_2023()
    assert set(real.period) == {"2023"}
    spanned = real.copy()
    spanned.loc[spanned.index[0], "period"] = "2023-2025"
    monkeypatch.setattr(targ, "targets_2023", lambda: spanned)
    assert "for 2023–2025" in targ.target_count_text()
    with language("zh"):
        text = targ.target_count_text()
    assert "2023—2025年" in text and "–" not in text


def test_the_example_of_a_lower_target_says_why_the_report_sets_it():
    from jindong.content.edition import language
    from jindong.content.vocabulary import quote

    ht = targ.baselines().set_index("metric").loc["healthy_towns_built"]
    assert ht.direction == "below"  # 2 against 5: but the report says the 2 complete the coverage
    why = quote("statements", targ.COMPLETES_COVERAGE["healthy_towns_built"])
    assert why == "實現全覆蓋"
    title = targ.target_vs_2022().title
    assert f"{ht.value_text} against {ht.base_value_text} in 2022, which the report says completes coverage" in title
    assert f"「{why}」" in title
    with language("zh"):
        title = targ.target_vs_2022().title
    assert "建成健康乡镇：目标2个，2022年为5个，报告说明建成后即「實現全覆蓋」" in title
