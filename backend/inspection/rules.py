"""Pure rules of the problem list: who may do what, which status each step starts from, and the
rectification clock's state (supervision.orders' schedule: yellow from 00:00 of the day at most one
working day is left, red from 00:00 after the due day). No database access."""

from __future__ import annotations

from datetime import date, datetime

from backend.supervision import orders as order_rules
from backend.workcalendar.calendar import WorkingCalendar

from .models import Problem

S = Problem.Status
OPEN_STATUSES = (S.OPEN, S.REPLIED, S.REOPENED)
FROM_STATES = {
    "reply": (S.OPEN, S.REOPENED),
    "close": (S.REPLIED,),  # external problems only; automatic ones close by the re-check
    "reopen": (S.REPLIED,),
}
TEXT_MAX = 2000


def step_allowed(step: str, status: str) -> bool:
    return status in FROM_STATES[step]


def in_unit(user, department_id: int | None, head_id: int | None) -> bool:
    """Staff of the problem's unit, or its head."""
    if not (user is not None and user.is_authenticated and user.is_active) or department_id is None:
        return False
    return (user.is_staff_member and department_id in user.department_ids) or head_id == user.pk


def due_on(*, opened_on: date, days: int, calendar: WorkingCalendar) -> date:
    return calendar.add_working_days(opened_on, days)


def _schedule(*, opened_on: date, days: int, due: date, calendar: WorkingCalendar):
    return order_rules.schedule(issued_on=opened_on, days=days, deadline=due, calendar=calendar, escalate_after=0)


def state(*, opened_on: date, days: int, due: date, status: str, now: datetime, calendar: WorkingCalendar) -> str:
    """green / yellow / red while the unit has to act (open, reopened); a replied problem waits for
    the re-check or the office and its clock does not fire; a closed one is green."""
    if status not in (S.OPEN, S.REOPENED):
        return order_rules.GREEN
    return order_rules.evaluate(_schedule(opened_on=opened_on, days=days, due=due, calendar=calendar), now=now).state


def clock_step(*, opened_on: date, days: int, due: date, status: str, card_state: str, now: datetime,
               calendar: WorkingCalendar) -> tuple[str | None, datetime | None]:
    """What the sweep does with a problem at `now`: the colour of the card to issue (None: none, the
    clock has not moved past `card_state`) and when to look next (None: the unit has nothing to
    do, or no change is left). Cards only move forward, one per colour; a reopened problem whose
    term has passed meanwhile goes straight to red."""
    if status not in (S.OPEN, S.REOPENED):
        return None, None
    sched = _schedule(opened_on=opened_on, days=days, due=due, calendar=calendar)
    now_state = order_rules.evaluate(sched, now=now).state
    rank = order_rules.STATE_RANK
    reached = max(card_state, now_state, key=rank.get)
    upcoming = [moment for moment, colour, _level in sched.moments() if moment > now and rank[colour] > rank[reached]]
    return (now_state if rank[now_state] > rank[card_state] else None), (min(upcoming) if upcoming else None)
