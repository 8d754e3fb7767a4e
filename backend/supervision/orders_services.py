"""Writes on supervision orders (督办) and rectifications (整改): issue, reply, accept, return, and
the periodic sweep of the reply clocks. Rules in orders.py; each write appends to the hash-chained
log in its transaction (lock order: the log head, then the order row, as for clocks).

Who hears what (Notification rows, kinds order / order_card / escalated, once per recipient and key):
- issued: the department's active staff and its head; replied: the issuing officer (a system
  rectification: every active supervisor); accepted / returned: the reply's author and the head;
- yellow / red card: the department's staff; escalation level 1: the department head; level 2: the
  supervision office's head (office_head()).
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from backend.accounts import roles
from backend.accounts.models import Department
from backend.cases.materials import material_check
from backend.cases.models import Case
from backend.catalog.models import ServiceItem
from backend.common.errors import Conflict, DomainError, FieldError, NotFound
from backend.common.text import text_field
from backend.common.validators import parse_day
from backend.workcalendar.calendar import CalendarNotCovered, WorkingCalendar, refresh_if_stale

from . import hashlog, ledger, notifications, orders
from .models import Notification, Order, OrderEvidence, OrderReply
from .orders_selectors import order_may_decide, order_may_issue, order_may_reply

log = logging.getLogger(__name__)
LANGUAGE = settings.LANGUAGE_CODE
MAX_TEXT = 2000


# -- recipients and notifications ----------------------------------------------------------------
def office_head():
    """The supervision office's head (level 2 escalations): the active user named by
    SUPERVISION_OFFICE_HEAD_USERNAME, else the head of the department whose code is
    SUPERVISION_OFFICE_DEPARTMENT_CODE; None when neither is configured (the card says so)."""
    users = get_user_model().objects.filter(is_active=True)
    username = getattr(settings, "SUPERVISION_OFFICE_HEAD_USERNAME", "")
    if username:
        user = users.filter(username=username).first()
        if user is not None:
            return user
    code = getattr(settings, "SUPERVISION_OFFICE_DEPARTMENT_CODE", "")
    office = Department.objects.filter(code=code).select_related("head").first() if code else None
    return office.head if office is not None and office.head and office.head.is_active else None


def _staff_ids(department_id: int) -> list[int]:
    return list(get_user_model().objects.filter(is_active=True, departments=department_id)
                .order_by("pk").values_list("pk", flat=True).distinct())


def _supervisor_ids() -> list[int]:
    return list(get_user_model().objects.filter(is_active=True).filter(
        Q(groups__name=roles.SUPERVISOR)).order_by("pk").values_list("pk", flat=True).distinct())


def _notify(order: Order, user_ids, *, kind: str, key: str, title: str, body: str, now: datetime,
            logs: list) -> None:
    wanted = list(dict.fromkeys(u for u in user_ids if u))
    if not wanted:
        return
    emails = dict(get_user_model().objects.filter(pk__in=wanted, is_active=True).values_list("pk", "email"))
    already = set(Notification.objects.filter(recipient__in=wanted, key=key).values_list("recipient_id", flat=True))
    rows = [notifications.notification_row(user_id=u, email=emails[u] or "", now=now, case_id=order.case_id,
                                           kind=kind, title=title[:200], body=body, key=key[:80])
            for u in wanted if u in emails and u not in already]
    notifications.notifications_create(rows, logs=logs)


def _subject(order: Order) -> dict:
    what = _("整改") if order.kind == Order.Kind.RECTIFICATION else _("督办")
    if order.case_id:
        about = _("办件 %(number)s") % {"number": order.case.number}
    elif order.item_id:
        about = _("事项 %(name)s") % {"name": order.item.name}
    elif order.target == Order.Target.PROBLEM:
        about = _("问题清单第 %(id)s 号（%(department)s）") % {"id": order.source_id,
                                                           "department": order.department.name}
    else:
        about = order.department.name
    return {"what": what, "id": order.pk, "about": about, "department": order.department.name,
            "deadline": order.deadline.isoformat(), "problem": order.problem, "requirement": order.requirement}


def _ref(order: Order) -> dict:
    return {"order": order.pk, "kind": order.kind, "target": order.target, "department": order.department_id,
            "case": order.case.number if order.case_id else None, "item": order.item.code if order.item_id else None}


def _username(user) -> str | None:
    return user.get_username() if user is not None else None


# -- issuing ---------------------------------------------------------------------------------------
def _required(value, field: str, message, max_length: int = MAX_TEXT) -> str:
    value = text_field(value, field=field, max_length=max_length)
    if not value:
        raise DomainError.single(field, "required", message)
    return value


def _target(*, case, item, department) -> tuple[str, Case | None, ServiceItem | None, Department]:
    given = {name: value for name, value in (("case", case), ("item", item), ("department", department))
             if value not in (None, "")}
    if len(given) != 1:
        code, message = (("required", _("请指定督办对象：办件、事项或部门，三者选一。")) if not given else
                         ("ambiguous", _("督办对象只能是办件、事项或部门中的一个。")))
        raise DomainError([FieldError(name, code, message) for name in (given or ["target"])])
    if "case" in given:
        found = Case.objects.select_related("item__department").filter(number=str(case).strip()).first()
        if found is None:
            raise DomainError.single("case", "not_found", _("办件编号不存在。"))
        return Order.Target.CASE, found, None, found.item.department
    if "item" in given:
        found = ServiceItem.objects.select_related("department").filter(code=str(item).strip()).first()
        if found is None:
            raise DomainError.single("item", "not_found", _("事项编码不存在。"))
        return Order.Target.ITEM, None, found, found.department
    try:
        found = Department.objects.filter(pk=int(department)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise DomainError.single("department", "not_found", _("部门不存在。"))
    return Order.Target.DEPARTMENT, None, None, found


def _open(*, kind: str, target: str, case, item, department: Department, problem: str, requirement: str,
          days: int, actor, now: datetime, source: str = "", source_id: int | None = None) -> Order:
    calendar = refresh_if_stale()
    issued_on = ledger.local_date(now)
    try:
        deadline = orders.reply_deadline(issued_on=issued_on, days=days, calendar=calendar)
    except CalendarNotCovered as exc:
        raise Conflict("calendar_not_covered", str(exc)) from None
    head = hashlog.lock_head()
    order = Order(kind=kind, target=target, case=case, item=item, department=department, problem=problem,
                  requirement=requirement, days=days, issued_by=actor, issued_at=now, issued_on=issued_on,
                  deadline=deadline, deadline_provisional=bool(calendar.provisional_years_between(issued_on, deadline)),
                  source=source, source_id=source_id)
    order.next_change_at = _next_change(order, calendar=calendar, now=now)
    order.save()
    logs: list = [("order_issued", {**_ref(order), "problem": problem, "requirement": requirement, "days": days,
                                    "issued_on": issued_on, "deadline": deadline, "actor": _username(actor),
                                    "source": source, "source_id": source_id})]
    with translation.override(LANGUAGE):
        s = _subject(order)
        _notify(order, [*_staff_ids(department.pk), department.head_id], kind=Notification.Kind.ORDER,
                key=f"order:{order.pk}:issued", title=_("【%(what)s】%(about)s") % s, now=now, logs=logs,
                body=_("%(what)s单 #%(id)s（%(about)s）：%(problem)s。要求：%(requirement)s。"
                       "请于 %(deadline)s 前回告。") % s)
    hashlog.append_many(logs, now=now, head=head)
    return order


def _next_change(order: Order, *, calendar: WorkingCalendar, now: datetime) -> datetime | None:
    """When the sweep should look at the order next: now if its state is already behind."""
    sched = orders.schedule(issued_on=order.issued_on, days=order.days, deadline=order.deadline, calendar=calendar,
                            escalate_after=settings.SUPERVISION_ORDER_ESCALATION_DAYS)
    evaluation = orders.evaluate(sched, now=now)
    change = orders.changes(state=order.state, level=order.escalation_level, evaluation=evaluation)
    return now if change.to_state or change.levels else evaluation.next_change_at


def _order_values(*, problem, requirement, days) -> dict:
    errors: list[FieldError] = []
    values = {}
    for field, value, message in (("problem", problem, _("请填写存在的问题。")),
                                  ("requirement", requirement, _("请填写督办要求。"))):
        try:
            values[field] = _required(value, field, message)
        except DomainError as exc:
            errors.extend(exc.errors)
    values["days"] = orders.check_days(days)
    if values["days"] is None:
        errors.append(FieldError("days", "invalid", _("回告时限应为 1 到 %(n)s 之间的整数（工作日）。") % {
            "n": orders.MAX_DAYS}))
    if errors:
        raise DomainError(errors)
    return values


@transaction.atomic
def order_issue(*, actor, problem: str, requirement: str, days, now: datetime, case: str | None = None,
                item: str | None = None, department=None) -> Order:
    """督办: an officer orders the responsible department (derived from a case or item) to reply
    within `days` working days."""
    if not order_may_issue(actor):
        raise DomainError.single(None, "forbidden", _("只有监察人员可以下发督办单。"), status=403)
    errors: list[FieldError] = []
    values: dict = {}
    try:
        values = _order_values(problem=problem, requirement=requirement, days=days)
    except DomainError as exc:
        errors.extend(exc.errors)
    try:
        target = _target(case=case, item=item, department=department)
    except DomainError as exc:
        errors.extend(exc.errors)
    if errors:
        raise DomainError(errors)
    target_kind, case_obj, item_obj, dept = target
    return _open(kind=Order.Kind.ORDER, target=target_kind, case=case_obj, item=item_obj, department=dept,
                 actor=actor, now=now, **values)


@transaction.atomic
def order_issue_on_source(*, actor, target: str, department: Department, source: str, source_id: int,
                          problem: str, requirement: str, days, now: datetime) -> Order:
    """督办 on a record another app keeps (a disclosure problem: target `problem`, source
    "inspection_problem"): that app has found the record and its responsible department; the
    order, its clock, cards and escalations are the same as any order's."""
    if not order_may_issue(actor):
        raise DomainError.single(None, "forbidden", _("只有监察人员可以下发督办单。"), status=403)
    values = _order_values(problem=problem, requirement=requirement, days=days)
    return _open(kind=Order.Kind.ORDER, target=target, case=None, item=None, department=department, actor=actor,
                 now=now, source=source[:20], source_id=source_id, **values)


@transaction.atomic
def rectification_open(*, department: Department, case: Case | None = None, source: str, source_id: int | None,
                       problem: str, requirement: str, days: int = orders.RECTIFICATION_DAYS,
                       now: datetime) -> Order:
    """整改 opened by the system (a rating of 1–2): the department replies within `days` working days
    with its rectification and a follow-up visit record. Once per (source, source_id): calling it
    again returns the order already opened."""
    source = (source or "")[:20]
    if source and source_id is not None:
        existing = Order.objects.filter(source=source, source_id=source_id).first()
        if existing is not None:
            return existing
    checked = orders.check_days(days)
    if checked is None:
        raise DomainError.single("days", "invalid", _("整改时限应为不少于 1 的整数（工作日）。"))
    problem = _required(problem, "problem", _("请填写存在的问题。"))
    requirement = _required(requirement, "requirement", _("请填写整改要求。"))
    try:
        with transaction.atomic():
            return _open(kind=Order.Kind.RECTIFICATION, target=Order.Target.CASE if case else Order.Target.DEPARTMENT,
                         case=case, item=None, department=department, problem=problem, requirement=requirement,
                         days=checked, actor=None, now=now, source=source, source_id=source_id)
    except IntegrityError:  # a concurrent call opened it first
        return Order.objects.get(source=source, source_id=source_id)


# -- replying and deciding -------------------------------------------------------------------------
def _locked(order_id) -> Order:
    hashlog.lock_head()
    order = (Order.objects.select_for_update(of=("self",)).select_related("department", "case", "item", "issued_by")
             .filter(pk=order_id).first())
    if order is None:
        raise NotFound(_("督办单不存在。"))
    return order


def _move(order: Order, action: str) -> str:
    after = orders.transition(order.status, action)
    if after is None:
        messages = {"reply": _("该督办单当前不需要回告。"), "accept": _("该督办单没有待审核的回告。"),
                    "return": _("该督办单没有待审核的回告。")}
        raise Conflict("invalid_status", messages[action])
    return after


def _evidence(files) -> list[tuple[object, str, str]]:
    """(file, content type, sha256) for each upload, checked like case materials."""
    checked, errors = [], []
    for index, upload in enumerate(files or []):
        if not hasattr(upload, "chunks"):
            errors.append(FieldError("evidence", "invalid", _("佐证材料应为上传的文件。")))
            continue
        try:
            content_type = material_check(upload)
        except DomainError as exc:
            errors.extend(FieldError(f"evidence[{index}]", e.code, f"{upload.name}：{e.message}") for e in exc.errors)
            continue
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        checked.append((upload, content_type, digest.hexdigest()))
    if errors:
        raise DomainError(errors)
    return checked


def _visit(order: Order, visit_on, visit_by, visit_result, errors: list[FieldError]) -> dict:
    if order.kind != Order.Kind.RECTIFICATION:
        return {}
    day = parse_day(visit_on) if isinstance(visit_on, str) else visit_on
    if not day:
        errors.append(FieldError("visit_on", "required", _("请填写回访日期（YYYY-MM-DD）。")))
    values = {"visit_on": day}
    for field, value, message, limit in (("visit_by", visit_by, _("请填写回访人。"), 60),
                                         ("visit_result", visit_result, _("请填写回访结果。"), MAX_TEXT)):
        try:
            values[field] = _required(value, field, message, max_length=limit)
        except DomainError as exc:
            errors.extend(exc.errors)
    return values


@transaction.atomic
def order_reply(*, order_id, actor, text: str, now: datetime, files=(), visit_on=None, visit_by: str = "",
                visit_result: str = "") -> OrderReply:
    """回告: the department's rectification with evidence (and, for a rectification, the follow-up
    visit). The reply clock stops until the officer decides."""
    order = _locked(order_id)
    if not order_may_reply(actor, order):
        raise DomainError.single(None, "forbidden", _("只有责任部门的工作人员或负责人可以回告。"), status=403)
    after = _move(order, "reply")
    errors: list[FieldError] = []
    try:
        text = _required(text, "text", _("请填写整改情况。"))
    except DomainError as exc:
        errors.extend(exc.errors)
    visit = _visit(order, visit_on, visit_by, visit_result, errors)
    try:
        uploads = _evidence(files)
    except DomainError as exc:
        errors.extend(exc.errors)
    if errors:
        raise DomainError(errors)
    on_time = now <= orders.schedule(issued_on=order.issued_on, days=order.days, deadline=order.deadline,
                                     calendar=refresh_if_stale(), escalate_after=0).red_at
    round_no = order.replies.count() + 1
    reply = OrderReply.objects.create(order=order, round=round_no, text=text, submitted_by=actor, submitted_at=now,
                                      on_time=on_time, **visit)
    stored = []
    for upload, content_type, sha in uploads:
        evidence = OrderEvidence(reply=reply, original_name=upload.name[:255], content_type=content_type,
                                 size=upload.size, sha256=sha, uploaded_at=now)
        evidence.file.save(f"order{order.pk}-{sha[:12]}", upload, save=False)
        evidence.save()
        stored.append({"evidence": evidence.pk, "name": evidence.original_name, "sha256": sha})
    Order.objects.filter(pk=order.pk).update(status=after, next_change_at=None)
    order.status, order.next_change_at = after, None
    logs: list = [("order_replied", {**_ref(order), "round": round_no, "text": text, "actor": actor.get_username(),
                                     "on_time": on_time, "evidence": stored,
                                     **{k: v for k, v in visit.items()}})]
    with translation.override(LANGUAGE):
        s = {**_subject(order), "n": round_no}
        recipients = [order.issued_by_id] if order.issued_by_id else _supervisor_ids()
        _notify(order, recipients, kind=Notification.Kind.ORDER, key=f"order:{order.pk}:reply:{round_no}",
                title=_("【%(what)s回告】%(about)s") % s, now=now, logs=logs,
                body=_("%(department)s已就%(what)s单 #%(id)s 第%(n)s次回告，请审核。") % s)
    hashlog.append_many(logs, now=now)
    return reply


def _decide(*, order_id, actor, action: str, opinion: str, now: datetime) -> Order:
    order = _locked(order_id)
    if not order_may_decide(actor, order):
        raise DomainError.single(None, "forbidden", _("只有监察人员可以审核回告。"), status=403)
    after = _move(order, action)
    if action == "return":
        opinion = _required(opinion, "reason", _("退回必须说明理由。"))
    else:
        opinion = text_field(opinion, field="opinion", max_length=MAX_TEXT)
    reply = order.replies.select_for_update().order_by("-round").first()
    reply.decision = OrderReply.Decision.ACCEPTED if action == "accept" else OrderReply.Decision.RETURNED
    reply.decided_by, reply.decided_at, reply.opinion = actor, now, opinion
    reply.save(update_fields=["decision", "decided_by", "decided_at", "opinion"])
    order.status = after
    if action == "accept":
        order.closed_at, order.next_change_at = now, None
    else:  # the clock runs again against the original deadline: returning does not buy time
        order.next_change_at = _next_change(order, calendar=refresh_if_stale(), now=now)
    order.save(update_fields=["status", "closed_at", "next_change_at"])
    kind = "order_accepted" if action == "accept" else "order_returned"
    logs: list = [(kind, {**_ref(order), "round": reply.round, "actor": actor.get_username(), "opinion": opinion,
                          "deadline": order.deadline})]
    with translation.override(LANGUAGE):
        s = {**_subject(order), "n": reply.round, "opinion": opinion or "—"}
        if action == "accept":
            title = _("【%(what)s办结】%(about)s") % s
            body = _("%(what)s单 #%(id)s 第%(n)s次回告已通过。意见：%(opinion)s") % s
        else:
            title = _("【%(what)s退回】%(about)s") % s
            body = _("%(what)s单 #%(id)s 第%(n)s次回告被退回，理由：%(opinion)s。请于 %(deadline)s 前重新回告，"
                     "退回不延长回告期限。") % s
        _notify(order, [reply.submitted_by_id, order.department.head_id], kind=Notification.Kind.ORDER,
                key=f"order:{order.pk}:{action}:{reply.round}", title=title, body=body, now=now, logs=logs)
    hashlog.append_many(logs, now=now)
    return order


@transaction.atomic
def order_accept(*, order_id, actor, now: datetime, opinion: str = "") -> Order:
    return _decide(order_id=order_id, actor=actor, action="accept", opinion=opinion, now=now)


@transaction.atomic
def order_return(*, order_id, actor, reason: str, now: datetime) -> Order:
    return _decide(order_id=order_id, actor=actor, action="return", opinion=reason, now=now)

