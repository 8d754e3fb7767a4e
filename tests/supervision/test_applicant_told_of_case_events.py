"""The applicant is told of every state change they must know — accepted (with the promised
deadline), supplement requested (the one-time list), not accepted (reasons and appeal rights),
decided, completed — on their account, on the tracking page and by text message, each once."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client

from backend.common import sms
from backend.supervision import applicant_notices, notifications
from backend.supervision.models import LogEntry, Notification
from tests import factories
from workflows import services as flow

from .conftest import act, at, file_case, with_email


def told(case):
    return list(Notification.objects.filter(case=case, for_applicant=True).order_by("created_at", "id"))


def test_a_window_case_is_told_by_text_message_at_every_step(item, staff):
    case = file_case(item, staff, at(2026, 9, 25, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 9, 28, 10))
    act(case, staff["reviewer"], "review", "done", at(2026, 9, 29))
    act(case, staff["approver"], "decide", "approve", at(2026, 9, 30), opinion="符合条件")
    act(case, staff["clerk"], "complete", "done", at(2026, 10, 8))
    accepted, decided, completed = told(case)
    assert [n.kind for n in (accepted, decided, completed)] == ["accepted", "decided", "completed"]
    # 10 working days from Monday 28 September, across National Day (tests/supervision/test_clocks_follow_the_case.py).
    assert accepted.body == f"您的办件 {case.number}（{item.name}）已受理。承诺办结期限：2026-10-16。"
    assert "准予行政许可决定" in decided.body and "领取决定文书" in completed.body
    assert {n.recipient_id for n in told(case)} == {None} and {n.mobile for n in told(case)} == {case.mobile}
    assert notifications.notifications_sms_send(now=at(2026, 10, 8, 11)) == {"sent": 3, "failed": 0}
    assert [m["to"] for m in sms.outbox] == [case.mobile] * 3
    assert sms.outbox[0]["text"] == "【通办】" + accepted.body
    assert sms.outbox[0]["reference"] == f"tongban-notification-{accepted.pk}"
    assert notifications.notifications_sms_send(now=at(2026, 10, 8, 12)) == {"sent": 0, "failed": 0}
    assert len(sms.outbox) == 3  # sent once
    assert LogEntry.objects.filter(kind="notification", payload__case=case.pk).count() == 3


def test_an_online_applicant_hears_on_the_account_by_e_mail_and_by_text(item, staff):
    applicant = with_email(staff["applicant"], "zhang@example.cn")
    case = flow.case_file_and_start(item_code=item.code, channel="online", applicant=factories.PERSON,
                                    actor=applicant, now=at(2026, 9, 25, 9))
    act(case, staff["clerk"], "accept", "supplement", at(2026, 9, 28, 10),
        missing_materials=["营业执照副本", "法定代表人身份证明"])
    note = Notification.objects.get(recipient=applicant)
    assert note.kind == "supplement" and note.title == f"办件 {case.number} 需要补正材料"
    assert "需一次性补正以下材料：营业执照副本、法定代表人身份证明。" in note.body
    assert notifications.notifications_email_send(now=at(2026, 9, 28, 11)) == {"sent": 1, "failed": 0}
    assert mail.outbox[0].to == ["zhang@example.cn"] and mail.outbox[0].subject == note.title
    assert notifications.notifications_sms_send(now=at(2026, 9, 28, 11))["sent"] == 1
    page = Client()
    page.force_login(applicant)
    assert note.title in page.get("/notifications/").content.decode()
    assert note.body in page.get(f"/cases/{case.number}/").content.decode()


def test_a_refusal_gives_the_reasons_and_the_appeal_rights(item, staff):
    case = file_case(item, staff, at(2026, 9, 25, 9))
    act(case, staff["clerk"], "accept", "refuse", at(2026, 9, 28, 10), opinion="不属于本机关职权范围")
    (note,) = told(case)
    assert note.kind == "refused"
    assert "不予受理。理由：不属于本机关职权范围。" in note.body and "行政复议" in note.body and "行政诉讼" in note.body


def test_the_tracking_page_shows_what_the_applicant_was_told(item, staff):
    case = file_case(item, staff, at(2026, 9, 25, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 9, 28, 10))
    html = Client().get("/track/", {"number": case.number, "query_code": case.query_code}).content.decode()
    assert "告知申请人的通知" in html and f"办件 {case.number} 已受理" in html and "承诺办结期限：2026-10-16" in html
    assert "短信" in html and "待发送" in html


def test_a_gateway_that_fails_is_retried_then_given_up(item, staff, settings):
    settings.SMS_BACKEND = "tests.supervision.test_applicant_told_of_case_events.DownGateway"
    case = file_case(item, staff, at(2026, 9, 25, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 9, 28, 10))
    for minute in range(notifications.MAX_SEND_ATTEMPTS - 1):
        assert notifications.notifications_sms_send(now=at(2026, 9, 28, 11, minute)) == {"sent": 0, "failed": 0}
    assert notifications.notifications_sms_send(now=at(2026, 9, 28, 12)) == {"sent": 0, "failed": 1}
    note = told(case)[0]
    assert note.sms_status == "failed" and note.sms_attempts == notifications.MAX_SEND_ATTEMPTS


class DownGateway:
    def send(self, *, reference, to, text):
        raise ConnectionError("gateway unreachable")


def test_one_notification_per_event_even_if_told_twice(item, staff):
    case = file_case(item, staff, at(2026, 9, 25, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 9, 28, 10))
    event = case.events.get(kind="accepted")
    with pytest.raises(IntegrityError), transaction.atomic():
        applicant_notices.on_case_event(case=case, event=event, now=at(2026, 9, 28, 10))
    assert len(told(case)) == 1


def test_after_commit_the_worker_sends_the_text_at_once(item, staff, settings, django_capture_on_commit_callbacks):
    settings.SUPERVISION_NOTIFY_ENQUEUE = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    case = file_case(item, staff, at(2026, 9, 25, 9))
    with django_capture_on_commit_callbacks(execute=True):
        act(case, staff["clerk"], "accept", "accept", at(2026, 9, 28, 10))
    assert [m["to"] for m in sms.outbox] == [case.mobile]
    assert told(case)[0].sms_status == "sent"


@pytest.mark.parametrize("category", ["letter", "information_request"])
def test_a_letter_or_an_information_request_hears_of_its_reply_not_of_a_permit(item, staff, category):
    from backend.catalog.models import ServiceItem

    ServiceItem.objects.filter(pk=item.pk).update(category=category)
    item.refresh_from_db()
    case = file_case(item, staff, at(2026, 9, 25, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 9, 28, 10))
    act(case, staff["reviewer"], "review", "done", at(2026, 9, 29))
    act(case, staff["approver"], "decide", "approve", at(2026, 9, 30), opinion="已答复")
    act(case, staff["clerk"], "complete", "done", at(2026, 10, 8))
    accepted, replied, completed = told(case)
    assert accepted.body == f"您的 {case.number}（{item.name}）已受理。答复期限：2026-10-16。"
    assert replied.title == f"{case.number} 已答复" and "查看答复内容" in replied.body
    assert completed.body == f"您的 {case.number}（{item.name}）已办结。"
    assert not any("许可" in n.body or "决定文书" in n.body for n in (accepted, replied, completed))


def test_a_letter_not_accepted_is_told_why_without_appeal_rights(item, staff):
    from backend.catalog.models import ServiceItem

    ServiceItem.objects.filter(pk=item.pk).update(category="letter")
    item.refresh_from_db()
    case = file_case(item, staff, at(2026, 9, 25, 9))
    act(case, staff["clerk"], "accept", "refuse", at(2026, 9, 28, 10), opinion="已进入诉讼程序")
    (note,) = told(case)
    assert note.body == f"您的来信 {case.number}（{item.name}）不予受理。理由：已进入诉讼程序。"
