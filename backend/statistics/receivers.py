"""How the statistics learn what finished, without the cases app or the flows importing them.

Case facts follow CaseEvent rows (`case_event_recorded`, inside the writing transaction): filing,
acceptance, refusal and completion. Step facts follow viewflow's `task_finished` for step tasks
(tasks whose data carry the step configuration, as supervision recognises them). The business `now`
of a step's finish is its step clock's closing time, else that of the CaseEvent the decision
recorded just before in the same transaction (remembered here per case).

Ratings arrive through services.fact_rating_set, which the ratings app's signal is connected to.
"""

from __future__ import annotations

from contextvars import ContextVar
from datetime import datetime

from django.utils import timezone

from backend.cases.models import Case, CaseEvent
from backend.cases.signals import case_event_recorded
from backend.common.transactions import current_transaction, still_in
from backend.ratings.models import Rating
from backend.ratings.signals import rating_submitted

from . import services

STEP_KEYS = {"step", "budget_days"}
_event_now: ContextVar[tuple[int, datetime, object] | None] = ContextVar("statistics_event_now", default=None)
FACT_EVENTS = frozenset({CaseEvent.Kind.FILED, CaseEvent.Kind.ACCEPTED, CaseEvent.Kind.REFUSED,
                         CaseEvent.Kind.COMPLETED})


def on_case_event(sender, case: Case, event: CaseEvent, now: datetime, **kwargs) -> None:
    _event_now.set((case.pk, now, current_transaction()))
    if event.kind in FACT_EVENTS:
        services.case_fact_on_event(case=case, event=event, now=now)


def _now_for(case_id: int) -> datetime:
    remembered = _event_now.get()
    if remembered is not None and remembered[0] == case_id and still_in(remembered[2]):
        return remembered[1]
    return timezone.now()


def on_task_finished(sender, process, task, **kwargs) -> None:
    data = task.data
    if not (isinstance(data, dict) and STEP_KEYS <= data.keys()):
        return
    case_id = (process.data or {}).get("case_id") if isinstance(process.data, dict) else None
    if case_id is None:
        case_id = Case.objects.filter(process_id=process.pk).values_list("pk", flat=True).first()
    if case_id is None:
        return
    relation = Case._meta.get_field("process").remote_field
    case = relation.get_cached_value(process) if relation.is_cached(process) else None
    if case is None or case.pk != case_id:
        case = Case.objects.select_related("item").get(pk=case_id)
    services.step_fact_on_finished(task=task, case=case, data=data, now=_now_for(case_id))


def on_rating_submitted(sender, rating, now: datetime, **kwargs) -> None:
    """The rating joins the case's figures in the rating's own transaction (ratings.signals)."""
    services.fact_rating_set(case_id=rating.case_id, score=rating.score, now=now)


def connect() -> None:
    from viewflow.workflow.signals import task_finished

    case_event_recorded.connect(on_case_event, sender=Case, dispatch_uid="statistics_case_event")
    task_finished.connect(on_task_finished, dispatch_uid="statistics_task_finished")
    rating_submitted.connect(on_rating_submitted, sender=Rating, dispatch_uid="statistics_rating")
