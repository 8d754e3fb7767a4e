"""The disclosure office's pages under /foi/ (namespace "foi"). Filing and the process steps:
workflows/urls_foi_html.py (namespace "foi_flow"), included before these."""

from django.urls import path

from . import views

app_name = "foi"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("<str:number>/", views.request_detail, name="detail"),
    path("<str:number>/extend/", views.request_extend, name="extend"),
    path("<str:number>/supplement/", views.request_supplement, name="supplement"),
    path("<str:number>/supplement-answer/", views.request_answer, name="answer"),
    path("<str:number>/consultations/", views.request_consult, name="consult"),
    path("<str:number>/consultations/<int:consultation_id>/close/", views.consultation_close, name="consult-close"),
    path("<str:number>/reply/", views.request_reply, name="reply"),
    path("<str:number>/files/", views.request_file, name="file"),
    path("<str:number>/files/<int:file_id>/", views.reply_file, name="file-download"),
    path("<str:number>/reply.pdf", views.reply_pdf, name="reply-pdf"),
]
