"""The chapters' determinism test, in nbval's own run (loaded for every run: pyproject.toml's `-p`).

nbval runs every cell of every notebook; its kernels hash and tell time otherwise than `make test`'s
build did (PYTHONHASHSEED=1 and another time zone here, 0 and the machine's zone there), and a cell whose
outputs differ from the website build's run of it fails, naming the cell (support.differs_from_the_build):
a set's order or a clock that reaches a page shows here, at no cost beyond nbval's own run.

A plugin, not a hook in tests/conftest.py: a conftest's test hooks reach only the items under its own
folder, and nbval's items are under chapters/.
"""

from __future__ import annotations

import os
import time

import pytest

from support import differs_from_the_build


def pytest_configure(config):
    """The kernels nbval starts (and any build a test runs) get another hash seed and time zone."""
    os.environ["PYTHONHASHSEED"] = "1"
    os.environ["TZ"] = "America/New_York" if time.localtime().tm_gmtoff == 8 * 3600 else "Asia/Shanghai"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if call.when == "call" and report.passed and item.path.suffix == ".ipynb" and hasattr(item, "test_outputs"):
        try:
            problem = differs_from_the_build(item.path, item.cell, item.test_outputs or [])
        except pytest.skip.Exception as skipped:  # no current site (support.require)
            report.outcome, report.longrepr = "skipped", (str(item.path), 0, f"Skipped: {skipped.msg}")
            return
        except pytest.fail.Exception as failed:  # no current site with CI=true: the cell fails, pytest goes on
            report.outcome, report.longrepr = "failed", failed.msg
            return
        if problem:
            report.outcome, report.longrepr = "failed", problem
