"""One masking policy for everything public."""

import pytest

from backend.disclosure.masking import mask_address, mask_applicant, mask_id_number, mask_mobile, mask_name, mask_text


@pytest.mark.parametrize(("name", "masked"), [
    ("张伟", "张*"),
    ("张小明", "张*明"),
    ("王建国", "王*国"),
    ("买买提明", "买**明"),
    ("欧阳明", "欧阳*"),
    ("欧阳晓东", "欧阳*东"),
    ("司马慧敏", "司马*敏"),
    ("上官婉清", "上官*清"),
    ("诸葛明远", "诸葛*远"),
    ("欧阳娜娜娜", "欧阳**娜"),
    ("阿依古丽·买买提", "阿***·**提"),
    ("John Smith", "J*** S****"),
    ("李", "*"),
    ("", ""),
])
def test_person_names_are_masked(name, masked):
    assert mask_name(name) == masked


def test_a_two_character_name_starting_like_a_compound_surname_keeps_one_character():
    assert mask_name("欧阳") == "欧*"


def test_id_numbers_keep_the_first_six_and_last_four():
    assert mask_id_number("11010519491231002X") == "110105********002X"


def test_mobiles_keep_the_first_three_and_last_four():
    assert mask_mobile("13812341234") == "138****1234"


@pytest.mark.parametrize(("address", "cut"), [
    ("浙江省临河县石桥镇新华村3组12号", "浙江省临河县石桥镇"),
    ("临河县城关街道人民路88号", "临河县城关街道"),
    ("临河县东岭乡上坪村", "临河县东岭乡"),
    ("临河县人民路88号", "临河县"),
    ("", ""),
])
def test_addresses_are_cut_to_the_township(address, cut):
    assert mask_address(address) == cut


def test_free_text_loses_id_and_mobile_numbers_but_keeps_landlines():
    text = "申请人身份证11010519491231002X，手机13812341234，咨询电话0123-5210101"
    assert mask_text(text) == "申请人身份证110105********002X，手机138****1234，咨询电话0123-5210101"


def test_companies_keep_their_names():
    assert mask_applicant(applicant_type="company", name="临河县清泉食品有限公司") == "临河县清泉食品有限公司"
    assert mask_applicant(applicant_type="person", name="赵志刚") == "赵*刚"


@pytest.mark.parametrize(("name", "masked"), [
    ("张 三", "张*"),
    ("张　小明", "张*明"),  # a full-width space
    (" 欧阳 晓东 ", "欧阳*东"),
])
def test_spaces_inside_a_chinese_name_do_not_reveal_it(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize(("text", "masked"), [
    ("电话 +86 138 1234 1234", "电话 +86 138****1234"),
    ("电话+8613812341234", "电话+86138****1234"),
    ("电话8613812341234。", "电话86138****1234。"),
    ("电话 138-1234-1234", "电话 138****1234"),
    ("身份证 110105 19491231 002X", "身份证 110105********002X"),
    ("身份证110105-1949-1231-002x", "身份证110105********002x"),
])
def test_numbers_written_in_groups_or_with_the_country_code_are_masked(text, masked):
    assert mask_text(text) == masked


def test_long_digit_runs_that_are_not_mobiles_stay():
    assert mask_text("受理编号 2026113012345678") == "受理编号 2026113012345678"


@pytest.mark.parametrize("text", [
    "流水号 310000 2026 1129 0001号",
    "发票号码 330100 1234 5678 9012",
    "号码 138-0013-8000-12",
    "编码 1381234 5678 9",
])
def test_grouped_numbers_that_are_not_ids_or_mobiles_stay(text):
    assert mask_text(text) == text
