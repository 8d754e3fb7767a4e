"""The tamper-evident log is verified from the board (supervisors and administrators), daily by the
schedule and by the command; each run is recorded and appended to the log, and the board shows the
status, the last verification and the first broken row."""

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django_celery_beat.models import PeriodicTask

from backend.supervision import tasks
from backend.supervision.models import LogEntry, LogVerification

from .conftest import at

NOW = at(2026, 10, 20, 9)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def verify_from_board(user):
    with time_machine.travel(NOW, tick=False):
        return signed_in(user).post("/supervision/log/verify/", follow=True)


def test_a_supervisor_verifies_the_log_from_the_board(accepted_case, staff):
    before = LogEntry.objects.count()
    response = verify_from_board(staff["supervisor"])
    assert response.status_code == 200
    run = LogVerification.objects.get()
    assert (run.ok, run.entries_checked, run.first_broken_seq, run.source) == (True, before, None, "board")
    assert run.triggered_by == staff["supervisor"] and run.started_at == NOW
    assert LogEntry.objects.filter(kind="log_verified", payload__verification=run.pk, payload__ok=True).exists()
    html = response.content.decode()
    assert "监察日志校验通过" in html and 'id="log-status">完整' in html and "2026-10-20 09:00" in html


def test_a_tampered_row_shows_as_the_first_broken_row(accepted_case, staff):
    entry = LogEntry.objects.order_by("seq")[1]
    LogEntry.objects.filter(pk=entry.pk).update(payload={**entry.payload, "budget_days": 99})
    html = verify_from_board(staff["supervisor"]).content.decode()
    run = LogVerification.objects.get()
    assert not run.ok and run.first_broken_seq == entry.seq and run.entries_checked == entry.seq - 1
    assert 'id="log-status">断链' in html
    assert f'id="log-broken-seq">第 {entry.seq} 条' in html
    with time_machine.travel(NOW, tick=False):
        board = signed_in(staff["supervisor"]).get("/supervision/").content.decode()
    assert f"第 {entry.seq} 条" in board


def test_staff_cannot_verify_and_the_board_says_never_verified(accepted_case, staff):
    assert verify_from_board(staff["reviewer"]).status_code == 403
    assert not LogVerification.objects.exists()
    with time_machine.travel(NOW, tick=False):
        assert "尚未校验" in signed_in(staff["supervisor"]).get("/supervision/").content.decode()


def test_the_daily_schedule_and_the_command_record_their_runs(accepted_case, staff):
    task = PeriodicTask.objects.get(name="supervision: verify the log")
    assert task.task == "backend.supervision.tasks.log_verify_task" and task.crontab.hour == "2"
    with time_machine.travel(NOW, tick=False):
        assert tasks.log_verify_task()["ok"] is True
        call_command("supervision", "verify")
    runs = list(LogVerification.objects.order_by("pk"))
    assert [(r.source, r.triggered_by, r.ok) for r in runs] == [("schedule", None, True), ("command", None, True)]
    LogEntry.objects.filter(seq=1).update(kind="forged")
    try:
        call_command("supervision", "verify")
    except CommandError as exc:
        assert "BROKEN at seq 1" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("a broken chain must fail the command")
    assert LogVerification.objects.order_by("-pk").first().first_broken_seq == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outside_a_transaction_the_walk_and_the_record_both_commit():
    """The schedule runs outside any transaction: on PostgreSQL the walk reads one snapshot, then the
    run is recorded and logged in a transaction of its own."""
    from backend.supervision import hashlog

    hashlog.append("test", {"n": 1}, now=NOW)
    with time_machine.travel(NOW, tick=False):
        result = tasks.log_verify_task()
    assert result == {"ok": True, "entries_checked": 1, "first_broken_seq": None}
    assert LogEntry.objects.filter(kind="log_verified").count() == 1 and hashlog.verify().ok
