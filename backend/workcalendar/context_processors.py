"""The calendar alarm (DESIGN §3: a deadline that needs a year with no data is an alarm, not a crash),
shown on the admin and supervision pages to the people who can act on it."""

from django.utils import timezone

from .calendar import calendar_alarm, refresh_if_stale


def calendar_alarm_context(request) -> dict:
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated and (user.is_staff or getattr(user, "is_supervisor", False))):
        return {}
    return {"calendar_alarm": calendar_alarm(timezone.localdate(), refresh_if_stale())}
