"""Chart figures for the supervision dashboard, each one SQL aggregation (GROUP BY in the database,
never a loop over cases), under the dashboard's filters (dashboard.Filters):

- daily received (filed) and completed cases, the last DAILY_DAYS days of the period;
- on-time rate by month of completion: completed cases whose promised clock ended not red (no
  standing red card, completed by the end of its deadline day) / all completed cases;
- warning cards (yellow, red; annulled ones excluded) by responsible department;
- the distribution of working days used by completed cases (suspensions excluded), counted in SQL
  against the working calendar as a day index, the same count as the ledger (ledger.project).

The period: the filters' from/to when given; else the twelve months up to today.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from django.db import connection
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate, TruncMonth
from django.utils.translation import gettext as _

from backend.cases.models import Case
from backend.workcalendar.calendar import SHANGHAI, CalendarNotCovered, WorkingCalendar, refresh_if_stale

from .dashboard import Filters
from .ledger import day_start
from .models import Card, Clock, ClockEntry, Severity

DAILY_DAYS = 30


def chart_period(filters: Filters, today: date) -> tuple[date, date]:
    end = filters.date_to or today
    if filters.date_from is not None:
        return filters.date_from, end
    month = end.month - 11
    year = end.year + (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, 1), end


def _scoped(qs: QuerySet, filters: Filters, case: str) -> QuerySet:
    """Apply department, item, centre and step to a queryset of cases (case="pk") or of rows that
    belong to a case (case="case_id"): a department is the item's or any clock's of the case."""
    path = "" if case == "pk" else "case__"
    clocks = Clock.objects.filter(case_id=OuterRef(case))
    if filters.department is not None:
        qs = qs.filter(Q(**{f"{path}item__department": filters.department})
                       | Exists(clocks.filter(department=filters.department)))
    if filters.item is not None:
        qs = qs.filter(**{f"{path}item": filters.item})
    if filters.centre is not None:
        qs = qs.filter(**{f"{path}service_centre": filters.centre})
    if filters.step:
        qs = qs.filter(Exists(clocks.filter(kind=Clock.Kind.STEP, step=filters.step)))
    return qs


def _between(field: str, lo: date, hi: date) -> Q:
    return Q(**{f"{field}__gte": day_start(lo), f"{field}__lt": day_start(hi + timedelta(days=1))})


def daily(filters: Filters, lo: date, hi: date) -> dict:
    first = max(lo, hi - timedelta(days=DAILY_DAYS - 1))
    cases = _scoped(Case.objects.all(), filters, "pk").order_by()
    received = dict(cases.filter(_between("filed_at", first, hi))
                    .annotate(day=TruncDate("filed_at", tzinfo=SHANGHAI)).values("day")
                    .annotate(n=Count("id")).values_list("day", "n"))
    completed = dict(cases.filter(_between("completed_at", first, hi), status=Case.Status.COMPLETED)
                     .annotate(day=TruncDate("completed_at", tzinfo=SHANGHAI)).values("day")
                     .annotate(n=Count("id")).values_list("day", "n"))
    days = [first + timedelta(days=i) for i in range((hi - first).days + 1)]
    return {"days": [d.isoformat() for d in days], "received": [received.get(d, 0) for d in days],
            "completed": [completed.get(d, 0) for d in days],
            "names": {"received": _("收件"), "completed": _("办结")}}


def completed_case_clocks(filters: Filters, lo: date, hi: date) -> QuerySet[Clock]:
    """The promised clocks of the cases completed in the period, with `done_day` (the local day the
    clock stopped) and `late` (it ended red: a standing red card, or stopped after its deadline day)."""
    red_card = Card.objects.filter(clock_id=OuterRef("pk"), to_state=Clock.State.RED, annulled_at__isnull=True)
    qs = (Clock.objects.filter(kind=Clock.Kind.PROMISED, completed_at__isnull=False,
                               case__status=Case.Status.COMPLETED)
          .filter(_between("completed_at", lo, hi))
          .annotate(done_day=TruncDate("completed_at", tzinfo=SHANGHAI), red=Exists(red_card)))
    return _scoped(qs, filters, "case_id").order_by()


LATE = Q(red=True) | Q(done_day__gt=F("projected_deadline"))


def on_time_by_month(filters: Filters, lo: date, hi: date) -> dict:
    rows = {(row["month"].year, row["month"].month): row for row in completed_case_clocks(filters, lo, hi)
            .annotate(month=TruncMonth("completed_at", tzinfo=SHANGHAI)).values("month")
            .annotate(total=Count("id"), late=Count("id", filter=LATE))}
    months, month = [], date(lo.year, lo.month, 1)
    while month <= hi:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)

    def figures(m):
        row = rows.get((m.year, m.month))
        total, late = (row["total"], row["late"]) if row else (0, 0)
        return total, total - late, (round(100 * (total - late) / total, 1) if total else None)

    table = [figures(m) for m in months]
    return {"months": [f"{m:%Y-%m}" for m in months], "total": [t for t, _o, _r in table],
            "on_time": [o for _t, o, _r in table], "late": [t - o for t, o, _r in table],
            "rate": [r for _t, _o, r in table],
            "names": {"on_time": _("按时办结"), "late": _("超时办结"), "rate": _("按时办结率（%）")}}


def cards_by_department(filters: Filters, lo: date, hi: date, link) -> dict:
    qs = Card.objects.filter(severity__in=[Severity.YELLOW, Severity.RED], annulled_at__isnull=True)
    qs = qs.filter(_between("at", lo, hi))
    if filters.department is not None:
        qs = qs.filter(department=filters.department)
    if filters.item is not None:
        qs = qs.filter(case__item=filters.item)
    if filters.centre is not None:
        qs = qs.filter(case__service_centre=filters.centre)
    if filters.step:
        qs = qs.filter(step=filters.step)
    rows = (qs.order_by().values("department__code", "department__name", "severity")
            .annotate(n=Count("id")).order_by("department__name"))
    departments: dict[str, dict] = {}
    for row in rows:  # one row per department and severity
        code = row["department__code"] or ""
        entry = departments.setdefault(code, {"code": code, "name": row["department__name"] or _("未指定部门"),
                                              Severity.YELLOW: 0, Severity.RED: 0})
        entry[row["severity"]] = row["n"]
    ordered = sorted(departments.values(), key=lambda d: (-d[Severity.RED], -d[Severity.YELLOW], d["name"]))
    return {
        "departments": [d["name"] for d in ordered], "codes": [d["code"] for d in ordered],
        "yellow": [{"value": d[Severity.YELLOW], "link": link("yellow", d["code"])} for d in ordered],
        "red": [{"value": d[Severity.RED], "link": link("red", d["code"])} for d in ordered],
        "names": {"yellow": _("黄牌预警"), "red": _("红牌超时")},
    }


def _day_index(calendar: WorkingCalendar, lo: date, hi: date) -> list[tuple[date, int]]:
    """(day, working days d with lo < d ≤ day) for every day from lo to hi: wd(a, b] = n(b) − n(a)."""
    out, n, day = [], 0, lo
    while day <= hi:
        if day > lo and calendar.is_working_day(day):
            n += 1
        out.append((day, n))
        day += timedelta(days=1)
    return out


def _index_table(index: list[tuple[date, int]]) -> tuple[str, list]:
    if connection.vendor == "postgresql":
        return ("SELECT * FROM unnest(%s::date[], %s::int[]) AS t(d, n)",
                [[d for d, _n in index], [n for _d, n in index]])
    return ("SELECT date(json_extract(value, '$[0]')) AS d, json_extract(value, '$[1]') AS n FROM json_each(%s)",
            [json.dumps([[d.isoformat(), n] for d, n in index])])


def used_days_distribution(filters: Filters, lo: date, hi: date) -> dict:
    """How many completed cases used how many working days of their promised clock (suspensions
    excluded): used = max(0, wd(start, end] − Σ wd(P, R]), as the ledger counts it."""
    base = completed_case_clocks(filters, lo, hi)
    bounds = base.aggregate(lo=Min("start_date"), hi=Max("done_day"), entry_lo=Min("entries__start_date"),
                            entry_hi=Max("entries__end_date"))
    empty = {"days": [], "cases": [], "names": {"cases": _("办件数")}, "note": ""}
    if bounds["lo"] is None:
        return empty
    first = min(d for d in (bounds["lo"], bounds["entry_lo"]) if d is not None)
    last = max(d for d in (bounds["hi"], bounds["entry_hi"]) if d is not None)
    if isinstance(last, str):  # SQLite returns the truncated day as text
        last = date.fromisoformat(last)
    try:
        index = _day_index(refresh_if_stale(), first, last)
    except CalendarNotCovered as exc:
        return {**empty, "note": str(exc)}
    index_sql, index_params = _index_table(index)
    base_sql, base_params = base.values("id", "start_date", "done_day").query.sql_with_params()
    qn = connection.ops.quote_name
    entries = qn(ClockEntry._meta.db_table)
    greatest = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    sql = f"""
        WITH idx AS ({index_sql}), b AS ({base_sql}),
        susp AS (
            SELECT e.clock_id AS clock_id, SUM({greatest}(0, ie.n - isd.n)) AS days
            FROM {entries} e JOIN b ON b.id = e.clock_id
            JOIN idx isd ON isd.d = e.start_date
            JOIN idx ie ON ie.d = COALESCE(e.end_date, b.done_day)
            WHERE e.kind = %s GROUP BY e.clock_id)
        SELECT used, COUNT(*) FROM (
            SELECT {greatest}(0, ie.n - isd.n - COALESCE(s.days, 0)) AS used
            FROM b JOIN idx isd ON isd.d = b.start_date JOIN idx ie ON ie.d = b.done_day
            LEFT JOIN susp s ON s.clock_id = b.id) u
        GROUP BY used ORDER BY used"""  # noqa: S608  (table names and SQL of our own querysets)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*index_params, *base_params, ClockEntry.Kind.SUSPENSION])
        counts = {int(used): n for used, n in cursor.fetchall()}
    days = list(range(0, max(counts) + 1)) if counts else []
    return {**empty, "days": days, "cases": [counts.get(d, 0) for d in days]}


def chart_data(*, filters: Filters, today: date, link) -> dict:
    """Every chart's figures. `link(state, department_code)`: the list URL a bar drills down to."""
    lo, hi = chart_period(filters, today)
    return {
        "period": {"from": lo.isoformat(), "to": hi.isoformat()},
        "daily": daily(filters, lo, hi),
        "on_time": on_time_by_month(filters, lo, hi),
        "cards": cards_by_department(filters, lo, hi, link),
        "used": used_days_distribution(filters, lo, hi),
    }
