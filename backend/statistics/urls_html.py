from django.urls import path

from . import views

app_name = "statistics"

urlpatterns = [
    path("", views.stats_page, name="stats"),
]
