from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("staff/tasks/<int:task_id>/", views.task_detail, name="task"),
]
