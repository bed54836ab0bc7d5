"""The book does not depend on chance: the same inputs give the same bytes.

Two properties, each proven where it is cheap:

- **The chapters' outputs** (charts, tables, numbers in prose): nbval runs every notebook of both
  editions with another hash seed and time zone than `make test`'s build, and each cell's outputs must
  equal the build's run of it (tests/same_as_build.py, a plugin: a conftest hook would not reach
  chapters/). `test_nbval_compares_each_cell_with_the_build` proves that comparison runs.
- **The site around them** — pages, search index, inventory, chart files, the Chinese edition's
  assembly — on a small book (chapter 1 in both editions; support.small_book): built from clean as
  `make book` builds it (notebooks in parallel, this machine's zone, today), then built again into
  another folder from the first build's execution caches, with what may legitimately differ made to
  differ — the hash seed (set and dict order), the date (SOURCE_DATE_EPOCH, as if built on another
  day), the time zone, the output folder, one job — so any random id, timestamp, ordering noise or
  build path that Sphinx, the theme or the package's page code put in the output shows up here.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jindong.paths import ROOT
from support import _comparable, built_from_this_book, first_difference, require, small_book

pytestmark = [pytest.mark.slow, pytest.mark.site]

COMPARED = ("*.html", "*.svg", "searchindex.js", "objects.inv")  # *.svg: the charts' static pictures too
# Sphinx appends a static file's checksum to its link (style.css?v=8cd3d715) only when the file is
# already in the output folder: a `make book` over an earlier build has it, a clean build has not.
CHECKSUM = re.compile(rb'\?v=[0-9a-f]{8}(?=")')


def another_day() -> str:
    """SOURCE_DATE_EPOCH for a build on another day of this year. (Not another year: Sphinx would then
    rewrite the copyright year, a fixed string of _config.yml, which no real rebuild changes.)"""
    today = datetime.date.today()
    day = datetime.date(today.year, 1, 1 if today != datetime.date(today.year, 1, 1) else 2)
    return str(int(datetime.datetime.combine(day, datetime.time(12), datetime.UTC).timestamp()))


# A `make book` over an earlier build keeps, in searchindex.js, the words no page has any more, each
# with an empty list of pages ("11px": []); a clean build never writes them. They find nothing.
STALE_WORD = re.compile(rb'"(?:[^"\\]|\\.)*": \[\], ')


def outputs(site: Path) -> dict[str, bytes]:
    files = {p for pattern in COMPARED for p in site.rglob(pattern)}
    out = {str(p.relative_to(site)): CHECKSUM.sub(b"", p.read_bytes()) for p in sorted(files)}
    return {name: STALE_WORD.sub(b"", body) if name.endswith("searchindex.js") else body for name, body in out.items()}


def build(source: Path, out: Path, **env: str) -> tuple[Path, str]:
    keep = {k: v for k, v in os.environ.items() if k not in {"SOURCE_DATE_EPOCH", "JINDONG_DATA", "JINDONG_JOBS"}}
    run = subprocess.run(
        [sys.executable, "-m", "jindong.publish.build"],
        cwd=ROOT,
        env={**keep, **env, "JINDONG_BOOK_SOURCE": str(source), "JINDONG_BUILD_DIR": str(out)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, f"the build failed:\n{run.stdout[-3000:]}{run.stderr[-3000:]}"
    return out / "html", run.stdout


def test_the_same_inputs_give_the_same_bytes(tmp_path):
    book = small_book(tmp_path / "book", ["01-about"])
    site, log = build(book, tmp_path / "a", PYTHONHASHSEED="0", TZ="UTC")
    assert "re-executing every chapter" in log, "the first build was not clean"
    a = outputs(site)
    (tmp_path / "b").mkdir()
    for cache in (tmp_path / "a").glob("execution-*"):  # the chapters' runs, and their stamps
        (shutil.copytree if cache.is_dir() else shutil.copy)(cache, tmp_path / "b" / cache.name)
    site, log = build(
        book,
        tmp_path / "b",
        PYTHONHASHSEED="1",
        TZ="Asia/Shanghai",
        SOURCE_DATE_EPOCH=another_day(),
        JINDONG_JOBS="1",
    )
    assert "their execution is cached" in log and "executed in" not in log, "the second build executed again"
    b = outputs(site)
    assert "chapters/01-about.html" in a and "zh/chapters/01-about.html" in a, sorted(a)
    assert sorted(a) == sorted(b), "the two builds wrote different files"
    differ = [f for f in a if a[f] != b[f]]
    assert not differ, (
        f"{len(differ)} file(s) differ between the two builds, e.g. {differ[0]}:\n"
        + first_difference(a[differ[0]], b[differ[0]])
        + ("\nall: " + ", ".join(differ) if len(differ) > 1 else "")
    )


# Loaded besides same_as_build in the run below: the build's run of every cell shows nothing.
TAMPER = """
import support
support._executed_cells = lambda notebook: {c.id: [] for c in support.nbformat.read(notebook, 4).cells}
"""


def test_nbval_compares_each_cell_with_the_build(site, tmp_path):
    """nbval over chapter 1 against a build whose cells showed nothing: the cells that show something fail,
    each named, with the comparison's message (the hook reaches chapters/, and reads the build's run)."""
    require(built_from_this_book(), f"{site} is not the book as it is now: run `make book`")
    (tmp_path / "tamper.py").write_text(TAMPER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            "-p",
            "tamper",
            "chapters/01-about.ipynb",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 1, run.stdout[-3000:]
    assert "differs between the website's build and this run" in run.stdout, run.stdout[-3000:]
    assert "chapters/01-about.ipynb, cell c03" in run.stdout, run.stdout[-3000:]  # the first table, named


def test_a_cell_whose_output_changes_is_named(tmp_path):
    """The comparison (support._comparable) sees a set's order, and not what a reader never gets."""
    built = [{"output_type": "display_data", "data": {"text/plain": "以上、不低于、不少于"}, "metadata": {}}]
    run = [{"output_type": "display_data", "data": {"text/plain": "以上、不少于、不低于"}, "metadata": {"x": 1}}]
    assert _comparable(built) != _comparable(run)
    assert _comparable(built) == _comparable([{**built[0], "metadata": {"other": 2}, "execution_count": 3}])
