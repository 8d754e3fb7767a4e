"""Item 8: PostgreSQL goes away for 10 s while Gunicorn serves a bounded load of reads and writes
(API and HTML pages). During the cut every answer is either a success or a clear 503 with
Retry-After — JSON errors (code "unavailable") on /api/, a short page with retry advice elsewhere —
never a 500 and never a dropped connection. Afterwards everything works again without restarting
anything (same Gunicorn workers, same Celery worker and beat, which publish the cases decided), and
no case is half-made or made twice."""

from __future__ import annotations

import threading
import time

import pytest

from .client import STEPS, Api, person, request
from .conftest import figure
from .nodes import wait_for

pytestmark = [pytest.mark.fault, pytest.mark.postgres]

CUT_AT, CUT_FOR, LOAD_FOR = 6.0, 10.0, 26.0  # seconds from the start of the load
GRACE = 2.0  # after PostgreSQL returns, answers must be successes again within this
PAUSE = 0.05  # between one client's requests
SUCCESS = {200, 201}


class Load:
    """Three clients: an applicant filing, staff carrying cases through every step, the public
    reading pages and looking a case up. Each answer is kept with the client's own expectation."""

    def __init__(self, port: int, api: Api, lookup: tuple[str, str], item: str) -> None:
        self.port, self.api, self.item = port, api, item
        self.number, self.code = lookup
        self.answers: list = []
        self.filed: dict[int, object] = {}  # request sequence → answer
        self.stop = threading.Event()
        self.errors: list[BaseException] = []
        self._lock = threading.Lock()

    def keep(self, answer):
        with self._lock:
            self.answers.append(answer)
        return answer

    def run(self, seconds: float) -> None:
        threads = [threading.Thread(target=self._guard, args=(f,)) for f in (self.applicant, self.staff, self.public)]
        for t in threads:
            t.start()
        time.sleep(seconds)
        self.stop.set()
        for t in threads:
            t.join(60)

    def _guard(self, client) -> None:
        try:
            while not self.stop.is_set():
                client()
        except BaseException as exc:  # surfaced by the test
            self.errors.append(exc)

    def get(self, path, user=None, **kw):
        token = self.api.tokens[user] if user else None
        answer = self.keep(request(self.port, "GET", path, token=token, **kw))
        time.sleep(PAUSE)
        return answer

    def post(self, path, user, json=None):
        answer = self.keep(request(self.port, "POST", path, token=self.api.tokens[user], json=json))
        time.sleep(PAUSE)
        return answer

    def applicant(self) -> None:
        seq = 1000 + len(self.filed)
        answer = self.post("/api/v1/cases/", "applicant",
                           json={"item": self.item, "channel": "online", "applicant": person(seq)})
        self.filed[seq] = answer
        if answer.status == 201:
            self.get(f"/api/v1/cases/{answer.json()['number']}/", "applicant")
        self.get("/api/v1/cases/", "applicant")

    def staff(self) -> None:
        for user, step, decision in STEPS:
            if self.stop.is_set():
                return
            listed = self.get("/api/v1/tasks/", user)
            if listed.status != 200:
                continue
            tasks = [t for t in listed.json()["results"] if t["step"] == step]
            if not tasks:
                continue
            task = tasks[0]
            if self.post(f"/api/v1/tasks/{task['id']}/claim/", user).status == 200:
                self.post(f"/api/v1/tasks/{task['id']}/complete/", user, json={"decision": decision})

    def public(self) -> None:
        self.get("/")
        self.get("/track/", query={"number": self.number, "query_code": self.code})
        self.get(f"/api/v1/public/cases/{self.number}/", query={"query_code": self.code})
        self.get(f"/guides/{self.item}/")
        self.get("/public/")


def is_clear_503(answer) -> bool:
    if answer.status != 503 or answer.headers.get("retry-after") != "10":
        return False
    if answer.path.startswith("/api/"):
        return answer.content_type.startswith("application/json") and \
            answer.json()["errors"][0]["code"] == "unavailable"
    return answer.content_type.startswith("text/html") and "服务暂时不可用" in answer.text and "秒后刷新" in answer.text


def test_postgres_stopped_for_10_seconds_mid_load(scenario):
    scenario.beat_schedule(every=5)
    proxy = scenario.postgres_proxy()
    cluster = scenario.cluster(database_url=scenario.db.url(port=proxy.port))
    web = cluster.web(workers=2, threads=4)
    worker = cluster.worker(concurrency=2)
    beat = cluster.beat()
    api = Api(scenario.tokens, scenario.item)
    filed = api.file(web.port, person(1))
    assert filed.status == 201, filed
    load = Load(web.port, api, (filed.json()["number"], filed.json()["query_code"]), scenario.item)
    for path in ("/", "/public/", f"/guides/{scenario.item}/"):  # warm both Gunicorn workers
        for _ in range(3):
            assert request(web.port, "GET", path).status == 200
    gunicorn_workers = web.children()

    started = time.monotonic()
    timer = threading.Thread(target=lambda: (time.sleep(CUT_AT), proxy.down(), time.sleep(CUT_FOR), proxy.up()))
    timer.start()
    load.run(LOAD_FOR)
    timer.join()
    assert not load.errors, load.errors
    (cut, back), = proxy.outages

    answers = load.answers
    broken = [a for a in answers if a.status == 0 or a.status >= 500 and not is_clear_503(a)]
    assert not broken, f"{len(broken)} answers neither a success nor a clear 503: {broken[:5]}"
    during = [a for a in answers if a.started >= cut and a.started + a.seconds <= back]
    after = [a for a in answers if a.started >= back + GRACE]
    assert during and all(a.status == 503 or a.status in SUCCESS for a in during), \
        [a for a in during if a.status != 503][:5]
    unavailable = [a for a in during if a.status == 503]
    assert any(a.path.startswith("/api/") for a in unavailable) and \
        any(not a.path.startswith("/api/") for a in unavailable), "no 503 of both kinds during the cut"
    assert after and all(a.status in SUCCESS or a.status == 404 and "/tasks/" in a.path for a in after), \
        [a for a in after if a.status not in SUCCESS][:5]
    assert any(a.status == 201 for a in after), "no case filed after PostgreSQL came back"

    # Nothing restarted: the same Gunicorn workers answer, the worker and beat run on.
    assert web.children() == gunicorn_workers, (gunicorn_workers, web.children())
    assert web.alive() and worker.alive() and beat.alive()

    db = scenario.db
    half_made = db.rows(
        "SELECT c.number FROM cases_case c LEFT JOIN viewflow_process p ON p.id = c.process_id "
        "WHERE p.id IS NULL "
        "OR NOT EXISTS (SELECT 1 FROM cases_caseevent e WHERE e.case_id = c.id AND e.kind = 'filed') "
        "OR NOT EXISTS (SELECT 1 FROM viewflow_task t WHERE t.process_id = p.id)"
        " OR (c.status IN ('in_progress', 'completed') AND ((SELECT count(*) FROM supervision_clock k "
        "     WHERE k.case_id = c.id AND k.kind IN ('promised', 'statutory')) <> 2 "
        "   OR NOT EXISTS (SELECT 1 FROM cases_caseevent e WHERE e.case_id = c.id AND e.kind = 'accepted')))")
    assert half_made == [], f"half-made cases: {half_made}"
    twice = db.rows("SELECT mobile, count(*) FROM cases_case GROUP BY mobile HAVING count(*) > 1")
    assert twice == [], f"one filing made several cases: {twice}"
    answered_201 = {a.json()["number"] for a in load.filed.values() if a.status == 201}
    cases = db.value("SELECT count(*) FROM cases_case WHERE mobile LIKE '1380000%%' AND mobile <> '13800000001'")
    in_doubt = sum(1 for a in load.filed.values() if a.status == 503)
    assert len(answered_201) <= cases <= len(answered_201) + in_doubt
    assert db.value("SELECT count(*) FROM cases_case WHERE number = ANY(%s)", [list(answered_201)]) == len(answered_201)
    repeated = db.rows("SELECT case_id, kind, step FROM cases_caseevent WHERE kind NOT IN ('claimed') "
                       "GROUP BY case_id, kind, step HAVING count(*) > 1")
    assert repeated == [], f"a step recorded twice: {repeated}"

    # The worker and beat recover by themselves: every completed case gets published.
    def published():
        return db.value("SELECT count(*) FROM cases_case c WHERE c.status = 'completed' AND NOT EXISTS "
                        "(SELECT 1 FROM disclosure_publication p "
                        " WHERE p.kind = 'result' AND p.subject = c.number)") == 0

    completed = db.value("SELECT count(*) FROM cases_case WHERE status = 'completed'")
    wait_for(published, 60, interval=0.5, what="every completed case published after PostgreSQL came back")
    assert completed > 0
    assert scenario.hashlog_ok(), scenario.tongban("supervision", "verify").stdout

    slowest_503 = max((a.seconds for a in unavailable), default=0)
    figure(f"postgres down: {len(answers)} requests in {LOAD_FOR:.0f} s, cut for {back - cut:.1f} s "
           f"({proxy.cut} connections cut); during the cut {len(unavailable)}×503 "
           f"(slowest {slowest_503 * 1000:.0f} ms) and {len(during) - len(unavailable)} successes; none 500 or "
           f"reset; after {GRACE:.0f} s grace all {len(after)} succeeded; {cases} cases filed "
           f"({len(answered_201)} answered 201, {in_doubt} filings answered 503), {completed} completed and "
           f"published; no half-made or duplicate case; same Gunicorn workers {gunicorn_workers}; "
           f"{time.monotonic() - started:.0f} s")
