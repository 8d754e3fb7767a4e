"""urls routes of backend.letters (filled by the app)."""

from django.urls import path  # noqa: F401

# Under /api/v1/; route names start with "api-".
urlpatterns: list = []
