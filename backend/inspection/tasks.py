"""Thin Celery wrappers. The beat rows are created by migrations 0002 and 0004."""

from celery import shared_task
from django.utils import timezone

from . import services, sweep
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


@shared_task(acks_late=True, ignore_result=True)
def problems_sweep_task() -> dict:
    """Every 5 minutes: the yellow and red cards of the problems' rectification clocks."""
    return sweep.problems_sweep(now=timezone.now())
