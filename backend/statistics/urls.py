from django.urls import path

from . import api

urlpatterns = [
    path("supervision/stats/", api.StatsApi.as_view(), name="api-supervision-stats"),
]
