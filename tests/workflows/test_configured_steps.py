"""An item's process is composed from step types in any number and order — sign-off levels,
special procedures, the decision, delivery — and one generic flow walks it: each level sends the
file on or back (with a reason, the clock running on), a hearing stops the case clock for its
duration, a refusal gets no certificate but is still delivered."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from backend.cases.models import Case, CaseEvent
from backend.catalog.models import ProcessStep
from backend.common.errors import DomainError
from backend.supervision.models import Clock, Notification
from tests import factories
from tests.supervision.conftest import act, at, file_case, open_task
from workflows import services as flow

FOUR_LEVELS = ["accept", "handle", "check", "hearing", "authorize", "sign", "decide", "deliver"]


def done_steps(case):
    return list(CaseEvent.objects.filter(case=case).exclude(kind__in=["filed", "claimed"]).order_by("created_at", "id")
                .values_list("step", "kind"))


def promised(case):
    return Clock.objects.get(case=case, kind="promised")


@pytest.fixture
def four_levels(dept):
    return factories.item(dept, steps=FOUR_LEVELS, promised=10, statutory=20)


def test_four_levels_a_send_back_and_a_hearing(four_levels, staff):
    case = file_case(four_levels, staff, at(2026, 11, 2, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 11, 2, 10))
    assert promised(case).promised_deadline == date(2026, 11, 16)
    act(case, staff["reviewer"], "handle", "recommend_approve", at(2026, 11, 3), opinion="拟同意")
    act(case, staff["reviewer"], "check", "recommend_approve", at(2026, 11, 4), opinion="同意")
    hearing = open_task(case, "hearing")
    assert hearing.data["role"] == "reviewer" and hearing.data["position"] == 3
    assert promised(case).state == "suspended"
    act(case, staff["reviewer"], "hearing", "done", at(2026, 11, 11), opinion="听证会已举行")
    # Five working days (4–10 November) stood still: the deadline moves by as many.
    assert promised(case).projected_deadline == date(2026, 11, 23)
    with pytest.raises(DomainError) as refused:
        act(case, staff["approver"], "authorize", "send_back", at(2026, 11, 12))
    assert refused.value.errors[0].field == "opinion"
    task = open_task(case, "authorize")
    flow.task_complete(task_id=task.pk, actor=staff["approver"], decision="send_back", send_back_to=2,
                       opinion="请补充现场照片", now=at(2026, 11, 12, 11))
    assert open_task(case, "check").data["position"] == 2  # back to 审核, not to the hearing
    act(case, staff["reviewer"], "check", "recommend_approve", at(2026, 11, 13), opinion="已补充")
    act(case, staff["approver"], "authorize", "done", at(2026, 11, 16), opinion="同意")  # the hearing is not held again
    act(case, staff["approver"], "sign", "done", at(2026, 11, 16, 11))
    act(case, staff["approver"], "decide", "approve", at(2026, 11, 17), opinion="准予许可")
    assert Case.objects.get(pk=case.pk).status == Case.Status.IN_PROGRESS  # delivery still to come
    act(case, staff["clerk"], "deliver", "done", at(2026, 11, 18), opinion="窗口领取",
        step_input={"delivery_method": "window", "delivered_on": "2026-11-18", "recipient": "张小明",
                    "proof": SimpleUploadedFile("送达回证.pdf", factories.PDF)})
    case.refresh_from_db()
    assert case.status == Case.Status.COMPLETED and case.decision == Case.Decision.APPROVED
    assert done_steps(case) == [
        ("accept", "accepted"), ("handle", "recommended_approval"), ("check", "recommended_approval"),
        ("hearing", "step_done"), ("authorize", "sent_back"), ("check", "recommended_approval"),
        ("authorize", "agreed"), ("sign", "agreed"),
        ("decide", "approved"), ("deliver", "step_done"), ("complete", "completed"),
    ]
    page = Client()
    page.force_login(staff["approver"])
    html = page.get(f"/cases/{case.number}/").content.decode()
    assert "退回至“审核”" in html and "请补充现场照片" in html
    back = CaseEvent.objects.get(case=case, kind="sent_back")
    assert back.opinion == "请补充现场照片" and back.data == {"position": 4, "to_position": 2, "to_step": "check"}
    told = {n.kind: n.body for n in Notification.objects.filter(case=case, for_applicant=True)}
    assert "听证（预计 1 个工作日，不计入办理时限）" in told["suspended"] and "第四十五条" in told["suspended"]
    assert "2026-11-23" in told["resumed"]


def test_a_send_back_goes_only_to_an_earlier_step(four_levels, staff):
    case = file_case(four_levels, staff, at(2026, 11, 2, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 11, 2, 10))
    task = open_task(case, "handle")
    # Nothing before 承办 but acceptance, so no send-back; 承办 recommends.
    assert flow.allowed_decisions(task=task, case=case) == ["recommend_approve", "recommend_deny"]
    act(case, staff["reviewer"], "handle", "recommend_approve", at(2026, 11, 3))
    task = open_task(case, "check")
    flow.task_claim(task_id=task.pk, actor=staff["reviewer"], now=at(2026, 11, 4))
    with pytest.raises(DomainError) as refused:
        flow.task_complete(task_id=task.pk, actor=staff["reviewer"], decision="send_back", send_back_to=5,
                           opinion="x", now=at(2026, 11, 4))
    assert refused.value.errors[0].field == "send_back_to"


def test_a_refusal_gets_no_certificate_but_is_delivered(dept, staff):
    item = factories.item(dept, steps=["accept", "check", "decide", "certify", "deliver"])
    case = file_case(item, staff, at(2026, 11, 2, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 11, 2, 10))
    act(case, staff["reviewer"], "check", "recommend_approve", at(2026, 11, 3))
    act(case, staff["approver"], "decide", "deny", at(2026, 11, 4), opinion="不符合法定条件")
    assert not open_steps(case, "certify")
    act(case, staff["clerk"], "deliver", "done", at(2026, 11, 5), opinion="邮寄送达",
        step_input={"delivery_method": "post", "delivered_on": "2026-11-05", "recipient": "张小明",
                    "tracking_number": "1151234567890", "proof": SimpleUploadedFile("回执.pdf", factories.PDF)})
    case.refresh_from_db()
    assert case.status == Case.Status.COMPLETED and case.decision == Case.Decision.DENIED


def test_a_joint_review_group_in_the_middle_joins_before_the_next_level(dept, staff):
    from backend.accounts.models import Department

    others = [Department.objects.create(code=f"J{n}", name=f"联审部门{n}") for n in range(2)]
    reviewers = [factories.user(f"jr{n}", "reviewer", departments=[d]) for n, d in enumerate(others)]
    item = factories.item(dept, kind="joint", steps=["accept", "handle", "decide"])
    item.steps.filter(step="decide").update(position=4)
    for n, other in enumerate(others):  # accept, handle, the group of two, decide
        ProcessStep.objects.create(item=item, position=2 + n, step="joint_review", department=other,
                                   role="reviewer", budget_days=2)
    factories.publish(item)
    case = file_case(item, staff, at(2026, 11, 2, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 11, 2, 10))
    act(case, staff["reviewer"], "handle", "recommend_approve", at(2026, 11, 3))
    assert len(open_steps(case, "joint_review")) == 2
    for n, reviewer in enumerate(reviewers):
        assert not open_steps(case, "decide")  # the join waits for every department
        task = next(t for t in open_steps(case, "joint_review") if t.data["department_id"] == others[n].pk)
        flow.task_claim(task_id=task.pk, actor=reviewer, now=at(2026, 11, 4))
        flow.task_complete(task_id=task.pk, actor=reviewer, decision="done", now=at(2026, 11, 4, 11))
    act(case, staff["approver"], "decide", "approve", at(2026, 11, 5))
    case.refresh_from_db()
    assert case.status == Case.Status.COMPLETED


def open_steps(case, step):
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    return [t for t in Task.objects.filter(process_id=case.process_id, status__in=[STATUS.NEW, STATUS.ASSIGNED])
            if (t.data or {}).get("step") == step]


def test_a_decision_against_the_recommendation_needs_a_written_reason(dept, staff, api):
    item = factories.item(dept, steps=["accept", "handle", "check", "decide"])
    case = file_case(item, staff, at(2026, 11, 2, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 11, 2, 10))
    with pytest.raises(DomainError) as refused:
        act(case, staff["reviewer"], "handle", "recommend_deny", at(2026, 11, 3))
    assert refused.value.errors[0].field == "opinion"
    task = open_task(case, "handle")
    flow.task_complete(task_id=task.pk, actor=staff["reviewer"], decision="recommend_deny",
                       opinion="场地与规划条件不符", now=at(2026, 11, 3, 11))
    act(case, staff["reviewer"], "check", "recommend_approve", at(2026, 11, 4), opinion="核实后场地符合条件")
    decide = open_task(case, "decide")
    schema = next(t for t in api(staff["approver"]).get("/api/v1/tasks/").json()["results"]
                  if t["id"] == decide.pk)["input_schema"]
    overruled = [c["if"]["properties"]["decision"]["enum"] for c in schema["allOf"]
                 if "enum" in c["if"]["properties"]["decision"]]
    assert overruled == [["deny", "send_back"]]  # the latest recommendation is 建议准予: a denial overrules it
    flow.task_claim(task_id=decide.pk, actor=staff["approver"], now=at(2026, 11, 5))
    flow.task_complete(task_id=decide.pk, actor=staff["approver"], decision="approve", now=at(2026, 11, 5, 11))
    assert Case.objects.get(pk=case.pk).decision == Case.Decision.APPROVED
    events = list(CaseEvent.objects.filter(case=case, step__in=["handle", "check"]).exclude(kind="claimed")
                  .order_by("created_at", "id").values_list("kind", flat=True))
    assert events == ["recommended_denial", "recommended_approval"]


def test_overruling_the_latest_recommendation_is_refused_without_reasons(dept, staff):
    item = factories.item(dept, steps=["accept", "handle", "decide"])
    case = file_case(item, staff, at(2026, 11, 2, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 11, 2, 10))
    act(case, staff["reviewer"], "handle", "recommend_deny", at(2026, 11, 3), opinion="不符合条件")
    decide = open_task(case, "decide")
    flow.task_claim(task_id=decide.pk, actor=staff["approver"], now=at(2026, 11, 4))
    with pytest.raises(DomainError) as refused:
        flow.task_complete(task_id=decide.pk, actor=staff["approver"], decision="approve", now=at(2026, 11, 4, 11))
    assert refused.value.errors[0].field == "opinion" and "建议不一致" in refused.value.errors[0].message
    flow.task_complete(task_id=decide.pk, actor=staff["approver"], decision="approve",
                       opinion="经复核，申请人已补足条件", now=at(2026, 11, 4, 12))
    assert Case.objects.get(pk=case.pk).decision == Case.Decision.APPROVED


def test_a_refusal_completes_when_only_a_certificate_was_left(dept, staff):
    item = factories.item(dept, steps=["accept", "check", "decide", "certify"])
    case = file_case(item, staff, at(2026, 11, 2, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 11, 2, 10))
    act(case, staff["reviewer"], "check", "recommend_deny", at(2026, 11, 3), opinion="不符合条件")
    act(case, staff["approver"], "decide", "deny", at(2026, 11, 4), opinion="不符合法定条件")
    case.refresh_from_db()
    assert case.status == Case.Status.COMPLETED and not open_steps(case, "certify")
    assert not Clock.objects.filter(case=case, completed_at__isnull=True).exists()


def test_an_officer_cannot_restart_the_clock_during_a_hearing(four_levels, staff):
    from backend.common.errors import Conflict
    from backend.supervision import services as supervision

    case = file_case(four_levels, staff, at(2026, 11, 2, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 11, 2, 10))
    act(case, staff["reviewer"], "handle", "recommend_approve", at(2026, 11, 3))
    act(case, staff["reviewer"], "check", "recommend_approve", at(2026, 11, 4))
    with pytest.raises(Conflict) as refused:
        supervision.clock_resume(case=case, actor=staff["reviewer"], now=at(2026, 11, 5))
    assert "程序结束时自动恢复计时" in refused.value.errors[0].message
    assert promised(case).state == "suspended"


def test_the_tracking_page_keeps_the_deliberation_internal(four_levels, staff):
    case = file_case(four_levels, staff, at(2026, 11, 2, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 11, 2, 10))
    act(case, staff["reviewer"], "handle", "recommend_deny", at(2026, 11, 3), opinion="拟不予许可")
    html = Client().get("/track/", {"number": case.number, "query_code": case.query_code}).content.decode()
    timeline = html.split("办理过程", 1)[1]  # the case was found: its timeline is on the page
    assert "10:00 受理" in " ".join(re.sub(r"<[^>]+>", " ", timeline).split())
    assert "建议不予" not in html and "拟不予许可" not in html


def test_a_send_back_target_is_refused_with_another_decision(four_levels, staff):
    case = file_case(four_levels, staff, at(2026, 11, 2, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 11, 2, 10))
    act(case, staff["reviewer"], "handle", "recommend_approve", at(2026, 11, 3), opinion="拟同意")
    with pytest.raises(DomainError) as refused:
        act(case, staff["reviewer"], "check", "recommend_approve", at(2026, 11, 4), send_back_to=1)
    assert (refused.value.errors[0].field, refused.value.errors[0].code) == ("send_back_to", "not_applicable")


def test_the_hearing_holder_adds_the_hearing_record(four_levels, staff):
    from workflows.selectors import holds_material_step

    case = file_case(four_levels, staff, at(2026, 11, 2, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 11, 2, 10))
    act(case, staff["reviewer"], "handle", "recommend_approve", at(2026, 11, 3), opinion="拟同意")
    act(case, staff["reviewer"], "check", "recommend_approve", at(2026, 11, 4), opinion="同意")
    hearing = open_task(case, "hearing")
    assert not holds_material_step(case, staff["reviewer"])
    flow.task_claim(task_id=hearing.pk, actor=staff["reviewer"], now=at(2026, 11, 5))
    assert holds_material_step(case, staff["reviewer"])


def test_an_event_rule_on_suspensions_fires_when_a_hearing_stops_the_clock(four_levels, staff):
    from backend.supervision.models import Card, WarningRule

    rule = WarningRule.objects.create(name="暂停计时提醒", trigger="event", event="suspended", severity="reminder",
                                      enabled=True, created_at=at(2026, 11, 1), updated_at=at(2026, 11, 1))
    case = file_case(four_levels, staff, at(2026, 11, 2, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 11, 2, 10))
    act(case, staff["reviewer"], "handle", "recommend_approve", at(2026, 11, 3), opinion="拟同意")
    assert not Card.objects.filter(rule=rule).exists()
    act(case, staff["reviewer"], "check", "recommend_approve", at(2026, 11, 4), opinion="同意")  # the hearing opens
    card = Card.objects.get(rule=rule)
    assert card.case == case and card.step == "hearing" and card.responsible is None
