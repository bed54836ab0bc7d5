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


# Where OpenCC's t2s keeps 著 that simplified Chinese writes 着 (著 stays in 著名, 显著, 见微知著): the
# simplified sources write 着力, 着眼, 朝着. Phrases, not the character alone; each entry is checked in
# tests/test_dataset.py (OpenCC still gets it wrong, and the right form is what simplified text writes).
T2S_PHRASES = {
    "著力": "着力",
    "著眼": "着眼",
    "著手": "着手",
    "著重": "着重",
    "著墨": "着墨",
    "著想": "着想",
    "著落": "着落",
    "著陆": "着陆",
    "朝著": "朝着",
    "沿著": "沿着",
    "随著": "随着",
    "接著": "接着",
    "为著": "为着",
    "意味著": "意味着",
    "执著": "执着",
}
_T2S_FIX = re.compile("|".join(sorted(map(re.escape, T2S_PHRASES), key=len, reverse=True)))


def to_simplified(text: str) -> str:
    """Traditional -> simplified with OpenCC (never by hand), then the phrases it gets wrong (T2S_PHRASES)."""
    return _T2S_FIX.sub(lambda m: T2S_PHRASES[m.group()], _T2S.convert(text))


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
