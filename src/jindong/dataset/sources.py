"""The source texts the dataset cites. They are not in the repository: see paths.sources_dir()."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import opencc

from jindong.paths import sources_dir

_T2S = opencc.OpenCC("t2s")
METADATA_LINE = re.compile(r"(?m)^(?:title|retrieved from|published|reliability|scope note):.*$")


def to_simplified(text: str) -> str:
    """Traditional -> simplified with OpenCC (never by hand)."""
    return _T2S.convert(text)


@dataclass
class SourceText:
    source_id: str
    path: Path
    script: str

    @cached_property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @cached_property
    def simplified(self) -> str:
        """The source's own words in simplified characters (for matching simplified terms).

        The metadata lines the project wrote above a secondary excerpt (title:, retrieved from: …)
        are not the source's words and are left out.
        """
        body = METADATA_LINE.sub("", self.text)
        return to_simplified(body) if self.script == "traditional" else body

    def line_of(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1


def source_texts(sources_rows: list[dict[str, str]], folder: Path | None = None) -> dict[str, SourceText] | None:
    """source_id -> SourceText, or None when the folder of texts is absent (a reader's clone)."""
    folder = folder or sources_dir()
    if not folder.is_dir():
        return None
    return {r["source_id"]: SourceText(r["source_id"], folder / r["file"], r["script"]) for r in sources_rows}
