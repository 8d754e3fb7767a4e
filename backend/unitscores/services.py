"""Writes on disclosure unit scores: compute a period, sign off and publish its circular, add a
method version. Each write is one transaction."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from backend.common.errors import Conflict, DomainError
from backend.disclosure import outbox
from backend.disclosure.models import Publication

from . import core, selectors
from .models import DisclosureMethod, DisclosureScorecard


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def _require(user, check, message) -> None:
    if not check(user):
        raise DomainError.single(None, "forbidden", message, status=403)


def circular_title(period: selectors.Period) -> str:
    return _("%(period)s政务公开工作量化考评情况通报") % {"period": period.label}


@transaction.atomic
def scorecard_compute(*, period: selectors.Period | str, now: datetime, actor=None) -> DisclosureScorecard:
    """Compute (or recompute, while a draft) the period's scores from each unit's figures."""
    if actor is not None:
        _require(actor, selectors.is_office, _("只有政务公开办公室和管理员可以计算量化考评。"))
    if isinstance(period, str):
        period = selectors.period_parse(period)
    if period.starts_on > timezone.localdate(now):
        raise DomainError.single("period", "future", _("不能计算尚未开始的考评期。"))
    method_row = selectors.method_current(now=now)
    if method_row is None:
        raise Conflict("no_method", _("尚未发布政务公开量化考评办法，不能计算。"))
    scorecard = DisclosureScorecard.objects.select_for_update().filter(period=period.key).first()
    if scorecard is not None and scorecard.status != DisclosureScorecard.Status.DRAFT:
        raise Conflict("signed_off", _("该期通报已签发，不能重新计算。"))
    method = method_row.as_core()
    inputs = selectors.unit_figures(period=period, now=now)
    with translation.override(settings.LANGUAGE_CODE):
        scored = core.score_units(inputs, method)
        commended, criticised = core.circular_entries(scored, method.circular)
        title = circular_title(period)
    scorecard = scorecard or DisclosureScorecard(period=period.key)
    scorecard.starts_on, scorecard.ends_on = period.starts_on, period.ends_on
    scorecard.method, scorecard.method_version = method_row, method_row.version
    scorecard.input_rows, scorecard.computed_rows = inputs, [row.as_dict() for row in scored]
    scorecard.computed_at = now
    scorecard.computed_by = actor if actor is not None and actor.is_authenticated else None
    scorecard.title, scorecard.circular = title, {"commended": commended, "criticised": criticised}
    scorecard.save()
    return scorecard


def _locked(scorecard: DisclosureScorecard) -> DisclosureScorecard:
    return DisclosureScorecard.objects.select_for_update(of=("self",)).select_related("method").get(pk=scorecard.pk)


@transaction.atomic
def scorecard_sign_off(*, scorecard: DisclosureScorecard, actor, now: datetime) -> DisclosureScorecard:
    """The disclosure office's head signs the draft off: its content is fixed from now on."""
    _require(actor, selectors.is_office_head, _("只有政务公开办公室负责人可以签发通报。"))
    scorecard = _locked(scorecard)
    if scorecard.status != DisclosureScorecard.Status.DRAFT:
        raise Conflict("not_draft", _("该通报已签发，不能重复签发。"))
    scorecard.digest = _digest({"title": scorecard.title, "circular": scorecard.circular,
                                "computed_rows": scorecard.computed_rows, "input_rows": scorecard.input_rows})
    scorecard.status, scorecard.signed_off_at, scorecard.signed_off_by = (
        DisclosureScorecard.Status.SIGNED_OFF, now, actor)
    scorecard.save(update_fields=["digest", "status", "signed_off_at", "signed_off_by"])
    return scorecard


@transaction.atomic
def scorecard_publish(*, scorecard: DisclosureScorecard, actor, now: datetime) -> DisclosureScorecard:
    """Publish the signed-off circular and ranking on the public site (disclosure outbox)."""
    _require(actor, selectors.is_office_head, _("只有政务公开办公室负责人可以公开通报。"))
    scorecard = _locked(scorecard)
    if scorecard.status == DisclosureScorecard.Status.DRAFT:
        raise Conflict("not_signed_off", _("通报须经政务公开办公室负责人签发后才能公开。"))
    if scorecard.status == DisclosureScorecard.Status.PUBLISHED:
        raise Conflict("already_published", _("该通报已公开。"))
    with translation.override(settings.LANGUAGE_CODE):
        payload = selectors.document(scorecard)
    outbox.document_schedule(kind=Publication.Kind.UNIT_SCORE, key=f"unit-score:{scorecard.period}:"
                             f"{scorecard.digest[:32]}", payload=payload, now=now)
    scorecard.status, scorecard.published_at, scorecard.published_by = (
        DisclosureScorecard.Status.PUBLISHED, now, actor)
    scorecard.save(update_fields=["status", "published_at", "published_by"])
    return scorecard


@transaction.atomic
def method_new_version(*, based_on: DisclosureMethod) -> DisclosureMethod:
    """A new, unpublished version copied from `based_on`, to edit and then publish."""
    version = (DisclosureMethod.objects.aggregate(v=Max("version"))["v"] or 0) + 1
    return DisclosureMethod.objects.create(version=version, indicators=dict(based_on.indicators),
                                           vetoes=dict(based_on.vetoes), circular=dict(based_on.circular),
                                           description=based_on.description, published_at=None)
