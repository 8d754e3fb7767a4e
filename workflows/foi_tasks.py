"""Thin Celery wrapper of the information-request sweep (beat row: backend/foi migration 0004).
The worker imports this module through CELERY_IMPORTS (settings)."""

from celery import shared_task
from django.utils import timezone


@shared_task(acks_late=True, ignore_result=True)
def foi_sweep_task() -> dict:
    from .foi import foi_sweep

    return foi_sweep(now=timezone.now())
