"""One language per page, and the sources' words as the sources write them (issue 25).

- A Chinese page has no Latin word outside what belongs there (ids, file names, addresses, pinyin, the
  abbreviations the book defines: GDP, CSV …), hovers, cards, tables and the theme's own words included.
- An English page shows Chinese only where it is a Chinese original: a run of Han characters that the
  sources or the dataset's Chinese fields hold (a label, a term, a quote), not the book's own Chinese.
- What either edition presents as the source's words is the source's: a 《title》 is a source's headline,
  a 「quote」 on a Chinese page stands in a source (after traditional → simplified).
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from bs4 import BeautifulSoup

from jindong.dataset.data import load
from jindong.dataset.schema import package
from jindong.dataset.sources import source_texts, to_simplified
from jindong.paths import DATA_DIR
from jindong.publish.sphinxext import EDITIONS
from support import IDS, WORDS
from test_editions import CHAPTER_PAGES, chart_strings, soup, visible_blocks

pytestmark = pytest.mark.site

LATIN_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]{2,}(?![A-Za-z])")
# Latin that a Chinese page may show beyond support.IDS and support.WORDS: tools and file formats the
# pages name (the download menu offers .ipynb and .md), and the dataset's own identifiers, which
# chapter 10's data dictionary lists (table and field names, coded values, a field's pattern).
ZH_ALLOWED = re.compile(
    r"(?<![A-Za-z])(?:Sphinx|Chromium|CDN|HTML|SVG|PNG|JavaScript|LaTeX|XeLaTeX|Noto|ipynb|md|ISO)(?![A-Za-z])"
)


@cache
def dataset_identifiers() -> re.Pattern:
    """The names data/ defines: resources, fields, coded values and patterns (datapackage.yaml), metric keys."""
    names = set()
    for res in package(DATA_DIR).resources:
        names.add(res.name)
        for f in res.schema.fields:
            names.add(f.name)
            constraints = f.constraints or {}
            names.update(str(v) for v in constraints.get("enum", []))
            if constraints.get("pattern"):
                names.add(constraints["pattern"])
    names.update(load().indicators.metric)  # the metric keys, which the dictionary gives as examples
    words = sorted((n for n in names if re.search("[A-Za-z]", n)), key=len, reverse=True)
    return re.compile("|".join(rf"(?<![A-Za-z_]){re.escape(n)}(?![A-Za-z_])" for n in words))


HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{4,}")


# The language switch speaks the other edition's language on purpose ("English" on a Chinese page).
SWITCH_WORDS = {w for e in EDITIONS.values() for w in (e["switch"], e["tooltip"])}


def theme_words(page_soup) -> list[str]:
    """The theme's words around the content: the search box, buttons' titles, the footer."""
    out = [el.get("placeholder", "") for el in page_soup.select("input[placeholder]")]
    out += [el.get("title", "") or el.get("data-bs-title", "") for el in page_soup.select("button, a.btn")]
    out += [el.get_text(" ", strip=True) for el in page_soup.select("footer, .bd-footer, .footer-item")]
    return [w for w in out if w and w not in SWITCH_WORDS]


def latin_words(text: str) -> list[str]:
    """The Latin words of `text` that have no place on a Chinese page."""
    text = IDS.sub(" ", text.replace("\u200b", ""))
    text = ZH_ALLOWED.sub(" ", WORDS.sub(" ", dataset_identifiers().sub(" ", text)))
    return LATIN_WORD.findall(text)


def page_texts(path) -> list[str]:
    s = soup(path)
    return visible_blocks(BeautifulSoup(str(s), "html.parser")) + chart_strings(s) + theme_words(s)


# Markdown that did not render: CommonMark takes `**>**` after a Han character as text, not as bold
# (a delimiter run next to punctuation must have space or punctuation on its other side).
RAW_MARKDOWN = re.compile(r"\*\*|__|(?<![\w`])`[^`]+`(?![\w`])")


def test_no_markdown_shows_as_text(site):
    problems = [
        f"{edition}{page}: {m.group()!r} in {text[max(0, m.start() - 40) : m.end() + 40]!r}"
        for edition in ("", "zh/")
        for page in CHAPTER_PAGES
        for text in visible_blocks(BeautifulSoup(str(soup(site / f"{edition}{page}")), "html.parser"))
        for m in RAW_MARKDOWN.finditer(text)
    ]
    problems = list(dict.fromkeys(problems))
    assert problems == [], "Markdown shown as text:\n" + "\n".join(problems[:40])


def test_no_latin_word_on_a_chinese_page(site):
    problems = []
    for page in CHAPTER_PAGES:
        for text in page_texts(site / "zh" / page):
            words = latin_words(text)
            if words:
                problems.append(f"zh/{page}: {' '.join(dict.fromkeys(words))!r} in {text[:120]!r}")
    problems = list(dict.fromkeys(problems))
    assert problems == [], f"{len(problems)} text(s) with English on Chinese pages:\n" + "\n".join(problems[:80])


def test_the_latin_check_finds_english_and_lets_ids_pass():
    assert latin_words("地区生产总值增长 · GDP growth") == ["growth"]
    assert latin_words("Search this book...") == ["Search", "this", "book"]
    assert latin_words("资料来源：jd_gwr_2023-t002（data/indicators.csv），GDP 增长8%以上") == []


@cache
def originals() -> str:
    """Every Chinese original an English page may show, in one string: the sources (as written and
    simplified) and the dataset's Chinese fields."""
    ds = load()
    parts = []
    texts = source_texts(ds.sources.to_dict("records")) or {}
    for t in texts.values():
        if t.path.exists():
            parts += [t.text, t.simplified]
    for table, cols in {
        "indicators": ["label_zh", "quote", "unit"],
        "priorities": ["label_zh", "group_zh", "quote"],
        "frameworks": ["title_zh"],
        "terms": ["zh", "meaning_zh"],
        "sources": ["title_zh", "publisher_zh"],
        "themes": ["label_zh"],
        "statements": ["quote"],
        "units": ["unit"],
        "theme_keywords": ["word"],
    }.items():
        df = getattr(ds, table)
        parts += [str(v) for c in cols if c in df for v in df[c] if isinstance(v, str)]
    return "\n".join(parts)


def book_chinese(text: str) -> list[str]:
    """Runs of four or more Han characters in `text` (a space ends a run, as in 三湖映城 全域蝶变) that no
    source and no Chinese field of the data holds."""
    return [run for run in HAN_RUN.findall(text) if run not in originals()]


def test_an_english_page_shows_chinese_only_as_the_originals(site, sources):
    problems = []
    for page in CHAPTER_PAGES:
        for text in page_texts(site / page):
            runs = book_chinese(text)
            if runs:
                problems.append(f"{page}: {runs[:3]} in {text[:100]!r}")
    problems = list(dict.fromkeys(problems))
    assert problems == [], f"{len(problems)} text(s) with the book's own Chinese on English pages:\n" + "\n".join(
        problems[:60]
    )


def test_the_originals_check_finds_the_books_chinese(sources):
    assert book_chinese("GDP growth 地区生产总值增长 (target)") == []
    assert book_chinese("Source · 本书整理的资料来源") == ["本书整理的资料来源"]


# ---------------------------------------------------------------- the sources' own words

TITLE = re.compile(r"《([^》]+)》")
CORNER = re.compile(r"「([^」]+)」")


def in_sources(phrase: str) -> bool:
    """The phrase, or each part of it around an ellipsis, stands in a source (spacing and script aside)."""
    body = re.sub(r"\s+", "", to_simplified(originals()))
    parts = [p for p in re.split(r"……|…|\.\.\.", re.sub(r"\s+", "", to_simplified(phrase))) if p]
    return all(p in body for p in parts)


def plain(text: str) -> str:
    return re.sub(r"\s+", "", to_simplified(text))


def headlines() -> set[str]:
    """The titles the stored texts print as their headline (sources.csv `headline`, which validation
    checks against the texts: a line of its own). The 2023 report's reposted copy only names its title
    in the reposting site's lead; an excerpt's title is its collector's."""
    return {plain(r.title_zh) for r in load().sources.itertuples() if r.headline == "yes"}


def test_a_headline_is_a_line_of_its_own():
    assert plain("绘蓝图 明任务 聚共识 擂战鼓 市委市政府全会暨市委经济工作会议侧记") in headlines()
    assert plain("2023年金东区政府工作报告") not in headlines()  # named only inside the reposting lead
    assert plain("2023年金华市国民经济和社会发展统计公报") not in headlines()  # an excerpt's title: line


def test_what_is_quoted_as_the_sources_words_is_theirs(site, sources):
    headlines_ = headlines()
    problems = []
    for edition in ("", "zh/"):
        for page in CHAPTER_PAGES:
            for text in page_texts(site / f"{edition}{page}"):
                for title in TITLE.findall(text):
                    if plain(title) not in headlines_:
                        problems.append(f"{edition}{page}: 《{title}》 is not a source's headline")
                if edition:
                    problems += [
                        f"{edition}{page}: 「{q}」 is not in any source"
                        for q in CORNER.findall(text)
                        if not in_sources(q)
                    ]
    problems = list(dict.fromkeys(problems))
    assert problems == [], "\n".join(problems[:60])


# ---------------------------------------------------------------- names and set phrases as the sources write them

# Set phrases the sources write with Chinese numerals: a digit in their place is the book's rewording.
SET_PHRASES = {
    "八张“高质量报表”": re.compile(r"\d+张[“\"]?高质量报表"),
    "八个方面重点工作": re.compile(r"\d+个方面重点工作"),
    "三大突破": re.compile(r"\d+大突破"),
}
# 习近平 as the sources write him: 习近平总书记, 习近平同志, or in 习近平新时代中国特色社会主义思想; the name
# alone only as a counted key word in quotation marks (“习近平”).
XI_ALONE = re.compile(r"(?<!“)习近平(?!总书记|同志|新时代|”)")


def test_chinese_pages_write_names_and_set_phrases_as_the_sources_do(site):
    problems = []
    for page in CHAPTER_PAGES:
        for text in page_texts(site / "zh" / page):
            for phrase, digits in SET_PHRASES.items():
                problems += [
                    f"zh/{page}: {m.group()!r} where the sources write {phrase}" for m in digits.finditer(text)
                ]
            if XI_ALONE.search(re.sub(r"\s+", "", text)):  # a chart's line breaks are spaces here
                problems.append(f"zh/{page}: 习近平 without 总书记 in {text[:80]!r}")
    assert problems == [], "\n".join(dict.fromkeys(problems))


def test_the_set_phrase_checks_find_the_rewordings():
    assert SET_PHRASES["八张“高质量报表”"].search("组织为8张“高质量报表”")
    assert not SET_PHRASES["八张“高质量报表”"].search("组织为八张“高质量报表”")
    assert XI_ALONE.search("由习近平在浙江工作时提出")
    assert not XI_ALONE.search("习近平总书记；习近平新时代中国特色社会主义思想；“习近平”（9次）")
