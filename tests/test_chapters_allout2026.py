"""Chapter 7's figures are built from the data, and say what the data say."""

from __future__ import annotations

from jindong.content.chapters import allout2026 as a
from jindong.dataset.data import load


def _ind():
    return load().indicators.set_index("id")


def test_commitments_by_department_counts_every_commitment_once():
    chart = a.commitments_by_department()
    pri = load().priorities
    kids = pri[(pri.framework == a.DEPTS) & (pri.parent_id != "")]
    assert chart.fig.data and sum(sum(t.x) for t in chart.fig.data) == len(kids)
    # per department, the stacked segments add up to its number of commitments
    per = {}
    for t in chart.fig.data:
        for y, x in zip(t.y, t.x):
            per[y] = per.get(y, 0) + x
    assert sorted(per.values()) == sorted(kids.groupby("parent_id").size())
    top = kids.groupby("parent_id").size()
    assert f"{len(a.departments())} departments make {len(kids)} commitments" in chart.title
    assert f"the most ({top.max()})" in chart.title


def test_targets_chart_plots_each_target_with_its_qualifier():
    chart = a.targets_by_department()
    ind = _ind()
    rows = ind[ind.source_id == a.SOURCE]
    plotted = sorted(round(x, 6) for t in chart.fig.data for x in t.x)
    expected = sorted(
        round(v * f / (1e9 if u == "亿元" else 1), 6) for v, f, u in zip(rows.value, rows.factor, rows.unit)
    )
    assert chart.fig.data and plotted == expected
    texts = " ".join(x for t in chart.fig.data for x in t.text)
    assert "≥95%" in texts and "≥70%" in texts and "≥¥3 billion" in texts
    assert "towards 95%" in texts  # 向95%迈进 is an aspiration, not a floor
    assert "≥¥3 billion" in chart.title and f"{len(rows)} targets" in chart.title
    assert f"Only {a.targets().top_id.nunique()} of 11 departments" in chart.title


def test_each_target_sits_under_the_department_the_sections_table_gives():
    t = a.targets().set_index("id")
    assert t.loc["jd_allout_2026-a005", "dept_short"] == "Culture and Tourism Bureau"
    assert t.loc["jd_allout_2026-a003", "top_id"] == t.loc["jd_allout_2026-a004", "top_id"]
    assert t.towards.sum() == 1 and t.loc["jd_allout_2026-a002", "towards"]


def test_themes_across_departments_counts_departments_per_theme():
    chart = a.themes_across_departments()
    c = a.commitments()
    expected = c.groupby("theme").parent_id.nunique()
    plotted = sorted(t.x[0] for t in chart.fig.data)
    assert chart.fig.data and plotted == sorted(expected)
    assert f"{expected.max()} of {len(a.departments())}" in chart.title


def test_tables_escape_and_cover_every_department():
    assert len(a.core_tasks_table().df) == len(a.core_tasks())
    total = 0
    for order in a.departments().order:
        table = a.commitments_table(order)
        assert "<script" not in table._repr_html_()
        total += len(table.df)
    assert total == len(a.commitments())
    assert a.counts()["n_targets"] == "5"


def test_theme_names_listed_together_are_quoted_in_chinese():
    from jindong.content.edition import language

    c = a.commitments()
    reach = c.groupby("theme").parent_id.nunique()
    top = list(reach[reach == reach.max()].index)
    assert len(top) > 1  # two themes tie, each name with its own 与
    th = load().themes.set_index("theme")
    assert all(th.loc[t, "label_en"] in a.themes_across_departments().title for t in top)  # English: plain names
    with language("zh"):
        title, prose = a.themes_across_departments().title, a.counts()["top_themes"]
    for text in (title, prose):
        assert all(f"“{th.loc[t, 'label_zh']}”" in text for t in top), text
        assert "”和“" in text  # “党建与作风”和“安全与治理”, not 党建与作风和安全与治理


def test_the_targets_title_compares_amounts_only_when_there_are_several():
    """The review found 「金额最大的是文旅投资30亿元以上」 where that is the round-up's one amount."""
    from jindong.content.edition import language

    every = a.targets()
    n_amounts = every.unit.isin(["亿元", "万元"]).sum()
    with language("zh"):
        title = a.targets_by_department().title
    assert ("唯一的金额目标" in title) == (n_amounts == 1) and ("金额最大" in title) == (n_amounts > 1)
