"""Reads the item's configured steps for the flow's routing and task assignment.

The steps of the published process version the case was filed under are copied onto the process
when the case is filed (`process.data["steps"]`, in position order); each step task carries its
entry with its `position` in that list. A step routes to the position after its own, or — when its
holder sends the file back — to the position they chose (`task.data["send_back_to"]`). A joint
review group's tasks are created together by the split; the position after the group is kept on
the process (`after_join`) for the gateway after the join.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone

from backend.cases.models import Case
from backend.catalog.step_types import CALENDAR_DAYS, CERTIFY, JOINT_REVIEW, PUBLICITY, joint_group_end
from backend.workcalendar.calendar import CalendarNotCovered, refresh_if_stale

FINAL_STATUSES = {Case.Status.REFUSED, Case.Status.COMPLETED}


_PROCESS_CASE = Case._meta.get_field("process").remote_field  # the reverse one-to-one, process.case


def remember_case(process, case: Case) -> None:
    """Keep the case on its process for this request: the flow's routing and the receivers that
    see the process's tasks (`process.case`) then read it without a query."""
    process._tongban_case = case
    _PROCESS_CASE.set_cached_value(process, case)


def remember_now(process, now: datetime) -> None:
    """The business `now` of the transition under way, for the tasks it creates."""
    process._tongban_now = now


def now_of(process) -> datetime:
    return getattr(process, "_tongban_now", None) or timezone.now()


def case_of(process) -> Case:
    case = getattr(process, "_tongban_case", None)
    if case is None:
        case = Case.objects.select_related("item").get(pk=process.data["case_id"])
        remember_case(process, case)
    return case


def _configured_steps(process) -> list[dict]:
    return process.data["steps"]


def step_types(process) -> list[str]:
    return [c["step"] for c in _configured_steps(process)]


def _entry(process, position: int) -> dict:
    return {**_configured_steps(process)[position], "position": position}


def accept_config(activation, step: str) -> list[dict]:
    configs = _configured_steps(activation.process)
    return [_entry(activation.process, 0)] if configs and configs[0]["step"] == "accept" else []


def next_position(activation) -> int:
    """Where the process goes after the activation's task: its send-back target, else the
    position after it (after its group, for a joint review); after a join, the stored position."""
    data = getattr(getattr(activation, "task", None), "data", None) or {}
    if "position" not in data:
        return _skipping(activation.process, activation.process.data.get("after_join",
                                                                         len(_configured_steps(activation.process))))
    if data.get("send_back_to") is not None:
        return data["send_back_to"]
    return position_after(activation.process, data["position"])


def position_after(process, position: int) -> int:
    types = step_types(process)
    at = joint_group_end(types, position) if types[position] == JOINT_REVIEW else position + 1
    return _skipping(process, at)


def _skipping(process, at: int) -> int:
    """No certificate for a refusal (it is still delivered); a hearing or expert review already held
    is not held again when a send-back brings the file past it once more."""
    types = step_types(process)
    denied = case_of(process).decision == Case.Decision.DENIED
    held = set(process.data.get("held", []))
    while at < len(types) and ((denied and types[at] == CERTIFY) or at in held):
        at += 1
    return at


def nothing_after(process, position: int) -> bool:
    """No step would run after the one at `position` (on its forward route)."""
    return position_after(process, position) >= len(step_types(process))


def runs_later(process, position: int, types: tuple[str, ...]) -> bool:
    """A step of one of `types` would run after the one at `position` (on its forward route)."""
    kinds = step_types(process)
    at = position_after(process, position)
    while at < len(kinds):
        if kinds[at] in types:
            return True
        at = position_after(process, at)
    return False


def procedure_held(process, position: int) -> None:
    held = process.data.setdefault("held", [])
    if position not in held:
        held.append(position)
        process.save(update_fields=["data"])


def next_config(activation, step: str) -> list[dict]:
    """The `step` node's data: the configuration at the position the previous task routed to."""
    entry = _entry(activation.process, next_position(activation))
    if entry["step"] == PUBLICITY:
        entry = {**entry, **publicity_period(timezone.localdate(now_of(activation.process)), entry)}
    return [entry]


def publicity_period(start: date, entry: dict) -> dict:
    """A 公示 step's notice period, fixed when the step starts: it runs from the next day for the
    configured days (working or calendar days) and its holder records the outcome on the first
    working day after it, so the step clock's budget is the period's working days plus that one."""
    days = int(entry["budget_days"])
    calendar_days = entry.get("day_kind") == CALENDAR_DAYS
    try:
        cal = refresh_if_stale()
        ends = cal.period_end(start, days, calendar_days=calendar_days)
        working = cal.working_days_between(start, ends)
    except CalendarNotCovered:  # the clock records the calendar alarm; the period is counted plainly
        ends, working = start + timedelta(days=days), days
    return {"period_days": days, "period_starts_on": (start + timedelta(days=1)).isoformat(),
            "period_ends_on": ends.isoformat(), "budget_days": working + 1}


def has_next(activation) -> bool:
    return next_position(activation) < len(_configured_steps(activation.process))


def next_is_joint(activation) -> bool:
    at = next_position(activation)
    types = step_types(activation.process)
    if at < len(types) and types[at] == JOINT_REVIEW:
        activation.process._tongban_group_start = at
        return True
    return False


def joint_group_configs(activation) -> list[dict]:
    """One review task per department of the group the previous task routed to; the position after
    the group is kept on the process for the gateway after the join."""
    process = activation.process
    start = process._tongban_group_start  # set by next_is_joint, which routed here in this request
    end = joint_group_end(step_types(process), start)
    process.data["after_join"] = end
    process.save(update_fields=["data"])
    return [_entry(process, at) for at in range(start, end)]


def case_is_final(activation) -> bool:
    return case_of(activation.process).status in FINAL_STATUSES


def case_waits_for_supplement(activation) -> bool:
    return case_of(activation.process).status == Case.Status.SUPPLEMENT_REQUESTED
