"""The reply (arts. 36–37): drafted from the organ's model reply for its type (ReplyTemplate, shipped
by migration 0004 and edited in the admin), rendered as a PDF letter with the organ's details, and
fixed when the office head signs it off (审签) — the case's decision is then recorded, so the
generic 送达 step delivers it. A request treated as withdrawn (art. 30) gets its notice the same way.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.cases.materials import material_check
from backend.cases.models import Case
from backend.cases.services import case_decide
from backend.common.audit import audit
from backend.common.errors import Conflict, DomainError, FieldError

from . import organs, pdf, rules
from .models import InfoRequest, ReplyFile, ReplyTemplate


def template_for(reply_type: str) -> ReplyTemplate:
    template = ReplyTemplate.objects.filter(reply_type=reply_type).first()
    if template is None:
        raise Conflict("no_template", _("缺少该答复类型的示范文本，请管理员在后台补充。"))
    return template


def values_for(request: InfoRequest, *, today) -> dict:
    profile = organs.profile_of(request.organ)
    case = request.case
    data = request.reply_data or {}
    files = [f.original_name for f in request.files.all()]
    return {
        "applicant": case.applicant_name, "number": case.number,
        "received_date": rules.chinese_date(request.received_on),
        "description": request.description, "form": request.get_form_display(),
        "delivery_way": request.get_delivery_way_display(), "organ": request.organ.name,
        "organ_address": profile.address, "organ_phone": profile.phone, "reply_date": rules.chinese_date(today),
        "ground": request.get_reply_ground_display() if request.reply_ground else "",
        "files": "附件：" + "；".join(files) if files else "",
        "supplement_request": request.supplement_request,
        "supplement_due": rules.chinese_date(request.supplement_due_on),
        **organs.remedy_values(request.organ),
        **{name: data.get(name, "") for name in rules.DATA_FIELDS},
    }


def _require_staff(request: InfoRequest, actor) -> None:
    if not getattr(actor, "is_staff_member", False) or request.organ_id not in set(actor.department_ids):
        raise DomainError.single(None, "forbidden", _("只有本机关政府信息公开工作人员可以办理。"), status=403)


def _locked(request: InfoRequest) -> InfoRequest:
    return InfoRequest.objects.select_for_update().select_related("case__item", "organ").get(pk=request.pk)


@transaction.atomic
def reply_draft(*, request: InfoRequest, reply_type, reply_ground="", reply_data=None, text=None, actor,
                now: datetime) -> InfoRequest:
    """承办: the reply's type, its ground (the annual report's row) and its particulars; the letter
    is the type's model reply filled from the request, unless the officer edits `text`."""
    request = _locked(request)
    _require_staff(request, actor)
    if request.case.status != Case.Status.IN_PROGRESS or request.signed_at is not None:
        raise Conflict("not_draftable", _("只能为办理中、尚未审签的申请起草答复。"))
    if request.consultations.filter(answered_at__isnull=True).exists():
        raise Conflict("consulting", _("正在征求意见，收到意见（或逾期）后再起草答复。"))
    if request.supplement_requested_at and not request.supplement_answered_at:
        raise Conflict("waiting_supplement", _("正在等待申请人补正。"))
    ground, data, errors = rules.reply_check(reply_type=str(reply_type or ""), ground=str(reply_ground or ""),
                                             data=reply_data if reply_data is not None else {})
    if text not in (None, "") and len(str(text)) > 20000:
        errors.append(FieldError("reply_text", "too_long", _("答复书正文过长。")))
    if errors:
        raise DomainError(errors)
    template = template_for(reply_type)
    request.reply_type, request.reply_ground, request.reply_data = reply_type, ground, data
    request.reply_text = str(text).strip() if text not in (None, "") else rules.fill(
        template.body, values_for(request, today=timezone.localdate(now)))
    request.replied_by = actor
    request.save(update_fields=["reply_type", "reply_ground", "reply_data", "reply_text", "replied_by"])
    return request


def reply_pdf_bytes(request: InfoRequest, *, today, draft: bool) -> bytes:
    template = template_for(request.reply_type)
    profile = organs.profile_of(request.organ)
    footer = [line for line in (
        _("承办机构：%(o)s") % {"o": profile.office_name} if profile.office_name else "",
        _("本机关联系地址：%(a)s") % {"a": profile.address} if profile.address else "",
        _("邮政编码：%(p)s") % {"p": profile.postcode} if profile.postcode else "",
        _("联系电话：%(p)s") % {"p": profile.phone} if profile.phone else "",
        _("电子邮箱：%(e)s") % {"e": profile.email} if profile.email else "",
    ) if line]
    return pdf.render_reply(organ=request.organ.name, title=template.title,
                            reference=_("申请编号：%(n)s") % {"n": request.case.number},
                            text=request.reply_text, dated=rules.chinese_date(today), footer=footer, draft=draft)


def _store_pdf(request: InfoRequest, content: bytes) -> None:
    digest = hashlib.sha256(content).hexdigest()
    request.reply_pdf.save(f"{request.case.number}-reply-{digest[:12]}.pdf", ContentFile(content), save=False)
    request.reply_pdf_sha256 = digest


def reply_sign(*, request: InfoRequest, actor, now: datetime, case: Case | None = None) -> InfoRequest:
    """审签 (called at the process's sign step, inside its transaction): the drafted reply becomes the
    letter — rendered, stored with its digest — and the case is decided (a grant or an already-public
    answer counts as approved, every other type as denied) so that it can be delivered."""
    request = _locked(request)
    if case is not None:  # the process's own instance, so its decision is seen by the step after
        request.case = case
    if not request.reply_type or not request.reply_text:
        raise Conflict("no_reply", _("尚未起草答复，不能审签。"))
    if request.signed_at is not None:
        raise Conflict("already_signed", _("答复已审签。"))
    head = organs.office_head(request.organ)
    if head is not None and actor is not None and head.pk != actor.pk:
        raise DomainError.single(None, "forbidden", _("答复须由政府信息公开工作机构负责人（%(name)s）审签。")
                                 % {"name": head.display_name}, status=403)
    today = timezone.localdate(now)
    _store_pdf(request, reply_pdf_bytes(request, today=today, draft=False))
    request.signed_at, request.signed_by, request.replied_at = now, actor, now
    request.save(update_fields=["reply_pdf", "reply_pdf_sha256", "signed_at", "signed_by", "replied_at"])
    spec = rules.SPECS[request.reply_type]
    case_decide(case=request.case, approve=spec.favourable, actor=actor, now=now, step="sign",
                opinion=f"{request.get_reply_type_display()}（{request.get_reply_ground_display()}）"
                if request.reply_ground else request.get_reply_type_display())
    audit("foi_reply_signed", {"case": request.case.number, "reply_type": request.reply_type,
                               "reply_ground": request.reply_ground, "sha256": request.reply_pdf_sha256,
                               "by": actor.username if actor else None}, now=now)
    return request


def reply_withdrawn(*, request: InfoRequest, now: datetime) -> InfoRequest:
    """Art. 30: no correction within the period — the request is treated as withdrawn; its notice
    is made from the withdrawn model reply (called by the sweep, workflows/foi.py)."""
    request.reply_type, request.reply_ground = InfoRequest.ReplyType.WITHDRAWN, InfoRequest.Ground.NO_SUPPLEMENT
    today = timezone.localdate(now)
    request.reply_text = rules.fill(template_for(request.reply_type).body, values_for(request, today=today))
    _store_pdf(request, reply_pdf_bytes(request, today=today, draft=False))
    request.replied_at = request.closed_at = now
    request.save(update_fields=["reply_type", "reply_ground", "reply_text", "reply_pdf", "reply_pdf_sha256",
                                "replied_at", "closed_at"])
    return request


@transaction.atomic
def reply_file_add(*, request: InfoRequest, uploaded_file, actor, now: datetime) -> ReplyFile:
    """A file of the information provided (checked as case materials are: size, type, PDF content)."""
    request = _locked(request)
    _require_staff(request, actor)
    if request.signed_at is not None:
        raise Conflict("signed", _("答复已审签，不能再添加文件。"))
    if uploaded_file is None:
        raise DomainError.single("file", "required", _("请选择要提供的文件。"))
    content_type = material_check(uploaded_file)
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    row = ReplyFile(request=request, original_name=(uploaded_file.name or "file")[:255], content_type=content_type,
                    size=uploaded_file.size, sha256=digest.hexdigest(), uploaded_at=now, uploaded_by=actor)
    row.file.save(f"{request.case.number}-{row.sha256[:12]}", uploaded_file, save=False)
    row.save()
    return row


@transaction.atomic
def template_update(*, template: ReplyTemplate, title, body, actor, now: datetime) -> ReplyTemplate:
    """An administrator edits a model reply; an unknown placeholder is refused (it would print as is)."""
    unknown = rules.unknown_placeholders(body) + rules.unknown_placeholders(title)
    if unknown:
        raise DomainError.single("body", "unknown_placeholder", _("未知占位符：%(names)s。")
                                 % {"names": "、".join(f"{{{n}}}" for n in unknown)})
    template.title, template.body, template.updated_at, template.updated_by = title, body, now, actor
    template.save()
    return template
