"""Writes on scorecards: compute a month, sign off and publish its circular, add a method version.

Each write is one transaction and appends to the hash-chained supervision log.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from backend.common.errors import Conflict, DomainError
from backend.disclosure import outbox
from backend.statistics.core import month_bounds
from backend.statistics.selectors import stats_table
from backend.supervision import hashlog

from . import core, selectors
from .models import Circular, Scorecard, ScoringMethod


def _json_rows(rows: list[dict]) -> list[dict]:
    """The rows as the JSON column keeps them (Decimals as numbers), so what is scored is what is stored."""
    def default(value):
        if isinstance(value, Decimal):
            return float(value)
        if isinstance(value, date | datetime):
            return value.isoformat()
        raise TypeError(f"{type(value).__name__} is not JSON")

    return json.loads(json.dumps(list(rows), default=default, ensure_ascii=False))


def _digest(value) -> str:
    return hashlib.sha256(hashlog.canonical(value).encode()).hexdigest()


def month_first(month: date) -> date:
    return month.replace(day=1)


def month_last(month: date) -> date:
    return month_bounds(month.year, month.month)[1]


def circular_title(month: date) -> str:
    return _("%(year)d年%(month)d月政务服务量化考评情况通报") % {"year": month.year, "month": month.month}


def _require(user, check, message) -> None:
    if not check(user):
        raise DomainError.single(None, "forbidden", message, status=403)


def _actor_name(actor) -> str | None:
    return actor.get_username() if actor is not None and actor.is_authenticated else None


def scorecard_compute(*, month: date, now: datetime, actor=None) -> Scorecard:
    """Compute (or recompute, while its circular is a draft) the month's scorecard from the
    statistics API's department table for that month."""
    month = month_first(month)
    _check_month(month, now=now)

    rows = stats_table(group_by="department", date_from=month, date_to=month_last(month))
    return scorecard_record(month=month, rows=rows, now=now, actor=actor)


def _check_month(month: date, *, now: datetime) -> None:
    if month > timezone.localdate(now):
        raise DomainError.single("month", "future", _("不能计算尚未开始的月份。"))


@transaction.atomic
def scorecard_record(*, month: date, rows: list[dict], now: datetime, actor=None) -> Scorecard:
    """Score `rows` (statistics rows, one per department) with the method in force and keep both,
    with the month's circular drafted from the result."""
    if actor is not None:
        _require(actor, selectors.can_supervise, _("只有监察人员和管理员可以计算量化考评。"))
    month = month_first(month)
    _check_month(month, now=now)
    method_row = selectors.method_current(now=now)
    if method_row is None:
        raise Conflict("no_method", _("尚未发布量化考评办法，不能计算。"))
    method = method_row.as_core()
    inputs = _json_rows(rows)
    with translation.override(settings.LANGUAGE_CODE):  # reasons and circular text in the site's language
        scored = core.score_departments(inputs, method)
        commended, criticised = core.circular_entries(scored, method.circular)
        title = circular_title(month)
    computed = [row.as_dict() for row in scored]
    content = {"commended": [e.as_dict() for e in commended], "criticised": [e.as_dict() for e in criticised]}
    scorecard = Scorecard.objects.select_for_update().filter(month=month).first()
    if scorecard is not None:
        circular = Circular.objects.filter(scorecard=scorecard).first()
        if circular is not None and circular.status != Circular.Status.DRAFT:
            raise Conflict("signed_off", _("该月通报已签发，不能重新计算。"))
    else:
        scorecard = Scorecard(month=month)
    scorecard.method, scorecard.method_version = method_row, method_row.version
    scorecard.input_rows, scorecard.computed_rows = inputs, computed
    scorecard.computed_at, scorecard.computed_by = now, actor if _actor_name(actor) else None
    scorecard.save()
    Circular.objects.update_or_create(scorecard=scorecard, defaults={
        "title": title, "content": content, "drafted_at": now, "status": Circular.Status.DRAFT})
    hashlog.append("scorecard_computed", {
        "month": scorecard.month_key, "method_version": method_row.version, "inputs": _digest(inputs),
        "result": _digest(computed), "ranked": sum(1 for r in scored if r.ranked), "departments": len(scored),
        "actor": _actor_name(actor),
    }, now=now)
    return scorecard


def _locked_circular(circular: Circular) -> Circular:
    return Circular.objects.select_for_update().select_related("scorecard").get(pk=circular.pk)


@transaction.atomic
def circular_sign_off(*, circular: Circular, actor, now: datetime) -> Circular:
    """The supervision office's head signs the draft off: its content is fixed from now on."""
    _require(actor, selectors.is_office_head, _("只有监察机构负责人可以签发通报。"))
    circular = _locked_circular(circular)
    if circular.status != Circular.Status.DRAFT:
        raise Conflict("not_draft", _("该通报已签发，不能重复签发。"))
    scorecard = circular.scorecard
    circular.digest = _digest({"title": circular.title, "content": circular.content,
                               "computed_rows": scorecard.computed_rows, "input_rows": scorecard.input_rows})
    circular.status, circular.signed_off_at, circular.signed_off_by = Circular.Status.SIGNED_OFF, now, actor
    circular.save(update_fields=["digest", "status", "signed_off_at", "signed_off_by"])
    hashlog.append("circular_signed_off", {"month": scorecard.month_key, "digest": circular.digest,
                                           "method_version": scorecard.method_version,
                                           "actor": _actor_name(actor)}, now=now)
    return circular


@transaction.atomic
def circular_publish(*, circular: Circular, actor, now: datetime) -> Circular:
    """Publish the signed-off circular and the month's ranking on the public site (disclosure outbox)."""
    _require(actor, selectors.is_office_head, _("只有监察机构负责人可以公开通报。"))
    circular = _locked_circular(circular)
    if circular.status == Circular.Status.DRAFT:
        raise Conflict("not_signed_off", _("通报须经监察机构负责人签发后才能公开。"))
    if circular.status == Circular.Status.PUBLISHED:
        raise Conflict("already_published", _("该通报已公开。"))
    month = circular.scorecard.month_key
    outbox.scorecard_schedule(month=month, key=f"scorecard:{month}:{circular.digest[:32]}",
                              payload=selectors.circular_document(circular), now=now)
    circular.status, circular.published_at, circular.published_by = Circular.Status.PUBLISHED, now, actor
    circular.save(update_fields=["status", "published_at", "published_by"])
    hashlog.append("circular_published", {"month": month, "digest": circular.digest,
                                          "actor": _actor_name(actor)}, now=now)
    return circular


@transaction.atomic
def scoring_method_new_version(*, based_on: ScoringMethod, now: datetime) -> ScoringMethod:
    """A new, unpublished version copied from `based_on`, to edit and then publish."""
    version = (ScoringMethod.objects.aggregate(v=Max("version"))["v"] or 0) + 1
    return ScoringMethod.objects.create(version=version, weights=dict(based_on.weights),
                                        min_sample=based_on.min_sample, circular=dict(based_on.circular),
                                        description=based_on.description, published_at=None)
