"""Validation of an item's configured process, in words an administrator reads: which steps
apply, in which order, and their budgets (step types: step_types.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from . import step_types as t

AFTER_DECISION = (t.PUBLICITY, t.CERTIFY, t.DELIVER, t.COMPLETE)


@dataclass(frozen=True)
class StepSpec:
    step: str
    department_id: int
    role: str
    budget_days: int
    day_kind: str = "working"


def total_budget_days(steps: Iterable[StepSpec]) -> int:
    """What counts toward the promised limit: sequential steps add up, a group of parallel joint
    reviews counts as its longest, and special procedures (art. 45) do not count at all."""
    total, group = 0, []
    for spec in list(steps) + [None]:
        if spec is not None and spec.step == t.JOINT_REVIEW:
            group.append(spec.budget_days)
            continue
        total += max(group) if group else 0
        group = []
        if spec is not None and t.counts_toward_limit(spec.step):
            total += spec.budget_days
    return total


def _label(step: str) -> str:
    from .models import ProcessStep

    return ProcessStep.label_for(step)


def process_config_errors(*, kind: str, steps: Iterable[StepSpec], promised_limit_days: int | None,
                          statutory_limit_days: int | None = None) -> list[str]:
    steps = list(steps)
    names = [s.step for s in steps]
    errors: list[str] = []
    if t.ACCEPT not in names:
        errors.append(_("流程必须包含“受理”环节。"))
    elif names[0] != t.ACCEPT:
        errors.append(_("“受理”必须是流程的第一个环节。"))
    if kind != "immediate" and t.DECIDE not in names:
        errors.append(_("承诺件和联办件的流程必须包含“决定”环节。"))
    for single in t.SINGLE:
        if names.count(single) > 1:
            errors.append(_("“%(step)s”环节只能配置一次。") % {"step": _label(single)})
    if t.COMPLETE in names and names[-1] != t.COMPLETE:
        errors.append(_("“办结”必须是流程的最后一个环节。"))
    if t.DECIDE in names:
        late = [n for n in names[names.index(t.DECIDE) + 1:] if n not in AFTER_DECISION]
        if late:
            errors.append(_("“决定”之后只能安排公示、制证、送达和办结，不能安排“%(step)s”。")
                          % {"step": _label(late[0])})
        if t.CERTIFY in names and names.index(t.CERTIFY) < names.index(t.DECIDE):
            errors.append(_("“制证”必须在“决定”之后。"))
        if t.DELIVER in names and names.index(t.DELIVER) < names.index(t.DECIDE):
            errors.append(_("“送达”必须在“决定”之后。"))
    if t.DELIVER in names and t.CERTIFY in names and names.index(t.DELIVER) < names.index(t.CERTIFY):
        errors.append(_("“送达”必须在“制证”之后：先制证，再将决定和证书一并送达。"))
    for spec in steps:
        if spec.day_kind == t.CALENDAR_DAYS and spec.step != t.PUBLICITY:
            errors.append(_("只有“公示”环节可以按自然日计算期限，“%(step)s”应按工作日。") % {"step": _label(spec.step)})
    joint = [i for i, n in enumerate(names) if n == t.JOINT_REVIEW]
    if joint and joint != list(range(joint[0], joint[0] + len(joint))):
        errors.append(_("联合审查的各部门环节必须相邻排列（同时进行，全部完成后进入下一环节）。"))
    if kind == "joint" and len(joint) < 2:
        errors.append(_("联办件至少需要两个部门参与联合审查。"))
    if kind != "joint" and joint:
        errors.append(_("只有联办件可以配置联合审查环节。"))
    total = total_budget_days(steps)
    if promised_limit_days is not None and total > promised_limit_days:
        errors.append(
            _("各环节时限合计 %(total)s 个工作日，超过承诺时限 %(limit)s 个工作日。")
            % {"total": total, "limit": promised_limit_days}
        )
    if (promised_limit_days is not None and statutory_limit_days is not None
            and promised_limit_days > statutory_limit_days):
        errors.append(_("承诺时限 %(promised)s 个工作日超过法定时限 %(statutory)s 个工作日。")
                      % {"promised": promised_limit_days, "statutory": statutory_limit_days})
    return errors
