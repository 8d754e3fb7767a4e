"""Public scorecard pages, open without login: the method, and each month's published ranking."""

from django.urls import path, re_path

from . import views

app_name = "scorecards_public"

MONTH = r"(?P<month>\d{4}-\d{2})"

urlpatterns = [
    path("public/scorecards/", views.ranking_list_public, name="list"),
    path("public/scorecards/method/", views.method_public, name="method"),
    re_path(rf"^public/scorecards/{MONTH}/$", views.ranking_detail_public, name="detail"),
    re_path(rf"^public/scorecards/{MONTH}/circular\.pdf$", views.ranking_pdf_public, name="pdf"),
]
