from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.board, name="board"),
    path("log/verify/", views.log_verify, name="log-verify"),
    path("cases/<str:number>/clock/suspend/", views.case_clock_suspend, name="case-clock-suspend"),
    path("cases/<str:number>/clock/resume/", views.case_clock_resume, name="case-clock-resume"),
    path("cases/<str:number>/clock/extend/", views.case_clock_extend, name="case-clock-extend"),
]
