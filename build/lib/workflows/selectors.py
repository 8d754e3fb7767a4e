"""Reads of process tasks: a staff member's inbox."""

from __future__ import annotations

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from backend.accounts.selectors import absent_ids_covered_by, headed_department_ids
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


def _covered(user) -> list[int]:
    """Whom the user stands in for today (cached on the user for the request)."""
    if not hasattr(user, "_tongban_covered"):
        user._tongban_covered = absent_ids_covered_by(user=user, on=timezone.localdate())
    return user._tongban_covered


def task_list_visible_to(*, user) -> QuerySet[Task]:
    """Open tasks the user holds, or may claim (their department and role) — including the tasks
    held by a colleague the user stands in for."""
    if not user.is_authenticated or not user.is_staff_member:
        return Task.objects.none()
    role_match = Q()
    for role in user.role_names:
        role_match |= Q(data__role=role)
    takeable = Q(owner__isnull=True)
    if covered := _covered(user):
        takeable |= Q(owner_id__in=covered)
    eligible = takeable & role_match & Q(data__department_id__in=list(user.department_ids))
    return _open_human_tasks().filter(Q(owner=user) | eligible).order_by("created", "id")


def task_covered_owner(*, task: Task, user) -> bool:
    """The task is held by someone the user stands in for, and the user could do it."""
    return bool(task.owner_id) and task.owner_id in _covered(user) and task_eligible(task=task, user=user)


def task_list_headed_by(*, user) -> QuerySet[Task]:
    """Open tasks of the departments the user heads (部门负责人), which they may reassign."""
    headed = headed_department_ids(user=user) if user.is_authenticated else []
    if not headed:
        return Task.objects.none()
    return _open_human_tasks().filter(data__department_id__in=headed).order_by("created", "id")


def reassign_candidates(*, task: Task):
    """Who may take the task over: active users of its department holding its role."""
    from django.contrib.auth import get_user_model

    data = task.data or {}
    return (get_user_model().objects.filter(is_active=True, departments=data.get("department_id"),
                                            groups__name=data.get("role", ""))
            .exclude(pk=task.owner_id).distinct().order_by("last_name", "first_name", "username"))


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
