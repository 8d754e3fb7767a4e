"""Writes on the catalogue: a document drafted by the column's unit, submitted, reviewed (审核) by a
reviewer of the unit, signed off (审签) by the unit's head and so published through the disclosure
outbox; withdrawn (撤回) or corrected (更正: a new version, reviewed and signed off again, that
supersedes the published one). Every write is one transaction, leaves a DocumentEvent row and
appends to the hash-chained supervision log."""

from __future__ import annotations

import hashlib
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backend.cases.materials import material_check
from backend.catalog.models import ServiceItem
from backend.common.errors import Conflict, DomainError, FieldError, unknown_fields
from backend.common.text import text_field
from backend.disclosure.models import Publication
from backend.disclosure.services import publication_withdraw
from backend.supervision import hashlog

from . import interpretations, publishing, rules
from .models import Column, Document, DocumentAttachment, DocumentEvent

FIELDS = ("column", "title", "doc_number", "issuing_organ", "written_on", "effective_from", "body", "topic",
          "validity", "needs_interpretation", "service_items")
INTERPRETATION_FIELDS = ("interpretation_form", "interpreted_on")
TEXTS = {"title": rules.TITLE_MAX, "doc_number": rules.DOC_NUMBER_MAX, "issuing_organ": rules.ORGAN_MAX,
         "topic": rules.TOPIC_MAX, "body": rules.BODY_MAX}
REQUIRED = {"title": gettext_lazy("请填写标题。"), "issuing_organ": gettext_lazy("请填写发文机关。"),
            "body": gettext_lazy("请填写正文。"), "written_on": gettext_lazy("请填写成文日期。")}
DENIED = gettext_lazy("只有该栏目责任单位的工作人员可以办理。")


def _forbidden(message=DENIED) -> DomainError:
    return DomainError.single(None, "forbidden", message, status=403)


def _date(value, field: str, errors: list) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        errors.append(FieldError(field, "invalid", _("日期格式应为 YYYY-MM-DD。")))
        return None


def _bool(value) -> bool:
    return value is True or str(value).strip().lower() in ("true", "1", "on", "yes")


def _service_items(value, errors: list) -> list[ServiceItem]:
    """Item codes (a list, or one string separated by commas or spaces) → the items; unknown is an error."""
    if value in (None, ""):
        return []
    codes = value if isinstance(value, list | tuple) else str(value).replace(",", " ").split()
    codes = [str(c).strip() for c in codes if str(c).strip()]
    items = list(ServiceItem.objects.filter(code__in=codes))
    unknown = sorted(set(codes) - {i.code for i in items})
    if unknown:
        errors.append(FieldError("service_items", "invalid",
                                 _("事项不存在：%(codes)s") % {"codes": "、".join(unknown)}))
    return items


def _clean(data: dict, *, partial: bool, interpretation: bool = False) -> tuple[dict, list[FieldError]]:
    """The fields sent, cleaned; every error at once (nothing is saved when there is one)."""
    errors = unknown_fields(data, FIELDS + INTERPRETATION_FIELDS * interpretation)
    out: dict = {}
    for name, limit in TEXTS.items():
        if partial and name not in data:
            continue
        try:
            out[name] = text_field(data.get(name), field=name, max_length=limit)
        except DomainError as exc:
            errors.extend(exc.errors)
            continue
        if not out[name] and name in REQUIRED:
            errors.append(FieldError(name, "required", REQUIRED[name]))
    for name in ("written_on", "effective_from"):
        if partial and name not in data:
            continue
        out[name] = _date(data.get(name), name, errors)
        if out[name] is None and name in REQUIRED and not any(e.field == name for e in errors):
            errors.append(FieldError(name, "required", REQUIRED[name]))
    if not partial or "validity" in data:
        validity = data.get("validity") or Document.Validity.VALID
        if validity not in Document.Validity.values:
            errors.append(FieldError("validity", "invalid",
                                     _("有效性应为 valid（有效）、expired（失效）或 repealed（废止）。")))
        out["validity"] = validity
    if "needs_interpretation" in data:
        out["needs_interpretation"] = _bool(data.get("needs_interpretation"))
    if "service_items" in data:
        out["service_items"] = _service_items(data.get("service_items"), errors)
    if interpretation:
        interpretations.clean_fields(data, partial=partial, out=out, errors=errors, parse_date=_date)
    return out, errors


def _save_items(doc: Document, items) -> None:
    if items is not None:
        doc.service_items.set(items)


def _column(code, errors: list) -> Column | None:
    column = Column.objects.select_related("department").filter(code=str(code or ""), is_active=True).first()
    if column is None:
        errors.append(FieldError("column", "invalid" if code else "required",
                                 _("栏目不存在。") if code else _("请选择栏目。")))
    return column


def _record(doc: Document, kind: str, *, actor, now: datetime, opinion: str = "") -> DocumentEvent:
    event = DocumentEvent.objects.create(document=doc, kind=kind, actor=actor, opinion=opinion, version=doc.version,
                                         created_at=now)
    hashlog.append(f"directory_document_{kind}", {"document": doc.key, "version": doc.version,
                                                  "column": doc.column.code, "status": doc.status,
                                                  "opinion": opinion, "actor": actor.get_username()}, now=now)
    return event


def _locked(doc: Document) -> Document:
    return (Document.objects.select_for_update(of=("self",))
            .select_related("column__department", "interprets__column__department").get(pk=doc.pk))


def _state(doc: Document, step: str) -> None:
    if not rules.step_allowed(step, doc.status):
        raise Conflict("wrong_state", _("文件当前状态为“%(s)s”，不能进行此操作。") % {"s": doc.get_status_display()})


def _attachment_add(doc: Document, uploaded, now: datetime) -> DocumentAttachment:
    content_type = material_check(uploaded)  # the one upload check: size, type by content, PDF safety
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    att = DocumentAttachment(document=doc, original_name=uploaded.name[:255], content_type=content_type,
                             size=uploaded.size, sha256=digest.hexdigest(), uploaded_at=now)
    att.file.save(f"{doc.key}-{digest.hexdigest()[:12]}", uploaded, save=False)
    att.save()
    return att


@transaction.atomic
def document_draft(*, data: dict, actor, now: datetime, files=()) -> Document:
    """A new draft in a column of the actor's unit."""
    fields, errors = _clean(data, partial=False)
    column = _column(data.get("column"), errors)
    if column is not None and not rules.may_draft(actor, column):
        raise _forbidden()
    if errors:
        raise DomainError(errors)
    items = fields.pop("service_items", None)
    fields.setdefault("needs_interpretation", column.requires_interpretation)
    doc = Document.objects.create(column=column, created_by=actor, created_at=now, updated_at=now, **fields)
    _save_items(doc, items)
    for uploaded in files:
        _attachment_add(doc, uploaded, now)
    _record(doc, DocumentEvent.Kind.DRAFTED, actor=actor, now=now)
    return doc


@transaction.atomic
def interpretation_draft(*, policy: Document, data: dict, actor, now: datetime, files=()) -> Document:
    """A policy interpretation (政策解读) of `policy`, drafted by the policy's unit (谁起草谁解读), in
    the 政策解读 column unless `column` names another: form (text, qa, graphic, video — graphic and
    video need an attachment) and date. Issuing organ and written-on default to the policy's and
    the interpretation's date."""
    policy = _locked(policy)
    interpretations.policy_check(policy)
    if not rules.may_draft(actor, rules.unit_column(policy)):
        raise _forbidden()
    data = dict(data)
    data.setdefault("column", interpretations.DEFAULT_COLUMN)
    if not data.get("issuing_organ"):
        data["issuing_organ"] = policy.issuing_organ
    dated_as_interpreted = not data.get("written_on")
    if dated_as_interpreted:
        data["written_on"] = data.get("interpreted_on") or ""
    fields, errors = _clean(data, partial=False, interpretation=True)
    if dated_as_interpreted:  # the interpretation's date stands for it: one error, on interpreted_on
        errors = [e for e in errors if e.field != "written_on"]
    column = Column.objects.select_related("department").filter(code=str(data.get("column") or ""),
                                                                is_active=True).first()
    if column is None:
        errors.append(FieldError("column", "invalid", _("栏目不存在。")))
    interpretations.attachment_check(fields.get("interpretation_form", ""), files=files, has_attachments=False,
                                     errors=errors)
    if errors:
        raise DomainError(errors)
    fields.pop("service_items", None)
    fields["needs_interpretation"] = False
    doc = Document.objects.create(column=column, interprets=policy, created_by=actor, created_at=now,
                                  updated_at=now, **fields)
    for uploaded in files:
        _attachment_add(doc, uploaded, now)
    _record(doc, DocumentEvent.Kind.DRAFTED, actor=actor, now=now)
    return doc


@transaction.atomic
def document_update(*, document: Document, data: dict, actor, now: datetime, files=()) -> Document:
    """Change a draft (only a draft: what is in review or public is changed by a correction)."""
    doc = _locked(document)
    if not rules.may_draft(actor, rules.unit_column(doc)):
        raise _forbidden()
    _state(doc, "update")
    fields, errors = _clean(data, partial=True, interpretation=doc.interprets_id is not None)
    if "column" in data:
        column = _column(data.get("column"), errors)
        if column is not None and not doc.interprets_id and not rules.may_draft(actor, column):
            errors.append(FieldError("column", "invalid", _("只能移入本单位负责的栏目。")))
        fields["column"] = column
    if doc.interprets_id:
        interpretations.attachment_check(fields.get("interpretation_form", doc.interpretation_form), files=files,
                                         has_attachments=doc.attachments.exists(), errors=errors)
    if errors:
        raise DomainError(errors)
    items = fields.pop("service_items", None)
    for name, value in fields.items():
        setattr(doc, name, value)
    doc.updated_at = now
    doc.save()
    _save_items(doc, items)
    for uploaded in files:
        _attachment_add(doc, uploaded, now)
    _record(doc, DocumentEvent.Kind.UPDATED, actor=actor, now=now)
    return doc


@transaction.atomic
def document_submit(*, document: Document, actor, now: datetime) -> Document:
    """The draft goes to review, with its interpretations in draft (同步报送)."""
    doc = _locked(document)
    if not rules.may_draft(actor, rules.unit_column(doc)):
        raise _forbidden()
    _state(doc, "submit")
    for each in [*interpretations.companions(doc), doc]:
        each.status, each.updated_at = Document.Status.IN_REVIEW, now
        each.save(update_fields=["status", "updated_at"])
        _record(each, DocumentEvent.Kind.SUBMITTED, actor=actor, now=now)
    return doc


def _decision(decision: str, opinion) -> str:
    errors = []
    if decision not in rules.DECISIONS:
        errors.append(FieldError("decision", "invalid", _("决定应为 approve（通过）或 return（退回）。")))
    try:
        opinion = text_field(opinion, field="opinion", max_length=rules.OPINION_MAX)
    except DomainError as exc:
        errors.extend(exc.errors)
        opinion = ""
    if decision == "return" and not opinion and not errors:
        errors.append(FieldError("opinion", "required", _("退回须说明理由。")))
    if errors:
        raise DomainError(errors)
    return opinion


def _return(doc: Document, *, opinion: str, actor, now: datetime) -> Document:
    """Back to the drafter, with the interpretations that were at the same step (they go together)."""
    for each in [*interpretations.companions(doc, decision="return"), doc]:
        each.status, each.updated_at = Document.Status.DRAFT, now
        each.save(update_fields=["status", "updated_at"])
        _record(each, DocumentEvent.Kind.RETURNED, actor=actor, now=now, opinion=opinion)
    return doc


@transaction.atomic
def document_review(*, document: Document, decision: str, opinion: str = "", actor, now: datetime) -> Document:
    """审核 by a reviewer of the column's unit: on to the head's sign-off, or back to the drafter."""
    doc = _locked(document)
    if not rules.may_review(actor, rules.unit_column(doc)):
        raise _forbidden(_("只有该栏目责任单位的审核人员可以审核。"))
    _state(doc, "review")
    opinion = _decision(decision, opinion)
    if decision == "return":
        return _return(doc, opinion=opinion, actor=actor, now=now)
    for each in [*interpretations.companions(doc), doc]:
        each.status, each.reviewed_by, each.reviewed_at = Document.Status.AWAITING_SIGN_OFF, actor, now
        each.updated_at = now
        each.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
        _record(each, DocumentEvent.Kind.REVIEWED, actor=actor, now=now, opinion=opinion)
    return doc


def column_touched(*, column: Column, now: datetime) -> None:
    """A publication in the column: it is up to date as of `now`."""
    Column.objects.filter(pk=column.pk).update(last_published_at=now)


@transaction.atomic
def document_sign_off(*, document: Document, decision: str, opinion: str = "", actor, now: datetime) -> Document:
    """审签 by the unit's head: published (through the outbox), or back to the drafter."""
    """审签 by the unit's head: published (through the outbox) with the interpretations awaiting
    sign-off beside it (同步发布, one transaction), or back to the drafter."""
    doc = _locked(document)
    if not rules.may_sign_off(actor, rules.unit_column(doc)):
        raise _forbidden(_("只有该栏目责任单位的负责人可以审签。"))
    _state(doc, "sign_off")
    opinion = _decision(decision, opinion)
    if decision == "return":
        return _return(doc, opinion=opinion, actor=actor, now=now)
    interpretations.sign_off_alone_check(doc)
    companions = interpretations.companions(doc)
    doc.published_on = doc.published_on or timezone.localdate(now)  # the interpretations name it
    for each in [*companions, doc]:
        each.status, each.signed_off_by, each.signed_off_at = Document.Status.PUBLISHED, actor, now
        each.updated_at, each.published_on = now, each.published_on or timezone.localdate(now)
        each.save(update_fields=["status", "signed_off_by", "signed_off_at", "updated_at", "published_on"])
        publishing.document_publish_schedule(doc=each, now=now)
        column_touched(column=each.column, now=now)
        _record(each, DocumentEvent.Kind.SIGNED_OFF, actor=actor, now=now, opinion=opinion)
    return doc


def _reason(reason) -> str:
    reason = text_field(reason, field="reason", max_length=rules.OPINION_MAX)
    if not reason:
        raise DomainError.single("reason", "required", _("请说明理由。"))
    return reason


def _current_publication(doc: Document) -> Publication:
    pub = Publication.objects.filter(kind=Publication.Kind.DOCUMENT, subject=doc.key,
                                     status=Publication.Status.PUBLISHED).first()
    if pub is None:
        raise Conflict("not_public_yet", _("该文件尚未在公开页面发布（发布队列处理中），请稍后再试。"))
    return pub


@transaction.atomic
def document_withdraw(*, document: Document, reason: str, actor, now: datetime) -> Document:
    """撤回: the published document leaves the public pages (the page says it was withdrawn, why)."""
    doc = _locked(document)
    if not (rules.may_draft(actor, rules.unit_column(doc)) or rules.may_sign_off(actor, rules.unit_column(doc))):
        raise _forbidden()
    _state(doc, "withdraw")
    reason = _reason(reason)
    _withdraw_one(doc, reason=reason, actor=actor, now=now)
    # An interpretation explains a policy in force: it leaves the public pages with its policy.
    interpretations = list(doc.interpretations.select_for_update(of=("self",)).filter(
        status=Document.Status.PUBLISHED).order_by("pk"))
    for interpretation in interpretations:
        _withdraw_one(interpretation, reason=_("随所解读的政策撤回：%(reason)s") % {"reason": reason}, actor=actor,
                      now=now)
    return doc


def _withdraw_one(doc: Document, *, reason: str, actor, now: datetime) -> None:
    publication_withdraw(publication=_current_publication(doc), reason=reason, actor=actor, now=now)
    doc.status, doc.withdrawn_reason, doc.updated_at = Document.Status.WITHDRAWN, reason, now
    doc.save(update_fields=["status", "withdrawn_reason", "updated_at"])
    _record(doc, DocumentEvent.Kind.WITHDRAWN, actor=actor, now=now, opinion=reason)


@transaction.atomic
def document_correct(*, document: Document, data: dict, reason: str, actor, now: datetime) -> Document:
    """更正: the published document becomes the draft of its next version, with the changes in
    `data` and the reason; the public keeps the published version until the new one is reviewed and
    signed off, which then supersedes it (same subject, next version)."""
    doc = _locked(document)
    if not rules.may_draft(actor, rules.unit_column(doc)):
        raise _forbidden()
    _state(doc, "correct")
    errors: list[FieldError] = []
    try:
        reason = _reason(reason)
    except DomainError as exc:
        errors.extend(exc.errors)
    fields, more = _clean({k: v for k, v in data.items() if k != "column"}, partial=True,
                          interpretation=doc.interprets_id is not None)
    errors += more + [FieldError("column", "invalid", _("更正不能改变栏目。"))] * ("column" in data)
    if errors:
        raise DomainError(errors)
    items = fields.pop("service_items", None)
    for name, value in fields.items():
        setattr(doc, name, value)
    _save_items(doc, items)
    doc.version += 1
    doc.correction_reason, doc.status, doc.updated_at = reason, Document.Status.DRAFT, now
    doc.reviewed_by = doc.reviewed_at = doc.signed_off_by = doc.signed_off_at = None
    doc.save()
    _record(doc, DocumentEvent.Kind.CORRECTED, actor=actor, now=now, opinion=reason)
    return doc
