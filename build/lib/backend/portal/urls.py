from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("guides/<str:code>/", views.guide, name="guide"),
    path("track/", views.track, name="track"),
    path("my/cases/", views.my_cases, name="my-cases"),
    path("cases/<str:number>/", views.case_detail, name="case"),
    path("cases/<str:number>/materials/", views.case_materials, name="case-materials"),
    path("cases/<str:number>/materials/<int:material_id>/", views.material_download, name="material"),
    # workflows.urls_html is included before this module and serves the same path with the
    # claim/complete actions; this read-only page is its base and keeps the name portal:task.
    path("staff/tasks/<int:task_id>/", views.task_detail, name="task"),
]
