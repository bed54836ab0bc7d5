"""Helpers shared by the test modules (conftest.py turns the common ones into fixtures).

Test modules import from here, never from one another: where the built site is, how a test that
cannot run here says so, Chromium and a local server for a built site, the site's pages and figure
numbers, and a scratch copy of data/ to break.
"""

from __future__ import annotations

import contextlib
import csv
import difflib
import functools
import http.server
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from xdist.scheduler import LoadScopeScheduling

from jindong.paths import DATA_DIR, ROOT, in_ci
from jindong.publish import build as book_build
from jindong.publish.notebooks import chapters

SITE = Path(os.environ.get("JINDONG_BUILD_DIR") or ROOT / "_build") / "html"  # as build.py: a test build elsewhere
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def require(condition: bool, why: str) -> None:
    """Skip the test when a tool or a build is missing; with CI=true, fail instead."""
    if not condition:
        if in_ci():
            pytest.fail(f"{why} (required with CI=true)")
        pytest.skip(why)


# ---------------------------------------------------------------- the build's executed notebooks


@functools.cache
def built_from_this_book(site: Path = SITE) -> bool:
    """Whether the site is the book as it is now: the stamp a good build leaves holds the hash of the
    package and the data, and no page, configuration or static file changed after it."""
    stamp = book_build.HTML.stamp
    if (
        site.resolve() != book_build.SITE
        or not stamp.exists()
        or stamp.read_text() != book_build.inputs_hash([book_build.HTML.builder])
    ):
        return False
    book = [ROOT / "_config.yml", ROOT / "_toc.yml", *ROOT.glob("*.ipynb"), *ROOT.glob("chapters/**/*.ipynb")]
    return all(p.stat().st_mtime <= stamp.stat().st_mtime for p in [*book, *(ROOT / "_static").rglob("*")])


def _comparable(outputs: list) -> list:
    """A cell's outputs as the reader gets them: each display's data by MIME type, each stream's text;
    not execution counts or metadata."""
    shown = []
    for out in outputs:
        if out.get("output_type") == "stream":
            shown.append(("stream", out.get("name"), out.get("text")))
        elif out.get("output_type") in ("display_data", "execute_result"):
            data = sorted(out.get("data", {}).items())  # JSON outputs as text in one order: a diff shows content
            shown.append(
                (
                    "display",
                    {
                        k: v if isinstance(v, str) else json.dumps(v, sort_keys=True, indent=0, ensure_ascii=False)
                        for k, v in data
                    },
                )
            )
        else:
            shown.append((out.get("output_type"), out.get("ename"), out.get("evalue")))
    return shown


@functools.cache  # asked once per cell: read the build's cache once per notebook
def _executed_cells(notebook: Path) -> dict[str, list] | None:
    """Each code cell's outputs in the website build's run of the notebook; None when it has none."""
    try:
        run = book_build.executed(notebook)
    except KeyError:
        return None
    return {c.get("id"): c.get("outputs", []) for c in run.cells if c.cell_type == "code"}


def differs_from_the_build(notebook: Path, cell, outputs: list) -> str | None:
    """What nbval's run of a cell showed that the website's build of the same notebook did not (None
    when they agree). The two runs differ in hash seed and time zone (same_as_build.py), so a set's order or
    a clock that reaches a page shows here, in the cell that made it: this is the chapters' determinism
    test, at no cost beyond nbval's own run."""
    require(built_from_this_book(), f"{SITE} is not the book as it is now: run `make book`")
    cells = _executed_cells(notebook)
    if cells is None:
        return f"{notebook.relative_to(ROOT)}: the website's build has no run of this notebook as it is now"
    built = cells.get(cell.get("id"))
    if built is None:
        return f"{notebook.name}: cell {cell.get('id')} is not in the build's executed copy"
    a, b = _comparable(built), _comparable(outputs)
    if a == b:
        return None
    first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    x, y = (o[first] if first < len(o) else ("(none)",) for o in (a, b))
    what = f"output {first}"
    if x[0] == y[0] == "display":  # the first MIME type that differs, as text
        mime = next(m for m in sorted({*x[1], *y[1]}) if x[1].get(m) != y[1].get(m))
        what, x, y = f"output {first} ({mime})", x[1].get(mime, "(none)"), y[1].get(mime, "(none)")
    return (
        f"{notebook.relative_to(ROOT)}, cell {cell.get('id')}: its {what} differs between the website's"
        f" build and this run (another hash seed and time zone), so the page depends on chance.\n"
        + first_difference(str(x).encode(), str(y).encode())
    )


def first_difference(a: bytes, b: bytes) -> str:
    """The first differing lines of two texts, for a message that points at the cause."""
    la, lb = a.decode("utf-8", "replace").splitlines(), b.decode("utf-8", "replace").splitlines()
    diff = [line[:300] for line in difflib.unified_diff(la, lb, "a", "b", n=0, lineterm="")]
    if len(la) <= 1 and len(lb) <= 1:  # one long line: show where it starts to differ
        i = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        return f"byte {i}: {a[max(0, i - 80) : i + 80]!r}\n     vs {b[max(0, i - 80) : i + 80]!r}"
    return "\n".join(diff[:12])


# ---------------------------------------------------------------- spreading the tests over workers

# Files whose checks go page by page (a page loaded in the browser, or a chapter run in JupyterLab, set
# up once per page by a module fixture): each page's checks are one unit of work, so both workers share
# them. Every other file is one unit, as its module fixtures (a hostile build, a server) must not be
# made twice; so is each notebook, whose cells nbval runs in one kernel.
BY_PAGE = {"test_reader.py", "test_lab.py", "test_chart_tools.py", "test_accessibility.py", "test_site.py"}
# Files that read the site's pages through LoadedPages, their tests named by the page's path
# ("chapters/04-did-2023-deliver.html"): a page's tests of all of them are one unit, so that one load
# serves them all.
SHARED_PAGES = {"test_reader.py", "test_chart_tools.py", "test_site.py"}


class PageScheduling(LoadScopeScheduling):
    """pytest-xdist's loadscope, with a page of a BY_PAGE file as its own scope (its test id: the part
    in brackets, the page), shared by the SHARED_PAGES files. (xdist's loadgroup would do this with
    marks, but does not work with pytest 9: it renames items through an attribute pytest no longer reads.)"""

    def _split_scope(self, nodeid: str) -> str:
        path, _, test = nodeid.partition("::")
        name = Path(path).name
        if name in BY_PAGE and test.endswith("]") and "[" in test:
            page = test[test.index("[") + 1 : -1]
            return f"page[{page}]" if name in SHARED_PAGES else f"{path}[{page}]"
        return path


# ---------------------------------------------------------------- Chromium


def require_chromium() -> None:
    """Chromium and Playwright, checked before a test spends time on a build or a server."""
    require(Path(CHROMIUM).exists(), "Chromium not installed: run `make system-deps`")
    require(importlib.util.find_spec("playwright") is not None, "playwright not installed: run `make install`")


@contextlib.contextmanager
def chromium() -> Iterator:
    """Headless Chromium through Playwright (skips without either). One per session (conftest's
    `chromium_browser`): Playwright's sync API cannot start a second one while the first runs."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """A built site served from 127.0.0.1 (as a reader's browser fetches it); yields its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def _record(page, base: str) -> None:
    """What a page must not do, kept on the page: `errors` (console errors, plotly.js's own warnings
    — "WARN: …", logged with console.trace —, uncaught exceptions, and any request the site cannot
    answer, whether or not this Chromium logs it) and `outside` (any request beyond the site; a picture
    the reader downloads is a blob: of the page's own)."""
    page.errors, page.outside, page.base = [], [], base
    page.on(
        "console",
        lambda m: (
            page.errors.append(f"{m.text} @ {m.location.get('url', '')}")
            if m.type == "error" or (m.type in ("warning", "trace") and m.text.startswith("WARN:"))
            else None
        ),
    )
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("response", lambda r: page.errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on(
        "request",
        lambda r: page.outside.append(r.url) if not r.url.startswith((base, "data:", f"blob:{base}/")) else None,
    )


CHARTS_DRAWN = (
    "document.querySelectorAll('.jd-chart .js-plotly-plot .main-svg').length"
    " >= document.querySelectorAll('.jd-chart').length"
)
# jindong.js draws a chart as it comes near the screen (its static picture until then): a check that
# reads every chart of a page has them all drawn first, as printing does. test_first_paint.py checks
# the drawing as a reader scrolls.
DRAW_ALL = "() => window.jdCharts ? window.jdCharts.drawAll().then(() => true) : true"


def draw_all(page) -> None:
    try:
        page.evaluate(DRAW_ALL)
    except Exception as e:  # a page that forwards (index.html → intro.html) has gone on: draw the next one
        if "context was destroyed" not in str(e):
            raise
        page.wait_for_load_state("load")
        page.evaluate(DRAW_ALL)


def open_page(browser, path: str, *, width: int = 1280, height: int = 900, mode: str | None = None, draw: bool = True):
    """A fresh browser context on `path` of the served site (`browser`: conftest's (Chromium, base URL)),
    errors and outside requests recorded from the first byte (_record); downloads accepted and the
    clipboard allowed, as the chart tools need. Returns (context, page) once the page has loaded, its
    charts are drawn (draw=False: as far as the reader's screen asks) and the network is idle; the
    caller closes the context."""
    b, base = browser
    context = b.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    if mode:
        context.add_init_script(f"try {{ localStorage.setItem('mode', {mode!r}); }} catch (e) {{}}")
    page = context.new_page()
    _record(page, base)
    page.goto(f"{base}/{path}", wait_until="load")  # the whole page parsed: every chart's div is there
    if draw:
        draw_all(page)
    page.wait_for_load_state("networkidle")
    return context, page


def set_mode(page, mode: str) -> None:
    """Light or dark with the page's own theme button, as a reader does (it cycles light, dark, auto)."""
    for _ in range(3):
        if page.evaluate("document.documentElement.dataset.theme") == mode:
            return
        page.locator(".theme-switch-button").first.click()
    assert page.evaluate("document.documentElement.dataset.theme") == mode


class View:
    """A shared page as one test file sees it: the page's methods and recorders, and the attributes
    that file gives it (its own list of charts, say) kept apart from the other files'."""

    def __init__(self, page, **attributes):
        self._page = page
        self.__dict__.update(attributes)

    def __getattr__(self, name: str):
        return getattr(self._page, name)


class LoadedPages:
    """The pages a pytest worker has open, one per (path, viewport, mode), shared by every file that checks
    that page — test_chart_tools, test_reader and test_site read the same load of a chapter (each load
    costs 2–4 s: parsing plotly.js and drawing every chart). PageScheduling gives one worker all of a
    page's tests, run one after the other, so a few pages open at a time suffice; the oldest is closed.
    A page handed to a test is in the mode asked for, whatever an earlier test switched it to; what
    else tests change (panels opened, say) stays, and the tests that care reset it."""

    KEEP = 3

    def __init__(self, browser):
        self.browser = browser
        self.open: dict[tuple, tuple] = {}  # (path, width, height, mode) -> (context, page), oldest first

    def get(self, path: str, *, width: int = 1280, height: int = 900, mode: str = "light"):
        key = (path, width, height, mode)
        if key in self.open:
            self.open[key] = self.open.pop(key)  # the newest now
        else:
            while len(self.open) >= self.KEEP:
                context, _ = self.open.pop(next(iter(self.open)))
                context.close()
            self.open[key] = open_page(self.browser, path, width=width, height=height, mode=mode)
        page = self.open[key][1]
        set_mode(page, mode)
        return page

    def close(self) -> None:
        for context, _ in self.open.values():
            context.close()
        self.open.clear()


# ---------------------------------------------------------------- the built site


def pages(site: Path) -> list[Path]:
    """The home page and every chapter's page, in the book's order (of the edition at `site`)."""
    return [site / "intro.html"] + [site / "chapters" / f"{p.stem}.html" for p in chapters()]


def all_pages(site: Path) -> list[Path]:
    """pages() of both editions: the English at the site's root, then the Chinese under zh/."""
    return pages(site) + pages(site / "zh")


_FIGURE = re.compile(r"<figure\b[^>]*>(.*?)</figure>", re.DOTALL)
_CHART_ID = re.compile(r'<div class="jd-chart" id="jd-([\w-]+)">')
CAPTION_NUMBER = re.compile(r'<span class="caption-number">(?:Figure|图) ([\d.]+) </span>')


def figure_numbers(page: Path) -> dict[str, str]:
    """Chart name -> the number its figure shows on the website ("4.1"), in page order."""
    numbers = {}
    for fig in _FIGURE.finditer(page.read_text(encoding="utf-8")):
        chart, number = _CHART_ID.search(fig.group(1)), CAPTION_NUMBER.search(fig.group(1))
        if chart and number:
            numbers[chart.group(1)] = number.group(1)
    return numbers


# ---------------------------------------------------------------- data


class ScratchData:
    """A copy of data/ with helpers to break it one row at a time."""

    def __init__(self, root: Path):
        self.root = root
        shutil.copytree(DATA_DIR, root, ignore=shutil.ignore_patterns("parts"))

    def read(self, table: str) -> tuple[list[str], list[dict[str, str]]]:
        with open(self.root / f"{table}.csv", encoding="utf-8", newline="") as fh:
            r = csv.DictReader(fh)
            return list(r.fieldnames), list(r)

    def write(self, table: str, header: list[str], rows: list[dict[str, str]]) -> None:
        with open(self.root / f"{table}.csv", "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=header, lineterminator="\n", extrasaction="ignore")
            w.writeheader()
            w.writerows(rows)

    def edit(self, table: str, key: str, **changes: str) -> int:
        """Change fields of the row whose first column is `key`; return that row's line number."""
        header, rows = self.read(table)
        for n, row in enumerate(rows):
            if row[header[0]] == key:
                row.update(changes)
                self.write(table, header, rows)
                return n + 2
        raise KeyError(key)

    def append(self, table: str, **row: str) -> int:
        header, rows = self.read(table)
        rows.append(row)
        self.write(table, header, rows)
        return len(rows) + 1

    def col(self, table: str, field: str) -> int:
        """The 1-based column of `field` in the table's header, as validation messages count it
        ("indicators.csv:8:13 (quote)"): read, not written into the tests, so columns may move."""
        return self.read(table)[0].index(field) + 1


# ---------------------------------------------------------------- scratch books (build failures, execute)

LAST_GOOD = b"<!DOCTYPE html><title>the last good site</title>\n"
OLD_MTIME_NS = 1_600_000_000_000_000_000  # September 2020: any rewrite would show


def last_good_site(build_dir: Path) -> Path:
    """A published site as a previous, successful build left it."""
    index = build_dir / "html" / "index.html"
    index.parent.mkdir(parents=True)
    index.write_bytes(LAST_GOOD)
    os.utime(index, ns=(OLD_MTIME_NS, OLD_MTIME_NS))
    return index


def assert_untouched(index: Path) -> None:
    assert index.read_bytes() == LAST_GOOD, "the last good site was rewritten"
    assert index.stat().st_mtime_ns == OLD_MTIME_NS, "the last good site was rewritten (mtime changed)"
    assert sorted(p.name for p in index.parent.parent.iterdir() if p.name.startswith("html")) == ["html"], (
        "a half-built site was left beside the last good one"
    )


def scratch_book(folder: Path, intro: str, notebooks: dict[str, list[str]] | None = None) -> Path:
    """A small book with the project's config and static files: an intro page and some notebooks
    (name -> code cells, each after a markdown cell), in the table of contents in that order."""
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "_config.yml", folder / "_config.yml")
    shutil.copytree(ROOT / "_static", folder / "_static", ignore=shutil.ignore_patterns("plotly*.js"))
    (folder / "intro.md").write_text(intro, encoding="utf-8")
    toc = "format: jb-book\nroot: intro\n"
    if notebooks:
        (folder / "chapters").mkdir()
        toc += "chapters:\n" + "".join(f"  - file: chapters/{name}\n" for name in notebooks)
        for name, cells in notebooks.items():
            nb = nbformat.v4.new_notebook()
            nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
            nb.cells = [nbformat.v4.new_markdown_cell(f"# {name}")] + [nbformat.v4.new_code_cell(c) for c in cells]
            nbformat.write(nb, folder / "chapters" / f"{name}.ipynb")
    (folder / "_toc.yml").write_text(toc, encoding="utf-8")
    return folder


def small_book(
    folder: Path, names: list[str], editions: tuple[str, ...] = ("en", "zh"), *, real_home: bool = False
) -> Path:
    """A book of some of the project's own chapters (by file stem), with their Chinese twins, the
    project's config, static files and data, and a one-paragraph home page: what a whole-book property
    (determinism, hostile data) needs, at the cost of a few chapters instead of all of them. The chapters
    must not link to chapters left out (the build treats a dangling link as an error). With `real_home`,
    the home page is the book's own (its cards and chart), and each chapter left out is a stub holding
    only its title, so that the home page's links and the table of contents still resolve."""
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "_config.yml", folder / "_config.yml")
    shutil.copytree(ROOT / "_static", folder / "_static")
    (folder / "data").symlink_to(DATA_DIR.resolve())
    (folder / "chapters").mkdir()
    home = {"en": "# Jindong District in numbers\n\nA small book for a test.", "zh": "# 数读金东区\n\n测试用的小书。"}
    every = [p.stem for p in chapters()]
    for lang in editions:
        where = folder if lang == "en" else folder / "chapters" / "zh"
        source = ROOT if lang == "en" else ROOT / "chapters" / "zh"
        where.mkdir(exist_ok=True)
        if real_home:
            shutil.copy(source / "intro.ipynb", where / "intro.ipynb")
        else:
            nb = nbformat.v4.new_notebook()
            nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
            nb.cells = [nbformat.v4.new_markdown_cell(home[lang])]
            nbformat.write(nb, where / "intro.ipynb")
        chapters_dir = where / ("chapters" if lang == "en" else "")
        for name in every if real_home else names:
            notebook = (source / "chapters" if lang == "en" else source) / f"{name}.ipynb"
            if name in names:
                shutil.copy(notebook, chapters_dir / f"{name}.ipynb")
            else:
                nb = nbformat.read(notebook, as_version=4)
                nb.cells = [nbformat.v4.new_markdown_cell(nb.cells[0].source.splitlines()[0])]
                nbformat.write(nb, chapters_dir / f"{name}.ipynb")
    toc = ROOT.joinpath("_toc.yml").read_text(encoding="utf-8")
    head, _, _ = toc.partition("    chapters:\n")
    (folder / "_toc.yml").write_text(
        head + "    chapters:\n" + "".join(f"      - file: chapters/{n}\n" for n in (every if real_home else names)),
        encoding="utf-8",
    )
    return folder


def build(source: Path, build_dir: Path, **env: str) -> subprocess.CompletedProcess:
    """`make book` of the book at `source` into `build_dir`, with any more environment (JINDONG_DATA …)."""
    env = {**os.environ, **env, "JINDONG_BOOK_SOURCE": str(source), "JINDONG_BUILD_DIR": str(build_dir)}
    run = subprocess.run(
        [sys.executable, "-m", "jindong.publish.build"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert str(ROOT / "_build") not in run.stdout + run.stderr, "the test build used the project's _build/"
    return run


def failure_block(stderr: str) -> str:
    """The summary the build prints last, from its 'BUILD FAILED' line on."""
    assert "BUILD FAILED" in stderr, stderr[-2000:]
    return stderr[stderr.rindex("BUILD FAILED") :]


# ---------------------------------------------------------------- is this text English?

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
# (?<!…)/(?!…) rather than \b: in Python \b sees no boundary between a Han character and a letter
_A, _Z = r"(?<![A-Za-z0-9_])", r"(?![A-Za-z0-9_])"
# Latin text that belongs on a Chinese page, taken out first: addresses, quoted codes, table.field,
# file names, ids (jd_gwr_2023), and pinyin (a word with a tone mark, and the words around it).
IDS = re.compile(
    rf"https?://\S+|'[a-z_]+'|{_A}[a-z_]+\.[a-z_]+{_Z}|[\w./-]+\.(?:csv|yaml|yml|ipynb|py|pdf|json|md|html){_Z}|"
    rf"{_A}[a-z0-9]+(?:_[a-z0-9]+)+{_Z}|[\w.-]*(?:/[\w.-]+)+/?|{_A}make [a-z-]+|"
    r"(?:[A-Za-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][A-Za-zü]*[\s·-]*)+"
)
# then the English the data carry (data_english), then these words: abbreviations, tools, units
WORDS = re.compile(
    rf"{_A}(?:GDP|PDF|CSV|CC BY|Plotly|JupyterLab|Jupyter Book|Jupyter|Frictionless|OpenCC|jieba|nbval|Python|"
    rf"pandas|make|git|MIT|UTF-8|GBK|BOM|Excel|WPS|URL|ID|id|PM2\.5|R&D|AAAA|km|MW|mu|GB|KB|MB|x|y){_Z}"
)


@functools.cache
def data_english() -> list[str]:
    """The English the dataset carries (labels, names, meanings, the codes the data dictionary lists):
    shown beside the Chinese on purpose, longest first."""
    from jindong.dataset.data import load
    from jindong.dataset.schema import package

    ds = load()
    values = []
    for table, cols in {
        "indicators": ["label_en"],
        "priorities": ["label_en", "group_en"],
        "terms": ["en", "pinyin", "meaning"],
        "sources": ["title_en"],  # publisher: publisher_zh on Chinese pages
        "themes": ["label_en"],
        "frameworks": ["title_en"],
        "statements": ["text_en"],
    }.items():
        df = getattr(ds, table)
        values += [str(v) for c in cols if c in df for v in df[c] if isinstance(v, str) and len(v) > 3]
    for res in package(DATA_DIR).resources:
        for f in res.schema.fields:
            values += [str(v) for v in (f.constraints or {}).get("enum", [])]
    return sorted(set(values), key=len, reverse=True)


def english_share(text: str) -> tuple[int, float]:
    """(Latin letters, their share of all letters) once what belongs on a Chinese page is taken out."""
    text = IDS.sub(" ", text.replace("\u200b", ""))  # zero-width spaces let long ids break
    for value in data_english():
        if value in text:
            text = text.replace(value, " ")
    text = WORDS.sub(" ", text)
    latin, han = len(LATIN.findall(text)), len(HAN.findall(text))
    return latin, (latin / (latin + han) if latin + han else 0.0)


def is_english(text: str) -> bool:
    """A paragraph in English: a dozen Latin letters or more, and more of them than Chinese characters."""
    latin, share = english_share(text)
    return latin >= 12 and share > 0.5


# ---------------------------------------------------------------- the PDF editions


def pdf_text(pdf: Path) -> str:
    """A built PDF's text (poppler's pdftotext), or a skip saying what is missing."""
    require(pdf.exists(), f"no PDF at {pdf}: run `make pdf`")
    require(bool(shutil.which("pdftotext") and shutil.which("pdffonts")), "poppler-utils is not installed")
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def site_charts(site: Path) -> list[tuple[str, str, bool]]:
    """(name, title, interactive-only) of every chart of one edition's website, in page order."""
    import html

    require((site / "index.html").exists(), f"no built site at {site}: run `make book`")
    charts = []
    for page in pages(site):
        body = page.read_text(encoding="utf-8")
        for m in re.finditer(r'<div class="jd-chart" id="jd-([\w-]+)"><p class="jd-chart-title"[^>]*>(.*?)</p>', body):
            end = body.find('<div class="jd-chart" id=', m.end())
            plot = body[m.end() : end if end > 0 else len(body)]
            charts.append((m.group(1), html.unescape(m.group(2)), '"updatemenus"' in plot))
    assert len(charts) >= 30
    return charts
