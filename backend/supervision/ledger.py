"""The time ledger, derived (DESIGN §3): budget + start + suspensions + extensions + calendar →
deadline, used and remaining working days, warning state and the moment that state next changes.
The warning state follows the rules table (rules.py); without rules, the built-in defaults.

Pure functions: no database, no clock. Callers pass the calendar (workcalendar.calendar) and `now`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backend.workcalendar.calendar import SHANGHAI, WorkingCalendar

GREEN, YELLOW, RED, SUSPENDED, COMPLETED = "green", "yellow", "red", "suspended", "completed"


@dataclass(frozen=True)
class Suspension:
    start: date
    end: date | None  # None while the suspension is open
    reason: str = ""


@dataclass(frozen=True)
class Extension:
    days: int
    reason: str = ""
    start: date | None = None  # the day it was granted; None: before any suspension


@dataclass(frozen=True)
class Projection:
    budget_days: int
    start: date
    deadline: date
    used: int  # working days consumed up to and including `today`, suspensions excluded
    remaining: int  # working days after `today` up to the deadline; negative: working days overdue
    suspended_days: int
    extended_days: int
    open_suspension: bool
    explanation: str
    provisional_years: tuple[int, ...] = ()  # years counted by the statutory rule, not a notice
    # The start of the first suspension that began after the deadline had already passed: the case
    # was overdue before time stopped, and no suspension hides that (it stays red).
    overdue_before_suspension: date | None = None
    # What the explanation is made of, so that it can be read in any language (explain()); the
    # `explanation` above is the Chinese one that the hash-chained log records.
    parts: tuple[tuple, ...] = ()

    def explain(self) -> str:
        """The explanation in the active language."""
        return explain(self.parts, self.deadline, self.provisional_years)

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)

    @property
    def total(self) -> int:
        return self.budget_days + self.extended_days


def local_date(moment: datetime) -> date:
    return moment.astimezone(SHANGHAI).date()


def day_start(d: date) -> datetime:
    return datetime.combine(d, time.min, tzinfo=SHANGHAI)


def project(*, budget_days: int, start: date, suspensions: Sequence[Suspension] = (),
            extensions: Sequence[Extension] = (), calendar: WorkingCalendar, today: date) -> Projection:
    """Derive the deadline: N working days from `start` end on the N-th working day strictly after it;
    each suspension from P to R adds the working days d with P < d ≤ R (an open one counts up to
    `today`); each extension adds its days. Raises CalendarNotCovered when the calendar lacks a year."""
    parts: list[tuple] = [("budget", budget_days, start)]
    suspended = 0
    open_suspension = False
    for s in sorted(suspensions, key=lambda s: s.start):
        # Days before the term's start are never counted: a term restarted after a suspension (an
        # information request's 补正, 政府信息公开条例 art. 30) is not lengthened by it.
        since = max(s.start, start)
        if s.end is None:
            open_suspension = True
            days = calendar.working_days_between(since, max(today, since))
            parts.append(("suspended", s.reason, s.start, days))
        else:
            days = calendar.working_days_between(since, max(s.end, since))
            parts.append(("suspension", s.reason, days))
        suspended += days
    extended = 0
    for e in extensions:
        extended += e.days
        parts.append(("extension", e.days, e.reason))
    deadline = calendar.add_working_days(start, budget_days + suspended + extended)
    overdue_before = _overdue_before_suspension(budget_days, start, suspensions, extensions, calendar)
    provisional = calendar.provisional_years_between(start, deadline)
    used = max(0, calendar.working_days_between(start, today) - suspended)
    if today <= deadline:
        remaining = calendar.working_days_between(today, deadline)
    else:
        remaining = -calendar.working_days_between(deadline, today)
    with translation.override("zh-hans"):
        explanation = explain(parts, deadline, provisional)
    return Projection(
        budget_days=budget_days, start=start, deadline=deadline, used=used, remaining=remaining,
        suspended_days=suspended, extended_days=extended, open_suspension=open_suspension,
        explanation=explanation, provisional_years=provisional, overdue_before_suspension=overdue_before,
        parts=tuple(parts),
    )


def _days(n: int) -> str:
    return ngettext("%(n)d个工作日", "%(n)d个工作日", n) % {"n": n}


def explain(parts: Sequence[tuple], deadline: date, provisional_years: Sequence[int]) -> str:
    """The explanation (e.g. 15个工作日，自2026-07-14起算 + 补正暂停3个工作日 = 2026-08-07) in the active language."""
    texts = []
    for kind, *values in parts:
        if kind == "budget":
            days, start = values
            texts.append(_("%(days)s，自%(start)s起算") % {"days": _days(days), "start": f"{start:%Y-%m-%d}"})
        elif kind == "suspended":
            reason, since, days = values
            texts.append(_("%(reason)s暂停中（自%(since)s起，已暂停%(days)s）") % {
                "reason": reason or _("暂停计时"), "since": f"{since:%Y-%m-%d}", "days": _days(days)})
        elif kind == "suspension":
            reason, days = values
            texts.append(_("%(reason)s暂停%(days)s") % {"reason": reason or _("暂停计时"), "days": _days(days)})
        else:
            days, reason = values
            texts.append(_("延期%(days)s（%(reason)s）") % {"days": _days(days), "reason": reason} if reason
                         else _("延期%(days)s") % {"days": _days(days)})
    text = " + ".join(texts) + f" = {deadline:%Y-%m-%d}"
    if provisional_years:
        text += _("（%(years)s年按法定节假日暂定）") % {"years": _("、").join(map(str, provisional_years))}
    return text


def _overdue_before_suspension(budget_days: int, start: date, suspensions: Sequence[Suspension],
                               extensions: Sequence[Extension], calendar: WorkingCalendar) -> date | None:
    """The start of the first suspension that began after the deadline as it stood then (the budget,
    the earlier suspensions and the extensions granted by that day); None if none did."""
    earlier = 0
    for s in sorted(suspensions, key=lambda s: s.start):
        granted = sum(e.days for e in extensions if e.start is None or e.start <= s.start)
        if s.start > calendar.add_working_days(start, budget_days + earlier + granted):
            return s.start
        if s.end is not None:
            earlier += calendar.working_days_between(max(s.start, start), max(s.end, start))
    return None


def warning_state(projection: Projection, *, now: datetime, calendar: WorkingCalendar,
                  completed: bool = False, rules: Sequence | None = None) -> tuple[str, datetime | None]:
    """(state, next_change_at): the state at `now` under `rules` (the applicable rules.RuleSpec of the
    clock; None: the built-in defaults, 80 % used or ≤ 1 working day left → yellow, deadline passed →
    red) and the earliest future moment any of them would fire by the passing of time alone (None if
    never: completed, suspended, or nothing left to fire)."""
    from . import rules as rules_module

    evaluation = rules_module.evaluate(
        projection, now=now, calendar=calendar, completed=completed,
        rules=rules_module.DEFAULT_RULES if rules is None else rules,
    )
    return evaluation.state, evaluation.next_change_at
