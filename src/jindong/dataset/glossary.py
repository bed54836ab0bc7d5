"""The glossary (terms.csv): each term is written in every source it lists, its meaning holds no
number the sources do not write, and its pinyin reads its characters.

Apart from provenance.py because pypinyin's dictionaries take about a second to load, and every
chapter's kernel imports provenance (through format.py) but never checks the glossary.
"""

from __future__ import annotations

import unicodedata

from pypinyin import Style, pinyin

from jindong.dataset.problems import Problem
from jindong.dataset.provenance import NUMBER
from jindong.dataset.sources import SourceText
from jindong.dataset.tables import RawTable


def check_terms(terms: RawTable, texts: dict[str, SourceText] | None) -> list[Problem]:
    """Each term is found in every source it lists; its pinyin reads its characters."""
    problems = []
    for i, row in terms:
        zh = row.get("zh", "")
        if not pinyin_matches(zh, row.get("pinyin", "")):
            problems.append(
                terms.problem(
                    i, "pinyin", f"pinyin {row.get('pinyin')!r} does not read {zh!r} (one syllable per character)"
                )
            )
        if texts is None:
            continue
        written = {m.group() for src in texts.values() for m in NUMBER.finditer(src.text)}
        for column in ("meaning", "meaning_zh"):
            for n in NUMBER.findall(row.get(column, "").replace(",", "")):
                if n not in written:
                    problems.append(
                        terms.problem(
                            i,
                            column,
                            f"the number {n} in the meaning is not written in any source: glossary facts must be traceable",
                        )
                    )
        for sid in filter(None, row.get("sources", "").split(";")):
            src = texts.get(sid)
            if src is None:
                problems.append(terms.problem(i, "sources", f"unknown source_id {sid!r}"))
            elif zh not in src.simplified:
                problems.append(terms.problem(i, "sources", f"term {zh!r} does not appear in {src.path.name} ({sid})"))
    return problems


def _plain(s: str) -> str:
    s = unicodedata.normalize("NFD", s.lower().replace("ü", "v"))
    return "".join(c for c in s if c.isascii() and c.isalnum())


def pinyin_matches(zh: str, written: str) -> bool:
    """True when `written` (tone marks and spacing ignored) spells one reading per character of `zh`.

    pypinyin gives every reading of each character (heteronyms), so polyphones such as 行 or 长
    are accepted in either reading; digits and Latin letters stand for themselves.
    """
    target = _plain(written)
    options = []
    for ch in zh:
        if "\u4e00" <= ch <= "\u9fff":  # each character on its own: every reading it has
            readings = pinyin(ch, style=Style.NORMAL, heteronym=True)[0]
        elif _plain(ch):  # digits and Latin letters stand for themselves
            readings = [ch]
        else:  # punctuation and spaces carry no syllable
            continue
        options.append({_plain(r) for r in readings} - {""})
    ends = {0}
    for opts in options:
        ends = {e + len(o) for e in ends for o in opts if target.startswith(o, e)}
        if not ends:
            return False
    return len(target) in ends
