"""Lifecycle benchmark: file N cases and drive each through its process through the service layer,
on the configured database (DATABASE_URL, else the demo SQLite); two processes, one after the other:
the four-step accept → review → decide → complete, and the seven-step 受理 accept → 承办 handle →
审核 check → 审批 authorize → 决定 decide → 制证 certify → 送达 deliver (the certificate issued by
the item's numbering, an electronic delivery with its confirmation; the case closes on delivery).

    .venv/bin/python tests/bench/lifecycle.py --n 200

Prints one JSON line. For the four-step process, at the top level as before: lifecycles_per_s,
queries_per_lifecycle, ms_per_lifecycle (wall) and cpu_ms_per_lifecycle (this process: Django,
viewflow, psycopg), from the plain timed loop; then a `breakdown` measured on a separate,
instrumented pass of min(n, 50) lifecycles, so the timers never touch the headline figure: per phase
(file, list, claim, complete, summed over the four steps) the milliseconds and queries per lifecycle,
and `db_ms`, the time spent inside cursor.execute (driver and server round trip); the rest is Python.
`queries_per_step`: the statements of one lifecycle by step (inbox read, claim, complete), with
`file` and the benchmark's `final_read`; counted inside cursor.execute, so without the COMMIT (and,
on PostgreSQL, the BEGIN) of each transaction that queries_per_lifecycle includes.

`seven_step`: the same figures for the seven-step process. `sign_off_levels`: the statements of one
lifecycle of the four-step process with 0, 1, … `--levels` extra 审核 (check) sign-off levels before
the decision, and the difference from each to the next: what one more configured step costs
(counted as queries_per_lifecycle is).
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

from backend.catalog.models import ProcessStep  # noqa: E402
from tests import factories  # noqa: E402
from workflows import selectors, services  # noqa: E402

FOUR_STEPS = ["accept", "review", "decide", "complete"]
SEVEN_STEPS = ["accept", "handle", "check", "authorize", "decide", "certify", "deliver"]


def setup():
    suffix = uuid.uuid4().hex[:8]
    dept = factories.department(f"bench{suffix}", f"基准部门{suffix}")
    users = {role: factories.user(f"bench-{role}-{suffix}", role, departments=[dept])
             for role in ("clerk", "reviewer", "approver", "applicant")}
    return users, dept


def process(dept, steps):
    """An item with these steps (one working day each) and the lifecycle's (role, step) list."""
    item = factories.item(dept, steps=steps, promised=20, statutory=20, code=f"BENCH{uuid.uuid4().hex[:12]}")
    return item, [(ProcessStep.DEFAULT_ROLES[step], step) for step in steps]


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


def lifecycle(users, item, steps, phase=_untimed, by_step=False):
    """File a case and drive it to completion; `by_step`: phases named for the steps, not the kinds
    of call."""
    now = timezone.now()
    with phase("file"):
        case = services.case_file_and_start(item_code=item.code, channel="online", applicant=factories.PERSON,
                                            actor=users["applicant"], now=now)
    for role, step in steps:
        user = users[role]
        with phase(step if by_step else "list"):
            task_id = selectors.tasks_open_for_case(case=case).values_list("id", flat=True).get()
        with phase(step if by_step else "claim"):
            services.task_claim(task_id=task_id, actor=user, now=now)
        with phase(step if by_step else "complete"):
            services.task_complete(task_id=task_id, actor=user, decision=factories.favourable(step), opinion="同意",
                                   now=now, step_input=factories.step_input(step, now))
    with phase("final_read"):  # the benchmark's own check, one statement
        case.refresh_from_db()
    assert case.status == "completed", case.status


def timed(users, item, steps, n):
    """The plain timed loop (after a warm-up lifecycle and one whose statements are counted)."""
    lifecycle(users, item, steps)
    with CaptureQueriesContext(connection) as queries:
        lifecycle(users, item, steps)
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(n):
        lifecycle(users, item, steps)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return {
        "seconds": round(elapsed, 3), "lifecycles_per_s": round(n / elapsed, 1),
        "queries_per_lifecycle": len(queries.captured_queries),
        "ms_per_lifecycle": round(elapsed / n * 1000, 2),
        "cpu_ms_per_lifecycle": round(cpu / n * 1000, 2),
    }


def queries_per_step(users, item, steps):
    """Statements of one lifecycle, per step (inbox read, claim, complete), filing and final read."""
    phases = Phases()
    with connection.execute_wrapper(phases):
        lifecycle(users, item, steps, phases.phase, by_step=True)
    return dict(phases.queries)


def sign_off_levels(users, dept, levels):
    """Statements of one lifecycle with 0 … `levels` extra 审核 levels before the decision."""
    counts = []
    for extra in range(levels + 1):
        item, steps = process(dept, ["accept", "review", *["check"] * extra, "decide", "complete"])
        lifecycle(users, item, steps)  # warm
        with CaptureQueriesContext(connection) as queries:
            lifecycle(users, item, steps)
        counts.append(len(queries.captured_queries))
    return {"step": "check", "extra_levels": list(range(levels + 1)), "queries_per_lifecycle": counts,
            "marginal_per_level": [b - a for a, b in zip(counts, counts[1:], strict=False)]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="timed lifecycles of each process")
    parser.add_argument("--no-breakdown", action="store_true", help="skip the instrumented pass")
    parser.add_argument("--levels", type=int, default=4, help="extra sign-off levels to count statements for")
    args = parser.parse_args()
    call_command("migrate", verbosity=0, interactive=False)
    users, dept = setup()
    four, four_steps = process(dept, FOUR_STEPS)
    seven, seven_steps = process(dept, SEVEN_STEPS)
    result = {"benchmark": "lifecycle", "database": connection.vendor, "n": args.n, "steps": FOUR_STEPS,
              **timed(users, four, four_steps, args.n)}
    if not args.no_breakdown:
        phases, n = Phases(), min(args.n, 50)
        with connection.execute_wrapper(phases):
            for _ in range(n):
                lifecycle(users, four, four_steps, phases.phase)
        result["breakdown"] = phases.report(n)
    result["queries_per_step"] = queries_per_step(users, four, four_steps)
    result["seven_step"] = {"steps": SEVEN_STEPS, **timed(users, seven, seven_steps, args.n),
                            "queries_per_step": queries_per_step(users, seven, seven_steps)}
    result["sign_off_levels"] = sign_off_levels(users, dept, args.levels)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
