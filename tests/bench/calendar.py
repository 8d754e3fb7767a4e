"""Benchmark: our add_working_days against chinese_calendar.find_workday, same inputs, one JSON line;
with a migrated database also the time to rebuild the calendar (official years plus the provisional
years to 2099) after a version change.

Run: .venv/bin/python tests/bench/calendar.py [--calls N]
Uses the migrated database's calendar when there is one, else builds the seed calendar in memory.
"""

import sys
from pathlib import Path

# This file is named like the stdlib `calendar` module, which Django imports: run as a script, its own
# directory must not be on sys.path, or `import calendar` would load this file instead.
ROOT = Path(__file__).resolve().parents[2]
sys.path[0] = str(ROOT)

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402
from datetime import date, timedelta  # noqa: E402


def setup_calendar():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")
    import django

    django.setup()
    from django.db import DatabaseError

    from backend.workcalendar.calendar import WorkingCalendar, get_calendar
    from backend.workcalendar.seed import SEED_FIRST_YEAR, SEED_LAST_YEAR, chinesecalendar_days

    try:
        cal = get_calendar()
        if cal.is_covered(date(2025, 1, 1)):
            return cal, "database"
    except DatabaseError:
        pass  # not migrated
    days = {d: kind for d, kind, _ in chinesecalendar_days()}
    return WorkingCalendar(range(SEED_FIRST_YEAR, SEED_LAST_YEAR + 1), days), "memory"


def rate(func, cases, repeat: int, rounds: int = 3) -> float:
    """Best of `rounds` (the machine may be shared: the fastest round is the least disturbed)."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(repeat):
            [func(a, b) for a, b in cases]
        best = min(best, time.perf_counter() - start)
    return repeat * len(cases) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=2000, help="distinct (start, n) cases")
    parser.add_argument("--max-n", type=int, default=30, help="working days per call: 1..max-n")
    options = parser.parse_args()

    import chinese_calendar

    cal, source = setup_calendar()
    rng = random.Random(20260930)
    first, span = date(2005, 1, 1), (date(2025, 6, 30) - date(2005, 1, 1)).days
    cases = [(first + timedelta(rng.randrange(span)), rng.randint(1, options.max_n))
             for _ in range(options.calls)]
    # find_workday(0, d) is the first working day on or after d: (n - 1, start + 1) is our (start, n).
    theirs_cases = [(n - 1, start + timedelta(1)) for start, n in cases]
    mismatches = sum(cal.add_working_days(*ours) != chinese_calendar.find_workday(*theirs)
                     for ours, theirs in zip(cases, theirs_cases, strict=True))

    rebuild_ms = None
    if source == "database":  # a new version (or another process's) makes every process rebuild once
        from backend.workcalendar.calendar import load_calendar

        rebuild_ms = min(_timed(load_calendar) for _ in range(5)) * 1000
    ours_rate = rate(cal.add_working_days, cases, repeat=100)
    theirs_rate = rate(chinese_calendar.find_workday, theirs_cases, repeat=1)
    print(json.dumps({
        "benchmark": "add_working_days",
        "calendar": source,
        "cases": len(cases),
        "n_range": [1, options.max_n],
        "ours_calls_per_s": round(ours_rate),
        "chinese_calendar_find_workday_calls_per_s": round(theirs_rate),
        "ratio": round(ours_rate / theirs_rate, 1),
        "mismatches": mismatches,
        "covered_years": [cal.covered_from().year, cal.covered_until(date(2099, 1, 1)).year]
        if cal.is_covered(date(2099, 1, 1)) else [cal.covered_from().year, cal.covered_until().year],
        "provisional_years": len(cal.provisional_years),
        "rebuild_ms": None if rebuild_ms is None else round(rebuild_ms, 1),
    }))


def _timed(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
