"""The Chinese PDF edition (make pdf → _build/pdf/jindong-book-zh.pdf), read back with poppler's tools:
typeset as a Chinese book (title page, 目录, 插图目录, 第N章, 图 N.M), its fonts embedded, its text
Chinese, its figures the Chinese website's, numbered the same way.

Like test_pdf.py: without the PDF or poppler the checks skip, except with CI=true.
"""

from __future__ import annotations

import re
import subprocess

import pytest

from jindong.content.edition import language
from jindong.content.format import as_written
from jindong.dataset.data import load
from jindong.publish import build, pdf, print_edition
from support import (
    IDS,
    LATIN,
    SITE,
    WORDS,
    data_english,
    english_share,
    figure_numbers,
    pages,
    pdf_text,
    require,
    site_charts,
)

pytestmark = pytest.mark.pdf

PDF = build.PDF_DIR / print_edition.PDF_NAMES["zh"]
LATEX = build.LATEX_ZH.out
ZH_SITE = SITE / "zh"
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def text() -> str:
    return pdf_text(PDF)


@pytest.fixture(scope="module")
def zh_pdf(text):
    return PDF


@pytest.fixture(scope="module")
def log(zh_pdf) -> str:
    return (LATEX / "book.log").read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def zh_charts() -> list[tuple[str, str, bool]]:
    """(name, title, interactive-only) of every chart of the Chinese website."""
    return site_charts(ZH_SITE)


def test_cjk_fonts_are_embedded(zh_pdf):
    fonts = subprocess.run(["pdffonts", str(zh_pdf)], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if re.search(r"NotoSerifCJK", line)]
    assert cjk, f"the body font, Noto Serif CJK SC, is not in the PDF:\n{fonts}"
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:]), f"a font is not embedded:\n{fonts}"


def test_chinese_is_extractable_text_with_no_missing_character(text, log):
    assert "金东区" in text and "地区生产总值" in text
    assert "\ufffd" not in text
    assert not pdf.missing_characters(log) and "Missing character" not in log


def test_no_undefined_reference_or_overfull_table(log):
    assert "undefined references" not in log and "Reference `" not in log
    wide = [float(w) for w in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\)", log)]
    assert max(wide, default=0) < 15, f"a line or table runs {max(wide)}pt into the margin"


def test_chinese_title_page_contents_and_list_of_figures(text, zh_pdf):
    first = text.split("\f")[0]
    assert build.ZH_TITLE in squash(first), first[:300]
    assert "目录" in text and "插图目录" in text
    info = subprocess.run(["pdfinfo", str(zh_pdf)], capture_output=True, text=True, check=True).stdout
    assert "A4" in info and int(re.search(r"Pages:\s+(\d+)", info).group(1)) > 50


def test_chapters_open_as_a_chinese_book_s_do(text):
    headings = re.findall(r"第\s*(\d+)\s*章", text)
    assert {str(n) for n in range(1, 11)} <= set(headings), sorted(set(headings))


def test_every_chart_is_a_figure_numbered_as_on_the_chinese_website(text, zh_charts):
    """Read in the list of figures (插图目录), whose entries start a line with their number (on the
    page, pdftotext may set the label 图 N.M apart from the caption's text)."""
    start = text.index("插图目录")
    # a number of one or two digits (4.1, 10.3, 1): a caption may start with a year (2022 年…)
    parts = re.split(r"(?m)^(\d{1,2}(?:\.\d{1,2})?)\s+", text[start : start + 40_000])
    entries = [(number, squash(caption)) for number, caption in zip(parts[1::2], parts[2::2], strict=True)]
    on_site = {name: number for page in pages(ZH_SITE) for name, number in figure_numbers(page).items()}
    static_charts = [(n, t) for n, t, interactive in zh_charts if not interactive]
    assert set(on_site) >= {n for n, _ in static_charts}
    tex = (LATEX / "book.tex").read_text(encoding="utf-8")
    for name, title in static_charts:
        assert re.search(r"\\sphinxincludegraphics\[[^\]]*\]\{\{" + re.escape(name) + r"\}\.pdf\}", tex), name
        numbers = [number for number, caption in entries if caption.startswith(squash(title)[:20])]
        assert numbers, f"{name}: not in the list of figures: {title}"
        assert numbers[0] == on_site[name], f"{name}: 图 {on_site[name]} on the website, 图 {numbers[0]} here"
    assert len(entries) >= len(static_charts)


def test_interactive_parts_become_a_chinese_sentence(text, zh_charts):
    interactive = [t for _, t, i in zh_charts if i]
    assert interactive
    for title in interactive:
        assert squash(title) + "：此处为交互内容" in squash(text), title


def test_key_figures_are_written_as_the_data_write_them(text):
    ind = load().indicators.set_index("id")
    flat = squash(text)
    with language("zh"):
        for indicator in ("jd_gwr_2023-r003", "jd_gwr_2023-r007"):  # industrial output, fixed-asset investment
            r = ind.loc[indicator]
            written = as_written(r.value_text, r.unit)  # 380.7亿元, 217.3亿元
            assert written in flat, written


LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9\s,.'’()&:;/-]*[A-Za-z)]")


def _flat(s: str) -> str:
    """For comparing text across line breaks and LaTeX's hyphens: one space, plain hyphens."""
    s = s.replace("\u2011", "-").replace("\u2010", "-").replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", s).strip()


def test_the_body_is_chinese(text):
    """Every run of English in the Chinese PDF is a piece of the English the data carry (a term's English
    name in the glossary, a label beside its Chinese; table columns share a line), and few Latin
    letters in all."""
    body = "\f".join(text.split("\f")[8:])
    english = [_flat(v) for v in data_english()]
    stray = []
    for line in body.splitlines():
        for run in LATIN_RUN.findall(IDS.sub(" ", _flat(line))):
            piece = run.rstrip("-").strip()  # a word hyphenated at the line's end: its first part
            if len(LATIN.findall(piece)) >= 12 and not WORDS.fullmatch(piece) and not any(piece in v for v in english):
                stray.append(piece)
    assert stray == [], f"{len(stray)} English run(s) in the Chinese PDF:\n" + "\n".join(stray[:40])
    latin, share = english_share(body)
    assert len(HAN.findall(body)) > 30_000 and share < 0.15, (latin, share)


@pytest.mark.site
def test_the_chinese_website_offers_the_chinese_pdf(zh_pdf):
    require((ZH_SITE / "index.html").exists(), f"no Chinese site at {ZH_SITE}: run `make book`")
    offered = ZH_SITE / print_edition.PDF_NAMES["zh"]
    assert offered.exists() and offered.read_bytes() == zh_pdf.read_bytes(), "make book after make pdf"
    assert not (ZH_SITE / print_edition.PDF_NAMES["en"]).exists()
    for page in pages(ZH_SITE):
        body = page.read_text(encoding="utf-8")
        assert re.search(r'href="(\.\./)?jindong-book-zh\.pdf"', body), f"{page.name} has no link to the Chinese PDF"
        assert "jindong-book.pdf" not in body
