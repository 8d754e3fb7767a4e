"""Writing a letter and reopening a reply, on the public site (before backend.letters.urls_public)."""

from django.urls import path

from . import letters_views as views

app_name = "letters_write"

urlpatterns = [
    path("public/letters/write/", views.write, name="write"),
    path("public/letters/reopen/", views.reopen, name="reopen"),
]
