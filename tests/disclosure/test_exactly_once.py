"""Nothing from a rolled-back transaction is published; two relays at once publish each event once."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections, transaction

from backend.disclosure import outbox
from backend.disclosure.models import OutboxEvent, Publication
from backend.supervision.models import LogEntry
from tests.disclosure.conftest import SOON, person

pg_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="SKIP LOCKED across threads needs PostgreSQL")
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class Rollback(Exception):
    pass


@committed
def test_a_decision_rolled_back_is_never_published(decide, relay, client):
    with pytest.raises(Rollback), transaction.atomic():
        decide(person("钱多多"))
        raise Rollback
    assert not OutboxEvent.objects.filter(kind="result").exists()
    relay(at=SOON)
    assert client.get("/public/api/results/").json()["count"] == 0


def test_a_relay_that_missed_the_lock_still_cannot_publish_twice(decide):
    decide()
    event = OutboxEvent.objects.get(kind="result")
    outbox._publish(event=event, kind="result", payload=event.payload, now=SOON)
    with pytest.raises(outbox._Duplicate), transaction.atomic():
        outbox._publish(event=event, kind="result", payload=event.payload, now=SOON)
    assert Publication.objects.filter(idempotency_key=event.key).count() == 1


def race(*calls):
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait()
            call()
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors


@committed
@pytest.mark.postgres
@pg_only
def test_two_sweeps_at_once_publish_every_event_exactly_once(decide):
    names = ["张伟", "王建国", "欧阳晓东", "司马慧敏", "上官婉清", "诸葛明远", "赵志刚", "陈晓燕"]
    for name in names:
        decide(person(name))
    race(lambda: outbox.relay_due(now=SOON, batch=3), lambda: outbox.relay_due(now=SOON, batch=3))
    results = Publication.objects.filter(kind="result")
    assert results.count() == len(names)
    assert not OutboxEvent.objects.filter(processed_at__isnull=True, due_at__lte=SOON).exists()
    assert LogEntry.objects.filter(kind="publication_published", payload__kind="result").count() == len(names)


@committed
@pytest.mark.postgres
@pg_only
def test_two_relays_given_the_same_event_publish_it_once(decide):
    decide()
    event = OutboxEvent.objects.get(kind="result")
    race(*[lambda: outbox.relay_event(event.pk, now=SOON + timedelta(seconds=1))] * 4)
    assert Publication.objects.filter(kind="result").count() == 1
    event.refresh_from_db()
    assert event.outcome == "published"


@committed
@pytest.mark.postgres
@pg_only
def test_an_event_whose_subject_another_relay_is_publishing_waits_its_turn(decide):
    """Two events on one subject (say a new version and a correction) must not both supersede the
    same current publication: the second is put back for a moment, not failed."""
    case = decide()
    event = OutboxEvent.objects.get(kind="result")
    holding, release = threading.Event(), threading.Event()

    def other_relay():
        try:
            with transaction.atomic():
                outbox._subject_lock("result", case.number)
                holding.set()
                release.wait(30)
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_relay)
    thread.start()
    try:
        assert holding.wait(30)
        assert outbox.relay_event(event.pk, now=SOON) == "busy"
        event.refresh_from_db()
        assert event.processed_at is None and event.attempts == 0 and event.last_error == ""
        assert event.due_at == SOON + outbox.BUSY_DELAY
        assert not Publication.objects.filter(kind="result").exists()
    finally:
        release.set()
        thread.join(30)
    assert outbox.relay_event(event.pk, now=SOON + outbox.BUSY_DELAY) == "published"
    assert Publication.objects.get(kind="result", status="published").subject == case.number
