from django.urls import path

from . import views

urlpatterns = [
    path("cases/<str:number>/notice.pdf", views.case_notice, name="case-notice"),
]
