"""Certificate number patterns: what an administrator may write, and the numbers they give."""

import pytest

from backend.certificates import numbering


@pytest.mark.parametrize(("pattern", "seq", "number"), [
    ("浙临建规字〔{year}〕第{seq:05d}号", 7, "浙临建规字〔2026〕第00007号"),
    ("{year}-{seq:05d}", 12345, "2026-12345"),
    ("{year}-{seq:3}", 123456, "2026-123456"),  # wider than the padding: written in full
    ("{dept}{year}{seq}", 3, "market20263"),
    (numbering.DEFAULT_PATTERN, 1, "ITEM0001-2026-00001"),
    ("{{临}}{seq:04d}", 9, "{临}0009"),
])
def test_a_pattern_gives_its_number(pattern, seq, number):
    assert numbering.pattern_errors(pattern) == []
    assert numbering.render(pattern, year=2026, seq=seq, item="ITEM0001", dept="market") == number


@pytest.mark.parametrize(("pattern", "fragment"), [
    ("", "请填写"),
    ("临建字{year}", "必须包含顺序号"),
    ("{seq}-{seq}", "{seq} 只能出现一次"),
    ("{item}{item}{seq}", "{item} 只能出现一次"),
    ("{year}-{serial}", "未知的占位符 {serial}"),
    ("{year:04d}-{seq}", "只有 {seq} 可以指定位数"),
    ("{seq:x}", "只有 {seq} 可以指定位数"),
    ("{seq!r}", "转换"),
    ("第{seq号", "花括号不成对"),
    ("{seq}" + "字" * 100, "不能超过"),
])
def test_a_pattern_that_cannot_number_is_refused_in_words(pattern, fragment):
    errors = numbering.pattern_errors(pattern)
    assert any(fragment in e for e in errors), errors


def test_a_pattern_without_the_year_keeps_one_sequence_for_all_years():
    assert numbering.counter_year("{year}-{seq}", 2026) == 2026
    assert numbering.counter_year("临字第{seq:06d}号", 2026) == numbering.counter_year("临字第{seq:06d}号", 2027) == 0


def test_a_series_is_the_pattern_with_the_item_and_department_filled_in():
    assert numbering.series("{dept}〔{year}〕{item}-{seq:05d}", item="ITEM1", dept="market") == \
        "market〔{year}〕ITEM1-{seq:05d}"
    assert numbering.series("{{临}}{seq}", item="X", dept="Y") == "{{临}}{seq}"  # still a pattern
    assert numbering.render(numbering.series("{{临}}{seq}", item="X", dept="Y"), year=2026, seq=1, item="X",
                            dept="Y") == "{临}1"
