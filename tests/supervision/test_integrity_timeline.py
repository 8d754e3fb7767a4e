"""Clock actions (suspend, resume, extend) and calendar re-projections appear on the case timeline
staff see, merged with the case events in time order; the applicant's page keeps its own."""

from datetime import date

import time_machine
from django.test import Client

from backend.supervision import actions
from backend.supervision.models import Clock, DeadlineChange
from backend.supervision.selectors import case_supervision_timeline

from .conftest import at

SHAPE = {"at", "kind", "label", "actor", "detail"}


def page(user, case, moment):
    client = Client()
    client.force_login(user)
    with time_machine.travel(moment, tick=False):
        return client.get(f"/cases/{case.number}/").content.decode()


def drive(case, staff):
    with time_machine.travel(at(2026, 10, 12, 9), tick=False):
        actions.case_clock_suspend(case=case, procedure="expert_review", detail="水资源论证", expected_days=5,
                                   actor=staff["reviewer"], now=at(2026, 10, 12, 9))
    with time_machine.travel(at(2026, 10, 15, 14), tick=False):
        actions.case_clock_resume(case=case, actor=staff["reviewer"], now=at(2026, 10, 15, 14))
    with time_machine.travel(at(2026, 10, 16, 11), tick=False):
        actions.case_clock_extend(case=case, days=5, reason="情况复杂", actor=staff["approver"],
                                  now=at(2026, 10, 16, 11))
    clock = Clock.objects.get(case=case, kind="promised")
    DeadlineChange.objects.create(clock=clock, case=case, before=date(2026, 10, 28), after=date(2026, 10, 29),
                                  calendar_version=7, calendar_source="县政府通知", at=at(2026, 10, 20, 8))


def test_the_selector_gives_one_row_per_action_in_time_order(accepted_case, staff):
    drive(accepted_case, staff)
    rows = case_supervision_timeline(accepted_case)
    assert all(set(r) == SHAPE for r in rows)
    assert [r["kind"] for r in rows] == ["clock_suspended", "clock_resumed", "clock_extended",
                                         "deadline_reprojected"]
    suspended, resumed, extended, moved = rows
    assert suspended["actor"] == staff["reviewer"] and "《中华人民共和国行政许可法》第四十五条" in suspended["detail"]
    assert "预计 5 个工作日" in suspended["detail"]
    assert resumed["at"] == at(2026, 10, 15, 14) and resumed["actor"] == staff["reviewer"]
    assert extended["label"] == "延期 5 个工作日" and extended["actor"] == staff["approver"]
    assert moved["actor"] is None and "2026-10-28 → 2026-10-29" in moved["detail"]


def test_staff_see_them_on_the_case_page_between_the_case_events(accepted_case, staff):
    drive(accepted_case, staff)
    html = page(staff["reviewer"], accepted_case, at(2026, 10, 21, 9))
    timeline = html.split('id="case-timeline"')[1]
    kinds = [k for k in ("clock_suspended", "clock_resumed", "clock_extended", "deadline_reprojected")
             if f'data-kind="{k}"' in timeline]
    assert kinds == ["clock_suspended", "clock_resumed", "clock_extended", "deadline_reprojected"]
    positions = [timeline.index(f'data-kind="{k}"') for k in kinds]
    assert positions == sorted(positions)
    assert timeline.index("受理") < positions[0]  # acceptance (a case event) came first
    assert "专家评审：水资源论证" in timeline and "延期 5 个工作日" in timeline
    supervisor_view = page(staff["supervisor"], accepted_case, at(2026, 10, 21, 9))
    assert 'data-kind="clock_suspended"' in supervisor_view


def test_the_applicant_page_has_no_staff_rows(accepted_case, staff):
    accepted_case.applicant_user = staff["applicant"]
    accepted_case.save(update_fields=["applicant_user"])
    drive(accepted_case, staff)
    assert "timeline-supervision" not in page(staff["applicant"], accepted_case, at(2026, 10, 21, 9))


def test_supervision_orders_join_the_staff_timeline_in_time_order(accepted_case, staff):
    from backend.supervision import orders_services

    drive(accepted_case, staff)
    order = orders_services.order_issue(actor=staff["supervisor"], case=accepted_case.number, problem="审查超期",
                                        requirement="说明原因并办结", days=3, now=at(2026, 10, 20, 10))
    orders_services.order_reply(order_id=order.pk, actor=staff["reviewer"], text="已办结", now=at(2026, 10, 21, 10))
    rows = case_supervision_timeline(accepted_case)
    assert all(set(r) == SHAPE for r in rows)
    assert [r["kind"] for r in rows][-3:] == ["deadline_reprojected", "order_issued", "order_replied"]
    assert rows[-2]["actor"] == staff["supervisor"] and rows[-1]["actor"] == staff["reviewer"]
    html = page(staff["reviewer"], accepted_case, at(2026, 10, 21, 11)).split('id="case-timeline"')[1]
    assert html.index('data-kind="deadline_reprojected"') < html.index('data-kind="order_issued"') \
        < html.index('data-kind="order_replied"')
    assert "已办结" in html
