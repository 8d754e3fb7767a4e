"""Disclosure unit score APIs (included from config/urls.py under /api/v1/disclosure/scores/)."""

from django.urls import path, re_path

from . import api

PERIOD = r"(?P<period>\d{4}(?:Q[1-4])?)"

urlpatterns = [
    path("", api.ScorecardListApi.as_view(), name="api-unitscores"),
    path("methods/", api.MethodListApi.as_view(), name="api-unitscore-methods"),
    path("compute/", api.ScorecardComputeApi.as_view(), name="api-unitscore-compute"),
    re_path(rf"^{PERIOD}/$", api.ScorecardDetailApi.as_view(), name="api-unitscore"),
    re_path(rf"^{PERIOD}/sign-off/$", api.ScorecardSignOffApi.as_view(), name="api-unitscore-sign-off"),
    re_path(rf"^{PERIOD}/publish/$", api.ScorecardPublishApi.as_view(), name="api-unitscore-publish"),
]
