"""Letters' figures per department and month, by aggregate queries (never a loop over letters):
received, accepted, replied, reply rate, on-time reply rate, mean working days to reply and the
writers' satisfaction (mean rating, 1–5). A letter counts in the month it was received."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from . import rules
from .models import Letter, Mailbox

AGGREGATES = {
    "received": Count("pk"),
    "accepted": Count("pk", filter=Q(accepted_at__isnull=False)),
    "not_accepted": Count("pk", filter=~Q(not_accepted_reason="")),
    "replied": Count("pk", filter=Q(replied_at__isnull=False)),
    "on_time": Count("pk", filter=Q(replied_on_time=True)),
    "mean_working_days": Avg("reply_working_days"),
    "rated": Count("case__rating"),
    "satisfaction": Avg("case__rating__score"),
}


def _bounds(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (timezone.make_aware(datetime.combine(date_from, time.min), tz),
            timezone.make_aware(datetime.combine(date_to, time.max), tz))


def _finish(row: dict) -> dict:
    row["reply_rate"] = rules.reply_rate(row["replied"], row["accepted"])
    row["on_time_rate"] = rules.reply_rate(row["on_time"], row["replied"])
    for key in ("mean_working_days", "satisfaction"):
        row[key] = round(row[key], 2) if row[key] is not None else None
    return row


def letters_in(*, letters: QuerySet[Letter], date_from: date, date_to: date) -> QuerySet[Letter]:
    start, end = _bounds(date_from, date_to)
    return letters.filter(received_at__gte=start, received_at__lte=end)


def stats_by_department_month(*, letters: QuerySet[Letter], date_from: date, date_to: date) -> list[dict]:
    """One row per (department, month): the department (None: not yet assigned) and the figures."""
    rows = (letters_in(letters=letters, date_from=date_from, date_to=date_to).order_by()
            .annotate(month=TruncMonth("received_at", tzinfo=timezone.get_current_timezone()))
            .values("month", "department_id", "department__code", "department__name")
            .annotate(**AGGREGATES).order_by("month", "department__code"))
    out = []
    for row in rows:  # one row per group, not per letter
        month = row.pop("month")
        row["month"] = f"{month:%Y-%m}" if month else ""
        row["department"] = ({"id": row.pop("department_id"), "code": row.pop("department__code"),
                              "name": row.pop("department__name")})
        out.append(_finish(row))
    return out


def stats_total(*, letters: QuerySet[Letter], date_from: date, date_to: date) -> dict:
    return _finish(dict(letters_in(letters=letters, date_from=date_from, date_to=date_to).order_by()
                        .aggregate(**AGGREGATES)))


def month_end(month: date) -> date:
    nxt = month.replace(year=month.year + 1, month=1) if month.month == 12 else month.replace(month=month.month + 1)
    return date.fromordinal(nxt.toordinal() - 1)


def mailbox_month(*, mailbox: Mailbox, month: date) -> dict:
    """A mailbox's month as published: totals and the per-department rows (departments only)."""
    letters = Letter.objects.filter(mailbox=mailbox)
    end = month_end(month)
    rows = stats_by_department_month(letters=letters, date_from=month, date_to=end)
    return {"totals": stats_total(letters=letters, date_from=month, date_to=end),
            "departments": [{**{k: v for k, v in r.items() if k != "department"},
                             "department": {"code": r["department"]["code"] or "",
                                            "name": r["department"]["name"] or ""}} for r in rows]}
