"""The book's own plotly.js (src/jindong/publish/plotly_bundle.py, `make plotly-bundle`).

- Every chart of the built site uses only trace types the bundle has; a chart that does not is named
  with its trace type (here, and by the build itself: a warning, so `-W` stops it).
- plotly.js is pinned (package.json, package-lock.json) to the version of the Python package's
  plotly.min.js; the bundle is deterministic and is what the site ships.
- Without npm the step says so in one line and the site ships the full plotly.min.js; with CI=true
  the small bundle is required.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jindong.paths import ROOT, in_ci
from jindong.publish import plotly_bundle
from support import require


def chart_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if plotly_bundle.FIGURE.search(p.read_text(encoding="utf-8")))


@pytest.mark.site
def test_every_chart_uses_only_trace_types_the_bundle_has(site):
    charts, missing = 0, []
    for page in chart_pages(site):
        body = page.read_text(encoding="utf-8")
        charts += len(plotly_bundle.charts_in(body))
        missing += [
            f"{page.relative_to(site)}: chart {chart} uses trace type {trace!r}"
            for chart, trace in plotly_bundle.missing_traces(body)
        ]
    assert charts >= 30, f"only {charts} charts found in {site}"
    assert not missing, "the plotly.js bundle lacks trace types (add them to plotly_bundle.TRACES):\n" + "\n".join(
        missing
    )


def test_a_trace_type_the_bundle_lacks_is_named_with_its_chart():
    def chart(div: str, figure: dict) -> str:
        return f'<script type="application/json" class="jd-figure" data-for="{div}">{json.dumps(figure)}</script>'

    page = (
        chart("chart-ok", {"data": [{"type": "bar"}, {"x": [1]}], "layout": {}})  # no type: scatter
        + chart("chart-flow", {"data": [{"type": "sankey"}], "layout": {}})
        + chart(
            "chart-menu",
            {
                "data": [{"type": "bar"}],
                "layout": {"updatemenus": [{"buttons": [{"method": "restyle", "args": [{"type": "pie"}]}]}]},
            },
        )
    )
    assert plotly_bundle.charts_in(page)["chart-ok"] == {"bar", "scatter"}
    assert plotly_bundle.missing_traces(page) == [("chart-flow", "sankey"), ("chart-menu", "pie")]


def test_plotly_js_is_pinned_to_the_python_packages_version():
    version = plotly_bundle.python_plotly_js_version()
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    assert package["devDependencies"]["plotly.js"] == version, "package.json: pin plotly.js to the Python package's"
    assert plotly_bundle.pinned_versions()["plotly.js"] == version, "package-lock.json: run npm install"
    assert re.fullmatch(r"\d+\.\d+\.\d+", package["devDependencies"]["esbuild"]), "esbuild pinned exactly"


def needs_node_modules() -> None:
    reason = plotly_bundle.why_not()
    require(reason is None, f"cannot build the plotly.js bundle here: {reason}")


@pytest.mark.site
@pytest.mark.slow
def test_the_bundle_is_deterministic_and_the_site_ships_it(site, tmp_path, monkeypatch):
    needs_node_modules()
    built = []
    for run in ("a", "b"):
        out = tmp_path / run
        for name, value in {
            "OUT_DIR": out,
            "BUNDLE": out / "plotly.min.js",
            "STAMP": out / "stamp",
        }.items():
            monkeypatch.setattr(plotly_bundle, name, value)
        built.append(plotly_bundle.build().read_bytes())
    assert built[0] == built[1], "two builds of the bundle differ"
    bundle = built[0]
    assert len(bundle) < 2_000_000 < plotly_bundle.full_bundle().stat().st_size, len(bundle)
    head = bundle[:400].decode()
    assert f"plotly.js v{plotly_bundle.python_plotly_js_version()}" in head and "partial bundle" in head, head
    assert b'name:"zh-CN"' in bundle, "the zh-CN locale is registered"
    assert (site / "_static" / "plotly.min.js").read_bytes() == bundle, "the site ships another plotly.js"


def test_without_npm_the_step_says_so_in_one_line_and_the_full_bundle_is_used(tmp_path, monkeypatch, capsys):
    for name, value in {
        "NODE_MODULES": tmp_path / "node_modules",
        "OUT_DIR": tmp_path / "node_modules" / ".cache",
        "BUNDLE": tmp_path / "node_modules" / ".cache" / "plotly.min.js",
        "STAMP": tmp_path / "node_modules" / ".cache" / "stamp",
    }.items():
        monkeypatch.setattr(plotly_bundle, name, value)
    bin_dir = tmp_path / "bin"  # python, and no npm
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.delenv("CI", raising=False)
    assert plotly_bundle.main() == 0
    out = capsys.readouterr()
    lines = [line for line in (out.out + out.err).splitlines() if line.strip()]
    assert len(lines) == 1 and "npm not found" in lines[0] and "full plotly.min.js" in lines[0], lines
    assert plotly_bundle.current() is None, "the site would ship a bundle that was not built"
    monkeypatch.setenv("CI", "true")  # CI always builds the small bundle
    assert plotly_bundle.main() == 1
    assert "npm not found" in capsys.readouterr().err


@pytest.mark.slow
def test_the_build_stops_on_a_chart_whose_trace_type_the_bundle_lacks(tmp_path):
    """The build warns (so -W stops it), naming the chart and its trace type, when it ships the small bundle."""
    if plotly_bundle.current() is None:
        require(not in_ci(), "the small plotly.js bundle is not built (make plotly-bundle)")
        pytest.skip("the small plotly.js bundle is not built here: the site ships the full one")
    source = tmp_path / "book"
    source.mkdir()
    shutil.copy(ROOT / "_config.yml", source / "_config.yml")
    shutil.copytree(ROOT / "_static", source / "_static")
    figure = json.dumps({"data": [{"type": "sankey", "node": {"label": ["a", "b"]}}], "layout": {}})
    (source / "intro.md").write_text(
        "# Scratch book\n\n```{raw} html\n"
        '<div id="chart-flows" class="jd-chart"></div>'
        f'<script type="application/json" class="jd-figure" data-for="chart-flows">{figure}</script>\n```\n',
        encoding="utf-8",
    )
    (source / "_toc.yml").write_text("format: jb-book\nroot: intro\n", encoding="utf-8")
    env = {**os.environ, "JINDONG_BOOK_SOURCE": str(source), "JINDONG_BUILD_DIR": str(tmp_path / "out")}
    run = subprocess.run(
        [sys.executable, "-m", "jindong.publish.build"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert run.returncode != 0, run.stdout[-2000:]
    block = run.stderr[run.stderr.rindex("BUILD FAILED") :]
    assert "chart chart-flows uses the trace type 'sankey'" in block and "plotly_bundle.py" in block, block
