"""Deriving a clock from its ledger and writing what changed: the compare-and-set update, a card per
state change or reminder, their notifications and log entries. Services and the sweep call this;
it never calls them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import prefetch_related_objects

from backend.workcalendar.calendar import CalendarNotCovered, WorkingCalendar, deadline_end, refresh_if_stale

from . import hashlog, ledger, notifications, rules
from .models import Card, Clock, ClockEntry, bulk_insert

RETRY_BROKEN_AFTER = timedelta(days=1)


def clock_projection(clock: Clock, *, calendar: WorkingCalendar, today, entries=None) -> ledger.Projection:
    """The clock's ledger as pure values; uses `entries` when given, else prefetched `entries` when
    present."""
    suspensions, extensions = [], []
    for e in clock.entries.all() if entries is None else entries:
        if e.kind == ClockEntry.Kind.SUSPENSION:
            suspensions.append(ledger.Suspension(e.start_date, e.end_date, e.reason))
        else:
            extensions.append(ledger.Extension(e.days, e.reason, e.start_date))
    return ledger.project(budget_days=clock.budget_days, start=clock.start_date, suspensions=suspensions,
                          extensions=extensions, calendar=calendar, today=today)


@dataclass(frozen=True)
class Derived:
    state: str
    next_change_at: datetime | None
    projected_deadline: object
    statutory_breach: bool
    state_rule: rules.RuleSpec | None = None
    reminders: tuple = ()
    provisional: bool = False


def _derive(clock: Clock, *, calendar: WorkingCalendar, now: datetime, ctx: rules.RuleContext | None = None) -> Derived:
    ctx = ctx or rules.RuleContext.load([clock])
    projection = clock_projection(clock, calendar=calendar, today=ledger.local_date(now))
    evaluation = rules.evaluate(projection, now=now, calendar=calendar, rules=ctx.rules_for(clock),
                                reminded=frozenset(ctx.reminded.get(clock.pk, ())),
                                completed=clock.completed_at is not None)
    next_change = evaluation.next_change_at
    if next_change is not None and next_change <= now:  # never re-select a row within one sweep
        next_change = now + timedelta(minutes=1)
    breach = clock.kind == Clock.Kind.STATUTORY and now > deadline_end(projection.deadline)
    breach = breach or clock.statutory_breach  # a breach once recorded stands, whatever follows
    state, state_rule = evaluation.state, evaluation.state_rule
    if state == ledger.SUSPENDED and breach:
        # Integrity: a clock in statutory breach stays red while suspended, as one overdue when time
        # stopped does (rules.evaluate, from the ledger, so a calendar import that undoes the overdue
        # undoes this too); `is_suspended` (selectors) says that it is also suspended.
        state = ledger.RED
    return Derived(state, next_change, projection.deadline, breach, state_rule, evaluation.reminders,
                   projection.provisional)


def _clock_ref(clock: Clock) -> dict:
    return {"clock": clock.pk, "case": clock.case_id, "kind": clock.kind, "step": clock.step}


def _cas_update(pairs: list[tuple[Clock, Derived]]) -> set[int]:
    """UPDATE … WHERE state = old for every pair; returns the ids actually updated. One statement on
    PostgreSQL (UPDATE … FROM (VALUES …) RETURNING), one per row elsewhere."""
    if not pairs:
        return set()
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Clock._meta.db_table)
        values = ", ".join(["(%s::bigint, %s, %s, %s::timestamptz, %s::date, %s::boolean, %s::boolean)"]
                           * len(pairs))
        params: list = []
        for clock, d in pairs:
            params += [clock.pk, clock.state, d.state, d.next_change_at, d.projected_deadline, d.statutory_breach,
                       d.provisional]
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} AS c SET state = v.new_state, next_change_at = v.nca, "  # noqa: S608
                f"projected_deadline = v.pd, statutory_breach = v.sb, deadline_provisional = v.dp "
                f"FROM (VALUES {values}) AS v(id, old_state, new_state, nca, pd, sb, dp) "
                f"WHERE c.id = v.id AND c.state = v.old_state RETURNING c.id",
                params,
            )
            return {row[0] for row in cursor.fetchall()}
    updated = set()
    for clock, d in pairs:
        if Clock.objects.filter(pk=clock.pk, state=clock.state).update(
            state=d.state, next_change_at=d.next_change_at, projected_deadline=d.projected_deadline,
            statutory_breach=d.statutory_breach, deadline_provisional=d.provisional,
        ):
            updated.add(clock.pk)
    return updated


def _card(clock: Clock, *, now: datetime, from_state: str, to_state: str, severity: str = "",
          rule: rules.RuleSpec | None = None) -> Card:
    return Card(clock=clock, case_id=clock.case_id, step=clock.step, from_state=from_state, to_state=to_state,
                severity=severity, rule_id=rule.id if rule else None, at=now, department_id=clock.department_id)


def _apply(pairs: list[tuple[Clock, Derived]], *, now: datetime, cards: list, logs: list) -> int:
    """Compare-and-set the derived figures (a row another sweeper or service already moved is left
    alone); each state change and each reminder that fires leaves a Card (logged and notified by
    _flush). Returns the number of state changes."""
    updated = _cas_update(pairs)
    changed = 0
    for clock, derived in pairs:
        if clock.pk not in updated:
            continue
        old, was_breach = clock.state, clock.statutory_breach
        if clock.projected_deadline != derived.projected_deadline and clock.projected_deadline is not None:
            logs.append(("clock_reprojected", {**_clock_ref(clock), "from": clock.projected_deadline,
                                               "to": derived.projected_deadline}))
        clock.state, clock.next_change_at = derived.state, derived.next_change_at
        clock.projected_deadline, clock.statutory_breach = derived.projected_deadline, derived.statutory_breach
        clock.deadline_provisional = derived.provisional
        if old != derived.state:
            changed += 1
            warning = derived.state in (ledger.YELLOW, ledger.RED)
            cards.append(_card(clock, now=now, from_state=old, to_state=derived.state,
                               severity=derived.state if warning else "",
                               rule=derived.state_rule if warning else None))
        for reminder in derived.reminders:
            cards.append(_card(clock, now=now, from_state=derived.state, to_state=derived.state,
                               severity=rules.REMINDER, rule=reminder))
        if derived.statutory_breach and not was_breach:
            logs.append(("statutory_breach", {**_clock_ref(clock), "deadline": derived.projected_deadline}))
    return changed


def _flush(cards: list[Card], logs: list, *, now: datetime, clocks: list[Clock], ctx: rules.RuleContext) -> None:
    """Save the cards with their responsible person, log them, notify, and append the log."""
    if cards:
        by_id = {c.pk: c for c in clocks}
        tasks = notifications.step_tasks(by_id[c.clock_id].task_id for c in cards)
        role_of = {}
        for card in cards:
            clock = by_id[card.clock_id]
            owner, role = tasks.get(clock.task_id, (None, ""))
            card.responsible_id, role_of[clock.pk] = owner, role
        bulk_insert(cards)
        rule_names = {r.id: r.name for r in ctx.ruleset.rules if r.id is not None}
        notified = notifications.notify_cards(cards, clocks=by_id, roles_by_clock=role_of, rule_names=rule_names,
                                              now=now)
        for card in cards:
            logs.append(("card", {**_clock_ref(by_id[card.clock_id]), "card": card.pk, "from": card.from_state,
                                  "to": card.to_state, "severity": card.severity, "rule": card.rule_id,
                                  "at": now, "department": card.department_id, "responsible": card.responsible_id,
                                  "deadline": by_id[card.clock_id].projected_deadline,
                                  "notified": notified.get(card.pk, [])}))
    hashlog.append_many(logs, now=now)


def _rederive_all(clocks: list[Clock], *, now: datetime, logs: list) -> None:
    calendar = refresh_if_stale()
    cards: list[Card] = []
    prefetch_related_objects(clocks, "entries")
    ctx = rules.RuleContext.load(clocks)
    pairs = []
    for clock in clocks:
        try:
            pairs.append((clock, _derive(clock, calendar=calendar, now=now, ctx=ctx)))
        except CalendarNotCovered as exc:  # the ledger entry stands; the sweep retries once data exists
            Clock.objects.filter(pk=clock.pk).update(next_change_at=now + RETRY_BROKEN_AFTER)
            logs.append(("calendar_alarm", {**_clock_ref(clock), "error": str(exc)}))
    _apply(pairs, now=now, cards=cards, logs=logs)
    _flush(cards, logs, now=now, clocks=clocks, ctx=ctx)
