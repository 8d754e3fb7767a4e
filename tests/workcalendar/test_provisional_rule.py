"""The provisional rule: days off as 《全国年节及纪念日放假办法》 (2024) gives them, for a year whose
State Council notice is not imported. Applied to 2025 and 2026 it is compared with those years'
official notices (as recorded by chinesecalendar): every statutory day is off in both, and the only
differences are the notices' bridging days (off officially, working by the rule) and make-up
weekends (working officially, off by the rule), which the rule never guesses. docs/supervision.md
lists the same days."""

from datetime import date, timedelta

import chinese_calendar
import pytest

from backend.workcalendar import statutory
from backend.workcalendar.calendar import HOLIDAY, CalendarNotCovered, WorkingCalendar, get_calendar

DIFFERENCES = {
    # year: (off by the notice, working by the rule), (working by the notice, off by the rule)
    2025: (["2025-02-03", "2025-02-04", "2025-05-05", "2025-10-07", "2025-10-08"],
           ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"]),
    2026: (["2026-01-02", "2026-02-20", "2026-02-23", "2026-05-05", "2026-10-06", "2026-10-07"],
           ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]),
}


def by_rule(year: int) -> WorkingCalendar:
    return WorkingCalendar([year], {d: HOLIDAY for d, _ in statutory.days_off(year)}, provisional_years=[year])


def days_of(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(n) for n in range((date(year, 12, 31) - first).days + 1)]


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_rule_against_the_official_notice(year):
    rule = by_rule(year)
    statutory_days = [d for d, name in statutory.days_off(year) if "补假" not in name]
    assert all(not chinese_calendar.is_workday(d) for d in statutory_days)  # off in the notice too
    rule_off = {d for d in days_of(year) if not rule.is_working_day(d)}
    official_off = {d for d in days_of(year) if not chinese_calendar.is_workday(d)}
    bridging, make_up = DIFFERENCES[year]
    assert sorted(f"{d}" for d in official_off - rule_off) == bridging
    assert sorted(f"{d}" for d in rule_off - official_off) == make_up
    assert all(d.weekday() >= 5 for d in rule_off - official_off)  # the rule differs only by 调休 weekends


def test_the_2025_rule_has_the_13_statutory_days_of_the_2024_revision():
    names = [name for _d, name in statutory.days_off(2025) if "补假" not in name]
    assert len(names) == 13
    assert names.count("春节") + names.count("农历除夕") == 4 and names.count("劳动节") == 2
    assert names.count("国庆节") == 3 and names.count("元旦") == 1


def test_spring_festival_2027_on_a_weekend_gives_9_and_10_february():
    days = dict(statutory.days_off(2027))
    assert [days[date(2027, 2, d)] for d in (5, 6, 7, 8)] == ["农历除夕", "春节", "春节", "春节"]
    assert days[date(2027, 2, 9)].endswith("（补假）") and days[date(2027, 2, 10)].endswith("（补假）")
    assert date(2027, 2, 11) not in days  # no bridging day is guessed


@pytest.mark.parametrize("year", range(2027, 2100))
def test_every_provisional_year_follows_art_6_and_guesses_no_make_up_weekend(year):
    days = statutory.days_off(year)
    # A day two festivals share (中秋 on 1–3 October) counts for both, as the notices count it.
    on_weekend = sum(len(name.split("、")) for d, name in days if "补假" not in name and d.weekday() >= 5)
    in_lieu = [d for d, name in days if "补假" in name]
    assert len(in_lieu) == on_weekend  # one 补假 per statutory day on a Saturday or Sunday
    assert all(d.weekday() < 5 for d in in_lieu)
    rule = by_rule(year)
    assert not any(rule.is_working_day(d) for d in days_of(year) if d.weekday() >= 5)


def test_the_database_calendar_is_provisional_from_2027_to_2099(db):
    cal = get_calendar()
    assert cal.is_provisional_year(2027) and cal.is_provisional_year(2099) and not cal.is_provisional_year(2026)
    # A 20-working-day limit from Monday 7 December 2026: 1 January 2027 is off by the rule.
    assert cal.add_working_days(date(2026, 12, 7), 20) == date(2027, 1, 5)
    assert cal.provisional_years_between(date(2026, 12, 7), date(2027, 1, 5)) == (2027,)
    assert cal.provisional_years_between(date(2026, 12, 7), date(2026, 12, 31)) == ()
    assert cal.provisional_years_between(date(2026, 12, 31), date(2027, 1, 1)) == (2027,)
    assert cal.provisional_years_between(date(2027, 3, 1), date(2027, 3, 1)) == ()
    with pytest.raises(CalendarNotCovered) as exc:
        cal.add_working_days(date(2099, 12, 30), 5)
    assert exc.value.date == date(2100, 1, 1)


def test_the_rule_is_only_defined_where_the_2024_revision_and_the_lunar_tables_reach():
    for year in (2024, 2100):
        with pytest.raises(ValueError, match="2025–2099"):
            statutory.days_off(year)
