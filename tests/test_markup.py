"""Markup by construction (content/markup.py): data are escaped once, tags the code writes never.

The hostile-data test (test_hostile.py) proves data cannot inject markup into a page. This proves
the other half: that no chart's text escapes the tags the code itself writes (a `<br>` shown as
"&lt;br&gt;" on screen), which is what mixing escaped and unescaped strings by hand used to risk.
"""

from __future__ import annotations

import importlib
import inspect
import re

import pytest

from jindong.content.charts.output import Chart
from jindong.content.markup import Markup, bold, lines, markup, wrapped
from jindong.paths import ROOT
from jindong.publish.notebooks import chapters

MODULES = ["about", "results_2022", "targets", "outcomes", "plans", "allout2026", "neighbour", "evolution", "methods"]
MODULES += ["frontpage", "explorer"]
ESCAPED_TAG = re.compile(r"&lt;/?(?:b|br|i|span|sup|sub|em|extra)\b")


def test_values_are_escaped_and_markup_is_not_escaped_twice():
    assert markup("<b>{}</b>", "<script>&") == "<b>&lt;script&gt;&amp;</b>"
    assert lines(["a<b", bold("c")]) == "a&lt;b<br><b>c</b>"
    assert markup("<i>{}</i>", bold("x")) == "<i><b>x</b></i>"
    assert wrapped("one two three", 7) == "one two<br>three"
    assert isinstance(wrapped("x", 3), Markup)


def chart_functions():
    for name in MODULES:
        module = importlib.import_module(f"jindong.content.chapters.{name}")
        for fname, fn in inspect.getmembers(module, inspect.isfunction):
            sig = inspect.signature(fn)
            callable_bare = all(p.default is not p.empty for p in sig.parameters.values())
            if fn.__module__ == module.__name__ and callable_bare and sig.return_annotation in ("Chart", Chart):
                yield pytest.param(fn, id=f"{name}.{fname}")


@pytest.mark.parametrize("make", list(chart_functions()))
def test_no_chart_shows_an_escaped_tag(make):
    text = make().fig.to_json()
    assert not ESCAPED_TAG.findall(text), ESCAPED_TAG.findall(text)[:3]


def test_every_chart_in_the_book_is_checked():
    """Each chart a chapter glues is made by a function the test above finds (none escapes it)."""
    glued = set()
    for path in [*chapters(), ROOT / "intro.ipynb"]:
        glued |= set(re.findall(r"glue_chart\((\w+)\.(\w+)\(\)\)", path.read_text(encoding="utf-8")))
    found = {p.id.split(".")[1] for p in chart_functions()}
    assert glued and {fn for _, fn in glued} <= found


def test_chinese_is_never_cut_inside_a_number_nor_before_its_yishang():
    # the review found 「（2<br>025年）」 and 「均提高15%以<br>上」 in hovers (textwrap cuts anywhere in Chinese)
    for text in (
        "中欧班列的集结中心。2025年8月区委全会提出全力保障中欧班列集结中心建设（2025年）",
        "城乡低保标准均提高15%以上",
    ):
        for width in range(8, 40):
            parts = str(wrapped(text, width)).split("<br>")
            assert not any(a[-1:].isdigit() and b[:1].isdigit() for a, b in zip(parts, parts[1:])), parts
            assert not any(a.endswith("以") and b.startswith("上") for a, b in zip(parts, parts[1:])), parts


def test_a_sources_words_are_quoted_in_the_editions_marks():
    from jindong.content.edition import language
    from jindong.content.markup import quoted

    with language("zh"):
        assert str(quoted("新培育“專精特新”小巨人企業3家")) == "「新培育“專精特新”小巨人企業3家」"
    with language("en"):
        assert str(quoted("增長8%以上")) == "“增長8%以上”"
