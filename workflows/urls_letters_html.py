"""Staff letter steps under /letters/ (before backend.letters.urls_html in backend/config/urls.py)."""

from django.urls import path

from . import letters_views as views

app_name = "letters_flow"

urlpatterns = [
    path("<str:number>/screen/", views.screen, name="screen"),
    path("<str:number>/draft/", views.draft, name="draft"),
    path("<str:number>/sign/", views.sign, name="sign"),
    path("<str:number>/transfer/", views.transfer, name="transfer"),
]
