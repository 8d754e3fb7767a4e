"""制证 and 送达 on the staff task page: labelled fields, prefilled where the case says, every error
named next to its field with the input kept, the signed receipt uploaded with the form."""

from datetime import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from backend.cases.models import Case
from backend.certificates.models import Certificate, CertificatePattern, DeliveryRecord
from backend.workcalendar.calendar import SHANGHAI
from tests import factories
from tests.certificates.conftest import STEPS
from tests.portal.helpers import PDF, act, file_online, inbox_task


def moment(d, hour=10):
    return datetime(2026, 11, d, hour, tzinfo=SHANGHAI)


@pytest.fixture
def travel():
    with time_machine.travel(moment(2), tick=False) as traveller:
        yield traveller


@pytest.fixture
def pages(staff, travel):
    """Signed-in browsers for each of the staff, the applicant and the supervisor (signed in on 2 November)."""
    out = {}
    for name, user in staff.items():
        out[name] = Client()
        out[name].force_login(user)
    return out


def open_task_page(client, user, number):
    task_id = inbox_task(client, user, number)
    assert client.post(f"/staff/tasks/{task_id}/claim/").status_code == 302
    return task_id, client.get(f"/staff/tasks/{task_id}/").content.decode()


def test_a_case_is_certified_delivered_and_closed_on_the_task_pages(dept, staff, pages, travel):
    item = factories.item(dept, steps=STEPS)
    CertificatePattern.objects.create(item=item, title="食品经营许可证", pattern="临市监食经字〔{year}〕第{seq:05d}号")
    case = file_online(pages["applicant"], item)
    act(pages["clerk"], staff["clerk"], case.number, "accept")
    travel.move_to(moment(3))
    act(pages["reviewer"], staff["reviewer"], case.number, "done")
    travel.move_to(moment(4))
    act(pages["approver"], staff["approver"], case.number, "approve", opinion="准予许可")

    travel.move_to(moment(4, 15))
    clerk = pages["clerk"]
    task_id, page = open_task_page(clerk, staff["clerk"], case.number)
    assert "证书编号按规则“临市监食经字〔{year}〕第{seq:05d}号”自动生成" in page
    assert '<label for="f-holder">持证人' in page and 'value="张小明"' in page  # the applicant, editable
    assert '<label for="f-scope">许可范围' in page and 'name="valid_from" type="date" value="2026-11-04"' in page
    refused = clerk.post(f"/staff/tasks/{task_id}/complete/", {
        "decision": "done", "holder": "张小明", "scope": "", "valid_from": "2026-11-04", "valid_until": "2026-11-01"})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "请填写许可范围" in html and "有效期截止日期不能早于起始日期" in html
    assert 'id="f-scope-error"' in html and 'value="2026-11-01"' in html  # the input kept, errors by their fields
    done = clerk.post(f"/staff/tasks/{task_id}/complete/", {
        "decision": "done", "holder": "张小明（城关店）", "scope": "热食类食品制售", "valid_from": "2026-11-04",
        "valid_until": "2031-11-03", "opinion": "已制证"})
    assert done.status_code == 302, done.content.decode()[:2000]
    certificate = Certificate.objects.get(case=case)
    assert (certificate.number, certificate.holder) == ("临市监食经字〔2026〕第00001号", "张小明（城关店）")

    travel.move_to(moment(6))
    task_id, page = open_task_page(clerk, staff["clerk"], case.number)
    assert 'enctype="multipart/form-data"' in page
    assert '<label for="delivery-method-post">邮寄</label>' in page and '<label for="f-proof">' in page
    assert 'name="delivered_on" type="date" value="2026-11-06"' in page
    assert certificate.number in page  # the certificate, beside the delivery to make
    refused = clerk.post(f"/staff/tasks/{task_id}/complete/", {
        "decision": "done", "delivery_method": "post", "delivered_on": "2026-11-07", "recipient": "张小明"})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "邮寄送达须填写邮件运单号" in html and "请上传签收的送达回证" in html and "送达日期不能晚于今天" in html
    assert 'id="delivery-method-post" name="delivery_method" value="post" required\n          checked' in html
    bad_scan = clerk.post(f"/staff/tasks/{task_id}/complete/", {
        "decision": "done", "delivery_method": "post", "delivered_on": "2026-11-05", "recipient": "张小明",
        "tracking_number": "1151234567890", "proof": SimpleUploadedFile("回执.pdf", b"not a pdf at all")})
    assert bad_scan.status_code == 400 and "只接受 PDF、JPEG 或 PNG 文件" in bad_scan.content.decode()
    as_text = clerk.post(f"/staff/tasks/{task_id}/complete/", {  # a text field named like the file
        "decision": "done", "delivery_method": "post", "delivered_on": "2026-11-05", "recipient": "张小明",
        "tracking_number": "1151234567890", "proof": "回执.pdf"})
    assert as_text.status_code == 400 and "请上传签收的送达回证" in as_text.content.decode()
    done = clerk.post(f"/staff/tasks/{task_id}/complete/", {
        "decision": "done", "delivery_method": "post", "delivered_on": "2026-11-05", "recipient": "张小明",
        "tracking_number": "1151234567890", "proof": SimpleUploadedFile("邮件签收回执.pdf", PDF)})
    assert done.status_code == 302, done.content.decode()[:2000]

    case.refresh_from_db()
    assert case.status == Case.Status.COMPLETED
    assert DeliveryRecord.objects.get(case=case).proof_name == "邮件签收回执.pdf"
    shown = pages["applicant"].get(f"/cases/{case.number}/").content.decode()
    assert "临市监食经字〔2026〕第00001号" in shown and "2026-11-04 至 2031-11-03" in shown
    assert "送达：邮寄，张小明 签收（运单号 1151234567890）" in shown
    assert f'href="/certificates/deliveries/{case.number}/proof/"' in shown
    supervisor = pages["supervisor"].get(f"/cases/{case.number}/").content.decode()
    assert f'href="/certificates/{certificate.pk}/"' in supervisor  # register readers follow the number there
    assert f'href="/certificates/{certificate.pk}/"' not in shown  # not for the applicant
    tracked = Client().get(f"/track/?number={case.number}&query_code={case.query_code}").content.decode()
    assert "证书编号 临市监食经字〔2026〕第00001号" in tracked and "送达 · 邮寄" in tracked
    assert "张小明 签收" not in tracked  # the public tracking page never says who


def test_fields_of_another_step_are_refused_by_name(dept, staff, pages):
    item = factories.item(dept)
    case = file_online(pages["applicant"], item)
    task_id, _page = open_task_page(pages["clerk"], staff["clerk"], case.number)
    refused = pages["clerk"].post(f"/staff/tasks/{task_id}/complete/", {"decision": "accept", "scope": "x"})
    assert refused.status_code == 400 and Case.objects.get(pk=case.pk).status == Case.Status.SUBMITTED
