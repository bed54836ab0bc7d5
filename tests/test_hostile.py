"""Hostile data: labels holding HTML and script reach the pages as text, never as markup.

A copy of data/ (in a tmp folder) gets `<img src=x onerror=alert(1)>`, `<script>alert(2)</script>` and
`<b>X&amp;Y</b>` (markup Plotly's labels read too) in fields validation allows — an indicator's labels (chapter 2's headline chart and key figures,
chapter 10's explorer), the 2023 GDP growth target (chapters 3 and 4, the home page), a 2022 area of
work (chapter 2's headings, chart and tables), a 2025 breakthrough (chapter 6's treemap and tables;
the home page's 2025 card), a glossary term (chapter 10) and a theme name (chart legends, the
explorer); the GDP label is also on the home page's 2022 card. The copy must still validate.

Proven in two halves, each where it is cheap:

- **Every chapter's outputs** — its charts, tables, Markdown and glued words, as its kernel shows them —
  hold the hostile text only escaped, and hold it: each notebook's cells run against the copy in one
  IPython shell (tests/run_cells.py; no kernels, no build).
- **The page around them reads escaped text as text**: a small book (support.small_book: the book's
  own home page, chapters 2, 6 and 10, the other chapters as stubs) is built against the copy in a tmp
  folder (JINDONG_BUILD_DIR; _build/ is never touched), English edition, and each of its pages opened in
  headless Chromium: the hostile text reaches it, no dialog opens, no element is created from the data,
  and the text reads verbatim in tables, headings, hovers, legends, the treemap, the explorer, the
  glossary, the home page's cards and the chart tools.

Needs Chromium: skipped without it, required with CI=true. Slow: a build of four pages (about 40 s).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from jindong.dataset import validate
from jindong.paths import ROOT
from jindong.publish.notebooks import chapters
from support import ScratchData, build, draw_all, pages, require_chromium, serve, small_book

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(2)</script>"
# Markup that Plotly's labels understand too (it shows <img> and <script> as they are): read as markup,
# it would show as a bold "X&Y".
BOLD = "<b>X&amp;Y</b>"
HOSTILE = {  # (table, row key) -> fields; label_zh keeps Chinese characters, only simplified ones
    ("indicators", "jd_gwr_2023-r001"): {
        "label_en": f"GDP {IMG} {SCRIPT} {BOLD}",
        "label_zh": f"地区生产总值{IMG}{SCRIPT}{BOLD}",
    },
    ("indicators", "jd_gwr_2023-t002"): {"label_en": f"GDP growth {IMG} {SCRIPT} {BOLD}"},
    ("priorities", "jd2022_review_areas-01"): {"label_en": f"Area one {IMG} {SCRIPT} {BOLD}"},
    ("priorities", "jd2025_breakthroughs-01"): {"label_en": f"Platforms {IMG} {SCRIPT} {BOLD}"},
    ("terms", "double_eight_strategy"): {
        "en": f"Double Eight {IMG} {BOLD}",
        "meaning": f"Meaning {SCRIPT} {IMG} {BOLD}",
    },
    ("themes", "economy"): {"label_en": f"Economy {IMG} {SCRIPT} {BOLD}"},
}
GDP_EN, GDP_ZH = HOSTILE[("indicators", "jd_gwr_2023-r001")].values()
AREA_EN = HOSTILE[("priorities", "jd2022_review_areas-01")]["label_en"]
PLATFORMS_EN = HOSTILE[("priorities", "jd2025_breakthroughs-01")]["label_en"]
TERM_EN, TERM_MEANING = HOSTILE[("terms", "double_eight_strategy")].values()
THEME_EN = HOSTILE[("themes", "economy")]["label_en"]
# The chapters built in full for the browser: each shows hostile labels somewhere the others do not.
BUILT = ["02-2022-in-numbers", "06-2025-three-breakthroughs", "10-data-and-methods"]
PAGES = ["intro", *BUILT]
NOTEBOOKS = ["intro.ipynb", *(str(p.relative_to(ROOT)) for p in chapters())]
# The hostile strings as they are written in the data, and BOLD as an output escapes it
RAW = (IMG, SCRIPT, BOLD)
BOLD_ESCAPED = "&lt;b&gt;X&amp;amp;Y&lt;/b&gt;"
EXPLORER_SOURCE = "Feb 2023 work report"  # the menu entry of jd_gwr_2023 (explorer.source_labels)


def flat(text: str) -> str:
    """Text without its whitespace: a label may be wrapped over lines (or cells) anywhere."""
    return re.sub(r"\s+", "", text)


def hostile_data(folder: Path) -> Path:
    data = ScratchData(folder)
    for (table, key), fields in HOSTILE.items():
        data.edit(table, key, **fields)
    return folder


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """The hostile copy of data/, checked valid (only its text is hostile)."""
    data = hostile_data(tmp_path_factory.mktemp("hostile") / "data")
    report = validate.run(data)
    assert report.ok, [str(p) for p in report.problems] + [str(u) for u in report.uncovered]
    return data


@pytest.fixture(scope="module")
def hostile_outputs(hostile) -> dict[str, list[dict]]:
    """Every English notebook's rich outputs, its cells run against the hostile data (run_cells.py). The
    Chinese twins call the same functions with the other words."""
    run = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "run_cells.py"), *NOTEBOOKS],
        cwd=ROOT,
        env={**os.environ, "JINDONG_DATA": str(hostile)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout)


@pytest.fixture(scope="module")
def hostile_site(hostile) -> Path:
    require_chromium()
    tmp = hostile.parent
    book = small_book(tmp / "book", BUILT, ("en",), real_home=True)
    run = build(book, tmp / "build", JINDONG_DATA=str(hostile), JINDONG_EDITIONS="en")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    site = tmp / "build" / "html"
    assert f"The book is at {site / 'index.html'}" in run.stdout
    return site


@pytest.fixture(scope="module")
def hostile_browser(chromium_browser, hostile_site):
    with serve(hostile_site) as base:
        yield chromium_browser, base


class Page:
    """One chapter in the browser, recording every dialog (an alert would be script from the data)."""

    def __init__(self, browser, chapter: str):
        b, base = browser
        self.page = b.new_page(viewport={"width": 1280, "height": 900})
        self.dialogs: list[str] = []
        self.page.on("dialog", self._dialog)
        path = "intro.html" if chapter == "intro" else f"chapters/{chapter}.html"
        response = self.page.goto(f"{base}/{path}", wait_until="networkidle")
        assert response is not None and response.ok, f"{path} is missing from the hostile build"
        draw_all(self.page)
        self.page.wait_for_function(
            "document.querySelectorAll('.jd-chart .js-plotly-plot .main-svg').length"
            " >= document.querySelectorAll('.jd-chart').length",
            timeout=20_000,
        )

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def assert_inert(self) -> None:
        """No dialog opened, no <img src=x> and no <script>alert…</script> element exists."""
        self.page.wait_for_timeout(300)  # a broken image's onerror fires asynchronously
        assert self.dialogs == [], f"script from the data ran: {self.dialogs}"
        imgs = self.page.evaluate(
            "[...document.querySelectorAll('img')].filter(i => i.getAttribute('src') === 'x').map(i => i.outerHTML)"
        )
        assert imgs == [], f"an <img> was created from the data: {imgs}"
        handlers = self.page.evaluate("[...document.querySelectorAll('[onerror]')].map(e => e.outerHTML)")
        assert handlers == [], f"an element with an onerror handler was created from the data: {handlers}"
        scripts = self.page.evaluate(
            r"[...document.scripts].filter(s => /^\s*alert\(\d\)\s*$/.test(s.textContent))"
            ".map(s => s.outerHTML)"
        )
        assert scripts == [], f"a <script> was created from the data: {scripts}"

    def shown_text(self) -> str:
        """Every word the page shows, its data tables opened: the text and the charts' SVG text (not the
        JSON the charts are drawn from, which holds the data as they are)."""
        self.page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        return "\n".join([self.page.inner_text("body"), *self.texts("svg text")])

    def texts(self, selector: str) -> list[str]:
        return self.page.eval_on_selector_all(selector, "els => els.map(e => e.innerText || e.textContent)")

    def table_with(self, header: str) -> str:
        tables = [
            t
            for t in self.page.eval_on_selector_all(
                ".jd-table", "els => els.map(e => [e.querySelector('thead').innerText, e.innerText])"
            )
            if header in t[0]
        ]
        assert tables, f"no table with a column {header!r}"
        return tables[0][1]

    def hover(self, locator) -> str:
        """Move the mouse onto a plotted point and return Plotly's hover label."""
        locator.scroll_into_view_if_needed()
        locator.hover(force=True)  # Plotly's drag layer lies over the points and takes the events
        self.page.wait_for_selector(".hoverlayer .hovertext", timeout=5_000)
        return " | ".join(self.texts(".hoverlayer .hovertext"))

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def chapter(hostile_browser):
    opened = []

    def open_(name: str) -> Page:
        opened.append(Page(hostile_browser, name))
        return opened[-1]

    yield open_
    for p in opened:
        p.close()


def test_fixture_really_is_hostile(tmp_path):
    """The fixture carries the markup (a test of the test: a fixture that lost it would pass the rest)."""
    data = hostile_data(tmp_path / "data")
    for (table, key), fields in HOSTILE.items():
        rows = pd.read_csv(data / f"{table}.csv", dtype=str, keep_default_na=False)
        row = rows[rows.iloc[:, 0] == key].iloc[0]
        assert {f: row[f] for f in fields} == fields
        assert any(IMG in v or SCRIPT in v for v in fields.values())


@pytest.mark.browser
@pytest.mark.slow
def test_the_hostile_build_has_every_page(hostile_site):
    missing = [str(p.relative_to(hostile_site)) for p in pages(hostile_site) if not p.exists()]
    assert not missing, f"pages missing from the hostile build: {missing}"


def strings(value) -> list[str]:
    """Every string in a chart's JSON (labels, hover templates, customdata, tick texts …)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


@pytest.mark.slow
@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_every_chapter_shows_hostile_data_only_escaped(hostile_outputs, notebook):
    """The home page and every chapter: in every output a page reads as markup (HTML, Markdown, a
    chart's JSON, which Plotly reads as markup too), the hostile labels are there, escaped, and never as
    written."""
    found, raw = False, []
    for output in hostile_outputs[notebook]:
        where = f"cell {output['cell']}, output {output['output']}"
        for mime, data in output["data"].items():
            texts = strings(data) if mime.endswith("json") else [data]
            found = found or any(BOLD_ESCAPED in t for t in texts)
            raw += [
                f"{where}, {mime}: …{t[max(0, t.find(r) - 40) : t.find(r) + 60]}…" for t in texts for r in RAW if r in t
            ]
    assert found, f"{notebook}: no hostile label reaches its outputs"
    assert raw == [], f"{notebook}: hostile markup as written in a page's markup:\n" + "\n".join(raw[:5])


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.browser
@pytest.mark.slow
def test_every_page_shows_hostile_data_as_text_and_runs_none_of_it(chapter, name):
    """The home page and the chapters built: the hostile labels reach the page (the fixture edits rows
    each page shows), read as text, and nothing of them became an element or ran."""
    page = chapter(name)
    shown = flat(page.shown_text())
    assert BOLD in shown, f"{name}: no hostile label reaches the page"
    assert "X&Y" not in shown, f"{name}: a label was read as markup (its {BOLD} shows as a bold X&Y)"
    assert "X&amp;amp;Y" not in shown, f"{name}: a label was escaped twice"
    assert shown.count("alert(2)") == shown.count(SCRIPT), f"{name}: a <script> tag from the data was read as markup"
    page.assert_inert()


def top_theme(data: Path) -> str:
    return pd.read_csv(data / "indicators.csv", dtype=str).theme.value_counts().index[0]


@pytest.mark.browser
@pytest.mark.slow
def test_chapter_2_shows_hostile_labels_as_text(chapter):
    page = chapter("02-2022-in-numbers")
    key = page.table_with("中文")
    assert GDP_EN in key and GDP_ZH in key, key[:400]
    headings = page.texts("h3")
    assert any(h.startswith(AREA_EN) for h in headings), headings
    gdp_bar = page.page.locator("#chart-ch2-headline-levels .bars .point path").first  # GDP is the first bar
    label = page.hover(gdp_bar)
    assert GDP_EN in label and GDP_ZH in label, label
    legends = page.texts("#chart-ch2-growth-rates .legendtext")
    assert THEME_EN in legends, legends
    ticks = " ".join(page.texts("#chart-ch2-figures-by-area .ytick text"))
    assert "onerror=alert(1)>" in ticks, ticks  # wrapped over lines, still text
    page.assert_inert()


@pytest.mark.browser
@pytest.mark.slow
def test_chapter_6_shows_hostile_labels_as_text(chapter):
    page = chapter("06-2025-three-breakthroughs")
    assert PLATFORMS_EN in page.table_with("Item")
    box = page.page.locator("#chart-ch6-plan-structure g.slice", has_text="Platforms").last
    assert "onerror=alert(1)>" in box.text_content()
    label = page.hover(box)
    assert PLATFORMS_EN in label, label
    page.assert_inert()


@pytest.mark.browser
@pytest.mark.slow
def test_front_page_cards_show_hostile_labels_as_text(chapter):
    """The home page (the book's root, built with the chapters) reads the same data: its cards show them as text."""
    page = chapter("intro")
    cards = page.texts("ul.jd-cards")[0]
    assert GDP_EN in cards and GDP_ZH in cards and PLATFORMS_EN in cards, cards[:400]
    page.assert_inert()


@pytest.mark.browser
@pytest.mark.slow
def test_chapter_10_glossary_and_explorer_show_hostile_text(chapter, hostile_site):
    page = chapter("10-data-and-methods")
    glossary = page.table_with("Meaning")
    assert TERM_EN in glossary and TERM_MEANING in glossary, glossary[:400]
    explorer = "#chart-ch10-explorer"
    if top_theme(hostile_site.parent.parent / "data") == "economy":  # the title names the theme with most figures
        title = page.texts("#jd-ch10-explorer .jd-chart-title")[0]
        assert THEME_EN.lower() in title, title
    assert THEME_EN in page.texts(f"{explorer} .annotation-text")
    page.assert_inert()
    # choose the 2023 work report in the explorer's menu: its table lists the hostile GDP label
    page.page.locator(f"{explorer} .updatemenu-header-group").scroll_into_view_if_needed()
    page.page.locator(f"{explorer} .updatemenu-header-group").click(force=True)
    page.page.locator(f"{explorer} .updatemenu-dropdown-button", has_text=EXPLORER_SOURCE).first.click(force=True)
    page.page.wait_for_function(
        f"[...document.querySelectorAll('{explorer} .table .cell-text')].some(e => e.textContent.startsWith('GDP'))",
        timeout=5_000,
    )
    cells = page.texts(f"{explorer} .table .cell-text")
    assert flat(GDP_EN) in map(flat, cells), cells[:10]
    page.assert_inert()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("name", ["02-2022-in-numbers", "06-2025-three-breakthroughs"])
def test_chart_tools_show_hostile_data_as_text(chapter, hostile_site, name):
    """Every chart's toolbar panels open (Sources lists the hostile labels, Cite the chart's title), its CSV
    holds the labels verbatim, and its picture is exported: nothing of the data becomes an element or runs."""
    page = chapter(name)
    charts = page.page.eval_on_selector_all(".jd-chart", "els => els.map(e => e.id.slice(3))")
    for chart in charts:
        for tool in ("download", "sources", "cite"):
            page.page.locator(f"#jd-{chart} button[data-tool={tool}]").click()
        page.page.wait_for_selector(f"#jd-{chart}-sources[data-jd-loaded='1']", timeout=10_000)
    listed = flat(" ".join(page.texts(".jd-panel-sources li.jd-figure-item .jd-figure-label")))
    hostile = GDP_EN if name.startswith("02") else PLATFORMS_EN
    assert flat(hostile) in listed, listed[:300]
    data = (hostile_site / "charts" / f"{charts[0]}.csv").read_text(encoding="utf-8-sig")
    assert hostile in data or name.startswith("06"), data[:300]
    with page.page.expect_download(timeout=30_000) as download:
        page.page.locator(f"#jd-{charts[0]}-download button[data-format=svg]").click()
    assert download.value.suggested_filename.endswith(".svg")
    page.assert_inert()
