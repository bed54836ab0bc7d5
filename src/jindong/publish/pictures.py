"""Each chart's static pictures: what a reader sees at once, before plotly.js has loaded and drawn.

A chart on the website is an empty div that jindong.js fills once plotly.min.js (1.3 MB) has been
fetched, compiled and has drawn — a second or more on a first visit. So the build draws every chart
as an SVG file beside its CSV (charts/<id>.svg; not inlined, so the page stays light), and the
chart's div holds it from the start: at the size the chart will have, in the page's light or dark
scheme, at a desktop's and a phone's width. jindong.js draws the live chart under the picture when it
comes near the screen and then removes the picture: nothing moves and nothing flashes. The picture
carries the chart's text alternative, so a reader without JavaScript loses nothing.

The pictures are drawn by the site's own plotly.min.js and by jindong.js's own `prepare` (the
colours of each scheme), in headless Chromium driven by Playwright, one browser per edition's build:
Plotly.toImage there takes about 0.12 s a picture, a quarter of kaleido's round trip. Each picture
is cached by what it depends on (the figure, the scheme, the size, the two scripts and this module),
so a build redraws only the charts that changed. Without Chromium the pages have no pictures (the charts draw
as before) and the build says so.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from playwright.sync_api import sync_playwright
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from jindong.content.charts import static
from jindong.content.charts.output import CHART_FILES, SITE_ROOT

logger = logging.getLogger(__name__)

# The plot's width as the pages lay it out: a desktop at 1280 px (the theme's article column beside
# the page's table of contents), and a 375 px phone. A wider or narrower column shows the picture at
# its own size from the left, or scaled down to fit; the live chart then takes the column's width.
DESKTOP, PHONE = 672, 327
PHONE_MEDIA = "(max-width: 600px)"  # jindong.js's PHONE
SCHEMES = ("light", "dark")
_PLOT = re.compile(
    r'(<div class="jd-chart-plot" role="figure" aria-label="([^"]*)">'
    r'<div id="chart-([\w-]+)" class="plotly-graph-div jd-plot"[^>]*style="height:(\d+)px;[^"]*"[^>]*>)'
)
_FIGURE = re.compile(
    r'<script type="application/json" class="jd-figure" data-for="chart-([\w-]+)">(.*?)</script>', re.S
)
# plotly.js names the clip paths and gradients of a drawing with random six-digit ids: stable ones
# instead, so two builds give the same bytes (the ids are private to each SVG file)
_ID = re.compile(r'id="([^"]+)"')
_RANDOM = re.compile(r"[0-9a-f]{6}")
_ID_OR_REFERENCE = re.compile(r"""(id="|#)([^"')\s]+)(?=["')])""")


def file_name(name: str, scheme: str, phone: bool) -> str:
    return f"{name}{'-dark' if scheme == 'dark' else ''}{'-phone' if phone else ''}.svg"


def markup(name: str, alt: str, height: int, eager: bool = False) -> str:
    """The two <picture>s of a chart's div (alt is already escaped, as in the figure's aria-label).

    Lazy: a browser fetches only the picture the page's scheme shows, when it is near the screen —
    after the page is laid out. The page's first chart (eager) is fetched as the page is read, so it is
    in the page's first paint, at the cost of fetching its other scheme's picture too."""
    load = 'loading="eager" fetchpriority="high"' if eager else 'loading="lazy"'
    out = []
    for scheme in SCHEMES:
        src = f"{SITE_ROOT}{CHART_FILES}/{file_name(name, scheme, False)}"
        phone = f"{SITE_ROOT}{CHART_FILES}/{file_name(name, scheme, True)}"
        out.append(
            f'<picture class="jd-static jd-static-{scheme}">'
            f'<source media="{PHONE_MEDIA}" srcset="{phone}" width="{PHONE}" height="{height}">'
            f'<img class="dark-light" src="{src}" width="{DESKTOP}" height="{height}" alt="{alt}" {load}>'
            "</picture>"
        )
    return "".join(out)


def with_pictures(html: str, first: bool = False) -> str:
    """A chart's HTML with its pictures inside the plot's div (first: it holds the page's first chart)."""
    eager = [first]  # only the first match

    def add(m: re.Match) -> str:
        pictures = markup(m.group(3), m.group(2), int(m.group(4)), eager[0])
        eager[0] = False
        return m.group(1) + pictures

    return _PLOT.sub(add, html)


def available() -> bool:
    """Pictures can be drawn here: Chromium is present (Playwright is in requirements.txt)."""
    return bool(static.browser())


class AddPictures(SphinxPostTransform):
    """Put the pictures in each chart's div (HTML builders, where they can be drawn)."""

    default_priority = 2  # before sphinxext's ChartFiles (3), which makes SITE_ROOT links relative
    formats = ("html",)

    def run(self, **kwargs) -> None:
        if not getattr(self.app, "jindong_pictures", False):
            return
        first = True
        for raw in self.document.findall(nodes.raw):
            text = raw.astext()
            if 'class="jd-figure"' in text and "jd-static" not in text:
                raw[:] = [nodes.Text(with_pictures(text, first))]
                first = False


@dataclass(frozen=True)
class Job:
    name: str
    scheme: str
    phone: bool
    height: int
    figure: str  # the figure's JSON as the page holds it

    @property
    def width(self) -> int:
        return PHONE if self.phone else DESKTOP


def jobs(page_html: str) -> list[Job]:
    """Every picture a built page's charts need."""
    heights = {m.group(3): int(m.group(4)) for m in _PLOT.finditer(page_html)}
    out = []
    for m in _FIGURE.finditer(page_html):
        name = m.group(1)
        if name in heights:
            out += [Job(name, s, p, heights[name], m.group(2)) for s in SCHEMES for p in (False, True)]
    return out


def stable_ids(svg: str) -> str:
    """Each id holding a random part renamed jd0, jd1 … in order, with every reference to it."""
    names: dict[str, str] = {}
    for name in _ID.findall(svg):
        if _RANDOM.search(name) and name not in names:
            names[name] = f"jd{len(names)}"
    return _ID_OR_REFERENCE.sub(lambda m: m.group(1) + names.get(m.group(2), m.group(2)), svg) if names else svg


RENDER_JS = """async ([theme, jobs]) => {
  document.documentElement.dataset.theme = theme;
  const out = [];
  for (const [figure, width, height] of jobs) {
    const fig = window.jdCharts.prepare(JSON.parse(figure));
    // plotly.js names a trace without a uid by a random one (in its class names): a stable one instead
    fig.data.forEach((trace, i) => { if (trace.uid === undefined) trace.uid = "t" + i; });
    const url = await Plotly.toImage({data: fig.data, layout: fig.layout, config: {displayModeBar: false}},
                                     {format: "svg", width: width, height: height});
    out.push(decodeURIComponent(url.slice(url.indexOf(",") + 1)));
  }
  return out;
}"""


def render(todo: list[Job], scripts: list[Path]) -> list[str]:
    """The SVGs of these pictures, drawn in one headless Chromium by the site's own scripts."""
    out: dict[Job, str] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=static.browser(), args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.set_content("<!DOCTYPE html><html><head></head><body></body></html>")
        for script in scripts:
            page.add_script_tag(path=str(script))
        for scheme in SCHEMES:
            batch = [j for j in todo if j.scheme == scheme]
            drawn = page.evaluate(RENDER_JS, [scheme, [[j.figure, j.width, j.height] for j in batch]])
            out.update(zip(batch, drawn))
        browser.close()
    return [stable_ids(out[j]) for j in todo]


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()[:20]


def write_pictures(outdir: Path, cache: Path) -> tuple[int, int]:
    """charts/<id>[-dark][-phone].svg for every chart of the built pages; (pictures, newly drawn)."""
    static_dir = outdir / "_static"
    scripts = [static_dir / "plotly.min.js", static_dir / "jindong.js"]
    tools = b"".join(s.read_bytes() for s in [*scripts, Path(__file__)])  # and this module's way of drawing
    cached: dict[Job, Path] = {}
    for f in sorted(outdir.rglob("*.html")):
        if f.relative_to(outdir).parts[0] in {CHART_FILES, "_static", "_sources", "zh"}:
            continue
        for job in jobs(f.read_text(encoding="utf-8")):
            key = _digest(tools, job.figure.encode(), f"{job.scheme} {job.width} {job.height}".encode())
            cached[job] = cache / f"{key}.svg"
    todo = [job for job, path in cached.items() if not path.exists()]
    if todo:
        cache.mkdir(parents=True, exist_ok=True)
        for job, svg in zip(todo, render(todo, scripts)):
            cached[job].write_text(svg, encoding="utf-8")
    for job, path in cached.items():
        target = outdir / CHART_FILES / file_name(job.name, job.scheme, job.phone)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return len(cached), len(todo)


def _builder_inited(app) -> None:
    app.jindong_pictures = app.builder.format == "html" and available()
    if app.builder.format == "html" and not app.jindong_pictures:
        logger.info("charts without static pictures: Chromium is missing (make system-deps)")


def _after_build(app, exception) -> None:
    if exception is not None or not getattr(app, "jindong_pictures", False):
        return
    total, drawn = write_pictures(Path(app.outdir), Path(app.doctreedir).parent / "pictures")
    logger.info(f"static pictures: {total} ({drawn} drawn, the rest unchanged)")


def setup(app):
    app.add_post_transform(AddPictures)
    app.connect("builder-inited", _builder_inited)
    app.connect("build-finished", _after_build, priority=450)  # before sharing's embeds (500) copy the div
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
