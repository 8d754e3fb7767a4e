"""Ten staff acting at once on the embedded demo (SQLite, conftest.py): no answer is a 500; a lost
race — a task someone else claimed a moment earlier, a completion of a task already completed —
answers 409 with the API's JSON errors; everything else succeeds, and every case is accepted once.

Before SQLite's transactions began IMMEDIATE (backend/config/settings.py) most of these requests
answered 500 "database is locked" within a fraction of a second: a transaction that had read
could not wait for the write lock another one held."""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter

from tests.fault.client import Answer, request

from .conftest import figure

CLERKS = [f"clerk{i}" for i in range(10)]
ROUNDS = 3
CONTESTED = 5  # tasks per round, each claimed and then completed by two clerks at once


def race(calls) -> list[Answer]:
    """Each call in its own thread, released together; their answers in order."""
    barrier = threading.Barrier(len(calls))
    answers: list = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        answers[index] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return answers


def claim(demo, clerk: str, task: int) -> Answer:
    return request(demo.port, "POST", f"/api/v1/tasks/{task}/claim/", token=demo.tokens[clerk], timeout=60)


def complete(demo, clerk: str, task: int) -> Answer:
    return request(demo.port, "POST", f"/api/v1/tasks/{task}/complete/", token=demo.tokens[clerk],
                   json={"decision": "accept"}, timeout=60)


def own_task(demo, clerk: str, task: int) -> list[Answer]:
    """A clerk's whole turn on a task nobody else wants: the inbox, claim, complete."""
    inbox = request(demo.port, "GET", "/api/v1/tasks/", token=demo.tokens[clerk], timeout=60)
    return [inbox, claim(demo, clerk, task), complete(demo, clerk, task)]


def error_code(answer: Answer) -> str | None:
    if not answer.content_type.startswith("application/json"):
        return None
    return answer.json()["errors"][0]["code"]


def tally(answers: list[Answer]) -> str:
    return ", ".join(f"{status}: {n}" for status, n in sorted(Counter(a.status for a in answers).items()))


def test_ten_staff_at_once_on_the_sqlite_demo(sqlite_demo):
    demo, cases = sqlite_demo, iter(sqlite_demo.cases)
    phases: dict[str, list[Answer]] = {"claims": [], "completions": [], "own tasks": []}
    contested = []
    for _ in range(ROUNDS):
        tasks = [next(cases) for _ in range(CONTESTED)]
        contested += tasks
        # Clerks i and i+5 want the same task.
        pairs = [(clerk, tasks[i % CONTESTED]["task"]) for i, clerk in enumerate(CLERKS)]
        phases["claims"] += race([lambda c=c, t=t: claim(demo, c, t) for c, t in pairs])
        # Each holder completes, and so does the colleague who lost the claim.
        phases["completions"] += race([lambda c=c, t=t: complete(demo, c, t) for c, t in pairs])
    alone = [next(cases) for _ in CLERKS]
    for turn in race([lambda c=c, t=t["task"]: own_task(demo, c, t) for c, t in zip(CLERKS, alone, strict=True)]):
        phases["own tasks"] += turn
    everything = [a for answers in phases.values() for a in answers]
    figure(f"{len(everything)} requests from 10 clerks at once: {tally(everything)} "
           f"({'; '.join(f'{name}: {tally(answers)}' for name, answers in phases.items())})")

    failed = [a for a in everything if a.status >= 500 or a.status == 0]
    assert not failed, f"{len(failed)} server errors, e.g. {failed[:3]}\n{demo.logs()}"
    for name in ("claims", "completions"):
        per_task = [phases[name][i:i + len(CLERKS)] for i in range(0, len(phases[name]), len(CLERKS))]
        for answers in per_task:
            for n in range(CONTESTED):
                pair = answers[n], answers[n + CONTESTED]
                assert sorted(a.status for a in pair) == [200, 409], (name, pair)
    lost = [a for a in phases["claims"] + phases["completions"] if a.status == 409]
    assert {error_code(a) for a in lost} <= {"already_claimed", "not_claimed", "already_done"}, lost
    assert {a.status for a in phases["own tasks"]} == {200}
    assert Counter(error_code(a) for a in phases["claims"] if a.status == 409) == {"already_claimed": 15}

    # The record: each case accepted exactly once, whoever won.
    with sqlite3.connect(f"file:{demo.database}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT c.number, c.status, (SELECT count(*) FROM cases_caseevent e WHERE e.case_id = c.id"
            " AND e.kind = 'accepted') FROM cases_case c").fetchall()
    state = {number: (status, accepted) for number, status, accepted in rows}
    assert all(state[case["number"]] == ("in_progress", 1) for case in contested + alone), state
