"""Annual report pages for the disclosure office (mounted at /foi/reports/)."""

from django.urls import path

from . import report_views as views

app_name = "foi_report"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("generate/", views.report_generate, name="generate"),
    path("<int:report_id>/", views.report_detail, name="detail"),
    path("<int:report_id>/refresh/", views.report_refresh, name="refresh"),
    path("<int:report_id>/sign-off/", views.report_sign_off, name="sign-off"),
    path("<int:report_id>/publish/", views.report_publish, name="publish"),
    path("<int:report_id>/reopen/", views.report_reopen, name="reopen"),
    path("<int:report_id>/excel/", views.report_excel_download, name="excel"),
]
