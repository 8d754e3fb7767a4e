"""handler400 and handler404: what Django answers when no view does — a path no URL
matches, a request refused before it reached a view. Under /api/ that is the API's JSON error shape
({"errors": [{field, code, message}]}, as backend/common/api.py renders what a view raises), so a
client never has to parse an HTML page; every other path keeps Django's pages (frontend/templates/
404.html). Server errors are answered in the same two forms by backend/common/outage.py, and a
wrong method on an API view by DRF through backend/common/api.py."""

from __future__ import annotations

from django.http import JsonResponse
from django.views import defaults
from rest_framework import exceptions

API_PREFIX = "/api/"


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def api_error(code: str, message, status: int) -> JsonResponse:
    return JsonResponse({"errors": [{"field": None, "code": code, "message": str(message)}]}, status=status,
                        json_dumps_params={"ensure_ascii": False})


# DRF's own messages, already translated by its catalogue: the same words an API view's 404 gives.
def not_found(request, exception=None):
    if is_api(request):
        return api_error("not_found", exceptions.NotFound.default_detail, 404)
    return defaults.page_not_found(request, exception)


def bad_request(request, exception=None):
    if is_api(request):
        return api_error("bad_request", exceptions.ParseError.default_detail, 400)
    return defaults.bad_request(request, exception)
