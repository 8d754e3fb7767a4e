"""Letters APIs that start or advance the process; mounted at /api/v1/letters/ beside
backend.letters.urls (backend/config/urls.py)."""

from django.urls import path

from . import letters_api as api

urlpatterns = [
    path("", api.LetterWriteApi.as_view(), name="api-letters-write"),
    path("reopen/", api.LetterReopenApi.as_view(), name="api-letters-reopen"),
    path("staff/<str:number>/screen/", api.LetterScreenApi.as_view(), name="api-letters-screen"),
    path("staff/<str:number>/draft/", api.LetterDraftApi.as_view(), name="api-letters-draft"),
    path("staff/<str:number>/sign/", api.LetterSignApi.as_view(), name="api-letters-sign"),
    path("staff/<str:number>/transfer/", api.LetterTransferApi.as_view(), name="api-letters-transfer"),
]
