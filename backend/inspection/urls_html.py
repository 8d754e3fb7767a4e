"""Staff inspection pages under /inspection/."""

from django.urls import path

from . import views

app_name = "inspection"

urlpatterns: list = [
    path("", views.problem_list, name="list"),
    path("run/", views.run_now, name="run"),
    path("external/new/", views.external_new, name="external"),
    path("<int:pk>/", views.problem_detail, name="detail"),
    path("<int:pk>/<str:action>/", views.problem_action, name="action"),
]
