from django.urls import include, path

from . import urls_orders, views

app_name = "supervision"

urlpatterns = [
    path("", views.board, name="board"),
    path("orders/", include(urls_orders.html)),
    path("cases/<str:number>/clock/suspend/", views.case_clock_suspend, name="case-clock-suspend"),
    path("cases/<str:number>/clock/resume/", views.case_clock_resume, name="case-clock-resume"),
    path("cases/<str:number>/clock/extend/", views.case_clock_extend, name="case-clock-extend"),
]
