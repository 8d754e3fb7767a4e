"""Public pages of disclosure unit scores, open without login: the method and published rankings."""

from django.urls import path, re_path

from . import views

app_name = "unitscores_public"

PERIOD = r"(?P<period>\d{4}(?:Q[1-4])?)"

urlpatterns = [
    path("public/disclosure-scores/", views.ranking_list_public, name="list"),
    path("public/disclosure-scores/method/", views.method_public, name="method"),
    re_path(rf"^public/disclosure-scores/{PERIOD}/$", views.ranking_detail_public, name="detail"),
    re_path(rf"^public/disclosure-scores/{PERIOD}/circular\.pdf$", views.ranking_pdf_public, name="pdf"),
]
