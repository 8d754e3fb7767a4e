"""The calendar banner (DESIGN §3: a provisional year is computed, and staff are told so), shown on
every page of the people who can act on it or must read deadlines with care: department staff,
supervision officers and administrators. Computed only when a page shows it."""

from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from .calendar import refresh_if_stale
from .outlook import calendar_outlook


def _sees_banner(user) -> bool:
    return bool(user and user.is_authenticated and (
        user.is_staff or user.is_superuser or getattr(user, "is_staff_member", False)
        or getattr(user, "is_supervisor", False)))


def calendar_alarm_context(request) -> dict:
    user = getattr(request, "user", None)
    if not _sees_banner(user):
        return {}
    outlook = SimpleLazyObject(lambda: calendar_outlook(timezone.localdate(), refresh_if_stale()))
    return {"calendar_outlook": outlook,
            "calendar_alarm": SimpleLazyObject(lambda: outlook.message() or "")}
