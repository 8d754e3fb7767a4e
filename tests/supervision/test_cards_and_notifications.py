"""Every warning-state change is a card (rule, step, department, responsible person) and a notification,
in-app and by e-mail, to the responsible staff and the department's head."""

from django.core import mail

from backend.supervision import hashlog, notifications, services
from backend.supervision.models import Card, Clock, LogEntry, Notification, WarningRule
from workflows import services as flow

from .conftest import at, open_task, with_email


def _review_clock(case):
    return Clock.objects.get(case=case, kind="step", step="review")


def test_the_claimed_step_warns_its_assignee_and_the_head(accepted_case, staff, head):
    with_email(staff["reviewer"], "reviewer@example.cn")
    task = open_task(accepted_case, "review")
    flow.task_claim(task_id=task.pk, actor=staff["reviewer"], now=at(2026, 9, 28, 10, 30))
    services.clocks_sweep(now=at(2026, 9, 28, 11))  # a 1-day step starts with ≤ 1 working day left

    card = Card.objects.get(clock=_review_clock(accepted_case))
    assert (card.from_state, card.to_state, card.severity) == ("green", "yellow", "yellow")
    assert card.step == "review" and card.department_id == accepted_case.item.department_id
    assert card.responsible == staff["reviewer"]
    assert card.rule.name == "预警：剩余不超过1个工作日"

    notes = Notification.objects.filter(card=card)
    assert {n.recipient.username for n in notes} == {"reviewer", "head"}
    note = notes.get(recipient=staff["reviewer"])
    assert note.title == f"【黄牌预警】办件 {accepted_case.number} 审查环节"
    assert "由“正常”变为“预警”" in note.body and "规则：预警：剩余不超过1个工作日" in note.body
    assert note.email_status == "pending" and note.email == "reviewer@example.cn"


def test_an_unclaimed_step_warns_everyone_with_its_role_in_the_department(accepted_case, staff, head):
    services.clocks_sweep(now=at(2026, 9, 28, 11))
    card = Card.objects.get(clock=_review_clock(accepted_case))
    assert card.responsible is None
    recipients = set(Notification.objects.filter(card=card).values_list("recipient__username", flat=True))
    assert recipients == {"reviewer", "head"}  # the review role; not the clerk or the approver


def test_case_clock_cards_go_to_the_department_staff_and_head(accepted_case, staff, head):
    services.clocks_sweep(now=at(2026, 10, 14, 1))
    card = Card.objects.get(clock__case=accepted_case, clock__kind="promised")
    recipients = set(Notification.objects.filter(card=card).values_list("recipient__username", flat=True))
    assert recipients == {"clerk", "reviewer", "approver", "head"}
    assert card.rule.trigger == "used_percent"


def test_inactive_users_hear_nothing_and_no_address_means_no_email(accepted_case, staff, head):
    staff["clerk"].is_active = False
    staff["clerk"].save(update_fields=["is_active"])
    services.clocks_sweep(now=at(2026, 10, 14, 1))
    notes = Notification.objects.filter(card__clock__kind="promised")
    assert "clerk" not in set(notes.values_list("recipient__username", flat=True))
    assert notes.get(recipient=staff["approver"]).email_status == "none"
    assert notes.get(recipient=head).email_status == "pending"


def test_pending_emails_are_sent_once_by_the_sweep(accepted_case, staff, head):
    with_email(staff["reviewer"], "reviewer@example.cn")
    services.clocks_sweep(now=at(2026, 10, 14, 1))
    pending = Notification.objects.filter(email_status="pending")
    expected = pending.count()
    assert expected >= 2
    first = notifications.notifications_email_send(now=at(2026, 10, 14, 1, 1), batch=1)
    assert first == {"sent": expected, "failed": 0} and len(mail.outbox) == expected
    assert notifications.notifications_email_send(now=at(2026, 10, 14, 1, 2)) == {"sent": 0, "failed": 0}
    assert len(mail.outbox) == expected
    subjects = {m.subject for m in mail.outbox if m.to == ["head@example.cn"]}
    assert f"【黄牌预警】办件 {accepted_case.number} 承诺时限" in subjects  # the review step is red by now
    assert all(accepted_case.number in m.body for m in mail.outbox)
    assert not Notification.objects.filter(email_status="pending").exists()
    assert Notification.objects.filter(email_sent_at=at(2026, 10, 14, 1, 1)).count() == expected


def test_the_task_sends_only_its_ids_and_is_idempotent(accepted_case, staff, head):
    from backend.supervision import tasks

    services.clocks_sweep(now=at(2026, 10, 14, 1))
    note = Notification.objects.get(recipient=head, card__clock__kind="promised")
    assert tasks.notifications_email_task.acks_late is True
    assert tasks.notifications_email_task([note.pk]) == {"sent": 1, "failed": 0}
    assert tasks.notifications_email_task([note.pk]) == {"sent": 0, "failed": 0}
    assert [m.to for m in mail.outbox] == [["head@example.cn"]]


def test_a_failing_mail_server_is_retried_then_given_up(accepted_case, staff, head, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens on the discard port
    services.clocks_sweep(now=at(2026, 10, 14, 1))
    for _ in range(notifications.MAX_SEND_ATTEMPTS - 1):
        assert notifications.notifications_email_send(now=at(2026, 10, 14, 2), batch=1)["sent"] == 0
    pending = Notification.objects.filter(email_status="pending")
    assert pending.exists() and set(pending.values_list("email_attempts", flat=True)) == {4}  # once per sweep
    result = notifications.notifications_email_send(now=at(2026, 10, 14, 2))
    assert result["failed"] >= 1 and not Notification.objects.filter(email_status="pending").exists()


def test_after_commit_the_task_is_hinted(accepted_case, staff, head, settings, django_capture_on_commit_callbacks):
    from backend.config.celery import app

    settings.SUPERVISION_NOTIFY_ENQUEUE = True
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.clocks_sweep(now=at(2026, 10, 14, 1))
    finally:
        app.conf.task_always_eager = eager
    assert [m.to for m in mail.outbox] == [["head@example.cn"]] * Notification.objects.filter(
        recipient=head).count()
    assert not Notification.objects.filter(email_status="pending").exists()


def test_cards_and_notifications_are_in_the_hash_chain(accepted_case, staff, head):
    services.clocks_sweep(now=at(2026, 10, 14, 1))
    card = Card.objects.get(clock__case=accepted_case, clock__kind="promised")
    entry = LogEntry.objects.get(kind="card", payload__card=card.pk)
    assert entry.payload["rule"] == card.rule_id and entry.payload["severity"] == "yellow"
    assert entry.payload["responsible"] is None and entry.payload["department"] == card.department_id
    # Each card's entry records the notifications it caused: [notification id, recipient id].
    assert sorted(entry.payload["notified"]) == sorted(
        [n.pk, n.recipient_id] for n in Notification.objects.filter(card=card))
    logged = {n for e in LogEntry.objects.filter(kind="card") for n, _ in e.payload["notified"]}
    # The rest (the applicant told of the acceptance) have an entry of their own.
    logged |= {e.payload["notification"] for e in LogEntry.objects.filter(kind="notification")}
    assert logged == set(Notification.objects.values_list("pk", flat=True))
    assert hashlog.verify().ok


def test_a_reminder_rule_fires_once_per_clock_and_leaves_it_green(accepted_case, staff, head):
    reminder = WarningRule.objects.create(name="提醒：已用一半", trigger="used_percent", value=50, severity="reminder",
                                          enabled=True, created_at=at(2026, 9, 1), updated_at=at(2026, 9, 1))
    services.clocks_reproject_open(now=at(2026, 10, 8))  # rules changed: every open clock is due
    services.clocks_sweep(now=at(2026, 10, 8))
    promised = Clock.objects.get(case=accepted_case, kind="promised")
    assert promised.next_change_at == at(2026, 10, 10, 0, 0)
    for _ in range(2):
        services.clocks_sweep(now=at(2026, 10, 10, 9))
    promised.refresh_from_db()
    assert promised.state == "green" and promised.next_change_at == at(2026, 10, 14, 0, 0)
    cards = Card.objects.filter(clock=promised, rule=reminder)
    assert [(c.from_state, c.to_state, c.severity) for c in cards] == [("green", "green", "reminder")]
    assert Notification.objects.filter(card__in=cards, recipient=head).get().title.startswith("【提醒】")
    services.clocks_sweep(now=at(2026, 10, 14, 1))
    assert Card.objects.filter(clock=promised, severity="reminder").count() == 1
    assert Clock.objects.get(pk=promised.pk).state == "yellow"
