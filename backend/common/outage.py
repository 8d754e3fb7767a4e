"""What a request gets when something it needs is away (handler500): a lost PostgreSQL connection
answers 503 with Retry-After — JSON errors on the API, a short page elsewhere — instead of a bare
500; any other server error answers 500 in the same two forms. Nothing here touches the database,
so the answer comes quickly while it is down; transactions left nothing half-made, and the next
request reconnects (CONN_HEALTH_CHECKS) once it is back, with no restart."""

from __future__ import annotations

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 10


def _database_away(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, OperationalError | InterfaceError):
            return True
        if isinstance(exc, DatabaseError) and "connection" in str(exc).lower():
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def server_error(request, *args, **kwargs):
    unavailable = _database_away(sys.exc_info()[1])
    status = 503 if unavailable else 500
    if unavailable:
        message = _("服务暂时不可用（数据库连接中断），请稍后重试；已提交的办件不会丢失。")
    else:
        message = _("服务器内部错误，已记录，请稍后重试。")
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"errors": [{"field": None, "code": "unavailable" if unavailable else "server_error", "message": message}]},
            status=status, json_dumps_params={"ensure_ascii": False})
    else:
        # Rendered without a request context: context processors would ask the database.
        response = HttpResponse(render_to_string("outage.html", {"message": message, "status": status,
                                                                 "retry": RETRY_AFTER_SECONDS}), status=status)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
