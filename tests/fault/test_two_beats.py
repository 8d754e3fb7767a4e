"""Item 8: two workers, each with an embedded beat, start at the same instant while clocks are due
(cases accepted 40 days ago), decided cases wait for the publication sweep and the new year's
calendar is still provisional. Every periodic task is then enqueued twice each round, and the two
workers run the copies at once: still no duplicate card, notification, e-mail or publication."""

import re
import time

import pytest

from .conftest import figure
from .nodes import wait_for

pytestmark = [pytest.mark.fault, pytest.mark.postgres]

OVERDUE, DECIDED, ROUNDS = 6, 8, 4
TASKS = ("clocks_sweep_task", "notifications_email_sweep_task", "disclosure_sweep_task", "calendar_watch_task")


def sent_by_beat(node, task: str) -> int:
    return len(re.findall(rf"Scheduler: Sending due task .*\(backend\.[a-z]+\.tasks\.{task}\)", node.text()))


def test_two_workers_with_beat_started_at_the_same_instant(scenario):
    overdue = scenario.seed("overdue", {"n": OVERDUE, "days": 40})["numbers"]
    decided = scenario.seed("decide", {"n": DECIDED}, DISCLOSURE_ENQUEUE="false")["numbers"]  # left to the sweep
    due = scenario.db.value("SELECT count(*) FROM supervision_clock WHERE next_change_at <= now()")
    assert due >= 2 * OVERDUE
    assert scenario.db.value("SELECT count(*) FROM supervision_card") == 0
    scenario.beat_schedule(every=2)  # every periodic task due at once, then every 2 s

    cluster = scenario.cluster()
    nodes = [cluster.worker(name, concurrency=2, beat=True, start=False) for name in ("worker-a", "worker-b")]
    for node in nodes:  # the same instant
        node.start()
    started = time.monotonic()
    for node in nodes:
        node.wait_log(" ready.")

    def settled():
        return (all(sent_by_beat(node, task) >= ROUNDS for node in nodes for task in TASKS)
                and scenario.db.value("SELECT count(*) FROM disclosure_publication WHERE kind = 'result'") >= DECIDED
                and not scenario.db.value("SELECT count(*) FROM supervision_notification "
                                          "WHERE email_status = 'pending'"))

    wait_for(settled, 60, interval=0.5, what=f"{ROUNDS} rounds of every task from both beats")
    time.sleep(2)  # the last round's tasks finish
    elapsed = time.monotonic() - started
    for node in nodes:
        assert node.alive(), node.tail()

    db = scenario.db
    cards = db.value("SELECT count(*) FROM supervision_card")
    assert cards >= 2 * OVERDUE, "the overdue clocks got no cards: the scenario proved nothing"
    twice = db.rows("SELECT clock_id, to_state, severity, rule_id, count(*) FROM supervision_card "
                    "GROUP BY clock_id, to_state, severity, rule_id HAVING count(*) > 1")
    assert twice == [], f"duplicate cards: {twice}"
    carded = db.value("SELECT count(DISTINCT k.number) FROM supervision_card c JOIN cases_case k ON k.id = c.case_id "
                      "WHERE k.number = ANY(%s)", [overdue])
    assert carded == OVERDUE

    notifications = db.value("SELECT count(*) FROM supervision_notification")
    twice = db.rows("SELECT card_id, recipient_id, count(*) FROM supervision_notification WHERE card_id IS NOT NULL "
                    "GROUP BY card_id, recipient_id HAVING count(*) > 1")
    assert twice == [], f"duplicate notifications: {twice}"
    keyed = db.rows("SELECT recipient_id, key, count(*) FROM supervision_notification WHERE key <> '' "
                    "GROUP BY recipient_id, key")
    assert keyed and all(n == 1 for *_, n in keyed), keyed  # the calendar notice to administrators: once
    sent = db.value("SELECT count(*) FROM supervision_notification WHERE email_status = 'sent'")
    mailed = sum(len(re.findall(r"^Subject:", node.text(), re.M)) for node in nodes)  # the console backend
    assert sent > 0 and mailed == sent, f"{mailed} e-mails written for {sent} notifications sent"

    per_case = dict(db.rows("SELECT subject, count(*) FROM disclosure_publication WHERE kind = 'result' "
                            "GROUP BY subject"))
    assert per_case == {number: 1 for number in decided}
    guides = db.rows("SELECT subject, count(*) FROM disclosure_publication WHERE kind = 'guide' GROUP BY subject")
    assert guides == [(scenario.item, 1)]
    assert scenario.hashlog_ok(), scenario.tongban("supervision", "verify").stdout

    sends = {node.name: sum(sent_by_beat(node, task) for task in TASKS) for node in nodes}
    figure(f"two beats: {sends} periodic sends in {elapsed:.1f} s; {due} due clocks → {cards} cards, "
           f"{notifications} notifications, {sent} e-mails (each written once), {DECIDED} results + 1 guide "
           f"published once each; hash chain verifies")
