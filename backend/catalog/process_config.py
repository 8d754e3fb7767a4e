"""Validation of an item's configured process: which steps apply and their budgets."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

ORDER = ["accept", "review", "joint_review", "inspection", "decide", "complete"]


@dataclass(frozen=True)
class StepSpec:
    step: str
    department_id: int
    role: str
    budget_days: int


def total_budget_days(steps: Iterable[StepSpec]) -> int:
    """Sequential steps add up; parallel joint reviews count as the longest of them."""
    steps = list(steps)
    joint = [s.budget_days for s in steps if s.step == "joint_review"]
    sequential = sum(s.budget_days for s in steps if s.step != "joint_review")
    return sequential + (max(joint) if joint else 0)


def process_config_errors(*, kind: str, steps: Iterable[StepSpec], promised_limit_days: int | None) -> list[str]:
    steps = list(steps)
    names = [s.step for s in steps]
    errors: list[str] = []
    if "accept" not in names:
        errors.append(_("流程必须包含“受理”环节。"))
    if kind != "immediate" and "decide" not in names:
        errors.append(_("承诺件和联办件的流程必须包含“决定”环节。"))
    for single in ("accept", "review", "inspection", "decide", "complete"):
        if names.count(single) > 1:
            errors.append(_("“%(step)s”环节只能配置一次。") % {"step": single})
    joint = [s for s in steps if s.step == "joint_review"]
    if kind == "joint" and len(joint) < 2:
        errors.append(_("联办件至少需要两个部门参与联合审查。"))
    if kind != "joint" and joint:
        errors.append(_("只有联办件可以配置联合审查环节。"))
    if joint and "review" in names:
        errors.append(_("联合审查与普通审查不能同时配置。"))
    if promised_limit_days is not None:
        total = total_budget_days(steps)
        if total > promised_limit_days:
            errors.append(
                _("各环节时限合计 %(total)s 个工作日，超过承诺时限 %(limit)s 个工作日。")
                % {"total": total, "limit": promised_limit_days}
            )
    return errors
