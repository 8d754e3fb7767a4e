"""The certificate register's pages, mounted at /certificates/ (backend/config/urls.py)."""

from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("", views.certificate_list, name="list"),
    path("<int:pk>/", views.certificate_detail, name="detail"),
    path("<int:pk>/revoke/", views.certificate_revoke, name="revoke"),
    path("deliveries/<str:number>/proof/", views.delivery_proof, name="delivery-proof"),
]
