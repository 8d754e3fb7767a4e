"""Properties of the arithmetic that hold for any date and any N."""

from datetime import date, timedelta

import chinese_calendar
from hypothesis import given
from hypothesis import strategies as st

starts = st.dates(min_value=date(2004, 1, 1), max_value=date(2025, 6, 30))
spans = st.integers(min_value=0, max_value=250)


@given(start=starts, n=spans)
def test_adding_then_counting_returns_n(seed_calendar, start, n):
    deadline = seed_calendar.add_working_days(start, n)
    assert seed_calendar.working_days_between(start, deadline) == n
    assert n == 0 or seed_calendar.is_working_day(deadline)


@given(start=starts, n=st.integers(min_value=1, max_value=60))
def test_agrees_with_chinesecalendar_find_workday(seed_calendar, start, n):
    # find_workday(0, d) is the first working day >= d, so (n - 1, start + 1) is "n-th after start".
    expected = chinese_calendar.find_workday(n - 1, start + timedelta(1))
    assert seed_calendar.add_working_days(start, n) == expected


@given(deadline=starts, paused=starts)
def test_a_zero_day_suspension_changes_nothing(seed_calendar, deadline, paused):
    assert seed_calendar.shift_for_suspension(deadline, paused, paused) == deadline


@given(deadline=starts, paused=starts, length=st.integers(min_value=0, max_value=120))
def test_a_suspension_never_moves_a_deadline_earlier(seed_calendar, deadline, paused, length):
    resumed = paused + timedelta(days=length)
    shifted = seed_calendar.shift_for_suspension(deadline, paused, resumed)
    assert shifted >= deadline
    assert seed_calendar.working_days_between(deadline, shifted) == seed_calendar.working_days_between(
        paused, resumed)
