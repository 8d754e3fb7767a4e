"""The seed calendar: 2004–2026 from the chinesecalendar package (used by migration 0002 and the benchmark).

Keep this stable: the data migration imports it.
"""

from datetime import date

SEED_FIRST_YEAR = 2004
SEED_LAST_YEAR = 2026


def chinesecalendar_source() -> str:
    import chinese_calendar

    return f"chinesecalendar {chinese_calendar.__version__}"


def chinesecalendar_days(
    first: int = SEED_FIRST_YEAR, last: int = SEED_LAST_YEAR
) -> list[tuple[date, str, str]]:
    """(date, kind, Chinese name) for every holiday and 调休 make-up working day in [first, last]."""
    from chinese_calendar import constants

    def chinese(name: str) -> str:
        try:
            return constants.Holiday(name).chinese
        except ValueError:
            return name

    rows = [(d, "holiday", chinese(n)) for d, n in constants.holidays.items() if first <= d.year <= last]
    rows += [(d, "workday", chinese(n)) for d, n in constants.workdays.items() if first <= d.year <= last]
    return sorted(rows)
