"""Filing through the API: numbers, query codes, field-level errors and who may file how."""

import re

import pytest

from backend.cases.models import Case
from tests import factories
from tests.factories import COMPANY, PERSON


@pytest.fixture
def item(dept):
    return factories.item(dept)


def post(api, user, body):
    return api(user).post("/api/v1/cases/", body, format="json")


def test_online_filing_returns_readable_number_and_query_code(staff, item, api):
    response = post(api, staff["applicant"], {"item": item.code, "channel": "online", "applicant": PERSON})
    assert response.status_code == 201
    body = response.json()
    assert re.fullmatch(r"TB\d{8}\d{6}", body["number"])
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{8}", body["query_code"])
    assert body["status"] == "submitted"


def test_numbers_increase_within_a_day(staff, item, api):
    numbers = [post(api, staff["applicant"], {"item": item.code, "channel": "online",
                                              "applicant": COMPANY}).json()["number"] for _ in range(3)]
    assert numbers == sorted(numbers) and len(set(numbers)) == 3


def test_window_filing_by_clerk_records_the_centre(staff, item, api):
    response = post(api, staff["clerk"], {"item": item.code, "channel": "window", "applicant": COMPANY})
    assert response.status_code == 201
    case = Case.objects.get(number=response.json()["number"])
    assert case.service_centre == staff["clerk"].service_centre
    assert case.applicant_user is None and case.filed_by == staff["clerk"]


def test_applicant_cannot_file_as_window(staff, item, api):
    response = post(api, staff["applicant"], {"item": item.code, "channel": "window", "applicant": PERSON})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "channel"


def test_every_bad_field_is_named_with_a_chinese_reason(staff, item, api):
    response = post(api, staff["applicant"], {"item": "NOPE", "channel": "online", "applicant": {
        "type": "person", "name": "", "id_number": "110105194912310021", "mobile": "123"}})
    assert response.status_code == 400
    errors = {e["field"]: e for e in response.json()["errors"]}
    assert set(errors) == {"item", "applicant.name", "applicant.id_number", "applicant.mobile"}
    assert "校验位" in errors["applicant.id_number"]["message"]
    assert Case.objects.count() == 0


def test_errors_in_english_when_asked(staff, item, api):
    response = api(staff["applicant"]).post(
        "/api/v1/cases/", {"item": item.code, "channel": "online",
                           "applicant": {**COMPANY, "credit_code": "91350100M000100Y42"}},
        format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["field"] == "applicant.credit_code"
    assert "check" in error["message"].lower()


@pytest.mark.parametrize("body", [[], "text", {"item": 5, "channel": None, "applicant": "x"}])
def test_malformed_bodies_get_400_not_500(staff, item, api, body):
    response = post(api, staff["applicant"], body)
    assert response.status_code == 400
    assert response.json()["errors"]


def test_supervisor_cannot_file(staff, item, api):
    response = post(api, staff["supervisor"], {"item": item.code, "channel": "online", "applicant": PERSON})
    assert response.status_code == 403


def test_anonymous_cannot_file(item, api, db):
    response = post(api, None, {"item": item.code, "channel": "online", "applicant": PERSON})
    assert response.status_code in (401, 403)
    assert response.json()["errors"]


def test_case_keeps_the_guide_version_it_was_filed_under(staff, item, api):
    from datetime import date

    from backend.catalog.models import GuideVersion

    first = post(api, staff["applicant"], {"item": item.code, "channel": "online", "applicant": PERSON}).json()
    GuideVersion.objects.create(item=item, version=2, effective_from=date(2021, 1, 1),
                                statutory_limit_days=20, promised_limit_days=5)
    second = post(api, staff["applicant"], {"item": item.code, "channel": "online", "applicant": PERSON}).json()
    detail = api(staff["applicant"]).get(f"/api/v1/cases/{first['number']}/").json()
    assert detail["guide_version"] == 1
    assert api(staff["applicant"]).get(f"/api/v1/cases/{second['number']}/").json()["guide_version"] == 2


def test_a_body_that_is_not_an_object_is_named_as_such(staff, item, api):
    for body in ([], "abc", 123):
        response = post(api, staff["applicant"], body)
        assert response.status_code == 400
        assert response.json()["errors"] == [{"field": None, "code": "invalid", "message": "请求体应为 JSON 对象。"}]
    filed = post(api, staff["applicant"], {"item": item.code, "channel": "online", "applicant": PERSON}).json()
    resubmit = api(staff["applicant"]).post(f"/api/v1/cases/{filed['number']}/resubmit/", [], format="json")
    assert resubmit.status_code == 400 and resubmit.json()["errors"][0]["code"] == "invalid"
    assert Case.objects.count() == 1
