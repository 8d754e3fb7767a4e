"""公示 steps: when one starts, its notice period is recorded on the case (`publicity_started`,
with the period's first and last day), which the disclosure channel publishes as a public notice;
its holder records the outcome only once the period is over."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from backend.cases import services as case_services
from backend.cases.models import CaseEvent
from backend.catalog.step_types import PUBLICITY
from backend.common.errors import Conflict

from . import steps


def publicity_start(activation) -> None:
    data = activation.task.data or {}
    if data.get("step") != PUBLICITY:
        return
    process = activation.process
    case_services.case_event_record(
        case=steps.case_of(process), kind=CaseEvent.Kind.PUBLICITY_STARTED, step=PUBLICITY, actor=None,
        now=steps.now_of(process),
        data={key: data[key] for key in ("position", "department_id", "period_days", "period_starts_on",
                                         "period_ends_on")} | {"day_kind": data.get("day_kind", "working")},
    )


def publicity_over_check(task_data: dict, *, now: datetime) -> None:
    """Refuse to close a 公示 step while its notice period runs."""
    ends = task_data.get("period_ends_on")
    if ends and timezone.localdate(now) <= date.fromisoformat(ends):
        raise Conflict("period_running", _("公示期至 %(date)s 届满，期满后方可办理本环节。") % {"date": ends})
