"""How a request follows its case (CaseEvent rows, inside the writing transaction): its receipt
confirmed at acceptance (online, art. 31 item 3), no 承办 recommendation without a drafted reply, the
reply signed off at the 审签 step, the request closed with its case. Its clock terms: 20 working days
from receipt, in the organ's name (art. 33)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from backend.cases.models import Case, CaseEvent
from backend.cases.signals import case_event_recorded
from backend.common.errors import Conflict
from backend.supervision.terms import CaseTerms, register_case_terms

from . import organs, replies, rules, services
from .models import InfoRequest


def _request_of(case: Case) -> InfoRequest | None:
    if not organs.is_foi_item(case.item):
        return None
    return InfoRequest.objects.filter(case=case).select_related("case__item", "organ").first()


def case_terms(case: Case) -> CaseTerms | None:
    request = _request_of(case)
    if request is None:
        return None
    return CaseTerms(rules.TERM_DAYS, rules.TERM_DAYS, start=services.term_start(request),
                     department_id=request.organ_id)


def on_case_event(sender, case: Case, event: CaseEvent, now, **kwargs) -> None:
    if event.kind not in (CaseEvent.Kind.ACCEPTED, CaseEvent.Kind.RECOMMENDED_APPROVAL,
                          CaseEvent.Kind.RECOMMENDED_DENIAL, CaseEvent.Kind.AGREED, CaseEvent.Kind.COMPLETED,
                          CaseEvent.Kind.REFUSED, CaseEvent.Kind.SUPPLEMENT_REQUESTED):
        return
    request = _request_of(case)
    if request is None:
        return
    if event.kind == CaseEvent.Kind.SUPPLEMENT_REQUESTED or (
            event.kind == CaseEvent.Kind.REFUSED and request.reply_type != InfoRequest.ReplyType.WITHDRAWN):
        # Every request is answered (arts. 36–37); 补正 is the request's own notice (art. 30).
        raise Conflict("foi_only", _("政府信息公开申请不能不予受理或按行政许可补正，请在“依申请公开”页面确认收到，"
                                     "再告知补正或作出答复。"))
    if event.kind == CaseEvent.Kind.ACCEPTED:
        services.request_confirm_receipt(request=request, now=now)
    elif event.kind in (CaseEvent.Kind.RECOMMENDED_APPROVAL, CaseEvent.Kind.RECOMMENDED_DENIAL):
        if not request.reply_type:
            raise Conflict("no_reply", _("请先在“依申请公开”页面起草答复，再提交审签。"))
        if request.consultations.filter(answered_at__isnull=True).exists() or (
                request.supplement_requested_at and not request.supplement_answered_at):
            raise Conflict("waiting", _("正在征求意见或等待补正，不能提交审签。"))
    elif event.kind == CaseEvent.Kind.AGREED and event.step == "sign":
        replies.reply_sign(request=request, actor=event.actor, now=now, case=case)
    elif request.closed_at is None:
        InfoRequest.objects.filter(pk=request.pk).update(closed_at=now)


def connect() -> None:
    register_case_terms(case_terms)
    case_event_recorded.connect(on_case_event, sender=Case, dispatch_uid="foi_case_event")
