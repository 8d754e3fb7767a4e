"""Staff catalogue pages under /directory/."""

from django.urls import path

from . import views

app_name = "directory"

urlpatterns: list = [
    path("", views.staff_list, name="list"),
    path("new/", views.staff_edit, name="new"),
    path("<int:pk>/", views.staff_detail, name="detail"),
    path("<int:pk>/edit/", views.staff_edit, name="edit"),
    path("<int:pk>/<str:action>/", views.staff_action, name="action"),
]
