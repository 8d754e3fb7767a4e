"""Reads of information requests, filtered once at the queryset by who is asking: the organ's staff
see its requests, supervisors and administrators all, an applicant their own."""

from __future__ import annotations

from datetime import date

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from backend.accounts import roles
from backend.cases.models import Case
from backend.cases.selectors import case_public_lookup_guarded
from backend.common.errors import NotFound
from backend.supervision.models import Clock
from backend.supervision.timeline import case_supervision_timeline

from . import organs
from .models import InfoRequest

_STATUTORY = Clock.objects.filter(case=OuterRef("case_id"), kind=Clock.Kind.STATUTORY).order_by("-pk")

STAGES = {
    "unconfirmed": gettext_lazy("待确认收到"), "supplement": gettext_lazy("待申请人补正"),
    "consulting": gettext_lazy("征求意见中"), "handling": gettext_lazy("承办中"), "signing": gettext_lazy("待审签"),
    "delivering": gettext_lazy("待送达"), "closed": gettext_lazy("已办结"),
}


def request_list_visible_to(*, user) -> QuerySet[InfoRequest]:
    qs = (InfoRequest.objects.select_related("case__item", "organ")
          .annotate(clock_state=Subquery(_STATUTORY.values("state")[:1]),
                    clock_deadline=Subquery(_STATUTORY.values("projected_deadline")[:1])))
    if not user or not user.is_authenticated:
        return qs.none()
    if user.is_superuser or user.has_role(roles.SUPERVISOR) or user.has_role(roles.ADMIN):
        return qs
    condition = Q(case__applicant_user=user)
    if user.is_staff_member and user.department_ids:
        condition |= Q(organ_id__in=list(user.department_ids))
    return qs.filter(condition)


def request_filter(qs: QuerySet[InfoRequest], params) -> QuerySet[InfoRequest]:
    """Filters of the office's list: state (open/closed), clock (green/yellow/red/suspended),
    channel, reply type, received from/to, a number or name."""
    state = params.get("state") or ""
    if state == "open":
        qs = qs.filter(closed_at__isnull=True)
    elif state == "closed":
        qs = qs.filter(closed_at__isnull=False)
    if params.get("clock") in Clock.State.values:
        qs = qs.filter(clock_state=params["clock"])
    if params.get("channel") in InfoRequest.Channel.values:
        qs = qs.filter(channel=params["channel"])
    if params.get("reply_type") in InfoRequest.ReplyType.values:
        qs = qs.filter(reply_type=params["reply_type"])
    for name, lookup in (("received_from", "received_on__gte"), ("received_to", "received_on__lte")):
        value = params.get(name) or ""
        try:
            qs = qs.filter(**{lookup: date.fromisoformat(value)}) if value else qs
        except ValueError:
            pass
    q = (params.get("q") or "").strip()[:60]
    if q:
        qs = qs.filter(Q(case__number__icontains=q) | Q(case__applicant_name__icontains=q)
                       | Q(description__icontains=q))
    return qs


def request_get_visible(*, number: str, user) -> InfoRequest:
    request = request_list_visible_to(user=user).filter(case__number=number).first()
    if request is None:
        raise NotFound(_("申请不存在。"))
    return request


def request_public_lookup(*, number: str, query_code: str, client: str) -> InfoRequest:
    """The applicant's tracking by number + query code (the cases' braked lookup)."""
    case = case_public_lookup_guarded(number=number, query_code=query_code, client=client)
    request = InfoRequest.objects.select_related("case__item", "organ").filter(case=case).first()
    if request is None:
        raise NotFound(_("办件编号或查询码不正确。"))
    return request


def open_step(request: InfoRequest) -> str:
    task = (Task.objects.filter(process_id=request.case.process_id, status__in=[STATUS.NEW, STATUS.ASSIGNED])
            .order_by("-pk").first()) if request.case.process_id else None
    return (task.data or {}).get("step", "") if task else ""


def stage(request: InfoRequest) -> str:
    if request.closed_at is not None or request.case.status in (Case.Status.COMPLETED, Case.Status.REFUSED):
        return "closed"
    if request.case.status == Case.Status.SUBMITTED:
        return "unconfirmed"
    if request.supplement_requested_at and not request.supplement_answered_at:
        return "supplement"
    if request.consultations.filter(answered_at__isnull=True).exists():
        return "consulting"
    return {"sign": "signing", "deliver": "delivering"}.get(open_step(request), "handling")


def actions_for(*, request: InfoRequest, user) -> dict:
    """What the request page offers this user (the services check again)."""
    is_staff = bool(getattr(user, "is_staff_member", False)) and request.organ_id in set(user.department_ids)
    current = stage(request)
    head = organs.is_office_head(user, request.organ)
    extended = Clock.objects.filter(case=request.case, entries__kind="extension").exists()
    return {
        "staff": is_staff, "stage": current, "is_office_head": head,
        "confirm": is_staff and current == "unconfirmed",
        "extend": is_staff and head and current in ("handling", "consulting") and not extended,
        "supplement": is_staff and current == "handling" and request.supplement_requested_at is None,
        "record_answer": is_staff and current == "supplement",
        "consult": is_staff and current in ("handling", "consulting"),
        "draft": is_staff and current == "handling",
        "submit": is_staff and current == "handling" and bool(request.reply_type),
        "sign": is_staff and current == "signing" and head,
        "deliver": is_staff and current == "delivering",
    }


def request_timeline(request: InfoRequest) -> list[dict]:
    """The case's events, its clocks' suspensions and extensions, and the request's own steps."""
    rows = [{"at": e.created_at, "kind": e.kind, "label": e.get_kind_display(), "actor": e.actor,
             "detail": e.opinion} for e in request.case.events.select_related("actor").order_by("created_at", "pk")]
    rows += case_supervision_timeline(request.case)
    if request.supplement_requested_at:
        rows.append({"at": request.supplement_requested_at, "kind": "foi_supplement", "label": _("补正告知"),
                     "actor": None, "detail": _("%(text)s（补正期限 %(due)s）") % {
                         "text": request.supplement_request, "due": request.supplement_due_on}})
    if request.supplement_answered_at:
        rows.append({"at": request.supplement_answered_at, "kind": "foi_supplement_answered", "label": _("申请人补正"),
                     "actor": None, "detail": request.supplement_answer})
    for c in request.consultations.all():
        rows.append({"at": c.sent_at, "kind": "foi_consultation", "label": c.get_kind_display(), "actor": c.actor,
                     "detail": _("%(party)s，答复期限 %(due)s") % {"party": c.party, "due": c.due_on}})
        if c.answered_at:
            rows.append({"at": c.answered_at, "kind": "foi_consultation_answered",
                         "label": _("收到意见") if not c.lapsed else _("逾期未提出意见"), "actor": None,
                         "detail": f"{c.party}：{c.opinion}" if c.opinion else c.party})
    rows.sort(key=lambda r: r["at"])
    return rows


def may_download_reply(*, request: InfoRequest, user) -> bool:
    """The reply letter: the organ's staff, supervisors and administrators, and the applicant."""
    return request_list_visible_to(user=user).filter(pk=request.pk).exists()
