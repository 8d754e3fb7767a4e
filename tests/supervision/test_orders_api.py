"""The supervision orders API: issue, reply with evidence, return, reply again, accept; errors name fields."""

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from backend.supervision.models import LogEntry
from tests import factories

from .conftest import at

BASE = "/api/v1/supervision/orders/"


def test_an_order_round_trip_through_the_api(api, accepted_case, staff, head):
    officer, reviewer = api(staff["supervisor"]), api(staff["reviewer"])
    with time_machine.travel(at(2026, 9, 28, 11), tick=False):
        created = officer.post(BASE, {"case": accepted_case.number, "problem": "超期未审查",
                                      "requirement": "限期办结", "days": 3}, format="json")
    assert created.status_code == 201, created.json()
    order = created.json()
    assert (order["target"], order["case"], order["deadline"], order["status"], order["state"]) == (
        "case", accepted_case.number, "2026-10-08", "open", "green")
    assert order["department"]["id"] == accepted_case.item.department_id and order["issued_by"] == "supervisor"
    url = f"{BASE}{order['id']}/"

    with time_machine.travel(at(2026, 9, 29, 9), tick=False):
        evidence = SimpleUploadedFile("整改报告.pdf", factories.PDF, content_type="application/pdf")
        replied = reviewer.post(url + "reply/", {"text": "已审查", "evidence": [evidence]}, format="multipart")
    assert replied.status_code == 201, replied.json()
    body = replied.json()
    assert body["status"] == "replied" and body["replies"][0]["evidence"][0]["name"] == "整改报告.pdf"
    download = reviewer.get(body["replies"][0]["evidence"][0]["url"])
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content) == factories.PDF
    outsider = factories.user("outsider", "reviewer", departments=[factories.department()])
    assert api(outsider).get(body["replies"][0]["evidence"][0]["url"]).status_code == 404

    with time_machine.travel(at(2026, 9, 29, 15), tick=False):
        returned = officer.post(url + "return/", {"reason": "缺少佐证"}, format="json")
        assert returned.status_code == 200 and returned.json()["status"] == "returned"
        again = reviewer.post(url + "reply/", {"text": "已补充说明"}, format="multipart")
        assert again.status_code == 201
        accepted = officer.post(url + "accept/", {"opinion": "同意"}, format="json")
    assert accepted.status_code == 200
    detail = officer.get(url).json()
    assert detail["status"] == "accepted"
    assert [(r["round"], r["decision"]) for r in detail["replies"]] == [(1, "returned"), (2, "accepted")]
    assert LogEntry.objects.filter(kind__startswith="order_", payload__order=order["id"]).count() == 5
    assert [o["id"] for o in reviewer.get(BASE).json()["results"]] == [order["id"]]
    assert officer.get(BASE + "?state=red").json()["results"] == []


def test_errors_name_the_fields(api, staff, db):
    officer = api(staff["supervisor"])
    response = officer.post(BASE, {"problem": "", "requirement": "r", "days": 0, "colour": "red"}, format="json")
    assert response.status_code == 400
    assert {(e["field"], e["code"]) for e in response.json()["errors"]} == {("colour", "unknown")}
    response = officer.post(BASE, {"problem": "", "requirement": "r", "days": 0}, format="json")
    assert {(e["field"], e["code"]) for e in response.json()["errors"]} == {
        ("problem", "required"), ("days", "invalid"), ("target", "required")}
    assert officer.get(BASE + "?state=purple").status_code == 400
    assert officer.get(BASE + "999/").status_code == 404


def test_permissions_over_the_api(api, accepted_case, staff):
    assert api(staff["reviewer"]).post(BASE, {"case": accepted_case.number, "problem": "p", "requirement": "r",
                                              "days": 3}, format="json").status_code == 403
    order = api(staff["supervisor"]).post(BASE, {"case": accepted_case.number, "problem": "p", "requirement": "r",
                                                 "days": 3}, format="json").json()
    url = f"{BASE}{order['id']}/"
    assert api(staff["supervisor"]).post(url + "reply/", {"text": "x"}, format="multipart").status_code == 403
    outsider = factories.user("outsider", "reviewer", departments=[factories.department()])
    assert api(outsider).post(url + "reply/", {"text": "x"}, format="multipart").status_code == 404
    api(staff["reviewer"]).post(url + "reply/", {"text": "x"}, format="multipart")
    assert api(staff["approver"]).post(url + "accept/", {}, format="json").status_code == 403
    assert api().get(BASE).status_code in (401, 403)
    bad = api(staff["reviewer"]).post(url + "reply/", {"text": "x"}, format="multipart")
    assert bad.status_code == 409 and bad.json()["errors"][0]["code"] == "invalid_status"
