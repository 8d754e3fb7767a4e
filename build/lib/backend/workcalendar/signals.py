"""Keep the in-process calendar cache honest and tell other apps when the calendar changes.

`calendar_changed` is sent after commit when a version is added or deleted, so that supervision can
re-project open clocks (DESIGN §3, time ledger). Receivers get `version` (None on delete) and may
answer with a report (anything printable).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from . import calendar
from .models import CalendarVersion

calendar_changed = Signal()
# What receivers answered to the latest announcements (e.g. supervision's re-projection report);
# the import command prints and clears them.
reports: list = []


def _announce(version) -> None:
    for _receiver, response in calendar_changed.send(sender=CalendarVersion, version=version):
        if response is not None:
            reports.append(response)
    del reports[:-10]  # in a web process nobody takes them; keep only the latest


def take_reports() -> list:
    taken = list(reports)
    reports.clear()
    return taken


@receiver(post_save, sender=CalendarVersion, dispatch_uid="workcalendar_version_saved")
def _version_saved(sender, instance, created, raw=False, **kwargs):
    calendar.invalidate()
    if raw:  # fixtures and test database restores replay rows; nothing changed for open clocks
        transaction.on_commit(calendar.invalidate)
        return
    # Days are written after their version in the same transaction: rebuild and announce after commit.
    transaction.on_commit(calendar.invalidate)
    if created:
        transaction.on_commit(lambda: _announce(instance))


@receiver(post_delete, sender=CalendarVersion, dispatch_uid="workcalendar_version_deleted")
def _version_deleted(sender, instance, **kwargs):
    calendar.invalidate()
    transaction.on_commit(calendar.invalidate)
    transaction.on_commit(lambda: _announce(None))


# Sent by `tongban calendar status`; receivers answer with {label: count} about open clocks, e.g.
# supervision's {"open_clocks": n, "provisional_clocks": m, "provisional_by_year": {...}}.
calendar_status_requested = Signal()


def status_figures() -> dict:
    figures: dict = {}
    for _receiver, response in calendar_status_requested.send(sender=CalendarVersion):
        if response:
            figures.update(response)
    return figures
