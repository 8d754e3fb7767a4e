"""Benchmark: statistics at county scale on PostgreSQL, with the physical reference in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python tests/bench/stats.py [--rows N]

Creates the database tb_bench_stats beside DATABASE_URL's (dropped at the end unless --keep),
migrates it, and generates with INSERT … SELECT … FROM generate_series: --rows completed case facts
(default 10,000,000) over five years, 24 departments × 5 items, 12 service centres (a fifth filed
online), and as many step facts by 600 staff members over 6 step types. Then it builds the rollups
with the real sweep (rollups.rollups_refresh) and times, best of --runs:
  (a) the department × month table of a year from the rollups (selectors.stats_monthly; target < 50 ms),
      and for comparison the same from the daily rollup rows;
  (b) an ad-hoc staff table and an item table with median and p90 straight from the facts
      (selectors.stats_table over every row; the item period is not whole months, so no rollup);
  (c) the physical reference: plain copies of the same rows without an index, and a bare GROUP BY
      with percentile_cont over them — the staff table, the item table, and the department × month
      table of a year. Target: (b) within 1.5× (c).
Prints one JSON object with the figures.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[0] = str(ROOT)

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import time  # noqa: E402
from datetime import UTC, date, datetime  # noqa: E402
from urllib.parse import urlparse, urlunparse  # noqa: E402

BENCH_DB = "tb_bench_stats"
DEPARTMENTS, ITEMS_PER_DEPARTMENT, CENTRES, STAFF = 24, 5, 12, 600
FIRST_DAY, SPAN_DAYS = date(2022, 1, 1), 5 * 365
STEPS = ("accept", "handle", "review", "decide", "certify", "complete")
WORK_MEM = "64MB"


def admin_connect(url: str):
    import psycopg

    parts = urlparse(url)
    return psycopg.connect(urlunparse(parts._replace(path="/postgres")), autocommit=True)


def bench_url(url: str) -> str:
    return urlunparse(urlparse(url)._replace(path=f"/{BENCH_DB}"))


def timed(func, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def step(label: str, started: float) -> float:
    now = time.perf_counter()
    print(f"  {label}: {now - started:.1f} s", file=sys.stderr, flush=True)
    return now


def dimensions():
    from django.contrib.auth import get_user_model

    from backend.accounts.models import Department, ServiceCentre
    from backend.catalog.models import ServiceItem

    departments = Department.objects.bulk_create(
        [Department(code=f"bench{n}", name=f"基准部门{n:02d}") for n in range(DEPARTMENTS)])
    items = ServiceItem.objects.bulk_create(
        [ServiceItem(code=f"BENCH{d:02d}{i}", name=f"基准事项{d:02d}-{i}", kind="promised", department=dept)
         for d, dept in enumerate(departments) for i in range(ITEMS_PER_DEPARTMENT)])
    centres = ServiceCentre.objects.bulk_create(
        [ServiceCentre(code=f"bc{n}", name=f"基准服务中心{n:02d}", level="township") for n in range(CENTRES)])
    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=f"bench{n}", first_name=f"人员{n:03d}") for n in range(STAFF)])
    return [d.pk for d in departments], [i.pk for i in items], [c.pk for c in centres], [u.pk for u in users]


def generate(cursor, rows: int, ids) -> None:
    """Both ledgers in one INSERT … SELECT each; item i belongs to department i // 5."""
    departments, items, centres, users = ids
    arrays = {"d": departments, "i": items, "c": centres, "u": users}
    cursor.execute("SELECT setseed(0.2026)")
    common = f"""
        FROM (SELECT g, floor(random() * {len(items)})::int AS it, random() AS rc,
                     floor(random() * {CENTRES})::int AS ce,
                     ({FIRST_DAY.isoformat()!r}::date + (g::bigint * {SPAN_DAYS} / %(n)s)::int) AS received,
                     floor(random() * 3)::int AS wait, floor(power(random(), 2) * 26)::int AS used,
                     random() AS r1, random() AS r2, random() AS r3
              FROM generate_series(1, %(n)s) AS g) AS s"""
    cursor.execute(f"""
        INSERT INTO statistics_casefact (case_id, department_id, item_id, centre_id, received_date, intake_date,
            accepted, refused, completed_date, decision, budget_days, days_used, on_time, early, overdue,
            send_backs, extensions, cards_yellow, cards_red, rating)
        SELECT g, (%(d)s::int[])[1 + it / {ITEMS_PER_DEPARTMENT}], (%(i)s::int[])[1 + it],
               CASE WHEN rc < 0.2 THEN NULL ELSE (%(c)s::int[])[1 + ce] END,
               received, received + wait, TRUE, FALSE, received + wait + (used * 7 / 5),
               CASE WHEN r1 < 0.97 THEN 'approved' ELSE 'denied' END, 20, used,
               used <= 20, used < 19, used > 20, (r1 < 0.05)::int, (r2 < 0.02)::int,
               (used > 16)::int, (used > 20)::int, CASE WHEN r3 < 0.6 THEN 1 + floor(r3 * 1000)::int %% 5 END
        {common}""", {"n": rows, **arrays})
    cursor.execute(f"""
        INSERT INTO statistics_stepfact (task_id, case_id, step, staff_id, department_id, item_id, centre_id, date,
            budget_days, days_used, on_time, early, overdue, sent_back, accepted, refused, cards_yellow, cards_red,
            rating)
        SELECT g, g, (%(s)s::text[])[1 + floor(r1 * {len(STEPS)})::int], (%(u)s::int[])[1 + floor(r2 * {STAFF})::int],
               (%(d)s::int[])[1 + it / {ITEMS_PER_DEPARTMENT}], (%(i)s::int[])[1 + it],
               CASE WHEN rc < 0.2 THEN NULL ELSE (%(c)s::int[])[1 + ce] END,
               received + wait + (used * 7 / 5), 3, used / 5, used / 5 <= 3, used / 5 < 2, used / 5 > 3,
               r3 < 0.03, r1 < 1.0 / {len(STEPS)}, FALSE, 0, (used / 5 > 3)::int,
               CASE WHEN r3 < 0.6 THEN 1 + floor(r3 * 1000)::int %% 5 END
        {common}""", {"n": rows, "s": list(STEPS), **arrays})


def without_indexes(models, work):
    """Drop the models' secondary indexes, run `work`, build them again (faster than inserting into them)."""
    from django.db import connection

    with connection.schema_editor() as editor:
        for model in models:
            for index in model._meta.indexes:
                editor.remove_index(model, index)
    work()
    with connection.schema_editor() as editor:
        for model in models:
            for index in model._meta.indexes:
                editor.add_index(model, index)


REFERENCE_STAFF = """SELECT staff_id, count(*), count(*) FILTER (WHERE on_time),
    percentile_cont(ARRAY[0.5, 0.9]::float8[]) WITHIN GROUP (ORDER BY days_used)
    FROM plain_step WHERE date BETWEEN %(a)s AND %(b)s GROUP BY staff_id"""
REFERENCE_ITEM = """SELECT item_id, count(*), count(*) FILTER (WHERE on_time),
    percentile_cont(ARRAY[0.5, 0.9]::float8[]) WITHIN GROUP (ORDER BY days_used)
    FROM plain_case WHERE completed_date BETWEEN %(a)s AND %(b)s GROUP BY item_id"""
REFERENCE_MONTHS = """SELECT department_id, date_trunc('month', completed_date), count(*),
    count(*) FILTER (WHERE on_time), avg(days_used),
    percentile_cont(ARRAY[0.5, 0.9]::float8[]) WITHIN GROUP (ORDER BY days_used)
    FROM plain_case WHERE completed_date BETWEEN %(a)s AND %(b)s GROUP BY 1, 2"""


def run(options) -> dict:
    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection

    from backend.statistics import rollups, selectors
    from backend.statistics.models import CaseFact, RollupDirtyDay, StepFact

    figures: dict = {"rows": options.rows, "date": datetime.now(UTC).strftime("%Y-%m-%d"),
                     "machine": f"{platform.machine()}, {os.cpu_count()} cores", "work_mem": WORK_MEM}
    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    t = step("migrate", t)
    ids = dimensions()
    with connection.cursor() as cursor:
        cursor.execute(f"SET work_mem = '{WORK_MEM}'")
        cursor.execute("SET maintenance_work_mem = '1GB'")
        without_indexes([CaseFact, StepFact], lambda: generate(cursor, options.rows, ids))
        figures["generate_s"] = round(time.perf_counter() - t, 1)
        t = step("facts generated and indexed", t)
        cursor.execute("CREATE TABLE plain_case AS SELECT * FROM statistics_casefact")
        cursor.execute("CREATE TABLE plain_step AS SELECT * FROM statistics_stepfact")
        for table in ("statistics_casefact", "statistics_stepfact", "plain_case", "plain_step"):
            cursor.execute(f"VACUUM ANALYZE {table}")
        t = step("plain copies, vacuum analyze", t)
        cursor.execute("INSERT INTO statistics_rollupdirtyday (day, marked_at) SELECT DISTINCT d, now() FROM ("
                       "SELECT received_date AS d FROM statistics_casefact UNION "
                       "SELECT completed_date FROM statistics_casefact) AS days")
    started = time.perf_counter()
    result = rollups.rollups_refresh(now=datetime.now(UTC))
    figures["rollup_build_s"] = round(time.perf_counter() - started, 1)
    figures["rollup_days"], figures["rollup_months"] = len(result.days), len(result.months)
    assert not RollupDirtyDay.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE statistics_dailyrollup")
        cursor.execute("VACUUM ANALYZE statistics_monthlyrollup")
        cursor.execute("SELECT count(*) FROM statistics_dailyrollup")
        figures["daily_rollup_rows"] = cursor.fetchone()[0]
    t = step("rollups built", t)

    year, last = 2025, date(2027, 12, 31)
    runs = options.runs
    monthly = selectors.stats_monthly("department", year=year)
    assert len(monthly) == DEPARTMENTS * 12, len(monthly)
    figures["a_department_month_from_rollups_ms"] = round(timed(
        lambda: selectors.stats_monthly("department", year=year), runs), 1)

    def from_daily():
        from backend.statistics import sql

        with connection.cursor() as cursor:
            cursor.execute("SELECT department_id, date_trunc('month', day), sum(received), sum(completed), "
                           f"sum(on_time), sum(days_sum), {sql.histogram_sum('hist')} FROM statistics_dailyrollup "
                           "WHERE day BETWEEN %s AND %s GROUP BY 1, 2", [date(year, 1, 1), date(year, 12, 31)])
            cursor.fetchall()

    figures["a_department_month_from_daily_rollups_ms"] = round(timed(from_daily, runs), 1)
    t = step("(a)", t)

    def ours(group_by, first):
        return lambda: selectors.stats_table(group_by=group_by, date_from=first, date_to=last)

    staff_rows = ours("staff", FIRST_DAY)()
    assert len(staff_rows) == STAFF and sum(r["completed"] for r in staff_rows) == options.rows
    with connection.cursor() as cursor:
        cursor.execute(f"SET work_mem = '{WORK_MEM}'")
    figures["b_staff_table_from_facts_ms"] = round(timed(ours("staff", FIRST_DAY), runs), 1)
    figures["b_item_table_from_facts_ms"] = round(timed(ours("item", date(2022, 1, 2)), runs), 1)
    t = step("(b)", t)

    def reference(query, first, through=last):
        def go():
            with connection.cursor() as cursor:
                cursor.execute(query, {"a": first, "b": through})
                cursor.fetchall()
        return go

    figures["c_reference_staff_ms"] = round(timed(reference(REFERENCE_STAFF, FIRST_DAY), runs), 1)
    figures["c_reference_item_ms"] = round(timed(reference(REFERENCE_ITEM, date(2022, 1, 2)), runs), 1)
    figures["c_reference_department_month_ms"] = round(timed(
        reference(REFERENCE_MONTHS, date(year, 1, 1), date(year, 12, 31)), runs), 1)
    step("(c)", t)
    figures["staff_vs_reference"] = round(figures["b_staff_table_from_facts_ms"] / figures["c_reference_staff_ms"], 2)
    figures["item_vs_reference"] = round(figures["b_item_table_from_facts_ms"] / figures["c_reference_item_ms"], 2)
    figures["targets_met"] = {
        "a_under_50ms": figures["a_department_month_from_rollups_ms"] < 50,
        "b_within_1_5x": max(figures["staff_vs_reference"], figures["item_vs_reference"]) <= 1.5,
    }
    connection.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per figure; the best is kept")
    parser.add_argument("--keep", action="store_true", help=f"leave {BENCH_DB} for inspection")
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must name a PostgreSQL server (e.g. postgres://postgres@127.0.0.1:5432/postgres)")
    with admin_connect(url) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        admin.execute(f"CREATE DATABASE {BENCH_DB}")
    os.environ["DATABASE_URL"] = bench_url(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")
    try:
        figures = run(options)
    finally:
        if not options.keep:
            with admin_connect(url) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
