"""Sphinx extension: ship plotly.js once, from _static, to the pages that have a chart.

Charts are emitted as divs without plotly.js (see charts.output); this gives them the library
without any CDN and without committing it: the book's own small bundle (plotly_bundle.py, `make
plotly-bundle`: only the trace types the book draws), or where it could not be built (no npm) the
Python package's full plotly.min.js. Only pages with a chart load it, deferred, so the page is read
without waiting for it; jindong.js draws the charts when it has run. A chart whose trace type the
small bundle lacks is a warning (so `-W` fails the build), naming the chart and the trace type.

Also every chart's files (issue 15): its CSV and its Sources panel's data, written into the site as
charts/<id>.csv and charts/<id>.js (ChartFiles, below), and the words of the charts' toolbar once in
every page that has a chart (_toolbar_words).
"""

from __future__ import annotations

import filecmp
import gettext
import io
import json
import re
import shutil
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sphinx import locale
from sphinx.util import logging

from jindong.paths import ROOT
from jindong.publish import plotly_bundle

PLOTLY_JS = "plotly.min.js"
logger = logging.getLogger(__name__)


def _stage_plotly(app) -> None:
    staged = Path(app.doctreedir).parent / "_plotly_static"
    staged.mkdir(parents=True, exist_ok=True)
    small = plotly_bundle.current()
    src = small or plotly_bundle.full_bundle()
    app.jindong_plotly_traces = plotly_bundle.TRACES if small else None  # None: every trace type
    which = "the book's bundle" if small else "the full bundle"
    logger.info(f"plotly.js: {which} ({src.stat().st_size:,} bytes)")
    dst = staged / PLOTLY_JS
    if not dst.exists() or not filecmp.cmp(src, dst, shallow=False):
        shutil.copyfile(src, dst)
    app.config.html_static_path.append(str(staged))


CHART_MARK = 'class="jd-figure"'  # a chart's figure JSON (charts/output.py)


def _plotly_where_charts_are(app, pagename, templatename, context, doctree) -> None:
    """Add plotly.min.js (deferred) to this page only if it holds a chart; warn of a chart whose
    trace type the small bundle lacks (it would not be drawn)."""
    body = context.get("body") or ""
    if CHART_MARK not in body:
        return
    app.add_js_file(PLOTLY_JS, priority=200, defer="defer")
    traces = getattr(app, "jindong_plotly_traces", None)
    if traces is not None:
        for chart, trace in plotly_bundle.missing_traces(body, traces):
            logger.warning(
                f"chart {chart} uses the trace type {trace!r}, which the book's plotly.js bundle lacks: "
                "add it to TRACES in src/jindong/publish/plotly_bundle.py",
                location=pagename,
            )


# The extensions Jupyter Book turns on add their scripts to every page; a page gets one only if it has
# what the script works on (a code block to copy, a toggle, a tab set).
_CODE_BLOCK = re.compile('<div class="highlight')
_USED_BY = {
    "clipboard.min.js": _CODE_BLOCK,
    "copybutton.js": _CODE_BLOCK,
    "togglebutton.js": re.compile(r'class="[^"]*(?<![\w-])(?:toggle|dropdown)(?![\w-])'),
    "design-tabs.js": re.compile("sd-tab-set"),
}


def _drop_unused_assets(app, pagename, templatename, context, doctree) -> None:
    """Live code (thebe) is off, yet sphinx-thebe adds its config script twice (a console error,
    "Identifier 'THEBE_JS_URL' has already been declared") pointing at a CDN: its assets go. So do the
    scripts of _USED_BY on a page without what they work on."""
    body = context.get("body") or ""

    def keep(asset) -> bool:
        name = str(getattr(asset, "filename", "") or "")
        script = getattr(asset, "attributes", {}).get("body", "") or ""
        if "thebe" in name or "THEBE_JS_URL" in script:
            return False
        used = _USED_BY.get(name.rsplit("/", 1)[-1])
        return used is None or bool(used.search(body))

    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [a for a in context[key] if keep(a)]


# Sphinx indexes raw HTML (chart titles and source lines, tables of figures) by deleting its tags,
# so "<td>Leapmotor</td><td>Chinese …" became the one word "LeapmotorChinese" and the glossary was
# not found by its terms. A line break after each block-level closing tag (outside scripts and
# preformatted text) keeps words apart in the index and changes nothing on the page.
_BLOCK_END = re.compile(
    r"(</(?:p|div|td|th|tr|li|dt|dd|h[1-6]|caption|thead|tbody|table|ul|ol|dl)\s*>|<br\s*/?>)(?=\S)", re.IGNORECASE
)
_KEEP_AS_IS = re.compile(r"(<(script|style|pre|textarea)\b.*?</\2\s*>)", re.IGNORECASE | re.DOTALL)


# A table cell whose text is Chinese (more Han characters than Latin letters: "地区生产总值",
# "320.88 亿元", a key-word list with "GDP" among them) says so: lang="zh". Screen readers then read it
# in Chinese, the browser takes a Chinese font, and jindong.css keeps such a column wide enough for a
# few characters a line (Chinese may break after any character, so a squeezed table used to set one
# character a line). Cells are escaped text (book.Table, charts/datatable.py), so their text is the
# run between the tags; every table of every page is covered, whichever code wrote it.
_CELL = re.compile(r"<(td|th)\b([^>]*)>([^<]*)</\1\s*>", re.IGNORECASE)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def is_chinese(text: str) -> bool:
    import html

    text = html.unescape(text)
    han = len(_HAN.findall(text))
    return han > 0 and han >= len(_LATIN.findall(text))


def _mark_chinese_cells(piece: str) -> str:
    def mark(m: re.Match) -> str:
        tag, attrs, text = m.groups()
        if " lang=" in attrs.lower() or not is_chinese(text):
            return m.group(0)
        return f'<{tag}{attrs} lang="zh">{text}</{tag}>'

    return _CELL.sub(mark, piece)


def _separate_html_words(app, doctree, docname) -> None:
    from docutils import nodes

    for node in list(doctree.findall(nodes.raw)):
        if "html" not in node.get("format", "").split():
            continue
        text = node.astext()
        pieces = _KEEP_AS_IS.split(text)  # text, kept block, its tag name, text, …
        out = []
        for n, piece in enumerate(pieces):
            if n % 3 == 0:
                out.append(_mark_chinese_cells(_BLOCK_END.sub(lambda m: m.group(1) + "\n", piece)))
            elif n % 3 == 1:
                out.append(piece)
        spaced = "".join(out)
        if spaced != text:
            node[:] = [nodes.Text(spaced)]


# The two editions (build.py): English at the site's root, Chinese under zh/, every page at the same
# path in both. Each page names its twin for search engines (hreflang) and offers a switch to it.
EDITIONS = {
    "en": {"hreflang": "en", "switch": "中文", "tooltip": "阅读中文版", "home": "Open the book"},
    "zh": {"hreflang": "zh-CN", "switch": "English", "tooltip": "Read the English edition", "home": "进入本书"},
}


def edition(app) -> str:
    return "zh" if str(app.config.language or "").startswith("zh") else "en"


def twin_urls(pagename: str, lang: str) -> dict[str, str]:
    """Relative URLs from this page to itself in each edition: {'en': ..., 'zh': ...}."""
    up = "../" * pagename.count("/")
    page = f"{pagename}.html"
    if lang == "en":
        return {"en": f"{up}{page}", "zh": f"{up}zh/{page}"}
    return {"en": f"../{up}{page}", "zh": f"{up}{page}"}


def _language_switch(app, pagename, templatename, context, doctree) -> None:
    lang = edition(app)
    other = "zh" if lang == "en" else "en"
    urls = twin_urls(pagename, lang)
    links = "".join(
        f'<link rel="alternate" hreflang="{EDITIONS[code]["hreflang"]}" href="{urls[code]}" />\n'
        for code in ("en", "zh")
    )
    context["metatags"] = context.get("metatags", "") + links
    buttons = context.get("header_buttons")
    if buttons is not None:
        words = EDITIONS[lang]
        buttons.insert(
            0,
            {
                "type": "link",
                "url": urls[other],
                "text": words["switch"],
                "tooltip": words["tooltip"],
                "icon": "fas fa-language",
                "label": "jd-language",
            },
        )


def home_redirect(lang: str, title: str, home: str, icon: str | None) -> str:
    """index.html of an edition: a whole page that forwards to the home page.

    sphinx-external-toc writes a bare <meta http-equiv="Refresh"> instead: without <link rel="icon">,
    Chromium asks the server for /favicon.ico, which a static site does not have (a console error,
    and a 404 in the server's log), and without a link a browser that does not forward shows nothing."""
    from jindong.content.markup import escape

    icon_link = f'<link rel="icon" href="{escape(icon)}">\n' if icon else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{EDITIONS[lang]["hreflang"]}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n{icon_link}"
        f'<link rel="canonical" href="{escape(home)}">\n'
        f'<meta http-equiv="Refresh" content="0; url={escape(home)}">\n</head>\n'
        f'<body><p><a href="{escape(home)}">{EDITIONS[lang]["home"]}</a></p></body>\n</html>\n'
    )


def _home_redirect(app, exception) -> None:
    if exception is not None or app.builder.format != "html" or app.config.root_doc == "index":
        return
    favicon = app.config.html_favicon
    icon = None if not favicon else favicon if "://" in favicon else f"_static/{Path(favicon).name}"
    page = home_redirect(edition(app), app.config.html_title or app.config.project, f"{app.config.root_doc}.html", icon)
    (Path(app.outdir) / "index.html").write_text(page, encoding="utf-8")


# ---------------------------------------------------------------- the Chinese pages' section anchors
# docutils makes a section's id from the ASCII letters of its title: a Chinese title has none, so the
# Chinese sections were #id1…#idN, numbers that shift when a heading is added (or a few Latin letters:
# "#jupyterlab"). The build writes each page's English section ids (from the English notebook's
# headings, in order) into the Chinese stage (build.zh_source), and the Chinese sections take them: a
# section has one anchor in both editions, and a link a reader copies from a Chinese heading keeps
# working. Headings a chapter's code prints (show_sections: rubrics, from data) keep docutils' numbers.
SECTION_IDS_FILE = "_jindong_section_ids.json"
_AUTO_ID = re.compile(r"id\d+")


def heading_ids(notebook: Path) -> list[str | None]:
    """The ids docutils gives the headings of a notebook's Markdown cells, in order; None where the
    title gives none of its own (no ASCII letters, or a title seen before on the page)."""
    from docutils import nodes
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    ids, seen = [], set()
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        tokens = md.parse(source)
        for opening, inline in zip(tokens, tokens[1:]):
            if opening.type != "heading_open":
                continue
            text = "".join(c.content for c in inline.children or [] if c.type in ("text", "code_inline"))
            new = nodes.make_id(nodes.fully_normalize_name(text))
            ids.append(new if new and new not in seen else None)
            seen.add(new)
    return ids


def _section_ids_transform():
    from docutils import nodes
    from sphinx.transforms import SphinxTransform

    class SectionIdsFromEnglish(SphinxTransform):
        """In the Chinese edition, each section takes its English twin's id in place of the one docutils
        made of its Chinese title; labels ((ch7-frame)=) stay beside it."""

        # after docutils has given every section its ids (and SortIds, 261, put a label before a number),
        # before DoctreeReadEvent (880), whose handlers read the contents and the labels
        default_priority = 870

        def apply(self, **kwargs) -> None:
            if edition(self.app) != "zh":
                return
            table = Path(self.app.srcdir) / SECTION_IDS_FILE
            if not table.exists():
                return
            self.env.note_dependency(str(table))  # an English heading changed: the page is read again
            english = json.loads(table.read_text(encoding="utf-8")).get(self.env.docname)
            if english is None:
                return
            sections = list(self.document.findall(nodes.section))
            if len(sections) != len(english):
                logger.warning(
                    f"{len(sections)} sections, but the English page has {len(english)} headings: the Chinese "
                    "twin must keep the English headings (`make translations` checks it)",
                    location=self.env.docname,
                )
                return
            for section, new in zip(sections, english):
                # the id docutils made of the Chinese title: a number, or its few Latin letters ("jupyterlab")
                slug = nodes.make_id(nodes.fully_normalize_name(section[0].astext()))
                own = [i for i in section["ids"] if _AUTO_ID.fullmatch(i) or i == slug]
                if new and own and new not in self.document.ids:
                    # first, as in the English page, whose section has it first and a label after it
                    section["ids"] = [new] + [i for i in section["ids"] if i != own[0]]
                    del self.document.ids[own[0]]
                    self.document.ids[new] = section

    return SectionIdsFromEnglish


# ---------------------------------------------------------------- every chart a reader's tool (issue 15)
# A chart's output carries its CSV rows and its Sources panel's data (charts/output.py, CHART_FILES_MIME):
# myst-nb renders every mime type of an output while reading and keeps them all until the builder's
# choice (its SelectMimeType post-transform). Just before that choice, ChartFiles takes the chart's files
# out of the output and writes them into the site — charts/<id>.csv, the plotted numbers with their rows
# (a file of the site: linked, cited, the same in a reader's hands as in the test), and charts/<id>.js,
# the panel's data, which jindong.js loads when a reader opens Sources (a script, so it works from a
# page opened from disk too) — and makes the chart's links to them relative to the page. The page itself
# gets one small block of words for the toolbars (_toolbar_words): the charts' data stay out of it.
CHART_FILES_RAW = "jindong-chart-files"  # the raw format the chart files travel in between the two steps


def chart_files_node(content) -> list:
    """The chart files of one output, kept in the doctree (as a raw node no writer prints) until written."""
    from docutils import nodes

    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    return [nodes.raw("", text, format=CHART_FILES_RAW)]


def write_chart_files(outdir: Path, files: dict) -> None:
    """charts/<id>.csv (UTF-8 with a BOM, so Excel and WPS read its Chinese) and charts/<id>.js."""
    import csv

    from jindong.content.charts.output import CHART_FILES

    folder = Path(outdir) / CHART_FILES
    folder.mkdir(parents=True, exist_ok=True)
    name = files["name"]
    buf = io.StringIO()
    csv.writer(buf).writerows(files["csv"])
    (folder / f"{name}.csv").write_bytes(("\ufeff" + buf.getvalue()).encode("utf-8"))
    data = json.dumps(files["panel"], ensure_ascii=False, separators=(",", ":"))
    js = f"(window.jdChartData = window.jdChartData || {{}})[{json.dumps(name)}] = {data};\n"
    (folder / f"{name}.js").write_text(js, encoding="utf-8")


def _chart_files_transform():
    from docutils import nodes
    from sphinx.transforms.post_transforms import SphinxPostTransform

    from jindong.content.charts.output import CHART_FILES_MIME, SITE_ROOT

    class ChartFiles(SphinxPostTransform):
        """Write each chart's files (HTML builders) and drop them from the doctree (every builder)."""

        default_priority = 3  # before myst-nb's SelectMimeType (4), which keeps one mime type of each output

        def run(self, **kwargs) -> None:
            html = self.app.builder.format == "html"
            up = "../" * self.env.docname.count("/")
            for bundle in list(self.document.findall(nodes.container)):
                if bundle.get("nb_element") != "mime_bundle":
                    continue
                for child in list(bundle.children):
                    if child.get("mime_type") != CHART_FILES_MIME:
                        continue
                    if html:
                        write_chart_files(self.app.outdir, json.loads(child.astext()))
                    bundle.remove(child)
                for raw in bundle.findall(nodes.raw):
                    text = raw.astext()
                    if SITE_ROOT in text:
                        raw[:] = [nodes.Text(text.replace(SITE_ROOT, up))]

    return ChartFiles


def _plain(html_text: str) -> str:
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", html_text or "")).strip()


def _toolbar_words(app, pagename, templatename, context, doctree) -> None:
    """Once in every page with a chart: the toolbar's words (charts/toolbar.py, in the edition's
    language) and what a citation needs — the book, its authors and year, the chapter, the page's
    published address (html_baseurl, sharing.py) — and where the chart files, their embeds and the
    data dictionary are from this page."""
    body = context.get("body") or ""
    if 'class="jd-chart"' not in body:
        return
    from jindong.content.charts.output import CHART_FILES
    from jindong.content.charts.toolbar import words

    up = "../" * pagename.count("/")
    site = app.config.html_baseurl  # the edition's published root (sharing.py), '' when there is none
    data = {
        **words(),
        "book": _plain(app.config.html_title or app.config.project),
        "year": str(app.config.copyright or ""),
        "chapter": _plain(context.get("title", "")),
        "page_url": f"{site}{pagename}.html" if site else "",
        "embed_url": f"{site or up}{CHART_FILES}/",
        "file_suffix": "-zh" if edition(app) == "zh" else "",  # the editions' files, saved side by side
        "charts_url": f"{up}{CHART_FILES}/",
        "dictionary_url": f"{up}chapters/10-data-and-methods.html",
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    context["body"] = body + f'<script type="application/json" id="jd-tools">{text}</script>'


# The theme's words for the Chinese edition where its catalogs lack them or use Taiwan's usage (列印),
# in the book's own catalogs, read before the theme's: nothing is edited in the built pages.
THEME_LOCALES = ROOT / "locales" / "theme"
# theme components whose words the theme hard-codes, and the page title (layout.html)
TEMPLATES = Path(__file__).resolve().parent / "templates"


def _theme_config(app, config):
    """The book's template overrides (words through the catalogs); the search box's are search.py's."""
    config.templates_path = [str(TEMPLATES), *config.templates_path]


def without_scripts(html, *names: str) -> str:
    """The template's HTML without the <script src=…> tags of these files (layout.html's filter)."""
    for name in names:
        html = re.sub(rf'\s*<script[^>]*src="(?:[^"]*/)?{re.escape(name)}[^"]*"[^>]*></script>', "", str(html))
    return html


def _template_filters(app) -> None:
    """layout.html drops scripts the theme puts on every page that no page here uses: Font Awesome's
    JavaScript (1.49 MB, run before plotly.js, to turn a dozen <i class="fa-…"> icons into SVG: the
    theme's stylesheet draws them from the webfont it ships, fetched only when an icon shows), and
    Sphinx's search index and tools (about 120 KB, loaded in the <head> before the page shows, for a
    search-as-you-type box the book does not turn on: the search page loads its own)."""
    if hasattr(app.builder, "templates"):
        app.builder.templates.environment.filters["jd_without_scripts"] = without_scripts


def _catalog(language: str, domain: str):
    """Our catalog of `domain` for `language` as a gettext translation, or None."""

    po = THEME_LOCALES / language / "LC_MESSAGES" / f"{domain}.po"
    if not po.exists():
        return None
    with po.open("rb") as f:
        catalog = read_po(f)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def _theme_words(app):
    language = app.config.language or "en"
    booktheme = _catalog(language, "booktheme")
    if booktheme is not None:  # sphinx-book-theme looks its catalog up when a page is written
        key = ("general", "booktheme")
        if key in locale.translators:
            booktheme.add_fallback(locale.translators[key])
        locale.translators[key] = booktheme
    sphinx_words = _catalog(language, "sphinx")
    if sphinx_words is not None:  # Sphinx's own words (permalinks' titles) and the page templates' _() and {% trans %}
        sphinx_words.add_fallback(app.translator)
        locale.translators[("general", "sphinx")] = sphinx_words
        if hasattr(app.builder, "templates"):
            app.builder.templates.environment.install_gettext_translations(sphinx_words, newstyle=False)


def setup(app):
    app.add_post_transform(_chart_files_transform())
    app.add_transform(_section_ids_transform())
    app.connect("html-page-context", _toolbar_words)
    app.connect("builder-inited", _stage_plotly)
    app.connect("html-page-context", _language_switch, priority=900)  # after sphinx-book-theme's buttons
    app.connect("html-page-context", _plotly_where_charts_are)
    app.connect("html-page-context", _drop_unused_assets)
    app.connect("config-inited", _theme_config)
    app.connect("builder-inited", _theme_words)
    app.connect("builder-inited", _template_filters)
    app.connect("build-finished", _home_redirect, priority=400)  # before sphinx-external-toc's bare one
    app.connect("doctree-resolved", _separate_html_words)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


class PlotlyJsonForLabOnly:
    """myst-nb mime renderer: Plotly's JSON output is for live JupyterLab, not for the book.

    A Chart's bundle carries both `text/html` (the book renders it) and Plotly's JSON (JupyterLab
    renders it). myst-nb renders every mime type of an output while parsing and warns on one it
    does not know; this plugin tells it the JSON renders to nothing, so builds stay warning-free.
    """

    mime_priority_overrides = ()

    @staticmethod
    def handle_mime(renderer, data, inline):
        from jindong.content.charts.output import CHART_FILES_MIME

        if data.mime_type == CHART_FILES_MIME:  # a chart's files: kept until ChartFiles writes them
            return chart_files_node(data.content)
        return [] if data.mime_type == "application/vnd.plotly.v1+json" else None
