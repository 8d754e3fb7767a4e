"""Writes on clocks: open and close them, suspend, resume, extend, and the periodic sweep.

Every write re-derives the clock from its ledger (ledger.py, through derivation.py), writes a Card
when the warning state changes, and appends to the hash-chained supervision log in the same
transaction. Event rules live in event_cards.py.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Case as DbCase
from django.db.models import Exists, F, OuterRef, Prefetch, Value, When, prefetch_related_objects
from django.utils.translation import gettext as _

from backend.accounts import roles
from backend.cases.models import Case
from backend.catalog.models import ServiceItem
from backend.catalog.step_types import stops_case_clock
from backend.common.errors import Conflict, DomainError
from backend.workcalendar.calendar import CalendarNotCovered, WorkingCalendar, deadline_end, refresh_if_stale

from . import hashlog, ledger, notifications, rules, terms
from .derivation import (
    RETRY_BROKEN_AFTER,
    _apply,
    _clock_ref,
    _derive,
    _flush,
    _rederive_all,
    clock_projection,  # noqa: F401  (part of the service API)
)
from .event_cards import rules_event_fire, rules_on_case_event  # noqa: F401  (part of the service API)
from .models import Card, Clock, ClockEntry, Notification, bulk_insert

log = logging.getLogger(__name__)


# -- opening and closing (called by the receivers) ---------------------------------------------
def _clock_new(*, case: Case, kind: str, budget_days: int, now: datetime, step: str = "",
               task_id: int | None = None, department_id: int | None = None,
               calendar: WorkingCalendar | CalendarNotCovered | None = None,
               ruleset: rules.RuleSet | None = None, start: date | None = None) -> tuple[Clock, dict]:
    """An unsaved clock and its log payload. `calendar`/`ruleset`: already loaded by the caller
    (a CalendarNotCovered instance: the calendar could not be loaded). `start`: the day the term
    runs from, when it is not the day of `now` (an information request received by post)."""
    clock = Clock(case=case, kind=kind, step=step, task_id=task_id, department_id=department_id,
                  budget_days=budget_days, start_date=start or ledger.local_date(now), created_at=now)
    payload = {**_clock_ref(clock), "case": case.number, "budget_days": budget_days,
               "start_date": clock.start_date, "department": department_id}
    try:
        if isinstance(calendar, CalendarNotCovered):
            raise calendar
        calendar = calendar or refresh_if_stale()
        projection = ledger.project(budget_days=budget_days, start=clock.start_date, calendar=calendar,
                                    today=max(clock.start_date, ledger.local_date(now)))
        scope = rules.Scope(case.item_id, step, department_id, kind)
        evaluation = rules.evaluate(projection, now=now, calendar=calendar,
                                    rules=(ruleset or rules.RuleSet.load()).for_scope(scope))
        clock.promised_deadline = clock.projected_deadline = projection.deadline
        clock.deadline_provisional = projection.provisional
        due_now = evaluation.state != Clock.State.GREEN or evaluation.reminders
        clock.next_change_at = now if due_now else evaluation.next_change_at
        payload.update(deadline=projection.deadline, explanation=projection.explanation)
        if projection.provisional:
            payload["provisional_years"] = list(projection.provisional_years)
    except CalendarNotCovered as exc:
        clock.next_change_at = now + RETRY_BROKEN_AFTER
        payload.update(deadline=None, alarm=str(exc))
        log.warning("clock for case %s: %s", case.number, exc)
    return clock, payload


@transaction.atomic(savepoint=False)
def clock_open(*, case: Case, kind: str, budget_days: int, now: datetime, step: str = "",
               task_id: int | None = None, department_id: int | None = None) -> Clock:
    """Start a clock on the local date of `now`. Cards come from the sweep only: a clock that starts
    already yellow (e.g. a 1-day step) is due at once. A missing calendar year is an alarm, not a crash."""
    clock, payload = _clock_new(case=case, kind=kind, budget_days=budget_days, now=now, step=step,
                                task_id=task_id, department_id=department_id)
    bulk_insert([clock])  # one plain INSERT on PostgreSQL (no save() logic or signals on Clock)
    payload["clock"] = clock.pk
    hashlog.append("clock_opened", payload, now=now)
    return clock


@transaction.atomic(savepoint=False)
def case_clocks_open(*, case: Case, now: datetime) -> list[Clock]:
    """Promised and statutory clocks from acceptance; an immediate item (即办件) is due the same day.
    Both are derived with one calendar and rule set, inserted together and logged in one append."""
    if Clock.objects.filter(case=case, kind__in=[Clock.Kind.PROMISED, Clock.Kind.STATUTORY]).exists():
        return []
    guide = case.guide
    immediate = case.item.kind == ServiceItem.Kind.IMMEDIATE
    department_id = case.item.department_id
    promised_days, statutory_days, start = guide.promised_limit_days, guide.statutory_limit_days, None
    if (own := terms.case_terms(case)) is not None:  # a letter's or an information request's terms
        immediate = False
        promised_days, statutory_days, start = own.promised_days, own.statutory_days, own.start
        department_id = own.department_id or department_id
    try:
        calendar = refresh_if_stale()
    except CalendarNotCovered as exc:  # each clock records the alarm, as clock_open would
        calendar = exc
    ruleset = rules.RuleSet.load()
    opened = [
        _clock_new(case=case, kind=Clock.Kind.PROMISED, now=now, department_id=department_id, calendar=calendar,
                   ruleset=ruleset, budget_days=0 if immediate else promised_days, start=start),
        _clock_new(case=case, kind=Clock.Kind.STATUTORY, now=now, department_id=department_id, calendar=calendar,
                   ruleset=ruleset, budget_days=0 if immediate else statutory_days, start=start),
    ]
    clocks = bulk_insert([clock for clock, _payload in opened])
    for clock, payload in opened:
        payload["clock"] = clock.pk
    hashlog.append_many([("clock_opened", payload) for _clock, payload in opened], now=now)
    return clocks


_ENTRIES_IN_ORDER = ClockEntry.objects.order_by("start_date", "pk")  # no join for the default ordering


@transaction.atomic(savepoint=False)
def clocks_close(*, clocks, now: datetime, reason: str) -> int:
    """Stop clocks (case completed or refused, step task finished); the final figures are logged.

    The head is locked first (lock order: head, then clocks); the clocks are read with a flag for
    ledger entries, which are then read only for the clocks that have some (rarely a step clock)."""
    head = hashlog.lock_head()
    clocks = list(clocks.select_for_update().filter(completed_at__isnull=True).order_by("pk")
                  .annotate(has_entries=Exists(ClockEntry.objects.filter(clock=OuterRef("pk")).order_by())))
    if not clocks:
        return 0
    with_entries = [c for c in clocks if c.has_entries]
    if with_entries:
        prefetch_related_objects(with_entries, Prefetch("entries", queryset=_ENTRIES_IN_ORDER))
    calendar = refresh_if_stale()
    today = ledger.local_date(now)
    logs = []
    by_outcome: dict[tuple[bool, bool], list[int]] = {}
    for clock in clocks:
        entries = list(clock.entries.all()) if clock.has_entries else []
        if any(e.kind == ClockEntry.Kind.SUSPENSION and e.end_date is None for e in entries):
            ClockEntry.objects.filter(clock=clock, kind=ClockEntry.Kind.SUSPENSION, end_date__isnull=True).update(
                end_date=today, ended_at=now)
        payload = {**_clock_ref(clock), "reason": reason, "from_state": clock.state}
        breach, provisional = clock.statutory_breach, clock.deadline_provisional
        try:
            projection = clock_projection(clock, calendar=calendar, today=today, entries=entries)
            on_time = now <= deadline_end(projection.deadline)
            breach = breach or (clock.kind == Clock.Kind.STATUTORY and not on_time)
            provisional = projection.provisional
            payload.update(deadline=projection.deadline, used=projection.used, on_time=on_time)
            if provisional:  # the import of the notice re-derives these final figures
                payload["provisional_years"] = list(projection.provisional_years)
        except CalendarNotCovered as exc:
            payload.update(alarm=str(exc))
        by_outcome.setdefault((breach, provisional), []).append(clock.pk)
        logs.append(("clock_closed", payload))
    _close_rows(by_outcome, now=now)
    hashlog.append_many(logs, now=now, head=head)
    return len(clocks)


def _close_rows(by_outcome: dict[tuple[bool, bool], list[int]], *, now: datetime) -> None:
    """One UPDATE for every clock closed together, whatever their (breach, provisional) outcome."""
    done = {"state": Clock.State.COMPLETED, "completed_at": now, "next_change_at": None}
    if len(by_outcome) == 1:
        ((breach, provisional), ids), = by_outcome.items()
        Clock.objects.filter(pk__in=ids).update(**done, statutory_breach=breach, deadline_provisional=provisional)
        return

    def flag(position: int) -> DbCase:
        ids = [pk for outcome, pks in by_outcome.items() if outcome[position] for pk in pks]
        return DbCase(When(pk__in=ids, then=Value(True)), default=Value(False))

    every = [pk for pks in by_outcome.values() for pk in pks]
    Clock.objects.filter(pk__in=every).update(**done, statutory_breach=flag(0), deadline_provisional=flag(1))


# -- suspension and extension --------------------------------------------------------------------
def _require_text(value: str, field: str, message) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError.single(field, "required", message)
    return value[:200]


def _check_staff(case: Case, actor) -> None:
    if not actor.is_staff_member:
        raise DomainError.single(None, "forbidden", _("只有承办人员可以调整办件计时。"), status=403)
    departments = {case.item.department_id} | set(
        Clock.objects.filter(case=case, completed_at__isnull=True, department__isnull=False)
        .values_list("department_id", flat=True))
    if not departments & set(actor.department_ids):
        raise DomainError.single(None, "forbidden", _("您不是该办件的承办部门人员。"), status=403)


def _open_clocks(case: Case, kinds=None) -> list[Clock]:
    hashlog.lock_head()
    qs = Clock.objects.select_for_update().filter(case=case, completed_at__isnull=True).order_by("pk")
    if kinds:
        qs = qs.filter(kind__in=kinds)
    clocks = list(qs)
    if not clocks:
        raise Conflict("no_clock", _("该办件没有正在计时的时限。"))
    return clocks


@transaction.atomic
def clock_suspend(*, case: Case, reason: str, legal_basis: str, actor, now: datetime, procedure: str = "",
                  expected_days: int | None = None, approver=None) -> list[Clock]:
    """暂停计时 for a special procedure (hearing, inspection, testing, expert review, public notice).
    The rules table (who, how long without approval) is applied by actions.case_clock_suspend."""
    reason = _require_text(reason, "reason", _("暂停计时必须说明理由。"))
    legal_basis = _require_text(legal_basis, "legal_basis", _("暂停计时必须注明法律依据。"))
    _check_staff(case, actor)
    clocks = _open_clocks(case)
    if ClockEntry.objects.filter(clock__in=clocks, kind=ClockEntry.Kind.SUSPENSION, end_date__isnull=True).exists():
        raise Conflict("already_suspended", _("该办件已暂停计时。"))
    extra = {"procedure": procedure, "expected_days": expected_days} if procedure else {}
    if approver is not None:
        extra["approval"] = {"approved_by": approver.username, "expected_days": expected_days}
    suspension_start(case=case, clocks=clocks, reason=reason, legal_basis=legal_basis, actor=actor, now=now,
                     log=extra, procedure=procedure, expected_days=expected_days, approver=approver)
    rules_event_fire(case=case, code="suspended", now=now, actor=actor)
    return clocks


@transaction.atomic
def clock_resume(*, case: Case, actor, now: datetime) -> list[Clock]:
    _check_staff(case, actor)
    clocks = _open_clocks(case)
    if any(c.kind == Clock.Kind.STEP and stops_case_clock(c.step) for c in clocks):
        raise Conflict("procedure_running",
                       _("听证、专家评审等特别程序正在进行，不计入办理时限；程序结束时自动恢复计时。"))
    open_entries = ClockEntry.objects.filter(clock__in=clocks, kind=ClockEntry.Kind.SUSPENSION, end_date__isnull=True)
    if not suspension_end(case=case, clocks=clocks, entries=open_entries, actor=actor, now=now):
        raise Conflict("not_suspended", _("该办件没有暂停计时。"))
    return clocks


def suspension_start(*, case: Case, clocks: list[Clock], reason: str, legal_basis: str, actor, now: datetime,
                     log: dict | None = None, procedure: str = "", expected_days: int | None = None,
                     approver=None) -> None:
    """Stop `clocks` from today (ledger entries), log it, tell the applicant, re-derive. `actor`
    None: the process did it (a special procedure step); `log`: more for the log entry."""
    today = ledger.local_date(now)
    ClockEntry.objects.bulk_create(
        ClockEntry(clock=c, kind=ClockEntry.Kind.SUSPENSION, reason=reason[:200], legal_basis=legal_basis,
                   actor=actor, start_date=today, created_at=now, procedure=procedure, expected_days=expected_days,
                   approved_by=approver) for c in clocks
    )
    logs = [("clock_suspended", {"case": case.number, "clocks": [c.pk for c in clocks], "reason": reason,
                                 "legal_basis": legal_basis, "actor": actor.username if actor else None,
                                 "start_date": today, **(log or {})})]
    notifications.notify_applicant(case=case, kind=Notification.Kind.SUSPENDED, now=now, logs=logs, date=today,
                                   reason=reason, legal_basis=legal_basis)
    _rederive_all(clocks, now=now, logs=logs)


def suspension_end(*, case: Case, clocks: list[Clock], entries, actor, now: datetime,
                   log: dict | None = None) -> bool:
    """End the open suspension `entries` today, log it, re-derive `clocks`, tell the applicant the
    new deadline. False when there was nothing to end."""
    today = ledger.local_date(now)
    if not entries.update(end_date=today, ended_at=now, ended_by=actor):
        return False
    logs = [("clock_resumed", {"case": case.number, "clocks": [c.pk for c in clocks],
                               "actor": actor.username if actor else None, "end_date": today, **(log or {})})]
    _rederive_all(clocks, now=now, logs=logs)
    told: list = []
    notifications.notify_applicant(case=case, kind=Notification.Kind.RESUMED, now=now, logs=told, date=today,
                                   deadline=_promised_deadline(clocks))
    hashlog.append_many(told, now=now)
    return True


@transaction.atomic
def clock_extend(*, case: Case, days: int, reason: str, approver, actor, now: datetime,
                 max_days: int | None = None) -> list[Clock]:
    """延期 (行政许可法 art. 42): +N working days on the case's promised and statutory clocks,
    only with the sign-off of a user holding the approver role. `max_days`: another law's limit
    (政府信息公开条例 art. 33: 20); by default SUPERVISION_MAX_EXTENSION_DAYS."""
    reason = _require_text(reason, "reason", _("延期必须说明理由。"))
    limit = max_days or settings.SUPERVISION_MAX_EXTENSION_DAYS
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= limit:
        raise DomainError.single("days", "invalid", _("延期天数应为 1 到 %(n)s 之间的整数（工作日）。") % {"n": limit})
    if approver is None or not approver.has_role(roles.APPROVER):
        raise DomainError.single("approver", "not_approver", _("延期须经审批人员批准。"))
    _check_staff(case, actor)
    clocks = _open_clocks(case, kinds=[Clock.Kind.PROMISED, Clock.Kind.STATUTORY])
    if ClockEntry.objects.filter(clock__case=case, kind=ClockEntry.Kind.EXTENSION).exists():
        raise Conflict("already_extended", _("该办件已延期一次，依法不能再次延期。"))
    today = ledger.local_date(now)
    extended = [ClockEntry(clock=c, kind=ClockEntry.Kind.EXTENSION, reason=reason, actor=actor, approved_by=approver,
                           start_date=today, days=days, created_at=now) for c in clocks]
    # A deadline the calendar cannot compute would leave the clock without one (never yellow, never
    # red): refuse instead (CalendarNotCovered, a 409 at the API), before anything is written.
    calendar = refresh_if_stale()
    for clock, entry in zip(clocks, extended, strict=True):
        clock_projection(clock, calendar=calendar, today=today, entries=[*clock.entries.all(), entry])
    ClockEntry.objects.bulk_create(extended)
    logs = [("clock_extended", {"case": case.number, "clocks": [c.pk for c in clocks], "days": days,
                                "reason": reason, "actor": actor.username, "approver": approver.username})]
    _rederive_all(clocks, now=now, logs=logs)
    told: list = []
    notifications.notify_applicant(case=case, kind=Notification.Kind.EXTENDED, now=now, logs=told, days=days,
                                   reason=reason, deadline=_promised_deadline(clocks))
    hashlog.append_many(told, now=now)
    rules_event_fire(case=case, code="extended", now=now, actor=actor)
    return clocks


@transaction.atomic
def case_clocks_restart(*, case: Case, start: date, reason: str, actor, now: datetime) -> list[Clock]:
    """The case's term runs afresh from `start` (政府信息公开条例 art. 30: the reply period counts from
    the day the corrected request arrives): its open promised and statutory clocks keep their
    budgets, cards and history, and are derived again from the new start. Logged with the old start."""
    reason = _require_text(reason, "reason", _("重新计时必须说明理由。"))
    clocks = _open_clocks(case, kinds=[Clock.Kind.PROMISED, Clock.Kind.STATUTORY])
    logs = [("clock_restarted", {"case": case.number, "clocks": [c.pk for c in clocks], "reason": reason,
                                 "from": clocks[0].start_date, "to": start,
                                 "actor": actor.username if actor else None})]
    Clock.objects.filter(pk__in=[c.pk for c in clocks]).update(start_date=start)
    for clock in clocks:
        clock.start_date = start
    _rederive_all(clocks, now=now, logs=logs)
    # A new term: what the applicant is told now is its deadline.
    Clock.objects.filter(pk__in=[c.pk for c in clocks]).update(promised_deadline=F("projected_deadline"))
    return clocks


@transaction.atomic
def case_clocks_department_set(*, case: Case, department_id: int, reason: str, actor, now: datetime) -> int:
    """The case's clocks now belong to another department (a letter assigned or transferred, 转办):
    the same clocks run on — the original term is kept — and their cards count for the new one."""
    hashlog.lock_head()
    changed = Clock.objects.filter(case=case, kind__in=[Clock.Kind.PROMISED, Clock.Kind.STATUTORY],
                                   completed_at__isnull=True).exclude(department_id=department_id)
    ids = list(changed.values_list("pk", flat=True))
    if ids:
        Clock.objects.filter(pk__in=ids).update(department_id=department_id)
        hashlog.append("clock_department_changed", {"case": case.number, "clocks": ids, "department": department_id,
                                                    "reason": reason, "actor": actor.username if actor else None},
                       now=now)
    return len(ids)


def _promised_deadline(clocks: list[Clock]) -> str:
    """The deadline the applicant hears about: the promised clock's, freshly derived."""
    promised = next((c for c in clocks if c.kind == Clock.Kind.PROMISED), None)
    deadline = promised.projected_deadline if promised is not None else None
    return deadline.isoformat() if deadline else "—"


# -- the sweep ------------------------------------------------------------------------------------
@dataclass
class SweepResult:
    processed: int = 0
    changed: int = 0
    failed: int = 0

    def as_dict(self) -> dict:
        return {"processed": self.processed, "changed": self.changed, "failed": self.failed}


def _sweep_batch(*, now: datetime, batch: int, calendar_box: list, result: SweepResult) -> int:
    with transaction.atomic():
        hashlog.lock_head()
        clocks = list(
            Clock.objects.select_for_update(skip_locked=True)  # no effect on SQLite
            .filter(next_change_at__lte=now).order_by("next_change_at")[:batch]
        )
        if not clocks:
            return 0
        if not calendar_box:
            calendar_box.append(refresh_if_stale())
        calendar = calendar_box[0]
        prefetch_related_objects(clocks, "entries")
        ctx = rules.RuleContext.load(clocks)  # the rules, once per batch
        cards: list[Card] = []
        logs: list = []
        pairs = []
        for clock in clocks:
            try:
                derived = _derive(clock, calendar=calendar, now=now, ctx=ctx)
            except CalendarNotCovered as exc:  # push forward instead of crash-looping
                result.failed += 1
                retry = max(clock.next_change_at, now) + RETRY_BROKEN_AFTER
                Clock.objects.filter(pk=clock.pk, next_change_at=clock.next_change_at).update(next_change_at=retry)
                logs.append(("sweep_error", {**_clock_ref(clock), "error": str(exc), "retry_at": retry}))
                continue
            pairs.append((clock, derived))
        result.changed += _apply(pairs, now=now, cards=cards, logs=logs)
        _flush(cards, logs, now=now, clocks=clocks, ctx=ctx)
        result.processed += len(clocks)
        return len(clocks)


def clocks_sweep(*, now: datetime, batch: int = 1000, max_batches: int | None = None) -> SweepResult:
    """Flip every clock whose next_change_at has come (safe to run twice, and concurrently: rows are
    taken with SKIP LOCKED and flipped with compare-and-set). One transaction per batch."""
    result = SweepResult()
    if not Clock.objects.filter(next_change_at__lte=now).exists():
        return result  # the common case: one index probe, no lock
    calendar_box: list = []
    batches = 0
    while _sweep_batch(now=now, batch=batch, calendar_box=calendar_box, result=result) == batch:
        batches += 1
        if max_batches is not None and batches >= max_batches:
            break
    return result


def clocks_reproject_open(*, now: datetime) -> int:
    """The calendar changed: every open clock is due for re-derivation by the next sweep."""
    return Clock.objects.filter(completed_at__isnull=True).update(next_change_at=now)
