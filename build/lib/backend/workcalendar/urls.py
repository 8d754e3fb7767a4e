"""Included by the project under /api/v1/."""

from django.urls import path

from .api import CalendarBetweenApi, CalendarDeadlineApi

urlpatterns = [
    path("calendar/deadline/", CalendarDeadlineApi.as_view(), name="calendar-deadline"),
    path("calendar/between/", CalendarBetweenApi.as_view(), name="calendar-between"),
]
