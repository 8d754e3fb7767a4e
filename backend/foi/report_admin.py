"""Admin for annual reports (read-only: they change through report_services, which checks and logs).
Imported from backend/foi/admin.py (`from . import report_admin  # noqa: F401`)."""

from django.contrib import admin

from backend.common.admin import ReadOnlyAdmin

from .models_report import AnnualReport


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("year", "organ", "status", "revision", "signed_off_at", "signer_name", "published_at")
    list_filter = ("status", "year")
    search_fields = ("organ__name", "organ__code")
