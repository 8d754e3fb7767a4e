"""Writes on disclosure: withdrawal (撤回), correction (更正), backfill and webhook replay.

Publishing itself is the relay's job (outbox.py); these services only add outbox events or change a
publication's state, each in one transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from backend.cases.models import Case
from backend.catalog.models import GuideVersion, ServiceItem
from backend.catalog.selectors import guide_current
from backend.common.audit import audit
from backend.common.errors import Conflict, DomainError
from backend.common.validators import credit_code_error

from . import outbox, snapshots, webhooks
from .masking import mask_applicant, mask_name, mask_text
from .models import Delivery, OutboxEvent, Publication


def _public_reason(reason: str, publication: Publication) -> str:
    """The reason as the public sees it: ID and mobile numbers masked, and the applicant's full name
    (for a result about a person) replaced by its masked form. The raw reason goes to the log only."""
    text = mask_text(reason)
    if publication.kind == Publication.Kind.RESULT:
        case = Case.objects.filter(number=publication.subject).only("applicant_type", "applicant_name").first()
        name = (case.applicant_name or "").strip() if case else ""
        if case and case.applicant_type == "person" and name:
            text = text.replace(name, mask_name(name))
    return text


def _clean_overrides(overrides: dict, publication: Publication) -> dict:
    """Corrected public fields are checked like the originals and masked by the same policy."""
    from datetime import date

    case = Case.objects.filter(number=publication.subject).first()
    person = case is not None and case.applicant_type == "person"
    clean = dict(overrides)
    if "applicant" in clean:
        clean["applicant"] = mask_applicant(applicant_type="person" if person else "company",
                                            name=str(clean["applicant"]))
    if "decision" in clean and clean["decision"] not in Case.Decision.values:
        raise DomainError.single("decision", "invalid", _("决定应为 approved 或 denied。"))
    if "decided_on" in clean:
        try:
            clean["decided_on"] = date.fromisoformat(str(clean["decided_on"])).isoformat()
        except ValueError:
            raise DomainError.single("decided_on", "invalid", _("决定日期应为 YYYY-MM-DD。")) from None
    if "used_working_days" in clean and not (isinstance(clean["used_working_days"], int)
                                             and not isinstance(clean["used_working_days"], bool)
                                             and clean["used_working_days"] >= 0):
        raise DomainError.single("used_working_days", "invalid", _("用时应为非负整数（工作日）。"))
    if "credit_code" in clean and (person or credit_code_error(str(clean["credit_code"])) is not None):
        raise DomainError.single("credit_code", "invalid", _("只有单位申请人可以公开统一社会信用代码，且须校验正确。"))
    if "decision_label" in clean:
        clean["decision_label"] = mask_text(str(clean["decision_label"]))
    return clean


def _reason(value: str, message) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError.single("reason", "required", message)
    return value[:2000]


@transaction.atomic
def publication_withdraw(*, publication: Publication, reason: str, actor, now: datetime) -> Publication:
    """Take a publication off the public site at once; the relay tells feeds' readers and webhooks."""
    reason = _reason(reason, _("撤回公开信息必须说明理由。"))
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if publication.status != Publication.Status.PUBLISHED:
        raise Conflict("not_published", _("该信息当前未处于公开状态，不能撤回。"))
    publication.status = Publication.Status.WITHDRAWN
    publication.withdrawn_at = now
    publication.withdrawn_reason = _public_reason(reason, publication)
    publication.withdrawn_by = actor if actor is not None and actor.is_authenticated else None
    publication.updated_at = now
    publication.save(update_fields=["status", "withdrawn_at", "withdrawn_reason", "withdrawn_by", "updated_at"])
    outbox.event_add(kind=OutboxEvent.Kind.WITHDRAWAL, key=f"withdrawal:{publication.uuid}", publication=publication,
                     payload={"reason": publication.withdrawn_reason}, now=now)
    audit("publication_withdrawn", {
        "publication": str(publication.uuid), "kind": publication.kind, "subject": publication.subject,
        "version": publication.version, "reason": reason,
        "actor": getattr(publication.withdrawn_by, "username", None),
    }, now=now)
    return publication


@transaction.atomic
def publication_correct(*, publication: Publication, reason: str, actor, now: datetime,
                        overrides: dict | None = None) -> OutboxEvent:
    """Replace a publication by a new version, rebuilt from the current record (and, for a result,
    any corrected public fields); the old version is kept as superseded."""
    reason = _reason(reason, _("更正公开信息必须说明理由。"))
    if publication.status != Publication.Status.PUBLISHED:
        raise Conflict("not_published", _("只能更正当前公开的信息。"))
    overrides = overrides or {}
    unknown = sorted(set(overrides) - set(outbox.CORRECTABLE_RESULT_FIELDS))
    if unknown or (overrides and publication.kind != Publication.Kind.RESULT):
        raise DomainError.single("overrides", "invalid", _("不能更正这些字段：%(fields)s。")
                                 % {"fields": ", ".join(unknown) or ", ".join(overrides)})
    overrides = _clean_overrides(overrides, publication) if overrides else {}
    actor_name = getattr(actor, "username", None) if actor is not None else None
    audit("publication_correction_requested", {
        "publication": str(publication.uuid), "kind": publication.kind, "subject": publication.subject,
        "reason": reason, "overrides": overrides, "actor": actor_name,
    }, now=now)
    return outbox.event_add(
        kind=OutboxEvent.Kind.CORRECTION, key=f"correction:{uuid.uuid4()}", publication=publication, now=now,
        payload={"reason": _public_reason(reason, publication), "overrides": overrides, "actor": actor_name},
    )


@transaction.atomic
def result_certificate_revoked(*, case: Case, reason: str, actor, now: datetime) -> OutboxEvent | None:
    """The certificate of a decided case was revoked: its published result is republished, through
    the outbox like a correction, showing the certificate as 已撤销 (the reason public, masked). A
    result not yet relayed has its queued snapshot refreshed instead; a withdrawn or not yet
    completed one has nothing public to correct (its completion snapshot will show the revocation)."""
    pending = (OutboxEvent.objects.select_for_update()  # waits for a relay holding it, then re-reads
               .filter(kind=OutboxEvent.Kind.RESULT, case=case, processed_at__isnull=True).first())
    if pending is not None:
        clock = {k: pending.payload.get(k) for k in ("used_working_days", "statutory_breach")}
        pending.payload = snapshots.result_payload(case, now=now, clock=clock)
        pending.save(update_fields=["payload"])
        return pending
    current = Publication.objects.filter(kind=Publication.Kind.RESULT, subject=case.number,
                                         status=Publication.Status.PUBLISHED).first()
    if current is None:
        return None
    with translation.override(settings.LANGUAGE_CODE):  # published text is in the site's language
        public_reason = _("证书已撤销：%(reason)s") % {"reason": reason}
    return publication_correct(publication=current, reason=public_reason, actor=actor, now=now)


@dataclass
class BackfillResult:
    guides: int = 0
    results: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


@transaction.atomic
def disclosure_backfill(*, now: datetime) -> BackfillResult:
    """Outbox events for every guide in force or still to come, and every completed case, that have
    none yet. Safe to run again: event keys are unique and existing ones are left alone."""
    result = BackfillResult()
    today = timezone.localdate(now)
    have = set(OutboxEvent.objects.filter(kind=OutboxEvent.Kind.GUIDE, guide__isnull=False)
               .values_list("guide_id", flat=True))
    for item in ServiceItem.objects.filter(is_active=True):
        wanted = []
        current = guide_current(item=item, on=today)
        if current is not None:
            wanted.append(current)
        wanted += list(GuideVersion.objects.filter(item=item, effective_from__gt=today))
        for guide in wanted:
            if guide.pk not in have and outbox.guide_schedule(guide=guide, now=now) is not None:
                result.guides += 1
    done = set(OutboxEvent.objects.filter(kind=OutboxEvent.Kind.RESULT).values_list("case_id", flat=True))
    cases = (Case.objects.filter(status=Case.Status.COMPLETED, item__category=ServiceItem.Category.APPLICATION)
             .exclude(decision="").select_related("item__department", "guide").order_by("completed_at", "id"))
    for case in cases:
        if case.pk in done:
            continue
        if outbox.result_schedule(case=case, now=case.completed_at or now) is not None:
            result.results += 1
    return result


@transaction.atomic
def delivery_replay(*, delivery: Delivery, actor, now: datetime) -> Delivery:
    """Send a dead delivery again from the first attempt."""
    updated = Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.DEAD).update(
        status=Delivery.Status.PENDING, attempts=0, next_attempt_at=now, last_error="")
    if not updated:
        raise Conflict("not_dead", _("只有发送失败的推送可以重新发送。"))
    delivery_id = delivery.pk
    transaction.on_commit(lambda: webhooks.enqueue_delivery(delivery_id))
    delivery.refresh_from_db()
    return delivery
