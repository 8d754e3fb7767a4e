"""Reads of the problem lists. The county disclosure office (DIRECTORY_OFFICE_DEPARTMENT_CODE, else
FOI_OFFICE_DEPARTMENT_CODE), supervisors and administrators see every problem; a unit's staff and head
see their unit's. Another unit's problem is a 404."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from backend.common.errors import NotFound
from backend.directory.selectors import sees_all
from backend.supervision.models import Order
from backend.workcalendar.calendar import CalendarNotCovered, refresh_if_stale

from . import rules
from .models import InspectionRun, Problem

__all__ = ["sees_all", "problem_list_visible_to", "problem_get_visible", "run_list_visible_to", "problem_state",
           "problem_orders", "problem_orders_by_problem"]


def problem_list_visible_to(*, user) -> QuerySet[Problem]:
    qs = Problem.objects.select_related("department__head", "column", "replied_by", "closed_by")
    if sees_all(user):
        return qs
    if not (user and user.is_authenticated and user.is_active):
        return qs.none()
    mine = Q(department__head=user)
    if user.is_staff_member:
        mine |= Q(department_id__in=list(user.department_ids))
    return qs.filter(mine)


def problem_get_visible(*, pk: int, user) -> Problem:
    problem = problem_list_visible_to(user=user).filter(pk=pk).first()
    if problem is None:
        raise NotFound(_("问题不存在。"))
    return problem


def problem_filter(qs: QuerySet[Problem], *, status: str = "", source: str = "", check: str = "",
                   department: str = "") -> QuerySet[Problem]:
    if status == "active":
        qs = qs.filter(status__in=rules.OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if source:
        qs = qs.filter(source=source)
    if check:
        qs = qs.filter(check_code=check)
    if department:
        qs = qs.filter(department__code=department)
    return qs


def run_list_visible_to(*, user) -> QuerySet[InspectionRun]:
    return InspectionRun.objects.all() if sees_all(user) else InspectionRun.objects.none()


def problem_state(problem: Problem, *, now: datetime) -> str:
    try:
        calendar = refresh_if_stale()
        return rules.state(opened_on=problem.opened_on, days=problem.days, due=problem.due_on, status=problem.status,
                           now=now, calendar=calendar)
    except CalendarNotCovered:
        return "green"


def problem_orders(problem: Problem) -> QuerySet[Order]:
    """The supervision orders issued on `problem`, newest first."""
    return (Order.objects.filter(target=Order.Target.PROBLEM, source="inspection_problem", source_id=problem.pk)
            .select_related("issued_by").order_by("-issued_at", "-pk"))


def problem_orders_by_problem(problem_ids) -> dict[int, list[Order]]:
    """The orders of many problems in one query (lists)."""
    found: dict[int, list[Order]] = {}
    for order in (Order.objects.filter(target=Order.Target.PROBLEM, source="inspection_problem",
                                       source_id__in=list(problem_ids)).order_by("-issued_at", "-pk")):
        found.setdefault(order.source_id, []).append(order)
    return found
