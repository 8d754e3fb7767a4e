"""Supervision orders (督办) and rectifications (整改): the pure rules. No database, no clock; callers
pass the calendar (workcalendar.calendar) and `now`.

Lifecycle (`status`): open → replied → accepted, or replied → returned → replied → … Each reply is a
round; a returned round stays on record and a new round is needed.

The reply clock (`state`, DESIGN §3 rules applied to the reply):
- the reply is due by the end (23:59:59 Asia/Shanghai) of the `days`-th working day strictly after
  the issue date;
- yellow from 00:00 of the working day on which at most 1 working day is left (the deadline's
  working day before; at once for a 1-day limit), red from 00:00 after the deadline day;
- escalation: level 1 when red (the department head is told), level 2 once the reply is overdue by
  a further `escalate_after` working days (SUPERVISION_ORDER_ESCALATION_DAYS, default 3), i.e. from
  00:00 after the `escalate_after`-th working day after the deadline (the supervision office's head).

Returning a reply does not buy time: the deadline stays the one computed at issue, so a round
returned after the deadline is red (and escalates) at once. While a reply awaits the officer's
decision the clock does not fire (the department has done its part); it runs again when returned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from backend.workcalendar.calendar import WorkingCalendar

from .ledger import day_start

GREEN, YELLOW, RED = "green", "yellow", "red"
STATE_RANK = {GREEN: 0, YELLOW: 1, RED: 2}
OPEN, REPLIED, RETURNED, ACCEPTED = "open", "replied", "returned", "accepted"
ORDER, RECTIFICATION = "order", "rectification"
RECTIFICATION_DAYS = 15  # a rating of 1–2 (GB/T 39735): 15 working days
MAX_DAYS = 365

# (status before, action) → status after
TRANSITIONS = {
    (OPEN, "reply"): REPLIED,
    (RETURNED, "reply"): REPLIED,
    (REPLIED, "accept"): ACCEPTED,
    (REPLIED, "return"): RETURNED,
}
RUNNING = (OPEN, RETURNED)  # the statuses in which the reply clock fires


def transition(status: str, action: str) -> str | None:
    """The status after `action`, or None when the action is not allowed in `status`."""
    return TRANSITIONS.get((status, action))


def reply_deadline(*, issued_on: date, days: int, calendar: WorkingCalendar) -> date:
    return calendar.add_working_days(issued_on, days)


@dataclass(frozen=True)
class Schedule:
    """The moments the reply clock changes: yellow, red (= level 1), level 2."""

    yellow_at: datetime
    red_at: datetime
    level2_at: datetime

    def moments(self) -> tuple[tuple[datetime, str, int], ...]:
        return ((self.yellow_at, YELLOW, 0), (self.red_at, RED, 1), (self.level2_at, RED, 2))


def schedule(*, issued_on: date, days: int, deadline: date, calendar: WorkingCalendar,
             escalate_after: int) -> Schedule:
    yellow_day = calendar.add_working_days(issued_on, max(0, days - 1))
    level2_day = calendar.add_working_days(deadline, max(0, escalate_after))
    return Schedule(yellow_at=day_start(yellow_day), red_at=day_start(deadline + timedelta(days=1)),
                    level2_at=day_start(level2_day + timedelta(days=1)))


@dataclass(frozen=True)
class Evaluation:
    state: str
    level: int
    next_change_at: datetime | None


def evaluate(sched: Schedule, *, now: datetime) -> Evaluation:
    """The state and escalation level at `now`, and the next moment either changes (None: none left)."""
    state, level, upcoming = GREEN, 0, None
    for moment, moment_state, moment_level in sched.moments():
        if moment <= now:
            if STATE_RANK[moment_state] > STATE_RANK[state]:
                state = moment_state
            level = max(level, moment_level)
        elif upcoming is None or moment < upcoming:
            upcoming = moment
    return Evaluation(state, level, upcoming)


@dataclass(frozen=True)
class Change:
    """What the sweep writes for one order: a state card (None: no change) and escalations."""

    from_state: str
    to_state: str | None
    levels: tuple[int, ...]


def changes(*, state: str, level: int, evaluation: Evaluation) -> Change:
    """State only moves forward (the deadline never moves), levels only up; one card per new state
    (a late sweep goes straight to red with one card) and one escalation per level reached."""
    to_state = evaluation.state if STATE_RANK[evaluation.state] > STATE_RANK[state] else None
    levels = tuple(range(level + 1, evaluation.level + 1))
    return Change(state, to_state, levels)


def check_days(days) -> int | None:
    """A reply limit as an int ≥ 1 (whole working days), or None when it is not one."""
    if isinstance(days, bool):
        return None
    if isinstance(days, str):
        days = days.strip()
        if not days.isdigit():
            return None
        days = int(days)
    if not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        return None
    return days
