"""HTML and Plotly text built by construction: what fills a template is escaped unless it is Markup.

Data are text, never markup. The book's HTML (chart frames, tables, the front page's cards) and the
text Plotly draws (hover boxes, annotations, axis labels, legend names) are assembled here with
MarkupSafe: a template's own tags stay, every value put into it is escaped, and a piece built here
(Markup) is not escaped twice. So a label holding "<", "&" or a quote shows as written, and no
caller has to remember to escape.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from markupsafe import Markup, escape

__all__ = ["Markup", "bold", "escape", "italic", "lines", "markup", "wrapped"]

BR = Markup("<br>")


def markup(template: str, *args, **kwargs) -> Markup:
    """The template with every argument escaped: markup("<b>{}</b>", label)."""
    return Markup(template).format(*args, **kwargs)


def lines(parts: Iterable, sep: str | Markup = BR) -> Markup:
    """Parts on lines of their own (each escaped unless Markup)."""
    return Markup(sep).join(parts)


def wrapped(text, width: int, *, break_long_words: bool = True) -> Markup:
    """Text broken into lines of at most `width` characters, for a hover box or a category label."""
    text = str(text)
    return lines(textwrap.wrap(text, width, break_long_words=break_long_words) or [text])


def bold(text) -> Markup:
    return markup("<b>{}</b>", text)


def italic(text) -> Markup:
    return markup("<i>{}</i>", text)
