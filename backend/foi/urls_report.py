"""Annual report API (mounted at /api/v1/foi/reports/)."""

from django.urls import path

from . import report_api as api

urlpatterns = [
    path("", api.ReportListApi.as_view(), name="api-foi-reports"),
    path("<int:report_id>/", api.ReportDetailApi.as_view(), name="api-foi-report"),
    path("<int:report_id>/refresh/", api.ReportRefreshApi.as_view(), name="api-foi-report-refresh"),
    path("<int:report_id>/sign-off/", api.ReportSignOffApi.as_view(), name="api-foi-report-sign-off"),
    path("<int:report_id>/publish/", api.ReportPublishApi.as_view(), name="api-foi-report-publish"),
    path("<int:report_id>/reopen/", api.ReportReopenApi.as_view(), name="api-foi-report-reopen"),
]
