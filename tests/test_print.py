"""A chapter printed from the browser (issue 26, point 5): Chromium's own print to A4, both editions.

A figure — the chart's title, its plot, its source line and its caption — is on one page (a page break
cut figures 4.1, 4.4 and 4.5, and a caption started a page alone); the controls and links that only
work on screen (toolbar, "Data table", "CSV") are not printed; each chart is drawn at the paper's width.
"""

from __future__ import annotations

import re
import subprocess

import pytest

from support import CHARTS_DRAWN, open_page

pytestmark = [pytest.mark.site, pytest.mark.browser]

FIGURES_JS = """() => Array.from(document.querySelectorAll("main figure[id^='fig-']")).filter(f => f.querySelector('.jd-chart'))
  .map(f => ({id: f.id, caption: f.querySelector('figcaption').textContent.trim(),
              title: f.querySelector('.jd-chart-title').textContent.trim()}))"""
SCREEN_ONLY_JS = """() => Array.from(document.querySelectorAll(
    '.jd-chart-data-link, .jd-chart-csv, details.jd-chart-data, .jd-tools, .modebar-container'))
  .filter(e => e.getClientRects().length > 0).map(e => e.className)"""
WIDER_THAN_PAPER_JS = """() => Array.from(document.querySelectorAll('.jd-chart .main-svg'))
  .filter(svg => svg.getBoundingClientRect().right > svg.closest('.jd-chart').getBoundingClientRect().right + 2)
  .map(svg => svg.closest('.jd-chart').id)"""


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("path", ["chapters/04-did-2023-deliver.html", "zh/chapters/04-did-2023-deliver.html"])
def test_a_printed_chapter_keeps_each_figure_on_one_page(browser, path, tmp_path):
    context, page = open_page(browser, path, width=1280, height=900)
    try:
        page.wait_for_function(CHARTS_DRAWN, timeout=20_000)
        figures = page.evaluate(FIGURES_JS)
        page.emulate_media(media="print")
        page.wait_for_timeout(800)  # jindong.js redraws the charts at the paper's width
        assert page.evaluate(SCREEN_ONLY_JS) == []
        pdf = tmp_path / "chapter.pdf"
        page.pdf(path=str(pdf), format="A4")
        wide = page.evaluate(WIDER_THAN_PAPER_JS)
    finally:
        context.close()
    assert wide == [], f"charts wider than the paper: {wide}"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    sheets = [squeeze(t) for t in text.split("\f")]
    assert len(figures) >= 5, figures
    for f in figures:
        # a stretch from inside each (pdftotext may set a leading number apart: "2023\n\n年…")
        title, caption = squeeze(f["title"])[5:29], squeeze(f["caption"])[5:35]
        under = [i for i, s in enumerate(sheets) if caption in s]
        assert len(under) == 1, f"{f['id']}: its caption is on pages {[i + 1 for i in under]}"
        # (the prose may say what a title says: the title looked for is the one on the caption's page)
        assert title in sheets[under[0]], f"{f['id']}: the caption is on page {under[0] + 1}, its chart's title is not"
