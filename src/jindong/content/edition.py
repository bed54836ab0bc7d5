"""Which edition the content is made for: its language.

Set by the publishing code through the environment of the notebook kernels (JINDONG_LANG), read here
and only here, so every chart, table and sentence asks one place. The website and the PDF read the
same outputs (each chart and table also carries PRINT_MIME, which only the PDF's builder shows), so a
notebook runs once per edition for both.
Without JINDONG_LANG, a kernel working in a folder named zh is Chinese: the Chinese chapters live in
chapters/zh/, and JupyterLab and nbval run a notebook in its own folder, so an author opening
chapters/zh/04-did-2023-deliver.ipynb sees the Chinese charts.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from jindong import paths

# The book's languages: English ("en", the language of the code) and simplified Chinese ("zh").
LANGUAGES = ("en", "zh")
_lang = os.environ.get("JINDONG_LANG") or ("zh" if Path.cwd().name == "zh" else "en")
if _lang not in LANGUAGES:
    raise SystemExit(f"JINDONG_LANG={_lang!r}: the book's languages are {', '.join(LANGUAGES)}")

# The extra output charts and tables give for the PDF: what a printed page needs (a chart's figure,
# title and source line; a table's rows), rendered by publish/print_edition.py.
PRINT_MIME = "application/vnd.jindong.print+json"


def lang() -> str:
    """The edition's language: 'en' or 'zh' (JINDONG_LANG)."""
    return _lang


@contextlib.contextmanager
def language(code: str) -> Iterator[None]:
    """Make content in another language for a while (tests build both editions' charts in one process)."""
    global _lang
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}: one of {LANGUAGES}")
    before, _lang = _lang, code
    try:
        yield
    finally:
        _lang = before


def site_url() -> str:
    """The website edition's address in this language, for the PDF's pointers to interactive parts
    ('' when unknown): paths.site_url(), and zh/ under it for the Chinese edition."""
    url = paths.site_url()
    if url and _lang == "zh":
        url = url.rstrip("/") + "/zh/"
    return url
