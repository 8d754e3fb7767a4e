"""GET /api/v1/supervision/clocks/: the clock board, for supervisors and administrators only."""

from backend.supervision import services

from .conftest import at

URL = "/api/v1/supervision/clocks/"


def test_supervisor_sees_yellow_clocks_with_their_figures(accepted_case, staff, api):
    services.clocks_sweep(now=at(2026, 10, 14, 1))
    body = api(staff["supervisor"]).get(URL, {"state": "yellow"}).json()
    rows = [r for r in body["results"] if r["kind"] == "promised"]
    assert len(rows) == 1
    row = rows[0]
    assert row["case"] == accepted_case.number and row["item"]["code"] == accepted_case.item.code
    assert row["state"] == "yellow" and row["promised_deadline"] == "2026-10-16"
    assert row["projected_deadline"] == "2026-10-16"
    assert {"used_working_days", "remaining_working_days", "step", "explanation"} <= row.keys()
    assert all(r["state"] == "yellow" for r in body["results"])


def test_red_filter(accepted_case, staff, api):
    services.clocks_sweep(now=at(2026, 10, 17, 1))
    rows = api(staff["supervisor"]).get(URL, {"state": "red"}).json()["results"]
    assert {r["kind"] for r in rows} >= {"promised"}


def test_staff_and_applicants_are_refused(staff, api):
    for who in ("clerk", "reviewer", "approver", "applicant"):
        response = api(staff[who]).get(URL)
        assert response.status_code == 403, who
        assert response.json()["errors"][0]["code"] == "forbidden"
    assert api().get(URL).status_code in (401, 403)


def test_unknown_state_is_a_400(staff, api):
    response = api(staff["supervisor"]).get(URL, {"state": "purple"})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "state"
