"""The small rules behind provenance: numbers in quotes, qualifier words, pinyin."""

from __future__ import annotations

import pytest

from jindong.dataset.glossary import pinyin_matches
from jindong.dataset.provenance import qualifiers_written, value_spans


@pytest.mark.parametrize(
    "quote,value,expected",
    [
        ("增長30%以上", "30", {">="}),
        ("地區生產總值突破300億元", "300", {">"}),
        ("新增減稅降負超20億元", "20", {">"}),
        ("接待游客约40万人次", "40", {"~"}),
        ("至少1家企業入圍", "1", {">="}),
        ("超額完成墾造耕地任務2350畝", "2350", set()),  # 超額 is not a qualifier of the number
        ("全年實現固定資產投資217.3億元", "217.3", set()),
    ],
)
def test_qualifier_words_next_to_the_number(quote, value, expected):
    (span,) = value_spans(quote, value)
    assert qualifiers_written(quote, span) == expected


def test_value_matches_whole_numbers_only():
    assert value_spans("增長18%", "8") == []
    assert value_spans("增長7.0%", "7") == [(2, 5)]
    assert value_spans("分別增長17%、24%", "24") == [(8, 10)]


@pytest.mark.parametrize(
    "zh,py,ok",
    [
        ("八八战略", "Bābā Zhànlüè", True),
        ("金华市", "Jīnhuá Shì", True),
        ("大干2026", "Dàgàn 2026", True),
        ("行长", "hángzhǎng", True),  # polyphones in either reading
        ("行长", "xíngcháng", True),
        ("八八战略", "Bābā Zhàn", False),
        ("金华市", "Jīnhuá", False),
    ],
)
def test_pinyin_reads_one_syllable_per_character(zh, py, ok):
    assert pinyin_matches(zh, py) is ok
