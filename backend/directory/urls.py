"""The catalogue API, under /api/v1/disclosure/catalogue/; route names start with "api-"."""

from django.urls import path

from . import api

urlpatterns: list = [
    path("columns/", api.DirectoryColumnListApi.as_view(), name="api-catalogue-columns"),
    path("documents/", api.DirectoryDocumentListApi.as_view(), name="api-catalogue-documents"),
    path("documents/<int:pk>/", api.DirectoryDocumentDetailApi.as_view(), name="api-catalogue-document"),
    path("documents/<int:pk>/interpretations/", api.DirectoryInterpretationListApi.as_view(),
         name="api-catalogue-interpretations"),
    path("documents/<int:pk>/submit/", api.DirectoryDocumentSubmitApi.as_view(), name="api-catalogue-submit"),
    path("documents/<int:pk>/review/", api.DirectoryDocumentReviewApi.as_view(), name="api-catalogue-review"),
    path("documents/<int:pk>/sign-off/", api.DirectoryDocumentSignOffApi.as_view(), name="api-catalogue-sign-off"),
    path("documents/<int:pk>/withdraw/", api.DirectoryDocumentWithdrawApi.as_view(), name="api-catalogue-withdraw"),
    path("documents/<int:pk>/correct/", api.DirectoryDocumentCorrectApi.as_view(), name="api-catalogue-correct"),
]
