"""A failed build stops loudly and harms nothing.

- A failing notebook cell stops `python -m jindong.publish.build` with one block naming the notebook, the
  cell (its index and the line of code) and the error; a warning stops it naming file and line.
- Bad data stop `make book` at `make validate`, naming file and line, before anything is built.
- In every case the last good site stays as it was, byte for byte and with its mtime.

Each test builds a scratch book (JINDONG_BOOK_SOURCE) or points at a broken copy of data/
(JINDONG_DATA), into a tmp folder (JINDONG_BUILD_DIR): the project's _build/ is never touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from jindong.paths import ROOT, in_ci
from support import assert_untouched, build, failure_block, last_good_site, scratch_book

pytestmark = pytest.mark.slow


def test_a_failing_cell_stops_the_build_and_says_where(tmp_path):
    source = scratch_book(
        tmp_path / "book",
        "# Scratch book\n\nOne chapter, whose second code cell fails.\n",
        {
            "broken": ["numbers = [1, 2, 3]", "total = sum(numbers)\nshare = total / 0\nprint(share)"],
        },
    )
    index = last_good_site(tmp_path / "out")
    run = build(source, tmp_path / "out")
    assert run.returncode != 0
    block = failure_block(run.stderr)
    assert "chapters/broken.ipynb" in block, block
    assert "cell index 2 (code cell #2)" in block, block  # cell 0 is the title, cell 1 the good code
    assert "line 2: share = total / 0" in block, block
    assert "ZeroDivisionError: division by zero" in block, block
    assert "the last good site" in block and "unchanged" in block, block
    assert_untouched(index)


def test_a_warning_stops_the_build_and_says_where(tmp_path):
    source = scratch_book(tmp_path / "book", "# Scratch book\n\nSee {ref}`a-label-that-does-not-exist`.\n")
    index = last_good_site(tmp_path / "out")
    run = build(source, tmp_path / "out")
    assert run.returncode != 0
    block = failure_block(run.stderr)
    assert "intro.md:3: WARNING" in block and "a-label-that-does-not-exist" in block, block
    assert_untouched(index)


def test_bad_data_stop_make_book_before_building(scratch, tmp_path):
    make = shutil.which("make")
    if not make or not (ROOT / ".venv" / "bin" / "python").exists():
        if in_ci():
            pytest.fail("make and .venv are required with CI=true")
        pytest.skip("needs make and the project's .venv (run `make install`)")
    line = scratch.edit("indicators", "jd_gwr_2023-r007", kind="forecast")
    out = tmp_path / "out"
    index = last_good_site(out)
    env = {**os.environ, "JINDONG_DATA": str(scratch.root), "JINDONG_BUILD_DIR": str(out)}
    # -o: never reinstall the venv from a test, even if requirements.txt looks newer than its stamp
    run = subprocess.run(
        [make, "--no-print-directory", "-C", str(ROOT), "-o", ".venv/.installed", "book"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = run.stdout + run.stderr
    assert run.returncode != 0, output
    assert f"indicators.csv:{line}:" in output and "(kind)" in output and "'forecast'" in output, output
    assert "jindong.publish.build" not in output, "the build ran on invalid data"
    assert not (out / "stage").exists(), "the build ran on invalid data"
    assert_untouched(index)
