"""Publish latency: from the commit of a case's completion (with its decision) to the case appearing
in /public/api/results/, with a real Celery worker and broker.

    DATABASE_URL=postgres://… CELERY_BROKER_URL=redis://127.0.0.1:6379/5 \\
        .venv/bin/python tests/bench/publish.py --n 100

Starts `celery -A backend.config worker` as a subprocess on the same database and broker, drives N
cases through accept → review → decide → complete (workflows services, as the staff pages do) and
polls the public API after each commit. Prints one JSON line with p50 and p99 in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

# The script folder holds calendar.py, which would shadow the standard library module.
ROOT = Path(__file__).resolve().parents[2]
sys.path[0] = str(ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from tests import factories  # noqa: E402
from workflows import selectors, services  # noqa: E402

STEPS = [("clerk", "accept"), ("reviewer", "review"), ("approver", "decide"), ("clerk", "complete")]


def start_worker(log: Path) -> subprocess.Popen:
    out = log.open("w")
    proc = subprocess.Popen([sys.executable, "-m", "celery", "-A", "backend.config", "worker", "--pool=solo",
                             "--loglevel=info", "--without-gossip", "--without-mingle", "--without-heartbeat"],
                            cwd=ROOT, env=dict(os.environ), stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while " ready." not in log.read_text():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"worker did not start:\n{log.read_text()[-2000:]}")
        time.sleep(0.1)
    return proc


def setup():
    suffix = uuid.uuid4().hex[:8]
    dept = factories.department(f"pub{suffix}", f"发布基准部门{suffix}")
    users = {role: factories.user(f"pub-{role}-{suffix}", role, departments=[dept])
             for role in ("clerk", "reviewer", "approver", "applicant")}
    return users, factories.item(dept, code=f"PUB{suffix}")


def complete_case(users, item) -> str:
    now = timezone.now()
    applicant = {**factories.PERSON, "name": "张小明"}
    case = services.case_file_and_start(item_code=item.code, channel="online", applicant=applicant,
                                        actor=users["applicant"], now=now)
    for role, step in STEPS:
        task_id = selectors.tasks_open_for_case(case=case).values_list("id", flat=True).get()
        services.task_claim(task_id=task_id, actor=users[role], now=timezone.now())
        decision = {"accept": "accept", "decide": "approve"}.get(step, "done")
        services.task_complete(task_id=task_id, actor=users[role], decision=decision, opinion="同意",
                               now=timezone.now())
    return case.number


def wait_public(client: Client, item_code: str, number: str, timeout: float = 30.0) -> float | None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        rows = client.get("/public/api/results/", {"item": item_code, "page_size": 1}).json()["results"]
        if rows and rows[0]["case_number"] == number:
            return time.perf_counter()
        time.sleep(0.005)
    return None


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100)
    args = parser.parse_args()
    if settings.CELERY_BROKER_URL.startswith("filesystem"):
        print("note: filesystem broker; set CELERY_BROKER_URL=redis://… for the production figure", file=sys.stderr)
    call_command("migrate", verbosity=0, interactive=False)
    users, item = setup()
    log = Path(tempfile.mkdtemp(prefix="tongban-bench-")) / "worker.log"
    worker = start_worker(log)
    latencies, lost = [], 0
    try:
        with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            client = Client()
            complete_case(users, item)  # warm-up: imports, caches, the worker's first task
            wait_public(client, item.code, "")
            for _ in range(args.n):
                number = complete_case(users, item)
                committed = time.perf_counter()  # task_complete returns after its transaction commits
                seen = wait_public(client, item.code, number)
                if seen is None:
                    lost += 1
                else:
                    latencies.append((seen - committed) * 1000)
    finally:
        worker.terminate()
        worker.wait(20)
    print(json.dumps({
        "benchmark": "publish", "database": connection.vendor, "broker": settings.CELERY_BROKER_URL.split(":")[0],
        "n": args.n, "lost": lost, "p50_ms": round(statistics.median(latencies), 1),
        "p99_ms": round(percentile(latencies, 99), 1), "max_ms": round(max(latencies), 1),
    }))


if __name__ == "__main__":
    main()
