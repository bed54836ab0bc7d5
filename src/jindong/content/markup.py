"""HTML and Plotly text built by construction: what fills a template is escaped unless it is Markup.

Data are text, never markup. The book's HTML (chart frames, tables, the front page's cards) and the
text Plotly draws (hover boxes, annotations, axis labels, legend names) are assembled here with
MarkupSafe: a template's own tags stay, every value put into it is escaped, and a piece built here
(Markup) is not escaped twice. So a label holding "<", "&" or a quote shows as written, and no
caller has to remember to escape.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable

from markupsafe import Markup, escape

from jindong.content.edition import lang

__all__ = ["Markup", "bold", "escape", "italic", "lines", "markup", "wrapped"]

BR = Markup("<br>")


def markup(template: str, *args, **kwargs) -> Markup:
    """The template with every argument escaped: markup("<b>{}</b>", label)."""
    return Markup(template).format(*args, **kwargs)


def both_names(name, other, bilingual: bool) -> Markup:
    """'<b>name</b> · other' (the other language's name beside the edition's), or the name alone."""
    return markup("<b>{}</b> · {}", name, other) if bilingual else bold(name)


def lines(parts: Iterable, sep: str | Markup = BR) -> Markup:
    """Parts on lines of their own (each escaped unless Markup); None is left out (a line one edition lacks)."""
    return Markup(sep).join(p for p in parts if p is not None)


def wrapped(text, width: int, *, break_long_words: bool = True) -> Markup:
    """Text broken into lines of at most `width` characters, for a hover box or a category label.

    Chinese has no spaces to break at: a label mostly in Chinese is broken by display width instead
    (a Han character is two columns wide, so `width` 26 is 13 characters), never inside a Latin word
    or a number (nor between a number and its 以上 or 左右), and never so that a line starts with closing
    punctuation (，。、）…). `break_long_words` is for Latin text only: Chinese is never cut mid-number."""
    text = str(text)
    if _mostly_han(text):
        return lines(_wrap_han(text, width))
    return lines(textwrap.wrap(text, width, break_long_words=break_long_words) or [text])


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_TOKENS = re.compile(r"[A-Za-z0-9.,%+\-_/]+(?:以上|左右|以下)?|\s+|.", re.S)
_NO_LINE_START = set("，。、；：！？）」』”’》〉…%")


def _mostly_han(text: str) -> bool:
    han = len(_HAN.findall(text))
    return han > 0 and han >= len(re.findall(r"[A-Za-z]", text))


def _wrap_han(text: str, width: int) -> list[str]:
    from wcwidth import wcswidth

    out, line, used = [], "", 0
    for token in _TOKENS.findall(text):
        w = max(wcswidth(token), 0)
        if line and used + w > width and not token.isspace() and token[0] not in _NO_LINE_START:
            out.append(line.rstrip())
            line, used = "", 0
        if not line and token.isspace():
            continue
        line, used = line + token, used + w
    if line.strip():
        out.append(line.rstrip())
    return out or [text]


def quoted(text) -> Markup:
    """A source's words in quotation marks: 「…」 in Chinese, whose quotes often hold “…” of their own
    (“““专精特新”…” would nest one kind in itself); “…” in English."""
    return markup("「{}」" if lang() == "zh" else "“{}”", text)


def bold(text) -> Markup:
    return markup("<b>{}</b>", text)


def italic(text) -> Markup:
    return markup("<i>{}</i>", text)
