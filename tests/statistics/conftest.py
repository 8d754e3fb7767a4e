"""A known small month of cases (November 2026, no holidays), driven through the real services, with
the figures a supervisor should see computed here independently from the plan."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from backend.statistics import rollups
from backend.supervision import services as clock_services
from tests.supervision.conftest import _fresh_calendar_cache, _no_broker, act, at, file_case, item  # noqa: F401


def working_days_after(start: date, end: date) -> int:
    """Working days d with start < d ≤ end (November 2026 has no holiday: Monday to Friday)."""
    return sum(1 for n in range(1, (end - start).days + 1) if (start + timedelta(n)).weekday() < 5)


def add_working_days(start: date, n: int) -> date:
    d = start
    while n:
        d += timedelta(1)
        n -= d.weekday() < 5
    return d


@dataclass
class Planned:
    case: object
    accepted: date
    completed: date
    suspended: int = 0
    extended: int = 0
    send_backs: int = 0

    @property
    def used(self) -> int:
        return working_days_after(self.accepted, self.completed) - self.suspended

    @property
    def deadline(self) -> date:
        return add_working_days(self.accepted, 10 + self.suspended + self.extended)

    @property
    def on_time(self) -> bool:
        return self.completed <= self.deadline

    @property
    def early(self) -> bool:
        return self.on_time and working_days_after(self.completed, self.deadline) >= 1


def _carry(case, staff, review, decide, complete):
    act(case, staff["reviewer"], "review", "done", review)
    act(case, staff["approver"], "decide", "approve", decide, opinion="准予许可")
    act(case, staff["clerk"], "complete", "done", complete)


@pytest.fixture
def month(item, staff):  # noqa: F811  (the fixture imported above)
    """Five completed cases (0, 2 with 3 suspended, 3, 7 with an extension, 14 overdue with a send-back),
    one refused, one only received. Returns (planned completed cases, refused case, received case)."""
    d = lambda day, hour=10: at(2026, 11, day, hour)  # noqa: E731
    planned = []

    same_day = file_case(item, staff, d(2, 8))
    act(same_day, staff["clerk"], "accept", "accept", d(2, 9))
    _carry(same_day, staff, d(2, 10), d(2, 11), d(2, 12))
    planned.append(Planned(same_day, date(2026, 11, 2), date(2026, 11, 2)))

    suspended = file_case(item, staff, d(2, 8))
    act(suspended, staff["clerk"], "accept", "accept", d(2, 9))
    clock_services.clock_suspend(case=suspended, reason="专家评审", legal_basis="行政许可法第四十五条",
                                 actor=staff["reviewer"], now=d(3))
    clock_services.clock_resume(case=suspended, actor=staff["reviewer"], now=d(6))
    _carry(suspended, staff, d(6, 11), d(9), d(9, 15))
    planned.append(Planned(suspended, date(2026, 11, 2), date(2026, 11, 9), suspended=3))

    three = file_case(item, staff, d(2, 8))
    act(three, staff["clerk"], "accept", "accept", d(2, 9))
    _carry(three, staff, d(3), d(4), d(5))
    planned.append(Planned(three, date(2026, 11, 2), date(2026, 11, 5)))

    seven = file_case(item, staff, d(2, 8))
    act(seven, staff["clerk"], "accept", "accept", d(2, 9))
    clock_services.clock_extend(case=seven, days=2, reason="情况复杂", approver=staff["approver"],
                                actor=staff["reviewer"], now=d(5))
    _carry(seven, staff, d(6), d(10), d(11))
    planned.append(Planned(seven, date(2026, 11, 2), date(2026, 11, 11), extended=2))

    late = file_case(item, staff, d(2, 8))
    act(late, staff["clerk"], "accept", "accept", d(2, 9))
    act(late, staff["reviewer"], "review", "done", d(3))
    act(late, staff["approver"], "decide", "send_back", d(4), opinion="请补充核查意见")
    act(late, staff["reviewer"], "review", "done", d(5))
    act(late, staff["approver"], "decide", "approve", d(6), opinion="准予许可")
    clock_services.clocks_sweep(now=d(17))  # the promised clock (and the 办结 step) went red
    act(late, staff["clerk"], "complete", "done", d(20))
    planned.append(Planned(late, date(2026, 11, 2), date(2026, 11, 20), send_backs=1))

    refused = file_case(item, staff, d(3, 8))
    act(refused, staff["clerk"], "accept", "refuse", d(3, 9), opinion="不属于本部门职权范围")
    received = file_case(item, staff, d(30, 9))
    return planned, refused, received


@pytest.fixture
def swept(month):
    rollups.rollups_refresh(now=at(2026, 12, 1))
    return month
