"""The built site (make book → _build/html), checked as files and in a real browser.

Run by `make test` after `make book`. Without a built site or without Chromium the tests say so and
skip — except with CI=true, where both are required.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from jindong.publish.notebooks import chapters
from support import CAPTION_NUMBER, CHARTS_DRAWN, all_pages, figure_numbers, pages

pytestmark = pytest.mark.site


def test_every_chapter_was_built(site):
    missing = [str(p.relative_to(site)) for p in all_pages(site) if not p.exists()]
    assert not missing


def test_no_page_loads_anything_from_the_internet(site):
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        # (a page's canonical link names its published address: a browser fetches nothing from it)
        external = re.findall(
            r'<(?:script|link(?! rel="canonical")|img|iframe)[^>]+(?:src|href)="(https?://[^"]+)"', html
        )
        assert not external, f"{page.relative_to(site)} loads {external}"
        assert "require.js" not in html and "MathJax" not in html, page


def test_every_page_names_its_icon_and_the_entry_pages_forward_home(site):
    """A page without <link rel="icon"> lets Chromium ask the server for /favicon.ico, which the site
    lacks: a console error that came and went in CI on the bare redirect sphinx-external-toc writes as
    index.html. Every HTML page names the icon, which exists; each edition's index.html is a whole page
    (language, title, icon) that forwards to its home page and links to it."""
    for page in (p for p in site.rglob("*.html") if "_static" not in p.parts):  # not the theme's templates
        html = page.read_text(encoding="utf-8")
        icon = re.search(r'<link rel="icon" href="([^"]+)"', html)
        assert icon, f"{page.relative_to(site)} names no icon"
        assert (page.parent / icon.group(1)).is_file(), f"{page.relative_to(site)}: icon {icon.group(1)} missing"
    for edition, lang in (("", "en"), ("zh", "zh-CN")):
        html = (site / edition / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in html and re.search(r"<title>[^<]+</title>", html), html
        assert 'content="0; url=intro.html"' in html and '<a href="intro.html">' in html, html


def test_no_page_title_says_the_same_twice(site):
    """The home page's title was "Jindong District in numbers — Jindong District in numbers" (issue 26):
    a page's title, then the book's, each once (publish/templates/layout.html)."""
    for page in [*all_pages(site), site / "search.html", site / "zh" / "search.html"]:
        title = html.unescape(re.search(r"<title>([^<]*)</title>", page.read_text(encoding="utf-8")).group(1))
        parts = [p.strip() for p in re.split(r" — | - ", title)]
        assert len(parts) == len(set(parts)), f"{page.relative_to(site)}: {title!r}"
    for edition, book in (("", "Jindong District in numbers"), ("zh/", "数读金东区")):
        title = re.search(r"<title>([^<]*)</title>", (site / edition / "intro.html").read_text(encoding="utf-8"))
        assert html.unescape(title.group(1)) == book


def test_plotly_ships_once_and_pages_stay_light(site):
    assert (site / "_static" / "plotly.min.js").stat().st_size > 1_000_000
    for page in all_pages(site):
        html = page.read_text(encoding="utf-8")
        assert "plotly.js v" not in html, f"{page.name} inlines plotly.js"
        assert page.stat().st_size < 400_000, f"{page.name} is {page.stat().st_size} bytes"


def test_only_pages_with_a_chart_load_plotly_and_none_waits_for_it(site):
    """plotly.min.js costs a browser ≈0.8 s to parse: search and the index never load it, and a page with
    charts loads it once, deferred (jindong.js draws the charts when it has run, after the text)."""
    for page in [*all_pages(site), *(site / e / p for e in ("", "zh") for p in ("search.html", "genindex.html"))]:
        html = page.read_text(encoding="utf-8")
        tags = re.findall(r'<script[^>]*src="(?:\.\./)?_static/plotly\.min\.js[^"]*"[^>]*>', html)
        charts = html.count('class="jd-figure"')
        if charts:
            assert len(tags) == 1 and "defer" in tags[0], (page.name, tags)
            assert "Plotly.newPlot" not in html, f"{page.name} calls Plotly before it has loaded"
        else:
            assert tags == [], f"{page.name} has no chart but loads plotly.js"
    # The home page leads with one chart (issue 17): it is a chart page like a chapter, plotly.js deferred,
    # so its cards and text show before the chart is drawn; one chart, no more.
    assert (site / "intro.html").read_text(encoding="utf-8").count('class="jd-figure"') == 1


# ---------------------------------------------------------------- figure numbers


def chapter_number(page: Path) -> str | None:
    """The number the page's title shows ("4" for "4. Did 2023 deliver?"), None if unnumbered."""
    m = re.search(r'<h1><span class="section-number">(\d+)\.\s*</span>', page.read_text(encoding="utf-8"))
    return m.group(1) if m else None


def test_figures_are_numbered_per_chapter_as_in_the_pdf(site):
    """ "Figure 4.1", not "Figure 11": the chapters are numbered in the order of the table of contents
    (their titles, not their sections), and each chapter's figures count from 1 under its number, as
    LaTeX numbers them in the PDF edition (tests/test_pdf.py compares the two)."""
    assert chapter_number(site / "intro.html") is None, "the home page is not a chapter"
    # the home page is the PDF's unnumbered Introduction: its figures count 1, 2 … in both editions
    home = list(figure_numbers(site / "intro.html").values())
    assert home == [str(k) for k in range(1, len(home) + 1)], home
    for n, page in enumerate(pages(site)[1:], start=1):
        body = page.read_text(encoding="utf-8")
        assert chapter_number(page) == str(n), f"{page.name} is not titled as chapter {n}"
        numbers = list(figure_numbers(page).values())
        assert numbers == [f"{n}.{k}" for k in range(1, len(numbers) + 1)], (page.name, numbers)
        # every numbered caption is a chart's, and no section below the title has a number
        assert len(CAPTION_NUMBER.findall(body)) == len(numbers), page.name
        assert not re.search(r'<h[2-6]><span class="section-number">', body), f"{page.name} numbers its sections"
        # every figure number on the page (captions, {numref} references) is "Figure <chapter>.<k>"
        article = body[body.find("<article") : body.find("</article>")]
        for shown in re.findall(r"Figure\s+(\d+(?:\.\d+)?)(?!\.?\d)", re.sub(r"<[^>]+>", "", article)):
            assert re.fullmatch(r"\d+\.\d+", shown), f"{page.name}: 'Figure {shown}' is not numbered per chapter"
            assert shown.split(".")[0] == str(n) or shown in {
                v for p in pages(site)[1:] for v in figure_numbers(p).values()
            }, f"{page.name}: 'Figure {shown}' is no figure of the book"
    assert sum(len(figure_numbers(p)) for p in pages(site)) >= 30


CHART_PAGES = ["intro.html", *(f"chapters/{p.stem}.html" for p in chapters())]
CHART_PAGES += [f"zh/{p}" for p in CHART_PAGES]  # the Chinese edition, page for page


@pytest.mark.browser
@pytest.mark.parametrize("path", CHART_PAGES)
def test_chapter_draws_every_chart_cleanly_and_offline(loaded, path):
    """Every chart drawn, no console error, nothing fetched from beyond the site, on the home page and
    every chapter of both editions: on the page's one load (conftest's `loaded`), which
    test_reader.py and test_chart_tools.py check too, so checking both editions costs no load."""
    page = loaded.get(path)
    try:  # a busy machine may need a moment to draw every chart
        page.wait_for_function(CHARTS_DRAWN, timeout=15_000)
    except Exception:
        pass  # the assertion below reports how many were drawn
    charts = page.eval_on_selector_all(".jd-chart", "els => els.length")
    drawn = page.eval_on_selector_all(".jd-chart .js-plotly-plot .main-svg", "els => els.length")
    assert page.errors == [], page.errors
    assert page.outside == [], page.outside
    assert charts >= 1, f"{path} has no chart"
    assert drawn >= charts, f"{path}: {drawn} of {charts} charts drawn"


# Each chart beside its desktop picture in the light scheme (the page's load: 1280 px, light), compared by
# their words: the picture's SVG file, fetched as the page would, against the SVG Plotly drew.
PICTURE_AND_CHART = """async () => {
  const words = root => [...root.querySelectorAll('text')].map(t => t.textContent.trim()).filter(Boolean).sort();
  const out = [];
  for (const chart of document.querySelectorAll('.jd-chart')) {
    const plot = chart.querySelector('.jd-plot'), csv = chart.querySelector('a.jd-chart-csv');
    const url = new URL(csv.getAttribute('href').replace(/\\.csv$/, '.svg'), location.href);
    const svg = new DOMParser().parseFromString(await (await fetch(url)).text(), 'image/svg+xml');
    const live = document.createElement('div');
    plot.querySelectorAll('.main-svg').forEach(s => live.appendChild(s.cloneNode(true)));
    out.push({name: plot.id, picture: words(svg), chart: words(live),
              size: [svg.documentElement.getAttribute('width'), Math.round(plot.getBoundingClientRect().width)]});
  }
  return out;
}"""
# What a reader's browser runs on a page: plotly.js (1.3 MB), the theme's and the book's scripts.
MAX_JS_BYTES = 1_500_000


@pytest.mark.browser
@pytest.mark.parametrize("path", CHART_PAGES)
def test_each_picture_says_what_its_chart_says_and_the_page_is_light(loaded, path):
    """Issue 27: a chart's static picture (the first paint) has the words of the chart drawn in its place,
    at the width drawn; and no page loads more than 1.5 MB of JavaScript (it was 3.1 MB with Font Awesome's)."""
    page = loaded.get(path)
    page.wait_for_function(CHARTS_DRAWN, timeout=15_000)
    for c in page.evaluate(PICTURE_AND_CHART):
        assert c["picture"] == c["chart"], (c["name"], set(c["picture"]) ^ set(c["chart"]))
        assert c["size"] == [str(c["size"][1]), c["size"][1]], (c["name"], c["size"])
    scripts = page.evaluate(
        "performance.getEntriesByType('resource').filter(e => /\\.js(\\?|$)/.test(e.name))"
        ".map(e => [e.name.split('/').pop(), e.decodedBodySize])"
    )
    assert sum(size for _, size in scripts) <= MAX_JS_BYTES, sorted(scripts, key=lambda s: -s[1])


def _text(page: Path) -> str:
    """A page's words, without tags and with whitespace collapsed (for claims stated in prose)."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def test_every_chapter_counts_the_2023_targets_the_same_way(site):
    """One count and one wording of "the 2023 targets" everywhere (chapters 3 and 4 once said 74 and 73)."""
    from jindong.content.chapters.targets import targets_2023

    said = {
        page.name: re.findall(r"(\d+) (?:quantified|numeric|numerical) targets", _text(page)) for page in pages(site)
    }
    counts = {int(n) for found in said.values() for n in found}
    assert counts == {len(targets_2023())}, said
    assert len([p for p, found in said.items() if found]) >= 2, said  # stated in chapters 3 and 4 at least
    assert not any(re.search(r"\d+ (?:numeric|numerical) targets", _text(p)) for p in pages(site)), (
        "one word: quantified"
    )
