"""Shared fixtures: a scratch copy of data/ that a test may break, and the source texts."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from jindong.paths import DATA_DIR, in_ci, sources_dir


@pytest.fixture(scope="session")
def sources() -> Path:
    """The source texts; tests that need them are skipped without them, except in CI."""
    folder = sources_dir()
    if not folder.is_dir():
        if in_ci():
            pytest.fail(f"source texts required in CI but not found at {folder}")
        pytest.skip(f"source texts not found at {folder} (set JINDONG_SOURCES)")
    return folder


@pytest.fixture
def any_sources(tmp_path) -> Path:
    """The source texts when present, else a missing folder: for checks that do not need them."""
    folder = sources_dir()
    return folder if folder.is_dir() else tmp_path / "no-sources"


class ScratchData:
    """A copy of data/ with helpers to break it one row at a time."""

    def __init__(self, root: Path):
        self.root = root
        shutil.copytree(DATA_DIR, root, ignore=shutil.ignore_patterns("parts"))

    def read(self, table: str) -> tuple[list[str], list[dict[str, str]]]:
        with open(self.root / f"{table}.csv", encoding="utf-8", newline="") as fh:
            r = csv.DictReader(fh)
            return list(r.fieldnames), list(r)

    def write(self, table: str, header: list[str], rows: list[dict[str, str]]) -> None:
        with open(self.root / f"{table}.csv", "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=header, lineterminator="\n", extrasaction="ignore")
            w.writeheader()
            w.writerows(rows)

    def edit(self, table: str, key: str, **changes: str) -> int:
        """Change fields of the row whose first column is `key`; return that row's line number."""
        header, rows = self.read(table)
        for n, row in enumerate(rows):
            if row[header[0]] == key:
                row.update(changes)
                self.write(table, header, rows)
                return n + 2
        raise KeyError(key)

    def append(self, table: str, **row: str) -> int:
        header, rows = self.read(table)
        rows.append(row)
        self.write(table, header, rows)
        return len(rows) + 1


@pytest.fixture
def scratch(tmp_path) -> ScratchData:
    return ScratchData(tmp_path / "data")
