"""Item 8: a worker is killed with SIGKILL (its whole process group, as when its host dies) while
publications drain. The other worker and beat's sweep finish the work: each decided case is
published exactly once, and the supervision log's hash chain still verifies."""

import json
import re
import time

import pytest

from .conftest import figure
from .nodes import wait_for

pytestmark = [pytest.mark.fault, pytest.mark.postgres]

CASES = 30


def relays_done(node) -> int:
    return len(re.findall(r"outbox_relay_task\[[^\]]+\] succeeded", node.text()))


def relays_in_flight(node) -> int:
    """Relay tasks the worker has taken (logged as received) and not finished."""
    text = node.text()
    received = set(re.findall(r"Task backend\.disclosure\.tasks\.outbox_relay_task\[([^\]]+)\] received", text))
    finished = set(re.findall(r"outbox_relay_task\[([^\]]+)\] (?:succeeded|failed|raised)", text))
    return len(received - finished)


def test_kill_9_of_a_worker_while_publications_drain(scenario):
    scenario.beat_schedule()  # the 15-second disclosure sweep, due as soon as beat starts
    cluster = scenario.cluster()
    victim = cluster.worker("worker-a", concurrency=2)
    survivor = cluster.worker("worker-b", concurrency=2)
    beat = cluster.beat()

    def published() -> int:
        return scenario.db.value("SELECT count(*) FROM disclosure_publication WHERE kind = 'result'")

    # Cases are decided (and their publications hinted to the broker) while both workers drain them.
    deciding = scenario.seed("decide", {"n": CASES}, background=True, DISCLOSURE_ENQUEUE="true")
    started = time.monotonic()
    wait_for(lambda: published() >= CASES // 4 and relays_done(victim) >= 2, 60, interval=0.02,
             what="worker-a to be relaying")
    # Kill it while it holds a relay (taken, unacknowledged: tasks are acks_late), if one comes soon.
    try:
        wait_for(lambda: relays_in_flight(victim), 10, interval=0.003, what="a relay in flight on worker-a")
    except AssertionError:
        pass  # the drain goes on; the kill still comes mid-drain, between two tasks
    victim.kill9()
    at_kill = published()
    victim_relays = relays_done(victim)
    killed_at = time.monotonic()
    wait_for(lambda: victim.group_pids() == [], 10, what="every process of the killed worker to be gone")
    unacked = scenario.redis.client.hlen("unacked")  # messages worker-a had taken and never acknowledged
    # (Redis gives them back only after the visibility timeout, an hour: the sweep publishes those events.)

    out, _ = deciding.communicate(timeout=180)
    assert deciding.returncode == 0, f"seeding failed: {(scenario.tmp / 'seed-decide.log').read_text()[-3000:]}"
    seeded = json.loads(out.strip().splitlines()[-1])
    numbers = seeded["numbers"]
    assert len(numbers) == CASES
    assert 0 < at_kill < CASES, f"the kill came at {at_kill} of {CASES} publications: not mid-drain"

    wait_for(lambda: published() >= CASES, 60, interval=0.2, what="the survivor and the sweep to publish the rest")
    drained = time.monotonic() - killed_at

    per_case = dict(scenario.db.rows("SELECT subject, count(*) FROM disclosure_publication WHERE kind = 'result' "
                                     "GROUP BY subject"))
    assert per_case == {number: 1 for number in numbers}
    events = scenario.db.rows("SELECT outcome, count(*) FROM disclosure_outboxevent WHERE kind = 'result' "
                              "GROUP BY outcome")
    assert events == [("published", CASES)], events
    logged = scenario.db.value("SELECT count(*) FROM supervision_logentry WHERE kind = 'publication_published' "
                               "AND payload->>'kind' = 'result'")
    assert logged == CASES
    assert survivor.alive() and beat.alive()
    assert scenario.hashlog_ok(), scenario.tongban("supervision", "verify").stdout
    figure(f"kill -9: worker-a killed after {victim_relays} of its relays, at {at_kill}/{CASES} published "
           f"({killed_at - started:.1f} s in), {unacked} message(s) left unacknowledged; the rest published "
           f"{drained:.1f} s later by worker-b ({relays_done(survivor)} relays) and the sweep; every case once")
