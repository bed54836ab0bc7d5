"""`make bench`: build and page performance of the book, measured in one run.

Everything runs on a scratch copy of the project (never on data/ or _build/), so ratios taken in the
same run hold on a noisy shared machine. Writes benchmarks/results.json and prints a table.

  floor            kernel start + imports of the chapters' libraries, × number of chapters
  clean            execute every notebook + HTML, from an empty cache, as `make book` builds
                   (jindong.publish.build): serial (JINDONG_JOBS=1, the chapters one after another as
                   before) and parallel (the execution pool of execute.py), alternated, two of each
  unchanged        rebuild with nothing changed (fraction of clean)
  one chapter      rebuild after one chapter's code cell changed (fraction of clean; only it re-runs)
  nbval            pytest --nbval-lax over all chapters: serial, and with pytest-xdist (-n, --dist loadfile)
  plotly.js        the bundle the site ships (make plotly-bundle) and the Python package's full
                   plotly.min.js: bytes raw and gzip
  page weight      HTML bytes per chapter; gzip bytes a reader downloads (plotly.js counted once)
  time to charts   navigation → every chart drawn, per page, headless Chromium, local server: the
                   site with the small bundle and the same site with the full plotly.min.js, side by side
  scale            synthetic data 10× and 100× the real rows: build time and page weight
  alternative      one chapter with Plotly's usual set-up (plotly.js inlined) for weight and time
  first-paint      (`bench.py first-paint [BASE]`, make bench-first-paint) the site before issue 27 and
                   this one, each built clean twice, alternated; then first visits to every page of both
                   editions: the first screen's charts visible and interactive, JavaScript bytes, CLS
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
JB = str(Path(PY).with_name("jupyter-book"))
CHROMIUM = "/usr/bin/chromium"
IMPORTS = (
    "import pandas, plotly, myst_nb, jindong.content.glue, jindong.content.chapters.results_2022, jindong.content.chapters.targets, "
    "jindong.content.chapters.outcomes, jindong.content.chapters.plans, jindong.content.chapters.evolution, jindong.content.chapters.explorer; "
    "from jindong.dataset.data import load; _ = load()"
)


def scratch_copy() -> Path:
    dst = Path(tempfile.mkdtemp(prefix="jd-bench-")) / "book"
    shutil.copytree(
        ROOT,
        dst,
        ignore=shutil.ignore_patterns(
            ".venv", "_build", ".git", "node_modules", "__pycache__", ".pytest_cache", "benchmarks"
        ),
    )
    return dst


def run(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, str]:
    """Seconds a command took, and its output; exits with both ends of the output if it failed."""
    t = time.perf_counter()
    r = subprocess.run(cmd, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True)
    if r.returncode != 0:
        problems = [
            line
            for line in (r.stdout + r.stderr).splitlines()
            if re.search(r"WARNING|ERROR|Error|Exception", line) and "IPKernelApp" not in line
        ]
        sys.exit(f"benchmark step failed: {' '.join(cmd)}\n" + "\n".join(problems[:20]) + f"\n{r.stderr[-2000:]}")
    return time.perf_counter() - t, r.stdout + r.stderr


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> float:
    return run(cmd, cwd, env)[0]


BUILDS: dict[str, dict[str, float]] = {}  # output folder -> time spent executing notebooks in its last build


def build(project: Path, out: Path, env: dict | None = None, jobs: int | None = None) -> float:
    """Build the book as `make book` does (jindong.publish.build: the execution pool, then jupyter-book)
    into `out`; note how long notebooks took: `executing_s` the sum of each notebook's time, `wall_s`
    the time the build spent executing them (the pool's time, or the sum when serial)."""
    env = {"JINDONG_BOOK_SOURCE": str(project), "JINDONG_BUILD_DIR": str(out), **(env or {})}
    if jobs:
        env["JINDONG_JOBS"] = str(jobs)
    t, log = run([PY, "-m", "jindong.publish.build"], project, env)
    serial = [float(x) for x in re.findall(r"Executed notebook in ([0-9.]+) seconds", log)]
    pooled = [float(x) for x in re.findall(r"^  \S+\.ipynb: executed in ([0-9.]+) s$", log, re.M)]
    pool_wall = sum(float(x) for x in re.findall(r"^executed \d+ notebooks in ([0-9.]+) s$", log, re.M))
    BUILDS[str(out)] = {"executing_s": sum(serial) + sum(pooled), "wall_s": sum(serial) + pool_wall}
    return t


def site_of(out: Path) -> Path:
    return out / "html"


def floor(n_chapters: int) -> float:
    """One kernel start plus the chapters' imports and data load, timed end to end."""
    code = (
        "import time, jupyter_client; t=time.perf_counter(); km, kc = jupyter_client.manager.start_new_kernel("
        "kernel_name='python3'); kc.execute_interactive(" + repr(IMPORTS) + ", timeout=120); "
        "print('FLOOR', time.perf_counter()-t); kc.stop_channels(); km.shutdown_kernel(now=True)"
    )
    out = subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True).stdout
    return float(re.findall(r"FLOOR (\S+)", out)[-1]) * n_chapters


def load_time(data: Path) -> float:
    """Seconds one kernel spends in jindong.dataset.data.load() (validation included), imports excluded."""
    code = (
        "import time, jindong.dataset.data, jindong.dataset.validate, jindong.dataset.schema, frictionless; t = time.perf_counter(); "
        "jindong.dataset.data.load(); print('LOAD', time.perf_counter() - t)"
    )
    out = subprocess.run(
        [PY, "-c", code], env={**os.environ, "JINDONG_DATA": str(data)}, capture_output=True, text=True, check=True
    ).stdout
    return float(re.findall(r"LOAD (\S+)", out)[-1])


def page_weights(site: Path) -> dict[str, dict[str, int]]:
    """HTML bytes, and gzip bytes of the page plus every local script/stylesheet it loads."""
    weights = {}
    for page in sorted((site / "chapters").glob("*.html")):
        html = page.read_text(encoding="utf-8")
        assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="(\.\./_static/[^"?]+)', html)
        total = len(gzip.compress(html.encode()))
        for a in dict.fromkeys(assets):
            f = (page.parent / a).resolve()
            if f.suffix in (".js", ".css") and f.exists():
                total += len(gzip.compress(f.read_bytes()))
        weights[page.stem] = {"html_bytes": len(html.encode()), "download_gzip_bytes": total}
    return weights


# The first screen's charts drawn: each of our figures (script.jd-figure, drawn by jindong.js as it comes
# near the screen) and any Plotly plot (the inlined alternative draws while the page is parsed) in the
# viewport has its SVG. (Before issue 27 every chart of a page was drawn at once, and this waited for all.)
DRAWN = (
    "document.readyState !== 'loading'"
    " && [...document.querySelectorAll('script.jd-figure')].map(s => document.getElementById(s.dataset.for))"
    "      .concat([...document.querySelectorAll('.js-plotly-plot')])"
    "      .filter(el => el && el.getBoundingClientRect().top < innerHeight && el.getBoundingClientRect().bottom > 0)"
    "      .every(el => el.querySelector('.main-svg'))"
)
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):  # a page closed mid-download: not a failure
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(site: Path) -> tuple[_Server, str]:
    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def median(xs: list[float]) -> float:
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def time_to_charts(sites: dict[str, Path], pages: list[str], rounds: int = 3) -> dict[str, dict[str, dict]]:
    """Navigation start → every chart drawn, per site and page, in seconds: `first` and `warm` visits.

    Several sites (the same book with another plotly.js) are measured side by side: each visit to a
    page on one is followed by the same visit on the other, so a busy moment of a shared machine falls
    on both alike.
    first: a first visit, nothing cached (a fresh browser context per visit); median of `rounds`.
    warm:  the median of `rounds` visits in a browser profile that has seen every page once, as a
           reader's browser moving through the book: its HTTP cache holds plotly.js and V8's code
           cache holds its compiled code. (Playwright's default context is off the record and keeps no
           code cache, so plotly.js would be compiled again on every page, as no reader's browser does.)
    """
    from playwright.sync_api import sync_playwright

    servers = {name: serve(site) for name, site in sites.items()}

    def visit(ctx, base: str, rel: str) -> float:
        page = ctx.new_page()
        page.goto(f"{base}/{rel}", wait_until="commit")
        page.wait_for_function(DRAWN, polling=10, timeout=60_000)
        t = page.evaluate("performance.now()") / 1000
        page.close()
        return t

    first = {name: {rel: [] for rel in pages} for name in sites}
    warm = {name: {rel: [] for rel in pages} for name in sites}
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        for _ in range(rounds):
            for rel in pages:
                for name, (_, base) in servers.items():
                    ctx = b.new_context()
                    first[name][rel].append(visit(ctx, base, rel))
                    ctx.close()
        b.close()
        with contextlib.ExitStack() as stack:
            ctxs = {}
            for name in sites:
                profile = stack.enter_context(tempfile.TemporaryDirectory(prefix=f"jd-bench-profile-{name}-"))
                ctxs[name] = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=BROWSER_ARGS)
                stack.callback(ctxs[name].close)
            for rel in pages:  # the reader has been here before
                for name, (_, base) in servers.items():
                    visit(ctxs[name], base, rel)
            for _ in range(rounds):
                for rel in pages:
                    for name, (_, base) in servers.items():
                        warm[name][rel].append(visit(ctxs[name], base, rel))
    for server, _ in servers.values():
        server.shutdown()
    return {
        name: {
            rel: {"first": median(first[name][rel]), "warm": median(warm[name][rel]), "first_runs": first[name][rel]}
            for rel in pages
        }
        for name in sites
    }


def bundle_sizes(path: Path) -> dict[str, int]:
    data = path.read_bytes()
    return {"raw_bytes": len(data), "gzip_bytes": len(gzip.compress(data))}


def nbval(project: Path, workers: int | None) -> float:
    """pytest --nbval-lax over the chapters: serial, or with pytest-xdist (one notebook to a worker)."""
    cmd = [PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax", "chapters"]
    if workers:
        cmd += ["-n", str(workers), "--dist", "loadfile"]
    return timed(cmd, project)


def synthetic(data: Path, factor: int, dst: Path) -> Path:
    """data/ with indicators (and their derived sections) repeated `factor` times under new ids/metrics."""
    import csv

    shutil.copytree(data, dst)
    for name, key in (("indicators.csv", "id"), ("derived/sections.csv", "indicator_id")):
        with open(data / name, encoding="utf-8", newline="") as fh:
            r = csv.DictReader(fh)
            header, rows = r.fieldnames, list(r)
        out = []
        for k in range(factor):
            for row in rows:
                row = dict(row)
                if k:  # a new, valid id (<prefix>_s<k>-<letter><3 digits>) and metric per copy
                    row[key] = re.sub(r"^([a-z0-9_]+)-", rf"\1_s{k}-", row[key])
                    if "metric" in row:
                        row["metric"] = f"{row['metric']}_s{k}"
                out.append(row)
        with open(dst / name, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
            w.writeheader()
            w.writerows(out)
    return dst


def inline_plotly_js(project: Path, chapter: Path) -> None:
    """Turn `chapter` into the usual set-up: fig.show() with the "notebook" renderer, no glue figures.

    The renderer is chosen once, in the first cell that shows a chart, as an author would (each choice
    of "notebook" inlines plotly.js again). The book becomes the intro and this chapter only: the
    intro's links to the other chapters would be warnings (-W) in a book without them.
    """
    import nbformat

    nb = nbformat.read(chapter, as_version=4)
    first = [True]

    def show(m: re.Match) -> str:
        setup = 'import plotly.io as pio\npio.renderers.default = "notebook"\n' if first[0] else ""
        first[0] = False
        return f"{setup}{m.group(1)}.fig.show()"

    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = re.sub(r'glue_chart\("ch2-[a-z-]+", (perf\.[a-z_]+\(\))\)', show, cell.source)
            tags = cell.metadata.get("tags", [])
            cell.metadata["tags"] = [t for t in tags if t != "remove-cell"] if ".fig.show()" in cell.source else tags
        else:
            cell.source = re.sub(r"```\{figure\}\n:name: fig-ch2-.*?```", "", cell.source, flags=re.S)
    nbformat.write(nb, chapter)
    (project / "_toc.yml").write_text(
        f"format: jb-book\nroot: intro\nparts:\n  - caption: A\n    chapters:\n      - file: chapters/{chapter.stem}\n",
        encoding="utf-8",
    )
    (project / "intro.ipynb").unlink(missing_ok=True)  # the home page (its own chart) is not compared
    (project / "intro.md").write_text(
        "# Comparison\n\nOne chapter with Plotly's usual set-up (plotly.js inlined).\n", encoding="utf-8"
    )


def ensure_bundle() -> dict:
    """The small plotly.js (make plotly-bundle), built if it can be: what the benchmark compares."""
    from jindong.publish import plotly_bundle

    if plotly_bundle.current() is None and plotly_bundle.why_not() is None:
        plotly_bundle.build()
    small = plotly_bundle.current()
    return {
        "small": str(small) if small else None,
        "why_not": None if small else plotly_bundle.why_not() or "not built",
        "full": str(plotly_bundle.full_bundle()),
        "traces": list(plotly_bundle.TRACES),
    }


# ---------------------------------------------------------------- first paint (issue 27)

# The site before issue 27: every chart drawn at load, nothing shown before plotly.js; Font Awesome's JS.
BASELINE = "b8c3a16"
VIEWPORT = {"width": 1280, "height": 900}
# From navigation start, at every frame: when each chart first shows something (its static picture,
# loaded and shown, or the chart itself) and when it is drawn; and the page's layout shifts (CLS).
FIRST_PAINT_PROBE = """(() => {
  const seen = {}, drawn = {}, bench = window.jdBench = {seen: seen, drawn: drawn, shift: 0};
  new PerformanceObserver(l => l.getEntries().forEach(e => { if (!e.hadRecentInput) bench.shift += e.value; }))
    .observe({type: 'layout-shift', buffered: true});
  const tick = () => {
    const now = performance.now();
    document.querySelectorAll('.jd-chart .jd-plot').forEach(el => {
      if (!drawn[el.id] && el.querySelector('.main-svg')) drawn[el.id] = now;
      if (!seen[el.id] && (drawn[el.id] || [...el.querySelectorAll('.jd-static img')].some(
            i => i.complete && i.naturalWidth > 0 && i.checkVisibility()))) seen[el.id] = now;
    });
    if (now < 30000) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();"""
FIRST_SCREEN = """() => [...document.querySelectorAll('.jd-chart .jd-plot')].filter(el => {
  const r = el.getBoundingClientRect(); return r.top < innerHeight && r.bottom > 0; }).map(el => el.id)"""
SCRIPT_BYTES = """() => performance.getEntriesByType('resource').filter(e => /\\.js(\\?|$)/.test(e.name))
  .reduce((n, e) => n + e.decodedBodySize, 0)"""


def tree_at(commit: str | None) -> Path:
    """The project as committed at `commit` (None: the working tree as it is), in a scratch folder,
    built with its own package (build_tree) and the project's node_modules (the same plotly.js bundle)."""
    if commit is None:
        dst = scratch_copy()
    else:
        dst = Path(tempfile.mkdtemp(prefix="jd-bench-base-")) / "book"
        dst.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit], capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(dst)], input=archive, check=True)
    if (ROOT / "node_modules").exists():
        (dst / "node_modules").symlink_to(ROOT / "node_modules")
    return dst


def build_tree(tree: Path, out: Path) -> float:
    """A clean build of both editions of `tree` with its own jindong package (PYTHONPATH first)."""
    from jindong.paths import sources_dir

    return build(tree, out, env={"PYTHONPATH": str(tree / "src"), "JINDONG_SOURCES": str(sources_dir())})


def first_paint_visit(browser, url: str) -> dict:
    """One first visit (a fresh context: nothing cached): when the first screen's charts were visible and
    when drawn (the slowest of them), the JavaScript bytes loaded, and the layout shift."""
    ctx = browser.new_context(viewport=VIEWPORT)
    page = ctx.new_page()
    page.add_init_script(FIRST_PAINT_PROBE)
    page.goto(url, wait_until="load")
    first = page.evaluate(FIRST_SCREEN)
    page.wait_for_function("ids => ids.every(id => window.jdBench.drawn[id])", arg=first, polling=50, timeout=60_000)
    page.wait_for_timeout(300)
    bench = page.evaluate("window.jdBench")
    res = {
        "charts": len(first),
        "visible_s": max(bench["seen"][i] for i in first) / 1000 if first else None,
        "interactive_s": max(bench["drawn"][i] for i in first) / 1000 if first else None,
        "js_bytes": page.evaluate(SCRIPT_BYTES),
        "cls": round(bench["shift"], 4),
    }
    ctx.close()
    return res


def first_paint() -> int:
    """`make bench` (bench.py first-paint [BASE]): today's site (BASE, before issue 27) and the new one,
    side by side in one run. Each built clean, both editions, twice, alternated (the build-time cost of
    the pictures: ≤ 1.2×); then every chapter page and the home page of both editions, three first
    visits each, alternated between the sites: visible and interactive (the first screen's charts,
    the slowest of them; a page whose first screen has no chart is opened at its first figure's
    #fig- address), JavaScript bytes and CLS. Kept in results.json under "first_paint"."""
    from playwright.sync_api import sync_playwright

    base = sys.argv[2] if len(sys.argv) > 2 else BASELINE
    trees = {"before": tree_at(base), "after": tree_at(None)}
    builds: dict[str, list[float]] = {name: [] for name in trees}
    for k in range(2):
        for name, tree in trees.items():
            builds[name].append(build_tree(tree, tree.parent / f"site-{k}"))
            print(f"clean build {k + 1}, {name}: {builds[name][-1]:.1f} s", flush=True)
    sites = {name: site_of(tree.parent / "site-0") for name, tree in trees.items()}
    paths = ["intro.html"] + [f"chapters/{c.stem}.html" for c in sorted((ROOT / "chapters").glob("[0-9][0-9]-*.ipynb"))]
    paths += [f"zh/{p}" for p in paths]
    servers = {name: serve(site) for name, site in sites.items()}
    runs: dict[str, dict[str, list[dict]]] = {name: {p: [] for p in paths} for name in sites}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        where = {}
        for path in paths:  # a page whose first screen holds no chart: opened at its first figure
            html = (sites["after"] / path).read_text(encoding="utf-8")
            figure = re.search(r'<figure[^>]* id="(fig-[\w-]+)"', html)
            probe = first_paint_visit(browser, f"{servers['after'][1]}/{path}")
            where[path] = path if probe["charts"] or not figure else f"{path}#{figure.group(1)}"
        for _ in range(3):
            for path in paths:
                for name, (_, url) in servers.items():
                    runs[name][path].append(first_paint_visit(browser, f"{url}/{where[path]}"))
        browser.close()
    for server, _ in servers.values():
        server.shutdown()

    def summary(visits: list[dict]) -> dict:
        out = {"charts": visits[0]["charts"], "js_bytes": max(v["js_bytes"] for v in visits)}
        for key in ("visible_s", "interactive_s", "cls"):
            out[key] = median([v[key] for v in visits]) if visits[0][key] is not None else None
        return out

    res = {
        "baseline": base,
        "viewport": VIEWPORT,
        "clean_build_both_editions_s": builds,
        "build_ratio": round(min(builds["after"]) / min(builds["before"]), 2),
        "opened_at": {p: w for p, w in where.items() if w != p},
        "pages": {p: {name: summary(runs[name][p]) for name in sites} for p in paths},
    }
    path = ROOT / "benchmarks" / "results.json"
    results = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    results["first_paint"] = res
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    report_first_paint(res)
    for tree in trees.values():
        shutil.rmtree(tree.parent, ignore_errors=True)
    return 0


def report_first_paint(r: dict) -> None:
    b = r["clean_build_both_editions_s"]
    print(
        f"clean build, both editions: before {', '.join(f'{x:.1f}' for x in b['before'])} s; after "
        f"{', '.join(f'{x:.1f}' for x in b['after'])} s; {r['build_ratio']:.2f} × (≤ 1.2 ×)"
    )
    print(f"{'page':<46} {'visible s':>15} {'interactive s':>15} {'JS KB':>13} {'CLS':>13}")
    print(f"{'':<46} {'before  after':>15} {'before  after':>15} {'before after':>13} {'before after':>13}")

    def pair(sides: dict, key: str, fmt: str) -> str:
        return " ".join(("   —" if s[key] is None else format(s[key], fmt)) for s in (sides["before"], sides["after"]))

    for page, sides in r["pages"].items():
        a, n = sides["before"], sides["after"]
        at = " (at its first figure)" if page in r["opened_at"] else ""
        print(
            f"{page + at:<46} {pair(sides, 'visible_s', '6.2f'):>15} {pair(sides, 'interactive_s', '6.2f'):>15} "
            f"{a['js_bytes'] / 1000:6.0f} {n['js_bytes'] / 1000:6.0f} {pair(sides, 'cls', '6.3f'):>13}"
        )


def editions() -> int:
    """`make bench-editions`: a clean build of both editions against English alone (issue 13: ≤ 1.6×),
    alternated in one run, two of each; the Chinese pages' weight. Kept in results.json under "editions"."""
    project = scratch_copy()
    work = project.parent
    runs: dict[str, list[float]] = {"en": [], "en zh": []}
    for k in range(2):
        for which in ("en", "en zh"):
            runs[which].append(
                build(project, work / f"site-{which.replace(' ', '-')}-{k}", env={"JINDONG_EDITIONS": which})
            )
    site = site_of(work / "site-en-zh-0")
    zh = page_weights(site / "zh")
    en, both = min(runs["en"]), min(runs["en zh"])
    res = {
        "english_alone_s": runs["en"],
        "both_editions_s": runs["en zh"],
        "ratio": round(both / en, 2),
        "largest_chinese_html_bytes": max(w["html_bytes"] for w in zh.values()),
        "chinese_html_bytes": {k: w["html_bytes"] for k, w in zh.items()},
    }
    path = ROOT / "benchmarks" / "results.json"
    results = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    results["editions"] = res
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"clean build, English alone: {', '.join(f'{x:.1f}' for x in runs['en'])} s")
    print(f"clean build, both editions: {', '.join(f'{x:.1f}' for x in runs['en zh'])} s")
    print(f"both / English alone (best of two each): {res['ratio']:.2f} × (target ≤ 1.6 ×)")
    print(f"largest Chinese page: {res['largest_chinese_html_bytes'] / 1024:.0f} KB (≤ 400 KB)")
    shutil.rmtree(work, ignore_errors=True)
    return 0


def main() -> int:
    if sys.argv[1:] == ["editions"]:
        return editions()
    if sys.argv[1:2] == ["first-paint"]:
        return first_paint()
    bundles = ensure_bundle()
    project = scratch_copy()
    work = project.parent
    chapters = sorted((project / "chapters").glob("[0-9][0-9]-*.ipynb"))
    res: dict = {"machine": os.uname().nodename, "cores": os.cpu_count(), "chapters": len(chapters)}
    print(f"scratch copy: {project}")

    res["floor_s"] = floor(len(chapters))
    # Clean builds, serial (the build executes the chapters one after another, as before execute.py)
    # and parallel (the execution pool, as make book now does), alternated: two of each.
    clean = {"serial": [], "parallel": []}
    for k in range(2):
        for mode, jobs in (("serial", 1), ("parallel", None)):
            out = work / f"site-{mode}-{k}"
            clean[mode].append({"build_s": build(project, out, jobs=jobs), **BUILDS[str(out)]})
    res["clean_builds"] = clean
    res["clean_build_serial_s"] = min(c["build_s"] for c in clean["serial"])
    res["clean_build_s"] = min(c["build_s"] for c in clean["parallel"])
    res["clean_build_executing_s"] = min(c["executing_s"] for c in clean["parallel"])
    out = work / "site-parallel-0"
    res["unchanged_rebuild_s"] = build(project, out)
    nb = chapters[1]
    text = nb.read_text(encoding="utf-8")
    nb.write_text(
        text.replace('"from myst_nb import glue', '"# bench: a changed code cell\\nfrom myst_nb import glue', 1),
        encoding="utf-8",
    )
    res["one_chapter_rebuild_s"] = build(project, out)
    res["nbval_serial_s"] = nbval(project, None)
    res["nbval_s"] = nbval(project, os.cpu_count() or 2)
    site = site_of(out)
    res["page_weight"] = page_weights(site)

    # The same site with the Python package's full plotly.min.js, for the comparison.
    res["plotly_js"] = {"bundle": bundles, "small": bundle_sizes(site / "_static" / "plotly.min.js")}
    res["plotly_js"]["full"] = bundle_sizes(Path(bundles["full"]))
    full_site = work / "site-full-plotly"
    shutil.copytree(site, full_site)
    shutil.copyfile(bundles["full"], full_site / "_static" / "plotly.min.js")
    res["page_weight_full_plotly"] = page_weights(full_site)
    pages = ["intro.html"] + [f"chapters/{c.stem}.html" for c in chapters] + ["search.html"]
    if Path(CHROMIUM).exists():
        both = time_to_charts({"small": site, "full": full_site}, pages)
        res["time_to_charts_s"] = both["small"]
        res["time_to_charts_full_plotly_s"] = both["full"]

    scale = {}
    for factor in (10, 100):
        data = synthetic(project / "data", factor, work / f"data{factor}")
        out = work / f"site{factor}"
        t = build(project, out, env={"JINDONG_DATA": str(data)})
        weights = page_weights(site_of(out))
        scale[f"{factor}x"] = {
            "build_s": t,
            "executing_s": BUILDS[str(out)]["executing_s"],
            "load_s": load_time(data),
            "max_html_bytes": max(w["html_bytes"] for w in weights.values()),
            "total_html_bytes": sum(w["html_bytes"] for w in weights.values()),
            "html_bytes": {k: w["html_bytes"] for k, w in weights.items()},
        }
    scale["1x"] = {
        "build_s": res["clean_build_s"],
        "executing_s": res["clean_build_executing_s"],
        "load_s": load_time(project / "data"),
        "max_html_bytes": max(w["html_bytes"] for w in res["page_weight"].values()),
        "total_html_bytes": sum(w["html_bytes"] for w in res["page_weight"].values()),
        "html_bytes": {k: w["html_bytes"] for k, w in res["page_weight"].items()},
    }
    res["scale"] = scale

    # The usual Jupyter Book set-up for Plotly: plotly.js inlined in the page (renderer "notebook").
    alt = work / "alt"
    shutil.copytree(project, alt)
    inline_plotly_js(alt, alt / "chapters" / nb.name)
    try:
        build(alt, work / "alt-site")
        alt_site = site_of(work / "alt-site")
        res["alternative"] = page_weights(alt_site)[nb.stem]  # counted as ours: the page and what it loads
        if Path(CHROMIUM).exists():
            rel = f"chapters/{nb.stem}.html"
            res["alternative"]["time_to_charts_s"] = time_to_charts({"alt": alt_site}, [rel])["alt"][rel]
    except SystemExit as e:  # the alternative is for comparison only: report, don't fail the bench
        res["alternative"] = {"error": str(e)[:500]}

    out = ROOT / "benchmarks" / "results.json"
    out.write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    report(res)
    shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


def report(r: dict) -> None:
    clean, serial = r["clean_build_s"], r["clean_build_serial_s"]
    rows = [
        ("floor (kernel + imports) × chapters", f"{r['floor_s']:.1f} s", ""),
        (
            "clean build, serial (as before)",
            f"{serial:.1f} s",
            "runs: " + ", ".join(f"{c['build_s']:.1f}" for c in r["clean_builds"]["serial"]),
        ),
        (
            "clean build, parallel",
            f"{clean:.1f} s",
            f"{clean / serial:.2f} × serial (target, two editions: ≤ 1.2 × serial English); "
            f"{clean / r['floor_s']:.2f} × floor; runs: "
            + ", ".join(f"{c['build_s']:.1f}" for c in r["clean_builds"]["parallel"]),
        ),
        (
            "unchanged rebuild",
            f"{r['unchanged_rebuild_s']:.1f} s",
            f"{r['unchanged_rebuild_s'] / clean:.0%} of clean (≤ 15%)",
        ),
        (
            "one chapter changed",
            f"{r['one_chapter_rebuild_s']:.1f} s",
            f"{r['one_chapter_rebuild_s'] / clean:.0%} of clean (≤ 35%)",
        ),
        ("nbval, all chapters, serial", f"{r['nbval_serial_s']:.1f} s", ""),
        (
            "nbval, all chapters, pytest -n",
            f"{r['nbval_s']:.1f} s",
            f"{r['nbval_s'] / r['nbval_serial_s']:.2f} × serial",
        ),
    ]
    pj = r["plotly_js"]
    rows.append(
        (
            "plotly.js shipped (raw / gzip)",
            f"{pj['small']['raw_bytes'] / 1e6:.2f} MB",
            f"{pj['small']['gzip_bytes'] / 1e3:.0f} KB gzip; the full plotly.min.js {pj['full']['raw_bytes'] / 1e6:.2f} MB / "
            f"{pj['full']['gzip_bytes'] / 1e3:.0f} KB gzip"
            + ("" if pj["bundle"]["small"] else f" — NO SMALL BUNDLE: {pj['bundle']['why_not']}"),
        )
    )
    w, wf = r["page_weight"], r["page_weight_full_plotly"]
    rows.append(("largest chapter HTML", f"{max(v['html_bytes'] for v in w.values()) / 1024:.0f} KB", "(≤ 400 KB)"))
    key = max(w, key=lambda k: w[k]["download_gzip_bytes"])
    rows.append(
        (
            "largest chapter download (gzip)",
            f"{w[key]['download_gzip_bytes'] / 1e3:.0f} KB",
            f"{key}; with the full plotly.min.js {wf[key]['download_gzip_bytes'] / 1e3:.0f} KB",
        )
    )
    t, tf = r.get("time_to_charts_s"), r.get("time_to_charts_full_plotly_s")
    if t:
        for visit, what in (
            ("first", "first visit, nothing cached (≤ 1 s)"),
            ("warm", "a reader's browser that has seen the site (≤ 1 s)"),
        ):
            chapters = {k: v for k, v in t.items() if k.startswith("chapters/")}
            page, worst = max(((k, v[visit]) for k, v in chapters.items()), key=lambda kv: kv[1])
            full_page, full_worst = max(
                ((k, v[visit]) for k, v in tf.items() if k.startswith("chapters/")), key=lambda kv: kv[1]
            )
            rows.append(
                (
                    f"time to charts, {visit}",
                    f"{worst:.2f} s",
                    f"slowest chapter {page} — {what}; full plotly.min.js {full_worst:.2f} s ({full_page}); "
                    f"intro {t['intro.html'][visit]:.2f} s vs {tf['intro.html'][visit]:.2f} s",
                )
            )
    s = r["scale"]
    for f in ("10x", "100x"):
        rows.append(
            (
                f"data {f}: build / page weight",
                f"{s[f]['build_s']:.1f} s",
                f"{s[f]['build_s'] / s['1x']['build_s']:.2f} × build "
                f"(executing {s[f]['executing_s']:.0f} s vs {s['1x']['executing_s']:.0f} s; data load "
                f"{s[f]['load_s']:.1f} s vs {s['1x']['load_s']:.1f} s per chapter), "
                f"{s[f]['max_html_bytes'] / s['1x']['max_html_bytes']:.2f} × largest page (≤ 1.5, ≤ 2)",
            )
        )
    a = r.get("alternative", {})
    if "html_bytes" in a:
        key = next(k for k in w if k.startswith("02-"))
        ours = w[key]
        rows.append(
            (
                "plotly.js inlined (chapter 2)",
                f"{a['html_bytes'] / 1024:.0f} KB",
                f"ours {ours['html_bytes'] / 1024:.0f} KB; gzip {a['download_gzip_bytes'] / 1024:.0f} KB vs "
                f"{ours['download_gzip_bytes'] / 1024:.0f} KB",
            )
        )
        if t and "time_to_charts_s" in a:
            mine = t[f"chapters/{key}.html"]
            rows.append(
                (
                    "  its time to charts",
                    f"{a['time_to_charts_s']['warm']:.2f} s",
                    f"warm (ours {mine['warm']:.2f} s); first visit {a['time_to_charts_s']['first']:.2f} s "
                    f"(ours {mine['first']:.2f} s)",
                )
            )
    elif "error" in a:
        rows.append(("plotly.js inlined (chapter 2)", "failed", a["error"][:200]))
    width = max(len(x[0]) for x in rows)
    for name, val, note in rows:
        print(f"{name:<{width}}  {val:>10}  {note}")


if __name__ == "__main__":
    sys.exit(main())
