"""The rules table through the API: administrators edit, supervisors read, anyone authorised dry-runs."""

from backend.supervision import services
from backend.supervision.models import Card, Clock, LogEntry, WarningRule
from tests import factories

from .conftest import at

RULES = "/api/v1/supervision/rules/"
DRY_RUN = "/api/v1/supervision/rules/dry-run/"


def _admin():
    return factories.user("admin", "admin")


def test_migrate_seeds_todays_defaults(db):
    from backend.supervision import rules

    rows = WarningRule.objects.filter(enabled=True, item=None, department=None, step="").order_by("id")
    assert [(r.trigger, r.value, r.severity) for r in rows] == [
        ("used_percent", 80, "yellow"), ("days_left", 1, "yellow"), ("overdue_days", 0, "red")]
    assert [(r.name, r.trigger, r.value, r.severity) for r in rows] == [
        (d.name, d.trigger, d.value, d.severity) for d in rules.DEFAULT_RULES]


def test_supervisors_read_and_only_administrators_write(staff, api):
    listed = api(staff["supervisor"]).get(RULES)
    assert listed.status_code == 200 and len(listed.json()) == 3
    body = {"name": "提醒", "trigger": "used_percent", "value": 50, "severity": "reminder"}
    refused = api(staff["supervisor"]).post(RULES, body, format="json")
    assert refused.status_code == 403 and refused.json()["errors"][0]["code"] == "forbidden"
    for who in ("reviewer", "applicant"):
        assert api(staff[who]).get(RULES).status_code == 403
    created = api(_admin()).post(RULES, body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["enabled"] is False and created.json()["item"] is None
    assert LogEntry.objects.filter(kind="warning_rule_created", payload__rule=created.json()["id"]).exists()


def test_bad_definitions_are_field_errors(staff, api, item):
    client = api(_admin())
    cases = [
        ({"name": "x", "trigger": "soon", "severity": "yellow"}, "trigger"),
        ({"name": "x", "trigger": "used_percent", "value": 150, "severity": "yellow"}, "value"),
        ({"name": "x", "trigger": "used_percent", "value": "eighty", "severity": "yellow"}, "value"),
        ({"name": "x", "trigger": "days_left", "value": 1, "severity": "orange"}, "severity"),
        ({"name": "x", "trigger": "event", "event": "lunch", "severity": "red"}, "event"),
        ({"name": "x", "trigger": "days_left", "value": 1, "severity": "red", "item": "NOPE"}, "item"),
        ({"name": "x", "trigger": "days_left", "value": 1, "severity": "red", "step": "nap"}, "step"),
        ({"name": "", "trigger": "days_left", "value": 1, "severity": "red"}, "name"),
        ({"name": "x", "trigger": "days_left", "value": 1, "severity": "red", "colour": "blue"}, "colour"),
    ]
    for body, field in cases:
        response = client.post(RULES, body, format="json")
        assert response.status_code == 400, body
        assert field in [e["field"] for e in response.json()["errors"]], (body, response.json())
    assert WarningRule.objects.count() == 3


def test_dry_run_an_unsaved_rule_then_switch_it_on(accepted_case, staff, api, item):
    services.clocks_sweep(now=at(2026, 10, 8, 1))  # all green before the new rule
    body = {"name": "本事项：已用一半即预警", "item": item.code, "clock_kind": "promised", "trigger": "used_percent",
            "value": 30, "severity": "yellow"}
    client = api(_admin())
    result = client.post(DRY_RUN, {**body, "at": "2026-10-08T09:00:00+08:00"}, format="json").json()
    assert result["evaluated"] == 1 and result["counts"] == {"yellow": 1}
    assert result["changes"][0]["case"] == accepted_case.number
    assert client.post(DRY_RUN, {**body, "at": "soon"}, format="json").json()["errors"][0]["field"] == "at"
    assert WarningRule.objects.count() == 3  # nothing saved
    created = client.post(RULES, body, format="json").json()
    by_id = client.post(DRY_RUN, {"id": created["id"], "at": "2026-10-08T09:00:00+08:00"}, format="json")
    assert by_id.status_code == 200 and by_id.json()["counts"] == {"yellow": 1}
    stricter = client.post(DRY_RUN, {"id": created["id"], "value": 90, "at": "2026-10-08T09:00:00+08:00"},
                           format="json")
    assert stricter.json()["counts"] == {}
    assert api(staff["supervisor"]).post(DRY_RUN, {"id": created["id"]}, format="json").status_code == 200
    assert api(staff["reviewer"]).post(DRY_RUN, body, format="json").status_code == 403
    assert client.post(DRY_RUN, {"id": 9999}, format="json").json()["errors"][0]["field"] == "id"

    switched = client.patch(f"{RULES}{created['id']}/", {"enabled": True}, format="json")
    assert switched.status_code == 200 and switched.json()["enabled"] is True


def test_switching_a_rule_on_makes_the_clocks_in_its_scope_due(accepted_case, item):
    from backend.supervision import rules

    services.clocks_sweep(now=at(2026, 10, 8, 1))
    rule = rules.rule_create(data={"name": "本事项", "item": item.code, "clock_kind": "promised",
                                   "trigger": "used_percent", "value": 30, "severity": "yellow"},
                             actor=_admin(), now=at(2026, 10, 8, 2))
    before = dict(Clock.objects.values_list("pk", "next_change_at"))
    rules.rule_update(rule=rule, data={"enabled": True}, actor=rule_admin(), now=at(2026, 10, 8, 3))
    moved = {c.kind: c.next_change_at for c in Clock.objects.all() if c.next_change_at != before[c.pk]}
    assert moved == {"promised": at(2026, 10, 8, 3)}
    services.clocks_sweep(now=at(2026, 10, 8, 3))
    card = Card.objects.get(clock__case=accepted_case, clock__kind="promised")
    assert (card.to_state, card.rule_id) == ("yellow", rule.pk)


def rule_admin():
    from backend.accounts.models import User

    return User.objects.get(username="admin")


def test_dry_run_says_what_would_turn_yellow_today(accepted_case, staff):
    from backend.supervision import rules

    services.clocks_sweep(now=at(2026, 10, 8, 1))
    spec = rules.RuleSpec("used_percent", "yellow", 30, item_id=accepted_case.item_id, clock_kind="promised")
    result = rules.rule_dry_run(spec=spec, now=at(2026, 10, 8, 1))
    assert result["counts"] == {"yellow": 1}
    change = result["changes"][0]
    assert (change["state"], change["new_state"], change["caused_by_rule"]) == ("green", "yellow", True)
    assert (change["used_working_days"], change["remaining_working_days"]) == (3, 7)
    reminder = rules.RuleSpec("days_left", "reminder", 8)
    assert rules.rule_dry_run(spec=reminder, now=at(2026, 10, 8, 1))["counts"] == {"reminder": 2}
    assert not Clock.objects.filter(state="yellow", kind="promised").exists()  # a dry run writes nothing


def test_patch_and_detail(staff, api):
    rule = WarningRule.objects.get(trigger="used_percent")
    client = api(_admin())
    changed = client.patch(f"{RULES}{rule.pk}/", {"value": 90}, format="json")
    assert changed.status_code == 200 and changed.json()["value"] == 90
    bad = client.patch(f"{RULES}{rule.pk}/", {"value": -1}, format="json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "value"
    assert api(staff["supervisor"]).get(f"{RULES}{rule.pk}/").json()["value"] == 90
    assert api(staff["supervisor"]).patch(f"{RULES}{rule.pk}/", {"value": 70}, format="json").status_code == 403
    assert client.get(f"{RULES}9999/").status_code == 404
