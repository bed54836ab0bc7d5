"""Tables computed from the source texts into data/derived/, so the book builds without the texts.

`python -m jindong.dataset.derive` (run by `make derive`) writes them; `make validate` re-derives them when
the texts are present and fails if the committed copies are stale.

- sections.csv: for each figure, the part of its plan it sits in (the nearest heading of the
  same period before its quote), e.g. a 2022 result under "(三)緊扣要素集聚…".
- theme_counts.csv: how often each theme's key words occur in each primary text (jieba
  segmentation of the simplified text), the basis of the "how the strategy evolved" chapter.
- keyword_counts.csv: the same counts word by word (words that occur), so a reader can see how
  concentrated a theme's count is: 24 of the 27 party-and-conduct hits of one text are two words.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import sys
from collections import Counter
from pathlib import Path

import jieba

from jindong.dataset.problems import DataError, Problem, relpath
from jindong.dataset.sources import SourceText, source_texts
from jindong.dataset.tables import decode, read_table
from jindong.paths import DATA_DIR

DERIVED = "derived"
SECTIONS_HEADER = ["indicator_id", "source_id", "priority_id", "top_id"]
COUNTS_HEADER = ["source_id", "theme", "hits", "tokens", "per_10k"]
WORD_COUNTS_HEADER = ["source_id", "theme", "word", "hits"]

jieba.setLogLevel(60)  # jieba prints its dictionary loading to stderr otherwise


def sections(data_dir: Path, texts: dict[str, SourceText]) -> list[list[str]]:
    ind = read_table(data_dir / "indicators.csv")
    pri = read_table(data_dir / "priorities.csv")
    frameworks = {r["framework"]: r for _, r in read_table(data_dir / "frameworks.csv")}
    parents = {r["id"]: r["parent_id"] for _, r in pri}

    def top(pid: str) -> str:
        while parents.get(pid):
            pid = parents[pid]
        return pid

    headings: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for _, r in pri:
        src = texts.get(r["source_id"])
        pos = src.text.find(r["quote"]) if src else -1
        if pos >= 0:
            period = frameworks[r["framework"]]["period"]
            headings.setdefault((r["source_id"], period), []).append((pos, r["id"]))
    out = []
    for _, r in ind:
        src = texts.get(r["source_id"])
        heads = headings.get((r["source_id"], r["period"][:4]), [])
        pid = ""
        # A quote may occur twice (the 2023 report's reposting lead repeats a target): take the
        # first occurrence that stands under a heading of the plan.
        for m in re.finditer(re.escape(r["quote"]), src.text if src else ""):
            before = [(p, h) for p, h in heads if p <= m.start()]
            if before:
                pid = max(before)[1]
                break
        out.append([r["id"], r["source_id"], pid, top(pid) if pid else ""])
    return out


@functools.lru_cache(maxsize=2)
def _tokenizer(keywords: tuple[str, ...]) -> jieba.Tokenizer:
    """A segmenter that keeps each multi-character key word whole. Its own, not jieba's default (global
    state); made once per set of key words, as loading its dictionary takes a second (a validation
    in a test, run many times in one process, paid it each time)."""
    tok = jieba.Tokenizer()
    for w in keywords:
        tok.add_word(w, freq=10_000)
    return tok


def keyword_hits(data_dir: Path, texts: dict[str, SourceText]) -> tuple[dict[str, str], dict[str, tuple[int, Counter]]]:
    """theme of each key word, and per primary text: its number of words and the count of each key word."""
    words = read_table(data_dir / "theme_keywords.csv")
    theme_of = {r["word"]: r["theme"] for _, r in words}
    tok = _tokenizer(tuple(theme_of))
    primary = [r["source_id"] for _, r in read_table(data_dir / "sources.csv") if r["reliability"] == "primary"]
    out = {}
    for sid in primary:
        tokens = [t for t in tok.lcut(texts[sid].simplified) if t.strip() and not t.isspace()]
        n = sum(1 for t in tokens if any("\u4e00" <= c <= "\u9fff" for c in t))
        out[sid] = (n, Counter(t for t in tokens if t in theme_of))
    return theme_of, out


def theme_counts(theme_of: dict[str, str], hits_by_text: dict[str, tuple[int, Counter]]) -> list[list[str]]:
    out = []
    for sid, (n, words) in hits_by_text.items():
        hits = Counter()
        for w, k in words.items():
            hits[theme_of[w]] += k
        for theme in dict.fromkeys(theme_of.values()):
            out.append([sid, theme, str(hits[theme]), str(n), f"{10_000 * hits[theme] / n:.1f}"])
    return out


def keyword_counts(theme_of: dict[str, str], hits_by_text: dict[str, tuple[int, Counter]]) -> list[list[str]]:
    """Each key word that occurs in a text, with its count: most frequent first within a theme."""
    order = list(dict.fromkeys(theme_of.values()))
    return [
        [sid, theme_of[w], w, str(k)]
        for sid, (_, words) in hits_by_text.items()
        for w, k in sorted(words.items(), key=lambda wk: (order.index(theme_of[wk[0]]), -wk[1], wk[0]))
    ]


def _csv(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def derived_tables(data_dir: Path, texts: dict[str, SourceText]) -> dict[str, str]:
    theme_of, hits = keyword_hits(data_dir, texts)
    return {
        "sections.csv": _csv(SECTIONS_HEADER, sections(data_dir, texts)),
        "theme_counts.csv": _csv(COUNTS_HEADER, theme_counts(theme_of, hits)),
        "keyword_counts.csv": _csv(WORD_COUNTS_HEADER, keyword_counts(theme_of, hits)),
    }


def check_current(data_dir: Path, texts: dict[str, SourceText]) -> list[Problem]:
    """The committed derived tables equal a fresh derivation (a BOM or CRLF line ends, as a spreadsheet
    writes them, are not a difference)."""
    problems = []
    for name, content in derived_tables(data_dir, texts).items():
        path = data_dir / DERIVED / name
        if not path.exists() or decode(path).text.replace("\r\n", "\n") != content:
            problems.append(Problem(relpath(path), 0, 0, "", "derived table is missing or stale: run `make derive`"))
    return problems


def main() -> int:
    try:
        return _derive()
    except DataError as err:  # a table that does not parse (not UTF-8, a quote left open …)
        for p in err.problems:
            print(f"ERROR {p}")
        print("nothing derived: fix the table(s) above first")
        return 1


def _derive() -> int:
    texts = source_texts(read_table(DATA_DIR / "sources.csv").rows)
    if texts is None:
        print("source texts not found: cannot derive (set JINDONG_SOURCES)")
        return 1
    (DATA_DIR / DERIVED).mkdir(exist_ok=True)
    for name, content in derived_tables(DATA_DIR, texts).items():
        (DATA_DIR / DERIVED / name).write_text(content, encoding="utf-8")
        print(f"wrote {relpath(DATA_DIR / DERIVED / name)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
