"""API routes of information requests, under /api/v1/foi/ (route names start with "api-"). Filing
and the process steps: workflows/urls_foi.py, included before these."""

from django.urls import path

from . import api

urlpatterns = [
    path("organs/", api.OrganChoicesApi.as_view(), name="api-foi-organs"),
    path("templates/", api.TemplateListApi.as_view(), name="api-foi-templates"),
    path("public/lookup/", api.PublicLookupApi.as_view(), name="api-foi-public-lookup"),
    path("public/supplement/", api.PublicSupplementApi.as_view(), name="api-foi-public-supplement"),
    path("public/reply.pdf", api.PublicReplyPdfApi.as_view(), name="api-foi-public-reply-pdf"),
    path("requests/<str:number>/", api.RequestDetailApi.as_view(), name="api-foi-request"),
    path("requests/<str:number>/extend/", api.RequestExtendApi.as_view(), name="api-foi-extend"),
    path("requests/<str:number>/supplement/", api.RequestSupplementApi.as_view(), name="api-foi-supplement"),
    path("requests/<str:number>/supplement-answer/", api.RequestSupplementAnswerApi.as_view(),
         name="api-foi-supplement-answer"),
    path("requests/<str:number>/consultations/", api.RequestConsultationApi.as_view(), name="api-foi-consultations"),
    path("requests/<str:number>/consultations/<int:consultation_id>/close/", api.ConsultationCloseApi.as_view(),
         name="api-foi-consultation-close"),
    path("requests/<str:number>/reply/", api.RequestReplyApi.as_view(), name="api-foi-reply"),
    path("requests/<str:number>/files/", api.RequestFileApi.as_view(), name="api-foi-files"),
    path("requests/<str:number>/reply.pdf", api.RequestReplyPdfApi.as_view(), name="api-foi-reply-pdf"),
]
