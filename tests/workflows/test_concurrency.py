"""Two staff acting on the same task at the same moment: one wins, the other gets 409."""

import threading

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from backend.cases.models import CaseEvent
from tests import factories
from tests.factories import PERSON

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks across threads need PostgreSQL"),
    # Threads need committed rows; serialized rollback restores the seeded calendar and roles after.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def race(calls):
    """Runs each call in its own thread, released together; returns their HTTP statuses."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def client(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


@pytest.fixture
def accept_task(dept):
    clerks = [factories.user(f"clerk{i}", "clerk", departments=[dept]) for i in range(2)]
    applicant = factories.user("someone", "applicant")
    item = factories.item(dept)
    number = client(applicant).post("/api/v1/cases/", {"item": item.code, "channel": "online",
                                                        "applicant": PERSON}, format="json").json()["number"]
    task = client(clerks[0]).get("/api/v1/tasks/").json()["results"][0]
    return clerks, number, task["id"]


def test_two_clerks_claiming_the_same_task_one_gets_409(accept_task):
    clerks, number, task_id = accept_task
    statuses = race([lambda u=u: client(u).post(f"/api/v1/tasks/{task_id}/claim/").status_code for u in clerks])
    assert sorted(statuses) == [200, 409]


def test_completing_the_same_task_twice_at_once_transitions_once(accept_task):
    clerks, number, task_id = accept_task
    assert client(clerks[0]).post(f"/api/v1/tasks/{task_id}/claim/").status_code == 200

    def complete():
        return client(clerks[0]).post(f"/api/v1/tasks/{task_id}/complete/", {"decision": "accept"},
                                      format="json").status_code

    statuses = race([complete, complete, complete])
    assert sorted(statuses) == [200, 409, 409]
    assert CaseEvent.objects.filter(case__number=number, kind="accepted").count() == 1
    reviews = client(clerks[0]).get(f"/api/v1/cases/{number}/").json()
    assert reviews["status"] == "in_progress"


def test_concurrent_filings_never_share_a_case_number(dept):
    applicant = factories.user("filer", "applicant")
    item = factories.item(dept)

    def file():
        r = client(applicant).post("/api/v1/cases/", {"item": item.code, "channel": "online",
                                                      "applicant": PERSON}, format="json")
        return r.status_code, r.json().get("number")

    results = race([file] * 8)
    assert [s for s, _ in results] == [201] * 8
    assert len({n for _, n in results}) == 8


def test_a_completion_waiting_for_the_lock_sees_the_first_ones_result(dept, monkeypatch):
    """With a waiting (not NOWAIT) lock the second completion gets the lock only after the first
    committed; it must then read the task as the first left it (done: 409), not as it was when the
    second's statement began."""
    import time

    from viewflow.workflow import lock

    from workflows import services
    from workflows.flows import PermitFlow

    clerk = factories.user("clerk0", "clerk", departments=[dept])
    applicant = factories.user("someone", "applicant")
    item = factories.item(dept)
    number = client(applicant).post("/api/v1/cases/", {"item": item.code, "channel": "online",
                                                        "applicant": PERSON}, format="json").json()["number"]
    task_id = client(clerk).get("/api/v1/tasks/").json()["results"][0]["id"]
    assert client(clerk).post(f"/api/v1/tasks/{task_id}/claim/").status_code == 200
    monkeypatch.setattr(PermitFlow, "lock_impl", lock.SelectForUpdateLock(nowait=False, attempts=5))
    first_holds_lock = threading.Event()
    apply_decision = services._apply_decision

    def slow_first(**kwargs):
        apply_decision(**kwargs)
        if not first_holds_lock.is_set():
            first_holds_lock.set()
            time.sleep(1.0)  # the second completion queues on the process lock meanwhile

    monkeypatch.setattr(services, "_apply_decision", slow_first)
    statuses = []

    def complete():
        try:
            statuses.append(client(clerk).post(f"/api/v1/tasks/{task_id}/complete/", {"decision": "accept"},
                                               format="json").status_code)
        finally:
            connections.close_all()

    first = threading.Thread(target=complete)
    first.start()
    assert first_holds_lock.wait(10)
    second = threading.Thread(target=complete)
    second.start()
    first.join(30)
    second.join(30)
    assert sorted(statuses) == [200, 409]
    assert CaseEvent.objects.filter(case__number=number, kind="accepted").count() == 1
