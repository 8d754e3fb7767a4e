"""Two sweeps, and two e-mail senders, at once: each card, notification and e-mail exactly once."""

import threading

import pytest
from django.core import mail
from django.db import connection, connections

from backend.supervision import hashlog, notifications, services
from backend.supervision.models import Card, Clock, Notification

from .conftest import at, with_email


def _in_threads(n, target):
    errors = []

    def run():
        try:
            target()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_sweeps_and_two_senders_at_once(accepted_case, staff, head):
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED needs PostgreSQL")
    with_email(staff["reviewer"], "reviewer@example.cn")
    template = Clock.objects.get(case=accepted_case, kind="promised")
    Clock.objects.bulk_create(
        Clock(case=accepted_case, kind="step", step="review", department_id=template.department_id, budget_days=10,
              start_date=template.start_date, promised_deadline=template.promised_deadline,
              projected_deadline=template.projected_deadline, next_change_at=template.next_change_at,
              created_at=template.created_at)
        for _ in range(120)
    )
    now = at(2026, 10, 14, 1)
    due = Clock.objects.filter(next_change_at__lte=now).count()
    _in_threads(3, lambda: services.clocks_sweep(now=now, batch=20))
    assert Card.objects.count() == due == Card.objects.values("clock").distinct().count()
    per_card = Notification.objects.values("card", "recipient").distinct().count()
    assert Notification.objects.count() == per_card > due
    pending = Notification.objects.filter(email_status="pending").count()
    _in_threads(3, lambda: notifications.notifications_email_send(now=at(2026, 10, 14, 1, 5), batch=15))
    assert len(mail.outbox) == pending
    assert not Notification.objects.filter(email_status="pending").exists()
    assert hashlog.verify().ok
