"""Writes on information requests: the request beside its case, the receipt confirmed (art. 31), the
extension (art. 33), the 补正 notice and its answer (art. 30), consultations (arts. 32–33).

The process layer (workflows/foi.py) files the case and starts its process, then calls
`request_create`; everything here leaves the process where it is. Clock changes go through the
supervision services (their log, cards and applicant notices).
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.cases.models import Case
from backend.common.errors import Conflict, DomainError, FieldError
from backend.common.text import text_field
from backend.supervision import actions as clock_actions
from backend.supervision import hashlog
from backend.supervision import services as clocks
from backend.supervision.models import Clock, ClockEntry, Notification
from backend.supervision.notifications import notify_applicant
from backend.workcalendar.calendar import CalendarNotCovered, refresh_if_stale

from . import organs, rules
from .models import Consultation, InfoRequest

SUPPLEMENT_BASIS = "《中华人民共和国政府信息公开条例》第三十条"


@contextmanager
def _calendar_errors():
    """A year with no calendar data is a clear refusal (409), never a crash."""
    try:
        yield
    except CalendarNotCovered as exc:
        raise DomainError.single(None, "calendar_not_covered", str(exc), status=409) from None


def _choice(errors: list, value, choices, field: str, message) -> str:
    value = str(value or "").strip()
    if value not in choices:
        errors.append(FieldError(field, "required" if not value else "invalid", message))
        return ""
    return value


def request_input_clean(data: dict, *, applicant_type: str | None) -> tuple[dict, list[FieldError]]:
    """The request's own fields from a form or JSON body: the information sought, its form and way
    of delivery, the address/e-mail the way needs, the organisation's kind (for an organisation)."""
    errors: list[FieldError] = []
    out: dict = {}
    try:
        out["description"] = text_field(data.get("description"), field="description", max_length=4000)
    except DomainError as exc:
        errors.extend(exc.errors)
        out["description"] = ""
    if not out["description"] and not any(e.field == "description" for e in errors):
        errors.append(FieldError("description", "required",
                                 _("请填写所需政府信息的名称、文号或者便于查询的其他特征性描述。")))
    out["form"] = _choice(errors, data.get("form"), InfoRequest.Form.values, "form", _("请选择信息的提供载体形式。"))
    out["delivery_way"] = _choice(errors, data.get("delivery_way"), InfoRequest.DeliveryWay.values, "delivery_way",
                                  _("请选择获取信息的方式。"))
    for name, limit in (("address", 300), ("email", 254)):
        try:
            out[name] = text_field(data.get(name), field=name, max_length=limit)
        except DomainError as exc:
            errors.extend(exc.errors)
            out[name] = ""
    if out["email"] and ("@" not in out["email"] or " " in out["email"]):
        errors.append(FieldError("email", "invalid", _("电子邮箱格式不正确。")))
    if out["delivery_way"] == InfoRequest.DeliveryWay.POST and not out["address"]:
        errors.append(FieldError("address", "required", _("选择邮寄的，请填写通信地址。")))
    if out["delivery_way"] == InfoRequest.DeliveryWay.EMAIL and not out["email"]:
        errors.append(FieldError("email", "required", _("选择电子邮件的，请填写电子邮箱。")))
    kind = str(data.get("organisation_kind") or "").strip()
    if applicant_type == Case.ApplicantType.COMPANY:
        out["organisation_kind"] = _choice(errors, kind, InfoRequest.OrganisationKind.values, "organisation_kind",
                                           _("请选择法人或其他组织的类型（商业企业、科研机构、社会公益组织、法律服务机构、其他）。"))
    else:
        out["organisation_kind"] = ""
    return out, errors


@transaction.atomic(savepoint=False)
def request_create(*, case: Case, organ, channel: str, fields: dict, received_on: date, received_basis: str,
                   actor, now: datetime) -> InfoRequest:
    """The request beside its freshly filed case (workflows/foi.py). An online request's receipt
    is confirmed later, by the organ's acceptance."""
    staff = actor if channel != InfoRequest.Channel.ONLINE else None
    return InfoRequest.objects.create(
        case=case, organ=organ, channel=channel, received_on=received_on, received_basis=received_basis[:100],
        registered_at=now, registered_by=staff, received_confirmed_at=now if staff else None, **fields)


def request_confirm_receipt(*, request: InfoRequest, now: datetime) -> InfoRequest:
    """Art. 31 item 3: an online request is received the day the organ confirms it (its acceptance)."""
    if request.received_confirmed_at is not None:
        return request
    request.received_on = timezone.localdate(request.case.accepted_at or now)
    request.received_basis = rules.BASIS[InfoRequest.Channel.ONLINE][:100]
    request.received_confirmed_at = now
    request.save(update_fields=["received_on", "received_basis", "received_confirmed_at"])
    return request


def term_start(request: InfoRequest) -> date:
    if request.received_confirmed_at is None and request.case.accepted_at is not None:
        return timezone.localdate(request.case.accepted_at)
    return request.received_on


def _locked_request(request: InfoRequest) -> InfoRequest:
    return InfoRequest.objects.select_for_update().select_related("case__item__department", "organ").get(
        pk=request.pk)


def _require_open(request: InfoRequest) -> None:
    if request.case.status != Case.Status.IN_PROGRESS or request.closed_at is not None:
        raise Conflict("not_in_progress", _("该申请不在办理中（尚未登记确认或已办结）。"))
    if request.signed_at is not None:
        raise Conflict("signed", _("答复已审签，不能再调整办理期限。"))


def _require_staff(request: InfoRequest, actor) -> None:
    if not getattr(actor, "is_staff_member", False) or request.organ_id not in set(actor.department_ids):
        raise DomainError.single(None, "forbidden", _("只有本机关政府信息公开工作人员可以办理。"), status=403)


def _text(value, field: str, max_length: int, required) -> str:
    value = text_field(value, field=field, max_length=max_length)
    if not value:
        raise DomainError.single(field, "required", required)
    return value


def _days(value, field: str, low: int, high: int):
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise DomainError.single(field, "invalid", _("应为 %(low)s 到 %(high)s 之间的整数（工作日）。")
                                 % {"low": low, "high": high})
    return value


@transaction.atomic
def request_extend(*, request: InfoRequest, days, reason, actor, now: datetime) -> InfoRequest:
    """Art. 33 para. 2: one extension of at most 20 working days, approved by the head of the
    organ's disclosure office (organs.office_head), who records it; the applicant is told (the
    supervision service sends the extension notice with the new deadline)."""
    request = _locked_request(request)
    _require_open(request)
    if not organs.is_office_head(actor, request.organ):
        raise DomainError.single(None, "forbidden",
                                 _("延长答复期限须经政府信息公开工作机构负责人同意，请由负责人办理。"), status=403)
    days = _days(days, "days", 1, rules.MAX_EXTENSION_DAYS)
    reason = _text(reason, "reason", 200, _("请说明需要延长答复期限的理由。"))
    with _calendar_errors():
        clocks.clock_extend(case=request.case, days=days, reason=reason, approver=actor, actor=actor, now=now,
                            max_days=rules.MAX_EXTENSION_DAYS)
    return request


def _open_suspension(case: Case) -> bool:
    return ClockEntry.objects.filter(clock__case=case, clock__completed_at__isnull=True, end_date__isnull=True,
                                     kind=ClockEntry.Kind.SUSPENSION).exists()


def _end_suspension(case: Case, *, actor, now: datetime, log: dict) -> None:
    """End the case clocks' open suspension as the supervision service does (log, re-derive, tell
    the applicant), also for an actor who is not staff (the applicant answering) or the sweep."""
    hashlog.lock_head()
    open_clocks = list(Clock.objects.select_for_update().filter(case=case, completed_at__isnull=True).order_by("pk"))
    entries = ClockEntry.objects.filter(clock__in=open_clocks, kind=ClockEntry.Kind.SUSPENSION, end_date__isnull=True)
    staff = actor if actor is not None and getattr(actor, "is_staff_member", False) else None
    clocks.suspension_end(case=case, clocks=open_clocks, entries=entries, actor=staff, now=now, log=log)


@transaction.atomic
def supplement_request(*, request: InfoRequest, text, days=None, actor, now: datetime) -> InfoRequest:
    """Art. 30: an unclear request gets one 补正 notice, within 7 working days of receipt, naming what
    to correct and a reasonable period; the clocks stop until the answer."""
    request = _locked_request(request)
    _require_staff(request, actor)
    _require_open(request)
    if request.supplement_requested_at is not None:
        raise Conflict("already_requested", _("补正只能一次性告知，本申请已告知过补正。"))
    if request.consultations.filter(answered_at__isnull=True).exists():
        raise Conflict("consulting", _("正在征求意见，不能同时告知补正。"))
    text = _text(text, "supplement_request", 2000, _("请写明需要补正的事项（一次性告知）。"))
    days = rules.DEFAULT_SUPPLEMENT_DAYS if days in (None, "") else _days(days, "days", 1, rules.MAX_SUPPLEMENT_DAYS)
    today = timezone.localdate(now)
    calendar = refresh_if_stale()
    if not rules.supplement_window_open(working_days_since_receipt=calendar.working_days_between(
            term_start(request), today)):
        raise DomainError.single(None, "too_late", _(
            "补正告知应当在收到申请之日起 7 个工作日内一次性作出（收到申请之日：%(day)s），现已超过。")
            % {"day": term_start(request).isoformat()})
    request.supplement_requested_at, request.supplement_request = now, text
    request.supplement_due_on = calendar.add_working_days(today, days)
    request.save(update_fields=["supplement_requested_at", "supplement_request", "supplement_due_on"])
    with _calendar_errors():
        clocks.clock_suspend(case=request.case, reason=str(_("等待申请人补正")), legal_basis=SUPPLEMENT_BASIS,
                             actor=actor, now=now, procedure="supplement")
    notify_applicant(case=request.case, kind=Notification.Kind.SUPPLEMENT, now=now, logs=None,
                     key=f"foi-supplement:{request.pk}", message=(
                         _("政府信息公开申请 %(number)s 需要补正") % {"number": request.case.number},
                         _("您的申请内容不明确，请于 %(due)s 前补正：%(text)s。可凭申请编号和查询码在网上补正，"
                           "或以信函、当面方式提交。逾期无正当理由不补正的，视为放弃申请（《政府信息公开条例》第三十条）。")
                         % {"due": request.supplement_due_on.isoformat(), "text": text}))
    return request


@transaction.atomic
def supplement_answer(*, request: InfoRequest, answer, actor, now: datetime) -> InfoRequest:
    """The applicant's correction (online by number + query code: `actor` None or the applicant; by
    post or in person, recorded by staff): the reply period runs afresh from the day it arrives."""
    request = _locked_request(request)
    if actor is not None and getattr(actor, "is_staff_member", False):
        _require_staff(request, actor)
    if request.supplement_requested_at is None or request.supplement_answered_at is not None:
        raise Conflict("not_waiting", _("该申请当前不需要补正。"))
    if request.closed_at is not None or request.case.status != Case.Status.IN_PROGRESS:
        raise Conflict("closed", _("该申请已办结。"))
    today = timezone.localdate(now)
    if today > request.supplement_due_on:
        raise Conflict("too_late", _("补正期限已过，申请视为放弃。"))
    answer = _text(answer, "supplement_answer", 4000, _("请填写补正内容。"))
    request.supplement_answered_at, request.supplement_answer = now, answer
    request.save(update_fields=["supplement_answered_at", "supplement_answer"])
    with _calendar_errors():
        _end_suspension(request.case, actor=actor, now=now, log={"reason": "foi_supplement_answered"})
        clocks.case_clocks_restart(case=request.case, start=today,
                                   reason=str(_("申请人已补正，答复期限自收到补正之日起计算")),
                                   actor=actor if getattr(actor, "is_authenticated", False) else None, now=now)
    return request


@transaction.atomic
def consultation_open(*, request: InfoRequest, kind, party, days=None, actor, now: datetime) -> Consultation:
    """征求意见: a third party (art. 32, 15 working days) or another organ (art. 33); the time is not
    counted — the case's clocks stop while any consultation is open."""
    request = _locked_request(request)
    _require_staff(request, actor)
    _require_open(request)
    if kind not in Consultation.Kind.values:
        raise DomainError.single("kind", "invalid",
                                 _("请选择征求意见的类型：third_party（第三方）或 organ（其他机关）。"))
    party = _text(party, "party", 200, _("请填写征求意见的对象。"))
    if request.supplement_requested_at is not None and request.supplement_answered_at is None:
        raise Conflict("waiting_supplement", _("正在等待申请人补正，不能同时征求意见。"))
    days = rules.THIRD_PARTY_DAYS if kind == Consultation.Kind.THIRD_PARTY or days in (None, "") else _days(
        days, "days", 1, 20)
    today = timezone.localdate(now)
    calendar = refresh_if_stale()
    consultation = Consultation.objects.create(request=request, kind=kind, party=party, sent_at=now, actor=actor,
                                               due_on=calendar.add_working_days(today, days))
    if not _open_suspension(request.case):
        procedure = "third_party" if kind == Consultation.Kind.THIRD_PARTY else "organ_opinion"
        clock_actions.case_clock_suspend(case=request.case, procedure=procedure, detail=party[:150], actor=actor,
                                         now=now, expected_days=days)
    return consultation


@transaction.atomic
def consultation_close(*, consultation: Consultation, opinion, lapsed: bool = False, actor, now: datetime
                       ) -> Consultation:
    """The opinion received (or, `lapsed`, none within the period: the organ decides, art. 32);
    the clocks run again once no consultation is open. `actor` None: the sweep."""
    request = _locked_request(consultation.request)
    if actor is not None:
        _require_staff(request, actor)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.answered_at is not None:
        raise Conflict("already_answered", _("该征求意见已记录结果。"))
    opinion = text_field(opinion, field="opinion", max_length=4000)
    if not opinion and not lapsed:
        raise DomainError.single("opinion", "required", _("请填写收到的意见，或勾选“逾期未提出意见”。"))
    consultation.answered_at, consultation.opinion, consultation.lapsed = now, opinion, bool(lapsed)
    consultation.save(update_fields=["answered_at", "opinion", "lapsed"])
    if not request.consultations.filter(answered_at__isnull=True).exists() and _open_suspension(request.case):
        with _calendar_errors():
            _end_suspension(request.case, actor=actor, now=now, log={"consultation": consultation.pk})
    return consultation
