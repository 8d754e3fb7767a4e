"""The month's scorecard is computed from the statistics API's department table, keeps exactly
those rows, and can be recomputed from them. Runs once backend.statistics is merged beside it."""

import pytest

pytest.importorskip("backend.statistics.selectors")

from datetime import date  # noqa: E402

from backend.scorecards import core, services  # noqa: E402
from backend.statistics.selectors import stats_table  # noqa: E402
from tests import factories  # noqa: E402
from tests.scorecards.conftest import NOW  # noqa: E402
from tests.supervision.conftest import act, at, file_case  # noqa: E402

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
