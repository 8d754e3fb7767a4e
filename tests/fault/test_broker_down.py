"""Items 7 and 8: the broker (Redis) goes away while cases are filed and decided through Gunicorn.
No request fails, completions (which hint publications) and clock actions (which hint notification
e-mails) stay within twice their latency with the broker up, and once it is back every decided case
is published — by its hint or by the sweep — and every e-mail sent, without restarting anything."""

import time

import pytest

from .client import STEPS, Api, percentile, person
from .conftest import figure
from .nodes import wait_for

pytestmark = [pytest.mark.fault, pytest.mark.postgres]

CASES_UP = 4  # before the outage, and again after it: the broker-up figures
CASES_DOWN = 8


def run_cases(api, port, first, count, figures):
    """File `count` cases and carry each through every step; a suspension and resumption (each
    telling the applicant, with an e-mail) after acceptance. Latencies go into `figures`."""
    numbers = []
    for n in range(first, first + count):
        filed = api.file(port, person(n))
        assert filed.status == 201, filed
        number = filed.json()["number"]
        for user, step, decision in STEPS:
            claim, done = api.act(port, user, number, step, decision)
            assert claim is not None and claim.status == 200, api.answers[-1]
            assert done is not None and done.status == 200, done
            figures["complete"].append(done.seconds)
            if step == "accept":
                # The reviewer: the suspension rules let specialists, not clerks, call an expert review.
                for action, body in (("suspend", {"procedure": "expert_review", "detail": "组织专家评审",
                                                  "expected_days": 5}), ("resume", None)):
                    answer = api.call(port, "POST", f"/api/v1/cases/{number}/clock/{action}/", "reviewer", json=body)
                    assert answer.status == 200, answer
                    figures["notify"].append(answer.seconds)
        numbers.append(number)
    return numbers


def test_broker_down_while_filing_and_deciding(scenario):
    scenario.beat_schedule(every=10)  # every sweep every 10 s, due as beat starts
    proxy = scenario.redis_proxy()
    broker = scenario.redis.url(port=proxy.port)
    cluster = scenario.cluster(broker_url=broker, CACHE_URL=broker)
    web = cluster.web(workers=2, threads=4)
    worker = cluster.worker(concurrency=2)
    beat = cluster.beat()
    api = Api(scenario.tokens, scenario.item)

    warm = run_cases(api, web.port, 0, 2, {"complete": [], "notify": []})  # both Gunicorn workers warm
    up = {"complete": [], "notify": []}
    down = {"complete": [], "notify": []}
    before = run_cases(api, web.port, 100, CASES_UP, up)
    wait_for(lambda: scenario.db.value("SELECT count(*) FROM disclosure_publication WHERE kind = 'result'")
             >= len(warm) + len(before), 30, what="publications with the broker up")
    hinted_up = worker.text().count("outbox_relay_task")

    first_answer = len(api.answers)
    proxy.down()
    cut_at = time.monotonic()
    during = run_cases(api, web.port, 200, CASES_DOWN, down)
    outage = api.answers[first_answer:]
    proxy.up()
    restored_at = time.monotonic()
    outage_seconds = restored_at - cut_at
    after = run_cases(api, web.port, 300, CASES_UP, up)  # broker up again: brackets the outage against drift

    bad = [a for a in api.answers if not a.status or a.status >= 500]
    assert not bad, bad
    decided = warm + before + during + after

    def published():
        return scenario.db.value("SELECT count(DISTINCT subject) FROM disclosure_publication WHERE kind = 'result' "
                                 "AND subject = ANY(%s)", [decided]) == len(decided)

    wait_for(published, 90, interval=0.5, what="every decided case published after the broker returned")
    all_published_after = time.monotonic() - restored_at
    wait_for(lambda: not scenario.db.value("SELECT count(*) FROM supervision_notification "
                                           "WHERE email_status = 'pending'"),
             90, interval=0.5, what="every notification e-mail sent after the broker returned")
    all_mailed_after = time.monotonic() - restored_at

    per_case = scenario.db.rows("SELECT subject, count(*) FROM disclosure_publication WHERE kind = 'result' "
                                "GROUP BY subject HAVING count(*) > 1")
    assert per_case == [], per_case
    told = scenario.db.rows("SELECT kind, count(*), count(DISTINCT case_id) FROM supervision_notification "
                            "WHERE kind IN ('suspended', 'resumed') AND email_status = 'sent' "
                            "GROUP BY kind ORDER BY kind")
    assert told == [("resumed", len(decided), len(decided)), ("suspended", len(decided), len(decided))]
    mails = scenario.db.value("SELECT count(*) FROM supervision_notification WHERE email_status = 'sent'")
    twice = scenario.db.rows("SELECT card_id, recipient_id FROM supervision_notification WHERE card_id IS NOT NULL "
                             "GROUP BY card_id, recipient_id HAVING count(*) > 1")
    assert twice == [], twice
    assert worker.alive() and beat.alive() and web.alive(), "a process died while the broker was away"

    p95 = {name: (percentile(up[name], 95), percentile(down[name], 95)) for name in ("complete", "notify")}
    figure(f"broker down: {len(outage)} requests in {outage_seconds:.1f} s of outage, none failed; "
           f"completion p95 up {p95['complete'][0] * 1000:.0f} ms / down {p95['complete'][1] * 1000:.0f} ms "
           f"(n={len(up['complete'])}/{len(down['complete'])}); suspend/resume p95 up "
           f"{p95['notify'][0] * 1000:.0f} ms / down {p95['notify'][1] * 1000:.0f} ms; all {len(decided)} "
           f"published {all_published_after:.1f} s and {mails} e-mails sent {all_mailed_after:.1f} s after the "
           f"broker returned (relay tasks seen by the worker with the broker up: {hinted_up})")
    for name, (with_broker, without) in p95.items():
        assert without <= 2 * with_broker, f"{name}: p95 {without:.3f} s with the broker down, {with_broker:.3f} s up"
