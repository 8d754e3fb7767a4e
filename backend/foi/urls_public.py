"""Public routes of information requests, at the site root (namespace "foi_public")."""

from django.urls import path

from . import views_public

app_name = "foi_public"

urlpatterns = [
    path("information-requests/track/", views_public.track, name="track"),
]
