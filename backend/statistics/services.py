"""Writes of the statistics ledger: a fact per case and per finished step task, written when things
happen (receivers.py), and the rating a case received. Every write marks the days it touches dirty;
the sweep (rollups.py) recomputes their rollup rows.

Working days used come from the clocks' ledgers (supervision.ledger through clock_projection), so a
fact counts exactly what the clock counted: suspensions excluded, extensions added to the budget.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from backend.cases.models import Case, CaseEvent
from backend.common.errors import DomainError
from backend.supervision import hashlog, ledger
from backend.supervision.derivation import clock_projection
from backend.supervision.models import Card, Clock, ClockEntry, Severity
from backend.workcalendar.calendar import CalendarNotCovered, deadline_end, refresh_if_stale

from .models import CaseFact, RollupDirtyDay, StepFact


def days_mark_dirty(days, *, now: datetime) -> None:
    """The rollups of these days no longer hold. An upsert: a sweep recomputing one of them holds
    its row, so this waits for it and then marks the day again (no change is lost).

    The day's row is shared by every writer of that day, and the same transactions lock the
    supervision log's head (filing opens clocks, completion closes them): the head is taken first,
    in the one lock order of the project (head, then other rows), so two writers never deadlock."""
    rows = [RollupDirtyDay(day=d, marked_at=now) for d in sorted({d for d in days if d is not None})]
    if rows:
        hashlog.lock_head()
        RollupDirtyDay.objects.bulk_create(rows, update_conflicts=True, unique_fields=["day"],
                                           update_fields=["marked_at"])


def _fact_for(case: Case) -> CaseFact:
    """The case's fact, created from the case when it has none yet (a case filed before the ledger)."""
    fact = CaseFact.objects.filter(pk=case.pk).first()
    if fact is None:
        fact = CaseFact.objects.create(case_id=case.pk, department_id=case.item.department_id, item_id=case.item_id,
                                       centre_id=case.service_centre_id,
                                       received_date=ledger.local_date(case.filed_at))
    return fact


def case_fact_on_event(*, case: Case, event: CaseEvent, now: datetime) -> None:
    """Filing (收件), acceptance or refusal (受理/不予受理) and completion (办结) write the case's fact."""
    kind = event.kind
    today = ledger.local_date(now)
    if kind == CaseEvent.Kind.FILED:
        received = ledger.local_date(case.filed_at)
        CaseFact.objects.bulk_create([CaseFact(case_id=case.pk, department_id=case.item.department_id,
                                               item_id=case.item_id, centre_id=case.service_centre_id,
                                               received_date=received)], ignore_conflicts=True)
        days_mark_dirty([received], now=now)
    elif kind in (CaseEvent.Kind.ACCEPTED, CaseEvent.Kind.REFUSED):
        fact = _fact_for(case)
        before = fact.intake_date
        accepted = kind == CaseEvent.Kind.ACCEPTED
        CaseFact.objects.filter(pk=fact.pk).update(intake_date=today, accepted=accepted, refused=not accepted)
        days_mark_dirty([before, today], now=now)
    elif kind == CaseEvent.Kind.COMPLETED:
        fact = _fact_for(case)
        before = fact.completed_date
        CaseFact.objects.filter(pk=fact.pk).update(**_completion_figures(case, now=now))
        days_mark_dirty([before, today], now=now)


def _cards(**filters) -> dict[str, int]:
    counts = dict(Card.objects.filter(annulled_at__isnull=True, severity__in=[Severity.YELLOW, Severity.RED],
                                      **filters).order_by().values_list("severity").annotate(n=Count("id")))
    return {"cards_yellow": counts.get(Severity.YELLOW, 0), "cards_red": counts.get(Severity.RED, 0)}


def _clock_figures(clock: Clock | None, *, now: datetime, entries=None) -> dict:
    """Budget (extensions included), working days used (suspensions excluded) and the outcome of a
    clock that ends at `now`; empty figures without a clock or a calendar for its years."""
    if clock is None:
        return {"budget_days": None, "days_used": None, "on_time": False, "early": False, "overdue": False}
    try:
        p = clock_projection(clock, calendar=refresh_if_stale(), today=ledger.local_date(now), entries=entries)
    except CalendarNotCovered:
        return {"budget_days": clock.budget_days, "days_used": None, "on_time": False, "early": False,
                "overdue": False}
    on_time = now <= deadline_end(p.deadline)
    return {"budget_days": p.total, "days_used": p.used, "on_time": on_time, "early": on_time and p.remaining >= 1,
            "overdue": not on_time}


def _completion_figures(case: Case, *, now: datetime) -> dict:
    promised = Clock.objects.filter(case=case, kind=Clock.Kind.PROMISED).first()
    entries = list(ClockEntry.objects.filter(clock=promised).order_by("start_date", "pk")) if promised else []
    return {
        "completed_date": ledger.local_date(now),
        "decision": case.decision,
        **_clock_figures(promised, now=now, entries=entries),
        "extensions": sum(1 for e in entries if e.kind == ClockEntry.Kind.EXTENSION),
        "send_backs": CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.SENT_BACK).count(),
        **_cards(case=case),
    }


def step_fact_on_finished(*, task, case: Case, data: dict, now: datetime) -> StepFact:
    """A step task finished at `now` (business time): its fact, from its step clock."""
    clock = Clock.objects.filter(task_id=task.pk).first()
    entries = list(ClockEntry.objects.filter(clock=clock).order_by("start_date", "pk")) if clock else []
    if clock is not None and clock.completed_at is not None:
        now = clock.completed_at
    intake = data.get("step") == "accept"
    status = Case.objects.filter(pk=case.pk).values_list("status", flat=True).first() if intake else None
    fact = StepFact(
        task_id=task.pk, case_id=case.pk, step=str(data.get("step", ""))[:20], staff_id=task.owner_id,
        department_id=data.get("department_id") or case.item.department_id, item_id=case.item_id,
        centre_id=case.service_centre_id, date=ledger.local_date(now),
        **_clock_figures(clock, now=now, entries=entries),
        sent_back=(task.data or {}).get("send_back_to") is not None,
        accepted=intake and status in (Case.Status.IN_PROGRESS, Case.Status.COMPLETED),
        refused=intake and status == Case.Status.REFUSED,
        **(_cards(clock=clock) if clock else {}),
    )  # no rating yet: a case is rated after completion, and fact_rating_set updates its steps
    StepFact.objects.bulk_create([fact], update_conflicts=True, unique_fields=["task_id"],
                                 update_fields=[f.name for f in StepFact._meta.concrete_fields
                                                if not f.primary_key and f.name != "rating"])
    return fact


@transaction.atomic
def fact_rating_set(*, case_id: int, score: int, now: datetime) -> None:
    """The case's rating (好差评, 1–5) enters the statistics: on its fact and its steps' facts, counted
    on the day the case completed. Who rated is never stored here."""
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise DomainError.single("score", "invalid", _("评价应为 1 到 5 之间的整数。"))
    completed: date | None = CaseFact.objects.filter(pk=case_id).values_list("completed_date", flat=True).first()
    CaseFact.objects.filter(pk=case_id).update(rating=score)
    StepFact.objects.filter(case_id=case_id).update(rating=score)
    days_mark_dirty([completed], now=now)


@transaction.atomic
def fact_department_set(*, case_id: int, department_id: int, now: datetime) -> None:
    """The case is counted for another department from now on — a letter assigned or transferred to
    the department that answers it (backend.letters): its received, intake and completion days are
    recounted in the rollups."""
    fact = CaseFact.objects.filter(pk=case_id).first()
    if fact is None or fact.department_id == department_id:
        return
    CaseFact.objects.filter(pk=case_id).update(department_id=department_id)
    days_mark_dirty([fact.received_date, fact.intake_date, fact.completed_date], now=now)
