"""A figure's caption adds to its chart's subtitle; it does not repeat it.

Each chart shows its title and subtitle (chapter modules, `Chart(title=..., subtitle=...)`); the
notebook's ``{figure}`` named fig-<chart id> gives the numbered caption below it, and the PDF prints
subtitle and caption together as the legend. A caption that rewords the subtitle says the same
thing twice on the page, so the two must share no run of words and be clearly different overall.
"""

from __future__ import annotations

import difflib
import importlib
import re
from functools import cache
from pathlib import Path

import nbformat
import pytest

from jindong.paths import ROOT
from jindong.publish.notebooks import chapters

pytestmark = pytest.mark.slow  # makes every chart of the book

RUN = 6  # words in a row the two may not share
RATIO = 0.5  # difflib similarity they must stay below

IMPORT = re.compile(r"from jindong\.content\.chapters import ([\w ,]+)")
GLUED = re.compile(r"glue_chart\((\w+)\.(\w+)\(\)\)")
FIGURE = re.compile(r"```\{figure\}[^\n]*\n:name: fig-([\w-]+)\n(.*?)```", re.S)
ROLE = re.compile(r"\{\w+\}`([^`]*)`")  # {web}`…`, {eval}`name`: keep the words inside


def notebooks() -> list[Path]:
    return [ROOT / "intro.ipynb", *chapters()]


def figures(path: Path):
    """(chart id, caption, function that makes the chart) for each {figure} in a notebook."""
    nb = nbformat.read(path, as_version=4)
    modules, makers = {}, {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            for names in IMPORT.findall(cell.source):
                for item in names.split(","):
                    module, _, alias = item.strip().partition(" as ")
                    modules[alias.strip() or module] = importlib.import_module(f"jindong.content.chapters.{module}")
            makers.update({fn: getattr(modules[alias], fn) for alias, fn in GLUED.findall(cell.source)})
    found = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for name, caption in FIGURE.findall(cell.source):
                found.append((name, caption.strip(), list(makers.values())))
    return found


@cache
def chart(make):
    return make()


def subtitle_of(name: str, makers) -> str:
    for make in makers:
        made = chart(make)
        if made.name == name:
            return made.subtitle
    raise AssertionError(f"no chart glued in the notebook is named {name!r}")


def words(text: str) -> list[str]:
    text = ROLE.sub(r" \1 ", re.sub(r"<[^>]+>", " ", text))
    return re.findall(r"\w+", text.lower())


def shared_run(a: list[str], b: list[str], n: int = RUN) -> str:
    """The first run of n words in a row that both texts contain, or ''."""
    runs = {tuple(b[i : i + n]) for i in range(len(b) - n + 1)}
    return next((" ".join(a[i : i + n]) for i in range(len(a) - n + 1) if tuple(a[i : i + n]) in runs), "")


def ratio(a: list[str], b: list[str]) -> float:
    return difflib.SequenceMatcher(None, " ".join(a), " ".join(b), autojunk=False).ratio()


def all_pairs():
    """(notebook, chart id, caption, subtitle) for every figure of the book."""
    for path in notebooks():
        for name, caption, makers in figures(path):
            yield path.name, name, caption, subtitle_of(name, makers)


def test_helpers_find_what_they_should():
    assert shared_run(words("A b, C d e f g"), words("x a B c d E f")) == "a b c d e f"
    assert not shared_run(words("a b c d e f"), words("a b c d e x"))
    assert words("Hover {web}`a dot` for <b>more</b>.") == ["hover", "a", "dot", "for", "more"]
    assert ratio(words("same words"), words("Same, words!")) == 1


def test_captions_do_not_repeat_their_subtitles(sources):
    pairs = list(all_pairs())
    assert len(pairs) == sum(len(GLUED.findall(p.read_text(encoding="utf-8"))) for p in notebooks())
    bad = []
    for notebook, name, caption, subtitle in pairs:
        cw, sw = words(caption), words(subtitle)
        run, similar = shared_run(cw, sw), ratio(cw, sw)
        if run or similar >= RATIO:
            why = f"shares {run!r}" if run else f"similarity {similar:.2f}"
            bad.append(f"{notebook} fig-{name}: {why}\n  caption:  {caption}\n  subtitle: {subtitle}")
    if bad:
        pytest.fail(f"{len(bad)} captions repeat their subtitles:\n" + "\n".join(bad))
