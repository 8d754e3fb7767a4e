"""What a request gets when something it needs is away (handler500): a lost PostgreSQL connection
answers 503 with Retry-After — JSON errors on the API, a short page elsewhere — instead of a bare
500; any other server error answers 500 in the same two forms. Nothing here touches the database,
so the answer comes quickly while it is down; transactions left nothing half-made, and the next
request reconnects (CONN_HEALTH_CHECKS) once it is back, with no restart."""

from __future__ import annotations

import sys

from django.db import DatabaseError, InterfaceError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 10


# SQLSTATE classes of a database that is away: 08 connection exception, 57P01–57P05 shut down,
# crashed, not yet accepting connections. Other operational errors — a statement timeout (57014), a
# deadlock (40P01), a lock not available (55P03), SQLite's "database is locked" — are answered
# 500 like any server error: the database is there, and "it is away" would mislead the operator.
AWAY_SQLSTATES = ("08", "57P")
AWAY_WORDS = ("connection", "server closed", "could not connect", "unable to open database")


def _database_away(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, InterfaceError):
            return True
        if isinstance(exc, DatabaseError):
            # Django re-raises the driver's error as its own, `from` it: the driver's has the SQLSTATE.
            sqlstate = getattr(exc.__cause__, "sqlstate", None) or getattr(exc, "sqlstate", None)
            if sqlstate:
                return sqlstate.startswith(AWAY_SQLSTATES)
            if any(word in str(exc).lower() for word in AWAY_WORDS):
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
