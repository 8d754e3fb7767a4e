"""The periodic sweep of supervision orders' reply clocks (orders.py has the rules): yellow and red
cards, escalations to the department head (level 1) and the supervision office's head (level 2),
their notifications and log entries. The row is the record (Order.next_change_at, indexed); the
Celery task (tasks.orders_sweep_task, every minute) only runs this. When the working calendar has
changed since this process last looked, the deadlines of orders still green are re-projected first."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from backend.workcalendar.calendar import CalendarNotCovered, WorkingCalendar, refresh_if_stale

from . import hashlog, orders
from .derivation import RETRY_BROKEN_AFTER
from .models import Notification, Order, OrderCard
from .orders_services import LANGUAGE, _next_change, _notify, _ref, _staff_ids, _subject, _username, office_head


# -- the sweep -------------------------------------------------------------------------------------
def _card_rows(order: Order, change: orders.Change, *, now: datetime, office) -> list[OrderCard]:
    cards = []
    if change.to_state:
        cards.append(OrderCard(order=order, kind=OrderCard.Kind.STATE, from_state=change.from_state,
                               to_state=change.to_state, at=now))
    for level in change.levels:
        recipient = order.department.head if level == 1 else office
        cards.append(OrderCard(order=order, kind=OrderCard.Kind.ESCALATION, level=level, at=now,
                               recipient=recipient if recipient is not None and recipient.is_active else None))
    return cards


def _card_notices(order: Order, cards: list[OrderCard], *, now: datetime, logs: list) -> None:
    with translation.override(LANGUAGE):
        s = _subject(order)
        for card in cards:
            if card.kind == OrderCard.Kind.STATE:
                late = card.to_state == Order.State.RED
                title = (_("【%(what)s回告超时】%(about)s") if late else _("【%(what)s回告预警】%(about)s")) % s
                body = (_("%(what)s单 #%(id)s 已超过回告期限 %(deadline)s，请立即回告。") if late else
                        _("%(what)s单 #%(id)s 的回告期限为 %(deadline)s，剩余不超过1个工作日。")) % s
                _notify(order, _staff_ids(order.department_id), kind=Notification.Kind.ORDER_CARD,
                        key=f"order:{order.pk}:card:{card.to_state}", title=title, body=body, now=now, logs=logs)
                continue
            s["level"] = card.level
            title = _("【%(what)s升级·第%(level)s级】%(about)s") % s
            body = _("%(department)s未在 %(deadline)s 前就%(what)s单 #%(id)s 回告（%(problem)s），"
                     "已升级督办（第%(level)s级），请督促办理。") % s
            _notify(order, [card.recipient_id], kind=Notification.Kind.ESCALATED,
                    key=f"order:{order.pk}:level:{card.level}", title=title, body=body, now=now, logs=logs)


def _sweep_batch(*, now: datetime, batch: int, calendar: WorkingCalendar, result: dict, office) -> int:
    with transaction.atomic():
        head = hashlog.lock_head()
        rows = list(Order.objects.select_for_update(skip_locked=True, of=("self",))  # no effect on SQLite
                    .select_related("department__head", "case", "item")
                    .filter(next_change_at__lte=now, status__in=orders.RUNNING)
                    .order_by("next_change_at", "pk")[:batch])
        logs: list = []
        for order in rows:
            result["processed"] += 1
            try:
                sched = orders.schedule(issued_on=order.issued_on, days=order.days, deadline=order.deadline,
                                        calendar=calendar, escalate_after=settings.SUPERVISION_ORDER_ESCALATION_DAYS)
            except CalendarNotCovered as exc:  # pushed forward, not crash-looped
                retry = now + RETRY_BROKEN_AFTER
                Order.objects.filter(pk=order.pk, next_change_at=order.next_change_at).update(next_change_at=retry)
                logs.append(("sweep_error", {**_ref(order), "error": str(exc), "retry_at": retry}))
                result["failed"] += 1
                continue
            evaluation = orders.evaluate(sched, now=now)
            change = orders.changes(state=order.state, level=order.escalation_level, evaluation=evaluation)
            state = change.to_state or order.state
            level = max(order.escalation_level, *change.levels) if change.levels else order.escalation_level
            # Compare-and-set: a row another sweeper already moved is left alone.
            moved = Order.objects.filter(pk=order.pk, state=order.state, escalation_level=order.escalation_level,
                                         next_change_at=order.next_change_at, status__in=orders.RUNNING).update(
                state=state, escalation_level=level, next_change_at=evaluation.next_change_at)
            if not moved:
                continue
            cards = _card_rows(order, change, now=now, office=office)
            if not cards:
                continue
            OrderCard.objects.bulk_create(cards)
            result["changed"] += 1
            for card in cards:
                kind = "order_card" if card.kind == OrderCard.Kind.STATE else "order_escalated"
                logs.append((kind, {**_ref(order), "card": card.pk, "from_state": card.from_state,
                                    "to_state": card.to_state, "level": card.level, "deadline": order.deadline,
                                    "recipient": _username(card.recipient)}))
            _card_notices(order, cards, now=now, logs=logs)
        hashlog.append_many(logs, now=now, head=head)
        return len(rows)


_seen_stamp: list = []  # the calendar this process last re-projected open orders with


def orders_reproject(*, now: datetime, calendar: WorkingCalendar | None = None) -> int:
    """A calendar change (a new year's notice, a local closure) moves the deadline of every order
    still green and not escalated (nothing has been issued on its old deadline). An order that has
    had a card keeps its deadline: its cards stand. Each move is logged. Returns how many moved."""
    calendar = calendar or refresh_if_stale()
    moved = 0
    with transaction.atomic():
        head = None
        rows = (Order.objects.filter(state=Order.State.GREEN, escalation_level=0, closed_at__isnull=True)
                .exclude(status=orders.ACCEPTED).select_related("department", "case", "item").order_by("pk"))
        logs: list = []
        for order in rows:
            try:
                deadline = orders.reply_deadline(issued_on=order.issued_on, days=order.days, calendar=calendar)
            except CalendarNotCovered:
                continue
            provisional = bool(calendar.provisional_years_between(order.issued_on, deadline))
            if deadline == order.deadline and provisional == order.deadline_provisional:
                continue
            head = head or hashlog.lock_head()
            before = order.deadline
            order.deadline, order.deadline_provisional = deadline, provisional
            running = order.status in orders.RUNNING
            next_change = _next_change(order, calendar=calendar, now=now) if running else None
            if Order.objects.filter(pk=order.pk, deadline=before, state=Order.State.GREEN).update(
                    deadline=deadline, deadline_provisional=provisional, next_change_at=next_change):
                moved += 1
                logs.append(("order_reprojected", {**_ref(order), "before": before, "after": deadline,
                                                   "provisional": provisional, "calendar": str(calendar.stamp)}))
        if logs:
            hashlog.append_many(logs, now=now, head=head)
    return moved


def _reproject_if_calendar_changed(*, now: datetime, calendar: WorkingCalendar) -> None:
    if _seen_stamp and _seen_stamp[0] == calendar.stamp:
        return
    orders_reproject(now=now, calendar=calendar)
    _seen_stamp[:] = [calendar.stamp]


def orders_sweep(*, now: datetime, batch: int = 500) -> dict:
    """Move every running order whose next change has come: a card per new state, an escalation per
    level reached, their notifications and log entries. Safe to run twice and concurrently (SKIP
    LOCKED, compare-and-set, one card per order and state / level as a constraint)."""
    result = {"processed": 0, "changed": 0, "failed": 0}
    calendar = refresh_if_stale()
    _reproject_if_calendar_changed(now=now, calendar=calendar)
    due = Order.objects.filter(next_change_at__lte=now, status__in=orders.RUNNING)
    if not due.exists():
        return result
    office = office_head()
    while _sweep_batch(now=now, batch=batch, calendar=calendar, result=result, office=office) == batch:
        pass
    return result
