"""Re-projecting clocks when the calendar changes (DESIGN §3, time ledger).

A new calendar version can move derived deadlines: a new year's notice replacing the provisional
rule, a local closure. Re-projection compares the calendar just before the version with the calendar
just after it, for every clock whose counted days touch a day the version changed — running clocks,
and stopped ones whose deadline was provisional or that ran over a changed day:

- every open clock is re-derived at once by the sweep, so the stored figures, the provisional marks
  and the cards that now hold are written the usual way (compare-and-set, a card per state change);
- a deadline that differs between the two calendars is kept as a DeadlineChange (shown to the
  applicant with its reason); the promise told at acceptance (Clock.promised_deadline) never changes;
- a warning card or reminder that held on the old calendar at its moment and does not on the new
  one is annulled, a statutory breach likewise; a breach that newly holds is flagged. Each is
  appended to the log with its reason; nothing is deleted, so the chain stays valid.

The comparison does not depend on what is stored, so a sweep that ran first on the new calendar
hides nothing, and a second run changes nothing. Each version is re-projected once: the version row
records when (CalendarVersion.reprojected_at); versions left pending by a crash are picked up by
the periodic sweep task and by `tongban supervision reproject`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.db.models import F, Q, prefetch_related_objects

from backend.workcalendar.calendar import CalendarNotCovered, WorkingCalendar, load_calendar, refresh_if_stale
from backend.workcalendar.models import CalendarVersion

from . import hashlog, ledger, rejudge, rules, services
from .models import Card, Clock, DeadlineChange

STATE_NAMES = {"green": "正常", "yellow": "预警", "red": "超时", "suspended": "暂停计时", "completed": "已结束"}
CHUNK = 500


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
    version: int | None = None
    checked: int = 0
    moved: list[MovedDeadline] = field(default_factory=list)
    cards_issued: list[CardChange] = field(default_factory=list)
    cards_withdrawn: list[CardChange] = field(default_factory=list)
    annulled: list[Annulment] = field(default_factory=list)
    breaches_issued: list[MovedDeadline] = field(default_factory=list)
    provisional_left: int = 0  # open clocks whose deadline is still provisional after the change
    uncovered: int = 0  # clocks whose deadline needs a year the calendar lacks

    def lines(self) -> list[str]:
        out = [f"re-projected {self.checked} clock(s): {len(self.moved)} deadline(s) moved, "
               f"{len(self.cards_issued)} card(s) issued, {len(self.cards_withdrawn)} withdrawn, "
               f"{len(self.annulled)} annulled, {len(self.breaches_issued)} breach(es) newly found; "
               f"{self.provisional_left} open deadline(s) still provisional"
               + (f", {self.uncovered} not computable (calendar alarm)" if self.uncovered else "")]
        for m in self.moved:
            kept = f" (promise told {m.promise_told:%Y-%m-%d} kept)" if m.promise_told else ""
            out.append(f"  moved    {m.case} {m.clock}: {m.before or '—'} → {m.after or '—'}{kept}")
        for c in self.cards_issued:
            out.append(f"  issued   {c.case} {c.clock}: {c.from_state} → {c.to_state}")
        for c in self.cards_withdrawn:
            out.append(f"  withdrawn {c.case} {c.clock}: {c.from_state} → {c.to_state}")
        for b in self.breaches_issued:
            out.append(f"  breach   {b.case} {b.clock}: the statutory deadline {b.after} had passed")
        for a in self.annulled:
            when = f" of {a.at.astimezone(ledger.SHANGHAI):%Y-%m-%d %H:%M}" if a.at else ""
            out.append(f"  annulled {a.case} {a.clock}: {a.what}{when}")
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())


def _label(clock: Clock) -> str:
    return clock.step if clock.kind == Clock.Kind.STEP else clock.kind


def _ref(clock: Clock) -> dict:
    return {"clock": clock.pk, "case": clock.case_id, "kind": clock.kind, "step": clock.step}


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
        version = f"日历版本 #{self.version}（{self.source}）导入后" if self.version else "日历版本删除后"
        if before == after:
            return f"{version}期限仍为 {after or '—'}"
        return f"{version}期限由 {before or '—'} 改为 {after or '—'}"


def reprojections_pending_run(*, now: datetime) -> list[ReprojectionReport]:
    """Re-project every version not yet re-projected, oldest first: after an import commits, and from
    the periodic sweep as the safety net. Safe to run concurrently: each version is claimed once."""
    reports = []
    pending = CalendarVersion.objects.filter(reprojected_at__isnull=True).order_by("number")
    for number in pending.values_list("number", flat=True):
        report = clocks_reproject(now=now, version=number)
        if report is not None:
            reports.append(report)
    return reports


@transaction.atomic
def clocks_reproject(*, now: datetime, version: int | None = None, again: bool = False) -> ReprojectionReport | None:
    """Re-project against `version` (None: a version was deleted; the stored deadlines are then the
    only "before"). Returns None when the version was already re-projected, unless `again`. Holds
    the log head for the whole run, so a concurrent sweep waits instead of racing it."""
    hashlog.lock_head()
    if version is not None:
        claimed = CalendarVersion.objects.filter(number=version, reprojected_at__isnull=True).update(reprojected_at=now)
        if not claimed and not (again and CalendarVersion.objects.filter(number=version).exists()):
            return None
    cause = _Cause.of(version)
    old = load_calendar(upto=version - 1) if version else None
    new = load_calendar(upto=version) if version else refresh_if_stale()
    changed = new.changed_days(old) if old is not None else None
    stored = dict(Clock.objects.filter(completed_at__isnull=True).values_list("pk", "projected_deadline"))
    Clock.objects.filter(completed_at__isnull=True).update(next_change_at=now)
    report = ReprojectionReport(version=version, uncovered=services.clocks_sweep(now=now).failed)
    logs: list = []
    _compare(report, logs, now=now, old=old, new=new, changed=changed, stored=stored, cause=cause)
    for card in (Card.objects.filter(at=now).exclude(severity=rules.REMINDER).exclude(from_state=F("to_state"))
                 .select_related("clock", "case")):
        change = CardChange(card.case.number, _label(card.clock), card.from_state, card.to_state)
        worse = rejudge.SEVERITY.get(card.to_state, -1) > rejudge.SEVERITY.get(card.from_state, -1)
        (report.cards_issued if worse else report.cards_withdrawn).append(change)
    report.provisional_left = Clock.objects.filter(completed_at__isnull=True, deadline_provisional=True).count()
    logs.append(("calendar_reprojected", {
        "version": version, "checked": report.checked, "uncovered": report.uncovered,
        "changed_days": len(changed) if changed is not None else None,
        "moved": [[m.case, m.clock, m.before, m.after] for m in report.moved],
        "cards_issued": len(report.cards_issued), "cards_withdrawn": len(report.cards_withdrawn),
        "annulled": len(report.annulled), "breaches_issued": len(report.breaches_issued),
        "provisional_left": report.provisional_left,
    }))
    hashlog.append_many(logs, now=now)
    return report


def _candidates(changed: list[date] | None):
    """Clocks that may have counted a changed day: every open one that started before the last
    changed day, and stopped ones that were provisional or ran over the changed days."""
    stopped = Q(completed_at__isnull=False, deadline_provisional=True)
    if changed:
        stopped |= Q(completed_at__isnull=False, completed_at__gte=ledger.day_start(changed[0]),
                     start_date__lt=changed[-1])
    running = Q(completed_at__isnull=True)
    if changed:
        running &= Q(start_date__lt=changed[-1])
    return Clock.objects.filter(running | stopped)


def _compare(report: ReprojectionReport, logs: list, *, now: datetime, old: WorkingCalendar | None,
             new: WorkingCalendar, changed: list[date] | None, stored: dict, cause: _Cause) -> None:
    if changed == []:
        return  # the version changes no day (e.g. a note, or a closure already listed)
    current = refresh_if_stale()
    ids = list(_candidates(changed).order_by("pk").values_list("pk", flat=True))
    report.checked = len(ids)
    for start in range(0, len(ids), CHUNK):
        chunk = list(Clock.objects.filter(pk__in=ids[start:start + CHUNK]).select_related("case").order_by("pk"))
        prefetch_related_objects(chunk, "entries")
        ctx = rules.RuleContext.load(chunk)
        moves: list[DeadlineChange] = []
        affected: list[tuple[Clock, ledger.Projection | None, ledger.Projection]] = []
        for clock in chunk:
            judged = _judge_deadline(clock, report, logs, now=now, old=old, new=new, current=current,
                                     changed=changed, stored=stored, cause=cause, moves=moves)
            if judged is not None:
                affected.append(judged)
        DeadlineChange.objects.bulk_create(moves, ignore_conflicts=True)
        _rejudge_cards(affected, report, logs, now=now, old=old, new=new, ctx=ctx, cause=cause)
        _rejudge_breaches(affected, report, logs, now=now, old=old, new=new, cause=cause)


def _judge_deadline(clock: Clock, report: ReprojectionReport, logs: list, *, now, old, new, current, changed,
                    stored: dict, cause: _Cause, moves: list):
    """The clock's deadline before and after; stopped clocks' final figures follow the current
    calendar. Returns (clock, before, after) when the clock counted a changed day, else None."""
    entries = list(clock.entries.all())
    stored_deadline = stored.get(clock.pk, clock.projected_deadline)
    today = ledger.local_date(now if clock.completed_at is None else min(now, clock.completed_at))
    try:
        after = services.clock_projection(clock, calendar=new, today=today, entries=entries)
        before = services.clock_projection(clock, calendar=old, today=today, entries=entries) if old else None
        final = services.clock_projection(clock, calendar=current, today=today, entries=entries)
    except CalendarNotCovered:
        report.uncovered += 1
        return None
    if clock.completed_at is not None and (clock.projected_deadline, clock.deadline_provisional) != (
            final.deadline, final.provisional):
        Clock.objects.filter(pk=clock.pk).update(projected_deadline=final.deadline,
                                                 deadline_provisional=final.provisional)
        logs.append(("clock_reprojected", {**_ref(clock), "from": clock.projected_deadline, "to": final.deadline,
                                           "stopped": True}))
        clock.projected_deadline, clock.deadline_provisional = final.deadline, final.provisional
    if before is None:  # no "before" calendar: what was stored is the only record of the old deadline
        old_deadline = stored_deadline
        if old_deadline == after.deadline:
            return None
    else:
        end = max(before.deadline, after.deadline, today)
        if not rejudge.touches(changed, clock.start_date, end):
            return None
        old_deadline = before.deadline
    if old_deadline != after.deadline:
        report.moved.append(MovedDeadline(clock.case.number, _label(clock), old_deadline, after.deadline,
                                          clock.promised_deadline))
        moves.append(DeadlineChange(clock=clock, case_id=clock.case_id, before=old_deadline, after=after.deadline,
                                    calendar_version=cause.version, calendar_source=cause.source[:200],
                                    years=list(cause.years), at=now))
    clock.old_deadline = old_deadline
    return clock, before, after


def _rejudge_cards(affected: list, report: ReprojectionReport, logs: list, *, now, old, new, ctx, cause) -> None:
    """Annul each warning card or reminder that held at its moment on the old calendar and does not
    on the new one (a card that did not hold on either is left alone: its rule must have changed)."""
    if old is None or not affected:
        return
    by_id = {clock.pk: clock for clock, _before, _after in affected}
    warnings = Q(to_state__in=[Clock.State.YELLOW, Clock.State.RED]) & ~Q(from_state=F("to_state"))
    candidates = (Card.objects.filter(clock_id__in=list(by_id), annulled_at__isnull=True, at__lt=now)
                  .filter(warnings | Q(severity=rules.REMINDER)).order_by("at", "pk"))
    for card in candidates:
        clock = by_id[card.clock_id]
        entries, clock_rules = list(clock.entries.all()), ctx.rules_for(clock)
        try:
            held = rejudge.card_holds(card, clock, entries, calendar=old, clock_rules=clock_rules)
            holds = rejudge.card_holds(card, clock, entries, calendar=new, clock_rules=clock_rules)
        except CalendarNotCovered:
            continue
        if not held or holds is None or holds:
            continue
        if card.severity == rules.REMINDER:
            what, should_be = "reminder", "提醒尚未到期"
        else:
            state = rejudge.state_at(card, clock, entries, calendar=new, clock_rules=clock_rules)
            what, should_be = f"{card.to_state} card", f"该时点应为“{STATE_NAMES.get(state, state)}”"
        reason = (f"{cause.describe(clock.old_deadline, clock.projected_deadline)}，按新日历 "
                  f"{card.at.astimezone(ledger.SHANGHAI):%Y-%m-%d %H:%M} {should_be}")[:300]
        Card.objects.filter(pk=card.pk, annulled_at__isnull=True).update(annulled_at=now, annulment_reason=reason)
        report.annulled.append(Annulment(clock.case.number, _label(clock), what, card.at))
        logs.append(("card_annulled", {**_ref(clock), "card": card.pk, "at": card.at, "to": card.to_state,
                                       "severity": card.severity, "reason": reason, "version": cause.version}))


def _rejudge_breaches(affected: list, report: ReprojectionReport, logs: list, *, now, old, new, cause) -> None:
    """A statutory breach that held on the old calendar and does not on the new one is cleared; one
    that holds on the new calendar and was not flagged is flagged (also in the past: a suspension or
    extension after the deadline does not hide it)."""
    for clock, _before, after in affected:
        if clock.kind != Clock.Kind.STATUTORY:
            continue
        until = now if clock.completed_at is None else clock.completed_at
        entries = list(clock.entries.all())
        try:
            holds = rejudge.breach_holds(clock, entries, calendar=new, until=until)
            held = rejudge.breach_holds(clock, entries, calendar=old, until=until) if old else clock.statutory_breach
        except CalendarNotCovered:
            continue
        flagged = Clock.objects.filter(pk=clock.pk).values_list("statutory_breach", flat=True).get()
        reason = cause.describe(clock.old_deadline, after.deadline)
        if flagged and held and not holds:
            Clock.objects.filter(pk=clock.pk).update(statutory_breach=False)
            report.annulled.append(Annulment(clock.case.number, _label(clock), "statutory breach", None))
            logs.append(("statutory_breach_annulled", {**_ref(clock), "deadline": after.deadline,
                                                       "version": cause.version,
                                                       "reason": reason + "，按新日历未超过法定期限"}))
        elif not flagged and holds:
            Clock.objects.filter(pk=clock.pk).update(statutory_breach=True)
            report.breaches_issued.append(MovedDeadline(clock.case.number, _label(clock), clock.old_deadline,
                                                        after.deadline, None))
            logs.append(("statutory_breach", {**_ref(clock), "deadline": after.deadline, "version": cause.version,
                                              "reason": reason + "，按新日历已超过法定期限"}))
