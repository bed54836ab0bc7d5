"""Numbers for English prose: a figure as the source gives it, with its qualifier in words.

Values stay as written (300 for 突破300億元); only the unit is rendered in English, by shifting the
decimal point (亿 = 10^8), so no rounding is introduced.
"""
from __future__ import annotations

from decimal import Decimal

QUALIFIER_WORDS = {"=": "", ">": "more than ", ">=": "at least ", "~": "about "}
QUALIFIER_SIGNS = {"=": "", ">": ">", ">=": "≥", "~": "~"}


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


def amount(value: str | float, unit: str) -> str:
    """The value and unit in English, without qualifier: 300 亿元 -> '¥30 billion'."""
    v = _scaled(value, 0)
    if unit == "亿元":
        return f"¥{_num(_scaled(value, -1))} billion" if v >= 10 else f"¥{_num(_scaled(value, 2))} million"
    if unit == "亿美元":
        return f"US${_num(_scaled(value, 2))} million"
    if unit == "万元":
        return f"¥{_num(_scaled(value, -2))} million" if v >= 100 else f"¥{_num(_scaled(value, 4))}"
    if unit == "元":
        return f"¥{_num(v)}"
    if unit == "%":
        return f"{_num(v)}%"
    if unit == "个百分点":
        return f"{_num(v)} percentage points"
    if unit == "万千瓦":
        return f"{_num(_scaled(value, 1))} MW"
    if unit == "万吨标准煤":
        return f"{_num(_scaled(value, 4))} tonnes of standard coal"
    if unit in ("万人", "万人次", "万亩", "万平方米"):
        rest = {"万人": "", "万人次": " visits", "万亩": " mu", "万平方米": " m²"}[unit]
        return f"{_num(_scaled(value, 4))}{rest}"
    if unit == "亩":
        return f"{_num(v)} mu"
    if unit == "平方公里":
        return f"{_num(v)} km²"
    if unit == "公里":
        return f"{_num(v)} km"
    if unit in ("年", "月", "天"):
        word = {"年": "year", "月": "month", "天": "day"}[unit]
        return f"{_num(v)} {word}{'' if v == 1 else 's'}"
    return _num(v)  # counts (家, 个, 人…): the noun comes from the sentence


def figure(value: str | float, unit: str, qualifier: str = "=") -> str:
    """A figure for prose: '>' 300 亿元 -> 'more than ¥30 billion'."""
    return QUALIFIER_WORDS[qualifier] + amount(value, unit)


def short(value: str | float, unit: str, qualifier: str = "=") -> str:
    """A compact figure for chart labels: '≥8%', '>¥28 billion'."""
    return QUALIFIER_SIGNS[qualifier] + amount(value, unit)
