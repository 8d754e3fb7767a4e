"""The mailbox office's and the departments' pages: lists, the letter page's step forms with
their errors beside the fields, statistics."""

from __future__ import annotations

import pytest

from tests.letters.conftest import at, pinned

pytestmark = pytest.mark.django_db


def test_the_office_lists_all_letters_and_a_department_its_own(client, carry, write, people):
    mine = carry("screen")
    other = write(subject="另一封来信")
    client.force_login(people["clerk"])
    page = client.get("/letters/").content.decode()
    assert mine.case.number in page and other.case.number in page
    client.force_login(people["drafter"])
    page = client.get("/letters/").content.decode()
    assert mine.case.number in page and other.case.number not in page
    assert client.get(f"/letters/{other.case.number}/").status_code == 404


def test_screening_form_errors_stay_beside_the_fields(client, write, people, housing):
    letter = write()
    client.force_login(people["clerk"])
    page = client.get(f"/letters/{letter.case.number}/").content.decode()
    assert "受理甄别" in page
    with pinned(at(2026, 11, 2, 10)):
        bad = client.post(f"/letters/{letter.case.number}/screen/", {"decision": "accept", "opinion": "转住建"})
    assert bad.status_code == 400 and "请选择承办部门。" in bad.content.decode()
    assert "转住建" in bad.content.decode()
    with pinned(at(2026, 11, 2, 10)):
        ok = client.post(f"/letters/{letter.case.number}/screen/", {"decision": "accept",
                                                                    "department": str(housing.pk)})
    assert ok.status_code == 302


def test_draft_and_sign_on_the_letter_page(client, carry, people):
    letter = carry("screen")
    client.force_login(people["drafter"])
    with pinned(at(2026, 11, 3, 10)):
        bad = client.post(f"/letters/{letter.case.number}/draft/", {"reply": "答复", "classification": "wrong_view",
                                                                    "outcome": "adopted", "action": "submit"})
        assert bad.status_code == 400 and "该定性可选的处理结果为：澄清纠正。" in bad.content.decode()
        ok = client.post(f"/letters/{letter.case.number}/draft/", {"reply": "经核实，答复如下。",
                                                                   "classification": "wrong_view",
                                                                   "outcome": "corrected", "action": "submit"})
    assert ok.status_code == 302
    client.force_login(people["head"])
    page = client.get(f"/letters/{letter.case.number}/").content.decode()
    assert "负责人审签" in page and "经核实，答复如下。" in page
    with pinned(at(2026, 11, 4, 10)):
        signed = client.post(f"/letters/{letter.case.number}/sign/", {"decision": "approve", "opinion": "同意"})
    assert signed.status_code == 302
    page = client.get(f"/letters/{letter.case.number}/").content.decode()
    assert "答复审签记录" in page and "SHA-256" in page


def test_the_stats_page(client, carry, people):
    carry()
    client.force_login(people["clerk"])
    page = client.get("/letters/stats/?date_from=2026-11-01&date_to=2026-11-30")
    assert page.status_code == 200 and "县住房和城乡建设局" in page.content.decode()
    assert "办件统计" in page.content.decode()
    assert client.get("/letters/stats/?date_from=bad").status_code == 400


def test_an_overdue_letter_shows_red_in_the_list(client, carry, people):
    from backend.supervision.services import clocks_sweep

    letter = carry("screen")  # a consultation: 5 working days from 2 November
    clocks_sweep(now=at(2026, 11, 12, 9))
    client.force_login(people["clerk"])
    page = client.get("/letters/").content.decode()
    assert letter.case.number in page and "clock-red" in page and "2026-11-09" in page


def test_attachments_are_downloaded_only_by_staff_who_see_the_letter(client, mailbox, people, housing):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests import factories
    from tests.letters.conftest import LETTER
    from workflows import letters as flow

    with pinned(at(2026, 11, 2, 9)):
        letter = flow.letter_write(mailbox_code=mailbox.code, data=LETTER, now=at(2026, 11, 2, 9),
                                   files=[SimpleUploadedFile("现场照片.pdf", factories.PDF)])
    att = letter.attachments.get()
    url = f"/letters/{letter.case.number}/attachments/{att.pk}/"
    client.force_login(people["clerk"])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == factories.PDF
    client.force_login(people["water_staff"])
    assert client.get(url).status_code == 404
