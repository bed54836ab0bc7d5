"""Pages stay light as the data grow (issue 6): charts and tables show items, never every row.

The chapters' code runs in a subprocess (JINDONG_DATA is read at import) on the real data and on
`make bench`'s synthetic data at 10× the rows; every output is measured. A chart or table that draws
one mark per row would grow about tenfold. Also checked here: how a chart reaches the page (its figure
as inert JSON for jindong.js, with a template pruned to the trace types it uses).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

from jindong.content.charts.common import CHART_ITEMS, SECTIONS, TABLE_ROWS, cap, capped_rows, more_note
from jindong.paths import DATA_DIR, ROOT
from jindong.publish.notebooks import chapters


def _bench():
    spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


def _sizes(data) -> dict[str, int]:
    """{chapter:cell:output: bytes of its HTML and Markdown}, every chapter's cells run on `data`
    (tests/run_cells.py: one IPython shell in a subprocess, as JINDONG_DATA is read at import)."""
    env = {**os.environ, "JINDONG_DATA": str(data), "JPY_SESSION_NAME": ""}
    out = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "run_cells.py"), *map(str, chapters())],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {
        f"{Path(path).name[:2]}:{o['cell']}:{o['output']}": sum(
            len(str(v)) for k, v in o["data"].items() if k in ("text/html", "text/markdown")
        )
        for path, outputs in json.loads(out).items()
        for o in outputs
    }


@pytest.fixture(scope="module")
def sizes(tmp_path_factory):
    ten = _bench().synthetic(DATA_DIR, 10, tmp_path_factory.mktemp("scale") / "data10")
    with ThreadPoolExecutor(2) as pool:  # the two runs side by side (each is a subprocess)
        one, many = pool.map(_sizes, [DATA_DIR, ten])
    return one, many


@pytest.mark.slow
def test_no_output_grows_with_the_rows(sizes):
    one, ten = sizes
    # Slack: a capped chart with few real items (chapter 4's bullet chart has 2 pairs, its cap 12) fills
    # its cap at 10× and stops there, ~18 KB more; a chart drawing every row grows tenfold.
    grown = {k: f"{one[k]} → {ten[k]} bytes" for k in one if ten[k] > 2 * one[k] + 10_000}
    assert not grown, f"outputs that grow with the data (10× rows): {grown}"


@pytest.mark.slow
def test_no_cell_lists_more_sections_as_the_rows_grow(sizes):
    """A run of sections (one heading and table per report card, department…) stops at SECTIONS."""
    one, ten = (Counter(k.rsplit(":", 1)[0] for k in s) for s in sizes)
    grown = {cell: f"{one[cell]} → {ten[cell]} outputs" for cell in one if ten[cell] > max(one[cell], 2 * SECTIONS + 1)}
    assert not grown, f"cells whose outputs multiply with the data (10× rows): {grown}"


@pytest.mark.slow
def test_no_chapter_page_doubles_at_ten_times_the_data(sizes):
    one, ten = sizes
    per = lambda s, ch: sum(v for k, v in s.items() if k.startswith(ch))  # noqa: E731
    ratios = {ch: per(ten, ch) / per(one, ch) for ch in {k[:2] for k in one}}
    assert max(ratios.values()) <= 2, ratios


def test_cap_keeps_the_first_rows_and_counts_the_rest():
    df = pd.DataFrame({"a": range(10)})
    shown, left = cap(df, 4)
    assert list(shown.a) == [0, 1, 2, 3] and left == 6
    assert cap(df, 40)[1] == 0
    assert more_note(4, 0) == ""
    assert "4 of 10 figures" in more_note(4, 6)


def test_a_long_table_ends_with_a_row_that_says_how_many_more():
    df = pd.DataFrame({"Figure": [f"f{i}" for i in range(TABLE_ROWS + 5)], "Value": ["1"] * (TABLE_ROWS + 5)})
    out = capped_rows(df)
    assert len(out) == TABLE_ROWS + 1
    assert out.Figure.iloc[-1].startswith("… and 5 more figures") and out.Value.iloc[-1] == ""
    short = df.head(3)
    assert capped_rows(short).equals(short)


def test_real_data_lose_nothing_to_the_caps():
    """The caps are for data many times larger: every real chart and table shows all its items."""
    from jindong.content.chapters import allout2026, explorer, outcomes, targets
    from jindong.content.chapters import results_2022 as performance

    assert "Showing" not in targets.target_vs_2022().subtitle
    assert "Showing" not in performance.growth_rates().subtitle
    assert "Showing" not in outcomes.target_vs_outcome().subtitle
    assert "Showing" not in allout2026.targets_by_department().subtitle
    assert len(targets.baselines()) <= CHART_ITEMS
    assert all(len(performance.area_table(i).df) <= TABLE_ROWS for i in range(1, 7))
    assert explorer.source_summary().total.max() <= explorer.TABLE_ROWS


def test_a_chart_is_inert_json_drawn_by_jindong_js():
    from jindong.content.chapters import results_2022 as performance

    div = performance.headline_levels().div()
    assert "Plotly.newPlot" not in div and "<script>" not in div
    start = div.index('<script type="application/json" class="jd-figure" data-for="chart-ch2-headline-levels">')
    body = div[div.index(">", start) + 1 : div.index("</script>", start)]
    fig = json.loads(body)
    assert {t["type"] for t in fig["data"]} == {"bar"}
    assert set(fig["layout"]["template"]["data"]) <= {"bar"}, "template defaults of unused trace types"
    assert fig["layout"]["template"]["layout"]["font"]["family"].startswith("Noto Sans CJK SC")
    assert fig["config"]["displaylogo"] is False
    assert 'id="chart-ch2-headline-levels"' in div and "height:400px" in div
