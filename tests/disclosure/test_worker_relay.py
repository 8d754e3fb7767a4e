"""A real Celery worker publishes a decision within seconds of its commit (PostgreSQL + Redis, as in CI)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from backend.disclosure.models import Publication
from tests.disclosure.conftest import person

ROOT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("CELERY_BROKER_URL", "")

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql" or not BROKER.startswith("redis"),
                       reason="needs PostgreSQL and a Redis broker (CELERY_BROKER_URL), as CI provides"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def worker(tmp_path):
    env = {**os.environ, "DATABASE_URL": database_url(), "CELERY_BROKER_URL": BROKER}
    log = tmp_path / "worker.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "backend.config", "worker", "--pool=solo", "--loglevel=info",
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while " ready." not in log.read_text() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
    yield proc
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_a_decision_appears_on_the_results_api_within_seconds(worker, decide, client, settings):
    settings.DISCLOSURE_ENQUEUE = True
    case = decide(person("冯小刚"))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if Publication.objects.filter(kind="result", subject=case.number).exists():
            break
        time.sleep(0.05)
    rows = client.get("/public/api/results/").json()["results"]
    assert [r["case_number"] for r in rows] == [case.number]
    assert rows[0]["applicant"] == "冯*刚"
