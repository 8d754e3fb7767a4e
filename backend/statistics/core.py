"""Pure arithmetic of the statistics: percentiles from a histogram of integer working days, and a
table row from additive measures. No database, no clock.

Percentiles follow PostgreSQL's percentile_cont: for q in [0, 1] over n sorted values the position
is q·(n − 1) (0-based); the result interpolates linearly between the values at its floor and ceiling.
The median is percentile_cont(0.5).

Definitions (docs/supervision.md, 统计口径):
- on time (按时办结): completed by the end of the promised deadline, suspensions and extensions applied;
- early (提前办结): completed at least one working day before the promised deadline, i.e. at least
  one working day of the limit was left after the completion day (an immediate item never is);
- overdue (超时办结): completed after the promised deadline;
- days used: working days from acceptance to completion, suspended working days excluded (ledger.py).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

MEASURES = ("received", "accepted", "refused", "completed", "on_time", "early", "overdue", "days_n", "days_sum",
            "send_backs", "extensions", "cards_yellow", "cards_red", "ratings", "rating_sum")


class Overflow(Exception):
    """The percentile falls into the histogram's overflow bucket: not exact from the histogram."""


def percentile_from_histogram(hist: Sequence[int], q: float) -> float | None:
    """percentile_cont(q) of the values where hist[v] counts value v; the last bucket counts values ≥
    its index (overflow): a percentile that needs one of them raises Overflow. None when empty."""
    n = sum(hist)
    if n == 0:
        return None
    position = q * (n - 1)
    low = math.floor(position)
    fraction = position - low
    lo_value = _value_at(hist, low)
    if fraction == 0:
        return float(lo_value)
    hi_value = _value_at(hist, low + 1)
    return lo_value + (hi_value - lo_value) * fraction


def _value_at(hist: Sequence[int], index: int) -> int:
    """The value at 0-based `index` of the sorted values."""
    seen = 0
    last = len(hist) - 1
    for value, count in enumerate(hist):
        seen += count
        if index < seen:
            if value == last:
                raise Overflow(index)
            return value
    raise IndexError(index)


def ratio(part, whole) -> float | None:
    """part / whole as a float (None when whole is 0), rounded to 6 decimals so that the same
    figure from the rollups and from the facts compares equal."""
    if not whole:
        return None
    return round(float(part or 0) / float(whole), 6)


def _rounded(value) -> float | None:
    return None if value is None else round(float(value), 6)


def table_row(key, label: str, m: Mapping, *, median: float | None, p90: float | None,
              step_table: bool = False) -> dict:
    """The row stats_table returns, from additive measures `m` (MEASURES) and the percentiles."""
    completed = int(m.get("completed") or 0)
    return {
        "key": key,
        "label": label,
        "received": int(m.get("received") or 0),
        "accepted": int(m.get("accepted") or 0),
        "refused": int(m.get("refused") or 0),
        "completed": completed,
        "on_time": int(m.get("on_time") or 0),
        "on_time_rate": ratio(m.get("on_time"), completed),
        "early_rate": ratio(m.get("early"), completed),
        "overdue": int(m.get("overdue") or 0),
        "mean_days": ratio(m.get("days_sum"), m.get("days_n")),
        "median_days": _rounded(median),
        "p90_days": _rounded(p90),
        "send_backs": int(m.get("send_backs") or 0),
        "extensions": None if step_table else int(m.get("extensions") or 0),
        "cards_yellow": int(m.get("cards_yellow") or 0),
        "cards_red": int(m.get("cards_red") or 0),
        "ratings": int(m.get("ratings") or 0),
        "mean_rating": ratio(m.get("rating_sum"), m.get("ratings")),
    }


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """(first day, last day) of a month."""
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def whole_months(date_from, date_to) -> bool:
    """The period starts on a first and ends on a last day of a month."""
    from datetime import timedelta

    return date_from.day == 1 and (date_to + timedelta(days=1)).day == 1 and date_from <= date_to
