"""Writes on the annual report: generate (or refresh) a draft, enter figures and texts, sign off,
publish through the disclosure outbox, reopen for a correction. Each write is one transaction and
appends to the hash-chained supervision log."""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import Department
from backend.common.errors import Conflict, DomainError, FieldError
from backend.disclosure import outbox
from backend.disclosure.masking import mask_text
from backend.disclosure.models import Publication
from backend.supervision import hashlog

from . import report
from . import report_selectors as selectors
from .models_report import AnnualReport

EDIT_DENIED = _("只有政务公开工作人员和管理员可以编制年度报告。")


def _digest(value) -> str:
    return hashlib.sha256(hashlog.canonical(value).encode()).hexdigest()


def _who(actor) -> str | None:
    return actor.get_username() if actor is not None and actor.is_authenticated else None


def _check_year(year, *, now: datetime) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise DomainError.single("year", "invalid", _("请填写年度，例如 2026。")) from None
    if year < 2008 or year > timezone.localdate(now).year:  # the 条例 took effect on 1 May 2008
        raise DomainError.single("year", "invalid", _("年度应在 2008 年至今年之间。"))
    return year


def _locked(rep: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update(of=("self",)).select_related("organ__head").get(pk=rep.pk)


def _compute(rep: AnnualReport, *, now: datetime) -> None:
    counted, unclassified = selectors.request_counts(year=rep.year, organ=rep.organ)
    rep.requests_table = counted
    rep.unclassified = unclassified
    rep.licensing_decisions = selectors.licensing_count(year=rep.year, organ=rep.organ)
    rep.computed_at = now


@transaction.atomic
def report_generate(*, year, organ: Department | None, actor, now: datetime) -> AnnualReport:
    """The year's draft for `organ` (None: the whole county), counted from the records now; an
    existing draft is recounted (what staff entered stays), a signed-off report is a 409."""
    selectors.require(selectors.can_edit(actor), EDIT_DENIED)
    year = _check_year(year, now=now)
    rep = AnnualReport.objects.select_for_update(of=("self",)).filter(year=year, organ=organ).first()
    if rep is not None and rep.status != AnnualReport.Status.DRAFT:
        raise Conflict("not_draft", _("该年度报告已审签，如需更正请先退回修订。"))
    created = rep is None
    if created:
        rep = AnnualReport(year=year, organ=organ, created_at=now, created_by=actor,
                           proactive=report.PROACTIVE_DEFAULTS, review=report.REVIEW_DEFAULTS)
    _compute(rep, now=now)
    rep.updated_at = now
    try:
        with transaction.atomic():
            rep.save()
    except IntegrityError:  # another request made the same draft a moment ago
        raise Conflict("exists", _("该年度报告正在由他人生成，请刷新后再试。")) from None
    hashlog.append("foi_report_generated", {"subject": rep.subject, "revision": rep.revision, "created": created,
                                            "requests": _digest(rep.requests_table),
                                            "licensing": rep.licensing_decisions, "actor": _who(actor)}, now=now)
    return rep


@transaction.atomic
def report_update(*, rep: AnnualReport, data: dict, actor, now: datetime) -> AnnualReport:
    """Enter the staff figures and texts: `proactive` and `review` as nested dicts of non-negative
    integers (fees in 万元), and the texts overview / problems / other_matters. Only what is sent
    changes; every error is reported at once, nothing saved."""
    selectors.require(selectors.can_edit(actor), EDIT_DENIED)
    rep = _locked(rep)
    if rep.status != AnnualReport.Status.DRAFT:
        raise Conflict("not_draft", _("该年度报告已审签，不能再修改。"))
    known = {"proactive", "review", *report.TEXT_FIELDS}
    errors: list[FieldError] = [FieldError(name, "unknown", _("未知字段。")) for name in sorted(set(data) - known)]
    texts, text_errors = report.clean_texts(data)
    errors += text_errors
    if "proactive" in data:
        proactive, more = report.clean_proactive(data["proactive"])
        errors += more
    if "review" in data:
        review, more = report.clean_review(data["review"])
        errors += more
    report.raise_if(errors)
    for name, value in texts.items():
        setattr(rep, name, value)
    if "proactive" in data:
        rep.proactive = proactive
    if "review" in data:
        rep.review = review
    rep.updated_at = now
    rep.save()
    return rep


@transaction.atomic
def report_sign_off(*, rep: AnnualReport, actor, now: datetime) -> AnnualReport:
    """The organ's head (the office head for the county) signs the draft off: its content is fixed
    and its digest kept. Only once the year is over, and only if the table's arithmetic holds."""
    rep = _locked(rep)
    denied = (_("只有本机关负责人可以审签年度报告。") if rep.organ_id
              else _("只有政务公开办公室负责人可以审签全县年度报告。"))
    selectors.require(selectors.can_sign_off(actor, rep), denied)
    if rep.status != AnnualReport.Status.DRAFT:
        raise Conflict("not_draft", _("该年度报告已审签。"))
    if timezone.localdate(now).year <= rep.year:
        raise Conflict("year_running", _("该年度尚未结束，不能审签年度报告。"))
    doc = selectors.report_document(rep)
    if not selectors.checks_hold(doc):
        raise Conflict("checks_fail", _("申请办理情况表的勾稽关系不成立（或有未能归类的办结申请），请核对后重新统计。"))
    rep.signer_name = actor.display_name
    rep.signer_title = actor.title or (_("%(organ)s负责人") % {"organ": rep.organ.name} if rep.organ_id
                                       else _("政务公开办公室负责人"))
    rep.signed_off_at, rep.signed_off_by = now, actor
    rep.digest = _digest(selectors.report_document(rep))
    rep.status, rep.updated_at = AnnualReport.Status.SIGNED_OFF, now
    rep.save()
    hashlog.append("foi_report_signed_off", {"subject": rep.subject, "revision": rep.revision,
                                             "digest": rep.digest, "actor": _who(actor)}, now=now)
    return rep


def publication_payload(rep: AnnualReport) -> dict:
    doc = selectors.report_document(rep)
    texts = [doc["title"], doc["overview"], doc["problems"], doc["other_matters"]]
    return {
        **doc,
        "subject": rep.subject,
        "title": doc["title"],
        "department": doc["organ"],
        "dated_on": rep.signed_off_at and timezone.localdate(rep.signed_off_at).isoformat(),
        "search_text": mask_text("\n".join(t for t in texts if t)),
        "path": f"/public/foi/reports/{rep.subject}/",
        "digest": rep.digest,
    }


@transaction.atomic
def report_publish(*, rep: AnnualReport, actor, now: datetime) -> AnnualReport:
    """Publish the signed-off report through the disclosure outbox (409 before sign-off); a
    corrected revision supersedes the published one on the public site."""
    rep = _locked(rep)
    selectors.require(selectors.can_publish(actor, rep), _("只有政务公开工作人员、审签人和管理员可以公开年度报告。"))
    if rep.status == AnnualReport.Status.DRAFT:
        raise Conflict("not_signed_off", _("年度报告须经审签后才能公开。"))
    if rep.status == AnnualReport.Status.PUBLISHED:
        raise Conflict("already_published", _("该年度报告已公开。"))
    outbox.document_schedule(kind=Publication.Kind.FOI_REPORT, key=f"foi-report:{rep.subject}:r{rep.revision}",
                             payload=publication_payload(rep), now=now)
    rep.status, rep.published_at, rep.published_by = AnnualReport.Status.PUBLISHED, now, actor
    rep.first_published_at = rep.first_published_at or now
    rep.updated_at = now
    rep.save()
    hashlog.append("foi_report_published", {"subject": rep.subject, "revision": rep.revision,
                                            "digest": rep.digest, "actor": _who(actor)}, now=now)
    return rep


@transaction.atomic
def report_reopen(*, rep: AnnualReport, reason: str, actor, now: datetime) -> AnnualReport:
    """Take a signed-off or published report back to a draft for a correction: the next revision,
    with its reason, signed off and published again (superseding the published one)."""
    selectors.require(selectors.can_edit(actor), EDIT_DENIED)
    rep = _locked(rep)
    if rep.status == AnnualReport.Status.DRAFT:
        raise Conflict("draft", _("该年度报告仍是草稿，可直接修改。"))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError.single("reason", "required", _("请填写更正理由。"))
    if len(reason) > 2000:
        raise DomainError.single("reason", "too_long", _("更正理由过长（最多 2000 字）。"))
    if rep.status == AnnualReport.Status.PUBLISHED:
        rep.revision += 1  # a signed-off revision never published is simply signed again
    rep.correction_reason = reason
    rep.status, rep.digest = AnnualReport.Status.DRAFT, ""
    rep.signed_off_at = rep.signed_off_by = None
    rep.signer_name = rep.signer_title = ""
    rep.published_at = rep.published_by = None
    rep.updated_at = now
    rep.save()
    hashlog.append("foi_report_reopened", {"subject": rep.subject, "revision": rep.revision,
                                           "reason": _digest(reason), "actor": _who(actor)}, now=now)
    return rep
