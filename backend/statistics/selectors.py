"""Reads of the statistics: tables per department, item, centre, staff member or step type over any
period, and the department × month table of a year. SQL aggregation only: the database groups and
counts, Python only names the resulting rows.

Where a table comes from:
- department, item and centre tables of whole months: the rollups (monthly rows when the table has
  no filter on another dimension, daily rows otherwise), unless a day or month of the period is
  still marked dirty (the sweep has not caught up) or a percentile falls into the histogram's
  overflow bucket — then, like every other period, straight from the facts;
- staff and step tables: straight from the step facts.
Percentiles are percentile_cont on PostgreSQL; on SQLite (the demo path) the same definition
computed in SQL with window functions (ROW_NUMBER over the sorted values, linear interpolation).
Either way the figures are the same (core.py).
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils.translation import gettext as _

from backend.accounts.models import Department, ServiceCentre
from backend.catalog.models import ProcessStep, ServiceItem
from backend.common.errors import DomainError

from . import core, sql
from .models import CaseFact, DailyRollup, MonthlyRollup, RollupDirtyDay, RollupDirtyMonth, StepFact

GROUPS = ("department", "item", "centre", "staff", "step")
CASE_GROUPS = ("department", "item", "centre")
FILTERS = ("department", "item", "centre")
_ROLLUP_SUMS = list(core.MEASURES)


def _clean(group_by: str, date_from, date_to, filters) -> dict:
    errors = []
    if group_by not in GROUPS:
        errors.append(("group_by", _("分组应为 department、item、centre、staff 或 step。")))
    if not isinstance(date_from, date):
        errors.append(("from", _("请填写开始日期（YYYY-MM-DD）。")))
    if not isinstance(date_to, date):
        errors.append(("to", _("请填写结束日期（YYYY-MM-DD）。")))
    elif isinstance(date_from, date) and date_to < date_from:
        errors.append(("to", _("结束日期不能早于开始日期。")))
    cleaned = {}
    for name, value in (filters or {}).items():
        if name not in FILTERS:
            errors.append((name, _("未知的筛选条件。")))
        elif value not in (None, ""):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                errors.append((name, _("应为编号（整数）。")))
            else:
                cleaned[name] = value
    if errors:
        from backend.common.errors import FieldError

        raise DomainError([FieldError(field, "invalid", message) for field, message in errors])
    return cleaned


def _rows(query: str, params) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# -- from the facts --------------------------------------------------------------------------------
def _fact_filters(filters: dict, params: dict) -> str:
    parts = []
    for name, value in filters.items():
        if name == "centre" and value == 0:
            parts.append("centre_id IS NULL")
        else:
            params[f"f_{name}"] = value
            parts.append(f"{name}_id = %(f_{name})s")
    return "".join(f" AND {p}" for p in parts)


def _key_of(group_by: str) -> str:
    return {"centre": "coalesce(centre_id, 0)", "staff": "coalesce(staff_id, 0)", "step": "step"}.get(
        group_by, f"{group_by}_id")


# Completion figures, over the rows completed in the period (no per-row period test in the aggregates).
_COMPLETED = {
    "completed": "count(*)", "on_time": sql.count_if("on_time"), "early": sql.count_if("early"),
    "overdue": sql.count_if("overdue"), "days_n": "count(days_used)", "days_sum": "coalesce(sum(days_used), 0)",
    "cards_yellow": "coalesce(sum(cards_yellow), 0)", "cards_red": "coalesce(sum(cards_red), 0)",
    "ratings": "count(rating)", "rating_sum": "coalesce(sum(rating), 0)",
}
_CASE_COMPLETED = {**_COMPLETED, "send_backs": "coalesce(sum(send_backs), 0)",
                   "extensions": "coalesce(sum(extensions), 0)"}
_STEP_COMPLETED = {**_COMPLETED, "received": "count(*)", "accepted": sql.count_if("accepted"),
                   "refused": sql.count_if("refused"), "send_backs": sql.count_if("sent_back")}


def _grouped(table: str, key: str, measures: dict, where: str, params: dict, *, percentiles: bool) -> list[dict]:
    columns = ", ".join(f"{expr} AS {name}" for name, expr in measures.items())
    pct = (", percentile_cont(ARRAY[0.5, 0.9]::float8[]) WITHIN GROUP (ORDER BY days_used) AS pct"
           if percentiles and sql.pg() else "")
    rows = _rows(f"SELECT {key} AS key, {columns}{pct} FROM {sql.q(table)} "  # noqa: S608
                 f"WHERE {where} GROUP BY {key}", params)
    if percentiles:
        window = {} if sql.pg() else _window_percentiles(table, key, f"({where}) AND days_used IS NOT NULL", params)
        for row in rows:
            row["median"], row["p90"] = (row.pop("pct") or [None, None]) if sql.pg() else window.get(
                row["key"], (None, None))
    return rows


def _from_facts(group_by: str, filters: dict, date_from: date, date_to: date) -> list[dict]:
    """Straight from the facts. Case tables are two GROUP BYs — the completion figures over the
    cases completed in the period, then received / accepted / refused (from the daily rollups when
    they are fresh for the period) — so that neither tests the period per row and aggregate; their
    rows are joined by key."""
    key = _key_of(group_by)
    params = {"a": sql.day(date_from), "b": sql.day(date_to)}
    narrowed = _fact_filters(filters, params)
    if group_by in ("staff", "step"):
        return _grouped(StepFact._meta.db_table, key, _STEP_COMPLETED, "date BETWEEN %(a)s AND %(b)s" + narrowed,
                        params, percentiles=True)
    table = CaseFact._meta.db_table
    rows = {row["key"]: row for row in _grouped(
        table, key, _CASE_COMPLETED, "completed_date BETWEEN %(a)s AND %(b)s" + narrowed, params, percentiles=True)}
    for row in _intake_counts(group_by, key, filters, narrowed, params, (date_from, date_to)):
        rows.setdefault(row["key"], {"median": None, "p90": None}).update(row)
    return list(rows.values())


def _intake_counts(group_by: str, key: str, filters: dict, narrowed: str, params: dict, period) -> list[dict]:
    """Received, accepted and refused per key: plain counts by day, so the daily rollups hold them
    exactly for any run of days they are fresh for; else from the facts."""
    if _rollups_fresh(*period):
        where = "day BETWEEN %(a)s AND %(b)s"
        for name, value in filters.items():
            where += f" AND {name}_id = %(r_{name})s"
            params[f"r_{name}"] = value
        sums = {m: f"coalesce(sum({m}), 0)" for m in ("received", "accepted", "refused")}
        return _grouped(DailyRollup._meta.db_table, f"{group_by}_id", sums, where, params, percentiles=False)
    r, i = "received_date BETWEEN %(a)s AND %(b)s", "intake_date BETWEEN %(a)s AND %(b)s"
    intake = {"received": sql.count_if(r), "accepted": sql.count_if(f"{i} AND accepted"),
              "refused": sql.count_if(f"{i} AND refused")}
    return _grouped(CaseFact._meta.db_table, key, intake, f"({r} OR {i})" + narrowed, params, percentiles=False)


def _interpolated(q: float) -> str:
    """percentile_cont(q) over the rows of a window query (columns i: 0-based rank, n: count, v)."""
    pos = f"({q} * (n - 1))"
    low = f"CAST({pos} AS INTEGER)"
    return (f"sum(CASE WHEN i = {low} THEN v * (1 - ({pos} - {low})) "
            f"WHEN i = {low} + 1 THEN v * ({pos} - {low}) ELSE 0 END)")


def _window_percentiles(table: str, key: str, where: str, params: dict) -> dict:
    ranked = (f"SELECT {key} AS key, days_used AS v, "
              f"ROW_NUMBER() OVER (PARTITION BY {key} ORDER BY days_used) - 1 AS i, "
              f"COUNT(*) OVER (PARTITION BY {key}) AS n FROM {sql.q(table)} WHERE {where}")
    rows = _rows(f"WITH r AS ({ranked}) SELECT key, {_interpolated(0.5)} AS median, "  # noqa: S608
                 f"{_interpolated(0.9)} AS p90 FROM r GROUP BY key", params)
    return {row["key"]: (float(row["median"]), float(row["p90"])) for row in rows}


# -- from the rollups ------------------------------------------------------------------------------
def _rollups_fresh(date_from: date, date_to: date) -> bool:
    return not (RollupDirtyDay.objects.filter(day__range=(date_from, date_to)).exists()
                or RollupDirtyMonth.objects.filter(month__range=(date_from.replace(day=1), date_to)).exists())


def _from_rollups(group_by: str, filters: dict, date_from: date, date_to: date) -> list[dict]:
    sums = ", ".join(f"coalesce(sum({m}), 0) AS {m}" for m in _ROLLUP_SUMS)
    params = {"a": sql.day(date_from), "b": sql.day(date_to)}
    column = {"department": "department_id", "item": "item_id", "centre": "centre_id"}[group_by]
    if set(filters) <= {group_by}:
        table, key, where = MonthlyRollup._meta.db_table, "key", "dimension = %(dim)s AND month BETWEEN %(a)s AND %(b)s"
        params["dim"] = group_by
        if group_by in filters:
            where += " AND key = %(f)s"
            params["f"] = filters[group_by]
    else:
        table, key, where = DailyRollup._meta.db_table, column, "day BETWEEN %(a)s AND %(b)s"
        for name, value in filters.items():
            where += f" AND {name}_id = %(f_{name})s"
            params[f"f_{name}"] = value
    rows = _rows(f"SELECT {key} AS key, {sums}, {sql.histogram_sum('hist')} AS hist "  # noqa: S608
                 f"FROM {sql.q(table)} WHERE {where} GROUP BY {key}", params)
    for row in rows:
        hist = sql.histogram_value(row.pop("hist"))
        row["median"] = core.percentile_from_histogram(hist, 0.5)
        row["p90"] = core.percentile_from_histogram(hist, 0.9)
    return rows


# -- labels ----------------------------------------------------------------------------------------
def _labelled(group_by: str, rows: list[dict], *, ordered: bool = True) -> list[dict]:
    keys = [row["key"] for row in rows]
    names: dict = {}
    shown: dict = {}
    if group_by == "department":
        names = dict(Department.objects.filter(pk__in=keys).values_list("pk", "name"))
    elif group_by == "item":
        for pk, code, name in ServiceItem.objects.filter(pk__in=keys).values_list("pk", "code", "name"):
            names[pk], shown[pk] = name, code
    elif group_by == "centre":
        names = {0: _("网上申请（不经服务中心）"),
                 **dict(ServiceCentre.objects.filter(pk__in=keys).values_list("pk", "name"))}
    elif group_by == "staff":
        names = {0: _("未签收")}
        for user in get_user_model().objects.filter(pk__in=keys):
            names[user.pk] = user.display_name
    out = []
    for row in rows:
        k = row["key"]
        label = ProcessStep.label_for(k) if group_by == "step" else names.get(k, str(k))
        out.append(core.table_row(shown.get(k, k), str(label), row, median=row["median"], p90=row["p90"],
                                  step_table=group_by in ("staff", "step")))
    return sorted(out, key=lambda r: (r["label"], str(r["key"]))) if ordered else out


def stats_table(*, group_by: str, date_from: date, date_to: date, filters: dict | None = None) -> list[dict]:
    """One row per department, item (key: its code), centre (key 0: filed online), staff member or
    step type over the days date_from..date_to (both included); `filters`: {"department", "item",
    "centre": id} (centre 0: online). Keys of each row: see core.table_row. Received, accepted and
    refused count by the day they happened; the rest by the day the case (or step) completed."""
    filters = _clean(group_by, date_from, date_to, filters)
    rows = None
    if group_by in CASE_GROUPS and core.whole_months(date_from, date_to) and _rollups_fresh(date_from, date_to):
        try:
            rows = _from_rollups(group_by, filters, date_from, date_to)
        except core.Overflow:
            rows = None
    if rows is None:
        rows = _from_facts(group_by, filters, date_from, date_to)
    return _labelled(group_by, rows)


def stats_monthly(group_by: str = "department", *, year: int) -> list[dict]:
    """The group × month table of a year: stats_table rows with `month` (1..12), by key then month."""
    if group_by not in CASE_GROUPS:
        raise DomainError.single("group_by", "invalid", _("按月统计的分组应为 department、item 或 centre。"))
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise DomainError.single("year", "invalid", _("年份应为 2000 到 2100 之间的整数。"))
    first, last = date(year, 1, 1), date(year, 12, 31)
    out = []
    if _rollups_fresh(first, last):
        sums = ", ".join(f"{m}" for m in _ROLLUP_SUMS)
        rows = _rows(f"SELECT key, month, {sums}, hist FROM {sql.q(MonthlyRollup._meta.db_table)} "  # noqa: S608
                     "WHERE dimension = %(dim)s AND month BETWEEN %(a)s AND %(b)s ORDER BY key, month",
                     {"dim": group_by, "a": sql.day(first), "b": sql.day(last)})
        try:
            months = []
            for row in rows:
                hist = sql.histogram_value(row.pop("hist"))
                row["median"] = core.percentile_from_histogram(hist, 0.5)
                row["p90"] = core.percentile_from_histogram(hist, 0.9)
                month = row.pop("month")
                months.append((month if isinstance(month, date) else date.fromisoformat(month)).month)
            labelled = _labelled(group_by, rows, ordered=False)
            out = [{**row, "month": month} for row, month in zip(labelled, months, strict=True)]
            return sorted(out, key=lambda r: (r["label"], str(r["key"]), r["month"]))
        except core.Overflow:
            pass
    for month in range(1, 13):
        month_first, month_last = core.month_bounds(year, month)
        for row in stats_table(group_by=group_by, date_from=month_first, date_to=month_last):
            out.append({**row, "month": month})
    return sorted(out, key=lambda r: (r["label"], str(r["key"]), r["month"]))



def stats_check_visible(*, user) -> None:
    """Statistics are for supervision officers and administrators (403 for anyone else)."""
    from backend.supervision.selectors import can_supervise

    if not can_supervise(user):
        raise DomainError.single(None, "forbidden", _("只有监察人员和管理员可以查看统计。"), status=403)
