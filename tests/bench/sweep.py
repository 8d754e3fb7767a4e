"""Clock sweep benchmark: N open step clocks, a sweep with nothing due and a sweep with 10,000 due,
on the configured database (DATABASE_URL, else the demo SQLite).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tongban_bench .venv/bin/python tests/bench/sweep.py
    .venv/bin/python tests/bench/sweep.py --clocks 20000 --due 2000     # a quick run

Targets (PostgreSQL, 1,000,000 clocks): nothing due < 50 ms; 10,000 due < 10 s. Prints one JSON line.
The department has a head with an e-mail address, so every card also writes a notification (in-app,
e-mail pending) the way a real deployment would (--no-head to leave it out). The clocks, cards and
notifications are deleted afterwards; the supervision log entries the sweep appended stay, since the
log is append-only.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import time
import uuid
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

# The script folder holds calendar.py, which would shadow the standard library module.
sys.path[0] = str(Path(__file__).resolve().parents[2])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

settings.SUPERVISION_NOTIFY_ENQUEUE = False  # measure the database work, not a broker hint

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from backend.cases.models import Case  # noqa: E402
from backend.supervision import services  # noqa: E402
from backend.supervision.models import Card, Clock, ClockEntry, Notification  # noqa: E402
from tests import factories  # noqa: E402

SH = ZoneInfo("Asia/Shanghai")
START = date(2026, 9, 28)  # 10 working days → deadline 2026-10-16, yellow from 2026-10-14 00:00
DUE_AT = datetime(2026, 10, 14, 0, 0, tzinfo=SH)
LATER = datetime(2026, 10, 17, 0, 0, tzinfo=SH)
SWEEP_NOTHING = datetime(2026, 10, 13, 12, 0, tzinfo=SH)
SWEEP_DUE = datetime(2026, 10, 14, 1, 0, tzinfo=SH)
COLUMNS = ["case_id", "kind", "step", "department_id", "budget_days", "start_date", "state", "statutory_breach",
           "promised_deadline", "projected_deadline", "next_change_at", "created_at"]


def setup(head: bool = True):
    suffix = uuid.uuid4().hex[:8]
    dept = factories.department(f"sweep{suffix}", f"基准部门{suffix}")
    if head:
        dept.head = factories.user(f"head{suffix}", "approver", departments=[dept])
        dept.head.email = f"head{suffix}@example.cn"
        dept.head.save(update_fields=["email"])
        dept.save(update_fields=["head"])
    item = factories.item(dept, code=f"SWEEP{suffix}")
    case = Case.objects.create(
        number=f"BENCH{suffix}", query_code="00000000", item=item, guide=item.guides.get(), channel="window",
        applicant_type="person", applicant_name="张小明", mobile="13812341234", filed_at=DUE_AT,
        accepted_at=DUE_AT, status="in_progress",
    )
    return case, dept


def _row(case, dept, due: bool) -> tuple:
    return (case.pk, "step", "review", dept.pk, 10, START, "green", False, date(2026, 10, 16), date(2026, 10, 16),
            DUE_AT if due else LATER, DUE_AT)


def load(case, dept, n: int, due: int) -> float:
    started = time.perf_counter()
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            chunk = 100_000
            for lo in range(0, n, chunk):
                buf = io.StringIO()
                for i in range(lo, min(n, lo + chunk)):
                    r = _row(case, dept, i < due)
                    buf.write("\t".join("t" if v is True else "f" if v is False else
                                        v.isoformat() if hasattr(v, "isoformat") else str(v) for v in r) + "\n")
                with cursor.cursor.copy(f"COPY supervision_clock ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                    copy.write(buf.getvalue())
            cursor.execute("ANALYZE supervision_clock")
    else:
        batch = 10_000
        for lo in range(0, n, batch):
            Clock.objects.bulk_create(
                Clock(**dict(zip(COLUMNS, _row(case, dept, i < due), strict=True)))
                for i in range(lo, min(n, lo + batch))
            )
    return time.perf_counter() - started


def cleanup(case, dept) -> None:
    with transaction.atomic():
        Notification.objects.filter(case=case).delete()
        Card.objects.filter(case=case).delete()
        ClockEntry.objects.filter(clock__case=case).delete()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM supervision_clock WHERE case_id = %s", [case.pk])
        Case.objects.filter(pk=case.pk).delete()
        if dept.head_id:
            type(dept.head).objects.filter(pk=dept.head_id).delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clocks", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--no-head", action="store_true", help="no department head: cards without notifications")
    args = parser.parse_args()
    due = min(args.due, args.clocks)
    call_command("migrate", verbosity=0, interactive=False)
    Clock.objects.filter(next_change_at__lte=SWEEP_DUE).update(next_change_at=LATER)  # leftovers of other runs
    case, dept = setup(head=not args.no_head)
    try:
        load_s = load(case, dept, args.clocks, due)
        services.clocks_sweep(now=SWEEP_NOTHING)  # warm up
        idle = []
        for _ in range(20):
            started = time.perf_counter()
            result = services.clocks_sweep(now=SWEEP_NOTHING, batch=args.batch)
            idle.append((time.perf_counter() - started) * 1000)
            assert result.processed == 0, result
        started = time.perf_counter()
        result = services.clocks_sweep(now=SWEEP_DUE, batch=args.batch)
        due_s = time.perf_counter() - started
        assert result.processed == due and result.changed == due, result
        assert Card.objects.filter(case=case).count() == due
        notified = Notification.objects.filter(case=case).count()
        assert notified == (0 if args.no_head else due), notified
        again = services.clocks_sweep(now=SWEEP_DUE, batch=args.batch)
        assert again.processed == 0 and Card.objects.filter(case=case).count() == due
    finally:
        cleanup(case, dept)
    print(json.dumps({
        "benchmark": "sweep", "database": connection.vendor, "clocks": args.clocks, "due": due,
        "notifications": notified,
        "load_s": round(load_s, 1),
        "idle_sweep_ms_median": round(statistics.median(idle), 2), "idle_sweep_ms_max": round(max(idle), 2),
        "due_sweep_s": round(due_s, 3), "due_per_s": round(due / due_s, 0) if due_s else None,
        "targets_met": statistics.median(idle) < 50 and due_s < 10,
    }))


if __name__ == "__main__":
    main()
