"""Published annual reports on the public site, open without login (mounted at the site root)."""

from django.urls import path, re_path

from . import report_feeds
from . import report_views as views

app_name = "foi_report_public"

SUBJECT = r"(?P<subject>\d{4}(?:-[-\w]+)?)"

urlpatterns = [
    path("public/foi/reports/", views.public_list, name="list"),
    re_path(rf"^public/foi/reports/{SUBJECT}/$", views.public_detail, name="detail"),
    re_path(rf"^public/foi/reports/{SUBJECT}\.json$", views.public_json, name="json"),
    re_path(rf"^public/foi/reports/{SUBJECT}\.xlsx$", views.public_excel, name="excel"),
    path("public/feeds/foi-reports.atom", report_feeds.ReportFeed(), name="feed"),
]
