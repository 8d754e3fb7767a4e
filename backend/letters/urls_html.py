"""Staff letters pages under /letters/ (the step actions are workflows/urls_letters_html.py)."""

from django.urls import path

from . import views

app_name = "letters"

urlpatterns: list = [
    path("", views.staff_list, name="list"),
    path("stats/", views.staff_stats, name="stats"),
    path("<str:number>/", views.staff_detail, name="detail"),
    path("<str:number>/attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
]
