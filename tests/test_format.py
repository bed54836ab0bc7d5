"""Numbers in prose keep the precision the source wrote; only the unit is rendered in English."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from jindong.content.edition import language
from jindong.content.format import amount, as_written, compact, in_words, round_derived, short, target_text


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


# In Chinese a figure reads as its source words it: the qualifier word the quote puts beside the number,
# and for a target the source's promise (确保 / 力争 / 争取) before it; never the book's paraphrase (不低于8%).
@pytest.mark.parametrize(
    "value,unit,qualifier,quote,expected",
    [
        ("8", "%", ">=", "地區生產總值增長8%以上", "8%以上"),
        ("300", "亿元", ">", "地區生產總值突破300億元", "突破300亿元"),
        ("400", "亿元", ">", "專項債項目47個,總投資超400億元", "超400亿元"),
        ("10", "个", ">", "10億元以上超10個", "超10个"),  # the 10 of 10億元 is another number
        ("1.1", "万人", ">", "新增城鎮就業人口超1.1萬", "超1.1万人"),
        ("5", "场", ">=", "組團參加境外展會不少于5場", "不少于5场"),
        ("1", "家", ">=", "至少1家企業入圍省級兩業融合試點", "至少1家"),
        ("40", "万人次", "~", "接待游客约40万人次", "约40万人次"),
        ("95", "%", "->", "村级医疗机构规范化率向95%迈进", "向95%迈进"),
        ("40", "月", "=", "固定资产投资连续40个月保持两位数增长", "40个月"),
        ("28.8", "%", ">=", "", "28.8%以上"),  # a derived bound has no quote: the plain words
    ],
)
def test_chinese_figures_are_worded_as_the_source_words_them(value, unit, qualifier, quote, expected):
    with language("zh"):
        assert in_words(value, unit, qualifier, quote) == expected


def test_a_target_shows_how_its_source_commits_to_it():
    r = SimpleNamespace(
        value_text="1", unit="家", qualifier=">=", quote="招引世界500強企業、海外企業各1家以上", firmness="力争"
    )
    with language("zh"):
        assert target_text(r) == "力争1家以上"
    with language("en"):
        assert target_text(r) == "≥1 (stretch)"
        assert as_written(r.value_text, r.unit, r.qualifier, r.quote, r.firmness) == "力争 ≥1 家"
        assert target_text(SimpleNamespace(**{**vars(r), "firmness": ""})) == "≥1"


def test_a_compact_figure_keeps_its_sign_in_english_and_reads_as_its_quote_in_chinese():
    assert compact("300", "亿元", ">", "地區生產總值突破300億元") == short("300", "亿元", ">") == ">¥30 billion"
    assert compact("40", "万人次", "~", "接待游客约40万人次") == "~400,000 visits"
    with language("zh"):
        assert compact("300", "亿元", ">", "地區生產總值突破300億元") == "突破300亿元"
        assert compact("40", "万人次", "~", "接待游客约40万人次") == "约40万人次"
        assert compact("282.4", "亿元", ">=") == "282.4亿元以上"  # a derived bound: no quote, the plain words
        assert compact("28.8", "%", ">") == "超过28.8%"


def test_as_written_writes_the_unit_as_the_source_does_in_english_too():
    assert as_written("40", "月") == "40 个月"  # 固定资产投资连续40个月: not "40 月"
    assert as_written("300", "亿元", ">") == ">300 亿元"
    with language("zh"):
        assert as_written("40", "月") == "40个月"
