"""The month's scorecard is computed from the statistics API's department table, keeps exactly
those rows, and can be recomputed from them. Runs once backend.statistics is merged beside it."""

from datetime import date

import pytest

from backend.scorecards import core, services
from backend.statistics.selectors import stats_table
from tests import factories
from tests.scorecards.conftest import NOW
from tests.supervision.conftest import act, at, file_case

pytestmark = pytest.mark.django_db

ROLE_OF = {"accept": "clerk", "review": "reviewer", "decide": "approver", "complete": "clerk"}


def complete(item, staff, day):
    case = file_case(item, staff, at(2026, 11, day, 9))
    for step in ("accept", "review", "decide", "complete"):
        act(case, staff[ROLE_OF[step]], step, factories.favourable(step), at(2026, 11, day, 10))
    assert case.status == "completed"
    return case


def test_the_scorecard_is_the_statistics_table_scored(staff, dept):
    item = factories.item(dept, promised=10, statutory=20)
    for day in (2, 3, 4):
        complete(item, staff, day)
    scorecard = services.scorecard_compute(month=date(2026, 11, 1), now=NOW, actor=staff["supervisor"])

    rows = stats_table(group_by="department", date_from=date(2026, 11, 1), date_to=date(2026, 11, 30))
    assert scorecard.input_rows == services._json_rows(rows)
    market = next(r for r in scorecard.computed_rows if r["label"] == dept.name)
    assert market["completed"] == 3 and market["rank"] is None
    assert market["reason"] == "本月办结 3 件，少于最低样本量 10 件，不参与排名"
    again = [r.as_dict() for r in core.score_departments(scorecard.input_rows, scorecard.method.as_core())]
    assert again == scorecard.computed_rows


def test_the_compute_button_computes_the_month_and_shows_it(client, staff, dept, pinned):
    item = factories.item(dept, promised=10, statutory=20)
    complete(item, staff, 5)
    client.force_login(staff["supervisor"])
    response = client.post("/supervision/scorecards/compute/", {"month": "2026-11"})
    assert response.status_code == 302 and response["Location"] == "/supervision/scorecards/2026-11/"
    page = client.get(response["Location"]).content.decode()
    assert dept.name in page and "本月办结 1 件，少于最低样本量 10 件，不参与排名" in page
