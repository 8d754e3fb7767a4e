from django.urls import include, path

from . import urls_orders, views, views_dashboard

app_name = "supervision"

urlpatterns = [
    path("", views.board, name="board"),
    path("dashboard/", views_dashboard.dashboard_page, name="dashboard"),
    path("orders/", include(urls_orders.html)),
    path("cases/<str:number>/", views_dashboard.case_drilldown, name="case"),
    path("log/verify/", views.log_verify, name="log-verify"),
    path("cases/<str:number>/clock/suspend/", views.case_clock_suspend, name="case-clock-suspend"),
    path("cases/<str:number>/clock/resume/", views.case_clock_resume, name="case-clock-resume"),
    path("cases/<str:number>/clock/extend/", views.case_clock_extend, name="case-clock-extend"),
]
