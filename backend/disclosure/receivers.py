"""How disclosure learns what to publish, without cases or catalog importing it.

A completed case arrives through `case_event_recorded` (inside the writing transaction, so the
outbox row commits or rolls back with the decision); a revoked certificate through
`certificate_revoked`, and its published result is corrected to show 已撤销. Guide versions are
observed with post_save on the catalog models: a version, its materials and legal bases, a
published process version and the item itself (name, department, whether it is still handled) all
shape the published guide. Every change to a publication (published, superseded, corrected,
withdrawn) retires the cached public pages (backend/common/pagecache.py).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from backend.cases.models import Case, CaseEvent
from backend.cases.signals import case_event_recorded
from backend.catalog.models import GuideVersion, LegalBasis, MaterialRequirement, ProcessVersion, ServiceItem
from backend.catalog.selectors import guide_current
from backend.certificates.signals import certificate_revoked
from backend.common import pagecache

from . import outbox
from .models import Publication
from .services import result_certificate_revoked


def on_case_event(sender, case: Case, event: CaseEvent, now, **kwargs) -> None:
    if event.kind == CaseEvent.Kind.COMPLETED:
        outbox.result_schedule(case=case, now=now)
    elif event.kind == CaseEvent.Kind.PUBLICITY_STARTED:
        outbox.notice_schedule(case=case, event=event, now=now)


def on_certificate_revoked(sender, certificate, actor, now, **kwargs) -> None:
    result_certificate_revoked(case=certificate.case, reason=certificate.revocation_reason, actor=actor, now=now)


def on_guide_saved(sender, instance: GuideVersion, raw=False, **kwargs) -> None:
    if not raw:
        outbox.guide_schedule(guide=instance, now=timezone.now())


def on_guide_part_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        _refresh_guide(instance.guide_id)


def on_item_saved(sender, instance: ServiceItem, raw=False, created=False, **kwargs) -> None:
    """A renamed, moved or stopped item changes (or withdraws) its published guide."""
    if not raw and not created:
        _refresh_item(instance.pk)


def on_process_published(sender, instance: ProcessVersion, raw=False, created=False, **kwargs) -> None:
    """The public guide shows the published process; editing the draft steps changes nothing there."""
    if not raw and created:
        _refresh_item(instance.item_id)


def _refresh_item(item_id: int) -> None:
    now = timezone.now()
    item = ServiceItem.objects.filter(pk=item_id).first()
    guide = guide_current(item=item, on=timezone.localdate(now)) if item else None
    if guide is not None:
        outbox.guide_schedule(guide=guide, now=now)


def _refresh_guide(guide_id: int) -> None:
    guide = GuideVersion.objects.filter(pk=guide_id).first()
    if guide is not None:
        outbox.guide_schedule(guide=guide, now=timezone.now())


# A deletion may be part of deleting the whole item or guide (a cascade): an event pointing at a row
# about to vanish would break that transaction, so deletions refresh the guide after commit.
def on_guide_part_deleted(sender, instance, **kwargs) -> None:
    guide_id = instance.guide_id
    transaction.on_commit(lambda: transaction.atomic(_refresh_guide)(guide_id))


def on_publication_changed(sender, raw=False, **kwargs) -> None:
    if not raw:
        pagecache.invalidate()


def connect() -> None:
    post_save.connect(on_publication_changed, sender=Publication, dispatch_uid="disclosure_publication_saved")
    post_delete.connect(on_publication_changed, sender=Publication, dispatch_uid="disclosure_publication_deleted")
    case_event_recorded.connect(on_case_event, sender=Case, dispatch_uid="disclosure_case_event")
    certificate_revoked.connect(on_certificate_revoked, dispatch_uid="disclosure_certificate_revoked")
    post_save.connect(on_guide_saved, sender=GuideVersion, dispatch_uid="disclosure_guide_saved")
    for model in (LegalBasis, MaterialRequirement):
        post_save.connect(on_guide_part_saved, sender=model, dispatch_uid=f"disclosure_{model.__name__}_saved")
        post_delete.connect(on_guide_part_deleted, sender=model, dispatch_uid=f"disclosure_{model.__name__}_deleted")
    post_save.connect(on_process_published, sender=ProcessVersion, dispatch_uid="disclosure_process_published")
    post_save.connect(on_item_saved, sender=ServiceItem, dispatch_uid="disclosure_item_saved")
