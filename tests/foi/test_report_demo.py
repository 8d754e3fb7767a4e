"""The demo lays out last year's draft reports relative to the moment it loads, and loading again
changes nothing."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from backend.foi.models_report import AnnualReport
from demo.foi_report import load_foi_report
from demo.loader import Tally, load_organisation

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 1, 20, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_the_demo_drafts_last_years_reports():
    with time_machine.travel(NOW, tick=False):
        load_organisation(Tally())
        tally = Tally()
        reports = load_foi_report(tally, now=NOW)
        assert {(r.year, r.organ.code if r.organ else None) for r in reports} == {(2026, None), (2026, "scjgj")}
        county = AnnualReport.objects.get(year=2026, organ=None)
        assert county.status == "draft" and county.proactive["penalty"] == 318
        assert county.review["reconsideration"]["upheld"] == 2 and "临河县" in county.overview
        again = Tally()
        load_foi_report(again, now=NOW)
    assert set(again.counts[str(AnnualReport._meta.verbose_name)]) == {"unchanged"}
