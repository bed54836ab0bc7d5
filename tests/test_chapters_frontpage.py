"""The home page (content/chapters/frontpage.py, intro.ipynb): cards, chart and sentences say what the data say."""

from __future__ import annotations

import re

import nbformat
import pytest

from jindong.content.chapters import frontpage as fp
from jindong.content.chapters import outcomes
from jindong.content.format import as_written, in_words, short
from jindong.content.htmltable import HtmlTable
from jindong.content.markup import escape
from jindong.dataset.data import load
from jindong.paths import ROOT


def ind(indicator_id: str):
    return load().indicators.set_index("id").loc[indicator_id]


def test_card_figures_are_the_data_rows_with_their_qualifiers():
    cards = {c.key: c for c in fp.cards()}
    assert [r.name for r in cards["2022"].figures] == [fp.GDP_2022, fp.GROWTH_2022]
    assert [r.name for r in cards["2023"].figures] == [fp.TARGET_2023, fp.OUTCOME_2023]
    page = fp.key_cards()._repr_html_()
    for c in cards.values():
        for r in c.figures:
            d = ind(r.name)
            assert (r.value_text, r.unit, r.qualifier, r.period, r.kind) == (
                d.value_text,
                d.unit,
                d.qualifier,
                d.period,
                d.kind,
            )
            assert escape(short(d.value_text, d.unit, d.qualifier)) in page
    gdp = ind(fp.GDP_2022)
    assert gdp.qualifier == ">" and "&gt;¥30 billion" in page and "more than ¥30 billion" in page
    assert escape(as_written(gdp.value_text, gdp.unit, gdp.qualifier)) in page  # >300 亿元, as the source
    assert ind(fp.TARGET_2023).qualifier == ">=" and "≥8%" in page and "at least 8%" in page


def test_secondary_copy_and_kind_are_on_each_figure():
    page = fp.key_cards()._repr_html_()
    outcome = re.search(r'<p class="jd-card-value">7\.0%</p>.*?<p class="jd-card-kind[^"]*">([^<]*)</p>', page).group(1)
    assert outcome == "2023 · outcome · secondary copy"
    target = re.search(r'<p class="jd-card-value">≥8%</p>.*?<p class="jd-card-kind[^"]*">([^<]*)</p>', page).group(1)
    assert target == "2023 · target"  # a target is not an outcome, and the work report is primary
    assert escape("1.0 percentage point short of the target's floor (derived)") in page


def test_plan_cards_are_the_frameworks_items():
    p = load().priorities
    cards = {c.key: c for c in fp.cards()}
    for key, framework in (("2025", fp.BREAKTHROUGHS), ("2026", fp.CORE_TASKS)):
        top = p[(p.framework == framework) & (p.parent_id == "")].sort_values("order")
        assert cards[key].items == list(top.label_en)[: len(cards[key].items)]
        assert cards[key].items_other == list(top.label_zh)[: len(cards[key].items)]
    assert cards["2025"].items_other == ["平台大突破", "项目大突破", "产业大突破"]
    assert cards["2026"].items_other == ["一枢纽", "双千亿", "三大湖"]  # not the meeting's slogan, listed after them


def test_every_card_links_to_its_chapter_and_figure():
    for c in fp.cards():
        nb = (ROOT / "chapters" / f"{c.chapter}.ipynb").read_text(encoding="utf-8")
        if c.anchor.startswith("fig-"):
            assert f":name: {c.anchor}" in nb, c.anchor
        assert c.href == f"chapters/{c.chapter}.html#{c.anchor}"
    # the section anchors are checked on the built site by test_links.py


def test_chart_title_states_the_finding_with_its_numbers():
    chart = fp.growth_arc()
    for r in (ind(fp.GROWTH_2022), ind(fp.TARGET_2023), ind(fp.OUTCOME_2023)):
        assert in_words(r.value_text, r.unit, r.qualifier) in chart.title
    assert "secondary copy" in chart.title and "short of" in chart.title
    assert "secondary copy" in chart.source_line()
    bars = [t for t in chart.fig.data if t.hoverinfo != "skip"]
    assert [t.y[0] for t in bars] == [ind(i).value for i in (fp.GROWTH_2022, fp.TARGET_2023, fp.OUTCOME_2023)]
    assert [t.text[0] for t in bars] == ["0.8%", "≥8%", "7.0%"]
    assert bars[2].marker.pattern.shape == "/" and "secondary copy" in bars[2].name
    zone = [t for t in chart.fig.data if t.hoverinfo == "skip"]
    assert len(zone) == 1 and zone[0].base[0] == ind(fp.TARGET_2023).value  # what "at least" allows
    assert "Data table" in chart.div() and chart.alt


def test_the_charts_text_alternative_reads_as_the_edition_writes():
    from jindong.content.edition import language

    src = load().sources.set_index("source_id")
    alt = fp.growth_arc().alt  # the English as it was: signs and the sources' ids
    assert "2022 outcome: 0.8% (jd_gwr_2023); 2023 target: ≥8% (jd_gwr_2023)" in alt
    with language("zh"):
        alt = fp.growth_arc().alt
    gwr, bulletin = src.loc["jd_gwr_2023", "title_zh"], src.loc["jd_bulletin_2023", "title_zh"]
    assert f"2022年实绩：0.8%（{gwr}）；2023年目标：8%以上（{gwr}）" in alt  # no space inside Chinese, no sign
    assert f"2023年实绩：7.0%（{bulletin}，转载本）" in alt
    assert not [i for i in src.index if i in alt] and "≥" not in alt and "年 " not in alt


def test_sentences_count_what_the_sources_can_tell():
    f = fp.prose()
    c = outcomes.coverage()
    src = load().sources
    assert (f["n_targets"], f["n_none"]) == (str(c["targets"]), str(c["none"]))
    assert f["n_same"] == ("only one" if c["same"] == 1 else f"only {c['same']}")
    assert f["n_secondary"] == str((src.reliability == "secondary").sum()) and f["n_sources"] == str(len(src))
    assert f["target"] == "at least 8%" and f["outcome"] == "7.0%"


def test_cards_print_as_a_table():
    bundle = fp.key_cards()._repr_mimebundle_()
    assert bundle["text/html"].startswith('<ul class="jd-cards"')
    assert "≥8%" in bundle["text/plain"] and "secondary copy" in bundle["text/plain"]
    assert isinstance(fp.key_cards().table, HtmlTable)


def test_hostile_labels_are_escaped(monkeypatch):
    bad = "<img src=x onerror=alert(1)>"
    real = fp.row

    def row(indicator_id):
        r = real(indicator_id).copy()
        r["label_en"] = bad
        return r

    monkeypatch.setattr(fp, "row", row)
    page = fp.key_cards()._repr_html_()
    assert bad not in page and escape(bad) in page


def _executed_intro(data_dir, monkeypatch):
    """intro.ipynb executed against a dataset, as the book does (kernel in the project root)."""
    from nbclient import NotebookClient

    monkeypatch.setenv("JINDONG_DATA", str(data_dir))
    nb = nbformat.read(ROOT / "intro.ipynb", as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    glued = {}
    html_out = ""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            name = out.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:  # myst-nb's glue: text under a papermill prefix; a chart (glue_chart) also displayed as is
                glued[name] = data.get("application/papermill.record/text/plain") or data.get("text/html")
            elif "text/html" in data:
                html_out += data["text/html"]
    return glued, html_out


@pytest.mark.slow
def test_the_page_changes_when_the_data_change(scratch, monkeypatch):
    """Change the 2023 outcome and the 2022 GDP in a copy of the data: the page's cards, sentences and
    chart follow (nothing on the page is typed)."""
    scratch.edit("indicators", fp.OUTCOME_2023, value="6.5", quote="GDP总额320.88亿元,按可比价计算,同比增长6.5%")
    scratch.edit("indicators", fp.GDP_2022, value="310", quote="地區生產總值突破310億元")
    glued, cards = _executed_intro(scratch.root, monkeypatch)
    assert "6.5%" in cards and "7.0%" not in cards
    assert "&gt;¥31 billion" in cards and "more than ¥31 billion" in cards
    assert "1.5 percentage points short of" in cards
    assert glued["outcome"] == "'6.5%'" and glued["gdp_2022"] == "'more than ¥31 billion'"
    assert "reports 6.5% — 1.5 percentage points short of that floor" in glued["front-gdp-growth"]


def test_a_plan_card_names_its_plan_in_the_editions_language():
    """The English cards for 2025 and 2026 were headed by the plan's Chinese name alone (issue 26):
    the English name, and the source's Chinese beside it; a Chinese card names it once, in Chinese."""
    from jindong.content.edition import language

    priorities = load().priorities
    for lang in ("en", "zh"):
        with language(lang):
            page = fp.key_cards()._repr_html_()
            for c in fp.cards():
                if not c.items:
                    continue
                row = priorities[priorities.group_zh == c.group_zh].iloc[0]
                heading = re.search(rf'id="jd-card-{c.key}".*?<p class="jd-card-group">(.*?)</p>', page, re.S).group(1)
                if lang == "en":
                    assert heading.startswith(escape(row.group_en)), heading
                    assert f'<span class="jd-card-other" lang="zh">{escape(row.group_zh)}</span>' in heading
                else:
                    assert heading == escape(row.group_zh), heading


def test_the_home_page_shows_its_chart_before_the_cards():
    """The first chart was 1,150 px down on a desktop, under the four cards (issue 26): the story's chart
    comes right after the paragraph that tells it, the cards after it, in both editions."""
    for path in (ROOT / "intro.ipynb", ROOT / "chapters" / "zh" / "intro.ipynb"):
        cells = ["".join(c.source) for c in nbformat.read(path, as_version=4).cells]
        chart = next(i for i, c in enumerate(cells) if "fig-front-gdp-growth" in c)
        cards = next(i for i, c in enumerate(cells) if "key_cards()" in c)
        story = next(i for i, c in enumerate(cells) if "{eval}`gdp_2022`" in c)
        assert story < chart < cards, path
