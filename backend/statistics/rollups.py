"""The periodic sweep: recompute the rollups of the days (then months) marked dirty by the facts.

Each dirty day is recomputed in its own transaction with one INSERT … SELECT … GROUP BY over the
facts that touch it (received, taken in or completed that day): on PostgreSQL an upsert (ON CONFLICT
DO UPDATE) followed by the removal of the day's rows the run did not write; elsewhere delete and
insert. Then each dirty month's rows per dimension from the daily rows, the same way. Dirty rows
are taken with SELECT … FOR UPDATE SKIP LOCKED, so sweeps may overlap; a recomputation is a pure
function of the facts, so running it twice changes nothing (idempotent). A fact written while its
day is being recomputed waits for the day's row (services.days_mark_dirty) and marks it again.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import connection, transaction

from . import sql
from .core import month_bounds
from .models import CaseFact, DailyRollup, MonthlyRollup, RollupDirtyDay, RollupDirtyMonth

MEASURE_COLUMNS = ("received", "accepted", "refused", "completed", "on_time", "early", "overdue", "days_n",
                   "days_sum", "hist", "send_backs", "extensions", "cards_yellow", "cards_red", "ratings",
                   "rating_sum")
DIMENSIONS = {"department": "department_id", "item": "item_id", "centre": "centre_id"}


@dataclass
class RefreshResult:
    days: list[date] = field(default_factory=list)
    months: list[date] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"days": [d.isoformat() for d in self.days], "months": [m.isoformat() for m in self.months]}


def _day_select(token: int) -> tuple[str, int]:
    """The SELECT of one day's rows (parameters: the day, `count` times)."""
    r, i, c = "received_date = %s", "intake_date = %s", "completed_date = %s"
    measures = [
        sql.count_if(r), sql.count_if(f"{i} AND accepted"), sql.count_if(f"{i} AND refused"), sql.count_if(c),
        sql.count_if(f"{c} AND on_time"), sql.count_if(f"{c} AND early"), sql.count_if(f"{c} AND overdue"),
        sql.count_if(f"{c} AND days_used IS NOT NULL"), sql.sum_if("days_used", c),
        sql.histogram("days_used", c),
        sql.sum_if("send_backs", c), sql.sum_if("extensions", c), sql.sum_if("cards_yellow", c),
        sql.sum_if("cards_red", c), sql.count_if(f"{c} AND rating IS NOT NULL"), sql.sum_if("rating", c),
    ]
    select = (f"SELECT %s, department_id, item_id, coalesce(centre_id, 0), {', '.join(measures)}, {token} "
              f"FROM {sql.q(CaseFact._meta.db_table)} WHERE {r} OR {i} OR {c} "
              f"GROUP BY department_id, item_id, coalesce(centre_id, 0)")
    return select, select.count("%s")


def _write(table: str, keys: tuple[str, ...], select: str, params: list, scope: str, scope_params: list,
           token: int) -> None:
    columns = ", ".join((*keys, *MEASURE_COLUMNS, "refreshed"))
    with connection.cursor() as cursor:
        if sql.pg():
            updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in (*MEASURE_COLUMNS, "refreshed"))
            cursor.execute(f"INSERT INTO {table} ({columns}) {select} "  # noqa: S608
                           f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}", params)
            cursor.execute(f"DELETE FROM {table} WHERE {scope} AND refreshed <> %s",  # noqa: S608
                           [*scope_params, token])
        else:
            cursor.execute(f"DELETE FROM {table} WHERE {scope}", scope_params)  # noqa: S608
            cursor.execute(f"INSERT INTO {table} ({columns}) {select}", params)  # noqa: S608


def day_recompute(day: date, *, token: int | None = None) -> None:
    token = token or time.time_ns()
    select, count = _day_select(token)
    _write(sql.q(DailyRollup._meta.db_table), ("day", "department_id", "item_id", "centre_id"), select,
           [sql.day(day)] * count, "day = %s", [sql.day(day)], token)


def month_recompute(month: date, *, token: int | None = None) -> None:
    token = token or time.time_ns()
    first, last = month_bounds(month.year, month.month)
    sums = ", ".join(sql.histogram_sum(c) if c == "hist" else f"coalesce(sum({c}), 0)" for c in MEASURE_COLUMNS)
    daily = sql.q(DailyRollup._meta.db_table)
    for dimension, column in DIMENSIONS.items():
        select = (f"SELECT %s, '{dimension}', {column}, {sums}, {token} FROM {daily} "  # noqa: S608
                  f"WHERE day BETWEEN %s AND %s GROUP BY {column}")
        _write(sql.q(MonthlyRollup._meta.db_table), ("month", "dimension", "key"), select,
               [sql.day(first), sql.day(first), sql.day(last)], "month = %s AND dimension = %s",
               [sql.day(first), dimension], token)


def _take(model, field_name: str):
    return list(model.objects.select_for_update(skip_locked=True).order_by(field_name)[:1])


def _months_mark_dirty(days, *, now: datetime) -> None:
    months = sorted({d.replace(day=1) for d in days})
    RollupDirtyMonth.objects.bulk_create([RollupDirtyMonth(month=m, marked_at=now) for m in months],
                                         update_conflicts=True, unique_fields=["month"], update_fields=["marked_at"])


def rollups_refresh(*, now: datetime, max_days: int | None = None) -> RefreshResult:
    """Recompute every dirty day, then every dirty month (one transaction per day or month)."""
    result = RefreshResult()
    token = time.time_ns()
    while max_days is None or len(result.days) < max_days:
        with transaction.atomic():
            rows = _take(RollupDirtyDay, "day")
            if not rows:
                break
            dirty = rows[0]
            day_recompute(dirty.day, token=token)
            RollupDirtyDay.objects.filter(pk=dirty.pk, marked_at=dirty.marked_at).delete()
            _months_mark_dirty([dirty.day], now=now)
            result.days.append(dirty.day)
    while True:
        with transaction.atomic():
            rows = _take(RollupDirtyMonth, "month")
            if not rows:
                break
            dirty = rows[0]
            month_recompute(dirty.month, token=token)
            RollupDirtyMonth.objects.filter(pk=dirty.pk, marked_at=dirty.marked_at).delete()
            result.months.append(dirty.month)
    return result
