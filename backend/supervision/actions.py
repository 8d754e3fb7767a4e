"""What staff do to a case's clock from the task page and the API: the procedure catalogue and the
approver sign-off turned into calls of the ledger services."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime

from django.utils.translation import gettext as _

from backend.accounts import roles
from backend.cases.models import Case
from backend.catalog.step_types import SPECIAL_PROCEDURES
from backend.common.errors import Conflict, DomainError
from backend.common.text import text_field
from backend.workcalendar.calendar import CalendarNotCovered

from . import services, suspension_rules
from .models import Clock, ClockEntry
from .procedures import BY_CODE, PROCEDURES


@contextmanager
def _calendar_errors():
    """A year with no calendar data is a clear refusal (409), never a crash; nothing is written."""
    try:
        yield
    except CalendarNotCovered as exc:
        raise DomainError.single(None, "calendar_not_covered", str(exc), status=409) from None


def case_clock_suspend(*, case: Case, procedure: str, detail: str = "", legal_basis: str = "", actor,
                       now: datetime, expected_days=None):
    """暂停计时 for a named procedure, as the suspension rules table allows (suspension_rules): the
    roles it names, the legal basis always (defaulting to the procedure's article), and past its
    limit a leader, recorded as the approver. The reason reads "专家评审：…"."""
    spec = BY_CODE.get(procedure.strip()) if isinstance(procedure, str) else None
    if spec is None:
        raise DomainError.single("procedure", "invalid", _("请选择暂停计时的特别程序。"))
    detail = text_field(detail, field="detail", max_length=150)
    legal_basis = text_field(legal_basis, field="legal_basis", max_length=200) or spec.legal_basis
    expected_days = suspension_rules.parse_days(expected_days)
    if spec.code == "other" and not detail:
        raise DomainError.single("detail", "required", _("选择“其他特别程序”时必须说明具体事由。"))
    if not legal_basis:
        raise DomainError.single("legal_basis", "required", _("暂停计时必须注明法律依据（法律、法规的具体条款）。"))
    if ClockEntry.objects.filter(clock__case=case, clock__completed_at__isnull=True, end_date__isnull=True,
                                 kind=ClockEntry.Kind.SUSPENSION).exists():  # checked again under the lock
        raise Conflict("already_suspended", _("该办件已暂停计时。"))
    if actor.is_staff_member:  # others are refused by the service with the usual 403
        approver = suspension_rules.suspension_check(case=case, procedure=spec.code, label=str(spec.label),
                                                     actor=actor, expected_days=expected_days)
    else:
        approver = None
    reason = f"{spec.label}：{detail}" if detail else str(spec.label)
    with _calendar_errors():
        return services.clock_suspend(case=case, reason=reason, actor=actor, now=now, legal_basis=legal_basis,
                                      procedure=spec.code, expected_days=expected_days, approver=approver)


def case_clock_resume(*, case: Case, actor, now: datetime):
    with _calendar_errors():
        return services.clock_resume(case=case, actor=actor, now=now)


def case_clock_extend(*, case: Case, days, reason: str, actor, now: datetime):
    """延期 (art. 42): the approver who signs it off is the one who records it."""
    if not actor.has_role(roles.APPROVER):
        raise DomainError.single(None, "forbidden", _("延期须由审批人员批准，请联系本部门审批人员办理。"), status=403)
    # A form posts "10"; JSON may post 10. Neither 1.5 nor true is a number of working days.
    if isinstance(days, str) and days.strip().isascii() and days.strip().isdigit():
        days = int(days.strip())
    if isinstance(days, bool) or not isinstance(days, int):
        raise DomainError.single("days", "invalid", _("延期天数应为正整数（工作日）。"))
    with _calendar_errors():
        reason = text_field(reason, field="reason", max_length=200)
        return services.clock_extend(case=case, days=days, reason=reason, approver=actor, actor=actor, now=now)


def clock_actions_for(*, case: Case, user, clock: dict | None) -> dict:
    """Which clock actions the page offers this user (the services check again on submit)."""
    if clock is None or clock["state"] == "completed" or not getattr(user, "is_staff_member", False):
        return {}
    if case.item.department_id not in set(user.department_ids):
        return {}
    suspended = bool(clock.get("is_suspended"))
    # While a hearing or another special procedure runs, the restart is the procedure's, not an officer's.
    procedure = suspended and (Clock.objects.filter(case=case, kind=Clock.Kind.STEP, step__in=SPECIAL_PROCEDURES)
                               .exclude(state=Clock.State.COMPLETED).exists())
    rules = suspension_rules.rules_by_procedure()
    allowed = [{"code": p.code, "label": p.label, "max_days": rules[p.code].max_days} for p in PROCEDURES
               if p.code in rules and user.role_names & set(rules[p.code].roles)]
    return {"can_suspend": not suspended and bool(allowed), "can_resume": suspended and not procedure,
            "can_extend": not suspended and user.has_role(roles.APPROVER), "procedures": allowed,
            "is_leader": suspension_rules.is_leader(user, case)}
