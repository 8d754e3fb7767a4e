"""When the 2027 notice arrives, importing it replaces the provisional year: open clocks are
re-projected with a report, the provisional marks clear, moved deadlines are shown with their reason,
and what no longer holds (a red card, a statutory breach) is annulled by an appended log entry while
what newly holds is issued. Uses the hypothetical notice of tests/notices.py: it makes Sunday
31 January a working day and closes 11–12 February (the provisional rule closes only 5, 8, 9, 10)."""

import io
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader

from backend.cases import notices
from backend.supervision import hashlog, ledger, services
from backend.supervision.models import Card, Clock, DeadlineChange, LogEntry
from backend.supervision.reprojection import clocks_reproject
from backend.workcalendar.calendar import refresh_if_stale
from tests import factories
from tests.notices import NOTICE_2027, SOURCE_2027, import_2027

from .conftest import act, at, file_case


@pytest.fixture
def item(dept):
    return factories.item(dept, promised=10, statutory=10)


def accepted_on(item, staff, moment):
    case = file_case(item, staff, moment.replace(hour=9))
    act(case, staff["clerk"], "accept", "accept", moment)
    return case


def clock(case, kind="promised") -> Clock:
    return Clock.objects.get(case=case, kind=kind)


def reimport(now):
    version = import_2027()
    return clocks_reproject(now=now, version=version.number)


def test_the_import_moves_the_deadline_clears_the_mark_and_keeps_the_promise(item, staff):
    case = accepted_on(item, staff, at(2027, 1, 25, 10))  # provisional: 26–29 Jan, 1–4, 11, 12 Feb
    promised = clock(case)
    assert (str(promised.projected_deadline), promised.deadline_provisional) == ("2027-02-12", True)

    report = reimport(at(2027, 1, 27, 10))

    promised.refresh_from_db()
    assert (str(promised.projected_deadline), promised.deadline_provisional) == ("2027-02-15", False)
    assert str(promised.promised_deadline) == "2027-02-12"  # the promise told is kept
    assert f"moved    {case.number} promised: 2027-02-12 → 2027-02-15 (promise told 2027-02-12 kept)" in str(report)
    assert "0 open deadline(s) still provisional" in str(report).splitlines()[0]
    change = DeadlineChange.objects.get(clock=promised)
    assert (str(change.before), str(change.after), change.years) == ("2027-02-12", "2027-02-15", [2027])
    assert LogEntry.objects.filter(kind="clock_reprojected", payload__clock=promised.pk).exists()


def test_the_applicant_sees_the_new_date_and_why(item, staff, api):
    case = accepted_on(item, staff, at(2027, 1, 25, 10))
    reimport(at(2027, 1, 27, 10))
    page = Client().get("/track/", {"number": case.number, "query_code": case.query_code}).content.decode()
    assert "2027-02-15" in page and "期限重算记录" in page
    assert f"国务院办公厅公布 2027 年节假日安排后重算（日历版本 #2，{SOURCE_2027}）" in page
    assert "按法定节假日暂定" not in page  # the mark is gone
    changes = api(staff["reviewer"]).get(f"/api/v1/cases/{case.number}/").json()["clock"]["deadline_changes"]
    assert [(c["clock"], c["before"], c["after"]) for c in changes] == [
        ("promised", "2027-02-12", "2027-02-15"), ("statutory", "2027-02-12", "2027-02-15")]
    # A reprint repeats the promise as told and says where it stands now.
    text = "".join("".join(p.extract_text().split())
                   for p in PdfReader(io.BytesIO(notices.render_notice(case, now=at(2027, 1, 28)))).pages)
    assert "最迟于2027年2月12日办结；" in text and "现为2027年2月15日" in text


def test_a_red_card_and_a_breach_that_no_longer_hold_are_annulled_and_the_chain_stays_valid(item, staff):
    case = accepted_on(item, staff, at(2027, 1, 25, 10))
    services.clocks_sweep(now=at(2027, 2, 4, 10))  # 8 of 10 used: yellow on either calendar
    services.clocks_sweep(now=at(2027, 2, 15, 9))  # past the provisional 12 February: red, breach
    promised, statutory = clock(case), clock(case, "statutory")
    assert promised.state == "red" and statutory.statutory_breach
    red = Card.objects.get(clock=promised, to_state="red")

    report = reimport(at(2027, 2, 15, 10))

    promised.refresh_from_db()
    statutory.refresh_from_db()
    assert promised.state == "yellow"  # 15 February is the last day on the official calendar
    assert not statutory.statutory_breach
    red.refresh_from_db()
    assert red.annulled_at == at(2027, 2, 15, 10)
    assert "日历版本 #2" in red.annulment_reason and "2027-02-12 改为 2027-02-15" in red.annulment_reason
    assert "“预警”" in red.annulment_reason
    yellow = Card.objects.get(clock=promised, from_state="green", to_state="yellow")
    assert yellow.annulled_at is None  # 4 February was yellow on the official calendar too
    assert Card.objects.filter(pk=red.pk).exists()  # annulled, never deleted
    assert LogEntry.objects.filter(kind="card_annulled", payload__card=red.pk).exists()
    assert LogEntry.objects.filter(kind="statutory_breach_annulled", payload__clock=statutory.pk).exists()
    assert f"annulled {case.number} promised: red card of 2027-02-15 09:00" in str(report)
    assert hashlog.verify().ok
    cards = Client()
    cards.force_login(staff["supervisor"])
    listed = cards.get("/api/v1/supervision/cards/?state=red").json()
    listed = listed["results"] if isinstance(listed, dict) else listed
    assert any(c["id"] == red.pk and c["annulled_at"] for c in listed)


def test_a_card_and_a_breach_that_newly_hold_are_issued(dept, staff):
    """Accepted Friday 29 January, 5 working days: provisional deadline 11 February, official 4 February
    (31 January works, 5–13 February are off). On 5 February the case is overdue on the notice."""
    item = factories.item(dept, promised=5, statutory=5)
    case = accepted_on(item, staff, at(2027, 1, 29, 10))
    services.clocks_sweep(now=at(2027, 2, 5, 9))
    assert clock(case).state == "yellow" and not clock(case, "statutory").statutory_breach

    report = reimport(at(2027, 2, 5, 10))

    assert clock(case).state == "red" and clock(case, "statutory").statutory_breach
    assert any(c.case == case.number and (c.from_state, c.to_state) == ("yellow", "red") for c in report.cards_issued)
    assert LogEntry.objects.filter(kind="statutory_breach", payload__clock=clock(case, "statutory").pk).exists()


def test_a_case_finished_meanwhile_gets_its_final_figures_re_derived(item, staff):
    """Completed 15 February 10:00, after the provisional statutory deadline (12 February) but on the
    official one (15 February): the breach recorded at completion is annulled."""
    case = accepted_on(item, staff, at(2027, 1, 25, 10))
    for step, who, decision in (("review", "reviewer", "done"), ("decide", "approver", "approve"),
                                ("complete", "clerk", "done")):
        act(case, staff[who], step, decision, at(2027, 2, 15, 10))
    statutory = clock(case, "statutory")
    assert statutory.state == "completed" and statutory.statutory_breach and statutory.deadline_provisional

    report = reimport(at(2027, 2, 16, 9))

    statutory.refresh_from_db()
    assert not statutory.statutory_breach and not statutory.deadline_provisional
    assert str(statutory.projected_deadline) == "2027-02-15" and statutory.state == "completed"
    assert DeadlineChange.objects.filter(clock=statutory, after="2027-02-15").exists()
    assert any(a.what == "statutory breach" and a.case == case.number for a in report.annulled)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_import_command_re_projects_and_prints_the_report(item, staff, tmp_path):
    case = accepted_on(item, staff, at(2027, 1, 25, 10))
    path = tmp_path / "2027.csv"
    path.write_text(NOTICE_2027, encoding="utf-8")
    out = StringIO()
    call_command("calendar", "import", str(path), "--source", SOURCE_2027, stdout=out)
    text = out.getvalue()
    assert "official years 2027" in text and "re-projected" in text
    assert f"{case.number} promised: 2027-02-12 → 2027-02-15" in text
    assert not Clock.objects.filter(case=case, completed_at__isnull=True, deadline_provisional=True).exists()


def test_the_worked_example_of_docs_supervision(db):
    """docs/supervision.md: 45 working days from 2026-12-21 across New Year and Spring Festival, with
    expert review from 28 January to 18 February, before and after the (hypothetical) notice."""
    def project(suspended: bool):
        suspensions = [ledger.Suspension(date(2027, 1, 28), date(2027, 2, 18), "专家评审")] if suspended else []
        return ledger.project(budget_days=45, start=date(2026, 12, 21), suspensions=suspensions,
                              calendar=refresh_if_stale(), today=date(2027, 3, 1))

    assert (project(False).deadline, project(False).provisional_years) == (date(2027, 3, 1), (2027,))
    before = project(True)
    assert (before.deadline, before.suspended_days) == (date(2027, 3, 16), 11)
    assert before.explanation == ("45个工作日，自2026-12-21起算 + 专家评审暂停11个工作日 = 2027-03-16"
                                  "（2027年按法定节假日暂定）")
    import_2027()
    after = project(True)
    assert (project(False).deadline, after.deadline, after.suspended_days) == (date(2027, 3, 1), date(2027, 3, 15), 10)
    assert not after.provisional
