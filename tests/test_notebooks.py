"""Chapter notebooks: listed in the table of contents, small, and checked by nbval for real."""

from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest
import yaml

from jindong.paths import ROOT
from jindong.publish.notebooks import CHECK_TAG, chapters


def toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [c["file"] for part in toc["parts"] for c in part["chapters"]]


def test_every_chapter_is_in_the_table_of_contents_and_back():
    assert [f"chapters/{p.stem}" for p in chapters()] == toc_files()


def test_notebooks_keep_only_their_key_figures():
    """Charts are never committed (the book re-creates them); each chapter stores one checked table."""
    for path in chapters():
        nb = nbformat.read(path, as_version=4)
        checked = [c for c in nb.cells if c.cell_type == "code" and CHECK_TAG in c.metadata.get("tags", [])]
        assert len(checked) == 1 and checked[0].outputs, f"{path.name}: one {CHECK_TAG} cell with its output"
        others = [c for c in nb.cells if c.cell_type == "code" and c not in checked and c.outputs]
        assert not others, f"{path.name}: outputs committed in cells {[c.id for c in others]}: run `make outputs`"
        assert path.stat().st_size < 60_000, f"{path.name} is {path.stat().st_size} bytes"


@pytest.mark.slow
def test_nbval_fails_when_a_key_figure_changes(tmp_path):
    """The comparison is real: a stored key figure that no longer matches the data fails the run."""
    src = chapters()[0]
    nb = nbformat.read(src, as_version=4)
    cell = next(c for c in nb.cells if CHECK_TAG in c.metadata.get("tags", []))
    data = cell.outputs[0]["data"]
    data["text/plain"] = data["text/plain"].replace("%", "‰", 1)
    target = tmp_path / src.name
    nbformat.write(nb, target)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--nbval-lax", "-p", "no:cacheprovider", str(target)],
        cwd=ROOT / "chapters",
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1, run.stdout[-2000:]
    assert "1 failed" in run.stdout
