"""Lifecycle benchmark: file N cases and drive each through accept → review → decide → complete
through the service layer, on the configured database (DATABASE_URL, else the demo SQLite).

    .venv/bin/python tests/bench/lifecycle.py --n 200

Prints one JSON line: lifecycles_per_s and queries_per_lifecycle.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import uuid
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


def lifecycle(users, item):
    now = timezone.now()
    case = services.case_file_and_start(item_code=item.code, channel="online", applicant=factories.PERSON,
                                        actor=users["applicant"], now=now)
    for role, step in STEPS:
        user = users[role]
        task_id = selectors.tasks_open_for_case(case=case).values_list("id", flat=True).get()
        services.task_claim(task_id=task_id, actor=user, now=now)
        decision = {"accept": "accept", "decide": "approve"}.get(step, "done")
        services.task_complete(task_id=task_id, actor=user, decision=decision, opinion="同意", now=now)
    case.refresh_from_db()
    assert case.status == "completed", case.status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200)
    args = parser.parse_args()
    call_command("migrate", verbosity=0, interactive=False)
    users, item = setup()
    lifecycle(users, item)  # warm caches and imports
    with CaptureQueriesContext(connection) as queries:
        lifecycle(users, item)
    started = time.perf_counter()
    for _ in range(args.n):
        lifecycle(users, item)
    elapsed = time.perf_counter() - started
    print(json.dumps({
        "benchmark": "lifecycle", "database": connection.vendor, "n": args.n,
        "seconds": round(elapsed, 3), "lifecycles_per_s": round(args.n / elapsed, 1),
        "queries_per_lifecycle": len(queries.captured_queries),
    }))


if __name__ == "__main__":
    main()
