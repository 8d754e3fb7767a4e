"""Staff pages of disclosure unit scores (mounted at /disclosure-scores/)."""

from django.urls import path, re_path

from . import views

app_name = "unitscores"

PERIOD = r"(?P<period>\d{4}(?:Q[1-4])?)"

urlpatterns = [
    path("", views.scorecard_list, name="list"),
    path("compute/", views.scorecard_compute, name="compute"),
    re_path(rf"^{PERIOD}/$", views.scorecard_detail, name="detail"),
    re_path(rf"^{PERIOD}/circular/$", views.circular_detail, name="circular"),
    re_path(rf"^{PERIOD}/circular/sign-off/$", views.circular_sign_off, name="sign-off"),
    re_path(rf"^{PERIOD}/circular/publish/$", views.circular_publish, name="publish"),
    re_path(rf"^{PERIOD}/circular\.pdf$", views.circular_pdf, name="circular-pdf"),
]
