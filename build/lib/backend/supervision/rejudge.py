"""Judging a clock's past on another calendar: what its ledger said at a moment, whether a warning
card or a reminder held then, whether its statutory deadline had passed. Used by re-projection to
compare the calendar before a version with the calendar after it. No writes."""

from __future__ import annotations

import copy
from bisect import bisect_right
from datetime import date, datetime

from backend.workcalendar.calendar import WorkingCalendar, deadline_end

from . import ledger, rules
from .derivation import clock_projection
from .models import Card, Clock, ClockEntry

SEVERITY = {Clock.State.GREEN: 0, Clock.State.YELLOW: 1, Clock.State.RED: 2}


def entries_as_of(entries: list[ClockEntry], moment: datetime, *, before: bool = False) -> list[ClockEntry]:
    """The ledger as it stood at `moment` (`before`: just before it): entries recorded later left
    out, a suspension that ended later still open."""
    today = ledger.local_date(moment)
    then = []
    for entry in entries:
        if entry.created_at > moment or (before and entry.created_at == moment):
            continue
        if entry.kind == ClockEntry.Kind.SUSPENSION and entry.end_date is not None and entry.end_date > today:
            entry = copy.copy(entry)
            entry.end_date = None
        then.append(entry)
    return then


def projection_at(clock: Clock, entries: list[ClockEntry], moment: datetime,
                  calendar: WorkingCalendar) -> ledger.Projection:
    return clock_projection(clock, calendar=calendar, today=ledger.local_date(moment),
                            entries=entries_as_of(entries, moment))


def card_holds(card: Card, clock: Clock, entries: list[ClockEntry], *, calendar: WorkingCalendar,
               clock_rules: list[rules.RuleSpec]) -> bool | None:
    """Whether `card` held at its moment on `calendar`: the clock was at least as severe as the card
    says, or the reminder had come due. None when it cannot be judged (its rule is gone)."""
    p = projection_at(clock, entries, card.at, calendar)
    if card.severity == rules.REMINDER:
        rule = next((r for r in clock_rules if r.id == card.rule_id), None)
        if rule is None:
            return None
        return rules.fire_moment(rule, p, now=card.at, calendar=calendar) is None
    state = rules.evaluate(p, now=card.at, calendar=calendar, rules=clock_rules).state
    return SEVERITY.get(state, 0) >= SEVERITY[card.to_state]


def state_at(card: Card, clock: Clock, entries: list[ClockEntry], *, calendar: WorkingCalendar,
             clock_rules: list[rules.RuleSpec]) -> str:
    p = projection_at(clock, entries, card.at, calendar)
    return rules.evaluate(p, now=card.at, calendar=calendar, rules=clock_rules).state


def breach_holds(clock: Clock, entries: list[ClockEntry], *, calendar: WorkingCalendar, until: datetime) -> bool:
    """Whether the statutory deadline had passed at some moment up to `until`. The deadline only
    moves when the ledger does, so the moments to judge are just before each entry (a suspension of
    an already overdue case does not undo the breach) and `until` itself."""
    moments = [(e.created_at, True) for e in entries if e.created_at <= until] + [(until, False)]
    for moment, before in moments:
        p = clock_projection(clock, calendar=calendar, today=ledger.local_date(moment),
                             entries=entries_as_of(entries, moment, before=before))
        if moment > deadline_end(p.deadline):
            return True
    return False


def touches(changed: list[date], start: date, end: date) -> bool:
    """Whether a changed day d lies in start < d ≤ end (`changed` sorted)."""
    i = bisect_right(changed, start)
    return i < len(changed) and changed[i] <= end
