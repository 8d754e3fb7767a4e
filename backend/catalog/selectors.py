"""Reads of the catalog."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from . import diagram
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


def department_names(ids) -> dict[int, str]:
    """Department names by id (one query; none for no ids)."""
    from backend.accounts.models import Department

    ids = {i for i in ids if i}
    return dict(Department.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}


def process_diagram(steps: list[dict], *, state: dict | None = None) -> diagram.Diagram:
    """The diagram of a list of step dicts (diagram.layout), with the names of the departments the
    steps name only by id read in one query."""
    missing = department_names(s.get("department_id") for s in steps if not s.get("department"))
    return diagram.layout(steps, state=state, departments=missing)


def longest_statutory_limit() -> int | None:
    """The longest statutory limit (working days) among active items: how far ahead a clock opened
    today may reach, which tells the calendar how far ahead staff must be warned of provisional years."""
    from django.db.models import Max

    return GuideVersion.objects.filter(item__is_active=True).aggregate(n=Max("statutory_limit_days"))["n"]


def unstaffed_steps(wanted: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """Of the (department id, role, named position or "") triples, those with no active user who may
    do the step (one query)."""
    from django.contrib.auth import get_user_model

    staffed = set(get_user_model().objects.filter(is_active=True, departments__in={d for d, _r, _p in wanted},
                                                  groups__name__in={r for _d, r, _p in wanted})
                  .values_list("departments", "groups__name", "title"))
    pairs = {(d, r) for d, r, _title in staffed}
    return [(d, r, p) for d, r, p in wanted if ((d, r, p) not in staffed if p else (d, r) not in pairs)]


def process_latest(*, item: ServiceItem):
    """The item's newest published process version (what a case filed now runs on), or None."""
    from .models import ProcessVersion

    return ProcessVersion.objects.filter(item=item).order_by("-version").first()


def process_steps_published(*, item: ServiceItem) -> list[dict]:
    """The published process as the public sees it: each step with its type's name and its
    department's name (one query for the version, one for the names)."""
    version = process_latest(item=item)
    steps = version.steps if version else []
    names = department_names(s["department_id"] for s in steps)
    return [{**s, "position": at, "label": ProcessStep.label_for(s["step"]),
             "department": names.get(s["department_id"], "")} for at, s in enumerate(steps)]


# Case statuses that end a case (backend.cases.models.Case.Status owns them; the catalog sits below
# cases and names them here only to count open cases per process version).
CLOSED_CASE_STATUSES = ("refused", "completed")


def annotate_open_cases(versions: QuerySet) -> QuerySet:
    """Process versions, each with `open_cases`: how many cases not yet completed or refused run on
    it (counted in the same query)."""
    from django.db.models import Count

    return versions.annotate(open_cases=Count("cases", filter=~Q(cases__status__in=CLOSED_CASE_STATUSES)))


def process_diff_lines(*, old: list[dict], new: list[dict]) -> list[str]:
    """The changes from one version (or the draft) to another, in words."""
    from .versions import describe, process_diff

    changes = process_diff(old, new)
    departments = department_names(c.step["department_id"] for c in changes)
    roles = {value: str(label) for value, label in ProcessStep._meta.get_field("role").choices}
    return [describe(c, departments=departments, roles=roles, label=ProcessStep.label_for) for c in changes]
