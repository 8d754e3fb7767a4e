"""Read APIs under /api/v1/supervision/scorecards/."""

import pytest

pytestmark = pytest.mark.django_db


def test_supervisors_read_the_months_and_a_month_in_full(api, people, scorecard, november_rows):
    client = api(people["supervisor"])
    listing = client.get("/api/v1/supervision/scorecards/")
    assert listing.status_code == 200
    assert listing.json() == [{"month": "2026-11", "method_version": 1, "computed_at": listing.json()[0]["computed_at"],
                               "circular_status": "draft", "departments": 4, "ranked": 3}]
    detail = client.get("/api/v1/supervision/scorecards/2026-11/").json()
    assert detail["input_rows"] == november_rows
    assert detail["method"]["min_sample"] == 10
    forestry = next(r for r in detail["rows"] if r["label"] == "县林业局")
    assert forestry["rank"] is None and forestry["reason_code"] == "below_min_sample"
    assert detail["circular"]["status"] == "draft"
    assert [e["label"] for e in detail["circular"]["criticised"]] == ["县自然资源局"]


def test_a_month_not_computed_is_404_and_a_bad_month_400(api, people, scorecard):
    client = api(people["supervisor"])
    missing = client.get("/api/v1/supervision/scorecards/2026-10/")
    assert missing.status_code == 404 and missing.json()["errors"][0]["code"] == "not_found"
    assert client.get("/api/v1/supervision/scorecards/2026-13/").status_code == 400


def test_others_are_refused(api, people, scorecard):
    assert api(people["clerk"]).get("/api/v1/supervision/scorecards/").status_code == 403
    assert api(people["clerk"]).get("/api/v1/supervision/scorecards/2026-11/").status_code == 403
    assert api().get("/api/v1/supervision/scorecards/").status_code in (401, 403)


def test_the_published_methods_are_listed(api, people):
    versions = api(people["supervisor"]).get("/api/v1/supervision/scorecards/methods/").json()
    assert [m["version"] for m in versions] == [1]
