"""Chapter notebooks: listed in the table of contents, small, and checked by nbval for real."""

from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest
import yaml

from jindong.paths import ROOT
from jindong.publish.notebooks import CHECK_TAG, chapters, twins


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


# Modules no chapter's kernel should import: each costs seconds at every kernel's start (nbval, the
# build, JupyterLab), and the chapters need none of them. rfc3987_syntax (with lark) came in with
# jsonschema 4.25's format extra, which nbformat imports: ≈ 3 s a kernel (requirements.txt pins 4.24);
# pypinyin and jieba are only for `make validate` (dataset/glossary.py, derive.py); docutils comes with
# myst_nb's glue.
HEAVY_AT_START = {"rfc3987_syntax", "lark", "pypinyin", "jieba", "sphinx", "kaleido", "playwright"}


def test_a_chapters_kernel_imports_nothing_heavy():
    """Every import line of the chapters and a first cell, run as a kernel runs them: none of HEAVY_AT_START."""
    lines = sorted(
        {
            line
            for path in [*chapters(), *twins()]
            for cell in nbformat.read(path, as_version=4).cells
            if cell.cell_type == "code"
            for line in cell.source.splitlines()
            if line.startswith(("import ", "from "))
        }
    )
    # and one chapter's first cell: gluing loads myst_nb's glue, nbformat and jsonschema
    first = next(c.source for c in nbformat.read(chapters()[0], as_version=4).cells if c.cell_type == "code")
    assert "glue" in first, first
    code = "\n".join([*lines, first, "import sys", "print(' '.join(sorted(m for m in sys.modules if '.' not in m)))"])
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT / "chapters")
    assert run.returncode == 0, run.stderr[-2000:]
    heavy = HEAVY_AT_START & set(run.stdout.split())
    assert not heavy, f"a chapter's kernel imports {sorted(heavy)}: every kernel start pays for it"
