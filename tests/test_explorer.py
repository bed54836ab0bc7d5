"""The figures explorer: a static Plotly form for the website, a live ipywidgets panel for JupyterLab."""

from __future__ import annotations

import html
import re

import nbformat
import pytest

from jindong.content.chapters import explorer as ex
from jindong.dataset.data import load
from jindong.paths import ROOT

CHAPTER = ROOT / "chapters" / "10-data-and-methods.ipynb"


def _menu(chart):
    return chart.fig.layout.updatemenus[0].buttons


def test_static_explorer_shows_all_figures_first():
    chart = ex.static_explorer()
    ind = load().indicators
    visible = [t for t in chart.fig.data if t.visible and t.type == "bar"]
    assert sum(sum(t.x) for t in visible) == len(ind)
    assert f"{len(ind)} figures from {ind.source_id.nunique()} sources" in chart.title
    top = ind.theme.value_counts()
    assert f"({top.iloc[0]})" in chart.title


def test_each_menu_option_shows_its_source_counts_and_table():
    chart = ex.static_explorer()
    ind = load().indicators
    buttons = _menu(chart)
    labels = ex.source_labels()
    assert [b.label for b in buttons] == ["All sources"] + list(labels.values())
    for button, sid in zip(buttons[1:], labels):
        shown = [t for t, v in zip(chart.fig.data, button.args[0]["visible"]) if v]
        bars = [t for t in shown if t.type == "bar"]
        tables = [t for t in shown if t.type == "table"]
        mine = ind[ind.source_id == sid]
        assert len(bars) == len(ex.KINDS) and len(tables) == 1
        assert sum(sum(t.x) for t in bars) == len(mine)
        for bar, kind in zip(bars, ex.KINDS):
            assert sum(bar.x) == (mine.kind == kind).sum()
        cells = tables[0].cells.values
        assert len(cells) == 3 and len(cells[0]) == len(mine)  # label, value, kind and year: what a table needs


def test_static_explorer_carries_no_quotes_or_raw_columns():
    div = ex.static_explorer().div()
    ind = load().indicators
    assert not any(q in div for q in ind.quote.head(20))
    assert "<script>alert" not in div


def test_live_panel_filters_drive_chart_and_table():
    pytest.importorskip("ipywidgets")
    panel = ex.live_panel()
    ind = load().indicators
    assert sum(sum(t.x) for t in panel.chart.data) == len(ind)
    assert f"<b>{len(ind)}</b>" in panel.status.value
    panel.controls["source"].value = "jd_gwr_2023"
    mine = ind[ind.source_id == "jd_gwr_2023"]
    assert sum(sum(t.x) for t in panel.chart.data) == len(mine)
    panel.controls["kinds"]["target"].value = False
    kept = mine[mine.kind != "target"]
    assert f"<b>{len(kept)}</b>" in panel.status.value
    assert [t.visible for t in panel.chart.data] == [k != "target" for k in ex.KINDS]
    panel.controls["theme"].value = "economy"
    rows = kept[kept.theme == "economy"]
    assert f"<b>{len(rows)}</b>" in panel.status.value
    assert panel.table.value.count("<tr>") == len(rows) + 1  # header + one row per figure


def test_interactive_only_in_a_jupyter_session(monkeypatch):
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    assert not ex.interactive()
    monkeypatch.setenv("JPY_SESSION_NAME", "/work/chapters/10-data-and-methods.ipynb")
    assert ex.interactive()


def test_chapter_never_displays_a_widget_in_the_book():
    """The live panel sits in a removed cell behind interactive(); no widget state is stored."""
    nb = nbformat.read(CHAPTER, as_version=4)
    assert "widgets" not in nb.metadata
    calls = [c for c in nb.cells if c.cell_type == "code" and "live_panel()" in c.source]
    assert len(calls) == 1
    cell = calls[0]
    assert "remove-cell" in cell.metadata.get("tags", []) and cell.source.strip() == "explorer.show_live_panel()"
    assert not cell.outputs


def test_the_live_panel_shows_only_with_a_person_at_the_notebook(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", shown.append)
    monkeypatch.setattr(ex, "live_panel", lambda: "panel")
    monkeypatch.setattr(ex, "interactive", lambda: False)
    ex.show_live_panel()
    assert shown == []
    monkeypatch.setattr(ex, "interactive", lambda: True)
    ex.show_live_panel()
    assert shown == ["panel"]


def test_the_explorer_table_shows_a_targets_promise():
    """A target promised with 力争 reads 力争…以上 in the Chinese table, '(stretch)' in the English (review N1)."""
    from jindong.content.edition import language

    df = ex.figures()
    promised = df[df.firmness != ""]
    assert len(promised) > 0
    with language("zh"):
        rows = ex.figure_rows(promised)
    assert all(v.startswith(("力争", "确保", "争取")) for v in rows.iloc[:, 1])
    with language("en"):
        rows = ex.figure_rows(promised)
    assert all(v.endswith(("(stretch)", "(firm)")) for v in rows.iloc[:, 1])


# ---------------------------------------------------------------- the static explorer's geometry (issue 26)

PHONE_TABLE = ex.PHONE_PLOT - ex.MARGIN["l"] - ex.MARGIN["r"]  # the table's width on a 375 px phone


def _px(line: str, size: int) -> float:
    """A line's width as a Chinese font draws it: a wide character one em, anything else 0.55 em or more."""
    from wcwidth import wcwidth

    plain = re.sub(r"<[^>]+>", "", line)
    return sum(size if wcwidth(ch) == 2 or ch in "“”‘’" else 0.55 * size for ch in html.unescape(plain))


def _tables(chart):
    buttons = _menu(chart)
    for button in buttons:
        shown = [t for t, v in zip(chart.fig.data, button.args[0]["visible"]) if v]
        yield button, next(t for t in shown if t.type == "table")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_table_cell_is_whole_and_fits_its_column_on_a_phone(lang):
    """Plotly wraps a cell only at spaces and cuts what does not fit (「2023年2月政府工…」): every cell is
    the whole text (no "…" but the data's own), in lines each as wide as its column on a phone at most."""
    from jindong.content.charts.datatable import plain
    from jindong.content.edition import language

    with language(lang):
        chart = ex.static_explorer()
        labels = ex.source_labels()
        for (button, table), sid in zip(_tables(chart), [ex.ALL, *labels]):
            widths = list(table.columnwidth)
            for col, w in zip(table.cells.values, widths):
                room = PHONE_TABLE * w / sum(widths) - 2 * ex.PAD
                for cell in col:
                    for line in str(cell).split("<br>"):
                        assert _px(line, ex.CELL) <= room + 1, (lang, button.label, line, room)
            for head, w in zip(table.header.values, widths):
                for line in str(head).split("<br>"):
                    assert _px(line, ex.HEADER) <= PHONE_TABLE * w / sum(widths) - 2 * ex.PAD + 1, (lang, line)
            if sid == ex.ALL:
                assert [plain(c) for c in table.cells.values[0]] == list(labels.values())
            else:
                rows = ex.figure_rows(ex.figures(sid))
                assert [plain(c) for c in table.cells.values[0]] == list(rows.iloc[:, 0])
                assert [plain(c) for c in table.cells.values[1]] == list(rows.iloc[:, 1])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_menu_option_is_as_tall_as_its_table(lang):
    """No blank band under the table (it was ≈250 px), and a long list shows a useful number of rows in
    its box (it showed 6 of 198): each option sets the figure's height; the table's box holds its header
    and every row, or at least ten rows and half the next, the rest scrolling inside."""
    from jindong.content.edition import language

    with language(lang):
        chart = ex.static_explorer()
        layout = chart.fig.layout
        assert layout.height == _menu(chart)[0].args[1]["height"]
        for button, table in _tables(chart):
            height = button.args[1]["height"]
            plot = height - layout.margin.t - layout.margin.b
            y0, y1 = table.domain.y
            box = (y1 - y0) * plot
            lines = [max(str(c).count("<br>") + 1 for c in row) for row in zip(*table.cells.values)]
            rows = [n * ex.LINE + ex.ROW_EXTRA for n in lines]
            header = max(str(h).count("<br>") + 1 for h in table.header.values) * ex.HEAD_LINE + ex.ROW_EXTRA
            if header + sum(rows) <= box:  # the whole table shows: nothing but a hair of blank under it
                assert box - header - sum(rows) <= 4, (lang, button.label, box, header + sum(rows))
            else:  # a long list: ten whole rows at least, and the box no taller than a phone's screen
                whole = next(n for n in range(len(rows) + 1) if header + sum(rows[: n + 1]) > box)
                assert whole >= 10 and box <= ex.MAX_BOX + 120, (lang, button.label, whole, box)
            bars = button.args[1]["yaxis.domain"]
            assert round((bars[1] - bars[0]) * plot) == ex.BAR_ROW * len(ex.themes())  # the bars keep their size
            assert y1 < bars[0]  # the table under the bars


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_menu_option_says_how_many_figures_it_shows(lang):
    """The page's title counts the whole dataset; the heading in the chart counts what the menu has chosen
    (it kept saying 259 after a filter)."""
    from jindong.content.charts.datatable import plain
    from jindong.content.edition import language

    ind = load().indicators
    with language(lang):
        chart = ex.static_explorer()
        heads = [i for i, a in enumerate(chart.fig.layout.annotations) if a.text == str(ex.heading(ex.ALL))]
        assert len(heads) == 1
        key = f"annotations[{heads[0]}].text"
        for button, sid in zip(_menu(chart), [ex.ALL, *ex.source_labels()]):
            n = len(ind) if sid == ex.ALL else (ind.source_id == sid).sum()
            text = plain(button.args[1][key])
            assert re.search(rf"(?<!\d){n}(?!\d)", text.split("·")[0]), (lang, button.label, text)
            kinds = ind[ind.source_id == sid].kind if sid != ex.ALL else ind.kind
            assert sum(int(x) for x in re.findall(r"\d+", text)[-len(set(kinds)) :]) == n  # its kinds add up
        assert f"{ex.PHONE_PLOT and ''}data-jd-fit" in chart.div()  # its box follows the height it is set to
