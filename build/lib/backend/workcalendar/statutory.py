"""The provisional calendar: days off as the law itself gives them, for a year whose State Council
notice has not been imported yet (暂定日历).

《全国年节及纪念日放假办法》 as revised in 2024 (国务院令第795号, in force since 2025-01-01), art. 2:
New Year's Day 1 day (1 January); Spring Festival 4 days (New Year's Eve and the first to third days
of the first lunar month); Qingming 1 day (the solar term); Labour Day 2 days (1–2 May); Dragon Boat
Festival 1 day (5/5 lunar); Mid-Autumn Festival 1 day (15/8 lunar); National Day 3 days (1–3 October).
Art. 6: a statutory day that falls on a Saturday or Sunday is made up (补假) on a working day; by the
State Council's consistent practice, the first working day(s) after the holiday.

The lunar dates, the Qingming solar term and the 补假 rule come from the `holidays` package (its China
calendar computes them for any year), never from hand-written astronomy. What the law leaves to each
year's notice is never guessed: make-up working weekends (调休上班) and bridging days (连休) exist only
once a notice is imported. Pure: no database.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from holidays.countries.china import China

LAW = "《全国年节及纪念日放假办法》（2024年修订）"
LAW_EN = "Regulations on Public Holidays (2024 revision)"
FIRST_YEAR = 2025  # the revision in force; earlier years are covered by imported notices
LAST_YEAR = 2099  # the lunar tables behind the rule end in 2100; imports are bounded the same way


class _StatutoryChina(China):
    """The library's China calendar without its per-year notices (special/substituted days): the
    rule alone, so a future `holidays` release that learns a year's 调休 cannot slip it in here."""

    def _add_special_holidays(self, mapping_names, *, observed=False):
        return None


@cache
def days_off(year: int) -> tuple[tuple[date, str], ...]:
    """(date, Chinese name) of every statutory day of `year` and of each 补假 it gives, in date order.
    Statutory days on a weekend are listed too (they are off anyway; their 补假 follows them)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"the 2024 holiday rule applies to {FIRST_YEAR}–{LAST_YEAR}, not {year}")
    calendar = _StatutoryChina(years=year, language="zh_CN")
    return tuple(sorted((day, _name(label)) for day, label in calendar.items()))


def _name(label: str) -> str:
    """One name per day: where two festivals meet (中秋 on 1–3 October) the library joins them."""
    parts = [p.strip() for p in label.split(";")]
    return "、".join(dict.fromkeys(parts))


def source() -> str:
    """What a provisional year rests on, for the status command and the calendar pages."""
    from importlib.metadata import version

    return f"{LAW} (holidays {version('holidays')})"
