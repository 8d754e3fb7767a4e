"""Starting and advancing a letter's process (backend.letters): written in on the portal, screened
by the mailbox office (受理 / 不予受理, 交办 to a department), drafted by the department (承办) and
signed off by its head (审签), after which the reply goes to the writer and the case ends.

Each call runs under PermitFlow's lock on the process, like workflows.services.task_complete; the
letter's own records are written by backend.letters.services in the same transaction. The steps
after screening are routed to the assigned department by rewriting their `department_id` in
`process.data["steps"]` (and on the open task, for a transfer)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from backend.accounts.models import Department
from backend.cases import services as case_services
from backend.cases.models import Case, CaseEvent
from backend.common.errors import Conflict, DomainError
from backend.common.snapshot import config_snapshot
from backend.common.text import text_field
from backend.letters import rules
from backend.letters import services as letter_services
from backend.letters.models import Letter

from . import steps
from .flows import PermitFlow
from .selectors import task_eligible
from .services import _locked_task, task_claim


def _start(case: Case) -> None:
    process = PermitFlow.start.run(case=case)
    # Marks the process as a letter's: the generic task completion refuses its steps
    # (workflows.services.task_complete), which need what only these functions record.
    process.data["letter"] = True
    process.save(update_fields=["data"])
    case.process = process
    case.save(update_fields=["process"])


def letter_write(*, mailbox_code: str, data: dict, files=(), now: datetime) -> Letter:
    """A letter written on the portal (no account): its case is filed and its process started."""
    with transaction.atomic(), config_snapshot():
        letter = letter_services.letter_file(mailbox_code=mailbox_code, data=data, files=files, now=now)
        _start(letter.case)
    return letter


def letter_reopen(*, letter: Letter, reason: str, now: datetime) -> Letter:
    """The writer, not satisfied with the reply, reopens it once: a follow-up letter (重办件) linked to
    the first, on a fresh clock, which the mailbox office screens with the department proposed."""
    with transaction.atomic(), config_snapshot():
        letter = Letter.objects.select_for_update().select_related("case", "mailbox").get(pk=letter.pk)
        reason = letter_services.reopen_check(letter=letter, reason=reason)
        follow = letter_services.follow_up_file(letter=letter, reason=reason, now=now)
        _start(follow.case)
    return follow


def open_task(letter: Letter) -> Task | None:
    return (Task.objects.filter(process_id=letter.case.process_id, status__in=[STATUS.NEW, STATUS.ASSIGNED])
            .exclude(flow_task=PermitFlow.wait_supplement).order_by("-created").first())


def _claimed(task_id: int, actor, now: datetime, step: str) -> None:
    """Claim the task for `actor` first when nobody holds it (one click on the letter page)."""
    task = Task.objects.filter(pk=task_id).first()
    if task is None or (task.data or {}).get("step") != step:
        raise Conflict("wrong_step", _("该来信当前不在此环节。"))
    if task.status == STATUS.NEW and not task.owner_id:
        task_claim(task_id=task_id, actor=actor, now=now)


def _finish(task: Task) -> None:
    activation = task.flow_task.activation_class(task)
    activation.start(None)
    activation.execute()


def _check_holder(task: Task, actor, step: str) -> Case:
    if (task.data or {}).get("step") != step:
        raise Conflict("wrong_step", _("该来信当前不在此环节。"))
    if task.status in (STATUS.DONE, STATUS.CANCELED) or task.finished:
        raise Conflict("already_done", _("该任务已处理完毕。"))
    if task.owner_id != actor.pk:
        if not task_eligible(task=task, user=actor):
            raise DomainError.single(None, "forbidden", _("您不能办理此环节。"), status=403)
        raise Conflict("not_claimed", _("该任务已由他人签收。"))
    return steps.case_of(task.process)


def _letter_of(case: Case) -> Letter:
    """The case's letter, holding the very case object the process routes by (steps.case_of): what
    the letter services change on it (refused, completed) is what the routing then reads."""
    letter = Letter.objects.select_related("department", "mailbox").get(case_id=case.pk)
    letter.case = case
    return letter


def _route_to(process, department_id: int) -> None:
    """The steps after screening run in the assigned department."""
    for entry in process.data["steps"][1:]:
        entry["department_id"] = department_id
    process.save(update_fields=["data"])


def letter_screen(*, task_id: int, actor, accept: bool, department_id=None, reason: str = "", opinion: str = "",
                  about_case_number: str = "", now: datetime) -> Letter:
    """受理甄别: accept and assign to the department (its reply limit from the letter's type), or
    not accept with the reason (outside scope, already in other channels, no content)."""
    opinion = text_field(opinion, field="opinion", max_length=rules.REASON_MAX)
    _claimed(task_id, actor, now, "accept")
    with _locked_task(task_id) as task, config_snapshot():
        case = _check_holder(task, actor, "accept")
        letter = _letter_of(case)
        department = letter_services.screening_check(letter=letter, accept=accept, department_id=department_id,
                                                     reason=reason, opinion=opinion)
        steps.remember_now(task.process, now)
        if accept:
            _route_to(task.process, department.pk)
            letter_services.letter_accept(letter=letter, department=department, about_case_number=about_case_number,
                                          opinion=opinion, actor=actor, now=now)
        else:
            letter_services.letter_not_accept(letter=letter, reason=reason, opinion=opinion, actor=actor, now=now)
        _finish(task)
    return letter


def letter_draft(*, task_id: int, actor, text: str, classification: str, outcome: str, now: datetime,
                 submit: bool = True) -> Letter:
    """承办: the department's draft reply with the county's classification; `submit` sends it to the
    head for sign-off (else it is saved and the task stays with its holder)."""
    _claimed(task_id, actor, now, "handle")
    with _locked_task(task_id) as task, config_snapshot():
        case = _check_holder(task, actor, "handle")
        letter = _letter_of(case)
        letter_services.letter_draft(letter=letter, text=text, classification=classification, outcome=outcome,
                                     actor=actor, now=now)
        if submit:
            steps.remember_now(task.process, now)
            case_services.case_step_record(case=case, step="handle", actor=actor, now=now,
                                           opinion=_("拟写答复，提请审签"),
                                           data={"department_id": task.data.get("department_id"),
                                                 "sha256": rules.text_digest(letter.draft_text)})
            _finish(task)
    return letter


def letter_sign(*, task_id: int, actor, approve: bool, opinion: str = "", police_organ: str = "",
                referral_reason: str = "", now: datetime) -> Letter:
    """审签 by the department's head: release the draft as the reply (kept with its SHA-256, told to
    the writer, published if allowed), or return it to the drafter with the reason."""
    opinion = text_field(opinion, field="opinion", max_length=rules.REASON_MAX)
    _claimed(task_id, actor, now, "sign")
    with _locked_task(task_id) as task, config_snapshot():
        case = _check_holder(task, actor, "sign")
        letter = _letter_of(case)
        department_id = task.data.get("department_id")
        if department_id not in actor.department_ids or not (
                Department.objects.filter(pk=department_id, head=actor).exists() or actor.has_role("approver")):
            raise DomainError.single(None, "forbidden", _("只有承办部门负责人可以审签答复。"), status=403)
        steps.remember_now(task.process, now)
        if approve:
            letter_services.letter_release(letter=letter, opinion=opinion, actor=actor, now=now,
                                           police_organ=police_organ, referral_reason=referral_reason)
        else:
            if not opinion:
                raise DomainError.single("opinion", "required", _("退回修改必须说明理由。"))
            handle_at = steps.step_types(task.process).index("handle")
            task.data["send_back_to"] = handle_at
            case_services.case_step_record(case=case, step="sign", actor=actor, now=now, opinion=opinion,
                                           kind=CaseEvent.Kind.SENT_BACK,
                                           data={"position": task.data["position"], "to_position": handle_at,
                                                 "to_step": "handle"})
        _finish(task)
    return letter


def letter_transfer(*, letter: Letter, to_department_id, reason: str, actor, now: datetime) -> Letter:
    """转办 by the mailbox office: the open step and those after it move to the other department,
    whose staff then claim it; the clock keeps its start and term."""
    from backend.letters.selectors import office_mailbox_ids, sees_all

    if letter.mailbox_id not in office_mailbox_ids(user=actor) and not (actor.is_superuser or sees_all(actor)
                                                                        and actor.has_role("admin")):
        raise DomainError.single(None, "forbidden", _("只有信箱办公室可以转办来信。"), status=403)
    department = Department.objects.filter(pk=to_department_id).first() if to_department_id else None
    if department is None:
        raise DomainError.single("department", "required", _("请选择承办部门。"))
    task = open_task(letter)
    if task is None or task.data.get("step") == "accept":
        raise Conflict("not_in_progress", _("只有已受理、尚未答复的来信可以转办。"))
    with _locked_task(task.pk) as task, config_snapshot():
        letter = Letter.objects.select_related("case", "department").get(pk=letter.pk)
        letter_services.letter_transfer(letter=letter, to_department=department, reason=reason, actor=actor, now=now)
        _route_to(task.process, department.pk)
        task.data["department_id"] = department.pk
        task.data.pop("on_behalf_of", None)
        if task.owner_id:  # the holder in the old department gives it up; the new one claims it
            task.flow_task.activation_class(task).unassign()
        else:
            task.save(update_fields=["data"])
        case_services.case_event_record(case=letter.case, kind=CaseEvent.Kind.REASSIGNED,
                                        step=task.data.get("step", ""), actor=actor, now=now, opinion=reason,
                                        data={"to_department": department.pk})
    return letter
