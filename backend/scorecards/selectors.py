"""Reads for scorecards: the method in force, months computed, who may sign off, what is public."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from backend.accounts import roles
from backend.common.errors import DomainError, NotFound
from backend.disclosure.models import Publication
from backend.disclosure.selectors import month_range, publication_get_public, publications_public
from backend.supervision.orders_services import office_head
from backend.supervision.selectors import can_supervise

from . import core
from .models import Circular, Scorecard, ScoringMethod

__all__ = ["can_supervise", "is_office_head", "month_parse", "method_current", "method_list_public",
           "scorecard_list_visible_to", "scorecard_get_visible", "ranking_list_public", "ranking_get_public"]


def is_office_head(user) -> bool:
    """The supervision office's head (监察机构负责人), who signs off and publishes circulars.

    The person supervision orders escalate to (orders_services.office_head: the user named by
    SUPERVISION_OFFICE_HEAD_USERNAME, else the head of the supervision office's department), who
    must also be a supervisor or an administrator; none configured, any administrator (role admin,
    or a superuser) is the head."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    head = office_head()
    if head is not None:
        return user.pk == head.pk and can_supervise(user)
    return bool(user.is_superuser or user.has_role(roles.ADMIN))


def month_parse(value: str) -> date:
    """'2026-11' → date(2026, 11, 1); anything else is a 400."""
    span = month_range(value or "")
    if span is None:
        raise DomainError.single("month", "required", _("请指定月份（YYYY-MM）。"))
    return span[0]


def method_current(*, now: datetime) -> ScoringMethod | None:
    """The newest version published by `now`: the one a scorecard computed now uses."""
    return (ScoringMethod.objects.filter(published_at__isnull=False, published_at__lte=now)
            .order_by("-version").first())


def method_list_public(*, now: datetime) -> QuerySet[ScoringMethod]:
    return ScoringMethod.objects.filter(published_at__isnull=False, published_at__lte=now).order_by("-version")


def _require_supervisor(user) -> None:
    if not can_supervise(user):
        raise DomainError.single(None, "forbidden", _("只有监察人员和管理员可以查看量化考评。"), status=403)


def scorecard_list_visible_to(*, user) -> QuerySet[Scorecard]:
    _require_supervisor(user)
    return Scorecard.objects.select_related("circular", "method").order_by("-month")


def scorecard_get_visible(*, user, month: date) -> Scorecard:
    _require_supervisor(user)
    scorecard = Scorecard.objects.select_related("circular", "method").filter(month=month).first()
    if scorecard is None:
        raise NotFound(_("%(month)s 尚未计算量化考评。") % {"month": f"{month:%Y-%m}"})
    return scorecard


def circular_of(scorecard: Scorecard) -> Circular | None:
    return getattr(scorecard, "circular", None)


def ranking_list_public() -> QuerySet[Publication]:
    return publications_public(kind=Publication.Kind.SCORECARD).order_by("-decided_on", "-id")


def ranking_get_public(*, month: str) -> Publication | None:
    return publication_get_public(kind=Publication.Kind.SCORECARD, subject=month)


def _local(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def circular_document(circular: Circular) -> dict:
    """The circular as it is rendered (page, PDF) and published: the ranking with every indicator,
    the commended and criticised departments, and the statistics rows it was computed from
    (department figures only, never a person)."""
    scorecard = circular.scorecard
    with translation.override(settings.LANGUAGE_CODE):
        labels = {name: str(ind.label) for name, ind in core.INDICATORS.items()}
    return {
        "title": circular.title,
        "month": scorecard.month_key,
        "method_version": scorecard.method_version,
        "min_sample": scorecard.method.min_sample,
        "computed_at": _local(scorecard.computed_at),
        "signed_off_at": _local(circular.signed_off_at),
        "digest": circular.digest,
        "indicator_labels": {name: labels.get(name, name) for name in scorecard.method.weights},
        "ranking": scorecard.computed_rows,
        "commended": circular.content.get("commended", []),
        "criticised": circular.content.get("criticised", []),
        "figures": scorecard.input_rows,
    }
