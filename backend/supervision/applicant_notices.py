"""What the applicant is told when their case changes state (DESIGN §3; issue 13 item 6): accepted
(with the promised deadline), supplement requested (the one-time list, 行政许可法 art. 32), not
accepted (reasons and appeal rights), decided, completed (ready to collect). Suspensions,
resumptions and extensions (special procedures included) are told by services.py.

Each is a Notification written in the transaction of the case event (the outbox: in-app on the
account and the tracking page at once; e-mail and text message after commit or by the sweep),
once per event (key "event:<id>", unique)."""

from __future__ import annotations

from datetime import datetime

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from backend.cases.models import Case, CaseEvent
from backend.catalog.models import ServiceItem

from . import hashlog
from .models import Clock, Notification
from .notifications import LANGUAGE, notify_applicant

APPEAL = gettext_lazy("如不服，可以自收到本通知之日起六十日内依法申请行政复议，"
                      "或者在六个月内依法向人民法院提起行政诉讼。")

KIND_BY_EVENT = {
    CaseEvent.Kind.ACCEPTED: Notification.Kind.ACCEPTED,
    CaseEvent.Kind.SUPPLEMENT_REQUESTED: Notification.Kind.SUPPLEMENT,
    CaseEvent.Kind.REFUSED: Notification.Kind.REFUSED,
    CaseEvent.Kind.APPROVED: Notification.Kind.DECIDED,
    CaseEvent.Kind.DENIED: Notification.Kind.DECIDED,
    CaseEvent.Kind.COMPLETED: Notification.Kind.COMPLETED,
}


def on_case_event(*, case: Case, event: CaseEvent, now: datetime, clocks: list[Clock] | None = None) -> None:
    """`clocks`: those the event just opened (acceptance), so the deadline is read without a query."""
    kind = KIND_BY_EVENT.get(event.kind)
    if kind is None:
        return
    logs: list = []
    notify_applicant(case=case, kind=kind, now=now, logs=logs, key=f"event:{event.pk}",
                     message=event_message(case=case, event=event, clocks=clocks))
    hashlog.append_many(logs, now=now)  # every notification is in the tamper-evident log


def _promised_deadline(case: Case, clocks: list[Clock] | None):
    if clocks is None:
        clocks = list(Clock.objects.filter(case=case, kind=Clock.Kind.PROMISED))
    return next((c.promised_deadline for c in clocks if c.kind == Clock.Kind.PROMISED), None)


def _reply_message(case: Case, event: CaseEvent, values: dict, deadline) -> tuple[str, str] | None:
    """A letter's or an information request's own wording: it gets a reply, not a permit decision;
    a letter not accepted is no administrative act to appeal, and a request is closed without a
    reply only when treated as withdrawn (政府信息公开条例 art. 30)."""
    request = case.item.category == ServiceItem.Category.INFORMATION_REQUEST
    if event.kind == CaseEvent.Kind.ACCEPTED:
        body = _("您的 %(number)s（%(item)s）已受理。") % values
        if deadline:
            body += _("答复期限：%(deadline)s。") % {"deadline": deadline.isoformat()}
        return _("%(number)s 已受理") % values, body
    if event.kind == CaseEvent.Kind.REFUSED and request:
        return (_("申请 %(number)s 视为放弃") % values,
                _("您的申请 %(number)s（%(item)s）逾期未补正，视为放弃申请。说明：%(reason)s。") % values)
    if event.kind == CaseEvent.Kind.REFUSED:
        return (_("来信 %(number)s 不予受理") % values,
                _("您的来信 %(number)s（%(item)s）不予受理。理由：%(reason)s。") % values)
    if event.kind in (CaseEvent.Kind.APPROVED, CaseEvent.Kind.DENIED):
        return (_("%(number)s 已答复") % values,
                _("您的 %(number)s（%(item)s）已作出答复，请凭编号和查询码查看答复内容。") % values)
    if event.kind == CaseEvent.Kind.COMPLETED:
        return _("%(number)s 已办结") % values, _("您的 %(number)s（%(item)s）已办结。") % values
    return None


def event_message(*, case: Case, event: CaseEvent, clocks: list[Clock] | None = None) -> tuple[str, str]:
    with translation.override(LANGUAGE):
        values = {"number": case.number, "item": case.item.name, "reason": event.opinion or "—"}
        deadline = _promised_deadline(case, clocks) if event.kind == CaseEvent.Kind.ACCEPTED else None
        own = (_reply_message(case, event, values, deadline)
               if case.item.category != ServiceItem.Category.APPLICATION else None)
        if own is not None:
            return own[0][:200], own[1]
        if event.kind == CaseEvent.Kind.ACCEPTED:
            title = _("办件 %(number)s 已受理") % values
            body = _("您的办件 %(number)s（%(item)s）已受理。") % values
            if deadline:
                body += _("承诺办结期限：%(deadline)s。") % {"deadline": deadline.isoformat()}
        elif event.kind == CaseEvent.Kind.SUPPLEMENT_REQUESTED:
            missing = pgettext("list separator", "、").join(event.data.get("missing_materials", []))
            title = _("办件 %(number)s 需要补正材料") % values
            body = _("您的办件 %(number)s（%(item)s）需一次性补正以下材料：%(missing)s。请补正后重新提交。") % {
                **values, "missing": missing}
        elif event.kind == CaseEvent.Kind.REFUSED:
            title = _("办件 %(number)s 不予受理") % values
            body = _("您的办件 %(number)s（%(item)s）不予受理。理由：%(reason)s。") % values + str(APPEAL)
        elif event.kind == CaseEvent.Kind.APPROVED:
            title = _("办件 %(number)s 已作出准予许可决定") % values
            body = _("您的办件 %(number)s（%(item)s）已作出准予行政许可决定。") % values
        elif event.kind == CaseEvent.Kind.DENIED:
            title = _("办件 %(number)s 已作出不予许可决定") % values
            body = _("您的办件 %(number)s（%(item)s）已作出不予行政许可决定。理由：%(reason)s。") % values + str(APPEAL)
        else:
            title = _("办件 %(number)s 已办结") % values
            body = _("您的办件 %(number)s（%(item)s）已办结，请凭办件编号和查询码查看结果、领取决定文书。") % values
    return title[:200], body
