"""The built site as a reader uses it, in headless Chromium: pages, hover, the explorer's menu,
a phone's width, dark mode and search.

Run by `make test` after `make book`, against _build/html served from 127.0.0.1. Uses the `browser`
and `loaded` fixtures of conftest.py (skips without a site or Chromium, except with CI=true). A page is
loaded once per viewport and colour scheme and every check of it reads that one load: `chapter`
(desktop, light, then switched to dark by the dark-mode checks, which come last; the same load
test_chart_tools.py and test_site.py check) and `phone` (375 px); pytest runs a module-scoped
fixture's checks together, page by page.
"""

from __future__ import annotations

import contextlib
import html.parser
import re
import urllib.parse

import pytest

from jindong.paths import ROOT
from jindong.publish.notebooks import chapters
from support import CHARTS_DRAWN, SITE, View, open_page, set_mode

pytestmark = [pytest.mark.site, pytest.mark.browser]

CHAPTERS = [p.stem for p in chapters()]
ZH = "zh/"  # the Chinese edition: every page again under zh/ (a name "zh/04-…" is chapter 4 in Chinese)
# Every page with charts (the home page has one), by its path: the ids test_chart_tools.py and
# test_site.py give the same pages, so that PageScheduling runs all of a page's checks on one worker.
ALL_PAGES = [*("intro.html", *(f"chapters/{c}.html" for c in CHAPTERS))]
ALL_PAGES += [ZH + p for p in ALL_PAGES]
CHART_PAGES = ALL_PAGES


def page_name(path: str) -> str:
    """A page's name from its path: "zh/04-did-2023-deliver" for zh/chapters/04-did-2023-deliver.html."""
    if path.startswith(ZH):
        return ZH + page_name(path.removeprefix(ZH))
    return path.removeprefix("chapters/").removesuffix(".html")


def page_path(name: str) -> str:
    if name.startswith(ZH):
        return ZH + page_path(name.removeprefix(ZH))
    return "intro.html" if name == "intro" else f"chapters/{name}.html"


def edition(name: str) -> str:
    return "zh" if name.startswith(ZH) else "en"


def chart_prefix(name: str) -> str:
    """The id prefix of a page's charts: chart-front- on the home page, chart-ch4- in chapter 4."""
    name = name.removeprefix(ZH)
    return "chart-front-" if name == "intro" else f"chart-ch{int(name[:2])}-"


def in_edition(name: str, words: set[str]) -> set[str]:
    """NO_HOVER's trace names as the page's edition writes them (kinds such as 'labels' stay)."""
    from jindong.content.edition import language
    from jindong.content.i18n import _

    with language(edition(name)):
        return {w if w in ("labels", "lines") else _(w) for w in words}


PHONE = 375
# The light text colour jindong.js gives Plotly charts in dark mode (read from the script, not copied).
DARK_TEXT = re.search(r'dark \? "(#[0-9a-fA-F]{6})"', (ROOT / "_static" / "jindong.js").read_text()).group(1)

# Traces whose hover is switched off on purpose (hoverinfo "skip"), per chart: the kind of trace
# ("labels": a text-only trace writing values already in the hover of the marks it labels; "lines":
# connectors between two points that have their own hover; or the trace's name) and why.
NO_HOVER = {
    "chart-ch1-figures-by-source": {"labels": "totals written beside the stacked bars, which hover"},
    "chart-ch3-target-vs-2022": {"lines": "arrows from the 2022 result to the target; both ends hover"},
    "chart-ch3-targets-by-card": {"labels": "totals written beside the stacked bars, which hover"},
    "chart-ch4-target-vs-outcome": {
        "Target zone (≥ or > the target)": "a shaded band behind the target mark, which hovers"
    },
    "chart-ch4-target-coverage": {"labels": "totals written beside the stacked bars, which hover"},
    "chart-ch4-jinhua-share": {"labels": "shares written beside the bars, which hover"},
    "chart-ch9-theme-heatmap": {"labels": "the cell values written on the heatmap, whose cells hover"},
    "chart-ch9-theme-shift": {"lines": "connector between a theme's two dots; both dots hover"},
    "chart-ch9-term-timeline": {"lines": "a term's life line between its dots; every dot hovers"},
    "chart-front-gdp-growth": {"Target zone (≥ or > the target)": "a shaded band above the target bar, which hovers"},
}
# Plotly table traces (the explorer's table of figures) have no hover in plotly.js at all.
NO_HOVER_TYPES = {"table": "Plotly tables have no hover; their cells are the text"}


# ---------------------------------------------------------------- helpers


@contextlib.contextmanager
def reader(
    browser, path: str, *, width: int = 1280, height: int = 900, mode: str | None = None, wait_charts: bool = True
):
    """A fresh browser context on `path`, recording console errors and any request beyond the site
    (support.open_page), for a check that needs a load of its own (another mode at load, a search)."""
    context, page = open_page(browser, path, width=width, height=height, mode=mode)
    try:
        if wait_charts:
            drawn(page)
        yield page
    finally:
        context.close()


def drawn(page) -> int:
    """Wait until every chart on the page is drawn; return how many there are."""
    page.wait_for_function(CHARTS_DRAWN, timeout=20_000)
    return page.eval_on_selector_all(".jd-chart", "els => els.length")


def luminance(rgb: tuple[float, float, float]) -> float:
    def lin(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def parse_colour(css: str) -> tuple[tuple[float, float, float], float]:
    """'#e6e6e6', '#333', 'rgb(1, 2, 3)' or 'rgba(1, 2, 3, 0.5)' -> ((r, g, b), alpha)."""
    css = css.strip()
    if css.startswith("#"):
        h = css[1:]
        if len(h) == 3:
            h = "".join(c * 2 for c in h)
        return (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)), 1.0
    nums = [float(x) for x in re.findall(r"[\d.]+", css)]
    return tuple(nums[:3]), (nums[3] if len(nums) > 3 else 1.0)


@pytest.fixture(scope="module", params=CHART_PAGES)
def chapter(request, loaded):
    """One page with charts (the home page, each chapter), loaded once (light mode, desktop) for the hover,
    menu and colour tests, which pytest runs page by page; the last of them switches the page to dark
    mode with the theme's button."""
    page = loaded.get(request.param)
    drawn(page)
    charts = page.eval_on_selector_all(".jd-chart .js-plotly-plot", "els => els.map(e => e.id)")
    return View(page, chapter=page_name(request.param), charts=charts)


# ---------------------------------------------------------------- 1. every page loads cleanly

OTHER_PAGES = ["index.html", "search.html", "genindex.html", "search.html?q=Jindong"]
OTHER_PAGES += ["zh/index.html", "zh/search.html", "zh/genindex.html", "zh/search.html?q=金义新区"]


@pytest.mark.parametrize("path", OTHER_PAGES)
def test_other_pages_load_cleanly_and_offline(browser, path):
    """The pages with charts (home page and chapters) are test_site.py's; the entry page forwarding home,
    search (empty and with a query) and the index here."""
    with reader(browser, path, wait_charts=False) as page:
        if "?q=" in path:
            page.wait_for_selector("#search-results ul.search li", timeout=15_000)
        main = page.inner_text(".bd-content")
        errors, outside = page.errors, page.outside
    assert errors == [], errors
    assert outside == [], outside
    assert main.strip(), f"{path} shows no content"


# ---------------------------------------------------------------- 2. hover on every chart

# For each hoverable trace of a chart: up to five points to hover, in page pixels, read from the
# chart's own DOM (bars: the bar's centre; markers: the marker; treemap: a leaf slice) or from its
# axes (heatmap cells, text-only points). Traces with hover switched off are listed, not hovered.
TARGETS_JS = r"""
el => {
  const box = el.getBoundingClientRect();
  const L = el._fullLayout;
  const targets = [], off = [];
  const inside = (x, y) => x > box.left + 1 && x < box.right - 1 && y > box.top + 1 && y < box.bottom - 1;
  const group = (layer, i) => [...el.querySelectorAll(layer + ' .trace')].find(
    g => g.__data__ && g.__data__[0] && g.__data__[0].trace && g.__data__[0].trace.index === i);
  const centre = r => [r.left + r.width / 2, r.top + r.height / 2];
  el._fullData.forEach((t, i) => {
    if (t.visible !== true) return;
    const mode = t.mode || '';
    if (t.type === 'table' || t.hoverinfo === 'skip' || t.hoverinfo === 'none') {
      off.push({index: i, type: t.type, name: t.name,
                kind: t.type === 'scatter' && mode === 'text' ? 'labels' :
                      t.type === 'scatter' && mode === 'lines' ? 'lines' : t.name});
      return;
    }
    let points = [];
    if (t.type === 'bar') {
      const g = group('.barlayer', i);
      if (g) points = [...g.querySelectorAll('.point path')].map(p => p.getBoundingClientRect())
        .filter(r => r.width >= 2 && r.height >= 2)
        .sort((a, b) => b.width * b.height - a.width * a.height).map(centre);
    } else if (t.type === 'scatter' && mode.includes('markers')) {
      const g = group('.scatterlayer', i);
      if (g) points = [...g.querySelectorAll('.points .point')].map(p => centre(p.getBoundingClientRect()));
    } else if (t.type === 'scatter') {
      const g = group('.scatterlayer', i);
      const xa = L[t.xaxis.replace('x', 'xaxis')], ya = L[t.yaxis.replace('y', 'yaxis')];
      if (g) points = g.__data__.filter(d => d.x !== undefined && d.y !== undefined)
        .map(d => [box.left + xa._offset + xa.c2p(d.x), box.top + ya._offset + ya.c2p(d.y)]);
    } else if (t.type === 'heatmap') {
      const xa = L[t.xaxis.replace('x', 'xaxis')], ya = L[t.yaxis.replace('y', 'yaxis')];
      t.z.forEach((row, k) => row.forEach((z, j) => {
        if (z === null || z === undefined || Number.isNaN(z)) return;
        const x = t.x ? xa.d2c(t.x[j]) : j, y = t.y ? ya.d2c(t.y[k]) : k;
        points.push([box.left + xa._offset + xa.c2p(x), box.top + ya._offset + ya.c2p(y)]);
      }));
    } else if (t.type === 'treemap') {
      points = [...el.querySelectorAll('.treemaplayer .slice')]
        .filter(s => s.__data__ && !s.__data__.children && s.__data__.depth > 0)
        .map(s => s.querySelector('path').getBoundingClientRect())
        .filter(r => r.width >= 4 && r.height >= 4)
        .sort((a, b) => b.width * b.height - a.width * a.height).map(centre);
    }
    // as offsets in the chart: the page scrolls each point into view before the mouse goes there
    points = points.filter(([x, y]) => inside(x, y)).map(([x, y]) => [x - box.left, y - box.top]);
    targets.push({index: i, type: t.type, name: t.name, points: points.slice(0, 5)});
  });
  return {targets, off};
}
"""

# Listen for the chart's hover event, scroll the point to mid-screen and return where it is now.
TO_VIEW_JS = """(el, [dx, dy]) => { window.__jdHover = null;
  if (!el.__jdListening) { el.on('plotly_hover', d => { window.__jdHover = d.points.map(p => p.curveNumber); });
                           el.__jdListening = true; }
  window.scrollBy(0, el.getBoundingClientRect().top + dy - innerHeight / 2);
  const b = el.getBoundingClientRect(); return [b.left + dx, b.top + dy]; }"""
# The curves the hover event named and the hover label's text, once both are there.
HOVERED_JS = """id => window.__jdHover && document.querySelector('#' + id + ' .hoverlayer .hovertext') && {
  curves: window.__jdHover,
  text: [...document.querySelectorAll('#' + id + ' .hoverlayer .hovertext')].map(h => h.textContent.trim()).join(' | ')}"""


def hover_each_trace(page, chart_id: str) -> tuple[list[str], dict]:
    """Hover a point of every hoverable trace of a chart; return the problems and the traces not hovered."""
    el = page.locator(f"#{chart_id}")
    el.scroll_into_view_if_needed()
    page.mouse.move(1, 1)
    found = el.evaluate(TARGETS_JS)
    problems = []
    for target in found["targets"]:
        if not target["points"]:
            problems.append(f"trace {target['index']} ({target['name']}): no visible point to hover")
            continue
        seen = []
        for offset in target["points"]:
            x, y = el.evaluate(TO_VIEW_JS, offset)
            page.mouse.move(x, y)
            try:
                hovered = page.wait_for_function(HOVERED_JS, arg=chart_id, timeout=1_500).json_value()
            except Exception:
                seen.append("no hover label")
                continue
            curves, text = hovered["curves"], hovered["text"]
            if target["index"] in curves and text:
                break
            seen.append(f"hovered curves {curves} with text {text[:60]!r}")
        else:
            problems.append(f"trace {target['index']} ({target['type']} {target['name']!r}): {seen}")
        page.mouse.move(1, 1)
    return problems, found


def test_every_chart_shows_its_tooltip_on_hover(chapter):
    page = chapter
    problems, off = {}, {}
    hovered = 0
    for chart_id in page.charts:
        bad, found = hover_each_trace(page, chart_id)
        hovered += len(found["targets"])
        if bad:
            problems[chart_id] = bad
        if not found["targets"]:
            problems[chart_id] = ["no trace of this chart has a hover"]
        for t in found["off"]:
            if t["type"] not in NO_HOVER_TYPES:
                off.setdefault(chart_id, set()).add(t["kind"])
    assert page.charts, f"{page.chapter} has no chart"
    assert problems == {}, problems
    listed = {
        c: in_edition(page.chapter, set(kinds))
        for c, kinds in NO_HOVER.items()
        if c.startswith(chart_prefix(page.chapter))
    }
    assert off == listed, "traces without hover must be listed in NO_HOVER with the reason"
    assert hovered >= len(page.charts)
    assert page.errors == [], page.errors


# ---------------------------------------------------------------- 3. the explorer's controls

MENU_STATE_JS = r"""
el => ({
  visible: el._fullData.map(t => t.visible === true),
  bars: el._fullData.filter(t => t.visible === true && t.type === 'bar').map(t => [t.name, Array.from(t.x)]),
  cells: el._fullData.filter(t => t.visible === true && t.type === 'table').map(t => t.cells.values.map(c => c.length)),
  drawnBars: [...el.querySelectorAll('.barlayer .point path')].map(p => p.getAttribute('d')).join(' '),
  drawnCells: [...el.querySelectorAll('.table .cell-text')].slice(0, 12).map(t => t.textContent).join(' | '),
  header: [...el.querySelectorAll('.updatemenu-header .updatemenu-item-text')].map(t => t.textContent),
})
"""


def click_menu_option(page, chart_id: str, menu: int, option: int, kind: str) -> None:
    """Click an option of a Plotly updatemenu as a reader does: open the dropdown, click the item."""
    root = page.locator(f"#{chart_id} .updatemenu-container .updatemenu-header-group").nth(menu)
    if kind == "dropdown":
        root.locator(".updatemenu-header").click()
        items = page.locator(
            f"#{chart_id} .updatemenu-container .updatemenu-dropdown-button-group .updatemenu-dropdown-button"
        )
        items.nth(option).wait_for(timeout=3_000)
        items.nth(option).click()
    else:
        root.locator(".updatemenu-button").nth(option).click()
    page.wait_for_timeout(150)  # plotly redraws in the same task; leave a frame for the DOM


def controls(page) -> dict[str, dict]:
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.jd-chart .js-plotly-plot')]
        .filter(el => el.querySelector('.updatemenu-container g, .slider-container g'))
        .map(el => [el.id, {menus: (el.layout.updatemenus || []).map(m => ({type: m.type || 'dropdown',
                    labels: m.buttons.map(b => b.label), args: m.buttons.map(b => b.args)})),
                    sliders: (el.layout.sliders || []).length}]))""")


def explorer_counts(lang: str = "en") -> dict[str, int]:
    """What the explorer's bars must add up to for each option of its menu: that source's rows."""
    from jindong.content.chapters import explorer
    from jindong.content.edition import language
    from jindong.content.i18n import _
    from jindong.dataset.data import load

    ind = load().indicators
    with language(lang):
        expected = {_("All sources"): len(ind)}
        expected.update({label: int((ind.source_id == sid).sum()) for sid, label in explorer.source_labels().items()})
    return expected


def test_every_menu_option_changes_what_the_chart_shows(chapter):
    """Each option of every Plotly menu (the explorer's source menu in chapter 10) shows other data;
    the explorer's bars add up to the chosen source's rows in the data."""
    page = chapter
    found = controls(page)
    if page.chapter.removeprefix(ZH).startswith("10-"):
        assert "chart-ch10-explorer" in found, "the static explorer has no menu on the page"
    for chart_id, c in found.items():
        assert c["sliders"] == 0, f"{chart_id} has a slider: extend this test to drive it"
        el = page.locator(f"#{chart_id}")
        el.scroll_into_view_if_needed()
        for m, menu in enumerate(c["menus"]):
            assert len(menu["labels"]) >= 2, f"{chart_id} menu {m} offers no choice"
            states = []
            # every option, then back to the first: the chart must follow each click
            for option in list(range(1, len(menu["labels"]))) + [0]:
                click_menu_option(page, chart_id, m, option, menu["type"])
                state = el.evaluate(MENU_STATE_JS)
                want = menu["args"][option][0].get("visible")
                if want is not None:
                    assert state["visible"] == [bool(v) for v in want], (chart_id, menu["labels"][option])
                if menu["type"] == "dropdown":
                    assert state["header"][m] == menu["labels"][option], state["header"]
                assert state["drawnBars"] or state["drawnCells"], f"{menu['labels'][option]}: nothing drawn"
                states.append((menu["labels"][option], state))
            for (la, a), (lb, b) in zip(states, states[1:]):
                assert (a["bars"], a["cells"]) != (b["bars"], b["cells"]), f"{la!r} and {lb!r} plot the same data"
                assert (a["drawnBars"], a["drawnCells"]) != (b["drawnBars"], b["drawnCells"]), (
                    f"{la!r} and {lb!r} draw the same picture"
                )
            if chart_id == "chart-ch10-explorer":
                shown = {label: sum(sum(x) for _, x in state["bars"]) for label, state in states}
                assert shown == explorer_counts(edition(page.chapter))
    assert page.errors == [], page.errors


# ---------------------------------------------------------------- 4. a phone's width; dark mode

OVERFLOW_JS = r"""
width => {
  const out = [];
  const within = (r) => r.left >= -1 && r.right <= width + 1;
  document.querySelectorAll('.jd-chart').forEach(c => {
    const r = c.getBoundingClientRect();
    if (!within(r)) out.push(`chart ${c.id}: ${Math.round(r.left)}..${Math.round(r.right)}`);
    c.querySelectorAll('.main-svg').forEach(s => {
      const q = s.getBoundingClientRect();
      if (!within(q)) out.push(`plot of ${c.id}: ${Math.round(q.left)}..${Math.round(q.right)}`);
    });
  });
  // a table may be wider than the page only inside a wrapper of its own that scrolls it sideways
  const WRAPS = '.jd-table-wrap, .pst-scrollable-table-container, .table-wrapper';
  const scrolls = e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
  document.querySelectorAll('article table').forEach((t, n) => {
    const wrapper = t.parentElement.closest(WRAPS);
    const box = (wrapper && scrolls(wrapper) ? wrapper : t).getBoundingClientRect();
    if (!within(box)) out.push(`table ${n} (${t.className || 'no class'}) in ${wrapper ? wrapper.className : 'no table wrapper'}: `
                               + `${Math.round(box.left)}..${Math.round(box.right)}`);
  });
  // nothing else scrolls sideways (a notebook output, the article): only table wrappers and code
  document.querySelectorAll('article, article *').forEach(e => {
    if (scrolls(e) && e.scrollWidth > e.clientWidth + 1 && !e.matches(WRAPS + ', pre, .highlight'))
      out.push(`${e.tagName.toLowerCase()}.${[...e.classList].join('.')} scrolls sideways: ${e.scrollWidth} > ${e.clientWidth}`);
  });
  return {scroll: document.documentElement.scrollWidth, out};
}
"""


@pytest.fixture(scope="module", params=ALL_PAGES)
def phone(request, loaded):
    """One page on a phone (375 px, light), loaded once for every phone check of it."""
    page = loaded.get(request.param, width=PHONE, height=800)
    drawn(page)
    page.wait_for_timeout(300)  # responsive charts resize once after load
    return View(page, path=request.param)


def test_nothing_overflows_a_phone(phone):
    result = phone.evaluate(OVERFLOW_JS, PHONE)
    tables = phone.eval_on_selector_all("article table", "els => els.length")
    assert result["scroll"] <= PHONE + 1, f"the page is {result['scroll']} px wide: {result['out']}"
    assert result["out"] == [], result["out"]
    assert phone.errors == [], phone.errors
    if phone.path.startswith("chapters/10"):
        assert tables >= 1  # the data dictionary and glossary were checked


# Each chart's legend box and the boxes of its mode bar (Plotly's camera, zoom, pan …), when shown.
LEGEND_AND_MODE_BAR_JS = r"""
() => [...document.querySelectorAll('.jd-chart .js-plotly-plot')].map(el => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const shown = e => { const s = getComputedStyle(e); const r = e.getBoundingClientRect();
                       return s.display !== 'none' && s.visibility !== 'hidden' && r.width > 0 && r.height > 0; };
  return {id: el.id, legends: [...el.querySelectorAll('.legend')].filter(shown).map(box),
          bars: [...el.querySelectorAll('.modebar')].filter(shown).map(box)};
})
"""


def test_no_mode_bar_covers_a_legend_on_a_phone(phone):
    """On a phone Plotly's mode bar stayed on screen and covered the legend of most charts (issue 26):
    there is none at this width (jindong.js), and nothing lies over a legend."""
    overlap = lambda a, b: a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]  # noqa: E731
    charts = phone.evaluate(LEGEND_AND_MODE_BAR_JS)
    assert charts, f"{phone.path} has no chart"
    shown = [c["id"] for c in charts if c["bars"]]
    covered = [c["id"] for c in charts if any(overlap(m, g) for m in c["bars"] for g in c["legends"])]
    assert covered == [], f"a mode bar covers the legend of {covered}"
    assert shown == [], f"a mode bar on a phone: {shown}"


# Every table cell with Chinese text, its room and its text's width on one line (all data tables opened).
CHINESE_CELLS_JS = r"""
() => {
  document.querySelectorAll('article details').forEach(d => { d.open = true; });
  const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  return [...document.querySelectorAll('article table')].flatMap((t, n) =>
    [...t.querySelectorAll('td, th')].filter(c => HAN.test(c.textContent)).map(c => {
      const cs = getComputedStyle(c);
      const room = c.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
      const range = document.createRange();
      range.selectNodeContents(c);
      const line = [...range.getClientRects()].reduce((w, r) => w + r.width, 0);
      return {table: n, text: c.textContent.trim().slice(0, 30), lang: c.closest('[lang]').lang,
              room, line, em: parseFloat(cs.fontSize)};
    }));
}
"""
# A Chinese cell keeps room for this many characters a line (or its whole text, if shorter).
CHINESE_CHARS_A_LINE = 4


def squeezed_cells(page, path: str) -> list[str]:
    """Chinese may break after any character: a table short of room used to squeeze its 中文 column
    to one character a line. Every cell with Chinese text, in every table (key figures, data tables
    under the charts, glossary, data dictionary) has room for four characters a line (a table wider
    than the column scrolls in its own box, test_nothing_overflows_a_phone)."""
    cells = page.evaluate(CHINESE_CELLS_JS)
    if path.startswith("chapters/"):  # an English chapter (a Chinese page is lang=zh-CN throughout)
        assert cells, f"{path} has no table with Chinese text: the test is out of date"
        unmarked = [c["text"] for c in cells if c["lang"] != "zh" and not re.search(r"[A-Za-z]", c["text"])]
        assert unmarked == [], f"cells in Chinese without lang=zh (sphinxext.py marks them): {unmarked}"
    return [
        f"table {c['table']} {c['text']!r}: {c['room']:.0f}px for {c['line']:.0f}px of text "
        f"({c['room'] / c['em']:.1f} em)"
        for c in cells
        if c["room"] + 1 < min(CHINESE_CHARS_A_LINE * c["em"], c["line"])
    ]


def test_chinese_cells_are_not_squeezed_on_a_phone(phone):
    assert squeezed_cells(phone, phone.path) == []
    assert phone.errors == [], phone.errors


def test_chinese_cells_are_not_squeezed_on_a_desktop(chapter):
    assert squeezed_cells(chapter, page_path(chapter.chapter)) == []
    assert chapter.errors == [], chapter.errors


# The background a reader sees behind an element: the first ancestor's that is not transparent.
BACKGROUND_OF_JS = r"""
  const bgOf = el => {
    for (let e = el; e; e = e.parentElement) {
      const c = getComputedStyle(e).backgroundColor;
      if (c && !/rgba\(.*,\s*0\)$/.test(c) && c !== 'transparent') return c;
    }
    return 'rgb(255, 255, 255)';
  };
"""

# Text and background of every table cell, with the background the reader sees behind it.
TABLE_COLOURS_JS = (
    r"""
() => {
"""
    + BACKGROUND_OF_JS
    + r"""  return [...document.querySelectorAll('article table')].flatMap((t, n) =>
    [...t.querySelectorAll('td, th, caption')].filter(c => c.textContent.trim()).map(c =>
      ({table: n, text: c.textContent.trim().slice(0, 30), fill: getComputedStyle(c).color, bg: bgOf(c)})));
}
"""
)


CHART_COLOURS_JS = (
    r"""
() => {
"""
    + BACKGROUND_OF_JS
    + r"""  const heatmaps = el => [...el.querySelectorAll('.heatmaplayer image, .hm image')].map(i => i.getBoundingClientRect());
  const over = (r, boxes) => boxes.some(b => { const x = r.left + r.width / 2, y = r.top + r.height / 2;
                                               return x >= b.left && x <= b.right && y >= b.top && y <= b.bottom; });
  return {
    theme: document.documentElement.dataset.theme,
    charts: [...document.querySelectorAll('.jd-chart')].map(c => {
      const el = c.querySelector('.js-plotly-plot');
      const bg = bgOf(c);
      const hm = heatmaps(el);
      const texts = [];
      // text Plotly writes straight onto the page: ticks, axis and legend titles, legend, free annotations
      el.querySelectorAll('.xtick text, .ytick text, .g-xtitle text, .g-ytitle text, .legendtext, .legendtitletext,'
                          + ' .annotation, .cbaxis text, .cbtitle text').forEach(t => {
        let node = t, fill;
        if (t.classList.contains('annotation')) {
          const b = t.querySelector('.bg');
          const own = b && getComputedStyle(b);
          if (own && own.fill !== 'none' && parseFloat(own.fillOpacity) > 0 && !/rgba\(.*,\s*0\)$/.test(own.fill)) {
            return;  // drawn on a background of its own
          }
          node = t.querySelector('.annotation-text');
          if (!node) return;
        }
        const r = node.getBoundingClientRect();
        if (r.width === 0 || over(r, hm)) return;  // hidden, or written on a heatmap cell in its own colour
        fill = getComputedStyle(node).fill;
        texts.push({what: (node.getAttribute('class') || 'text') + ': ' + node.textContent.slice(0, 40), fill});
      });
      const html = ['.jd-chart-title', '.jd-chart-subtitle', '.jd-chart-source'].map(s => c.querySelector(s))
        .filter(Boolean).map(e => ({what: e.className, fill: getComputedStyle(e).color}));
      return {id: el.id, font: el._fullLayout.font.color, legend: ((el.layout.legend || {}).font || {}).color, bg, texts, html};
    })
  };
}
"""
)


def contrast_problems(state, minimum: float = 4.5) -> list[str]:
    problems = []
    for c in state["charts"]:
        bg, _ = parse_colour(c["bg"])
        for t in c["texts"] + c["html"] + [{"what": "layout font", "fill": c["font"]}]:
            rgb, alpha = parse_colour(t["fill"])
            if alpha < 1:  # blend a translucent colour onto the background
                rgb = tuple(alpha * a + (1 - alpha) * b for a, b in zip(rgb, bg))
            ratio = contrast(rgb, bg)
            if ratio < minimum:
                problems.append(f"{c['id']} {t['what']!r}: {t['fill']} on {c['bg']} = {ratio:.2f}")
    return problems


def test_emphasis_colour_reads_on_both_pages():
    """Text in the palette's vermillion: a darker shade on the white page, the palette's own on the
    dark page (no single colour reaches 4.5:1 on both), swapped by jindong.js with the theme."""
    from jindong.content.charts import style

    white, black = (255, 255, 255), (18, 18, 18)  # the theme's light and dark page
    assert contrast(parse_colour(style.EMPHASIS)[0], white) >= 4.5
    assert contrast(parse_colour(style.EMPHASIS_DARK)[0], black) >= 4.5
    js = (ROOT / "_static" / "jindong.js").read_text()
    pair = f'{{light: "{style.EMPHASIS.lower()}", dark: "{style.EMPHASIS_DARK.lower()}"}}'
    assert pair in js, f"jindong.js must swap {style.EMPHASIS} for {style.EMPHASIS_DARK} in dark mode"


def test_chart_text_is_readable_in_light_mode(chapter):
    page = chapter
    page.wait_for_function("document.documentElement.dataset.theme === 'light'", timeout=5_000)
    state = page.evaluate(CHART_COLOURS_JS)
    assert contrast_problems(state) == []


def wait_for_chart_text(page, colour: str) -> None:
    page.wait_for_function(
        "c => [...document.querySelectorAll('.jd-chart .js-plotly-plot')].every(el => el._fullLayout.font.color === c)",
        arg=colour,
        timeout=5_000,
    )


def test_charts_follow_dark_mode_and_stay_readable(chapter):
    """Switching the theme re-colours the charts already drawn (jindong.js), and their text stays readable."""
    page = chapter
    light = page.evaluate("() => document.querySelector('.jd-chart .js-plotly-plot')._fullLayout.font.color")
    set_mode(page, "dark")  # with the page's own theme button, as a reader does
    wait_for_chart_text(page, DARK_TEXT)
    state = page.evaluate(CHART_COLOURS_JS)
    assert light != DARK_TEXT
    assert {c["font"] for c in state["charts"]} == {DARK_TEXT}
    assert {c["legend"] for c in state["charts"]} == {DARK_TEXT}
    assert contrast_problems(state) == []
    ticks = {t["fill"] for c in state["charts"] for t in c["texts"] if t["what"].startswith("text:")}
    assert all(parse_colour(f)[0] == parse_colour(DARK_TEXT)[0] for f in ticks), ticks
    assert page.errors == [], page.errors


def test_tables_follow_dark_mode(chapter):
    """In dark mode every table's text keeps 4.5:1 on what is behind it, and sits on the dark page:
    the theme's light box for notebook outputs (kept for outputs that assume a white page) is not
    put behind the book's own tables."""
    page = chapter
    set_mode(page, "dark")  # where test_charts_follow_dark_mode_and_stay_readable left it, or run alone
    page_bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
    cells = page.evaluate(TABLE_COLOURS_JS)
    errors = page.errors
    problems = []
    for c in cells:
        rgb, alpha = parse_colour(c["fill"])
        bg = parse_colour(c["bg"])[0]
        ratio = contrast(rgb, bg)
        if ratio < 4.5 or alpha < 1:
            problems.append(f"table {c['table']} {c['text']!r}: {c['fill']} on {c['bg']} = {ratio:.2f}")
        if luminance(bg) > 0.2:
            problems.append(f"table {c['table']} {c['text']!r}: a light background {c['bg']} on the dark page")
    assert problems == [], problems
    assert luminance(parse_colour(page_bg)[0]) < 0.05, page_bg
    assert errors == [], errors


LIGHT_BOXES_JS = """() => Array.from(document.querySelectorAll('div.output.text_html'))
  .filter(o => o.querySelector(':scope > .jd-chart, :scope > ul.jd-cards, :scope > .jd-table-wrap'))
  .map(o => ({what: o.firstElementChild.className, bg: getComputedStyle(o).backgroundColor}))"""


def test_nothing_the_book_draws_sits_on_a_light_box_in_dark_mode(chapter):
    """The theme puts every notebook output on a light box in dark mode; the home page's cards sat on
    one, a light-grey slab (issue 26): the book's charts, cards and tables sit on the dark page."""
    page = chapter
    set_mode(page, "dark")
    boxes = page.evaluate(LIGHT_BOXES_JS)
    assert boxes, "no chart, card or table found"
    light = [b for b in boxes if parse_colour(b["bg"])[1] > 0 and luminance(parse_colour(b["bg"])[0]) > 0.2]
    assert light == [], light
    # a table Plotly draws in a chart (chapter 10's explorer) was white on the dark page
    cells = page.evaluate(
        """() => Array.from(document.querySelectorAll('.jd-chart .table rect.cell-rect')).map(r => {
          const cs = getComputedStyle(r); return {fill: cs.fill, opacity: Number(cs.fillOpacity)}; })"""
    )
    white = [c for c in cells if c["opacity"] > 0.5 and luminance(parse_colour(c["fill"])[0]) > 0.2]
    assert white == [], f"{len(white)} table cells drawn light on the dark page"


def test_chinese_text_is_set_in_a_chinese_font(chapter):
    """The theme names only system-ui, which lacks Han characters on most systems: each Chinese character
    fell to whatever font came first, a serif or a Japanese one (issue 26). Both editions name
    simplified-Chinese sans fonts after the Latin one, and Chromium draws a Chinese word with one."""
    page = chapter
    family = page.evaluate("getComputedStyle(document.querySelector('article p')).fontFamily")
    assert '"Noto Sans CJK SC"' in family and family.index("system-ui") < family.index("Noto Sans CJK SC"), family
    fonts = page.evaluate(
        """async () => { const p = document.querySelector('article p');
        return document.fonts.check('16px ' + getComputedStyle(p).fontFamily, '金东区'); }"""
    )
    assert fonts, "no font of the list draws Chinese"


@pytest.mark.parametrize("path", ["intro.html", "zh/intro.html"])
def test_the_home_page_tells_its_story_at_once(loaded, path):
    """The first chart was 1,150 px down on a desktop and the first key figure below a phone's first
    screen (issue 26): the chart now starts within a desktop's first screen, and the story's first
    figure is on a phone's."""
    page = loaded.get(path)
    drawn(page)
    top = page.evaluate("document.querySelector('.jd-chart').getBoundingClientRect().top + scrollY")
    assert top < 700, f"{path}: the first chart starts {top:.0f} px down"
    phone = loaded.get(path, width=PHONE, height=800)
    first = phone.evaluate("document.querySelector('article .pasted-text').getBoundingClientRect().bottom + scrollY")
    assert first < 800, f"{path}: the first key figure ends {first:.0f} px down on a phone"


@pytest.mark.parametrize("name", ["intro", "05-mid-course-2023", "09-strategy-evolution", "zh/04-did-2023-deliver"])
def test_a_page_opened_in_dark_mode_draws_dark_charts(browser, name):
    """The reader's stored choice (localStorage 'mode' = 'dark') applies before the charts are seen."""
    with reader(browser, page_path(name), mode="dark") as page:
        page.wait_for_function("document.documentElement.dataset.theme === 'dark'", timeout=5_000)
        wait_for_chart_text(page, DARK_TEXT)
        state = page.evaluate(CHART_COLOURS_JS)
        errors = page.errors
    assert contrast_problems(state) == []
    assert errors == [], errors


CARD_COLOURS_JS = r"""
() => [...document.querySelectorAll('ul.jd-cards li.jd-card')].flatMap(card => {
  const bg = getComputedStyle(card).backgroundColor;
  return [...card.querySelectorAll('p, li, span, a')].filter(e => e.childNodes.length && e.textContent.trim())
    .map(e => ({what: e.className || e.tagName, text: e.textContent.slice(0, 30), fill: getComputedStyle(e).color, bg}));
})
"""


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_front_page_cards_are_readable_in_both_modes(browser, mode):
    """The headline cards take the theme's colours: every text keeps 4.5:1 on its card, light or dark."""
    with reader(browser, "intro.html", mode=mode) as page:
        page.wait_for_function(f"document.documentElement.dataset.theme === '{mode}'", timeout=5_000)
        texts = page.evaluate(CARD_COLOURS_JS)
        errors = page.errors
    assert len({t["bg"] for t in texts}) == 1 and len(texts) > 20, texts[:3]
    low = [
        f"{t['what']} {t['text']!r}: {t['fill']} on {t['bg']} = {contrast(parse_colour(t['fill'])[0], parse_colour(t['bg'])[0]):.2f}"
        for t in texts
        if contrast(parse_colour(t["fill"])[0], parse_colour(t["bg"])[0]) < 4.5
    ]
    assert low == []
    assert errors == [], errors


# ---------------------------------------------------------------- 5. search


class _ArticleText(html.parser.HTMLParser):
    """The text of a page's article (what Sphinx indexes), without scripts and styles."""

    def __init__(self):
        super().__init__()
        self.depth, self.skip, self.parts = 0, 0, []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)


def pages_containing(word: str) -> set[str]:
    found = set()
    for page in [SITE / "intro.html", *sorted((SITE / "chapters").glob("*.html"))]:
        parser = _ArticleText()
        parser.feed(page.read_text(encoding="utf-8"))
        if word.lower() in " ".join(parser.parts).lower():
            found.add(str(page.relative_to(SITE)))
    return found


def search(page, query: str, prefix: str = "") -> tuple[list[str], list[str]]:
    page.goto(f"{page.base}/{prefix}search.html?q={urllib.parse.quote(query)}", wait_until="load")
    page.wait_for_function(
        "() => { const h = document.querySelector('#search-results h2');"
        " return h && !/Searching|Preparing|搜索中|准备/.test(h.textContent); }",
        timeout=15_000,
    )
    results = page.eval_on_selector_all(
        "#search-results ul.search li a", "els => els.map(e => e.getAttribute('href').split(/[?#]/)[0])"
    )
    return results, page.evaluate("q => splitQuery(q)", query)


# query, the words the browser should look up, and the word whose pages must all be found
SEARCHES = [
    ("Leapmotor", ["Leapmotor"], "Leapmotor"),
    ("三大突破", ["三大突破"], "三大突破"),
    ("金义新区", ["金义新区"], "金义新区"),
    # no page writes the two words together: each is looked up (and no page has both)
    ("金义新区建设", ["金义新区", "建设"], "金义新区"),
    ("investment", ["investment"], "investment"),
    ("金漪湖", ["金漪湖"], "金漪湖"),
    ("Yongkang", ["Yongkang"], "Yongkang"),
    ("永康", ["永康"], "永康"),
    ("零跑汽车", ["零跑汽车"], "零跑汽车"),
    ("金义新区Leapmotor", ["金义新区", "Leapmotor"], None),
]
# where a reader would look for each: the chapter must be among the results
EXPECTED = {
    "Leapmotor": {"chapters/06-2025-three-breakthroughs.html", "chapters/10-data-and-methods.html"},
    "三大突破": {"chapters/06-2025-three-breakthroughs.html"},
    "金义新区": {"intro.html", "chapters/01-about.html"},
    "金义新区建设": {"intro.html", "chapters/01-about.html"},
    "investment": {"chapters/03-2023-targets.html"},
    "金漪湖": {"chapters/06-2025-three-breakthroughs.html"},
    "Yongkang": {"chapters/08-yongkang.html"},
    "永康": {"chapters/08-yongkang.html"},
    "零跑汽车": {"chapters/10-data-and-methods.html"},
    "金义新区Leapmotor": {"chapters/10-data-and-methods.html"},  # the glossary has both
}


def test_search_finds_english_and_chinese_terms(browser):
    with reader(browser, "search.html", wait_charts=False) as page:
        got = {q: search(page, q) for q, _, _ in SEARCHES}
        errors = page.errors
    problems = []
    for query, words, word in SEARCHES:
        results, split = got[query]
        if split != words:
            problems.append(f"{query!r} split into {split}, expected {words}")
        missing = EXPECTED[query] - set(results)
        if word:
            assert pages_containing(word), f"no page contains {word!r}: the test is out of date"
            missing |= pages_containing(word) - set(results)
        if missing:
            problems.append(f"{query!r} misses {sorted(missing)} (found {results})")
    assert problems == [], problems
    assert errors == [], errors


def test_search_from_the_search_box(browser):
    """A reader types in the page's search box and lands on results."""
    with reader(browser, "intro.html", wait_charts=False) as page:
        page.locator("button.search-button__button:visible").first.click()
        box = page.locator("#pst-search-dialog input[name='q']")
        box.wait_for(state="visible", timeout=5_000)
        box.fill("三大突破")
        box.press("Enter")
        page.wait_for_url("**/search.html?q=*", timeout=10_000)
        page.wait_for_selector("#search-results ul.search li a", timeout=15_000)
        results = page.eval_on_selector_all(
            "#search-results ul.search li a", "els => els.map(e => e.getAttribute('href'))"
        )
        errors = page.errors
    assert any("06-2025-three-breakthroughs" in r for r in results), results
    assert errors == [], errors


# The Chinese edition's search: Chinese first (jieba, the glossary as its dictionary), unspaced
# queries split into the index's words; and the English edition's stemming ("industries" finds pages
# that say "industry").
ZH_EXPECTED = {
    "三大突破": {"chapters/06-2025-three-breakthroughs.html"},
    "金义新区建设": {"intro.html", "chapters/01-about.html"},
    "永康": {"chapters/08-yongkang.html"},
    "零跑汽车": {"chapters/10-data-and-methods.html"},
    "地区生产总值": {"chapters/02-2022-in-numbers.html"},
}


def test_chinese_search_finds_chinese_words(browser):
    with reader(browser, "zh/search.html", wait_charts=False) as page:
        got = {q: search(page, q, ZH)[0] for q in ZH_EXPECTED}
        errors = page.errors
    missing = {q: sorted(want - set(got[q])) for q, want in ZH_EXPECTED.items() if want - set(got[q])}
    assert missing == {}, f"missing results: {missing}; found {got}"
    assert errors == [], errors


def test_english_search_stems_english_words(browser):
    with reader(browser, "search.html", wait_charts=False) as page:
        results, _ = search(page, "industries")
    assert pages_containing("industry") <= set(results) and results, results


def test_the_language_switch_lands_on_the_same_section_and_figure(browser):
    """Scrolled to a chapter's third section, the switch opens the other edition at its third
    section; from a figure's link, at the same figure; and back."""
    with reader(browser, "chapters/04-did-2023-deliver.html", wait_charts=False) as page:
        ids = page.eval_on_selector_all("main section[id]", "els => els.map(e => e.id)")
        # at once, not smoothly (the theme scrolls smoothly): the reader has arrived when they click
        page.evaluate("id => document.getElementById(id).scrollIntoView({behavior: 'instant'})", ids[2])
        page.wait_for_timeout(500)
        # clicked where it is (Playwright's click would first scroll the page to the button)
        page.evaluate("() => document.querySelector('a.btn-jd-language').click()")
        page.wait_for_url("**/zh/chapters/04-did-2023-deliver.html#*", timeout=10_000)
        page.wait_for_timeout(300)
        zh_ids = page.eval_on_selector_all("main section[id]", "els => els.map(e => e.id)")
        landed = urllib.parse.unquote(page.url.split("#", 1)[1])
        assert len(zh_ids) == len(ids) and landed == zh_ids[2], (landed, zh_ids)
        figure = page.eval_on_selector("figure[id^='fig-']", "e => e.id")
        page.goto(f"{page.base}/zh/chapters/04-did-2023-deliver.html#{figure}", wait_until="load")
        page.locator("a.btn-jd-language").first.click()
        page.wait_for_url(f"**/chapters/04-did-2023-deliver.html#{figure}", timeout=10_000)
        assert "/zh/" not in page.url
        errors = page.errors
    assert errors == [], errors


READING = """() => { const line = Math.max(120, innerHeight / 3);
  const s = Array.from(document.querySelectorAll('main section[id]'));
  let at = -1; s.forEach((e, i) => { if (e.getBoundingClientRect().top <= line) at = i; }); return at; }"""


def test_the_language_switch_keeps_the_page_still_and_lands_in_view(browser):
    """Issue 26: tabbing to the switch scrolled the page ~460 px (the article's header sits in the theme's
    scroll padding); the other edition opened a section early (the toolbars drawn after the landing
    pushed it down) and, from a figure in view, at the top of its section. Now: the page stays put, the
    section being read is the one being read after the switch, and a figure in view is in view."""
    with reader(browser, "chapters/04-did-2023-deliver.html") as page:
        page.evaluate("window.scrollTo(0, 3000)")
        page.evaluate(
            """() => { const all = Array.from(document.querySelectorAll('a[href], button, [tabindex]')).filter(e => e.tabIndex >= 0);
            all[all.indexOf(document.querySelector('a.btn-jd-language')) - 1].focus({preventScroll: true}); }"""
        )
        before = page.evaluate("window.scrollY")
        page.keyboard.press("Tab")
        page.wait_for_timeout(300)
        assert page.evaluate("document.activeElement.classList.contains('btn-jd-language')")
        assert page.evaluate("window.scrollY") == before, "focusing the switch scrolled the page"
        # a section, read from its heading: the other edition is at the same section once it has settled
        page.evaluate("document.querySelectorAll('main section[id]')[4].scrollIntoView({behavior: 'instant'})")
        page.wait_for_timeout(300)
        assert page.evaluate(READING) == 4
        page.evaluate("() => document.querySelector('a.btn-jd-language').click()")
        page.wait_for_url("**/zh/chapters/04-did-2023-deliver.html#*", timeout=10_000)
        drawn(page)
        page.wait_for_load_state("load")
        page.wait_for_timeout(1000)  # the landing holds until 400 ms after the load (jindong.js)
        assert page.evaluate(READING) == 4, "the Chinese page is not at the section the reader was reading"
        # a figure in view, not at the top of its section: the other edition shows that figure
        figure = page.eval_on_selector_all("main figure[id^='fig-']", "els => els[3].id")
        page.evaluate(f"document.getElementById('{figure}').scrollIntoView({{behavior: 'instant', block: 'center'}})")
        page.wait_for_timeout(300)
        page.evaluate("() => document.querySelector('a.btn-jd-language').click()")
        page.wait_for_url(f"**/chapters/04-did-2023-deliver.html#{figure}", timeout=10_000)
        drawn(page)
        page.wait_for_load_state("load")
        page.wait_for_timeout(1000)
        top = page.evaluate(f"document.getElementById('{figure}').getBoundingClientRect().top")
        assert 0 <= top < page.viewport_size["height"] / 2, f"{figure} at {top}px"
        errors = page.errors
    assert errors == [], errors


def test_no_chart_offers_to_upload_itself(chapter):
    """plotly.js 4's mode bar has "Share chart…", which uploads the chart to Plotly Cloud: an offline
    book must not offer it (charts/output.py removes it)."""
    titles = chapter.eval_on_selector_all(
        ".jd-chart .modebar-btn", "els => els.map(e => e.getAttribute('data-title') || '')"
    )
    assert titles, f"{chapter.chapter}: no mode bar drawn"
    assert not [t for t in titles if re.search(r"share|cloud|分享|共享", t, re.I)], sorted(set(titles))
