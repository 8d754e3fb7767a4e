"""Writes: an inspection run and the problems it opens, keeps, reopens and closes; external
evaluation findings entered by the disclosure office; the unit's reply; the office's close.
Each write is one transaction and appends to the hash-chained supervision log."""

from __future__ import annotations

import hashlib
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from backend.accounts.models import Department
from backend.cases.materials import material_check
from backend.common.errors import Conflict, DomainError, FieldError
from backend.common.text import text_field
from backend.directory.models import Column
from backend.supervision import hashlog, notifications, orders_services
from backend.supervision.models import Notification, Order
from backend.supervision.orders_selectors import order_may_issue
from backend.workcalendar.calendar import CalendarNotCovered, refresh_if_stale

from . import checks as checks_module
from . import rules, sweep
from .models import Finding, InspectionRun, Problem, ProblemEvidence
from .selectors import sees_all

S = Problem.Status


def problem_days() -> int:
    return int(getattr(settings, "INSPECTION_PROBLEM_DAYS", 10))


def _username(user) -> str | None:
    return user.get_username() if user is not None else None


def _due(opened_on, days: int):
    try:
        return rules.due_on(opened_on=opened_on, days=days, calendar=refresh_if_stale())
    except CalendarNotCovered as exc:
        raise Conflict("calendar_not_covered", str(exc)) from None


def _ref(problem: Problem) -> dict:
    return {"problem": problem.pk, "source": problem.source, "check": problem.check_code,
            "department": problem.department_id, "fingerprint": problem.fingerprint, "status": problem.status}


# -- notifications -----------------------------------------------------------------------------------------
def _notify_units(new: list[Problem], *, key: str, now: datetime, logs: list) -> None:
    """One notification per unit (its active staff and head) for the problems just put on its list."""
    by_unit: dict[int, list[Problem]] = {}
    for p in new:
        if p.department_id:
            by_unit.setdefault(p.department_id, []).append(p)
    if not by_unit:
        return
    users = get_user_model().objects.filter(is_active=True)
    heads = dict(Department.objects.filter(pk__in=by_unit).values_list("pk", "head_id"))
    staff: dict[int, set[int]] = {}
    for user_id, dept_id in users.filter(departments__in=list(by_unit)).values_list("pk", "departments"):
        staff.setdefault(dept_id, set()).add(user_id)
    wanted = {u for ids in staff.values() for u in ids} | {h for h in heads.values() if h}
    emails = dict(users.filter(pk__in=wanted).values_list("pk", "email"))
    rows = []
    with translation.override(settings.LANGUAGE_CODE):
        for dept_id, problems in by_unit.items():
            recipients = sorted((staff.get(dept_id, set()) | {heads.get(dept_id)}) & set(emails))
            due = min(p.due_on for p in problems)
            title = _("【整改】问题清单新增 %(n)s 个问题") % {"n": len(problems)}
            body = _("请于 %(due)s 前整改并回告：%(items)s") % {
                "due": due.isoformat(), "items": "；".join(p.description[:80] for p in problems[:5])}
            rows += [notifications.notification_row(user_id=u, email=emails[u] or "", now=now,
                                                    kind=Notification.Kind.ORDER, title=title[:200], body=body,
                                                    key=f"{key}:{dept_id}"[:80])
                     for u in recipients]
    notifications.notifications_create(rows, logs=logs)


# -- runs -------------------------------------------------------------------------------------------------
class AlreadyRan(Exception):
    """The scheduled run of this day exists already."""


def inspection_run(*, now: datetime, actor=None, checks=None, trigger: str = InspectionRun.Trigger.MANUAL
                   ) -> InspectionRun:
    """Run `checks` (codes; all by default), record the run and its findings, and bring the problem
    lists up to date: a new finding opens a problem for its unit; a finding of an open problem keeps it
    (a replied one is reopened: the re-check still finds it); an open automatic problem of a check that
    ran and did not find it again is closed by the re-check."""
    codes = list(checks) if checks else list(checks_module.CHECKS)
    unknown = [c for c in codes if c not in checks_module.CHECKS]
    if unknown:
        raise DomainError([FieldError("checks", "invalid", _("未知的检查项：%(c)s") % {"c": c}) for c in unknown])
    day = timezone.localdate(now)
    found: list[checks_module.Found] = []
    for code in codes:  # the checks read; only the bookkeeping below is one transaction
        found += checks_module.CHECKS[code][1](now=now)
    unique = list({f.fingerprint: f for f in found}.values())
    try:
        with transaction.atomic():
            return _record(now=now, day=day, actor=actor, codes=codes, found=unique, trigger=trigger)
    except IntegrityError:
        if trigger == InspectionRun.Trigger.SCHEDULE and InspectionRun.objects.filter(
                day=day, trigger=InspectionRun.Trigger.SCHEDULE).exists():
            raise AlreadyRan(day.isoformat()) from None
        raise


def _record(*, now, day, actor, codes, found, trigger) -> InspectionRun:
    head = hashlog.lock_head()
    run = InspectionRun.objects.create(trigger=trigger, day=day, started_at=now, actor=actor, checks=codes)
    Finding.objects.bulk_create([
        Finding(run=run, check_code=f.check, department_id=f.department_id, column_id=f.column_id,
                subject=f.subject[:500], description=str(f.description)[:500], evidence=f.evidence,
                fingerprint=f.fingerprint) for f in found])
    by_print = {f.fingerprint: f for f in found}
    active = {p.fingerprint: p for p in Problem.objects.select_for_update().filter(
        source=Problem.Source.AUTOMATIC, status__in=rules.OPEN_STATUSES, check_code__in=codes)}
    logs: list = []
    opened = reopened = closed = 0
    new: list[Problem] = []
    days = problem_days()
    due = _due(day, days) if set(by_print) - set(active) else None
    for fingerprint, f in by_print.items():
        problem = active.get(fingerprint)
        if problem is None:
            problem = Problem.objects.create(
                source=Problem.Source.AUTOMATIC, check_code=f.check, department_id=f.department_id,
                column_id=f.column_id, subject=f.subject[:500], description=str(f.description),
                evidence=f.evidence, fingerprint=fingerprint, opened_at=now, opened_on=day, days=days, due_on=due,
                opened_by_run=run, next_change_at=now)
            opened += 1
            new.append(problem)
            logs.append(("inspection_problem_opened", {**_ref(problem), "run": run.pk, "due_on": due}))
        elif problem.status == S.REPLIED:
            problem.status, problem.evidence = S.REOPENED, f.evidence
            problem.next_change_at = sweep.next_look(problem, now=now)
            problem.save(update_fields=["status", "evidence", "next_change_at"])
            reopened += 1
            logs.append(("inspection_problem_reopened", {**_ref(problem), "run": run.pk}))
    for fingerprint, problem in active.items():
        if fingerprint in by_print:
            continue
        problem.status, problem.closed_at, problem.closed_by_run = S.CLOSED, now, run
        problem.next_change_at = None
        problem.save(update_fields=["status", "closed_at", "closed_by_run", "next_change_at"])
        closed += 1
        logs.append(("inspection_problem_closed", {**_ref(problem), "run": run.pk, "by": "re-check"}))
    per_check = {code: 0 for code in codes}
    for f in found:
        per_check[f.check] += 1
    run.counts = {"findings": len(found), "checks": per_check, "opened": opened, "reopened": reopened,
                  "closed": closed}
    run.finished_at = timezone.now() if timezone.now() > now else now
    run.save(update_fields=["counts", "finished_at"])
    logs.insert(0, ("inspection_run", {"run": run.pk, "trigger": trigger, "day": day, "actor": _username(actor),
                                       "checks": codes, "counts": run.counts}))
    _notify_units(new, key=f"inspection:{run.pk}", now=now, logs=logs)
    hashlog.append_many(logs, now=now, head=head)
    return run


def inspection_may_run(user) -> bool:
    return sees_all(user)


def inspection_run_manual(*, now: datetime, actor, checks=None) -> InspectionRun:
    if not inspection_may_run(actor):
        raise DomainError.single(None, "forbidden", _("只有政务公开办公室、监察人员和管理员可以发起检查。"), status=403)
    return inspection_run(now=now, actor=actor, checks=checks)


# -- external evaluations ------------------------------------------------------------------------------
def _text(value, field: str, *, required_message=None, max_length: int = rules.TEXT_MAX) -> str:
    value = text_field(value, field=field, max_length=max_length)
    if required_message and not value:
        raise DomainError.single(field, "required", required_message)
    return value


@transaction.atomic
def problem_enter_external(*, actor, department, description: str, report_name: str, indicator: str = "",
                           score_lost=None, column: str = "", days=None, now: datetime) -> Problem:
    """The office enters a finding of an external evaluation report (第三方评估) for a unit."""
    if not sees_all(actor):
        raise DomainError.single(None, "forbidden", _("只有政务公开办公室可以录入评估问题。"), status=403)
    errors: list[FieldError] = []
    values: dict = {}

    def collect(name, fn):
        try:
            values[name] = fn()
        except DomainError as exc:
            errors.extend(exc.errors)

    collect("description", lambda: _text(description, "description", required_message=_("请填写问题描述。")))
    collect("report_name", lambda: _text(report_name, "report_name", required_message=_("请填写评估报告名称。"),
                                         max_length=200))
    collect("indicator", lambda: _text(indicator, "indicator", max_length=200))
    dept = None
    try:
        dept = Department.objects.filter(code=str(department or "").strip()).first() if department else None
    except (TypeError, ValueError):
        dept = None
    if dept is None:
        errors.append(FieldError("department", "not_found" if department else "required",
                                 _("请指定责任单位（部门代码）。")))
    col = None
    if column:
        col = Column.objects.filter(code=str(column).strip()).first()
        if col is None:
            errors.append(FieldError("column", "not_found", _("栏目不存在。")))
    score = None
    if score_lost not in (None, ""):
        try:
            score = Decimal(str(score_lost)).quantize(Decimal("0.01"))
            if not Decimal(0) <= score < Decimal(10000):
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            errors.append(FieldError("score_lost", "invalid", _("扣分应为 0 到 9999 之间的数。")))
    n = problem_days()
    if days not in (None, ""):
        try:
            n = int(days)
            if not 1 <= n <= 365:
                raise ValueError
        except (TypeError, ValueError):
            errors.append(FieldError("days", "invalid", _("整改时限应为 1 到 365 个工作日。")))
    if errors:
        raise DomainError(errors)
    day = timezone.localdate(now)
    problem = Problem.objects.create(
        source=Problem.Source.EXTERNAL, check_code="external", department=dept, column=col,
        subject=values["indicator"] or values["report_name"], description=values["description"],
        evidence={"report": values["report_name"], "indicator": values["indicator"], "date": day.isoformat()},
        opened_at=now, opened_on=day, days=n, due_on=_due(day, n), entered_by=actor, next_change_at=now,
        report_name=values["report_name"], indicator=values["indicator"], score_lost=score)
    logs: list = [("inspection_problem_entered", {**_ref(problem), "report": problem.report_name,
                                                  "indicator": problem.indicator,
                                                  "score_lost": str(score) if score is not None else None,
                                                  "due_on": problem.due_on, "actor": _username(actor)})]
    _notify_units([problem], key=f"inspection-problem:{problem.pk}", now=now, logs=logs)
    hashlog.append_many(logs, now=now)
    return problem


# -- the unit's reply, the office's decision ------------------------------------------------------------
def _locked(problem: Problem) -> Problem:
    return Problem.objects.select_for_update(of=("self",)).select_related("department").get(pk=problem.pk)


@transaction.atomic
def problem_reply(*, problem: Problem, actor, text: str, files=(), now: datetime) -> Problem:
    """整改回告 by the unit's staff. An automatic problem then waits for the re-check; an external one for
    the office."""
    problem = _locked(problem)
    head_id = problem.department.head_id if problem.department_id else None
    if not rules.in_unit(actor, problem.department_id, head_id):
        raise DomainError.single(None, "forbidden", _("只有责任单位可以回告整改情况。"), status=403)
    if not rules.step_allowed("reply", problem.status):
        raise Conflict("wrong_state", _("该问题当前不能回告。"))
    text = _text(text, "text", required_message=_("请填写整改情况。"))
    checked = []
    for f in files or ():
        material_check(f)
        checked.append(f)
    problem.status, problem.reply_text, problem.replied_at, problem.replied_by = S.REPLIED, text, now, actor
    problem.next_change_at = None  # the clock waits for the re-check or the office
    problem.save(update_fields=["status", "reply_text", "replied_at", "replied_by", "next_change_at"])
    names = []
    for f in checked:
        digest = hashlib.sha256()
        for chunk in f.chunks():
            digest.update(chunk)
        f.seek(0)
        ProblemEvidence.objects.create(problem=problem, file=f, original_name=f.name[:255], size=f.size,
                                       sha256=digest.hexdigest(), uploaded_by=actor, uploaded_at=now)
        names.append(f.name[:255])
    hashlog.append("inspection_problem_replied", {**_ref(problem), "text": text, "files": names,
                                                  "actor": _username(actor)}, now=now)
    return problem


def _office_step(problem: Problem, *, actor, step: str, opinion: str, now: datetime) -> Problem:
    problem = _locked(problem)
    if not sees_all(actor):
        raise DomainError.single(None, "forbidden", _("只有政务公开办公室可以销号或退回。"), status=403)
    if problem.source != Problem.Source.EXTERNAL:
        raise Conflict("automatic", _("自动检查发现的问题由复查销号，不能手工销号。"))
    if not rules.step_allowed(step, problem.status):
        raise Conflict("wrong_state", _("该问题当前不能销号或退回（须先由责任单位回告）。"))
    opinion = _text(opinion, "opinion", required_message=_("请填写退回理由。") if step == "reopen" else None)
    if step == "close":
        problem.status, problem.closed_at, problem.closed_by = S.CLOSED, now, actor
        problem.next_change_at = None
    else:  # returning does not buy time: the original term runs on
        problem.status = S.REOPENED
        problem.next_change_at = sweep.next_look(problem, now=now)
    problem.save(update_fields=["status", "closed_at", "closed_by", "next_change_at"])
    hashlog.append(f"inspection_problem_{'closed' if step == 'close' else 'reopened'}",
                   {**_ref(problem), "opinion": opinion, "actor": _username(actor)}, now=now)
    return problem


@transaction.atomic
def problem_close(*, problem: Problem, actor, opinion: str = "", now: datetime) -> Problem:
    """销号 of an external problem by the office, after the unit's reply."""
    return _office_step(problem, actor=actor, step="close", opinion=opinion, now=now)


@transaction.atomic
def problem_reopen(*, problem: Problem, actor, opinion: str, now: datetime) -> Problem:
    """The office returns the unit's reply on an external problem (reasons required)."""
    return _office_step(problem, actor=actor, step="reopen", opinion=opinion, now=now)


# -- supervision orders on a problem ---------------------------------------------------------------------
ORDER_SOURCE = "inspection_problem"


@transaction.atomic
def problem_order_issue(*, problem: Problem, actor, requirement: str, days, now: datetime) -> Order:
    """督办 of a problem by a supervision officer: an order to the problem's unit with its own reply
    clock, cards and escalations (backend.supervision.orders_services). One running order per
    problem; a closed problem needs none."""
    if not order_may_issue(actor):
        raise DomainError.single(None, "forbidden", _("只有监察人员可以下发督办单。"), status=403)
    problem = _locked(problem)
    if problem.status == S.CLOSED:
        raise Conflict("closed", _("该问题已销号，无需督办。"))
    if problem.department_id is None:
        raise Conflict("no_unit", _("该问题没有责任单位，无法督办。"))
    if Order.objects.filter(target=Order.Target.PROBLEM, source=ORDER_SOURCE, source_id=problem.pk).exclude(
            status=Order.Status.ACCEPTED).exists():
        raise Conflict("order_running", _("该问题已有未办结的督办单。"))
    return orders_services.order_issue_on_source(
        actor=actor, target=Order.Target.PROBLEM, department=problem.department, source=ORDER_SOURCE,
        source_id=problem.pk, problem=problem.description, requirement=requirement, days=days, now=now)
