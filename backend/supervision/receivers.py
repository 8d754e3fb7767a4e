"""How supervision learns about cases, without the cases app or the flows importing it.

Case clocks follow CaseEvent rows (`case_event_recorded`, sent inside the writing transaction):
"accepted" opens the promised and statutory clocks; "completed" and "refused" close every clock.

Step clocks follow viewflow tasks. A step task is any task whose `data` carries the step
configuration ({"step", "department_id", "role", "budget_days"}); we recognise it by those keys, so
no flow class is imported. viewflow sends no signal when a task is *created* (task_started fires
only when a user executes it), so creation is observed with post_save(created=True) on the Task
model; completion with viewflow's `task_finished`; cancellation (e.g. a join cancelling a branch)
with post_save. This is more robust than inferring steps from CaseEvent kinds: a task has an
identity, its own department and budget, and parallel joint reviews get one clock each.

Task rows carry wall-clock timestamps; the business `now` of the transaction is the one passed to
the CaseEvent that precedes every task change in the same transaction (filing, a decision,
resubmission), remembered here per case.
"""

from __future__ import annotations

import hashlib
import logging
from contextvars import ContextVar
from datetime import datetime

from django.conf import settings
from django.db.models.signals import post_save
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from backend.cases.models import Case, CaseEvent
from backend.cases.signals import case_event_recorded
from backend.catalog.step_types import stops_case_clock
from backend.common.audit import audit_recorded
from backend.common.transactions import current_transaction, still_in
from backend.ratings.models import Rating
from backend.ratings.signals import rating_submitted
from backend.workcalendar.signals import calendar_changed, calendar_status_requested

from . import applicant_notices, hashlog, orders_services, selectors, services, special_procedures
from .models import Clock

log = logging.getLogger(__name__)

STEP_KEYS = {"step", "budget_days"}
# (case id, business now, the transaction it belongs to: backend.common.transactions), so a
# remembered `now` never leaks into a later transaction of the same worker.
_event_now: ContextVar[tuple[int, datetime, object] | None] = ContextVar("supervision_event_now", default=None)


def _now_for(case_id: int | None) -> datetime:
    remembered = _event_now.get()
    if remembered is not None and remembered[0] == case_id and still_in(remembered[2]):
        return remembered[1]
    return timezone.now()


def on_case_event(sender, case: Case, event: CaseEvent, now: datetime, **kwargs) -> None:
    _event_now.set((case.pk, now, current_transaction()))
    opened = None
    if event.kind == CaseEvent.Kind.ACCEPTED:
        opened = services.case_clocks_open(case=case, now=now)
    elif event.kind in (CaseEvent.Kind.COMPLETED, CaseEvent.Kind.REFUSED):
        services.clocks_close(clocks=Clock.objects.filter(case=case), now=now, reason=event.kind)
    services.rules_on_case_event(case=case, event=event, now=now)
    applicant_notices.on_case_event(case=case, event=event, now=now, clocks=opened)
    if event.kind in SIGNED_OFF or (event.kind == CaseEvent.Kind.CLAIMED and "on_behalf_of" in event.data):
        hashlog.append("case_" + event.kind, _signed_off_payload(case, event), now=now)


# Every opinion and decision at a step — who, in what capacity, what — is in the tamper-evident log;
# the text itself stays on the case (personal data), the log keeps its SHA-256.
SIGNED_OFF = frozenset({
    CaseEvent.Kind.ACCEPTED, CaseEvent.Kind.REFUSED, CaseEvent.Kind.SUPPLEMENT_REQUESTED, CaseEvent.Kind.AGREED,
    CaseEvent.Kind.STEP_DONE, CaseEvent.Kind.REVIEWED, CaseEvent.Kind.INSPECTED, CaseEvent.Kind.SENT_BACK,
    CaseEvent.Kind.RECOMMENDED_APPROVAL, CaseEvent.Kind.RECOMMENDED_DENIAL, CaseEvent.Kind.APPROVED,
    CaseEvent.Kind.DENIED, CaseEvent.Kind.REASSIGNED, CaseEvent.Kind.COMPLETED,
})


def _signed_off_payload(case: Case, event: CaseEvent) -> dict:
    actor = event.actor
    payload = {"case": case.number, "event": event.pk, "step": event.step,
               "actor": actor.username if actor else None, "actor_name": actor.get_full_name() if actor else "",
               "actor_title": event.actor_title,
               "opinion_sha256": hashlib.sha256(event.opinion.encode()).hexdigest() if event.opinion else ""}
    for key in ("to_step", "on_behalf_of", "from", "to"):
        if key in event.data:
            payload[key] = event.data[key]
    return payload


def _step_data(task) -> dict | None:
    data = task.data
    if isinstance(data, dict) and STEP_KEYS <= data.keys():
        return data
    return None


def _case_id_of(task) -> int | None:
    process = task.process
    case_id = (process.data or {}).get("case_id") if isinstance(process.data, dict) else None
    if case_id is None:
        case_id = Case.objects.filter(process_id=task.process_id).values_list("pk", flat=True).first()
    return case_id


def _case_of(task, case_id: int) -> Case:
    """The task's case: the one already loaded with its process (`process.case`, filled by
    select_related or by the flow when it starts the process), else one query."""
    process, relation = task.process, Case._meta.get_field("process").remote_field
    if relation.is_cached(process):
        case = relation.get_cached_value(process)
        if case is not None and case.pk == case_id:
            return case
    return Case.objects.select_related("item").get(pk=case_id)


def on_task_saved(sender, instance, created: bool, **kwargs) -> None:
    from viewflow.workflow.status import STATUS

    data = _step_data(instance)
    if data is None:
        return
    if created:
        case_id = _case_id_of(instance)
        if case_id is None:
            return
        case = _case_of(instance, case_id)
        try:
            budget = max(0, int(data.get("budget_days") or 0))
        except (TypeError, ValueError):
            budget = 0
        services.clock_open(case=case, kind=Clock.Kind.STEP, step=str(data["step"]), task_id=instance.pk,
                            department_id=data.get("department_id"), budget_days=budget,
                            now=_now_for(case_id))
        if stops_case_clock(str(data["step"])):
            special_procedures.procedure_start(case=case, step=str(data["step"]), budget_days=budget,
                                               now=_now_for(case_id))
    elif instance.status == STATUS.CANCELED:
        _close_task_clock(instance, "task_canceled")


def on_task_finished(sender, process, task, **kwargs) -> None:
    data = _step_data(task)
    if data is None:
        return
    _close_task_clock(task, "task_finished")
    if stops_case_clock(str(data["step"])):
        case_id = _case_id_of(task)
        if case_id is not None:
            special_procedures.procedure_end(case=_case_of(task, case_id), step=str(data["step"]),
                                             now=_now_for(case_id))


def _close_task_clock(task, reason: str) -> None:
    clocks = Clock.objects.filter(task_id=task.pk)
    process_data = task.process.data
    case_id = process_data.get("case_id") if isinstance(process_data, dict) else None
    if case_id is None:  # the clock knows its case; a task without a clock has nothing to close
        case_id = clocks.order_by().values_list("case_id", flat=True).first()
        if case_id is None:
            return
    services.clocks_close(clocks=clocks, now=_now_for(case_id), reason=reason)


def on_calendar_changed(sender, version=None, **kwargs):
    """Re-project at once; the report is the signal's response, which the import command and page
    show. A failure never fails the committed import: the version stays pending and the periodic
    sweep runs it (or `tongban supervision reproject`)."""
    from .reprojection import clocks_reproject, reprojections_pending_run

    try:
        if version is None:  # a version was deleted
            return clocks_reproject(now=timezone.now())
        return "\n".join(str(r) for r in reprojections_pending_run(now=timezone.now())) or None
    except Exception:
        log.exception("re-projection after the calendar change failed; the sweep will retry it")
        return ("re-projection failed and is pending: the periodic sweep retries it, or run "
                "`tongban supervision reproject` (重新推算未完成，将自动重试)")


def on_calendar_status(sender, **kwargs) -> dict:
    return {"open_clocks": Clock.objects.filter(completed_at__isnull=True).count(), **selectors.provisional_figures()}


def on_audit_recorded(sender, kind: str, payload: dict, now: datetime, **kwargs) -> None:
    hashlog.append(kind, payload, now=now)


def on_rating_submitted(sender, rating, now, **kwargs) -> None:
    """A rating of 1–2 (不满意 / 非常不满意) opens a rectification for the case's department, in the
    rating's own transaction; the rating stays anonymous to the department (no rater named)."""
    if rating.score > Rating.LOW_SCORE_MAX or rating.department_id is None:
        return
    case = rating.case
    with translation.override(settings.LANGUAGE_CODE):  # stored text: the county's language
        problem = _("办件 %(number)s（%(item)s）收到差评：%(score)s") % {
            "number": case.number, "item": case.item.name, "score": rating.get_score_display()}
        if rating.comment:
            problem += _("，评价意见：%(comment)s") % {"comment": rating.comment}
        requirement = _("核实差评反映的问题，整改到位，回访申请人，并在时限内回告整改情况和回访记录")
    orders_services.rectification_open(department=rating.department, case=case, source="rating",
                                       source_id=rating.pk, problem=problem, requirement=requirement, now=now)


def connect() -> None:
    from viewflow.workflow.models import Task
    from viewflow.workflow.signals import task_finished

    from backend.cases.extensions import register_case_section

    case_event_recorded.connect(on_case_event, sender=Case, dispatch_uid="supervision_case_event")
    post_save.connect(on_task_saved, sender=Task, dispatch_uid="supervision_task_saved")
    task_finished.connect(on_task_finished, dispatch_uid="supervision_task_finished")
    calendar_changed.connect(on_calendar_changed, dispatch_uid="supervision_calendar_changed")
    calendar_status_requested.connect(on_calendar_status, dispatch_uid="supervision_calendar_status")
    audit_recorded.connect(on_audit_recorded, dispatch_uid="supervision_audit_recorded")
    rating_submitted.connect(on_rating_submitted, sender=Rating, dispatch_uid="supervision_rating_rectification")
    register_case_section("clock", selectors.case_clock_summary)
    register_case_section("clock_figures", selectors.case_clock_figures)
    register_case_section("clock_public", selectors.case_clock_public)
