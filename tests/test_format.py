"""Numbers in prose keep the precision the source wrote; only the unit is rendered in English."""

from decimal import Decimal

import pytest

from jindong.content.format import amount, in_words, round_derived, short


@pytest.mark.parametrize(
    "value,unit,expected",
    [
        ("300", "亿元", "¥30 billion"),
        ("217.3", "亿元", "¥21.73 billion"),
        ("139.50", "亿元", "¥13.950 billion"),  # written decimals are kept
        ("7.0", "%", "7.0%"),
        ("8730", "万元", "¥87.3 million"),
        ("1.1", "万人", "11,000"),
        ("20.4", "万千瓦", "204 MW"),
        ("5", "亿元", "¥500 million"),
        ("1.2", "亿美元", "US$120 million"),
        ("0.57", "个百分点", "0.57 percentage points"),
        ("10474", "人", "10,474"),
    ],
)
def test_amount(value, unit, expected):
    assert amount(value, unit) == expected


def test_qualifiers_in_words_and_signs():
    assert in_words("300", "亿元", ">") == "more than ¥30 billion"
    assert in_words("8", "%", ">=") == "at least 8%"
    assert short("40", "万人次", "~") == "~400,000 visits"


@pytest.mark.parametrize(
    "x,qualifier,expected",
    [
        ("28.854", ">", "28.8"),  # a lower bound rounds down: "more than 28.9%" would overstate it
        ("282.49", ">=", "282.4"),
        ("6.951", "<", "7.0"),  # an upper bound rounds up
        ("28.854", "=", "28.9"),  # an exact or approximate figure rounds half up
        ("28.85", "~", "28.9"),
    ],
)
def test_a_derived_bound_is_never_rounded_past_itself(x, qualifier, expected):
    assert round_derived(Decimal(x), 1, qualifier) == expected
