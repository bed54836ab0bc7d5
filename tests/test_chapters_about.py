"""Chapter 1 (about.py): how sure a figure is (firmness), and sources dated no more precisely than they are."""

from __future__ import annotations

from jindong.content.chapters import about, plans, targets
from jindong.content.charts.common import source_line
from jindong.content.edition import language
from jindong.dataset.data import load

ROUND_UP = "jd_allout_2026"  # 大干2026: undated; its headline and 「“十五五”开局之年」 point to 2026


def test_the_firmness_table_counts_each_promise_of_the_data():
    t = load().indicators
    t = t[t.kind == "target"]
    table = about.firmness_table().df
    counts = dict(zip(table.iloc[:, 0], table.iloc[:, 2].astype(int)))
    assert counts == {
        "确保": (t.firmness == "确保").sum(),
        "力争": (t.firmness == "力争").sum(),
        "争取": (t.firmness == "争取").sum(),
        "(none)": (t.firmness == "").sum(),
    }
    assert sum(counts.values()) == len(t)


def test_chapter_3_counts_the_promises_of_the_2023_report():
    words = targets.prose()
    assert int(words["n_firm"]) + int(words["n_stretch"]) + int(words["n_plain"]) == int(words["n_targets"]) == 74
    t = load().indicators
    t = t[(t.kind == "target") & (t.source_id == "jd_gwr_2023")]
    assert int(words["n_firm"]) == (t.firmness == "确保").sum() > 0
    assert int(words["n_stretch"]) == t.firmness.isin(["力争", "争取"]).sum() > 0


def test_an_undated_source_is_never_given_a_date():
    for code, undated in (("en", "undated"), ("zh", "未注明日期")):
        with language(code):
            assert undated in source_line([ROUND_UP])
            src = about.sources().set_index("source_id")
            assert src.loc[ROUND_UP, "precision"] == "undated"
            assert undated in about.source_hover(src.loc[[ROUND_UP]].reset_index())[0]
            assert undated in about.source_timeline().title
            assert ROUND_UP not in about.year_only_sources() and "2026" not in about.year_only_sources()
            per_source = plans.figure_density().set_index("source_id")
            assert undated in per_source.loc[ROUND_UP, "when"]
