"""The applicant hears about every suspension, resumption and extension: in-app and by e-mail on their
account, and by text message to the case's mobile number (also without an account)."""

from django.core import mail

from backend.supervision import notifications, services
from backend.supervision.models import LogEntry, Notification

from .conftest import at, with_email


def _with_account(case, user, email="zhang@example.cn"):
    with_email(user, email)
    case.applicant_user = user
    case.save(update_fields=["applicant_user"])
    return case


def test_suspension_and_resumption_are_told_to_the_applicant(accepted_case, staff):
    case = _with_account(accepted_case, staff["applicant"])
    services.clock_suspend(case=case, reason="专家评审", legal_basis="《行政许可法》第四十五条",
                           actor=staff["reviewer"], now=at(2026, 10, 12))
    services.clock_resume(case=case, actor=staff["reviewer"], now=at(2026, 10, 15))
    suspended, resumed = Notification.objects.filter(recipient=staff["applicant"]).order_by("id")
    assert suspended.kind == "suspended" and suspended.title == f"办件 {case.number} 已暂停计时"
    assert "自 2026-10-12 起暂停计时。理由：专家评审；依据：《行政许可法》第四十五条。" in suspended.body
    assert resumed.kind == "resumed"
    assert resumed.body.endswith("自 2026-10-15 起恢复计时，办理期限为 2026-10-21。")
    assert notifications.notifications_email_send(now=at(2026, 10, 15, 11)) == {"sent": 2, "failed": 0}
    assert [m.to for m in mail.outbox] == [["zhang@example.cn"]] * 2
    assert mail.outbox[0].subject == f"办件 {case.number} 已暂停计时"


def test_extension_is_told_with_the_new_deadline(accepted_case, staff):
    case = _with_account(accepted_case, staff["applicant"])
    services.clock_extend(case=case, days=10, reason="情况复杂", approver=staff["approver"], actor=staff["approver"],
                          now=at(2026, 10, 12))
    note = Notification.objects.get(recipient=staff["applicant"])
    assert note.kind == "extended" and note.title == f"办件 {case.number} 办理期限已延长"
    assert "延长办理期限 10 个工作日。理由：情况复杂。新的办理期限为 2026-10-30。" in note.body
    assert LogEntry.objects.filter(kind="notification", payload__notification=note.pk,
                                   payload__kind="extended").exists()


def test_without_an_account_the_text_message_tells_and_without_an_address_no_email(accepted_case, staff):
    services.clock_suspend(case=accepted_case, reason="听证", legal_basis="第四十七条", actor=staff["reviewer"],
                           now=at(2026, 10, 12))
    by_text = Notification.objects.get(kind="suspended")
    assert by_text.recipient is None and by_text.for_applicant
    assert by_text.mobile == accepted_case.mobile and by_text.sms_status == "pending"
    case = _with_account(accepted_case, staff["applicant2"], email="")
    services.clock_resume(case=case, actor=staff["reviewer"], now=at(2026, 10, 13))
    note = Notification.objects.get(recipient=staff["applicant2"])
    assert note.email_status == "none"
    assert notifications.notifications_email_send(now=at(2026, 10, 13, 11)) == {"sent": 0, "failed": 0}
