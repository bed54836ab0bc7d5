"""The PDF edition's side of the book: what charts and tables become on paper, and the PDF link.

Charts and Tables give one more output, PRINT_MIME: a JSON of what a printed page needs — a chart's
figure with its title and source line; a table's rows; or, for an interactive-only part, a note. The
website's build and the PDF's read the same executed notebooks (one execution cache per language,
build.py), so the PDF costs no second run of the chapters. The myst-nb plugin `PrintMime` turns it
into docutils nodes and ranks it first for the LaTeX builder only, so the website keeps its interactive
outputs; a chart's picture is drawn here, by kaleido (charts/static.py: one browser for the edition).

The Sphinx extension (setup) replaces an interactive-only figure by its sentence in the PDF, and on
the website adds "Book (PDF)" to every page's download menu once a PDF has been built.
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path

import plotly.graph_objects as go

from jindong.content.charts import static
from jindong.content.edition import PRINT_MIME

PDF_NAME = "jindong-book.pdf"
PDF_NAMES = {"en": PDF_NAME, "zh": "jindong-book-zh.pdf"}  # each edition's PDF (pdf.py)
INTERACTIVE = "jd-interactive-only"


def text_width(s: str) -> int:
    """Width of a string in Latin characters: a Chinese character is as wide as two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(s))


# Chinese may break between any two characters, but a cell broken one character a line is unreadable
# ("文/本"): a run of up to this many Han characters is kept whole, a longer one breaks into such runs.
HAN_RUN = 4
_HAN_OR_LATIN = re.compile(
    r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+|[^\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+"
)


def _unbreakable(cell: str) -> int:
    """Width of the longest piece of a cell that cannot break across lines: a Latin word (LaTeX
    would hyphenate it, or overflow), or a run of up to HAN_RUN Chinese characters."""
    pieces = []
    for token in str(cell).split():
        for run in _HAN_OR_LATIN.findall(token):
            pieces.append(run[:HAN_RUN] if text_width(run[0]) == 2 else run)
    return max([text_width(p) for p in pieces] or [1])


# A printed table (\small, Pagella, 15.9 cm text block, 6 pt padding each side of a column) has
# room for about 80 Latin characters, less 1.7 per column; bold sans headers are about 1.2 times
# as wide as body text. Measured on the built PDF, not exact: hence one character of slack a column.
LINE_CHARS = 80
PER_COLUMN = 1.7
HEADER_WIDTH = 1.2


def column_widths(columns: list[str], rows: list[list[str]], cap: int = 40) -> list[int]:
    """Relative column widths for a printed table, in characters.

    Every column first gets its longest unbreakable word, so "actual", "2023-02-02" or an id stay
    whole; what is left of the line goes to the columns with longer text, in proportion to how much
    more they would take (up to `cap`), so one long column wraps instead of squeezing the others.
    """
    mins, wants = [], []
    for j, name in enumerate(columns):
        cells = [r[j] for r in rows]
        word = max([_unbreakable(c) for c in cells] + [round(_unbreakable(name) * HEADER_WIDTH)])
        mins.append(max(3, word) + 1)
        wants.append(max(mins[-1], min(cap, max([text_width(c) + 1 for c in cells] or [0]))))
    room = LINE_CHARS - PER_COLUMN * len(columns)
    if sum(wants) <= room:
        return wants
    spare, flex = room - sum(mins), [w - m for w, m in zip(wants, mins)]
    if spare <= 0 or not sum(flex):
        return mins
    return [round(m + spare * f / sum(flex)) for m, f in zip(mins, flex)]


# ---------------------------------------------------------------- myst-nb: JSON -> docutils


def _paragraph(text: str, *classes: str, strong: bool = False):
    """A paragraph in a container of the given classes: LaTeX styles it as `sphinxclass<name>`."""
    from docutils import nodes

    inner = nodes.strong(text, text) if strong else nodes.Text(text)
    return nodes.container("", nodes.paragraph("", "", inner), classes=list(classes))


def _chart_nodes(renderer, payload: dict) -> list:
    from docutils import nodes

    data = static.export(go.Figure(payload["figure"]))
    uri = renderer.write_file([f"{payload['name']}.{static.FORMAT}"], data, overwrite=True)
    out = [_paragraph(payload["title"], "jd-print-title", strong=True)]
    if payload.get("subtitle"):
        out.append(_paragraph(payload["subtitle"], "jd-print-subtitle"))
    out.append(nodes.image(uri=uri, alt=payload.get("alt", ""), width="100%"))
    out.append(_paragraph(payload["source"], "jd-print-source"))
    return out


def _table_nodes(payload: dict) -> list:
    from docutils import nodes

    columns, rows, numeric = payload["columns"], payload["rows"], set(payload.get("numeric", []))
    widths = column_widths(columns, rows)
    classes = ["colwidths-given"] + (["longtable"] if len(rows) > 8 else [])
    table = nodes.table(classes=classes)
    group = nodes.tgroup(cols=len(columns))
    table += group
    group += [nodes.colspec(colwidth=w) for w in widths]

    def row(cells, header=False):
        r = nodes.row()
        for name, value in zip(columns, cells):
            classes = ["num"] if (name in numeric and not header) else []
            r += nodes.entry("", nodes.paragraph(text=str(value)), classes=classes)
        return r

    group += nodes.thead("", row(columns, header=True))
    group += nodes.tbody("", *[row(r) for r in rows])
    return [nodes.container("", table, classes=["jd-print-table"])]


def _interactive_nodes(payload: dict) -> list:
    """The sentence the chart left for paper (charts/output.py, in the edition's language)."""
    return [_paragraph(payload["text"], INTERACTIVE)]


class PrintMime:
    """myst-nb mime renderer for PRINT_MIME, the first choice of the LaTeX builder only."""

    mime_priority_overrides = [("latex", PRINT_MIME, 1)]

    @staticmethod
    def handle_mime(renderer, data, inline):
        if data.mime_type != PRINT_MIME:
            return None
        payload = data.content if isinstance(data.content, dict) else json.loads(data.content)
        kind = payload["kind"]
        if kind == "chart":
            return _chart_nodes(renderer, payload)
        if kind == "table":
            return _table_nodes(payload)
        if kind == "interactive":
            return _interactive_nodes(payload)
        raise ValueError(f"unknown print output kind {kind!r}")


# ---------------------------------------------------------------- Sphinx


def _arrange_figures(app, doctree, docname) -> None:
    """On paper, a chart's figure reads: picture, "Figure 2.1: <the finding>" (the chart's title,
    which is also its line in the list of figures), then the description and the source line.
    An explorer is a sentence, not a numbered figure without a picture."""
    from docutils import nodes

    if app.builder.format != "latex":
        return
    for box in list(doctree.findall(nodes.container)):
        classes = box["classes"]
        fig = next((a for a in _ancestors(box) if isinstance(a, nodes.figure)), None)
        if fig is None:
            continue
        if INTERACTIVE in classes:
            fig.replace_self(box.deepcopy())
        elif "jd-print-title" in classes:
            caption = next(iter(fig.findall(nodes.caption)), None)
            if caption is None:
                continue
            title = box.astext()
            subtitle = [c for c in fig.findall(nodes.container) if "jd-print-subtitle" in c["classes"]]
            source = [c for c in fig.findall(nodes.container) if "jd-print-source" in c["classes"]]
            description = nodes.paragraph("", "", *caption.children)
            caption[:] = [nodes.Text(title)]
            legend = next(iter(fig.findall(nodes.legend)), None)
            if legend is None:
                legend = nodes.legend()
                fig += legend
            for node in [box, *subtitle, *source]:
                node.parent.remove(node)
            legend.insert(0, description)
            for node in reversed(subtitle):
                legend.insert(0, node)
            legend += source


WEB_ONLY = "jd-web-only"
# Blocks for one edition only, as classes rather than `{only}`, which JupyterLab (jupyterlab-myst)
# cannot render: an admonition with `:class: tip jd-web-only` is left out of the PDF, one with
# `:class: note jd-print-only` out of the website. An author in JupyterLab sees both, labelled.
PRINT_ONLY = "jd-print-only"


def web_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """{web}`Hover over a bar for …`: words about using the interactive chart, left out of the PDF."""
    from docutils import nodes

    return [nodes.inline(rawtext, text, classes=[WEB_ONLY])], []


def _drop_other_edition(app, doctree, docname) -> None:
    """Remove what belongs to the other edition: web-only words and blocks from the PDF, print-only ones from the site."""
    from docutils import nodes

    other = WEB_ONLY if app.builder.format == "latex" else PRINT_ONLY
    for node in list(doctree.findall(lambda n: isinstance(n, nodes.Element) and other in n.get("classes", []))):
        node.parent.remove(node)


def _ancestors(node):
    while node.parent is not None:
        node = node.parent
        yield node


def built_pdf(lang: str = "en") -> Path | None:
    """An edition's PDF, if one has been built beside this site (pdf.py puts it there)."""
    from jindong.publish.build import PDF_DIR

    path = PDF_DIR / PDF_NAMES[lang]
    return path if path.is_file() else None


def _lang(config) -> str:
    return "zh" if str(config.language or "").startswith("zh") else "en"


def _offer_pdf(app, config) -> None:
    """Each edition offers its own PDF, copied into its site (the Chinese one under zh/)."""
    lang = _lang(config)
    pdf = built_pdf(lang)
    # A config value with rebuild="html": when a PDF appears or changes, every page is written
    # again with the link, without executing a notebook.
    config.jindong_pdf = f"{pdf.stat().st_size}:{pdf.stat().st_mtime_ns}" if pdf else ""
    if pdf:
        # only this edition's PDF: html_extra_path copies a folder's every file
        staged = Path(app.doctreedir).parent / "_pdf"
        staged.mkdir(parents=True, exist_ok=True)
        for old in staged.glob("*.pdf"):
            if old.name != pdf.name:
                old.unlink()
        if not (staged / pdf.name).exists() or (staged / pdf.name).stat().st_mtime_ns != pdf.stat().st_mtime_ns:
            shutil.copy2(pdf, staged / pdf.name)
        config.html_extra_path = [*config.html_extra_path, str(staged)]
        app.tags.add("jindong_pdf")  # for `{only} html and jindong_pdf` in the pages


def _pdf_button(app, pagename, templatename, context, doctree) -> None:
    """The edition's PDF first in the download menu; the theme's ".pdf" (the browser's print dialog for
    this page) renamed so that the two are not confused."""
    chinese = _lang(app.config) == "zh"
    for group in context.get("header_buttons", []):
        if group.get("label") != "download-buttons":
            continue
        for button in group["buttons"]:
            if button.get("label") == "download-pdf-button":
                button["text"] = "打印本页" if chinese else "Print page"
        if app.config.jindong_pdf:
            group["buttons"].insert(
                0,
                {
                    "type": "link",
                    "url": context["pathto"](PDF_NAMES[_lang(app.config)], 1),
                    "text": "全书（PDF）" if chinese else "Book (PDF)",
                    "tooltip": "下载全书的 PDF 版" if chinese else "Download the whole book as a PDF",
                    "icon": "fas fa-book",
                    "label": "download-book-pdf-button",
                },
            )


def setup(app):
    app.add_config_value("jindong_pdf", "", "html")
    app.connect("config-inited", _offer_pdf)
    app.add_role("web", web_role)
    app.connect("doctree-resolved", _arrange_figures)
    app.connect("doctree-resolved", _drop_other_edition)
    app.connect("html-page-context", _pdf_button, priority=900)  # after sphinx-book-theme's buttons
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
