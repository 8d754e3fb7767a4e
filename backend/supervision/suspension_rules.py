"""The suspension rules table (暂停计时规则): which roles may stop a case's clock for a procedure,
and past how many working days a leader's approval is needed. The legal basis is always required.

`suspension_check` is the one guard that both the case page and the API pass through
(actions.case_clock_suspend). A leader is a user with the approver role (审批人员) or the head of
the case's department; past the limit only a leader may suspend, and is recorded as the approver
(ClockEntry.approved_by and the "approval" of the clock_suspended log entry).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from backend.accounts import roles
from backend.cases.models import Case
from backend.common.errors import DomainError

from .models import SuspensionRule

STAFF = (roles.CLERK, roles.REVIEWER, roles.APPROVER)
SPECIALISTS = (roles.REVIEWER, roles.APPROVER)

# procedure code → (roles, max_days without approval; None: no limit). Seeded by migration 0009.
DEFAULTS: dict[str, tuple[tuple[str, ...], int | None]] = {
    "supplement": (STAFF, None),  # the applicant's own time (art. 32)
    "hearing": (SPECIALISTS, 20),
    "inspection": (SPECIALISTS, 10),
    "testing": (SPECIALISTS, 30),
    "appraisal": (SPECIALISTS, 30),
    "expert_review": (SPECIALISTS, 20),
    "public_notice": (SPECIALISTS, 10),
    "other": (SPECIALISTS, 5),
    "third_party": (STAFF, None),  # 政府信息公开条例 art. 32: the third party's 15 working days
    "organ_opinion": (STAFF, 20),  # art. 33 para. 3: other organs' opinions (migration 0010)
}


@dataclass(frozen=True)
class Rule:
    procedure: str
    roles: tuple[str, ...]
    max_days: int | None


def rule_for(procedure: str) -> Rule:
    row = SuspensionRule.objects.filter(procedure=procedure).first()
    if row is not None:
        return Rule(procedure, tuple(row.roles or ()), row.max_days)
    allowed, max_days = DEFAULTS.get(procedure, (SPECIALISTS, 0))
    return Rule(procedure, allowed, max_days)


def rules_by_procedure() -> dict[str, Rule]:
    rows = {r.procedure: Rule(r.procedure, tuple(r.roles or ()), r.max_days) for r in SuspensionRule.objects.all()}
    return {code: rows.get(code) or Rule(code, allowed, limit) for code, (allowed, limit) in DEFAULTS.items()}


def role_labels(names) -> str:
    labels = dict(roles.ROLE_CHOICES)
    return "、".join(str(labels.get(n, n)) for n in names) or "—"


def is_leader(user, case: Case) -> bool:
    return user.has_role(roles.APPROVER) or case.item.department.head_id == user.pk


def parse_days(value) -> int | None:
    """A form posts "5", JSON 5; empty is None. Anything else (1.5, true, -2) is a field error."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 365:
        raise DomainError.single("expected_days", "invalid", _("预计暂停工作日应为 1 到 365 之间的整数。"))
    return value


def suspension_check(*, case: Case, procedure: str, label: str, actor, expected_days: int | None):
    """The approver to record (None: none needed), or a DomainError: 403 for a role the table does
    not name or a suspension past the limit by someone who is not a leader; 400 for a missing length."""
    rule = rule_for(procedure)
    if not actor.role_names & set(rule.roles):
        raise DomainError.single("procedure", "role_not_allowed", _(
            "您的角色不能因“%(procedure)s”暂停计时；可办理的角色：%(roles)s。")
            % {"procedure": label, "roles": role_labels(rule.roles)}, status=403)
    if rule.max_days is None:
        return None
    if expected_days is None:
        raise DomainError.single("expected_days", "required", _(
            "因“%(procedure)s”暂停计时须填写预计暂停工作日（超过 %(n)s 个工作日须经负责人批准）。")
            % {"procedure": label, "n": rule.max_days})
    if expected_days <= rule.max_days:
        return None
    if not is_leader(actor, case):
        raise DomainError.single("expected_days", "approval_required", _(
            "预计暂停 %(days)s 个工作日，超过 %(n)s 个工作日，须经本部门负责人（审批人员）批准，请由负责人办理。")
            % {"days": expected_days, "n": rule.max_days}, status=403)
    return actor
