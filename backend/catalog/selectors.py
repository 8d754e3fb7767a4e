"""Reads of the catalog."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from . import diagram
from .models import GuideVersion, ServiceItem


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


def process_steps_for_guide(item: ServiceItem) -> list[dict]:
    """The steps a guide page draws, in order, as the plain dicts a case freezes at filing (plus the
    department's name). The one place that says which steps those are: today the item's configured
    steps; with process versions, the published version's."""
    return [{"step": s.step, "department_id": s.department_id, "department": s.department.name, "role": s.role,
             "budget_days": s.budget_days}
            for s in item.steps.select_related("department").order_by("position", "id")]


def process_diagram(steps: list[dict], *, state: dict | None = None) -> diagram.Diagram:
    """The diagram of a list of step dicts (diagram.layout), with the names of the departments the
    steps name only by id read in one query."""
    from backend.accounts.models import Department

    missing = {s.get("department_id") for s in steps if not s.get("department") and s.get("department_id")}
    names = dict(Department.objects.filter(pk__in=missing).values_list("pk", "name")) if missing else {}
    return diagram.layout(steps, state=state, departments=names)


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
