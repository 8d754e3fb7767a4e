from django.urls import include, path

from . import api, urls_orders

urlpatterns = [
    path("supervision/clocks/", api.ClockListApi.as_view(), name="api-supervision-clocks"),
    path("cases/<str:number>/clock/suspend/", api.CaseClockSuspendApi.as_view(), name="api-case-clock-suspend"),
    path("cases/<str:number>/clock/resume/", api.CaseClockResumeApi.as_view(), name="api-case-clock-resume"),
    path("cases/<str:number>/clock/extend/", api.CaseClockExtendApi.as_view(), name="api-case-clock-extend"),
    path("", include("backend.supervision.urls_rules")),
    path("supervision/orders/", include(urls_orders.api)),
]
