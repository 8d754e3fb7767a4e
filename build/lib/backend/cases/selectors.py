"""Reads of cases, filtered once at the queryset by who is asking."""

from __future__ import annotations

import secrets

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from backend.accounts import roles
from backend.common.attempts import attempt_begin, attempt_succeeded
from backend.common.errors import NotFound

from .models import Case


def case_list_visible_to(*, user) -> QuerySet[Case]:
    qs = Case.objects.select_related("item__department", "guide", "service_centre", "process_version")
    if not user or not user.is_authenticated:
        return qs.none()
    if user.is_superuser or user.has_role(roles.SUPERVISOR) or user.has_role(roles.ADMIN):
        return qs
    condition = Q(applicant_user=user) | Q(filed_by=user)
    if user.is_staff_member and user.department_ids:
        condition |= Q(item__department_id__in=user.department_ids)
        condition |= Q(item__steps__department_id__in=user.department_ids)
    return qs.filter(condition).distinct()


def case_get_visible(*, number: str, user) -> Case:
    case = case_list_visible_to(user=user).filter(number=number).first()
    if case is None:
        raise NotFound(_("办件不存在。"))
    return case


def case_public_lookup(*, number: str, query_code: str) -> Case:
    """Anyone holding the number and query code sees the status, without logging in."""
    case = Case.objects.select_related("item__department").filter(number=(number or "").strip()).first()
    given = (query_code or "").strip().upper()
    if case is None or not secrets.compare_digest(case.query_code.encode(), given.encode()):
        raise NotFound(_("办件编号或查询码不正确。"))
    return case


# A query code has 31^8 values; ten wrong guesses per case number (and thirty per address) in
# fifteen minutes keeps guessing hopeless while a person who mistypes a few times is never stopped.
LOOKUP_FAILURES_PER_CASE = 10
LOOKUP_FAILURES_PER_CLIENT = 30


def case_public_lookup_guarded(*, number: str, query_code: str, client: str) -> Case:
    """case_public_lookup for anonymous callers (the tracking page and API): failures are counted
    per case number and per client address, and too many refuse further attempts (429)."""
    number_key = (number or "").strip()[:32]
    attempt_begin("lookup-case", [number_key], limit=LOOKUP_FAILURES_PER_CASE)
    attempt_begin("lookup-client", [client], limit=LOOKUP_FAILURES_PER_CLIENT)
    case = case_public_lookup(number=number, query_code=query_code)  # NotFound: the attempt stays counted
    attempt_succeeded("lookup-case", [number_key])
    attempt_succeeded("lookup-client", [client])
    return case


def case_timeline(*, case: Case):
    return case.events.select_related("actor").order_by("created_at", "id")


def acceptance_materials(case: Case) -> list[dict]:
    """The guide's materials as the acceptance checklist names them (workflows' input_schema)."""
    return [{"id": m.pk, "name": m.name, "required": m.required}
            for m in case.guide.materials.order_by("position", "id")]
