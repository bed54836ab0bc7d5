"""Run notebooks' code cells in one IPython shell in this process and print, as JSON, every rich output
each shows: what a kernel would publish, without a kernel per notebook or a build around it.

    JINDONG_DATA=/tmp/hostile/data python tests/run_cells.py intro.ipynb chapters/02-2022-in-numbers.ipynb

Prints {notebook: [{"cell": i, "output": j, "data": {mime type: data}}, …]}: every display (charts,
tables, Markdown, glued values) and each cell's result, in order, with the data of the MIME types a
page reads as markup (MARKUP) only. test_hostile.py runs every chapter this way against hostile data,
test_scale.py against ten times the rows (a build of the book, for the same outputs, costs minutes).
A cell that raises stops the run with its traceback.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

MARKUP = ("text/html", "text/markdown", "application/vnd.plotly.v1+json")


def outputs(shell: InteractiveShell, notebook: Path) -> list[dict]:
    """The notebook's cells run in a fresh namespace, from the notebook's folder (as its kernel would)."""
    shell.reset(new_session=False)
    os.chdir(notebook.parent)
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    shown = []
    for i, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            continue
        with capture_output() as captured:
            result = shell.run_cell("".join(cell["source"]), store_history=False, silent=False)
        result.raise_error()
        bundles = [o.data for o in captured.outputs]
        if result.result is not None:  # the cell's value, which a kernel publishes as its execute_result
            bundles.append(shell.display_formatter.format(result.result)[0])
        shown += [{"cell": i, "output": j, "data": {m: b[m] for m in MARKUP if m in b}} for j, b in enumerate(bundles)]
    return shown


def main(paths: list[str]) -> None:
    shell = InteractiveShell.instance()
    here = Path.cwd()
    print(json.dumps({p: outputs(shell, (here / p).resolve()) for p in paths}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
