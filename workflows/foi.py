"""Information requests (依申请公开) on the generic process: filing (online, by post, in person) and
the request's steps — 受理登记 (confirming receipt, art. 31), 承办 (the drafted reply goes to sign-off),
审签 (the office head signs the reply off), 送达 (the delivery record) — and the sweep that ends a
request whose applicant did not correct it in time (art. 30: treated as withdrawn).

The request's own rules live in backend.foi; these only start and advance its process."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from backend.accounts.models import Department
from backend.cases import services as case_services
from backend.cases.applicants import applicant_clean
from backend.cases.models import Case
from backend.catalog.models import ServiceItem
from backend.common.errors import Conflict, DomainError, FieldError
from backend.foi import organs, replies, rules
from backend.foi import services as foi_services
from backend.foi.models import Consultation, InfoRequest
from backend.workcalendar.calendar import CalendarNotCovered

from . import services
from .flows import PermitFlow

log = logging.getLogger(__name__)


def _organ_item(organ_id) -> tuple[Department | None, ServiceItem | None]:
    organ = Department.objects.filter(pk=organ_id).first() if str(organ_id or "").isdigit() else None
    item = ServiceItem.objects.filter(code=organs.item_code(organ), is_active=True).first() if organ else None
    return organ, item


def foi_file(*, organ_id, channel: str, applicant, data: dict, actor, now: datetime) -> InfoRequest:
    """File a request and start its process. Online: the signed-in applicant; the organ confirms
    receipt at acceptance. By post or in person: staff of the organ register it, which is its
    acceptance; by post with the day signed for (`data["post_kind"]`, `data["signed_on"]`)."""
    errors: list[FieldError] = []
    organ, item = _organ_item(organ_id)
    if item is None:
        errors.append(FieldError("organ", "invalid", _("请选择受理申请的机关（该机关需已开通依申请公开）。")))
    channel = str(channel or "")
    staff_channel = channel in (InfoRequest.Channel.POST, InfoRequest.Channel.IN_PERSON)
    if staff_channel and organ is not None and not (
            getattr(actor, "is_staff_member", False) and organ.pk in set(actor.department_ids)):
        raise DomainError.single("channel", "forbidden", _("信函和当面申请由本机关工作人员登记。"), status=403)
    if channel == InfoRequest.Channel.ONLINE and not getattr(actor, "is_authenticated", False):
        raise DomainError.single(None, "forbidden", _("网上申请请先登录。"), status=403)
    today = timezone.localdate(now)
    signed_on = data.get("signed_on")
    if isinstance(signed_on, str):
        from backend.common.validators import parse_day

        parsed = parse_day(signed_on) if signed_on.strip() else None
        if signed_on.strip() and parsed is None:
            errors.append(FieldError("signed_on", "invalid", _("日期应为 YYYY-MM-DD 格式，例如 2026-11-30。")))
        signed_on = parsed
    received_on, basis, receipt_errors = rules.receipt(channel=channel, today=today,
                                                      post_kind=str(data.get("post_kind") or ""),
                                                      signed_on=signed_on)
    errors += [e for e in receipt_errors if not any(x.field == e.field for x in errors)]
    try:
        cleaned_applicant = applicant_clean(applicant)
    except DomainError as exc:
        errors.extend(exc.errors)
        cleaned_applicant = {}
    fields, field_errors = foi_services.request_input_clean(data, applicant_type=cleaned_applicant.get(
        "applicant_type") or (applicant.get("type") if isinstance(applicant, dict) else None))
    errors += field_errors
    if errors:
        raise DomainError(errors)
    if channel == InfoRequest.Channel.ONLINE:
        basis = rules.UNCONFIRMED_BASIS
    with transaction.atomic():
        case = services.case_file_and_start(item_code=item.code, channel=(
            Case.Channel.ONLINE if channel == InfoRequest.Channel.ONLINE else Case.Channel.WINDOW),
            applicant=applicant, actor=actor, now=now, category=ServiceItem.Category.INFORMATION_REQUEST)
        request = foi_services.request_create(case=case, organ=organ, channel=channel, fields=fields,
                                              received_on=received_on, received_basis=basis, actor=actor, now=now)
        if staff_channel:
            task = _open_task(request, "accept")
            services.task_claim(task_id=task.pk, actor=actor, now=now)
            services.task_complete(task_id=task.pk, actor=actor, decision="accept",
                                   opinion=_("登记：%(basis)s") % {"basis": basis}, now=now)
    request.refresh_from_db()
    return request


def _open_task(request: InfoRequest, step: str) -> Task:
    task = (Task.objects.filter(process_id=request.case.process_id, status__in=[STATUS.NEW, STATUS.ASSIGNED])
            .order_by("-pk").first())
    if task is None or (task.data or {}).get("step") != step:
        raise Conflict("wrong_step", _("该申请当前不在此环节。"))
    return task


def _carry(request: InfoRequest, step: str, *, decision: str, opinion: str = "", step_input=None, actor,
           now: datetime) -> InfoRequest:
    """Claim the request's open task of `step` (unless the actor holds it) and complete it."""
    task = _open_task(request, step)
    if task.owner_id != actor.pk:
        services.task_claim(task_id=task.pk, actor=actor, now=now)
    services.task_complete(task_id=task.pk, actor=actor, decision=decision, opinion=opinion, step_input=step_input,
                           now=now)
    request.refresh_from_db()
    return request


def foi_confirm(*, request: InfoRequest, actor, now: datetime) -> InfoRequest:
    """受理登记 of an online request: the organ confirms receipt (the day both confirmed, art. 31)."""
    return _carry(request, "accept", decision="accept", opinion=_("确认收到网上申请"), actor=actor, now=now)


def foi_submit(*, request: InfoRequest, actor, now: datetime, opinion: str = "") -> InfoRequest:
    """承办: the drafted reply goes to the office head for sign-off."""
    request.refresh_from_db()
    if not request.reply_type:
        raise Conflict("no_reply", _("请先起草答复。"))
    favourable = rules.SPECS[request.reply_type].favourable
    return _carry(request, "handle", decision="recommend_approve" if favourable else "recommend_deny",
                  opinion=opinion or _("拟答复：%(type)s") % {"type": request.get_reply_type_display()},
                  actor=actor, now=now)


def _check_signer(request: InfoRequest, actor) -> None:
    head = organs.office_head(request.organ)
    if not organs.is_office_head(actor, request.organ):
        raise DomainError.single(None, "forbidden", _("答复须由政府信息公开工作机构负责人（%(name)s）审签。")
                                 % {"name": head.display_name if head else _("审批人员")}, status=403)


def foi_sign(*, request: InfoRequest, actor, now: datetime, opinion: str = "") -> InfoRequest:
    """审签: the office head signs the reply off (backend.foi renders the letter and decides the case)."""
    _check_signer(request, actor)
    return _carry(request, "sign", decision="done", opinion=opinion or _("同意答复"), actor=actor, now=now)


def foi_send_back(*, request: InfoRequest, actor, now: datetime, opinion: str) -> InfoRequest:
    """审签 refused: the reply returns to 承办 with the reason."""
    _check_signer(request, actor)
    return _carry(request, "sign", decision="send_back", opinion=opinion, actor=actor, now=now)


def foi_deliver(*, request: InfoRequest, step_input: dict, actor, now: datetime, opinion: str = "") -> InfoRequest:
    """送达: the delivery record (certificates' record: method, date, recipient, proof); the case then
    completes."""
    return _carry(request, "deliver", decision="done", opinion=opinion, step_input=step_input, actor=actor, now=now)


def _end_withdrawn(request_id: int, *, now: datetime) -> bool:
    """One request whose 补正 period ran out: its withdrawal notice, the case closed, the process
    ended (its open tasks cancelled). Re-checked under the row lock, so a second run does nothing."""
    with transaction.atomic():
        rows = InfoRequest.objects.filter(pk=request_id, closed_at__isnull=True, supplement_answered_at__isnull=True,
                                          supplement_due_on__lt=timezone.localdate(now))
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True, of=("self",))
        request = rows.select_related("case__item", "organ").first()
        if request is None:
            return False
        case = request.case
        replies.reply_withdrawn(request=request, now=now)
        case_services.case_refuse(case=case, actor=None, now=now, opinion=str(_(
            "申请人逾期未补正，视为放弃申请（《中华人民共和国政府信息公开条例》第三十条）")))
        if case.process_id:
            PermitFlow.instance.cancel(case.process)
    return True


def foi_sweep(*, now: datetime, batch: int = 200) -> dict:
    """Every few minutes (beat row of backend/foi migration 0004), safe to run twice: requests whose
    补正 period has passed are treated as withdrawn; third parties silent past their 15 working days
    are recorded as lapsed and the clocks run again (art. 32)."""
    today = timezone.localdate(now)
    due = list(InfoRequest.objects.filter(closed_at__isnull=True, supplement_requested_at__isnull=False,
                                          supplement_answered_at__isnull=True, supplement_due_on__lt=today)
               .order_by("supplement_due_on", "pk").values_list("pk", flat=True)[:batch])
    withdrawn = 0
    for pk in due:
        try:
            withdrawn += _end_withdrawn(pk, now=now)
        except (DomainError, CalendarNotCovered):  # one broken row never stops the others
            log.exception("foi sweep: request %s", pk)
    lapsed = 0
    for consultation in (Consultation.objects.filter(kind=Consultation.Kind.THIRD_PARTY, answered_at__isnull=True,
                                                     due_on__lt=today, request__closed_at__isnull=True)
                         .select_related("request")[:batch]):
        try:
            foi_services.consultation_close(consultation=consultation, opinion="", lapsed=True, actor=None, now=now)
            lapsed += 1
        except (DomainError, CalendarNotCovered):
            log.exception("foi sweep: consultation %s", consultation.pk)
    return {"withdrawn": withdrawn, "lapsed_consultations": lapsed}
