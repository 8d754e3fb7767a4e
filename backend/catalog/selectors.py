"""Reads of the catalog."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from .models import GuideVersion, ProcessStep, ServiceItem


def item_list_public(*, search: str = "", department: str = "") -> QuerySet[ServiceItem]:
    qs = ServiceItem.objects.filter(is_active=True).select_related("department")
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(code__icontains=search))
    if department:
        qs = qs.filter(department__code=department)
    return qs


def guide_current(*, item: ServiceItem, on: date) -> GuideVersion | None:
    """The guide version in force on a day: the highest version already effective."""
    guides = getattr(item, "_prefetched_guides", None)
    if guides is None:
        guides = list(item.guides.filter(effective_from__lte=on).order_by("-version")[:1])
    else:
        guides = [g for g in guides if g.effective_from <= on]
    return guides[0] if guides else None


def guide_detail(*, guide_id: int) -> GuideVersion:
    return GuideVersion.objects.select_related("item__department").prefetch_related(
        "legal_bases", Prefetch("materials")
    ).get(pk=guide_id)


def item_steps(*, item: ServiceItem) -> list[ProcessStep]:
    return list(item.steps.select_related("department").order_by("id"))


def longest_statutory_limit() -> int | None:
    """The longest statutory limit (working days) among active items: how far ahead a clock opened
    today may reach, which tells the calendar how far ahead staff must be warned of provisional years."""
    from django.db.models import Max

    return GuideVersion.objects.filter(item__is_active=True).aggregate(n=Max("statutory_limit_days"))["n"]


def unstaffed_steps(pairs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Of the (department id, role) pairs, those with no active user who may do the step."""
    from django.contrib.auth import get_user_model

    wanted = set(pairs)
    staffed = set(get_user_model().objects.filter(is_active=True, departments__in={d for d, _ in wanted},
                                                  groups__name__in={r for _, r in wanted})
                  .values_list("departments", "groups__name"))
    return [pair for pair in pairs if pair not in staffed]
