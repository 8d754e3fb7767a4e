"""Reads on supervision orders (督办) and rectifications (整改): who may see, reply to and decide
an order, the lists, and the entries an order adds to its case's timeline.

- Supervision officers and administrators (selectors.can_supervise) see every order and decide
  replies (accept or return); they never reply.
- The responsible department's staff (User.departments) and its head (Department.head) see the
  department's orders and reply to them.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from backend.cases.models import Case
from backend.common.errors import DomainError, NotFound

from . import orders
from .models import Order, OrderCard, OrderEvidence, OrderReply
from .selectors import can_supervise


def _is_department_member(user, department_id: int) -> bool:
    return department_id in user.department_ids


def _headed(user) -> set[int]:
    return set(user.headed_departments.values_list("pk", flat=True))


def order_may_issue(user) -> bool:
    return can_supervise(user)


def order_may_reply(user, order: Order) -> bool:
    """Staff of the responsible department or its head; never a supervision officer."""
    if not (user and user.is_authenticated) or user.is_supervisor:
        return False
    return _is_department_member(user, order.department_id) or order.department.head_id == user.pk


def order_may_decide(user, order: Order) -> bool:
    return can_supervise(user)


def _visible(user) -> Q | None:
    """None: everything (officers); else the filter of the caller's departments."""
    if can_supervise(user):
        return None
    departments = set(user.department_ids) | _headed(user)
    if not departments:
        raise DomainError.single(None, "forbidden", _("只有监察人员和责任部门人员可以查看督办。"), status=403)
    return Q(department_id__in=departments)


def order_list_visible_to(*, user, state: str | None = None, status: str | None = None,
                          kind: str | None = None) -> QuerySet[Order]:
    if not (user and user.is_authenticated):
        raise DomainError.single(None, "not_authenticated", _("请先登录。"), status=401)
    qs = Order.objects.select_related("case", "item", "department", "issued_by")
    visible = _visible(user)
    if visible is not None:
        qs = qs.filter(visible)
    if state:
        if state not in Order.State.values:
            raise DomainError.single("state", "invalid", _("计时状态应为 green、yellow 或 red。"))
        qs = qs.filter(state=state)
    if status:
        if status not in Order.Status.values:
            raise DomainError.single("status", "invalid", _("办理状态应为 open、replied、returned 或 accepted。"))
        qs = qs.filter(status=status)
    if kind:
        if kind not in Order.Kind.values:
            raise DomainError.single("kind", "invalid", _("类型应为 order 或 rectification。"))
        qs = qs.filter(kind=kind)
    return qs.order_by("-issued_at", "-id")


def order_get_visible(*, user, order_id) -> Order:
    """The order with its rounds, evidence and cards, if the caller may see it (else 404)."""
    try:
        order_id = int(order_id)
    except (TypeError, ValueError):
        raise NotFound(_("督办单不存在。")) from None
    replies = OrderReply.objects.select_related("submitted_by", "decided_by").prefetch_related("evidence")
    order = (order_list_visible_to(user=user).filter(pk=order_id)
             .prefetch_related(Prefetch("replies", queryset=replies.order_by("round")),
                               Prefetch("cards", queryset=OrderCard.objects.select_related("recipient")))
             .first())
    if order is None:
        raise NotFound(_("督办单不存在。"))
    return order


def order_evidence_get(*, user, order_id, evidence_id) -> OrderEvidence:
    """An evidence file of an order the caller may see (else 404)."""
    order = order_get_visible(user=user, order_id=order_id)
    evidence = OrderEvidence.objects.filter(pk=evidence_id, reply__order=order).first()
    if evidence is None:
        raise NotFound(_("佐证材料不存在。"))
    return evidence


def order_running(order: Order) -> bool:
    return order.status in orders.RUNNING


def _name(user) -> str:
    if user is None:
        return _("系统")
    return user.display_name


def order_kind_label(order: Order) -> str:
    return _("整改") if order.kind == Order.Kind.RECTIFICATION else _("督办")


def order_timeline(order: Order) -> list[dict]:
    """The order's events as timeline entries {at, kind, label, actor (User, or None: the system),
    detail}, oldest first: the shape of supervision.timeline."""
    what = order_kind_label(order)
    entries = [{
        "at": order.issued_at, "kind": "order_issued",
        "label": _("%(what)s下发（%(department)s）") % {"what": what, "department": order.department.name},
        "actor": order.issued_by,
        "detail": _("问题：%(problem)s；要求：%(requirement)s；%(days)s个工作日内回告，期限 %(deadline)s") % {
            "problem": order.problem, "requirement": order.requirement, "days": order.days,
            "deadline": order.deadline.isoformat()},
    }]
    for reply in order.replies.all():
        detail = reply.text
        if reply.visit_on:
            detail += _("；回访：%(on)s，%(by)s，%(result)s") % {"on": reply.visit_on.isoformat(),
                                                             "by": reply.visit_by, "result": reply.visit_result}
        entries.append({"at": reply.submitted_at, "kind": "order_replied",
                        "label": _("%(what)s回告（第%(n)s次）") % {"what": what, "n": reply.round},
                        "actor": reply.submitted_by, "detail": detail})
        if reply.decision:
            accepted = reply.decision == OrderReply.Decision.ACCEPTED
            label = _("%(what)s回告通过") if accepted else _("%(what)s回告退回")
            entries.append({"at": reply.decided_at, "kind": "order_accepted" if accepted else "order_returned",
                            "label": label % {"what": what}, "actor": reply.decided_by,
                            "detail": reply.opinion})
    for card in order.cards.all():
        if card.kind == OrderCard.Kind.STATE:
            label = _("%(what)s回告预警") if card.to_state == Order.State.YELLOW else _("%(what)s回告超时")
            detail = _("回告期限 %(deadline)s") % {"deadline": order.deadline.isoformat()}
            kind = "order_card"
        else:
            label = _("%(what)s升级（第%(level)s级）")
            detail = _("已通知%(who)s") % {"who": _name(card.recipient) if card.recipient else _("（未设置）")}
            kind = "order_escalated"
        entries.append({"at": card.at, "kind": kind, "label": label % {"what": what, "level": card.level},
                        "actor": None, "detail": detail})
    return sorted(entries, key=lambda e: e["at"])


def case_order_timeline(case: Case) -> list[dict]:
    """Every order and rectification on the case, as timeline entries {at, kind, label, actor,
    detail} (the shape of the case timeline's other sources), oldest first."""
    replies = OrderReply.objects.select_related("submitted_by", "decided_by").order_by("round")
    rows = (Order.objects.filter(case=case).select_related("department", "issued_by")
            .prefetch_related(Prefetch("replies", queryset=replies),
                              Prefetch("cards", queryset=OrderCard.objects.select_related("recipient")))
            .order_by("issued_at", "pk"))
    entries = [entry for order in rows for entry in order_timeline(order)]
    return sorted(entries, key=lambda e: e["at"])


def order_counts(*, user) -> dict:
    """Open orders by reply-clock state, for the list's header."""
    from django.db.models import Count

    qs = order_list_visible_to(user=user).filter(status__in=[*orders.RUNNING, orders.REPLIED]).order_by()
    counts = dict(qs.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    return {state: counts.get(state, 0) for state in Order.State.values}
