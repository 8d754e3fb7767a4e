"""Pages that file or advance information requests, under /foi/ before backend.foi.urls_html
(namespace "foi_flow")."""

from django.urls import path

from . import foi_views

app_name = "foi_flow"

urlpatterns = [
    path("apply/", foi_views.apply, name="apply"),
    path("register/", foi_views.register, name="register"),
    path("<str:number>/confirm/", foi_views.confirm, name="confirm"),
    path("<str:number>/submit/", foi_views.submit, name="submit"),
    path("<str:number>/sign/", foi_views.sign, name="sign"),
    path("<str:number>/deliver/", foi_views.deliver, name="deliver"),
]
