"""The process diagram, computed (docs/processes.md, "流程图"): which steps run one after another,
which run side by side (a joint review group, between its split and its join), which are special
procedures that stop the case clock, and — for a case — where the file stands and how many working
days each step used.

Pure: plain step dicts in (the shape frozen on a process at filing, `process.data["steps"]`, or held
by a published version: `step`, `department_id`, `role`, `budget_days`; a published guide's steps
carry the department's name as `department` instead), values out; no database, no clock. The
template `catalog/_process_diagram.html` draws the result.

A case's state is a dict of plain values (portal.selectors.case_process_diagram builds it):
`runs` — one entry per step task, in the order they were created: `position`, `status` ("open",
"done" or "canceled"), `used_days` (working days on its step clock, or None) and `send_back_to`
(the position a holder sent the file back to, or None); `held` — positions of special procedures
already held (not held again after a send-back); `finished` — the case is completed or refused;
`waiting` — it waits for the applicant's supplement; `public` — for the tracking page: no
send-backs and no repeated runs (the deliberation before a decision is for staff).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import step_types as t
from .process_config import StepSpec, total_budget_days

PENDING, CURRENT, DONE, SKIPPED, WAITING = "pending", "current", "done", "skipped", "waiting"


def _label(step: str) -> str:
    from .models import ProcessStep

    return ProcessStep.label_for(step)


def days_label(n: int, calendar_days: bool = False) -> str:
    """“3 个工作日” or, for a 公示 period counted in calendar days, “7 个自然日”."""
    if calendar_days:
        return ngettext("%(n)d 个自然日", "%(n)d 个自然日", n) % {"n": n}
    return ngettext("%(n)d 个工作日", "%(n)d 个工作日", n) % {"n": n}


@dataclass(frozen=True)
class Node:
    """One configured step: a box of the diagram (a lane, inside a parallel group)."""

    position: int
    step: str
    label: str
    department: str
    budget_days: int
    special: bool  # a special procedure (art. 45): its time is not counted in the time limit
    lane: int = 0  # its row inside a parallel group; 0 for a step on its own
    status: str = ""  # "" without a case; else pending, current, done, skipped or waiting
    used_days: int | None = None
    runs: int = 0  # how often it ran (more than once after a send-back); 0 on public pages
    times: int = 1  # runs counted for the budget: each run (after a send-back) has the step's budget again
    calendar_days: bool = False  # a 公示 period counted in calendar days (used days stay working days)
    post: str = ""  # the named position (职务) that does the step, if the step names one

    @property
    def over_budget(self) -> bool:
        return (self.used_days is not None and not self.special and not self.calendar_days
                and self.used_days > self.budget_days * self.times)

    @property
    def status_label(self) -> str:
        return {PENDING: _("待办理"), CURRENT: _("办理中"), DONE: _("已完成"), SKIPPED: _("未办理"),
                WAITING: _("待补正材料")}.get(self.status, "")

    @property
    def text(self) -> str:
        """The step in words, for the diagram's text alternative."""
        return self.describe(marked=False)

    def describe(self, *, marked: bool) -> str:
        """`marked`: as HTML, the department and post names marked as not to be translated."""
        name, plain = _marker(marked), _plain(marked)
        names = [name(n) for n in (self.department, self.post) if n]
        details = [days_label(self.budget_days, self.calendar_days)]
        if self.special:
            details.append(_("不计入法定时限"))
        if self.status:
            details.append(self.status_label)
        if self.used_days is not None and self.status != PENDING:
            details.append(_("已用 %(days)s") % {"days": days_label(self.used_days)})
        if self.over_budget:
            details.append(_("超出环节时限"))
        return _("%(label)s（%(details)s）") % {
            "label": plain(self.label), "details": _("，").join([*names, *map(plain, details)])}


@dataclass(frozen=True)
class Stage:
    """One column of the diagram: a step on its own, or a parallel group (one lane per department)."""

    number: int  # 1-based, as shown
    nodes: tuple[Node, ...]

    @property
    def parallel(self) -> bool:
        return self.nodes[0].step == t.JOINT_REVIEW

    @property
    def lanes(self) -> int:
        return len(self.nodes)

    @property
    def budget_days(self) -> int:
        """A parallel group takes as long as its longest lane."""
        return max(n.budget_days for n in self.nodes)

    @property
    def text(self) -> str:
        return self.describe(marked=False)

    def describe(self, *, marked: bool) -> str:
        if not self.parallel:
            return self.nodes[0].describe(marked=marked)
        name, plain = _marker(marked), _plain(marked)
        return _("%(label)s，由%(departments)s同时进行，全部完成后进入下一步（%(lanes)s）") % {
            "label": plain(self.nodes[0].label), "departments": _("、").join(name(n.department) for n in self.nodes),
            "lanes": _("；").join(n.describe(marked=marked) for n in self.nodes)}


@dataclass(frozen=True)
class Loop:
    """A send-back (退回): the file returned from one step to an earlier one, `count` times."""

    from_position: int
    to_position: int
    from_label: str
    to_label: str
    count: int


@dataclass(frozen=True)
class Diagram:
    stages: tuple[Stage, ...]
    counted_days: int  # what counts toward the promised limit (process_config.total_budget_days)
    loops: tuple[Loop, ...] = ()
    has_state: bool = False
    finished: bool = False

    @property
    def nodes(self) -> list[Node]:
        return [n for s in self.stages for n in s.nodes]

    @property
    def columns(self) -> int:
        return len(self.stages)

    @property
    def rows(self) -> int:
        return max((s.lanes for s in self.stages), default=0)

    @property
    def current(self) -> list[Node]:
        return [n for n in self.nodes if n.status in (CURRENT, WAITING)]

    @property
    def has_special(self) -> bool:
        return any(n.special for n in self.nodes)

    @property
    def summary(self) -> str:
        """The diagram in one paragraph: its text alternative."""
        return self.describe(marked=False)

    @property
    def summary_html(self) -> str:
        """The summary for a page: department names marked as not to be translated."""
        return mark_safe(self.describe(marked=True))  # noqa: S308 - every piece is escaped in describe()

    def describe(self, *, marked: bool) -> str:
        plain = _plain(marked)
        if not self.stages:
            return plain(_("尚未配置办理流程。"))
        sentences = [_("办理流程共 %(n)d 步：%(steps)s。") % {
            "n": self.columns, "steps": _("；").join(f"{s.number}. {s.describe(marked=marked)}" for s in self.stages)}]
        sentences.append(_("各环节时限合计 %(days)s（并行环节按最长计，特别程序不计入）。")
                         % {"days": plain(days_label(self.counted_days))})
        if self.current:
            sentences.append(_("当前环节：%(steps)s。") % {"steps": _("、").join(plain(n.label) for n in self.current)})
        elif self.finished:
            sentences.append(_("办理已结束。"))
        return "".join(sentences)


def _marker(marked: bool):
    """A name as it is (plain text), or as HTML marked translate="no"."""
    return (lambda value: format_html('<span translate="no">{}</span>', value)) if marked else str


def _plain(marked: bool):
    return escape if marked else str


def _department(spec: Mapping, departments: Mapping[int, str]) -> str:
    return str(spec.get("department") or departments.get(spec.get("department_id"), ""))


def layout(steps: list[dict], *, state: dict | None = None,
           departments: Mapping[int, str] | None = None) -> Diagram:
    """The diagram of `steps` (in position order), with a case's `state` laid over it when given.
    `departments` names the `department_id`s of steps that carry no `department` name."""
    departments = departments or {}
    types = [str(s.get("step", "")) for s in steps]
    overlay = _overlay(types, state) if state is not None else {}
    stages: list[Stage] = []
    at = 0
    while at < len(steps):
        end = t.joint_group_end(types, at) if types[at] == t.JOINT_REVIEW else at + 1
        nodes = []
        for lane, position in enumerate(range(at, end)):
            spec = steps[position]
            nodes.append(Node(position=position, step=types[position], label=_label(types[position]),
                              department=_department(spec, departments),
                              budget_days=int(spec.get("budget_days") or 0),
                              special=t.stops_case_clock(types[position]), lane=lane,
                              calendar_days=spec.get("day_kind") == t.CALENDAR_DAYS, post=spec.get("post") or "",
                              **overlay.get(position, {})))
        stages.append(Stage(number=len(stages) + 1, nodes=tuple(nodes)))
        at = end
    counted = total_budget_days(StepSpec(n.step, 0, "", n.budget_days) for s in stages for n in s.nodes)
    loops = _loops(types, state) if state is not None and not state.get("public") else ()
    return Diagram(stages=tuple(stages), counted_days=counted, loops=loops, has_state=state is not None,
                   finished=bool(state and state.get("finished")))


def _overlay(types: list[str], state: dict) -> dict[int, dict]:
    """Per position: status, used days and runs. A position's latest run decides, except that after
    a send-back the steps beyond the current one are to do again (a procedure already held is not)."""
    runs = [r for r in state.get("runs", ()) if 0 <= int(r.get("position", -1)) < len(types)]
    held = {int(p) for p in state.get("held", ())}
    public = bool(state.get("public"))
    latest: dict[int, str] = {}
    used: dict[int, int | None] = {}
    count: Counter[int] = Counter()
    for run in runs:
        position = int(run["position"])
        if run.get("status") != "canceled":
            latest[position] = run.get("status", "")
            count[position] += 1
        days = run.get("used_days")
        if days is not None:
            used[position] = (used.get(position) or 0) + int(days)
        else:
            used.setdefault(position, None)
    open_positions = [p for p, status in latest.items() if status == "open"]
    front = front_end = None
    if open_positions:
        front = min(open_positions)
        front_end = t.joint_group_end(types, front) if types[front] == t.JOINT_REVIEW else front + 1
    overlay = {}
    for position in range(len(types)):
        status = _status(position, latest.get(position), front=front, front_end=front_end,
                         held=position in held, finished=bool(state.get("finished")))
        if state.get("waiting") and position == 0 and not open_positions:
            status = WAITING
        days = used.get(position)
        if public and status == PENDING:
            days = None  # time spent before a send-back would show the deliberation
        overlay[position] = {"status": status, "used_days": days, "runs": 0 if public else count[position],
                             "times": max(1, count[position])}
    return overlay


def _status(position: int, latest: str | None, *, front, front_end, held: bool, finished: bool) -> str:
    if latest == "open":
        return CURRENT
    if front is not None and position >= front_end:
        return DONE if held else PENDING
    if latest == "done":
        return DONE
    if finished or (front is not None and position < front):
        return SKIPPED
    return PENDING


def _loops(types: list[str], state: dict) -> tuple[Loop, ...]:
    pairs = Counter((int(r["position"]), int(r["send_back_to"])) for r in state.get("runs", ())
                    if r.get("send_back_to") is not None and r.get("status") == "done"
                    and 0 <= int(r["send_back_to"]) < int(r["position"]) < len(types))
    return tuple(Loop(from_position=a, to_position=b, from_label=_label(types[a]), to_label=_label(types[b]),
                      count=n) for (a, b), n in sorted(pairs.items()))
