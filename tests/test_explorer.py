"""The figures explorer: a static Plotly form for the website, a live ipywidgets panel for JupyterLab."""

from __future__ import annotations

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
