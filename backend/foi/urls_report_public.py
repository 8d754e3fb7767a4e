"""Annual report routes (backend.foi.report; filled by it)."""

from django.urls import path  # noqa: F401

app_name = "foi_report_public"

urlpatterns: list = []
