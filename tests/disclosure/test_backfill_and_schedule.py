"""Backfill queues what is not yet public (once); the sweep is scheduled; tasks are thin and ack late."""

from datetime import timedelta

from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from backend.disclosure import outbox, services, tasks
from backend.disclosure.models import OutboxEvent, Publication
from tests.disclosure.conftest import SOON, person


def test_backfill_queues_completed_cases_and_guides_without_an_event_once(decide, relay, item):
    cases = [decide(person("张小明")), decide(person("欧阳晓东"))]
    OutboxEvent.objects.all().delete()  # as if these were recorded before disclosure was installed
    first = services.disclosure_backfill(now=SOON)
    assert first.as_dict() == {"guides": 1, "results": 2}
    assert services.disclosure_backfill(now=SOON).as_dict() == {"guides": 0, "results": 0}
    relay(at=SOON + timedelta(minutes=1))
    assert set(Publication.objects.filter(kind="result").values_list("subject", flat=True)) == {c.number for c in cases}
    assert Publication.objects.filter(kind="guide", subject=item.code).exists()


def test_the_backfill_command_reports_what_it_queued(decide, capsys):
    decide()
    OutboxEvent.objects.all().delete()
    call_command("disclosure", "backfill")
    assert "'results': 1" in capsys.readouterr().out


def test_the_sweep_runs_every_15_seconds_from_beat(db):
    task = PeriodicTask.objects.get(name="disclosure: relay outbox and webhook retries")
    assert task.task == "backend.disclosure.tasks.disclosure_sweep_task" and task.enabled
    assert (task.interval.every, task.interval.period) == (15, "seconds")


def test_tasks_ack_late_and_take_ids(decide):
    assert all(t.acks_late for t in (tasks.outbox_relay_task, tasks.disclosure_sweep_task,
                                     tasks.delivery_attempt_task))
    decide()
    event = OutboxEvent.objects.get(kind="result")
    assert tasks.outbox_relay_task(event.pk) == "published"
    assert tasks.outbox_relay_task(event.pk) is None


def test_a_broken_event_is_pushed_forward_not_retried_in_a_loop(decide, relay):
    decide()
    event = OutboxEvent.objects.get(kind="result")
    OutboxEvent.objects.filter(pk=event.pk).update(payload={"case_number": "TB-broken"})
    result = outbox.relay_due(now=SOON)
    event.refresh_from_db()
    assert result.failed == 1 and event.processed_at is None and event.attempts == 1
    assert event.due_at == SOON + timedelta(seconds=30) and "KeyError" in event.last_error
