"""Item 7: with Redis away (broker and cache), signing in, the public case lookup and /track/ answer
as usual, and the brakes still brake: their counters are rows in PostgreSQL, not cache entries."""

import pytest

from .client import STEPS, Api, person, request
from .conftest import figure
from .nodes import wait_for

pytestmark = [pytest.mark.fault, pytest.mark.postgres]

LOGIN_LIMIT = 4
LOOKUP_LIMIT = 10  # backend.cases.selectors.LOOKUP_FAILURES_PER_CASE


def test_with_redis_away_sign_in_lookup_and_tracking_answer_and_stay_braked(scenario):
    proxy = scenario.redis_proxy()
    redis_url = scenario.redis.url(port=proxy.port)
    web = scenario.cluster(broker_url=redis_url, CACHE_URL=redis_url, LOGIN_FAILURE_LIMIT=LOGIN_LIMIT).web(workers=1)
    api = Api(scenario.tokens, scenario.item)
    filed = api.file(web.port, person(1))
    assert filed.status == 201, filed
    number, code = filed.json()["number"], filed.json()["query_code"]
    for user, step, decision in STEPS:  # its completion hints a publication: the node reaches Redis via us
        _claim, done = api.act(web.port, user, number, step, decision)
        assert done is not None and done.status == 200, api.answers[-1]
    wait_for(lambda: proxy.accepted > 0, 10, what="the web node's broker connection through the proxy")

    proxy.down()
    answers = []

    def ask(*args, **kw):
        answer = request(*args, **kw)
        answers.append(answer)
        return answer

    # Work goes on: filing needs no broker (the hint is dropped; the sweep publishes later).
    assert api.file(web.port, person(2)).status == 201
    # Signing in: the right password gets a token, wrong ones are braked from that address only.
    right = {"username": "clerk", "password": scenario.password}
    wrong = {"username": "clerk", "password": "not-the-password"}
    assert ask(web.port, "POST", "/api/v1/auth/token/", json=right).status == 200
    attacker = {"X-Forwarded-For": "203.0.113.20"}
    for _ in range(LOGIN_LIMIT - 1):
        assert ask(web.port, "POST", "/api/v1/auth/token/", json=wrong, headers=attacker).status == 400
    braked = ask(web.port, "POST", "/api/v1/auth/token/", json=wrong, headers=attacker)
    assert braked.status == 429 and braked.json()["errors"][0]["code"] == "throttled", braked
    assert int(braked.headers["retry-after"]) > 0
    assert ask(web.port, "POST", "/api/v1/auth/token/", json=right, headers=attacker).status == 429
    assert ask(web.port, "POST", "/api/v1/auth/token/", json=right, headers={"X-Forwarded-For": "198.51.100.3"}
               ).status == 200

    # The public lookup and the tracking page answer, and wrong query codes are braked.
    lookup = f"/api/v1/public/cases/{number}/"
    assert ask(web.port, "GET", lookup, query={"query_code": code}).status == 200
    page = ask(web.port, "GET", "/track/", query={"number": number, "query_code": code})
    assert page.status == 200 and number in page.text
    for n in range(LOOKUP_LIMIT):  # from ten addresses, half by the API, half by the page
        guesser = {"X-Forwarded-For": f"203.0.113.{100 + n}"}
        if n % 2:
            miss = ask(web.port, "GET", lookup, query={"query_code": f"WRONG{n:03d}"}, headers=guesser)
        else:
            miss = ask(web.port, "GET", "/track/", query={"number": number, "query_code": f"WRONG{n:03d}"},
                       headers=guesser)
        assert miss.status == 404, miss
    locked = ask(web.port, "GET", lookup, query={"query_code": code})
    assert locked.status == 429 and locked.json()["errors"][0]["code"] == "throttled", locked
    locked_page = ask(web.port, "GET", "/track/", query={"number": number, "query_code": code})
    assert locked_page.status == 429 and "尝试次数过多" in locked_page.text

    assert all(a.status and a.status < 500 for a in answers), [a for a in answers if not a.status or a.status >= 500]
    slowest = max(answers, key=lambda a: a.seconds)
    # A request that waited for Redis would take the 2 s connect timeout at least.
    assert slowest.seconds < 2.0, slowest
    failures = scenario.db.value("SELECT count(*) FROM common_failedattempt")
    figure(f"redis away: {len(answers)} requests, none 5xx, slowest {slowest.seconds * 1000:.0f} ms "
           f"({slowest.method} {slowest.path.split('?')[0]}); login braked after {LOGIN_LIMIT}, lookup after "
           f"{LOOKUP_LIMIT}; {failures} failed-attempt rows in PostgreSQL; proxy cut {proxy.cut} connection(s)")
