"""A case walks the configured process through the task API, as staff see it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories
from tests.factories import COMPANY, PERSON


def file_case(api, user, item, channel="online", applicant=None):
    response = api(user).post("/api/v1/cases/", {"item": item.code, "channel": channel,
                                                 "applicant": applicant or PERSON}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def my_task(api, user, number, step):
    tasks = api(user).get("/api/v1/tasks/").json()["results"]
    matching = [t for t in tasks if t["case"] == number and t["step"] == step]
    assert matching, f"{user.username} has no {step} task for {number}: {tasks}"
    return matching[0]


def act(api, user, number, step, decision, **extra):
    task = my_task(api, user, number, step)
    client = api(user)
    assert client.post(f"/api/v1/tasks/{task['id']}/claim/").status_code == 200
    response = client.post(f"/api/v1/tasks/{task['id']}/complete/", {"decision": decision, **extra}, format="json")
    assert response.status_code == 200, response.json()
    return response.json()


def status(api, user, number):
    return api(user).get(f"/api/v1/cases/{number}/").json()


def test_online_case_goes_from_filing_to_approval(db, staff, dept, api):
    item = factories.item(dept)
    case = file_case(api, staff["applicant"], item)
    assert case["status"] == "submitted"
    assert len(case["query_code"]) == 8
    act(api, staff["clerk"], case["number"], "accept", "accept", opinion="材料齐全")
    assert status(api, staff["applicant"], case["number"])["status"] == "in_progress"
    act(api, staff["reviewer"], case["number"], "review", "done", opinion="符合条件")
    act(api, staff["approver"], case["number"], "decide", "approve", opinion="准予许可")
    act(api, staff["clerk"], case["number"], "complete", "done")
    final = status(api, staff["applicant"], case["number"])
    assert final["status"] == "completed"
    assert final["decision"] == "approved"
    kinds = [e["kind"] for e in final["events"]]
    assert kinds[0] == "filed" and kinds[-1] == "completed"
    assert {"accepted", "reviewed", "approved"} <= set(kinds)
    accepted = next(e for e in final["events"] if e["kind"] == "accepted")
    assert accepted["actor"] == "clerk" and accepted["opinion"] == "材料齐全"


def test_supplement_returns_case_to_acceptance_after_resubmission(db, staff, dept, api):
    item = factories.item(dept)
    case = file_case(api, staff["applicant"], item, applicant=COMPANY)
    act(api, staff["clerk"], case["number"], "accept", "supplement",
        missing_materials=["营业执照复印件", "场所平面图"], opinion="请一次性补齐")
    detail = status(api, staff["applicant"], case["number"])
    assert detail["status"] == "supplement_requested"
    assert detail["missing_materials"] == ["营业执照复印件", "场所平面图"]
    resubmit = f"/api/v1/cases/{case['number']}/resubmit/"
    nothing = api(staff["applicant"]).post(resubmit, {}, format="json")  # no file, no note: refused
    assert nothing.status_code == 400 and nothing.json()["errors"][0]["field"] == "materials"
    upload = api(staff["applicant"]).post(
        f"/api/v1/cases/{case['number']}/materials/",
        {"file": SimpleUploadedFile("营业执照复印件.pdf", factories.PDF)},
        format="multipart")
    assert upload.status_code == 201, upload.content
    response = api(staff["applicant"]).post(resubmit, {}, format="json")
    assert response.status_code == 200, response.json()
    assert status(api, staff["applicant"], case["number"])["status"] == "submitted"
    act(api, staff["clerk"], case["number"], "accept", "accept")
    assert status(api, staff["applicant"], case["number"])["status"] == "in_progress"


def test_refusal_needs_a_reason(db, staff, dept, api):
    item = factories.item(dept)
    case = file_case(api, staff["applicant"], item)
    task = my_task(api, staff["clerk"], case["number"], "accept")
    client = api(staff["clerk"])
    client.post(f"/api/v1/tasks/{task['id']}/claim/")
    response = client.post(f"/api/v1/tasks/{task['id']}/complete/", {"decision": "refuse"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "opinion"
    assert status(api, staff["applicant"], case["number"])["status"] == "submitted"
    response = client.post(f"/api/v1/tasks/{task['id']}/complete/",
                           {"decision": "refuse", "opinion": "不属于本部门职权范围"}, format="json")
    assert response.status_code == 200
    final = status(api, staff["applicant"], case["number"])
    assert final["status"] == "refused"
    assert final["status_reason"] == "不属于本部门职权范围"


def test_denial_needs_reason_and_completes_with_denied(db, staff, dept, api):
    item = factories.item(dept, steps=["accept", "decide"])
    case = file_case(api, staff["applicant"], item)
    act(api, staff["clerk"], case["number"], "accept", "accept")
    task = my_task(api, staff["approver"], case["number"], "decide")
    client = api(staff["approver"])
    client.post(f"/api/v1/tasks/{task['id']}/claim/")
    assert client.post(f"/api/v1/tasks/{task['id']}/complete/", {"decision": "deny"},
                       format="json").status_code == 400
    act_response = client.post(f"/api/v1/tasks/{task['id']}/complete/",
                               {"decision": "deny", "opinion": "选址不符合规划；可依法申请行政复议或提起行政诉讼。"},
                               format="json")
    assert act_response.status_code == 200
    final = status(api, staff["applicant"], case["number"])
    assert (final["status"], final["decision"]) == ("completed", "denied")


def test_immediate_item_is_accepted_and_decided_at_the_window_in_one_step(db, staff, dept, api):
    item = factories.item(dept, kind="immediate")
    case = file_case(api, staff["clerk"], item, channel="window")
    act(api, staff["clerk"], case["number"], "accept", "approve", opinion="当场办结")
    final = status(api, staff["clerk"], case["number"])
    assert (final["status"], final["decision"]) == ("completed", "approved")
    assert api(staff["clerk"]).get("/api/v1/tasks/").json()["results"] == []


def test_joint_item_reviews_in_parallel_by_each_department(db, staff, dept, api):
    other = factories.department("water", "水利局")
    third = factories.department("env", "生态环境分局")
    water_reviewer = factories.user("water_reviewer", "reviewer", departments=[other])
    env_reviewer = factories.user("env_reviewer", "reviewer", departments=[third])
    item = factories.item(dept, kind="joint", steps=["accept", "decide"], joint_departments=[other, third])
    case = file_case(api, staff["applicant"], item)
    act(api, staff["clerk"], case["number"], "accept", "accept")
    assert api(staff["approver"]).get("/api/v1/tasks/").json()["results"] == []
    act(api, water_reviewer, case["number"], "joint_review", "done", opinion="同意")
    assert api(staff["approver"]).get("/api/v1/tasks/").json()["results"] == []
    act(api, env_reviewer, case["number"], "joint_review", "done", opinion="同意")
    act(api, staff["approver"], case["number"], "decide", "approve")
    final = status(api, staff["applicant"], case["number"])
    assert (final["status"], final["decision"]) == ("completed", "approved")


def test_optional_inspection_step_runs_when_configured(db, staff, dept, api):
    item = factories.item(dept, steps=["accept", "review", "inspection", "decide"])
    case = file_case(api, staff["applicant"], item)
    act(api, staff["clerk"], case["number"], "accept", "accept")
    act(api, staff["reviewer"], case["number"], "review", "done")
    act(api, staff["reviewer"], case["number"], "inspection", "done", opinion="现场符合要求")
    act(api, staff["approver"], case["number"], "decide", "approve")
    assert status(api, staff["applicant"], case["number"])["status"] == "completed"


@pytest.mark.parametrize("decision", ["approve", "done", "bogus"])
def test_accept_step_rejects_decisions_of_other_steps(db, staff, dept, api, decision):
    item = factories.item(dept)
    case = file_case(api, staff["applicant"], item)
    task = my_task(api, staff["clerk"], case["number"], "accept")
    client = api(staff["clerk"])
    client.post(f"/api/v1/tasks/{task['id']}/claim/")
    response = client.post(f"/api/v1/tasks/{task['id']}/complete/", {"decision": decision}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "decision"
