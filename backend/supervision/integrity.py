"""Verifying the tamper-evident log from the workbench, the daily schedule and the command: each run
is a LogVerification row, and its result is itself appended to the log."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils.translation import gettext as _

from backend.common.errors import DomainError

from . import hashlog
from .models import LogVerification


def _verify_consistently() -> hashlog.VerifyResult:
    """On PostgreSQL, outside a transaction, walk the chain in one REPEATABLE READ snapshot so that
    entries appended meanwhile never look like a cut-off tail."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            return hashlog.verify()
    return hashlog.verify()


def log_verify(*, now: datetime, source: str, actor=None) -> LogVerification:
    """Verify the whole chain, record the run and append its result to the log. `now`: when it
    started; the finish is `now` plus the time the walk took."""
    began = time.monotonic()
    result = _verify_consistently()
    finished = now + timedelta(seconds=time.monotonic() - began)
    with transaction.atomic():
        run = LogVerification.objects.create(
            started_at=now, finished_at=finished, ok=result.ok, entries_checked=result.count,
            first_broken_seq=result.broken_seq, detail=result.reason, source=source, triggered_by=actor)
        hashlog.append("log_verified", {"verification": run.pk, "ok": result.ok, "entries_checked": result.count,
                                        "first_broken_seq": result.broken_seq, "detail": result.reason,
                                        "source": source, "actor": actor.username if actor else None},
                       now=finished)
    return run


def log_verify_from_board(*, actor, now: datetime) -> LogVerification:
    from .selectors import can_supervise

    if not can_supervise(actor):
        raise DomainError.single(None, "forbidden", _("只有监察人员和管理员可以校验监察日志。"), status=403)
    return log_verify(now=now, source=LogVerification.Source.BOARD, actor=actor)


def log_verification_latest() -> LogVerification | None:
    return LogVerification.objects.select_related("triggered_by").order_by("-started_at", "-pk").first()
