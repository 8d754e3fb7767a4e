"""Who sees which case: applicants their own, staff their department's, supervisors all (read-only)."""

import pytest

from tests import factories
from tests.factories import PERSON


@pytest.fixture
def case_number(staff, dept, api):
    item = factories.item(dept)
    return api(staff["applicant"]).post("/api/v1/cases/", {"item": item.code, "channel": "online",
                                                           "applicant": PERSON}, format="json").json()["number"]


@pytest.fixture
def outsider(db):
    other = factories.department("water", "水利局")
    return factories.user("water_clerk", "clerk", "reviewer", departments=[other])


@pytest.mark.parametrize("who,status", [("applicant", 200), ("clerk", 200), ("reviewer", 200),
                                        ("approver", 200), ("supervisor", 200), ("applicant2", 404)])
def test_case_detail_visibility(staff, api, case_number, who, status):
    assert api(staff[who]).get(f"/api/v1/cases/{case_number}/").status_code == status


def test_staff_of_another_department_get_404_and_no_task(api, case_number, outsider):
    assert api(outsider).get(f"/api/v1/cases/{case_number}/").status_code == 404
    assert api(outsider).get("/api/v1/tasks/").json()["results"] == []


def test_case_list_is_filtered_by_role(staff, api, case_number, outsider):
    def numbers(user):
        return [c["number"] for c in api(user).get("/api/v1/cases/").json()["results"]]

    assert numbers(staff["applicant"]) == [case_number]
    assert numbers(staff["applicant2"]) == []
    assert numbers(staff["clerk"]) == [case_number]
    assert numbers(staff["supervisor"]) == [case_number]
    assert numbers(outsider) == []


def test_outsider_cannot_claim_or_complete_a_task_they_cannot_see(staff, api, case_number, outsider):
    task_id = api(staff["clerk"]).get("/api/v1/tasks/").json()["results"][0]["id"]
    assert api(outsider).post(f"/api/v1/tasks/{task_id}/claim/").status_code == 404
    assert api(outsider).post(f"/api/v1/tasks/{task_id}/complete/", {"decision": "accept"},
                              format="json").status_code == 404


def test_supervisor_reads_but_changes_nothing(staff, api, case_number):
    task_id = api(staff["clerk"]).get("/api/v1/tasks/").json()["results"][0]["id"]
    supervisor = api(staff["supervisor"])
    assert supervisor.get("/api/v1/tasks/").json()["results"] == []
    assert supervisor.post(f"/api/v1/tasks/{task_id}/claim/").status_code == 404
    assert supervisor.post(f"/api/v1/cases/{case_number}/resubmit/").status_code in (403, 409)


def test_reviewer_cannot_claim_the_clerks_accept_task(staff, api, case_number):
    task_id = api(staff["clerk"]).get("/api/v1/tasks/").json()["results"][0]["id"]
    assert api(staff["reviewer"]).post(f"/api/v1/tasks/{task_id}/claim/").status_code == 404


def test_completing_without_claiming_is_a_conflict(staff, api, case_number):
    task_id = api(staff["clerk"]).get("/api/v1/tasks/").json()["results"][0]["id"]
    response = api(staff["clerk"]).post(f"/api/v1/tasks/{task_id}/complete/", {"decision": "accept"}, format="json")
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "not_claimed"


def test_public_tracking_needs_the_right_query_code(staff, api, case_number):
    from backend.cases.models import Case

    code = Case.objects.get(number=case_number).query_code
    anonymous = api(None)
    ok = anonymous.get(f"/api/v1/public/cases/{case_number}/", {"query_code": code.lower()})
    assert ok.status_code == 200
    assert ok.json()["status"] == "submitted"
    assert "applicant" not in ok.json() and "query_code" not in ok.json()
    assert anonymous.get(f"/api/v1/public/cases/{case_number}/", {"query_code": "AAAAAAAA"}).status_code == 404
    assert anonymous.get("/api/v1/public/cases/TB000/", {"query_code": code}).status_code == 404
