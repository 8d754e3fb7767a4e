"""The periodic sweep of the problems' rectification clocks (整改时限): a yellow card (预警) from 00:00
of the day at most one working day is left, a red card (超时) from 00:00 after the due day, as for
supervision orders (rules.clock_step). The row is the record (Problem.next_change_at, indexed); the
Celery task (tasks.problems_sweep_task, every 5 minutes) only runs this.

Who hears what (Notification kind `problem`, once per recipient and key): yellow — the unit's
active staff and head; red — the same and the disclosure office's staff."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from backend.supervision import hashlog, notifications
from backend.supervision.models import Notification
from backend.workcalendar.calendar import CalendarNotCovered, WorkingCalendar, refresh_if_stale

from . import rules
from .models import CardState, Problem, ProblemCard

RETRY_BROKEN_AFTER = timedelta(hours=1)


def next_look(problem: Problem, *, now: datetime, calendar: WorkingCalendar | None = None) -> datetime | None:
    """When the sweep should look at `problem` next: now when a card is already due (a reopened
    problem past its term), else its next colour change; None when the unit has nothing to do."""
    try:
        card, upcoming = rules.clock_step(
            opened_on=problem.opened_on, days=problem.days, due=problem.due_on, status=problem.status,
            card_state=problem.state, now=now, calendar=calendar or refresh_if_stale())
    except CalendarNotCovered:
        return now + RETRY_BROKEN_AFTER
    return now if card else upcoming


def _office_staff() -> set[int]:
    code = getattr(settings, "DIRECTORY_OFFICE_DEPARTMENT_CODE", "") or getattr(settings, "FOI_OFFICE_DEPARTMENT_CODE",
                                                                                  "")
    if not code:
        return set()
    return set(get_user_model().objects.filter(is_active=True).filter(
        Q(departments__code=code) | Q(headed_departments__code=code)).values_list("pk", flat=True))


def _recipients(problem: Problem, colour: str, office: set[int]) -> list[int]:
    users = get_user_model().objects.filter(is_active=True)
    ids = set(users.filter(departments=problem.department_id).values_list("pk", flat=True)) if problem.department_id \
        else set()
    head = problem.department.head_id if problem.department_id else None
    if head:
        ids.add(head)
    if colour == CardState.RED:
        ids |= office
    return sorted(ids)


def _notify(problem: Problem, card: ProblemCard, *, office: set[int], now: datetime, logs: list) -> None:
    wanted = _recipients(problem, card.to_state, office)
    key = f"problem:{problem.pk}:card:{card.to_state}"
    emails = dict(get_user_model().objects.filter(pk__in=wanted, is_active=True).values_list("pk", "email"))
    already = set(Notification.objects.filter(recipient__in=wanted, key=key).values_list("recipient_id", flat=True))
    with translation.override(settings.LANGUAGE_CODE):
        s = {"id": problem.pk, "due": problem.due_on.isoformat(), "about": problem.description[:80],
             "unit": problem.department.name if problem.department_id else "—"}
        if card.to_state == CardState.RED:
            title = _("【整改超时】问题 #%(id)s %(unit)s") % s
            body = _("问题 #%(id)s（%(about)s）已超过整改期限 %(due)s，请立即整改并回告。") % s
        else:
            title = _("【整改预警】问题 #%(id)s %(unit)s") % s
            body = _("问题 #%(id)s（%(about)s）的整改期限为 %(due)s，剩余不超过1个工作日。") % s
    rows = [notifications.notification_row(user_id=u, email=emails[u] or "", now=now, title=title[:200], body=body,
                                           kind=Notification.Kind.PROBLEM_CARD, key=key)
            for u in wanted if u in emails and u not in already]
    notifications.notifications_create(rows, logs=logs)


def _sweep_batch(*, now: datetime, batch: int, calendar: WorkingCalendar, result: dict, office: set[int]) -> int:
    with transaction.atomic():
        head = hashlog.lock_head()
        rows = list(Problem.objects.select_for_update(skip_locked=True, of=("self",))  # no effect on SQLite
                    .select_related("department")
                    .filter(next_change_at__lte=now).order_by("next_change_at", "pk")[:batch])
        logs: list = []
        for problem in rows:
            result["processed"] += 1
            try:
                colour, upcoming = rules.clock_step(
                    opened_on=problem.opened_on, days=problem.days, due=problem.due_on, status=problem.status,
                    card_state=problem.state, now=now, calendar=calendar)
            except CalendarNotCovered as exc:  # pushed forward, not crash-looped
                retry = now + RETRY_BROKEN_AFTER
                Problem.objects.filter(pk=problem.pk, next_change_at=problem.next_change_at).update(
                    next_change_at=retry)
                logs.append(("inspection_sweep_error", {"problem": problem.pk, "error": str(exc), "retry_at": retry}))
                result["failed"] += 1
                continue
            # Compare-and-set: a row another sweeper (or a reply) already moved is left alone.
            moved = Problem.objects.filter(pk=problem.pk, state=problem.state, status=problem.status,
                                           next_change_at=problem.next_change_at).update(
                state=colour or problem.state, next_change_at=upcoming)
            if not moved or not colour:
                continue
            card = ProblemCard.objects.create(problem=problem, from_state=problem.state, to_state=colour, at=now)
            result["cards"] += 1
            logs.append(("inspection_problem_card", {"problem": problem.pk, "department": problem.department_id,
                                                     "card": card.pk, "from_state": card.from_state,
                                                     "to_state": colour, "due_on": problem.due_on}))
            _notify(problem, card, office=office, now=now, logs=logs)
        hashlog.append_many(logs, now=now, head=head)
        return len(rows)


def problems_sweep(*, now: datetime, batch: int = 500) -> dict:
    """Issue every card that has come due: one per problem and colour, with its notifications and log
    entry. Safe to run twice and concurrently (SKIP LOCKED, compare-and-set, one card per colour as
    a constraint)."""
    result = {"processed": 0, "cards": 0, "failed": 0}
    if not Problem.objects.filter(next_change_at__lte=now).exists():
        return result
    calendar = refresh_if_stale()
    office = _office_staff()
    while _sweep_batch(now=now, batch=batch, calendar=calendar, result=result, office=office) == batch:
        pass
    return result
