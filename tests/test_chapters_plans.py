"""Chapters 5 and 6: the plenum charts are built from the data, and their titles say what the data say."""

from __future__ import annotations

import html

import pytest

from jindong.content.chapters import plans
from jindong.content.vocabulary import KINDS, kind_name
from jindong.dataset.data import load
from jindong.dataset.sources import source_texts


def test_figures_per_source_counts_every_indicator_row_of_each_primary_text():
    chart = plans.figures_per_source()
    ind = load().indicators
    df = plans.figure_density()
    assert chart.fig.data, "chart has no data"
    # the bars of each source add up to its rows in indicators.csv, kind by kind
    for trace in chart.fig.data:
        kind = next(k for k in KINDS if kind_name(k, capital=True) == trace.name)
        for y, x in zip(trace.y, trace.x):
            sid = df.source_id.iloc[y]
            assert x == ((ind.source_id == sid) & (ind.kind == kind)).sum()
    n_com = (ind.source_id == plans.PLENUM_2023).sum()
    n_rep = (ind.source_id == plans.REPORT_2023).sum()
    assert f"gives {n_com} figures" in chart.title and chart.title.endswith(f"gives {n_rep}")
    assert set(df.source_id) == set(load().sources.query("reliability == 'primary'").source_id)


def test_density_is_derived_from_the_word_counts():
    df = plans.figure_density().set_index("source_id")
    words = load().theme_counts.groupby("source_id").tokens.first()
    for sid, r in df.iterrows():
        assert r.per_1000 == pytest.approx(r.total / words[sid] * 1000)


def test_ten_areas_by_theme_has_one_box_per_area_under_its_theme():
    chart = plans.lead_example_by_theme()
    areas = plans.items(plans.LEAD)
    assert len(chart.fig.data) == len(areas) == 10
    assert sum(sum(t.x) for t in chart.fig.data) == len(areas)
    for trace in chart.fig.data:
        order = int(trace.text[0].split(".")[0])
        theme = areas.set_index("order").loc[order, "theme"]
        assert html.unescape(trace.y[0].replace("<br>", " ")) == plans.theme_name(theme)
    assert chart.title.startswith(f"The {len(areas)} areas span {areas.theme.nunique()} themes")


def test_areas_to_cards_matrix_counts_card_items_sharing_the_area_theme():
    chart = plans.areas_to_cards()
    heat = chart.fig.data[0]
    areas, cards = plans.items(plans.LEAD), plans.items(plans.CARDS)
    subs = plans.sub_items(plans.CARDS)
    assert len(heat.y) == len(areas) and len(heat.x) == len(cards)
    for i, a in enumerate(areas.itertuples()):
        for j, c in enumerate(cards.itertuples()):
            members = [c.theme] + list(subs[subs.parent_id == c.id].theme)
            n = members.count(a.theme)
            z = heat.z[i][j]
            assert (z is None or z != z) and n == 0 or z == n  # blank (NaN) cells are zero
    matched = sum(any(v == v and v for v in row) for row in heat.z)
    assert chart.title.startswith(f"{matched} of {len(areas)} areas") or chart.title.startswith(
        f"{matched} of the {len(areas)} areas"
    )
    assert "'Party & conduct'" in chart.title  # the two Party areas have no report card


def test_plan_structure_holds_every_item_of_the_three_2025_frameworks():
    chart = plans.plan_structure()
    tree = chart.fig.data[0]
    expected = {f: list(plans.items(f).id) for f in plans.FRAMEWORKS_2025}
    assert list(tree.parents).count("") == 3
    for f, ids in expected.items():
        assert [i for i, p in zip(tree.ids, tree.parents) if p == f] == ids
        assert tree.values[list(tree.ids).index(f)] == len(ids)
    n = {f: len(v) for f, v in expected.items()}
    assert f"{sum(n.values())} items" in chart.title and f"{n[plans.TASKS]} all-out tasks" in chart.title
    # hover shows the Chinese label and the quote, escaped
    pri = load().priorities.set_index("id")
    first = plans.items(plans.TASKS).id.iloc[0]
    h = tree.hovertext[list(tree.ids).index(first)]
    assert pri.loc[first, "label_zh"] in h and pri.loc[first, "quote"][:10] in h.replace("<br>", "")


def test_tasks_by_theme_and_themes_across_match_priorities():
    tasks = plans.items(plans.TASKS)
    chart = plans.tasks_by_theme()
    assert sum(sum(t.x) for t in chart.fig.data) == len(tasks) == 10
    assert f"span {tasks.theme.nunique()} themes" in chart.title

    dots = plans.themes_across_2025()
    counts = plans.theme_counts(plans.FRAMEWORKS_2025)
    plotted = sum(int(t) for trace in dots.fig.data for t in trace.text)
    assert plotted == counts.values.sum() == sum(len(plans.items(f)) for f in plans.FRAMEWORKS_2025)
    top = counts.sum(axis=1)
    assert f"({top.max()} of {counts.values.sum()})" in dots.title
    assert plans.theme_name(top.idxmax()) in dots.title


def test_places_named_in_2025_are_glossary_terms_of_that_source():
    df = plans.places_2025()
    assert len(df) == len(plans.PLACES_2025)
    assert all(plans.PLENUM_2025 in s.split(";") for s in df.sources)
    assert "<script" not in plans.places_table()._repr_html_()


def test_chart_names_are_unique_and_prefixed():
    charts = [
        plans.figures_per_source(),
        plans.lead_example_by_theme(),
        plans.areas_to_cards(),
        plans.plan_structure(),
        plans.tasks_by_theme(),
        plans.themes_across_2025(),
    ]
    names = [c.name for c in charts]
    assert len(set(names)) == len(names)
    assert all(n.startswith(("ch5-", "ch6-")) for n in names)
    assert all(c.sources for c in charts)


def test_the_city_blocks_caveat_of_chapter_6_still_holds(sources):
    """Chapter 6 says no task is filed under city building, yet task 6 also asks for the 金漪湖 and 金满湖
    city blocks: true while the task's paragraph says so and its theme is another one."""
    ds = load()
    task = ds.priorities.set_index("id").loc[plans.CITY_BLOCKS_TASK]
    text = source_texts(ds.sources.to_dict("records"))[task.source_id].simplified
    paragraph = next(line for line in text.splitlines() if task.quote in line)
    assert "加快金漪湖、金满湖城市板块建设" in paragraph, paragraph[:200]
    tasks = ds.priorities[ds.priorities.framework == plans.TASKS]
    assert "urban_development" not in set(tasks.theme), sorted(set(tasks.theme))
