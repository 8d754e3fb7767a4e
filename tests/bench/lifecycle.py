"""Lifecycle benchmark: file N cases and drive each through accept → review → decide → complete
through the service layer, on the configured database (DATABASE_URL, else the demo SQLite).

    .venv/bin/python tests/bench/lifecycle.py --n 200

Prints one JSON line: lifecycles_per_s, queries_per_lifecycle, ms_per_lifecycle (wall) and
cpu_ms_per_lifecycle (this process: Django, viewflow, psycopg), from the plain timed loop; then a
`breakdown` measured on a separate, instrumented pass of min(n, 50) lifecycles, so the timers never
touch the headline figure: per phase (file, list, claim, complete, summed over the four steps) the
milliseconds and queries per lifecycle, and `db_ms`, the time spent inside cursor.execute (driver
and server round trip); the rest is Python.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import uuid
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

# The script folder holds calendar.py, which would shadow the standard library module.
sys.path[0] = str(Path(__file__).resolve().parents[2])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from tests import factories  # noqa: E402
from workflows import selectors, services  # noqa: E402

STEPS = [("clerk", "accept"), ("reviewer", "review"), ("approver", "decide"), ("clerk", "complete")]


def setup():
    suffix = uuid.uuid4().hex[:8]
    dept = factories.department(f"bench{suffix}", f"基准部门{suffix}")
    users = {role: factories.user(f"bench-{role}-{suffix}", role, departments=[dept])
             for role in ("clerk", "reviewer", "approver", "applicant")}
    item = factories.item(dept, code=f"BENCH{suffix}")
    return users, item


class Phases:
    """Wall time, database time and queries per phase of a lifecycle (the instrumented pass)."""

    def __init__(self):
        self.ms = defaultdict(float)
        self.queries = defaultdict(int)
        self.db_ms = 0.0
        self.current = None

    @contextmanager
    def phase(self, name):
        self.current = name
        started = time.perf_counter()
        try:
            yield
        finally:
            self.ms[name] += (time.perf_counter() - started) * 1000

    def __call__(self, execute, sql, params, many, context):  # a connection.execute_wrapper
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.db_ms += (time.perf_counter() - started) * 1000
            self.queries[self.current] += 1

    def report(self, n):
        return {
            "n": n,
            "phases_ms": {k: round(v / n, 2) for k, v in self.ms.items()},
            "phases_queries": {k: round(v / n, 1) for k, v in self.queries.items()},
            "db_ms": round(self.db_ms / n, 2),
            "python_ms": round((sum(self.ms.values()) - self.db_ms) / n, 2),
        }


@contextmanager
def _untimed(name):
    yield


def lifecycle(users, item, phase=_untimed):
    now = timezone.now()
    with phase("file"):
        case = services.case_file_and_start(item_code=item.code, channel="online", applicant=factories.PERSON,
                                            actor=users["applicant"], now=now)
    for role, step in STEPS:
        user = users[role]
        with phase("list"):
            task_id = selectors.tasks_open_for_case(case=case).values_list("id", flat=True).get()
        with phase("claim"):
            services.task_claim(task_id=task_id, actor=user, now=now)
        decision = {"accept": "accept", "decide": "approve"}.get(step, "done")
        with phase("complete"):
            services.task_complete(task_id=task_id, actor=user, decision=decision, opinion="同意", now=now)
    with phase("check"):
        case.refresh_from_db()
    assert case.status == "completed", case.status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--no-breakdown", action="store_true", help="skip the instrumented pass")
    args = parser.parse_args()
    call_command("migrate", verbosity=0, interactive=False)
    users, item = setup()
    lifecycle(users, item)  # warm caches and imports
    with CaptureQueriesContext(connection) as queries:
        lifecycle(users, item)
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(args.n):
        lifecycle(users, item)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    result = {
        "benchmark": "lifecycle", "database": connection.vendor, "n": args.n,
        "seconds": round(elapsed, 3), "lifecycles_per_s": round(args.n / elapsed, 1),
        "queries_per_lifecycle": len(queries.captured_queries),
        "ms_per_lifecycle": round(elapsed / args.n * 1000, 2),
        "cpu_ms_per_lifecycle": round(cpu / args.n * 1000, 2),
    }
    if not args.no_breakdown:
        phases, n = Phases(), min(args.n, 50)
        with connection.execute_wrapper(phases):
            for _ in range(n):
                lifecycle(users, item, phases.phase)
        result["breakdown"] = phases.report(n)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
