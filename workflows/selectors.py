"""Reads of process tasks: a staff member's inbox."""

from __future__ import annotations

from django.db.models import OuterRef, Q, QuerySet, Subquery
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from backend.cases.models import CaseEvent

from .flows import PermitFlow
from .nodes import StepView

HUMAN_STEP_NODES = tuple(node for node in PermitFlow.instance.nodes() if isinstance(node, StepView))


RECOMMENDATIONS = {CaseEvent.Kind.RECOMMENDED_APPROVAL: "approve", CaseEvent.Kind.RECOMMENDED_DENIAL: "deny"}


def _recommendations(**lookup) -> QuerySet[CaseEvent]:
    return CaseEvent.objects.filter(kind__in=list(RECOMMENDATIONS), **lookup).order_by("-created_at", "-id")


def latest_recommendation(*, case) -> str | None:
    """The latest 承办/审核 recommendation on the case: "approve", "deny" or None."""
    return RECOMMENDATIONS.get(_recommendations(case=case).values_list("kind", flat=True).first())


def task_recommendation(task: Task) -> str | None:
    """latest_recommendation for a task's case; read from the inbox's annotation when it has one,
    so a list of decision tasks costs no query per task."""
    if hasattr(task, "latest_recommendation_kind"):
        return RECOMMENDATIONS.get(task.latest_recommendation_kind)
    return latest_recommendation(case=task.process.case)


def _open_human_tasks() -> QuerySet[Task]:
    return Task.objects.filter(
        process__flow_class=PermitFlow,
        flow_task__in=HUMAN_STEP_NODES,
        status__in=[STATUS.NEW, STATUS.ASSIGNED],
    ).select_related("owner", "process__case__item").annotate(
        latest_recommendation_kind=Subquery(_recommendations(case__process_id=OuterRef("process_id")).values("kind")[:1]))


def task_eligible(*, task: Task, user) -> bool:
    data = task.data or {}
    return user.has_role(data.get("role", "")) and data.get("department_id") in user.department_ids


def task_list_visible_to(*, user) -> QuerySet[Task]:
    """Open tasks the user holds, or may claim (their department and role)."""
    if not user.is_authenticated or not user.is_staff_member:
        return Task.objects.none()
    claimable = Q(owner__isnull=True)
    role_match = Q()
    for role in user.role_names:
        role_match |= Q(data__role=role)
    claimable &= role_match & Q(data__department_id__in=list(user.department_ids))
    return _open_human_tasks().filter(Q(owner=user) | claimable).order_by("created", "id")


def task_get_visible(*, task_id: int, user) -> Task | None:
    return task_list_visible_to(user=user).filter(pk=task_id).first()


def tasks_open_for_case(*, case) -> QuerySet[Task]:
    if not case.process_id:
        return Task.objects.none()
    return _open_human_tasks().filter(process_id=case.process_id)


# Steps whose holder may add materials after acceptance: the examination steps, where records such
# as an inspection report or a joint-review opinion come in. Acceptance has its own rule (window
# staff, before it); deciding and completing take no materials.
MATERIAL_STEPS = frozenset({"review", "joint_review", "inspection"})


def holds_material_step(case, user) -> bool:
    """The user holds (has claimed) an open task of the case at a step that takes materials."""
    if not case.process_id or not user.is_authenticated:
        return False
    return tasks_open_for_case(case=case).filter(owner=user, status=STATUS.ASSIGNED,
                                                 data__step__in=list(MATERIAL_STEPS)).exists()
