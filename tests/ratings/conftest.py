"""Cases carried to 办结 through the process at chosen moments (never the wall clock)."""

from __future__ import annotations

import pytest
import time_machine

from tests import factories
from tests.supervision.conftest import act, at
from workflows import services as flow

FILED = at(2026, 11, 2, 9)  # Monday 2 November 2026: working days inside the seeded calendar
COMPLETED = at(2026, 11, 5, 16)
RATED = at(2026, 11, 6, 10)


def pinned(when):
    return time_machine.travel(when, tick=False)


@pytest.fixture
def item(dept):
    return factories.item(dept, steps=["accept", "review", "decide", "complete"], promised=10, statutory=20)


@pytest.fixture
def carry(item, staff):
    """A case filed online by `applicant` (or at the window by the clerk), carried as far as `until`."""

    def run(*, until: str = "complete", online: bool = True, applicant=None):
        actor = (applicant or staff["applicant"]) if online else staff["clerk"]
        case = flow.case_file_and_start(item_code=item.code, channel="online" if online else "window",
                                        applicant=factories.PERSON, actor=actor, now=FILED)
        steps = [("accept", staff["clerk"], "accept", at(2026, 11, 2, 10)),
                 ("review", staff["reviewer"], "done", at(2026, 11, 3)),
                 ("decide", staff["approver"], "approve", at(2026, 11, 4)),
                 ("complete", staff["clerk"], "done", COMPLETED)]
        for step, user, decision, when in steps:
            act(case, user, step, decision, when, opinion="符合条件" if step == "decide" else "")
            if step == until:
                break
        return case

    return run


@pytest.fixture
def completed(carry):
    return carry()


@pytest.fixture(autouse=True)
def _rating_day():
    """Every test runs on Friday 6 November 2026, the day after completion (sessions and the lookup
    brake's window are judged by this clock too)."""
    with pinned(RATED):
        yield
