"""The staff inbox and task page: claim, decide, and see conflicts as messages."""

import re

from backend.cases.models import Case
from tests import factories

from .helpers import act, file_online, inbox_task


def test_staff_carry_an_online_case_to_completion_through_the_pages(browser, staff, item):
    case = file_online(browser(staff["applicant"]), item)
    clerk, reviewer, approver = (browser(staff[n]) for n in ("clerk", "reviewer", "approver"))
    inbox = clerk.get("/staff/tasks/").content.decode()
    assert case.number in inbox and item.name in inbox and "受理" in inbox and "未签收" in inbox
    act(clerk, staff["clerk"], case.number, "accept", opinion="材料齐全")
    act(reviewer, staff["reviewer"], case.number, "done", opinion="符合条件")
    act(approver, staff["approver"], case.number, "approve", opinion="准予许可")
    act(clerk, staff["clerk"], case.number, "done")
    case.refresh_from_db()
    assert (case.status, case.decision) == ("completed", "approved")
    assert "暂无待办任务" in clerk.get("/staff/tasks/").content.decode()
    html = browser(staff["applicant"]).get(f"/cases/{case.number}/").content.decode()
    assert "已办结" in html and "准予许可" in html and "符合条件" in html


def test_task_page_offers_only_allowed_decisions_and_supplement_list(browser, staff, item):
    case = file_online(browser(staff["applicant"]), item)
    clerk = browser(staff["clerk"])
    task_id = inbox_task(clerk, staff["clerk"], case.number)
    page = clerk.get(f"/staff/tasks/{task_id}/").content.decode()
    assert f'action="/staff/tasks/{task_id}/claim/"' in page and 'name="decision"' not in page
    assert case.number in page and "张小明" in page  # the case detail is on the task page
    clerk.post(f"/staff/tasks/{task_id}/claim/")
    page = clerk.get(f"/staff/tasks/{task_id}/").content.decode()
    for decision in ("accept", "refuse", "supplement"):
        assert f'value="{decision}"' in page
    assert 'value="approve"' not in page and 'value="done"' not in page
    assert 'for="missing_materials"' in page and 'for="opinion"' in page and " autofocus" in page


def test_refusal_without_reason_shows_error_and_keeps_input(browser, staff, item):
    case = file_online(browser(staff["applicant"]), item)
    clerk = browser(staff["clerk"])
    task_id = inbox_task(clerk, staff["clerk"], case.number)
    clerk.post(f"/staff/tasks/{task_id}/claim/")
    response = clerk.post(f"/staff/tasks/{task_id}/complete/", {"decision": "refuse", "opinion": " "})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="opinion-error"' in html and "不予受理必须说明理由" in html
    assert re.search(r'value="refuse"[^>]*checked', html)
    response = clerk.post(f"/staff/tasks/{task_id}/complete/",
                          {"decision": "supplement", "opinion": "请补正", "missing_materials": "\n \n"})
    assert response.status_code == 400
    assert 'id="missing-error"' in response.content.decode() and "请补正" in response.content.decode()
    response = clerk.post(f"/staff/tasks/{task_id}/complete/", {"opinion": "无选择"})
    assert response.status_code == 400 and 'id="decision-error"' in response.content.decode()
    case.refresh_from_db()
    assert case.status == "submitted"


def test_claim_taken_by_a_colleague_is_a_message_not_an_error(browser, staff, dept, item):
    clerk2 = factories.user("clerk2", "clerk", departments=[dept])
    case = file_online(browser(staff["applicant"]), item)
    first, second = browser(staff["clerk"]), browser(clerk2)
    task_id = inbox_task(first, staff["clerk"], case.number)
    assert first.post(f"/staff/tasks/{task_id}/claim/").status_code == 302
    response = second.post(f"/staff/tasks/{task_id}/claim/", follow=True)
    assert response.status_code == 200
    assert "该任务已被他人签收或已处理" in response.content.decode()
    assert response.redirect_chain[-1][0] == "/staff/tasks/"
    # Completing a task someone else holds is also a conflict, shown as a message.
    response = second.post(f"/staff/tasks/{task_id}/complete/", {"decision": "accept"}, follow=True)
    assert response.status_code == 200
    assert "请先签收该任务再处理" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == "submitted"


def test_complete_before_claim_is_a_conflict_message(browser, staff, item):
    case = file_online(browser(staff["applicant"]), item)
    clerk = browser(staff["clerk"])
    task_id = inbox_task(clerk, staff["clerk"], case.number)
    response = clerk.post(f"/staff/tasks/{task_id}/complete/", {"decision": "accept"}, follow=True)
    assert response.status_code == 200
    assert "请先签收该任务再处理" in response.content.decode()


def test_finished_task_page_is_read_only(browser, staff, item):
    case = file_online(browser(staff["applicant"]), item)
    clerk = browser(staff["clerk"])
    task_id = act(clerk, staff["clerk"], case.number, "accept")
    page = clerk.get(f"/staff/tasks/{task_id}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "办理完毕" in html and 'name="decision"' not in html and "/claim/" not in html
    response = clerk.post(f"/staff/tasks/{task_id}/complete/", {"decision": "accept"}, follow=True)
    assert response.status_code == 200 and "该任务已处理完毕" in response.content.decode()


def test_supervisor_reads_task_page_without_forms_and_has_no_inbox(browser, staff, item):
    case = file_online(browser(staff["applicant"]), item)
    task_id = inbox_task(browser(staff["clerk"]), staff["clerk"], case.number)
    supervisor = browser(staff["supervisor"])
    page = supervisor.get(f"/staff/tasks/{task_id}/")
    assert page.status_code == 200
    html = page.content.decode()
    main = html[html.index("<main"):html.index("</main>")]
    assert "<form" not in main and case.number in main
    assert supervisor.get("/staff/tasks/").status_code == 403
    assert supervisor.post(f"/staff/tasks/{task_id}/claim/").status_code == 403


def test_outsiders_get_404_on_task_pages(browser, staff, item):
    case = file_online(browser(staff["applicant"]), item)
    task_id = inbox_task(browser(staff["clerk"]), staff["clerk"], case.number)
    other_dept_reviewer = factories.user("outsider", "reviewer", departments=[factories.department()])
    assert browser(staff["applicant2"]).get(f"/staff/tasks/{task_id}/").status_code == 404
    assert browser(other_dept_reviewer).get(f"/staff/tasks/{task_id}/").status_code == 404
    assert browser(other_dept_reviewer).post(f"/staff/tasks/{task_id}/claim/").status_code == 404
    assert browser(staff["applicant"]).get("/staff/tasks/").status_code == 403
    assert browser(staff["clerk"]).get("/staff/tasks/999999/").status_code == 404


def test_immediate_item_is_decided_at_the_window(browser, staff, dept):
    item = factories.item(dept, kind="immediate")
    clerk = browser(staff["clerk"])
    clerk.post("/desk/", {"item": item.code, **factories.PERSON})
    case = item.cases.get()
    act(clerk, staff["clerk"], case.number, "approve", opinion="当场办结")
    case.refresh_from_db()
    assert (case.status, case.decision) == ("completed", "approved")
