"""Thin Celery wrappers. The beat schedule row is created by migration 0002."""

from celery import shared_task
from django.utils import timezone

from . import publishing


@shared_task(acks_late=True, ignore_result=True)
def mailbox_stats_publish_task() -> int:
    """Daily: publish each mailbox's statistics of the last complete month once (idempotent)."""
    return publishing.mailbox_stats_publish(now=timezone.now())
