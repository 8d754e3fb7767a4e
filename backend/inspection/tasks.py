"""Thin Celery wrappers. The beat row is created by migration 0002."""

from celery import shared_task
from django.utils import timezone

from . import services
from .models import InspectionRun


@shared_task(acks_late=True, ignore_result=True)
def inspection_run_task() -> int | None:
    """Daily: the scheduled inspection, once per day (a second delivery of the same day does nothing)."""
    now = timezone.now()
    if InspectionRun.objects.filter(trigger=InspectionRun.Trigger.SCHEDULE, day=timezone.localdate(now)).exists():
        return None
    try:
        return services.inspection_run(now=now, trigger=InspectionRun.Trigger.SCHEDULE).pk
    except services.AlreadyRan:
        return None
