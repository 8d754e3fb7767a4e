"""urls_report routes of the annual report (backend.foi.report; filled by it)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
