"""The rating pages, mounted at /ratings/ (backend/config/urls.py)."""

from django.urls import path

from . import views

app_name = "ratings"

urlpatterns = [
    path("", views.rate_by_code, name="by-code"),
    path("cases/<str:number>/", views.rate_own_case, name="own-case"),
    path("tablet/", views.tablet, name="tablet"),
    path("staff/", views.staff_list, name="staff-list"),
]
