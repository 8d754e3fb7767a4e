"""Thin Celery wrappers; ids in, idempotent. The sweep's beat schedule row is created by migration 0002."""

from celery import shared_task
from django.utils import timezone

from . import outbox, webhooks


@shared_task(acks_late=True, ignore_result=True)
def outbox_relay_task(event_id: int) -> str | None:
    return outbox.relay_event(event_id, now=timezone.now())


@shared_task(acks_late=True, ignore_result=True)
def delivery_attempt_task(delivery_id: int) -> str | None:
    return webhooks.delivery_attempt(delivery_id, now=timezone.now())


@shared_task(acks_late=True, ignore_result=True)
def disclosure_sweep_task() -> dict:
    now = timezone.now()
    return {"relay": outbox.relay_due(now=now).as_dict(), "deliveries": webhooks.deliveries_due(now=now)}
