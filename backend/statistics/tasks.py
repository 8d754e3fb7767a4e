"""Thin Celery wrappers. The beat schedule row is created by migration 0002."""

from celery import shared_task
from django.utils import timezone

from . import rollups


@shared_task(acks_late=True, ignore_result=True)
def rollups_refresh_task() -> dict:
    """Every five minutes: recompute the rollups of the days and months the facts marked dirty
    (idempotent; overlapping runs skip each other's rows)."""
    return rollups.rollups_refresh(now=timezone.now()).as_dict()
