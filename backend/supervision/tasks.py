"""Thin Celery wrappers. The beat schedule rows are created by migrations 0002, 0004 and 0008."""

from celery import shared_task
from django.utils import timezone

from . import notifications, services


@shared_task(acks_late=True, ignore_result=True)
def clocks_sweep_task() -> dict:
    """Every minute: first any calendar version still to re-project (a crash after its import), then
    the clocks due."""
    from .reprojection import reprojections_pending_run

    now = timezone.now()
    reprojected = [r.version for r in reprojections_pending_run(now=now)] if _pending() else []
    return {**services.clocks_sweep(now=now).as_dict(), "reprojected_versions": reprojected}


def _pending() -> bool:
    from backend.workcalendar.models import CalendarVersion

    return CalendarVersion.objects.filter(reprojected_at__isnull=True).exists()


@shared_task(acks_late=True, ignore_result=True)
def notifications_email_task(ids: list[int]) -> dict:
    """Send the e-mails of these notifications if still pending (idempotent; the sweep is the net)."""
    return notifications.notifications_email_send(now=timezone.now(), ids=[int(i) for i in ids])


@shared_task(acks_late=True, ignore_result=True)
def notifications_email_sweep_task() -> dict:
    return notifications.notifications_email_send(now=timezone.now())


@shared_task(acks_late=True, ignore_result=True)
def notifications_sms_task(ids: list[int]) -> dict:
    """Send the text messages of these notifications if still pending (idempotent; the sweep is the net)."""
    return notifications.notifications_sms_send(now=timezone.now(), ids=[int(i) for i in ids])


@shared_task(acks_late=True, ignore_result=True)
def notifications_sms_sweep_task() -> dict:
    return notifications.notifications_sms_send(now=timezone.now())


@shared_task(acks_late=True, ignore_result=True)
def calendar_watch_task() -> dict:
    """Hourly: tell administrators once that a year ahead is still provisional (idempotent)."""
    from .calendar_watch import calendar_watch

    return calendar_watch(now=timezone.now())


@shared_task(acks_late=True, ignore_result=True)
def orders_sweep_task() -> dict:
    """Every minute: supervision orders whose reply clock changes (cards, escalations); idempotent."""
    from .orders_sweep import orders_sweep

    return orders_sweep(now=timezone.now())


@shared_task(acks_late=True, ignore_result=True)
def log_verify_task() -> dict:
    """Daily (migration 0009): verify the hash-chained log and record the run (safe to run twice)."""
    from .integrity import log_verify
    from .models import LogVerification

    run = log_verify(now=timezone.now(), source=LogVerification.Source.SCHEDULE)
    return {"ok": run.ok, "entries_checked": run.entries_checked, "first_broken_seq": run.first_broken_seq}
