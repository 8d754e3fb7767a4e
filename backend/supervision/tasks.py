"""Thin Celery wrappers. The beat schedule row is created by migration 0002."""

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(acks_late=True, ignore_result=True)
def clocks_sweep_task() -> dict:
    return services.clocks_sweep(now=timezone.now()).as_dict()
