"""Ten staff acting at once on the embedded demo (SQLite, conftest.py): no answer is a 500; a lost
race — a task someone else claimed a moment earlier, a completion of a task already completed —
answers 409 with the API's JSON errors; everything else succeeds, and every case is accepted once.

Before SQLite's transactions began IMMEDIATE (backend/config/settings.py) most of these requests
answered 500 "database is locked" within a fraction of a second: a transaction that had read
could not wait for the write lock another one held."""

from __future__ import annotations

import re
import sqlite3
import threading
from collections import Counter

from tests.fault.client import Answer, cookies_of, request

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
    """Answers by status, with the slowest answer of each."""
    by_status: dict[int, list[float]] = {}
    for a in answers:
        by_status.setdefault(a.status, []).append(a.seconds)
    return ", ".join(f"{status}: {len(seconds)} (slowest {max(seconds):.2f} s)"
                     for status, seconds in sorted(by_status.items()))


def test_ten_staff_at_once_on_the_sqlite_demo(sqlite_demo):
    demo, cases = sqlite_demo, iter(sqlite_demo.cases[:25])
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
    # The worker and its beat wrote to the same file meanwhile (the completions' hints); none of them waited in vain.
    assert set(demo.locked().values()) == {0}, demo.locked()


def form_token(page: Answer) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def sign_in(demo, clerk: str) -> dict:
    page = request(demo.port, "GET", "/accounts/login/", timeout=60)
    jar = cookies_of(page)
    done = request(demo.port, "POST", "/accounts/login/", cookies=jar, timeout=60,
                   content_type="application/x-www-form-urlencoded",
                   body=f"csrfmiddlewaretoken={form_token(page)}&username={clerk}&password={demo.password}".encode())
    assert done.status == 302, done
    return {**jar, **cookies_of(done)}


def claim_on_the_page(demo, jar: dict, task: int) -> tuple[Answer, Answer]:
    """The task page, its 签收 button, and the page the browser is sent to (with the message)."""
    page = request(demo.port, "GET", f"/staff/tasks/{task}/", cookies=jar, timeout=60)
    assert page.status == 200, page
    posted = request(demo.port, "POST", f"/staff/tasks/{task}/claim/", cookies=jar, timeout=60,
                     content_type="application/x-www-form-urlencoded",
                     body=f"csrfmiddlewaretoken={form_token(page)}".encode())
    if posted.status != 302:
        return posted, posted
    shown = request(demo.port, "GET", posted.headers["location"], cookies={**jar, **cookies_of(posted)}, timeout=60)
    return posted, shown


def test_ten_staff_claiming_on_the_pages_at_once(sqlite_demo):
    """The same race on the HTML pages: signing in (sessions, the login brake's rows) and claiming;
    the loser is sent back to the inbox with a message saying someone else has the task."""
    demo = sqlite_demo
    tasks = [case["task"] for case in demo.cases[25:30]]
    jars = race([lambda c=c: sign_in(demo, c) for c in CLERKS])
    wanted = [tasks[i % CONTESTED] for i in range(len(CLERKS))]  # clerks i and i+5 want the same task
    results = race([lambda j=j, t=t: claim_on_the_page(demo, j, t) for j, t in zip(jars, wanted, strict=True)])
    answers = [a for pair in results for a in pair]
    figure(f"pages: 10 sign-ins, then 10 claims of 5 tasks at once: {tally([r[0] for r in results])} "
           f"(pages shown after: {tally([r[1] for r in results])})")
    failed = [a for a in answers if a.status >= 500 or a.status == 0]
    assert not failed, f"{len(failed)} server errors, e.g. {failed[:3]}\n{demo.logs()}"
    for n, task in enumerate(tasks):
        page = f"/staff/tasks/{task}/"
        (won, won_page), (lost, lost_page) = sorted([results[n], results[n + CONTESTED]],
                                                    key=lambda r, page=page: r[0].headers.get("location") != page)
        assert won.headers["location"] == page and "已签收任务，请办理。" in won_page.text
        assert lost.headers["location"] == "/staff/tasks/" and lost_page.status == 200
        assert "该任务已被他人签收或已处理。" in lost_page.text
