"""Working-day arithmetic (工作日计算): the one calendar module the rest of the project imports.

Rules (DESIGN §3): a working day is Mon–Fri that is not a holiday, plus 调休 make-up working days,
minus local closures. A year with an imported State Council notice is *official*; a later year
without one is *provisional*: its days off follow the law (statutory.py) and anything computed
through it says so (`provisional_years_between`), until the notice is imported. N working days
from D end on the N-th working day strictly after D (the start day is never counted); N = 0 means
D itself. A suspension from P to R moves a deadline later by the number of working days d with
P < d ≤ R.

Usage: call `refresh_if_stale()` once per request or sweep (one tiny query), then do any amount of
arithmetic on the returned `WorkingCalendar`; each call is a bisect over a precomputed list, no query.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from backend.common.snapshot import snapshot_value

SHANGHAI = ZoneInfo("Asia/Shanghai")
HOLIDAY, WORKDAY, CLOSURE = "holiday", "workday", "closure"
_MAX_ORDINAL = date.max.toordinal()


class CalendarNotCovered(ValueError):
    """The calendar has no data for `date` (its year's holiday schedule has not been imported)."""

    def __init__(self, day: date | None):
        self.date = day
        if day is None:
            message = "工作日历没有任何数据。/ The working-day calendar is empty."
        else:
            message = (
                f"工作日历未覆盖 {day:%Y-%m-%d}（{day.year} 年既无导入的节假日安排，也不在法定节假日暂定规则的"
                f"适用年份内）。 / The working-day calendar does not cover {day:%Y-%m-%d} (no holiday schedule"
                f" has been imported for {day.year}, and the provisional statutory rule does not reach it)."
            )
        super().__init__(message)


def _not_covered(ordinal: int) -> CalendarNotCovered:
    return CalendarNotCovered(date.fromordinal(max(1, min(ordinal, _MAX_ORDINAL))))


class WorkingCalendar:
    """An immutable index of working days over whole covered years.

    `years`: covered years; `exceptions`: date → holiday|workday|closure, already merged (later
    versions win). `provisional_years`: those of `years` whose days off come from the statutory rule
    rather than an imported notice. `stamp` identifies the database state it was built from.
    """

    def __init__(self, years: Iterable[int], exceptions: Mapping[date, str], *, stamp: object = None,
                 provisional_years: Iterable[int] = ()):
        self.stamp = stamp
        years = set(years)
        self.provisional_years = frozenset(y for y in provisional_years if y in years)
        self.official_years = frozenset(years - self.provisional_years)
        by_ordinal = {d.toordinal(): kind for d, kind in exceptions.items()}
        self._span_lo: list[int] = []
        self._span_hi: list[int] = []
        for first, last in _runs(sorted(set(years))):
            self._span_lo.append(date(first, 1, 1).toordinal())
            self._span_hi.append(date(last, 12, 31).toordinal())
        ordinals: list[int] = []
        for lo, hi in zip(self._span_lo, self._span_hi, strict=True):
            for o in range(lo, hi + 1):
                kind = by_ordinal.get(o)
                if kind == WORKDAY or (kind is None and date.fromordinal(o).weekday() < 5):
                    ordinals.append(o)
        self._ordinals = ordinals
        self._dates = [date.fromordinal(o) for o in ordinals]

    # -- coverage ---------------------------------------------------------------------------
    def _span(self, ordinal: int) -> int:
        """Index of the covered run containing `ordinal`, or -1."""
        i = bisect_right(self._span_lo, ordinal) - 1
        return i if i >= 0 and ordinal <= self._span_hi[i] else -1

    def is_covered(self, d: date) -> bool:
        return self._span(d.toordinal()) >= 0

    def covered_from(self) -> date:
        if not self._span_lo:
            raise CalendarNotCovered(None)
        return date.fromordinal(self._span_lo[0])

    def covered_until(self, on: date | None = None) -> date:
        """Last covered day of the unbroken run containing `on` (default: the earliest run)."""
        if not self._span_lo:
            raise CalendarNotCovered(on)
        i = 0 if on is None else self._span(on.toordinal())
        if i < 0:
            raise CalendarNotCovered(on)
        return date.fromordinal(self._span_hi[i])

    def is_provisional_year(self, year: int) -> bool:
        return year in self.provisional_years

    def provisional_years_between(self, start: date, end: date) -> tuple[int, ...]:
        """The provisional years among the days d with start < d ≤ end: a deadline counted over
        them is provisional. Empty when end ≤ start (nothing was counted)."""
        if end <= start or not self.provisional_years:
            return ()
        first = start.year if start.month < 12 or start.day < 31 else start.year + 1
        return tuple(y for y in range(first, end.year + 1) if y in self.provisional_years)

    # -- arithmetic -------------------------------------------------------------------------
    def is_working_day(self, d: date) -> bool:
        o = d.toordinal()
        if self._span(o) < 0:
            raise CalendarNotCovered(d)
        i = bisect_left(self._ordinals, o)
        return i < len(self._ordinals) and self._ordinals[i] == o

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day strictly after `start`; `start` itself when n == 0."""
        if n <= 0:
            if n == 0:
                return start
            raise ValueError("n must be >= 0")
        # The hot path of every clock: the span lookup is inlined and dates are prebuilt on purpose.
        first = start.toordinal() + 1
        span = bisect_right(self._span_lo, first) - 1
        if span < 0 or first > self._span_hi[span]:
            raise _not_covered(first)
        i = bisect_left(self._ordinals, first) + n - 1
        if i >= len(self._ordinals) or self._ordinals[i] > self._span_hi[span]:
            raise _not_covered(self._span_hi[span] + 1)
        return self._dates[i]

    def working_days_between(self, start: date, end: date) -> int:
        """Number of working days d with start < d ≤ end (0 when end ≤ start)."""
        if end <= start:
            return 0
        first, last = start.toordinal() + 1, end.toordinal()
        span = self._span(first)
        if span < 0:
            raise _not_covered(first)
        if last > self._span_hi[span]:
            raise _not_covered(self._span_hi[span] + 1)
        return bisect_right(self._ordinals, last) - bisect_left(self._ordinals, first)

    def period_end(self, start: date, days: int, *, calendar_days: bool = False) -> date:
        """The last day of a period of `days` counted from the day after `start` (民法典 art. 201):
        the days-th working day; or, counted in calendar days (a 公示 notice period), the days-th
        day, moved to the next working day when it falls on a holiday or rest day (art. 203)."""
        if not calendar_days:
            return self.add_working_days(start, days)
        end = start + timedelta(days=days)
        while not self.is_working_day(end):
            end += timedelta(days=1)
        return end

    def changed_days(self, other: WorkingCalendar) -> list[date]:
        """The days whose working-day status (or coverage) differs between the two calendars: what a
        new version changed. Cheap: two sorted lists of a few thousand ordinals each."""
        mine, theirs = set(self._ordinals), set(other._ordinals)
        changed = mine ^ theirs
        if (self._span_lo, self._span_hi) == (other._span_lo, other._span_hi):
            return [date.fromordinal(o) for o in sorted(changed)]
        for lo, hi in zip(self._span_lo, self._span_hi, strict=True):
            changed.update(o for o in range(lo, hi + 1) if other._span(o) < 0)
        for lo, hi in zip(other._span_lo, other._span_hi, strict=True):
            changed.update(o for o in range(lo, hi + 1) if self._span(o) < 0)
        return [date.fromordinal(o) for o in sorted(changed)]

    def shift_for_suspension(self, deadline: date, suspended_from: date, resumed_on: date) -> date:
        """Deadline moved later by the working days of a suspension (暂停计时) from P to R."""
        return self.add_working_days(deadline, self.working_days_between(suspended_from, resumed_on))


def _runs(years: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for y in years:
        if runs and runs[-1][1] == y - 1:
            runs[-1] = (runs[-1][0], y)
        else:
            runs.append((y, y))
    return runs


def deadline_end(d: date) -> datetime:
    """A deadline day ends at 23:59:59 Asia/Shanghai."""
    return datetime.combine(d, time(23, 59, 59), tzinfo=SHANGHAI)


# -- the in-process cache -----------------------------------------------------------------------
_lock = threading.Lock()
_cached: WorkingCalendar | None = None


def _db_stamp() -> tuple:
    """Changes whenever a version is added or deleted, also in another process.

    Plain SQL: every clock write checks it, and the ORM aggregate cost ten times the query.
    """
    from django.db import connection

    from .models import CalendarVersion

    qn, meta = connection.ops.quote_name, CalendarVersion._meta
    pk, created_at = qn(meta.pk.column), qn(meta.get_field("created_at").column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), MAX({pk}), MAX({created_at}) FROM {qn(meta.db_table)}")  # noqa: S608
        return tuple(cursor.fetchone())


def load_calendar(*, upto: int | None = None) -> WorkingCalendar:
    """Build a calendar from the database (a few queries; prefer get_calendar()). `upto`: only the
    versions numbered up to it — the calendar as it stood before a later version (re-projection
    compares the two); such a calendar is never cached.

    Years named by a version are official. Every other year the statutory rule reaches is
    provisional: its days off come from the rule, and the days versions list (a closure, the edge of
    a neighbouring year's notice) apply on top."""
    from . import statutory
    from .models import CalendarDay, CalendarVersion

    stamp = _db_stamp() if upto is None else None  # read first: a version saved meanwhile only rebuilds once more
    versions = CalendarVersion.objects.all() if upto is None else CalendarVersion.objects.filter(number__lte=upto)
    official: set[int] = set()
    for version_years in versions.values_list("years", flat=True):
        official.update(version_years)
    provisional = [y for y in range(statutory.FIRST_YEAR, statutory.LAST_YEAR + 1) if y not in official]
    merged: dict[date, str] = {day: HOLIDAY for year in provisional for day, _name in statutory.days_off(year)}
    days = CalendarDay.objects.filter(version__in=versions) if upto is not None else CalendarDay.objects.all()
    for day, kind in days.order_by("version__number", "date").values_list("date", "kind"):
        merged[day] = kind  # later versions override earlier ones
    return WorkingCalendar(official | set(provisional), merged, stamp=stamp, provisional_years=provisional)


def get_calendar() -> WorkingCalendar:
    """The cached calendar; built from the database on first use or after invalidate()."""
    global _cached
    calendar = _cached
    if calendar is None:
        with _lock:
            if _cached is None:
                _cached = load_calendar()
            calendar = _cached
    return calendar


def refresh_if_stale() -> WorkingCalendar:
    """One tiny query: rebuild if another process (or a rolled-back test) changed the versions.
    Inside a `config_snapshot()` the query runs once for the whole block."""
    return snapshot_value("working_calendar", _refresh_if_stale)


def _refresh_if_stale() -> WorkingCalendar:
    global _cached
    stamp = _db_stamp()
    calendar = _cached
    if calendar is not None and calendar.stamp == stamp:
        return calendar
    with _lock:
        if _cached is None or _cached.stamp != stamp:  # another thread may have just rebuilt it
            _cached = load_calendar()
        return _cached


def invalidate() -> None:
    global _cached
    _cached = None
