"""Names and numbers typed with invisible or full-width characters are stored as the plain name and
digits, so masking and the leak scan see what they are meant to."""

import pytest

from backend.cases.applicants import applicant_clean
from backend.common.errors import DomainError
from backend.common.text import text_field
from backend.disclosure import masking


def person(**fields):
    return {"type": "person", "name": "张三", "id_number": "11010519491231002X", "mobile": "13800138000", **fields}


def test_an_invisible_character_in_a_name_is_dropped_before_storing_and_masking():
    assert applicant_clean(person(name="张\u200b三"))["applicant_name"] == "张三"
    assert masking.mask_name("张\u200b三") == "张*"
    assert masking.mask_name("\u200b张三") == "张*"


def test_a_name_made_only_of_invisible_characters_is_missing():
    with pytest.raises(DomainError) as error:
        applicant_clean(person(name="\u200b\u200b"))
    assert [(e.field, e.code) for e in error.value.errors] == [("applicant.name", "required")]


def test_full_width_digits_are_stored_as_ordinary_digits():
    cleaned = applicant_clean(person(mobile="13８００１３８０００", id_number="１１０１０５１９４９１２３１００２Ｘ"))
    assert cleaned["mobile"] == "13800138000"
    assert cleaned["id_number"] == "11010519491231002X"


def test_digits_of_another_script_are_not_a_mobile_number():
    with pytest.raises(DomainError) as error:
        applicant_clean(person(mobile="13٨٠٠١٣٨٠٠٠"))
    assert error.value.errors[0].field == "applicant.mobile"


def test_a_name_that_is_not_text_is_refused_not_stringified():
    with pytest.raises(DomainError) as error:
        applicant_clean(person(name=["张三"]))
    assert [(e.field, e.code) for e in error.value.errors] == [("applicant.name", "invalid")]


def test_full_width_numbers_in_free_text_are_masked():
    assert "13800138000" not in masking.mask_text("请联系 １３８００１３８０００")
    assert "８００１" not in masking.mask_text("请联系 １３８００１３８０００")


def test_free_text_keeps_its_chinese_punctuation_and_loses_invisible_characters():
    assert text_field("同意，材料齐全。\u200b", field="opinion", max_length=100) == "同意，材料齐全。"
    assert text_field("\u200b", field="opinion", max_length=100) == ""
    with pytest.raises(DomainError):
        text_field(["a"], field="opinion", max_length=100)
    with pytest.raises(DomainError):
        text_field("长" * 101, field="opinion", max_length=100)
