"""Scorecard pages for supervision officers (mounted at /supervision/scorecards/)."""

from django.urls import path, re_path

from . import views

app_name = "scorecards"

MONTH = r"(?P<month>\d{4}-\d{2})"

urlpatterns = [
    path("", views.scorecard_list, name="list"),
    path("compute/", views.scorecard_compute, name="compute"),
    re_path(rf"^{MONTH}/$", views.scorecard_detail, name="detail"),
    re_path(rf"^{MONTH}/circular/$", views.circular_detail, name="circular"),
    re_path(rf"^{MONTH}/circular/sign-off/$", views.circular_sign_off, name="sign-off"),
    re_path(rf"^{MONTH}/circular/publish/$", views.circular_publish, name="publish"),
    re_path(rf"^{MONTH}/circular\.pdf$", views.circular_pdf, name="circular-pdf"),
]
