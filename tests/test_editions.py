"""The two editions of the built site: every page in both, a switch and hreflang links that resolve
both ways, the same charts and figures in each chapter, and the Chinese pages in Chinese — no
English paragraph, no traditional character outside the sources' quotes, and light enough."""

from __future__ import annotations

import html
import json
import posixpath
import re
from functools import cache

import pytest
from bs4 import BeautifulSoup

from jindong.dataset.data import load
from jindong.dataset.sources import to_simplified
from jindong.publish.notebooks import chapters
from support import is_english

pytestmark = pytest.mark.site

PAGES = ["intro.html", *(f"chapters/{p.stem}.html" for p in chapters()), "search.html", "genindex.html"]
CHAPTER_PAGES = PAGES[:-2]
MAX_PAGE = 400_000  # bytes of a Chinese chapter page (issue 13)


@cache
def soup(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def resolve(page: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), href.split("#")[0]))


def chart_strings(page_soup) -> list[str]:
    """The words inside each chart's figure JSON: titles, axis titles, legend names, hover, labels, menus."""
    out = []

    def walk(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                if k not in ("template", "customdata", "x", "y", "z", "ids", "values", "parents", "meta"):
                    walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key in (
            "text",
            "name",
            "hovertext",
            "hovertemplate",
            "label",
            "title",
            "labels",
        ):
            # Plotly's placeholders (%{y}, %{customdata[0]}) are not words; entities are
            out.append(html.unescape(re.sub(r"%\{[^}]*\}|<[^>]+>", " ", value)))

    for script in page_soup.select("script.jd-figure"):
        walk(json.loads(script.string))
    return out


def visible_blocks(page_soup) -> list[str]:
    main = page_soup.select_one("main") or page_soup
    blocks = []
    for el in main.select("p, li, td, th, h1, h2, h3, h4, figcaption, caption, dt, dd, summary"):
        for code in el.select("code, pre, script, .headerlink"):
            code.extract()
        blocks.append(el.get_text(" ", strip=True))
    return blocks


# ---------------------------------------------------------------- both editions


def test_every_page_is_in_both_editions_with_a_switch_and_hreflang_both_ways(site):
    problems = []
    for page in PAGES:
        for here, there, lang in ((page, f"zh/{page}", "en"), (f"zh/{page}", page, "zh-CN")):
            path = site / here
            if not path.exists():
                problems.append(f"{here}: missing")
                continue
            s = soup(path)
            if s.html.get("lang") != lang:
                problems.append(f"{here}: <html lang={s.html.get('lang')!r}>, expected {lang!r}")
            alternates = {
                a.get("hreflang"): resolve(here, a["href"]) for a in s.select('link[rel="alternate"][hreflang]')
            }
            if alternates != {"en": page, "zh-CN": f"zh/{page}"}:
                problems.append(f"{here}: hreflang links {alternates}")
            switch = s.select("a.btn-jd-language")
            if len(switch) != 1 or resolve(here, switch[0]["href"]) != there:
                problems.append(
                    f"{here}: the language switch goes to {[resolve(here, a['href']) for a in switch]}, not {there}"
                )
            elif not (site / there).exists():
                problems.append(f"{here}: the language switch's page {there} does not exist")
    assert problems == [], "\n".join(problems)


def _anchors(path) -> tuple[list[str], list[str], int]:
    s = soup(path)
    charts = [d["id"] for d in s.select("div.jd-chart[id]")]
    figures = sorted(f["id"] for f in s.select("figure[id]"))
    return charts, figures, len(s.select("main table"))


@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_both_editions_show_the_same_charts_figures_and_tables(site, page):
    en, zh = _anchors(site / page), _anchors(site / "zh" / page)
    assert zh == en, f"{page}: charts/figures/tables differ between the editions:\n  en {en}\n  zh {zh}"


@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_a_section_has_one_anchor_in_both_editions(site, page):
    """A Chinese section takes its English twin's id (a Chinese title gives docutils no letters: it
    numbered them #id1…#idN, or a few: #jupyterlab), in its <section>, its heading's permalink and the
    page's contents; a label beside it (ch7-frame) still resolves."""
    en, zh = soup(site / page), soup(site / "zh" / page)
    ids = [s["id"] for s in en.select("section[id]")]
    assert [s["id"] for s in zh.select("section[id]")] == ids, page
    assert not [i for i in ids if re.fullmatch(r"id\d+", i)], f"{page}: numbered section ids {ids}"
    links = [a["href"] for a in zh.select("section[id] > :is(h1, h2, h3) > a.headerlink")]
    assert links == [f"#{i}" for i in ids], f"{page}: the headings' permalinks {links}"
    contents = {a["href"] for a in zh.select(".bd-toc a.nav-link")}
    assert contents <= {f"#{i}" for i in ids}, f"{page}: 'On this page' links {contents - {f'#{i}' for i in ids}}"
    assert len(contents) == len(ids) - 1, f"{page}: 'On this page' lists {len(contents)} of {len(ids) - 1} sections"


def test_heading_ids_are_the_ones_docutils_gives_the_english_headings(tmp_path):
    """What the Chinese sections take: ids from the English Markdown headings, not from code or fences;
    none where docutils would number the section itself (no letters, or a title seen before)."""
    from jindong.publish.sphinxext import heading_ids

    cells = [
        "# 2026: Go all out\n\nText.\n\n```python\n# a comment, not a heading\n```",
        "## From 2023 to 2025–26\n\n### The `derived` tables",
        "## 中文标题\n\n## From 2023 to 2025–26",
    ]
    nb = {"cells": [{"cell_type": "markdown", "source": c, "metadata": {}} for c in cells], "metadata": {}}
    nb["cells"].insert(1, {"cell_type": "code", "source": "# not a heading", "metadata": {}, "outputs": []})
    path = tmp_path / "page.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert heading_ids(path) == ["go-all-out", "from-2023-to-202526", "the-derived-tables", None, None]


def test_the_same_chart_plots_the_same_traces(site):
    problems = []
    for page in CHAPTER_PAGES:

        def traces(path):
            return {
                s["data-for"]: [
                    (t.get("type", "scatter"), len(t.get("x") or t.get("y") or t.get("values") or t.get("z") or []))
                    for t in json.loads(s.string)["data"]
                ]
                for s in soup(path).select("script.jd-figure")
            }

        en, zh = traces(site / page), traces(site / "zh" / page)
        if en != zh:
            problems.append(f"{page}: {sorted(set(en.items()) ^ set(zh.items()), key=str)[:4]}")
    assert problems == [], problems


# ---------------------------------------------------------------- the Chinese pages read in Chinese


def test_no_english_paragraph_on_a_chinese_page(site):
    problems = []
    for page in CHAPTER_PAGES:
        s = soup(site / "zh" / page)
        for text in visible_blocks(BeautifulSoup(str(s), "html.parser")) + chart_strings(s):
            if is_english(text):
                problems.append(f"zh/{page}: {text[:140]!r}")
    assert problems == [], f"{len(problems)} English text(s) on Chinese pages:\n" + "\n".join(problems[:80])


def test_the_english_check_finds_english():
    assert is_english("GDP grew 7.0% in 2022, the slowest of the growth rates the report gives")
    assert not is_english("地区生产总值增长7.0%，为报告所列增速中最低（GDP）")
    assert not is_english("资料来源：jd_gwr_2023（data/indicators.csv）")


class Simplifier:
    """OpenCC's t2s and the phrases it gets wrong (jindong.dataset.sources.to_simplified), as .convert()."""

    convert = staticmethod(to_simplified)


@cache
def quotes() -> list[str]:
    ds = load()
    found = [q for t in ("indicators", "priorities", "statements") for q in getattr(ds, t).quote if isinstance(q, str)]
    found += list(ds.exclusions.pattern)  # patterns match the sources' own text, which they quote
    return sorted(set(found), key=len, reverse=True)


QUOTED = re.compile(r"「[^」]*」|“[^”]*”|『[^』]*』")


def traditional_outside_quotes(text: str, t2s) -> str:
    """The text's traditional characters once the sources' quotes are taken out ('' when none)."""
    flat = re.sub(r"\s+", "", text)
    for q in quotes():
        flat = flat.replace(re.sub(r"\s+", "", q), "")
    flat = QUOTED.sub("", flat)
    simple = t2s.convert(flat)
    return "".join(a for a, b in zip(flat, simple) if a != b)


def test_no_traditional_character_outside_quotes(site):
    t2s = Simplifier()
    problems = []
    for page in CHAPTER_PAGES:
        s = soup(site / "zh" / page)
        for text in visible_blocks(BeautifulSoup(str(s), "html.parser")) + chart_strings(s):
            bad = traditional_outside_quotes(text, t2s)
            if bad:
                problems.append(f"zh/{page}: {bad!r} in {text[:100]!r}")
    assert problems == [], "\n".join(problems[:60])


def test_the_traditional_check_finds_traditional():
    t2s = Simplifier()
    assert traditional_outside_quotes("全區經濟穩中有進", t2s)
    assert traditional_outside_quotes("著力激活发展新引擎", t2s)  # OpenCC keeps 著 here; simplified Chinese writes 着
    assert not traditional_outside_quotes("报告写道：「全區經濟穩中有進」", t2s)


@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_chinese_pages_stay_light(site, page):
    size = (site / "zh" / page).stat().st_size
    assert size <= MAX_PAGE, f"zh/{page} is {size:,} bytes (at most {MAX_PAGE:,})"
