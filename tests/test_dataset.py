"""The real dataset: valid, traceable to its sources, consistent, and complete."""

from __future__ import annotations

import opencc
import pandas as pd
import pytest

from jindong.dataset import consistency, provenance
from jindong.dataset.data import load
from jindong.dataset.sources import T2S_PHRASES, source_texts, to_simplified
from jindong.dataset.structure import structural_problems
from jindong.dataset.tables import read_table
from jindong.dataset.validate import run
from jindong.paths import DATA_DIR


def test_schema_and_labels_are_clean():
    assert [str(p) for p in structural_problems(DATA_DIR)] == []


def test_every_quote_stands_in_its_source(sources):
    report = run(DATA_DIR, sources)
    assert [str(p) for p in report.problems] == []


def test_coverage_no_number_in_any_source_is_missed(sources):
    """Every digit-written number is a row or an explained exclusion; the failure lists them all."""
    report = run(DATA_DIR, sources)
    assert [str(u) for u in report.uncovered] == []


def test_every_source_contributes_figures():
    ds = load()
    assert set(ds.sources.source_id) == set(ds.indicators.source_id)
    assert len(ds.sources) == 8


def test_consistency_rules_all_run_and_exceptions_are_documented():
    outcomes = consistency.evaluate(read_table(DATA_DIR / "indicators.csv"))
    assert all(o.holds is not None for o in outcomes), [o.detail for o in outcomes if o.holds is None]
    assert all(o.ok for o in outcomes)
    exceptions = {o.rule.name for o in outcomes if o.rule.exception}
    assert exceptions == {"jd_gdp_2022_to_2023", "jh_gdp_2023_to_2024"}
    assert all(o.holds is False for o in outcomes if o.rule.exception)


def test_headline_figures_as_the_sources_state_them():
    ind = load().indicators.set_index(["source_id", "metric", "period"])
    gdp22 = ind.loc[("jd_gwr_2023", "gdp", "2022")]
    assert (gdp22.value, gdp22.unit, gdp22.qualifier, gdp22.kind) == (300, "亿元", ">", "actual")
    assert ind.loc[("jd_gwr_2023", "gdp_growth", "2022")].value == 0.8
    assert ind.loc[("jd_gwr_2023", "industrial_output_above_scale", "2022")].value == 380.7
    assert ind.loc[("jd_gwr_2023", "fixed_asset_investment", "2022")].value == 217.3
    target = ind.loc[("jd_gwr_2023", "gdp_growth", "2023")]
    assert (target.value, target.qualifier, target.kind) == (8, ">=", "target")
    outcome = ind.loc[("jd_bulletin_2023", "gdp", "2023")]
    assert (outcome.value, outcome.reliability) == (320.88, "secondary")
    trade = ind.loc[("jd_gwr_2023", "import_export_total", "2022")]
    assert (trade.kind, trade.qualifier) == ("estimate", ">")


def test_primary_sources_have_the_bulk_of_figures():
    ind = load().indicators
    assert (ind.source_id == "jd_gwr_2023").sum() > 150  # the 2023 report alone holds well over a hundred
    assert set(ind.kind) == {"actual", "estimate", "target", "context"}


def test_loader_gives_typed_tables_once_per_kernel():
    ds = load()
    assert load() is ds
    assert pd.api.types.is_float_dtype(ds.indicators.value)
    assert pd.api.types.is_integer_dtype(ds.priorities.order)
    assert {"unit_en", "factor", "reliability"} <= set(ds.indicators.columns)
    assert not ds.indicators.unit_en.isna().any()


def test_plan_structures_are_itemised():
    ds = load()
    top = ds.priorities[ds.priorities.parent_id == ""]
    counts = top.groupby("framework").size().to_dict()
    assert counts["jd2022_review_areas"] == 6
    assert counts["jd2023_report_cards"] == 8
    assert counts["jd2023_lead_example"] == 10
    assert counts["jd2025_breakthroughs"] == 3
    assert counts["jd2025_allout_tasks"] == 10
    assert counts["jd2026_department_commitments"] == 11
    assert counts["yk2025_priorities"] == 8
    # every 2023 report card has sub-items
    cards = top[top.framework == "jd2023_report_cards"].id
    assert set(cards) <= set(ds.priorities.parent_id)


def test_glossary_covers_the_key_slogans(sources):
    zh = set(load().terms.zh)
    for term in ["八八战略", "千万工程", "共同富裕", "三大突破", "七星拱月", "金漪湖", "金满湖", "金澧湖"]:
        assert term in zh


def test_texts_are_read_in_their_own_script(sources):
    texts = source_texts(read_table(DATA_DIR / "sources.csv").rows, sources)
    assert "億元" in texts["jd_gwr_2023"].text and "亿元" in texts["jd_gwr_2023"].simplified
    assert provenance.value_spans("增長30%以上", "30") == [(2, 4)]


def test_a_passed_check_is_remembered_and_any_change_checks_again(tmp_path, monkeypatch):
    import shutil

    from jindong.dataset import data

    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    calls = []
    real = data.structural_problems
    monkeypatch.setattr(data, "structural_problems", lambda d: calls.append(d) or real(d))
    data.checked_stamp(copy).unlink(missing_ok=True)
    data.load.cache_clear()
    data.load(copy)
    data.load.cache_clear()
    data.load(copy)  # another kernel, same data and code: not checked again
    assert len(calls) == 1
    rows = (copy / "themes.csv").read_text(encoding="utf-8")
    (copy / "themes.csv").write_text(rows.replace("economy", "economy ", 1), encoding="utf-8")  # a bad id
    data.load.cache_clear()
    try:
        data.load(copy)
        raise AssertionError("changed data were not checked again")
    except data.DataError:
        pass
    assert len(calls) == 2
    data.load.cache_clear()


@pytest.mark.parametrize("wrong,right", sorted(T2S_PHRASES.items()))
def test_each_phrase_opencc_gets_wrong_is_still_wrong_and_fixed(wrong, right):
    """The list is checked: OpenCC's t2s still keeps the traditional 著 (else the entry is dead), and
    to_simplified writes what simplified Chinese writes."""
    assert opencc.OpenCC("t2s").convert(wrong) == wrong
    assert to_simplified(wrong) == right


@pytest.mark.parametrize("text", ["著名", "显著", "见微知著", "論著"])
def test_zhu_stays_where_simplified_chinese_keeps_it(text):
    assert "著" in to_simplified(text)
