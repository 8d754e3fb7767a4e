from django.urls import path

from . import api

urlpatterns = [
    path("certificates/", api.CertificateListApi.as_view(), name="api-certificates"),
    path("certificates/<int:pk>/", api.CertificateDetailApi.as_view(), name="api-certificate"),
    path("certificates/<int:pk>/revoke/", api.CertificateRevokeApi.as_view(), name="api-certificate-revoke"),
]
