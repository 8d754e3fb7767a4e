"""urls routes of backend.letters: the read-only APIs and the writer's rating. Under
/api/v1/letters/ (the process-advancing ones are workflows/urls_letters.py, same prefix)."""

from django.urls import path

from . import api

# Under /api/v1/; route names start with "api-".
urlpatterns: list = [
    path("mailboxes/", api.MailboxListApi.as_view(), name="api-letters-mailboxes"),
    path("track/", api.LetterTrackApi.as_view(), name="api-letters-track"),
    path("rating/", api.LetterRateApi.as_view(), name="api-letters-rating"),
    path("staff/", api.LetterStaffListApi.as_view(), name="api-letters-staff"),
    path("staff/<str:number>/", api.LetterStaffDetailApi.as_view(), name="api-letters-staff-detail"),
    path("stats/", api.LetterStatsApi.as_view(), name="api-letters-stats"),
]
