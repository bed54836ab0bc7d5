"""Every chart's data table (charts/datatable.py): built from the traces, compact, escaped."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import numpy as np
import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots

from jindong.content.chapters import neighbour
from jindong.content.charts import datatable
from jindong.content.charts.datatable import number, plain, table_html, tables
from jindong.content.charts.output import Chart
from jindong.content.edition import language
from jindong.content.markup import escape

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quoted"'


class _Cells(HTMLParser):
    """The tables of some HTML as lists of rows of cell texts, and every tag seen."""

    def __init__(self):
        super().__init__()
        self.tables, self.tags, self.captions = [], [], []
        self._cell = None
        self._caption = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = ""
        elif tag == "caption":
            self._caption = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.tables[-1][-1].append(self._cell)
            self._cell = None
        elif tag == "caption":
            self.captions.append(self._caption)
            self._caption = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data
        if self._caption is not None:
            self._caption += data


def parse(html: str) -> _Cells:
    p = _Cells()
    p.feed(html)
    p.close()
    return p


# ----------------------------------------------------------------------------- bar and scatter


def test_horizontal_bars_give_series_category_value_and_text():
    fig = go.Figure()
    fig.add_trace(
        go.Bar(y=["GDP", "Exports"], x=[30.0, 12.5], orientation="h", name="2022", text=["¥30 bn", "¥12.5 bn"])
    )
    fig.add_trace(go.Bar(y=["GDP", "Exports"], x=[32.1, 14.0], orientation="h", name="2023"))
    fig.update_xaxes(title="¥ billion")
    [t] = tables(fig)
    assert t.header == ["Series", "Category", "¥ billion", "Text"]
    assert t.rows == [
        ["2022", "GDP", "30", "¥30 bn"],
        ["2022", "Exports", "12.5", "¥12.5 bn"],
        ["2023", "GDP", "32.1", ""],
        ["2023", "Exports", "14", ""],
    ]
    assert t.numeric == {2}
    cells = parse(table_html(fig)).tables[0]
    assert cells[0] == t.header and cells[1:] == t.rows


def test_vertical_bars_put_x_first_and_a_single_series_needs_no_series_column():
    fig = go.Figure(go.Bar(x=["2022", "2023"], y=[5, 7], name="Jobs"))
    fig.update_yaxes(title="People")
    [t] = tables(fig)
    assert t.header == ["Category", "People"]
    assert t.rows == [["2022", "5"], ["2023", "7"]]


def test_scatter_points_text_gaps_and_hidden_traces():
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=[1.5, None, 3],
            y=["a", None, "c"],
            mode="markers+text",
            name="Shown",
            text=["<b>one</b>", "", "three<br>lines"],
        )
    )
    fig.add_trace(go.Scatter(x=[1, 3], y=["a", "c"], mode="lines", hoverinfo="skip", name="Connector"))
    fig.add_trace(go.Scatter(x=[9], y=["z"], visible=False, name="Other menu option"))
    fig.add_trace(go.Scatter(x=[2], y=["b"], visible="legendonly", name="Off in the legend"))
    [t] = tables(fig)
    assert t.header == ["Series", "Category", "Value", "Text"]  # words on y: the category comes first
    assert t.rows == [
        ["Shown", "a", "1.5", "one"],
        ["Shown", "c", "3", "three lines"],
        ["Off in the legend", "b", "2", ""],
    ]


def test_bar_with_a_base_shows_the_span_and_dates_are_iso():
    fig = go.Figure(go.Bar(y=["Report"], base=["2026-03-01"], x=[30 * 24 * 3600 * 1000], orientation="h"))
    fig.add_trace(go.Scatter(x=[dt.datetime(2023, 2, 2), np.datetime64("2023-08-04")], y=["A", "B"], mode="markers"))
    fig.update_xaxes(type="date", title="Date")
    [t] = tables(fig)
    assert ["Report", "2026-03-01 – 2026-03-31"] in [r[-2:] for r in t.rows]
    # a band over one whole year (a source dated only to the year) reads as that year on the page; the
    # rows (and the CSV) keep the span
    year = go.Figure(go.Bar(y=["Bulletin"], base=["2024-01-01"], x=[366 * 24 * 3600 * 1000], orientation="h"))
    year.update_xaxes(type="date")
    assert tables(year)[0].rows == [["Bulletin", "2024-01-01 – 2025-01-01"]]
    assert "<td>2024</td>" in table_html(year)
    with language("zh"):
        assert "<td>2024年</td>" in table_html(year)
    assert [r[-2:] for r in t.rows][1:] == [["A", "2023-02-02"], ["B", "2023-08-04"]]
    # the rows (and the chart's CSV) stay ISO; the page writes a day as the edition does
    english = re.sub(r"<[^>]+>", "", table_html(fig))
    assert "2023-02-02" in english and "2026-03-01 – 2026-03-31" in english
    with language("zh"):
        page = table_html(fig)
    day = '<span class="jd-day">{}</span>'  # kept on one line
    assert f"<td>{day.format('2023年2月2日')}</td>" in page
    assert f"<td>{day.format('2026年3月1日')} – {day.format('2026年3月31日')}</td>" in page
    assert "2023-02-02" not in page


def test_subplots_get_a_table_each_captioned_with_their_titles():
    fig = make_subplots(rows=2, cols=1, subplot_titles=["GDP growth", "Export growth"])
    fig.add_trace(go.Bar(y=["Jindong"], x=[7.0], orientation="h", name="2023"), row=1, col=1)
    fig.add_trace(go.Bar(y=["Yongkang"], x=[19], orientation="h", name="2024"), row=2, col=1)
    fig.update_xaxes(title_text="Growth, %")
    first, second = tables(fig)
    assert (first.caption, first.rows) == ("GDP growth", [["Jindong", "7"]])
    assert (second.caption, second.rows) == ("Export growth", [["Yongkang", "19"]])
    assert parse(table_html(fig, caption="ignored for two tables")).captions == ["GDP growth", "Export growth"]


def test_labels_written_as_annotations_over_a_hidden_axis_name_the_rows():
    fig = go.Figure(go.Bar(y=[0, 1], x=[50, 30], orientation="h", text=["≥50%", "≥30%"]))
    fig.update_yaxes(showticklabels=False)
    for i, label in enumerate(["Funds in place", "Fixed-asset investment"]):
        fig.add_annotation(x=0, y=i - 0.25, xref="x domain", yref="y", text=f"<b>{label}</b>", showarrow=False)
    [t] = tables(fig)
    assert t.header == ["Label", "Value", "Text"]
    assert t.rows == [["Funds in place", "50", "≥50%"], ["Fixed-asset investment", "30", "≥30%"]]


def test_tick_text_replaces_tick_values():
    fig = go.Figure(go.Bar(x=[0, 1], y=[3, 4]))
    fig.update_xaxes(tickvals=[0, 1], ticktext=["Card 1", "Card 2"])
    [t] = tables(fig)
    assert [r[0] for r in t.rows] == ["Card 1", "Card 2"]


# ----------------------------------------------------------------------------- other trace types


def test_heatmap_is_a_grid_with_row_headers():
    fig = go.Figure(go.Heatmap(z=[[1, None], [2.25, 4]], x=["2023", "2025"], y=["Economy", "Ecology"]))
    fig.update_xaxes(title="Text")
    [t] = tables(fig)
    assert t.header == ["Category", "2023", "2025"] and t.caption == "Text"
    assert t.rows == [["Economy", "1", ""], ["Ecology", "2.25", "4"]]
    html = table_html(fig)
    assert '<th scope="row">Economy</th>' in html and '<td class="num">2.25</td>' in html


def test_heatmap_without_labels_numbers_rows_and_columns():
    [t] = tables(go.Figure(go.Heatmap(z=np.array([[1, 2, 3]]))))
    assert t.header == ["Category", "0", "1", "2"] and t.rows == [["0", "1", "2", "3"]]


def test_treemap_lists_label_parent_value_with_parents_by_id():
    fig = go.Figure(
        go.Treemap(
            ids=["p", "p/1", "p/2"],
            labels=["Plan", "Task<br>one", "Task two"],
            parents=["", "p", "p"],
            values=[2, 1, 1],
        )
    )
    [t] = tables(fig)
    assert t.header == ["Label", "Parent", "Value"]
    assert t.rows == [["Plan", "", "2"], ["Task one", "Plan", "1"], ["Task two", "Plan", "1"]]


def test_sunburst_without_ids_or_values():
    [t] = tables(go.Figure(go.Sunburst(labels=["All", "A"], parents=["", "All"])))
    assert t.header == ["Label", "Parent"] and t.rows == [["All", ""], ["A", "All"]]


def test_pie_and_table_traces():
    pie, table = tables(
        go.Figure(
            data=[
                go.Pie(labels=["Primary", "Secondary"], values=[5, 3]),
                go.Table(
                    header=dict(values=["<b>Source</b>", "<b>Figures</b>"]),
                    cells=dict(values=[["Report", "Plenum"], [198, 5]]),
                ),
            ]
        )
    )
    assert pie.rows == [["Primary", "5"], ["Secondary", "3"]]
    assert table.header == ["Source", "Figures"] and table.rows == [["Report", "198"], ["Plenum", "5"]]


def test_a_figure_with_nothing_to_tabulate_gives_no_table_and_no_link():
    fig = go.Figure(go.Scatter(x=[1], y=[2], hoverinfo="skip"))
    assert tables(fig) == [] and table_html(fig) == ""
    div = Chart(fig, "empty", title="t", alt="a").div()
    assert "<details" not in div and "Data table" not in div


# ----------------------------------------------------------------------------- numbers and text


@pytest.mark.parametrize(
    "value, shown",
    [
        (0.1 + 0.2, "0.3"),
        (5.337973506, "5.338"),
        (94.66202649, "94.662"),
        (1e9, "1000000000"),
        (30.0, "30"),
        (-0.25, "-0.25"),
        (0.000123456, "0.0001235"),
        (np.float32(2.5), "2.5"),
        (np.int64(7), "7"),
        (float("nan"), ""),
    ],
)
def test_numbers_are_shown_as_a_reader_needs_them(value, shown):
    assert datatable.cell(value) == shown


def test_number_never_uses_exponents():
    assert "e" not in number(1.5e20) and "e" not in number(1.23e-7)


def test_plain_reads_plotly_pseudo_html_as_the_reader_sees_it():
    assert plain("<b>GDP</b><br>growth &amp; <i>more</i>") == "GDP growth & more"
    assert plain("&lt;script&gt;") == "<script>"  # escaped once by the chart: the reader sees the text
    assert plain("whole-<br>process democracy") == "whole-process democracy"  # wrapped at its hyphen
    assert plain(None) == "" and plain(3.0) == "3"


# ----------------------------------------------------------------------------- escaping


def _hostile_figure() -> go.Figure:
    fig = make_subplots(rows=1, cols=2, specs=[[{"type": "xy"}, {"type": "domain"}]])
    fig.add_trace(
        go.Bar(y=[HOSTILE, "ok"], x=[1, 2], orientation="h", name=HOSTILE, text=[HOSTILE, "<b>2</b>"]), row=1, col=1
    )
    fig.add_trace(go.Treemap(labels=[HOSTILE, "child"], parents=["", HOSTILE], values=[1, 1]), row=1, col=2)
    fig.add_trace(go.Heatmap(z=[[1]], x=[HOSTILE], y=[HOSTILE]), row=1, col=1)
    fig.update_xaxes(title_text=HOSTILE, row=1, col=1)
    return fig


def test_every_cell_is_escaped():
    html = table_html(_hostile_figure(), caption=HOSTILE)
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert escape('<script>alert("x")</script>') in html
    parsed = parse(html)
    assert set(parsed.tags) <= {"table", "caption", "thead", "tbody", "tr", "th", "td"}
    texts = [c for t in parsed.tables for row in t for c in row]
    assert HOSTILE in texts  # shown as text, whole: in headers, labels, series, text and parents
    assert sum(c == HOSTILE for c in texts) >= 6


def test_labels_escaped_by_the_chart_are_not_escaped_twice():
    fig = go.Figure(go.Bar(y=["Industry &amp; innovation", "&lt;i&gt;"], x=[1, 2], orientation="h"))
    html = table_html(fig)
    assert "Industry &amp; innovation" in html and "&amp;amp;" not in html
    assert "&lt;i&gt;" in html and "&amp;lt;" not in html


def test_chart_div_puts_the_data_table_after_the_plot_with_a_link_beside_the_source(monkeypatch):
    monkeypatch.setattr(Chart, "source_line", lambda self: "Source: a test.")
    chart = Chart(_hostile_figure(), "test-chart", title=HOSTILE, alt=HOSTILE)
    div = chart.div()
    plot = div.index('class="jd-chart-plot"')
    source = div.index('class="jd-chart-source"')
    details = div.index('<details class="jd-chart-data" id="jd-test-chart-data"><summary>Data table</summary>')
    assert plot < source < details
    assert '<a class="jd-chart-data-link" href="#jd-test-chart-data"' in div[source:details]
    table_part = div[details:]
    assert "<script" not in table_part and "<img" not in table_part
    assert 'tabindex="0"' in table_part and 'aria-labelledby="jd-test-chart-title"' in table_part
    assert 'id="jd-test-chart-title"' in div[:plot]


def test_a_wrapped_chinese_label_joins_up_and_two_things_stay_apart():
    """A break inside Chinese was a wrap (joined without a space); before an id or a sign it parted two
    things, which ran together (「金东区政府工作报告jd_gwr_2023」, 「地区生产总值>300亿元」) when every break
    beside a Chinese character was dropped."""
    assert plain("金华统计公报（<br>2023年）") == "金华统计公报（2023年）"
    assert plain("600<br>亿元") == "600亿元" and plain("收<br>入") == "收入"
    assert plain("平安县<br>(市、区)") == "平安县(市、区)"
    assert plain("金东区政府工作报告<br>jd_gwr_2023") == "金东区政府工作报告 jd_gwr_2023"
    assert plain("地区生产总值<br>>300亿元") == "地区生产总值 >300亿元"
    assert plain("Jan<br>2025") == "Jan 2025"


def test_a_note_set_on_a_chart_is_not_read_as_a_value():
    """Chapter 8 places "no rate given" as text at 0 on the growth axis; its data table read 0, a growth
    of zero the source never gave (native review, issue 26). A text-only trace has no value, only its text."""
    rows = [
        r for t in tables(neighbour.growth_by_year().fig) for r in t.rows if "no rate given" in " ".join(map(str, r))
    ]
    assert rows and all(r[-2] == "" for r in rows), rows
