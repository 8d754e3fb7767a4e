"""Reference for the lifecycle benchmark: bare django-viewflow with three human tasks and the
select_for_update lock, no Tongban code in the path, on the configured database.

    DATABASE_URL=postgres://… .venv/bin/python tests/bench/viewflow_reference.py --n 200

Issue 2 states its target against "bare viewflow with three human tasks and the select_for_update
lock" measured on other hardware; this script measures that reference on this machine, so the two
benchmarks can be run back to back. Each lifecycle: start a process, then for each task claim it
(lock, re-read, assign) and complete it (lock, re-read, start, execute), each in its own
transaction, as viewflow's own views do. `--tasks 4` runs the same with four human tasks, as many
as Tongban's benchmarked lifecycle (accept, review, decide, complete). Prints one JSON line like
lifecycle.py.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import types
import uuid
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parents[2])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from viewflow import this  # noqa: E402
from viewflow.workflow import STATUS, flow, lock  # noqa: E402
from viewflow.workflow.models import Task  # noqa: E402

# viewflow stores a flow as "app_label/module.Class" and imports it back, so the reference flow
# must live in a module under an installed app; this one exists only while the benchmark runs.
MODULE = "workflows.bench_reference"


def _no_view(request, **kwargs):  # never called: the benchmark drives activations directly
    raise NotImplementedError


class ReferenceFlow(flow.Flow):
    """The issue's reference: three human tasks."""

    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_process).Next(this.first)
    first = flow.View(_no_view).Next(this.second)
    second = flow.View(_no_view).Next(this.third)
    third = flow.View(_no_view).Next(this.end)
    end = flow.End()

    def start_process(self, activation):
        return activation.process


class FourTaskReferenceFlow(flow.Flow):
    """The same with four human tasks, as many as Tongban's benchmarked lifecycle has."""

    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_process).Next(this.first)
    first = flow.View(_no_view).Next(this.second)
    second = flow.View(_no_view).Next(this.third)
    third = flow.View(_no_view).Next(this.fourth)
    fourth = flow.View(_no_view).Next(this.end)
    end = flow.End()

    def start_process(self, activation):
        return activation.process


FLOWS = {3: ReferenceFlow, 4: FourTaskReferenceFlow}
sys.modules[MODULE] = types.ModuleType(MODULE)
for flow_class in FLOWS.values():
    flow_class.__module__ = MODULE
    setattr(sys.modules[MODULE], flow_class.__name__, flow_class)


def claim(flow_class, task_id, user):
    task = Task.objects.get(pk=task_id)
    with flow_class.lock(task.process_id):
        task.refresh_from_db()
        task.flow_task.activation_class(task).assign(user)


def complete(flow_class, task_id):
    task = Task.objects.get(pk=task_id)
    with flow_class.lock(task.process_id):
        task.refresh_from_db()
        activation = task.flow_task.activation_class(task)
        activation.start(None)
        activation.execute()


def lifecycle(flow_class, tasks, user):
    process = flow_class.start.run()
    for _ in range(tasks):
        task_id = Task.objects.filter(process=process, status=STATUS.NEW).values_list("id", flat=True).get()
        claim(flow_class, task_id, user)
        complete(flow_class, task_id)
    process.refresh_from_db()
    assert process.status == STATUS.DONE, process.status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--tasks", type=int, choices=sorted(FLOWS), default=3)
    args = parser.parse_args()
    flow_class = FLOWS[args.tasks]
    call_command("migrate", verbosity=0, interactive=False)
    user = get_user_model().objects.create(username=f"bench-reference-{uuid.uuid4().hex[:8]}")
    lifecycle(flow_class, args.tasks, user)  # warm caches and imports
    with CaptureQueriesContext(connection) as queries:
        lifecycle(flow_class, args.tasks, user)
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(args.n):
        lifecycle(flow_class, args.tasks, user)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(json.dumps({
        "benchmark": "viewflow_reference", "database": connection.vendor, "n": args.n, "human_tasks": args.tasks,
        "seconds": round(elapsed, 3), "lifecycles_per_s": round(args.n / elapsed, 1),
        "queries_per_lifecycle": len(queries.captured_queries),
        "ms_per_lifecycle": round(elapsed / args.n * 1000, 2),
        "cpu_ms_per_lifecycle": round(cpu / args.n * 1000, 2),
    }))


if __name__ == "__main__":
    main()
