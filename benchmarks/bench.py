"""`make bench`: build and page performance of the book, measured in one run.

Everything runs on a scratch copy of the project (never on data/ or _build/), so ratios taken in the
same run hold on a noisy shared machine. Writes benchmarks/results.json and prints a table.

  floor            kernel start + imports of the chapters' libraries, × number of chapters
  clean            execute every notebook + HTML, from an empty cache
  unchanged        rebuild with nothing changed (fraction of clean)
  one chapter      rebuild after one chapter's code cell changed (fraction of clean; only it re-runs)
  nbval            pytest --nbval-lax over all chapters
  page weight      HTML bytes per chapter; gzip bytes a reader downloads (plotly.min.js counted once)
  time to charts   navigation → every chart drawn, per page, headless Chromium, local server
  scale            synthetic data 10× and 100× the real rows: build time and page weight
  alternative      one chapter with Plotly's usual set-up (plotly.js inlined) for weight and time
"""

from __future__ import annotations

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


BUILDS: dict[str, float] = {}  # output folder -> seconds spent executing notebooks in its last build


def build(project: Path, out: Path, env: dict | None = None, extra: tuple = ()) -> float:
    """Build the book; note how much of the time was notebook execution (myst-nb reports each)."""
    t, log = run(
        [JB, "build", str(project), "--path-output", str(out), "-n", "-W", "--keep-going", *extra], project, env
    )
    BUILDS[str(out)] = sum(float(x) for x in re.findall(r"Executed notebook in ([0-9.]+) seconds", log))
    return t


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


# Every chart drawn: each figure of ours (script.jd-figure, drawn by jindong.js) and any Plotly plot
# (the inlined alternative draws while the page is parsed) has its SVG.
DRAWN = (
    "document.readyState !== 'loading'"
    " && [...document.querySelectorAll('script.jd-figure')].every(s => {"
    "      const el = document.getElementById(s.dataset.for); return el && el.querySelector('.main-svg'); })"
    " && [...document.querySelectorAll('.js-plotly-plot')].every(el => el.querySelector('.main-svg'))"
)
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def time_to_charts(site: Path, pages: list[str], rounds: int = 3) -> dict[str, dict[str, float]]:
    """Navigation start → every chart drawn, per page, in seconds: `first` and `warm` visits.

    first: a first visit, nothing cached (a fresh browser context per page).
    warm:  the median of `rounds` visits in a browser profile that has seen every page once, as a
           reader's browser moving through the book: its HTTP cache holds plotly.min.js and V8's code
           cache holds its compiled code. (Playwright's default context is off the record and keeps no
           code cache, so plotly.min.js would be compiled again on every page, as no reader's browser does.)
    """
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a):
            pass

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address):  # a page closed mid-download: not a failure
            if not isinstance(sys.exc_info()[1], ConnectionError):
                super().handle_error(request, client_address)

    server = Server(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"

    def visit(ctx, rel: str) -> float:
        page = ctx.new_page()
        page.goto(f"{base}/{rel}", wait_until="commit")
        page.wait_for_function(DRAWN, polling=10, timeout=60_000)
        t = page.evaluate("performance.now()") / 1000
        page.close()
        return t

    out = {rel: {} for rel in pages}
    with sync_playwright() as p, tempfile.TemporaryDirectory(prefix="jd-bench-profile-") as profile:
        b = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        for rel in pages:
            ctx = b.new_context()
            out[rel]["first"] = visit(ctx, rel)
            ctx.close()
        b.close()
        ctx = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=BROWSER_ARGS)
        for rel in pages:  # the reader has been here before
            visit(ctx, rel)
        times = {rel: [] for rel in pages}
        for _ in range(rounds):
            for rel in pages:
                times[rel].append(visit(ctx, rel))
        ctx.close()
    for rel in pages:
        out[rel]["warm"] = sorted(times[rel])[len(times[rel]) // 2]
    server.shutdown()
    return out


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
            cell.source = re.sub(r'glue\("ch2-[a-z-]+", (perf\.[a-z_]+\(\)), display=False\)', show, cell.source)
            tags = cell.metadata.get("tags", [])
            cell.metadata["tags"] = [t for t in tags if t != "remove-cell"] if ".fig.show()" in cell.source else tags
        else:
            cell.source = re.sub(r"```\{glue:figure\}.*?```", "", cell.source, flags=re.S)
    nbformat.write(nb, chapter)
    (project / "_toc.yml").write_text(
        f"format: jb-book\nroot: intro\nparts:\n  - caption: A\n    chapters:\n      - file: chapters/{chapter.stem}\n",
        encoding="utf-8",
    )
    (project / "intro.md").write_text(
        "# Comparison\n\nOne chapter with Plotly's usual set-up (plotly.js inlined).\n", encoding="utf-8"
    )


def main() -> int:
    project = scratch_copy()
    work = project.parent
    chapters = sorted((project / "chapters").glob("[0-9][0-9]-*.ipynb"))
    res: dict = {"machine": os.uname().nodename, "cores": os.cpu_count(), "chapters": len(chapters)}
    print(f"scratch copy: {project}")

    res["floor_s"] = floor(len(chapters))
    res["clean_build_s"] = build(project, work / "site")
    res["clean_build_executing_s"] = BUILDS[str(work / "site")]
    res["unchanged_rebuild_s"] = build(project, work / "site")
    nb = chapters[1]
    text = nb.read_text(encoding="utf-8")
    nb.write_text(
        text.replace('"from myst_nb import glue', '"# bench: a changed code cell\\nfrom myst_nb import glue', 1),
        encoding="utf-8",
    )
    res["one_chapter_rebuild_s"] = build(project, work / "site")
    res["nbval_s"] = timed([PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax", "chapters"], project)
    site = work / "site" / "_build" / "html"
    res["page_weight"] = page_weights(site)
    pages = ["intro.html"] + [f"chapters/{c.stem}.html" for c in chapters] + ["search.html"]
    if Path(CHROMIUM).exists():
        res["time_to_charts_s"] = time_to_charts(site, pages)

    scale = {}
    for factor in (10, 100):
        data = synthetic(project / "data", factor, work / f"data{factor}")
        out = work / f"site{factor}"
        t = build(project, out, env={"JINDONG_DATA": str(data)})
        weights = page_weights(out / "_build" / "html")
        scale[f"{factor}x"] = {
            "build_s": t,
            "executing_s": BUILDS[str(out)],
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
        alt_site = work / "alt-site" / "_build" / "html"
        res["alternative"] = page_weights(alt_site)[nb.stem]  # counted as ours: the page and what it loads
        if Path(CHROMIUM).exists():
            res["alternative"]["time_to_charts_s"] = time_to_charts(alt_site, [f"chapters/{nb.stem}.html"])[
                f"chapters/{nb.stem}.html"
            ]
    except SystemExit as e:  # the alternative is for comparison only: report, don't fail the bench
        res["alternative"] = {"error": str(e)[:500]}

    out = ROOT / "benchmarks" / "results.json"
    out.write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    report(res)
    shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


def report(r: dict) -> None:
    clean = r["clean_build_s"]
    rows = [
        ("floor (kernel + imports) × chapters", f"{r['floor_s']:.1f} s", ""),
        ("clean build", f"{clean:.1f} s", f"{clean / r['floor_s']:.2f} × floor (target ≤ 2)"),
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
        ("nbval, all chapters", f"{r['nbval_s']:.1f} s", ""),
    ]
    w = r["page_weight"]
    rows.append(("largest chapter HTML", f"{max(v['html_bytes'] for v in w.values()) / 1024:.0f} KB", "(≤ 400 KB)"))
    t = r.get("time_to_charts_s")
    if t:
        for visit, what in (
            ("warm", "a reader's browser that has seen the site"),
            ("first", "first visit, nothing cached"),
        ):
            page, worst = max(((k, v[visit]) for k, v in t.items()), key=lambda kv: kv[1])
            rows.append((f"time to charts, {visit}", f"{worst:.2f} s", f"slowest page {page} — {what} (≤ 1 s)"))
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
