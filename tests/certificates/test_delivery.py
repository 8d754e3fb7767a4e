"""送达: method, date, recipient and proof, checked field by field; the case closes only once the
decision is delivered, a denial included (which gets no certificate)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from backend.cases import services as case_services
from backend.cases.models import Case, CaseEvent
from backend.certificates import services
from backend.certificates.models import Certificate, DeliveryRecord
from backend.common.errors import Conflict, DomainError
from backend.supervision.models import LogEntry
from tests import factories
from tests.cases.test_pdf_active_content import ESCAPED_NAME, PNG
from tests.certificates.conftest import act, at, delivery_input, file_case, open_task, receipt


def deliver(case, staff, when, opinion="", **values):
    return act(case, staff["clerk"], "deliver", "done", when, opinion=opinion, step_input=delivery_input(**values))


def refusal(case, staff, when, **values) -> list[tuple[str, str]]:
    with pytest.raises(DomainError) as refused:
        deliver(case, staff, when, **values)
    case.refresh_from_db()
    assert case.status == Case.Status.IN_PROGRESS and not DeliveryRecord.objects.filter(case=case).exists()
    assert open_task(case, "deliver").owner == staff["clerk"]  # claimed, still to do
    return [(e.field, e.code) for e in refused.value.errors]


def test_a_window_pickup_with_its_signed_receipt_closes_the_case(certified, staff):
    case = certified()
    assert case.status == Case.Status.IN_PROGRESS  # certified, not yet delivered
    deliver(case, staff, at(2026, 11, 5, 16), opinion="申请人本人到窗口领取")
    case.refresh_from_db()
    assert (case.status, case.decision) == (Case.Status.COMPLETED, Case.Decision.APPROVED)
    record = case.delivery
    assert (record.method, str(record.delivered_on), record.recipient) == ("window", "2026-11-05", "张小明")
    assert record.proof_name == "送达回证.pdf" and record.proof_size == len(factories.PDF)
    event = CaseEvent.objects.get(case=case, step="deliver", kind="step_done")
    assert event.opinion == "申请人本人到窗口领取" and event.data["method"] == "window"
    assert LogEntry.objects.get(kind="case_delivered").payload["proof_sha256"] == record.proof_sha256


def test_the_delivery_date_has_come_and_is_not_before_the_decision(certified, staff):
    case = certified()
    assert refusal(case, staff, at(2026, 11, 5), delivered_on="2026-11-06") == [("delivered_on", "in_future")]
    assert refusal(case, staff, at(2026, 11, 5), delivered_on="2026-11-03") == [("delivered_on", "before_decision")]
    assert refusal(case, staff, at(2026, 11, 5), delivered_on="2026-11-31") == [("delivered_on", "invalid")]
    deliver(case, staff, at(2026, 11, 5), delivered_on="2026-11-04")  # on the decision's day
    assert Case.objects.get(pk=case.pk).status == Case.Status.COMPLETED


def test_post_needs_the_tracking_number_and_the_return_receipt(certified, staff):
    case = certified()
    assert refusal(case, staff, at(2026, 11, 6), delivery_method="post", proof=None) == [
        ("tracking_number", "required"), ("proof", "required")]
    assert refusal(case, staff, at(2026, 11, 6), delivery_method="post", tracking_number="1151<script>") == [
        ("tracking_number", "invalid")]
    deliver(case, staff, at(2026, 11, 6), delivery_method="post", tracking_number=" ea 123456789 cn ",
            recipient="李四（代收）")
    record = DeliveryRecord.objects.get(case=case)
    assert (record.tracking_number, record.recipient) == ("EA123456789CN", "李四（代收）")


def test_electronic_delivery_needs_its_confirmation(certified, staff):
    case = certified()
    assert refusal(case, staff, at(2026, 11, 5), delivery_method="electronic", proof=None) == [
        ("confirmation", "required")]
    deliver(case, staff, at(2026, 11, 5), delivery_method="electronic", proof=None, tracking_number="ignored",
            confirmation="电子证照已推送至申请人账户，回执号 DZ20261105001")
    record = DeliveryRecord.objects.get(case=case)
    assert not record.proof and record.tracking_number == "" and record.confirmation.endswith("DZ20261105001")


@pytest.mark.parametrize(("name", "content", "code"), [
    ("回证.txt", "签收人：张小明".encode(), "unsupported_type"),
    ("回证.pdf", ESCAPED_NAME, "pdf_active_content"),
    ("回证.pdf", b"", "empty"),
])
def test_the_receipt_scan_passes_the_upload_checks(certified, staff, name, content, code):
    case = certified()
    assert refusal(case, staff, at(2026, 11, 5), proof=SimpleUploadedFile(name, content)) == [("proof", code)]


def test_a_photographed_receipt_is_accepted_and_downloads_for_those_who_see_the_case(certified, staff):
    case = certified()
    deliver(case, staff, at(2026, 11, 5), proof=SimpleUploadedFile("回证照片.jpg", PNG))
    record = DeliveryRecord.objects.get(case=case)
    assert record.proof_content_type == "image/png"  # by content, whatever the name says
    page = Client()
    page.force_login(staff["reviewer"])
    download = page.get(f"/certificates/deliveries/{case.number}/proof/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG
    assert download["Content-Disposition"].endswith(".png")
    outsider = Client()
    outsider.force_login(staff["applicant2"])
    assert outsider.get(f"/certificates/deliveries/{case.number}/proof/").status_code == 404


def test_a_case_with_delivery_is_not_completed_before_it(dept, staff):
    item = factories.item(dept, steps=["accept", "decide", "certify", "deliver", "complete"])
    case = file_case(item, staff, at(2026, 11, 2, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 11, 2, 10))
    act(case, staff["approver"], "decide", "approve", at(2026, 11, 3))
    act(case, staff["clerk"], "certify", "done", at(2026, 11, 3, 15), step_input={"scope": "x",
                                                                                  "valid_from": "2026-11-03"})
    with pytest.raises(Conflict) as early:  # the cases service refuses, whoever asks
        case_services.case_complete(case=case, actor=staff["clerk"], now=at(2026, 11, 4))
    assert early.value.errors[0].code == "not_delivered" and "送达" in early.value.errors[0].message
    deliver(case, staff, at(2026, 11, 4), delivered_on="2026-11-04")
    case.refresh_from_db()
    assert case.status == Case.Status.IN_PROGRESS  # its 办结 step closes it
    act(case, staff["clerk"], "complete", "done", at(2026, 11, 4, 11))
    assert Case.objects.get(pk=case.pk).status == Case.Status.COMPLETED


def test_a_denial_gets_no_certificate_but_is_delivered(decided, staff):
    case = decided(approve=False)
    with pytest.raises(AssertionError):
        open_task(case, "certify")
    deliver(case, staff, at(2026, 11, 5), delivery_method="electronic", proof=None,
            confirmation="不予行政许可决定书已推送至申请人账户，回执号 DZ2")
    case.refresh_from_db()
    assert (case.status, case.decision) == (Case.Status.COMPLETED, Case.Decision.DENIED)
    assert not Certificate.objects.filter(case=case).exists()
    page = Client()
    page.force_login(staff["clerk"])
    assert "送达：电子送达，张小明 签收" in page.get(f"/cases/{case.number}/").content.decode()


def test_an_immediate_item_with_delivery_closes_once_delivered(dept, staff):
    item = factories.item(dept, kind="immediate", promised=0, steps=["accept", "certify", "deliver"])
    case = file_case(item, staff, at(2026, 11, 2, 9))
    act(case, staff["clerk"], "accept", "approve", at(2026, 11, 2, 9, 30))
    assert case.status == Case.Status.IN_PROGRESS and case.decision == Case.Decision.APPROVED
    act(case, staff["clerk"], "certify", "done", at(2026, 11, 2, 9, 40),
        step_input={"scope": "个体工商户营业执照", "valid_from": "2026-11-02"})
    deliver(case, staff, at(2026, 11, 2, 9, 50), delivered_on="2026-11-02")
    assert Case.objects.get(pk=case.pk).status == Case.Status.COMPLETED


def test_a_delivery_is_recorded_once_and_only_after_a_decision(certified, decided, staff, item):
    case = certified()
    deliver(case, staff, at(2026, 11, 5))
    with pytest.raises(Conflict) as twice:
        services.delivery_record(case=case, actor=staff["clerk"], now=at(2026, 11, 6), **delivery_input())
    assert twice.value.errors[0].code == "already_delivered"
    undecided = case_services.case_file(item_code=item.code, channel="window", applicant=factories.PERSON,
                                        actor=staff["clerk"], now=at(2026, 11, 2))
    with pytest.raises(Conflict) as early:
        services.delivery_record(case=undecided, actor=staff["clerk"], now=at(2026, 11, 6),
                                 **delivery_input(proof=receipt()))
    assert early.value.errors[0].code == "not_decided"
