"""urls_public routes of backend.foi (filled by the app)."""

from django.urls import path  # noqa: F401

app_name = "foi_public"

urlpatterns: list = []
