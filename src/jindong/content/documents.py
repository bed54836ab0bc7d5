"""The source texts as the book names them: in date order, with a short label ('Aug 2025 plenum').

Shared by chapter 9's charts, chapter 10's source list and the explorer.
"""

from __future__ import annotations

import re

import pandas as pd

from jindong.content.edition import lang
from jindong.content.format import date_text
from jindong.content.i18n import _, p_
from jindong.content.markup import lines
from jindong.dataset.data import load

HOME = "金东区"
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
# What each type of document is called in a short label (the titles in sources.csv are long).
DOC_TYPES = {
    "en": {
        "government_work_report": "work report",
        "plenum_report": "plenum",
        "news_roundup": "round-up",
        "statistical_bulletin": "bulletin",
    },
    "zh": {
        "government_work_report": "政府工作报告",
        "plenum_report": "全会",
        "news_roundup": "综合报道",
        "statistical_bulletin": "统计公报",
    },
}
AXIS_TYPES = {
    "en": {
        "government_work_report": "report",
        "plenum_report": "plenum",
        "news_roundup": "round-up",
        "statistical_bulletin": "bulletin",
    },
    "zh": {
        "government_work_report": "报告",
        "plenum_report": "全会",
        "news_roundup": "报道",
        "statistical_bulletin": "公报",
    },
}
PLACES = {"永康市": {"en": "Yongkang", "zh": "永康"}, "金华市": {"en": "Jinhua", "zh": "金华"}}
LATE_FROM = "2025"  # texts dated from this year on are "2025–26"


def documents(primary_only: bool = True) -> pd.DataFrame:
    """The source texts in date order, with a short label ('Aug 2025 plenum') and a home flag."""
    src = load().sources.copy()
    if primary_only:
        src = src[src.reliability == "primary"]
    src["date"] = [d or p for d, p in zip(src.delivered, src.published)]
    src = src.sort_values("date", kind="stable").reset_index(drop=True)

    def short(r) -> str:
        when = _undated_name(r) or _month(r.date)
        # a Chinese label names the city as its texts do (金华市, 永康市); the district's own need no name
        place = (r.region if r.region != HOME else "") if lang() == "zh" else PLACES.get(r.region, {}).get("en", "")
        kind = DOC_TYPES[lang()][r.doc_type]
        about = re.match(r"\d{4}", r.title_en)
        if r.doc_type == "statistical_bulletin" and about:  # published the next year: name the year it covers
            if lang() == "zh":  # 金华市2023年统计公报
                return f"{place}{about.group()}年{kind}"
            return " ".join(filter(None, [place, kind, "for", about.group()]))
        return ("" if lang() == "zh" else " ").join(filter(None, [when, place, kind]))

    src["short"] = [s[0].upper() + s[1:] for s in src.apply(short, axis=1)]
    src["axis"] = src.apply(_axis_label, axis=1)
    src["home"] = src.region == HOME
    src["late"] = src.date.str[:4] >= LATE_FROM
    return src


def _month(date: str) -> str:
    """'Aug 2025' ('2025年8月' in Chinese), or the year alone when the date has no month."""
    if len(date) < 7:
        return date[:4] if lang() == "en" else date_text(date[:4])
    return f"{MONTHS[int(date[5:7]) - 1]} {date[:4]}" if lang() == "en" else date_text(date[:7])


def _undated_name(r) -> str:
    """What stands in a short label for the date of a text that gives none ("undated round-up"); ''
    for a dated text."""
    return _("undated") if getattr(r, "undated", "") else ""


def _axis_label(r) -> str:
    """A column label narrow enough for five columns on a phone: 'Feb<br>2023<br>report'."""
    if _undated_name(r):
        return lines([p_("axis", "undated"), AXIS_TYPES[lang()][r.doc_type]])
    if lang() == "zh":
        when = [date_text(r.date[:4])] if len(r.date) < 7 else [date_text(r.date[:7])]
    else:
        when = [r.date[:4]] if len(r.date) < 7 else [MONTHS[int(r.date[5:7]) - 1], r.date[:4]]
    what = PLACES.get(r.region, {}).get(lang()) or AXIS_TYPES[lang()][r.doc_type]
    return lines([*when, what])


def source_date(r) -> str:
    """When a source was delivered or held (else published), as the edition writes dates. A text that
    gives no date (sources.csv `undated`) says so, with the year its content points to: the book gives no
    date a source does not give."""
    if getattr(r, "undated", ""):
        return _("undated; by its content, {year}", year=date_text(r.published))
    return date_text(r.delivered or r.published)


def doc_label(source_id: str) -> str:
    """The short label of one source ('Aug 2025 plenum'), for prose."""
    return documents(primary_only=False).set_index("source_id").loc[source_id, "short"]


def source_title(source_id: str) -> str:
    """A source's title as prose names it: in Chinese, in 《》 only when the stored text prints it as its
    headline (sources.csv `headline`, checked against the text); in English its English title."""
    r = load().sources.set_index("source_id").loc[source_id]
    if lang() != "zh":
        return r.title_en
    return f"《{r.title_zh}》" if r.headline == "yes" else r.title_zh
