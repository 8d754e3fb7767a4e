"""A deadline through a year without an imported holiday notice is computed by the statutory holidays,
drives cards like any other, and says it is provisional wherever it is shown (API, case page,
tracking page, acceptance notice, supervision board). Nothing refuses to file, accept or decide."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from backend.cases import notices
from backend.supervision import services
from backend.supervision.models import Card, Clock
from tests import factories

from .conftest import act, at, file_case

NOTE = "按法定节假日暂定，国务院办公厅公布 2027 年节假日安排后自动重算"
NOTE_EN = "recalculated automatically once the General Office of the State Council publishes the 2027 holiday"


@pytest.fixture
def item(dept):
    return factories.item(dept, promised=20, statutory=20)


@pytest.fixture
def december_case(item, staff):
    """Filed and accepted Monday 2026-12-07: 20 working days end on Tuesday 2027-01-05 (1 January off)."""
    case = file_case(item, staff, at(2026, 12, 7, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 12, 7, 10))
    return case


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_clocks_are_computed_and_marked_provisional(december_case):
    clocks = {c.kind: c for c in Clock.objects.filter(case=december_case)}
    for kind in ("promised", "statutory"):
        assert str(clocks[kind].projected_deadline) == "2027-01-05" and clocks[kind].deadline_provisional, kind
        assert str(clocks[kind].promised_deadline) == "2027-01-05"
    review = next(c for c in clocks.values() if c.kind == "step")  # a 1-day step stays in 2026
    assert not review.deadline_provisional


def test_the_case_api_says_provisional_with_the_reason(december_case, staff, api):
    clock = api(staff["reviewer"]).get(f"/api/v1/cases/{december_case.number}/").json()["clock"]
    assert clock["promised_deadline"] == "2027-01-05" and clock["statutory_deadline"] == "2027-01-05"
    assert clock["deadline_provisional"] is True and clock["provisional_years"] == [2027]
    assert clock["promised_deadline_provisional"] is True and clock["statutory_deadline_provisional"] is True
    assert clock["deadline_note"] == NOTE
    assert "（2027年按法定节假日暂定）" in clock["explanation"]
    english = api(staff["reviewer"]).get(f"/api/v1/cases/{december_case.number}/", HTTP_ACCEPT_LANGUAGE="en")
    assert NOTE_EN in english.json()["clock"]["deadline_note"]


def test_the_case_page_and_the_tracking_page_say_provisional(december_case, staff):
    page = signed_in(staff["reviewer"]).get(f"/cases/{december_case.number}/").content.decode()
    assert "2027-01-05" in page and "暂定" in page and NOTE in page
    track = Client().get("/track/", {"number": december_case.number, "query_code": december_case.query_code})
    text = track.content.decode()
    assert track.status_code == 200 and "当前承诺期限" in text and "2027-01-05" in text and NOTE in text
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get(
        "/track/", {"number": december_case.number, "query_code": december_case.query_code})
    assert NOTE_EN in english.content.decode()
    public = Client().get(reverse("api-public-case", args=[december_case.number]),
                          {"query_code": december_case.query_code}).json()
    assert public["clock"]["deadline_provisional"] is True and public["clock"]["promised_deadline"] == "2027-01-05"


def test_the_acceptance_notice_says_provisional(december_case):
    text = "".join("".join(p.extract_text().split())
                   for p in PdfReader(io.BytesIO(notices.render_notice(december_case, now=at(2026, 12, 7, 11)))).pages)
    assert "最迟于2027年1月5日办结；" + NOTE.replace(" ", "") in text


def test_the_board_counts_provisional_deadlines(december_case, staff, api):
    page = signed_in(staff["supervisor"]).get("/supervision/").content.decode()
    assert "期限暂定（1 件）" in page and "2027 年的节假日安排尚未导入，这些在办期限按法定节假日暂定" in page
    rows = api(staff["supervisor"]).get("/api/v1/supervision/clocks/").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    promised = next(r for r in rows if r["case"] == december_case.number and r["kind"] == "promised")
    assert promised["deadline_provisional"] is True


def test_provisional_deadlines_turn_yellow_and_red_like_any_other(december_case):
    services.clocks_sweep(now=at(2027, 1, 4, 9))  # 16 of 20 used (80 %): yellow
    promised = Clock.objects.get(case=december_case, kind="promised")
    assert promised.state == "yellow"
    services.clocks_sweep(now=at(2027, 1, 6, 0, 1))
    promised.refresh_from_db()
    statutory = Clock.objects.get(case=december_case, kind="statutory")
    assert promised.state == "red" and statutory.statutory_breach
    assert list(Card.objects.filter(clock=promised).order_by("at").values_list("from_state", "to_state")) == [
        ("green", "yellow"), ("yellow", "red")]


def test_suspension_into_the_provisional_year_counts_its_working_days(december_case, staff):
    """Suspended Monday 2026-12-21, resumed Monday 2027-01-11: 22, 23, 24, 25, 28, 29, 30, 31 December
    and 4–8, 11 January are 14 working days (1 January off): the deadline moves from 5 to 25 January."""
    services.clock_suspend(case=december_case, reason="专家评审", legal_basis="行政许可法第四十五条",
                           actor=staff["reviewer"], now=at(2026, 12, 21, 9))
    services.clock_resume(case=december_case, actor=staff["reviewer"], now=at(2027, 1, 11, 9))
    promised = Clock.objects.get(case=december_case, kind="promised")
    assert str(promised.projected_deadline) == "2027-01-25" and promised.deadline_provisional
    assert str(promised.promised_deadline) == "2027-01-05"


def test_filing_accepting_and_deciding_in_a_provisional_year(item, staff):
    case = file_case(item, staff, at(2031, 6, 3, 9))
    for step, who, decision in (("accept", "clerk", "accept"), ("review", "reviewer", "done"),
                                ("decide", "approver", "approve"), ("complete", "clerk", "done")):
        act(case, staff[who], step, decision, at(2031, 6, 4, 10))
    assert (case.status, case.decision) == ("completed", "approved")
    promised = Clock.objects.get(case=case, kind="promised")
    assert promised.state == "completed" and promised.deadline_provisional


def test_only_the_deadline_that_reaches_the_provisional_year_is_marked(dept, staff, api):
    """Promised 5 working days (in 2026), statutory 20 (in 2027): the tracking page marks only the latter."""
    item = factories.item(dept, promised=5, statutory=20)
    case = file_case(item, staff, at(2026, 12, 7, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 12, 7, 10))
    clock = api(staff["reviewer"]).get(f"/api/v1/cases/{case.number}/").json()["clock"]
    assert (clock["promised_deadline"], clock["promised_deadline_provisional"]) == ("2026-12-14", False)
    assert (clock["statutory_deadline"], clock["statutory_deadline_provisional"]) == ("2027-01-05", True)
    page = Client().get("/track/", {"number": case.number, "query_code": case.query_code}).content.decode()
    promised_row = page.split("当前承诺期限", 1)[1].split("</dd>", 1)[0]
    statutory_row = page.split("法定期限", 1)[1].split("</dd>", 1)[0]
    assert "2026-12-14" in promised_row and "暂定" not in promised_row
    assert "2027-01-05" in statutory_row and "暂定" in statutory_row
    text = "".join("".join(p.extract_text().split())
                   for p in PdfReader(io.BytesIO(notices.render_notice(case, now=at(2026, 12, 7, 11)))).pages)
    assert "最迟于2026年12月14日办结）" in text  # the printed promise is final: no provisional note
