"""A clean build gives the same bytes as the site `make book` built: every page, the search index, the inventory.

The whole book is built again from a clean execution cache into a tmp folder (JINDONG_BUILD_DIR;
_build/ is not touched) and compared with the site `make test` has just built, so the book is not
built twice more for this test. What may legitimately differ between two runs is made to differ — the
hash seed (set and dict order), the date (SOURCE_DATE_EPOCH, as if built on another day), the time
zone and the output folder — so any random id, timestamp, ordering noise or build path in the output
shows up here. `make book` executes the chapters in parallel (publish/execute.py); this build executes
them one after another (JINDONG_JOBS=1), so the test also proves that parallel execution changes no
byte. The site must be the book as it is now (`make book` since the last change), else the test says
so and skips (fails with CI=true). Slow (a full build, about a minute on two cores).
"""

from __future__ import annotations

import datetime
import difflib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jindong.paths import ROOT
from jindong.publish import build
from jindong.publish.print_edition import PDF_NAMES
from support import require

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


def another_zone() -> str:
    """A time zone other than the one `make book` ran in (this process's)."""
    return "Asia/Shanghai" if time.localtime().tm_gmtoff != 8 * 3600 else "America/New_York"


def built_from_this_book(site: Path) -> bool:
    """Whether the site is the book as it is now: the stamp a good build leaves holds the hash of the
    package and the data, and no page, configuration or static file changed after it."""
    stamp = build.HTML.stamp
    if (
        site.resolve() != build.SITE
        or not stamp.exists()
        or stamp.read_text() != build.inputs_hash([build.HTML.builder])
    ):
        return False
    book = [ROOT / "_config.yml", ROOT / "_toc.yml", *ROOT.glob("*.ipynb"), *ROOT.glob("chapters/*.ipynb")]
    return all(p.stat().st_mtime <= stamp.stat().st_mtime for p in [*book, *(ROOT / "_static").rglob("*")])


# A `make book` over an earlier build keeps, in searchindex.js, the words no page has any more, each
# with an empty list of pages ("11px": []); a clean build never writes them. They find nothing.
STALE_WORD = re.compile(rb'"(?:[^"\\]|\\.)*": \[\], ')


def outputs(site: Path) -> dict[str, bytes]:
    files = {p for pattern in COMPARED for p in site.rglob(pattern)}
    out = {str(p.relative_to(site)): CHECKSUM.sub(b"", p.read_bytes()) for p in sorted(files)}
    return {name: STALE_WORD.sub(b"", body) if name.endswith("searchindex.js") else body for name, body in out.items()}


def first_difference(a: bytes, b: bytes) -> str:
    """The first differing lines of two files, for a message that points at the cause."""
    la, lb = a.decode("utf-8", "replace").splitlines(), b.decode("utf-8", "replace").splitlines()
    diff = [line[:300] for line in difflib.unified_diff(la, lb, "a", "b", n=0, lineterm="")]
    if len(la) <= 1 and len(lb) <= 1:  # one long line (searchindex.js): show where it starts to differ
        i = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        return f"byte {i}: {a[max(0, i - 80) : i + 80]!r}\n     vs {b[max(0, i - 80) : i + 80]!r}"
    return "\n".join(diff[:12])


def test_a_clean_build_gives_the_pages_of_make_book(site, tmp_path):
    require(built_from_this_book(site), f"{site} is not the book as it is now: run `make book`")
    for offered in (site / PDF_NAMES["en"], site / "zh" / PDF_NAMES["zh"]):  # each edition offers its PDF
        if offered.exists():  # so must the clean build
            (tmp_path / "pdf").mkdir(exist_ok=True)
            shutil.copy2(offered, tmp_path / "pdf" / offered.name)
    env = {k: v for k, v in os.environ.items() if k not in {"SOURCE_DATE_EPOCH", "JINDONG_DATA"}}
    env |= {"PYTHONHASHSEED": "1", "TZ": another_zone(), "SOURCE_DATE_EPOCH": another_day(), "JINDONG_JOBS": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "jindong.publish.build"],
        cwd=ROOT,
        env={**env, "JINDONG_BUILD_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, f"the clean build failed:\n{run.stdout[-3000:]}{run.stderr[-3000:]}"
    assert "re-executing every chapter" in run.stdout, "the build was not clean"
    a, b = outputs(site), outputs(tmp_path / "html")
    assert len(a) > 10 and "chapters/10-data-and-methods.html" in a, sorted(a)
    assert sorted(a) == sorted(b), "the two builds wrote different files"
    differ = [f for f in a if a[f] != b[f]]
    assert not differ, (
        f"{len(differ)} file(s) differ between make book and a clean build, e.g. {differ[0]}:\n"
        + first_difference(a[differ[0]], b[differ[0]])
        + ("\nall: " + ", ".join(differ) if len(differ) > 1 else "")
    )
