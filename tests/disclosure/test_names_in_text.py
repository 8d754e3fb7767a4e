"""Personal data inside any published text (a company's name, a title, a reason) is masked: ID
numbers, mobiles, and names recognisable by a cue word (经办人张三) or a title (王小明女士)."""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from backend.disclosure.masking import mask_applicant, mask_name, mask_payload, mask_text
from backend.disclosure.names import CUE_WORDS, TITLES, find_names
from tests.disclosure.conftest import DEMO_PEOPLE

# The company applicant of the issue: a contact's name, mobile and ID number inside the legal name.
PROBE = "临河县清泉经办人张三13812345678身份证110101199003071233商行"
PROBE_MASKED = "临河县清泉经办人张*138****5678身份证110101********1233商行"


def test_the_probe_company_name_keeps_its_legal_part_and_loses_the_personal_data():
    assert mask_applicant(applicant_type="company", name=PROBE) == PROBE_MASKED
    assert mask_text(PROBE) == PROBE_MASKED


@pytest.mark.parametrize("company", [
    "临河县清泉食品有限公司",
    "临河县石桥砂石有限公司",
    "张家港市华通物流有限公司",
    "黄山旅游发展股份有限公司",
    "王府井百货（集团）股份有限公司",
    "临河县秀英面馆",
    "李宁体育用品有限公司",  # a person's name with no cue word is not recognised (docs §2.1)
])
def test_ordinary_company_names_are_unchanged(company):
    assert mask_applicant(applicant_type="company", name=company) == company
    assert find_names(company) == []


def test_a_title_with_a_mobile_an_id_number_and_a_contact_is_masked():
    title = "关于联系人王小明（13812341234，身份证11010519491231002X）的更正说明"
    assert mask_text(title) == "关于联系人王*明（138****1234，身份证110105********002X）的更正说明"


def test_a_reason_is_masked_like_a_title():
    reason = "经核实，联系人王小明电话13812341234有误，身份证号码110105 19491231 002X已更正。"
    assert mask_text(reason) == "经核实，联系人王*明电话138****1234有误，身份证号码110105********002X已更正。"


@pytest.mark.parametrize(("text", "masked"), [
    ("经办人张三", "经办人张*"),
    ("联系人：王小明", "联系人：王*明"),
    ("法定代表人 欧阳晓东，", "法定代表人 欧阳*东，"),
    ("法人代表司马慧敏。", "法人代表司马*敏。"),
    ("负责人李娜电话0123-5210101", "负责人李*电话0123-5210101"),
    ("委托代理人诸葛明远身份证", "委托代理人诸葛*远身份证"),
    ("户主马云等三人", "户主马*等三人"),
    ("业主：上官婉清", "业主：上官*清"),
    ("申请人姓名：赵志刚", "申请人姓名：赵*刚"),
    ("经办人阿依古丽·买买提。", "经办人阿***·**提。"),
    ("感谢王小明女士", "感谢王*明女士"),
    ("致欧阳晓东先生：", "致欧阳*东先生："),
    ("，向张三先生致谢", "，向张*先生致谢"),  # 向 is a lead-in here, not the surname
    ("刘德华同志", "刘*华同志"),
])
def test_names_after_a_cue_word_or_before_a_title_are_masked(text, masked):
    assert mask_text(text) == masked


@pytest.mark.parametrize(("text", "masked"), [
    ("经办人张三、李四", "经办人张*、李*"),
    ("联系人王小明，欧阳晓东及赵志刚。", "联系人王*明，欧阳*东及赵*刚。"),
    ("委托人张三和李四签字", "委托人张*和李*签字"),
    ("经办人张三和平安保险", "经办人张*和平安保险"),  # 平安 is no person: the list ends there
    ("經辦人張三電話13812345678", "經辦人張*電話138****5678"),  # traditional characters
    ("聯繫人：歐陽曉東", "聯繫人：歐陽*東"),
    ("法定代表人陳秀燕、劉德華", "法定代表人陳*燕、劉*華"),
    ("身份证110105900307123。", "身份证110105*****7123。"),  # a 15-digit ID (issued until 2004)
    ("旧证号 110105 900307 123", "旧证号 110105 900307 123"),  # grouped 15 digits: not an ID form in use
    ("注册号110105012345678", "注册号110105012345678"),  # a business registration number: no date inside
])
def test_listed_names_traditional_characters_and_old_ids_are_masked(text, masked):
    assert mask_text(text) == masked
    assert mask_text(masked) == masked


@pytest.mark.parametrize("name", [p["name"] for p in DEMO_PEOPLE] + ["张小明", "赵志刚", "陈秀燕"])
def test_every_cue_word_and_title_is_recognised_with_demo_names(name):
    for cue in CUE_WORDS:
        for end in ("，", "。", "13812341234", "电话", ""):
            assert mask_text(f"{cue}{name}{end}") == mask_text(f"{cue}{mask_name(name)}{end}"), (cue, end)
    for title in TITLES:
        assert mask_text(f"，{name}{title}") == f"，{mask_name(name)}{title}"


@pytest.mark.parametrize("text", [
    "申请人应当具备下列条件：",
    "需延长的，经本行政机关负责人批准，可以延长十日，并应当将延长期限的理由告知申请人。",
    "法定代表人或者负责人身份证明",
    "医疗机构法定代表人、主要负责人及卫生技术人员资格证书",
    "申请人：临河县清泉食品有限公司；决定：准予许可",
    "申请人：张家港市华通物流有限公司",
    "申请人许可证：见附件",
    "法定代表人任职文件",
    "公民、法人和其他组织名称",
    "业主委员会、物业服务企业",
    "户主变更登记",
    "申请人于规定期限内提交材料",
    "申请人向窗口提交",
    "李先生、张女士",  # a surname alone is not personal data
    "联系人李，电话见上",  # a one-character name after a cue word is not recognised (docs §2.1)
])
def test_administrative_prose_after_cue_words_is_left_alone(text):
    assert find_names(text) == []
    assert mask_text(text) == text


@pytest.mark.parametrize("text", [PROBE, PROBE_MASKED, "联系人欧阳晓东", "联系人欧阳*东", "联系人欧阳明电话",
                                  "经办人张三电话13812341234", "王小明女士", "经办人阿依古丽·买买提"])
def test_masking_masked_text_changes_nothing(text):
    once = mask_text(text)
    assert mask_text(once) == once


_PIECES = st.sampled_from([
    *CUE_WORDS, "先生", "女士", "同志", "张", "三", "欧阳", "晓东", "司马", "王小明", "李", "娜", "阳", "*", "·",
    "买买提", "13812341234", "11010519491231002X", "138 1234 1234", "+86", "，", "：", " ", "有限公司", "电话",
    "身份证", "等", "１３８", "\u200b", "临河县", "于", "向",
])


@given(st.lists(_PIECES, max_size=14).map("".join))
@example("张司马先生先生")  # a title read as a given name on the second pass
def test_masking_is_idempotent_on_any_mix_of_names_numbers_and_cue_words(text):
    once = mask_text(text)
    assert mask_text(once) == once
    assert find_names(once) == []  # what masking leaves, the scan's name check passes


def test_every_string_of_a_payload_is_masked_but_identifiers_stay():
    payload = {
        "case_number": "TB20261127000001", "credit_code": "91350100M000100Y43", "applicant": PROBE,
        "item": {"code": "ITEM0001", "name": "食品经营许可（联系人王小明）",
                 "department": {"code": "market", "name": "市场监督管理局"}},
        "materials": [{"name": "法定代表人张三身份证", "copies": 1, "required": True}],
        "used_working_days": None,
    }
    masked = mask_payload(payload)
    assert masked["applicant"] == PROBE_MASKED
    assert masked["item"]["name"] == "食品经营许可（联系人王*明）"
    assert masked["materials"] == [{"name": "法定代表人张*身份证", "copies": 1, "required": True}]
    assert {k: masked[k] for k in ("case_number", "credit_code", "used_working_days")} == {
        "case_number": "TB20261127000001", "credit_code": "91350100M000100Y43", "used_working_days": None}
    assert masked["item"]["code"] == "ITEM0001" and mask_payload(masked) == masked


def test_a_short_word_after_a_cue_word_is_a_known_false_positive():
    # What a false positive looks like (docs §2.1): a company or place written after a cue word
    # that happens to be a surname and one or two characters, ending at punctuation.
    assert [str(m) for m in find_names("申请人：李宁（中国）体育用品有限公司")] == ["申请人：李宁"]
