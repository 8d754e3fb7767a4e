"""A department head reassigns (转办) a claimed task with a reason; a member of staff names a
stand-in (代理人) who takes over their claimed tasks during the absence. The timeline names each
person with their title or role and for whom they acted; the tamper-evident log keeps it all."""

from datetime import date

import pytest
from django.test import Client

from backend.accounts.models import StandIn
from backend.accounts.services import stand_in_name
from backend.cases.models import CaseEvent
from backend.common.errors import Conflict, DomainError
from backend.supervision.models import LogEntry
from tests import factories
from tests.supervision.conftest import act, at, file_case, open_task
from workflows import selectors
from workflows import services as flow


@pytest.fixture
def reviewed(dept, staff):
    """A case at 审查, claimed by the reviewer; a second reviewer and a department head exist."""
    item = factories.item(dept, steps=["accept", "review", "decide"])
    case = file_case(item, staff, at(2026, 11, 2, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 11, 2, 10))
    task = open_task(case, "review")
    flow.task_claim(task_id=task.pk, actor=staff["reviewer"], now=at(2026, 11, 2, 11))
    colleague = factories.user("reviewer2", "reviewer", departments=[dept])
    colleague.first_name, colleague.last_name, colleague.title = "小红", "李", "审查科副科长"
    colleague.save()
    head = factories.user("head", "approver", departments=[dept])
    head.first_name, head.last_name, head.title = "建国", "王", "局长"
    head.save()
    dept.head = head
    dept.save()
    return case, task, colleague, head


def test_the_head_reassigns_a_claimed_task_with_a_reason(reviewed, staff):
    case, task, colleague, head = reviewed
    with pytest.raises(DomainError) as no_reason:
        flow.task_reassign(task_id=task.pk, actor=head, to_user_id=colleague.pk, reason=" ", now=at(2026, 11, 3))
    assert [e.field for e in no_reason.value.errors] == ["reason"]
    with pytest.raises(DomainError) as not_eligible:
        flow.task_reassign(task_id=task.pk, actor=head, to_user_id=staff["clerk"].pk, reason="休假",
                           now=at(2026, 11, 3))
    assert [e.field for e in not_eligible.value.errors] == ["to_user"]

    flow.task_reassign(task_id=task.pk, actor=head, to_user_id=colleague.pk, reason="原承办人休假",
                       now=at(2026, 11, 3, 9))
    task.refresh_from_db()
    assert task.owner == colleague
    event = CaseEvent.objects.get(case=case, kind="reassigned")
    assert event.actor == head and event.actor_title == "局长" and event.opinion == "原承办人休假"
    assert event.data["from"]["name"] == staff["reviewer"].get_full_name() and event.data["to"]["name"] == "李小红"
    log = LogEntry.objects.get(kind="task_reassigned")
    assert log.payload["from"] == "reviewer" and log.payload["to"] == "reviewer2"
    assert LogEntry.objects.filter(kind="case_reassigned", payload__actor_title="局长").exists()
    # The new holder does the step; the former one no longer can.
    with pytest.raises(Conflict):
        flow.task_complete(task_id=task.pk, actor=staff["reviewer"], decision="done", now=at(2026, 11, 3, 10))
    flow.task_complete(task_id=task.pk, actor=colleague, decision="done", opinion="符合条件", now=at(2026, 11, 3, 10))
    done = CaseEvent.objects.filter(case=case, step="review").exclude(kind__in=["claimed", "reassigned"]).get()
    assert done.actor == colleague and done.actor_title == "审查科副科长"


def test_only_the_head_of_the_tasks_department_may_reassign(reviewed, staff):
    case, task, colleague, head = reviewed
    for actor in (staff["approver"], colleague):
        with pytest.raises(DomainError) as forbidden:
            flow.task_reassign(task_id=task.pk, actor=actor, to_user_id=colleague.pk, reason="x", now=at(2026, 11, 3))
        assert forbidden.value.status == 403
    api = Client()
    api.force_login(staff["approver"])
    response = api.post(f"/api/v1/tasks/{task.pk}/reassign/", {"to_user": colleague.pk, "reason": "x"},
                        content_type="application/json")
    assert response.status_code == 403 and response.json()["errors"][0]["code"] == "forbidden"
    api.force_login(head)
    response = api.post(f"/api/v1/tasks/{task.pk}/reassign/", {"to_user": colleague.pk, "reason": "工作调整"},
                        content_type="application/json")
    assert response.status_code == 200 and response.json()["assignee"] == "reviewer2"


def test_the_head_reassigns_from_the_task_page(reviewed, staff):
    case, task, colleague, head = reviewed
    page = Client()
    page.force_login(head)
    inbox = page.get("/staff/tasks/").content.decode()
    assert "本部门在办任务" in inbox and case.number in inbox
    html = page.get(f"/staff/tasks/{task.pk}/").content.decode()
    assert "转交给" in html and "李小红（审查科副科长）" in html
    refused = page.post(f"/staff/tasks/{task.pk}/reassign/", {"to_user": colleague.pk, "reason": ""})
    assert refused.status_code == 400 and "转办必须说明理由。" in refused.content.decode()
    assert page.post(f"/staff/tasks/{task.pk}/reassign/", {"to_user": colleague.pk, "reason": "均衡工作量"}
                     ).status_code == 302
    timeline = page.get(f"/cases/{case.number}/").content.decode()
    assert "转办" in timeline and "→ <span translate=\"no\">李小红</span>" in timeline and (
        "王建国</span><span class=\"muted\">（<span translate=\"no\">局长</span>）</span>" in timeline)


def test_a_stand_in_takes_over_claimed_tasks_during_the_absence(reviewed, staff, time_machine):
    case, task, colleague, head = reviewed
    reviewer = staff["reviewer"]
    with pytest.raises(DomainError) as bad:
        stand_in_name(absent=reviewer, stand_in_id=staff["clerk"].pk, starts_on=date(2026, 11, 1),
                      ends_on=date(2026, 10, 30), reason="", now=at(2026, 11, 2, 12))
    assert {e.field for e in bad.value.errors} == {"starts_on", "ends_on", "reason"}
    stand_in_name(absent=reviewer, stand_in_id=colleague.pk, starts_on=date(2026, 11, 4), ends_on=date(2026, 11, 6),
                  reason="年休假", now=at(2026, 11, 2, 12))
    with pytest.raises(DomainError) as overlap:
        stand_in_name(absent=reviewer, stand_in_id=colleague.pk, starts_on=date(2026, 11, 5),
                      ends_on=date(2026, 11, 9), reason="出差", now=at(2026, 11, 2, 12))
    assert overlap.value.errors[0].code == "overlap"
    assert LogEntry.objects.filter(kind="stand_in_named", payload__stand_in="reviewer2").exists()

    time_machine.move_to(at(2026, 11, 3, 9))  # before the absence: the task is not the colleague's
    assert task.pk not in [t.pk for t in selectors.task_list_visible_to(user=colleague)]
    with pytest.raises(Conflict):
        flow.task_claim(task_id=task.pk, actor=colleague, now=at(2026, 11, 3, 9))

    time_machine.move_to(at(2026, 11, 4, 9))
    colleague = type(colleague).objects.get(pk=colleague.pk)  # a fresh request's user
    assert task.pk in [t.pk for t in selectors.task_list_visible_to(user=colleague)]
    page = Client()
    page.force_login(colleague)
    assert "代为签收" in page.get(f"/staff/tasks/{task.pk}/").content.decode()
    flow.task_claim(task_id=task.pk, actor=colleague, now=at(2026, 11, 4, 9))
    flow.task_complete(task_id=task.pk, actor=colleague, decision="done", opinion="同意", now=at(2026, 11, 4, 10))
    claimed = CaseEvent.objects.filter(case=case, kind="claimed", actor=colleague).get()
    assert claimed.data["on_behalf_of"]["name"] == reviewer.get_full_name()
    timeline = page.get(f"/cases/{case.number}/").content.decode()
    assert f"代 {reviewer.get_full_name()}" in timeline

    from backend.accounts.selectors import absent_ids_covered_by

    assert absent_ids_covered_by(user=colleague, on=date(2026, 11, 6)) == [reviewer.pk]
    assert absent_ids_covered_by(user=colleague, on=date(2026, 11, 7)) == []  # the absence is over


def test_staff_name_and_cancel_a_stand_in_on_their_page(reviewed, staff, time_machine):
    case, task, colleague, head = reviewed
    time_machine.move_to(at(2026, 11, 2, 12))
    page = Client()
    page.force_login(staff["reviewer"])
    html = page.get("/staff/stand-ins/").content.decode()
    assert "李小红（审查科副科长）" in html and "王建国" in html  # colleagues of the department
    refused = page.post("/staff/stand-ins/", {"stand_in": colleague.pk, "starts_on": "2026-11-05",
                                              "ends_on": "2026-11-04", "reason": "休假"})
    assert refused.status_code == 400 and "结束日期不能早于开始日期。" in refused.content.decode()
    assert StandIn.objects.count() == 0
    assert page.post("/staff/stand-ins/", {"stand_in": colleague.pk, "starts_on": "2026-11-05",
                                           "ends_on": "2026-11-06", "reason": "休假"}).status_code == 302
    record = StandIn.objects.get()
    assert page.post(f"/staff/stand-ins/{record.pk}/cancel/").status_code == 302
    record.refresh_from_db()
    assert record.cancelled_at is not None
    other = Client()
    other.force_login(colleague)
    assert other.post(f"/staff/stand-ins/{record.pk}/cancel/").status_code == 404
