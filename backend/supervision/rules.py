"""Warning rules (预警规则): which rules apply to a clock, and what they say about it.

A rule is scope (item, step, department, clock kind; empty = everywhere) × trigger × severity:

- `used_percent` p: fires once ceil(total × p / 100) working days of the budget are used
  (total = budget + extensions; suspended days do not count);
- `days_left` n: fires once at most n working days are left (used ≥ total − n);
- `overdue_days` n: fires once the deadline has passed by n working days (0: the deadline passed);
- `event`: fires on a case event (see EVENTS), not by the passing of time.

Severity `yellow` / `red` drive the clock's state (the worst fired rule wins); `reminder` leaves the
state alone and fires once per clock and rule (a card and a notification).

Scope precedence (decided here, documented in DESIGN notes): among the applicable rules of one
severity, only those with the most specific scope apply. Specificity ranks item (4) > step (2) >
department (1), summed, so "item X" beats "department D" and "item X + step review" beats both.
A specific rule set for a severity therefore *replaces* the general one (an item may relax its yellow
threshold), while rules of other severities keep their own precedence. Rules with the same top
specificity all apply: the earliest to fire wins.

The evaluation (`evaluate`) is pure: no database, no clock; the loader (`RuleSet.load`) reads the
enabled rules once per sweep batch.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _

from backend.accounts import roles
from backend.accounts.models import Department
from backend.cases.models import Case
from backend.catalog.models import ProcessStep, ServiceItem
from backend.common.errors import DomainError, FieldError, unknown_fields
from backend.common.snapshot import snapshot_value
from backend.workcalendar.calendar import CalendarNotCovered, WorkingCalendar, deadline_end, refresh_if_stale

from . import hashlog, ledger
from .models import Card, Clock, Severity, WarningRule

REMINDER, YELLOW, RED = "reminder", "yellow", "red"
SEVERITY_RANK = {ledger.GREEN: 0, YELLOW: 1, RED: 2}
TIME_TRIGGERS = ("used_percent", "days_left", "overdue_days")
EVENT = "event"

# Event codes an event rule may name: the case event kinds, and "<kind>_without_reason" for those
# recorded with an empty opinion (e.g. a refusal without reasons).
EVENTS = {
    "refused": _("不予受理"),
    "refused_without_reason": _("不予受理未说明理由"),
    "supplement_requested": _("一次性告知补正"),
    "denied": _("不予许可"),
    "denied_without_reason": _("不予许可未说明理由"),
    "suspended": _("暂停计时"),
    "extended": _("延期"),
}


@dataclass(frozen=True)
class RuleSpec:
    """A rule as plain values (saved, unsaved, or one of the built-in defaults)."""

    trigger: str
    severity: str
    value: int = 0
    event: str = ""
    item_id: int | None = None
    step: str = ""
    department_id: int | None = None
    clock_kind: str = ""
    id: int | None = None
    name: str = ""

    @property
    def specificity(self) -> int:
        return (4 if self.item_id else 0) + (2 if self.step else 0) + (1 if self.department_id else 0)

    def matches(self, scope: Scope) -> bool:
        return ((self.item_id is None or self.item_id == scope.item_id)
                and (not self.step or self.step == scope.step)
                and (self.department_id is None or self.department_id == scope.department_id)
                and (not self.clock_kind or self.clock_kind == scope.clock_kind))

    @classmethod
    def of(cls, rule) -> RuleSpec:
        return cls(trigger=rule.trigger, severity=rule.severity, value=rule.value, event=rule.event,
                   item_id=rule.item_id, step=rule.step, department_id=rule.department_id,
                   clock_kind=rule.clock_kind, id=rule.pk, name=rule.name)


@dataclass(frozen=True)
class Scope:
    item_id: int | None
    step: str
    department_id: int | None
    clock_kind: str


# Today's behaviour, also seeded as rows by migration 0004 (so `migrate` alone gives it).
DEFAULT_RULES: tuple[RuleSpec, ...] = (
    RuleSpec("used_percent", YELLOW, 80, name="预警：已用承诺时限的80%"),
    RuleSpec("days_left", YELLOW, 1, name="预警：剩余不超过1个工作日"),
    RuleSpec("overdue_days", RED, 0, name="超时：已过承诺期限"),
)


def applicable(rules: Iterable[RuleSpec], scope: Scope) -> list[RuleSpec]:
    """The time rules that apply to a clock of `scope`: for each severity, the most specific."""
    best: dict[str, int] = {}
    matching = [r for r in rules if r.trigger in TIME_TRIGGERS and r.matches(scope)]
    for r in matching:
        best[r.severity] = max(best.get(r.severity, -1), r.specificity)
    return [r for r in matching if r.specificity == best[r.severity]]


def fire_moment(rule: RuleSpec, p: ledger.Projection, *, now: datetime,
                calendar: WorkingCalendar) -> datetime | None:
    """When `rule` fires for projection `p` if time just passes; None if it has fired by `now`."""
    if rule.trigger == "overdue_days":
        day = p.deadline if rule.value == 0 else calendar.add_working_days(p.deadline, rule.value)
        end = deadline_end(day)
        return None if now > end else end + timedelta(seconds=1)
    if rule.trigger == "used_percent":
        threshold = math.ceil(p.total * rule.value / 100)
    else:  # days_left
        threshold = p.total - rule.value
    threshold = max(0, threshold)
    if p.used >= threshold:
        return None
    # The threshold-th used working day begins at 00:00 of that day; with no open suspension the
    # days still to use lie after today.
    return ledger.day_start(calendar.add_working_days(ledger.local_date(now), threshold - p.used))


@dataclass(frozen=True)
class Evaluation:
    state: str
    next_change_at: datetime | None
    state_rule: RuleSpec | None = None  # the rule that put the clock in `state` (yellow/red)
    reminders: tuple[RuleSpec, ...] = ()  # reminder rules that fire now (not fired before)


def evaluate(p: ledger.Projection, *, now: datetime, calendar: WorkingCalendar, rules: Sequence[RuleSpec],
             reminded: frozenset = frozenset(), completed: bool = False) -> Evaluation:
    """The state at `now` under `rules` (already filtered by `applicable`), the reminders due now,
    and the earliest future moment when the state changes or a reminder fires (None: never, by
    the passing of time alone). `reminded`: ids of reminder rules that already fired."""
    if completed:
        return Evaluation(ledger.COMPLETED, None)
    if p.open_suspension:
        # Time stands still; only an overdue case stays red (a suspension never hides that).
        state, state_rule = _state_only(p, now=now, calendar=calendar, rules=rules)
        return Evaluation(state if state == RED else ledger.SUSPENDED, None, state_rule if state == RED else None)
    state, state_rule, due_reminders, pending = ledger.GREEN, None, [], []
    for rule in rules:
        moment = fire_moment(rule, p, now=now, calendar=calendar)
        if rule.severity == REMINDER:
            if rule.id is not None and rule.id in reminded:
                continue
            if moment is None:
                due_reminders.append(rule)
            else:
                pending.append((moment, rule))
        elif moment is None:
            if SEVERITY_RANK[rule.severity] > SEVERITY_RANK[state]:
                state, state_rule = rule.severity, rule
        else:
            pending.append((moment, rule))
    if p.overdue_before_suspension is not None and state != RED:
        state, state_rule = RED, next((r for r in rules if r.severity == RED), None)
    rank = SEVERITY_RANK[state]
    moments = [m for m, r in pending if r.severity == REMINDER or SEVERITY_RANK[r.severity] > rank]
    return Evaluation(state, min(moments) if moments else None, state_rule, tuple(due_reminders))


def _state_only(p: ledger.Projection, *, now: datetime, calendar: WorkingCalendar,
                rules: Sequence[RuleSpec]) -> tuple[str, RuleSpec | None]:
    """The worst state the rules give at `now` (no reminders, no next moment): for a suspended clock."""
    if p.overdue_before_suspension is not None:
        return RED, next((r for r in rules if r.severity == RED), None)
    state, state_rule = ledger.GREEN, None
    for rule in rules:
        if rule.severity != REMINDER and fire_moment(rule, p, now=now, calendar=calendar) is None:
            if SEVERITY_RANK[rule.severity] > SEVERITY_RANK[state]:
                state, state_rule = rule.severity, rule
    return state, state_rule


# -- loading --------------------------------------------------------------------------------------
@dataclass
class RuleSet:
    """The enabled rules, loaded once (per sweep batch); `for_scope` is cached per scope."""

    rules: tuple[RuleSpec, ...]
    _cache: dict = field(default_factory=dict)

    @classmethod
    def load(cls) -> RuleSet:
        """The enabled rules as they are in the database now (one plain query; see `_enabled_rows`).
        The built RuleSet is cached per process and reused while the rows read back are identical;
        inside a `config_snapshot()` the rows are read once for the whole block."""
        return snapshot_value("warning_rules", cls._load)

    @classmethod
    def _load(cls) -> RuleSet:
        global _cached
        rows = _enabled_rows()
        cached = _cached
        if cached is not None and cached[0] == rows:
            return cached[1]
        ruleset = cls(tuple(_spec_of_row(row) for row in rows))
        _cached = (rows, ruleset)
        return ruleset

    def with_candidate(self, candidate: RuleSpec) -> RuleSet:
        """This set with `candidate` enabled (replacing its saved version when it has an id)."""
        others = tuple(r for r in self.rules if candidate.id is None or r.id != candidate.id)
        return RuleSet(others + (candidate,))

    @property
    def needs_item(self) -> bool:
        return any(r.item_id for r in self.rules)

    @property
    def has_reminders(self) -> bool:
        return any(r.severity == REMINDER for r in self.rules)

    def for_scope(self, scope: Scope) -> list[RuleSpec]:
        if scope not in self._cache:
            self._cache[scope] = applicable(self.rules, scope)
        return self._cache[scope]

    def for_event(self, code: str, scope: Scope) -> list[RuleSpec]:
        """Every enabled event rule naming `code` whose scope covers the case."""
        return [r for r in self.rules if r.trigger == EVENT and r.event == code
                and (r.item_id is None or r.item_id == scope.item_id)
                and (r.department_id is None or r.department_id == scope.department_id)
                and (not r.step or r.step == scope.step)]


# The enabled rules are read on every clock opening and rule-bearing case event. The cache key is
# the rows themselves (a handful, fetched with plain SQL, no model instances): a change made by any
# means — the API, the admin, a queryset update, another process, a rolled-back test — is seen by
# the next load, with no invalidation to forget. Only building the RuleSpecs is saved.
_ROW_FIELDS = ("trigger", "severity", "value", "event", "item_id", "step", "department_id", "clock_kind", "id",
               "name")
_cached: tuple[tuple, RuleSet] | None = None


def _enabled_rows() -> tuple:
    qn, meta = connection.ops.quote_name, WarningRule._meta
    columns = ", ".join(qn(meta.get_field(f).column) for f in _ROW_FIELDS)
    enabled, pk = qn(meta.get_field("enabled").column), qn(meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {qn(meta.db_table)} WHERE {enabled} ORDER BY {pk}")  # noqa: S608
        return tuple(tuple(row) for row in cursor.fetchall())


def _spec_of_row(row: tuple) -> RuleSpec:
    return RuleSpec(**dict(zip(_ROW_FIELDS, row, strict=True)))


def rules_for_event(code: str) -> bool:
    """Whether an event rule may name `code` at all (rule_clean admits only EVENTS): the case events
    of an ordinary lifecycle (filed, claimed, accepted, …) then need no rule lookup."""
    return code in EVENTS


@dataclass
class RuleContext:
    """What the rules need about a batch of clocks, loaded once: the enabled rules, the cases'
    items (only if a rule is scoped by item) and the reminders already fired (only if any exist)."""

    ruleset: RuleSet
    items: dict = field(default_factory=dict)
    reminded: dict = field(default_factory=dict)

    @classmethod
    def load(cls, clocks: list, ruleset: RuleSet | None = None) -> RuleContext:
        ctx = cls(ruleset or RuleSet.load())
        if ctx.ruleset.needs_item:
            ctx.items = dict(Case.objects.filter(pk__in={c.case_id for c in clocks}).values_list("pk", "item_id"))
        if ctx.ruleset.has_reminders:
            # An annulled reminder did not fire (a calendar change undid it): it may fire again.
            for clock_id, rule_id in Card.objects.filter(clock__in=[c.pk for c in clocks], severity=REMINDER,
                                                         annulled_at__isnull=True).values_list("clock_id", "rule_id"):
                ctx.reminded.setdefault(clock_id, set()).add(rule_id)
        return ctx

    def scope(self, clock) -> Scope:
        return Scope(self.items.get(clock.case_id), clock.step, clock.department_id, clock.kind)

    def rules_for(self, clock) -> list[RuleSpec]:
        return self.ruleset.for_scope(self.scope(clock))


# -- administering rules (writes), dry run and card reads -----------------------------------------
FIELDS = ("name", "item", "step", "department", "clock_kind", "trigger", "value", "event", "severity", "enabled")
MAX_VALUE = {"used_percent": 100, "days_left": 365, "overdue_days": 365, EVENT: 0}


def can_edit(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.has_role(roles.ADMIN)))


def _forbid_unless(allowed: bool, message) -> None:
    if not allowed:
        raise DomainError.single(None, "forbidden", message, status=403)


def rule_clean(data: dict, *, rule=None) -> dict:
    """Validate a rule definition (all fields, or a change of `rule`); returns model field values.
    Every problem is reported at once as a field error (400)."""
    if not isinstance(data, dict):
        raise DomainError.single(None, "invalid", _("请求体应为 JSON 对象。"))
    current = {f: getattr(rule, f) for f in FIELDS} if rule is not None else {
        "name": "", "item": None, "step": "", "department": None, "clock_kind": "", "trigger": "", "value": 0,
        "event": "", "severity": "", "enabled": False}
    errors: list[FieldError] = []
    out = dict(current)
    errors.extend(unknown_fields(data, [*FIELDS, "id"]))

    def text(key: str, limit: int) -> None:
        if key in data:
            value = data[key]
            if value is None:
                value = ""
            if not isinstance(value, str):
                errors.append(FieldError(key, "invalid", _("应为字符串。")))
            elif len(value.strip()) > limit:
                errors.append(FieldError(key, "too_long", _("不能超过 %(n)s 个字符。") % {"n": limit}))
            else:
                out[key] = value.strip()

    text("name", 100)
    text("step", 20)
    text("clock_kind", 10)
    text("trigger", 16)
    text("event", 40)
    text("severity", 10)
    if "item" in data:
        code = data["item"]
        if code in (None, ""):
            out["item"] = None
        else:
            out["item"] = ServiceItem.objects.filter(code=str(code)).first()
            if out["item"] is None:
                errors.append(FieldError("item", "not_found", _("事项编码不存在。")))
    if "department" in data:
        code = data["department"]
        if code in (None, ""):
            out["department"] = None
        else:
            out["department"] = Department.objects.filter(code=str(code)).first()
            if out["department"] is None:
                errors.append(FieldError("department", "not_found", _("部门代码不存在。")))
    if "value" in data:
        value = data["value"]
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            errors.append(FieldError("value", "invalid", _("阈值应为非负整数。")))
        else:
            out["value"] = value
    if "enabled" in data:
        if not isinstance(data["enabled"], bool):
            errors.append(FieldError("enabled", "invalid", _("应为 true 或 false。")))
        else:
            out["enabled"] = data["enabled"]
    if not out["name"]:
        errors.append(FieldError("name", "required", _("请填写规则名称。")))
    if out["trigger"] not in WarningRule.Trigger.values:
        errors.append(FieldError("trigger", "invalid",
                                 _("触发条件应为 used_percent、days_left、overdue_days 或 event。")))
    if out["severity"] not in Severity.values:
        errors.append(FieldError("severity", "invalid", _("级别应为 reminder、yellow 或 red。")))
    if out["step"] and out["step"] not in ProcessStep.Step.values:
        errors.append(FieldError("step", "invalid", _("环节代码不存在。")))
    if out["clock_kind"] and out["clock_kind"] not in Clock.Kind.values:
        errors.append(FieldError("clock_kind", "invalid", _("计时器类型应为 promised、statutory 或 step。")))
    if out["trigger"] == EVENT:
        if out["event"] not in EVENTS:
            errors.append(FieldError("event", "invalid", _("请选择事件：%(codes)s。") % {"codes": "、".join(EVENTS)}))
        out["value"] = 0
    elif out["trigger"] in MAX_VALUE:
        if out["event"]:
            errors.append(FieldError("event", "not_allowed", _("只有事件类规则可以指定事件。")))
        if isinstance(out["value"], int) and out["value"] > MAX_VALUE[out["trigger"]]:
            errors.append(FieldError("value", "out_of_range",
                                     _("阈值不能超过 %(n)s。") % {"n": MAX_VALUE[out["trigger"]]}))
    if errors:
        raise DomainError(errors)
    return out


def spec_from(values: dict, *, id: int | None = None) -> RuleSpec:
    item, department = values.get("item"), values.get("department")
    return RuleSpec(trigger=values["trigger"], severity=values["severity"], value=values["value"],
                    event=values["event"], item_id=item.pk if item else None, step=values["step"],
                    department_id=department.pk if department else None, clock_kind=values["clock_kind"],
                    id=id, name=values["name"])


def _log_rule(rule, *, action: str, actor, now) -> None:
    hashlog.append("warning_rule_" + action, {
        "rule": rule.pk, "name": rule.name, "item": rule.item_id, "step": rule.step, "department": rule.department_id,
        "clock_kind": rule.clock_kind, "trigger": rule.trigger, "value": rule.value, "event": rule.event,
        "severity": rule.severity, "enabled": rule.enabled, "actor": actor.username}, now=now)


def rule_create(*, data: dict, actor, now):
    """A new rule (disabled unless `enabled` is given); administrators only; logged."""
    _forbid_unless(can_edit(actor), _("只有管理员可以修改预警规则。"))
    values = rule_clean(data)
    with transaction.atomic():
        rule = WarningRule.objects.create(**values, created_at=now, updated_at=now)
        rule_saved(rule, before=None, actor=actor, now=now)
    return rule


def rule_update(*, rule, data: dict, actor, now):
    """Change a rule (e.g. switch it on after a dry run); open clocks are re-derived by the next
    sweep so the change takes effect at once; logged."""
    _forbid_unless(can_edit(actor), _("只有管理员可以修改预警规则。"))
    values = rule_clean(data, rule=rule)
    before, was_enabled = RuleSpec.of(rule), rule.enabled
    with transaction.atomic():
        for key, value in values.items():
            setattr(rule, key, value)
        rule.updated_at = now
        rule.save()
        rule_saved(rule, before=before, was_enabled=was_enabled, actor=actor, now=now)
    return rule


def rule_saved(rule, *, before: RuleSpec | None, was_enabled: bool = False, actor, now: datetime) -> None:
    """After any save (API or admin; `before`: the saved version, None for a new rule): log it, and
    make the running clocks in its scope (old, if it was enabled, and new, if it is) due, so the next
    sweep re-derives them under the new rules: a change takes effect within a minute."""
    _log_rule(rule, action="created" if before is None else "updated", actor=actor, now=now)
    for spec in (before if was_enabled else None, RuleSpec.of(rule) if rule.enabled else None):
        if spec is not None and spec.trigger != EVENT:
            clocks_in_scope(spec).exclude(next_change_at__lte=now).update(next_change_at=now)


def clocks_in_scope(spec: RuleSpec):
    """Running clocks (open, not suspended) a time rule of this scope could apply to."""
    qs = Clock.objects.filter(completed_at__isnull=True).exclude(state=ledger.SUSPENDED)
    if spec.item_id:
        qs = qs.filter(case__item_id=spec.item_id)
    if spec.step:
        qs = qs.filter(step=spec.step)
    if spec.department_id:
        qs = qs.filter(department_id=spec.department_id)
    if spec.clock_kind:
        qs = qs.filter(kind=spec.clock_kind)
    return qs


def rule_list_visible_to(*, user):
    from . import selectors
    _forbid_unless(selectors.can_supervise(user), _("只有监察人员和管理员可以查看预警规则。"))
    return WarningRule.objects.select_related("item", "department").order_by("pk")


def rule_dry_run(*, spec: RuleSpec, now: datetime, limit: int = 200) -> dict:
    """What enabling `spec` (saved or not, enabled or not) would change at `now`: every open,
    running clock in its scope evaluated under the enabled rules with `spec` added (or replacing
    its saved version). A change is a different state from the stored one, or a reminder of `spec`
    that would fire. Event rules fire on events, not time: nothing to evaluate. Writes nothing."""
    from .derivation import clock_projection

    result = {"evaluated": 0, "changes": [], "counts": {}, "truncated": False}
    if spec.trigger == EVENT:
        return result
    ruleset = RuleSet.load().with_candidate(spec)
    calendar = refresh_if_stale()
    qs = clocks_in_scope(spec).select_related("case", "department").order_by("pk")
    last = 0
    while True:
        chunk = list(qs.filter(pk__gt=last)[:1000])
        if not chunk:
            return result
        last = chunk[-1].pk
        prefetch_related_objects(chunk, "entries")
        ctx = RuleContext.load(chunk, ruleset)
        for clock in chunk:
            result["evaluated"] += 1
            try:
                p = clock_projection(clock, calendar=calendar, today=ledger.local_date(now))
            except CalendarNotCovered:
                continue
            e = evaluate(p, now=now, calendar=calendar, rules=ctx.rules_for(clock),
                         reminded=frozenset(ctx.reminded.get(clock.pk, ())))
            reminder = spec in e.reminders
            if e.state == clock.state and not reminder:
                continue
            key = "reminder" if e.state == clock.state else e.state
            result["counts"][key] = result["counts"].get(key, 0) + 1
            if len(result["changes"]) >= limit:
                result["truncated"] = True
                continue
            result["changes"].append({
                "clock": clock.pk, "case": clock.case.number, "kind": clock.kind, "step": clock.step,
                "department": clock.department.name if clock.department else None, "state": clock.state,
                "new_state": e.state, "reminder": reminder, "caused_by_rule": reminder or e.state_rule == spec,
                "deadline": p.deadline, "used_working_days": p.used, "remaining_working_days": p.remaining,
            })


def card_list_visible_to(*, user, state: str | None = None, department: str | None = None, since=None):
    """Cards for supervisors and administrators: filter by the state a card moved to (or
    `reminder`), the responsible department's code, and a start moment."""
    from . import selectors
    selectors.clock_list_visible_to(user=user)  # the permission check (403)
    qs = Card.objects.select_related("case__item", "clock", "department", "rule", "responsible")
    if state:
        if state == REMINDER:
            qs = qs.filter(severity=REMINDER)
        elif state in Clock.State.values:
            qs = qs.filter(to_state=state).exclude(severity=REMINDER)
        else:
            raise DomainError.single("state", "invalid",
                                     _("状态应为 green、yellow、red、suspended、completed 或 reminder。"))
    if department:
        qs = qs.filter(department__code=department)
    if since is not None:
        qs = qs.filter(at__gte=since)
    return qs.order_by("-at", "-id")
