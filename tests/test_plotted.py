"""Every chart's plotted numbers with their rows of data/ (charts/plotted.py, content/derivations.py):
what the chart's CSV and its Sources panel hold, and that nothing reaches them on trust.

The built site's files are checked in test_chart_tools.py; here, the charts themselves (every chart
of the book in both languages) and small figures that break each rule.
"""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import plotly.graph_objects as go
import pytest

from jindong.content.charts import Chart
from jindong.content.charts.common import hover
from jindong.content.charts.output import CHART_FILES_MIME
from jindong.content.charts.plotted import (
    COLUMNS,
    RECIPES,
    ChartDataError,
    _hover_index,
    chart_files,
    counted,
    origins,
    points,
    recipe,
)
from jindong.content.edition import language
from jindong.dataset.data import load

# Every chart of the book, by its chapter module and function (the notebooks glue these).
BOOK_CHARTS = {
    "about": ["source_timeline", "figures_by_source"],
    "results_2022": ["headline_levels", "growth_rates", "figures_by_area"],
    "targets": ["growth_targets", "investment_check", "project_tiers_chart", "target_vs_2022", "targets_by_card"],
    "outcomes": ["target_vs_outcome", "target_coverage", "sectors", "fiscal", "jobs", "jinhua_share_chart"],
    "plans": [
        "figures_per_source",
        "lead_example_by_theme",
        "areas_to_cards",
        "plan_structure",
        "tasks_by_theme",
        "themes_across_2025",
    ],
    "allout2026": ["commitments_by_department", "targets_by_department", "themes_across_departments"],
    "neighbour": ["growth_by_year", "dachen_village", "priorities_by_theme", "jinhua_context"],
    "evolution": ["theme_heatmap", "theme_shift_chart", "term_timeline", "term_turnover_chart", "plan_themes"],
    "explorer": ["static_explorer"],
    "frontpage": ["growth_arc"],
}


def book_charts() -> list[Chart]:
    import importlib

    out = []
    for module, functions in BOOK_CHARTS.items():
        m = importlib.import_module(f"jindong.content.chapters.{module}")
        out += [getattr(m, f)() for f in functions]
    return out


def figures(*ids: str) -> pd.DataFrame:
    ind = load().indicators
    return ind.set_index("id").loc[list(ids)].reset_index()


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_chart_of_the_book_has_its_rows_for_every_number(lang):
    with language(lang):
        charts = book_charts()
        assert len(charts) == sum(len(f) for f in BOOK_CHARTS.values()) == len({c.name for c in charts})
        ind = load().indicators.set_index("id")
        for chart in charts:
            files = chart_files(chart)  # raises ChartDataError on a number without its rows
            rows = [dict(zip(COLUMNS, r)) for r in files["csv"][1:]]
            assert files["csv"][0] == COLUMNS
            assert len(rows) == len(points(chart.fig)) > 0, chart.name
            for r in rows:
                if r["indicator_id"]:
                    assert r["quote"] == ind.loc[r["indicator_id"], "quote"]
                    assert r["from_ids"] == r["indicator_id"]
                if r["derived"] == "yes":
                    assert r["method"], f"{chart.name}: a derived number says how"
            for f in files["panel"]["figures"]:
                table = load().indicators if f["table"] == "indicators" else load().priorities
                assert f["quote"] == table.set_index("id").loc[f["id"], "quote"]
            assert [s["id"] for s in files["panel"]["sources"]][: len(set(chart.sources))] == list(
                dict.fromkeys(chart.sources)
            )


@pytest.mark.slow
def test_the_explorers_csv_holds_every_option_of_its_menu():
    from jindong.content.chapters import explorer

    chart = explorer.static_explorer()
    rows = [dict(zip(COLUMNS, r)) for r in chart_files(chart)["csv"][1:]]
    ind = load().indicators
    labels = {
        "All sources": len(ind),
        **{v: int((ind.source_id == k).sum()) for k, v in explorer.source_labels().items()},
    }
    totals = {}
    for r in rows:
        totals[r["panel"]] = totals.get(r["panel"], 0) + int(r["plotted"])
        assert len(r["from_ids"].split()) == int(r["plotted"])
    assert totals == labels


def test_every_figure_has_its_own_hover_in_both_languages():
    n = len(load().indicators)
    for lang in ("en", "zh"):
        with language(lang):
            assert len(_hover_index(lang)) == n, "two figures read the same: a point could not be told apart"


def _bar_chart(name: str, df: pd.DataFrame, x, **trace) -> Chart:
    fig = go.Figure(go.Bar(x=list(x), y=list(df.label_en), orientation="h", **trace))
    fig.update_xaxes(title="¥ billion")
    return Chart(fig, name, title="t", alt="a", sources=list(df.source_id))


def test_a_figure_is_found_by_its_hover_as_written_or_converted():
    df = figures("jd_gwr_2023-r001", "jd_gwr_2023-r002")  # 300 亿元; 0.8 %
    chart = _bar_chart("test-found", df, [30, 0.8], hovertext=list(hover(df)), hoverinfo="text")
    _, found = origins(chart)
    assert [o.ids for o in found] == [("jd_gwr_2023-r001",), ("jd_gwr_2023-r002",)]
    assert found[0].method == "300 亿元 × 0.1 = 30 (¥ billion)" and not found[0].derived
    assert found[1].method == "as written"
    files = chart_files(chart)
    row = dict(zip(COLUMNS, files["csv"][1]))
    assert (row["indicator_id"], row["value"], row["unit"], row["qualifier"], row["plotted"]) == (
        "jd_gwr_2023-r001",
        "300",
        "亿元",
        ">",
        "30",
    )
    assert [f["id"] for f in files["panel"]["figures"]] == list(df.id)


def test_a_hover_with_more_lines_after_the_books_still_names_its_figure():
    df = figures("jd_bulletin_2023-a002")
    text = [f"{h}<br><i>from a secondary copy</i>" for h in hover(df)]
    chart = _bar_chart("test-prefix", df, df.value, hovertext=text, hoverinfo="text")
    assert origins(chart)[1][0].ids == ("jd_bulletin_2023-a002",)


def test_a_number_without_rows_stops_the_build_naming_the_chart():
    df = figures("jd_gwr_2023-r002")
    chart = _bar_chart("test-orphan", df, [0.8], hovertemplate="%{x}")
    with pytest.raises(ChartDataError, match="test-orphan.*no origin"):
        origins(chart)


def test_a_figure_plotted_at_another_value_stops_the_build():
    df = figures("jd_gwr_2023-r002")  # 0.8 %
    chart = _bar_chart("test-wrong", df, [8.5], hovertext=list(hover(df)), hoverinfo="text")
    with pytest.raises(ChartDataError, match="test-wrong.*plotted 8.5.*0.8"):
        origins(chart)


def test_a_recipes_count_must_count_its_rows():
    ind = load().indicators
    df = figures("jd_gwr_2023-r002")

    @recipe("test-count")
    def _wrong(chart, pts):
        return [counted("indicators", ind.id.head(3), "count") for _ in pts]

    try:
        good = _bar_chart("test-count", df, [3], hovertemplate="%{x}")
        assert origins(good)[1][0].ids == tuple(ind.id.head(3))
        bad = _bar_chart("test-count", df, [4], hovertemplate="%{x}")
        with pytest.raises(ChartDataError, match="test-count.*plotted '4', but its rows give 3"):
            origins(bad)
    finally:
        RECIPES.pop("test-count")


def test_a_note_written_on_a_chart_plots_no_number():
    df = figures("yk_plenum_2025_01-a004")
    fig = go.Figure(go.Scatter(x=[0], y=["note"], mode="text", text=["no rate given"], hovertext=list(hover(df))))
    chart = Chart(fig, "test-note", title="t", alt="a")
    pts, found = origins(chart)
    assert pts[0].plotted == "" and pts[0].note
    assert found[0].ids == ("yk_plenum_2025_01-a004",) and "note" in found[0].method


def test_a_chart_carries_its_files_in_one_more_output():
    df = figures("jd_gwr_2023-r002")
    chart = _bar_chart("test-files", df, df.value, hovertext=list(hover(df)), hoverinfo="text")
    bundle = chart._repr_mimebundle_()
    assert bundle[CHART_FILES_MIME]["name"] == "test-files"
    assert 'href="jd-site:charts/test-files.csv"' in bundle["text/html"]
    assert "from_ids" not in bundle["text/html"], "the CSV is a file of the site, not part of the page"


def test_the_build_writes_a_csv_excel_reads_and_the_panels_data(tmp_path):
    from jindong.publish.sphinxext import write_chart_files

    df = figures("jd_gwr_2023-r001")
    chart = _bar_chart("test-write", df, [30], hovertext=list(hover(df)), hoverinfo="text")
    write_chart_files(tmp_path, chart_files(chart))
    data = (tmp_path / "charts" / "test-write.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == COLUMNS and rows[1][COLUMNS.index("quote")] == "地區生產總值突破300億元"
    js = (tmp_path / "charts" / "test-write.js").read_text(encoding="utf-8")
    prefix = '(window.jdChartData = window.jdChartData || {})["test-write"] = '
    assert js.startswith(prefix)
    assert json.loads(js[len(prefix) :].rstrip().rstrip(";"))["figures"][0]["id"] == "jd_gwr_2023-r001"


@pytest.mark.slow
def test_a_legend_swatch_is_as_pale_as_what_it_names():
    """Plotly draws a bar's legend swatch without its marker.opacity: the home chart's pale target zone
    had a full orange swatch (issue 26). A pale shape in the legend is pale by its colour (style.tint)."""
    for chart in book_charts():
        for t in chart.fig.data:
            marker = getattr(t, "marker", None)
            opacity = getattr(marker, "opacity", None) if marker is not None else None
            in_legend = getattr(t, "showlegend", None) is not False and chart.fig.layout.showlegend is not False
            if in_legend and isinstance(opacity, (int, float)) and opacity < 1 and t.type == "bar":
                pytest.fail(f"{chart.name}: {t.name!r} is drawn at opacity {opacity}, its legend swatch at full colour")
