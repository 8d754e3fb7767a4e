"""Scorecard APIs (included from config/urls.py under /api/v1/)."""

from django.urls import path, re_path

from . import api

urlpatterns = [
    path("supervision/scorecards/", api.ScorecardListApi.as_view(), name="api-scorecards"),
    path("supervision/scorecards/methods/", api.ScoringMethodListApi.as_view(), name="api-scorecard-methods"),
    re_path(r"^supervision/scorecards/(?P<month>\d{4}-\d{2})/$", api.ScorecardDetailApi.as_view(),
            name="api-scorecard"),
]
