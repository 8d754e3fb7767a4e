"""The inspection API, under /api/v1/disclosure/inspection/; route names start with "api-inspection"."""

from django.urls import path

from . import api

urlpatterns: list = [
    path("runs/", api.InspectionRunListApi.as_view(), name="api-inspection-runs"),
    path("problems/", api.InspectionProblemListApi.as_view(), name="api-inspection-problems"),
    path("problems/external/", api.InspectionExternalEntryApi.as_view(), name="api-inspection-external"),
    path("problems/<int:pk>/", api.InspectionProblemDetailApi.as_view(), name="api-inspection-problem"),
    path("problems/<int:pk>/reply/", api.InspectionProblemReplyApi.as_view(), name="api-inspection-reply"),
    path("problems/<int:pk>/close/", api.InspectionProblemCloseApi.as_view(), name="api-inspection-close"),
    path("problems/<int:pk>/reopen/", api.InspectionProblemReopenApi.as_view(), name="api-inspection-reopen"),
    path("problems/<int:pk>/orders/", api.InspectionProblemOrderApi.as_view(), name="api-inspection-order"),
]
