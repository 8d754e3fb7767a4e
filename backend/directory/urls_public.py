"""Public catalogue pages (mounted at the site root, no sign-in)."""

from django.urls import path

from . import views

app_name = "catalogue"

urlpatterns: list = [
    path("public/catalogue/", views.public_tree, name="tree"),
    path("public/catalogue/data.json", views.public_json, name="json"),
    path("public/catalogue/feed.atom", views.CatalogueFeed(), name="feed"),
    path("public/catalogue/documents/<str:subject>/", views.public_document, name="document"),
    path("public/catalogue/<slug:code>/", views.public_column, name="column"),
]
