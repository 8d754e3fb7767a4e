"""GET /api/v1/calendar/deadline/ and /between/: public, errors in the project's format."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.urls("tests.workcalendar.urls")


def get(path: str, **params):
    return APIClient().get(f"/api/v1/calendar/{path}/", params)


def test_deadline(db):
    response = get("deadline", start="2026-09-30", working_days="5")
    assert response.status_code == 200
    assert response.json() == {"deadline": "2026-10-13", "provisional_years": []}


def test_a_deadline_through_a_provisional_year_says_so(db):
    # 1 January 2027 is off by the statutory rule; the 2027 notice is not imported.
    response = get("deadline", start="2026-12-07", working_days="20")
    assert response.json() == {"deadline": "2027-01-05", "provisional_years": [2027]}


def test_between(db):
    response = get("between", start="2026-09-30", end="2026-10-15")
    assert response.status_code == 200 and response.json() == {"working_days": 7, "provisional_years": []}
    across = get("between", start="2026-12-31", end="2027-01-08").json()
    assert across == {"working_days": 5, "provisional_years": [2027]}


@pytest.mark.parametrize("path,params,field", [
    ("deadline", {"start": "2026-02-30", "working_days": "5"}, "start"),
    ("deadline", {"start": "2026-09-30", "working_days": "-1"}, "working_days"),
    ("deadline", {"start": "2026-09-30", "working_days": "five"}, "working_days"),
    ("deadline", {"working_days": "5"}, "start"),
    ("between", {"start": "2026-09-30", "end": "tomorrow"}, "end"),
])
def test_bad_input_is_400_with_field_errors(db, path, params, field):
    response = get(path, **params)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == [field]
    assert errors[0]["code"] in {"invalid", "required", "min_value"} and errors[0]["message"]


def test_bad_date_code_is_invalid(db):
    error = get("deadline", start="2026/09/30", working_days="5").json()["errors"][0]
    assert error == {"field": "start", "code": "invalid", "message": error["message"]}


@pytest.mark.parametrize("path,params,field", [
    ("deadline", {"start": "2099-12-30", "working_days": "5"}, "working_days"),
    ("deadline", {"start": "2100-01-01", "working_days": "5"}, "start"),
    ("deadline", {"start": "9999-12-31", "working_days": "1"}, "start"),
    ("between", {"start": "2099-12-01", "end": "2100-01-15"}, "end"),
])
def test_uncovered_year_is_400_not_covered(db, path, params, field):
    response = get(path, **params)
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["code"] == "not_covered" and error["field"] == field
    assert "工作日历未覆盖" in error["message"]


def test_messages_follow_the_request_language(db):
    params = {"start": "x", "working_days": "1"}
    chinese = APIClient().get("/api/v1/calendar/deadline/", params).json()["errors"][0]["message"]
    english = APIClient().get("/api/v1/calendar/deadline/", params, HTTP_ACCEPT_LANGUAGE="en").json()
    assert "日期" in chinese  # zh-hans is the default language
    assert "Date has wrong format" in english["errors"][0]["message"]
