"""The PDF edition (make pdf → _build/pdf/jindong-book.pdf), read back with poppler's tools.

Run by `make test`, which builds the PDF and then the site. Without a PDF, or without poppler, the
checks on it say so and skip — except with CI=true, where both are required. The expected charts
are read from the built website, so the two editions are compared, not the PDF with itself.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import plotly.graph_objects as go
import pytest

from jindong.content.charts import static
from jindong.content.edition import PRINT_MIME
from jindong.content.htmltable import HtmlTable
from jindong.dataset.data import load
from jindong.publish import build, pdf, print_edition
from jindong.publish.print_edition import column_widths, text_width
from support import SITE, figure_numbers, pages, pdf_text, require
from support import site_charts as support_site_charts

PDF = build.PDF_DIR / print_edition.PDF_NAME
LATEX = build.LATEX.out


def squash(text: str) -> str:
    """Text compared across line breaks, hyphenation and TeX's curly quotes: no whitespace, no hyphens."""
    text = text.translate(str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'}))
    return re.sub(r"[\s\-‐­]+", "", text)


@pytest.fixture(scope="module")
def text() -> str:
    return pdf_text(PDF)


@pytest.fixture(scope="module")
def book_pdf(text):
    return PDF


@pytest.fixture(scope="module")
def site_charts() -> list[tuple[str, str, bool]]:
    """(name, title, interactive-only) of every chart on the website."""
    return support_site_charts(SITE)


# ---------------------------------------------------------------- the PDF itself


@pytest.mark.pdf
def test_a_cjk_font_is_embedded(book_pdf):
    fonts = subprocess.run(["pdffonts", str(book_pdf)], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if re.search(r"Noto(Serif|Sans)CJK", line)]
    assert cjk, fonts
    assert all(line.split()[-5] == "yes" for line in cjk), f"CJK fonts not embedded:\n{fonts}"  # the 'emb' column


@pytest.mark.pdf
def test_chinese_is_text_not_tofu(text, book_pdf):
    assert "金东区" in text and "金义新区" in text  # extractable: the fonts carry a Unicode map
    assert "\ufffd" not in text
    log = (LATEX / "book.log").read_text(encoding="utf-8", errors="replace")
    assert not pdf.missing_characters(log)
    assert "Missing character" not in log


@pytest.mark.pdf
def test_no_undefined_references_or_overflowing_tables(book_pdf):
    log = (LATEX / "book.log").read_text(encoding="utf-8", errors="replace")
    assert "undefined references" not in log and "Reference `" not in log
    wide = [float(w) for w in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\)", log)]
    assert max(wide, default=0) < 15, f"a line or table runs {max(wide)}pt into the margin"


@pytest.mark.pdf
def test_title_page_contents_list_of_figures_and_page_numbers(text, book_pdf):
    first = text.split("\f")[0]
    assert "Jindong District in numbers" in first
    assert "LIST OF FIGURES" in text.upper() and "CHAPTERS" in text.upper()
    info = subprocess.run(["pdfinfo", str(book_pdf)], capture_output=True, text=True, check=True).stdout
    n = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert n > 50 and "A4" in info

    def has_number(page: str) -> bool:  # the folio is in the footer, before or after the running title
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        return any(re.fullmatch(r"\d{1,3}", line) for line in lines[-4:])

    numbered = [p for p in text.split("\f")[5:n] if has_number(p)]
    assert len(numbered) > 0.8 * (n - 5), "page numbers missing from the body pages"


@pytest.mark.pdf
@pytest.mark.site
def test_every_chart_is_a_numbered_figure_with_its_title(text, site_charts):
    flat = squash(text)
    static_charts = [(n, t) for n, t, interactive in site_charts if not interactive]
    tex = (LATEX / "book.tex").read_text(encoding="utf-8")
    for name, title in static_charts:
        assert re.search(
            r"\\begin\{figure\}.*?\\sphinxincludegraphics\[[^\]]*\]\{\{" + re.escape(name) + r"\}\.pdf\}",
            tex,
            re.DOTALL,
        ), f"{name}: no picture in a figure"
        # the home page's chart is in the unnumbered Introduction: "Figure 1", without a chapter number
        assert re.search(r"Figure\d+(?:\.\d+)?:" + re.escape(squash(title)), flat), f"{name}: no caption '{title}'"
    captions = set(re.findall(r"Figure (\d+(?:\.\d+)?):", text))
    assert len(captions) == len(static_charts)


@pytest.mark.pdf
@pytest.mark.site
def test_figure_numbers_are_the_same_on_the_website(text, site_charts):
    """A figure has one number in both editions: the website's "Figure 4.1" is the PDF's "Figure 4.1"
    (and the home page's "Figure 1", in the PDF's unnumbered Introduction, is "Figure 1" there)."""
    flat = squash(text)
    on_site = {name: number for page in pages(SITE) for name, number in figure_numbers(page).items()}
    static_charts = [(n, t) for n, t, interactive in site_charts if not interactive]
    assert set(on_site) >= {n for n, _ in static_charts}, "a chart of the website has no figure number"
    for name, title in static_charts:
        in_pdf = re.search(r"Figure(\d+(?:\.\d+)?):" + re.escape(squash(title)), flat)
        assert in_pdf, f"{name}: no caption '{title}' in the PDF"
        assert in_pdf.group(1) == on_site[name], (
            f"{name}: Figure {on_site[name]} on the website, {in_pdf.group(1)} in the PDF"
        )


@pytest.mark.pdf
def test_chart_pictures_are_vector_with_their_text(text):
    assert "Figures (count)" in text  # an axis title drawn by Plotly in chapter 1's chart, kept as text


@pytest.mark.pdf
@pytest.mark.site
def test_interactive_parts_become_a_sentence(text, site_charts):
    interactive = [(n, t) for n, t, i in site_charts if i]
    assert interactive, "the explorer of chapter 10 has a menu"
    flat = squash(text)
    for name, title in interactive:
        assert squash(f"{title}: this part is interactive") in flat, name
        assert not re.search(r"Figure\d+\.\d+:" + re.escape(squash(title)), flat)


@pytest.mark.pdf
@pytest.mark.site
def test_words_about_hovering_stay_on_the_website(text):
    assert "Hover over a segment" not in text
    assert "Hover over a segment" in (SITE / "chapters" / "07-2026-go-all-out.html").read_text(encoding="utf-8")


@pytest.mark.pdf
def test_key_figures_are_in_the_text(text):
    ind = load().indicators.set_index("id")
    for indicator in ("jd_gwr_2023-r003", "jd_gwr_2023-r007"):  # industrial output, fixed-asset investment
        assert ind.loc[indicator, "value_text"] in text
    assert "380.7" in text and "217.3" in text


@pytest.mark.pdf
@pytest.mark.site
def test_the_website_offers_the_pdf(book_pdf):
    require((SITE / "index.html").exists(), f"no built site at {SITE}: run `make book`")
    offered = SITE / print_edition.PDF_NAME
    assert offered.exists() and offered.read_bytes() == book_pdf.read_bytes(), "make book after make pdf"
    for page in pages(SITE):
        body = page.read_text(encoding="utf-8")
        assert re.search(r'href="(\.\./)?jindong-book\.pdf"', body), f"{page.name} has no link to the PDF"
    intro = (SITE / "intro.html").read_text(encoding="utf-8")
    assert "Book (PDF)" in intro and "Print page" in intro  # not two entries both called ".pdf"


# ---------------------------------------------------------------- how it is made


def test_static_export_loads_nothing_from_the_network():
    scripts = static.page_scripts()
    assert scripts and all(s.startswith("file://") or s.startswith("/") for s in scripts), scripts
    assert not any("mathjax" in s.lower() for s in scripts)


@pytest.mark.browser
def test_a_chart_prints_as_a_vector_picture():
    require(bool(static.browser()), "Chromium is not installed")
    from jindong.content.chapters import results_2022 as performance

    out = performance.headline_levels().print_output()
    assert out["kind"] == "chart" and out["title"] and out["source"].startswith("Source")
    assert out["figure"]["layout"]["paper_bgcolor"] == "white"  # paper, whatever the screen's scheme
    # drawn as the PDF's LaTeX is written (print_edition._chart_nodes), not in the kernel
    assert static.export(go.Figure(out["figure"])).startswith(b"%PDF")


def test_the_explorer_prints_as_a_note():
    from jindong.content.chapters import explorer

    out = explorer.static_explorer().print_output()
    assert out["kind"] == "interactive" and "this part is interactive (a menu chooses what it shows)" in out["text"]


def test_a_table_carries_its_rows_for_the_pdf():
    """One execution serves both builds: the website shows text/html, the PDF's builder PRINT_MIME."""
    import pandas as pd

    table = HtmlTable(pd.DataFrame({"Figure": ["GDP"], "Value": ["¥30 billion"]}), numeric=("Value",))
    out = table._repr_mimebundle_()[PRINT_MIME]
    assert out == {
        "kind": "table",
        "columns": ["Figure", "Value"],
        "rows": [["GDP", "¥30 billion"]],
        "numeric": ["Value"],
    }


def test_column_widths_keep_words_whole_and_fit_the_line():
    columns = ["Figure", "中文", "Value", "Kind", "Source"]
    rows = [
        [
            "Industrial output of enterprises above designated size",
            "规上工业产值",
            "¥38.07 billion",
            "estimate",
            "jd_bulletin_2023 (secondary)",
        ]
    ] * 3
    widths = column_widths(columns, rows)
    assert widths[3] > len("estimate") and widths[4] > len("jd_bulletin_2023")
    assert widths[2] > len("billion")
    assert sum(widths) <= print_edition.LINE_CHARS - print_edition.PER_COLUMN * len(columns) + len(columns)
    assert widths[0] > widths[3], "the long text column gets the room that is left"
    assert text_width("金东区") == 6 and text_width("GDP") == 3


def test_column_widths_keep_short_chinese_cells_whole():
    """The Chinese data dictionary: "文本" and "是" must not break one character a line, a long
    Chinese description may (in runs of print_edition.HAN_RUN characters)."""
    columns = ["字段", "数据类型", "必填", "允许取值", "说明"]
    rows = [
        ["label_zh", "文本", "是", "符合 [a-z0-9_]+；不得重复", "该事项的中文表述（简体），逐字照录来源原文中的写法。"]
    ] * 3
    widths = column_widths(columns, rows)
    assert widths[1] >= text_width("文本") + 1 and widths[2] >= text_width("必填") + 1, widths
    assert widths[4] > widths[1], "the long description gets the room that is left"


def test_missing_glyphs_are_reported():
    log = (
        "Missing character: There is no ⿰ (U+2FF0) in font TeXGyrePagella-Regular:mapping=tex-text;!\n" * 2
        + "Missing character: There is no ▸ (U+25B8) in font TeXGyrePagella-Italic/OT:scri\npt=latn;\n"
    )
    assert pdf.missing_characters(log) == [
        "▸ (U+25B8) in TeXGyrePagella-Italic/OT:scri",  # a wrapped log line
        "⿰ (U+2FF0) in TeXGyrePagella-Regular:mapping=tex-text;",
    ]


def test_missing_tools_are_named(monkeypatch, capsys):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    missing = pdf.missing_tools()
    assert any("texlive-xetex" in m for m in missing) and any("chromium" in m for m in missing)
    assert pdf.main() == 2
    err = capsys.readouterr().err
    assert "make system-deps" in err and "latexmk" in err


def test_make_test_goes_on_without_tex_except_in_ci(monkeypatch, capsys):
    monkeypatch.setattr(pdf, "missing_tools", lambda: ["xelatex (Debian package texlive-xetex)"])
    monkeypatch.delenv("CI", raising=False)
    assert pdf.main(optional=True) == 0
    assert "its tests will be skipped" in capsys.readouterr().err
    monkeypatch.setenv("CI", "true")
    assert pdf.main(optional=True) == 2
