"""Notifications (in-app and e-mail): who hears about a card or a ledger change, and what they read.

- A card goes to its responsible person (the step task's assignee) or, when there is none, to every
  active user of the responsible department holding the step's role (any staff role for a case
  clock), and always to the department's head.
- A suspension, resumption or extension goes to the applicant's account (Case.applicant_user).

Rows are written in the caller's transaction and each is appended to the supervision log. E-mail is
PostgreSQL-first (DESIGN §2): a row with email_status "pending" is the record; after commit a task
is hinted with the ids, and a periodic sweep sends whatever is still pending (SKIP LOCKED), so a lost
broker message only delays the mail. Texts are rendered in Simplified Chinese through gettext.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from backend.accounts import roles
from backend.accounts.models import Department
from backend.cases.models import Case
from backend.catalog.models import ProcessStep
from backend.common.errors import DomainError, NotFound

from .models import Card, Clock, Notification, Severity, bulk_insert

log = logging.getLogger(__name__)
MAX_SEND_ATTEMPTS = 5
LANGUAGE = "zh-hans"


# -- who is responsible -------------------------------------------------------------------------
def step_tasks(task_ids: Iterable[int]) -> dict[int, tuple[int | None, str]]:
    """{task id: (owner id, step role)} for viewflow tasks, in one query."""
    ids = [t for t in set(task_ids) if t is not None]
    if not ids:
        return {}
    from viewflow.workflow.models import Task

    out = {}
    for pk, owner_id, data in Task.objects.filter(pk__in=ids).values_list("pk", "owner_id", "data"):
        role = (data or {}).get("role", "") if isinstance(data, dict) else ""
        out[pk] = (owner_id, str(role or ""))
    return out


class Recipients:
    """Resolves card recipients with a few queries per batch (heads, department staff by role)."""

    def __init__(self) -> None:
        self._heads: dict[int, int | None] = {}
        self._staff: dict[tuple[int, str], list[int]] = {}

    def heads(self, department_ids: Iterable[int]) -> None:
        missing = {d for d in department_ids if d is not None and d not in self._heads}
        if missing:
            self._heads.update(Department.objects.filter(pk__in=missing).values_list("pk", "head_id"))

    def staff(self, department_id: int, role: str) -> list[int]:
        key = (department_id, role)
        if key not in self._staff:
            wanted = [role] if role else sorted(roles.STAFF_ROLES)
            self._staff[key] = list(
                get_user_model().objects.filter(is_active=True, departments=department_id, groups__name__in=wanted)
                .order_by("pk").values_list("pk", flat=True).distinct())
        return self._staff[key]

    def for_card(self, card: Card, role: str) -> list[int]:
        ids: list[int] = []
        if card.responsible_id:
            ids.append(card.responsible_id)
        elif card.department_id:
            ids.extend(self.staff(card.department_id, role))
        head = self._heads.get(card.department_id) if card.department_id else None
        if head:
            ids.append(head)
        return list(dict.fromkeys(ids))


# -- texts ----------------------------------------------------------------------------------------
class CardTexts:
    """The card message templates, translated once per batch (rendering 10,000 cards must not call
    gettext 80,000 times); build it inside translation.override(LANGUAGE)."""

    def __init__(self) -> None:
        self.title = _("【%(severity)s】办件 %(number)s %(subject)s")
        self.change = _("由“%(from)s”变为“%(to)s”")
        self.reminded = _("触发提醒")
        self.body = _("办件 %(number)s（%(item)s）%(subject)s%(change)s。规则：%(rule)s。期限：%(deadline)s。")
        self.no_rule = _("无")
        self.step = _("%(step)s环节")
        self.state_change = _("状态变化")
        self.severities = {k: str(v) for k, v in Severity.choices}
        self.states = {k: str(v) for k, v in Clock.State.choices}
        self.kinds = {k: str(v) for k, v in Clock.Kind.choices}
        self._steps: dict[str, str] = {}

    def clock_label(self, clock: Clock | None) -> str:
        if clock is None:
            return ""
        if clock.kind != Clock.Kind.STEP:
            return self.kinds.get(clock.kind, clock.kind)
        if clock.step not in self._steps:
            try:
                label = str(ProcessStep.Step(clock.step).label)
            except ValueError:
                label = clock.step
            self._steps[clock.step] = self.step % {"step": label}
        return self._steps[clock.step]


def card_message(card: Card, *, case: dict, clock: Clock | None, rule_name: str, event="",
                 texts: CardTexts) -> tuple[str, str]:
    """(title, body) of a card notification, in Simplified Chinese."""
    subject = str(event) if event else texts.clock_label(clock)
    severity = texts.severities.get(card.severity) or texts.state_change
    title = texts.title % {"severity": severity, "number": case["number"], "subject": subject}
    if card.from_state != card.to_state and card.to_state:
        change = texts.change % {"from": texts.states.get(card.from_state, card.from_state),
                                 "to": texts.states.get(card.to_state, card.to_state)}
    else:
        change = texts.reminded
    deadline = clock.projected_deadline if clock is not None else None
    body = texts.body % {"number": case["number"], "item": case["item"], "subject": subject, "change": change,
                         "rule": rule_name or texts.no_rule, "deadline": deadline.isoformat() if deadline else "—"}
    return title[:200], body


def applicant_message(kind: str, *, case: Case, **values) -> tuple[str, str]:
    with translation.override(LANGUAGE):
        values = {"number": case.number, "item": case.item.name, **values}
        if kind == Notification.Kind.SUSPENDED:
            title = _("办件 %(number)s 已暂停计时") % values
            body = _("您的办件 %(number)s（%(item)s）自 %(date)s 起暂停计时。理由：%(reason)s；依据：%(legal_basis)s。"
                     "暂停期间不计入办理时限，恢复计时后将再次通知您。") % values
        elif kind == Notification.Kind.RESUMED:
            title = _("办件 %(number)s 已恢复计时") % values
            body = _("您的办件 %(number)s（%(item)s）自 %(date)s 起恢复计时，办理期限为 %(deadline)s。") % values
        else:
            title = _("办件 %(number)s 办理期限已延长") % values
            body = _("您的办件 %(number)s（%(item)s）经批准延长办理期限 %(days)s 个工作日。理由：%(reason)s。"
                     "新的办理期限为 %(deadline)s。") % values
    return title[:200], body


# -- writing --------------------------------------------------------------------------------------
def notifications_create(rows: list[Notification], *, logs: list | None) -> list[Notification]:
    """Insert the rows, log each (unless the caller logs them with their card), and hint the e-mail
    task after commit."""
    if not rows:
        return []
    bulk_insert(rows)
    if logs is not None:
        users = {n.recipient_id: n.recipient.get_username() for n in rows
                 if n.recipient_id and Notification.recipient.is_cached(n)}
        missing = {n.recipient_id for n in rows if n.recipient_id and n.recipient_id not in users}
        if missing:
            users.update(get_user_model().objects.filter(pk__in=missing).values_list("pk", "username"))
        for n in rows:
            logs.append(("notification", {"notification": n.pk, "recipient": users.get(n.recipient_id),
                                          "case": n.case_id, "kind": n.kind, "title": n.title,
                                          "email": n.email_status, "sms": n.sms_status}))
    pending = [n.pk for n in rows if n.email_status == Notification.DeliveryStatus.PENDING]
    if pending:
        transaction.on_commit(lambda: enqueue_email(pending))
    texts = [n.pk for n in rows if n.sms_status == Notification.DeliveryStatus.PENDING]
    if texts:
        transaction.on_commit(lambda: enqueue_sms(texts))
    return rows


def notification_row(*, user_id: int | None, email: str, now: datetime, mobile: str = "", **fields) -> Notification:
    pending, none = Notification.DeliveryStatus.PENDING, Notification.DeliveryStatus.NONE
    return Notification(recipient_id=user_id, email=email, email_status=pending if email else none, mobile=mobile,
                        sms_status=pending if mobile else none, created_at=now, **fields)


def notify_cards(cards: list[Card], *, clocks: dict[int, Clock], roles_by_clock: dict[int, str],
                 rule_names: dict[int, str], now: datetime, events: dict | None = None) -> dict[int, list]:
    """One notification per recipient and card (cards already saved). Returns {card id: [[notification
    id, recipient id], …]} for the card's log entry, which records its notifications."""
    if not cards:
        return {}
    resolver = Recipients()
    resolver.heads(c.department_id for c in cards)
    cases = {pk: {"number": number, "item": item} for pk, number, item in
             Case.objects.filter(pk__in={c.case_id for c in cards}).values_list("pk", "number", "item__name")}
    wanted = {c.pk: resolver.for_card(c, roles_by_clock.get(c.clock_id, "")) for c in cards}
    active = dict(get_user_model().objects.filter(pk__in={u for ids in wanted.values() for u in ids},
                                                  is_active=True).values_list("pk", "email"))
    rows = []
    with translation.override(LANGUAGE):
        texts = CardTexts()
        for card in cards:
            users = [u for u in wanted[card.pk] if u in active]
            if not users:
                continue
            title, body = card_message(card, case=cases[card.case_id], clock=clocks.get(card.clock_id),
                                       rule_name=rule_names.get(card.rule_id, ""),
                                       event=(events or {}).get(card.pk, ""), texts=texts)
            for user_id in users:
                rows.append(notification_row(user_id=user_id, email=active[user_id] or "", now=now,
                                             case_id=card.case_id, card=card, kind=Notification.Kind.CARD,
                                             title=title, body=body))
    notified: dict[int, list] = {}
    for n in notifications_create(rows, logs=None):
        notified.setdefault(n.card_id, []).append([n.pk, n.recipient_id])
    return notified


def notify_applicant(*, case: Case, kind: str, now: datetime, logs: list | None, key: str = "",
                     message: tuple[str, str] | None = None, **values) -> list[Notification]:
    """The applicant hears: on their account (in-app and e-mail) when they have one, by text
    message to the case's mobile number, and on the case's tracking page. `key` makes it once per
    subject (a case event: "event:<id>")."""
    user = case.applicant_user if case.applicant_user_id else None
    user = user if user is not None and user.is_active else None
    mobile = case.mobile or ""
    if user is None and not mobile:
        return []
    title, body = message or applicant_message(kind, case=case, **values)
    row = notification_row(user_id=user.pk if user else None, email=(user.email or "") if user else "", now=now,
                           mobile=mobile, case=case, kind=kind, title=title, body=body, for_applicant=True, key=key)
    if user is not None:
        row.recipient = user  # the log names the recipient without asking the database again
    return notifications_create([row], logs=logs)


# -- e-mail -----------------------------------------------------------------------------------------
def enqueue_email(ids: list[int]) -> None:
    """Hint the worker; the periodic sweep is the safety net (a broker that is down only delays)."""
    if not getattr(settings, "SUPERVISION_NOTIFY_ENQUEUE", True):
        return
    from backend.common.hints import hint

    from .tasks import notifications_email_task

    hint(notifications_email_task, [ids])  # never waits for the broker; the sweep is the net


def enqueue_sms(ids: list[int]) -> None:
    if not getattr(settings, "SUPERVISION_NOTIFY_ENQUEUE", True):
        return
    from backend.common.hints import hint

    from .tasks import notifications_sms_task

    hint(notifications_sms_task, [ids])


def notifications_email_send(*, now: datetime, ids: list[int] | None = None, batch: int = 100) -> dict:
    """Send pending e-mails (all, or those of `ids`); safe to run twice (see _deliver)."""
    connection = get_connection()
    try:
        return _deliver("email", now=now, ids=ids, batch=batch, send=lambda n: EmailMessage(
            subject=n.title, body=n.body, to=[n.email], connection=connection).send())
    finally:
        try:
            connection.close()
        except Exception:  # noqa: S110 - closing a broken connection must not lose the batch
            pass


def notifications_sms_send(*, now: datetime, ids: list[int] | None = None, batch: int = 100) -> dict:
    """Send pending text messages through SMS_BACKEND (backend/common/sms.py), each with its
    notification's reference so the gateway drops a repeat; safe to run twice."""
    from backend.common.sms import get_backend

    backend = get_backend()
    return _deliver("sms", now=now, ids=ids, batch=batch, send=lambda n: backend.send(
        reference=f"tongban-notification-{n.pk}", to=n.mobile, text=f"{settings.SMS_SIGNATURE}{n.body}"))


def _deliver(channel: str, *, now: datetime, ids, batch: int, send) -> dict:
    """Send one channel's pending messages, a batch per transaction, rows taken with SKIP LOCKED so
    concurrent senders never take the same row. Each row is tried at most once per call: a failed
    one waits for the next sweep, and after MAX_SEND_ATTEMPTS it is marked failed."""
    status, attempts, sent_at = f"{channel}_status", f"{channel}_attempts", f"{channel}_sent_at"
    totals = {"sent": 0, "failed": 0}
    last = 0
    while True:
        with transaction.atomic():
            qs = Notification.objects.select_for_update(skip_locked=True).filter(
                **{status: Notification.DeliveryStatus.PENDING}, pk__gt=last)
            if ids is not None:
                qs = qs.filter(pk__in=ids)
            rows = list(qs.order_by("pk")[:batch])
            if not rows:
                return totals
            last = rows[-1].pk
            for n in rows:
                setattr(n, attempts, getattr(n, attempts) + 1)
                try:
                    send(n)
                except Exception as exc:  # a broken address, server or gateway: retry later, then give up
                    log.warning("notification %s: %s failed (%s)", n.pk, channel, exc)
                    if getattr(n, attempts) >= MAX_SEND_ATTEMPTS:
                        setattr(n, status, Notification.DeliveryStatus.FAILED)
                        totals["failed"] += 1
                    continue
                setattr(n, status, Notification.DeliveryStatus.SENT)
                setattr(n, sent_at, now)
                totals["sent"] += 1
            Notification.objects.bulk_update(rows, [status, attempts, sent_at])
        if len(rows) < batch:
            return totals


# -- reading and marking read ------------------------------------------------------------------------
def notification_list_visible_to(*, user, unread: bool = False) -> QuerySet[Notification]:
    """The caller's own notifications, newest first."""
    if not (user and user.is_authenticated):
        raise DomainError.single(None, "not_authenticated", _("请先登录。"), status=401)
    qs = Notification.objects.filter(recipient=user).select_related("case")
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def notification_mark_read(*, user, notification_id: int, now: datetime) -> Notification:
    notification = notification_list_visible_to(user=user).filter(pk=notification_id).first()
    if notification is None:  # someone else's notification is as good as absent
        raise NotFound(_("通知不存在。"))
    if notification.read_at is None:
        notification.read_at = now
        notification.save(update_fields=["read_at"])
    return notification
