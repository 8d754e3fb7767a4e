"""What staff should be told about the calendar ahead (日历提示): which years ahead are still
provisional, shown as a banner on staff, supervision and admin pages.

The banner is due from 1 November while the next year is provisional (the State Council publishes
its notice in November or December), and at any time while a year within the reach of the longest
configured limit is provisional (a deadline counted today would pass through it). Other apps tell
the calendar how far their limits reach (`register_reach`), so the calendar imports none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from .calendar import CalendarNotCovered, WorkingCalendar

DEFAULT_REACH_DAYS = 20  # 行政许可法 art. 42: the default statutory limit
NOTICE_MONTH = 11

_reach_providers: list[Callable[[], int | None]] = []


def register_reach(provider: Callable[[], int | None]) -> None:
    """`provider()` answers the longest limit, in working days, that a new clock may get."""
    if provider not in _reach_providers:
        _reach_providers.append(provider)


def longest_reach() -> int:
    return max([DEFAULT_REACH_DAYS, *(p() or 0 for p in _reach_providers)])


@dataclass(frozen=True)
class Outlook:
    today: date
    provisional_years: tuple[int, ...]  # years ahead still provisional that staff should know about
    uncovered_from: date | None = None  # a limit counted today runs past every rule (after 2099)

    @property
    def due(self) -> bool:
        return bool(self.provisional_years or self.uncovered_from)

    @property
    def years_display(self) -> str:
        return "、".join(str(y) for y in self.provisional_years)

    def message(self) -> str | None:
        if self.uncovered_from is not None:
            return _("工作日历未覆盖 %(date)s，超出该日期的期限无法计算。") % {
                "date": f"{self.uncovered_from:%Y-%m-%d}"}
        if not self.provisional_years:
            return None
        return _(
            "%(years)s 年的节假日安排尚未导入：涉及该年的期限按《全国年节及纪念日放假办法》规定的法定节假日"
            "（含补假、不含调休）暂定计算，并标注“暂定”。国务院办公厅公布节假日安排后，请在“工作日历”中导入，"
            "所有在办期限将自动重算。"
        ) % {"years": self.years_display}


def calendar_outlook(today: date, calendar: WorkingCalendar, *, reach_days: int | None = None) -> Outlook:
    reach = longest_reach() if reach_days is None else reach_days
    try:
        end = calendar.add_working_days(today, reach)
    except CalendarNotCovered as exc:
        return Outlook(today, (), exc.date or today)
    years = set(calendar.provisional_years_between(today, end))
    if calendar.is_provisional_year(today.year):
        years.add(today.year)
    if today.month >= NOTICE_MONTH and calendar.is_provisional_year(today.year + 1):
        years.add(today.year + 1)
    return Outlook(today, tuple(sorted(years)))


@dataclass(frozen=True)
class CoverageRun:
    """Consecutive years of one kind: official from the same version, or provisional."""

    first: int
    last: int
    provisional: bool
    version: int | None = None
    source: str = ""

    @property
    def years(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}–{self.last}"


def coverage_runs(calendar: WorkingCalendar, versions: list[tuple[int, str, list[int]]]) -> list[CoverageRun]:
    """The calendar's years in runs, each official year credited to the newest version naming it.
    `versions`: (number, source, years) in number order."""
    from . import statutory

    owner: dict[int, tuple[int, str]] = {}
    for number, source, years in versions:
        for year in years:
            owner[year] = (number, source)
    keyed = [(y, (False, *owner[y])) for y in sorted(calendar.official_years) if y in owner]
    keyed += [(y, (True, None, statutory.source())) for y in sorted(calendar.provisional_years)]
    runs: list[CoverageRun] = []
    for year, (provisional, number, source) in sorted(keyed):
        last = runs[-1] if runs else None
        if last and last.last == year - 1 and (last.provisional, last.version) == (provisional, number):
            runs[-1] = CoverageRun(last.first, year, provisional, number, source)
        else:
            runs.append(CoverageRun(year, year, provisional, number, source))
    return runs
