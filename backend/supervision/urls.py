from django.urls import include, path

from . import api

urlpatterns = [
    path("supervision/clocks/", api.ClockListApi.as_view(), name="api-supervision-clocks"),
    path("", include("backend.supervision.urls_rules")),
]
