"""Keep chapter notebooks small and testable.

`python -m jindong.publish.notebooks refresh [NB ...]` (`make outputs`) executes chapters and stores only the
outputs of cells tagged `nbval-check-output` — each chapter's key-figure table, which nbval then
compares on every test run. Charts and other outputs are never committed: the book re-creates them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from jindong.paths import ROOT

CHAPTERS = ROOT / "chapters"
CHECK_TAG = "nbval-check-output"


def chapters() -> list[Path]:
    """The English chapters."""
    return sorted(CHAPTERS.glob("[0-9][0-9]-*.ipynb"))


def twins() -> list[Path]:
    """The Chinese chapters and home page (chapters/zh/)."""
    return sorted((CHAPTERS / "zh").glob("*.ipynb"))


def keep_outputs(cell) -> bool:
    return CHECK_TAG in cell.get("metadata", {}).get("tags", [])


def strip(nb) -> None:
    """Drop every output but the checked ones; clear execution counts and volatile metadata."""
    for i, cell in enumerate(nb.cells):
        cell.id = f"c{i:02d}"
        if cell.cell_type != "code":
            continue
        cell.metadata.pop("execution", None)
        if not keep_outputs(cell):  # nbval needs the count of a cell whose output it compares
            cell.outputs = []
            cell.execution_count = None
    nb.metadata.pop("widgets", None)  # widget state makes myst-nb load require.js from a CDN


def refresh(paths: list[Path]) -> None:
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        NotebookClient(
            # run in the notebook's folder, as nbval does: chapters/zh/ makes the Chinese (content/edition.py)
            nb,
            timeout=300,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
        strip(nb)
        nbformat.write(nb, path)
        print(f"refreshed {path.relative_to(ROOT)}")


def main(argv: list[str]) -> int:
    cmd, *rest = argv or ["refresh"]
    paths = [Path(p).resolve() for p in rest] or chapters() + twins()
    if cmd == "refresh":
        refresh(paths)
    elif cmd == "strip":
        for p in paths:
            nb = nbformat.read(p, as_version=4)
            strip(nb)
            nbformat.write(nb, p)
    else:
        print(f"unknown command {cmd!r}: use refresh or strip")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
