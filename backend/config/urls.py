from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from backend.accounts.api import TokenObtainApi
from backend.cases import api as case_api
from backend.catalog import api as catalog_api
from backend.common.language import set_language

api_v1 = [
    path("auth/token/", TokenObtainApi.as_view(), name="api-token"),
    path("items/", catalog_api.ItemListApi.as_view(), name="api-items"),
    path("items/<str:code>/", catalog_api.ItemDetailApi.as_view(), name="api-item"),
    path("", include("workflows.urls")),
    path("cases/<str:number>/", case_api.CaseDetailApi.as_view(), name="api-case"),
    path("cases/<str:number>/materials/", case_api.CaseMaterialUploadApi.as_view(), name="api-case-materials"),
    path("cases/<str:number>/materials/<int:material_id>/remove/", case_api.CaseMaterialRemoveApi.as_view(),
         name="api-case-material-remove"),
    path("public/cases/<str:number>/", case_api.CasePublicApi.as_view(), name="api-public-case"),
    path("", include("backend.workcalendar.urls")),
    path("", include("backend.supervision.urls")),
    path("", include("backend.statistics.urls")),
    path("", include("backend.scorecards.urls")),
    path("", include("backend.certificates.urls")),
    path("", include("backend.ratings.urls")),
    path("letters/", include("workflows.urls_letters")),
    path("letters/", include("backend.letters.urls")),
    path("foi/reports/", include("backend.foi.urls_report")),
    path("foi/", include("workflows.urls_foi")),
    path("foi/", include("backend.foi.urls")),
    path("disclosure/catalogue/", include("backend.directory.urls")),
    path("disclosure/inspection/", include("backend.inspection.urls")),
    path("disclosure/scores/", include("backend.unitscores.urls")),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file, so the page runs under script-src 'self'.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    # Django's set_language, taking no CSRF token: the form sits on cached public pages.
    path("i18n/setlang/", set_language, name="set_language"),
    path("supervision/stats/", include("backend.statistics.urls_html")),
    path("supervision/scorecards/", include("backend.scorecards.urls_html")),
    path("supervision/", include("backend.supervision.urls_html")),
    path("notifications/", include("backend.supervision.urls_notifications")),
    path("certificates/", include("backend.certificates.urls_html")),
    path("ratings/", include("backend.ratings.urls_html")),
    path("letters/", include("workflows.urls_letters_html")),
    path("letters/", include("backend.letters.urls_html")),
    path("foi/reports/", include("backend.foi.urls_report_html")),
    path("foi/", include("workflows.urls_foi_html")),
    path("foi/", include("backend.foi.urls_html")),
    path("directory/", include("backend.directory.urls_html")),
    path("inspection/", include("backend.inspection.urls_html")),
    path("disclosure-scores/", include("backend.unitscores.urls_html")),
    path("", include("backend.cases.urls")),
    path("", include("workflows.urls_html")),
    path("", include("backend.scorecards.urls_public")),
    path("", include("backend.unitscores.urls_public")),
    path("", include("workflows.urls_letters_public")),
    path("", include("backend.letters.urls_public")),
    path("", include("backend.foi.urls_public")),
    path("", include("backend.foi.urls_report_public")),
    path("", include("backend.directory.urls_public")),
    path("", include("backend.disclosure.urls")),
    path("", include("backend.portal.urls")),
]

if settings.BENCH_VIEWS:  # tests/bench/load.py's ceiling; off everywhere else
    from backend.common.bench import ping

    urlpatterns.insert(0, path("bench/ping/", ping, name="bench-ping"))

handler500 = "backend.common.outage.server_error"
# Under /api/ each answers JSON errors ({"errors": [...]}); elsewhere the usual pages.
handler400 = "backend.common.http_errors.bad_request"
handler404 = "backend.common.http_errors.not_found"
