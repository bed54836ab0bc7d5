"""Chapters executed in parallel before the build (src/jindong/publish/execute.py), changing nothing else.

- The notebooks the cache lacks are executed by a pool of processes into the stage's jupyter-cache;
  the build then takes every one from the cache and executes none itself.
- The kernels get the build's environment (the edition's JINDONG_LANG).
- A failing notebook is reported as before: notebook, cell, line and error (build.py's CellFailure).
- Parallel and serial (JINDONG_JOBS=1) builds give the same pages: tests/test_determinism.py builds
  the book both ways and compares every byte.
"""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from jindong.publish import execute
from support import assert_untouched, build, failure_block, last_good_site, scratch_book

pytestmark = pytest.mark.slow  # executes notebooks

CELLS = {
    "one": ["import os\nvalue = 1 + 1", "print('one', value, os.environ.get('JINDONG_EXAMPLE', 'unset'))"],
    "two": ["print('two', sum(range(4)))"],
    "three": ["print('three', 'x' * 3)"],
}


def test_the_build_reads_what_the_pool_executed(tmp_path, monkeypatch):
    monkeypatch.setenv("JINDONG_JOBS", "2")
    source = scratch_book(tmp_path / "book", "# Scratch book\n\nThree chapters.\n", CELLS)
    run = build(source, tmp_path / "out")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "executing 3 notebooks in 2 parallel processes" in run.stdout, run.stdout[-3000:]
    assert run.stdout.count("Using cached notebook") == 3, run.stdout[-3000:]
    assert "Executing notebook" not in run.stdout, "the build executed a notebook itself"
    page = (tmp_path / "out" / "html" / "chapters" / "two.html").read_text(encoding="utf-8")
    assert "two 6" in page
    # no chapter changed, only a script of _static: nothing to execute, nothing started, and the
    # site has the new script, linked with its new checksum (static_files.py: Sphinx 7 copied _static
    # only when it wrote a page, and kept the old script)
    script = source / "_static" / "jindong.js"
    script.write_text(script.read_text(encoding="utf-8") + "\n/* edited */\n", encoding="utf-8")
    again = build(source, tmp_path / "out")
    assert again.returncode == 0 and "parallel processes" not in again.stdout, again.stdout[-2000:]
    site = tmp_path / "out" / "html"
    assert (site / "_static" / "jindong.js").read_bytes() == script.read_bytes(), "the site kept the old script"
    link = re.compile(r"jindong\.js\?v=\w+")
    assert link.findall((site / "chapters" / "two.html").read_text(encoding="utf-8")) != link.findall(page)


def test_serial_when_asked(tmp_path, monkeypatch):
    monkeypatch.setenv("JINDONG_JOBS", "1")
    source = scratch_book(
        tmp_path / "book", "# Scratch book\n\nTwo chapters.\n", {k: CELLS[k] for k in ("two", "three")}
    )
    run = build(source, tmp_path / "out")
    assert run.returncode == 0, run.stderr[-3000:]
    assert "parallel processes" not in run.stdout and run.stdout.count("Executed notebook in") == 2


def test_kernels_get_the_builds_environment(tmp_path):
    """The build sets the edition's language for its kernels (JINDONG_LANG): the pool passes `env` on."""
    from jupyter_cache import get_cache

    source = scratch_book(tmp_path / "book", "# Scratch book\n", CELLS)
    cache = tmp_path / "cache"
    report = execute.prefill(source, cache, env={"JINDONG_EXAMPLE": "print"}, n_jobs=2, log=lambda line: None)
    assert len(report.executed) == 3 and not report.failed, report
    nb = nbformat.read(source / "chapters" / "one.ipynb", as_version=4)
    record = get_cache(str(cache)).match_cache_notebook(nb)
    outputs = get_cache(str(cache)).get_cache_bundle(record.pk).nb.cells[-1].outputs
    assert "one 2 print" in json.dumps(outputs), outputs


def test_a_notebook_failing_in_the_pool_is_reported_as_before(tmp_path, monkeypatch):
    monkeypatch.setenv("JINDONG_JOBS", "2")
    source = scratch_book(
        tmp_path / "book",
        "# Scratch book\n\nTwo chapters, the second fails.\n",
        {
            "fine": CELLS["two"],
            "broken": ["numbers = [1, 2, 3]", "total = sum(numbers)\nshare = total / 0\nprint(share)"],
        },
    )
    index = last_good_site(tmp_path / "out")
    run = build(source, tmp_path / "out")
    assert run.returncode != 0
    assert "chapters/broken.ipynb: CellExecutionError; the build runs it again" in run.stdout, run.stdout[-3000:]
    block = failure_block(run.stderr)
    assert "chapters/broken.ipynb" in block and "cell index 2 (code cell #2)" in block, block
    assert "line 2: share = total / 0" in block and "ZeroDivisionError: division by zero" in block, block
    assert "fine.ipynb" not in block, block
    assert_untouched(index)


def test_a_kernel_that_dies_starting_is_started_again(tmp_path, monkeypatch):
    """Two kernels of parallel workers can pick the same TCP port, and one dies before it replies
    (RuntimeError, seen in a build of both editions): the worker starts it again; after KERNEL_STARTS
    tries it reports the notebook failed (the build then runs it and says why), never a traceback."""
    source = scratch_book(tmp_path / "book", "# Scratch book\n", {"two": CELLS["two"]})
    path = str(source / "chapters" / "two.ipynb")
    real, starts = execute.single_nb_execution, []

    def dies_first(nb, **kwargs):
        starts.append(1)
        if len(starts) == 1:
            raise RuntimeError("Kernel died before replying to kernel_info")
        return real(nb, **kwargs)

    monkeypatch.setattr(execute, "single_nb_execution", dies_first)
    _, text, _, error = execute._execute(path, 60, False)
    assert error is None and "two 6" in text and len(starts) == 2

    def always_dies(nb, **kwargs):
        starts.append(1)
        raise RuntimeError("Kernel died before replying to kernel_info")

    starts.clear()
    monkeypatch.setattr(execute, "single_nb_execution", always_dies)
    _, text, _, error = execute._execute(path, 60, False)
    assert text is None and "kernel did not start" in error and len(starts) == execute.KERNEL_STARTS
