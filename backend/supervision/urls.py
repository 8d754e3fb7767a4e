from django.urls import path

from . import api

urlpatterns = [
    path("supervision/clocks/", api.ClockListApi.as_view(), name="api-supervision-clocks"),
]
