"""Sphinx extension: the book's search, in both editions.

Sphinx's search finds pages by words: jieba cuts the Chinese text into words for the index, and the
browser cuts a query the same way (SPLIT_QUERY_JS), so 「高质量发展」 is looked up as 高质量 + 发展 and
every page with both comes back, ranked by where the words stand, not whether they stand together.
A reader searching a phrase wants the places that say it. So the search page also gets the text of
every section of the book (SectionText, written as jindong-sections.js when the search page is
written, after every other page), and _static/jindong-search.js lists first the sections that hold
the whole query as written, each linked to its heading with the text around it, then Sphinx's
other pages. The words of that list come in the edition's language (content/search_words.py).
"""

from __future__ import annotations

import html.parser
import json
import re
from pathlib import Path

from jindong.content.edition import language
from jindong.content.search_words import words

SECTIONS_JS = "jindong-sections.js"  # written into the edition's _static when search.html is
SEARCH_JS = "jindong-search.js"
SEARCH_CSS = "jindong-search.css"

# The browser splits a query into words before looking them up. Chinese has no spaces, so
# "金义新区建设" would be looked up whole and found nowhere: split runs of Han characters into
# the longest words the index knows (forward maximum matching over its body and title words),
# other text as Sphinx does. A run mixing scripts ("金义新区Leapmotor") is cut between scripts first.
SPLIT_QUERY_JS = r"""
function splitQuery(query) {
  const parts = query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu).filter(t => t);
  const index = (typeof Search !== "undefined" && Search._index) ? Search._index : {};
  const known = (w) => [index.terms, index.titleterms].some(
    t => t && Object.prototype.hasOwnProperty.call(t, w));
  const out = [];
  for (const part of parts) {
    for (const run of part.match(/\p{Script=Han}+|[^\p{Script=Han}]+/gu)) {
      if (!/\p{Script=Han}/u.test(run)) { out.push(run); continue; }
      let i = 0;
      while (i < run.length) {
        let j = Math.min(run.length, i + 12);
        while (j > i + 1 && !known(run.slice(i, j))) j--;
        out.push(run.slice(i, j));
        i = j;
      }
    }
  }
  return out;
}
"""


def _search_language_class():
    from sphinx.search.zh import SearchChinese

    class SearchChineseSegmented(SearchChinese):
        """Chinese search (jieba) that also segments unspaced multi-word queries in the browser."""

        js_splitter_code = SPLIT_QUERY_JS

    return SearchChineseSegmented


def _user_dictionary(app, config) -> None:
    """Give jieba the book's own words (places, slogans, programmes) so the index holds them whole."""
    if (config.html_search_language or "") != "zh":
        return
    from jindong.dataset.data import load

    found = set()
    for zh in load().terms.zh:
        for part in re.split(r"[、，,\s“”\"()（）]+", zh):
            if len(part) > 1:
                found.add(part)
    path = Path(app.doctreedir).parent / "jieba_userdict.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{w} 100000\n" for w in sorted(found)), encoding="utf-8")
    config.html_search_options = {**(config.html_search_options or {}), "dict": str(path)}


SEARCH_BOX = {"zh": "搜索本书……"}


def _search_box_words(app, config) -> None:
    """The theme's search box says "Search…" in English: the Chinese edition's words instead."""
    box = SEARCH_BOX.get((config.language or "en")[:2])
    if box:
        config.html_theme_options = {**(config.html_theme_options or {}), "search_bar_text": box}


# ---------------------------------------------------------------- the text of every section
# What a reader reads, not what frames it: the article only (no navigation, sidebars, toolbars), without
# scripts (a chart's figure JSON), the "#" of permalinks, a chart's "Data table"/"CSV" links and the
# summary word of its table. Blocks are kept apart by a space (a table's cells are not one word); a line
# break inside a run of Chinese is no space (Chinese has none).
_SKIP_TAGS = {"script", "style", "template", "noscript", "svg", "button", "nav"}
_SKIP_CLASSES = {"headerlink", "jd-chart-data-link", "jd-chart-csv", "toctree-wrapper", "jd-tools"}
_BLOCKS = {
    "p", "div", "section", "article", "table", "thead", "tbody", "tr", "td", "th", "caption", "ul", "ol",
    "li", "dl", "dt", "dd", "figure", "figcaption", "blockquote", "pre", "details", "summary", "br", "hr",
    "h1", "h2", "h3", "h4", "h5", "h6",
}  # fmt: skip
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"  # Han, CJK punctuation, full width
_HAN_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\r\f]*\n\s*(?=[{_CJK}])")
_SPACE = re.compile(r"\s+")
BLOCK = "\x00"  # where a block begins or ends: a space, even between Chinese characters


def plain_text(text: str) -> str:
    """Text as a reader reads it: one space for any run of white space and between blocks, none for a
    line break between two Chinese characters. The search page normalises a query the same way."""
    return _SPACE.sub(" ", _HAN_BREAK.sub("", text).replace(BLOCK, " ")).strip()


class SectionText(html.parser.HTMLParser):
    """The sections of a built page's article: id, title, and own text (not its subsections')."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, dict | None, set]] = []  # (tag, skipped, the section it opens, classes)
        self.skip = 0
        self.article = 0
        self.heading: dict | None = None  # the section whose title is being read
        self.open: list[dict] = []  # sections, innermost last
        self.sections: list[dict] = []

    def handle_starttag(self, tag, attrs) -> None:
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        if tag == "article" and "bd-article" in classes:
            self.article += 1
        if not self.article:
            return
        in_chart_data = bool(self.stack) and self.stack[-1][0] == "details" and "jd-chart-data" in self.stack[-1][3]
        skipped = tag in _SKIP_TAGS or bool(classes & _SKIP_CLASSES) or (tag == "summary" and in_chart_data)
        section = None
        if tag == "section" and not self.skip:
            section = {"id": a.get("id") or "", "title": [], "text": []}
            self.open.append(section)
            self.sections.append(section)
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self.open and not self.open[-1]["title"]:
            self.heading = self.open[-1]
        if tag in _BLOCKS:
            self._add(BLOCK)
        if tag in _VOID:
            return
        self.stack.append((tag, skipped, section, classes))
        self.skip += skipped

    def handle_startendtag(self, tag, attrs) -> None:
        if self.article and tag in _BLOCKS:
            self._add(BLOCK)

    def handle_endtag(self, tag) -> None:
        if not self.article or not any(e[0] == tag for e in self.stack):
            return
        while self.stack:
            t, skipped, section, classes = self.stack.pop()
            self.skip -= skipped
            if t == "article" and "bd-article" in classes:
                self.article -= 1
            if section is not None:
                self.open.remove(section)
            if t in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self.heading = None
            if t == tag:
                break
        if tag in _BLOCKS:
            self._add(BLOCK)

    def handle_data(self, data) -> None:
        if self.article and not self.skip:
            self._add(data)

    def _add(self, text: str) -> None:
        if not self.open:
            return
        where = self.heading if self.heading is not None else self.open[-1]
        (where["title"] if where is self.heading else where["text"]).append(text)


def page_sections(page_html: str) -> list[dict]:
    """[{id, title, text}] of one built page, in the page's order; the first is the page's own section."""
    parser = SectionText()
    parser.feed(page_html)
    parser.close()
    out = []
    for s in parser.sections:
        out.append({"id": s["id"], "title": plain_text("".join(s["title"])), "text": plain_text("".join(s["text"]))})
    return out


def book_sections(outdir: Path, docnames: list[str]) -> dict:
    """Every section of the built pages, for the search page: the pages [docname, title] and the
    sections [page number, anchor, title, text]."""
    pages, sections = [], []
    for docname in docnames:
        page = Path(outdir) / f"{docname}.html"
        if not page.is_file():
            continue
        found = page_sections(page.read_text(encoding="utf-8"))
        if not found:
            continue
        n = len(pages)
        pages.append([docname, found[0]["title"]])
        for s in found:
            if s["title"] or s["text"]:
                sections.append([n, s["id"], s["title"], s["text"]])
    return {"pages": pages, "sections": sections}


def write_sections(outdir: Path, docnames: list[str], lang: str = "en") -> Path:
    """jindong-sections.js in the edition's _static: the sections and the search page's words in the
    edition's language, as a script (it works from a page opened from disk too). Text only: the search
    page inserts it as text."""
    with language(lang):
        said = words()
    data = {**book_sections(outdir, docnames), "words": said}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    path = Path(outdir) / "_static" / SECTIONS_JS
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"window.jdSearchSections = {text};\n", encoding="utf-8")
    return path


def _book_order(app) -> list[str]:
    """The pages in reading order: the home page, then the chapters (their names sort as they are numbered)."""
    root = app.config.root_doc
    return [root, *sorted(d for d in app.env.found_docs if d != root)]


def _only_on_the_search_page(app, config) -> None:
    """Jupyter Book lists every .js and .css file of the book's _static for every page (its config.py):
    the search page's own are for it alone (_search_page adds them there)."""

    def its_own(entry) -> bool:
        name = entry[0] if isinstance(entry, list | tuple) else entry
        return Path(str(name)).name in (SEARCH_JS, SEARCH_CSS)

    config.html_js_files = [f for f in config.html_js_files or [] if not its_own(f)]
    config.html_css_files = [f for f in config.html_css_files or [] if not its_own(f)]


def _search_page(app, pagename, templatename, context, doctree) -> None:
    """On the search page only (written after every other page): the sections' text and the script."""
    if pagename != "search" or app.builder.format != "html":
        return
    from jindong.publish.sphinxext import edition

    write_sections(Path(app.outdir), _book_order(app), edition(app))
    app.add_js_file(SECTIONS_JS, defer="defer")
    app.add_js_file(SEARCH_JS, defer="defer")
    app.add_css_file(SEARCH_CSS)


def setup(app):
    app.connect("config-inited", _user_dictionary)
    app.connect("config-inited", _search_box_words)
    app.connect("config-inited", _only_on_the_search_page)
    # before sphinxext._drop_unused_assets, which gives the page a new list of scripts: a script added after it is lost
    app.connect("html-page-context", _search_page, priority=400)
    app.add_search_language(_search_language_class())
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
