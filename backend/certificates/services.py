"""Writes on certificates and delivery records. Each runs in a transaction, leaves an event on the
case timeline and an entry in the tamper-evident supervision log (backend.common.audit).

The process engine calls certificate_issue at the 制证 step and delivery_record at the 送达 step;
the certificate register calls certificate_revoke.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.cases.materials import material_check
from backend.cases.models import Case
from backend.cases.services import case_step_record
from backend.catalog.step_types import CERTIFY, DELIVER
from backend.common.audit import audit
from backend.common.errors import Conflict, DomainError, FieldError

from . import numbering, rules, selectors
from .models import Certificate, CertificateCounter, DeliveryRecord
from .signals import certificate_revoked


def _username(actor) -> str | None:
    return actor.get_username() if actor is not None and actor.is_authenticated else None


def _draw(series: str, year: int) -> int:
    """The next sequence number of `series` in `year`, under the counter row's lock (held until the
    issuing transaction ends, so concurrent issuances wait for each other and never share a number).
    The row is created the first time; a concurrent creator's insert waits on the unique key and
    then takes the committed row."""
    counters = CertificateCounter.objects.select_for_update().filter(series=series, year=year)
    counter = counters.first()
    if counter is None:
        try:
            with transaction.atomic():
                CertificateCounter.objects.create(series=series, year=year, last=0)
        except IntegrityError:
            pass
        counter = counters.get()
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def certificate_number_next(*, item, now: datetime) -> tuple[str, str]:
    """Draw the next number of the item's pattern (and the certificate's title). A number already
    taken (say, a pattern edited to one that was used before) is skipped."""
    pattern, title = selectors.pattern_for(item)
    if numbering.pattern_errors(pattern):  # an invalid pattern saved past the admin's check
        pattern = numbering.DEFAULT_PATTERN
    year = timezone.localdate(now).year
    series = numbering.series(pattern, item=item.code, dept=item.department.code)
    while True:
        seq = _draw(series, numbering.counter_year(pattern, year))
        number = numbering.render(series, year=year, seq=seq, item=item.code, dept=item.department.code)
        if not Certificate.objects.filter(number=number).exists():
            return number, title


@transaction.atomic
def certificate_issue(*, case: Case, actor, now: datetime, holder=None, scope=None, valid_from=None,
                      valid_until=None, opinion: str = "") -> Certificate:
    """制证: the certificate of an approved case, numbered by its item's pattern. `holder` defaults
    to the applicant; `valid_until` empty means 长期有效."""
    if case.decision != Case.Decision.APPROVED:
        raise Conflict("not_approved", _("只有准予许可的办件才能制证。"))
    if Certificate.objects.filter(case=case).exists():
        raise Conflict("already_issued", _("该办件已制证，不能重复发证。"))
    errors: list[FieldError] = []
    holder = rules.text(errors, holder, field="holder", max_length=rules.HOLDER_MAX_LENGTH) or case.applicant_name
    scope = rules.text(errors, scope, field="scope", max_length=rules.SCOPE_MAX_LENGTH,
                       required=_("请填写许可范围（证书载明的许可事项和内容）。"))
    start = rules.day(errors, valid_from, field="valid_from", required=_("请填写有效期起始日期。"))
    end = rules.day(errors, valid_until, field="valid_until")
    errors += rules.validity_errors(valid_from=start, valid_until=end, decided_on=selectors.case_decided_on(case))
    if errors:
        raise DomainError(errors)
    number, title = certificate_number_next(item=case.item, now=now)
    certificate = Certificate.objects.create(
        case=case, item=case.item, title=title[:200], number=number, holder=holder, scope=scope, valid_from=start,
        valid_until=end, issued_at=now, issued_by=actor if actor and actor.is_authenticated else None,
    )
    facts = {"certificate_id": certificate.pk, "certificate_number": number, "holder": holder,
             "valid_from": start.isoformat(), "valid_until": end.isoformat() if end else None}
    case_step_record(case=case, step=CERTIFY, actor=actor, now=now, opinion=opinion, data=facts)
    audit("certificate_issued", {**facts, "case": case.number, "item": case.item.code, "actor": _username(actor)},
          now=now)
    return certificate


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason, actor, now: datetime) -> Certificate:
    """撤销: the certificate stops being valid; the reason is required, on the case timeline, in the
    supervision log, and the published result shows 已撤销 (disclosure republishes it)."""
    certificate = (Certificate.objects.select_for_update().select_related("case__item__department", "item")
                   .get(pk=certificate.pk))
    if not selectors.may_revoke(user=actor, certificate=certificate):
        raise DomainError.single(None, "forbidden", _("只有发证部门的审批人员或管理员可以撤销证书。"), status=403)
    if certificate.revoked_at is not None:
        raise Conflict("already_revoked", _("该证书已于 %(day)s 撤销。")
                       % {"day": timezone.localdate(certificate.revoked_at).isoformat()})
    errors: list[FieldError] = []
    reason = rules.text(errors, reason, field="reason", max_length=rules.REASON_MAX_LENGTH,
                        required=_("撤销证书必须说明理由。"))
    if errors:
        raise DomainError(errors)
    certificate.revoked_at, certificate.revoked_by, certificate.revocation_reason = now, actor, reason
    certificate.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    case_step_record(case=certificate.case, step=CERTIFY, actor=actor, now=now, opinion=reason,
                     data={"action": "revoked", "certificate_id": certificate.pk,
                           "certificate_number": certificate.number})
    audit("certificate_revoked", {"certificate_id": certificate.pk, "certificate_number": certificate.number,
                                  "case": certificate.case.number, "reason": reason, "actor": _username(actor)},
          now=now)
    certificate_revoked.send(sender=Certificate, certificate=certificate, actor=actor, now=now)
    return certificate


def _proof_check(proof, errors: list[FieldError]) -> str:
    """The receipt scan passes the materials' upload checks (size, type by content, PDF active
    content); their messages, named for this field."""
    if not hasattr(proof, "chunks"):  # text where a file belongs
        errors.append(FieldError("proof", "invalid", _("请上传签收的送达回证（邮寄送达为邮件签收回执）的扫描件，"
                                                       "PDF、JPEG 或 PNG 格式。")))
        return ""
    try:
        return material_check(proof)
    except DomainError as exc:
        errors.extend(FieldError("proof", e.code, e.message) for e in exc.errors)
        return ""


@transaction.atomic
def delivery_record(*, case: Case, actor, now: datetime, delivery_method=None, delivered_on=None, recipient=None,
                    tracking_number=None, proof=None, confirmation=None, opinion: str = "") -> DeliveryRecord:
    """送达: how the decision reached the applicant (窗口领取, 邮寄, 电子送达), when, to whom, and
    its proof: the signed receipt's scan (`proof`, an uploaded file) for window and post, the
    platform's confirmation for electronic delivery."""
    if not case.decision:
        raise Conflict("not_decided", _("办件尚未作出决定，不能送达。"))
    if DeliveryRecord.objects.filter(case=case).exists():
        raise Conflict("already_delivered", _("该办件已登记送达。"))
    errors: list[FieldError] = []
    method = delivery_method if delivery_method in rules.METHODS else ""
    if not method:
        errors.append(FieldError("delivery_method", "required" if not delivery_method else "invalid",
                                 _("请选择送达方式：window（窗口领取）、post（邮寄）或 electronic（电子送达）。")))
    day = rules.day(errors, delivered_on, field="delivered_on", required=_("请填写送达日期（签收日期）。"))
    recipient = rules.text(errors, recipient, field="recipient", max_length=rules.RECIPIENT_MAX_LENGTH,
                           required=_("请填写签收人。"))
    tracking = rules.text(errors, tracking_number, field="tracking_number", max_length=rules.TRACKING_MAX_LENGTH)
    tracking = tracking.replace(" ", "").upper() if method == rules.POST else ""
    if (bad := rules.tracking_number_error(tracking)) is not None:
        errors.append(bad)
    confirmation = rules.text(errors, confirmation, field="confirmation", max_length=rules.CONFIRMATION_MAX_LENGTH)
    if method:
        errors += rules.delivery_proof_errors(method=method, tracking_number=tracking, has_proof_file=proof is not None,
                                              confirmation=confirmation)
    errors += rules.delivery_date_errors(delivered_on=day, today=timezone.localdate(now),
                                         decided_on=selectors.case_decided_on(case))
    content_type = _proof_check(proof, errors) if proof is not None else ""
    if errors:
        raise DomainError(errors)
    record = DeliveryRecord(case=case, method=method, delivered_on=day, recipient=recipient, tracking_number=tracking,
                            confirmation=confirmation, recorded_at=now,
                            recorded_by=actor if actor and actor.is_authenticated else None)
    if proof is not None:
        digest = hashlib.sha256()
        for chunk in proof.chunks():
            digest.update(chunk)
        proof.seek(0)
        record.proof_name, record.proof_content_type = (proof.name or "")[:255], content_type
        record.proof_size, record.proof_sha256 = proof.size, digest.hexdigest()
        record.proof.save(f"{case.number}-delivery-{record.proof_sha256[:12]}", proof, save=False)
    record.save()
    facts = {"method": method, "delivered_on": day.isoformat(), "recipient": recipient, "tracking_number": tracking,
             "proof_sha256": record.proof_sha256, "confirmation": confirmation}
    case_step_record(case=case, step=DELIVER, actor=actor, now=now, opinion=opinion, data=facts)
    audit("case_delivered", {**facts, "case": case.number, "actor": _username(actor)}, now=now)
    return record
