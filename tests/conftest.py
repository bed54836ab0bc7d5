"""Shared fixtures (the helpers behind them are in support.py) and the markers of nbval's items. (nbval's
comparison with the build is a plugin, same_as_build.py: a hook here would not reach chapters/.)

Markers (registered in pyproject.toml): browser, pdf, site, slow. `make test-fast` runs what has none.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jindong.paths import sources_dir
from support import SITE, LoadedPages, PageScheduling, ScratchData, chromium, require, serve


def pytest_collection_modifyitems(items):
    """nbval's items are the chapter notebooks' cells, executed: slow."""
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist: unknown when it is not loaded (-p no:xdist)
def pytest_xdist_make_scheduler(config, log):
    """`make test`'s `--dist loadscope`: a file to a worker, or a page to a worker (PageScheduling)."""
    if config.getvalue("dist") == "loadscope":
        return PageScheduling(config, log)
    return None


@pytest.fixture(scope="session")
def sources() -> Path:
    """The source texts; tests that need them are skipped without them, except in CI."""
    folder = sources_dir()
    require(folder.is_dir(), f"source texts not found at {folder} (set JINDONG_SOURCES)")
    return folder


@pytest.fixture
def any_sources(tmp_path) -> Path:
    """The source texts when present, else a missing folder: for checks that do not need them."""
    folder = sources_dir()
    return folder if folder.is_dir() else tmp_path / "no-sources"


@pytest.fixture
def scratch(tmp_path) -> ScratchData:
    return ScratchData(tmp_path / "data")


@pytest.fixture(scope="session")
def site() -> Path:
    """The built website (`make book`, run by `make test` before the tests)."""
    require((SITE / "index.html").exists(), f"no built site at {SITE}: run `make book`")
    return SITE


@pytest.fixture(scope="session")
def chromium_browser():
    """Headless Chromium, shared by every test that drives a browser."""
    with chromium() as b:
        yield b


@pytest.fixture(scope="session")
def browser(chromium_browser, site):
    """(Chromium, base URL) with the built website served from 127.0.0.1."""
    with serve(site) as base:
        yield chromium_browser, base


@pytest.fixture(scope="session")
def loaded(browser):
    """The site's pages as this worker has them loaded (support.LoadedPages): `loaded.get(path)` is the
    page, loaded once for every file that checks it."""
    pages = LoadedPages(browser)
    yield pages
    pages.close()
