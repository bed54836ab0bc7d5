"""Every chart a reader's tool (issue 15), on the built site, both editions: each chart's CSV, its
picture downloads, its Sources panel, its citation and permalink, the full-screen view, the keyboard.

- Without a browser (`site`): every chart's CSV is a file of the site, linked from the chart, and it
  parses; its rows are the numbers the page's figure plots (read from the page's own figure JSON) and
  the dataset's rows (indicators.csv and the other tables, field by field); a count counts its rows.
- In Chromium (`site`, `browser`), on the one load of each page test_reader.py and test_site.py check
  too (conftest's `loaded`): a keyboard-only run opens every panel
  of every chart and operates the explorer's menu through its native <select>; the CSV link resolves
  and its numbers are among the numbers the drawn chart holds (and every bar, cell and box is in it);
  the PNG and SVG downloads (Playwright's download event) are valid pictures; the Sources panel's
  quotes are the dataset's; the copy buttons put the citation and the permalink on the clipboard;
  axe-core finds nothing serious with every panel open and in the full-screen view.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import math
import re
import struct
import xml.etree.ElementTree as ET
from functools import cache

import numpy as np
import plotly.graph_objects as go
import pytest
import yaml

from jindong import paths
from jindong.content.charts.plotted import COLUMNS, points
from jindong.content.edition import language
from jindong.dataset.data import load
from jindong.paths import ROOT
from jindong.publish import build
from jindong.publish.notebooks import chapters
from support import CHARTS_DRAWN, SITE, View, require

PAGES = ["intro.html", *(f"chapters/{p.stem}.html" for p in chapters())]
PAGES += [f"zh/{p}" for p in PAGES]  # the Chinese edition, page for page
CHART = re.compile(r'<div class="jd-chart" id="jd-([\w-]+)">')
FIGURE_JSON = re.compile(
    r'<script type="application/json" class="jd-figure" data-for="chart-([\w-]+)">(.*?)</script>', re.S
)
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TABLES = {  # the tables of data/ a CSV row may come from, by their id column
    "indicators": "id",
    "priorities": "id",
    "terms": "term_id",
    "sources": "source_id",
}


def lang_of(page: str) -> str:
    return "zh" if page.startswith("zh/") else "en"


@cache
def html(page: str) -> str:
    path = SITE / page
    require(path.exists(), f"no built site at {SITE}: run `make book`")
    return path.read_text(encoding="utf-8")


def charts_of(page: str) -> list[str]:
    return CHART.findall(html(page))


def _decode(value):
    """Plotly's typed arrays in a page's JSON ({"dtype", "bdata"[, "shape"]}) as numpy arrays."""
    if isinstance(value, dict):
        if "bdata" in value and "dtype" in value:
            arr = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
            shape = value.get("shape")
            if shape:
                arr = arr.reshape([int(s) for s in str(shape).split(",")])
            return arr
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def page_figures(page: str) -> dict[str, go.Figure]:
    """Chart name -> the figure the page draws (its inert JSON, as jindong.js reads it)."""
    out = {}
    for name, text in FIGURE_JSON.findall(html(page)):
        spec = _decode(json.loads(text))
        out[name] = go.Figure({"data": spec["data"], "layout": spec["layout"]})
    return out


def csv_href(page: str, chart: str) -> str:
    m = re.search(rf'<a class="jd-chart-csv" href="([^"]+/{re.escape(chart)}\.csv)"', html(page))
    assert m, f"{page}: {chart} has no CSV link"
    return m.group(1)


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "the CSV starts with a UTF-8 BOM (Excel and WPS read its Chinese)"
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == COLUMNS, rows[0]
    return [dict(zip(COLUMNS, r)) for r in rows[1:]]


@cache
def dataset(table: str) -> dict[str, dict]:
    df = getattr(load(), table)
    key = TABLES[table]
    return {str(r[key]): r for r in df.to_dict("records")}


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-7, abs_tol=1e-7)


def row_problems(row: dict[str, str]) -> list[str]:
    """What in one CSV row disagrees with the dataset."""
    where = f"{row['chart']} {row['series']!r} {row['category']!r}"
    out = []
    table, ids = row["from_table"], row["from_ids"].split()
    assert ids or row["plotted"] == "0", f"{where}: no rows named"  # a count of none names none
    if table in TABLES:
        missing = [i for i in ids if i not in dataset(table)]
        if missing:
            out.append(f"{where}: {missing} not in {table}.csv")
    elif table == "theme_counts":
        tc = load().theme_counts
        have = set(tc.source_id + "/" + tc.theme)
        out += [f"{where}: {i} not in theme_counts.csv" for i in ids if i not in have]
    else:
        out.append(f"{where}: unknown table {table!r}")
    if row["indicator_id"]:
        r = dataset("indicators")[row["indicator_id"]]
        for column in ("label_en", "label_zh", "unit", "qualifier", "kind", "source_id", "quote"):
            if row[column] != str(r[column]):
                out.append(f"{where}: {column} {row[column]!r} but indicators.csv says {r[column]!r}")
        if row["value"] != r["value_text"] or str(r["period"]) != row["period"]:
            out.append(f"{where}: value {row['value']!r} ({row['period']}), indicators.csv {r['value_text']!r}")
        if row["derived"] == "no" and row["plotted"]:  # the figure itself: as written or in the axis's unit
            base = float(r["value"]) * float(r["factor"])
            plotted = float(row["plotted"])
            if not (_close(plotted, float(r["value"])) or any(_close(plotted, base / 10**k) for k in range(13))):
                out.append(f"{where}: plotted {plotted}, not the figure {r['value_text']} {r['unit']}")
    elif table == "priorities" and row["quote"] and row["quote"] != dataset("priorities")[ids[0]]["quote"]:
        out.append(f"{where}: quote is not priorities.csv's")
    if row["method"].startswith(("count", "计数")) and row["plotted"] and float(row["plotted"]) != len(ids):
        out.append(f"{where}: a count of {len(ids)} rows, plotted {row['plotted']}")
    if row["derived"] not in ("yes", "no") or (row["derived"] == "yes" and not row["method"]):
        out.append(f"{where}: derived {row['derived']!r} without saying how")
    return out


# ---------------------------------------------------------------- the CSV files (no browser)


@pytest.mark.site
@pytest.mark.parametrize("page", PAGES)
def test_every_chart_links_its_csv_which_holds_what_it_plots_and_the_datasets_rows(page):
    charts = charts_of(page)
    assert charts, f"{page} has no chart"
    figures = page_figures(page)
    problems = []
    for chart in charts:
        href = csv_href(page, chart)
        path = (SITE / page).parent / href
        assert path.is_file(), f"{page}: {chart}'s CSV link {href} resolves to nothing"
        rows = read_csv(path.read_bytes())
        with language(lang_of(page)):
            pts = points(figures[chart])
        assert len(rows) == len(pts), f"{chart}: {len(rows)} CSV rows for {len(pts)} plotted numbers"
        for row, p in zip(rows, pts):
            assert row["chart"] == chart
            shown = (row["panel"], row["series"], row["category"], row["plotted"])
            assert shown == (p.panel, p.series, p.category, p.plotted), f"{chart}: CSV {shown} but the page plots {p}"
            problems += row_problems(row)
        # the Sources panel's data beside it
        panel = path.with_suffix(".js").read_text(encoding="utf-8")
        assert f'["{chart}"]' in panel, f"{chart}: charts/{chart}.js does not define its data"
    assert problems == [], "\n".join(problems[:40])


@pytest.mark.site
def test_both_editions_ship_one_csv_per_chart_with_the_same_rows():
    for page in PAGES[: len(PAGES) // 2]:
        for chart in charts_of(page):
            en = read_csv((SITE / "charts" / f"{chart}.csv").read_bytes())
            zh = read_csv((SITE / "zh" / "charts" / f"{chart}.csv").read_bytes())
            # not "plotted": the Chinese edition plots money in 亿元 as the sources write it, the English
            # in ¥ billion; the rows behind each point (ids, values as written, quotes) are the same
            same = ("chart", "indicator_id", "value", "unit", "source_id", "quote", "derived", "from_ids")
            assert [[r[c] for c in same] for r in en] == [[r[c] for c in same] for r in zh], chart
    every = {c for p in PAGES for c in charts_of(p)}
    for edition in (SITE / "charts", SITE / "zh" / "charts"):
        assert {f.stem for f in edition.glob("*.csv")} == every, f"{edition}: one CSV per chart, no more"


TOOLBAR_BUDGET = 10_000  # bytes of HTML the toolbar may add to a chart page (issue 15); the CSVs are files
TOOLBAR_HTML = re.compile(
    r'<script type="application/json" id="jd-tools">.*?</script>| ?<a class="jd-chart-csv"[^>]*>CSV</a>', re.S
)


@pytest.mark.site
@pytest.mark.parametrize("page", PAGES)
def test_the_toolbar_keeps_the_page_light(page):
    """What the toolbar puts in a page — its words, once, and a CSV link per chart — stays under 10 KB;
    the charts' data are files of their own, loaded when asked for."""
    added = sum(len(m.encode("utf-8")) for m in TOOLBAR_HTML.findall(html(page)))
    assert 0 < added <= TOOLBAR_BUDGET, f"{page}: the toolbar adds {added:,} bytes"
    assert html(page).count('class="jd-chart-csv"') == len(charts_of(page))
    assert "from_ids" not in html(page) and "jindong-chart-files" not in html(page), "chart data left in the page"
    assert (SITE / page).stat().st_size < 400_000


# ---------------------------------------------------------------- in Chromium: one load per page


@pytest.fixture(scope="module", params=PAGES)
def tools(request, loaded):
    """One page with charts, loaded once (clipboard allowed, downloads accepted: support.open_page) for
    every test below and test_reader.py's and test_site.py's of that page: each opens the panels it
    needs (open_panels), the keyboard run closes them first."""
    page = loaded.get(request.param)
    page.wait_for_function(
        CHARTS_DRAWN
        + " && document.querySelectorAll('.jd-tools').length >= document.querySelectorAll('.jd-chart').length",
        timeout=30_000,
    )
    return View(page, path=request.param, charts=charts_of(request.param))


def open_panels(page) -> None:
    """Every panel of every chart open (the keyboard run opens them; a test run alone, or on another
    worker, opens what is still closed), the Sources panels loaded."""
    for chart in page.charts:
        for tool in ("download", "sources", "cite"):
            button = page.locator(f"#jd-{chart} button[data-tool={tool}]")
            if button.get_attribute("aria-expanded") != "true":
                button.click()
        page.wait_for_selector(f"#jd-{chart}-sources[data-jd-loaded='1']", timeout=10_000)


def focus_name(page) -> str:
    return page.evaluate(
        "(() => { const e = document.activeElement; return (e.dataset.tool || e.className || e.tagName) + ''; })()"
    )


MENU_STATE = "el => el.data.map(t => t.visible !== false)"


@pytest.mark.site
@pytest.mark.browser
def test_a_keyboard_alone_opens_every_panel_and_works_the_explorers_menu(tools):
    page = tools
    page.evaluate(  # from the start: every panel closed (other tests on this page may have opened them)
        "document.querySelectorAll('.jd-tool[aria-expanded=true]').forEach(b => b.click())"
    )
    for chart in page.charts:
        c = page.locator(f"#jd-{chart}")
        c.scroll_into_view_if_needed()
        # the one step not taken with the keyboard: where the reader starts, the chart's title
        page.evaluate(
            f"(() => {{ const t = document.getElementById('jd-{chart}-title'); t.tabIndex = -1; t.focus(); }})()"
        )
        menu = c.locator("select.jd-menu-select")
        if menu.count():
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.classList.contains('jd-menu-select')"), focus_name(page)
            assert menu.is_visible(), "the explorer's native menu shows when the keyboard reaches it"
            plot = page.locator(f"#chart-{chart}")
            buttons = plot.evaluate("el => el.layout.updatemenus[0].buttons.map(b => b.args[0].visible)")
            for k in range(1, len(buttons)):
                page.keyboard.press("ArrowDown")
                page.wait_for_function(
                    f"document.getElementById('chart-{chart}').layout.updatemenus[0].active === {k}", timeout=5_000
                )
                assert plot.evaluate(MENU_STATE) == [bool(v) for v in buttons[k]], f"{chart}: option {k}"
            page.keyboard.press("Home")  # back to the first option
            page.wait_for_function(f"document.getElementById('chart-{chart}').layout.updatemenus[0].active === 0")
        stops = []  # past the source line's links; not the mode bar's buttons, shown only to a pointer
        while (stop := focus_name(page)) != "download":
            stops.append(stop)
            page.keyboard.press("Tab")
        assert not [s for s in stops if "modebar" in s], f"{chart}: the keyboard stops on the mode bar: {stops}"
        for tool in ("download", "sources", "cite"):
            assert focus_name(page) == tool, f"{chart}: focus on {focus_name(page)}, not the {tool} button"
            page.keyboard.press("Enter")
            assert c.locator(f"button[data-tool={tool}]").get_attribute("aria-expanded") == "true"
            assert c.locator(f"#jd-{chart}-{tool}").is_visible(), f"{chart}: the {tool} panel did not open"
            page.keyboard.press("Tab")
        if c.locator("details.jd-chart-data").count():  # the data table's button opens it in place
            assert focus_name(page) == "table", f"{chart}: focus on {focus_name(page)}, not the table button"
            page.keyboard.press("Enter")
            assert c.locator("button[data-tool=table]").get_attribute("aria-expanded") == "true"
            assert c.locator("details.jd-chart-data table").first.is_visible(), f"{chart}: the data table did not open"
            page.keyboard.press("Tab")
        assert focus_name(page) == "enlarge"
        page.keyboard.press("Enter")
        assert "jd-enlarged" in (c.get_attribute("class") or "")
        assert c.get_attribute("role") == "dialog"
        box = c.bounding_box()
        assert box["width"] >= 1270 and box["y"] <= 1, f"{chart}: the full-screen view covers the screen ({box})"
        # the focus stays in the full-screen view: every element focused on the way is recorded
        page.evaluate(
            "id => { window.__jdLeft = []; window.__jdTrap = e => { if (!e.target.closest('#' + id))"
            " window.__jdLeft.push(e.target.outerHTML.slice(0, 80)); };"
            " document.addEventListener('focusin', window.__jdTrap); }",
            f"jd-{chart}",
        )
        for _ in range(25):
            page.keyboard.press("Tab")
        left = page.evaluate("document.removeEventListener('focusin', window.__jdTrap) || window.__jdLeft")
        assert left == [], f"{chart}: focus left the view for {left[:3]}"
        assert page.evaluate(f"!!document.activeElement.closest('#jd-{chart}')"), f"{chart}: focus left the view"
        in_panel = page.evaluate(  # in an open panel or data table, or on the button of one
            "(e => !!e.closest('.jd-panel, details.jd-chart-data') || e.getAttribute('aria-expanded') === 'true')"
            "(document.activeElement)"
        )
        page.keyboard.press("Escape")
        if in_panel:  # the innermost first: that Escape closed the panel
            assert "jd-enlarged" in (c.get_attribute("class") or ""), (
                f"{chart}: one Escape closed the panel and the view"
            )
            page.keyboard.press("Escape")
        assert "jd-enlarged" not in (c.get_attribute("class") or "")
        assert focus_name(page) == "enlarge"
        page.wait_for_selector(f"#jd-{chart}-sources[data-jd-loaded='1']", state="attached", timeout=10_000)
    assert page.errors == [], page.errors


@pytest.mark.site
@pytest.mark.browser
def test_escape_closes_a_panel_and_returns_to_its_button(tools):
    """Escape on an open panel (or its button) closes it, the focus back on the button (issue 26); in
    the full-screen view the first Escape closes the panel, the second the view."""
    page = tools
    chart = page.charts[0]
    for tool in ("download", "sources", "cite"):
        button = page.locator(f"#jd-{chart} button[data-tool={tool}]")
        if button.get_attribute("aria-expanded") != "true":
            button.click()
        inside = page.locator(f"#jd-{chart}-{tool} a[href], #jd-{chart}-{tool} button").first
        (inside if inside.count() else button).focus()
        page.keyboard.press("Escape")
        assert button.get_attribute("aria-expanded") == "false", f"{chart}: Escape left {tool} open"
        assert page.locator(f"#jd-{chart}-{tool}").is_hidden()
        assert focus_name(page) == tool, f"{chart}: the focus went to {focus_name(page)}, not the {tool} button"
    page.locator(f"#jd-{chart} button[data-tool=enlarge]").click()
    page.locator(f"#jd-{chart} button[data-tool=cite]").click()
    page.keyboard.press("Escape")
    assert "jd-enlarged" in (page.locator(f"#jd-{chart}").get_attribute("class") or ""), "one Escape closed both"
    page.keyboard.press("Escape")
    assert "jd-enlarged" not in (page.locator(f"#jd-{chart}").get_attribute("class") or "")
    assert page.errors == [], page.errors


@pytest.mark.site
@pytest.mark.browser
def test_each_way_to_the_table_and_the_csv_is_offered_once(tools):
    """The source line's "Data table" and "CSV" links and the table's own summary repeated the toolbar's
    Download and a second "Data table" (issue 26): with the toolbar built, one way to each, in the
    toolbar; the table's button opens and closes it (Escape too), and the caption follows the toolbar."""
    page = tools
    for chart in page.charts:
        c = page.locator(f"#jd-{chart}")
        shown = c.evaluate(
            "el => Array.from(el.querySelectorAll('a.jd-chart-data-link, a.jd-chart-csv, details.jd-chart-data > summary'))"
            ".filter(e => e.getClientRects().length > 0).map(e => e.className || e.tagName)"
        )
        assert shown == [], f"{chart}: {shown} shown beside the toolbar"
        if not c.locator("details.jd-chart-data").count():
            continue
        button = c.locator("button[data-tool=table]")
        if button.get_attribute("aria-expanded") == "true":
            button.click()
        button.click()
        assert button.get_attribute("aria-expanded") == "true" and c.locator("details.jd-chart-data").evaluate(
            "d => d.open"
        )
        c.locator("details.jd-chart-data .jd-table-wrap").first.focus()
        page.keyboard.press("Escape")
        assert button.get_attribute("aria-expanded") == "false" and focus_name(page) == "table"
    assert page.errors == [], page.errors


DRAWN_NUMBERS = r"""
el => {
  const out = [], every = [];
  const num = v => typeof v === 'number' && isFinite(v);
  el._fullData.forEach(t => {
    if (t.visible !== true || t.type === 'table') return;
    const skip = t.hoverinfo === 'skip' || t.hoverinfo === 'none';
    let all = [];
    if (t.type === 'heatmap') all = [].concat(...Array.from(t.z || [], r => Array.from(r)));
    else if (t.type === 'treemap') all = Array.from(t.values || []);
    else all = Array.from(t.x || []).concat(Array.from(t.y || []));
    all = all.filter(num);
    if (!skip) out.push(...all);
    // the numbers each bar, heatmap cell and box stands for: every one must be in the CSV
    if (!skip && t.type === 'bar' && t.base === undefined) every.push(...Array.from(t.orientation === 'h' ? t.x : t.y).filter(num));
    if (!skip && (t.type === 'heatmap' || t.type === 'treemap')) every.push(...all);
    if (!skip && t.type === 'scatter' && t.mode.includes('text')) out.push(...Array.from(t.text || []).map(Number).filter(num));
  });
  return {drawn: out, every: every};
}
"""


@pytest.mark.site
@pytest.mark.browser
def test_the_csv_link_resolves_and_holds_the_drawn_numbers(tools):
    page = tools
    for chart in page.charts:
        href = page.locator(f"#jd-{chart} a.jd-chart-csv").get_attribute("href")
        url = page.evaluate(f"new URL({json.dumps(href)}, location.href).href")
        response = page.request.get(url)
        assert response.ok, f"{chart}: {url} answers {response.status}"
        rows = read_csv(response.body())
        numbers = page.locator(f"#chart-{chart}").evaluate(DRAWN_NUMBERS)
        plotted = [float(r["plotted"]) for r in rows if re.fullmatch(r"-?[\d.]+", r["plotted"])]
        for value in plotted if not page.locator(f"#jd-{chart} select.jd-menu-select").count() else []:
            assert any(_close(value, d) for d in numbers["drawn"]), f"{chart}: CSV number {value} is not drawn"
        for value in numbers["every"]:
            assert any(_close(value, p) for p in plotted), f"{chart}: the drawn {value} is not in the CSV"


def is_png(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.site
@pytest.mark.browser
def test_png_and_svg_downloads_are_valid_pictures_with_the_title(tools, tmp_path):
    page = tools
    open_panels(page)
    for chart in page.charts:
        c = page.locator(f"#jd-{chart}")
        c.scroll_into_view_if_needed()
        title = c.locator(".jd-chart-title").inner_text().strip()
        for fmt in ("png", "svg"):
            with page.expect_download(timeout=30_000) as download:
                c.locator(f"#jd-{chart}-download button[data-format={fmt}]").click()
            d = download.value
            suffix = "-zh" if lang_of(page.path) == "zh" else ""  # each edition's pictures, saved side by side
            assert d.suggested_filename == f"{chart}{suffix}.{fmt}"
            path = tmp_path / d.suggested_filename
            d.save_as(path)
            data = path.read_bytes()
            if fmt == "png":
                width, height = is_png(data)
                assert width >= 600 and height >= 400, (chart, width, height)
            else:
                root = ET.fromstring(data)
                assert root.tag.endswith("svg"), f"{chart}: not an SVG"
                words = " ".join(t.strip() for t in root.itertext())
                # the title's start, across the lines the picture wraps it in (Chinese has no spaces)
                assert re.sub(r"\s+", "", title)[:10] in re.sub(r"\s+", "", words), f"{chart}: the SVG lacks its title"
                assert "CC BY 4.0" in words, f"{chart}: the SVG lacks its licence"
    assert page.errors == [], page.errors


@pytest.mark.site
@pytest.mark.browser
def test_the_sources_panel_quotes_the_dataset(tools):
    page = tools
    open_panels(page)
    lang = lang_of(page.path)
    label = "label_zh" if lang == "zh" else "label_en"
    local_publisher = "publisher_zh" if lang == "zh" else "publisher"
    sources = dataset("sources")
    for chart in page.charts:
        panel = page.locator(f"#jd-{chart}-sources")
        panel.wait_for(state="visible")
        page.wait_for_selector(f"#jd-{chart}-sources[data-jd-loaded='1']", timeout=10_000)
        items = panel.locator("li.jd-figure-item").evaluate_all(
            "els => els.map(e => ({id: e.dataset.id, label: e.querySelector('.jd-figure-label').textContent,"
            " quote: e.querySelector('q').textContent, table: e.querySelector('a.jd-id').getAttribute('href')}))"
        )
        for item in items:
            table = "priorities" if item["table"].endswith("#priorities") else "indicators"
            r = dataset(table)[item["id"]]
            assert item["quote"] == r["quote"], f"{chart}: {item['id']}'s quote is not {table}.csv's"
            assert item["label"] == r[label], f"{chart}: {item['id']}'s label"
            assert item["table"].split("#")[0].endswith("chapters/10-data-and-methods.html")
        # every figure the chart plots as itself (its CSV's indicator_id) is listed
        rows = read_csv((SITE / page.path).parent.joinpath(csv_href(page.path, chart)).resolve().read_bytes())
        want = {r["indicator_id"] for r in rows if r["indicator_id"]}
        assert want <= {i["id"] for i in items}, f"{chart}: figures missing from its Sources panel"
        shown = panel.locator(".jd-source-box").evaluate_all(
            "els => els.map(e => ({id: e.dataset.source, text: e.querySelector('.jd-source').textContent,"
            " url: (e.querySelector('a.jd-source-url') || {}).href || ''}))"
        )
        assert shown, f"{chart}: no source listed"
        for s in shown:
            r = sources[s["id"]]
            assert r["title_zh" if lang == "zh" else "title_en"] in s["text"] and r[local_publisher] in s["text"]
            assert s["url"] == (r["url"] or ""), f"{chart}: {s['id']}'s URL"


@pytest.mark.site
@pytest.mark.browser
def test_the_copy_buttons_put_the_citation_and_the_permalink_on_the_clipboard(tools):
    page = tools
    open_panels(page)
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    book = page.evaluate("JSON.parse(document.getElementById('jd-tools').textContent).book")
    assert book == (config["title"] if lang_of(page.path) == "en" else build.ZH_TITLE)
    here = paths.site_url().rstrip("/") + "/" + page.path  # the published address, not the one serving the test
    for chart in page.charts:
        c = page.locator(f"#jd-{chart}")
        citation = c.locator(".jd-citation").inner_text().strip()
        number = page.locator(f"#fig-{chart} .caption-number").inner_text().strip()
        title = c.locator(".jd-chart-title").inner_text().strip()
        link = f"{here}#fig-{chart}"
        for part in (book, number, title, link, "CC BY 4.0", config["copyright"]):
            assert str(part) in citation, f"{chart}: the citation lacks {part!r}: {citation}"
        for button, want in ((0, citation), (1, link)):
            c.locator(f"#jd-{chart}-cite button.jd-action").nth(button).click()
            page.wait_for_function(f"document.querySelector('#jd-{chart}-cite .jd-status').textContent !== ''")
            assert page.evaluate("navigator.clipboard.readText()") == want
        assert c.locator("a.jd-permalink").get_attribute("href") == f"#fig-{chart}"
    assert page.errors == [], page.errors


@pytest.mark.site
@pytest.mark.browser
def test_axe_finds_nothing_serious_with_every_panel_open(tools):
    require(AXE.exists(), f"axe-core not installed at {AXE.relative_to(ROOT)}: run `make system-deps` (npm ci)")
    page = tools
    open_panels(page)
    for chart in page.charts:  # every panel open
        for tool in ("download", "sources", "cite"):
            assert page.locator(f"#jd-{chart}-{tool}").is_visible()
    page.add_script_tag(path=str(AXE))
    run = """async (sel) => (await axe.run(sel ? document.querySelector(sel) : document, {resultTypes: ["violations"]}))
        .violations.filter(v => ["serious", "critical"].includes(v.impact))
        .map(v => v.impact + " " + v.id + ": " + v.nodes.map(n => n.target.join(" ")).join(", "))"""
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    found = page.evaluate(run, None)
    assert found == [], "\n".join(found)
    # the full-screen view, and a native menu while it has the focus
    chart = page.charts[-1]
    page.locator(f"#jd-{chart} button[data-tool=enlarge]").click()
    select = page.locator(f"#jd-{chart} select.jd-menu-select")
    if select.count():
        select.focus()
    found = page.evaluate(run, f"#jd-{chart}")
    page.keyboard.press("Escape")
    assert found == [], "\n".join(found)


@pytest.mark.site
@pytest.mark.browser
@pytest.mark.parametrize("path", ["chapters/02-2022-in-numbers.html"])  # test_reader.py's phone page
def test_the_full_screen_view_fits_a_phone(loaded, path):
    page = loaded.get(path, width=375, height=800)
    chart = charts_of(path)[0]
    page.locator(f"#jd-{chart} button[data-tool=enlarge]").click()
    box = page.locator(f"#jd-{chart}").bounding_box()
    assert box["x"] == 0 and box["width"] == 375
    page.wait_for_function(  # Plotly redraws at the new width (the plot takes the phone's whole width)
        f"document.querySelector('#chart-{chart} .main-svg').getBoundingClientRect().width >= 355", timeout=5_000
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.keyboard.press("Escape")
    assert "jd-enlarged" not in (page.locator(f"#jd-{chart}").get_attribute("class") or "")
    assert page.errors == [], page.errors


def test_the_toolbar_names_the_books_authors_as_the_book_does():
    from jindong.content.charts.toolbar import words

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    with language("en"):
        assert words()["authors"] == config["author"]


@pytest.mark.site
@pytest.mark.browser
@pytest.mark.parametrize("path", ["chapters/10-data-and-methods.html", "zh/chapters/10-data-and-methods.html"])
def test_a_picture_of_the_explorer_on_a_phone_shows_no_menu_and_its_whole_address(loaded, path, tmp_path):
    """A picture has no use for a menu (it showed a dead 「全部来源 ▼」): what the menu chose is its subtitle;
    and on a phone its credit line keeps the whole address (one long token, it was cut at the edge)."""
    page = loaded.get(path, width=375, height=800)
    page.wait_for_function(
        CHARTS_DRAWN + " && document.querySelector('#jd-ch10-explorer .jd-menu-select')", timeout=30_000
    )
    chart = page.locator("#jd-ch10-explorer")
    chosen = page.evaluate("document.querySelector('#jd-ch10-explorer .jd-menu-select').options[1].text")
    page.select_option("#jd-ch10-explorer .jd-menu-select", "1")
    page.wait_for_function(
        "document.querySelector('#chart-ch10-explorer').layout.updatemenus[0].active === 1", timeout=5_000
    )
    if chart.locator("#jd-ch10-explorer-download").is_hidden():
        chart.locator("button[data-tool=download]").click()
    with page.expect_download(timeout=30_000) as download:
        chart.locator("#jd-ch10-explorer-download button[data-format=svg]").click()
    svg = tmp_path / "explorer.svg"
    download.value.save_as(svg)
    data = svg.read_text(encoding="utf-8")
    assert "updatemenu" not in data, "the picture draws the menu"
    words = re.sub(r"\s+", "", "".join(ET.fromstring(data).itertext()))
    url = page.evaluate("jdChartTools.permalink(document.getElementById('jd-ch10-explorer'))")
    assert url in words, f"the picture lacks the whole address {url}"
    beyond = page.evaluate(  # drawn in the page: no line of text runs past the picture's right edge
        """svg => {
            const box = document.createElement("div");
            box.innerHTML = svg;
            document.body.appendChild(box);
            const right = box.querySelector("svg").getBoundingClientRect().right;
            const out = [...box.querySelectorAll("text")].filter(t => t.getBoundingClientRect().right > right + 1)
                .map(t => t.textContent);
            box.remove();
            return out;
        }""",
        data,
    )
    assert beyond == [], f"cut at the picture's edge: {beyond}"
    assert re.sub(r"\s+", "", chosen) in words, "the picture does not say what the menu chose"
    page.select_option("#jd-ch10-explorer .jd-menu-select", "0")  # as the other tests found it
    assert page.errors == [], page.errors
