"""Reads for the portal pages that the catalog and cases selectors do not already offer."""

from __future__ import annotations

from django.db.models import QuerySet

from backend.accounts.models import Department
from backend.cases.models import Case, CaseEvent, CaseMaterial
from backend.catalog.models import ServiceItem


def departments_with_items() -> QuerySet[Department]:
    return Department.objects.filter(items__is_active=True).distinct().order_by("code")


def item_get_public(*, code: str) -> ServiceItem | None:
    return ServiceItem.objects.filter(code=code, is_active=True).select_related("department").first()


def case_materials(*, case: Case) -> list[CaseMaterial]:
    """The files that count (removed and replaced ones are listed apart: removed_materials)."""
    return list(case.materials.filter(removed_at__isnull=True).select_related("requirement", "uploaded_by")
                .order_by("uploaded_at", "id"))


def removed_materials(*, case: Case) -> list[CaseMaterial]:
    return list(case.materials.filter(removed_at__isnull=False).select_related("requirement", "removed_by")
                .order_by("removed_at", "id"))


def material_rows(*, case: Case, materials: list[CaseMaterial]) -> tuple[list[dict], list[CaseMaterial]]:
    """The guide's checklist, each requirement with the files uploaded against it, and the files
    uploaded against no requirement."""
    rows = []
    matched: set[int] = set()
    for requirement in case.guide.materials.all():
        files = [m for m in materials if m.requirement_id == requirement.pk]
        matched.update(m.pk for m in files)
        rows.append({"requirement": requirement, "files": files, "input": f"file-{requirement.pk}"})
    others = [m for m in materials if m.pk not in matched]
    return rows, others


def public_timeline(*, case: Case) -> list[CaseEvent]:
    """What an applicant holding the query code sees: what happened and when, never who, and not
    the internal deliberation before the decision (recommendations, send-backs)."""
    internal = {CaseEvent.Kind.CLAIMED, CaseEvent.Kind.RECOMMENDED_APPROVAL, CaseEvent.Kind.RECOMMENDED_DENIAL,
                CaseEvent.Kind.SENT_BACK}
    return [e for e in case.events.order_by("created_at", "id") if e.kind not in internal]
