"""Writes to the calendar: parse an imported CSV and record it as a new version (日历版本)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from typing import NamedTuple

from django.db import transaction
from django.utils.translation import gettext as _

from backend.common.errors import DomainError, FieldError

from . import calendar
from .models import CalendarDay, CalendarVersion

KINDS = (CalendarDay.Kind.HOLIDAY, CalendarDay.Kind.WORKDAY, CalendarDay.Kind.CLOSURE)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MIN_YEAR, MAX_YEAR = 2000, 2099  # catches typos such as 0207 or 2207 before they become "covered"


class CalendarRow(NamedTuple):
    date: date
    kind: str
    name: str = ""


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")  # CSV saved by Excel on a Chinese-locale Windows


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
        try:
            if not _ISO_DATE.match(raw_date):
                raise ValueError
            day = date.fromisoformat(raw_date)
        except ValueError:
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


@transaction.atomic
def calendar_version_create(
    *, rows: list[CalendarRow], source: str, note: str = "", actor=None
) -> CalendarVersion:
    """Record `rows` as the next version; every year they mention becomes covered."""
    if not rows:
        raise DomainError.single("file", "empty", _("文件中没有任何日期行"))
    # Locking the newest row serialises concurrent imports (PostgreSQL); `number` is unique anyway.
    last = CalendarVersion.objects.select_for_update().order_by("-number").first()
    version = CalendarVersion.objects.create(
        number=(last.number if last else 0) + 1, source=source[:200], note=note, author=actor,
        years=sorted({row.date.year for row in rows}),
    )
    CalendarDay.objects.bulk_create(
        CalendarDay(version=version, date=row.date, kind=row.kind, name=row.name) for row in rows
    )
    calendar.invalidate()
    return version


def years_without_holidays(rows: list[CalendarRow], before: calendar.WorkingCalendar) -> list[int]:
    """Years newly covered by `rows` that list no holiday: probably a closure imported too early."""
    holiday_years = {r.date.year for r in rows if r.kind == CalendarDay.Kind.HOLIDAY}
    return sorted(y for y in {r.date.year for r in rows}
                  if y not in holiday_years and not before.is_covered(date(y, 1, 1)))
