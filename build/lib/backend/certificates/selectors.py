"""Reads of certificates and delivery records, filtered once at the queryset by who is asking."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts import roles
from backend.cases.models import Case, CaseEvent
from backend.cases.selectors import case_list_visible_to
from backend.catalog.step_types import DELIVER
from backend.common.errors import DomainError, NotFound

from . import numbering
from .models import Certificate, CertificatePattern, DeliveryRecord

STATUS_FILTERS = ("valid", "expired", "revoked")


def may_read_register(user) -> bool:
    """Staff, supervision officers and administrators read the certificate register."""
    return bool(user and user.is_authenticated and (
        user.is_staff_member or user.is_supervisor or user.has_role(roles.ADMIN) or user.is_superuser))


def may_revoke(*, user, certificate: Certificate) -> bool:
    """Approvers of the issuing department, and the county's administrators."""
    if not user or not user.is_authenticated:
        return False
    if user.is_superuser or user.has_role(roles.ADMIN):
        return True
    return user.has_role(roles.APPROVER) and certificate.item.department_id in user.department_ids


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def certificate_list_visible_to(*, user, q: str = "", status: str = "", on: date | None = None
                                ) -> QuerySet[Certificate]:
    """The certificates of the cases the user may see (none for readers outside the register),
    newest first; `q`: part of the holder, the certificate number or the case number; `status`:
    valid, expired or revoked on the day `on`."""
    if not may_read_register(user):
        return Certificate.objects.none()
    qs = Certificate.objects.select_related("case", "item__department", "issued_by", "revoked_by")
    if not (user.is_superuser or user.is_supervisor or user.has_role(roles.ADMIN)):
        qs = qs.filter(case__in=case_list_visible_to(user=user).values("pk"))
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(holder__icontains=q) | Q(number__icontains=q) | Q(case__number__icontains=q))
    if status:
        if status not in STATUS_FILTERS:
            raise DomainError.single("status", "invalid",
                                     _("状态应为 valid（有效）、expired（已过期）或 revoked（已撤销）。"))
        if on is None:
            raise ValueError("a status filter needs the day it is judged on")
        revoked = Q(revoked_at__lt=_start_of(on + timedelta(days=1)))
        if status == "revoked":
            qs = qs.filter(revoked)
        elif status == "expired":
            qs = qs.exclude(revoked).filter(valid_until__lt=on)
        else:
            qs = qs.exclude(revoked).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on), valid_from__lte=on)
    return qs.order_by("-issued_at", "-id")


def certificate_get_visible(*, pk: int, user) -> Certificate:
    certificate = certificate_list_visible_to(user=user).filter(pk=pk).first()
    if certificate is None:
        raise NotFound(_("证书不存在。"))
    return certificate


def pattern_for(item) -> tuple[str, str]:
    """(numbering pattern, certificate title) of an item: its own, else the default and its name."""
    own = CertificatePattern.objects.filter(item=item).first()
    if own is None:
        return numbering.DEFAULT_PATTERN, item.name
    return own.pattern, own.title or item.name


def case_decided_on(case: Case) -> date | None:
    """The day of the case's decision (准予 / 不予许可), Asia/Shanghai."""
    at = (case.events.filter(kind__in=[CaseEvent.Kind.APPROVED, CaseEvent.Kind.DENIED])
          .order_by("-created_at", "-id").values_list("created_at", flat=True).first())
    return timezone.localdate(at) if at else None


def certificate_for_case(case: Case) -> Certificate | None:
    if case.decision != Case.Decision.APPROVED:  # none before the grant: no query on the way there
        return None
    return Certificate.objects.select_related("issued_by", "revoked_by").filter(case=case).first()


def delivery_for_case(case: Case) -> DeliveryRecord | None:
    if not case.decision:  # none before the decision
        return None
    return DeliveryRecord.objects.select_related("recorded_by").filter(case=case).first()


def _process_steps(case: Case) -> list[str]:
    process = case.process if case.process_id else None
    data = process.data if process is not None and isinstance(process.data, dict) else {}
    return [s.get("step") for s in data.get("steps", []) if isinstance(s, dict)]


def delivery_pending(case: Case) -> tuple[str, str] | None:
    """The completion check (backend.cases.extensions): a process with a 送达 step is completed
    only once its delivery is recorded."""
    if DELIVER in _process_steps(case) and not DeliveryRecord.objects.filter(case=case).exists():
        return "not_delivered", _("该办件的决定尚未送达：请先在“送达”环节登记送达记录，再办结。")
    return None


# --- read models for other apps -----------------------------------------------------------------

def certificate_facts(certificate: Certificate, *, today: date) -> dict:
    return {
        "number": certificate.number,
        "title": certificate.title,
        "holder": certificate.holder,
        "scope": certificate.scope,
        "valid_from": certificate.valid_from.isoformat(),
        "valid_until": certificate.valid_until.isoformat() if certificate.valid_until else None,
        "status": certificate.status_on(today),
        "issued_at": timezone.localtime(certificate.issued_at).isoformat(),
        "revoked_at": timezone.localtime(certificate.revoked_at).isoformat() if certificate.revoked_at else None,
        "revocation_reason": certificate.revocation_reason,
    }


def case_certificate_section(case: Case, today: date) -> dict | None:
    """The case's "certificate" section: null until 制证."""
    certificate = certificate_for_case(case)
    return certificate_facts(certificate, today=today) if certificate else None


def case_delivery_section(case: Case, today: date) -> dict | None:
    """The case's "delivery" section: null until 送达."""
    record = delivery_for_case(case)
    if record is None:
        return None
    return {
        "method": record.method,
        "method_label": str(record.get_method_display()),
        "delivered_on": record.delivered_on.isoformat(),
        "recipient": record.recipient,
        "tracking_number": record.tracking_number,
        "confirmation": record.confirmation,
        "proof": {"name": record.proof_name, "content_type": record.proof_content_type, "size": record.proof_size,
                  "sha256": record.proof_sha256} if record.proof else None,
        "recorded_at": timezone.localtime(record.recorded_at).isoformat(),
    }


def certificate_public(case: Case) -> dict | None:
    """What the published result (政务公开) says about the case's certificate: its number, validity
    and whether it was revoked; not the holder (the result names the applicant, masked) nor scope."""
    certificate = certificate_for_case(case)
    if certificate is None:
        return None
    return {
        "number": certificate.number,
        "title": certificate.title,
        "valid_from": certificate.valid_from.isoformat(),
        "valid_until": certificate.valid_until.isoformat() if certificate.valid_until else None,
        "revoked": certificate.revoked_at is not None,
        "revoked_on": timezone.localdate(certificate.revoked_at).isoformat() if certificate.revoked_at else None,
    }
