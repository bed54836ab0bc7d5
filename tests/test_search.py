"""Search finds a phrase where the book says it (issue 26, point 6).

Sphinx looked 「高质量发展」 up as 高质量 + 发展 and listed all 11 pages, the three that hold the phrase 4th,
9th and 10th, each with a summary of page furniture (the page's table of contents). The search page now
lists first the sections that hold the whole query as written (publish/search.py writes every section's
text, _static/jindong-search.js reads it), each linked to its heading with the text around the phrase.
The expected pages and sections are read here from the built pages' HTML, not typed in.

The first tests need no build (they run in `make test-fast`); the others read the built site in Chromium.
"""

from __future__ import annotations

import html.parser
import json
import re
import urllib.parse
from pathlib import Path

import pytest

from jindong.content.edition import language
from jindong.content.search_words import words
from jindong.paths import ROOT
from jindong.publish.search import SECTIONS_JS, page_sections, write_sections
from support import all_pages, open_page, pages

PAGE = """<html><body><div class="skip-link"><a href="#main">跳转至主要内容</a></div>
<nav class="bd-toc"><p>目录</p><a href="#b">第二节</a></nav>
<main role="main"><article class="bd-article">
<section id="a"><h1><span class="section-number">4. </span>标题<a class="headerlink" href="#a">#</a></h1>
<p>开头的话，高质量
发展在此。</p>
<table><tr><td>政策红利</td>
<td>经济运行</td></tr></table>
<div class="jd-chart"><p class="jd-chart-source">资料来源：某报告。 <a class="jd-chart-data-link" href="#x">数据表</a>
<a class="jd-chart-csv" href="x.csv">CSV</a></p>
<details class="jd-chart-data"><summary>数据表</summary><table><tr><td>行标签</td></tr></table></details>
<script type="application/json" class="jd-figure">{"layout": {"title": "高质量发展 in the chart's JSON"}}</script></div>
<section id="b"><h2>第二节<a class="headerlink" href="#b">#</a></h2>
<p>A label: &lt;img src=x onerror=alert(1)&gt; stays text.</p>
</section>
</section>
</article></main><footer>© 2026</footer></body></html>"""


def test_a_section_is_its_own_text_without_the_page_around_it():
    first, second = page_sections(PAGE)
    assert (first["id"], first["title"], second["id"], second["title"]) == ("a", "4. 标题", "b", "第二节")
    text = first["text"]
    assert "高质量发展在此" in text  # a line break inside Chinese is no space
    assert "政策红利 经济运行" in text  # table cells stay apart
    assert "行标签" in text and "资料来源：某报告。" in text  # a chart's words are text of the page
    for furniture in ("跳转", "目录", "#", "数据表", "CSV", "JSON", "第二节", "label", "©"):
        assert furniture not in text, furniture  # the page around, permalinks, links, scripts, subsections
    assert second["text"] == "A label: <img src=x onerror=alert(1)> stays text."  # the browser shows it as text


def test_the_sections_file_is_a_script_of_the_sections_and_the_words_the_page_uses(tmp_path):
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "04-x.html").write_text(PAGE, encoding="utf-8")
    path = write_sections(tmp_path, ["intro", "chapters/04-x"])  # a page not built is left out
    assert path == tmp_path / "_static" / SECTIONS_JS
    script = path.read_text(encoding="utf-8")
    prefix = "window.jdSearchSections = "
    assert script.startswith(prefix) and script.endswith(";\n")
    data = json.loads(script[len(prefix) : -2])
    assert data["pages"] == [["chapters/04-x", "4. 标题"]]
    assert [s[:3] for s in data["sections"]] == [[0, "a", "4. 标题"], [0, "b", "第二节"]]
    used = set(re.findall(r"\bW\.(\w+)", (ROOT / "_static" / "jindong-search.js").read_text(encoding="utf-8")))
    assert used and used <= set(data["words"]) == set(words()), used - set(data["words"])


# ---------------------------------------------------------------- the built site


@pytest.mark.site
def test_each_edition_s_search_page_alone_loads_the_sections_in_its_language(site):
    for prefix, lang in (("", "en"), ("zh/", "zh")):
        search = (site / prefix / "search.html").read_text(encoding="utf-8")
        for asset in (SECTIONS_JS, "jindong-search.js", "jindong-search.css"):
            assert re.search(rf'<(script|link)[^>]*"_static/{re.escape(asset)}', search), (
                f"{prefix}search.html: {asset}"
            )
        script = (site / prefix / "_static" / SECTIONS_JS).read_text(encoding="utf-8")
        data = json.loads(script[script.index("{") : script.rindex("}") + 1])
        assert [p[0] for p in data["pages"]] == [
            str(p.relative_to(site / prefix).with_suffix("")) for p in pages(site / prefix)
        ]
        with language(lang):
            assert data["words"] == words(), f"{prefix}: the words of another edition"
    for page in all_pages(site):
        assert "jindong-search" not in page.read_text(encoding="utf-8"), f"{page.relative_to(site)} loads the search"


# ---------------------------------------------------------------- the built site, in Chromium


class _Sections(html.parser.HTMLParser):
    """A built page's article as a reader reads it: its whole text, and each section's (with its
    subsections), without scripts, styles, permalinks' "#" and a chart's link words ("Data table", "CSV")."""

    SKIP = {"headerlink", "jd-chart-data-link", "jd-chart-csv"}

    def __init__(self):
        super().__init__()
        self.in_article, self.stack, self.sections, self.parts = False, [], {}, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article":
            self.in_article = True
        if not self.in_article or tag in ("br", "img", "input", "meta", "hr", "link", "wbr"):
            return
        classes = set((a.get("class") or "").split())
        in_chart_data = bool(self.stack) and self.stack[-1][0] == "details.jd-chart-data"
        skip = tag in ("script", "style") or bool(classes & self.SKIP) or (tag == "summary" and in_chart_data)
        name = "details.jd-chart-data" if tag == "details" and "jd-chart-data" in classes else tag
        self.stack.append((name, skip, a.get("id") if tag == "section" else None))
        if tag == "section" and a.get("id"):
            self.sections[a["id"]] = []

    def handle_endtag(self, tag):
        if tag == "article":
            self.in_article = False
        while self.in_article and any(t.split(".")[0] == tag for t, _, _ in self.stack):
            if self.stack.pop()[0].split(".")[0] == tag:
                break

    def handle_data(self, data):
        if not self.in_article or any(skip for _, skip, _ in self.stack):
            return
        self.parts.append(data)
        for _, _, section in self.stack:
            if section:
                self.sections[section].append(data)


def read(page: Path) -> _Sections:
    parser = _Sections()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def squash(text: str) -> str:
    """Text without white space, lower case: how a snippet is compared with the page's text."""
    return re.sub(r"\s+", "", text).lower()


def holds(text: str, query: str) -> bool:
    return query.lower() in re.sub(r"\s+", " ", text).lower()


def edition_pages(site: Path, prefix: str) -> dict[str, Path]:
    root = site / prefix
    return {str(p.relative_to(root)): p for p in [root / "intro.html", *sorted((root / "chapters").glob("*.html"))]}


# a Chinese phrase jieba cuts in two, and an English one
PHRASES = [("zh/", "高质量发展"), ("", "three breakthroughs")]


@pytest.mark.site
@pytest.mark.browser
@pytest.mark.parametrize("prefix, query", PHRASES)
def test_the_sections_that_hold_a_phrase_come_first_each_at_its_heading(browser, site, prefix, query):
    pages = edition_pages(site, prefix)
    parsed = {name: read(path) for name, path in pages.items()}
    expected = {name for name, p in parsed.items() if holds("".join(p.parts), query)}
    assert expected, f"no page holds {query!r}: the test is out of date"
    context, page = open_page(browser, f"{prefix}search.html?q={urllib.parse.quote(query)}")
    try:
        page.wait_for_function(
            "() => { const h = document.querySelector('#search-results h2');"
            " return h && !/Searching|Preparing|搜索中|准备/.test(h.textContent); }",
            timeout=15_000,
        )
        # Sphinx fetches each other page for its summary after listing it
        page.wait_for_function(
            "() => [...document.querySelectorAll('#search-results ul.search li')].every(li => li.querySelector('p.context'))",
            timeout=15_000,
        )
        items = page.eval_on_selector_all(
            "#search-results ul.search li",
            """els => els.map(li => ({href: li.querySelector('a').getAttribute('href'),
                                      title: li.querySelector('a').textContent,
                                      snippet: (li.querySelector('p.context') || {}).textContent || '',
                                      exact: !!li.closest('.jd-exact')}))""",
        )
        errors = page.errors
    finally:
        context.close()
    assert errors == [], errors
    ranked = list(dict.fromkeys(urllib.parse.unquote(i["href"].split("#")[0]) for i in items))
    first = set(ranked[: len(expected)])
    assert first == expected, f"{query!r}: the pages that hold it are {sorted(expected)}; results rank {ranked}"
    exact = [i for i in items if i["exact"]]
    assert exact and items[: len(exact)] == exact, "the exact matches come before the other results"
    for item in exact:
        href, _, anchor = urllib.parse.unquote(item["href"]).partition("#")
        sections = parsed[href].sections
        assert anchor in sections, f"{item['href']}: no section with that id in {href}"
        assert holds("".join(sections[anchor]), query), f"{item['href']}: the section does not hold {query!r}"
        assert holds(item["snippet"], query) or holds(item["title"], query), item
        assert len(item["snippet"]) < 160, item  # the text around the phrase, not the section
    # every summary, of the exact matches and of the other pages, is text of its page's article
    for item in items:
        text = squash("".join(parsed[urllib.parse.unquote(item["href"].split("#")[0])].parts))
        for piece in re.split(r"…|\.\.\.", item["snippet"]):
            assert squash(piece) in text, f"{item['href']}: {piece!r} is not the page's text"
