"""Writes to the calendar: parse an imported CSV and record it as a new version (日历版本).

A version makes official the years for which it lists holidays or make-up working days (a State
Council notice); closures alone leave a provisional year provisional. A notice for a new year must
list every statutory day off that falls on a weekday: a partial file would silently turn the
missing festivals into working days, because an official year no longer follows the rule."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import NamedTuple

from django.db import transaction
from django.utils.translation import gettext as _

from backend.common.errors import DomainError, FieldError
from backend.common.validators import parse_day

from . import calendar, statutory
from .models import CalendarDay, CalendarVersion

KINDS = (CalendarDay.Kind.HOLIDAY, CalendarDay.Kind.WORKDAY, CalendarDay.Kind.CLOSURE)
MIN_YEAR, MAX_YEAR = 2000, 2099  # catches typos such as 0207 or 2207 before they become "covered"


class CalendarRow(NamedTuple):
    date: date
    kind: str
    name: str = ""


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")  # CSV saved by Excel on a Chinese-locale Windows
    except UnicodeDecodeError:
        raise DomainError.single("file", "encoding", _(
            "文件不是 UTF-8 或 GB18030 编码的文本（CSV），请用文本编辑器或 Excel 另存为 CSV 后再导入。")) from None


def calendar_file_parse(data: bytes | str) -> list[CalendarRow]:
    """Parse `date,kind[,name]` lines; header row, blank lines and `#` comments are skipped.

    Raises DomainError listing every bad line (field "line N") so nothing is half-imported.
    """
    text = data if isinstance(data, str) else _decode(data)
    rows: list[CalendarRow] = []
    errors: list[FieldError] = []
    seen: dict[date, int] = {}
    started = False

    def bad(line: int, message: str) -> None:
        errors.append(FieldError(f"line {line}", "invalid", _("第 %(line)d 行：%(message)s") % {
            "line": line, "message": message}))

    for index, cells in enumerate(csv.reader(io.StringIO(text))):
        line = index + 1
        cells = [c.strip() for c in cells]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if not started:
            started = True
            if cells[0].lower() == "date":
                continue  # optional header
        if len(cells) not in (2, 3):
            bad(line, _("应为 date,kind[,name] 两到三列，实际 %(n)d 列") % {"n": len(cells)})
            continue
        raw_date, kind = cells[0], cells[1].lower()
        name = cells[2] if len(cells) == 3 else ""
        day = parse_day(raw_date)
        if day is None:
            bad(line, _("日期 “%(value)s” 无效，应为 YYYY-MM-DD") % {"value": raw_date})
            continue
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            bad(line, _("年份 %(year)d 超出范围 %(min)d–%(max)d") % {"year": day.year, "min": MIN_YEAR,
                                                                  "max": MAX_YEAR})
            continue
        if kind not in KINDS:
            bad(line, _("类型 “%(value)s” 无效，应为 holiday、workday 或 closure") % {"value": cells[1]})
            continue
        if len(name) > 100:
            bad(line, _("名称超过 100 个字符"))
            continue
        if day in seen:
            bad(line, _("日期 %(date)s 与第 %(first)d 行重复") % {"date": raw_date, "first": seen[day]})
            continue
        seen[day] = line
        rows.append(CalendarRow(day, kind, name))
    if not errors and not rows:
        errors.append(FieldError("file", "empty", _("文件中没有任何日期行")))
    if errors:
        raise DomainError(errors)
    return rows


def schedule_years(rows: list[CalendarRow]) -> list[int]:
    """The years `rows` are a notice for: those in which they list a statutory day (by the rule) as a
    holiday; before the rule's years, any holiday. A notice's edge rows in the neighbouring year (the
    2019 notice listed 2018-12-29 to 31) still apply to that day, without making the year official."""
    years = set()
    for row in rows:
        if row.kind != CalendarDay.Kind.HOLIDAY:
            continue
        year = row.date.year
        if not statutory.FIRST_YEAR <= year <= statutory.LAST_YEAR:
            years.add(year)
        elif any(day == row.date and "补假" not in name for day, name in statutory.days_off(year)):
            years.add(year)
    return sorted(years)


def statutory_days_missing(rows: list[CalendarRow], before: calendar.WorkingCalendar,
                           years: list[int] | None = None) -> list[tuple[date, str]]:
    """Weekday statutory days (by the 2024 rule) of years this file makes official that it does not
    list as days off. Years already official are left alone: a later notice may amend one part."""
    off = {r.date for r in rows if r.kind in (CalendarDay.Kind.HOLIDAY, CalendarDay.Kind.CLOSURE)}
    missing = []
    for year in schedule_years(rows) if years is None else years:
        if year in before.official_years or not statutory.FIRST_YEAR <= year <= statutory.LAST_YEAR:
            continue
        missing += [(day, name) for day, name in statutory.days_off(year)
                    if "补假" not in name and day.weekday() < 5 and day not in off]
    return missing


@transaction.atomic
def calendar_version_create(
    *, rows: list[CalendarRow], source: str, note: str = "", actor=None, years: list[int] | None = None
) -> CalendarVersion:
    """Record `rows` as the next version; the years it is a notice for become official (`years`, or
    as `schedule_years` infers them). Re-projection follows after commit (signals.py)."""
    if not rows:
        raise DomainError.single("file", "empty", _("文件中没有任何日期行"))
    source = (source or "").strip()
    if not source:
        raise DomainError.single("source", "required", _("请填写来源（国务院办公厅通知文号或文件名）。"))
    if years is not None:
        listed = {r.date.year for r in rows}
        stray = sorted(set(years) - listed)
        if stray:
            message = _("文件中没有 %(years)s 年的日期，不能作为该年的节假日安排导入。")
            raise DomainError.single("years", "invalid", message % {"years": "、".join(map(str, stray))})
        years = sorted(set(years))
    missing = statutory_days_missing(rows, calendar.refresh_if_stale(), years)
    if missing:
        days = "、".join(f"{day:%Y-%m-%d}（{name}）" for day, name in missing)
        raise DomainError.single("file", "statutory_day_missing", _(
            "文件没有把下列法定节假日列为放假（holiday）：%(days)s。导入某一年的节假日安排须列出该年全部放假日期，"
            "否则未列出的节日将按工作日计算；请对照国务院办公厅通知补全后再导入。") % {"days": days})
    # Locking the newest row serialises concurrent imports (PostgreSQL); `number` is unique anyway.
    last = CalendarVersion.objects.select_for_update().order_by("-number").first()
    version = CalendarVersion.objects.create(
        number=(last.number if last else 0) + 1, source=source[:200], note=note, author=actor,
        years=schedule_years(rows) if years is None else years,
    )
    CalendarDay.objects.bulk_create(
        CalendarDay(version=version, date=row.date, kind=row.kind, name=row.name) for row in rows
    )
    calendar.invalidate()
    return version


def closure_only_years(rows: list[CalendarRow], before: calendar.WorkingCalendar,
                       version: CalendarVersion | None = None) -> list[int]:
    """Years `rows` add days to without being their notice: they stay provisional (or, beyond the
    rule's reach, uncovered); the State Council notice is still to be imported for them."""
    scheduled = set(version.years if version is not None else schedule_years(rows))
    return sorted(y for y in {r.date.year for r in rows}
                  if y not in scheduled and y not in before.official_years)


def draft_csv(year: int) -> str:
    """`year`'s statutory days off as an import file that still needs the notice's bridging days and
    make-up working days: the starting point for typing in a new notice (never imported as is)."""
    lines = [
        f"# {year}: statutory days off by {statutory.source()}, arts. 2 and 6.",
        "# Complete from the State Council notice before importing: add the other days of each holiday",
        "# period (holiday) and every make-up working day (workday), and check every date.",
        "date,kind,name",
    ]
    lines += [f"{day:%Y-%m-%d},holiday,{name}" for day, name in statutory.days_off(year)]
    return "\n".join(lines) + "\n"
