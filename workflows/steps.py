"""Reads the item's configured steps for the flow's routing and task assignment."""

from __future__ import annotations

from backend.cases.models import Case
from backend.catalog.models import ProcessStep

FINAL_STATUSES = {Case.Status.REFUSED, Case.Status.COMPLETED}


def remember_case(process, case: Case) -> None:
    process._tongban_case = case


def case_of(process) -> Case:
    case = getattr(process, "_tongban_case", None)
    if case is None:
        case = Case.objects.select_related("item").get(pk=process.data["case_id"])
        remember_case(process, case)
    return case


def _configured_steps(process) -> list[ProcessStep]:
    case = case_of(process)
    cached = getattr(case, "_tongban_steps", None)
    if cached is None:
        cached = list(ProcessStep.objects.filter(item_id=case.item_id).order_by("id"))
        case._tongban_steps = cached
    return cached


def _as_data(config: ProcessStep) -> dict:
    return {"step": config.step, "department_id": config.department_id, "role": config.role,
            "budget_days": config.budget_days}


def step_configs(activation, step: str) -> list[dict]:
    return [_as_data(c) for c in _configured_steps(activation.process) if c.step == step]


def review_configs(activation) -> list[dict]:
    configs = _configured_steps(activation.process)
    joint = [_as_data(c) for c in configs if c.step == "joint_review"]
    return joint or [_as_data(c) for c in configs if c.step == "review"]


def has_step(process, step: str) -> bool:
    return any(c.step == step for c in _configured_steps(process))


def has_review(process) -> bool:
    return any(c.step in ("review", "joint_review") for c in _configured_steps(process))
