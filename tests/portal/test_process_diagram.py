"""The process is visible: the guide page draws the item's process, the case page draws the case's
with its current position and the working days each step used, and the public tracking page shows
the same positions and time without the deliberation (send-backs, opinions)."""

import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backend.accounts.models import Department
from backend.cases.models import Case
from backend.catalog.models import ProcessStep
from backend.portal.selectors import case_process_diagram
from tests import factories
from tests.supervision.conftest import act, at, file_case, open_task
from workflows import services as flow

LEVELS = ["accept", "handle", "check", "hearing", "authorize", "decide", "deliver"]


def boxes(html: str) -> list[tuple[str, str]]:
    """(classes, text) of each step box of the page's diagram, in order."""
    found = re.findall(r'<div class="flow-step([^"]*)"[^>]*>(.*?)</div>', html, re.S)
    return [(classes.strip(), " ".join(re.sub(r"<[^>]+>", " ", body).split())) for classes, body in found]


def current_box(html: str) -> str:
    match = re.search(r'<div class="flow-step[^"]*" aria-current="step">(.*?)</div>', html, re.S)
    assert match, "no current step"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


@pytest.fixture
def levels(dept):
    return factories.item(dept, steps=LEVELS, promised=10, statutory=20)


@pytest.fixture
def at_hearing(levels, staff):
    """Accepted Monday 2026-11-02; 承办 done on the 3rd, 审核 on the 4th; the hearing is open."""
    case = file_case(levels, staff, at(2026, 11, 2, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 11, 2, 10))
    act(case, staff["reviewer"], "handle", "recommend_approve", at(2026, 11, 3), opinion="拟同意")
    act(case, staff["reviewer"], "check", "recommend_approve", at(2026, 11, 4), opinion="同意")
    return case


def test_the_guide_page_draws_the_process_with_parallel_lanes_and_special_procedures(browser, dept, staff):
    others = [Department.objects.create(code=f"J{n}", name=name)
              for n, name in enumerate(["消防救援大队", "生态环境分局"])]
    item = factories.item(dept, kind="joint", steps=["accept", "expert_review", "decide", "complete"],
                          joint_departments=others)
    ProcessStep.objects.filter(item=item, step="accept").update(budget_days=2)
    factories.publish(item)  # the guide draws the published version
    html = browser().get(f"/guides/{item.code}/").content.decode()
    assert "时限 2 个工作日" in boxes(html)[0][1]
    assert 'class="flow"' in html and 'aria-labelledby="flow-title"' in html
    assert [text.split(" 时限")[0] for _, text in boxes(html)] == [
        "1 受理 市场监督管理局", "联合审查 消防救援大队", "联合审查 生态环境分局", "3 专家评审 市场监督管理局",
        "4 决定 市场监督管理局", "5 办结 市场监督管理局"]
    assert "2 个部门同时办理" in html and "全部完成后进入下一步" in html
    special = [classes for classes, text in boxes(html) if "专家评审" in text]
    assert special == ["flow-special"] and '<span class="flow-tag">不计入法定时限</span>' in html
    assert "aria-current" not in html.split('class="flow"')[1]  # no case, no position
    assert "文字版流程说明" in html and "办理流程共 5 步" in html


def test_the_staff_case_page_shows_the_current_step_and_the_days_each_step_used(browser, staff, at_hearing):
    with time_machine.travel(at(2026, 11, 6, 15), tick=False):
        html = browser(staff["reviewer"]).get(f"/cases/{at_hearing.number}/").content.decode()
    assert "办理进度" in html
    steps = boxes(html)
    assert [classes for classes, _ in steps] == ["flow-done", "flow-done", "flow-done", "flow-current flow-special",
                                                "flow-pending", "flow-pending", "flow-pending"]
    assert "已完成 已用 1 个工作日" in steps[1][1] and "已完成 已用 1 个工作日" in steps[2][1]
    # The hearing opened on Wednesday the 4th: Thursday and Friday on its own clock.
    assert current_box(html).startswith("4 听证") and "办理中 已用 2 个工作日" in current_box(html)
    assert "当前环节：听证。" in html


def test_a_send_back_shows_on_the_staff_page_but_not_on_the_tracking_page(browser, staff, at_hearing):
    case = at_hearing
    act(case, staff["reviewer"], "hearing", "done", at(2026, 11, 11), opinion="听证会已举行")
    task = open_task(case, "authorize")
    flow.task_claim(task_id=task.pk, actor=staff["approver"], now=at(2026, 11, 12, 9))
    flow.task_complete(task_id=task.pk, actor=staff["approver"], decision="send_back", send_back_to=2,
                       opinion="请补充现场照片", now=at(2026, 11, 12, 11))
    with time_machine.travel(at(2026, 11, 13, 15), tick=False):
        staff_html = browser(staff["approver"]).get(f"/cases/{case.number}/").content.decode()
        track_html = browser().get("/track/", {"number": case.number, "query_code": case.query_code}).content.decode()
    assert "“审批”退回至“审核”（1 次）" in staff_html
    # 审核 again: two runs of a day each, each within its one-day budget; the hearing is not held again.
    assert [c for c, _ in boxes(staff_html)][2:5] == ["flow-current", "flow-done flow-special",
                                                      "flow-pending"]
    assert "已用 2 个工作日 办理 2 次" in current_box(staff_html)
    # The applicant holding the query code sees where the file is and the time, not the deliberation.
    assert 'id="track-flow"' in track_html and current_box(track_html).startswith("3 审核")
    assert "已用" in current_box(track_html)
    for internal in ("退回", "请补充现场照片", "拟同意", "办理 2 次"):
        assert internal not in track_html, internal


def test_the_tracking_page_before_acceptance_is_at_acceptance(browser, levels, staff):
    case = file_case(levels, staff, at(2026, 11, 2, 9))
    with time_machine.travel(at(2026, 11, 2, 11), tick=False):
        html = browser().get("/track/", {"number": case.number, "query_code": case.query_code}).content.decode()
    assert current_box(html).startswith("1 受理") and "办理中" in current_box(html)


def test_the_state_is_read_in_a_bounded_number_of_queries(levels, staff, at_hearing):
    act(at_hearing, staff["reviewer"], "hearing", "done", at(2026, 11, 11))
    act(at_hearing, staff["approver"], "authorize", "done", at(2026, 11, 12))
    act(at_hearing, staff["approver"], "decide", "approve", at(2026, 11, 13))
    just_filed = file_case(factories.item(levels.department, steps=["accept", "check", "decide"]), staff,
                           at(2026, 11, 2, 9))
    today = at(2026, 11, 16).date()
    case_process_diagram(case=just_filed, today=today)  # the working calendar loaded once
    counts, diagrams = [], []
    for number in (just_filed.number, at_hearing.number):
        case = Case.objects.get(number=number)  # nothing cached on the case
        with CaptureQueriesContext(connection) as queries:
            diagrams.append(case_process_diagram(case=case, today=today))
        counts.append(len(queries))
    # One run against seven step tasks: the same queries (process, tasks, step clocks and their
    # ledgers, the calendar's stamp, department names), not one per step.
    assert counts[0] == counts[1] <= 6, [q["sql"] for q in queries.captured_queries]
    assert [n.status for n in diagrams[0].nodes] == ["current", "pending", "pending"]
    assert [n.status for n in diagrams[1].nodes] == ["done"] * 6 + ["current"]
    assert [n.used_days for n in diagrams[1].nodes] == [0, 1, 1, 5, 1, 1, 1]
