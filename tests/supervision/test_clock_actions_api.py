"""Staff suspend, resume and extend a case's clocks through the API; the case detail shows the clock."""

from backend.supervision.models import ClockEntry, LogEntry

from .conftest import at, file_case


def url(case, action):
    return f"/api/v1/cases/{case.number}/clock/{action}/"


def test_case_detail_carries_the_clock_with_its_explanation(accepted_case, staff, api):
    clock = api(staff["reviewer"]).get(f"/api/v1/cases/{accepted_case.number}/").json()["clock"]
    assert {"state", "promised_deadline", "statutory_deadline", "used_working_days", "remaining_working_days",
            "suspensions", "extensions", "explanation", "statutory_breach"} <= clock.keys()
    assert clock["promised_deadline_told"] == "2026-10-16"
    assert clock["explanation"].startswith("10个工作日，自2026-09-28起算")
    assert [s["step"] for s in clock["steps"]] == ["accept", "review"]


def test_case_not_yet_accepted_has_no_clock(item, staff, api):
    case = file_case(item, staff, at(2026, 9, 25, 9))
    assert api(staff["clerk"]).get(f"/api/v1/cases/{case.number}/").json()["clock"] is None


def test_reviewer_suspends_for_expert_review_and_resumes(accepted_case, staff, api):
    client = api(staff["reviewer"])
    response = client.post(url(accepted_case, "suspend"), {"procedure": "expert_review", "detail": "水资源论证",
                                                           "expected_days": 10},
                           format="json")
    assert response.status_code == 200, response.content
    clock = response.json()["clock"]
    assert clock["is_suspended"]  # (the state stays red if the case was already overdue today)
    assert clock["suspensions"][0]["reason"] == "专家评审：水资源论证"
    assert clock["suspensions"][0]["legal_basis"] == "《中华人民共和国行政许可法》第四十五条"
    assert LogEntry.objects.filter(kind="clock_suspended").count() == 1

    again = client.post(url(accepted_case, "suspend"), {"procedure": "hearing"}, format="json")
    assert again.status_code == 409 and again.json()["errors"][0]["code"] == "already_suspended"

    resumed = client.post(url(accepted_case, "resume"), format="json")
    assert resumed.status_code == 200
    assert resumed.json()["clock"]["state"] != "suspended" and not resumed.json()["clock"]["is_suspended"]
    assert ClockEntry.objects.filter(kind="suspension", end_date__isnull=True).count() == 0


def test_unknown_procedure_and_missing_detail_are_field_errors(accepted_case, staff, api):
    client = api(staff["reviewer"])
    bad = client.post(url(accepted_case, "suspend"), {"procedure": "nap"}, format="json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "procedure"
    other = client.post(url(accepted_case, "suspend"), {"procedure": "other"}, format="json")
    assert other.status_code == 400 and other.json()["errors"][0]["field"] == "detail"
    assert not ClockEntry.objects.exists()


def test_only_an_approver_extends(accepted_case, staff, api):
    refused = api(staff["reviewer"]).post(url(accepted_case, "extend"), {"days": 10, "reason": "情况复杂"},
                                          format="json")
    assert refused.status_code == 403
    response = api(staff["approver"]).post(url(accepted_case, "extend"), {"days": 10, "reason": "情况复杂"},
                                           format="json")
    assert response.status_code == 200, response.content
    clock = response.json()["clock"]
    assert clock["extensions"][0]["days"] == 10 and clock["extensions"][0]["approved_by"] == "approver"
    assert "延期10个工作日（情况复杂）" in clock["explanation"]
    assert clock["promised_deadline_told"] == "2026-10-16"  # the promise given stays on record


def test_bad_extension_days_is_a_400(accepted_case, staff, api):
    for days in (0, -3, "ten"):
        response = api(staff["approver"]).post(url(accepted_case, "extend"), {"days": days, "reason": "x"},
                                               format="json")
        assert response.status_code == 400 and response.json()["errors"][0]["field"] == "days", days


def test_supervisors_read_but_cannot_touch_the_clock(accepted_case, staff, api):
    client = api(staff["supervisor"])
    assert client.get(f"/api/v1/cases/{accepted_case.number}/").json()["clock"] is not None
    assert client.post(url(accepted_case, "suspend"), {"procedure": "hearing"}, format="json").status_code == 403


def test_applicants_and_strangers_get_404(accepted_case, staff, api):
    assert api(staff["applicant"]).post(url(accepted_case, "suspend"), {"procedure": "hearing"},
                                        format="json").status_code == 404
    assert api().post(url(accepted_case, "resume")).status_code in (401, 403)


def test_bodies_that_are_not_objects_or_hold_the_wrong_types_get_400(accepted_case, staff, api):
    reviewer, approver = api(staff["reviewer"]), api(staff["approver"])
    for body in ([], "abc", 123):
        for client, action in ((reviewer, "suspend"), (approver, "extend")):
            response = client.post(url(accepted_case, action), body, format="json")
            assert response.status_code == 400, (action, body, response.content)
            assert response.json()["errors"][0]["message"] == "请求体应为 JSON 对象。"
    for body, field in (({"procedure": ["expert_review"]}, "procedure"),
                        ({"procedure": "expert_review", "detail": ["x"]}, "detail"),
                        ({"procedure": "expert_review", "legal_basis": 123}, "legal_basis"),
                        ({"procedure": "other", "detail": "长" * 151}, "detail")):
        response = reviewer.post(url(accepted_case, "suspend"), body, format="json")
        assert response.status_code == 400 and response.json()["errors"][0]["field"] == field, body
    for body, field in (({"days": 1.5, "reason": "x"}, "days"), ({"days": True, "reason": "x"}, "days"),
                        ({"days": 10 ** 20, "reason": "x"}, "days"), ({"days": 11, "reason": "x"}, "days"),
                        ({"days": 5, "reason": ["a"]}, "reason")):
        response = approver.post(url(accepted_case, "extend"), body, format="json")
        assert response.status_code == 400 and response.json()["errors"][0]["field"] == field, body
    assert not ClockEntry.objects.exists()


def test_a_second_extension_is_a_conflict(accepted_case, staff, api):
    client = api(staff["approver"])
    first = client.post(url(accepted_case, "extend"), {"days": "5", "reason": "情况复杂"}, format="json")
    assert first.status_code == 200
    again = client.post(url(accepted_case, "extend"), {"days": 5, "reason": "再延"}, format="json")
    assert again.status_code == 409 and again.json()["errors"][0]["code"] == "already_extended"
