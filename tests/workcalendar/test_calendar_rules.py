"""Working days, deadlines and suspensions on the seeded 2004–2026 calendar."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest

from backend.workcalendar.calendar import (
    CalendarNotCovered,
    WorkingCalendar,
    deadline_end,
    get_calendar,
    refresh_if_stale,
)
from backend.workcalendar.models import CalendarVersion

MAKE_UP_WORKDAYS = [
    date(2025, 1, 26), date(2025, 2, 8), date(2025, 4, 27), date(2025, 9, 28), date(2025, 10, 11),
    date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9), date(2026, 9, 20),
    date(2026, 10, 10),
]


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(n) for n in range((last - first).days + 1)]


@pytest.mark.parametrize("day", MAKE_UP_WORKDAYS, ids=str)
def test_make_up_weekend_days_are_working_days(seed_calendar, day):
    assert day.weekday() >= 5
    assert seed_calendar.is_working_day(day)


@pytest.mark.parametrize("first,last", [
    (date(2025, 1, 28), date(2025, 2, 4)),   # Spring Festival 2025
    (date(2025, 10, 1), date(2025, 10, 8)),  # National Day + Mid-autumn 2025
    (date(2026, 2, 15), date(2026, 2, 23)),  # Spring Festival 2026
    (date(2026, 10, 1), date(2026, 10, 7)),  # National Day 2026
], ids=str)
def test_golden_weeks_are_not_working_days(seed_calendar, first, last):
    assert not any(seed_calendar.is_working_day(d) for d in days(first, last))
    assert seed_calendar.is_working_day(first - timedelta(1))
    assert seed_calendar.is_working_day(last + timedelta(1))


def test_every_seeded_day_agrees_with_chinesecalendar(seed_calendar):
    for d in days(date(2004, 1, 1), date(2026, 12, 31)):
        assert seed_calendar.is_working_day(d) == chinese_calendar.is_workday(d), d


def test_database_calendar_equals_the_seed(db, seed_calendar):
    version = CalendarVersion.objects.get(number=1)
    assert version.source.startswith("chinesecalendar ")
    assert version.years == list(range(2004, 2027))
    cal = get_calendar()
    assert cal.covered_from() == date(2004, 1, 1)
    assert cal.official_years == frozenset(range(2004, 2027))
    assert cal.provisional_years == frozenset(range(2027, 2100))  # by the statutory rule until imported
    assert cal.covered_until() == date(2099, 12, 31)
    assert cal._ordinals[:len(seed_calendar._ordinals)] == seed_calendar._ordinals


def test_deadline_across_national_day_2026(seed_calendar):
    # Oct 1–7 off, Sat Oct 10 is a make-up day: 8, 9, 10, 12, 13.
    assert seed_calendar.add_working_days(date(2026, 9, 30), 5) == date(2026, 10, 13)
    assert seed_calendar.working_days_between(date(2026, 9, 30), date(2026, 10, 15)) == 7


def test_start_day_is_never_counted_and_zero_means_the_start(seed_calendar):
    monday = date(2025, 3, 3)
    assert seed_calendar.add_working_days(monday, 1) == date(2025, 3, 4)
    assert seed_calendar.add_working_days(date(2025, 3, 8), 0) == date(2025, 3, 8)  # a Saturday
    assert seed_calendar.add_working_days(date(2025, 3, 8), 1) == date(2025, 3, 10)


def test_between_is_zero_when_end_is_not_after_start(seed_calendar):
    assert seed_calendar.working_days_between(date(2025, 3, 5), date(2025, 3, 5)) == 0
    assert seed_calendar.working_days_between(date(2025, 3, 5), date(2025, 3, 1)) == 0


def test_suspension_moves_deadline_by_its_working_days(seed_calendar):
    # Suspended Fri 2025-09-26, resumed Fri 2025-10-10: Sun 9-28 (make-up), 9-29, 9-30, 10-9, 10-10 = 5.
    assert seed_calendar.working_days_between(date(2025, 9, 26), date(2025, 10, 10)) == 5
    deadline = date(2025, 10, 20)
    shifted = seed_calendar.shift_for_suspension(deadline, date(2025, 9, 26), date(2025, 10, 10))
    assert shifted == date(2025, 10, 27)


def test_uncovered_dates_raise_a_clear_error(seed_calendar):
    with pytest.raises(CalendarNotCovered) as exc:
        seed_calendar.add_working_days(date(2026, 12, 30), 5)
    assert exc.value.date == date(2027, 1, 1)
    assert "2027" in str(exc.value) and "未覆盖" in str(exc.value) and "does not cover" in str(exc.value)
    assert isinstance(exc.value, ValueError)
    for call in (lambda: seed_calendar.is_working_day(date(2003, 6, 2)),
                 lambda: seed_calendar.working_days_between(date(2026, 12, 1), date(2027, 1, 5)),
                 lambda: seed_calendar.add_working_days(date(9999, 12, 31), 1)):
        with pytest.raises(CalendarNotCovered):
            call()


def test_a_gap_year_is_not_bridged():
    cal = WorkingCalendar([2025, 2027], {})
    assert cal.add_working_days(date(2027, 1, 1), 1) == date(2027, 1, 4)
    with pytest.raises(CalendarNotCovered) as exc:
        cal.add_working_days(date(2025, 12, 30), 5)
    assert exc.value.date == date(2026, 1, 1)
    assert cal.covered_until() == date(2025, 12, 31)
    assert cal.covered_until(date(2027, 3, 1)) == date(2027, 12, 31)


def test_deadline_ends_at_23_59_59_shanghai():
    end = deadline_end(date(2026, 10, 13))
    assert end == datetime(2026, 10, 13, 23, 59, 59, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert end.utcoffset() == timedelta(hours=8)


def test_refresh_notices_a_version_from_another_process(db):
    cal = get_calendar()
    assert refresh_if_stale() is cal
    # A row written without signals, as another process would: only the stamp reveals it.
    CalendarVersion.objects.bulk_create([CalendarVersion(number=99, source="elsewhere", years=[2027])])
    assert get_calendar() is cal
    fresh = refresh_if_stale()
    assert cal.is_provisional_year(2027)
    assert fresh is not cal and not fresh.is_provisional_year(2027)  # 2027 is now official


def test_one_transition_measures_every_clock_against_one_calendar(db):
    from backend.common.snapshot import config_snapshot

    with config_snapshot():
        held = refresh_if_stale()
        CalendarVersion.objects.bulk_create([CalendarVersion(number=98, source="elsewhere", years=[2027])])
        assert refresh_if_stale() is held  # the transition keeps the calendar it started with
        with config_snapshot():  # a nested scope shares it
            assert refresh_if_stale() is held
    assert held.is_provisional_year(2027)
    assert not refresh_if_stale().is_provisional_year(2027)  # the next transition sees the new version
