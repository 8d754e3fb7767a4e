"""Event rules (预警规则 of trigger `event`): a case event such as a refusal without reasons leaves a
card on the case, notifies the department and is logged. Events never change clock states: those
follow time (services.py, the sweep)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from backend.cases.models import Case

from . import hashlog, notifications, rules
from .models import Card, Clock


def rules_on_case_event(*, case: Case, event, now: datetime) -> list[Card]:
    """The event rules a case event triggers: its kind, and "<kind>_without_reason" when it was
    recorded with an empty opinion (e.g. a refusal without reasons). Called by the receivers.
    Codes no rule can name (filed, claimed, accepted, …: see rules.EVENTS) cost nothing; otherwise
    the enabled rules are loaded once for both codes."""
    codes = [event.kind]
    if not (event.opinion or "").strip():
        codes.append(f"{event.kind}_without_reason")
    codes = [code for code in codes if rules.rules_for_event(code)]
    if not codes:
        return []
    ruleset = rules.RuleSet.load()
    cards: list[Card] = []
    for code in codes:
        cards += rules_event_fire(case=case, code=code, now=now, actor=event.actor, step=event.step, ruleset=ruleset)
    return cards


def rules_event_fire(*, case: Case, code: str, now: datetime, actor=None, step: str = "",
                     ruleset: rules.RuleSet | None = None) -> list[Card]:
    """Every enabled event rule for `code` covering the case leaves a card (on the promised clock,
    when there is one; its state is left alone) with the acting user as the responsible person, and
    notifies the department. Events do not change clock states: those follow time. The writes run
    in a transaction (a savepoint when nested) only when a rule matches."""
    department_id = case.item.department_id
    matching = (ruleset or rules.RuleSet.load()).for_event(code, rules.Scope(case.item_id, step, department_id, ""))
    if not matching:
        return []
    with transaction.atomic():
        return _event_cards(case=case, code=code, now=now, actor=actor, step=step, matching=matching,
                            department_id=department_id)


def _event_cards(*, case: Case, code: str, now: datetime, actor, step: str, matching: list, department_id) -> list:
    head = hashlog.lock_head()
    clock = Clock.objects.filter(case=case, kind=Clock.Kind.PROMISED).first()
    state = clock.state if clock else ""
    responsible = actor.pk if actor is not None and actor.is_authenticated else None
    cards = [Card(clock=clock, case=case, step=step, from_state=state, to_state=state, severity=r.severity,
                  rule_id=r.id, at=now, department_id=department_id, responsible_id=responsible) for r in matching]
    Card.objects.bulk_create(cards)
    label = rules.EVENTS.get(code, code)  # rendered in zh-hans by notifications
    notified = notifications.notify_cards(cards, clocks={clock.pk: clock} if clock else {}, roles_by_clock={},
                                          rule_names={r.id: r.name for r in matching}, now=now,
                                          events={c.pk: label for c in cards})
    logs: list = [("card", {"card": c.pk, "case": case.pk, "clock": c.clock_id, "event": code, "step": step,
                            "severity": c.severity, "rule": c.rule_id, "at": now, "department": department_id,
                            "responsible": responsible, "notified": notified.get(c.pk, [])}) for c in cards]
    hashlog.append_many(logs, now=now, head=head)
    return cards
