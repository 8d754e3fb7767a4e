"""The letters API: writing in (field errors), tracking with the brake, staff steps and who may
see what, rating and reopening, statistics."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backend.letters.models import Letter
from tests import factories
from tests.letters.conftest import LETTER, SIGNED, at, pinned

pytestmark = pytest.mark.django_db


def fields(response) -> set:
    return {(e["field"], e["code"]) for e in response.json()["errors"]}


def test_write_in_without_an_account(api, mailbox):
    with pinned(at(2026, 11, 2, 9)):
        response = api().post("/api/v1/letters/", {**LETTER, "mailbox": mailbox.code}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"].startswith("TB") and len(body["query_code"]) == 8 and body["status"] == "submitted"
    assert Letter.objects.get(case__number=body["number"]).may_publish is True


def test_write_in_names_every_bad_field(api, mailbox):
    response = api().post("/api/v1/letters/", {"mailbox": mailbox.code, "letter_type": "gossip", "subject": "",
                                               "body": "", "writer_name": "", "mobile": "12345",
                                               "email": "not-mail"}, format="json")
    assert response.status_code == 400
    assert fields(response) >= {("letter_type", "invalid"), ("subject", "required"), ("body", "required"),
                                ("writer_name", "required"), ("mobile", "invalid"), ("email", "invalid")}
    unknown = api().post("/api/v1/letters/", {**LETTER, "mailbox": mailbox.code, "colour": "red"}, format="json")
    assert fields(unknown) == {("colour", "unknown")}


def test_attachments_are_checked_by_content(api, mailbox):
    with pinned(at(2026, 11, 2, 9)):
        bad = api().post("/api/v1/letters/", {**LETTER, "may_publish": "true", "mailbox": mailbox.code,
                                              "attachments": [SimpleUploadedFile("a.pdf", b"MZ not a pdf")]},
                         format="multipart")
        assert bad.status_code == 400 and ("attachments", "unsupported_type") in fields(bad)
        good = api().post("/api/v1/letters/", {**LETTER, "mailbox": mailbox.code,
                                               "attachments": [SimpleUploadedFile("scan.pdf", factories.PDF)]},
                          format="multipart")
    assert good.status_code == 201, good.content
    letter = Letter.objects.get(case__number=good.json()["number"])
    assert [a.original_name for a in letter.attachments.all()] == ["scan.pdf"]


def test_tracking_needs_the_query_code_and_is_braked(api, carry):
    letter = carry()
    wrong = api().post("/api/v1/letters/track/", {"number": letter.case.number, "query_code": "XXXXXXXX"},
                       format="json")
    assert wrong.status_code == 404
    for _ in range(12):
        last = api().post("/api/v1/letters/track/", {"number": letter.case.number, "query_code": "XXXXXXXX"},
                          format="json")
    assert last.status_code == 429


def test_tracking_shows_the_reply(api, carry):
    letter = carry()
    response = api().post("/api/v1/letters/track/", {"number": letter.case.number,
                                                     "query_code": letter.case.query_code}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "completed" and body["reply_text"] == letter.reply_text
    assert body["department"] == "县住房和城乡建设局"


def test_staff_steps_through_the_api(api, mailbox, people, housing):
    with pinned(at(2026, 11, 2, 9)):
        number = api().post("/api/v1/letters/", {**LETTER, "mailbox": mailbox.code}, format="json").json()["number"]
    with pinned(at(2026, 11, 2, 10)):
        bad = api(people["clerk"]).post(f"/api/v1/letters/staff/{number}/screen/", {"accept": True}, format="json")
        assert bad.status_code == 400 and fields(bad) == {("department", "required")}
        ok = api(people["clerk"]).post(f"/api/v1/letters/staff/{number}/screen/",
                                       {"accept": True, "department": housing.pk}, format="json")
        assert ok.status_code == 200 and ok.json()["step"] == "handle"
        again = api(people["clerk"]).post(f"/api/v1/letters/staff/{number}/screen/",
                                          {"accept": True, "department": housing.pk}, format="json")
        assert again.status_code == 409
    with pinned(at(2026, 11, 3, 10)):
        drafted = api(people["drafter"]).post(f"/api/v1/letters/staff/{number}/draft/", {
            "reply": "已答复", "classification": "constructive", "outcome": "adopted"}, format="json")
        assert drafted.status_code == 200 and drafted.json()["step"] == "sign"
        not_head = api(people["drafter"]).post(f"/api/v1/letters/staff/{number}/sign/", {"approve": True},
                                               format="json")
        assert not_head.status_code in (403, 404)
        signed = api(people["head"]).post(f"/api/v1/letters/staff/{number}/sign/", {"approve": True,
                                                                                   "opinion": "同意"}, format="json")
    assert signed.status_code == 200, signed.content
    assert signed.json()["status"] == "completed" and signed.json()["published"] is True


def test_a_department_sees_only_its_letters(api, carry, write, people):
    mine = carry("screen")
    other = write()
    housing = {r["number"] for r in api(people["drafter"]).get("/api/v1/letters/staff/").json()}
    assert housing == {mine.case.number}
    assert api(people["water_staff"]).get(f"/api/v1/letters/staff/{mine.case.number}/").status_code == 404
    assert api(people["outsider"]).get("/api/v1/letters/staff/").json() == []
    office = {r["number"] for r in api(people["clerk"]).get("/api/v1/letters/staff/").json()}
    assert office == {mine.case.number, other.case.number}
    assert api().get("/api/v1/letters/staff/").status_code in (401, 403)


def test_rate_and_reopen_through_the_api(api, carry):
    letter = carry()
    lookup = {"number": letter.case.number, "query_code": letter.case.query_code}
    early = api().post("/api/v1/letters/reopen/", {**lookup, "reason": "不满意"}, format="json")
    assert early.status_code == 409
    bad = api().post("/api/v1/letters/rating/", {**lookup, "score": 9}, format="json")
    assert bad.status_code == 400
    rated = api().post("/api/v1/letters/rating/", {**lookup, "score": 1, "comment": "没解决"}, format="json")
    assert rated.status_code == 201 and rated.json()["rating"] == 1
    twice = api().post("/api/v1/letters/rating/", {**lookup, "score": 5}, format="json")
    assert twice.status_code == 409
    no_reason = api().post("/api/v1/letters/reopen/", {**lookup, "reason": ""}, format="json")
    assert no_reason.status_code == 400 and fields(no_reason) == {("reason", "required")}
    reopened = api().post("/api/v1/letters/reopen/", {**lookup, "reason": "问题没有解决"}, format="json")
    assert reopened.status_code == 201
    follow = Letter.objects.get(case__number=reopened.json()["number"])
    assert follow.follow_up_of == letter


def test_stats_per_department_and_month(api, carry, write, people, housing):
    carry()  # replied on time
    carry("screen", letter_type="complaint")
    write()  # not screened yet
    from backend.letters import services

    services.letter_rate(case=Letter.objects.filter(replied_at__isnull=False).get().case, score=4, comment="",
                         now=SIGNED)
    rows = api(people["clerk"]).get("/api/v1/letters/stats/?date_from=2026-11-01&date_to=2026-11-30").json()
    by_dept = {r["department"]["code"]: r for r in rows}
    row = by_dept["zjj"]
    assert (row["month"], row["received"], row["accepted"], row["replied"]) == ("2026-11", 2, 2, 1)
    assert row["reply_rate"] == 0.5 and row["on_time_rate"] == 1.0
    assert row["mean_working_days"] == 3 and row["satisfaction"] == 4
    assert by_dept[None]["received"] == 1
    dept_rows = api(people["drafter"]).get("/api/v1/letters/stats/?date_from=2026-11-01&date_to=2026-11-30").json()
    assert [r["department"]["code"] for r in dept_rows] == ["zjj"]
    bad = api(people["clerk"]).get("/api/v1/letters/stats/?date_from=2026-13-01")
    assert bad.status_code == 400 and fields(bad) == {("date_from", "invalid")}


def test_the_staff_list_costs_the_same_queries_for_two_letters_as_for_ten(carry, people, api):
    """The office's list reads each letter's deadline and follow-up in the list's own queries."""
    client = api(people["clerk"])

    def queries() -> tuple[int, int]:
        with pinned(SIGNED), CaptureQueriesContext(connection) as ctx:
            response = client.get("/api/v1/letters/staff/")
        assert response.status_code == 200
        return len(ctx), len(response.json())

    carry("sign")
    carry("screen")
    few, rows = queries()
    for _ in range(4):
        carry("sign")
        carry("screen")
    many, more_rows = queries()
    assert (rows, more_rows) == (2, 10)
    assert many == few
    due = [row["reply_due"] for row in client.get("/api/v1/letters/staff/").json() if row["status"] != "completed"]
    assert due and all(due)  # still there, from the annotation
