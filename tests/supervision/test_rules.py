"""The rules table, evaluated purely: defaults equal the old fixed thresholds, the most specific scope
wins per severity, reminders fire once, and next_change_at is the earliest moment any rule fires."""

from datetime import date

import pytest

from backend.supervision import ledger, rules
from backend.supervision.rules import RuleSpec, Scope
from backend.workcalendar.calendar import WorkingCalendar
from backend.workcalendar.seed import chinesecalendar_days

from .conftest import at

PROMISED = Scope(item_id=7, step="", department_id=3, clock_kind="promised")


@pytest.fixture(scope="module")
def cal():
    return WorkingCalendar(range(2004, 2027), {d: kind for d, kind, _ in chinesecalendar_days()})


def evaluate(cal, now, rule_list, budget=10, **kw):
    p = ledger.project(budget_days=budget, start=date(2026, 9, 28), calendar=cal, today=ledger.local_date(now))
    return rules.evaluate(p, now=now, calendar=cal, rules=rule_list, **kw)


def test_defaults_reproduce_eighty_percent_or_one_day_left_then_red(cal):
    defaults = list(rules.DEFAULT_RULES)
    green = evaluate(cal, at(2026, 10, 13, 23, 59), defaults)
    assert (green.state, green.next_change_at) == ("green", at(2026, 10, 14, 0, 0))
    yellow = evaluate(cal, at(2026, 10, 14), defaults)
    assert (yellow.state, yellow.next_change_at) == ("yellow", at(2026, 10, 17, 0, 0))
    assert yellow.state_rule.trigger == "used_percent"
    assert evaluate(cal, at(2026, 10, 17), defaults).state == "red"


def test_a_two_day_budget_turns_yellow_by_the_days_left_rule(cal):
    # 80 % of 2 is 2 days, but "≤ 1 day left" fires after the first working day.
    e = evaluate(cal, at(2026, 9, 28, 12), list(rules.DEFAULT_RULES), budget=2)
    assert e.state == "green" and e.next_change_at == at(2026, 9, 29, 0, 0)
    assert evaluate(cal, at(2026, 9, 29, 0, 0), list(rules.DEFAULT_RULES), budget=2).state_rule.trigger == "days_left"


def test_an_item_rule_replaces_the_general_rules_of_its_severity_only():
    general = [RuleSpec("used_percent", "yellow", 80, id=1), RuleSpec("days_left", "yellow", 1, id=2),
               RuleSpec("overdue_days", "red", 0, id=3)]
    item = RuleSpec("used_percent", "yellow", 50, item_id=7, id=4)
    other_item = RuleSpec("used_percent", "yellow", 10, item_id=8, id=5)
    applied = rules.applicable(general + [item, other_item], PROMISED)
    assert {r.id for r in applied} == {3, 4}
    dept_step = RuleSpec("days_left", "yellow", 3, step="review", department_id=3, id=6)
    review = Scope(item_id=7, step="review", department_id=3, clock_kind="step")
    assert {r.id for r in rules.applicable(general + [item, dept_step], review)} == {3, 4}  # item (4) > step+dept (3)
    kind_only = RuleSpec("overdue_days", "red", 2, clock_kind="statutory", id=7)
    assert {r.id for r in rules.applicable(general + [kind_only], PROMISED)} == {1, 2, 3}


def test_overdue_by_n_working_days_turns_red_later(cal):
    late = [RuleSpec("used_percent", "yellow", 80), RuleSpec("overdue_days", "red", 2)]
    e = evaluate(cal, at(2026, 10, 17), late)  # deadline 10-16 (Fri) passed, 2 working days grace
    assert e.state == "yellow" and e.next_change_at == at(2026, 10, 21, 0, 0)
    assert evaluate(cal, at(2026, 10, 21), late).state == "red"


def test_a_reminder_fires_once_and_leaves_the_state_green(cal):
    reminder = RuleSpec("used_percent", "reminder", 50, id=9)
    rule_list = [reminder, RuleSpec("overdue_days", "red", 0, id=3)]
    before = evaluate(cal, at(2026, 10, 8, 12), rule_list)
    assert before.reminders == () and before.next_change_at == at(2026, 10, 10, 0, 0)  # 5th day: 调休 Saturday
    due = evaluate(cal, at(2026, 10, 10, 1), rule_list)
    assert due.state == "green" and due.reminders == (reminder,)
    assert due.next_change_at == at(2026, 10, 17, 0, 0)
    done = evaluate(cal, at(2026, 10, 10, 1), rule_list, reminded=frozenset({9}))
    assert done.reminders == () and done.next_change_at == at(2026, 10, 17, 0, 0)


def test_no_rules_means_never_a_warning(cal):
    e = evaluate(cal, at(2026, 10, 20), [])
    assert (e.state, e.next_change_at) == ("green", None)


def test_suspended_and_completed_clocks_are_not_evaluated(cal):
    p = ledger.project(budget_days=10, start=date(2026, 9, 28), calendar=cal, today=date(2026, 10, 12),
                       suspensions=[ledger.Suspension(date(2026, 10, 9), None)])
    assert rules.evaluate(p, now=at(2026, 10, 12), calendar=cal, rules=rules.DEFAULT_RULES).state == "suspended"
    assert ledger.warning_state(p, now=at(2026, 10, 12), calendar=cal, completed=True) == ("completed", None)
