"""Reads for the portal pages that the catalog and cases selectors do not already offer."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from backend.accounts.models import Department
from backend.cases.models import Case, CaseEvent, CaseMaterial
from backend.catalog.diagram import Diagram
from backend.catalog.models import ServiceItem
from backend.catalog.selectors import process_diagram
from backend.supervision.selectors import step_clock_used_days

RUN_STATUS = {STATUS.NEW: "open", STATUS.ASSIGNED: "open", STATUS.STARTED: "open", STATUS.DONE: "done",
              STATUS.CANCELED: "canceled"}


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


def case_process_diagram(*, case: Case, today: date, public: bool = False) -> Diagram | None:
    """The case's process as frozen at filing, with where it stands: which steps are done, which are
    open (their tasks), and the working days each used (its step clocks). `public`: for the tracking
    page, without send-backs or repeated runs. A bounded number of queries (the process, its tasks,
    the step clocks with their ledgers, the calendar stamp, department names), not one per step.
    None for a case without a configured process (filed before processes were configured)."""
    process = case.process if case.process_id else None
    steps = (process.data or {}).get("steps") if process is not None else None
    if not steps:
        return None
    used = step_clock_used_days(case, today)
    runs = []
    for task in Task.objects.filter(process_id=process.pk).only("pk", "status", "data").order_by("created", "pk"):
        data = task.data if isinstance(task.data, dict) else {}
        if "position" not in data or task.status not in RUN_STATUS:
            continue
        runs.append({"position": data["position"], "status": RUN_STATUS[task.status], "used_days": used.get(task.pk),
                     "send_back_to": data.get("send_back_to")})
    state = {"runs": runs, "held": process.data.get("held", []), "public": public,
             "finished": case.status in (Case.Status.COMPLETED, Case.Status.REFUSED),
             "waiting": case.status == Case.Status.SUPPLEMENT_REQUESTED}
    return process_diagram(steps, state=state)
