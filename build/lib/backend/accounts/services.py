"""Writes about staff: naming and cancelling a stand-in for an absence."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.common.audit import audit
from backend.common.errors import DomainError, FieldError

from .models import StandIn, User
from .selectors import stand_in_candidates

LONGEST_ABSENCE = timedelta(days=92)


def stand_in_name(*, absent: User, stand_in_id, starts_on: date | None, ends_on: date | None, reason: str,
                  now: datetime) -> StandIn:
    """`absent` names a colleague who takes over their claimed tasks from `starts_on` to `ends_on`."""
    errors: list[FieldError] = []
    today = timezone.localdate(now)
    stand_in = stand_in_candidates(user=absent).filter(pk=stand_in_id).first() if stand_in_id else None
    if stand_in is None:
        errors.append(FieldError("stand_in", "invalid", _("请选择本部门在岗的工作人员作为代理人。")))
    if starts_on is None:
        errors.append(FieldError("starts_on", "required", _("请填写开始日期。")))
    elif starts_on < today:
        errors.append(FieldError("starts_on", "past", _("开始日期不能早于今天。")))
    if ends_on is None:
        errors.append(FieldError("ends_on", "required", _("请填写结束日期。")))
    elif starts_on and ends_on < starts_on:
        errors.append(FieldError("ends_on", "before_start", _("结束日期不能早于开始日期。")))
    elif starts_on and ends_on - starts_on > LONGEST_ABSENCE:
        errors.append(FieldError("ends_on", "too_long", _("一次代理最长三个月，请分段登记。")))
    reason = (reason or "").strip()
    if not reason:
        errors.append(FieldError("reason", "required", _("请填写事由（例如 休假、出差、培训）。")))
    if errors:
        raise DomainError(errors)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=absent.pk).exists()  # one naming at a time per person
        overlapping = StandIn.objects.filter(absent=absent, cancelled_at__isnull=True, starts_on__lte=ends_on,
                                             ends_on__gte=starts_on).first()
        if overlapping:
            taken = _("该期间已登记代理人 %(name)s（%(start)s 至 %(end)s）。") % {
                "name": overlapping.stand_in.get_full_name(), "start": overlapping.starts_on,
                "end": overlapping.ends_on}
            raise DomainError.single("starts_on", "overlap", taken)
        record = StandIn.objects.create(absent=absent, stand_in=stand_in, starts_on=starts_on, ends_on=ends_on,
                                        reason=reason[:200], created_at=now)
        audit("stand_in_named", {"absent": absent.username, "stand_in": stand_in.username,
                                 "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat(),
                                 "reason": record.reason}, now=now)
    return record


def stand_in_cancel(*, stand_in_id: int, actor: User, now: datetime) -> StandIn:
    record = StandIn.objects.filter(pk=stand_in_id, absent=actor, cancelled_at__isnull=True).first()
    if record is None:
        raise DomainError.single(None, "not_found", _("代理登记不存在或已撤销。"), status=404)
    record.cancelled_at = now
    record.save(update_fields=["cancelled_at"])
    audit("stand_in_cancelled", {"absent": actor.username, "stand_in": record.stand_in.username,
                                 "id": record.pk}, now=now)
    return record

