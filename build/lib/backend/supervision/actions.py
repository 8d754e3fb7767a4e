"""What staff do to a case's clock from the task page and the API: the procedure catalogue and the
approver sign-off turned into calls of the ledger services."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime

from django.utils.translation import gettext as _

from backend.accounts import roles
from backend.cases.models import Case
from backend.common.errors import DomainError
from backend.common.text import text_field
from backend.workcalendar.calendar import CalendarNotCovered

from . import services
from .procedures import BY_CODE


@contextmanager
def _calendar_errors():
    """A year with no calendar data is a clear refusal (409), never a crash; nothing is written."""
    try:
        yield
    except CalendarNotCovered as exc:
        raise DomainError.single(None, "calendar_not_covered", str(exc), status=409) from None


def case_clock_suspend(*, case: Case, procedure: str, detail: str = "", legal_basis: str = "", actor,
                       now: datetime):
    """暂停计时 for a named procedure; the reason reads "专家评审：…" and the legal basis defaults to the
    procedure's article."""
    spec = BY_CODE.get(procedure.strip()) if isinstance(procedure, str) else None
    if spec is None:
        raise DomainError.single("procedure", "invalid", _("请选择暂停计时的特别程序。"))
    detail = text_field(detail, field="detail", max_length=150)
    legal_basis = text_field(legal_basis, field="legal_basis", max_length=200)
    if spec.code == "other" and not detail:
        raise DomainError.single("detail", "required", _("选择“其他特别程序”时必须说明具体事由。"))
    reason = f"{spec.label}：{detail}" if detail else str(spec.label)
    with _calendar_errors():
        return services.clock_suspend(case=case, reason=reason, actor=actor, now=now,
                                      legal_basis=legal_basis or spec.legal_basis)


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
    suspended = clock["state"] == "suspended"
    return {"can_suspend": not suspended, "can_resume": suspended,
            "can_extend": not suspended and user.has_role(roles.APPROVER)}
