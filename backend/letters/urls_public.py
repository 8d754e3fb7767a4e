"""Public letters pages (mounted at the site root): published replies (list, detail, JSON, Atom),
the writer's tracking page and the published monthly statistics. Writing in and reopening are
workflows/urls_letters_public.py."""

from django.urls import path

from . import views

app_name = "letters_public"

urlpatterns: list = [
    path("public/letters/", views.public_list, name="list"),
    path("public/letters/track/", views.track, name="track"),
    path("public/letters/data.json", views.public_json, name="json"),
    path("public/letters/feed.atom", views.LetterFeed(), name="feed"),
    path("public/letters/stats/", views.public_stats, name="stats"),
    path("public/letters/stats/<str:subject>/", views.public_stats_detail, name="stats-detail"),
    path("public/letters/<str:number>/", views.public_detail, name="detail"),
]
