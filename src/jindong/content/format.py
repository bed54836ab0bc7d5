"""Numbers for prose and labels: a figure as the source gives it, with its qualifier in words.

Values stay as written (300 for 突破300億元). In English only the unit is rendered in English, by
shifting the decimal point (亿 = 10^8), so no rounding is introduced. In Chinese a figure is written
as the sources write it, value and unit together, counts too: "320.88亿元", "7.0%", "46家".
"""

from __future__ import annotations

import re
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from jindong.content.edition import lang
from jindong.dataset.provenance import AFTER_QUALIFIER, ANYWHERE_BEFORE, BEFORE
from jindong.dataset.sources import to_simplified

# "->" is an aim the text moves towards (向95%迈进), not a level it promises to reach.
QUALIFIER_WORDS = {"=": "", ">": "more than ", ">=": "at least ", "~": "about ", "->": "towards "}
# In Chinese a figure is worded as its source words it (8%以上, 突破300亿元, 不少于5场, 至少1家, 约40万人次,
# 5%左右): the words below are only for a number no quote words (a derived bound).
QUALIFIER_WORDS_ZH = {"=": "{}", ">": "超过{}", ">=": "{}以上", "~": "约{}", "->": "向{}迈进"}
# The words a source puts before or after a number to qualify it, simplified, longest first: the words
# the provenance check knows (provenance.BEFORE, ANYWHERE_BEFORE, AFTER_QUALIFIER), written once there.
WORDS_BEFORE = {
    # dict.fromkeys, not a set: the order is the source list's, so the build does not depend on hashing
    q: tuple(
        sorted(
            dict.fromkeys([*(to_simplified(w) for w in words), *(ANYWHERE_BEFORE if q == ">=" else ())]),
            key=len,
            reverse=True,
        )
    )
    for q, words in BEFORE.items()
}
WORDS_AFTER = {**{q: (w,) for w, q in AFTER_QUALIFIER.items()}, "->": ("迈进",)}
# How a source commits to a target (indicators.csv `firmness`): the word itself in Chinese; in English
# the word once, with what it means.
FIRMNESS_EN = {"确保": "firm", "力争": "stretch", "争取": "stretch"}
QUALIFIER_SIGNS = {"=": "", ">": ">", ">=": "≥", "~": "~", "->": "→"}


# A derived bound is rounded towards its inside, never past itself: 280 ÷ 217.3 − 1 = 28.85…% is
# "more than 28.8%", not "more than 28.9%" (which would claim more than the figures allow).
BOUND_ROUNDING = {">": ROUND_FLOOR, ">=": ROUND_FLOOR, "<": ROUND_CEILING, "<=": ROUND_CEILING}


def round_derived(x: Decimal | float, places: int, qualifier: str = "=") -> str:
    """A derived number for display: half-up when exact or approximate, towards the inside for a bound."""
    d = Decimal(str(x))
    return str(d.quantize(Decimal(1).scaleb(-places), rounding=BOUND_ROUNDING.get(qualifier, ROUND_HALF_UP)))


def _num(d: Decimal) -> str:
    """Thousands separators; decimals exactly as `d` carries them."""
    s = format(d, "f")
    whole, _, frac = s.partition(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{int(whole.lstrip('-')):,}" + (f".{frac}" if frac else "")


def _scaled(value: str | float, power: int) -> Decimal:
    """The value with its decimal point shifted, keeping the precision the source wrote.

    "7.0" stays 7.0 and 139.50亿 becomes 13.950 billion (written decimals are kept); 300亿 becomes
    30 billion, not 30.0 (shifting adds no precision an integer did not have).
    """
    d = Decimal(str(value))
    shifted = d.scaleb(power)
    if d.as_tuple().exponent >= 0:  # written as an integer: no decimals to keep
        shifted = shifted.normalize()
        if shifted.as_tuple().exponent > 0:  # 3E+1 -> 30
            shifted = shifted.quantize(Decimal(1))
    return shifted


# unit as written -> (power of ten to shift the decimal point by, English template)
SIMPLE_UNITS = {
    "亿美元": (2, "US${} million"),
    "元": (0, "¥{}"),
    "%": (0, "{}%"),
    "个百分点": (0, "{} percentage points"),
    "万千瓦": (1, "{} MW"),
    "万吨标准煤": (4, "{} tonnes of standard coal"),
    "万人": (4, "{}"),
    "万人次": (4, "{} visits"),
    "万亩": (4, "{} mu"),
    "万平方米": (4, "{} m²"),
    "亩": (0, "{} mu"),
    "平方公里": (0, "{} km²"),
    "公里": (0, "{} km"),
}
# money whose English unit depends on size: (threshold, shift and template at/above it, below it)
MONEY_UNITS = {"亿元": (10, (-1, "¥{} billion"), (2, "¥{} million")), "万元": (100, (-2, "¥{} million"), (4, "¥{}"))}
TIME_UNITS = {"年": "year", "周年": "year", "月": "month", "天": "day"}  # 实施20周年: 20 years (an anniversary)
# a unit the data store in short that Chinese writes with its measure word: 40个月, as the sources do
ZH_UNITS = {"月": "个月"}


def amount(value: str | float, unit: str) -> str:
    """The value and unit in the edition's language, without qualifier: 300 亿元 -> '¥30 billion' or '300亿元'."""
    if lang() == "zh":
        return f"{value}{ZH_UNITS.get(unit, unit)}"
    v = _scaled(value, 0)
    if unit in MONEY_UNITS:
        threshold, big, small = MONEY_UNITS[unit]
        power, template = big if v >= threshold else small
        return template.format(_num(_scaled(value, power)))
    if unit in SIMPLE_UNITS:
        power, template = SIMPLE_UNITS[unit]
        return template.format(_num(_scaled(value, power)))
    if unit in TIME_UNITS:
        return f"{_num(v)} {TIME_UNITS[unit]}{'' if v == 1 else 's'}"
    return _num(v)  # counts (家, 个, 人…): the noun comes from the sentence


def as_written(value: str | float, unit: str, qualifier: str = "=", quote: str = "", firmness: str = "") -> str:
    """The value and unit as the source writes them: with the qualifier's sign in English ("≥8 %", "→95 %",
    a target's promise word before it: "力争 ≥1 家"), in the quote's own words in Chinese ("8%以上", "力争1家以上")."""
    if lang() == "zh":
        return promised(worded(value, unit, qualifier, quote), firmness)
    # the unit as the source writes it beside the number (40个月: the data store 月)
    written = f"{QUALIFIER_SIGNS[qualifier]}{value} {ZH_UNITS.get(unit, unit)}"
    return f"{firmness} {written}" if firmness else written


def in_words(value: str | float, unit: str, qualifier: str = "=", quote: str = "") -> str:
    """A figure for prose: '>' 300 亿元 -> 'more than ¥30 billion'; in Chinese as its quote words it
    ('突破300亿元', '8%以上'; without a quote '超过300亿元')."""
    if lang() == "zh":
        return worded(value, unit, qualifier, quote)
    return QUALIFIER_WORDS[qualifier] + amount(value, unit)


def worded(value: str | float, unit: str, qualifier: str = "=", quote: str = "") -> str:
    """The figure in Chinese with the qualifier word its quote uses beside the number: 突破300亿元, 超400亿元,
    8%以上, 不少于5场, 至少1家, 约40万人次. A reader sees the source's promise, not the book's paraphrase."""
    written = amount_zh(value, unit)
    if qualifier == "=":
        return written
    text = to_simplified(quote)
    unit_zh = ZH_UNITS.get(unit, unit)
    for m in re.finditer(r"\d+(?:\.\d+)?", text):
        if Decimal(m.group()) != Decimal(str(value)):
            continue
        before, after = text[: m.start()], text[m.end() :]
        if not after.startswith(unit_zh[:1]):  # the same number of another unit (10亿元以上超10个); 超1.1万 of 万人
            continue
        after = after.removeprefix(unit_zh)
        word = next((w for w in WORDS_BEFORE.get(qualifier, ()) if before.endswith(w)), "")
        if qualifier == "->" and word:
            return f"向{written}迈进"
        if word:
            return word + written
        if word := next((w for w in WORDS_AFTER.get(qualifier, ()) if after.startswith(w)), ""):
            return written + word
        if qualifier == ">=" and "至少" in before:  # 至少引进…1人
            return "至少" + written
    return QUALIFIER_WORDS_ZH[qualifier].format(written)


def amount_zh(value: str | float, unit: str) -> str:
    """Value and unit as Chinese writes them: 320.88亿元, 40个月."""
    return f"{value}{ZH_UNITS.get(unit, unit)}"


def promised(text: str, firmness: str) -> str:
    """A target's figure with how its source commits to it: '力争1家以上' in Chinese, '≥1 (stretch)' in English
    (chapter 1 gives the words: 确保 firm, 力争 and 争取 stretch; a narrow table column keeps its width)."""
    if not firmness:
        return text
    if lang() == "zh":
        return f"{firmness}{text}"
    return f"{text} ({FIRMNESS_EN[firmness]})"


def target_text(r) -> str:
    """A figure of indicators.csv for a table or hover: compact in English ('≥8%', '≥1 (stretch)'),
    in the source's words in Chinese ('8%以上', '力争1家以上')."""
    firmness = getattr(r, "firmness", "") or ""
    return promised(compact(r.value_text, r.unit, r.qualifier, r.quote), firmness)


def compact(value: str | float, unit: str, qualifier: str = "=", quote: str = "") -> str:
    """A figure for a chart's title, label or text alternative: with the qualifier's sign in English
    ('>¥30 billion', '~400,000 visits'), in Chinese as its quote words it ('突破300亿元', '约40万人次';
    without a quote, as for a derived bound, the plain words: '282.4亿元以上', '超过28.8%')."""
    if lang() == "zh":
        return in_words(value, unit, qualifier, quote)
    return short(value, unit, qualifier)


def short(value: str | float, unit: str, qualifier: str = "=") -> str:
    """A compact figure for chart labels: '≥8%', '>¥28 billion' ('>280亿元' in Chinese)."""
    return QUALIFIER_SIGNS[qualifier] + amount(value, unit)


def date_text(iso: str) -> str:
    """A date of the data (2023-02-02, 2024-03, 2024) as the edition writes it: unchanged in English,
    2023年2月2日 / 2024年3月 / 2024年 in Chinese."""
    if lang() != "zh" or not iso:
        return iso
    parts = [int(p) for p in str(iso).split("-")]
    return "".join(f"{p}{unit}" for p, unit in zip(parts, "年月日", strict=False))
