"""DRF exception handler rendering every error as {"errors": [{field, code, message}]}."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from viewflow.workflow.exceptions import FlowLockFailed

from .errors import DomainError, unknown_fields

# The answers every write endpoint documents besides its success (the §4 error shape).
ERROR_RESPONSES = {400: OpenApiResponse(description="field errors"), 403: OpenApiResponse(description="not allowed"),
                   404: OpenApiResponse(description="not visible"), 409: OpenApiResponse(description="wrong state")}


def request_object(request):
    """The request body as a mapping (a JSON object or a form), or a 400 naming the body: a JSON
    list, string or number has no fields to read."""
    if not isinstance(request.data, Mapping):
        raise DomainError.single(None, "invalid", _("请求体应为 JSON 对象。"))
    return request.data


def request_fields(request, known) -> dict:
    """The body as a mapping whose every field the endpoint knows; a misspelt field is a 400."""
    data = request_object(request)
    extra = unknown_fields(data, known)
    if extra:
        raise DomainError(extra)
    return data


def _flatten(detail, prefix: str | None = None) -> list[dict]:
    out: list[dict] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = key if key != "non_field_errors" else None
            if prefix and name:
                name = f"{prefix}.{name}"
            elif prefix:
                name = prefix
            out.extend(_flatten(value, name))
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                out.extend(_flatten(value, f"{prefix}[{index}]" if prefix else str(index)))
            else:
                out.extend(_flatten(value, prefix))
    else:
        code = getattr(detail, "code", "invalid")
        out.append({"field": prefix, "code": code, "message": str(detail)})
    return out


def errors_response(errors: list[dict], status_code: int) -> Response:
    return Response({"errors": errors}, status=status_code)


def exception_handler(exc, context):
    response = _error_response(exc, context)
    request = context.get("request")
    if response is not None and request is not None:
        # An error is JSON whatever the client accepts and whatever the view renders otherwise (the
        # Swagger page, DRF's browsable pages for a browser): the view copies this onto the response.
        request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
    return response


def _error_response(exc, context):
    if isinstance(exc, DomainError):
        return errors_response([e.as_dict() for e in exc.errors], exc.status)
    if isinstance(exc, FlowLockFailed):
        return errors_response(
            [{"field": None, "code": "locked", "message": _("另一位工作人员正在处理此办件，请稍后重试。")}],
            status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"errors": _flatten(exc.detail)}
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        code = getattr(exc, "default_code", "error")
        if isinstance(exc, exceptions.APIException):
            codes = exc.get_codes()
            code = codes if isinstance(codes, str) else code
        response.data = {"errors": [{"field": None, "code": code, "message": str(detail)}]}
    return response
