"""The sweep follows the rules table in the database: switch rules off, scope them, fire them on events."""

from backend.cases.models import CaseEvent
from backend.supervision import services
from backend.supervision.models import Card, Clock, Notification, WarningRule

from .conftest import at


def _rule(**fields):
    fields.setdefault("enabled", True)
    return WarningRule.objects.create(created_at=at(2026, 9, 1), updated_at=at(2026, 9, 1), **fields)


def test_without_yellow_rules_a_clock_goes_from_green_straight_to_red(accepted_case):
    WarningRule.objects.filter(severity="yellow").update(enabled=False)
    services.clocks_reproject_open(now=at(2026, 9, 28, 11))
    services.clocks_sweep(now=at(2026, 9, 28, 11))
    promised = Clock.objects.get(case=accepted_case, kind="promised")
    assert promised.state == "green" and promised.next_change_at == at(2026, 10, 17, 0, 0)
    services.clocks_sweep(now=at(2026, 10, 17, 0, 0))
    assert list(Card.objects.filter(clock=promised).values_list("from_state", "to_state")) == [("green", "red")]


def test_an_item_rule_relaxes_the_default_for_that_item_only(accepted_case, item, dept, staff):
    from tests import factories

    from .conftest import act, file_case

    relaxed = _rule(name="本事项：已用95%才预警", item=item, trigger="used_percent", value=95, severity="yellow")
    other_item = factories.item(dept, promised=10, statutory=20)
    other = file_case(other_item, staff, at(2026, 9, 25, 9))
    act(other, staff["clerk"], "accept", "accept", at(2026, 9, 28, 10))
    services.clocks_sweep(now=at(2026, 10, 14, 1))  # 8 of 10 days used
    assert Clock.objects.get(case=accepted_case, kind="promised").state == "green"
    assert Clock.objects.get(case=other, kind="promised").state == "yellow"
    services.clocks_sweep(now=at(2026, 10, 16, 1))  # 10th day: the item rule fires
    card = Card.objects.get(clock__case=accepted_case, clock__kind="promised")
    assert card.rule == relaxed and card.to_state == "yellow"


def test_a_refusal_without_reason_is_an_event_card_for_the_department(item, staff, head):
    from .conftest import file_case

    rule = _rule(name="不予受理未说明理由", trigger="event", event="refused_without_reason", severity="red")
    case = file_case(item, staff, at(2026, 9, 28, 9))
    event = CaseEvent.objects.create(case=case, kind="refused", step="accept", actor=staff["clerk"], opinion="",
                                     created_at=at(2026, 9, 28, 10))
    cards = services.rules_on_case_event(case=case, event=event, now=at(2026, 9, 28, 10))
    assert [(c.rule, c.severity, c.responsible, c.clock) for c in cards] == [(rule, "red", staff["clerk"], None)]
    notes = Notification.objects.filter(card=cards[0])
    assert {n.recipient.username for n in notes} == {"clerk", "head"}
    assert notes.get(recipient=head).title == f"【红牌超时】办件 {case.number} 不予受理未说明理由"
    reasoned = CaseEvent.objects.create(case=case, kind="refused", step="accept", actor=staff["clerk"],
                                        opinion="不属于本部门职权范围", created_at=at(2026, 9, 28, 10))
    assert services.rules_on_case_event(case=case, event=reasoned, now=at(2026, 9, 28, 10)) == []


def test_an_extension_event_rule_reminds_the_head(accepted_case, staff, head):
    _rule(name="延期提醒", trigger="event", event="extended", severity="reminder")
    services.clock_extend(case=accepted_case, days=5, reason="情况复杂", approver=staff["approver"],
                          actor=staff["approver"], now=at(2026, 10, 12))
    card = Card.objects.get(severity="reminder", rule__event="extended")
    assert card.responsible == staff["approver"] and card.clock.kind == "promised"
    assert card.from_state == card.to_state == "green"
    assert Notification.objects.filter(card=card, recipient=head).exists()


def test_admin_dry_run_action_reports_without_writing(accepted_case, staff, admin_client):
    services.clocks_sweep(now=at(2026, 10, 8, 1))
    rule = _rule(name="试运行", trigger="used_percent", value=1, severity="yellow", enabled=False)
    response = admin_client.post("/admin/supervision/warningrule/", {
        "action": "dry_run", "_selected_action": [rule.pk]}, follow=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert "试运行：评估" in text
    assert not Clock.objects.filter(state="yellow", kind="promised").exists()


def test_admin_form_validates_and_logs_a_new_rule(db, admin_client):
    from backend.supervision.models import LogEntry

    url = "/admin/supervision/warningrule/add/"
    assert admin_client.get(url).status_code == 200
    form = {"name": "事件规则缺事件", "step": "", "clock_kind": "", "trigger": "event", "value": 0, "event": "",
            "severity": "red"}
    bad = admin_client.post(url, form)
    assert bad.status_code == 200 and "请选择事件" in bad.content.decode()
    ok = admin_client.post(url, {**form, "event": "refused_without_reason", "enabled": "on"})
    assert ok.status_code == 302
    rule = WarningRule.objects.get(name="事件规则缺事件")
    assert rule.enabled and LogEntry.objects.filter(kind="warning_rule_created", payload__rule=rule.pk).exists()
