"""Machine-readable disclosure: `/public/api/guides/` and `/public/api/results/` (JSON, no login).

Plain Django views rather than DRF: they are anonymous, read-only and cache-validated (ETag and
Last-Modified, 304 on revalidation), and they are documented in docs/disclosure.md rather than in
the authenticated API's OpenAPI schema. Errors keep the §4 shape.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlencode

from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from backend.common.errors import DomainError

from . import selectors
from .models import Publication

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def error_response(exc: DomainError) -> JsonResponse:
    return JsonResponse({"errors": [e.as_dict() for e in exc.errors]}, status=exc.status,
                        json_dumps_params={"ensure_ascii": False})


def _positive(request, name: str, default: int, maximum: int | None = None) -> int:
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    # ASCII digits only ("²".isdigit() is true) and bounded, so int() and OFFSET never overflow.
    if not re.fullmatch(r"[0-9]{1,6}", raw) or int(raw) < 1 or (maximum and int(raw) > maximum):
        message = _("%(name)s 应为 1 到 %(max)s 之间的整数。") % {"name": name, "max": maximum or "∞"}
        raise DomainError.single(name, "invalid", message)
    return int(raw)


def guide_json(p: Publication, request=None) -> dict:
    return {
        "id": str(p.uuid), "code": p.item_code, "name": p.item_name,
        "department": {"code": p.department_code, "name": p.department_name},
        "publication_version": p.version, "published_at": p.published_at.isoformat(),
        "url": _absolute(request, f"/public/guides/{p.subject}/"),
        "correction_reason": p.correction_reason or None,
        "guide": p.payload,
    }


def result_json(p: Publication, request=None) -> dict:
    data = {key: p.payload.get(key) for key in (
        "case_number", "item", "applicant", "applicant_type", "credit_code", "decision", "decision_label",
        "decided_on", "completed_at", "promised_limit_days", "statutory_limit_days", "used_working_days",
        "certificate")}
    data.update({
        "id": str(p.uuid), "publication_version": p.version, "published_at": p.published_at.isoformat(),
        "url": _absolute(request, f"/public/results/{p.subject}/"),
        "correction_reason": p.correction_reason or None,
    })
    return data


def notice_json(p: Publication, request=None) -> dict:
    data = {key: p.payload.get(key) for key in (
        "case_number", "title", "item", "applicant", "applicant_type", "starts_on", "ends_on", "period_days",
        "day_kind", "text", "contact_phone")}
    data.update({"id": str(p.uuid), "publication_version": p.version, "published_at": p.published_at.isoformat(),
                 "url": _absolute(request, f"/public/notices/{p.subject}/")})
    return data


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


def _validators(request, *, kind: str, count: int) -> tuple[str, str | None]:
    changed, newest = selectors.change_marker(kind=kind)
    query = urlencode(sorted(request.GET.items()))
    language = getattr(request, "LANGUAGE_CODE", "")
    tag = hashlib.sha256(f"{kind}|{changed}|{newest}|{count}|{query}|{language}".encode()).hexdigest()[:32]
    return f'"{tag}"', (http_date(changed.timestamp()) if changed else None)


def _not_modified(request, etag: str, last_modified: str | None) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:  # RFC 9110: when present, If-Modified-Since is ignored
        tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
        return "*" in tags or etag in tags
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return bool(since and last_modified and parse_http_date_safe(last_modified) <= since)


def _listing(request, *, kind: str, queryset, render) -> HttpResponse:
    try:
        page = _positive(request, "page", 1)
        size = _positive(request, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        count = queryset.count()
    except DomainError as exc:
        return error_response(exc)
    etag, last_modified = _validators(request, kind=kind, count=count)
    if _not_modified(request, etag, last_modified):
        response = HttpResponse(status=304)
    else:
        rows = list(queryset[(page - 1) * size: page * size])

        def link(n: int) -> str:
            return request.build_absolute_uri(f"{request.path}?{urlencode({**request.GET.dict(), 'page': n})}")

        response = JsonResponse({
            "count": count, "page": page, "page_size": size,
            "next": link(page + 1) if page * size < count else None,
            "previous": link(page - 1) if page > 1 else None,
            "results": [render(p, request) for p in rows],
        }, json_dumps_params={"ensure_ascii": False})
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = last_modified
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    response["Vary"] = "Accept-Language, Cookie"
    return response


@require_safe
def guide_list_api(request):
    search = request.GET.get("q", "").strip()[:100]
    department = request.GET.get("department", "").strip()[:32]
    return _listing(request, kind=Publication.Kind.GUIDE, render=guide_json,
                    queryset=selectors.guide_list_public(search=search, department=department))


@require_safe
def result_list_api(request):
    try:
        queryset = selectors.result_list_public(
            department=request.GET.get("department", "").strip()[:32], item=request.GET.get("item", "").strip()[:40],
            month=request.GET.get("month", "").strip()[:20])
    except DomainError as exc:
        return error_response(exc)
    return _listing(request, kind=Publication.Kind.RESULT, render=result_json, queryset=queryset)


@require_safe
def notice_list_api(request):
    queryset = selectors.notice_list_public(today=timezone.localdate(), running_only=request.GET.get("running") == "1")
    return _listing(request, kind=Publication.Kind.NOTICE, render=notice_json, queryset=queryset)


def _detail(request, *, kind: str, subject: str, render) -> JsonResponse:
    publication = selectors.publication_get_public(kind=kind, subject=subject)
    if publication is None:
        return error_response(DomainError.single(None, "not_found", _("没有找到该公开信息。"), status=404))
    if publication.status == Publication.Status.WITHDRAWN:
        return JsonResponse({"errors": [{"field": None, "code": "withdrawn",
                                         "message": _("该信息已撤回：%(reason)s") % {
                                             "reason": publication.withdrawn_reason}}]},
                            status=410, json_dumps_params={"ensure_ascii": False})
    return JsonResponse(render(publication, request), json_dumps_params={"ensure_ascii": False})


@require_safe
def guide_detail_api(request, code: str):
    return _detail(request, kind=Publication.Kind.GUIDE, subject=code, render=guide_json)


@require_safe
def result_detail_api(request, number: str):
    return _detail(request, kind=Publication.Kind.RESULT, subject=number, render=result_json)
