"""Writes on letters. Each runs in the caller's transaction (workflows/letters.py holds the process
lock around the steps) and leaves a case event, a log entry or a record the inspection reads."""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import Department
from backend.cases import services as case_services
from backend.cases.materials import material_check
from backend.cases.models import Case, CaseEvent
from backend.cases.numbering import new_query_code, next_case_number
from backend.catalog.models import GuideVersion, ProcessStep, ServiceItem
from backend.catalog.selectors import guide_current, process_latest
from backend.catalog.services import draft_steps, process_version_create
from backend.common.audit import audit
from backend.common.errors import Conflict, DomainError, FieldError
from backend.common.text import text_field
from backend.ratings import rules as rating_rules
from backend.ratings.models import Rating
from backend.ratings.signals import rating_submitted
from backend.statistics.services import fact_department_set
from backend.supervision.models import Clock
from backend.supervision.services import case_clocks_department_set
from backend.workcalendar.calendar import CalendarNotCovered, refresh_if_stale

from . import publishing, rules
from .models import (
    Letter,
    LetterAttachment,
    LetterNotice,
    LetterRelease,
    LetterTransfer,
    LetterType,
    Mailbox,
    PoliceReferral,
    ReplyLimit,
)

MOBILE = re.compile(r"^1[3-9]\d{9}$")
MAILBOX_STEPS = (("accept", "clerk"), ("handle", "reviewer"), ("sign", "approver"))


# -- mailboxes --------------------------------------------------------------------------------------
@transaction.atomic
def mailbox_create(*, code: str, name: str, office: Department, now: datetime, kind: str = Mailbox.Kind.COUNTY_HEAD,
                   intro: str = "", actor=None, effective_from: date | None = None) -> Mailbox:
    """A mailbox with its catalog item, guide and published process: 受理甄别 by the mailbox office,
    承办 and 审签 by the department the office assigns (re-routed at screening)."""
    item = ServiceItem.objects.create(code=f"XX-{code}"[:32], name=name, kind=ServiceItem.Kind.PROMISED,
                                      department=office, category=ServiceItem.Category.LETTER)
    GuideVersion.objects.create(item=item, version=1, effective_from=effective_from or timezone.localdate(now),
                                statutory_limit_days=15,
                                promised_limit_days=15, conditions=_("反映问题、提出意见建议"),
                                place=_("网上信箱"), fees=_("不收费"))
    for position, (step, role) in enumerate(MAILBOX_STEPS):
        ProcessStep.objects.create(item=item, position=position, step=step, department=office, role=role,
                                   budget_days=1 if step == "accept" else 5)
    process_version_create(item=item, steps=draft_steps(item), now=now, actor=actor, note=_("信箱办理流程"))
    return Mailbox.objects.create(code=code, name=name, kind=kind, item=item, intro=intro)


def reply_limit_for(letter_type: str) -> int:
    row = ReplyLimit.objects.filter(letter_type=letter_type).values_list("days", flat=True).first()
    return row if row is not None else rules.DEFAULT_REPLY_LIMITS[letter_type]


# -- writing in -------------------------------------------------------------------------------------
def _clean_letter(data: dict) -> tuple[dict, list[FieldError]]:
    errors: list[FieldError] = []
    out: dict = {}

    def text(name, max_length, required_message=None):
        try:
            value = text_field(data.get(name, ""), field=name, max_length=max_length)
        except DomainError as exc:
            errors.extend(exc.errors)
            return ""
        if required_message and not value:
            errors.append(FieldError(name, "required", required_message))
        return value

    out["letter_type"] = str(data.get("letter_type") or "")
    if out["letter_type"] not in LetterType.values:
        errors.append(FieldError("letter_type", "invalid", _("请选择来信类型：咨询、投诉、建议、求助或举报。")))
    out["subject"] = text("subject", rules.SUBJECT_MAX, _("请填写标题。"))
    out["body"] = text("body", rules.BODY_MAX, _("请填写来信内容。"))
    out["writer_name"] = text("writer_name", 60, _("请填写姓名。"))
    out["mobile"] = text("mobile", 11, _("请填写手机号码。"))
    if out["mobile"] and not MOBILE.match(out["mobile"]):
        errors.append(FieldError("mobile", "invalid", _("手机号码应为 11 位数字。")))
    out["email"] = text("email", 254)
    if out["email"]:
        try:
            validate_email(out["email"])
        except ValidationError:
            errors.append(FieldError("email", "invalid", _("电子邮箱格式不正确。")))
    out["about_case_number"] = text("about_case_number", 32)
    value = data.get("may_publish", False)
    out["may_publish"] = value in (True, "true", "1", "on", "yes")
    return out, errors


def _attachment_add(letter: Letter, uploaded, now: datetime) -> LetterAttachment:
    content_type = material_check(uploaded)
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    att = LetterAttachment(letter=letter, original_name=uploaded.name[:255], content_type=content_type,
                           size=uploaded.size, sha256=digest.hexdigest(), uploaded_at=now)
    att.file.save(f"{letter.case.number}-{digest.hexdigest()[:12]}", uploaded, save=False)
    att.save()
    return att


def _notice(letter: Letter, kind: str, text: str, now: datetime) -> LetterNotice:
    return LetterNotice.objects.create(letter=letter, kind=kind, mobile=letter.mobile, email=letter.email,
                                       text=text, created_at=now)


@transaction.atomic(savepoint=False)
def letter_file(*, mailbox_code: str, data: dict, files=(), now: datetime, follow_up_of: Letter | None = None,
                reopen_reason: str = "") -> Letter:
    """A letter written on the portal, without an account: the case of the mailbox's item, with the
    writer as its applicant. Every field error is reported at once; attachments are checked as case
    materials are (type by content, size, PDF active content)."""
    mailbox = Mailbox.objects.select_related("item").filter(code=mailbox_code, is_active=True).first()
    cleaned, errors = _clean_letter(data)
    if mailbox is None:
        errors.insert(0, FieldError("mailbox", "not_found", _("请选择信箱。")))
    files = [f for f in (files or []) if f is not None]
    if len(files) > rules.ATTACHMENTS_MAX:
        errors.append(FieldError("attachments", "too_many",
                                 _("附件最多 %(n)s 个。") % {"n": rules.ATTACHMENTS_MAX}))
    for f in files:
        try:
            material_check(f)
        except DomainError as exc:
            errors.extend(FieldError("attachments", e.code, f"{f.name[:60]}：{e.message}") for e in exc.errors)
    guide = process = None
    if mailbox is not None:
        guide = guide_current(item=mailbox.item, on=timezone.localdate(now))
        process = process_latest(item=mailbox.item)
        if guide is None or process is None:
            errors.append(FieldError("mailbox", "closed", _("该信箱暂未开通。")))
    if errors:
        raise DomainError(errors)
    case = Case.objects.create(
        number=next_case_number(timezone.localdate(now)), query_code=new_query_code(), item=mailbox.item,
        guide=guide, process_version=process, channel=Case.Channel.ONLINE, applicant_type=Case.ApplicantType.PERSON,
        applicant_name=cleaned["writer_name"], mobile=cleaned["mobile"], filed_at=now,
    )
    letter = Letter.objects.create(case=case, mailbox=mailbox, received_at=now, follow_up_of=follow_up_of,
                                   reopen_reason=reopen_reason, **cleaned)
    for f in files:
        _attachment_add(letter, f, now)
    case_services.case_event_record(case=case, kind=CaseEvent.Kind.FILED, actor=None, now=now,
                                    data={"channel": Case.Channel.ONLINE, "letter": letter.letter_type,
                                          "follow_up_of": follow_up_of.case.number if follow_up_of else None})
    _notice(letter, LetterNotice.Kind.RECEIVED,
            _("您的来信已收到，信件编号 %(number)s，查询码 %(code)s。") % {"number": case.number,
                                                                  "code": case.query_code}, now)
    return letter


# -- screening and assignment ---------------------------------------------------------------------
def screening_check(*, letter: Letter, accept: bool, department_id, reason: str, opinion: str) -> Department | None:
    """Field errors of a screening decision before anything is written."""
    if accept:
        department = Department.objects.filter(pk=department_id).first() if department_id else None
        if department is None:
            raise DomainError.single("department", "required", _("请选择承办部门。"))
        return department
    if reason not in Letter.NotAccepted.values:
        raise DomainError.single("reason", "required",
                                 _("请选择不予受理的原因：不属于受理范围、已进入其他法定途径或无实质内容。"))
    return None


def letter_accept(*, letter: Letter, department: Department, about_case_number: str, opinion: str, actor,
                  now: datetime) -> Letter:
    """受理 and 交办: the reply limit of the letter's type is fixed now; the case's clocks open with it
    for the department (supervision.terms), and the statistics count the letter for it."""
    about = None
    number = (about_case_number or "").strip()
    if number:
        about = Case.objects.filter(number=number).exclude(pk=letter.case_id).first()
        if about is None or hasattr(about, "letter"):
            raise DomainError.single("about_case", "not_found", _("所投诉的办件编号不存在。"))
    letter.department = department
    letter.reply_limit_days = reply_limit_for(letter.letter_type)
    letter.accepted_at = now
    letter.about_case = about
    letter.save(update_fields=["department", "reply_limit_days", "accepted_at", "about_case"])
    case_services.case_accept(case=letter.case, actor=actor, now=now, opinion=opinion, received_materials=[])
    fact_department_set(case_id=letter.case_id, department_id=department.pk, now=now)
    audit("letter_assigned", {"case": letter.case.number, "department": department.code,
                              "limit_days": letter.reply_limit_days, "about_case": about.number if about else None,
                              "by": actor.username}, now=now)
    _notice(letter, LetterNotice.Kind.ACCEPTED,
            _("您的来信（%(number)s）已受理，交由%(dept)s办理，将在 %(days)s 个工作日内答复。")
            % {"number": letter.case.number, "dept": department.name, "days": letter.reply_limit_days}, now)
    return letter


def letter_not_accept(*, letter: Letter, reason: str, opinion: str, actor, now: datetime) -> Letter:
    label = Letter.NotAccepted(reason).label
    letter.not_accepted_reason = reason
    letter.save(update_fields=["not_accepted_reason"])
    text = f"{label}。{opinion}" if opinion else str(label)
    case_services.case_refuse(case=letter.case, actor=actor, now=now, opinion=text)
    _notice(letter, LetterNotice.Kind.NOT_ACCEPTED,
            _("您的来信（%(number)s）不予受理：%(reason)s") % {"number": letter.case.number, "reason": text}, now)
    return letter


def letter_transfer(*, letter: Letter, to_department: Department, reason: str, actor, now: datetime) -> LetterTransfer:
    """转办: the letter goes to another department; the clock keeps its start and term, its cards now
    count for the new department, and so do the statistics. On the timeline and in the log."""
    reason = text_field(reason, field="reason", max_length=rules.REASON_MAX)
    if not reason:
        raise DomainError.single("reason", "required", _("转办必须说明理由。"))
    if letter.department_id is None or letter.case.status != Case.Status.IN_PROGRESS:
        raise Conflict("not_in_progress", _("只有已受理、尚未答复的来信可以转办。"))
    if to_department.pk == letter.department_id:
        raise DomainError.single("department", "same", _("请选择另一个部门。"))
    transfer = LetterTransfer.objects.create(letter=letter, from_department_id=letter.department_id,
                                             to_department=to_department, reason=reason, actor=actor, created_at=now)
    letter.department = to_department
    letter.save(update_fields=["department"])
    case_clocks_department_set(case=letter.case, department_id=to_department.pk, reason=reason, actor=actor, now=now)
    fact_department_set(case_id=letter.case_id, department_id=to_department.pk, now=now)
    _notice(letter, LetterNotice.Kind.TRANSFERRED,
            _("您的来信（%(number)s）已转交%(dept)s办理，答复期限不变。") % {"number": letter.case.number,
                                                                "dept": to_department.name}, now)
    audit("letter_transferred", {"case": letter.case.number, "from": transfer.from_department.code,
                                 "to": to_department.code, "reason": reason, "by": actor.username}, now=now)
    return transfer


# -- drafting and sign-off ------------------------------------------------------------------------
def letter_draft(*, letter: Letter, text: str, classification: str, outcome: str, actor, now: datetime) -> Letter:
    errors = []
    try:
        text = text_field(text, field="reply", max_length=rules.REPLY_MAX)
    except DomainError as exc:
        errors.extend(exc.errors)
        text = ""
    if not text and not errors:
        errors.append(FieldError("reply", "required", _("请填写答复内容。")))
    if classification not in Letter.Classification.values:
        errors.append(FieldError("classification", "required", _("请选择问题定性。")))
    elif not rules.outcome_allowed(classification, outcome):
        allowed = "、".join(str(Letter.Outcome(o).label) for o in rules.OUTCOMES[classification])
        errors.append(FieldError("outcome", "invalid", _("该定性可选的处理结果为：%(c)s。") % {"c": allowed}))
    if errors:
        raise DomainError(errors)
    letter.draft_text, letter.classification, letter.outcome = text, classification, outcome
    letter.drafted_by, letter.drafted_at = actor, now
    letter.save(update_fields=["draft_text", "classification", "outcome", "drafted_by", "drafted_at"])
    return letter


def release_check(*, letter: Letter, police_organ: str, referral_reason: str) -> None:
    if not letter.draft_text:
        raise Conflict("no_draft", _("承办部门尚未拟写答复。"))
    if letter.outcome == Letter.Outcome.REFERRED:
        errors = []
        if not (police_organ or "").strip():
            errors.append(FieldError("police_organ", "required", _("移送公安机关须写明接收机关。")))
        if not (referral_reason or "").strip():
            errors.append(FieldError("referral_reason", "required", _("移送公安机关须写明理由。")))
        if errors:
            raise DomainError(errors)


def _working_days(start: date, end: date) -> int | None:
    try:
        return refresh_if_stale().working_days_between(start, end)
    except CalendarNotCovered:
        return None


def letter_release(*, letter: Letter, opinion: str, actor, now: datetime, police_organ: str = "",
                   referral_reason: str = "") -> LetterRelease:
    """审签: the head releases the draft as the reply. The exact text, with its SHA-256, the signer and
    the opinion are kept; the writer is told; the case is answered (decided and completed), and the
    reply published when the writer allowed it."""
    release_check(letter=letter, police_organ=police_organ, referral_reason=referral_reason)
    text = letter.draft_text
    release = LetterRelease.objects.create(
        letter=letter, department_id=letter.department_id, signed_by=actor, signer_title=actor.acting_title[:60],
        signed_at=now, opinion=opinion, classification=letter.classification, outcome=letter.outcome, text=text,
        sha256=rules.text_digest(text))
    if letter.outcome == Letter.Outcome.REFERRED:
        PoliceReferral.objects.create(letter=letter, organ=police_organ.strip()[:100],
                                      reason=referral_reason.strip()[:rules.REASON_MAX], signed_by=actor,
                                      created_at=now)
    promised = (Clock.objects.filter(case_id=letter.case_id, kind=Clock.Kind.PROMISED)
                .values_list("projected_deadline", flat=True).first())
    today = timezone.localdate(now)
    letter.reply_text, letter.replied_at = text, now
    accepted_on = timezone.localdate(letter.accepted_at) if letter.accepted_at else None
    letter.reply_working_days = _working_days(accepted_on, today) if accepted_on else None
    letter.replied_on_time = promised is None or today <= promised
    letter.published = rules.publishable(may_publish=letter.may_publish, classification=letter.classification)
    letter.save(update_fields=["reply_text", "replied_at", "reply_working_days", "replied_on_time", "published"])
    case = letter.case
    case_services.case_decide(case=case, approve=True, actor=actor, now=now, opinion=opinion, step="sign")
    case_services.case_complete(case=case, actor=actor, now=now, opinion=_("已答复来信人"))
    audit("letter_reply_released", {"case": case.number, "release": release.pk, "sha256": release.sha256,
                                    "by": actor.username, "classification": letter.classification,
                                    "outcome": letter.outcome,
                                    "referred_to": police_organ.strip() or None}, now=now)
    _notice(letter, LetterNotice.Kind.REPLY, text, now)
    if letter.published:
        publishing.letter_reply_schedule(letter=letter, now=now)
    return release


# -- the writer's rating and reopening -------------------------------------------------------------
def letter_rate(*, case: Case, score, comment: str, now: datetime) -> Rating:
    """The writer rates the reply: the case's one Rating (backend.ratings' rules and signal), counted
    for the department that answered — its statistics, and the rectification a low score opens."""
    value, text = rating_rules.clean_input(score, comment)
    try:
        with transaction.atomic():
            locked = Case.objects.select_for_update().only("pk", "status", "item_id").get(pk=case.pk)
            denial = rating_rules.rating_denial(locked, already_rated=Rating.objects.filter(case=locked).exists())
            if denial:
                raise denial
            department_id = (Letter.objects.filter(case=locked).values_list("department_id", flat=True).first()
                             or ServiceItem.objects.values_list("department_id", flat=True).get(pk=locked.item_id))
            rating = Rating.objects.create(case=locked, score=value, comment=text, channel=Rating.Channel.QUERY,
                                           item_id=locked.item_id, department_id=department_id, created_at=now)
            rating_submitted.send(sender=Rating, rating=rating, now=now)
    except IntegrityError:  # a concurrent first rating won
        raise rating_rules.rating_denial(case, already_rated=True) from None
    return rating


def reopen_check(*, letter: Letter, reason: str) -> str:
    reason = text_field(reason, field="reason", max_length=rules.REASON_MAX)
    if letter.case.status != Case.Status.COMPLETED:
        raise Conflict("not_replied", _("来信尚未答复，不能申请重办。"))
    if letter.follow_up_of_id is not None:
        raise Conflict("follow_up", _("重办件不能再次申请重办。"))
    if Letter.objects.filter(follow_up_of=letter).exists():
        raise Conflict("reopened", _("该来信已申请过重办。"))
    score = Rating.objects.filter(case_id=letter.case_id).values_list("score", flat=True).first()
    if score is None or score > Rating.LOW_SCORE_MAX:
        raise Conflict("not_unsatisfied", _("对答复评价为“不满意”或“非常不满意”后才可申请重办。"))
    if not reason:
        raise DomainError.single("reason", "required", _("请说明不满意的理由。"))
    return reason


def follow_up_file(*, letter: Letter, reason: str, now: datetime) -> Letter:
    """The follow-up letter (重办件): same mailbox, type, writer and department; a fresh clock from its
    own acceptance. The mailbox office screens it with the department proposed."""
    data = {"letter_type": letter.letter_type, "subject": (_("【重办】") + letter.subject)[:rules.SUBJECT_MAX],
            "body": letter.body, "writer_name": letter.writer_name, "mobile": letter.mobile, "email": letter.email,
            "may_publish": letter.may_publish, "about_case_number": letter.about_case_number}
    follow = letter_file(mailbox_code=letter.mailbox.code, data=data, now=now, follow_up_of=letter,
                         reopen_reason=reason)
    audit("letter_reopened", {"case": letter.case.number, "follow_up": follow.case.number}, now=now)
    return follow
