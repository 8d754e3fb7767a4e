"""GET /api/v1/supervision/stats/ and the page: supervisors only, every bad parameter named, and the
table exported as Excel and CSV."""

import csv
import io
from urllib.parse import unquote

import pytest
import time_machine
from openpyxl import load_workbook

from .conftest import at

URL = "/api/v1/supervision/stats/"
NOV = {"from": "2026-11-01", "to": "2026-11-30"}


@pytest.fixture
def supervisor_api(api, staff):
    return api(staff["supervisor"])


def test_supervisor_reads_the_department_table(swept, supervisor_api, dept):
    response = supervisor_api.get(URL, {**NOV, "group_by": "department"})
    assert response.status_code == 200
    body = response.json()
    assert (body["group_by"], body["date_from"], body["date_to"]) == ("department", "2026-11-01", "2026-11-30")
    (row,) = body["rows"]
    assert row["label"] == dept.name and row["completed"] == 5 and row["on_time_rate"] == pytest.approx(0.8)


@pytest.mark.parametrize("params, field", [
    ({"group_by": "weekday", **NOV}, "group_by"),
    ({"from": "2026-11-01"}, "to"),
    ({"from": "20261101", "to": "2026-11-30"}, "from"),
    ({"from": "2026-11-30", "to": "2026-11-01"}, "to"),
    ({**NOV, "department": "market"}, "department"),
    ({**NOV, "item": "NO-SUCH-ITEM"}, "item"),
    ({**NOV, "format": "pdf"}, "format"),
])
def test_bad_parameters_are_400_naming_the_field(month, supervisor_api, params, field):
    response = supervisor_api.get(URL, params)
    assert response.status_code == 400
    assert field in [e["field"] for e in response.json()["errors"]]


def test_staff_and_applicants_may_not_read_statistics(month, api, staff):
    for who in ("reviewer", "clerk", "applicant"):
        response = api(staff[who]).get(URL, NOV)
        assert response.status_code == 403, who
    assert api().get(URL, NOV).status_code in (401, 403)


def test_a_rating_reaches_the_staff_table_which_never_says_who_rated(swept, supervisor_api, staff):
    from backend.ratings.services import rating_submit

    # Through the applicant's own path: the ratings signal carries it into the statistics.
    rating_submit(case=swept[0][0].case, score=1, comment="", channel="portal", now=at(2026, 12, 2))
    rows = supervisor_api.get(URL, {**NOV, "group_by": "staff"}).json()["rows"]
    reviewer = next(r for r in rows if r["key"] == staff["reviewer"].pk)
    assert reviewer["ratings"] == 1 and reviewer["mean_rating"] == 1
    assert "applicant" not in str(rows) and staff["applicant"].username not in str(rows)


def test_xlsx_export_opens_with_headers_and_rows(swept, supervisor_api, dept):
    response = supervisor_api.get(URL, {**NOV, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    disposition = response["Content-Disposition"]
    assert 'filename="statistics_department_2026-11-01_2026-11-30.xlsx"' in disposition
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "统计_部门_2026-11-01_2026-11-30.xlsx"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("编码", "部门", "收件", "受理")
    assert rows[1][:2] == (dept.pk, dept.name) and rows[1][5] == 5 and rows[1][7] == pytest.approx(0.8)


def test_csv_export_has_a_bom_for_excel(swept, supervisor_api, item):
    response = supervisor_api.get(URL, {**NOV, "group_by": "item", "format": "csv"})
    assert response.status_code == 200 and response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][1] == "事项" and rows[1][:2] == [item.code, item.name]
    assert rows[1][7] == "80.0%"
    assert "%E7%BB%9F%E8%AE%A1_%E4%BA%8B%E9%A1%B9" in response["Content-Disposition"]


def test_page_shows_the_table_and_export_links(swept, client, staff, dept):
    client.force_login(staff["supervisor"])
    with time_machine.travel(at(2026, 12, 1), tick=False):
        default = client.get("/supervision/stats/")
        assert default.status_code == 200 and 'value="2026-12-01"' in default.content.decode()
        page = client.get("/supervision/stats/", NOV).content.decode()
    assert dept.name in page and '<th scope="row" translate="no">' in page
    assert "format=xlsx" in page and "format=csv" in page


def test_page_names_a_bad_date_and_refuses_staff(month, client, staff):
    client.force_login(staff["supervisor"])
    page = client.get("/supervision/stats/", {"from": "2026-13-01", "to": "2026-11-30"}).content.decode()
    assert 'aria-invalid="true"' in page and "YYYY-MM-DD" in page
    client.force_login(staff["reviewer"])
    assert client.get("/supervision/stats/", NOV).status_code == 403
