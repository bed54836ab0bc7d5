"""Two builds of the same commit give the same bytes: every page, the search index, the inventory.

The whole book is built twice from a clean execution cache into two tmp folders (JINDONG_BUILD_DIR;
_build/ is not touched), side by side to save time. What may legitimately differ between two runs is
made to differ — the hash seed (set and dict order), the date (SOURCE_DATE_EPOCH, as if built on
another day), the time zone and the output folder — so any random id, timestamp, ordering noise or build
path in the output shows up here. One build executes the chapters one after another (JINDONG_JOBS=1),
the other in parallel (execute.py): parallel execution changes no byte of the site. Slow (two full builds, about a minute on two cores); part of `make test`.
"""

from __future__ import annotations

import datetime
import difflib
import os
import subprocess
import sys
from pathlib import Path

from jindong.paths import ROOT

COMPARED = ("*.html", "searchindex.js", "objects.inv")


def another_day() -> str:
    """SOURCE_DATE_EPOCH for a build on another day of this year. (Not another year: Sphinx would then
    rewrite the copyright year, a fixed string of _config.yml, which no real rebuild changes.)"""
    today = datetime.date.today()
    day = datetime.date(today.year, 1, 1 if today != datetime.date(today.year, 1, 1) else 2)
    return str(int(datetime.datetime.combine(day, datetime.time(12), datetime.UTC).timestamp()))


RUNS = {  # two builds, as different as two honest builds of one commit can be
    # chapters executed one after another by the build itself, as before execute.py …
    "a": {"PYTHONHASHSEED": "1", "TZ": "UTC", "SOURCE_DATE_EPOCH": another_day(), "JINDONG_JOBS": "1"},
    # … and in parallel into the cache the build then reads (execute.py): the same pages
    "b": {"PYTHONHASHSEED": "2", "TZ": "Asia/Shanghai", "JINDONG_JOBS": "2"},  # today, in another time zone
}


def outputs(site: Path) -> dict[str, bytes]:
    files = {p for pattern in COMPARED for p in site.rglob(pattern)}
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(files)}


def first_difference(a: bytes, b: bytes) -> str:
    """The first differing lines of two files, for a message that points at the cause."""
    la, lb = a.decode("utf-8", "replace").splitlines(), b.decode("utf-8", "replace").splitlines()
    diff = [line[:300] for line in difflib.unified_diff(la, lb, "a", "b", n=0, lineterm="")]
    if len(la) <= 1 and len(lb) <= 1:  # one long line (searchindex.js): show where it starts to differ
        i = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        return f"byte {i}: {a[max(0, i - 80) : i + 80]!r}\n     vs {b[max(0, i - 80) : i + 80]!r}"
    return "\n".join(diff[:12])


def test_two_clean_builds_give_identical_pages(tmp_path):
    procs = {}
    for name, env in RUNS.items():
        base = {k: v for k, v in os.environ.items() if k not in {"SOURCE_DATE_EPOCH", "JINDONG_DATA"}}
        log = open(tmp_path / f"{name}.log", "w")  # noqa: SIM115 (open while the build runs; closed below)
        procs[name] = (
            subprocess.Popen(
                [sys.executable, "-m", "jindong.publish.build"],
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**base, **env, "JINDONG_BUILD_DIR": str(tmp_path / name)},
            ),
            log,
        )
    for name, (proc, log) in procs.items():
        code = proc.wait(timeout=900)
        log.close()
        assert code == 0, f"build {name} failed:\n" + (tmp_path / f"{name}.log").read_text()[-3000:]
    a, b = (outputs(tmp_path / name / "html") for name in RUNS)
    assert len(a) > 10 and "chapters/10-data-and-methods.html" in a, sorted(a)
    assert sorted(a) == sorted(b), "the two builds wrote different files"
    differ = [f for f in a if a[f] != b[f]]
    assert not differ, (
        f"{len(differ)} file(s) differ between two builds, e.g. {differ[0]}:\n"
        + first_difference(a[differ[0]], b[differ[0]])
        + ("\nall: " + ", ".join(differ) if len(differ) > 1 else "")
    )
