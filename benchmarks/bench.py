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
IMPORTS = ("import pandas, plotly, myst_nb, jindong.book, jindong.figures.performance, jindong.figures.targets, "
           "jindong.figures.outcomes, jindong.figures.plans, jindong.figures.evolution, jindong.explorer; "
           "from jindong.data import load; _ = load()")


def scratch_copy() -> Path:
    dst = Path(tempfile.mkdtemp(prefix="jd-bench-")) / "book"
    shutil.copytree(ROOT, dst, ignore=shutil.ignore_patterns(".venv", "_build", ".git", "node_modules",
                                                            "__pycache__", ".pytest_cache", "benchmarks"))
    return dst


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> float:
    t = time.perf_counter()
    r = subprocess.run(cmd, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"benchmark step failed: {' '.join(cmd)}\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")
    return time.perf_counter() - t


def build(project: Path, out: Path, env: dict | None = None, extra: tuple = ()) -> float:
    return timed([JB, "build", str(project), "--path-output", str(out), "-n", "-W", "--keep-going", *extra],
                 project, env)


def floor(n_chapters: int) -> float:
    """One kernel start plus the chapters' imports and data load, timed end to end."""
    code = ("import time, jupyter_client; t=time.perf_counter(); km, kc = jupyter_client.manager.start_new_kernel("
            "kernel_name='python3'); kc.execute_interactive(" + repr(IMPORTS) + ", timeout=120); "
            "print('FLOOR', time.perf_counter()-t); kc.stop_channels(); km.shutdown_kernel(now=True)")
    out = subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True).stdout
    return float(re.findall(r"FLOOR (\S+)", out)[-1]) * n_chapters


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


def time_to_charts(site: Path, pages: list[str]) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    out = {}
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu",
                                                              "--disable-background-networking"])
        ctx = b.new_context()
        warm = ctx.new_page()
        warm.goto(f"{base}/{pages[0]}", wait_until="load")  # plotly.min.js cached once, as for a reader
        warm.close()
        for rel in pages:
            page = ctx.new_page()
            page.goto(f"{base}/{rel}", wait_until="commit")
            page.wait_for_function(
                "document.readyState !== 'loading' && [...document.querySelectorAll('.js-plotly-plot')]"
                ".every(el => el.querySelector('.main-svg'))", polling=10, timeout=60_000)
            out[rel] = page.evaluate("performance.now()") / 1000
            page.close()
        b.close()
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


def inline_plotly_js(path: Path) -> None:
    """Turn chapter 2 into the usual set-up: fig.show() with the "notebook" renderer, no glue figures."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = re.sub(r'glue\("ch2-[a-z-]+", (perf\.[a-z_]+\(\)), display=False\)',
                                 r'import plotly.io as pio\npio.renderers.default = "notebook"\n\1.fig.show()', cell.source)
            tags = cell.metadata.get("tags", [])
            cell.metadata["tags"] = [t for t in tags if t != "remove-cell"] if ".fig.show()" in cell.source else tags
        else:
            cell.source = re.sub(r"```\{glue:figure\}.*?```", "", cell.source, flags=re.S)
    nbformat.write(nb, path)


def main() -> int:
    project = scratch_copy()
    work = project.parent
    chapters = sorted((project / "chapters").glob("[0-9][0-9]-*.ipynb"))
    res: dict = {"machine": os.uname().nodename, "cores": os.cpu_count(), "chapters": len(chapters)}
    print(f"scratch copy: {project}")

    res["floor_s"] = floor(len(chapters))
    res["clean_build_s"] = build(project, work / "site")
    res["unchanged_rebuild_s"] = build(project, work / "site")
    nb = chapters[1]
    text = nb.read_text(encoding="utf-8")
    nb.write_text(text.replace('"from myst_nb import glue', '"# bench: a changed code cell\\nfrom myst_nb import glue', 1),
                  encoding="utf-8")
    res["one_chapter_rebuild_s"] = build(project, work / "site")
    res["nbval_s"] = timed([PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax", "chapters"], project)
    site = work / "site" / "_build" / "html"
    res["page_weight"] = page_weights(site)
    pages = ["intro.html"] + [f"chapters/{c.stem}.html" for c in chapters]
    if Path(CHROMIUM).exists():
        res["time_to_charts_s"] = time_to_charts(site, pages)

    scale = {}
    for factor in (10, 100):
        data = synthetic(project / "data", factor, work / f"data{factor}")
        out = work / f"site{factor}"
        t = build(project, out, env={"JINDONG_DATA": str(data)})
        weights = page_weights(out / "_build" / "html")
        scale[f"{factor}x"] = {"build_s": t, "max_html_bytes": max(w["html_bytes"] for w in weights.values()),
                               "total_html_bytes": sum(w["html_bytes"] for w in weights.values())}
    scale["1x"] = {"build_s": res["clean_build_s"],
                   "max_html_bytes": max(w["html_bytes"] for w in res["page_weight"].values()),
                   "total_html_bytes": sum(w["html_bytes"] for w in res["page_weight"].values())}
    res["scale"] = scale

    # The usual Jupyter Book set-up for Plotly: plotly.js inlined in the page (renderer "notebook").
    alt = work / "alt"
    shutil.copytree(project, alt)
    (alt / "_toc.yml").write_text("format: jb-book\nroot: intro\nparts:\n  - caption: A\n    chapters:\n"
                                  f"      - file: chapters/{nb.stem}\n", encoding="utf-8")
    inline_plotly_js(alt / "chapters" / nb.name)
    try:
        build(alt, work / "alt-site")
        alt_site = work / "alt-site" / "_build" / "html"
        html = (alt_site / "chapters" / f"{nb.stem}.html")
        res["alternative"] = {"html_bytes": html.stat().st_size,
                              "download_gzip_bytes": len(gzip.compress(html.read_bytes()))}
        if Path(CHROMIUM).exists():
            res["alternative"]["time_to_charts_s"] = time_to_charts(alt_site, [f"chapters/{nb.stem}.html"])[f"chapters/{nb.stem}.html"]
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
        ("unchanged rebuild", f"{r['unchanged_rebuild_s']:.1f} s", f"{r['unchanged_rebuild_s'] / clean:.0%} of clean (≤ 15%)"),
        ("one chapter changed", f"{r['one_chapter_rebuild_s']:.1f} s", f"{r['one_chapter_rebuild_s'] / clean:.0%} of clean (≤ 35%)"),
        ("nbval, all chapters", f"{r['nbval_s']:.1f} s", ""),
    ]
    w = r["page_weight"]
    rows.append(("largest chapter HTML", f"{max(v['html_bytes'] for v in w.values()) / 1024:.0f} KB", "(≤ 400 KB)"))
    if "time_to_charts_s" in r:
        rows.append(("slowest time to charts", f"{max(r['time_to_charts_s'].values()):.2f} s", "(≤ 1 s)"))
    s = r["scale"]
    for f in ("10x", "100x"):
        rows.append((f"data {f}: build / page weight",
                     f"{s[f]['build_s']:.1f} s", f"{s[f]['build_s'] / s['1x']['build_s']:.2f} × build, "
                     f"{s[f]['max_html_bytes'] / s['1x']['max_html_bytes']:.2f} × largest page (≤ 1.5, ≤ 2)"))
    a = r.get("alternative", {})
    if "html_bytes" in a:
        ours = w[next(k for k in w if k.startswith("02-"))]
        rows.append(("plotly.js inlined (chapter 2)", f"{a['html_bytes'] / 1024:.0f} KB",
                     f"ours {ours['html_bytes'] / 1024:.0f} KB; gzip {a['download_gzip_bytes'] / 1024:.0f} KB vs "
                     f"{ours['download_gzip_bytes'] / 1024:.0f} KB"))
    width = max(len(x[0]) for x in rows)
    for name, val, note in rows:
        print(f"{name:<{width}}  {val:>10}  {note}")


if __name__ == "__main__":
    sys.exit(main())
