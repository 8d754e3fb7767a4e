"""Reads of ratings. What staff and supervisors read never says who rated: department, item, case
number, score, comment, channel and date, and nothing of the applicant (no name, id, user or
contact). Before a rating is submitted there is nothing to read (no draft is stored anywhere)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Avg, Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from backend.accounts import roles
from backend.cases.models import Case
from backend.cases.selectors import case_list_visible_to
from backend.common.errors import DomainError, NotFound

from .models import Rating

# The only columns a staff or supervisor read of ratings carries.
STAFF_FIELDS = ("id", "case_number", "department_name", "item_code", "item_name", "score", "comment", "channel",
                "created_at")
GROUPS = {"department": ("department_id", "department__code", "department__name"),
          "item": ("item_id", "item__code", "item__name")}


def is_rated(case: Case) -> bool:
    return Rating.objects.filter(case_id=case.pk).exists()


def rating_for_case(case: Case) -> Rating | None:
    return Rating.objects.filter(case_id=case.pk).first()


def may_rate(*, case: Case, user) -> bool:
    """The signed-in applicant's own completed case, not yet rated (the portal case page's form)."""
    return bool(user and user.is_authenticated and case.applicant_user_id == user.pk
                and case.status == Case.Status.COMPLETED and not is_rated(case))


def may_read_ratings(user) -> bool:
    return bool(user and user.is_authenticated and (
        user.is_staff_member or user.is_supervisor or user.has_role(roles.ADMIN) or user.is_superuser))


def rating_list_visible_to(*, user, date_from: date | None = None, date_to: date | None = None) -> QuerySet:
    """Ratings as dicts of STAFF_FIELDS, newest first: supervisors and administrators every
    department's, staff their departments' own, anyone else none."""
    qs = Rating.objects.all()
    if not may_read_ratings(user):
        qs = qs.none()
    elif not (user.is_superuser or user.is_supervisor or user.has_role(roles.ADMIN)):
        qs = qs.filter(department_id__in=list(user.department_ids))
    qs = _in_period(qs, date_from, date_to)
    return (qs.order_by("-created_at", "-id")
            .annotate(case_number=F("case__number"), department_name=F("department__name"),
                      item_code=F("item__code"), item_name=F("item__name"))
            .values(*STAFF_FIELDS))


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _in_period(qs, date_from: date | None, date_to: date | None):
    """Ratings given from the start of `date_from` to the end of `date_to` (days in Asia/Shanghai)."""
    if date_from:
        qs = qs.filter(created_at__gte=_start_of(date_from))
    if date_to:
        qs = qs.filter(created_at__lt=_start_of(date_to + timedelta(days=1)))
    return qs


def rating_figures(date_from: date | None, date_to: date | None, group_by: str = "department") -> list[dict]:
    """Count and mean score per department or item over the period, one SQL GROUP BY:
    [{"id", "code", "name", "count", "mean"}], ordered by code. For the statistics."""
    if group_by not in GROUPS:
        raise DomainError.single("group_by", "invalid", _("分组应为 department（部门）或 item（事项）。"))
    key, code, name = GROUPS[group_by]
    rows = (_in_period(Rating.objects.all(), date_from, date_to)
            .order_by().values(key, code, name).annotate(count=Count("id"), mean=Avg("score")).order_by(code))
    return [{"id": r[key], "code": r[code], "name": r[name], "count": r["count"],
             "mean": round(float(r["mean"]), 2) if r["mean"] is not None else None} for r in rows]


# --- the window tablet -------------------------------------------------------------------------


def _handled_by(case: Case, clerk) -> bool:
    """The clerk filed the case at the window or held one of its tasks."""
    if case.filed_by_id == clerk.pk:
        return True
    return bool(case.process_id) and Task.objects.filter(process_id=case.process_id, owner_id=clerk.pk).exists()


def _tablet_case(qs, clerk) -> Case:
    if not (clerk and clerk.is_authenticated and clerk.has_role(roles.CLERK)):
        raise DomainError.single(None, "forbidden", _("只有窗口人员可以开启窗口评价器。"), status=403)
    case = case_list_visible_to(user=clerk).filter(qs).first()
    if case is None:
        raise NotFound(_("办件不存在。"))
    if not _handled_by(case, clerk):
        raise DomainError.single("number", "not_handled", _("只能为本人经办的办件开启评价。"), status=403)
    return case


def tablet_case_for(*, number: str, clerk) -> Case:
    return _tablet_case(Q(number=(number or "").strip()[:32]), clerk)


def tablet_case_by_id(*, case_id: int, clerk) -> Case:
    return _tablet_case(Q(pk=case_id), clerk)
