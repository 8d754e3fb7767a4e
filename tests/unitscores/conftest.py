"""A county of two units with catalogue columns (a clean water bureau and a housing bureau with a
stale column, an open overdue problem and a late letter), the disclosure office with its head, and
helpers that build problems and letter or request clocks at pinned moments. Real database, no mocks."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from backend.cases.models import Case
from backend.catalog.models import ServiceItem
from backend.directory.models import Column
from backend.disclosure.outbox import relay_due
from backend.inspection.models import Problem
from backend.supervision.models import Clock
from tests import factories

SH = ZoneInfo("Asia/Shanghai")


def at(y, m, d, hour=10, minute=0) -> datetime:
    return datetime(y, m, d, hour, minute, tzinfo=SH)


NOW = at(2027, 1, 6)  # the fourth quarter of 2026 is over


def pinned(when):
    return time_machine.travel(when, tick=False)


def relay(when):
    with pinned(when):
        return relay_due(now=when)


def column(dept, code: str, *, last: datetime | None, every: int = 30) -> Column:
    return Column.objects.create(code=code, name=f"栏目{code}", department=dept, kind=Column.Kind.DYNAMIC,
                                 update_every_days=every, day_kind=Column.DayKind.CALENDAR, last_published_at=last)


def problem(dept, *, opened: datetime, due: date, closed: datetime | None = None, source="automatic",
            check_code="stale_column", score_lost=None, n=[0]) -> Problem:  # noqa: B006 (a counter)
    n[0] += 1
    return Problem.objects.create(
        source=source, check_code=check_code, department=dept, description=f"问题{n[0]}",
        fingerprint=f"fp{n[0]}" if source == "automatic" else "", opened_at=opened,
        opened_on=opened.date(), days=10, due_on=due, status="closed" if closed else "open", closed_at=closed,
        score_lost=score_lost)


def clocked_case(dept, category: str, *, deadline: date, completed: datetime | None, breach=False,
                 state="green", n=[0]) -> Case:  # noqa: B006 (a counter)
    n[0] += 1
    item = factories.item(dept)
    ServiceItem.objects.filter(pk=item.pk).update(category=category)
    case = Case.objects.create(number=f"US2026{n[0]:06d}", query_code="123456", item=item, guide=item.guides.first(),
                               channel="online", applicant_type="person", applicant_name="王小红",
                               mobile="13812341234", filed_at=at(2026, 11, 2))
    kind = "promised" if category == "letter" else "statutory"
    Clock.objects.create(case=case, kind=kind, budget_days=5, start_date=date(2026, 11, 2),
                         state="completed" if completed else state, statutory_breach=breach,
                         projected_deadline=deadline, department=dept, completed_at=completed,
                         created_at=at(2026, 11, 2))
    return case


@pytest.fixture
def units(db):
    return {"water": factories.department("slj", "县水利局"), "housing": factories.department("zjj", "县住建局")}


@pytest.fixture
def people(db, settings, units):
    office = factories.department("gkb", "县政务公开办公室")
    settings.DIRECTORY_OFFICE_DEPARTMENT_CODE = "gkb"
    head = factories.user("gkbhead", "clerk", departments=[office])
    office.head = head
    office.save(update_fields=["head"])
    return {
        "head": head,
        "office": factories.user("gkbstaff", "clerk", departments=[office]),
        "admin": factories.user("siteadmin", "admin"),
        "housing": factories.user("zjjstaff", "clerk", departments=[units["housing"]]),
        "water": factories.user("sljstaff", "clerk", departments=[units["water"]]),
    }


@pytest.fixture
def county(units):
    """The water bureau is clean; the housing bureau has a stale column, an open overdue problem and a
    letter answered late."""
    water, housing = units["water"], units["housing"]
    column(water, "slj-news", last=at(2026, 12, 20))  # due 19 January: current at the quarter's end
    column(housing, "zjj-news", last=at(2026, 10, 1))  # due 31 October: stale
    problem(housing, opened=at(2026, 11, 2), due=date(2026, 11, 16))  # still open
    clocked_case(water, "letter", deadline=date(2026, 12, 10), completed=at(2026, 12, 5))
    clocked_case(housing, "letter", deadline=date(2026, 12, 10), completed=at(2026, 12, 15))
    return units
