"""What a page carries when it is shared (issue 26, point 8; publish/sharing.py), on the built site.

- One address: every page's canonical link, its link preview's og:url, and the citations' and picture
  credits' address are the book's published address (html_baseurl, zh/ under it for the Chinese
  edition), never where the page is served from.
- A link preview on every page of both editions: title, description and locale in the edition's
  language, and the page's first chart as its picture, a PNG of the preview's size that exists.
- Each chart as an embed: charts/<id>.html holds just that chart, draws it offline without an error,
  and links back to the chart in its chapter.
- The two editions' CSVs are saved under names of their own.
"""

from __future__ import annotations

import html
import re
import struct

import pytest
import yaml

from jindong import paths
from jindong.publish import sharing
from support import CHARTS_DRAWN, all_pages, is_english, open_page

pytestmark = pytest.mark.site
META = re.compile(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"')


def base_url() -> str:
    return paths.site_url().rstrip("/") + "/"


def meta(page_html: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in META.findall(page_html)}


def test_the_address_is_one_setting(monkeypatch):
    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    monkeypatch.delenv("JINDONG_SITE_URL", raising=False)
    assert paths.site_url() == config["sphinx"]["config"]["html_baseurl"] and paths.site_url().startswith("https://")
    monkeypatch.setenv("JINDONG_SITE_URL", "https://example.org/book/")  # a copy published elsewhere
    assert paths.site_url() == "https://example.org/book/"


def test_every_page_names_its_published_address_and_has_a_preview_in_its_language(site):
    for page in all_pages(site):
        rel = page.relative_to(site).as_posix()
        text = page.read_text(encoding="utf-8")
        url = base_url() + rel
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', text)
        assert canonical and canonical.group(1) == url, f"{rel}: canonical {canonical and canonical.group(1)}"
        m = meta(text)
        assert m.get("og:url") == url, rel
        zh = rel.startswith("zh/")
        assert m.get("og:locale") == ("zh_CN" if zh else "en_GB"), rel
        assert m.get("og:site_name") == ("数读金东区" if zh else "Jindong District in numbers"), rel
        title, description = m.get("og:title", ""), m.get("og:description", "")
        assert title and len(description) > 40, f"{rel}: {m}"
        # the page's lead paragraph, whole sentences, as the page writes it (no spaces where markup was)
        assert m.get("description") == description and "..." not in description, f"{rel}: {description}"
        if zh:
            assert not re.search(r"[\u4e00-\u9fff，。：；（）] | [\u4e00-\u9fff，。：；（）]", description), description
            assert description.endswith(("。", "；", "！", "？", "……")), description
        han = len(re.findall(r"[\u4e00-\u9fff]", title + description))
        assert (han > len(description) / 3) if zh else is_english(description), f"{rel}: {title} / {description}"
        # the picture: the page's first chart, at the size previews show, a file of the site
        first = re.search(r'<div class="jd-chart" id="jd-([\w-]+)">', text).group(1)
        edition_root = base_url() + ("zh/" if zh else "")
        assert m.get("og:image") == f"{edition_root}charts/{first}.png", rel
        png = (site / ("zh" if zh else "") / "charts" / f"{first}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n", rel
        assert struct.unpack(">II", png[16:24]) == (sharing.PREVIEW_WIDTH, sharing.PREVIEW_HEIGHT), rel
        assert m.get("og:image:alt") and m.get("twitter:card") == "summary_large_image", rel


def test_the_citations_name_the_published_address(site):
    for page in all_pages(site):
        text = page.read_text(encoding="utf-8")
        words = re.search(r'<script type="application/json" id="jd-tools">(.*?)</script>', text, re.S)
        rel = page.relative_to(site).as_posix()
        assert words, rel
        assert f'"page_url":"{base_url()}{rel}"' in words.group(1), rel
        assert f'"embed_url":"{base_url()}{"zh/" if rel.startswith("zh/") else ""}charts/"' in words.group(1), rel


def test_the_two_editions_csvs_have_names_of_their_own(site):
    for page in all_pages(site):
        rel = page.relative_to(site).as_posix()
        for name, saved in re.findall(
            r'<a class="jd-chart-csv" href="[^"]*/([\w-]+)\.csv" download="([^"]+)"', page.read_text(encoding="utf-8")
        ):
            assert saved == (f"{name}-zh.csv" if rel.startswith("zh/") else f"{name}.csv"), rel


def test_every_chart_has_an_embed_that_links_back(site):
    for page in all_pages(site):
        rel = page.relative_to(site).as_posix()
        zh = rel.startswith("zh/")
        for name in re.findall(r'<div class="jd-chart" id="jd-([\w-]+)">', page.read_text(encoding="utf-8")):
            embed = (site / ("zh" if zh else "") / "charts" / f"{name}.html").read_text(encoding="utf-8")
            assert f'<html lang="{"zh-CN" if zh else "en"}">' in embed
            assert embed.count('class="jd-chart"') == 1 and f'id="jd-{name}"' in embed, name
            back = f"{base_url()}{rel}#fig-{name}"
            assert f'<link rel="canonical" href="{back}">' in embed and f'href="{back}"' in embed, name
            assert "../_static/plotly.min.js" in embed and "../_static/jindong.js" in embed, name
            csv = re.search(r'<a [^>]*class="jd-chart-csv"[^>]*>', embed)
            href = csv and re.search(r'href="([^"]+)"', csv.group()).group(1)
            assert href and (site / ("zh" if zh else "") / "charts" / href).is_file(), name


def test_an_embed_draws_its_chart_offline_in_a_frame(browser):
    """An embed page in an <iframe> of another page: the chart drawn, no error, nothing from outside."""
    context, page = open_page(browser, "zh/charts/front-gdp-growth.html", width=700, height=600)
    try:
        page.wait_for_function(CHARTS_DRAWN, timeout=15_000)
        assert page.locator(".js-plotly-plot .main-svg").count() >= 1
        assert page.locator(".jd-tools").count() == 0  # the chapter's toolbar stays in the chapter
        assert page.errors == [] and page.outside == [], (page.errors, page.outside)
    finally:
        context.close()


def test_a_preview_figure_is_the_size_previews_show_and_has_no_menu():
    fig = sharing.preview_figure(
        {"data": [{"type": "bar", "y": [1]}], "layout": {"height": 900, "updatemenus": [{"buttons": []}]}},
        "A <title> & more",
    )
    assert fig["layout"]["width"] == 1200 and fig["layout"]["height"] == 630
    assert "updatemenus" not in fig["layout"]
    assert "&lt;title&gt; &amp; more" in fig["layout"]["title"]["text"]
    long = sharing.preview_figure({"data": [], "layout": {}}, "word " * 40)["layout"]
    assert (
        long["title"]["text"].count("<br>") == 2 and long["margin"]["t"] == 40 + 20 + 90
    )  # three lines, room for them


def test_a_description_is_the_lead_paragraph_in_whole_sentences():
    body = (
        "<h1>T</h1>\n<p>金华市 <strong>金东区</strong> （也称金义新区）\n的发展。"
        + "第二句很长。" * 30
        + "</p><p>下一段</p>"
    )
    text = sharing.lead_description(body, "zh")
    assert text.startswith("金华市金东区（也称金义新区）的发展。") and text.endswith("。") and "下一段" not in text
    assert len(text) <= sharing.DESCRIPTION_LENGTH["zh"]
    english = sharing.lead_description("<h1>T</h1><p>" + "A long sentence here. " * 20 + "</p>", "en")
    assert english.endswith("here.") and len(english) <= sharing.DESCRIPTION_LENGTH["en"]
