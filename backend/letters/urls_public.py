"""urls_public routes of backend.letters (filled by the app)."""

from django.urls import path  # noqa: F401

app_name = "letters_public"

urlpatterns: list = []
