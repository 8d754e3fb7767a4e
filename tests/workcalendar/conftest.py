import pytest

from backend.workcalendar import calendar
from backend.workcalendar.seed import chinesecalendar_days


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    # The cache is process-wide and test transactions roll back: never let one test see another's import.
    calendar.invalidate()
    yield
    calendar.invalidate()


@pytest.fixture(scope="session")
def seed_calendar() -> calendar.WorkingCalendar:
    """The seeded calendar built in memory (no database), for pure arithmetic tests."""
    return calendar.WorkingCalendar(range(2004, 2027), {d: kind for d, kind, _ in chinesecalendar_days()})
