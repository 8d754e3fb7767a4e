"""Reads the item's configured steps for the flow's routing and task assignment."""

from __future__ import annotations

from backend.cases.models import Case
from backend.catalog.models import ProcessStep

FINAL_STATUSES = {Case.Status.REFUSED, Case.Status.COMPLETED}


_PROCESS_CASE = Case._meta.get_field("process").remote_field  # the reverse one-to-one, process.case


def remember_case(process, case: Case) -> None:
    """Keep the case on its process for this request: the flow's routing and the receivers that
    see the process's tasks (`process.case`) then read it without a query."""
    process._tongban_case = case
    _PROCESS_CASE.set_cached_value(process, case)


def case_of(process) -> Case:
    case = getattr(process, "_tongban_case", None)
    if case is None:
        case = Case.objects.select_related("item").get(pk=process.data["case_id"])
        remember_case(process, case)
    return case


def steps_snapshot(item_id: int) -> list[dict]:
    """The item's configured steps, frozen on the process when the case is filed, so a later
    change of configuration never reroutes a case already under way."""
    return [
        {"step": c.step, "department_id": c.department_id, "role": c.role, "budget_days": c.budget_days}
        for c in ProcessStep.objects.filter(item_id=item_id).order_by("id")
    ]


def _configured_steps(process) -> list[dict]:
    return process.data["steps"]


def step_configs(activation, step: str) -> list[dict]:
    return [dict(c) for c in _configured_steps(activation.process) if c["step"] == step]


def review_configs(activation) -> list[dict]:
    configs = _configured_steps(activation.process)
    joint = [dict(c) for c in configs if c["step"] == "joint_review"]
    return joint or [dict(c) for c in configs if c["step"] == "review"]


def has_step(process, step: str) -> bool:
    return any(c["step"] == step for c in _configured_steps(process))


def configured(step: str):
    """A routing condition: the case's frozen configuration includes `step`."""
    return lambda activation: has_step(activation.process, step)
