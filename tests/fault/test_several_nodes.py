"""Item 8 and docs/operations.md "Several nodes": two Gunicorn nodes and two Celery workers (plus
one beat) against one PostgreSQL. Cases are filed and carried through every step by both web
nodes alternately (a task claimed on one node is completed on the other); each is published once.
A sign-in made on one node holds on the other (same SECRET_KEY, sessions in PostgreSQL), a file
uploaded through one is served by the other (shared PRIVATE_MEDIA_ROOT), and the login and
query-code brakes count across nodes (their counters are rows in PostgreSQL). Node B runs with
the settings PgBouncer's transaction mode needs (DISABLE_SERVER_SIDE_CURSORS)."""

import re
import time

import pytest

from tests.samples import PDF

from .client import STEPS, Api, cookies_of, multipart, person, request
from .conftest import figure
from .nodes import wait_for

pytestmark = [pytest.mark.fault, pytest.mark.postgres]

CASES = 10
LOGIN_LIMIT = 4
LOOKUP_LIMIT = 10  # backend.cases.selectors.LOOKUP_FAILURES_PER_CASE


def sign_in(form_port: int, post_port: int, username: str, password: str) -> dict:
    """The login page read from one node, the form posted to the other; the session cookies."""
    page = request(form_port, "GET", "/accounts/login/")
    assert page.status == 200, page
    jar = cookies_of(page)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    body = f"csrfmiddlewaretoken={token}&username={username}&password={password}".encode()
    done = request(post_port, "POST", "/accounts/login/", body=body, content_type="application/x-www-form-urlencoded",
                   cookies=jar)
    assert done.status == 302, done
    return {**jar, **cookies_of(done)}


def test_two_web_nodes_and_two_workers_against_one_postgresql(scenario):
    scenario.beat_schedule(every=5)
    cluster = scenario.cluster(LOGIN_FAILURE_LIMIT=LOGIN_LIMIT)
    pgbouncer_ready = scenario.db.url(query="disable_server_side_cursors=True&conn_max_age=0")
    webs = [cluster.web("web-a", workers=1, threads=4), cluster.web("web-b", workers=1, threads=4,
                                                                    DATABASE_URL=pgbouncer_ready)]
    workers = [cluster.worker("worker-a", concurrency=1), cluster.worker("worker-b", concurrency=1)]
    cluster.beat()
    a, b = (w.port for w in webs)
    api = Api(scenario.tokens, scenario.item)
    started = time.monotonic()

    numbers = []
    for n in range(CASES):
        first, other = (a, b) if n % 2 == 0 else (b, a)
        filed = api.file(first, person(n))
        assert filed.status == 201, filed
        numbers.append(filed.json()["number"])
        for k, (user, step, decision) in enumerate(STEPS):
            claim_on, complete_on = (other, first) if k % 2 == 0 else (first, other)
            claim, done = api.act(complete_on, user, numbers[-1], step, decision, claim_port=claim_on)
            assert claim is not None and claim.status == 200, api.answers[-1]
            assert done is not None and done.status == 200, done
    flow_seconds = time.monotonic() - started

    # A file uploaded through node A (the applicant's, before acceptance), read through node B by a
    # clerk who signed in on A.
    filed = api.file(a, person(99))
    number, code = filed.json()["number"], filed.json()["query_code"]
    body, ctype = multipart({"file": ("申请书.pdf", PDF, "application/pdf")})
    upload = api.call(a, "POST", f"/api/v1/cases/{number}/materials/", "applicant", body=body, content_type=ctype)
    assert upload.status == 201, upload
    session = sign_in(a, a, "clerk", scenario.password)
    mine = request(b, "GET", "/api/v1/cases/", cookies=session)
    assert mine.status == 200 and number in mine.text, mine  # the session signed on A holds on B
    download = request(b, "GET", f"/cases/{number}/materials/{upload.json()['id']}/", cookies=session)
    assert download.status == 200 and download.body == PDF, download

    # The login brake across nodes: failures on A and B add up; then both refuse, even the right password.
    attacker = {"X-Forwarded-For": "203.0.113.30"}
    wrong = {"username": "reviewer", "password": "not-the-password"}
    right = {"username": "reviewer", "password": scenario.password}
    for n in range(LOGIN_LIMIT - 1):
        port = (a, b)[n % 2]
        assert request(port, "POST", "/api/v1/auth/token/", json=wrong, headers=attacker).status == 400
    assert request(b, "POST", "/api/v1/auth/token/", json=wrong, headers=attacker).status == 429
    for port in (a, b):
        refused = request(port, "POST", "/api/v1/auth/token/", json=right, headers=attacker)
        assert refused.status == 429 and refused.json()["errors"][0]["code"] == "throttled", refused
    assert request(a, "POST", "/api/v1/auth/token/", json=right, headers={"X-Forwarded-For": "198.51.100.9"}
                   ).status == 200

    # The query-code brake across nodes: ten wrong codes for one number, alternately on A and B.
    lookup = f"/api/v1/public/cases/{number}/"
    for n in range(LOOKUP_LIMIT):
        miss = request((a, b)[n % 2], "GET", lookup, query={"query_code": f"WRONG{n:03d}"},
                       headers={"X-Forwarded-For": f"203.0.113.{150 + n}"})
        assert miss.status == 404, miss
    for port in (a, b):
        locked = request(port, "GET", lookup, query={"query_code": code})
        assert locked.status == 429 and locked.json()["errors"][0]["code"] == "throttled", locked
    page = request(b, "GET", "/track/", query={"number": number, "query_code": code})
    assert page.status == 429 and "尝试次数过多" in page.text

    bad = [x for x in api.answers if not x.status or x.status >= 500]
    assert not bad, bad

    db = scenario.db

    def published():
        return db.value("SELECT count(DISTINCT subject) FROM disclosure_publication WHERE kind = 'result' "
                        "AND subject = ANY(%s)", [numbers]) == CASES

    wait_for(published, 60, interval=0.5, what="every decided case published")
    per_case = dict(db.rows("SELECT subject, count(*) FROM disclosure_publication WHERE kind = 'result' "
                            "GROUP BY subject"))
    assert per_case == {number: 1 for number in numbers}
    timeline = db.rows("SELECT c.number, e.kind, count(*) FROM cases_caseevent e JOIN cases_case c ON c.id = e.case_id "
                       "WHERE c.number = ANY(%s) GROUP BY c.number, e.kind", [numbers])
    counts = {(n, kind): count for n, kind, count in timeline}
    for n in numbers:
        for kind, expected in (("filed", 1), ("claimed", 4), ("accepted", 1), ("reviewed", 1), ("approved", 1),
                               ("completed", 1)):
            assert counts.get((n, kind)) == expected, (n, kind, counts.get((n, kind)))
    assert scenario.hashlog_ok(), scenario.tongban("supervision", "verify").stdout
    relays = {w.name: w.text().count("] succeeded") for w in workers}
    figure(f"several nodes: {CASES} cases through 2 web nodes alternately in {flow_seconds:.1f} s "
           f"({len(api.answers)} API requests), each published once; tasks run per worker {relays}; session and "
           f"private file shared; login braked after {LOGIN_LIMIT} failures split over both nodes, query code "
           f"after {LOOKUP_LIMIT}; node B with DISABLE_SERVER_SIDE_CURSORS")
