"""Writes on cases. Each service runs in a transaction and leaves a CaseEvent on the timeline.

The process engine (workflows/) calls these from its nodes; these never import workflows.
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backend.accounts import roles
from backend.catalog import step_types
from backend.catalog.models import MaterialRequirement, ServiceItem
from backend.catalog.selectors import guide_current, process_latest
from backend.common.errors import Conflict, DomainError, FieldError
from backend.common.text import text_field

from . import receipts
from .applicants import applicant_clean
from .extensions import completion_denial
from .intake import material_write_denial
from .materials import material_check
from .models import Case, CaseEvent, CaseMaterial
from .numbering import new_query_code, next_case_number
from .signals import case_event_recorded

# Whom the acting person stands in for (代理), while the process layer applies their decision.
_acting_for: ContextVar[dict | None] = ContextVar("cases_acting_for", default=None)


@contextmanager
def acting_for(person: dict | None):
    """Every event recorded inside carries `on_behalf_of`: `person` ({id, name, title}) or nothing."""
    token = _acting_for.set(person)
    try:
        yield
    finally:
        _acting_for.reset(token)


def case_event_record(*, case: Case, kind: str, actor, now: datetime, step: str = "",
                      opinion: str = "", data: dict | None = None) -> CaseEvent:
    actor = actor if actor and actor.is_authenticated else None
    if actor is not None and (represented := _acting_for.get()):
        data = {**(data or {}), "on_behalf_of": represented}
    event = CaseEvent.objects.create(
        case=case, kind=kind, step=step, actor=actor, actor_title=actor.acting_title[:60] if actor else "",
        opinion=opinion, data=data or {}, created_at=now,
    )
    case_event_recorded.send(sender=Case, case=case, event=event, now=now)
    return event


WRONG_WAY_IN = {
    ServiceItem.Category.LETTER: gettext_lazy("这是县长信箱的事项，请通过“给县长写信”提交来信。"),
    ServiceItem.Category.INFORMATION_REQUEST: gettext_lazy(
        "这是政府信息公开申请事项，请通过“申请政府信息公开”提交申请。"),
}


@transaction.atomic(savepoint=False)
def case_file(*, item_code: str, channel: str, applicant: dict, actor, now: datetime,
              category: str = ServiceItem.Category.APPLICATION) -> Case:
    """File a case online (the applicant) or at a window (a clerk on the applicant's behalf).
    `category`: the kind of item the caller files for; letters and information requests carry their
    own records, so the permit filing paths may not open a bare case of theirs."""
    errors: list[FieldError] = []
    item = ServiceItem.objects.filter(code=item_code, is_active=True).select_related("department").first()
    if item is None:
        errors.append(FieldError("item", "not_found", _("事项编码不存在或已停用。")))
    elif item.category != category:
        wrong = WRONG_WAY_IN.get(item.category, _("该事项不能在此申请。"))
        errors.append(FieldError("item", "wrong_category", str(wrong)))
        item = None
    if channel not in Case.Channel.values:
        errors.append(FieldError("channel", "invalid", _("申请渠道应为 window（窗口）或 online（网上）。")))
    elif channel == Case.Channel.WINDOW and not actor.has_role(roles.CLERK):
        errors.append(FieldError("channel", "forbidden", _("只有窗口人员可以代为窗口申请。")))
    try:
        cleaned = applicant_clean(applicant)
    except DomainError as exc:
        errors.extend(exc.errors)
        cleaned = {}
    guide = guide_current(item=item, on=now.date()) if item else None
    if item and guide is None:
        errors.append(FieldError("item", "no_guide", _("该事项尚无生效的办事指南，暂不能申请。")))
    process = process_latest(item=item) if item else None
    if item and process is None:
        errors.append(FieldError("item", "no_process", _("该事项的办理流程尚未发布，暂不能申请。")))
    if errors:
        raise DomainError(errors)
    case = Case.objects.create(
        number=next_case_number(now.date()),
        query_code=new_query_code(),
        item=item,
        guide=guide,
        process_version=process,
        channel=channel,
        applicant_user=actor if channel == Case.Channel.ONLINE else None,
        filed_by=actor,
        service_centre=actor.service_centre if channel == Case.Channel.WINDOW else None,
        filed_at=now,
        **cleaned,
    )
    case_event_record(case=case, kind=CaseEvent.Kind.FILED, actor=actor, now=now,
                      data={"channel": channel})
    return case


OPEN_STATUSES = (Case.Status.SUBMITTED, Case.Status.SUPPLEMENT_REQUESTED, Case.Status.IN_PROGRESS)


def _locked(case: Case) -> Case:
    """Hold the case row until the transaction ends, and read its status afresh. A status change
    is an UPDATE of the same row, which holds it too: a material write and an acceptance on one case
    therefore happen one after the other, and the write sees the status the acceptance left."""
    case.status = Case.objects.select_for_update().filter(pk=case.pk).values_list("status", flat=True).get()
    return case


def _material_write_check(case: Case, actor) -> None:
    _locked(case)
    if case.status not in OPEN_STATUSES:
        raise Conflict("case_closed", _("办件已结束，不能再上传或移除材料。"))
    denial = material_write_denial(case, actor)
    if denial:
        raise DomainError.single(None, "forbidden", denial, status=403)


def _material_remove(material: CaseMaterial, *, actor, now: datetime, reason: str) -> None:
    material.removed_at, material.removed_by, material.removal_reason = now, actor, reason[:200]
    material.save(update_fields=["removed_at", "removed_by", "removal_reason"])
    case_event_record(case=material.case, kind=CaseEvent.Kind.MATERIAL_REMOVED, actor=actor, now=now, opinion=reason,
                      data={"material_id": material.pk, "name": material.original_name, "sha256": material.sha256})


@transaction.atomic
def case_material_add(*, case: Case, uploaded_file, requirement_id: int | None, actor, now: datetime,
                      replaces: int | None = None) -> CaseMaterial:
    """Add a file to the case (intake.py says who may); `replaces`: a file it supersedes, which is
    removed with the reason recorded. Both are on the case timeline."""
    _material_write_check(case, actor)
    requirement = None
    if requirement_id is not None:
        requirement = MaterialRequirement.objects.filter(pk=requirement_id, guide_id=case.guide_id).first()
        if requirement is None:
            raise DomainError.single("requirement", "invalid", _("该材料不在本事项的材料清单中。"))
    replaced = None
    if replaces is not None:
        replaced = case.materials.select_for_update().filter(pk=replaces, removed_at__isnull=True).first()
        if replaced is None:
            raise DomainError.single("replaces", "invalid", _("要更换的文件不存在或已被移除。"))
    content_type = material_check(uploaded_file)
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    material = CaseMaterial(
        case=case, requirement=requirement, original_name=uploaded_file.name[:255],
        content_type=content_type, size=uploaded_file.size, sha256=digest.hexdigest(),
        uploaded_by=actor, uploaded_at=now,
    )
    material.file.save(f"{case.number}-{digest.hexdigest()[:12]}", uploaded_file, save=False)
    material.save()
    case_event_record(case=case, kind=CaseEvent.Kind.MATERIAL_UPLOADED, actor=actor, now=now,
                      data={"material_id": material.pk, "name": material.original_name, "sha256": material.sha256,
                            "requirement": requirement.name if requirement else "",
                            "replaces": replaced.pk if replaced else None})
    if replaced is not None:
        _material_remove(replaced, actor=actor, now=now,
                         reason=_("已由新文件“%(name)s”替换") % {"name": material.original_name[:150]})
    return material


@transaction.atomic
def case_material_remove(*, case: Case, material_id: int, actor, now: datetime, reason: str) -> CaseMaterial:
    """Take a file off the case (it stays on record); the reason is required and on the timeline."""
    _material_write_check(case, actor)
    reason = text_field(reason, field="reason", max_length=200)
    if not reason:
        raise DomainError.single("reason", "required", _("移除材料必须说明原因。"))
    material = case.materials.select_for_update().filter(pk=material_id, removed_at__isnull=True).first()
    if material is None:
        raise DomainError.single("material", "not_found", _("该文件不存在或已被移除。"), status=404)
    _material_remove(material, actor=actor, now=now, reason=reason)
    return material


def _require_reason(value: str, field: str, message) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError.single(field, "required", message)
    return value


def case_accept(*, case: Case, actor, now: datetime, opinion: str = "", received_materials=None) -> Case:
    """受理 after the checklist: `received_materials` lists each material received ({requirement,
    form, copies, medium}); None takes the files uploaded for the case as received electronically."""
    requirements = requirements_of(case)
    if received_materials is None:
        received_materials = receipts.received_from_uploads(requirements, uploaded_requirement_ids(case))
    received = receipts.received_clean(received_materials, requirements)
    case.status = Case.Status.IN_PROGRESS
    case.accepted_at = now
    case.missing_materials = []
    case.status_reason = ""
    case.save(update_fields=["status", "accepted_at", "missing_materials", "status_reason"])
    case_event_record(case=case, kind=CaseEvent.Kind.ACCEPTED, step="accept", actor=actor, now=now, opinion=opinion,
                      data={"received": received})
    return case


def requirements_of(case: Case) -> list[receipts.Requirement]:
    return [receipts.Requirement(m.pk, m.name, m.form, m.copies, m.required)
            for m in case.guide.materials.order_by("position", "id")]


def uploaded_requirement_ids(case: Case) -> set[int]:
    return set(case.materials.filter(removed_at__isnull=True, requirement__isnull=False)
               .values_list("requirement_id", flat=True))


def case_refuse(*, case: Case, actor, now: datetime, opinion: str) -> Case:
    reason = _require_reason(opinion, "opinion", _("不予受理必须说明理由。"))
    case.status = Case.Status.REFUSED
    case.status_reason = reason
    case.completed_at = now
    case.save(update_fields=["status", "status_reason", "completed_at"])
    case_event_record(case=case, kind=CaseEvent.Kind.REFUSED, step="accept", actor=actor, now=now, opinion=reason)
    return case


def case_request_supplement(*, case: Case, actor, now: datetime, missing_materials: list, opinion: str = "") -> Case:
    """The one-time notice (一次性告知, art. 32): every missing material is listed at once."""
    if not isinstance(missing_materials, list):
        raise DomainError.single("missing_materials", "invalid", _("需补正材料应为列表。"))
    items = [name for name in (text_field(m, field="missing_materials", max_length=200) for m in missing_materials)
             if name]
    if not items:
        raise DomainError.single("missing_materials", "required", _("请一次性列明所有需要补正的材料。"))
    case.status = Case.Status.SUPPLEMENT_REQUESTED
    case.missing_materials = items
    case.status_reason = opinion
    case.save(update_fields=["status", "missing_materials", "status_reason"])
    case_event_record(case=case, kind=CaseEvent.Kind.SUPPLEMENT_REQUESTED, step="accept", actor=actor,
                      now=now, opinion=opinion, data={"missing_materials": items})
    return case


def case_resubmit_check(*, case: Case, actor, opinion: str = "") -> None:
    """A supplement answered with nothing would send an unchanged case back to acceptance: at least
    one material uploaded since the notice, or a note of what was supplied (paper at the window)."""
    if case.status != Case.Status.SUPPLEMENT_REQUESTED:
        raise Conflict("not_waiting", _("该办件当前不需要补正。"))
    if not (actor.pk in (case.applicant_user_id, case.filed_by_id) or actor.has_role(roles.CLERK)):
        raise DomainError.single(None, "forbidden", _("只有申请人或窗口人员可以提交补正材料。"), status=403)
    requested = (case.events.filter(kind=CaseEvent.Kind.SUPPLEMENT_REQUESTED).order_by("-created_at")
                 .values_list("created_at", flat=True).first())
    uploaded = (case.materials.filter(uploaded_at__gte=requested, removed_at__isnull=True).exists()
                if requested else True)
    if not uploaded and not opinion:
        raise DomainError.single("materials", "required", _("请先上传补正材料，或说明已补正的内容。"))


def case_resubmit(*, case: Case, actor, now: datetime, opinion: str = "") -> Case:
    case.status = Case.Status.SUBMITTED
    case.save(update_fields=["status"])
    case_event_record(case=case, kind=CaseEvent.Kind.RESUBMITTED, actor=actor, now=now, opinion=opinion,
                      data={"missing_materials": case.missing_materials})
    return case


def case_step_record(*, case: Case, step: str, actor, now: datetime, opinion: str, data: dict | None = None,
                     kind: str | None = None) -> None:
    """A step's work on the timeline: 审查 (review), 现场核查 (inspection), 同意 at a sign-off level,
    完成 for a procedure, 退回 when `kind` says so."""
    if kind is None:
        if step == step_types.INSPECTION:
            kind = CaseEvent.Kind.INSPECTED
        elif step in (step_types.REVIEW, step_types.JOINT_REVIEW):
            kind = CaseEvent.Kind.REVIEWED
        elif step in step_types.SIGN_OFF:
            kind = CaseEvent.Kind.AGREED
        else:
            kind = CaseEvent.Kind.STEP_DONE
    case_event_record(case=case, kind=kind, step=step, actor=actor, now=now, opinion=opinion, data=data)


def case_decide(*, case: Case, approve: bool, actor, now: datetime, opinion: str, step: str = "decide") -> Case:
    if not approve:
        _require_reason(
            opinion, "opinion", _("不予许可必须说明理由（不予行政许可决定书载明理由，并告知申请复议、诉讼的权利）。")
        )
    case.decision = Case.Decision.APPROVED if approve else Case.Decision.DENIED
    case.status_reason = opinion
    case.save(update_fields=["decision", "status_reason"])
    kind = CaseEvent.Kind.APPROVED if approve else CaseEvent.Kind.DENIED
    case_event_record(case=case, kind=kind, step=step, actor=actor, now=now, opinion=opinion)
    return case


def case_complete(*, case: Case, actor, now: datetime, opinion: str = "") -> Case:
    if not case.decision:
        raise Conflict("no_decision", _("办件尚未作出决定，不能办结。"))
    denial = completion_denial(case)  # e.g. a process with 送达 whose delivery is not recorded yet
    if denial:
        raise Conflict(*denial)
    case.status = Case.Status.COMPLETED
    case.completed_at = now
    case.save(update_fields=["status", "completed_at"])
    case_event_record(case=case, kind=CaseEvent.Kind.COMPLETED, step="complete", actor=actor, now=now,
                      opinion=opinion)
    return case
