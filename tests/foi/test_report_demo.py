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


def test_after_january_last_years_reports_are_published_and_from_november_this_years_are_drafted():
    december = datetime(2026, 12, 8, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(december, tick=False):
        load_organisation(Tally())
        load_foi_report(Tally(), now=december)
        reports = {(r.year, r.organ.code if r.organ else None): r for r in AnnualReport.objects.all()}
        assert set(reports) == {(2025, None), (2025, "scjgj"), (2026, None), (2026, "scjgj")}
        published = reports[(2025, None)]
        assert published.status == "published" and published.signed_off_by is not None
        assert (published.published_at.month, published.published_at.day) == (1, 22)  # before the 31 January deadline
        assert reports[(2026, None)].status == "draft"
        again = Tally()
        load_foi_report(again, now=december)
    assert set(again.counts[str(AnnualReport._meta.verbose_name)]) == {"unchanged"}


def test_in_spring_only_last_years_reports_exist_and_are_published():
    april = datetime(2026, 4, 15, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(april, tick=False):
        load_organisation(Tally())
        load_foi_report(Tally(), now=april)
    assert set(AnnualReport.objects.values_list("year", "status")) == {(2025, "published")}
