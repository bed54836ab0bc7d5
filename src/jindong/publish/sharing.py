"""What a page carries when it is shared: its address, a link preview, and each chart as an embed.

- **One address** (`html_baseurl` in _config.yml, the English edition's root; JINDONG_SITE_URL
  overrides it for a copy published elsewhere, paths.site_url): the canonical link of every page,
  the address in citations and picture credits (sphinxext._toolbar_words) and in link previews —
  never the address a page happens to be served from (127.0.0.1 while testing). The Chinese
  edition's root is zh/ under it.
- **Link previews** (Open Graph, by sphinxext-opengraph): the page's title and first paragraph in
  its edition's language, and as its picture the page's first chart, drawn by kaleido at the
  1200 × 630 px link previews use (charts/<id>.png, cached by the figure's JSON). Without Chromium
  the build leaves the picture out and says so.
- **Embeds**: charts/<id>.html, a page holding just the chart (title, plot, source line, data
  table) and a link back to it in its chapter, for an <iframe> (the Cite panel gives the snippet),
  as Our World in Data's grapher offers.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
from pathlib import Path

import plotly.graph_objects as go
from bs4 import BeautifulSoup
from sphinx.util import logging

from jindong import paths
from jindong.content.charts import static
from jindong.content.charts.output import CHART_FILES
from jindong.content.charts.toolbar import LICENCE, words
from jindong.content.markup import wrapped

logger = logging.getLogger(__name__)

PREVIEW_WIDTH, PREVIEW_HEIGHT = 1200, 630  # what WeChat, Slack, Mastodon and the like show large
TITLE_COLUMNS = 96  # the chart's title over the preview, 22 px: 96 columns (48 Chinese characters) a line
LOCALES = {"en": "en_GB", "zh": "zh_CN"}
_FIRST_CHART = re.compile(r'<div class="jd-chart" id="jd-([^"]+)">.*?role="figure" aria-label="([^"]*)"', re.S)
_PREVIEW_META = re.compile(r'<meta property="og:image" content="[^"]*/' + CHART_FILES + r'/([^"/]+)\.png"')


def _edition(config) -> str:
    return "zh" if str(config.language or "").startswith("zh") else "en"


def _site(app, config) -> None:
    """html_baseurl: the edition's root (zh/ under the site's for Chinese), and the previews' too."""
    base = paths.site_url() or config.html_baseurl or ""
    if base:
        base = base.rstrip("/") + "/" + ("zh/" if _edition(config) == "zh" else "")
    config.html_baseurl = base
    config.ogp_site_url = base
    config.ogp_site_name = config.html_title or config.project
    config.ogp_social_cards = {"enable": False}  # the page's chart is its picture, not a generated card
    config.ogp_enable_meta_description = False  # _preview writes the page's own
    config.ogp_custom_meta_tags = [
        f'<meta property="og:locale" content="{LOCALES[_edition(config)]}" />',
        '<meta name="twitter:card" content="summary_large_image" />',
    ]


_LEAD = re.compile(r"</h1>.*?<p>(.*?)</p>", re.S)
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
_SENTENCE_END = {"en": (". ", "; "), "zh": ("。", "；", "！", "？")}
DESCRIPTION_LENGTH = {"en": 200, "zh": 120}  # characters: a preview shows two or three lines


def lead_description(body: str, lang: str) -> str:
    """The page's lead paragraph as a link preview's description: its own text (sphinxext-opengraph's
    put spaces wherever markup was, and ran on into the next section), in whole sentences when they fit."""
    m = _LEAD.search(body)
    if not m:
        return ""
    text = html.unescape(re.sub(r"<[^>]+>", "", m.group(1)))
    text = re.sub(r"\s+", " ", text).strip()
    if lang == "zh":  # Chinese is written without spaces, beside its digits and Latin words too
        text = _CJK_SPACE.sub("", text)
    limit = DESCRIPTION_LENGTH[lang]
    if len(text) <= limit:
        return text
    cut = max(text.rfind(end, 0, limit) for end in _SENTENCE_END[lang])
    if cut > limit // 3:
        return text[: cut + 1].strip()
    if lang == "zh":
        return text[: limit - 2] + "……"
    return text[: text.rfind(" ", 0, limit - 1)] + "…"


def _preview(app, pagename, templatename, context, doctree) -> None:
    """The page's description, and its first chart as its picture (read by sphinxext-opengraph, next)."""
    if app.builder.format != "html":
        return
    meta = dict(context.get("meta") or {})
    description = lead_description(context.get("body") or "", _edition(app.config))
    if description:  # sphinxext-opengraph writes a field as it is, escaping only its quotes: escape it here
        meta["og:description"] = html.escape(description)
        tag = f'<meta name="description" content="{html.escape(description)}" />\n'
        context["metatags"] = context.get("metatags", "") + tag
    context["meta"] = meta
    m = _FIRST_CHART.search(context.get("body") or "")
    if not m or not static.browser():
        return
    meta.update(
        {
            "og:image": f"{CHART_FILES}/{m.group(1)}.png",
            "og:image:alt": m.group(2),  # as the page's aria-label has it, escaped
            "og:image:width": str(PREVIEW_WIDTH),
            "og:image:height": str(PREVIEW_HEIGHT),
        }
    )


def preview_figure(figure: dict, title: str) -> dict:
    """The chart as a link preview draws it: its title above, at the preview's size, light colours."""
    layout = dict(figure.get("layout") or {})
    heading = wrapped(title, TITLE_COLUMNS)  # escaped, lines joined by <br>
    margin = dict(layout.get("margin") or {})
    margin["t"] = (margin.get("t") or 40) + 20 + 30 * (str(heading).count("<br>") + 1)
    layout.update(
        width=PREVIEW_WIDTH,
        height=PREVIEW_HEIGHT,
        margin=margin,
        paper_bgcolor="#ffffff",
        title={
            "text": f"<b>{heading}</b>",
            "x": 0.02,
            "xanchor": "left",
            "y": 0.97,
            "yanchor": "top",
            "font": {"size": 22},
        },
    )
    layout.pop("updatemenus", None)  # a menu in a picture is a dead control
    return {"data": figure.get("data") or [], "layout": layout}


def _chart_parts(page_html: str) -> dict[str, dict]:
    """Each chart of a built page: its div's HTML, title, figure JSON, figure number."""
    soup = BeautifulSoup(page_html, "html.parser")
    out = {}
    for div in soup.select("div.jd-chart[id^=jd-]"):
        name = div["id"][3:]
        script = div.select_one("script.jd-figure")
        title = div.select_one(".jd-chart-title")
        figure = soup.find(id=f"fig-{name}")
        number = figure.select_one(".caption-number") if figure else None
        out[name] = {
            "div": div,
            "title": title.get_text(" ", strip=True) if title else name,
            "figure": json.loads(script.string) if script and script.string else None,
            "number": number.get_text(" ", strip=True).rstrip(":：") if number else "",
        }
    return out


def _write_previews(outdir: Path, cache: Path, pages: dict[str, tuple[str, dict]]) -> int:
    """charts/<id>.png for each page whose preview names one (kaleido, once per changed figure)."""
    made = 0
    for page_html, parts in pages.values():
        m = _PREVIEW_META.search(page_html)
        if not m:
            continue
        part = parts.get(m.group(1))
        if not part or not part["figure"]:
            continue
        fig = preview_figure(part["figure"], part["title"])
        key = hashlib.sha256(json.dumps(fig, sort_keys=True).encode()).hexdigest()[:20]
        cached = cache / f"{key}.png"
        if not cached.exists():
            cache.mkdir(parents=True, exist_ok=True)
            cached.write_bytes(static.export_at(go.Figure(fig), "png", PREVIEW_WIDTH, PREVIEW_HEIGHT))
            made += 1
        target = outdir / CHART_FILES / f"{m.group(1)}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target)
    return made


EMBED_STYLE = """
body{margin:0;padding:12px 16px;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC",
"PingFang SC","Microsoft YaHei",sans-serif;color:#222;background:#fff}
.jd-chart-title{font-weight:600;font-size:1.05rem;margin:0 0 .2rem}.jd-chart-subtitle{margin:0 0 .4rem;color:#555}
.jd-chart-source,.jd-embed-credit{font-size:.8rem;color:#555;margin:.4rem 0 0}a{color:#0b5cad}
.jd-chart-data-link{display:none}details.jd-chart-data{font-size:.85rem;margin-top:.3rem}.jd-table-wrap{overflow-x:auto}
table{border-collapse:collapse}td,th{padding:2px 6px;border-bottom:1px solid #ddd;text-align:left}
.jd-plot{position:relative}.jd-static{position:absolute;inset:0;z-index:2}.jd-static-dark{display:none}
.jd-static img{display:block;width:100%;height:100%;object-fit:contain;object-position:left top}
"""


def embed_page(part: dict, *, lang: str, book: str, link: str, static_url: str, icon: str = "favicon.svg") -> str:
    """The page an <iframe> shows: the chart as in its chapter (drawn by jindong.js), and a link back."""
    div = BeautifulSoup(str(part["div"]), "html.parser")
    for a in div.select("a.jd-chart-csv"):
        a["href"] = a["href"].rsplit("/", 1)[-1]  # beside this page, in charts/
    for tag, attr in (("img", "src"), ("source", "srcset")):  # the static pictures (pictures.py), there too
        for e in div.select(f".jd-static {tag}[{attr}]"):
            e[attr] = e[attr].rsplit("/", 1)[-1]
    figure = part["number"] or part["title"]
    title = html.escape(part["title"])
    credit = words()["embed_back"].format(figure=figure, book=book)
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title} — {html.escape(book)}</title>\n"
        f'<link rel="canonical" href="{html.escape(link)}">\n<link rel="icon" href="{static_url}{icon}">\n'
        f"<style>{EMBED_STYLE}</style>\n"
        f'<script defer src="{static_url}plotly.min.js"></script>\n<script defer src="{static_url}jindong.js"></script>\n'
        f"</head>\n<body>\n{div}\n"
        f'<p class="jd-embed-credit"><a href="{html.escape(link)}" target="_blank" rel="noopener">'
        f"{html.escape(credit)}</a> · {LICENCE}</p>\n</body>\n</html>\n"
    )


def _write_embeds(app, pages: dict[str, tuple[str, dict]]) -> None:
    outdir = Path(app.outdir)
    book = app.config.html_title or app.config.project
    icon = Path(app.config.html_favicon or "favicon.svg").name
    for pagename, (_html, parts) in pages.items():
        for name, part in parts.items():
            link = f"{app.config.html_baseurl or '../'}{pagename}.html#fig-{name}"
            text = embed_page(
                part, lang=_edition(app.config), book=book, link=link, static_url="../_static/", icon=icon
            )
            target = outdir / CHART_FILES / f"{name}.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                target.write_text(text, encoding="utf-8")


def _after_build(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    pages = {}
    for f in sorted(outdir.rglob("*.html")):
        rel = f.relative_to(outdir)
        if rel.parts[0] in {CHART_FILES, "_static", "_sources", "zh"}:
            continue
        text = f.read_text(encoding="utf-8")
        if 'class="jd-chart"' in text:  # each page parsed once, for its embeds and its preview
            pages[rel.with_suffix("").as_posix()] = (text, _chart_parts(text))
    _write_embeds(app, pages)
    if static.browser():
        _write_previews(outdir, Path(app.doctreedir).parent / "previews", pages)
    else:
        logger.info("link previews without a picture: Chromium is missing (make system-deps)")


def setup(app):
    app.connect("config-inited", _site)
    app.connect("html-page-context", _preview, priority=400)  # before sphinxext-opengraph (500)
    app.connect("build-finished", _after_build)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
