"""Starting and advancing the permit process. Views and APIs call these; these call the cases
services inside the flow lock so each transition happens once."""

from __future__ import annotations

import random
import time
from contextlib import contextmanager
from datetime import datetime

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow import lock
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from backend.accounts.selectors import headed_department_ids
from backend.cases import services as case_services
from backend.cases.models import Case, CaseEvent
from backend.catalog import step_types
from backend.catalog.models import ServiceItem
from backend.certificates import services as certificate_services
from backend.common.audit import audit
from backend.common.errors import Conflict, DomainError, FieldError, NotFound, unknown_fields
from backend.common.snapshot import config_snapshot
from backend.common.text import text_field

from . import decisions, publicity, selectors, steps
from .flows import PermitFlow
from .selectors import task_eligible

# What a completion's receivers read from the case (clocks from the guide's limits, the published
# result with the item's department): loaded with the task, in the same statement.
COMPLETE_RELATED = ("process__case__item__department", "process__case__guide")


def allowed_decisions(*, task: Task, case: Case) -> list[str]:
    """What the task's holder may decide, favourable first (workflows/decisions.py)."""
    step = (task.data or {}).get("step", "")
    return decisions.decisions_for(step, immediate=case.item.kind == ServiceItem.Kind.IMMEDIATE,
                                   can_send_back=bool(send_back_targets(task=task)))


def send_back_targets(*, task: Task) -> list[dict]:
    """The earlier steps this task's holder may send the file back to, nearest last."""
    data = task.data or {}
    if "position" not in data or not step_types.may_send_back(data.get("step", "")):
        return []
    types = steps.step_types(task.process)
    return [{"position": at, "step": types[at]} for at in step_types.send_back_targets(types, data["position"])]


def case_file_and_start(*, item_code: str, channel: str, applicant: dict, actor, now: datetime,
                        category: str = ServiceItem.Category.APPLICATION) -> Case:
    with transaction.atomic(), config_snapshot():
        case = case_services.case_file(item_code=item_code, channel=channel, applicant=applicant,
                                       actor=actor, now=now, category=category)
        process = PermitFlow.start.run(case=case)
        case.process = process
        case.save(update_fields=["process"])
    return case


def _read_task(task_id: int, related: tuple[str, ...]) -> Task:
    task = next(iter(Task.objects.select_related(*related).filter(pk=task_id).order_by()[:1]), None)
    if task is None:
        raise NotFound(_("任务不存在。"))
    return task


def _check_visible(task: Task, actor, on=None) -> None:
    if not (task.owner_id == actor.pk or task_eligible(task=task, user=actor)
            or selectors.task_covered_owner(task=task, user=actor, on=on)
            or selectors.task_covered_post(task=task, user=actor, on=on)):
        raise NotFound(_("任务不存在。"))


def _process_id_of(task_id: int) -> int:
    process_id = Task.objects.filter(pk=task_id).order_by().values_list("process_id", flat=True).first()
    if process_id is None:
        raise NotFound(_("任务不存在。"))
    return process_id


class _TaskProcessLock:
    """viewflow's select_for_update lock (same NOWAIT, attempts and back-off) on the process row of a
    task, found by the task id inside the locking statement. The task is read by a later statement:
    a statement that locked and read at once would return the rows as of its snapshot, taken before
    the lock was granted, and a competing transition that committed in between would go unseen (a
    claim or a decision applied twice)."""

    def __init__(self, impl: lock.SelectForUpdateLock):
        self.impl = impl

    @contextmanager
    def __call__(self, flow_class, task_id: int):
        process_id = Task.objects.filter(pk=task_id).order_by().values("process_id")[:1]
        process = flow_class.process_class._default_manager.filter(pk__in=process_id).order_by()
        for attempt in range(self.impl.attempts):
            with transaction.atomic():
                try:
                    found = process.select_for_update(nowait=self.impl.nowait).exists()
                except DatabaseError:
                    transaction.set_rollback(True)
                    if attempt == self.impl.attempts - 1:
                        raise FlowLockFailed(f"Lock failed for {flow_class}") from None
                    time.sleep((((attempt + 1) * random.random()) + 2**attempt) / 2.5)  # noqa: S311
                    continue
                if not found:
                    raise NotFound(_("任务不存在。"))
                yield
                return


@contextmanager
def _locked_task(task_id: int, *, related: tuple[str, ...] = ("process__case__item",)):
    """PermitFlow's lock on the task's process, then the task (with process and case) read under it."""
    if isinstance(PermitFlow.lock_impl, lock.SelectForUpdateLock):
        scope = lock.lock_scope(_TaskProcessLock(PermitFlow.lock_impl), PermitFlow, task_id)
    else:
        scope = PermitFlow.lock(_process_id_of(task_id))
    with scope:
        task = _read_task(task_id, related)
        steps.remember_case(task.process, task.process.case)
        yield task


def task_claim(*, task_id: int, actor, now: datetime) -> Task:
    with _locked_task(task_id) as task, config_snapshot():
        today = timezone.localdate(now)
        _check_visible(task, actor, on=today)
        case = steps.case_of(task.process)
        if task.status == STATUS.ASSIGNED and selectors.task_covered_owner(task=task, user=actor, on=today):
            absent = task.owner
            task.assigned = now
            task.data["on_behalf_of"] = _person(absent)  # every event of the task then says for whom
            task.flow_task.activation_class(task).reassign(actor)
            case_services.case_event_record(case=case, kind=CaseEvent.Kind.CLAIMED, step=task.data.get("step", ""),
                                            actor=actor, now=now, data={"on_behalf_of": _person(absent)})
            return task
        if task.status != STATUS.NEW or task.owner_id:
            if task.owner_id == actor.pk and task.status == STATUS.ASSIGNED:
                return task
            raise Conflict("already_claimed", _("该任务已被他人签收或已处理。"))
        # A step naming a position the actor does not hold: claimed for the absent holder they stand in for.
        absent = None if task_eligible(task=task, user=actor) else selectors.task_covered_post(
            task=task, user=actor, on=today)
        task.assigned = now
        if absent is not None:
            task.data["on_behalf_of"] = _person(absent)
        activation = task.flow_task.activation_class(task)
        activation.assign(actor)
        case_services.case_event_record(case=case, kind=CaseEvent.Kind.CLAIMED, step=task.data.get("step", ""),
                                        actor=actor, now=now,
                                        data={"on_behalf_of": _person(absent)} if absent is not None else None)
    return task


def _person(user) -> dict:
    return {"id": user.pk, "name": user.get_full_name() or str(user.acting_title), "title": user.acting_title}


def task_reassign(*, task_id: int, actor, to_user_id, reason: str, now: datetime) -> Task:
    """转办: the head of the task's department hands a claimed task to a colleague who may do it,
    with a reason; on the timeline and in the tamper-evident log."""
    with _locked_task(task_id) as task, config_snapshot():
        data = task.data or {}
        if data.get("department_id") not in headed_department_ids(user=actor):
            raise DomainError.single(None, "forbidden", _("只有该环节所属部门的负责人可以转办。"), status=403)
        if task.status != STATUS.ASSIGNED or task.finished:
            raise Conflict("not_claimed", _("只能转办已签收、尚未办结的任务。"))
        reason = text_field(reason, field="reason", max_length=decisions.OPINION_MAX_LENGTH)
        errors = []
        target = selectors.reassign_candidates(task=task).filter(pk=to_user_id).first() if to_user_id else None
        if target is None:
            errors.append(FieldError("to_user", "invalid", _("请选择本部门具有该环节办理角色的其他在岗人员。")))
        if not reason:
            errors.append(FieldError("reason", "required", _("转办必须说明理由。")))
        if errors:
            raise DomainError(errors)
        before = task.owner
        task.assigned = now
        task.data.pop("on_behalf_of", None)  # the new holder acts in their own name
        task.flow_task.activation_class(task).reassign(target)
        case = steps.case_of(task.process)
        case_services.case_event_record(case=case, kind=CaseEvent.Kind.REASSIGNED, step=data.get("step", ""),
                                        actor=actor, now=now, opinion=reason,
                                        data={"from": _person(before), "to": _person(target)})
        audit("task_reassigned", {"case": case.number, "task": task.pk, "step": data.get("step", ""),
                                  "by": actor.username, "from": before.username, "to": target.username,
                                  "reason": reason}, now=now)
    return task


def task_complete(*, task_id: int, actor, decision: str, opinion: str = "", missing_materials=None,
                  send_back_to: int | None = None, received_materials=None, step_input: dict | None = None,
                  now: datetime) -> Task:
    """`step_input`: what the step takes beyond decision and opinion (decisions.STEP_FIELDS): the
    certificate at 制证, the delivery record at 送达; a field the step does not take is refused.
    `received_materials`: the acceptance checklist (cases.receipts)."""
    with _locked_task(task_id, related=COMPLETE_RELATED) as task, config_snapshot():
        _check_visible(task, actor)
        if task.status in (STATUS.DONE, STATUS.CANCELED) or task.finished:
            raise Conflict("already_done", _("该任务已处理完毕。"))
        if task.owner_id != actor.pk or task.status != STATUS.ASSIGNED:
            raise Conflict("not_claimed", _("请先签收该任务再处理。"))
        if task.process.data.get("letter"):  # a letter's steps record its reply (workflows/letters.py)
            raise Conflict("letter_step", _("来信请在来信办理页面处理。"))
        case = steps.case_of(task.process)
        steps.remember_now(task.process, now)
        allowed = allowed_decisions(task=task, case=case)
        if decision not in allowed:
            raise DomainError.single(
                "decision", "invalid",
                _("此环节可选的处理结果为：%(choices)s。") % {"choices": "、".join(allowed)},
            )
        opinion = text_field(opinion, field="opinion", max_length=decisions.OPINION_MAX_LENGTH)
        step_input = step_input or {}
        unknown = unknown_fields(step_input, decisions.STEP_FIELDS.get(task.data.get("step", ""), ()))
        if unknown:
            raise DomainError(unknown)
        if task.data.get("step") == step_types.PUBLICITY and decision != "send_back":
            publicity.publicity_over_check(task.data, now=now)
        if send_back_to is not None and decision != "send_back":
            raise DomainError.single("send_back_to", "not_applicable", _("只有选择“退回”时才能指定退回环节。"))
        with case_services.acting_for(task.data.get("on_behalf_of") if task.owner_id == actor.pk else None):
            _record_decision(task=task, case=case, decision=decision, opinion=opinion, send_back_to=send_back_to,
                             missing_materials=missing_materials, received_materials=received_materials,
                             step_input=step_input, actor=actor, now=now)
        activation = task.flow_task.activation_class(task)
        activation.start(None)
        activation.execute()
    return task


def _record_decision(*, task, case, decision, opinion, send_back_to, missing_materials, received_materials,
                     step_input, actor, now) -> None:
    if decision == "send_back":
        _send_back(task=task, case=case, to=send_back_to, opinion=opinion, actor=actor, now=now)
    else:
        _apply_decision(task=task, case=case, decision=decision, opinion=opinion,
                        missing_materials=missing_materials, received_materials=received_materials,
                        step_input=step_input, actor=actor, now=now)


def _send_back(*, task: Task, case: Case, to: int | None, opinion: str, actor, now) -> None:
    """退回: the file returns to an earlier step (the nearest one unless `to` names another), with
    the reason; the clock keeps running and the timeline shows the loop."""
    targets = {t["position"]: t["step"] for t in send_back_targets(task=task)}
    if to is None:
        to = step_types.default_send_back_target(targets)
    if to not in targets:
        raise DomainError.single("send_back_to", "invalid", _("只能退回到本环节之前的环节。"))
    if not opinion:
        raise DomainError.single("opinion", "required", _("退回必须说明理由。"))
    task.data["send_back_to"] = to
    case_services.case_step_record(case=case, step=task.data["step"], actor=actor, now=now, opinion=opinion,
                                   kind=CaseEvent.Kind.SENT_BACK,
                                   data={"position": task.data["position"], "to_position": to, "to_step": targets[to]})


def _apply_decision(*, task: Task, case: Case, decision: str, opinion: str, missing_materials, actor, now,
                    received_materials=None, step_input: dict | None = None) -> None:
    step = task.data.get("step", "")
    # The case is completed by its 办结 step or, without one, once decided and nothing is left to run
    # (after a refusal a trailing 制证 is skipped; a process with 送达 closes once it is delivered).
    # Evaluated after the decision is recorded.
    def is_last() -> bool:
        return "position" not in task.data or steps.nothing_after(task.process, task.data["position"])
    if decision == "accept":
        case_services.case_accept(case=case, actor=actor, now=now, opinion=opinion,
                                  received_materials=received_materials)
    elif decision == "refuse":
        case_services.case_refuse(case=case, actor=actor, now=now, opinion=opinion)
    elif decision == "supplement":
        case_services.case_request_supplement(case=case, actor=actor, now=now,
                                              missing_materials=missing_materials or [], opinion=opinion)
    elif decision in decisions.RECOMMENDATIONS:
        kind = (CaseEvent.Kind.RECOMMENDED_APPROVAL if decision == "recommend_approve"
                else CaseEvent.Kind.RECOMMENDED_DENIAL)
        if decision == "recommend_deny" and not opinion:
            raise DomainError.single("opinion", "required", _("建议不予许可必须说明理由。"))
        case_services.case_step_record(case=case, step=step, actor=actor, now=now, opinion=opinion, kind=kind,
                                       data={"department_id": task.data.get("department_id")})
    elif decision in ("approve", "deny"):
        recommending = {step_types.HANDLE, step_types.CHECK} & set(steps.step_types(task.process))
        recommended = selectors.latest_recommendation(case=case) if recommending else None
        if decisions.overrules(decision, recommended) and not opinion:
            raise DomainError.single("opinion", "required",
                                     _("本决定与承办、审核环节的建议不一致，必须写明理由。"))
        if step == "accept":  # immediate item: accepted and decided at the window in one step
            case_services.case_accept(case=case, actor=actor, now=now, received_materials=received_materials)
            case_services.case_decide(case=case, approve=decision == "approve", actor=actor, now=now,
                                      opinion=opinion, step=step)
            # Completed on the spot, unless its process goes on to issue or deliver the result.
            if not steps.runs_later(task.process, task.data.get("position", 0), (step_types.CERTIFY,
                                                                                   step_types.DELIVER)):
                case_services.case_complete(case=case, actor=actor, now=now)
            return
        case_services.case_decide(case=case, approve=decision == "approve", actor=actor, now=now, opinion=opinion)
        if is_last():
            case_services.case_complete(case=case, actor=actor, now=now)
    elif step == "complete":
        case_services.case_complete(case=case, actor=actor, now=now, opinion=opinion)
    else:
        if step == step_types.CERTIFY:
            certificate_services.certificate_issue(case=case, actor=actor, now=now, opinion=opinion,
                                                   **(step_input or {}))
        elif step == step_types.DELIVER:
            certificate_services.delivery_record(case=case, actor=actor, now=now, opinion=opinion,
                                                 **(step_input or {}))
        else:
            case_services.case_step_record(case=case, step=step, actor=actor, now=now, opinion=opinion,
                                           data={"department_id": task.data.get("department_id")})
        if step_types.stops_case_clock(step):
            steps.procedure_held(task.process, task.data["position"])
        if case.decision and is_last():
            case_services.case_complete(case=case, actor=actor, now=now)


def case_resubmit_and_continue(*, case: Case, actor, now: datetime, opinion: str = "") -> Case:
    """The applicant answered the supplement notice; the case returns to acceptance."""
    with PermitFlow.lock(case.process_id), config_snapshot():
        case.refresh_from_db()
        opinion = text_field(opinion, field="opinion", max_length=decisions.OPINION_MAX_LENGTH)
        case_services.case_resubmit_check(case=case, actor=actor, opinion=opinion)
        waiting = Task.objects.filter(process_id=case.process_id, flow_task=PermitFlow.wait_supplement,
                                      status=STATUS.NEW).first()
        if waiting is None:
            raise Conflict("not_waiting", _("该办件当前不需要补正。"))
        case_services.case_resubmit(case=case, actor=actor, now=now, opinion=opinion)
        steps.remember_case(waiting.process, case)
        PermitFlow.wait_supplement.run(waiting)
    return case
