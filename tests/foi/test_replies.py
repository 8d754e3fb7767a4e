"""Replies of arts. 36–37 from the shipped model replies, as PDF letters with the organ's details;
signed off by the office head, delivered and recorded."""

import subprocess

import pytest

from backend.common.errors import DomainError
from backend.foi import replies, rules
from backend.foi.models import InfoRequest, ReplyTemplate
from tests import factories
from workflows import foi as flow

from .conftest import at, file_in_person

DATA = {
    "already_public": ({"location": "临河县人民政府门户网站“政府信息公开”栏目"}, "", "第三十六条第一项"),
    "granted": ({"provided": "2025年度行政处罚案件统计表"}, "", "第三十六条第二项"),
    "partly_granted": ({"provided": "统计表（汇总部分）", "redacted": "表中当事人的身份证号码",
                        "reason": "涉及个人隐私"}, "third_party", "第三十七条"),
    "refused": ({"reason": "系内部讨论记录"}, "process_info", "第三十六条第三项"),
    "not_held": ({}, "not_held", "第三十六条第四项"),
    "not_this_organ": ({"responsible_organ": "临河县统计局", "responsible_contact": "0000-7654321"}, "",
                       "第三十六条第五项"),
    "repeat": ({"previous_reply": "2026年1月5日答复（申请编号 X）"}, "", "第三十六条第六项"),
    "other_channel": ({"channel_name": "信访渠道"}, "petition", "第三十六条第七项"),
}


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "reply.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout.replace(" ", "").replace("\n", "")


def test_a_model_reply_is_shipped_for_every_type(db):
    assert set(ReplyTemplate.objects.values_list("reply_type", flat=True)) == set(InfoRequest.ReplyType.values)
    for template in ReplyTemplate.objects.all():
        assert rules.unknown_placeholders(template.body) == []


@pytest.mark.parametrize("reply_type", list(DATA))
def test_each_reply_type_renders_from_its_template_into_a_pdf(organ, office, reply_type, tmp_path):
    data, ground, article = DATA[reply_type]
    request = file_in_person(organ, office, at(2026, 3, 2, 9))
    replies.reply_draft(request=request, reply_type=reply_type, reply_ground=ground, reply_data=data,
                        actor=office["officer"], now=at(2026, 3, 10, 9))
    request.refresh_from_db()
    text = pdf_text(replies.reply_pdf_bytes(request, today=at(2026, 3, 10).date(), draft=True), tmp_path)
    assert "临河县生态环境局" in text and article in text and "张小明" in text
    assert "2026年3月2日" in text and request.case.number in text
    assert "临河县人民路1号" in text and "0000-1234567" in text and "临河县人民政府申请行政复议" in text
    for value in data.values():
        assert value.replace(" ", "") in text
    assert request.reply_ground == (ground or rules.default_ground(reply_type))


def test_missing_particulars_and_grounds_are_field_errors(organ, office):
    request = file_in_person(organ, office, at(2026, 3, 2, 9))
    with pytest.raises(DomainError) as exc:
        replies.reply_draft(request=request, reply_type="refused", reply_ground="", reply_data={"bogus": "x"},
                            actor=office["officer"], now=at(2026, 3, 10, 9))
    assert {e.field for e in exc.value.errors} == {"reply_data.bogus", "reply_data.reason", "reply_ground"}
    with pytest.raises(DomainError) as wrong:
        replies.reply_draft(request=request, reply_type="withdrawn", actor=office["officer"], now=at(2026, 3, 10))
    assert wrong.value.errors[0].field == "reply_type"


def test_partly_granted_reply_signed_by_the_office_head_delivered_and_completed(organ, office, tmp_path):
    request = file_in_person(organ, office, at(2026, 3, 2, 9))
    replies.reply_file_add(request=request, uploaded_file=_pdf("统计表.pdf"), actor=office["officer"],
                           now=at(2026, 3, 9, 9))
    data, ground, _article = DATA["partly_granted"]
    replies.reply_draft(request=request, reply_type="partly_granted", reply_ground=ground, reply_data=data,
                        actor=office["officer"], now=at(2026, 3, 10, 9))
    flow.foi_submit(request=request, actor=office["officer"], now=at(2026, 3, 10, 10))
    with pytest.raises(DomainError) as not_head:
        flow.foi_sign(request=request, actor=office["other"], now=at(2026, 3, 11, 9))
    assert not_head.value.status == 403
    flow.foi_sign(request=request, actor=office["head"], now=at(2026, 3, 11, 9))
    request.refresh_from_db()
    assert request.signed_by == office["head"] and request.case.decision == "approved" and request.reply_pdf_sha256
    text = pdf_text(request.reply_pdf.read(), tmp_path)
    assert "部分公开" in text and "附件：统计表.pdf" in text and "（草稿" not in text and "2026年3月11日" in text
    flow.foi_deliver(request=request, step_input={"delivery_method": "electronic", "delivered_on": "2026-03-11",
                                                  "recipient": "张小明", "confirmation": "已发送至 zhang@example.com"},
                     actor=office["clerk"], now=at(2026, 3, 11, 15))
    request.refresh_from_db()
    assert request.case.status == "completed" and request.closed_at is not None
    from backend.certificates.models import DeliveryRecord

    assert DeliveryRecord.objects.get(case=request.case).method == "electronic"


def test_no_sign_off_without_a_drafted_reply(organ, office):
    request = file_in_person(organ, office, at(2026, 3, 2, 9))
    with pytest.raises(DomainError):
        flow.foi_submit(request=request, actor=office["officer"], now=at(2026, 3, 10, 10))


def _pdf(name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, factories.PDF, content_type="application/pdf")


def test_an_edited_model_reply_drafts_the_next_reply_and_unknown_placeholders_are_refused(organ, office):
    template = ReplyTemplate.objects.get(reply_type="granted")
    with pytest.raises(DomainError) as exc:
        replies.template_update(template=template, title=template.title, body="{applicant}：{nonsense}",
                                actor=office["head"], now=at(2026, 3, 1))
    assert exc.value.errors[0].code == "unknown_placeholder"
    replies.template_update(template=template, title="答复书",
                            body="{applicant}：\n经研究，现提供{provided}。\n{files}", actor=office["head"],
                            now=at(2026, 3, 1))
    request = file_in_person(organ, office, at(2026, 3, 2, 9))
    replies.reply_draft(request=request, reply_type="granted", reply_data={"provided": "统计表"},
                        actor=office["officer"], now=at(2026, 3, 10, 9))
    request.refresh_from_db()
    assert request.reply_text == "张小明：\n经研究，现提供统计表。"  # the empty {files} line is dropped
    replies.reply_draft(request=request, reply_type="granted", reply_data={"provided": "统计表"},
                        text="张小明：\n经研究，现提供统计表（加盖公章）。", actor=office["officer"],
                        now=at(2026, 3, 10, 10))
    request.refresh_from_db()
    assert "加盖公章" in request.reply_text


def test_the_office_head_sends_a_draft_back_and_it_is_redrafted(organ, office):
    request = file_in_person(organ, office, at(2026, 3, 2, 9))
    replies.reply_draft(request=request, reply_type="granted", reply_data={"provided": "统计表"},
                        actor=office["officer"], now=at(2026, 3, 10, 9))
    flow.foi_submit(request=request, actor=office["officer"], now=at(2026, 3, 10, 10))
    with pytest.raises(DomainError):
        flow.foi_send_back(request=request, actor=office["head"], now=at(2026, 3, 11, 9), opinion="")
    flow.foi_send_back(request=request, actor=office["head"], now=at(2026, 3, 11, 9), opinion="应部分公开")
    data, ground, _article = DATA["partly_granted"]
    replies.reply_draft(request=request, reply_type="partly_granted", reply_ground=ground, reply_data=data,
                        actor=office["officer"], now=at(2026, 3, 11, 10))
    flow.foi_submit(request=request, actor=office["officer"], now=at(2026, 3, 11, 11))
    flow.foi_sign(request=request, actor=office["head"], now=at(2026, 3, 11, 15))
    request.refresh_from_db()
    assert request.reply_type == "partly_granted" and request.signed_at is not None
