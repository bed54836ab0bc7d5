"""Read data/ tables as raw text rows that remember their line number (for error messages)."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem, relpath


@dataclass
class Table:
    path: Path
    header: list[str]
    rows: list[dict[str, str]]
    lines: list[int]  # file line of each row (header is line 1)

    def problem(self, i: int, field: str, message: str) -> Problem:
        col = self.header.index(field) + 1 if field in self.header else 0
        return Problem(relpath(self.path), self.lines[i], col, field, message)

    def __iter__(self):
        return iter(enumerate(self.rows))


def read_table(path: Path) -> Table:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows, lines = [], []
        start = 2
        for row in reader:
            rows.append({k: (v or "") for k, v in row.items() if k is not None})
            lines.append(start)
            start = reader.line_num + 1
        return Table(path, list(reader.fieldnames or []), rows, lines)
