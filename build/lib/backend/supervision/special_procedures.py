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

from . import notifications
from .models import Clock, ClockEntry
from .services import _open_clocks, suspension_end, suspension_start

LEGAL_BASIS = "《中华人民共和国行政许可法》第四十五条"
CASE_CLOCKS = (Clock.Kind.PROMISED, Clock.Kind.STATUTORY)


def _case_clocks(case: Case) -> list[Clock]:
    try:
        return _open_clocks(case, kinds=CASE_CLOCKS)
    except Conflict:  # no case clock running (not accepted, or completed): nothing stands still
        return []


def _open_suspensions(clocks: list[Clock]):
    return ClockEntry.objects.filter(clock__in=clocks, kind=ClockEntry.Kind.SUSPENSION, end_date__isnull=True)


def procedure_start(*, case: Case, step: str, budget_days: int, now: datetime) -> list[Clock]:
    clocks = _case_clocks(case)
    if not clocks or _open_suspensions(clocks).exists():
        return []  # already standing still (a suspension an officer recorded): these days do not count anyway
    with translation.override(notifications.LANGUAGE):  # the record and the applicant's notice, in Chinese
        reason = _("%(procedure)s（预计 %(days)s 个工作日，不计入办理时限）") % {
            "procedure": ProcessStep.label_for(step), "days": budget_days}
    suspension_start(case=case, clocks=clocks, reason=reason, legal_basis=LEGAL_BASIS, actor=None, now=now,
                     log={"step": step})
    return clocks


def procedure_end(*, case: Case, step: str, now: datetime) -> list[Clock]:
    clocks = _case_clocks(case)
    ours = _open_suspensions(clocks).filter(actor__isnull=True, legal_basis=LEGAL_BASIS)
    if clocks and suspension_end(case=case, clocks=clocks, entries=ours, actor=None, now=now, log={"step": step}):
        return clocks
    return []
