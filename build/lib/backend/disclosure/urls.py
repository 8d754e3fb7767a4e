"""Public disclosure routes, all under /public/ and open without login."""

from django.urls import path

from . import api, feeds, views

app_name = "disclosure"

urlpatterns = [
    path("public/", views.public_index, name="index"),
    path("public/guides/", views.guide_list, name="guides"),
    path("public/guides/<str:code>/", views.guide_detail, name="guide"),
    path("public/guides/<str:code>/print/", views.guide_detail, {"variant": "print"}, name="guide-print"),
    path("public/guides/<str:code>/kiosk/", views.guide_detail, {"variant": "kiosk"}, name="guide-kiosk"),
    path("public/kiosk/", views.kiosk_index, name="kiosk"),
    path("public/results/", views.result_list, name="results"),
    path("public/results/<str:number>/", views.result_detail, name="result"),
    path("public/notices/", views.notice_list, name="notices"),
    path("public/notices/<str:number>/", views.notice_detail, name="notice"),
    path("public/screen/", views.screen, name="screen"),
    path("public/api/guides/", api.guide_list_api, name="api-guides"),
    path("public/api/guides/<str:code>/", api.guide_detail_api, name="api-guide"),
    path("public/api/results/", api.result_list_api, name="api-results"),
    path("public/api/results/<str:number>/", api.result_detail_api, name="api-result"),
    path("public/api/notices/", api.notice_list_api, name="api-notices"),
    path("public/feeds/guides.atom", feeds.GuideFeed(), name="feed-guides"),
    path("public/feeds/results.atom", feeds.ResultFeed(), name="feed-results"),
]
