"""A validation problem names file, line and column, so an author can jump straight to it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int  # 1-based field position; 0 when the problem is about a whole row or file
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" + (f":{self.column}" if self.column else "")
        what = f" ({self.field})" if self.field else ""
        return f"{where}{what}: {self.message}"


class DataError(Exception):
    """Raised when data/ is malformed or inconsistent; nothing downstream may run on it."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        shown = "\n".join(f"  {p}" for p in self.problems[:50])
        more = f"\n  … and {len(self.problems) - 50} more" if len(self.problems) > 50 else ""
        super().__init__(f"{len(self.problems)} problem(s) in the dataset:\n{shown}{more}")


def relpath(path: Path) -> str:
    """A path as an author sees it: relative to the working directory when possible."""
    rel = os.path.relpath(Path(path).resolve(), Path.cwd())
    return rel if rel.count("..") <= 2 else str(path)
