"""Printed notices: the right notice for each case state, readable text, a QR to the tracking page."""

import io
import re
from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.urls import reverse
from pypdf import PdfReader

from backend.cases import notices, services
from backend.cases.models import Case
from tests import factories
from workflows.services import case_file_and_start

PDF = factories.PDF
NOW = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)  # 2026-03-02 09:30 in Asia/Shanghai


@pytest.fixture
def item(dept):
    it = factories.item(dept, promised=10, statutory=20)
    it.guides.update(enquiry_phone="0571-8888 1234", complaint_phone="12345", hours="工作日 9:00-17:00")
    return it


@pytest.fixture
def case(staff, item):
    return case_file_and_start(item_code=item.code, channel="online", applicant=factories.PERSON,
                               actor=staff["applicant"], now=NOW)


def pdf_text(data: bytes) -> str:
    """All text of the PDF with whitespace removed, so wrapped lines still match."""
    reader = PdfReader(io.BytesIO(data))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def render(case) -> str:
    return pdf_text(notices.render_notice(case, now=NOW))


def test_filed_case_gets_a_receipt_with_number_query_code_and_materials(staff, case):
    requirement = case.guide.materials.first()
    services.case_material_add(case=case, uploaded_file=SimpleUploadedFile("申请书扫描件.pdf", PDF),
                               requirement_id=requirement.pk, actor=staff["applicant"], now=NOW)
    assert notices.notice_kind(case) == "receipt"
    text = render(case)
    assert "申请回执" in text
    assert case.number in text and case.query_code in text
    assert case.item.name in text and "张小明" in text
    assert "申请书（申请书扫描件.pdf）" in text
    assert "不表示已经受理" in text


def test_accepted_case_gets_acceptance_notice_with_both_limits(staff, case):
    services.case_accept(case=case, actor=staff["clerk"], now=NOW)
    assert notices.notice_kind(case) == "acceptance"
    text = render(case)
    assert "受理通知书" in text and "不予受理通知书" not in text
    assert case.number in text and case.query_code in text
    assert "受理日期2026年3月2日" in text
    assert "法定时限20个工作日" in text
    assert "承诺时限10个工作日" in text
    assert "市场监督管理局" in text and "县政务服务中心" in text
    assert "0571-88881234" in text and "12345" in text


def test_acceptance_notice_prints_the_promised_date_when_the_calendar_knows_it(staff, case, monkeypatch):
    services.case_accept(case=case, actor=staff["clerk"], now=NOW)
    monkeypatch.setattr(notices, "_promised_completion", lambda case, accepted_on: accepted_on.replace(day=16))
    assert "承诺时限10个工作日（最迟于2026年3月16日办结）" in render(case)


def test_acceptance_notice_falls_back_to_working_days_when_the_calendar_fails(staff, case):
    # Accepted where the calendar does not reach (after 2099): no date can be promised, only the limit.
    uncovered = NOW.replace(year=2100)
    services.case_accept(case=case, actor=staff["clerk"], now=uncovered)
    text = render(case)
    assert "承诺时限10个工作日实施部门" in text  # nothing between the limit and the next row


def test_acceptance_notice_repeats_the_promised_date_told_at_acceptance(staff, case):
    from backend.supervision.models import Clock

    services.case_accept(case=case, actor=staff["clerk"], now=NOW)
    told = Clock.objects.get(case=case, kind="promised").promised_deadline
    assert f"最迟于{told.year}年{told.month}月{told.day}日办结" in render(case)
    # A later re-projection moves the derived deadline but never the printed promise.
    Clock.objects.filter(case=case, kind="promised").update(projected_deadline=told.replace(year=told.year + 1))
    assert f"最迟于{told.year}年{told.month}月{told.day}日办结" in render(case)


def test_an_approved_case_gets_the_written_decision(staff, case):
    services.case_accept(case=case, actor=staff["clerk"], now=NOW)
    services.case_decide(case=case, approve=True, actor=staff["approver"], now=NOW, opinion="同意")
    services.case_complete(case=case, actor=staff["clerk"], now=NOW)
    assert case.status == Case.Status.COMPLETED
    assert notices.notice_kind(case) == "decision"
    assert notices.notice_title(case) == "准予行政许可决定书"
    text = render(case)
    assert "准予行政许可决定书" in text and "第三十八条第一款" in text and "本机关决定准予行政许可" in text
    assert case.number in text and "受理通知书" not in text


def test_a_denied_case_gets_the_reasons_and_appeal_rights_in_writing(staff, case):
    services.case_accept(case=case, actor=staff["clerk"], now=NOW)
    services.case_decide(case=case, approve=False, actor=staff["approver"], now=NOW,
                         opinion="经现场核查，经营场所不符合卫生规范要求。")
    assert notices.notice_title(case) == "不予行政许可决定书"
    text = render(case)
    assert "不予行政许可决定书" in text and "第三十八条第二款" in text
    assert "经现场核查，经营场所不符合卫生规范要求。" in text
    assert "如不服本决定，可以自收到本通知书之日起六十日内依法申请行政复议，" \
           "或者在六个月内依法向人民法院提起行政诉讼。" in text


def test_refused_case_gets_reasons_and_appeal_rights(staff, case):
    services.case_refuse(case=case, actor=staff["clerk"], now=NOW,
                         opinion="申请事项依法不需要取得行政许可。\n请向乡镇人民政府咨询。")
    assert notices.notice_kind(case) == "refusal"
    text = render(case)
    assert "不予受理通知书" in text
    assert case.number in text and case.query_code in text
    assert "申请事项依法不需要取得行政许可。" in text and "请向乡镇人民政府咨询。" in text
    assert "如不服本决定，可以自收到本通知书之日起六十日内依法申请行政复议，" \
           "或者在六个月内依法向人民法院提起行政诉讼。" in text


def test_supplement_notice_lists_every_missing_material_once(staff, case):
    missing = ["营业执照副本复印件", "法定代表人身份证明", "经营场所平面图（须标注面积）"]
    services.case_request_supplement(case=case, actor=staff["clerk"], now=NOW, missing_materials=missing,
                                     opinion="复印件须加盖公章")
    assert notices.notice_kind(case) == "supplement"
    text = render(case)
    assert "补正告知书" in text
    assert case.number in text and case.query_code in text
    for n, name in enumerate(missing, 1):
        assert f"{n}.{name}" in text
    assert "一次性告知" in text and "第三十二条第一款第（四）项" in text
    assert "提交至县政务服务中心" in text
    assert "复印件须加盖公章" in text


@pytest.mark.parametrize("advance", ["none", "accept", "refuse", "supplement"])
def test_every_notice_has_department_date_and_a_qr_to_the_tracking_page(staff, case, settings, advance):
    settings.SITE_URL = "https://zwfw.example.gov.cn/"
    if advance == "accept":
        services.case_accept(case=case, actor=staff["clerk"], now=NOW)
    elif advance == "refuse":
        services.case_refuse(case=case, actor=staff["clerk"], now=NOW, opinion="不属于本机关职权范围")
    elif advance == "supplement":
        services.case_request_supplement(case=case, actor=staff["clerk"], now=NOW, missing_materials=["申请书"])
    data = notices.render_notice(case, now=NOW)
    text = pdf_text(data)
    url = f"https://zwfw.example.gov.cn/track/?number={case.number}&query_code={case.query_code}"
    assert notices.tracking_url(case) == url
    assert url in text
    assert "市场监督管理局" in text and "2026年3月2日" in text
    first_page = PdfReader(io.BytesIO(data)).pages[0]
    assert first_page.mediabox.width == pytest.approx(595.28, abs=0.5)  # A4
    assert len(first_page.images) == 1


def test_date_is_the_shanghai_date(staff, case):
    late_utc = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)  # already 3 March in Shanghai
    services.case_accept(case=case, actor=staff["clerk"], now=late_utc)
    assert "2026年3月3日" in pdf_text(notices.render_notice(case, now=late_utc))


def signed_on(data: bytes) -> str:
    """The date under the signature: the last date on the notice's last page."""
    return re.findall(r"\d{4}年\d{1,2}月\d{1,2}日", pdf_text(data))[-1]


@pytest.mark.parametrize("advance", ["none", "accept", "refuse", "supplement", "decide"])
def test_a_reprint_bears_the_date_of_the_act_not_of_the_printing(staff, case, advance):
    acted = datetime(2026, 3, 4, 2, 0, tzinfo=UTC)  # 4 March in Shanghai; filed on 2 March
    if advance in ("accept", "decide"):
        services.case_accept(case=case, actor=staff["clerk"], now=acted)
    if advance == "decide":
        acted = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
        services.case_decide(case=case, approve=False, actor=staff["approver"], now=acted, opinion="不符合条件")
    elif advance == "refuse":
        services.case_refuse(case=case, actor=staff["clerk"], now=acted, opinion="不属于本机关职权范围")
    elif advance == "supplement":
        services.case_request_supplement(case=case, actor=staff["clerk"], now=acted, missing_materials=["申请书"])
    expected = "2026年3月2日" if advance == "none" else f"2026年3月{acted.astimezone(notices.SHANGHAI).day}日"
    a_month_later = datetime(2026, 4, 7, 3, 0, tzinfo=UTC)
    assert signed_on(notices.render_notice(case, now=a_month_later)) == expected


def test_same_case_and_time_give_the_same_bytes(case):
    assert notices.render_notice(case, now=NOW) == notices.render_notice(case, now=NOW)


def test_a_long_list_of_missing_materials_flows_onto_more_pages(staff, case):
    missing = [f"第{n}项补正材料：需提供经公证的复印件并加盖单位公章，注明与原件一致" for n in range(1, 41)]
    services.case_request_supplement(case=case, actor=staff["clerk"], now=NOW, missing_materials=missing)
    data = notices.render_notice(case, now=NOW)
    assert len(PdfReader(io.BytesIO(data)).pages) > 1
    text = pdf_text(data)
    assert all(f"{n}.{name}" in text for n, name in enumerate(missing, 1))


# -- the view ------------------------------------------------------------------------------------

def url_for(case) -> str:
    return reverse("case-notice", kwargs={"number": case.number})


def test_applicant_downloads_own_notice_inline(client, staff, case):
    client.force_login(staff["applicant"])
    response = client.get(url_for(case))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    # RFC 6266: the notice's title for current browsers, an ASCII name for old clients.
    assert response["Content-Disposition"] == (f'inline; filename="{case.number}-receipt.pdf"; '
                                               f"filename*=UTF-8''{quote(f'申请回执-{case.number}.pdf', safe='')}")
    assert "申请回执" in pdf_text(response.content)


def test_clerk_of_the_department_gets_the_notice(client, staff, case):
    services.case_refuse(case=case, actor=staff["clerk"], now=NOW, opinion="材料不全且拒绝补正")
    client.force_login(staff["clerk"])
    response = client.get(url_for(case))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(f'inline; filename="{case.number}-refusal.pdf"; ')
    assert quote(f"不予受理通知书-{case.number}.pdf", safe="") in response["Content-Disposition"]
    assert "材料不全且拒绝补正" in pdf_text(response.content)


def test_another_applicant_gets_404(client, staff, case):
    client.force_login(staff["applicant2"])
    assert client.get(url_for(case)).status_code == 404


def test_unknown_number_gets_404(client, staff):
    client.force_login(staff["clerk"])
    assert client.get(reverse("case-notice", kwargs={"number": "TB20990101000001"})).status_code == 404


def test_anonymous_is_sent_to_login(client, case, settings):
    response = client.get(url_for(case))
    assert response.status_code == 302
    assert response["Location"] == f"{resolve_url(settings.LOGIN_URL)}?next={url_for(case)}"
