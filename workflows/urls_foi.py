"""API routes that file or advance information requests, under /api/v1/foi/ before backend.foi.urls."""

from django.urls import path

from . import foi_api

urlpatterns = [
    path("requests/", foi_api.RequestCollectionApi.as_view(), name="api-foi-requests"),
    path("requests/<str:number>/confirm/", foi_api.RequestConfirmApi.as_view(), name="api-foi-confirm"),
    path("requests/<str:number>/submit/", foi_api.RequestSubmitApi.as_view(), name="api-foi-submit"),
    path("requests/<str:number>/sign/", foi_api.RequestSignApi.as_view(), name="api-foi-sign"),
    path("requests/<str:number>/send-back/", foi_api.RequestSendBackApi.as_view(), name="api-foi-send-back"),
    path("requests/<str:number>/deliver/", foi_api.RequestDeliverApi.as_view(), name="api-foi-deliver"),
]
