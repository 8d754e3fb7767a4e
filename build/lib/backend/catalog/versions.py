"""What changed between two versions of a process: the pure comparison the admin shows before
and after publishing. A step is the same step in both when its type and department match;
its role and budget may change."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

COMPARED = ("role", "budget_days", "day_kind")
DEFAULTS = {"day_kind": "working"}  # versions published before a field existed


@dataclass(frozen=True)
class StepChange:
    kind: str  # "added", "removed", "changed"
    step: dict  # the step as it is now (as it was, for a removal)
    old_position: int | None = None
    new_position: int | None = None
    fields: tuple[tuple[str, object, object], ...] = field(default=())


def _key(step: dict) -> tuple:
    return step["step"], step["department_id"]


def process_diff(old: list[dict], new: list[dict]) -> list[StepChange]:
    """The changes from `old` to `new` (lists of step dicts in position order), in the new order;
    an empty list when they run the same way. A step that only moved is reported as removed from
    its old place and added at its new one, because the order is what routes a case."""
    changes: list[StepChange] = []
    matcher = difflib.SequenceMatcher(a=[_key(s) for s in old], b=[_key(s) for s in new], autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            for i, j in zip(range(a0, a1), range(b0, b1), strict=True):
                differing = tuple((f, _get(old[i], f), _get(new[j], f)) for f in COMPARED
                                  if _get(old[i], f) != _get(new[j], f))
                if differing:
                    changes.append(StepChange("changed", new[j], i, j, differing))
            continue
        changes.extend(StepChange("removed", old[i], old_position=i) for i in range(a0, a1))
        changes.extend(StepChange("added", new[j], new_position=j) for j in range(b0, b1))
    return changes


def _get(step: dict, name: str):
    return step.get(name, DEFAULTS.get(name))


def same_process(old: list[dict], new: list[dict]) -> bool:
    return [{k: _get(s, k) for k in ("step", "department_id", *COMPARED)} for s in old] == \
        [{k: _get(s, k) for k in ("step", "department_id", *COMPARED)} for s in new]


def describe(change: StepChange, *, departments: dict[int, str], roles: dict[str, str], label) -> str:
    """One change in words, for the administrator comparing versions (`label`: step type → name)."""
    from django.utils.translation import gettext as _

    step = change.step
    names = {"step": label(step["step"]), "department": departments.get(step["department_id"], "?")}
    if change.kind == "added":
        added = (_("新增第 %(n)s 步“%(step)s”（%(department)s，%(role)s，%(days)s 个工作日）")
                 if _get(step, "day_kind") == "working" else
                 _("新增第 %(n)s 步“%(step)s”（%(department)s，%(role)s，%(days)s 个自然日）"))
        return added % {**names, "n": change.new_position + 1, "role": roles.get(step["role"], step["role"]),
                        "days": step["budget_days"]}
    if change.kind == "removed":
        return _("删除原第 %(n)s 步“%(step)s”（%(department)s）") % {**names, "n": change.old_position + 1}
    parts = []
    for name, old, new in change.fields:
        if name == "budget_days":
            parts.append(_("时限 %(old)s → %(new)s 个工作日") % {"old": old, "new": new}
                         if _get(step, "day_kind") == "working" else
                         _("期限 %(old)s → %(new)s 个自然日") % {"old": old, "new": new})
        elif name == "day_kind":
            kinds = {"working": _("工作日"), "calendar": _("自然日")}
            parts.append(_("计日方式 %(old)s → %(new)s") % {"old": kinds.get(old, old), "new": kinds.get(new, new)})
        else:
            parts.append(_("承办角色 %(old)s → %(new)s") % {"old": roles.get(old, old), "new": roles.get(new, new)})
    return _("第 %(n)s 步“%(step)s”（%(department)s）：%(what)s") % {
        **names, "n": change.new_position + 1, "what": _("；").join(parts)}
