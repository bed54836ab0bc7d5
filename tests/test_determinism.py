"""Two clean builds give the same bytes: every page, the search index, the inventory.

Two properties, proven where each is cheap:

- **The chapters' outputs** (charts, tables, numbers in prose) do not depend on chance: nbval runs every
  notebook of both editions with another hash seed and time zone than `make test`'s build (conftest.py),
  and each cell's outputs must equal the build's (support.differs_from_the_build).
- **The site around them** — pages, search index, inventory, chart files, the Chinese edition's assembly —
  is proven here on a small book (chapter 1 in both editions; support.small_book): built twice from
  clean, once as `make book` builds (notebooks in parallel, this machine's zone, today) and once with
  what may legitimately differ made to differ — the hash seed (set and dict order), the date
  (SOURCE_DATE_EPOCH, as if built on another day), the time zone, the output folder, and execution one
  after another (JINDONG_JOBS=1) — so any random id, timestamp, ordering noise or build path in the output
  shows up here. Slow (two small builds, about a minute on two cores).
"""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from jindong.paths import ROOT
from support import _comparable, first_difference, small_book

pytestmark = [pytest.mark.slow, pytest.mark.site]

COMPARED = ("*.html", "searchindex.js", "objects.inv")
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


def clean_build(source: Path, out: Path, **env: str) -> Path:
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
    assert "re-executing every chapter" in run.stdout, "the build was not clean"
    return out / "html"


def test_two_clean_builds_give_the_same_bytes(tmp_path):
    book = small_book(tmp_path / "book", ["01-about"])
    a = outputs(clean_build(book, tmp_path / "a", PYTHONHASHSEED="0", TZ="UTC"))
    b = outputs(
        clean_build(
            book,
            tmp_path / "b",
            PYTHONHASHSEED="1",
            TZ="Asia/Shanghai",
            SOURCE_DATE_EPOCH=another_day(),
            JINDONG_JOBS="1",
        )
    )
    assert "chapters/01-about.html" in a and "zh/chapters/01-about.html" in a, sorted(a)
    assert sorted(a) == sorted(b), "the two builds wrote different files"
    differ = [f for f in a if a[f] != b[f]]
    assert not differ, (
        f"{len(differ)} file(s) differ between two clean builds, e.g. {differ[0]}:\n"
        + first_difference(a[differ[0]], b[differ[0]])
        + ("\nall: " + ", ".join(differ) if len(differ) > 1 else "")
    )


def test_a_cell_whose_output_changes_is_named(tmp_path):
    """The chapters' half of determinism (conftest.py): a set's order reaching an output is reported
    with the notebook and the cell."""
    built = [{"output_type": "display_data", "data": {"text/plain": "以上、不低于、不少于"}, "metadata": {}}]
    run = [{"output_type": "display_data", "data": {"text/plain": "以上、不少于、不低于"}, "metadata": {"x": 1}}]
    assert _comparable(built) != _comparable(run)
    assert _comparable(built) == _comparable([{**built[0], "metadata": {"other": 2}, "execution_count": 3}])
