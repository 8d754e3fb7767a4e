"""Special procedures configured as steps (行政许可法 art. 45: 听证, 检验检测, 专家评审 …): while
such a step's task is open the case's promised and statutory clocks stand still; the step runs on
its own step clock. The stop and the restart are ledger entries like a manual suspension (no
acting person: the process did it), in the tamper-evident log, and the applicant is told of both
with the procedure and its expected length."""

from __future__ import annotations

from datetime import datetime

from django.utils import translation
from django.utils.translation import gettext as _

from backend.cases.models import Case
from backend.catalog.models import ProcessStep
from backend.common.errors import Conflict

from . import ledger, notifications
from .derivation import _rederive_all
from .models import Clock, ClockEntry, Notification

LEGAL_BASIS = "《中华人民共和国行政许可法》第四十五条"
CASE_CLOCKS = (Clock.Kind.PROMISED, Clock.Kind.STATUTORY)


def _case_clocks(case: Case) -> list[Clock]:
    from .services import _open_clocks

    try:
        return _open_clocks(case, kinds=CASE_CLOCKS)
    except Conflict:  # no case clock running (not accepted, or completed): nothing stands still
        return []


def procedure_start(*, case: Case, step: str, budget_days: int, now: datetime) -> list[Clock]:
    clocks = _case_clocks(case)
    if not clocks or ClockEntry.objects.filter(clock__in=clocks, kind=ClockEntry.Kind.SUSPENSION,
                                               end_date__isnull=True).exists():
        return []  # already standing still (a suspension an officer recorded): these days do not count anyway
    today = ledger.local_date(now)
    with translation.override(notifications.LANGUAGE):  # the record and the applicant's notice, in Chinese
        label = str(ProcessStep.Step(step).label)
        reason = _("%(procedure)s（预计 %(days)s 个工作日，不计入办理时限）") % {
            "procedure": label, "days": budget_days}
    ClockEntry.objects.bulk_create(
        ClockEntry(clock=c, kind=ClockEntry.Kind.SUSPENSION, reason=reason[:200], legal_basis=LEGAL_BASIS,
                   actor=None, start_date=today, created_at=now) for c in clocks)
    logs = [("clock_suspended", {"case": case.number, "clocks": [c.pk for c in clocks], "reason": reason,
                                 "legal_basis": LEGAL_BASIS, "actor": None, "step": step, "start_date": today})]
    notifications.notify_applicant(case=case, kind=Notification.Kind.SUSPENDED, now=now, logs=logs, date=today,
                                   reason=reason, legal_basis=LEGAL_BASIS)
    _rederive_all(clocks, now=now, logs=logs)
    return clocks


def procedure_end(*, case: Case, step: str, now: datetime) -> list[Clock]:
    clocks = _case_clocks(case)
    if not clocks:
        return []
    today = ledger.local_date(now)
    ended = ClockEntry.objects.filter(clock__in=clocks, kind=ClockEntry.Kind.SUSPENSION, end_date__isnull=True,
                                      actor__isnull=True, legal_basis=LEGAL_BASIS).update(end_date=today)
    if not ended:
        return []
    logs = [("clock_resumed", {"case": case.number, "clocks": [c.pk for c in clocks], "actor": None, "step": step,
                               "end_date": today})]
    _rederive_all(clocks, now=now, logs=logs)
    from .services import _promised_deadline

    told: list = []
    notifications.notify_applicant(case=case, kind=Notification.Kind.RESUMED, now=now, logs=told, date=today,
                                   deadline=_promised_deadline(clocks))
    from . import hashlog

    hashlog.append_many(told, now=now)
    return clocks
