"""Charts on screen at once (issue 27): each chart's static pictures, and charts drawn as they are seen.

- Every chart of both editions has its pictures in its div (publish/pictures.py): light and dark, a
  desktop's and a phone's, files of the site at the plot's size, carrying the chart's text alternative.
- With plotly.js not yet there (here: never), the first screen shows the pictures, in the page's
  scheme and at the phone's width on a phone; nothing moves when the charts replace them (CLS).
- The charts are drawn as they come near the screen: a chart far down is still its picture until the
  reader scrolls to it; a chart named by the address (#fig-…) is drawn first, and so is one the reader
  points at before plotly.js has arrived.
- No page loads Font Awesome's JavaScript; its icons still show (the theme's webfont).
test_site.py checks, on each page's one load, that every picture says what its chart says and that no
page loads more than 1.5 MB of JavaScript.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from jindong.publish import pictures
from support import SITE, all_pages, open_page

pytestmark = pytest.mark.site

_DIV = re.compile(
    r'<div class="jd-chart-plot" role="figure" aria-label="([^"]*)"><div id="chart-([\w-]+)" '
    r'class="plotly-graph-div jd-plot"[^>]*style="height:(\d+)px;[^>]*>(.*?)</div><script'
)
_SVG_SIZE = re.compile(r'<svg[^>]* width="(\d+)" height="(\d+)"')
LONG = "chapters/09-strategy-evolution.html"  # five charts, most of them far below the first screen


def _charts(page: Path) -> list[tuple[str, str, int, str]]:
    return [(m.group(2), m.group(1), int(m.group(3)), m.group(4)) for m in _DIV.finditer(page.read_text("utf-8"))]


@pytest.mark.parametrize("page", all_pages(SITE), ids=lambda p: str(p.relative_to(SITE)))
def test_every_chart_has_its_pictures_at_its_size(site, page):
    """Two <picture>s (light, dark) in each chart's div, each a desktop and a phone SVG that exist, as
    tall as the plot and as wide as pictures.py says, with the chart's text alternative."""
    text = page.read_text("utf-8")
    charts = _charts(page)
    assert len(charts) == text.count('class="jd-chart"'), page
    for name, alt, height, inner in charts:
        assert inner.count("<picture") == 2, name
        # the page's first chart is in its first paint (fetched as the page is read), the rest when near
        assert inner.count('loading="eager"' if name == charts[0][0] else 'loading="lazy"') == 2, name
        for scheme in pictures.SCHEMES:
            pic = re.search(rf'<picture class="jd-static jd-static-{scheme}">(.*?)</picture>', inner)
            assert pic, (name, scheme)
            img = re.search(
                r'<img class="dark-light" src="([^"]+)" width="(\d+)" height="(\d+)" alt="([^"]*)"', pic.group(1)
            )
            source = re.search(r'<source media="([^"]+)" srcset="([^"]+)" width="(\d+)" height="(\d+)"', pic.group(1))
            assert img and source, (name, scheme)
            assert img.group(4) == alt and alt, name  # the text alternative, as the figure's label
            for src, width, h, phone in (
                (img.group(1), img.group(2), img.group(3), False),
                (source.group(2), source.group(3), source.group(4), True),
            ):
                assert src.endswith(pictures.file_name(name, scheme, phone)), src
                svg = (page.parent / src).resolve()
                assert svg.is_file(), f"{page.name}: {src} is missing"
                size = _SVG_SIZE.search(svg.read_text("utf-8")[:2000])
                expected = (pictures.PHONE if phone else pictures.DESKTOP, height)
                assert (int(width), int(h)) == expected, (name, src)
                assert size and (int(size.group(1)), int(size.group(2))) == expected, (svg, size and size.groups())


def test_a_dark_picture_is_drawn_in_the_dark_pages_colours(site):
    """The dark picture's text is the dark page's (jindong.js's colours, the build drew it with them),
    the light picture's the light page's; no random plotly id is left in them."""
    light = (site / "charts" / "ch4-target-vs-outcome.svg").read_text("utf-8")
    dark = (site / "charts" / "ch4-target-vs-outcome-dark.svg").read_text("utf-8")
    assert "fill: rgb(230, 230, 230)" in dark and "fill: rgb(230, 230, 230)" not in light
    assert "fill: rgb(51, 51, 51)" in light and "fill: rgb(51, 51, 51)" not in dark
    assert not re.search(r'id="[^"]*[0-9a-f]{6}', light + dark), "a random plotly id is left"


def test_pages_load_only_the_scripts_they_use(site):
    """No page loads Font Awesome's JavaScript; Sphinx's search index and tools only the search page; the
    copy button's scripts only a page with a code block (sphinxext._drop_unused_assets)."""
    for page in [*site.rglob("*.html")]:
        rel = page.relative_to(site).as_posix()
        if rel.split("/")[0] in ("charts", "_static", "_sources") or "/charts/" in rel:
            continue
        text = page.read_text("utf-8")
        scripts = re.findall(r'<script[^>]*src="([^"]+)"', text)
        names = {s.split("?")[0].rsplit("/", 1)[-1] for s in scripts}
        assert "fontawesome.js" not in names, rel
        assert ("searchindex.js" in names) == rel.endswith("search.html"), (rel, names)
        if "copybutton.js" in names:
            assert '<div class="highlight' in text, rel


def test_stable_ids_rename_plotlys_random_ids_and_their_references_only():
    svg = (
        '<svg><defs id="defs-ab12cd"><clipPath id="legendfc74e1"></clipPath><g id="legend"/></defs>'
        '<g clip-path="url(\'#legendfc74e1\')" style="fill: url(#defs-ab12cd)"><text>#legendfc74e1 ab12cd</text></g></svg>'
    )
    assert pictures.stable_ids(svg) == (
        '<svg><defs id="jd0"><clipPath id="jd1"></clipPath><g id="legend"/></defs>'
        '<g clip-path="url(\'#jd1\')" style="fill: url(#jd0)"><text>#legendfc74e1 ab12cd</text></g></svg>'
    )


def test_with_pictures_puts_them_in_the_plot_div_once():
    html = (
        '<div class="jd-chart-plot" role="figure" aria-label="GDP &amp; &quot;more&quot;">'
        '<div id="chart-x" class="plotly-graph-div jd-plot" data-jd-fit style="height:420px; width:100%;"></div>'
    )
    out = pictures.with_pictures(html)
    assert out.count("<picture") == 2 and out.endswith("</picture></div>")
    assert 'alt="GDP &amp; &quot;more&quot;"' in out and 'height="420"' in out
    assert "jd-site:charts/x-dark-phone.svg" in out


# ---------------------------------------------------------------- in the browser

VISIBLE_PICTURES = """() => [...document.querySelectorAll('.jd-static img')].filter(i => {
  const r = i.getBoundingClientRect();
  return i.checkVisibility() && r.bottom > 0 && r.top < innerHeight;
}).map(i => ({src: i.currentSrc.split('/').pop(), loaded: i.complete && i.naturalWidth > 0,
              w: Math.round(i.getBoundingClientRect().width), h: Math.round(i.getBoundingClientRect().height),
              plotH: Math.round(i.closest('.jd-plot').getBoundingClientRect().height)}))"""


@pytest.mark.browser
@pytest.mark.parametrize(
    "path, width, mode, suffix",
    [
        ("chapters/04-did-2023-deliver.html", 1280, "light", ".svg"),
        ("zh/chapters/04-did-2023-deliver.html", 1280, "dark", "-dark.svg"),
        ("intro.html", 375, "light", "-phone.svg"),
        ("zh/intro.html", 375, "dark", "-dark-phone.svg"),
        ("chapters/02-2022-in-numbers.html", 1280, "system-dark", "-dark.svg"),
    ],
)
def test_the_first_screen_shows_the_pictures_before_plotly(browser, path, width, mode, suffix):
    """plotly.min.js never arrives: the charts of the first screen are their pictures, loaded, of the
    page's scheme and width, filling the plot's place; only those are fetched (lazy pictures). "dark":
    a reader who chose it (the theme keeps mode and theme); "system-dark": a first visit, the system dark."""
    b, base = browser
    context = b.new_context(
        viewport={"width": width, "height": 900}, color_scheme="dark" if mode == "system-dark" else "light"
    )
    if mode in ("light", "dark"):
        context.add_init_script(
            f"try {{ localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}'); }} catch (e) {{}}"
        )
    mode = mode.removeprefix("system-")
    page = context.new_page()
    try:
        page.route("**/plotly.min.js*", lambda route: route.abort())
        fetched = []
        page.on(
            "request",
            lambda r: (
                fetched.append(r.url.rsplit("/", 1)[-1]) if r.url.endswith(".svg") and "/charts/" in r.url else None
            ),
        )
        page.goto(f"{base}/{path}", wait_until="load")
        page.evaluate("document.querySelector('.jd-chart').scrollIntoView({behavior: 'instant'})")
        page.wait_for_function(
            "[...document.querySelectorAll('.jd-static img')].some(i => i.checkVisibility() && i.complete && i.naturalWidth)",
            timeout=10_000,
        )
        shown = page.evaluate(VISIBLE_PICTURES)
        assert shown, f"{path}: no picture on the first screen"
        for p in shown:
            assert p["src"].endswith(suffix) and (mode == "dark") == ("-dark" in p["src"]), p
            assert p["loaded"], p
            assert p["h"] == p["plotH"], p  # the picture fills the plot's place: nothing moves when it goes
        assert page.evaluate("document.querySelectorAll('.js-plotly-plot').length") == 0
        # the page's first chart is fetched as the page is read, in both schemes (in the first paint); the
        # others only in the page's scheme, as they come near the screen
        first = page.eval_on_selector(".jd-chart .jd-plot", "el => el.id.slice(6)")
        others = [f for f in fetched if not f.startswith(first + "-") and f != first + ".svg"]
        assert all(f.endswith(suffix) and (mode == "dark") == ("-dark" in f) for f in others), fetched
        assert len(fetched) < page.evaluate("document.querySelectorAll('.jd-chart').length") * 4
    finally:
        context.close()


DRAWN_ORDER = "window.jdOrder = []; document.addEventListener('jd-drawn', e => window.jdOrder.push(e.target.id));"


@pytest.mark.browser
def test_charts_are_drawn_as_they_come_near_the_screen(browser):
    """At the top of a long chapter, its last chart is still its picture; scrolled to, it is drawn and
    its picture gone. No layout shift on the way (CLS ≤ 0.02)."""
    context, page = open_page(browser, LONG, draw=False)
    try:
        page.evaluate(
            "window.jdShift = 0; new PerformanceObserver(l => l.getEntries().forEach(e => {"
            " if (!e.hadRecentInput) window.jdShift += e.value; })).observe({type: 'layout-shift', buffered: true})"
        )
        page.wait_for_function("!!window.Plotly", timeout=15_000)
        page.wait_for_timeout(1000)
        last = page.eval_on_selector_all(".jd-chart .jd-plot", "els => els[els.length - 1].id")
        state = f"(() => {{ const el = document.getElementById('{last}'); return [!!el.dataset.jdDrawn, el.querySelectorAll('.jd-static').length]; }})()"
        assert page.evaluate(state) == [False, 2], "a chart far below the first screen was drawn at once"
        page.evaluate(f"document.getElementById('{last}').scrollIntoView({{behavior: 'instant'}})")
        page.wait_for_function(f"document.querySelector('#{last} .main-svg')", timeout=15_000)
        page.wait_for_timeout(300)
        assert page.evaluate(state) == [True, 0]
        assert page.evaluate("window.jdShift") <= 0.02
        assert page.errors == [], page.errors
    finally:
        context.close()


@pytest.mark.browser
def test_a_permalinked_chart_is_drawn_first(browser):
    b, base = browser
    context = b.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.add_init_script(DRAWN_ORDER)
        figures = re.findall(r'<figure[^>]* id="(fig-[\w-]+)"', (SITE / LONG).read_text("utf-8"))
        target = figures[-1]
        page.goto(f"{base}/{LONG}#{target}", wait_until="load")
        page.wait_for_function("window.jdOrder.length >= 1", timeout=15_000)
        assert page.evaluate("window.jdOrder[0]") == "chart-" + target.removeprefix("fig-")
    finally:
        context.close()


@pytest.mark.browser
def test_a_chart_pointed_at_before_plotly_arrives_is_drawn_first(browser):
    """Two charts on a tall first screen (chapter 4's first two, about 1,950 and 3,530 px down);
    plotly.min.js held back while the reader points at the second: once it arrives, the second is
    drawn first, then the first."""
    b, base = browser
    context = b.new_context(viewport={"width": 1280, "height": 4400})
    page = context.new_page()
    held = []
    try:
        page.add_init_script(DRAWN_ORDER)
        page.route("**/plotly.min.js*", lambda route: held.append(route))
        page.goto(f"{base}/chapters/04-did-2023-deliver.html", wait_until="commit")
        page.wait_for_selector("#jd-ch4-target-coverage .jd-static img", state="visible", timeout=15_000)
        deadline = time.monotonic() + 10
        while not held and time.monotonic() < deadline:
            page.wait_for_timeout(50)
        assert held, "plotly.min.js was not requested"
        page.hover("#jd-ch4-target-coverage .jd-chart-plot")
        assert page.evaluate("scrollY") == 0, "both charts are on the first screen"
        held[0].continue_()
        page.wait_for_function("window.jdOrder.length >= 2", timeout=15_000)
        assert page.evaluate("window.jdOrder.slice(0, 2)") == [
            "chart-ch4-target-coverage",
            "chart-ch4-target-vs-outcome",
        ]
    finally:
        context.close()


@pytest.mark.browser
def test_no_font_awesome_javascript_and_the_icons_still_show(browser):
    context, page = open_page(browser, "zh/chapters/04-did-2023-deliver.html", draw=False)
    try:
        scripts = page.evaluate(
            "performance.getEntriesByType('resource').map(e => e.name).filter(n => /\\.js(\\?|$)/.test(n))"
        )
        assert not [s for s in scripts if "fontawesome" in s], scripts
        icons = page.evaluate(
            """() => [...document.querySelectorAll('.bd-header i.fa-solid, .bd-header i.fas')].filter(i => i.checkVisibility())
              .map(i => ({cls: i.className, w: i.getBoundingClientRect().width,
                          font: getComputedStyle(i, '::before').fontFamily, glyph: getComputedStyle(i, '::before').content}))"""
        )
        assert icons, "no icon in the header"
        for icon in icons:
            assert "Font Awesome" in icon["font"] and icon["glyph"] not in ("none", "normal", '""') and icon["w"] > 8, (
                icon
            )
        page.wait_for_function("document.fonts.check('900 16px \"Font Awesome 6 Free\"')", timeout=5_000)
    finally:
        context.close()


@pytest.mark.browser
def test_a_picture_downloaded_from_a_chart_not_yet_drawn_is_the_chart(browser):
    """The toolbar's Download works on a chart still far below (a script's click: no pointer, no focus to
    draw it first): the chart is drawn, then exported."""
    context, page = open_page(browser, LONG, draw=False)
    try:
        last = page.eval_on_selector_all(".jd-chart", "els => els[els.length - 1].id")
        assert not page.evaluate(f"document.querySelector('#{last} .jd-plot').dataset.jdDrawn")
        with page.expect_download(timeout=20_000) as download:
            page.evaluate(
                f"""() => {{ const c = document.getElementById('{last}');
                    c.querySelector('.jd-tool[data-tool=download]').click();
                    c.querySelector('.jd-action[data-format=png]').click(); }}"""
            )
        assert download.value.suggested_filename.endswith(".png")
        assert Path(download.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert page.evaluate(f"!!document.querySelector('#{last} .main-svg')")
        assert page.errors == [], page.errors
    finally:
        context.close()
