"""Re-projecting clocks when the calendar changes (DESIGN §3, time ledger).

A new calendar version can move derived deadlines: a new year's notice replacing the provisional
rule, a local closure. Every open clock is re-derived at once by the sweep, so moved deadlines, the
provisional marks and the cards that now hold are written the usual way (compare-and-set, a card
per state change, "clock_reprojected" log entries). Clocks that stopped while their deadline was
provisional get their final figures re-derived too (the deadline as of their completion day).

What no longer holds on the new calendar is annulled, never deleted: a warning card whose state the
clock did not have at the card's moment on the new calendar, a reminder that had not yet come due
then, a statutory breach that the moved deadline undoes. Each annulment is appended to the log
with its reason, so the chain stays valid and tells the story. A breach that newly holds for a
stopped clock is flagged and logged; for running clocks the sweep already does so.

The promised date told to the applicant (Clock.promised_deadline) is never rewritten; each move is
kept as a DeadlineChange, which the case page and the applicant's tracking page show.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.db.models import F, Q

from backend.workcalendar.calendar import CalendarNotCovered, WorkingCalendar, deadline_end, refresh_if_stale
from backend.workcalendar.models import CalendarVersion

from . import hashlog, ledger, rules, services
from .models import Card, Clock, ClockEntry, DeadlineChange

SEVERITY = {Clock.State.GREEN: 0, Clock.State.YELLOW: 1, Clock.State.RED: 2}
STATE_NAMES = {"green": "正常", "yellow": "预警", "red": "超时", "suspended": "暂停计时", "completed": "已结束"}


@dataclass(frozen=True)
class MovedDeadline:
    case: str
    clock: str  # "promised", "statutory" or the step
    before: date | None
    after: date | None
    promise_told: date | None


@dataclass(frozen=True)
class CardChange:
    case: str
    clock: str
    from_state: str
    to_state: str


@dataclass(frozen=True)
class Annulment:
    case: str
    clock: str
    what: str  # "yellow card", "red card", "reminder", "statutory breach"
    at: datetime | None


@dataclass
class ReprojectionReport:
    checked: int = 0
    moved: list[MovedDeadline] = field(default_factory=list)
    cards_issued: list[CardChange] = field(default_factory=list)
    cards_withdrawn: list[CardChange] = field(default_factory=list)
    annulled: list[Annulment] = field(default_factory=list)
    breaches_issued: list[MovedDeadline] = field(default_factory=list)
    provisional_left: int = 0  # clocks whose deadline is still provisional after the change
    uncovered: int = 0  # clocks whose deadline needs a year the calendar lacks

    def lines(self) -> list[str]:
        out = [f"re-projected {self.checked} clock(s): {len(self.moved)} deadline(s) moved, "
               f"{len(self.cards_issued)} card(s) issued, {len(self.cards_withdrawn)} withdrawn, "
               f"{len(self.annulled)} annulled; {self.provisional_left} deadline(s) still provisional"
               + (f", {self.uncovered} not computable (calendar alarm)" if self.uncovered else "")]
        for m in self.moved:
            kept = f" (promise told {m.promise_told:%Y-%m-%d} kept)" if m.promise_told else ""
            out.append(f"  moved    {m.case} {m.clock}: {m.before or '—'} → {m.after or '—'}{kept}")
        for c in self.cards_issued:
            out.append(f"  issued   {c.case} {c.clock}: {c.from_state} → {c.to_state}")
        for c in self.cards_withdrawn:
            out.append(f"  withdrawn {c.case} {c.clock}: {c.from_state} → {c.to_state}")
        for b in self.breaches_issued:
            out.append(f"  breach   {b.case} {b.clock}: finished after the deadline {b.after}")
        for a in self.annulled:
            when = f" of {a.at.astimezone(ledger.SHANGHAI):%Y-%m-%d %H:%M}" if a.at else ""
            out.append(f"  annulled {a.case} {a.clock}: {a.what}{when}")
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())


def _label(clock: Clock) -> str:
    return clock.step if clock.kind == Clock.Kind.STEP else clock.kind


@dataclass(frozen=True)
class _Cause:
    version: int | None
    source: str
    years: tuple[int, ...]

    @classmethod
    def of(cls, number: int | None) -> _Cause:
        row = CalendarVersion.objects.filter(number=number).values_list("source", "years").first() if number else None
        return cls(number, row[0] if row else "", tuple(row[1]) if row else ())

    def describe(self, before, after) -> str:
        version = f"日历版本 #{self.version}（{self.source}）" if self.version else "日历版本删除"
        return f"{version}导入后期限由 {before or '—'} 改为 {after or '—'}"


@transaction.atomic
def clocks_reproject(*, now: datetime, version: int | None = None) -> ReprojectionReport:
    """Re-derive every open clock, and every stopped clock whose deadline was provisional, against
    the current calendar; annul what no longer holds; report the differences. Holds the log head
    for the whole run, so a concurrent sweep waits instead of racing it."""
    hashlog.lock_head()
    cause = _Cause.of(version)
    open_clocks = Clock.objects.filter(completed_at__isnull=True)
    before = {pk: deadline for pk, deadline in open_clocks.values_list("pk", "projected_deadline")}
    open_clocks.update(next_change_at=now)
    result = services.clocks_sweep(now=now)
    report = ReprojectionReport(uncovered=result.failed)
    calendar = refresh_if_stale()
    old = _record_open_moves(before, report, now=now, cause=cause)
    stopped = _reproject_stopped(report, old, now=now, calendar=calendar, cause=cause)
    report.checked = len(before) + stopped
    state_changes = Card.objects.filter(at=now, clock_id__in=list(before)).exclude(severity=rules.REMINDER)
    for card in state_changes.exclude(from_state=F("to_state")).select_related("clock", "case"):
        change = CardChange(card.case.number, _label(card.clock), card.from_state, card.to_state)
        worse = SEVERITY.get(card.to_state, -1) > SEVERITY.get(card.from_state, -1)
        (report.cards_issued if worse else report.cards_withdrawn).append(change)
    logs: list = []
    affected = list(Clock.objects.filter(pk__in=list(old)).select_related("case").prefetch_related("entries"))
    _annul_cards(affected, old, report, logs, now=now, calendar=calendar, cause=cause)
    _annul_breaches([c for c in affected if c.completed_at is None], old, report, logs, now=now, calendar=calendar,
                    cause=cause)
    report.provisional_left = Clock.objects.filter(completed_at__isnull=True, deadline_provisional=True).count()
    logs.append(("calendar_reprojected", {
        "version": version, "checked": report.checked, "uncovered": report.uncovered,
        "moved": [[m.case, m.clock, m.before, m.after] for m in report.moved],
        "cards_issued": len(report.cards_issued), "cards_withdrawn": len(report.cards_withdrawn),
        "annulled": len(report.annulled), "provisional_left": report.provisional_left,
    }))
    hashlog.append_many(logs, now=now)
    return report


def _record_open_moves(before: dict, report: ReprojectionReport, *, now: datetime, cause: _Cause) -> dict:
    """{clock id: deadline before} of the running clocks whose deadline moved, each move recorded."""
    changed = Clock.objects.filter(pk__in=list(before)).select_related("case").only(
        "pk", "kind", "step", "case_id", "projected_deadline", "promised_deadline", "case__number")
    moves, moved = [], {}
    for clock in changed.iterator(chunk_size=2000):
        old = before[clock.pk]
        if clock.projected_deadline != old:
            moved[clock.pk] = old
            report.moved.append(MovedDeadline(clock.case.number, _label(clock), old, clock.projected_deadline,
                                              clock.promised_deadline))
            moves.append(_change(clock, old, clock.projected_deadline, now=now, cause=cause))
    DeadlineChange.objects.bulk_create(moves, batch_size=1000)
    return moved


def _change(clock: Clock, before, after, *, now: datetime, cause: _Cause) -> DeadlineChange:
    return DeadlineChange(clock=clock, case_id=clock.case_id, before=before, after=after,
                          calendar_version=cause.version, calendar_source=cause.source[:200],
                          years=list(cause.years), at=now)


def _reproject_stopped(report: ReprojectionReport, moved: dict, *, now: datetime, calendar: WorkingCalendar,
                       cause: _Cause) -> int:
    """Stopped clocks measured on a provisional calendar: their final deadline, provisional mark and
    statutory breach, as of the day they stopped (the state stays "completed"). Moves join `moved`."""
    stopped = list(Clock.objects.select_for_update(of=("self",))
                   .filter(completed_at__isnull=False, deadline_provisional=True)
                   .select_related("case").prefetch_related("entries").order_by("pk"))
    logs, moves = [], []
    for clock in stopped:
        try:
            p = services.clock_projection(clock, calendar=calendar, today=ledger.local_date(clock.completed_at))
        except CalendarNotCovered:
            report.uncovered += 1
            continue
        old = clock.projected_deadline
        breach = clock.statutory_breach
        if clock.kind == Clock.Kind.STATUTORY:
            breach = _breach_holds(clock, calendar=calendar, until=clock.completed_at)
            if breach != clock.statutory_breach:
                reason = cause.describe(old, p.deadline)
                if breach:
                    report.breaches_issued.append(MovedDeadline(clock.case.number, _label(clock), old, p.deadline,
                                                                None))
                    logs.append(("statutory_breach", {**_ref(clock), "deadline": p.deadline, "reason": reason,
                                                      "completed_at": clock.completed_at, "version": cause.version}))
                else:
                    report.annulled.append(Annulment(clock.case.number, _label(clock), "statutory breach", None))
                    logs.append(("statutory_breach_annulled", {**_ref(clock), "deadline": p.deadline,
                                                               "reason": reason + "，办结时未超过法定期限",
                                                               "version": cause.version}))
        Clock.objects.filter(pk=clock.pk).update(projected_deadline=p.deadline, deadline_provisional=p.provisional,
                                                 statutory_breach=breach)
        if old != p.deadline:
            moved[clock.pk] = old
            report.moved.append(MovedDeadline(clock.case.number, _label(clock), old, p.deadline,
                                              clock.promised_deadline))
            moves.append(_change(clock, old, p.deadline, now=now, cause=cause))
            logs.append(("clock_reprojected", {**_ref(clock), "from": old, "to": p.deadline, "stopped": True}))
    DeadlineChange.objects.bulk_create(moves)
    hashlog.append_many(logs, now=now)
    return len(stopped)


def _ref(clock: Clock) -> dict:
    return {"clock": clock.pk, "case": clock.case_id, "kind": clock.kind, "step": clock.step}


def _as_of(entries: list[ClockEntry], moment: datetime, *, before: bool = False) -> list[ClockEntry]:
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


def _annul_cards(clocks: list[Clock], old: dict, report: ReprojectionReport, logs: list, *, now: datetime,
                 calendar: WorkingCalendar, cause: _Cause) -> None:
    """Re-judge each warning card and reminder of the moved clocks at its own moment."""
    if not clocks:
        return
    by_id = {c.pk: c for c in clocks}
    ctx = rules.RuleContext.load(clocks)
    warnings = Q(to_state__in=[Clock.State.YELLOW, Clock.State.RED]) & ~Q(from_state=F("to_state"))
    candidates = (Card.objects.filter(clock_id__in=list(by_id), annulled_at__isnull=True)
                  .filter(warnings | Q(severity=rules.REMINDER)).exclude(at=now).order_by("at", "pk"))
    for card in candidates:
        clock = by_id[card.clock_id]
        try:
            p = services.clock_projection(clock, calendar=calendar, today=ledger.local_date(card.at),
                                          entries=_as_of(list(clock.entries.all()), card.at))
        except CalendarNotCovered:
            continue
        clock_rules = ctx.rules_for(clock)
        if card.severity == rules.REMINDER:
            rule = next((r for r in clock_rules if r.id == card.rule_id), None)
            if rule is None or rules.fire_moment(rule, p, now=card.at, calendar=calendar) is None:
                continue  # an unknown rule is not re-judged; a due reminder still holds
            what, should_be = "reminder", "提醒未到期"
        else:
            state = rules.evaluate(p, now=card.at, calendar=calendar, rules=clock_rules).state
            if SEVERITY.get(state, 0) >= SEVERITY[card.to_state]:
                continue
            what, should_be = f"{card.to_state} card", f"该时点应为“{STATE_NAMES.get(state, state)}”"
        reason = (f"{cause.describe(old[clock.pk], clock.projected_deadline)}，"
                  f"按新日历 {card.at.astimezone(ledger.SHANGHAI):%Y-%m-%d %H:%M} {should_be}")[:300]
        Card.objects.filter(pk=card.pk, annulled_at__isnull=True).update(annulled_at=now, annulment_reason=reason)
        report.annulled.append(Annulment(clock.case.number, _label(clock), what, card.at))
        logs.append(("card_annulled", {**_ref(clock), "card": card.pk, "at": card.at, "to": card.to_state,
                                       "severity": card.severity, "reason": reason, "version": cause.version}))


def _breach_holds(clock: Clock, *, calendar: WorkingCalendar, until: datetime) -> bool:
    """Whether the statutory deadline had passed at some moment up to `until`. The deadline only
    moves when the ledger does, so the moments to judge are just before each entry (a suspension of
    an already overdue case does not undo the breach) and `until` itself."""
    entries = list(clock.entries.all())
    moments = [(e.created_at, True) for e in entries if e.created_at <= until] + [(until, False)]
    for moment, before in moments:
        p = services.clock_projection(clock, calendar=calendar, today=ledger.local_date(moment),
                                      entries=_as_of(entries, moment, before=before))
        if moment > deadline_end(p.deadline):
            return True
    return False


def _annul_breaches(clocks: list[Clock], old: dict, report: ReprojectionReport, logs: list, *, now: datetime,
                    calendar: WorkingCalendar, cause: _Cause) -> None:
    """A running statutory clock flagged as breached whose deadline, on the new calendar, never passed."""
    for clock in clocks:
        if clock.kind != Clock.Kind.STATUTORY or not clock.statutory_breach or clock.projected_deadline is None:
            continue
        try:
            if _breach_holds(clock, calendar=calendar, until=now):
                continue
        except CalendarNotCovered:
            continue
        Clock.objects.filter(pk=clock.pk).update(statutory_breach=False)
        reason = cause.describe(old[clock.pk], clock.projected_deadline) + "，法定期限尚未届满"
        report.annulled.append(Annulment(clock.case.number, _label(clock), "statutory breach", None))
        logs.append(("statutory_breach_annulled", {**_ref(clock), "deadline": clock.projected_deadline,
                                                   "reason": reason, "version": cause.version}))
